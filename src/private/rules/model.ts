import * as cdk from 'aws-cdk-lib';
import { ContainerMode, InferenceExecutionMode } from '../../container-definition';
import type { ModelProps } from '../../model';
import type { BoundContainer } from '../container';
import { checkCount, checkString, literal, show, STRING_RULES } from '../validation';
import { MODEL_LIMITS, range } from './limits';
import { problem, py, RuleSet } from './rule';
import { RenderedTag, tagRules } from './tags';

/*
 * The rules of AWS::SageMaker::Model as a whole (CloudFormation AWS::SageMaker::Model, SageMaker API CreateModel, SageMaker Developer Guide): the model's
 * props when it is constructed, and the model at synth, once every container and tag is known.
 * A container's own rules are in rules/container.ts.
 */

/** The ID formats of the CloudFormation schema (`AWS::EC2::SecurityGroup.Id`, `AWS::EC2::Subnet.Id`). */
const SECURITY_GROUP_ID = /^sg-([a-fA-F0-9]{8}|[a-fA-F0-9]{17})$/;
const SUBNET_ID = /^subnet-([a-fA-F0-9]{8}|[a-fA-F0-9]{17})$/;
/** `ExecutionRoleArn` (S-Model, API `RoleArn`). */
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/?[a-zA-Z_0-9+=,.@\-_/]+$/;

/** What the rules of a model's props read (the construct's props; a role by its ARN). */
export interface ModelPropsInput extends Pick<ModelProps, 'modelName' | 'vpc' | 'securityGroups' | 'allowAllOutbound' | 'vpcSubnets'> {
  readonly role?: { readonly roleArn: string };
}

export const MODEL_PROPS: RuleSet<ModelPropsInput> = {
  name: 'Model props',
  rules: [
    {
      id: 'model.modelName',
      source: 'CloudFormation AWS::SageMaker::Model ModelName (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-sagemaker-model.html)',
      check: props => checkString('modelName', props.modelName, STRING_RULES.modelName),
    },
    {
      id: 'model.modelName.fixedModelName',
      source: 'CloudFormation AWS::SageMaker::Model all properties are createOnly (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-sagemaker-model.html)',
      severity: 'warning',
      check: props => props.modelName === undefined ? undefined
        : `${py('modelName')} is set to ${show(props.modelName)}: every change to this model replaces it, and `
        + 'CloudFormation cannot replace a resource that has a fixed name (the update fails). Leave '
        + 'modelName unset to let CloudFormation generate one.',
    },
    {
      id: 'model.role.arn',
      source: 'CloudFormation AWS::SageMaker::Model ExecutionRoleArn (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-sagemaker-model.html)',
      check: props => {
        const arn = props.role?.roleArn;
        const { min, max } = MODEL_LIMITS.roleArnLength;
        if (!literal(arn) || (arn.length >= min && arn.length <= max && ROLE_ARN.test(arn))) {
          return undefined;
        }
        return problem('role must be an IAM role', 'role ARN', show(arn),
          `arn:<partition>:iam::<account>:role/<name> of ${range(MODEL_LIMITS.roleArnLength)} characters`);
      },
    },
    {
      id: 'model.vpc.required',
      cfn: 'CloudFormation\'s VpcConfig holds both its subnets and its security groups',
      source: '@aws-cdk/aws-sagemaker-alpha (VpcConfig needs subnets and security groups) (https://github.com/aws/aws-cdk/tree/main/packages/%40aws-cdk/aws-sagemaker-alpha)',
      check: props => {
        if (props.vpc || !(props.securityGroups || props.allowAllOutbound !== undefined || props.vpcSubnets)) {
          return undefined;
        }
        const given = [
          props.securityGroups ? 'securityGroups' : undefined,
          props.allowAllOutbound !== undefined ? `allowAllOutbound (${props.allowAllOutbound})` : undefined,
          props.vpcSubnets ? 'vpcSubnets' : undefined,
        ].filter(x => x !== undefined).join(', ');
        return problem('Cannot configure \'securityGroups\' or \'allowAllOutbound\' without configuring a VPC', 'vpc',
          `none with ${given}`, 'a vpc, or none of them');
      },
    },
    {
      id: 'model.allowAllOutbound',
      cfn: 'allowAllOutbound is a prop of the construct, not a CloudFormation property',
      source: '@aws-cdk/aws-sagemaker-alpha (allowAllOutbound only configures a security group the model creates) (https://github.com/aws/aws-cdk/tree/main/packages/%40aws-cdk/aws-sagemaker-alpha)',
      check: props => props.vpc && props.securityGroups && props.securityGroups.length > 0 && props.allowAllOutbound !== undefined
        ? problem('Configure \'allowAllOutbound\' directly on the supplied SecurityGroups', 'allowAllOutbound',
          `${props.allowAllOutbound} with securityGroups`, 'one of them')
        : undefined,
    },
  ],
};

/** The model at synth. */
export interface ModelInput {
  readonly inferenceExecutionMode?: InferenceExecutionMode;
  readonly containers: ReadonlyArray<ModelContainer>;
  /** The security groups and subnets of a model in a VPC. */
  readonly network?: { readonly securityGroupIds: string[]; readonly subnetIds: string[] };
  /** The resource's tags as it will be deployed with them (rendered once per validation). */
  readonly tags: readonly RenderedTag[];
}

/** What the rules of a model read of each container. */
export type ModelContainer = Pick<BoundContainer, 'index' | 'hostname' | 'mode' | 'environment'>;

/** Bytes of every environment key and value, or undefined when any of them is a token. */
function environmentBytes(containers: readonly ModelContainer[]): number | undefined {
  let total = 0;
  for (const c of containers) {
    if (!c.environment) {
      continue;
    }
    if (cdk.Token.isUnresolved(c.environment)) {
      return undefined;
    }
    for (const [k, v] of Object.entries(c.environment)) {
      if (cdk.Token.isUnresolved(k) || cdk.Token.isUnresolved(v)) {
        return undefined;
      }
      total += Buffer.byteLength(k, 'utf8') + Buffer.byteLength(String(v), 'utf8');
    }
  }
  return total;
}

const named = (containers: readonly ModelContainer[]) => containers.filter(c => c.hostname !== undefined);

function idFormat(property: string, ids: string[] | undefined, pattern: RegExp, allowed: string): string[] {
  return (ids ?? []).filter(id => literal(id) && !pattern.test(id))
    .map(id => problem(`${property} is not a valid ID`, property, show(id), allowed));
}

const CONTAINER_COUNT = range(MODEL_LIMITS.containers);

export const MODEL: RuleSet<ModelInput> = {
  name: 'Model',
  rules: [
    {
      id: 'model.containers.min',
      source: 'CloudFormation AWS::SageMaker::Model PrimaryContainer / Containers, SageMaker API CreateModel (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-sagemaker-model.html, https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_CreateModel.html)',
      check: ({ containers }) => containers.length < MODEL_LIMITS.containers.min
        ? problem('Must configure at least 1 container for model', 'containers', '0',
          `${CONTAINER_COUNT}: pass 'containers' or call ${py('addContainer()')}`)
        : undefined,
    },
    {
      id: 'model.containers.max',
      source: 'CloudFormation AWS::SageMaker::Model Containers: 0-15 items (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-sagemaker-model.html)',
      check: ({ containers }) => containers.length > MODEL_LIMITS.containers.max
        ? problem(`Cannot have more than ${MODEL_LIMITS.containers.max} containers in inference pipeline`, 'containers',
          String(containers.length), CONTAINER_COUNT)
        : undefined,
    },
    {
      id: 'model.containerHostname.all',
      source: 'SageMaker API ContainerDefinition (a hostname on one pipeline container needs one on each) (https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_ContainerDefinition.html)',
      check: ({ containers }) => {
        const count = named(containers).length;
        if (containers.length < 2 || count === 0 || count === containers.length) {
          return undefined;
        }
        const missing = containers.filter(c => c.hostname === undefined).map(c => c.index);
        return problem('containerHostname must be set on every container of a multi-container model once one has it',
          'containerHostname', `none on containers ${missing.join(', ')}`, 'a hostname on every container, or on none');
      },
    },
    {
      id: 'model.containerHostname.unique',
      source: 'SageMaker API ContainerDefinition (hostnames unique) (https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_ContainerDefinition.html)',
      check: ({ containers }) => {
        const hostnames = named(containers).map(c => c.hostname!).filter(h => !cdk.Token.isUnresolved(h));
        const duplicates = [...new Set(hostnames.filter((h, i) => hostnames.indexOf(h) !== i))];
        return containers.length > 1 && duplicates.length > 0
          ? problem('containerHostname must be unique within a model', 'containerHostname',
            `${duplicates.map(show).join(', ')} more than once`, 'one container per hostname')
          : undefined;
      },
    },
    {
      id: 'model.inferenceExecutionMode.directHostnames',
      source: 'SageMaker API InferenceExecutionConfig (Direct invocation targets a container by hostname) (https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_InferenceExecutionConfig.html)',
      check: ({ inferenceExecutionMode, containers }) => containers.length > 1
        && inferenceExecutionMode === InferenceExecutionMode.DIRECT && named(containers).length < containers.length
        ? problem('inferenceExecutionMode InferenceExecutionMode.DIRECT requires a unique containerHostname on every container, '
          + 'since requests name their target container by hostname', 'containerHostname',
        `${named(containers).length} of ${containers.length} containers named`, 'a hostname on every container')
        : undefined,
    },
    {
      id: 'model.inferenceExecutionMode.containers',
      source: 'SageMaker API InferenceExecutionConfig (InferenceExecutionConfig only with Containers) (https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_InferenceExecutionConfig.html)',
      check: ({ inferenceExecutionMode, containers }) => inferenceExecutionMode !== undefined && containers.length < 2
        ? problem('inferenceExecutionMode is only allowed with 2 or more containers', 'inferenceExecutionMode',
          `${show(inferenceExecutionMode)} with ${containers.length} container(s)`, `with 2 to ${MODEL_LIMITS.containers.max} containers`)
        : undefined,
    },
    {
      id: 'model.mode.multiModel',
      source: 'SageMaker Developer Guide (at most one MultiModel container) (https://docs.aws.amazon.com/sagemaker/latest/dg/multi-model-endpoints.html)',
      check: ({ containers }) => {
        const multiModel = containers.filter(c => c.mode === ContainerMode.MULTI_MODEL);
        return multiModel.length > 1
          ? problem('at most one container of a model can have mode ContainerMode.MULTI_MODEL', 'mode',
            `${multiModel.length} multi-model containers, containers ${multiModel.map(c => c.index).join(', ')}`, 'at most 1')
          : undefined;
      },
    },
    {
      id: 'model.environment.totalBytes',
      source: 'CloudFormation AWS::SageMaker::Model ContainerDefinition Environment: all maps together up to 32 KB (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-sagemaker-model-containerdefinition.html)',
      check: ({ containers }) => {
        const total = environmentBytes(containers);
        return total !== undefined && total > MODEL_LIMITS.environmentTotalBytes
          ? problem('the environment maps of all containers together are too large', 'environment',
            `${total} bytes of keys and values`, `at most 32 KB, ${MODEL_LIMITS.environmentTotalBytes} bytes`)
          : undefined;
      },
    },
    {
      id: 'model.securityGroups.count',
      source: 'CloudFormation AWS::SageMaker::Model VpcConfig.SecurityGroupIds: 1-5 items (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-sagemaker-model.html)',
      check: ({ network }) => network && checkCount('securityGroups', network.securityGroupIds,
        MODEL_LIMITS.securityGroups.min, MODEL_LIMITS.securityGroups.max),
    },
    {
      id: 'model.securityGroups.id',
      source: 'CloudFormation AWS::SageMaker::Model VpcConfig.SecurityGroupIds items (CloudFormation format AWS::EC2::SecurityGroup.Id) (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-sagemaker-model.html)',
      check: ({ network }) => idFormat('securityGroups security group id', network?.securityGroupIds,
        SECURITY_GROUP_ID, '\'sg-\' followed by 8 or 17 hexadecimal digits'),
    },
    {
      id: 'model.vpcSubnets.count',
      source: 'CloudFormation AWS::SageMaker::Model VpcConfig.Subnets: 1-16 items (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-sagemaker-model.html)',
      check: ({ network }) => network && checkCount('vpcSubnets (selected subnets)', network.subnetIds,
        MODEL_LIMITS.subnets.min, MODEL_LIMITS.subnets.max),
    },
    {
      id: 'model.vpcSubnets.id',
      source: 'CloudFormation AWS::SageMaker::Model VpcConfig.Subnets items (CloudFormation format AWS::EC2::Subnet.Id) (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-sagemaker-model.html)',
      check: ({ network }) => idFormat('vpcSubnets subnet id', network?.subnetIds,
        SUBNET_ID, '\'subnet-\' followed by 8 or 17 hexadecimal digits'),
    },
    ...tagRules<ModelInput>('model', input => input.tags),
  ],
};
