#!/usr/bin/env python3
"""Example: an autoscaled, monitored, invokable SageMaker endpoint with a guarded rollout.

model (ECR image + model.tar.gz in S3) -> endpoint config with two weighted variants -> endpoint
that rolls out a new configuration canary-first and rolls back on the 5XX rate or latency of a
variant (two of its recommended alarms, which notify a topic), a dashboard, keeps its autoscaled instance count across configuration changes, autoscales on
invocations, and a Lambda function allowed to invoke it.

Synthesize with `cdk synth` (or the README's main-job command). Context values override the
defaults: `cdk synth -c repository=my-repo -c bucket=my-bucket`; rolling out a new candidate is
`-c candidate_version=2.1.0` (image tag and model data folder), optionally with
`-c candidate_instance_type=ml.m5.xlarge`.
"""
import aws_cdk as cdk
from aws_cdk import aws_cloudwatch_actions as cloudwatch_actions
from aws_cdk import aws_ecr as ecr
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_sns as sns
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


# cdk-nag rules of the compliance packs that do not apply to the invoker: the packs that have them, and why.
INVOKER_ACKNOWLEDGEMENTS = {
    "LambdaInsideVPC": (
        ("HIPAA.Security", "NIST.800.53.R5", "PCI.DSS.321"),
        "The invoker's only network peer is the SageMaker Runtime API, over TLS with SigV4-signed requests that its "
        "role may make for this one endpoint only; it reads and stores no data in a VPC. In a VPC it would need an "
        "interface endpoint for the same API and gain no control over the data path.",
    ),
    "LambdaDLQ": (
        ("HIPAA.Security", "NIST.800.53.R5"),
        "The invoker is called synchronously (RequestResponse): its caller receives every error. Lambda sends only "
        "failed asynchronous invocations to a dead-letter queue, so one would stay empty.",
    ),
}


class EndpointStack(cdk.Stack):
    """Two model versions behind one endpoint, 90/10 traffic, autoscaled and alarmed."""

    def __init__(self, scope: Construct, construct_id: str, **kwargs) -> None:
        super().__init__(scope, construct_id, **kwargs)
        repository_name = self.node.try_get_context("repository") or "my-inference-image"
        bucket_name = self.node.try_get_context("bucket") or "my-model-artifacts"
        candidate_version = self.node.try_get_context("candidate_version") or "2.0.0"
        candidate_instance_type = self.node.try_get_context("candidate_instance_type") or "ml.m5.large"

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
        candidate = model("ChurnModelV2", candidate_version)

        # A customer-managed key for the instances' storage volumes, the invoker's logs: one prop away.
        data_key = kms.Key(self, "DataKey", enable_key_rotation=True, description="Churn endpoint storage and logs")
        config = sagemaker.EndpointConfig(
            self,
            "ChurnEndpointConfig",
            encryption_key=data_key,
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
                    instance_type=sagemaker.InstanceType.of(candidate_instance_type),
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

        # The recommended alarms of each variant (error rates, p90 latency, CPU, memory, disk), notifying
        # a topic; the 5XX rate and the latency (here re-thresholded to this model's 200 ms) also roll
        # the canary back.
        # An encrypted topic that only accepts TLS; CloudWatch may use the key to publish to it.
        alerts_key = kms.Key(self, "AlertsKey", enable_key_rotation=True)
        alerts_key.grant(iam.ServicePrincipal("cloudwatch.amazonaws.com"), "kms:Decrypt", "kms:GenerateDataKey*")
        alerts = sns.Topic(self, "Alerts", master_key=alerts_key, enforce_ssl=True)
        for name in ("current", "candidate"):
            alarms = endpoint.find_instance_production_variant(name).add_recommended_alarms(
                f"{name.capitalize()}Alarms",
                # Alarm names churn-<variant>-<alarm> (without a prefix, CloudFormation generates them).
                alarm_name_prefix="churn",
                alarm_actions=[cloudwatch_actions.SnsAction(alerts)],
                model_latency=sagemaker.LatencyAlarmOptions(threshold=cdk.Duration.millis(200)),
            )
            for alarm in alarms:
                if alarm.node.id in ("Invocation5XXErrorRate", "ModelLatency"):
                    endpoint.add_rollback_alarm(alarm)

        # One dashboard: a row per variant, and the state of the alarms above.
        sagemaker.EndpointDashboard(self, "Dashboard", endpoints=[endpoint], dashboard_name="churn-endpoint")

        current_variant = endpoint.find_instance_production_variant("current")
        instance_count = current_variant.auto_scale_instance_count(min_capacity=2, max_capacity=6)
        instance_count.scale_on_invocations("LimitRPS", max_requests_per_second=20)

        # The invoker's role gets exactly its log group and the endpoint, in a customer-managed policy (no
        # inline policy, no AWS-managed one). Its logs are encrypted with the data key, which CloudWatch
        # Logs may use for this account's log groups only.
        data_key.add_to_resource_policy(iam.PolicyStatement(
            principals=[iam.ServicePrincipal(f"logs.{cdk.Aws.REGION}.amazonaws.com")],
            actions=["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
            resources=["*"],  # in a key policy, "*" is this key
            conditions={"ArnLike": {"kms:EncryptionContext:aws:logs:arn":
                                    f"arn:{cdk.Aws.PARTITION}:logs:{cdk.Aws.REGION}:{cdk.Aws.ACCOUNT_ID}:log-group:*"}},
        ))
        invoker_logs = logs.LogGroup(self, "InvokerLogs", retention=logs.RetentionDays.ONE_MONTH, encryption_key=data_key)
        invoker_role = iam.Role(self, "InvokerRole", assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"))
        invoker_policy = iam.ManagedPolicy(self, "InvokerPolicy", roles=[invoker_role])
        invoker_logs.grant_write(invoker_policy)
        endpoint.grant_invoke(invoker_policy)
        invoker = lambda_.Function(
            self,
            "Invoker",
            runtime=lambda_.Runtime.PYTHON_3_14,
            handler="index.handler",
            code=lambda_.Code.from_inline(INVOKE_HANDLER),
            environment={"ENDPOINT_NAME": endpoint.endpoint_name},
            timeout=cdk.Duration.seconds(30),
            # its permissions are the managed policy above: nothing is added to the role
            role=invoker_role.without_policy_updates(),
            log_group=invoker_logs,
            # at most 10 concurrent invocations: the endpoint's capacity, not the account's pool, bounds it
            reserved_concurrent_executions=10,
        )
        invoker.node.add_dependency(invoker_policy)
        # What cdk-nag's HIPAA, NIST 800-53 R5 and PCI DSS packs ask of every Lambda function and does not
        # apply to this one, acknowledged with the reason a reviewer reads.
        for rule, (packs, reason) in INVOKER_ACKNOWLEDGEMENTS.items():
            for pack in packs:
                cdk.Validations.of(invoker.node.default_child).acknowledge(
                    cdk.Acknowledgment(id=f"{pack}::{pack}-{rule}", reason=reason))

        cdk.CfnOutput(self, "EndpointName", value=endpoint.endpoint_name)


if __name__ == "__main__":
    app = cdk.App()
    EndpointStack(app, "SageMakerHostingExample")
    app.synth()
