"""cdk-nag AwsSolutions checks on the example app and on stacks of every library feature.

cdk-nag runs as a CDK validation plugin: synthesis fails on any finding that is not acknowledged.
The library acknowledges only the IAM5 (wildcard) findings whose wildcard is the narrowest resource,
each with its reason; nothing is acknowledged for IAM4 (managed policies), which the library never uses.
"""
import importlib.util
import os

import aws_cdk as cdk
import cdk_nag
import pytest
from aws_cdk import aws_cloudwatch_actions as cloudwatch_actions
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_ecr as ecr
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_sns as sns
from conftest import FIXTURES, REPO

import cdk_sagemaker_hosting as sagemaker

ENV = cdk.Environment(account="123456789012", region="us-east-1")


def nag_app() -> cdk.App:
    app = cdk.App()
    cdk.Validations.of(app).add_plugins(cdk_nag.AwsSolutionsChecks(app))
    return app


def acknowledgements(app: cdk.App, pack: str = "AwsSolutions") -> dict:
    """rule id -> reasons, of every acknowledgement in the app for one cdk-nag pack."""
    found = {}
    for construct in app.node.find_all():
        for entry in construct.node.metadata:
            if entry.type == cdk.Validations.ACKNOWLEDGED_RULES_METADATA_KEY:
                for rule, reason in entry.data.items():
                    if rule.startswith(f"{pack}::"):
                        found.setdefault(rule, []).append(reason)
    return found


def acknowledged_rules(app: cdk.App) -> list:
    return list(acknowledgements(app))


@pytest.mark.parametrize("folder, stack_class", [("python-app", "EndpointStack"), ("components-app", "SharedGpuStack"),
                                                 ("llm-app", "LlmStack"), ("llm-app", "SklearnServerlessStack")])
def test_example_apps_have_no_unacknowledged_finding_and_no_iam4(folder, stack_class):
    """A model's created role and a component-hosting configuration's are acknowledged alike: only the service wildcards."""
    spec = importlib.util.spec_from_file_location(f"example_{folder}", os.path.join(REPO, "examples", folder, "app.py"))
    example = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(example)
    app = nag_app()
    getattr(example, stack_class)(app, "Example", env=ENV)
    app.synth()  # raises ValidationFailed on any unacknowledged AwsSolutions finding
    acks = acknowledged_rules(app)
    assert not [a for a in acks if "IAM4" in a]
    assert sorted(set(acks)) == [
        "AwsSolutions::AwsSolutions-IAM5[Resource::*]",
        "AwsSolutions::AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:logs:us-east-1:123456789012:log-group:/aws/sagemaker/Endpoints/*]",
    ]


def feature_stack(app: cdk.App) -> cdk.Stack:
    stack = cdk.Stack(app, "Features", env=ENV)
    vpc = ec2.Vpc.from_vpc_attributes(stack, "Vpc", vpc_id="vpc-1234", availability_zones=["us-east-1a", "us-east-1b"],
                                      private_subnet_ids=["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"])
    repo = ecr.Repository.from_repository_name(stack, "Repo", "inference")
    bucket = s3.Bucket.from_bucket_name(stack, "Bucket", "model-artifacts")
    creds = lambda_.Function.from_function_name(stack, "Creds", "registry-credentials")
    vpc_model = sagemaker.Model(stack, "VpcModel", vpc=vpc, network_isolation=True,
        inference_execution_mode=sagemaker.InferenceExecutionMode.DIRECT,
        containers=[
            sagemaker.ContainerDefinition(container_hostname="a", image=sagemaker.ContainerImage.from_ecr_repository(repo),
                mode=sagemaker.ContainerMode.MULTI_MODEL,
                model_data=sagemaker.ModelData.from_bucket(bucket, "tenants/", s3_data_type=sagemaker.S3DataType.S3_PREFIX)),
            sagemaker.ContainerDefinition(container_hostname="b",
                image=sagemaker.ContainerImage.from_registry("registry.example.com/m:1", credentials_provider=creds)),
        ])
    llm = sagemaker.Model(stack, "Llm", containers=[sagemaker.ContainerDefinition(
        image=sagemaker.ContainerImage.from_dlc("djl-inference", "0.29.0-lmi11.0.0-cu124"),
        model_data=sagemaker.ModelData.from_bucket(bucket, "llama/", s3_data_type=sagemaker.S3DataType.S3_PREFIX,
                                                   compression_type=sagemaker.CompressionType.NONE, accept_eula=True))])
    assets = sagemaker.Model(stack, "Assets", containers=[sagemaker.ContainerDefinition(
        image=sagemaker.ContainerImage.from_asset(os.path.join(FIXTURES, "image")),
        model_data=sagemaker.ModelData.from_asset(os.path.join(FIXTURES, "model.tar.gz")))])
    config = sagemaker.EndpointConfig(stack, "Config", instance_production_variants=[
        sagemaker.InstanceProductionVariantProps(model=vpc_model, variant_name="mme", instance_type=sagemaker.InstanceType.M5_XLARGE),
        sagemaker.InstanceProductionVariantProps(model=llm, variant_name="llm", instance_type=sagemaker.InstanceType.G5_2_XLARGE),
    ])
    endpoint = sagemaker.Endpoint(stack, "Endpoint", endpoint_config=config)
    endpoint.find_instance_production_variant("llm").auto_scale_instance_count(max_capacity=2).scale_on_invocations(
        "Rps", max_requests_per_second=5)
    # A customer-managed key on every configuration whose instances have no local NVMe storage.
    key = kms.Key(stack, "Key", enable_key_rotation=True)
    sls = sagemaker.EndpointConfig(stack, "Serverless", encryption_key=key,
        serverless_production_variant=sagemaker.ServerlessProductionVariantProps(
            model=assets, variant_name="sls", max_concurrency=5, memory_size_in_mb=2048))
    sagemaker.Endpoint(stack, "ServerlessEndpoint", endpoint_config=sls)

    # Async inference with encrypted notifications and outputs, recommended alarms that notify, a dashboard.
    plain = lambda name: sagemaker.Model(stack, name, network_isolation=True, containers=[sagemaker.ContainerDefinition(  # noqa: E731
        image=sagemaker.ContainerImage.from_ecr_repository(repo, "1.0"),
        model_data=sagemaker.ModelData.from_bucket(bucket, f"{name.lower()}/model.tar.gz"))])
    topic = sns.Topic(stack, "Notifications", master_key=key, enforce_ssl=True)
    key.grant(iam.ServicePrincipal("cloudwatch.amazonaws.com"), "kms:Decrypt", "kms:GenerateDataKey*")
    async_config = sagemaker.EndpointConfig(stack, "AsyncConfig", encryption_key=key,
        instance_production_variants=[sagemaker.InstanceProductionVariantProps(
            model=plain("Summarizer"), variant_name="main", instance_type=sagemaker.InstanceType.M5_LARGE)],
        async_inference=sagemaker.AsyncInferenceProps(output_bucket=bucket, output_prefix="async/out",
            failure_prefix="async/failed", success_topic=topic, error_topic=topic, encryption_key=key))
    async_endpoint = sagemaker.Endpoint(stack, "AsyncEndpoint", endpoint_config=async_config, endpoint_name="summarizer")
    async_endpoint.find_instance_production_variant("main").auto_scale_instance_count(min_capacity=0, max_capacity=2) \
        .scale_on_backlog_size("Backlog", target_backlog_per_instance=5)
    alarms = async_endpoint.add_recommended_alarms("Alarms", alarm_actions=[cloudwatch_actions.SnsAction(topic)])
    sagemaker.EndpointDashboard(stack, "Dashboard", endpoints=[async_endpoint], alarms=alarms)

    # A shadow variant beside production, with data capture, rolled out canary-first with rollback alarms.
    shadowed = sagemaker.EndpointConfig(stack, "ShadowConfig", encryption_key=key,
        instance_production_variants=[sagemaker.InstanceProductionVariantProps(
            model=plain("Current"), variant_name="current", instance_type=sagemaker.InstanceType.M5_LARGE, initial_instance_count=2)],
        shadow_production_variants=[sagemaker.InstanceProductionVariantProps(
            model=plain("Candidate"), variant_name="candidate", instance_type=sagemaker.InstanceType.M5_LARGE)],
        data_capture=sagemaker.DataCaptureProps(destination_bucket=bucket, destination_prefix="capture", encryption_key=key))
    shadow_endpoint = sagemaker.Endpoint(stack, "ShadowEndpoint", endpoint_config=shadowed, endpoint_name="shadowed",
        deployment=sagemaker.DeploymentStrategy.canary(canary_size=sagemaker.CapacitySize.instances(1),
                                                       wait_interval=cdk.Duration.minutes(5)))
    for alarm in shadow_endpoint.find_instance_production_variant("current").add_recommended_alarms(
            "CurrentAlarms", alarm_actions=[cloudwatch_actions.SnsAction(topic)]):
        if alarm.node.id == "Invocation5XXErrorRate":
            shadow_endpoint.add_rollback_alarm(alarm)

    # Inference components on a GPU type with local NVMe storage (no key: its finding is acknowledged).
    components = sagemaker.EndpointConfig(stack, "ComponentConfig", instance_production_variants=[
        sagemaker.InstanceProductionVariantProps(variant_name="gpu", instance_type=sagemaker.InstanceType.G5_12_XLARGE,
            managed_instance_scaling=sagemaker.ManagedInstanceScalingProps(min_instance_count=0, max_instance_count=2))])
    component_endpoint = sagemaker.Endpoint(stack, "ComponentEndpoint", endpoint_config=components)
    component = sagemaker.InferenceComponent(stack, "Component", endpoint=component_endpoint, variant_name="gpu",
        container=sagemaker.InferenceComponentContainer(image=sagemaker.ContainerImage.from_ecr_repository(repo, "1.0"),
                                                        artifact=sagemaker.ModelData.from_bucket(bucket, "component/model.tar.gz")),
        compute_resource_requirements=sagemaker.ComputeResourceRequirements(
            number_of_accelerator_devices_required=1, min_memory_required_in_mb=16384))
    component.auto_scale_copy_count(min_capacity=0, max_capacity=2).scale_on_concurrent_requests(
        "Concurrency", target_concurrent_requests=4)
    return stack


def test_every_feature_passes_aws_solutions_checks():
    app = nag_app()
    feature_stack(app)
    app.synth()
    acks = sorted(set(acknowledged_rules(app)))
    assert not [a for a in acks if "IAM4" in a]
    # one acknowledgement per kind of necessary wildcard, each with a reason in the library
    assert acks == [
        "AwsSolutions::AwsSolutions-IAM5[Resource::*]",
        # the network-interface cleanup of the VPC model's security group (its role's one wildcard resource)
        "AwsSolutions::AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ec2:us-east-1:123456789012:network-interface/*]",
        "AwsSolutions::AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:logs:us-east-1:123456789012:log-group:/aws/sagemaker/Endpoints/*]",
        # the prefixes SageMaker writes async responses and failures and captured data to
        "AwsSolutions::AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::model-artifacts/async/failed/*]",
        "AwsSolutions::AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::model-artifacts/async/out/*]",
        "AwsSolutions::AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::model-artifacts/capture/*]",
        "AwsSolutions::AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::model-artifacts/llama/*]",
        "AwsSolutions::AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::model-artifacts/tenants/*]",
    ]


def test_a_users_own_wildcard_is_still_reported():
    app = nag_app()
    stack = cdk.Stack(app, "UserWildcard", env=ENV)
    repo = ecr.Repository.from_repository_name(stack, "Repo", "inference")
    model = sagemaker.Model(stack, "Model", containers=[sagemaker.ContainerDefinition(image=sagemaker.ContainerImage.from_ecr_repository(repo))])
    from aws_cdk import aws_iam as iam
    model.add_to_role_policy(iam.PolicyStatement(actions=["s3:GetObject"], resources=["arn:aws:s3:::other-bucket/*"]))
    with pytest.raises(RuntimeError, match=r"AwsSolutions-IAM5\[Resource::arn:aws:s3:::other-bucket/\*\]"):
        app.synth()
