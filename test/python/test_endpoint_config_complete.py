"""From Python through the wheel: a data-capturing endpoint with a shadow variant, a variant with
every setting, Clarify explanations and metrics config; the roles name exactly the prefixes and keys."""
import aws_cdk as cdk
import aws_cdk.aws_kms as kms
import aws_cdk.aws_s3 as s3
import pytest
from conftest import checked_template, policy_statements

import cdk_sagemaker_hosting as sagemaker


def statements_of(template, role_prefix):
    return policy_statements(template, role_prefix)


def obj(key):
    return {"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, f":s3:::hosting-data/{key}"]]}


def model(stack, id):
    return sagemaker.Model(stack, id, containers=[
        sagemaker.ContainerDefinition(image=sagemaker.ContainerImage.from_dlc("pytorch-inference", "2.1"))])


def test_shadow_variant_with_capture_and_every_setting(stack):
    bucket = s3.Bucket.from_bucket_name(stack, "Data", "hosting-data")
    key = kms.Key(stack, "Key")
    current, candidate = model(stack, "Current"), model(stack, "Candidate")
    config = sagemaker.EndpointConfig(stack, "Config",
        instance_production_variants=[sagemaker.InstanceProductionVariantProps(
            variant_name="current", model=current, instance_type=sagemaker.InstanceType.M5_LARGE,
            volume_size=cdk.Size.gibibytes(40),
            model_data_download_timeout=cdk.Duration.minutes(10),
            container_startup_health_check_timeout=cdk.Duration.minutes(5),
            instance_provision_timeout=cdk.Duration.minutes(30),
            enable_ssm_access=True,
            routing_strategy=sagemaker.RoutingStrategy.PREFIX_AWARE,
            prefix_aware_routing=sagemaker.PrefixAwareRoutingProps(concurrency_threshold=8, prefix_length=2048),
            core_dump=sagemaker.CoreDumpProps(destination_bucket=bucket, destination_prefix="core", encryption_key=key),
            capacity_reservation=sagemaker.CapacityReservationProps(
                ml_reservation_arn="arn:aws:sagemaker:us-east-1:123456789012:training-plan/plan-a"),
        )],
        data_capture=sagemaker.DataCaptureProps(destination_bucket=bucket, destination_prefix="capture", sampling_percentage=10),
        explainer=sagemaker.ExplainerProps(shap=sagemaker.ShapProps(baseline_bucket=bucket, baseline_key="baseline.csv")),
        metrics_config=sagemaker.MetricsConfigProps(enable_detailed_observability=False,
                                                    metric_publish_frequency=cdk.Duration.seconds(30)),
    )
    config.add_shadow_production_variant(
        variant_name="candidate", model=candidate,
        instance_pools=[sagemaker.InstancePoolProps(instance_type=sagemaker.InstanceType.G6_XLARGE, priority=1),
                        sagemaker.InstancePoolProps(instance_type=sagemaker.InstanceType.G5_XLARGE, priority=2)],
        inference_ami_version="al2023-ami-sagemaker-inference-gpu-4-1")
    sagemaker.Endpoint(stack, "Endpoint", endpoint_config=config)
    template = checked_template(stack)

    props = next(r["Properties"] for r in template["Resources"].values() if r["Type"] == "AWS::SageMaker::EndpointConfig")
    (variant,) = props["ProductionVariants"]
    assert {k: v for k, v in variant.items() if k not in ("ModelName", "CoreDumpConfig")} == {
        "VariantName": "current", "InstanceType": "ml.m5.large", "InitialInstanceCount": 1, "InitialVariantWeight": 1,
        "VolumeSizeInGB": 40, "ModelDataDownloadTimeoutInSeconds": 600, "ContainerStartupHealthCheckTimeoutInSeconds": 300,
        "VariantInstanceProvisionTimeoutInSeconds": 1800, "EnableSSMAccess": True,
        "RoutingConfig": {"RoutingStrategy": "PREFIX_AWARE", "PrefixAwareRoutingConfig": {"ConcurrencyThreshold": 8, "PrefixLength": 2048}},
        "CapacityReservationConfig": {"CapacityReservationPreference": "capacity-reservations-only",
                                      "MlReservationArn": "arn:aws:sagemaker:us-east-1:123456789012:training-plan/plan-a"},
    }
    assert variant["CoreDumpConfig"]["DestinationS3Uri"] == "s3://hosting-data/core"
    (shadow,) = props["ShadowProductionVariants"]
    assert shadow["VariantName"] == "candidate" and "InstanceType" not in shadow
    assert shadow["InstancePools"] == [{"InstanceType": "ml.g6.xlarge", "Priority": 1}, {"InstanceType": "ml.g5.xlarge", "Priority": 2}]
    assert props["MetricsConfig"] == {"EnableDetailedObservability": False, "MetricPublishFrequencyInSeconds": 30}
    assert props["ExplainerConfig"]["ClarifyExplainerConfig"]["ShapConfig"]["ShapBaselineConfig"] == {
        "ShapBaselineUri": "s3://hosting-data/baseline.csv"}

    # the production model writes core dumps and captured data, each under its prefix, and reads the baseline
    current_s3 = sorted((s["Action"], str(s["Resource"])) for s in statements_of(template, "CurrentRole")
                        if str(s["Action"]).startswith("s3:"))
    assert current_s3 == sorted([("s3:PutObject", str(obj("capture/*"))), ("s3:PutObject", str(obj("core/*"))),
                                 ("s3:GetObject", str(obj("baseline.csv")))])
    # the shadow model has no core dump configured: capture and the baseline only
    candidate_s3 = sorted((s["Action"], str(s["Resource"])) for s in statements_of(template, "CandidateRole")
                          if str(s["Action"]).startswith("s3:"))
    assert candidate_s3 == sorted([("s3:PutObject", str(obj("capture/*"))), ("s3:GetObject", str(obj("baseline.csv")))])
    key_users = [s for s in statements_of(template, "CurrentRole") if s["Action"] == ["kms:Encrypt", "kms:GenerateDataKey"]]
    assert [s["Resource"] for s in key_users] == [{"Fn::GetAtt": [next(k for k in template["Resources"] if k.startswith("Key")), "Arn"]}]


def test_rules_reach_python(stack):
    m = model(stack, "M")
    with pytest.raises(RuntimeError, match=r"prefixAwareRouting needs routingStrategy PREFIX_AWARE \(variant 'a' routingStrategy "
                                           r"\(routing_strategy\): got unset"):
        sagemaker.EndpointConfig(stack, "A", instance_production_variants=[sagemaker.InstanceProductionVariantProps(
            variant_name="a", model=m, prefix_aware_routing=sagemaker.PrefixAwareRoutingProps(prefix_length=2048))])
    with pytest.raises(RuntimeError, match=r"volumeSize \(volume_size\): got 600 GiB; allowed whole GiB from 1 to 512"):
        sagemaker.EndpointConfig(stack, "B", instance_production_variants=[sagemaker.InstanceProductionVariantProps(
            variant_name="b", model=m, volume_size=cdk.Size.gibibytes(600))])
    with pytest.raises(RuntimeError, match=r"Cannot add more than one shadow production variant"):
        sagemaker.EndpointConfig(stack, "C",
            instance_production_variants=[sagemaker.InstanceProductionVariantProps(variant_name="p", model=m)],
            shadow_production_variants=[sagemaker.InstanceProductionVariantProps(variant_name="s1", model=m),
                                        sagemaker.InstanceProductionVariantProps(variant_name="s2", model=m)])
    with pytest.raises(RuntimeError, match=r"metricsConfig.metricPublishFrequency \(metrics_config.metric_publish_frequency\) "
                                           r"\(seconds\): got 45"):
        sagemaker.EndpointConfig(stack, "D",
            instance_production_variants=[sagemaker.InstanceProductionVariantProps(variant_name="d", model=m)],
            metrics_config=sagemaker.MetricsConfigProps(metric_publish_frequency=cdk.Duration.seconds(45)))
