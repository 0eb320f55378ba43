import * as cdk from 'aws-cdk-lib';
import { checkCount, checkOneOf, checkRange, checkString, known, literal, STRING_RULES } from '../../src/private/validation';

describe('checkString', () => {
  test.each(['a', 'A1', 'a-b', 'a--b', 'x'.repeat(63)])('accepts %p as a resource name', (name) => {
    expect(checkString('modelName', name, STRING_RULES.modelName)).toBeUndefined();
  });
  test.each(['', '-a', 'a-', 'a_b', 'a.b', 'x'.repeat(64), 'bad_name!'])('rejects %p as a resource name', (name) => {
    expect(checkString('modelName', name, STRING_RULES.modelName)).toEqual(
      `modelName must be a SageMaker name (modelName (model_name): got '${name}', ${name.length} characters; allowed 1 to 63 characters: `
      + 'letters, digits and hyphens, starting and ending with a letter or digit)');
  });
  test('skips tokens', () => {
    const stack = new cdk.Stack();
    expect(checkString('modelName', new cdk.CfnParameter(stack, 'P').valueAsString, STRING_RULES.modelName)).toBeUndefined();
    expect(checkString('modelName', `x_${cdk.Aws.REGION}`, STRING_RULES.modelName)).toBeUndefined();
  });
  test('environment keys', () => {
    expect(checkString('k', '_OK_1', STRING_RULES.environmentKey)).toBeUndefined();
    expect(checkString('k', '9NO', STRING_RULES.environmentKey)).toEqual(
      "k must be an environment variable name (k: got '9NO', 3 characters; allowed up to 1024 characters: letters, digits "
      + 'and underscores, not starting with a digit)');
  });
});

describe('checkRange', () => {
  test('inclusive bounds, integers, tokens', () => {
    expect(checkRange('x', 1, 1, 10)).toBeUndefined();
    expect(checkRange('x', 10, 1, 10)).toBeUndefined();
    expect(checkRange('x', 0, 1, 10)).toEqual('x must be an integer between 1 and 10 (x: got 0; allowed an integer from 1 to 10)');
    expect(checkRange('x', 1.5, 1, 10)).toEqual('x must be an integer between 1 and 10 (x: got 1.5; allowed an integer from 1 to 10)');
    expect(checkRange('w', 0.5, 0, Infinity, { integer: false })).toBeUndefined();
    expect(checkRange('w', -1, 0, Infinity, { integer: false })).toEqual('w must be 0 or more (w: got -1; allowed a number 0 or more)');
    expect(checkRange('t', 30, 60, 3600, { unit: 'seconds' })).toEqual(
      't must be an integer between 60 and 3600 seconds (t: got 30; allowed an integer from 60 to 3600 seconds)');
    const stack = new cdk.Stack();
    expect(checkRange('x', new cdk.CfnParameter(stack, 'N', { type: 'Number' }).valueAsNumber, 1, 10)).toBeUndefined();
  });
});

describe('checkOneOf and checkCount', () => {
  test('membership', () => {
    expect(checkOneOf('m', 1024, [1024, 2048])).toBeUndefined();
    expect(checkOneOf('m', 1000, [1024, 2048])).toEqual('m must be one of the allowed values (m: got 1000; allowed 1024, 2048)');
  });
  test('counts', () => {
    expect(checkCount('l', [1], 1, 5)).toBeUndefined();
    expect(checkCount('l', [], 1, 5)).toEqual('l must have between 1 and 5 items (l: got 0 items; allowed 1 to 5)');
    expect(checkCount('l', undefined, 1, 5)).toBeUndefined();
  });
});

describe('literal and known', () => {
  test('a given value is read, a token or nothing is not', () => {
    expect(literal('x')).toBe(true);
    expect(literal('')).toBe(true);
    expect(literal(undefined)).toBe(false);
    expect(literal(cdk.Lazy.string({ produce: () => 'x' }))).toBe(false);
    expect(known(0)).toBe(true);
    expect(known(undefined)).toBe(false);
    expect(known(cdk.Lazy.number({ produce: () => 1 }))).toBe(false);
  });
});
