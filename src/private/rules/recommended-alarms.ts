import type { Duration } from 'aws-cdk-lib';
import type {
  DetailedObservabilityAlarmsOptions,
  LatencyAlarmOptions,
  RecommendedAlarmOptions,
  RecommendedAlarmsOptions,
} from '../../recommended-alarms';
import { known, knownSeconds, literal, show } from '../validation';
import { ALARM_LIMITS } from './limits';
import { problem, py, RuleSet } from './rule';

/*
 * The rules of recommended and detailed-observability alarms: no alarm can be built that could never
 * fire (a metric the target does not publish, a threshold the metric cannot reach, a period shorter
 * than the metrics are published in), and CloudWatch's own limits on periods and evaluation.
 */

/** What the rules know of one alarm the target could have. */
export interface AlarmRuleSpec {
  /** The option that configures it (`invocation5xxErrors`). */
  readonly key: string;
  /**
   * true: the target publishes the metric; a string: why it does not (an alarm could never fire);
   * undefined: not known (an imported target), created only when turned on.
   */
  readonly applicable: true | string | undefined;
  /** The value the compared quantity cannot exceed (100 for a percentage), if any. */
  readonly maximum?: number;
  /** Whether the alarm fires at the threshold (>=) rather than above it (>). */
  readonly inclusive?: boolean;
  /** Whether the threshold is a percentage, for messages. */
  readonly unit: string;
  readonly evaluationPeriods: number;
  readonly datapointsToAlarm: number;
  /** Whether this is the latency alarm (a duration threshold). */
  readonly latency?: boolean;
}

/** What `addRecommendedAlarms()` hands to its rules. */
export interface RecommendedAlarmsInput {
  /** The target as messages name it (`variant 'AllTraffic' of endpoint 'churn'`). */
  readonly target: string;
  readonly options: RecommendedAlarmsOptions;
  /** The alarms the target can have. */
  readonly specs: readonly AlarmRuleSpec[];
  /** The configuration's metric publish frequency in seconds, when known. */
  readonly publishFrequency?: number;
  /** The names the alarms get from `alarmNamePrefix` (none without it). */
  readonly alarmNames?: readonly string[];
}

/** The rule of the names `alarmNamePrefix` gives, shared by both kinds of alarms. */
const ALARM_NAME_RULE = (id: string) => ({
  id,
  source: 'CloudFormation AWS::CloudWatch::Alarm AlarmName: 1-255 characters (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cloudwatch-alarm.html)',
  check: ({ options, alarmNames }: { options: { alarmNamePrefix?: string }; alarmNames?: readonly string[] }) => {
    const { min, max } = ALARM_LIMITS.alarmName;
    const prefix = options.alarmNamePrefix;
    if (!literal(prefix)) {
      return undefined;
    }
    if (prefix.length < min) {
      return problem('alarmNamePrefix must not be empty', 'alarmNamePrefix', "''", 'at least 1 character');
    }
    // a name that still holds a token elsewhere (the variant name) is measured as written: a token is longer
    const longest = [...alarmNames ?? []].filter(literal).sort((x, y) => y.length - x.length)[0];
    return longest !== undefined && longest.length > max
      ? problem(`The alarm name ${show(longest)} is longer than CloudWatch allows`, 'alarmNamePrefix',
        `${show(prefix)}, ${prefix.length} characters`, `a prefix that keeps every alarm name at most ${max} characters `
        + `(${max - (longest.length - prefix.length)} characters here)`)
      : undefined;
  },
});

/** Every per-alarm option of `RecommendedAlarmsOptions` (the fields that are not alarm-wide). */
const WIDE_OPTIONS = new Set(['alarmActions', 'okActions', 'period', 'alarmNamePrefix']);

function alarmOptions(options: RecommendedAlarmsOptions): Array<[string, RecommendedAlarmOptions & LatencyAlarmOptions]> {
  return Object.entries(options)
    .filter(([key, value]) => !WIDE_OPTIONS.has(key) && value !== undefined) as Array<[string, RecommendedAlarmOptions & LatencyAlarmOptions]>;
}

/**
 * The alarms' period when none is given: a minute, or the configuration's publish frequency rounded
 * up to whole minutes when it is longer (a shorter period would see data in too few periods).
 */
export function defaultAlarmPeriodSeconds(publishFrequency: number | undefined): number {
  return Math.max(60, Math.ceil((publishFrequency ?? 60) / 60) * 60);
}

export const RECOMMENDED_ALARMS: RuleSet<RecommendedAlarmsInput> = {
  name: 'Recommended alarms',
  cfn: 'it checks the alarms this library creates',
  rules: [{
    id: 'recommendedAlarms.enabled.neverFires',
    source: 'CloudWatch alarms (no alarm that can never fire); SageMaker CloudWatch metrics (which targets publish which metrics) (https://docs.aws.amazon.com/sagemaker/latest/dg/monitoring-cloudwatch.html, https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html)',
    check: ({ target, options, specs }) => alarmOptions(options).filter(([, o]) => o.enabled === true).map(([key]) => {
      const spec = specs.find(s => s.key === key);
      const why = spec === undefined ? `${target} does not publish its metric` : spec.applicable;
      return typeof why === 'string'
        ? problem(`The ${key} alarm could never fire: ${why}`, `${key}.enabled`, 'true', `false or unset for ${target}`)
        : undefined;
    }),
  }, {
    id: 'recommendedAlarms.options.notCreated',
    source: 'CloudWatch alarms, addRecommendedAlarms(): an alarm is created only for a metric its target publishes, so its options would be dropped silently (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html)',
    severity: 'warning',
    check: ({ target, options, specs }) => alarmOptions(options).filter(([, o]) => o.enabled === undefined).map(([key, o]) => {
      const spec = specs.find(s => s.key === key);
      if (spec?.applicable === true) {
        return undefined;
      }
      const why = spec === undefined ? `${target} does not publish its metric`
        : spec.applicable ?? `the metric of ${target} is not known to be published, so the alarm is created only when enabled is true`;
      const given = Object.entries(o).filter(([, v]) => v !== undefined).map(([k]) => py(k));
      return `${py(key)} options are given${given.length > 0 ? ` (${given.join(', ')})` : ''}, but the ${key} alarm is not created: ${why}. `
        + (spec !== undefined && spec.applicable === undefined ? 'Set enabled to true to create it, or remove the options.' : 'Remove the options.');
    }),
  }, {
    id: 'recommendedAlarms.threshold',
    source: 'CloudWatch alarms (a threshold the metric cannot reach never fires) (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html)',
    check: ({ options, specs }) => alarmOptions(options).map(([key, o]) => {
      const spec = specs.find(s => s.key === key);
      if (spec === undefined || spec.latency || !known(o.threshold)) {
        return undefined;
      }
      const t = o.threshold;
      const max = spec.maximum;
      if (!Number.isFinite(t) || t < 0) {
        return problem(`The ${key} alarm's threshold must be 0 or more`, `${key}.threshold`, show(t), `0 or more ${spec.unit}`.trim());
      }
      if (max !== undefined && (spec.inclusive ? t > max : t >= max)) {
        return problem(`The ${key} alarm could never fire: the metric cannot exceed ${max} ${spec.unit}`.trimEnd(),
          `${key}.threshold`, show(t), `${spec.inclusive ? `at most ${max}` : `below ${max}`} ${spec.unit}`.trimEnd());
      }
      return undefined;
    }),
  }, {
    id: 'recommendedAlarms.latency',
    source: 'CloudWatch percentile statistics (p0 < p < p100); ModelLatency is published in microseconds (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Statistics-definitions.html)',
    check: ({ options }) => {
      const o = options.modelLatency;
      if (o === undefined) {
        return undefined;
      }
      return [
        checkPercentile('modelLatency.percentile', o.percentile),
        checkLatency('modelLatency.threshold', o.threshold),
      ];
    },
  }, {
    id: 'recommendedAlarms.evaluation',
    source: 'CloudWatch PutMetricAlarm (EvaluationPeriods ≥ 1, DatapointsToAlarm ≤ EvaluationPeriods) (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html)',
    check: ({ options, specs }) => alarmOptions(options).flatMap(([key, o]) => {
      const spec = specs.find(s => s.key === key);
      const periods = o.evaluationPeriods ?? spec?.evaluationPeriods;
      const datapoints = o.datapointsToAlarm ?? (spec && known(periods) ? Math.min(spec.datapointsToAlarm, periods) : undefined);
      const found: Array<string | undefined> = [];
      if (known(o.evaluationPeriods) && (!Number.isInteger(o.evaluationPeriods) || o.evaluationPeriods < 1)) {
        found.push(problem(`The ${key} alarm's evaluationPeriods must be an integer 1 or more`, `${key}.evaluationPeriods`,
          show(o.evaluationPeriods), 'an integer 1 or more'));
      } else if (known(datapoints) && known(periods) && (!Number.isInteger(datapoints) || datapoints < 1 || datapoints > periods)) {
        found.push(problem(`The ${key} alarm's datapointsToAlarm must be from 1 to its evaluationPeriods`, `${key}.datapointsToAlarm`,
          show(datapoints), `an integer from 1 to ${periods}`));
      }
      return found;
    }),
  }, {
    id: 'recommendedAlarms.period',
    source: 'CloudWatch PutMetricAlarm Period (10, 30 or a multiple of 60 s); SageMaker CloudWatch metrics (MetricPublishFrequencyInSeconds) (https://docs.aws.amazon.com/sagemaker/latest/dg/monitoring-cloudwatch.html, https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html)',
    check: ({ options, publishFrequency }) => {
      const p = knownSeconds(options.period);
      if (p === undefined) {
        return undefined;
      }
      if (!(ALARM_LIMITS.subMinutePeriods as readonly number[]).includes(p) && (p <= 0 || p % 60 !== 0)) {
        return problem('The alarms\' period must be 10 seconds, 30 seconds or a multiple of 60 seconds', 'period', `${p} seconds`,
          '10, 30, 60, 120, ... seconds');
      }
      if (publishFrequency !== undefined && p < publishFrequency) {
        return problem('The alarms could never fire: their period is shorter than the metrics are published in', 'period',
          `${p} seconds`, `at least the endpoint configuration's ${py('metricPublishFrequency')}, ${publishFrequency} seconds`);
      }
      return undefined;
    },
  }, ALARM_NAME_RULE('recommendedAlarms.alarmNamePrefix'), {
    id: 'recommendedAlarms.evaluationRange',
    source: 'CloudWatch PutMetricAlarm (Period × EvaluationPeriods at most 1 day, 7 days for periods of an hour or more) (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html)',
    check: ({ options, specs, publishFrequency }) => {
      const p = knownSeconds(options.period) ?? defaultAlarmPeriodSeconds(publishFrequency);
      const limit = p >= 3600 ? ALARM_LIMITS.evaluationRangeSecondsHourly : ALARM_LIMITS.evaluationRangeSeconds;
      return specs.map(spec => {
        const o = (options as Record<string, RecommendedAlarmOptions | undefined>)[spec.key];
        const periods = o?.evaluationPeriods ?? spec.evaluationPeriods;
        return known(periods) && periods * p > limit
          ? problem(`The ${spec.key} alarm evaluates more than CloudWatch allows`, `${spec.key}.evaluationPeriods`,
            `${periods} periods of ${p} seconds`, `at most ${limit} seconds in all`)
          : undefined;
      });
    },
  }],
};

function checkPercentile(property: string, p: number | undefined): string | undefined {
  const { min, max } = ALARM_LIMITS.percentile;
  return known(p) && !(p > min && p < max)
    ? problem(`${property} must be above ${min} and below ${max}`, property, show(p), `a number above ${min} and below ${max}`)
    : undefined;
}

function checkLatency(property: string, d: Duration | undefined): string | undefined {
  return d !== undefined && !d.isUnresolved() && d.toMilliseconds({ integral: false }) < ALARM_LIMITS.latencyMilliseconds
    ? problem(`${property} must be at least 1 millisecond`, property, `${d.toMilliseconds({ integral: false })} ms`,
      'a duration of 1 millisecond or more')
    : undefined;
}

/** What `addDetailedObservabilityAlarms()` hands to its rules. */
export interface DetailedObservabilityInput {
  readonly target: string;
  readonly options: DetailedObservabilityAlarmsOptions;
  /** The configuration's `enableDetailedObservability`, when known. */
  readonly detailedObservability?: boolean;
  /** The names the alarms get from `alarmNamePrefix` (none without it). */
  readonly alarmNames?: readonly string[];
}

export const DETAILED_OBSERVABILITY_ALARMS: RuleSet<DetailedObservabilityInput> = {
  name: 'Detailed observability alarms',
  cfn: 'it checks the alarms this library creates',
  rules: [{
    id: 'detailedObservabilityAlarms.disabled',
    source: 'SageMaker API MetricsConfig (EnableDetailedObservability) (https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_MetricsConfig.html)',
    check: ({ target, detailedObservability }) => detailedObservability === false
      ? problem(`The alarms of ${target} could never fire: its endpoint configuration turns detailed observability off`,
        'metricsConfig.enableDetailedObservability', 'false', 'true or unset (on for configurations created after 2026-06-17)')
      : undefined,
  }, {
    id: 'detailedObservabilityAlarms.timeToFirstToken',
    source: 'PromQL histogram_quantile (0 < φ < 1) (https://prometheus.io/docs/prometheus/latest/querying/functions/#histogram_quantile)',
    check: ({ options }) => {
      const t = options.timeToFirstToken;
      return t && [checkPercentile('timeToFirstToken.percentile', t.percentile), checkLatency('timeToFirstToken.threshold', t.threshold),
        t.pendingPeriod !== undefined && !t.pendingPeriod.isUnresolved()
          && !Number.isInteger(t.pendingPeriod.toSeconds({ integral: false }))
          ? problem('timeToFirstToken.pendingPeriod must be whole seconds', 'timeToFirstToken.pendingPeriod',
            `${t.pendingPeriod.toSeconds({ integral: false })} seconds`, 'whole seconds, 0 or more')
          : undefined];
    },
  }, ALARM_NAME_RULE('detailedObservabilityAlarms.alarmNamePrefix'), {
    id: 'detailedObservabilityAlarms.evaluationInterval',
    source: 'CloudWatch PromQL alarms (EvaluationInterval 10 to 3600 seconds) (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html)',
    check: ({ options: { evaluationInterval: i } }) => {
      const { min, max } = ALARM_LIMITS.evaluationIntervalSeconds;
      const s = knownSeconds(i);
      return s !== undefined && (s < min || s > max || !Number.isInteger(s))
        ? problem(`evaluationInterval must be between ${min} and ${max} seconds`, 'evaluationInterval', `${s} seconds`,
          `whole seconds from ${min} to ${max}`)
        : undefined;
    },
  }],
};
