import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as cdk from 'aws-cdk-lib';
import { Construct } from 'constructs';
import * as sagemaker from '../src';

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
 * prefix (`ModelRole`): its `Policy` policies, or (`Grants`) those of the grants kept apart from them.
 */
export function rolePolicyStatements(template: Resources, role: string, policy: 'Policy' | 'Grants'): any[] {
  return Object.entries(template.findResources('AWS::IAM::ManagedPolicy'))
    .filter(([id]) => new RegExp(`^${role}${policy}\\d*[0-9A-F]{8}$`).test(id))
    .flatMap(([, p]: [string, any]) => p.Properties.PolicyDocument.Statement);
}

/** The statements of the `Policy` policies of the role the model `Model` created. */
export function accountWideStatements(template: Resources): any[] {
  return rolePolicyStatements(template, 'ModelRole', 'Policy');
}

/** The actions of a statement as a list. */
export function actionsOf(statement: any): string[] {
  return Array.isArray(statement.Action) ? statement.Action : [statement.Action];
}

/** The cfn-lint of .venv (installed by scripts/test.sh), or `CFN_LINT`. */
export const CFN_LINT = process.env.CFN_LINT ?? path.join(__dirname, '..', '.venv', 'bin', 'cfn-lint');

/**
 * The logical IDs of a stack's resources that a construct of this library made, from its cloud
 * assembly: the resources under a node of tree.json whose class is one of the library's
 * (`cdk-sagemaker-hosting.*`), by the logical IDs the stack's metadata records for their paths.
 */
export function libraryResourceIds(tree: any, manifest: any, stackArtifact: string, readFile: (name: string) => string): Set<string> {
  const roots: string[] = [];
  const walk = (node: any, nodePath: string): void => {
    // From the compiled library the type is `cdk-sagemaker-hosting.<Class>`; from src/ (ts-node, no
    // jsii type information) the library's constructs report their base class, `aws-cdk-lib.Resource`,
    // which none of aws-cdk-lib's own L2s reports.
    const fqn = String(node.constructInfo?.fqn ?? '');
    if (fqn.startsWith('cdk-sagemaker-hosting.') || fqn === 'aws-cdk-lib.Resource') {
      roots.push(nodePath);
      return;
    }
    for (const child of Object.values<any>(node.children ?? {})) {
      walk(child, `${nodePath}/${child.id}`);
    }
  };
  walk(tree.tree, '');
  // The stack's metadata is in the manifest, or in the file it names (newer CDK versions).
  const artifact = manifest.artifacts[stackArtifact] ?? {};
  const metadata: Record<string, Array<{ type: string; data: string }>> = {
    ...artifact.metadata,
    ...artifact.additionalMetadataFile ? JSON.parse(readFile(artifact.additionalMetadataFile)) : {},
  };
  return new Set(Object.entries(metadata)
    .filter(([entryPath]) => roots.some(root => entryPath === root || entryPath.startsWith(`${root}/`)))
    .flatMap(([, entries]) => entries.filter(e => e.type === 'aws:cdk:logicalId').map(e => e.data)));
}

/** The construct classes this library exports. */
const LIBRARY_CLASSES = Object.values(sagemaker)
  .filter((value): value is abstract new (...args: any[]) => Construct => typeof value === 'function' && value.prototype instanceof Construct);

/** The logical IDs of a stack's resources that a construct of this library made (in this process). */
export function libraryResourceIdsOf(stack: cdk.Stack): Set<string> {
  return new Set(stack.node.findAll()
    .filter((c): c is cdk.CfnResource => cdk.CfnResource.isCfnResource(c) && c.node.scopes.some(s => LIBRARY_CLASSES.some(C => s instanceof C)))
    .map(c => stack.getLogicalId(c)));
}

/**
 * The cfn-lint errors (`E` rules) of templates, and their warnings (`W` rules) on the resources of
 * `library` (per template name: the library's own resources), as `<template> <rule> <path>: <message>`.
 */
export function cfnLintProblems(templates: Record<string, unknown>, library: Record<string, Set<string>>): string[] {
  if (!fs.existsSync(CFN_LINT)) {
    throw new Error(`cfn-lint not found at ${CFN_LINT}: run scripts/test.sh (it installs requirements-dev.txt into .venv)`);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lint-'));
  try {
    const names = new Map<string, string>();
    const files = Object.entries(templates).map(([name, template]) => {
      const file = path.join(dir, `${name.replace(/[^a-z0-9]+/gi, '-')}.json`);
      fs.writeFileSync(file, JSON.stringify(template));
      names.set(file, name);
      return file;
    });
    const result = spawnSync(CFN_LINT, ['--format', 'json', '--regions', 'us-east-1', '--', ...files], { encoding: 'utf-8' });
    const matches: any[] = JSON.parse(result.stdout || '[]');
    return matches
      .filter(m => m.Rule.Id.startsWith('E') || (m.Rule.Id.startsWith('W') && m.Location.Path[0] === 'Resources'
        && (library[names.get(m.Filename) ?? '']?.has(m.Location.Path[1]) ?? false)))
      .map(m => `${names.get(m.Filename)} ${m.Rule.Id} ${m.Location.Path.join('/')}: ${m.Message}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

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

/** The message of the error `fn` throws ('no error' when it throws none). */
export function errorMessage(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return (e as Error).message;
  }
  return 'no error';
}
