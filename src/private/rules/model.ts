import * as cdk from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { CfnModel } from 'aws-cdk-lib/aws-sagemaker';
import { RuleSet } from './rule';
import { tagRules } from './tags';
import { ContainerImageConfig, RepositoryAccessMode } from '../../container-image';
import { ContainerDefinition, ContainerMode, InferenceExecutionMode, ModelProps } from '../../model';
import { CompressionType, ModelDataConfig, S3DataType } from '../../model-data';
import { checkCount, checkString, literal, show, STRING_RULES } from '../validation';

/*
 * Every rule of AWS::SageMaker::Model (sagemaker-constraints.md §1, §1.1, C1-C6): the model's
 * props, each container as it is added and once its image and data are bound, the model as a
 * whole at synth, and the values of the images, model data and model packages it is built from.
 */

/** SageMaker limits of a model (sagemaker-constraints.md §1). */
export const MODEL_LIMITS = {
  containers: { min: 1, max: 15 },
  environmentEntries: 100,
  environmentValueLength: 1024,
  environmentTotalBytes: 32 * 1024,
  securityGroups: { min: 1, max: 5 },
  subnets: { min: 1, max: 16 },
  s3UriLength: 1024,
};

/** The ID formats of the CloudFormation schema (`AWS::EC2::SecurityGroup.Id`, `AWS::EC2::Subnet.Id`). */
const SECURITY_GROUP_ID = /^sg-([a-fA-F0-9]{8}|[a-fA-F0-9]{17})$/;
const SUBNET_ID = /^subnet-([a-fA-F0-9]{8}|[a-fA-F0-9]{17})$/;
/** `ExecutionRoleArn` (S-Model, API `RoleArn`). */
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/?[a-zA-Z_0-9+=,.@\-_/]+$/;


// ---------------------------------------------------------------------------------------------
// ModelProps, checked when the model is constructed.

export const MODEL_PROPS: RuleSet<ModelProps> = {
  name: 'Model props',
  rules: [
    {
      id: 'model.modelName',
      source: '§1 ModelName',
      check: props => checkString('modelName', props.modelName, STRING_RULES.modelName),
    },
    {
      id: 'model.modelName.fixedModelName',
      source: '§1 all properties are createOnly',
      severity: 'warning',
      check: props => props.modelName === undefined ? undefined
        : `modelName is set to ${show(props.modelName)}: every change to this model replaces it, and `
        + 'CloudFormation cannot replace a resource that has a fixed name (the update fails). Leave '
        + 'modelName unset to let CloudFormation generate one.',
    },
    {
      id: 'model.role.arn',
      source: '§1 ExecutionRoleArn',
      check: props => {
        const arn = props.role?.roleArn;
        if (!literal(arn) || (arn.length >= 20 && arn.length <= 2048 && ROLE_ARN.test(arn))) {
          return undefined;
        }
        return `role must be an IAM role, arn:<partition>:iam::<account>:role/<name> of 20 to 2048 characters (got role ARN ${show(arn)})`;
      },
    },
    {
      id: 'model.vpc.required',
      source: 'alpha (VpcConfig needs subnets and security groups)',
      check: props => {
        if (props.vpc || !(props.securityGroups || props.allowAllOutbound !== undefined || props.vpcSubnets)) {
          return undefined;
        }
        const given = [
          props.securityGroups ? 'securityGroups' : undefined,
          props.allowAllOutbound !== undefined ? `allowAllOutbound (${props.allowAllOutbound})` : undefined,
          props.vpcSubnets ? 'vpcSubnets' : undefined,
        ].filter(x => x !== undefined).join(', ');
        return `Cannot configure 'securityGroups' or 'allowAllOutbound' without configuring a VPC (got ${given} `
          + 'without vpc); set \'vpc\' or remove them';
      },
    },
    {
      id: 'model.allowAllOutbound',
      source: 'alpha (allowAllOutbound only configures a security group the model creates)',
      check: props => props.vpc && props.securityGroups && props.securityGroups.length > 0 && props.allowAllOutbound !== undefined
        ? 'Configure \'allowAllOutbound\' directly on the supplied SecurityGroups (got securityGroups '
          + `and allowAllOutbound ${props.allowAllOutbound}); set one of them`
        : undefined,
    },
  ],
};

// ---------------------------------------------------------------------------------------------
// A container definition, checked when it is added.

/** A container definition as `addContainer()` receives it. */
export interface ContainerInput {
  /** `containers[<index>]`, for the messages. */
  readonly where: string;
  readonly container: ContainerDefinition;
  /** The mode, defaulted. */
  readonly mode: ContainerMode;
}

function environmentEntries(environment?: { [key: string]: string }): Array<[string, unknown]> {
  return environment && !cdk.Token.isUnresolved(environment) ? Object.entries(environment) : [];
}

export const CONTAINER: RuleSet<ContainerInput> = {
  name: 'Container definition',
  rules: [
    {
      id: 'container.containerHostname',
      source: '§1.1 ContainerHostname',
      check: ({ where, container }) => checkString(`${where}.containerHostname`, container.containerHostname, STRING_RULES.containerHostname),
    },
    {
      id: 'container.environment.count',
      source: '§1.1 Environment: at most 100 entries',
      check: ({ where, container }) => {
        const count = environmentEntries(container.environment).length;
        return count > MODEL_LIMITS.environmentEntries
          ? `${where}.environment must have at most ${MODEL_LIMITS.environmentEntries} entries (got ${count})`
          : undefined;
      },
    },
    {
      id: 'container.environment.key',
      source: '§1.1 Environment: key pattern, up to 1024 characters',
      check: ({ where, container }) => environmentEntries(container.environment)
        .map(([key]) => checkString(`${where}.environment key`, key, STRING_RULES.environmentKey)),
    },
    {
      id: 'container.environment.valueType',
      source: '§1.1 Environment: values are strings',
      check: ({ where, container }) => environmentEntries(container.environment)
        .filter(([, value]) => typeof value !== 'string' && !cdk.Token.isUnresolved(value))
        .map(([key, value]) => `${where}.environment['${key}'] must be a string (got ${typeof value} ${show(value)}); `
          + 'convert numbers and booleans with String()'),
    },
    {
      id: 'container.environment.valueLength',
      source: '§1.1 Environment: values up to 1024 characters',
      check: ({ where, container }) => environmentEntries(container.environment)
        .filter(([, value]) => typeof value === 'string' && !cdk.Token.isUnresolved(value)
          && value.length > MODEL_LIMITS.environmentValueLength)
        .map(([key, value]) => `${where}.environment['${key}'] must be at most ${MODEL_LIMITS.environmentValueLength} `
          + `characters (got ${(value as string).length})`),
    },
    {
      id: 'container.imageOrModelPackage',
      source: '§1.1 Image / ModelPackageName, C6c',
      check: ({ where, container }) => (container.image === undefined) === (container.modelPackage === undefined)
        ? `${where} must have exactly one of 'image' and 'modelPackage' (got ${container.image ? 'both' : 'neither'})`
        : undefined,
    },
    {
      id: 'container.modelDataWithModelPackage',
      source: 'C6c',
      check: ({ where, container }) => container.modelPackage && container.modelData
        ? `${where}: 'modelData' cannot be combined with 'modelPackage' (the package supplies the artifacts)`
        : undefined,
    },
    {
      id: 'container.modelCacheEnabled',
      source: '§1.1 MultiModelConfig only with Mode MultiModel',
      check: ({ where, container, mode }) => container.modelCacheEnabled !== undefined && mode !== ContainerMode.MULTI_MODEL
        ? `${where}.modelCacheEnabled is only allowed with mode ContainerMode.MULTI_MODEL (got mode ${show(mode)})`
        : undefined,
    },
  ],
};

// ---------------------------------------------------------------------------------------------
// A container once its image and model data are bound.

/** What binding a container's image and model data produced. */
export interface BoundContainerInput {
  readonly where: string;
  readonly mode: ContainerMode;
  readonly image?: ContainerImageConfig;
  readonly data?: ModelDataConfig;
  /** Whether the model has a VPC. */
  readonly inVpc: boolean;
}

const s3DataType = (data: ModelDataConfig) => data.s3DataType ?? S3DataType.S3_OBJECT;
const compressionType = (data: ModelDataConfig) => data.compressionType ?? CompressionType.GZIP;

export const BOUND_CONTAINER: RuleSet<BoundContainerInput> = {
  name: 'Bound container',
  rules: [
    {
      id: 'container.image.privateRegistryVpc',
      source: '§1.1 ImageConfig.RepositoryAccessMode Vpc',
      check: ({ where, image, inVpc }) => image?.repositoryAccessMode === RepositoryAccessMode.VPC && !inVpc
        ? `${where}: an image from a private registry (ContainerImage.fromRegistry, RepositoryAccessMode Vpc) `
          + 'needs a model with a vpc through which SageMaker reaches the registry; set \'vpc\''
        : undefined,
    },
    {
      id: 'container.modelData.multiModelPrefix',
      source: '§1.1 ModelDataUrl: an S3 prefix for MultiModel',
      check: ({ where, mode, data }) => data && mode === ContainerMode.MULTI_MODEL && s3DataType(data) !== S3DataType.S3_PREFIX
        ? `${where}: a MULTI_MODEL container reads its models from an S3 prefix; use `
          + 'ModelData.fromBucket(bucket, \'prefix/\', { s3DataType: S3DataType.S3_PREFIX }) (got s3DataType '
          + `${show(s3DataType(data))})`
        : undefined,
    },
    {
      id: 'container.modelData.multiModelArchives',
      source: 'C6b (ModelDataSource not with multi-model endpoints)',
      check: ({ where, mode, data }) => data && mode === ContainerMode.MULTI_MODEL
        && (compressionType(data) !== CompressionType.GZIP || data.acceptEula)
        ? `${where}: a MULTI_MODEL container loads .tar.gz archives from ModelDataUrl; compressionType `
          + `must be CompressionType.GZIP and acceptEula unset (got compressionType ${show(compressionType(data))}`
          + `${data.acceptEula ? ', acceptEula true' : ''})`
        : undefined,
    },
    {
      id: 'container.modelData.prefixCompression',
      source: 'C6 (S3Prefix requires CompressionType None)',
      check: ({ where, mode, data }) => data && mode !== ContainerMode.MULTI_MODEL
        && s3DataType(data) === S3DataType.S3_PREFIX && compressionType(data) === CompressionType.GZIP
        ? `${where}: model data with s3DataType S3DataType.S3_PREFIX must use compressionType `
          + 'CompressionType.NONE for a SINGLE_MODEL container (SageMaker only extracts a single .tar.gz object); '
          + '(got compressionType \'Gzip\')'
        : undefined,
    },
    {
      id: 'container.modelData.uriLength',
      source: '§1.1 ModelDataUrl / S3Uri: up to 1024 characters',
      check: ({ where, data }) => data && literal(data.uri) && data.uri.length > MODEL_LIMITS.s3UriLength
        ? `${where}: the model data URI must be at most ${MODEL_LIMITS.s3UriLength} characters (got ${data.uri.length}: `
          + `${show(data.uri.slice(0, 60))}...)`
        : undefined,
    },
  ],
};

// ---------------------------------------------------------------------------------------------
// The model as a whole, checked at synth (containers and tags can be added after construction).

/** A container as rendered, plus what the model-level rules need to know about it. */
export interface BoundContainer {
  readonly index: number;
  readonly hostname?: string;
  readonly mode: ContainerMode;
  readonly imageConfig?: ContainerImageConfig;
  readonly environment?: { [key: string]: string };
  readonly property: CfnModel.ContainerDefinitionProperty;
}

/** The model at synth. */
export interface ModelInput {
  readonly props: ModelProps;
  readonly containers: readonly BoundContainer[];
  /** The security groups and subnets of a model in a VPC. */
  readonly network?: { readonly securityGroups: ec2.ISecurityGroup[]; readonly subnetIds: string[] };
  readonly resource: CfnModel;
}

/** Bytes of every environment key and value, or undefined when any of them is a token. */
function environmentBytes(containers: readonly BoundContainer[]): number | undefined {
  let total = 0;
  for (const c of containers) {
    if (!c.environment) {
      continue;
    }
    if (cdk.Token.isUnresolved(c.environment)) {
      return undefined;
    }
    for (const [k, v] of Object.entries(c.environment)) {
      if (cdk.Token.isUnresolved(k) || cdk.Token.isUnresolved(v)) {
        return undefined;
      }
      total += Buffer.byteLength(k, 'utf8') + Buffer.byteLength(String(v), 'utf8');
    }
  }
  return total;
}

const named = (containers: readonly BoundContainer[]) => containers.filter(c => c.hostname !== undefined);

function idFormat(property: string, ids: string[] | undefined, pattern: RegExp, allowed: string): string[] {
  return (ids ?? []).filter(id => literal(id) && !pattern.test(id))
    .map(id => `${property} must be ${allowed} (got ${show(id)})`);
}

export const MODEL: RuleSet<ModelInput> = {
  name: 'Model',
  rules: [
    {
      id: 'model.containers.min',
      source: '§1 PrimaryContainer / Containers, C1',
      check: ({ containers }) => containers.length < MODEL_LIMITS.containers.min
        ? 'Must configure at least 1 container for model (containers: got 0; allowed 1 to 15). '
          + 'Pass \'containers\' or call addContainer()'
        : undefined,
    },
    {
      id: 'model.containers.max',
      source: '§1 Containers: 0-15 items',
      check: ({ containers }) => containers.length > MODEL_LIMITS.containers.max
        ? `Cannot have more than 15 containers in inference pipeline (containers: got ${containers.length}; allowed 1 to 15)`
        : undefined,
    },
    {
      id: 'model.containerHostname.all',
      source: 'C3 (a hostname on one pipeline container needs one on each)',
      check: ({ containers }) => {
        const count = named(containers).length;
        if (containers.length < 2 || count === 0 || count === containers.length) {
          return undefined;
        }
        const missing = containers.filter(c => c.hostname === undefined).map(c => c.index);
        return 'containerHostname must be set on every container of a multi-container model once one has it '
          + `(missing on containers ${missing.join(', ')})`;
      },
    },
    {
      id: 'model.containerHostname.unique',
      source: 'C3 (hostnames unique)',
      check: ({ containers }) => {
        const hostnames = named(containers).map(c => c.hostname!).filter(h => !cdk.Token.isUnresolved(h));
        const duplicates = [...new Set(hostnames.filter((h, i) => hostnames.indexOf(h) !== i))];
        return containers.length > 1 && duplicates.length > 0
          ? `containerHostname must be unique within a model (duplicated: ${duplicates.map(show).join(', ')})`
          : undefined;
      },
    },
    {
      id: 'model.inferenceExecutionMode.directHostnames',
      source: 'C2 (Direct invocation targets a container by hostname)',
      check: ({ props, containers }) => containers.length > 1 && props.inferenceExecutionMode === InferenceExecutionMode.DIRECT
        && named(containers).length < containers.length
        ? 'inferenceExecutionMode InferenceExecutionMode.DIRECT requires a unique containerHostname on '
          + 'every container (requests name their target container by hostname)'
        : undefined,
    },
    {
      id: 'model.inferenceExecutionMode.containers',
      source: 'C2 (InferenceExecutionConfig only with Containers)',
      check: ({ props, containers }) => props.inferenceExecutionMode !== undefined && containers.length < 2
        ? `inferenceExecutionMode is only allowed with 2 or more containers (got ${containers.length} container(s), `
          + `mode ${show(props.inferenceExecutionMode)})`
        : undefined,
    },
    {
      id: 'model.mode.multiModel',
      source: 'C4 (at most one MultiModel container)',
      check: ({ containers }) => {
        const multiModel = containers.filter(c => c.mode === ContainerMode.MULTI_MODEL);
        return multiModel.length > 1
          ? `at most one container of a model can have mode ContainerMode.MULTI_MODEL (got ${multiModel.length}: `
            + `containers ${multiModel.map(c => c.index).join(', ')})`
          : undefined;
      },
    },
    {
      id: 'model.environment.totalBytes',
      source: '§1.1 Environment: all maps together up to 32 KB',
      check: ({ containers }) => {
        const total = environmentBytes(containers);
        return total !== undefined && total > MODEL_LIMITS.environmentTotalBytes
          ? 'the environment maps of all containers together must be at most 32 KB (32768 bytes of keys '
            + `and values; got ${total})`
          : undefined;
      },
    },
    {
      id: 'model.securityGroups.count',
      source: '§1 VpcConfig.SecurityGroupIds: 1-5 items',
      check: ({ network }) => network && checkCount('securityGroups', network.securityGroups,
        MODEL_LIMITS.securityGroups.min, MODEL_LIMITS.securityGroups.max),
    },
    {
      id: 'model.securityGroups.id',
      source: '§1 VpcConfig.SecurityGroupIds items (CloudFormation format AWS::EC2::SecurityGroup.Id)',
      check: ({ network }) => idFormat('securityGroups security group id', network?.securityGroups.map(sg => sg.securityGroupId),
        SECURITY_GROUP_ID, '\'sg-\' followed by 8 or 17 hexadecimal digits'),
    },
    {
      id: 'model.vpcSubnets.count',
      source: '§1 VpcConfig.Subnets: 1-16 items',
      check: ({ network }) => network && checkCount('vpcSubnets (selected subnets)', network.subnetIds,
        MODEL_LIMITS.subnets.min, MODEL_LIMITS.subnets.max),
    },
    {
      id: 'model.vpcSubnets.id',
      source: '§1 VpcConfig.Subnets items (CloudFormation format AWS::EC2::Subnet.Id)',
      check: ({ network }) => idFormat('vpcSubnets subnet id', network?.subnetIds,
        SUBNET_ID, '\'subnet-\' followed by 8 or 17 hexadecimal digits'),
    },
    ...tagRules<ModelInput>('model', input => input.resource),
  ],
};

// ---------------------------------------------------------------------------------------------
// What a model is built from.

/** `ContainerImage.fromRegistry()`. */
export const REGISTRY_IMAGE: RuleSet<string> = {
  name: 'Registry image',
  rules: [{
    id: 'image.imageUri',
    source: '§1.1 Image',
    check: uri => checkString('ContainerImage.fromRegistry imageUri', uri, STRING_RULES.imageUri),
  }],
};

/** An image in ECR: `ContainerImage.fromEcrRepository()` or `fromDlc()`. */
export interface EcrImageInput {
  /** The factory, for the messages. */
  readonly factory: 'fromEcrRepository' | 'fromDlc';
  /** The tag, or for `fromEcrRepository` a digest (`sha256:...`). */
  readonly tag: string;
  /** The repository name, when the factory takes one. */
  readonly repositoryName?: string;
  /** The registry account, when the factory takes one. */
  readonly accountId?: string;
}

/** Image tags (the Docker tag grammar; the length is bounded by `Image`'s 255) and SHA-256 digests. */
const IMAGE_TAG = /^[a-zA-Z0-9_][a-zA-Z0-9_.-]*$/;
const IMAGE_DIGEST = /^sha256:[a-f0-9]{64}$/;
/** ECR repository names: 2-256 characters of lowercase path components. */
const REPOSITORY_NAME = /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/;

export const ECR_IMAGE: RuleSet<EcrImageInput> = {
  name: 'ECR image',
  rules: [
    {
      id: 'image.tag',
      source: '§1.1 Image (registry/repo[:tag] or [@digest]; the ECR tag and digest formats)',
      check: ({ factory, tag }) => {
        if (!literal(tag)) {
          return undefined;
        }
        const digest = factory === 'fromEcrRepository' && tag.startsWith('sha256:');
        if (digest ? IMAGE_DIGEST.test(tag) : IMAGE_TAG.test(tag)) {
          return undefined;
        }
        return digest
          ? `ContainerImage.${factory} digest must be sha256: followed by 64 lowercase hexadecimal digits (got ${show(tag)})`
          : `ContainerImage.${factory} tag must be letters, digits, '_', '.' and '-', not starting with '.' or '-'`
            + `${factory === 'fromEcrRepository' ? ', or a digest sha256:<64 hexadecimal digits>' : ''} (got ${show(tag)})`;
      },
    },
    {
      // Warnings: the alpha module's own tests use names such as 'anyRepositoryName'.
      id: 'image.repositoryName.dlcRepositoryName',
      source: '§1.1 Image (the ECR repository name format)',
      severity: 'warning',
      check: ({ factory, repositoryName: name }) => literal(name) && (name.length < 2 || name.length > 256 || !REPOSITORY_NAME.test(name))
        ? `ContainerImage.${factory} repositoryName ${show(name)} is not an ECR repository name (2 to 256 lowercase `
          + 'letters and digits in components separated by \'._-/\', such as \'pytorch-inference\'); the image cannot be pulled'
        : undefined,
    },
    {
      id: 'image.accountId.dlcAccountId',
      source: '§1.1 Image (an ECR registry is an account id)',
      severity: 'warning',
      check: ({ factory, accountId }) => literal(accountId) && !/^\d{12}$/.test(accountId)
        ? `ContainerImage.${factory} accountId ${show(accountId)} is not a 12-digit AWS account id; the image cannot be pulled`
        : undefined,
    },
  ],
};

/** `ModelData.fromBucket()`. */
export interface BucketDataInput {
  readonly objectKey: string;
  readonly s3DataType: S3DataType;
}

export const BUCKET_DATA: RuleSet<BucketDataInput> = {
  name: 'Model data in a bucket',
  rules: [
    {
      id: 'modelData.objectKey.empty',
      source: '§1.1 ModelDataUrl: a single .tar.gz object',
      check: ({ objectKey, s3DataType: type }) => type === S3DataType.S3_OBJECT && objectKey === ''
        ? 'ModelData.fromBucket objectKey must name an object for S3DataType.S3_OBJECT (got \'\'); '
          + 'use s3DataType S3DataType.S3_PREFIX for every object of a bucket'
        : undefined,
    },
    {
      id: 'modelData.objectKey.length',
      source: '§1.1 ModelDataUrl / S3Uri: up to 1024 characters',
      check: ({ objectKey }) => literal(objectKey) && Buffer.byteLength(objectKey, 'utf8') > MODEL_LIMITS.s3UriLength
        ? `ModelData.fromBucket objectKey must be at most ${MODEL_LIMITS.s3UriLength} bytes, and the whole S3 URI at most `
          + `${MODEL_LIMITS.s3UriLength} characters (got ${Buffer.byteLength(objectKey, 'utf8')} bytes)`
        : undefined,
    },
  ],
};

/** `ModelPackage.fromModelPackageArn()`. */
export const MODEL_PACKAGE: RuleSet<string> = {
  name: 'Model package',
  rules: [
    {
      id: 'modelPackage.modelPackageArn',
      source: '§1.1 ModelPackageName',
      check: arn => checkString('modelPackageArn', arn, STRING_RULES.modelPackageArn),
    },
    {
      id: 'modelPackage.modelPackageArn.arn',
      source: 'api-contract (an ARN, so that the account and region are known)',
      check: arn => literal(arn) && !arn.startsWith('arn:') && checkString('', arn, STRING_RULES.modelPackageArn) === undefined
        ? `modelPackageArn must be an ARN, arn:<partition>:sagemaker:<region>:<account>:model-package/<name>[/<version>] (got '${arn}')`
        : undefined,
    },
    {
      id: 'modelPackage.modelPackageArn.resourceType',
      source: '§1.1 ModelPackageName (a model package, not another SageMaker resource)',
      check: arn => {
        if (!literal(arn) || !arn.startsWith('arn:') || checkString('', arn, STRING_RULES.modelPackageArn) !== undefined) {
          return undefined;
        }
        const resourceType = arn.split(':')[5].split('/')[0];
        return resourceType === 'model-package' ? undefined
          : `modelPackageArn must name a model package (resource type 'model-package'; got '${resourceType}' in '${arn}')`;
      },
    },
  ],
};

/** Every Model rule set, for the rule counts. */
export const MODEL_RULE_SETS: ReadonlyArray<RuleSet<any>> = [
  MODEL_PROPS, CONTAINER, BOUND_CONTAINER, MODEL, REGISTRY_IMAGE, ECR_IMAGE, BUCKET_DATA, MODEL_PACKAGE,
];

