import { literal, show } from '../validation';
import { MODEL_LIMITS } from './limits';
import { problem, RuleSet } from './rule';

/* The rules of `ModelData.fromBucket()` (sagemaker-constraints.md §1.1 ModelDataUrl / S3Uri). */

/** `ModelData.fromBucket()`. */
export interface BucketDataInput {
  readonly objectKey: string;
  /** Whether the key is a prefix (`S3DataType.S3_PREFIX`) rather than one object. */
  readonly prefix: boolean;
  /** The bucket's region (a token when unknown). */
  readonly bucketRegion: string;
  /** The model's region (a token when unknown). */
  readonly modelRegion: string;
}

export const BUCKET_DATA: RuleSet<BucketDataInput> = {
  name: 'Model data in a bucket',
  rules: [
    {
      id: 'modelData.objectKey.empty',
      source: '§1.1 ModelDataUrl: a single .tar.gz object',
      check: ({ objectKey, prefix }) => !prefix && objectKey === ''
        ? problem('ModelData.fromBucket objectKey must name an object for S3DataType.S3_OBJECT', 'objectKey', '\'\'',
          'an object key, or s3DataType S3DataType.S3_PREFIX for every object of a bucket')
        : undefined,
    },
    {
      id: 'modelData.objectKey.prefixAsObject',
      source: '§1.1 S3DataType S3Object: one object, read by its key',
      severity: 'warning',
      annotation: 'objectKeyIsPrefix',
      check: ({ objectKey, prefix }) => !prefix && literal(objectKey) && objectKey.endsWith('/')
        ? `ModelData.fromBucket objectKey ${show(objectKey)} ends with '/' but s3DataType is S3DataType.S3_OBJECT (the `
          + 'default): SageMaker reads the single object of that literal key, and the execution role may read only '
          + 'that key, so no model under the prefix can be loaded. Pass s3DataType: S3DataType.S3_PREFIX to use every '
          + 'object under the prefix (a multi-model container, or uncompressed model data).'
        : undefined,
    },
    {
      id: 'modelData.region',
      source: 'C6d, §1.1 ModelDataUrl (bucket in the model\'s region)',
      check: ({ bucketRegion, modelRegion }) => literal(bucketRegion) && literal(modelRegion) && bucketRegion !== modelRegion
        ? problem(`ModelData.fromBucket: the bucket is in region ${bucketRegion}, the model in region ${modelRegion}; `
          + 'SageMaker reads model data only from a bucket in the model\'s own region', 'bucket region', show(bucketRegion),
        `${show(modelRegion)}, the region of the model's stack: copy the model data to a bucket there`)
        : undefined,
    },
    {
      id: 'modelData.objectKey.length',
      source: '§1.1 ModelDataUrl / S3Uri: up to 1024 characters',
      check: ({ objectKey }) => literal(objectKey) && Buffer.byteLength(objectKey, 'utf8') > MODEL_LIMITS.s3UriLength
        ? problem('ModelData.fromBucket objectKey is too long', 'objectKey', `${Buffer.byteLength(objectKey, 'utf8')} bytes`,
          `at most ${MODEL_LIMITS.s3UriLength} bytes, and the whole S3 URI at most ${MODEL_LIMITS.s3UriLength} characters`)
        : undefined,
    },
  ],
};
