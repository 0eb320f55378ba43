"""From Python through the wheel, as a user would: an app written for the alpha switched by its
import, the mistakes newcomers make (each fails or warns at synth naming the value), the rule id of
every message, and messages that leave construct paths as they are."""
import json
import os
import re

import aws_cdk as cdk
import aws_cdk.aws_ecr as ecr
import aws_cdk.aws_s3 as s3
import aws_cdk.aws_s3_deployment as s3deploy
import constructs
import pytest
from aws_cdk import assertions
from conftest import FIXTURES, checked_template, models_of, policy_statements

import cdk_sagemaker_hosting as sagemaker

ENV = cdk.Environment(account="123456789012", region="us-east-1")
RULE = re.compile(r"\[rule: [\w.:-]+\]")
URL_SUFFIX = {"Ref": "AWS::URLSuffix"}


def error_of(build) -> str:
    with pytest.raises(RuntimeError) as raised:
        build()
    return str(raised.value)


def warnings_of(stack, pattern=".*"):
    return [w.entry.data for w in assertions.Annotations.from_stack(stack).find_warning(
        "*", assertions.Match.string_like_regexp(pattern))]


# --- The app moved from the alpha -------------------------------------------------------------

def test_alpha_multi_model_app_with_a_folder_key_reads_the_folder(stack):
    """`ModelData.fromBucket(bucket, 'models/')` with the default S3_OBJECT and `Mode: MultiModel` set
    through an escape hatch: the role reads every archive under `models/`, and lists only there."""
    bucket = s3.Bucket(stack, "Models")
    repository = ecr.Repository.from_repository_name(stack, "Repo", "mme-server")
    model = sagemaker.Model(stack, "MultiModel", containers=[sagemaker.ContainerDefinition(
        image=sagemaker.ContainerImage.from_ecr_repository(repository),
        model_data=sagemaker.ModelData.from_bucket(bucket, "models/"),
    )])
    model.node.default_child.add_property_override("PrimaryContainer.Mode", "MultiModel")
    template = checked_template(stack)
    (rendered,) = models_of(template)
    bucket_id = next(k for k, r in template["Resources"].items() if r["Type"] == "AWS::S3::Bucket")
    assert rendered["PrimaryContainer"]["Mode"] == "MultiModel"
    assert rendered["PrimaryContainer"]["ModelDataUrl"] == {
        "Fn::Join": ["", ["https://s3.us-east-1.", URL_SUFFIX, "/", {"Ref": bucket_id}, "/models/"]]}
    s3_statements = [s for s in policy_statements(template) if str(s["Action"]).startswith("s3:")]
    assert s3_statements == [
        {"Action": "s3:GetObject", "Effect": "Allow",
         "Resource": {"Fn::Join": ["", [{"Fn::GetAtt": [bucket_id, "Arn"]}, "/models/*"]]}},
        {"Action": "s3:ListBucket", "Effect": "Allow", "Resource": {"Fn::GetAtt": [bucket_id, "Arn"]},
         "Condition": {"StringLike": {"s3:prefix": ["models/*"]}}},
    ]
    (warning,) = warnings_of(stack, "objectKeyIsPrefix")
    assert "set s3DataType to S3DataType.S3_PREFIX to say so. [rule: modelData.objectKey.prefixAsObject]" in warning


def test_prefix_model_data_renders_byte_for_byte_as_the_alpha_snapshot():
    """The upstream alpha's integ.model-data: a prefix of a bucket deployment's destination bucket. Its
    committed snapshot renders S3Uri as below; so does this library, with the same construct IDs."""
    app = cdk.App()
    stack = cdk.Stack(app, "aws-cdk-sagemaker-model-data")
    bucket = s3.Bucket(stack, "Bucket", removal_policy=cdk.RemovalPolicy.DESTROY, auto_delete_objects=True)
    deployment = s3deploy.BucketDeployment(stack, "BucketDeployment", destination_bucket=bucket,
                                           destination_key_prefix="uncompressed/",
                                           sources=[s3deploy.Source.asset(os.path.join(FIXTURES, "model-dir"))])
    sagemaker.Model(stack, "UncompressedDirectoryArtifactModel", containers=[sagemaker.ContainerDefinition(
        image=sagemaker.ContainerImage.from_dlc("pytorch-inference", "2.1.0-cpu-py310"),
        model_data=sagemaker.ModelData.from_bucket(deployment.deployed_bucket, "uncompressed/",
                                                   s3_data_type=sagemaker.S3DataType.S3_PREFIX,
                                                   compression_type=sagemaker.CompressionType.NONE),
    )])
    (model,) = models_of(checked_template(stack))
    alpha_snapshot = {"Fn::Join": ["", [
        "https://s3.", {"Ref": "AWS::Region"}, ".", URL_SUFFIX, "/",
        {"Fn::Select": [0, {"Fn::Split": ["/", {"Fn::Select": [5, {"Fn::Split": [":", {
            "Fn::GetAtt": ["BucketDeploymentCustomResourceCB7E2133", "DestinationBucketArn"]}]}]}]}]},
        "/uncompressed/"]]}
    assert json.dumps(model["PrimaryContainer"]["ModelDataSource"]["S3DataSource"]["S3Uri"], sort_keys=True) \
        == json.dumps(alpha_snapshot, sort_keys=True)


# --- Mistakes that synthesized silently -------------------------------------------------------

def test_a_uri_given_as_the_key_is_an_error_naming_the_key(stack):
    bucket = s3.Bucket.from_bucket_name(stack, "Bucket", "acme")
    message = error_of(lambda: sagemaker.Model(stack, "Model", containers=[sagemaker.ContainerDefinition(
        image=sagemaker.ContainerImage.from_dlc("pytorch-inference", "2.1.0-cpu-py310"),
        model_data=sagemaker.ModelData.from_bucket(bucket, "s3://acme/churn/model.tar.gz"))]))
    assert ("TestStack/Model: ModelData.fromBucket objectKey is a URI, not a key: the bucket is the first argument and the key is "
            "read inside it (objectKey (object_key): got 's3://acme/churn/model.tar.gz'; allowed the key inside the bucket, "
            "'churn/model.tar.gz', with the bucket 'acme' as the first argument") in message
    assert message.endswith("[rule: modelData.objectKey.uri]")


@pytest.mark.parametrize("repository", ["sagemaker-scikit-learn", "sagemaker-xgboost"])
def test_from_dlc_of_a_first_party_framework_repository_is_an_error(stack, repository):
    message = error_of(lambda: sagemaker.Model(stack, "Model", containers=[sagemaker.ContainerDefinition(
        image=sagemaker.ContainerImage.from_dlc(repository, "1.2-1"))]))
    assert f"ContainerImage.fromDlc repository '{repository}' is not in the AWS Deep Learning Containers registry" in message
    assert "'683313688378' in us-east-1" in message and message.endswith("[rule: image.repositoryName.notDlc]")


def test_from_dlc_with_the_account_that_hosts_it_synthesizes(stack):
    sagemaker.Model(stack, "Model", containers=[sagemaker.ContainerDefinition(
        image=sagemaker.ContainerImage.from_dlc("sagemaker-scikit-learn", "1.2-1", "683313688378"))])
    (model,) = models_of(checked_template(stack))
    assert model["PrimaryContainer"]["Image"] == {
        "Fn::Join": ["", ["683313688378.dkr.ecr.us-east-1.", URL_SUFFIX, "/sagemaker-scikit-learn:1.2-1"]]}


def test_from_dlc_of_a_whole_image_uri_is_an_error(stack):
    message = error_of(lambda: sagemaker.Model(stack, "Model", containers=[sagemaker.ContainerDefinition(
        image=sagemaker.ContainerImage.from_dlc("763104351884.dkr.ecr.us-east-1.amazonaws.com/djl-inference", "0.33.0-lmi15.0.0-cu128"))]))
    assert "repositoryName is a whole image URI, not a repository name" in message
    assert "allowed the repository name alone, 'djl-inference'" in message


def component_endpoint(stack):
    config = sagemaker.EndpointConfig(stack, "Config", instance_production_variants=[
        sagemaker.InstanceProductionVariantProps(variant_name="gpu", instance_type="ml.g5.12xlarge")])
    return sagemaker.Endpoint(stack, "Endpoint", endpoint_config=config, endpoint_name="llm")


def test_an_inference_component_asking_for_more_gpus_than_the_instance_has_is_an_error(stack):
    sagemaker.InferenceComponent(stack, "Llm", endpoint=component_endpoint(stack), variant_name="gpu",
        container=sagemaker.InferenceComponentContainer(
            image=sagemaker.ContainerImage.from_dlc("djl-inference", "0.33.0-lmi15.0.0-cu128")),
        compute_resource_requirements=sagemaker.ComputeResourceRequirements(
            min_memory_required_in_mb=32768, number_of_accelerator_devices_required=8))
    message = error_of(lambda: assertions.Template.from_stack(stack))
    assert ("[TestStack/Llm] One copy of the inference component needs more than instance type 'ml.g5.12xlarge' has "
            "(computeResourceRequirements (compute_resource_requirements): got numberOfAcceleratorDevicesRequired 8, but "
            "ml.g5.12xlarge has 4 GPUs; allowed at most what one ml.g5.12xlarge instance has: 4 GPUs, 48 vCPUs, 196608 MiB of "
            "memory) [rule: inferenceComponent.computeResourceRequirements.exceedsInstance]") in message


def test_what_the_instance_has_synthesizes(stack):
    sagemaker.InferenceComponent(stack, "Llm", endpoint=component_endpoint(stack), variant_name="gpu",
        container=sagemaker.InferenceComponentContainer(
            image=sagemaker.ContainerImage.from_dlc("djl-inference", "0.33.0-lmi15.0.0-cu128")),
        compute_resource_requirements=sagemaker.ComputeResourceRequirements(
            min_memory_required_in_mb=32768, number_of_accelerator_devices_required=4, number_of_cpu_cores_required=8))
    checked_template(stack)


def test_an_option_for_an_alarm_that_is_not_created_is_a_warning(stack):
    config = sagemaker.EndpointConfig(stack, "Config", instance_production_variants=[
        sagemaker.InstanceProductionVariantProps(variant_name="cpu", instance_type="ml.m5.xlarge",
            model=sagemaker.Model(stack, "Model", containers=[sagemaker.ContainerDefinition(
                image=sagemaker.ContainerImage.from_dlc("pytorch-inference", "2.1.0-cpu-py310"))]))])
    endpoint = sagemaker.Endpoint(stack, "Endpoint", endpoint_config=config, endpoint_name="churn")
    alarms = endpoint.find_instance_production_variant("cpu").add_recommended_alarms(
        "Alarms", gpu_utilization=sagemaker.RecommendedAlarmOptions(threshold=80))
    assert "GPUUtilization" not in [a.node.id for a in alarms]
    checked_template(stack)
    assert warnings_of(stack, "notCreated") == [
        "gpuUtilization (gpu_utilization) options are given (threshold), but the gpuUtilization alarm is not created: ml.m5.xlarge "
        "has no GPU. Remove the options. [rule: recommendedAlarms.options.notCreated] [ack: cdk-sagemaker-hosting:notCreated]"]


def test_a_canary_of_more_than_100_percent_is_an_error(stack):
    config = sagemaker.EndpointConfig.from_endpoint_config_name(stack, "Config", "churn")
    with pytest.raises(RuntimeError, match=re.escape(
            "(deployment.canarySize (deployment.canary_size) (CapacitySize.percent()): got 150; allowed an integer from 1 to 100) "
            "[rule: endpoint.deployment.capacitySize]")):
        sagemaker.Endpoint(stack, "Endpoint", endpoint_config=config, deployment=sagemaker.DeploymentStrategy.canary(
            canary_size=sagemaker.CapacitySize.percent(150), wait_interval=cdk.Duration.minutes(5)))


# --- Errors and warnings a Python user can use ------------------------------------------------

def test_every_kind_of_error_carries_its_rule_id():
    image = sagemaker.ContainerImage.from_dlc("pytorch-inference", "2.1.0-cpu-py310")

    def fresh():
        return cdk.Stack(cdk.App(), "S", env=ENV)

    def endpoint(stack):
        model = sagemaker.Model.from_model_name(stack, "M", "m")
        config = sagemaker.EndpointConfig(stack, "C", instance_production_variants=[
            sagemaker.InstanceProductionVariantProps(variant_name="v", model=model)])
        return sagemaker.Endpoint(stack, "E", endpoint_config=config)

    def synth_without_containers():
        stack = fresh()
        sagemaker.Model(stack, "M")
        assertions.Template.from_stack(stack)

    builds = {
        "a rule at construction": lambda: sagemaker.Model(fresh(), "M", model_name="a_b",
                                                          containers=[sagemaker.ContainerDefinition(image=image)]),
        "a rule at synth": synth_without_containers,
        "a lookup": lambda: endpoint(fresh()).find_instance_production_variant("nope"),
        "a value outside any construct": lambda: sagemaker.InstanceType.of("m5.large"),
        "a string instance type": lambda: sagemaker.EndpointConfig(fresh(), "C", instance_production_variants=[
            sagemaker.InstanceProductionVariantProps(variant_name="v", instance_type="g5.xlarge")]),
        "several problems at once": lambda: sagemaker.Model(fresh(), "M", model_name="a_b", security_groups=[],
                                                            containers=[sagemaker.ContainerDefinition(image=image)]),
    }
    for name, build in builds.items():
        message = error_of(build)
        problems = [line for line in message.splitlines()
                    if line.strip() and not line.endswith("problems:") and "Validation failed with the following errors:" not in line]
        assert problems and all(RULE.search(p) for p in problems), (name, message)


def test_construct_paths_in_messages_are_not_rewritten():
    stack = cdk.Stack(cdk.App(), "prodStack", env=ENV)
    scope = constructs.Construct(stack, "sageMaker")
    model = sagemaker.Model.from_model_name(scope, "churnModel", "churn")
    config = sagemaker.EndpointConfig(scope, "endpointConfig", instance_production_variants=[
        sagemaker.InstanceProductionVariantProps(variant_name="blue", model=model)])
    endpoint = sagemaker.Endpoint(scope, "liveEndpoint", endpoint_config=config)
    message = error_of(lambda: endpoint.find_instance_production_variant("green"))
    assert message == ("endpoint.variant.lookup: prodStack/sageMaker/liveEndpoint: No variant with name: 'green' (variant name: got 'green'; allowed the "
                       "instance production variants of 'prodStack/sageMaker/endpointConfig': 'blue') [rule: endpoint.variant.lookup]")
    assert "prod_stack" not in message and "sage_maker" not in message


def test_no_warning_gives_typescript_literal_advice(stack):
    bucket = s3.Bucket.from_bucket_name(stack, "Bucket", "artifacts")
    model = sagemaker.Model(stack, "Model", containers=[sagemaker.ContainerDefinition(
        image=sagemaker.ContainerImage.from_dlc("pytorch-inference", "2.1.0-cpu-py310"),
        model_data=sagemaker.ModelData.from_bucket(bucket, "models/"))])
    config = sagemaker.EndpointConfig(stack, "Config", instance_production_variants=[
        sagemaker.InstanceProductionVariantProps(variant_name="main", model=model, instance_type="ml.m5.xlarge")])
    endpoint = sagemaker.Endpoint(stack, "Endpoint", endpoint_config=config,
                                  exclude_retained_variant_properties=[sagemaker.VariantPropertyType.DESIRED_WEIGHT])
    endpoint.find_instance_production_variant("main").auto_scale_instance_count(max_capacity=2) \
        .scale_on_invocations("Rps", max_requests_per_second=5)
    checked_template(stack)
    warnings = warnings_of(stack)
    assert len(warnings) >= 3
    for text in warnings:
        assert RULE.search(text), text
        assert not re.search(r"\b[a-z][A-Za-z]*: (true|false|S3DataType)|\(\{", text), text
    assert any("Set retainAllVariantProperties to true to keep the count." in w for w in warnings)


def test_instance_types_as_strings_and_constants_render_the_same(stack):
    model = sagemaker.Model.from_model_name(stack, "M", "m")
    sagemaker.EndpointConfig(stack, "Config", instance_production_variants=[
        sagemaker.InstanceProductionVariantProps(variant_name="a", model=model, instance_type="ml.g5.12xlarge"),
        sagemaker.InstanceProductionVariantProps(variant_name="b", model=model, instance_type=sagemaker.InstanceType.G5_12_XLARGE),
        sagemaker.InstanceProductionVariantProps(variant_name="c", model=model, instance_type=sagemaker.InstanceType.of("ml.g6e.2xlarge")),
    ])
    template = checked_template(stack)
    config = next(r for r in template["Resources"].values() if r["Type"] == "AWS::SageMaker::EndpointConfig")
    assert [v["InstanceType"] for v in config["Properties"]["ProductionVariants"]] == ["ml.g5.12xlarge", "ml.g5.12xlarge", "ml.g6e.2xlarge"]
    # The README's table of Python names.
    assert sagemaker.InstanceType.M6_I_XLARGE.to_string() == "ml.m6i.xlarge"
    assert sagemaker.InstanceType.G6_E_2_XLARGE.to_string() == "ml.g6e.2xlarge"
    assert sagemaker.InstanceType.P4_DE_24_XLARGE.to_string() == "ml.p4de.24xlarge"
    assert sagemaker.InstanceType.INF2_XLARGE.to_string() == "ml.inf2.xlarge"
