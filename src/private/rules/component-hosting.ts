import { checkCount, known, show } from '../validation';
import { COMPONENT_HOSTING_LIMITS as L, range } from './limits';
import { problem, py, RuleSet } from './rule';

/*
 * The rules of an EndpointConfig that hosts inference components (CloudFormation AWS::SageMaker::EndpointConfig
 * ExecutionRoleArn / VpcConfig / EnableNetworkIsolation, SageMaker API CreateEndpointConfig): checked at synth, once every variant
 * is known. Whether a variant being added fits the others (all name a model, or none does) is in
 * rules/production-variant.ts.
 */

/** What the rules read of the configuration at synth. */
export interface ComponentHostingInput {
  /** The production and shadow variants without a model. */
  readonly componentVariantNames: readonly string[];
  /** The production and shadow variants that name a model. */
  readonly modelVariantNames: readonly string[];
  readonly executionRole: boolean;
  readonly vpc: boolean;
  readonly networkIsolation?: boolean;
  /** The subnets `vpcSubnets` selects in `vpc` (a token list when not known). */
  readonly subnetIds?: readonly string[];
  readonly securityGroupCount?: number;
  readonly subnetsWithoutVpc: boolean;
  readonly securityGroupsWithoutVpc: boolean;
}

/** The component-only settings that are set, in words. */
function componentSettings(input: ComponentHostingInput): string[] {
  return [
    input.executionRole ? 'executionRole' : undefined,
    input.vpc ? 'vpc' : undefined,
    input.networkIsolation ? 'networkIsolation' : undefined,
  ].filter((s): s is string => s !== undefined);
}

export const COMPONENT_HOSTING: RuleSet<ComponentHostingInput> = {
  name: 'EndpointConfig hosting inference components',
  rules: [
    {
      id: 'endpointConfig.componentSettings.componentSettingsWithModels',
      source: 'SageMaker API CreateEndpointConfig (ExecutionRoleArn, VpcConfig, EnableNetworkIsolation are for inference-component endpoints) (https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_CreateEndpointConfig.html)',
      severity: 'warning',
      check: input => {
        const set = componentSettings(input);
        return set.length > 0 && input.componentVariantNames.length === 0 && input.modelVariantNames.length > 0
          ? `${set.map(py).join(', ')} ${set.length > 1 ? 'are' : 'is'} set, but the variants name models `
            + `(${input.modelVariantNames.map(show).join(', ')}): these settings are for variants that host inference `
            + 'components; a model-based endpoint uses each model\'s role, vpc and networkIsolation.'
          : undefined;
      },
    },
    {
      id: 'endpointConfig.vpcSubnets',
      cfn: 'CloudFormation\'s VpcConfig holds both its subnets and its security groups',
      source: '@aws-cdk/aws-sagemaker-alpha Model (subnets only with a VPC) (https://github.com/aws/aws-cdk/tree/main/packages/%40aws-cdk/aws-sagemaker-alpha)',
      check: ({ subnetsWithoutVpc }) => subnetsWithoutVpc
        ? problem('vpcSubnets needs vpc', 'vpcSubnets', 'a subnet selection without vpc', 'vpcSubnets only with vpc')
        : undefined,
    },
    {
      id: 'endpointConfig.securityGroups',
      cfn: 'CloudFormation\'s VpcConfig holds both its subnets and its security groups',
      source: '@aws-cdk/aws-sagemaker-alpha Model (security groups only with a VPC) (https://github.com/aws/aws-cdk/tree/main/packages/%40aws-cdk/aws-sagemaker-alpha)',
      check: ({ securityGroupsWithoutVpc }) => securityGroupsWithoutVpc
        ? problem('securityGroups needs vpc', 'securityGroups', 'security groups without vpc', 'securityGroups only with vpc')
        : undefined,
    },
    {
      id: 'endpointConfig.vpcSubnets.count',
      source: 'CloudFormation AWS::SageMaker::EndpointConfig VpcConfig.Subnets: 1-16 items (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-sagemaker-endpointconfig.html)',
      check: ({ subnetIds }) => checkCount('vpcSubnets', subnetIds, L.subnets.min, L.subnets.max),
    },
    {
      id: 'endpointConfig.securityGroups.count',
      source: 'CloudFormation AWS::SageMaker::EndpointConfig VpcConfig.SecurityGroupIds: 1-5 items (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-sagemaker-endpointconfig.html)',
      check: ({ securityGroupCount: count }) => known(count) && count > L.securityGroups.max
        ? problem(`securityGroups must have between ${L.securityGroups.min} and ${L.securityGroups.max} items`, 'securityGroups',
          `${count} items`, range(L.securityGroups))
        : undefined,
    },
  ],
};
