import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as cdk from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ts from 'typescript';
import { HostingChecksPlugin } from '../src';
import { fixture } from './util';

/**
 * Every ```ts block of README.md runs against src/ with `this` bound to a fresh Stack and
 * `__dirname` a folder that has the files the README names.
 */
const readme = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf-8');
const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map(m => m[1]);

function run(code: string, stack: cdk.Stack, dirname: string): void {
  const js = ts.transpileModule(code, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
  }).outputText;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const localRequire = (id: string) => require(id === 'cdk-sagemaker-hosting' ? '../src' : id);
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  new Function('require', 'exports', '__dirname', js).call(stack, localRequire, {}, dirname);
}

describe('README TypeScript examples', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'readme-'));
    fs.mkdirSync(path.join(dir, 'image'));
    fs.mkdirSync(path.join(dir, 'model'));
    fs.copyFileSync(fixture('image', 'Dockerfile'), path.join(dir, 'image', 'Dockerfile'));
    fs.copyFileSync(fixture('model.tar.gz'), path.join(dir, 'model', 'model.tar.gz'));
    fs.copyFileSync(fixture('weights.txt'), path.join(dir, 'model', 'weights.txt'));
  });
  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('there is a TypeScript example beside each Python one', () => {
    // A complete Python app (the quick start, `# app.py`) runs as a script; every snippet has its TypeScript twin.
    const python = [...readme.matchAll(/```python\n([\s\S]*?)```/g)].filter(m => !m[1].startsWith('# app.py')).length;
    expect(blocks.length).toEqual(python);
  });

  test.each(blocks.map((b, i) => [i, b]))('block %i synthesizes its SageMaker models, and HostingChecksPlugin finds no error', (i, code) => {
    // the plugin runs the hosting rules on the template: the constructs' own output gets no error from them
    const app = new cdk.App({ policyValidationBeta1: [new HostingChecksPlugin()] });
    const stack = new cdk.Stack(app, `Readme${i}`, { env: { account: '123456789012', region: 'us-east-1' } });
    run(code as string, stack, dir);
    Template.fromStack(stack).resourceCountIs('AWS::SageMaker::Model', ((code as string).match(/new sagemaker\.Model\(this\b/g) ?? []).length);
  });
});
