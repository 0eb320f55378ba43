import * as cdk from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
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
        { image: sagemaker.ContainerImage.fromDlc('pytorch-inference', '2.1'), containerHostname: p('HostA') },
        { image: sagemaker.ContainerImage.fromDlc('pytorch-inference', '2.1'), containerHostname: p('HostB') },
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
    new cdk.CfnOutput(stack, 'PipelineArn', { value: pipeline.pipelineArn });
    new cdk.CfnOutput(stack, 'ImportedArn', { value: imported.endpointArn });

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

  test('security group and subnet ids, role and key ARNs, object key, image tag and tags', () => {
    const { stack } = envStack();
    const p = (id: string) => new cdk.CfnParameter(stack, id).valueAsString;
    const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Vpc', { vpcId: 'vpc-0123456789abcdef0', availabilityZones: ['eu-west-1a'], privateSubnetIds: [p('Subnet')] });
    const model = new sagemaker.Model(stack, 'Model', {
      role: iam.Role.fromRoleArn(stack, 'Role', p('RoleArn')),
      vpc,
      securityGroups: [ec2.SecurityGroup.fromSecurityGroupId(stack, 'Sg', p('SecurityGroup'))],
      containers: [{
        image: sagemaker.ContainerImage.fromEcrRepository(ecr.Repository.fromRepositoryName(stack, 'Repo', 'r'), p('Tag')),
        modelData: sagemaker.ModelData.fromBucket(s3.Bucket.fromBucketName(stack, 'Bucket', 'artifacts'), p('Key')),
      }],
    });
    new sagemaker.EndpointConfig(stack, 'Config', {
      encryptionKey: kms.Key.fromKeyArn(stack, 'Kms', cdk.Fn.join(':', ['arn:aws:kms:eu-west-1:123456789012', p('KeyId')])),
      instanceProductionVariants: [{ model, variantName: 'a', instanceType: sagemaker.InstanceType.M5_LARGE }],
    });
    cdk.Tags.of(stack).add(p('TagKey'), p('TagValue'));

    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::SageMaker::Model', {
      ExecutionRoleArn: { Ref: 'RoleArn' },
      VpcConfig: { SecurityGroupIds: [{ Ref: 'SecurityGroup' }], Subnets: [{ Ref: 'Subnet' }] },
      Tags: [{ Key: { Ref: 'TagKey' }, Value: { Ref: 'TagValue' } }],
    });
    template.hasResourceProperties('AWS::SageMaker::EndpointConfig', {
      KmsKeyId: { 'Fn::Join': [':', ['arn:aws:kms:eu-west-1:123456789012', { Ref: 'KeyId' }]] },
    });
  });
});
