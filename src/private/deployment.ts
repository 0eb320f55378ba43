import { Duration } from 'aws-cdk-lib';
import type { IAlarm } from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { CfnEndpoint, CfnInferenceComponent } from 'aws-cdk-lib/aws-sagemaker';
import type {
  AllAtOnceDeploymentOptions, CanaryDeploymentOptions, CapacitySize, LinearDeploymentOptions, RollingDeploymentOptions,
} from '../deployment';
import { failUnscoped, tagged } from './errors';
import { onHostedModels } from './facts';

/*
 * What a DeploymentStrategy holds (its `@internal` `_spec`), and how an endpoint's deployment
 * configuration is rendered.
 */

/** The strategies: the three traffic-shifting modes of blue/green, and rolling. */
export type DeploymentKind = 'ALL_AT_ONCE' | 'CANARY' | 'LINEAR' | 'ROLLING';

/** A strategy with its options. */
export type DeploymentSpec =
  | { readonly kind: 'ALL_AT_ONCE'; readonly options: AllAtOnceDeploymentOptions }
  | { readonly kind: 'CANARY'; readonly options: CanaryDeploymentOptions }
  | { readonly kind: 'LINEAR'; readonly options: LinearDeploymentOptions }
  | { readonly kind: 'ROLLING'; readonly options: RollingDeploymentOptions };

/** What a strategy holds; a strategy not made by the factories (a jsii subclass) is an error. */
export function deploymentSpec(strategy: object): DeploymentSpec {
  const spec = (strategy as { readonly _spec?: DeploymentSpec })._spec;
  if (!spec) {
    failUnscoped([tagged('A DeploymentStrategy must come from DeploymentStrategy.allAtOnce(), canary(), linear() or rolling()',
      'deployment.strategy.factory')]);
  }
  return spec;
}

/** The size a step, batch or canary moves, as a share of `instances` (a fraction), when it can be known. */
export function shareOf(size: CapacitySize, instances: number | undefined): number | undefined {
  if (size.type === 'CAPACITY_PERCENT') {
    return size.value / 100;
  }
  return instances === undefined ? undefined : size.value / instances;
}

function capacity(size: CapacitySize | undefined): CfnEndpoint.CapacitySizeProperty | undefined {
  return size && { type: size.type, value: size.value };
}

/** `DeploymentConfig`, or undefined when neither a strategy nor alarms are given. */
export function renderDeploymentConfig(spec: DeploymentSpec | undefined, alarms: readonly IAlarm[]):
CfnEndpoint.DeploymentConfigProperty | undefined {
  if (!spec && alarms.length === 0) {
    return undefined;
  }
  const autoRollbackConfiguration = alarms.length > 0 ? { alarms: alarms.map(alarm => ({ alarmName: alarm.alarmName })) } : undefined;
  if (spec?.kind === 'ROLLING') {
    const o = spec.options;
    return {
      autoRollbackConfiguration,
      rollingUpdatePolicy: {
        maximumBatchSize: capacity(o.maximumBatchSize)!,
        waitIntervalInSeconds: o.waitInterval.toSeconds(),
        rollbackMaximumBatchSize: capacity(o.rollbackMaximumBatchSize),
        maximumExecutionTimeoutInSeconds: o.maximumExecutionTimeout?.toSeconds(),
      },
    };
  }
  const blueGreen = spec ?? { kind: 'ALL_AT_ONCE' as const, options: {} };
  const o = blueGreen.options;
  return {
    autoRollbackConfiguration,
    blueGreenUpdatePolicy: {
      trafficRoutingConfiguration: {
        type: blueGreen.kind,
        waitIntervalInSeconds: (o.waitInterval ?? Duration.seconds(0)).toSeconds(),
        canarySize: blueGreen.kind === 'CANARY' ? capacity(blueGreen.options.canarySize) : undefined,
        linearStepSize: blueGreen.kind === 'LINEAR' ? capacity(blueGreen.options.stepSize) : undefined,
      },
      terminationWaitInSeconds: o.terminationWait?.toSeconds(),
      maximumExecutionTimeoutInSeconds: o.maximumExecutionTimeout?.toSeconds(),
    },
  };
}

/**
 * An inference component's `DeploymentConfig`: the rolling update policy with the rollback alarms,
 * or undefined without a strategy (the rules reject alarms without one, and any other strategy).
 */
export function renderComponentDeploymentConfig(spec: DeploymentSpec | undefined, alarms: readonly IAlarm[]):
CfnInferenceComponent.InferenceComponentDeploymentConfigProperty | undefined {
  if (spec?.kind !== 'ROLLING') {
    return undefined;
  }
  const o = spec.options;
  return {
    autoRollbackConfiguration: alarms.length > 0 ? { alarms: alarms.map(alarm => ({ alarmName: alarm.alarmName })) } : undefined,
    rollingUpdatePolicy: {
      maximumBatchSize: capacity(o.maximumBatchSize),
      waitIntervalInSeconds: o.waitInterval.toSeconds(),
      rollbackMaximumBatchSize: capacity(o.rollbackMaximumBatchSize),
      maximumExecutionTimeoutInSeconds: o.maximumExecutionTimeout?.toSeconds(),
    },
  };
}

/**
 * An endpoint's rollback alarms: the list (props and `addRollbackAlarm()`), and the grant of
 * `cloudwatch:DescribeAlarms` on them to every model the configuration hosts, now or later (one
 * statement per model, which later alarms join).
 */
export class RollbackAlarms {
  public readonly alarms: IAlarm[] = [];
  private readonly statements: iam.PolicyStatement[] = [];
  private granting = false;

  constructor(private readonly config: object) {}

  public add(alarm: IAlarm): void {
    this.alarms.push(alarm);
    this.statements.forEach(statement => statement.addResources(alarm.alarmArn));
    if (!this.granting) {
      this.granting = true;
      // SageMaker reads the alarms with the execution role of the models (SageMaker Developer Guide)
      onHostedModels(this.config, model => {
        const statement = new iam.PolicyStatement({ actions: ['cloudwatch:DescribeAlarms'], resources: this.alarms.map(a => a.alarmArn) });
        this.statements.push(statement);
        model.grantPrincipal.addToPrincipalPolicy(statement);
      });
    }
  }
}
