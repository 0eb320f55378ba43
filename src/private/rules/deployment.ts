import type { CapacitySize } from '../../deployment';
import { DeploymentSpec, shareOf } from '../deployment';
import { checkDuration, checkRange, known, literal, show } from '../validation';
import { DEPLOYMENT_LIMITS } from './limits';
import { Finding, ofVariant, problem, py, RuleSet } from './rule';

/*
 * The rules of an endpoint's deployment guardrails (CloudFormation AWS::SageMaker::Endpoint DeploymentConfig,
 * SageMaker API DeploymentConfig, SageMaker API AutoRollbackConfig; SageMaker Developer Guide): the strategy and alarms as given, and at synth
 * against the variants of the configuration. SageMaker API DeploymentConfig (one update policy) holds by construction: a
 * DeploymentStrategy is either blue/green or rolling.
 */

/** The strategy of an endpoint or an inference component. */
export interface DeploymentPropsInput {
  readonly spec?: DeploymentSpec;
  /** Whose deployment it is: an endpoint's (instances) or an inference component's (copies, rolling only). */
  readonly target: 'endpoint' | 'component';
}

/** The factory of a capacity size, for messages. */
const SIZE_FACTORIES: Record<CapacitySize['type'], string> = {
  INSTANCE_COUNT: 'CapacitySize.instances()', CAPACITY_PERCENT: 'CapacitySize.percent()', COPY_COUNT: 'CapacitySize.copies()',
};

/** The capacity sizes of a strategy, with the property that holds each. */
function sizes(spec: DeploymentSpec): Array<[string, CapacitySize]> {
  switch (spec.kind) {
    case 'CANARY': return [['deployment.canarySize', spec.options.canarySize]];
    case 'LINEAR': return [['deployment.stepSize', spec.options.stepSize]];
    case 'ROLLING': return [['deployment.maximumBatchSize', spec.options.maximumBatchSize],
      ...spec.options.rollbackMaximumBatchSize ? [['deployment.rollbackMaximumBatchSize', spec.options.rollbackMaximumBatchSize] as [string, CapacitySize]] : []];
    default: return [];
  }
}

/** The wait interval of a strategy (all at once: 0 unless given). */
function waitSeconds(spec: DeploymentSpec): number | undefined {
  return seconds(spec.options.waitInterval);
}

const KINDS: Record<DeploymentSpec['kind'], string> = {
  ALL_AT_ONCE: 'allAtOnce()', CANARY: 'canary()', LINEAR: 'linear()', ROLLING: 'rolling()',
};

export const DEPLOYMENT_PROPS: RuleSet<DeploymentPropsInput> = {
  name: 'Endpoint deployment',
  rules: [
    {
      id: 'endpoint.deployment.waitInterval',
      source: 'CloudFormation AWS::SageMaker::Endpoint TrafficRoutingConfiguration / RollingUpdatePolicy WaitIntervalInSeconds 0-3600 (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-sagemaker-endpoint.html)',
      check: ({ spec }) => spec && checkDuration('deployment.waitInterval', spec.options.waitInterval, DEPLOYMENT_LIMITS.waitIntervalSeconds, 'seconds'),
    },
    {
      id: 'endpoint.deployment.terminationWait',
      source: 'CloudFormation AWS::SageMaker::Endpoint BlueGreenUpdatePolicy TerminationWaitInSeconds 0-3600 (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-sagemaker-endpoint.html)',
      check: ({ spec }) => spec && spec.kind !== 'ROLLING'
        ? checkDuration('deployment.terminationWait', spec.options.terminationWait, DEPLOYMENT_LIMITS.terminationWaitSeconds, 'seconds')
        : undefined,
    },
    {
      id: 'endpoint.deployment.maximumExecutionTimeout',
      source: 'CloudFormation AWS::SageMaker::Endpoint MaximumExecutionTimeoutInSeconds 600-28800 (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-sagemaker-endpoint.html)',
      check: ({ spec }) => spec && checkDuration('deployment.maximumExecutionTimeout', spec.options.maximumExecutionTimeout,
        DEPLOYMENT_LIMITS.maximumExecutionTimeoutSeconds, 'seconds'),
    },
    {
      id: 'endpoint.deployment.capacitySize',
      source: 'CloudFormation AWS::SageMaker::Endpoint CapacitySize Value: integer, 1 or more; a CAPACITY_PERCENT value is a percentage, at most 100 (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-sagemaker-endpoint.html)',
      check: ({ spec }) => spec && sizes(spec).map(([property, size]) =>
        checkRange(`${property} (${SIZE_FACTORIES[size.type]})`, size.value, DEPLOYMENT_LIMITS.capacityValue,
          size.type === 'CAPACITY_PERCENT' ? DEPLOYMENT_LIMITS.capacityPercentMax : Infinity)),
    },
    {
      id: 'endpoint.deployment.capacitySize.unit',
      source: 'CloudFormation AWS::SageMaker::Endpoint CapacitySize Type INSTANCE_COUNT | CAPACITY_PERCENT; CloudFormation AWS::SageMaker::InferenceComponent InferenceComponentCapacitySize Type COPY_COUNT | CAPACITY_PERCENT (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-sagemaker-endpoint.html, https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-sagemaker-inferencecomponent.html)',
      check: ({ spec, target }) => spec && sizes(spec)
        .filter(([, size]) => size.type === (target === 'endpoint' ? 'COPY_COUNT' : 'INSTANCE_COUNT'))
        .map(([property, size]) => problem(`${property} is ${target === 'endpoint' ? 'a number of copies, which only an inference '
          + 'component\'s deployment moves' : 'a number of instances, but an inference component\'s deployment moves copies'}`,
        property, SIZE_FACTORIES[size.type], target === 'endpoint' ? 'CapacitySize.instances() or percent()' : 'CapacitySize.copies() or percent()')),
    },
    {
      id: 'inferenceComponent.deployment.rolling',
      source: 'CloudFormation AWS::SageMaker::InferenceComponent InferenceComponentDeploymentConfig: RollingUpdatePolicy is the only update policy (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-sagemaker-inferencecomponent.html)',
      check: ({ spec, target }) => target === 'component' && spec && spec.kind !== 'ROLLING'
        ? problem('An inference component is updated by a rolling deployment only', 'deployment', `DeploymentStrategy.${KINDS[spec.kind]}`,
          `DeploymentStrategy.rolling() with ${py('maximumBatchSize')} CapacitySize.copies() or percent()`)
        : undefined,
    },
  ],
};

/** A variant of the endpoint's configuration, as the guardrail rules read it. */
export interface DeploymentVariant {
  readonly variantName: string;
  /** The initial instance count, when it is not a token. */
  readonly instanceCount?: number;
  readonly instanceTypes: readonly string[];
  /** Whether a container of the variant's model uses a model package (possibly from AWS Marketplace). */
  readonly modelPackage: boolean;
}

/** The guardrails at synth, with the configuration's variants (none known for an imported configuration). */
export interface DeploymentInput extends DeploymentPropsInput {
  /** The rollback alarms (props and `addRollbackAlarm()`). */
  readonly alarms: readonly object[];
  /** Whether the configuration is one of this library (its variants are known). */
  readonly configKnown: boolean;
  readonly instanceVariants: readonly DeploymentVariant[];
  readonly shadowVariants: readonly DeploymentVariant[];
  readonly serverlessVariantName?: string;
  /** The paths of rollback alarms whose metrics reference the endpoint resource itself. */
  readonly alarmsOnEndpoint: readonly string[];
}

/** The documented share of a variant's instances for the step size of each strategy. */
const SHARES = {
  CANARY: { range: DEPLOYMENT_LIMITS.canaryShare, what: 'at most 50 %' },
  LINEAR: { range: DEPLOYMENT_LIMITS.linearShare, what: '10 % to 50 %' },
  ROLLING: { range: DEPLOYMENT_LIMITS.rollingShare, what: '5 % to 50 %' },
} as const;

/** The size a step of the strategy moves (the first of its sizes), with its property; undefined for all at once. */
function stepSize(spec: DeploymentSpec): [string, CapacitySize] | undefined {
  return sizes(spec)[0];
}

/** The wait intervals a deployment goes through: one per traffic step but the last (rolling: one per batch), at least one. */
function waits(spec: DeploymentSpec, instances: number | undefined): number | undefined {
  const size = stepSize(spec)?.[1];
  if (!size) {
    return 1;
  }
  if (spec.kind === 'CANARY') {
    return 1;
  }
  const share = shareOf(size, instances);
  if (share === undefined || share <= 0 || !Number.isFinite(share)) {
    return undefined;
  }
  const steps = Math.ceil(1 / Math.min(share, 1));
  return spec.kind === 'ROLLING' ? steps : Math.max(steps - 1, 1);
}

/** A duration in seconds: 0 when not given (the API's default waits), undefined when it is a token. */
function seconds(d: { isUnresolved(): boolean; toSeconds(o?: { integral: boolean }): number } | undefined): number | undefined {
  return d === undefined ? 0 : d.isUnresolved() ? undefined : d.toSeconds({ integral: false });
}

/** The variants that guardrails do not support (Marketplace containers, ml.inf1), in words. */
function fallbackReasons(variants: readonly DeploymentVariant[]): string[] {
  return variants.flatMap(v => [
    ...v.modelPackage ? [`variant ${show(v.variantName)} hosts a model package (AWS Marketplace packages are excluded)`] : [],
    ...v.instanceTypes.some(t => literal(t) && t.startsWith('ml.inf1.')) ? [`variant ${show(v.variantName)} runs on ml.inf1`] : [],
  ]);
}

export const DEPLOYMENT: RuleSet<DeploymentInput> = {
  name: 'Endpoint deployment (against the configuration)',
  rules: [
    {
      id: 'endpoint.rollbackAlarms.count',
      source: 'CloudFormation AWS::SageMaker::Endpoint AutoRollbackConfiguration.Alarms: at most 10 (SageMaker API AutoRollbackConfig) (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-sagemaker-endpoint.html, https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_AutoRollbackConfig.html)',
      check: ({ alarms }) => alarms.length > DEPLOYMENT_LIMITS.rollbackAlarms
        ? problem(`rollbackAlarms must have at most ${DEPLOYMENT_LIMITS.rollbackAlarms} alarms`, 'rollbackAlarms', `${alarms.length} alarms`,
          `1 to ${DEPLOYMENT_LIMITS.rollbackAlarms} CloudWatch alarms`)
        : undefined,
    },
    {
      id: 'endpoint.rollbackAlarms.dependencyCycle',
      cfn: 'which alarm watches a metric of the endpoint is a fact of the constructs (CloudFormation reports the cycle itself)',
      source: 'CloudFormation: a template with circular dependencies is rejected (the endpoint references its rollback alarms) (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-attribute-dependson.html)',
      check: ({ alarmsOnEndpoint }) => alarmsOnEndpoint.map(path => problem(`rollback alarm '${path}' watches a metric of this endpoint by `
        + 'its generated name, so the endpoint depends on the alarm and the alarm on the endpoint: a dependency cycle that CloudFormation '
        + 'rejects', 'rollbackAlarms', `'${path}'`, `an endpoint with an ${py('endpointName')}, whose metrics name it literally, or alarms that do not `
        + 'reference the endpoint resource')),
    },
    {
      id: 'endpoint.rollbackAlarms.withoutBaking',
      source: 'SageMaker Developer Guide deployment-guardrails-configuration (SageMaker watches the alarms during the baking periods) (https://docs.aws.amazon.com/sagemaker/latest/dg/deployment-guardrails-configuration.html)',
      severity: 'warning',
      check: ({ spec, alarms }) => alarms.length > 0 && (spec === undefined || waitSeconds(spec) === 0)
        && (spec === undefined || spec.kind === 'ALL_AT_ONCE' || spec.kind === 'ROLLING')
        ? `${py('rollbackAlarms')} are set, but ${spec ? `deployment ${KINDS[spec.kind]} has no ${py('waitInterval')}` : 'deployment is not set'}: `
          + 'SageMaker watches the alarms during the wait intervals (baking periods), so there is no time for them to roll the update back. '
          + 'Give the strategy a waitInterval, for example DeploymentStrategy.allAtOnce() (all_at_once()) with waitInterval Duration.minutes(10).'
        : undefined,
    },
    {
      id: 'endpoint.deployment.rollingServerless',
      source: 'SageMaker Developer Guide (rolling deployments exclude serverless endpoints; SageMaker Developer Guide deployment-guardrails-exclusions) (https://docs.aws.amazon.com/sagemaker/latest/dg/deployment-guardrails-exclusions.html)',
      check: ({ spec, serverlessVariantName }) => spec?.kind === 'ROLLING' && serverlessVariantName !== undefined
        ? problem('Rolling deployments do not support serverless endpoints', 'deployment', 'DeploymentStrategy.rolling()',
          `DeploymentStrategy.allAtOnce() (all_at_once()), canary() or linear() for the serverless variant ${show(serverlessVariantName)}`)
        : undefined,
    },
    {
      id: 'endpoint.deployment.rollingMultiVariant',
      source: 'SageMaker Developer Guide (rolling deployments exclude multi-variant endpoints; SageMaker Developer Guide deployment-guardrails-exclusions) (https://docs.aws.amazon.com/sagemaker/latest/dg/deployment-guardrails-exclusions.html)',
      check: ({ spec, instanceVariants }) => spec?.kind === 'ROLLING' && instanceVariants.length > 1
        ? problem('Rolling deployments do not support endpoints with more than one production variant', 'deployment',
          `DeploymentStrategy.rolling() with variants ${instanceVariants.map(v => show(v.variantName)).join(', ')}`,
          'one production variant, or DeploymentStrategy.allAtOnce() (all_at_once()), canary() or linear()')
        : undefined,
    },
    {
      id: 'endpoint.deployment.stepShare',
      source: 'SageMaker API TrafficRoutingConfig (SageMaker API CanarySize at most 50 %, LinearStepSize 10-50 %, Rolling MaximumBatchSize 5-50 % of the variant\'s instances; a warning) (https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_TrafficRoutingConfig.html, https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_CapacitySize.html)',
      severity: 'warning',
      check: ({ spec, instanceVariants }): Finding => {
        const step = spec && stepSize(spec);
        if (!spec || !step || spec.kind === 'ALL_AT_ONCE' || !known(step[1].value)) {
          return undefined;
        }
        const [property, size] = step;
        const { range, what } = SHARES[spec.kind];
        const outside = (share: number) => share > range.max || share < range.min;
        if (size.type === 'CAPACITY_PERCENT') {
          return outside(size.value / 100)
            ? `${py(property)} is ${size.value} %, but SageMaker documents ${what} of the variant's instances for it; `
              + 'the update may be rejected when it starts.'
            : undefined;
        }
        return instanceVariants.filter(v => v.instanceCount !== undefined && outside(size.value / v.instanceCount)).map(v =>
          `${ofVariant(v.variantName, py('initialInstanceCount'))} is ${v.instanceCount}, so ${py(property)} of ${size.value} `
          + `instance${size.value === 1 ? '' : 's'} is ${Math.round(size.value / v.instanceCount! * 100)} % of its instances, but SageMaker `
          + `documents ${what}; the update may be rejected when it starts. Use CapacitySize.percent() or more instances.`);
      },
    },
    {
      id: 'endpoint.deployment.maximumExecutionTimeout.tooShort',
      annotation: 'maximumExecutionTimeoutTooShort',
      source: 'SageMaker API BlueGreenUpdatePolicy (MaximumExecutionTimeoutInSeconds larger than TerminationWaitInSeconds + WaitIntervalInSeconds per step; a warning) (https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_BlueGreenUpdatePolicy.html)',
      severity: 'warning',
      check: ({ spec, instanceVariants }) => {
        const timeout = spec && seconds(spec.options.maximumExecutionTimeout);
        if (!spec || !spec.options.maximumExecutionTimeout || timeout === undefined) {
          return undefined;
        }
        const wait = waitSeconds(spec);
        const termination = spec.kind === 'ROLLING' ? 0 : seconds(spec.options.terminationWait);
        const counts = instanceVariants.map(v => v.instanceCount);
        const n = waits(spec, counts.length === 1 ? counts[0] : undefined);
        if (wait === undefined || termination === undefined || n === undefined) {
          return undefined;
        }
        const needed = termination + wait * n;
        return timeout <= needed
          ? `${py('deployment.maximumExecutionTimeout')} is ${timeout} seconds, not longer than the ${needed} seconds the deployment waits `
            + `(${py('terminationWait')} ${termination} s + ${py('waitInterval')} ${wait} s × ${n} step${n === 1 ? '' : 's'}): SageMaker stops the update and `
            + 'rolls it back before it can finish. Make it longer.'
          : undefined;
      },
    },
    {
      id: 'endpoint.deployment.fallback',
      annotation: 'deploymentGuardrailsFallback',
      source: 'SageMaker Developer Guide (Marketplace containers and ml.inf1 fall back to all at once without baking; SageMaker Developer Guide deployment-guardrails-exclusions; a warning) (https://docs.aws.amazon.com/sagemaker/latest/dg/deployment-guardrails-exclusions.html)',
      severity: 'warning',
      check: ({ spec, alarms, instanceVariants, shadowVariants }) => {
        const reasons = spec || alarms.length > 0 ? fallbackReasons([...instanceVariants, ...shadowVariants]) : [];
        return reasons.length > 0
          ? `deployment guardrails are set, but ${reasons.join('; ')}: SageMaker then updates the endpoint all at once without a baking `
            + 'period and ignores the strategy and rollback alarms.'
          : undefined;
      },
    },
    {
      id: 'endpoint.rollbackAlarms.importedConfig',
      cfn: 'it is about the grants this library makes to the models\' roles',
      annotation: 'rollbackAlarmsImportedConfig',
      source: 'SageMaker Developer Guide deployment-guardrails-configuration (the execution role needs cloudwatch:DescribeAlarms on the alarms; a warning) (https://docs.aws.amazon.com/sagemaker/latest/dg/deployment-guardrails-configuration.html)',
      severity: 'warning',
      check: ({ alarms, configKnown }) => alarms.length > 0 && !configKnown
        ? `${py('rollbackAlarms')} are set on an endpoint whose configuration is imported, so its models' execution roles are not known and `
          + 'cannot be granted cloudwatch:DescribeAlarms on the alarms, which SageMaker needs to watch them. Grant it to those roles.'
        : undefined,
    },
  ],
};

