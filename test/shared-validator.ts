/*
 * What a test file's `require('@aws/cloudformation-validate')` returns (jest `moduleNameMapper`):
 * the package loaded once per jest worker by test/environment.ts, whose validation engine is built
 * once per worker instead of once per test file.
 */
const SHARED_VALIDATOR = '__cdkSagemakerHostingSharedValidator';
const shared = (globalThis as any)[SHARED_VALIDATOR];
if (shared === undefined) {
  throw new Error(`@aws/cloudformation-validate is mapped to ${__filename}, which needs the jest environment of test/environment.ts`);
}
module.exports = shared;
