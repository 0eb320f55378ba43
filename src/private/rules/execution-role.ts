import { IAM_LIMITS } from './limits';
import { RuleSet } from './rule';

/*
 * The rules of an execution role the library creates: IAM's quota of managed policies attached to
 * one role.
 */

/** What the placement of a created role's statements found. */
export interface ExecutionRolePoliciesInput {
  /** The customer-managed policies the library attached (Policy, Grants and their splits). */
  readonly policies: number;
}

export const EXECUTION_ROLE_POLICIES: RuleSet<ExecutionRolePoliciesInput> = {
  name: 'Execution role',
  cfn: 'it is about the execution role this library creates',
  rules: [{
    id: 'executionRole.managedPolicies.count',
    source: 'IAM and AWS STS quotas: managed policies attached to an IAM role, 10 by default (up to 20 on request) '
      + '(https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html)',
    severity: 'warning',
    check: ({ policies }) => policies > IAM_LIMITS.managedPoliciesPerRole
      ? `the execution role needs ${policies} customer-managed policies for its statements (each at most ${IAM_LIMITS.managedPolicySize.toLocaleString('en-US')} characters), more `
        + `than the ${IAM_LIMITS.managedPoliciesPerRole} IAM attaches to one role by default: the deployment fails unless the account's quota `
        + 'was raised (to at most 20). Split the model or configuration, or give it a role of your own.'
      : undefined,
  }],
};
