import { Stack, Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * Acknowledgements of cdk-nag's AwsSolutions-IAM5 (wildcard permissions) for the statements of a
 * policy whose wildcard is the narrowest resource there is, each with the reason a reviewer reads.
 *
 * cdk-nag names a finding after the resource as the template has it, tokens written `<LogicalId>`,
 * `<LogicalId.Attribute>` or `<AWS::Pseudo>`; the resources are rendered that way at synth, once
 * every logical ID is known.
 */
export class WildcardAcknowledgements {
  private readonly entries: Array<{ resource: string; reason: string }> = [];

  constructor(private readonly policy: IConstruct) {}

  /** Acknowledge the wildcard of one resource (an ARN, possibly with tokens, or '*'). */
  public add(resource: string, reason: string): void {
    this.entries.push({ resource, reason });
  }

  /** Record the acknowledgements; call during validation (after every statement is known). */
  public record(): void {
    const stack = Stack.of(this.policy);
    const seen = new Set<string>();
    for (const { resource, reason } of this.entries) {
      const id = `AwsSolutions::AwsSolutions-IAM5[Resource::${renderForNag(stack.resolve(resource))}]`;
      if (!seen.has(id)) {
        seen.add(id);
        Validations.of(this.policy).acknowledge({ id, reason });
      }
    }
  }
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
