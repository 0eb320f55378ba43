import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';

/**
 * Data capture (`DataCaptureConfig`): SageMaker writes a sample of the requests and responses of
 * every variant to S3, for Model Monitor or your own analysis. Not available on serverless
 * endpoints.
 *
 * Each model of the configuration gets, on its execution role, `s3:PutObject` on the destination
 * prefix only and `kms:Encrypt` and `kms:GenerateDataKey` on the key.
 *
 * @see https://docs.aws.amazon.com/sagemaker/latest/dg/model-monitor-data-capture.html
 */
export interface DataCaptureProps {
  /** The bucket that receives the captured data (`DestinationS3Uri`). */
  readonly destinationBucket: s3.IBucket;

  /**
   * The key prefix of the captured data in `destinationBucket`.
   *
   * @default - the whole bucket
   */
  readonly destinationPrefix?: string;

  /**
   * The percentage of requests captured, an integer from 0 to 100 (`InitialSamplingPercentage`).
   *
   * @default 100
   */
  readonly samplingPercentage?: number;

  /**
   * Capture the request payloads (`CaptureMode` `Input`).
   *
   * @default true
   */
  readonly captureInput?: boolean;

  /**
   * Capture the response payloads (`CaptureMode` `Output`).
   *
   * @default true
   */
  readonly captureOutput?: boolean;

  /**
   * Content types captured as JSON (`CaptureContentTypeHeader.JsonContentTypes`), 1 to 10.
   *
   * @default - SageMaker's defaults
   */
  readonly jsonContentTypes?: string[];

  /**
   * Content types captured as CSV (`CaptureContentTypeHeader.CsvContentTypes`), 1 to 10.
   *
   * @default - SageMaker's defaults
   */
  readonly csvContentTypes?: string[];

  /**
   * The KMS key that encrypts the captured data (`KmsKeyId`).
   *
   * @default - the bucket's own encryption
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * Whether capture is on (`EnableCapture`): turn it off without removing the configuration.
   *
   * @default true
   */
  readonly enabled?: boolean;
}
