"""The generated tables are exactly what their generators make from the pinned packages: the instance
types and regions from cfn-lint, the instance facts and image registries from sagemaker-core, moto and
aws-cdk-lib, the serving images (version classes and image table) from sagemaker-core."""
import os
import subprocess
import sys

import pytest
from conftest import REPO

# Each generator, and the files it writes.
GENERATORS = {
    "gen_instance_types.py": ["src/instance-type.ts", "src/private/hosting-regions.generated.ts"],
    "gen_sagemaker_facts.py": ["src/private/instance-facts.generated.ts", "src/private/image-registries.generated.ts"],
    "gen_serving_images.py": ["src/serving-versions.generated.ts", "src/private/serving-images.generated.ts"],
}


@pytest.mark.parametrize("generator", sorted(GENERATORS))
def test_generated_tables_are_current(tmp_path, generator):
    subprocess.run([sys.executable, os.path.join(REPO, "scripts", generator), str(tmp_path)], check=True)
    for rel in GENERATORS[generator]:
        with open(os.path.join(REPO, rel), encoding="utf-8") as committed, open(tmp_path / rel, encoding="utf-8") as fresh:
            assert committed.read() == fresh.read(), f"{rel} is stale: run python scripts/{generator}"


def test_region_table_has_only_regions():
    """The cfn-lint file also has a "description" key; only region names may reach the table."""
    import re

    with open(os.path.join(REPO, "src", "private", "hosting-regions.generated.ts"), encoding="utf-8") as f:
        keys = re.findall(r"^  '([^']+)': '[0-9a-f]+',$", f.read(), flags=re.M)
    assert len(keys) >= 30
    assert "description" not in keys
    assert [k for k in keys if not re.fullmatch(r"[a-z]{2}(-[a-z]+)+-\d+", k)] == []
    assert {"us-east-1", "eu-west-1", "ap-southeast-7", "cn-north-1"} <= set(keys)


def test_instance_facts_come_from_the_sources():
    """Spot checks against SageMaker's and EC2's published numbers: ml.g5.12xlarge has 4 GPUs (96 GiB),
    48 vCPUs and 192 GiB; ml.p3.2xlarge, which EC2 no longer lists, keeps SageMaker's GPU count."""
    import re

    with open(os.path.join(REPO, "src", "private", "instance-facts.generated.ts"), encoding="utf-8") as f:
        text = f.read()
    facts = {t: v for t, v in re.findall(r"^  '(ml\.[^']+)': \[([^\]]+)\],$", text, flags=re.M)}
    assert facts["ml.g5.12xlarge"] == "48, 196608, 4, 98304"
    assert facts["ml.m5.large"] == "2, 8192, 0, 0"
    assert facts["ml.p3.2xlarge"] == "null, null, 1, 16384"
    assert len(facts) >= 270


def test_sagemaker_framework_repositories_are_outside_the_dlc_registry():
    with open(os.path.join(REPO, "src", "private", "image-registries.generated.ts"), encoding="utf-8") as f:
        text = f.read()
    for repository in ["sagemaker-scikit-learn", "sagemaker-xgboost", "sagemaker-sparkml-serving", "tei"]:
        assert f"  '{repository}': " in text
    for dlc in ["djl-inference", "pytorch-inference", "huggingface-pytorch-tgi-inference"]:
        assert f"  '{dlc}': " not in text
