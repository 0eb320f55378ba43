#!/usr/bin/env python3
"""Example: an autoscaled, monitored, invokable SageMaker endpoint.

model (ECR image + model.tar.gz in S3) -> endpoint config with two weighted variants -> endpoint,
autoscaling on invocations, an alarm on model latency, and a Lambda function allowed to invoke.

Synthesize with `cdk synth` (or the README's main-job command). Context values override the
defaults: `cdk synth -c repository=my-repo -c bucket=my-bucket`.
"""
import aws_cdk as cdk
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_ecr as ecr
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from aws_cdk import aws_s3 as s3
from constructs import Construct

import cdk_sagemaker_hosting as sagemaker

INVOKE_HANDLER = """
import json, os, boto3
runtime = boto3.client("sagemaker-runtime")
def handler(event, context):
    response = runtime.invoke_endpoint(
        EndpointName=os.environ["ENDPOINT_NAME"],
        ContentType="application/json",
        Body=json.dumps(event.get("features", [])),
    )
    return json.loads(response["Body"].read())
"""


class EndpointStack(cdk.Stack):
    """Two model versions behind one endpoint, 90/10 traffic, autoscaled and alarmed."""

    def __init__(self, scope: Construct, construct_id: str, **kwargs) -> None:
        super().__init__(scope, construct_id, **kwargs)
        repository_name = self.node.try_get_context("repository") or "my-inference-image"
        bucket_name = self.node.try_get_context("bucket") or "my-model-artifacts"

        repository = ecr.Repository.from_repository_name(self, "InferenceRepository", repository_name)
        bucket = s3.Bucket.from_bucket_name(self, "ArtifactBucket", bucket_name)

        def model(construct_id: str, version: str) -> sagemaker.Model:
            return sagemaker.Model(
                self,
                construct_id,
                # The container needs no network of its own: SageMaker downloads image and model data.
                network_isolation=True,
                containers=[
                    sagemaker.ContainerDefinition(
                        image=sagemaker.ContainerImage.from_ecr_repository(repository, version),
                        model_data=sagemaker.ModelData.from_bucket(bucket, f"models/churn/{version}/model.tar.gz"),
                        environment={"SAGEMAKER_PROGRAM": "inference.py"},
                    )
                ],
            )

        current = model("ChurnModelV1", "1.0.0")
        candidate = model("ChurnModelV2", "2.0.0")

        config = sagemaker.EndpointConfig(
            self,
            "ChurnEndpointConfig",
            instance_production_variants=[
                sagemaker.InstanceProductionVariantProps(
                    model=current,
                    variant_name="current",
                    initial_variant_weight=9,
                    initial_instance_count=2,
                    instance_type=sagemaker.InstanceType.M5_LARGE,
                ),
                sagemaker.InstanceProductionVariantProps(
                    model=candidate,
                    variant_name="candidate",
                    initial_variant_weight=1,
                    instance_type=sagemaker.InstanceType.M5_LARGE,
                ),
            ],
        )
        # Keep the autoscaled instance count (and the weights) when the configuration changes.
        endpoint = sagemaker.Endpoint(self, "ChurnEndpoint", endpoint_config=config, retain_all_variant_properties=True)

        current_variant = endpoint.find_instance_production_variant("current")
        instance_count = current_variant.auto_scale_instance_count(max_capacity=6)
        instance_count.scale_on_invocations("LimitRPS", max_requests_per_second=20)

        current_variant.metric_model_latency(statistic="p90").create_alarm(
            self,
            "ModelLatencyAlarm",
            threshold=200_000,  # microseconds
            evaluation_periods=3,
            comparison_operator=cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
            treat_missing_data=cloudwatch.TreatMissingData.NOT_BREACHING,
        )

        # The invoker's role gets exactly its log group and the endpoint: no managed policy.
        invoker_logs = logs.LogGroup(self, "InvokerLogs", retention=logs.RetentionDays.ONE_MONTH)
        invoker_role = iam.Role(self, "InvokerRole", assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"))
        invoker_logs.grant_write(invoker_role)
        invoker = lambda_.Function(
            self,
            "Invoker",
            runtime=lambda_.Runtime.PYTHON_3_14,
            handler="index.handler",
            code=lambda_.Code.from_inline(INVOKE_HANDLER),
            environment={"ENDPOINT_NAME": endpoint.endpoint_name},
            timeout=cdk.Duration.seconds(30),
            role=invoker_role,
            log_group=invoker_logs,
        )
        endpoint.grant_invoke(invoker)

        cdk.CfnOutput(self, "EndpointName", value=endpoint.endpoint_name)


if __name__ == "__main__":
    app = cdk.App()
    EndpointStack(app, "SageMakerHostingExample")
    app.synth()
