"""checkov's CloudFormation checks on the example app and on a stack of every library feature.

checkov (pinned in requirements-tools.txt) runs from its own virtualenv .venv-tools. Every finding
that remains must be listed, with its reason, in checkov_accepted.json (and in README "Security").
"""
import importlib.util
import json
import re
import os
import subprocess

import aws_cdk as cdk
import pytest
from conftest import REPO
from test_nag import ENV, feature_stack

CHECKOV = os.environ.get("CHECKOV", os.path.join(REPO, ".venv-tools", "bin", "checkov"))
ACCEPTED = json.load(open(os.path.join(os.path.dirname(__file__), "checkov_accepted.json"), encoding="utf-8"))


def run_checkov(directory) -> list:
    if not os.path.exists(CHECKOV):
        pytest.fail(f"checkov not found at {CHECKOV}: run scripts/test.sh (it installs requirements-tools.txt into .venv-tools)")
    out = subprocess.run([CHECKOV, "-d", str(directory), "--framework", "cloudformation", "-o", "json", "--compact", "--quiet"],
                         capture_output=True, text=True, check=False)
    reports = json.loads(out.stdout)
    reports = reports if isinstance(reports, list) else [reports]
    return [(c["check_id"], c["resource"]) for r in reports for c in r["results"]["failed_checks"]]


def test_checkov_findings_are_all_accepted(tmp_path):
    spec = importlib.util.spec_from_file_location("example_app", os.path.join(REPO, "examples", "python-app", "app.py"))
    example = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(example)
    app = cdk.App(outdir=str(tmp_path))
    example.EndpointStack(app, "Example", env=ENV)
    feature_stack(app)
    app.synth()

    findings = run_checkov(tmp_path)
    unexplained = [f for f in findings if f[0] not in ACCEPTED]
    assert unexplained == [], f"checkov findings without a documented reason: {unexplained}"
    # and nothing is accepted that no longer occurs
    assert sorted({f[0] for f in findings}) == sorted(k for k in ACCEPTED if k != "_")
    # the example's models set network isolation; the VPC statement findings are on the VPC model's role only
    assert not [f for f in findings if f[0] == "CKV_AWS_370" and f[1].startswith("AWS::SageMaker::Model.ChurnModel")]
    # the network-interface cleanup of the VPC model's group: its function and log group only
    cleanup = sorted(f for f in findings if "SageMakerNetworkInterfaceCleanup" in f[1])
    assert [(check, resource.split(".")[0]) for check, resource in cleanup] == [
        ("CKV_AWS_115", "AWS::Lambda::Function"), ("CKV_AWS_116", "AWS::Lambda::Function"),
        ("CKV_AWS_117", "AWS::Lambda::Function"), ("CKV_AWS_158", "AWS::Logs::LogGroup")]
    vpc_findings = {resource for check, resource in findings if check in ("CKV_AWS_111", "CKV_AWS_109")}
    assert len(vpc_findings) == 1 and re.fullmatch(r"AWS::IAM::ManagedPolicy\.VpcModelRolePolicy[0-9A-F]{8}", *vpc_findings)  # its policy
