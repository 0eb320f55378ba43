import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';

/*
 * What an instance count's policies need from the endpoint variant that created it (not members of
 * the public class: jsii would publish them): the async endpoint's backlog metrics, the variant's
 * utilization metrics and instance types, and the scalable target's minimum.
 */

/** The endpoint variant behind a scalable instance count. */
export interface ScalingContext {
  /** Whether the endpoint's configuration is for asynchronous inference (undefined: not known, imported). */
  readonly asyncInference?: boolean;
  /** The minimum capacity of the scalable target. */
  readonly minCapacity: number;
  /** The instance types the variant may run on (its type, or its pools' types); empty when not known. */
  readonly instanceTypes: readonly string[];
  /** `ApproximateBacklogSizePerInstance` (Average) of the endpoint. */
  readonly backlogPerInstance: (props?: cloudwatch.MetricOptions) => cloudwatch.Metric;
  /** `HasBacklogWithoutCapacity` (Maximum) of the endpoint. */
  readonly hasBacklogWithoutCapacity: (props?: cloudwatch.MetricOptions) => cloudwatch.Metric;
  /** `CPUUtilization` (Average) of the variant. */
  readonly cpuUtilization: (props?: cloudwatch.MetricOptions) => cloudwatch.Metric;
  /** `GPUUtilization` (Average) of the variant. */
  readonly gpuUtilization: (props?: cloudwatch.MetricOptions) => cloudwatch.Metric;
}

const CONTEXTS = new WeakMap<object, ScalingContext>();

/** Record the variant side of a scalable instance count. */
export function setScalingContext(attribute: object, context: ScalingContext): void {
  CONTEXTS.set(attribute, context);
}

/** The variant side of a scalable instance count, if this library created it. */
export function scalingContext(attribute: object): ScalingContext | undefined {
  return CONTEXTS.get(attribute);
}
