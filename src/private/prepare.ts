import { AspectPriority, Aspects } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * Run `decide` once, when the app's tree is prepared for synthesis: after the app has added everything
 * (a variant added late counts), before checking aspects (cdk-nag's) and validation. For what the
 * library decides from the whole construct, such as an acknowledgement; validation only validates.
 */
export function whenPrepared(construct: IConstruct, decide: () => void): void {
  let done = false;
  Aspects.of(construct).add({
    visit: (node: IConstruct) => {
      if (node === construct && !done) {
        done = true;
        decide();
      }
    },
  }, { priority: AspectPriority.MUTATING });
}
