#!/usr/bin/env python3
"""Example: two LLMs and a LoRA adapter sharing one GPU instance type, scaled to zero when idle.

One endpoint configuration hosts inference components (its variant names no model). Llama runs
from a SageMaker Model; Mistral runs from a container specification (an image and a .tar.gz in
S3) with the configuration's execution role; a SQL adapter runs on Llama's copies. Each model has
its own GPU and memory reservation and its own copy count: both scale on concurrent requests per
copy, down to zero copies, and SageMaker releases the idle instances (managed instance scaling,
minimum 0). A request to a component with no copy brings one back (NoCapacityInvocationFailures).

Synthesize with `cdk synth`; context values override the defaults:
`cdk synth -c bucket=my-model-bucket -c repository=my-llm-image`.
"""
import aws_cdk as cdk
from aws_cdk import aws_ecr as ecr
from aws_cdk import aws_iam as iam
from aws_cdk import aws_s3 as s3
from constructs import Construct

import cdk_sagemaker_hosting as sagemaker


class SharedGpuStack(cdk.Stack):
    """One GPU endpoint, two models, one adapter, each scaled on its own."""

    def __init__(self, scope: Construct, construct_id: str, **kwargs) -> None:
        super().__init__(scope, construct_id, **kwargs)
        bucket = s3.Bucket.from_bucket_name(self, "Models", self.node.try_get_context("bucket") or "my-llm-artifacts")
        repository = ecr.Repository.from_repository_name(self, "Image", self.node.try_get_context("repository") or "my-llm-image")
        image = sagemaker.ContainerImage.from_ecr_repository(repository, "tgi-2.3")

        config = sagemaker.EndpointConfig(
            self,
            "SharedGpuConfig",
            instance_production_variants=[
                sagemaker.InstanceProductionVariantProps(
                    variant_name="gpu",
                    instance_type=sagemaker.InstanceType.G5_12_XLARGE,  # 4 GPUs, 192 GiB
                    initial_instance_count=1,
                    managed_instance_scaling=sagemaker.ManagedInstanceScalingProps(min_instance_count=0, max_instance_count=2),
                    routing_strategy=sagemaker.RoutingStrategy.LEAST_OUTSTANDING_REQUESTS,
                )
            ],
        )
        endpoint = sagemaker.Endpoint(self, "SharedGpuEndpoint", endpoint_config=config)

        llama_model = sagemaker.Model(
            self,
            "LlamaModel",
            containers=[
                sagemaker.ContainerDefinition(
                    image=image,
                    model_data=sagemaker.ModelData.from_bucket(bucket, "llama-3-8b/model.tar.gz"),
                    environment={"MAX_TOTAL_TOKENS": "4096"},
                )
            ],
        )
        gpu_copy = sagemaker.ComputeResourceRequirements(
            number_of_accelerator_devices_required=1, number_of_cpu_cores_required=4, min_memory_required_in_mb=24576
        )
        llama = sagemaker.InferenceComponent(
            self,
            "Llama",
            endpoint=endpoint,
            variant_name="gpu",
            model=llama_model,
            compute_resource_requirements=gpu_copy,
            startup_parameters=sagemaker.InferenceComponentStartupParameters(
                model_data_download_timeout=cdk.Duration.minutes(20),
                container_startup_health_check_timeout=cdk.Duration.minutes(15),
            ),
        )
        mistral = sagemaker.InferenceComponent(
            self,
            "Mistral",
            endpoint=endpoint,
            variant_name="gpu",
            container=sagemaker.InferenceComponentContainer(
                image=image,
                artifact=sagemaker.ModelData.from_bucket(bucket, "mistral-7b/model.tar.gz"),
                environment={"MAX_TOTAL_TOKENS": "8192"},
            ),
            compute_resource_requirements=gpu_copy,
            enable_data_caching=True,
        )
        sql_adapter = sagemaker.InferenceComponent(
            self,
            "SqlAdapter",
            endpoint=endpoint,
            variant_name="gpu",
            base_inference_component=llama,
            container=sagemaker.InferenceComponentContainer(
                artifact=sagemaker.ModelData.from_bucket(bucket, "adapters/sql/adapter.tar.gz")
            ),
        )

        # Each model scales on its own, to zero copies when idle; the first request brings a copy back.
        for component in (llama, mistral):
            component.auto_scale_copy_count(min_capacity=0, max_capacity=4).scale_on_concurrent_requests(
                "ConcurrentRequests", target_concurrent_requests=4
            )

        # The client may invoke exactly these components through this endpoint (a customer-managed
        # policy, no inline one).
        client = iam.Role(self, "ClientRole", assumed_by=iam.AccountRootPrincipal())
        client_policy = iam.ManagedPolicy(self, "ClientPolicy", roles=[client])
        for component in (llama, mistral, sql_adapter):
            component.grant_invoke(client_policy)

        cdk.CfnOutput(self, "EndpointName", value=endpoint.endpoint_name)
        for component in (llama, mistral, sql_adapter):
            cdk.CfnOutput(self, f"{component.node.id}ComponentName", value=component.inference_component_name)


if __name__ == "__main__":
    app = cdk.App()
    SharedGpuStack(app, "SageMakerSharedGpuExample")
    app.synth()
