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

type Resources = { findResources(type: string): Record<string, any> };

/**
 * Every IAM policy statement of a template (policies, customer-managed policies and the inline
 * policies of roles), flattened.
 */
export function statements(template: Resources): any[] {
  const roles = template.findResources('AWS::IAM::Role');
  return [
    ...Object.values(roles).flatMap((r: any) => (r.Properties.Policies ?? []).flatMap((p: any) => p.PolicyDocument.Statement)),
    ...['AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy'].flatMap(type =>
      Object.values(template.findResources(type)).flatMap((p: any) => p.Properties.PolicyDocument.Statement)),
  ];
}

/**
 * The statements of the customer-managed policies of a role the library created, by logical ID
 * prefix (`ModelRole`): its `AccountWide` policy, or (`Grants`) every one of its grants policies.
 */
export function rolePolicyStatements(template: Resources, role: string, policy: 'AccountWide' | 'Grants'): any[] {
  return Object.entries(template.findResources('AWS::IAM::ManagedPolicy'))
    .filter(([id]) => new RegExp(`^${role}${policy}\\d*[0-9A-F]{8}$`).test(id))
    .flatMap(([, p]: [string, any]) => p.Properties.PolicyDocument.Statement);
}

/** The statements of the `AccountWide` policy of the role the model `Model` created. */
export function accountWideStatements(template: Resources): any[] {
  return rolePolicyStatements(template, 'ModelRole', 'AccountWide');
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
