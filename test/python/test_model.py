"""The RFC's Model examples, written in Python against the installed wheel."""
import os

import aws_cdk as cdk
import pytest
from aws_cdk import assertions
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_ecr as ecr
from aws_cdk import aws_iam as iam
from aws_cdk import aws_s3 as s3
from conftest import FIXTURES, checked_template, models_of, policy_statements

import cdk_sagemaker_hosting as sagemaker


def test_single_container_model_from_assets(stack):
    # RFC "Single Container Model"
    image = sagemaker.ContainerImage.from_asset(os.path.join(FIXTURES, "image"))
    model_data = sagemaker.ModelData.from_asset(os.path.join(FIXTURES, "model.tar.gz"))
    sagemaker.Model(stack, "PrimaryContainerModel", containers=[sagemaker.ContainerDefinition(image=image, model_data=model_data)])

    (model,) = models_of(checked_template(stack))
    assert "ModelDataUrl" in model["PrimaryContainer"]
    assert "Containers" not in model


def test_inference_pipeline_model(stack):
    # RFC "Inference Pipeline Model"
    bucket = s3.Bucket(stack, "Artifacts", enforce_ssl=True)
    containers = []
    for i in range(3):
        repo = ecr.Repository.from_repository_name(stack, f"Repo{i}", f"stage-{i}")
        containers.append(
            sagemaker.ContainerDefinition(
                image=sagemaker.ContainerImage.from_ecr_repository(repo, "v1"),
                model_data=sagemaker.ModelData.from_bucket(bucket, f"stage-{i}/model.tar.gz"),
            )
        )
    sagemaker.Model(stack, "InferencePipelineModel", containers=containers)

    (model,) = models_of(checked_template(stack))
    assert len(model["Containers"]) == 3
    assert "PrimaryContainer" not in model


def test_ecr_image_defaults_to_latest(stack):
    # RFC "ECR Image"
    repository = ecr.Repository.from_repository_name(stack, "Repository", "repo")
    sagemaker.Model(stack, "Model", containers=[sagemaker.ContainerDefinition(image=sagemaker.ContainerImage.from_ecr_repository(repository))])
    (model,) = models_of(checked_template(stack))
    assert model["PrimaryContainer"]["Image"]["Fn::Join"][1][-1] == "/repo:latest"


def test_s3_model_data_grants_exact_object(stack):
    # RFC "S3 Model Data"
    bucket = s3.Bucket(stack, "MyBucket", enforce_ssl=True)
    model_data = sagemaker.ModelData.from_bucket(bucket, "path/to/artifact/file.tar.gz")
    sagemaker.Model(stack, "Model", containers=[sagemaker.ContainerDefinition(image=sagemaker.ContainerImage.from_dlc("pytorch-inference", "2.1-cpu"), model_data=model_data)])
    template = checked_template(stack)
    statements = policy_statements(template)
    s3_statements = [s for s in statements if "s3:" in str(s["Action"])]
    assert s3_statements == [{
        "Action": "s3:GetObject",
        "Effect": "Allow",
        "Resource": {"Fn::Join": ["", [{"Fn::GetAtt": [next(k for k in template["Resources"] if k.startswith("MyBucket") and template["Resources"][k]["Type"] == "AWS::S3::Bucket"), "Arn"]}, "/path/to/artifact/file.tar.gz"]]},
    }]


def test_uncompressed_prefix_with_eula(stack):
    bucket = s3.Bucket.from_bucket_name(stack, "Bucket", "jumpstart-cache")
    data = sagemaker.ModelData.from_bucket(
        bucket, "llama/", s3_data_type=sagemaker.S3DataType.S3_PREFIX, compression_type=sagemaker.CompressionType.NONE, accept_eula=True
    )
    sagemaker.Model(stack, "Model", containers=[sagemaker.ContainerDefinition(image=sagemaker.ContainerImage.from_dlc("djl-inference", "0.29.0-lmi11.0.0-cu124"), model_data=data)])
    (model,) = models_of(checked_template(stack))
    assert model["PrimaryContainer"]["ModelDataSource"] == {
        "S3DataSource": {
            "S3Uri": {"Fn::Join": ["", ["https://s3.us-east-1.", {"Ref": "AWS::URLSuffix"}, "/jumpstart-cache/llama/"]]},
            "S3DataType": "S3Prefix", "CompressionType": "None", "ModelAccessConfig": {"AcceptEula": True},
        }
    }


def test_uncompressed_asset_file(stack):
    sagemaker.Model(stack, "Model", containers=[sagemaker.ContainerDefinition(
        image=sagemaker.ContainerImage.from_dlc("pytorch-inference", "2.1-cpu"),
        model_data=sagemaker.ModelData.from_asset(os.path.join(FIXTURES, "weights.txt")),
    )])
    (model,) = models_of(checked_template(stack))
    assert model["PrimaryContainer"]["ModelDataSource"]["S3DataSource"]["CompressionType"] == "None"


def test_vpc_multi_model_direct_and_isolation(stack):
    vpc = ec2.Vpc(stack, "Vpc", max_azs=2)
    bucket = s3.Bucket(stack, "Bucket", enforce_ssl=True)
    repo = ecr.Repository.from_repository_name(stack, "Repo", "mme")
    model = sagemaker.Model(
        stack,
        "Model",
        vpc=vpc,
        network_isolation=True,
        inference_execution_mode=sagemaker.InferenceExecutionMode.DIRECT,
        containers=[
            sagemaker.ContainerDefinition(
                image=sagemaker.ContainerImage.from_ecr_repository(repo),
                container_hostname="mme",
                mode=sagemaker.ContainerMode.MULTI_MODEL,
                model_cache_enabled=True,
                model_data=sagemaker.ModelData.from_bucket(bucket, "models/", s3_data_type=sagemaker.S3DataType.S3_PREFIX),
            ),
        ],
    )
    model.add_container(image=sagemaker.ContainerImage.from_ecr_repository(repo, "other"), container_hostname="other")
    model.connections.allow_to_any_ipv4(ec2.Port.tcp(443))
    (props,) = models_of(checked_template(stack))
    assert props["InferenceExecutionConfig"] == {"Mode": "Direct"}
    assert props["EnableNetworkIsolation"] is True
    assert props["Containers"][0]["Mode"] == "MultiModel"
    assert len(props["VpcConfig"]["Subnets"]) == 2


def test_model_package_and_private_registry(stack):
    vpc = ec2.Vpc(stack, "Vpc", max_azs=1)
    pkg = sagemaker.ModelPackage.from_model_package_arn(stack, "Pkg", "arn:aws:sagemaker:us-east-1:123456789012:model-package/churn/4")
    sagemaker.Model(stack, "FromPackage", containers=[sagemaker.ContainerDefinition(model_package=pkg)])
    sagemaker.Model(stack, "FromRegistry", vpc=vpc, containers=[sagemaker.ContainerDefinition(image=sagemaker.ContainerImage.from_registry("registry.example.com/team/model:1"))])
    pkg_model, registry_model = models_of(checked_template(stack))
    assert pkg_model["PrimaryContainer"] == {"ModelPackageName": "arn:aws:sagemaker:us-east-1:123456789012:model-package/churn/4"}
    assert registry_model["PrimaryContainer"]["ImageConfig"] == {"RepositoryAccessMode": "Vpc"}


def test_imports(stack):
    by_name = sagemaker.Model.from_model_name(stack, "ByName", "My-Model")
    by_arn = sagemaker.Model.from_model_arn(stack, "ByArn", "arn:aws:sagemaker:eu-west-1:111122223333:model/abc")
    role = iam.Role.from_role_arn(stack, "Role", "arn:aws:iam::123456789012:role/sm")
    by_attrs = sagemaker.Model.from_model_attributes(stack, "ByAttrs", model_arn="arn:aws:sagemaker:us-east-1:123456789012:model/x", role=role)
    assert by_name.model_name == "My-Model"
    assert by_arn.model_name == "abc"
    assert by_attrs.role is not None


def test_instance_types_are_enum_like_constants():
    assert sagemaker.InstanceType.G5_XLARGE.to_string() == "ml.g5.xlarge"
    assert sagemaker.InstanceType.T2_MEDIUM.to_string() == "ml.t2.medium"
    assert sagemaker.InstanceType.of("ml.future.large").to_string() == "ml.future.large"
    names = [n for n in dir(sagemaker.InstanceType) if n.isupper()]
    assert len(names) == 277
    with pytest.raises(RuntimeError, match=r"InstanceType: instance type must start with 'ml.' \(instanceType \(instance_type\): got 'm5.large'; allowed a SageMaker hosting instance type"):
        sagemaker.InstanceType.of("m5.large")


def test_errors_reach_python_with_construct_path(stack):
    repo = ecr.Repository.from_repository_name(stack, "Repo", "r")
    with pytest.raises(RuntimeError, match=r"TestStack/Bad: modelName must be a SageMaker name \(modelName \(model_name\): got 'bad_name!', 9 characters; allowed 1 to 63 characters"):
        sagemaker.Model(stack, "Bad", model_name="bad_name!", containers=[sagemaker.ContainerDefinition(image=sagemaker.ContainerImage.from_ecr_repository(repo))])
    with pytest.raises(RuntimeError, match=r"Asset must be a file, if you want to use directory"):
        sagemaker.Model(stack, "Dir", containers=[sagemaker.ContainerDefinition(
            image=sagemaker.ContainerImage.from_ecr_repository(repo),
            model_data=sagemaker.ModelData.from_asset(os.path.join(FIXTURES, "model-dir")),
        )])


def test_deferred_validation_at_synth():
    app = cdk.App()
    stack = cdk.Stack(app, "Deferred")
    sagemaker.Model(stack, "Empty")
    with pytest.raises(RuntimeError, match=r"\[Deferred/Empty\] Must configure at least 1 container for model"):
        app.synth()


def test_tokens_are_not_validated(stack):
    name = cdk.CfnParameter(stack, "ModelNameParam")
    repo = ecr.Repository.from_repository_name(stack, "Repo", "r")
    sagemaker.Model(stack, "Model", model_name=name.value_as_string, containers=[sagemaker.ContainerDefinition(
        image=sagemaker.ContainerImage.from_ecr_repository(repo), environment={"KEY": name.value_as_string})])
    (model,) = models_of(checked_template(stack))
    assert model["ModelName"] == {"Ref": "ModelNameParam"}


def test_network_ids_and_role_arn_are_validated():
    app = cdk.App()
    stack = cdk.Stack(app, "Ids", env=cdk.Environment(account="123456789012", region="us-east-1"))
    repo = ecr.Repository.from_repository_name(stack, "Repo", "r")
    image = sagemaker.ContainerImage.from_ecr_repository(repo)
    with pytest.raises(RuntimeError, match=r"Ids/User: role must be an IAM role \(role ARN: got 'arn:aws:iam::123456789012:user/alice'; allowed arn:<partition>:iam::<account>:role/<name>"):
        sagemaker.Model(stack, "User", role=iam.Role.from_role_arn(stack, "UserArn", "arn:aws:iam::123456789012:user/alice"),
                        containers=[sagemaker.ContainerDefinition(image=image)])
    vpc = ec2.Vpc.from_vpc_attributes(stack, "Vpc", vpc_id="vpc-1", availability_zones=["us-east-1a"], private_subnet_ids=["subnet_1"])
    sagemaker.Model(stack, "Named", vpc=vpc, security_groups=[ec2.SecurityGroup.from_security_group_id(stack, "Sg", "inference-sg")],
                    containers=[sagemaker.ContainerDefinition(image=image)])
    with pytest.raises(RuntimeError) as error:
        app.synth()
    message = str(error.value)
    assert ("[Ids/Named] securityGroups security group id is not a valid ID (securityGroups (security_groups) security group id: got "
            "'inference-sg'; allowed 'sg-' followed by 8 or 17 hexadecimal digits)") in message
    assert ("[Ids/Named] vpcSubnets subnet id is not a valid ID (vpcSubnets (vpc_subnets) subnet id: got 'subnet_1'; allowed 'subnet-' "
            "followed by 8 or 17 hexadecimal digits)") in message


def test_image_tags_are_validated_and_dlc_names_warned(stack):
    repo = ecr.Repository.from_repository_name(stack, "Repo", "inference")
    with pytest.raises(RuntimeError, match=r"TestStack/Digest: ContainerImage.fromEcrRepository digest is not a SHA-256 digest \(digest: got 'sha256:abc'; allowed sha256: followed by 64 lowercase hexadecimal digits\)"):
        sagemaker.Model(stack, "Digest", containers=[sagemaker.ContainerDefinition(image=sagemaker.ContainerImage.from_ecr_repository(repo, "sha256:abc"))])
    sagemaker.Model(stack, "Dlc", containers=[sagemaker.ContainerDefinition(image=sagemaker.ContainerImage.from_dlc("PyTorch", "2.1", "763104351884"))])
    warnings = assertions.Annotations.from_stack(stack).find_warning("/TestStack/Dlc", assertions.Match.string_like_regexp("repositoryName \\(repository_name\\) 'PyTorch'"))
    assert len(warnings) == 1


def test_arns_of_created_resources_are_refs_read_as_properties(stack):
    # model_arn, endpoint_config_arn and endpoint_arn are made on first read: the same value on every read
    repository = ecr.Repository.from_repository_name(stack, "Repository", "repo")
    model = sagemaker.Model(stack, "Model", containers=[sagemaker.ContainerDefinition(image=sagemaker.ContainerImage.from_ecr_repository(repository))])
    config = sagemaker.EndpointConfig(stack, "Config", instance_production_variants=[
        sagemaker.InstanceProductionVariantProps(model=model, variant_name="main")])
    endpoint = sagemaker.Endpoint(stack, "Endpoint", endpoint_config=config)
    for resource, arn in ((model, model.model_arn), (config, config.endpoint_config_arn), (endpoint, endpoint.endpoint_arn)):
        logical_id = stack.get_logical_id(resource.node.default_child)
        assert stack.resolve(arn) == {"Ref": logical_id}
    assert model.model_arn == model.model_arn
    assert endpoint.endpoint_arn == endpoint.endpoint_arn
    cdk.CfnOutput(stack, "EndpointArn", value=endpoint.endpoint_arn)
    assert checked_template(stack)["Outputs"]["EndpointArn"]["Value"] == {"Ref": stack.get_logical_id(endpoint.node.default_child)}
