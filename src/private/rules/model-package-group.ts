import { checkString, literal, show } from '../validation';
import { NAME_LENGTH, range, REGISTRY_LIMITS } from './limits';
import { problem, py, RuleSet } from './rule';
import { RenderedTag, tagRules } from './tags';

/*
 * The rules of AWS::SageMaker::ModelPackageGroup (CloudFormation AWS::SageMaker::ModelPackageGroup,
 * SageMaker API CreateModelPackageGroup): the group's props and imports, and its tags at synth.
 */

const SOURCE = 'CloudFormation AWS::SageMaker::ModelPackageGroup (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-sagemaker-modelpackagegroup.html)';
const CFN = 'AWS::SageMaker::ModelPackageGroup is not one of the hosting resources HostingChecks reads';

/** What the rules of a group's props and imports read. */
export interface ModelPackageGroupPropsInput {
  readonly modelPackageGroupName?: string;
  readonly modelPackageGroupArn?: string;
  readonly description?: string;
}

const GROUP_NAME = {
  pattern: /^[a-zA-Z0-9](-*[a-zA-Z0-9])*$/,
  minLength: NAME_LENGTH.min,
  maxLength: NAME_LENGTH.max,
  what: 'a model package group name',
  allowed: `${range(NAME_LENGTH)} characters: letters, digits and hyphens, starting and ending with a letter or digit`,
};
const GROUP_ARN = /^arn:aws[a-z-]*:sagemaker:[a-z0-9-]+:[0-9]{12}:model-package-group\/[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/;
/** CreateModelPackageGroup `ModelPackageGroupDescription`: `[\p{L}\p{M}\p{Z}\p{S}\p{N}\p{P}]*`. */
const DESCRIPTION = /^[\p{L}\p{M}\p{Z}\p{S}\p{N}\p{P}]*$/u;

/** A description's problem (a model package group's or a model package's), or undefined. */
export function checkDescription(property: string, description: string | undefined): string | undefined {
  if (!literal(description)) {
    return undefined;
  }
  if (description.length > REGISTRY_LIMITS.descriptionLength || !DESCRIPTION.test(description)) {
    return problem(`${property} is not a valid description`, property, `${description.length} characters`,
      `up to ${REGISTRY_LIMITS.descriptionLength} characters: letters, marks, spaces, symbols, digits and punctuation (no control characters)`);
  }
  return undefined;
}

export const MODEL_PACKAGE_GROUP_PROPS: RuleSet<ModelPackageGroupPropsInput> = {
  name: 'Model package group props',
  cfn: CFN,
  rules: [
    {
      id: 'modelPackageGroup.modelPackageGroupName',
      source: SOURCE,
      check: props => checkString('modelPackageGroupName', props.modelPackageGroupName, GROUP_NAME),
    },
    {
      id: 'modelPackageGroup.modelPackageGroupArn',
      source: 'SageMaker API CreateModelPackageGroup ModelPackageGroupArn (https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_CreateModelPackageGroup.html)',
      check: ({ modelPackageGroupArn: arn }) => !literal(arn) || GROUP_ARN.test(arn) ? undefined
        : problem('modelPackageGroupArn must be the ARN of a model package group', 'modelPackageGroupArn', show(arn),
          'arn:<partition>:sagemaker:<region>:<account>:model-package-group/<name>'),
    },
    {
      id: 'modelPackageGroup.description',
      source: SOURCE,
      check: props => checkDescription('description', props.description),
    },
    {
      id: 'modelPackageGroup.modelPackageGroupName.fixedGroupName',
      source: 'CloudFormation AWS::SageMaker::ModelPackageGroup ModelPackageGroupName and ModelPackageGroupDescription: Update requires replacement (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-sagemaker-modelpackagegroup.html)',
      severity: 'warning',
      check: props => props.modelPackageGroupArn !== undefined || (props.modelPackageGroupName === undefined && props.description === undefined)
        ? undefined
        : `${[props.modelPackageGroupName !== undefined ? py('modelPackageGroupName') : undefined,
          props.description !== undefined ? 'description' : undefined].filter(x => x).join(' and ')} cannot change without `
        + 'replacing the group: CloudFormation would create a new group under the same name (which fails while the old one '
        + 'exists) and could not delete the old one while it holds versions. Decide them once.',
    },
  ],
};

/** What the rules of a group read at synth. */
export interface ModelPackageGroupInput {
  readonly tags: readonly RenderedTag[];
}

export const MODEL_PACKAGE_GROUP: RuleSet<ModelPackageGroupInput> = {
  name: 'Model package group',
  cfn: CFN,
  rules: tagRules('modelPackageGroup', input => input.tags),
};
