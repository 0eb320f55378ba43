import { EOL } from 'os';
import * as cdk from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import { CfnEndpointConfig } from 'aws-cdk-lib/aws-sagemaker';
import { propertyInjectable } from 'aws-cdk-lib/core/lib/prop-injectable';
import { Construct } from 'constructs';
import { InstanceType } from './instance-type';
import { IModel, Model } from './model';
import { sagemakerArnForName } from './private/arn';
import { sameEnv } from './private/env';
import { fail } from './private/errors';
import { hasLocalNvme, inCatalogue, offeredInRegion } from './private/instance-data';
import { tagProblems } from './private/tags';
import { checkOneOf, checkRange, checkString, show, STRING_RULES } from './private/validation';
import {
  InstanceProductionVariant,
  InstanceProductionVariantProps,
  ServerlessProductionVariant,
  ServerlessProductionVariantProps,
} from './production-variant';

/**
 * The interface for a SageMaker EndpointConfig resource.
 */
export interface IEndpointConfig extends cdk.IResource {
  /**
   * The ARN of the endpoint configuration.
   *
   * @attribute
   */
  readonly endpointConfigArn: string;

  /**
   * The name of the endpoint configuration.
   *
   * @attribute
   */
  readonly endpointConfigName: string;
}

/**
 * Construction properties for a SageMaker EndpointConfig.
 */
export interface EndpointConfigProps {
  /**
   * Name of the endpoint configuration.
   *
   * Setting a name adds a synth warning: every change of a configuration replaces it, and
   * CloudFormation cannot replace a resource with a fixed name.
   *
   * @default - AWS CloudFormation generates a unique physical ID and uses that ID for the endpoint
   * configuration's name.
   */
  readonly endpointConfigName?: string;

  /**
   * A KMS key that SageMaker uses to encrypt the storage volume of the hosting instances.
   *
   * Instance types with local NVMe storage are not encrypted with it (a synth warning says so).
   *
   * @default - none (AWS-managed encryption)
   */
  readonly encryptionKey?: kms.IKeyRef;

  /**
   * A list of instance production variants. You can always add more variants later by calling
   * `EndpointConfig#addInstanceProductionVariant`.
   *
   * Cannot be specified if `serverlessProductionVariant` is specified.
   *
   * @default - none
   */
  readonly instanceProductionVariants?: InstanceProductionVariantProps[];

  /**
   * A serverless production variant. Serverless endpoints automatically launch compute resources
   * and scale them in and out depending on traffic.
   *
   * Cannot be specified if `instanceProductionVariants` is specified.
   *
   * @default - none
   */
  readonly serverlessProductionVariant?: ServerlessProductionVariantProps;
}

/** SageMaker limits for production variants (sagemaker-constraints.md §2.1). */
const LIMITS = {
  variants: { min: 1, max: 10 },
  healthCheckSeconds: { min: 60, max: 3600 },
  maxConcurrency: { min: 1, max: 200 },
  provisionedConcurrency: { min: 1, max: 200 },
  memorySizes: [1024, 2048, 3072, 4096, 5120, 6144],
};

/** Stored variant: the resolved props plus the model, for the checks at synth. */
interface InstanceEntry extends InstanceProductionVariant {
  readonly model: IModel;
}
interface ServerlessEntry extends ServerlessProductionVariant {
  readonly model: IModel;
}

/**
 * Defines a SageMaker EndpointConfig.
 *
 * Variants are rendered lazily, so variants added after construction appear in the template.
 */
@propertyInjectable
export class EndpointConfig extends cdk.Resource implements IEndpointConfig {
  /** Uniquely identifies this class (property injection). */
  public static readonly PROPERTY_INJECTION_ID: string = 'cdk-sagemaker-hosting.EndpointConfig';

  /**
   * Imports an EndpointConfig defined either outside the CDK or in a different CDK stack.
   * @param scope the Construct scope.
   * @param id the resource id.
   * @param endpointConfigArn the ARN of the endpoint configuration.
   */
  public static fromEndpointConfigArn(scope: Construct, id: string, endpointConfigArn: string): IEndpointConfig {
    const name = cdk.Stack.of(scope).splitArn(endpointConfigArn, cdk.ArnFormat.SLASH_RESOURCE_NAME).resourceName!;
    return new ImportedEndpointConfig(scope, id, endpointConfigArn, name);
  }

  /**
   * Imports an EndpointConfig defined either outside the CDK or in a different CDK stack.
   *
   * The ARN is built in the stack's account and region, with the name in lower case.
   *
   * @param scope the Construct scope.
   * @param id the resource id.
   * @param endpointConfigName the name of the endpoint configuration.
   */
  public static fromEndpointConfigName(scope: Construct, id: string, endpointConfigName: string): IEndpointConfig {
    const arn = sagemakerArnForName(scope, 'endpoint-config', endpointConfigName);
    return new ImportedEndpointConfig(scope, id, arn, endpointConfigName);
  }

  /**
   * The ARN of the endpoint configuration.
   */
  public readonly endpointConfigArn: string;

  /**
   * The name of the endpoint configuration.
   */
  public readonly endpointConfigName: string;

  private readonly instanceVariants = new Map<string, InstanceEntry>();
  private serverlessVariant?: ServerlessEntry;
  private readonly encryptionKey?: kms.IKeyRef;

  constructor(scope: Construct, id: string, props: EndpointConfigProps = {}) {
    super(scope, id, { physicalName: props.endpointConfigName });

    const nameProblem = checkString('endpointConfigName', props.endpointConfigName, STRING_RULES.endpointConfigName);
    if (nameProblem) {
      fail(this, nameProblem);
    }
    if (props.endpointConfigName !== undefined) {
      cdk.Annotations.of(this).addWarningV2('cdk-sagemaker-hosting:fixedEndpointConfigName',
        `endpointConfigName is set to ${show(props.endpointConfigName)}: every change to this endpoint `
        + 'configuration replaces it, and CloudFormation cannot replace a resource that has a fixed name '
        + '(the update fails). Leave endpointConfigName unset to let CloudFormation generate one.');
    }
    if (props.instanceProductionVariants && props.serverlessProductionVariant) {
      fail(this, 'Cannot specify both instanceProductionVariants and serverlessProductionVariant. Choose one variant type.');
    }
    this.encryptionKey = props.encryptionKey;

    for (const variant of props.instanceProductionVariants ?? []) {
      this.addInstanceProductionVariant(variant);
    }
    if (props.serverlessProductionVariant) {
      this.addServerlessProductionVariant(props.serverlessProductionVariant);
    }

    const resource = new CfnEndpointConfig(this, 'EndpointConfig', {
      kmsKeyId: props.encryptionKey?.keyRef.keyArn,
      endpointConfigName: this.physicalName,
      productionVariants: cdk.Lazy.any({ produce: () => this.renderProductionVariants() }),
    });
    this.node.defaultChild = resource;
    this.endpointConfigName = this.getResourceNameAttribute(resource.attrEndpointConfigName);
    this.endpointConfigArn = this.getResourceArnAttribute(resource.ref, {
      service: 'sagemaker',
      resource: 'endpoint-config',
      resourceName: this.physicalName,
    });

    this.node.addValidation({ validate: () => [...this.validateEndpointConfig(), ...tagProblems(resource)] });
  }

  /**
   * Add production variant to the endpoint configuration.
   *
   * @param props The properties of a production variant to add.
   */
  public addInstanceProductionVariant(props: InstanceProductionVariantProps): void {
    if (this.serverlessVariant) {
      fail(this, 'Cannot add instance production variant when serverless production variant is already configured '
        + `(got variant ${show(props.variantName)}; the serverless variant is ${show(this.serverlessVariant.variantName)})`);
    }
    this.checkUniqueName(props.variantName);
    this.validateInstanceProps(props);
    const instanceType = props.instanceType ?? InstanceType.T2_MEDIUM;
    this.warnAboutInstanceType(props.variantName, instanceType);
    this.instanceVariants.set(props.variantName, {
      model: props.model,
      variantName: props.variantName,
      modelName: props.model.modelName,
      initialVariantWeight: props.initialVariantWeight ?? 1.0,
      initialInstanceCount: props.initialInstanceCount ?? 1,
      instanceType,
      acceleratorType: props.acceleratorType,
      containerStartupHealthCheckTimeout: props.containerStartupHealthCheckTimeout,
    });
  }

  /**
   * Add serverless production variant to the endpoint configuration.
   *
   * @param props The properties of a serverless production variant to add.
   */
  public addServerlessProductionVariant(props: ServerlessProductionVariantProps): void {
    if (this.instanceVariants.size > 0) {
      fail(this, 'Cannot add serverless production variant when instance production variants are already configured '
        + `(got variant ${show(props.variantName)}; instance variants: ${[...this.instanceVariants.keys()].map(show).join(', ')})`);
    }
    if (this.serverlessVariant) {
      fail(this, 'Cannot add more than one serverless production variant per endpoint configuration '
        + `(got ${show(props.variantName)}; already configured: ${show(this.serverlessVariant.variantName)})`);
    }
    this.validateServerlessProps(props);
    this.serverlessVariant = {
      model: props.model,
      variantName: props.variantName,
      modelName: props.model.modelName,
      initialVariantWeight: props.initialVariantWeight ?? 1.0,
      maxConcurrency: props.maxConcurrency,
      memorySizeInMB: props.memorySizeInMB,
      provisionedConcurrency: props.provisionedConcurrency,
    };
  }

  /**
   * The instance production variants of this configuration.
   *
   * @internal
   */
  public get _instanceProductionVariants(): InstanceProductionVariant[] {
    return [...this.instanceVariants.values()];
  }

  /**
   * The serverless production variant of this configuration, if any.
   *
   * @internal
   */
  public get _serverlessProductionVariant(): ServerlessProductionVariant | undefined {
    return this.serverlessVariant;
  }

  /**
   * Find instance production variant based on variant name.
   *
   * @param name Variant name from production variant
   * @internal
   */
  public _findInstanceProductionVariant(name: string): InstanceProductionVariant {
    const variant = this.instanceVariants.get(name);
    if (!variant) {
      const known = [...this.instanceVariants.keys()].map(show).join(', ') || 'none';
      fail(this, `No variant with name: '${name}' (instance production variants: ${known})`);
    }
    return variant;
  }

  private checkUniqueName(variantName: string): void {
    if (this.instanceVariants.has(variantName) || this.serverlessVariant?.variantName === variantName) {
      fail(this, `There is already a Production Variant with name '${variantName}' (variantName must be unique `
        + 'within an endpoint configuration)');
    }
  }

  private validateInstanceProps(props: InstanceProductionVariantProps): void {
    const v = show(props.variantName);
    const errors = this.commonVariantChecks(props);
    if (props.initialInstanceCount !== undefined && !cdk.Token.isUnresolved(props.initialInstanceCount)
      && (props.initialInstanceCount < 1 || !Number.isInteger(props.initialInstanceCount))) {
      errors.push(`Must have at least one instance (variant ${v} initialInstanceCount: got ${props.initialInstanceCount}; `
        + 'allowed: an integer 1 or more)');
    }
    const timeout = props.containerStartupHealthCheckTimeout;
    if (timeout !== undefined && !timeout.isUnresolved()) {
      const seconds = timeout.toSeconds({ integral: false });
      if (seconds < LIMITS.healthCheckSeconds.min || seconds > LIMITS.healthCheckSeconds.max || !Number.isInteger(seconds)) {
        errors.push(`containerStartupHealthCheckTimeout must be between 60 and 3600 seconds (variant ${v}: got `
          + `${seconds} seconds; allowed: whole seconds from 60 to 3600)`);
      }
    }
    if (props.acceleratorType !== undefined) {
      errors.push(`acceleratorType is not supported (variant ${v}: got ${show(props.acceleratorType.toString())}): `
        + 'Amazon Elastic Inference is retired and CloudFormation no longer accepts AcceleratorType. '
        + 'Use a GPU or AWS Inferentia instance type instead');
    }
    if (errors.length > 0) {
      fail(this, `Invalid Production Variant Props: ${errors.join(EOL)}`);
    }
  }

  private validateServerlessProps(props: ServerlessProductionVariantProps): void {
    const v = show(props.variantName);
    const errors = this.commonVariantChecks(props);
    if (checkRange('maxConcurrency', props.maxConcurrency, LIMITS.maxConcurrency.min, LIMITS.maxConcurrency.max)) {
      errors.push(`maxConcurrency must be between 1 and 200 (variant ${v}: got ${props.maxConcurrency}; allowed: an integer from 1 to 200)`);
    }
    if (checkOneOf('memorySizeInMB', props.memorySizeInMB, LIMITS.memorySizes)) {
      errors.push(`memorySizeInMB must be one of: ${LIMITS.memorySizes.join(', ')} MB (variant ${v}: got ${props.memorySizeInMB})`);
    }
    const pc = props.provisionedConcurrency;
    if (pc !== undefined && !cdk.Token.isUnresolved(pc)) {
      if (checkRange('provisionedConcurrency', pc, LIMITS.provisionedConcurrency.min, LIMITS.provisionedConcurrency.max)) {
        errors.push(`provisionedConcurrency must be between 1 and 200 (variant ${v}: got ${pc}; allowed: an integer from 1 to 200)`);
      }
      if (!cdk.Token.isUnresolved(props.maxConcurrency) && pc > props.maxConcurrency) {
        errors.push(`provisionedConcurrency cannot be greater than maxConcurrency (variant ${v}: got provisionedConcurrency `
          + `${pc} and maxConcurrency ${props.maxConcurrency})`);
      }
    }
    if (errors.length > 0) {
      fail(this, `Invalid Serverless Production Variant Props: ${errors.join(EOL)}`);
    }
  }

  /** The checks of both variant kinds: name, weight, and the model's account and region. */
  private commonVariantChecks(props: { variantName: string; initialVariantWeight?: number; model: IModel }): string[] {
    const errors: string[] = [];
    const name = checkString('variantName', props.variantName, STRING_RULES.variantName);
    if (name) {
      errors.push(name);
    }
    const weight = props.initialVariantWeight;
    if (weight !== undefined && !cdk.Token.isUnresolved(weight) && (weight < 0 || !Number.isFinite(weight))) {
      errors.push(`Cannot have negative variant weight (variant ${show(props.variantName)} initialVariantWeight: got `
        + `${weight}; allowed: 0 or more, 0 sends the variant no traffic)`);
    }
    const model = props.model;
    if (!sameEnv(model.env.account, this.env.account)) {
      errors.push(`Cannot use model in account ${model.env.account} for endpoint configuration in account ${this.env.account}`);
    } else if (!sameEnv(model.env.region, this.env.region)) {
      errors.push(`Cannot use model in region ${model.env.region} for endpoint configuration in region ${this.env.region}`);
    }
    return errors;
  }

  /** Warnings for an instance type the region does not offer, or one CloudFormation does not know. */
  private warnAboutInstanceType(variantName: string, instanceType: InstanceType): void {
    const type = instanceType.toString();
    if (cdk.Token.isUnresolved(type)) {
      return;
    }
    const region = this.env.region;
    if (!inCatalogue(type)) {
      cdk.Annotations.of(this).addWarningV2('cdk-sagemaker-hosting:unknownInstanceType',
        `variant ${show(variantName)}: instance type ${show(type)} is not in the CloudFormation schema of `
        + 'AWS::SageMaker::EndpointConfig known to this release; the deployment fails unless it was launched since.');
    } else if (!cdk.Token.isUnresolved(region) && offeredInRegion(type, region) === false) {
      cdk.Annotations.of(this).addWarningV2('cdk-sagemaker-hosting:instanceTypeNotInRegion',
        `variant ${show(variantName)}: instance type ${show(type)} is not offered for SageMaker hosting in region `
        + `${region} (per the regional lists of cfn-lint); the deployment fails unless it was launched there since.`);
    }
    if (this.encryptionKey && hasLocalNvme(type)) {
      cdk.Annotations.of(this).addWarningV2('cdk-sagemaker-hosting:kmsKeyWithNvme',
        `variant ${show(variantName)}: instance type ${show(type)} has local NVMe instance storage, which the `
        + 'endpoint configuration\'s encryptionKey does not encrypt (SageMaker encrypts instance storage with a '
        + 'hardware module instead).');
    }
  }

  /** The rules that depend on every variant and on models that may still change, run at synth. */
  private validateEndpointConfig(): string[] {
    const errors: string[] = [];
    const count = this.instanceVariants.size + (this.serverlessVariant ? 1 : 0);
    if (count < LIMITS.variants.min) {
      errors.push('Must configure at least 1 production variant (got 0; call addInstanceProductionVariant() or '
        + 'addServerlessProductionVariant(), or pass instanceProductionVariants or serverlessProductionVariant)');
    }
    if (this.instanceVariants.size > LIMITS.variants.max) {
      errors.push(`Can't have more than 10 production variants (instanceProductionVariants: got ${this.instanceVariants.size}; `
        + 'allowed 1 to 10)');
    }
    const weights = this._instanceProductionVariants.map(v => v.initialVariantWeight);
    if (weights.length > 0 && weights.every(w => !cdk.Token.isUnresolved(w) && w === 0)) {
      cdk.Annotations.of(this).addWarningV2('cdk-sagemaker-hosting:allWeightsZero',
        `every variant has initialVariantWeight 0 (${this._instanceProductionVariants.map(v => show(v.variantName)).join(', ')}): `
        + 'the endpoint would route no traffic; give at least one variant a positive weight.');
    }
    if (this.serverlessVariant && this.serverlessVariant.model instanceof Model) {
      const exclusions = this.serverlessVariant.model._serverlessExclusions();
      if (exclusions.length > 0) {
        errors.push(`serverless variant ${show(this.serverlessVariant.variantName)}: its model uses features that `
          + `serverless inference does not support: ${exclusions.join('; ')}`);
      }
    }
    return errors;
  }

  private renderProductionVariants(): CfnEndpointConfig.ProductionVariantProperty[] {
    if (this.serverlessVariant) {
      const v = this.serverlessVariant;
      return [{
        variantName: v.variantName,
        modelName: v.modelName,
        initialVariantWeight: v.initialVariantWeight,
        serverlessConfig: {
          maxConcurrency: v.maxConcurrency,
          memorySizeInMb: v.memorySizeInMB,
          provisionedConcurrency: v.provisionedConcurrency,
        },
      }];
    }
    return this._instanceProductionVariants.map(v => ({
      variantName: v.variantName,
      modelName: v.modelName,
      initialVariantWeight: v.initialVariantWeight,
      initialInstanceCount: v.initialInstanceCount,
      instanceType: v.instanceType.toString(),
      containerStartupHealthCheckTimeoutInSeconds: v.containerStartupHealthCheckTimeout?.toSeconds(),
    }));
  }
}

class ImportedEndpointConfig extends cdk.Resource implements IEndpointConfig {
  constructor(scope: Construct, id: string, public readonly endpointConfigArn: string, public readonly endpointConfigName: string) {
    super(scope, id, { environmentFromArn: endpointConfigArn });
  }
}
