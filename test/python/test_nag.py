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
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_ecr as ecr
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_s3 as s3
from conftest import FIXTURES, REPO

import cdk_sagemaker_hosting as sagemaker

ENV = cdk.Environment(account="123456789012", region="us-east-1")


def nag_app() -> cdk.App:
    app = cdk.App()
    cdk.Validations.of(app).add_plugins(cdk_nag.AwsSolutionsChecks(app))
    return app


def acknowledged_rules(app: cdk.App) -> list:
    ids = []
    for construct in app.node.find_all():
        for entry in construct.node.metadata:
            if entry.type == cdk.Validations.ACKNOWLEDGED_RULES_METADATA_KEY:
                ids.extend(entry.data.keys())
    return ids


@pytest.mark.parametrize("folder, stack_class", [("python-app", "EndpointStack"), ("components-app", "SharedGpuStack")])
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
    sls = sagemaker.EndpointConfig(stack, "Serverless", serverless_production_variant=sagemaker.ServerlessProductionVariantProps(
        model=assets, variant_name="sls", max_concurrency=5, memory_size_in_mb=2048))
    sagemaker.Endpoint(stack, "ServerlessEndpoint", endpoint_config=sls)
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
        "AwsSolutions::AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:logs:us-east-1:123456789012:log-group:/aws/sagemaker/Endpoints/*]",
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
