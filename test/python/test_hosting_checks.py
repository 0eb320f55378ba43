"""HostingChecks and HostingChecksPlugin from Python, through the wheel: L1 resources, the alpha
module's constructs, and a property override of this library's own construct."""
import os

import aws_cdk as cdk
import pytest
from aws_cdk import aws_applicationautoscaling as appscaling
from aws_cdk import aws_sagemaker as sm
from aws_cdk.assertions import Annotations, Match

import cdk_sagemaker_hosting as sagemaker

ENV = cdk.Environment(account="123456789012", region="us-east-1")
ROLE = "arn:aws:iam::123456789012:role/sagemaker"
IMAGE = "763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-inference:2.1-cpu-py310"


@pytest.fixture(autouse=True)
def no_schema_validation(monkeypatch):
    # these stacks are invalid on purpose; aws-cdk-lib's own schema validation is not what is tested
    monkeypatch.setenv("CDK_VALIDATION", "false")


def checked_stack():
    app = cdk.App()
    stack = cdk.Stack(app, "L1", env=ENV)
    cdk.Aspects.of(app).add(sagemaker.HostingChecks())
    return stack


def model(stack, id="Model", **props):
    props.setdefault("primary_container", sm.CfnModel.ContainerDefinitionProperty(image=IMAGE))
    return sm.CfnModel(stack, id, execution_role_arn=ROLE, **props)


def variant(m, **props):
    values = dict(variant_name="a", model_name=m.attr_model_name, initial_instance_count=1, instance_type="ml.m5.large")
    values.update(props)
    return sm.CfnEndpointConfig.ProductionVariantProperty(**values)


def config(stack, **props):
    return sm.CfnEndpointConfig(stack, "Config", production_variants=[variant(model(stack), **props)])


def serverless(stack, **props):
    values = dict(max_concurrency=10, memory_size_in_mb=2048)
    values.update(props)
    return sm.CfnEndpointConfig(stack, "Config", production_variants=[sm.CfnEndpointConfig.ProductionVariantProperty(
        variant_name="s", model_name=model(stack).attr_model_name,
        serverless_config=sm.CfnEndpointConfig.ServerlessConfigProperty(**values))])


def endpoint(stack, c, **props):
    return sm.CfnEndpoint(stack, "Endpoint", endpoint_config_name=c.attr_endpoint_config_name, **props)


def target(stack, e, min_capacity, max_capacity):
    return appscaling.CfnScalableTarget(stack, "Target", service_namespace="sagemaker",
                                        scalable_dimension="sagemaker:variant:DesiredInstanceCount",
                                        resource_id=f"endpoint/{e.attr_endpoint_name}/variant/a",
                                        min_capacity=min_capacity, max_capacity=max_capacity)


def errors(stack):
    return [str(e.entry.data) for e in Annotations.from_stack(stack).find_error("*", Match.any_value())]


def canary(percent):
    return sm.CfnEndpoint.DeploymentConfigProperty(blue_green_update_policy=sm.CfnEndpoint.BlueGreenUpdatePolicyProperty(
        traffic_routing_configuration=sm.CfnEndpoint.TrafficRoutingConfigProperty(
            type="CANARY", wait_interval_in_seconds=600,
            canary_size=sm.CfnEndpoint.CapacitySizeProperty(type="CAPACITY_PERCENT", value=percent))))


def data_capture_on_serverless(stack):
    serverless(stack).add_property_override("DataCaptureConfig", {
        "InitialSamplingPercentage": 50, "DestinationS3Uri": "s3://artifacts/capture", "CaptureOptions": [{"CaptureMode": "Input"}]})


def duplicate_names(stack):
    m = model(stack)
    sm.CfnEndpointConfig(stack, "Config", production_variants=[variant(m), variant(m)])


INVALID = [
    ("serverless memory 5000", "serverlessVariant.memorySizeInMB", "ProductionVariants[0].ServerlessConfig.MemorySizeInMB: got 5000;",
     lambda s: serverless(s, memory_size_in_mb=5000)),
    ("an invalid variant name", "instanceVariant.variantName", "ProductionVariants[0].VariantName: got 'a_b'",
     lambda s: config(s, variant_name="a_b")),
    ("managed instance scaling on a model-based variant", "instanceVariant.managedInstanceScaling.model",
     "(ProductionVariants[0].ManagedInstanceScaling: got a variant hosting model",
     lambda s: config(s, managed_instance_scaling=sm.CfnEndpointConfig.ManagedInstanceScalingProperty(
         status="ENABLED", min_instance_count=1, max_instance_count=2))),
    ("data capture on serverless", "dataCapture.serverless", "(DataCaptureConfig: got serverless variant 's'", data_capture_on_serverless),
    ("duplicate variant names", "instanceVariant.variantName.unique", "ProductionVariants[1].VariantName: got 'a'", duplicate_names),
    ("an instance count of 0", "instanceVariant.initialInstanceCount", "ProductionVariants[0].InitialInstanceCount: got 0;",
     lambda s: config(s, initial_instance_count=0)),
    ("a canary share of 150 %", "endpoint.deployment.capacitySize",
     "DeploymentConfig.BlueGreenUpdatePolicy.TrafficRoutingConfiguration.CanarySize.Value: got 150;",
     lambda s: endpoint(s, config(s), deployment_config=canary(150))),
    ("autoscaling a burstable type", "instanceScaling.instanceType.burstable", "Config.ProductionVariants[0].InstanceType: got 'ml.t2.medium'",
     lambda s: target(s, endpoint(s, config(s, instance_type="ml.t2.medium")), 1, 2)),
    ("a real-time min capacity of 0", "instanceScaling.minCapacity", "(MinCapacity: got 0;",
     lambda s: target(s, endpoint(s, config(s)), 0, 2)),
]


@pytest.mark.parametrize("name,rule,property,build", INVALID, ids=[c[0] for c in INVALID])
def test_invalid_l1_configurations_are_errors_naming_the_property_and_value(name, rule, property, build):
    stack = checked_stack()
    build(stack)
    found = [e for e in errors(stack) if e.endswith(f"[rule: {rule}]")]
    assert found, errors(stack)
    assert any(property in e for e in found), found


def test_valid_l1_configurations_weight_zero_drains_and_tokens_give_no_error():
    stack = checked_stack()
    m = model(stack)
    sm.CfnEndpointConfig(stack, "Drain", production_variants=[
        variant(m, variant_name="old", initial_variant_weight=0), variant(m, variant_name="new", initial_variant_weight=1)])
    count = cdk.CfnParameter(stack, "Count", type="Number")
    memory = cdk.CfnParameter(stack, "Memory", type="Number")
    sm.CfnEndpointConfig(stack, "Tokens", production_variants=[sm.CfnEndpointConfig.ProductionVariantProperty(
        variant_name="s", model_name=m.attr_model_name, serverless_config=sm.CfnEndpointConfig.ServerlessConfigProperty(
            max_concurrency=count.value_as_number, memory_size_in_mb=memory.value_as_number))])
    e = endpoint(stack, sm.CfnEndpointConfig(stack, "Config", production_variants=[variant(m)]), deployment_config=canary(10))
    target(stack, e, 1, 4)
    assert errors(stack) == []


def synth_report(app):
    """The validation report of an app whose synth fails it (the error carries the report)."""
    with pytest.raises(RuntimeError) as failed:
        app.synth()
    return str(failed.value)


def our_endpoint(stack):
    m = sagemaker.Model(stack, "Model", containers=[sagemaker.ContainerDefinition(
        image=sagemaker.ContainerImage.from_dlc("pytorch-inference", "2.1-cpu"))])
    c = sagemaker.EndpointConfig(stack, "Config", instance_production_variants=[sagemaker.InstanceProductionVariantProps(
        variant_name="a", model=m, instance_type=sagemaker.InstanceType.M5_LARGE)])
    return c, sagemaker.Endpoint(stack, "Endpoint", endpoint_config=c)


def test_plugin_fails_synth_on_an_invalid_template():
    app = cdk.App(policy_validation_beta1=[sagemaker.HostingChecksPlugin()])
    serverless(cdk.Stack(app, "L1", env=ENV), memory_size_in_mb=5000)
    report = synth_report(app)
    assert "serverlessVariant.memorySizeInMB" in report
    assert "ProductionVariants[0].ServerlessConfig.MemorySizeInMB: got 5000" in report
    assert "L1/Config" in report


def test_plugin_fails_synth_on_an_invalid_override_of_our_construct():
    app = cdk.App(policy_validation_beta1=[sagemaker.HostingChecksPlugin()])
    stack = cdk.Stack(app, "Ours", env=ENV)
    c, _ = our_endpoint(stack)
    c.node.default_child.add_property_override("ProductionVariants.0.InitialInstanceCount", 0)
    report = synth_report(app)
    assert "instanceVariant.initialInstanceCount" in report
    assert "ProductionVariants[0].InitialInstanceCount" in report
    assert stack.get_logical_id(c.node.default_child) in report


def test_plugin_passes_a_valid_app(tmp_path):
    app = cdk.App(policy_validation_beta1=[sagemaker.HostingChecksPlugin()], outdir=str(tmp_path))
    our_endpoint(cdk.Stack(app, "Ours", env=ENV))
    stack = cdk.Stack(app, "L1", env=ENV)
    endpoint(stack, config(stack))
    assembly = app.synth()
    assert {s.stack_name for s in assembly.stacks} == {"Ours", "L1"}


def test_our_constructs_show_the_same_annotations_with_the_aspect():
    def annotations(with_aspect):
        app = cdk.App()
        stack = cdk.Stack(app, "Ours", env=ENV)
        our_endpoint(stack)
        if with_aspect:
            cdk.Aspects.of(app).add(sagemaker.HostingChecks())
        a = Annotations.from_stack(stack)
        return ([str(x.entry.data) for x in a.find_warning("*", Match.any_value())],
                [str(x.entry.data) for x in a.find_error("*", Match.any_value())])
    assert annotations(True) == annotations(False)


def test_alpha_stacks_get_no_false_error_and_an_invalid_override_is_caught():
    import aws_cdk.aws_sagemaker_alpha as alpha_sm  # in requirements-dev.txt

    stack = checked_stack()
    image = alpha_sm.ContainerImage.from_dlc("pytorch-inference", "2.1-cpu")
    data = alpha_sm.ModelData.from_bucket(cdk.aws_s3.Bucket.from_bucket_name(stack, "Bucket", "artifacts"), "model.tar.gz")
    m = alpha_sm.Model(stack, "Model", containers=[alpha_sm.ContainerDefinition(image=image, model_data=data)])
    # two images from_dlc() in one alpha model crash it (a fixed construct id): the second is from ECR
    repository = cdk.aws_ecr.Repository.from_repository_name(stack, "Repository", "postprocess")
    pipeline = alpha_sm.Model(stack, "Pipeline", containers=[
        alpha_sm.ContainerDefinition(image=image, container_hostname="first"),
        alpha_sm.ContainerDefinition(image=alpha_sm.ContainerImage.from_ecr_repository(repository, "1"), container_hostname="second")])
    config = alpha_sm.EndpointConfig(stack, "Config", instance_production_variants=[
        alpha_sm.InstanceProductionVariantProps(model=m, variant_name="first", instance_type=alpha_sm.InstanceType.M5_LARGE,
                                                initial_instance_count=2, initial_variant_weight=0.5),
        alpha_sm.InstanceProductionVariantProps(model=pipeline, variant_name="second", instance_type=alpha_sm.InstanceType.C5_XLARGE,
                                                initial_variant_weight=0.5)])
    e = alpha_sm.Endpoint(stack, "Endpoint", endpoint_config=config)
    scaling = e.find_instance_production_variant("first").auto_scale_instance_count(max_capacity=4, min_capacity=1)
    scaling.scale_on_invocations("Invocations", max_requests_per_second=30)
    serverless_model = alpha_sm.Model(stack, "ServerlessModel", containers=[alpha_sm.ContainerDefinition(image=image)])
    alpha_sm.Endpoint(stack, "Serverless", endpoint_config=alpha_sm.EndpointConfig(stack, "ServerlessConfig",
        serverless_production_variant=alpha_sm.ServerlessProductionVariantProps(
            model=serverless_model, variant_name="s", max_concurrency=10, memory_size_in_mb=2048, provisioned_concurrency=5)))
    assert errors(stack) == []

    stack = checked_stack()
    m = alpha_sm.Model(stack, "Model", containers=[alpha_sm.ContainerDefinition(image=image)])
    config = alpha_sm.EndpointConfig(stack, "Config", instance_production_variants=[
        alpha_sm.InstanceProductionVariantProps(model=m, variant_name="first")])
    resource = next(c for c in config.node.children if isinstance(c, sm.CfnEndpointConfig))
    resource.add_property_override("ProductionVariants.0.ServerlessConfig", {"MaxConcurrency": 5, "MemorySizeInMB": 5000})
    found = errors(stack)
    assert any(e.endswith("[rule: serverlessVariant.memorySizeInMB]") and "ServerlessConfig.MemorySizeInMB: got 5000" in e for e in found), found


def test_check_template_on_a_hand_written_template():
    """`HostingChecks.check_template()`: CloudFormation written by hand (here an inference component
    that asks for more GPUs than its instance type has, with 0 copies), no CDK app needed."""
    template = {"Resources": {
        "Config": {"Type": "AWS::SageMaker::EndpointConfig", "Properties": {
            "ExecutionRoleArn": ROLE,
            "ProductionVariants": [{"VariantName": "gpu", "InstanceType": "ml.g5.xlarge", "InitialInstanceCount": 1}]}},
        "Endpoint": {"Type": "AWS::SageMaker::Endpoint", "Properties": {"EndpointConfigName": {"Fn::GetAtt": ["Config", "EndpointConfigName"]}}},
        "Component": {"Type": "AWS::SageMaker::InferenceComponent", "Properties": {
            "EndpointName": {"Fn::GetAtt": ["Endpoint", "EndpointName"]}, "VariantName": "gpu",
            "Specification": {"Container": {"Image": IMAGE},
                              "ComputeResourceRequirements": {"MinMemoryRequiredInMb": 1024, "NumberOfAcceleratorDevicesRequired": 4}},
            "RuntimeConfig": {"CopyCount": 0}}},
    }}
    findings = sagemaker.HostingChecks.check_template(template, region="us-east-1")
    errors = {(f.logical_id, f.rule_id) for f in findings if f.severity == "error"}
    assert errors == {("Component", "inferenceComponent.initialCopyCount"),
                      ("Component", "inferenceComponent.computeResourceRequirements.exceedsInstance")}
    message = next(f.message for f in findings if f.rule_id == "inferenceComponent.computeResourceRequirements.exceedsInstance")
    assert "(Specification.ComputeResourceRequirements: got NumberOfAcceleratorDevicesRequired 4, but ml.g5.xlarge has 1 GPU" in message
    assert "1 GPU, 4 vCPUs, 16384 MiB of memory" in message
    # a valid one: one GPU per copy, one copy
    template["Resources"]["Component"]["Properties"]["Specification"]["ComputeResourceRequirements"]["NumberOfAcceleratorDevicesRequired"] = 1
    template["Resources"]["Component"]["Properties"]["RuntimeConfig"]["CopyCount"] = 1
    assert [f.message for f in sagemaker.HostingChecks.check_template(template) if f.severity == "error"] == []


def test_validation_plugin_added_with_validations_of_app():
    """`cdk.Validations.of(app).add_plugins(HostingChecksValidationPlugin())`, the API aws-cdk-lib keeps."""
    app = cdk.App()
    cdk.Validations.of(app).add_plugins(sagemaker.HostingChecksValidationPlugin())
    serverless(cdk.Stack(app, "L1", env=ENV), memory_size_in_mb=5000)
    report = synth_report(app)
    assert "serverlessVariant.memorySizeInMB" in report and "MemorySizeInMB: got 5000" in report
    good = cdk.App()
    cdk.Validations.of(good).add_plugins(sagemaker.HostingChecksValidationPlugin(report_warnings=True))
    serverless(cdk.Stack(good, "L1", env=ENV), memory_size_in_mb=5120)
    assert [s.stack_name for s in good.synth().stacks] == ["L1"]


def test_the_alpha_integ_configurations_get_no_false_error():
    """What the alpha module's own integration apps build (integ.model, integ.endpoint-config,
    integ.endpoint, integ.pipeline-import), written here with the alpha's constructs: asset images and
    model data, a model in a new VPC, a three-container pipeline without hostnames, three variants (one on
    the default ml.t2.medium, weights 1, 1 and 2), a serverless variant with provisioned concurrency,
    autoscaling on invocations, an invoker grant. No error from the checks (warnings may be)."""
    import aws_cdk.aws_sagemaker_alpha as alpha_sm  # in requirements-dev.txt
    from conftest import FIXTURES

    app = cdk.App()
    stack = cdk.Stack(app, "AlphaInteg")
    cdk.Aspects.of(app).add(sagemaker.HostingChecks())
    image = alpha_sm.ContainerImage.from_asset(os.path.join(FIXTURES, "image"))
    data = alpha_sm.ModelData.from_asset(os.path.join(FIXTURES, "model.tar.gz"))
    asset_image = cdk.aws_ecr_assets.DockerImageAsset(stack, "EcrImage", directory=os.path.join(FIXTURES, "image"))
    artifact = cdk.aws_s3_assets.Asset(stack, "Artifact", path=os.path.join(FIXTURES, "model.tar.gz"))
    in_vpc = alpha_sm.Model(stack, "InVpc", vpc=cdk.aws_ec2.Vpc(stack, "Vpc"), containers=[alpha_sm.ContainerDefinition(
        image=alpha_sm.ContainerImage.from_ecr_repository(asset_image.repository, asset_image.image_tag),
        model_data=alpha_sm.ModelData.from_bucket(artifact.bucket, artifact.s3_object_key))])
    alpha_sm.Model(stack, "Pipeline", containers=[
        alpha_sm.ContainerDefinition(image=image),
        alpha_sm.ContainerDefinition(image=image, model_data=data),
        alpha_sm.ContainerDefinition(image=image, model_data=data)])
    plain = alpha_sm.Model(stack, "Plain", containers=[alpha_sm.ContainerDefinition(image=image)])
    config = alpha_sm.EndpointConfig(stack, "Config", instance_production_variants=[
        alpha_sm.InstanceProductionVariantProps(model=in_vpc, variant_name="firstVariant", instance_type=alpha_sm.InstanceType.M5_LARGE),
        alpha_sm.InstanceProductionVariantProps(model=in_vpc, variant_name="secondVariant")])
    config.add_instance_production_variant(model=plain, variant_name="thirdVariant", initial_variant_weight=2.0)
    alpha_sm.EndpointConfig(stack, "ServerlessConfig", serverless_production_variant=alpha_sm.ServerlessProductionVariantProps(
        model=plain, variant_name="serverlessVariant", max_concurrency=10, memory_size_in_mb=2048, provisioned_concurrency=5))
    endpoint = alpha_sm.Endpoint(stack, "Endpoint", endpoint_config=config)
    endpoint.grant_invoke(cdk.aws_iam.Role(stack, "Invoker", assumed_by=cdk.aws_iam.AccountRootPrincipal()))
    endpoint.find_instance_production_variant("firstVariant").auto_scale_instance_count(max_capacity=3) \
        .scale_on_invocations("LimitRPS", max_requests_per_second=30)
    alpha_sm.Pipeline.from_pipeline_name(stack, "Imported", "my-pipeline")
    assert errors(stack) == []
    # the configuration and the autoscaling were checked: the aspect read them (a warning on the autoscaled variant)
    warnings = [str(w.entry.data) for w in Annotations.from_stack(stack).find_warning("*", Match.any_value())]
    assert any("[rule: endpoint.retainAllVariantProperties.autoscaledCountReset]" in w for w in warnings), warnings
