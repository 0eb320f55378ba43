import { Aws, CfnMapping, Stack, Token, Tokenization } from 'aws-cdk-lib';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as iam from 'aws-cdk-lib/aws-iam';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import { Construct } from 'constructs';
import type { ContainerDefinition } from './container-definition';
import { ContainerImage, ContainerImageConfig } from './container-image';
import type { Model } from './model';
import type { ModelData } from './model-data';
import { grantPull } from './private/pull';
import { enforce, enforceUnscoped } from './private/rules/rule';
import { SERVE, SERVING_IMAGE_BIND, SERVING_IMAGE_FACTORY } from './private/rules/serving';
import { brandServingImage, EngineSpec, ENGINES, ServingImageFacts } from './private/serving';
import { SERVING_IMAGES, SERVING_REGISTRIES } from './private/serving-images.generated';
import type {
  HuggingFaceVllmVersion, LlamaCppVersion, LmiVersion, SglangVersion, SklearnVersion, TeiVersion, TgiVersion, VllmVersion, XgboostVersion,
} from './serving-versions.generated';

/**
 * The processor a serving image is built for.
 */
export enum ServingAccelerator {
  /** NVIDIA GPUs (CUDA): `ml.g*` and `ml.p*` instance types. */
  GPU = 'GPU',
  /** CPUs only. */
  CPU = 'CPU',
  /** AWS Neuron (Inferentia, Trainium): `ml.inf2.*`, `ml.trn1.*` instance types. */
  NEURON = 'NEURON',
}

/**
 * Options of a `ServingImage` factory.
 */
export interface ServingImageOptions {
  /**
   * The processor the image is built for, where the engine has several flavours (LMI: GPU or
   * Neuron; TEI and llama.cpp: GPU or CPU; XGBoost: CPU or GPU, the same image).
   *
   * @default - the engine's only flavour; GPU for LMI, TEI and llama.cpp; CPU for XGBoost and scikit-learn
   */
  readonly accelerator?: ServingAccelerator;
}

/**
 * What `ServingImage.serve()` sets the engine up for.
 */
export interface ServeOptions {
  /**
   * A Hugging Face Hub model id (`meta-llama/Llama-3.1-8B-Instruct`): the container downloads it
   * when it starts (the model cannot use network isolation). A gated model needs `HF_TOKEN` in
   * `environment`, given as a token that resolves at deploy time.
   *
   * Exactly one of `hubModelId` and `modelData`.
   *
   * @default - none: `modelData`
   */
  readonly hubModelId?: string;

  /**
   * The weights in S3, which SageMaker copies to `/opt/ml/model`. For large models, an
   * uncompressed prefix (`ModelData.fromBucket(bucket, 'llama/', { s3DataType: S3DataType.S3_PREFIX,
   * compressionType: CompressionType.NONE })`): the role reads that prefix only.
   *
   * Exactly one of `hubModelId` and `modelData`.
   *
   * @default - none: `hubModelId`
   */
  readonly modelData?: ModelData;

  /**
   * The number of GPUs the model is sharded over (tensor parallelism): the instance type's GPU
   * count to use them all. Checked against the instance types that host the model; an inference
   * component hosting the model reserves that many accelerators unless it says otherwise.
   *
   * @default - the engine's default: one GPU for vLLM, SGLang and TGI, every GPU for LMI
   */
  readonly tensorParallelDegree?: number;

  /**
   * The longest context (prompt and answer, in tokens) the engine accepts.
   *
   * @default - the engine's default, usually the model's own maximum
   */
  readonly maxModelLength?: number;

  /**
   * More environment variables: added to the engine's, and replacing those of the same name.
   *
   * @default - only the engine's variables
   */
  readonly environment?: { [name: string]: string };

  /**
   * The container's hostname in a multi-container model.
   *
   * @default - SageMaker's
   */
  readonly containerHostname?: string;
}

/** A version, whatever its class. */
interface AnyVersion {
  readonly version: string;
  readonly tag?: string;
}

/**
 * A serving image of SageMaker's published engines (LMI, vLLM, SGLang, TEI, TGI, llama.cpp) and
 * framework images (XGBoost, scikit-learn), by engine and version, in the stack's region.
 *
 * The image URI is the one SageMaker Python SDK v3's `image_uris.retrieve()` returns for the same
 * engine, version, region and processor: the library's tables are generated from that SDK's
 * (`sagemaker-core`). A stack with a known region gets the literal account and URL suffix; an
 * env-agnostic stack gets a CloudFormation mapping over every region the image is published in, and
 * a deployment to another region fails on the mapping lookup (`Unable to get mapping for
 * ServingImage...::<region>::account`). The model's role may pull from exactly that repository.
 *
 * No factory has a default version: upgrading the library never changes an app's image.
 */
export class ServingImage extends ContainerImage {
  /**
   * Large Model Inference (LMI, `djl-inference`): vLLM and TensorRT-LLM behind DJL Serving, on GPU
   * or AWS Neuron. Reads `HF_MODEL_ID`, `TENSOR_PARALLEL_DEGREE` (default: every GPU) and
   * `OPTION_MAX_MODEL_LEN`.
   *
   * @see https://docs.djl.ai/master/docs/serving/serving/docs/lmi/index.html
   * @param version the version (`LmiVersion.V0_36_0`)
   * @param options the accelerator (GPU or NEURON)
   */
  public static lmi(version: LmiVersion, options: ServingImageOptions = {}): ServingImage {
    return new ServingImage(ENGINES.lmi, version, options);
  }

  /**
   * vLLM, the AWS Deep Learning Container for SageMaker (`vllm`). Reads `SM_VLLM_MODEL`,
   * `SM_VLLM_TENSOR_PARALLEL_SIZE` and `SM_VLLM_MAX_MODEL_LEN` (every `SM_VLLM_<NAME>` becomes
   * `--<name>`).
   *
   * @see https://github.com/aws/deep-learning-containers/blob/master/scripts/docker/vllm/sagemaker_args.py
   * @param version the version (`VllmVersion.V0_28_0`)
   * @param options the accelerator (GPU)
   */
  public static vllm(version: VllmVersion, options: ServingImageOptions = {}): ServingImage {
    return new ServingImage(ENGINES.vllm, version, options);
  }

  /**
   * vLLM built by Hugging Face (`huggingface-vllm`). Reads the same `SM_VLLM_*` variables as
   * `vllm()`; up to 0.21 it ignores `HF_MODEL_ID`.
   *
   * @param version the version (`HuggingFaceVllmVersion.V0_29_0`)
   * @param options the accelerator (GPU)
   */
  public static huggingFaceVllm(version: HuggingFaceVllmVersion, options: ServingImageOptions = {}): ServingImage {
    return new ServingImage(ENGINES.huggingFaceVllm, version, options);
  }

  /**
   * SGLang, the AWS Deep Learning Container for SageMaker (`sglang`). Reads `SM_SGLANG_MODEL_PATH`
   * (default `/opt/ml/model`), `SM_SGLANG_TP_SIZE` and `SM_SGLANG_CONTEXT_LENGTH`.
   *
   * @see https://github.com/aws/deep-learning-containers/blob/master/scripts/docker/sglang/sagemaker_entrypoint.sh
   * @param version the version (`SglangVersion.V0_5_20`)
   * @param options the accelerator (GPU)
   */
  public static sglang(version: SglangVersion, options: ServingImageOptions = {}): ServingImage {
    return new ServingImage(ENGINES.sglang, version, options);
  }

  /**
   * Hugging Face Text Embeddings Inference (`tei` for GPU, `tei-cpu` for CPU): embedding and
   * reranking models on one GPU or on CPUs. Reads `HF_MODEL_ID`.
   *
   * @see https://github.com/huggingface/text-embeddings-inference/blob/main/sagemaker-entrypoint.sh
   * @param version the version (`TeiVersion.V1_8_2`)
   * @param options the accelerator (GPU or CPU)
   */
  public static tei(version: TeiVersion, options: ServingImageOptions = {}): ServingImage {
    return new ServingImage(ENGINES.tei, version, options);
  }

  /**
   * Hugging Face Text Generation Inference (`huggingface-pytorch-tgi-inference`). TGI is in
   * maintenance mode since 2025-12 and its repository was archived in 2026-03: prefer `vllm()`,
   * `sglang()` or `lmi()` for a new model. Reads `HF_MODEL_ID`, `SM_NUM_GPUS` and
   * `MAX_TOTAL_TOKENS`.
   *
   * @see https://github.com/huggingface/text-generation-inference/blob/main/sagemaker-entrypoint.sh
   * @param version the version (`TgiVersion.V3_3_6`)
   * @param options the accelerator (GPU)
   */
  public static tgi(version: TgiVersion, options: ServingImageOptions = {}): ServingImage {
    return new ServingImage(ENGINES.tgi, version, options);
  }

  /**
   * llama.cpp server, the AWS Deep Learning Container for SageMaker (`llama-cpp`): GGUF models on
   * GPU or CPU. Reads `SM_LLAMA_CPP_HF_REPO` (or the first `*.gguf` under `/opt/ml/model`),
   * `SM_LLAMA_CPP_N_GPU_LAYERS` and `SM_LLAMA_CPP_CTX_SIZE`.
   *
   * @see https://github.com/aws/deep-learning-containers/blob/master/scripts/docker/llama_cpp/sagemaker_entrypoint.sh
   * @param version the version (`LlamaCppVersion.V1_0_1`)
   * @param options the accelerator (GPU or CPU)
   */
  public static llamaCpp(version: LlamaCppVersion, options: ServingImageOptions = {}): ServingImage {
    return new ServingImage(ENGINES.llamaCpp, version, options);
  }

  /**
   * SageMaker's XGBoost framework image (`sagemaker-xgboost`): a model artifact, in a container
   * with `modelData` (not `serve()`). The same image runs on CPU and GPU types.
   *
   * @see https://docs.aws.amazon.com/sagemaker/latest/dg/xgboost.html
   * @param version the version (`XgboostVersion.V1_7_1`)
   * @param options the accelerator (CPU or GPU)
   */
  public static xgboost(version: XgboostVersion, options: ServingImageOptions = {}): ServingImage {
    return new ServingImage(ENGINES.xgboost, version, options);
  }

  /**
   * SageMaker's scikit-learn framework image (`sagemaker-scikit-learn`), CPU only: a model
   * artifact with its inference script, in a container with `modelData` (not `serve()`).
   *
   * @see https://sagemaker.readthedocs.io/en/stable/frameworks/sklearn/using_sklearn.html
   * @param version the version (`SklearnVersion.V1_4_2_PY312`)
   * @param options the accelerator (CPU)
   */
  public static sklearn(version: SklearnVersion, options: ServingImageOptions = {}): ServingImage {
    return new ServingImage(ENGINES.sklearn, version, options);
  }

  /** The processor the image is built for. */
  public readonly accelerator: ServingAccelerator;

  /** The engine's version. */
  public readonly version: string;

  private readonly engine: EngineSpec;
  /** The tag of a version given with `of()`. */
  private readonly ofTag?: string;
  /** Whether the accelerator is the engine's default (the image's description leaves it out). */
  private readonly defaultAccelerator: boolean;
  /** The versions of the table for the accelerator, newest first. */
  private readonly versions: readonly string[];
  /** The table's entry: the version's, or for `of()` the newest version's; none for a version the table lacks. */
  private readonly entry?: readonly [string, string, number];

  private constructor(engine: EngineSpec, version: AnyVersion, options: ServingImageOptions) {
    super();
    const accelerators = Object.keys(SERVING_IMAGES[engine.key]);
    this.engine = engine;
    this.version = version.version;
    this.ofTag = version.tag;
    this.accelerator = options.accelerator ?? accelerators[0] as ServingAccelerator;
    enforceUnscoped(SERVING_IMAGE_FACTORY, { engine, accelerator: this.accelerator, accelerators });
    this.defaultAccelerator = this.accelerator === accelerators[0];
    const table = SERVING_IMAGES[engine.key][this.accelerator];
    this.versions = Object.keys(table);
    this.entry = table[this.ofTag !== undefined ? this.versions[0] : this.version];
    brandServingImage(this);
  }

  /** The image tag: the one given with `of()`, or the table's. */
  private get tag(): string | undefined {
    return this.ofTag ?? this.entry?.[1];
  }

  /**
   * A container that serves a model with this engine: the image, and the engine's own environment
   * variables for the model (Hugging Face Hub id, or the weights SageMaker copies from S3 to
   * `/opt/ml/model`), tensor parallelism and context length. `environment` adds to them and
   * replaces those of the same name.
   *
   * Only for the LLM and embedding engines (not XGBoost or scikit-learn).
   *
   * @param options the model and its settings
   */
  public serve(options: ServeOptions): ContainerDefinition {
    const engine = this.engine;
    enforceUnscoped(SERVE, {
      engine,
      accelerator: this.accelerator,
      hubModelId: options.hubModelId,
      modelData: options.modelData !== undefined,
      tensorParallelDegree: options.tensorParallelDegree,
      maxModelLength: options.maxModelLength,
    });
    const environment: { [name: string]: string } = {
      ...(options.hubModelId !== undefined ? { [engine.hubVariable!]: options.hubModelId } : engine.weightsEnvironment),
      ...(this.accelerator === ServingAccelerator.GPU ? engine.gpuEnvironment : {}),
    };
    if (options.tensorParallelDegree !== undefined) {
      environment[engine.tensorParallelVariables[0]] = Tokenization.stringifyNumber(options.tensorParallelDegree);
    }
    if (options.maxModelLength !== undefined) {
      environment[engine.maxModelLengthVariable!] = Tokenization.stringifyNumber(options.maxModelLength);
    }
    return {
      image: this,
      modelData: options.modelData,
      environment: { ...environment, ...options.environment },
      containerHostname: options.containerHostname,
    };
  }

  /**
   * Called when the image is used by a Model.
   *
   * @param scope the scope in which to create any resources
   * @param model the model that uses the image
   */
  public bind(scope: Construct, model: Model): ContainerImageConfig {
    return this.bindForGrantee(scope, model);
  }

  /**
   * Called when the image is used by an inference component's container: `grantee` may pull from
   * exactly the image's repository.
   *
   * @param scope the scope in which to create any resources
   * @param grantee the principal that pulls the image
   */
  public bindForGrantee(scope: Construct, grantee: iam.IGrantable): ContainerImageConfig {
    const stack = Stack.of(scope);
    const registries = this.entry ? SERVING_REGISTRIES[this.entry[2]] : {};
    const region = stack.region;
    enforce(scope, SERVING_IMAGE_BIND, {
      description: this.describe(),
      version: this.version,
      accelerator: this.accelerator,
      inTable: this.entry !== undefined,
      versions: this.versions,
      region,
      regions: Object.keys(registries),
    });
    const repository = this.entry![0];
    let account: string;
    let urlSuffix: string;
    if (!Token.isUnresolved(region)) {
      account = registries[region];
      urlSuffix = RegionInfo.get(region).domainSuffix ?? stack.urlSuffix;
    } else {
      account = this.mapping(stack, registries).findInMap(Aws.REGION, 'account');
      urlSuffix = Aws.URL_SUFFIX;
    }
    // No imported-repository construct: several images can be used by one model.
    grantPull(scope, grantee, ecr.Repository.arnForLocalRepository(repository, scope, account));
    return { imageName: `${account}.dkr.ecr.${region}.${urlSuffix}/${repository}:${this.tag}` };
  }

  /**
   * What a Model's rules read of this image.
   *
   * @internal
   */
  public _servingFacts(): ServingImageFacts {
    return {
      engine: this.engine,
      accelerator: this.accelerator,
      version: this.version,
      cuda13: /(^|-)cu13\d/.test(this.tag ?? ''),
      description: this.describe(),
    };
  }

  /** The image as the user wrote it: `ServingImage.vllm(VllmVersion.V0_28_0)`. */
  private describe(): string {
    const version = this.ofTag !== undefined
      ? `${this.engine.versionClass}.of('${this.version}', '${this.ofTag}')`
      : `${this.engine.versionClass}.V${this.version.replace(/[.-]/g, '_').toUpperCase()}`;
    const accelerator = this.defaultAccelerator ? '' : `, ${this.accelerator}`;
    return `ServingImage.${this.engine.key}(${version}${accelerator})`;
  }

  /** The stack's mapping of the image's account by region (one per engine, accelerator and version). */
  private mapping(stack: Stack, registries: Readonly<Record<string, string>>): CfnMapping {
    const key = `${this.engine.key}${this.accelerator}${this.ofTag !== undefined ? 'Latest' : this.version}`.replace(/[^A-Za-z0-9]/g, 'x');
    const id = `ServingImage${key.charAt(0).toUpperCase()}${key.slice(1)}`;
    const existing = stack.node.tryFindChild(id);
    if (existing) {
      return existing as CfnMapping;
    }
    const mapping: { [region: string]: { [key: string]: string } } = {};
    for (const [region, account] of Object.entries(registries)) {
      mapping[region] = { account };
    }
    return new CfnMapping(stack, id, { mapping, lazy: true });
  }
}
