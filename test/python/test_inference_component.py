"""Inference components from Python, through the wheel: the example, least privilege, the synth-time errors."""
import json
import os

import aws_cdk as cdk
import pytest
from conftest import REPO, checked_template

import cdk_sagemaker_hosting as sagemaker

COMPONENTS_EXAMPLE = os.path.join(REPO, "examples", "components-app")
G5 = sagemaker.InstanceType.G5_12_XLARGE
REQUIREMENTS = sagemaker.ComputeResourceRequirements(min_memory_required_in_mb=8192, number_of_accelerator_devices_required=1)


def of_type(template, type_name):
    return {k: r for k, r in template["Resources"].items() if r["Type"] == type_name}


def test_two_models_and_an_adapter_on_one_gpu_endpoint_scale_to_zero_independently(example_template):
    template = example_template(COMPONENTS_EXAMPLE, "SageMakerSharedGpuExample")
    (config,) = [r["Properties"] for r in of_type(template, "AWS::SageMaker::EndpointConfig").values()]
    (variant,) = config["ProductionVariants"]
    assert "ModelName" not in variant
    assert variant["ManagedInstanceScaling"] == {"Status": "ENABLED", "MinInstanceCount": 0, "MaxInstanceCount": 2}
    assert "Fn::GetAtt" in config["ExecutionRoleArn"]

    components = of_type(template, "AWS::SageMaker::InferenceComponent")
    assert len(components) == 3
    by_id = {k.split("InferenceComponent")[0]: r["Properties"] for k, r in components.items()}
    assert sorted(by_id) == ["Llama", "Mistral", "SqlAdapter"]
    assert by_id["Llama"]["RuntimeConfig"] == {"CopyCount": 1}
    assert by_id["Llama"]["Specification"]["ComputeResourceRequirements"] == {
        "MinMemoryRequiredInMb": 24576, "NumberOfAcceleratorDevicesRequired": 1, "NumberOfCpuCoresRequired": 4}
    assert set(by_id["Mistral"]["Specification"]["Container"]) == {"Image", "ArtifactUrl", "Environment"}
    adapter = by_id["SqlAdapter"]
    assert "RuntimeConfig" not in adapter
    assert set(adapter["Specification"]) == {"BaseInferenceComponentName", "Container"}
    assert adapter["Specification"]["BaseInferenceComponentName"] == by_id["Llama"]["InferenceComponentName"]

    # each model scales on its own, from zero: a target, a tracking policy and a step policy each
    targets = of_type(template, "AWS::ApplicationAutoScaling::ScalableTarget")
    assert sorted(t["Properties"]["ResourceId"] for t in targets.values()) == sorted(
        f"inference-component/{by_id[c]['InferenceComponentName']}" for c in ("Llama", "Mistral"))
    assert {(t["Properties"]["MinCapacity"], t["Properties"]["MaxCapacity"]) for t in targets.values()} == {(0, 4)}
    policies = [p["Properties"] for p in of_type(template, "AWS::ApplicationAutoScaling::ScalingPolicy").values()]
    assert sorted(p["PolicyType"] for p in policies) == ["StepScaling", "StepScaling", "TargetTrackingScaling", "TargetTrackingScaling"]
    alarms = [a["Properties"] for a in of_type(template, "AWS::CloudWatch::Alarm").values()]
    assert sorted(a["Dimensions"][0]["Value"] for a in alarms) == sorted(by_id[c]["InferenceComponentName"] for c in ("Llama", "Mistral"))
    assert {a["MetricName"] for a in alarms} == {"NoCapacityInvocationFailures"}


def test_the_roles_hold_only_what_they_need(example_template):
    template = example_template(COMPONENTS_EXAMPLE, "SageMakerSharedGpuExample")
    policies = {k: r["Properties"]["PolicyDocument"]["Statement"] for k, r in of_type(template, "AWS::IAM::ManagedPolicy").items()}
    assert not [k for k in policies if "RoleGrants" in k]  # one policy per role
    # the configuration's role (its grants follow the account-wide statements, which have a Sid): pull the one
    # repository, read Mistral's archive and the adapter's, nothing else
    (config_policy,) = [[s for s in p if "Sid" not in s] for k, p in policies.items() if k.startswith("SharedGpuConfigRolePolicy")]
    actions = sorted(a for s in config_policy for a in (s["Action"] if isinstance(s["Action"], list) else [s["Action"]]))
    assert actions == ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "s3:GetObject", "s3:GetObject"]
    reads = json.dumps([s["Resource"] for s in config_policy if s["Action"] == "s3:GetObject"])
    assert "mistral-7b/model.tar.gz" in reads and "adapters/sql/adapter.tar.gz" in reads and "llama" not in reads
    (model_policy,) = [s for k, s in policies.items() if k.startswith("LlamaModelRolePolicy")]
    assert "llama-3-8b/model.tar.gz" in json.dumps(model_policy) and "mistral" not in json.dumps(model_policy)
    (client_policy,) = [s for k, s in policies.items() if k.startswith("ClientPolicy")]
    for statement in client_policy:
        assert statement["Action"] == ["sagemaker:InvokeEndpoint", "sagemaker:InvokeEndpointWithResponseStream"]
        assert len(statement["Resource"]) == 2  # the endpoint and the component


def component_stack(name, variant_model=False, managed=None):
    app = cdk.App()
    stack = cdk.Stack(app, name, env=cdk.Environment(account="123456789012", region="us-east-1"))
    model = sagemaker.Model(stack, "Model", containers=[
        sagemaker.ContainerDefinition(image=sagemaker.ContainerImage.from_dlc("pytorch-inference", "2.1"))])
    config = sagemaker.EndpointConfig(stack, "Config", instance_production_variants=[sagemaker.InstanceProductionVariantProps(
        variant_name="gpu", instance_type=G5, model=model if variant_model else None, managed_instance_scaling=managed)])
    endpoint = sagemaker.Endpoint(stack, "Endpoint", endpoint_config=config)
    return stack, endpoint, model


def test_a_component_synthesizes_and_lints():
    stack, endpoint, model = component_stack("Component")
    component = sagemaker.InferenceComponent(stack, "C", endpoint=endpoint, variant_name="gpu", model=model,
                                             compute_resource_requirements=REQUIREMENTS, initial_copy_count=2)
    component.auto_scale_copy_count(max_capacity=3).scale_on_invocations("Invocations", max_requests_per_second=2)
    template = checked_template(stack)
    (props,) = [r["Properties"] for r in of_type(template, "AWS::SageMaker::InferenceComponent").values()]
    assert props["RuntimeConfig"] == {"CopyCount": 2}
    (policy,) = [r["Properties"] for r in of_type(template, "AWS::ApplicationAutoScaling::ScalingPolicy").values()]
    assert policy["TargetTrackingScalingPolicyConfiguration"]["PredefinedMetricSpecification"] == {
        "PredefinedMetricType": "SageMakerInferenceComponentInvocationsPerCopy"}
    assert policy["TargetTrackingScalingPolicyConfiguration"]["TargetValue"] == 60  # 2 rps x 60 x 0.5


def test_a_component_on_a_configuration_whose_variant_names_a_model_is_rejected():
    stack, endpoint, model = component_stack("Mixed", variant_model=True)
    sagemaker.InferenceComponent(stack, "C", endpoint=endpoint, variant_name="gpu", model=model, compute_resource_requirements=REQUIREMENTS)
    with pytest.raises(RuntimeError, match=r"Variant 'gpu' of Mixed/Config names a model, so it cannot host inference components "
                                           r"\(variantName \(variant_name\): got 'gpu'"):
        cdk.assertions.Template.from_stack(stack)


def test_managed_scaling_on_a_variant_that_names_a_model_is_rejected():
    with pytest.raises(RuntimeError, match=r"managedInstanceScaling \(managed_instance_scaling\)"):
        component_stack("Managed", variant_model=True, managed=sagemaker.ManagedInstanceScalingProps(max_instance_count=2))


def test_zero_copies_at_creation_is_rejected():
    stack, endpoint, model = component_stack("Zero")
    with pytest.raises(RuntimeError, match=r"Zero/C: initialCopyCount must be at least 1: SageMaker cannot create a "
                                           r"component with 0 copies \(initialCopyCount \(initial_copy_count\): got 0"):
        sagemaker.InferenceComponent(stack, "C", endpoint=endpoint, variant_name="gpu", model=model,
                                     compute_resource_requirements=REQUIREMENTS, initial_copy_count=0)


def test_too_many_specifications_are_rejected():
    stack, endpoint, model = component_stack("Specs")
    types = [sagemaker.InstanceType.G5_2_XLARGE, sagemaker.InstanceType.G5_4_XLARGE, sagemaker.InstanceType.G5_8_XLARGE,
             sagemaker.InstanceType.G5_12_XLARGE, sagemaker.InstanceType.G5_16_XLARGE, sagemaker.InstanceType.G5_24_XLARGE]
    specs = [sagemaker.InstanceTypeSpecification(instance_type=t, model=model, compute_resource_requirements=REQUIREMENTS) for t in types]
    with pytest.raises(RuntimeError, match=r"specifications must have between 2 and 5 items \(specifications: got 6 items; allowed 2 to 5\)"):
        sagemaker.InferenceComponent(stack, "C", endpoint=endpoint, variant_name="gpu", specifications=specs)
