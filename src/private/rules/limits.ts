/*
 * Every number the rules enforce, from sagemaker-constraints.md (section in each comment). The
 * checks and their messages both read these, so a limit is written once.
 */

/** An inclusive range. */
export interface Range {
  readonly min: number;
  readonly max: number;
}

/** Names of Model, EndpointConfig, Endpoint, variants and container hostnames (§1-§3, §2.1, §1.1). */
export const NAME_LENGTH: Range = { min: 1, max: 63 };

/** AWS::SageMaker::Model (§1, §1.1). */
export const MODEL_LIMITS = {
  containers: { min: 1, max: 15 },
  environmentEntries: 100,
  environmentKeyLength: { min: 1, max: 1024 },
  environmentValueLength: 1024,
  environmentTotalBytes: 32 * 1024,
  securityGroups: { min: 1, max: 5 },
  subnets: { min: 1, max: 16 },
  s3UriLength: 1024,
  roleArnLength: { min: 20, max: 2048 },
  imageUriLength: { min: 1, max: 255 },
  modelPackageArnLength: { min: 1, max: 176 },
  /** ECR repository names (the ECR API; §1.1 Image). */
  repositoryNameLength: { min: 2, max: 256 },
  /** The hexadecimal digits of a sha256 image digest. */
  digestHexDigits: 64,
} as const;

/** AWS::SageMaker::EndpointConfig and its variants (§2, §2.1). */
export const ENDPOINT_CONFIG_LIMITS = {
  variants: { min: 1, max: 10 },
  healthCheckSeconds: { min: 60, max: 3600 },
  maxConcurrency: { min: 1, max: 200 },
  provisionedConcurrency: { min: 1, max: 200 },
  memorySizes: [1024, 2048, 3072, 4096, 5120, 6144],
  kmsKeyLength: 2048,
  initialInstanceCount: 1,
} as const;

/** Async inference (§2.3 AsyncInferenceConfig). */
export const ASYNC_LIMITS = {
  maxConcurrentInvocationsPerInstance: { min: 1, max: 1000 },
  s3UriLength: 512,
} as const;

/** Data capture (§2.2 DataCaptureConfig). */
export const DATA_CAPTURE_LIMITS = {
  samplingPercentage: { min: 0, max: 100 },
  contentTypes: { min: 1, max: 10 },
  contentTypeLength: { min: 1, max: 256 },
  s3UriLength: 512,
} as const;

/** Application Auto Scaling of a variant (§5, C29). */
export const SCALING_LIMITS = {
  minCapacity: 1,
  /** `scaleOnInvocations`: the target is invocations per instance per minute. */
  secondsPerMinute: 60,
  safetyFactor: { min: 0, max: 1 },
} as const;

/** Tags of every resource (§1-§3 Tags). */
export const TAG_LIMITS = {
  count: 50,
  keyLength: { min: 1, max: 128 },
  valueLength: 256,
} as const;

/** SageMaker pipeline names (API CreatePipeline PipelineName). */
export const PIPELINE_NAME_LENGTH: Range = { min: 1, max: 256 };

/** `a to b`, for messages. */
export function range(r: Range): string {
  return `${r.min} to ${r.max}`;
}
