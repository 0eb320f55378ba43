import { Duration } from 'aws-cdk-lib';

/**
 * The metrics an endpoint publishes (`MetricsConfig`).
 *
 * @see https://docs.aws.amazon.com/sagemaker/latest/dg/monitoring-cloudwatch.html
 */
export interface MetricsConfigProps {
  /**
   * Publish SageMaker's detailed observability metrics, queryable with PromQL
   * (`EnableDetailedObservability`).
   *
   * Leaving it unset leaves the choice to SageMaker, which turns detailed observability on for
   * endpoint configurations created after 2026-06-17. Configurations cannot be changed in place:
   * turning it off later creates a new configuration.
   *
   * @default - SageMaker's default (on for configurations created after 2026-06-17)
   */
  readonly enableDetailedObservability?: boolean;

  /**
   * Publish enhanced metrics: per-instance and per-container utilization and invocation metrics
   * (`EnableEnhancedMetrics`).
   *
   * @default - SageMaker's default
   */
  readonly enableEnhancedMetrics?: boolean;

  /**
   * How often metrics are published: 10, 30, 60, 120, 180, 240 or 300 seconds
   * (`MetricPublishFrequencyInSeconds`).
   *
   * @default - SageMaker's default
   */
  readonly metricPublishFrequency?: Duration;
}
