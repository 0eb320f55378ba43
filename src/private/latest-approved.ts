import * as cdk from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct, IConstruct } from 'constructs';
import type { IModelPackageGroup } from '../model-package-group';
import { registryArns } from './arn';
import { HelperFunction } from './helper-function';
import { whenPrepared } from './prepare';
import { registeredVersions } from './registry';

/** The custom resource type of the lookup. */
export const LATEST_APPROVED_TYPE = 'Custom::SageMakerLatestApprovedModelPackage';

/** The provider's id in a stack: one per stack. */
const PROVIDER_ID = 'SageMakerLatestApprovedLookup';

/**
 * The function that answers the lookups of a stack: its role may write to its log group and list
 * the packages of the groups looked up, nothing else.
 */
class LookupProvider extends HelperFunction {
  /** The function of a stack, created by the first lookup. */
  public static of(scope: IConstruct): LookupProvider {
    const stack = cdk.Stack.of(scope);
    return stack.node.tryFindChild(PROVIDER_ID) as LookupProvider | undefined ?? new LookupProvider(stack, PROVIDER_ID);
  }

  /** The wildcard resources of the policy, for their acknowledgement. */
  private readonly wildcards: string[] = [];

  private constructor(scope: Construct, id: string) {
    const versions = 'ListModelPackages is authorized on the model package group and on its versions '
      + '(model-package/<group>/*); the versions are what the lookup lists, and their numbers are not known before they '
      + 'are registered.';
    super(scope, id, {
      handler: 'latest-approved',
      purpose: 'Looks up the newest approved version of SageMaker model package groups',
      timeout: cdk.Duration.minutes(1),
      statements: [],
      reasons: {
        LambdaConcurrency: 'The function answers CloudFormation during deploys only (one call per lookup and deploy); '
          + 'reserving concurrency would take it from the account\'s workloads, and throttling would only delay the deploy.',
        LambdaDLQ: 'CloudFormation waits for the function\'s answer: a failed invocation fails the deploy and is reported '
          + 'there, so a dead-letter queue would hold nothing anyone acts on.',
        LambdaInsideVPC: 'The function calls one SageMaker API (ListModelPackages) and touches no data; in a VPC it would '
          + 'need a NAT gateway or a SageMaker API endpoint for nothing.',
      },
      logReason: 'The log group holds only the ARNs of the model package groups looked up and of the versions found, no data: '
        + 'the service\'s own encryption at rest suffices.',
      wildcards: () => this.wildcards.map(w => [w, versions]),
    });
  }

  /** Let the role list the versions of a group (and nothing else of it). */
  public allowListing(group: IModelPackageGroup): void {
    const [groupArn, versionsArn] = registryArns(group, group.modelPackageGroupName, group.env);
    this.policy.addStatements(new iam.PolicyStatement({ actions: ['sagemaker:ListModelPackages'], resources: [groupArn, versionsArn] }));
    this.wildcards.push(versionsArn);
  }
}

/**
 * The newest approved version of a group, looked up when the stack deploys: a custom resource
 * (`Custom::SageMakerLatestApprovedModelPackage`) whose `ModelPackageArn` the model uses.
 */
export class LatestApprovedLookup extends Construct {
  /** The ARN of the version found (a deploy-time value). */
  public readonly modelPackageArn: string;

  constructor(scope: Construct, id: string, group: IModelPackageGroup, refreshToken: string | undefined) {
    super(scope, id);
    const provider = LookupProvider.of(this);
    provider.allowListing(group);
    const resource = new cdk.CustomResource(this, 'Resource', {
      serviceToken: provider.function.functionArn,
      resourceType: LATEST_APPROVED_TYPE,
      properties: {
        ModelPackageGroupName: group.modelPackageGroupArn,
        // CloudFormation runs a custom resource only when a property changes.
        Refresh: refreshToken ?? new Date().toISOString(),
      },
    });
    // The role's policy first; and a version registered in the same app may be the approved one.
    resource.node.addDependency(provider.policy);
    whenPrepared(this, () => {
      for (const version of registeredVersions(group)) {
        resource.node.addDependency(version);
      }
    });
    this.modelPackageArn = resource.getAttString('ModelPackageArn');
  }
}
