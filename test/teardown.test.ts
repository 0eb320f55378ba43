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

describe('the handler (handlers/network-interface-cleanup/index.js)', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { releaseInterfaces } = require('../handlers/network-interface-cleanup/index.js');
  class DescribeNetworkInterfacesCommand { constructor(readonly input: any) {} }
  class DeleteNetworkInterfaceCommand { constructor(readonly input: any) {} }
  const commands = { DescribeNetworkInterfacesCommand, DeleteNetworkInterfaceCommand };

  /** An EC2 client over a list of interfaces, each `{ id, status, deleteError? }`; `tick()` runs between polls. */
  function fakeEc2(interfaces: any[], tick: () => void = () => {}) {
    const calls: string[] = [];
    const client = {
      send: async (command: any) => {
        if (command instanceof DescribeNetworkInterfacesCommand) {
          calls.push(`describe ${command.input.Filters[0].Values}`);
          return { NetworkInterfaces: interfaces.map(i => ({ NetworkInterfaceId: i.id, Status: i.status })) };
        }
        calls.push(`delete ${command.input.NetworkInterfaceId}`);
        const eni = interfaces.find(i => i.id === command.input.NetworkInterfaceId);
        if (eni?.deleteError) {
          // what EC2 answers when another call deleted it first, or it was attached since the look
          const error = new Error(eni.deleteError);
          error.name = eni.deleteError;
          if (eni.deleteError === 'InvalidNetworkInterfaceID.NotFound') {
            interfaces.splice(interfaces.indexOf(eni), 1);
          } else if (eni.deleteError === 'InvalidNetworkInterface.InUse') {
            eni.status = 'in-use';
          }
          delete eni.deleteError;
          throw error;
        }
        interfaces.splice(interfaces.indexOf(eni), 1);
        return {};
      },
    };
    let now = 0;
    const sleep = async (ms: number) => {
      now += ms;
      tick();
    };
    const options = (deadline: number) => ({ deadline, pollMs: 10, now: () => now, sleep, log: () => {} });
    return { client, calls, options };
  }

  test('deletes the detached interfaces of the groups, tolerates one deleted meanwhile, and stops when none is left', async () => {
    const { client, calls, options } = fakeEc2([{ id: 'eni-1', status: 'available' }, { id: 'eni-2', status: 'available', deleteError: 'InvalidNetworkInterfaceID.NotFound' }]);
    const result = await releaseInterfaces(client, commands, ['sg-1', 'sg-2'], options(1000));
    expect(result).toEqual({ deleted: ['eni-1'], waitedMs: 0 });
    expect(calls).toEqual(['describe sg-1,sg-2', 'delete eni-1', 'delete eni-2', 'describe sg-1,sg-2']);
  });

  test('waits for an attached interface until it is released, then deletes it', async () => {
    const interfaces = [{ id: 'eni-1', status: 'in-use' }];
    let polls = 0;
    const { client, options } = fakeEc2(interfaces, () => { if (++polls === 3) interfaces[0].status = 'available'; });
    await expect(releaseInterfaces(client, commands, ['sg-1'], options(1000))).resolves.toEqual({ deleted: ['eni-1'], waitedMs: 30 });
  });

  test('an interface attached at the deadline (or attached between the look and the delete) ends it with a report naming it', async () => {
    const { client, options } = fakeEc2([{ id: 'eni-1', status: 'in-use' }, { id: 'eni-2', status: 'available', deleteError: 'InvalidNetworkInterface.InUse' }]);
    await expect(releaseInterfaces(client, commands, ['sg-1'], options(25))).rejects.toThrow(
      'Security group sg-1 still holds 2 network interface(s) after 0 s: eni-1 (in-use); eni-2 (in-use). CloudFormation cannot delete '
      + 'the group (nor its subnets) while they exist.');
  });

  test('any other error of EC2 fails at once', async () => {
    const { client, options } = fakeEc2([{ id: 'eni-1', status: 'available', deleteError: 'UnauthorizedOperation' }]);
    await expect(releaseInterfaces(client, commands, ['sg-1'], options(1000))).rejects.toThrow('UnauthorizedOperation');
  });
});
