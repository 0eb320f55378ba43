"""The example apps synthesize with the installed wheel, and their templates lint clean."""
import json
import os

from conftest import ASYNC_EXAMPLE, EXAMPLE, REPO, policy_statements, synthesized_example, synthesized_examples


def test_example_app_synthesizes(example_template):
    template = example_template(EXAMPLE, "SageMakerHostingExample")
    types = sorted(r["Type"] for r in template["Resources"].values())
    assert types.count("AWS::SageMaker::Model") == 2
    for t in ["AWS::SageMaker::EndpointConfig", "AWS::SageMaker::Endpoint", "AWS::ApplicationAutoScaling::ScalableTarget",
              "AWS::ApplicationAutoScaling::ScalingPolicy", "AWS::Lambda::Function"]:
        assert types.count(t) == 1, t
    (config,) = [r["Properties"] for r in template["Resources"].values() if r["Type"] == "AWS::SageMaker::EndpointConfig"]
    assert [(v["VariantName"], v["InitialVariantWeight"]) for v in config["ProductionVariants"]] == [("current", 9), ("candidate", 1)]
    (policy,) = [r["Properties"] for r in template["Resources"].values() if r["Type"] == "AWS::ApplicationAutoScaling::ScalingPolicy"]
    assert policy["TargetTrackingScalingPolicyConfiguration"]["TargetValue"] == 600  # 20 rps x 60 x 0.5
    (endpoint,) = [r["Properties"] for r in template["Resources"].values() if r["Type"] == "AWS::SageMaker::Endpoint"]
    assert endpoint["RetainAllVariantProperties"] is True
    # the dashboard: a row per variant and the alarms' states
    (dashboard,) = [r["Properties"] for r in template["Resources"].values() if r["Type"] == "AWS::CloudWatch::Dashboard"]
    assert dashboard["DashboardName"] == "churn-endpoint"
    body = dashboard["DashboardBody"]
    text = body if isinstance(body, str) else "".join(p if isinstance(p, str) else "TOKEN" for p in body["Fn::Join"][1])
    widgets = json.loads(text)["widgets"]
    titles = [w["properties"].get("title", w["properties"].get("markdown")) for w in widgets]
    row = ["Invocations", "Errors", "Model latency (µs)", "Overhead latency (µs)", "Utilization (%)",
           "Instances (invocations ÷ invocations per instance)", "Concurrent requests per model"]
    assert titles == ["## SageMaker endpoint churn", "### Variant current · ml.m5.large", *row,
                      "### Variant candidate · ml.m5.large", *row, "Alarms"]
    assert len(widgets[-1]["properties"]["alarms"]) == 12


def test_example_app_rolls_out_canary_first_and_rolls_back_on_alarms(example_template):
    template = example_template(EXAMPLE, "SageMakerHostingExample")
    resources = template["Resources"]
    (endpoint,) = [r["Properties"] for r in resources.values() if r["Type"] == "AWS::SageMaker::Endpoint"]
    deployment = endpoint["DeploymentConfig"]
    assert deployment["BlueGreenUpdatePolicy"] == {
        "TrafficRoutingConfiguration": {"Type": "CANARY", "WaitIntervalInSeconds": 600, "CanarySize": {"Type": "INSTANCE_COUNT", "Value": 1}},
        "TerminationWaitInSeconds": 600,
        "MaximumExecutionTimeoutInSeconds": 3600,
    }
    alarms = {k: r["Properties"] for k, r in resources.items() if r["Type"] == "AWS::CloudWatch::Alarm"}
    # each variant's recommended alarms: 5XX and 4XX rates, p90 latency, CPU (2 vCPUs of ml.m5.large), memory, disk
    assert sorted(a["AlarmName"] for a in alarms.values()) == sorted(
        f"churn-{v}-{m}" for v in ("current", "candidate") for m in (
            "Invocation5XXErrorRate", "Invocation4XXErrorRate", "ModelLatency", "CPUUtilization", "MemoryUtilization", "DiskUtilization"))
    (topic,) = [k for k, r in resources.items() if r["Type"] == "AWS::SNS::Topic"]
    assert all(a["AlarmActions"] == [{"Ref": topic}] for a in alarms.values())
    by_name = {a["AlarmName"]: (k, a) for k, a in alarms.items()}
    rollback = sorted(by_name[f"churn-{v}-{m}"][0] for v in ("current", "candidate") for m in ("Invocation5XXErrorRate", "ModelLatency"))
    assert sorted(a["AlarmName"]["Ref"] for a in deployment["AutoRollbackConfiguration"]["Alarms"]) == rollback
    for v in ("current", "candidate"):
        # the 5XX share of invocations (a rate, not an average of 0/1 values), above 1 % in 3 of 5 minutes
        rate = by_name[f"churn-{v}-Invocation5XXErrorRate"][1]
        (expression,) = [m for m in rate["Metrics"] if "Expression" in m]
        assert expression["Expression"] == "IF(invocations > 0, 100 * errors / invocations, 0)"
        stats = sorted((m["MetricStat"]["Metric"]["MetricName"], m["MetricStat"]["Stat"], m["MetricStat"]["Period"],
                        tuple((d["Name"], d["Value"]) for d in m["MetricStat"]["Metric"]["Dimensions"]))
                       for m in rate["Metrics"] if "MetricStat" in m)
        dims = (("EndpointName", "churn"), ("VariantName", v))
        assert stats == [("Invocation5XXErrors", "Sum", 60, dims), ("Invocations", "Sum", 60, dims)]
        assert (rate["Threshold"], rate["ComparisonOperator"], rate["EvaluationPeriods"], rate["DatapointsToAlarm"]) == (
            1, "GreaterThanThreshold", 5, 3)
        latency = by_name[f"churn-{v}-ModelLatency"][1]
        assert (latency["MetricName"], latency["ExtendedStatistic"], latency["Threshold"]) == ("ModelLatency", "p90", 200_000)
        assert latency["Dimensions"] == [{"Name": "EndpointName", "Value": "churn"}, {"Name": "VariantName", "Value": v}]
        cpu = by_name[f"churn-{v}-CPUUtilization"][1]
        assert (cpu["Namespace"], cpu["Statistic"], cpu["Threshold"]) == ("/aws/sagemaker/Endpoints", "Average", 180)
    rollback_alarms = rollback
    # each model's role may describe exactly these alarms
    describe = [s for s in policy_statements(template) if s["Action"] == "cloudwatch:DescribeAlarms"]
    assert len(describe) == 2
    for statement in describe:
        assert sorted(x["Fn::GetAtt"][0] for x in statement["Resource"]) == rollback_alarms
    # the autoscaled count survives the next configuration change
    assert endpoint["RetainAllVariantProperties"] is True


def test_async_example_app_synthesizes(tmp_path):
    template = synthesized_example(ASYNC_EXAMPLE, "SageMakerAsyncInferenceExample", tmp_path)
    resources = template["Resources"]
    (config,) = [r["Properties"] for r in resources.values() if r["Type"] == "AWS::SageMaker::EndpointConfig"]
    output = config["AsyncInferenceConfig"]["OutputConfig"]
    assert output["S3OutputPath"] == "s3://my-async-inference/responses"
    assert output["S3FailurePath"] == "s3://my-async-inference/failures"
    topics = {k for k, r in resources.items() if r["Type"] == "AWS::SNS::Topic"}
    assert {output["NotificationConfig"]["SuccessTopic"]["Ref"], output["NotificationConfig"]["ErrorTopic"]["Ref"]} == topics
    # the model's role: PutObject on exactly the two prefixes, Publish on exactly the two topics
    role_statements = policy_statements(template, "SummarizerModelRole")
    puts = sorted(s["Resource"]["Fn::Join"][1][-1] for s in role_statements if s["Action"] == "s3:PutObject")
    assert puts == [":s3:::my-async-inference/failures/*", ":s3:::my-async-inference/responses/*"]
    publishes = sorted(s["Resource"]["Ref"] for s in role_statements if s["Action"] == "sns:Publish")
    assert publishes == sorted(topics)
    # the backlog alarm of the example and the alarm of the step out of zero
    alarms = sorted(r["Properties"]["MetricName"] for r in resources.values() if r["Type"] == "AWS::CloudWatch::Alarm")
    assert alarms == ["ApproximateBacklogSizePerInstance", "HasBacklogWithoutCapacity"]
    (target,) = [r["Properties"] for r in resources.values() if r["Type"] == "AWS::ApplicationAutoScaling::ScalableTarget"]
    assert (target["MinCapacity"], target["MaxCapacity"]) == (0, 4)
    policies = sorted(r["Properties"]["PolicyType"] for r in resources.values() if r["Type"] == "AWS::ApplicationAutoScaling::ScalingPolicy")
    assert policies == ["StepScaling", "TargetTrackingScaling"]


def test_llm_example_synthesizes(tmp_path):
    """Open models in one call: vLLM with tensor parallelism 4 on ml.g5.12xlarge, and scikit-learn on serverless,
    both env-agnostic (the image accounts come from a mapping over the regions each image is published in)."""
    folder = os.path.join(REPO, "examples", "llm-app")
    templates = synthesized_examples(folder, ["SageMakerLlmExample", "SageMakerSklearnServerlessExample"], tmp_path)
    llm = templates["SageMakerLlmExample"]
    (model,) = [r["Properties"] for r in llm["Resources"].values() if r["Type"] == "AWS::SageMaker::Model"]
    assert model["PrimaryContainer"]["Environment"] == {
        "SM_VLLM_MODEL": "Qwen/Qwen2.5-14B-Instruct", "SM_VLLM_TENSOR_PARALLEL_SIZE": "4", "SM_VLLM_MAX_MODEL_LEN": "8192"}
    assert model["PrimaryContainer"]["Image"]["Fn::Join"][1][0] == {"Fn::FindInMap": ["ServingImageVllmGPU0x28x0", {"Ref": "AWS::Region"}, "account"]}
    assert llm["Mappings"]["ServingImageVllmGPU0x28x0"]["af-south-1"] == {"account": "626614931356"}
    (config,) = [r["Properties"] for r in llm["Resources"].values() if r["Type"] == "AWS::SageMaker::EndpointConfig"]
    assert config["ProductionVariants"][0]["InferenceAmiVersion"] == "al2023-ami-sagemaker-inference-gpu-4-1"
    alarms = sorted(r["Properties"]["MetricName"] for r in llm["Resources"].values()
                    if r["Type"] == "AWS::CloudWatch::Alarm" and "MetricName" in r["Properties"])
    assert "GPUUtilization" in alarms and "GPUMemoryUtilization" in alarms
    sklearn = templates["SageMakerSklearnServerlessExample"]
    (model,) = [r["Properties"] for r in sklearn["Resources"].values() if r["Type"] == "AWS::SageMaker::Model"]
    image = model["PrimaryContainer"]["Image"]["Fn::Join"][1]
    assert image[-1] == "/sagemaker-scikit-learn:1.4-2-py312-cpu-py3"
    (mapping,) = sklearn["Mappings"].values()
    assert mapping["us-east-1"] == {"account": "683313688378"} and mapping["us-west-2"] == {"account": "246618743249"}
