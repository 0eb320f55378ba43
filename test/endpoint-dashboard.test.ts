import * as cdk from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sagemaker from '../src';
import { cfnLintErrors, envStack } from './util';

/* EndpointDashboard: rows per variant and component, for endpoints of this library and imported ones. */

const image = () => sagemaker.ContainerImage.fromDlc('pytorch-inference', '2.1');
const templates: Record<string, unknown> = {};

/** The widgets of the one dashboard of a stack, resolved. */
function widgets(stack: cdk.Stack): any[] {
  const dashboards = Object.values<any>(Template.fromStack(stack).findResources('AWS::CloudWatch::Dashboard'));
  expect(dashboards).toHaveLength(1);
  const body = stack.resolve(dashboards[0].Properties.DashboardBody);
  const text = typeof body === 'string' ? body : body['Fn::Join'][1].map((p: any) => (typeof p === 'string' ? p : 'TOKEN')).join('');
  templates[`dashboard-${Object.keys(templates).length}`] = Template.fromStack(stack).toJSON();
  return JSON.parse(text).widgets;
}

/** The widget titles of a row of an instance variant with a model, and of an inference component. */
const INSTANCE_ROW = [
  'Invocations', 'Errors', 'Model latency (µs)', 'Overhead latency (µs)',
  'Utilization (%)', 'Instances (invocations ÷ invocations per instance)', 'Concurrent requests per model',
];
const COMPONENT_ROW = [
  'Invocations', 'Errors', 'Model latency (µs)', 'Overhead latency (µs)',
  'Utilization of reserved resources (%)', 'Copies (invocations ÷ invocations per copy)', 'Concurrent requests per copy',
];
const titles = (ws: any[]) => ws.map(w => w.properties.title ?? w.properties.markdown);
/** The metric names of a graph widget (metric arrays: [namespace, name, dim, value, ...] or expressions). */
const metricNames = (w: any) => (w.properties.metrics ?? []).map((m: any[]) => (m[0]?.expression ? m[0].expression : `${m[0]}/${m[1]}`));

describe('an endpoint of this library', () => {
  test('a row per variant: invocations, errors, latency percentiles, utilization, instances, concurrency; then the alarms', () => {
    const { stack } = envStack();
    const model = new sagemaker.Model(stack, 'Model', { containers: [{ image: image() }] });
    const endpointConfig = new sagemaker.EndpointConfig(stack, 'Config', {
      instanceProductionVariants: [
        { variantName: 'blue', model, instanceType: sagemaker.InstanceType.G5_XLARGE },
        { variantName: 'green', model, instanceType: sagemaker.InstanceType.M5_XLARGE },
      ],
    });
    const endpoint = new sagemaker.Endpoint(stack, 'Endpoint', { endpointConfig, endpointName: 'churn' });
    new sagemaker.EndpointDashboard(stack, 'Dashboard', { endpoints: [endpoint], dashboardName: 'churn-dashboard' });
    // alarms created after the dashboard still show in its alarm widget
    const created = endpoint.addRecommendedAlarms('Alarms');
    const ws = widgets(stack);
    expect(titles(ws)).toEqual([
      '## SageMaker endpoint churn',
      '### Variant blue · ml.g5.xlarge',
      ...INSTANCE_ROW,
      '### Variant green · ml.m5.xlarge',
      ...INSTANCE_ROW,
      'Alarms',
    ]);
    const blue = ws.slice(2, 9);
    expect(blue[0].properties.metrics).toEqual([
      ['AWS/SageMaker', 'Invocations', 'EndpointName', 'churn', 'VariantName', 'blue', { label: 'Invocations', stat: 'Sum' }],
      ['AWS/SageMaker', 'InvocationsPerInstance', 'EndpointName', 'churn', 'VariantName', 'blue',
        { label: 'InvocationsPerInstance', stat: 'Sum', yAxis: 'right' }],
    ]);
    expect(metricNames(blue[1])).toEqual(['AWS/SageMaker/Invocation4XXErrors', 'AWS/SageMaker/Invocation5XXErrors', 'AWS/SageMaker/InvocationModelErrors']);
    expect(blue[2].properties.metrics.map((m: any[]) => m[m.length - 1].stat)).toEqual(['p50', 'p90', 'p99']);
    expect(blue[2].properties.yAxis.left).toEqual({ label: 'microseconds', showUnits: false, min: 0 });
    expect(blue[3].properties.metrics.map((m: any[]) => `${m[1]} ${m[m.length - 1].stat}`)).toEqual([
      'OverheadLatency p50', 'OverheadLatency p90', 'OverheadLatency p99',
    ]);
    expect(metricNames(blue[4])).toEqual([
      '/aws/sagemaker/Endpoints/CPUUtilization', '/aws/sagemaker/Endpoints/MemoryUtilization', '/aws/sagemaker/Endpoints/DiskUtilization',
      '/aws/sagemaker/Endpoints/GPUUtilization', '/aws/sagemaker/Endpoints/GPUMemoryUtilization',
    ]);
    expect(metricNames(ws[13])).not.toContain('/aws/sagemaker/Endpoints/GPUUtilization');
    expect(blue[5].properties.metrics[0][0]).toEqual({ expression: 'IF(perInstance > 0, invocations / perInstance)', label: 'instances (while there is traffic)' });
    const alarmWidget = ws[ws.length - 1];
    expect(alarmWidget.type).toBe('alarm');
    expect(alarmWidget.properties.alarms).toHaveLength(created.length);
    expect(alarmWidget.properties.alarms).toHaveLength(14); // blue on ml.g5.xlarge: 8 (with GPU); green: 6
    expect(Template.fromStack(stack).findResources('AWS::CloudWatch::Dashboard')).toMatchObject({
      [Object.keys(Template.fromStack(stack).findResources('AWS::CloudWatch::Dashboard'))[0]]: { Properties: { DashboardName: 'churn-dashboard' } },
    });
  });

  test('an async endpoint shows its backlog; a serverless variant its concurrency and cold starts', () => {
    const { stack } = envStack();
    const model = new sagemaker.Model(stack, 'Model', { containers: [{ image: image() }] });
    const asyncEndpoint = new sagemaker.Endpoint(stack, 'Async', {
      endpointName: 'scoring',
      endpointConfig: new sagemaker.EndpointConfig(stack, 'AsyncConfig', {
        instanceProductionVariants: [{ variantName: 'batch', model, instanceType: sagemaker.InstanceType.M5_XLARGE }],
        asyncInference: { outputBucket: new s3.Bucket(stack, 'Out') },
      }),
    });
    const serverless = new sagemaker.Endpoint(stack, 'Serverless', {
      endpointName: 'faq',
      endpointConfig: new sagemaker.EndpointConfig(stack, 'ServerlessConfig', {
        serverlessProductionVariant: { variantName: 'sl', model, maxConcurrency: 10, memorySizeInMB: 2048, provisionedConcurrency: 2 },
      }),
    });
    new sagemaker.EndpointDashboard(stack, 'Dashboard', { endpoints: [asyncEndpoint, serverless], period: cdk.Duration.minutes(1) });
    const ws = widgets(stack);
    expect(titles(ws)).toEqual([
      '## SageMaker endpoint scoring',
      'Backlog (requests)', 'Backlog without capacity', 'Age of oldest request (s)', 'Instances (backlog ÷ backlog per instance)',
      '### Variant batch · ml.m5.xlarge · asynchronous',
      'Errors', 'Model latency (µs)', 'Utilization (%)', 'Concurrent requests per model',
      '## SageMaker endpoint faq',
      '### Serverless variant sl',
      'Invocations', 'Errors', 'Model latency (µs)', 'Overhead latency (µs)',
      'Concurrency', 'Provisioned concurrency', 'Cold starts: ModelSetupTime (µs)', 'Memory utilization (%)',
      '**Alarms**: none yet. Create them with `addRecommendedAlarms()` (`add_recommended_alarms()`).',
    ]);
    expect(ws[1].properties.metrics).toEqual([
      ['AWS/SageMaker', 'ApproximateBacklogSize', 'EndpointName', 'scoring', { label: 'ApproximateBacklogSize', period: 60 }],
      ['AWS/SageMaker', 'ApproximateBacklogSizePerInstance', 'EndpointName', 'scoring', { label: 'ApproximateBacklogSizePerInstance', period: 60 }],
    ]);
    expect(metricNames(ws[17])).toEqual([
      'AWS/SageMaker/ServerlessProvisionedConcurrencyExecutions', 'AWS/SageMaker/ServerlessProvisionedConcurrencyInvocations',
      'AWS/SageMaker/ServerlessProvisionedConcurrencySpilloverInvocations',
    ]);
    expect(ws[ws.length - 1].type).toBe('text');
  });

  test('components of the endpoint get rows: copies, per-copy concurrency and normalized utilization', () => {
    const { stack } = envStack();
    const endpoint = new sagemaker.Endpoint(stack, 'Endpoint', {
      endpointName: 'llm',
      endpointConfig: new sagemaker.EndpointConfig(stack, 'Config', {
        instanceProductionVariants: [{ variantName: 'gpu', instanceType: sagemaker.InstanceType.G5_12XLARGE }],
      }),
    });
    const model = new sagemaker.Model(stack, 'Model', { containers: [{ image: image() }] });
    const llama = new sagemaker.InferenceComponent(stack, 'Llama', {
      endpoint,
      variantName: 'gpu',
      model,
      inferenceComponentName: 'llama',
      computeResourceRequirements: { minMemoryRequiredInMb: 8192, numberOfAcceleratorDevicesRequired: 1 },
    });
    llama.addRecommendedAlarms('Alarms');
    const other = sagemaker.InferenceComponent.fromInferenceComponentName(stack, 'Other', 'mistral');
    new sagemaker.EndpointDashboard(stack, 'Dashboard', { endpoints: [endpoint], inferenceComponents: [other] });
    const ws = widgets(stack);
    expect(titles(ws)).toEqual([
      '## SageMaker endpoint llm',
      '### Variant gpu · ml.g5.12xlarge · hosts inference components', 'Utilization (%)',
      '### Inference component llama',
      ...COMPONENT_ROW,
      '### Inference component mistral',
      ...COMPONENT_ROW,
      'Alarms',
    ]);
    expect(metricNames(ws[5])).toEqual([
      'AWS/SageMaker/Invocation4XXErrors', 'AWS/SageMaker/Invocation5XXErrors', 'AWS/SageMaker/InvocationModelErrors',
      'AWS/SageMaker/NoCapacityInvocationFailures',
    ]);
    expect(ws[4].properties.metrics[0]).toEqual(['AWS/SageMaker', 'Invocations', 'InferenceComponentName', 'llama',
      { label: 'Invocations', stat: 'Sum' }]);
    expect(metricNames(ws[8])).toEqual([
      '/aws/sagemaker/InferenceComponents/CPUUtilizationNormalized', '/aws/sagemaker/InferenceComponents/MemoryUtilizationNormalized',
      '/aws/sagemaker/InferenceComponents/GPUUtilizationNormalized', '/aws/sagemaker/InferenceComponents/GPUMemoryUtilizationNormalized',
    ]);
    expect(ws[ws.length - 1].properties.alarms).toHaveLength(8);
  });
});

describe('imported endpoints', () => {
  test('rows for the variants the caller names, with every widget', () => {
    const { stack } = envStack();
    const imported = sagemaker.Endpoint.fromEndpointName(stack, 'Imported', 'legacy');
    const variant = imported.instanceVariantByName('AllTraffic', { instanceType: sagemaker.InstanceType.G5_2XLARGE });
    const alarms = variant.addRecommendedAlarms('Alarms');
    const extra = new cloudwatch.Alarm(stack, 'Extra', {
      metric: variant.metricInvocations(), threshold: 1000, evaluationPeriods: 1,
    });
    new sagemaker.EndpointDashboard(stack, 'Dashboard', { endpoints: [imported], variants: [variant], alarms: [extra] });
    const ws = widgets(stack);
    expect(titles(ws)).toEqual([
      '## SageMaker endpoint legacy',
      '### Variant AllTraffic · ml.g5.2xlarge',
      ...INSTANCE_ROW,
      'Alarms',
    ]);
    expect(ws[2].properties.metrics[0].slice(0, 6)).toEqual(['AWS/SageMaker', 'Invocations', 'EndpointName', 'legacy', 'VariantName', 'AllTraffic']);
    expect(ws[ws.length - 1].properties.alarms).toHaveLength(alarms.length + 1);
  });

  test('a variant alone brings its endpoint; an imported endpoint without variants is an error', () => {
    const { stack } = envStack();
    const imported = sagemaker.Endpoint.fromEndpointName(stack, 'Imported', 'legacy');
    new sagemaker.EndpointDashboard(stack, 'One', { endpoints: [], variants: [imported.serverlessVariantByName('sl')] });
    expect(titles(widgets(stack)).slice(0, 2)).toEqual(['## SageMaker endpoint legacy', '### Serverless variant sl']);
    const { stack: second } = envStack();
    const other = sagemaker.Endpoint.fromEndpointName(second, 'Other', 'other');
    new sagemaker.EndpointDashboard(second, 'Two', { endpoints: [other] });
    // Checked at synth: variants given later (none here) would count.
    expect(() => Template.fromStack(second)).toThrow(
      "[TestStack/Two] EndpointDashboard needs the variants of an endpoint whose configuration is not known (variants: got none for 'TestStack/Other'; "
      + "allowed the endpoint's variants, such as instanceVariantByName() (instance_variant_by_name()) of 'AllTraffic', "
      + 'or serverlessVariantByName() (serverless_variant_by_name())) [rule: dashboard.variants.unknown]');
  });
});

test('every dashboard template passes cfn-lint', () => {
  expect(Object.keys(templates).length).toBeGreaterThanOrEqual(4);
  expect(cfnLintErrors(templates)).toEqual([]);
});

describe('rows are built when the template is made', () => {
  test('a variant added to the configuration and a component created after the dashboard are shown', () => {
    const { stack } = envStack();
    const config = new sagemaker.EndpointConfig(stack, 'Config', {
      instanceProductionVariants: [{ variantName: 'gpu', instanceType: sagemaker.InstanceType.G5_12XLARGE }],
    });
    const endpoint = new sagemaker.Endpoint(stack, 'Endpoint', { endpointConfig: config, endpointName: 'llm' });
    new sagemaker.EndpointDashboard(stack, 'Dashboard', { endpoints: [endpoint] });
    config.addInstanceProductionVariant({ variantName: 'late', instanceType: sagemaker.InstanceType.G5_2XLARGE });
    const component = new sagemaker.InferenceComponent(stack, 'Late', {
      endpoint,
      variantName: 'gpu',
      container: { image: sagemaker.ContainerImage.fromDlc('djl-inference', '0.33.0-lmi15.0.0-cu128') },
      computeResourceRequirements: { minMemoryRequiredInMb: 1024, numberOfAcceleratorDevicesRequired: 1 },
    });
    const alarms = component.addRecommendedAlarms('Alarms');
    const t = titles(widgets(stack));
    expect(t).toContain('### Variant late · ml.g5.2xlarge · hosts inference components');
    expect(t).toContain(`### Inference component ${component.inferenceComponentName}`);
    const ws = widgets(stack);
    expect(ws[ws.length - 1].properties.alarms).toHaveLength(alarms.length);
  });
});
