import { IConstruct } from 'constructs';

/*
 * aws-cdk-lib recognises its errors by public `Symbol.for()` markers (`Errors.isConstructError`,
 * `Errors.isValidationError`); its error classes are internal. Ours carry the same markers, so
 * `cdk.Errors.isValidationError(e)` is true for every error this library throws.
 */
const CONSTRUCT_ERROR = Symbol.for('@aws-cdk/core.SynthesisError');
const VALIDATION_ERROR = Symbol.for('@aws-cdk/core.ValidationError');

function mark(error: Error): void {
  Object.defineProperty(error, CONSTRUCT_ERROR, { value: true });
  Object.defineProperty(error, VALIDATION_ERROR, { value: true });
}

/**
 * An error raised by a construct of this library for invalid input.
 *
 * The message starts with the construct path so that a user can find the offending construct in
 * a large app. Python users receive the same text inside a `jsii.errors.JSIIError`.
 */
export class SageMakerValidationError extends Error {
  constructor(scope: IConstruct, message: string) {
    super(`${scope.node.path}: ${message}`);
    this.name = 'SageMakerValidationError';
    mark(this);
  }
}

/** An invalid value given outside any construct (`InstanceType.of()`): the message names the class. */
export class UnscopedSageMakerValidationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SageMakerValidationError';
    mark(this);
  }
}

/**
 * The stable handle of a message: ` [rule: <id>]` at its end, with the id of the rule-table entry
 * (or of the lookup) that raised it. Python receives every error of the library as a plain
 * `RuntimeError`, so this tag is what a program matches on (`re.search(r"\[rule: ([\w.:-]+)\]", str(e))`).
 */
export function tagged(message: string, ruleId: string): string {
  return `${message} [rule: ${ruleId}]`;
}

/**
 * Throw a construct-scoped validation error that is not a rule of the tables (a lookup of something
 * that does not exist, a misuse of an asset), tagged with `ruleId`.
 */
export function fail(scope: IConstruct, ruleId: string, message: string): never {
  throw new SageMakerValidationError(scope, tagged(message, ruleId));
}

/** Throw every message of a list (each already tagged) at once (no-op for an empty list). */
export function throwIfAny(scope: IConstruct, messages: string[]): void {
  if (messages.length === 1) {
    throw new SageMakerValidationError(scope, messages[0]);
  }
  if (messages.length > 1) {
    throw new SageMakerValidationError(scope, `${messages.length} problems:\n  - ${messages.join('\n  - ')}`);
  }
}
