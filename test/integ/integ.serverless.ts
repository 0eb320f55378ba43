// A serverless endpoint with provisioned concurrency scaled on its utilization.
import { IntegTest } from '@aws-cdk/integ-tests-alpha';
import * as cdk from 'aws-cdk-lib';
import * as sagemaker from '../../src';

const app = new cdk.App();
const stack = new cdk.Stack(app, 'integ-sagemaker-serverless');
const model = new sagemaker.Model(stack, 'Model', {
  containers: [{ image: sagemaker.ContainerImage.fromDlc('pytorch-inference', '2.1.0-cpu-py310') }],
});
const config = new sagemaker.EndpointConfig(stack, 'Config', {
  serverlessProductionVariant: { model, variantName: 'serverless', maxConcurrency: 10, memorySizeInMB: 2048, provisionedConcurrency: 1 },
});
const endpoint = new sagemaker.Endpoint(stack, 'Endpoint', { endpointConfig: config });
endpoint.findServerlessProductionVariant('serverless')
  .autoScaleProvisionedConcurrency({ minCapacity: 1, maxCapacity: 4 })
  .scaleOnUtilization('Utilization', { targetUtilization: 0.7 });

new IntegTest(app, 'Serverless', { testCases: [stack] });
