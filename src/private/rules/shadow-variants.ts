import { literal, show } from '../validation';
import type { ConfigState, VariantEntryInput } from '../variants';
import type { HostedVariant } from './endpoint-config';
import { SHADOW_LIMITS } from './limits';
import { hostingKind, uniqueName } from './production-variant';
import { ofVariant, problem, py, RuleSet } from './rule';

/*
 * The rules of shadow variants (SageMaker API CreateEndpointConfig, SageMaker Developer Guide): as one is added, against the
 * configuration, and at synth, once every production variant, model and feature is known.
 */

/** A shadow variant name being added, and what the configuration holds. */
export interface ShadowAddInput {
  readonly variantName: string;
  /** Whether the shadow variant names a model. */
  readonly hostsModel: boolean;
  readonly config: ConfigState;
}

export const SHADOW_VARIANT_ADD: RuleSet<ShadowAddInput> = {
  name: 'Shadow variant (against the configuration)',
  rules: [
    {
      id: 'shadowVariant.variantName.unique',
      source: 'SageMaker API CreateEndpointConfig (variant names unique across production and shadow variants) (https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_CreateEndpointConfig.html)',
      check: ({ variantName, config }) => uniqueName(variantName, config),
    },
    {
      id: 'shadowVariant.count',
      source: 'SageMaker Developer Guide (exactly one shadow variant) (https://docs.aws.amazon.com/sagemaker/latest/dg/shadow-tests.html)',
      check: ({ variantName, config }) => config.shadowVariantNames.length >= SHADOW_LIMITS.shadowVariants
        ? problem('Cannot add more than one shadow production variant per endpoint configuration', 'shadow variant',
          show(variantName), `one shadow variant; ${config.shadowVariantNames.map(show).join(', ')} is already configured`)
        : undefined,
    },
    {
      id: 'shadowVariant.serverless',
      source: 'SageMaker Developer Guide (shadow tests exclude serverless inference) (https://docs.aws.amazon.com/sagemaker/latest/dg/shadow-tests.html)',
      check: ({ variantName, config }) => config.serverlessVariantName !== undefined
        ? problem('Cannot add a shadow production variant to a serverless endpoint configuration', 'shadow variant',
          show(variantName), `instance production variants only; ${show(config.serverlessVariantName)} is serverless`)
        : undefined,
    },
    {
      id: 'shadowVariant.model',
      source: 'SageMaker Developer Guide, SageMaker API CreateEndpointConfig (a shadow variant tests a model on live traffic) (https://docs.aws.amazon.com/sagemaker/latest/dg/shadow-tests.html, https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_CreateEndpointConfig.html)',
      check: ({ variantName, hostsModel }) => !hostsModel
        ? problem('A shadow variant must name a model', ofVariant(variantName, 'model'), 'unset',
          'the model to test beside the production variant\'s')
        : undefined,
    },
    {
      id: 'shadowVariant.model.hostingKind',
      source: 'SageMaker API CreateEndpointConfig (a configuration hosts models or inference components) (https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_CreateEndpointConfig.html)',
      check: ({ variantName, hostsModel, config }) => hostsModel ? hostingKind(variantName, hostsModel, config) : undefined,
    },
  ],
};

/** The configuration at synth, as shadow testing reads it. */
export interface ShadowInput {
  readonly productionVariants: ReadonlyArray<HostedVariant<VariantEntryInput>>;
  readonly shadowVariants: ReadonlyArray<HostedVariant<VariantEntryInput>>;
  readonly asyncInference: boolean;
}

export const SHADOW_VARIANTS: RuleSet<ShadowInput> = {
  name: 'Shadow variants',
  rules: [
    {
      id: 'shadowVariants.productionVariants',
      source: 'SageMaker Developer Guide (ShadowProductionVariants ⇒ exactly 1 production variant) (https://docs.aws.amazon.com/sagemaker/latest/dg/shadow-tests.html)',
      check: ({ productionVariants, shadowVariants }) => shadowVariants.length > 0
        && productionVariants.length !== SHADOW_LIMITS.productionVariants
        ? problem('An endpoint configuration with a shadow variant must have exactly one production variant',
          'instanceProductionVariants', `${productionVariants.length} production variants (${productionVariants
            .map(v => show(v.variant.variantName)).join(', ') || 'none'})`,
          `one production variant beside shadow variant ${show(shadowVariants[0].variant.variantName)}`)
        : undefined,
    },
    {
      id: 'shadowVariants.asyncInference',
      source: 'SageMaker Developer Guide (shadow tests exclude asynchronous inference) (https://docs.aws.amazon.com/sagemaker/latest/dg/shadow-tests.html)',
      check: ({ shadowVariants, asyncInference }) => shadowVariants.length > 0 && asyncInference
        ? problem('Shadow variants are not supported with asyncInference', 'shadowProductionVariants',
          `shadow variant ${show(shadowVariants[0].variant.variantName)} beside ${py('asyncInference')}`,
          'real-time inference with a shadow variant, or async inference without one')
        : undefined,
    },
    {
      id: 'shadowVariants.model',
      source: 'SageMaker Developer Guide (shadow tests exclude multi-container and multi-model models) (https://docs.aws.amazon.com/sagemaker/latest/dg/shadow-tests.html)',
      check: ({ productionVariants, shadowVariants }) => shadowVariants.length === 0 ? undefined
        : [...productionVariants, ...shadowVariants]
          .filter(({ model }) => (model?.shadowExclusions ?? []).length > 0)
          .map(({ variant, model }) => problem(`variant ${show(variant.variantName)}: its model uses features that shadow tests do `
            + 'not support', `variant ${show(variant.variantName)} model`, model!.shadowExclusions.join('; '),
          'a single-container, single-model model')),
    },
    {
      id: 'shadowVariants.model.marketplacePackageShadow',
      source: 'SageMaker Developer Guide (shadow tests exclude AWS Marketplace models; a Model Registry package is fine: a warning) (https://docs.aws.amazon.com/sagemaker/latest/dg/shadow-tests.html)',
      severity: 'warning',
      check: ({ productionVariants, shadowVariants }) => shadowVariants.length === 0 ? undefined
        : [...productionVariants, ...shadowVariants]
          .filter(({ model }) => (model?.modelPackages ?? []).length > 0)
          .map(({ variant, model }) => `variant ${show(variant.variantName)}: its model uses a model package `
            + `(${model!.modelPackages.join(', ')}); shadow tests do not support AWS Marketplace models, so if it is a `
            + 'Marketplace package, CreateEndpointConfig fails (a Model Registry package is fine).'),
    },
    {
      id: 'shadowVariants.instanceType',
      source: 'SageMaker Developer Guide (shadow tests exclude ml.inf1) (https://docs.aws.amazon.com/sagemaker/latest/dg/shadow-tests.html)',
      check: ({ productionVariants, shadowVariants }) => shadowVariants.length === 0 ? undefined
        : [...productionVariants, ...shadowVariants].flatMap(({ variant }) => variant.instanceTypes
          .map(t => t.toString())
          .filter(type => literal(type) && type.startsWith('ml.inf1.'))
          .map(type => problem('Shadow tests do not support ml.inf1 instances', `variant ${show(variant.variantName)} instanceType`,
            show(type), 'another instance type (ml.inf2 for AWS Inferentia)'))),
    },
  ],
};
