import * as cdk from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sagemaker from '../src';
import { envStack, errorMessage, statements } from './util';

/* Shadow variants: rendering, data capture on both, and the limits of shadow tests (C10, C12). */

const image = () => sagemaker.ContainerImage.fromDlc('pytorch-inference', '2.1');
function model(stack: cdk.Stack, id: string, props: Partial<sagemaker.ModelProps> = {}) {
  return new sagemaker.Model(stack, id, { containers: [{ image: image() }], ...props });
}
const M5 = sagemaker.InstanceType.M5_LARGE;

test('shadowProductionVariants and addShadowProductionVariant render ShadowProductionVariants', () => {
  const { stack } = envStack();
  const config = new sagemaker.EndpointConfig(stack, 'Config', {
    instanceProductionVariants: [{ variantName: 'prod', model: model(stack, 'Prod'), instanceType: M5 }],
  });
  config.addShadowProductionVariant({
    variantName: 'shadow',
    model: model(stack, 'Candidate'),
    instanceType: sagemaker.InstanceType.M6I_LARGE,
    initialVariantWeight: 0.5,
    volumeSize: cdk.Size.gibibytes(30),
  });
  Template.fromStack(stack).hasResourceProperties('AWS::SageMaker::EndpointConfig', {
    ProductionVariants: [{
      VariantName: 'prod',
      InstanceType: 'ml.m5.large',
      InitialInstanceCount: 1,
      InitialVariantWeight: 1,
      ModelName: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Prod'), 'ModelName'] },
    }],
    ShadowProductionVariants: [{
      VariantName: 'shadow',
      InstanceType: 'ml.m6i.large',
      InitialInstanceCount: 1,
      InitialVariantWeight: 0.5,
      VolumeSizeInGB: 30,
      ModelName: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Candidate'), 'ModelName'] },
    }],
  });
});

test('without shadow variants nothing is rendered', () => {
  const { stack } = envStack();
  new sagemaker.EndpointConfig(stack, 'Config', { instanceProductionVariants: [{ variantName: 'prod', model: model(stack, 'Prod') }] });
  const [config] = Object.values(Template.fromStack(stack).findResources('AWS::SageMaker::EndpointConfig'));
  expect(config.Properties.ShadowProductionVariants).toBeUndefined();
});

test('data capture lets both the production and the shadow model write under the prefix', () => {
  const { stack } = envStack();
  const bucket = s3.Bucket.fromBucketName(stack, 'Capture', 'capture-bucket');
  new sagemaker.EndpointConfig(stack, 'Config', {
    instanceProductionVariants: [{ variantName: 'prod', model: model(stack, 'Prod'), instanceType: M5 }],
    shadowProductionVariants: [{ variantName: 'shadow', model: model(stack, 'Candidate'), instanceType: M5 }],
    dataCapture: { destinationBucket: bucket, destinationPrefix: 'capture' },
  });
  const template = Template.fromStack(stack);
  const roles = Object.values<any>(template.findResources('AWS::IAM::ManagedPolicy'))
    .filter(p => JSON.stringify(p.Properties.PolicyDocument).includes('s3:PutObject')).map(p => p.Properties.Roles[0].Ref.replace(/Role.*/, ''));
  expect(roles.sort()).toEqual(['Candidate', 'Prod']);
  expect(statements(template).filter(s => s.Action === 's3:PutObject').map(s => s.Resource))
    .toEqual([0, 1].map(() => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::capture-bucket/capture/*']] })));
});

describe('errors', () => {
  test('a shadow variant name used by the production variant', () => {
    const { stack } = envStack();
    expect(() => new sagemaker.EndpointConfig(stack, 'Config', {
      instanceProductionVariants: [{ variantName: 'v', model: model(stack, 'Prod') }],
      shadowProductionVariants: [{ variantName: 'v', model: model(stack, 'Candidate') }],
    })).toThrow("TestStack/Config: There is already a Production Variant with name 'v' (variantName (variant_name): got 'v'; allowed a name "
      + 'unique within the endpoint configuration)');
  });

  test('a production variant name used by the shadow variant', () => {
    const { stack } = envStack();
    const config = new sagemaker.EndpointConfig(stack, 'Config', {
      shadowProductionVariants: [{ variantName: 'v', model: model(stack, 'Candidate') }],
    });
    expect(() => config.addInstanceProductionVariant({ variantName: 'v', model: model(stack, 'Prod') }))
      .toThrow("There is already a Shadow Production Variant with name 'v' (variantName (variant_name): got 'v'; allowed a name unique "
        + 'across the production and shadow variants of the endpoint configuration)');
  });

  test('a second shadow variant', () => {
    const { stack } = envStack();
    expect(() => new sagemaker.EndpointConfig(stack, 'Config', {
      instanceProductionVariants: [{ variantName: 'prod', model: model(stack, 'Prod') }],
      shadowProductionVariants: [{ variantName: 's1', model: model(stack, 'A') }, { variantName: 's2', model: model(stack, 'B') }],
    })).toThrow("Cannot add more than one shadow production variant per endpoint configuration (shadow variant: got 's2'; allowed one shadow "
      + "variant; 's1' is already configured)");
  });

  test('two production variants beside a shadow variant fail at synth', () => {
    const { stack } = envStack();
    new sagemaker.EndpointConfig(stack, 'Config', {
      instanceProductionVariants: [{ variantName: 'a', model: model(stack, 'A') }, { variantName: 'b', model: model(stack, 'B') }],
      shadowProductionVariants: [{ variantName: 's', model: model(stack, 'S') }],
    });
    expect(() => Template.fromStack(stack)).toThrow('[TestStack/Config] An endpoint configuration with a shadow variant must have exactly one '
      + "production variant (instanceProductionVariants (instance_production_variants): got 2 production variants ('a', 'b'); allowed one "
      + "production variant beside shadow variant 's')");
  });

  test('a shadow variant on a serverless configuration, and a serverless variant beside a shadow', () => {
    const { stack } = envStack();
    const serverless = new sagemaker.EndpointConfig(stack, 'Serverless', {
      serverlessProductionVariant: { variantName: 'sl', model: model(stack, 'Sl'), maxConcurrency: 5, memorySizeInMB: 2048 },
    });
    expect(() => serverless.addShadowProductionVariant({ variantName: 's', model: model(stack, 'S') }))
      .toThrow("Cannot add a shadow production variant to a serverless endpoint configuration (shadow variant: got 's'; allowed instance "
        + "production variants only; 'sl' is serverless)");
    const shadowed = new sagemaker.EndpointConfig(stack, 'Shadowed', { shadowProductionVariants: [{ variantName: 's', model: model(stack, 'S2') }] });
    expect(() => shadowed.addServerlessProductionVariant({ variantName: 'sl', model: model(stack, 'Sl2'), maxConcurrency: 5, memorySizeInMB: 2048 }))
      .toThrow("Cannot add serverless production variant when instance production variants are already configured (serverless variant: got 'sl'");
  });

  test('a shadow variant with async inference', () => {
    const { stack } = envStack();
    new sagemaker.EndpointConfig(stack, 'Config', {
      instanceProductionVariants: [{ variantName: 'prod', model: model(stack, 'Prod'), instanceType: M5 }],
      shadowProductionVariants: [{ variantName: 's', model: model(stack, 'S'), instanceType: M5 }],
      asyncInference: { outputBucket: s3.Bucket.fromBucketName(stack, 'Out', 'out') },
    });
    expect(() => Template.fromStack(stack)).toThrow('Shadow variants are not supported with asyncInference (shadowProductionVariants '
      + "(shadow_production_variants): got shadow variant 's' beside asyncInference (async_inference); allowed real-time inference with a shadow variant");
  });

  test('pipeline, multi-model and model-package models, and ml.inf1', () => {
    const { stack } = envStack();
    const pipeline = model(stack, 'Pipeline', { containers: [{ image: image() }, { image: image() }] });
    const pkg = model(stack, 'Pkg', {
      containers: [{ modelPackage: sagemaker.ModelPackage.fromModelPackageArn(stack, 'P', 'arn:aws:sagemaker:us-west-2:123456789012:model-package/churn/1') }],
    });
    new sagemaker.EndpointConfig(stack, 'Config', {
      instanceProductionVariants: [{ variantName: 'prod', model: pipeline, instanceType: sagemaker.InstanceType.INF1_XLARGE }],
      shadowProductionVariants: [{ variantName: 's', model: pkg, instanceType: M5 }],
    });
    const message = errorMessage(() => Template.fromStack(stack));
    expect(message).toContain("variant 'prod': its model uses features that shadow tests do not support (variant 'prod' model: got 2 containers "
      + '(an inference pipeline or direct invocation); allowed a single-container, single-model model)');
    expect(message).not.toContain("variant 's': its model uses features");
    expect(message).toContain("Shadow tests do not support ml.inf1 instances (variant 'prod' instanceType (instance_type): got 'ml.inf1.xlarge'");
  });

  test('a model package is a warning: shadow tests reject AWS Marketplace packages, not Model Registry ones', () => {
    const { stack } = envStack();
    const pkg = model(stack, 'Pkg', {
      containers: [{ modelPackage: sagemaker.ModelPackage.fromModelPackageArn(stack, 'P', 'arn:aws:sagemaker:us-west-2:123456789012:model-package/churn/1') }],
    });
    new sagemaker.EndpointConfig(stack, 'Config', {
      instanceProductionVariants: [{ variantName: 'prod', model: model(stack, 'Prod'), instanceType: M5 }],
      shadowProductionVariants: [{ variantName: 's', model: pkg, instanceType: M5 }],
    });
    const warnings = Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('marketplacePackageShadow'));
    expect(warnings.map(w => w.entry.data)).toEqual([expect.stringContaining("variant 's': its model uses a model package "
      + '(containers[0].modelPackage); shadow tests do not support AWS Marketplace models')]);
  });

  test('the same models and types without a shadow variant are fine', () => {
    const { stack } = envStack();
    const pipeline = model(stack, 'Pipeline', { containers: [{ image: image() }, { image: image() }] });
    new sagemaker.EndpointConfig(stack, 'Config', {
      instanceProductionVariants: [{ variantName: 'prod', model: pipeline, instanceType: sagemaker.InstanceType.INF1_XLARGE }],
    });
    expect(() => Template.fromStack(stack)).not.toThrow();
  });
});
