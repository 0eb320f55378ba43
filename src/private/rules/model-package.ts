import { checkString, literal, STRING_RULES } from '../validation';
import { problem, RuleSet } from './rule';

/* The rules of `ModelPackage.fromModelPackageArn()` (CloudFormation AWS::SageMaker::Model ContainerDefinition ModelPackageName). */

const valid = (arn: string) => checkString('', arn, STRING_RULES.modelPackageArn) === undefined;

export const MODEL_PACKAGE: RuleSet<string> = {
  name: 'Model package',
  rules: [
    {
      id: 'modelPackage.modelPackageArn',
      source: 'CloudFormation AWS::SageMaker::Model ContainerDefinition ModelPackageName (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-sagemaker-model-containerdefinition.html)',
      check: arn => checkString('modelPackageArn', arn, STRING_RULES.modelPackageArn),
    },
    {
      id: 'modelPackage.modelPackageArn.arn',
      source: 'SageMaker API ContainerDefinition ModelPackageName (an ARN, so that the account and region are known) (https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_ContainerDefinition.html)',
      check: arn => literal(arn) && !arn.startsWith('arn:') && valid(arn)
        ? problem('modelPackageArn must be an ARN, not a name', 'modelPackageArn', `'${arn}'`,
          'arn:<partition>:sagemaker:<region>:<account>:model-package/<name>[/<version>]')
        : undefined,
    },
    {
      id: 'modelPackage.modelPackageArn.resourceType',
      source: 'CloudFormation AWS::SageMaker::Model ContainerDefinition ModelPackageName (a model package, not another SageMaker resource) (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-sagemaker-model-containerdefinition.html)',
      check: arn => {
        if (!literal(arn) || !arn.startsWith('arn:') || !valid(arn)) {
          return undefined;
        }
        const resourceType = arn.split(':')[5].split('/')[0];
        return resourceType === 'model-package' ? undefined
          : problem('modelPackageArn must name a model package', 'modelPackageArn resource type',
            `'${resourceType}' in '${arn}'`, '\'model-package\'');
      },
    },
  ],
};
