import { EOL } from 'os';
import { envMismatch } from '../env';
import { hasLocalNvme, inCatalogue, offeredInRegion } from '../instance-data';
import { checkOneOf, checkRange, checkString, known, literal, show, STRING_RULES } from '../validation';
import type { ConfigState, ServerlessEntryInput, VariantEntryInput } from '../variants';
import { ENDPOINT_CONFIG_LIMITS, range } from './limits';
import { ofVariant, problem, py, Rule, RuleSet } from './rule';

/*
 * The rules of a production variant as it is added to an EndpointConfig (CloudFormation
 * AWS::SageMaker::EndpointConfig ProductionVariant; SageMaker API ProductionVariant, ProductionVariantServerlessConfig,
 * ContainerDefinition and CreateEndpointConfig; SageMaker Developer Guide): against what the configuration already holds, then the
 * variant itself, with its defaults applied (the entry the configuration stores and renders).
 */

/** A variant name being added, and what the configuration holds. */
export interface VariantAddInput {
  readonly variantName: string;
  /** Whether the variant names a model (false: it hosts inference components). */
  readonly hostsModel: boolean;
  readonly config: ConfigState;
}

/**
 * SageMaker API CreateEndpointConfig: the variants of a configuration all name a model, or none does (they host inference
 * components; SageMaker takes ModelName on classic variants only).
 */
export function hostingKind(variantName: string, hostsModel: boolean, config: ConfigState): string | undefined {
  const components = config.componentVariantNames;
  const models = [...config.instanceVariantNames, ...config.shadowVariantNames].filter(n => !components.includes(n));
  if (hostsModel && components.length > 0) {
    return problem('A variant that names a model cannot join variants that host inference components', ofVariant(variantName, 'model'),
      'a model', `no model, like ${components.map(show).join(', ')}: a configuration hosts models or inference components, not both`);
  }
  return !hostsModel && models.length > 0
    ? problem('A variant without a model (one that hosts inference components) cannot join variants that name models',
      ofVariant(variantName, 'model'), 'unset', `a model, like ${models.map(show).join(', ')}: a configuration hosts models or `
      + 'inference components, not both')
    : undefined;
}

/** A variant entry (defaults applied) and the configuration it joins. */
export interface VariantInput<E> {
  readonly variant: E;
  readonly config: ConfigState;
}

/** SageMaker API CreateEndpointConfig: variant names are unique across the production and shadow variants. */
export function uniqueName(variantName: string, config: ConfigState): string | undefined {
  if (config.shadowVariantNames.includes(variantName)) {
    return problem(`There is already a Shadow Production Variant with name '${variantName}'`, 'variantName', show(variantName),
      'a name unique across the production and shadow variants of the endpoint configuration');
  }
  return config.instanceVariantNames.includes(variantName)
    ? problem(`There is already a Production Variant with name '${variantName}'`, 'variantName', show(variantName),
      'a name unique within the endpoint configuration')
    : undefined;
}

/** The rules of both kinds of variant: name, weight, and the model's account and region. */
function commonVariantRules<E extends VariantEntryInput | ServerlessEntryInput>(kind: string): Array<Rule<VariantInput<E>>> {
  return [
    {
      id: `${kind}.variantName`,
      source: 'CloudFormation AWS::SageMaker::EndpointConfig ProductionVariant VariantName (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-sagemaker-endpointconfig-productionvariant.html)',
      check: ({ variant }) => checkString('variantName', variant.variantName, STRING_RULES.variantName),
    },
    {
      id: `${kind}.initialVariantWeight`,
      source: 'CloudFormation AWS::SageMaker::EndpointConfig ProductionVariant InitialVariantWeight ≥ 0, SageMaker API ProductionVariant (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-sagemaker-endpointconfig-productionvariant.html, https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_ProductionVariant.html)',
      check: ({ variant: { variantName, initialVariantWeight: weight } }) => known(weight) && (weight < 0 || !Number.isFinite(weight))
        ? problem('Cannot have negative variant weight', ofVariant(variantName, 'initialVariantWeight'), String(weight),
          '0 or more; 0 sends the variant no traffic')
        : undefined,
    },
    {
      id: `${kind}.model.env`,
      cfn: 'a template\'s resources deploy to one account and region',
      source: 'SageMaker API ContainerDefinition (model and configuration in one account and region) (https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_ContainerDefinition.html)',
      check: ({ variant, config }) => {
        const mismatch = variant.model && envMismatch('model', variant.model.env, 'endpoint configuration', config.env);
        return mismatch && problem(mismatch, ofVariant(variant.variantName, 'model'), variant.model!.node.path,
          'a model in the account and region of the endpoint configuration');
      },
    },
  ];
}

export const INSTANCE_VARIANT_ADD: RuleSet<VariantAddInput> = {
  name: 'Instance variant (against the configuration)',
  rules: [
    {
      id: 'instanceVariant.kind',
      source: 'SageMaker Developer Guide (no mixing serverless and instance variants) (https://docs.aws.amazon.com/sagemaker/latest/dg/serverless-endpoints.html)',
      check: ({ variantName, config }) => config.serverlessVariantName !== undefined
        ? problem('Cannot add instance production variant when serverless production variant is already configured',
          'instance variant', show(variantName),
          `no instance variant beside the serverless variant ${show(config.serverlessVariantName)}`)
        : undefined,
    },
    {
      id: 'instanceVariant.variantName.unique',
      source: 'SageMaker API CreateEndpointConfig (variant names unique) (https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_CreateEndpointConfig.html)',
      check: ({ variantName, config }) => uniqueName(variantName, config),
    },
    {
      id: 'instanceVariant.model.hostingKind',
      source: 'SageMaker API CreateEndpointConfig (a configuration hosts models or inference components) (https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_CreateEndpointConfig.html)',
      check: ({ variantName, hostsModel, config }) => hostingKind(variantName, hostsModel, config),
    },
  ],
};

export const INSTANCE_VARIANT: RuleSet<VariantInput<VariantEntryInput>> = {
  name: 'Instance variant',
  summary: { prefix: 'Invalid Production Variant Props: ', separator: EOL },
  rules: [
    ...commonVariantRules<VariantEntryInput>('instanceVariant'),
    {
      id: 'instanceVariant.initialInstanceCount',
      source: 'CloudFormation AWS::SageMaker::EndpointConfig ProductionVariant InitialInstanceCount ≥ 1 (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-sagemaker-endpointconfig-productionvariant.html)',
      check: ({ variant: { variantName, initialInstanceCount: count } }) => known(count)
        && (count < ENDPOINT_CONFIG_LIMITS.initialInstanceCount || !Number.isInteger(count))
        ? problem('Must have at least one instance', ofVariant(variantName, 'initialInstanceCount'), String(count),
          `an integer ${ENDPOINT_CONFIG_LIMITS.initialInstanceCount} or more`)
        : undefined,
    },
    {
      id: 'instanceVariant.containerStartupHealthCheckTimeout',
      source: 'CloudFormation AWS::SageMaker::EndpointConfig ProductionVariant ContainerStartupHealthCheckTimeoutInSeconds 60-3600 (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-sagemaker-endpointconfig-productionvariant.html)',
      check: ({ variant: { variantName, containerStartupHealthCheckTimeout: timeout } }) => {
        if (timeout === undefined || timeout.isUnresolved()) {
          return undefined;
        }
        const seconds = timeout.toSeconds({ integral: false });
        const { min, max } = ENDPOINT_CONFIG_LIMITS.healthCheckSeconds;
        return seconds < min || seconds > max || !Number.isInteger(seconds)
          ? problem(`containerStartupHealthCheckTimeout must be between ${min} and ${max} seconds`,
            ofVariant(variantName, 'containerStartupHealthCheckTimeout'), `${seconds} seconds`, `whole seconds from ${range({ min, max })}`)
          : undefined;
      },
    },
    {
      id: 'instanceVariant.acceleratorType',
      source: 'SageMaker API ProductionVariant (AcceleratorType is not in CloudFormation) (https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_ProductionVariant.html)',
      check: ({ variant: { variantName, acceleratorType } }) => acceleratorType !== undefined
        ? problem('acceleratorType is not supported: Amazon Elastic Inference is retired and CloudFormation no longer '
          + 'accepts AcceleratorType', ofVariant(variantName, 'acceleratorType'), show(acceleratorType.toString()),
        'none; use a GPU or AWS Inferentia instance type instead')
        : undefined,
    },
    {
      id: 'instanceVariant.instanceType.unknownInstanceType',
      source: 'SageMaker API ProductionVariant InstanceType (the enum lags launches: a warning, not an error) (https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_ProductionVariant.html)',
      severity: 'warning',
      check: ({ variant: { variantName, instanceTypes } }) => instanceTypes.map(t => t.toString())
        .filter(type => literal(type) && !inCatalogue(type))
        .map(type => `variant ${show(variantName)}: instance type ${show(type)} is not in the CloudFormation schema of `
          + 'AWS::SageMaker::EndpointConfig known to this release; the deployment fails unless it was launched since.'),
    },
    {
      id: 'instanceVariant.instanceType.instanceTypeNotInRegion',
      source: 'SageMaker API ProductionVariant InstanceType (regional availability: a warning, SageMaker API ContainerDefinition ModelPackageName CloudFormation AWS::SageMaker::Endpoint) (https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_ProductionVariant.html, https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-sagemaker-endpoint.html, https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_ContainerDefinition.html)',
      severity: 'warning',
      check: ({ variant: { variantName, instanceTypes }, config }) => instanceTypes.map(t => t.toString())
        .filter(type => literal(type) && inCatalogue(type) && literal(config.env.region) && offeredInRegion(type, config.env.region) === false)
        .map(type => `variant ${show(variantName)}: instance type ${show(type)} is not offered for SageMaker hosting in region `
          + `${config.env.region} (per the regional lists of cfn-lint); the deployment fails unless it was launched there since.`),
    },
    {
      id: 'instanceVariant.instanceType.kmsKeyWithNvme',
      source: 'SageMaker API CreateEndpointConfig (KmsKeyId with local NVMe storage: API docs disagree on whether CreateEndpointConfig fails, so a warning) (https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_CreateEndpointConfig.html)',
      severity: 'warning',
      check: ({ variant: { variantName, instanceTypes }, config }) => instanceTypes.map(t => t.toString())
        .filter(type => config.encrypted && literal(type) && hasLocalNvme(type))
        .map(type => `variant ${show(variantName)}: instance type ${show(type)} has local NVMe instance storage, which the `
          + 'endpoint configuration\'s encryption key does not encrypt (SageMaker encrypts instance storage with a '
          + 'hardware module instead), and the CreateEndpointConfig reference says the call fails with a KmsKeyId for such '
          + `types. Leave ${py('encryptionKey')} unset: the cdk-nag KMS-key finding is then acknowledged with that reason.`),
    },
  ],
};

export const SERVERLESS_VARIANT_ADD: RuleSet<VariantAddInput> = {
  name: 'Serverless variant (against the configuration)',
  rules: [
    {
      id: 'serverlessVariant.kind',
      source: 'SageMaker Developer Guide (no mixing serverless and instance variants) (https://docs.aws.amazon.com/sagemaker/latest/dg/serverless-endpoints.html)',
      check: ({ variantName, config }) => {
        const names = [...config.instanceVariantNames, ...config.shadowVariantNames];
        return names.length > 0
          ? problem('Cannot add serverless production variant when instance production variants are already configured',
            'serverless variant', show(variantName), `no serverless variant beside the instance variants ${names.map(show).join(', ')}`)
          : undefined;
      },
    },
    {
      id: 'serverlessVariant.count',
      source: 'SageMaker Developer Guide (a serverless configuration has exactly one variant) (https://docs.aws.amazon.com/sagemaker/latest/dg/serverless-endpoints.html)',
      check: ({ variantName, config }) => config.serverlessVariantName !== undefined
        ? problem('Cannot add more than one serverless production variant per endpoint configuration', 'serverless variant',
          show(variantName), `one serverless variant; ${show(config.serverlessVariantName)} is already configured`)
        : undefined,
    },
  ],
};

function concurrencyRule(property: 'maxConcurrency' | 'provisionedConcurrency'): Rule<VariantInput<ServerlessEntryInput>> {
  const { min, max } = ENDPOINT_CONFIG_LIMITS[property];
  return {
    id: `serverlessVariant.${property}`,
    source: `CloudFormation AWS::SageMaker::EndpointConfig ServerlessConfig ${property === 'maxConcurrency' ? 'MaxConcurrency' : 'ProvisionedConcurrency'} `
      + '1-200 (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-sagemaker-endpointconfig-serverlessconfig.html)',
    check: ({ variant }) => checkRange(ofVariant(variant.variantName, property), variant[property], min, max),
  };
}

export const SERVERLESS_VARIANT: RuleSet<VariantInput<ServerlessEntryInput>> = {
  name: 'Serverless variant',
  summary: { prefix: 'Invalid Serverless Production Variant Props: ', separator: EOL },
  rules: [
    ...commonVariantRules<ServerlessEntryInput>('serverlessVariant'),
    concurrencyRule('maxConcurrency'),
    {
      id: 'serverlessVariant.memorySizeInMB',
      source: 'CloudFormation AWS::SageMaker::EndpointConfig ProductionVariant ServerlessConfig.MemorySizeInMB, SageMaker API ProductionVariantServerlessConfig (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-sagemaker-endpointconfig-productionvariant.html, https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_ProductionVariantServerlessConfig.html)',
      check: ({ variant: { variantName, memorySizeInMB } }) => checkOneOf(ofVariant(variantName, 'memorySizeInMB'),
        memorySizeInMB, ENDPOINT_CONFIG_LIMITS.memorySizes),
    },
    concurrencyRule('provisionedConcurrency'),
    {
      id: 'serverlessVariant.provisionedConcurrency.maxConcurrency',
      source: 'SageMaker API ProductionVariantServerlessConfig (ProvisionedConcurrency ≤ MaxConcurrency) (https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_ProductionVariantServerlessConfig.html)',
      check: ({ variant: { variantName, provisionedConcurrency: pc, maxConcurrency: max } }) => known(pc) && known(max) && pc > max
        ? problem('provisionedConcurrency cannot be greater than maxConcurrency', ofVariant(variantName, 'provisionedConcurrency'),
          String(pc), `at most ${py('maxConcurrency')} ${max}`)
        : undefined,
    },
  ],
};
