import { Token } from 'aws-cdk-lib';

/**
 * The primitive checks the rule tables (`rules/`) are written with. Each `check*` returns the
 * problem as a sentence (`<property> must ... (got <value>)`) or `undefined`; the caller prefixes
 * the construct path. Every check passes a value that is, or contains, an unresolved token.
 */

/** A string rule from sagemaker-constraints.md: an anchored pattern plus length bounds. */
export interface StringRule {
  readonly pattern: RegExp;
  readonly minLength: number;
  readonly maxLength: number;
  /** What is allowed, in words, for the error message. */
  readonly allowed: string;
}

/** Names of Model, EndpointConfig, Endpoint, variants (sagemaker-constraints.md §1-§3). */
const RESOURCE_NAME: StringRule = {
  pattern: /^[a-zA-Z0-9](-*[a-zA-Z0-9])*$/,
  minLength: 1,
  maxLength: 63,
  allowed: '1 to 63 characters: letters, digits and hyphens, starting and ending with a letter or digit',
};

/** The rules, keyed by what they name. */
export const STRING_RULES = {
  modelName: RESOURCE_NAME,
  endpointConfigName: RESOURCE_NAME,
  endpointName: RESOURCE_NAME,
  variantName: RESOURCE_NAME,
  containerHostname: RESOURCE_NAME,
  environmentKey: {
    pattern: /^[a-zA-Z_][a-zA-Z0-9_]*$/,
    minLength: 1,
    maxLength: 1024,
    allowed: 'up to 1024 characters: letters, digits and underscores, not starting with a digit',
  },
  modelPackageArn: {
    pattern: /^(arn:aws[a-z-]*:sagemaker:[a-z0-9-]*:[0-9]{12}:[a-z-]*\/)?([a-zA-Z0-9]([a-zA-Z0-9-]){0,62})(?<!-)(\/[0-9]{1,9})?$/,
    minLength: 1,
    maxLength: 176,
    allowed: 'a model package name or ARN (arn:<partition>:sagemaker:<region>:<account>:model-package/<name>[/<version>]), up to 176 characters',
  },
  imageUri: {
    pattern: /^[\S]+$/,
    minLength: 1,
    maxLength: 255,
    allowed: 'up to 255 characters without whitespace',
  },
} satisfies Record<string, StringRule>;

/** A string given, and not an unresolved token: the only kind a rule reads. */
export function literal(value: string | undefined): value is string {
  return value !== undefined && !Token.isUnresolved(value);
}

/** A number given, and not an unresolved token. */
export function known(value: number | undefined): value is number {
  return value !== undefined && !Token.isUnresolved(value);
}

/** Render a value for an error message. */
export function show(value: unknown): string {
  if (typeof value === 'string') {
    return `'${value}'`;
  }
  return String(value);
}

/** Check a string against a rule; tokens pass. */
export function checkString(property: string, value: string | undefined, rule: StringRule): string | undefined {
  if (value === undefined || Token.isUnresolved(value)) {
    return undefined;
  }
  if (value.length < rule.minLength || value.length > rule.maxLength || !rule.pattern.test(value)) {
    return `${property} must be ${rule.allowed} (got ${show(value)}, ${value.length} characters)`;
  }
  return undefined;
}

/** Check an integer or number range, both ends inclusive; tokens pass. */
export function checkRange(
  property: string,
  value: number | undefined,
  min: number,
  max: number,
  options: { integer?: boolean; unit?: string } = {},
): string | undefined {
  if (value === undefined || Token.isUnresolved(value)) {
    return undefined;
  }
  const integer = options.integer ?? true;
  const bad = Number.isNaN(value) || value < min || value > max || (integer && !Number.isInteger(value));
  if (!bad) {
    return undefined;
  }
  const unit = options.unit ? ` ${options.unit}` : '';
  const upper = max === Infinity ? `${min} or more` : `between ${min} and ${max}`;
  return `${property} must be ${integer ? 'an integer ' : ''}${upper}${unit} (got ${show(value)})`;
}

/** Check membership of a closed set; tokens pass. */
export function checkOneOf<T>(property: string, value: T | undefined, allowed: readonly T[]): string | undefined {
  if (value === undefined || Token.isUnresolved(value)) {
    return undefined;
  }
  if (allowed.includes(value)) {
    return undefined;
  }
  return `${property} must be one of ${allowed.map(show).join(', ')} (got ${show(value)})`;
}

/** Check the number of items of a list; token lists pass. */
export function checkCount(property: string, items: readonly unknown[] | undefined, min: number, max: number): string | undefined {
  if (items === undefined || Token.isUnresolved(items)) {
    return undefined;
  }
  if (items.length >= min && items.length <= max) {
    return undefined;
  }
  return `${property} must have between ${min} and ${max} items (got ${items.length})`;
}
