import * as cdk from 'aws-cdk-lib';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { CfnEndpointConfig } from 'aws-cdk-lib/aws-sagemaker';
import { IConstruct } from 'constructs';
import type { InstanceType } from '../instance-type';
import type { IModel } from '../model';
import type { InstanceProductionVariant, InstanceProductionVariantProps, ServerlessProductionVariant } from '../production-variant';
import type { CoreDumpProps, InstancePoolProps, ManagedInstanceScalingProps, ScaleInPolicyProps } from '../variant-settings';
import { s3Uri } from './arn';
import { fail } from './errors';
import { problem } from './rules/rule';
import { show } from './validation';

/*
 * The production variants of an EndpointConfig: what the configuration stores (defaults applied once,
 * read by its rules, its renderer and the endpoints that use it) and how a variant is rendered.
 */

/** An instance variant as the configuration stores it: defaults applied, with its model. */
export interface InstanceVariantEntry extends InstanceProductionVariant {
  /** The model the variant hosts; none on a variant that hosts inference components. */
  readonly model?: IModel;
  /** The props as given (the settings rendered as they are). */
  readonly props: InstanceProductionVariantProps;
  /** Every instance type the variant may run on: `instanceType`, or the types of its pools. */
  readonly instanceTypes: readonly InstanceType[];
}

/** The serverless variant as the configuration stores it. */
export interface ServerlessVariantEntry extends ServerlessProductionVariant {
  /** The model the variant hosts. */
  readonly model: IModel;
}

/**
 * What the rules read of a model a variant names: where it is (for messages), and its account and
 * region. A `Model` of this library is one; so is what the CloudFormation door knows of a model of
 * a template.
 */
export interface ModelRef {
  readonly node: { readonly path: string };
  readonly env: cdk.ResourceEnvironment;
}

/** What the rules read of an instance variant's props (a model by `ModelRef`, a bucket by the URI it renders). */
export interface VariantPropsInput extends Omit<InstanceProductionVariantProps, 'model' | 'instancePools' | 'coreDump' | 'managedInstanceScaling'> {
  readonly model?: ModelRef;
  readonly instancePools?: ReadonlyArray<Omit<InstancePoolProps, 'model'> & { readonly model?: ModelRef }>;
  readonly coreDump?: Pick<CoreDumpProps, 'destinationPrefix'> & { readonly destinationBucket: Pick<s3.IBucket, 's3UrlForObject'> };
  readonly managedInstanceScaling?: Omit<ManagedInstanceScalingProps, 'scaleInPolicy'> & {
    readonly scaleInPolicy?: Omit<ScaleInPolicyProps, 'strategy'>;
  };
}

/** An instance variant as the rules read it (an `InstanceVariantEntry` is one). */
export interface VariantEntryInput extends Omit<InstanceVariantEntry, 'model' | 'props'> {
  readonly model?: ModelRef;
  readonly props: VariantPropsInput;
}

/** The serverless variant as the rules read it (a `ServerlessVariantEntry` is one). */
export interface ServerlessEntryInput extends Omit<ServerlessVariantEntry, 'model'> {
  readonly model: ModelRef;
}

/** What the rules of a variant being added read of the configuration. */
export interface ConfigState {
  /** The account and region of the configuration. */
  readonly env: cdk.ResourceEnvironment;
  /** The names of the instance variants so far. */
  readonly instanceVariantNames: string[];
  /** The names of the shadow variants so far. */
  readonly shadowVariantNames: string[];
  /** The names of the instance and shadow variants that host inference components (no model) so far. */
  readonly componentVariantNames: string[];
  /** The name of the serverless variant, if there is one. */
  readonly serverlessVariantName?: string;
  /** Whether the configuration has an encryption key. */
  readonly encrypted: boolean;
}

/**
 * An instance variant as CloudFormation gets it; `defaultAmi` where the variant sets no
 * `inferenceAmiVersion` and its model needs one.
 */
export function renderInstanceVariant(v: InstanceVariantEntry, defaultAmi?: string): CfnEndpointConfig.ProductionVariantProperty {
  const p = v.props;
  const routing = p.routingStrategy !== undefined || p.prefixAwareRouting !== undefined
    ? { routingStrategy: p.routingStrategy, prefixAwareRoutingConfig: p.prefixAwareRouting && { ...p.prefixAwareRouting } }
    : undefined;
  const scaling = p.managedInstanceScaling;
  return {
    variantName: v.variantName,
    modelName: v.modelName,
    initialVariantWeight: v.initialVariantWeight,
    initialInstanceCount: v.initialInstanceCount,
    instanceType: p.instancePools ? p.instanceType?.toString() : v.instanceType.toString(),
    instancePools: p.instancePools?.map(pool => ({
      instanceType: pool.instanceType.toString(),
      priority: pool.priority,
      modelNameOverride: pool.model?.modelName,
    })),
    containerStartupHealthCheckTimeoutInSeconds: v.containerStartupHealthCheckTimeout?.toSeconds(),
    modelDataDownloadTimeoutInSeconds: p.modelDataDownloadTimeout?.toSeconds(),
    variantInstanceProvisionTimeoutInSeconds: p.instanceProvisionTimeout?.toSeconds(),
    volumeSizeInGb: p.volumeSize?.toGibibytes(),
    enableSsmAccess: p.enableSsmAccess,
    inferenceAmiVersion: p.inferenceAmiVersion ?? defaultAmi,
    routingConfig: routing,
    coreDumpConfig: p.coreDump && {
      destinationS3Uri: s3Uri(p.coreDump.destinationBucket, p.coreDump.destinationPrefix),
      kmsKeyId: p.coreDump.encryptionKey?.keyArn,
    },
    capacityReservationConfig: p.capacityReservation && {
      capacityReservationPreference: 'capacity-reservations-only',
      mlReservationArn: p.capacityReservation.mlReservationArn,
    },
    managedInstanceScaling: scaling && {
      status: 'ENABLED',
      minInstanceCount: scaling.minInstanceCount,
      maxInstanceCount: scaling.maxInstanceCount,
      scaleInPolicy: scaling.scaleInPolicy && {
        strategy: scaling.scaleInPolicy.strategy,
        maximumStepSize: scaling.scaleInPolicy.maximumStepSize,
        cooldownInMinutes: scaling.scaleInPolicy.cooldown?.toMinutes(),
      },
    },
  };
}

/** The serverless variant as CloudFormation gets it. */
export function renderServerlessVariant(v: ServerlessVariantEntry): CfnEndpointConfig.ProductionVariantProperty {
  return {
    variantName: v.variantName,
    modelName: v.modelName,
    initialVariantWeight: v.initialVariantWeight,
    serverlessConfig: {
      maxConcurrency: v.maxConcurrency,
      memorySizeInMb: v.memorySizeInMB,
      provisionedConcurrency: v.provisionedConcurrency,
    },
  };
}

/**
 * The instance variant of that name, or an error of `scope` (the construct the user called) naming the
 * variants there are.
 */
export function findInstanceVariant(scope: IConstruct, variants: readonly InstanceVariantEntry[], name: string,
  config: IConstruct): InstanceVariantEntry {
  const variant = variants.find(v => v.variantName === name);
  if (!variant) {
    fail(scope, 'endpoint.variant.lookup', problem(`No variant with name: '${name}'`, 'variant name', show(name),
      `the instance production variants of '${config.node.path}': ${variants.map(v => show(v.variantName)).join(', ') || 'none'}`));
  }
  return variant;
}
