import * as cdk from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sagemaker from '../src';
import { cfnLintProblems, fixture, libraryResourceIdsOf } from './util';

/*
 * A corpus of configurations written from the SageMaker and CloudFormation documentation
 * (sagemaker-constraints.md): every invalid one must fail at synth with a message naming the
 * property; every valid one must synthesize and pass cfn-lint. The rejection rate is printed.
 */

function stack(account = '123456789012'): cdk.Stack {
  return new cdk.Stack(new cdk.App(), 'Corpus', { env: { account, region: 'us-east-1' } });
}
const image = () => sagemaker.ContainerImage.fromDlc('pytorch-inference', '2.1-cpu');
const model = (s: cdk.Stack, props: Partial<sagemaker.ModelProps> = {}, id = 'Model') =>
  new sagemaker.Model(s, id, { containers: [{ image: image() }], ...props });
const bucket = (s: cdk.Stack) => s3.Bucket.fromBucketName(s, 'Bucket', 'artifacts');
const vpc = (s: cdk.Stack) => ec2.Vpc.fromVpcAttributes(s, 'Vpc', { vpcId: 'vpc-0123456789abcdef0', availabilityZones: ['us-east-1a'], privateSubnetIds: ['subnet-0123456789abcdef0'] });
const config = (s: cdk.Stack, variant: Partial<sagemaker.InstanceProductionVariantProps> = {}, props: Partial<sagemaker.EndpointConfigProps> = {}) =>
  new sagemaker.EndpointConfig(s, 'Config', {
    instanceProductionVariants: [{ variantName: 'a', model: model(s), instanceType: sagemaker.InstanceType.M5_LARGE, ...variant }], ...props,
  });
const serverless = (s: cdk.Stack, v: Partial<sagemaker.ServerlessProductionVariantProps> = {}, m?: sagemaker.IModel) =>
  new sagemaker.EndpointConfig(s, 'Config', {
    serverlessProductionVariant: { variantName: 's', model: m ?? model(s), maxConcurrency: 10, memorySizeInMB: 2048, ...v },
  });
const variant = (s: cdk.Stack, v: Partial<sagemaker.InstanceProductionVariantProps> = {}) =>
  new sagemaker.Endpoint(s, 'Endpoint', { endpointConfig: config(s, v) }).findInstanceProductionVariant('a');
const synth = (s: cdk.Stack) => Template.fromStack(s);

const INVALID: Array<[string, RegExp, () => unknown]> = [
  ['model name with underscore', /modelName/, () => model(stack(), { modelName: 'my_model' })],
  ['model name of 64 characters', /modelName/, () => model(stack(), { modelName: 'm'.repeat(64) })],
  ['model without containers', /containers/, () => { const s = stack(); new sagemaker.Model(s, 'M'); synth(s); }],
  ['16 containers', /containers/, () => {
    const s = stack();
    model(s, { containers: Array.from({ length: 16 }, (_, i) => ({ image: image(), containerHostname: `c${i}` })) });
    synth(s);
  }],
  ['hostname with a dot', /containerHostname/, () => model(stack(), { containers: [{ image: image(), containerHostname: 'a.b' }] })],
  ['environment key with a hyphen', /environment key/, () => model(stack(), { containers: [{ image: image(), environment: { 'MY-KEY': 'v' } }] })],
  ['environment value of 2000 characters', /environment\['V'\]/, () => model(stack(), { containers: [{ image: image(), environment: { V: 'x'.repeat(2000) } }] })],
  ['101 environment entries', /environment: got 101 entries; allowed at most 100/, () => {
    const env: Record<string, string> = {};
    for (let i = 0; i < 101; i++) env[`K${i}`] = 'v';
    model(stack(), { containers: [{ image: image(), environment: env }] });
  }],
  ['environment value that is a number', /environment\['N'\] must be a string/, () => model(stack(), { containers: [{ image: image(), environment: { N: 1 as unknown as string } }] })],
  ['DIRECT with one container', /inferenceExecutionMode/, () => { const s = stack(); model(s, { inferenceExecutionMode: sagemaker.InferenceExecutionMode.DIRECT }); synth(s); }],
  ['DIRECT without hostnames', /containerHostname/, () => {
    const s = stack();
    model(s, { inferenceExecutionMode: sagemaker.InferenceExecutionMode.DIRECT, containers: [{ image: image() }, { image: image() }] });
    synth(s);
  }],
  ['pipeline with one hostname missing', /containerHostname/, () => {
    const s = stack();
    model(s, { containers: [{ image: image(), containerHostname: 'a' }, { image: image() }] });
    synth(s);
  }],
  ['two multi-model containers', /MULTI_MODEL/, () => {
    const s = stack();
    const data = sagemaker.ModelData.fromBucket(bucket(s), 'm/', { s3DataType: sagemaker.S3DataType.S3_PREFIX });
    model(s, { containers: [1, 2].map(i => ({ image: image(), containerHostname: `c${i}`, mode: sagemaker.ContainerMode.MULTI_MODEL, modelData: data })) });
    synth(s);
  }],
  ['multi-model container with one object', /s3DataType/, () => {
    const s = stack();
    model(s, { containers: [{ image: image(), mode: sagemaker.ContainerMode.MULTI_MODEL, modelData: sagemaker.ModelData.fromBucket(bucket(s), 'm.tar.gz') }] });
  }],
  ['gzip prefix in a single-model container', /compressionType/, () => {
    const s = stack();
    model(s, { containers: [{ image: image(), modelData: sagemaker.ModelData.fromBucket(bucket(s), 'p/', { s3DataType: sagemaker.S3DataType.S3_PREFIX }) }] });
  }],
  ['model cache without multi-model', /modelCacheEnabled/, () => model(stack(), { containers: [{ image: image(), modelCacheEnabled: true }] })],
  ['security groups without a VPC', /securityGroups/, () => {
    const s = stack();
    model(s, { securityGroups: [ec2.SecurityGroup.fromSecurityGroupId(s, 'Sg', 'sg-1')] });
  }],
  ['six security groups', /securityGroups/, () => {
    const s = stack();
    model(s, { vpc: vpc(s), securityGroups: [1, 2, 3, 4, 5, 6].map(i => ec2.SecurityGroup.fromSecurityGroupId(s, `Sg${i}`, `sg-0123456789abcdef${i}`)) });
    synth(s);
  }],
  ['private registry without a VPC', /vpc/, () => model(stack(), { containers: [{ image: sagemaker.ContainerImage.fromRegistry('r.example.com/m:1') }] })],
  ['image URI with a space', /imageUri/, () => {
    const s = stack();
    model(s, { vpc: vpc(s), containers: [{ image: sagemaker.ContainerImage.fromRegistry('r.example.com/m 1') }] });
  }],
  ['image and model package', /'image' and 'modelPackage'/, () => {
    const s = stack();
    const pkg = sagemaker.ModelPackage.fromModelPackageArn(s, 'P', 'arn:aws:sagemaker:us-east-1:123456789012:model-package/p/1');
    model(s, { containers: [{ image: image(), modelPackage: pkg }] });
  }],
  ['model package ARN with a space', /modelPackageArn/, () => sagemaker.ModelPackage.fromModelPackageArn(stack(), 'P', 'arn:aws:sagemaker:us-east-1:123456789012:model-package/p 1')],
  ['model data directory asset', /Asset must be a file/, () => model(stack(), { containers: [{ image: image(), modelData: sagemaker.ModelData.fromAsset(fixture('model-dir')) }] })],
  ['variant name with underscore', /variantName/, () => config(stack(), { variantName: 'a_b' })],
  ['eleven variants', /instanceProductionVariants/, () => {
    const s = stack();
    const m = model(s);
    new sagemaker.EndpointConfig(s, 'Config', { instanceProductionVariants: Array.from({ length: 11 }, (_, i) => ({ variantName: `v${i}`, model: m })) });
    synth(s);
  }],
  ['duplicate variant names', /variantName \(variant_name\): got 'a'; allowed a name unique within the endpoint configuration/, () => {
    const s = stack();
    const m = model(s);
    new sagemaker.EndpointConfig(s, 'Config', { instanceProductionVariants: [{ variantName: 'a', model: m }, { variantName: 'a', model: m }] });
  }],
  ['zero instances', /initialInstanceCount/, () => config(stack(), { initialInstanceCount: 0 })],
  ['negative weight', /initialVariantWeight/, () => config(stack(), { initialVariantWeight: -1 })],
  ['health check of 30 s', /containerStartupHealthCheckTimeout/, () => config(stack(), { containerStartupHealthCheckTimeout: cdk.Duration.seconds(30) })],
  ['health check of 2 h', /containerStartupHealthCheckTimeout/, () => config(stack(), { containerStartupHealthCheckTimeout: cdk.Duration.hours(2) })],
  ['Elastic Inference accelerator', /acceleratorType/, () => config(stack(), { acceleratorType: sagemaker.AcceleratorType.EIA1_MEDIUM })],
  ['instance type without ml.', /instance type must start with 'ml.'/, () => sagemaker.InstanceType.of('m5.large')],
  ['endpoint config name with a space', /endpointConfigName/, () => config(stack(), {}, { endpointConfigName: 'my config' })],
  ['serverless memory 512 MB', /memorySizeInMB/, () => serverless(stack(), { memorySizeInMB: 512 })],
  ['serverless memory 1500 MB', /memorySizeInMB/, () => serverless(stack(), { memorySizeInMB: 1500 })],
  ['serverless max concurrency 300', /maxConcurrency/, () => serverless(stack(), { maxConcurrency: 300 })],
  ['serverless provisioned concurrency 0', /provisionedConcurrency/, () => serverless(stack(), { provisionedConcurrency: 0 })],
  ['provisioned above max concurrency', /provisionedConcurrency/, () => serverless(stack(), { provisionedConcurrency: 11 })],
  ['serverless and instance variants', /serverlessProductionVariant/, () => {
    const s = stack();
    const m = model(s);
    new sagemaker.EndpointConfig(s, 'Config', {
      instanceProductionVariants: [{ variantName: 'a', model: m }],
      serverlessProductionVariant: { variantName: 's', model: m, maxConcurrency: 1, memorySizeInMB: 1024 },
    });
  }],
  ['serverless model in a VPC', /vpc/, () => { const s = stack(); serverless(s, {}, model(s, { vpc: vpc(s) })); synth(s); }],
  ['serverless multi-container model', /containers/, () => {
    const s = stack();
    serverless(s, {}, model(s, { containers: [{ image: image(), containerHostname: 'a' }, { image: image(), containerHostname: 'b' }] }));
    synth(s);
  }],
  ['model of another account', /account/, () => {
    const app = new cdk.App();
    const a = new cdk.Stack(app, 'A', { env: { account: '111111111111', region: 'us-east-1' } });
    const b = new cdk.Stack(app, 'B', { env: { account: '222222222222', region: 'us-east-1' } });
    new sagemaker.EndpointConfig(b, 'Config', { instanceProductionVariants: [{ variantName: 'a', model: model(a) }] });
  }],
  ['endpoint name of 64 characters', /endpointName/, () => { const s = stack(); new sagemaker.Endpoint(s, 'E', { endpointConfig: config(s), endpointName: 'e'.repeat(64) }); }],
  ['autoscaling a burstable type', /instanceType/, () => variant(stack(), { instanceType: sagemaker.InstanceType.T2_MEDIUM }).autoScaleInstanceCount({ maxCapacity: 2 })],
  ['autoscaling min above initial count', /minCapacity/, () => variant(stack()).autoScaleInstanceCount({ minCapacity: 2, maxCapacity: 3 })],
  ['autoscaling max below initial count', /maxCapacity/, () => variant(stack(), { initialInstanceCount: 3 }).autoScaleInstanceCount({ maxCapacity: 2 })],
  ['autoscaling min 0', /minCapacity/, () => variant(stack()).autoScaleInstanceCount({ minCapacity: 0, maxCapacity: 2 })],
  ['safety factor 0', /[Ss]afety factor/, () => variant(stack()).autoScaleInstanceCount({ maxCapacity: 2 }).scaleOnInvocations('P', { maxRequestsPerSecond: 5, safetyFactor: 0 })],
  ['safety factor 1.5', /[Ss]afety factor/, () => variant(stack()).autoScaleInstanceCount({ maxCapacity: 2 }).scaleOnInvocations('P', { maxRequestsPerSecond: 5, safetyFactor: 1.5 })],
  ['provisioned-concurrency scaling without provisioned concurrency', /provisionedConcurrency/, () => {
    const s = stack();
    new sagemaker.Endpoint(s, 'E', { endpointConfig: serverless(s) }).findServerlessProductionVariant('s').autoScaleProvisionedConcurrency({ maxCapacity: 2 });
  }],
  ['tag key aws:', /tag key 'aws:x'/, () => { const s = stack(); model(s); cdk.Tags.of(s).add('aws:x', 'y'); synth(s); }],
  ['51 tags', /tags: got 51; allowed at most 50/, () => { const s = stack(); model(s); for (let i = 0; i < 51; i++) cdk.Tags.of(s).add(`k${i}`, 'v'); synth(s); }],
  ['pipeline name with underscore', /pipeline name/, () => sagemaker.Pipeline.fromPipelineName(stack(), 'P', 'a_b')],
  ['security group given by name', /security group id/, () => {
    const s = stack();
    model(s, { vpc: vpc(s), securityGroups: [ec2.SecurityGroup.fromSecurityGroupId(s, 'Sg', 'inference-sg')] });
    synth(s);
  }],
  ['subnet id with an underscore', /subnet id/, () => {
    const s = stack();
    model(s, { vpc: ec2.Vpc.fromVpcAttributes(s, 'V', { vpcId: 'vpc-0123456789abcdef0', availabilityZones: ['us-east-1a'], privateSubnetIds: ['subnet_0123'] }) });
    synth(s);
  }],
  ['execution role that is an IAM user', /role must be an IAM role/, () => {
    const s = stack();
    model(s, { role: iam.Role.fromRoleArn(s, 'R', 'arn:aws:iam::123456789012:user/alice') });
  }],
  ['execution role ARN with a short account', /role must be an IAM role/, () => {
    const s = stack();
    model(s, { role: iam.Role.fromRoleArn(s, 'R', 'arn:aws:iam::1234:role/x') });
  }],
  ['KMS key ARN with a space', /encryptionKey/, () => {
    const s = stack();
    config(s, {}, { encryptionKey: kms.Key.fromKeyArn(s, 'K', 'arn:aws:kms:us-east-1:123456789012:key/abc def') });
  }],
  ['model data object with an empty key', /objectKey/, () => {
    const s = stack();
    model(s, { containers: [{ image: image(), modelData: sagemaker.ModelData.fromBucket(bucket(s), '') }] });
  }],
  ['model data key over 1024 bytes', /objectKey/, () => {
    const s = stack();
    model(s, { containers: [{ image: image(), modelData: sagemaker.ModelData.fromBucket(bucket(s), `${'k'.repeat(1025)}.tar.gz`) }] });
  }],
  ['model package ARN that names a model', /modelPackageArn/, () => sagemaker.ModelPackage.fromModelPackageArn(stack(), 'P', 'arn:aws:sagemaker:us-east-1:123456789012:model/churn')],
  ['ECR digest that is too short', /digest/, () => {
    const s = stack();
    model(s, { containers: [{ image: sagemaker.ContainerImage.fromEcrRepository(ecr.Repository.fromRepositoryName(s, 'Repo', 'r'), 'sha256:abc123') }] });
  }],
  ['DLC tag starting with a hyphen', /tag/, () => model(stack(), { containers: [{ image: sagemaker.ContainerImage.fromDlc('pytorch-inference', '-2.1') }] })],
  ['ECR image tag with a space', /tag/, () => {
    const s = stack();
    model(s, { containers: [{ image: sagemaker.ContainerImage.fromEcrRepository(ecr.Repository.fromRepositoryName(s, 'Repo', 'r'), 'v 1') }] });
  }],
];

const VALID: Array<[string, (s: cdk.Stack) => void]> = [
  ['63-character names with double hyphens', s => {
    const m = model(s, { modelName: `a--${'b'.repeat(60)}` });
    new sagemaker.Endpoint(s, 'E', {
      endpointName: 'E'.repeat(63),
      endpointConfig: new sagemaker.EndpointConfig(s, 'C', { endpointConfigName: 'c-1', instanceProductionVariants: [{ variantName: 'v--1', model: m }] }),
    });
  }],
  ['15-container pipeline', s => { model(s, { containers: Array.from({ length: 15 }, (_, i) => ({ image: image(), containerHostname: `c${i}` })) }); }],
  ['100 environment entries of 1024 characters within 32 KB', s => {
    const env: Record<string, string> = {};
    for (let i = 0; i < 30; i++) env[`K${i}`] = 'v'.repeat(1024);
    env._UNDERSCORE_FIRST = '';
    model(s, { containers: [{ image: image(), environment: env }] });
  }],
  ['10 variants, weights 0 and fractional', s => {
    const m = model(s);
    new sagemaker.EndpointConfig(s, 'C', {
      instanceProductionVariants: Array.from({ length: 10 }, (_, i) => ({
        variantName: `v${i}`, model: m, initialVariantWeight: i === 0 ? 0 : i / 3, instanceType: sagemaker.InstanceType.C5_XLARGE,
      })),
    });
  }],
  ['health check 60 s and 3600 s', s => {
    const m = model(s);
    new sagemaker.EndpointConfig(s, 'C', {
      instanceProductionVariants: [
        { variantName: 'a', model: m, containerStartupHealthCheckTimeout: cdk.Duration.seconds(60) },
        { variantName: 'b', model: m, containerStartupHealthCheckTimeout: cdk.Duration.hours(1) },
      ],
    });
  }],
  ['serverless at the limits', s => { serverless(s, { memorySizeInMB: 6144, maxConcurrency: 200, provisionedConcurrency: 200 }); }],
  ['serverless minimum', s => { serverless(s, { memorySizeInMB: 1024, maxConcurrency: 1, provisionedConcurrency: 1 }); }],
  ['five security groups in a VPC', s => {
    model(s, { vpc: vpc(s), securityGroups: [1, 2, 3, 4, 5].map(i => ec2.SecurityGroup.fromSecurityGroupId(s, `Sg${i}`, `sg-0123456789abcdef${i}`)) });
  }],
  ['multi-model prefix with cache off', s => {
    model(s, {
      containers: [{
        image: image(),
        mode: sagemaker.ContainerMode.MULTI_MODEL,
        modelCacheEnabled: false,
        modelData: sagemaker.ModelData.fromBucket(bucket(s), 'tenants/', { s3DataType: sagemaker.S3DataType.S3_PREFIX }),
      }],
    });
  }],
  ['uncompressed prefix with EULA', s => {
    model(s, {
      containers: [{
        image: image(),
        modelData: sagemaker.ModelData.fromBucket(bucket(s), 'llm/', {
          s3DataType: sagemaker.S3DataType.S3_PREFIX, compressionType: sagemaker.CompressionType.NONE, acceptEula: true,
        }),
      }],
    });
  }],
  ['autoscaling min = initial = 1, max 10, safety factor 1', s => {
    variant(s).autoScaleInstanceCount({ minCapacity: 1, maxCapacity: 10 }).scaleOnInvocations('P', { maxRequestsPerSecond: 1, safetyFactor: 1 });
  }],
  ['role with a path, KMS alias, 8-digit security group and subnet ids', s => {
    const m = model(s, {
      role: iam.Role.fromRoleArn(s, 'R', 'arn:aws:iam::123456789012:role/service-role/sagemaker-execution'),
      vpc: ec2.Vpc.fromVpcAttributes(s, 'V', { vpcId: 'vpc-0123456789abcdef0', availabilityZones: ['us-east-1a'], privateSubnetIds: ['subnet-0a1b2c3d'] }),
      securityGroups: [ec2.SecurityGroup.fromSecurityGroupId(s, 'Sg', 'sg-0a1b2c3d')],
    });
    new sagemaker.EndpointConfig(s, 'C', {
      encryptionKey: kms.Key.fromKeyArn(s, 'K', 'arn:aws:kms:us-east-1:123456789012:alias/sagemaker'),
      instanceProductionVariants: [{ variantName: 'a', model: m, instanceType: sagemaker.InstanceType.C5_XLARGE }],
    });
  }],
  ['multi-model endpoint on a documented GPU type, image by digest', s => {
    const m = model(s, {
      containers: [{
        image: sagemaker.ContainerImage.fromEcrRepository(ecr.Repository.fromRepositoryName(s, 'Repo', 'triton'), `sha256:${'ab'.repeat(32)}`),
        mode: sagemaker.ContainerMode.MULTI_MODEL,
        modelData: sagemaker.ModelData.fromBucket(bucket(s), 'tenants/', { s3DataType: sagemaker.S3DataType.S3_PREFIX }),
      }],
    });
    new sagemaker.EndpointConfig(s, 'C', { instanceProductionVariants: [{ variantName: 'a', model: m, instanceType: sagemaker.InstanceType.G5_XLARGE }] });
  }],
  ['50 tags with unicode letters and spaces', s => {
    model(s);
    for (let i = 0; i < 49; i++) cdk.Tags.of(s).add(`k${i}`, 'v');
    cdk.Tags.of(s).add('Équipe données', 'prod:eu-west/1 @ml');
  }],
];

describe('documented invalid configurations are rejected at synth, naming the property', () => {
  test.each(INVALID)('%s', (_name, property, build) => {
    expect(build).toThrow(property);
    expectLibraryError(build);
  });
});

/**
 * What every error of the library looks like: recognised by `cdk.Errors.isValidationError`, and each
 * problem in one shape, `<what is wrong> (<property>: got <value>; allowed <what>) [rule: <id>]`, after
 * the construct path (`<path>: ` when thrown, `[<path>] ` in the CDK's synth report).
 */
function expectLibraryError(build: () => unknown): void {
  let error: unknown;
  try {
    build();
  } catch (e) {
    error = e;
  }
  expect(cdk.Errors.isValidationError(error)).toBe(true);
  const message = (error as Error).message;
  if (!message.startsWith('Validation failed with the following errors:')) {
    // aws-cdk-lib's own ValidationError: named after the (first) rule, with the construct path it names
    const validationError = error as cdk.ValidationError;
    expect(message).toContain(`[rule: ${validationError.name}]`);
    if (validationError.constructPath !== undefined) {
      expect(message.startsWith(`${validationError.constructPath}: `)).toBe(true);
    } else {
      expect(message).toMatch(/^(InstanceType|AcceleratorType|A DeploymentStrategy)\b/);
    }
  }
  const problems = message.startsWith('Validation failed with the following errors:')
    ? message.split('\n').slice(1).map(line => line.trim())
    : message.split('\n').map(line => line.replace(/^\s+- /, ''));
  for (const problem of problems.filter(p => !/^[^ ]+: \d+ problems:$/.test(p))) {
    expect(problem).toMatch(/^(\[[^\]]+\] |[^ ]+: )?.+ \(.+: got .+; allowed .+\) \[rule: [\w.:-]+\]$/);
  }
}

describe('every error the library throws is a recognisable validation error of one shape', () => {
  const endpointOf = (s: cdk.Stack) => new sagemaker.Endpoint(s, 'E', { endpointConfig: config(s) });
  test.each<[string, () => unknown]>([
    ['an unknown instance variant', () => endpointOf(stack()).findInstanceProductionVariant('nope')],
    ['an unknown serverless variant', () => endpointOf(stack()).findServerlessProductionVariant('nope')],
    ['variants of an imported configuration', () => {
      const s = stack();
      new sagemaker.Endpoint(s, 'E', { endpointConfig: sagemaker.EndpointConfig.fromEndpointConfigName(s, 'C', 'c') }).instanceProductionVariants;
    }],
    ['connections of a model without a VPC', () => sagemaker.Model.fromModelName(stack(), 'M', 'm').connections],
    ['an asset image in two stacks', () => {
      const asset = sagemaker.ContainerImage.fromAsset(fixture('image'));
      const app = new cdk.App();
      new sagemaker.Model(new cdk.Stack(app, 'One'), 'M', { containers: [{ image: asset }] });
      new sagemaker.Model(new cdk.Stack(app, 'Two'), 'M', { containers: [{ image: asset }] });
    }],
    ['model data from a directory', () => model(stack(), { containers: [{ image: image(), modelData: sagemaker.ModelData.fromAsset(fixture('model-dir')) }] })],
    ['an instance type without ml.', () => sagemaker.InstanceType.of('m5.large')],
    ['an accelerator type without ml.', () => sagemaker.AcceleratorType.of('eia2.medium')],
    ['several problems of one variant', () => config(stack(), { initialInstanceCount: 0, initialVariantWeight: -1 })],
    ['several problems of one model', () => model(stack(), { modelName: 'a_b', securityGroups: [] })],
  ])('%s', (_name, build) => {
    expectLibraryError(build);
  });
});

describe('documented valid configurations synthesize and pass cfn-lint', () => {
  const templates: Record<string, unknown> = {};
  const library: Record<string, Set<string>> = {};
  test.each(VALID)('%s', (name, build) => {
    const s = stack();
    build(s);
    templates[name] = Template.fromStack(s).toJSON();
    library[name] = libraryResourceIdsOf(s);
  });
  test('cfn-lint: no error on any of them, and no warning on a resource of the library', () => {
    expect(Object.keys(templates)).toHaveLength(VALID.length);
    expect(Object.values(library).every(ids => ids.size > 0)).toBe(true);
    expect(cfnLintProblems(templates, library)).toEqual([]);
  });
});
