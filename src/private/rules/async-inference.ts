import type { AsyncInferenceProps } from '../../async-inference';
import { checkRange, checkS3UriLength, show } from '../validation';
import { ASYNC_LIMITS } from './limits';
import { problem, py, RuleSet } from './rule';

/* The rules of `asyncInference` (CloudFormation AWS::SageMaker::EndpointConfig AsyncInferenceConfig, SageMaker Developer Guide, SageMaker API AsyncInferenceNotificationConfig). */

/** `AsyncNotificationTarget.SUCCESS_NOTIFICATION_TOPIC` (rule files import no construct module). */
const SUCCESS: string = 'SUCCESS_NOTIFICATION_TOPIC';

/** `asyncInference` with the S3 URIs it renders. */
export interface AsyncInferenceInput {
  /** What the rules read of the props: the settings, and whether each topic is set. */
  readonly props: Pick<AsyncInferenceProps, 'maxConcurrentInvocationsPerInstance' | 'includeInferenceResponseIn'>
  & { readonly successTopic?: unknown; readonly errorTopic?: unknown };
  readonly outputUri: string;
  readonly failureUri?: string;
}

export const ASYNC_INFERENCE: RuleSet<AsyncInferenceInput> = {
  name: 'Async inference',
  rules: [
    {
      id: 'asyncInference.maxConcurrentInvocationsPerInstance',
      source: 'CloudFormation AWS::SageMaker::EndpointConfig AsyncInferenceConfig ClientConfig.MaxConcurrentInvocationsPerInstance 1-1000 (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-sagemaker-endpointconfig-asyncinferenceconfig.html)',
      check: ({ props }) => checkRange('asyncInference.maxConcurrentInvocationsPerInstance', props.maxConcurrentInvocationsPerInstance,
        ASYNC_LIMITS.maxConcurrentInvocationsPerInstance.min, ASYNC_LIMITS.maxConcurrentInvocationsPerInstance.max),
    },
    {
      id: 'asyncInference.outputPrefix.length',
      source: 'CloudFormation AWS::SageMaker::EndpointConfig AsyncInferenceConfig OutputConfig.S3OutputPath: up to 512 characters (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-sagemaker-endpointconfig-asyncinferenceconfig.html)',
      check: ({ outputUri }) => checkS3UriLength('asyncInference.outputPrefix', 'asyncInference.outputPrefix', outputUri, ASYNC_LIMITS.s3UriLength),
    },
    {
      id: 'asyncInference.failurePrefix.length',
      source: 'CloudFormation AWS::SageMaker::EndpointConfig AsyncInferenceConfig OutputConfig.S3FailurePath: up to 512 characters (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-sagemaker-endpointconfig-asyncinferenceconfig.html)',
      check: ({ failureUri }) => checkS3UriLength('asyncInference.failurePrefix', 'asyncInference.failurePrefix', failureUri, ASYNC_LIMITS.s3UriLength),
    },
    {
      id: 'asyncInference.includeInferenceResponseIn.topic',
      source: 'SageMaker API AsyncInferenceNotificationConfig (IncludeInferenceResponseIn needs the matching topic) (https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_AsyncInferenceNotificationConfig.html)',
      check: ({ props }) => (props.includeInferenceResponseIn ?? [])
        .filter(target => target === SUCCESS ? !props.successTopic : !props.errorTopic)
        .map(target => problem(`asyncInference.includeInferenceResponseIn names ${target} but that topic is not set`,
          'asyncInference.includeInferenceResponseIn', show(target),
          `${py(target === SUCCESS ? 'successTopic' : 'errorTopic')} set beside it`)),
    },
    {
      id: 'asyncInference.includeInferenceResponseIn.unique',
      source: 'CloudFormation AWS::SageMaker::EndpointConfig AsyncInferenceConfig IncludeInferenceResponseIn: 0-2 items (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-sagemaker-endpointconfig-asyncinferenceconfig.html)',
      check: ({ props }) => {
        const targets = props.includeInferenceResponseIn ?? [];
        return new Set(targets).size < targets.length
          ? problem('asyncInference.includeInferenceResponseIn lists a topic twice', 'asyncInference.includeInferenceResponseIn',
            targets.map(show).join(', '), 'each of SUCCESS_NOTIFICATION_TOPIC and ERROR_NOTIFICATION_TOPIC at most once')
          : undefined;
      },
    },
  ],
};

/** The configuration at synth: whether it has a serverless variant, and the variants whose model uses a model package. */
export interface HostingKindInput {
  readonly serverlessVariantName?: string;
  readonly modelPackageVariants: ReadonlyArray<{ readonly variantName: string; readonly containers: readonly string[] }>;
}

export const ASYNC_HOSTING: RuleSet<HostingKindInput> = {
  name: 'Async inference hosting',
  rules: [{
    id: 'asyncInference.model.marketplacePackageAsync',
    source: 'SageMaker Developer Guide (async inference rejects AWS Marketplace packages; a Model Registry package is fine: a warning) (https://docs.aws.amazon.com/sagemaker/latest/dg/async-inference.html)',
    severity: 'warning',
    check: ({ modelPackageVariants }) => modelPackageVariants.map(({ variantName, containers }) => `variant ${show(variantName)}: its `
      + `model uses a model package (${containers.join(', ')}); SageMaker does not support AWS Marketplace images with `
      + `${py('asyncInference')}, so if it is a Marketplace package, CreateEndpointConfig fails (a Model Registry package is fine).`),
  }, {
    id: 'asyncInference.serverless',
    source: 'SageMaker Developer Guide (async inference is instance-based) (https://docs.aws.amazon.com/sagemaker/latest/dg/async-inference.html)',
    check: ({ serverlessVariantName }) => serverlessVariantName !== undefined
      ? problem('asyncInference is not available on a serverless endpoint: asynchronous inference runs on instances',
        'asyncInference', `serverless variant ${show(serverlessVariantName)}`, 'instance production variants')
      : undefined,
  }],
};
