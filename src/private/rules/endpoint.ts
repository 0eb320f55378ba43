import * as cdk from 'aws-cdk-lib';
import { CfnEndpoint } from 'aws-cdk-lib/aws-sagemaker';
import type { EndpointProps } from '../../endpoint';
import { envMismatch } from '../env';
import { checkString, literal, show, STRING_RULES } from '../validation';
import { ofVariant, problem, RuleSet } from './rule';
import { tagRules } from './tags';

/* The rules of AWS::SageMaker::Endpoint (sagemaker-constraints.md §3, C6d). */

/** The endpoint's props and its own environment. */
export interface EndpointPropsInput {
  readonly props: EndpointProps;
  readonly env: cdk.ResourceEnvironment;
}

export const ENDPOINT_PROPS: RuleSet<EndpointPropsInput> = {
  name: 'Endpoint props',
  rules: [
    {
      id: 'endpoint.endpointName',
      source: '§3 EndpointName',
      check: ({ props }) => checkString('endpointName', props.endpointName, STRING_RULES.endpointName),
    },
    {
      id: 'endpoint.endpointConfig.env',
      source: 'C6d (configuration and endpoint in one account and region)',
      check: ({ props, env }) => {
        const mismatch = envMismatch('endpoint configuration', props.endpointConfig.env, 'endpoint', env);
        return mismatch && problem(mismatch, 'endpointConfig', props.endpointConfig.node.path,
          'a configuration in the account and region of the endpoint');
      },
    },
  ],
};

/** The endpoint at synth: its tags. */
export const ENDPOINT: RuleSet<CfnEndpoint> = {
  name: 'Endpoint',
  rules: tagRules<CfnEndpoint>('endpoint', resource => resource),
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
  rules: [
    {
      id: 'endpoint.findContainer.direct',
      source: 'DG:multi-container-direct (per-container metrics only with direct invocation)',
      check: ({ variantName, hostname, known, directHostnames }) => known && directHostnames === undefined
        ? problem(`variant '${variantName}' hosts a model without direct invocation, so SageMaker publishes no `
          + 'per-container metrics', ofVariant(variantName, 'findContainer()'), show(hostname),
        'a variant whose model has inferenceExecutionMode InferenceExecutionMode.DIRECT')
        : undefined,
    },
    {
      id: 'endpoint.findContainer.hostname',
      source: 'DG:multi-container-direct (ContainerName is the container hostname)',
      check: ({ variantName, hostname, directHostnames }) => directHostnames && literal(hostname)
        && directHostnames.every(literal) && !directHostnames.includes(hostname)
        ? problem(`No container with hostname: '${hostname}'`, ofVariant(variantName, 'findContainer()'), show(hostname),
          `a container hostname of the variant's model: ${directHostnames.map(show).join(', ')}`)
        : undefined,
    },
  ],
};
