import type { EndpointConfigProps } from '../../endpoint-config';
import type { ModelFacts } from '../facts';
import { supportsMultiModel } from '../instance-data';
import { checkString, known, literal, show, STRING_RULES } from '../validation';
import type { ServerlessEntryInput, VariantEntryInput } from '../variants';
import { ENDPOINT_CONFIG_LIMITS, range } from './limits';
import { problem, py, RuleSet } from './rule';
import { RenderedTag, tagRules } from './tags';

/*
 * The rules of AWS::SageMaker::EndpointConfig as a whole (CloudFormation AWS::SageMaker::EndpointConfig,
 * SageMaker API ProductionVariant, SageMaker Developer Guide): the props when it is constructed, and the configuration at synth, once every variant, model
 * and tag is known. A variant's own rules are in rules/production-variant.ts.
 */

/** `KmsKeyId` as the library renders it (a key or alias ARN; CloudFormation AWS::SageMaker::EndpointConfig KmsKeyId, SageMaker API CreateEndpointConfig pattern). */
const KMS_KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:(key|alias)\/[a-zA-Z0-9:/_-]+$/;

/** What the rules of a configuration's props read (the construct's props; a key by its ARN). */
export interface EndpointConfigPropsInput
  extends Pick<EndpointConfigProps, 'endpointConfigName' | 'instanceProductionVariants' | 'serverlessProductionVariant'> {
  readonly encryptionKey?: { readonly keyRef: { readonly keyArn: string } };
}

export const ENDPOINT_CONFIG_PROPS: RuleSet<EndpointConfigPropsInput> = {
  name: 'EndpointConfig props',
  rules: [
    {
      id: 'endpointConfig.endpointConfigName',
      source: 'CloudFormation AWS::SageMaker::EndpointConfig EndpointConfigName (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-sagemaker-endpointconfig.html)',
      check: props => checkString('endpointConfigName', props.endpointConfigName, STRING_RULES.endpointConfigName),
    },
    {
      id: 'endpointConfig.endpointConfigName.fixedEndpointConfigName',
      source: 'CloudFormation AWS::SageMaker::EndpointConfig all properties are createOnly (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-sagemaker-endpointconfig.html)',
      severity: 'warning',
      check: props => props.endpointConfigName === undefined ? undefined
        : `${py('endpointConfigName')} is set to ${show(props.endpointConfigName)}: every change to this endpoint `
        + 'configuration replaces it, and CloudFormation cannot replace a resource that has a fixed name '
        + '(the update fails). Leave endpointConfigName unset to let CloudFormation generate one.',
    },
    {
      id: 'endpointConfig.variants.kind',
      cfn: 'it reads the construct\'s two variant props; on CloudFormation properties the variants\' own kind rules (instanceVariant.kind, serverlessVariant.kind) apply',
      source: 'SageMaker Developer Guide (no mixing serverless and instance variants) (https://docs.aws.amazon.com/sagemaker/latest/dg/serverless-endpoints.html)',
      check: props => props.instanceProductionVariants && props.serverlessProductionVariant
        ? problem('Cannot specify both instanceProductionVariants and serverlessProductionVariant. Choose one variant type',
          'instanceProductionVariants, serverlessProductionVariant',
          `${props.instanceProductionVariants.length} instance variant(s) and serverless variant `
          + show(props.serverlessProductionVariant.variantName),
          'one of them: an endpoint configuration is instance-based or serverless')
        : undefined,
    },
    {
      id: 'endpointConfig.encryptionKey',
      source: 'CloudFormation AWS::SageMaker::EndpointConfig KmsKeyId (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-sagemaker-endpointconfig.html)',
      check: props => {
        const arn = props.encryptionKey?.keyRef.keyArn;
        return literal(arn) && (arn.length > ENDPOINT_CONFIG_LIMITS.kmsKeyLength || !KMS_KEY_ARN.test(arn))
          ? problem('encryptionKey must be a KMS key or alias', 'encryptionKey key ARN', show(arn),
            'arn:<partition>:kms:<region>:<account>:key/<id> or .../alias/<name>, up to '
            + `${ENDPOINT_CONFIG_LIMITS.kmsKeyLength} characters`)
          : undefined;
      },
    },
  ],
};

/** A variant at synth, with what its model tells (nothing for an imported model). */
export interface HostedVariant<E> {
  readonly variant: E;
  readonly model?: ModelFacts;
}

/** The configuration at synth. */
export interface EndpointConfigInput {
  readonly instanceVariants: ReadonlyArray<HostedVariant<VariantEntryInput>>;
  readonly serverlessVariant?: HostedVariant<ServerlessEntryInput>;
  /** The resource's tags as it will be deployed with them (rendered once per validation). */
  readonly tags: readonly RenderedTag[];
}

const VARIANT_COUNT = range(ENDPOINT_CONFIG_LIMITS.variants);

export const ENDPOINT_CONFIG: RuleSet<EndpointConfigInput> = {
  name: 'EndpointConfig',
  rules: [
    {
      id: 'endpointConfig.variants.min',
      source: 'CloudFormation AWS::SageMaker::EndpointConfig ProductionVariants: 1-10 items (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-sagemaker-endpointconfig.html)',
      check: ({ instanceVariants, serverlessVariant }) => instanceVariants.length + (serverlessVariant ? 1 : 0)
        < ENDPOINT_CONFIG_LIMITS.variants.min
        ? problem('Must configure at least 1 production variant', 'production variants', '0',
          `${VARIANT_COUNT} instance variants or one serverless variant: call ${py('addInstanceProductionVariant()')} or `
          + `${py('addServerlessProductionVariant()')}, or pass ${py('instanceProductionVariants')} or ${py('serverlessProductionVariant')}`)
        : undefined,
    },
    {
      id: 'endpointConfig.variants.max',
      source: 'CloudFormation AWS::SageMaker::EndpointConfig ProductionVariants: 1-10 items (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-sagemaker-endpointconfig.html)',
      check: ({ instanceVariants }) => instanceVariants.length > ENDPOINT_CONFIG_LIMITS.variants.max
        ? problem(`Can't have more than ${ENDPOINT_CONFIG_LIMITS.variants.max} production variants`, 'instanceProductionVariants',
          String(instanceVariants.length), VARIANT_COUNT)
        : undefined,
    },
    {
      id: 'endpointConfig.variants.allWeightsZero',
      source: 'SageMaker API ProductionVariant (sum of weights > 0) (https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_ProductionVariant.html)',
      severity: 'warning',
      check: ({ instanceVariants }) => {
        const weights = instanceVariants.map(v => v.variant.initialVariantWeight);
        return weights.length > 0 && weights.every(w => known(w) && w === 0)
          ? `every variant has ${py('initialVariantWeight')} 0 (${instanceVariants.map(v => show(v.variant.variantName)).join(', ')}): `
            + 'the endpoint would route no traffic; give at least one variant a positive weight.'
          : undefined;
      },
    },
    {
      id: 'endpointConfig.variants.multiModelInstanceType',
      source: 'SageMaker Developer Guide (multi-model endpoints: every CPU type, GPUs only the documented ones) (https://docs.aws.amazon.com/sagemaker/latest/dg/multi-model-support.html)',
      severity: 'warning',
      check: ({ instanceVariants }) => instanceVariants
        .filter(({ variant, model }) => model?.multiModel && literal(variant.instanceType.toString())
          && !supportsMultiModel(variant.instanceType.toString()))
        .map(({ variant }) => `variant ${show(variant.variantName)}: instance type ${show(variant.instanceType.toString())} is not `
          + 'documented for multi-model endpoints (every CPU type is; of the GPU types ml.p2.xlarge, ml.p3.2xlarge and '
          + 'ml.g4dn/ml.g5 xlarge to 16xlarge, with the Triton server); the endpoint may fail to create.'),
    },
    {
      id: 'endpointConfig.serverless.exclusions',
      source: 'SageMaker Developer Guide (what serverless inference excludes) (https://docs.aws.amazon.com/sagemaker/latest/dg/serverless-endpoints.html)',
      check: ({ serverlessVariant }) => {
        const exclusions = serverlessVariant?.model?.serverlessExclusions ?? [];
        return exclusions.length > 0
          ? problem(`serverless variant ${show(serverlessVariant!.variant.variantName)}: its model uses features that serverless `
            + 'inference does not support', `variant ${show(serverlessVariant!.variant.variantName)} model`, exclusions.join('; '),
          'a single-container model without a VPC, network isolation, multi-model mode, a private registry image or '
          + 'uncompressed model data')
          : undefined;
      },
    },
    ...tagRules<EndpointConfigInput>('endpointConfig', input => input.tags),
  ],
};
