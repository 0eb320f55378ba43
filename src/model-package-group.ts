import * as cdk from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import { CfnModelPackageGroup } from 'aws-cdk-lib/aws-sagemaker';
import { propertyInjectable } from 'aws-cdk-lib/core/lib/prop-injectable';
import { Construct } from 'constructs';
import { registryArns, sagemakerArnForName } from './private/arn';
import { brand, BRANDS, hasBrand } from './private/facts';
import { whenPrepared } from './private/prepare';
import { registeredVersions } from './private/registry';
import { MODEL_PACKAGE_GROUP, MODEL_PACKAGE_GROUP_PROPS } from './private/rules/model-package-group';
import { enforce, validation } from './private/rules/rule';
import { renderedTags } from './private/rules/tags';

/**
 * A Model Package Group of the SageMaker Model Registry: the versions of one model.
 */
export interface IModelPackageGroup extends cdk.IResource {
  /**
   * The name of the model package group.
   *
   * @attribute
   */
  readonly modelPackageGroupName: string;

  /**
   * The ARN of the model package group.
   *
   * @attribute
   */
  readonly modelPackageGroupArn: string;

  /**
   * Grant a principal of this account what reading the group and its versions takes:
   * `sagemaker:DescribeModelPackageGroup`, `sagemaker:ListModelPackages` and
   * `sagemaker:DescribeModelPackage` on this group and its versions, nothing else.
   *
   * @param grantee the principal
   */
  grantRead(grantee: iam.IGrantable): iam.Grant;

  /**
   * Let a principal (typically `iam.AccountPrincipal` of another account) deploy this group's
   * versions: the describe and list actions on the group and its versions, in the group's resource
   * policy (and in the principal's own policy when it is a role of this app).
   *
   * The versions' images and model data stay where they are: their repository, bucket and key must
   * allow that account too. For a version registered in this app (`new ModelPackage`) whose
   * repository, bucket or key is defined in this app, the library adds those statements as well.
   *
   * @param principal the principal that deploys (an account, or a role of it)
   */
  grantDeploy(principal: iam.IPrincipal): iam.Grant;

  /**
   * An EventBridge rule for the approval-state changes of this group's versions
   * (`SageMaker Model Package State Change`, source `aws.sagemaker`).
   *
   * @param id the construct id of the rule
   * @param options the rule's options (target, description, more event pattern)
   */
  onApprovalStateChange(id: string, options?: events.OnEventOptions): events.Rule;
}

/**
 * Properties of a `ModelPackageGroup`.
 */
export interface ModelPackageGroupProps {
  /**
   * The name of the group: up to 63 characters, letters, digits and hyphens. CloudFormation cannot
   * change it without replacing the group (a warning).
   *
   * @default - a unique name generated from the construct path (CloudFormation requires a name)
   */
  readonly modelPackageGroupName?: string;

  /**
   * A description of the group (up to 1024 characters). CloudFormation cannot change it without
   * replacing the group (a warning).
   *
   * @default - none
   */
  readonly description?: string;

  /**
   * What happens to the group when it leaves the stack. The group holds the versions your training
   * pipelines registered, which CloudFormation does not know; SageMaker does not delete a group
   * that still has versions.
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: cdk.RemovalPolicy;
}

/** What reading the group and its versions takes. */
const READ_ACTIONS = ['sagemaker:DescribeModelPackageGroup', 'sagemaker:ListModelPackages', 'sagemaker:DescribeModelPackage'];

abstract class ModelPackageGroupBase extends cdk.Resource implements IModelPackageGroup {
  public abstract readonly modelPackageGroupName: string;
  public abstract readonly modelPackageGroupArn: string;

  /**
   * The ARNs a grant names: the group and its versions (`model-package/<group>/*`), from the name as
   * SageMaker writes it in ARNs (lower case), so that a resource policy never references its own group.
   */
  private grantArns(): string[] {
    return registryArns(this, this.modelPackageGroupName, this.env);
  }

  public grantRead(grantee: iam.IGrantable): iam.Grant {
    return iam.Grant.addToPrincipal({
      grantee,
      actions: READ_ACTIONS,
      resourceArns: this.grantArns(),
    });
  }

  public grantDeploy(principal: iam.IPrincipal): iam.Grant {
    // The images and data of the versions registered in the app (also those registered later): the
    // principal is granted them as a model's role is, so a repository, bucket or key of the app in
    // another account than the principal's gets the statement in its policy.
    whenPrepared(this, () => {
      for (const version of registeredVersions(this)) {
        for (const image of version.sources?.images ?? []) {
          image.bindForGrantee(version, { grantPrincipal: principal });
        }
        for (const data of version.sources?.modelData ?? []) {
          data.bindForGrantee(version, { grantPrincipal: principal });
        }
      }
    });
    return iam.Grant.addToPrincipalOrResource({
      grantee: principal,
      actions: READ_ACTIONS,
      resourceArns: this.grantArns(),
      resource: this.policyResource(),
    });
  }

  public onApprovalStateChange(id: string, options: events.OnEventOptions = {}): events.Rule {
    const rule = new events.Rule(this, id, options);
    rule.addEventPattern({
      source: ['aws.sagemaker'],
      detailType: ['SageMaker Model Package State Change'],
      detail: { ModelPackageGroupName: [this.modelPackageGroupName] },
    });
    rule.addTarget(options.target);
    return rule;
  }

  /** The resource whose policy takes a grant's resource side. */
  protected abstract policyResource(): iam.IResourceWithPolicy;
}

/**
 * A Model Package Group (`AWS::SageMaker::ModelPackageGroup`): where a model's versions are
 * registered, approved and deployed from.
 */
@propertyInjectable
export class ModelPackageGroup extends ModelPackageGroupBase implements iam.IResourceWithPolicy {
  /** Uniquely identifies this class (property injection). */
  public static readonly PROPERTY_INJECTION_ID: string = 'cdk-sagemaker-hosting.ModelPackageGroup';

  /**
   * Whether `x` is a ModelPackageGroup of this library (also one made by another copy of the package).
   *
   * @param x any object
   */
  public static isModelPackageGroup(x: any): x is ModelPackageGroup {
    return hasBrand(x, BRANDS.modelPackageGroup);
  }

  /**
   * Reference a group of this stack's account and region by name.
   *
   * @param scope the scope
   * @param id the construct id
   * @param modelPackageGroupName the group's name
   */
  public static fromModelPackageGroupName(scope: Construct, id: string, modelPackageGroupName: string): IModelPackageGroup {
    enforce(scope, MODEL_PACKAGE_GROUP_PROPS, { modelPackageGroupName });
    return new ImportedModelPackageGroup(scope, id, modelPackageGroupName,
      sagemakerArnForName(scope, 'model-package-group', modelPackageGroupName));
  }

  /**
   * Reference a group by ARN (`arn:<partition>:sagemaker:<region>:<account>:model-package-group/<name>`),
   * of any account and region.
   *
   * @param scope the scope
   * @param id the construct id
   * @param modelPackageGroupArn the group's ARN
   */
  public static fromModelPackageGroupArn(scope: Construct, id: string, modelPackageGroupArn: string): IModelPackageGroup {
    enforce(scope, MODEL_PACKAGE_GROUP_PROPS, { modelPackageGroupArn });
    const name = cdk.Arn.split(modelPackageGroupArn, cdk.ArnFormat.SLASH_RESOURCE_NAME).resourceName!;
    return new ImportedModelPackageGroup(scope, id, name, modelPackageGroupArn);
  }

  /** @attribute */
  public readonly modelPackageGroupName: string;
  /** @attribute */
  public readonly modelPackageGroupArn: string;

  private readonly policy = new iam.PolicyDocument();

  constructor(scope: Construct, id: string, props: ModelPackageGroupProps = {}) {
    super(scope, id, {
      // SageMaker writes names in lower case in ARNs, which IAM compares case-sensitively: a
      // generated name is lower case, so that the ARNs of grants match it.
      physicalName: props.modelPackageGroupName ?? cdk.Lazy.string({
        produce: () => cdk.Names.uniqueResourceName(this, { maxLength: 63, separator: '-' }).toLowerCase(),
      }),
    });
    enforce(this, MODEL_PACKAGE_GROUP_PROPS, {
      modelPackageGroupName: props.modelPackageGroupName,
      description: props.description,
    });
    const resource = new CfnModelPackageGroup(this, 'ModelPackageGroup', {
      modelPackageGroupName: this.physicalName,
      modelPackageGroupDescription: props.description,
      modelPackageGroupPolicy: cdk.Lazy.any({ produce: () => this.policy.isEmpty ? undefined : this.policy.toJSON() }),
    });
    resource.applyRemovalPolicy(props.removalPolicy ?? cdk.RemovalPolicy.RETAIN);
    // `Ref` is the ARN; the name has no attribute.
    this.modelPackageGroupName = this.physicalName;
    this.modelPackageGroupArn = this.getResourceArnAttribute(resource.attrModelPackageGroupArn, {
      service: 'sagemaker',
      resource: 'model-package-group',
      resourceName: this.physicalName,
    });
    this.node.addValidation(validation(this, [MODEL_PACKAGE_GROUP], () => ({
      tags: renderedTags(resource),
    })));
    brand(this, BRANDS.modelPackageGroup);
  }

  /**
   * Add a statement to the group's resource policy (`ModelPackageGroupPolicy`).
   *
   * @param statement the statement, with its principal
   */
  public addToResourcePolicy(statement: iam.PolicyStatement): iam.AddToResourcePolicyResult {
    this.policy.addStatements(statement);
    return { statementAdded: true, policyDependable: this };
  }

  protected policyResource(): iam.IResourceWithPolicy {
    return this;
  }
}

/** A group defined elsewhere: its policy cannot be changed here. */
class ImportedModelPackageGroup extends ModelPackageGroupBase implements iam.IResourceWithPolicy {
  constructor(scope: Construct, id: string, public readonly modelPackageGroupName: string, public readonly modelPackageGroupArn: string) {
    super(scope, id, cdk.Token.isUnresolved(modelPackageGroupArn) ? {} : { environmentFromArn: modelPackageGroupArn });
  }

  public addToResourcePolicy(_statement: iam.PolicyStatement): iam.AddToResourcePolicyResult {
    return { statementAdded: false };
  }

  protected policyResource(): iam.IResourceWithPolicy {
    return this;
  }
}
