"""One run of the three-way synth benchmark (bench/three_way.py starts one Python process per run).

usage: python three_way_app.py MODE N OUTDIR  (MODE: ours | alpha | l1)

With BENCH_HOSTING_CHECKS=1, the app also gets this library's HostingChecks aspect (README "Checks for
any app"): `l1` with it measures what the checks cost an app of L1 resources.

Builds N endpoints, 50 to a stack, each: a model (an ECR image and a model.tar.gz in S3) -> an endpoint
configuration with one instance variant -> an endpoint -> autoscaling of the variant's instance count on
invocations -> one alarm on the variant's model latency. `ours` and `alpha` are the same code with a
different import; `l1` writes the same template shape with aws-cdk-lib's Cfn* classes by hand. Prints
one JSON line: seconds for the imports, the build and the synth, the Python process's CPU seconds over
build + synth, and the resources of every template.
"""
import json
import os
import sys
import time

t_start = time.perf_counter()
MODE, N, OUTDIR = sys.argv[1], int(sys.argv[2]), sys.argv[3]
PER_STACK = 50
ACCOUNT, REGION = "123456789012", "us-east-1"

import aws_cdk as cdk  # noqa: E402
from aws_cdk import aws_cloudwatch as cloudwatch  # noqa: E402
from aws_cdk import aws_ecr as ecr  # noqa: E402
from aws_cdk import aws_s3 as s3  # noqa: E402

if MODE == "ours":
    import cdk_sagemaker_hosting as sagemaker
elif MODE == "alpha":
    import aws_cdk.aws_sagemaker_alpha as sagemaker
elif MODE == "l1":
    from aws_cdk import aws_applicationautoscaling as appscaling
    from aws_cdk import aws_iam as iam
    from aws_cdk import aws_sagemaker as cfn_sagemaker
else:
    raise SystemExit(f"unknown mode {MODE}")
t_import = time.perf_counter()
cpu_import = time.process_time()


def l2_endpoint(stack: cdk.Stack, i: int, repository: ecr.IRepository, bucket: s3.IBucket) -> None:
    """The L2 version: the same code for this library and the alpha."""
    model = sagemaker.Model(
        stack,
        f"Model{i}",
        containers=[
            sagemaker.ContainerDefinition(
                image=sagemaker.ContainerImage.from_ecr_repository(repository, f"v{i}"),
                model_data=sagemaker.ModelData.from_bucket(bucket, f"models/{i}/model.tar.gz"),
            )
        ],
    )
    config = sagemaker.EndpointConfig(
        stack,
        f"Config{i}",
        instance_production_variants=[
            sagemaker.InstanceProductionVariantProps(
                model=model, variant_name="main", instance_type=sagemaker.InstanceType.M5_LARGE
            )
        ],
    )
    endpoint = sagemaker.Endpoint(stack, f"Endpoint{i}", endpoint_config=config)
    variant = endpoint.find_instance_production_variant("main")
    scaling = variant.auto_scale_instance_count(min_capacity=1, max_capacity=4)
    scaling.scale_on_invocations("Invocations", max_requests_per_second=30)
    cloudwatch.Alarm(
        stack, f"Latency{i}", metric=variant.metric_model_latency(), threshold=500_000, evaluation_periods=3
    )


def l1_endpoint(stack: cdk.Stack, i: int, repository: ecr.IRepository, bucket: s3.IBucket) -> None:
    """The same template shape written with Cfn* classes (what a user without an L2 writes)."""
    partition = cdk.Aws.PARTITION
    role = iam.CfnRole(
        stack,
        f"Model{i}Role",
        description="Execution role of a SageMaker model (least privilege, cdk-sagemaker-hosting)",
        assume_role_policy_document={
            "Version": "2012-10-17",
            "Statement": [
                {"Action": "sts:AssumeRole", "Effect": "Allow", "Principal": {"Service": "sagemaker.amazonaws.com"}}
            ],
        },
        policies=[
            iam.CfnRole.PolicyProperty(
                policy_name="AccountWide",
                policy_document={
                    "Version": "2012-10-17",
                    "Statement": [
                        {
                            "Action": ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents",
                                       "logs:DescribeLogStreams"],
                            "Effect": "Allow",
                            "Resource": f"arn:{partition}:logs:{REGION}:{ACCOUNT}:log-group:/aws/sagemaker/Endpoints/*",
                            "Sid": "EndpointLogs",
                        },
                        {"Action": "cloudwatch:PutMetricData", "Effect": "Allow", "Resource": "*", "Sid": "EndpointMetrics"},
                        {"Action": "ecr:GetAuthorizationToken", "Effect": "Allow", "Resource": "*", "Sid": "EcrAuthorization"},
                    ],
                },
            )
        ],
    )
    policy = iam.CfnPolicy(
        stack,
        f"Model{i}RoleDefaultPolicy",
        policy_name=f"Model{i}RoleDefaultPolicy",
        roles=[role.ref],
        policy_document={
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Action": ["ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"],
                    "Effect": "Allow",
                    "Resource": repository.repository_arn,
                },
                {"Action": "s3:GetObject", "Effect": "Allow", "Resource": bucket.arn_for_objects(f"models/{i}/model.tar.gz")},
            ],
        },
    )
    model = cfn_sagemaker.CfnModel(
        stack,
        f"Model{i}",
        execution_role_arn=role.attr_arn,
        primary_container=cfn_sagemaker.CfnModel.ContainerDefinitionProperty(
            image=repository.repository_uri_for_tag(f"v{i}"),
            model_data_url=bucket.url_for_object(f"models/{i}/model.tar.gz"),
        ),
    )
    model.node.add_dependency(role, policy)
    config = cfn_sagemaker.CfnEndpointConfig(
        stack,
        f"Config{i}",
        production_variants=[
            cfn_sagemaker.CfnEndpointConfig.ProductionVariantProperty(
                variant_name="main",
                model_name=model.attr_model_name,
                initial_instance_count=1,
                initial_variant_weight=1,
                instance_type="ml.m5.large",
            )
        ],
    )
    endpoint = cfn_sagemaker.CfnEndpoint(stack, f"Endpoint{i}", endpoint_config_name=config.attr_endpoint_config_name)
    target = appscaling.CfnScalableTarget(
        stack,
        f"Endpoint{i}InstanceCount",
        service_namespace="sagemaker",
        resource_id=f"endpoint/{endpoint.attr_endpoint_name}/variant/main",
        scalable_dimension="sagemaker:variant:DesiredInstanceCount",
        min_capacity=1,
        max_capacity=4,
        role_arn=f"arn:{partition}:iam::{ACCOUNT}:role/aws-service-role/sagemaker.application-autoscaling.amazonaws.com/"
        "AWSServiceRoleForApplicationAutoScaling_SageMakerEndpoint",
    )
    appscaling.CfnScalingPolicy(
        stack,
        f"Endpoint{i}Invocations",
        policy_name=f"Endpoint{i}Invocations",
        policy_type="TargetTrackingScaling",
        scaling_target_id=target.ref,
        target_tracking_scaling_policy_configuration=appscaling.CfnScalingPolicy.TargetTrackingScalingPolicyConfigurationProperty(
            target_value=900,
            predefined_metric_specification=appscaling.CfnScalingPolicy.PredefinedMetricSpecificationProperty(
                predefined_metric_type="SageMakerVariantInvocationsPerInstance"
            ),
        ),
    )
    cloudwatch.CfnAlarm(
        stack,
        f"Latency{i}",
        comparison_operator="GreaterThanOrEqualToThreshold",
        evaluation_periods=3,
        threshold=500_000,
        namespace="AWS/SageMaker",
        metric_name="ModelLatency",
        statistic="Average",
        period=300,
        dimensions=[
            cloudwatch.CfnAlarm.DimensionProperty(name="EndpointName", value=endpoint.attr_endpoint_name),
            cloudwatch.CfnAlarm.DimensionProperty(name="VariantName", value="main"),
        ],
    )


build = l1_endpoint if MODE == "l1" else l2_endpoint
app = cdk.App(outdir=OUTDIR)
if os.environ.get("BENCH_HOSTING_CHECKS") == "1":
    import cdk_sagemaker_hosting

    cdk.Aspects.of(app).add(cdk_sagemaker_hosting.HostingChecks())
for s in range(0, N, PER_STACK):
    stack = cdk.Stack(app, f"Bench{s // PER_STACK}", env=cdk.Environment(account=ACCOUNT, region=REGION))
    repository = ecr.Repository.from_repository_name(stack, "Repository", "inference")
    bucket = s3.Bucket.from_bucket_name(stack, "Artifacts", "model-artifacts")
    for i in range(s, min(N, s + PER_STACK)):
        build(stack, i, repository, bucket)
t_build = time.perf_counter()
assembly = app.synth()
t_synth = time.perf_counter()
cpu_synth = time.process_time()

resources = {}
for artifact in assembly.stacks:
    for resource in artifact.template["Resources"].values():
        resources[resource["Type"]] = resources.get(resource["Type"], 0) + 1
print(json.dumps({
    "mode": MODE,
    "n": N,
    "import": t_import - t_start,
    "build": t_build - t_import,
    "synth": t_synth - t_build,
    # CPU seconds of this Python process over build + synth (the jsii kernel is another process)
    "py_cpu": cpu_synth - cpu_import,
    "resources": resources,
}))
