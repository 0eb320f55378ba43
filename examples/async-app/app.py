#!/usr/bin/env python3
"""Example: an asynchronous inference endpoint that announces its results on SNS.

Requests are queued by SageMaker (InvokeEndpointAsync with an input object in S3); each response
is written under `responses/`, each failure under `failures/`, and a message goes to the success or
error topic. The model's execution role may write exactly those two prefixes and publish to exactly
those two topics, and read the request inputs under `requests/`; the client role may put requests,
invoke the endpoint and read the responses. The endpoint scales to zero instances on an empty queue
and back up on backlog. An alarm
watches the queue (ApproximateBacklogSizePerInstance) and notifies the error topic. Both topics are
encrypted with a customer-managed key.

Synthesize with `cdk synth`; context values override the defaults:
`cdk synth -c repository=my-repo -c bucket=my-bucket -c email=me@example.com`.
"""
import aws_cdk as cdk
from aws_cdk import aws_cloudwatch as cloudwatch
from aws_cdk import aws_cloudwatch_actions as cloudwatch_actions
from aws_cdk import aws_ecr as ecr
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_sns as sns
from aws_cdk import aws_sns_subscriptions as subscriptions
from constructs import Construct

import cdk_sagemaker_hosting as sagemaker


class AsyncEndpointStack(cdk.Stack):
    """A model behind an async endpoint: S3 in and out, SNS notifications, a backlog alarm."""

    def __init__(self, scope: Construct, construct_id: str, **kwargs) -> None:
        super().__init__(scope, construct_id, **kwargs)
        repository_name = self.node.try_get_context("repository") or "my-inference-image"
        bucket_name = self.node.try_get_context("bucket") or "my-async-inference"
        email = self.node.try_get_context("email") or "ml-team@example.com"

        repository = ecr.Repository.from_repository_name(self, "InferenceRepository", repository_name)
        bucket = s3.Bucket.from_bucket_name(self, "AsyncBucket", bucket_name)

        model = sagemaker.Model(
            self,
            "SummarizerModel",
            network_isolation=True,
            containers=[
                sagemaker.ContainerDefinition(
                    image=sagemaker.ContainerImage.from_ecr_repository(repository, "1.0.0"),
                    model_data=sagemaker.ModelData.from_bucket(bucket, "models/summarizer/model.tar.gz"),
                )
            ],
        )

        # Encrypted topics: the model's role is granted the key's encrypt actions with sns:Publish.
        topic_key = kms.Key(self, "TopicKey", enable_key_rotation=True, description="Async inference notifications")
        # CloudWatch may publish the backlog alarm to the failure topic.
        topic_key.grant(iam.ServicePrincipal("cloudwatch.amazonaws.com"), "kms:Decrypt", "kms:GenerateDataKey*")
        succeeded = sns.Topic(self, "InferenceSucceeded", enforce_ssl=True, master_key=topic_key)
        failed = sns.Topic(self, "InferenceFailed", enforce_ssl=True, master_key=topic_key)
        failed.add_subscription(subscriptions.EmailSubscription(email))

        config = sagemaker.EndpointConfig(
            self,
            "SummarizerConfig",
            instance_production_variants=[
                sagemaker.InstanceProductionVariantProps(
                    model=model,
                    variant_name="main",
                    instance_type=sagemaker.InstanceType.G5_XLARGE,
                    # large models: more time to download and start
                    model_data_download_timeout=cdk.Duration.minutes(20),
                    container_startup_health_check_timeout=cdk.Duration.minutes(15),
                )
            ],
            async_inference=sagemaker.AsyncInferenceProps(
                output_bucket=bucket,
                output_prefix="responses",
                failure_prefix="failures",
                success_topic=succeeded,
                error_topic=failed,
                include_inference_response_in=[sagemaker.AsyncNotificationTarget.SUCCESS_NOTIFICATION_TOPIC],
                max_concurrent_invocations_per_instance=4,
            ),
        )
        endpoint = sagemaker.Endpoint(self, "SummarizerEndpoint", endpoint_config=config, retain_all_variant_properties=True)

        # Scale to zero when the queue is empty, and back up when requests arrive.
        endpoint.find_instance_production_variant("main").auto_scale_instance_count(min_capacity=0, max_capacity=4) \
            .scale_on_backlog_size("Backlog", target_backlog_per_instance=5)

        # SageMaker reads each request's input object with the model's role: exactly requests/*.
        model.add_to_role_policy(iam.PolicyStatement(actions=["s3:GetObject"], resources=[bucket.arn_for_objects("requests/*")]))
        # The client puts requests under requests/, invokes, and reads the responses.
        # The client's permissions are a customer-managed policy (no inline policy).
        client = iam.Role(self, "ClientRole", assumed_by=iam.AccountRootPrincipal())
        client_policy = iam.ManagedPolicy(self, "ClientPolicy", roles=[client])
        bucket.grant_put(client_policy, "requests/*")
        bucket.grant_read(client_policy, "responses/*")
        endpoint.grant_invoke(client_policy)

        endpoint.metric_approximate_backlog_size_per_instance().create_alarm(
            self,
            "BacklogAlarm",
            threshold=20,
            evaluation_periods=3,
            comparison_operator=cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
            treat_missing_data=cloudwatch.TreatMissingData.NOT_BREACHING,
        ).add_alarm_action(cloudwatch_actions.SnsAction(failed))

        cdk.CfnOutput(self, "EndpointName", value=endpoint.endpoint_name)
        cdk.CfnOutput(self, "SuccessTopicArn", value=succeeded.topic_arn)


if __name__ == "__main__":
    app = cdk.App()
    AsyncEndpointStack(app, "SageMakerAsyncInferenceExample")
    app.synth()
