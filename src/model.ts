import * as cdk from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { CfnModel } from 'aws-cdk-lib/aws-sagemaker';
import { propertyInjectable } from 'aws-cdk-lib/core/lib/prop-injectable';
import { Construct } from 'constructs';
import { ContainerImage, ContainerImageConfig, RepositoryAccessMode } from './container-image';
import { CompressionType, ModelData, ModelDataConfig, S3DataType } from './model-data';
import { IModelPackage } from './model-package';
import { sagemakerArnForName } from './private/arn';
import { fail } from './private/errors';
import { WildcardAcknowledgements } from './private/nag';
import { BOUND_CONTAINER, BoundContainer, CONTAINER, enforce, MODEL, MODEL_PROPS, validation } from './private/rules';

/**
 * Interface that defines a Model resource.
 */
export interface IModel extends cdk.IResource, iam.IGrantable, ec2.IConnectable {
  /**
   * Returns the ARN of this model.
   *
   * @attribute
   */
  readonly modelArn: string;

  /**
   * Returns the name of this model.
   *
   * @attribute
   */
  readonly modelName: string;

  /**
   * The IAM role associated with this Model.
   */
  readonly role?: iam.IRole;

  /**
   * Adds a statement to the IAM role assumed by the instance.
   *
   * @param statement the statement to add
   */
  addToRolePolicy(statement: iam.PolicyStatement): void;
}

/**
 * Represents a Model resource defined outside this stack.
 */
export interface ModelAttributes {
  /**
   * The ARN of this model.
   */
  readonly modelArn: string;

  /**
   * The IAM execution role associated with this model.
   *
   * @default - When not provided, any role-related operations will no-op.
   */
  readonly role?: iam.IRole;

  /**
   * The security groups for this model, if in a VPC.
   *
   * @default - When not provided, the connections to/from this model cannot be managed.
   */
  readonly securityGroups?: ec2.ISecurityGroup[];
}

/**
 * How the containers of a multi-container model are invoked.
 *
 * @see https://docs.aws.amazon.com/sagemaker/latest/dg/multi-container-endpoints.html
 */
export enum InferenceExecutionMode {
  /** An inference pipeline: each container's output is the next one's input. */
  SERIAL = 'Serial',
  /** Each request names one container (`TargetContainerHostname`) and only it is invoked. */
  DIRECT = 'Direct',
}

/**
 * Whether a container hosts one model or many.
 *
 * @see https://docs.aws.amazon.com/sagemaker/latest/dg/multi-model-endpoints.html
 */
export enum ContainerMode {
  /** One model. */
  SINGLE_MODEL = 'SingleModel',
  /** Many models, loaded on demand from `.tar.gz` archives under an S3 prefix. */
  MULTI_MODEL = 'MultiModel',
}

/**
 * Describes the container, as part of model definition.
 */
export interface ContainerDefinition {
  /**
   * The image used to start a container.
   *
   * Exactly one of `image` and `modelPackage` is required.
   *
   * @default - none; `modelPackage` must be given
   */
  readonly image?: ContainerImage;

  /**
   * A model package (Model Registry or AWS Marketplace) that supplies the image and artifacts.
   *
   * Exactly one of `image` and `modelPackage` is required.
   *
   * @default - none; `image` must be given
   */
  readonly modelPackage?: IModelPackage;

  /**
   * A map of environment variables to pass into the container.
   *
   * At most 100 entries; keys match `[a-zA-Z_][a-zA-Z0-9_]*`; keys and values up to 1024
   * characters; all maps of a model together up to 32 KB.
   *
   * @default - none
   */
  readonly environment?: { [key: string]: string };

  /**
   * Hostname of the container within an inference pipeline. For single container models, this field
   * is ignored. When specifying a hostname for one ContainerDefinition in a pipeline, hostnames
   * must be specified for all other ContainerDefinitions in that pipeline.
   *
   * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-sagemaker-model-containerdefinition.html#cfn-sagemaker-model-containerdefinition-containerhostname
   *
   * @default - Amazon SageMaker will automatically assign a unique name based on the position of
   * this ContainerDefinition in an inference pipeline.
   */
  readonly containerHostname?: string;

  /**
   * S3 path to the model artifacts.
   *
   * @default - none
   */
  readonly modelData?: ModelData;

  /**
   * Whether the container hosts one model or many (a multi-model endpoint).
   *
   * A `MULTI_MODEL` container's `modelData` must be an S3 prefix
   * (`ModelData.fromBucket(bucket, 'models/', { s3DataType: S3DataType.S3_PREFIX })`).
   *
   * @default ContainerMode.SINGLE_MODEL (`Mode` is not rendered)
   */
  readonly mode?: ContainerMode;

  /**
   * Whether a multi-model container caches models on the instance.
   *
   * Only with `mode: ContainerMode.MULTI_MODEL`.
   *
   * @see https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_MultiModelConfig.html
   * @default - SageMaker's default (caching enabled)
   */
  readonly modelCacheEnabled?: boolean;
}

/**
 * Construction properties for a SageMaker Model.
 */
export interface ModelProps {
  /**
   * The IAM role that the Amazon SageMaker service assumes.
   *
   * @see https://docs.aws.amazon.com/sagemaker/latest/dg/sagemaker-roles.html#sagemaker-roles-createmodel-perms
   *
   * @default - a new IAM role with only what this model needs: pull from its ECR repositories,
   * read its model data, write its CloudWatch Logs, publish metrics, and the EC2
   * network-interface actions when it is in a VPC. No managed policy.
   */
  readonly role?: iam.IRole;

  /**
   * Name of the SageMaker Model.
   *
   * Setting a name adds a synth warning: every change of a model replaces it, and
   * CloudFormation cannot replace a resource with a fixed name.
   *
   * @default - AWS CloudFormation generates a unique physical ID and uses that ID for the model's
   * name.
   */
  readonly modelName?: string;

  /**
   * The VPC to deploy model containers to.
   *
   * @default - none
   */
  readonly vpc?: ec2.IVpc;

  /**
   * The VPC subnets to use when deploying model containers.
   *
   * @default - the VPC's default subnet selection (private subnets); only with `vpc`
   */
  readonly vpcSubnets?: ec2.SubnetSelection;

  /**
   * The security groups to associate to the Model. If no security groups are provided and 'vpc' is
   * configured, one security group will be created automatically.
   *
   * @default - A security group will be automatically created if 'vpc' is supplied
   */
  readonly securityGroups?: ec2.ISecurityGroup[];

  /**
   * Specifies the container definitions for this model, consisting of either a single primary
   * container or an inference pipeline of multiple containers.
   *
   * @default - none
   */
  readonly containers?: ContainerDefinition[];

  /**
   * Whether to allow the SageMaker Model to send all network traffic
   *
   * If set to false, you must individually add traffic rules to allow the
   * SageMaker Model to connect to network targets.
   *
   * Only used if 'vpc' is supplied.
   *
   * @default true
   */
  readonly allowAllOutbound?: boolean;

  /**
   * Whether to enable network isolation for the model container.
   *
   * When enabled, no inbound or outbound network calls can be made to or from the model container.
   *
   * @see https://docs.aws.amazon.com/sagemaker/latest/dg/mkt-algo-model-internet-free.html
   *
   * @default false
   */
  readonly networkIsolation?: boolean;

  /**
   * How the containers of a multi-container model are invoked. Only with two or more containers.
   *
   * `DIRECT` requires every container to have a unique `containerHostname`.
   *
   * @see https://docs.aws.amazon.com/sagemaker/latest/dg/multi-container-direct.html
   * @default - SageMaker's default, `SERIAL` (an inference pipeline); not rendered
   */
  readonly inferenceExecutionMode?: InferenceExecutionMode;
}

abstract class ModelBase extends cdk.Resource implements IModel {
  /**
   * Returns the ARN of this model.
   * @attribute
   */
  public abstract readonly modelArn: string;
  /**
   * Returns the name of the model.
   * @attribute
   */
  public abstract readonly modelName: string;
  /**
   * Execution role for SageMaker Model
   */
  public abstract readonly role?: iam.IRole;
  /**
   * The principal this Model is running as
   */
  public abstract readonly grantPrincipal: iam.IPrincipal;

  /**
   * The actual Connections object for this Model. This may be unset in the event that a VPC has not
   * been configured.
   * @internal
   */
  protected _connections: ec2.Connections | undefined;

  /**
   * An accessor for the Connections object that will fail if this Model does not have a VPC
   * configured.
   */
  public get connections(): ec2.Connections {
    if (!this._connections) {
      fail(this, 'Cannot manage network access without configuring a VPC (connections needs a model '
        + 'with a vpc, or an imported model with securityGroups)');
    }
    return this._connections;
  }

  /**
   * Adds a statement to the IAM role assumed by the instance.
   *
   * No-op for an imported model without a role.
   *
   * @param statement the statement to add
   */
  public addToRolePolicy(statement: iam.PolicyStatement): void {
    this.role?.addToPrincipalPolicy(statement);
  }
}

/**
 * Defines a SageMaker Model.
 *
 * One container renders `PrimaryContainer`; two to fifteen render `Containers` (an inference
 * pipeline, or direct invocation with `inferenceExecutionMode: DIRECT`).
 */
@propertyInjectable
export class Model extends ModelBase {
  /** Uniquely identifies this class (property injection). */
  public static readonly PROPERTY_INJECTION_ID: string = 'cdk-sagemaker-hosting.Model';

  /**
   * Imports a Model defined either outside the CDK or in a different CDK stack.
   * @param scope the Construct scope.
   * @param id the resource id.
   * @param modelArn the ARN of the model.
   */
  public static fromModelArn(scope: Construct, id: string, modelArn: string): IModel {
    return Model.fromModelAttributes(scope, id, { modelArn });
  }

  /**
   * Imports a Model defined either outside the CDK or in a different CDK stack.
   *
   * The ARN is built in the stack's account and region (SageMaker ARNs carry the name in lower
   * case).
   *
   * @param scope the Construct scope.
   * @param id the resource id.
   * @param modelName the name of the model.
   */
  public static fromModelName(scope: Construct, id: string, modelName: string): IModel {
    return new ImportedModel(scope, id, { modelArn: sagemakerArnForName(scope, 'model', modelName) }, modelName);
  }

  /**
   * Imports a Model defined either outside the CDK or in a different CDK stack.
   * @param scope the Construct scope.
   * @param id the resource id.
   * @param attrs the attributes of the model to import.
   */
  public static fromModelAttributes(scope: Construct, id: string, attrs: ModelAttributes): IModel {
    return new ImportedModel(scope, id, attrs);
  }

  /**
   * Returns the ARN of this model.
   * @attribute
   */
  public readonly modelArn: string;
  /**
   * Returns the name of the model.
   * @attribute
   */
  public readonly modelName: string;
  /**
   * Execution role for SageMaker Model
   */
  public readonly role?: iam.IRole;
  /**
   * The principal this Model is running as
   */
  public readonly grantPrincipal: iam.IPrincipal;

  private readonly subnets: ec2.SelectedSubnets | undefined;
  private readonly containers: BoundContainer[] = [];
  private readonly vpc?: ec2.IVpc;
  private readonly networkIsolation?: boolean;
  /** The statements of a role this model created that take '*' or a wildcard ARN (see createSageMakerRole). */
  private accountWidePolicy?: iam.Policy;
  private readonly accountWideSids = new Set<string>();
  private wildcards?: WildcardAcknowledgements;

  constructor(scope: Construct, id: string, props: ModelProps = {}) {
    super(scope, id, { physicalName: props.modelName });

    enforce(this, MODEL_PROPS, props);

    this.vpc = props.vpc;
    this.networkIsolation = props.networkIsolation;
    this._connections = this.configureNetworking(props);
    this.subnets = props.vpc ? props.vpc.selectSubnets(props.vpcSubnets) : undefined;

    this.role = props.role ?? this.createSageMakerRole(props.vpc !== undefined);
    this.grantPrincipal = this.role;

    for (const container of props.containers ?? []) {
      this.addContainer(container);
    }

    const model = new CfnModel(this, 'Model', {
      executionRoleArn: this.role.roleArn,
      modelName: this.physicalName,
      primaryContainer: cdk.Lazy.any({ produce: () => this.renderPrimaryContainer() }),
      containers: cdk.Lazy.any({ produce: () => this.renderContainers() }, { omitEmptyArray: true }),
      inferenceExecutionConfig: props.inferenceExecutionMode ? { mode: props.inferenceExecutionMode } : undefined,
      vpcConfig: cdk.Lazy.any({ produce: () => this.renderVpcConfig() }),
      enableNetworkIsolation: props.networkIsolation,
    });
    this.node.defaultChild = model;
    this.modelName = this.getResourceNameAttribute(model.attrModelName);
    this.modelArn = this.getResourceArnAttribute(model.ref, {
      service: 'sagemaker',
      resource: 'model',
      resourceName: this.physicalName,
    });

    // CreateModel checks that the role can reach the image and data: create the role and its
    // policy first.
    model.node.addDependency(this.role);

    // Not a rule: records the cdk-nag acknowledgements once the role's policy is final.
    this.node.addValidation({
      validate: () => {
        this.wildcards?.record();
        return [];
      },
    });
    this.node.addValidation(validation(this, [MODEL], () => ({
      props,
      containers: this.containers,
      network: this._connections && this.subnets
        ? { securityGroups: this._connections.securityGroups, subnetIds: this.subnets.subnetIds }
        : undefined,
      resource: model,
    })));
  }

  /**
   * Add containers to the model.
   *
   * The image and model data are bound (assets created, the role granted access) at once.
   *
   * @param container The container definition to add.
   */
  public addContainer(container: ContainerDefinition): void {
    this.containers.push(this.bindContainer(container, this.containers.length));
  }

  /**
   * Whether a container of this model is a multi-model container (for the instance-type rule C13).
   *
   * @internal
   */
  public get _multiModel(): boolean {
    return this.containers.some(c => c.mode === ContainerMode.MULTI_MODEL);
  }

  /**
   * What this model uses that serverless inference does not support (sagemaker-constraints.md C8b).
   *
   * @internal
   */
  public _serverlessExclusions(): string[] {
    const found: string[] = [];
    if (this.vpc) {
      found.push('a VPC (vpc)');
    }
    if (this.networkIsolation) {
      found.push('network isolation (networkIsolation)');
    }
    if (this.containers.length > 1) {
      found.push(`${this.containers.length} containers (an inference pipeline or direct invocation)`);
    }
    for (const c of this.containers) {
      if (c.mode === ContainerMode.MULTI_MODEL) {
        found.push(`a multi-model container (containers[${c.index}].mode MULTI_MODEL)`);
      }
      if (c.imageConfig?.repositoryAccessMode === RepositoryAccessMode.VPC) {
        found.push(`a private registry image (containers[${c.index}], ContainerImage.fromRegistry)`);
      }
      if (c.property.modelDataSource !== undefined) {
        found.push(`uncompressed or prefix model data (containers[${c.index}] ModelDataSource)`);
      }
    }
    return found;
  }

  /**
   * Add a statement that belongs with the service-shaped ones: '*' for actions without a resource
   * type (`ecr:GetAuthorizationToken`), or the conditioned `s3:ListBucket` of a model-data prefix.
   *
   * A role this model created keeps them in its own `AccountWidePolicy`, apart from the
   * statements a user adds; a supplied role gets them like any grant. A statement with a `sid`
   * is added once.
   *
   * @internal
   */
  public _addAccountWideStatement(statement: iam.PolicyStatement): void {
    if (!this.accountWidePolicy) {
      this.role?.addToPrincipalPolicy(statement);
      return;
    }
    if (statement.sid !== undefined) {
      if (this.accountWideSids.has(statement.sid)) {
        return;
      }
      this.accountWideSids.add(statement.sid);
    }
    this.accountWidePolicy.addStatements(statement);
  }

  /**
   * Grant a statement whose resource ends with a wildcard by necessity (an S3 key prefix), with the
   * reason a cdk-nag reviewer reads. For a role this model created it goes into the
   * `AccountWidePolicy` with a suppression of AwsSolutions-IAM5 for exactly that resource;
   * otherwise it is an ordinary grant.
   *
   * @param statement the statement (one resource)
   * @param reason why the wildcard is the narrowest resource
   * @internal
   */
  public _addWildcardStatement(statement: iam.PolicyStatement, reason: string): void {
    if (!this.accountWidePolicy || !this.wildcards) {
      this.role?.addToPrincipalPolicy(statement);
      return;
    }
    this.accountWidePolicy.addStatements(statement);
    for (const resource of statement.resources) {
      this.wildcards.add(resource, reason);
    }
  }

  private bindContainer(container: ContainerDefinition, index: number): BoundContainer {
    const where = `containers[${index}]`;
    const mode = container.mode ?? ContainerMode.SINGLE_MODEL;
    enforce(this, CONTAINER, { where, container, mode });
    const imageConfig = container.image?.bind(this, this);
    const data = container.modelData?.bind(this, this);
    enforce(this, BOUND_CONTAINER, { where, mode, image: imageConfig, data, inVpc: this.vpc !== undefined });

    return {
      index,
      hostname: container.containerHostname,
      mode,
      imageConfig,
      environment: container.environment,
      property: {
        image: imageConfig?.imageName,
        imageConfig: this.renderImageConfig(imageConfig),
        modelPackageName: container.modelPackage?.modelPackageArn,
        containerHostname: container.containerHostname,
        environment: container.environment,
        mode: container.mode,
        multiModelConfig: container.modelCacheEnabled === undefined ? undefined : {
          modelCacheSetting: container.modelCacheEnabled ? 'Enabled' : 'Disabled',
        },
        ...this.renderModelData(mode, data),
      },
    };
  }

  private renderImageConfig(config?: ContainerImageConfig): CfnModel.ImageConfigProperty | undefined {
    if (!config?.repositoryAccessMode || config.repositoryAccessMode === RepositoryAccessMode.PLATFORM) {
      return undefined;
    }
    return {
      repositoryAccessMode: config.repositoryAccessMode,
      repositoryAuthConfig: config.repositoryCredentialsProviderArn
        ? { repositoryCredentialsProviderArn: config.repositoryCredentialsProviderArn }
        : undefined,
    };
  }

  /**
   * `ModelDataUrl` for a gzip archive (or a multi-model prefix of archives), `ModelDataSource`
   * for uncompressed data, a prefix, or an accepted EULA.
   */
  private renderModelData(mode: ContainerMode, data?: ModelDataConfig)
    : Pick<CfnModel.ContainerDefinitionProperty, 'modelDataUrl' | 'modelDataSource'> {
    if (!data) {
      return {};
    }
    const s3DataType = data.s3DataType ?? S3DataType.S3_OBJECT;
    const compressionType = data.compressionType ?? CompressionType.GZIP;
    if (mode === ContainerMode.MULTI_MODEL) {
      return { modelDataUrl: data.uri };
    }
    if (s3DataType === S3DataType.S3_OBJECT && compressionType === CompressionType.GZIP && !data.acceptEula) {
      return { modelDataUrl: data.uri };
    }
    return {
      modelDataSource: {
        s3DataSource: {
          s3Uri: data.uri,
          s3DataType,
          compressionType,
          modelAccessConfig: data.acceptEula ? { acceptEula: true } : undefined,
        },
      },
    };
  }

  private renderPrimaryContainer(): CfnModel.ContainerDefinitionProperty | undefined {
    return this.containers.length === 1 ? this.containers[0].property : undefined;
  }

  private renderContainers(): CfnModel.ContainerDefinitionProperty[] | undefined {
    return this.containers.length > 1 ? this.containers.map(c => c.property) : undefined;
  }

  private configureNetworking(props: ModelProps): ec2.Connections | undefined {
    if (!props.vpc) {
      return undefined;
    }
    const securityGroups = props.securityGroups && props.securityGroups.length > 0
      ? props.securityGroups
      : [new ec2.SecurityGroup(this, 'SecurityGroup', { vpc: props.vpc, allowAllOutbound: props.allowAllOutbound })];
    return new ec2.Connections({ securityGroups });
  }

  private renderVpcConfig(): CfnModel.VpcConfigProperty | undefined {
    if (!this._connections || !this.subnets) {
      return undefined;
    }
    return {
      subnets: this.subnets.subnetIds,
      securityGroupIds: this._connections.securityGroups.map(s => s.securityGroupId),
    };
  }

  /**
   * The execution role: logs and metrics here; ECR and S3 access are granted by the images and
   * model data when they bind; EC2 network-interface actions only for a model in a VPC.
   */
  private createSageMakerRole(inVpc: boolean): iam.IRole {
    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('sagemaker.amazonaws.com'),
      description: 'Execution role of a SageMaker model (least privilege, cdk-sagemaker-hosting)',
    });
    const stack = cdk.Stack.of(this);
    // Statements whose resource must be '*' or a wildcard live in their own policy, with the
    // reasons a cdk-nag (AwsSolutions-IAM5) reviewer needs; what users add goes to DefaultPolicy.
    const policy = new iam.Policy(role, 'AccountWidePolicy', { roles: [role] });
    this.accountWidePolicy = policy;
    this.wildcards = new WildcardAcknowledgements(policy.node.defaultChild!);
    this.wildcards.add('*', 'cloudwatch:PutMetricData, ecr:GetAuthorizationToken and the EC2 network-interface '
      + 'actions of a model in a VPC have no resource type in IAM, so "*" is the only resource they accept.');
    const logGroups = stack.formatArn({
      service: 'logs',
      resource: 'log-group',
      resourceName: '/aws/sagemaker/Endpoints/*',
      arnFormat: cdk.ArnFormat.COLON_RESOURCE_NAME,
    });
    this.wildcards.add(logGroups, 'SageMaker names the log group of each endpoint /aws/sagemaker/Endpoints/'
      + '<endpoint-name>, and the model does not know the endpoints that will host it: the role may write only '
      + 'below that prefix.');
    policy.addStatements(new iam.PolicyStatement({
      sid: 'EndpointLogs',
      actions: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
      resources: [logGroups],
    }));
    policy.addStatements(new iam.PolicyStatement({
      sid: 'EndpointMetrics',
      // cloudwatch:PutMetricData has no resource type: '*' is the only possible resource.
      actions: ['cloudwatch:PutMetricData'],
      resources: ['*'],
    }));
    if (inVpc) {
      policy.addStatements(new iam.PolicyStatement({
        sid: 'VpcNetworkInterfaces',
        // These EC2 actions take no resource-level permissions for SageMaker's use.
        actions: [
          'ec2:CreateNetworkInterface',
          'ec2:CreateNetworkInterfacePermission',
          'ec2:DeleteNetworkInterface',
          'ec2:DeleteNetworkInterfacePermission',
          'ec2:DescribeNetworkInterfaces',
          'ec2:DescribeVpcs',
          'ec2:DescribeDhcpOptions',
          'ec2:DescribeSubnets',
          'ec2:DescribeSecurityGroups',
        ],
        resources: ['*'],
      }));
    }
    return role;
  }
}

class ImportedModel extends ModelBase {
  public readonly modelArn: string;
  public readonly modelName: string;
  public readonly role?: iam.IRole;
  public readonly grantPrincipal: iam.IPrincipal;

  constructor(scope: Construct, id: string, attrs: ModelAttributes, modelName?: string) {
    super(scope, id, { environmentFromArn: attrs.modelArn });
    this.modelArn = attrs.modelArn;
    this.modelName = modelName
      ?? cdk.Stack.of(scope).splitArn(attrs.modelArn, cdk.ArnFormat.SLASH_RESOURCE_NAME).resourceName!;
    this.role = attrs.role;
    this.grantPrincipal = attrs.role ?? new iam.UnknownPrincipal({ resource: this });
    if (attrs.securityGroups) {
      this._connections = new ec2.Connections({ securityGroups: attrs.securityGroups });
    }
  }
}
