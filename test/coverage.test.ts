import * as fs from 'fs';
import * as path from 'path';
import * as cdk from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sagemaker from '../src';
import { cfnLintErrors } from './util';

/*
 * Schema coverage: every writable property path of the four hosting resources, read from the
 * CloudFormation schemas cfn-lint bundles (the pinned version in requirements-dev.txt), must be
 * rendered by a template built here through the typed API, or stand in NOT_OFFERED with its reason.
 * Nothing is "planned" any more: every path not rendered is not offered, with its reason. The README states the counts.
 */

const VENV = path.join(__dirname, '..', '.venv');
const TYPES = ['AWS::SageMaker::Model', 'AWS::SageMaker::EndpointConfig', 'AWS::SageMaker::Endpoint', 'AWS::SageMaker::InferenceComponent'] as const;
type ResourceType = typeof TYPES[number];

const SHADOW_SERVERLESS = 'not offered: shadow tests exclude serverless inference (sagemaker-constraints.md C12); a shadow variant is an instance variant';
const PACKAGE_SPEC = 'not offered: a model package is used with its default inference specification; no typed prop names another one yet';
const HUB = 'not offered: model data from a SageMaker private hub (HubContentArn) has no typed source yet; ModelData.fromBucket reads the S3 object';
const SHADOW_MANAGED = 'not offered: managed instance scaling is for variants that host inference components, and a shadow variant '
  + 'must name a model (shadow tests compare models; sagemaker-constraints.md C12, §10)';

/** The paths not offered through the typed API, with the reason (every other writable path must be rendered). */
const NOT_OFFERED: Record<ResourceType, Record<string, string>> = {
  'AWS::SageMaker::Model': {
    'PrimaryContainer.InferenceSpecificationName': PACKAGE_SPEC,
    'Containers[].InferenceSpecificationName': PACKAGE_SPEC,
    'PrimaryContainer.ModelDataSource.S3DataSource.HubAccessConfig.HubContentArn': HUB,
    'Containers[].ModelDataSource.S3DataSource.HubAccessConfig.HubContentArn': HUB,
  },
  'AWS::SageMaker::EndpointConfig': {
    ...Object.fromEntries(['MaxInstanceCount', 'MinInstanceCount', 'Status', 'ScaleInPolicy.CooldownInMinutes', 'ScaleInPolicy.MaximumStepSize',
      'ScaleInPolicy.Strategy'].map(p => [`ShadowProductionVariants[].ManagedInstanceScaling.${p}`, SHADOW_MANAGED])),
    'ShadowProductionVariants[].ServerlessConfig.MaxConcurrency': SHADOW_SERVERLESS,
    'ShadowProductionVariants[].ServerlessConfig.MemorySizeInMB': SHADOW_SERVERLESS,
    'ShadowProductionVariants[].ServerlessConfig.ProvisionedConcurrency': SHADOW_SERVERLESS,
  },
  'AWS::SageMaker::Endpoint': {},
  'AWS::SageMaker::InferenceComponent': {},
};

/** The folder of the CloudFormation schemas in the cfn-lint of .venv. */
function schemaDir(): string {
  const lib = path.join(VENV, 'lib');
  const python = fs.existsSync(lib) ? fs.readdirSync(lib).find(d => d.startsWith('python')) : undefined;
  const dir = python && path.join(lib, python, 'site-packages', 'cfnlint', 'data', 'schemas');
  if (!dir || !fs.existsSync(dir)) {
    throw new Error(`cfn-lint's schemas not found under ${lib}: run scripts/test.sh (it installs requirements-dev.txt into .venv)`);
  }
  return dir;
}

/** Every writable leaf path of a resource type: `A.B`, `List[].C`; a map or a scalar is a leaf. */
function writablePaths(type: ResourceType): string[] {
  const dir = schemaDir();
  const providers = JSON.parse(fs.readFileSync(path.join(dir, 'providers', 'us-east-1.json'), 'utf-8'));
  const schema = JSON.parse(fs.readFileSync(path.join(dir, 'resources', `${providers[type]}.json`), 'utf-8'));
  // `/properties/Specifications/*/CurrentDataCacheConfig` is the path `Specifications[].CurrentDataCacheConfig`
  const readOnly = new Set<string>((schema.readOnlyProperties ?? []).map((p: string) => p.replace('/properties/', '').replace(/\/\*/g, '[]')
    .replace(/\//g, '.')));
  const out: string[] = [];
  const walk = (node: any, prefix: string): void => {
    const def = node.$ref ? schema.definitions[node.$ref.split('/').pop()] : node;
    if (def.type === 'array' && def.items) {
      return walk(def.items, `${prefix}[]`);
    }
    if (!def.properties) {
      out.push(prefix);
      return;
    }
    for (const [name, child] of Object.entries(def.properties)) {
      const p = prefix ? `${prefix}.${name}` : name;
      if (!readOnly.has(p)) {
        walk(child, p);
      }
    }
  };
  walk(schema, '');
  return out;
}

/** Whether a template value has the path (`[]`: any item). */
function has(value: any, segments: string[]): boolean {
  if (segments.length === 0) {
    return value !== undefined;
  }
  const [head, ...rest] = segments;
  if (head.endsWith('[]')) {
    const list = value?.[head.slice(0, -2)];
    return Array.isArray(list) && list.some(item => has(item, rest));
  }
  return value !== null && typeof value === 'object' && has(value[head], rest);
}

/** The templates: every feature of the typed API, in as few resources as the rules allow. */
function templates(): Array<{ name: string; template: any }> {
  const app = new cdk.App();
  const stack = new cdk.Stack(app, 'Coverage', { env: { account: '123456789012', region: 'us-east-1' } });
  const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Vpc', {
    vpcId: 'vpc-0123456789abcdef0', availabilityZones: ['us-east-1a'], privateSubnetIds: ['subnet-0123456789abcdef0'],
  });
  const bucket = s3.Bucket.fromBucketName(stack, 'Bucket', 'coverage-bucket');
  const key = new kms.Key(stack, 'Key');
  const credentials = lambda.Function.fromFunctionName(stack, 'Credentials', 'registry-credentials');
  const registry = () => sagemaker.ContainerImage.fromRegistry('registry.example.com/team/model:1', { credentialsProvider: credentials });
  const dlc = () => sagemaker.ContainerImage.fromDlc('pytorch-inference', '2.1-cpu');
  const pkg = sagemaker.ModelPackage.fromModelPackageArn(stack, 'Package', 'arn:aws:sagemaker:us-east-1:123456789012:model-package/churn/1');
  const prefixData = () => sagemaker.ModelData.fromBucket(bucket, 'multi/', { s3DataType: sagemaker.S3DataType.S3_PREFIX });
  const eulaData = () => sagemaker.ModelData.fromBucket(bucket, 'llm/', {
    s3DataType: sagemaker.S3DataType.S3_PREFIX, compressionType: sagemaker.CompressionType.NONE, acceptEula: true,
  });

  // Models: one primary container with every container setting, one with uncompressed data, one package,
  // and a direct-invocation pipeline with the same settings per container.
  const main = new sagemaker.Model(stack, 'Main', {
    modelName: 'coverage-main',
    vpc,
    networkIsolation: true,
    containers: [{
      image: registry(),
      containerHostname: 'main',
      environment: { LOG_LEVEL: 'info' },
      mode: sagemaker.ContainerMode.MULTI_MODEL,
      modelCacheEnabled: false,
      modelData: prefixData(),
    }],
  });
  const llm = new sagemaker.Model(stack, 'Llm', { containers: [{ image: dlc(), modelData: eulaData() }] });
  new sagemaker.Model(stack, 'Packaged', { containers: [{ modelPackage: pkg }] });
  new sagemaker.Model(stack, 'Pipeline', {
    vpc,
    inferenceExecutionMode: sagemaker.InferenceExecutionMode.DIRECT,
    containers: [
      { image: registry(), containerHostname: 'a', environment: { A: '1' }, mode: sagemaker.ContainerMode.MULTI_MODEL, modelCacheEnabled: true, modelData: prefixData() },
      { image: dlc(), containerHostname: 'b', modelData: eulaData() },
      { modelPackage: pkg, containerHostname: 'c' },
    ],
  });

  const settings = (id: string): Partial<sagemaker.InstanceProductionVariantProps> => ({
    initialInstanceCount: 2,
    initialVariantWeight: 1,
    volumeSize: cdk.Size.gibibytes(64),
    modelDataDownloadTimeout: cdk.Duration.minutes(15),
    containerStartupHealthCheckTimeout: cdk.Duration.minutes(10),
    instanceProvisionTimeout: cdk.Duration.minutes(20),
    enableSsmAccess: true,
    inferenceAmiVersion: 'al2023-ami-sagemaker-inference-gpu-4-1',
    routingStrategy: sagemaker.RoutingStrategy.PREFIX_AWARE,
    prefixAwareRouting: { concurrencyThreshold: 16, prefixLength: 4096 },
    coreDump: { destinationBucket: bucket, destinationPrefix: `core/${id}`, encryptionKey: key },
    capacityReservation: { mlReservationArn: `arn:aws:sagemaker:us-east-1:123456789012:training-plan/${id}` },
  });
  const pools = (): sagemaker.InstancePoolProps[] => [
    { instanceType: sagemaker.InstanceType.G6_2XLARGE, priority: 1 },
    { instanceType: sagemaker.InstanceType.G6E_2XLARGE, priority: 2, model: llm },
  ];

  // Async inference, Clarify with an inline baseline, metrics, a key and a name; the variant on pools.
  const asyncConfig = new sagemaker.EndpointConfig(stack, 'AsyncConfig', {
    endpointConfigName: 'coverage-async',
    encryptionKey: key,
    instanceProductionVariants: [{ variantName: 'pools', model: llm, instancePools: pools(), ...settings('pools') }],
    asyncInference: {
      outputBucket: bucket,
      outputPrefix: 'out',
      failurePrefix: 'failed',
      encryptionKey: key,
      successTopic: new sns.Topic(stack, 'Success'),
      errorTopic: new sns.Topic(stack, 'Error'),
      includeInferenceResponseIn: [
        sagemaker.AsyncNotificationTarget.SUCCESS_NOTIFICATION_TOPIC, sagemaker.AsyncNotificationTarget.ERROR_NOTIFICATION_TOPIC,
      ],
      maxConcurrentInvocationsPerInstance: 4,
    },
    explainer: {
      enableExplanations: '`true`',
      shap: { baseline: '1,2', mimeType: 'text/csv', numberOfSamples: 50, seed: 1, useLogit: false, text: { language: 'en', granularity: sagemaker.TextGranularity.TOKEN } },
      inference: {
        contentTemplate: '{"x":$features}',
        featuresAttribute: 'x',
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
    metricsConfig: { enableDetailedObservability: true, enableEnhancedMetrics: true, metricPublishFrequency: cdk.Duration.seconds(30) },
  });
  cdk.Tags.of(asyncConfig).add('team', 'ml');

  // Data capture and a shadow variant on pools; Clarify with a baseline in S3.
  const shadowConfig = new sagemaker.EndpointConfig(stack, 'ShadowConfig', {
    instanceProductionVariants: [{ variantName: 'prod', model: llm, instanceType: sagemaker.InstanceType.G5_2XLARGE, ...settings('prod') }],
    shadowProductionVariants: [{ variantName: 'shadow', model: llm, instancePools: pools(), ...settings('shadow') }],
    dataCapture: {
      destinationBucket: bucket,
      destinationPrefix: 'capture',
      samplingPercentage: 20,
      captureInput: true,
      captureOutput: true,
      jsonContentTypes: ['application/json'],
      csvContentTypes: ['text/csv'],
      encryptionKey: key,
      enabled: true,
    },
    explainer: { shap: { baselineBucket: bucket, baselineKey: 'baseline.csv' } },
  });
  // A shadow variant on one instance type.
  const typedShadowConfig = new sagemaker.EndpointConfig(stack, 'TypedShadowConfig', {
    instanceProductionVariants: [{ variantName: 'prod', model: llm, instanceType: sagemaker.InstanceType.M5_LARGE }],
    shadowProductionVariants: [{
      variantName: 'shadow',
      model: llm,
      instanceType: sagemaker.InstanceType.M6I_LARGE,
      ...settings('typed'),
      inferenceAmiVersion: undefined,
      volumeSize: undefined,
    }],
  });
  const serverless = new sagemaker.EndpointConfig(stack, 'ServerlessConfig', {
    serverlessProductionVariant: {
      variantName: 'sl',
      model: new sagemaker.Model(stack, 'Simple', {
        containers: [{ image: dlc(), modelData: sagemaker.ModelData.fromBucket(bucket, 'model.tar.gz') }],
      }),
      maxConcurrency: 10,
      memorySizeInMB: 2048,
      provisionedConcurrency: 2,
    },
  });
  const endpoint = new sagemaker.Endpoint(stack, 'Endpoint', {
    endpointName: 'coverage',
    endpointConfig: serverless,
    retainAllVariantProperties: true,
    excludeRetainedVariantProperties: [sagemaker.VariantPropertyType.DATA_CAPTURE_CONFIG],
  });
  cdk.Tags.of(endpoint).add('team', 'ml');

  // Deployment guardrails: rolling with alarms and retained deployment configuration, canary, linear.
  const alarm = new cloudwatch.Alarm(stack, 'Errors', {
    metric: new cloudwatch.Metric({ namespace: 'AWS/SageMaker', metricName: 'Invocation5XXErrors', statistic: 'Sum' }),
    threshold: 5,
    evaluationPeriods: 1,
  });
  new sagemaker.Endpoint(stack, 'RollingEndpoint', {
    endpointConfig: asyncConfig,
    deployment: sagemaker.DeploymentStrategy.rolling({
      maximumBatchSize: sagemaker.CapacitySize.percent(50),
      waitInterval: cdk.Duration.minutes(5),
      rollbackMaximumBatchSize: sagemaker.CapacitySize.instances(1),
      maximumExecutionTimeout: cdk.Duration.hours(1),
    }),
    rollbackAlarms: [alarm],
    retainDeploymentConfig: true,
  });
  new sagemaker.Endpoint(stack, 'CanaryEndpoint', {
    endpointConfig: shadowConfig,
    deployment: sagemaker.DeploymentStrategy.canary({
      canarySize: sagemaker.CapacitySize.instances(1),
      waitInterval: cdk.Duration.minutes(10),
      terminationWait: cdk.Duration.minutes(5),
      maximumExecutionTimeout: cdk.Duration.hours(2),
    }),
    rollbackAlarms: [alarm],
  });
  new sagemaker.Endpoint(stack, 'LinearEndpoint', {
    endpointConfig: typedShadowConfig,
    deployment: sagemaker.DeploymentStrategy.linear({ stepSize: sagemaker.CapacitySize.percent(50), waitInterval: cdk.Duration.minutes(2) }),
  });
  cdk.Tags.of(main).add('team', 'ml');

  // Inference components: a component-hosting configuration with every config-level setting and
  // managed scaling; a component with every setting of its own specification and a rolling
  // deployment, an adapter, and a component with one specification per instance pool.
  const componentConfig = new sagemaker.EndpointConfig(stack, 'ComponentConfig', {
    instanceProductionVariants: [{
      variantName: 'gpu',
      instancePools: [
        { instanceType: sagemaker.InstanceType.G6_12XLARGE, priority: 1 },
        { instanceType: sagemaker.InstanceType.G6E_12XLARGE, priority: 2 },
      ],
      managedInstanceScaling: {
        minInstanceCount: 0,
        maxInstanceCount: 4,
        scaleInPolicy: { strategy: sagemaker.ScaleInStrategy.IDLE_RELEASE, maximumStepSize: 1, cooldown: cdk.Duration.minutes(10) },
      },
    }],
    executionRole: iam.Role.fromRoleArn(stack, 'ComponentRole', 'arn:aws:iam::123456789012:role/components'),
    vpc,
    networkIsolation: true,
  });
  const componentEndpoint = new sagemaker.Endpoint(stack, 'ComponentEndpoint', { endpointConfig: componentConfig });
  const spec = (artifactKey: string) => ({
    container: {
      image: dlc(),
      artifact: sagemaker.ModelData.fromBucket(bucket, artifactKey),
      environment: { HF_MODEL_ID: '/opt/ml/model' },
      metricsEndpoint: { path: '/metrics', publishFrequency: cdk.Duration.seconds(30) },
    },
    computeResourceRequirements: {
      minMemoryRequiredInMb: 4096, maxMemoryRequiredInMb: 8192, numberOfCpuCoresRequired: 2, numberOfAcceleratorDevicesRequired: 1,
    },
    startupParameters: { modelDataDownloadTimeout: cdk.Duration.minutes(10), containerStartupHealthCheckTimeout: cdk.Duration.minutes(5) },
    enableDataCaching: true,
    scheduling: { placementStrategy: sagemaker.PlacementStrategy.BINPACK, maxAvailabilityZoneImbalance: 2 },
  });
  const component = new sagemaker.InferenceComponent(stack, 'Component', {
    endpoint: componentEndpoint,
    variantName: 'gpu',
    inferenceComponentName: 'coverage-component',
    ...spec('component.tar.gz'),
    initialCopyCount: 2,
    deployment: sagemaker.DeploymentStrategy.rolling({
      maximumBatchSize: sagemaker.CapacitySize.copies(1),
      waitInterval: cdk.Duration.minutes(5),
      rollbackMaximumBatchSize: sagemaker.CapacitySize.percent(100),
      maximumExecutionTimeout: cdk.Duration.hours(1),
    }),
    rollbackAlarms: [alarm],
  });
  cdk.Tags.of(component).add('team', 'ml');
  new sagemaker.InferenceComponent(stack, 'Adapter', {
    endpoint: componentEndpoint,
    variantName: 'gpu',
    baseInferenceComponent: component,
    container: { artifact: sagemaker.ModelData.fromBucket(bucket, 'adapter.tar.gz') },
  });
  new sagemaker.InferenceComponent(stack, 'ModelComponent', {
    endpoint: componentEndpoint, variantName: 'gpu', model: llm, computeResourceRequirements: { minMemoryRequiredInMb: 4096 },
  });
  new sagemaker.InferenceComponent(stack, 'PerPool', {
    endpoint: componentEndpoint,
    variantName: 'gpu',
    specifications: [
      { instanceType: sagemaker.InstanceType.G6_12XLARGE, model: llm, computeResourceRequirements: { minMemoryRequiredInMb: 4096 } },
      { instanceType: sagemaker.InstanceType.G6E_12XLARGE, ...spec('g6e.tar.gz') },
    ],
  });
  return [{ name: stack.stackName, template: Template.fromStack(stack).toJSON() }];
}

const built = templates();

/** The writable paths of a type that a template renders. */
function rendered(type: ResourceType, paths: string[]): Set<string> {
  const resources = built.flatMap(({ template }) => Object.values<any>(template.Resources).filter(r => r.Type === type));
  return new Set(paths.filter(p => resources.some(r => has(r.Properties ?? {}, p.split('.')))));
}

function coverage(type: ResourceType) {
  const paths = writablePaths(type);
  const notOffered = NOT_OFFERED[type];
  return { paths, covered: rendered(type, paths), notOffered };
}

describe.each(TYPES)('%s', type => {
  test('every writable path is rendered through the typed API or not offered with a reason, never both', () => {
    const { paths, covered, notOffered } = coverage(type);
    const missing = paths.filter(p => !covered.has(p) && !(p in notOffered));
    const stale = Object.keys(notOffered).filter(p => covered.has(p) || !paths.includes(p));
    expect({ missing, stale }).toEqual({ missing: [], stale: [] });
  });

  test('every path not rendered is "not offered" with its reason', () => {
    const reasons = Object.values(coverage(type).notOffered);
    expect(reasons.filter(r => !/^not offered: /.test(r))).toEqual([]);
  });
});

test('EndpointConfig: every writable path is offered but the shadow variant\'s serverless and managed scaling settings', () => {
  const { paths, covered, notOffered } = coverage('AWS::SageMaker::EndpointConfig');
  expect(paths.filter(p => !covered.has(p) && !(notOffered[p] ?? '').startsWith('not offered: shadow tests exclude serverless')
    && notOffered[p] !== SHADOW_MANAGED)).toEqual([]);
});

test('InferenceComponent: every writable path is rendered', () => {
  const { paths, covered } = coverage('AWS::SageMaker::InferenceComponent');
  expect(paths.filter(p => !covered.has(p))).toEqual([]);
});

test('Endpoint: every writable path is rendered', () => {
  const { paths, covered } = coverage('AWS::SageMaker::Endpoint');
  expect(paths.filter(p => !covered.has(p))).toEqual([]);
});

test('the README states the coverage', () => {
  const readme = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf-8');
  const line = TYPES.map(type => {
    const { paths, covered } = coverage(type);
    return `\`${type.replace('AWS::SageMaker::', '')}\` ${covered.size} of ${paths.length}`;
  }).join(', ');
  expect(readme).toContain(`Writable property paths rendered through the typed API: ${line}.`);
});

test('the templates pass cfn-lint', () => {
  expect(cfnLintErrors(Object.fromEntries(built.map(({ name, template }) => [name, template])))).toEqual([]);
});
