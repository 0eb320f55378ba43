import * as cdk from 'aws-cdk-lib';
import { CfnEndpointConfig } from 'aws-cdk-lib/aws-sagemaker';
import { IConstruct } from 'constructs';
import type { IModel } from '../model';
import type { InstanceProductionVariant, ServerlessProductionVariant } from '../production-variant';
import { fail } from './errors';
import { problem } from './rules/rule';
import { show } from './validation';

/*
 * The production variants of an EndpointConfig: what the configuration stores (defaults applied once,
 * read by its rules, its renderer and the endpoints that use it) and how a variant is rendered.
 */

/** An instance variant as the configuration stores it: defaults applied, with its model. */
export interface InstanceVariantEntry extends InstanceProductionVariant {
  /** The model the variant hosts. */
  readonly model: IModel;
}

/** The serverless variant as the configuration stores it. */
export interface ServerlessVariantEntry extends ServerlessProductionVariant {
  /** The model the variant hosts. */
  readonly model: IModel;
}

/** What the rules of a variant being added read of the configuration. */
export interface ConfigState {
  /** The account and region of the configuration. */
  readonly env: cdk.ResourceEnvironment;
  /** The names of the instance variants so far. */
  readonly instanceVariantNames: string[];
  /** The name of the serverless variant, if there is one. */
  readonly serverlessVariantName?: string;
  /** Whether the configuration has an encryption key. */
  readonly encrypted: boolean;
}

/** An instance variant as CloudFormation gets it. */
export function renderInstanceVariant(v: InstanceVariantEntry): CfnEndpointConfig.ProductionVariantProperty {
  return {
    variantName: v.variantName,
    modelName: v.modelName,
    initialVariantWeight: v.initialVariantWeight,
    initialInstanceCount: v.initialInstanceCount,
    instanceType: v.instanceType.toString(),
    containerStartupHealthCheckTimeoutInSeconds: v.containerStartupHealthCheckTimeout?.toSeconds(),
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
    fail(scope, problem(`No variant with name: '${name}'`, 'variant name', show(name),
      `the instance production variants of ${config.node.path}: ${variants.map(v => show(v.variantName)).join(', ') || 'none'}`));
  }
  return variant;
}
