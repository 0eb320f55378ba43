"""Recommended alarms, detailed-observability alarms and the dashboard from Python, through the wheel."""
import json

import aws_cdk as cdk
import pytest
from aws_cdk import aws_cloudwatch_actions as cloudwatch_actions
from aws_cdk import aws_sns as sns
from conftest import checked_template

import cdk_sagemaker_hosting as sagemaker

Duration = cdk.Duration
IMAGE = sagemaker.ContainerImage.from_dlc("pytorch-inference", "2.1")


def alarms_by_name(template):
    return {r["Properties"]["AlarmName"]: r["Properties"] for r in template["Resources"].values() if r["Type"] == "AWS::CloudWatch::Alarm"}


def dashboard_widgets(template):
    (dashboard,) = [r["Properties"] for r in template["Resources"].values() if r["Type"] == "AWS::CloudWatch::Dashboard"]
    body = dashboard["DashboardBody"]
    text = body if isinstance(body, str) else "".join(p if isinstance(p, str) else "TOKEN" for p in body["Fn::Join"][1])
    return json.loads(text)["widgets"]


def titles(widgets):
    return [w["properties"].get("title", w["properties"].get("markdown")) for w in widgets]


def dims(endpoint, variant):
    return [{"Name": "EndpointName", "Value": endpoint}, {"Name": "VariantName", "Value": variant}]


def test_two_components_and_an_adapter_on_one_gpu_endpoint_alarms_and_dashboard(stack):
    config = sagemaker.EndpointConfig(stack, "Config", instance_production_variants=[
        sagemaker.InstanceProductionVariantProps(variant_name="gpu", instance_type=sagemaker.InstanceType.G5_12_XLARGE)])
    endpoint = sagemaker.Endpoint(stack, "Endpoint", endpoint_config=config, endpoint_name="llm")
    model = sagemaker.Model(stack, "Model", containers=[sagemaker.ContainerDefinition(image=IMAGE)])
    gpu = sagemaker.ComputeResourceRequirements(min_memory_required_in_mb=8192, number_of_accelerator_devices_required=1)
    llama = sagemaker.InferenceComponent(stack, "Llama", endpoint=endpoint, variant_name="gpu", model=model,
                                         inference_component_name="llama", compute_resource_requirements=gpu)
    mistral = sagemaker.InferenceComponent(stack, "Mistral", endpoint=endpoint, variant_name="gpu", model=model,
                                           inference_component_name="mistral", compute_resource_requirements=gpu)
    topic = sns.Topic(stack, "Alerts")
    actions = [cloudwatch_actions.SnsAction(topic)]
    # alarm_name_prefix names the alarms <prefix>-<alarm> (<prefix>-<variant>-<alarm> for a variant)
    created = {c.inference_component_name: [a.node.id for a in c.add_recommended_alarms(
        "Alarms", alarm_actions=actions, alarm_name_prefix=c.inference_component_name)] for c in (llama, mistral)}
    assert created["llama"] == created["mistral"] == [
        "Invocation5XXErrorRate", "Invocation4XXErrorRate", "ModelLatency", "NoCapacityInvocationFailures",
        "CPUUtilizationNormalized", "MemoryUtilizationNormalized", "GPUUtilizationNormalized", "GPUMemoryUtilizationNormalized"]
    variant_alarms = endpoint.add_recommended_alarms("Alarms", alarm_actions=actions, alarm_name_prefix="llm")
    assert [a.node.id for a in variant_alarms] == [
        "CPUUtilization", "MemoryUtilization", "DiskUtilization", "GPUUtilization", "GPUMemoryUtilization"]
    prom = llama.add_detailed_observability_alarms("Prom", alarm_name_prefix="llama", time_to_first_token=sagemaker.TimeToFirstTokenAlarmOptions(
        framework=sagemaker.InferenceFramework.VLLM))
    assert [a.node.id for a in prom] == ["TimeToFirstToken"]
    sagemaker.EndpointDashboard(stack, "Dashboard", endpoints=[endpoint])
    template = checked_template(stack)

    alarms = alarms_by_name(template)
    topic_ref = {"Ref": [k for k, r in template["Resources"].items() if r["Type"] == "AWS::SNS::Topic"][0]}
    for name in ("llama", "mistral"):
        ic = [{"Name": "InferenceComponentName", "Value": name}]
        rate = alarms[f"{name}-Invocation5XXErrorRate"]
        assert rate["Metrics"][0]["Expression"] == "IF(invocations > 0, 100 * errors / invocations, 0)"
        assert [(m["MetricStat"]["Metric"]["Namespace"], m["MetricStat"]["Metric"]["MetricName"], m["MetricStat"]["Metric"]["Dimensions"],
                 m["MetricStat"]["Stat"]) for m in rate["Metrics"][1:]] == [
            ("AWS/SageMaker", "Invocation5XXErrors", ic, "Sum"), ("AWS/SageMaker", "Invocations", ic, "Sum")]
        assert (rate["Threshold"], rate["ComparisonOperator"], rate["AlarmActions"]) == (1, "GreaterThanThreshold", [topic_ref])
        assert alarms[f"{name}-Invocation4XXErrorRate"]["Threshold"] == 5
        latency = alarms[f"{name}-ModelLatency"]
        assert (latency["Namespace"], latency["MetricName"], latency["Dimensions"], latency["ExtendedStatistic"], latency["Threshold"]) == (
            "AWS/SageMaker", "ModelLatency", ic, "p90", 48_000_000)
        failures = alarms[f"{name}-NoCapacityInvocationFailures"]
        assert (failures["MetricName"], failures["Statistic"], failures["Threshold"], failures["Dimensions"]) == (
            "NoCapacityInvocationFailures", "Sum", 0, ic)
        for metric in ("CPUUtilizationNormalized", "MemoryUtilizationNormalized", "GPUUtilizationNormalized", "GPUMemoryUtilizationNormalized"):
            a = alarms[f"{name}-{metric}"]
            assert (a["Namespace"], a["MetricName"], a["Dimensions"], a["Statistic"], a["Threshold"]) == (
                "/aws/sagemaker/InferenceComponents", metric, ic, "Average", 90)
    cpu = alarms["llm-gpu-CPUUtilization"]
    assert (cpu["Namespace"], cpu["Dimensions"], cpu["Threshold"]) == ("/aws/sagemaker/Endpoints", dims("llm", "gpu"), 90 * 48)
    assert alarms["llm-gpu-GPUUtilization"]["Threshold"] == 90 * 4
    ttft = alarms["llama-TimeToFirstToken"]
    assert ttft["EvaluationCriteria"]["PromQLCriteria"]["Query"] == (
        'histogram_quantile(0.9, sum by ("aws.sagemaker.inference_component.name") (rate({"vllm:time_to_first_token_seconds", '
        '"aws.sagemaker.inference_component.name"="llama"}[5m]))) > 2')

    widgets = dashboard_widgets(template)
    component_row = ["Invocations", "Errors", "Model latency (µs)", "Overhead latency (µs)", "Utilization of reserved resources (%)",
                     "Copies (invocations ÷ invocations per copy)", "Concurrent requests per copy"]
    assert titles(widgets) == [
        "## SageMaker endpoint llm", "### Variant gpu · ml.g5.12xlarge · hosts inference components", "Utilization (%)",
        "### Inference component llama", *component_row, "### Inference component mistral", *component_row, "Alarms"]
    assert len(widgets[-1]["properties"]["alarms"]) == 8 + 8 + 5 + 1


def test_an_imported_endpoint_gets_variant_alarms_and_dashboard_rows(stack):
    imported = sagemaker.Endpoint.from_endpoint_name(stack, "Legacy", "legacy-endpoint")
    variant = imported.instance_variant_by_name("AllTraffic", instance_type=sagemaker.InstanceType.G5_2_XLARGE)
    created = variant.add_recommended_alarms(
        "Alarms", alarm_name_prefix="legacy-endpoint", invocation4xx_errors=sagemaker.RecommendedAlarmOptions(enabled=False),
        model_latency=sagemaker.LatencyAlarmOptions(threshold=Duration.millis(500), percentile=99))
    assert [a.node.id for a in created] == [
        "Invocation5XXErrorRate", "ModelLatency", "CPUUtilization", "MemoryUtilization", "DiskUtilization", "GPUUtilization",
        "GPUMemoryUtilization"]
    sagemaker.EndpointDashboard(stack, "Dashboard", endpoints=[imported], variants=[variant], dashboard_name="legacy")
    template = checked_template(stack)
    alarms = alarms_by_name(template)
    latency = alarms["legacy-endpoint-AllTraffic-ModelLatency"]
    assert (latency["Dimensions"], latency["ExtendedStatistic"], latency["Threshold"]) == (dims("legacy-endpoint", "AllTraffic"), "p99", 500_000)
    assert alarms["legacy-endpoint-AllTraffic-CPUUtilization"]["Threshold"] == 90 * 8
    assert alarms["legacy-endpoint-AllTraffic-GPUMemoryUtilization"]["Threshold"] == 90
    widgets = dashboard_widgets(template)
    assert titles(widgets) == [
        "## SageMaker endpoint legacy-endpoint", "### Variant AllTraffic · ml.g5.2xlarge",
        "Invocations", "Errors", "Model latency (µs)", "Overhead latency (µs)", "Utilization (%)",
        "Instances (invocations ÷ invocations per instance)", "Concurrent requests per model", "Alarms"]
    invocations = widgets[2]["properties"]["metrics"][0]
    assert invocations[:6] == ["AWS/SageMaker", "Invocations", "EndpointName", "legacy-endpoint", "VariantName", "AllTraffic"]
    utilization = [m[1] for m in widgets[6]["properties"]["metrics"]]
    assert utilization == ["CPUUtilization", "MemoryUtilization", "DiskUtilization", "GPUUtilization", "GPUMemoryUtilization"]
    assert len(widgets[-1]["properties"]["alarms"]) == 7


def test_alarms_that_could_never_fire_are_rejected(stack):
    model = sagemaker.Model(stack, "Model", containers=[sagemaker.ContainerDefinition(image=IMAGE)])
    config = sagemaker.EndpointConfig(stack, "Config", instance_production_variants=[
        sagemaker.InstanceProductionVariantProps(variant_name="blue", model=model, instance_type=sagemaker.InstanceType.M5_XLARGE)])
    endpoint = sagemaker.Endpoint(stack, "Endpoint", endpoint_config=config, endpoint_name="churn")
    variant = endpoint.find_instance_production_variant("blue")
    with pytest.raises(Exception) as error:
        variant.add_recommended_alarms("A", gpu_utilization=sagemaker.RecommendedAlarmOptions(enabled=True))
    assert ("The gpuUtilization alarm could never fire: ml.m5.xlarge has no GPU (gpuUtilization.enabled (gpu_utilization.enabled): "
            "got true; allowed false or unset for variant 'blue' of 'TestStack/Endpoint') "
            "[rule: recommendedAlarms.enabled.neverFires]") in str(error.value)
    with pytest.raises(Exception) as error:
        variant.add_recommended_alarms("B", invocation5xx_errors=sagemaker.RecommendedAlarmOptions(threshold=100))
    assert "The invocation5xxErrors alarm could never fire: the metric cannot exceed 100 %" in str(error.value)
    # the dashboard reads its endpoints' variants at synth (a variant may be added after it), so this is a synth error
    sagemaker.EndpointDashboard(stack, "D", endpoints=[sagemaker.Endpoint.from_endpoint_name(stack, "Other", "other")])
    with pytest.raises(Exception) as error:
        cdk.assertions.Template.from_stack(stack)
    assert "[TestStack/D] EndpointDashboard needs the variants of an endpoint whose configuration is not known" in str(error.value)


def test_an_async_endpoint_alarms_on_a_backlog_without_capacity(stack):
    model = sagemaker.Model(stack, "Model", containers=[sagemaker.ContainerDefinition(image=IMAGE)])
    bucket = cdk.aws_s3.Bucket(stack, "Out")
    config = sagemaker.EndpointConfig(stack, "Config", async_inference=sagemaker.AsyncInferenceProps(output_bucket=bucket),
                                      instance_production_variants=[sagemaker.InstanceProductionVariantProps(
                                          variant_name="batch", model=model, instance_type=sagemaker.InstanceType.M5_XLARGE)])
    endpoint = sagemaker.Endpoint(stack, "Endpoint", endpoint_config=config, endpoint_name="scoring")
    endpoint.add_recommended_alarms("Alarms")
    sagemaker.EndpointDashboard(stack, "Dashboard", endpoints=[endpoint])
    template = checked_template(stack)
    # without alarm_name_prefix, CloudFormation names the alarms (no fixed name to collide or to block a replacement)
    found = [r["Properties"] for r in template["Resources"].values() if r["Type"] == "AWS::CloudWatch::Alarm"]
    assert [a for a in found if "AlarmName" in a] == []
    alarms = {a.get("MetricName"): a for a in found}
    backlog = alarms["HasBacklogWithoutCapacity"]
    assert (backlog["MetricName"], backlog["Dimensions"], backlog["Statistic"], backlog["Threshold"], backlog["ComparisonOperator"]) == (
        "HasBacklogWithoutCapacity", [{"Name": "EndpointName", "Value": "scoring"}], "Maximum", 1, "GreaterThanOrEqualToThreshold")
    errors = alarms["Invocation5XXErrors"]
    assert (errors["MetricName"], errors["Statistic"], errors["Threshold"], errors["Dimensions"]) == (
        "Invocation5XXErrors", "Sum", 0, dims("scoring", "batch"))
    assert "Invocations" not in titles(dashboard_widgets(template))
    assert "Backlog (requests)" in titles(dashboard_widgets(template))
