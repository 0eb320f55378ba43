#!/usr/bin/env python3
"""Example: open models in one call. An LLM served by vLLM on four GPUs, and a scikit-learn model on
serverless inference, each from SageMaker's published images (no image URI, account or tag to look up).

`LlmStack`: a Hugging Face model on ml.g5.12xlarge (4 NVIDIA A10G), served by the AWS vLLM container
with tensor parallelism 4 and an 8k context; the library sets the container's own variables
(SM_VLLM_MODEL, SM_VLLM_TENSOR_PARALLEL_SIZE, SM_VLLM_MAX_MODEL_LEN), the region's image account,
and the inference AMI the CUDA 13 image needs. One to two instances, scaled on concurrent requests;
the recommended alarms notify a topic; a client role may invoke the endpoint and nothing else.

`SklearnServerlessStack`: a scikit-learn model artifact (model.tar.gz with its inference script)
on a serverless endpoint, through SageMaker's scikit-learn framework image.

Both stacks are env-agnostic: the images' accounts come from a mapping over every region they are
published in. Synthesize with `cdk synth`; context values override the defaults:
`cdk synth -c model_id=Qwen/Qwen2.5-14B-Instruct -c bucket=my-model-bucket`.
"""
import aws_cdk as cdk
from aws_cdk import aws_cloudwatch_actions as cloudwatch_actions
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_sns as sns
from constructs import Construct

import cdk_sagemaker_hosting as sagemaker


class LlmStack(cdk.Stack):
    """A Hugging Face LLM on vLLM with tensor parallelism 4, autoscaled and alarmed."""

    def __init__(self, scope: Construct, construct_id: str, **kwargs) -> None:
        super().__init__(scope, construct_id, **kwargs)
        model_id = self.node.try_get_context("model_id") or "Qwen/Qwen2.5-14B-Instruct"

        # The engine, at a version of SageMaker Python SDK v3's tables: upgrading the library never changes it.
        vllm = sagemaker.ServingImage.vllm(sagemaker.VllmVersion.V0_28_0)
        model = sagemaker.Model(
            self,
            "LlmModel",
            containers=[vllm.serve(hub_model_id=model_id, tensor_parallel_degree=4, max_model_length=8192)],
        )
        config = sagemaker.EndpointConfig(
            self,
            "LlmConfig",
            instance_production_variants=[
                sagemaker.InstanceProductionVariantProps(
                    model=model,
                    variant_name="llm",
                    instance_type=sagemaker.InstanceType.G5_12_XLARGE,
                    # downloading and loading the weights takes minutes
                    container_startup_health_check_timeout=cdk.Duration.minutes(20),
                )
            ],
        )
        endpoint = sagemaker.Endpoint(self, "LlmEndpoint", endpoint_config=config, retain_all_variant_properties=True)
        variant = endpoint.find_instance_production_variant("llm")
        variant.auto_scale_instance_count(min_capacity=1, max_capacity=2) \
            .scale_on_concurrent_requests("ConcurrentRequests", target_concurrent_requests=16)

        alerts_key = kms.Key(self, "AlertsKey", enable_key_rotation=True)
        alerts_key.grant(iam.ServicePrincipal("cloudwatch.amazonaws.com"), "kms:Decrypt", "kms:GenerateDataKey*")
        alerts = sns.Topic(self, "Alerts", master_key=alerts_key, enforce_ssl=True)
        # GPU utilization and memory alarms come with a GPU instance type.
        variant.add_recommended_alarms("Alarms", alarm_actions=[cloudwatch_actions.SnsAction(alerts)])

        # The invoker: a role that may invoke this endpoint and nothing else (a customer-managed policy).
        invoker = iam.Role(self, "InvokerRole", assumed_by=iam.AccountRootPrincipal())
        invoker_policy = iam.ManagedPolicy(self, "InvokerPolicy", roles=[invoker])
        endpoint.grant_invoke(invoker_policy)

        cdk.CfnOutput(self, "EndpointName", value=endpoint.endpoint_name)
        cdk.CfnOutput(self, "InvokerRoleArn", value=invoker.role_arn)


class SklearnServerlessStack(cdk.Stack):
    """A scikit-learn model on a serverless endpoint, through SageMaker's framework image."""

    def __init__(self, scope: Construct, construct_id: str, **kwargs) -> None:
        super().__init__(scope, construct_id, **kwargs)
        bucket = s3.Bucket.from_bucket_name(self, "Models", self.node.try_get_context("bucket") or "my-model-artifacts")
        model = sagemaker.Model(
            self,
            "SklearnModel",
            containers=[
                sagemaker.ContainerDefinition(
                    image=sagemaker.ServingImage.sklearn(sagemaker.SklearnVersion.V1_4_2_PY312),
                    # model.tar.gz holds the model and code/inference.py
                    model_data=sagemaker.ModelData.from_bucket(bucket, "churn/sklearn/model.tar.gz"),
                    environment={"SAGEMAKER_PROGRAM": "inference.py"},
                )
            ],
        )
        config = sagemaker.EndpointConfig(
            self,
            "SklearnConfig",
            serverless_production_variant=sagemaker.ServerlessProductionVariantProps(
                model=model, variant_name="main", max_concurrency=5, memory_size_in_mb=2048
            ),
        )
        endpoint = sagemaker.Endpoint(self, "SklearnEndpoint", endpoint_config=config)
        cdk.CfnOutput(self, "EndpointName", value=endpoint.endpoint_name)


if __name__ == "__main__":
    app = cdk.App()
    LlmStack(app, "SageMakerLlmExample")
    SklearnServerlessStack(app, "SageMakerSklearnServerlessExample")
    app.synth()
