import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';

/*
 * What a scalable attribute created by an endpoint variant knows of that variant. The library's
 * subclasses (`private/variant-scaling.ts`) take it through their constructor and answer it through
 * the `@internal` methods of the public classes; a ScalableInstanceCount made by hand has none.
 */

/** The variant behind a scalable attribute. */
export interface VariantContext {
  /** The variant's name (messages name the property `variant '<name>' <property>`). */
  readonly variantName: string;
}

/** The instance variant behind a scalable instance count. */
export interface InstanceScalingContext extends VariantContext {
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
