import * as cdk from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { CfnEndpointConfig, EndpointConfigReference, IEndpointConfigRef } from 'aws-cdk-lib/aws-sagemaker';
import { propertyInjectable } from 'aws-cdk-lib/core/lib/prop-injectable';
import { Construct } from 'constructs';
import type { AsyncInferenceProps } from './async-inference';
import type { DataCaptureProps } from './data-capture';
import type { ExplainerProps } from './explainer';
import { InstanceType } from './instance-type';
import type { MetricsConfigProps } from './metrics-config';
import { nameFromArn, sagemakerArnForName } from './private/arn';
import { fail } from './private/errors';
import { createExecutionRole, grantKeyForWrites, grantWriteUnder } from './private/execution-role';
import { Explainer } from './private/explainer';
import { brand, BRANDS, ConfigFacts, hasBrand, modelFacts } from './private/facts';
import { HostingOutputs } from './private/hosting-outputs';
import { hasLocalNvme } from './private/instance-data';
import { instanceTypeOf } from './private/instance-type-input';
import { acknowledgeLocalStorageEncryption } from './private/nag';
import { whenPrepared } from './private/prepare';
import { COMPONENT_HOSTING } from './private/rules/component-hosting';
import { ENDPOINT_CONFIG, ENDPOINT_CONFIG_PROPS } from './private/rules/endpoint-config';
import { METRICS_CONFIG } from './private/rules/metrics-config';
import { PACKAGE_HOSTING, packageHosts } from './private/rules/model-package';
import {
  INSTANCE_VARIANT,
  INSTANCE_VARIANT_ADD,
  SERVERLESS_VARIANT,
  SERVERLESS_VARIANT_ADD,
} from './private/rules/production-variant';
import { enforce, problem, validation } from './private/rules/rule';
import { servedHosts, SERVING_HOSTING } from './private/rules/serving';
import { SHADOW_VARIANT_ADD, SHADOW_VARIANTS } from './private/rules/shadow-variants';
import { renderedTags } from './private/rules/tags';
import { VARIANT_SETTINGS } from './private/rules/variant-settings';
import { defaultInferenceAmi } from './private/serving';
import { cleanUpNetworkInterfaces } from './private/teardown';
import { knownSeconds, literal } from './private/validation';
import {
  ConfigState,
  findInstanceVariant,
  InstanceVariantEntry,
  renderInstanceVariant,
  renderServerlessVariant,
  ServerlessVariantEntry,
} from './private/variants';
import { InstanceProductionVariant, InstanceProductionVariantProps, ServerlessProductionVariantProps } from './production-variant';

/**
 * The interface for a SageMaker EndpointConfig resource.
 */
export interface IEndpointConfig extends cdk.IResource, IEndpointConfigRef {
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
   * Instance types with local NVMe storage take no key: SageMaker encrypts that storage with a
   * hardware module, and a key given anyway is a synth warning. Without a key, such a configuration
   * gets cdk-nag's KMS-key finding (HIPAA, NIST 800-53 R5, PCI DSS packs) acknowledged with that
   * reason; any other configuration without a key is reported by those packs.
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

  /**
   * Asynchronous inference: requests are queued, responses written to S3 and optionally
   * announced on SNS topics (`AsyncInferenceConfig`). Instance variants only.
   *
   * @default - real-time inference
   */
  readonly asyncInference?: AsyncInferenceProps;

  /**
   * Capture a sample of the requests and responses to S3 (`DataCaptureConfig`). Instance variants
   * only.
   *
   * @default - no data capture
   */
  readonly dataCapture?: DataCaptureProps;

  /**
   * Shadow variants (`ShadowProductionVariants`): SageMaker sends each of them a copy of the
   * production variant's requests and discards their responses, to test a new model or instance
   * type on live traffic. With a shadow variant the configuration has exactly one production
   * (instance) variant and one shadow variant, no async inference, and single-container,
   * single-model models (not AWS Marketplace packages; a model package is a synth warning). You
   * can add one later with `addShadowProductionVariant()`.
   *
   * @see https://docs.aws.amazon.com/sagemaker/latest/dg/shadow-tests.html
   * @default - none
   */
  readonly shadowProductionVariants?: InstanceProductionVariantProps[];

  /**
   * Online explainability with SageMaker Clarify (`ExplainerConfig`).
   *
   * @default - no explanations
   */
  readonly explainer?: ExplainerProps;

  /**
   * The metrics the endpoint publishes (`MetricsConfig`).
   *
   * @default - SageMaker's defaults: detailed observability is on for configurations created
   * after 2026-06-17
   */
  readonly metricsConfig?: MetricsConfigProps;

  /**
   * The role SageMaker assumes for an endpoint whose variants host inference components
   * (`ExecutionRoleArn`): it pulls the images and reads the artifacts of components given as a
   * container specification, writes the endpoint's logs and metrics, and reads the rollback alarms.
   * Components that host a `Model` use that model's own role for its image and data.
   *
   * @default - for a configuration whose variants host inference components (no `model`), a role
   * created with least privilege (logs below /aws/sagemaker/Endpoints/, metrics, the VPC's network
   * interfaces with `vpc`, and exactly what the components' containers need); none otherwise
   */
  readonly executionRole?: iam.IRole;

  /**
   * The VPC the containers of the inference components connect to (`VpcConfig`). Only for a
   * configuration that hosts inference components (a model-based one uses each model's `vpc`).
   *
   * @default - no VPC
   */
  readonly vpc?: ec2.IVpc;

  /**
   * The subnets of `vpc` the containers use (1 to 16).
   *
   * @default - the VPC's default subnet selection (private subnets); only with `vpc`
   */
  readonly vpcSubnets?: ec2.SubnetSelection;

  /**
   * The security groups of the containers in `vpc` (1 to 5).
   *
   * @default - a security group is created when `vpc` is given
   */
  readonly securityGroups?: ec2.ISecurityGroup[];

  /**
   * Whether to release, when the stack deletes them, the network interfaces SageMaker leaves in the
   * security groups of the inference components' containers: the groups the library creates and
   * those of `securityGroups` that the configuration's stack creates get a
   * `Custom::SageMakerNetworkInterfaceCleanup` resource, deleted after the configuration and before
   * the groups and subnets (see `ModelProps.networkInterfaceCleanup`). Only with `vpc`.
   *
   * @default true
   */
  readonly networkInterfaceCleanup?: boolean;

  /**
   * Isolate the containers of the inference components from the network
   * (`EnableNetworkIsolation`): no inbound or outbound calls. Only for a configuration that hosts
   * inference components (a model-based one uses each model's `networkIsolation`).
   *
   * @default false
   */
  readonly networkIsolation?: boolean;
}

/**
 * Defines a SageMaker EndpointConfig.
 *
 * Variants are rendered lazily, so variants added after construction appear in the template.
 */
@propertyInjectable
export class EndpointConfig extends cdk.Resource implements IEndpointConfig, ec2.IConnectable {
  /** Uniquely identifies this class (property injection). */
  public static readonly PROPERTY_INJECTION_ID: string = 'cdk-sagemaker-hosting.EndpointConfig';

  /**
   * Whether `x` is an EndpointConfig of this library (also one made by another copy of the package
   * in the same app).
   *
   * @param x any object
   */
  public static isEndpointConfig(x: any): x is EndpointConfig {
    return hasBrand(x, BRANDS.endpointConfig);
  }

  /**
   * Imports an EndpointConfig defined either outside the CDK or in a different CDK stack.
   * @param scope the Construct scope.
   * @param id the resource id.
   * @param endpointConfigArn the ARN of the endpoint configuration.
   */
  public static fromEndpointConfigArn(scope: Construct, id: string, endpointConfigArn: string): IEndpointConfig {
    return new ImportedEndpointConfig(scope, id, endpointConfigArn, nameFromArn(endpointConfigArn));
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
  public get endpointConfigArn(): string {
    // made on first use: most apps never read it, and an ARN attribute costs a reference and a lazy value
    return this.arn ??= this.getResourceArnAttribute(this.resource.ref, {
      service: 'sagemaker',
      resource: 'endpoint-config',
      resourceName: this.physicalName,
    });
  }

  /**
   * The name of the endpoint configuration.
   */
  public readonly endpointConfigName: string;

  /**
   * A reference to this endpoint configuration for aws-cdk-lib constructs that take an
   * `IEndpointConfigRef`.
   */
  public get endpointConfigRef(): EndpointConfigReference {
    return { endpointConfigArn: this.endpointConfigArn };
  }

  private readonly instanceVariants = new Map<string, InstanceVariantEntry>();
  private readonly shadowVariants = new Map<string, InstanceVariantEntry>();
  private readonly explainer?: Explainer;
  private serverlessVariant?: ServerlessVariantEntry;
  private readonly encryptionKey?: kms.IKeyRef;
  private readonly outputs: HostingOutputs;
  private role?: iam.IRole;
  private readonly network?: { readonly connections: ec2.Connections; readonly subnets: ec2.SelectedSubnets };
  private readonly props: EndpointConfigProps;
  private readonly hostedModels = new Set<iam.IGrantable>();
  private readonly resource: CfnEndpointConfig;
  private arn?: string;
  private readonly hostedListeners: Array<(model: iam.IGrantable) => void> = [];
  /** Whether a variant on local NVMe storage made the configuration acknowledge its KMS-key finding when prepared. */
  private localStorageAcknowledged = false;

  constructor(scope: Construct, id: string, props: EndpointConfigProps = {}) {
    super(scope, id, { physicalName: props.endpointConfigName });

    enforce(this, ENDPOINT_CONFIG_PROPS, props);
    this.props = props;
    this.role = props.executionRole;
    if (props.vpc) {
      const securityGroups = props.securityGroups && props.securityGroups.length > 0
        ? props.securityGroups
        : [new ec2.SecurityGroup(this, 'SecurityGroup', { vpc: props.vpc })];
      this.network = { connections: new ec2.Connections({ securityGroups }), subnets: props.vpc.selectSubnets(props.vpcSubnets) };
    }
    this.encryptionKey = props.encryptionKey;
    this.outputs = new HostingOutputs(this, props.asyncInference, props.dataCapture);
    this.explainer = props.explainer && new Explainer(this, props.explainer);
    if (props.metricsConfig) {
      enforce(this, METRICS_CONFIG, props.metricsConfig);
    }

    for (const variant of props.instanceProductionVariants ?? []) {
      this.addInstanceProductionVariant(variant);
    }
    if (props.serverlessProductionVariant) {
      this.addServerlessProductionVariant(props.serverlessProductionVariant);
    }
    for (const variant of props.shadowProductionVariants ?? []) {
      this.addShadowProductionVariant(variant);
    }

    const resource = new CfnEndpointConfig(this, 'EndpointConfig', {
      kmsKeyId: props.encryptionKey?.keyRef.keyArn,
      endpointConfigName: this.physicalName,
      productionVariants: cdk.Lazy.any({ produce: () => this.renderProductionVariants() }),
      asyncInferenceConfig: this.outputs.renderAsyncInference(),
      dataCaptureConfig: this.outputs.renderDataCapture(),
      shadowProductionVariants: cdk.Lazy.any({ produce: () => [...this.shadowVariants.values()].map(v => renderInstanceVariant(v, servedAmi(v))) },
        { omitEmptyArray: true }),
      explainerConfig: this.explainer?.render(),
      metricsConfig: props.metricsConfig && {
        enableDetailedObservability: props.metricsConfig.enableDetailedObservability,
        enableEnhancedMetrics: props.metricsConfig.enableEnhancedMetrics,
        metricPublishFrequencyInSeconds: props.metricsConfig.metricPublishFrequency?.toSeconds(),
      },
      executionRoleArn: cdk.Lazy.string({ produce: () => this.role?.roleArn }),
      vpcConfig: this.network && {
        subnets: this.network.subnets.subnetIds,
        securityGroupIds: this.network.connections.securityGroups.map(g => g.securityGroupId),
      },
      enableNetworkIsolation: props.networkIsolation,
    });
    this.node.defaultChild = resource;
    if (this.network && props.networkInterfaceCleanup !== false) {
      cleanUpNetworkInterfaces(resource, this.network.connections.securityGroups, this.network.subnets.subnets);
    }
    this.endpointConfigName = this.getResourceNameAttribute(resource.attrEndpointConfigName);
    this.resource = resource;

    // One validation: each hosted model's facts are read once, and rules that cannot apply are not run.
    this.node.addValidation({
      validate: () => {
        const hosted = [...this.instanceVariants.values()].map(variant => ({ variant, model: modelFacts(variant.model) }));
        const shadows = [...this.shadowVariants.values()].map(variant => ({ variant, model: modelFacts(variant.model) }));
        const serverless = this.serverlessVariant && { variant: this.serverlessVariant, model: modelFacts(this.serverlessVariant.model) };
        const errors = validation(this, [ENDPOINT_CONFIG], () => ({
          instanceVariants: hosted,
          serverlessVariant: serverless,
          tags: renderedTags(resource),
        })).validate();
        const hostingRules = this.outputs.hostingRules();
        if (hostingRules.length > 0) {
          errors.push(...validation(this, hostingRules, () => ({
            serverlessVariantName: this.serverlessVariant?.variantName,
            modelPackageVariants: hosted
              .map(({ variant, model }) => ({ variantName: variant.variantName, containers: model?.modelPackages ?? [] }))
              .filter(v => v.containers.length > 0),
          })).validate());
        }
        errors.push(...validation(this, [COMPONENT_HOSTING], () => ({
          componentVariantNames: this.componentVariantNames(),
          modelVariantNames: [...this.instanceVariants.values(), ...this.shadowVariants.values()]
            .filter(v => v.model !== undefined).map(v => v.variantName),
          executionRole: props.executionRole !== undefined,
          vpc: props.vpc !== undefined,
          networkIsolation: props.networkIsolation,
          subnetIds: this.network?.subnets.subnetIds,
          securityGroupCount: this.network?.connections.securityGroups.length,
          subnetsWithoutVpc: props.vpc === undefined && props.vpcSubnets !== undefined,
          securityGroupsWithoutVpc: props.vpc === undefined && props.securityGroups !== undefined,
        })).validate());
        const hosts = servedHosts(hosted, shadows, serverless);
        if (hosts.length > 0) {
          errors.push(...validation(this, [SERVING_HOSTING], () => ({ hosts })).validate());
        }
        const packaged = packageHosts(hosted, shadows);
        if (packaged.length > 0) {
          errors.push(...validation(this, [PACKAGE_HOSTING], () => ({ hosts: packaged })).validate());
        }
        if (this.shadowVariants.size > 0) {
          errors.push(...validation(this, [SHADOW_VARIANTS], () => ({
            productionVariants: hosted,
            shadowVariants: shadows,
            asyncInference: props.asyncInference !== undefined,
          })).validate());
        }
        return errors;
      },
    });
    brand(this, BRANDS.endpointConfig);
  }

  /**
   * The variants of this configuration and what its endpoint's rules and metrics read of it, as they
   * are now (variants added later count).
   *
   * @internal
   */
  public _configFacts(): ConfigFacts {
    return {
      instanceVariants: [...this.instanceVariants.values()],
      serverlessVariant: this.serverlessVariant,
      shadowVariants: [...this.shadowVariants.values()],
      asyncInference: this.props.asyncInference !== undefined,
      componentHosting: this.componentVariantNames().length > 0,
      executionRole: this.role,
      ensureComponentRole: () => this.componentRole(),
      metricPublishFrequency: knownSeconds(this.props.metricsConfig?.metricPublishFrequency),
      detailedObservability: this.props.metricsConfig?.enableDetailedObservability,
    };
  }

  /**
   * Calls `listener` for each model this configuration hosts, now and for every variant added later.
   *
   * @internal
   */
  public _onHostedModels(listener: (model: iam.IGrantable) => void): void {
    this.hostedListeners.push(listener);
    this.hostedModels.forEach(listener);
  }

  /**
   * The execution role of a configuration whose variants host inference components: the one given
   * as `executionRole`, or the one the configuration created for its first variant without a model.
   * Undefined for a model-based configuration without `executionRole`.
   */
  public get executionRole(): iam.IRole | undefined {
    return this.role;
  }

  /**
   * The network connections of the inference components' containers (their security groups), with
   * `vpc`.
   */
  public get connections(): ec2.Connections {
    if (!this.network) {
      fail(this, 'endpointConfig.connections.vpc', problem('Cannot manage network access without configuring a VPC', 'vpc', 'none',
        'an endpoint configuration with a vpc'));
    }
    return this.network.connections;
  }

  /**
   * Add production variant to the endpoint configuration.
   *
   * @param props The properties of a production variant to add.
   */
  public addInstanceProductionVariant(props: InstanceProductionVariantProps): void {
    const config = this.state();
    enforce(this, INSTANCE_VARIANT_ADD, { variantName: props.variantName, hostsModel: props.model !== undefined, config });
    this.instanceVariants.set(props.variantName, this.instanceVariant(props, config));
  }

  /**
   * Add a shadow variant (`ShadowProductionVariants`): it receives a copy of the production
   * variant's requests, and its responses are discarded. A configuration has at most one, beside
   * exactly one production variant.
   *
   * @param props The properties of the shadow variant, as for an instance production variant.
   */
  public addShadowProductionVariant(props: InstanceProductionVariantProps): void {
    const config = this.state();
    enforce(this, SHADOW_VARIANT_ADD, { variantName: props.variantName, hostsModel: props.model !== undefined, config });
    this.shadowVariants.set(props.variantName, this.instanceVariant(props, config));
  }

  /**
   * Add serverless production variant to the endpoint configuration.
   *
   * @param props The properties of a serverless production variant to add.
   */
  public addServerlessProductionVariant(props: ServerlessProductionVariantProps): void {
    const config = this.state();
    enforce(this, SERVERLESS_VARIANT_ADD, { variantName: props.variantName, hostsModel: true, config });
    const variant: ServerlessVariantEntry = {
      model: props.model,
      variantName: props.variantName,
      modelName: props.model.modelName,
      initialVariantWeight: props.initialVariantWeight ?? 1.0,
      maxConcurrency: props.maxConcurrency,
      memorySizeInMB: props.memorySizeInMB,
      provisionedConcurrency: props.provisionedConcurrency,
    };
    enforce(this, SERVERLESS_VARIANT, { variant, config });
    this.serverlessVariant = variant;
    this.grantHosted(props.model);
  }

  /**
   * Find instance production variant based on variant name (the alpha module's internal lookup).
   *
   * @param name Variant name from production variant
   * @internal
   */
  public _findInstanceProductionVariant(name: string): InstanceProductionVariant {
    return findInstanceVariant(this, [...this.instanceVariants.values()], name, this);
  }

  /**
   * Without a key, a configuration with local-NVMe instance types gets the cdk-nag KMS finding
   * acknowledged: SageMaker takes no key for it. Instance types that are tokens are not known.
   */
  private acknowledgeLocalStorage(): void {
    const nvme = [...this.instanceVariants.values(), ...this.shadowVariants.values()].flatMap(v => localNvmeTypes(v.instanceTypes));
    if (nvme.length > 0) {
      acknowledgeLocalStorageEncryption(this.resource, [...new Set(nvme)]);
    }
  }

  /** An instance variant with its defaults, checked, and its models granted what the configuration makes them do. */
  private instanceVariant(props: InstanceProductionVariantProps, config: ConfigState): InstanceVariantEntry {
    // the pools' types in priority order, or the one instance type (the first is the variant's type)
    const instanceTypes = (props.instancePools && !props.instanceType
      ? [...props.instancePools].sort((a, b) => a.priority - b.priority).map(p => p.instanceType)
      : [props.instanceType ?? InstanceType.T2_MEDIUM]).map(t => instanceTypeOf(this, t));
    const variant: InstanceVariantEntry = {
      model: props.model,
      props,
      variantName: props.variantName,
      modelName: props.model?.modelName,
      initialVariantWeight: props.initialVariantWeight ?? 1.0,
      initialInstanceCount: props.initialInstanceCount ?? 1,
      instanceType: instanceTypes[0] ?? InstanceType.T2_MEDIUM,
      instanceTypes,
      acceleratorType: props.acceleratorType,
      containerStartupHealthCheckTimeout: props.containerStartupHealthCheckTimeout,
    };
    enforce(this, INSTANCE_VARIANT, { variant, config });
    enforce(this, VARIANT_SETTINGS, { variant, config });
    // A component-hosting variant's outputs are written with the configuration's role.
    const models: iam.IGrantable[] = props.model
      ? [props.model, ...(props.instancePools ?? []).flatMap(p => p.model ? [p.model] : [])]
      : [this.componentRole()];
    for (const model of models) {
      this.grantHosted(model);
      if (props.coreDump) {
        grantWriteUnder(this, model, props.coreDump.destinationBucket, props.coreDump.destinationPrefix, 'core dumps');
        grantKeyForWrites(props.coreDump.encryptionKey, model);
      }
    }
    this.watchLocalStorage(instanceTypes);
    return variant;
  }

  /**
   * Once a variant runs on instance types with local NVMe storage (and no key is given), acknowledge the
   * KMS-key finding when the tree is prepared, with every such type the configuration has by then.
   */
  private watchLocalStorage(instanceTypes: readonly InstanceType[]): void {
    if (this.localStorageAcknowledged || this.encryptionKey !== undefined || localNvmeTypes(instanceTypes).length === 0) {
      return;
    }
    this.localStorageAcknowledged = true;
    whenPrepared(this, () => this.acknowledgeLocalStorage());
  }

  /** The execution role of a component-hosting configuration: given, or created with least privilege on first use. */
  private componentRole(): iam.IRole {
    this.role ??= createExecutionRole(this, this.props.vpc !== undefined, 'a SageMaker endpoint configuration that hosts inference components');
    return this.role;
  }

  /** The names of the variants (production and shadow) that host inference components. */
  private componentVariantNames(): string[] {
    return [...this.instanceVariants.values(), ...this.shadowVariants.values()].filter(v => v.model === undefined).map(v => v.variantName);
  }

  /** Grant a hosted model (or the role of a component-hosting configuration) what the configuration's features make SageMaker do with its role. */
  private grantHosted(model: iam.IGrantable): void {
    if (!this.hostedModels.has(model)) {
      this.hostedModels.add(model);
      this.hostedListeners.forEach(listener => listener(model));
    }
    this.outputs.grant(model);
    this.explainer?.grant(model);
  }

  /** What the rules of a variant being added read of this configuration. */
  private state(): ConfigState {
    return {
      env: this.env,
      instanceVariantNames: [...this.instanceVariants.keys()],
      shadowVariantNames: [...this.shadowVariants.keys()],
      componentVariantNames: this.componentVariantNames(),
      serverlessVariantName: this.serverlessVariant?.variantName,
      encrypted: this.encryptionKey !== undefined,
    };
  }

  private renderProductionVariants(): CfnEndpointConfig.ProductionVariantProperty[] {
    return this.serverlessVariant
      ? [renderServerlessVariant(this.serverlessVariant)]
      : [...this.instanceVariants.values()].map(v => renderInstanceVariant(v, servedAmi(v)));
  }
}


/** The instance types with local NVMe storage among `types` (a token type is not known). */
function localNvmeTypes(types: readonly InstanceType[]): string[] {
  return types.map(t => t.toString()).filter(t => literal(t) && hasLocalNvme(t));
}

/** The inference AMI a variant gets when its model needs one and it sets none. */
function servedAmi(variant: InstanceVariantEntry): string | undefined {
  const served = modelFacts(variant.model)?.served;
  return served && served.length > 0
    ? defaultInferenceAmi(variant.instanceTypes.map(t => t.toString()).filter(t => !cdk.Token.isUnresolved(t)), served)
    : undefined;
}

class ImportedEndpointConfig extends cdk.Resource implements IEndpointConfig {
  constructor(scope: Construct, id: string, public readonly endpointConfigArn: string, public readonly endpointConfigName: string) {
    super(scope, id, { environmentFromArn: endpointConfigArn });
  }

  public get endpointConfigRef(): EndpointConfigReference {
    return { endpointConfigArn: this.endpointConfigArn };
  }
}
