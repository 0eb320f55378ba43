import { familyOf } from './instance-data';

/*
 * The serving engines of `ServingImage`: what each container reads from its environment (model
 * location, tensor parallelism, context length), and what a Model tells the constructs that host it
 * about a container of such an image. The images' data is generated (serving-images.generated.ts).
 */

/** How an engine uses the GPUs of an instance when no tensor parallel degree is set. */
export type GpuDefault =
  /** One GPU (vLLM, SGLang, TGI): the others stay idle. */
  | 'one'
  /** Every GPU of the instance (LMI: `TENSOR_PARALLEL_DEGREE` defaults to `max`). */
  | 'all'
  /** One GPU whatever is set (TEI has no tensor parallelism). */
  | 'single'
  /** Not a tensor-parallel engine (llama.cpp offloads layers; XGBoost, scikit-learn). */
  | 'none';

/** A serving engine: its image table key and the environment contract of its SageMaker entrypoint. */
export interface EngineSpec {
  /** The key of the image table and the factory's name (`ServingImage.<key>()`). */
  readonly key: string;
  /** The version class. */
  readonly versionClass: string;
  /** The engine, in words. */
  readonly name: string;
  /** Where the environment contract below was read (the container's SageMaker entrypoint or documentation). */
  readonly source: string;
  /** Whether `serve()` sets it up for a model (the LLM and embedding engines). */
  readonly serves: boolean;
  /** The variable `serve()` sets to a Hugging Face model id; undefined where the engine takes none. */
  readonly hubVariable?: string;
  /** The environment `serve()` sets for weights under /opt/ml/model (S3 model data). */
  readonly weightsEnvironment?: { readonly [name: string]: string };
  /** Variables that name the model to serve, in the order the container reads them. */
  readonly modelVariables: readonly string[];
  /** Whether the container exits without a model variable, even with model data (TGI, TEI: `HF_MODEL_ID must be set`). */
  readonly modelVariableRequired?: boolean;
  /** A variable that names the model but that this image may ignore, and when it does (in words). */
  readonly fallbackVariable?: { readonly name: string; readonly ignoredUpTo?: string };
  /** The tensor parallel variable `serve()` sets; others the container also reads, after it. */
  readonly tensorParallelVariables: readonly string[];
  readonly gpuDefault: GpuDefault;
  /** The context length variable `serve()` sets. */
  readonly maxModelLengthVariable?: string;
  /** What `serve()` sets on a GPU image, before `environment`. */
  readonly gpuEnvironment?: { readonly [name: string]: string };
}

const WEIGHTS = '/opt/ml/model';

const VLLM_SOURCE = 'aws/deep-learning-containers scripts/docker/vllm/sagemaker_args.py (every SM_VLLM_<NAME> becomes --<name>) '
  + '(https://github.com/aws/deep-learning-containers/blob/master/scripts/docker/vllm/sagemaker_args.py)';

function vllm(key: string, versionClass: string, name: string, fallback: EngineSpec['fallbackVariable']): EngineSpec {
  return {
    key,
    versionClass,
    name,
    source: VLLM_SOURCE,
    serves: true,
    hubVariable: 'SM_VLLM_MODEL',
    weightsEnvironment: { SM_VLLM_MODEL: WEIGHTS },
    modelVariables: ['SM_VLLM_MODEL'],
    fallbackVariable: fallback,
    tensorParallelVariables: ['SM_VLLM_TENSOR_PARALLEL_SIZE'],
    gpuDefault: 'one',
    maxModelLengthVariable: 'SM_VLLM_MAX_MODEL_LEN',
  };
}

/** The engines, by the key of their image table. */
export const ENGINES: Readonly<Record<string, EngineSpec>> = {
  lmi: {
    key: 'lmi',
    versionClass: 'LmiVersion',
    name: 'LMI (djl-inference)',
    source: 'deepjavalibrary/djl-serving serving/docs/lmi/deployment_guide/configurations.md '
      + '(https://github.com/deepjavalibrary/djl-serving/blob/master/serving/docs/lmi/deployment_guide/configurations.md)',
    serves: true,
    hubVariable: 'HF_MODEL_ID',
    weightsEnvironment: { HF_MODEL_ID: WEIGHTS },
    modelVariables: ['HF_MODEL_ID', 'OPTION_MODEL_ID'],
    tensorParallelVariables: ['TENSOR_PARALLEL_DEGREE', 'OPTION_TENSOR_PARALLEL_DEGREE', 'SM_NUM_GPUS'],
    gpuDefault: 'all',
    maxModelLengthVariable: 'OPTION_MAX_MODEL_LEN',
  },
  vllm: vllm('vllm', 'VllmVersion', 'vLLM (AWS DLC vllm)', { name: 'HF_MODEL_ID' }),
  huggingFaceVllm: {
    ...vllm('huggingFaceVllm', 'HuggingFaceVllmVersion', 'Hugging Face vLLM (huggingface-vllm)', { name: 'HF_MODEL_ID', ignoredUpTo: '0.21.0' }),
    source: 'aws/deep-learning-containers scripts/docker/huggingface/vllm/sagemaker_entrypoint.sh (up to 0.21 HF_MODEL_ID is not read) '
      + '(https://github.com/aws/deep-learning-containers/blob/master/scripts/docker/huggingface/vllm/sagemaker_entrypoint.sh)',
  },
  sglang: {
    key: 'sglang',
    versionClass: 'SglangVersion',
    name: 'SGLang (AWS DLC sglang)',
    source: 'aws/deep-learning-containers SGLang SageMaker entrypoint (every SM_SGLANG_<NAME> becomes --<name>; default --model-path /opt/ml/model) '
      + '(https://github.com/aws/deep-learning-containers/blob/master/scripts/docker/sglang/sagemaker_entrypoint.sh)',
    serves: true,
    hubVariable: 'SM_SGLANG_MODEL_PATH',
    weightsEnvironment: { SM_SGLANG_MODEL_PATH: WEIGHTS },
    modelVariables: ['SM_SGLANG_MODEL_PATH'],
    tensorParallelVariables: ['SM_SGLANG_TP_SIZE'],
    gpuDefault: 'one',
    maxModelLengthVariable: 'SM_SGLANG_CONTEXT_LENGTH',
  },
  tei: {
    key: 'tei',
    versionClass: 'TeiVersion',
    name: 'TEI (Text Embeddings Inference)',
    source: 'huggingface/text-embeddings-inference sagemaker-entrypoint.sh (HF_MODEL_ID is required) '
      + '(https://github.com/huggingface/text-embeddings-inference/blob/main/sagemaker-entrypoint.sh)',
    serves: true,
    hubVariable: 'HF_MODEL_ID',
    weightsEnvironment: { HF_MODEL_ID: WEIGHTS },
    modelVariables: ['HF_MODEL_ID'],
    modelVariableRequired: true,
    tensorParallelVariables: [],
    gpuDefault: 'single',
  },
  tgi: {
    key: 'tgi',
    versionClass: 'TgiVersion',
    name: 'TGI (Text Generation Inference)',
    source: 'huggingface/text-generation-inference sagemaker-entrypoint.sh (HF_MODEL_ID is required; SM_NUM_GPUS becomes NUM_SHARD) '
      + '(https://github.com/huggingface/text-generation-inference/blob/main/sagemaker-entrypoint.sh)',
    serves: true,
    hubVariable: 'HF_MODEL_ID',
    weightsEnvironment: { HF_MODEL_ID: WEIGHTS },
    modelVariables: ['HF_MODEL_ID'],
    modelVariableRequired: true,
    tensorParallelVariables: ['SM_NUM_GPUS', 'NUM_SHARD'],
    gpuDefault: 'one',
    maxModelLengthVariable: 'MAX_TOTAL_TOKENS',
  },
  llamaCpp: {
    key: 'llamaCpp',
    versionClass: 'LlamaCppVersion',
    name: 'llama.cpp (AWS DLC llama-cpp)',
    source: 'aws/deep-learning-containers llama-cpp SageMaker entrypoint (SM_LLAMA_CPP_<NAME> becomes --<name>; the first *.gguf '
      + 'under /opt/ml/model without one) (https://github.com/aws/deep-learning-containers/blob/master/scripts/docker/llama_cpp/sagemaker_entrypoint.sh)',
    serves: true,
    hubVariable: 'SM_LLAMA_CPP_HF_REPO',
    weightsEnvironment: {},
    modelVariables: ['SM_LLAMA_CPP_HF_REPO', 'SM_LLAMA_CPP_MODEL'],
    tensorParallelVariables: [],
    gpuDefault: 'none',
    maxModelLengthVariable: 'SM_LLAMA_CPP_CTX_SIZE',
    // llama.cpp offloads no layer to the GPU unless told: every layer.
    gpuEnvironment: { SM_LLAMA_CPP_N_GPU_LAYERS: '999' },
  },
  xgboost: {
    key: 'xgboost',
    versionClass: 'XgboostVersion',
    name: 'XGBoost',
    source: 'SageMaker Developer Guide xgboost (https://docs.aws.amazon.com/sagemaker/latest/dg/xgboost.html)',
    serves: false,
    modelVariables: [],
    tensorParallelVariables: [],
    gpuDefault: 'none',
  },
  sklearn: {
    key: 'sklearn',
    versionClass: 'SklearnVersion',
    name: 'scikit-learn',
    source: 'SageMaker Python SDK sklearn (https://sagemaker.readthedocs.io/en/stable/frameworks/sklearn/using_sklearn.html)',
    serves: false,
    modelVariables: [],
    tensorParallelVariables: [],
    gpuDefault: 'none',
  },
};

/** What a container of a `ServingImage` tells the rules of the Model and of what hosts it. */
export interface ServedContainer {
  /** `containers[<index>]`. */
  readonly where: string;
  /** The image, as the user wrote it (`ServingImage.vllm(VllmVersion.V0_28_0)`). */
  readonly image: string;
  readonly engine: EngineSpec;
  /** `GPU`, `CPU` or `NEURON`. */
  readonly accelerator: string;
  /** The tensor parallel degree the container reads, when set to a literal whole number. */
  readonly tensorParallelDegree?: number;
  /** The variable the degree was read from. */
  readonly tensorParallelVariable?: string;
  /** Whether the image is built for CUDA 13 (needs the GPU 4.x inference AMI on older GPU families). */
  readonly cuda13: boolean;
}

/** What a `ServingImage` tells a Model that binds it (its `@internal` member). */
export interface ServingImageFacts {
  readonly engine: EngineSpec;
  readonly accelerator: string;
  readonly version: string;
  readonly cuda13: boolean;
  /** The image, as the user wrote it. */
  readonly description: string;
}

const SERVING_IMAGE = Symbol.for('cdk-sagemaker-hosting.ServingImage');

/** Mark a ServingImage (not enumerable). */
export function brandServingImage(x: object): void {
  Object.defineProperty(x, SERVING_IMAGE, { value: true });
}

/** The facts of a ServingImage of this library; undefined for any other image. */
export function servingImageFacts(image: unknown): ServingImageFacts | undefined {
  return typeof image === 'object' && image !== null && (image as Record<symbol, unknown>)[SERVING_IMAGE] === true
    ? (image as { _servingFacts(): ServingImageFacts })._servingFacts()
    : undefined;
}

/** The tensor parallel degree a container's environment sets (a literal whole number), with its variable. */
export function tensorParallelOf(engine: EngineSpec, environment: { [name: string]: string } | undefined)
  : { degree?: number; variable?: string } {
  for (const name of engine.tensorParallelVariables) {
    const value = environment?.[name];
    if (typeof value === 'string' && /^\d+$/.test(value)) {
      return { degree: Number(value), variable: name };
    }
  }
  return {};
}

/** Compare dotted versions numerically: negative when a < b. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.-]/).map(n => parseInt(n, 10) || 0);
  const pb = b.split(/[.-]/).map(n => parseInt(n, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) {
      return d;
    }
  }
  return 0;
}

/** The instance families on which SageMaker's default AMI cannot run CUDA 13 images (SageMaker Python SDK v3). */
export const CUDA13_AMI_FAMILIES = new Set(['g4dn', 'g5', 'g6', 'g6e', 'p4d', 'p4de', 'p5', 'p5e', 'p5en']);

/** The AMI SageMaker Python SDK v3 sets for CUDA 13 images on those families. */
export const CUDA13_AMI = 'al2023-ami-sagemaker-inference-gpu-4-1';

/** The inference AMI a variant gets when it hosts a CUDA 13 image and sets none (undefined: SageMaker's default). */
export function defaultInferenceAmi(instanceTypes: readonly string[], served: readonly ServedContainer[]): string | undefined {
  return served.some(s => s.cuda13 && s.accelerator === 'GPU') && instanceTypes.some(t => CUDA13_AMI_FAMILIES.has(familyOf(t) ?? ''))
    ? CUDA13_AMI
    : undefined;
}
