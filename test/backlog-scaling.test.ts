import * as cdk from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sagemaker from '../src';
import { envStack } from './util';

/* Async endpoints scale on their queue, to zero and back (scaleOnBacklogSize). */

function endpoint(async = true) {
  const { stack } = envStack();
  const model = new sagemaker.Model(stack, 'Model', { containers: [{ image: sagemaker.ContainerImage.fromDlc('pytorch-inference', '2.1') }] });
  const config = new sagemaker.EndpointConfig(stack, 'Config', {
    instanceProductionVariants: [{ variantName: 'main', model, instanceType: sagemaker.InstanceType.M5_LARGE }],
    asyncInference: async ? { outputBucket: s3.Bucket.fromBucketName(stack, 'Out', 'async-out') } : undefined,
  });
  const ep = new sagemaker.Endpoint(stack, 'Endpoint', { endpointConfig: config, retainAllVariantProperties: true });
  return { stack, variant: ep.findInstanceProductionVariant('main') };
}

test('an async endpoint scales 0 to N on backlog: target tracking plus the step out of zero', () => {
  const { stack, variant } = endpoint();
  variant.autoScaleInstanceCount({ minCapacity: 0, maxCapacity: 5 }).scaleOnBacklogSize('Backlog', { targetBacklogPerInstance: 10 });
  const template = Template.fromStack(stack);
  template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
    MinCapacity: 0,
    MaxCapacity: 5,
    ScalableDimension: 'sagemaker:variant:DesiredInstanceCount',
    ResourceId: { 'Fn::Join': ['', ['endpoint/', { 'Fn::GetAtt': [Match.stringLikeRegexp('^Endpoint'), 'EndpointName'] }, '/variant/main']] },
  });
  template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
    PolicyType: 'TargetTrackingScaling',
    TargetTrackingScalingPolicyConfiguration: {
      TargetValue: 10,
      CustomizedMetricSpecification: {
        Namespace: 'AWS/SageMaker',
        MetricName: 'ApproximateBacklogSizePerInstance',
        Statistic: 'Average',
        Dimensions: [{ Name: 'EndpointName', Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Endpoint'), 'EndpointName'] } }],
      },
    },
  });
  template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
    PolicyType: 'StepScaling',
    StepScalingPolicyConfiguration: {
      AdjustmentType: 'ChangeInCapacity',
      Cooldown: 300,
      MetricAggregationType: 'Maximum',
      StepAdjustments: [{ MetricIntervalLowerBound: 0, ScalingAdjustment: 1 }],
    },
  });
  template.hasResourceProperties('AWS::CloudWatch::Alarm', {
    Namespace: 'AWS/SageMaker',
    MetricName: 'HasBacklogWithoutCapacity',
    Statistic: 'Maximum',
    Period: 60,
    Threshold: 1,
    ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    EvaluationPeriods: 1,
  });
  // one step policy and one alarm: nothing scales in on this metric
  expect(Object.keys(template.findResources('AWS::ApplicationAutoScaling::ScalingPolicy'))).toHaveLength(2);
  expect(Object.keys(template.findResources('AWS::CloudWatch::Alarm'))).toHaveLength(1);
});

test('with a minimum of 1 only the target tracking policy is made', () => {
  const { stack, variant } = endpoint();
  variant.autoScaleInstanceCount({ maxCapacity: 3 }).scaleOnBacklogSize('Backlog', { targetBacklogPerInstance: 5 });
  const template = Template.fromStack(stack);
  expect(Object.values(template.findResources('AWS::ApplicationAutoScaling::ScalingPolicy')).map((p: any) => p.Properties.PolicyType))
    .toEqual(['TargetTrackingScaling']);
  template.resourceCountIs('AWS::CloudWatch::Alarm', 0);
});

test('minimum capacity 0 is an error on a real-time endpoint, naming why', () => {
  const { variant } = endpoint(false);
  expect(() => variant.autoScaleInstanceCount({ minCapacity: 0, maxCapacity: 3 })).toThrow(
    "minCapacity must be at least 1 for a variant's instance count (variant 'main' minCapacity (min_capacity): got 0; allowed 1 or more "
    + '(0 only on an async endpoint, which can scale to zero))');
});

test('scaleOnBacklogSize on a real-time endpoint', () => {
  const { variant } = endpoint(false);
  const count = variant.autoScaleInstanceCount({ maxCapacity: 3 });
  expect(() => count.scaleOnBacklogSize('Backlog', { targetBacklogPerInstance: 5 })).toThrow(
    'scaleOnBacklogSize() needs an async endpoint: SageMaker publishes ApproximateBacklogSizePerInstance only for asynchronous inference '
    + "(variant 'main' targetBacklogPerInstance (target_backlog_per_instance): got an endpoint configuration without asyncInference");
});

test('a target of 0', () => {
  const { variant } = endpoint();
  const count = variant.autoScaleInstanceCount({ minCapacity: 0, maxCapacity: 3 });
  expect(() => count.scaleOnBacklogSize('Backlog', { targetBacklogPerInstance: 0 })).toThrow(
    "targetBacklogPerInstance must be positive (variant 'main' targetBacklogPerInstance (target_backlog_per_instance): got 0");
});

test('a token target is not checked', () => {
  const { stack, variant } = endpoint();
  const target = new cdk.CfnParameter(stack, 'Target', { type: 'Number' }).valueAsNumber;
  variant.autoScaleInstanceCount({ minCapacity: 0, maxCapacity: 3 }).scaleOnBacklogSize('Backlog', { targetBacklogPerInstance: target });
  Template.fromStack(stack).hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
    TargetTrackingScalingPolicyConfiguration: Match.objectLike({ TargetValue: { Ref: 'Target' } }),
  });
});
