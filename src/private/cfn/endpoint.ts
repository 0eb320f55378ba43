import { Token } from 'aws-cdk-lib';
import { CapacitySize } from '../../deployment';
import type { DeploymentSpec } from '../deployment';
import { modelFactsOf } from './model';
import { scaledVariants } from './scaling';
import { bool, list, naming, Naming, num, obj, str, TemplateResource, TemplateView } from './template';
import { Run, seconds, tagsOf } from './values';
import { configOf, instanceTypesOf, ReadVariant, readVariants } from './variants';
import { DEPLOYMENT, DEPLOYMENT_PROPS, DeploymentVariant } from '../rules/deployment';
import { ENDPOINT, ENDPOINT_PROPS } from '../rules/endpoint';

/*
 * The CloudFormation door for AWS::SageMaker::Endpoint: its name, retained variant properties and
 * deployment guardrails, against the configuration it names.
 */

/** A capacity size of a deployment (`{ Type, Value }`), as `CapacitySize` holds it. */
function capacity(value: unknown): CapacitySize | undefined {
  const size = obj(value);
  const n = num(size?.Value);
  if (n === undefined) {
    return undefined;
  }
  switch (str(size?.Type)) {
    case 'INSTANCE_COUNT': return CapacitySize.instances(n);
    case 'COPY_COUNT': return CapacitySize.copies(n);
    case 'CAPACITY_PERCENT': return CapacitySize.percent(n);
    default: return undefined;
  }
}

/** The strategy of `DeploymentConfig`, as a `DeploymentStrategy` holds it (none when what the kind needs is missing: cfn-lint reports it). */
export function deploymentSpecOf(value: unknown): DeploymentSpec | undefined {
  const config = obj(value);
  const rolling = obj(config?.RollingUpdatePolicy);
  if (rolling) {
    const maximumBatchSize = capacity(rolling.MaximumBatchSize);
    const waitInterval = seconds(rolling.WaitIntervalInSeconds);
    return maximumBatchSize && waitInterval ? {
      kind: 'ROLLING',
      options: {
        maximumBatchSize,
        waitInterval,
        rollbackMaximumBatchSize: capacity(rolling.RollbackMaximumBatchSize),
        maximumExecutionTimeout: seconds(rolling.MaximumExecutionTimeoutInSeconds),
      },
    } : undefined;
  }
  const blueGreen = obj(config?.BlueGreenUpdatePolicy);
  const routing = obj(blueGreen?.TrafficRoutingConfiguration);
  if (!blueGreen || !routing) {
    return undefined;
  }
  const common = {
    terminationWait: seconds(blueGreen.TerminationWaitInSeconds),
    maximumExecutionTimeout: seconds(blueGreen.MaximumExecutionTimeoutInSeconds),
  };
  const waitInterval = seconds(routing.WaitIntervalInSeconds);
  const canarySize = capacity(routing.CanarySize);
  const stepSize = capacity(routing.LinearStepSize);
  switch (str(routing.Type)) {
    case 'ALL_AT_ONCE': return { kind: 'ALL_AT_ONCE', options: { ...common, waitInterval } };
    case 'CANARY': return canarySize && waitInterval ? { kind: 'CANARY', options: { ...common, canarySize, waitInterval } } : undefined;
    case 'LINEAR': return stepSize && waitInterval ? { kind: 'LINEAR', options: { ...common, stepSize, waitInterval } } : undefined;
    default: return undefined;
  }
}

export const DEPLOYMENT_PATHS: Readonly<Record<string, string>> = {
  'deployment.canarySize': 'DeploymentConfig.BlueGreenUpdatePolicy.TrafficRoutingConfiguration.CanarySize.Value',
  'deployment.stepSize': 'DeploymentConfig.BlueGreenUpdatePolicy.TrafficRoutingConfiguration.LinearStepSize.Value',
  'deployment.maximumBatchSize': 'DeploymentConfig.RollingUpdatePolicy.MaximumBatchSize.Value',
  'deployment.rollbackMaximumBatchSize': 'DeploymentConfig.RollingUpdatePolicy.RollbackMaximumBatchSize.Value',
  'deployment.terminationWait': 'DeploymentConfig.BlueGreenUpdatePolicy.TerminationWaitInSeconds',
  'rollbackAlarms': 'DeploymentConfig.AutoRollbackConfiguration.Alarms',
  'deployment': 'DeploymentConfig',
};

function endpointNaming(spec: DeploymentSpec | undefined): Naming {
  const policy = spec?.kind === 'ROLLING' ? 'DeploymentConfig.RollingUpdatePolicy' : 'DeploymentConfig.BlueGreenUpdatePolicy';
  return naming(name => {
    if (DEPLOYMENT_PATHS[name]) {
      return { at: DEPLOYMENT_PATHS[name], rest: '' };
    }
    if (name === 'deployment.waitInterval') {
      return { at: spec?.kind === 'ROLLING' ? `${policy}.WaitIntervalInSeconds` : `${policy}.TrafficRoutingConfiguration.WaitIntervalInSeconds`, rest: '' };
    }
    if (name === 'deployment.maximumExecutionTimeout') {
      return { at: `${policy}.MaximumExecutionTimeoutInSeconds`, rest: '' };
    }
    return undefined;
  });
}

/** The variants of a deployment, as the deployment rules read them. */
function deploymentVariants(variants: readonly ReadVariant[]): DeploymentVariant[] {
  return variants.filter(v => obj(v.properties.ServerlessConfig) === undefined).map(v => {
    const count = num(v.properties.InitialInstanceCount) ?? 1;
    return {
      variantName: v.name,
      instanceCount: Token.isUnresolved(count) ? undefined : count,
      instanceTypes: instanceTypesOf(v.properties).map(t => t.toString()),
      modelPackage: (modelFactsOf(v.model)?.modelPackages.length ?? 0) > 0,
    };
  });
}

export function checkEndpoint(view: TemplateView, r: TemplateResource, run: Run): void {
  const p = r.properties;
  const spec = deploymentSpecOf(p.DeploymentConfig);
  const names = endpointNaming(spec);
  run(ENDPOINT_PROPS, { props: { endpointName: str(p.EndpointName) }, env: view.env }, names);
  const excluded = list(p.ExcludeRetainedVariantProperties);
  run(ENDPOINT, {
    tags: tagsOf(r),
    retainAllVariantProperties: bool(p.RetainAllVariantProperties),
    excludeRetainedVariantProperties: excluded?.map(e => str(obj(e)?.VariantPropertyType) ?? ''),
    instanceScaledVariants: scaledVariants(view, r),
  }, names);
  run(DEPLOYMENT_PROPS, { spec, target: 'endpoint' }, names);
  const config = configOf(view, r);
  const production = config ? readVariants(view, config.properties.ProductionVariants, 'ProductionVariants') : [];
  const shadows = config ? readVariants(view, config.properties.ShadowProductionVariants, 'ShadowProductionVariants') : [];
  const alarms = list(obj(obj(p.DeploymentConfig)?.AutoRollbackConfiguration)?.Alarms) ?? [];
  run(DEPLOYMENT, {
    spec,
    target: 'endpoint',
    alarms,
    configKnown: config !== undefined,
    instanceVariants: deploymentVariants(production),
    shadowVariants: deploymentVariants(shadows),
    serverlessVariantName: production.find(v => obj(v.properties.ServerlessConfig))?.name,
    alarmsOnEndpoint: [],
  }, names);
}
