"""Every ```python block of README.md runs against the wheel, in a stack, and lints clean.

A block runs with `self` bound to a fresh Stack and `__file__` in a folder that has the files the
README names next to it (`image/Dockerfile`, `model/model.tar.gz`, `model/weights.txt`).
"""
import json
import os
import re
import subprocess
import sys

import aws_cdk as cdk
import cdk_sagemaker_hosting
import pytest
from conftest import REPO, VALIDATION_REPORT, as_a_user_runs_it, checked_template, library_resources, lint_problems, policy_problems

README = os.path.join(REPO, "README.md")


def python_blocks():
    with open(README, encoding="utf-8") as f:
        text = f.read()
    # Every ```python block, none skipped: each builds infrastructure with the library. A block that
    # starts with `# app.py` is a complete app (the quick start), run as a script; the others are
    # snippets that run in a stack.
    return re.findall(r"```python\n(.*?)```", text, flags=re.S)


APPS = [b for b in python_blocks() if b.startswith("# app.py")]
BLOCKS = [b for b in python_blocks() if not b.startswith("# app.py")]


def test_readme_has_python_examples():
    assert len(BLOCKS) >= 25
    assert all("sagemaker." in b for b in BLOCKS + APPS)


def test_readme_opens_with_a_python_quick_start():
    """The first section after the introduction is the quick start, and it is a complete app."""
    with open(README, encoding="utf-8") as f:
        text = f.read()
    sections = re.findall(r"^## (.*)$", text, flags=re.M)
    assert sections[:3] == ["Quick start (Python)", "Install", "Switching from `@aws-cdk/aws-sagemaker-alpha`"]
    assert len(APPS) == 1 and text.index("# app.py") < text.index("## Install")
    assert "CONTRIBUTING.md" in text and "## Releasing" not in text and "## Deploy smoke test" not in text


def test_quick_start_runs_as_written(tmp_path):
    """`python app.py` writes a cloud assembly whose template lints clean and has no warning."""
    (tmp_path / "app.py").write_text(APPS[0], encoding="utf-8")
    outdir = tmp_path / "cdk.out"
    env = as_a_user_runs_it(dict(os.environ, CDK_OUTDIR=str(outdir)))
    done = subprocess.run([sys.executable, "app.py"], cwd=tmp_path, env=env, capture_output=True, text=True, check=True)
    assert "Warning" not in done.stdout + done.stderr.replace("JSII_SILENCE_WARNING", "")
    assert VALIDATION_REPORT not in done.stdout + done.stderr
    with open(outdir / "ChurnHosting.template.json", encoding="utf-8") as f:
        template = json.load(f)
    library = library_resources(outdir, "ChurnHosting")
    assert len(library) >= 8  # the model, its role and policies, the configuration, the endpoint, scaling, alarms
    assert lint_problems(template, library) == []
    assert policy_problems(template) == []
    types = sorted(r["Type"] for r in template["Resources"].values())
    for expected in ["AWS::SageMaker::Model", "AWS::SageMaker::EndpointConfig", "AWS::SageMaker::Endpoint",
                     "AWS::ApplicationAutoScaling::ScalableTarget", "AWS::ApplicationAutoScaling::ScalingPolicy",
                     "AWS::CloudWatch::Alarm"]:
        assert expected in types
    config = next(r for r in template["Resources"].values() if r["Type"] == "AWS::SageMaker::EndpointConfig")
    assert config["Properties"]["ProductionVariants"][0]["InstanceType"] == "ml.m5.large"
    with open(outdir / "manifest.json", encoding="utf-8") as f:
        manifest = json.load(f)
    messages = [m for entry in manifest["artifacts"]["ChurnHosting"].get("metadata", {}).values() for m in entry
                if m["type"] in ("aws:cdk:warning", "aws:cdk:error")]
    assert messages == []


@pytest.mark.parametrize("index", range(len(BLOCKS)))
def test_readme_python_block(index, workdir):
    # HostingChecksPlugin runs the hosting rules on the template: the constructs' own output gets no error from them
    app = cdk.App(policy_validation_beta1=[cdk_sagemaker_hosting.HostingChecksPlugin()])
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
