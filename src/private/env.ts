import { Token, TokenComparison } from 'aws-cdk-lib';

/**
 * Whether two account (or region) values name the same environment: equal literals, or both
 * unresolved (the deploying stack's own account or region).
 */
export function sameEnv(a: string, b: string): boolean {
  const cmp = Token.compareStrings(a, b);
  return cmp === TokenComparison.SAME || cmp === TokenComparison.BOTH_UNRESOLVED;
}
