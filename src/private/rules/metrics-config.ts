import type { MetricsConfigProps } from '../../metrics-config';
import { checkOneOf } from '../validation';
import { METRICS_CONFIG_LIMITS } from './limits';
import { RuleSet } from './rule';

/* The rules of `metricsConfig` (CloudFormation AWS::SageMaker::EndpointConfig MetricsConfig). */

export const METRICS_CONFIG: RuleSet<MetricsConfigProps> = {
  name: 'Metrics config',
  rules: [{
    id: 'metricsConfig.metricPublishFrequency',
    source: 'CloudFormation AWS::SageMaker::EndpointConfig MetricsConfig.MetricPublishFrequencyInSeconds enum (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-sagemaker-endpointconfig.html)',
    check: ({ metricPublishFrequency: f }) => f === undefined || f.isUnresolved() ? undefined
      : checkOneOf('metricsConfig.metricPublishFrequency (seconds)', f.toSeconds({ integral: false }),
        METRICS_CONFIG_LIMITS.publishFrequencySeconds),
  }],
};
