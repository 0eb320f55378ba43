import * as cdk from 'aws-cdk-lib';
import { familyOf, gpuCount, isGpu, isNeuron } from '../instance-data';
import { compareVersions, CUDA13_AMI, CUDA13_AMI_FAMILIES, EngineSpec, ServedContainer } from '../serving';
import { known, literal, show } from '../validation';
import { environmentEntries } from './container';
import { VARIANT_SETTINGS_LIMITS as L } from './limits';
import type { ServerlessEntryInput, VariantEntryInput } from '../variants';
import type { HostedVariant } from './endpoint-config';
import { problem, py, RuleSet } from './rule';

/*
 * The rules of `ServingImage` (serving engines): the image and its version in the stack's region,
 * `serve()`, a served container of a Model, and the instance types that host a served model
 * (SageMaker Python SDK v3 image tables; each engine's SageMaker entrypoint, cited in serving.ts).
 */

const SDK_TABLES = 'SageMaker Python SDK v3 image tables, sagemaker-core sagemaker/core/image_uri_config (https://pypi.org/project/sagemaker-core/)';

/** A `ServingImage` factory call. */
export interface ServingImageInput {
  readonly engine: EngineSpec;
  readonly accelerator: string;
  /** The accelerators the engine has images for. */
  readonly accelerators: readonly string[];
}

export const SERVING_IMAGE_FACTORY: RuleSet<ServingImageInput> = {
  name: 'ServingImage factory',
  cfn: 'it checks ServingImage arguments',
  rules: [
    {
      id: 'servingImage.accelerator',
      source: SDK_TABLES,
      check: ({ engine, accelerator, accelerators }) => !accelerators.includes(accelerator)
        ? problem(`${engine.name} has no ${accelerator} image`, `ServingImage.${engine.key}() accelerator`, show(accelerator),
          accelerators.map(a => `ServingAccelerator.${a}`).join(' or '))
        : undefined,
    },
  ],
};

/** A `ServingImage` bound in a stack. */
export interface ServingImageBindInput {
  /** The image, as the user wrote it. */
  readonly description: string;
  readonly version: string;
  readonly accelerator: string;
  /** Whether the table has the version for the accelerator (always true for `of()`). */
  readonly inTable: boolean;
  /** The versions the table has for the accelerator, newest first. */
  readonly versions: readonly string[];
  /** The stack's region (a token when env-agnostic). */
  readonly region: string;
  /** The regions the image is published in. */
  readonly regions: readonly string[];
}

export const SERVING_IMAGE_BIND: RuleSet<ServingImageBindInput> = {
  name: 'ServingImage in a stack',
  cfn: 'it checks ServingImage arguments',
  rules: [
    {
      id: 'servingImage.version',
      source: SDK_TABLES,
      check: ({ description, version, accelerator, inTable, versions }) => !inTable
        ? problem(`${description}: version ${show(version)} has no ${accelerator} image`, 'version', show(version),
          `a version with a ${accelerator} image: ${versions.join(', ')}, or another accelerator`)
        : undefined,
    },
    {
      id: 'servingImage.region',
      source: SDK_TABLES,
      check: ({ description, version, region, regions }) => literal(region) && regions.length > 0 && !regions.includes(region)
        ? problem(`${description}: version ${show(version)} is not published in the stack's region`, 'stack region', show(region),
          `a region of the image's registry: ${regions.join(', ')}`)
        : undefined,
    },
  ],
};

/** A `serve()` call. */
export interface ServeInput {
  readonly engine: EngineSpec;
  readonly accelerator: string;
  readonly hubModelId?: string;
  readonly modelData: boolean;
  readonly tensorParallelDegree?: number;
  readonly maxModelLength?: number;
}

function positive(property: string, value: number | undefined): string | undefined {
  return known(value) && (!Number.isInteger(value) || value < 1)
    ? problem(`${property} must be a whole number of at least 1`, property, show(value), 'a whole number of at least 1')
    : undefined;
}

export const SERVE: RuleSet<ServeInput> = {
  name: 'ServingImage.serve()',
  cfn: 'it checks serve() arguments',
  rules: [
    {
      id: 'serve.engine',
      source: 'SageMaker Developer Guide, pre-built framework images take a model artifact and an inference script, not a model id (https://docs.aws.amazon.com/sagemaker/latest/dg/pre-built-containers-frameworks-deep-learning.html)',
      check: ({ engine }) => !engine.serves
        ? problem(`${engine.name} images serve a model artifact with their own inference code, not a model id`, 'serve()',
          `ServingImage.${engine.key}()`, 'an LLM or embedding engine (lmi, vllm, huggingFaceVllm, sglang, tei, tgi, llamaCpp); pass '
          + `this image as ${py('image')} of a container with ${py('modelData')}`)
        : undefined,
    },
    {
      id: 'serve.modelLocation.both',
      source: 'Each engine reads one model location (serving.ts cites each entrypoint) (https://github.com/aws/deep-learning-containers/blob/master/scripts/docker/vllm/sagemaker_args.py)',
      check: ({ engine, hubModelId, modelData }) => engine.serves && hubModelId !== undefined && modelData
        ? problem('serve() takes the model from the Hugging Face Hub or from S3, not both', 'hubModelId and modelData',
          `${show(hubModelId)} and model data`, 'one of hubModelId and modelData')
        : undefined,
    },
    {
      id: 'serve.modelLocation.none',
      source: 'Without a model, the vLLM image serves its built-in default and TGI and TEI fail to start (serving.ts cites each entrypoint) (https://github.com/aws/deep-learning-containers/blob/master/scripts/docker/vllm/sagemaker_args.py)',
      check: ({ engine, hubModelId, modelData }) => engine.serves && hubModelId === undefined && !modelData
        ? problem('serve() needs the model to serve', 'hubModelId and modelData', 'neither',
          'hubModelId (a Hugging Face model id) or modelData (the weights in S3, ideally an uncompressed S3_PREFIX)')
        : undefined,
    },
    {
      id: 'serve.tensorParallelDegree.engine',
      source: 'TEI runs a model on one GPU; llama.cpp offloads layers (SM_LLAMA_CPP_N_GPU_LAYERS) instead (serving.ts cites each entrypoint) (https://github.com/huggingface/text-embeddings-inference/blob/main/sagemaker-entrypoint.sh)',
      check: ({ engine, tensorParallelDegree }) => engine.serves && tensorParallelDegree !== undefined && engine.tensorParallelVariables.length === 0
        ? problem(`${engine.name} has no tensor parallelism`, 'tensorParallelDegree', show(tensorParallelDegree),
          'no tensorParallelDegree for this engine')
        : undefined,
    },
    {
      id: 'serve.tensorParallelDegree.range',
      source: 'vLLM, SGLang, LMI and TGI take a positive number of GPUs (serving.ts cites each entrypoint) (https://github.com/aws/deep-learning-containers/blob/master/scripts/docker/vllm/sagemaker_args.py)',
      check: ({ tensorParallelDegree }) => positive('tensorParallelDegree', tensorParallelDegree),
    },
    {
      id: 'serve.maxModelLength.engine',
      source: 'TEI has no context length setting (https://github.com/huggingface/text-embeddings-inference/blob/main/sagemaker-entrypoint.sh)',
      check: ({ engine, maxModelLength }) => engine.serves && maxModelLength !== undefined && engine.maxModelLengthVariable === undefined
        ? problem(`${engine.name} has no context length setting`, 'maxModelLength', show(maxModelLength), 'no maxModelLength for this engine')
        : undefined,
    },
    {
      id: 'serve.maxModelLength.range',
      source: 'The engines take a positive number of tokens (serving.ts cites each entrypoint) (https://github.com/aws/deep-learning-containers/blob/master/scripts/docker/vllm/sagemaker_args.py)',
      check: ({ maxModelLength }) => positive('maxModelLength', maxModelLength),
    },
  ],
};

/** A container of a Model, bound. */
export interface ServedContainerInput {
  readonly where: string;
  readonly served?: ServedContainer;
  readonly version?: string;
  readonly environment?: { [key: string]: string };
  readonly modelData: boolean;
  readonly networkIsolation: boolean;
}

/** The entries of an environment whose value is a literal string. */
function entries(environment?: { [key: string]: string }): Array<[string, string]> {
  return environmentEntries(environment).filter((e): e is [string, string] => typeof e[1] === 'string' && !cdk.Token.isUnresolved(e[1]));
}

/** A hub model id: set, and not a path in the container (`/opt/ml/model`). */
function hubModel(served: ServedContainer, environment?: { [key: string]: string }): [string, string] | undefined {
  return entries(environment).find(([name, value]) => (served.engine.modelVariables.includes(name)
    || name === served.engine.fallbackVariable?.name) && value !== '' && !value.startsWith('/'));
}

/** Names that hold a credential: a whole `_`-separated word TOKEN, SECRET, PASSWORD (not MAX_TOTAL_TOKENS). */
const SECRET_NAME = /(^|_)(TOKEN|SECRET|PASSWORD|PASSWD|API_KEY|ACCESS_KEY)(_|$)/i;

export const SERVED_CONTAINER: RuleSet<ServedContainerInput> = {
  name: 'Served container',
  rules: [
    {
      id: 'container.hubModelId.networkIsolation',
      source: 'SageMaker API CreateModel EnableNetworkIsolation: the container makes no outbound network calls, so it cannot download a model from the Hugging Face Hub (https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_CreateModel.html)',
      check: ({ where, served, environment, networkIsolation }) => {
        const hub = served && networkIsolation ? hubModel(served, environment) : undefined;
        return hub
          ? problem(`${where}: the container downloads model ${show(hub[1])} from the Hugging Face Hub, which network isolation forbids`,
            'networkIsolation', 'true', `no network isolation, or the weights in S3 (modelData) with ${hub[0]} unset`)
          : undefined;
      },
    },
    {
      id: 'container.servedModel.missing',
      source: 'Without a model, the vLLM image serves its built-in default model; TGI and TEI exit unless HF_MODEL_ID is set (serving.ts cites each entrypoint) (https://github.com/huggingface/text-generation-inference/blob/main/sagemaker-entrypoint.sh)',
      check: ({ where, served, environment, modelData }) => {
        if (!served || !served.engine.serves || (modelData && !served.engine.modelVariableRequired)
          || (environment && cdk.Token.isUnresolved(environment))) {
          return undefined;
        }
        const names = [...served.engine.modelVariables, ...(served.engine.fallbackVariable ? [served.engine.fallbackVariable.name] : [])];
        return names.some(n => environment?.[n] !== undefined)
          ? undefined
          : problem(`${where}: ${served.image} has no model to serve`, `${where}.environment`, `none of ${names.join(', ')}`,
            `${py('serve()')} with hubModelId or modelData, or ${served.engine.modelVariables[0]} in the environment`
            + (served.engine.modelVariableRequired ? ` (${served.engine.modelVariables[0]}=/opt/ml/model for model data: the container exits without it)` : ''));
      },
    },
    {
      id: 'container.servedModel.ignoredVariable',
      source: 'Hugging Face vLLM up to 0.21 reads only SM_VLLM_MODEL (aws/deep-learning-containers scripts/docker/huggingface/vllm/sagemaker_entrypoint.sh) (https://github.com/aws/deep-learning-containers/blob/master/scripts/docker/huggingface/vllm/sagemaker_entrypoint.sh)',
      check: ({ where, served, version, environment, modelData }) => {
        const fallback = served?.engine.fallbackVariable;
        if (!served || !fallback?.ignoredUpTo || version === undefined || modelData || compareVersions(version, fallback.ignoredUpTo) > 0) {
          return undefined;
        }
        const set = entries(environment);
        return set.some(([n]) => n === fallback.name) && !set.some(([n]) => served.engine.modelVariables.includes(n))
          ? problem(`${where}: ${served.image} does not read ${fallback.name} and would serve vLLM's built-in default model`,
            `${where}.environment`, fallback.name, `${served.engine.modelVariables[0]} (${py('serve()')} sets it)`)
          : undefined;
      },
    },
    {
      id: 'container.environment.literalSecret',
      source: 'CloudFormation templates and DescribeModel show a model\'s environment in plain text; Security best practices in IAM (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/security-best-practices.html#creds)',
      severity: 'warning',
      check: ({ where, environment }) => entries(environment)
        .filter(([name, value]) => SECRET_NAME.test(name) && value !== '')
        .map(([name]) => `${where}.environment ${name} is a literal value: the credential is written into the template and the `
          + 'model\'s description. Pass a token that resolves at deploy time instead (a Secrets Manager dynamic reference, '
          + 'SecretValue.secretsManager(...).unsafeUnwrap()).'),
    },
  ],
};

/** Where a served model runs. */
export interface ServedHost {
  /** `variant '<name>'`, `shadow variant '<name>'` or `the inference component`, for the messages. */
  readonly where: string;
  /** `variant` (a model-based variant), `serverless`, or `component` (an inference component on a variant). */
  readonly kind: 'variant' | 'serverless' | 'component';
  readonly instanceTypes: readonly string[];
  readonly served: readonly ServedContainer[];
  /** The variant's `inferenceAmiVersion`, as given. */
  readonly inferenceAmiVersion?: string;
}

/** What hosts served models. */
export interface ServingHostingInput {
  readonly hosts: readonly ServedHost[];
}

/**
 * The variants of an endpoint configuration that host a served model, as the serving rules read them
 * (the construct's and the CloudFormation door's): production and shadow variants, and the serverless one.
 */
export function servedHosts(instanceVariants: ReadonlyArray<HostedVariant<VariantEntryInput>>,
  shadowVariants: ReadonlyArray<HostedVariant<VariantEntryInput>>, serverless?: HostedVariant<ServerlessEntryInput>): ServedHost[] {
  const host = (where: string, { variant, model }: HostedVariant<VariantEntryInput>): ServedHost => ({
    where,
    kind: 'variant',
    instanceTypes: variant.instanceTypes.map(t => t.toString()),
    served: model?.served ?? [],
    inferenceAmiVersion: variant.props.inferenceAmiVersion,
  });
  return [
    ...instanceVariants.map(h => host(`variant '${h.variant.variantName}'`, h)),
    ...shadowVariants.map(h => host(`shadow variant '${h.variant.variantName}'`, h)),
    ...serverless ? [{
      where: `serverless variant '${serverless.variant.variantName}'`,
      kind: 'serverless' as const,
      instanceTypes: [],
      served: serverless.model?.served ?? [],
    }] : [],
  ].filter(h => h.served.length > 0);
}

type Kind = 'GPU' | 'NEURON' | 'CPU';

function kindOf(instanceType: string): Kind {
  return isGpu(instanceType) ? 'GPU' : isNeuron(instanceType) ? 'NEURON' : 'CPU';
}

/** Every (host, served container, literal instance type) triple. */
function placements(hosts: readonly ServedHost[]) {
  return hosts.flatMap(host => host.served.flatMap(served => (host.kind === 'serverless' ? ['serverless'] : host.instanceTypes.filter(literal))
    .map(type => ({ host, served, type }))));
}

const ACCELERATOR_SOURCE = 'The images are built per processor (SageMaker Python SDK v3 image_uris.retrieve picks the image from the instance type) (https://pypi.org/project/sagemaker-core/)';
const TP_SOURCE = 'vLLM, SGLang and TGI use one GPU unless told; LMI uses every GPU; tensor parallelism cannot use more GPUs than the instance has (serving.ts cites each entrypoint) (https://github.com/deepjavalibrary/djl-serving/blob/master/serving/docs/lmi/deployment_guide/configurations.md)';

/** GPU placements on model-based variants with a known GPU count. */
function gpuPlacements(hosts: readonly ServedHost[]) {
  return placements(hosts)
    .filter(p => p.host.kind === 'variant' && p.served.accelerator === 'GPU' && kindOf(p.type) === 'GPU')
    .map(p => ({ ...p, gpus: gpuCount(p.type) }))
    .filter((p): p is typeof p & { gpus: number } => p.gpus !== undefined && p.gpus > 0);
}

export const SERVING_HOSTING: RuleSet<ServingHostingInput> = {
  name: 'Served model hosting',
  rules: [
    {
      id: 'servedModel.accelerator.missing',
      source: ACCELERATOR_SOURCE,
      check: ({ hosts }) => placements(hosts)
        .filter(p => p.served.accelerator !== 'CPU' && (p.type === 'serverless' || kindOf(p.type) !== p.served.accelerator))
        .map(p => problem(`${p.host.where}: ${p.served.image} in ${p.served.where} needs ${p.served.accelerator === 'GPU' ? 'an NVIDIA GPU' : 'AWS Neuron'}, `
          + `which ${p.type === 'serverless' ? 'serverless inference does not have' : `instance type ${show(p.type)} does not have`}`,
        p.type === 'serverless' ? `${p.host.where} serverless` : `${p.host.where} instanceType`, show(p.type),
        p.served.accelerator === 'GPU' ? 'a GPU instance type (ml.g*, ml.p*), or the image\'s CPU flavour where the engine has one'
          : 'an AWS Neuron instance type (ml.inf2.*, ml.trn1.*)')),
    },
    {
      id: 'servedModel.accelerator.unused',
      annotation: 'cpuImageOnAccelerator',
      source: ACCELERATOR_SOURCE,
      severity: 'warning',
      check: ({ hosts }) => placements(hosts)
        .filter(p => p.served.accelerator === 'CPU' && p.type !== 'serverless' && kindOf(p.type) !== 'CPU')
        .map(p => `${p.host.where}: ${p.served.image} in ${p.served.where} is a CPU image on instance type ${show(p.type)}, whose `
          + `${kindOf(p.type) === 'GPU' ? 'GPUs' : 'Neuron devices'} it does not use: pick a CPU instance type, or the image's `
          + `${kindOf(p.type) === 'GPU' ? 'GPU' : 'Neuron'} flavour where the engine has one.`),
    },
    {
      id: 'servedModel.tensorParallelDegree.exceedsGpus',
      source: TP_SOURCE,
      check: ({ hosts }) => gpuPlacements(hosts)
        .filter(p => p.served.tensorParallelDegree !== undefined && p.served.tensorParallelDegree > p.gpus)
        .map(p => problem(`${p.host.where}: ${p.served.where} shards the model over ${p.served.tensorParallelDegree} GPUs, and instance type `
          + `${show(p.type)} has ${p.gpus}`, `${p.served.where} ${p.served.tensorParallelVariable}`, String(p.served.tensorParallelDegree),
        `at most ${p.gpus} on ${p.type}, or an instance type with ${p.served.tensorParallelDegree} GPUs or more`)),
    },
    {
      id: 'servedModel.tensorParallelDegree.idleGpus',
      annotation: 'tensorParallelIdleGpus',
      source: TP_SOURCE,
      severity: 'warning',
      check: ({ hosts }) => gpuPlacements(hosts)
        .filter(p => p.served.tensorParallelDegree !== undefined && p.served.tensorParallelDegree < p.gpus)
        .map(p => `${p.host.where}: ${p.served.where} shards the model over ${p.served.tensorParallelDegree} of the ${p.gpus} GPUs of `
          + `${show(p.type)} (${p.served.tensorParallelVariable}): the others stay idle. Set ${py('tensorParallelDegree')} to ${p.gpus}, `
          + 'or pick a smaller instance type.'),
    },
    {
      id: 'servedModel.tensorParallelDegree.unset',
      annotation: 'tensorParallelUnset',
      source: TP_SOURCE,
      severity: 'warning',
      check: ({ hosts }) => gpuPlacements(hosts)
        .filter(p => p.gpus > 1 && p.served.tensorParallelDegree === undefined
          && (p.served.engine.gpuDefault === 'one' || p.served.engine.gpuDefault === 'single'))
        .map(p => p.served.engine.gpuDefault === 'single'
          ? `${p.host.where}: ${p.served.image} in ${p.served.where} runs on one GPU, and ${show(p.type)} has ${p.gpus}: pick a one-GPU instance type.`
          : `${p.host.where}: ${p.served.image} in ${p.served.where} uses one GPU unless told, and ${show(p.type)} has ${p.gpus}: set `
            + `${py('tensorParallelDegree')} (${p.served.engine.tensorParallelVariables[0]}) to ${p.gpus}.`),
    },
    {
      id: 'servedModel.inferenceAmiVersion.tooOld',
      annotation: 'cuda13InferenceAmi',
      source: 'SageMaker Python SDK v3 sets al2023-ami-sagemaker-inference-gpu-4-1 for CUDA 13 images on g4dn/g5/g6/g6e/p4d/p4de/p5/p5e/p5en (sagemaker-serve model_builder_servers.py) (https://github.com/aws/sagemaker-python-sdk)',
      severity: 'warning',
      check: ({ hosts }) => hosts
        .filter(h => literal(h.inferenceAmiVersion) && h.inferenceAmiVersion !== CUDA13_AMI
          && (L.inferenceAmiVersions as readonly string[]).includes(h.inferenceAmiVersion)
          && h.served.some(s => s.cuda13 && s.accelerator === 'GPU')
          && h.instanceTypes.some(t => CUDA13_AMI_FAMILIES.has(familyOf(t) ?? '')))
        .map(h => `${h.where}: ${py('inferenceAmiVersion')} ${show(h.inferenceAmiVersion)} has a driver older than CUDA 13, which `
          + `${h.served.filter(s => s.cuda13).map(s => s.image).join(', ')} is built for: use ${show(CUDA13_AMI)}, or leave it unset `
          + 'and the library sets it.'),
    },
  ],
};
