import * as cdk from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as sagemaker from '../src';
import { cfnLintErrors, envStack } from './util';

/*
 * Every policy of ScalableInstanceCount, as Application Auto Scaling gets it: the scalable target
 * (namespace, dimension, resource id) and each policy's metric, namespace, dimensions and statistic.
 */

function variant(instanceType = sagemaker.InstanceType.M5_XLARGE) {
  const { stack } = envStack();
  const model = new sagemaker.Model(stack, 'Model', { containers: [{ image: sagemaker.ContainerImage.fromDlc('pytorch-inference', '2.1') }] });
  const config = new sagemaker.EndpointConfig(stack, 'Config', {
    instanceProductionVariants: [{ variantName: 'main', model, instanceType, initialInstanceCount: 2 }],
  });
  const ep = new sagemaker.Endpoint(stack, 'Endpoint', { endpointConfig: config, retainAllVariantProperties: true });
  const endpointName = { 'Fn::GetAtt': [stack.getLogicalId(ep.node.defaultChild as cdk.CfnElement), 'EndpointName'] };
  return { stack, ep, v: ep.findInstanceProductionVariant('main'), endpointName };
}

/** The target-tracking configuration of the policy with this construct id. */
function tracking(template: Template, id: string): any {
  const [policy] = Object.entries(template.findResources('AWS::ApplicationAutoScaling::ScalingPolicy'))
    .filter(([logicalId]) => logicalId.includes(id)).map(([, p]) => p as any);
  expect(policy.Properties.PolicyType).toBe('TargetTrackingScaling');
  return policy.Properties.TargetTrackingScalingPolicyConfiguration;
}

const variantDimensions = (endpointName: unknown) => [{ Name: 'EndpointName', Value: endpointName }, { Name: 'VariantName', Value: 'main' }];

test('one scalable target for the variant\'s instance count, and each policy on its metric', () => {
  const { stack, v, endpointName } = variant(sagemaker.InstanceType.G5_XLARGE);
  const count = v.autoScaleInstanceCount({ minCapacity: 2, maxCapacity: 8 });
  count.scaleOnInvocations('Rps', { maxRequestsPerSecond: 20, safetyFactor: 0.5 });
  count.scaleOnConcurrentRequests('Concurrency', { targetConcurrentRequests: 4, scaleInCooldown: cdk.Duration.minutes(10) });
  count.scaleOnCpuUtilization('Cpu', { targetUtilizationPercent: 280, scaleOutCooldown: cdk.Duration.minutes(2) });
  count.scaleOnGpuUtilization('Gpu', { targetUtilizationPercent: 70, disableScaleIn: true });
  count.scaleToTrackMetric('Memory', { customMetric: v.metricMemoryUtilization(), targetValue: 75 });
  count.scaleOnMetric('Errors', {
    metric: v.metricInvocation5xxErrors({ period: cdk.Duration.minutes(1) }),
    scalingSteps: [{ upper: 0, change: -1 }, { lower: 10, change: +2 }],
    adjustmentType: appscaling.AdjustmentType.CHANGE_IN_CAPACITY,
  });
  count.scaleOnSchedule('Night', { schedule: appscaling.Schedule.cron({ hour: '22', minute: '0' }), minCapacity: 2, maxCapacity: 2 });
  const template = Template.fromStack(stack);

  template.resourceCountIs('AWS::ApplicationAutoScaling::ScalableTarget', 1);
  template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
    ServiceNamespace: 'sagemaker',
    ScalableDimension: 'sagemaker:variant:DesiredInstanceCount',
    ResourceId: { 'Fn::Join': ['', ['endpoint/', endpointName, '/variant/main']] },
    MinCapacity: 2,
    MaxCapacity: 8,
    ScheduledActions: [{ ScheduledActionName: 'Night', Schedule: 'cron(0 22 * * ? *)', ScalableTargetAction: { MinCapacity: 2, MaxCapacity: 2 } }],
  });
  // 6 policies; the step policy has two alarms
  template.resourceCountIs('AWS::ApplicationAutoScaling::ScalingPolicy', 7);

  expect(tracking(template, 'Rps')).toEqual({
    TargetValue: 600,
    PredefinedMetricSpecification: { PredefinedMetricType: 'SageMakerVariantInvocationsPerInstance' },
  });
  expect(tracking(template, 'Concurrency')).toEqual({
    TargetValue: 4,
    ScaleInCooldown: 600,
    PredefinedMetricSpecification: { PredefinedMetricType: 'SageMakerVariantConcurrentRequestsPerModelHighResolution' },
  });
  expect(tracking(template, 'Cpu')).toEqual({
    TargetValue: 280,
    ScaleOutCooldown: 120,
    CustomizedMetricSpecification: {
      Namespace: '/aws/sagemaker/Endpoints', MetricName: 'CPUUtilization', Statistic: 'Average', Dimensions: variantDimensions(endpointName),
    },
  });
  expect(tracking(template, 'Gpu')).toEqual({
    TargetValue: 70,
    DisableScaleIn: true,
    CustomizedMetricSpecification: {
      Namespace: '/aws/sagemaker/Endpoints', MetricName: 'GPUUtilization', Statistic: 'Average', Dimensions: variantDimensions(endpointName),
    },
  });
  expect(tracking(template, 'Memory')).toEqual({
    TargetValue: 75,
    CustomizedMetricSpecification: {
      Namespace: '/aws/sagemaker/Endpoints', MetricName: 'MemoryUtilization', Statistic: 'Average', Dimensions: variantDimensions(endpointName),
    },
  });
  template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
    PolicyType: 'StepScaling',
    StepScalingPolicyConfiguration: Match.objectLike({
      AdjustmentType: 'ChangeInCapacity',
      StepAdjustments: [{ MetricIntervalLowerBound: 0, ScalingAdjustment: 2 }],
    }),
  });
  template.hasResourceProperties('AWS::CloudWatch::Alarm', {
    Namespace: 'AWS/SageMaker',
    MetricName: 'Invocation5XXErrors',
    Statistic: 'Sum',
    Period: 60,
    Dimensions: variantDimensions(endpointName),
    Threshold: 10,
    ComparisonOperator: 'GreaterThanOrEqualToThreshold',
  });
  expect(Annotations.fromStack(stack).findWarning('*', Match.anyValue())).toEqual([]);
  expect(cfnLintErrors({ autoscaling: template.toJSON() })).toEqual([]);
});

test('scaleOnGpuUtilization on a CPU instance is warned about: it publishes no GPUUtilization', () => {
  const { stack, v } = variant(sagemaker.InstanceType.M5_XLARGE);
  v.autoScaleInstanceCount({ maxCapacity: 4 }).scaleOnGpuUtilization('Gpu', { targetUtilizationPercent: 70 });
  expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('gpuUtilizationWithoutGpu')).map(w => w.entry.data)).toEqual([
    "scaleOnGpuUtilization() (scale_on_gpu_utilization()) tracks GPUUtilization, but the variant runs on 'ml.m5.xlarge', which has no GPU "
    + 'and publishes no GPUUtilization: the policy never scales. Use scaleOnCpuUtilization() (scale_on_cpu_utilization()) or a GPU instance '
    + 'type. [rule: utilizationScaling.gpuUtilizationWithoutGpu] [ack: cdk-sagemaker-hosting:gpuUtilizationWithoutGpu]',
  ]);
});

test.each([['scaleOnCpuUtilization', 'CPU cores'], ['scaleOnGpuUtilization', 'GPUs']] as const)('%s needs a positive target', (method, units) => {
  const { v } = variant(sagemaker.InstanceType.G5_XLARGE);
  const count = v.autoScaleInstanceCount({ maxCapacity: 4 });
  expect(() => count[method]('Zero', { targetUtilizationPercent: 0 })).toThrow('TestStack/Endpoint/InstanceCount: targetUtilizationPercent must be '
    + "positive (variant 'main' targetUtilizationPercent (target_utilization_percent): got 0; allowed a number above 0 (percent, summed "
    + `over the instance's ${units}))`);
});

test('a token target is not checked', () => {
  const { stack, v } = variant();
  const target = new cdk.CfnParameter(stack, 'Target', { type: 'Number' }).valueAsNumber;
  v.autoScaleInstanceCount({ maxCapacity: 4 }).scaleOnCpuUtilization('Cpu', { targetUtilizationPercent: target });
  expect(tracking(Template.fromStack(stack), 'Cpu').TargetValue).toEqual({ Ref: 'Target' });
});

test('a ScalableInstanceCount made by hand has no variant metrics to scale on', () => {
  const { stack } = envStack();
  const role = new cdk.aws_iam.Role(stack, 'Role', { assumedBy: new cdk.aws_iam.ServicePrincipal('application-autoscaling.amazonaws.com') });
  const count = new sagemaker.ScalableInstanceCount(stack, 'Count', {
    serviceNamespace: appscaling.ServiceNamespace.SAGEMAKER,
    resourceId: 'endpoint/e/variant/v',
    dimension: 'sagemaker:variant:DesiredInstanceCount',
    role,
    minCapacity: 1,
    maxCapacity: 2,
  });
  expect(() => count.scaleOnCpuUtilization('Cpu', { targetUtilizationPercent: 50 }))
    .toThrow('TestStack/Count: scaleOnCpuUtilization() (scale_on_cpu_utilization()) needs the ScalableInstanceCount of an endpoint variant '
      + '(autoScaleInstanceCount(), auto_scale_instance_count()) [rule: scaling.utilization.context]');
  // the generic policies work on any scalable attribute
  count.scaleToTrackMetric('Custom', { customMetric: new cloudwatch.Metric({ namespace: 'N', metricName: 'M' }), targetValue: 1 });
  Template.fromStack(stack).resourceCountIs('AWS::ApplicationAutoScaling::ScalingPolicy', 1);
});
