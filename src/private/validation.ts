import { Duration, Size, SizeRoundingBehavior, Token } from 'aws-cdk-lib';
import { MODEL_LIMITS, NAME_LENGTH, range } from './rules/limits';
import { problem } from './rules/rule';

/**
 * The primitive checks the rule tables (`rules/`) are written with. Each `check*` returns the
 * problem in the library's shape (`<what is wrong> (<property>: got <value>; allowed <what>)`) or
 * `undefined`; the caller prefixes the construct path. Every check passes a value that is, or
 * contains, an unresolved token.
 */

/** A string rule from the CloudFormation and SageMaker API references: an anchored pattern plus length bounds. */
export interface StringRule {
  readonly pattern: RegExp;
  readonly minLength: number;
  readonly maxLength: number;
  /** What the value is, for "<property> must be <what>". */
  readonly what: string;
  /** What is allowed, in words, for the error message. */
  readonly allowed: string;
}

/** Names of Model, EndpointConfig, Endpoint, variants (CloudFormation AWS::SageMaker::Model, AWS::SageMaker::EndpointConfig and AWS::SageMaker::Endpoint). */
const RESOURCE_NAME: StringRule = {
  pattern: /^[a-zA-Z0-9](-*[a-zA-Z0-9])*$/,
  minLength: NAME_LENGTH.min,
  maxLength: NAME_LENGTH.max,
  what: 'a SageMaker name',
  allowed: `${range(NAME_LENGTH)} characters: letters, digits and hyphens, starting and ending with a letter or digit`,
};

/** The rules, keyed by what they name. */
export const STRING_RULES = {
  modelName: RESOURCE_NAME,
  endpointConfigName: RESOURCE_NAME,
  endpointName: RESOURCE_NAME,
  variantName: RESOURCE_NAME,
  inferenceComponentName: RESOURCE_NAME,
  containerHostname: RESOURCE_NAME,
  environmentKey: {
    pattern: /^[a-zA-Z_][a-zA-Z0-9_]*$/,
    minLength: MODEL_LIMITS.environmentKeyLength.min,
    maxLength: MODEL_LIMITS.environmentKeyLength.max,
    what: 'an environment variable name',
    allowed: `up to ${MODEL_LIMITS.environmentKeyLength.max} characters: letters, digits and underscores, not starting with a digit`,
  },
  modelPackageArn: {
    pattern: /^(arn:aws[a-z-]*:sagemaker:[a-z0-9-]*:[0-9]{12}:[a-z-]*\/)?([a-zA-Z0-9]([a-zA-Z0-9-]){0,62})(?<!-)(\/[0-9]{1,9})?$/,
    minLength: MODEL_LIMITS.modelPackageArnLength.min,
    maxLength: MODEL_LIMITS.modelPackageArnLength.max,
    what: 'a model package name or ARN',
    allowed: 'arn:<partition>:sagemaker:<region>:<account>:model-package/<name>[/<version>] or a name, '
      + `up to ${MODEL_LIMITS.modelPackageArnLength.max} characters`,
  },
  imageUri: {
    pattern: /^[\S]+$/,
    minLength: MODEL_LIMITS.imageUriLength.min,
    maxLength: MODEL_LIMITS.imageUriLength.max,
    what: 'an image URI',
    allowed: `up to ${MODEL_LIMITS.imageUriLength.max} characters without whitespace`,
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

/** The seconds of a duration given and not an unresolved token (fractions kept). */
export function knownSeconds(duration: Duration | undefined): number | undefined {
  return duration === undefined || duration.isUnresolved() ? undefined : duration.toSeconds({ integral: false });
}

/** A string token as it appears inside a string (`${Token[TOKEN.27]}`). */
const STRING_TOKEN = /\$\{Token\[[^\]]*\]\}/g;

/**
 * Render a value for a message. A string that is, or contains, an unresolved token shows each token
 * as `<token>` (`'CFN-<token>'`), never the CDK's internal token text.
 */
export function show(value: unknown): string {
  if (typeof value === 'string') {
    return `'${value.replace(STRING_TOKEN, '<token>')}'`;
  }
  if (Token.isUnresolved(value)) {
    return '<token>';
  }
  return String(value);
}

/** Check a string against a rule; tokens pass. */
export function checkString(property: string, value: string | undefined, rule: StringRule): string | undefined {
  if (value === undefined || Token.isUnresolved(value)) {
    return undefined;
  }
  if (value.length < rule.minLength || value.length > rule.maxLength || !rule.pattern.test(value)) {
    return problem(`${property} must be ${rule.what}`, property, `${show(value)}, ${value.length} characters`, rule.allowed);
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
  const allowed = `${integer ? 'an integer ' : 'a number '}${max === Infinity ? `${min} or more` : `from ${min} to ${max}`}${unit}`;
  return problem(`${property} must be ${integer ? 'an integer ' : ''}${upper}${unit}`, property, show(value), allowed);
}

/** Check membership of a closed set; tokens pass. */
export function checkOneOf<T>(property: string, value: T | undefined, allowed: readonly T[]): string | undefined {
  if (value === undefined || Token.isUnresolved(value)) {
    return undefined;
  }
  if (allowed.includes(value)) {
    return undefined;
  }
  return problem(`${property} must be one of the allowed values`, property, show(value), allowed.map(show).join(', '));
}

/** Check the number of items of a list; token lists pass. */
export function checkCount(property: string, items: readonly unknown[] | undefined, min: number, max: number): string | undefined {
  if (items === undefined || Token.isUnresolved(items)) {
    return undefined;
  }
  if (items.length >= min && items.length <= max) {
    return undefined;
  }
  return problem(`${property} must have between ${min} and ${max} items`, property, `${items.length} items`, `${min} to ${max}`);
}

/**
 * Check a duration against a range in whole `unit`s (`60 to 3600 seconds`); unresolved durations
 * pass.
 */
export function checkDuration(property: string, duration: Duration | undefined, limits: { min: number; max: number },
  unit: 'seconds' | 'minutes'): string | undefined {
  if (duration === undefined || duration.isUnresolved()) {
    return undefined;
  }
  const value = unit === 'seconds' ? duration.toSeconds({ integral: false }) : duration.toMinutes({ integral: false });
  return value < limits.min || value > limits.max || !Number.isInteger(value)
    ? problem(`${property} must be between ${limits.min} and ${limits.max} ${unit}`, property, `${value} ${unit}`,
      `whole ${unit} from ${range(limits)}`)
    : undefined;
}

/** Check a size against a range in whole GiB; unresolved sizes pass. */
export function checkGibibytes(property: string, size: Size | undefined, limits: { min: number; max: number }): string | undefined {
  if (size === undefined || size.isUnresolved()) {
    return undefined;
  }
  const gib = size.toGibibytes({ rounding: SizeRoundingBehavior.NONE });
  return gib < limits.min || gib > limits.max || !Number.isInteger(gib)
    ? problem(`${property} must be between ${limits.min} and ${limits.max} GiB`, property, `${gib} GiB`,
      `whole GiB from ${range(limits)}`)
    : undefined;
}

/**
 * Check the length of an S3 URI that a location renders (`s3://bucket/prefix`); a URI with a token
 * passes.
 *
 * @param name the prop the URI comes from, as the message names it (`asyncInference.outputPrefix`)
 * @param property the property with what it belongs to (`variant 'a' coreDump.destinationPrefix`)
 */
export function checkS3UriLength(name: string, property: string, uri: string | undefined, max: number): string | undefined {
  return literal(uri) && uri.length > max
    ? problem(`${name} is too long`, property, `${uri.length} characters, ${show(uri.slice(0, 60))}...`,
      `an S3 URI of at most ${max} characters`)
    : undefined;
}
