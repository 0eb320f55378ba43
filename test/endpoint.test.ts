import * as cdk from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import * as sagemaker from '../src';
import { envStack, statements } from './util';

function setup(variants: Array<Partial<sagemaker.InstanceProductionVariantProps>> = [{}], stackOverride?: cdk.Stack) {
  const stack = stackOverride ?? envStack().stack;
  const model = sagemaker.Model.fromModelName(stack, 'Model', 'model');
  const config = new sagemaker.EndpointConfig(stack, 'Config', {
    instanceProductionVariants: variants.map((v, i) => ({
      variantName: `v${i}`, model, instanceType: sagemaker.InstanceType.M5_LARGE, ...v,
    })),
  });
  const endpoint = new sagemaker.Endpoint(stack, 'Endpoint', { endpointConfig: config });
  return { stack, endpoint, config, model };
}

describe('Endpoint', () => {
  test('renders EndpointConfigName and EndpointName; validates the name', () => {
    const { stack } = envStack();
    const model = sagemaker.Model.fromModelName(stack, 'Model', 'model');
    const config = new sagemaker.EndpointConfig(stack, 'Config', { instanceProductionVariants: [{ variantName: 'a', model }] });
    new sagemaker.Endpoint(stack, 'Endpoint', { endpointConfig: config, endpointName: 'My-Endpoint' });
    Template.fromStack(stack).hasResourceProperties('AWS::SageMaker::Endpoint', {
      EndpointConfigName: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ConfigEndpointConfig'), 'EndpointConfigName'] },
      EndpointName: 'My-Endpoint',
    });
    expect(() => new sagemaker.Endpoint(stack, 'Bad', { endpointConfig: config, endpointName: 'no spaces' }))
      .toThrow(/TestStack\/Bad: endpointName must be a SageMaker name \(endpointName \(endpoint_name\): got 'no spaces', 9 characters; allowed 1 to 63 characters/);
  });

  test('grantInvoke: InvokeEndpoint and InvokeEndpointWithResponseStream on this endpoint only', () => {
    const { stack, endpoint } = setup();
    const role = new iam.Role(stack, 'Caller', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    endpoint.grantInvoke(role);
    expect(statements(Template.fromStack(stack))).toEqual([{
      Effect: 'Allow',
      Action: ['sagemaker:InvokeEndpoint', 'sagemaker:InvokeEndpointWithResponseStream'],
      Resource: { Ref: 'Endpoint8024A810' },
    }]);
  });

  test('the ARNs of a model, a configuration and an endpoint: made on first read, the same token after, a Ref in their stack and a named ARN across accounts', () => {
    const app = new cdk.App();
    const env = { region: 'us-west-2' };
    const stack = new cdk.Stack(app, 'Hosting', { env: { ...env, account: '111111111111' } });
    const model = new sagemaker.Model(stack, 'Model', {
      containers: [{ image: sagemaker.ContainerImage.fromEcrRepository(ecr.Repository.fromRepositoryName(stack, 'Repo', 'churn')) }],
    });
    const config = new sagemaker.EndpointConfig(stack, 'Config', { instanceProductionVariants: [{ variantName: 'main', model }] });
    const endpoint = new sagemaker.Endpoint(stack, 'Endpoint', { endpointConfig: config });
    expect(model.modelArn).toBe(model.modelArn);
    expect(config.endpointConfigArn).toBe(config.endpointConfigArn);
    expect(endpoint.endpointArn).toBe(endpoint.endpointArn);
    const ref = (c: Construct) => ({ Ref: stack.getLogicalId(c.node.defaultChild as cdk.CfnElement) });
    expect(stack.resolve(model.modelArn)).toEqual(ref(model));
    expect(stack.resolve(config.endpointConfigArn)).toEqual(ref(config));
    expect(stack.resolve(endpoint.endpointArn)).toEqual(ref(endpoint));
    // read from a stack of another account, the ARN of a named endpoint is made of its name (as any aws-cdk-lib resource's)
    const named = new sagemaker.Endpoint(stack, 'Named', { endpointConfig: config, endpointName: 'churn' });
    const other = new cdk.Stack(app, 'Caller', { env: { ...env, account: '222222222222' } });
    expect(other.resolve(named.endpointArn)).toEqual({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':sagemaker:us-west-2:111111111111:endpoint/churn']],
    });
  });

  test('endpointRef implements aws-cdk-lib IEndpointRef', () => {
    const { stack, endpoint } = setup();
    expect(stack.resolve(endpoint.endpointRef.endpointArn)).toEqual({ Ref: 'Endpoint8024A810' });
  });

  test('imports: by name (ARN lower case, name kept), by ARN, by attributes; grants on imports', () => {
    const { stack } = envStack();
    const byName = sagemaker.Endpoint.fromEndpointName(stack, 'ByName', 'LaBSE-Endpoint');
    expect(byName.endpointName).toEqual('LaBSE-Endpoint');
    expect(stack.resolve(byName.endpointArn)).toEqual({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':sagemaker:us-west-2:123456789012:endpoint/labse-endpoint']],
    });
    const byArn = sagemaker.Endpoint.fromEndpointArn(stack, 'ByArn', 'arn:aws:sagemaker:eu-west-1:111122223333:endpoint/ep');
    expect(byArn.endpointName).toEqual('ep');
    expect(byArn.env.region).toEqual('eu-west-1');
    const role = new iam.Role(stack, 'Caller', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    sagemaker.Endpoint.fromEndpointAttributes(stack, 'ByAttrs', { endpointArn: 'arn:aws:sagemaker:us-west-2:123456789012:endpoint/x' })
      .grantInvoke(role);
    expect(statements(Template.fromStack(stack))).toContainEqual({
      Effect: 'Allow',
      Action: ['sagemaker:InvokeEndpoint', 'sagemaker:InvokeEndpointWithResponseStream'],
      Resource: 'arn:aws:sagemaker:us-west-2:123456789012:endpoint/x',
    });
  });

  test('an endpoint config of another region is rejected with the alpha text', () => {
    const app = new cdk.App();
    const a = new cdk.Stack(app, 'A', { env: { account: '111111111111', region: 'us-west-2' } });
    const b = new cdk.Stack(app, 'B', { env: { account: '111111111111', region: 'eu-west-1' } });
    const config = sagemaker.EndpointConfig.fromEndpointConfigName(a, 'Config', 'c');
    expect(() => new sagemaker.Endpoint(b, 'Endpoint', { endpointConfig: config }))
      .toThrow(/B\/Endpoint: Cannot use endpoint configuration in region us-west-2 for endpoint in region eu-west-1/);
  });
});

describe('Endpoint variant metrics', () => {
  test.each([
    ['metricInvocations', 'AWS/SageMaker', 'Invocations', 'Sum'],
    ['metricInvocationsPerInstance', 'AWS/SageMaker', 'InvocationsPerInstance', 'Sum'],
    ['metricModelLatency', 'AWS/SageMaker', 'ModelLatency', 'Average'],
    ['metricOverheadLatency', 'AWS/SageMaker', 'OverheadLatency', 'Average'],
    ['metricInvocation4xxErrors', 'AWS/SageMaker', 'Invocation4XXErrors', 'Sum'],
    ['metricInvocation5xxErrors', 'AWS/SageMaker', 'Invocation5XXErrors', 'Sum'],
    ['metricInvocationModelErrors', 'AWS/SageMaker', 'InvocationModelErrors', 'Sum'],
    ['metricConcurrentRequestsPerModel', 'AWS/SageMaker', 'ConcurrentRequestsPerModel', 'Maximum'],
    ['metricModelLoadingWaitTime', 'AWS/SageMaker', 'ModelLoadingWaitTime', 'Average'],
    ['metricModelCacheHit', 'AWS/SageMaker', 'ModelCacheHit', 'Average'],
    ['metricCpuUtilization', '/aws/sagemaker/Endpoints', 'CPUUtilization', 'Average'],
    ['metricMemoryUtilization', '/aws/sagemaker/Endpoints', 'MemoryUtilization', 'Average'],
    ['metricDiskUtilization', '/aws/sagemaker/Endpoints', 'DiskUtilization', 'Average'],
    ['metricGpuUtilization', '/aws/sagemaker/Endpoints', 'GPUUtilization', 'Average'],
    ['metricGpuMemoryUtilization', '/aws/sagemaker/Endpoints', 'GPUMemoryUtilization', 'Average'],
    ['metricLoadedModelCount', '/aws/sagemaker/Endpoints', 'LoadedModelCount', 'Average'],
  ])('%s: %s %s, %s over 5 minutes, EndpointName + VariantName', (method, namespace, metricName, statistic) => {
    const { stack, endpoint } = setup();
    const metric = (endpoint.findInstanceProductionVariant('v0') as any)[method]() as cloudwatch.Metric;
    expect(metric.namespace).toEqual(namespace);
    expect(metric.metricName).toEqual(metricName);
    expect(metric.statistic).toEqual(statistic);
    expect(metric.period.toSeconds()).toEqual(300);
    expect(stack.resolve(metric.dimensions)).toEqual({
      EndpointName: { 'Fn::GetAtt': ['Endpoint8024A810', 'EndpointName'] },
      VariantName: 'v0',
    });
  });

  test('response codes, caller options win, and an alarm renders', () => {
    const { stack, endpoint } = setup();
    const variant = endpoint.findInstanceProductionVariant('v0');
    expect(variant.metricInvocationResponseCode(sagemaker.InvocationHttpResponseCode.INVOCATION_5XX_ERRORS).metricName)
      .toEqual('Invocation5XXErrors');
    const p99 = variant.metricModelLatency({ statistic: 'p99', period: cdk.Duration.minutes(1) });
    expect(p99.statistic).toEqual('p99');
    p99.createAlarm(stack, 'Latency', { threshold: 100000, evaluationPeriods: 3 });
    Template.fromStack(stack).hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SageMaker',
      MetricName: 'ModelLatency',
      ExtendedStatistic: 'p99',
      Period: 60,
      Threshold: 100000,
      Dimensions: Match.arrayWith([{ Name: 'VariantName', Value: 'v0' }]),
    });
  });

  test('instanceProductionVariants lists the config variants; unknown names fail', () => {
    const { endpoint } = setup([{}, { variantName: 'blue' }]);
    expect(endpoint.instanceProductionVariants.map(v => v.variantName)).toEqual(['v0', 'blue']);
    expect(() => endpoint.findInstanceProductionVariant('green'))
      .toThrow(/TestStack\/Endpoint: No variant with name: 'green' \(variant name: got 'green'; allowed the instance production variants of 'TestStack\/Config': 'v0', 'blue'\) \[rule: endpoint.variant.lookup\]/);
  });
});

describe('Endpoint autoscaling', () => {
  test('scaleOnInvocations: target = maxRequestsPerSecond × 60 × safetyFactor on the variant', () => {
    const { stack, endpoint } = setup([{ initialInstanceCount: 2 }]);
    const count = endpoint.findInstanceProductionVariant('v0').autoScaleInstanceCount({ maxCapacity: 5 });
    count.scaleOnInvocations('LimitRPS', { maxRequestsPerSecond: 30 });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
      ServiceNamespace: 'sagemaker',
      ScalableDimension: 'sagemaker:variant:DesiredInstanceCount',
      // An unset minCapacity is 1, as EnableScalingProps documents (not the initial count 2).
      MinCapacity: 1,
      MaxCapacity: 5,
      ResourceId: { 'Fn::Join': ['', ['endpoint/', { 'Fn::GetAtt': ['Endpoint8024A810', 'EndpointName'] }, '/variant/v0']] },
      RoleARN: {
        'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' },
          ':iam::123456789012:role/aws-service-role/sagemaker.application-autoscaling.amazonaws.com/AWSServiceRoleForApplicationAutoScaling_SageMakerEndpoint']],
      },
    });
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      PolicyType: 'TargetTrackingScaling',
      TargetTrackingScalingPolicyConfiguration: {
        PredefinedMetricSpecification: { PredefinedMetricType: 'SageMakerVariantInvocationsPerInstance' },
        TargetValue: 900,
      },
    });
  });

  test('two variants can each be autoscaled (the alpha crashes on a fixed id)', () => {
    const { stack, endpoint } = setup([{}, {}]);
    endpoint.findInstanceProductionVariant('v0').autoScaleInstanceCount({ maxCapacity: 2 })
      .scaleOnInvocations('A', { maxRequestsPerSecond: 10, safetyFactor: 1 });
    endpoint.findInstanceProductionVariant('v1').autoScaleInstanceCount({ maxCapacity: 3 })
      .scaleOnConcurrentRequests('B', { targetConcurrentRequests: 4 });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::ApplicationAutoScaling::ScalableTarget', 2);
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      TargetTrackingScalingPolicyConfiguration: {
        PredefinedMetricSpecification: { PredefinedMetricType: 'SageMakerVariantConcurrentRequestsPerModelHighResolution' },
        TargetValue: 4,
      },
    });
    expect(() => endpoint.findInstanceProductionVariant('v1').autoScaleInstanceCount({ maxCapacity: 3 }))
      .toThrow(/AutoScaling of task count already enabled for this service \(variant 'v1': got a second autoScaleInstanceCount\(\) \(auto_scale_instance_count\(\)\); allowed one per variant/);
  });

  test('scaling construct ids follow the variant, not the order of the calls', () => {
    const scalingIds = (order: string[]) => {
      const { endpoint } = setup([{}, {}, {}]);
      order.forEach(name => endpoint.findInstanceProductionVariant(name).autoScaleInstanceCount({ maxCapacity: 2 }));
      return endpoint.node.children.map(child => child.node.id).filter(id => id.startsWith('InstanceCount')).sort();
    };
    expect(scalingIds(['v0', 'v1', 'v2'])).toEqual(['InstanceCountv0', 'InstanceCountv1', 'InstanceCountv2']);
    expect(scalingIds(['v2', 'v0', 'v1'])).toEqual(['InstanceCountv0', 'InstanceCountv1', 'InstanceCountv2']);
    // removing one call leaves the others' ids (and so their logical ids) as they were
    expect(scalingIds(['v2', 'v1'])).toEqual(['InstanceCountv1', 'InstanceCountv2']);
    // one variant: the alpha's id, so switching from the alpha keeps the scalable target
    const { endpoint } = setup([{}]);
    endpoint.findInstanceProductionVariant('v0').autoScaleInstanceCount({ maxCapacity: 2 });
    expect(endpoint.node.tryFindChild('InstanceCount')).toBeDefined();
  });

  test('min/max capacity as CloudFormation parameters synthesize (the alpha throws)', () => {
    const { stack, endpoint } = setup();
    const min = new cdk.CfnParameter(stack, 'Min', { type: 'Number' }).valueAsNumber;
    const max = new cdk.CfnParameter(stack, 'Max', { type: 'Number' }).valueAsNumber;
    endpoint.findInstanceProductionVariant('v0').autoScaleInstanceCount({ minCapacity: min, maxCapacity: max });
    Template.fromStack(stack).hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
      MinCapacity: { Ref: 'Min' }, MaxCapacity: { Ref: 'Max' },
    });
  });

  test.each([
    [{ minCapacity: 3, maxCapacity: 4 }, /minCapacity cannot be greater than initial instance count: 2 \(variant 'v0' minCapacity \(min_capacity\): got 3; allowed 1 to the initial instance count 2\)/],
    [{ maxCapacity: 1 }, /maxCapacity cannot be less than initial instance count: 2 \(variant 'v0' maxCapacity \(max_capacity\): got 1; allowed the initial instance count 2 or more\)/],
  ])('capacity %p rejected', (props, message) => {
    const { endpoint } = setup([{ initialInstanceCount: 2 }]);
    expect(() => endpoint.findInstanceProductionVariant('v0').autoScaleInstanceCount(props))
      .toThrow(new RegExp(`TestStack/Endpoint: Invalid Application Auto Scaling configuration: ${message.source}`));
  });

  test('burstable types cannot autoscale; safety factor in (0, 1]', () => {
    const { endpoint } = setup([{ instanceType: sagemaker.InstanceType.T2_LARGE }, {}]);
    expect(() => endpoint.findInstanceProductionVariant('v0').autoScaleInstanceCount({ maxCapacity: 2 }))
      .toThrow(/AutoScaling not supported for burstable instance types like ml.t2.large/);
    const count = endpoint.findInstanceProductionVariant('v1').autoScaleInstanceCount({ maxCapacity: 2 });
    expect(() => count.scaleOnInvocations('Zero', { maxRequestsPerSecond: 1, safetyFactor: 0 }))
      .toThrow(/Safety factor \(0\) must be greater than 0.0 and less than or equal 1.0/);
    expect(() => count.scaleOnInvocations('Big', { maxRequestsPerSecond: 1, safetyFactor: 1.5 }))
      .toThrow(/Safety factor \(1.5\) must be greater than 0.0 and less than or equal 1.0/);
    expect(() => count.scaleOnInvocations('Rps', { maxRequestsPerSecond: 0 }))
      .toThrow(/maxRequestsPerSecond must be greater than 0 \(variant 'v1' maxRequestsPerSecond \(max_requests_per_second\): got 0; allowed a number greater than 0\)/);
  });

  test('scaleOnSchedule, scaleToTrackMetric and scaleOnMetric are exposed', () => {
    const { stack, endpoint } = setup();
    const variant = endpoint.findInstanceProductionVariant('v0');
    const count = variant.autoScaleInstanceCount({ maxCapacity: 4 });
    count.scaleOnSchedule('Night', { schedule: appscaling.Schedule.cron({ hour: '22', minute: '0' }), maxCapacity: 1 });
    count.scaleToTrackMetric('Cpu', { customMetric: variant.metricCpuUtilization(), targetValue: 70 });
    count.scaleOnMetric('Errors', {
      metric: variant.metricInvocation5xxErrors(),
      scalingSteps: [{ upper: 0, change: -1 }, { lower: 10, change: +1 }],
    });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
      ScheduledActions: [Match.objectLike({ Schedule: 'cron(0 22 * * ? *)', ScalableTargetAction: { MaxCapacity: 1 } })],
    });
    template.resourceCountIs('AWS::ApplicationAutoScaling::ScalingPolicy', 3);
  });
});

describe('Serverless endpoint variant', () => {
  function serverless(provisionedConcurrency?: number) {
    const { stack } = envStack();
    const model = sagemaker.Model.fromModelName(stack, 'Model', 'model');
    const config = new sagemaker.EndpointConfig(stack, 'Config', {
      serverlessProductionVariant: { variantName: 'sls', model, maxConcurrency: 20, memorySizeInMB: 2048, provisionedConcurrency },
    });
    return { stack, endpoint: new sagemaker.Endpoint(stack, 'Endpoint', { endpointConfig: config }) };
  }

  test('metrics with the serverless names', () => {
    const { endpoint } = serverless();
    const variant = endpoint.findServerlessProductionVariant('sls');
    expect(variant.metricModelSetupTime().metricName).toEqual('ModelSetupTime');
    expect(variant.metricServerlessConcurrentExecutionsUtilization().metricName).toEqual('ServerlessConcurrentExecutionsUtilization');
    expect(variant.metricMemoryUtilization().namespace).toEqual('AWS/SageMaker');
    expect(variant.metricServerlessProvisionedConcurrencySpilloverInvocations().statistic).toEqual('Sum');
    expect(() => endpoint.findServerlessProductionVariant('other'))
      .toThrow(/TestStack\/Endpoint: No serverless variant with name: 'other' \(variant name: got 'other'; allowed the serverless variant of 'TestStack\/Config': 'sls'\) \[rule: endpoint.variant.lookup\]/);
    expect(() => endpoint.findInstanceProductionVariant('sls')).toThrow(/No variant with name: 'sls' \(variant name: got 'sls'; allowed the instance production variants of 'TestStack\/Config': none\) \[rule: endpoint.variant.lookup\]/);
  });

  test('provisioned concurrency autoscaling on its utilization', () => {
    const { stack, endpoint } = serverless(5);
    const pc = endpoint.findServerlessProductionVariant('sls').autoScaleProvisionedConcurrency({ minCapacity: 1, maxCapacity: 20 });
    pc.scaleOnUtilization('Util', { targetUtilization: 0.7 });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
      ScalableDimension: 'sagemaker:variant:DesiredProvisionedConcurrency', MinCapacity: 1, MaxCapacity: 20,
    });
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      TargetTrackingScalingPolicyConfiguration: {
        PredefinedMetricSpecification: { PredefinedMetricType: 'SageMakerVariantProvisionedConcurrencyUtilization' },
        TargetValue: 0.7,
      },
    });
    expect(() => pc.scaleOnUtilization('Bad', { targetUtilization: 70 })).toThrow(/targetUtilization must be a fraction of the provisioned concurrency \(variant 'sls' targetUtilization \(target_utilization\): got 70; allowed greater than 0 and at most 1/);
  });

  test('provisioned concurrency autoscaling needs provisionedConcurrency and max ≤ maxConcurrency', () => {
    expect(() => serverless().endpoint.findServerlessProductionVariant('sls').autoScaleProvisionedConcurrency({ maxCapacity: 5 }))
      .toThrow(/variant 'sls' has no provisioned concurrency to scale \(variant 'sls' provisionedConcurrency \(provisioned_concurrency\): got none; allowed a serverless variant with provisionedConcurrency/);
    expect(() => serverless(5).endpoint.findServerlessProductionVariant('sls').autoScaleProvisionedConcurrency({ maxCapacity: 50 }))
      .toThrow(/maxCapacity cannot be greater than the variant's maxConcurrency: 20 \(variant 'sls' maxCapacity \(max_capacity\): got 50; allowed at most maxConcurrency \(max_concurrency\) 20\)/);
  });
});

describe('Pipeline import', () => {
  test('name, ARN, grant, name validation', () => {
    const { stack } = envStack('us-east-1');
    const byName = sagemaker.Pipeline.fromPipelineName(stack, 'ByName', 'Train--Nightly');
    expect(byName.pipelineName).toEqual('Train--Nightly');
    expect(stack.resolve(byName.pipelineArn)).toEqual({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':sagemaker:us-east-1:123456789012:pipeline/train--nightly']],
    });
    const role = new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com') });
    sagemaker.Pipeline.fromPipelineArn(stack, 'ByArn', 'arn:aws:sagemaker:us-east-1:123456789012:pipeline/p').grantStartPipelineExecution(role);
    expect(statements(Template.fromStack(stack))).toEqual([{
      Effect: 'Allow', Action: 'sagemaker:StartPipelineExecution', Resource: 'arn:aws:sagemaker:us-east-1:123456789012:pipeline/p',
    }]);
    expect(() => sagemaker.Pipeline.fromPipelineName(stack, 'Bad', 'a_b'))
      .toThrow(/TestStack: Pipeline 'Bad': Invalid pipeline name format: 'a_b'/);
    expect(() => sagemaker.Pipeline.fromPipelineAttributes(stack, 'None', {}))
      .toThrow(/Pipeline 'None': Either pipelineArn or pipelineName must be provided/);
  });
});

describe('findContainer: per-container metrics of a direct-invocation model', () => {
  function direct(inferenceExecutionMode?: sagemaker.InferenceExecutionMode) {
    const { stack } = envStack();
    const image = sagemaker.ContainerImage.fromDlc('pytorch-inference', '2.1');
    const model = new sagemaker.Model(stack, 'Model', {
      inferenceExecutionMode,
      containers: [{ image, containerHostname: 'tokenizer' }, { image, containerHostname: 'llm' }],
    });
    const config = new sagemaker.EndpointConfig(stack, 'Config', { instanceProductionVariants: [{ variantName: 'v', model }] });
    const endpoint = new sagemaker.Endpoint(stack, 'Endpoint', { endpointConfig: config });
    return { stack, variant: endpoint.findInstanceProductionVariant('v') };
  }

  test('metrics on EndpointName, VariantName and ContainerName', () => {
    const { stack, variant } = direct(sagemaker.InferenceExecutionMode.DIRECT);
    const container = variant.findContainer('llm');
    expect(container.containerHostname).toBe('llm');
    const latency = container.metricModelLatency();
    expect(latency.namespace).toBe('AWS/SageMaker');
    expect(latency.metricName).toBe('ModelLatency');
    expect(latency.statistic).toBe('Average');
    expect(stack.resolve(latency.dimensions)).toEqual({
      EndpointName: { 'Fn::GetAtt': ['Endpoint8024A810', 'EndpointName'] }, VariantName: 'v', ContainerName: 'llm',
    });
    const cpu = container.metricCpuUtilization();
    expect([cpu.namespace, cpu.metricName]).toEqual(['/aws/sagemaker/Endpoints', 'CPUUtilization']);
    expect(stack.resolve(container.metricInvocations().dimensions).ContainerName).toBe('llm');
    expect(container.metricInvocation5xxErrors().statistic).toBe('Sum');
  });

  test('an unknown hostname is an error naming the known ones', () => {
    const { variant } = direct(sagemaker.InferenceExecutionMode.DIRECT);
    expect(() => variant.findContainer('decoder')).toThrow("TestStack/Endpoint: No container with hostname: 'decoder' "
      + "(variant 'v' findContainer() (find_container()): got 'decoder'; allowed a container hostname of the variant's model: "
      + "'tokenizer', 'llm')");
  });

  test('a serial pipeline has no per-container metrics', () => {
    const { variant } = direct();
    expect(() => variant.findContainer('llm')).toThrow(/variant 'v' hosts a model without direct invocation, so SageMaker publishes no per-container metrics/);
  });

  test('an imported endpoint or model accepts any hostname', () => {
    const { stack } = envStack();
    const config = new sagemaker.EndpointConfig(stack, 'Config', {
      instanceProductionVariants: [{ variantName: 'v', model: sagemaker.Model.fromModelName(stack, 'M', 'm') }],
    });
    const endpoint = new sagemaker.Endpoint(stack, 'Endpoint', { endpointConfig: config });
    const metric = endpoint.findInstanceProductionVariant('v').findContainer('any').metricGpuUtilization();
    expect(stack.resolve(metric.dimensions).ContainerName).toBe('any');
  });
});
