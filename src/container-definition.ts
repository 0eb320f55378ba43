import type { ContainerImage } from './container-image';
import type { ModelData } from './model-data';
import type { IModelPackage } from './model-package';

/**
 * How the containers of a multi-container model are invoked.
 *
 * @see https://docs.aws.amazon.com/sagemaker/latest/dg/multi-container-endpoints.html
 */
export enum InferenceExecutionMode {
  /** An inference pipeline: each container's output is the next one's input. */
  SERIAL = 'Serial',
  /** Each request names one container (`TargetContainerHostname`) and only it is invoked. */
  DIRECT = 'Direct',
}

/**
 * Whether a container hosts one model or many.
 *
 * @see https://docs.aws.amazon.com/sagemaker/latest/dg/multi-model-endpoints.html
 */
export enum ContainerMode {
  /** One model. */
  SINGLE_MODEL = 'SingleModel',
  /** Many models, loaded on demand from `.tar.gz` archives under an S3 prefix. */
  MULTI_MODEL = 'MultiModel',
}

/**
 * Describes the container, as part of model definition.
 */
export interface ContainerDefinition {
  /**
   * The image used to start a container.
   *
   * Exactly one of `image` and `modelPackage` is required.
   *
   * @default - none; `modelPackage` must be given
   */
  readonly image?: ContainerImage;

  /**
   * A model package (Model Registry or AWS Marketplace) that supplies the image and artifacts.
   *
   * Exactly one of `image` and `modelPackage` is required.
   *
   * @default - none; `image` must be given
   */
  readonly modelPackage?: IModelPackage;

  /**
   * A map of environment variables to pass into the container.
   *
   * At most 100 entries; keys match `[a-zA-Z_][a-zA-Z0-9_]*`; keys and values up to 1024
   * characters; all maps of a model together up to 32 KB.
   *
   * @default - none
   */
  readonly environment?: { [key: string]: string };

  /**
   * Hostname of the container within an inference pipeline. For single container models, this field
   * is ignored. When specifying a hostname for one ContainerDefinition in a pipeline, hostnames
   * must be specified for all other ContainerDefinitions in that pipeline.
   *
   * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-sagemaker-model-containerdefinition.html#cfn-sagemaker-model-containerdefinition-containerhostname
   *
   * @default - Amazon SageMaker will automatically assign a unique name based on the position of
   * this ContainerDefinition in an inference pipeline.
   */
  readonly containerHostname?: string;

  /**
   * S3 path to the model artifacts.
   *
   * @default - none
   */
  readonly modelData?: ModelData;

  /**
   * Whether the container hosts one model or many (a multi-model endpoint).
   *
   * A `MULTI_MODEL` container's `modelData` must be an S3 prefix
   * (`ModelData.fromBucket(bucket, 'models/', { s3DataType: S3DataType.S3_PREFIX })`).
   *
   * @default ContainerMode.SINGLE_MODEL (`Mode` is not rendered)
   */
  readonly mode?: ContainerMode;

  /**
   * Whether a multi-model container caches models on the instance.
   *
   * Only with `mode: ContainerMode.MULTI_MODEL`.
   *
   * @see https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_MultiModelConfig.html
   * @default - SageMaker's default (caching enabled)
   */
  readonly modelCacheEnabled?: boolean;
}
