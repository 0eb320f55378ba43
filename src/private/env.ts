import { ResourceEnvironment, Token, TokenComparison } from 'aws-cdk-lib';

/**
 * Whether two account (or region) values name the same environment: equal literals, or both
 * unresolved (the deploying stack's own account or region).
 */
export function sameEnv(a: string, b: string): boolean {
  const cmp = Token.compareStrings(a, b);
  return cmp === TokenComparison.SAME || cmp === TokenComparison.BOTH_UNRESOLVED;
}

/**
 * The alpha's error for a resource used from another account or region
 * (`Cannot use <used> in account A for <user> in account B`), or undefined when both match.
 */
export function envMismatch(used: string, usedEnv: ResourceEnvironment, user: string, userEnv: ResourceEnvironment): string | undefined {
  if (!sameEnv(usedEnv.account, userEnv.account)) {
    return `Cannot use ${used} in account ${usedEnv.account} for ${user} in account ${userEnv.account}`;
  }
  if (!sameEnv(usedEnv.region, userEnv.region)) {
    return `Cannot use ${used} in region ${usedEnv.region} for ${user} in region ${userEnv.region}`;
  }
  return undefined;
}
