"""examples/python-app synthesizes with the installed wheel, and its templates lint clean."""
import json
import os
import subprocess
import sys

from conftest import REPO, lint_errors, policy_problems

EXAMPLE = os.path.join(REPO, "examples", "python-app")


def test_example_app_synthesizes(tmp_path):
    env = dict(os.environ, CDK_OUTDIR=str(tmp_path))
    subprocess.run([sys.executable, "app.py"], cwd=EXAMPLE, env=env, check=True)
    with open(tmp_path / "SageMakerHostingExample.template.json", encoding="utf-8") as f:
        template = json.load(f)
    assert lint_errors(template) == []
    assert policy_problems(template) == []
    types = sorted(r["Type"] for r in template["Resources"].values())
    assert types.count("AWS::SageMaker::Model") == 1
    assert "AWS::IAM::Role" in types
