import { CATALOGUE, REGION_BITMAPS } from './hosting-regions.generated';

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
 * Instance families with local NVMe instance storage (sagemaker-constraints.md §2.5): a KMS key on
 * the endpoint configuration does not encrypt it.
 */
const NVME_FAMILIES = new Set([
  'c5d', 'm5d', 'r5d', 'c6gd', 'm6gd', 'r6gd', 'r7gd',
  'g4dn', 'g5', 'g6', 'g6e', 'p4d', 'p4de', 'p5', 'p5e', 'p5en', 'p6-b200', 'p6-b300', 'p6e-gb200',
  'dl1', 'trn1', 'trn1n', 'trn2',
]);

/** Whether an `ml.<family>.<size>` type has local NVMe storage. */
export function hasLocalNvme(instanceType: string): boolean {
  const family = instanceType.split('.')[1];
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

/** GPU (`g*`, `p*`, `dl1`) and AWS Neuron (`inf*`, `trn*`) instance types. */
export function isAccelerated(instanceType: string): boolean {
  return /^ml\.(g\d|p\d|dl1|inf\d|trn\d)/.test(instanceType);
}

/**
 * The accelerated types documented for multi-model endpoints (DG:multi-model-support, GPU table;
 * sagemaker-constraints.md C13). Every CPU type is supported.
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

/**
 * The vCPUs of an `ml.<family>.<size>` type, from its size as EC2 names sizes (`large` 2,
 * `xlarge` 4, `<n>xlarge` 4n; `medium` 2 on the burstable families, 1 otherwise); undefined for
 * sizes whose count the name does not give (`metal`, `nano`, `micro`, `small`).
 */
export function vcpuCount(instanceType: string): number | undefined {
  const [, family, size] = instanceType.split('.');
  if (family === undefined || size === undefined) {
    return undefined;
  }
  if (size === 'medium') {
    return /^t\d/.test(family) ? 2 : 1;
  }
  if (size === 'large') {
    return 2;
  }
  const match = /^(\d*)xlarge$/.exec(size);
  return match ? 4 * (match[1] === '' ? 1 : Number(match[1])) : undefined;
}

/**
 * The NVIDIA GPUs of the GPU hosting types, by family and size (EC2 instance type specifications);
 * sizes not listed have `otherwise` GPUs. Families missing here (g7, g7e, p6e-gb200) have no known
 * count: their GPU alarms are off.
 */
const GPU_COUNTS: Record<string, { readonly sizes: Record<string, number>; readonly otherwise?: number }> = {
  'p2': { sizes: { 'xlarge': 1, '8xlarge': 8, '16xlarge': 16 } },
  'p3': { sizes: { '2xlarge': 1, '8xlarge': 4, '16xlarge': 8 } },
  'p3dn': { sizes: { '24xlarge': 8 } },
  'p4d': { sizes: { '24xlarge': 8 } },
  'p4de': { sizes: { '24xlarge': 8 } },
  'p5': { sizes: { '4xlarge': 1, '48xlarge': 8 } },
  'p5e': { sizes: { '48xlarge': 8 } },
  'p5en': { sizes: { '48xlarge': 8 } },
  'p6-b200': { sizes: { '48xlarge': 8 } },
  'p6-b300': { sizes: { '48xlarge': 8 } },
  'g4dn': { sizes: { '12xlarge': 4 }, otherwise: 1 },
  'g5': { sizes: { '12xlarge': 4, '24xlarge': 4, '48xlarge': 8 }, otherwise: 1 },
  'g6': { sizes: { '12xlarge': 4, '24xlarge': 4, '48xlarge': 8 }, otherwise: 1 },
  'g6e': { sizes: { '12xlarge': 4, '24xlarge': 4, '48xlarge': 8 }, otherwise: 1 },
};

/** The NVIDIA GPUs of a type: 0 for a type without any, undefined when the data does not know. */
export function gpuCount(instanceType: string): number | undefined {
  if (!isGpu(instanceType)) {
    return 0;
  }
  const [, family, size] = instanceType.split('.');
  const entry = GPU_COUNTS[family ?? ''];
  return entry && size !== undefined ? entry.sizes[size] ?? entry.otherwise : undefined;
}
