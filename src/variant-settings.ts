import { Duration } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { InstanceType } from './instance-type';
import { IModel } from './model';

/*
 * The settings of an instance production variant beyond its model, type, count and weight: how
 * requests are routed, where core dumps go, which capacity it draws on, which instance types it
 * falls back to, and how SageMaker scales it itself.
 */

/**
 * How an endpoint routes requests to the instances of a variant (`RoutingConfig.RoutingStrategy`).
 *
 * @see https://docs.aws.amazon.com/sagemaker/latest/dg/realtime-endpoints-deploy-models.html#deploy-models-routing
 */
export enum RoutingStrategy {
  /** Route each request to the instance with the fewest outstanding requests. */
  LEAST_OUTSTANDING_REQUESTS = 'LEAST_OUTSTANDING_REQUESTS',
  /** Route each request to a randomly chosen instance (SageMaker's default). */
  RANDOM = 'RANDOM',
  /**
   * Route requests that share a prompt prefix to the instance that has it cached (large language
   * models); tuned with `prefixAwareRouting`.
   */
  PREFIX_AWARE = 'PREFIX_AWARE',
}

/**
 * Options of prefix-aware routing (`RoutingConfig.PrefixAwareRoutingConfig`); only with
 * `RoutingStrategy.PREFIX_AWARE`.
 */
export interface PrefixAwareRoutingProps {
  /**
   * The number of outstanding requests on an instance above which a request goes elsewhere even
   * though that instance holds its prefix: 1 to 1024.
   *
   * @default - SageMaker's default
   */
  readonly concurrencyThreshold?: number;

  /**
   * The length of the prompt prefix that routing compares, in characters: 1024 to 65536.
   *
   * @default - SageMaker's default
   */
  readonly prefixLength?: number;
}

/**
 * Where SageMaker writes the core dumps of a variant's inference containers (`CoreDumpConfig`).
 *
 * The execution role of the variant's model gets `s3:PutObject` on the prefix only, and
 * `kms:Encrypt` and `kms:GenerateDataKey` on the key.
 */
export interface CoreDumpProps {
  /** The bucket that receives the core dumps (`DestinationS3Uri`). */
  readonly destinationBucket: s3.IBucket;

  /**
   * The key prefix of the core dumps in `destinationBucket`.
   *
   * @default - the whole bucket
   */
  readonly destinationPrefix?: string;

  /**
   * The KMS key that encrypts the core dumps (`KmsKeyId`).
   *
   * @default - the bucket's own encryption
   */
  readonly encryptionKey?: kms.IKey;
}

/**
 * A SageMaker ML capacity reservation that a variant draws its instances from
 * (`CapacityReservationConfig`, preference `capacity-reservations-only`).
 */
export interface CapacityReservationProps {
  /**
   * The ARN of the ML capacity reservation (`MlReservationArn`), for example a training plan's
   * reserved capacity: `arn:aws:sagemaker:<region>:<account>:<resource>/<name>`.
   */
  readonly mlReservationArn: string;
}

/**
 * One instance type of a heterogeneous variant (`InstancePools[]`): SageMaker provisions instances
 * from the pool of priority 1 first and falls back to the next priority when it lacks capacity.
 *
 * @see https://docs.aws.amazon.com/sagemaker/latest/dg/realtime-endpoints-heterogeneous.html
 */
export interface InstancePoolProps {
  /** The instance type of the pool: an `InstanceType`, or its name as a string (`'ml.g6.12xlarge'`). */
  readonly instanceType: InstanceType | string;

  /** The priority of the pool: 1 (tried first) to 5. */
  readonly priority: number;

  /**
   * A model built for this pool's instance type, hosted instead of the variant's model on the
   * pool's instances (`ModelNameOverride`).
   *
   * @default - the variant's model
   */
  readonly model?: IModel;
}

/**
 * How SageMaker releases instances when it scales a variant in (`ManagedInstanceScaling.ScaleInPolicy.Strategy`).
 */
export enum ScaleInStrategy {
  /** Release instances that host no inference component copies. */
  IDLE_RELEASE = 'IDLE_RELEASE',
  /** Move copies together and release the instances that are emptied. */
  CONSOLIDATION = 'CONSOLIDATION',
}

/** How SageMaker scales a variant in under managed instance scaling (`ScaleInPolicy`). */
export interface ScaleInPolicyProps {
  /** How instances are released. */
  readonly strategy: ScaleInStrategy;

  /**
   * The most instances released in one step: 1 to 100.
   *
   * @default - SageMaker's default
   */
  readonly maximumStepSize?: number;

  /**
   * The time between two scale-in steps: 5 to 1440 minutes, in whole minutes.
   *
   * @default - SageMaker's default
   */
  readonly cooldown?: Duration;
}

/**
 * SageMaker's own scaling of the instances of a variant that hosts inference components
 * (`ManagedInstanceScaling`, status `ENABLED`). SageMaker rejects it on a variant that names a
 * model.
 *
 * @see https://docs.aws.amazon.com/sagemaker/latest/dg/endpoint-auto-scaling-zero-instances.html
 */
export interface ManagedInstanceScalingProps {
  /**
   * The fewest instances: 0 or more (0 scales the variant to zero).
   *
   * @default - SageMaker's default
   */
  readonly minInstanceCount?: number;

  /** The most instances: 1 or more, and at least `minInstanceCount`. */
  readonly maxInstanceCount: number;

  /**
   * How instances are released when the variant scales in.
   *
   * @default - SageMaker's default
   */
  readonly scaleInPolicy?: ScaleInPolicyProps;
}
