import * as cdk from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import type {
  DetailedObservabilityAlarmsOptions,
  LatencyAlarmOptions,
  RecommendedAlarmOptions,
  RecommendedAlarmsOptions,
} from '../recommended-alarms';
import { BRANDS, hasBrand } from './facts';
import { gpuCount, isGpu, vcpuCount } from './instance-data';
import { CannedSource, COMPONENT_METRICS, ENDPOINT_METRICS, VARIANT_METRICS } from './metrics';
import { defaultAlarmPeriodSeconds, DETAILED_OBSERVABILITY_ALARMS, RECOMMENDED_ALARMS, type AlarmRuleSpec } from './rules/recommended-alarms';
import { enforce } from './rules/rule';

/*
 * The recommended alarms of variants, endpoints and inference components: which alarms a target can
 * have (only those whose metric it publishes), their defaults, and their construction. Error rates
 * are rates (errors / invocations in metric math) or `Sum` counts, never the average of a 0/1 metric
 * compared with 1. Every alarm created is remembered per target, for the dashboard's alarm widget.
 */

/** One alarm a target can have. */
export interface AlarmCandidate extends AlarmRuleSpec {
  /** The construct id and the end of the alarm name (`Invocation5XXErrorRate`). */
  readonly id: string;
  /** What fires, for the description (`more than {threshold} % of invocations returned 5XX errors`). */
  readonly what: (threshold: string) => string;
  /** The default threshold, in the option's unit. */
  readonly threshold: number;
  /** What the option's threshold is multiplied by to compare it with the metric (the vCPU count). */
  readonly scale?: number;
  /** The metric or expression, for a period. */
  readonly metric: (period: cdk.Duration, options: RecommendedAlarmOptions & LatencyAlarmOptions) => cloudwatch.IMetric;
}

/** A construct of this library that keeps the recommended alarms created for it (an endpoint or a component). */
export interface AlarmMemory {
  /** The alarms by key (a variant's name, or '' for the endpoint's or component's own). */
  readonly _recommendedAlarms: Map<string, cloudwatch.IAlarm[]>;
}

/** Where a target's alarms go and how they are described and remembered (recommended and PromQL alike). */
export interface AlarmOwner {
  /** Where the alarms' construct goes. */
  readonly scope: Construct;
  /** The target in the alarm descriptions (`SageMaker endpoint churn, variant A`; tokens allowed). */
  readonly description: string;
  /** The target in error messages. */
  readonly target: string;
  /** What the alarms are remembered on (the endpoint or component), under `key` (the variant name, or ''). */
  readonly owner: AlarmMemory;
  readonly key: string;
}

/** What a target hands to `createRecommendedAlarms()`. */
export interface AlarmTarget extends AlarmOwner {
  /** The configuration's metric publish frequency, in seconds, when known. */
  readonly publishFrequency?: number;
  readonly candidates: readonly AlarmCandidate[];
}

/**
 * The name of an alarm when the caller asks for names (`alarmNamePrefix`): `<prefix>-<variant>-<alarm>`
 * for a variant, `<prefix>-<alarm>` for an endpoint or a component. Otherwise CloudFormation names it
 * (unique in the account and region, as aws-cdk-lib's L2s leave it).
 */
function alarmName(prefix: string | undefined, key: string, alarm: string): string | undefined {
  return prefix === undefined ? undefined : [prefix, ...key ? [key] : [], alarm].join('-');
}

/** The alarm memory of an endpoint or component of this library (undefined for any other). */
export function alarmMemory(x: object): AlarmMemory | undefined {
  return hasBrand(x, BRANDS.endpoint) || hasBrand(x, BRANDS.inferenceComponent) ? x as AlarmMemory : undefined;
}

/** The recommended alarms created for a target so far. */
export function alarmsOf(owner: AlarmMemory, key: string): readonly cloudwatch.IAlarm[] {
  return owner._recommendedAlarms.get(key) ?? [];
}

function remember(owner: AlarmMemory, key: string, alarms: readonly cloudwatch.IAlarm[]): void {
  owner._recommendedAlarms.set(key, [...owner._recommendedAlarms.get(key) ?? [], ...alarms]);
}

/** Create the recommended alarms of a target, after checking the options. */
export function createRecommendedAlarms(id: string, target: AlarmTarget, options: RecommendedAlarmsOptions = {}): cloudwatch.Alarm[] {
  const byKey = options as Record<string, (RecommendedAlarmOptions & LatencyAlarmOptions) | undefined>;
  const created = target.candidates.filter(candidate => byKey[candidate.key]?.enabled ?? (candidate.applicable === true));
  enforce(target.scope, RECOMMENDED_ALARMS, {
    target: target.target,
    options,
    specs: target.candidates,
    publishFrequency: target.publishFrequency,
    alarmNames: created.flatMap(candidate => alarmName(options.alarmNamePrefix, target.key, candidate.id) ?? []),
  });
  const group = new Construct(target.scope, id);
  const period = options.period ?? cdk.Duration.seconds(defaultAlarmPeriodSeconds(target.publishFrequency));
  const seconds = period.toSeconds();
  const alarms = created.map(candidate => {
    const o = byKey[candidate.key] ?? {};
    const evaluationPeriods = o.evaluationPeriods ?? candidate.evaluationPeriods;
    const datapointsToAlarm = o.datapointsToAlarm ?? Math.min(candidate.datapointsToAlarm, evaluationPeriods);
    let threshold: number;
    let shown: string;
    if (candidate.latency) {
      const latency = o.threshold ?? cdk.Duration.millis(candidate.threshold);
      threshold = latency.toMilliseconds({ integral: false }) * 1000;
      shown = `${latency.toHumanString()} (p${o.percentile ?? 90})`;
    } else {
      const given = o.threshold ?? candidate.threshold;
      threshold = given * (candidate.scale ?? 1);
      shown = `${given}${candidate.unit === '%' ? ' %' : candidate.unit ? ` ${candidate.unit}` : ''}`;
    }
    const alarm = new cloudwatch.Alarm(group, candidate.id, {
      alarmName: alarmName(options.alarmNamePrefix, target.key, candidate.id),
      alarmDescription: `${target.description}: ${candidate.what(shown)} in ${datapointsToAlarm} of ${evaluationPeriods}`
        + ` periods of ${seconds} seconds.`,
      metric: candidate.metric(period, o),
      threshold,
      evaluationPeriods,
      datapointsToAlarm,
      comparisonOperator: candidate.inclusive
        ? cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD
        : cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: o.treatMissingData ?? cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(...options.alarmActions ?? []);
    alarm.addOkAction(...options.okActions ?? []);
    return alarm;
  });
  remember(target.owner, target.key, alarms);
  return alarms;
}

/** `100 * errors / invocations` per period, 0 without invocations. */
function errorRate(canned: CannedSource, errors: typeof VARIANT_METRICS.invocation5xxErrors,
  invocations: typeof VARIANT_METRICS.invocations, label: string) {
  return (period: cdk.Duration) => new cloudwatch.MathExpression({
    expression: 'IF(invocations > 0, 100 * errors / invocations, 0)',
    usingMetrics: { errors: canned(errors, { period }), invocations: canned(invocations, { period }) },
    label,
    period,
  });
}

const PERCENT = { maximum: 100, unit: '%' };

/** The error-rate, latency and utilization candidates shared by variants and components. */
function invocationCandidates(canned: CannedSource, metrics: typeof VARIANT_METRICS | typeof COMPONENT_METRICS,
  applicable: true | string, latencyDefaultMs: number): AlarmCandidate[] {
  return [{
    key: 'invocation5xxErrors',
    id: 'Invocation5XXErrorRate',
    applicable,
    ...PERCENT,
    threshold: 1,
    evaluationPeriods: 5,
    datapointsToAlarm: 3,
    what: t => `more than ${t} of invocations returned 5XX errors`,
    metric: errorRate(canned, metrics.invocation5xxErrors, metrics.invocations, '5XX error rate (%)'),
  }, {
    key: 'invocation4xxErrors',
    id: 'Invocation4XXErrorRate',
    applicable,
    ...PERCENT,
    threshold: 5,
    evaluationPeriods: 5,
    datapointsToAlarm: 3,
    what: t => `more than ${t} of invocations returned 4XX errors`,
    metric: errorRate(canned, metrics.invocation4xxErrors, metrics.invocations, '4XX error rate (%)'),
  }, latencyCandidate(canned, metrics.modelLatency, applicable, latencyDefaultMs)];
}

function latencyCandidate(canned: CannedSource, metric: typeof VARIANT_METRICS.modelLatency, applicable: true | string,
  defaultMs: number): AlarmCandidate {
  return {
    key: 'modelLatency',
    id: 'ModelLatency',
    applicable,
    unit: 'µs',
    latency: true,
    threshold: defaultMs,
    evaluationPeriods: 5,
    datapointsToAlarm: 3,
    what: t => `ModelLatency above ${t}`,
    metric: (period, o) => canned(metric, { period, statistic: `p${o.percentile ?? 90}` }),
  };
}

/** A `Sum` count above a threshold. */
function countCandidate(key: string, id: string, applicable: true | string | undefined, threshold: number,
  periods: [number, number], what: (t: string) => string, metric: (period: cdk.Duration) => cloudwatch.IMetric): AlarmCandidate {
  return { key, id, applicable, unit: '', threshold, evaluationPeriods: periods[0], datapointsToAlarm: periods[1], what, metric };
}

/** A percentage (average) above a threshold, optionally per vCPU or GPU. */
function utilizationCandidate(key: string, id: string, applicable: true | string | undefined, name: string,
  metric: (period: cdk.Duration) => cloudwatch.IMetric, scale?: { count: number; of: string }): AlarmCandidate {
  return {
    key,
    id,
    applicable,
    ...PERCENT,
    threshold: 90,
    evaluationPeriods: 10,
    datapointsToAlarm: 10,
    scale: scale?.count,
    what: t => scale ? `${name} above ${t} of ${scale.count} ${scale.of}` : `${name} above ${t}`,
    metric,
  };
}

/** 48 s: 80 % of the 60-second invocation timeout of real-time, serverless and component invocations. */
const REAL_TIME_LATENCY_MS = 48_000;
/** 12 min: 80 % of the 15-minute default invocation timeout of asynchronous invocations. */
const ASYNC_LATENCY_MS = 720_000;

/** What the alarms of an instance variant depend on. */
export interface InstanceVariantAlarmFacts {
  readonly canned: CannedSource;
  readonly asyncInference: boolean;
  /** Whether the variant hosts inference components (no model): invocations are published per component. */
  readonly componentHosting: boolean;
  /** The instance types, when known (resolved). */
  readonly instanceTypes?: readonly string[];
}

/** The alarms an instance variant can have. */
export function instanceVariantCandidates(f: InstanceVariantAlarmFacts): AlarmCandidate[] {
  const { canned } = f;
  const types = f.instanceTypes;
  const invocations: true | string = f.componentHosting
    ? 'the variant hosts inference components, whose invocation metrics are published per component'
      + ' (use the components\' addRecommendedAlarms(), add_recommended_alarms())'
    : true;
  const requests = f.asyncInference
    ? [countCandidate('invocation5xxErrors', 'Invocation5XXErrors', invocations, 0, [5, 3],
      t => `more than ${t} asynchronous requests returned 5XX errors per period`,
      period => canned(VARIANT_METRICS.invocation5xxErrors, { period })),
    countCandidate('invocation4xxErrors', 'Invocation4XXErrors', invocations, 10, [5, 3],
      t => `more than ${t} asynchronous requests returned 4XX errors per period`,
      period => canned(VARIANT_METRICS.invocation4xxErrors, { period })),
    latencyCandidate(canned, VARIANT_METRICS.modelLatency, invocations, ASYNC_LATENCY_MS)]
    : invocationCandidates(canned, VARIANT_METRICS, invocations, REAL_TIME_LATENCY_MS);
  const vcpus = types && types.length > 0 ? types.map(vcpuCount) : undefined;
  const gpus = types && types.length > 0 ? types.map(gpuCount) : undefined;
  const unknownType = 'the instance type is not known (give instanceType (instance_type) to instanceVariantByName(), instance_variant_by_name())';
  const cpuApplicable = vcpus === undefined ? unknownType
    : vcpus.some(v => v === undefined) ? `the vCPU count of ${types!.join(', ')} is not known` : true;
  const gpuApplicable = gpus === undefined ? unknownType
    : types!.some(t => !isGpu(t)) ? `${types!.filter(t => !isGpu(t)).join(', ')} has no GPU`
      : gpus.some(g => g === undefined) ? `the GPU count of ${types!.join(', ')} is not known` : true;
  const min = (counts: ReadonlyArray<number | undefined> | undefined) => Math.min(...(counts ?? []).map(c => c ?? 1));
  return [
    ...requests,
    utilizationCandidate('cpuUtilization', 'CPUUtilization', cpuApplicable, 'CPUUtilization',
      period => canned(VARIANT_METRICS.cpuUtilization, { period }), cpuApplicable === true ? { count: min(vcpus), of: 'vCPUs' } : undefined),
    utilizationCandidate('memoryUtilization', 'MemoryUtilization', true, 'MemoryUtilization',
      period => canned(VARIANT_METRICS.memoryUtilization, { period })),
    utilizationCandidate('diskUtilization', 'DiskUtilization', true, 'DiskUtilization',
      period => canned(VARIANT_METRICS.diskUtilization, { period })),
    utilizationCandidate('gpuUtilization', 'GPUUtilization', gpuApplicable, 'GPUUtilization',
      period => canned(VARIANT_METRICS.gpuUtilization, { period }), gpuApplicable === true ? { count: min(gpus), of: 'GPUs' } : undefined),
    utilizationCandidate('gpuMemoryUtilization', 'GPUMemoryUtilization', gpuApplicable, 'GPUMemoryUtilization',
      period => canned(VARIANT_METRICS.gpuMemoryUtilization, { period }),
      gpuApplicable === true ? { count: min(gpus), of: 'GPUs' } : undefined),
  ];
}

/** The alarms a serverless variant can have; `provisionedConcurrency` undefined when not known. */
export function serverlessVariantCandidates(canned: CannedSource, provisionedConcurrency: boolean | undefined): AlarmCandidate[] {
  return [
    ...invocationCandidates(canned, VARIANT_METRICS, true, REAL_TIME_LATENCY_MS),
    utilizationCandidate('memoryUtilization', 'MemoryUtilization', true, 'MemoryUtilization',
      period => canned(VARIANT_METRICS.serverlessMemoryUtilization, { period })),
    countCandidate('provisionedConcurrencySpillover', 'ProvisionedConcurrencySpillover',
      provisionedConcurrency === false ? 'the variant has no provisionedConcurrency' : provisionedConcurrency, 0, [5, 3],
      t => `more than ${t} invocations per period spilled over the provisioned concurrency (cold starts)`,
      period => canned(VARIANT_METRICS.serverlessProvisionedConcurrencySpilloverInvocations, { period })),
  ];
}

/** The endpoint-level alarms of an endpoint; `asyncInference` undefined when not known. */
export function endpointCandidates(canned: CannedSource, asyncInference: boolean | undefined): AlarmCandidate[] {
  return [{
    key: 'backlogWithoutCapacity',
    id: 'HasBacklogWithoutCapacity',
    applicable: asyncInference === false ? 'the endpoint is not asynchronous' : asyncInference,
    maximum: 1,
    inclusive: true,
    unit: '',
    threshold: 1,
    evaluationPeriods: 15,
    datapointsToAlarm: 15,
    what: () => 'requests were queued with no instance running',
    metric: period => canned(ENDPOINT_METRICS.hasBacklogWithoutCapacity, { period }),
  }];
}

/** What the alarms of an inference component depend on; undefined where not known (an import). */
export interface ComponentAlarmFacts {
  readonly canned: CannedSource;
  /** Whether the component is an adapter on a base component (it has no copies of its own). */
  readonly adapter?: boolean;
  /** Whether the component reserves accelerators. */
  readonly accelerators?: boolean;
}

/** The alarms an inference component can have. */
export function componentCandidates(f: ComponentAlarmFacts): AlarmCandidate[] {
  const { canned } = f;
  const own: true | string | undefined = f.adapter === true ? 'an adapter runs in the copies of its base component' : f.adapter === false ? true : undefined;
  const gpu = own !== true ? own : f.accelerators === false
    ? 'the component reserves no accelerators (computeResourceRequirements.numberOfAcceleratorDevicesRequired)' : f.accelerators;
  return [
    ...invocationCandidates(canned, COMPONENT_METRICS, true, REAL_TIME_LATENCY_MS),
    countCandidate('noCapacityInvocationFailures', 'NoCapacityInvocationFailures', own ?? true, 0, [10, 10],
      t => `more than ${t} invocations per period failed because no copy was running`,
      period => canned(COMPONENT_METRICS.noCapacityInvocationFailures, { period, statistic: cloudwatch.Stats.SUM })),
    utilizationCandidate('cpuUtilizationNormalized', 'CPUUtilizationNormalized', own, 'CPUUtilizationNormalized',
      period => canned(COMPONENT_METRICS.cpuUtilizationNormalized, { period })),
    utilizationCandidate('memoryUtilizationNormalized', 'MemoryUtilizationNormalized', own, 'MemoryUtilizationNormalized',
      period => canned(COMPONENT_METRICS.memoryUtilizationNormalized, { period })),
    utilizationCandidate('gpuUtilizationNormalized', 'GPUUtilizationNormalized', gpu, 'GPUUtilizationNormalized',
      period => canned(COMPONENT_METRICS.gpuUtilizationNormalized, { period })),
    utilizationCandidate('gpuMemoryUtilizationNormalized', 'GPUMemoryUtilizationNormalized', gpu, 'GPUMemoryUtilizationNormalized',
      period => canned(COMPONENT_METRICS.gpuMemoryUtilizationNormalized, { period })),
  ];
}

/** The labels of detailed observability metrics that select a target (`aws.sagemaker.endpoint.name`, ...). */
export type PromLabels = Record<string, string>;

/** What a target hands to `createDetailedObservabilityAlarms()`. */
export interface PromTarget extends AlarmOwner {
  readonly labels: PromLabels;
  /** The configuration's `enableDetailedObservability`, when known. */
  readonly detailedObservability?: boolean;
  /** Whether the target can have the insufficient-capacity alarm (an endpoint). */
  readonly endpointLevel: boolean;
}

/** A PromQL selector: the metric name and label matchers, every name quoted (UTF-8 PromQL). */
function selector(metric: string, labels: PromLabels): string {
  return `{${[`"${metric}"`, ...Object.entries(labels).map(([k, v]) => `"${k}"="${v}"`)].join(', ')}}`;
}

function by(labels: PromLabels): string {
  return Object.keys(labels).map(k => `"${k}"`).join(', ');
}

/** Create the PromQL alarms of a target, after checking the options. */
export function createDetailedObservabilityAlarms(id: string, target: PromTarget,
  options: DetailedObservabilityAlarmsOptions = {}): cloudwatch.PromQLAlarm[] {
  enforce(target.scope, DETAILED_OBSERVABILITY_ALARMS, {
    target: target.target,
    options,
    detailedObservability: target.detailedObservability,
    alarmNames: [
      ...options.timeToFirstToken ? ['TimeToFirstToken'] : [],
      ...target.endpointLevel && (options.insufficientCapacity ?? true) ? ['InsufficientCapacity'] : [],
    ].flatMap(alarm => alarmName(options.alarmNamePrefix, target.key, alarm) ?? []),
  });
  const group = new Construct(target.scope, id);
  const evaluationInterval = options.evaluationInterval ?? cdk.Duration.minutes(1);
  const alarms: cloudwatch.PromQLAlarm[] = [];
  const ttft = options.timeToFirstToken;
  if (ttft) {
    const p = ttft.percentile ?? 90;
    const threshold = ttft.threshold ?? cdk.Duration.seconds(2);
    const seconds = threshold.toMilliseconds({ integral: false }) / 1000;
    const metric = `${ttft.framework}:time_to_first_token_seconds`;
    alarms.push(new cloudwatch.PromQLAlarm(group, 'TimeToFirstToken', {
      alarmName: alarmName(options.alarmNamePrefix, target.key, 'TimeToFirstToken'),
      alarmDescription: `${target.description}: p${p} time to first token (${metric}) above ${threshold.toHumanString()}.`,
      query: `histogram_quantile(${p / 100}, sum by (${by(target.labels)}) (rate(${selector(metric, target.labels)}[5m]))) > ${seconds}`,
      evaluationInterval,
      pendingPeriod: ttft.pendingPeriod ?? cdk.Duration.minutes(3),
    }));
  }
  if (target.endpointLevel && (options.insufficientCapacity ?? true)) {
    alarms.push(new cloudwatch.PromQLAlarm(group, 'InsufficientCapacity', {
      alarmName: alarmName(options.alarmNamePrefix, target.key, 'InsufficientCapacity'),
      alarmDescription: `${target.description}: SageMaker could not get the instances it asked for (ICECount above 0 in 5 minutes).`,
      query: `sum by (${by(target.labels)}) (max_over_time(${selector('ICECount', target.labels)}[5m])) > 0`,
      evaluationInterval,
    }));
  }
  for (const alarm of alarms) {
    alarm.addAlarmAction(...options.alarmActions ?? []);
  }
  remember(target.owner, target.key, alarms);
  return alarms;
}
