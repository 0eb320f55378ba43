import { CATALOGUE, REGION_BITMAPS } from './hosting-regions.generated';
import { INSTANCE_FACTS } from './instance-facts.generated';

const INDEX = new Map(CATALOGUE.map((t, i) => [t, i]));
const BITMAPS = new Map(Object.entries(REGION_BITMAPS).map(([r, hex]) => [r, BigInt(`0x${hex}`)]));

/** Whether a type is in the CloudFormation hosting enum. */
export function inCatalogue(instanceType: string): boolean {
  return INDEX.has(instanceType);
}

/**
 * Whether a region offers an instance type for hosting, per cfn-lint's regional data;
 * `undefined` when the region or the type is not in the data.
 */
export function offeredInRegion(instanceType: string, region: string): boolean | undefined {
  const i = INDEX.get(instanceType);
  const bits = BITMAPS.get(region);
  if (i === undefined || bits === undefined) {
    return undefined;
  }
  return ((bits >> BigInt(i)) & BigInt(1)) === BigInt(1); // eslint-disable-line no-bitwise
}

/**
 * Instance families with local NVMe instance storage (SageMaker API ProductionVariant InstanceType): a KMS key on
 * the endpoint configuration does not encrypt it.
 */
const NVME_FAMILIES = new Set([
  'c5d', 'm5d', 'r5d', 'c6gd', 'm6gd', 'r6gd', 'r7gd',
  'g4dn', 'g5', 'g6', 'g6e', 'p4d', 'p4de', 'p5', 'p5e', 'p5en', 'p6-b200', 'p6-b300', 'p6e-gb200',
  'dl1', 'trn1', 'trn1n', 'trn2',
]);

/** The family of an `ml.<family>.<size>` type (`g5`, `p6-b200`). */
export function familyOf(instanceType: string): string | undefined {
  return instanceType.split('.')[1];
}

/** Whether an `ml.<family>.<size>` type has local NVMe storage. */
export function hasLocalNvme(instanceType: string): boolean {
  const family = familyOf(instanceType);
  return family !== undefined && NVME_FAMILIES.has(family);
}

/** Burstable types (`ml.t*`), which SageMaker cannot autoscale. */
export function isBurstable(instanceType: string): boolean {
  return /^ml\.t\d/.test(instanceType);
}

/** NVIDIA GPU types (`ml.g*`, `ml.p*`), the ones that publish `GPUUtilization`. */
export function isGpu(instanceType: string): boolean {
  return /^ml\.(g\d|p\d)/.test(instanceType);
}

/** AWS Neuron types (`ml.inf*`, `ml.trn*`: Inferentia and Trainium). */
export function isNeuron(instanceType: string): boolean {
  return /^ml\.(inf\d|trn\d)/.test(instanceType);
}

/** GPU (`g*`, `p*`, `dl1`) and AWS Neuron (`inf*`, `trn*`) instance types. */
export function isAccelerated(instanceType: string): boolean {
  return /^ml\.(g\d|p\d|dl1|inf\d|trn\d)/.test(instanceType);
}

/**
 * The accelerated types documented for multi-model endpoints (SageMaker Developer Guide, GPU table;
 * SageMaker Developer Guide). Every CPU type is supported.
 */
const MULTI_MODEL_ACCELERATED = new Set([
  'ml.p2.xlarge', 'ml.p3.2xlarge',
  'ml.g4dn.xlarge', 'ml.g4dn.2xlarge', 'ml.g4dn.4xlarge', 'ml.g4dn.8xlarge', 'ml.g4dn.16xlarge',
  'ml.g5.xlarge', 'ml.g5.2xlarge', 'ml.g5.4xlarge', 'ml.g5.8xlarge', 'ml.g5.16xlarge',
]);

/** Whether multi-model endpoints are documented for an instance type. */
export function supportsMultiModel(instanceType: string): boolean {
  return !isAccelerated(instanceType) || MULTI_MODEL_ACCELERATED.has(instanceType);
}

/** The generated facts of a type, or undefined for a type the sources do not know. */
function facts(instanceType: string) {
  return Object.prototype.hasOwnProperty.call(INSTANCE_FACTS, instanceType) ? INSTANCE_FACTS[instanceType] : undefined;
}

/**
 * The vCPUs of a hosting type (EC2's DefaultVCpus, scripts/gen_sagemaker_facts.py); undefined when
 * the data does not know the type.
 */
export function vcpuCount(instanceType: string): number | undefined {
  return facts(instanceType)?.[0] ?? undefined;
}

/** The memory of a hosting type in MiB; undefined when the data does not know it. */
export function memoryMebibytes(instanceType: string): number | undefined {
  return facts(instanceType)?.[1] ?? undefined;
}

/**
 * The NVIDIA GPUs of a type (SageMaker Python SDK v3's instance_gpu_info.json, else EC2's GpuInfo):
 * 0 for a type without any, undefined when the data does not know the type.
 */
export function gpuCount(instanceType: string): number | undefined {
  if (!isGpu(instanceType)) {
    return 0;
  }
  return facts(instanceType)?.[2];
}
