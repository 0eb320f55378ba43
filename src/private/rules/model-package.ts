import { Token } from 'aws-cdk-lib';
import { ContainerMode } from '../../container-definition';
import type { ContainerDefinition } from '../../container-definition';
import type { ModelFacts } from '../facts';
import type { HostedVariant } from './endpoint-config';
import { checkCount, checkString, literal, show, STRING_RULES } from '../validation';
import type { VariantEntryInput } from '../variants';
import { REGISTRY_LIMITS } from './limits';
import { checkDescription } from './model-package-group';
import { problem, RuleSet } from './rule';

/* The rules of `ModelPackage.fromModelPackageArn()` (CloudFormation AWS::SageMaker::Model ContainerDefinition ModelPackageName). */

const valid = (arn: string) => checkString('', arn, STRING_RULES.modelPackageArn) === undefined;

export const MODEL_PACKAGE: RuleSet<string> = {
  name: 'Model package',
  rules: [
    {
      id: 'modelPackage.modelPackageArn',
      source: 'CloudFormation AWS::SageMaker::Model ContainerDefinition ModelPackageName (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-sagemaker-model-containerdefinition.html)',
      check: arn => checkString('modelPackageArn', arn, STRING_RULES.modelPackageArn),
    },
    {
      id: 'modelPackage.modelPackageArn.arn',
      source: 'SageMaker API ContainerDefinition ModelPackageName (an ARN, so that the account and region are known) (https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_ContainerDefinition.html)',
      check: arn => literal(arn) && !arn.startsWith('arn:') && valid(arn)
        ? problem('modelPackageArn must be an ARN, not a name', 'modelPackageArn', `'${arn}'`,
          'arn:<partition>:sagemaker:<region>:<account>:model-package/<name>[/<version>]')
        : undefined,
    },
    {
      id: 'modelPackage.modelPackageArn.resourceType',
      source: 'CloudFormation AWS::SageMaker::Model ContainerDefinition ModelPackageName (a model package, not another SageMaker resource) (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-sagemaker-model-containerdefinition.html)',
      check: arn => {
        if (!literal(arn) || !arn.startsWith('arn:') || !valid(arn)) {
          return undefined;
        }
        const resourceType = arn.split(':')[5].split('/')[0];
        return resourceType === 'model-package' ? undefined
          : problem('modelPackageArn must name a model package', 'modelPackageArn resource type',
            `'${resourceType}' in '${arn}'`, '\'model-package\'');
      },
    },
  ],
};

/* The rules of `ModelPackage.fromVersion()` and of a version registered in the app (CloudFormation AWS::SageMaker::ModelPackage). */

const PACKAGE_SOURCE = 'CloudFormation AWS::SageMaker::ModelPackage InferenceSpecification (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-sagemaker-modelpackage-inferencespecification.html)';
const REGISTRY_CFN = 'AWS::SageMaker::ModelPackage is not one of the hosting resources HostingChecks reads';

export const MODEL_PACKAGE_VERSION: RuleSet<number> = {
  name: 'Model package version',
  cfn: 'an argument of ModelPackage.fromVersion()',
  rules: [{
    id: 'modelPackage.version',
    source: 'SageMaker API DescribeModelPackage ModelPackageName: a versioned ARN ends in /<1 to 9 digits> (https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_DescribeModelPackage.html)',
    check: version => Token.isUnresolved(version) || (Number.isInteger(version) && version >= REGISTRY_LIMITS.version.min
      && version <= REGISTRY_LIMITS.version.max) ? undefined
      : problem('version must be a version number of the group', 'version', show(version),
        `a whole number from ${REGISTRY_LIMITS.version.min} to ${REGISTRY_LIMITS.version.max}`),
  }],
};

/** What the rules of a registered version's props read. */
export interface ModelPackagePropsInput {
  readonly containers: ReadonlyArray<Pick<ContainerDefinition, 'image' | 'modelPackage' | 'mode' | 'modelCacheEnabled' | 'containerHostname'>>;
  readonly supportedContentTypes?: readonly string[];
  readonly supportedResponseMimeTypes?: readonly string[];
  readonly supportedRealtimeInferenceInstanceTypes?: readonly unknown[];
  readonly description?: string;
}

function checkMimeTypes(property: string, types: readonly string[] | undefined): string[] {
  if (types === undefined) {
    return [];
  }
  if (types.length === 0) {
    return [problem(`${property} must name at least one MIME type`, property, 'an empty list', 'one or more MIME types, such as \'application/json\'')];
  }
  return types.filter(t => literal(t) && (t.length === 0 || t.length > REGISTRY_LIMITS.contentTypeLength))
    .map(t => problem(`${property} has an invalid MIME type`, property, show(t), `1 to ${REGISTRY_LIMITS.contentTypeLength} characters`));
}

export const MODEL_PACKAGE_PROPS: RuleSet<ModelPackagePropsInput> = {
  name: 'Model package props',
  cfn: REGISTRY_CFN,
  rules: [
    {
      id: 'modelPackage.containers.count',
      source: PACKAGE_SOURCE,
      check: props => checkCount('containers', props.containers, REGISTRY_LIMITS.containers.min, REGISTRY_LIMITS.containers.max),
    },
    {
      id: 'modelPackage.containers.image',
      source: 'CloudFormation AWS::SageMaker::ModelPackage ModelPackageContainerDefinition Image (required) (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-sagemaker-modelpackage-modelpackagecontainerdefinition.html)',
      check: props => props.containers.map((c, i) => c.image === undefined || c.modelPackage !== undefined
        ? problem(`containers[${i}] of a model package must be an image`, `containers[${i}].${c.modelPackage ? 'modelPackage' : 'image'}`,
          c.modelPackage ? 'a model package' : 'none', 'an image (and its model data); a package cannot contain another package')
        : undefined),
    },
    {
      id: 'modelPackage.containers.mode',
      source: 'CloudFormation AWS::SageMaker::ModelPackage ModelPackageContainerDefinition has no Mode or MultiModelConfig (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-sagemaker-modelpackage-modelpackagecontainerdefinition.html)',
      check: props => props.containers.map((c, i) =>
        (c.mode !== undefined && c.mode !== ContainerMode.SINGLE_MODEL) || c.modelCacheEnabled !== undefined
          ? problem(`containers[${i}] of a model package cannot be a multi-model container`,
            `containers[${i}].${c.modelCacheEnabled !== undefined ? 'modelCacheEnabled' : 'mode'}`,
            c.modelCacheEnabled !== undefined ? String(c.modelCacheEnabled) : String(c.mode), 'a single-model container (mode unset)')
          : undefined),
    },
    {
      id: 'modelPackage.containers.containerHostname',
      source: 'CloudFormation AWS::SageMaker::ModelPackage ModelPackageContainerDefinition ContainerHostname (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-sagemaker-modelpackage-modelpackagecontainerdefinition.html)',
      check: props => props.containers.map((c, i) => checkString(`containers[${i}].containerHostname`, c.containerHostname, STRING_RULES.containerHostname)),
    },
    {
      id: 'modelPackage.supportedContentTypes',
      source: PACKAGE_SOURCE,
      check: props => checkMimeTypes('supportedContentTypes', props.supportedContentTypes),
    },
    {
      id: 'modelPackage.supportedResponseMimeTypes',
      source: PACKAGE_SOURCE,
      check: props => checkMimeTypes('supportedResponseMimeTypes', props.supportedResponseMimeTypes),
    },
    {
      id: 'modelPackage.supportedRealtimeInferenceInstanceTypes',
      source: PACKAGE_SOURCE,
      check: props => props.supportedRealtimeInferenceInstanceTypes?.length === 0
        ? problem('supportedRealtimeInferenceInstanceTypes must name at least one instance type', 'supportedRealtimeInferenceInstanceTypes',
          'an empty list', 'one or more instance types, or leave it unset for any')
        : undefined,
    },
    {
      id: 'modelPackage.description',
      source: 'CloudFormation AWS::SageMaker::ModelPackage ModelPackageDescription (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-sagemaker-modelpackage.html)',
      check: props => checkDescription('description', props.description),
    },
  ],
};

/** A model package's container as bound for the package. */
export interface PackageContainerInput {
  readonly where: string;
  /** Whether the image is pulled from a private registry in a VPC (`ContainerImage.fromRegistry`). */
  readonly privateRegistry: boolean;
}

export const MODEL_PACKAGE_CONTAINER: RuleSet<PackageContainerInput> = {
  name: 'Model package container',
  cfn: REGISTRY_CFN,
  rules: [{
    id: 'modelPackage.containers.privateRegistry',
    source: 'CloudFormation AWS::SageMaker::ModelPackage ModelPackageContainerDefinition has no ImageConfig: the image is in Amazon ECR (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-sagemaker-modelpackage-modelpackagecontainerdefinition.html)',
    check: ({ where, privateRegistry }) => privateRegistry
      ? problem(`${where} of a model package cannot pull from a private registry`, `${where}.image`, 'ContainerImage.fromRegistry()',
        'an image in Amazon ECR (fromEcrRepository, fromAsset, fromDlc, ServingImage)')
      : undefined,
  }],
};

/** The variants that serve a model, with what the model tells. */
export interface PackageHostingInput {
  readonly hosts: ReadonlyArray<{ readonly where: string; readonly instanceTypes: readonly string[]; readonly model?: Pick<ModelFacts, 'registeredPackages'> }>;
}

/** The production and shadow variants of a configuration, as the package hosting rule reads them (both doors). */
export function packageHosts(instanceVariants: ReadonlyArray<HostedVariant<VariantEntryInput>>,
  shadowVariants: ReadonlyArray<HostedVariant<VariantEntryInput>>): PackageHostingInput['hosts'] {
  const host = (where: string, { variant, model }: HostedVariant<VariantEntryInput>) =>
    ({ where, instanceTypes: variant.instanceTypes.map(t => t.toString()), model });
  return [
    ...instanceVariants.map(h => host(`variant '${h.variant.variantName}'`, h)),
    ...shadowVariants.map(h => host(`shadow variant '${h.variant.variantName}'`, h)),
  ].filter(h => (h.model?.registeredPackages.length ?? 0) > 0);
}

export const PACKAGE_HOSTING: RuleSet<PackageHostingInput> = {
  name: 'Model package hosting',
  rules: [{
    id: 'modelPackage.supportedRealtimeInferenceInstanceTypes.variant',
    source: 'SageMaker API CreateModelPackage InferenceSpecification SupportedRealtimeInferenceInstanceTypes: the instance types the package supports for real-time inference (https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_InferenceSpecification.html)',
    check: ({ hosts }) => hosts.flatMap(host => (host.model?.registeredPackages ?? []).flatMap(pkg => {
      const supported = pkg.supportedInstanceTypes;
      if (supported === undefined || supported.some(t => !literal(t))) {
        return [];
      }
      return host.instanceTypes.filter(t => literal(t) && !supported.includes(t))
        .map(t => problem(`${host.where}: model package '${pkg.path}' (${pkg.where}) does not support instance type ${show(t)}`,
          `${host.where} instanceType`, show(t),
          `${supported.map(s => `'${s}'`).join(', ')} (its supportedRealtimeInferenceInstanceTypes)`));
    })),
  }],
};
