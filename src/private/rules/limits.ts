/*
 * Every number the rules enforce, from the public document named in each comment. The
 * checks and their messages both read these, so a limit is written once.
 */

/** An inclusive range. */
export interface Range {
  readonly min: number;
  readonly max: number;
}

/** Names of Model, EndpointConfig, Endpoint, variants and container hostnames (CloudFormation AWS::SageMaker::Model, AWS::SageMaker::EndpointConfig and AWS::SageMaker::Endpoint, CloudFormation AWS::SageMaker::EndpointConfig ProductionVariant, CloudFormation AWS::SageMaker::Model ContainerDefinition). */
export const NAME_LENGTH: Range = { min: 1, max: 63 };

/** AWS::SageMaker::Model (CloudFormation AWS::SageMaker::Model, CloudFormation AWS::SageMaker::Model ContainerDefinition). */
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
  /** ECR repository names (the ECR API; CloudFormation AWS::SageMaker::Model ContainerDefinition Image). */
  repositoryNameLength: { min: 2, max: 256 },
  /** The hexadecimal digits of a sha256 image digest. */
  digestHexDigits: 64,
} as const;

/** The Model Registry (CloudFormation AWS::SageMaker::ModelPackageGroup and AWS::SageMaker::ModelPackage, SageMaker API CreateModelPackage). */
export const REGISTRY_LIMITS = {
  descriptionLength: 1024,
  /** `InferenceSpecification.Containers`. */
  containers: { min: 1, max: 15 },
  /** `SupportedContentTypes` and `SupportedResponseMIMETypes` entries. */
  contentTypeLength: 256,
  /** The version in a versioned model package ARN (`/<1 to 9 digits>`). */
  version: { min: 1, max: 999_999_999 },
} as const;

/** AWS::SageMaker::EndpointConfig and its variants (CloudFormation AWS::SageMaker::EndpointConfig, CloudFormation AWS::SageMaker::EndpointConfig ProductionVariant). */
export const ENDPOINT_CONFIG_LIMITS = {
  variants: { min: 1, max: 10 },
  healthCheckSeconds: { min: 60, max: 3600 },
  maxConcurrency: { min: 1, max: 200 },
  provisionedConcurrency: { min: 1, max: 200 },
  memorySizes: [1024, 2048, 3072, 4096, 5120, 6144],
  kmsKeyLength: 2048,
  initialInstanceCount: 1,
} as const;

/** The settings of an instance variant (CloudFormation AWS::SageMaker::EndpointConfig ProductionVariant). */
export const VARIANT_SETTINGS_LIMITS = {
  volumeSizeGiB: { min: 1, max: 512 },
  modelDataDownloadSeconds: { min: 60, max: 3600 },
  instanceProvisionSeconds: { min: 300, max: 3600 },
  concurrencyThreshold: { min: 1, max: 1024 },
  prefixLength: { min: 1024, max: 65536 },
  s3UriLength: 512,
  mlReservationArnLength: { min: 20, max: 258 },
  instancePools: { min: 1, max: 5 },
  poolPriority: { min: 1, max: 5 },
  minInstanceCount: 0,
  maxInstanceCount: 1,
  maximumStepSize: { min: 1, max: 100 },
  cooldownMinutes: { min: 5, max: 1440 },
  /** `InferenceAmiVersion`: the schema's enum. */
  inferenceAmiVersions: [
    'al2-ami-sagemaker-inference-gpu-2',
    'al2-ami-sagemaker-inference-gpu-2-1',
    'al2-ami-sagemaker-inference-gpu-3-1',
    'al2-ami-sagemaker-inference-neuron-2',
    'al2023-ami-sagemaker-inference-gpu-4-1',
  ],
} as const;

/** Shadow variants (CloudFormation AWS::SageMaker::EndpointConfig, SageMaker Developer Guide). */
export const SHADOW_LIMITS = {
  productionVariants: 1,
  shadowVariants: 1,
} as const;

/** Clarify online explainability (CloudFormation AWS::SageMaker::EndpointConfig ExplainerConfig). */
export const EXPLAINER_LIMITS = {
  enableExplanationsLength: { min: 1, max: 64 },
  shapBaselineLength: { min: 1, max: 4096 },
  shapBaselineUriLength: 1024,
  numberOfSamples: 1,
  stringLength: { min: 1, max: 64 },
  featureHeaders: { min: 1, max: 256 },
  labelHeaders: { min: 1, max: 16 },
  maxPayloadMB: { min: 1, max: 25 },
  maxRecordCount: 1,
  index: 0,
} as const;

/** `MetricsConfig` (CloudFormation AWS::SageMaker::EndpointConfig MetricPublishFrequencyInSeconds enum). */
export const METRICS_CONFIG_LIMITS = {
  publishFrequencySeconds: [10, 30, 60, 120, 180, 240, 300],
} as const;

/** Async inference (CloudFormation AWS::SageMaker::EndpointConfig AsyncInferenceConfig). */
export const ASYNC_LIMITS = {
  maxConcurrentInvocationsPerInstance: { min: 1, max: 1000 },
  s3UriLength: 512,
} as const;

/** Data capture (CloudFormation AWS::SageMaker::EndpointConfig DataCaptureConfig). */
export const DATA_CAPTURE_LIMITS = {
  samplingPercentage: { min: 0, max: 100 },
  contentTypes: { min: 1, max: 10 },
  contentTypeLength: { min: 1, max: 256 },
  s3UriLength: 512,
} as const;

/** Application Auto Scaling of a variant (Application Auto Scaling, Application Auto Scaling RegisterScalableTarget). */
export const SCALING_LIMITS = {
  minCapacity: 1,
  /** `scaleOnInvocations`: the target is invocations per instance per minute. */
  secondsPerMinute: 60,
  safetyFactor: { min: 0, max: 1 },
} as const;

/** Deployment guardrails of an endpoint (CloudFormation AWS::SageMaker::Endpoint DeploymentConfig, SageMaker API DeploymentConfig). */
export const DEPLOYMENT_LIMITS = {
  waitIntervalSeconds: { min: 0, max: 3600 },
  terminationWaitSeconds: { min: 0, max: 3600 },
  maximumExecutionTimeoutSeconds: { min: 600, max: 28800 },
  capacityValue: 1,
  /** A capacity size of type CAPACITY_PERCENT is a share of the fleet: at most 100. */
  capacityPercentMax: 100,
  rollbackAlarms: 10,
  /** The documented share of a variant's instances per step (API CanarySize, LinearStepSize, MaximumBatchSize). */
  canaryShare: { min: 0, max: 0.5 },
  linearShare: { min: 0.1, max: 0.5 },
  rollingShare: { min: 0.05, max: 0.5 },
} as const;

/** A configuration whose variants host inference components (CloudFormation AWS::SageMaker::EndpointConfig ExecutionRoleArn, VpcConfig; SageMaker API reference). */
export const COMPONENT_HOSTING_LIMITS = {
  securityGroups: { min: 1, max: 5 },
  subnets: { min: 1, max: 16 },
  /**
   * Regions where `ManagedInstanceScaling.MinInstanceCount` 0 was reported rejected (SageMaker API reference,
   * stdapi-ai/stdapi.ai#43, 2026-08): a warning, since availability grows.
   */
  scaleToZeroRejectedRegions: ['eu-west-3'],
} as const;

/** AWS::SageMaker::InferenceComponent (CloudFormation AWS::SageMaker::InferenceComponent, SageMaker API InferenceComponentSpecification, SageMaker API InferenceComponentRuntimeConfig). */
export const INFERENCE_COMPONENT_LIMITS = {
  memoryMb: 128,
  cpuCores: 0.25,
  acceleratorDevices: 1,
  startupSeconds: { min: 60, max: 3600 },
  specifications: { min: 2, max: 5 },
  imageLength: 255,
  artifactUrlLength: 1024,
  /** `Container.Environment`: the CloudFormation schema's limits (stricter than the API's 100 entries). */
  environmentEntries: 16,
  environmentValueLength: 1024,
  metricsPathLength: 256,
  metricsFrequencySeconds: { min: 10, max: 300 },
  maxImbalance: { min: 0, max: 100 },
  copyCount: 1,
  tagValueLength: { min: 1, max: 256 },
} as const;

/** Tags of every resource (CloudFormation resource tags). */
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

/** CloudWatch alarms (PutMetricAlarm: Period, EvaluationPeriods; PutMetricAlarm PromQL criteria). */
export const ALARM_LIMITS = {
  /** Periods below a minute (high resolution); every other period is a multiple of 60 s. */
  subMinutePeriods: [10, 30],
  /** Period × evaluation periods, in seconds: one day, or seven for periods of an hour or more. */
  evaluationRangeSeconds: 86_400,
  evaluationRangeSecondsHourly: 604_800,
  /** A PromQL alarm's evaluation interval, in seconds. */
  evaluationIntervalSeconds: { min: 10, max: 3600 },
  /** A percentile statistic: above 0 and below 100. */
  percentile: { min: 0, max: 100 },
  /** A latency threshold: at least 1 ms. */
  latencyMilliseconds: 1,
  /** An alarm's name (CloudFormation AWS::CloudWatch::Alarm AlarmName): 1 to 255 characters. */
  alarmName: { min: 1, max: 255 },
} as const;

/** IAM (IAM and AWS STS quotas). */
export const IAM_LIMITS = {
  /** A customer-managed policy document, in characters without whitespace. */
  managedPolicySize: 6144,
  /** Managed policies attached to one role: the default quota (20 is the most it can be raised to). */
  managedPoliciesPerRole: 10,
} as const;
