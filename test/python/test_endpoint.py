"""The RFC's hosting examples (EndpointConfig, Endpoint, AutoScaling, Metrics) in Python, against the wheel."""
import aws_cdk as cdk
import pytest
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_ecr as ecr
from conftest import checked_template, policy_statements

import cdk_sagemaker_hosting as sagemaker


def resources(template, rtype):
    return [r["Properties"] for r in template["Resources"].values() if r["Type"] == rtype]


def two_models(stack):
    repo = ecr.Repository.from_repository_name(stack, "Repo", "inference")
    model_a = sagemaker.Model(stack, "ModelA", containers=[sagemaker.ContainerDefinition(image=sagemaker.ContainerImage.from_ecr_repository(repo, "a"))])
    model_b = sagemaker.Model(stack, "ModelB", containers=[sagemaker.ContainerDefinition(image=sagemaker.ContainerImage.from_ecr_repository(repo, "b"))])
    return model_a, model_b


def test_endpoint_configuration_with_weights(stack):
    # RFC "Endpoint Configuration": two-thirds of the traffic to model A
    model_a, model_b = two_models(stack)
    sagemaker.EndpointConfig(stack, "EndpointConfig", instance_production_variants=[
        sagemaker.InstanceProductionVariantProps(model=model_a, variant_name="modelA", initial_variant_weight=2.0),
        sagemaker.InstanceProductionVariantProps(model=model_b, variant_name="variantB", initial_variant_weight=1.0),
    ])
    (config,) = resources(checked_template(stack), "AWS::SageMaker::EndpointConfig")
    assert [(v["VariantName"], v["InitialVariantWeight"], v["InstanceType"], v["InitialInstanceCount"]) for v in config["ProductionVariants"]] == [
        ("modelA", 2, "ml.t2.medium", 1),
        ("variantB", 1, "ml.t2.medium", 1),
    ]


def test_endpoint_autoscaling_and_metrics(stack):
    # RFC "Endpoint", "AutoScaling" and "Metrics"
    model_a, _ = two_models(stack)
    endpoint_config = sagemaker.EndpointConfig(stack, "EndpointConfig", instance_production_variants=[
        sagemaker.InstanceProductionVariantProps(model=model_a, variant_name="variantName", instance_type=sagemaker.InstanceType.M5_LARGE),
    ])
    endpoint = sagemaker.Endpoint(stack, "Endpoint", endpoint_config=endpoint_config)
    production_variant = endpoint.find_instance_production_variant("variantName")
    instance_count = production_variant.auto_scale_instance_count(max_capacity=3)
    instance_count.scale_on_invocations("LimitRPS", max_requests_per_second=30)
    production_variant.metric_model_latency().create_alarm(stack, "ModelLatencyAlarm", threshold=100000, evaluation_periods=3)

    template = checked_template(stack)
    (target,) = resources(template, "AWS::ApplicationAutoScaling::ScalableTarget")
    assert (target["MinCapacity"], target["MaxCapacity"], target["ScalableDimension"]) == (1, 3, "sagemaker:variant:DesiredInstanceCount")
    (policy,) = resources(template, "AWS::ApplicationAutoScaling::ScalingPolicy")
    assert policy["TargetTrackingScalingPolicyConfiguration"]["TargetValue"] == 900
    (alarm,) = resources(template, "AWS::CloudWatch::Alarm")
    assert (alarm["Namespace"], alarm["MetricName"], alarm["Statistic"]) == ("AWS/SageMaker", "ModelLatency", "Average")
    assert {d["Name"] for d in alarm["Dimensions"]} == {"EndpointName", "VariantName"}


def test_grant_invoke_to_lambda(stack):
    model_a, _ = two_models(stack)
    config = sagemaker.EndpointConfig(stack, "Config", instance_production_variants=[
        sagemaker.InstanceProductionVariantProps(model=model_a, variant_name="a")])
    endpoint = sagemaker.Endpoint(stack, "Endpoint", endpoint_config=config)
    fn = lambda_.Function(stack, "Fn", runtime=lambda_.Runtime.PYTHON_3_12, handler="index.handler", code=lambda_.Code.from_inline("def handler(e, c): pass"))
    endpoint.grant_invoke(fn)
    template = checked_template(stack)
    statements = policy_statements(template)
    invoke = [s for s in statements if "sagemaker:InvokeEndpoint" in s["Action"]]
    assert invoke == [{"Action": ["sagemaker:InvokeEndpoint", "sagemaker:InvokeEndpointWithResponseStream"], "Effect": "Allow", "Resource": {"Ref": invoke[0]["Resource"]["Ref"]}}]
    assert invoke[0]["Resource"]["Ref"].startswith("Endpoint")


def test_serverless_endpoint_with_provisioned_concurrency_scaling(stack):
    model_a, _ = two_models(stack)
    config = sagemaker.EndpointConfig(stack, "Config", serverless_production_variant=sagemaker.ServerlessProductionVariantProps(
        model=model_a, variant_name="sls", max_concurrency=10, memory_size_in_mb=2048, provisioned_concurrency=2))
    endpoint = sagemaker.Endpoint(stack, "Endpoint", endpoint_config=config)
    variant = endpoint.find_serverless_production_variant("sls")
    variant.auto_scale_provisioned_concurrency(max_capacity=10).scale_on_utilization("Util", target_utilization=0.7)
    variant.metric_model_setup_time().create_alarm(stack, "ColdStarts", threshold=5_000_000, evaluation_periods=1)
    template = checked_template(stack)
    (target,) = resources(template, "AWS::ApplicationAutoScaling::ScalableTarget")
    assert target["ScalableDimension"] == "sagemaker:variant:DesiredProvisionedConcurrency"


def test_imports_and_pipeline(stack):
    role = iam.Role(stack, "Role", assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"))
    sagemaker.Endpoint.from_endpoint_name(stack, "Ep", "churn").grant_invoke(role)
    sagemaker.Pipeline.from_pipeline_name(stack, "Pipe", "nightly-training").grant_start_pipeline_execution(role)
    config = sagemaker.EndpointConfig.from_endpoint_config_name(stack, "Cfg", "churn-config")
    endpoint = sagemaker.Endpoint(stack, "Endpoint", endpoint_config=config)
    with pytest.raises(RuntimeError, match="Production variant lookup is not supported for an imported IEndpointConfig"):
        endpoint.find_instance_production_variant("a")
    template = checked_template(stack)
    actions = sorted(a for s in policy_statements(template)
                     for a in (s["Action"] if isinstance(s["Action"], list) else [s["Action"]]))
    assert actions == ["sagemaker:InvokeEndpoint", "sagemaker:InvokeEndpointWithResponseStream", "sagemaker:StartPipelineExecution"]


def test_validation_errors_in_python(stack):
    model_a, _ = two_models(stack)
    config = sagemaker.EndpointConfig(stack, "Config", instance_production_variants=[
        sagemaker.InstanceProductionVariantProps(model=model_a, variant_name="a")])
    with pytest.raises(RuntimeError, match=r"Invalid Production Variant Props: Must have at least one instance \(variant 'b' initialInstanceCount \(initial_instance_count\): got 0"):
        config.add_instance_production_variant(model=model_a, variant_name="b", initial_instance_count=0)
    with pytest.raises(RuntimeError, match=r"variant 's' memorySizeInMB must be one of the allowed values \(variant 's' memorySizeInMB \(memory_size_in_mb\): got 1000; allowed 1024, 2048, 3072, 4096, 5120, 6144\)"):
        sagemaker.EndpointConfig(stack, "Sls", serverless_production_variant=sagemaker.ServerlessProductionVariantProps(
            model=model_a, variant_name="s", max_concurrency=1, memory_size_in_mb=1000))
    endpoint = sagemaker.Endpoint(stack, "Endpoint", endpoint_config=config)
    with pytest.raises(RuntimeError, match="AutoScaling not supported for burstable instance types like ml.t2.medium"):
        endpoint.find_instance_production_variant("a").auto_scale_instance_count(max_capacity=2)


def test_token_numbers(stack):
    model_a, _ = two_models(stack)
    count = cdk.CfnParameter(stack, "Count", type="Number")
    config = sagemaker.EndpointConfig(stack, "Config", instance_production_variants=[
        sagemaker.InstanceProductionVariantProps(model=model_a, variant_name="a", initial_instance_count=count.value_as_number,
                                                 initial_variant_weight=0, instance_type=sagemaker.InstanceType.C5_XLARGE)])
    endpoint = sagemaker.Endpoint(stack, "Endpoint", endpoint_config=config)
    endpoint.find_instance_production_variant("a").auto_scale_instance_count(min_capacity=count.value_as_number, max_capacity=count.value_as_number)
    template = checked_template(stack)
    (cfg,) = resources(template, "AWS::SageMaker::EndpointConfig")
    assert cfg["ProductionVariants"][0]["InitialInstanceCount"] == {"Ref": "Count"}
    assert cfg["ProductionVariants"][0]["InitialVariantWeight"] == 0


def one_variant_endpoint(stack_name, asynchronous=False, **endpoint_props):
    """An app, and the variant 'main' (ml.m5.large) of an endpoint built with these props."""
    import aws_cdk.aws_s3 as s3
    app = cdk.App()
    stack = cdk.Stack(app, stack_name, env=cdk.Environment(account="123456789012", region="us-east-1"))
    model = sagemaker.Model(stack, "Model", containers=[
        sagemaker.ContainerDefinition(image=sagemaker.ContainerImage.from_dlc("pytorch-inference", "2.1"))])
    config = sagemaker.EndpointConfig(stack, "Config", instance_production_variants=[
        sagemaker.InstanceProductionVariantProps(variant_name="main", model=model, instance_type=sagemaker.InstanceType.M5_LARGE)],
        async_inference=sagemaker.AsyncInferenceProps(output_bucket=s3.Bucket.from_bucket_name(stack, "Out", "out-bucket"))
        if asynchronous else None)
    endpoint = sagemaker.Endpoint(stack, "Endpoint", endpoint_config=config, **endpoint_props)
    return app, stack, endpoint.find_instance_production_variant("main")


def test_retained_variant_properties_and_reset_warning():
    def build(retain):
        app, stack, variant = one_variant_endpoint("Retain", retain_all_variant_properties=retain,
            exclude_retained_variant_properties=[sagemaker.VariantPropertyType.DESIRED_WEIGHT] if retain else None)
        variant.auto_scale_instance_count(max_capacity=3).scale_on_invocations("Rps", max_requests_per_second=5)
        template = checked_template(stack)
        warnings = [m.entry.data for m in app.synth().get_stack_artifact("Retain").messages
                    if "autoscaledCountReset" in str(m.entry.data)]
        return template, warnings

    template, warnings = build(True)
    (props,) = [r["Properties"] for r in template["Resources"].values() if r["Type"] == "AWS::SageMaker::Endpoint"]
    assert props["RetainAllVariantProperties"] is True
    assert props["ExcludeRetainedVariantProperties"] == [{"VariantPropertyType": "DesiredWeight"}]
    assert warnings == []
    _, warnings = build(None)
    assert len(warnings) == 1 and "variant 'main' is autoscaled, but retainAllVariantProperties (retain_all_variant_properties) is not set" in warnings[0]


def test_async_endpoint_scales_to_zero_and_back():
    _, stack, variant = one_variant_endpoint("Zero", asynchronous=True, retain_all_variant_properties=True)
    variant.auto_scale_instance_count(min_capacity=0, max_capacity=3).scale_on_backlog_size("Backlog", target_backlog_per_instance=4)
    template = checked_template(stack)
    policies = {r["Properties"]["PolicyType"]: r["Properties"] for r in template["Resources"].values()
                if r["Type"] == "AWS::ApplicationAutoScaling::ScalingPolicy"}
    metric = policies["TargetTrackingScaling"]["TargetTrackingScalingPolicyConfiguration"]["CustomizedMetricSpecification"]
    assert (metric["Namespace"], metric["MetricName"], metric["Statistic"]) == ("AWS/SageMaker", "ApproximateBacklogSizePerInstance", "Average")
    assert policies["StepScaling"]["StepScalingPolicyConfiguration"]["StepAdjustments"] == [
        {"MetricIntervalLowerBound": 0, "ScalingAdjustment": 1}]
    (alarm,) = [r["Properties"] for r in template["Resources"].values() if r["Type"] == "AWS::CloudWatch::Alarm"]
    assert (alarm["MetricName"], alarm["Threshold"]) == ("HasBacklogWithoutCapacity", 1)

    _, _, realtime = one_variant_endpoint("RealTime", retain_all_variant_properties=True)
    with pytest.raises(RuntimeError, match=r"allowed 1 or more \(0 only on an async endpoint, which can scale to zero\)"):
        realtime.auto_scale_instance_count(min_capacity=0, max_capacity=3)
