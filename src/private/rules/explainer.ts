import type { Size } from 'aws-cdk-lib';
import { SizeRoundingBehavior } from 'aws-cdk-lib';
import type { Bucket } from 'aws-cdk-lib/aws-s3';
import type { ExplainerInferenceProps, ExplainerProps, ShapProps } from '../../explainer';
import { checkCount, checkRange, checkS3UriLength, literal, show } from '../validation';
import { EXPLAINER_LIMITS as L, range } from './limits';
import { problem, py, Rule, RuleSet } from './rule';

/* The rules of `explainer`, SageMaker Clarify online explainability (CloudFormation AWS::SageMaker::EndpointConfig ExplainerConfig, CloudFormation AWS::SageMaker::EndpointConfig ClarifyExplainerConfig). */

/** `ClarifyTextConfig.Language`: the codes of the schema (and of the API's enum). */
const LANGUAGES = ('af sq ar hy eu bn bg ca zh hr cs da nl en et fi fr de el gu he hi hu is id ga it kn ky lv lt lb mk ml mr ne '
  + 'nb fa pl pt ro ru sa sr tn si sk sl es sv tl ta tt te tr uk ur yo lij xx').split(' ');

function length(property: string, value: string | undefined, limits: { min: number; max: number }): string | undefined {
  return literal(value) && (value.length < limits.min || value.length > limits.max)
    ? problem(`${property} must be ${range(limits)} characters long`, property, `${value.length} characters`, `${range(limits)} characters`)
    : undefined;
}

function lengths(property: string, values: readonly string[] | undefined): Array<string | undefined> {
  return (values ?? []).map((v, i) => length(`${property}[${i}]`, v, L.stringLength));
}

function mebibytes(property: string, size: Size | undefined): string | undefined {
  if (size === undefined || size.isUnresolved()) {
    return undefined;
  }
  const mib = size.toMebibytes({ rounding: SizeRoundingBehavior.NONE });
  const { min, max } = L.maxPayloadMB;
  return mib < min || mib > max || !Number.isInteger(mib)
    ? problem(`${property} must be between ${min} and ${max} MiB`, property, `${mib} MiB`, `whole MiB from ${range(L.maxPayloadMB)}`)
    : undefined;
}

/**
 * What the rules read of the explainer's props: a baseline bucket by the URI it renders, the text
 * language, and the feature types by their count.
 */
export interface ExplainerInput extends Omit<ExplainerProps, 'shap' | 'inference'> {
  readonly shap: Omit<ShapProps, 'baselineBucket' | 'text'> & {
    readonly baselineBucket?: Pick<Bucket, 's3UrlForObject'>;
    readonly text?: { readonly language?: string };
  };
  readonly inference?: Omit<ExplainerInferenceProps, 'featureTypes'> & { readonly featureTypes?: readonly unknown[] };
}

const rule = (id: string, source: string, check: Rule<ExplainerInput>['check']): Rule<ExplainerInput> =>
  ({ id: `explainer.${id}`, source, check });

export const EXPLAINER: RuleSet<ExplainerInput> = {
  name: 'Explainer',
  rules: [
    rule('shap.baseline.oneOf', 'CloudFormation AWS::SageMaker::EndpointConfig ClarifyExplainerConfig ClarifyShapBaselineConfig (ShapBaseline or ShapBaselineUri) (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-sagemaker-endpointconfig-clarifyexplainerconfig.html)', ({ shap }) =>
      shap.baseline !== undefined && shap.baselineBucket !== undefined
        ? problem('explainer.shap takes the baseline inline or from S3, not both', 'explainer.shap.baseline, explainer.shap.baselineBucket',
          'both set', `one of baseline and ${py('baselineBucket')} + ${py('baselineKey')}`)
        : undefined),
    rule('shap.baselineKey', 'SageMaker API ClarifyShapBaselineConfig: the S3 object of the baseline is a bucket and a key (https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_ClarifyShapBaselineConfig.html)', ({ shap }) =>
      (shap.baselineBucket === undefined) !== (shap.baselineKey === undefined)
        ? problem('explainer.shap.baselineBucket and explainer.shap.baselineKey go together', shap.baselineBucket ? 'explainer.shap.baselineKey'
          : 'explainer.shap.baselineBucket', 'unset', `both ${py('baselineBucket')} and ${py('baselineKey')}, or neither`)
        : undefined),
    rule('shap.baseline.length', 'CloudFormation AWS::SageMaker::EndpointConfig ClarifyExplainerConfig ShapBaseline: 1-4096 characters (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-sagemaker-endpointconfig-clarifyexplainerconfig.html)', ({ shap }) =>
      length('explainer.shap.baseline', shap.baseline, L.shapBaselineLength)),
    rule('shap.baselineKey.length', 'CloudFormation AWS::SageMaker::EndpointConfig ClarifyExplainerConfig ShapBaselineUri: up to 1024 characters (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-sagemaker-endpointconfig-clarifyexplainerconfig.html)', ({ shap }) =>
      checkS3UriLength('explainer.shap.baselineKey', 'explainer.shap.baselineKey',
        shap.baselineBucket && shap.baselineKey !== undefined ? shap.baselineBucket.s3UrlForObject(shap.baselineKey) : undefined,
        L.shapBaselineUriLength)),
    rule('shap.numberOfSamples', 'CloudFormation AWS::SageMaker::EndpointConfig ClarifyExplainerConfig NumberOfSamples ≥ 1 (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-sagemaker-endpointconfig-clarifyexplainerconfig.html)', ({ shap }) =>
      checkRange('explainer.shap.numberOfSamples', shap.numberOfSamples, L.numberOfSamples, Infinity)),
    rule('shap.seed', 'CloudFormation AWS::SageMaker::EndpointConfig ClarifyExplainerConfig Seed: integer (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-sagemaker-endpointconfig-clarifyexplainerconfig.html)', ({ shap }) => checkRange('explainer.shap.seed', shap.seed, -Infinity, Infinity)),
    rule('shap.text.language', 'CloudFormation AWS::SageMaker::EndpointConfig ClarifyExplainerConfig ClarifyTextConfig.Language (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-sagemaker-endpointconfig-clarifyexplainerconfig.html)', ({ shap }) => {
      const language = shap.text?.language;
      return literal(language) && !LANGUAGES.includes(language)
        ? problem('explainer.shap.text.language must be a language code SageMaker Clarify knows', 'explainer.shap.text.language',
          show(language), LANGUAGES.join(', '))
        : undefined;
    }),
    rule('enableExplanations', 'CloudFormation AWS::SageMaker::EndpointConfig ClarifyExplainerConfig EnableExplanations: 1-64 characters (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-sagemaker-endpointconfig-clarifyexplainerconfig.html)', ({ enableExplanations }) =>
      length('explainer.enableExplanations', enableExplanations, L.enableExplanationsLength)),
    rule('inference.strings', 'CloudFormation AWS::SageMaker::EndpointConfig ClarifyExplainerConfig ClarifyInferenceConfig: attributes and templates 1-64 characters (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-sagemaker-endpointconfig-clarifyexplainerconfig.html)', ({ inference: i }) => i && [
      length('explainer.inference.contentTemplate', i.contentTemplate, L.stringLength),
      length('explainer.inference.featuresAttribute', i.featuresAttribute, L.stringLength),
      length('explainer.inference.labelAttribute', i.labelAttribute, L.stringLength),
      length('explainer.inference.probabilityAttribute', i.probabilityAttribute, L.stringLength),
      ...lengths('explainer.inference.featureHeaders', i.featureHeaders),
      ...lengths('explainer.inference.labelHeaders', i.labelHeaders),
    ]),
    rule('inference.lists', 'CloudFormation AWS::SageMaker::EndpointConfig ClarifyExplainerConfig FeatureHeaders/FeatureTypes 1-256, LabelHeaders 1-16 (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-sagemaker-endpointconfig-clarifyexplainerconfig.html)', ({ inference: i }) => i && [
      checkCount('explainer.inference.featureHeaders', i.featureHeaders, L.featureHeaders.min, L.featureHeaders.max),
      checkCount('explainer.inference.featureTypes', i.featureTypes, L.featureHeaders.min, L.featureHeaders.max),
      checkCount('explainer.inference.labelHeaders', i.labelHeaders, L.labelHeaders.min, L.labelHeaders.max),
    ]),
    rule('inference.numbers', 'CloudFormation AWS::SageMaker::EndpointConfig ClarifyExplainerConfig LabelIndex/ProbabilityIndex ≥ 0, MaxRecordCount ≥ 1, MaxPayloadInMB 1-25 (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-sagemaker-endpointconfig-clarifyexplainerconfig.html)', ({ inference: i }) => i && [
      checkRange('explainer.inference.labelIndex', i.labelIndex, L.index, Infinity),
      checkRange('explainer.inference.probabilityIndex', i.probabilityIndex, L.index, Infinity),
      checkRange('explainer.inference.maxRecordCount', i.maxRecordCount, L.maxRecordCount, Infinity),
      mebibytes('explainer.inference.maxPayload', i.maxPayload),
    ]),
  ],
};
