import { EOL } from 'os';
import * as cdk from 'aws-cdk-lib';
import { CfnEndpointConfig } from 'aws-cdk-lib/aws-sagemaker';
import { ACCELERATOR_TYPE, INSTANCE_TYPE } from './instance-type';
import { Rule, RuleSet } from './rule';
import { tagRules } from './tags';
import { EndpointConfigProps } from '../../endpoint-config';
import { InstanceType } from '../../instance-type';
import { IModel, Model } from '../../model';
import {
  InstanceProductionVariant,
  InstanceProductionVariantProps,
  ServerlessProductionVariant,
  ServerlessProductionVariantProps,
} from '../../production-variant';
import { envMismatch } from '../env';
import { hasLocalNvme, inCatalogue, offeredInRegion, supportsMultiModel } from '../instance-data';
import { checkOneOf, checkRange, checkString, known, literal, show, STRING_RULES } from '../validation';

/*
 * Every rule of AWS::SageMaker::EndpointConfig (sagemaker-constraints.md §2, §2.1, §2.5, C5,
 * C7-C11, C18b): the config's props, each variant as it is added, the config as a whole at synth,
 * and `InstanceType.of()`.
 */

/** SageMaker limits of an endpoint configuration (sagemaker-constraints.md §2, §2.1). */
export const ENDPOINT_CONFIG_LIMITS = {
  variants: { min: 1, max: 10 },
  healthCheckSeconds: { min: 60, max: 3600 },
  maxConcurrency: { min: 1, max: 200 },
  provisionedConcurrency: { min: 1, max: 200 },
  memorySizes: [1024, 2048, 3072, 4096, 5120, 6144],
  kmsKeyLength: 2048,
};

/** `KmsKeyId` as the library renders it (a key or alias ARN; S-EC format AWS::KMS::Key.Arn, API pattern). */
const KMS_KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:(key|alias)\/[a-zA-Z0-9:/_-]+$/;

// ---------------------------------------------------------------------------------------------
// EndpointConfigProps, checked when the configuration is constructed.

export const ENDPOINT_CONFIG_PROPS: RuleSet<EndpointConfigProps> = {
  name: 'EndpointConfig props',
  rules: [
    {
      id: 'endpointConfig.endpointConfigName',
      source: '§2 EndpointConfigName',
      check: props => checkString('endpointConfigName', props.endpointConfigName, STRING_RULES.endpointConfigName),
    },
    {
      id: 'endpointConfig.endpointConfigName.fixedEndpointConfigName',
      source: '§2 all properties are createOnly',
      severity: 'warning',
      check: props => props.endpointConfigName === undefined ? undefined
        : `endpointConfigName is set to ${show(props.endpointConfigName)}: every change to this endpoint `
        + 'configuration replaces it, and CloudFormation cannot replace a resource that has a fixed name '
        + '(the update fails). Leave endpointConfigName unset to let CloudFormation generate one.',
    },
    {
      id: 'endpointConfig.variants.kind',
      source: 'C8 (no mixing serverless and instance variants)',
      check: props => props.instanceProductionVariants && props.serverlessProductionVariant
        ? 'Cannot specify both instanceProductionVariants and serverlessProductionVariant. Choose one variant type. (got '
          + `${props.instanceProductionVariants.length} instance variant(s) and serverless variant `
          + `${show(props.serverlessProductionVariant.variantName)}; an endpoint configuration is instance-based or serverless)`
        : undefined,
    },
    {
      id: 'endpointConfig.encryptionKey',
      source: '§2 KmsKeyId',
      check: props => {
        const arn = props.encryptionKey?.keyRef.keyArn;
        return literal(arn) && (arn.length > ENDPOINT_CONFIG_LIMITS.kmsKeyLength || !KMS_KEY_ARN.test(arn))
          ? 'encryptionKey must be a KMS key or alias, arn:<partition>:kms:<region>:<account>:key/<id> or '
            + `.../alias/<name>, up to ${ENDPOINT_CONFIG_LIMITS.kmsKeyLength} characters (got key ARN ${show(arn)})`
          : undefined;
      },
    },
  ],
};

// ---------------------------------------------------------------------------------------------
// A variant, checked when it is added.

/** What the configuration holds when a variant is added. */
export interface ConfigState {
  /** The account and region of the configuration. */
  readonly env: cdk.ResourceEnvironment;
  /** The names of the instance variants so far. */
  readonly instanceVariantNames: string[];
  /** The name of the serverless variant, if there is one. */
  readonly serverlessVariantName?: string;
  /** Whether the configuration has an encryption key. */
  readonly encrypted: boolean;
}

/** A variant being added. */
export interface VariantInput<P> {
  readonly props: P;
  readonly config: ConfigState;
}

/** An instance variant being added, with its instance type defaulted. */
export interface InstanceVariantInput extends VariantInput<InstanceProductionVariantProps> {
  readonly instanceType: InstanceType;
}

interface CommonVariantProps {
  readonly variantName: string;
  readonly initialVariantWeight?: number;
  readonly model: IModel;
}

/** The rules of both kinds of variant: name, weight, and the model's account and region. */
function commonVariantRules<P extends CommonVariantProps>(kind: string): Array<Rule<VariantInput<P>>> {
  return [
    {
      id: `${kind}.variantName`,
      source: '§2.1 VariantName',
      check: ({ props }) => checkString('variantName', props.variantName, STRING_RULES.variantName),
    },
    {
      id: `${kind}.initialVariantWeight`,
      source: '§2.1 InitialVariantWeight ≥ 0, C11',
      check: ({ props }) => {
        const weight = props.initialVariantWeight;
        return known(weight) && (weight < 0 || !Number.isFinite(weight))
          ? `Cannot have negative variant weight (variant ${show(props.variantName)} initialVariantWeight: got `
            + `${weight}; allowed: 0 or more, 0 sends the variant no traffic)`
          : undefined;
      },
    },
    {
      id: `${kind}.model.env`,
      source: 'C6d (model and configuration in one account and region)',
      check: ({ props, config }) => {
        const mismatch = envMismatch('model', props.model.env, 'endpoint configuration', config.env);
        return mismatch && `${mismatch} (variant ${show(props.variantName)} model ${props.model.node.path}: the model must be `
          + 'in the account and region of the endpoint configuration)';
      },
    },
  ];
}

export const INSTANCE_VARIANT_ADD: RuleSet<VariantInput<InstanceProductionVariantProps>> = {
  name: 'Instance variant (against the configuration)',
  rules: [
    {
      id: 'instanceVariant.kind',
      source: 'C8 (no mixing serverless and instance variants)',
      check: ({ props, config }) => config.serverlessVariantName !== undefined
        ? 'Cannot add instance production variant when serverless production variant is already configured '
          + `(got variant ${show(props.variantName)}; the serverless variant is ${show(config.serverlessVariantName)})`
        : undefined,
    },
    {
      id: 'instanceVariant.variantName.unique',
      source: 'C10 (variant names unique)',
      check: ({ props, config }) => config.instanceVariantNames.includes(props.variantName)
        ? `There is already a Production Variant with name '${props.variantName}' (variantName must be unique `
          + 'within an endpoint configuration)'
        : undefined,
    },
  ],
};

export const INSTANCE_VARIANT: RuleSet<InstanceVariantInput> = {
  name: 'Instance variant',
  summary: { prefix: 'Invalid Production Variant Props: ', separator: EOL },
  rules: [
    ...commonVariantRules<InstanceProductionVariantProps>('instanceVariant'),
    {
      id: 'instanceVariant.initialInstanceCount',
      source: '§2.1 InitialInstanceCount ≥ 1',
      check: ({ props }) => {
        const count = props.initialInstanceCount;
        return known(count) && (count < 1 || !Number.isInteger(count))
          ? `Must have at least one instance (variant ${show(props.variantName)} initialInstanceCount: got ${count}; `
            + 'allowed: an integer 1 or more)'
          : undefined;
      },
    },
    {
      id: 'instanceVariant.containerStartupHealthCheckTimeout',
      source: '§2.1 ContainerStartupHealthCheckTimeoutInSeconds 60-3600',
      check: ({ props }) => {
        const timeout = props.containerStartupHealthCheckTimeout;
        if (timeout === undefined || timeout.isUnresolved()) {
          return undefined;
        }
        const seconds = timeout.toSeconds({ integral: false });
        const { min, max } = ENDPOINT_CONFIG_LIMITS.healthCheckSeconds;
        return seconds < min || seconds > max || !Number.isInteger(seconds)
          ? `containerStartupHealthCheckTimeout must be between 60 and 3600 seconds (variant ${show(props.variantName)}: got `
            + `${seconds} seconds; allowed: whole seconds from 60 to 3600)`
          : undefined;
      },
    },
    {
      id: 'instanceVariant.acceleratorType',
      source: 'C18b (AcceleratorType is not in CloudFormation)',
      check: ({ props }) => props.acceleratorType !== undefined
        ? `acceleratorType is not supported (variant ${show(props.variantName)}: got ${show(props.acceleratorType.toString())}): `
          + 'Amazon Elastic Inference is retired and CloudFormation no longer accepts AcceleratorType. '
          + 'Use a GPU or AWS Inferentia instance type instead'
        : undefined,
    },
    {
      id: 'instanceVariant.instanceType.unknownInstanceType',
      source: '§2.5 (the enum lags launches: a warning, not an error)',
      severity: 'warning',
      check: ({ props, instanceType }) => {
        const type = instanceType.toString();
        return literal(type) && !inCatalogue(type)
          ? `variant ${show(props.variantName)}: instance type ${show(type)} is not in the CloudFormation schema of `
            + 'AWS::SageMaker::EndpointConfig known to this release; the deployment fails unless it was launched since.'
          : undefined;
      },
    },
    {
      id: 'instanceVariant.instanceType.instanceTypeNotInRegion',
      source: '§2.5 (regional availability: a warning, api-contract §3)',
      severity: 'warning',
      check: ({ props, instanceType, config }) => {
        const type = instanceType.toString();
        const region = config.env.region;
        return literal(type) && inCatalogue(type) && literal(region) && offeredInRegion(type, region) === false
          ? `variant ${show(props.variantName)}: instance type ${show(type)} is not offered for SageMaker hosting in region `
            + `${region} (per the regional lists of cfn-lint); the deployment fails unless it was launched there since.`
          : undefined;
      },
    },
    {
      id: 'instanceVariant.instanceType.kmsKeyWithNvme',
      source: 'C9 (KmsKeyId does not encrypt local NVMe storage)',
      severity: 'warning',
      check: ({ props, instanceType, config }) => {
        const type = instanceType.toString();
        return config.encrypted && literal(type) && hasLocalNvme(type)
          ? `variant ${show(props.variantName)}: instance type ${show(type)} has local NVMe instance storage, which the `
            + 'endpoint configuration\'s encryptionKey does not encrypt (SageMaker encrypts instance storage with a '
            + 'hardware module instead).'
          : undefined;
      },
    },
  ],
};

export const SERVERLESS_VARIANT_ADD: RuleSet<VariantInput<ServerlessProductionVariantProps>> = {
  name: 'Serverless variant (against the configuration)',
  rules: [
    {
      id: 'serverlessVariant.kind',
      source: 'C8 (no mixing serverless and instance variants)',
      check: ({ props, config }) => config.instanceVariantNames.length > 0
        ? 'Cannot add serverless production variant when instance production variants are already configured '
          + `(got variant ${show(props.variantName)}; instance variants: ${config.instanceVariantNames.map(show).join(', ')})`
        : undefined,
    },
    {
      id: 'serverlessVariant.count',
      source: 'C8 (a serverless configuration has exactly one variant)',
      check: ({ props, config }) => config.serverlessVariantName !== undefined
        ? 'Cannot add more than one serverless production variant per endpoint configuration '
          + `(got ${show(props.variantName)}; already configured: ${show(config.serverlessVariantName)})`
        : undefined,
    },
  ],
};

export const SERVERLESS_VARIANT: RuleSet<VariantInput<ServerlessProductionVariantProps>> = {
  name: 'Serverless variant',
  summary: { prefix: 'Invalid Serverless Production Variant Props: ', separator: EOL },
  rules: [
    ...commonVariantRules<ServerlessProductionVariantProps>('serverlessVariant'),
    {
      id: 'serverlessVariant.maxConcurrency',
      source: '§2.1 ServerlessConfig.MaxConcurrency 1-200',
      check: ({ props }) => {
        const { min, max } = ENDPOINT_CONFIG_LIMITS.maxConcurrency;
        return checkRange('maxConcurrency', props.maxConcurrency, min, max)
          ? `maxConcurrency must be between 1 and 200 (variant ${show(props.variantName)}: got ${props.maxConcurrency}; `
            + 'allowed: an integer from 1 to 200)'
          : undefined;
      },
    },
    {
      id: 'serverlessVariant.memorySizeInMB',
      source: '§2.1 ServerlessConfig.MemorySizeInMB, C5',
      check: ({ props }) => checkOneOf('memorySizeInMB', props.memorySizeInMB, ENDPOINT_CONFIG_LIMITS.memorySizes)
        ? `memorySizeInMB must be one of: ${ENDPOINT_CONFIG_LIMITS.memorySizes.join(', ')} MB (variant `
          + `${show(props.variantName)}: got ${props.memorySizeInMB})`
        : undefined,
    },
    {
      id: 'serverlessVariant.provisionedConcurrency',
      source: '§2.1 ServerlessConfig.ProvisionedConcurrency 1-200',
      check: ({ props }) => {
        const { min, max } = ENDPOINT_CONFIG_LIMITS.provisionedConcurrency;
        return checkRange('provisionedConcurrency', props.provisionedConcurrency, min, max)
          ? `provisionedConcurrency must be between 1 and 200 (variant ${show(props.variantName)}: got `
            + `${props.provisionedConcurrency}; allowed: an integer from 1 to 200)`
          : undefined;
      },
    },
    {
      id: 'serverlessVariant.provisionedConcurrency.maxConcurrency',
      source: 'C5 (ProvisionedConcurrency ≤ MaxConcurrency)',
      check: ({ props }) => {
        const pc = props.provisionedConcurrency;
        return known(pc) && known(props.maxConcurrency) && pc > props.maxConcurrency
          ? `provisionedConcurrency cannot be greater than maxConcurrency (variant ${show(props.variantName)}: got `
            + `provisionedConcurrency ${pc} and maxConcurrency ${props.maxConcurrency})`
          : undefined;
      },
    },
  ],
};

// ---------------------------------------------------------------------------------------------
// The configuration as a whole, checked at synth (variants, models and tags can still change).

/** A configured variant (defaults applied) with its model, as the configuration stores it. */
export interface InstanceVariantEntry extends InstanceProductionVariant {
  readonly model: IModel;
}
/** The serverless variant as the configuration stores it. */
export interface ServerlessVariantEntry extends ServerlessProductionVariant {
  readonly model: IModel;
}

/** The configuration at synth. */
export interface EndpointConfigInput {
  readonly instanceVariants: readonly InstanceVariantEntry[];
  readonly serverlessVariant?: ServerlessVariantEntry;
  readonly resource: CfnEndpointConfig;
}

export const ENDPOINT_CONFIG: RuleSet<EndpointConfigInput> = {
  name: 'EndpointConfig',
  rules: [
    {
      id: 'endpointConfig.variants.min',
      source: '§2 ProductionVariants: 1-10 items',
      check: ({ instanceVariants, serverlessVariant }) => instanceVariants.length + (serverlessVariant ? 1 : 0)
        < ENDPOINT_CONFIG_LIMITS.variants.min
        ? 'Must configure at least 1 production variant (got 0; call addInstanceProductionVariant() or '
          + 'addServerlessProductionVariant(), or pass instanceProductionVariants or serverlessProductionVariant)'
        : undefined,
    },
    {
      id: 'endpointConfig.variants.max',
      source: '§2 ProductionVariants: 1-10 items',
      check: ({ instanceVariants }) => instanceVariants.length > ENDPOINT_CONFIG_LIMITS.variants.max
        ? `Can't have more than 10 production variants (instanceProductionVariants: got ${instanceVariants.length}; `
          + 'allowed 1 to 10)'
        : undefined,
    },
    {
      id: 'endpointConfig.variants.allWeightsZero',
      source: 'C11 (sum of weights > 0)',
      severity: 'warning',
      check: ({ instanceVariants }) => {
        const weights = instanceVariants.map(v => v.initialVariantWeight);
        return weights.length > 0 && weights.every(w => known(w) && w === 0)
          ? `every variant has initialVariantWeight 0 (${instanceVariants.map(v => show(v.variantName)).join(', ')}): `
            + 'the endpoint would route no traffic; give at least one variant a positive weight.'
          : undefined;
      },
    },
    {
      id: 'endpointConfig.variants.multiModelInstanceType',
      source: 'C13 (multi-model endpoints: every CPU type, GPUs only the documented ones)',
      severity: 'warning',
      check: ({ instanceVariants }) => instanceVariants
        .filter(variant => variant.model instanceof Model && variant.model._multiModel
          && literal(variant.instanceType.toString()) && !supportsMultiModel(variant.instanceType.toString()))
        .map(variant => `variant ${show(variant.variantName)}: instance type ${show(variant.instanceType.toString())} is not `
          + 'documented for multi-model endpoints (every CPU type is; of the GPU types ml.p2.xlarge, ml.p3.2xlarge and '
          + 'ml.g4dn/ml.g5 xlarge to 16xlarge, with the Triton server); the endpoint may fail to create.'),
    },
    {
      id: 'endpointConfig.serverless.exclusions',
      source: 'C8b (what serverless inference excludes)',
      check: ({ serverlessVariant }) => {
        const exclusions = serverlessVariant?.model instanceof Model ? serverlessVariant.model._serverlessExclusions() : [];
        return exclusions.length > 0
          ? `serverless variant ${show(serverlessVariant!.variantName)}: its model uses features that `
            + `serverless inference does not support: ${exclusions.join('; ')}`
          : undefined;
      },
    },
    ...tagRules<EndpointConfigInput>('endpointConfig', input => input.resource),
  ],
};

/** Every EndpointConfig rule set, for the rule counts. */
export const ENDPOINT_CONFIG_RULE_SETS: ReadonlyArray<RuleSet<any>> = [
  ENDPOINT_CONFIG_PROPS, INSTANCE_VARIANT_ADD, INSTANCE_VARIANT, SERVERLESS_VARIANT_ADD, SERVERLESS_VARIANT,
  ENDPOINT_CONFIG, INSTANCE_TYPE, ACCELERATOR_TYPE,
];
