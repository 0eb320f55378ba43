import * as cdk from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sagemaker from '../src';
import { envStack } from './util';

function importedModel(stack: cdk.Stack, name = 'model'): sagemaker.IModel {
  return sagemaker.Model.fromModelName(stack, `Model-${name}`, name);
}

describe('EndpointConfig instance variants', () => {
  test('defaults: weight 1.0, one ml.t2.medium instance; variants added later are rendered', () => {
    // GIVEN
    const { stack } = envStack();
    const config = new sagemaker.EndpointConfig(stack, 'Config', {
      instanceProductionVariants: [{ variantName: 'a', model: importedModel(stack) }],
    });
    // WHEN
    config.addInstanceProductionVariant({
      variantName: 'b',
      model: importedModel(stack, 'other'),
      initialVariantWeight: 2,
      initialInstanceCount: 3,
      instanceType: sagemaker.InstanceType.G5_XLARGE,
      containerStartupHealthCheckTimeout: cdk.Duration.minutes(10),
    });
    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::SageMaker::EndpointConfig', {
      ProductionVariants: [
        { VariantName: 'a', ModelName: 'model', InitialVariantWeight: 1, InitialInstanceCount: 1, InstanceType: 'ml.t2.medium' },
        {
          VariantName: 'b',
          ModelName: 'other',
          InitialVariantWeight: 2,
          InitialInstanceCount: 3,
          InstanceType: 'ml.g5.xlarge',
          ContainerStartupHealthCheckTimeoutInSeconds: 600,
        },
      ],
      KmsKeyId: Match.absent(),
    });
  });

  test('weight 0 is kept (the alpha turns it into 1)', () => {
    const { stack } = envStack();
    new sagemaker.EndpointConfig(stack, 'Config', {
      instanceProductionVariants: [
        { variantName: 'live', model: importedModel(stack) },
        { variantName: 'drained', model: importedModel(stack, 'old'), initialVariantWeight: 0 },
      ],
    });
    Template.fromStack(stack).hasResourceProperties('AWS::SageMaker::EndpointConfig', {
      ProductionVariants: [
        Match.objectLike({ VariantName: 'live', InitialVariantWeight: 1 }),
        Match.objectLike({ VariantName: 'drained', InitialVariantWeight: 0 }),
      ],
    });
  });

  test('numbers given as CloudFormation parameters synthesize unvalidated (the alpha throws)', () => {
    const { stack } = envStack();
    const count = new cdk.CfnParameter(stack, 'Count', { type: 'Number' });
    const weight = new cdk.CfnParameter(stack, 'Weight', { type: 'Number' });
    const type = new cdk.CfnParameter(stack, 'Type');
    new sagemaker.EndpointConfig(stack, 'Config', {
      instanceProductionVariants: [{
        variantName: 'a',
        model: importedModel(stack),
        initialInstanceCount: count.valueAsNumber,
        initialVariantWeight: weight.valueAsNumber,
        instanceType: sagemaker.InstanceType.of(type.valueAsString),
      }],
    });
    Template.fromStack(stack).hasResourceProperties('AWS::SageMaker::EndpointConfig', {
      ProductionVariants: [Match.objectLike({
        InitialInstanceCount: { Ref: 'Count' },
        InitialVariantWeight: { Ref: 'Weight' },
        InstanceType: { Ref: 'Type' },
      })],
    });
  });

  test.each([
    [{ initialInstanceCount: 0 }, /TestStack\/Config: Invalid Production Variant Props: Must have at least one instance \(variant 'b' initialInstanceCount \(initial_instance_count\): got 0; allowed an integer 1 or more\)/],
    [{ initialInstanceCount: 1.5 }, /Must have at least one instance \(variant 'b' initialInstanceCount \(initial_instance_count\): got 1.5/],
    [{ initialVariantWeight: -1 }, /Invalid Production Variant Props: Cannot have negative variant weight \(variant 'b' initialVariantWeight \(initial_variant_weight\): got -1; allowed 0 or more; 0 sends the variant no traffic\)/],
    [{ containerStartupHealthCheckTimeout: cdk.Duration.seconds(59) }, /containerStartupHealthCheckTimeout must be between 60 and 3600 seconds \(variant 'b' containerStartupHealthCheckTimeout \(container_startup_health_check_timeout\): got 59 seconds; allowed whole seconds from 60 to 3600\)/],
    [{ containerStartupHealthCheckTimeout: cdk.Duration.hours(2) }, /containerStartupHealthCheckTimeout must be between 60 and 3600 seconds \(variant 'b' containerStartupHealthCheckTimeout \(container_startup_health_check_timeout\): got 7200 seconds/],
    [{ acceleratorType: sagemaker.AcceleratorType.EIA2_MEDIUM }, /acceleratorType is not supported: Amazon Elastic Inference is retired .*\(variant 'b' acceleratorType \(accelerator_type\): got 'ml.eia2.medium'; allowed none; use a GPU or AWS Inferentia instance type instead\)/],
    [{ variantName: 'bad_name' }, /variantName must be a SageMaker name \(variantName \(variant_name\): got 'bad_name', 8 characters; allowed 1 to 63 characters: letters, digits and hyphens, starting and ending with a letter or digit\)/],
  ])('rejects %p', (override, message) => {
    const { stack } = envStack();
    const config = new sagemaker.EndpointConfig(stack, 'Config', {
      instanceProductionVariants: [{ variantName: 'a', model: importedModel(stack) }],
    });
    expect(() => config.addInstanceProductionVariant({ variantName: 'b', model: importedModel(stack, 'm2'), ...override }))
      .toThrow(message);
  });

  test('a duplicate variant name, with the alpha text', () => {
    const { stack } = envStack();
    const config = new sagemaker.EndpointConfig(stack, 'Config', {
      instanceProductionVariants: [{ variantName: 'a', model: importedModel(stack) }],
    });
    expect(() => config.addInstanceProductionVariant({ variantName: 'a', model: importedModel(stack, 'x') }))
      .toThrow(/TestStack\/Config: There is already a Production Variant with name 'a'/);
  });

  test('zero or eleven variants fail at synth', () => {
    const { stack } = envStack();
    new sagemaker.EndpointConfig(stack, 'Empty');
    const many = new sagemaker.EndpointConfig(stack, 'Many');
    for (let i = 0; i < 11; i++) {
      many.addInstanceProductionVariant({ variantName: `v${i}`, model: importedModel(stack, `m${i}`) });
    }
    expect(() => Template.fromStack(stack)).toThrow(
      /\[TestStack\/Empty\] Must configure at least 1 production variant[\s\S]*\[TestStack\/Many\] Can't have more than 10 production variants \(instanceProductionVariants \(instance_production_variants\): got 11; allowed 1 to 10\)/);
  });

  test('endpointConfigName is validated and warned about', () => {
    const { stack } = envStack();
    expect(() => new sagemaker.EndpointConfig(stack, 'Bad', { endpointConfigName: 'x'.repeat(64) }))
      .toThrow(/TestStack\/Bad: endpointConfigName must be a SageMaker name \(endpointConfigName \(endpoint_config_name\): got 'x{64}', 64 characters; allowed 1 to 63 characters/);
    new sagemaker.EndpointConfig(stack, 'Named', {
      endpointConfigName: 'my-config',
      instanceProductionVariants: [{ variantName: 'a', model: importedModel(stack) }],
    });
    Annotations.fromStack(stack).hasWarning('/TestStack/Named',
      Match.stringLikeRegexp("endpointConfigName \\(endpoint_config_name\\) is set to 'my-config': every change to this endpoint configuration replaces it"));
  });
});

describe('EndpointConfig instance type warnings', () => {
  test('a type the region does not offer is a warning naming type and region', () => {
    const { stack } = envStack('ap-southeast-5');
    new sagemaker.EndpointConfig(stack, 'Config', {
      instanceProductionVariants: [{ variantName: 'a', model: importedModel(stack), instanceType: sagemaker.InstanceType.P2_XLARGE }],
    });
    Annotations.fromStack(stack).hasWarning('/TestStack/Config',
      Match.stringLikeRegexp("variant 'a': instance type 'ml.p2.xlarge' is not offered for SageMaker hosting in region ap-southeast-5"));
  });

  test('no warning for an offered type, an unknown region or a token region', () => {
    for (const stack of [envStack('us-east-1').stack, envStack('xx-nowhere-1').stack, new cdk.Stack()]) {
      new sagemaker.EndpointConfig(stack, 'Config', {
        instanceProductionVariants: [{ variantName: 'a', model: importedModel(stack), instanceType: sagemaker.InstanceType.M5_LARGE }],
      });
      Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('is not offered'));
    }
  });

  test('a type unknown to the CloudFormation schema is a warning', () => {
    const { stack } = envStack();
    new sagemaker.EndpointConfig(stack, 'Config', {
      instanceProductionVariants: [{ variantName: 'a', model: importedModel(stack), instanceType: sagemaker.InstanceType.of('ml.z9.large') }],
    });
    cdk.Validations.of(stack).acknowledge({ id: 'CloudFormation-Validate::W3030', reason: 'the type is unknown to the schema on purpose' });
    Annotations.fromStack(stack).hasWarning('/TestStack/Config', Match.stringLikeRegexp("'ml.z9.large' is not in the CloudFormation schema"));
  });

  test('a KMS key with a local-NVMe instance type is a warning; the key ARN is rendered', () => {
    const { stack } = envStack();
    const key = new kms.Key(stack, 'Key');
    new sagemaker.EndpointConfig(stack, 'Config', {
      encryptionKey: key,
      instanceProductionVariants: [
        { variantName: 'gpu', model: importedModel(stack), instanceType: sagemaker.InstanceType.G5_2XLARGE },
        { variantName: 'cpu', model: importedModel(stack, 'c'), instanceType: sagemaker.InstanceType.M5_LARGE },
      ],
    });
    Template.fromStack(stack).hasResourceProperties('AWS::SageMaker::EndpointConfig', {
      KmsKeyId: { 'Fn::GetAtt': ['Key961B73FD', 'Arn'] },
    });
    const warnings = Annotations.fromStack(stack).findWarning('/TestStack/Config', Match.stringLikeRegexp('local NVMe'));
    expect(warnings).toHaveLength(1);
    expect(JSON.stringify(warnings[0].entry.data)).toContain("variant 'gpu'");
  });
});

describe('EndpointConfig multi-model instance types', () => {
  function mmeConfig(stack: cdk.Stack, types: sagemaker.InstanceType[], multiModel = true): void {
    const bucket = s3.Bucket.fromBucketName(stack, 'Bucket', 'models');
    const model = new sagemaker.Model(stack, 'Model', {
      containers: [{
        image: sagemaker.ContainerImage.fromDlc('pytorch-inference', '2.1-gpu'),
        mode: multiModel ? sagemaker.ContainerMode.MULTI_MODEL : undefined,
        modelData: multiModel ? sagemaker.ModelData.fromBucket(bucket, 'tenants/', { s3DataType: sagemaker.S3DataType.S3_PREFIX }) : undefined,
      }],
    });
    new sagemaker.EndpointConfig(stack, 'Config', {
      instanceProductionVariants: types.map((instanceType, i) => ({ variantName: `v${i}`, model, instanceType })),
    });
  }
  const warnings = (stack: cdk.Stack) => Annotations.fromStack(stack).findWarning('/TestStack/Config', Match.stringLikeRegexp('multi-model'));

  test('a GPU or Neuron type outside the documented list is a warning for a multi-model model', () => {
    const { stack } = envStack();
    const { G5_48XLARGE, INF2_XLARGE, G5_XLARGE, C5_XLARGE } = sagemaker.InstanceType;
    mmeConfig(stack, [G5_48XLARGE, INF2_XLARGE, G5_XLARGE, C5_XLARGE]);
    const found = warnings(stack).map(w => JSON.stringify(w.entry.data));
    expect(found).toHaveLength(2);
    expect(found[0]).toContain("variant 'v0': instance type 'ml.g5.48xlarge' is not documented for multi-model endpoints");
    expect(found[0]).toContain('cdk-sagemaker-hosting:multiModelInstanceType');
    expect(found[1]).toContain("'ml.inf2.xlarge'");
  });

  test('no warning without a multi-model container', () => {
    const { stack } = envStack();
    mmeConfig(stack, [sagemaker.InstanceType.G5_48XLARGE], false);
    expect(warnings(stack)).toEqual([]);
  });
});

describe('EndpointConfig serverless variant', () => {
  test('renders ServerlessConfig', () => {
    const { stack } = envStack();
    new sagemaker.EndpointConfig(stack, 'Config', {
      serverlessProductionVariant: {
        variantName: 'sls', model: importedModel(stack), maxConcurrency: 20, memorySizeInMB: 2048, provisionedConcurrency: 5,
      },
    });
    Template.fromStack(stack).hasResourceProperties('AWS::SageMaker::EndpointConfig', {
      ProductionVariants: [{
        VariantName: 'sls',
        ModelName: 'model',
        InitialVariantWeight: 1,
        ServerlessConfig: { MaxConcurrency: 20, MemorySizeInMB: 2048, ProvisionedConcurrency: 5 },
      }],
    });
  });

  test.each([
    [{ maxConcurrency: 0 }, /Invalid Serverless Production Variant Props: variant 'sls' maxConcurrency must be an integer between 1 and 200 \(variant 'sls' maxConcurrency \(max_concurrency\): got 0; allowed an integer from 1 to 200\)/],
    [{ maxConcurrency: 201 }, /maxConcurrency must be an integer between 1 and 200 \(variant 'sls' maxConcurrency \(max_concurrency\): got 201;/],
    [{ memorySizeInMB: 1000 }, /variant 'sls' memorySizeInMB must be one of the allowed values \(variant 'sls' memorySizeInMB \(memory_size_in_mb\): got 1000; allowed 1024, 2048, 3072, 4096, 5120, 6144\)/],
    [{ provisionedConcurrency: 0 }, /provisionedConcurrency must be an integer between 1 and 200 \(variant 'sls' provisionedConcurrency \(provisioned_concurrency\): got 0;/],
    [{ provisionedConcurrency: 30 }, /provisionedConcurrency cannot be greater than maxConcurrency \(variant 'sls' provisionedConcurrency \(provisioned_concurrency\): got 30; allowed at most maxConcurrency \(max_concurrency\) 20\)/],
  ])('rejects %p', (override, message) => {
    const { stack } = envStack();
    expect(() => new sagemaker.EndpointConfig(stack, 'Config', {
      serverlessProductionVariant: { variantName: 'sls', model: importedModel(stack), maxConcurrency: 20, memorySizeInMB: 2048, ...override },
    })).toThrow(message);
  });

  test('serverless numbers as tokens synthesize (the alpha throws)', () => {
    const { stack } = envStack();
    const n = (id: string) => new cdk.CfnParameter(stack, id, { type: 'Number' }).valueAsNumber;
    new sagemaker.EndpointConfig(stack, 'Config', {
      serverlessProductionVariant: {
        variantName: 'sls', model: importedModel(stack), maxConcurrency: n('Max'), memorySizeInMB: n('Mem'), provisionedConcurrency: n('Pc'),
      },
    });
    Template.fromStack(stack).hasResourceProperties('AWS::SageMaker::EndpointConfig', {
      ProductionVariants: [Match.objectLike({
        ServerlessConfig: { MaxConcurrency: { Ref: 'Max' }, MemorySizeInMB: { Ref: 'Mem' }, ProvisionedConcurrency: { Ref: 'Pc' } },
      })],
    });
  });

  test('instance and serverless variants are exclusive, one serverless variant at most', () => {
    const { stack } = envStack();
    const m = importedModel(stack);
    const sls = { variantName: 'sls', model: m, maxConcurrency: 5, memorySizeInMB: 1024 };
    expect(() => new sagemaker.EndpointConfig(stack, 'Both', {
      instanceProductionVariants: [{ variantName: 'a', model: m }], serverlessProductionVariant: sls,
    })).toThrow(/Cannot specify both instanceProductionVariants and serverlessProductionVariant. Choose one variant type./);
    const instance = new sagemaker.EndpointConfig(stack, 'Instance', { instanceProductionVariants: [{ variantName: 'a', model: m }] });
    expect(() => instance.addServerlessProductionVariant(sls))
      .toThrow(/Cannot add serverless production variant when instance production variants are already configured \(serverless variant: got 'sls'; allowed no serverless variant beside the instance variants 'a'\)/);
    const serverless = new sagemaker.EndpointConfig(stack, 'Serverless', { serverlessProductionVariant: sls });
    expect(() => serverless.addServerlessProductionVariant({ ...sls, variantName: 'two' }))
      .toThrow(/Cannot add more than one serverless production variant per endpoint configuration/);
    expect(() => serverless.addInstanceProductionVariant({ variantName: 'b', model: m }))
      .toThrow(/Cannot add instance production variant when serverless production variant is already configured/);
  });

  test('a model with features serverless does not support fails at synth', () => {
    const { stack } = envStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 1 });
    const repo = ecr.Repository.fromRepositoryName(stack, 'Repo', 'r');
    const bucket = s3.Bucket.fromBucketName(stack, 'B', 'weights-bucket');
    const model = new sagemaker.Model(stack, 'Model', {
      vpc,
      networkIsolation: true,
      containers: [{
        image: sagemaker.ContainerImage.fromEcrRepository(repo),
        modelData: sagemaker.ModelData.fromBucket(bucket, 'w/', {
          s3DataType: sagemaker.S3DataType.S3_PREFIX, compressionType: sagemaker.CompressionType.NONE,
        }),
      }],
    });
    new sagemaker.EndpointConfig(stack, 'Config', {
      serverlessProductionVariant: { variantName: 'sls', model, maxConcurrency: 5, memorySizeInMB: 1024 },
    });
    expect(() => Template.fromStack(stack)).toThrow(
      /\[TestStack\/Config\] serverless variant 'sls': its model uses features that serverless inference does not support \(variant 'sls' model: got a VPC \(vpc\); network isolation \(networkIsolation, network_isolation\); uncompressed or prefix model data \(containers\[0\] ModelDataSource\); allowed a single-container model/);
  });
});

describe('EndpointConfig environments and imports', () => {
  test('a model of another account or region is rejected with the alpha text', () => {
    const app = new cdk.App();
    const origin = new cdk.Stack(app, 'Origin', { env: { account: '111111111111', region: 'us-west-2' } });
    const other = new cdk.Stack(app, 'Other', { env: { account: '222222222222', region: 'us-west-2' } });
    const model = sagemaker.Model.fromModelName(origin, 'Model', 'm');
    expect(() => new sagemaker.EndpointConfig(other, 'Config', { instanceProductionVariants: [{ variantName: 'a', model }] }))
      .toThrow(/Other\/Config: Invalid Production Variant Props: Cannot use model in account 111111111111 for endpoint configuration in account 222222222222/);
  });

  test('fromEndpointConfigName lower-cases the ARN and keeps the name', () => {
    const { stack } = envStack();
    const config = sagemaker.EndpointConfig.fromEndpointConfigName(stack, 'Imported', 'My-Config');
    expect(config.endpointConfigName).toEqual('My-Config');
    expect(stack.resolve(config.endpointConfigArn)).toEqual({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':sagemaker:us-west-2:123456789012:endpoint-config/my-config']],
    });
  });

  test('PROPERTY_INJECTION_ID', () => {
    expect(sagemaker.EndpointConfig.PROPERTY_INJECTION_ID).toEqual('cdk-sagemaker-hosting.EndpointConfig');
    expect(sagemaker.Endpoint.PROPERTY_INJECTION_ID).toEqual('cdk-sagemaker-hosting.Endpoint');
  });
});
