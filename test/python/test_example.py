"""The example apps synthesize with the installed wheel, and their templates lint clean."""
import json
import os
import subprocess
import sys

from conftest import REPO, lint_errors, policy_problems

EXAMPLE = os.path.join(REPO, "examples", "python-app")
ASYNC_EXAMPLE = os.path.join(REPO, "examples", "async-app")


def synthesized_example(folder, stack_name, outdir):
    """Run an example app's app.py into outdir; its template, checked for cfn-lint errors and policy problems."""
    env = dict(os.environ, CDK_OUTDIR=str(outdir))
    subprocess.run([sys.executable, "app.py"], cwd=folder, env=env, check=True)
    with open(outdir / f"{stack_name}.template.json", encoding="utf-8") as f:
        template = json.load(f)
    assert lint_errors(template) == []
    assert policy_problems(template) == []
    return template


def test_example_app_synthesizes(tmp_path):
    template = synthesized_example(EXAMPLE, "SageMakerHostingExample", tmp_path)
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


def test_example_app_rolls_out_canary_first_and_rolls_back_on_alarms(tmp_path):
    template = synthesized_example(EXAMPLE, "SageMakerHostingExample", tmp_path)
    resources = template["Resources"]
    (endpoint,) = [r["Properties"] for r in resources.values() if r["Type"] == "AWS::SageMaker::Endpoint"]
    deployment = endpoint["DeploymentConfig"]
    assert deployment["BlueGreenUpdatePolicy"] == {
        "TrafficRoutingConfiguration": {"Type": "CANARY", "WaitIntervalInSeconds": 600, "CanarySize": {"Type": "INSTANCE_COUNT", "Value": 1}},
        "TerminationWaitInSeconds": 600,
        "MaximumExecutionTimeoutInSeconds": 3600,
    }
    alarms = {k: r["Properties"] for k, r in resources.items() if r["Type"] == "AWS::CloudWatch::Alarm"}
    assert sorted(a["AlarmName"]["Ref"] for a in deployment["AutoRollbackConfiguration"]["Alarms"]) == sorted(alarms)
    # per variant: the 5XX share of invocations (a rate, not an average of 0/1 values) and the p90 latency
    rates = [a for a in alarms.values() if "Metrics" in a]
    assert len(rates) == 2
    for alarm in rates:
        (expression,) = [m for m in alarm["Metrics"] if "Expression" in m]
        assert expression["Expression"] == "100 * errors / invocations"
        stats = sorted((m["MetricStat"]["Metric"]["MetricName"], m["MetricStat"]["Stat"]) for m in alarm["Metrics"] if "MetricStat" in m)
        assert stats == [("Invocation5XXErrors", "Sum"), ("Invocations", "Sum")]
        assert (alarm["Threshold"], alarm["ComparisonOperator"]) == (5, "GreaterThanThreshold")
    latencies = [a for a in alarms.values() if a.get("MetricName") == "ModelLatency"]
    assert sorted(a["Dimensions"][1]["Value"] for a in latencies) == ["candidate", "current"]
    assert all(a["ExtendedStatistic"] == "p90" and a["Dimensions"][0] == {"Name": "EndpointName", "Value": "churn"} for a in latencies)
    # each model's role may describe exactly these alarms
    describe = [s for r in resources.values() if r["Type"] == "AWS::IAM::Policy"
                for s in r["Properties"]["PolicyDocument"]["Statement"] if s["Action"] == "cloudwatch:DescribeAlarms"]
    assert len(describe) == 2
    for statement in describe:
        assert sorted(x["Fn::GetAtt"][0] for x in statement["Resource"]) == sorted(alarms)
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
    role_statements = [s for k, r in resources.items() if r["Type"] == "AWS::IAM::Role" and k.startswith("SummarizerModelRole")
                       for p in r["Properties"].get("Policies", []) for s in p["PolicyDocument"]["Statement"]]
    role_statements += [s for r in resources.values() if r["Type"] == "AWS::IAM::Policy"
                        and any(x["Ref"].startswith("SummarizerModelRole") for x in r["Properties"]["Roles"])
                        for s in r["Properties"]["PolicyDocument"]["Statement"]]
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
