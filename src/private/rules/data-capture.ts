import type { DataCaptureProps } from '../../data-capture';
import { checkCount, checkRange, checkS3UriLength, literal, show } from '../validation';
import type { HostingKindInput } from './async-inference';
import { DATA_CAPTURE_LIMITS } from './limits';
import { problem, RuleSet } from './rule';

/* The rules of `dataCapture` (CloudFormation AWS::SageMaker::EndpointConfig DataCaptureConfig, SageMaker Developer Guide). */

/** `dataCapture` with the S3 URI it renders. */
export interface DataCaptureInput {
  readonly props: Pick<DataCaptureProps, 'samplingPercentage' | 'captureInput' | 'captureOutput' | 'jsonContentTypes' | 'csvContentTypes'>;
  readonly destinationUri: string;
}

/** `CaptureContentTypeHeader` items (CloudFormation AWS::SageMaker::EndpointConfig CaptureContentTypeHeader pattern). */
const CONTENT_TYPE = /^[a-zA-Z0-9](-*[a-zA-Z0-9])*\/[a-zA-Z0-9](-*[a-zA-Z0-9.])*$/;

function contentTypes(property: string, types: string[] | undefined): Array<string | undefined> {
  const { min, max } = DATA_CAPTURE_LIMITS.contentTypeLength;
  return [
    checkCount(property, types, DATA_CAPTURE_LIMITS.contentTypes.min, DATA_CAPTURE_LIMITS.contentTypes.max),
    ...(types ?? []).filter(t => literal(t) && (t.length < min || t.length > max || !CONTENT_TYPE.test(t)))
      .map(t => problem(`${property} has an item that is not a content type`, property, show(t),
        `type/subtype of ${min} to ${max} characters, such as 'application/json' or 'text/csv'`)),
  ];
}

export const DATA_CAPTURE: RuleSet<DataCaptureInput> = {
  name: 'Data capture',
  rules: [
    {
      id: 'dataCapture.samplingPercentage',
      source: 'CloudFormation AWS::SageMaker::EndpointConfig DataCaptureConfig InitialSamplingPercentage 0-100 (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-sagemaker-endpointconfig-datacaptureconfig.html)',
      check: ({ props }) => checkRange('dataCapture.samplingPercentage', props.samplingPercentage,
        DATA_CAPTURE_LIMITS.samplingPercentage.min, DATA_CAPTURE_LIMITS.samplingPercentage.max, { unit: 'percent' }),
    },
    {
      id: 'dataCapture.captureOptions',
      source: 'CloudFormation AWS::SageMaker::EndpointConfig DataCaptureConfig CaptureOptions: 1-32 items (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-sagemaker-endpointconfig-datacaptureconfig.html)',
      check: ({ props }) => props.captureInput === false && props.captureOutput === false
        ? problem('dataCapture must capture the input, the output or both', 'dataCapture.captureInput, captureOutput',
          'false, false', 'at least one of them true; to pause capture, set enabled to false')
        : undefined,
    },
    {
      id: 'dataCapture.jsonContentTypes',
      source: 'CloudFormation AWS::SageMaker::EndpointConfig DataCaptureConfig CaptureContentTypeHeader.JsonContentTypes: 1-10 items, pattern (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-sagemaker-endpointconfig-datacaptureconfig.html)',
      check: ({ props }) => contentTypes('dataCapture.jsonContentTypes', props.jsonContentTypes),
    },
    {
      id: 'dataCapture.csvContentTypes',
      source: 'CloudFormation AWS::SageMaker::EndpointConfig DataCaptureConfig CaptureContentTypeHeader.CsvContentTypes: 1-10 items, pattern (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-sagemaker-endpointconfig-datacaptureconfig.html)',
      check: ({ props }) => contentTypes('dataCapture.csvContentTypes', props.csvContentTypes),
    },
    {
      id: 'dataCapture.destinationPrefix.length',
      source: 'CloudFormation AWS::SageMaker::EndpointConfig DataCaptureConfig DestinationS3Uri: up to 512 characters (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-sagemaker-endpointconfig-datacaptureconfig.html)',
      check: ({ destinationUri }) => checkS3UriLength('dataCapture.destinationPrefix', 'dataCapture.destinationPrefix', destinationUri,
        DATA_CAPTURE_LIMITS.s3UriLength),
    },
  ],
};

export const DATA_CAPTURE_HOSTING: RuleSet<HostingKindInput> = {
  name: 'Data capture hosting',
  rules: [{
    id: 'dataCapture.serverless',
    source: 'SageMaker Developer Guide (serverless inference excludes DataCaptureConfig) (https://docs.aws.amazon.com/sagemaker/latest/dg/serverless-endpoints.html)',
    check: ({ serverlessVariantName }) => serverlessVariantName !== undefined
      ? problem('dataCapture is not available on a serverless endpoint', 'dataCapture',
        `serverless variant ${show(serverlessVariantName)}`, 'instance production variants')
      : undefined,
  }],
};
