import * as nodePath from 'path';
import { Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as assets from 'aws-cdk-lib/aws-s3-assets';
import { Construct } from 'constructs';
import type { IModel } from './model';
import { assetForStack } from './private/assets';
import { failBindForGrantee } from './private/bind';
import { fail } from './private/errors';
import { grantAccountWide, grantOnResource, grantReadObject, grantWildcard } from './private/execution-role';
import { md5hex } from './private/md5';
import { BUCKET_DATA } from './private/rules/model-data';
import { enforce, problem } from './private/rules/rule';

/** The only extension that SageMaker extracts (a gzip-compressed tar archive). */
const ARCHIVE_EXTENSION = '.tar.gz';

/**
 * How the S3 location of model data is read.
 *
 * @see https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_S3ModelDataSource.html
 */
export enum S3DataType {
  /** The location is a single S3 object. */
  S3_OBJECT = 'S3Object',
  /** The location is a key prefix: every object under it is model data. */
  S3_PREFIX = 'S3Prefix',
}

/**
 * How the model data is compressed.
 *
 * @see https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_S3ModelDataSource.html
 */
export enum CompressionType {
  /** A gzip-compressed tar archive (`.tar.gz`) that SageMaker extracts. */
  GZIP = 'Gzip',
  /** Uncompressed data that SageMaker uses as it is. */
  NONE = 'None',
}

/**
 * Options for model data in an S3 bucket.
 */
export interface ModelDataFromBucketOptions {
  /**
   * Whether the key names one object or a prefix of objects.
   *
   * @default S3DataType.S3_OBJECT
   */
  readonly s3DataType?: S3DataType;

  /**
   * Whether the data is a gzip-compressed tar archive or uncompressed.
   *
   * Uncompressed data renders `ModelDataSource` instead of `ModelDataUrl`. A prefix used by a
   * single-model container must be uncompressed; a multi-model container reads `.tar.gz`
   * archives under a prefix.
   *
   * @default CompressionType.GZIP
   */
  readonly compressionType?: CompressionType;

  /**
   * Accept the end-user license agreement of a gated model (for example a JumpStart model).
   *
   * Renders `ModelDataSource.S3DataSource.ModelAccessConfig.AcceptEula`.
   *
   * @see https://docs.aws.amazon.com/sagemaker/latest/dg/jumpstart-foundation-models-choose.html#jumpstart-foundation-models-choose-eula
   * @default false
   */
  readonly acceptEula?: boolean;
}

/**
 * The configuration needed to reference model artifacts.
 */
export interface ModelDataConfig {
  /**
   * The S3 location of the model artifacts: an object, or a key prefix ending with `/`.
   */
  readonly uri: string;

  /**
   * Whether `uri` names one object or a prefix.
   *
   * @default S3DataType.S3_OBJECT
   */
  readonly s3DataType?: S3DataType;

  /**
   * Whether the data is a gzip-compressed tar archive.
   *
   * @default CompressionType.GZIP
   */
  readonly compressionType?: CompressionType;

  /**
   * Whether the end-user license agreement of the model is accepted.
   *
   * @default false
   */
  readonly acceptEula?: boolean;
}

/**
 * Model data represents the source of model artifacts, which will ultimately be loaded from an S3
 * location.
 */
export abstract class ModelData {
  /**
   * Constructs model data which is already available within S3.
   *
   * The model's role may read exactly this object (`s3:GetObject`), or for a prefix (`S3_PREFIX`,
   * or a key ending in `/`) the objects under it and `s3:ListBucket` limited to the prefix, plus
   * `kms:Decrypt` when the bucket has an encryption key. The location renders as the alpha module
   * renders it: `https://s3.<region>.<url suffix>/<bucket>/<key>`.
   *
   * @param bucket The S3 bucket within which the model artifacts are stored
   * @param objectKey The S3 object key (or key prefix) at which the model artifacts are stored: a key
   * inside `bucket` such as `churn/model.tar.gz`, not an `s3://` or `https://` URI
   * @param options how the data is stored
   */
  public static fromBucket(bucket: s3.IBucket, objectKey: string, options: ModelDataFromBucketOptions = {}): ModelData {
    return new S3ModelData(bucket, objectKey, options);
  }

  /**
   * Constructs model data that will be uploaded to S3 as part of the CDK app deployment.
   *
   * A `.tar.gz` file renders `ModelDataUrl` (SageMaker extracts it); any other single file renders
   * `ModelDataSource` with `CompressionType: None`. Bundling whose output is a single file follows
   * the same rule by the output's extension. A directory is an error.
   *
   * @param path The local path to a model artifact file
   * @param options The options to further configure the selected asset
   */
  public static fromAsset(path: string, options: assets.AssetOptions = {}): ModelData {
    return new AssetModelData(path, options);
  }

  /**
   * This method is invoked by the SageMaker Model construct when it needs to resolve the model
   * data to a URI.
   *
   * @param scope The scope within which the model data is resolved
   * @param model The Model construct performing the URI resolution
   */
  public abstract bind(scope: Construct, model: IModel): ModelDataConfig;

  /**
   * Called when the model data is used by something other than a Model: the artifact of an
   * inference component's container, which the endpoint configuration's execution role reads.
   *
   * The model data of this library grants `grantee` what `bind()` grants a model's role (`bind()`
   * calls this with the model). A class of your own that implements only `bind()` cannot be used
   * there: an error says to implement this method too.
   *
   * @param scope The scope within which the model data is resolved
   * @param grantee The principal that reads the model data
   */
  public bindForGrantee(scope: Construct, grantee: iam.IGrantable): ModelDataConfig {
    failBindForGrantee(scope, 'modelData.bindForGrantee', 'ModelData', this, grantee,
      'ModelData.fromBucket() (from_bucket()) or fromAsset() (from_asset())');
  }
}

class S3ModelData extends ModelData {
  constructor(
    private readonly bucket: s3.IBucket,
    private readonly objectKey: string,
    private readonly options: ModelDataFromBucketOptions,
  ) {
    super();
  }

  public bind(scope: Construct, model: IModel): ModelDataConfig {
    return this.bindForGrantee(scope, model);
  }

  public bindForGrantee(scope: Construct, model: iam.IGrantable): ModelDataConfig {
    const s3DataType = this.options.s3DataType ?? S3DataType.S3_OBJECT;
    const key = this.objectKey;
    enforce(scope, BUCKET_DATA, {
      objectKey: key,
      prefix: s3DataType === S3DataType.S3_PREFIX,
      bucketRegion: this.bucket.env.region,
      modelRegion: Stack.of(scope).region,
    });
    const what = `bucket '${this.bucket.node.path}'`;
    // A key ending in '/' names a prefix in every case that can work (a multi-model container set
    // through an escape hatch reads the archives under it), whatever s3DataType says.
    if (s3DataType === S3DataType.S3_PREFIX || (!Token.isUnresolved(key) && key.endsWith('/'))) {
      this.grantPrefix(scope, model, key, what);
    } else {
      grantReadObject(scope, model, this.bucket, key, what);
    }
    // The URL form of @aws-cdk/aws-sagemaker-alpha (https://s3.<region>.<suffix>/<bucket>/<key>), for
    // an object and a prefix alike: switching the import leaves the model as it is.
    return {
      uri: this.bucket.urlForObject(key),
      s3DataType,
      compressionType: this.options.compressionType,
      acceptEula: this.options.acceptEula,
    };
  }

  /**
   * Read every object whose key starts with `prefix` (what SageMaker reads of an S3 prefix), and list
   * the bucket under it only.
   */
  private grantPrefix(scope: Construct, model: iam.IGrantable, prefix: string, what: string): void {
    const read = new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [this.bucket.arnForObjects(`${prefix}*`)] });
    const list = new iam.PolicyStatement({
      actions: ['s3:ListBucket'],
      resources: [this.bucket.bucketArn],
      conditions: { StringLike: { 's3:prefix': [`${prefix}*`] } },
    });
    if (!Token.isUnresolved(prefix)) {
      grantWildcard(model, read, `The model data is every object under the S3 prefix '${prefix}' `
        + `(S3DataType.S3_PREFIX): s3:GetObject on '${prefix}*' is the narrowest resource.`);
      grantAccountWide(model, list);
    } else {
      iam.Grant.addToPrincipal({ grantee: model, actions: read.actions, resourceArns: read.resources });
      model.grantPrincipal.addToPrincipalPolicy(list);
    }
    grantOnResource(scope, model, { resource: this.bucket, what, statements: [read, list] });
    this.bucket.encryptionKey?.grantDecrypt(model);
  }
}

class AssetModelData extends ModelData {
  private asset?: assets.Asset;

  constructor(private readonly path: string, private readonly options: assets.AssetOptions) {
    super();
  }

  public bind(scope: Construct, model: IModel): ModelDataConfig {
    return this.bindForGrantee(scope, model);
  }

  public bindForGrantee(scope: Construct, model: iam.IGrantable): ModelDataConfig {
    // Same construct ID as @aws-cdk/aws-sagemaker-alpha, so switching the import keeps the asset.
    this.asset = assetForStack(scope, this.asset, () => new assets.Asset(scope, `ModelData${md5hex(this.path)}`, {
      path: this.path,
      ...this.options,
    }), `ModelData.fromAsset('${this.path}')`, 'an asset', 'ModelData');
    if (!this.asset.isFile) {
      fail(scope, 'modelData.asset.directory', problem(`ModelData.fromAsset('${this.path}'): Asset must be a file, if you want to use directory you can use `
        + '\'ModelData.fromBucket()\' with the \'s3DataType\' option to \'S3DataType.S3_PREFIX\' and \'compressionType\' '
        + 'option to \'CompressionType.NONE\'', 'path', 'a directory', 'a single file'));
    }
    iam.Grant.addToPrincipal({
      grantee: model,
      actions: ['s3:GetObject'],
      resourceArns: [this.asset.bucket.arnForObjects(this.asset.s3ObjectKey)],
    });
    return {
      uri: this.asset.httpUrl,
      s3DataType: S3DataType.S3_OBJECT,
      compressionType: this.isArchive() ? CompressionType.GZIP : CompressionType.NONE,
    };
  }

  /**
   * Whether the uploaded file is a `.tar.gz` archive: by the source file's name, or, when
   * bundling produced the file, by the extension the bundled output keeps (`.gz`).
   */
  private isArchive(): boolean {
    if (this.options.bundling) {
      return nodePath.extname(this.asset!.s3ObjectKey).toLowerCase() === '.gz';
    }
    return this.path.toLowerCase().endsWith(ARCHIVE_EXTENSION);
  }
}
