import * as cdk from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sagemaker from '../src';
import { accountWideStatements, envStack, statements } from './util';

/* Async inference and data capture: what they render, what each model's role may write, the rules. */

function model(stack: cdk.Stack, id = 'Model') {
  return new sagemaker.Model(stack, id, { containers: [{ image: sagemaker.ContainerImage.fromDlc('pytorch-inference', '2.1') }] });
}

const bucketArn = (name: string, key: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:s3:::${name}/${key}`]] });

describe('asyncInference', () => {
  function asyncConfig(extra: Partial<sagemaker.AsyncInferenceProps> = {}) {
    const { stack } = envStack();
    const output = s3.Bucket.fromBucketName(stack, 'Out', 'async-out');
    const success = new sns.Topic(stack, 'Success');
    const error = new sns.Topic(stack, 'Error');
    const m = model(stack);
    const config = new sagemaker.EndpointConfig(stack, 'Config', {
      instanceProductionVariants: [{ variantName: 'main', model: m, instanceType: sagemaker.InstanceType.M5_LARGE }],
      asyncInference: {
        outputBucket: output,
        outputPrefix: 'responses',
        failurePrefix: 'failures',
        successTopic: success,
        errorTopic: error,
        includeInferenceResponseIn: [sagemaker.AsyncNotificationTarget.SUCCESS_NOTIFICATION_TOPIC],
        maxConcurrentInvocationsPerInstance: 4,
        ...extra,
      },
    });
    return { stack, config, m };
  }

  test('renders AsyncInferenceConfig with the output, failure and notification settings', () => {
    const { stack } = asyncConfig();
    Template.fromStack(stack).hasResourceProperties('AWS::SageMaker::EndpointConfig', {
      AsyncInferenceConfig: {
        OutputConfig: {
          S3OutputPath: 's3://async-out/responses',
          S3FailurePath: 's3://async-out/failures',
          NotificationConfig: {
            SuccessTopic: { Ref: Match.stringLikeRegexp('^Success') },
            ErrorTopic: { Ref: Match.stringLikeRegexp('^Error') },
            IncludeInferenceResponseIn: ['SUCCESS_NOTIFICATION_TOPIC'],
          },
        },
        ClientConfig: { MaxConcurrentInvocationsPerInstance: 4 },
      },
    });
  });

  test("the model's role may put objects under the two prefixes and publish to the two topics, nothing wider", () => {
    const { stack } = asyncConfig();
    const template = Template.fromStack(stack);
    const puts = statements(template).filter(s => JSON.stringify(s.Action).includes('s3:PutObject'));
    expect(puts).toEqual([
      { Effect: 'Allow', Action: 's3:PutObject', Resource: bucketArn('async-out', 'responses/*') },
      { Effect: 'Allow', Action: 's3:PutObject', Resource: bucketArn('async-out', 'failures/*') },
    ]);
    expect(accountWideStatements(template)).toEqual(expect.arrayContaining(puts));
    const publish = statements(template).filter(s => s.Action === 'sns:Publish');
    expect(publish.map(s => s.Resource.Ref)).toEqual([expect.stringMatching(/^Success/), expect.stringMatching(/^Error/)]);
  });

  test('encrypted topics: the role may publish and use their key with exactly the two actions a publisher needs', () => {
    const { stack } = envStack();
    const key = new kms.Key(stack, 'TopicKey');
    const topic = new sns.Topic(stack, 'Encrypted', { masterKey: key });
    new sagemaker.EndpointConfig(stack, 'Config', {
      instanceProductionVariants: [{ variantName: 'main', model: model(stack), instanceType: sagemaker.InstanceType.M5_LARGE }],
      asyncInference: { outputBucket: s3.Bucket.fromBucketName(stack, 'Out', 'async-out'), successTopic: topic, errorTopic: topic },
    });
    const all = statements(Template.fromStack(stack));
    expect(all.filter(s => [s.Action].flat().some((a: string) => a.startsWith('sns:') || a.startsWith('kms:')))).toEqual([
      { Effect: 'Allow', Action: 'sns:Publish', Resource: { Ref: expect.stringMatching(/^Encrypted/) } },
      { Effect: 'Allow', Action: ['kms:GenerateDataKey', 'kms:Decrypt'], Resource: { 'Fn::GetAtt': [expect.stringMatching(/^TopicKey/), 'Arn'] } },
    ]);
  });

  test('an encryption key is rendered and the role may encrypt with it', () => {
    const { stack } = envStack();
    const key = new kms.Key(stack, 'Key');
    new sagemaker.EndpointConfig(stack, 'Config', {
      instanceProductionVariants: [{ variantName: 'main', model: model(stack) }],
      asyncInference: { outputBucket: s3.Bucket.fromBucketName(stack, 'Out', 'async-out'), encryptionKey: key },
    });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::SageMaker::EndpointConfig', {
      AsyncInferenceConfig: { OutputConfig: { S3OutputPath: 's3://async-out', KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Key'), 'Arn'] } } },
    });
    expect(statements(template)).toEqual(expect.arrayContaining([
      // exactly the two actions a writer needs: no wildcard action for cdk-nag to report
      { Effect: 'Allow', Action: ['kms:Encrypt', 'kms:GenerateDataKey'], Resource: { 'Fn::GetAtt': [expect.stringMatching(/^Key/), 'Arn'] } },
      { Effect: 'Allow', Action: 's3:PutObject', Resource: bucketArn('async-out', '*') },
    ]));
  });

  test('grantInvoke on an async endpoint adds InvokeEndpointAsync', () => {
    const { stack, config } = asyncConfig();
    const endpoint = new sagemaker.Endpoint(stack, 'Endpoint', { endpointConfig: config });
    const role = new iam.Role(stack, 'Caller', { assumedBy: new iam.AccountRootPrincipal() });
    endpoint.grantInvoke(role);
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('^Caller') }],
      PolicyDocument: {
        Statement: [{
          Effect: 'Allow',
          Action: ['sagemaker:InvokeEndpoint', 'sagemaker:InvokeEndpointWithResponseStream', 'sagemaker:InvokeEndpointAsync'],
          Resource: { Ref: 'Endpoint8024A810' },
        }],
      },
    });
  });

  test('async metrics on the endpoint, dimension EndpointName only', () => {
    const { stack, config } = asyncConfig();
    const endpoint = new sagemaker.Endpoint(stack, 'Endpoint', { endpointConfig: config });
    const cases: Array<[cloudwatch_metric: () => import('aws-cdk-lib/aws-cloudwatch').Metric, string, string]> = [
      [() => endpoint.metricApproximateBacklogSize(), 'ApproximateBacklogSize', 'Average'],
      [() => endpoint.metricApproximateBacklogSizePerInstance(), 'ApproximateBacklogSizePerInstance', 'Average'],
      [() => endpoint.metricApproximateAgeOfOldestRequest(), 'ApproximateAgeOfOldestRequest', 'Maximum'],
      [() => endpoint.metricHasBacklogWithoutCapacity(), 'HasBacklogWithoutCapacity', 'Maximum'],
    ];
    for (const [metric, name, statistic] of cases) {
      const m = metric();
      expect([m.namespace, m.metricName, m.statistic]).toEqual(['AWS/SageMaker', name, statistic]);
      expect(stack.resolve(m.dimensions)).toEqual({ EndpointName: { 'Fn::GetAtt': ['Endpoint8024A810', 'EndpointName'] } });
    }
    const imported = sagemaker.Endpoint.fromEndpointName(stack, 'Imported', 'legacy-async');
    expect(stack.resolve(imported.metricApproximateBacklogSize().dimensions)).toEqual({ EndpointName: 'legacy-async' });
  });

  test.each([
    [{ maxConcurrentInvocationsPerInstance: 0 }, 'asyncInference.maxConcurrentInvocationsPerInstance must be an integer between 1 and 1000 '
      + '(asyncInference.maxConcurrentInvocationsPerInstance (async_inference.max_concurrent_invocations_per_instance): got 0; allowed an integer from 1 to 1000)'],
    [{ errorTopic: undefined, includeInferenceResponseIn: [sagemaker.AsyncNotificationTarget.ERROR_NOTIFICATION_TOPIC] },
      'asyncInference.includeInferenceResponseIn names ERROR_NOTIFICATION_TOPIC but that topic is not set'],
    [{ outputPrefix: 'x'.repeat(520) }, 'asyncInference.outputPrefix is too long (asyncInference.outputPrefix (async_inference.output_prefix): got 535 characters'],
  ])('rejects %j', (extra, message) => {
    expect(() => asyncConfig(extra as Partial<sagemaker.AsyncInferenceProps>)).toThrow(message);
  });

  test('a token count is not validated', () => {
    const { stack } = envStack();
    const count = new cdk.CfnParameter(stack, 'Count', { type: 'Number' }).valueAsNumber;
    new sagemaker.EndpointConfig(stack, 'Config', {
      instanceProductionVariants: [{ variantName: 'main', model: model(stack) }],
      asyncInference: { outputBucket: s3.Bucket.fromBucketName(stack, 'Out', 'out-bucket'), maxConcurrentInvocationsPerInstance: count },
    });
    Template.fromStack(stack).hasResourceProperties('AWS::SageMaker::EndpointConfig', {
      AsyncInferenceConfig: { ClientConfig: { MaxConcurrentInvocationsPerInstance: { Ref: 'Count' } } },
    });
  });

  test('a serverless variant cannot be async', () => {
    const { stack } = envStack();
    new sagemaker.EndpointConfig(stack, 'Config', {
      serverlessProductionVariant: { variantName: 'sls', model: model(stack), maxConcurrency: 5, memorySizeInMB: 2048 },
      asyncInference: { outputBucket: s3.Bucket.fromBucketName(stack, 'Out', 'out-bucket') },
    });
    expect(() => Template.fromStack(stack)).toThrow(/\[TestStack\/Config\] asyncInference is not available on a serverless endpoint: asynchronous inference runs on instances \(asyncInference \(async_inference\): got serverless variant 'sls'; allowed instance production variants\)/);
  });
});

describe('dataCapture', () => {
  function captured(extra: Partial<sagemaker.DataCaptureProps> = {}) {
    const { stack } = envStack();
    const m = model(stack);
    const m2 = model(stack, 'Other');
    new sagemaker.EndpointConfig(stack, 'Config', {
      instanceProductionVariants: [{ variantName: 'a', model: m }, { variantName: 'b', model: m2 }, { variantName: 'c', model: m }],
      dataCapture: { destinationBucket: s3.Bucket.fromBucketName(stack, 'Capture', 'capture'), destinationPrefix: 'churn/', ...extra },
    });
    return stack;
  }

  test('renders DataCaptureConfig with the defaults: input and output, 100 %, enabled', () => {
    Template.fromStack(captured()).hasResourceProperties('AWS::SageMaker::EndpointConfig', {
      DataCaptureConfig: {
        DestinationS3Uri: 's3://capture/churn/',
        InitialSamplingPercentage: 100,
        CaptureOptions: [{ CaptureMode: 'Input' }, { CaptureMode: 'Output' }],
        EnableCapture: true,
        CaptureContentTypeHeader: Match.absent(),
      },
    });
  });

  test('every option renders', () => {
    const stack = captured({ samplingPercentage: 20, captureOutput: false, jsonContentTypes: ['application/json'], csvContentTypes: ['text/csv'], enabled: false });
    Template.fromStack(stack).hasResourceProperties('AWS::SageMaker::EndpointConfig', {
      DataCaptureConfig: {
        InitialSamplingPercentage: 20,
        CaptureOptions: [{ CaptureMode: 'Input' }],
        EnableCapture: false,
        CaptureContentTypeHeader: { JsonContentTypes: ['application/json'], CsvContentTypes: ['text/csv'] },
      },
    });
  });

  test('each model role may write under the prefix only, once per model', () => {
    const stack = captured();
    const template = Template.fromStack(stack);
    const puts = statements(template).filter(s => JSON.stringify(s.Action).includes('s3:PutObject'));
    expect(puts).toEqual([
      { Effect: 'Allow', Action: 's3:PutObject', Resource: bucketArn('capture', 'churn/*') },
      { Effect: 'Allow', Action: 's3:PutObject', Resource: bucketArn('capture', 'churn/*') },
    ]);
    // The wildcard is acknowledged for cdk-nag (AwsSolutions-IAM5) with its reason, on the role's AccountWide policy.
    const cfnPolicy = stack.node.findChild('Model').node.findChild('Role').node.findChild('Policy').node.defaultChild!;
    const acks = cfnPolicy.node.metadata
      .filter(m => m.type === cdk.Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap(m => Object.entries(m.data as Record<string, string>));
    expect(acks).toContainEqual(['AwsSolutions::AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::capture/churn/*]',
      "SageMaker writes captured requests and responses as new objects of generated names under 'churn/*': "
      + "s3:PutObject on 'churn/*' is the narrowest resource."]);
  });

  test.each([
    [{ samplingPercentage: 101 }, 'dataCapture.samplingPercentage must be an integer between 0 and 100 percent'],
    [{ samplingPercentage: 12.5 }, 'dataCapture.samplingPercentage (data_capture.sampling_percentage): got 12.5'],
    [{ captureInput: false, captureOutput: false }, 'dataCapture must capture the input, the output or both'],
    [{ jsonContentTypes: [] }, 'dataCapture.jsonContentTypes must have between 1 and 10 items'],
    [{ csvContentTypes: ['csv'] }, "dataCapture.csvContentTypes has an item that is not a content type (dataCapture.csvContentTypes (data_capture.csv_content_types): got 'csv'"],
  ])('rejects %j', (extra, message) => {
    expect(() => captured(extra as Partial<sagemaker.DataCaptureProps>)).toThrow(message);
  });

  test('a serverless endpoint cannot capture data', () => {
    const { stack } = envStack();
    new sagemaker.EndpointConfig(stack, 'Config', {
      serverlessProductionVariant: { variantName: 'sls', model: model(stack), maxConcurrency: 5, memorySizeInMB: 2048 },
      dataCapture: { destinationBucket: s3.Bucket.fromBucketName(stack, 'C', 'cap-bucket') },
    });
    expect(() => Template.fromStack(stack)).toThrow(/\[TestStack\/Config\] dataCapture is not available on a serverless endpoint/);
  });
});

test('async inference with a model package is a warning (AWS Marketplace packages are rejected, Model Registry ones are not)', () => {
  const { stack } = envStack();
  const pkg = new sagemaker.Model(stack, 'Pkg', {
    containers: [{ modelPackage: sagemaker.ModelPackage.fromModelPackageArn(stack, 'P', 'arn:aws:sagemaker:us-west-2:123456789012:model-package/churn/1') }],
  });
  new sagemaker.EndpointConfig(stack, 'Config', {
    instanceProductionVariants: [{ variantName: 'main', model: pkg, instanceType: sagemaker.InstanceType.M5_LARGE }],
    asyncInference: { outputBucket: s3.Bucket.fromBucketName(stack, 'Out', 'async-out') },
  });
  const warnings = Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('marketplacePackageAsync'));
  expect(warnings.map(w => w.entry.data)).toEqual([expect.stringContaining("variant 'main': its model uses a model package "
    + '(containers[0].modelPackage); SageMaker does not support AWS Marketplace images with asyncInference (async_inference)')]);
});
