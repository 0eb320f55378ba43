import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as cdk from 'aws-cdk-lib';

/*
 * test/environment.ts: a test file gets the jest worker's template validator, which still reports
 * what aws-cdk-lib's own validator reports.
 */

// eslint-disable-next-line @typescript-eslint/no-require-imports -- what aws-cdk-lib's plugin loads, through moduleNameMapper
const validate = require('@aws/cloudformation-validate');

test('the validation package a test file loads is the worker\'s, and its engines are one engine per configuration', () => {
  expect(validate.CompositeEngine.name).toBe('SharedCompositeEngine');
  const a = new validate.CompositeEngine({});
  const b = new validate.CompositeEngine({});
  expect(a.engine).toBe(b.engine);
  a.free(); // what a disposed plugin does: the worker keeps the engine
  expect(b.engineName()).toBe(a.engineName());
});

test('aws-cdk-lib\'s validator still reports a schema error in a template', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'validate-'));
  try {
    const templatePath = path.join(dir, 'S.template.json');
    fs.writeFileSync(templatePath, JSON.stringify({ Resources: { B: { Type: 'AWS::S3::Bucket', Properties: { BucketNamez: 'x' } } } }));
    const report = cdk.CloudFormationValidatePlugin._singletonInstance().validate({
      templatePaths: [templatePath],
      stackTemplates: [{ stackConstructPath: 'S', templatePath }],
    } as any);
    expect(report.violations.map(v => [v.ruleName, v.severity, v.description])).toEqual([
      ['F3002', 'error', expect.stringMatching(/^BucketNamez: Additional properties are not allowed/)],
    ]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
