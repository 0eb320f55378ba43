import * as fs from 'fs';
import * as path from 'path';
import * as cdk from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sagemaker from '../src';
import { actionsOf, cfnLintErrors, envStack, errorMessage, rolePolicyStatements, statements } from './util';

/* Inference components: component-hosting configurations, the component, adapters, copy scaling, the rules. */

const { Duration } = cdk;
const G5 = sagemaker.InstanceType.G5_12XLARGE;
const dlc = () => sagemaker.ContainerImage.fromDlc('huggingface-pytorch-tgi-inference', '2.4.0-tgi2.3.1-gpu-py311-cu124-ubuntu22.04');

interface Setup {
  readonly variant?: Partial<sagemaker.InstanceProductionVariantProps>;
  readonly config?: Partial<sagemaker.EndpointConfigProps>;
  readonly region?: string;
}

/** A component-hosting endpoint: one GPU variant without a model. */
function setup({ variant = {}, config = {}, region }: Setup = {}) {
  const { stack } = envStack(region);
  const endpointConfig = new sagemaker.EndpointConfig(stack, 'Config', {
    instanceProductionVariants: [{ variantName: 'gpu', instanceType: G5, initialInstanceCount: 1, ...variant }],
    ...config,
  });
  const endpoint = new sagemaker.Endpoint(stack, 'Endpoint', { endpointConfig, endpointName: 'llm-endpoint' });
  return { stack, config: endpointConfig, endpoint };
}

/** The message of the error `fn` throws, without the Python names of properties (`initialCopyCount (initial_copy_count)`). */
function thrown(fn: () => unknown): string {
  return errorMessage(fn).replace(/ \([a-z0-9_.]+\)/g, '');
}

const requirements = { minMemoryRequiredInMb: 8192, numberOfAcceleratorDevicesRequired: 1, numberOfCpuCoresRequired: 2 };

function components() {
  const { stack, config, endpoint } = setup({
    variant: { managedInstanceScaling: { minInstanceCount: 0, maxInstanceCount: 2 } },
  });
  const bucket = new s3.Bucket(stack, 'Weights');
  const repository = new ecr.Repository(stack, 'Repo');
  const model = new sagemaker.Model(stack, 'Llama', { containers: [{ image: dlc() }] });
  const base = new sagemaker.InferenceComponent(stack, 'Base', {
    endpoint,
    variantName: 'gpu',
    model,
    computeResourceRequirements: requirements,
    inferenceComponentName: 'llama-base',
  });
  const mistral = new sagemaker.InferenceComponent(stack, 'Mistral', {
    endpoint,
    variantName: 'gpu',
    container: {
      image: sagemaker.ContainerImage.fromEcrRepository(repository, 'v1'),
      artifact: sagemaker.ModelData.fromBucket(bucket, 'mistral/model.tar.gz'),
      environment: { HF_MODEL_ID: '/opt/ml/model' },
      metricsEndpoint: { path: '/metrics', publishFrequency: Duration.seconds(60) },
    },
    computeResourceRequirements: { ...requirements, maxMemoryRequiredInMb: 16384 },
    startupParameters: { modelDataDownloadTimeout: Duration.minutes(20), containerStartupHealthCheckTimeout: Duration.minutes(10) },
    enableDataCaching: true,
    scheduling: { placementStrategy: sagemaker.PlacementStrategy.SPREAD, maxAvailabilityZoneImbalance: 1 },
    initialCopyCount: 2,
  });
  const adapter = new sagemaker.InferenceComponent(stack, 'Adapter', {
    endpoint,
    variantName: 'gpu',
    baseInferenceComponent: base,
    container: { artifact: sagemaker.ModelData.fromBucket(bucket, 'adapters/sql.tar.gz') },
  });
  return { stack, config, endpoint, model, base, mistral, adapter, bucket, repository };
}

describe('two components and an adapter on one endpoint', () => {
  const built = components();
  const t = Template.fromStack(built.stack);

  test('the configuration names no model, has the execution role and managed scaling to zero', () => {
    t.hasResourceProperties('AWS::SageMaker::EndpointConfig', {
      ExecutionRoleArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ConfigRole'), 'Arn'] },
      ProductionVariants: [Match.objectEquals({
        VariantName: 'gpu',
        InitialVariantWeight: 1,
        InitialInstanceCount: 1,
        InstanceType: 'ml.g5.12xlarge',
        ManagedInstanceScaling: { Status: 'ENABLED', MinInstanceCount: 0, MaxInstanceCount: 2 },
      })],
    });
  });

  test('each component renders its specification, copies and endpoint', () => {
    t.resourceCountIs('AWS::SageMaker::InferenceComponent', 3);
    t.hasResourceProperties('AWS::SageMaker::InferenceComponent', Match.objectEquals({
      InferenceComponentName: 'llama-base',
      EndpointName: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Endpoint'), 'EndpointName'] },
      EndpointArn: { Ref: Match.stringLikeRegexp('^Endpoint') },
      VariantName: 'gpu',
      Specification: {
        ModelName: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Llama'), 'ModelName'] },
        ComputeResourceRequirements: { MinMemoryRequiredInMb: 8192, NumberOfAcceleratorDevicesRequired: 1, NumberOfCpuCoresRequired: 2 },
      },
      RuntimeConfig: { CopyCount: 1 },
    }));
    t.hasResourceProperties('AWS::SageMaker::InferenceComponent', {
      Specification: {
        Container: {
          Image: Match.anyValue(),
          ArtifactUrl: Match.anyValue(),
          Environment: { HF_MODEL_ID: '/opt/ml/model' },
          ContainerMetricsConfig: { MetricsEndpoints: [{ MetricsEndpointPath: '/metrics', MetricPublishFrequencyInSeconds: 60 }] },
        },
        ComputeResourceRequirements: Match.objectLike({ MaxMemoryRequiredInMb: 16384 }),
        StartupParameters: { ModelDataDownloadTimeoutInSeconds: 1200, ContainerStartupHealthCheckTimeoutInSeconds: 600 },
        DataCacheConfig: { EnableCaching: true },
        SchedulingConfig: { PlacementStrategy: 'SPREAD', AvailabilityZoneBalance: { EnforcementMode: 'PERMISSIVE', MaxImbalance: 1 } },
      },
      RuntimeConfig: { CopyCount: 2 },
    });
  });

  test('the adapter names its base, carries only its weights and no copies', () => {
    const adapter = Object.values(t.findResources('AWS::SageMaker::InferenceComponent'))
      .find(r => r.Properties.Specification.BaseInferenceComponentName)!;
    expect(adapter.Properties.Specification.BaseInferenceComponentName).toBe('llama-base');
    expect(Object.keys(adapter.Properties.Specification)).toEqual(['BaseInferenceComponentName', 'Container']);
    expect(Object.keys(adapter.Properties.Specification.Container)).toEqual(['ArtifactUrl']);
    expect(JSON.stringify(adapter.Properties.Specification.Container.ArtifactUrl)).toContain('adapters/sql.tar.gz');
    expect(adapter.Properties.RuntimeConfig).toBeUndefined();
    const baseId = built.stack.getLogicalId(built.base.node.defaultChild as cdk.CfnElement);
    expect(adapter.DependsOn).toContain(baseId);
  });

  test('a component waits for the endpoint by reference and for the configuration\'s role by DependsOn (no W3005)', () => {
    const endpointId = built.stack.getLogicalId(built.endpoint.node.defaultChild as cdk.CfnElement);
    for (const component of Object.values(t.findResources('AWS::SageMaker::InferenceComponent'))) {
      expect(component.Properties.EndpointName).toEqual({ 'Fn::GetAtt': [endpointId, 'EndpointName'] });
      expect(component.Properties.EndpointArn).toEqual({ Ref: endpointId });
      expect(component.DependsOn).toEqual(expect.arrayContaining([expect.stringMatching(/^ConfigRole/)]));
      expect(component.DependsOn).not.toContain(endpointId);
    }
  });

  test('a generated name is a valid SageMaker name of at most 63 characters', () => {
    expect(built.mistral.inferenceComponentName).toMatch(/^[a-zA-Z0-9](-*[a-zA-Z0-9])*$/);
    expect(built.mistral.inferenceComponentName.length).toBeLessThanOrEqual(63);
  });

  test('the configuration role pulls exactly the container\'s repository and reads exactly its objects', () => {
    const all = statements(t);
    const pull = all.filter(s => actionsOf(s).includes('ecr:BatchGetImage'));
    const repositoryId = built.stack.getLogicalId(built.repository.node.defaultChild as cdk.CfnElement);
    expect(pull.map(s => s.Resource)).toContainEqual({ 'Fn::GetAtt': [repositoryId, 'Arn'] });
    const reads = all.filter(s => actionsOf(s).includes('s3:GetObject')).map(s => JSON.stringify(s.Resource));
    expect(reads).toHaveLength(2);
    expect(reads.some(r => r.includes('/mistral/model.tar.gz'))).toBe(true);
    expect(reads.some(r => r.includes('/adapters/sql.tar.gz'))).toBe(true);
    // the configuration role's one policy: its account-wide statements (with a Sid), then exactly these grants
    const configActions = rolePolicyStatements(t, 'ConfigRole', 'Policy').filter(s => s.Sid === undefined).flatMap(actionsOf).sort();
    expect(configActions).toEqual(['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer',
      's3:GetObject', 's3:GetObject'].sort());
    expect(rolePolicyStatements(t, 'ConfigRole', 'Grants')).toEqual([]);
    for (const s of all) {
      if (s.Resource === '*') {
        expect(actionsOf(s).every(a => ['cloudwatch:PutMetricData', 'ecr:GetAuthorizationToken'].includes(a))).toBe(true);
      }
    }
  });

  test('cfn-lint reports no error', () => {
    expect(cfnLintErrors({ components: t.toJSON() })).toEqual([]);
  });
});

describe('copy-count autoscaling', () => {
  test('target tracking on invocations and concurrent requests per copy, on the component\'s resource ID', () => {
    const { stack, mistral, base } = components();
    const copies = mistral.autoScaleCopyCount({ minCapacity: 1, maxCapacity: 4 });
    copies.scaleOnInvocations('Invocations', { maxRequestsPerSecond: 5 });
    base.autoScaleCopyCount({ maxCapacity: 2 }).scaleOnConcurrentRequests('Concurrency', { targetConcurrentRequests: 4 });
    const t = Template.fromStack(stack);
    t.hasResource('AWS::ApplicationAutoScaling::ScalableTarget', {
      Properties: {
        ServiceNamespace: 'sagemaker',
        ResourceId: `inference-component/${mistral.inferenceComponentName}`,
        ScalableDimension: 'sagemaker:inference-component:DesiredCopyCount',
        MinCapacity: 1,
        MaxCapacity: 4,
        RoleARN: Match.objectLike({ 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp('AWSServiceRoleForApplicationAutoScaling_SageMakerEndpoint')])] }),
      },
      DependsOn: [stack.getLogicalId(mistral.node.defaultChild as cdk.CfnElement)],
    });
    t.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      TargetTrackingScalingPolicyConfiguration: {
        PredefinedMetricSpecification: { PredefinedMetricType: 'SageMakerInferenceComponentInvocationsPerCopy' },
        TargetValue: 150,
      },
    });
    t.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      TargetTrackingScalingPolicyConfiguration: {
        PredefinedMetricSpecification: { PredefinedMetricType: 'SageMakerInferenceComponentConcurrentRequestsPerCopyHighResolution' },
        TargetValue: 4,
      },
    });
    t.resourceCountIs('AWS::CloudWatch::Alarm', 0);
  });

  test('scale to zero: min 0 copies and the step policy on NoCapacityInvocationFailures that brings the first copy back', () => {
    const { stack, mistral } = components();
    mistral.autoScaleCopyCount({ minCapacity: 0, maxCapacity: 3 })
      .scaleOnConcurrentRequests('Concurrency', { targetConcurrentRequests: 2 });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', { MinCapacity: 0, MaxCapacity: 3 });
    t.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      PolicyType: 'StepScaling',
      StepScalingPolicyConfiguration: {
        AdjustmentType: 'ChangeInCapacity',
        Cooldown: 300,
        MetricAggregationType: 'Maximum',
        StepAdjustments: [{ MetricIntervalLowerBound: 0, ScalingAdjustment: 1 }],
      },
    });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SageMaker',
      MetricName: 'NoCapacityInvocationFailures',
      Dimensions: [{ Name: 'InferenceComponentName', Value: mistral.inferenceComponentName }],
      Statistic: 'Maximum',
      Period: 60,
      EvaluationPeriods: 1,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
    expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('scale to zero'))).toEqual([]);
    expect(cfnLintErrors({ zero: t.toJSON() })).toEqual([]);
  });

  test('scale to zero on a variant without managed scaling to zero instances is a warning', () => {
    const { stack, endpoint } = setup();
    const c = new sagemaker.InferenceComponent(stack, 'C', {
      endpoint,
      variantName: 'gpu',
      model: new sagemaker.Model(stack, 'M', {
        containers: [{ image: dlc() }],
      }),
      computeResourceRequirements: requirements,
    });
    c.autoScaleCopyCount({ minCapacity: 0, maxCapacity: 1 });
    Template.fromStack(stack);
    const warnings = Annotations.fromStack(stack).findWarning('/TestStack/C', Match.anyValue()).map(w => String(w.entry.data));
    expect(warnings).toEqual(["autoScaleCopyCount() (auto_scale_copy_count()) minCapacity (min_capacity) is 0, but variant 'gpu' has no "
      + 'managedInstanceScaling (managed_instance_scaling): the copies scale to zero while the instances keep running (and billing). Give '
      + 'the variant managedInstanceScaling with minInstanceCount 0. [rule: inferenceComponent.scaleToZero.instancesKeepRunning] '
      + '[ack: cdk-sagemaker-hosting:instancesKeepRunning]']);
  });

  test('the adapter has no copies to scale; a component is scaled once; capacities are whole copies', () => {
    const { adapter, mistral } = components();
    expect(thrown(() => adapter.autoScaleCopyCount({ maxCapacity: 2 }))).toMatch(/An adapter component shares the copies of its base component/);
    mistral.autoScaleCopyCount({ maxCapacity: 2 });
    expect(thrown(() => mistral.autoScaleCopyCount({ maxCapacity: 2 }))).toMatch(/already autoscaled/);
    const other = components();
    expect(thrown(() => other.mistral.autoScaleCopyCount({ minCapacity: -1, maxCapacity: 2 })))
      .toMatch(/minCapacity must be a whole number of copies, 0 or more \(minCapacity: got -1; allowed an integer 0 or more/);
    expect(thrown(() => other.base.autoScaleCopyCount({ minCapacity: 0, maxCapacity: 0 })))
      .toMatch(/maxCapacity must be a whole number of copies, at least 1 and at least minCapacity \(maxCapacity: got 0/);
  });
});

describe('grants, metrics and imports', () => {
  test('grantInvoke: the invoke actions on the endpoint and the component only', () => {
    const { stack, mistral, endpoint } = components();
    const role = new iam.Role(stack, 'Caller', { assumedBy: new iam.AccountRootPrincipal() });
    mistral.grantInvoke(role);
    const t = Template.fromStack(stack);
    const policy = Object.entries(t.findResources('AWS::IAM::Policy')).find(([id]) => id.startsWith('CallerDefaultPolicy'))![1];
    expect(policy.Properties.PolicyDocument.Statement).toEqual([{
      Action: ['sagemaker:InvokeEndpoint', 'sagemaker:InvokeEndpointWithResponseStream'],
      Effect: 'Allow',
      Resource: [{ Ref: stack.getLogicalId(endpoint.node.defaultChild as cdk.CfnElement) },
        { Ref: stack.getLogicalId(mistral.node.defaultChild as cdk.CfnElement) }],
    }]);
  });

  test('metrics carry the component dimension in both namespaces', () => {
    const { stack, mistral } = components();
    const m = (metric: cloudwatch.Metric) => [metric.namespace, metric.metricName, metric.statistic, metric.dimensions];
    const dims = { InferenceComponentName: mistral.inferenceComponentName };
    expect(m(mistral.metricInvocations())).toEqual(['AWS/SageMaker', 'Invocations', 'Sum', dims]);
    expect(m(mistral.metricInvocationResponseCode(sagemaker.InvocationHttpResponseCode.INVOCATION_5XX_ERRORS)))
      .toEqual(['AWS/SageMaker', 'Invocation5XXErrors', 'Sum', dims]);
    expect(m(mistral.metricModelLatency())).toEqual(['AWS/SageMaker', 'ModelLatency', 'Average', dims]);
    expect(m(mistral.metricConcurrentRequestsPerCopy())).toEqual(['AWS/SageMaker', 'ConcurrentRequestsPerCopy', 'Maximum', dims]);
    expect(m(mistral.metricInvocationsPerCopy())).toEqual(['AWS/SageMaker', 'InvocationsPerCopy', 'Sum', dims]);
    expect(m(mistral.metricGpuUtilizationNormalized()))
      .toEqual(['/aws/sagemaker/InferenceComponents', 'GPUUtilizationNormalized', 'Average', dims]);
    expect(m(mistral.metricMemoryUtilizationNormalized()))
      .toEqual(['/aws/sagemaker/InferenceComponents', 'MemoryUtilizationNormalized', 'Average', dims]);
    expect(stack.resolve(mistral.metricCpuUtilizationNormalized().dimensions)).toEqual(dims);
  });

  test('imports: by name (ARN in lower case), by ARN, and with the endpoint for grantInvoke', () => {
    const { stack, endpoint } = setup();
    const byName = sagemaker.InferenceComponent.fromInferenceComponentName(stack, 'ByName', 'My-Component');
    expect(stack.resolve(byName.inferenceComponentArn)).toEqual({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':sagemaker:us-west-2:123456789012:inference-component/my-component']],
    });
    expect(byName.inferenceComponentName).toBe('My-Component');
    const role = new iam.Role(stack, 'Caller', { assumedBy: new iam.AccountRootPrincipal() });
    expect(thrown(() => byName.grantInvoke(role))).toMatch(/grantInvoke\(\) needs the endpoint that hosts the component/);
    const arn = 'arn:aws:sagemaker:us-west-2:123456789012:inference-component/other';
    expect(sagemaker.InferenceComponent.fromInferenceComponentArn(stack, 'ByArn', arn).inferenceComponentName).toBe('other');
    const withEndpoint = sagemaker.InferenceComponent.fromInferenceComponentAttributes(stack, 'WithEndpoint', { inferenceComponentArn: arn, endpoint });
    withEndpoint.grantInvoke(role);
    expect(JSON.stringify(Template.fromStack(stack).toJSON())).toContain(arn);
  });
});

describe('rolling deployment with rollback alarms', () => {
  test('renders the rolling policy in copies, and grants the configuration role DescribeAlarms on exactly the alarms', () => {
    const { stack, endpoint, config } = setup();
    const model = new sagemaker.Model(stack, 'M', { containers: [{ image: dlc() }] });
    const c = new sagemaker.InferenceComponent(stack, 'C', {
      endpoint,
      variantName: 'gpu',
      model,
      computeResourceRequirements: requirements,
      inferenceComponentName: 'c1',
      deployment: sagemaker.DeploymentStrategy.rolling({
        maximumBatchSize: sagemaker.CapacitySize.copies(1),
        waitInterval: Duration.minutes(5),
        rollbackMaximumBatchSize: sagemaker.CapacitySize.percent(100),
        maximumExecutionTimeout: Duration.hours(1),
      }),
    });
    c.addRollbackAlarm(new cloudwatch.Alarm(stack, 'Errors', {
      metric: c.metricInvocationResponseCode(
        sagemaker.InvocationHttpResponseCode.INVOCATION_5XX_ERRORS),
      threshold: 5,
      evaluationPeriods: 1,
    }));
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::SageMaker::InferenceComponent', {
      DeploymentConfig: {
        AutoRollbackConfiguration: { Alarms: [{ AlarmName: { Ref: Match.stringLikeRegexp('^Errors') } }] },
        RollingUpdatePolicy: {
          MaximumBatchSize: { Type: 'COPY_COUNT', Value: 1 },
          WaitIntervalInSeconds: 300,
          RollbackMaximumBatchSize: { Type: 'CAPACITY_PERCENT', Value: 100 },
          MaximumExecutionTimeoutInSeconds: 3600,
        },
      },
    });
    const describe = statements(t).filter(s => actionsOf(s).includes('cloudwatch:DescribeAlarms'));
    expect(describe).toHaveLength(1);
    expect(describe[0].Resource).toEqual({ 'Fn::GetAtt': [stack.getLogicalId(stack.node.findChild('Errors').node.defaultChild as cdk.CfnElement), 'Arn'] });
    expect(config.executionRole).toBeDefined();
    expect(cfnLintErrors({ rolling: t.toJSON() })).toEqual([]);
  });

  test('rollback alarms on a component of an imported endpoint: a warning that the role is not known', () => {
    const { stack } = envStack();
    const endpoint = sagemaker.Endpoint.fromEndpointName(stack, 'Imported', 'shared-gpu');
    const c = new sagemaker.InferenceComponent(stack, 'C', {
      endpoint,
      variantName: 'gpu',
      computeResourceRequirements: requirements,
      model: new sagemaker.Model(stack, 'M', { containers: [{ image: dlc() }] }),
      deployment: sagemaker.DeploymentStrategy.rolling({ maximumBatchSize: sagemaker.CapacitySize.percent(50), waitInterval: Duration.minutes(2) }),
    });
    c.addRollbackAlarm(new cloudwatch.Alarm(stack, 'Errors', { metric: c.metricInvocationModelErrors(), threshold: 1, evaluationPeriods: 1 }));
    const t = Template.fromStack(stack);
    expect(statements(t).filter(s => actionsOf(s).includes('cloudwatch:DescribeAlarms'))).toEqual([]);
    const warnings = Annotations.fromStack(stack).findWarning('/TestStack/C', Match.anyValue()).map(w => String(w.entry.data));
    expect(warnings).toEqual([expect.stringContaining('rollbackAlarms (rollback_alarms) are set on a component of an imported endpoint, '
      + 'whose configuration\'s execution role is not known: grant that role cloudwatch:DescribeAlarms on the alarm yourself')]);
  });

  test('only rolling, in copies or percent; alarms need it; an endpoint does not take copies', () => {
    const { stack, endpoint } = setup();
    const model = new sagemaker.Model(stack, 'M', { containers: [{ image: dlc() }] });
    const base = { endpoint, variantName: 'gpu', model, computeResourceRequirements: requirements };
    expect(thrown(() => new sagemaker.InferenceComponent(stack, 'A', {
      ...base,
      deployment: sagemaker.DeploymentStrategy.canary({ canarySize: sagemaker.CapacitySize.percent(10), waitInterval: Duration.minutes(1) }),
    })))
      .toMatch(/An inference component is updated by a rolling deployment only \(deployment: got DeploymentStrategy.canary\(\); allowed DeploymentStrategy.rolling\(\)/);
    expect(thrown(() => new sagemaker.InferenceComponent(stack, 'B', {
      ...base,
      deployment: sagemaker.DeploymentStrategy.rolling({ maximumBatchSize: sagemaker.CapacitySize.instances(1), waitInterval: Duration.minutes(1) }),
    })))
      .toMatch(/deployment.maximumBatchSize is a number of instances, but an inference component's deployment moves copies \(deployment.maximumBatchSize: got CapacitySize.instances\(\); allowed CapacitySize.copies\(\) or percent\(\)\)/);
    const alarm = new cloudwatch.Alarm(stack, 'Al', { metric: new cloudwatch.Metric({ namespace: 'x', metricName: 'y' }), threshold: 1, evaluationPeriods: 1 });
    expect(thrown(() => new sagemaker.InferenceComponent(stack, 'C', { ...base, rollbackAlarms: [alarm] })))
      .toMatch(/rollbackAlarms need a rolling deployment \(deployment: got none; allowed DeploymentStrategy.rolling/);
    const other = envStack();
    const m2 = new sagemaker.Model(other.stack, 'M', { containers: [{ image: dlc() }] });
    const cfg = new sagemaker.EndpointConfig(other.stack, 'Cfg', { instanceProductionVariants: [{ variantName: 'a', model: m2 }] });
    expect(thrown(() => new sagemaker.Endpoint(other.stack, 'E', {
      endpointConfig: cfg,
      deployment: sagemaker.DeploymentStrategy.rolling({ maximumBatchSize: sagemaker.CapacitySize.copies(1), waitInterval: Duration.minutes(1) }),
    })))
      .toMatch(/deployment.maximumBatchSize is a number of copies, which only an inference component's deployment moves/);
  });
});

describe('synth-time errors name the property and the value', () => {
  const model = (stack: cdk.Stack, id = 'M') => new sagemaker.Model(stack, id, { containers: [{ image: dlc() }] });

  test('a component on a configuration whose variant names a model', () => {
    const { stack } = envStack();
    const m = model(stack);
    const config = new sagemaker.EndpointConfig(stack, 'Cfg', { instanceProductionVariants: [{ variantName: 'a', model: m }] });
    const endpoint = new sagemaker.Endpoint(stack, 'E', { endpointConfig: config });
    new sagemaker.InferenceComponent(stack, 'C', { endpoint, variantName: 'a', model: m, computeResourceRequirements: requirements });
    expect(thrown(() => Template.fromStack(stack))).toMatch(/Variant 'a' of TestStack\/Cfg names a model, so it cannot host inference components \(variantName: got 'a'/);
  });

  test('a variant that does not exist', () => {
    const { stack, endpoint } = setup();
    new sagemaker.InferenceComponent(stack, 'C', { endpoint, variantName: 'cpu', model: model(stack), computeResourceRequirements: requirements });
    expect(thrown(() => Template.fromStack(stack))).toMatch(/The endpoint configuration has no variant 'cpu' \(variantName: got 'cpu'; allowed a variant of TestStack\/Config: 'gpu'\)/);
  });

  test('managed instance scaling on a variant that names a model', () => {
    const { stack } = envStack();
    expect(thrown(() => new sagemaker.EndpointConfig(stack, 'Cfg', {
      instanceProductionVariants: [{
        variantName: 'a', model: model(stack), managedInstanceScaling: { maxInstanceCount: 2 },
      }],
    }))).toMatch(/managedInstanceScaling/);
  });

  test('variants that name a model beside variants that do not', () => {
    const { stack } = envStack();
    expect(thrown(() => new sagemaker.EndpointConfig(stack, 'Cfg', {
      instanceProductionVariants: [
        { variantName: 'a', instanceType: G5 }, { variantName: 'b', model: model(stack) },
      ],
    }))).toMatch(/variant 'b'/);
  });

  test('copies 0 at creation', () => {
    const { stack, endpoint } = setup();
    expect(thrown(() => new sagemaker.InferenceComponent(stack, 'C', {
      endpoint,
      variantName: 'gpu',
      model: model(stack),
      computeResourceRequirements: requirements,
      initialCopyCount: 0,
    })))
      .toMatch(/initialCopyCount must be at least 1: SageMaker cannot create a component with 0 copies \(initialCopyCount: got 0; allowed an integer 1 or more/);
  });

  test('too many specifications, a repeated instance type, one not in the pools, and specifications beside the own specification', () => {
    const pools = [G5, sagemaker.InstanceType.G6_12XLARGE].map((instanceType, priority) => ({ instanceType, priority: priority + 1 }));
    const { stack, endpoint } = setup({ variant: { instanceType: undefined, instancePools: pools } });
    const m = model(stack);
    const spec = (instanceType: sagemaker.InstanceType) => ({ instanceType, model: m, computeResourceRequirements: requirements });
    const six = [G5, sagemaker.InstanceType.G6_12XLARGE, sagemaker.InstanceType.G5_2XLARGE, sagemaker.InstanceType.G5_4XLARGE,
      sagemaker.InstanceType.G5_8XLARGE, sagemaker.InstanceType.G5_16XLARGE].map(spec);
    expect(thrown(() => new sagemaker.InferenceComponent(stack, 'Six', { endpoint, variantName: 'gpu', specifications: six })))
      .toMatch(/specifications must have between 2 and 5 items \(specifications: got 6 items; allowed 2 to 5\)/);
    expect(thrown(() => new sagemaker.InferenceComponent(stack, 'Twice', { endpoint, variantName: 'gpu', specifications: [six[0], spec(G5)] })))
      .toMatch(/specifications name instance type 'ml.g5.12xlarge' more than once/);
    expect(thrown(() => new sagemaker.InferenceComponent(stack, 'Both', {
      endpoint,
      variantName: 'gpu',
      specifications: six.slice(0, 2),
      enableDataCaching: true,
    }))).toMatch(/specifications replace the component's own specification \(enableDataCaching: got set beside specifications/);
    new sagemaker.InferenceComponent(stack, 'Pools', { endpoint, variantName: 'gpu', specifications: [six[0], six[2]] });
    expect(thrown(() => Template.fromStack(stack))).toMatch(/specifications name instance type 'ml.g5.2xlarge', which variant 'gpu' does not run on/);
  });

  test('model and container, neither, no requirements, ranges, environment keys', () => {
    const { stack, endpoint } = setup();
    const m = model(stack);
    const base = { endpoint, variantName: 'gpu' };
    expect(thrown(() => new sagemaker.InferenceComponent(stack, 'Both', { ...base, model: m, container: { image: dlc() }, computeResourceRequirements: requirements })))
      .toMatch(/the inference component must host exactly one of model or container \(model \/ container: got both/);
    expect(thrown(() => new sagemaker.InferenceComponent(stack, 'Neither', { ...base, computeResourceRequirements: requirements })))
      .toMatch(/got neither/);
    expect(thrown(() => new sagemaker.InferenceComponent(stack, 'NoReq', { ...base, model: m })))
      .toMatch(/the inference component needs its compute resource requirements \(computeResourceRequirements: got none/);
    expect(thrown(() => new sagemaker.InferenceComponent(stack, 'Small', {
      ...base,
      model: m,
      computeResourceRequirements: {
        minMemoryRequiredInMb: 64,
        numberOfCpuCoresRequired: 0.1,
      },
    }))).toMatch(/computeResourceRequirements.minMemoryRequiredInMb must be an integer 128 or more MB \(computeResourceRequirements.minMemoryRequiredInMb: got 64.*numberOfCpuCoresRequired must be 0.25 or more/s);
    expect(thrown(() => new sagemaker.InferenceComponent(stack, 'Env', {
      ...base,
      container: { image: dlc(), environment: { 'A': '1', 'bad-key': '2' } },
      computeResourceRequirements: requirements,
    }))).toMatch(/container.environment key must be an environment variable name of an inference component \(container.environment key: got 'A'/);
    expect(thrown(() => new sagemaker.InferenceComponent(stack, 'Startup', {
      ...base,
      model: m,
      computeResourceRequirements: requirements,
      startupParameters: { modelDataDownloadTimeout: Duration.seconds(30) },
    })))
      .toMatch(/startupParameters.modelDataDownloadTimeout must be between 60 and 3600 seconds \(startupParameters.modelDataDownloadTimeout: got 30 seconds/);
    expect(thrown(() => new sagemaker.InferenceComponent(stack, 'Name', {
      ...base,
      model: m,
      computeResourceRequirements: requirements,
      inferenceComponentName: 'bad_name!',
    }))).toMatch(/inferenceComponentName must be a SageMaker name \(inferenceComponentName: got 'bad_name!'/);
  });

  test('adapters: weights only, no copies, no specifications; artifacts are one .tar.gz; no private registry', () => {
    const { stack, endpoint } = setup();
    const m = model(stack);
    const bucket = new s3.Bucket(stack, 'B');
    const baseComponent = new sagemaker.InferenceComponent(stack, 'Base', { endpoint, variantName: 'gpu', model: m, computeResourceRequirements: requirements });
    const adapter = { endpoint, variantName: 'gpu', baseInferenceComponent: baseComponent };
    expect(thrown(() => new sagemaker.InferenceComponent(stack, 'A1', { ...adapter, container: { image: dlc(), artifact: sagemaker.ModelData.fromBucket(bucket, 'a.tar.gz') } })))
      .toMatch(/An adapter component runs in its base component's container and on its resources \(container.image: got set/);
    expect(thrown(() => new sagemaker.InferenceComponent(stack, 'A2', { ...adapter, container: {} })))
      .toMatch(/An adapter component needs the adapter weights \(container.artifact: got none/);
    expect(thrown(() => new sagemaker.InferenceComponent(stack, 'A3', {
      ...adapter,
      container: { artifact: sagemaker.ModelData.fromBucket(bucket, 'a.tar.gz') },
      initialCopyCount: 1,
    }))).toMatch(/An adapter component shares the copies of its base component \(initialCopyCount: got 1/);
    expect(thrown(() => new sagemaker.InferenceComponent(stack, 'A4', {
      endpoint,
      variantName: 'gpu',
      model: m,
      computeResourceRequirements: requirements,
      container: undefined,
      ...{
        container: {
          image: dlc(),
          artifact: sagemaker.ModelData.fromBucket(bucket, 'dir/', {
            s3DataType: sagemaker.S3DataType.S3_PREFIX,
            compressionType: sagemaker.CompressionType.NONE,
          }),
        },
      },
      model: undefined,
    })))
      .toMatch(/An inference component's artifact must be one .tar.gz object \(container.artifact: got S3DataType.S3_PREFIX/);
    expect(thrown(() => new sagemaker.InferenceComponent(stack, 'A5', {
      endpoint,
      variantName: 'gpu',
      computeResourceRequirements: requirements,
      container: { image: sagemaker.ContainerImage.fromRegistry('registry.example.com/llm:1') },
    })))
      .toMatch(/An inference component's container cannot pull from a private registry/);
  });
});

describe('component-hosting configuration settings', () => {
  const warningsOf = (stack: cdk.Stack, at: string) => Annotations.fromStack(stack).findWarning(at, Match.anyValue())
    .map(w => String(w.entry.data).replace(/ \([a-z0-9_.]+\)/g, ''));

  test('scaling to zero instances in a region where it was reported rejected is a warning', () => {
    const scaling = { managedInstanceScaling: { minInstanceCount: 0, maxInstanceCount: 2 } };
    const paris = setup({ variant: scaling, region: 'eu-west-3' });
    Template.fromStack(paris.stack);
    expect(warningsOf(paris.stack, '/TestStack/Config').filter(w => !w.includes('instanceTypeNotInRegion'))).toEqual([expect.stringMatching(/^variant 'gpu': managedInstanceScaling.minInstanceCount /
      .source + /is 0, and SageMaker was reported to reject scaling to zero instances in region eu-west-3/.source)]);
    const virginia = setup({ variant: scaling, region: 'us-east-1' });
    Template.fromStack(virginia.stack);
    expect(warningsOf(virginia.stack, '/TestStack/Config')).toEqual([]);
  });

  test('component-hosting settings on a model-based configuration are a warning', () => {
    const { stack } = envStack();
    const m = new sagemaker.Model(stack, 'M', { containers: [{ image: dlc() }] });
    new sagemaker.EndpointConfig(stack, 'Cfg', {
      instanceProductionVariants: [{ variantName: 'a', model: m }],
      networkIsolation: true,
      executionRole: iam.Role.fromRoleArn(stack, 'R', 'arn:aws:iam::123456789012:role/r'),
    });
    Template.fromStack(stack);
    expect(warningsOf(stack, '/TestStack/Cfg')).toEqual([expect.stringContaining('executionRole, networkIsolation are set, but the variants '
      + 'name models (\'a\'): these settings are for variants that host inference components')]);
  });

  test('security groups and subnets: counts, and connections need a VPC', () => {
    const { stack } = envStack();
    const vpc = new ec2.Vpc(stack, 'Vpc');
    const groups = Array.from({ length: 6 }, (_, i) => new ec2.SecurityGroup(stack, `Sg${i}`, { vpc }));
    new sagemaker.EndpointConfig(stack, 'Cfg', { instanceProductionVariants: [{ variantName: 'gpu', instanceType: G5 }], vpc, securityGroups: groups });
    expect(thrown(() => Template.fromStack(stack))).toMatch(/securityGroups must have between 1 and 5 items \(securityGroups: got 6 items; allowed 1 to 5\)/);
    const other = envStack();
    const config = new sagemaker.EndpointConfig(other.stack, 'Cfg', { instanceProductionVariants: [{ variantName: 'gpu', instanceType: G5 }] });
    expect(thrown(() => config.connections)).toMatch(/Cannot manage network access without configuring a VPC \(vpc: got none/);
  });

  test('a given execution role, VPC, security group and network isolation', () => {
    const { stack } = envStack();
    const vpc = new ec2.Vpc(stack, 'Vpc');
    const executionRole = new iam.Role(stack, 'Exec', { assumedBy: new iam.ServicePrincipal('sagemaker.amazonaws.com') });
    const config = new sagemaker.EndpointConfig(stack, 'Config', {
      instanceProductionVariants: [{ variantName: 'gpu', instanceType: G5 }],
      executionRole,
      vpc,
      networkIsolation: true,
    });
    config.connections.allowToAnyIpv4(ec2.Port.tcp(443));
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::SageMaker::EndpointConfig', {
      ExecutionRoleArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Exec'), 'Arn'] },
      EnableNetworkIsolation: true,
      VpcConfig: { SecurityGroupIds: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^ConfigSecurityGroup'), 'GroupId'] }], Subnets: Match.arrayWith([]) },
    });
    expect(t.findResources('AWS::IAM::Role', { Properties: { Description: Match.stringLikeRegexp('endpoint configuration') } })).toEqual({});
    expect(config.executionRole).toBe(executionRole);
    expect(cfnLintErrors({ vpc: t.toJSON() })).toEqual([]);
  });

  test('a created role in a VPC gets the network-interface actions; subnets or security groups without a VPC are errors', () => {
    const { stack } = envStack();
    const vpc = new ec2.Vpc(stack, 'Vpc');
    new sagemaker.EndpointConfig(stack, 'Config', { instanceProductionVariants: [{ variantName: 'gpu', instanceType: G5 }], vpc });
    const t = Template.fromStack(stack);
    expect(statements(t).some(s => actionsOf(s).includes('ec2:CreateNetworkInterface'))).toBe(true);
    const other = envStack();
    new sagemaker.EndpointConfig(other.stack, 'Config', {
      instanceProductionVariants: [{ variantName: 'gpu', instanceType: G5 }],
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
    });
    expect(thrown(() => Template.fromStack(other.stack))).toMatch(/vpcSubnets needs vpc \(vpcSubnets: got a subnet selection without vpc/);
  });
});

test('the component has no createOnly property: a change of copy count updates it in place', () => {
  const lib = path.join(__dirname, '..', '.venv', 'lib');
  const python = fs.readdirSync(lib).find(d => d.startsWith('python'))!;
  const dir = path.join(lib, python, 'site-packages', 'cfnlint', 'data', 'schemas');
  const providers = JSON.parse(fs.readFileSync(path.join(dir, 'providers', 'us-east-1.json'), 'utf-8'));
  const schema = JSON.parse(fs.readFileSync(path.join(dir, 'resources', `${providers['AWS::SageMaker::InferenceComponent']}.json`), 'utf-8'));
  expect(schema.createOnlyProperties ?? []).toEqual([]);
  const template = (copies: number) => {
    const { stack, endpoint } = setup();
    new sagemaker.InferenceComponent(stack, 'C', {
      endpoint,
      variantName: 'gpu',
      computeResourceRequirements: requirements,
      model: new sagemaker.Model(stack, 'M', { containers: [{ image: dlc() }] }),
      initialCopyCount: copies,
    });
    return Template.fromStack(stack).toJSON();
  };
  const [one, two] = [template(1), template(2)];
  const changed = Object.keys(one.Resources).filter(id => JSON.stringify(one.Resources[id]) !== JSON.stringify(two.Resources[id]));
  expect(changed).toHaveLength(1);
  expect(one.Resources[changed[0]].Type).toBe('AWS::SageMaker::InferenceComponent');
  const { RuntimeConfig: r1, ...rest1 } = one.Resources[changed[0]].Properties;
  const { RuntimeConfig: r2, ...rest2 } = two.Resources[changed[0]].Properties;
  expect([r1, r2]).toEqual([{ CopyCount: 1 }, { CopyCount: 2 }]);
  expect(rest1).toEqual(rest2);
});

describe('compute requirements against the instance type', () => {
  const synthError = (stack: cdk.Stack) => errorMessage(() => Template.fromStack(stack));

  test('more GPUs than ml.g5.12xlarge has is an error naming the requirement, the type and what it has', () => {
    const { stack, endpoint } = setup();
    new sagemaker.InferenceComponent(stack, 'Big', {
      endpoint,
      variantName: 'gpu',
      container: { image: dlc() },
      computeResourceRequirements: { minMemoryRequiredInMb: 8192, numberOfAcceleratorDevicesRequired: 8 },
    });
    expect(synthError(stack)).toContain("[TestStack/Big] One copy of the inference component needs more than instance type 'ml.g5.12xlarge' "
      + 'has (computeResourceRequirements (compute_resource_requirements): got numberOfAcceleratorDevicesRequired 8, but ml.g5.12xlarge '
      + 'has 4 GPUs; allowed at most what one ml.g5.12xlarge instance has: 4 GPUs, 48 vCPUs, 196608 MiB of memory) '
      + '[rule: inferenceComponent.computeResourceRequirements.exceedsInstance]');
  });

  test('more CPU cores and memory than the type has are named together', () => {
    const { stack, endpoint } = setup({ variant: { instanceType: sagemaker.InstanceType.M5_XLARGE } });
    new sagemaker.InferenceComponent(stack, 'Cpu', {
      endpoint,
      variantName: 'gpu',
      container: { image: dlc() },
      computeResourceRequirements: { minMemoryRequiredInMb: 20000, numberOfCpuCoresRequired: 8, numberOfAcceleratorDevicesRequired: 1 },
    });
    expect(synthError(stack)).toContain('got numberOfAcceleratorDevicesRequired 1, but ml.m5.xlarge has no accelerator; '
      + 'numberOfCpuCoresRequired 8, but ml.m5.xlarge has 4 vCPUs; minMemoryRequiredInMb 20000, but ml.m5.xlarge has 16384 MiB of memory;');
  });

  test('what fits exactly, a Neuron type\'s devices and tokens are accepted', () => {
    const { stack, endpoint } = setup();
    new sagemaker.InferenceComponent(stack, 'Fits', {
      endpoint,
      variantName: 'gpu',
      container: { image: dlc() },
      computeResourceRequirements: { minMemoryRequiredInMb: 196608, numberOfAcceleratorDevicesRequired: 4, numberOfCpuCoresRequired: 48 },
    });
    new sagemaker.InferenceComponent(stack, 'Token', {
      endpoint,
      variantName: 'gpu',
      container: { image: dlc() },
      computeResourceRequirements: {
        minMemoryRequiredInMb: 1024,
        numberOfAcceleratorDevicesRequired: cdk.Token.asNumber(new cdk.CfnParameter(stack, 'Devices', { type: 'Number' })),
      },
    });
    const neuron = setup({ variant: { instanceType: 'ml.inf2.xlarge' } });
    new sagemaker.InferenceComponent(neuron.stack, 'Neuron', {
      endpoint: neuron.endpoint,
      variantName: 'gpu',
      container: { image: dlc() },
      computeResourceRequirements: { minMemoryRequiredInMb: 1024, numberOfAcceleratorDevicesRequired: 2 },
    });
    expect(() => Template.fromStack(stack)).not.toThrow();
    expect(() => Template.fromStack(neuron.stack)).not.toThrow();
  });

  test('each specification is checked against its own instance type', () => {
    const { stack, endpoint } = setup({
      variant: {
        instanceType: undefined,
        instancePools: [{ instanceType: 'ml.g5.12xlarge', priority: 1 }, { instanceType: sagemaker.InstanceType.G5_2XLARGE, priority: 2 }],
      },
    });
    new sagemaker.InferenceComponent(stack, 'Pools', {
      endpoint,
      variantName: 'gpu',
      specifications: [
        { instanceType: 'ml.g5.12xlarge', container: { image: dlc() }, computeResourceRequirements: { minMemoryRequiredInMb: 1024, numberOfAcceleratorDevicesRequired: 4 } },
        { instanceType: 'ml.g5.2xlarge', container: { image: dlc() }, computeResourceRequirements: { minMemoryRequiredInMb: 1024, numberOfAcceleratorDevicesRequired: 2 } },
      ],
    });
    const message = synthError(stack);
    expect(message).toContain("[TestStack/Pools] One copy of specifications[1] needs more than instance type 'ml.g5.2xlarge' has "
      + '(specifications[1].computeResourceRequirements (specifications[1].compute_resource_requirements): got '
      + 'numberOfAcceleratorDevicesRequired 2, but ml.g5.2xlarge has 1 GPU;');
    expect(message).not.toContain('ml.g5.12xlarge has');
  });

  test('the component\'s own requirements on a variant of several types: an error when no type fits, a warning when some do not', () => {
    const pools = { instanceType: undefined, instancePools: [{ instanceType: 'ml.g5.12xlarge', priority: 1 }, { instanceType: 'ml.g5.2xlarge', priority: 2 }] };
    const some = setup({ variant: pools });
    new sagemaker.InferenceComponent(some.stack, 'Some', {
      endpoint: some.endpoint,
      variantName: 'gpu',
      container: { image: dlc() },
      computeResourceRequirements: { minMemoryRequiredInMb: 1024, numberOfAcceleratorDevicesRequired: 2 },
    });
    Template.fromStack(some.stack);
    expect(Annotations.fromStack(some.stack).findWarning('/TestStack/Some', Match.anyValue()).map(w => String(w.entry.data))).toEqual([
      "computeResourceRequirements (compute_resource_requirements) ask for more than some instance types of variant 'gpu' have "
      + '(numberOfAcceleratorDevicesRequired 2, but ml.g5.2xlarge has 1 GPU): no copy can be placed on those instances. Give each '
      + 'instance type its own entry in specifications. [rule: inferenceComponent.computeResourceRequirements.exceedsSomeInstanceTypes] '
      + '[ack: cdk-sagemaker-hosting:exceedsSomeInstanceTypes]',
    ]);
    const none = setup({ variant: pools });
    new sagemaker.InferenceComponent(none.stack, 'None', {
      endpoint: none.endpoint,
      variantName: 'gpu',
      container: { image: dlc() },
      computeResourceRequirements: { minMemoryRequiredInMb: 1024, numberOfAcceleratorDevicesRequired: 8 },
    });
    expect(synthError(none.stack)).toContain('needs more than instance type \'ml.g5.12xlarge\' has, as on every instance type of the variant');
  });

  test('CPU cores beyond the vCPUs of a CPU type are an error', () => {
    const { stack } = envStack();
    const config = new sagemaker.EndpointConfig(stack, 'Config', {
      instanceProductionVariants: [{ variantName: 'cpu', instanceType: sagemaker.InstanceType.M5_LARGE }],
    });
    const endpoint = new sagemaker.Endpoint(stack, 'Endpoint', { endpointConfig: config });
    new sagemaker.InferenceComponent(stack, 'Late', {
      endpoint,
      variantName: 'cpu',
      container: { image: dlc() },
      computeResourceRequirements: { minMemoryRequiredInMb: 1024, numberOfCpuCoresRequired: 4 },
    });
    expect(synthError(stack)).toContain('numberOfCpuCoresRequired 4, but ml.m5.large has 2 vCPUs');
  });
});

describe('facts are read when they are used', () => {
  test('a variant added to the configuration after the component is seen (no error), and its role is created then', () => {
    const { stack } = envStack();
    const config = new sagemaker.EndpointConfig(stack, 'Config');
    const endpoint = new sagemaker.Endpoint(stack, 'Endpoint', { endpointConfig: config, endpointName: 'llm' });
    new sagemaker.InferenceComponent(stack, 'Early', {
      endpoint,
      variantName: 'gpu',
      container: { image: dlc() },
      computeResourceRequirements: { minMemoryRequiredInMb: 1024, numberOfAcceleratorDevicesRequired: 1 },
    });
    config.addInstanceProductionVariant({ variantName: 'gpu', instanceType: G5 });
    const t = Template.fromStack(stack);
    const component = Object.values(t.findResources('AWS::SageMaker::InferenceComponent'))[0];
    expect(component.Properties.VariantName).toBe('gpu');
    expect(component.DependsOn).toEqual(expect.arrayContaining([expect.stringMatching(/^ConfigRole/)]));
  });

  test('a component waits for no alarm or scaling resource of its endpoint or base component', () => {
    const { stack, endpoint } = setup();
    endpoint.findInstanceProductionVariant('gpu').addRecommendedAlarms('Alarms');
    const base = new sagemaker.InferenceComponent(stack, 'Base', {
      endpoint, variantName: 'gpu', container: { image: dlc() }, computeResourceRequirements: requirements,
    });
    base.autoScaleCopyCount({ maxCapacity: 2 }).scaleOnInvocations('Rps', { maxRequestsPerSecond: 5 });
    base.addRecommendedAlarms('Alarms');
    new sagemaker.InferenceComponent(stack, 'Adapter', {
      endpoint,
      variantName: 'gpu',
      baseInferenceComponent: base,
      container: { artifact: sagemaker.ModelData.fromBucket(s3.Bucket.fromBucketName(stack, 'B', 'adapters'), 'adapter.tar.gz') },
    });
    const t = Template.fromStack(stack).toJSON();
    const types = (ids: string[]) => ids.map(id => t.Resources[id].Type);
    for (const component of Object.values<any>(t.Resources).filter(r => r.Type === 'AWS::SageMaker::InferenceComponent')) {
      expect(types(component.DependsOn ?? []).filter(type => /CloudWatch|ApplicationAutoScaling/.test(type))).toEqual([]);
    }
  });
});

describe('a container image or model data class of your own', () => {
  /** Implements only the alpha's bind(): usable by a Model, not by a component's container. */
  class MirrorImage extends sagemaker.ContainerImage {
    public bind(): sagemaker.ContainerImageConfig {
      return { imageName: '123456789012.dkr.ecr.us-west-2.amazonaws.com/mirror:1' };
    }
  }
  class MirrorData extends sagemaker.ModelData {
    public bind(): sagemaker.ModelDataConfig {
      return { uri: 's3://mirror/model.tar.gz' };
    }
  }

  test('with only bind(), as a component\'s container, is an error saying to implement bindForGrantee()', () => {
    const { stack, endpoint } = setup();
    const compute = { minMemoryRequiredInMb: 1024, numberOfAcceleratorDevicesRequired: 1 };
    expect(errorMessage(() => new sagemaker.InferenceComponent(stack, 'Image', {
      endpoint, variantName: 'gpu', container: { image: new MirrorImage() }, computeResourceRequirements: compute,
    }))).toBe("TestStack/Image: MirrorImage implements only bind(), which takes a Model, so it cannot be bound for 'TestStack/Config/Role' "
      + "(the role of an inference component's container) (ContainerImage: got a MirrorImage; allowed an image of "
      + 'ContainerImage.fromEcrRepository() (from_ecr_repository()), fromAsset() (from_asset()) or fromDlc() (from_dlc()), or a class that '
      + 'also implements bindForGrantee() (bind_for_grantee())) [rule: image.bindForGrantee]');
    expect(errorMessage(() => new sagemaker.InferenceComponent(stack, 'Data', {
      endpoint, variantName: 'gpu', container: { image: dlc(), artifact: new MirrorData() }, computeResourceRequirements: compute,
    }))).toBe("TestStack/Data: MirrorData implements only bind(), which takes a Model, so it cannot be bound for 'TestStack/Config/Role' "
      + "(the role of an inference component's container) (ModelData: got a MirrorData; allowed ModelData.fromBucket() (from_bucket()) "
      + 'or fromAsset() (from_asset()), or a class that also implements bindForGrantee() (bind_for_grantee())) [rule: modelData.bindForGrantee]');
  });

  test('with only bind(), in a Model, works as in the alpha module', () => {
    const { stack } = envStack();
    new sagemaker.Model(stack, 'Model', { containers: [{ image: new MirrorImage(), modelData: new MirrorData() }] });
    Template.fromStack(stack).hasResourceProperties('AWS::SageMaker::Model', {
      PrimaryContainer: { Image: '123456789012.dkr.ecr.us-west-2.amazonaws.com/mirror:1', ModelDataUrl: 's3://mirror/model.tar.gz' },
    });
  });
});
