"""The Model Registry from Python, through the wheel: a group, a version's ARN, the cross-account
policy, a version registered in the app, the approval rule, the deploy-time lookup of the newest
approved version (its handler run against the local AWS of emulator.py), and the registry example."""
import json
import os
import subprocess

import aws_cdk as cdk
import cdk_nag
import pytest
from aws_cdk import aws_ecr as ecr
from aws_cdk import aws_events_targets as targets
from aws_cdk import aws_iam as iam
from aws_cdk import aws_sns as sns
from conftest import REPO, checked_template, shipped_handler, synthesized_example
from emulator import ACCOUNT, REGION, LocalAws, response_url

import cdk_sagemaker_hosting as sagemaker

REGISTRY_EXAMPLE = os.path.join(REPO, "examples", "registry-app")
ENV = cdk.Environment(account="123456789012", region="us-east-1")


def partitioned(text: str) -> dict:
    return {"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, text]]}


def resources(template: dict, type_: str) -> list:
    return [r for r in template["Resources"].values() if r["Type"] == type_]


def test_group_version_policy_registration_and_rule_render_and_lint():
    app = cdk.App()
    stack = cdk.Stack(app, "Registry", env=ENV)
    group = sagemaker.ModelPackageGroup(stack, "Group", model_package_group_name="fraud-models")
    repository = ecr.Repository(stack, "Repository")
    sagemaker.ModelPackage(
        stack, "V1", model_package_group=group,
        containers=[sagemaker.ContainerDefinition(image=sagemaker.ContainerImage.from_ecr_repository(repository, "1.0.0"))],
        supported_realtime_inference_instance_types=[sagemaker.InstanceType.M5_LARGE],
        approval_status=sagemaker.ModelApprovalStatus.APPROVED)
    version = sagemaker.ModelPackage.from_version(group, 4)
    sagemaker.Model(stack, "Model", containers=[sagemaker.ContainerDefinition(model_package=version)])
    group.grant_deploy(iam.AccountPrincipal("210987654321"))
    group.on_approval_state_change("Approvals", target=targets.SnsTopic(sns.Topic(stack, "Topic")))
    template = checked_template(stack)

    (g,) = resources(template, "AWS::SageMaker::ModelPackageGroup")
    assert g["Properties"]["ModelPackageGroupName"] == "fraud-models"
    assert g["DeletionPolicy"] == "Retain"
    (statement,) = g["Properties"]["ModelPackageGroupPolicy"]["Statement"]
    assert statement["Action"] == ["sagemaker:DescribeModelPackageGroup", "sagemaker:ListModelPackages", "sagemaker:DescribeModelPackage"]
    assert statement["Principal"] == {"AWS": partitioned(":iam::210987654321:root")}
    assert statement["Resource"] == [partitioned(":sagemaker:us-east-1:123456789012:model-package-group/fraud-models"),
                                     partitioned(":sagemaker:us-east-1:123456789012:model-package/fraud-models/*")]
    # the registered version's repository lets the deploying account pull
    (repo,) = resources(template, "AWS::ECR::Repository")
    assert repo["Properties"]["RepositoryPolicyText"]["Statement"][0]["Principal"] == {"AWS": partitioned(":iam::210987654321:root")}

    (package,) = resources(template, "AWS::SageMaker::ModelPackage")
    spec = package["Properties"]["InferenceSpecification"]
    assert package["Properties"]["ModelApprovalStatus"] == "Approved"
    assert spec["SupportedRealtimeInferenceInstanceTypes"] == ["ml.m5.large"]
    assert spec["SupportedContentTypes"] == ["application/json"]

    (model,) = resources(template, "AWS::SageMaker::Model")
    assert model["Properties"]["PrimaryContainer"]["ModelPackageName"] == partitioned(
        ":sagemaker:us-east-1:123456789012:model-package/fraud-models/4")

    (rule,) = resources(template, "AWS::Events::Rule")
    assert rule["Properties"]["EventPattern"] == {
        "source": ["aws.sagemaker"], "detail-type": ["SageMaker Model Package State Change"],
        "detail": {"ModelPackageGroupName": ["fraud-models"]}}


def test_a_variant_outside_a_registered_packages_instance_types_fails_at_synth():
    app = cdk.App()
    stack = cdk.Stack(app, "Registry", env=ENV)
    group = sagemaker.ModelPackageGroup.from_model_package_group_name(stack, "Group", "fraud-models")
    package = sagemaker.ModelPackage(
        stack, "V1", model_package_group=group,
        containers=[sagemaker.ContainerDefinition(image=sagemaker.ContainerImage.from_ecr_repository(
            ecr.Repository.from_repository_name(stack, "Repo", "fraud"), "1.0.0"))],
        supported_realtime_inference_instance_types=[sagemaker.InstanceType.G5_XLARGE])
    model = sagemaker.Model(stack, "Model", containers=[sagemaker.ContainerDefinition(model_package=package)])
    sagemaker.EndpointConfig(stack, "Config", instance_production_variants=[sagemaker.InstanceProductionVariantProps(
        model=model, variant_name="AllTraffic", instance_type=sagemaker.InstanceType.M5_LARGE)])
    with pytest.raises(Exception) as raised:
        app.synth()
    assert ("[Registry/Config] variant 'AllTraffic': model package 'Registry/V1' (containers[0].modelPackage) does not "
            "support instance type 'ml.m5.large' (variant 'AllTraffic' instanceType (instance_type): got 'ml.m5.large'; "
            "allowed 'ml.g5.xlarge' (its supportedRealtimeInferenceInstanceTypes)) "
            "[rule: modelPackage.supportedRealtimeInferenceInstanceTypes.variant]") in str(raised.value)


def test_latest_approved_is_a_custom_resource_whose_answer_the_model_uses_and_whose_role_only_lists(tmp_path):
    template = synthesized_example(REGISTRY_EXAMPLE, "SageMakerRegistryExample", tmp_path, context={"refresh": "build-7"})
    (lookup,) = resources(template, "Custom::SageMakerLatestApprovedModelPackage")
    assert lookup["Properties"]["Refresh"] == "build-7"
    group_id = lookup["Properties"]["ModelPackageGroupName"]["Fn::GetAtt"][0]
    assert template["Resources"][group_id]["Type"] == "AWS::SageMaker::ModelPackageGroup"
    # the version the app registers (approved) is registered before the lookup runs
    (package_id,) = [k for k, r in template["Resources"].items() if r["Type"] == "AWS::SageMaker::ModelPackage"]
    lookup_id = [k for k, r in template["Resources"].items() if r["Type"] == "Custom::SageMakerLatestApprovedModelPackage"][0]
    assert package_id in template["Resources"][lookup_id]["DependsOn"]
    (model,) = resources(template, "AWS::SageMaker::Model")
    assert model["Properties"]["PrimaryContainer"]["ModelPackageName"] == {"Fn::GetAtt": [lookup_id, "ModelPackageArn"]}

    (function,) = resources(template, "AWS::Lambda::Function")
    role_id = function["Properties"]["Role"]["Fn::GetAtt"][0]
    role = template["Resources"][role_id]
    assert "ManagedPolicyArns" not in role["Properties"] and "Policies" not in role["Properties"]
    (policy,) = [r for r in resources(template, "AWS::IAM::ManagedPolicy") if r["Properties"]["Roles"] == [{"Ref": role_id}]]
    actions = [s["Action"] for s in policy["Properties"]["PolicyDocument"]["Statement"]]
    assert actions == [["logs:CreateLogStream", "logs:PutLogEvents"], "sagemaker:ListModelPackages"]
    group_name = template["Resources"][group_id]["Properties"]["ModelPackageGroupName"]
    assert policy["Properties"]["PolicyDocument"]["Statement"][1]["Resource"] == [
        partitioned(f":sagemaker:us-east-1:123456789012:model-package-group/{group_name}"),
        partitioned(f":sagemaker:us-east-1:123456789012:model-package/{group_name}/*")]
    # no other policy names the lookup's role
    assert [r for r in resources(template, "AWS::IAM::Policy") if {"Ref": role_id} in r["Properties"].get("Roles", [])] == []


@pytest.mark.parametrize("pack", [cdk_nag.AwsSolutionsChecks, cdk_nag.HIPAASecurityChecks, cdk_nag.NIST80053R5Checks,
                                  cdk_nag.PCIDSS321Checks])
def test_the_example_is_clean_under_cdk_nag_with_the_lookups_acknowledgements(pack):
    import importlib.util
    spec = importlib.util.spec_from_file_location("registry_example", os.path.join(REGISTRY_EXAMPLE, "app.py"))
    source = open(os.path.join(REGISTRY_EXAMPLE, "app.py"), encoding="utf-8").read().split("\napp = cdk.App()")[0]
    namespace = {"__name__": spec.name}
    exec(compile(source, spec.origin, "exec"), namespace)
    app = cdk.App()
    cdk.Validations.of(app).add_plugins(pack(app))
    namespace["RegistryStack"](app, "Example", env=ENV)
    app.synth()  # raises on any finding that is not acknowledged
    acknowledged = {}
    for construct in app.node.find_all():
        for entry in construct.node.metadata:
            if entry.type == cdk.Validations.ACKNOWLEDGED_RULES_METADATA_KEY:
                for rule, reason in entry.data.items():
                    acknowledged.setdefault(rule, set()).add((construct.node.path, reason))
    assert all(reason.strip() for found in acknowledged.values() for _, reason in found)
    assert not [rule for rule in acknowledged if "IAM4" in rule]  # no managed policy of AWS anywhere
    # what the lookup's function and log group raise is acknowledged on them, with its reason
    prefix = {cdk_nag.AwsSolutionsChecks: "AwsSolutions", cdk_nag.HIPAASecurityChecks: "HIPAA.Security",
              cdk_nag.NIST80053R5Checks: "NIST.800.53.R5", cdk_nag.PCIDSS321Checks: "PCI.DSS.321"}[pack]
    lookup = {rule.split("[")[0] for rule, found in acknowledged.items()
              if rule.startswith(f"{prefix}::") and any("SageMakerLatestApprovedLookup" in path for path, _ in found)}
    if pack is cdk_nag.AwsSolutionsChecks:
        assert lookup == {"AwsSolutions::AwsSolutions-IAM5"}
    else:
        assert lookup == {f"{prefix}::{prefix}-{rule}" for rule in ["LambdaConcurrency", "LambdaDLQ", "LambdaInsideVPC",
                                                                    "CloudWatchLogGroupEncrypted"]}


def handler_file(tmp_path) -> str:
    """The handler as the wheel ships it (inside the npm tarball jsii embeds)."""
    return shipped_handler(tmp_path, "latest-approved")


def run_handler(aws, handler: str, group: str, tmp_path) -> dict:
    """The handler's `latestApproved` with the Lambda runtime's SDK (the repository's dev dependency),
    against the emulator only (no_egress.js refuses any other address)."""
    script = ("const sdk = require('@aws-sdk/client-sagemaker');"
              f"require({json.dumps(handler)}).latestApproved(new sdk.SageMakerClient({{}}), sdk, process.argv[1])"
              ".then(r => console.log(JSON.stringify(r)), e => { console.log(JSON.stringify({ error: e.message })); });")
    log = tmp_path / "egress.log"
    env = aws.handler_env(NO_EGRESS_LOG=str(log), NODE_OPTIONS=f"--require {os.path.join(os.path.dirname(__file__), 'no_egress.js')}")
    out = subprocess.run(["node", "-e", script, group], env=env, capture_output=True, text=True, check=True, timeout=60)
    assert not log.exists() or log.read_text() == ""
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_the_handler_picks_the_newest_approved_version_in_the_emulator(tmp_path):
    handler = handler_file(tmp_path)
    with LocalAws() as aws:
        client = aws.client("sagemaker")
        group = client.create_model_package_group(ModelPackageGroupName="fraud-models")["ModelPackageGroupArn"]
        spec = {"Containers": [{"Image": f"{ACCOUNT}.dkr.ecr.{REGION}.amazonaws.com/fraud:1"}],
                "SupportedContentTypes": ["application/json"], "SupportedResponseMIMETypes": ["application/json"]}
        arns = [client.create_model_package(ModelPackageGroupName="fraud-models", InferenceSpecification=spec,
                                            ModelApprovalStatus=status)["ModelPackageArn"]
                for status in ["Approved", "Approved", "PendingManualApproval", "Rejected"]]
        # versions 1 and 2 approved, 3 pending, 4 rejected: the newest approved is 2 (ascending order would give 1)
        assert run_handler(aws, handler, group, tmp_path) == {"ModelPackageArn": arns[1], "ModelPackageVersion": "2"}
        # approving version 3 later: the next deploy gets it
        client.update_model_package(ModelPackageArn=arns[2], ModelApprovalStatus="Approved")
        assert run_handler(aws, handler, group, tmp_path) == {"ModelPackageArn": arns[2], "ModelPackageVersion": "3"}
        # a group without an approved version: the deploy fails with a message naming it
        empty = client.create_model_package_group(ModelPackageGroupName="empty-models")["ModelPackageGroupArn"]
        client.create_model_package(ModelPackageGroupName="empty-models", InferenceSpecification=spec,
                                    ModelApprovalStatus="PendingManualApproval")
        assert run_handler(aws, handler, empty, tmp_path) == {"error": (
            f"Model package group {empty} has no approved version, so ModelPackage.latestApproved() has nothing to deploy: "
            "approve a version (UpdateModelPackage with ModelApprovalStatus=Approved, or in SageMaker Studio), or deploy a "
            "version by number with ModelPackage.fromVersion().")}


def test_the_handler_answers_cloudformation_on_its_response_url(tmp_path):
    """The whole handler: a Create gets SUCCESS with the version, a group without one FAILED with the
    message, a Delete SUCCESS without a call; each a PUT to the response URL (a server on 127.0.0.1)."""
    handler = handler_file(tmp_path)
    with response_url() as (url, received):
        with LocalAws() as aws:
            client = aws.client("sagemaker")
            group = client.create_model_package_group(ModelPackageGroupName="fraud-models")["ModelPackageGroupArn"]
            spec = {"Containers": [{"Image": f"{ACCOUNT}.dkr.ecr.{REGION}.amazonaws.com/fraud:1"}],
                    "SupportedContentTypes": ["application/json"], "SupportedResponseMIMETypes": ["application/json"]}
            arn = client.create_model_package(ModelPackageGroupName="fraud-models", InferenceSpecification=spec,
                                              ModelApprovalStatus="Approved")["ModelPackageArn"]
            empty = client.create_model_package_group(ModelPackageGroupName="empty-models")["ModelPackageGroupArn"]
            env = aws.handler_env()
            for request_type, name in [("Create", group), ("Update", empty), ("Delete", empty)]:
                event = {"RequestType": request_type, "ResponseURL": url, "StackId": "stack", "RequestId": request_type,
                         "LogicalResourceId": "Lookup", "ResourceProperties": {"ModelPackageGroupName": name}}
                if request_type != "Create":
                    event["PhysicalResourceId"] = f"latest-approved:{group}"
                subprocess.run(["node", "-e", f"require({json.dumps(handler)}).handler(JSON.parse(process.argv[1]))",
                                json.dumps(event)], env=env, check=True, capture_output=True, timeout=60)
    created, updated, deleted = received
    assert created == {"Status": "SUCCESS", "PhysicalResourceId": f"latest-approved:{group}", "StackId": "stack",
                       "RequestId": "Create", "LogicalResourceId": "Lookup",
                       "Data": {"ModelPackageArn": arn, "ModelPackageVersion": "1"}}
    assert updated["Status"] == "FAILED" and updated["PhysicalResourceId"] == f"latest-approved:{group}"
    assert updated["Reason"].startswith(f"Model package group {empty} has no approved version")
    assert deleted == {"Status": "SUCCESS", "PhysicalResourceId": f"latest-approved:{group}", "StackId": "stack",
                       "RequestId": "Delete", "LogicalResourceId": "Lookup"}
