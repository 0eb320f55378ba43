// An async endpoint writing to a bucket and a topic, scaling to zero on its backlog.
import { IntegTest } from '@aws-cdk/integ-tests-alpha';
import * as cdk from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sagemaker from '../../src';

const app = new cdk.App();
const stack = new cdk.Stack(app, 'integ-sagemaker-async');
const results = new s3.Bucket(stack, 'Results', { removalPolicy: cdk.RemovalPolicy.DESTROY, autoDeleteObjects: true, enforceSSL: true });
const done = new sns.Topic(stack, 'Done');
const model = new sagemaker.Model(stack, 'Model', {
  containers: [{ image: sagemaker.ContainerImage.fromDlc('pytorch-inference', '2.1.0-cpu-py310') }],
});
const config = new sagemaker.EndpointConfig(stack, 'Config', {
  instanceProductionVariants: [{ variantName: 'main', model, instanceType: sagemaker.InstanceType.M5_XLARGE }],
  asyncInference: { outputBucket: results, outputPrefix: 'responses', failurePrefix: 'failures', successTopic: done, errorTopic: done },
});
const endpoint = new sagemaker.Endpoint(stack, 'Endpoint', { endpointConfig: config, retainAllVariantProperties: true });
endpoint.findInstanceProductionVariant('main').autoScaleInstanceCount({ minCapacity: 0, maxCapacity: 2 })
  .scaleOnBacklogSize('Backlog', { targetBacklogPerInstance: 5 });
results.grantRead(model, 'input/*');

new IntegTest(app, 'Async', { testCases: [stack] });
