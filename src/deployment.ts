import { Duration } from 'aws-cdk-lib';
import { DeploymentKind, DeploymentSpec } from './private/deployment';

/**
 * The unit of a `CapacitySize` (`CapacitySize.Type`).
 */
export enum CapacitySizeType {
  /** A number of instances. */
  INSTANCE_COUNT = 'INSTANCE_COUNT',
  /** A percentage of the variant's instances (of an inference component's copies). */
  CAPACITY_PERCENT = 'CAPACITY_PERCENT',
  /** A number of copies of an inference component (its rolling deployments only). */
  COPY_COUNT = 'COPY_COUNT',
}

/**
 * A part of a variant's fleet that a deployment step moves: a number of instances or a percentage
 * of them (`CapacitySize`); for an inference component, a number of its copies or a percentage of
 * them.
 */
export class CapacitySize {
  /**
   * A number of instances (`INSTANCE_COUNT`): a whole number, 1 or more.
   *
   * @param count the number of instances
   */
  public static instances(count: number): CapacitySize {
    return new CapacitySize(CapacitySizeType.INSTANCE_COUNT, count);
  }

  /**
   * A number of copies of an inference component (`COPY_COUNT`): a whole number, 1 or more. Only
   * for the rolling deployment of an `InferenceComponent`.
   *
   * @param count the number of copies
   */
  public static copies(count: number): CapacitySize {
    return new CapacitySize(CapacitySizeType.COPY_COUNT, count);
  }

  /**
   * A percentage of the variant's instances, or of an inference component's copies
   * (`CAPACITY_PERCENT`): a whole number, 1 or more.
   *
   * @param percent the percentage, for example 25
   */
  public static percent(percent: number): CapacitySize {
    return new CapacitySize(CapacitySizeType.CAPACITY_PERCENT, percent);
  }

  /**
   * @param type the unit of `value`
   * @param value the number of instances or the percentage
   */
  private constructor(
    /** The unit of `value`. */
    public readonly type: CapacitySizeType,
    /** The number of instances or the percentage. */
    public readonly value: number,
  ) {}
}

/**
 * What every deployment strategy may set.
 */
export interface DeploymentOptions {
  /**
   * The longest the whole deployment may take before SageMaker stops it and rolls back
   * (`MaximumExecutionTimeoutInSeconds`): whole seconds from 10 minutes to 8 hours. It should be
   * longer than the termination wait plus the wait intervals of all steps.
   *
   * @default - SageMaker's default
   */
  readonly maximumExecutionTimeout?: Duration;
}

/**
 * What the blue/green strategies (all at once, canary, linear) may set.
 */
export interface BlueGreenDeploymentOptions extends DeploymentOptions {
  /**
   * How long SageMaker keeps the old fleet after all traffic has moved to the new one, before it
   * terminates it (`TerminationWaitInSeconds`): whole seconds from 0 to 1 hour.
   *
   * @default Duration.seconds(0)
   */
  readonly terminationWait?: Duration;
}

/**
 * An all-at-once blue/green deployment.
 */
export interface AllAtOnceDeploymentOptions extends BlueGreenDeploymentOptions {
  /**
   * The baking period after all traffic has moved, while SageMaker watches the rollback alarms
   * (`WaitIntervalInSeconds`): whole seconds from 0 to 1 hour.
   *
   * @default Duration.seconds(0)
   */
  readonly waitInterval?: Duration;
}

/**
 * A canary blue/green deployment: a part of the traffic first, then the rest.
 */
export interface CanaryDeploymentOptions extends BlueGreenDeploymentOptions {
  /**
   * The part of the new fleet that takes traffic first (`CanarySize`); SageMaker asks for at most
   * 50 % of the variant's instances.
   */
  readonly canarySize: CapacitySize;

  /**
   * How long SageMaker watches the rollback alarms after the canary step, and again after the rest
   * has moved (`WaitIntervalInSeconds`): whole seconds from 0 to 1 hour.
   */
  readonly waitInterval: Duration;
}

/**
 * A linear blue/green deployment: the traffic moves in equal steps.
 */
export interface LinearDeploymentOptions extends BlueGreenDeploymentOptions {
  /**
   * The part of the new fleet that each step adds (`LinearStepSize`); SageMaker asks for 10 % to
   * 50 % of the variant's instances.
   */
  readonly stepSize: CapacitySize;

  /**
   * How long SageMaker watches the rollback alarms after each step (`WaitIntervalInSeconds`):
   * whole seconds from 0 to 1 hour.
   */
  readonly waitInterval: Duration;
}

/**
 * A rolling deployment: the fleet is updated in batches, without a second full fleet.
 */
export interface RollingDeploymentOptions extends DeploymentOptions {
  /**
   * The instances updated in one batch (`MaximumBatchSize`); SageMaker asks for 5 % to 50 % of the
   * variant's instances. For an inference component: the copies updated in one batch
   * (`CapacitySize.copies()` or `percent()`).
   */
  readonly maximumBatchSize: CapacitySize;

  /**
   * How long SageMaker watches the rollback alarms after each batch (`WaitIntervalInSeconds`):
   * whole seconds from 0 to 1 hour.
   */
  readonly waitInterval: Duration;

  /**
   * The instances rolled back in one batch when an alarm fires (`RollbackMaximumBatchSize`).
   *
   * @default - all at once (100 %)
   */
  readonly rollbackMaximumBatchSize?: CapacitySize;
}

/**
 * How SageMaker moves an endpoint to a new configuration (`DeploymentConfig`): blue/green with
 * all-at-once, canary or linear traffic shifting, or a rolling update. Together with
 * `EndpointProps.rollbackAlarms`, SageMaker rolls the update back when an alarm fires during it.
 *
 * @see https://docs.aws.amazon.com/sagemaker/latest/dg/deployment-guardrails.html
 */
export class DeploymentStrategy {
  /**
   * Blue/green: all traffic moves to the new fleet at once, then the baking period.
   *
   * @param options the baking period and timeouts
   */
  public static allAtOnce(options: AllAtOnceDeploymentOptions = {}): DeploymentStrategy {
    return new DeploymentStrategy('ALL_AT_ONCE', options);
  }

  /**
   * Blue/green: the canary takes traffic first; after the wait interval without an alarm, the rest
   * moves.
   *
   * @param options the canary size, wait interval and timeouts
   */
  public static canary(options: CanaryDeploymentOptions): DeploymentStrategy {
    return new DeploymentStrategy('CANARY', options);
  }

  /**
   * Blue/green: the traffic moves in steps of `stepSize`, with the wait interval after each.
   *
   * @param options the step size, wait interval and timeouts
   */
  public static linear(options: LinearDeploymentOptions): DeploymentStrategy {
    return new DeploymentStrategy('LINEAR', options);
  }

  /**
   * Rolling: the instances are updated in batches of `maximumBatchSize`, with the wait interval
   * after each. Only for endpoints with one instance variant. The one strategy of an
   * `InferenceComponent`, whose copies are updated in batches.
   *
   * @param options the batch sizes, wait interval and timeout
   */
  public static rolling(options: RollingDeploymentOptions): DeploymentStrategy {
    return new DeploymentStrategy('ROLLING', options);
  }

  /**
   * The strategy and its options, as the endpoint or component renders them.
   *
   * @internal
   */
  public readonly _spec: DeploymentSpec;

  private constructor(kind: DeploymentKind, options: object) {
    this._spec = { kind, options } as DeploymentSpec;
  }
}
