import * as cdk from 'aws-cdk-lib';
import { ContainerDefinition, ContainerMode } from '../../container-definition';
import { CompressionType, S3DataType } from '../../model-data';
import type { BoundModelData } from '../container';
import { checkString, show, STRING_RULES } from '../validation';
import { MODEL_LIMITS } from './limits';
import { problem, py, RuleSet } from './rule';

/*
 * The rules of one container of a Model (CloudFormation AWS::SageMaker::Model ContainerDefinition, SageMaker API S3ModelDataSource, SageMaker API ContainerDefinition): the definition
 * as `addContainer()` receives it, and the container once its image and model data are bound.
 */

/** A container definition as `addContainer()` receives it. */
export interface ContainerInput {
  /** `containers[<index>]`, for the messages. */
  readonly where: string;
  /** What the rules read of the definition: its settings, and whether it has an image, a model package, model data. */
  readonly container: Pick<ContainerDefinition, 'containerHostname' | 'environment' | 'modelCacheEnabled'> & {
    readonly image?: unknown;
    readonly modelPackage?: unknown;
    readonly modelData?: unknown;
  };
  /** The mode, defaulted. */
  readonly mode: ContainerMode;
}

/** The entries of an environment given as a map (none for a token standing for the whole map). */
export function environmentEntries(environment?: { [key: string]: string }): Array<[string, unknown]> {
  return environment && !cdk.Token.isUnresolved(environment) ? Object.entries(environment) : [];
}

export const CONTAINER: RuleSet<ContainerInput> = {
  name: 'Container definition',
  rules: [
    {
      id: 'container.containerHostname',
      source: 'CloudFormation AWS::SageMaker::Model ContainerDefinition ContainerHostname (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-sagemaker-model-containerdefinition.html)',
      check: ({ where, container }) => checkString(`${where}.containerHostname`, container.containerHostname, STRING_RULES.containerHostname),
    },
    {
      id: 'container.environment.count',
      source: 'CloudFormation AWS::SageMaker::Model ContainerDefinition Environment: at most 100 entries (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-sagemaker-model-containerdefinition.html)',
      check: ({ where, container }) => {
        const count = environmentEntries(container.environment).length;
        return count > MODEL_LIMITS.environmentEntries
          ? problem(`${where}.environment has too many entries`, `${where}.environment`, `${count} entries`,
            `at most ${MODEL_LIMITS.environmentEntries}`)
          : undefined;
      },
    },
    {
      id: 'container.environment.key',
      source: 'CloudFormation AWS::SageMaker::Model ContainerDefinition Environment: key pattern, up to 1024 characters (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-sagemaker-model-containerdefinition.html)',
      check: ({ where, container }) => environmentEntries(container.environment)
        .map(([key]) => checkString(`${where}.environment key`, key, STRING_RULES.environmentKey)),
    },
    {
      id: 'container.environment.valueType',
      source: 'CloudFormation AWS::SageMaker::Model ContainerDefinition Environment: values are strings (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-sagemaker-model-containerdefinition.html)',
      check: ({ where, container }) => environmentEntries(container.environment)
        .filter(([, value]) => typeof value !== 'string' && !cdk.Token.isUnresolved(value))
        .map(([key, value]) => problem(`${where}.environment['${key}'] must be a string`, `${where}.environment['${key}']`,
          `${typeof value} ${show(value)}`, 'a string: convert numbers and booleans with String()')),
    },
    {
      id: 'container.environment.valueLength',
      source: 'CloudFormation AWS::SageMaker::Model ContainerDefinition Environment: values up to 1024 characters (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-sagemaker-model-containerdefinition.html)',
      check: ({ where, container }) => environmentEntries(container.environment)
        .filter(([, value]) => typeof value === 'string' && !cdk.Token.isUnresolved(value)
          && value.length > MODEL_LIMITS.environmentValueLength)
        .map(([key, value]) => problem(`${where}.environment['${key}'] is too long`, `${where}.environment['${key}']`,
          `${(value as string).length} characters`, `at most ${MODEL_LIMITS.environmentValueLength}`)),
    },
    {
      id: 'container.imageOrModelPackage',
      source: 'CloudFormation AWS::SageMaker::Model ContainerDefinition Image / ModelPackageName, SageMaker API ContainerDefinition (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-sagemaker-model-containerdefinition.html, https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_ContainerDefinition.html)',
      check: ({ where, container }) => (container.image === undefined) === (container.modelPackage === undefined)
        ? problem(`${where} must have exactly one of 'image' and 'modelPackage'`, where,
          container.image ? 'both' : 'neither', 'an image or a model package')
        : undefined,
    },
    {
      id: 'container.modelDataWithModelPackage',
      source: 'SageMaker API ContainerDefinition (https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_ContainerDefinition.html)',
      check: ({ where, container }) => container.modelPackage && container.modelData
        ? problem(`${where}: 'modelData' cannot be combined with 'modelPackage', which supplies the artifacts`,
          `${where}.modelData`, 'model data and a model package', 'model data with an image only')
        : undefined,
    },
    {
      id: 'container.modelCacheEnabled',
      source: 'CloudFormation AWS::SageMaker::Model ContainerDefinition MultiModelConfig only with Mode MultiModel (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-sagemaker-model-containerdefinition.html)',
      check: ({ where, container, mode }) => container.modelCacheEnabled !== undefined && mode !== ContainerMode.MULTI_MODEL
        ? problem(`${where}.modelCacheEnabled is only allowed with mode ContainerMode.MULTI_MODEL`, `${where}.mode`,
          show(mode), `ContainerMode.MULTI_MODEL with ${py('modelCacheEnabled')}`)
        : undefined,
    },
  ],
};

/** What binding a container's image and model data produced. */
export interface BoundContainerInput {
  readonly where: string;
  readonly mode: ContainerMode;
  readonly data?: BoundModelData;
  /** Whether the image comes from a private registry (`RepositoryAccessMode.VPC`). */
  readonly privateRegistry: boolean;
  /** Whether the model has a VPC. */
  readonly inVpc: boolean;
}

export const BOUND_CONTAINER: RuleSet<BoundContainerInput> = {
  name: 'Bound container',
  rules: [
    {
      id: 'container.image.privateRegistryVpc',
      source: 'CloudFormation AWS::SageMaker::Model ContainerDefinition ImageConfig.RepositoryAccessMode Vpc (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-sagemaker-model-containerdefinition.html)',
      check: ({ where, privateRegistry, inVpc }) => privateRegistry && !inVpc
        ? problem(`${where}: an image from a private registry (ContainerImage.fromRegistry, RepositoryAccessMode Vpc) `
          + 'needs a model with a vpc through which SageMaker reaches the registry', 'vpc', 'none',
        'a vpc, or an image in Amazon ECR')
        : undefined,
    },
    {
      id: 'container.modelData.multiModelPrefix',
      source: 'CloudFormation AWS::SageMaker::Model ContainerDefinition ModelDataUrl: an S3 prefix for MultiModel (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-sagemaker-model-containerdefinition.html)',
      check: ({ where, mode, data }) => data && mode === ContainerMode.MULTI_MODEL && data.s3DataType !== S3DataType.S3_PREFIX
        ? problem(`${where}: a MULTI_MODEL container reads its models from an S3 prefix`, `${where}.modelData s3DataType`,
          show(data.s3DataType), `${py('ModelData.fromBucket()')} of a key prefix ending in '/', with ${py('s3DataType')} S3DataType.S3_PREFIX`)
        : undefined,
    },
    {
      id: 'container.modelData.multiModelArchives',
      source: 'SageMaker API ContainerDefinition (ModelDataSource not with multi-model endpoints) (https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_ContainerDefinition.html)',
      check: ({ where, mode, data }) => data && mode === ContainerMode.MULTI_MODEL
        && (data.compressionType !== CompressionType.GZIP || data.acceptEula)
        ? problem(`${where}: a MULTI_MODEL container loads .tar.gz archives from ModelDataUrl`, `${where}.modelData`,
          `compressionType ${show(data.compressionType)}${data.acceptEula ? ', acceptEula true' : ''}`,
          `${py('compressionType')} CompressionType.GZIP and ${py('acceptEula')} unset`)
        : undefined,
    },
    {
      id: 'container.modelData.prefixCompression',
      source: 'SageMaker API S3ModelDataSource (S3Prefix requires CompressionType None) (https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_S3ModelDataSource.html)',
      check: ({ where, mode, data }) => data && mode !== ContainerMode.MULTI_MODEL
        && data.s3DataType === S3DataType.S3_PREFIX && data.compressionType === CompressionType.GZIP
        ? problem(`${where}: SageMaker only extracts a single .tar.gz object, so model data with s3DataType S3DataType.S3_PREFIX `
          + 'must be uncompressed for a SINGLE_MODEL container', `${where}.modelData compressionType`, '\'Gzip\'',
        'CompressionType.NONE')
        : undefined,
    },
    {
      id: 'container.modelData.uriLength',
      source: 'CloudFormation AWS::SageMaker::Model ContainerDefinition ModelDataUrl / S3Uri: up to 1024 characters (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-sagemaker-model-containerdefinition.html)',
      check: ({ where, data }) => data && !cdk.Token.isUnresolved(data.uri) && data.uri.length > MODEL_LIMITS.s3UriLength
        ? problem(`${where}: the model data URI is too long`, `${where}.modelData`,
          `${data.uri.length} characters, ${show(data.uri.slice(0, 60))}...`, `at most ${MODEL_LIMITS.s3UriLength}`)
        : undefined,
    },
  ],
};
