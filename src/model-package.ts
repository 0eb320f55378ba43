import { Resource, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { CfnModelPackage } from 'aws-cdk-lib/aws-sagemaker';
import { Construct, DependencyGroup } from 'constructs';
import type { ContainerDefinition } from './container-definition';
import { ContainerImage, RepositoryAccessMode } from './container-image';
import type { InstanceType } from './instance-type';
import type { ModelData } from './model-data';
import type { IModelPackageGroup } from './model-package-group';
import { nameFromArn, sagemakerArnForName } from './private/arn';
import { renderModelData, resolvedModelData } from './private/container';
import { brand, BRANDS, hasBrand, PackageFacts } from './private/facts';
import { LatestApprovedLookup } from './private/latest-approved';
import { MODEL_PACKAGE, MODEL_PACKAGE_CONTAINER, MODEL_PACKAGE_PROPS, MODEL_PACKAGE_VERSION } from './private/rules/model-package';
import { enforce } from './private/rules/rule';

/**
 * What a model that serves a model package is granted: the images and model data the package's
 * versions use.
 *
 * SageMaker pulls the package's images and reads its model data with the execution role of the
 * model that serves it, and the package's ARN does not say where they are. Name them here, and
 * each model that serves the package binds them as if they were its own: its role may pull exactly
 * these repositories and read exactly these objects or prefixes (and decrypt with their keys).
 */
export interface ModelPackageSources {
  /**
   * The images of the package's containers (for example
   * `ContainerImage.fromEcrRepository(repository, tag)`).
   *
   * @default - none
   */
  readonly images?: ContainerImage[];

  /**
   * The model data of the package's containers (`ModelData.fromBucket(bucket, key)`; with
   * `s3DataType: S3DataType.S3_PREFIX` for a prefix that holds every version's artifacts).
   *
   * @default - none
   */
  readonly modelData?: ModelData[];
}

/**
 * A versioned SageMaker model package (from the Model Registry or AWS Marketplace).
 */
export interface IModelPackage {
  /**
   * The ARN of the model package (with its version for a versioned package).
   *
   * @attribute
   */
  readonly modelPackageArn: string;

  /**
   * The name of the model package (for a version of a group, the group's name).
   *
   * @attribute
   */
  readonly modelPackageName: string;

  /**
   * The images and model data a model that serves this package is granted.
   *
   * @default - none: the model's role is granted nothing for the package
   */
  readonly sources?: ModelPackageSources;
}

/**
 * The approval status of a model package version.
 */
export enum ModelApprovalStatus {
  /** Approved: deployable, and what `ModelPackage.latestApproved()` picks. */
  APPROVED = 'Approved',
  /** Rejected. */
  REJECTED = 'Rejected',
  /** Waiting for a review (SageMaker's default for a version of a group). */
  PENDING_MANUAL_APPROVAL = 'PendingManualApproval',
}

/**
 * Properties of a `ModelPackage`: a version registered in a Model Package Group.
 */
export interface ModelPackageProps {
  /** The group the version is registered in. */
  readonly modelPackageGroup: IModelPackageGroup;

  /**
   * The containers of the inference specification (1 to 15): an image each, with model data,
   * environment and hostname as a `Model`'s containers take them.
   */
  readonly containers: ContainerDefinition[];

  /**
   * The instance types a real-time endpoint may serve this version on. A variant of this library
   * that serves the version on another instance type is a synth error.
   *
   * @default - any
   */
  readonly supportedRealtimeInferenceInstanceTypes?: InstanceType[];

  /**
   * The MIME types of the requests the version accepts (`SupportedContentTypes`, which
   * CloudFormation requires).
   *
   * @default ['application/json']
   */
  readonly supportedContentTypes?: string[];

  /**
   * The MIME types of the responses the version gives (`SupportedResponseMIMETypes`, which
   * CloudFormation requires).
   *
   * @default ['application/json']
   */
  readonly supportedResponseMimeTypes?: string[];

  /**
   * The approval status of the version.
   *
   * @default ModelApprovalStatus.PENDING_MANUAL_APPROVAL (SageMaker's default)
   */
  readonly approvalStatus?: ModelApprovalStatus;

  /**
   * A description of the version (up to 1024 characters).
   *
   * @default - none
   */
  readonly description?: string;
}

/**
 * Properties of `ModelPackage.latestApproved()`.
 */
export interface LatestApprovedModelPackageProps {
  /** The group whose newest approved version is served. */
  readonly modelPackageGroup: IModelPackageGroup;

  /**
   * The images and model data a model that serves the version is granted.
   *
   * @default - none: the model's role is granted nothing for the package
   */
  readonly sources?: ModelPackageSources;

  /**
   * A value that changes whenever the lookup should run again. CloudFormation runs a custom
   * resource only when its properties change, so by default this is new on every synth: every deploy
   * asks for the newest approved version, and the model changes only when the answer does. Pass a
   * fixed value (a build number, a release tag) for a template that is the same on every synth;
   * the lookup then runs when the value changes.
   *
   * @default - a new value on every synth
   */
  readonly refreshToken?: string;
}

/** The default of `supportedContentTypes` and `supportedResponseMimeTypes`. */
const JSON_ONLY = ['application/json'];

/**
 * Who a package's images and model data are bound for when the package renders them: the account
 * that registers it (no role: CreateModelPackage does not read them). Every model that serves the
 * package binds them again, for its own role.
 */
class RegisteringAccount extends iam.PrincipalBase {
  public readonly principalAccount: string;

  constructor(scope: Construct) {
    super();
    this.principalAccount = Stack.of(scope).account;
  }

  public get policyFragment(): iam.PrincipalPolicyFragment {
    return new iam.AccountPrincipal(this.principalAccount).policyFragment;
  }

  public addToPrincipalPolicy(_statement: iam.PolicyStatement): iam.AddToPrincipalPolicyResult {
    return { statementAdded: true, policyDependable: new DependencyGroup() };
  }

  public dedupeString(): string | undefined {
    return `RegisteringAccount:${this.principalAccount}`;
  }
}

/**
 * A model package: a version registered in a Model Package Group (`new ModelPackage(...)`, over
 * `AWS::SageMaker::ModelPackage`), or a reference to one (`fromVersion()`, `latestApproved()`,
 * `fromModelPackageArn()`) for a `ContainerDefinition.modelPackage`.
 *
 * A model that serves a version registered in the app is granted exactly its images and model data
 * (as a plain model is), and a variant on an instance type outside the version's
 * `supportedRealtimeInferenceInstanceTypes` is a synth error. For a referenced package, name what
 * its role needs in `sources`.
 *
 * @see https://docs.aws.amazon.com/sagemaker/latest/dg/model-registry.html
 */
export class ModelPackage extends Resource implements IModelPackage {
  /**
   * Whether `x` is a ModelPackage registered by this library (also one made by another copy of the
   * package in the same app).
   *
   * @param x any object
   */
  public static isModelPackage(x: any): x is ModelPackage {
    return hasBrand(x, BRANDS.modelPackage);
  }

  /**
   * Reference a model package by ARN, for example
   * `arn:aws:sagemaker:us-east-1:123456789012:model-package/my-package/3`.
   *
   * @param scope the scope
   * @param id the construct id
   * @param modelPackageArn the model package ARN
   * @param sources the images and model data a model that serves the package is granted
   */
  public static fromModelPackageArn(scope: Construct, id: string, modelPackageArn: string, sources?: ModelPackageSources): IModelPackage {
    return new ImportedModelPackage(scope, id, modelPackageArn, sources);
  }

  /**
   * Reference one version of a group: `arn:<partition>:sagemaker:<region>:<account>:model-package/<group>/<version>`,
   * in the group's account and region.
   *
   * @param group the group
   * @param version the version (1, 2, ...)
   * @param sources the images and model data a model that serves the version is granted
   */
  public static fromVersion(group: IModelPackageGroup, version: number, sources?: ModelPackageSources): IModelPackage {
    enforce(group, MODEL_PACKAGE_VERSION, version);
    const name = group.modelPackageGroupName;
    const versionText = Token.isUnresolved(version) ? Token.asString(version) : String(version);
    return {
      modelPackageArn: sagemakerArnForName(group, 'model-package', `${name}/${versionText}`, group.env),
      modelPackageName: name,
      sources,
    };
  }

  /**
   * The newest approved version of a group, looked up at deploy time.
   *
   * A custom resource calls `ListModelPackages` (approved versions of the group, newest first, one)
   * on every deploy, so that a version approved since the last deploy is picked up; the model is
   * replaced only when the answer changes. A group without an approved version fails the deploy
   * with a message naming the group. The lookup's function is one per stack; its role may list the
   * packages of the groups looked up and write its own logs, nothing else.
   *
   * @param scope the scope
   * @param id the construct id
   * @param props the group, the sources to grant, and the refresh token
   */
  public static latestApproved(scope: Construct, id: string, props: LatestApprovedModelPackageProps): IModelPackage {
    const lookup = new LatestApprovedLookup(scope, id, props.modelPackageGroup, props.refreshToken);
    return {
      modelPackageArn: lookup.modelPackageArn,
      modelPackageName: props.modelPackageGroup.modelPackageGroupName,
      sources: props.sources,
    };
  }

  /**
   * The ARN of the version (with its version number).
   *
   * @attribute
   */
  public readonly modelPackageArn: string;

  /**
   * The name of the group the version is registered in.
   *
   * @attribute
   */
  public readonly modelPackageName: string;

  /**
   * The version's images and model data: what a model that serves it is granted.
   */
  public readonly sources?: ModelPackageSources;

  /** The group. */
  public readonly modelPackageGroup: IModelPackageGroup;

  private readonly supportedTypes?: InstanceType[];

  constructor(scope: Construct, id: string, props: ModelPackageProps) {
    super(scope, id);
    enforce(this, MODEL_PACKAGE_PROPS, props);
    const account = new RegisteringAccount(this);
    const containers = props.containers.map((container, i) => {
      const image = container.image!.bindForGrantee(this, account);
      enforce(this, MODEL_PACKAGE_CONTAINER, { where: `containers[${i}]`, privateRegistry: image.repositoryAccessMode === RepositoryAccessMode.VPC });
      const data = resolvedModelData(container.modelData?.bindForGrantee(this, account));
      const property: CfnModelPackage.ModelPackageContainerDefinitionProperty = {
        image: image.imageName,
        containerHostname: container.containerHostname,
        environment: container.environment,
        ...renderModelData(container.mode, data),
      };
      return property;
    });
    const resource = new CfnModelPackage(this, 'ModelPackage', {
      modelPackageGroupName: props.modelPackageGroup.modelPackageGroupName,
      modelPackageDescription: props.description,
      modelApprovalStatus: props.approvalStatus,
      inferenceSpecification: {
        containers,
        supportedContentTypes: props.supportedContentTypes ?? JSON_ONLY,
        supportedResponseMimeTypes: props.supportedResponseMimeTypes ?? JSON_ONLY,
        supportedRealtimeInferenceInstanceTypes: props.supportedRealtimeInferenceInstanceTypes?.map(t => t.toString()),
      },
    });
    // The group is named, not referenced (`Ref` is its ARN): create it first.
    if (hasBrand(props.modelPackageGroup, BRANDS.modelPackageGroup)) {
      resource.node.addDependency(props.modelPackageGroup);
    }
    this.modelPackageArn = resource.attrModelPackageArn;
    this.modelPackageName = props.modelPackageGroup.modelPackageGroupName;
    this.modelPackageGroup = props.modelPackageGroup;
    this.supportedTypes = props.supportedRealtimeInferenceInstanceTypes;
    this.sources = {
      images: props.containers.flatMap(c => c.image ? [c.image] : []),
      modelData: props.containers.flatMap(c => c.modelData ? [c.modelData] : []),
    };
    brand(this, BRANDS.modelPackage);
  }

  /**
   * What a model that serves this version tells its endpoint configurations.
   *
   * @internal
   */
  public _packageFacts(): PackageFacts {
    return {
      path: this.node.path,
      supportedInstanceTypes: this.supportedTypes?.map(t => t.toString()),
    };
  }
}

/** A model package referenced by ARN. */
class ImportedModelPackage extends Resource implements IModelPackage {
  public readonly modelPackageArn: string;
  public readonly modelPackageName: string;

  constructor(scope: Construct, id: string, modelPackageArn: string, public readonly sources?: ModelPackageSources) {
    const parsable = !Token.isUnresolved(modelPackageArn) && modelPackageArn.startsWith('arn:')
      && modelPackageArn.split(':').length >= 6;
    super(scope, id, parsable ? { environmentFromArn: modelPackageArn } : {});
    enforce(this, MODEL_PACKAGE, modelPackageArn);
    this.modelPackageArn = modelPackageArn;
    this.modelPackageName = nameFromArn(modelPackageArn).split('/')[0];
  }
}
