import { Stack, Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { whenPrepared } from './prepare';

/**
 * Acknowledge, on a policy resource, cdk-nag's AwsSolutions-IAM5 finding of one wildcard resource (an
 * ARN, possibly with tokens, or '*', as resolved for the template) with its reason.
 */
export function acknowledgeWildcard(policy: IConstruct, resolved: unknown, reason: string): void {
  // cdk-nag names a finding after the resource as the template has it, tokens written `<LogicalId>`,
  // `<LogicalId.Attribute>` or `<AWS::Pseudo>`: called when the tree is prepared, once every logical
  // ID is known.
  const id = `AwsSolutions::AwsSolutions-IAM5[Resource::${renderForNag(resolved)}]`;
  // The entry Validations.of(policy).acknowledge() records (the id is already in its normal form),
  // without the creation stack trace it captures: this runs for every created role.
  policy.node.addMetadata(Validations.ACKNOWLEDGED_RULES_METADATA_KEY, { [id]: reason });
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
 * Acknowledge, with their reasons, what cdk-nag's packs report of the function that looks up model
 * package versions (`ModelPackage.latestApproved()`): a deploy-time helper that CloudFormation
 * invokes, which reads nothing but version ARNs.
 *
 * @param fn the function
 * @param logGroup its log group
 * @param policy the managed policy of its role
 * @param wildcards the wildcard resources of the policy (the versions of each group looked up)
 */
export function acknowledgeLookupFunction(fn: IConstruct, logGroup: IConstruct, policy: IConstruct, wildcards: () => string[]): void {
  const reasons: Record<string, string> = {
    LambdaConcurrency: 'The function answers CloudFormation during deploys only (one call per lookup and deploy); reserving '
      + 'concurrency would take it from the account\'s workloads, and throttling would only delay the deploy.',
    LambdaDLQ: 'CloudFormation waits for the function\'s answer: a failed invocation fails the deploy and is reported there, '
      + 'so a dead-letter queue would hold nothing anyone acts on.',
    LambdaInsideVPC: 'The function calls one SageMaker API (ListModelPackages) and touches no data; in a VPC it would need a '
      + 'NAT gateway or a SageMaker API endpoint for nothing.',
  };
  for (const [rule, reason] of Object.entries(reasons)) {
    for (const pack of COMPLIANCE_PACKS) {
      Validations.of(fn).acknowledge({ id: `${pack}::${pack}-${rule}`, reason });
    }
  }
  const logs = 'The log group holds only the ARNs of the model package groups looked up and of the versions found, '
    + 'no data: the service\'s own encryption at rest suffices.';
  for (const pack of COMPLIANCE_PACKS) {
    Validations.of(logGroup).acknowledge({ id: `${pack}::${pack}-CloudWatchLogGroupEncrypted`, reason: logs });
  }
  whenPrepared(policy, () => {
    for (const resource of wildcards()) {
      acknowledgeWildcard(policy, Stack.of(policy).resolve(resource), 'ListModelPackages is authorized on the model package group and on its '
        + 'versions (model-package/<group>/*); the versions are what the lookup lists, and their numbers are not known '
        + 'before they are registered.');
    }
  });
}
