import * as cdk from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as sagemaker from '../src';
import { envStack } from './util';

/*
 * Every validated string property given as an unresolved token (a CloudFormation parameter)
 * synthesizes unvalidated; numeric ones are covered beside their checks.
 */
describe('validated properties accept tokens', () => {
  test('names, hostnames, health-check timeout and pipeline names', () => {
    const { stack } = envStack();
    const p = (id: string) => new cdk.CfnParameter(stack, id).valueAsString;
    const seconds = new cdk.CfnParameter(stack, 'Seconds', { type: 'Number' }).valueAsNumber;
    const model = new sagemaker.Model(stack, 'Model', {
      inferenceExecutionMode: sagemaker.InferenceExecutionMode.DIRECT,
      containers: [
        { image: sagemaker.ContainerImage.fromDlc('r', 't'), containerHostname: p('HostA') },
        { image: sagemaker.ContainerImage.fromDlc('r', 't'), containerHostname: p('HostB') },
      ],
    });
    const config = new sagemaker.EndpointConfig(stack, 'Config', {
      endpointConfigName: p('ConfigName'),
      instanceProductionVariants: [{
        model, variantName: p('Variant'), containerStartupHealthCheckTimeout: cdk.Duration.seconds(seconds),
      }],
    });
    new sagemaker.Endpoint(stack, 'Endpoint', { endpointConfig: config, endpointName: p('EndpointName') });
    const pipeline = sagemaker.Pipeline.fromPipelineName(stack, 'Pipeline', p('PipelineName'));
    const imported = sagemaker.Endpoint.fromEndpointName(stack, 'Imported', p('ImportedName'));

    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::SageMaker::Model', {
      Containers: [Match.objectLike({ ContainerHostname: { Ref: 'HostA' } }), Match.objectLike({ ContainerHostname: { Ref: 'HostB' } })],
    });
    template.hasResourceProperties('AWS::SageMaker::EndpointConfig', {
      EndpointConfigName: { Ref: 'ConfigName' },
      ProductionVariants: [Match.objectLike({ VariantName: { Ref: 'Variant' }, ContainerStartupHealthCheckTimeoutInSeconds: { Ref: 'Seconds' } })],
    });
    template.hasResourceProperties('AWS::SageMaker::Endpoint', { EndpointName: { Ref: 'EndpointName' } });
    expect(stack.resolve(pipeline.pipelineName)).toEqual({ Ref: 'PipelineName' });
    expect(stack.resolve(imported.endpointName)).toEqual({ Ref: 'ImportedName' });
  });
});
