import * as cdk from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as sagemaker from '../src';
import { cfnLintErrors, envStack } from './util';

const CLEANUP = 'Custom::SageMakerNetworkInterfaceCleanup';
const G5 = sagemaker.InstanceType.G5_12XLARGE;

function image(stack: cdk.Stack) {
  const repository = stack.node.tryFindChild('Repo') as ecr.IRepository ?? ecr.Repository.fromRepositoryName(stack, 'Repo', 'inference');
  return sagemaker.ContainerImage.fromEcrRepository(repository, '1.0.0');
}

function model(stack: cdk.Stack, id: string, props: Partial<sagemaker.ModelProps> = {}) {
  return new sagemaker.Model(stack, id, { containers: [{ image: image(stack) }], ...props });
}

/** What a resource references or depends on (Ref, Fn::GetAtt, DependsOn), by logical ID. */
function directDependencies(resource: any): Set<string> {
  const found = new Set<string>([resource.DependsOn ?? []].flat());
  const walk = (value: any): void => {
    if (Array.isArray(value)) {
      value.forEach(walk);
    } else if (value && typeof value === 'object') {
      if (typeof value.Ref === 'string' && !value.Ref.startsWith('AWS::')) {
        found.add(value.Ref);
      }
      if (Array.isArray(value['Fn::GetAtt'])) {
        found.add(value['Fn::GetAtt'][0]);
      }
      Object.values(value).forEach(walk);
    }
  };
  walk(resource.Properties);
  return found;
}

/**
 * Whether CloudFormation deletes `first` before `then`: `first` depends on `then`, directly or
 * through other resources (CloudFormation deletes a resource only once nothing depending on it is left).
 */
function deletedBefore(template: any, first: string, then: string): boolean {
  const seen = new Set<string>();
  const stack = [first];
  while (stack.length > 0) {
    const id = stack.pop()!;
    for (const dep of directDependencies(template.Resources[id])) {
      if (dep === then) {
        return true;
      }
      if (!seen.has(dep)) {
        seen.add(dep);
        stack.push(dep);
      }
    }
  }
  return false;
}

function idsOf(template: Template, type: string): string[] {
  return Object.keys(template.findResources(type));
}

describe('release of the network interfaces SageMaker leaves in a VPC model\'s security groups', () => {
  test('a model whose security group the library creates: a cleanup deleted after the model, before the group and subnets', () => {
    const { stack } = envStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
    model(stack, 'Model', { vpc });
    const t = Template.fromStack(stack);
    const json = t.toJSON();
    const [cleanup] = idsOf(t, CLEANUP);
    const [group] = idsOf(t, 'AWS::EC2::SecurityGroup');
    const [sageMakerModel] = idsOf(t, 'AWS::SageMaker::Model');
    const subnets = ['VpcPrivateSubnet1Subnet536B997A', 'VpcPrivateSubnet2Subnet3788AAA1'];
    expect(cleanup).toMatch(/^ModelSecurityGroupSageMakerNetworkInterfaceCleanup[0-9A-F]{8}$/);
    expect(json.Resources[cleanup].Properties).toEqual({
      ServiceToken: { 'Fn::GetAtt': [expect.stringMatching(/^SageMakerNetworkInterfaceCleanupFunction/), 'Arn'] },
      ServiceTimeout: '960',
      SecurityGroupIds: [{ 'Fn::GetAtt': [group, 'GroupId'] }],
    });
    expect(json.Resources[sageMakerModel].DependsOn).toContain(cleanup);
    for (const subnet of subnets) {
      expect(json.Resources[cleanup].DependsOn).toContain(subnet);
      expect(deletedBefore(json, cleanup, subnet)).toBe(true);
    }
    expect(deletedBefore(json, sageMakerModel, cleanup)).toBe(true);
    expect(deletedBefore(json, cleanup, group)).toBe(true);
    // the group and subnets wait for nothing of the cleanup (no cycle)
    expect(deletedBefore(json, group, cleanup)).toBe(false);
    expect(cfnLintErrors({ teardown: json })).toEqual([]);
  });

  test('the function: Node.js 24, 15 minutes, its own log group, and a role that may only list interfaces and delete those of the VPC', () => {
    const { stack } = envStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
    model(stack, 'Model', { vpc });
    const t = Template.fromStack(stack);
    const [fn] = Object.values(t.findResources('AWS::Lambda::Function')).filter((f: any) => String(f.Properties.Description).startsWith('Releases the network interfaces'));
    expect(fn.Properties).toMatchObject({ Runtime: 'nodejs24.x', Timeout: 900, MemorySize: 128, Handler: 'index.handler' });
    const policies = Object.entries(t.findResources('AWS::IAM::ManagedPolicy')).filter(([id]) => id.startsWith('SageMakerNetworkInterfaceCleanupPolicy'));
    expect(policies).toHaveLength(1);
    const [[, policy]] = policies as [string, any][];
    expect(policy.Properties.Roles).toEqual([{ Ref: expect.stringMatching(/^SageMakerNetworkInterfaceCleanupRole/) }]);
    expect(policy.Properties.PolicyDocument.Statement).toEqual([
      { Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Effect: 'Allow', Resource: { 'Fn::GetAtt': [expect.stringMatching(/^SageMakerNetworkInterfaceCleanupLogs/), 'Arn'] } },
      { Action: 'ec2:DescribeNetworkInterfaces', Effect: 'Allow', Resource: '*' },
      {
        Action: 'ec2:DeleteNetworkInterface',
        Effect: 'Allow',
        Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ec2:us-west-2:123456789012:network-interface/*']] },
        Condition: { ArnEquals: { 'ec2:Vpc': [{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ec2:us-west-2:123456789012:vpc/', { Ref: 'Vpc8378EB38' }]] }] } },
      },
    ]);
    // no managed policy of AWS, no inline policy
    const roles = Object.entries(t.findResources('AWS::IAM::Role')).filter(([id]) => id.startsWith('SageMakerNetworkInterfaceCleanupRole'));
    expect(roles).toHaveLength(1);
    expect(roles[0][1].Properties.ManagedPolicyArns).toBeUndefined();
    expect(roles[0][1].Properties.Policies).toBeUndefined();
    t.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 365 });
  });

  test('one function per stack; a group the app creates and two models share gets one cleanup that both models wait for', () => {
    const { stack } = envStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
    const shared = new ec2.SecurityGroup(stack, 'Shared', { vpc });
    model(stack, 'A', { vpc, securityGroups: [shared] });
    model(stack, 'B', { vpc, securityGroups: [shared] });
    model(stack, 'C', { vpc });
    const t = Template.fromStack(stack);
    const json = t.toJSON();
    expect(idsOf(t, CLEANUP).sort()).toEqual([
      expect.stringMatching(/^CSecurityGroupSageMakerNetworkInterfaceCleanup/),
      expect.stringMatching(/^SharedSageMakerNetworkInterfaceCleanup/),
    ]);
    expect(Object.keys(t.findResources('AWS::Lambda::Function')).filter(id => id.startsWith('SageMakerNetworkInterfaceCleanup'))).toHaveLength(1);
    const sharedCleanup = idsOf(t, CLEANUP).find(id => id.startsWith('Shared'))!;
    for (const m of idsOf(t, 'AWS::SageMaker::Model').filter(id => !id.startsWith('C'))) {
      expect(deletedBefore(json, m, sharedCleanup)).toBe(true);
    }
    // one statement for the one VPC
    const [policy] = Object.entries(t.findResources('AWS::IAM::ManagedPolicy')).filter(([id]) => id.startsWith('SageMakerNetworkInterfaceCleanupPolicy'));
    expect((policy[1] as any).Properties.PolicyDocument.Statement[2].Condition.ArnEquals['ec2:Vpc']).toHaveLength(1);
  });

  test('no cleanup for an imported group, a group of another stack, without a VPC, or when turned off', () => {
    const app = new cdk.App();
    const env = { account: '123456789012', region: 'us-west-2' };
    const network = new cdk.Stack(app, 'Network', { env });
    const vpc = new ec2.Vpc(network, 'Vpc', { maxAzs: 2, natGateways: 1 });
    const elsewhere = new ec2.SecurityGroup(network, 'Elsewhere', { vpc });
    const stack = new cdk.Stack(app, 'Hosting', { env });
    model(stack, 'Imported', { vpc, securityGroups: [ec2.SecurityGroup.fromSecurityGroupId(stack, 'Sg', 'sg-0123456789abcdef0')] });
    model(stack, 'OtherStack', { vpc, securityGroups: [elsewhere] });
    model(stack, 'NoVpc');
    model(stack, 'Off', { vpc, networkInterfaceCleanup: false });
    new sagemaker.EndpointConfig(stack, 'Config', {
      instanceProductionVariants: [{ variantName: 'gpu', instanceType: G5 }], vpc, networkInterfaceCleanup: false,
    });
    for (const s of [network, stack]) {
      const t = Template.fromStack(s);
      t.resourceCountIs(CLEANUP, 0);
      t.resourceCountIs('AWS::Lambda::Function', 0);
    }
  });

  test('an imported VPC with a group the stack creates: the cleanup, without subnet dependencies, for that VPC', () => {
    const { stack } = envStack();
    const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Vpc', {
      vpcId: 'vpc-0123456789abcdef0', availabilityZones: ['us-west-2a'], privateSubnetIds: ['subnet-0123456789abcdef0'],
    });
    model(stack, 'Model', { vpc });
    const t = Template.fromStack(stack);
    const [cleanup] = Object.values(t.findResources(CLEANUP)) as any[];
    expect(cleanup.DependsOn).toEqual([expect.stringMatching(/^SageMakerNetworkInterfaceCleanupPolicy/)]);
    const [policy] = Object.entries(t.findResources('AWS::IAM::ManagedPolicy')).filter(([id]) => id.startsWith('SageMakerNetworkInterfaceCleanupPolicy'));
    expect((policy[1] as any).Properties.PolicyDocument.Statement[2].Condition).toEqual({
      ArnEquals: { 'ec2:Vpc': [{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ec2:us-west-2:123456789012:vpc/vpc-0123456789abcdef0']] }] },
    });
  });

  test('an endpoint configuration hosting inference components in a VPC: deleted (after its endpoint) before the cleanup', () => {
    const { stack } = envStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
    const endpointConfig = new sagemaker.EndpointConfig(stack, 'Config', { instanceProductionVariants: [{ variantName: 'gpu', instanceType: G5 }], vpc });
    new sagemaker.Endpoint(stack, 'Endpoint', { endpointConfig });
    const t = Template.fromStack(stack);
    const json = t.toJSON();
    const [cleanup] = idsOf(t, CLEANUP);
    expect(cleanup).toMatch(/^ConfigSecurityGroupSageMakerNetworkInterfaceCleanup/);
    const [config] = idsOf(t, 'AWS::SageMaker::EndpointConfig');
    const [endpoint] = idsOf(t, 'AWS::SageMaker::Endpoint');
    const [group] = idsOf(t, 'AWS::EC2::SecurityGroup');
    expect(deletedBefore(json, endpoint, config)).toBe(true);
    expect(deletedBefore(json, config, cleanup)).toBe(true);
    expect(deletedBefore(json, cleanup, group)).toBe(true);
    expect(cfnLintErrors({ components: json })).toEqual([]);
  });
});
