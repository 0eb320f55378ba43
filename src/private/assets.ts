import { Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { fail } from './errors';
import { problem } from './rules/rule';

/**
 * The asset of a `fromAsset()` factory: created by the first bind, reused by the next ones in the
 * same stack, an error in another stack (an asset belongs to one stack).
 *
 * @param scope the scope of this bind
 * @param asset the asset of an earlier bind, if any
 * @param create creates the asset in `scope`
 * @param factory the call that made the factory, for the message (`ModelData.fromAsset('x')`)
 * @param kind what the asset is, for the message (`an asset image`)
 * @param owner the class to create once per stack, for the message (`ModelData`)
 */
export function assetForStack<T extends IConstruct>(scope: IConstruct, asset: T | undefined, create: () => T,
  factory: string, kind: string, owner: string): T {
  if (!asset) {
    return create();
  }
  const stack = Stack.of(asset).node.path;
  if (Stack.of(asset) !== Stack.of(scope)) {
    fail(scope, 'asset.stack', problem(`${factory} is already used by a model in stack '${stack}'; ${kind} can only be used within one stack`,
      'stack', `'${Stack.of(scope).node.path}'`, `'${stack}': create one ${owner} per stack`));
  }
  return asset;
}
