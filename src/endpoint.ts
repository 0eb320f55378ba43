import * as cdk from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sagemaker from 'aws-cdk-lib/aws-sagemaker';
import { propertyInjectable } from 'aws-cdk-lib/core/lib/prop-injectable';
import { Construct } from 'constructs';
import type { DeploymentStrategy } from './deployment';
import type { IEndpointConfig } from './endpoint-config';
import type { IEndpointInstanceProductionVariant, IEndpointServerlessProductionVariant } from './endpoint-variant';
import type { InstanceType } from './instance-type';
import { AlarmOwner, createDetailedObservabilityAlarms, createRecommendedAlarms, endpointCandidates } from './private/alarms';
import { nameFromArn, sagemakerArnForName } from './private/arn';
import { DeploymentSpec, deploymentSpec, renderDeploymentConfig, RollbackAlarms } from './private/deployment';
import {
  EndpointInstanceProductionVariant,
  EndpointServerlessProductionVariant,
  HostingFacts,
  instanceScaledVariants,
} from './private/endpoint-variants';
import { fail } from './private/errors';
import { brand, BRANDS, ConfigFacts, configFacts, isAsyncEndpoint, modelFacts } from './private/facts';
import { instanceTypeOf } from './private/instance-type-input';
import { ENDPOINT_METRICS, endpointLevelMetric, endpointNameDimension } from './private/metrics';
import { DEPLOYMENT, DEPLOYMENT_PROPS, DeploymentInput, DeploymentVariant } from './private/rules/deployment';
import { ENDPOINT, ENDPOINT_PROPS } from './private/rules/endpoint';
import { enforce, problem, validation } from './private/rules/rule';
import { renderedTags } from './private/rules/tags';
import { known, knownSeconds, literal, show } from './private/validation';
import { findInstanceVariant, InstanceVariantEntry } from './private/variants';
import type { DetailedObservabilityAlarmsOptions, EndpointAlarmsOptions } from './recommended-alarms';

/**
 * The Interface for a SageMaker Endpoint resource.
 *
 * Extends aws-cdk-lib's `aws_sagemaker.IEndpoint`, so an endpoint of this library can be passed
 * to aws-cdk-lib integrations (for example API Gateway's `SagemakerIntegration`).
 */
export interface IEndpoint extends sagemaker.IEndpoint {
  /**
   * An instance production variant of this endpoint by name, for its metrics, recommended alarms
   * and autoscaling: for an imported endpoint (or one whose configuration is imported), whose
   * variants the CDK does not know, the variant is taken as the caller names and describes it.
   * For an endpoint of this library with a configuration of this library, the same as
   * `findInstanceProductionVariant()` (the name must be one of its variants; `options` are not read).
   *
   * @param variantName the variant's name
   * @param options what the caller knows of the variant
   */
  instanceVariantByName(variantName: string, options?: InstanceVariantByNameOptions): IEndpointInstanceProductionVariant;

  /**
   * The serverless production variant of this endpoint by name, for its metrics, recommended
   * alarms and the autoscaling of its provisioned concurrency; as `instanceVariantByName()`.
   *
   * @param variantName the variant's name
   * @param options what the caller knows of the variant
   */
  serverlessVariantByName(variantName: string, options?: ServerlessVariantByNameOptions): IEndpointServerlessProductionVariant;

  /**
   * Async endpoints: requests waiting in the queue (`AWS/SageMaker` `ApproximateBacklogSize`,
   * dimension `EndpointName`).
   *
   * @default - average over 5 minutes
   */
  metricApproximateBacklogSize(props?: cloudwatch.MetricOptions): cloudwatch.Metric;

  /**
   * Async endpoints: the backlog divided by the instance count
   * (`AWS/SageMaker` `ApproximateBacklogSizePerInstance`).
   *
   * @default - average over 5 minutes
   */
  metricApproximateBacklogSizePerInstance(props?: cloudwatch.MetricOptions): cloudwatch.Metric;

  /**
   * Async endpoints: the age of the oldest queued request, in seconds
   * (`AWS/SageMaker` `ApproximateAgeOfOldestRequest`).
   *
   * @default - maximum over 5 minutes
   */
  metricApproximateAgeOfOldestRequest(props?: cloudwatch.MetricOptions): cloudwatch.Metric;

  /**
   * Async endpoints: 1 while requests are queued and no instance runs
   * (`AWS/SageMaker` `HasBacklogWithoutCapacity`).
   *
   * @default - maximum over 5 minutes
   */
  metricHasBacklogWithoutCapacity(props?: cloudwatch.MetricOptions): cloudwatch.Metric;
}

/**
 * What the caller knows of an instance variant of an imported endpoint (`instanceVariantByName()`).
 */
export interface InstanceVariantByNameOptions {
  /**
   * The variant's instance type: the CPU and GPU alarms need it (thresholds per vCPU and GPU, no
   * GPU alarms on CPU types): an `InstanceType`, or its name as a string.
   *
   * @default - not known: no CPU or GPU alarms
   */
  readonly instanceType?: InstanceType | string;

  /**
   * Whether the endpoint is for asynchronous inference (which publishes no `Invocations`: its
   * error alarms count errors).
   *
   * @default false
   */
  readonly asyncInference?: boolean;

  /**
   * The endpoint configuration's `metricPublishFrequency`: the alarms' period is not shorter.
   *
   * @default - 60 seconds (SageMaker's default)
   */
  readonly metricPublishFrequency?: cdk.Duration;
}

/**
 * What the caller knows of the serverless variant of an imported endpoint (`serverlessVariantByName()`).
 */
export interface ServerlessVariantByNameOptions {
  /**
   * The variant's maximum concurrency: the autoscaling of its provisioned concurrency stays below it.
   *
   * @default - not known: not checked
   */
  readonly maxConcurrency?: number;

  /**
   * The variant's provisioned concurrency: with it, the spillover alarm is on by default.
   *
   * @default - not known: no spillover alarm unless turned on
   */
  readonly provisionedConcurrency?: number;
}

/**
 * Represents an Endpoint resource defined outside this stack.
 */
export interface EndpointAttributes {
  /**
   * The ARN of this endpoint.
   */
  readonly endpointArn: string;
}

/**
 * Construction properties for a SageMaker Endpoint.
 */
export interface EndpointProps {
  /**
   * Name of the endpoint: 1 to 63 letters, digits and hyphens, starting and ending with a
   * letter or digit; unique in the account and region.
   *
   * @default - AWS CloudFormation generates a unique physical ID and uses that ID for the
   * endpoint's name.
   */
  readonly endpointName?: string;

  /**
   * The endpoint configuration to use for this endpoint. It must be in the endpoint's account
   * and region.
   */
  readonly endpointConfig: IEndpointConfig;

  /**
   * Keep the variant properties of the running endpoint when it moves to a new configuration
   * (`RetainAllVariantProperties`): the autoscaled instance count (`DesiredInstanceCount`), the
   * traffic weight (`DesiredWeight`) and the data capture settings stay as they are instead of
   * being reset to the new configuration's values. Properties listed in
   * `excludeRetainedVariantProperties` take the new configuration's values.
   *
   * Without it, every configuration change resets an autoscaled variant to its
   * `initialInstanceCount` (a synth warning says so for each autoscaled variant).
   *
   * @default false
   */
  readonly retainAllVariantProperties?: boolean;

  /**
   * The variant properties that take the new configuration's values although
   * `retainAllVariantProperties` is on (`ExcludeRetainedVariantProperties`). Only with
   * `retainAllVariantProperties: true`.
   *
   * @default - none: every variant property is retained
   */
  readonly excludeRetainedVariantProperties?: VariantPropertyType[];

  /**
   * How SageMaker moves the endpoint to a new configuration (`DeploymentConfig`): blue/green with
   * all-at-once, canary or linear traffic shifting, or a rolling update, with wait intervals in
   * which it watches `rollbackAlarms`.
   *
   * @see https://docs.aws.amazon.com/sagemaker/latest/dg/deployment-guardrails.html
   * @default - blue/green, all at once, no baking period (SageMaker's default); with
   * `rollbackAlarms`, `DeploymentStrategy.allAtOnce()`
   */
  readonly deployment?: DeploymentStrategy;

  /**
   * CloudWatch alarms that roll an update back when one goes into ALARM during the deployment
   * (`DeploymentConfig.AutoRollbackConfiguration`): at most 10 with those of `addRollbackAlarm()`,
   * in the endpoint's account and region. The execution role of each model the configuration hosts
   * is granted `cloudwatch:DescribeAlarms` on exactly these alarms.
   *
   * @default - no automatic rollback
   */
  readonly rollbackAlarms?: cloudwatch.IAlarm[];

  /**
   * Reuse the deployment configuration of the last successful update instead of this one
   * (`RetainDeploymentConfig`).
   *
   * @default false
   */
  readonly retainDeploymentConfig?: boolean;
}

/**
 * A variant property that an endpoint update can keep from the running endpoint
 * (`ExcludeRetainedVariantProperties[].VariantPropertyType`).
 */
export enum VariantPropertyType {
  /** The instance count, as autoscaling has set it. */
  DESIRED_INSTANCE_COUNT = 'DesiredInstanceCount',
  /** The traffic weight. */
  DESIRED_WEIGHT = 'DesiredWeight',
  /** The data capture configuration. */
  DATA_CAPTURE_CONFIG = 'DataCaptureConfig',
}

/** What the guardrail rules read of a configuration at synth. */
function deploymentInput(resource: sagemaker.CfnEndpoint, config: IEndpointConfig, spec: DeploymentSpec | undefined,
  alarms: readonly cloudwatch.IAlarm[]): DeploymentInput {
  const facts = configFacts(config);
  const variant = (v: InstanceVariantEntry): DeploymentVariant => ({
    variantName: v.variantName,
    instanceCount: known(v.initialInstanceCount) ? v.initialInstanceCount : undefined,
    instanceTypes: v.instanceTypes.map(t => t.toString()),
    modelPackage: (modelFacts(v.model)?.modelPackages.length ?? 0) > 0,
  });
  return {
    spec,
    target: 'endpoint',
    alarms,
    configKnown: facts !== undefined,
    instanceVariants: facts?.instanceVariants.map(variant) ?? [],
    shadowVariants: facts?.shadowVariants.map(variant) ?? [],
    serverlessVariantName: facts?.serverlessVariant?.variantName,
    alarmsOnEndpoint: alarmsReferencing(resource, alarms),
  };
}

/** The paths of the alarms (of this stack) whose metrics reference the endpoint resource: a dependency cycle. */
function alarmsReferencing(resource: sagemaker.CfnEndpoint, alarms: readonly cloudwatch.IAlarm[]): string[] {
  const stack = cdk.Stack.of(resource);
  const id = stack.resolve(resource.logicalId);
  const references = [`{"Fn::GetAtt":["${id}",`, `{"Ref":"${id}"}`];
  return alarms.filter(alarm => {
    const cfn = alarm.node.defaultChild;
    if (!(cfn instanceof cloudwatch.CfnAlarm) || cdk.Stack.of(cfn) !== stack) {
      return false;
    }
    const watched = JSON.stringify(stack.resolve({ dimensions: cfn.dimensions, metrics: cfn.metrics }));
    return references.some(r => watched.includes(r));
  }).map(alarm => alarm.node.path);
}

/** What the variants of a configuration of this library know of its hosting. */
function hostingFacts(facts: ConfigFacts): HostingFacts {
  return {
    asyncInference: facts.asyncInference,
    metricPublishFrequency: facts.metricPublishFrequency,
    detailedObservability: facts.detailedObservability,
  };
}

/** The actions of `grantInvoke`. */
const INVOKE_ACTIONS = ['sagemaker:InvokeEndpoint', 'sagemaker:InvokeEndpointWithResponseStream'];

abstract class EndpointBase extends cdk.Resource implements IEndpoint {
  /**
   * The ARN of the endpoint.
   *
   * @attribute
   */
  public abstract readonly endpointArn: string;

  /**
   * The name of the endpoint.
   *
   * @attribute
   */
  public abstract readonly endpointName: string;

  /**
   * The inference components of this library hosted on this endpoint, in the order they were created.
   *
   * @internal
   */
  public readonly _hostedComponents: object[] = [];

  /**
   * The autoscaled variants of this endpoint and what is scaled (one scalable target per variant).
   *
   * @internal
   */
  public readonly _scaledVariants = new Map<string, 'instanceCount' | 'provisionedConcurrency'>();

  /**
   * The recommended alarms created for this endpoint, by variant name ('' for the endpoint's own).
   *
   * @internal
   */
  public readonly _recommendedAlarms = new Map<string, cloudwatch.IAlarm[]>();

  constructor(scope: Construct, id: string, props: cdk.ResourceProps = {}) {
    super(scope, id, props);
    brand(this, BRANDS.endpoint);
  }

  /**
   * The configuration of this endpoint, when it is an Endpoint of this library.
   *
   * @internal
   */
  public get _endpointConfigOf(): IEndpointConfig | undefined {
    return undefined;
  }

  /**
   * The name given to this endpoint, when literal (its metrics name it so).
   *
   * @internal
   */
  public get _literalEndpointName(): string | undefined {
    return undefined;
  }

  /**
   * A reference to this endpoint for aws-cdk-lib constructs that take an `IEndpointRef`.
   */
  public get endpointRef(): sagemaker.EndpointReference {
    return { endpointArn: this.endpointArn };
  }

  /**
   * Permits an IAM principal to invoke this endpoint: `sagemaker:InvokeEndpoint` and
   * `sagemaker:InvokeEndpointWithResponseStream` on this endpoint's ARN only, plus
   * `sagemaker:InvokeEndpointAsync` when its configuration (of this library) has `asyncInference`.
   *
   * An async caller uploads the input to S3 itself (grant it `s3:PutObject` there), and SageMaker
   * reads it with the model's execution role (grant the model read on the input location).
   *
   * @param grantee The principal to grant access to
   */
  public grantInvoke(grantee: iam.IGrantable): iam.Grant {
    return iam.Grant.addToPrincipal({
      grantee,
      actions: isAsyncEndpoint(this) ? [...INVOKE_ACTIONS, 'sagemaker:InvokeEndpointAsync'] : INVOKE_ACTIONS,
      resourceArns: [this.endpointArn],
    });
  }

  /**
   * An instance production variant of this endpoint by name, as the caller names and describes it
   * (the endpoint's configuration is not known).
   *
   * @param variantName the variant's name
   * @param options what the caller knows of the variant
   */
  public instanceVariantByName(variantName: string, options: InstanceVariantByNameOptions = {}): IEndpointInstanceProductionVariant {
    return new EndpointInstanceProductionVariant(this, variantName, undefined, {
      asyncInference: options.asyncInference ?? false,
      metricPublishFrequency: knownSeconds(options.metricPublishFrequency),
    }, options.instanceType === undefined ? undefined : [instanceTypeOf(this, options.instanceType)]);
  }

  /**
   * The serverless production variant of this endpoint by name, as the caller names and describes
   * it (the endpoint's configuration is not known).
   *
   * @param variantName the variant's name
   * @param options what the caller knows of the variant
   */
  public serverlessVariantByName(variantName: string, options: ServerlessVariantByNameOptions = {}): IEndpointServerlessProductionVariant {
    return new EndpointServerlessProductionVariant(this, variantName, {
      maxConcurrency: options.maxConcurrency,
      provisionedConcurrency: options.provisionedConcurrency,
      known: false,
    });
  }

  /**
   * Async endpoints: requests waiting in the queue (`AWS/SageMaker` `ApproximateBacklogSize`,
   * dimension `EndpointName`).
   *
   * @default - average over 5 minutes
   */
  public metricApproximateBacklogSize(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return endpointLevelMetric(this, ENDPOINT_METRICS.approximateBacklogSize, props);
  }

  /**
   * Async endpoints: the backlog divided by the instance count (`AWS/SageMaker`
   * `ApproximateBacklogSizePerInstance`), the metric to scale on.
   *
   * @default - average over 5 minutes
   */
  public metricApproximateBacklogSizePerInstance(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return endpointLevelMetric(this, ENDPOINT_METRICS.approximateBacklogSizePerInstance, props);
  }

  /**
   * Async endpoints: the age of the oldest queued request, in seconds (`AWS/SageMaker`
   * `ApproximateAgeOfOldestRequest`).
   *
   * @default - maximum over 5 minutes
   */
  public metricApproximateAgeOfOldestRequest(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return endpointLevelMetric(this, ENDPOINT_METRICS.approximateAgeOfOldestRequest, props);
  }

  /**
   * Async endpoints: 1 while requests are queued and no instance runs (`AWS/SageMaker`
   * `HasBacklogWithoutCapacity`), the metric that brings an endpoint scaled to zero back.
   *
   * @default - maximum over 5 minutes
   */
  public metricHasBacklogWithoutCapacity(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return endpointLevelMetric(this, ENDPOINT_METRICS.hasBacklogWithoutCapacity, props);
  }
}

/**
 * Defines a SageMaker endpoint.
 *
 * @resource AWS::SageMaker::Endpoint
 */
@propertyInjectable
export class Endpoint extends EndpointBase {
  /** Uniquely identifies this class (property injection). */
  public static readonly PROPERTY_INJECTION_ID: string = 'cdk-sagemaker-hosting.Endpoint';

  /**
   * Imports an Endpoint defined either outside the CDK or in a different CDK stack.
   * @param scope the Construct scope.
   * @param id the resource id.
   * @param endpointArn the ARN of the endpoint.
   */
  public static fromEndpointArn(scope: Construct, id: string, endpointArn: string): IEndpoint {
    return Endpoint.fromEndpointAttributes(scope, id, { endpointArn });
  }

  /**
   * Imports an Endpoint defined either outside the CDK or in a different CDK stack.
   *
   * The ARN is built in the stack's account and region with the name in lower case (SageMaker
   * ARNs are lower case); `endpointName` keeps the case given, as CloudWatch dimensions do.
   *
   * @param scope the Construct scope.
   * @param id the resource id.
   * @param endpointName the name of the endpoint.
   */
  public static fromEndpointName(scope: Construct, id: string, endpointName: string): IEndpoint {
    return new ImportedEndpoint(scope, id, sagemakerArnForName(scope, 'endpoint', endpointName), endpointName);
  }

  /**
   * Imports an Endpoint defined either outside the CDK or in a different CDK stack.
   * @param scope the Construct scope.
   * @param id the resource id.
   * @param attrs the attributes of the endpoint to import.
   */
  public static fromEndpointAttributes(scope: Construct, id: string, attrs: EndpointAttributes): IEndpoint {
    return new ImportedEndpoint(scope, id, attrs.endpointArn, nameFromArn(attrs.endpointArn));
  }

  /**
   * The ARN of the endpoint.
   *
   * @attribute
   */
  public get endpointArn(): string {
    // made on first use: most apps never read it, and an ARN attribute costs a reference and a lazy value
    return this.arn ??= this.getResourceArnAttribute(this.resource.ref, {
      service: 'sagemaker',
      resource: 'endpoint',
      resourceName: this.physicalName,
    });
  }

  /**
   * The name of the endpoint.
   *
   * @attribute
   */
  public readonly endpointName: string;

  private readonly endpointConfig: IEndpointConfig;
  private readonly resource: sagemaker.CfnEndpoint;
  private arn?: string;
  private readonly rollbackAlarms: RollbackAlarms;
  private readonly literalName?: string;

  constructor(scope: Construct, id: string, props: EndpointProps) {
    super(scope, id, { physicalName: props.endpointName });

    enforce(this, ENDPOINT_PROPS, { props, env: this.env });
    const config = props.endpointConfig;
    this.endpointConfig = config;
    this.literalName = literal(props.endpointName) ? props.endpointName : undefined;

    const deployment = props.deployment && deploymentSpec(props.deployment);
    enforce(this, DEPLOYMENT_PROPS, { spec: deployment, target: 'endpoint' });
    this.rollbackAlarms = new RollbackAlarms(config);
    (props.rollbackAlarms ?? []).forEach(alarm => this.rollbackAlarms.add(alarm));
    const alarms = this.rollbackAlarms.alarms;

    const resource = new sagemaker.CfnEndpoint(this, 'Endpoint', {
      endpointConfigName: config.endpointConfigName,
      endpointName: this.physicalName,
      retainAllVariantProperties: props.retainAllVariantProperties,
      excludeRetainedVariantProperties: props.excludeRetainedVariantProperties?.map(variantPropertyType => ({ variantPropertyType })),
      deploymentConfig: cdk.Lazy.any({ produce: () => renderDeploymentConfig(deployment, alarms) }),
      retainDeploymentConfig: props.retainDeploymentConfig,
    });
    this.node.defaultChild = resource;
    this.node.addValidation(validation(this, [ENDPOINT], () => ({
      tags: renderedTags(resource),
      retainAllVariantProperties: props.retainAllVariantProperties,
      excludeRetainedVariantProperties: props.excludeRetainedVariantProperties,
      instanceScaledVariants: instanceScaledVariants(this),
    })));
    this.node.addValidation({
      validate: () => deployment || alarms.length > 0
        ? validation(this, [DEPLOYMENT], () => deploymentInput(resource, config, deployment, alarms)).validate()
        : [],
    });
    this.endpointName = this.getResourceNameAttribute(resource.attrEndpointName);
    this.resource = resource;
  }

  /**
   * Adds a CloudWatch alarm that rolls an update back when it goes into ALARM during the deployment
   * (`DeploymentConfig.AutoRollbackConfiguration`), like those of `rollbackAlarms`: for alarms on
   * this endpoint's own variant metrics, which exist only once the endpoint does. At most 10 in all.
   * The execution role of each model the configuration hosts is granted `cloudwatch:DescribeAlarms`
   * on it.
   *
   * @param alarm the alarm
   */
  public addRollbackAlarm(alarm: cloudwatch.IAlarm): void {
    this.rollbackAlarms.add(alarm);
  }

  /**
   * The configuration of this endpoint.
   *
   * @internal
   */
  public get _endpointConfigOf(): IEndpointConfig | undefined {
    return this.endpointConfig;
  }

  /**
   * The name given to this endpoint, when literal (its metrics name it so).
   *
   * @internal
   */
  public get _literalEndpointName(): string | undefined {
    return this.literalName;
  }

  /**
   * Get instance production variants associated with endpoint.
   */
  public get instanceProductionVariants(): IEndpointInstanceProductionVariant[] {
    const facts = this.variants();
    return facts.instanceVariants.map(v => new EndpointInstanceProductionVariant(this, v.variantName, v, hostingFacts(facts)));
  }

  /**
   * Find instance production variant based on variant name
   * @param name Variant name from production variant
   */
  public findInstanceProductionVariant(name: string): IEndpointInstanceProductionVariant {
    const variant = findInstanceVariant(this, this.variants().instanceVariants, name, this.endpointConfig);
    return new EndpointInstanceProductionVariant(this, variant.variantName, variant, hostingFacts(this.variants()));
  }

  /**
   * Find the serverless production variant by name, for its metrics and the autoscaling of its
   * provisioned concurrency.
   *
   * @param name the variant name
   */
  public findServerlessProductionVariant(name: string): IEndpointServerlessProductionVariant {
    const variant = this.variants().serverlessVariant;
    if (!variant || variant.variantName !== name) {
      fail(this, 'endpoint.variant.lookup', problem(`No serverless variant with name: '${name}'`, 'variant name', show(name),
        `the serverless variant of '${this.endpointConfig.node.path}': ${variant ? show(variant.variantName) : 'none'}`));
    }
    return new EndpointServerlessProductionVariant(this, variant.variantName, variant, hostingFacts(this.variants()));
  }

  /**
   * An instance production variant of this endpoint by name: with a configuration of this library,
   * `findInstanceProductionVariant(variantName)`; with an imported one, the variant as the caller
   * describes it.
   *
   * @param variantName the variant's name
   * @param options what the caller knows of the variant (read only when the configuration is imported)
   */
  public instanceVariantByName(variantName: string, options: InstanceVariantByNameOptions = {}): IEndpointInstanceProductionVariant {
    return configFacts(this.endpointConfig) ? this.findInstanceProductionVariant(variantName) : super.instanceVariantByName(variantName, options);
  }

  /**
   * The serverless production variant of this endpoint by name: with a configuration of this
   * library, `findServerlessProductionVariant(variantName)`; with an imported one, the variant as
   * the caller describes it.
   *
   * @param variantName the variant's name
   * @param options what the caller knows of the variant (read only when the configuration is imported)
   */
  public serverlessVariantByName(variantName: string, options: ServerlessVariantByNameOptions = {}): IEndpointServerlessProductionVariant {
    return configFacts(this.endpointConfig)
      ? this.findServerlessProductionVariant(variantName) : super.serverlessVariantByName(variantName, options);
  }

  /**
   * Creates the recommended CloudWatch alarms of every variant of this endpoint (as each variant's
   * `addRecommendedAlarms()` does, with the same options) and, for an asynchronous endpoint, the
   * alarm on requests queued without any instance (`HasBacklogWithoutCapacity`). Inference
   * components have their own `addRecommendedAlarms()`. The configuration must be of this library.
   *
   * @param id the construct id of the alarms' scope
   * @param options thresholds, evaluation and actions, for every variant
   * @returns the alarms created: each variant's in turn, then the endpoint's
   */
  public addRecommendedAlarms(id: string, options: EndpointAlarmsOptions = {}): cloudwatch.Alarm[] {
    const facts = this.variants();
    const group = new Construct(this, id);
    const hosting = hostingFacts(facts);
    const instance = facts.instanceVariants.map((v, i) => new EndpointInstanceProductionVariant(this, v.variantName, v, hosting)
      .recommendedAlarms(group, literal(v.variantName) ? v.variantName : `Variant${i}`, options));
    const serverless = facts.serverlessVariant
      ? new EndpointServerlessProductionVariant(this, facts.serverlessVariant.variantName, facts.serverlessVariant, hosting)
        .recommendedAlarms(group, literal(facts.serverlessVariant.variantName) ? facts.serverlessVariant.variantName : 'Serverless', options)
      : [];
    const endpointLevel = createRecommendedAlarms('Endpoint', {
      ...this.alarmOwner(group),
      publishFrequency: hosting.metricPublishFrequency,
      candidates: endpointCandidates((m, props) => endpointLevelMetric(this, m, props), facts.asyncInference),
    }, options);
    return [...instance.flat(), ...serverless, ...endpointLevel];
  }

  /**
   * Creates PromQL alarms on SageMaker's detailed observability metrics of this endpoint:
   * insufficient-capacity errors (`ICECount`) and, with `options.timeToFirstToken`, the time to
   * first token over all its variants. The configuration must not turn detailed observability off.
   *
   * @param id the construct id of the alarms' scope
   * @param options the alarms and their actions
   * @returns the alarms created
   */
  public addDetailedObservabilityAlarms(id: string, options: DetailedObservabilityAlarmsOptions = {}): cloudwatch.PromQLAlarm[] {
    return createDetailedObservabilityAlarms(id, {
      ...this.alarmOwner(this),
      labels: { 'aws.sagemaker.endpoint.name': endpointNameDimension(this) },
      detailedObservability: configFacts(this.endpointConfig)?.detailedObservability,
      endpointLevel: true,
    }, options);
  }

  /** Where the endpoint-level alarms go and how they are named and described. */
  private alarmOwner(scope: Construct): AlarmOwner {
    const name = endpointNameDimension(this);
    return { scope, description: `SageMaker endpoint ${name}`, target: `'${this.node.path}'`, owner: this, key: '' };
  }

  /** The variants of this endpoint's configuration, when this library defined it. */
  private variants(): ConfigFacts {
    const facts = configFacts(this.endpointConfig);
    if (!facts) {
      fail(this, 'endpoint.variant.importedConfig', problem('Production variant lookup is not supported for an imported IEndpointConfig', 'endpointConfig',
        `'${this.endpointConfig.node.path}', whose variants are not known to the CDK`,
        'an EndpointConfig of this library, or cloudwatch.Metric with the dimensions EndpointName and VariantName for the metrics'));
    }
    return facts;
  }
}

class ImportedEndpoint extends EndpointBase {
  constructor(scope: Construct, id: string, public readonly endpointArn: string, public readonly endpointName: string) {
    super(scope, id, { environmentFromArn: endpointArn });
  }
}
