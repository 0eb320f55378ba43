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
