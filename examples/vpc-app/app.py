#!/usr/bin/env python3
"""Example: a model in a VPC whose stack deletes cleanly.

`VpcModelStack`: a VPC of two isolated subnets (no internet; an S3 gateway endpoint for the model
data), a model in it with the security group the library creates, and an endpoint on one instance.
SageMaker puts network interfaces of the endpoint's instances in the model's security group and
subnets. When the stack is deleted, CloudFormation deletes the endpoint, its configuration and the
model, then the security group's `Custom::SageMakerNetworkInterfaceCleanup` (its function deletes the
interfaces SageMaker left behind and waits for those still attached), then the group and subnets.

Synthesize with `cdk synth`; context values override the defaults:
`cdk synth -c repository=my-repo -c bucket=my-bucket`; `-c network_interface_cleanup=false` leaves the
cleanup out (the stack's deletion then fails while SageMaker's interfaces remain).
"""
import aws_cdk as cdk
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_ecr as ecr
from aws_cdk import aws_s3 as s3
from constructs import Construct

import cdk_sagemaker_hosting as sagemaker


class VpcModelStack(cdk.Stack):
    """A VPC model behind an endpoint, with the release of its network interfaces on deletion."""

    def __init__(self, scope: Construct, construct_id: str, **kwargs) -> None:
        super().__init__(scope, construct_id, **kwargs)
        vpc = ec2.Vpc(
            self,
            "Vpc",
            max_azs=2,
            nat_gateways=0,
            subnet_configuration=[
                ec2.SubnetConfiguration(name="Models", subnet_type=ec2.SubnetType.PRIVATE_ISOLATED, cidr_mask=24)],
            gateway_endpoints={"S3": ec2.GatewayVpcEndpointOptions(service=ec2.GatewayVpcEndpointAwsService.S3)},
        )
        repository = ecr.Repository.from_repository_name(
            self, "ModelRepository", self.node.try_get_context("repository") or "fraud-model")
        bucket = s3.Bucket.from_bucket_name(self, "Artifacts", self.node.try_get_context("bucket") or "ml-artifacts")

        # The library creates the model's security group (and its cleanup) in this stack.
        model = sagemaker.Model(
            self,
            "FraudModel",
            vpc=vpc,
            network_interface_cleanup=self.node.try_get_context("network_interface_cleanup") != "false",
            containers=[
                sagemaker.ContainerDefinition(
                    image=sagemaker.ContainerImage.from_ecr_repository(repository, "1.0.0"),
                    model_data=sagemaker.ModelData.from_bucket(bucket, "fraud/1.0.0/model.tar.gz"),
                )
            ],
        )
        config = sagemaker.EndpointConfig(
            self,
            "FraudConfig",
            instance_production_variants=[sagemaker.InstanceProductionVariantProps(
                model=model, variant_name="AllTraffic", instance_type=sagemaker.InstanceType.M5_LARGE)],
        )
        endpoint = sagemaker.Endpoint(self, "FraudEndpoint", endpoint_config=config)

        cdk.CfnOutput(self, "EndpointName", value=endpoint.endpoint_name)
        cdk.CfnOutput(self, "SecurityGroupId", value=model.connections.security_groups[0].security_group_id)


if __name__ == "__main__":
    app = cdk.App()
    VpcModelStack(app, "SageMakerVpcExample")
    app.synth()
