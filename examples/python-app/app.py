#!/usr/bin/env python3
"""Example: a SageMaker model served from an ECR image with its artifacts in S3.

Synthesize with `cdk synth` (or the README's main-job command). Context values override the
defaults: `cdk synth -c repository=my-repo -c bucket=my-bucket -c key=models/model.tar.gz`.
"""
import aws_cdk as cdk
from aws_cdk import aws_ecr as ecr
from aws_cdk import aws_s3 as s3
from constructs import Construct

import cdk_sagemaker_hosting as sagemaker


class ModelStack(cdk.Stack):
    """An ECR inference image + a model.tar.gz in S3 -> one SageMaker model (least-privilege role)."""

    def __init__(self, scope: Construct, construct_id: str, **kwargs) -> None:
        super().__init__(scope, construct_id, **kwargs)
        repository_name = self.node.try_get_context("repository") or "my-inference-image"
        bucket_name = self.node.try_get_context("bucket") or "my-model-artifacts"
        key = self.node.try_get_context("key") or "models/churn/model.tar.gz"

        repository = ecr.Repository.from_repository_name(self, "InferenceRepository", repository_name)
        bucket = s3.Bucket.from_bucket_name(self, "ArtifactBucket", bucket_name)

        model = sagemaker.Model(
            self,
            "ChurnModel",
            containers=[
                sagemaker.ContainerDefinition(
                    image=sagemaker.ContainerImage.from_ecr_repository(repository, "1.0.0"),
                    model_data=sagemaker.ModelData.from_bucket(bucket, key),
                    environment={"SAGEMAKER_PROGRAM": "inference.py", "LOG_LEVEL": "info"},
                )
            ],
        )
        cdk.CfnOutput(self, "ModelName", value=model.model_name)
        cdk.CfnOutput(self, "ModelRoleArn", value=model.role.role_arn)


app = cdk.App()
ModelStack(app, "SageMakerHostingExample")
app.synth()
