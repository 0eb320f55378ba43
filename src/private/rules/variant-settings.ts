import { EOL } from 'os';
import { s3Uri } from '../arn';
import { envMismatch } from '../env';
import { hasLocalNvme, isGpu, isNeuron } from '../instance-data';
import { checkCount, checkDuration, checkGibibytes, checkRange, checkS3UriLength, known, literal, show } from '../validation';
import type { VariantEntryInput, VariantPropsInput } from '../variants';
import { COMPONENT_HOSTING_LIMITS as L_HOSTING, range, VARIANT_SETTINGS_LIMITS as L } from './limits';
import { ofVariant, problem, py, Rule, RuleSet } from './rule';

/*
 * The rules of an instance variant's settings beyond model, type, count and weight
 * (CloudFormation AWS::SageMaker::EndpointConfig ProductionVariant, SageMaker API ProductionVariant, SageMaker Developer Guide, SageMaker API ProductionVariantRoutingConfig, SageMaker API reference): checked as the variant is added, production
 * or shadow, with the configuration it joins.
 */

/** `RoutingStrategy.PREFIX_AWARE` (rule files import no construct module). */
const PREFIX_AWARE: string = 'PREFIX_AWARE';

/** `MlReservationArn` (CloudFormation AWS::SageMaker::EndpointConfig CapacityReservationConfig pattern). */
const ML_RESERVATION_ARN = /^arn:aws[a-z-]*:sagemaker:[a-z0-9-]*:[0-9]{12}:[a-z0-9-]{1,14}\/.+$/;

/** The settings of a variant being added, with the account and region of its configuration. */
export interface VariantSettingsInput {
  readonly variant: VariantEntryInput;
  readonly config: { readonly env: { readonly account: string; readonly region: string } };
}

type Setting = Rule<VariantSettingsInput>;

/** A rule that reads one setting of the props, by the variant's name. */
function setting(id: string, source: string, check: (p: VariantPropsInput, at: (property: string) => string,
  input: VariantSettingsInput) => ReturnType<Setting['check']>, severity?: 'warning', cfn?: string): Setting {
  return {
    id: `instanceVariant.${id}`,
    source,
    severity,
    cfn,
    check: input => check(input.variant.props, property => ofVariant(input.variant.variantName, property), input),
  };
}

/** The GPU and AWS Neuron families an AMI version is for (API ProductionVariant.InferenceAmiVersion). */
function amiMismatch(ami: string, instanceType: string): string | undefined {
  const gpu = isGpu(instanceType);
  const neuron = isNeuron(instanceType);
  if (ami.includes('-neuron-') && !neuron) {
    return 'AWS Inferentia and Trainium (ml.inf*, ml.trn*)';
  }
  if (ami.includes('-gpu-') && !gpu) {
    return 'GPU instance types (ml.g*, ml.p*)';
  }
  return undefined;
}

export const VARIANT_SETTINGS: RuleSet<VariantSettingsInput> = {
  name: 'Instance variant settings',
  summary: { prefix: 'Invalid Production Variant Props: ', separator: EOL },
  rules: [
    setting('volumeSize', 'CloudFormation AWS::SageMaker::EndpointConfig ProductionVariant VolumeSizeInGB 1-512 (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-sagemaker-endpointconfig-productionvariant.html)', (p, at) => checkGibibytes(at('volumeSize'), p.volumeSize, L.volumeSizeGiB)),
    setting('volumeSize.volumeSizeWithNvme', 'SageMaker API ProductionVariant (a volume only for instances without local storage) (https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_ProductionVariant.html)', (p, _at, { variant }) => {
      const nvme = variant.instanceTypes.map(t => t.toString()).filter(t => literal(t) && hasLocalNvme(t));
      return p.volumeSize !== undefined && nvme.length > 0
        ? `variant ${show(variant.variantName)}: ${py('volumeSize')} is set, but instance type ${nvme.map(show).join(', ')} has local `
          + 'NVMe instance storage, where SageMaker keeps the model instead of an EBS volume; leave volumeSize unset.'
        : undefined;
    }, 'warning'),
    setting('modelDataDownloadTimeout', 'CloudFormation AWS::SageMaker::EndpointConfig ProductionVariant ModelDataDownloadTimeoutInSeconds 60-3600 (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-sagemaker-endpointconfig-productionvariant.html)',
      (p, at) => checkDuration(at('modelDataDownloadTimeout'), p.modelDataDownloadTimeout, L.modelDataDownloadSeconds, 'seconds')),
    setting('instanceProvisionTimeout', 'CloudFormation AWS::SageMaker::EndpointConfig ProductionVariant VariantInstanceProvisionTimeoutInSeconds 300-3600 (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-sagemaker-endpointconfig-productionvariant.html)',
      (p, at) => checkDuration(at('instanceProvisionTimeout'), p.instanceProvisionTimeout, L.instanceProvisionSeconds, 'seconds')),
    setting('inferenceAmiVersion.unknownInferenceAmiVersion', 'CloudFormation AWS::SageMaker::EndpointConfig ProductionVariant InferenceAmiVersion enum (it lags releases: a warning) (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-sagemaker-endpointconfig-productionvariant.html)', (p, _at, { variant }) => {
      const ami = p.inferenceAmiVersion;
      return literal(ami) && !(L.inferenceAmiVersions as readonly string[]).includes(ami)
        ? `variant ${show(variant.variantName)}: ${py('inferenceAmiVersion')} ${show(ami)} is not in the CloudFormation schema known to `
          + `this release (${L.inferenceAmiVersions.map(show).join(', ')}); the deployment fails unless it was released since.`
        : undefined;
    }, 'warning'),
    setting('inferenceAmiVersion.inferenceAmiForInstanceType', 'CloudFormation AWS::SageMaker::EndpointConfig ProductionVariant InferenceAmiVersion (GPU images for GPU types, Neuron for inf/trn) (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-sagemaker-endpointconfig-productionvariant.html)',
      (p, _at, { variant }) => {
        const ami = p.inferenceAmiVersion;
        if (!literal(ami)) {
          return undefined;
        }
        return variant.instanceTypes.map(t => t.toString()).filter(literal).map(type => {
          const wants = amiMismatch(ami, type);
          return wants && `variant ${show(variant.variantName)}: ${py('inferenceAmiVersion')} ${show(ami)} is an image for ${wants}, `
            + `not for instance type ${show(type)}; the endpoint may fail to start.`;
        });
      }, 'warning'),
    setting('prefixAwareRouting.routingStrategy', 'SageMaker API ProductionVariantRoutingConfig (PrefixAwareRoutingConfig only with PREFIX_AWARE) (https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_ProductionVariantRoutingConfig.html)', (p, at) =>
      p.prefixAwareRouting !== undefined && p.routingStrategy !== PREFIX_AWARE
        ? problem('prefixAwareRouting needs routingStrategy PREFIX_AWARE', at('routingStrategy'),
          p.routingStrategy === undefined ? 'unset' : show(p.routingStrategy), `RoutingStrategy.PREFIX_AWARE beside ${py('prefixAwareRouting')}`)
        : undefined),
    setting('prefixAwareRouting.concurrencyThreshold', 'CloudFormation AWS::SageMaker::EndpointConfig ProductionVariant PrefixAwareRoutingConfig.ConcurrencyThreshold 1-1024 (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-sagemaker-endpointconfig-productionvariant.html)', (p, at) =>
      checkRange(at('prefixAwareRouting.concurrencyThreshold'), p.prefixAwareRouting?.concurrencyThreshold,
        L.concurrencyThreshold.min, L.concurrencyThreshold.max)),
    setting('prefixAwareRouting.prefixLength', 'CloudFormation AWS::SageMaker::EndpointConfig ProductionVariant PrefixAwareRoutingConfig.PrefixLength 1024-65536 (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-sagemaker-endpointconfig-productionvariant.html)', (p, at) =>
      checkRange(at('prefixAwareRouting.prefixLength'), p.prefixAwareRouting?.prefixLength, L.prefixLength.min, L.prefixLength.max)),
    setting('coreDump.destinationPrefix', 'CloudFormation AWS::SageMaker::EndpointConfig ProductionVariant CoreDumpConfig.DestinationS3Uri: up to 512 characters (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-sagemaker-endpointconfig-productionvariant.html)', (p, at) =>
      checkS3UriLength('coreDump.destinationPrefix', at('coreDump.destinationPrefix'),
        p.coreDump && s3Uri(p.coreDump.destinationBucket, p.coreDump.destinationPrefix), L.s3UriLength)),
    setting('capacityReservation.mlReservationArn', 'CloudFormation AWS::SageMaker::EndpointConfig ProductionVariant CapacityReservationConfig.MlReservationArn (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-sagemaker-endpointconfig-productionvariant.html)', (p, at) => {
      const arn = p.capacityReservation?.mlReservationArn;
      const { min, max } = L.mlReservationArnLength;
      return literal(arn) && (arn.length < min || arn.length > max || !ML_RESERVATION_ARN.test(arn))
        ? problem('capacityReservation.mlReservationArn must be the ARN of a SageMaker ML reservation',
          at('capacityReservation.mlReservationArn'), show(arn),
          `arn:<partition>:sagemaker:<region>:<account>:<resource>/<name>, ${range({ min, max })} characters`)
        : undefined;
    }),
    setting('instancePools', 'CloudFormation AWS::SageMaker::EndpointConfig ProductionVariant InstancePools: 1-5 items (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-sagemaker-endpointconfig-productionvariant.html)', (p, at) =>
      checkCount(at('instancePools'), p.instancePools, L.instancePools.min, L.instancePools.max)),
    setting('instancePools.instanceType', 'SageMaker Developer Guide realtime-endpoints-heterogeneous (InstancePools replace InstanceType) (https://docs.aws.amazon.com/sagemaker/latest/dg/realtime-endpoints-heterogeneous.html)', (p, at) =>
      p.instancePools !== undefined && p.instanceType !== undefined
        ? problem('instanceType and instancePools cannot both be set: the pools replace the instance type', at('instanceType'),
          show(p.instanceType.toString()), `instanceType unset when ${py('instancePools')} lists the types`)
        : undefined),
    setting('instancePools.priority', 'CloudFormation AWS::SageMaker::EndpointConfig ProductionVariant InstancePools[].Priority 1-5 (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-sagemaker-endpointconfig-productionvariant.html)', (p, at) => (p.instancePools ?? []).map((pool, i) =>
      checkRange(at(`instancePools[${i}].priority`), pool.priority, L.poolPriority.min, L.poolPriority.max))),
    setting('instancePools.model.env', 'SageMaker API ContainerDefinition (models in the account and region of the configuration) (https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_ContainerDefinition.html)', (p, at, { config }) =>
      (p.instancePools ?? []).map((pool, i) => {
        const mismatch = pool.model && envMismatch('model', pool.model.env, 'endpoint configuration', config.env);
        return mismatch && problem(mismatch, at(`instancePools[${i}].model`), pool.model!.node.path,
          'a model in the account and region of the endpoint configuration');
      }), undefined, 'a template\'s resources deploy to one account and region'),
    setting('managedInstanceScaling.model', 'SageMaker API ProductionVariantManagedInstanceScaling (ManagedInstanceScaling only on inference-component endpoints) (https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_ProductionVariantManagedInstanceScaling.html)', (p, at, { variant }) =>
      p.managedInstanceScaling !== undefined && variant.model !== undefined
        ? problem('managedInstanceScaling is only supported on variants that host inference components: SageMaker rejects '
          + 'it on a variant that names a model', at('managedInstanceScaling'), `a variant hosting model ${show(variant.model.node.path)}`,
        'no managedInstanceScaling on a variant with a model (leave model unset to host inference components); scale it with '
        + py('autoScaleInstanceCount()'))
        : undefined),
    setting('managedInstanceScaling.minInstanceCount.scaleToZeroRegion', 'SageMaker Developer Guide (MinInstanceCount 0 reported rejected in some regions) (https://docs.aws.amazon.com/sagemaker/latest/dg/endpoint-auto-scaling-zero-instances.html)',
      (p, _at, { variant, config }) => {
        const region = config.env.region;
        return p.managedInstanceScaling?.minInstanceCount === 0 && literal(region)
          && (L_HOSTING.scaleToZeroRejectedRegions as readonly string[]).includes(region)
          ? `variant ${show(variant.variantName)}: ${py('managedInstanceScaling.minInstanceCount')} is 0, and SageMaker was reported to reject `
            + `scaling to zero instances in region ${region} (it was accepted in us-east-1); the deployment may fail there. Use `
            + 'minInstanceCount 1, or acknowledge this warning if the region has it now.'
          : undefined;
      }, 'warning'),
    setting('instancePools.model.components', 'SageMaker API CreateEndpointConfig (a variant that hosts inference components names no model) (https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_CreateEndpointConfig.html)', (p, at, { variant }) =>
      variant.model === undefined ? (p.instancePools ?? []).map((pool, i) => pool.model
        ? problem('A pool of a variant that hosts inference components cannot name a model', at(`instancePools[${i}].model`),
          pool.model.node.path, 'no model: the inference components name theirs, per instance type with specifications')
        : undefined) : undefined),
    setting('managedInstanceScaling.minInstanceCount', 'CloudFormation AWS::SageMaker::EndpointConfig ProductionVariant ManagedInstanceScaling.MinInstanceCount ≥ 0 (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-sagemaker-endpointconfig-productionvariant.html)', (p, at) =>
      checkRange(at('managedInstanceScaling.minInstanceCount'), p.managedInstanceScaling?.minInstanceCount, L.minInstanceCount, Infinity)),
    setting('managedInstanceScaling.maxInstanceCount', 'CloudFormation AWS::SageMaker::EndpointConfig ProductionVariant ManagedInstanceScaling.MaxInstanceCount ≥ 1 (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-sagemaker-endpointconfig-productionvariant.html)', (p, at) =>
      checkRange(at('managedInstanceScaling.maxInstanceCount'), p.managedInstanceScaling?.maxInstanceCount, L.maxInstanceCount, Infinity)),
    setting('managedInstanceScaling.minInstanceCountAboveMax', 'SageMaker Developer Guide (MinInstanceCount ≤ MaxInstanceCount; a warning: unverified) (https://docs.aws.amazon.com/sagemaker/latest/dg/endpoint-auto-scaling-zero-instances.html)',
      (p, _at, { variant }) => {
        const s = p.managedInstanceScaling;
        return s && known(s.minInstanceCount) && known(s.maxInstanceCount) && s.minInstanceCount > s.maxInstanceCount
          ? `variant ${show(variant.variantName)}: ${py('managedInstanceScaling.minInstanceCount')} ${s.minInstanceCount} is greater than `
            + `${py('maxInstanceCount')} ${s.maxInstanceCount}; SageMaker cannot keep more instances than it may run.`
          : undefined;
      }, 'warning'),
    setting('managedInstanceScaling.scaleInPolicy.maximumStepSize', 'CloudFormation AWS::SageMaker::EndpointConfig ProductionVariant ScaleInPolicy.MaximumStepSize 1-100 (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-sagemaker-endpointconfig-productionvariant.html)', (p, at) =>
      checkRange(at('managedInstanceScaling.scaleInPolicy.maximumStepSize'), p.managedInstanceScaling?.scaleInPolicy?.maximumStepSize,
        L.maximumStepSize.min, L.maximumStepSize.max)),
    setting('managedInstanceScaling.scaleInPolicy.cooldown', 'CloudFormation AWS::SageMaker::EndpointConfig ProductionVariant ScaleInPolicy.CooldownInMinutes 5-1440 (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-sagemaker-endpointconfig-productionvariant.html)', (p, at) =>
      checkDuration(at('managedInstanceScaling.scaleInPolicy.cooldown'), p.managedInstanceScaling?.scaleInPolicy?.cooldown,
        L.cooldownMinutes, 'minutes')),
  ],
};
