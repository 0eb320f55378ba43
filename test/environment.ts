/*
 * The jest environment of the unit tests: jest's Node.js environment, plus one CloudFormation
 * template validator per jest worker instead of one per test file.
 *
 * aws-cdk-lib checks every template it synthesizes with @aws/cloudformation-validate (test/setup.ts
 * turns a finding into a failure). Its engine takes 2–5 s of CPU to build (the schemas and rules
 * are compiled into a WebAssembly engine), and aws-cdk-lib builds it once per module registry, which
 * jest makes anew for every test file: three quarters of the suite's CPU went there. This module is
 * loaded once per worker by Node.js itself, outside the test files' sandboxes, so the engines it
 * builds live for the worker; the package the sandboxes load instead (test/shared-validator.ts, by
 * `moduleNameMapper`) hands them out. Same engine, same rules, same templates validated: a test file
 * now finds it built, as every synth after the first of a Node.js process finds aws-cdk-lib's own.
 */
import * as path from 'path';
import { TestEnvironment } from 'jest-environment-node';

/** Where test/shared-validator.ts finds the worker's package: a property of the sandbox's global object. */
const SHARED_VALIDATOR = '__cdkSagemakerHostingSharedValidator';

/** The package as aws-cdk-lib resolves it (its own copy under node_modules/aws-cdk-lib). */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a package aws-cdk-lib depends on, resolved from there
const real = require(require.resolve('@aws/cloudformation-validate', { paths: [path.dirname(require.resolve('aws-cdk-lib/package.json'))] }));

/** The worker's engines, one per configuration (aws-cdk-lib uses one: its default rules). */
const engines = new Map<string, any>();

function engineFor(config: unknown): any {
  const key = JSON.stringify(config ?? {});
  let engine = engines.get(key);
  if (engine === undefined) {
    engine = new real.CompositeEngine(config);
    engines.set(key, engine);
  }
  return engine;
}

/**
 * `CompositeEngine` as the package's own class behaves, over the worker's engine for the same
 * configuration. `free()` leaves the engine to the worker (a test file's plugin may dispose its
 * handle; the next test file still uses the engine).
 */
class SharedCompositeEngine {
  private readonly engine: any;
  constructor(config?: unknown) {
    this.engine = engineFor(config);
  }
  validateTemplate(template: unknown, config?: unknown) { return this.engine.validateTemplate(template, config); }
  validateStandard(template: unknown, config?: unknown) { return this.engine.validateStandard(template, config); }
  validateDetailed(template: unknown, config?: unknown) { return this.engine.validateDetailed(template, config); }
  validateAwsCliCommand(request: unknown) { return this.engine.validateAwsCliCommand(request); }
  listRules() { return this.engine.listRules(); }
  engineName() { return this.engine.engineName(); }
  free() {}
}

const shared = Object.freeze({ ...real, CompositeEngine: SharedCompositeEngine });

export default class UnitTestEnvironment extends TestEnvironment {
  constructor(...args: ConstructorParameters<typeof TestEnvironment>) {
    super(...args);
    this.global[SHARED_VALIDATOR] = shared;
  }
}
