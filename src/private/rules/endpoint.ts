import * as cdk from 'aws-cdk-lib';
import { CfnEndpoint } from 'aws-cdk-lib/aws-sagemaker';
import type { EndpointProps } from '../../endpoint';
import { envMismatch } from '../env';
import { checkString, STRING_RULES } from '../validation';
import { problem, RuleSet } from './rule';
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
