import { EOL } from 'os';
import * as cdk from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import { isBurstable, isGpu } from '../instance-data';
import { known, literal, show } from '../validation';
import { SCALING_LIMITS } from './limits';
import { ofVariant, problem, py, Rule, RuleSet } from './rule';

/*
 * The rules of the Application Auto Scaling of an endpoint's variants (Application Auto Scaling,
 * Application Auto Scaling RegisterScalableTarget, Application Auto Scaling RegisterScalableTarget): the scalable target of a variant, and the policies on it.
 */

/** `autoScaleInstanceCount()` / `autoScaleProvisionedConcurrency()` on a variant. */
export interface ScalingInput {
  readonly variantName: string;
  readonly scaling: appscaling.EnableScalingProps;
  /** Whether the variant is already scaled (one scalable target per variant). */
  readonly alreadyScaled: boolean;
}

/** Instance count scaling: the variant's initial count and type, when the configuration is known. */
export interface InstanceScalingInput extends ScalingInput {
  readonly initialInstanceCount?: number;
  readonly instanceType?: string;
  /** Whether the endpoint is for asynchronous inference, which may scale to zero instances. */
  readonly asyncInference?: boolean;
}

/** Provisioned concurrency scaling: the serverless variant's concurrency settings. */
export interface ProvisionedScalingInput extends ScalingInput {
  readonly maxConcurrency?: number;
  readonly provisionedConcurrency?: number;
  /** An imported variant whose caller did not give its provisioned concurrency: not checked. */
  readonly provisionedConcurrencyUnknown?: boolean;
}

/** Minimum ≥ 1 and maximum ≥ minimum, shared by both scalable attributes. */
function capacityRules<T extends ScalingInput>(kind: string, what: string, zeroAllowed: (input: T) => boolean = () => false,
  zeroNote = ''): Array<Rule<T>> {
  return [
    {
      id: `${kind}.minCapacity`,
      source: 'Application Auto Scaling RegisterScalableTarget (variant MinCapacity ≥ 1; 0 for async endpoints, SageMaker Developer Guide async-inference-autoscale) (https://docs.aws.amazon.com/autoscaling/application/APIReference/API_RegisterScalableTarget.html, https://docs.aws.amazon.com/sagemaker/latest/dg/async-inference-autoscale.html)',
      check: input => {
        const { variantName, scaling: { minCapacity } } = input;
        const min = zeroAllowed(input) ? 0 : SCALING_LIMITS.minCapacity;
        return known(minCapacity) && minCapacity < min
          ? problem(`minCapacity must be at least ${min} for ${what}`, ofVariant(variantName, 'minCapacity'),
            String(minCapacity), `${min} or more${min > 0 ? zeroNote : ''}`)
          : undefined;
      },
    },
    {
      id: `${kind}.maxCapacity`,
      source: 'Application Auto Scaling RegisterScalableTarget (MaxCapacity ≥ MinCapacity) (https://docs.aws.amazon.com/autoscaling/application/APIReference/API_RegisterScalableTarget.html)',
      check: ({ variantName, scaling: { minCapacity, maxCapacity } }) => known(minCapacity) && known(maxCapacity)
        && maxCapacity < minCapacity
        ? problem('maxCapacity cannot be less than minCapacity', ofVariant(variantName, 'maxCapacity'), String(maxCapacity),
          `at least minCapacity ${minCapacity}`)
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
      source: 'Application Auto Scaling RegisterScalableTarget (Min ≤ InitialInstanceCount, @aws-cdk/aws-sagemaker-alpha) (https://docs.aws.amazon.com/autoscaling/application/APIReference/API_RegisterScalableTarget.html, https://github.com/aws/aws-cdk/tree/main/packages/%40aws-cdk/aws-sagemaker-alpha)',
      check: ({ variantName, scaling: { minCapacity }, initialInstanceCount: initial }) => known(minCapacity) && known(initial)
        && minCapacity > initial
        ? problem(`minCapacity cannot be greater than initial instance count: ${initial}`, ofVariant(variantName, 'minCapacity'),
          String(minCapacity), `1 to the initial instance count ${initial}`)
        : undefined,
    },
    {
      id: 'instanceScaling.maxCapacity.initial',
      source: 'Application Auto Scaling RegisterScalableTarget (InitialInstanceCount ≤ Max, @aws-cdk/aws-sagemaker-alpha) (https://docs.aws.amazon.com/autoscaling/application/APIReference/API_RegisterScalableTarget.html, https://github.com/aws/aws-cdk/tree/main/packages/%40aws-cdk/aws-sagemaker-alpha)',
      check: ({ variantName, scaling: { maxCapacity }, initialInstanceCount: initial }) => known(maxCapacity) && known(initial)
        && maxCapacity < initial
        ? problem(`maxCapacity cannot be less than initial instance count: ${initial}`, ofVariant(variantName, 'maxCapacity'),
          String(maxCapacity), `the initial instance count ${initial} or more`)
        : undefined,
    },
    ...capacityRules<InstanceScalingInput>('instanceScaling', 'a variant\'s instance count', input => input.asyncInference === true,
      ' (0 only on an async endpoint, which can scale to zero)'),
    {
      id: 'instanceScaling.instanceType.burstable',
      source: 'Application Auto Scaling RegisterScalableTarget (not ml.t2.*) (https://docs.aws.amazon.com/autoscaling/application/APIReference/API_RegisterScalableTarget.html)',
      check: ({ instanceType, variantName }) => instanceType !== undefined && !cdk.Token.isUnresolved(instanceType)
        && isBurstable(instanceType)
        ? problem(`AutoScaling not supported for burstable instance types like ${instanceType}`,
          ofVariant(variantName, 'instanceType'), show(instanceType), 'a non-burstable instance type such as ml.m5.large')
        : undefined,
    },
    {
      id: 'instanceScaling.once',
      source: 'Application Auto Scaling RegisterScalableTarget (one scalable target per variant and dimension) (https://docs.aws.amazon.com/autoscaling/application/APIReference/API_RegisterScalableTarget.html)',
      check: ({ alreadyScaled, variantName }) => alreadyScaled
        ? problem('AutoScaling of task count already enabled for this service', `variant ${show(variantName)}`,
          `a second ${py('autoScaleInstanceCount()')}`, 'one per variant: add policies to the ScalableInstanceCount returned the first time')
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
      source: 'Application Auto Scaling RegisterScalableTarget (DesiredProvisionedConcurrency needs ProvisionedConcurrency) (https://docs.aws.amazon.com/autoscaling/application/APIReference/API_RegisterScalableTarget.html)',
      check: ({ provisionedConcurrency, provisionedConcurrencyUnknown, variantName }) =>
        provisionedConcurrency === undefined && !provisionedConcurrencyUnknown
          ? problem(`variant ${show(variantName)} has no provisioned concurrency to scale`,
            ofVariant(variantName, 'provisionedConcurrency'), 'none',
            'a serverless variant with provisionedConcurrency (on-demand serverless capacity scales by itself)')
          : undefined,
    },
    {
      id: 'provisionedScaling.maxCapacity.maxConcurrency',
      source: 'SageMaker API ProductionVariantServerlessConfig (ProvisionedConcurrency ≤ MaxConcurrency) (https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_ProductionVariantServerlessConfig.html)',
      check: ({ variantName, scaling: { maxCapacity }, maxConcurrency: max }) => known(maxCapacity) && known(max) && maxCapacity > max
        ? problem(`maxCapacity cannot be greater than the variant's maxConcurrency: ${max}`, ofVariant(variantName, 'maxCapacity'),
          String(maxCapacity), `at most ${py('maxConcurrency')} ${max}`)
        : undefined,
    },
    ...capacityRules<ProvisionedScalingInput>('provisionedScaling', 'provisioned concurrency'),
    {
      id: 'provisionedScaling.once',
      source: 'Application Auto Scaling RegisterScalableTarget (one scalable target per variant and dimension) (https://docs.aws.amazon.com/autoscaling/application/APIReference/API_RegisterScalableTarget.html)',
      check: ({ alreadyScaled, variantName }) => alreadyScaled
        ? problem(`AutoScaling of provisioned concurrency already enabled for variant '${variantName}'`,
          `variant ${show(variantName)}`, 'a second autoScaleProvisionedConcurrency()',
          'one per variant: add policies to the ScalableProvisionedConcurrency returned the first time')
        : undefined,
    },
  ],
};

/** `scaleOnInvocations()`: the target is computed at synth. */
export interface InvocationsTargetInput {
  readonly maxRequestsPerSecond: number;
  readonly safetyFactor: number;
  /** A property as messages name it (with the variant). */
  readonly property: (name: string) => string;
}

/** A policy's target value, with the property as messages name it (with the variant). */
export interface TargetInput {
  readonly property: string;
  readonly target: number;
}

export const INVOCATIONS_TARGET: RuleSet<InvocationsTargetInput> = {
  name: 'scaleOnInvocations',
  cfn: 'it checks the safety factor and requests per second the target is computed from, which the template does not hold',
  rules: [
    {
      id: 'scaling.safetyFactor',
      source: '@aws-cdk/aws-sagemaker-alpha (0 < safetyFactor ≤ 1) (https://github.com/aws/aws-cdk/tree/main/packages/%40aws-cdk/aws-sagemaker-alpha)',
      check: ({ safetyFactor, property }) => known(safetyFactor) && (Number.isNaN(safetyFactor)
        || safetyFactor <= SCALING_LIMITS.safetyFactor.min || safetyFactor > SCALING_LIMITS.safetyFactor.max)
        ? problem(`Safety factor (${safetyFactor}) must be greater than 0.0 and less than or equal 1.0`, property('safetyFactor'),
          String(safetyFactor), 'greater than 0 and at most 1: the share of the load-tested maximum to target')
        : undefined,
    },
    {
      id: 'scaling.maxRequestsPerSecond',
      source: 'CloudFormation AWS::ApplicationAutoScaling::ScalingPolicy TargetValue > 0 (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-applicationautoscaling-scalingpolicy.html)',
      check: ({ maxRequestsPerSecond: rps, property }) => known(rps) && !(rps > 0)
        ? problem('maxRequestsPerSecond must be greater than 0', property('maxRequestsPerSecond'), String(rps), 'a number greater than 0')
        : undefined,
    },
    {
      id: 'scaling.invocationsTarget.tokens',
      source: 'AWS CDK tokens (CloudFormation cannot multiply; the target is computed at synth) (https://docs.aws.amazon.com/cdk/v2/guide/tokens.html)',
      check: ({ maxRequestsPerSecond, safetyFactor, property }) => cdk.Token.isUnresolved(maxRequestsPerSecond)
        || cdk.Token.isUnresolved(safetyFactor)
        ? problem(`scaleOnInvocations computes the target maxRequestsPerSecond × ${SCALING_LIMITS.secondsPerMinute} × safetyFactor `
          + 'at synth, so both must be numbers', property('maxRequestsPerSecond, safetyFactor'), 'a token',
        'numbers; use scaleToTrackMetric() with a target value for a deploy-time target')
        : undefined,
    },
  ],
};

export const CONCURRENT_REQUESTS_TARGET: RuleSet<TargetInput> = {
  name: 'scaleOnConcurrentRequests',
  rules: [{
    id: 'scaling.targetConcurrentRequests',
    source: 'CloudFormation AWS::ApplicationAutoScaling::ScalingPolicy TargetValue > 0 (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-applicationautoscaling-scalingpolicy.html)',
    check: ({ target, property }) => known(target) && !(target > 0)
      ? problem('targetConcurrentRequests must be greater than 0', property, String(target), 'a number greater than 0')
      : undefined,
  }],
};

export const PROVISIONED_UTILIZATION_TARGET: RuleSet<TargetInput> = {
  name: 'scaleOnUtilization',
  rules: [{
    id: 'scaling.targetUtilization',
    source: 'SageMaker Developer Guide serverless-endpoints-autoscale (a fraction, 0 < target ≤ 1) (https://docs.aws.amazon.com/sagemaker/latest/dg/serverless-endpoints-autoscale.html)',
    check: ({ target: t, property }) => known(t) && !(t > 0 && t <= 1)
      ? problem('targetUtilization must be a fraction of the provisioned concurrency', property, String(t),
        'greater than 0 and at most 1, for example 0.7')
      : undefined,
  }],
};

/** `scaleOnBacklogSize()`: the target, and whether the endpoint is asynchronous. */
export interface BacklogTargetInput {
  readonly property: string;
  readonly target: number;
  /** undefined when the endpoint is not known (imported): nothing to check. */
  readonly asyncInference?: boolean;
}

export const BACKLOG_TARGET: RuleSet<BacklogTargetInput> = {
  name: 'Backlog scaling target',
  rules: [
    {
      id: 'backlogScaling.asyncInference',
      source: 'SageMaker Developer Guide async-inference-autoscale (the backlog metrics exist only for async endpoints) (https://docs.aws.amazon.com/sagemaker/latest/dg/async-inference-autoscale.html)',
      check: ({ property, asyncInference }) => asyncInference === false
        ? problem('scaleOnBacklogSize() needs an async endpoint: SageMaker publishes ApproximateBacklogSizePerInstance only for '
          + 'asynchronous inference', property, 'an endpoint configuration without asyncInference',
        `an endpoint whose configuration sets ${py('asyncInference')}; ${py('scaleOnInvocations()')} or ${py('scaleOnConcurrentRequests()')} otherwise`)
        : undefined,
    },
    {
      id: 'backlogScaling.targetBacklogPerInstance',
      source: 'CloudFormation AWS::ApplicationAutoScaling::ScalingPolicy TargetValue > 0 (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-applicationautoscaling-scalingpolicy.html)',
      check: ({ property, target }) => known(target) && !(target > 0)
        ? problem('targetBacklogPerInstance must be positive', property, show(target), 'a number above 0 (queued requests per instance)')
        : undefined,
    },
  ],
};

/** A CPU or GPU utilization target, with the variant's instance types. */
export interface UtilizationTargetInput extends TargetInput {
  readonly unit: 'cpu' | 'gpu';
  readonly instanceTypes: readonly string[];
}

export const UTILIZATION_TARGET: RuleSet<UtilizationTargetInput> = {
  name: 'Utilization scaling target',
  rules: [
    {
      id: 'utilizationScaling.targetUtilizationPercent',
      source: 'CloudFormation AWS::ApplicationAutoScaling::ScalingPolicy TargetValue > 0 (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-applicationautoscaling-scalingpolicy.html)',
      check: ({ property, target, unit }) => known(target) && !(target > 0)
        ? problem('targetUtilizationPercent must be positive', property, show(target),
          `a number above 0 (percent, summed over the instance's ${unit === 'cpu' ? 'CPU cores' : 'GPUs'})`)
        : undefined,
    },
    {
      id: 'utilizationScaling.gpuUtilizationWithoutGpu',
      source: 'SageMaker Developer Guide monitoring-cloudwatch (GPUUtilization is published by GPU instances) (https://docs.aws.amazon.com/sagemaker/latest/dg/monitoring-cloudwatch.html)',
      severity: 'warning',
      check: ({ unit, instanceTypes }) => unit === 'gpu' && instanceTypes.length > 0
        && instanceTypes.every(t => literal(t) && !isGpu(t))
        ? `${py('scaleOnGpuUtilization()')} tracks GPUUtilization, but the variant runs on ${instanceTypes.map(show).join(', ')}, which has `
          + `no GPU and publishes no GPUUtilization: the policy never scales. Use ${py('scaleOnCpuUtilization()')} or a GPU instance type.`
        : undefined,
    },
  ],
};

/** `autoScaleCopyCount()` on an inference component. */
export interface CopyScalingInput {
  readonly scaling: appscaling.EnableScalingProps;
  /** Whether the component's copy count is already scaled (one scalable target per component). */
  readonly alreadyScaled: boolean;
  /** Whether the component is an adapter, which has no copies of its own. */
  readonly adapter: boolean;
}

export const COPY_SCALING: RuleSet<CopyScalingInput> = {
  name: 'Copy count autoscaling',
  summary: SCALING_SUMMARY,
  rules: [
    {
      id: 'copyScaling.minCapacity',
      source: 'Application Auto Scaling RegisterScalableTarget (IC: MinCapacity ≥ 0; 0 scales the component to zero copies) (https://docs.aws.amazon.com/autoscaling/application/APIReference/API_RegisterScalableTarget.html)',
      check: ({ scaling: { minCapacity } }) => known(minCapacity) && (minCapacity < 0 || !Number.isInteger(minCapacity))
        ? problem('minCapacity must be a whole number of copies, 0 or more', 'minCapacity', String(minCapacity), 'an integer 0 or more (0: scale to zero)')
        : undefined,
    },
    {
      id: 'copyScaling.maxCapacity',
      source: 'Application Auto Scaling RegisterScalableTarget (MaxCapacity ≥ MinCapacity, and ≥ 1) (https://docs.aws.amazon.com/autoscaling/application/APIReference/API_RegisterScalableTarget.html)',
      check: ({ scaling: { minCapacity, maxCapacity } }) => known(maxCapacity) && (maxCapacity < Math.max(known(minCapacity) ? minCapacity : 0, 1)
        || !Number.isInteger(maxCapacity))
        ? problem('maxCapacity must be a whole number of copies, at least 1 and at least minCapacity', 'maxCapacity', String(maxCapacity),
          `an integer ${Math.max(known(minCapacity) ? minCapacity : 0, 1)} or more`)
        : undefined,
    },
    {
      id: 'copyScaling.adapter',
      source: 'SageMaker API InferenceComponentSpecification (an adapter component has no copies of its own) (https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_InferenceComponentSpecification.html)',
      check: ({ adapter }) => adapter
        ? problem('An adapter component shares the copies of its base component', 'autoScaleCopyCount()', 'an adapter component',
          'autoScaleCopyCount() on the base component')
        : undefined,
    },
    {
      id: 'copyScaling.once',
      source: 'Application Auto Scaling RegisterScalableTarget (one scalable target per component and dimension) (https://docs.aws.amazon.com/autoscaling/application/APIReference/API_RegisterScalableTarget.html)',
      check: ({ alreadyScaled }) => alreadyScaled
        ? problem('The copy count of this component is already autoscaled', 'autoScaleCopyCount()', 'a second call',
          'one per component: add policies to the ScalableCopyCount returned the first time')
        : undefined,
    },
  ],
};
