// Data capture to a bucket, and a shadow variant that receives a copy of the traffic.
import { IntegTest } from '@aws-cdk/integ-tests-alpha';
import * as cdk from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sagemaker from '../../src';

const app = new cdk.App();
const stack = new cdk.Stack(app, 'integ-sagemaker-capture-shadow');
const capture = new s3.Bucket(stack, 'Capture', { removalPolicy: cdk.RemovalPolicy.DESTROY, autoDeleteObjects: true, enforceSSL: true });
const image = sagemaker.ContainerImage.fromDlc('pytorch-inference', '2.1.0-cpu-py310');
const current = new sagemaker.Model(stack, 'Current', { containers: [{ image }] });
const candidate = new sagemaker.Model(stack, 'Candidate', { containers: [{ image }] });
const config = new sagemaker.EndpointConfig(stack, 'Config', {
  instanceProductionVariants: [{ variantName: 'current', model: current, instanceType: sagemaker.InstanceType.M5_LARGE }],
  dataCapture: { destinationBucket: capture, destinationPrefix: 'capture', samplingPercentage: 50 },
});
config.addShadowProductionVariant({ variantName: 'candidate', model: candidate, instanceType: sagemaker.InstanceType.M5_LARGE });
new sagemaker.Endpoint(stack, 'Endpoint', { endpointConfig: config });

new IntegTest(app, 'CaptureShadow', { testCases: [stack] });
