import * as cdk from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sagemaker from '../src';
import { envStack } from './util';

/*
 * What the library does for cdk-nag's HIPAA, NIST 800-53 R5 and PCI DSS packs (test/python/test_compliance.py
 * runs the packs themselves through the wheel): execution roles without inline policies, and the KMS-key
 * finding of an endpoint configuration acknowledged exactly where SageMaker takes no key.
 */
const KMS_RULES = [
  'HIPAA.Security::HIPAA.Security-SageMakerEndpointConfigurationKMSKeyConfigured',
  'NIST.800.53.R5::NIST.800.53.R5-SageMakerEndpointConfigurationKMSKeyConfigured',
  'PCI.DSS.321::PCI.DSS.321-SageMakerEndpointConfigurationKMSKeyConfigured',
];

function model(stack: cdk.Stack, id = 'Model'): sagemaker.Model {
  return new sagemaker.Model(stack, id, { containers: [{ image: sagemaker.ContainerImage.fromDlc('pytorch-inference', '2.1') }] });
}

/** rule id -> reason of the acknowledgements on the configuration's CfnEndpointConfig, after synthesis. */
function acknowledgements(stack: cdk.Stack, config: sagemaker.EndpointConfig): Record<string, string> {
  Template.fromStack(stack); // validation records them
  return Object.assign({}, ...config.node.defaultChild!.node.metadata
    .filter(m => m.type === cdk.Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
    .map(m => m.data as Record<string, string>));
}

describe('the KMS-key finding of an endpoint configuration', () => {
  test('is acknowledged, with the reason, when an instance type has local NVMe storage and no key is set', () => {
    const { stack } = envStack();
    const config = new sagemaker.EndpointConfig(stack, 'Config', {
      instanceProductionVariants: [
        { variantName: 'cpu', model: model(stack), instanceType: sagemaker.InstanceType.M5_LARGE },
        { variantName: 'gpu', model: model(stack, 'Gpu'), instanceType: sagemaker.InstanceType.G5_XLARGE },
      ],
    });
    const acks = acknowledgements(stack, config);
    expect(Object.keys(acks).sort()).toEqual(KMS_RULES);
    for (const reason of Object.values(acks)) {
      expect(reason).toContain('(ml.g5.xlarge)');
      expect(reason).toContain('SageMaker does not accept a KmsKeyId');
    }
  });

  test('is acknowledged for variants added later, naming every local-NVMe type the configuration has when synthesized', () => {
    const { stack } = envStack();
    const config = new sagemaker.EndpointConfig(stack, 'Config', {
      instanceProductionVariants: [{ variantName: 'cpu', model: model(stack), instanceType: sagemaker.InstanceType.M5_LARGE }],
    });
    config.addInstanceProductionVariant({ variantName: 'gpu', model: model(stack, 'Gpu'), instanceType: sagemaker.InstanceType.G5_XLARGE });
    config.addInstanceProductionVariant({ variantName: 'next', model: model(stack, 'Next'), instanceType: sagemaker.InstanceType.G6_XLARGE });
    const acks = acknowledgements(stack, config);
    expect(Object.keys(acks).sort()).toEqual(KMS_RULES);
    for (const reason of Object.values(acks)) {
      expect(reason).toContain('(ml.g5.xlarge, ml.g6.xlarge)');
    }
  });

  test('is acknowledged for a shadow variant and for a component-hosting variant with local NVMe storage', () => {
    const { stack } = envStack();
    const shadow = new sagemaker.EndpointConfig(stack, 'Shadow', {
      instanceProductionVariants: [{ variantName: 'prod', model: model(stack), instanceType: sagemaker.InstanceType.M5_LARGE }],
      shadowProductionVariants: [{ variantName: 'shadow', model: model(stack, 'Candidate'), instanceType: sagemaker.InstanceType.M5D_LARGE }],
    });
    const components = new sagemaker.EndpointConfig(stack, 'Components', {
      instanceProductionVariants: [{ variantName: 'gpu', instanceType: sagemaker.InstanceType.G6_XLARGE }],
    });
    expect(Object.keys(acknowledgements(stack, shadow)).sort()).toEqual(KMS_RULES);
    expect(Object.keys(acknowledgements(stack, components)).sort()).toEqual(KMS_RULES);
  });

  test('is not acknowledged when every instance type takes a key, with a key, for serverless, or for a token type', () => {
    const { stack } = envStack();
    const plain = new sagemaker.EndpointConfig(stack, 'Plain', {
      instanceProductionVariants: [{ variantName: 'cpu', model: model(stack), instanceType: sagemaker.InstanceType.M5_LARGE }],
    });
    const keyed = new sagemaker.EndpointConfig(stack, 'Keyed', {
      encryptionKey: new kms.Key(stack, 'Key'),
      instanceProductionVariants: [{ variantName: 'gpu', model: model(stack, 'Gpu'), instanceType: sagemaker.InstanceType.G5_XLARGE }],
    });
    const serverless = new sagemaker.EndpointConfig(stack, 'Serverless', {
      serverlessProductionVariant: { variantName: 'sls', model: model(stack, 'Sls'), maxConcurrency: 1, memorySizeInMB: 2048 },
    });
    const type = new cdk.CfnParameter(stack, 'Type').valueAsString;
    const token = new sagemaker.EndpointConfig(stack, 'Token', {
      instanceProductionVariants: [{ variantName: 'any', model: model(stack, 'Any'), instanceType: sagemaker.InstanceType.of(type) }],
    });
    for (const config of [plain, keyed, serverless, token]) {
      expect(acknowledgements(stack, config)).toEqual({});
    }
  });

  test('a key with a local-NVMe type stays a warning that says to leave the key unset', () => {
    const { stack } = envStack();
    new sagemaker.EndpointConfig(stack, 'Config', {
      encryptionKey: new kms.Key(stack, 'Key'),
      instanceProductionVariants: [{ variantName: 'gpu', model: model(stack), instanceType: sagemaker.InstanceType.P4D_24XLARGE }],
    });
    const warnings = cdk.assertions.Annotations.fromStack(stack).findWarning('*', cdk.assertions.Match.stringLikeRegexp('kmsKeyWithNvme'));
    expect(warnings.map(w => w.entry.data)).toEqual([
      "variant 'gpu': instance type 'ml.p4d.24xlarge' has local NVMe instance storage, which the endpoint configuration's "
      + 'encryption key does not encrypt (SageMaker encrypts instance storage with a hardware module instead), '
      + 'and the CreateEndpointConfig reference says the call fails with a KmsKeyId for such types. Leave encryptionKey (encryption_key) '
      + 'unset: the cdk-nag KMS-key finding is then acknowledged with that reason. [rule: instanceVariant.instanceType.kmsKeyWithNvme] '
      + '[ack: cdk-sagemaker-hosting:kmsKeyWithNvme]',
    ]);
  });
});

describe('a created execution role', () => {
  test('has no inline policy: its permissions are customer-managed policies attached to it', () => {
    const { stack } = envStack();
    const m = model(stack);
    new sagemaker.EndpointConfig(stack, 'Config', {
      instanceProductionVariants: [{ variantName: 'cpu', model: m, instanceType: sagemaker.InstanceType.M5_LARGE }],
    });
    m.addToRolePolicy(new cdk.aws_iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::extra/object'] }));
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::IAM::Policy', 0);
    const roles = template.findResources('AWS::IAM::Role');
    expect(Object.values(roles).map((r: any) => r.Properties.Policies)).toEqual([undefined]);
    const managed = Object.values(template.findResources('AWS::IAM::ManagedPolicy'));
    expect(managed.map((p: any) => p.Properties.Roles)).toEqual([[{ Ref: Object.keys(roles)[0] }]]);
    // a statement added by the user lands in that policy, unchanged
    expect(managed.flatMap((p: any) => p.Properties.PolicyDocument.Statement))
      .toContainEqual({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::extra/object' });
  });
});
