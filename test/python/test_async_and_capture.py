"""From Python through the wheel: an async endpoint with SNS notifications and data capture; the
execution role may write exactly the output, failure and capture prefixes and publish to the topic."""
import aws_cdk as cdk
import aws_cdk.aws_iam as iam
import aws_cdk.aws_s3 as s3
import aws_cdk.aws_sns as sns
import pytest
from conftest import checked_template, policy_statements

import cdk_sagemaker_hosting as sagemaker


def put_resources(template):
    return [s["Resource"] for s in policy_statements(template) if s["Action"] == "s3:PutObject"]


def test_async_endpoint_with_notifications_and_capture(stack):
    results = s3.Bucket.from_bucket_name(stack, "Results", "async-results")
    done = sns.Topic(stack, "Done")
    model = sagemaker.Model(stack, "Model", containers=[
        sagemaker.ContainerDefinition(image=sagemaker.ContainerImage.from_dlc("pytorch-inference", "2.1"))])
    config = sagemaker.EndpointConfig(stack, "Config",
        instance_production_variants=[sagemaker.InstanceProductionVariantProps(variant_name="main", model=model)],
        async_inference=sagemaker.AsyncInferenceProps(
            output_bucket=results, output_prefix="responses", failure_prefix="failures", success_topic=done,
            include_inference_response_in=[sagemaker.AsyncNotificationTarget.SUCCESS_NOTIFICATION_TOPIC]),
        data_capture=sagemaker.DataCaptureProps(destination_bucket=results, destination_prefix="capture", sampling_percentage=20))
    endpoint = sagemaker.Endpoint(stack, "Endpoint", endpoint_config=config)
    caller = iam.Role(stack, "Caller", assumed_by=iam.AccountRootPrincipal())
    endpoint.grant_invoke(caller)
    endpoint.metric_approximate_backlog_size_per_instance().create_alarm(stack, "Backlog", threshold=10, evaluation_periods=2)
    template = checked_template(stack)

    props = next(r["Properties"] for r in template["Resources"].values() if r["Type"] == "AWS::SageMaker::EndpointConfig")
    assert props["AsyncInferenceConfig"]["OutputConfig"]["S3OutputPath"] == "s3://async-results/responses"
    assert props["AsyncInferenceConfig"]["OutputConfig"]["S3FailurePath"] == "s3://async-results/failures"
    assert props["AsyncInferenceConfig"]["OutputConfig"]["NotificationConfig"]["IncludeInferenceResponseIn"] == ["SUCCESS_NOTIFICATION_TOPIC"]
    assert props["DataCaptureConfig"]["DestinationS3Uri"] == "s3://async-results/capture"
    assert props["DataCaptureConfig"]["InitialSamplingPercentage"] == 20
    arn = lambda key: {"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, f":s3:::async-results/{key}"]]}  # noqa: E731
    assert put_resources(template) == [arn("responses/*"), arn("failures/*"), arn("capture/*")]
    invoke = [s for s in policy_statements(template) if "sagemaker:InvokeEndpointAsync" in s["Action"]]
    assert len(invoke) == 1


def test_async_and_capture_rules_reach_python(stack):
    model = sagemaker.Model.from_model_name(stack, "M", "m")
    bucket = s3.Bucket.from_bucket_name(stack, "B", "bucket-b")
    with pytest.raises(RuntimeError, match=r"dataCapture must capture the input, the output or both"):
        sagemaker.EndpointConfig(stack, "Capture",
            instance_production_variants=[sagemaker.InstanceProductionVariantProps(variant_name="a", model=model)],
            data_capture=sagemaker.DataCaptureProps(destination_bucket=bucket, capture_input=False, capture_output=False))
    with pytest.raises(RuntimeError, match=r"max_concurrent_invocations_per_instance\): got 1001; allowed an integer from 1 to 1000"):
        sagemaker.EndpointConfig(stack, "Async",
            instance_production_variants=[sagemaker.InstanceProductionVariantProps(variant_name="a", model=model)],
            async_inference=sagemaker.AsyncInferenceProps(output_bucket=bucket, max_concurrent_invocations_per_instance=1001))
    app = cdk.App()
    sls = cdk.Stack(app, "Sls", env=cdk.Environment(account="123456789012", region="us-east-1"))
    sagemaker.EndpointConfig(sls, "Config",
        serverless_production_variant=sagemaker.ServerlessProductionVariantProps(
            variant_name="s", model=sagemaker.Model.from_model_name(sls, "M", "m"), max_concurrency=2, memory_size_in_mb=2048),
        data_capture=sagemaker.DataCaptureProps(destination_bucket=s3.Bucket.from_bucket_name(sls, "B", "bucket-b")))
    with pytest.raises(RuntimeError, match=r"dataCapture is not available on a serverless endpoint"):
        app.synth()
