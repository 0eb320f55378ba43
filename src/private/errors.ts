import { UnscopedValidationError, ValidationError } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/*
 * The library throws aws-cdk-lib's own errors (`ValidationError` for a construct, with its
 * `constructPath`; `UnscopedValidationError` for a value given outside any construct), so that
 * `cdk.Errors.isValidationError(e)` and their fields hold as for aws-cdk-lib's L2s. The error's name
 * is the id of the rule that raised it, and the message keeps the library's shape: the construct
 * path, the problem, then `[rule: <id>]`.
 */

/** The type aws-cdk-lib wants for an error name (a literal string there; a rule id here). */
type ErrorName = ConstructorParameters<typeof ValidationError>[0];

/** The rule id a tagged message ends with. */
const TAG = /\[rule: ([\w.:-]+)\]$/;

/**
 * The stable handle of a message: ` [rule: <id>]` at its end, with the id of the rule-table entry
 * (or of the lookup) that raised it. Python receives every error of the library as a plain
 * `RuntimeError`, so this tag is what a program matches on (`re.search(r"\[rule: ([\w.:-]+)\]", str(e))`).
 */
export function tagged(message: string, ruleId: string): string {
  return `${message} [rule: ${ruleId}]`;
}

/** The rule id of a tagged message (the first one's, for several). */
function ruleOf(message: string): string {
  return TAG.exec(message.split('\n')[0])?.[1] ?? TAG.exec(message)?.[1] ?? 'cdk-sagemaker-hosting';
}

/**
 * Throw a construct-scoped validation error that is not a rule of the tables (a lookup of something
 * that does not exist, a misuse of an asset), tagged with `ruleId`.
 */
export function fail(scope: IConstruct, ruleId: string, message: string): never {
  throw new ValidationError(ruleId as ErrorName, `${scope.node.path}: ${tagged(message, ruleId)}`, scope);
}

/** Throw every message of a list (each already tagged) at once (no-op for an empty list). */
export function throwIfAny(scope: IConstruct, messages: string[]): void {
  if (messages.length === 1) {
    throw new ValidationError(ruleOf(messages[0]) as ErrorName, `${scope.node.path}: ${messages[0]}`, scope);
  }
  if (messages.length > 1) {
    throw new ValidationError(ruleOf(messages[0]) as ErrorName,
      `${scope.node.path}: ${messages.length} problems:\n  - ${messages.join('\n  - ')}`, scope);
  }
}

/** Throw the (tagged) messages of a value given outside any construct (`InstanceType.of()`). */
export function failUnscoped(messages: string[]): never {
  throw new UnscopedValidationError(ruleOf(messages[0]) as ErrorName, messages.join('\n'));
}
