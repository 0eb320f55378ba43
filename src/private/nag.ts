import { Stack, Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { whenPrepared } from './prepare';

/**
 * Acknowledge, on a policy resource, cdk-nag's AwsSolutions-IAM5 finding of each wildcard resource (an
 * ARN, possibly with tokens, or '*', as resolved for the template) with its reason: one metadata entry
 * for them all.
 */
export function acknowledgeWildcards(policy: IConstruct, wildcards: ReadonlyArray<readonly [unknown, string]>): void {
  if (wildcards.length === 0) {
    return;
  }
  // cdk-nag names a finding after the resource as the template has it, tokens written `<LogicalId>`,
  // `<LogicalId.Attribute>` or `<AWS::Pseudo>`: called when the tree is prepared, once every logical
  // ID is known.
  const acknowledged: Record<string, string> = {};
  for (const [resolved, reason] of wildcards) {
    acknowledged[`AwsSolutions::AwsSolutions-IAM5[Resource::${renderForNag(resolved)}]`] = reason;
  }
  // The entry Validations.of(policy).acknowledge() records (each id already in its normal form), one for
  // all of them and without the creation stack trace it captures: this runs for every created role.
  policy.node.addMetadata(Validations.ACKNOWLEDGED_RULES_METADATA_KEY, acknowledged);
}

/** A resolved CloudFormation value in cdk-nag's notation. */
export function renderForNag(value: unknown): string {
  if (typeof value === 'string') {
    return value;
  }
  if (value && typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if (typeof v.Ref === 'string') {
      return `<${v.Ref}>`;
    }
    if (Array.isArray(v['Fn::GetAtt'])) {
      return `<${(v['Fn::GetAtt'] as string[]).join('.')}>`;
    }
    if (Array.isArray(v['Fn::Join'])) {
      const [sep, parts] = v['Fn::Join'] as [string, unknown[]];
      return parts.map(renderForNag).join(sep);
    }
  }
  return JSON.stringify(value);
}

/** cdk-nag's compliance packs: HIPAA, NIST 800-53 R5 and PCI DSS. */
const COMPLIANCE_PACKS = ['HIPAA.Security', 'NIST.800.53.R5', 'PCI.DSS.321'];

/** The rule of cdk-nag's compliance packs that wants a KMS key on every endpoint configuration. */
const KMS_KEY_RULES = COMPLIANCE_PACKS.map(pack => `${pack}::${pack}-SageMakerEndpointConfigurationKMSKeyConfigured`);

/**
 * Acknowledge the KMS-key finding of an endpoint configuration whose instance types have local NVMe
 * storage: SageMaker rejects a KmsKeyId for them, and encrypts that storage itself.
 *
 * @param resource the CfnEndpointConfig
 * @param nvmeTypes the configuration's instance types with local NVMe storage (at least one)
 */
export function acknowledgeLocalStorageEncryption(resource: IConstruct, nvmeTypes: string[]): void {
  const types = nvmeTypes.join(', ');
  const reason = `The instances of this endpoint configuration (${types}) keep the model and their data on local NVMe `
    + 'instance storage, which is encrypted at rest by a hardware module on the instance (AES-256, a key per instance). '
    + 'SageMaker does not accept a KmsKeyId for an endpoint configuration with such instance types: CreateEndpointConfig '
    + 'fails, so no customer-managed key can be configured here.';
  for (const id of KMS_KEY_RULES) {
    Validations.of(resource).acknowledge({ id, reason });
  }
}

/**
 * Acknowledge, with their reasons, what cdk-nag's packs report of a deploy-time helper function of the
 * library (one that CloudFormation invokes, such as the lookup of `ModelPackage.latestApproved()` or
 * the release of network interfaces): the function's rules, its log group's encryption, and the
 * wildcard resources of its role's policy.
 *
 * @param fn the function
 * @param logGroup its log group
 * @param policy the managed policy of its role
 * @param reasons the reason for each of LambdaConcurrency, LambdaDLQ and LambdaInsideVPC
 * @param logReason why the log group needs no customer-managed key
 * @param wildcards the wildcard resources of the policy with their reasons, read when the tree is prepared
 */
export function acknowledgeHelperFunction(fn: IConstruct, logGroup: IConstruct, policy: IConstruct,
  reasons: Record<'LambdaConcurrency' | 'LambdaDLQ' | 'LambdaInsideVPC', string>, logReason: string,
  wildcards: () => Array<[string, string]>): void {
  for (const [rule, reason] of Object.entries(reasons)) {
    for (const pack of COMPLIANCE_PACKS) {
      Validations.of(fn).acknowledge({ id: `${pack}::${pack}-${rule}`, reason });
    }
  }
  for (const pack of COMPLIANCE_PACKS) {
    Validations.of(logGroup).acknowledge({ id: `${pack}::${pack}-CloudWatchLogGroupEncrypted`, reason: logReason });
  }
  whenPrepared(policy, () => {
    const stack = Stack.of(policy);
    acknowledgeWildcards(policy, wildcards().map(([resource, reason]) => [stack.resolve(resource), reason] as const));
  });
}
