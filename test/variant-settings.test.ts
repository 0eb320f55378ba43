import * as cdk from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sagemaker from '../src';
import { envStack, statements } from './util';

/* Every setting of an instance variant: what it renders, what it grants, its ranges and cross-field rules. */

function model(stack: cdk.Stack, id = 'Model') {
  return new sagemaker.Model(stack, id, { containers: [{ image: sagemaker.ContainerImage.fromDlc('pytorch-inference', '2.1') }] });
}

function configWith(variant: Partial<sagemaker.InstanceProductionVariantProps>, stack = envStack().stack) {
  const config = new sagemaker.EndpointConfig(stack, 'Config', {
    instanceProductionVariants: [{ variantName: 'main', model: model(stack), instanceType: sagemaker.InstanceType.G5_XLARGE, ...variant }],
  });
  return { stack, config };
}

const variantOf = (stack: cdk.Stack) => Template.fromStack(stack).findResources('AWS::SageMaker::EndpointConfig');

describe('rendering', () => {
  test('every scalar setting renders under its CloudFormation name', () => {
    const { stack } = configWith({
      volumeSize: cdk.Size.gibibytes(100),
      modelDataDownloadTimeout: cdk.Duration.minutes(20),
      containerStartupHealthCheckTimeout: cdk.Duration.minutes(10),
      instanceProvisionTimeout: cdk.Duration.minutes(30),
      enableSsmAccess: true,
      inferenceAmiVersion: 'al2023-ami-sagemaker-inference-gpu-4-1',
      instanceType: sagemaker.InstanceType.G4DN_XLARGE,
    });
    Template.fromStack(stack).hasResourceProperties('AWS::SageMaker::EndpointConfig', {
      ProductionVariants: [{
        VariantName: 'main',
        InstanceType: 'ml.g4dn.xlarge',
        VolumeSizeInGB: 100,
        ModelDataDownloadTimeoutInSeconds: 1200,
        ContainerStartupHealthCheckTimeoutInSeconds: 600,
        VariantInstanceProvisionTimeoutInSeconds: 1800,
        EnableSSMAccess: true,
        InferenceAmiVersion: 'al2023-ami-sagemaker-inference-gpu-4-1',
      }],
    });
  });

  test('prefix-aware routing renders RoutingConfig with its options', () => {
    const { stack } = configWith({
      routingStrategy: sagemaker.RoutingStrategy.PREFIX_AWARE,
      prefixAwareRouting: { concurrencyThreshold: 8, prefixLength: 2048 },
    });
    Template.fromStack(stack).hasResourceProperties('AWS::SageMaker::EndpointConfig', {
      ProductionVariants: [Match.objectLike({
        RoutingConfig: { RoutingStrategy: 'PREFIX_AWARE', PrefixAwareRoutingConfig: { ConcurrencyThreshold: 8, PrefixLength: 2048 } },
      })],
    });
  });

  test('least outstanding requests routing renders only the strategy', () => {
    const { stack } = configWith({ routingStrategy: sagemaker.RoutingStrategy.LEAST_OUTSTANDING_REQUESTS });
    const variant = Object.values(variantOf(stack))[0].Properties.ProductionVariants[0];
    expect(variant.RoutingConfig).toEqual({ RoutingStrategy: 'LEAST_OUTSTANDING_REQUESTS' });
  });

  test('an unset setting renders nothing', () => {
    const { stack } = configWith({});
    const variant = Object.values(variantOf(stack))[0].Properties.ProductionVariants[0];
    expect(Object.keys(variant).sort()).toEqual(['InitialInstanceCount', 'InitialVariantWeight', 'InstanceType', 'ModelName', 'VariantName']);
  });

  test('capacity reservation renders the reservation ARN and the only preference', () => {
    const arn = 'arn:aws:sagemaker:us-west-2:123456789012:training-plan/my-plan';
    const { stack } = configWith({ capacityReservation: { mlReservationArn: arn } });
    Template.fromStack(stack).hasResourceProperties('AWS::SageMaker::EndpointConfig', {
      ProductionVariants: [Match.objectLike({
        CapacityReservationConfig: { CapacityReservationPreference: 'capacity-reservations-only', MlReservationArn: arn },
      })],
    });
  });

  test('instance pools replace InstanceType, with a per-pool model override', () => {
    const { stack } = envStack();
    const main = model(stack);
    const tuned = model(stack, 'Tuned');
    new sagemaker.EndpointConfig(stack, 'Config', {
      instanceProductionVariants: [{
        variantName: 'main',
        model: main,
        instancePools: [
          { instanceType: sagemaker.InstanceType.G6E_2XLARGE, priority: 2, model: tuned },
          { instanceType: sagemaker.InstanceType.G6_2XLARGE, priority: 1 },
        ],
        instanceProvisionTimeout: cdk.Duration.minutes(15),
      }],
    });
    const variant = Object.values(variantOf(stack))[0].Properties.ProductionVariants[0];
    expect(variant.InstanceType).toBeUndefined();
    expect(variant.InstancePools).toEqual([
      { InstanceType: 'ml.g6e.2xlarge', Priority: 2, ModelNameOverride: { 'Fn::GetAtt': [expect.stringMatching(/^Tuned/), 'ModelName'] } },
      { InstanceType: 'ml.g6.2xlarge', Priority: 1 },
    ]);
    expect(variant.VariantInstanceProvisionTimeoutInSeconds).toBe(900);
  });

  test('core dumps render the destination and key; the role may write only under the prefix', () => {
    const { stack } = envStack();
    const bucket = s3.Bucket.fromBucketName(stack, 'Dumps', 'core-dumps');
    const key = new kms.Key(stack, 'Key');
    configWith({ coreDump: { destinationBucket: bucket, destinationPrefix: 'endpoint-a', encryptionKey: key } }, stack);
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::SageMaker::EndpointConfig', {
      ProductionVariants: [Match.objectLike({
        CoreDumpConfig: { DestinationS3Uri: 's3://core-dumps/endpoint-a', KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Key'), 'Arn'] } },
      })],
    });
    const writes = statements(template).filter(s => [s.Action].flat().includes('s3:PutObject'));
    expect(writes).toEqual([expect.objectContaining({
      Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::core-dumps/endpoint-a/*']] },
    })]);
    const encrypt = statements(template).filter(s => [s.Action].flat().some((a: string) => a.startsWith('kms:')));
    expect(encrypt).toHaveLength(1);
    expect(encrypt[0].Action).toEqual(['kms:Encrypt', 'kms:GenerateDataKey']);
    expect(encrypt[0].Resource).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^Key/), 'Arn'] });
  });

  test('tokens are rendered and never validated', () => {
    const { stack } = envStack();
    const n = new cdk.CfnParameter(stack, 'N', { type: 'Number' }).valueAsNumber;
    const ami = new cdk.CfnParameter(stack, 'Ami').valueAsString;
    configWith({
      volumeSize: cdk.Size.gibibytes(n),
      modelDataDownloadTimeout: cdk.Duration.seconds(n),
      instanceProvisionTimeout: cdk.Duration.seconds(n),
      inferenceAmiVersion: ami,
      prefixAwareRouting: { concurrencyThreshold: n, prefixLength: n },
      routingStrategy: sagemaker.RoutingStrategy.PREFIX_AWARE,
      capacityReservation: { mlReservationArn: new cdk.CfnParameter(stack, 'Arn').valueAsString },
      instancePools: [{ instanceType: sagemaker.InstanceType.of(ami), priority: n }],
      instanceType: undefined,
    }, stack);
    const variant = Object.values(variantOf(stack))[0].Properties.ProductionVariants[0];
    expect(variant.VolumeSizeInGB).toEqual({ Ref: 'N' });
    expect(variant.InstancePools).toEqual([{ InstanceType: { Ref: 'Ami' }, Priority: { Ref: 'N' } }]);
    expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('inferenceAmiVersion'))).toHaveLength(0);
  });
});

describe('errors', () => {
  const cases: Array<[string, Partial<sagemaker.InstanceProductionVariantProps>, string]> = [
    ['volume of 0 GiB', { volumeSize: cdk.Size.gibibytes(0) },
      "variant 'main' volumeSize must be between 1 and 512 GiB (variant 'main' volumeSize (volume_size): got 0 GiB; allowed whole GiB from 1 to 512)"],
    ['volume of 513 GiB', { volumeSize: cdk.Size.gibibytes(513) }, 'got 513 GiB'],
    ['volume of 1.5 GiB', { volumeSize: cdk.Size.mebibytes(1536) }, 'got 1.5 GiB'],
    ['download timeout of 59 s', { modelDataDownloadTimeout: cdk.Duration.seconds(59) },
      "variant 'main' modelDataDownloadTimeout must be between 60 and 3600 seconds (variant 'main' modelDataDownloadTimeout "
      + '(model_data_download_timeout): got 59 seconds; allowed whole seconds from 60 to 3600)'],
    ['download timeout of 2 h', { modelDataDownloadTimeout: cdk.Duration.hours(2) }, 'got 7200 seconds'],
    ['provision timeout of 299 s', { instanceProvisionTimeout: cdk.Duration.seconds(299) },
      "variant 'main' instanceProvisionTimeout (instance_provision_timeout): got 299 seconds; allowed whole seconds from 300 to 3600"],
    ['prefix-aware options without PREFIX_AWARE', { prefixAwareRouting: { prefixLength: 2048 } },
      "prefixAwareRouting needs routingStrategy PREFIX_AWARE (variant 'main' routingStrategy (routing_strategy): got unset; "
      + 'allowed RoutingStrategy.PREFIX_AWARE beside prefixAwareRouting (prefix_aware_routing))'],
    ['prefix-aware options with RANDOM', { routingStrategy: sagemaker.RoutingStrategy.RANDOM, prefixAwareRouting: { prefixLength: 2048 } },
      "got 'RANDOM'"],
    ['concurrency threshold 0', { routingStrategy: sagemaker.RoutingStrategy.PREFIX_AWARE, prefixAwareRouting: { concurrencyThreshold: 0 } },
      "variant 'main' prefixAwareRouting.concurrencyThreshold (prefix_aware_routing.concurrency_threshold): got 0; allowed an integer from 1 to 1024"],
    ['prefix length 1023', { routingStrategy: sagemaker.RoutingStrategy.PREFIX_AWARE, prefixAwareRouting: { prefixLength: 1023 } },
      'got 1023; allowed an integer from 1024 to 65536'],
    ['capacity reservation of an EC2 ARN', { capacityReservation: { mlReservationArn: 'arn:aws:ec2:us-west-2:123456789012:capacity-reservation/cr-1' } },
      "capacityReservation.mlReservationArn must be the ARN of a SageMaker ML reservation (variant 'main' capacityReservation.mlReservationArn "
      + "(capacity_reservation.ml_reservation_arn): got 'arn:aws:ec2:us-west-2:123456789012:capacity-reservation/cr-1'"],
    ['no instance pools', { instanceType: undefined, instancePools: [] }, 'instancePools (instance_pools): got 0 items; allowed 1 to 5'],
    ['six instance pools', { instanceType: undefined, instancePools: [1, 2, 3, 4, 5, 5].map(priority => ({ instanceType: sagemaker.InstanceType.G5_XLARGE, priority })) },
      'got 6 items; allowed 1 to 5'],
    ['pool priority 6', { instanceType: undefined, instancePools: [{ instanceType: sagemaker.InstanceType.G5_XLARGE, priority: 6 }] },
      "variant 'main' instancePools[0].priority (instance_pools[0].priority): got 6; allowed an integer from 1 to 5"],
    ['instance type beside pools', { instancePools: [{ instanceType: sagemaker.InstanceType.G5_XLARGE, priority: 1 }] },
      "instanceType and instancePools cannot both be set: the pools replace the instance type (variant 'main' instanceType (instance_type): "
      + "got 'ml.g5.xlarge'"],
    ['managed instance scaling on a variant with a model', { managedInstanceScaling: { maxInstanceCount: 4 } },
      'managedInstanceScaling is only supported on variants that host inference components: SageMaker rejects it on a variant that '
      + "names a model (variant 'main' managedInstanceScaling (managed_instance_scaling): got a variant hosting model 'TestStack/Model'"],
    ['scale-in step of 101', { managedInstanceScaling: { maxInstanceCount: 4, scaleInPolicy: { strategy: sagemaker.ScaleInStrategy.IDLE_RELEASE, maximumStepSize: 101 } } },
      'managedInstanceScaling.scaleInPolicy.maximumStepSize (managed_instance_scaling.scale_in_policy.maximum_step_size): got 101; allowed an integer from 1 to 100'],
    ['scale-in cooldown of 4 minutes', { managedInstanceScaling: { maxInstanceCount: 4, scaleInPolicy: { strategy: sagemaker.ScaleInStrategy.CONSOLIDATION, cooldown: cdk.Duration.minutes(4) } } },
      'got 4 minutes; allowed whole minutes from 5 to 1440'],
    ['a core dump URI over 512 characters', { coreDump: { destinationBucket: s3.Bucket.fromBucketName(new cdk.Stack(), 'D', 'dumps'), destinationPrefix: 'p'.repeat(502) } },
      "coreDump.destinationPrefix is too long (variant 'main' coreDump.destinationPrefix (core_dump.destination_prefix): got 513 characters, "
      + "'s3://dumps/ppppppppppppppppppppppppppppppppppppppppppppppppp'...; allowed an S3 URI of at most 512 characters)"],
    ['max instance count 0', { managedInstanceScaling: { maxInstanceCount: 0 } }, 'managedInstanceScaling.maxInstanceCount (managed_instance_scaling.max_instance_count): got 0; allowed an integer 1 or more'],
  ];
  test.each(cases)('%s', (_name, variant, message) => {
    expect(() => configWith(variant)).toThrow(message);
  });

  test('every problem of a variant is reported at once, with the construct path', () => {
    expect(() => configWith({ volumeSize: cdk.Size.gibibytes(0), modelDataDownloadTimeout: cdk.Duration.seconds(1) }))
      .toThrow(/^TestStack\/Config: Invalid Production Variant Props: [^\n]*volumeSize[^\n]*\n[^\n]*modelDataDownloadTimeout/);
  });

  test('the limits are inclusive', () => {
    expect(() => configWith({
      volumeSize: cdk.Size.gibibytes(512),
      modelDataDownloadTimeout: cdk.Duration.seconds(60),
      instanceProvisionTimeout: cdk.Duration.seconds(3600),
      routingStrategy: sagemaker.RoutingStrategy.PREFIX_AWARE,
      prefixAwareRouting: { concurrencyThreshold: 1024, prefixLength: 65536 },
    }, envStack().stack)).not.toThrow();
  });
});

describe('warnings', () => {
  const warnings = (stack: cdk.Stack, id: string) => Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp(id));

  test('a volume on an instance type with local NVMe storage', () => {
    const { stack } = configWith({ volumeSize: cdk.Size.gibibytes(50), instanceType: sagemaker.InstanceType.G5_XLARGE });
    expect(warnings(stack, 'volumeSizeWithNvme')[0].entry.data).toContain(
      "variant 'main': volumeSize (volume_size) is set, but instance type 'ml.g5.xlarge' has local NVMe instance storage");
  });

  test('no volume warning on an EBS-only type', () => {
    const { stack } = configWith({ volumeSize: cdk.Size.gibibytes(50), instanceType: sagemaker.InstanceType.M5_LARGE });
    expect(warnings(stack, 'volumeSizeWithNvme')).toHaveLength(0);
  });

  test('an AMI version unknown to this release', () => {
    const { stack } = configWith({ inferenceAmiVersion: 'al2023-ami-sagemaker-inference-gpu-9' });
    cdk.Validations.of(stack).acknowledge({ id: 'CloudFormation-Validate::W3030', reason: 'the AMI is unknown to the schema on purpose' });
    expect(warnings(stack, 'unknownInferenceAmiVersion')[0].entry.data).toContain("inferenceAmiVersion (inference_ami_version) 'al2023-ami-sagemaker-inference-gpu-9' is not in the CloudFormation schema");
  });

  test('a Neuron AMI on a GPU type, a GPU AMI on a CPU type', () => {
    const neuron = configWith({ inferenceAmiVersion: 'al2-ami-sagemaker-inference-neuron-2' }).stack;
    expect(warnings(neuron, 'inferenceAmiForInstanceType')[0].entry.data).toContain('is an image for AWS Inferentia and Trainium');
    const gpu = configWith({ inferenceAmiVersion: 'al2-ami-sagemaker-inference-gpu-3-1', instanceType: sagemaker.InstanceType.M5_LARGE }).stack;
    expect(warnings(gpu, 'inferenceAmiForInstanceType')[0].entry.data).toContain("not for instance type 'ml.m5.large'");
    const fine = configWith({ inferenceAmiVersion: 'al2-ami-sagemaker-inference-neuron-2', instanceType: sagemaker.InstanceType.INF2_XLARGE }).stack;
    expect(warnings(fine, 'inferenceAmiForInstanceType')).toHaveLength(0);
  });

  test('pool types are checked like instance types (KMS key with NVMe, unknown type)', () => {
    const { stack } = envStack();
    new sagemaker.EndpointConfig(stack, 'Config', {
      encryptionKey: new kms.Key(stack, 'Key'),
      instanceProductionVariants: [{
        variantName: 'main',
        model: model(stack),
        instancePools: [
          { instanceType: sagemaker.InstanceType.M5_LARGE, priority: 1 },
          { instanceType: sagemaker.InstanceType.M5D_LARGE, priority: 2 },
          { instanceType: sagemaker.InstanceType.of('ml.m99.large'), priority: 3 },
        ],
      }],
    });
    cdk.Validations.of(stack).acknowledge({ id: 'CloudFormation-Validate::W3030', reason: 'the pool type is unknown to the schema on purpose' });
    expect(warnings(stack, 'kmsKeyWithNvme').map(w => w.entry.data)).toEqual([expect.stringContaining("'ml.m5d.large'")]);
    expect(warnings(stack, 'unknownInstanceType').map(w => w.entry.data)).toEqual([expect.stringContaining("'ml.m99.large'")]);
  });
});
