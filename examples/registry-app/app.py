#!/usr/bin/env python3
"""Example: deploy from the SageMaker Model Registry.

A Model Package Group holds the versions of a fraud model. The app registers one version itself
(image and model data named in the app, approved), and serves the group's newest approved version:
a lookup at deploy time (`ModelPackage.latest_approved`) asks SageMaker for it on every deploy, so a
version your training pipeline approves later is picked up by the next deploy. The model's role may
pull exactly the model repository and read exactly the models' prefix. An EventBridge rule sends
every approval-state change of the group to an encrypted SNS topic, and the deploy account named in
context may deploy the group's versions (the group's resource policy).

Synthesize with `cdk synth`; context values override the defaults:
`cdk synth -c repository=my-repo -c bucket=my-bucket -c deploy_account=210987654321`.
"""
import aws_cdk as cdk
from aws_cdk import aws_ecr as ecr
from aws_cdk import aws_events_targets as targets
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_sns as sns
from constructs import Construct

import cdk_sagemaker_hosting as sagemaker


class RegistryStack(cdk.Stack):
    """A group, a registered version, an endpoint on the newest approved version, an approval rule."""

    def __init__(self, scope: Construct, construct_id: str, **kwargs) -> None:
        super().__init__(scope, construct_id, **kwargs)
        repository = ecr.Repository.from_repository_name(
            self, "ModelRepository", self.node.try_get_context("repository") or "fraud-model")
        bucket = s3.Bucket.from_bucket_name(self, "Artifacts", self.node.try_get_context("bucket") or "ml-artifacts")

        group = sagemaker.ModelPackageGroup(self, "FraudModels")

        # A version registered by the app; training pipelines register theirs in the same group.
        sagemaker.ModelPackage(
            self,
            "Baseline",
            model_package_group=group,
            containers=[sagemaker.ContainerDefinition(
                image=sagemaker.ContainerImage.from_ecr_repository(repository, "1.0.0"),
                model_data=sagemaker.ModelData.from_bucket(bucket, "models/fraud/1.0.0/model.tar.gz"),
            )],
            supported_realtime_inference_instance_types=[sagemaker.InstanceType.M5_LARGE, sagemaker.InstanceType.M5_XLARGE],
            approval_status=sagemaker.ModelApprovalStatus.APPROVED,
            description="Baseline registered by the app",
        )

        # The newest approved version, looked up on every deploy. Every version's image is in the
        # repository and its model data under models/fraud/: the role may pull and read exactly those.
        latest = sagemaker.ModelPackage.latest_approved(
            self,
            "LatestApproved",
            model_package_group=group,
            sources=sagemaker.ModelPackageSources(
                images=[sagemaker.ContainerImage.from_ecr_repository(repository, "1.0.0")],
                model_data=[sagemaker.ModelData.from_bucket(bucket, "models/fraud/", s3_data_type=sagemaker.S3DataType.S3_PREFIX)],
            ),
            refresh_token=self.node.try_get_context("refresh"),
        )
        key = kms.Key(self, "Key", enable_key_rotation=True)
        model = sagemaker.Model(self, "FraudModel", containers=[sagemaker.ContainerDefinition(model_package=latest)])
        config = sagemaker.EndpointConfig(
            self,
            "FraudConfig",
            encryption_key=key,
            instance_production_variants=[sagemaker.InstanceProductionVariantProps(
                model=model, variant_name="AllTraffic", instance_type=sagemaker.InstanceType.M5_LARGE)],
        )
        endpoint = sagemaker.Endpoint(self, "FraudEndpoint", endpoint_config=config)

        approvals = sns.Topic(self, "Approvals", master_key=key, enforce_ssl=True)
        group.on_approval_state_change("ApprovalChanged", target=targets.SnsTopic(approvals))

        deploy_account = self.node.try_get_context("deploy_account") or "210987654321"
        group.grant_deploy(iam.AccountPrincipal(deploy_account))

        cdk.CfnOutput(self, "ModelPackageGroupName", value=group.model_package_group_name)
        cdk.CfnOutput(self, "ServedModelPackage", value=latest.model_package_arn)
        cdk.CfnOutput(self, "EndpointName", value=endpoint.endpoint_name)


app = cdk.App()
RegistryStack(app, "SageMakerRegistryExample", env=cdk.Environment(account="123456789012", region="us-east-1"))
app.synth()
