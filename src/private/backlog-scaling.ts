import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';

/*
 * What an instance count's backlog scaling needs from the endpoint that created it (not members of
 * the public class: jsii would publish them): the async endpoint's backlog metrics and the
 * scalable target's minimum.
 */

/** The async endpoint behind a scalable instance count. */
export interface BacklogContext {
  /** Whether the endpoint's configuration is for asynchronous inference (undefined: not known, imported). */
  readonly asyncInference?: boolean;
  /** The minimum capacity of the scalable target. */
  readonly minCapacity: number;
  /** `ApproximateBacklogSizePerInstance` (Average) of the endpoint. */
  readonly backlogPerInstance: (props?: cloudwatch.MetricOptions) => cloudwatch.Metric;
  /** `HasBacklogWithoutCapacity` (Maximum) of the endpoint. */
  readonly hasBacklogWithoutCapacity: (props?: cloudwatch.MetricOptions) => cloudwatch.Metric;
}

const CONTEXTS = new WeakMap<object, BacklogContext>();

/** Record the endpoint side of a scalable instance count. */
export function setBacklogContext(attribute: object, context: BacklogContext): void {
  CONTEXTS.set(attribute, context);
}

/** The endpoint side of a scalable instance count, if this library created it. */
export function backlogContext(attribute: object): BacklogContext | undefined {
  return CONTEXTS.get(attribute);
}
