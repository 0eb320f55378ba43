import { EOL } from 'os';
import type { InstanceProductionVariantProps } from '../../production-variant';
import { s3Uri } from '../arn';
import { envMismatch } from '../env';
import { hasLocalNvme } from '../instance-data';
import { checkCount, checkDuration, checkGibibytes, checkRange, checkS3UriLength, known, literal, show } from '../validation';
import type { InstanceVariantEntry } from '../variants';
import { COMPONENT_HOSTING_LIMITS as L_HOSTING, range, VARIANT_SETTINGS_LIMITS as L } from './limits';
import { ofVariant, problem, py, Rule, RuleSet } from './rule';

/*
 * The rules of an instance variant's settings beyond model, type, count and weight
 * (sagemaker-constraints.md §2.1, C9b, C16, C17, §10): checked as the variant is added, production
 * or shadow, with the configuration it joins.
 */

/** `RoutingStrategy.PREFIX_AWARE` (rule files import no construct module). */
const PREFIX_AWARE: string = 'PREFIX_AWARE';

/** `MlReservationArn` (S-EC pattern). */
const ML_RESERVATION_ARN = /^arn:aws[a-z-]*:sagemaker:[a-z0-9-]*:[0-9]{12}:[a-z0-9-]{1,14}\/.+$/;

/** The settings of a variant being added, with the account and region of its configuration. */
export interface VariantSettingsInput {
  readonly variant: InstanceVariantEntry;
  readonly config: { readonly env: { readonly account: string; readonly region: string } };
}

type Setting = Rule<VariantSettingsInput>;

/** A rule that reads one setting of the props, by the variant's name. */
function setting(id: string, source: string, check: (p: InstanceProductionVariantProps, at: (property: string) => string,
  input: VariantSettingsInput) => ReturnType<Setting['check']>, severity?: 'warning'): Setting {
  return {
    id: `instanceVariant.${id}`,
    source,
    severity,
    check: input => check(input.variant.props, property => ofVariant(input.variant.variantName, property), input),
  };
}

/** The GPU and AWS Neuron families an AMI version is for (API ProductionVariant.InferenceAmiVersion). */
function amiMismatch(ami: string, instanceType: string): string | undefined {
  const gpu = /^ml\.(g\d|p\d)/.test(instanceType);
  const neuron = /^ml\.(inf\d|trn\d)/.test(instanceType);
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
    setting('volumeSize', '§2.1 VolumeSizeInGB 1-512', (p, at) => checkGibibytes(at('volumeSize'), p.volumeSize, L.volumeSizeGiB)),
    setting('volumeSize.volumeSizeWithNvme', 'C9b (a volume only for instances without local storage)', (p, _at, { variant }) => {
      const nvme = variant.instanceTypes.map(t => t.toString()).filter(t => literal(t) && hasLocalNvme(t));
      return p.volumeSize !== undefined && nvme.length > 0
        ? `variant ${show(variant.variantName)}: ${py('volumeSize')} is set, but instance type ${nvme.map(show).join(', ')} has local `
          + 'NVMe instance storage, where SageMaker keeps the model instead of an EBS volume; leave volumeSize unset.'
        : undefined;
    }, 'warning'),
    setting('modelDataDownloadTimeout', '§2.1 ModelDataDownloadTimeoutInSeconds 60-3600',
      (p, at) => checkDuration(at('modelDataDownloadTimeout'), p.modelDataDownloadTimeout, L.modelDataDownloadSeconds, 'seconds')),
    setting('instanceProvisionTimeout', '§2.1 VariantInstanceProvisionTimeoutInSeconds 300-3600',
      (p, at) => checkDuration(at('instanceProvisionTimeout'), p.instanceProvisionTimeout, L.instanceProvisionSeconds, 'seconds')),
    setting('inferenceAmiVersion.unknownInferenceAmiVersion', '§2.1 InferenceAmiVersion enum (it lags releases: a warning)', (p, _at, { variant }) => {
      const ami = p.inferenceAmiVersion;
      return literal(ami) && !(L.inferenceAmiVersions as readonly string[]).includes(ami)
        ? `variant ${show(variant.variantName)}: ${py('inferenceAmiVersion')} ${show(ami)} is not in the CloudFormation schema known to `
          + `this release (${L.inferenceAmiVersions.map(show).join(', ')}); the deployment fails unless it was released since.`
        : undefined;
    }, 'warning'),
    setting('inferenceAmiVersion.inferenceAmiForInstanceType', '§2.1 InferenceAmiVersion (GPU images for GPU types, Neuron for inf/trn)',
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
    setting('prefixAwareRouting.routingStrategy', 'C17 (PrefixAwareRoutingConfig only with PREFIX_AWARE)', (p, at) =>
      p.prefixAwareRouting !== undefined && p.routingStrategy !== PREFIX_AWARE
        ? problem('prefixAwareRouting needs routingStrategy PREFIX_AWARE', at('routingStrategy'),
          p.routingStrategy === undefined ? 'unset' : show(p.routingStrategy), `RoutingStrategy.PREFIX_AWARE beside ${py('prefixAwareRouting')}`)
        : undefined),
    setting('prefixAwareRouting.concurrencyThreshold', '§2.1 PrefixAwareRoutingConfig.ConcurrencyThreshold 1-1024', (p, at) =>
      checkRange(at('prefixAwareRouting.concurrencyThreshold'), p.prefixAwareRouting?.concurrencyThreshold,
        L.concurrencyThreshold.min, L.concurrencyThreshold.max)),
    setting('prefixAwareRouting.prefixLength', '§2.1 PrefixAwareRoutingConfig.PrefixLength 1024-65536', (p, at) =>
      checkRange(at('prefixAwareRouting.prefixLength'), p.prefixAwareRouting?.prefixLength, L.prefixLength.min, L.prefixLength.max)),
    setting('coreDump.destinationPrefix', '§2.1 CoreDumpConfig.DestinationS3Uri: up to 512 characters', (p, at) =>
      checkS3UriLength('coreDump.destinationPrefix', at('coreDump.destinationPrefix'),
        p.coreDump && s3Uri(p.coreDump.destinationBucket, p.coreDump.destinationPrefix), L.s3UriLength)),
    setting('capacityReservation.mlReservationArn', '§2.1 CapacityReservationConfig.MlReservationArn', (p, at) => {
      const arn = p.capacityReservation?.mlReservationArn;
      const { min, max } = L.mlReservationArnLength;
      return literal(arn) && (arn.length < min || arn.length > max || !ML_RESERVATION_ARN.test(arn))
        ? problem('capacityReservation.mlReservationArn must be the ARN of a SageMaker ML reservation',
          at('capacityReservation.mlReservationArn'), show(arn),
          `arn:<partition>:sagemaker:<region>:<account>:<resource>/<name>, ${range({ min, max })} characters`)
        : undefined;
    }),
    setting('instancePools', '§2.1 InstancePools: 1-5 items', (p, at) =>
      checkCount(at('instancePools'), p.instancePools, L.instancePools.min, L.instancePools.max)),
    setting('instancePools.instanceType', 'DG:realtime-endpoints-heterogeneous (InstancePools replace InstanceType)', (p, at) =>
      p.instancePools !== undefined && p.instanceType !== undefined
        ? problem('instanceType and instancePools cannot both be set: the pools replace the instance type', at('instanceType'),
          show(p.instanceType.toString()), `instanceType unset when ${py('instancePools')} lists the types`)
        : undefined),
    setting('instancePools.priority', '§2.1 InstancePools[].Priority 1-5', (p, at) => (p.instancePools ?? []).map((pool, i) =>
      checkRange(at(`instancePools[${i}].priority`), pool.priority, L.poolPriority.min, L.poolPriority.max))),
    setting('instancePools.model.env', 'C6d (models in the account and region of the configuration)', (p, at, { config }) =>
      (p.instancePools ?? []).map((pool, i) => {
        const mismatch = pool.model && envMismatch('model', pool.model.env, 'endpoint configuration', config.env);
        return mismatch && problem(mismatch, at(`instancePools[${i}].model`), pool.model!.node.path,
          'a model in the account and region of the endpoint configuration');
      })),
    setting('managedInstanceScaling.model', '§10 (ManagedInstanceScaling only on inference-component endpoints)', (p, at, { variant }) =>
      p.managedInstanceScaling !== undefined && variant.model !== undefined
        ? problem('managedInstanceScaling is only supported on variants that host inference components: SageMaker rejects '
          + 'it on a variant that names a model', at('managedInstanceScaling'), `a variant hosting model ${show(variant.model.node.path)}`,
        'no managedInstanceScaling on a variant with a model (leave model unset to host inference components); scale it with '
        + py('autoScaleInstanceCount()'))
        : undefined),
    setting('managedInstanceScaling.minInstanceCount.scaleToZeroRegion', '§10 (MinInstanceCount 0 reported rejected in some regions)',
      (p, _at, { variant, config }) => {
        const region = config.env.region;
        return p.managedInstanceScaling?.minInstanceCount === 0 && literal(region)
          && (L_HOSTING.scaleToZeroRejectedRegions as readonly string[]).includes(region)
          ? `variant ${show(variant.variantName)}: ${py('managedInstanceScaling.minInstanceCount')} is 0, and SageMaker was reported to reject `
            + `scaling to zero instances in region ${region} (it was accepted in us-east-1); the deployment may fail there. Use `
            + 'minInstanceCount 1, or acknowledge this warning if the region has it now.'
          : undefined;
      }, 'warning'),
    setting('instancePools.model.components', 'C14 (a variant that hosts inference components names no model)', (p, at, { variant }) =>
      variant.model === undefined ? (p.instancePools ?? []).map((pool, i) => pool.model
        ? problem('A pool of a variant that hosts inference components cannot name a model', at(`instancePools[${i}].model`),
          pool.model.node.path, 'no model: the inference components name theirs, per instance type with specifications')
        : undefined) : undefined),
    setting('managedInstanceScaling.minInstanceCount', '§2.1 ManagedInstanceScaling.MinInstanceCount ≥ 0', (p, at) =>
      checkRange(at('managedInstanceScaling.minInstanceCount'), p.managedInstanceScaling?.minInstanceCount, L.minInstanceCount, Infinity)),
    setting('managedInstanceScaling.maxInstanceCount', '§2.1 ManagedInstanceScaling.MaxInstanceCount ≥ 1', (p, at) =>
      checkRange(at('managedInstanceScaling.maxInstanceCount'), p.managedInstanceScaling?.maxInstanceCount, L.maxInstanceCount, Infinity)),
    setting('managedInstanceScaling.minInstanceCountAboveMax', 'C16 (MinInstanceCount ≤ MaxInstanceCount; a warning: unverified)',
      (p, _at, { variant }) => {
        const s = p.managedInstanceScaling;
        return s && known(s.minInstanceCount) && known(s.maxInstanceCount) && s.minInstanceCount > s.maxInstanceCount
          ? `variant ${show(variant.variantName)}: ${py('managedInstanceScaling.minInstanceCount')} ${s.minInstanceCount} is greater than `
            + `${py('maxInstanceCount')} ${s.maxInstanceCount}; SageMaker cannot keep more instances than it may run.`
          : undefined;
      }, 'warning'),
    setting('managedInstanceScaling.scaleInPolicy.maximumStepSize', '§2.1 ScaleInPolicy.MaximumStepSize 1-100', (p, at) =>
      checkRange(at('managedInstanceScaling.scaleInPolicy.maximumStepSize'), p.managedInstanceScaling?.scaleInPolicy?.maximumStepSize,
        L.maximumStepSize.min, L.maximumStepSize.max)),
    setting('managedInstanceScaling.scaleInPolicy.cooldown', '§2.1 ScaleInPolicy.CooldownInMinutes 5-1440', (p, at) =>
      checkDuration(at('managedInstanceScaling.scaleInPolicy.cooldown'), p.managedInstanceScaling?.scaleInPolicy?.cooldown,
        L.cooldownMinutes, 'minutes')),
  ],
};
