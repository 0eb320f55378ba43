import * as cdk from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sagemaker from '../src';
import { envStack, errorMessage, fixture, statements } from './util';
import { md5hex } from '../src/private/md5';

function modelWith(stack: cdk.Stack, modelData: sagemaker.ModelData, id = 'Model'): sagemaker.Model {
  const image = sagemaker.ContainerImage.fromEcrRepository(ecr.Repository.fromRepositoryName(stack, `${id}Repo`, 'repo'));
  return new sagemaker.Model(stack, id, { containers: [{ image, modelData }] });
}

/** The S3 statements of the model's role. */
function prefixStatements(template: Template): any[] {
  return statements(template).filter(st => JSON.stringify(st.Action).includes('s3:'));
}

/** What the role of a model reading every object under `prefix` of the bucket 'artifacts' is granted. */
function prefixGrant(prefix: string): any[] {
  return [
    {
      Effect: 'Allow',
      Action: 's3:GetObject',
      Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:s3:::artifacts/${prefix}*`]] },
    },
    {
      Effect: 'Allow',
      Action: 's3:ListBucket',
      Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::artifacts']] },
      Condition: { StringLike: { 's3:prefix': [`${prefix}*`] } },
    },
  ];
}

describe('ModelData.fromBucket', () => {
  test('an object renders ModelDataUrl and grants s3:GetObject on exactly that object', () => {
    const { stack } = envStack();
    const bucket = s3.Bucket.fromBucketName(stack, 'Bucket', 'artifacts');
    modelWith(stack, sagemaker.ModelData.fromBucket(bucket, 'models/v1/model.tar.gz'));
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::SageMaker::Model', {
      PrimaryContainer: {
        ModelDataUrl: { 'Fn::Join': ['', ['https://s3.us-west-2.', { Ref: 'AWS::URLSuffix' }, '/artifacts/models/v1/model.tar.gz']] },
        ModelDataSource: Match.absent(),
      },
    });
    const s3Statements = statements(template).filter(s => JSON.stringify(s.Action).includes('s3:'));
    expect(s3Statements).toEqual([{
      Effect: 'Allow',
      Action: 's3:GetObject',
      Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::artifacts/models/v1/model.tar.gz']] },
    }]);
  });

  test('an uncompressed prefix renders ModelDataSource as the alpha renders it and grants the prefix and a conditioned ListBucket', () => {
    const { stack } = envStack();
    const bucket = s3.Bucket.fromBucketName(stack, 'Bucket', 'artifacts');
    modelWith(stack, sagemaker.ModelData.fromBucket(bucket, 'llama/weights/', {
      s3DataType: sagemaker.S3DataType.S3_PREFIX,
      compressionType: sagemaker.CompressionType.NONE,
      acceptEula: true,
    }));
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::SageMaker::Model', {
      PrimaryContainer: {
        ModelDataUrl: Match.absent(),
        ModelDataSource: {
          S3DataSource: {
            S3Uri: { 'Fn::Join': ['', ['https://s3.us-west-2.', { Ref: 'AWS::URLSuffix' }, '/artifacts/llama/weights/']] },
            S3DataType: 'S3Prefix',
            CompressionType: 'None',
            ModelAccessConfig: { AcceptEula: true },
          },
        },
      },
    });
    expect(prefixStatements(template)).toEqual(prefixGrant('llama/weights/'));
    Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
  });

  test('a prefix without a trailing / renders as given, is read as S3 reads a prefix, and is warned about', () => {
    const { stack } = envStack();
    const bucket = s3.Bucket.fromBucketName(stack, 'Bucket', 'artifacts');
    modelWith(stack, sagemaker.ModelData.fromBucket(bucket, 'llama/weights', {
      s3DataType: sagemaker.S3DataType.S3_PREFIX,
      compressionType: sagemaker.CompressionType.NONE,
    }));
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::SageMaker::Model', {
      PrimaryContainer: {
        ModelDataSource: {
          S3DataSource: { S3Uri: { 'Fn::Join': ['', ['https://s3.us-west-2.', { Ref: 'AWS::URLSuffix' }, '/artifacts/llama/weights']] } },
        },
      },
    });
    expect(prefixStatements(template)).toEqual(prefixGrant('llama/weights'));
    expect(Annotations.fromStack(stack).findWarning('*', Match.anyValue()).map(w => w.entry.data)).toEqual([
      "ModelData.fromBucket() (ModelData.from_bucket()) objectKey (object_key) 'llama/weights' is an S3 prefix without a trailing '/': "
      + "it names every key that begins with 'llama/weights' ('llama/weights-old/model.tar.gz' too), and the execution role may read all "
      + "of them. End the key with '/' to name the folder 'llama/weights/'. [rule: modelData.objectKey.prefixWithoutSlash] "
      + '[ack: cdk-sagemaker-hosting:prefixWithoutSlash]',
    ]);
  });

  test('a gzip object with acceptEula renders ModelDataSource (ModelDataUrl has no EULA field)', () => {
    const { stack } = envStack();
    const bucket = s3.Bucket.fromBucketName(stack, 'Bucket', 'artifacts');
    modelWith(stack, sagemaker.ModelData.fromBucket(bucket, 'gated.tar.gz', { acceptEula: true }));
    Template.fromStack(stack).hasResourceProperties('AWS::SageMaker::Model', {
      PrimaryContainer: {
        ModelDataSource: {
          S3DataSource: { S3DataType: 'S3Object', CompressionType: 'Gzip', ModelAccessConfig: { AcceptEula: true } },
        },
      },
    });
  });

  test('a gzip prefix in a single-model container is rejected', () => {
    const { stack } = envStack();
    const bucket = s3.Bucket.fromBucketName(stack, 'Bucket', 'artifacts');
    expect(() => modelWith(stack, sagemaker.ModelData.fromBucket(bucket, 'p/', { s3DataType: sagemaker.S3DataType.S3_PREFIX })))
      .toThrow(/TestStack\/Model: containers\[0\]: SageMaker only extracts a single .tar.gz object, so model data with s3DataType S3DataType.S3_PREFIX must be uncompressed for a SINGLE_MODEL container \(containers\[0\]\.modelData \(containers\[0\]\.model_data\) compressionType \(compression_type\): got 'Gzip'; allowed CompressionType.NONE\)/);
  });

  test('a bucket with a KMS key adds kms:Decrypt on that key', () => {
    const { stack } = envStack();
    const key = new kms.Key(stack, 'Key');
    const bucket = new s3.Bucket(stack, 'Bucket', { encryptionKey: key });
    modelWith(stack, sagemaker.ModelData.fromBucket(bucket, 'model.tar.gz'));
    expect(statements(Template.fromStack(stack))).toContainEqual({
      Effect: 'Allow',
      Action: 'kms:Decrypt',
      Resource: { 'Fn::GetAtt': ['Key961B73FD', 'Arn'] },
    });
  });
});

describe('ModelData.fromAsset', () => {
  test('a .tar.gz renders ModelDataUrl, keeps the alpha id, and grants the object only', () => {
    const { stack } = envStack();
    const model = modelWith(stack, sagemaker.ModelData.fromAsset(fixture('model.tar.gz')));
    expect(model.node.tryFindChild(`ModelData${md5hex(fixture('model.tar.gz'))}`)).toBeDefined();
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::SageMaker::Model', {
      PrimaryContainer: {
        ModelDataUrl: { 'Fn::Sub': Match.stringLikeRegexp('^https://s3.us-west-2.\\$\\{AWS::URLSuffix\\}/cdk-hnb659fds-assets-123456789012-us-west-2/[0-9a-f]{64}\\.gz$') },
      },
    });
    const get = statements(template).find(s => s.Action === 's3:GetObject');
    expect(JSON.stringify(get.Resource)).toMatch(/cdk-hnb659fds-assets-123456789012-us-west-2\/[0-9a-f]{64}\.gz/);
  });

  test('another single file renders ModelDataSource with CompressionType None', () => {
    const { stack } = envStack();
    modelWith(stack, sagemaker.ModelData.fromAsset(fixture('weights.txt')));
    Template.fromStack(stack).hasResourceProperties('AWS::SageMaker::Model', {
      PrimaryContainer: {
        ModelDataUrl: Match.absent(),
        ModelDataSource: {
          S3DataSource: {
            S3DataType: 'S3Object',
            CompressionType: 'None',
            S3Uri: { 'Fn::Sub': Match.stringLikeRegexp('[0-9a-f]{64}\\.txt$') },
          },
        },
      },
    });
  });

  test('a directory is rejected with the upstream text', () => {
    const { stack } = envStack();
    expect(() => modelWith(stack, sagemaker.ModelData.fromAsset(fixture('model-dir'))))
      .toThrow(/TestStack\/Model: ModelData.fromAsset\('.*model-dir'\): Asset must be a file, if you want to use directory you can use 'ModelData.fromBucket\(\)' with the 's3DataType' option to 'S3DataType.S3_PREFIX' and 'compressionType' option to 'CompressionType.NONE'/);
  });

  test('one asset used by two models in a stack is uploaded once', () => {
    const { stack } = envStack();
    const data = sagemaker.ModelData.fromAsset(fixture('model.tar.gz'));
    modelWith(stack, data, 'A');
    modelWith(stack, data, 'B');
    const models = Object.values(Template.fromStack(stack).findResources('AWS::SageMaker::Model'));
    expect(models[0].Properties.PrimaryContainer.ModelDataUrl).toEqual(models[1].Properties.PrimaryContainer.ModelDataUrl);
  });

  test('one asset used in two stacks is a clear error', () => {
    const app = new cdk.App();
    const data = sagemaker.ModelData.fromAsset(fixture('model.tar.gz'));
    modelWith(new cdk.Stack(app, 'One'), data);
    expect(() => modelWith(new cdk.Stack(app, 'Two'), data))
      .toThrow(/Two\/Model: ModelData.fromAsset\('.*model.tar.gz'\) is already used by a model in stack 'One'/);
  });
});

describe('ModelData.fromBucket: prefix-like keys and regions', () => {
  test('a key ending with / and the default S3_OBJECT type reads the prefix, renders as the alpha renders it, and is warned about', () => {
    const { stack } = envStack();
    const bucket = s3.Bucket.fromBucketName(stack, 'Bucket', 'artifacts');
    const model = modelWith(stack, sagemaker.ModelData.fromBucket(bucket, 'models/'));
    // A multi-model container set through an escape hatch, as apps written for the alpha do.
    (model.node.defaultChild as cdk.CfnResource).addPropertyOverride('PrimaryContainer.Mode', 'MultiModel');
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::SageMaker::Model', {
      PrimaryContainer: {
        Mode: 'MultiModel',
        ModelDataUrl: { 'Fn::Join': ['', ['https://s3.us-west-2.', { Ref: 'AWS::URLSuffix' }, '/artifacts/models/']] },
      },
    });
    expect(prefixStatements(template)).toEqual(prefixGrant('models/'));
    expect(Annotations.fromStack(stack).findWarning('/TestStack/Model', Match.anyValue()).map(w => w.entry.data)).toEqual([
      "ModelData.fromBucket() (ModelData.from_bucket()) objectKey (object_key) 'models/' ends with '/' but s3DataType (s3_data_type) is "
      + 'S3DataType.S3_OBJECT (the default), which names a single object of that literal key. The execution role may read every object '
      + "under 'models/', since only a container that reads a prefix (a multi-model container) can use it; set s3DataType to "
      + 'S3DataType.S3_PREFIX to say so. [rule: modelData.objectKey.prefixAsObject] [ack: cdk-sagemaker-hosting:objectKeyIsPrefix]',
    ]);
  });

  test.each([
    ['s3://acme/churn/model.tar.gz', "the key inside the bucket, 'churn/model.tar.gz', with the bucket 'acme' as the first argument"],
    ['https://acme.s3.us-west-2.amazonaws.com/churn/model.tar.gz', "the key inside the bucket, 'churn/model.tar.gz', with the bucket 'acme'"],
    ['https://s3.us-west-2.amazonaws.com/acme/churn/model.tar.gz', "the key inside the bucket, 'churn/model.tar.gz', with the bucket 'acme'"],
    ['HTTP://example.com/model.tar.gz', 'the key inside the bucket (s3.Bucket.fromBucketName() (s3.Bucket.from_bucket_name())'],
  ])('a URI given as the key (%s) is an error that names the key to pass', (key, allowed) => {
    const { stack } = envStack();
    const bucket = s3.Bucket.fromBucketName(stack, 'Bucket', 'acme');
    const message = errorMessage(() => modelWith(stack, sagemaker.ModelData.fromBucket(bucket, key)));
    expect(message).toContain('TestStack/Model: ModelData.fromBucket objectKey is a URI, not a key: the bucket is the first argument and '
      + `the key is read inside it (objectKey (object_key): got '${key}'; allowed ${allowed}`);
    expect(message).toMatch(/\) \[rule: modelData\.objectKey\.uri\]$/);
  });

  test('the same key as S3_PREFIX, or a key without /, is not warned about', () => {
    const { stack } = envStack();
    const bucket = s3.Bucket.fromBucketName(stack, 'Bucket', 'artifacts');
    modelWith(stack, sagemaker.ModelData.fromBucket(bucket, 'models/', { s3DataType: sagemaker.S3DataType.S3_PREFIX, compressionType: sagemaker.CompressionType.NONE }));
    modelWith(stack, sagemaker.ModelData.fromBucket(bucket, 'models/model.tar.gz'), 'Other');
    Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('objectKeyIsPrefix'));
  });

  test('a bucket in another known region is an error naming both regions', () => {
    const { stack } = envStack('eu-west-1');
    const bucket = s3.Bucket.fromBucketAttributes(stack, 'Bucket', { bucketName: 'artifacts', region: 'us-east-1' });
    expect(() => modelWith(stack, sagemaker.ModelData.fromBucket(bucket, 'model.tar.gz'))).toThrow(
      'TestStack/Model: ModelData.fromBucket: the bucket is in region us-east-1, the model in region eu-west-1; SageMaker reads '
      + "model data only from a bucket in the model's own region (bucket region: got 'us-east-1'; allowed 'eu-west-1', the region "
      + "of the model's stack: copy the model data to a bucket there)");
  });

  test('an unknown region on either side is not checked', () => {
    const app = new cdk.App();
    const agnostic = new cdk.Stack(app, 'Agnostic');
    const bucket = s3.Bucket.fromBucketAttributes(agnostic, 'Bucket', { bucketName: 'artifacts', region: 'us-east-1' });
    modelWith(agnostic, sagemaker.ModelData.fromBucket(bucket, 'model.tar.gz'));
    const { stack } = envStack('eu-west-1');
    const param = new cdk.CfnParameter(stack, 'Region').valueAsString;
    const tokenBucket = s3.Bucket.fromBucketAttributes(stack, 'Bucket', { bucketName: 'artifacts', region: param });
    modelWith(stack, sagemaker.ModelData.fromBucket(tokenBucket, 'model.tar.gz'));
    Template.fromStack(stack).resourceCountIs('AWS::SageMaker::Model', 1);
    Template.fromStack(agnostic).resourceCountIs('AWS::SageMaker::Model', 1);
  });
});
