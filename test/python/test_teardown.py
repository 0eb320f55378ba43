"""A VPC model's stack deletes cleanly: the release of the network interfaces SageMaker leaves in the
security groups (`Custom::SageMakerNetworkInterfaceCleanup`), through the wheel. Its handler, as the
wheel ships it, runs against the EC2 of the local AWS (emulator.py): interfaces left detached,
attached and then released, never released. The VPC example's create and delete there is in
test_deploy_smoke.py. What the emulator cannot prove is in the README ("Deleting a VPC model's stack")."""
import json
import os
import subprocess
import threading
import time

import aws_cdk as cdk
import cdk_nag
import pytest
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_ecr as ecr
from conftest import checked_template, shipped_handler
from emulator import ACCOUNT, LocalAws, response_url

import cdk_sagemaker_hosting as sagemaker

# moto warns of every resource type it does not create
pytestmark = pytest.mark.filterwarnings("ignore:Tried to parse AWS::")

CLEANUP = "Custom::SageMakerNetworkInterfaceCleanup"
ENV = cdk.Environment(account="123456789012", region="us-east-1")


def network(aws) -> dict:
    """A VPC with a subnet, the group to clean up and another group."""
    ec2_client = aws.client("ec2")
    vpc = ec2_client.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    subnet = ec2_client.create_subnet(VpcId=vpc, CidrBlock="10.0.1.0/24")["Subnet"]["SubnetId"]
    group = ec2_client.create_security_group(GroupName="model", Description="model", VpcId=vpc)["GroupId"]
    other = ec2_client.create_security_group(GroupName="other", Description="other", VpcId=vpc)["GroupId"]
    return {"vpc": vpc, "subnet": subnet, "group": group, "other": other}


def interface(aws, net: dict, group: str, description: str = "SageMaker endpoint interface") -> str:
    return aws.client("ec2").create_network_interface(SubnetId=net["subnet"], Groups=[group],
                                                      Description=description)["NetworkInterface"]["NetworkInterfaceId"]


def attached(aws, net: dict) -> tuple:
    """An interface in the group, attached to an instance (whose own interface is in the other group)."""
    ec2_client = aws.client("ec2")
    (instance,) = ec2_client.run_instances(ImageId="ami-12c6146b", MinCount=1, MaxCount=1, SubnetId=net["subnet"],
                                           SecurityGroupIds=[net["other"]])["Instances"]
    eni = interface(aws, net, net["group"])
    attachment = ec2_client.attach_network_interface(NetworkInterfaceId=eni, InstanceId=instance["InstanceId"],
                                                     DeviceIndex=1)["AttachmentId"]
    return eni, instance["InstanceId"], attachment


def interfaces_in(aws, group: str) -> dict:
    found = aws.client("ec2").describe_network_interfaces(Filters=[{"Name": "group-id", "Values": [group]}])
    return {e["NetworkInterfaceId"]: e["Status"] for e in found["NetworkInterfaces"]}


def release(aws, handler: str, groups: list, deadline_ms: int, poll_ms: int = 200) -> dict:
    """The handler's `releaseInterfaces` with the Lambda runtime's SDK (the repository's dev dependency),
    against the emulator: its result, or the error's message."""
    script = ("const sdk = require('@aws-sdk/client-ec2');"
              "const [file, groups, deadline, poll] = process.argv.slice(1);"
              "require(file).releaseInterfaces(new sdk.EC2Client({}), sdk, JSON.parse(groups),"
              " { deadline: Date.now() + Number(deadline), pollMs: Number(poll), log: () => {} })"
              ".then(r => console.log(JSON.stringify(r)), e => console.log(JSON.stringify({ error: e.message })));")
    out = subprocess.run(["node", "-e", script, handler, json.dumps(groups), str(deadline_ms), str(poll_ms)],
                         env=aws.handler_env(), capture_output=True, text=True, check=True, timeout=120)
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_interfaces_left_detached_are_deleted_and_nothing_outside_the_groups(tmp_path):
    handler = shipped_handler(tmp_path, "network-interface-cleanup")
    with LocalAws() as aws:
        net = network(aws)
        left = sorted(interface(aws, net, net["group"]) for _ in range(2))
        elsewhere = interface(aws, net, net["other"])
        result = release(aws, handler, [net["group"]], deadline_ms=10_000)
        assert sorted(result["deleted"]) == left
        assert interfaces_in(aws, net["group"]) == {}
        assert interfaces_in(aws, net["other"]) == {elsewhere: "available"}
        # the group can go now (EC2 refuses while an interface is in it: see the emulator)
        aws.client("ec2").delete_security_group(GroupId=net["group"])
        # nothing left: an immediate answer, nothing deleted
        assert release(aws, handler, [net["other"] + "0"], deadline_ms=1_000)["deleted"] == []


def test_an_attached_interface_is_waited_for_and_deleted_once_released(tmp_path):
    handler = shipped_handler(tmp_path, "network-interface-cleanup")
    with LocalAws() as aws:
        net = network(aws)
        eni, _instance, attachment = attached(aws, net)
        assert interfaces_in(aws, net["group"]) == {eni: "in-use"}
        # the service releases it after a while (SageMaker does, once the endpoint's instances are gone)
        timer = threading.Timer(4, lambda: aws.client("ec2").detach_network_interface(AttachmentId=attachment))
        timer.start()
        started = time.monotonic()
        result = release(aws, handler, [net["group"]], deadline_ms=30_000)
        timer.join()
        assert result["deleted"] == [eni]
        # it saw the interface attached and waited (polls of 200 ms) until the release, 4 s after the start
        assert result["waitedMs"] >= 200 and time.monotonic() - started >= 4
        assert interfaces_in(aws, net["group"]) == {}


def test_an_interface_never_released_ends_the_wait_with_a_report_naming_it(tmp_path):
    handler = shipped_handler(tmp_path, "network-interface-cleanup")
    with LocalAws() as aws:
        net = network(aws)
        eni, instance, _attachment = attached(aws, net)
        detached = interface(aws, net, net["group"])
        result = release(aws, handler, [net["group"]], deadline_ms=1_500, poll_ms=300)
        message = result["error"]
        prefix = f"Security group {net['group']} still holds 1 network interface(s) after "
        assert message.startswith(prefix)
        assert message[len(prefix):].split(" s: ")[1] == (
            f"{eni} (in-use, attached to {instance} of account {ACCOUNT}, \"SageMaker endpoint interface\"). "
            "CloudFormation cannot delete the group (nor its subnets) while they exist. SageMaker releases the interfaces "
            "of a deleted endpoint itself: retry the stack deletion later; an interface attached to anything else must "
            f"leave the group first. Deleted meanwhile: {detached}.")
        # the detached one went, the attached one stays
        assert interfaces_in(aws, net["group"]) == {eni: "in-use"}


def test_the_handler_answers_cloudformation_and_touches_nothing_on_create_or_update(tmp_path):
    """The whole handler, each request's answer a PUT to a response URL on 127.0.0.1: Create and Update
    answer SUCCESS and leave the interfaces alone; Delete releases them; a Delete whose interface stays
    attached answers FAILED with the report once the function's time (less 30 s to answer) is up."""
    handler = shipped_handler(tmp_path, "network-interface-cleanup")
    with response_url() as (url, received):
        with LocalAws() as aws:
            net = network(aws)
            left = interface(aws, net, net["group"])

            def run(request_type: str, remaining_ms: int = 900_000) -> dict:
                event = {"RequestType": request_type, "ResponseURL": url,
                         "StackId": "stack", "RequestId": request_type, "LogicalResourceId": "Cleanup",
                         "ResourceProperties": {"SecurityGroupIds": [net["group"]]}}
                if request_type != "Create":
                    event["PhysicalResourceId"] = f"network-interface-cleanup:{net['group']}"
                script = (f"require({json.dumps(handler)}).handler(JSON.parse(process.argv[1]),"
                          f" {{ getRemainingTimeInMillis: () => {remaining_ms} }})")
                subprocess.run(["node", "-e", script, json.dumps(event)], env=aws.handler_env(), check=True,
                               capture_output=True, timeout=60)
                return received.pop()

            expected = {"Status": "SUCCESS", "PhysicalResourceId": f"network-interface-cleanup:{net['group']}",
                        "StackId": "stack", "LogicalResourceId": "Cleanup"}
            assert run("Create") == dict(expected, RequestId="Create")
            assert run("Update") == dict(expected, RequestId="Update")
            assert interfaces_in(aws, net["group"]) == {left: "available"}  # untouched
            assert run("Delete") == dict(expected, RequestId="Delete")
            assert interfaces_in(aws, net["group"]) == {}

            eni, _instance, _attachment = attached(aws, net)
            failed = run("Delete", remaining_ms=31_000)  # one second to wait
            assert failed["Status"] == "FAILED"
            assert failed["Reason"].startswith(f"Security group {net['group']} still holds 1 network interface(s) after ")
            assert eni in failed["Reason"]


def imported_vpc_stack(app: cdk.App) -> cdk.Stack:
    """A model in an imported VPC with the security group the library creates (so the cleanup)."""
    stack = cdk.Stack(app, "Teardown", env=ENV)
    vpc = ec2.Vpc.from_vpc_attributes(stack, "Vpc", vpc_id="vpc-0123456789abcdef0", availability_zones=["us-east-1a", "us-east-1b"],
                                      private_subnet_ids=["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"])
    repository = ecr.Repository.from_repository_name(stack, "Repo", "inference")
    sagemaker.Model(stack, "Model", vpc=vpc, containers=[
        sagemaker.ContainerDefinition(image=sagemaker.ContainerImage.from_ecr_repository(repository, "1.0.0"))])
    return stack


def test_the_cleanup_from_python_renders_its_policy_and_lints_clean():
    stack = imported_vpc_stack(cdk.App())
    template = checked_template(stack)  # cfn-lint: no error
    (cleanup,) = [r for r in template["Resources"].values() if r["Type"] == CLEANUP]
    assert cleanup["Properties"]["ServiceTimeout"] == "960"
    (policy,) = [r for k, r in template["Resources"].items()
                 if r["Type"] == "AWS::IAM::ManagedPolicy" and k.startswith("SageMakerNetworkInterfaceCleanupPolicy")]
    delete = policy["Properties"]["PolicyDocument"]["Statement"][2]
    assert delete["Action"] == "ec2:DeleteNetworkInterface"
    assert delete["Condition"] == {"ArnEquals": {"ec2:Vpc": [
        {"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, ":ec2:us-east-1:123456789012:vpc/vpc-0123456789abcdef0"]]}]}}
    # turned off from Python
    app = cdk.App()
    off = cdk.Stack(app, "Off", env=ENV)
    vpc = ec2.Vpc.from_vpc_attributes(off, "Vpc", vpc_id="vpc-0123456789abcdef0", availability_zones=["us-east-1a"],
                                      private_subnet_ids=["subnet-0123456789abcdef0"])
    sagemaker.Model(off, "Model", vpc=vpc, network_interface_cleanup=False, containers=[sagemaker.ContainerDefinition(
        image=sagemaker.ContainerImage.from_ecr_repository(ecr.Repository.from_repository_name(off, "Repo", "r"), "1"))])
    assert [r for r in checked_template(off)["Resources"].values() if r["Type"] == CLEANUP] == []


@pytest.mark.parametrize("pack", [cdk_nag.AwsSolutionsChecks, cdk_nag.HIPAASecurityChecks, cdk_nag.NIST80053R5Checks,
                                  cdk_nag.PCIDSS321Checks])
def test_cdk_nag_and_the_packs_are_clean_with_the_cleanups_acknowledgements(pack):
    app = cdk.App()
    cdk.Validations.of(app).add_plugins(pack(app))
    imported_vpc_stack(app)
    app.synth()  # raises on any finding that is not acknowledged
    prefix = {cdk_nag.AwsSolutionsChecks: "AwsSolutions", cdk_nag.HIPAASecurityChecks: "HIPAA.Security",
              cdk_nag.NIST80053R5Checks: "NIST.800.53.R5", cdk_nag.PCIDSS321Checks: "PCI.DSS.321"}[pack]
    acknowledged = {}
    for construct in app.node.find_all():
        if "SageMakerNetworkInterfaceCleanup" not in construct.node.path:
            continue
        for entry in construct.node.metadata:
            if entry.type == cdk.Validations.ACKNOWLEDGED_RULES_METADATA_KEY:
                for rule, reason in entry.data.items():
                    if rule.startswith(f"{prefix}::"):
                        assert reason.strip()
                        acknowledged.setdefault(rule, set()).add(construct.node.path)
    if pack is cdk_nag.AwsSolutionsChecks:
        # exactly the two wildcards: Describe has no resource type; Delete is on the VPC's interfaces
        assert sorted(acknowledged) == [
            "AwsSolutions::AwsSolutions-IAM5[Resource::*]",
            "AwsSolutions::AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ec2:us-east-1:123456789012:network-interface/*]",
        ]
    else:
        assert {rule for rule in acknowledged} == {f"{prefix}::{prefix}-{rule}" for rule in [
            "LambdaConcurrency", "LambdaDLQ", "LambdaInsideVPC", "CloudWatchLogGroupEncrypted"]}
