import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';

/**
 * The notification topics whose messages carry the inference response
 * (`NotificationConfig.IncludeInferenceResponseIn`).
 */
export enum AsyncNotificationTarget {
  /** The success topic's messages include the response. */
  SUCCESS_NOTIFICATION_TOPIC = 'SUCCESS_NOTIFICATION_TOPIC',
  /** The error topic's messages include the response. */
  ERROR_NOTIFICATION_TOPIC = 'ERROR_NOTIFICATION_TOPIC',
}

/**
 * Asynchronous inference (`AsyncInferenceConfig`): SageMaker queues each request, reads its input
 * from S3, writes the response (or the failure) to S3 and can notify SNS topics.
 *
 * Each model of the configuration gets, on its execution role, `s3:PutObject` on the output and
 * failure prefixes only, `sns:Publish` on the topics (with `kms:GenerateDataKey` and `kms:Decrypt` on
 * an encrypted topic's key), and `kms:Encrypt` and `kms:GenerateDataKey` on the output key. The
 * input objects are read with the same role: grant it read on the input location you use
 * (`bucket.grantRead(model, 'input/*')`).
 *
 * @see https://docs.aws.amazon.com/sagemaker/latest/dg/async-inference.html
 */
export interface AsyncInferenceProps {
  /** The bucket that receives the responses (`OutputConfig.S3OutputPath`). */
  readonly outputBucket: s3.IBucket;

  /**
   * The key prefix of the responses in `outputBucket`.
   *
   * @default - the whole bucket
   */
  readonly outputPrefix?: string;

  /**
   * The bucket that receives the failures (`OutputConfig.S3FailurePath`).
   *
   * @default - `outputBucket` when `failurePrefix` is set, otherwise no failure location
   */
  readonly failureBucket?: s3.IBucket;

  /**
   * The key prefix of the failures in the failure bucket.
   *
   * @default - the whole failure bucket
   */
  readonly failurePrefix?: string;

  /**
   * The topic notified of each successful inference (`NotificationConfig.SuccessTopic`).
   *
   * @default - no success notification
   */
  readonly successTopic?: sns.ITopic;

  /**
   * The topic notified of each failed inference (`NotificationConfig.ErrorTopic`).
   *
   * @default - no error notification
   */
  readonly errorTopic?: sns.ITopic;

  /**
   * The topics whose messages include the inference response (each needs its topic).
   *
   * @default - the messages carry the output location only
   */
  readonly includeInferenceResponseIn?: AsyncNotificationTarget[];

  /**
   * The maximum number of concurrent requests SageMaker sends to one instance
   * (`ClientConfig.MaxConcurrentInvocationsPerInstance`), 1 to 1000.
   *
   * @default - chosen by SageMaker
   */
  readonly maxConcurrentInvocationsPerInstance?: number;

  /**
   * The KMS key that encrypts the responses and failures in S3 (`OutputConfig.KmsKeyId`).
   *
   * @default - the bucket's own encryption
   */
  readonly encryptionKey?: kms.IKey;
}
