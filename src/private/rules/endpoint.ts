import { EOL } from 'os';
import * as cdk from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import { CfnEndpoint } from 'aws-cdk-lib/aws-sagemaker';
import { Rule, RuleSet } from './rule';
import { tagRules } from './tags';
import { EndpointProps } from '../../endpoint';
import { envMismatch } from '../env';
import { isBurstable } from '../instance-data';
import { checkString, known, STRING_RULES } from '../validation';

/*
 * Every rule of AWS::SageMaker::Endpoint (sagemaker-constraints.md §3, C6d) and of the
 * Application Auto Scaling of its variants (C28, C29).
 */


// ---------------------------------------------------------------------------------------------
// EndpointProps, checked when the endpoint is constructed.

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
        return mismatch && `${mismatch} (endpointConfig ${props.endpointConfig.node.path}: the configuration must be in the `
          + 'account and region of the endpoint)';
      },
    },
  ],
};

/** The endpoint at synth: its tags. */
export const ENDPOINT: RuleSet<CfnEndpoint> = {
  name: 'Endpoint',
  rules: tagRules<CfnEndpoint>('endpoint', resource => resource),
};

// ---------------------------------------------------------------------------------------------
// Autoscaling of a variant (C28, C29).

/** `autoScaleInstanceCount()` / `autoScaleProvisionedConcurrency()` on a variant. */
export interface ScalingInput {
  readonly variantName: string;
  readonly scaling: appscaling.EnableScalingProps;
  /** Whether the variant is already scaled (one scalable target per variant). */
  readonly alreadyScaled: boolean;
}

/** Instance count scaling: the variant's initial count and type. */
export interface InstanceScalingInput extends ScalingInput {
  readonly initialInstanceCount: number;
  readonly instanceType: string;
}

/** Provisioned concurrency scaling: the serverless variant's concurrency settings. */
export interface ProvisionedScalingInput extends ScalingInput {
  readonly maxConcurrency: number;
  readonly provisionedConcurrency?: number;
}

/** Minimum ≥ 1 and maximum ≥ minimum, shared by both scalable attributes. */
function capacityRules<T extends ScalingInput>(kind: string, what: string): Array<Rule<T>> {
  return [
    {
      id: `${kind}.minCapacity`,
      source: 'C29 (variant MinCapacity ≥ 1)',
      check: ({ scaling: { minCapacity } }) => known(minCapacity) && minCapacity < 1
        ? `minCapacity must be at least 1 for ${what} (got ${minCapacity})`
        : undefined,
    },
    {
      id: `${kind}.maxCapacity`,
      source: 'C29 (MaxCapacity ≥ MinCapacity)',
      check: ({ scaling: { minCapacity, maxCapacity } }) => known(minCapacity) && known(maxCapacity) && maxCapacity < minCapacity
        ? `maxCapacity cannot be less than minCapacity (got minCapacity ${minCapacity}, maxCapacity ${maxCapacity})`
        : undefined,
    },
  ];
}

const SCALING_SUMMARY = { prefix: 'Invalid Application Auto Scaling configuration: ', separator: EOL };

export const INSTANCE_SCALING: RuleSet<InstanceScalingInput> = {
  name: 'Instance count autoscaling',
  summary: SCALING_SUMMARY,
  rules: [
    {
      id: 'instanceScaling.minCapacity.initial',
      source: 'C29 (Min ≤ InitialInstanceCount, alpha)',
      check: ({ scaling: { minCapacity }, initialInstanceCount: initial }) => known(minCapacity) && known(initial) && minCapacity > initial
        ? `minCapacity cannot be greater than initial instance count: ${initial} (got minCapacity ${minCapacity})`
        : undefined,
    },
    {
      id: 'instanceScaling.maxCapacity.initial',
      source: 'C29 (InitialInstanceCount ≤ Max, alpha)',
      check: ({ scaling: { maxCapacity }, initialInstanceCount: initial }) => known(maxCapacity) && known(initial) && maxCapacity < initial
        ? `maxCapacity cannot be less than initial instance count: ${initial} (got maxCapacity ${maxCapacity})`
        : undefined,
    },
    ...capacityRules<InstanceScalingInput>('instanceScaling', 'a variant\'s instance count'),
    {
      id: 'instanceScaling.instanceType.burstable',
      source: 'C29 (not ml.t2.*)',
      check: ({ instanceType, variantName }) => !cdk.Token.isUnresolved(instanceType) && isBurstable(instanceType)
        ? `AutoScaling not supported for burstable instance types like ${instanceType} (variant '${variantName}' `
          + 'instanceType; choose a non-burstable instance type such as ml.m5.large)'
        : undefined,
    },
    {
      id: 'instanceScaling.once',
      source: 'C28 (one scalable target per variant and dimension)',
      check: ({ alreadyScaled, variantName }) => alreadyScaled
        ? `AutoScaling of task count already enabled for this service (variant '${variantName}' already `
          + 'has autoscaling; add policies to the ScalableInstanceCount returned the first time)'
        : undefined,
    },
  ],
};

export const PROVISIONED_SCALING: RuleSet<ProvisionedScalingInput> = {
  name: 'Provisioned concurrency autoscaling',
  summary: SCALING_SUMMARY,
  rules: [
    {
      id: 'provisionedScaling.provisionedConcurrency',
      source: 'C28 (DesiredProvisionedConcurrency needs ProvisionedConcurrency)',
      check: ({ provisionedConcurrency, variantName }) => provisionedConcurrency === undefined
        ? `variant '${variantName}' has no provisionedConcurrency to scale; set provisionedConcurrency `
          + 'on the serverless variant (on-demand serverless capacity scales by itself)'
        : undefined,
    },
    {
      id: 'provisionedScaling.maxCapacity.maxConcurrency',
      source: 'C5 (ProvisionedConcurrency ≤ MaxConcurrency)',
      check: ({ scaling: { maxCapacity }, maxConcurrency: max }) => known(maxCapacity) && known(max) && maxCapacity > max
        ? `maxCapacity cannot be greater than the variant's maxConcurrency: ${max} (got ${maxCapacity})`
        : undefined,
    },
    ...capacityRules<ProvisionedScalingInput>('provisionedScaling', 'provisioned concurrency'),
    {
      id: 'provisionedScaling.once',
      source: 'C28 (one scalable target per variant and dimension)',
      check: ({ alreadyScaled, variantName }) => alreadyScaled
        ? `AutoScaling of provisioned concurrency already enabled for variant '${variantName}'`
        : undefined,
    },
  ],
};

// ---------------------------------------------------------------------------------------------
// Scaling policies.

/** `scaleOnInvocations()`: the target is computed at synth. */
export interface InvocationsTargetInput {
  readonly maxRequestsPerSecond: number;
  readonly safetyFactor: number;
}

export const INVOCATIONS_TARGET: RuleSet<InvocationsTargetInput> = {
  name: 'scaleOnInvocations',
  rules: [
    {
      id: 'scaling.safetyFactor',
      source: 'alpha (0 < safetyFactor ≤ 1)',
      check: ({ safetyFactor }) => known(safetyFactor) && (Number.isNaN(safetyFactor) || safetyFactor <= 0.0 || safetyFactor > 1.0)
        ? `Safety factor (${safetyFactor}) must be greater than 0.0 and less than or equal 1.0 (safetyFactor: `
          + 'the share of the load-tested maximum to target)'
        : undefined,
    },
    {
      id: 'scaling.maxRequestsPerSecond',
      source: 'S-AAS-P TargetValue > 0',
      check: ({ maxRequestsPerSecond: rps }) => known(rps) && !(rps > 0)
        ? `maxRequestsPerSecond must be greater than 0 (got ${rps})`
        : undefined,
    },
    {
      id: 'scaling.invocationsTarget.tokens',
      source: '§9 (CloudFormation cannot multiply; the target is computed at synth)',
      check: ({ maxRequestsPerSecond, safetyFactor }) => cdk.Token.isUnresolved(maxRequestsPerSecond) || cdk.Token.isUnresolved(safetyFactor)
        ? 'scaleOnInvocations computes the target maxRequestsPerSecond × 60 × safetyFactor at synth, so both '
          + 'must be numbers, not tokens; use scaleToTrackMetric() with a target value for a deploy-time target'
        : undefined,
    },
  ],
};

export const CONCURRENT_REQUESTS_TARGET: RuleSet<number> = {
  name: 'scaleOnConcurrentRequests',
  rules: [{
    id: 'scaling.targetConcurrentRequests',
    source: 'S-AAS-P TargetValue > 0',
    check: target => known(target) && !(target > 0)
      ? `targetConcurrentRequests must be greater than 0 (got ${target})`
      : undefined,
  }],
};

export const PROVISIONED_UTILIZATION_TARGET: RuleSet<number> = {
  name: 'scaleOnUtilization',
  rules: [{
    id: 'scaling.targetUtilization',
    source: 'DG:serverless-endpoints-autoscale (a fraction, 0 < target ≤ 1)',
    check: t => known(t) && !(t > 0 && t <= 1)
      ? `targetUtilization must be greater than 0 and at most 1 (a fraction of the provisioned concurrency; got ${t})`
      : undefined,
  }],
};

/** Every Endpoint rule set, for the rule counts. */
export const ENDPOINT_RULE_SETS: ReadonlyArray<RuleSet<any>> = [
  ENDPOINT_PROPS, ENDPOINT, INSTANCE_SCALING, PROVISIONED_SCALING, INVOCATIONS_TARGET, CONCURRENT_REQUESTS_TARGET,
  PROVISIONED_UTILIZATION_TARGET,
];
