// A canary rollout that rolls back on the variant's 5XX rate and latency alarms.
import { IntegTest } from '@aws-cdk/integ-tests-alpha';
import * as cdk from 'aws-cdk-lib';
import * as sagemaker from '../../src';

const app = new cdk.App();
const stack = new cdk.Stack(app, 'integ-sagemaker-canary');
const model = new sagemaker.Model(stack, 'Model', {
  containers: [{ image: sagemaker.ContainerImage.fromDlc('pytorch-inference', '2.1.0-cpu-py310') }],
});
const config = new sagemaker.EndpointConfig(stack, 'Config', {
  instanceProductionVariants: [{ variantName: 'main', model, instanceType: sagemaker.InstanceType.M5_LARGE, initialInstanceCount: 2 }],
});
const endpoint = new sagemaker.Endpoint(stack, 'Endpoint', {
  endpointConfig: config,
  endpointName: 'integ-canary',
  deployment: sagemaker.DeploymentStrategy.canary({ canarySize: sagemaker.CapacitySize.instances(1), waitInterval: cdk.Duration.minutes(5) }),
});
const alarms = endpoint.findInstanceProductionVariant('main').addRecommendedAlarms('Alarms', {
  modelLatency: { threshold: cdk.Duration.millis(500) },
});
for (const alarm of alarms) {
  if (['Invocation5XXErrorRate', 'ModelLatency'].includes(alarm.node.id)) {
    endpoint.addRollbackAlarm(alarm);
  }
}

new IntegTest(app, 'Canary', { testCases: [stack] });
