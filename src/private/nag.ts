import { Stack, Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * Acknowledge, on a policy resource, cdk-nag's AwsSolutions-IAM5 finding of one wildcard resource (an
 * ARN, possibly with tokens, or '*') with its reason.
 */
export function acknowledgeWildcard(policy: IConstruct, resource: string, reason: string): void {
  // cdk-nag names a finding after the resource as the template has it, tokens written `<LogicalId>`,
  // `<LogicalId.Attribute>` or `<AWS::Pseudo>`: called when the tree is prepared, once every logical
  // ID is known.
  const id = `AwsSolutions::AwsSolutions-IAM5[Resource::${renderForNag(Stack.of(policy).resolve(resource))}]`;
  Validations.of(policy).acknowledge({ id, reason });
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

/** The rule of cdk-nag's HIPAA, NIST 800-53 R5 and PCI DSS packs that wants a KMS key on every endpoint configuration. */
const KMS_KEY_RULES = ['HIPAA.Security', 'NIST.800.53.R5', 'PCI.DSS.321']
  .map(pack => `${pack}::${pack}-SageMakerEndpointConfigurationKMSKeyConfigured`);

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
