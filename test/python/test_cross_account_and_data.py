"""From Python through the wheel: cross-account grants, prefix-like keys, the model-data region
check, per-container metrics and the Python names in messages."""
import json

import aws_cdk as cdk
import aws_cdk.aws_ecr as ecr
import aws_cdk.aws_s3 as s3
import pytest
from aws_cdk import assertions
from conftest import checked_template

import cdk_sagemaker_hosting as sagemaker

OWNER = cdk.Environment(account="111111111111", region="us-east-1")
HOSTING = cdk.Environment(account="222222222222", region="us-east-1")


def statements_of(template, resource_type, key):
    return [s for r in template["Resources"].values() if r["Type"] == resource_type for s in r["Properties"][key]["Statement"]]


def test_cross_account_repository_and_bucket_get_the_resource_side():
    app = cdk.App()
    owner = cdk.Stack(app, "Owner", env=OWNER)
    hosting = cdk.Stack(app, "Hosting", env=HOSTING)
    repository = ecr.Repository(owner, "Repo", repository_name="churn")
    bucket = s3.Bucket(owner, "Models", bucket_name="owner-churn-models")
    sagemaker.Model(hosting, "Model", containers=[sagemaker.ContainerDefinition(
        image=sagemaker.ContainerImage.from_ecr_repository(repository, "v1"),
        model_data=sagemaker.ModelData.from_bucket(bucket, "churn/model.tar.gz"),
    )])
    hosted = checked_template(hosting)
    owned = checked_template(owner)
    role_name = next(r for r in hosted["Resources"].values() if r["Type"] == "AWS::IAM::Role")["Properties"]["RoleName"]
    principal = {"AWS": {"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, f":iam::222222222222:role/{role_name}"]]}}

    repo_policy = next(r for r in owned["Resources"].values() if r["Type"] == "AWS::ECR::Repository")["Properties"]["RepositoryPolicyText"]
    assert repo_policy["Statement"] == [{
        "Action": ["ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"],
        "Effect": "Allow",
        "Principal": principal,
    }]
    bucket_statements = statements_of(owned, "AWS::S3::BucketPolicy", "PolicyDocument")
    reads = [s for s in bucket_statements if s["Action"] == "s3:GetObject"]
    bucket_id = next(k for k, r in owned["Resources"].items() if r["Type"] == "AWS::S3::Bucket")
    assert reads == [{
        "Action": "s3:GetObject",
        "Effect": "Allow",
        "Principal": principal,
        "Resource": {"Fn::Join": ["", [{"Fn::GetAtt": [bucket_id, "Arn"]}, "/churn/model.tar.gz"]]},
    }]


def test_imported_resource_of_another_account_is_a_warning():
    stack = cdk.Stack(cdk.App(), "Hosting", env=HOSTING)
    repository = ecr.Repository.from_repository_arn(stack, "Repo", "arn:aws:ecr:us-east-1:111111111111:repository/churn")
    sagemaker.Model(stack, "Model", containers=[sagemaker.ContainerDefinition(
        image=sagemaker.ContainerImage.from_ecr_repository(repository))])
    checked_template(stack)
    warnings = assertions.Annotations.from_stack(stack).find_warning("/Hosting/Model", assertions.Match.string_like_regexp(
        "repository 'Hosting/Repo' is in account 111111111111 and is not defined in this app"))
    assert len(warnings) == 1
    assert "cdk-sagemaker-hosting:crossAccountResourcePolicy" in warnings[0].entry.data


def test_prefix_like_object_key_is_a_warning_naming_s3_prefix(stack):
    bucket = s3.Bucket.from_bucket_name(stack, "Bucket", "artifacts")
    sagemaker.Model(stack, "Model", containers=[sagemaker.ContainerDefinition(
        image=sagemaker.ContainerImage.from_dlc("pytorch-inference", "2.1"),
        model_data=sagemaker.ModelData.from_bucket(bucket, "models/"),
    )])
    checked_template(stack)
    warnings = assertions.Annotations.from_stack(stack).find_warning("/TestStack/Model", assertions.Match.string_like_regexp(
        "ModelData.fromBucket\\(\\) \\(ModelData.from_bucket\\(\\)\\) objectKey \\(object_key\\) 'models/' ends with '/'.*S3DataType.S3_PREFIX"))
    assert len(warnings) == 1
    assert warnings[0].entry.data.endswith(
        "[rule: modelData.objectKey.prefixAsObject] [ack: cdk-sagemaker-hosting:objectKeyIsPrefix]")


def test_bucket_in_another_region_is_an_error_naming_both(stack):
    bucket = s3.Bucket.from_bucket_attributes(stack, "Bucket", bucket_name="artifacts", region="eu-west-1")
    with pytest.raises(RuntimeError, match=r"TestStack/Model: ModelData.fromBucket: the bucket is in region eu-west-1, the model in "
                       r"region us-east-1; .*\(bucket region: got 'eu-west-1'; allowed 'us-east-1'"):
        sagemaker.Model(stack, "Model", containers=[sagemaker.ContainerDefinition(
            image=sagemaker.ContainerImage.from_dlc("pytorch-inference", "2.1"),
            model_data=sagemaker.ModelData.from_bucket(bucket, "model.tar.gz"),
        )])


def direct_endpoint(stack):
    image = sagemaker.ContainerImage.from_dlc("pytorch-inference", "2.1")
    model = sagemaker.Model(stack, "Model", inference_execution_mode=sagemaker.InferenceExecutionMode.DIRECT, containers=[
        sagemaker.ContainerDefinition(image=image, container_hostname="tokenizer"),
        sagemaker.ContainerDefinition(image=image, container_hostname="classifier"),
    ])
    config = sagemaker.EndpointConfig(stack, "Config", instance_production_variants=[
        sagemaker.InstanceProductionVariantProps(variant_name="main", model=model)])
    return sagemaker.Endpoint(stack, "Endpoint", endpoint_config=config)


def test_find_container_metrics_on_the_container_dimension(stack):
    endpoint = direct_endpoint(stack)
    container = endpoint.find_instance_production_variant("main").find_container("classifier")
    assert container.container_hostname == "classifier"
    container.metric_model_latency(statistic="p99").create_alarm(stack, "Latency", threshold=500000, evaluation_periods=3)
    container.metric_gpu_utilization().create_alarm(stack, "Gpu", threshold=90, evaluation_periods=3)
    template = checked_template(stack)
    alarms = {k: r["Properties"] for k, r in template["Resources"].items() if r["Type"] == "AWS::CloudWatch::Alarm"}
    latency = next(a for k, a in alarms.items() if k.startswith("Latency"))
    assert latency["Namespace"] == "AWS/SageMaker" and latency["MetricName"] == "ModelLatency"
    assert latency["ExtendedStatistic"] == "p99"
    assert sorted(d["Name"] for d in latency["Dimensions"]) == ["ContainerName", "EndpointName", "VariantName"]
    assert {"Name": "ContainerName", "Value": "classifier"} in latency["Dimensions"]
    gpu = next(a for k, a in alarms.items() if k.startswith("Gpu"))
    assert (gpu["Namespace"], gpu["MetricName"]) == ("/aws/sagemaker/Endpoints", "GPUUtilization")


def test_find_container_unknown_hostname_names_the_known_ones(stack):
    endpoint = direct_endpoint(stack)
    with pytest.raises(RuntimeError, match=re_escape(
            "TestStack/Endpoint: No container with hostname: 'decoder' (variant 'main' findContainer() (find_container()): "
            "got 'decoder'; allowed a container hostname of the variant's model: 'tokenizer', 'classifier') "
            "[rule: endpoint.findContainer.hostname]")):
        endpoint.find_instance_production_variant("main").find_container("decoder")


def test_messages_name_python_properties(stack):
    model = sagemaker.Model.from_model_name(stack, "M", "m")
    with pytest.raises(RuntimeError, match=re_escape(
            "(variant 'a' initialInstanceCount (initial_instance_count): got 0; allowed an integer 1 or more)")):
        sagemaker.EndpointConfig(stack, "Config", instance_production_variants=[
            sagemaker.InstanceProductionVariantProps(variant_name="a", model=model, initial_instance_count=0)])


def test_fixed_name_with_a_token_shows_no_token_internals(stack):
    suffix = cdk.CfnParameter(stack, "Suffix").value_as_string
    sagemaker.Model(stack, "Model", model_name=f"CFN-{suffix}", containers=[
        sagemaker.ContainerDefinition(image=sagemaker.ContainerImage.from_dlc("pytorch-inference", "2.1"))])
    warnings = assertions.Annotations.from_stack(stack).find_warning("/TestStack/Model", assertions.Match.string_like_regexp("is set to"))
    assert len(warnings) == 1
    text = warnings[0].entry.data
    assert text.startswith("modelName (model_name) is set to 'CFN-<token>':")
    assert "Token[" not in json.dumps([w.entry.data for w in warnings])


def re_escape(text):
    import re
    return re.escape(text)
