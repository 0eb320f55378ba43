import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type { DetailedObservabilityAlarmsOptions, InstanceVariantAlarmsOptions, ServerlessVariantAlarmsOptions } from './recommended-alarms';
import type { ScalableInstanceCount, ScalableProvisionedConcurrency } from './scalable-instance-count';

/**
 * HTTP response codes for Endpoint invocations
 */
export enum InvocationHttpResponseCode {
  /**
   * 4xx response codes from Endpoint invocations
   */
  INVOCATION_4XX_ERRORS = 'Invocation4XXErrors',

  /**
   * 5xx response codes from Endpoint invocations
   */
  INVOCATION_5XX_ERRORS = 'Invocation5XXErrors',
}

/**
 * Represents the features common to all production variant types (e.g., instance, serverless) that
 * have been associated with an endpoint.
 */
export interface IEndpointProductionVariant {
  /**
   * The name of the production variant.
   */
  readonly variantName: string;

  /**
   * Return the given named metric for Endpoint, with dimensions `EndpointName` and `VariantName`.
   *
   * @param namespace the CloudWatch namespace, e.g. `AWS/SageMaker` or `/aws/sagemaker/Endpoints`
   * @param metricName the metric name
   * @param props options (the caller's win)
   * @default - sum over 5 minutes
   */
  metric(namespace: string, metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric;

  /**
   * Metric for the number of invocations (`AWS/SageMaker` `Invocations`, count).
   *
   * @default - sum over 5 minutes
   */
  metricInvocations(props?: cloudwatch.MetricOptions): cloudwatch.Metric;

  /**
   * Metric for model latency (`AWS/SageMaker` `ModelLatency`, microseconds).
   *
   * @default - average over 5 minutes
   */
  metricModelLatency(props?: cloudwatch.MetricOptions): cloudwatch.Metric;

  /**
   * Metric for overhead latency (`AWS/SageMaker` `OverheadLatency`, microseconds).
   *
   * @default - average over 5 minutes
   */
  metricOverheadLatency(props?: cloudwatch.MetricOptions): cloudwatch.Metric;

  /**
   * Metric for the number of invocations by HTTP response code (`Invocation4XXErrors` or
   * `Invocation5XXErrors`, count).
   *
   * @default - sum over 5 minutes
   */
  metricInvocationResponseCode(responseCode: InvocationHttpResponseCode, props?: cloudwatch.MetricOptions): cloudwatch.Metric;

  /**
   * Metric for requests answered with a 4xx code (`AWS/SageMaker` `Invocation4XXErrors`, count).
   *
   * @default - sum over 5 minutes
   */
  metricInvocation4xxErrors(props?: cloudwatch.MetricOptions): cloudwatch.Metric;

  /**
   * Metric for requests answered with a 5xx code (`AWS/SageMaker` `Invocation5XXErrors`, count).
   *
   * @default - sum over 5 minutes
   */
  metricInvocation5xxErrors(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
}

/**
 * Represents an instance production variant that has been associated with an endpoint.
 */
export interface IEndpointInstanceProductionVariant extends IEndpointProductionVariant {
  /**
   * Metric for the number of invocations per instance (`AWS/SageMaker` `InvocationsPerInstance`).
   *
   * @default - sum over 5 minutes
   */
  metricInvocationsPerInstance(props?: cloudwatch.MetricOptions): cloudwatch.Metric;

  /**
   * Metric for invocations that failed in the model: non-2xx responses, timeouts, socket errors
   * (`AWS/SageMaker` `InvocationModelErrors`, count).
   *
   * @default - sum over 5 minutes
   */
  metricInvocationModelErrors(props?: cloudwatch.MetricOptions): cloudwatch.Metric;

  /**
   * Metric for concurrent requests per model (`AWS/SageMaker` `ConcurrentRequestsPerModel`,
   * high resolution).
   *
   * @default - maximum over 5 minutes
   */
  metricConcurrentRequestsPerModel(props?: cloudwatch.MetricOptions): cloudwatch.Metric;

  /**
   * Metric for disk utilization (`/aws/sagemaker/Endpoints` `DiskUtilization`, percent).
   *
   * @default - average over 5 minutes
   */
  metricDiskUtilization(props?: cloudwatch.MetricOptions): cloudwatch.Metric;

  /**
   * Metric for CPU utilization (`/aws/sagemaker/Endpoints` `CPUUtilization`, percent × vCPUs).
   *
   * @default - average over 5 minutes
   */
  metricCpuUtilization(props?: cloudwatch.MetricOptions): cloudwatch.Metric;

  /**
   * Metric for memory utilization (`/aws/sagemaker/Endpoints` `MemoryUtilization`, percent).
   *
   * @default - average over 5 minutes
   */
  metricMemoryUtilization(props?: cloudwatch.MetricOptions): cloudwatch.Metric;

  /**
   * Metric for GPU utilization (`/aws/sagemaker/Endpoints` `GPUUtilization`, percent × GPUs).
   *
   * @default - average over 5 minutes
   */
  metricGpuUtilization(props?: cloudwatch.MetricOptions): cloudwatch.Metric;

  /**
   * Metric for GPU memory utilization (`/aws/sagemaker/Endpoints` `GPUMemoryUtilization`,
   * percent × GPUs).
   *
   * @default - average over 5 minutes
   */
  metricGpuMemoryUtilization(props?: cloudwatch.MetricOptions): cloudwatch.Metric;

  /**
   * Multi-model endpoints: time a request waited for its model to load
   * (`AWS/SageMaker` `ModelLoadingWaitTime`, microseconds).
   *
   * @default - average over 5 minutes
   */
  metricModelLoadingWaitTime(props?: cloudwatch.MetricOptions): cloudwatch.Metric;

  /**
   * Multi-model endpoints: time to unload a model (`AWS/SageMaker` `ModelUnloadingTime`, microseconds).
   *
   * @default - average over 5 minutes
   */
  metricModelUnloadingTime(props?: cloudwatch.MetricOptions): cloudwatch.Metric;

  /**
   * Multi-model endpoints: time to download a model from S3 (`AWS/SageMaker` `ModelDownloadingTime`,
   * microseconds).
   *
   * @default - average over 5 minutes
   */
  metricModelDownloadingTime(props?: cloudwatch.MetricOptions): cloudwatch.Metric;

  /**
   * Multi-model endpoints: time to load a model (`AWS/SageMaker` `ModelLoadingTime`, microseconds).
   *
   * @default - average over 5 minutes
   */
  metricModelLoadingTime(props?: cloudwatch.MetricOptions): cloudwatch.Metric;

  /**
   * Multi-model endpoints: requests served by an already loaded model; the average is the hit
   * ratio (`AWS/SageMaker` `ModelCacheHit`).
   *
   * @default - average over 5 minutes
   */
  metricModelCacheHit(props?: cloudwatch.MetricOptions): cloudwatch.Metric;

  /**
   * Multi-model endpoints: models loaded in the containers (`/aws/sagemaker/Endpoints`
   * `LoadedModelCount`).
   *
   * @default - average over 5 minutes
   */
  metricLoadedModelCount(props?: cloudwatch.MetricOptions): cloudwatch.Metric;

  /**
   * Enable autoscaling for SageMaker Endpoint production variant
   *
   * `minCapacity` is 1 when unset (as `EnableScalingProps` documents) and must be from 1 to the
   * initial instance count; `maxCapacity` must be at least the initial instance count. Burstable
   * instance types (`ml.t2.*`) cannot be autoscaled; each variant can be autoscaled once.
   *
   * @param scalingProps EnableScalingProps
   */
  autoScaleInstanceCount(scalingProps: appscaling.EnableScalingProps): ScalableInstanceCount;

  /**
   * Creates the recommended CloudWatch alarms of this variant, each only where the variant
   * publishes its metric: the 5XX and 4XX error rates (errors / invocations, or `Sum` counts on an
   * asynchronous endpoint, which does not publish `Invocations`), p90 `ModelLatency`, and
   * CPU, memory, disk and, on GPU instance types, GPU and GPU memory utilization. A variant that
   * hosts inference components gets the utilization alarms only (its components have their own).
   * Each alarm's name and description say the endpoint, the variant and what fired; every one can
   * be re-thresholded or turned off through `options`.
   *
   * The alarms can be handed to `rollbackAlarms` (at most 10), on an endpoint with a literal
   * `endpointName`.
   *
   * @param id the construct id of the alarms' scope, unique among the endpoint's children
   * @param options thresholds, evaluation and actions
   * @returns the alarms created, in the order of the README's table
   */
  addRecommendedAlarms(id: string, options?: InstanceVariantAlarmsOptions): cloudwatch.Alarm[];

  /**
   * Creates PromQL alarms on SageMaker's detailed observability metrics of this variant: the time
   * to first token of its inference server (`options.timeToFirstToken`). The endpoint
   * configuration must not turn detailed observability off.
   *
   * @param id the construct id of the alarms' scope, unique among the endpoint's children
   * @param options the alarms and their actions
   * @returns the alarms created
   */
  addDetailedObservabilityAlarms(id: string, options?: DetailedObservabilityAlarmsOptions): cloudwatch.PromQLAlarm[];

  /**
   * One container of a direct-invocation model (`InferenceExecutionMode.DIRECT`) on this variant,
   * for its metrics: SageMaker publishes them per container with the dimension `ContainerName`
   * (the container's hostname) beside `EndpointName` and `VariantName`.
   *
   * When the variant's model is a `Model` of this library, the hostname must be one of its
   * containers' and the model must use direct invocation; for an imported model any hostname is
   * accepted.
   *
   * @param hostname the container's `containerHostname`
   */
  findContainer(hostname: string): IEndpointVariantContainer;
}

/**
 * A container of a direct-invocation model on an instance production variant: the variant's
 * metrics on the container dimension (`EndpointName`, `VariantName`, `ContainerName`).
 *
 * @see https://docs.aws.amazon.com/sagemaker/latest/dg/multi-container-direct.html
 */
export interface IEndpointVariantContainer extends IEndpointProductionVariant {
  /** The container's hostname: the `ContainerName` dimension of its metrics. */
  readonly containerHostname: string;

  /**
   * Metric for the invocations of this container that returned a model error
   * (`AWS/SageMaker` `InvocationModelErrors`).
   *
   * @default - sum over 5 minutes
   */
  metricInvocationModelErrors(props?: cloudwatch.MetricOptions): cloudwatch.Metric;

  /**
   * Metric for the container's CPU utilization (`/aws/sagemaker/Endpoints` `CPUUtilization`,
   * percent × vCPUs).
   *
   * @default - average over 5 minutes
   */
  metricCpuUtilization(props?: cloudwatch.MetricOptions): cloudwatch.Metric;

  /**
   * Metric for the container's memory utilization (`/aws/sagemaker/Endpoints` `MemoryUtilization`,
   * percent).
   *
   * @default - average over 5 minutes
   */
  metricMemoryUtilization(props?: cloudwatch.MetricOptions): cloudwatch.Metric;

  /**
   * Metric for the container's GPU utilization (`/aws/sagemaker/Endpoints` `GPUUtilization`,
   * percent × GPUs).
   *
   * @default - average over 5 minutes
   */
  metricGpuUtilization(props?: cloudwatch.MetricOptions): cloudwatch.Metric;

  /**
   * Metric for the container's GPU memory utilization (`/aws/sagemaker/Endpoints`
   * `GPUMemoryUtilization`, percent × GPUs).
   *
   * @default - average over 5 minutes
   */
  metricGpuMemoryUtilization(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
}

/**
 * Represents a serverless production variant that has been associated with an endpoint.
 *
 * @see https://docs.aws.amazon.com/sagemaker/latest/dg/serverless-endpoints-monitoring.html
 */
export interface IEndpointServerlessProductionVariant extends IEndpointProductionVariant {
  /**
   * Time to launch compute for a cold start (`AWS/SageMaker` `ModelSetupTime`, microseconds).
   *
   * @default - average over 5 minutes
   */
  metricModelSetupTime(props?: cloudwatch.MetricOptions): cloudwatch.Metric;

  /**
   * Memory utilization of the serverless compute (`AWS/SageMaker` `MemoryUtilization`, percent).
   *
   * @default - average over 5 minutes
   */
  metricMemoryUtilization(props?: cloudwatch.MetricOptions): cloudwatch.Metric;

  /**
   * Concurrent executions divided by the maximum concurrency
   * (`AWS/SageMaker` `ServerlessConcurrentExecutionsUtilization`).
   *
   * @default - average over 5 minutes
   */
  metricServerlessConcurrentExecutionsUtilization(props?: cloudwatch.MetricOptions): cloudwatch.Metric;

  /**
   * Concurrent executions served by provisioned concurrency
   * (`AWS/SageMaker` `ServerlessProvisionedConcurrencyExecutions`).
   *
   * @default - maximum over 5 minutes
   */
  metricServerlessProvisionedConcurrencyExecutions(props?: cloudwatch.MetricOptions): cloudwatch.Metric;

  /**
   * Provisioned concurrency in use divided by the provisioned concurrency
   * (`AWS/SageMaker` `ServerlessProvisionedConcurrencyUtilization`).
   *
   * @default - average over 5 minutes
   */
  metricServerlessProvisionedConcurrencyUtilization(props?: cloudwatch.MetricOptions): cloudwatch.Metric;

  /**
   * Invocations served by provisioned concurrency
   * (`AWS/SageMaker` `ServerlessProvisionedConcurrencyInvocations`, count).
   *
   * @default - sum over 5 minutes
   */
  metricServerlessProvisionedConcurrencyInvocations(props?: cloudwatch.MetricOptions): cloudwatch.Metric;

  /**
   * Invocations beyond the provisioned concurrency, served on demand
   * (`AWS/SageMaker` `ServerlessProvisionedConcurrencySpilloverInvocations`, count).
   *
   * @default - sum over 5 minutes
   */
  metricServerlessProvisionedConcurrencySpilloverInvocations(props?: cloudwatch.MetricOptions): cloudwatch.Metric;

  /**
   * Enable autoscaling of the variant's provisioned concurrency
   * (`sagemaker:variant:DesiredProvisionedConcurrency`). The variant must have
   * `provisionedConcurrency`; `minCapacity` is 1 when unset (as `EnableScalingProps` documents)
   * and must be at least 1, `maxCapacity` must be at most `maxConcurrency`.
   *
   * @param scalingProps min and max provisioned concurrency
   */
  autoScaleProvisionedConcurrency(scalingProps: appscaling.EnableScalingProps): ScalableProvisionedConcurrency;

  /**
   * Creates the recommended CloudWatch alarms of this serverless variant: the 5XX and 4XX error
   * rates, p90 `ModelLatency`, `MemoryUtilization`, and with provisioned concurrency the
   * invocations that spilled over it. Each can be re-thresholded or turned off through `options`.
   *
   * @param id the construct id of the alarms' scope, unique among the endpoint's children
   * @param options thresholds, evaluation and actions
   * @returns the alarms created, in the order of the README's table
   */
  addRecommendedAlarms(id: string, options?: ServerlessVariantAlarmsOptions): cloudwatch.Alarm[];
}
