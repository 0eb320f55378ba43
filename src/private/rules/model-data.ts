import { literal } from '../validation';
import { MODEL_LIMITS } from './limits';
import { RuleSet } from './rule';

/* The rules of `ModelData.fromBucket()` (sagemaker-constraints.md §1.1 ModelDataUrl / S3Uri). */

/** `ModelData.fromBucket()`. */
export interface BucketDataInput {
  readonly objectKey: string;
  /** Whether the key is a prefix (`S3DataType.S3_PREFIX`) rather than one object. */
  readonly prefix: boolean;
}

export const BUCKET_DATA: RuleSet<BucketDataInput> = {
  name: 'Model data in a bucket',
  rules: [
    {
      id: 'modelData.objectKey.empty',
      source: '§1.1 ModelDataUrl: a single .tar.gz object',
      check: ({ objectKey, prefix }) => !prefix && objectKey === ''
        ? 'ModelData.fromBucket objectKey must name an object for S3DataType.S3_OBJECT (objectKey: got \'\'; allowed '
          + 'an object key, or s3DataType S3DataType.S3_PREFIX for every object of a bucket)'
        : undefined,
    },
    {
      id: 'modelData.objectKey.length',
      source: '§1.1 ModelDataUrl / S3Uri: up to 1024 characters',
      check: ({ objectKey }) => literal(objectKey) && Buffer.byteLength(objectKey, 'utf8') > MODEL_LIMITS.s3UriLength
        ? `ModelData.fromBucket objectKey is too long (objectKey: got ${Buffer.byteLength(objectKey, 'utf8')} bytes; allowed `
          + `at most ${MODEL_LIMITS.s3UriLength} bytes, and the whole S3 URI at most ${MODEL_LIMITS.s3UriLength} characters)`
        : undefined,
    },
  ],
};
