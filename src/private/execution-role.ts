import * as cdk from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct, IConstruct } from 'constructs';
import { brand, hasBrand } from './facts';
import { acknowledgeWildcards } from './nag';
import { whenPrepared } from './prepare';
import { EXECUTION_ROLE_POLICIES } from './rules/execution-role';
import { CROSS_ACCOUNT_GRANT } from './rules/grants';
import { IAM_LIMITS } from './rules/limits';
import { enforce, warn } from './rules/rule';

/*
 * The execution role a Model creates when none is given, and the grants that images and model data
 * make through it.
 *
 * Its permissions are customer-managed policies attached to it, never inline ones (cdk-nag's
 * IAMNoInlinePolicy of the HIPAA, NIST 800-53 R5 and PCI DSS packs):
 * - `Policy` (`Policy2`, ...): the statements whose resource must be '*' or a wildcard (logs below
 *   /aws/sagemaker/Endpoints/, metrics, ECR authorization, VPC network interfaces, an S3 prefix) and
 *   the one-resource grants. Each of the library's wildcards is acknowledged for cdk-nag
 *   (AwsSolutions-IAM5, which names the resource) with its reason, on the policy that holds it;
 * - `Grants` (`Grants2`, ...), only when needed: a grant that names one of those wildcard resources
 *   itself (a user's `*`), so that no acknowledgement of the library hides it: it is still reported.
 * One policy in the common case keeps a model at the alpha's two IAM resources (role and policy).
 * Statements are collected while the app is built and placed when its tree is prepared (a mutating
 * aspect, as iam.Role splits a large DefaultPolicy, before any checking aspect such as cdk-nag's),
 * into as few documents as IAM's 6,144 characters allow, sized as aws-cdk-lib sizes a policy it splits
 * (without resolving it: a value with a token counts as the 150 characters it estimates for an ARN) and
 * with a resource resolved only when its literal text could be one of the library's wildcards. Every
 * policy is a child of the role, so whatever depends on the role depends on its policies. For a role the user supplied, every statement is an ordinary grant.
 */

/** What a policy document takes beyond its statements: {"Version":"2012-10-17","Statement":[]}. */
const DOCUMENT_OVERHEAD = 40;
/** aws-cdk-lib's estimate of an ARN that is a token (context `@aws-cdk/aws-iam.arnSizeEstimate`). */
const ARN_SIZE_ESTIMATE = 150;
/** The brand of a role this library created (`Symbol.for`: two copies of the package see each other's roles). */
const EXECUTION_ROLE = Symbol.for('cdk-sagemaker-hosting.ExecutionRole');

/**
 * The size of a statement's JSON without whitespace as aws-cdk-lib estimates it when it splits a policy:
 * a value with a token (an ARN with a reference, a lazy value) counted as `tokenSize` characters.
 */
function estimatedSize(value: unknown, tokenSize: number): number {
  if (typeof value === 'string') {
    return (cdk.Token.isUnresolved(value) ? tokenSize : value.length) + 2;
  }
  if (Array.isArray(value)) {
    return value.reduce((n: number, v) => n + estimatedSize(v, tokenSize) + 1, 2);
  }
  if (value !== null && typeof value === 'object') {
    if (cdk.Tokenization.isResolvable(value)) {
      return tokenSize + 2;
    }
    const keys = Object.keys(value);
    return keys.reduce((n, k) => n + estimatedSize(k, tokenSize) + 1 + estimatedSize((value as Record<string, unknown>)[k], tokenSize) + 1, 2);
  }
  return String(value).length;
}

/**
 * A statement's size in a document, from its parts (an action or resource list of one is written without
 * brackets, so this is at most two characters over).
 */
function statementSize(statement: iam.PolicyStatement, tokenSize: number): number {
  const parts: Record<string, unknown> = { Effect: statement.effect };
  const add = (key: string, value: unknown) => {
    if (value !== undefined && !(Array.isArray(value) && value.length === 0)) {
      parts[key] = value;
    }
  };
  add('Sid', statement.sid);
  add('Action', statement.actions);
  add('NotAction', statement.notActions);
  add('Resource', statement.resources);
  add('NotResource', statement.notResources);
  const conditions = statement.conditions;
  add('Condition', Object.keys(conditions ?? {}).length > 0 ? conditions : undefined);
  // no principal: an identity policy names none (the document's validation rejects one)
  return estimatedSize(parts, tokenSize);
}

/** Statements in documents of at most IAM's size, in order. */
function split(scope: IConstruct, statements: readonly iam.PolicyStatement[]): iam.PolicyStatement[][] {
  const tokenSize = scope.node.tryGetContext('@aws-cdk/aws-iam.arnSizeEstimate') ?? ARN_SIZE_ESTIMATE;
  const documents: Array<{ statements: iam.PolicyStatement[]; size: number }> = [];
  for (const statement of statements) {
    const size = statementSize(statement, tokenSize) + 1;
    let document = documents[documents.length - 1];
    if (document === undefined || document.size + size > IAM_LIMITS.managedPolicySize - DOCUMENT_OVERHEAD) {
      document = { statements: [], size: 0 };
      documents.push(document);
    }
    document.statements.push(statement);
    document.size += size;
  }
  return documents.map(d => d.statements);
}

/** The key of one resource of a statement: its JSON as the template has it (a literal is its own). */
function resourceKey(stack: cdk.Stack, resource: string): string {
  return JSON.stringify(cdk.Token.isUnresolved(resource) ? stack.resolve(resource) : resource);
}

/**
 * The literal text of a value with tokens, between its tokens, each as JSON writes it in a string.
 * Resolving keeps every such piece whole (it only joins pieces), so the key of the resolved value holds each.
 */
function literalText(value: string): string[] {
  const between = '\u0000';
  const text = cdk.Tokenization.reverseString(value)
    .mapTokens({ mapToken: () => between })
    .join({ join: (left: unknown, right: unknown) => `${left ?? ''}${right ?? ''}` });
  return String(text ?? '').split(between).map(literal => JSON.stringify(literal).slice(1, -1));
}

/** A customer-managed policy the library attached to a role it created: its document and its resource. */
interface PlacedPolicy {
  readonly document: iam.PolicyDocument;
  readonly resource: iam.CfnManagedPolicy;
}

/**
 * A role whose grants go to customer-managed policies instead of an inline DefaultPolicy (see above).
 */
class ExecutionRole extends iam.Role {
  private readonly granted: iam.PolicyStatement[] = [];
  private readonly accountWide: iam.PolicyStatement[] = [];
  private readonly sids = new Set<string>();
  /** The wildcard resources of the account-wide statements, each with its reason (resolved when placed). */
  private readonly wildcardReasons: Array<{ resource: string; reason: string }> = [];
  /** Their reasons by resolved JSON: set when the statements are placed. */
  private readonly wildcards = new Map<string, string>();
  /** Their keys by the resource as the library wrote it (the same text resolves the same). */
  private readonly wildcardTexts = new Map<string, string>();
  private readonly grantsPolicies: PlacedPolicy[] = [];
  private readonly policies: PlacedPolicy[] = [];
  private placed = false;

  constructor(scope: IConstruct, id: string, props: iam.RoleProps) {
    super(scope, id, props);
    brand(this, EXECUTION_ROLE);
    whenPrepared(this, () => this.place());
  }

  public addToPrincipalPolicy(statement: iam.PolicyStatement): iam.AddToPrincipalPolicyResult {
    if (this.placed) {
      // added by a later aspect: into the last policy, or the last (or a first) Grants when it names an acknowledged wildcard
      const policies = this.wildcardKeys(statement).length > 0 ? this.grantsPolicies : this.policies;
      (policies[policies.length - 1] ?? this.policy('Grants', this.grantsPolicies, [])).document.addStatements(statement);
    } else {
      this.granted.push(statement);
    }
    // The policies will be children of the role: whatever depends on it depends on them.
    return { statementAdded: true, policyDependable: this };
  }

  /** Add a statement with the service-shaped ones (once per `sid`, when it has one). */
  public addAccountWide(statement: iam.PolicyStatement): void {
    if (statement.sid !== undefined) {
      if (this.sids.has(statement.sid)) {
        return;
      }
      this.sids.add(statement.sid);
    }
    if (this.placed) {
      this.policies[this.policies.length - 1].document.addStatements(statement);
    } else {
      this.accountWide.push(statement);
    }
  }

  /** Acknowledge the wildcard of one resource for cdk-nag, with its reason. */
  public acknowledgeWildcard(resource: string, reason: string): void {
    if (this.placed) {
      this.addWildcard(cdk.Stack.of(this), resource, reason);
    } else {
      this.wildcardReasons.push({ resource, reason });
    }
  }

  /**
   * Place the statements in as few customer-managed policies as IAM's size limit allows, acknowledge
   * each policy's wildcards for cdk-nag, and warn when the role has more policies than IAM's default
   * quota. Runs once, when the tree is prepared.
   */
  private place(): void {
    this.placed = true;
    const stack = cdk.Stack.of(this);
    for (const wildcard of this.wildcardReasons) {
      this.addWildcard(stack, wildcard.resource, wildcard.reason);
    }
    // the wildcards each statement names, found once, for where it goes and what its policy acknowledges
    const keys = new Map([...this.accountWide, ...this.granted].map(statement => [statement, this.wildcardKeys(statement)]));
    const apart = this.granted.filter(statement => keys.get(statement)!.length > 0);
    const together = [...this.accountWide, ...this.granted.filter(statement => !apart.includes(statement))];
    for (const statements of split(this, together)) {
      const policy = this.policy('Policy', this.policies, statements);
      this.acknowledge(policy, statements.flatMap(statement => keys.get(statement)!));
    }
    split(this, apart).forEach(statements => this.policy('Grants', this.grantsPolicies, statements));
    warn(this, EXECUTION_ROLE_POLICIES, { policies: this.policies.length + this.grantsPolicies.length });
  }

  /** Key a wildcard the library acknowledges, by its resolved JSON and by its text. */
  private addWildcard(stack: cdk.Stack, resource: string, reason: string): void {
    const key = resourceKey(stack, resource);
    this.wildcards.set(key, reason);
    this.wildcardTexts.set(resource, key);
  }

  /**
   * The keys (each as the template has it) of the statement's resources that are wildcards the library
   * acknowledges, however the app wrote them: a grant that names one must not share that policy.
   */
  private wildcardKeys(statement: iam.PolicyStatement): string[] {
    const found: string[] = [];
    for (const resource of statement.resources) {
      const key = this.wildcardTexts.get(resource) ?? this.keyIfWildcard(resource);
      if (key !== undefined && this.wildcards.has(key)) {
        found.push(key);
      }
    }
    return found;
  }

  /**
   * The key of a resource when it may be a wildcard: a value with tokens is resolved only when the key of
   * some wildcard holds all of its literal text (a resolved value keeps that text), so an ARN with its own
   * text (a repository, an object) is not resolved.
   */
  private keyIfWildcard(resource: string): string | undefined {
    if (!cdk.Token.isUnresolved(resource)) {
      return JSON.stringify(resource);
    }
    const text = literalText(resource);
    for (const key of this.wildcards.keys()) {
      if (text.every(literal => key.includes(literal))) {
        return resourceKey(cdk.Stack.of(this), resource);
      }
    }
    return undefined;
  }

  /** Acknowledge for cdk-nag each of the library's wildcards among a policy's resources (by their keys), once. */
  private acknowledge(policy: PlacedPolicy, keys: readonly string[]): void {
    const acknowledged: Array<readonly [unknown, string]> = [];
    for (const key of new Set(keys)) {
      const reason = this.wildcards.get(key);
      if (reason !== undefined) {
        acknowledged.push([JSON.parse(key), reason]);
      }
    }
    acknowledgeWildcards(policy.resource, acknowledged);
  }

  /**
   * A customer-managed policy attached to this role: an `AWS::IAM::ManagedPolicy` at `<id>/Resource`
   * (the path, and so the logical ID, an iam.ManagedPolicy would have), written with the L1 class: the
   * L2's physical-name, lazy-attachment and validation machinery cost half a millisecond per role and
   * add nothing to a document the library fills itself.
   */
  private policy(base: string, policies: PlacedPolicy[], statements: iam.PolicyStatement[]): PlacedPolicy {
    const scope = new Construct(this, policies.length === 0 ? base : `${base}${policies.length + 1}`);
    const document = new iam.PolicyDocument({ statements });
    const resource = new iam.CfnManagedPolicy(scope, 'Resource', {
      description: base === 'Grants'
        ? `Grants of ${this.node.path} on resources the library's policy acknowledges wildcards of (cdk-sagemaker-hosting)`
        : `Permissions of ${this.node.path} (cdk-sagemaker-hosting)`,
      path: '/',
      policyDocument: document,
      // the role's own Ref (its name): the policy is in the role's stack, so no cross-environment name is needed
      roles: [(this.node.defaultChild as iam.CfnRole).ref],
    });
    // what iam.ManagedPolicy checks at synth: no principal, a resource in every statement
    scope.node.addValidation({ validate: () => document.validateForIdentityPolicy() });
    const policy = { document, resource };
    policies.push(policy);
    return policy;
  }
}

/**
 * Create the least-privilege execution role of a model (or of an endpoint configuration that hosts
 * inference components): logs and metrics here; ECR and S3 access are granted by the images and model
 * data when they bind; EC2 network-interface actions only in a VPC.
 */
export function createExecutionRole(scope: IConstruct, inVpc: boolean, of: string = 'a SageMaker model'): iam.Role {
  const role = new ExecutionRole(scope, 'Role', {
    assumedBy: new iam.ServicePrincipal('sagemaker.amazonaws.com'),
    description: `Execution role of ${of} (least privilege, cdk-sagemaker-hosting)`,
    // A name only when a stack of another account references the role (a repository or bucket
    // policy there, see grantOnResource): a cross-environment reference needs a physical name.
    roleName: cdk.PhysicalName.GENERATE_IF_NEEDED,
  });
  role.acknowledgeWildcard('*', 'cloudwatch:PutMetricData, ecr:GetAuthorizationToken and the EC2 network-interface '
    + 'actions of a model in a VPC have no resource type in IAM, so "*" is the only resource they accept.');
  const logGroups = cdk.Stack.of(scope).formatArn({
    service: 'logs',
    resource: 'log-group',
    resourceName: '/aws/sagemaker/Endpoints/*',
    arnFormat: cdk.ArnFormat.COLON_RESOURCE_NAME,
  });
  role.acknowledgeWildcard(logGroups, 'SageMaker names the log group of each endpoint /aws/sagemaker/Endpoints/'
    + '<endpoint-name>, and the model does not know the endpoints that will host it: the role may write only '
    + 'below that prefix.');
  role.addAccountWide(new iam.PolicyStatement({
    sid: 'EndpointLogs',
    actions: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
    resources: [logGroups],
  }));
  role.addAccountWide(new iam.PolicyStatement({
    sid: 'EndpointMetrics',
    // cloudwatch:PutMetricData has no resource type: '*' is the only possible resource.
    actions: ['cloudwatch:PutMetricData'],
    resources: ['*'],
  }));
  if (inVpc) {
    role.addAccountWide(new iam.PolicyStatement({
      sid: 'VpcNetworkInterfaces',
      // These EC2 actions take no resource-level permissions for SageMaker's use.
      actions: [
        'ec2:CreateNetworkInterface',
        'ec2:CreateNetworkInterfacePermission',
        'ec2:DeleteNetworkInterface',
        'ec2:DeleteNetworkInterfacePermission',
        'ec2:DescribeNetworkInterfaces',
        'ec2:DescribeVpcs',
        'ec2:DescribeDhcpOptions',
        'ec2:DescribeSubnets',
        'ec2:DescribeSecurityGroups',
      ],
      resources: ['*'],
    }));
  }
  return role;
}

/**
 * The role the library created for `grantee`; for any other principal the statement is granted as
 * an ordinary statement and the result is undefined.
 */
function createdRole(grantee: iam.IGrantable, statement: iam.PolicyStatement): ExecutionRole | undefined {
  const principal = grantee.grantPrincipal;
  if (isExecutionRole(principal)) {
    return principal;
  }
  principal.addToPrincipalPolicy(statement);
  return undefined;
}

/** Whether a principal is a role this library created. */
function isExecutionRole(principal: iam.IPrincipal): principal is ExecutionRole {
  return hasBrand(principal, EXECUTION_ROLE);
}

/**
 * Grant a statement that belongs with the service-shaped ones: '*' for actions without a resource type
 * (`ecr:GetAuthorizationToken`), or the conditioned `s3:ListBucket` of a model-data prefix. A statement
 * with a `sid` is added once to a created role.
 */
export function grantAccountWide(grantee: iam.IGrantable, statement: iam.PolicyStatement): void {
  createdRole(grantee, statement)?.addAccountWide(statement);
}

/**
 * Grant a statement whose one resource ends with a wildcard by necessity (an S3 key prefix), with the
 * reason a cdk-nag reviewer reads.
 *
 * @param grantee the model
 * @param statement the statement (one resource)
 * @param reason why the wildcard is the narrowest resource
 */
export function grantWildcard(grantee: iam.IGrantable, statement: iam.PolicyStatement, reason: string): void {
  const created = createdRole(grantee, statement);
  if (!created) {
    return;
  }
  created.addAccountWide(statement);
  for (const resource of statement.resources) {
    created.acknowledgeWildcard(resource, reason);
  }
}

/** The resource side of a grant on a resource that has its own policy (an ECR repository, an S3 bucket). */
export interface ResourcePolicyGrant {
  /** The repository or bucket. */
  readonly resource: iam.IResourceWithPolicy;
  /** The resource, for messages: `repository 'name'`, `bucket 'name'`. */
  readonly what: string;
  /**
   * The statements, without principal: the grant's actions, resources (none for a repository
   * policy, which names no resource) and conditions.
   */
  readonly statements: iam.PolicyStatement[];
}

/**
 * Add the resource side of a grant when the resource is in another account than the grantee's
 * role, as `iam.Grant.addToPrincipalOrResource` decides it (same or both-unknown accounts need
 * none); the identity side is granted by the caller, where it belongs (DefaultPolicy or
 * the account-wide statements). The statement keeps the grant's narrow actions, resources and conditions, with the
 * role as principal. An imported resource's policy cannot be changed: that is a warning naming
 * the statement its owner must add, because the owner may have added it already.
 */
export function grantOnResource(scope: IConstruct, grantee: iam.IGrantable, grant: ResourcePolicyGrant): void {
  const principalAccount = grantee.grantPrincipal.principalAccount;
  if (principalAccount === undefined) {
    // no principal to name (an imported model without a role): nothing can be granted, as with iam.Grant
    return;
  }
  const resourceAccount = grant.resource.env.account;
  const comparison = cdk.Token.compareStrings(resourceAccount, principalAccount);
  if (comparison === cdk.TokenComparison.SAME || comparison === cdk.TokenComparison.BOTH_UNRESOLVED) {
    return;
  }
  let added = true;
  for (const statement of grant.statements) {
    const withPrincipal = statement.copy({ principals: [grantee.grantPrincipal] });
    added = grant.resource.addToResourcePolicy(withPrincipal).statementAdded && added;
  }
  // Only where both accounts are known and differ: an ARN's account beside an environment-agnostic
  // stack's may well be the same one.
  if (comparison === cdk.TokenComparison.DIFFERENT) {
    enforce(scope, CROSS_ACCOUNT_GRANT, {
      what: grant.what,
      resourceAccount,
      principalAccount: principalAccount!,
      actions: [...new Set(grant.statements.flatMap(s => s.actions))],
      added,
    });
  }
}

/** The key pattern of every object under a prefix: `prefix/*`, or `*` for a whole bucket. */
export function objectsUnder(prefix: string | undefined): string {
  if (prefix === undefined || prefix === '') {
    return '*';
  }
  return cdk.Token.isUnresolved(prefix) ? `${prefix}/*` : `${prefix.replace(/\/+$/, '')}/*`;
}

/**
 * Grant `s3:PutObject` under one prefix of a bucket (an async inference output or failure
 * location, a data capture destination): nothing else of the bucket. With the bucket's own key, its
 * encrypt actions; a bucket of another account also gets the statement in its policy.
 *
 * @param scope the construct that asks (for warnings)
 * @param grantee the model whose role writes there
 * @param bucket the bucket
 * @param prefix the key prefix (none for the whole bucket)
 * @param purpose what SageMaker writes there, for the cdk-nag reason
 */
export function grantWriteUnder(scope: IConstruct, grantee: iam.IGrantable, bucket: s3.IBucket, prefix: string | undefined,
  purpose: string): void {
  const pattern = objectsUnder(prefix);
  const statement = new iam.PolicyStatement({ actions: ['s3:PutObject'], resources: [bucket.arnForObjects(pattern)] });
  if (prefix === undefined || !cdk.Token.isUnresolved(prefix)) {
    grantWildcard(grantee, statement, `SageMaker writes ${purpose} as new objects of generated names under '${pattern}': `
      + `s3:PutObject on '${pattern}' is the narrowest resource.`);
  } else {
    grantee.grantPrincipal.addToPrincipalPolicy(statement);
  }
  grantOnResource(scope, grantee, { resource: bucket, what: `bucket '${bucket.node.path}'`, statements: [statement] });
  grantKeyForWrites(bucket.encryptionKey, grantee);
}

/**
 * Grant `s3:GetObject` on exactly one object of a bucket (model data, a SHAP baseline), the
 * decrypt actions of the bucket's key, and for a bucket of another account the statement in its
 * policy.
 *
 * @param scope the construct that asks (for warnings)
 * @param grantee the model whose role reads it
 * @param bucket the bucket
 * @param key the object key
 * @param what the bucket as messages name it
 */
export function grantReadObject(scope: IConstruct, grantee: iam.IGrantable, bucket: s3.IBucket, key: string, what: string): void {
  const object = bucket.arnForObjects(key);
  iam.Grant.addToPrincipal({ grantee, actions: ['s3:GetObject'], resourceArns: [object] });
  grantOnResource(scope, grantee, {
    resource: bucket,
    what,
    statements: [new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [object] })],
  });
  bucket.encryptionKey?.grantDecrypt(grantee);
}

/**
 * The exact KMS actions a writer needs (S3 server-side encryption with the key, SageMaker's output
 * KmsKeyId): kms:Encrypt and kms:GenerateDataKey, not kms.IKey#grantEncrypt's wildcard actions
 * (kms:ReEncrypt*, kms:GenerateDataKey*), which cdk-nag reports (AwsSolutions-IAM5).
 *
 * @param key the key (nothing is granted without one)
 * @param grantee the model whose role writes
 */
export function grantKeyForWrites(key: kms.IKey | undefined, grantee: iam.IGrantable): void {
  key?.grant(grantee, 'kms:Encrypt', 'kms:GenerateDataKey');
}

/**
 * sns:Publish on a topic, and for an encrypted topic the two key actions a publisher needs
 * (kms:GenerateDataKey, kms:Decrypt), instead of sns.ITopic#grantPublish's kms:GenerateDataKey*.
 *
 * @param topic the topic
 * @param grantee the model whose role publishes
 */
export function grantPublish(topic: sns.ITopic, grantee: iam.IGrantable): void {
  iam.Grant.addToPrincipalOrResource({ grantee, actions: ['sns:Publish'], resourceArns: [topic.topicArn], resource: topic });
  topic.masterKey?.grant(grantee, 'kms:GenerateDataKey', 'kms:Decrypt');
}
