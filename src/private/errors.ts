import { IConstruct } from 'constructs';

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
