"""ServingImage through the wheel: every engine, version and accelerator of the generated tables renders the
URI SageMaker Python SDK v3's image_uris.retrieve() returns (run in .venv-sdk), in a sample of regions with a
known region and in every region of an env-agnostic stack's mapping; serve() and the checks against the
hosting instance types, as a Python user meets them."""
import json
import os
import re
import subprocess

import aws_cdk as cdk
import pytest
from aws_cdk import aws_iam as iam
from aws_cdk import region_info
from conftest import REPO, checked_template, lint_errors, models_of

import cdk_sagemaker_hosting as sagemaker

SDK_PYTHON = os.path.join(REPO, ".venv-sdk", "bin", "python")
SAMPLE_REGIONS = ["us-east-1", "eu-west-1", "af-south-1", "il-central-1", "ap-northeast-3", "cn-north-1", "us-gov-west-1", "mx-central-1"]

# factory -> [(accelerator, SDK framework, an instance type of that accelerator for retrieve())]
ENGINES = {
    "lmi": ("LmiVersion", [("GPU", "djl-lmi", None), ("NEURON", "djl-neuronx", None)]),
    "vllm": ("VllmVersion", [("GPU", "vllm", "ml.g5.xlarge")]),
    "hugging_face_vllm": ("HuggingFaceVllmVersion", [("GPU", "huggingface-vllm", "ml.g5.xlarge")]),
    "sglang": ("SglangVersion", [("GPU", "sglang", "ml.g5.xlarge")]),
    "tei": ("TeiVersion", [("GPU", "huggingface-tei", "ml.g5.xlarge"), ("CPU", "huggingface-tei-cpu", "ml.m5.xlarge")]),
    "tgi": ("TgiVersion", [("GPU", "huggingface-llm", "ml.g5.xlarge")]),
    "llama_cpp": ("LlamaCppVersion", [("GPU", "llama-cpp", "ml.g5.xlarge"), ("CPU", "llama-cpp", "ml.m5.xlarge")]),
    "xgboost": ("XgboostVersion", [("CPU", "xgboost", "ml.m5.xlarge"), ("GPU", "xgboost", "ml.g5.xlarge")]),
    "sklearn": ("SklearnVersion", [("CPU", "sklearn", "ml.m5.xlarge")]),
}
# Every SM_*/HF_* model variable, so that each container has a model to serve.
ANY_MODEL = {"HF_MODEL_ID": "org/model", "SM_VLLM_MODEL": "org/model", "SM_SGLANG_MODEL_PATH": "org/model", "SM_LLAMA_CPP_HF_REPO": "org/model"}


def versions(cls_name):
    """The version constants of a version class, read through the wheel: (constant name, version)."""
    cls = getattr(sagemaker, cls_name)
    return [(name, getattr(cls, name).version) for name in dir(cls) if re.fullmatch(r"V[0-9A-Z_]+", name)]


def images():
    """(factory, constant, version, accelerator, SDK framework, instance type) for every entry of the tables."""
    return [(factory, constant, version, accelerator, framework, instance_type)
            for factory, (cls_name, flavours) in ENGINES.items()
            for constant, version in versions(cls_name)
            for accelerator, framework, instance_type in flavours]


def sdk_uris(queries):
    """retrieve() for each (framework, version, region, instance type), in .venv-sdk."""
    out = subprocess.run([SDK_PYTHON, os.path.join(REPO, "test", "python", "sdk_image_uris.py")], input=json.dumps(queries),
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def image(factory, constant, accelerator):
    cls = getattr(sagemaker, ENGINES[factory][0])
    return getattr(sagemaker.ServingImage, factory)(getattr(cls, constant),
                                                    accelerator=getattr(sagemaker.ServingAccelerator, accelerator))


def rendered(region):
    """Every image in a stack of `region` (or env-agnostic when None): its rendered URI, or the rule id of the error."""
    app = cdk.App()
    env = cdk.Environment(account="123456789012", region=region) if region else None
    stack = cdk.Stack(app, "Images", env=env)
    role = iam.Role.from_role_arn(stack, "Role", "arn:aws:iam::123456789012:role/models", mutable=False)
    out = []
    for i, (factory, constant, _v, accelerator, _f, _t) in enumerate(images()):
        try:
            sagemaker.Model(stack, f"M{i}", role=role, containers=[
                sagemaker.ContainerDefinition(image=image(factory, constant, accelerator), environment=ANY_MODEL)])
            out.append(None)
        except RuntimeError as e:
            out.append("error: " + re.search(r"\[rule: ([\w.:-]+)\]", str(e)).group(1))
    template = cdk.assertions.Template.from_stack(stack).to_json()
    by_id = {k: r["Properties"]["PrimaryContainer"]["Image"] for k, r in template["Resources"].items() if r["Type"] == "AWS::SageMaker::Model"}
    for i, value in enumerate(out):
        if value is None:
            (key,) = [k for k in by_id if re.fullmatch(rf"M{i}Model[0-9A-F]{{8}}", k)]
            out[i] = by_id[key]
    return out, template


def test_every_image_has_a_constant():
    entries = images()
    assert len({(f, c) for f, c, *_ in entries}) == 92
    assert ("vllm", "V0_28_0") in {(f, c) for f, c, *_ in entries}
    assert ("sklearn", "V1_4_2_PY312") in {(f, c) for f, c, *_ in entries}


@pytest.mark.parametrize("region", SAMPLE_REGIONS)
def test_known_region_renders_what_the_sdk_retrieves(region):
    entries = images()
    ours, template = rendered(region)
    expected = sdk_uris([[framework, version, region, instance_type] for _f, _c, version, _a, framework, instance_type in entries])
    compared = 0
    for entry, mine, theirs in zip(entries, ours, expected):
        if theirs.startswith("error:"):
            # The SDK has no such image (the version has no image for the processor, or not in this region): neither do we.
            assert mine in ("error: servingImage.version", "error: servingImage.region"), (entry, mine, theirs)
        else:
            assert mine == theirs, entry
            compared += 1
    assert compared >= 60, compared
    assert "Mappings" not in template


def test_env_agnostic_stack_renders_what_the_sdk_retrieves_in_every_region():
    entries = images()
    ours, template = rendered(None)
    assert lint_errors(template) == []
    queries, expected_uris = [], []
    for entry, mine in zip(entries, ours):
        if isinstance(mine, str) and mine.startswith("error:"):
            assert mine == "error: servingImage.version", entry
            continue
        parts = mine["Fn::Join"][1]
        mapping = parts[0]["Fn::FindInMap"][0]
        regions = template["Mappings"][mapping]
        for region, row in regions.items():
            # AWS::URLSuffix in that region: aws-cdk-lib's fact, or amazonaws.com for a commercial region newer than
            # its table (me-west-1, sa-west-1 in 2.275.0; every other partition's regions are in it)
            suffix = region_info.RegionInfo.get(region).domain_suffix or "amazonaws.com"
            uri = "".join(p if isinstance(p, str) else row["account"] if "Fn::FindInMap" in p
                          else region if p == {"Ref": "AWS::Region"} else suffix for p in parts)
            factory, _c, version, _a, framework, instance_type = entry
            queries.append([framework, version, region, instance_type])
            expected_uris.append(uri)
    theirs = sdk_uris(queries)
    mismatches = [(q, mine, sdk) for q, mine, sdk in zip(queries, expected_uris, theirs) if mine != sdk]
    assert mismatches == []
    assert len(queries) > 3000


def test_sdk_uses_the_tables_of_the_pinned_sagemaker_core():
    """The comparison means something only when .venv-sdk holds the sagemaker-core the tables were generated from."""
    with open(os.path.join(REPO, "requirements-data.txt"), encoding="utf-8") as f:
        pinned = re.search(r"^sagemaker-core==(\S+)$", f.read(), flags=re.M).group(1)
    out = subprocess.run([SDK_PYTHON, "-c", "import importlib.metadata as m; print(m.version('sagemaker-core'))"],
                         capture_output=True, text=True, check=True)
    assert out.stdout.strip() == pinned


def test_llm_on_gpu_from_python(stack):
    """A new user's LLM: vLLM with tensor parallelism 4 on ml.g5.12xlarge, the image of the region and the AMI of CUDA 13."""
    image = sagemaker.ServingImage.vllm(sagemaker.VllmVersion.V0_28_0)
    model = sagemaker.Model(stack, "Llama", containers=[
        image.serve(hub_model_id="meta-llama/Llama-3.1-8B-Instruct", tensor_parallel_degree=4, max_model_length=8192)])
    sagemaker.EndpointConfig(stack, "Config", instance_production_variants=[
        sagemaker.InstanceProductionVariantProps(variant_name="llm", model=model, instance_type=sagemaker.InstanceType.G5_12_XLARGE)])
    template = checked_template(stack)
    (props,) = models_of(template)
    assert props["PrimaryContainer"] == {
        "Image": "763104351884.dkr.ecr.us-east-1.amazonaws.com/vllm:0.28.0-gpu-py312-cu130-ubuntu24.04-sagemaker",
        "Environment": {"SM_VLLM_MODEL": "meta-llama/Llama-3.1-8B-Instruct", "SM_VLLM_TENSOR_PARALLEL_SIZE": "4", "SM_VLLM_MAX_MODEL_LEN": "8192"},
    }
    (config,) = [r["Properties"] for r in template["Resources"].values() if r["Type"] == "AWS::SageMaker::EndpointConfig"]
    assert config["ProductionVariants"][0]["InferenceAmiVersion"] == "al2023-ami-sagemaker-inference-gpu-4-1"


def rule_of(error) -> str:
    return re.search(r"\[rule: ([\w.:-]+)\]", str(error)).group(1)


def test_checks_from_python(stack):
    image = sagemaker.ServingImage.vllm(sagemaker.VllmVersion.V0_28_0)
    with pytest.raises(RuntimeError) as both:
        image.serve(hub_model_id="org/m", model_data=sagemaker.ModelData.from_asset(__file__))
    assert rule_of(both.value) == "serve.modelLocation.both"
    assert "hubModelId (hub_model_id) and modelData (model_data)" in str(both.value)
    with pytest.raises(RuntimeError) as isolated:
        sagemaker.Model(stack, "Isolated", network_isolation=True, containers=[image.serve(hub_model_id="org/m")])
    assert rule_of(isolated.value) == "container.hubModelId.networkIsolation"
    # 8 GPUs on a 4-GPU type, and a GPU image on a CPU type: both named at synth
    big = sagemaker.Model(stack, "Big", containers=[image.serve(hub_model_id="org/m", tensor_parallel_degree=8)])
    sagemaker.EndpointConfig(stack, "Config", instance_production_variants=[
        sagemaker.InstanceProductionVariantProps(variant_name="gpu", model=big, instance_type=sagemaker.InstanceType.G5_12_XLARGE),
        sagemaker.InstanceProductionVariantProps(variant_name="cpu", model=big, instance_type=sagemaker.InstanceType.M5_XLARGE)])
    with pytest.raises(RuntimeError) as synth:
        cdk.Stage.of(stack).synth()
    message = str(synth.value)
    assert "shards the model over 8 GPUs, and instance type 'ml.g5.12xlarge' has 4" in message
    assert "[rule: servedModel.tensorParallelDegree.exceedsGpus]" in message
    assert "needs an NVIDIA GPU, which instance type 'ml.m5.xlarge' does not have" in message


def test_literal_token_is_a_warning_naming_the_variable(stack):
    sagemaker.Model(stack, "Gated", containers=[sagemaker.ServingImage.tgi(sagemaker.TgiVersion.V3_3_6).serve(
        hub_model_id="meta-llama/Llama-3.1-8B-Instruct", environment={"HF_TOKEN": "hf_secretvalue", "MAX_INPUT_TOKENS": "4096"})])
    warnings = cdk.assertions.Annotations.from_stack(stack).find_warning("*", cdk.assertions.Match.any_value())
    texts = [str(w.entry.data) for w in warnings]
    assert len(texts) == 1 and "environment HF_TOKEN is a literal value" in texts[0]
    assert "hf_secretvalue" not in texts[0]
