import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as cdk from 'aws-cdk-lib';

/** A stack in a known account and region (so ARNs and region facts are literal). */
export function envStack(region = 'us-west-2', account = '123456789012'): { app: cdk.App; stack: cdk.Stack } {
  const app = new cdk.App();
  const stack = new cdk.Stack(app, 'TestStack', { env: { account, region } });
  return { app, stack };
}

/** A stack with no environment (tokens for account and region). */
export function agnosticStack(): { app: cdk.App; stack: cdk.Stack } {
  const app = new cdk.App();
  const stack = new cdk.Stack(app, 'TestStack');
  return { app, stack };
}

/** Path of a file or folder under test/fixtures. */
export function fixture(...parts: string[]): string {
  return path.join(__dirname, 'fixtures', ...parts);
}

/** Every IAM policy statement of a template (policies and the inline policies of roles), flattened. */
export function statements(template: { findResources(type: string): Record<string, any> }): any[] {
  const policies = template.findResources('AWS::IAM::Policy');
  const roles = template.findResources('AWS::IAM::Role');
  return [
    ...Object.values(roles).flatMap((r: any) => (r.Properties.Policies ?? []).flatMap((p: any) => p.PolicyDocument.Statement)),
    ...Object.values(policies).flatMap((p: any) => p.Properties.PolicyDocument.Statement),
  ];
}

/** The statements of the inline policy `AccountWide` of the role the model `Model` created. */
export function accountWideStatements(template: { findResources(type: string): Record<string, any> }): any[] {
  const roles = Object.entries(template.findResources('AWS::IAM::Role')).filter(([id]) => id.startsWith('ModelRole'));
  const policy = (roles[0]?.[1].Properties.Policies ?? []).find((p: any) => p.PolicyName === 'AccountWide');
  return policy?.PolicyDocument.Statement ?? [];
}

/** The actions of a statement as a list. */
export function actionsOf(statement: any): string[] {
  return Array.isArray(statement.Action) ? statement.Action : [statement.Action];
}

/** The cfn-lint of .venv (installed by scripts/test.sh), or `CFN_LINT`. */
export const CFN_LINT = process.env.CFN_LINT ?? path.join(__dirname, '..', '.venv', 'bin', 'cfn-lint');

/** The cfn-lint errors (`E` rules) of templates, as cfn-lint prints them; empty when they are clean. */
export function cfnLintErrors(templates: Record<string, unknown>): string[] {
  if (!fs.existsSync(CFN_LINT)) {
    throw new Error(`cfn-lint not found at ${CFN_LINT}: run scripts/test.sh (it installs requirements-dev.txt into .venv)`);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lint-'));
  try {
    const files = Object.entries(templates).map(([name, template]) => {
      const file = path.join(dir, `${name.replace(/[^a-z0-9]+/gi, '-')}.json`);
      fs.writeFileSync(file, JSON.stringify(template));
      return file;
    });
    const result = spawnSync(CFN_LINT, ['--format', 'parseable', '--regions', 'us-east-1', '--', ...files], { encoding: 'utf-8' });
    return result.stdout.split('\n').filter(line => /:E\d{4}:/.test(line));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
