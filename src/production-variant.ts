import { Duration, Size } from 'aws-cdk-lib';
import { AcceleratorType } from './accelerator-type';
import { InstanceType } from './instance-type';
import { IModel } from './model';
import {
  CapacityReservationProps,
  CoreDumpProps,
  InstancePoolProps,
  ManagedInstanceScalingProps,
  PrefixAwareRoutingProps,
  RoutingStrategy,
} from './variant-settings';

/**
 * Construction properties for an instance production variant.
 */
export interface InstanceProductionVariantProps {
  /**
   * Determines initial traffic distribution among all of the models that you specify in the
   * endpoint configuration. The traffic to a production variant is determined by the ratio of the
   * variant weight to the sum of all variant weight values across all production variants.
   *
   * `0` is kept (it sends no traffic to the variant, a way to drain it).
   *
   * @default 1.0
   */
  readonly initialVariantWeight?: number;

  /**
   * The model to host.
   *
   * Leave it unset for a variant that hosts inference components (`InferenceComponent`): the
   * components name their models, and the configuration then needs an execution role
   * (`EndpointConfigProps.executionRole`, created when not given). The variants of one
   * configuration either all name a model or all host components.
   *
   * @default - none: the variant hosts inference components
   */
  readonly model?: IModel;

  /**
   * Name of the production variant: 1 to 63 letters, digits and hyphens, starting and ending
   * with a letter or digit; unique within the endpoint configuration.
   */
  readonly variantName: string;

  /**
   * The size of the Elastic Inference (EI) instance to use for the production variant.
   *
   * @deprecated Amazon Elastic Inference is retired and CloudFormation no longer accepts
   * `AcceleratorType`: setting it is a synth error. Use a GPU or AWS Inferentia instance type.
   * @default - none
   */
  readonly acceleratorType?: AcceleratorType;

  /**
   * Number of instances to launch initially.
   *
   * @default 1
   */
  readonly initialInstanceCount?: number;

  /**
   * Instance type of the production variant: an `InstanceType` constant, `InstanceType.of()`, or
   * the type's name as a string (`'ml.g5.12xlarge'`).
   *
   * A synth warning names a type that the stack's region (when known) does not offer for hosting.
   *
   * @default InstanceType.T2_MEDIUM
   */
  readonly instanceType?: InstanceType | string;

  /**
   * The timeout for the inference container to pass the health check by SageMaker Hosting: 60
   * to 3600 seconds.
   *
   * @see https://docs.aws.amazon.com/sagemaker/latest/dg/your-algorithms-inference-code.html#your-algorithms-inference-algo-ping-requests
   * @default - SageMaker's default
   */
  readonly containerStartupHealthCheckTimeout?: Duration;

  /**
   * The size of the EBS storage volume attached to each instance, for the model and its
   * container: 1 to 512 GiB, in whole GiB (`VolumeSizeInGB`).
   *
   * Instance types with local NVMe storage keep the model there and take no volume (a synth
   * warning says so).
   *
   * @default - SageMaker's default for the instance type
   */
  readonly volumeSize?: Size;

  /**
   * The time SageMaker allows for downloading the model data to each instance: 60 to 3600
   * seconds (`ModelDataDownloadTimeoutInSeconds`).
   *
   * @default - SageMaker's default
   */
  readonly modelDataDownloadTimeout?: Duration;

  /**
   * The time SageMaker allows for provisioning the variant's instances, across every instance
   * pool: 300 to 3600 seconds (`VariantInstanceProvisionTimeoutInSeconds`).
   *
   * @default - SageMaker's default
   */
  readonly instanceProvisionTimeout?: Duration;

  /**
   * Allow AWS Systems Manager sessions into the variant's containers, for debugging
   * (`EnableSSMAccess`).
   *
   * @default false
   */
  readonly enableSsmAccess?: boolean;

  /**
   * The machine image of the variant's instances (`InferenceAmiVersion`), with its GPU driver
   * and CUDA or Neuron versions: `al2-ami-sagemaker-inference-gpu-2`,
   * `al2-ami-sagemaker-inference-gpu-2-1`, `al2-ami-sagemaker-inference-gpu-3-1`,
   * `al2023-ami-sagemaker-inference-gpu-4-1` (GPU instance types) or
   * `al2-ami-sagemaker-inference-neuron-2` (AWS Inferentia and Trainium). Another value is a synth
   * warning: it may have been released since.
   *
   * @see https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_ProductionVariant.html#sagemaker-Type-ProductionVariant-InferenceAmiVersion
   * @default - SageMaker's default image
   */
  readonly inferenceAmiVersion?: string;

  /**
   * How requests are routed to the variant's instances (`RoutingConfig.RoutingStrategy`).
   *
   * @default - SageMaker's default (random routing)
   */
  readonly routingStrategy?: RoutingStrategy;

  /**
   * Options of prefix-aware routing (`RoutingConfig.PrefixAwareRoutingConfig`); only with
   * `routingStrategy: RoutingStrategy.PREFIX_AWARE`.
   *
   * @default - SageMaker's defaults
   */
  readonly prefixAwareRouting?: PrefixAwareRoutingProps;

  /**
   * Where the core dumps of the variant's containers are written (`CoreDumpConfig`).
   *
   * @default - no core dumps are kept
   */
  readonly coreDump?: CoreDumpProps;

  /**
   * An ML capacity reservation the variant's instances come from (`CapacityReservationConfig`).
   *
   * @default - on-demand capacity
   */
  readonly capacityReservation?: CapacityReservationProps;

  /**
   * Up to 5 instance types tried in priority order (`InstancePools`), instead of one
   * `instanceType`: SageMaker falls back to the next pool when a type lacks capacity. Leave
   * `instanceType` unset with pools.
   *
   * @default - one instance type (`instanceType`)
   */
  readonly instancePools?: InstancePoolProps[];

  /**
   * SageMaker's own scaling of the variant's instances (`ManagedInstanceScaling`). SageMaker
   * accepts it only on variants that host inference components (no `model`), not on a variant
   * that names a model (a synth error). `minInstanceCount: 0` lets the variant scale to zero
   * instances once its components have scaled to zero copies.
   *
   * @default - no managed instance scaling
   */
  readonly managedInstanceScaling?: ManagedInstanceScalingProps;
}

/**
 * Construction properties for a serverless production variant.
 *
 * @see https://docs.aws.amazon.com/sagemaker/latest/dg/serverless-endpoints.html
 */
export interface ServerlessProductionVariantProps {
  /**
   * The traffic weight of the variant.
   *
   * @default 1.0
   */
  readonly initialVariantWeight?: number;

  /**
   * The model to host.
   */
  readonly model: IModel;

  /**
   * Name of the production variant.
   */
  readonly variantName: string;

  /**
   * The maximum number of concurrent invocations your serverless endpoint can process: 1 to 200.
   */
  readonly maxConcurrency: number;

  /**
   * The memory size of your serverless endpoint. Valid values are in 1 GB increments:
   * 1024 MB, 2048 MB, 3072 MB, 4096 MB, 5120 MB, or 6144 MB.
   */
  readonly memorySizeInMB: number;

  /**
   * The number of concurrent invocations that are provisioned and ready to respond to your
   * endpoint: 1 to 200, and at most `maxConcurrency`.
   *
   * @default - none (on-demand only)
   */
  readonly provisionedConcurrency?: number;
}

/**
 * An instance production variant as configured in an EndpointConfig, with defaults applied.
 */
export interface InstanceProductionVariant {
  /** The name of the production variant. */
  readonly variantName: string;
  /**
   * The name of the model to host.
   *
   * @default - none: the variant hosts inference components
   */
  readonly modelName?: string;
  /** The traffic weight of the variant. */
  readonly initialVariantWeight: number;
  /** Number of instances to launch initially. */
  readonly initialInstanceCount: number;
  /** Instance type of the production variant. */
  readonly instanceType: InstanceType;
  /**
   * The Elastic Inference accelerator.
   *
   * @deprecated Elastic Inference is retired.
   * @default - none
   */
  readonly acceleratorType?: AcceleratorType;
  /**
   * The container startup health check timeout.
   *
   * @default - SageMaker's default
   */
  readonly containerStartupHealthCheckTimeout?: Duration;
}

/**
 * A serverless production variant as configured in an EndpointConfig, with defaults applied.
 */
export interface ServerlessProductionVariant {
  /** The name of the production variant. */
  readonly variantName: string;
  /** The name of the model to host. */
  readonly modelName: string;
  /** The traffic weight of the variant. */
  readonly initialVariantWeight: number;
  /** The maximum number of concurrent invocations. */
  readonly maxConcurrency: number;
  /** The memory size in MB. */
  readonly memorySizeInMB: number;
  /**
   * The provisioned concurrency.
   *
   * @default - none
   */
  readonly provisionedConcurrency?: number;
}
