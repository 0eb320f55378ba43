// A model-based endpoint with instance autoscaling and the recommended alarms (notifying a topic).
import { ExpectedResult, IntegTest } from '@aws-cdk/integ-tests-alpha';
import * as cdk from 'aws-cdk-lib';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sagemaker from '../../src';

const app = new cdk.App();
const stack = new cdk.Stack(app, 'integ-sagemaker-endpoint-autoscaling');
const model = new sagemaker.Model(stack, 'Model', {
  containers: [{ image: sagemaker.ContainerImage.fromDlc('pytorch-inference', '2.1.0-cpu-py310') }],
});
const config = new sagemaker.EndpointConfig(stack, 'Config', {
  instanceProductionVariants: [{ variantName: 'main', model, instanceType: sagemaker.InstanceType.M5_LARGE }],
});
const endpoint = new sagemaker.Endpoint(stack, 'Endpoint', { endpointConfig: config });
const variant = endpoint.findInstanceProductionVariant('main');
variant.autoScaleInstanceCount({ minCapacity: 1, maxCapacity: 3 }).scaleOnInvocations('Rps', { maxRequestsPerSecond: 20 });
const topic = new sns.Topic(stack, 'Alerts');
variant.addRecommendedAlarms('Alarms', { alarmActions: [new cloudwatchActions.SnsAction(topic)] });

const integ = new IntegTest(app, 'EndpointAutoscaling', { testCases: [stack] });
integ.assertions.awsApiCall('SageMaker', 'describeEndpoint', { EndpointName: endpoint.endpointName })
  .expect(ExpectedResult.objectLike({ EndpointStatus: 'InService' }));
