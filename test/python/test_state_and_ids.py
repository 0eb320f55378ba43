"""What issue 27 fixed, from Python through the wheel: facts read when they are used (a variant or a
component added late), construct IDs that do not depend on call order, policy documents that fit IAM,
and components that depend on resources, not on the endpoint's subtree."""
import json

import aws_cdk as cdk
from aws_cdk import aws_s3 as s3
from conftest import MANAGED_POLICY_SIZE, checked_template, worst_case_size

import cdk_sagemaker_hosting as sagemaker

IMAGE = sagemaker.ContainerImage.from_dlc("pytorch-inference", "2.1")
GPU = sagemaker.ComputeResourceRequirements(min_memory_required_in_mb=8192, number_of_accelerator_devices_required=1)
ENV = cdk.Environment(account="123456789012", region="us-east-1")


def resources(template, type_):
    return {k: r for k, r in template["Resources"].items() if r["Type"] == type_}


def test_a_variant_added_after_the_component_is_seen(stack):
    config = sagemaker.EndpointConfig(stack, "Config")
    endpoint = sagemaker.Endpoint(stack, "Endpoint", endpoint_config=config)
    model = sagemaker.Model(stack, "Model", containers=[sagemaker.ContainerDefinition(image=IMAGE)])
    sagemaker.InferenceComponent(stack, "Llama", endpoint=endpoint, variant_name="gpu", model=model,
                                 compute_resource_requirements=GPU)
    # the variant comes later (EndpointConfig renders variants added after it was built)
    config.add_instance_production_variant(variant_name="gpu", instance_type=sagemaker.InstanceType.G5_12_XLARGE)
    template = checked_template(stack)
    (component,) = resources(template, "AWS::SageMaker::InferenceComponent").values()
    assert component["Properties"]["VariantName"] == "gpu"
    (cfg,) = resources(template, "AWS::SageMaker::EndpointConfig").values()
    assert [v["VariantName"] for v in cfg["Properties"]["ProductionVariants"]] == ["gpu"]


def test_a_late_variant_is_still_checked_against_the_component(stack):
    config = sagemaker.EndpointConfig(stack, "Config")
    endpoint = sagemaker.Endpoint(stack, "Endpoint", endpoint_config=config)
    model = sagemaker.Model(stack, "Model", containers=[sagemaker.ContainerDefinition(image=IMAGE)])
    sagemaker.InferenceComponent(stack, "Llama", endpoint=endpoint, variant_name="gpu", model=model,
                                 compute_resource_requirements=sagemaker.ComputeResourceRequirements(
                                     min_memory_required_in_mb=8192, number_of_accelerator_devices_required=8))
    config.add_instance_production_variant(variant_name="gpu", instance_type=sagemaker.InstanceType.G5_12_XLARGE)
    try:
        cdk.assertions.Template.from_stack(stack)
        raise AssertionError("synth passed")
    except RuntimeError as error:
        message = str(error)
    assert "[TestStack/Llama]" in message
    assert "numberOfAcceleratorDevicesRequired" in message and "ml.g5.12xlarge" in message


def test_a_component_created_after_the_dashboard_is_on_it(stack):
    config = sagemaker.EndpointConfig(stack, "Config", instance_production_variants=[
        sagemaker.InstanceProductionVariantProps(variant_name="gpu", instance_type=sagemaker.InstanceType.G5_12_XLARGE)])
    endpoint = sagemaker.Endpoint(stack, "Endpoint", endpoint_config=config, endpoint_name="llm")
    sagemaker.EndpointDashboard(stack, "Dashboard", endpoints=[endpoint])
    model = sagemaker.Model(stack, "Model", containers=[sagemaker.ContainerDefinition(image=IMAGE)])
    sagemaker.InferenceComponent(stack, "Late", endpoint=endpoint, variant_name="gpu", model=model,
                                 inference_component_name="late", compute_resource_requirements=GPU)
    template = checked_template(stack)
    (dashboard,) = resources(template, "AWS::CloudWatch::Dashboard").values()
    body = dashboard["Properties"]["DashboardBody"]
    text = body if isinstance(body, str) else "".join(p if isinstance(p, str) else "TOKEN" for p in body["Fn::Join"][1])
    titles = [w["properties"].get("title", w["properties"].get("markdown")) for w in json.loads(text)["widgets"]]
    assert "### Inference component late" in titles


def scaling_targets(order, variants=("a", "b", "c")):
    stack = cdk.Stack(cdk.App(), "TestStack", env=ENV)
    model = sagemaker.Model.from_model_name(stack, "Model", "churn")
    config = sagemaker.EndpointConfig(stack, "Config", instance_production_variants=[
        sagemaker.InstanceProductionVariantProps(variant_name=v, model=model, instance_type=sagemaker.InstanceType.M5_LARGE)
        for v in variants])
    endpoint = sagemaker.Endpoint(stack, "Endpoint", endpoint_config=config)
    for name in order:
        endpoint.find_instance_production_variant(name).auto_scale_instance_count(max_capacity=3) \
            .scale_on_invocations("Rps", max_requests_per_second=10)
    template = checked_template(stack)
    targets = resources(template, "AWS::ApplicationAutoScaling::ScalableTarget")
    return {t["Properties"]["ResourceId"]["Fn::Join"][1][-1]: k for k, t in targets.items()}


def test_scaling_ids_follow_the_variant_not_the_call_order():
    in_order = scaling_targets(["a", "b", "c"])
    assert sorted(in_order) == ["/variant/a", "/variant/b", "/variant/c"]
    assert scaling_targets(["c", "a", "b"]) == in_order
    # without a's scaling, b and c keep their logical IDs (a replaced ScalableTarget would drop its policies)
    assert scaling_targets(["c", "b"]) == {k: v for k, v in in_order.items() if k != "/variant/a"}
    # one instance variant: the alpha's id, so a stack switching from the alpha keeps its scalable target
    (single,) = scaling_targets(["a"], variants=("a",)).values()
    assert single.startswith("EndpointInstanceCountTarget")


def test_every_policy_document_fits_iam_with_60_capturing_configurations(stack):
    model = sagemaker.Model(stack, "Model", containers=[sagemaker.ContainerDefinition(image=IMAGE)])
    bucket = s3.Bucket(stack, "Capture")
    for i in range(60):
        sagemaker.EndpointConfig(stack, f"Config{i}", instance_production_variants=[
            sagemaker.InstanceProductionVariantProps(variant_name="main", model=model)],
            data_capture=sagemaker.DataCaptureProps(destination_bucket=bucket, destination_prefix=f"capture/config-{i}"))
    template = checked_template(stack)  # also fails on any document over IAM's size
    policies = resources(template, "AWS::IAM::ManagedPolicy")
    sizes = {k: worst_case_size(p["Properties"]["PolicyDocument"]) for k, p in policies.items()}
    assert len([k for k in sizes if k.startswith("ModelRolePolicy")]) > 1
    assert max(sizes.values()) <= MANAGED_POLICY_SIZE
    puts = [s for p in policies.values() for s in p["Properties"]["PolicyDocument"]["Statement"] if s["Action"] == "s3:PutObject"]
    assert len(puts) == 60


def test_a_component_depends_on_resources_not_on_the_alarms_or_scaling_of_its_endpoint(stack):
    config = sagemaker.EndpointConfig(stack, "Config", instance_production_variants=[
        sagemaker.InstanceProductionVariantProps(variant_name="gpu", instance_type=sagemaker.InstanceType.G5_12_XLARGE,
                                                 managed_instance_scaling=sagemaker.ManagedInstanceScalingProps(max_instance_count=2))])
    endpoint = sagemaker.Endpoint(stack, "Endpoint", endpoint_config=config, endpoint_name="llm")
    endpoint.add_recommended_alarms("Alarms")
    model = sagemaker.Model(stack, "Model", containers=[sagemaker.ContainerDefinition(image=IMAGE)])
    component = sagemaker.InferenceComponent(stack, "Llama", endpoint=endpoint, variant_name="gpu", model=model,
                                             compute_resource_requirements=GPU)
    component.auto_scale_copy_count(max_capacity=4).scale_on_invocations("Rps", max_requests_per_second=5)
    template = checked_template(stack)
    (logical_id,) = resources(template, "AWS::SageMaker::InferenceComponent")
    waits_for = template["Resources"][logical_id].get("DependsOn", [])
    kinds = {template["Resources"][d]["Type"] for d in waits_for}
    assert kinds <= {"AWS::IAM::Role", "AWS::IAM::ManagedPolicy"}, kinds
    assert all(d.startswith("ConfigRole") for d in waits_for)


class MirrorImage(sagemaker.ContainerImage):
    """An image class of a user that implements only the alpha's bind(), which takes a Model."""

    def bind(self, scope, model):
        return sagemaker.ContainerImageConfig(image_name="123456789012.dkr.ecr.us-east-1.amazonaws.com/mirror:1")


def test_an_image_class_with_only_bind_serves_a_model_and_is_an_error_as_a_component_container(stack):
    sagemaker.Model(stack, "Model", containers=[sagemaker.ContainerDefinition(image=MirrorImage())])
    config = sagemaker.EndpointConfig(stack, "Config", instance_production_variants=[
        sagemaker.InstanceProductionVariantProps(variant_name="gpu", instance_type=sagemaker.InstanceType.G5_12_XLARGE)])
    endpoint = sagemaker.Endpoint(stack, "Endpoint", endpoint_config=config)
    try:
        sagemaker.InferenceComponent(stack, "Mirror", endpoint=endpoint, variant_name="gpu",
                                     container=sagemaker.InferenceComponentContainer(image=MirrorImage()),
                                     compute_resource_requirements=GPU)
        raise AssertionError("no error")
    except RuntimeError as error:
        message = str(error)
    # (the JavaScript side sees the base class, so the message names ContainerImage, not MirrorImage)
    assert "TestStack/Mirror: ContainerImage implements only bind(), which takes a Model, so it cannot be bound for " \
           "'TestStack/Config/Role' (the role of an inference component's container)" in message
    assert message.endswith("or a class that also implements bindForGrantee() (bind_for_grantee())) [rule: image.bindForGrantee]")
    (model,) = resources(cdk.assertions.Template.from_stack(stack).to_json(), "AWS::SageMaker::Model").values()
    assert model["Properties"]["PrimaryContainer"]["Image"] == "123456789012.dkr.ecr.us-east-1.amazonaws.com/mirror:1"
