import { Duration, Token } from 'aws-cdk-lib';
import type { ComputeResourceRequirements, InferenceComponentProps, InferenceComponentStartupParameters } from '../../inference-component';
import type { InstanceType } from '../../instance-type';
import type { ModelDataConfig } from '../../model-data';
import {
  checkCount, checkDuration, checkRange, checkS3UriLength, checkString, known, literal, show, STRING_RULES, StringRule,
} from '../validation';
import { INFERENCE_COMPONENT_LIMITS as L, range } from './limits';
import { Finding, problem, py, RuleSet } from './rule';
import { RenderedTag, tagRules } from './tags';
import { gpuCount, isAccelerated, isGpu, memoryMebibytes, vcpuCount } from '../instance-data';

/*
 * The rules of an InferenceComponent (CloudFormation AWS::SageMaker::InferenceComponent, SageMaker API InferenceComponentSpecification, SageMaker API InferenceComponentRuntimeConfig, SageMaker API reference): the props as
 * given (each specification on its own), and at synth against the endpoint's configuration (the
 * variant, its instance types, whether it hosts components at all) and the copy-count scaling.
 */

/** `Container.Environment` keys: the CloudFormation schema's pattern (two characters at least). */
const COMPONENT_ENVIRONMENT_KEY: StringRule = {
  pattern: /^[a-zA-Z_][a-zA-Z0-9_]{1,1024}$/,
  minLength: 2,
  maxLength: 1025,
  what: 'an environment variable name of an inference component',
  allowed: '2 to 1025 characters: letters, digits and underscores, not starting with a digit (the CloudFormation schema\'s pattern)',
};

/** `MetricsEndpointPath`: an absolute path without `..`. */
const METRICS_PATH: StringRule = {
  pattern: /^\/(?!.*\.\.)[a-zA-Z0-9/_.-]+$/,
  minLength: 2,
  maxLength: L.metricsPathLength,
  what: 'the path of a Prometheus metrics endpoint',
  allowed: `up to ${L.metricsPathLength} characters starting with '/': letters, digits and /_.-, without '..'`,
};

/**
 * What the rules read of a specification: what it hosts (whether a model, a container image, an
 * artifact is set), its settings, and its requirements (`InferenceComponentSpecificationOptions` is
 * one; so is what the CloudFormation door reads of a specification).
 */
export interface SpecificationFacts {
  readonly model?: unknown;
  readonly container?: {
    readonly image?: unknown;
    readonly artifact?: unknown;
    readonly environment?: { [key: string]: string };
    readonly metricsEndpoint?: { readonly path?: string; readonly publishFrequency?: Duration };
  };
  readonly computeResourceRequirements?: Partial<ComputeResourceRequirements>;
  readonly startupParameters?: InferenceComponentStartupParameters;
  readonly enableDataCaching?: boolean;
  readonly scheduling?: { readonly maxAvailabilityZoneImbalance?: number };
}

/** What the rules read of the component's props (`InferenceComponentProps` is one). */
export interface ComponentPropsFacts extends SpecificationFacts, Pick<InferenceComponentProps, 'inferenceComponentName' | 'initialCopyCount'> {
  readonly variantName?: string;
  readonly specifications?: ReadonlyArray<{ readonly instanceType: InstanceType | string }>;
  readonly baseInferenceComponent?: unknown;
  readonly deployment?: unknown;
  readonly rollbackAlarms?: readonly object[];
}

/** One specification (the component's own, or one of `specifications`), with the property prefix messages use. */
export interface SpecificationInput {
  /** `''` for the component's own specification, `specifications[2].` for one of the list. */
  readonly prefix: string;
  readonly spec: SpecificationFacts;
  /** Whether the component is an adapter on a base component. */
  readonly adapter: boolean;
  /** The bound artifact of the container, when it has one. */
  readonly artifact?: ModelDataConfig;
  /** Whether the container's image is pulled from a private registry (`ContainerImage.fromRegistry`). */
  readonly registryImage: boolean;
  /** The image URI the container's image renders, when bound. */
  readonly imageUri?: string;
}

const what = (s: SpecificationInput) => s.prefix === '' ? 'the inference component' : s.prefix.slice(0, -1);

/** The rules of one specification. */
export const COMPONENT_SPECIFICATION: RuleSet<SpecificationInput> = {
  name: 'InferenceComponent specification',
  rules: [
    {
      id: 'inferenceComponent.hosts',
      source: 'SageMaker API InferenceComponentSpecification (ModelName, or Container, or BaseInferenceComponentName + Container.ArtifactUrl) (https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_InferenceComponentSpecification.html)',
      check: s => {
        const given = [s.spec.model && 'model', s.spec.container && 'container'].filter((x): x is string => typeof x === 'string');
        if (s.adapter) {
          return s.spec.model
            ? problem('An adapter component takes its model from the base component', `${s.prefix}model`, 'a model',
              'container with only artifact (the adapter weights) and baseInferenceComponent')
            : undefined;
        }
        return given.length !== 1
          ? problem(`${what(s)} must host exactly one of model or container`, `${s.prefix}model / ${s.prefix}container`,
            given.length === 0 ? 'neither' : 'both', 'a Model, or a container specification (image, artifact, environment)')
          : undefined;
      },
    },
    {
      id: 'inferenceComponent.adapter.container',
      source: 'SageMaker API InferenceComponentSpecification (an adapter is BaseInferenceComponentName + Container.ArtifactUrl only; SageMaker Developer Guide realtime-endpoints-adapt) (https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_InferenceComponentSpecification.html, https://docs.aws.amazon.com/sagemaker/latest/dg/realtime-endpoints-adapt.html)',
      check: s => {
        if (!s.adapter) {
          return undefined;
        }
        const c = s.spec.container;
        const extra = [
          c?.image && 'container.image', c?.environment && 'container.environment', c?.metricsEndpoint && 'container.metricsEndpoint',
          s.spec.computeResourceRequirements && 'computeResourceRequirements', s.spec.startupParameters && 'startupParameters',
          s.spec.scheduling && 'scheduling', s.spec.enableDataCaching !== undefined && 'enableDataCaching',
        ].filter((x): x is string => typeof x === 'string');
        return [
          !c?.artifact ? problem('An adapter component needs the adapter weights', 'container.artifact', 'none',
            'ModelData.fromBucket() or fromAsset() with the .tar.gz of the adapter') : undefined,
          extra.length > 0 ? problem('An adapter component runs in its base component\'s container and on its resources',
            extra.join(', '), 'set', `only container.artifact with ${py('baseInferenceComponent')}`) : undefined,
        ];
      },
    },
    {
      id: 'inferenceComponent.computeResourceRequirements.minMemoryRequiredInMb',
      source: 'SageMaker API InferenceComponentSpecification (SageMaker API ComputeResourceRequirements and MinMemoryRequiredInMb required for a component that is not an adapter) (https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_InferenceComponentSpecification.html, https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_InferenceComponentComputeResourceRequirements.html)',
      check: s => !s.adapter && s.spec.computeResourceRequirements === undefined
        ? problem(`${what(s)} needs its compute resource requirements`, `${s.prefix}computeResourceRequirements`, 'none',
          `ComputeResourceRequirements with ${py('minMemoryRequiredInMb')}, and ${py('numberOfAcceleratorDevicesRequired')} on GPU or Neuron instances`)
        : undefined,
    },
    {
      id: 'inferenceComponent.computeResourceRequirements.ranges',
      source: 'CloudFormation AWS::SageMaker::InferenceComponent MinMemoryRequiredInMb / MaxMemoryRequiredInMb ≥128, NumberOfCpuCoresRequired ≥0.25, NumberOfAcceleratorDevicesRequired ≥1 (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-sagemaker-inferencecomponent.html)',
      check: s => {
        const r = s.spec.computeResourceRequirements;
        const p = `${s.prefix}computeResourceRequirements.`;
        return r && [
          checkRange(`${p}minMemoryRequiredInMb`, r.minMemoryRequiredInMb, L.memoryMb, Infinity, { unit: 'MB' }),
          checkRange(`${p}maxMemoryRequiredInMb`, r.maxMemoryRequiredInMb, L.memoryMb, Infinity, { unit: 'MB' }),
          checkRange(`${p}numberOfCpuCoresRequired`, r.numberOfCpuCoresRequired, L.cpuCores, Infinity, { integer: false }),
          checkRange(`${p}numberOfAcceleratorDevicesRequired`, r.numberOfAcceleratorDevicesRequired, L.acceleratorDevices, Infinity,
            { integer: false }),
        ];
      },
    },
    {
      id: 'inferenceComponent.computeResourceRequirements.maxBelowMin',
      source: 'SageMaker API InferenceComponentSpecification (W: MaxMemoryRequiredInMb ≥ MinMemoryRequiredInMb) (https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_InferenceComponentSpecification.html)',
      severity: 'warning',
      check: s => {
        const r = s.spec.computeResourceRequirements;
        return r && known(r.minMemoryRequiredInMb) && known(r.maxMemoryRequiredInMb) && r.maxMemoryRequiredInMb < r.minMemoryRequiredInMb
          ? `${py(`${s.prefix}computeResourceRequirements.maxMemoryRequiredInMb`)} (${r.maxMemoryRequiredInMb}) is below ${py('minMemoryRequiredInMb')} `
            + `(${r.minMemoryRequiredInMb}): SageMaker reserves the minimum for each copy, so the maximum should be at least as large.`
          : undefined;
      },
    },
    {
      id: 'inferenceComponent.startupParameters',
      source: 'CloudFormation AWS::SageMaker::InferenceComponent ModelDataDownloadTimeoutInSeconds / ContainerStartupHealthCheckTimeoutInSeconds 60-3600 (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-sagemaker-inferencecomponent.html)',
      check: s => s.spec.startupParameters && [
        checkDuration(`${s.prefix}startupParameters.modelDataDownloadTimeout`, s.spec.startupParameters.modelDataDownloadTimeout,
          L.startupSeconds, 'seconds'),
        checkDuration(`${s.prefix}startupParameters.containerStartupHealthCheckTimeout`,
          s.spec.startupParameters.containerStartupHealthCheckTimeout, L.startupSeconds, 'seconds'),
      ],
    },
    {
      id: 'inferenceComponent.scheduling.maxAvailabilityZoneImbalance',
      source: 'CloudFormation AWS::SageMaker::InferenceComponent AvailabilityZoneBalance.MaxImbalance 0-100 (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-sagemaker-inferencecomponent.html)',
      check: s => checkRange(`${s.prefix}scheduling.maxAvailabilityZoneImbalance`, s.spec.scheduling?.maxAvailabilityZoneImbalance,
        L.maxImbalance.min, L.maxImbalance.max),
    },
    {
      id: 'inferenceComponent.container.environment',
      source: 'CloudFormation AWS::SageMaker::InferenceComponent Container.Environment: at most 16 entries (CloudFormation schema), key pattern, values up to 1024 characters (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-sagemaker-inferencecomponent.html)',
      check: s => {
        const env = s.spec.container?.environment;
        if (!env || Token.isUnresolved(env)) {
          return undefined;
        }
        const entries = Object.entries(env);
        const p = `${s.prefix}container.environment`;
        return [
          entries.length > L.environmentEntries
            ? problem(`${p} has too many entries`, p, `${entries.length} entries`, `at most ${L.environmentEntries} (the CloudFormation schema's limit)`)
            : undefined,
          ...entries.map(([key]) => checkString(`${p} key`, key, COMPONENT_ENVIRONMENT_KEY)),
          ...entries.filter(([, value]) => literal(value) && value.length > L.environmentValueLength)
            .map(([key, value]) => problem(`${p} value of ${show(key)} is too long`, `${p}.${key}`, `${value.length} characters`,
              `at most ${L.environmentValueLength} characters`)),
        ];
      },
    },
    {
      id: 'inferenceComponent.container.metricsEndpoint',
      source: 'CloudFormation AWS::SageMaker::InferenceComponent MetricsEndpoint: MetricsEndpointPath pattern up to 256 characters, MetricPublishFrequencyInSeconds 10-300 (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-sagemaker-inferencecomponent.html)',
      check: s => {
        const m = s.spec.container?.metricsEndpoint;
        return m && [
          checkString(`${s.prefix}container.metricsEndpoint.path`, m.path, METRICS_PATH),
          checkDuration(`${s.prefix}container.metricsEndpoint.publishFrequency`, m.publishFrequency, L.metricsFrequencySeconds, 'seconds'),
        ];
      },
    },
    {
      id: 'inferenceComponent.container.image',
      source: 'CloudFormation AWS::SageMaker::InferenceComponent Container.Image up to 255 characters; the container has no ImageConfig (no private registry) (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-sagemaker-inferencecomponent.html)',
      check: s => [
        s.registryImage
          ? problem('An inference component\'s container cannot pull from a private registry (it has no ImageConfig)',
            `${s.prefix}container.image`, 'ContainerImage.fromRegistry()', `an image in Amazon ECR: ${py('fromEcrRepository()')}, ${py('fromAsset()')} or ${py('fromDlc()')}`)
          : undefined,
        literal(s.imageUri) && s.imageUri.length > L.imageLength
          ? problem('The container image URI is too long', `${s.prefix}container.image`, `${s.imageUri.length} characters`,
            `at most ${L.imageLength} characters`)
          : undefined,
      ],
    },
    {
      id: 'inferenceComponent.container.artifact',
      source: 'CloudFormation AWS::SageMaker::InferenceComponent Container.ArtifactUrl: one gzip-compressed tar archive (.tar.gz), an S3 or HTTPS URL up to 1024 characters (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-sagemaker-inferencecomponent.html)',
      check: s => {
        const a = s.artifact;
        const p = `${s.prefix}container.artifact`;
        return a && [
          a.s3DataType === 'S3Prefix' || a.compressionType === 'None'
            ? problem('An inference component\'s artifact must be one .tar.gz object', p,
              a.s3DataType === 'S3Prefix' ? 'S3DataType.S3_PREFIX' : 'CompressionType.NONE',
              `${py('ModelData.fromBucket()')} of a .tar.gz object, or ${py('ModelData.fromAsset()')} of a .tar.gz file`)
            : undefined,
          a.acceptEula
            ? problem('An inference component\'s artifact has no EULA acceptance', `${p} acceptEula`, 'true',
              'a Model with the gated model data, hosted through the component\'s model')
            : undefined,
          checkS3UriLength('container.artifact', p, a.uri, L.artifactUrlLength),
        ];
      },
    },
  ],
};

/** The component's props as given. */
export interface ComponentPropsInput {
  readonly props: ComponentPropsFacts;
}

export const COMPONENT_PROPS: RuleSet<ComponentPropsInput> = {
  name: 'InferenceComponent',
  rules: [
    {
      id: 'inferenceComponent.inferenceComponentName',
      source: 'CloudFormation AWS::SageMaker::InferenceComponent InferenceComponentName pattern, up to 63 characters (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-sagemaker-inferencecomponent.html)',
      check: ({ props }) => checkString('inferenceComponentName', props.inferenceComponentName, STRING_RULES.inferenceComponentName),
    },
    {
      id: 'inferenceComponent.variantName',
      source: 'CloudFormation AWS::SageMaker::InferenceComponent VariantName pattern, up to 63 characters (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-sagemaker-inferencecomponent.html)',
      check: ({ props }) => checkString('variantName', props.variantName, STRING_RULES.variantName),
    },
    {
      id: 'inferenceComponent.specifications.exclusive',
      source: 'SageMaker API InferenceComponentSpecification (exactly one of Specification / Specifications) (https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_InferenceComponentSpecification.html)',
      check: ({ props }) => {
        if (!props.specifications) {
          return undefined;
        }
        const own = (['model', 'container', 'computeResourceRequirements', 'startupParameters', 'scheduling', 'enableDataCaching'] as const)
          .filter(k => props[k] !== undefined);
        return [
          own.length > 0
            ? problem('specifications replace the component\'s own specification', own.join(', '), 'set beside specifications',
              'either these props (one instance type) or specifications (one entry per instance type)')
            : undefined,
          props.baseInferenceComponent
            ? problem('An adapter component cannot have specifications', 'specifications', `${props.specifications.length} entries`,
              'no specifications with baseInferenceComponent (CloudFormation accepts BaseInferenceComponentName only on Specification)')
            : undefined,
        ];
      },
    },
    {
      id: 'inferenceComponent.specifications.count',
      source: 'CloudFormation AWS::SageMaker::InferenceComponent Specifications: 2-5 items (CloudFormation; one instance type uses the component\'s own props) (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-sagemaker-inferencecomponent.html)',
      check: ({ props }) => checkCount('specifications', props.specifications, L.specifications.min, L.specifications.max),
    },
    {
      id: 'inferenceComponent.specifications.instanceType',
      source: 'CloudFormation AWS::SageMaker::InferenceComponent Specifications: one entry per instance type (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-sagemaker-inferencecomponent.html)',
      check: ({ props }) => {
        const types = (props.specifications ?? []).map(s => s.instanceType.toString()).filter(literal);
        const repeated = [...new Set(types.filter((t, i) => types.indexOf(t) !== i))];
        return repeated.map(t => problem(`specifications name instance type ${show(t)} more than once`, 'specifications[].instanceType',
          show(t), 'one entry per instance type'));
      },
    },
    {
      id: 'inferenceComponent.initialCopyCount',
      source: 'SageMaker API InferenceComponentRuntimeConfig (a component cannot be created with CopyCount 0; scale to zero with autoScaleCopyCount minCapacity 0) (https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_InferenceComponentRuntimeConfig.html)',
      check: ({ props }) => {
        const count = props.initialCopyCount;
        if (props.baseInferenceComponent && count !== undefined) {
          return problem('An adapter component shares the copies of its base component', 'initialCopyCount', show(count),
            'no initialCopyCount with baseInferenceComponent');
        }
        return known(count) && count < L.copyCount
          ? problem('initialCopyCount must be at least 1: SageMaker cannot create a component with 0 copies', 'initialCopyCount', show(count),
            `an integer 1 or more; for scale to zero, ${py('autoScaleCopyCount()')} with ${py('minCapacity')} 0 scales it to 0 once it runs`)
          : checkRange('initialCopyCount', count, L.copyCount, Infinity);
      },
    },
    {
      id: 'inferenceComponent.rollbackAlarms.deployment',
      source: 'CloudFormation AWS::SageMaker::InferenceComponent InferenceComponentDeploymentConfig (SageMaker API RollingUpdatePolicy required) (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-sagemaker-inferencecomponent.html, https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_RollingUpdatePolicy.html)',
      check: ({ props }) => (props.rollbackAlarms?.length ?? 0) > 0 && props.deployment === undefined
        ? problem('rollbackAlarms need a rolling deployment', 'deployment', 'none', `DeploymentStrategy.rolling() with ${py('maximumBatchSize')} and ${py('waitInterval')}`)
        : undefined,
    },
    {
      id: 'inferenceComponent.deployment.adapter',
      source: 'SageMaker API InferenceComponentSpecification (an adapter has no copies of its own to roll) (https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_InferenceComponentSpecification.html)',
      check: ({ props }) => props.baseInferenceComponent && props.deployment
        ? problem('An adapter component has no copies of its own to roll', 'deployment', 'DeploymentStrategy.rolling()',
          'no deployment with baseInferenceComponent')
        : undefined,
    },
  ],
};

/** What the synth rules read: the component, its endpoint's configuration (when known) and its scaling. */
export interface ComponentInput {
  /** The resource's tags as it will be deployed with them (rendered once per validation). */
  readonly tags: readonly RenderedTag[];
  readonly variantName: string;
  /** The path of the endpoint configuration, or undefined when the endpoint is imported. */
  readonly configPath?: string;
  /** Every variant of the configuration (production and shadow), with whether it names a model and its instance types. */
  readonly variants: ReadonlyArray<{
    readonly variantName: string;
    readonly hostsModel: boolean;
    readonly instanceTypes: readonly string[];
    readonly managedMinInstanceCount?: number;
  }>;
  /** The instance types of `specifications`. */
  readonly specificationTypes: readonly string[];
  readonly alarms: readonly object[];
  /** The minimum capacity of `autoScaleCopyCount()`, when it was called. */
  readonly scaledMinCapacity?: number;
  /** Whether the component is an adapter. */
  readonly adapter: boolean;
  /**
   * The compute requirements of each specification: the component's own (`instanceType` unset: it
   * runs on every instance type of the variant) or one of `specifications`.
   */
  readonly requirements: ReadonlyArray<{
    readonly prefix: string;
    readonly instanceType?: string;
    readonly requirements?: Partial<ComputeResourceRequirements>;
  }>;
}

/** 1 MB is at most 1.048576 MiB: a memory requirement is over an instance's memory only above this share of its MiB. */
const MB_PER_MIB = 1048576 / 1000000;

/**
 * What one copy asks for beyond what an instance type has (its accelerators, vCPUs and memory, from
 * the generated instance facts); nothing for a type or a requirement that is not known.
 */
function overRequests(r: Partial<ComputeResourceRequirements>, instanceType: string): string[] {
  const over: string[] = [];
  const devices = r.numberOfAcceleratorDevicesRequired;
  // NVIDIA GPUs are counted; a Neuron type's devices are not in the data, and a CPU type has none.
  const accelerators = !isAccelerated(instanceType) ? 0 : isGpu(instanceType) ? gpuCount(instanceType) : undefined;
  if (known(devices) && accelerators !== undefined && devices > accelerators) {
    over.push(`numberOfAcceleratorDevicesRequired ${devices}, but ${instanceType} has ${accelerators === 0 ? 'no accelerator' : `${accelerators} GPU${accelerators === 1 ? '' : 's'}`}`);
  }
  const vcpus = vcpuCount(instanceType);
  if (known(r.numberOfCpuCoresRequired) && vcpus !== undefined && r.numberOfCpuCoresRequired > vcpus) {
    over.push(`numberOfCpuCoresRequired ${r.numberOfCpuCoresRequired}, but ${instanceType} has ${vcpus} vCPUs`);
  }
  const memory = memoryMebibytes(instanceType);
  if (known(r.minMemoryRequiredInMb) && memory !== undefined && r.minMemoryRequiredInMb > memory * MB_PER_MIB) {
    over.push(`minMemoryRequiredInMb ${r.minMemoryRequiredInMb}, but ${instanceType} has ${memory} MiB of memory`);
  }
  return over;
}

/** What an instance type has, for messages. */
function describe(instanceType: string): string {
  const gpus = isGpu(instanceType) ? gpuCount(instanceType) : 0;
  const vcpus = vcpuCount(instanceType);
  const memory = memoryMebibytes(instanceType);
  return [
    gpus === undefined ? undefined : `${gpus} GPU${gpus === 1 ? '' : 's'}`,
    vcpus === undefined ? undefined : `${vcpus} vCPUs`,
    memory === undefined ? undefined : `${memory} MiB of memory`,
  ].filter(x => x !== undefined).join(', ');
}

/** For each specification, its requirements against each instance type it can run on. */
function requirementChecks(input: ComponentInput) {
  const variant = input.variants.find(v => v.variantName === input.variantName);
  return input.requirements.flatMap(({ prefix, instanceType, requirements: r }) => {
    const types = (instanceType !== undefined ? [instanceType] : variant?.instanceTypes ?? []).filter(literal);
    return r && types.length > 0
      ? [{ prefix, types, over: types.map(t => ({ type: t, over: overRequests(r, t) })) }]
      : [];
  });
}

export const COMPONENT: RuleSet<ComponentInput> = {
  name: 'InferenceComponent (against the endpoint configuration)',
  rules: [
    {
      id: 'inferenceComponent.variantName.exists',
      source: 'SageMaker API InferenceComponentSpecification (VariantName must be a variant of the endpoint\'s configuration) (https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_InferenceComponentSpecification.html)',
      check: ({ configPath, variants, variantName }) => configPath && literal(variantName) && !variants.some(v => v.variantName === variantName)
        ? problem(`The endpoint configuration has no variant ${show(variantName)}`, 'variantName', show(variantName),
          `a variant of ${configPath}: ${variants.map(v => show(v.variantName)).join(', ') || 'none'}`)
        : undefined,
    },
    {
      id: 'inferenceComponent.variant.hostsModel',
      source: 'SageMaker API CreateEndpointConfig (a variant that names a model hosts that model, not inference components) (https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_CreateEndpointConfig.html)',
      check: ({ configPath, variants, variantName }) => {
        const variant = variants.find(v => v.variantName === variantName);
        return configPath && variant?.hostsModel
          ? problem(`Variant ${show(variantName)} of ${configPath} names a model, so it cannot host inference components`, 'variantName',
            show(variantName), 'a variant without a model (InstanceProductionVariantProps.model unset) in a configuration whose variants all omit it')
          : undefined;
      },
    },
    {
      id: 'inferenceComponent.specifications.instanceTypes',
      source: 'SageMaker API InferenceComponentSpecification (Specifications[].InstanceType must be one of the variant\'s InstancePools types) (https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_InferenceComponentSpecification.html)',
      check: ({ configPath, variants, variantName, specificationTypes }): Finding => {
        const variant = variants.find(v => v.variantName === variantName);
        if (!configPath || !variant || specificationTypes.length === 0) {
          return undefined;
        }
        return specificationTypes.filter(t => literal(t) && !variant.instanceTypes.includes(t))
          .map(t => problem(`specifications name instance type ${show(t)}, which variant ${show(variantName)} does not run on`,
            'specifications[].instanceType', show(t), `the variant's instance types: ${variant.instanceTypes.map(show).join(', ')}`));
      },
    },
    {
      id: 'inferenceComponent.computeResourceRequirements.exceedsInstance',
      source: 'SageMaker API ComputeResourceRequirements: a copy is placed on one instance, which must have the accelerators, CPU cores '
        + 'and memory it reserves (https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_InferenceComponentComputeResourceRequirements.html); '
        + 'instance facts from SageMaker Python SDK v3 instance_gpu_info.json and EC2 DescribeInstanceTypes, generated '
        + '(https://pypi.org/project/sagemaker-core/, https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeInstanceTypes.html)',
      check: input => requirementChecks(input)
        .filter(c => c.over.every(o => o.over.length > 0))
        .flatMap(c => c.over.map(o => problem(`One copy of ${c.prefix === '' ? 'the inference component' : c.prefix.slice(0, -1)} `
          + `needs more than instance type ${show(o.type)} has${c.types.length > 1 ? ', as on every instance type of the variant' : ''}`,
        `${c.prefix}computeResourceRequirements`, o.over.join('; '),
        `at most what one ${o.type} instance has: ${describe(o.type)}`))),
    },
    {
      id: 'inferenceComponent.computeResourceRequirements.exceedsSomeInstanceTypes',
      source: 'SageMaker API ComputeResourceRequirements; InstancePools: the component\'s own specification applies to every instance type of the variant (https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_InferenceComponentComputeResourceRequirements.html)',
      severity: 'warning',
      check: input => requirementChecks(input)
        .filter(c => c.over.some(o => o.over.length > 0) && c.over.some(o => o.over.length === 0))
        .map(c => `${py(`${c.prefix}computeResourceRequirements`)} ask for more than some instance types of variant `
          + `${show(input.variantName)} have (${c.over.filter(o => o.over.length > 0).map(o => o.over.join('; ')).join('; ')}): `
          + `no copy can be placed on those instances. Give each instance type its own entry in ${py('specifications')}.`),
    },
    {
      id: 'inferenceComponent.rollbackAlarms.count',
      source: 'CloudFormation AWS::SageMaker::InferenceComponent AutoRollbackConfiguration.Alarms: 1-10 (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-sagemaker-inferencecomponent.html)',
      check: ({ alarms }) => alarms.length > 10
        ? problem('rollbackAlarms must have at most 10 alarms', 'rollbackAlarms', `${alarms.length} alarms`, '1 to 10 CloudWatch alarms')
        : undefined,
    },
    {
      id: 'inferenceComponent.rollbackAlarms.importedEndpoint',
      cfn: 'it is about the grants this library makes to the configuration\'s role',
      source: 'SageMaker Developer Guide deployment-guardrails-configuration (SageMaker reads the alarms with the execution role) (https://docs.aws.amazon.com/sagemaker/latest/dg/deployment-guardrails-configuration.html)',
      severity: 'warning',
      check: ({ configPath, alarms }) => configPath === undefined && alarms.length > 0
        ? `${py('rollbackAlarms')} are set on a component of an imported endpoint, whose configuration's execution role is not known: grant that `
          + `role cloudwatch:DescribeAlarms on ${alarms.length === 1 ? 'the alarm' : `the ${alarms.length} alarms`} yourself, or SageMaker `
          + 'cannot read them during the deployment.'
        : undefined,
    },
    {
      id: 'inferenceComponent.scaleToZero.instancesKeepRunning',
      source: 'SageMaker Developer Guide endpoint-auto-scaling-zero-instances (the instances scale to zero only with ManagedInstanceScaling MinInstanceCount 0) (https://docs.aws.amazon.com/sagemaker/latest/dg/endpoint-auto-scaling-zero-instances.html)',
      severity: 'warning',
      check: ({ scaledMinCapacity, variants, variantName }) => {
        const variant = variants.find(v => v.variantName === variantName);
        return scaledMinCapacity === 0 && variant && variant.managedMinInstanceCount !== 0
          ? `${py('autoScaleCopyCount()')} ${py('minCapacity')} is 0, but variant ${show(variantName)} has ${variant.managedMinInstanceCount === undefined
            ? `no ${py('managedInstanceScaling')}` : `${py('managedInstanceScaling')} ${py('minInstanceCount')} ${variant.managedMinInstanceCount}`}: `
            + 'the copies scale to zero while the instances keep running (and billing). Give the variant managedInstanceScaling with minInstanceCount 0.'
          : undefined;
      },
    },
    {
      id: 'inferenceComponent.tags.emptyValue',
      source: 'CloudFormation AWS::SageMaker::InferenceComponent Tags: Value 1-256 characters (other resources accept an empty value) (https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-sagemaker-inferencecomponent.html)',
      check: ({ tags }) => tags.filter(t => t.value === '')
        .map(t => problem(`tag ${show(t.key)} has an empty value, which an inference component does not accept`, 'tag value', '\'\'',
          `${range(L.tagValueLength)} characters`)),
    },
    ...tagRules<ComponentInput>('inferenceComponent', input => input.tags),
  ],
};

/** A container specification on an endpoint whose configuration is not known (imported). */
export const UNKNOWN_ROLE: RuleSet<{ readonly endpoint: string }> = {
  name: 'InferenceComponent container',
  cfn: 'it is about the role this library grants',
  rules: [{
    id: 'inferenceComponent.container.unknownRole',
    source: 'SageMaker API CreateEndpointConfig: the configuration\'s ExecutionRoleArn pulls the image and reads the artifact of a container specification (https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_CreateEndpointConfig.html)',
    severity: 'warning',
    check: ({ endpoint }) => `the endpoint '${endpoint}' is imported, so the execution role of its configuration is not known: grant that `
      + 'role the image pull and artifact read that the warnings of ContainerGrants name.',
  }],
};
