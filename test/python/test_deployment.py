"""Deployment guardrails and utilization autoscaling from Python, through the wheel."""
import aws_cdk as cdk
import pytest
from aws_cdk import aws_cloudwatch as cloudwatch
from conftest import checked_template, policy_statements

import cdk_sagemaker_hosting as sagemaker

Duration = cdk.Duration
CapacitySize = sagemaker.CapacitySize
DeploymentStrategy = sagemaker.DeploymentStrategy


def build(name, variants=1, instances=4, serverless=False, endpoint_name=None, **endpoint_props):
    """An app with one endpoint of `variants` instance variants ('v0', ...) of `instances` instances each."""
    app = cdk.App()
    stack = cdk.Stack(app, name, env=cdk.Environment(account="123456789012", region="us-east-1"))
    model = sagemaker.Model(stack, "Model", containers=[
        sagemaker.ContainerDefinition(image=sagemaker.ContainerImage.from_dlc("pytorch-inference", "2.1"))])
    if serverless:
        config = sagemaker.EndpointConfig(stack, "Config", serverless_production_variant=sagemaker.ServerlessProductionVariantProps(
            variant_name="s", model=model, max_concurrency=5, memory_size_in_mb=2048))
    else:
        config = sagemaker.EndpointConfig(stack, "Config", instance_production_variants=[
            sagemaker.InstanceProductionVariantProps(variant_name=f"v{i}", model=model, instance_type=sagemaker.InstanceType.M5_LARGE,
                                                     initial_instance_count=instances) for i in range(variants)])
    endpoint = sagemaker.Endpoint(stack, "Endpoint", endpoint_config=config, endpoint_name=endpoint_name, **endpoint_props)
    return app, stack, endpoint


def endpoint_props(template):
    (props,) = [r["Properties"] for r in template["Resources"].values() if r["Type"] == "AWS::SageMaker::Endpoint"]
    return props


def warnings(app, stack_name, ack_id):
    return [str(m.entry.data) for m in app.synth().get_stack_artifact(stack_name).messages if f"cdk-sagemaker-hosting:{ack_id}]" in str(m.entry.data)]


def test_canary_with_rollback_alarms_on_rate_and_latency():
    app, stack, endpoint = build("Canary", endpoint_name="canary", deployment=DeploymentStrategy.canary(
        canary_size=CapacitySize.percent(25), wait_interval=Duration.minutes(10), termination_wait=Duration.minutes(5),
        maximum_execution_timeout=Duration.hours(1)))
    variant = endpoint.find_instance_production_variant("v0")
    rate = cloudwatch.MathExpression(expression="100 * e / i", using_metrics={
        "e": variant.metric_invocation5xx_errors(), "i": variant.metric_invocations()})
    endpoint.add_rollback_alarm(rate.create_alarm(stack, "ErrorRate", threshold=5, evaluation_periods=2))
    endpoint.add_rollback_alarm(variant.metric_model_latency(statistic="p90").create_alarm(stack, "Latency", threshold=200_000, evaluation_periods=2))
    template = checked_template(stack)
    deployment = endpoint_props(template)["DeploymentConfig"]
    assert deployment["BlueGreenUpdatePolicy"] == {
        "TrafficRoutingConfiguration": {"Type": "CANARY", "WaitIntervalInSeconds": 600, "CanarySize": {"Type": "CAPACITY_PERCENT", "Value": 25}},
        "TerminationWaitInSeconds": 300,
        "MaximumExecutionTimeoutInSeconds": 3600,
    }
    alarms = sorted(k for k, r in template["Resources"].items() if r["Type"] == "AWS::CloudWatch::Alarm")
    assert sorted(a["AlarmName"]["Ref"] for a in deployment["AutoRollbackConfiguration"]["Alarms"]) == alarms
    (describe,) = [s for s in policy_statements(template) if s["Action"] == "cloudwatch:DescribeAlarms"]
    assert sorted(x["Fn::GetAtt"][0] for x in describe["Resource"]) == alarms
    assert warnings(app, "Canary", "stepShare") == []


def test_linear_and_rolling():
    _, stack, _ = build("Linear", variants=2, deployment=DeploymentStrategy.linear(
        step_size=CapacitySize.instances(1), wait_interval=Duration.minutes(2)))
    assert endpoint_props(checked_template(stack))["DeploymentConfig"] == {"BlueGreenUpdatePolicy": {
        "TrafficRoutingConfiguration": {"Type": "LINEAR", "WaitIntervalInSeconds": 120, "LinearStepSize": {"Type": "INSTANCE_COUNT", "Value": 1}}}}
    _, stack, _ = build("Rolling", instances=10, retain_deployment_config=True, deployment=DeploymentStrategy.rolling(
        maximum_batch_size=CapacitySize.percent(20), wait_interval=Duration.minutes(5),
        rollback_maximum_batch_size=CapacitySize.instances(5), maximum_execution_timeout=Duration.hours(2)))
    props = endpoint_props(checked_template(stack))
    assert props["RetainDeploymentConfig"] is True
    assert props["DeploymentConfig"] == {"RollingUpdatePolicy": {
        "MaximumBatchSize": {"Type": "CAPACITY_PERCENT", "Value": 20}, "WaitIntervalInSeconds": 300,
        "RollbackMaximumBatchSize": {"Type": "INSTANCE_COUNT", "Value": 5}, "MaximumExecutionTimeoutInSeconds": 7200}}


@pytest.mark.parametrize("strategy, message", [
    (lambda: DeploymentStrategy.canary(canary_size=CapacitySize.percent(10), wait_interval=Duration.seconds(3601)),
     r"deployment.waitInterval \(deployment.wait_interval\): got 3601 seconds; allowed whole seconds from 0 to 3600"),
    (lambda: DeploymentStrategy.all_at_once(termination_wait=Duration.millis(1500)),
     r"deployment.terminationWait \(deployment.termination_wait\): got 1.5 seconds; allowed whole seconds from 0 to 3600"),
    (lambda: DeploymentStrategy.all_at_once(maximum_execution_timeout=Duration.minutes(5)),
     r"deployment.maximumExecutionTimeout \(deployment.maximum_execution_timeout\): got 300 seconds; allowed whole seconds from 600 to 28800"),
    (lambda: DeploymentStrategy.rolling(maximum_batch_size=CapacitySize.instances(0), wait_interval=Duration.minutes(1)),
     r"deployment.maximumBatchSize \(deployment.maximum_batch_size\) \(CapacitySize.instances\(\)\): got 0; allowed an integer 1 or more"),
])
def test_invalid_timings_and_sizes_name_property_and_value(strategy, message):
    with pytest.raises(RuntimeError, match=r"Invalid/Endpoint: .*" + message):
        build("Invalid", deployment=strategy())


@pytest.mark.parametrize("kwargs, message", [
    (dict(variants=2), r"Rolling deployments do not support endpoints with more than one production variant \(deployment: got "
                       r"DeploymentStrategy.rolling\(\) with variants 'v0', 'v1'"),
    (dict(serverless=True), r"Rolling deployments do not support serverless endpoints"),
])
def test_rolling_exclusions_fail_at_synth(kwargs, message):
    _, stack, _ = build("Excluded", deployment=DeploymentStrategy.rolling(
        maximum_batch_size=CapacitySize.percent(25), wait_interval=Duration.minutes(1)), **kwargs)
    with pytest.raises(RuntimeError, match=message):
        cdk.assertions.Template.from_stack(stack)


def test_eleven_rollback_alarms_fail_at_synth():
    _, stack, endpoint = build("Alarms", deployment=DeploymentStrategy.all_at_once(wait_interval=Duration.minutes(5)))
    for i in range(11):
        endpoint.add_rollback_alarm(cloudwatch.Alarm.from_alarm_name(stack, f"A{i}", f"alarm-{i}"))
    with pytest.raises(RuntimeError, match=r"rollbackAlarms \(rollback_alarms\): got 11 alarms; allowed 1 to 10 CloudWatch alarms"):
        cdk.assertions.Template.from_stack(stack)


def test_documented_step_shares_are_warnings():
    app, stack, _ = build("Share", instances=2, deployment=DeploymentStrategy.canary(
        canary_size=CapacitySize.instances(2), wait_interval=Duration.minutes(1)))
    checked_template(stack)
    (warning,) = warnings(app, "Share", "stepShare")
    assert "deployment.canarySize (deployment.canary_size) of 2 instances is 100 % of its instances" in warning


def test_cpu_and_gpu_utilization_scaling():
    app = cdk.App()
    stack = cdk.Stack(app, "Utilization", env=cdk.Environment(account="123456789012", region="us-east-1"))
    model = sagemaker.Model(stack, "Model", containers=[
        sagemaker.ContainerDefinition(image=sagemaker.ContainerImage.from_dlc("pytorch-inference", "2.1"))])
    config = sagemaker.EndpointConfig(stack, "Config", instance_production_variants=[
        sagemaker.InstanceProductionVariantProps(variant_name="gpu", model=model, instance_type=sagemaker.InstanceType.G5_XLARGE)])
    endpoint = sagemaker.Endpoint(stack, "Endpoint", endpoint_config=config, retain_all_variant_properties=True)
    count = endpoint.find_instance_production_variant("gpu").auto_scale_instance_count(max_capacity=4)
    count.scale_on_cpu_utilization("Cpu", target_utilization_percent=280)
    count.scale_on_gpu_utilization("Gpu", target_utilization_percent=70)
    template = checked_template(stack)
    specs = sorted((r["Properties"]["TargetTrackingScalingPolicyConfiguration"]["TargetValue"],
                    r["Properties"]["TargetTrackingScalingPolicyConfiguration"]["CustomizedMetricSpecification"])
                   for r in template["Resources"].values() if r["Type"] == "AWS::ApplicationAutoScaling::ScalingPolicy")
    assert [(t, m["Namespace"], m["MetricName"], m["Statistic"], [d["Name"] for d in m["Dimensions"]]) for t, m in specs] == [
        (70, "/aws/sagemaker/Endpoints", "GPUUtilization", "Average", ["EndpointName", "VariantName"]),
        (280, "/aws/sagemaker/Endpoints", "CPUUtilization", "Average", ["EndpointName", "VariantName"]),
    ]
    with pytest.raises(RuntimeError, match=r"targetUtilizationPercent \(target_utilization_percent\): got 0; allowed a number above 0"):
        count.scale_on_cpu_utilization("Zero", target_utilization_percent=0)
