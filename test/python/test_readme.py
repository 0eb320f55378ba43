"""Every ```python block of README.md runs against the wheel, in a stack, and lints clean.

A block runs with `self` bound to a fresh Stack and `__file__` in a folder that has the files the
README names next to it (`image/Dockerfile`, `model/model.tar.gz`, `model/weights.txt`).
"""
import os
import re

import aws_cdk as cdk
import pytest
from conftest import REPO, checked_template

README = os.path.join(REPO, "README.md")


def python_blocks():
    with open(README, encoding="utf-8") as f:
        text = f.read()
    # Every ```python block, none skipped: each builds infrastructure with the library.
    return re.findall(r"```python\n(.*?)```", text, flags=re.S)


BLOCKS = python_blocks()


def test_readme_has_python_examples():
    assert len(BLOCKS) >= 25
    assert all("sagemaker." in b for b in BLOCKS)


@pytest.mark.parametrize("index", range(len(BLOCKS)))
def test_readme_python_block(index, workdir):
    app = cdk.App()
    stack = cdk.Stack(app, f"Readme{index}", env=cdk.Environment(account="123456789012", region="us-east-1"))
    namespace = {"self": stack, "__name__": "readme", "__file__": str(workdir / "app.py")}
    exec(compile(BLOCKS[index], f"README.md python block {index}", "exec"), namespace)
    template = checked_template(stack)
    models = [r for r in template["Resources"].values() if r["Type"] == "AWS::SageMaker::Model"]
    assert len(models) == BLOCKS[index].count("sagemaker.Model(self")


def test_install_section_installs_the_release_and_the_wheel_built_here():
    """The install section names the packages the release publishes, and its from-a-clone
    commands install the wheel the main job builds (at the release version)."""
    import glob
    from importlib.metadata import version

    with open(README, encoding="utf-8") as f:
        text = f.read()
    install = text[text.index("## Install"):text.index("## Switching from")]
    registry, clone = re.findall(r"```bash\n(.*?)```", install, flags=re.S)[:2]
    assert "pip install cdk-sagemaker-hosting" in registry and "npm install cdk-sagemaker-hosting" in registry
    assert "pip install dist/python/*.whl" in clone
    with open(os.path.join(REPO, "dist", "version.txt"), encoding="utf-8") as f:
        built = f.read().strip()
    assert version("cdk-sagemaker-hosting") == built != "0.0.0"
    wheels = glob.glob(os.path.join(REPO, "dist", "python", "*.whl"))
    assert [os.path.basename(w) for w in wheels] == [f"cdk_sagemaker_hosting-{built}-py3-none-any.whl"]
