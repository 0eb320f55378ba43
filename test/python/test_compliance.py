"""cdk-nag's HIPAA Security, NIST 800-53 R5 and PCI DSS 3.2.1 packs on the example apps, on a stack of
every library feature and on what the library creates by default, through the wheel.

Each pack runs as a CDK validation plugin: synthesis fails on any finding that is not acknowledged.
Every acknowledgement must carry a reason, and the set of acknowledgements is pinned here (README
"Compliance packs" lists them with their reasons).
"""
import importlib.util
import json
import os

import aws_cdk as cdk
import cdk_nag
import pytest
from aws_cdk import aws_ecr as ecr
from aws_cdk import aws_kms as kms
from conftest import REPO
from test_nag import ENV, acknowledgements, feature_stack

import cdk_sagemaker_hosting as sagemaker

PACKS = {"HIPAASecurityChecks": "HIPAA.Security", "NIST80053R5Checks": "NIST.800.53.R5", "PCIDSS321Checks": "PCI.DSS.321"}
EXAMPLES = {"python-app": "EndpointStack", "async-app": "AsyncEndpointStack", "components-app": "SharedGpuStack"}

# What each target acknowledges, per pack (rule names without the pack prefix), and why (README).
NVME_KMS = "SageMakerEndpointConfigurationKMSKeyConfigured"  # by the library: instance types with local NVMe storage
EXPECTED = {
    "python-app": {"HIPAA.Security": {"LambdaInsideVPC", "LambdaDLQ"}, "NIST.800.53.R5": {"LambdaInsideVPC", "LambdaDLQ"},
                   "PCI.DSS.321": {"LambdaInsideVPC"}},
    "async-app": {pack: {NVME_KMS} for pack in PACKS.values()},
    "components-app": {pack: {NVME_KMS} for pack in PACKS.values()},
    # the VPC model's security group gets the library's network-interface cleanup: its function and log group
    "features": {pack: {NVME_KMS, "LambdaConcurrency", "LambdaDLQ", "LambdaInsideVPC", "CloudWatchLogGroupEncrypted"}
                 for pack in PACKS.values()},
}


def pack_app(pack: str, outdir=None) -> cdk.App:
    app = cdk.App(outdir=str(outdir) if outdir else None)
    cdk.Validations.of(app).add_plugins(getattr(cdk_nag, pack)(app))
    return app


def build(app: cdk.App, target: str) -> None:
    if target == "features":
        feature_stack(app)
        return
    path = os.path.join(REPO, "examples", target, "app.py")
    spec = importlib.util.spec_from_file_location(f"compliance_{target.replace('-', '_')}", path)
    example = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(example)
    getattr(example, EXAMPLES[target])(app, "Example", env=ENV)


@pytest.mark.parametrize("pack", sorted(PACKS))
@pytest.mark.parametrize("target", [*EXAMPLES, "features"])
def test_no_unacknowledged_finding_and_every_acknowledgement_has_a_reason(target, pack):
    app = pack_app(pack)
    build(app, target)
    app.synth()  # raises ValidationFailed on any finding of the pack that is not acknowledged
    prefix = PACKS[pack]
    acks = acknowledgements(app, prefix)
    assert {rule.split(f"{prefix}-", 1)[1] for rule in acks} == EXPECTED[target][prefix]
    for rule, reasons in acks.items():
        assert all(len(reason) > 80 for reason in reasons), rule  # a sentence a reviewer can check, not a placeholder


def created_by_default(stack: cdk.Stack, key: bool = True) -> None:
    """A model with its created role, on a configuration with a key (one prop away) and on a GPU
    configuration with local NVMe storage, which takes no key."""
    repo = ecr.Repository.from_repository_name(stack, "Repo", "inference")
    model = sagemaker.Model(stack, "Model", containers=[
        sagemaker.ContainerDefinition(image=sagemaker.ContainerImage.from_ecr_repository(repo, "1.0"))])
    cpu = sagemaker.EndpointConfig(stack, "Cpu", encryption_key=kms.Key(stack, "Key", enable_key_rotation=True) if key else None,
                                   instance_production_variants=[sagemaker.InstanceProductionVariantProps(
                                       model=model, variant_name="cpu", instance_type=sagemaker.InstanceType.M5_LARGE)])
    gpu = sagemaker.EndpointConfig(stack, "Gpu", instance_production_variants=[sagemaker.InstanceProductionVariantProps(
        model=model, variant_name="gpu", instance_type=sagemaker.InstanceType.G5_XLARGE)])
    sagemaker.Endpoint(stack, "CpuEndpoint", endpoint_config=cpu)
    sagemaker.Endpoint(stack, "GpuEndpoint", endpoint_config=gpu)


@pytest.mark.parametrize("pack", sorted(PACKS))
def test_a_created_role_and_configuration_raise_nothing_unacknowledged(pack):
    app = pack_app(pack)
    created_by_default(cdk.Stack(app, "Defaults", env=ENV))
    app.synth()
    prefix = PACKS[pack]
    acks = acknowledgements(app, prefix)
    assert list(acks) == [f"{prefix}::{prefix}-{NVME_KMS}"]  # on the GPU configuration, with its reason
    (reason,) = acks[f"{prefix}::{prefix}-{NVME_KMS}"]
    assert "(ml.g5.xlarge)" in reason and "SageMaker does not accept a KmsKeyId" in reason


@pytest.mark.parametrize("pack", sorted(PACKS))
def test_without_the_key_the_configuration_is_reported_and_nothing_else(pack, tmp_path):
    """Not a silent pass: a configuration that could take a key and has none is the one finding."""
    app = pack_app(pack, tmp_path)
    created_by_default(cdk.Stack(app, "Defaults", env=ENV), key=False)
    with pytest.raises(RuntimeError, match="ValidationFailed"):
        app.synth()
    report = json.loads((tmp_path / "validation-report.json").read_text())
    findings = [(v["ruleName"], c["constructPath"]) for r in report["pluginReports"] for v in r["violations"]
                for c in v["violatingConstructs"] if v.get("severity") == "error"]
    assert findings == [(f"{PACKS[pack]}-{NVME_KMS}", "Defaults/Cpu/EndpointConfig")]
