import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { grantAccountWide, grantOnResource } from './execution-role';

const PULL_ACTIONS = ['ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage'];

/**
 * Pull from exactly one repository; `ecr:GetAuthorizationToken` (which has no resource type) goes
 * with the model's other account-wide statements. A repository of another account defined in the
 * app also gets the statement in its repository policy.
 */
export function grantPull(scope: Construct, grantee: iam.IGrantable, repositoryArn: string, repository?: ecr.IRepository): void {
  iam.Grant.addToPrincipal({ grantee, actions: PULL_ACTIONS, resourceArns: [repositoryArn] });
  if (repository) {
    // A repository policy names no resource: the statement applies to the repository itself.
    grantOnResource(scope, grantee, {
      resource: repository,
      what: `repository '${repository.node.path}'`,
      statements: [new iam.PolicyStatement({ actions: PULL_ACTIONS })],
    });
  }
  grantAccountWide(grantee, new iam.PolicyStatement({
    sid: 'EcrAuthorization',
    actions: ['ecr:GetAuthorizationToken'],
    resources: ['*'],
  }));
}
