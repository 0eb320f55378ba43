import type { IGrantable, IRole } from 'aws-cdk-lib/aws-iam';
import type { InstanceVariantEntry, ServerlessVariantEntry } from './variants';

/*
 * What a construct tells the constructs that use it, without them importing its class or reading its
 * private members: a Model tells an EndpointConfig what its rules need to know of the model; an
 * EndpointConfig tells an Endpoint its variants. An imported model or configuration has no facts.
 */

/** What an EndpointConfig's rules need to know of a model it hosts. */
export interface ModelFacts {
  /** Whether a container is a multi-model container (C13). */
  readonly multiModel: boolean;
  /** What the model uses that serverless inference does not support (C8b), in words. */
  readonly serverlessExclusions: readonly string[];
  /** What the model uses that shadow tests do not support (C12), in words. */
  readonly shadowExclusions: readonly string[];
  /**
   * The containers that use a model package (`containers[i].modelPackage`): an AWS Marketplace
   * package is excluded from async inference and shadow tests (C8c, C12), one from the Model
   * Registry is not, and the ARN does not tell which.
   */
  readonly modelPackages: readonly string[];
  /**
   * The container hostnames of a direct-invocation model (`InferenceExecutionMode.DIRECT`), in order
   * (a token where the hostname is one); undefined for any other model.
   */
  readonly directHostnames?: readonly string[];
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
   * The execution role of a configuration that hosts inference components, created with least
   * privilege on first use when none was given (the role its components' containers bind to).
   */
  readonly componentRole: () => IRole;
  /** `metricsConfig.metricPublishFrequency` in seconds, when given and resolved. */
  readonly metricPublishFrequency?: number;
  /** `metricsConfig.enableDetailedObservability`, when given. */
  readonly detailedObservability?: boolean;
}

const MODELS = new WeakMap<object, () => ModelFacts>();
const CONFIGS = new WeakMap<object, () => ConfigFacts>();

/** A Model publishes its facts (read when they are needed, so later containers count). */
export function publishModelFacts(model: object, facts: () => ModelFacts): void {
  MODELS.set(model, facts);
}

/** The facts of a model of this library, or undefined for an imported one. */
export function modelFacts(model: object | undefined): ModelFacts | undefined {
  return model && MODELS.get(model)?.();
}

/** An EndpointConfig publishes its variants. */
export function publishConfigFacts(config: object, facts: () => ConfigFacts): void {
  CONFIGS.set(config, facts);
}

/** The variants of an endpoint configuration of this library, or undefined for an imported one. */
export function configFacts(config: object): ConfigFacts | undefined {
  return CONFIGS.get(config)?.();
}

/** The models an EndpointConfig hosts so far, and who wants to hear of the ones added later. */
interface Hosted {
  readonly models: Set<IGrantable>;
  readonly listeners: Array<(model: IGrantable) => void>;
}

const HOSTED = new WeakMap<object, Hosted>();

function hosted(config: object): Hosted {
  let entry = HOSTED.get(config);
  if (!entry) {
    entry = { models: new Set(), listeners: [] };
    HOSTED.set(config, entry);
  }
  return entry;
}

/** An EndpointConfig tells that it hosts a model (a variant's, a pool's or a shadow's). */
export function announceHostedModel(config: object, model: IGrantable): void {
  const entry = hosted(config);
  if (!entry.models.has(model)) {
    entry.models.add(model);
    entry.listeners.forEach(listener => listener(model));
  }
}

/**
 * Call `listener` for each model an EndpointConfig of this library hosts, now and when a variant is
 * added later (an Endpoint's grants to the models' roles). False for an imported configuration.
 */
export function onHostedModels(config: object, listener: (model: IGrantable) => void): boolean {
  if (!CONFIGS.has(config)) {
    return false;
  }
  const entry = hosted(config);
  entry.listeners.push(listener);
  entry.models.forEach(listener);
  return true;
}

/** The configuration of each endpoint this library defines. */
const ENDPOINT_CONFIGS = new WeakMap<object, object>();

/** An Endpoint tells which configuration it uses (its components read the variants and the role). */
export function publishEndpointConfig(endpoint: object, config: object): void {
  ENDPOINT_CONFIGS.set(endpoint, config);
}

/** The configuration of an endpoint of this library; undefined for an imported endpoint. */
export function endpointConfigOf(endpoint: object): object | undefined {
  return ENDPOINT_CONFIGS.get(endpoint);
}

/** Whether an endpoint's configuration is of this library and for asynchronous inference. */
export function isAsyncEndpoint(endpoint: object): boolean {
  const config = endpointConfigOf(endpoint);
  return config !== undefined && (configFacts(config)?.asyncInference ?? false);
}

const COMPONENTS = new WeakMap<object, object[]>();

/** An inference component of this library tells the endpoint that hosts it (for the dashboard). */
export function announceComponent(endpoint: object, component: object): void {
  COMPONENTS.set(endpoint, [...COMPONENTS.get(endpoint) ?? [], component]);
}

/** The inference components of this library hosted on an endpoint, in the order they were created. */
export function componentsOf(endpoint: object): readonly object[] {
  return COMPONENTS.get(endpoint) ?? [];
}
