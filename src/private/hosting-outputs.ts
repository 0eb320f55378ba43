import type { IGrantable } from 'aws-cdk-lib/aws-iam';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { CfnEndpointConfig } from 'aws-cdk-lib/aws-sagemaker';
import { IConstruct } from 'constructs';
import type { AsyncInferenceProps } from '../async-inference';
import type { DataCaptureProps } from '../data-capture';
import { s3Uri } from './arn';
import { grantKeyForWrites, grantPublish, grantWriteUnder } from './execution-role';
import { ASYNC_HOSTING, ASYNC_INFERENCE, HostingKindInput } from './rules/async-inference';
import { DATA_CAPTURE, DATA_CAPTURE_HOSTING } from './rules/data-capture';
import { enforce, RuleSet } from './rules/rule';

/*
 * What an endpoint configuration writes outside the endpoint: async inference responses and
 * failures, captured data, notifications. Rendered once; each model the configuration hosts gets
 * the grants to write there (once per model).
 */

export class HostingOutputs {
  private readonly granted = new Set<IGrantable>();
  private readonly failureBucket?: s3.IBucket;

  constructor(private readonly scope: IConstruct, private readonly async?: AsyncInferenceProps,
    private readonly capture?: DataCaptureProps) {
    if (async) {
      this.failureBucket = async.failureBucket ?? (async.failurePrefix !== undefined ? async.outputBucket : undefined);
      enforce(scope, ASYNC_INFERENCE, {
        props: async,
        outputUri: s3Uri(async.outputBucket, async.outputPrefix),
        failureUri: this.failureBucket && s3Uri(this.failureBucket, async.failurePrefix),
      });
    }
    if (capture) {
      enforce(scope, DATA_CAPTURE, { props: capture, destinationUri: s3Uri(capture.destinationBucket, capture.destinationPrefix) });
    }
  }

  /** The rules that read the configuration's variants at synth. */
  public hostingRules(): Array<RuleSet<HostingKindInput>> {
    return [...(this.async ? [ASYNC_HOSTING] : []), ...(this.capture ? [DATA_CAPTURE_HOSTING] : [])];
  }

  public renderAsyncInference(): CfnEndpointConfig.AsyncInferenceConfigProperty | undefined {
    const a = this.async;
    if (!a) {
      return undefined;
    }
    const notification = a.successTopic || a.errorTopic || a.includeInferenceResponseIn
      ? {
        successTopic: a.successTopic?.topicArn,
        errorTopic: a.errorTopic?.topicArn,
        includeInferenceResponseIn: a.includeInferenceResponseIn,
      }
      : undefined;
    return {
      outputConfig: {
        s3OutputPath: s3Uri(a.outputBucket, a.outputPrefix),
        s3FailurePath: this.failureBucket && s3Uri(this.failureBucket, a.failurePrefix),
        kmsKeyId: a.encryptionKey?.keyArn,
        notificationConfig: notification,
      },
      clientConfig: a.maxConcurrentInvocationsPerInstance === undefined ? undefined
        : { maxConcurrentInvocationsPerInstance: a.maxConcurrentInvocationsPerInstance },
    };
  }

  public renderDataCapture(): CfnEndpointConfig.DataCaptureConfigProperty | undefined {
    const c = this.capture;
    if (!c) {
      return undefined;
    }
    const modes = [...(c.captureInput ?? true ? ['Input'] : []), ...(c.captureOutput ?? true ? ['Output'] : [])];
    const header = c.jsonContentTypes || c.csvContentTypes
      ? { jsonContentTypes: c.jsonContentTypes, csvContentTypes: c.csvContentTypes }
      : undefined;
    return {
      destinationS3Uri: s3Uri(c.destinationBucket, c.destinationPrefix),
      initialSamplingPercentage: c.samplingPercentage ?? 100,
      captureOptions: modes.map(captureMode => ({ captureMode })),
      enableCapture: c.enabled ?? true,
      kmsKeyId: c.encryptionKey?.keyArn,
      captureContentTypeHeader: header,
    };
  }

  /** Grant a hosted model's role what SageMaker needs to write the outputs (once per model). */
  public grant(model: IGrantable): void {
    if (this.granted.has(model)) {
      return;
    }
    this.granted.add(model);
    const a = this.async;
    if (a) {
      grantWriteUnder(this.scope, model, a.outputBucket, a.outputPrefix, 'async inference responses');
      if (this.failureBucket) {
        grantWriteUnder(this.scope, model, this.failureBucket, a.failurePrefix, 'async inference failures');
      }
      for (const topic of [a.successTopic, a.errorTopic]) {
        if (topic) {
          grantPublish(topic, model);
        }
      }
      grantKeyForWrites(a.encryptionKey, model);
    }
    const c = this.capture;
    if (c) {
      grantWriteUnder(this.scope, model, c.destinationBucket, c.destinationPrefix, 'captured requests and responses');
      grantKeyForWrites(c.encryptionKey, model);
    }
  }
}
