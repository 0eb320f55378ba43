import { problem, RuleSet } from './rule';

/*
 * The rules of a grant on a resource in another account (an ECR repository, an S3 bucket): the
 * role's own policy is not enough there, the resource's policy must allow the role too.
 */

/** A grant whose resource is in another account than the role. */
export interface CrossAccountGrantInput {
  /** The resource, for messages: `repository 'name'`, `bucket 'name'`. */
  readonly what: string;
  readonly resourceAccount: string;
  readonly principalAccount: string;
  readonly actions: readonly string[];
  /** Whether the statement could be added to the resource's policy (false for an imported resource). */
  readonly added: boolean;
}

export const CROSS_ACCOUNT_GRANT: RuleSet<CrossAccountGrantInput> = {
  name: 'Cross-account grant',
  cfn: 'it is about the grants this library makes',
  rules: [{
    id: 'grant.crossAccount.resourcePolicy',
    source: 'IAM: cross-account access needs the identity policy and the resource policy (https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies-cross-account-resource-access.html)',
    severity: 'warning',
    annotation: 'crossAccountResourcePolicy',
    check: ({ what, resourceAccount, principalAccount, actions, added }) => added ? undefined
      : problem(`${what} is in account ${resourceAccount} and is not defined in this app, so its resource policy cannot be `
        + `changed here: the execution role (account ${principalAccount}) is granted ${actions.join(', ')} in its own `
        + 'policy only, which is not enough across accounts', 'resource policy', 'not changed',
      'a statement in that resource\'s policy, written by its owner, allowing the role these actions; or define the '
        + 'resource in this app, in a stack of its account, so that the library adds it'),
  }],
};
