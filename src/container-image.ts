import { Stack, Token } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as assets from 'aws-cdk-lib/aws-ecr-assets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { FactName } from 'aws-cdk-lib/region-info';
import { Construct } from 'constructs';
import type { Model } from './model';
import { assetForStack } from './private/assets';
import { failBindForGrantee } from './private/bind';
import { md5hex } from './private/md5';
import { grantPull } from './private/pull';
import { ECR_IMAGE, REGISTRY_IMAGE } from './private/rules/container-image';
import { enforce } from './private/rules/rule';

/**
 * Where SageMaker pulls a container image from.
 *
 * @see https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_ImageConfig.html
 */
export enum RepositoryAccessMode {
  /** Amazon ECR (the default). */
  PLATFORM = 'Platform',
  /** A private Docker registry reachable from the model's VPC. */
  VPC = 'Vpc',
}

/**
 * The configuration for creating a container image.
 */
export interface ContainerImageConfig {
  /**
   * The image name. Images in Amazon ECR repositories can be specified by either using the full
   * registry/repository:tag or registry/repository@digest.
   *
   * For example, `012345678910.dkr.ecr.<region-name>.amazonaws.com/<repository-name>:latest` or
   * `012345678910.dkr.ecr.<region-name>.amazonaws.com/<repository-name>@sha256:94afd1f2e64d908bc90dbca0035a5b567EXAMPLE`.
   */
  readonly imageName: string;

  /**
   * Where SageMaker pulls the image from.
   *
   * @default RepositoryAccessMode.PLATFORM (Amazon ECR); `ImageConfig` is not rendered
   */
  readonly repositoryAccessMode?: RepositoryAccessMode;

  /**
   * The ARN of a Lambda function that returns the credentials of a private registry.
   *
   * Only with `RepositoryAccessMode.VPC`.
   *
   * @default - the registry needs no authentication
   */
  readonly repositoryCredentialsProviderArn?: string;
}

/**
 * Options for an image from a private Docker registry.
 */
export interface RegistryImageOptions {
  /**
   * A Lambda function that returns the credentials SageMaker uses to authenticate to the
   * registry. The model's role is granted `lambda:InvokeFunction` on exactly this function.
   *
   * @see https://docs.aws.amazon.com/sagemaker/latest/dg/your-algorithms-containers-inference-private.html
   * @default - the registry needs no authentication
   */
  readonly credentialsProvider?: lambda.IFunction;
}

/**
 * Constructs for types of container images.
 */
export abstract class ContainerImage {
  /**
   * Reference an image in an ECR repository.
   *
   * The model's role may pull from exactly this repository.
   *
   * @param repository the ECR repository
   * @param tag the image tag, or a digest (`sha256:...`)
   */
  public static fromEcrRepository(repository: ecr.IRepository, tag: string = 'latest'): ContainerImage {
    return new EcrImage(repository, tag);
  }

  /**
   * Reference an image that's constructed directly from sources on disk.
   *
   * The image is built with Docker at synth time and pushed to the CDK bootstrap repository; the
   * model's role may pull from that repository.
   *
   * @param directory The directory where the Dockerfile is stored
   * @param options The options to further configure the selected image
   */
  public static fromAsset(directory: string, options: assets.DockerImageAssetOptions = {}): ContainerImage {
    return new AssetImage(directory, options);
  }

  /**
   * Reference an AWS Deep Learning Container image.
   *
   * Without `accountId`, the account of the DLC registry of the stack's region is used (a
   * CloudFormation mapping when the region is not known at synth time). SageMaker's own framework
   * and algorithm images (`sagemaker-scikit-learn`, `sagemaker-xgboost`, ...) are in other accounts,
   * one per region: for them `accountId` is required (an error names the account of the stack's
   * region). `repositoryName` is the repository alone, not a whole image URI.
   *
   * @see https://github.com/aws/deep-learning-containers/blob/master/available_images.md
   * @param repositoryName the DLC repository, e.g. `huggingface-pytorch-inference`
   * @param tag the image tag
   * @param accountId the account that owns the repository
   */
  public static fromDlc(repositoryName: string, tag: string, accountId?: string): ContainerImage {
    return new DlcEcrImage(repositoryName, tag, accountId);
  }

  /**
   * Reference an image in a private Docker registry reachable from the model's VPC.
   *
   * Renders `ImageConfig` with `RepositoryAccessMode: Vpc`; the model must be in a VPC.
   *
   * @see https://docs.aws.amazon.com/sagemaker/latest/dg/your-algorithms-containers-inference-private.html
   * @param imageUri the image, e.g. `registry.example.com:5000/team/model:1.0`
   * @param options credentials provider
   */
  public static fromRegistry(imageUri: string, options: RegistryImageOptions = {}): ContainerImage {
    return new RegistryImage(imageUri, options);
  }

  /**
   * Called when the image is used by a Model.
   *
   * @param scope the scope in which to create any resources
   * @param model the model that uses the image
   */
  public abstract bind(scope: Construct, model: Model): ContainerImageConfig;

  /**
   * Called when the image is used by something other than a Model: the container of an inference
   * component, whose image the endpoint configuration's execution role pulls.
   *
   * The images of this library grant `grantee` what `bind()` grants a model's role (`bind()` calls
   * this with the model). An image class of your own that implements only `bind()` cannot be used
   * there: an error says to implement this method too.
   *
   * @param scope the scope in which to create any resources
   * @param grantee the principal that pulls the image
   */
  public bindForGrantee(scope: Construct, grantee: iam.IGrantable): ContainerImageConfig {
    failBindForGrantee(scope, 'image.bindForGrantee', 'ContainerImage', this, grantee,
      'an image of ContainerImage.fromEcrRepository() (from_ecr_repository()), fromAsset() (from_asset()) or fromDlc() (from_dlc())');
  }
}

class EcrImage extends ContainerImage {
  constructor(private readonly repository: ecr.IRepository, private readonly tag: string) {
    super();
  }

  public bind(scope: Construct, model: Model): ContainerImageConfig {
    return this.bindForGrantee(scope, model);
  }

  public bindForGrantee(scope: Construct, grantee: iam.IGrantable): ContainerImageConfig {
    enforce(scope, ECR_IMAGE, { factory: 'fromEcrRepository', tag: this.tag });
    grantPull(scope, grantee, this.repository.repositoryArn, this.repository);
    const isDigest = !Token.isUnresolved(this.tag) && this.tag.startsWith('sha256:');
    return {
      imageName: isDigest ? this.repository.repositoryUriForDigest(this.tag) : this.repository.repositoryUriForTag(this.tag),
    };
  }
}

class AssetImage extends ContainerImage {
  private asset?: assets.DockerImageAsset;

  constructor(private readonly directory: string, private readonly options: assets.DockerImageAssetOptions) {
    super();
  }

  public bind(scope: Construct, model: Model): ContainerImageConfig {
    return this.bindForGrantee(scope, model);
  }

  public bindForGrantee(scope: Construct, grantee: iam.IGrantable): ContainerImageConfig {
    // Same construct ID as @aws-cdk/aws-sagemaker-alpha, so switching the import keeps the asset.
    this.asset = assetForStack(scope, this.asset, () => new assets.DockerImageAsset(scope, `ModelImage${md5hex(this.directory)}`, {
      directory: this.directory,
      ...this.options,
    }), `ContainerImage.fromAsset('${this.directory}')`, 'an asset image', 'ContainerImage');
    grantPull(scope, grantee, this.asset.repository.repositoryArn);
    return { imageName: this.asset.imageUri };
  }
}

class DlcEcrImage extends ContainerImage {
  constructor(
    private readonly repositoryName: string,
    private readonly tag: string,
    private readonly accountId?: string,
  ) {
    super();
  }

  public bind(scope: Construct, model: Model): ContainerImageConfig {
    return this.bindForGrantee(scope, model);
  }

  public bindForGrantee(scope: Construct, grantee: iam.IGrantable): ContainerImageConfig {
    const stack = Stack.of(scope);
    enforce(scope, ECR_IMAGE, {
      factory: 'fromDlc', tag: this.tag, repositoryName: this.repositoryName, accountId: this.accountId, region: stack.region,
    });
    const account = this.accountId ?? stack.regionalFact(FactName.DLC_REPOSITORY_ACCOUNT);
    // No imported-repository construct: several DLC images can be used by one model.
    grantPull(scope, grantee, ecr.Repository.arnForLocalRepository(this.repositoryName, scope, account));
    return { imageName: `${account}.dkr.ecr.${stack.region}.${stack.urlSuffix}/${this.repositoryName}:${this.tag}` };
  }
}

class RegistryImage extends ContainerImage {
  constructor(private readonly imageUri: string, private readonly options: RegistryImageOptions) {
    super();
  }

  public bind(scope: Construct, model: Model): ContainerImageConfig {
    return this.bindForGrantee(scope, model);
  }

  public bindForGrantee(scope: Construct, grantee: iam.IGrantable): ContainerImageConfig {
    enforce(scope, REGISTRY_IMAGE, this.imageUri);
    // The unqualified function ARN only: SageMaker invokes the function itself, not a version.
    if (this.options.credentialsProvider) {
      iam.Grant.addToPrincipal({
        grantee,
        actions: ['lambda:InvokeFunction'],
        resourceArns: [this.options.credentialsProvider.functionArn],
      });
    }
    return {
      imageName: this.imageUri,
      repositoryAccessMode: RepositoryAccessMode.VPC,
      repositoryCredentialsProviderArn: this.options.credentialsProvider?.functionArn,
    };
  }
}
