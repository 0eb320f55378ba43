import { Duration, Size, Token } from 'aws-cdk-lib';
import { bool, isIntrinsic, list, naming, Naming, num, obj, referencedId, renamed, str, TemplateResource, TemplateView } from './template';
import { AcceleratorType } from '../../accelerator-type';
import { AsyncNotificationTarget } from '../../async-inference';
import { ContainerMode, InferenceExecutionMode } from '../../container-definition';
import { CapacitySize } from '../../deployment';
import { InstanceType } from '../../instance-type';
import { CompressionType, S3DataType } from '../../model-data';
import { RoutingStrategy } from '../../variant-settings';
import type { DeploymentSpec } from '../deployment';
import { tagged } from '../errors';
import type { ModelFacts } from '../facts';
import { ASYNC_HOSTING, ASYNC_INFERENCE } from '../rules/async-inference';
import { COMPONENT_HOSTING } from '../rules/component-hosting';
import { BOUND_CONTAINER, CONTAINER } from '../rules/container';
import { REGISTRY_IMAGE } from '../rules/container-image';
import { DATA_CAPTURE, DATA_CAPTURE_HOSTING } from '../rules/data-capture';
import { DEPLOYMENT, DEPLOYMENT_PROPS, DeploymentVariant } from '../rules/deployment';
import { ENDPOINT, ENDPOINT_PROPS } from '../rules/endpoint';
import { ENDPOINT_CONFIG, ENDPOINT_CONFIG_PROPS, HostedVariant } from '../rules/endpoint-config';
import { EXPLAINER } from '../rules/explainer';
import { COMPONENT, COMPONENT_PROPS, COMPONENT_SPECIFICATION } from '../rules/inference-component';
import { INSTANCE_TYPE, ACCELERATOR_TYPE } from '../rules/instance-type';
import { METRICS_CONFIG } from '../rules/metrics-config';
import { MODEL, MODEL_PROPS, ModelContainer } from '../rules/model';
import { MODEL_PACKAGE } from '../rules/model-package';
import { INSTANCE_VARIANT, INSTANCE_VARIANT_ADD, SERVERLESS_VARIANT, SERVERLESS_VARIANT_ADD } from '../rules/production-variant';
import { annotationId, findings, Rule, RuleSet } from '../rules/rule';
import {
  BACKLOG_TARGET, CONCURRENT_REQUESTS_TARGET, COPY_SCALING, INSTANCE_SCALING, PROVISIONED_SCALING, PROVISIONED_UTILIZATION_TARGET, UTILIZATION_TARGET,
} from '../rules/scaling';
import { ServedHost, SERVED_CONTAINER, SERVING_HOSTING } from '../rules/serving';
import { SHADOW_VARIANT_ADD, SHADOW_VARIANTS } from '../rules/shadow-variants';
import { RenderedTag } from '../rules/tags';
import { VARIANT_SETTINGS } from '../rules/variant-settings';
import { ENGINES, ServedContainer, tensorParallelOf } from '../serving';
import { SERVING_IMAGES } from '../serving-images.generated';
import type { ConfigState, ModelRef, ServerlessEntryInput, VariantEntryInput, VariantPropsInput } from '../variants';

/*
 * The CloudFormation door: the rule tables of the constructs, run on the properties of
 * AWS::SageMaker::Model, EndpointConfig, Endpoint and SageMaker's Application Auto Scaling targets and
 * policies as a template holds them. Each resource's properties are read into the inputs the
 * constructs hand the same tables (with what the template tells of the resources it references), and
 * each problem names the CloudFormation property (`ProductionVariants[0].ServerlessConfig.MemorySizeInMB`).
 * A table or rule whose `cfn` says why is not run here.
 */

/** The types the door reads. */
export const CHECKED_TYPES: readonly string[] = [
  'AWS::SageMaker::Model', 'AWS::SageMaker::EndpointConfig', 'AWS::SageMaker::Endpoint', 'AWS::SageMaker::InferenceComponent',
  'AWS::ApplicationAutoScaling::ScalableTarget', 'AWS::ApplicationAutoScaling::ScalingPolicy',
];

/** The rule tables the door runs, by resource type (the rule counts read them). */
export const CFN_RULE_SETS: ReadonlyArray<RuleSet<any>> = [
  MODEL_PROPS, CONTAINER, BOUND_CONTAINER, MODEL, MODEL_PACKAGE, REGISTRY_IMAGE,
  ENDPOINT_CONFIG_PROPS, INSTANCE_VARIANT_ADD, INSTANCE_VARIANT, VARIANT_SETTINGS, SERVERLESS_VARIANT_ADD, SERVERLESS_VARIANT,
  SHADOW_VARIANT_ADD, SHADOW_VARIANTS, INSTANCE_TYPE, ENDPOINT_CONFIG, DATA_CAPTURE, DATA_CAPTURE_HOSTING, ASYNC_INFERENCE, ASYNC_HOSTING,
  COMPONENT_HOSTING, EXPLAINER, METRICS_CONFIG, SERVED_CONTAINER, SERVING_HOSTING,
  ENDPOINT_PROPS, ENDPOINT, DEPLOYMENT_PROPS, DEPLOYMENT,
  COMPONENT_PROPS, COMPONENT_SPECIFICATION, COMPONENT,
  INSTANCE_SCALING, PROVISIONED_SCALING, COPY_SCALING, CONCURRENT_REQUESTS_TARGET, PROVISIONED_UTILIZATION_TARGET, BACKLOG_TARGET,
  UTILIZATION_TARGET,
];

/** A problem the door found in a resource. */
export interface CfnFinding {
  /** The rule's id. */
  readonly ruleId: string;
  readonly severity: 'error' | 'warning';
  /** The problem, ending with `[rule: <id>]`. */
  readonly message: string;
  /** The acknowledgeable id of a warning (`cdk-sagemaker-hosting:<id>`). */
  readonly annotation: string;
  readonly logicalId: string;
}

/** Whether a rule of a table is run on CloudFormation properties. */
export function checkedOnCfn(set: RuleSet<any>, rule: Rule<any>): boolean {
  return CFN_RULE_SETS.includes(set) && set.cfn === undefined && rule.cfn === undefined;
}

/** The problems of one resource. */
export function checkResource(view: TemplateView, resource: TemplateResource): CfnFinding[] {
  const found: CfnFinding[] = [];
  const run = <T>(set: RuleSet<T>, input: T, names: Naming) => {
    for (const rule of set.rules) {
      if (!checkedOnCfn(set, rule)) {
        continue;
      }
      let messages: string[];
      try {
        messages = flatten(rule.check(input)).map(message => renamed(message, names));
      } catch {
        // a value of a shape the rule does not read (cfn-lint reports a template that is not valid)
        messages = [];
      }
      for (const message of messages) {
        found.push({
          ruleId: rule.id,
          severity: rule.severity ?? 'error',
          message: tagged(message, rule.id),
          annotation: annotationId(rule),
          logicalId: resource.logicalId,
        });
      }
    }
  };
  switch (resource.type) {
    case 'AWS::SageMaker::Model': checkModel(resource, run); break;
    case 'AWS::SageMaker::EndpointConfig': checkEndpointConfig(view, resource, run); break;
    case 'AWS::SageMaker::Endpoint': checkEndpoint(view, resource, run); break;
    case 'AWS::SageMaker::InferenceComponent': checkInferenceComponent(view, resource, run); break;
    case 'AWS::ApplicationAutoScaling::ScalableTarget': checkScalableTarget(view, resource, run); break;
    case 'AWS::ApplicationAutoScaling::ScalingPolicy': checkScalingPolicy(view, resource, run); break;
    default: break;
  }
  return found;
}

/** Every problem of every resource of a template the door reads. */
export function checkTemplate(view: TemplateView, include: (resource: TemplateResource) => boolean = () => true): CfnFinding[] {
  return CHECKED_TYPES.flatMap(type => view.ofType(type)).filter(include).flatMap(r => checkResource(view, r));
}

type Run = <T>(set: RuleSet<T>, input: T, names: Naming) => void;

function flatten(finding: string | undefined | ReadonlyArray<string | undefined>): string[] {
  if (finding === undefined) {
    return [];
  }
  return (typeof finding === 'string' ? [finding] : finding).filter((f): f is string => f !== undefined);
}

/** The tags of a resource as `Tags` lists them (key/value pairs; none when computed). */
function tagsOf(resource: TemplateResource): RenderedTag[] {
  return (list(resource.properties.Tags) ?? []).flatMap(t => obj(t) && t.Key !== undefined ? [{ key: str(t.Key)!, value: str(t.Value) ?? '' }] : []);
}

/**
 * An instance type of the template; one that `InstanceType.of()` rejects (reported by the door's
 * `instanceType.prefix`) is a token, which no other rule reads.
 */
function instanceType(name: string): InstanceType {
  return InstanceType.of(findings(INSTANCE_TYPE, name).length === 0 ? name : Token.asString({ 'Fn::Sub': name }));
}

/** An accelerator type of the template (`AcceleratorType.of()`; one it rejects is a token). */
function acceleratorType(name: string): AcceleratorType {
  return AcceleratorType.of(findings(ACCELERATOR_TYPE, name).length === 0 ? name : Token.asString({ 'Fn::Sub': name }));
}

/**
 * An `Environment` map: each computed value (a reference, a parameter) a token, numbers and booleans
 * as they are (for the rule that rejects them); undefined when the whole map is computed.
 */
function environmentOf(value: unknown): { [key: string]: string } | undefined {
  const map = obj(value);
  return map && Object.fromEntries(Object.entries(map).map(([k, v]) => [k, typeof v === 'object' && v !== null ? Token.asString(v) : v]));
}

/** The member of a string enum a property names; undefined for any other value (cfn-lint reports it). */
function member<T extends string>(values: Record<string, T>, value: unknown): T | undefined {
  return Object.values(values).find(v => v === value);
}

const seconds = (value: unknown) => value === undefined ? undefined : Duration.seconds(num(value)!);

// ---------------------------------------------------------------------------------------------------------------------
// AWS::SageMaker::Model

/** The containers of a model's properties: `Containers`, or the one `PrimaryContainer`. */
function containersOf(resource: TemplateResource): { containers: Array<Record<string, any>>; primary: boolean } | undefined {
  const p = resource.properties;
  if (p.Containers !== undefined) {
    const containers = list(p.Containers);
    return containers && { containers: containers.map(c => obj(c) ?? {}), primary: false };
  }
  return { containers: p.PrimaryContainer !== undefined ? [obj(p.PrimaryContainer) ?? {}] : [], primary: true };
}

function modeOf(container: Record<string, any>): ContainerMode {
  return str(container.Mode) === ContainerMode.MULTI_MODEL ? ContainerMode.MULTI_MODEL : ContainerMode.SINGLE_MODEL;
}

/** The model data of a container as the rules read it: `ModelDataSource.S3DataSource`, or `ModelDataUrl`. */
function modelDataOf(container: Record<string, any>, mode: ContainerMode) {
  const source = obj(obj(container.ModelDataSource)?.S3DataSource);
  if (source) {
    return {
      uri: str(source.S3Uri) ?? '',
      s3DataType: str(source.S3DataType) as S3DataType,
      compressionType: str(source.CompressionType) as CompressionType,
      acceptEula: bool(obj(source.ModelAccessConfig)?.AcceptEula) ?? false,
    };
  }
  if (container.ModelDataUrl === undefined) {
    return undefined;
  }
  // a multi-model container's ModelDataUrl is the prefix of its models; any other's is a .tar.gz object
  return {
    uri: str(container.ModelDataUrl)!,
    s3DataType: mode === ContainerMode.MULTI_MODEL ? S3DataType.S3_PREFIX : S3DataType.S3_OBJECT,
    compressionType: CompressionType.GZIP,
    acceptEula: false,
  };
}

function modelNaming(primary: boolean): Naming {
  return naming(name => {
    const m = /^containers\[(\d+)\](?:\.(.*))?$/.exec(name);
    if (m) {
      const at = primary ? 'PrimaryContainer' : `Containers[${m[1]}]`;
      const env = /^environment(\[.*\]| key)?$/.exec(m[2] ?? '');
      return { at: env ? `${at}.Environment${env[1] === ' key' ? '' : env[1] ?? ''}` : at, rest: env ? '' : m[2] ?? '' };
    }
    if (name === 'environment key' || name === 'environment') {
      return { at: primary ? 'PrimaryContainer.Environment' : 'Containers[].Environment', rest: '' };
    }
    if (name === 'role ARN') {
      return { at: 'ExecutionRoleArn', rest: '' };
    }
    if (name.startsWith('securityGroups')) {
      return { at: 'VpcConfig.SecurityGroupIds', rest: '' };
    }
    if (name.startsWith('vpcSubnets')) {
      return { at: 'VpcConfig.Subnets', rest: '' };
    }
    if (name === 'containerHostname' || name === 'mode') {
      return { at: `${primary ? 'PrimaryContainer' : 'Containers[]'}.${name === 'mode' ? 'Mode' : 'ContainerHostname'}`, rest: '' };
    }
    return undefined;
  });
}

function checkModel(r: TemplateResource, run: Run): void {
  const p = r.properties;
  const names = modelNaming(containersOf(r)?.primary ?? true);
  const roleArn = str(p.ExecutionRoleArn);
  run(MODEL_PROPS, { modelName: str(p.ModelName), role: roleArn !== undefined ? { roleArn } : undefined }, names);
  const of = containersOf(r);
  if (!of) {
    return;
  }
  const vpc = obj(p.VpcConfig);
  const networkIsolation = bool(p.EnableNetworkIsolation) ?? false;
  const bound = of.containers.map((c, index): ModelContainer => {
    const mode = modeOf(c);
    const where = `containers[${index}]`;
    const cache = str(obj(c.MultiModelConfig)?.ModelCacheSetting);
    const environment = environmentOf(c.Environment);
    run(CONTAINER, {
      where,
      mode,
      container: {
        image: c.Image !== undefined ? {} : undefined,
        modelPackage: c.ModelPackageName !== undefined ? {} : undefined,
        modelData: c.ModelDataUrl !== undefined || c.ModelDataSource !== undefined ? {} : undefined,
        containerHostname: str(c.ContainerHostname),
        environment,
        modelCacheEnabled: cache === undefined ? undefined : cache === 'Enabled',
      },
    }, names);
    const data = modelDataOf(c, mode);
    run(BOUND_CONTAINER, {
      where,
      mode,
      data,
      privateRegistry: str(obj(obj(c.ImageConfig))?.RepositoryAccessMode) === 'Vpc',
      inVpc: p.VpcConfig !== undefined,
    }, names);
    const containerAt = of.primary ? 'PrimaryContainer' : `Containers[${index}]`;
    const image = servingImageOf(c.Image);
    if (image) {
      run(SERVED_CONTAINER, {
        where,
        served: servedContainer(where, image, environment),
        version: image.version,
        environment,
        modelData: c.ModelDataUrl !== undefined || c.ModelDataSource !== undefined,
        networkIsolation,
      }, names);
    }
    if (c.Image !== undefined) {
      run(REGISTRY_IMAGE, str(c.Image)!, naming(() => ({ at: `${containerAt}.Image`, rest: '' })));
    }
    if (typeof c.ModelPackageName === 'string') {
      run(MODEL_PACKAGE, c.ModelPackageName, naming(() => ({ at: `${containerAt}.ModelPackageName`, rest: '' })));
    }
    return { index, hostname: str(c.ContainerHostname), mode, environment };
  });
  const securityGroups = vpc ? list(vpc.SecurityGroupIds) : undefined;
  const subnets = vpc ? list(vpc.Subnets) : undefined;
  run(MODEL, {
    inferenceExecutionMode: str(obj(p.InferenceExecutionConfig)?.Mode) as InferenceExecutionMode | undefined,
    containers: bound,
    network: vpc && securityGroups && subnets
      ? { securityGroupIds: securityGroups.map(id => str(id)!), subnetIds: subnets.map(s => str(s)!) }
      : undefined,
    tags: tagsOf(r),
  }, names);
}

/** An image of SageMaker's serving engines (the table `ServingImage` is generated from), by its repository and tag. */
interface ServingImageOf {
  readonly engine: string;
  readonly accelerator: string;
  readonly version: string;
  readonly repository: string;
  readonly tag: string;
}

/**
 * The serving image an `Image` names: its repository and tag (the end of the URI, literal also when the
 * account and region are computed, as `ServingImage` renders them in an environment-agnostic stack)
 * are those of exactly one engine and accelerator of the table. An image the table lists for two
 * accelerators (XGBoost: one image for CPU and GPU) is not one: its instance types are not checked.
 */
function servingImageOf(value: unknown): ServingImageOf | undefined {
  const uri = resourceIdText(value);
  const m = uri === undefined ? null : /\.dkr\.ecr\.[^/]*\/([a-z0-9._/-]+):([A-Za-z0-9._-]+)$/.exec(uri);
  if (!m) {
    return undefined;
  }
  const found: ServingImageOf[] = [];
  for (const [engine, accelerators] of Object.entries(SERVING_IMAGES)) {
    for (const [accelerator, versions] of Object.entries(accelerators)) {
      for (const [version, [repository, tag]] of Object.entries(versions)) {
        if (repository === m[1] && tag === m[2]) {
          found.push({ engine, accelerator, version, repository, tag });
        }
      }
    }
  }
  return found.length === 1 ? found[0] : undefined;
}

/** What the serving rules read of a container running a serving image. */
function servedContainer(where: string, image: ServingImageOf, environment?: { [key: string]: string }): ServedContainer {
  const engine = ENGINES[image.engine];
  const tp = tensorParallelOf(engine, environment);
  return {
    where,
    image: `${image.repository}:${image.tag}`,
    engine,
    accelerator: image.accelerator,
    cuda13: /(^|-)cu13\d/.test(image.tag),
    tensorParallelDegree: tp.degree,
    tensorParallelVariable: tp.variable,
  };
}

/** What an endpoint configuration's rules need to know of a model of the template (nothing for a model it does not hold). */
function modelFactsOf(model: TemplateResource | undefined): ModelFacts | undefined {
  const of = model && containersOf(model);
  if (!model || !of) {
    return undefined;
  }
  const p = model.properties;
  const exclusions: Array<{ text: string; shadow: boolean }> = [];
  if (p.VpcConfig !== undefined) {
    exclusions.push({ text: 'a VPC (VpcConfig)', shadow: false });
  }
  if (bool(p.EnableNetworkIsolation)) {
    exclusions.push({ text: 'network isolation (EnableNetworkIsolation)', shadow: false });
  }
  if (of.containers.length > 1) {
    exclusions.push({ text: `${of.containers.length} containers (an inference pipeline or direct invocation)`, shadow: true });
  }
  of.containers.forEach((c, i) => {
    const at = of.primary ? 'PrimaryContainer' : `Containers[${i}]`;
    if (modeOf(c) === ContainerMode.MULTI_MODEL) {
      exclusions.push({ text: `a multi-model container (${at}.Mode MultiModel)`, shadow: true });
    }
    if (str(obj(c.ImageConfig)?.RepositoryAccessMode) === 'Vpc') {
      exclusions.push({ text: `a private registry image (${at}.ImageConfig)`, shadow: false });
    }
    if (c.ModelDataSource !== undefined) {
      exclusions.push({ text: `uncompressed or prefix model data (${at}.ModelDataSource)`, shadow: false });
    }
  });
  return {
    multiModel: of.containers.some(c => modeOf(c) === ContainerMode.MULTI_MODEL),
    serverlessExclusions: exclusions.map(e => e.text),
    shadowExclusions: exclusions.filter(e => e.shadow).map(e => e.text),
    modelPackages: of.containers.flatMap((c, i) => c.ModelPackageName !== undefined
      ? [of.primary ? 'PrimaryContainer.ModelPackageName' : `Containers[${i}].ModelPackageName`] : []),
    directHostnames: str(obj(p.InferenceExecutionConfig)?.Mode) === InferenceExecutionMode.DIRECT
      ? of.containers.map(c => str(c.ContainerHostname) ?? '') : undefined,
    served: of.containers.flatMap((c, i) => {
      const image = servingImageOf(c.Image);
      return image ? [servedContainer(`containers[${i}]`, image, environmentOf(c.Environment))] : [];
    }),
  };
}

// ---------------------------------------------------------------------------------------------------------------------
// AWS::SageMaker::EndpointConfig

/** The CloudFormation paths of the configuration-level properties the rules name. */
const CONFIG_PATHS: Readonly<Record<string, string>> = {
  'dataCapture.samplingPercentage': 'DataCaptureConfig.InitialSamplingPercentage',
  'dataCapture.captureInput, captureOutput': 'DataCaptureConfig.CaptureOptions',
  'dataCapture.jsonContentTypes': 'DataCaptureConfig.CaptureContentTypeHeader.JsonContentTypes',
  'dataCapture.csvContentTypes': 'DataCaptureConfig.CaptureContentTypeHeader.CsvContentTypes',
  'dataCapture.destinationPrefix': 'DataCaptureConfig.DestinationS3Uri',
  'dataCapture': 'DataCaptureConfig',
  'asyncInference.maxConcurrentInvocationsPerInstance': 'AsyncInferenceConfig.ClientConfig.MaxConcurrentInvocationsPerInstance',
  'asyncInference.outputPrefix': 'AsyncInferenceConfig.OutputConfig.S3OutputPath',
  'asyncInference.failurePrefix': 'AsyncInferenceConfig.OutputConfig.S3FailurePath',
  'asyncInference.includeInferenceResponseIn': 'AsyncInferenceConfig.OutputConfig.NotificationConfig.IncludeInferenceResponseIn',
  'asyncInference': 'AsyncInferenceConfig',
  'encryptionKey key ARN': 'KmsKeyId',
  'metricsConfig.metricPublishFrequency': 'MetricsConfig.MetricPublishFrequencyInSeconds',
  'explainer.enableExplanations': 'ExplainerConfig.ClarifyExplainerConfig.EnableExplanations',
  'explainer.shap.baseline': 'ExplainerConfig.ClarifyExplainerConfig.ShapConfig.ShapBaselineConfig.ShapBaseline',
  'explainer.shap.baselineBucket': 'ExplainerConfig.ClarifyExplainerConfig.ShapConfig.ShapBaselineConfig.ShapBaselineUri',
  'explainer.shap.baselineKey': 'ExplainerConfig.ClarifyExplainerConfig.ShapConfig.ShapBaselineConfig.ShapBaselineUri',
  'explainer.shap.baseline, explainer.shap.baselineBucket': 'ExplainerConfig.ClarifyExplainerConfig.ShapConfig.ShapBaselineConfig',
  'explainer.inference.maxPayload': 'ExplainerConfig.ClarifyExplainerConfig.InferenceConfig.MaxPayloadInMB',
  'vpcSubnets': 'VpcConfig.Subnets',
  'securityGroups': 'VpcConfig.SecurityGroupIds',
};

/** A variant of the configuration's properties, read. */
interface ReadVariant {
  /** `ProductionVariants[0]` or `ShadowProductionVariants[0]`. */
  readonly at: string;
  readonly name: string;
  readonly properties: Record<string, any>;
  readonly model?: TemplateResource;
}

function readVariants(view: TemplateView, value: unknown, list_: 'ProductionVariants' | 'ShadowProductionVariants'): ReadVariant[] {
  return (list(value) ?? []).flatMap((v, i) => {
    const properties = obj(v);
    return properties ? [{
      at: `${list_}[${i}]`,
      name: str(properties.VariantName) ?? '',
      properties,
      model: view.referenced(properties.ModelName, 'AWS::SageMaker::Model', 'ModelName'),
    }] : [];
  });
}

/** The names of a configuration's properties; `current` is the variant being checked (for what a rule names bare). */
function configNaming(variants: readonly ReadVariant[], current?: ReadVariant, prefix = ''): Naming {
  return naming(name => {
    const m = /^(?:shadow |serverless )?variant '([^']*)'(?: (.*))?$/.exec(name);
    if (m) {
      const variant = current?.name === m[1] ? current : variants.find(v => v.name === m[1]);
      if (variant) {
        return { at: `${prefix}${variant.at}`, rest: m[2] ?? '' };
      }
    }
    if (CONFIG_PATHS[name]) {
      return { at: `${prefix}${CONFIG_PATHS[name]}`, rest: '' };
    }
    const explainer = /^explainer\.(shap|inference)\.(.+)$/.exec(name);
    if (explainer) {
      return { at: `${prefix}ExplainerConfig.ClarifyExplainerConfig.${explainer[1] === 'shap' ? 'ShapConfig' : 'InferenceConfig'}`, rest: explainer[2] };
    }
    if (name === 'instance variant' || name === 'serverless variant') {
      return { at: `${prefix}${current?.at ?? 'ProductionVariants'}`, rest: '' };
    }
    if (current && (name === 'variantName' || name === 'instanceType')) {
      return { at: `${prefix}${current.at}`, rest: name };
    }
    return undefined;
  }, prefix);
}

/**
 * The instance types a variant runs on: `InstanceType`, or its pools' types by priority (a token
 * when it has neither, as on a serverless variant).
 */
function instanceTypesOf(p: Record<string, any>): InstanceType[] {
  return instanceTypeNames(p).map(instanceType);
}

/** The names of the instance types a variant runs on, as the template has them. */
function instanceTypeNames(p: Record<string, any>): string[] {
  const pools = p.InstancePools !== undefined ? list(p.InstancePools)?.map(pool => obj(pool) ?? {}) : undefined;
  return pools && p.InstanceType === undefined
    ? [...pools].sort((a, b) => (num(a.Priority) ?? 0) - (num(b.Priority) ?? 0)).map(pool => str(pool.InstanceType) ?? '')
    : [p.InstanceType !== undefined ? str(p.InstanceType)! : Token.asString({ Ref: 'AWS::NoValue' })];
}

/** A variant entry as the configuration of this library stores it (defaults applied). */
function instanceEntry(v: ReadVariant, env: ModelRef['env']): VariantEntryInput {
  const p = v.properties;
  const scaling = obj(p.ManagedInstanceScaling);
  const scaleIn = obj(scaling?.ScaleInPolicy);
  const routing = obj(p.RoutingConfig);
  const prefixAware = obj(routing?.PrefixAwareRoutingConfig);
  const pools = p.InstancePools !== undefined ? list(p.InstancePools)?.map(pool => obj(pool) ?? {}) : undefined;
  const reservation = obj(p.CapacityReservationConfig);
  const coreDump = obj(p.CoreDumpConfig);
  const props: VariantPropsInput = {
    variantName: v.name,
    model: v.model ? modelRef(env, v.model) : undefined,
    initialVariantWeight: num(p.InitialVariantWeight),
    initialInstanceCount: num(p.InitialInstanceCount),
    instanceType: p.InstanceType !== undefined ? instanceType(str(p.InstanceType)!) : undefined,
    containerStartupHealthCheckTimeout: seconds(p.ContainerStartupHealthCheckTimeoutInSeconds),
    volumeSize: p.VolumeSizeInGB !== undefined ? Size.gibibytes(num(p.VolumeSizeInGB)!) : undefined,
    modelDataDownloadTimeout: seconds(p.ModelDataDownloadTimeoutInSeconds),
    instanceProvisionTimeout: seconds(p.VariantInstanceProvisionTimeoutInSeconds),
    enableSsmAccess: bool(p.EnableSSMAccess),
    inferenceAmiVersion: str(p.InferenceAmiVersion),
    routingStrategy: member(RoutingStrategy, routing?.RoutingStrategy),
    prefixAwareRouting: prefixAware && { concurrencyThreshold: num(prefixAware.ConcurrencyThreshold), prefixLength: num(prefixAware.PrefixLength) },
    coreDump: coreDump && { destinationBucket: { s3UrlForObject: () => str(coreDump.DestinationS3Uri) ?? '' } },
    capacityReservation: reservation && { mlReservationArn: str(reservation.MlReservationArn) ?? '' },
    instancePools: pools?.map(pool => ({
      instanceType: instanceType(str(pool.InstanceType) ?? ''),
      priority: num(pool.Priority)!,
      model: pool.ModelNameOverride !== undefined ? modelRef(env, undefined, str(pool.ModelNameOverride)) : undefined,
    })),
    managedInstanceScaling: scaling && str(scaling.Status) !== 'DISABLED' ? {
      minInstanceCount: num(scaling.MinInstanceCount),
      maxInstanceCount: num(scaling.MaxInstanceCount)!,
      scaleInPolicy: scaleIn && {
        maximumStepSize: num(scaleIn.MaximumStepSize),
        cooldown: scaleIn.CooldownInMinutes !== undefined ? Duration.minutes(num(scaleIn.CooldownInMinutes)!) : undefined,
      },
    } : undefined,
  };
  const types = instanceTypesOf(p);
  return {
    model: props.model,
    props,
    variantName: v.name,
    modelName: str(p.ModelName),
    initialVariantWeight: props.initialVariantWeight ?? 1.0,
    initialInstanceCount: props.initialInstanceCount ?? 1,
    instanceType: types[0],
    instanceTypes: types,
    acceleratorType: p.AcceleratorType !== undefined ? acceleratorType(str(p.AcceleratorType)!) : undefined,
    containerStartupHealthCheckTimeout: props.containerStartupHealthCheckTimeout,
  };
}

/**
 * What the rules read of a variant's model: its construct path (or logical id, or name) for the
 * messages, and its account and region: a template's resources share one, the configuration's.
 */
function modelRef(env: ModelRef['env'], model: TemplateResource | undefined, name?: string): ModelRef {
  return { node: { path: model?.path ?? model?.logicalId ?? name ?? '' }, env };
}

function checkEndpointConfig(view: TemplateView, r: TemplateResource, run: Run): void {
  const p = r.properties;
  const production = readVariants(view, p.ProductionVariants, 'ProductionVariants');
  const shadows = readVariants(view, p.ShadowProductionVariants, 'ShadowProductionVariants');
  const all = [...production, ...shadows];
  const names = configNaming(all);
  const kmsKeyId = str(p.KmsKeyId);
  run(ENDPOINT_CONFIG_PROPS, {
    endpointConfigName: str(p.EndpointConfigName),
    encryptionKey: kmsKeyId !== undefined ? { keyRef: { keyArn: kmsKeyId } } : undefined,
  }, names);
  const config = {
    env: view.env,
    instanceVariantNames: [] as string[],
    shadowVariantNames: [] as string[],
    componentVariantNames: [] as string[],
    serverlessVariantName: undefined as string | undefined,
    encrypted: p.KmsKeyId !== undefined,
  };
  const snapshot = (): ConfigState => ({
    ...config,
    instanceVariantNames: [...config.instanceVariantNames],
    shadowVariantNames: [...config.shadowVariantNames],
    componentVariantNames: [...config.componentVariantNames],
  });
  const hosted: Array<HostedVariant<VariantEntryInput>> = [];
  const hostedShadows: Array<HostedVariant<VariantEntryInput>> = [];
  let serverless: HostedVariant<ServerlessEntryInput> | undefined;
  for (const v of production) {
    const at = configNaming(all, v);
    const hostsModel = v.properties.ModelName !== undefined;
    const serverlessConfig = obj(v.properties.ServerlessConfig);
    if (serverlessConfig) {
      run(SERVERLESS_VARIANT_ADD, { variantName: v.name, hostsModel, config: snapshot() }, at);
      const variant: ServerlessEntryInput = {
        model: modelRef(view.env, v.model),
        variantName: v.name,
        modelName: str(v.properties.ModelName)!,
        initialVariantWeight: num(v.properties.InitialVariantWeight) ?? 1.0,
        maxConcurrency: num(serverlessConfig.MaxConcurrency)!,
        memorySizeInMB: num(serverlessConfig.MemorySizeInMB)!,
        provisionedConcurrency: num(serverlessConfig.ProvisionedConcurrency),
      };
      run(SERVERLESS_VARIANT, { variant, config: snapshot() }, at);
      config.serverlessVariantName ??= v.name;
      serverless ??= { variant, model: modelFactsOf(v.model) };
      continue;
    }
    run(INSTANCE_VARIANT_ADD, { variantName: v.name, hostsModel, config: snapshot() }, at);
    const variant = instanceEntry(v, view.env);
    instanceTypeNames(v.properties).forEach(type => run(INSTANCE_TYPE, type, at));
    run(INSTANCE_VARIANT, { variant, config: snapshot() }, at);
    run(VARIANT_SETTINGS, { variant, config: snapshot() }, at);
    config.instanceVariantNames.push(v.name);
    if (!hostsModel) {
      config.componentVariantNames.push(v.name);
    }
    hosted.push({ variant, model: modelFactsOf(v.model) });
  }
  for (const v of shadows) {
    const at = configNaming(all, v);
    const hostsModel = v.properties.ModelName !== undefined;
    run(SHADOW_VARIANT_ADD, { variantName: v.name, hostsModel, config: snapshot() }, at);
    const variant = instanceEntry(v, view.env);
    instanceTypeNames(v.properties).forEach(type => run(INSTANCE_TYPE, type, at));
    run(INSTANCE_VARIANT, { variant, config: snapshot() }, at);
    run(VARIANT_SETTINGS, { variant, config: snapshot() }, at);
    config.shadowVariantNames.push(v.name);
    if (!hostsModel) {
      config.componentVariantNames.push(v.name);
    }
    hostedShadows.push({ variant, model: modelFactsOf(v.model) });
  }
  if (list(p.ProductionVariants)) {
    run(ENDPOINT_CONFIG, { instanceVariants: hosted, serverlessVariant: serverless, tags: tagsOf(r) }, names);
  }
  const modelPackageVariants = hosted
    .map(({ variant, model }) => ({ variantName: variant.variantName, containers: model?.modelPackages ?? [] }))
    .filter(v => v.containers.length > 0);
  const capture = obj(p.DataCaptureConfig);
  if (p.DataCaptureConfig !== undefined) {
    run(DATA_CAPTURE_HOSTING, { serverlessVariantName: config.serverlessVariantName, modelPackageVariants }, names);
  }
  if (capture) {
    const options = list(capture.CaptureOptions)?.map(o => str(obj(o)?.CaptureMode));
    const header = obj(capture.CaptureContentTypeHeader);
    run(DATA_CAPTURE, {
      props: {
        samplingPercentage: num(capture.InitialSamplingPercentage),
        captureInput: options ? options.includes('Input') : undefined,
        captureOutput: options ? options.includes('Output') : undefined,
        jsonContentTypes: header && list(header.JsonContentTypes)?.map(t => str(t)!),
        csvContentTypes: header && list(header.CsvContentTypes)?.map(t => str(t)!),
      },
      destinationUri: str(capture.DestinationS3Uri)!,
    }, names);
  }
  const async = obj(p.AsyncInferenceConfig);
  if (p.AsyncInferenceConfig !== undefined) {
    run(ASYNC_HOSTING, { serverlessVariantName: config.serverlessVariantName, modelPackageVariants }, names);
  }
  if (async) {
    const output = obj(async.OutputConfig);
    const notification = obj(output?.NotificationConfig);
    run(ASYNC_INFERENCE, {
      props: {
        maxConcurrentInvocationsPerInstance: num(obj(async.ClientConfig)?.MaxConcurrentInvocationsPerInstance),
        includeInferenceResponseIn: notification && list(notification.IncludeInferenceResponseIn)
          ?.flatMap(t => member(AsyncNotificationTarget, t) ?? []),
        successTopic: notification?.SuccessTopic,
        errorTopic: notification?.ErrorTopic,
      },
      outputUri: str(output?.S3OutputPath) ?? '',
      failureUri: str(output?.S3FailurePath),
    }, names);
  }
  const clarify = obj(obj(p.ExplainerConfig)?.ClarifyExplainerConfig);
  if (clarify) {
    const shap = obj(clarify.ShapConfig) ?? {};
    const baseline = obj(shap.ShapBaselineConfig) ?? {};
    const text = obj(shap.TextConfig);
    const inference = obj(clarify.InferenceConfig);
    const strings = (value: unknown) => list(value)?.map(x => str(x)!);
    run(EXPLAINER, {
      enableExplanations: str(clarify.EnableExplanations),
      shap: {
        baseline: str(baseline.ShapBaseline),
        baselineBucket: baseline.ShapBaselineUri !== undefined ? { s3UrlForObject: () => str(baseline.ShapBaselineUri) ?? '' } : undefined,
        baselineKey: baseline.ShapBaselineUri !== undefined ? '' : undefined,
        numberOfSamples: num(shap.NumberOfSamples),
        seed: num(shap.Seed),
        text: text && { language: str(text.Language) },
      },
      inference: inference && {
        contentTemplate: str(inference.ContentTemplate),
        featuresAttribute: str(inference.FeaturesAttribute),
        labelAttribute: str(inference.LabelAttribute),
        probabilityAttribute: str(inference.ProbabilityAttribute),
        featureHeaders: strings(inference.FeatureHeaders),
        featureTypes: strings(inference.FeatureTypes),
        labelHeaders: strings(inference.LabelHeaders),
        labelIndex: num(inference.LabelIndex),
        probabilityIndex: num(inference.ProbabilityIndex),
        maxRecordCount: num(inference.MaxRecordCount),
        maxPayload: inference.MaxPayloadInMB !== undefined ? Size.mebibytes(num(inference.MaxPayloadInMB)!) : undefined,
      },
    }, names);
  }
  const metrics = obj(p.MetricsConfig);
  if (metrics) {
    run(METRICS_CONFIG, { metricPublishFrequency: seconds(metrics.MetricPublishFrequencyInSeconds) }, names);
  }
  const vpc = obj(p.VpcConfig);
  const securityGroups = vpc && list(vpc.SecurityGroupIds);
  run(COMPONENT_HOSTING, {
    componentVariantNames: config.componentVariantNames,
    modelVariantNames: all.filter(v => v.properties.ModelName !== undefined).map(v => v.name),
    executionRole: p.ExecutionRoleArn !== undefined,
    vpc: p.VpcConfig !== undefined,
    networkIsolation: bool(p.EnableNetworkIsolation),
    subnetIds: vpc && list(vpc.Subnets)?.map(s => str(s)!),
    securityGroupCount: securityGroups?.length,
    subnetsWithoutVpc: false,
    securityGroupsWithoutVpc: false,
  }, names);
  if (shadows.length > 0) {
    run(SHADOW_VARIANTS, { productionVariants: hosted, shadowVariants: hostedShadows, asyncInference: p.AsyncInferenceConfig !== undefined }, names);
  }
  const host = (where: string, { variant, model }: HostedVariant<VariantEntryInput>): ServedHost => ({
    where,
    kind: 'variant',
    instanceTypes: variant.instanceTypes.map(t => t.toString()),
    served: model?.served ?? [],
    inferenceAmiVersion: variant.props.inferenceAmiVersion,
  });
  const hosts: ServedHost[] = [
    ...hosted.map(h => host(`variant '${h.variant.variantName}'`, h)),
    ...hostedShadows.map(h => host(`shadow variant '${h.variant.variantName}'`, h)),
    ...serverless ? [{
      where: `serverless variant '${serverless.variant.variantName}'`,
      kind: 'serverless' as const,
      instanceTypes: [],
      served: serverless.model?.served ?? [],
    }] : [],
  ].filter(h => h.served.length > 0);
  if (hosts.length > 0) {
    run(SERVING_HOSTING, { hosts }, names);
  }
}

// ---------------------------------------------------------------------------------------------------------------------
// AWS::SageMaker::Endpoint

/** The configuration an endpoint names, when the template holds it. */
function configOf(view: TemplateView, endpoint: TemplateResource): TemplateResource | undefined {
  return view.referenced(endpoint.properties.EndpointConfigName, 'AWS::SageMaker::EndpointConfig', 'EndpointConfigName');
}

/** A capacity size of a deployment (`{ Type, Value }`), as `CapacitySize` holds it. */
function capacity(value: unknown): CapacitySize | undefined {
  const size = obj(value);
  const n = num(size?.Value);
  if (n === undefined) {
    return undefined;
  }
  switch (str(size?.Type)) {
    case 'INSTANCE_COUNT': return CapacitySize.instances(n);
    case 'COPY_COUNT': return CapacitySize.copies(n);
    case 'CAPACITY_PERCENT': return CapacitySize.percent(n);
    default: return undefined;
  }
}

/** The strategy of `DeploymentConfig`, as a `DeploymentStrategy` holds it (none when what the kind needs is missing: cfn-lint reports it). */
function deploymentSpecOf(value: unknown): DeploymentSpec | undefined {
  const config = obj(value);
  const rolling = obj(config?.RollingUpdatePolicy);
  if (rolling) {
    const maximumBatchSize = capacity(rolling.MaximumBatchSize);
    const waitInterval = seconds(rolling.WaitIntervalInSeconds);
    return maximumBatchSize && waitInterval ? {
      kind: 'ROLLING',
      options: {
        maximumBatchSize,
        waitInterval,
        rollbackMaximumBatchSize: capacity(rolling.RollbackMaximumBatchSize),
        maximumExecutionTimeout: seconds(rolling.MaximumExecutionTimeoutInSeconds),
      },
    } : undefined;
  }
  const blueGreen = obj(config?.BlueGreenUpdatePolicy);
  const routing = obj(blueGreen?.TrafficRoutingConfiguration);
  if (!blueGreen || !routing) {
    return undefined;
  }
  const common = {
    terminationWait: seconds(blueGreen.TerminationWaitInSeconds),
    maximumExecutionTimeout: seconds(blueGreen.MaximumExecutionTimeoutInSeconds),
  };
  const waitInterval = seconds(routing.WaitIntervalInSeconds);
  const canarySize = capacity(routing.CanarySize);
  const stepSize = capacity(routing.LinearStepSize);
  switch (str(routing.Type)) {
    case 'ALL_AT_ONCE': return { kind: 'ALL_AT_ONCE', options: { ...common, waitInterval } };
    case 'CANARY': return canarySize && waitInterval ? { kind: 'CANARY', options: { ...common, canarySize, waitInterval } } : undefined;
    case 'LINEAR': return stepSize && waitInterval ? { kind: 'LINEAR', options: { ...common, stepSize, waitInterval } } : undefined;
    default: return undefined;
  }
}

const DEPLOYMENT_PATHS: Readonly<Record<string, string>> = {
  'deployment.canarySize': 'DeploymentConfig.BlueGreenUpdatePolicy.TrafficRoutingConfiguration.CanarySize.Value',
  'deployment.stepSize': 'DeploymentConfig.BlueGreenUpdatePolicy.TrafficRoutingConfiguration.LinearStepSize.Value',
  'deployment.maximumBatchSize': 'DeploymentConfig.RollingUpdatePolicy.MaximumBatchSize.Value',
  'deployment.rollbackMaximumBatchSize': 'DeploymentConfig.RollingUpdatePolicy.RollbackMaximumBatchSize.Value',
  'deployment.terminationWait': 'DeploymentConfig.BlueGreenUpdatePolicy.TerminationWaitInSeconds',
  'rollbackAlarms': 'DeploymentConfig.AutoRollbackConfiguration.Alarms',
  'deployment': 'DeploymentConfig',
};

function endpointNaming(spec: DeploymentSpec | undefined): Naming {
  const policy = spec?.kind === 'ROLLING' ? 'DeploymentConfig.RollingUpdatePolicy' : 'DeploymentConfig.BlueGreenUpdatePolicy';
  return naming(name => {
    if (DEPLOYMENT_PATHS[name]) {
      return { at: DEPLOYMENT_PATHS[name], rest: '' };
    }
    if (name === 'deployment.waitInterval') {
      return { at: spec?.kind === 'ROLLING' ? `${policy}.WaitIntervalInSeconds` : `${policy}.TrafficRoutingConfiguration.WaitIntervalInSeconds`, rest: '' };
    }
    if (name === 'deployment.maximumExecutionTimeout') {
      return { at: `${policy}.MaximumExecutionTimeoutInSeconds`, rest: '' };
    }
    return undefined;
  });
}

/** The variants of a deployment, as the deployment rules read them. */
function deploymentVariants(variants: readonly ReadVariant[]): DeploymentVariant[] {
  return variants.filter(v => obj(v.properties.ServerlessConfig) === undefined).map(v => {
    const count = num(v.properties.InitialInstanceCount) ?? 1;
    return {
      variantName: v.name,
      instanceCount: Token.isUnresolved(count) ? undefined : count,
      instanceTypes: instanceTypesOf(v.properties).map(t => t.toString()),
      modelPackage: (modelFactsOf(v.model)?.modelPackages.length ?? 0) > 0,
    };
  });
}

function checkEndpoint(view: TemplateView, r: TemplateResource, run: Run): void {
  const p = r.properties;
  const spec = deploymentSpecOf(p.DeploymentConfig);
  const names = endpointNaming(spec);
  run(ENDPOINT_PROPS, { props: { endpointName: str(p.EndpointName) }, env: view.env }, names);
  const excluded = list(p.ExcludeRetainedVariantProperties);
  run(ENDPOINT, {
    tags: tagsOf(r),
    retainAllVariantProperties: bool(p.RetainAllVariantProperties),
    excludeRetainedVariantProperties: excluded?.map(e => str(obj(e)?.VariantPropertyType) ?? ''),
    instanceScaledVariants: scaledVariants(view, r),
  }, names);
  run(DEPLOYMENT_PROPS, { spec, target: 'endpoint' }, names);
  const config = configOf(view, r);
  const production = config ? readVariants(view, config.properties.ProductionVariants, 'ProductionVariants') : [];
  const shadows = config ? readVariants(view, config.properties.ShadowProductionVariants, 'ShadowProductionVariants') : [];
  const alarms = list(obj(obj(p.DeploymentConfig)?.AutoRollbackConfiguration)?.Alarms) ?? [];
  run(DEPLOYMENT, {
    spec,
    target: 'endpoint',
    alarms,
    configKnown: config !== undefined,
    instanceVariants: deploymentVariants(production),
    shadowVariants: deploymentVariants(shadows),
    serverlessVariantName: production.find(v => obj(v.properties.ServerlessConfig))?.name,
    alarmsOnEndpoint: [],
  }, names);
}

// ---------------------------------------------------------------------------------------------------------------------
// AWS::ApplicationAutoScaling::ScalableTarget and ScalingPolicy (namespace sagemaker)

/** What a SageMaker scalable target's `ResourceId` names: the endpoint (by reference or name) and the variant or component. */
interface ScaledResource {
  readonly kind: 'variant' | 'component';
  readonly endpoint?: TemplateResource;
  readonly variantName?: string;
  /** The resource id with each reference written as `{logical id}`, to tell two targets of one variant apart. */
  readonly key: string;
}

/** A `ResourceId` as text, each reference written `{logical id}`; undefined when it is computed otherwise. */
function resourceIdText(value: unknown): string | undefined {
  if (typeof value === 'string') {
    return value;
  }
  const ref = referencedId(value);
  if (ref !== undefined) {
    return `{${ref}}`;
  }
  const join = isIntrinsic(value) ? (value as Record<string, unknown>)['Fn::Join'] : undefined;
  if (Array.isArray(join) && join[0] === '' && Array.isArray(join[1])) {
    const parts = join[1].map(resourceIdText);
    return parts.every(x => x !== undefined) ? parts.join('') : undefined;
  }
  return undefined;
}

function scaledResource(view: TemplateView, target: TemplateResource): ScaledResource | undefined {
  const text = resourceIdText(target.properties.ResourceId);
  const m = text === undefined ? undefined : /^endpoint\/([^/]+)\/variant\/([^/]+)$/.exec(text);
  if (m) {
    const ref = /^\{(.+)\}$/.exec(m[1]);
    const endpoint = ref ? view.get(ref[1]) : view.ofType('AWS::SageMaker::Endpoint').find(e => e.properties.EndpointName === m[1]);
    return {
      kind: 'variant',
      endpoint: endpoint?.type === 'AWS::SageMaker::Endpoint' ? endpoint : undefined,
      variantName: /\{/.test(m[2]) ? undefined : m[2],
      key: text!,
    };
  }
  return text !== undefined && text.startsWith('inference-component/') ? { kind: 'component', key: text } : undefined;
}

function sagemakerTargets(view: TemplateView): TemplateResource[] {
  return view.ofType('AWS::ApplicationAutoScaling::ScalableTarget').filter(t => t.properties.ServiceNamespace === 'sagemaker');
}

/** The variants of an endpoint that a scalable target of the template scales by instance count. */
function scaledVariants(view: TemplateView, endpoint: TemplateResource): string[] {
  return sagemakerTargets(view)
    .filter(t => t.properties.ScalableDimension === 'sagemaker:variant:DesiredInstanceCount')
    .map(t => scaledResource(view, t))
    .filter(s => s?.endpoint === endpoint && s.variantName !== undefined)
    .map(s => s!.variantName!);
}

function checkScalableTarget(view: TemplateView, r: TemplateResource, run: Run): void {
  const p = r.properties;
  if (p.ServiceNamespace !== 'sagemaker') {
    return;
  }
  const scaled = scaledResource(view, r);
  if (!scaled) {
    return;
  }
  const targets = sagemakerTargets(view);
  const alreadyScaled = targets.slice(0, targets.indexOf(r))
    .some(t => t.properties.ScalableDimension === p.ScalableDimension && scaledResource(view, t)?.key === scaled.key);
  const scaling = { minCapacity: num(p.MinCapacity)!, maxCapacity: num(p.MaxCapacity)! };
  if (scaled.kind === 'component') {
    const component = view.ofType('AWS::SageMaker::InferenceComponent').find(c => scaled.key === `inference-component/{${c.logicalId}}`
      || scaled.key === `inference-component/${c.properties.InferenceComponentName}`);
    const adapter = obj(component?.properties.Specification)?.BaseInferenceComponentName !== undefined;
    run(COPY_SCALING, { scaling, alreadyScaled, adapter }, naming(name => name === 'minCapacity' || name === 'maxCapacity'
      ? { at: name === 'minCapacity' ? 'MinCapacity' : 'MaxCapacity', rest: '' } : undefined));
    return;
  }
  if (scaled.variantName === undefined) {
    return;
  }
  const config = scaled.endpoint && configOf(view, scaled.endpoint);
  const variants = config ? readVariants(view, config.properties.ProductionVariants, 'ProductionVariants') : [];
  const variant = variants.find(v => v.name === scaled.variantName);
  const names = naming(name => {
    const m = /^variant '[^']*'(?: (.*))?$/.exec(name);
    const property = m ? m[1] ?? '' : name;
    if (property === 'minCapacity' || property === 'maxCapacity') {
      return { at: property === 'minCapacity' ? 'MinCapacity' : 'MaxCapacity', rest: '' };
    }
    if (variant && config && (property === 'instanceType' || property === 'provisionedConcurrency')) {
      return { at: `${config.logicalId}.${variant.at}`, rest: property };
    }
    return m ? { at: 'ResourceId', rest: '' } : undefined;
  });
  const v = variant?.properties;
  if (p.ScalableDimension === 'sagemaker:variant:DesiredInstanceCount') {
    run(INSTANCE_SCALING, {
      variantName: scaled.variantName,
      scaling,
      alreadyScaled,
      initialInstanceCount: v ? num(v.InitialInstanceCount) ?? 1 : undefined,
      instanceType: v && v.InstanceType !== undefined ? str(v.InstanceType) : undefined,
      asyncInference: config ? config.properties.AsyncInferenceConfig !== undefined : undefined,
    }, names);
  } else if (p.ScalableDimension === 'sagemaker:variant:DesiredProvisionedConcurrency') {
    const serverless = obj(v?.ServerlessConfig);
    run(PROVISIONED_SCALING, {
      variantName: scaled.variantName,
      scaling,
      alreadyScaled,
      maxConcurrency: serverless && num(serverless.MaxConcurrency),
      provisionedConcurrency: serverless && num(serverless.ProvisionedConcurrency),
      provisionedConcurrencyUnknown: serverless === undefined,
    }, names);
  }
}

/** The scalable target a policy scales: by `ScalingTargetId` (a reference), or by its own resource id and dimension. */
function policyTarget(view: TemplateView, policy: TemplateResource): TemplateResource | undefined {
  const id = referencedId(policy.properties.ScalingTargetId);
  const byRef = id !== undefined ? view.get(id) : undefined;
  if (byRef?.type === 'AWS::ApplicationAutoScaling::ScalableTarget') {
    return byRef;
  }
  const key = resourceIdText(policy.properties.ResourceId);
  return key === undefined ? undefined : sagemakerTargets(view).find(t => t.properties.ScalableDimension === policy.properties.ScalableDimension
    && resourceIdText(t.properties.ResourceId) === key);
}

function checkScalingPolicy(view: TemplateView, r: TemplateResource, run: Run): void {
  const tracking = obj(r.properties.TargetTrackingScalingPolicyConfiguration);
  if (!tracking) {
    return;
  }
  const names = naming(() => ({ at: 'TargetTrackingScalingPolicyConfiguration.TargetValue', rest: '' }));
  const input = { property: 'TargetTrackingScalingPolicyConfiguration.TargetValue', target: num(tracking.TargetValue)! };
  const metric = str(obj(tracking.PredefinedMetricSpecification)?.PredefinedMetricType);
  if (metric === 'SageMakerVariantProvisionedConcurrencyUtilization') {
    run(PROVISIONED_UTILIZATION_TARGET, input, names);
  } else if (metric === 'SageMakerVariantConcurrentRequestsPerModelHighResolution'
    || metric === 'SageMakerInferenceComponentConcurrentRequestsPerCopyHighResolution') {
    run(CONCURRENT_REQUESTS_TARGET, input, names);
  }
  const customized = obj(tracking.CustomizedMetricSpecification);
  const metricName = str(customized?.MetricName);
  if (!customized || metricName === undefined) {
    return;
  }
  const target = policyTarget(view, r);
  const scaled = target && scaledResource(view, target);
  const config = scaled?.endpoint && configOf(view, scaled.endpoint);
  const variant = config && readVariants(view, config.properties.ProductionVariants, 'ProductionVariants').find(v => v.name === scaled?.variantName);
  if (metricName === 'ApproximateBacklogSizePerInstance') {
    run(BACKLOG_TARGET, { ...input, asyncInference: config ? config.properties.AsyncInferenceConfig !== undefined : undefined }, names);
  } else if ((metricName === 'CPUUtilization' || metricName === 'GPUUtilization') && str(customized.Namespace) === '/aws/sagemaker/Endpoints') {
    run(UTILIZATION_TARGET, {
      ...input,
      unit: metricName === 'CPUUtilization' ? 'cpu' : 'gpu',
      instanceTypes: variant ? instanceTypesOf(variant.properties).map(t => t.toString()) : [],
    }, names);
  }
}

// ---------------------------------------------------------------------------------------------------------------------
// AWS::SageMaker::InferenceComponent

/** What the rules read of one specification (`Specification`, or an entry of `Specifications`). */
function componentSpecification(spec: Record<string, any>) {
  const container = obj(spec.Container);
  const metrics = obj(list(obj(container?.ContainerMetricsConfig)?.MetricsEndpoints)?.[0]);
  const requirements = obj(spec.ComputeResourceRequirements);
  const startup = obj(spec.StartupParameters);
  const scheduling = obj(spec.SchedulingConfig);
  return {
    model: spec.ModelName !== undefined ? {} : undefined,
    container: container && {
      image: container.Image !== undefined ? {} : undefined,
      artifact: container.ArtifactUrl !== undefined ? {} : undefined,
      environment: environmentOf(container?.Environment),
      metricsEndpoint: metrics && { path: str(metrics.MetricsEndpointPath), publishFrequency: seconds(metrics.MetricPublishFrequencyInSeconds) },
    },
    computeResourceRequirements: requirements && {
      minMemoryRequiredInMb: num(requirements.MinMemoryRequiredInMb),
      maxMemoryRequiredInMb: num(requirements.MaxMemoryRequiredInMb),
      numberOfCpuCoresRequired: num(requirements.NumberOfCpuCoresRequired),
      numberOfAcceleratorDevicesRequired: num(requirements.NumberOfAcceleratorDevicesRequired),
    },
    startupParameters: startup && {
      modelDataDownloadTimeout: seconds(startup.ModelDataDownloadTimeoutInSeconds),
      containerStartupHealthCheckTimeout: seconds(startup.ContainerStartupHealthCheckTimeoutInSeconds),
    },
    scheduling: scheduling && { maxAvailabilityZoneImbalance: num(obj(scheduling.AvailabilityZoneBalance)?.MaxImbalance) },
    enableDataCaching: bool(obj(spec.DataCacheConfig)?.EnableCaching),
  };
}

/** The names of an inference component's properties as the rules name them (`specifications[1].container.image`). */
const COMPONENT_PATHS: Readonly<Record<string, string>> = {
  'initialCopyCount': 'RuntimeConfig.CopyCount',
  'rollbackAlarms': 'DeploymentConfig.AutoRollbackConfiguration.Alarms',
  'container.artifact': 'Container.ArtifactUrl',
  'container.environment': 'Container.Environment',
  'container.environment key': 'Container.Environment',
  'container.metricsEndpoint.path': 'Container.ContainerMetricsConfig.MetricsEndpoints[0].MetricsEndpointPath',
  'container.metricsEndpoint.publishFrequency': 'Container.ContainerMetricsConfig.MetricsEndpoints[0].MetricPublishFrequencyInSeconds',
  'scheduling.maxAvailabilityZoneImbalance': 'SchedulingConfig.AvailabilityZoneBalance.MaxImbalance',
  'startupParameters.modelDataDownloadTimeout': 'StartupParameters.ModelDataDownloadTimeoutInSeconds',
  'startupParameters.containerStartupHealthCheckTimeout': 'StartupParameters.ContainerStartupHealthCheckTimeoutInSeconds',
  'specifications[].instanceType': 'Specifications[].InstanceType',
  'baseInferenceComponent': 'Specification.BaseInferenceComponentName',
};

const SPECIFICATION_KEYS = ['model', 'container', 'computeResourceRequirements', 'startupParameters', 'scheduling', 'enableDataCaching'];

function componentNaming(): Naming {
  return naming(name => {
    const deployment = /^deployment\.(.+)$/.exec(name);
    if (deployment || name === 'deployment') {
      return { at: name === 'deployment' ? 'DeploymentConfig' : DEPLOYMENT_PATHS[name] ?? 'DeploymentConfig.RollingUpdatePolicy', rest: '' };
    }
    const m = /^specifications\[(\d+)\]\.(.+)$/.exec(name);
    const at = m ? `Specifications[${m[1]}]` : 'Specification';
    const rest = m ? m[2] : name;
    const path = COMPONENT_PATHS[rest.replace(/ \/ .*$/, '')];
    if (path && !m && !SPECIFICATION_KEYS.includes(rest.split(/[.\s]/)[0])) {
      return { at: path, rest: '' };
    }
    if (path) {
      return { at: `${at}.${path}`, rest: '' };
    }
    return m || SPECIFICATION_KEYS.includes(rest.split(/[.\s[]/)[0]) ? { at, rest: rest.replace(/ \/ .*$/, '') } : undefined;
  });
}

function checkInferenceComponent(view: TemplateView, r: TemplateResource, run: Run): void {
  const p = r.properties;
  const own = obj(p.Specification);
  const listed = p.Specifications !== undefined ? list(p.Specifications)?.map(x => obj(x) ?? {}) : undefined;
  const adapter = own?.BaseInferenceComponentName !== undefined;
  const names = componentNaming();
  const deployment = obj(p.DeploymentConfig);
  const alarms = list(obj(deployment?.AutoRollbackConfiguration)?.Alarms) ?? [];
  const ownSpec = own ? componentSpecification(own) : {};
  run(COMPONENT_PROPS, {
    props: {
      inferenceComponentName: str(p.InferenceComponentName),
      variantName: str(p.VariantName),
      ...listed ? Object.fromEntries(Object.entries(ownSpec).filter(([, v]) => v !== undefined)) : {},
      specifications: listed?.map(spec => ({ instanceType: instanceType(str(spec.InstanceType) ?? '') })),
      baseInferenceComponent: own?.BaseInferenceComponentName,
      initialCopyCount: num(obj(p.RuntimeConfig)?.CopyCount),
      rollbackAlarms: alarms,
      deployment: deployment?.RollingUpdatePolicy,
    },
  }, names);
  run(DEPLOYMENT_PROPS, { spec: deploymentSpecOf(p.DeploymentConfig), target: 'component' }, names);
  const specs = listed
    ? listed.map((spec, i) => ({ spec, prefix: `specifications[${i}].`, instanceType: str(spec.InstanceType) }))
    : own ? [{ spec: own, prefix: '', instanceType: undefined }] : [];
  for (const { spec, prefix } of specs) {
    const container = obj(spec.Container);
    run(COMPONENT_SPECIFICATION, {
      prefix,
      spec: componentSpecification(spec),
      adapter,
      artifact: container?.ArtifactUrl !== undefined
        ? { uri: str(container.ArtifactUrl)!, s3DataType: S3DataType.S3_OBJECT, compressionType: CompressionType.GZIP, acceptEula: false }
        : undefined,
      registryImage: false,
      imageUri: str(container?.Image),
    }, names);
  }
  const endpoint = view.referenced(p.EndpointName, 'AWS::SageMaker::Endpoint', 'EndpointName');
  const config = endpoint && configOf(view, endpoint);
  const variants = config ? [
    ...readVariants(view, config.properties.ProductionVariants, 'ProductionVariants'),
    ...readVariants(view, config.properties.ShadowProductionVariants, 'ShadowProductionVariants'),
  ].map(v => ({
    variantName: v.name,
    hostsModel: v.properties.ModelName !== undefined,
    instanceTypes: instanceTypesOf(v.properties).map(t => t.toString()),
    managedMinInstanceCount: num(obj(v.properties.ManagedInstanceScaling)?.MinInstanceCount),
  })) : [];
  const copyTarget = sagemakerTargets(view).find(t => t.properties.ScalableDimension === 'sagemaker:inference-component:DesiredCopyCount'
    && [`inference-component/{${r.logicalId}}`, `inference-component/${str(p.InferenceComponentName)}`].includes(resourceIdText(t.properties.ResourceId) ?? ''));
  const variantName = str(p.VariantName);
  if (variantName === undefined) {
    return;
  }
  run(COMPONENT, {
    tags: tagsOf(r),
    variantName,
    configPath: config ? config.path ?? config.logicalId : undefined,
    variants,
    specificationTypes: (listed ?? []).map(spec => str(spec.InstanceType) ?? ''),
    alarms,
    scaledMinCapacity: copyTarget ? num(copyTarget.properties.MinCapacity) : undefined,
    adapter,
    requirements: specs.map(({ spec, prefix, instanceType: type }) => ({
      prefix,
      instanceType: type,
      requirements: componentSpecification(spec).computeResourceRequirements,
    })),
  }, names);
  // a served model (a serving image) on the instance types of its specification, or of the variant
  const variantTypes = variants.find(v => v.variantName === variantName)?.instanceTypes ?? [];
  const hosts: ServedHost[] = specs.map(({ spec, prefix, instanceType: type }) => ({
    where: prefix ? `the inference component's ${prefix.slice(0, -1)}` : 'the inference component',
    kind: 'component' as const,
    instanceTypes: type !== undefined ? [type] : variantTypes,
    served: modelFactsOf(view.referenced(spec.ModelName, 'AWS::SageMaker::Model', 'ModelName'))?.served ?? [],
  })).filter(h => h.served.length > 0);
  if (hosts.length > 0) {
    run(SERVING_HOSTING, { hosts }, names);
  }
}
