import * as cdk from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { CannedMetric, ENDPOINT_METRICS, endpointLevelMetric, endpointNameDimension, VARIANT_METRICS } from './metrics';
import type { IEndpoint } from '../endpoint';
import {
  IEndpointInstanceProductionVariant,
  IEndpointProductionVariant,
  IEndpointServerlessProductionVariant,
  IEndpointVariantContainer,
  InvocationHttpResponseCode,
} from '../endpoint-variant';
import { InstanceType } from '../instance-type';
import type { DetailedObservabilityAlarmsOptions, InstanceVariantAlarmsOptions, ServerlessVariantAlarmsOptions } from '../recommended-alarms';
import { ScalableInstanceCount, ScalableInstanceCountProps, ScalableProvisionedConcurrency } from '../scalable-instance-count';
import {
  AlarmMemory,
  AlarmOwner,
  createDetailedObservabilityAlarms,
  createRecommendedAlarms,
  instanceVariantCandidates,
  serverlessVariantCandidates,
} from './alarms';
import { configFacts, EndpointState, endpointState, modelFacts } from './facts';
import { FIND_CONTAINER } from './rules/endpoint';
import { enforce } from './rules/rule';
import { INSTANCE_SCALING, PROVISIONED_SCALING } from './rules/scaling';
import { VariantInstanceCount, VariantProvisionedConcurrency } from './variant-scaling';

/*
 * The variant objects that Endpoint.find*ProductionVariant() return: metrics and autoscaling. Each is
 * built from an endpoint and a variant name, plus what the endpoint configuration says of the
 * variant when it is known; metrics need nothing more than the names, so an imported endpoint can
 * have them too.
 */

/** The variants of an endpoint whose instance count is autoscaled, in the order they were scaled. */
export function instanceScaledVariants(endpoint: object): readonly string[] {
  return [...endpointState(endpoint)?._scaledVariants ?? []].filter(([, attribute]) => attribute === 'instanceCount').map(([name]) => name);
}

/** The endpoint of a variant object: an endpoint of this library, owned or imported. */
export type VariantEndpoint = IEndpoint & Construct & AlarmMemory & EndpointState;

/** What the endpoint configuration says of the endpoint's metrics and hosting, when known. */
export interface HostingFacts {
  readonly asyncInference?: boolean;
  /** `metricsConfig.metricPublishFrequency` in seconds. */
  readonly metricPublishFrequency?: number;
  /** `metricsConfig.enableDetailedObservability`. */
  readonly detailedObservability?: boolean;
}

abstract class VariantBase implements IEndpointProductionVariant {
  constructor(public readonly endpoint: VariantEndpoint, public readonly variantName: string,
    public readonly hosting: HostingFacts = {}) {}

  /** Where this variant's alarms go, how they are named and described. */
  protected alarmOwner(scope: Construct): AlarmOwner {
    const name = endpointNameDimension(this.endpoint);
    return {
      scope,
      description: `SageMaker endpoint ${name}, variant ${this.variantName}`,
      target: `variant '${this.variantName}' of '${this.endpoint.node.path}'`,
      owner: this.endpoint,
      key: this.variantName,
    };
  }

  public metric(namespace: string, metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace,
      metricName,
      dimensionsMap: this.dimensions(),
      statistic: cloudwatch.Stats.SUM,
      ...props,
    }).attachTo(this.endpoint);
  }

  /** The dimensions of this variant's metrics. */
  protected dimensions(): Record<string, string> {
    return { EndpointName: endpointNameDimension(this.endpoint), VariantName: this.variantName };
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

  /**
   * The scalable target of this variant in one dimension. An unset `minCapacity` is 1, as
   * `EnableScalingProps` documents it (and the alpha module does); `maxCapacity` is required, and a
   * JavaScript caller that leaves it out gets the variant's `current` capacity.
   */
  protected scalableTarget(dimension: string, scaling: appscaling.EnableScalingProps, current: number | undefined)
    : ScalableInstanceCountProps {
    return {
      serviceNamespace: appscaling.ServiceNamespace.SAGEMAKER,
      resourceId: `endpoint/${this.endpoint.endpointName}/variant/${this.variantName}`,
      dimension,
      role: this.scalingRole(),
      minCapacity: scaling.minCapacity ?? 1,
      maxCapacity: scaling.maxCapacity ?? current ?? scaling.minCapacity ?? 1,
    };
  }

  /** The service-linked role of Application Auto Scaling for SageMaker endpoints. */
  private scalingRole(): iam.IRole {
    const existing = this.endpoint.node.tryFindChild('ScalingRole') as iam.IRole | undefined;
    return existing ?? iam.Role.fromRoleArn(this.endpoint, 'ScalingRole', cdk.Stack.of(this.endpoint).formatArn({
      service: 'iam',
      region: '',
      resource: 'role/aws-service-role/sagemaker.application-autoscaling.amazonaws.com',
      resourceName: 'AWSServiceRoleForApplicationAutoScaling_SageMakerEndpoint',
    }));
  }

  /**
   * The construct id of the scalable target, keyed by the variant it scales (`InstanceCount<variant>`),
   * so that it does not depend on which variants are scaled or in what order. The only variant of a
   * configuration of this library keeps the plain id (`InstanceCount`, the alpha module's).
   */
  protected scalingId(base: string): string {
    const facts = configFacts(this.endpoint._endpointConfigOf);
    const variants = facts && (facts.serverlessVariant ? [facts.serverlessVariant] : facts.instanceVariants);
    return variants?.length === 1 && variants[0].variantName === this.variantName ? base : `${base}${this.variantName}`;
  }
}

/** What the endpoint configuration says of an instance variant. */
export interface InstanceVariantFacts {
  readonly initialInstanceCount: number;
  readonly instanceType: InstanceType;
  /** Every instance type the variant may run on: its type, or the types of its pools. */
  readonly instanceTypes: readonly InstanceType[];
  /** The model the variant hosts (none when it hosts inference components). */
  readonly model?: object;
}

/** The metrics that an instance variant and each container of a direct-invocation model on it both publish. */
abstract class InstanceMetrics extends VariantBase {
  public metricInvocationModelErrors(props?: cloudwatch.MetricOptions) {
    return this.canned(VARIANT_METRICS.invocationModelErrors, props);
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
}

/** A container of a direct-invocation model on an instance variant: the variant's metrics with `ContainerName`. */
class EndpointVariantContainer extends InstanceMetrics implements IEndpointVariantContainer {
  constructor(endpoint: VariantEndpoint, variantName: string, public readonly containerHostname: string) {
    super(endpoint, variantName);
  }

  protected dimensions(): Record<string, string> {
    return { ...super.dimensions(), ContainerName: this.containerHostname };
  }
}

export class EndpointInstanceProductionVariant extends InstanceMetrics implements IEndpointInstanceProductionVariant {
  private readonly asyncInference?: boolean;

  /**
   * @param facts what the configuration says of the variant (undefined for an imported one)
   * @param instanceTypes the instance types of an imported variant, as its caller gives them
   */
  constructor(endpoint: VariantEndpoint, variantName: string, public readonly facts?: InstanceVariantFacts,
    hosting: HostingFacts = {}, private readonly givenInstanceTypes?: readonly InstanceType[]) {
    super(endpoint, variantName, hosting);
    this.asyncInference = hosting.asyncInference;
  }

  /** The variant's instance types, resolved ones only; undefined when not known. */
  public get knownInstanceTypes(): string[] | undefined {
    const types = (this.facts?.instanceTypes ?? this.givenInstanceTypes)?.map(t => t.toString());
    return types && types.length > 0 && !types.some(t => cdk.Token.isUnresolved(t)) ? types : undefined;
  }

  /** Whether the variant hosts inference components: known only from the configuration. */
  public get componentHosting(): boolean {
    return this.facts !== undefined && this.facts.model === undefined;
  }

  public addRecommendedAlarms(id: string, options?: InstanceVariantAlarmsOptions): cloudwatch.Alarm[] {
    return this.recommendedAlarms(this.endpoint, id, options);
  }

  /** The recommended alarms in a given scope (the endpoint's, or the group of `Endpoint.addRecommendedAlarms()`). */
  public recommendedAlarms(scope: Construct, id: string, options?: InstanceVariantAlarmsOptions): cloudwatch.Alarm[] {
    return createRecommendedAlarms(id, {
      ...this.alarmOwner(scope),
      publishFrequency: this.hosting.metricPublishFrequency,
      candidates: instanceVariantCandidates({
        canned: (m, props) => this.canned(m, props),
        asyncInference: this.asyncInference ?? false,
        componentHosting: this.componentHosting,
        instanceTypes: this.knownInstanceTypes,
      }),
    }, options);
  }

  public addDetailedObservabilityAlarms(id: string, options?: DetailedObservabilityAlarmsOptions): cloudwatch.PromQLAlarm[] {
    return createDetailedObservabilityAlarms(id, {
      ...this.alarmOwner(this.endpoint),
      labels: { 'aws.sagemaker.endpoint.name': endpointNameDimension(this.endpoint), 'aws.sagemaker.variant.name': this.variantName },
      detailedObservability: this.hosting.detailedObservability,
      endpointLevel: false,
    }, options);
  }

  public metricInvocationsPerInstance(props?: cloudwatch.MetricOptions) {
    return this.canned(VARIANT_METRICS.invocationsPerInstance, props);
  }
  public metricConcurrentRequestsPerModel(props?: cloudwatch.MetricOptions) {
    return this.canned(VARIANT_METRICS.concurrentRequestsPerModel, props);
  }
  public metricDiskUtilization(props?: cloudwatch.MetricOptions) {
    return this.canned(VARIANT_METRICS.diskUtilization, props);
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
    const scaled = this.endpoint._scaledVariants;
    enforce(this.endpoint, INSTANCE_SCALING, {
      variantName: this.variantName,
      scaling: scalingProps,
      alreadyScaled: scaled.has(this.variantName),
      initialInstanceCount: this.facts?.initialInstanceCount,
      instanceType: this.facts?.instanceType.toString(),
      asyncInference: this.asyncInference,
    });
    // Registered once its rules pass: a rejected call leaves no trace.
    scaled.set(this.variantName, 'instanceCount');
    const target = this.scalableTarget('sagemaker:variant:DesiredInstanceCount', scalingProps, this.facts?.initialInstanceCount);
    return new VariantInstanceCount(this.endpoint, this.scalingId('InstanceCount'), target, {
      variantName: this.variantName,
      asyncInference: this.asyncInference,
      minCapacity: target.minCapacity ?? 1,
      instanceTypes: (this.facts?.instanceTypes ?? []).map(t => t.toString()),
      cpuUtilization: props => this.metricCpuUtilization(props),
      gpuUtilization: props => this.metricGpuUtilization(props),
      backlogPerInstance: props => endpointLevelMetric(this.endpoint, ENDPOINT_METRICS.approximateBacklogSizePerInstance, props),
      hasBacklogWithoutCapacity: props => endpointLevelMetric(this.endpoint, ENDPOINT_METRICS.hasBacklogWithoutCapacity, props),
    });
  }

  public findContainer(hostname: string): IEndpointVariantContainer {
    const model = this.facts ? modelFacts(this.facts.model) : undefined;
    enforce(this.endpoint, FIND_CONTAINER, {
      variantName: this.variantName,
      hostname,
      known: model !== undefined,
      directHostnames: model?.directHostnames,
    });
    return new EndpointVariantContainer(this.endpoint, this.variantName, hostname);
  }
}

/** What the endpoint configuration says of a serverless variant. */
export interface ServerlessVariantFacts {
  /** undefined for an imported variant whose caller did not give it. */
  readonly maxConcurrency?: number;
  readonly provisionedConcurrency?: number;
  /** false for an imported variant: facts not given are not known (rather than absent). */
  readonly known?: boolean;
}

export class EndpointServerlessProductionVariant extends VariantBase implements IEndpointServerlessProductionVariant {
  /** @param facts what the configuration (or, for an imported variant, its caller) says of the variant */
  constructor(endpoint: VariantEndpoint, variantName: string, public readonly facts: ServerlessVariantFacts, hosting: HostingFacts = {}) {
    super(endpoint, variantName, hosting);
  }

  public addRecommendedAlarms(id: string, options?: ServerlessVariantAlarmsOptions): cloudwatch.Alarm[] {
    return this.recommendedAlarms(this.endpoint, id, options);
  }

  /** The recommended alarms in a given scope. */
  public recommendedAlarms(scope: Construct, id: string, options?: ServerlessVariantAlarmsOptions): cloudwatch.Alarm[] {
    const provisioned = this.facts.provisionedConcurrency;
    return createRecommendedAlarms(id, {
      ...this.alarmOwner(scope),
      publishFrequency: this.hosting.metricPublishFrequency,
      candidates: serverlessVariantCandidates((m, props) => this.canned(m, props),
        this.facts.known === false && provisioned === undefined ? undefined : provisioned !== undefined),
    }, options);
  }

  public metricModelSetupTime(props?: cloudwatch.MetricOptions) {
    return this.canned(VARIANT_METRICS.modelSetupTime, props);
  }
  public metricMemoryUtilization(props?: cloudwatch.MetricOptions) {
    return this.canned(VARIANT_METRICS.serverlessMemoryUtilization, props);
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
    const scaled = this.endpoint._scaledVariants;
    enforce(this.endpoint, PROVISIONED_SCALING, {
      variantName: this.variantName,
      scaling: scalingProps,
      alreadyScaled: scaled.has(this.variantName),
      maxConcurrency: this.facts.maxConcurrency,
      provisionedConcurrency: this.facts.provisionedConcurrency,
      provisionedConcurrencyUnknown: this.facts.known === false && this.facts.provisionedConcurrency === undefined,
    });
    scaled.set(this.variantName, 'provisionedConcurrency');
    // The rules above reject a variant without provisioned concurrency.
    return new VariantProvisionedConcurrency(this.endpoint, this.scalingId('ProvisionedConcurrency'),
      this.scalableTarget('sagemaker:variant:DesiredProvisionedConcurrency', scalingProps, this.facts.provisionedConcurrency),
      { variantName: this.variantName });
  }
}
