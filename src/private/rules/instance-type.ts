import { Token } from 'aws-cdk-lib';
import { problem, RuleSet } from './rule';

/*
 * The rules of `InstanceType.of()` and `AcceleratorType.of()`. A leaf module: the instance type
 * constants are built while the library loads.
 */

/** `InstanceType.of()` (SageMaker API ProductionVariant InstanceType: custom values are only checked for `ml.`). */
export const INSTANCE_TYPE: RuleSet<string> = {
  name: 'Instance type',
  rules: [{
    id: 'instanceType.prefix',
    source: 'SageMaker API ProductionVariant InstanceType (custom values: validate only ^ml\\.) (https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_ProductionVariant.html)',
    check: type => !Token.isUnresolved(type) && !type.startsWith('ml.')
      ? problem('InstanceType: instance type must start with \'ml.\'', 'instanceType', `'${type}'`,
        'a SageMaker hosting instance type such as \'ml.m5.large\'')
      : undefined,
  }],
};

/** `AcceleratorType.of()` (deprecated; a variant with any accelerator type is rejected, SageMaker API ProductionVariant). */
export const ACCELERATOR_TYPE: RuleSet<string> = {
  name: 'Accelerator type',
  cfn: 'it checks AcceleratorType.of(); a variant with AcceleratorType is reported by instanceVariant.acceleratorType',
  rules: [{
    id: 'acceleratorType.prefix',
    source: 'SageMaker API ProductionVariantAcceleratorType (ml.eia*) (https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_ProductionVariant.html)',
    check: type => !Token.isUnresolved(type) && !type.startsWith('ml.')
      ? problem('AcceleratorType: accelerator type must start with \'ml.\'', 'acceleratorType', `'${type}'`,
        'an Elastic Inference type such as \'ml.eia2.medium\'')
      : undefined,
  }],
};
