import { Resource, Token } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { nameFromArn } from './private/arn';
import { MODEL_PACKAGE } from './private/rules/model-package';
import { enforce } from './private/rules/rule';

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
   * The name of the model package.
   *
   * @attribute
   */
  readonly modelPackageName: string;
}

/**
 * A model package used by a container instead of an image and model data.
 *
 * SageMaker takes the inference image and artifacts from the package. The model's role is not
 * granted anything for it: for a package of your own Model Registry, grant the role pull on the
 * package's ECR repository and read on its artifacts with `model.addToRolePolicy()`.
 *
 * @see https://docs.aws.amazon.com/sagemaker/latest/dg/sagemaker-mkt-model-pkg-model.html
 */
export class ModelPackage extends Resource implements IModelPackage {
  /**
   * Reference a model package by ARN, for example
   * `arn:aws:sagemaker:us-east-1:123456789012:model-package/my-package/3`.
   *
   * @param scope the scope
   * @param id the construct id
   * @param modelPackageArn the model package ARN
   */
  public static fromModelPackageArn(scope: Construct, id: string, modelPackageArn: string): IModelPackage {
    return new ModelPackage(scope, id, modelPackageArn);
  }

  /** @attribute */
  public readonly modelPackageArn: string;
  /** @attribute */
  public readonly modelPackageName: string;

  private constructor(scope: Construct, id: string, modelPackageArn: string) {
    const parsable = !Token.isUnresolved(modelPackageArn) && modelPackageArn.startsWith('arn:')
      && modelPackageArn.split(':').length >= 6;
    super(scope, id, parsable ? { environmentFromArn: modelPackageArn } : {});
    enforce(this, MODEL_PACKAGE, modelPackageArn);
    this.modelPackageArn = modelPackageArn;
    this.modelPackageName = nameFromArn(modelPackageArn).split('/')[0];
  }
}
