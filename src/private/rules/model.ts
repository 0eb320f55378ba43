import * as cdk from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { CfnModel } from 'aws-cdk-lib/aws-sagemaker';
import { ContainerMode, InferenceExecutionMode } from '../../container-definition';
import type { ModelProps } from '../../model';
import type { BoundContainer } from '../container';
import { checkCount, checkString, literal, show, STRING_RULES } from '../validation';
import { MODEL_LIMITS, range } from './limits';
import { problem, py, RuleSet } from './rule';
import { tagRules } from './tags';

/*
 * The rules of AWS::SageMaker::Model as a whole (sagemaker-constraints.md §1, C1-C4): the model's
 * props when it is constructed, and the model at synth, once every container and tag is known.
 * A container's own rules are in rules/container.ts.
 */

/** The ID formats of the CloudFormation schema (`AWS::EC2::SecurityGroup.Id`, `AWS::EC2::Subnet.Id`). */
const SECURITY_GROUP_ID = /^sg-([a-fA-F0-9]{8}|[a-fA-F0-9]{17})$/;
const SUBNET_ID = /^subnet-([a-fA-F0-9]{8}|[a-fA-F0-9]{17})$/;
/** `ExecutionRoleArn` (S-Model, API `RoleArn`). */
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/?[a-zA-Z_0-9+=,.@\-_/]+$/;

export const MODEL_PROPS: RuleSet<ModelProps> = {
  name: 'Model props',
  rules: [
    {
      id: 'model.modelName',
      source: '§1 ModelName',
      check: props => checkString('modelName', props.modelName, STRING_RULES.modelName),
    },
    {
      id: 'model.modelName.fixedModelName',
      source: '§1 all properties are createOnly',
      severity: 'warning',
      check: props => props.modelName === undefined ? undefined
        : `${py('modelName')} is set to ${show(props.modelName)}: every change to this model replaces it, and `
        + 'CloudFormation cannot replace a resource that has a fixed name (the update fails). Leave '
        + 'modelName unset to let CloudFormation generate one.',
    },
    {
      id: 'model.role.arn',
      source: '§1 ExecutionRoleArn',
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
      source: 'alpha (VpcConfig needs subnets and security groups)',
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
      source: 'alpha (allowAllOutbound only configures a security group the model creates)',
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
  readonly containers: readonly BoundContainer[];
  /** The security groups and subnets of a model in a VPC. */
  readonly network?: { readonly securityGroups: ec2.ISecurityGroup[]; readonly subnetIds: string[] };
  readonly resource: CfnModel;
}

/** Bytes of every environment key and value, or undefined when any of them is a token. */
function environmentBytes(containers: readonly BoundContainer[]): number | undefined {
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

const named = (containers: readonly BoundContainer[]) => containers.filter(c => c.hostname !== undefined);

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
      source: '§1 PrimaryContainer / Containers, C1',
      check: ({ containers }) => containers.length < MODEL_LIMITS.containers.min
        ? problem('Must configure at least 1 container for model', 'containers', '0',
          `${CONTAINER_COUNT}: pass 'containers' or call ${py('addContainer()')}`)
        : undefined,
    },
    {
      id: 'model.containers.max',
      source: '§1 Containers: 0-15 items',
      check: ({ containers }) => containers.length > MODEL_LIMITS.containers.max
        ? problem(`Cannot have more than ${MODEL_LIMITS.containers.max} containers in inference pipeline`, 'containers',
          String(containers.length), CONTAINER_COUNT)
        : undefined,
    },
    {
      id: 'model.containerHostname.all',
      source: 'C3 (a hostname on one pipeline container needs one on each)',
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
      source: 'C3 (hostnames unique)',
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
      source: 'C2 (Direct invocation targets a container by hostname)',
      check: ({ inferenceExecutionMode, containers }) => containers.length > 1
        && inferenceExecutionMode === InferenceExecutionMode.DIRECT && named(containers).length < containers.length
        ? problem('inferenceExecutionMode InferenceExecutionMode.DIRECT requires a unique containerHostname on every container, '
          + 'since requests name their target container by hostname', 'containerHostname',
        `${named(containers).length} of ${containers.length} containers named`, 'a hostname on every container')
        : undefined,
    },
    {
      id: 'model.inferenceExecutionMode.containers',
      source: 'C2 (InferenceExecutionConfig only with Containers)',
      check: ({ inferenceExecutionMode, containers }) => inferenceExecutionMode !== undefined && containers.length < 2
        ? problem('inferenceExecutionMode is only allowed with 2 or more containers', 'inferenceExecutionMode',
          `${show(inferenceExecutionMode)} with ${containers.length} container(s)`, `with 2 to ${MODEL_LIMITS.containers.max} containers`)
        : undefined,
    },
    {
      id: 'model.mode.multiModel',
      source: 'C4 (at most one MultiModel container)',
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
      source: '§1.1 Environment: all maps together up to 32 KB',
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
      source: '§1 VpcConfig.SecurityGroupIds: 1-5 items',
      check: ({ network }) => network && checkCount('securityGroups', network.securityGroups,
        MODEL_LIMITS.securityGroups.min, MODEL_LIMITS.securityGroups.max),
    },
    {
      id: 'model.securityGroups.id',
      source: '§1 VpcConfig.SecurityGroupIds items (CloudFormation format AWS::EC2::SecurityGroup.Id)',
      check: ({ network }) => idFormat('securityGroups security group id', network?.securityGroups.map(sg => sg.securityGroupId),
        SECURITY_GROUP_ID, '\'sg-\' followed by 8 or 17 hexadecimal digits'),
    },
    {
      id: 'model.vpcSubnets.count',
      source: '§1 VpcConfig.Subnets: 1-16 items',
      check: ({ network }) => network && checkCount('vpcSubnets (selected subnets)', network.subnetIds,
        MODEL_LIMITS.subnets.min, MODEL_LIMITS.subnets.max),
    },
    {
      id: 'model.vpcSubnets.id',
      source: '§1 VpcConfig.Subnets items (CloudFormation format AWS::EC2::Subnet.Id)',
      check: ({ network }) => idFormat('vpcSubnets subnet id', network?.subnetIds,
        SUBNET_ID, '\'subnet-\' followed by 8 or 17 hexadecimal digits'),
    },
    ...tagRules<ModelInput>('model', input => input.resource),
  ],
};
