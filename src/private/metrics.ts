import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type { IConstruct } from 'constructs';
import { endpointState } from './facts';

/** Namespace of invocation metrics (`AWS/SageMaker`). */
export const INVOCATION_NAMESPACE = 'AWS/SageMaker';
/** Namespace of instance utilization metrics. */
export const INSTANCE_NAMESPACE = '/aws/sagemaker/Endpoints';
/** Namespace of inference component utilization metrics. */
export const COMPONENT_NAMESPACE = '/aws/sagemaker/InferenceComponents';

/** A canned metric: namespace, name and default statistic (SageMaker CloudWatch metrics). */
export interface CannedMetric {
  readonly namespace: string;
  readonly metricName: string;
  readonly statistic: string;
}

function canned(namespace: string, metricName: string, statistic: string): CannedMetric {
  return { namespace, metricName, statistic };
}

/** The metrics of an endpoint variant, by helper name. */
export const VARIANT_METRICS = {
  invocations: canned(INVOCATION_NAMESPACE, 'Invocations', cloudwatch.Stats.SUM),
  invocationsPerInstance: canned(INVOCATION_NAMESPACE, 'InvocationsPerInstance', cloudwatch.Stats.SUM),
  invocation4xxErrors: canned(INVOCATION_NAMESPACE, 'Invocation4XXErrors', cloudwatch.Stats.SUM),
  invocation5xxErrors: canned(INVOCATION_NAMESPACE, 'Invocation5XXErrors', cloudwatch.Stats.SUM),
  invocationModelErrors: canned(INVOCATION_NAMESPACE, 'InvocationModelErrors', cloudwatch.Stats.SUM),
  modelLatency: canned(INVOCATION_NAMESPACE, 'ModelLatency', cloudwatch.Stats.AVERAGE),
  overheadLatency: canned(INVOCATION_NAMESPACE, 'OverheadLatency', cloudwatch.Stats.AVERAGE),
  modelSetupTime: canned(INVOCATION_NAMESPACE, 'ModelSetupTime', cloudwatch.Stats.AVERAGE),
  concurrentRequestsPerModel: canned(INVOCATION_NAMESPACE, 'ConcurrentRequestsPerModel', cloudwatch.Stats.MAXIMUM),
  modelLoadingWaitTime: canned(INVOCATION_NAMESPACE, 'ModelLoadingWaitTime', cloudwatch.Stats.AVERAGE),
  modelUnloadingTime: canned(INVOCATION_NAMESPACE, 'ModelUnloadingTime', cloudwatch.Stats.AVERAGE),
  modelDownloadingTime: canned(INVOCATION_NAMESPACE, 'ModelDownloadingTime', cloudwatch.Stats.AVERAGE),
  modelLoadingTime: canned(INVOCATION_NAMESPACE, 'ModelLoadingTime', cloudwatch.Stats.AVERAGE),
  modelCacheHit: canned(INVOCATION_NAMESPACE, 'ModelCacheHit', cloudwatch.Stats.AVERAGE),
  cpuUtilization: canned(INSTANCE_NAMESPACE, 'CPUUtilization', cloudwatch.Stats.AVERAGE),
  memoryUtilization: canned(INSTANCE_NAMESPACE, 'MemoryUtilization', cloudwatch.Stats.AVERAGE),
  gpuUtilization: canned(INSTANCE_NAMESPACE, 'GPUUtilization', cloudwatch.Stats.AVERAGE),
  gpuMemoryUtilization: canned(INSTANCE_NAMESPACE, 'GPUMemoryUtilization', cloudwatch.Stats.AVERAGE),
  diskUtilization: canned(INSTANCE_NAMESPACE, 'DiskUtilization', cloudwatch.Stats.AVERAGE),
  loadedModelCount: canned(INSTANCE_NAMESPACE, 'LoadedModelCount', cloudwatch.Stats.AVERAGE),
  serverlessMemoryUtilization: canned(INVOCATION_NAMESPACE, 'MemoryUtilization', cloudwatch.Stats.AVERAGE),
  serverlessConcurrentExecutionsUtilization: canned(INVOCATION_NAMESPACE, 'ServerlessConcurrentExecutionsUtilization', cloudwatch.Stats.AVERAGE),
  serverlessProvisionedConcurrencyExecutions: canned(INVOCATION_NAMESPACE, 'ServerlessProvisionedConcurrencyExecutions', cloudwatch.Stats.MAXIMUM),
  serverlessProvisionedConcurrencyUtilization: canned(INVOCATION_NAMESPACE, 'ServerlessProvisionedConcurrencyUtilization', cloudwatch.Stats.AVERAGE),
  serverlessProvisionedConcurrencyInvocations: canned(INVOCATION_NAMESPACE, 'ServerlessProvisionedConcurrencyInvocations', cloudwatch.Stats.SUM),
  serverlessProvisionedConcurrencySpilloverInvocations: canned(INVOCATION_NAMESPACE, 'ServerlessProvisionedConcurrencySpilloverInvocations', cloudwatch.Stats.SUM),
} satisfies Record<string, CannedMetric>;

/** The endpoint-level metrics of async endpoints (dimension `EndpointName` only), by helper name. */
export const ENDPOINT_METRICS = {
  approximateBacklogSize: canned(INVOCATION_NAMESPACE, 'ApproximateBacklogSize', cloudwatch.Stats.AVERAGE),
  approximateBacklogSizePerInstance: canned(INVOCATION_NAMESPACE, 'ApproximateBacklogSizePerInstance', cloudwatch.Stats.AVERAGE),
  approximateAgeOfOldestRequest: canned(INVOCATION_NAMESPACE, 'ApproximateAgeOfOldestRequest', cloudwatch.Stats.MAXIMUM),
  hasBacklogWithoutCapacity: canned(INVOCATION_NAMESPACE, 'HasBacklogWithoutCapacity', cloudwatch.Stats.MAXIMUM),
} satisfies Record<string, CannedMetric>;

/** A canned metric with the caller's options: the statistic and period of a helper, or the caller's. */
export type CannedSource = (metric: CannedMetric, props?: cloudwatch.MetricOptions) => cloudwatch.Metric;

/** The metrics of an inference component (dimension `InferenceComponentName`), by helper name. */
export const COMPONENT_METRICS = {
  invocations: canned(INVOCATION_NAMESPACE, 'Invocations', cloudwatch.Stats.SUM),
  invocation4xxErrors: canned(INVOCATION_NAMESPACE, 'Invocation4XXErrors', cloudwatch.Stats.SUM),
  invocation5xxErrors: canned(INVOCATION_NAMESPACE, 'Invocation5XXErrors', cloudwatch.Stats.SUM),
  invocationModelErrors: canned(INVOCATION_NAMESPACE, 'InvocationModelErrors', cloudwatch.Stats.SUM),
  modelLatency: canned(INVOCATION_NAMESPACE, 'ModelLatency', cloudwatch.Stats.AVERAGE),
  overheadLatency: canned(INVOCATION_NAMESPACE, 'OverheadLatency', cloudwatch.Stats.AVERAGE),
  invocationsPerCopy: canned(INVOCATION_NAMESPACE, 'InvocationsPerCopy', cloudwatch.Stats.SUM),
  concurrentRequestsPerCopy: canned(INVOCATION_NAMESPACE, 'ConcurrentRequestsPerCopy', cloudwatch.Stats.MAXIMUM),
  noCapacityInvocationFailures: canned(INVOCATION_NAMESPACE, 'NoCapacityInvocationFailures', cloudwatch.Stats.MAXIMUM),
  cpuUtilizationNormalized: canned(COMPONENT_NAMESPACE, 'CPUUtilizationNormalized', cloudwatch.Stats.AVERAGE),
  memoryUtilizationNormalized: canned(COMPONENT_NAMESPACE, 'MemoryUtilizationNormalized', cloudwatch.Stats.AVERAGE),
  gpuUtilizationNormalized: canned(COMPONENT_NAMESPACE, 'GPUUtilizationNormalized', cloudwatch.Stats.AVERAGE),
  gpuMemoryUtilizationNormalized: canned(COMPONENT_NAMESPACE, 'GPUMemoryUtilizationNormalized', cloudwatch.Stats.AVERAGE),
} satisfies Record<string, CannedMetric>;

/**
 * The `EndpointName` dimension of an endpoint's metrics. An endpoint given a literal `endpointName`
 * publishes its metrics under it: dimensions that name it literally do not depend on the endpoint
 * resource, so an alarm on them can be one of its rollback alarms (the endpoint references the alarm).
 */
export function endpointNameDimension(endpoint: { readonly endpointName: string }): string {
  return endpointState(endpoint)?._literalEndpointName ?? endpoint.endpointName;
}

/** An endpoint-level metric (dimension `EndpointName` only), attached to the endpoint's stack. */
export function endpointLevelMetric(endpoint: IConstruct & { readonly endpointName: string }, metric: CannedMetric,
  props?: cloudwatch.MetricOptions): cloudwatch.Metric {
  return new cloudwatch.Metric({
    ...metric,
    dimensionsMap: { EndpointName: endpointNameDimension(endpoint) },
    ...props,
  }).attachTo(endpoint);
}
