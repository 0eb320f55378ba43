import { EOL } from 'os';
import * as cdk from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct, IConstruct } from 'constructs';
import { InstanceType } from './instance-type';
import { fail } from './private/errors';
import { isBurstable } from './private/instance-data';
import { CannedMetric, VARIANT_METRICS } from './private/metrics';
import { ScalableInstanceCount, ScalableProvisionedConcurrency } from './scalable-instance-count';

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
   * `minCapacity` defaults to, and must be at most, the initial instance count (and at least 1);
   * `maxCapacity` defaults to, and must be at least, the initial instance count. Burstable
   * instance types (`ml.t2.*`) cannot be autoscaled; each variant can be autoscaled once.
   *
   * @param scalingProps EnableScalingProps
   */
  autoScaleInstanceCount(scalingProps: appscaling.EnableScalingProps): ScalableInstanceCount;
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
   * `provisionedConcurrency`; `minCapacity` defaults to it and must be at least 1, `maxCapacity`
   * defaults to it and must be at most `maxConcurrency`.
   *
   * @param scalingProps min and max provisioned concurrency
   */
  autoScaleProvisionedConcurrency(scalingProps: appscaling.EnableScalingProps): ScalableProvisionedConcurrency;
}

/** What a variant needs from its endpoint. */
export interface VariantHost extends IConstruct {
  readonly endpointName: string;
  /** Records that a variant is autoscaled; returns false when it already was. */
  _registerScaling(variantName: string): boolean;
}

abstract class VariantBase implements IEndpointProductionVariant {
  constructor(protected readonly endpoint: VariantHost, public readonly variantName: string) {}

  public metric(namespace: string, metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace,
      metricName,
      dimensionsMap: { EndpointName: this.endpoint.endpointName, VariantName: this.variantName },
      statistic: cloudwatch.Stats.SUM,
      ...props,
    }).attachTo(this.endpoint);
  }

  public metricInvocations(props?: cloudwatch.MetricOptions) {
    return this.canned(VARIANT_METRICS.invocations, props);
  }

  public metricModelLatency(props?: cloudwatch.MetricOptions) {
    return this.canned(VARIANT_METRICS.modelLatency, props);
  }

  public metricOverheadLatency(props?: cloudwatch.MetricOptions) {
    return this.canned(VARIANT_METRICS.overheadLatency, props);
  }

  public metricInvocationResponseCode(responseCode: InvocationHttpResponseCode, props?: cloudwatch.MetricOptions) {
    return this.canned(responseCode === InvocationHttpResponseCode.INVOCATION_4XX_ERRORS
      ? VARIANT_METRICS.invocation4xxErrors : VARIANT_METRICS.invocation5xxErrors, props);
  }

  public metricInvocation4xxErrors(props?: cloudwatch.MetricOptions) {
    return this.canned(VARIANT_METRICS.invocation4xxErrors, props);
  }

  public metricInvocation5xxErrors(props?: cloudwatch.MetricOptions) {
    return this.canned(VARIANT_METRICS.invocation5xxErrors, props);
  }

  protected canned(m: CannedMetric, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric(m.namespace, m.metricName, { statistic: m.statistic, ...props });
  }

  /** The service-linked role of Application Auto Scaling for SageMaker endpoints. */
  protected scalingRole(): iam.IRole {
    const existing = this.endpoint.node.tryFindChild('ScalingRole') as iam.IRole | undefined;
    return existing ?? iam.Role.fromRoleArn(this.endpoint, 'ScalingRole', cdk.Stack.of(this.endpoint).formatArn({
      service: 'iam',
      region: '',
      resource: 'role/aws-service-role/sagemaker.application-autoscaling.amazonaws.com',
      resourceName: 'AWSServiceRoleForApplicationAutoScaling_SageMakerEndpoint',
    }));
  }

  /** The construct id of the scalable target: the alpha's for the first, unique for the others. */
  protected scalingId(base: string): string {
    return this.endpoint.node.tryFindChild(base) ? `${base}${this.variantName}` : base;
  }
}

/** @internal */
export class EndpointInstanceProductionVariant extends VariantBase implements IEndpointInstanceProductionVariant {
  constructor(
    endpoint: VariantHost,
    variantName: string,
    private readonly initialInstanceCount: number,
    private readonly instanceType: InstanceType,
  ) {
    super(endpoint, variantName);
  }

  public metricInvocationsPerInstance(props?: cloudwatch.MetricOptions) {
    return this.canned(VARIANT_METRICS.invocationsPerInstance, props);
  }
  public metricInvocationModelErrors(props?: cloudwatch.MetricOptions) {
    return this.canned(VARIANT_METRICS.invocationModelErrors, props);
  }
  public metricConcurrentRequestsPerModel(props?: cloudwatch.MetricOptions) {
    return this.canned(VARIANT_METRICS.concurrentRequestsPerModel, props);
  }
  public metricDiskUtilization(props?: cloudwatch.MetricOptions) {
    return this.canned(VARIANT_METRICS.diskUtilization, props);
  }
  public metricCpuUtilization(props?: cloudwatch.MetricOptions) {
    return this.canned(VARIANT_METRICS.cpuUtilization, props);
  }
  public metricMemoryUtilization(props?: cloudwatch.MetricOptions) {
    return this.canned(VARIANT_METRICS.memoryUtilization, props);
  }
  public metricGpuUtilization(props?: cloudwatch.MetricOptions) {
    return this.canned(VARIANT_METRICS.gpuUtilization, props);
  }
  public metricGpuMemoryUtilization(props?: cloudwatch.MetricOptions) {
    return this.canned(VARIANT_METRICS.gpuMemoryUtilization, props);
  }
  public metricModelLoadingWaitTime(props?: cloudwatch.MetricOptions) {
    return this.canned(VARIANT_METRICS.modelLoadingWaitTime, props);
  }
  public metricModelUnloadingTime(props?: cloudwatch.MetricOptions) {
    return this.canned(VARIANT_METRICS.modelUnloadingTime, props);
  }
  public metricModelDownloadingTime(props?: cloudwatch.MetricOptions) {
    return this.canned(VARIANT_METRICS.modelDownloadingTime, props);
  }
  public metricModelLoadingTime(props?: cloudwatch.MetricOptions) {
    return this.canned(VARIANT_METRICS.modelLoadingTime, props);
  }
  public metricModelCacheHit(props?: cloudwatch.MetricOptions) {
    return this.canned(VARIANT_METRICS.modelCacheHit, props);
  }
  public metricLoadedModelCount(props?: cloudwatch.MetricOptions) {
    return this.canned(VARIANT_METRICS.loadedModelCount, props);
  }

  public autoScaleInstanceCount(scalingProps: appscaling.EnableScalingProps): ScalableInstanceCount {
    const initial = this.initialInstanceCount;
    const { minCapacity, maxCapacity } = scalingProps;
    const known = (n?: number): n is number => n !== undefined && !cdk.Token.isUnresolved(n);
    const errors: string[] = [];
    if (known(minCapacity) && known(initial) && minCapacity > initial) {
      errors.push(`minCapacity cannot be greater than initial instance count: ${initial} (got minCapacity ${minCapacity})`);
    }
    if (known(minCapacity) && minCapacity < 1) {
      errors.push(`minCapacity must be at least 1 for a variant's instance count (got ${minCapacity})`);
    }
    if (known(maxCapacity) && known(initial) && maxCapacity < initial) {
      errors.push(`maxCapacity cannot be less than initial instance count: ${initial} (got maxCapacity ${maxCapacity})`);
    }
    if (known(minCapacity) && known(maxCapacity) && maxCapacity < minCapacity) {
      errors.push(`maxCapacity cannot be less than minCapacity (got minCapacity ${minCapacity}, maxCapacity ${maxCapacity})`);
    }
    const type = this.instanceType.toString();
    if (!cdk.Token.isUnresolved(type) && isBurstable(type)) {
      errors.push(`AutoScaling not supported for burstable instance types like ${type} (variant '${this.variantName}'; `
        + 'choose a non-burstable instance type such as ml.m5.large)');
    }
    if (!this.endpoint._registerScaling(this.variantName)) {
      errors.push(`AutoScaling of task count already enabled for this service (variant '${this.variantName}' already `
        + 'has autoscaling; add policies to the ScalableInstanceCount returned the first time)');
    }
    if (errors.length > 0) {
      fail(this.endpoint, `Invalid Application Auto Scaling configuration: ${errors.join(EOL)}`);
    }
    return new ScalableInstanceCount(this.endpoint as unknown as Construct, this.scalingId('InstanceCount'), {
      serviceNamespace: appscaling.ServiceNamespace.SAGEMAKER,
      resourceId: `endpoint/${this.endpoint.endpointName}/variant/${this.variantName}`,
      dimension: 'sagemaker:variant:DesiredInstanceCount',
      role: this.scalingRole(),
      minCapacity: minCapacity ?? initial,
      maxCapacity: maxCapacity ?? initial,
    });
  }
}

/** @internal */
export class EndpointServerlessProductionVariant extends VariantBase implements IEndpointServerlessProductionVariant {
  constructor(
    endpoint: VariantHost,
    variantName: string,
    private readonly maxConcurrency: number,
    private readonly provisionedConcurrency?: number,
  ) {
    super(endpoint, variantName);
  }

  public metricModelSetupTime(props?: cloudwatch.MetricOptions) {
    return this.canned(VARIANT_METRICS.modelSetupTime, props);
  }
  public metricMemoryUtilization(props?: cloudwatch.MetricOptions) {
    return this.metric('AWS/SageMaker', 'MemoryUtilization', { statistic: cloudwatch.Stats.AVERAGE, ...props });
  }
  public metricServerlessConcurrentExecutionsUtilization(props?: cloudwatch.MetricOptions) {
    return this.canned(VARIANT_METRICS.serverlessConcurrentExecutionsUtilization, props);
  }
  public metricServerlessProvisionedConcurrencyExecutions(props?: cloudwatch.MetricOptions) {
    return this.canned(VARIANT_METRICS.serverlessProvisionedConcurrencyExecutions, props);
  }
  public metricServerlessProvisionedConcurrencyUtilization(props?: cloudwatch.MetricOptions) {
    return this.canned(VARIANT_METRICS.serverlessProvisionedConcurrencyUtilization, props);
  }
  public metricServerlessProvisionedConcurrencyInvocations(props?: cloudwatch.MetricOptions) {
    return this.canned(VARIANT_METRICS.serverlessProvisionedConcurrencyInvocations, props);
  }
  public metricServerlessProvisionedConcurrencySpilloverInvocations(props?: cloudwatch.MetricOptions) {
    return this.canned(VARIANT_METRICS.serverlessProvisionedConcurrencySpilloverInvocations, props);
  }

  public autoScaleProvisionedConcurrency(scalingProps: appscaling.EnableScalingProps): ScalableProvisionedConcurrency {
    const pc = this.provisionedConcurrency;
    const max = this.maxConcurrency;
    const { minCapacity, maxCapacity } = scalingProps;
    const known = (n?: number): n is number => n !== undefined && !cdk.Token.isUnresolved(n);
    const errors: string[] = [];
    if (pc === undefined) {
      errors.push(`variant '${this.variantName}' has no provisionedConcurrency to scale; set provisionedConcurrency `
        + 'on the serverless variant (on-demand serverless capacity scales by itself)');
    }
    if (known(minCapacity) && minCapacity < 1) {
      errors.push(`minCapacity must be at least 1 for provisioned concurrency (got ${minCapacity})`);
    }
    if (known(maxCapacity) && known(max) && maxCapacity > max) {
      errors.push(`maxCapacity cannot be greater than the variant's maxConcurrency: ${max} (got ${maxCapacity})`);
    }
    if (known(minCapacity) && known(maxCapacity) && maxCapacity < minCapacity) {
      errors.push(`maxCapacity cannot be less than minCapacity (got minCapacity ${minCapacity}, maxCapacity ${maxCapacity})`);
    }
    if (!this.endpoint._registerScaling(this.variantName)) {
      errors.push(`AutoScaling of provisioned concurrency already enabled for variant '${this.variantName}'`);
    }
    if (errors.length > 0) {
      fail(this.endpoint, `Invalid Application Auto Scaling configuration: ${errors.join(EOL)}`);
    }
    return new ScalableProvisionedConcurrency(this.endpoint as unknown as Construct, this.scalingId('ProvisionedConcurrency'), {
      serviceNamespace: appscaling.ServiceNamespace.SAGEMAKER,
      resourceId: `endpoint/${this.endpoint.endpointName}/variant/${this.variantName}`,
      dimension: 'sagemaker:variant:DesiredProvisionedConcurrency',
      role: this.scalingRole(),
      minCapacity: minCapacity ?? pc!,
      maxCapacity: maxCapacity ?? pc!,
    });
  }
}
