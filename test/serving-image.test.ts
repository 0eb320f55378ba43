import * as cdk from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sagemaker from '../src';
import { agnosticStack, cfnLintErrors, envStack, errorMessage, statements } from './util';

/* ServingImage: the generated image tables in a stack's region, serve(), and the checks against the hosting instance types. */

const { ServingImage, VllmVersion, LmiVersion, TeiVersion, SklearnVersion, TgiVersion, SglangVersion, LlamaCppVersion, InstanceType } = sagemaker;
const VLLM = 'vllm:0.28.0-gpu-py312-cu130-ubuntu24.04-sagemaker';

function imageOf(stack: cdk.Stack, model = 'Model'): unknown {
  const template = Template.fromStack(stack).toJSON();
  const id = Object.keys(template.Resources).find(k => k.startsWith(model) && template.Resources[k].Type === 'AWS::SageMaker::Model')!;
  return template.Resources[id].Properties.PrimaryContainer.Image;
}

function warnings(stack: cdk.Stack): string[] {
  return Annotations.fromStack(stack).findWarning('*', Match.anyValue()).map(w => String(w.entry.data));
}

/** An endpoint configuration hosting `container` on `instanceType`. */
function hosted(container: sagemaker.ContainerDefinition, instanceType: sagemaker.InstanceType,
  variant: Partial<sagemaker.InstanceProductionVariantProps> = {}, model: Partial<sagemaker.ModelProps> = {}) {
  const { app, stack } = envStack('us-east-1');
  const m = new sagemaker.Model(stack, 'Model', { containers: [container], ...model });
  const config = new sagemaker.EndpointConfig(stack, 'Config', {
    instanceProductionVariants: [{ variantName: 'llm', model: m, instanceType, ...variant }],
  });
  return { app, stack, model: m, config };
}

function synthErrors(app: cdk.App): string {
  return errorMessage(() => app.synth());
}

describe('the image in the stack\'s region', () => {
  test('a known region gets the literal account and URL suffix, and the role pulls exactly that repository', () => {
    const { stack } = envStack('us-east-1');
    new sagemaker.Model(stack, 'Model', { containers: [ServingImage.vllm(VllmVersion.V0_28_0).serve({ hubModelId: 'org/model' })] });
    expect(imageOf(stack)).toEqual(`763104351884.dkr.ecr.us-east-1.amazonaws.com/${VLLM}`);
    const pulls = statements(Template.fromStack(stack)).filter(s => JSON.stringify(s.Action).includes('ecr:BatchGetImage'));
    expect(pulls).toEqual([expect.objectContaining({
      Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ecr:us-east-1:763104351884:repository/vllm']] },
    })]);
  });

  test.each([
    ['cn-north-1', () => ServingImage.vllm(VllmVersion.V0_28_0), `727897471807.dkr.ecr.cn-north-1.amazonaws.com.cn/${VLLM}`],
    ['eu-west-1', () => ServingImage.tei(TeiVersion.V1_8_2),
      '141502667606.dkr.ecr.eu-west-1.amazonaws.com/tei:2.0.1-tei1.8.2-gpu-py310-cu122-ubuntu22.04'],
    ['us-east-1', () => ServingImage.sklearn(SklearnVersion.V1_4_2_PY312),
      '683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.4-2-py312-cpu-py3'],
    ['us-east-1', () => ServingImage.lmi(LmiVersion.V0_36_0), '763104351884.dkr.ecr.us-east-1.amazonaws.com/djl-inference:0.36.0-lmi27.0.0-cu130'],
    ['us-east-1', () => ServingImage.llamaCpp(LlamaCppVersion.V1_0_1, { accelerator: sagemaker.ServingAccelerator.CPU }),
      '763104351884.dkr.ecr.us-east-1.amazonaws.com/llama-cpp:server-sagemaker-cpu-v1.0.1'],
  ])('%s: %#', (region, image, uri) => {
    const { stack } = envStack(region);
    new sagemaker.Model(stack, 'Model', { containers: [{ image: image(), environment: { HF_MODEL_ID: 'org/model', SM_VLLM_MODEL: 'org/model', SM_LLAMA_CPP_HF_REPO: 'org/model' } }] });
    expect(imageOf(stack)).toEqual(uri);
  });

  test('an env-agnostic stack gets one mapping per image version, over every region of its table', () => {
    const { stack } = agnosticStack();
    const vllm = ServingImage.vllm(VllmVersion.V0_28_0);
    new sagemaker.Model(stack, 'Model', { containers: [vllm.serve({ hubModelId: 'org/a' })] });
    new sagemaker.Model(stack, 'Other', { containers: [vllm.serve({ hubModelId: 'org/b' })] });
    const template = Template.fromStack(stack).toJSON();
    expect(Object.keys(template.Mappings)).toEqual(['ServingImageVllmGPU0x28x0']);
    const mapping = template.Mappings.ServingImageVllmGPU0x28x0;
    expect(mapping['af-south-1']).toEqual({ account: '626614931356' });
    expect(mapping['cn-north-1']).toEqual({ account: '727897471807' });
    expect(Object.keys(mapping).length).toBeGreaterThan(40);
    expect(imageOf(stack)).toEqual({
      'Fn::Join': ['', [
        { 'Fn::FindInMap': ['ServingImageVllmGPU0x28x0', { Ref: 'AWS::Region' }, 'account'] }, '.dkr.ecr.', { Ref: 'AWS::Region' }, '.',
        { Ref: 'AWS::URLSuffix' }, `/${VLLM}`,
      ]],
    });
    expect(cfnLintErrors({ stack: template })).toEqual([]);
  });

  test('a known region outside the image\'s registry is an error naming the region and the version', () => {
    const { stack } = envStack('eusc-de-east-1');
    expect(errorMessage(() => new sagemaker.Model(stack, 'Model', {
      containers: [ServingImage.tei(TeiVersion.V1_8_2).serve({ hubModelId: 'BAAI/bge-m3' })],
    }))).toMatch(/^TestStack\/Model: ServingImage\.tei\(TeiVersion\.V1_8_2\): version '1\.8\.2' is not published in the stack's region \(stack region: got 'eusc-de-east-1'; allowed a region of the image's registry: af-south-1, .*\) \[rule: servingImage\.region\]$/);
  });

  test('a version without an image for the accelerator is an error listing those that have one', () => {
    const { stack } = envStack('us-east-1');
    expect(errorMessage(() => new sagemaker.Model(stack, 'Model', {
      containers: [ServingImage.lmi(LmiVersion.V0_36_0, { accelerator: sagemaker.ServingAccelerator.NEURON }).serve({ hubModelId: 'org/m' })],
    }))).toContain("version '0.36.0' has no NEURON image (version: got '0.36.0'; allowed a version with a NEURON image: 0.29.0, 0.28.0");
  });

  test('an accelerator the engine has no image for is an error at the factory', () => {
    expect(errorMessage(() => ServingImage.vllm(VllmVersion.V0_28_0, { accelerator: sagemaker.ServingAccelerator.CPU })))
      .toBe("vLLM (AWS DLC vllm) has no CPU image (ServingImage.vllm() accelerator: got 'CPU'; allowed ServingAccelerator.GPU) [rule: servingImage.accelerator]");
  });

  test('of() names a newer version: its tag, in the repository and registry of the newest version', () => {
    const { stack } = envStack('us-west-2');
    new sagemaker.Model(stack, 'Model', {
      containers: [ServingImage.lmi(LmiVersion.of('0.39.0', '0.39.0-lmi30.0.0-cu130')).serve({ hubModelId: 'org/m' })],
    });
    expect(imageOf(stack)).toEqual('763104351884.dkr.ecr.us-west-2.amazonaws.com/djl-inference:0.39.0-lmi30.0.0-cu130');
  });
});

describe('serve()', () => {
  const environment = (c: sagemaker.ContainerDefinition) => c.environment;

  test.each([
    ['vLLM', ServingImage.vllm(VllmVersion.V0_28_0), { SM_VLLM_MODEL: 'org/m', SM_VLLM_TENSOR_PARALLEL_SIZE: '4', SM_VLLM_MAX_MODEL_LEN: '8192' }],
    ['SGLang', ServingImage.sglang(SglangVersion.V0_5_20), { SM_SGLANG_MODEL_PATH: 'org/m', SM_SGLANG_TP_SIZE: '4', SM_SGLANG_CONTEXT_LENGTH: '8192' }],
    ['LMI', ServingImage.lmi(LmiVersion.V0_36_0), { HF_MODEL_ID: 'org/m', TENSOR_PARALLEL_DEGREE: '4', OPTION_MAX_MODEL_LEN: '8192' }],
    ['TGI', ServingImage.tgi(TgiVersion.V3_3_6), { HF_MODEL_ID: 'org/m', SM_NUM_GPUS: '4', MAX_TOTAL_TOKENS: '8192' }],
  ])('%s: the engine\'s own variables for a Hub model', (_name, image, expected) => {
    expect(environment(image.serve({ hubModelId: 'org/m', tensorParallelDegree: 4, maxModelLength: 8192 }))).toEqual(expected);
  });

  test('S3 weights point the engine at /opt/ml/model; environment adds and overrides', () => {
    const { stack } = envStack('us-east-1');
    const weights = sagemaker.ModelData.fromBucket(new s3.Bucket(stack, 'B'), 'llama/', {
      s3DataType: sagemaker.S3DataType.S3_PREFIX, compressionType: sagemaker.CompressionType.NONE,
    });
    const container = ServingImage.vllm(VllmVersion.V0_28_0).serve({ modelData: weights, environment: { SM_VLLM_MODEL: '/opt/ml/model/sub', X: '1' } });
    expect(container.environment).toEqual({ SM_VLLM_MODEL: '/opt/ml/model/sub', X: '1' });
    expect(container.modelData).toBe(weights);
    expect(ServingImage.tei(TeiVersion.V1_8_2).serve({ modelData: weights }).environment).toEqual({ HF_MODEL_ID: '/opt/ml/model' });
    expect(ServingImage.llamaCpp(LlamaCppVersion.V1_0_1).serve({ hubModelId: 'org/m-GGUF', maxModelLength: 4096 }).environment)
      .toEqual({ SM_LLAMA_CPP_HF_REPO: 'org/m-GGUF', SM_LLAMA_CPP_N_GPU_LAYERS: '999', SM_LLAMA_CPP_CTX_SIZE: '4096' });
  });

  test.each([
    ['both', () => ServingImage.vllm(VllmVersion.V0_28_0).serve({ hubModelId: 'a/b', modelData: sagemaker.ModelData.fromAsset(__filename) }),
      "serve() takes the model from the Hugging Face Hub or from S3, not both (hubModelId (hub_model_id) and modelData (model_data): got 'a/b' and model data; allowed one of hubModelId and modelData) [rule: serve.modelLocation.both]"],
    ['neither', () => ServingImage.tgi(TgiVersion.V3_3_6).serve({}), 'serve() needs the model to serve (hubModelId (hub_model_id) and modelData (model_data): got neither; '
      + 'allowed hubModelId (a Hugging Face model id) or modelData (the weights in S3, ideally an uncompressed S3_PREFIX)) [rule: serve.modelLocation.none]'],
    ['TEI parallel', () => ServingImage.tei(TeiVersion.V1_8_2).serve({ hubModelId: 'a/b', tensorParallelDegree: 2 }),
      'TEI (Text Embeddings Inference) has no tensor parallelism (tensorParallelDegree (tensor_parallel_degree): got 2; allowed no tensorParallelDegree for this engine) [rule: serve.tensorParallelDegree.engine]'],
    ['scikit-learn', () => ServingImage.sklearn(SklearnVersion.V1_4_2_PY312).serve({ hubModelId: 'a/b' }), '[rule: serve.engine]'],
    ['zero', () => ServingImage.vllm(VllmVersion.V0_28_0).serve({ hubModelId: 'a/b', tensorParallelDegree: 0 }), '[rule: serve.tensorParallelDegree.range]'],
  ])('%s is an error', (_name, fn, message) => {
    expect(errorMessage(fn)).toContain(message);
  });

  test('a degree given as a token is rendered and not checked', () => {
    const { stack } = envStack('us-east-1');
    const gpus = new cdk.CfnParameter(stack, 'Gpus', { type: 'Number' }).valueAsNumber;
    const model = new sagemaker.Model(stack, 'Model', {
      containers: [ServingImage.vllm(VllmVersion.V0_28_0).serve({ hubModelId: 'a/b', tensorParallelDegree: gpus })],
    });
    new sagemaker.EndpointConfig(stack, 'Config', { instanceProductionVariants: [{ variantName: 'llm', model, instanceType: InstanceType.G5_XLARGE }] });
    Template.fromStack(stack).hasResourceProperties('AWS::SageMaker::Model', {
      PrimaryContainer: { Environment: { SM_VLLM_MODEL: 'a/b', SM_VLLM_TENSOR_PARALLEL_SIZE: { Ref: 'Gpus' } } },
    });
    expect(warnings(stack)).toEqual([]);
  });
});

describe('a served container of a Model', () => {
  test('a Hub model with network isolation is an error', () => {
    const { stack } = envStack('us-east-1');
    expect(errorMessage(() => new sagemaker.Model(stack, 'Model', {
      networkIsolation: true, containers: [ServingImage.vllm(VllmVersion.V0_28_0).serve({ hubModelId: 'org/m' })],
    }))).toBe("TestStack/Model: containers[0]: the container downloads model 'org/m' from the Hugging Face Hub, which network isolation forbids "
      + '(networkIsolation (network_isolation): got true; allowed no network isolation, or the weights in S3 (modelData) with SM_VLLM_MODEL unset) '
      + '[rule: container.hubModelId.networkIsolation]');
  });

  test('an engine image without any model is an error; Hugging Face vLLM 0.21 ignores HF_MODEL_ID', () => {
    const { stack } = envStack('us-east-1');
    expect(errorMessage(() => new sagemaker.Model(stack, 'A', { containers: [{ image: ServingImage.vllm(VllmVersion.V0_28_0) }] })))
      .toContain('containers[0]: ServingImage.vllm(VllmVersion.V0_28_0) has no model to serve');
    expect(errorMessage(() => new sagemaker.Model(stack, 'B', {
      containers: [{ image: ServingImage.huggingFaceVllm(sagemaker.HuggingFaceVllmVersion.V0_21_0), environment: { HF_MODEL_ID: 'org/m' } }],
    }))).toContain("does not read HF_MODEL_ID and would serve vLLM's built-in default model");
    // TGI exits without HF_MODEL_ID, model data or not.
    expect(errorMessage(() => new sagemaker.Model(stack, 'D', {
      containers: [{ image: ServingImage.tgi(TgiVersion.V3_3_6), modelData: sagemaker.ModelData.fromAsset(__filename) }],
    }))).toContain('(HF_MODEL_ID=/opt/ml/model for model data: the container exits without it)) [rule: container.servedModel.missing]');
    // 0.22.1 and the AWS image read it last: accepted.
    new sagemaker.Model(stack, 'C', {
      containers: [{ image: ServingImage.huggingFaceVllm(sagemaker.HuggingFaceVllmVersion.V0_22_1), environment: { HF_MODEL_ID: 'org/m' } }],
    });
  });

  test('a literal credential is a warning naming the variable, never its value; token counts are not credentials', () => {
    const { stack } = envStack('us-east-1');
    new sagemaker.Model(stack, 'Model', {
      containers: [ServingImage.tgi(TgiVersion.V3_3_6).serve({
        hubModelId: 'org/m',
        environment: { HF_TOKEN: 'hf_abcdef', MAX_INPUT_TOKENS: '4096', DB_PASSWORD: cdk.SecretValue.secretsManager('db').unsafeUnwrap() },
      })],
    });
    const found = warnings(stack);
    expect(found).toEqual([expect.stringContaining('containers[0].environment HF_TOKEN is a literal value')]);
    expect(found[0]).not.toContain('hf_abcdef');
    expect(found[0]).toContain('[rule: container.environment.literalSecret]');
  });
});

describe('checks against the instance types that host a served model', () => {
  test('a GPU image on a CPU type, or on serverless, is an error', () => {
    const { app } = hosted(ServingImage.vllm(VllmVersion.V0_28_0).serve({ hubModelId: 'org/m' }), InstanceType.M5_XLARGE);
    expect(synthErrors(app)).toContain("variant 'llm': ServingImage.vllm(VllmVersion.V0_28_0) in containers[0] needs an NVIDIA GPU, which instance type "
      + "'ml.m5.xlarge' does not have (variant 'llm' instanceType (instance_type): got 'ml.m5.xlarge'; allowed a GPU instance type");
    const { stack } = envStack('us-east-1');
    const model = new sagemaker.Model(stack, 'Model', { containers: [ServingImage.tei(TeiVersion.V1_8_2).serve({ hubModelId: 'BAAI/bge-m3' })] });
    new sagemaker.EndpointConfig(stack, 'Config', { serverlessProductionVariant: { variantName: 'sl', model, maxConcurrency: 1, memorySizeInMB: 2048 } });
    expect(synthErrors(stack.node.root as cdk.App)).toContain('[rule: servedModel.accelerator.missing]');
  });

  test('a CPU image on a GPU type is a warning', () => {
    const { stack } = hosted(ServingImage.tei(TeiVersion.V1_8_2, { accelerator: sagemaker.ServingAccelerator.CPU }).serve({ hubModelId: 'b/e' }),
      InstanceType.G5_XLARGE);
    expect(warnings(stack)).toEqual([expect.stringContaining("is a CPU image on instance type 'ml.g5.xlarge', whose GPUs it does not use")]);
  });

  test('more GPUs than the type has is an error naming both; fewer is a warning', () => {
    const over = hosted(ServingImage.vllm(VllmVersion.V0_28_0).serve({ hubModelId: 'org/m', tensorParallelDegree: 8 }), InstanceType.G5_12XLARGE);
    expect(synthErrors(over.app)).toContain("variant 'llm': containers[0] shards the model over 8 GPUs, and instance type 'ml.g5.12xlarge' has 4 "
      + '(containers[0] SM_VLLM_TENSOR_PARALLEL_SIZE: got 8; allowed at most 4 on ml.g5.12xlarge');
    const under = hosted(ServingImage.vllm(VllmVersion.V0_28_0).serve({ hubModelId: 'org/m', tensorParallelDegree: 2 }), InstanceType.G5_12XLARGE);
    expect(warnings(under.stack)).toEqual([expect.stringContaining('shards the model over 2 of the 4 GPUs')]);
  });

  test('no degree on a multi-GPU type is a warning where the engine uses one GPU, and not for LMI', () => {
    const vllm = hosted(ServingImage.vllm(VllmVersion.V0_28_0).serve({ hubModelId: 'org/m' }), InstanceType.G5_12XLARGE);
    expect(warnings(vllm.stack)).toEqual([expect.stringContaining('uses one GPU unless told, and \'ml.g5.12xlarge\' has 4')]);
    const lmi = hosted(ServingImage.lmi(LmiVersion.V0_36_0).serve({ hubModelId: 'org/m' }), InstanceType.G5_12XLARGE);
    expect(warnings(lmi.stack)).toEqual([]);
  });

  test('a CUDA 13 image gets the GPU 4.x AMI on older GPU families; an explicit older AMI stays and is a warning', () => {
    const { stack } = hosted(ServingImage.vllm(VllmVersion.V0_28_0).serve({ hubModelId: 'org/m', tensorParallelDegree: 4 }), InstanceType.G5_12XLARGE);
    Template.fromStack(stack).hasResourceProperties('AWS::SageMaker::EndpointConfig', {
      ProductionVariants: [Match.objectLike({ InferenceAmiVersion: 'al2023-ami-sagemaker-inference-gpu-4-1' })],
    });
    const older = hosted(ServingImage.vllm(VllmVersion.V0_28_0).serve({ hubModelId: 'org/m', tensorParallelDegree: 4 }), InstanceType.G5_12XLARGE,
      { inferenceAmiVersion: 'al2-ami-sagemaker-inference-gpu-3-1' });
    Template.fromStack(older.stack).hasResourceProperties('AWS::SageMaker::EndpointConfig', {
      ProductionVariants: [Match.objectLike({ InferenceAmiVersion: 'al2-ami-sagemaker-inference-gpu-3-1' })],
    });
    expect(warnings(older.stack)).toEqual([expect.stringContaining('[rule: servedModel.inferenceAmiVersion.tooOld]')]);
    // A CUDA 12 image keeps SageMaker's default AMI.
    const cuda12 = hosted(ServingImage.lmi(LmiVersion.V0_35_0).serve({ hubModelId: 'org/m' }), InstanceType.G5_12XLARGE);
    Template.fromStack(cuda12.stack).hasResourceProperties('AWS::SageMaker::EndpointConfig', {
      ProductionVariants: [Match.objectLike({ InferenceAmiVersion: Match.absent() })],
    });
  });

  test('an inference component hosting a served model reserves its degree, checked against the instance', () => {
    const { app, stack } = envStack('us-east-1');
    const config = new sagemaker.EndpointConfig(stack, 'Config', {
      instanceProductionVariants: [{ variantName: 'gpu', instanceType: InstanceType.G5_12XLARGE }],
    });
    const endpoint = new sagemaker.Endpoint(stack, 'Endpoint', { endpointConfig: config });
    const model = new sagemaker.Model(stack, 'Llama', { containers: [ServingImage.vllm(VllmVersion.V0_28_0).serve({ hubModelId: 'org/m', tensorParallelDegree: 4 })] });
    const llm = new sagemaker.InferenceComponent(stack, 'Llm', {
      endpoint, variantName: 'gpu', model, computeResourceRequirements: { minMemoryRequiredInMb: 8192 },
    });
    Template.fromStack(stack).hasResourceProperties('AWS::SageMaker::InferenceComponent', {
      Specification: { ComputeResourceRequirements: { MinMemoryRequiredInMb: 8192, NumberOfAcceleratorDevicesRequired: 4 } },
    });
    // Its recommended alarms include GPU utilization, as for a component that asks for 4 accelerators.
    const alarms = llm.addRecommendedAlarms('Alarms').map(a => a.node.id);
    expect(alarms).toContain('GPUUtilizationNormalized');
    expect(app).toBeDefined();
    const second = envStack('us-east-1');
    const endpoint2 = new sagemaker.Endpoint(second.stack, 'Endpoint', {
      endpointConfig: new sagemaker.EndpointConfig(second.stack, 'Config', {
        instanceProductionVariants: [{ variantName: 'gpu', instanceType: InstanceType.G5_12XLARGE }],
      }),
    });
    const big = new sagemaker.Model(second.stack, 'Big', {
      containers: [ServingImage.vllm(VllmVersion.V0_28_0).serve({ hubModelId: 'org/m', tensorParallelDegree: 8 })],
    });
    new sagemaker.InferenceComponent(second.stack, 'Big8', { endpoint: endpoint2, variantName: 'gpu', model: big, computeResourceRequirements: { minMemoryRequiredInMb: 8192 } });
    expect(synthErrors(second.app)).toContain('[rule: inferenceComponent.computeResourceRequirements.exceedsInstance]');
  });

  test('an inference component of a GPU image on a CPU variant is an error', () => {
    const { app, stack } = envStack('us-east-1');
    const config = new sagemaker.EndpointConfig(stack, 'Config', {
      instanceProductionVariants: [{ variantName: 'cpu', instanceType: InstanceType.M5_4XLARGE }],
    });
    const endpoint = new sagemaker.Endpoint(stack, 'Endpoint', { endpointConfig: config });
    const model = new sagemaker.Model(stack, 'Llama', { containers: [ServingImage.sglang(SglangVersion.V0_5_20).serve({ hubModelId: 'org/m' })] });
    new sagemaker.InferenceComponent(stack, 'Llm', { endpoint, variantName: 'cpu', model, computeResourceRequirements: { minMemoryRequiredInMb: 8192 } });
    expect(synthErrors(app)).toContain("the inference component: ServingImage.sglang(SglangVersion.V0_5_20) in containers[0] needs an NVIDIA GPU, which instance type 'ml.m5.4xlarge' does not have");
  });
});
