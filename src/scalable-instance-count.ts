import { Duration } from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { fail } from './private/errors';
import { SCALING_LIMITS } from './private/rules/limits';
import { enforce, ofVariant, py } from './private/rules/rule';
import {
  BACKLOG_TARGET, CONCURRENT_REQUESTS_TARGET, INVOCATIONS_TARGET, PROVISIONED_UTILIZATION_TARGET, UTILIZATION_TARGET,
} from './private/rules/scaling';
import type { InstanceScalingContext, VariantContext } from './private/scaling-context';

/**
 * The properties of a scalable attribute representing task count.
 */
export interface ScalableInstanceCountProps extends appscaling.BaseScalableAttributeProps {
}

/** Target tracking on a predefined or a custom metric, with the caller's policy options. */
function tracking(
  props: appscaling.BaseTargetTrackingProps,
  metric: appscaling.PredefinedMetric | cloudwatch.IMetric,
  targetValue: number,
): appscaling.BasicTargetTrackingScalingPolicyProps {
  return {
    policyName: props.policyName,
    disableScaleIn: props.disableScaleIn,
    scaleInCooldown: props.scaleInCooldown,
    scaleOutCooldown: props.scaleOutCooldown,
    targetValue,
    ...typeof metric === 'string' ? { predefinedMetric: metric } : { customMetric: metric },
  };
}

/**
 * Scaling an async endpoint's instance count on its queue (`scaleOnBacklogSize()`).
 */
export interface BacklogScalingProps extends appscaling.BaseTargetTrackingProps {
  /**
   * The queued requests per instance to keep (`ApproximateBacklogSizePerInstance`, Average): the
   * target of the target-tracking policy. Above 0.
   */
  readonly targetBacklogPerInstance: number;

  /**
   * With a minimum capacity of 0, how long SageMaker waits after scaling out from zero before it
   * scales out again on `HasBacklogWithoutCapacity`.
   *
   * @default Duration.minutes(5)
   */
  readonly scaleOutFromZeroCooldown?: Duration;
}

/**
 * Properties for enabling SageMaker Endpoint utilization tracking
 */
export interface InvocationsScalingProps extends appscaling.BaseTargetTrackingProps {
  /**
   * Max RPS per instance used for calculating the target SageMaker variant invocation per instance
   *
   * The target is `maxRequestsPerSecond × 60 × safetyFactor` invocations per instance per minute.
   *
   * @see https://docs.aws.amazon.com/sagemaker/latest/dg/endpoint-scaling-loadtest.html
   */
  readonly maxRequestsPerSecond: number;

  /**
   * Safety factor for calculating the target SageMaker variant invocation per instance:
   * greater than 0 and at most 1.
   *
   * @see https://docs.aws.amazon.com/sagemaker/latest/dg/endpoint-scaling-loadtest.html
   * @default 0.5
   */
  readonly safetyFactor?: number;
}

/**
 * Properties for scaling on the concurrent requests per model (high-resolution metric).
 */
export interface ConcurrentRequestsScalingProps extends appscaling.BaseTargetTrackingProps {
  /**
   * The target number of concurrent requests per model copy.
   */
  readonly targetConcurrentRequests: number;
}

/**
 * Scaling a variant's instance count on its CPU utilization (`scaleOnCpuUtilization()`).
 */
export interface CpuUtilizationScalingProps extends appscaling.BaseTargetTrackingProps {
  /**
   * The `CPUUtilization` (Average) to keep, in percent. SageMaker adds up the utilization of each
   * vCPU, so the metric runs from 0 to 100 × the instance's vCPUs (an instance with 4 vCPUs fully
   * used reports 400): for 70 % of such an instance, the target is 280. Above 0.
   */
  readonly targetUtilizationPercent: number;
}

/**
 * Scaling a variant's instance count on its GPU utilization (`scaleOnGpuUtilization()`).
 */
export interface GpuUtilizationScalingProps extends appscaling.BaseTargetTrackingProps {
  /**
   * The `GPUUtilization` (Average) to keep, in percent. SageMaker adds up the utilization of each
   * GPU, so the metric runs from 0 to 100 × the instance's GPUs: for 70 % of an instance with 4
   * GPUs, the target is 280. Above 0.
   */
  readonly targetUtilizationPercent: number;
}

/**
 * What the scalable attributes of a variant share: the constructor and scheduled scaling. Not
 * exported (jsii merges its members into each subclass, so the public API is unchanged).
 */
abstract class VariantScalableAttribute extends appscaling.BaseScalableAttribute {
  /**
   * @param scope the scope
   * @param id the construct id
   * @param props the scalable target's properties
   */
  constructor(scope: Construct, id: string, props: ScalableInstanceCountProps) {
    super(scope, id, props);
  }

  /**
   * The variant this attribute scales, when an endpoint variant created it (none when made by hand).
   *
   * @internal
   */
  protected _variantContext(): VariantContext | undefined {
    return undefined;
  }

  /**
   * The policy property as messages name it: `variant '<name>' <property>` when the variant is known.
   *
   * @internal
   */
  protected _scaledProperty(property: string): string {
    const variant = this._variantContext()?.variantName;
    return variant === undefined ? property : ofVariant(variant, property);
  }

  /**
   * Scales to a capacity range on a schedule.
   *
   * @param id the construct id of the scheduled action
   * @param props the schedule and capacities
   */
  public scaleOnSchedule(id: string, props: appscaling.ScalingSchedule): void {
    this.doScaleOnSchedule(id, props);
  }
}

/**
 * A scalable sagemaker endpoint attribute
 *
 * The instance count of one instance production variant (`sagemaker:variant:DesiredInstanceCount`).
 */
export class ScalableInstanceCount extends VariantScalableAttribute {
  /**
   * The instance variant this count scales, when its `autoScaleInstanceCount()` created it: its
   * backlog and utilization metrics, instance types and minimum (none when made by hand).
   *
   * @internal
   */
  protected _instanceContext(): InstanceScalingContext | undefined {
    return undefined;
  }

  /**
   * Scales in or out to achieve a target requests per second per instance.
   *
   * Target tracking on `SageMakerVariantInvocationsPerInstance` with target value
   * `maxRequestsPerSecond × 60 × safetyFactor`.
   *
   * @param id the construct id of the scaling policy
   * @param props the target
   */
  public scaleOnInvocations(id: string, props: InvocationsScalingProps): void {
    this.doScaleToTrackMetric(id, tracking(props,
      appscaling.PredefinedMetric.SAGEMAKER_VARIANT_INVOCATIONS_PER_INSTANCE, this.invocationsTarget(props)));
  }

  /**
   * Scales in or out to keep the concurrent requests per model near a target.
   *
   * Target tracking on `SageMakerVariantConcurrentRequestsPerModelHighResolution`.
   *
   * @param id the construct id of the scaling policy
   * @param props the target
   */
  public scaleOnConcurrentRequests(id: string, props: ConcurrentRequestsScalingProps): void {
    enforce(this, CONCURRENT_REQUESTS_TARGET, { property: this._scaledProperty('targetConcurrentRequests'), target: props.targetConcurrentRequests });
    this.doScaleToTrackMetric(id, tracking(props,
      appscaling.PredefinedMetric.SAGEMAKER_VARIANT_CONCURRENT_REQUESTS_PER_MODEL_HIGH_RESOLUTION, props.targetConcurrentRequests));
  }

  /**
   * Scales an async endpoint in or out to keep its queue near a target per instance: target
   * tracking on `ApproximateBacklogSizePerInstance` (`AWS/SageMaker`, `EndpointName`, Average).
   *
   * With `minCapacity: 0` the endpoint scales in to zero instances when the queue is empty, and a
   * step scaling policy on `HasBacklogWithoutCapacity` (Maximum, 1 minute) adds the first instance
   * when a request arrives while there is none (target tracking cannot scale out from zero).
   *
   * @see https://docs.aws.amazon.com/sagemaker/latest/dg/async-inference-autoscale.html
   * @param id the construct id of the scaling policy
   * @param props the target
   */
  public scaleOnBacklogSize(id: string, props: BacklogScalingProps): void {
    const context = this._instanceContext();
    enforce(this, BACKLOG_TARGET, {
      property: this._scaledProperty('targetBacklogPerInstance'),
      target: props.targetBacklogPerInstance,
      asyncInference: context?.asyncInference,
    });
    if (!context) {
      fail(this, 'scaling.backlog.context', 'scaleOnBacklogSize() (scale_on_backlog_size()) needs the ScalableInstanceCount of an endpoint variant (autoScaleInstanceCount(), auto_scale_instance_count())');
    }
    this.doScaleToTrackMetric(id, tracking(props, context.backlogPerInstance(), props.targetBacklogPerInstance));
    if (context.minCapacity === 0) {
      this.doScaleOnMetric(`${id}FromZero`, {
        metric: context.hasBacklogWithoutCapacity({ period: Duration.minutes(1) }),
        adjustmentType: appscaling.AdjustmentType.CHANGE_IN_CAPACITY,
        // no alarm below 1: only the step from no capacity to one instance
        scalingSteps: [{ upper: 0, change: 0 }, { lower: 1, change: 1 }],
        cooldown: props.scaleOutFromZeroCooldown ?? Duration.minutes(5),
        evaluationPeriods: 1,
      });
    }
  }

  /**
   * Scales in or out to keep the variant's CPU utilization near a target: target tracking on
   * `CPUUtilization` (`/aws/sagemaker/Endpoints`, `EndpointName` and `VariantName`, Average).
   *
   * @param id the construct id of the scaling policy
   * @param props the target
   */
  public scaleOnCpuUtilization(id: string, props: CpuUtilizationScalingProps): void {
    this.scaleOnUtilization(id, props, 'cpu');
  }

  /**
   * Scales in or out to keep the variant's GPU utilization near a target: target tracking on
   * `GPUUtilization` (`/aws/sagemaker/Endpoints`, `EndpointName` and `VariantName`, Average). Only
   * GPU instances publish it.
   *
   * @param id the construct id of the scaling policy
   * @param props the target
   */
  public scaleOnGpuUtilization(id: string, props: GpuUtilizationScalingProps): void {
    this.scaleOnUtilization(id, props, 'gpu');
  }

  /**
   * Scales in or out to keep any metric near a target (target tracking).
   *
   * @param id the construct id of the scaling policy
   * @param props the metric and target
   */
  public scaleToTrackMetric(id: string, props: appscaling.BasicTargetTrackingScalingPolicyProps): void {
    this.doScaleToTrackMetric(id, props);
  }

  /**
   * Scales in or out in steps based on a metric (step scaling).
   *
   * @param id the construct id of the scaling policy
   * @param props the metric and steps
   */
  public scaleOnMetric(id: string, props: appscaling.BasicStepScalingPolicyProps): void {
    this.doScaleOnMetric(id, props);
  }

  private scaleOnUtilization(id: string, props: CpuUtilizationScalingProps, unit: 'cpu' | 'gpu'): void {
    const context = this._instanceContext();
    enforce(this, UTILIZATION_TARGET, {
      property: this._scaledProperty('targetUtilizationPercent'),
      target: props.targetUtilizationPercent,
      unit,
      instanceTypes: context?.instanceTypes ?? [],
    });
    if (!context) {
      fail(this, 'scaling.utilization.context', `${py(`scaleOn${unit === 'cpu' ? 'Cpu' : 'Gpu'}Utilization()`)} needs the ScalableInstanceCount of an endpoint variant (autoScaleInstanceCount(), auto_scale_instance_count())`);
    }
    this.doScaleToTrackMetric(id, tracking(props, unit === 'cpu' ? context.cpuUtilization() : context.gpuUtilization(),
      props.targetUtilizationPercent));
  }

  private invocationsTarget(props: InvocationsScalingProps): number {
    const safetyFactor = props.safetyFactor ?? 0.5;
    const rps = props.maxRequestsPerSecond;
    enforce(this, INVOCATIONS_TARGET, { maxRequestsPerSecond: rps, safetyFactor, property: (name: string) => this._scaledProperty(name) });
    return safetyFactor * rps * SCALING_LIMITS.secondsPerMinute;
  }
}

/**
 * Properties for scaling provisioned concurrency on its utilization.
 */
export interface ProvisionedConcurrencyScalingProps extends appscaling.BaseTargetTrackingProps {
  /**
   * The target utilization of the provisioned concurrency, as a fraction: greater than 0 and at
   * most 1 (for example 0.7).
   */
  readonly targetUtilization: number;
}

/**
 * The provisioned concurrency of a serverless production variant
 * (`sagemaker:variant:DesiredProvisionedConcurrency`).
 *
 * @see https://docs.aws.amazon.com/sagemaker/latest/dg/serverless-endpoints-autoscale.html
 */
export class ScalableProvisionedConcurrency extends VariantScalableAttribute {

  /**
   * Scales in or out to keep the provisioned concurrency utilization near a target.
   *
   * Target tracking on `SageMakerVariantProvisionedConcurrencyUtilization`.
   *
   * @param id the construct id of the scaling policy
   * @param props the target
   */
  public scaleOnUtilization(id: string, props: ProvisionedConcurrencyScalingProps): void {
    const t = props.targetUtilization;
    enforce(this, PROVISIONED_UTILIZATION_TARGET, { property: this._scaledProperty('targetUtilization'), target: t });
    this.doScaleToTrackMetric(id, tracking(props,
      appscaling.PredefinedMetric.SAGEMAKER_VARIANT_PROVISIONED_CONCURRENCY_UTILIZATION, t));
  }
}
