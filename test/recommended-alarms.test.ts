import * as cdk from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sagemaker from '../src';
import { cfnLintErrors, envStack, errorMessage } from './util';
import { gpuCount, vcpuCount } from '../src/private/instance-data';

/* Recommended alarms of variants, endpoints and components; PromQL alarms on detailed observability. */

const { Duration } = cdk;
const image = () => sagemaker.ContainerImage.fromDlc('pytorch-inference', '2.1');
const templates: Record<string, unknown> = {};
const keep = (name: string, stack: cdk.Stack) => {
  templates[name] = Template.fromStack(stack).toJSON();
};

/** The message of the error `fn` throws, without the Python names of properties. */
function thrown(fn: () => unknown): string {
  return errorMessage(fn).replace(/ \([a-z0-9_.()]+\)/g, '');
}

interface Setup {
  readonly instanceType?: sagemaker.InstanceType;
  readonly config?: Partial<sagemaker.EndpointConfigProps>;
  readonly endpointName?: string;
}

function realTime({ instanceType = sagemaker.InstanceType.M5_XLARGE, config = {}, endpointName = 'churn' }: Setup = {}) {
  const { stack } = envStack();
  const model = new sagemaker.Model(stack, 'Model', { containers: [{ image: image() }] });
  const endpointConfig = new sagemaker.EndpointConfig(stack, 'Config', {
    instanceProductionVariants: [{ variantName: 'blue', model, instanceType }],
    ...config,
  });
  const endpoint = new sagemaker.Endpoint(stack, 'Endpoint', { endpointConfig, endpointName });
  return { stack, model, endpointConfig, endpoint };
}

/**
 * The alarms of a stack by `<endpoint>-<variant>-<alarm>` (`<endpoint>-<alarm>`, `<component>-<alarm>`):
 * the target their description names and their construct id. CloudFormation names them (no AlarmName).
 */
function alarms(stack: cdk.Stack): Record<string, any> {
  const template = Template.fromStack(stack).toJSON();
  const out: Record<string, any> = {};
  for (const alarm of stack.node.findAll().filter((c): c is cloudwatch.Alarm | cloudwatch.PromQLAlarm =>
    c instanceof cloudwatch.Alarm || c instanceof cloudwatch.PromQLAlarm)) {
    const cfn = alarm.node.defaultChild as cdk.CfnResource;
    const properties = template.Resources[stack.getLogicalId(cfn)].Properties;
    const target = /^SageMaker (?:endpoint|inference component) (\S+?)(?:, variant (\S+?))?:/.exec(String(stack.resolve(properties.AlarmDescription)));
    if (target) {
      out[[target[1], ...target[2] ? [target[2]] : [], alarm.node.id].join('-')] = properties;
    }
  }
  return out;
}

const dims = (variant: string, endpoint = 'churn') => [
  { Name: 'EndpointName', Value: endpoint },
  { Name: 'VariantName', Value: variant },
];

/** The metric stat of one metric of an alarm's math expression. */
function stat(namespace: string, metricName: string, dimensions: unknown[], statistic: string, period = 60) {
  return { Metric: { Namespace: namespace, MetricName: metricName, Dimensions: dimensions }, Period: period, Stat: statistic };
}

describe('instance variants', () => {
  test('a real-time CPU variant: error rates, p90 latency, CPU per vCPU, memory, disk; no GPU alarms', () => {
    const { stack, endpoint } = realTime();
    const created = endpoint.findInstanceProductionVariant('blue').addRecommendedAlarms('BlueAlarms');
    expect(created.map(a => a.node.id)).toEqual([
      'Invocation5XXErrorRate', 'Invocation4XXErrorRate', 'ModelLatency', 'CPUUtilization', 'MemoryUtilization', 'DiskUtilization',
    ]);
    const a = alarms(stack);
    expect(Object.keys(a).sort()).toEqual([
      'churn-blue-CPUUtilization', 'churn-blue-DiskUtilization', 'churn-blue-Invocation4XXErrorRate',
      'churn-blue-Invocation5XXErrorRate', 'churn-blue-MemoryUtilization', 'churn-blue-ModelLatency',
    ]);
    expect(a['churn-blue-Invocation5XXErrorRate']).toEqual({
      AlarmDescription: 'SageMaker endpoint churn, variant blue: more than 1 % of invocations returned 5XX errors in 3 of 5 periods of 60 seconds.',
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 1,
      EvaluationPeriods: 5,
      DatapointsToAlarm: 3,
      TreatMissingData: 'notBreaching',
      Metrics: [
        { Expression: 'IF(invocations > 0, 100 * errors / invocations, 0)', Id: 'expr_1', Label: '5XX error rate (%)', ReturnData: true },
        { Id: 'errors', MetricStat: stat('AWS/SageMaker', 'Invocation5XXErrors', dims('blue'), 'Sum'), ReturnData: false },
        { Id: 'invocations', MetricStat: stat('AWS/SageMaker', 'Invocations', dims('blue'), 'Sum'), ReturnData: false },
      ],
    });
    expect(a['churn-blue-Invocation4XXErrorRate']).toMatchObject({
      Threshold: 5,
      Metrics: [
        { Expression: 'IF(invocations > 0, 100 * errors / invocations, 0)' },
        { Id: 'errors', MetricStat: stat('AWS/SageMaker', 'Invocation4XXErrors', dims('blue'), 'Sum') },
        { Id: 'invocations', MetricStat: stat('AWS/SageMaker', 'Invocations', dims('blue'), 'Sum') },
      ],
    });
    expect(a['churn-blue-ModelLatency']).toMatchObject({
      Namespace: 'AWS/SageMaker',
      MetricName: 'ModelLatency',
      Dimensions: dims('blue'),
      ExtendedStatistic: 'p90',
      Period: 60,
      Threshold: 48_000_000,
      ComparisonOperator: 'GreaterThanThreshold',
      EvaluationPeriods: 5,
      DatapointsToAlarm: 3,
      AlarmDescription: 'SageMaker endpoint churn, variant blue: ModelLatency above 48 seconds (p90) in 3 of 5 periods of 60 seconds.',
    });
    expect(a['churn-blue-CPUUtilization']).toMatchObject({
      Namespace: '/aws/sagemaker/Endpoints',
      MetricName: 'CPUUtilization',
      Dimensions: dims('blue'),
      Statistic: 'Average',
      Threshold: 360,
      EvaluationPeriods: 10,
      DatapointsToAlarm: 10,
      AlarmDescription: 'SageMaker endpoint churn, variant blue: CPUUtilization above 90 % of 4 vCPUs in 10 of 10 periods of 60 seconds.',
    });
    for (const metric of ['MemoryUtilization', 'DiskUtilization']) {
      expect(a[`churn-blue-${metric}`]).toMatchObject({
        Namespace: '/aws/sagemaker/Endpoints', MetricName: metric, Dimensions: dims('blue'), Statistic: 'Average', Threshold: 90,
      });
    }
    keep('cpu', stack);
  });

  test('a GPU variant adds GPU and GPU memory alarms, per GPU of the type (ml.g5.12xlarge: 4)', () => {
    const { stack, endpoint } = realTime({ instanceType: sagemaker.InstanceType.G5_12XLARGE });
    endpoint.findInstanceProductionVariant('blue').addRecommendedAlarms('BlueAlarms');
    const a = alarms(stack);
    expect(a['churn-blue-GPUUtilization']).toMatchObject({
      Namespace: '/aws/sagemaker/Endpoints',
      MetricName: 'GPUUtilization',
      Dimensions: dims('blue'),
      Statistic: 'Average',
      Threshold: 360,
      AlarmDescription: expect.stringContaining('GPUUtilization above 90 % of 4 GPUs'),
    });
    expect(a['churn-blue-GPUMemoryUtilization']).toMatchObject({ MetricName: 'GPUMemoryUtilization', Threshold: 360 });
    expect(a['churn-blue-CPUUtilization']).toMatchObject({ Threshold: 90 * 48 });
    keep('gpu', stack);
  });

  test('options re-threshold, switch off and notify', () => {
    const { stack, endpoint } = realTime();
    const topic = new sns.Topic(stack, 'Topic');
    const created = endpoint.findInstanceProductionVariant('blue').addRecommendedAlarms('BlueAlarms', {
      alarmActions: [new actions.SnsAction(topic)],
      okActions: [new actions.SnsAction(topic)],
      period: Duration.minutes(5),
      invocation5xxErrors: { threshold: 0.5, evaluationPeriods: 2 },
      invocation4xxErrors: { enabled: false },
      modelLatency: { threshold: Duration.millis(250), percentile: 99 },
      cpuUtilization: { enabled: false },
      diskUtilization: { treatMissingData: cloudwatch.TreatMissingData.BREACHING },
    });
    expect(created.map(a => a.node.id)).toEqual(['Invocation5XXErrorRate', 'ModelLatency', 'MemoryUtilization', 'DiskUtilization']);
    const a = alarms(stack);
    const topicRef = { Ref: stack.getLogicalId(topic.node.defaultChild as cdk.CfnElement) };
    expect(a['churn-blue-Invocation5XXErrorRate']).toMatchObject({
      Threshold: 0.5, EvaluationPeriods: 2, DatapointsToAlarm: 2, AlarmActions: [topicRef], OKActions: [topicRef],
    });
    expect(a['churn-blue-Invocation5XXErrorRate'].Metrics[1].MetricStat.Period).toBe(300);
    expect(a['churn-blue-ModelLatency']).toMatchObject({ ExtendedStatistic: 'p99', Threshold: 250_000, Period: 300 });
    expect(a['churn-blue-DiskUtilization']).toMatchObject({ TreatMissingData: 'breaching' });
  });

  test('an asynchronous endpoint counts errors (no Invocations), waits 12 minutes of latency, and alarms on a backlog without capacity', () => {
    const { stack } = envStack();
    const model = new sagemaker.Model(stack, 'Model', { containers: [{ image: image() }] });
    const bucket = new cdk.aws_s3.Bucket(stack, 'Out');
    const endpointConfig = new sagemaker.EndpointConfig(stack, 'Config', {
      instanceProductionVariants: [{ variantName: 'batch', model, instanceType: sagemaker.InstanceType.M5_XLARGE }],
      asyncInference: { outputBucket: bucket },
    });
    const endpoint = new sagemaker.Endpoint(stack, 'Endpoint', { endpointConfig, endpointName: 'scoring' });
    const created = endpoint.addRecommendedAlarms('Alarms');
    expect(created.map(x => x.node.path.split('/').slice(-2).join('/'))).toEqual([
      'batch/Invocation5XXErrors', 'batch/Invocation4XXErrors', 'batch/ModelLatency', 'batch/CPUUtilization',
      'batch/MemoryUtilization', 'batch/DiskUtilization', 'Endpoint/HasBacklogWithoutCapacity',
    ]);
    const a = alarms(stack);
    expect(a['scoring-batch-Invocation5XXErrors']).toMatchObject({
      Namespace: 'AWS/SageMaker',
      MetricName: 'Invocation5XXErrors',
      Dimensions: dims('batch', 'scoring'),
      Statistic: 'Sum',
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
    });
    expect(a['scoring-batch-Invocation4XXErrors']).toMatchObject({ MetricName: 'Invocation4XXErrors', Statistic: 'Sum', Threshold: 10 });
    expect(a['scoring-batch-ModelLatency']).toMatchObject({ ExtendedStatistic: 'p90', Threshold: 720_000_000 });
    expect(a['scoring-HasBacklogWithoutCapacity']).toMatchObject({
      Namespace: 'AWS/SageMaker',
      MetricName: 'HasBacklogWithoutCapacity',
      Dimensions: [{ Name: 'EndpointName', Value: 'scoring' }],
      Statistic: 'Maximum',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      EvaluationPeriods: 15,
      DatapointsToAlarm: 15,
    });
    keep('async', stack);
  });

  test('the period follows a longer metricPublishFrequency; a shorter one is an error', () => {
    const { stack, endpoint } = realTime({ config: { metricsConfig: { metricPublishFrequency: Duration.seconds(120) } } });
    const variant = endpoint.findInstanceProductionVariant('blue');
    variant.addRecommendedAlarms('A');
    expect(alarms(stack)['churn-blue-ModelLatency']).toMatchObject({ Period: 120 });
    expect(thrown(() => variant.addRecommendedAlarms('B', { period: Duration.minutes(1) }))).toBe(
      'TestStack/Endpoint: The alarms could never fire: their period is shorter than the metrics are published in '
      + "(period: got 60 seconds; allowed at least the endpoint configuration's metricPublishFrequency, 120 seconds) [rule: recommendedAlarms.period]");
  });

  test('a variant that hosts inference components gets the utilization alarms only', () => {
    const { stack } = envStack();
    const endpointConfig = new sagemaker.EndpointConfig(stack, 'Config', {
      instanceProductionVariants: [{ variantName: 'gpu', instanceType: sagemaker.InstanceType.G5_12XLARGE }],
    });
    const endpoint = new sagemaker.Endpoint(stack, 'Endpoint', { endpointConfig, endpointName: 'llm' });
    const variant = endpoint.findInstanceProductionVariant('gpu');
    expect(variant.addRecommendedAlarms('A').map(a => a.node.id)).toEqual([
      'CPUUtilization', 'MemoryUtilization', 'DiskUtilization', 'GPUUtilization', 'GPUMemoryUtilization',
    ]);
    expect(thrown(() => variant.addRecommendedAlarms('B', { invocation5xxErrors: { enabled: true } }))).toBe(
      'TestStack/Endpoint: The invocation5xxErrors alarm could never fire: the variant hosts inference components, whose invocation '
      + "metrics are published per component (use the components' addRecommendedAlarms(), add_recommended_alarms()) "
      + "(invocation5xxErrors.enabled: got true; allowed false or unset for variant 'gpu' of 'TestStack/Endpoint') "
      + '[rule: recommendedAlarms.enabled.neverFires]');
  });
});

describe('serverless variants', () => {
  test('error rates, latency, serverless memory and the spillover of provisioned concurrency', () => {
    const { stack } = envStack();
    const model = new sagemaker.Model(stack, 'Model', { containers: [{ image: image() }] });
    const endpointConfig = new sagemaker.EndpointConfig(stack, 'Config', {
      serverlessProductionVariant: { variantName: 'sl', model, maxConcurrency: 10, memorySizeInMB: 2048, provisionedConcurrency: 2 },
    });
    const endpoint = new sagemaker.Endpoint(stack, 'Endpoint', { endpointConfig, endpointName: 'faq' });
    const created = endpoint.findServerlessProductionVariant('sl').addRecommendedAlarms('A');
    expect(created.map(a => a.node.id)).toEqual([
      'Invocation5XXErrorRate', 'Invocation4XXErrorRate', 'ModelLatency', 'MemoryUtilization', 'ProvisionedConcurrencySpillover',
    ]);
    const a = alarms(stack);
    expect(a['faq-sl-MemoryUtilization']).toMatchObject({ Namespace: 'AWS/SageMaker', MetricName: 'MemoryUtilization', Threshold: 90 });
    expect(a['faq-sl-ProvisionedConcurrencySpillover']).toMatchObject({
      Namespace: 'AWS/SageMaker',
      MetricName: 'ServerlessProvisionedConcurrencySpilloverInvocations',
      Dimensions: dims('sl', 'faq'),
      Statistic: 'Sum',
      Threshold: 0,
      EvaluationPeriods: 5,
      DatapointsToAlarm: 3,
    });
    keep('serverless', stack);
  });

  test('without provisioned concurrency, turning the spillover alarm on is an error', () => {
    const { stack } = envStack();
    const model = new sagemaker.Model(stack, 'Model', { containers: [{ image: image() }] });
    const endpointConfig = new sagemaker.EndpointConfig(stack, 'Config', {
      serverlessProductionVariant: { variantName: 'sl', model, maxConcurrency: 10, memorySizeInMB: 2048 },
    });
    const endpoint = new sagemaker.Endpoint(stack, 'Endpoint', { endpointConfig, endpointName: 'faq' });
    const variant = endpoint.findServerlessProductionVariant('sl');
    expect(variant.addRecommendedAlarms('A').map(a => a.node.id)).not.toContain('ProvisionedConcurrencySpillover');
    expect(thrown(() => variant.addRecommendedAlarms('B', { provisionedConcurrencySpillover: { enabled: true } }))).toContain(
      'The provisionedConcurrencySpillover alarm could never fire: the variant has no provisionedConcurrency');
  });
});

describe('imported endpoints', () => {
  test('a variant named by the caller has metrics and alarms on the imported name; CPU alarms need its instance type', () => {
    const { stack } = envStack();
    const imported = sagemaker.Endpoint.fromEndpointName(stack, 'Imported', 'legacy-endpoint');
    const plain = imported.instanceVariantByName('AllTraffic');
    expect(plain.addRecommendedAlarms('A').map(a => a.node.id)).toEqual([
      'Invocation5XXErrorRate', 'Invocation4XXErrorRate', 'ModelLatency', 'MemoryUtilization', 'DiskUtilization',
    ]);
    expect(thrown(() => plain.addRecommendedAlarms('B', { gpuUtilization: { enabled: true } }))).toContain(
      'The gpuUtilization alarm could never fire: the instance type is not known (give instanceType to '
      + 'instanceVariantByName(), instance_variant_by_name())');
    const typed = imported.instanceVariantByName('AllTraffic', { instanceType: sagemaker.InstanceType.C5_2XLARGE });
    expect(typed.addRecommendedAlarms('C').map(a => a.node.id)).toContain('CPUUtilization');
    expect(thrown(() => typed.addRecommendedAlarms('D', { gpuUtilization: { enabled: true } }))).toContain(
      'The gpuUtilization alarm could never fire: ml.c5.2xlarge has no GPU');
    const a = alarms(stack);
    expect(a['legacy-endpoint-AllTraffic-Invocation5XXErrorRate'].Metrics[1].MetricStat.Metric.Dimensions).toEqual(
      dims('AllTraffic', 'legacy-endpoint'));
    expect(a['legacy-endpoint-AllTraffic-CPUUtilization']).toMatchObject({ Threshold: 90 * 8 });
    // a second set for the same variant is a second set of alarms; CloudFormation names every one (no collision)
    const resources = Object.values(Template.fromStack(stack).findResources('AWS::CloudWatch::Alarm'));
    expect(resources).toHaveLength(5 + 6);
    expect(resources.filter(r => r.Properties.AlarmName !== undefined)).toEqual([]);
    expect(imported.metricApproximateBacklogSize().dimensions).toEqual({ EndpointName: 'legacy-endpoint' });
    keep('imported', stack);
  });

  test('findInstanceProductionVariant still throws for an imported configuration; instanceVariantByName does not', () => {
    const { stack } = envStack();
    const endpointConfig = sagemaker.EndpointConfig.fromEndpointConfigName(stack, 'Config', 'cfg');
    const endpoint = new sagemaker.Endpoint(stack, 'Endpoint', { endpointConfig, endpointName: 'ep' });
    expect(() => endpoint.findInstanceProductionVariant('AllTraffic')).toThrow(/Production variant lookup is not supported/);
    expect(endpoint.instanceVariantByName('AllTraffic').metricInvocations().dimensions).toEqual({ EndpointName: 'ep', VariantName: 'AllTraffic' });
  });

  test('an endpoint with a known configuration rejects a variant name it does not have', () => {
    const { endpoint } = realTime();
    expect(() => endpoint.instanceVariantByName('green')).toThrow(/No variant with name: 'green'|green/);
  });

  test('imported serverless variants: spillover on with a given provisioned concurrency; autoscaling without the facts', () => {
    const { stack } = envStack();
    const imported = sagemaker.Endpoint.fromEndpointName(stack, 'Imported', 'faq');
    expect(imported.serverlessVariantByName('sl').addRecommendedAlarms('A').map(a => a.node.id)).not.toContain('ProvisionedConcurrencySpillover');
    expect(imported.serverlessVariantByName('sl', { provisionedConcurrency: 2, maxConcurrency: 10 }).addRecommendedAlarms('B')
      .map(a => a.node.id)).toContain('ProvisionedConcurrencySpillover');
    const scaling = imported.serverlessVariantByName('sl').autoScaleProvisionedConcurrency({ maxCapacity: 5 });
    expect(scaling).toBeDefined();
    Template.fromStack(stack).hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
      ResourceId: 'endpoint/faq/variant/sl', ScalableDimension: 'sagemaker:variant:DesiredProvisionedConcurrency', MaxCapacity: 5,
    });
  });
});

/** A component-hosting GPU endpoint `llm` with one component `llama` that reserves a GPU. */
function componentSetup() {
  const { stack } = envStack();
  const endpointConfig = new sagemaker.EndpointConfig(stack, 'Config', {
    instanceProductionVariants: [{ variantName: 'gpu', instanceType: sagemaker.InstanceType.G5_12XLARGE }],
  });
  const endpoint = new sagemaker.Endpoint(stack, 'Endpoint', { endpointConfig, endpointName: 'llm' });
  const model = new sagemaker.Model(stack, 'Model', { containers: [{ image: image() }] });
  const base = new sagemaker.InferenceComponent(stack, 'Base', {
    endpoint,
    variantName: 'gpu',
    model,
    inferenceComponentName: 'llama',
    computeResourceRequirements: { minMemoryRequiredInMb: 8192, numberOfAcceleratorDevicesRequired: 1 },
  });
  return { stack, endpoint, model, base };
}

describe('inference components', () => {

  test('component dimension, error rates, no-capacity failures and normalized utilization with GPU', () => {
    const { stack, base } = componentSetup();
    expect(base.addRecommendedAlarms('Alarms').map(a => a.node.id)).toEqual([
      'Invocation5XXErrorRate', 'Invocation4XXErrorRate', 'ModelLatency', 'NoCapacityInvocationFailures',
      'CPUUtilizationNormalized', 'MemoryUtilizationNormalized', 'GPUUtilizationNormalized', 'GPUMemoryUtilizationNormalized',
    ]);
    const a = alarms(stack);
    const ic = [{ Name: 'InferenceComponentName', Value: 'llama' }];
    expect(a['llama-Invocation5XXErrorRate'].Metrics.slice(1).map((m: any) => m.MetricStat)).toEqual([
      stat('AWS/SageMaker', 'Invocation5XXErrors', ic, 'Sum'), stat('AWS/SageMaker', 'Invocations', ic, 'Sum'),
    ]);
    expect(a['llama-NoCapacityInvocationFailures']).toMatchObject({
      Namespace: 'AWS/SageMaker',
      MetricName: 'NoCapacityInvocationFailures',
      Dimensions: ic,
      Statistic: 'Sum',
      Threshold: 0,
      EvaluationPeriods: 10,
      DatapointsToAlarm: 10,
      AlarmDescription: 'SageMaker inference component llama: more than 0 invocations per period failed because no copy was running'
        + ' in 10 of 10 periods of 60 seconds.',
    });
    expect(a['llama-GPUMemoryUtilizationNormalized']).toMatchObject({
      Namespace: '/aws/sagemaker/InferenceComponents', MetricName: 'GPUMemoryUtilizationNormalized', Dimensions: ic, Threshold: 90,
    });
    keep('component', stack);
  });

  test('an adapter gets the invocation alarms only; a component without accelerators no GPU alarms', () => {
    const { stack, endpoint, model, base } = componentSetup();
    const adapter = new sagemaker.InferenceComponent(stack, 'Adapter', {
      endpoint,
      variantName: 'gpu',
      baseInferenceComponent: base,
      inferenceComponentName: 'llama-sql',
      container: { artifact: sagemaker.ModelData.fromAsset(`${__dirname}/fixtures/model.tar.gz`) },
    });
    expect(adapter.addRecommendedAlarms('A').map(a => a.node.id)).toEqual(['Invocation5XXErrorRate', 'Invocation4XXErrorRate', 'ModelLatency']);
    expect(thrown(() => adapter.addRecommendedAlarms('B', { noCapacityInvocationFailures: { enabled: true } }))).toContain(
      'could never fire: an adapter runs in the copies of its base component');
    const cpu = new sagemaker.InferenceComponent(stack, 'Cpu', {
      endpoint, variantName: 'gpu', model, inferenceComponentName: 'embed', computeResourceRequirements: { minMemoryRequiredInMb: 1024 },
    });
    expect(cpu.addRecommendedAlarms('A').map(a => a.node.id)).not.toContain('GPUUtilizationNormalized');
    const imported = sagemaker.InferenceComponent.fromInferenceComponentName(stack, 'Imported', 'other');
    expect(imported.addRecommendedAlarms('A').map(a => a.node.id)).toEqual([
      'Invocation5XXErrorRate', 'Invocation4XXErrorRate', 'ModelLatency', 'NoCapacityInvocationFailures',
    ]);
    expect(imported.addRecommendedAlarms('B', { gpuUtilizationNormalized: { enabled: true } }).map(a => a.node.id)).toContain(
      'GPUUtilizationNormalized');
  });
});

describe('no alarm that could never fire', () => {
  test.each([
    ['a rate of 100 %', { invocation5xxErrors: { threshold: 100 } },
      'The invocation5xxErrors alarm could never fire: the metric cannot exceed 100 % (invocation5xxErrors.threshold: got 100; allowed below 100 %) [rule: recommendedAlarms.threshold]'],
    ['a negative count', { invocation4xxErrors: { threshold: -1 } },
      "The invocation4xxErrors alarm's threshold must be 0 or more (invocation4xxErrors.threshold: got -1; allowed 0 or more %) [rule: recommendedAlarms.threshold]"],
    ['memory above 100 %', { memoryUtilization: { threshold: 120 } },
      'The memoryUtilization alarm could never fire: the metric cannot exceed 100 % (memoryUtilization.threshold: got 120; allowed below 100 %) [rule: recommendedAlarms.threshold]'],
    ['GPU on a CPU type', { gpuUtilization: { enabled: true } },
      "The gpuUtilization alarm could never fire: ml.m5.xlarge has no GPU (gpuUtilization.enabled: got true; allowed false or unset for variant 'blue' of 'TestStack/Endpoint') [rule: recommendedAlarms.enabled.neverFires]"],
    ['more datapoints than periods', { modelLatency: { evaluationPeriods: 2, datapointsToAlarm: 3 } },
      "The modelLatency alarm's datapointsToAlarm must be from 1 to its evaluationPeriods (modelLatency.datapointsToAlarm: got 3; allowed an integer from 1 to 2) [rule: recommendedAlarms.evaluation]"],
    ['zero evaluation periods', { diskUtilization: { evaluationPeriods: 0 } },
      "The diskUtilization alarm's evaluationPeriods must be an integer 1 or more (diskUtilization.evaluationPeriods: got 0; allowed an integer 1 or more) [rule: recommendedAlarms.evaluation]"],
    ['a period of 45 s', { period: Duration.seconds(45) },
      "The alarms' period must be 10 seconds, 30 seconds or a multiple of 60 seconds (period: got 45 seconds; allowed 10, 30, 60, 120, ... seconds) [rule: recommendedAlarms.period]"],
    ['p100 latency', { modelLatency: { percentile: 100 } },
      'modelLatency.percentile must be above 0 and below 100 (modelLatency.percentile: got 100; allowed a number above 0 and below 100) [rule: recommendedAlarms.latency]'],
    ['a latency under 1 ms', { modelLatency: { threshold: Duration.millis(0) } },
      'modelLatency.threshold must be at least 1 millisecond (modelLatency.threshold: got 0 ms; allowed a duration of 1 millisecond or more) [rule: recommendedAlarms.latency]'],
    ['more than a day of evaluation', { cpuUtilization: { evaluationPeriods: 1441, datapointsToAlarm: 1 } },
      'The cpuUtilization alarm evaluates more than CloudWatch allows (cpuUtilization.evaluationPeriods: got 1441 periods of 60 seconds; allowed at most 86400 seconds in all) [rule: recommendedAlarms.evaluationRange]'],
  ])('%s', (_, options, message) => {
    const { endpoint } = realTime();
    expect(thrown(() => endpoint.findInstanceProductionVariant('blue').addRecommendedAlarms('A', options as sagemaker.RecommendedAlarmsOptions)))
      .toBe(`TestStack/Endpoint: ${message}`);
  });

  test('a token threshold is not checked', () => {
    const { stack, endpoint } = realTime();
    const threshold = new cdk.CfnParameter(stack, 'T', { type: 'Number' }).valueAsNumber;
    expect(endpoint.findInstanceProductionVariant('blue').addRecommendedAlarms('A', { invocation5xxErrors: { threshold } })).toHaveLength(6);
  });

  test('no recommended alarm averages a 0/1 error metric, and every threshold is below what its metric can reach', () => {
    for (const template of Object.values<any>(templates)) {
      for (const alarm of Object.values<any>(template.Resources).filter((r: any) => r.Type === 'AWS::CloudWatch::Alarm')) {
        const p = alarm.Properties;
        const metrics = [p, ...(p.Metrics ?? []).map((m: any) => m.MetricStat && { ...m.MetricStat.Metric, Statistic: m.MetricStat.Stat })]
          .filter((m: any) => m?.MetricName);
        for (const m of metrics) {
          if (/Invocation[45]XXErrors/.test(m.MetricName)) {
            expect(m.Statistic).toBe('Sum');
          }
        }
        if (p.Metrics || /Utilization/.test(p.MetricName ?? '')) {
          const perUnit = /CPUUtilization$|GPUUtilization$|GPUMemoryUtilization$/.test(p.MetricName ?? '') ? 48 : 1;
          expect(p.Threshold).toBeLessThan(100 * perUnit);
        }
      }
    }
  });
});

describe('rollback', () => {
  test('recommended alarms of a named endpoint roll its canary back (no cycle)', () => {
    const { stack } = envStack();
    const model = new sagemaker.Model(stack, 'Model', { containers: [{ image: image() }] });
    const endpointConfig = new sagemaker.EndpointConfig(stack, 'Config', {
      instanceProductionVariants: [{ variantName: 'blue', model, instanceType: sagemaker.InstanceType.M5_XLARGE, initialInstanceCount: 2 }],
    });
    const endpoint = new sagemaker.Endpoint(stack, 'Endpoint', {
      endpointConfig,
      endpointName: 'churn',
      deployment: sagemaker.DeploymentStrategy.canary({ canarySize: sagemaker.CapacitySize.instances(1), waitInterval: Duration.minutes(10) }),
    });
    const created = endpoint.findInstanceProductionVariant('blue').addRecommendedAlarms('Alarms');
    created.filter(a => ['Invocation5XXErrorRate', 'ModelLatency'].includes(a.node.id)).forEach(a => endpoint.addRollbackAlarm(a));
    const config = Object.values<any>(Template.fromStack(stack).findResources('AWS::SageMaker::Endpoint'))[0].Properties.DeploymentConfig;
    expect(config.AutoRollbackConfiguration.Alarms).toHaveLength(2);
    expect(() => cdk.App.of(stack)!.synth()).not.toThrow();
    keep('rollback', stack);
  });

  test('on an endpoint without a name they would be a cycle, rejected at synth', () => {
    const { stack } = envStack();
    const model = new sagemaker.Model(stack, 'Model', { containers: [{ image: image() }] });
    const endpointConfig = new sagemaker.EndpointConfig(stack, 'Config', {
      instanceProductionVariants: [{ variantName: 'blue', model, instanceType: sagemaker.InstanceType.M5_XLARGE }],
    });
    const endpoint = new sagemaker.Endpoint(stack, 'Endpoint', { endpointConfig });
    const [first] = endpoint.findInstanceProductionVariant('blue').addRecommendedAlarms('Alarms');
    endpoint.addRollbackAlarm(first);
    expect(() => cdk.App.of(stack)!.synth()).toThrow(/endpointName/);
  });
});

describe('detailed observability (PromQL)', () => {
  test('insufficient capacity on the endpoint and time to first token per component', () => {
    const { stack, endpoint, base: component } = componentSetup();
    const topic = new sns.Topic(stack, 'Topic');
    const endpointAlarms = endpoint.addDetailedObservabilityAlarms('Prom', { alarmActions: [new actions.SnsAction(topic)] });
    const componentAlarms = component.addDetailedObservabilityAlarms('Prom', {
      timeToFirstToken: { framework: sagemaker.InferenceFramework.VLLM, threshold: Duration.millis(1500), percentile: 95 },
      evaluationInterval: Duration.seconds(30),
    });
    expect([...endpointAlarms, ...componentAlarms].map(a => a.node.id)).toEqual(['InsufficientCapacity', 'TimeToFirstToken']);
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      EvaluationCriteria: {
        PromQLCriteria: {
          Query: 'sum by ("aws.sagemaker.endpoint.name") (max_over_time({"ICECount", "aws.sagemaker.endpoint.name"="llm"}[5m])) > 0',
        },
      },
      EvaluationInterval: 60,
      AlarmActions: [{ Ref: stack.getLogicalId(topic.node.defaultChild as cdk.CfnElement) }],
    });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      EvaluationCriteria: {
        PromQLCriteria: {
          Query: 'histogram_quantile(0.95, sum by ("aws.sagemaker.inference_component.name") (rate({"vllm:time_to_first_token_seconds", '
            + '"aws.sagemaker.inference_component.name"="llama"}[5m]))) > 1.5',
          PendingPeriod: 180,
        },
      },
      EvaluationInterval: 30,
    });
    keep('promql', stack);
  });

  test('a variant of an endpoint without components: time to first token by endpoint and variant labels', () => {
    const { stack, endpoint } = realTime({ instanceType: sagemaker.InstanceType.G5_12XLARGE });
    endpoint.findInstanceProductionVariant('blue').addDetailedObservabilityAlarms('Prom', {
      timeToFirstToken: { framework: sagemaker.InferenceFramework.SGLANG },
    });
    Template.fromStack(stack).hasResourceProperties('AWS::CloudWatch::Alarm', {
      EvaluationCriteria: {
        PromQLCriteria: {
          Query: 'histogram_quantile(0.9, sum by ("aws.sagemaker.endpoint.name", "aws.sagemaker.variant.name") (rate({"sglang:time_to_first_token_seconds", '
            + '"aws.sagemaker.endpoint.name"="churn", "aws.sagemaker.variant.name"="blue"}[5m]))) > 2',
        },
      },
    });
  });

  test('turned off by the configuration, or an interval out of range, is an error', () => {
    const { endpoint } = realTime({ config: { metricsConfig: { enableDetailedObservability: false } } });
    expect(thrown(() => endpoint.addDetailedObservabilityAlarms('Prom'))).toBe(
      "TestStack/Endpoint: The alarms of 'TestStack/Endpoint' could never fire: its endpoint configuration turns detailed observability off "
      + '(metricsConfig.enableDetailedObservability: got false; allowed true or unset (on for configurations created after 2026-06-17)) '
      + '[rule: detailedObservabilityAlarms.disabled]');
    const other = realTime().endpoint;
    expect(thrown(() => other.addDetailedObservabilityAlarms('Prom', { evaluationInterval: Duration.seconds(5) }))).toBe(
      'TestStack/Endpoint: evaluationInterval must be between 10 and 3600 seconds (evaluationInterval: got 5 seconds; allowed whole seconds from 10 to 3600) '
      + '[rule: detailedObservabilityAlarms.evaluationInterval]');
  });
});

test('every template passes cfn-lint', () => {
  expect(Object.keys(templates).length).toBeGreaterThanOrEqual(8);
  expect(cfnLintErrors(templates)).toEqual([]);
});

describe('the instance data behind per-vCPU and per-GPU thresholds', () => {
  test.each([
    ['ml.m5.large', 2, 0], ['ml.t2.medium', 2, 0], ['ml.c7i.48xlarge', 192, 0], ['ml.g4dn.xlarge', 4, 1], ['ml.g4dn.12xlarge', 48, 4],
    ['ml.g5.48xlarge', 192, 8], ['ml.p4d.24xlarge', 96, 8], ['ml.p5.4xlarge', 16, 1], ['ml.inf2.xlarge', 4, 0], ['ml.g7e.2xlarge', 8, 1],
    ['ml.c4.8xlarge', 36, 0], ['ml.p3.2xlarge', undefined, 1], ['ml.p6e-gb200.36xlarge', undefined, undefined],
  ])('%s: %s vCPUs, %s GPUs', (type, vcpus, gpus) => {
    expect(vcpuCount(type)).toBe(vcpus);
    expect(gpuCount(type)).toBe(gpus);
  });

  test('a GPU type whose GPU count is not known gets no GPU alarms, and turning one on is an error', () => {
    const { endpoint } = realTime({ instanceType: sagemaker.InstanceType.of('ml.p6e-gb200.36xlarge') });
    const variant = endpoint.findInstanceProductionVariant('blue');
    expect(variant.addRecommendedAlarms('A').map(a => a.node.id)).not.toContain('GPUUtilization');
    expect(thrown(() => variant.addRecommendedAlarms('B', { gpuMemoryUtilization: { enabled: true } }))).toContain(
      'The gpuMemoryUtilization alarm could never fire: the GPU count of ml.p6e-gb200.36xlarge is not known');
  });
});

describe('options for an alarm that is not created', () => {
  const notCreated = (stack: cdk.Stack) => Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('notCreated'))
    .map(w => String(w.entry.data));

  test('a threshold for the GPU alarm of a CPU type is a warning naming the option, not dropped silently', () => {
    const { stack, endpoint } = realTime();
    const created = endpoint.findInstanceProductionVariant('blue').addRecommendedAlarms('A', { gpuUtilization: { threshold: 80 } });
    expect(created.map(a => a.node.id)).not.toContain('GPUUtilization');
    expect(notCreated(stack)).toEqual([
      'gpuUtilization (gpu_utilization) options are given (threshold), but the gpuUtilization alarm is not created: ml.m5.xlarge has no GPU. '
      + 'Remove the options. [rule: recommendedAlarms.options.notCreated] [ack: cdk-sagemaker-hosting:notCreated]',
    ]);
  });

  test('on an imported variant whose metrics are not known, it says to turn the alarm on', () => {
    const { stack } = realTime();
    const imported = sagemaker.Endpoint.fromEndpointName(stack, 'Imported', 'churn');
    imported.instanceVariantByName('AllTraffic').addRecommendedAlarms('A', { cpuUtilization: { threshold: 70, evaluationPeriods: 3 } });
    expect(notCreated(stack)).toEqual([expect.stringContaining('cpuUtilization (cpu_utilization) options are given (threshold, '
      + 'evaluationPeriods (evaluation_periods)), but the cpuUtilization alarm is not created: ')]);
  });

  test('options of an alarm that is created, or turned off on purpose, are not warned about', () => {
    const { stack, endpoint } = realTime();
    endpoint.findInstanceProductionVariant('blue').addRecommendedAlarms('A', {
      cpuUtilization: { threshold: 70 },
      gpuUtilization: { enabled: false, threshold: 80 },
    });
    expect(notCreated(stack)).toEqual([]);
  });
});

describe('alarm names', () => {
  test('CloudFormation names the alarms unless alarmNamePrefix is given; the prefix names them <prefix>-<variant>-<alarm>', () => {
    const { stack, endpoint } = realTime();
    const variant = endpoint.findInstanceProductionVariant('blue');
    const unnamed = variant.addRecommendedAlarms('A');
    const named = variant.addRecommendedAlarms('B', { alarmNamePrefix: 'prod' });
    const endpointLevel = endpoint.addRecommendedAlarms('C', { alarmNamePrefix: 'all' });
    const prom = endpoint.addDetailedObservabilityAlarms('D', { alarmNamePrefix: 'prom' });
    const name = (alarm: cloudwatch.IAlarm) => stack.resolve((alarm.node.defaultChild as cloudwatch.CfnAlarm).alarmName);
    expect(unnamed.map(name)).toEqual(unnamed.map(() => undefined));
    expect(named.map(name)).toEqual(['prod-blue-Invocation5XXErrorRate', 'prod-blue-Invocation4XXErrorRate', 'prod-blue-ModelLatency',
      'prod-blue-CPUUtilization', 'prod-blue-MemoryUtilization', 'prod-blue-DiskUtilization']);
    expect(endpointLevel.map(name)).toContain('all-blue-ModelLatency');
    expect(stack.resolve((prom[0].node.defaultChild as cloudwatch.CfnAlarm).alarmName)).toBe('prom-InsufficientCapacity');
  });

  test('two stacks alarming the same imported endpoint do not collide', () => {
    const app = new cdk.App();
    const stacks = ['One', 'Two'].map(id => {
      const stack = new cdk.Stack(app, id, { env: { account: '123456789012', region: 'us-west-2' } });
      sagemaker.Endpoint.fromEndpointName(stack, 'Shared', 'shared').instanceVariantByName('AllTraffic').addRecommendedAlarms('A');
      return stack;
    });
    const names = stacks.map(stack => Object.values(Template.fromStack(stack).findResources('AWS::CloudWatch::Alarm'))
      .map(r => r.Properties.AlarmName));
    expect(names.flat()).toHaveLength(10);
    expect(names.flat()).toEqual(names.flat().map(() => undefined));
  });

  test('a prefix that makes a name longer than 255 characters, or an empty one, is an error', () => {
    const { endpoint } = realTime();
    const variant = endpoint.findInstanceProductionVariant('blue');
    // the longest name here is <prefix>-blue-Invocation5XXErrorRate: 28 characters besides the prefix
    expect(variant.addRecommendedAlarms('Fits', { alarmNamePrefix: 'p'.repeat(227) })).toHaveLength(6);
    expect(() => variant.addRecommendedAlarms('TooLong', { alarmNamePrefix: 'p'.repeat(228) })).toThrow(
      `TestStack/Endpoint: The alarm name '${'p'.repeat(228)}-blue-Invocation5XXErrorRate' is longer than CloudWatch allows `
      + `(alarmNamePrefix (alarm_name_prefix): got '${'p'.repeat(228)}', 228 characters; allowed a prefix that keeps every alarm `
      + 'name at most 255 characters (227 characters here)) [rule: recommendedAlarms.alarmNamePrefix]');
    expect(() => endpoint.addDetailedObservabilityAlarms('Empty', { alarmNamePrefix: '' })).toThrow(
      'TestStack/Endpoint: alarmNamePrefix must not be empty (alarmNamePrefix (alarm_name_prefix): got \'\'; allowed at least 1 character) '
      + '[rule: detailedObservabilityAlarms.alarmNamePrefix]');
    // a prefix that is a token is not checked
    expect(variant.addRecommendedAlarms('Token', { alarmNamePrefix: cdk.Lazy.string({ produce: () => 'x' }) })).toHaveLength(6);
  });
});
