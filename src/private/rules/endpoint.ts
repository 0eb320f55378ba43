import * as cdk from 'aws-cdk-lib';
import type { EndpointProps } from '../../endpoint';
import { envMismatch } from '../env';
import { checkString, literal, show, STRING_RULES } from '../validation';
import { ofVariant, problem, py, RuleSet } from './rule';
import { RenderedTag, tagRules } from './tags';

/* The rules of AWS::SageMaker::Endpoint (CloudFormation AWS::SageMaker::Endpoint, SageMaker API ContainerDefinition). */

/** The endpoint's props and its own environment. */
export interface EndpointPropsInput {
  /** What the rules read of the props: the name, and the configuration (not known to the CloudFormation door). */
  readonly props: Pick<EndpointProps, 'endpointName'> & Partial<Pick<EndpointProps, 'endpointConfig'>>;
  readonly env: cdk.ResourceEnvironment;
}

export const ENDPOINT_PROPS: RuleSet<EndpointPropsInput> = {
  name: 'Endpoint props',
  rules: [
    {
      id: 'endpoint.endpointName',
      source: 'CloudFormation AWS::SageMaker::Endpoint EndpointName (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-sagemaker-endpoint.html)',
      check: ({ props }) => checkString('endpointName', props.endpointName, STRING_RULES.endpointName),
    },
    {
      id: 'endpoint.endpointConfig.env',
      cfn: 'a template\'s resources deploy to one account and region',
      source: 'SageMaker API ContainerDefinition (configuration and endpoint in one account and region) (https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_ContainerDefinition.html)',
      check: ({ props, env }) => {
        const config = props.endpointConfig;
        const mismatch = config && envMismatch('endpoint configuration', config.env, 'endpoint', env);
        return mismatch && problem(mismatch, 'endpointConfig', config!.node.path,
          'a configuration in the account and region of the endpoint');
      },
    },
  ],
};

/** `VariantPropertyType.DESIRED_INSTANCE_COUNT` (rule files import no construct module). */
const DESIRED_INSTANCE_COUNT: string = 'DesiredInstanceCount';

/** The endpoint at synth: its resource (tags), what it retains, and its autoscaled variants. */
export interface EndpointInput {
  /** The resource's tags as it will be deployed with them (rendered once per validation). */
  readonly tags: readonly RenderedTag[];
  readonly retainAllVariantProperties?: boolean;
  readonly excludeRetainedVariantProperties?: readonly string[];
  readonly instanceScaledVariants: readonly string[];
}

export const ENDPOINT: RuleSet<EndpointInput> = {
  name: 'Endpoint',
  rules: [
    {
      id: 'endpoint.excludeRetainedVariantProperties.excludeWithoutRetainAll',
      source: 'SageMaker API UpdateEndpoint (ExcludeRetainedVariantProperties only with RetainAllVariantProperties; a warning) (https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_UpdateEndpoint.html)',
      severity: 'warning',
      check: ({ retainAllVariantProperties, excludeRetainedVariantProperties: excluded }) =>
        excluded !== undefined && retainAllVariantProperties !== true
          ? `${py('excludeRetainedVariantProperties')} (${excluded.map(show).join(', ') || 'empty'}) has no effect unless `
            + `${py('retainAllVariantProperties')} is true; SageMaker ignores it and every variant property takes the new configuration's value.`
          : undefined,
    },
    {
      id: 'endpoint.excludeRetainedVariantProperties.unique',
      source: 'SageMaker API UpdateEndpoint, ExcludeRetainedVariantProperties: 0-3 unique items (https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_UpdateEndpoint.html)',
      check: ({ excludeRetainedVariantProperties: excluded }) => excluded !== undefined && new Set(excluded).size < excluded.length
        ? problem('excludeRetainedVariantProperties lists a property twice', 'excludeRetainedVariantProperties',
          excluded.map(show).join(', '), 'each of DESIRED_INSTANCE_COUNT, DESIRED_WEIGHT and DATA_CAPTURE_CONFIG at most once')
        : undefined,
    },
    {
      id: 'endpoint.retainAllVariantProperties.autoscaledCountReset',
      source: 'SageMaker API UpdateEndpoint RetainAllVariantProperties (aws/aws-cdk#23151: an update resets autoscaled counts) (https://github.com/aws/aws-cdk/issues/23151, https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_UpdateEndpoint.html)',
      severity: 'warning',
      check: ({ retainAllVariantProperties: retain, excludeRetainedVariantProperties: excluded, instanceScaledVariants }) => {
        const resets = retain !== true || (excluded ?? []).includes(DESIRED_INSTANCE_COUNT);
        return resets
          ? instanceScaledVariants.map(name => `variant ${show(name)} is autoscaled, but ${retain === true
            ? `${py('excludeRetainedVariantProperties')} lists DESIRED_INSTANCE_COUNT`
            : `${py('retainAllVariantProperties')} is not set`}: the next change of the endpoint configuration resets its instance count `
            + `to ${py('initialInstanceCount')} until autoscaling scales it again. Set retainAllVariantProperties to true to keep the count.`)
          : undefined;
      },
    },
    ...tagRules<EndpointInput>('endpoint', input => input.tags),
  ],
};

/** `findContainer(hostname)` on an instance variant. */
export interface FindContainerInput {
  readonly variantName: string;
  readonly hostname: string;
  /** Whether the variant's model is a Model of this library (its containers are known). */
  readonly known: boolean;
  /** The hostnames of a direct-invocation model; undefined for any other model. */
  readonly directHostnames?: readonly string[];
}

export const FIND_CONTAINER: RuleSet<FindContainerInput> = {
  name: 'findContainer',
  cfn: 'it checks a method call of the construct',
  rules: [
    {
      id: 'endpoint.findContainer.direct',
      source: 'SageMaker Developer Guide multi-container-direct (per-container metrics only with direct invocation) (https://docs.aws.amazon.com/sagemaker/latest/dg/multi-container-direct.html)',
      check: ({ variantName, hostname, known, directHostnames }) => known && directHostnames === undefined
        ? problem(`variant '${variantName}' hosts a model without direct invocation, so SageMaker publishes no `
          + 'per-container metrics', ofVariant(variantName, 'findContainer()'), show(hostname),
        `a variant whose model has ${py('inferenceExecutionMode')} InferenceExecutionMode.DIRECT`)
        : undefined,
    },
    {
      id: 'endpoint.findContainer.hostname',
      source: 'SageMaker Developer Guide multi-container-direct (ContainerName is the container hostname) (https://docs.aws.amazon.com/sagemaker/latest/dg/multi-container-direct.html)',
      check: ({ variantName, hostname, directHostnames }) => directHostnames && literal(hostname)
        && directHostnames.every(literal) && !directHostnames.includes(hostname)
        ? problem(`No container with hostname: '${hostname}'`, ofVariant(variantName, 'findContainer()'), show(hostname),
          `a container hostname of the variant's model: ${directHostnames.map(show).join(', ')}`)
        : undefined,
    },
  ],
};
