import { Duration } from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { SCALING_LIMITS } from './private/rules/limits';
import { enforce } from './private/rules/rule';
import { CONCURRENT_REQUESTS_TARGET, INVOCATIONS_TARGET } from './private/rules/scaling';
import type { ConcurrentRequestsScalingProps, InvocationsScalingProps } from './scalable-instance-count';

/**
 * The copy-count autoscaling of an inference component (`autoScaleCopyCount()`).
 */
export interface CopyCountScalingProps {
  /**
   * The fewest copies: 0 or more. 0 scales the component to zero copies when it has no traffic,
   * and adds a step scaling policy on `NoCapacityInvocationFailures` that brings the first copy
   * back when a request arrives (target tracking cannot scale out from zero). For the instances to
   * scale to zero too, give the variant `managedInstanceScaling` with `minInstanceCount: 0`.
   *
   * @default 1
   */
  readonly minCapacity?: number;

  /** The most copies: 1 or more, and at least `minCapacity`. */
  readonly maxCapacity: number;

  /**
   * With `minCapacity: 0`, how long Application Auto Scaling waits after adding the first copy
   * before it adds another on `NoCapacityInvocationFailures`.
   *
   * @default Duration.minutes(5)
   */
  readonly scaleOutFromZeroCooldown?: Duration;
}

/**
 * The properties of the scalable copy count of an inference component.
 */
export interface ScalableCopyCountProps extends appscaling.BaseScalableAttributeProps {
}

/**
 * The copy count of an inference component (`sagemaker:inference-component:DesiredCopyCount`),
 * scaled by Application Auto Scaling: target tracking on invocations or concurrent requests per
 * copy, custom metrics, steps and schedules.
 *
 * @see https://docs.aws.amazon.com/sagemaker/latest/dg/realtime-endpoints-autoscale.html
 */
export class ScalableCopyCount extends appscaling.BaseScalableAttribute {
  /**
   * @param scope the scope
   * @param id the construct id
   * @param props the scalable target's properties
   */
  constructor(scope: Construct, id: string, props: ScalableCopyCountProps) {
    super(scope, id, props);
  }

  /**
   * Scales in or out to keep the invocations per copy near a target: target tracking on
   * `SageMakerInferenceComponentInvocationsPerCopy` with target value
   * `maxRequestsPerSecond × 60 × safetyFactor` (invocations per copy per minute).
   *
   * @param id the construct id of the scaling policy
   * @param props the load-tested maximum per copy and the safety factor
   */
  public scaleOnInvocations(id: string, props: InvocationsScalingProps): void {
    const safetyFactor = props.safetyFactor ?? 0.5;
    enforce(this, INVOCATIONS_TARGET, { maxRequestsPerSecond: props.maxRequestsPerSecond, safetyFactor, property: (name: string) => name });
    this.track(id, props, appscaling.PredefinedMetric.SAGEMAKER_INFERENCE_COMPONENT_INVOCATIONS_PER_COPY,
      safetyFactor * props.maxRequestsPerSecond * SCALING_LIMITS.secondsPerMinute);
  }

  /**
   * Scales in or out to keep the concurrent requests per copy near a target: target tracking on
   * `SageMakerInferenceComponentConcurrentRequestsPerCopyHighResolution`.
   *
   * @param id the construct id of the scaling policy
   * @param props the target
   */
  public scaleOnConcurrentRequests(id: string, props: ConcurrentRequestsScalingProps): void {
    enforce(this, CONCURRENT_REQUESTS_TARGET, { property: 'targetConcurrentRequests', target: props.targetConcurrentRequests });
    this.track(id, props, appscaling.PredefinedMetric.SAGEMAKER_INFERENCE_COMPONENT_CONCURRENT_REQUESTS_PER_COPY_HIGH_RESOLUTION,
      props.targetConcurrentRequests);
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

  /**
   * Scales to a capacity range on a schedule.
   *
   * @param id the construct id of the scheduled action
   * @param props the schedule and capacities
   */
  public scaleOnSchedule(id: string, props: appscaling.ScalingSchedule): void {
    this.doScaleOnSchedule(id, props);
  }

  /**
   * Adds the step scaling policy that brings the first copy back: one copy when
   * `NoCapacityInvocationFailures` (Maximum, 1 minute) is 1 or more, nothing below.
   *
   * @internal
   */
  public _scaleOutFromZero(metric: cloudwatch.IMetric, cooldown: Duration | undefined): void {
    this.doScaleOnMetric('ScaleOutFromZero', {
      metric,
      adjustmentType: appscaling.AdjustmentType.CHANGE_IN_CAPACITY,
      // no alarm below 1: only the step from no copy to one
      scalingSteps: [{ upper: 0, change: 0 }, { lower: 1, change: 1 }],
      cooldown: cooldown ?? Duration.minutes(5),
      evaluationPeriods: 1,
    });
  }

  private track(id: string, props: appscaling.BaseTargetTrackingProps, predefinedMetric: appscaling.PredefinedMetric, targetValue: number): void {
    this.doScaleToTrackMetric(id, {
      policyName: props.policyName,
      disableScaleIn: props.disableScaleIn,
      scaleInCooldown: props.scaleInCooldown,
      scaleOutCooldown: props.scaleOutCooldown,
      targetValue,
      predefinedMetric,
    });
  }
}
