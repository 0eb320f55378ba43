import * as cdk from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sagemaker from '../src';
import { envStack, statements } from './util';

/* Clarify online explainability (`explainer`) and `metricsConfig`. */

function config(stack: cdk.Stack, props: Partial<sagemaker.EndpointConfigProps>) {
  const model = new sagemaker.Model(stack, 'Model', { containers: [{ image: sagemaker.ContainerImage.fromDlc('pytorch-inference', '2.1') }] });
  return new sagemaker.EndpointConfig(stack, 'Config', {
    instanceProductionVariants: [{ variantName: 'main', model, instanceType: sagemaker.InstanceType.M5_LARGE }], ...props,
  });
}
const rendered = (stack: cdk.Stack) => Object.values(Template.fromStack(stack).findResources('AWS::SageMaker::EndpointConfig'))[0].Properties;

describe('explainer', () => {
  test('renders every field of ClarifyExplainerConfig', () => {
    const { stack } = envStack();
    config(stack, {
      explainer: {
        enableExplanations: '`true`',
        shap: {
          baseline: '1,2,3',
          mimeType: 'text/csv',
          numberOfSamples: 100,
          seed: 7,
          useLogit: true,
          text: { language: 'en', granularity: sagemaker.TextGranularity.SENTENCE },
        },
        inference: {
          contentTemplate: '{"features":$features}',
          featuresAttribute: 'features',
          featureHeaders: ['a', 'b'],
          featureTypes: [sagemaker.FeatureType.NUMERICAL, sagemaker.FeatureType.TEXT],
          labelAttribute: 'label',
          labelIndex: 0,
          labelHeaders: ['yes', 'no'],
          probabilityAttribute: 'p',
          probabilityIndex: 1,
          maxPayload: cdk.Size.mebibytes(6),
          maxRecordCount: 10,
        },
      },
    });
    expect(rendered(stack).ExplainerConfig).toEqual({
      ClarifyExplainerConfig: {
        EnableExplanations: '`true`',
        ShapConfig: {
          ShapBaselineConfig: { ShapBaseline: '1,2,3', MimeType: 'text/csv' },
          NumberOfSamples: 100,
          Seed: 7,
          UseLogit: true,
          TextConfig: { Language: 'en', Granularity: 'sentence' },
        },
        InferenceConfig: {
          ContentTemplate: '{"features":$features}',
          FeaturesAttribute: 'features',
          FeatureHeaders: ['a', 'b'],
          FeatureTypes: ['numerical', 'text'],
          LabelAttribute: 'label',
          LabelIndex: 0,
          LabelHeaders: ['yes', 'no'],
          ProbabilityAttribute: 'p',
          ProbabilityIndex: 1,
          MaxPayloadInMB: 6,
          MaxRecordCount: 10,
        },
      },
    });
  });

  test('a baseline in S3 renders its URI and the model may read exactly that object', () => {
    const { stack } = envStack();
    const bucket = s3.Bucket.fromBucketName(stack, 'Baselines', 'baselines');
    config(stack, { explainer: { shap: { baselineBucket: bucket, baselineKey: 'churn/baseline.csv' } } });
    expect(rendered(stack).ExplainerConfig.ClarifyExplainerConfig.ShapConfig.ShapBaselineConfig)
      .toEqual({ ShapBaselineUri: 's3://baselines/churn/baseline.csv' });
    const reads = statements(Template.fromStack(stack)).filter(s => s.Action === 's3:GetObject');
    expect(reads.map(s => s.Resource)).toEqual([{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::baselines/churn/baseline.csv']] }]);
  });

  const cases: Array<[string, sagemaker.ExplainerProps, string]> = [
    ['inline and S3 baselines', { shap: { baseline: '1', baselineBucket: s3.Bucket.fromBucketName(new cdk.Stack(), 'B', 'bkt'), baselineKey: 'k' } },
      'explainer.shap takes the baseline inline or from S3, not both (explainer.shap.baseline, explainer.shap.baselineBucket '
      + '(explainer.shap.baseline_bucket): got both set; allowed one of baseline and baselineBucket (baseline_bucket) + baselineKey (baseline_key))'],
    ['a bucket without a key', { shap: { baselineBucket: s3.Bucket.fromBucketName(new cdk.Stack(), 'B', 'bkt') } },
      'explainer.shap.baselineBucket and explainer.shap.baselineKey go together (explainer.shap.baselineKey (explainer.shap.baseline_key): got unset'],
    ['a baseline of 4097 characters', { shap: { baseline: 'x'.repeat(4097) } },
      'explainer.shap.baseline must be 1 to 4096 characters long (explainer.shap.baseline: got 4097 characters; allowed 1 to 4096 characters)'],
    ['a baseline URI over 1024 characters', { shap: { baselineBucket: s3.Bucket.fromBucketName(new cdk.Stack(), 'B', 'bkt'), baselineKey: 'k'.repeat(1020) } },
      'explainer.shap.baselineKey is too long (explainer.shap.baselineKey (explainer.shap.baseline_key): got 1029 characters'],
    ['zero samples', { shap: { numberOfSamples: 0 } }, 'explainer.shap.numberOfSamples (explainer.shap.number_of_samples): got 0; allowed an integer 1 or more'],
    ['an unknown language', { shap: { text: { language: 'english', granularity: sagemaker.TextGranularity.TOKEN } } },
      "explainer.shap.text.language must be a language code SageMaker Clarify knows (explainer.shap.text.language: got 'english'; allowed af, sq,"],
    ['a long enableExplanations', { shap: {}, enableExplanations: 'x'.repeat(65) }, 'explainer.enableExplanations (explainer.enable_explanations): got 65 characters'],
    ['257 feature headers', { shap: {}, inference: { featureHeaders: Array.from({ length: 257 }, (_, i) => `f${i}`) } },
      'explainer.inference.featureHeaders (explainer.inference.feature_headers): got 257 items; allowed 1 to 256'],
    ['17 label headers', { shap: {}, inference: { labelHeaders: Array.from({ length: 17 }, (_, i) => `l${i}`) } }, 'got 17 items; allowed 1 to 16'],
    ['a header of 65 characters', { shap: {}, inference: { featureHeaders: ['x'.repeat(65)] } },
      'explainer.inference.featureHeaders[0] must be 1 to 64 characters long'],
    ['a payload of 26 MiB', { shap: {}, inference: { maxPayload: cdk.Size.mebibytes(26) } },
      'explainer.inference.maxPayload must be between 1 and 25 MiB (explainer.inference.maxPayload (explainer.inference.max_payload): got 26 MiB'],
    ['a negative label index', { shap: {}, inference: { labelIndex: -1 } }, 'explainer.inference.labelIndex (explainer.inference.label_index): got -1; allowed an integer 0 or more'],
    ['zero records', { shap: {}, inference: { maxRecordCount: 0 } }, 'got 0; allowed an integer 1 or more'],
  ];
  test('tokens are rendered and never validated', () => {
    const { stack } = envStack();
    const n = new cdk.CfnParameter(stack, 'N', { type: 'Number' }).valueAsNumber;
    const text = new cdk.CfnParameter(stack, 'Text').valueAsString;
    const list = new cdk.CfnParameter(stack, 'List', { type: 'CommaDelimitedList' }).valueAsList;
    config(stack, {
      explainer: {
        enableExplanations: text,
        shap: { baseline: text, numberOfSamples: n, text: { language: text, granularity: sagemaker.TextGranularity.TOKEN } },
        inference: { featureHeaders: list, labelIndex: n, maxPayload: cdk.Size.mebibytes(n), maxRecordCount: n },
      },
      metricsConfig: { metricPublishFrequency: cdk.Duration.seconds(n) },
    });
    const props = rendered(stack);
    expect(props.ExplainerConfig.ClarifyExplainerConfig.ShapConfig.NumberOfSamples).toEqual({ Ref: 'N' });
    expect(props.ExplainerConfig.ClarifyExplainerConfig.InferenceConfig.FeatureHeaders).toEqual({ Ref: 'List' });
    expect(props.MetricsConfig.MetricPublishFrequencyInSeconds).toEqual({ Ref: 'N' });
  });

  test.each(cases)('%s', (_name, explainer, message) => {
    expect(() => config(envStack().stack, { explainer })).toThrow(message);
  });
});

describe('metricsConfig', () => {
  test('renders MetricsConfig', () => {
    const { stack } = envStack();
    config(stack, {
      metricsConfig: { enableDetailedObservability: false, enableEnhancedMetrics: true, metricPublishFrequency: cdk.Duration.minutes(1) },
    });
    expect(rendered(stack).MetricsConfig)
      .toEqual({ EnableDetailedObservability: false, EnableEnhancedMetrics: true, MetricPublishFrequencyInSeconds: 60 });
  });

  test('a publish frequency outside the enum', () => {
    expect(() => config(envStack().stack, { metricsConfig: { metricPublishFrequency: cdk.Duration.seconds(45) } }))
      .toThrow('metricsConfig.metricPublishFrequency (metrics_config.metric_publish_frequency) (seconds): got 45; allowed 10, 30, 60, 120, 180, 240, 300');
  });

  test('unset renders nothing', () => {
    const { stack } = envStack();
    config(stack, {});
    expect(rendered(stack).MetricsConfig).toBeUndefined();
    expect(rendered(stack).ExplainerConfig).toBeUndefined();
  });
});
