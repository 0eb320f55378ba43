import { literal, show } from '../validation';
import { MODEL_LIMITS } from './limits';
import { problem, py, RuleSet } from './rule';

/* The rules of `ModelData.fromBucket()` (CloudFormation AWS::SageMaker::Model ContainerDefinition ModelDataUrl / S3Uri). */

/** A key that is a whole URI (`s3://acme/churn/model.tar.gz`). */
const URI_SCHEME = /^(s3|https?):\/\//i;

/** The bucket and key a URI names: `s3://<bucket>/<key>`, or an S3 HTTPS URL of either style. */
function keyOfUri(uri: string): { bucket: string; key: string } | undefined {
  const s3 = /^s3:\/\/([^/]+)\/(.*)$/i.exec(uri);
  if (s3) {
    return { bucket: s3[1], key: s3[2] };
  }
  // https://<bucket>.s3[.<region>].amazonaws.com/<key> (virtual-hosted) or https://s3[.<region>].amazonaws.com/<bucket>/<key>
  const virtual = /^https?:\/\/([^/]+)\.s3[.-][^/]*\/(.*)$/i.exec(uri);
  if (virtual) {
    return { bucket: virtual[1], key: virtual[2] };
  }
  const path = /^https?:\/\/s3[.-][^/]*\/([^/]+)\/(.*)$/i.exec(uri);
  return path ? { bucket: path[1], key: path[2] } : undefined;
}

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
  cfn: 'it checks the bucket and key given to ModelData.fromBucket() and their regions; a ModelDataUrl alone does not tell a key from a prefix',
  rules: [
    {
      id: 'modelData.objectKey.empty',
      source: 'CloudFormation AWS::SageMaker::Model ContainerDefinition ModelDataUrl: a single .tar.gz object (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-sagemaker-model-containerdefinition.html)',
      check: ({ objectKey, prefix }) => !prefix && objectKey === ''
        ? problem('ModelData.fromBucket objectKey must name an object for S3DataType.S3_OBJECT', 'objectKey', '\'\'',
          `an object key, or ${py('s3DataType')} S3DataType.S3_PREFIX for every object of a bucket`)
        : undefined,
    },
    {
      id: 'modelData.objectKey.uri',
      source: 'SageMaker API S3ModelDataSource S3Uri / CreateModel ModelDataUrl: ModelData.fromBucket() builds the URL from the bucket and a key (https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_S3ModelDataSource.html)',
      check: ({ objectKey }) => {
        if (!literal(objectKey) || !URI_SCHEME.test(objectKey)) {
          return undefined;
        }
        const location = keyOfUri(objectKey);
        return problem('ModelData.fromBucket objectKey is a URI, not a key: the bucket is the first argument and the key is read inside it',
          'objectKey', show(objectKey), `the key inside the bucket${location ? `, ${show(location.key)}, with the bucket `
            + `${show(location.bucket)} as the first argument` : ''} (${py('s3.Bucket.fromBucketName()')} for a bucket defined elsewhere)`);
      },
    },
    {
      id: 'modelData.objectKey.prefixAsObject',
      source: 'SageMaker API S3ModelDataSource S3DataType: S3Object is one object, read by its key; S3Prefix is every object under a key prefix (https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_S3ModelDataSource.html)',
      severity: 'warning',
      annotation: 'objectKeyIsPrefix',
      check: ({ objectKey, prefix }) => !prefix && literal(objectKey) && objectKey.endsWith('/')
        ? `${py('ModelData.fromBucket()')} ${py('objectKey')} ${show(objectKey)} ends with '/' but ${py('s3DataType')} is `
          + 'S3DataType.S3_OBJECT (the default), which names a single object of that literal key. The execution role may read every '
          + `object under ${show(objectKey)}, since only a container that reads a prefix (a multi-model container) can use it; set `
          + 's3DataType to S3DataType.S3_PREFIX to say so.'
        : undefined,
    },
    {
      id: 'modelData.objectKey.prefixWithoutSlash',
      source: 'Amazon S3 ListObjectsV2 Prefix: a prefix matches every key that begins with it, not only a folder (https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html)',
      severity: 'warning',
      check: ({ objectKey, prefix }) => prefix && literal(objectKey) && objectKey !== '' && !objectKey.endsWith('/')
        ? `${py('ModelData.fromBucket()')} ${py('objectKey')} ${show(objectKey)} is an S3 prefix without a trailing '/': it names `
          + `every key that begins with ${show(objectKey)} (${show(`${objectKey}-old/model.tar.gz`)} too), and the execution role may read `
          + `all of them. End the key with '/' to name the folder ${show(`${objectKey}/`)}.`
        : undefined,
    },
    {
      id: 'modelData.region',
      source: 'SageMaker API ContainerDefinition, CloudFormation AWS::SageMaker::Model ContainerDefinition ModelDataUrl (bucket in the model\'s region) (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-sagemaker-model-containerdefinition.html, https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_ContainerDefinition.html)',
      check: ({ bucketRegion, modelRegion }) => literal(bucketRegion) && literal(modelRegion) && bucketRegion !== modelRegion
        ? problem(`ModelData.fromBucket: the bucket is in region ${bucketRegion}, the model in region ${modelRegion}; `
          + 'SageMaker reads model data only from a bucket in the model\'s own region', 'bucket region', show(bucketRegion),
        `${show(modelRegion)}, the region of the model's stack: copy the model data to a bucket there`)
        : undefined,
    },
    {
      id: 'modelData.objectKey.length',
      source: 'CloudFormation AWS::SageMaker::Model ContainerDefinition ModelDataUrl / S3Uri: up to 1024 characters (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-sagemaker-model-containerdefinition.html)',
      check: ({ objectKey }) => literal(objectKey) && Buffer.byteLength(objectKey, 'utf8') > MODEL_LIMITS.s3UriLength
        ? problem('ModelData.fromBucket objectKey is too long', 'objectKey', `${Buffer.byteLength(objectKey, 'utf8')} bytes`,
          `at most ${MODEL_LIMITS.s3UriLength} bytes, and the whole S3 URI at most ${MODEL_LIMITS.s3UriLength} characters`)
        : undefined,
    },
  ],
};
