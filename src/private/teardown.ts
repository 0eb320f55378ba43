import * as cdk from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct, IConstruct } from 'constructs';
import { HelperFunction } from './helper-function';

/** The custom resource type of the cleanup. */
export const NETWORK_INTERFACE_CLEANUP_TYPE = 'Custom::SageMakerNetworkInterfaceCleanup';

/** The provider's id in a stack (one per stack), and the cleanup's id under a security group (one per group). */
const CLEANUP_ID = 'SageMakerNetworkInterfaceCleanup';

/** Why the function's wildcard resources are needed, for cdk-nag. */
const WILDCARD_REASONS: Record<string, string> = {
  describe: 'DescribeNetworkInterfaces has no resource-level permissions: the function lists the interfaces of the '
    + 'security groups it cleans up with a group-id filter.',
  delete: 'The interfaces to delete are created by SageMaker after the stack is deployed, so their ids are not known: '
    + 'DeleteNetworkInterface is allowed on interfaces of the security groups\' VPC only (condition ec2:Vpc), and the '
    + 'function deletes only detached interfaces of the groups being deleted.',
};

/**
 * The function that releases the network interfaces of a stack's security groups: its role may
 * write to its log group, list network interfaces, and delete network interfaces of the groups'
 * VPCs, nothing else.
 */
class CleanupProvider extends HelperFunction {
  /** The function of a stack, created by the first cleanup. */
  public static of(scope: IConstruct): CleanupProvider {
    const stack = cdk.Stack.of(scope);
    return stack.node.tryFindChild(CLEANUP_ID) as CleanupProvider | undefined ?? new CleanupProvider(stack, CLEANUP_ID);
  }

  /** The VPC ARNs whose interfaces the role may delete. */
  private readonly vpcArns = new Set<string>();

  private constructor(scope: Construct, id: string) {
    const deletable = cdk.Stack.of(scope).formatArn({ service: 'ec2', resource: 'network-interface', resourceName: '*' });
    super(scope, id, {
      handler: 'network-interface-cleanup',
      purpose: 'Releases the network interfaces SageMaker leaves in security groups being deleted',
      // The longest a function runs: SageMaker usually releases an endpoint's interfaces within minutes.
      timeout: cdk.Duration.minutes(15),
      statements: [
        new iam.PolicyStatement({ actions: ['ec2:DescribeNetworkInterfaces'], resources: ['*'] }),
        new iam.PolicyStatement({
          actions: ['ec2:DeleteNetworkInterface'],
          resources: [deletable],
          conditions: { ArnEquals: { 'ec2:Vpc': cdk.Lazy.list({ produce: () => [...this.vpcArns] }) } },
        }),
      ],
      reasons: {
        LambdaConcurrency: 'The function answers CloudFormation when a stack deletes a SageMaker model\'s security groups '
          + 'only; reserving concurrency would take it from the account\'s workloads.',
        LambdaDLQ: 'CloudFormation waits for the function\'s answer: a failed invocation fails the deletion and is reported '
          + 'there, so a dead-letter queue would hold nothing anyone acts on.',
        LambdaInsideVPC: 'The function calls two EC2 APIs (DescribeNetworkInterfaces, DeleteNetworkInterface) and touches no '
          + 'data; in a VPC it would need a NAT gateway or an EC2 API endpoint, and its own interfaces would outlive it.',
      },
      logReason: 'The log group holds only the ids of the security groups and network interfaces handled, no data: the '
        + 'service\'s own encryption at rest suffices.',
      wildcards: () => [['*', WILDCARD_REASONS.describe], [deletable, WILDCARD_REASONS.delete]],
    });
  }

  /** Let the role delete the interfaces of a VPC. */
  public allowDeletingIn(vpcId: string): void {
    this.vpcArns.add(cdk.Stack.of(this).formatArn({ service: 'ec2', resource: 'vpc', resourceName: vpcId }));
  }
}

/** The cleanup of one security group: a custom resource deleted before the group. */
class NetworkInterfaceCleanup extends Construct {
  public readonly resource: cdk.CustomResource;

  constructor(group: Construct, id: string, cfnGroup: ec2.CfnSecurityGroup) {
    super(group, id);
    const provider = CleanupProvider.of(this);
    if (cfnGroup.vpcId !== undefined) {
      provider.allowDeletingIn(cfnGroup.vpcId);
    }
    this.resource = new cdk.CustomResource(this, 'Resource', {
      serviceToken: provider.function.functionArn,
      resourceType: NETWORK_INTERFACE_CLEANUP_TYPE,
      // A reference to the group: the cleanup is created after the group and deleted before it.
      properties: { SecurityGroupIds: [cfnGroup.attrGroupId] },
      // The function's 15 minutes and its answer; CloudFormation would otherwise wait an hour for a lost answer.
      serviceTimeout: cdk.Duration.minutes(16),
    });
    this.resource.node.addDependency(provider.policy);
  }
}

/** The security group's own CloudFormation resource when the stack of `scope` creates it. */
function ownedGroup(scope: IConstruct, group: ec2.ISecurityGroup): ec2.CfnSecurityGroup | undefined {
  if (!(group instanceof Construct) || cdk.Stack.of(group) !== cdk.Stack.of(scope)) {
    return undefined;
  }
  const resource = group.node.defaultChild;
  return cdk.CfnResource.isCfnResource(resource) && resource.cfnResourceType === ec2.CfnSecurityGroup.CFN_RESOURCE_TYPE_NAME
    ? resource as ec2.CfnSecurityGroup : undefined;
}

/** The subnet's own CloudFormation resource when the stack of `scope` creates it. */
function ownedSubnet(scope: IConstruct, subnet: ec2.ISubnet): cdk.CfnResource | undefined {
  if (!(subnet instanceof Construct) || cdk.Stack.of(subnet) !== cdk.Stack.of(scope)) {
    return undefined;
  }
  return subnet.node.children.find((c): c is cdk.CfnResource => cdk.CfnResource.isCfnResource(c)
    && c.cfnResourceType === ec2.CfnSubnet.CFN_RESOURCE_TYPE_NAME);
}

/**
 * Release, when the stack deletes them, the network interfaces SageMaker leaves in the security groups
 * of a SageMaker resource (a model, or an endpoint configuration hosting inference components). For
 * each group the resource's stack creates: one cleanup (shared by every resource in the group),
 * deleted after `resource` and before the group and the resource's subnets that the stack creates.
 * Imported groups get none.
 *
 * @param resource the SageMaker resource with the VpcConfig
 * @param securityGroups its security groups
 * @param subnets its subnets
 */
export function cleanUpNetworkInterfaces(resource: cdk.CfnResource, securityGroups: ec2.ISecurityGroup[], subnets: ec2.ISubnet[]): void {
  for (const group of securityGroups) {
    const cfnGroup = ownedGroup(resource, group);
    if (!cfnGroup) {
      continue;
    }
    const cleanup = group.node.tryFindChild(CLEANUP_ID) as NetworkInterfaceCleanup | undefined
      ?? new NetworkInterfaceCleanup(group, CLEANUP_ID, cfnGroup);
    resource.node.addDependency(cleanup.resource);
    for (const subnet of subnets) {
      const cfnSubnet = ownedSubnet(resource, subnet);
      if (cfnSubnet) {
        cleanup.resource.node.addDependency(cfnSubnet);
      }
    }
  }
}
