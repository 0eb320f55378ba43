// Two inference components (one from a Model, one from a container spec) sharing a GPU endpoint,
// each scaling its copies.
import { IntegTest } from '@aws-cdk/integ-tests-alpha';
import * as cdk from 'aws-cdk-lib';
import * as sagemaker from '../../src';

const app = new cdk.App();
const stack = new cdk.Stack(app, 'integ-sagemaker-inference-components');
const config = new sagemaker.EndpointConfig(stack, 'Config', {
  instanceProductionVariants: [{ variantName: 'gpu', instanceType: sagemaker.InstanceType.G5_12XLARGE, initialInstanceCount: 1 }],
});
const endpoint = new sagemaker.Endpoint(stack, 'Endpoint', { endpointConfig: config, endpointName: 'integ-components' });
const image = sagemaker.ContainerImage.fromDlc('huggingface-pytorch-tgi-inference', '2.4.0-tgi2.3.1-gpu-py311-cu124-ubuntu22.04');
const model = new sagemaker.Model(stack, 'Model', { containers: [{ image }] });
const fromModel = new sagemaker.InferenceComponent(stack, 'FromModel', {
  endpoint,
  variantName: 'gpu',
  model,
  computeResourceRequirements: { minMemoryRequiredInMb: 8192, numberOfAcceleratorDevicesRequired: 1 },
});
const fromSpec = new sagemaker.InferenceComponent(stack, 'FromSpec', {
  endpoint,
  variantName: 'gpu',
  container: { image },
  computeResourceRequirements: { minMemoryRequiredInMb: 8192, numberOfAcceleratorDevicesRequired: 1 },
  initialCopyCount: 2,
});
fromModel.autoScaleCopyCount({ minCapacity: 1, maxCapacity: 2 }).scaleOnInvocations('Rps', { maxRequestsPerSecond: 5 });
fromSpec.autoScaleCopyCount({ minCapacity: 1, maxCapacity: 2 }).scaleOnInvocations('Rps', { maxRequestsPerSecond: 5 });

new IntegTest(app, 'InferenceComponents', { testCases: [stack] });
