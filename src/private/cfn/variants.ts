import { Duration, Size, Token } from 'aws-cdk-lib';
import { InstanceType } from '../../instance-type';
import { RoutingStrategy } from '../../variant-settings';
import type { ModelRef, VariantEntryInput, VariantPropsInput } from '../variants';
import { bool, list, num, obj, str, TemplateResource, TemplateView } from './template';
import { acceleratorType, instanceType, member, seconds } from './values';

/*
 * The production and shadow variants of an AWS::SageMaker::EndpointConfig as the rules read them, with
 * the model each names, and the configuration an endpoint names: read by the door of each resource
 * that refers to them.
 */

/** A variant of the configuration's properties, read. */
export interface ReadVariant {
  /** `ProductionVariants[0]` or `ShadowProductionVariants[0]`. */
  readonly at: string;
  readonly name: string;
  readonly properties: Record<string, any>;
  readonly model?: TemplateResource;
}

export function readVariants(view: TemplateView, value: unknown, list_: 'ProductionVariants' | 'ShadowProductionVariants'): ReadVariant[] {
  return (list(value) ?? []).flatMap((v, i) => {
    const properties = obj(v);
    return properties ? [{
      at: `${list_}[${i}]`,
      name: str(properties.VariantName) ?? '',
      properties,
      model: view.referenced(properties.ModelName, 'AWS::SageMaker::Model', 'ModelName'),
    }] : [];
  });
}

/**
 * The instance types a variant runs on: `InstanceType`, or its pools' types by priority (a token
 * when it has neither, as on a serverless variant).
 */
export function instanceTypesOf(p: Record<string, any>): InstanceType[] {
  return instanceTypeNames(p).map(instanceType);
}

/** The names of the instance types a variant runs on, as the template has them. */
export function instanceTypeNames(p: Record<string, any>): string[] {
  const pools = p.InstancePools !== undefined ? list(p.InstancePools)?.map(pool => obj(pool) ?? {}) : undefined;
  return pools && p.InstanceType === undefined
    ? [...pools].sort((a, b) => (num(a.Priority) ?? 0) - (num(b.Priority) ?? 0)).map(pool => str(pool.InstanceType) ?? '')
    : [p.InstanceType !== undefined ? str(p.InstanceType)! : Token.asString({ Ref: 'AWS::NoValue' })];
}

/** A variant entry as the configuration of this library stores it (defaults applied). */
export function instanceEntry(v: ReadVariant, env: ModelRef['env']): VariantEntryInput {
  const p = v.properties;
  const scaling = obj(p.ManagedInstanceScaling);
  const scaleIn = obj(scaling?.ScaleInPolicy);
  const routing = obj(p.RoutingConfig);
  const prefixAware = obj(routing?.PrefixAwareRoutingConfig);
  const pools = p.InstancePools !== undefined ? list(p.InstancePools)?.map(pool => obj(pool) ?? {}) : undefined;
  const reservation = obj(p.CapacityReservationConfig);
  const coreDump = obj(p.CoreDumpConfig);
  const props: VariantPropsInput = {
    variantName: v.name,
    model: v.model ? modelRef(env, v.model) : undefined,
    initialVariantWeight: num(p.InitialVariantWeight),
    initialInstanceCount: num(p.InitialInstanceCount),
    instanceType: p.InstanceType !== undefined ? instanceType(str(p.InstanceType)!) : undefined,
    containerStartupHealthCheckTimeout: seconds(p.ContainerStartupHealthCheckTimeoutInSeconds),
    volumeSize: p.VolumeSizeInGB !== undefined ? Size.gibibytes(num(p.VolumeSizeInGB)!) : undefined,
    modelDataDownloadTimeout: seconds(p.ModelDataDownloadTimeoutInSeconds),
    instanceProvisionTimeout: seconds(p.VariantInstanceProvisionTimeoutInSeconds),
    enableSsmAccess: bool(p.EnableSSMAccess),
    inferenceAmiVersion: str(p.InferenceAmiVersion),
    routingStrategy: member(RoutingStrategy, routing?.RoutingStrategy),
    prefixAwareRouting: prefixAware && { concurrencyThreshold: num(prefixAware.ConcurrencyThreshold), prefixLength: num(prefixAware.PrefixLength) },
    coreDump: coreDump && { destinationBucket: { s3UrlForObject: () => str(coreDump.DestinationS3Uri) ?? '' } },
    capacityReservation: reservation && { mlReservationArn: str(reservation.MlReservationArn) ?? '' },
    instancePools: pools?.map(pool => ({
      instanceType: instanceType(str(pool.InstanceType) ?? ''),
      priority: num(pool.Priority)!,
      model: pool.ModelNameOverride !== undefined ? modelRef(env, undefined, str(pool.ModelNameOverride)) : undefined,
    })),
    managedInstanceScaling: scaling && str(scaling.Status) !== 'DISABLED' ? {
      minInstanceCount: num(scaling.MinInstanceCount),
      maxInstanceCount: num(scaling.MaxInstanceCount)!,
      scaleInPolicy: scaleIn && {
        maximumStepSize: num(scaleIn.MaximumStepSize),
        cooldown: scaleIn.CooldownInMinutes !== undefined ? Duration.minutes(num(scaleIn.CooldownInMinutes)!) : undefined,
      },
    } : undefined,
  };
  const types = instanceTypesOf(p);
  return {
    model: props.model,
    props,
    variantName: v.name,
    modelName: str(p.ModelName),
    initialVariantWeight: props.initialVariantWeight ?? 1.0,
    initialInstanceCount: props.initialInstanceCount ?? 1,
    instanceType: types[0],
    instanceTypes: types,
    acceleratorType: p.AcceleratorType !== undefined ? acceleratorType(str(p.AcceleratorType)!) : undefined,
    containerStartupHealthCheckTimeout: props.containerStartupHealthCheckTimeout,
  };
}

/**
 * What the rules read of a variant's model: its construct path (or logical id, or name) for the
 * messages, and its account and region: a template's resources share one, the configuration's.
 */
export function modelRef(env: ModelRef['env'], model: TemplateResource | undefined, name?: string): ModelRef {
  return { node: { path: model?.path ?? model?.logicalId ?? name ?? '' }, env };
}

/** The configuration an endpoint names, when the template holds it. */
export function configOf(view: TemplateView, endpoint: TemplateResource): TemplateResource | undefined {
  return view.referenced(endpoint.properties.EndpointConfigName, 'AWS::SageMaker::EndpointConfig', 'EndpointConfigName');
}
