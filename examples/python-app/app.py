#!/usr/bin/env python3
"""Example: an autoscaled, monitored, invokable SageMaker endpoint with a guarded rollout.

model (ECR image + model.tar.gz in S3) -> endpoint config with two weighted variants -> endpoint
that rolls out a new configuration canary-first and rolls back on the 5XX rate or latency of a
variant, keeps its autoscaled instance count across configuration changes, autoscales on
invocations, and a Lambda function allowed to invoke it.

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
                    initial_instance_count=2,
                    instance_type=sagemaker.InstanceType.M5_LARGE,
                ),
            ],
        )
        endpoint = sagemaker.Endpoint(
            self,
            "ChurnEndpoint",
            # A fixed name lets the endpoint's rollback alarms watch its own metrics (no dependency cycle).
            endpoint_name="churn",
            endpoint_config=config,
            # Keep the autoscaled instance count (and the weights) when the configuration changes.
            retain_all_variant_properties=True,
            # A new configuration takes one instance's share of traffic per variant first; after 10
            # minutes without an alarm the rest moves; the old fleet stays 10 more minutes.
            deployment=sagemaker.DeploymentStrategy.canary(
                canary_size=sagemaker.CapacitySize.instances(1),
                wait_interval=cdk.Duration.minutes(10),
                termination_wait=cdk.Duration.minutes(10),
                maximum_execution_timeout=cdk.Duration.hours(1),
            ),
        )

        # Roll back when a variant's 5XX share of invocations passes 5 %, or its p90 latency 200 ms.
        for name in ("current", "candidate"):
            variant = endpoint.find_instance_production_variant(name)
            error_rate = cloudwatch.MathExpression(
                expression="100 * errors / invocations",
                using_metrics={
                    "errors": variant.metric_invocation5xx_errors(period=cdk.Duration.minutes(1)),
                    "invocations": variant.metric_invocations(period=cdk.Duration.minutes(1)),
                },
                label=f"{name} 5XX %",
                period=cdk.Duration.minutes(1),
            )
            endpoint.add_rollback_alarm(
                error_rate.create_alarm(
                    self,
                    f"{name.capitalize()}ErrorRateAlarm",
                    threshold=5,
                    evaluation_periods=3,
                    comparison_operator=cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
                    treat_missing_data=cloudwatch.TreatMissingData.NOT_BREACHING,
                )
            )
            endpoint.add_rollback_alarm(
                variant.metric_model_latency(statistic="p90", period=cdk.Duration.minutes(1)).create_alarm(
                    self,
                    f"{name.capitalize()}LatencyAlarm",
                    threshold=200_000,  # microseconds
                    evaluation_periods=3,
                    comparison_operator=cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
                    treat_missing_data=cloudwatch.TreatMissingData.NOT_BREACHING,
                )
            )

        current_variant = endpoint.find_instance_production_variant("current")
        instance_count = current_variant.auto_scale_instance_count(min_capacity=2, max_capacity=6)
        instance_count.scale_on_invocations("LimitRPS", max_requests_per_second=20)

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
