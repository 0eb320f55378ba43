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

/** Throw a construct-scoped validation error. */
export function fail(scope: IConstruct, message: string): never {
  throw new SageMakerValidationError(scope, message);
}

/** Throw every message of a list at once (no-op for an empty list). */
export function throwIfAny(scope: IConstruct, messages: string[]): void {
  if (messages.length === 1) {
    fail(scope, messages[0]);
  }
  if (messages.length > 1) {
    fail(scope, `${messages.length} problems:\n  - ${messages.join('\n  - ')}`);
  }
}
