import type { IGrantable, IRole } from 'aws-cdk-lib/aws-iam';
import type { ServedContainer } from './serving';
import type { InstanceVariantEntry, ServerlessVariantEntry } from './variants';

/*
 * What a construct tells the constructs that use it, without them importing its class: a Model tells
 * an EndpointConfig what its rules need to know of the model; an EndpointConfig tells an Endpoint its
 * variants. An imported model or configuration has no facts. Facts are read when they are used, so
 * what is added later (a container, a variant) counts.
 */

/** What an EndpointConfig's rules need to know of a model it hosts. */
export interface ModelFacts {
  /** Whether a container is a multi-model container (SageMaker Developer Guide). */
  readonly multiModel: boolean;
  /** What the model uses that serverless inference does not support (SageMaker Developer Guide), in words. */
  readonly serverlessExclusions: readonly string[];
  /** What the model uses that shadow tests do not support (SageMaker Developer Guide), in words. */
  readonly shadowExclusions: readonly string[];
  /**
   * The containers that use a model package (`containers[i].modelPackage`): an AWS Marketplace
   * package is excluded from async inference and shadow tests (SageMaker Developer Guide), one from the Model
   * Registry is not, and the ARN does not tell which.
   */
  readonly modelPackages: readonly string[];
  /**
   * The container hostnames of a direct-invocation model (`InferenceExecutionMode.DIRECT`), in order
   * (a token where the hostname is one); undefined for any other model.
   */
  readonly directHostnames?: readonly string[];
  /** The containers of a `ServingImage`, with what their environment sets. */
  readonly served: readonly ServedContainer[];
  /** The model packages registered in the app that the containers serve, with the instance types each supports. */
  readonly registeredPackages: readonly RegisteredPackage[];
}

/** What a model package registered in the app (`new ModelPackage`) tells the models that serve it. */
export interface PackageFacts {
  /** The package's construct path. */
  readonly path: string;
  /** `supportedRealtimeInferenceInstanceTypes`, when given. */
  readonly supportedInstanceTypes?: readonly string[];
}

/** A registered model package as a container of a model serves it. */
export interface RegisteredPackage extends PackageFacts {
  /** `containers[<i>].modelPackage`. */
  readonly where: string;
}

/** The variants of an EndpointConfig, with their defaults applied. */
export interface ConfigFacts {
  readonly instanceVariants: readonly InstanceVariantEntry[];
  readonly serverlessVariant?: ServerlessVariantEntry;
  /** The shadow variants, with their defaults applied. */
  readonly shadowVariants: readonly InstanceVariantEntry[];
  /** Whether the configuration is for asynchronous inference. */
  readonly asyncInference: boolean;
  /** Whether the variants host inference components (no model) rather than models. */
  readonly componentHosting: boolean;
  /** The execution role of a configuration that hosts inference components (given or created). */
  readonly executionRole?: IRole;
  /**
   * The execution role of a configuration that hosts inference components (the role its components'
   * containers bind to). A side effect: the first call creates it, with least privilege, when none was given.
   */
  readonly ensureComponentRole: () => IRole;
  /** `metricsConfig.metricPublishFrequency` in seconds, when given and resolved. */
  readonly metricPublishFrequency?: number;
  /** `metricsConfig.enableDetailedObservability`, when given. */
  readonly detailedObservability?: boolean;
}

/*
 * How the constructs of this library recognise each other: by a brand (`Symbol.for`, so that two
 * copies of the package in one app still do, as aws-cdk-lib's `Stack.isStack` / `Role.isRole`), and
 * then by `@internal` members that each construct keeps itself. Nothing is kept here.
 */
const MODEL = Symbol.for('cdk-sagemaker-hosting.Model');
const ENDPOINT_CONFIG = Symbol.for('cdk-sagemaker-hosting.EndpointConfig');
const ENDPOINT = Symbol.for('cdk-sagemaker-hosting.Endpoint');
const INFERENCE_COMPONENT = Symbol.for('cdk-sagemaker-hosting.InferenceComponent');

/** The brands, by the class (or classes, owned and imported) that carries each. */
export const BRANDS = {
  model: MODEL,
  endpointConfig: ENDPOINT_CONFIG,
  endpoint: ENDPOINT,
  inferenceComponent: INFERENCE_COMPONENT,
  modelPackageGroup: Symbol.for('cdk-sagemaker-hosting.ModelPackageGroup'),
  modelPackage: Symbol.for('cdk-sagemaker-hosting.ModelPackage'),
} as const;

/** Mark an object with a brand (not enumerable: it is not part of the object's data). */
export function brand(x: object, symbol: symbol): void {
  Object.defineProperty(x, symbol, { value: true });
}

/** Whether an object carries a brand. */
export function hasBrand(x: unknown, symbol: symbol): boolean {
  return typeof x === 'object' && x !== null && (x as Record<symbol, unknown>)[symbol] === true;
}

/** What a Model of this library answers (its `@internal` member). */
export interface ModelFactsSource {
  _modelFacts(): ModelFacts;
}

/** What an EndpointConfig of this library answers (its `@internal` members). */
export interface ConfigFactsSource {
  _configFacts(): ConfigFacts;
  _onHostedModels(listener: (model: IGrantable) => void): void;
}

/** What an endpoint of this library (owned or imported) keeps of itself. */
export interface EndpointState {
  /** Its configuration, when it is an Endpoint of this library (undefined for an imported endpoint). */
  readonly _endpointConfigOf?: object;
  /** The inference components of this library it hosts, in the order they were created. */
  readonly _hostedComponents: object[];
  /** The name it was given, when literal: its metrics name it so (they do not reference the resource). */
  readonly _literalEndpointName?: string;
  /** Its autoscaled variants and what is scaled (one scalable target per variant), in the order they were scaled. */
  readonly _scaledVariants: Map<string, 'instanceCount' | 'provisionedConcurrency'>;
}

/** The facts of a model of this library, read now (so later containers count); undefined for any other model. */
export function modelFacts(model: object | undefined): ModelFacts | undefined {
  return hasBrand(model, MODEL) ? (model as ModelFactsSource)._modelFacts() : undefined;
}

/** The variants of an endpoint configuration of this library, read now; undefined for an imported one. */
export function configFacts(config: object | undefined): ConfigFacts | undefined {
  return hasBrand(config, ENDPOINT_CONFIG) ? (config as ConfigFactsSource)._configFacts() : undefined;
}

/**
 * Call `listener` for each model an EndpointConfig of this library hosts, now and when a variant is
 * added later (an Endpoint's grants to the models' roles). False for an imported configuration.
 */
export function onHostedModels(config: object, listener: (model: IGrantable) => void): boolean {
  if (!hasBrand(config, ENDPOINT_CONFIG)) {
    return false;
  }
  (config as ConfigFactsSource)._onHostedModels(listener);
  return true;
}

/** The state of an endpoint of this library (owned or imported); undefined for any other endpoint. */
export function endpointState(endpoint: object | undefined): EndpointState | undefined {
  return hasBrand(endpoint, ENDPOINT) ? endpoint as EndpointState : undefined;
}

/** The configuration of an Endpoint of this library; undefined for an imported endpoint. */
export function endpointConfigOf(endpoint: object): object | undefined {
  return endpointState(endpoint)?._endpointConfigOf;
}

/** Whether an endpoint's configuration is of this library and for asynchronous inference. */
export function isAsyncEndpoint(endpoint: object): boolean {
  return configFacts(endpointConfigOf(endpoint))?.asyncInference ?? false;
}

/** The inference components of this library hosted on an endpoint, in the order they were created. */
export function componentsOf(endpoint: object): readonly object[] {
  return endpointState(endpoint)?._hostedComponents ?? [];
}
