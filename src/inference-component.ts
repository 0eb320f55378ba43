import * as cdk from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sagemaker from 'aws-cdk-lib/aws-sagemaker';
import { propertyInjectable } from 'aws-cdk-lib/core/lib/prop-injectable';
import { Construct } from 'constructs';
import type { ContainerImage } from './container-image';
import type { DeploymentStrategy } from './deployment';
import type { IEndpoint } from './endpoint';
import type { IEndpointConfig } from './endpoint-config';
import { InvocationHttpResponseCode } from './endpoint-variant';
import type { InstanceType } from './instance-type';
import type { IModel } from './model';
import type { ModelData, ModelDataConfig } from './model-data';
import { AlarmOwner, componentCandidates, createDetailedObservabilityAlarms, createRecommendedAlarms } from './private/alarms';
import { nameFromArn, sagemakerArnForName } from './private/arn';
import { dependOnLater } from './private/dependencies';
import { deploymentSpec, renderComponentDeploymentConfig, RollbackAlarms } from './private/deployment';
import { fail } from './private/errors';
import { brand, BRANDS, configFacts, endpointConfigOf, endpointState, hasBrand, modelFacts } from './private/facts';
import { instanceTypeOf } from './private/instance-type-input';
import { CannedMetric, COMPONENT_METRICS } from './private/metrics';
import { DEPLOYMENT_PROPS } from './private/rules/deployment';
import {
  COMPONENT, COMPONENT_PROPS, COMPONENT_SPECIFICATION, ComponentInput, SpecificationInput, UNKNOWN_ROLE,
} from './private/rules/inference-component';
import { enforce, problem, py, validation, warn } from './private/rules/rule';
import { COPY_SCALING } from './private/rules/scaling';
import { SERVING_HOSTING } from './private/rules/serving';
import { renderedTags } from './private/rules/tags';
import type { ServedContainer } from './private/serving';
import type { DetailedObservabilityAlarmsOptions, InferenceComponentAlarmsOptions } from './recommended-alarms';
import { ScalableCopyCount, CopyCountScalingProps } from './scalable-copy-count';

/**
 * How SageMaker places the copies of an inference component on the instances
 * (`SchedulingConfig.PlacementStrategy`).
 */
export enum PlacementStrategy {
  /** Spread the copies over as many instances as possible. */
  SPREAD = 'SPREAD',
  /** Pack the copies onto as few instances as possible. */
  BINPACK = 'BINPACK',
}

/**
 * The resources one copy of an inference component reserves on an instance
 * (`ComputeResourceRequirements`).
 */
export interface ComputeResourceRequirements {
  /**
   * The CPU cores to reserve: 0.25 or more.
   *
   * @default - SageMaker's default
   */
  readonly numberOfCpuCoresRequired?: number;

  /**
   * The GPUs or Neuron devices to reserve: 1 or more. Only on accelerated instances.
   *
   * @default - none
   */
  readonly numberOfAcceleratorDevicesRequired?: number;

  /** The memory to reserve, in MB: 128 or more. */
  readonly minMemoryRequiredInMb: number;

  /**
   * The most memory a copy may use, in MB: 128 or more, at least `minMemoryRequiredInMb`.
   *
   * @default - no limit beyond the instance's memory
   */
  readonly maxMemoryRequiredInMb?: number;
}

/**
 * How long SageMaker waits for a copy to start (`StartupParameters`).
 */
export interface InferenceComponentStartupParameters {
  /**
   * How long the download of the model data may take: 60 to 3600 seconds.
   *
   * @default - SageMaker's default
   */
  readonly modelDataDownloadTimeout?: cdk.Duration;

  /**
   * How long the container may take to pass its first health check: 60 to 3600 seconds.
   *
   * @default - SageMaker's default
   */
  readonly containerStartupHealthCheckTimeout?: cdk.Duration;
}

/**
 * How SageMaker places the copies over instances and Availability Zones (`SchedulingConfig`).
 */
export interface InferenceComponentScheduling {
  /** Spread the copies over instances, or pack them. */
  readonly placementStrategy: PlacementStrategy;

  /**
   * The largest difference in copies between two Availability Zones that SageMaker aims for
   * (`AvailabilityZoneBalance.MaxImbalance`, enforcement mode `PERMISSIVE`): 0 to 100.
   *
   * @default - SageMaker's default
   */
  readonly maxAvailabilityZoneImbalance?: number;
}

/**
 * A Prometheus metrics endpoint of the container that SageMaker scrapes into CloudWatch
 * (`ContainerMetricsConfig.MetricsEndpoints`).
 */
export interface ContainerMetricsEndpoint {
  /** The path of the endpoint, starting with `/` (for example `/metrics`): up to 256 characters. */
  readonly path: string;

  /**
   * How often the scraped metrics are published: 10 to 300 seconds.
   *
   * @default - SageMaker's default
   */
  readonly publishFrequency?: cdk.Duration;
}

/**
 * The container of an inference component given without a `Model` (`Container`): an image, the
 * model artifact and the environment. The endpoint configuration's execution role pulls the image
 * and reads the artifact (it is granted exactly that).
 */
export interface InferenceComponentContainer {
  /**
   * The image (Amazon ECR: `fromEcrRepository()`, `fromAsset()`, `fromDlc()`).
   *
   * @default - none: only with `artifact` on an adapter component
   */
  readonly image?: ContainerImage;

  /**
   * The model artifact: one `.tar.gz` object (`ModelData.fromBucket()` of an object, or
   * `fromAsset()`); for an adapter, the adapter weights.
   *
   * @default - none
   */
  readonly artifact?: ModelData;

  /**
   * Environment variables of the container: at most 16.
   *
   * @default - none
   */
  readonly environment?: { [key: string]: string };

  /**
   * A Prometheus metrics endpoint of the container to publish to CloudWatch.
   *
   * @default - none
   */
  readonly metricsEndpoint?: ContainerMetricsEndpoint;
}

/**
 * What an inference component runs and reserves on one instance type: the settings shared by the
 * component's own specification and each entry of `specifications`.
 */
export interface InferenceComponentSpecificationOptions {
  /**
   * The model to host (its containers, data and execution role).
   *
   * @default - `container`
   */
  readonly model?: IModel;

  /**
   * A container given without a `Model`.
   *
   * @default - `model`
   */
  readonly container?: InferenceComponentContainer;

  /**
   * The resources each copy reserves. Required, except on an adapter component.
   *
   * @default - none (adapter components only)
   */
  readonly computeResourceRequirements?: ComputeResourceRequirements;

  /**
   * How long SageMaker waits for a copy to start.
   *
   * @default - SageMaker's defaults
   */
  readonly startupParameters?: InferenceComponentStartupParameters;

  /**
   * Cache the model artifacts and the image on each instance, so copies start faster
   * (`DataCacheConfig.EnableCaching`).
   *
   * @default - SageMaker's default
   */
  readonly enableDataCaching?: boolean;

  /**
   * How copies are placed over instances and Availability Zones.
   *
   * @default - SageMaker's default
   */
  readonly scheduling?: InferenceComponentScheduling;
}

/**
 * What an inference component runs on one instance type of a variant with instance pools
 * (`Specifications[]`).
 */
export interface InstanceTypeSpecification extends InferenceComponentSpecificationOptions {
  /** The instance type (one of the variant's pools): an `InstanceType`, or its name as a string. */
  readonly instanceType: InstanceType | string;
}

/**
 * Construction properties of an inference component.
 */
export interface InferenceComponentProps extends InferenceComponentSpecificationOptions {
  /**
   * The endpoint that hosts the component. Its configuration's variants host inference components
   * (they name no model).
   */
  readonly endpoint: IEndpoint;

  /** The variant of the endpoint the copies run on. */
  readonly variantName: string;

  /**
   * The name of the component: 1 to 63 letters, digits and hyphens, starting and ending with a
   * letter or digit; unique in the account and region.
   *
   * @default - a name generated from the construct path
   */
  readonly inferenceComponentName?: string;

  /**
   * The base component of an adapter component (a LoRA adapter): the adapter runs in the base's
   * container, on its copies, and takes only `container.artifact` (the adapter weights).
   *
   * @default - not an adapter
   */
  readonly baseInferenceComponent?: IInferenceComponent;

  /**
   * One specification per instance type (2 to 5), for a variant with instance pools, instead of
   * the component's own `model`/`container`/requirements.
   *
   * @default - the component's own specification
   */
  readonly specifications?: InstanceTypeSpecification[];

  /**
   * The copies the component is created with (`RuntimeConfig.CopyCount`): 1 or more (SageMaker
   * cannot create a component with 0 copies; `autoScaleCopyCount` with `minCapacity: 0` scales it
   * to zero afterwards). Not for an adapter, which uses its base's copies.
   *
   * @default 1
   */
  readonly initialCopyCount?: number;

  /**
   * How SageMaker rolls an update out over the copies (`DeploymentConfig`):
   * `DeploymentStrategy.rolling()` with batch sizes in `CapacitySize.copies()` or `percent()`.
   *
   * @default - SageMaker's default update
   */
  readonly deployment?: DeploymentStrategy;

  /**
   * CloudWatch alarms that roll an update back when one goes into ALARM during the rolling
   * deployment: at most 10 with those of `addRollbackAlarm()`; they need `deployment`. The endpoint
   * configuration's execution role is granted `cloudwatch:DescribeAlarms` on exactly these.
   *
   * @default - no automatic rollback
   */
  readonly rollbackAlarms?: cloudwatch.IAlarm[];
}

/**
 * An inference component: one model hosted on an endpoint's shared instances, with its own
 * resources and copies.
 */
export interface IInferenceComponent extends cdk.IResource, sagemaker.IInferenceComponentRef {
  /**
   * The name of the component.
   *
   * @attribute
   */
  readonly inferenceComponentName: string;

  /**
   * The ARN of the component.
   *
   * @attribute
   */
  readonly inferenceComponentArn: string;

  /**
   * Permits an IAM principal to invoke this component through its endpoint.
   *
   * @param grantee the principal
   */
  grantInvoke(grantee: iam.IGrantable): iam.Grant;

  /**
   * A metric of this component (dimension `InferenceComponentName`).
   *
   * @param namespace the namespace (`AWS/SageMaker` or `/aws/sagemaker/InferenceComponents`)
   * @param metricName the metric
   * @param props the statistic, period and other options
   */
  metric(namespace: string, metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric;

  /**
   * The requests to the component (`AWS/SageMaker` `Invocations`).
   *
   * @default - sum over 5 minutes
   */
  metricInvocations(props?: cloudwatch.MetricOptions): cloudwatch.Metric;

  /**
   * The requests answered with a 4xx or 5xx status (`Invocation4XXErrors` / `Invocation5XXErrors`).
   *
   * @default - sum over 5 minutes
   */
  metricInvocationResponseCode(responseCode: InvocationHttpResponseCode, props?: cloudwatch.MetricOptions): cloudwatch.Metric;

  /**
   * The requests the model answered with an error (`InvocationModelErrors`).
   *
   * @default - sum over 5 minutes
   */
  metricInvocationModelErrors(props?: cloudwatch.MetricOptions): cloudwatch.Metric;

  /**
   * The time the model took to answer, in microseconds (`ModelLatency`).
   *
   * @default - average over 5 minutes
   */
  metricModelLatency(props?: cloudwatch.MetricOptions): cloudwatch.Metric;

  /**
   * The time SageMaker added to the model's, in microseconds (`OverheadLatency`).
   *
   * @default - average over 5 minutes
   */
  metricOverheadLatency(props?: cloudwatch.MetricOptions): cloudwatch.Metric;

  /**
   * The requests per copy (`InvocationsPerCopy`), the metric of `scaleOnInvocations()`.
   *
   * @default - sum over 5 minutes
   */
  metricInvocationsPerCopy(props?: cloudwatch.MetricOptions): cloudwatch.Metric;

  /**
   * The concurrent requests per copy (`ConcurrentRequestsPerCopy`), the metric of
   * `scaleOnConcurrentRequests()`.
   *
   * @default - maximum over 5 minutes
   */
  metricConcurrentRequestsPerCopy(props?: cloudwatch.MetricOptions): cloudwatch.Metric;

  /**
   * The requests that failed because the component had no copy (`NoCapacityInvocationFailures`),
   * the metric that brings a component scaled to zero back.
   *
   * @default - maximum over 5 minutes
   */
  metricNoCapacityInvocationFailures(props?: cloudwatch.MetricOptions): cloudwatch.Metric;

  /**
   * The CPU use of the copies, as a share of the cores they reserve
   * (`/aws/sagemaker/InferenceComponents` `CPUUtilizationNormalized`).
   *
   * @default - average over 5 minutes
   */
  metricCpuUtilizationNormalized(props?: cloudwatch.MetricOptions): cloudwatch.Metric;

  /**
   * The memory use of the copies, as a share of the memory they reserve (`MemoryUtilizationNormalized`).
   *
   * @default - average over 5 minutes
   */
  metricMemoryUtilizationNormalized(props?: cloudwatch.MetricOptions): cloudwatch.Metric;

  /**
   * The GPU use of the copies, as a share of the accelerators they reserve (`GPUUtilizationNormalized`).
   *
   * @default - average over 5 minutes
   */
  metricGpuUtilizationNormalized(props?: cloudwatch.MetricOptions): cloudwatch.Metric;

  /**
   * The GPU memory use of the copies, as a share of their accelerators' memory
   * (`GPUMemoryUtilizationNormalized`).
   *
   * @default - average over 5 minutes
   */
  metricGpuMemoryUtilizationNormalized(props?: cloudwatch.MetricOptions): cloudwatch.Metric;

  /**
   * Creates the recommended CloudWatch alarms of this component (dimension
   * `InferenceComponentName`): the 5XX and 4XX error rates (errors / invocations), p90
   * `ModelLatency`, invocations that failed for want of a copy, and the normalized CPU, memory
   * and (when the component reserves accelerators) GPU utilization. An adapter gets the
   * invocation alarms only. Each can be re-thresholded or turned off through `options`.
   *
   * @param id the construct id of the alarms' scope, unique among the component's children
   * @param options thresholds, evaluation and actions
   * @returns the alarms created, in the order of the README's table
   */
  addRecommendedAlarms(id: string, options?: InferenceComponentAlarmsOptions): cloudwatch.Alarm[];

  /**
   * Creates PromQL alarms on SageMaker's detailed observability metrics of this component: the
   * time to first token of its inference server (`options.timeToFirstToken`).
   *
   * @param id the construct id of the alarms' scope, unique among the component's children
   * @param options the alarms and their actions
   * @returns the alarms created
   */
  addDetailedObservabilityAlarms(id: string, options?: DetailedObservabilityAlarmsOptions): cloudwatch.PromQLAlarm[];
}

/**
 * An inference component defined outside this app, with the endpoint that hosts it.
 */
export interface InferenceComponentAttributes {
  /** The ARN of the component. */
  readonly inferenceComponentArn: string;

  /**
   * The endpoint that hosts the component (`grantInvoke` grants on it).
   *
   * @default - unknown: `grantInvoke` is an error
   */
  readonly endpoint?: IEndpoint;
}

const INVOKE_ACTIONS = ['sagemaker:InvokeEndpoint', 'sagemaker:InvokeEndpointWithResponseStream'];

/** Whether some requirements reserve accelerators (a token counts as reserving). */
function reservesAccelerators(requirements: ComputeResourceRequirements | undefined): boolean {
  const n = requirements?.numberOfAcceleratorDevicesRequired;
  return n !== undefined && (cdk.Token.isUnresolved(n) || n > 0);
}

abstract class InferenceComponentBase extends cdk.Resource implements IInferenceComponent {
  public abstract readonly inferenceComponentName: string;
  public abstract readonly inferenceComponentArn: string;

  /**
   * The recommended alarms created for this component (all under '').
   *
   * @internal
   */
  public readonly _recommendedAlarms = new Map<string, cloudwatch.IAlarm[]>();

  /**
   * @param scope the scope
   * @param id the construct id
   * @param props the resource properties
   * @param hostEndpoint the endpoint that hosts the component, when known
   */
  constructor(scope: Construct, id: string, props: cdk.ResourceProps, protected readonly hostEndpoint?: IEndpoint) {
    super(scope, id, props);
    brand(this, BRANDS.inferenceComponent);
  }

  /**
   * A reference to this component for aws-cdk-lib constructs that take an `IInferenceComponentRef`.
   */
  public get inferenceComponentRef(): sagemaker.InferenceComponentReference {
    return { inferenceComponentArn: this.inferenceComponentArn };
  }

  /**
   * Permits an IAM principal to invoke this component: `sagemaker:InvokeEndpoint` and
   * `sagemaker:InvokeEndpointWithResponseStream` on the endpoint's ARN and this component's ARN
   * only. IAM checks both resources of a request that names the component
   * (`InferenceComponentName`); it cannot stop a principal with this grant from invoking the
   * endpoint without naming a component.
   *
   * @param grantee the principal
   */
  public grantInvoke(grantee: iam.IGrantable): iam.Grant {
    const endpoint = this.hostEndpoint;
    if (!endpoint) {
      fail(this, 'inferenceComponent.grantInvoke.endpoint', problem('grantInvoke() needs the endpoint that hosts the component', 'endpoint',
        'unknown (an imported component)', `${py('InferenceComponent.fromInferenceComponentAttributes()')} with endpoint`));
    }
    return iam.Grant.addToPrincipal({
      grantee,
      actions: INVOKE_ACTIONS,
      resourceArns: [endpoint.endpointArn, this.inferenceComponentArn],
    });
  }

  public metric(namespace: string, metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace,
      metricName,
      dimensionsMap: { InferenceComponentName: this.inferenceComponentName },
      statistic: cloudwatch.Stats.SUM,
      ...props,
    }).attachTo(this);
  }

  public metricInvocations(props?: cloudwatch.MetricOptions) {
    return this.canned(COMPONENT_METRICS.invocations, props);
  }

  public metricInvocationResponseCode(responseCode: InvocationHttpResponseCode, props?: cloudwatch.MetricOptions) {
    return this.canned(responseCode === InvocationHttpResponseCode.INVOCATION_4XX_ERRORS
      ? COMPONENT_METRICS.invocation4xxErrors : COMPONENT_METRICS.invocation5xxErrors, props);
  }

  public metricInvocationModelErrors(props?: cloudwatch.MetricOptions) {
    return this.canned(COMPONENT_METRICS.invocationModelErrors, props);
  }

  public metricModelLatency(props?: cloudwatch.MetricOptions) {
    return this.canned(COMPONENT_METRICS.modelLatency, props);
  }

  public metricOverheadLatency(props?: cloudwatch.MetricOptions) {
    return this.canned(COMPONENT_METRICS.overheadLatency, props);
  }

  public metricInvocationsPerCopy(props?: cloudwatch.MetricOptions) {
    return this.canned(COMPONENT_METRICS.invocationsPerCopy, props);
  }

  public metricConcurrentRequestsPerCopy(props?: cloudwatch.MetricOptions) {
    return this.canned(COMPONENT_METRICS.concurrentRequestsPerCopy, props);
  }

  public metricNoCapacityInvocationFailures(props?: cloudwatch.MetricOptions) {
    return this.canned(COMPONENT_METRICS.noCapacityInvocationFailures, props);
  }

  public metricCpuUtilizationNormalized(props?: cloudwatch.MetricOptions) {
    return this.canned(COMPONENT_METRICS.cpuUtilizationNormalized, props);
  }

  public metricMemoryUtilizationNormalized(props?: cloudwatch.MetricOptions) {
    return this.canned(COMPONENT_METRICS.memoryUtilizationNormalized, props);
  }

  public metricGpuUtilizationNormalized(props?: cloudwatch.MetricOptions) {
    return this.canned(COMPONENT_METRICS.gpuUtilizationNormalized, props);
  }

  public metricGpuMemoryUtilizationNormalized(props?: cloudwatch.MetricOptions) {
    return this.canned(COMPONENT_METRICS.gpuMemoryUtilizationNormalized, props);
  }

  public addRecommendedAlarms(id: string, options?: InferenceComponentAlarmsOptions): cloudwatch.Alarm[] {
    const facts = this._alarmFacts();
    return createRecommendedAlarms(id, {
      ...this.alarmOwner(),
      publishFrequency: this.hostingFacts()?.metricPublishFrequency,
      candidates: componentCandidates({ canned: (m, props) => this.canned(m, props), adapter: facts?.adapter, accelerators: facts?.accelerators }),
    }, options);
  }

  public addDetailedObservabilityAlarms(id: string, options?: DetailedObservabilityAlarmsOptions): cloudwatch.PromQLAlarm[] {
    return createDetailedObservabilityAlarms(id, {
      ...this.alarmOwner(),
      labels: { 'aws.sagemaker.inference_component.name': this.inferenceComponentName },
      detailedObservability: this.hostingFacts()?.detailedObservability,
      endpointLevel: false,
    }, options);
  }

  /** Where this component's alarms go and how they are named and described. */
  private alarmOwner(): AlarmOwner {
    const name = this.inferenceComponentName;
    return { scope: this, description: `SageMaker inference component ${name}`, target: `'${this.node.path}'`, owner: this, key: '' };
  }

  /**
   * What the alarms know of this component: an adapter, accelerators reserved (nothing for an imported one).
   * @internal
   */
  protected _alarmFacts(): { readonly adapter?: boolean; readonly accelerators?: boolean } | undefined {
    return undefined;
  }

  /** What the configuration of the hosting endpoint says now, when the endpoint and its configuration are of this library. */
  private hostingFacts() {
    return this.hostEndpoint && configFacts(endpointConfigOf(this.hostEndpoint));
  }

  private canned(m: CannedMetric, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric(m.namespace, m.metricName, { statistic: m.statistic, ...props });
  }
}

/**
 * The principal a component's container grants go to when the endpoint configuration's role is
 * not known (an imported endpoint): aws-cdk-lib's `UnknownPrincipal` reports each statement as a
 * warning, for the owner of the role to add.
 */
class UnknownRole extends Construct implements iam.IGrantable {
  public readonly grantPrincipal: iam.IPrincipal = new iam.UnknownPrincipal({ resource: this });
}

/** The endpoint configuration of this library behind an endpoint (undefined for an imported endpoint or configuration). */
function hostingConfig(endpoint: IEndpoint): IEndpointConfig | undefined {
  const config = endpointConfigOf(endpoint) as IEndpointConfig | undefined;
  return hasBrand(config, BRANDS.endpointConfig) ? config : undefined;
}

/**
 * Hosts one model on the shared instances of an endpoint's variant, with its own compute
 * requirements, copies and scaling (`AWS::SageMaker::InferenceComponent`). Several components
 * share an endpoint whose configuration's variants name no model.
 *
 * @resource AWS::SageMaker::InferenceComponent
 */
@propertyInjectable
export class InferenceComponent extends InferenceComponentBase {
  /** Uniquely identifies this class (property injection). */
  public static readonly PROPERTY_INJECTION_ID: string = 'cdk-sagemaker-hosting.InferenceComponent';

  /**
   * Imports an inference component by name, in the stack's account and region. Its
   * `grantInvoke` needs the endpoint: use `fromInferenceComponentAttributes` for that.
   *
   * @param scope the scope
   * @param id the construct id
   * @param inferenceComponentName the name of the component
   */
  public static fromInferenceComponentName(scope: Construct, id: string, inferenceComponentName: string): IInferenceComponent {
    return new ImportedInferenceComponent(scope, id, sagemakerArnForName(scope, 'inference-component', inferenceComponentName),
      inferenceComponentName);
  }

  /**
   * Imports an inference component by ARN.
   *
   * @param scope the scope
   * @param id the construct id
   * @param inferenceComponentArn the ARN of the component
   */
  public static fromInferenceComponentArn(scope: Construct, id: string, inferenceComponentArn: string): IInferenceComponent {
    return InferenceComponent.fromInferenceComponentAttributes(scope, id, { inferenceComponentArn });
  }

  /**
   * Imports an inference component by ARN, with the endpoint that hosts it.
   *
   * @param scope the scope
   * @param id the construct id
   * @param attrs the ARN and the endpoint
   */
  public static fromInferenceComponentAttributes(scope: Construct, id: string, attrs: InferenceComponentAttributes): IInferenceComponent {
    return new ImportedInferenceComponent(scope, id, attrs.inferenceComponentArn, nameFromArn(attrs.inferenceComponentArn), attrs.endpoint);
  }

  /**
   * The name of the component.
   *
   * @attribute
   */
  public readonly inferenceComponentName: string;

  /**
   * The ARN of the component.
   *
   * @attribute
   */
  public readonly inferenceComponentArn: string;

  private readonly resource: sagemaker.CfnInferenceComponent;
  private readonly rollbackAlarms: RollbackAlarms;
  private readonly adapter: boolean;
  private readonly accelerators: boolean;
  private copyCount?: ScalableCopyCount;
  private scaledMinCapacity?: number;
  private containerGrantee?: iam.IGrantable;

  constructor(scope: Construct, id: string, props: InferenceComponentProps) {
    super(scope, id, { physicalName: props.inferenceComponentName }, props.endpoint);
    enforce(this, COMPONENT_PROPS, { props });
    const deployment = props.deployment && deploymentSpec(props.deployment);
    enforce(this, DEPLOYMENT_PROPS, { spec: deployment, target: 'component' });

    endpointState(props.endpoint)?._hostedComponents.push(this);
    this.adapter = props.baseInferenceComponent !== undefined;
    // A served model (ServingImage) reserves its tensor parallel degree unless the requirements say otherwise.
    this.accelerators = reservesAccelerators(reserved(props))
      || (props.specifications ?? []).some(spec => reservesAccelerators(reserved(spec)));
    this.inferenceComponentName = props.inferenceComponentName
      ?? cdk.Names.uniqueResourceName(this, { maxLength: 63, separator: '-' });
    const config = hostingConfig(props.endpoint);
    this.rollbackAlarms = new RollbackAlarms(config ?? this);
    (props.rollbackAlarms ?? []).forEach(alarm => this.rollbackAlarms.add(alarm));
    const alarms = this.rollbackAlarms.alarms;

    const specifications = props.specifications?.map((spec, i) => ({
      instanceType: instanceTypeOf(this, spec.instanceType).toString(),
      ...this.renderSpecification(spec, `specifications[${i}].`),
    }));
    const own = specifications ? undefined : {
      ...this.renderSpecification(props, ''),
      baseInferenceComponentName: props.baseInferenceComponent?.inferenceComponentName,
    };

    this.resource = new sagemaker.CfnInferenceComponent(this, 'InferenceComponent', {
      inferenceComponentName: this.inferenceComponentName,
      endpointName: props.endpoint.endpointName,
      endpointArn: props.endpoint.endpointArn,
      variantName: props.variantName,
      specification: own,
      specifications,
      runtimeConfig: this.adapter ? undefined : { copyCount: props.initialCopyCount ?? 1 },
      deploymentConfig: cdk.Lazy.any({ produce: () => renderComponentDeploymentConfig(deployment, alarms) }),
    });
    this.node.defaultChild = this.resource;
    // The endpoint (and with it the configuration) is referenced (EndpointName, EndpointArn), and so
    // is a model; the configuration's role and its policies must exist too (read at synth: a variant,
    // and with it the role, may come later), and a base component by its literal name.
    dependOnLater(this.resource, () => {
      const role = configFacts(config)?.executionRole;
      return role ? [role] : [];
    });
    const baseResource = props.baseInferenceComponent?.node.defaultChild;
    if (baseResource && cdk.CfnResource.isCfnResource(baseResource)) {
      this.resource.node.addDependency(baseResource);
    }
    this.inferenceComponentArn = this.getResourceArnAttribute(this.resource.ref, {
      service: 'sagemaker',
      resource: 'inference-component',
      resourceName: this.inferenceComponentName,
    });

    // One validation: the configuration's variants (variants added after the component count) and each
    // specification's model (containers added later count) are read once, at synth.
    const given: ReadonlyArray<InferenceComponentSpecificationOptions & { readonly instanceType?: InstanceType | string }> =
      props.specifications ?? [props];
    this.node.addValidation({
      validate: () => {
        const facts = configFacts(config);
        const variants = (facts ? [...facts.instanceVariants, ...facts.shadowVariants] : []).map(v => ({
          variantName: v.variantName,
          hostsModel: v.model !== undefined,
          instanceTypes: v.instanceTypes.map(t => t.toString()),
          managedMinInstanceCount: v.props.managedInstanceScaling?.minInstanceCount,
        }));
        const specs = given.map((spec, i) => ({
          spec,
          prefix: props.specifications ? `specifications[${i}].` : '',
          instanceType: spec.instanceType?.toString(),
          served: modelFacts(spec.model)?.served ?? [],
        }));
        const variantTypes = variants.find(v => v.variantName === props.variantName)?.instanceTypes ?? [];
        return [
          ...validation(this, [COMPONENT], (): ComponentInput => ({
            tags: renderedTags(this.resource),
            variantName: props.variantName,
            configPath: config?.node.path,
            variants,
            specificationTypes: (props.specifications ?? []).map(s => s.instanceType.toString()),
            alarms,
            scaledMinCapacity: this.scaledMinCapacity,
            adapter: this.adapter,
            requirements: specs.map(({ spec, prefix, instanceType, served }) => ({ prefix, instanceType, requirements: reserved(spec, served) })),
          })).validate(),
          // A served model (ServingImage) on the instance types of its specification, or of the variant.
          ...validation(this, [SERVING_HOSTING], () => ({
            hosts: specs.filter(s => s.served.length > 0).map(({ prefix, instanceType, served }) => ({
              where: prefix ? `the inference component's ${prefix.slice(0, -1)}` : 'the inference component',
              kind: 'component' as const,
              instanceTypes: instanceType !== undefined ? [instanceType] : variantTypes,
              served,
            })),
          })).validate(),
        ];
      },
    });
  }

  /**
   * What the alarms know of this component: an adapter, accelerators reserved.
   * @internal
   */
  protected _alarmFacts() {
    return { adapter: this.adapter, accelerators: this.accelerators };
  }

  /**
   * Adds a CloudWatch alarm that rolls an update back when it goes into ALARM during the rolling
   * deployment, like those of `rollbackAlarms` (for alarms on this component's own metrics). At
   * most 10 in all; needs `deployment`.
   *
   * @param alarm the alarm
   */
  public addRollbackAlarm(alarm: cloudwatch.IAlarm): void {
    this.rollbackAlarms.add(alarm);
  }

  /**
   * Scales the component's copy count (`sagemaker:inference-component:DesiredCopyCount`) between
   * `minCapacity` and `maxCapacity`; add target-tracking, step or scheduled policies to the result.
   * With `minCapacity: 0`, a step policy on `NoCapacityInvocationFailures` brings the first copy
   * back when a request arrives.
   *
   * @param props the capacities
   */
  public autoScaleCopyCount(props: CopyCountScalingProps): ScalableCopyCount {
    const minCapacity = props.minCapacity ?? 1;
    enforce(this, COPY_SCALING, {
      scaling: { minCapacity, maxCapacity: props.maxCapacity },
      alreadyScaled: this.copyCount !== undefined,
      adapter: this.adapter,
    });
    const stack = cdk.Stack.of(this);
    const count = new ScalableCopyCount(this, 'CopyCount', {
      serviceNamespace: appscaling.ServiceNamespace.SAGEMAKER,
      resourceId: `inference-component/${this.inferenceComponentName}`,
      dimension: 'sagemaker:inference-component:DesiredCopyCount',
      // Application Auto Scaling's service-linked role for SageMaker (created on first use)
      role: iam.Role.fromRoleArn(this, 'ScalingRole', stack.formatArn({
        service: 'iam',
        region: '',
        resource: 'role/aws-service-role/sagemaker.application-autoscaling.amazonaws.com',
        resourceName: 'AWSServiceRoleForApplicationAutoScaling_SageMakerEndpoint',
      })),
      minCapacity,
      maxCapacity: props.maxCapacity,
    });
    // The resource ID is the literal name: the target must wait for the component.
    count.node.addDependency(this.resource);
    if (minCapacity === 0) {
      count._scaleOutFromZero(this.metricNoCapacityInvocationFailures({ period: cdk.Duration.minutes(1) }), props.scaleOutFromZeroCooldown);
    }
    this.copyCount = count;
    this.scaledMinCapacity = cdk.Token.isUnresolved(minCapacity) ? undefined : minCapacity;
    return count;
  }

  /** One specification as CloudFormation takes it, with its container bound and its rules checked. */
  private renderSpecification(spec: InferenceComponentSpecificationOptions, prefix: string) {
    const container = spec.container;
    const grantee = container && (container.image || container.artifact) ? this.containerRole() : undefined;
    const image = grantee && container?.image?.bindForGrantee(this, grantee);
    const artifact: ModelDataConfig | undefined = grantee && container?.artifact?.bindForGrantee(this, grantee);
    const input: SpecificationInput = {
      prefix,
      spec,
      adapter: this.adapter,
      artifact,
      registryImage: image?.repositoryAccessMode === 'Vpc',
      imageUri: image?.imageName,
    };
    enforce(this, COMPONENT_SPECIFICATION, input);
    const r = spec.computeResourceRequirements;
    const startup = spec.startupParameters;
    const metrics = container?.metricsEndpoint;
    return {
      modelName: spec.model?.modelName,
      container: container && {
        image: image?.imageName,
        artifactUrl: artifact?.uri,
        environment: container.environment,
        containerMetricsConfig: metrics && {
          metricsEndpoints: [{ metricsEndpointPath: metrics.path, metricPublishFrequencyInSeconds: metrics.publishFrequency?.toSeconds() }],
        },
      },
      computeResourceRequirements: r && {
        minMemoryRequiredInMb: r.minMemoryRequiredInMb,
        maxMemoryRequiredInMb: r.maxMemoryRequiredInMb,
        numberOfCpuCoresRequired: r.numberOfCpuCoresRequired,
        numberOfAcceleratorDevicesRequired: r.numberOfAcceleratorDevicesRequired
          ?? (spec.model && cdk.Token.asNumber(cdk.Lazy.any({ produce: () => servedDegree(modelFacts(spec.model)?.served ?? []) }))),
      },
      startupParameters: startup && {
        modelDataDownloadTimeoutInSeconds: startup.modelDataDownloadTimeout?.toSeconds(),
        containerStartupHealthCheckTimeoutInSeconds: startup.containerStartupHealthCheckTimeout?.toSeconds(),
      },
      dataCacheConfig: spec.enableDataCaching === undefined ? undefined : { enableCaching: spec.enableDataCaching },
      schedulingConfig: spec.scheduling && {
        placementStrategy: spec.scheduling.placementStrategy,
        availabilityZoneBalance: { enforcementMode: 'PERMISSIVE', maxImbalance: spec.scheduling.maxAvailabilityZoneImbalance },
      },
    };
  }

  /**
   * The role a container given without a `Model` is granted to: the endpoint configuration's
   * execution role (created with least privilege when none was given), or, for an endpoint whose
   * configuration is not known, a principal that reports each grant as a warning.
   */
  private containerRole(): iam.IGrantable {
    if (!this.containerGrantee) {
      const endpoint = this.hostEndpoint!;
      const facts = configFacts(hostingConfig(endpoint));
      // A configuration without variants yet gets its component-hosting variants later.
      const variants = facts ? [...facts.instanceVariants, ...facts.shadowVariants] : [];
      if (facts && (variants.length === 0 || variants.some(v => v.model === undefined))) {
        // Creates the configuration's role when it has none yet (a side effect of the first container).
        this.containerGrantee = facts.ensureComponentRole();
      } else {
        if (!facts) {
          warn(this, UNKNOWN_ROLE, { endpoint: endpoint.node.path });
        }
        this.containerGrantee = new UnknownRole(this, 'ContainerGrants');
      }
    }
    return this.containerGrantee;
  }
}

/** The tensor parallel degree of a model's served containers (ServingImage): what a copy reserves unless told. */
function servedDegree(served: readonly ServedContainer[]): number | undefined {
  const degrees = served.flatMap(s => s.tensorParallelDegree !== undefined ? [s.tensorParallelDegree] : []);
  return degrees.length > 0 ? Math.max(...degrees) : undefined;
}

/**
 * The requirements of a specification as rendered: a served model's degree where no accelerator count
 * is given (`served`: the served containers of its model, read now unless given).
 */
function reserved(spec: InferenceComponentSpecificationOptions, served = modelFacts(spec.model)?.served ?? [])
  : ComputeResourceRequirements | undefined {
  const r = spec.computeResourceRequirements;
  return r && r.numberOfAcceleratorDevicesRequired === undefined && served.length > 0
    ? { ...r, numberOfAcceleratorDevicesRequired: servedDegree(served) }
    : r;
}

class ImportedInferenceComponent extends InferenceComponentBase {
  constructor(scope: Construct, id: string, public readonly inferenceComponentArn: string, public readonly inferenceComponentName: string,
    endpoint?: IEndpoint) {
    super(scope, id, { environmentFromArn: inferenceComponentArn }, endpoint);
  }
}
