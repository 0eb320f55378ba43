import type { Duration } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';

/**
 * How one recommended alarm is built: on or off, and its threshold and evaluation. Every field has
 * the default of the alarm it configures, listed in the README's "Recommended alarms" table.
 */
export interface RecommendedAlarmOptions {
  /**
   * Create this alarm. Turning on an alarm for a variant or component that does not publish its
   * metric (a GPU alarm on a CPU instance type, spillover without provisioned concurrency) is a
   * synth error: it could never fire.
   *
   * @default - true where the variant or component publishes the metric
   */
  readonly enabled?: boolean;

  /**
   * The threshold, in the alarm's unit: percent for error rates and utilization (0 to 100, per
   * vCPU or GPU where CloudWatch sums over them), a count for `Sum` alarms. A threshold the metric
   * can never exceed is a synth error.
   *
   * @default - the alarm's default (README)
   */
  readonly threshold?: number;

  /**
   * The number of periods over which the metric is compared with the threshold.
   *
   * @default - the alarm's default (README)
   */
  readonly evaluationPeriods?: number;

  /**
   * The number of breaching periods among `evaluationPeriods` that puts the alarm in ALARM.
   *
   * @default - the alarm's default (README)
   */
  readonly datapointsToAlarm?: number;

  /**
   * How periods without data count.
   *
   * @default TreatMissingData.NOT_BREACHING (no traffic is not an incident)
   */
  readonly treatMissingData?: cloudwatch.TreatMissingData;
}

/**
 * A latency alarm: a percentile of `ModelLatency` compared with a duration.
 */
export interface LatencyAlarmOptions {
  /**
   * Create this alarm.
   *
   * @default true
   */
  readonly enabled?: boolean;

  /**
   * The latency that puts the alarm in ALARM. Whole milliseconds or more; CloudWatch publishes
   * `ModelLatency` in microseconds and the alarm compares it in microseconds.
   *
   * @default - 80 % of the invocation timeout: 48 seconds for real-time, serverless and
   * inference-component invocations (60-second timeout), 12 minutes for asynchronous ones
   * (15-minute default timeout)
   */
  readonly threshold?: Duration;

  /**
   * The percentile compared with the threshold, above 0 and below 100.
   *
   * @default 90
   */
  readonly percentile?: number;

  /**
   * The number of periods over which the metric is compared with the threshold.
   *
   * @default 5
   */
  readonly evaluationPeriods?: number;

  /**
   * The number of breaching periods among `evaluationPeriods` that puts the alarm in ALARM.
   *
   * @default 3
   */
  readonly datapointsToAlarm?: number;

  /**
   * How periods without data count.
   *
   * @default TreatMissingData.NOT_BREACHING
   */
  readonly treatMissingData?: cloudwatch.TreatMissingData;
}

/**
 * What every target's recommended alarms share: their actions, names and period, and the
 * invocation alarms (error rates and latency) that every target publishes.
 */
export interface BaseRecommendedAlarmsOptions {
  /**
   * Actions run when an alarm goes into ALARM (for example `cloudwatch_actions.SnsAction(topic)`).
   *
   * @default - none
   */
  readonly alarmActions?: cloudwatch.IAlarmAction[];

  /**
   * Name the alarms `<prefix>-<variant>-<alarm>` (a variant's) or `<prefix>-<alarm>` (an endpoint's
   * or a component's), for example `churn-prod-AllTraffic-ModelLatency`. Alarm names are unique in
   * an account and region: give each call its own prefix.
   *
   * @default - CloudFormation names each alarm (unique, from the stack and construct path)
   */
  readonly alarmNamePrefix?: string;

  /**
   * Actions run when an alarm returns to OK.
   *
   * @default - none
   */
  readonly okActions?: cloudwatch.IAlarmAction[];

  /**
   * The period of every alarm: 10 s, 30 s or a multiple of 60 s, and not shorter than the
   * endpoint configuration's `metricPublishFrequency` (a shorter period sees data in too few
   * periods to fire).
   *
   * @default - 1 minute, or the configuration's `metricPublishFrequency` when it is longer
   */
  readonly period?: Duration;

  /**
   * The share of requests answered with a 5xx status, in percent: `100 * Invocation5XXErrors /
   * Invocations` (both `Sum`). On an asynchronous endpoint, which does not publish `Invocations`,
   * the `Sum` of `Invocation5XXErrors` (a count per period).
   *
   * @default - above 1 % in 3 of 5 periods; asynchronous: more than 0 in 3 of 5 periods
   */
  readonly invocation5xxErrors?: RecommendedAlarmOptions;

  /**
   * The share of requests answered with a 4xx status, in percent (as `invocation5xxErrors`).
   *
   * @default - above 5 % in 3 of 5 periods; asynchronous: more than 10 in 3 of 5 periods
   */
  readonly invocation4xxErrors?: RecommendedAlarmOptions;

  /**
   * A percentile of `ModelLatency`.
   *
   * @default - p90 above 80 % of the invocation timeout in 3 of 5 periods
   */
  readonly modelLatency?: LatencyAlarmOptions;
}

/**
 * The recommended alarms of an instance variant (`addRecommendedAlarms()` of an
 * `IEndpointInstanceProductionVariant`): the invocation alarms and the instances' utilization.
 */
export interface InstanceVariantAlarmsOptions extends BaseRecommendedAlarmsOptions {
  /**
   * `CPUUtilization` (average) of an instance variant, as a percentage of the instance type's
   * vCPUs (CloudWatch sums it over them: the alarm's threshold is this share times the vCPU count,
   * known from the instance type's size).
   *
   * @default - above 90 % of the vCPUs in 10 of 10 periods
   */
  readonly cpuUtilization?: RecommendedAlarmOptions;

  /**
   * `MemoryUtilization` (average), in percent: of the instances of an instance variant, or of the
   * serverless memory of a serverless variant.
   *
   * @default - above 90 % in 10 of 10 periods
   */
  readonly memoryUtilization?: RecommendedAlarmOptions;

  /**
   * `DiskUtilization` (average) of an instance variant, in percent.
   *
   * @default - above 90 % in 10 of 10 periods
   */
  readonly diskUtilization?: RecommendedAlarmOptions;

  /**
   * `GPUUtilization` (average) of an instance variant on a GPU instance type, as a percentage of
   * its GPUs (the threshold is this share times the GPU count). Not created for CPU types.
   *
   * @default - above 90 % of the GPUs in 10 of 10 periods
   */
  readonly gpuUtilization?: RecommendedAlarmOptions;

  /**
   * `GPUMemoryUtilization` (average) of an instance variant on a GPU instance type, as a
   * percentage of its GPUs' memory.
   *
   * @default - above 90 % in 10 of 10 periods
   */
  readonly gpuMemoryUtilization?: RecommendedAlarmOptions;
}

/**
 * The recommended alarms of a serverless variant: the invocation alarms, its memory and the
 * spillover of its provisioned concurrency.
 */
export interface ServerlessVariantAlarmsOptions extends BaseRecommendedAlarmsOptions {
  /**
   * Serverless variants with provisioned concurrency: requests beyond it, served on demand with a
   * cold start (`ServerlessProvisionedConcurrencySpilloverInvocations`, `Sum`).
   *
   * @default - more than 0 in 3 of 5 periods
   */
  readonly provisionedConcurrencySpillover?: RecommendedAlarmOptions;

  /**
   * `MemoryUtilization` (average), in percent of the variant's serverless memory.
   *
   * @default - above 90 % in 10 of 10 periods
   */
  readonly memoryUtilization?: RecommendedAlarmOptions;
}

/**
 * The recommended alarms of an endpoint (`Endpoint.addRecommendedAlarms()`): those of each of its
 * variants, instance or serverless, and the endpoint's own.
 */
export interface EndpointAlarmsOptions extends InstanceVariantAlarmsOptions, ServerlessVariantAlarmsOptions {
  /**
   * Asynchronous endpoints (`Endpoint.addRecommendedAlarms()`): requests are queued and no
   * instance runs (`HasBacklogWithoutCapacity`, `Maximum`), for longer than a scale-out from zero
   * takes.
   *
   * @default - at least 1 in 15 of 15 periods
   */
  readonly backlogWithoutCapacity?: RecommendedAlarmOptions;
}

/**
 * The recommended alarms of an inference component: the invocation alarms, failures for want of a
 * copy, and the utilization of what its copies reserve.
 */
export interface InferenceComponentAlarmsOptions extends BaseRecommendedAlarmsOptions {
  /**
   * Inference components: requests that failed because no copy was running
   * (`NoCapacityInvocationFailures`, `Sum`), for longer than a copy takes to start.
   *
   * @default - more than 0 in 10 of 10 periods
   */
  readonly noCapacityInvocationFailures?: RecommendedAlarmOptions;

  /**
   * Inference components: `CPUUtilizationNormalized` (average), the share of the reserved CPU
   * cores in use, in percent.
   *
   * @default - above 90 % in 10 of 10 periods
   */
  readonly cpuUtilizationNormalized?: RecommendedAlarmOptions;

  /**
   * Inference components: `MemoryUtilizationNormalized` (average), in percent of the reserved memory.
   *
   * @default - above 90 % in 10 of 10 periods
   */
  readonly memoryUtilizationNormalized?: RecommendedAlarmOptions;

  /**
   * Inference components that reserve accelerators: `GPUUtilizationNormalized` (average), in percent.
   *
   * @default - above 90 % in 10 of 10 periods
   */
  readonly gpuUtilizationNormalized?: RecommendedAlarmOptions;

  /**
   * Inference components that reserve accelerators: `GPUMemoryUtilizationNormalized` (average), in percent.
   *
   * @default - above 90 % in 10 of 10 periods
   */
  readonly gpuMemoryUtilizationNormalized?: RecommendedAlarmOptions;
}

/**
 * The options of every target's recommended alarms together (`addRecommendedAlarms()` of any
 * target takes these): the fields of alarms that do not apply to the target are ignored (a warning
 * says so) unless they turn the alarm on (an error).
 */
export interface RecommendedAlarmsOptions extends EndpointAlarmsOptions, InferenceComponentAlarmsOptions {
}

/**
 * The inference server of a model, whose own metrics SageMaker's detailed observability publishes
 * to CloudWatch (queryable with PromQL).
 */
export enum InferenceFramework {
  /** vLLM: metrics prefixed `vllm:`. */
  VLLM = 'vllm',
  /** SGLang: metrics prefixed `sglang:`. */
  SGLANG = 'sglang',
}

/**
 * An alarm on time to first token, from the inference server's histogram that detailed
 * observability publishes (`<framework>:time_to_first_token_seconds`).
 */
export interface TimeToFirstTokenAlarmOptions {
  /** The inference server of the model, which names the metric. */
  readonly framework: InferenceFramework;

  /**
   * The time to first token that puts the alarm in ALARM: at least 1 millisecond.
   *
   * @default Duration.seconds(2)
   */
  readonly threshold?: Duration;

  /**
   * The percentile compared with the threshold, above 0 and below 100.
   *
   * @default 90
   */
  readonly percentile?: number;

  /**
   * How long the percentile must stay above the threshold before the alarm goes into ALARM.
   *
   * @default Duration.minutes(3)
   */
  readonly pendingPeriod?: Duration;
}

/**
 * PromQL alarms on SageMaker's detailed observability metrics (`addDetailedObservabilityAlarms()`):
 * what only those metrics show. The endpoint configuration must not turn detailed observability off.
 */
export interface DetailedObservabilityAlarmsOptions {
  /**
   * Actions run when an alarm goes into ALARM.
   *
   * @default - none
   */
  readonly alarmActions?: cloudwatch.IAlarmAction[];

  /**
   * Name the alarms `<prefix>-<variant>-<alarm>` or `<prefix>-<alarm>`, as
   * `RecommendedAlarmsOptions.alarmNamePrefix` does. Give each call its own prefix.
   *
   * @default - CloudFormation names each alarm
   */
  readonly alarmNamePrefix?: string;

  /**
   * How often the alarms evaluate their query: 10 seconds to 1 hour.
   *
   * @default Duration.minutes(1)
   */
  readonly evaluationInterval?: Duration;

  /**
   * An alarm on the time to first token of the model's inference server (per component, or per
   * variant on an endpoint without components).
   *
   * @default - none: the alarm needs the inference server
   */
  readonly timeToFirstToken?: TimeToFirstTokenAlarmOptions;

  /**
   * An alarm on insufficient-capacity errors (`ICECount`) of the endpoint: SageMaker could not get
   * the instances a scale-out or deployment asked for. `Endpoint.addDetailedObservabilityAlarms()` only.
   *
   * @default true
   */
  readonly insufficientCapacity?: boolean;
}
