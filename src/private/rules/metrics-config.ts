import type { MetricsConfigProps } from '../../metrics-config';
import { checkOneOf } from '../validation';
import { METRICS_CONFIG_LIMITS } from './limits';
import { RuleSet } from './rule';

/* The rules of `metricsConfig` (sagemaker-constraints.md §2 MetricsConfig). */

export const METRICS_CONFIG: RuleSet<MetricsConfigProps> = {
  name: 'Metrics config',
  rules: [{
    id: 'metricsConfig.metricPublishFrequency',
    source: '§2 MetricsConfig.MetricPublishFrequencyInSeconds enum',
    check: ({ metricPublishFrequency: f }) => f === undefined || f.isUnresolved() ? undefined
      : checkOneOf('metricsConfig.metricPublishFrequency (seconds)', f.toSeconds({ integral: false }),
        METRICS_CONFIG_LIMITS.publishFrequencySeconds),
  }],
};
