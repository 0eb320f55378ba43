import * as cdk from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { CfnModel, IModelRef, ModelReference } from 'aws-cdk-lib/aws-sagemaker';
import { propertyInjectable } from 'aws-cdk-lib/core/lib/prop-injectable';
import { Construct } from 'constructs';
import { ContainerDefinition, ContainerMode, InferenceExecutionMode } from './container-definition';
import { RepositoryAccessMode } from './container-image';
import { nameFromArn, sagemakerArnForName } from './private/arn';
import { BoundContainer, bindContainer } from './private/container';
import { dependOnUnreferenced } from './private/dependencies';
import { fail } from './private/errors';
import { createExecutionRole } from './private/execution-role';
import { brand, BRANDS, hasBrand, ModelFacts } from './private/facts';
import { MODEL, MODEL_PROPS } from './private/rules/model';
import { enforce, problem, validation } from './private/rules/rule';
import { renderedTags } from './private/rules/tags';
import { cleanUpNetworkInterfaces } from './private/teardown';

/** A feature of a model that some hosting kinds exclude, in words (see `Model.excludableFeatures`). */
interface ExcludableFeature {
  readonly feature: 'network' | 'pipeline' | 'multiModel' | 'registry' | 'dataSource';
  readonly text: string;
}

/**
 * Interface that defines a Model resource.
 */
export interface IModel extends cdk.IResource, iam.IGrantable, ec2.IConnectable, IModelRef {
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
   * Whether to release, when the stack deletes them, the network interfaces SageMaker leaves in the
   * model's security groups: the groups the library creates and those of `securityGroups` that the
   * model's stack creates get a `Custom::SageMakerNetworkInterfaceCleanup` resource, deleted after
   * the model and before the groups and subnets, whose function deletes the interfaces left detached
   * and waits (up to 15 minutes) for those still attached. Without it, deleting the stack can fail
   * on "has a dependent object". Imported groups never get one. Only with `vpc`.
   *
   * @default true
   */
  readonly networkInterfaceCleanup?: boolean;

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
   * A reference to this model for aws-cdk-lib constructs that take an `IModelRef`.
   */
  public get modelRef(): ModelReference {
    return { modelArn: this.modelArn };
  }

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
      fail(this, 'model.connections.vpc', problem('Cannot manage network access without configuring a VPC', 'vpc', 'none',
        'a model with a vpc, or an imported model with securityGroups (security_groups)'));
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
   * Whether `x` is a Model of this library (also one made by another copy of the package in the
   * same app).
   *
   * @param x any object
   */
  public static isModel(x: any): x is Model {
    return hasBrand(x, BRANDS.model);
  }

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
  public get modelArn(): string {
    // made on first use: most apps never read it, and an ARN attribute costs a reference and a lazy value
    return this.arn ??= this.getResourceArnAttribute(this.resource.ref, {
      service: 'sagemaker',
      resource: 'model',
      resourceName: this.physicalName,
    });
  }
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
  private readonly resource: CfnModel;
  private arn?: string;
  private readonly vpc?: ec2.IVpc;
  private readonly networkIsolation?: boolean;
  private readonly inferenceExecutionMode?: InferenceExecutionMode;

  constructor(scope: Construct, id: string, props: ModelProps = {}) {
    super(scope, id, { physicalName: props.modelName });

    enforce(this, MODEL_PROPS, props);

    this.vpc = props.vpc;
    this.networkIsolation = props.networkIsolation;
    this._connections = this.configureNetworking(props);
    this.subnets = props.vpc ? props.vpc.selectSubnets(props.vpcSubnets) : undefined;

    this.role = props.role ?? createExecutionRole(this, props.vpc !== undefined);
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
    this.resource = model;

    // CreateModel checks that the role can reach the image and data: create the role's policies
    // first (the role itself is referenced by ExecutionRoleArn).
    dependOnUnreferenced(model, this.role);
    if (this._connections && this.subnets && props.networkInterfaceCleanup !== false) {
      cleanUpNetworkInterfaces(model, this._connections.securityGroups, this.subnets.subnets);
    }

    this.node.addValidation(validation(this, [MODEL], () => ({
      inferenceExecutionMode: props.inferenceExecutionMode,
      containers: this.containers,
      network: this._connections && this.subnets
        ? { securityGroupIds: this._connections.securityGroups.map(sg => sg.securityGroupId), subnetIds: this.subnets.subnetIds }
        : undefined,
      tags: renderedTags(model),
    })));
    brand(this, BRANDS.model);
    this.inferenceExecutionMode = props.inferenceExecutionMode;
  }

  /**
   * What an endpoint configuration's rules need to know of this model, read when they run (so
   * containers added later count).
   *
   * @internal
   */
  public _modelFacts(): ModelFacts {
    const excludable = this.excludableFeatures();
    return {
      multiModel: this.containers.some(c => c.mode === ContainerMode.MULTI_MODEL),
      serverlessExclusions: excludable.map(f => f.text),
      shadowExclusions: excludable.filter(f => f.feature === 'pipeline' || f.feature === 'multiModel').map(f => f.text),
      modelPackages: this.containers.filter(c => c.property.modelPackageName !== undefined).map(c => `containers[${c.index}].modelPackage`),
      directHostnames: this.inferenceExecutionMode === InferenceExecutionMode.DIRECT
        ? this.containers.map(c => c.hostname ?? '') : undefined,
      served: this.containers.flatMap(c => c.served ? [c.served] : []),
      registeredPackages: this.containers.flatMap(c => c.registeredPackage ? [c.registeredPackage] : []),
    };
  }

  /**
   * Add containers to the model.
   *
   * The image and model data are bound (assets created, the role granted access) at once.
   *
   * @param container The container definition to add.
   */
  public addContainer(container: ContainerDefinition): void {
    this.containers.push(bindContainer(this, container, this.containers.length, this.vpc !== undefined, this.networkIsolation === true));
  }

  /**
   * What this model uses that some hosting kinds exclude, in words, tagged by feature: serverless
   * inference excludes all of them (SageMaker Developer Guide), shadow tests the pipeline and
   * multi-model ones (SageMaker Developer Guide).
   */
  private excludableFeatures(): ExcludableFeature[] {
    const found: ExcludableFeature[] = [];
    if (this.vpc) {
      found.push({ feature: 'network', text: 'a VPC (vpc)' });
    }
    if (this.networkIsolation) {
      found.push({ feature: 'network', text: 'network isolation (networkIsolation, network_isolation)' });
    }
    if (this.containers.length > 1) {
      found.push({ feature: 'pipeline', text: `${this.containers.length} containers (an inference pipeline or direct invocation)` });
    }
    for (const c of this.containers) {
      if (c.mode === ContainerMode.MULTI_MODEL) {
        found.push({ feature: 'multiModel', text: `a multi-model container (containers[${c.index}].mode MULTI_MODEL)` });
      }
      if (c.image?.repositoryAccessMode === RepositoryAccessMode.VPC) {
        found.push({ feature: 'registry', text: `a private registry image (containers[${c.index}], ContainerImage.fromRegistry)` });
      }
      if (c.property.modelDataSource !== undefined) {
        found.push({ feature: 'dataSource', text: `uncompressed or prefix model data (containers[${c.index}] ModelDataSource)` });
      }
    }
    return found;
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
}

class ImportedModel extends ModelBase {
  public readonly modelArn: string;
  public readonly modelName: string;
  public readonly role?: iam.IRole;
  public readonly grantPrincipal: iam.IPrincipal;

  constructor(scope: Construct, id: string, attrs: ModelAttributes, modelName?: string) {
    super(scope, id, { environmentFromArn: attrs.modelArn });
    this.modelArn = attrs.modelArn;
    this.modelName = modelName ?? nameFromArn(attrs.modelArn);
    this.role = attrs.role;
    this.grantPrincipal = attrs.role ?? new iam.UnknownPrincipal({ resource: this });
    if (attrs.securityGroups) {
      this._connections = new ec2.Connections({ securityGroups: attrs.securityGroups });
    }
  }
}
