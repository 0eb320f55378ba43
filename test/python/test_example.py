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
    assert types.count("AWS::SageMaker::Model") == 2
    for t in ["AWS::SageMaker::EndpointConfig", "AWS::SageMaker::Endpoint", "AWS::ApplicationAutoScaling::ScalableTarget",
              "AWS::ApplicationAutoScaling::ScalingPolicy", "AWS::CloudWatch::Alarm", "AWS::Lambda::Function"]:
        assert types.count(t) == 1, t
    (config,) = [r["Properties"] for r in template["Resources"].values() if r["Type"] == "AWS::SageMaker::EndpointConfig"]
    assert [(v["VariantName"], v["InitialVariantWeight"]) for v in config["ProductionVariants"]] == [("current", 9), ("candidate", 1)]
    (policy,) = [r["Properties"] for r in template["Resources"].values() if r["Type"] == "AWS::ApplicationAutoScaling::ScalingPolicy"]
    assert policy["TargetTrackingScalingPolicyConfiguration"]["TargetValue"] == 600  # 20 rps x 60 x 0.5
