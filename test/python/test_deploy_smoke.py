"""Deploy smoke tests: the example apps, synthesized with the installed wheel, are created, updated
and deleted through CloudFormation on a local AWS (moto in this process on 127.0.0.1, see
emulator.py), and what reached the services is asserted. What this cannot prove (the container
starting, deployment guardrails, retained variant properties, real IAM evaluation) is listed in
the README ("Deploy smoke test").
"""
import ast
import json
import os
import re
import subprocess
import zipfile

import pytest
from conftest import ASYNC_EXAMPLE, EXAMPLE, REPO, synthesized_example
from emulator import ACCOUNT, ASSETS_BUCKET, BOOTSTRAP_VERSION_PARAMETER, CLEANUP_TYPE, REGION, LocalAws

# moto warns of every resource type it does not create (see NOT_EMULATED)
pytestmark = pytest.mark.filterwarnings("ignore:Tried to parse AWS::")

STACK = "SageMakerHostingExample"
# A new candidate: another image tag and model data folder, on a larger instance type.
ROLLOUT = {"candidate_version": "2.1.0", "candidate_instance_type": "ml.m5.xlarge"}
CAPABILITIES = ["CAPABILITY_IAM", "CAPABILITY_NAMED_IAM"]
# A CDK template's only parameter: the CLI passes it explicitly on every deploy.
PARAMETERS = [{"ParameterKey": "BootstrapVersion", "ParameterValue": BOOTSTRAP_VERSION_PARAMETER}]


@pytest.fixture(scope="module")
def example(tmp_path_factory) -> dict:
    """The example app as deployed first and after the rollout: (cloud assembly folder, template)."""
    root = tmp_path_factory.mktemp("example")
    return {version: (root / version, synthesized_example(EXAMPLE, STACK, root / version, context=context))
            for version, context in (("v2.0.0", None), ("v2.1.0", ROLLOUT))}


@pytest.fixture(scope="module")
def aws():
    with LocalAws() as emulator:
        emulator.bootstrap()
        yield emulator


def deploy(aws, name: str, template: dict, update: bool = False) -> dict:
    cfn = aws.client("cloudformation")
    operation = cfn.update_stack if update else cfn.create_stack
    operation(StackName=name, TemplateBody=json.dumps(template), Capabilities=CAPABILITIES, Parameters=PARAMETERS)
    (stack,) = cfn.describe_stacks(StackName=name)["Stacks"]
    assert stack["StackStatus"] == ("UPDATE_COMPLETE" if update else "CREATE_COMPLETE"), stack.get("StackStatusReason")
    return {o["OutputKey"]: o["OutputValue"] for o in stack.get("Outputs", [])}


# Resource types the emulator does not create (moto has no CloudFormation mapping and the test
# setup adds none): a stack still completes without them. Anything else missing is a failure.
NOT_EMULATED = {"AWS::SNS::TopicPolicy", "AWS::SNS::Subscription", "AWS::CDK::Metadata"}


def physical_ids(aws, name: str, template: dict) -> dict:
    """Logical id -> physical id of every resource of the stack; each resource was created, except
    for the types that are not emulated."""
    summaries = aws.client("cloudformation").list_stack_resources(StackName=name)["StackResourceSummaries"]
    ids = {r["LogicalResourceId"]: r["PhysicalResourceId"] for r in summaries}
    missing = {k: r["Type"] for k, r in template["Resources"].items() if k not in ids}
    assert set(missing.values()) <= NOT_EMULATED, missing
    return ids


def logical_id(template: dict, type_: str, path: str) -> str:
    """The logical id of the resource of that type whose construct path is `path` (ids joined)."""
    (found,) = [k for k, r in template["Resources"].items() if r["Type"] == type_ and re.fullmatch(f"{path}[0-9A-F]{{8}}", k)]
    return found


def as_document(document):
    if isinstance(document, str):
        # moto answers with the text of what it stored: JSON, or for a role's own `Policies` the
        # Python repr of the document
        return json.loads(document) if document.startswith('{"') else ast.literal_eval(document)
    return document


def role_statements(aws, role_name: str, inline: bool = True) -> list:
    """Every statement of a role's inline and attached policies, as the IAM service holds them; with
    inline=False, the role must have no inline policy."""
    iam = aws.client("iam")
    statements = []
    inline_names = iam.list_role_policies(RoleName=role_name)["PolicyNames"]
    assert inline or inline_names == [], f"{role_name} has inline policies {inline_names}"
    for policy in inline_names:
        statements += as_document(iam.get_role_policy(RoleName=role_name, PolicyName=policy)["PolicyDocument"])["Statement"]
    for attached in iam.list_attached_role_policies(RoleName=role_name)["AttachedPolicies"]:
        policy = iam.get_policy(PolicyArn=attached["PolicyArn"])["Policy"]
        version = iam.get_policy_version(PolicyArn=attached["PolicyArn"], VersionId=policy["DefaultVersionId"])
        statements += as_document(version["PolicyVersion"]["Document"])["Statement"]
    return statements


def actions_on(statements: list) -> dict:
    """action -> the resources the statements allow it on."""
    allowed = {}
    for st in statements:
        assert st["Effect"] == "Allow"
        for action in st["Action"] if isinstance(st["Action"], list) else [st["Action"]]:
            resources = st["Resource"] if isinstance(st["Resource"], list) else [st["Resource"]]
            allowed.setdefault(action, set()).update(resources)
    return allowed


def model_of(aws, model_name: str) -> dict:
    return aws.client("sagemaker").describe_model(ModelName=model_name)


def check_model(aws, template: dict, ids: dict, construct: str, version: str) -> str:
    """The model's container image and data, and its role's exact reach; returns the model name."""
    model_name = ids[logical_id(template, "AWS::SageMaker::Model", f"{construct}Model")].split("/")[-1]
    role_name = ids[logical_id(template, "AWS::IAM::Role", f"{construct}Role")]
    model = model_of(aws, model_name)
    container = model["PrimaryContainer"]
    assert container["Image"] == f"{ACCOUNT}.dkr.ecr.{REGION}.amazonaws.com/my-inference-image:{version}"
    object_url = f"https://s3.{REGION}.amazonaws.com/my-model-artifacts/models/churn/{version}/model.tar.gz"
    assert container["ModelDataUrl"] == object_url
    assert model["ExecutionRoleArn"] == aws.client("iam").get_role(RoleName=role_name)["Role"]["Arn"]
    allowed = actions_on(role_statements(aws, role_name, inline=False))  # customer-managed policies only
    assert allowed["s3:GetObject"] == {f"arn:aws:s3:::my-model-artifacts/models/churn/{version}/model.tar.gz"}
    repository = f"arn:aws:ecr:{REGION}:{ACCOUNT}:repository/my-inference-image"
    for action in ("ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"):
        assert allowed[action] == {repository}
    assert allowed["ecr:GetAuthorizationToken"] == {"*"}  # has no resource type
    assert not any(a.startswith("sagemaker:") or a == "*" for a in allowed)
    return model_name


def check_endpoint(aws, template: dict, ids: dict, candidate_version: str, candidate_type: str) -> dict:
    sm = aws.client("sagemaker")
    endpoint = sm.describe_endpoint(EndpointName="churn")
    assert endpoint["EndpointStatus"] == "InService"
    config_name = ids[logical_id(template, "AWS::SageMaker::EndpointConfig", "ChurnEndpointConfig")].split("/")[-1]
    assert endpoint["EndpointConfigName"] == config_name
    assert [(v["VariantName"], v["CurrentWeight"], v["CurrentInstanceCount"]) for v in endpoint["ProductionVariants"]] == [
        ("current", 9.0, 2), ("candidate", 1.0, 2)]
    current = check_model(aws, template, ids, "ChurnModelV1", "1.0.0")
    candidate = check_model(aws, template, ids, "ChurnModelV2", candidate_version)
    variants = sm.describe_endpoint_config(EndpointConfigName=config_name)["ProductionVariants"]
    assert [(v["VariantName"], v["ModelName"], v["InstanceType"], v["InitialInstanceCount"], v["InitialVariantWeight"])
            for v in variants] == [("current", current, "ml.m5.large", 2, 9.0),
                                   ("candidate", candidate, candidate_type, 2, 1.0)]
    return {"endpoint": endpoint, "config": config_name, "current": current, "candidate": candidate}


def check_monitoring_and_scaling(aws, endpoint_arn: str, candidate_type: str) -> None:
    (target,) = aws.client("application-autoscaling").describe_scalable_targets(ServiceNamespace="sagemaker")["ScalableTargets"]
    assert (target["ResourceId"], target["ScalableDimension"], target["MinCapacity"], target["MaxCapacity"]) == (
        "endpoint/churn/variant/current", "sagemaker:variant:DesiredInstanceCount", 2, 6)
    (policy,) = aws.client("application-autoscaling").describe_scaling_policies(ServiceNamespace="sagemaker")["ScalingPolicies"]
    tracking = policy["TargetTrackingScalingPolicyConfiguration"]
    assert (policy["ResourceId"], policy["PolicyType"], tracking["TargetValue"]) == (
        "endpoint/churn/variant/current", "TargetTrackingScaling", 600.0)
    assert tracking["PredefinedMetricSpecification"]["PredefinedMetricType"] == "SageMakerVariantInvocationsPerInstance"

    alarms = {a["AlarmName"]: a for a in aws.client("cloudwatch").describe_alarms()["MetricAlarms"]}
    assert sorted(alarms) == sorted(f"churn-{v}-{m}" for v in ("current", "candidate") for m in (
        "Invocation5XXErrorRate", "Invocation4XXErrorRate", "ModelLatency", "CPUUtilization", "MemoryUtilization", "DiskUtilization"))
    (topic,) = [t["TopicArn"] for t in aws.client("sns").list_topics()["Topics"]]
    assert all(a["AlarmActions"] == [topic] for a in alarms.values())
    # CPU: 90 % of each vCPU of the variant's instance type (ml.m5.large 2, ml.m5.xlarge 4)
    assert alarms["churn-current-CPUUtilization"]["Threshold"] == 180.0
    assert alarms["churn-candidate-CPUUtilization"]["Threshold"] == {"ml.m5.large": 180.0, "ml.m5.xlarge": 360.0}[candidate_type]
    latency = alarms["churn-candidate-ModelLatency"]
    assert (latency["MetricName"], latency["ExtendedStatistic"], latency["Threshold"]) == ("ModelLatency", "p90", 200_000.0)
    assert {(d["Name"], d["Value"]) for d in latency["Dimensions"]} == {("EndpointName", "churn"), ("VariantName", "candidate")}

    # the rollback alarms can be read by each model's role: exactly those four alarms
    rollback = {alarms[f"churn-{v}-{m}"]["AlarmArn"] for v in ("current", "candidate") for m in ("Invocation5XXErrorRate", "ModelLatency")}
    iam = aws.client("iam")
    model_roles = [r["RoleName"] for r in iam.list_roles()["Roles"] if "ChurnModel" in r["RoleName"]]
    assert len(model_roles) == 2
    for role in model_roles:
        assert actions_on(role_statements(aws, role, inline=False))["cloudwatch:DescribeAlarms"] == rollback

    (dashboard,) = aws.client("cloudwatch").list_dashboards()["DashboardEntries"]
    assert dashboard["DashboardName"] == "churn-endpoint"
    body = json.loads(aws.client("cloudwatch").get_dashboard(DashboardName="churn-endpoint")["DashboardBody"])
    titles = [w["properties"].get("title") or w["properties"].get("markdown") for w in body["widgets"]]
    assert f"### Variant candidate · {candidate_type}" in titles
    assert sorted(next(w for w in body["widgets"] if w["properties"].get("title") == "Alarms")["properties"]["alarms"]) == sorted(
        a["AlarmArn"] for a in alarms.values())

    # the invoker: exactly this endpoint, and its log group
    (function,) = aws.client("lambda").list_functions()["Functions"]
    assert function["Environment"]["Variables"] == {"ENDPOINT_NAME": "churn"}
    invoker = actions_on(role_statements(aws, function["Role"].split("/")[-1], inline=False))
    assert invoker["sagemaker:InvokeEndpoint"] == {endpoint_arn}
    assert invoker["sagemaker:InvokeEndpointWithResponseStream"] == {endpoint_arn}
    (log_group,) = aws.client("logs").describe_log_groups()["logGroups"]
    assert log_group["retentionInDays"] == 30
    assert all(r.startswith(log_group["arn"].removesuffix(":*")) for a in ("logs:CreateLogStream", "logs:PutLogEvents")
               for r in invoker[a])


def check_nothing_left(aws, name: str, template: dict, ids: dict) -> None:
    """After the delete, only what the template retains (DeletionPolicy Retain) is left."""
    retained = {k: r["Type"] for k, r in template["Resources"].items() if r.get("DeletionPolicy") == "Retain"}
    sm = aws.client("sagemaker")
    assert sm.list_endpoints()["Endpoints"] == []
    assert sm.list_endpoint_configs()["EndpointConfigs"] == []
    assert sm.list_models()["Models"] == []
    assert aws.client("iam").list_roles()["Roles"] == []
    assert aws.client("iam").list_policies(Scope="Local")["Policies"] == []  # the customer-managed policies
    assert aws.client("lambda").list_functions()["Functions"] == []
    assert aws.client("sns").list_topics()["Topics"] == []
    assert aws.client("cloudwatch").describe_alarms()["MetricAlarms"] == []
    assert aws.client("cloudwatch").list_dashboards()["DashboardEntries"] == []
    scaling = aws.client("application-autoscaling")
    assert scaling.describe_scalable_targets(ServiceNamespace="sagemaker")["ScalableTargets"] == []
    assert scaling.describe_scaling_policies(ServiceNamespace="sagemaker")["ScalingPolicies"] == []
    stacks = aws.client("cloudformation").list_stacks()["StackSummaries"]
    assert {s["StackStatus"] for s in stacks if s["StackName"] == name} == {"DELETE_COMPLETE"}
    log_groups = sorted(g["logGroupName"] for g in aws.client("logs").describe_log_groups()["logGroups"])
    assert log_groups == sorted(ids[k] for k, t in retained.items() if t == "AWS::Logs::LogGroup")
    kms = aws.client("kms")
    keys = {k["KeyId"]: kms.describe_key(KeyId=k["KeyId"])["KeyMetadata"]["KeyState"] for k in kms.list_keys()["Keys"]}
    keys = {k: state for k, state in keys.items() if state != "PendingDeletion"}
    assert keys == {ids[k]: "Enabled" for k, t in retained.items() if t == "AWS::KMS::Key"}
    for key in keys:  # the retained resources are the account owner's now; clear them for the next test
        kms.schedule_key_deletion(KeyId=key, PendingWindowInDays=7)
    for group in log_groups:
        aws.client("logs").delete_log_group(logGroupName=group)


def check_created(aws, template: dict, outputs: dict) -> dict:
    ids = physical_ids(aws, STACK, template)
    assert outputs["EndpointName"] == "churn"
    created = check_endpoint(aws, template, ids, "2.0.0", "ml.m5.large")
    check_monitoring_and_scaling(aws, created["endpoint"]["EndpointArn"], "ml.m5.large")
    return created


def check_rolled_out(aws, template: dict, before: dict) -> dict:
    """The candidate's model and the configuration were replaced; the endpoint (same name, ARN and
    creation time) moved to the new configuration; the current model stayed; nothing old is left."""
    ids = physical_ids(aws, STACK, template)
    after = check_endpoint(aws, template, ids, "2.1.0", "ml.m5.xlarge")
    assert after["endpoint"]["EndpointArn"] == before["endpoint"]["EndpointArn"]
    assert after["endpoint"]["CreationTime"] == before["endpoint"]["CreationTime"]
    assert after["config"] != before["config"] and after["candidate"] != before["candidate"]
    assert after["current"] == before["current"]
    sm = aws.client("sagemaker")
    assert [c["EndpointConfigName"] for c in sm.list_endpoint_configs()["EndpointConfigs"]] == [after["config"]]
    assert sorted(m["ModelName"] for m in sm.list_models()["Models"]) == sorted([after["current"], after["candidate"]])
    check_monitoring_and_scaling(aws, after["endpoint"]["EndpointArn"], "ml.m5.xlarge")
    return ids


def test_example_app_is_created_updated_and_deleted(aws, example):
    (_, template), (_, rollout) = example["v2.0.0"], example["v2.1.0"]
    before = check_created(aws, template, deploy(aws, STACK, template))
    deploy(aws, STACK, rollout, update=True)
    ids = check_rolled_out(aws, rollout, before)
    aws.client("cloudformation").delete_stack(StackName=STACK)
    check_nothing_left(aws, STACK, rollout, ids)


def cdk(aws, tmp_path, *args: str) -> str:
    """The CDK CLI against the emulator: its SDK calls go to AWS_ENDPOINT_URL, telemetry and notices
    are off, and no_egress.js refuses (and records) any connection to another address."""
    egress = tmp_path / "egress.log"
    egress.touch()
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update(
        AWS_ENDPOINT_URL=aws.url, AWS_REGION=REGION, AWS_ACCESS_KEY_ID="testing", AWS_SECRET_ACCESS_KEY="testing",
        AWS_CONFIG_FILE=str(tmp_path / "none"), AWS_SHARED_CREDENTIALS_FILE=str(tmp_path / "none"),
        CDK_DISABLE_CLI_TELEMETRY="true", NO_EGRESS_LOG=str(egress),
        NODE_OPTIONS=f"--require {os.path.join(os.path.dirname(__file__), 'no_egress.js')}",
    )
    run = subprocess.run([os.path.join(REPO, "node_modules", ".bin", "cdk"), *args, "--no-notices", "--ci"],
                         env=env, cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
    assert egress.read_text() == "", "the CLI tried to reach another address"
    return run.stdout + run.stderr


def test_example_app_with_the_cdk_cli(aws, example, tmp_path):
    """The same lifecycle through `cdk deploy` / `cdk destroy` (the template goes through the
    bootstrap bucket; `--method=direct`, since the emulator has no change sets for this)."""
    (assembly, template), (rollout_assembly, rollout) = example["v2.0.0"], example["v2.1.0"]
    deploy_args = ["deploy", STACK, "--method=direct", "--require-approval=never",
                   f"--parameters=BootstrapVersion={BOOTSTRAP_VERSION_PARAMETER}"]
    output = cdk(aws, tmp_path, *deploy_args, "--app", str(assembly))
    assert f"{STACK}.EndpointName = churn" in output
    before = check_created(aws, template, {"EndpointName": "churn"})
    cdk(aws, tmp_path, *deploy_args, "--app", str(rollout_assembly))
    ids = check_rolled_out(aws, rollout, before)
    cdk(aws, tmp_path, "destroy", STACK, "--force", "--app", str(rollout_assembly))
    check_nothing_left(aws, STACK, rollout, ids)


def in_service(aws, endpoint_name: str):
    """An endpoint of one variant is in service: its configuration and that variant."""
    sm = aws.client("sagemaker")
    endpoint = sm.describe_endpoint(EndpointName=endpoint_name)
    assert endpoint["EndpointStatus"] == "InService"
    config = sm.describe_endpoint_config(EndpointConfigName=endpoint["EndpointConfigName"])
    (variant,) = config["ProductionVariants"]
    return config, variant


def test_async_example_is_created_and_deleted(aws, tmp_path):
    name = "SageMakerAsyncInferenceExample"
    template = synthesized_example(ASYNC_EXAMPLE, name, tmp_path)
    outputs = deploy(aws, name, template)
    config, variant = in_service(aws, outputs["EndpointName"])
    assert (variant["VariantName"], variant["InstanceType"], variant["InitialInstanceCount"]) == ("main", "ml.g5.xlarge", 1)
    ids = physical_ids(aws, name, template)
    topics = {t: ids[logical_id(template, "AWS::SNS::Topic", t)] for t in ("InferenceSucceeded", "InferenceFailed")}
    assert sorted(t["TopicArn"] for t in aws.client("sns").list_topics()["Topics"]) == sorted(topics.values())
    output = config["AsyncInferenceConfig"]["OutputConfig"]
    assert output["S3OutputPath"] == "s3://my-async-inference/responses"
    assert output["S3FailurePath"] == "s3://my-async-inference/failures"
    notify = output["NotificationConfig"]
    assert (notify["SuccessTopic"], notify["ErrorTopic"]) == (topics["InferenceSucceeded"], topics["InferenceFailed"])
    assert outputs["SuccessTopicArn"] == topics["InferenceSucceeded"]

    # the model's role: its image and data, the two result prefixes, the two topics, the requests
    (role,) = [r["RoleName"] for r in aws.client("iam").list_roles()["Roles"] if "SummarizerModel" in r["RoleName"]]
    allowed = actions_on(role_statements(aws, role, inline=False))
    assert allowed["s3:PutObject"] == {"arn:aws:s3:::my-async-inference/responses/*", "arn:aws:s3:::my-async-inference/failures/*"}
    assert allowed["sns:Publish"] == set(topics.values())
    assert allowed["s3:GetObject"] == {"arn:aws:s3:::my-async-inference/models/summarizer/model.tar.gz",
                                       "arn:aws:s3:::my-async-inference/requests/*"}

    # scale to zero on an empty queue and back up on backlog
    scaling = aws.client("application-autoscaling")
    (target,) = scaling.describe_scalable_targets(ServiceNamespace="sagemaker")["ScalableTargets"]
    assert (target["ResourceId"], target["MinCapacity"], target["MaxCapacity"]) == (
        f"endpoint/{outputs['EndpointName']}/variant/main", 0, 4)
    policies = {p["PolicyType"]: p for p in scaling.describe_scaling_policies(ServiceNamespace="sagemaker")["ScalingPolicies"]}
    assert sorted(policies) == ["StepScaling", "TargetTrackingScaling"]
    spec = policies["TargetTrackingScaling"]["TargetTrackingScalingPolicyConfiguration"]["CustomizedMetricSpecification"]
    assert spec["MetricName"] == "ApproximateBacklogSizePerInstance"
    alarms = {a["MetricName"]: a for a in aws.client("cloudwatch").describe_alarms()["MetricAlarms"]}
    # out of zero: the step policy's alarm on HasBacklogWithoutCapacity triggers that policy
    assert alarms["HasBacklogWithoutCapacity"]["AlarmActions"] == [policies["StepScaling"]["PolicyARN"]]
    assert alarms["ApproximateBacklogSizePerInstance"]["Threshold"] == 20.0

    aws.client("cloudformation").delete_stack(StackName=name)
    check_nothing_left(aws, name, template, ids)


def test_the_egress_guard_refuses_and_records_other_addresses(tmp_path):
    """no_egress.js, which the CLI runs under, does stop a connection to another address."""
    egress = tmp_path / "egress.log"
    script = ("require('https').get('https://example.com/', () => process.exit(3))"
              ".on('error', (e) => { console.log(e.message); process.exit(0); });")
    run = subprocess.run(["node", "--require", os.path.join(os.path.dirname(__file__), "no_egress.js"), "-e", script],
                         env=dict(os.environ, NO_EGRESS_LOG=str(egress)), capture_output=True, text=True, timeout=30)
    assert (run.returncode, run.stdout.strip()) == (0, "refused by no_egress.js: connect example.com:443")
    assert egress.read_text() == "connect example.com:443\n"


LLM_EXAMPLE = os.path.join(REPO, "examples", "llm-app")


def test_llm_example_is_created_and_deleted(aws, tmp_path):
    """The env-agnostic LLM stack: the image account resolves from the mapping for the emulator's region, the model
    carries vLLM's own variables, and everything goes with the stack. (The emulator does not keep the variant's
    InferenceAmiVersion: the template's is asserted.)"""
    name = "SageMakerLlmExample"
    template = synthesized_example(LLM_EXAMPLE, name, tmp_path)
    (config_props,) = [r["Properties"] for r in template["Resources"].values() if r["Type"] == "AWS::SageMaker::EndpointConfig"]
    assert config_props["ProductionVariants"][0]["InferenceAmiVersion"] == "al2023-ami-sagemaker-inference-gpu-4-1"
    assert list(template["Mappings"]) == ["ServingImageVllmGPU0x28x0"]
    outputs = deploy(aws, name, template)
    _config, variant = in_service(aws, outputs["EndpointName"])
    assert (variant["VariantName"], variant["InstanceType"]) == ("llm", "ml.g5.12xlarge")
    sm = aws.client("sagemaker")
    (model,) = sm.list_models()["Models"]
    container = sm.describe_model(ModelName=model["ModelName"])["PrimaryContainer"]
    assert container["Image"] == f"763104351884.dkr.ecr.{REGION}.amazonaws.com/vllm:0.28.0-gpu-py312-cu130-ubuntu24.04-sagemaker"
    assert container["Environment"] == {"SM_VLLM_MODEL": "Qwen/Qwen2.5-14B-Instruct", "SM_VLLM_TENSOR_PARALLEL_SIZE": "4",
                                        "SM_VLLM_MAX_MODEL_LEN": "8192"}
    # the role pulls exactly that repository in that account
    (role,) = [r["RoleName"] for r in aws.client("iam").list_roles()["Roles"] if "LlmModel" in r["RoleName"]]
    allowed = actions_on(role_statements(aws, role, inline=False))
    assert allowed["ecr:BatchGetImage"] == {f"arn:aws:ecr:{REGION}:763104351884:repository/vllm"}
    scaling = aws.client("application-autoscaling")
    (target,) = scaling.describe_scalable_targets(ServiceNamespace="sagemaker")["ScalableTargets"]
    assert (target["MinCapacity"], target["MaxCapacity"]) == (1, 2)
    ids = physical_ids(aws, name, template)
    aws.client("cloudformation").delete_stack(StackName=name)
    check_nothing_left(aws, name, template, ids)


def upload_assets(aws, assembly, stack_name: str) -> None:
    """What `cdk deploy` publishes before the template: each file asset (a folder zipped) to the bootstrap bucket."""
    with open(os.path.join(assembly, f"{stack_name}.assets.json"), encoding="utf-8") as f:
        manifest = json.load(f)
    for asset in manifest["files"].values():
        archive = source = os.path.join(assembly, asset["source"]["path"])
        if asset["source"]["packaging"] == "zip":
            archive = str(assembly / f"{os.path.basename(source)}.zip")
            with zipfile.ZipFile(archive, "w") as z:
                for name in os.listdir(source):
                    z.write(os.path.join(source, name), name)
        for destination in asset["destinations"].values():
            assert destination["bucketName"].replace("${AWS::AccountId}", ACCOUNT).replace("${AWS::Region}", REGION) == ASSETS_BUCKET
            aws.client("s3").upload_file(archive, ASSETS_BUCKET, destination["objectKey"])


VPC_EXAMPLE = os.path.join(REPO, "examples", "vpc-app")


def create_vpc_example(aws, tmp_path, name: str, context=None) -> tuple:
    assembly = tmp_path / "cdk.out"
    template = synthesized_example(VPC_EXAMPLE, "SageMakerVpcExample", assembly, context=context)
    upload_assets(aws, assembly, "SageMakerVpcExample")
    return template, deploy(aws, name, template)


def failures(cfn, stack: str) -> list:
    """The reasons of the stack's DELETE_FAILED events."""
    return [e.get("ResourceStatusReason", "") for e in cfn.describe_stack_events(StackName=stack)["StackEvents"]
            if e["ResourceStatus"] == "DELETE_FAILED"]


def leave_interfaces_as_sagemaker_does(aws, group: str) -> list:
    """What an endpoint's instances leave when SageMaker deletes them: an interface per subnet, detached,
    in the model's group (moto's SageMaker creates none)."""
    ec2_client = aws.client("ec2")
    subnets = [s["SubnetId"] for s in ec2_client.describe_subnets(
        Filters=[{"Name": "vpc-id", "Values": [ec2_client.describe_security_groups(GroupIds=[group])["SecurityGroups"][0]["VpcId"]]}])["Subnets"]]
    assert len(subnets) == 2
    return [ec2_client.create_network_interface(SubnetId=s, Groups=[group], Description="SageMaker endpoint interface")
            ["NetworkInterface"]["NetworkInterfaceId"] for s in subnets]


def test_the_vpc_example_is_created_and_deleted_with_the_interfaces_sagemaker_left(tmp_path):
    with LocalAws() as aws:
        aws.bootstrap()
        template, outputs = create_vpc_example(aws, tmp_path, "VpcExample")
        (cleanup,) = [k for k, r in template["Resources"].items() if r["Type"] == CLEANUP_TYPE]
        assert template["Resources"][cleanup]["Properties"]["SecurityGroupIds"] == [
            {"Fn::GetAtt": [next(k for k, r in template["Resources"].items() if r["Type"] == "AWS::EC2::SecurityGroup"), "GroupId"]}]
        sm = aws.client("sagemaker")
        assert sm.describe_endpoint(EndpointName=outputs["EndpointName"])["EndpointStatus"] == "InService"
        (model,) = sm.list_models()["Models"]
        vpc_config = sm.describe_model(ModelName=model["ModelName"])["VpcConfig"]
        assert vpc_config["SecurityGroupIds"] == [outputs["SecurityGroupId"]]
        # the function and its role, as IAM holds it: list interfaces, delete those of this VPC only
        (function,) = aws.client("lambda").list_functions()["Functions"]
        assert (function["Runtime"], function["Timeout"]) == ("nodejs24.x", 900)
        statements = role_statements(aws, function["Role"].split("/")[-1], inline=False)
        allowed = actions_on(statements)
        assert sorted(allowed) == ["ec2:DeleteNetworkInterface", "ec2:DescribeNetworkInterfaces", "logs:CreateLogStream",
                                   "logs:PutLogEvents"]
        assert allowed["ec2:DescribeNetworkInterfaces"] == {"*"}
        assert allowed["ec2:DeleteNetworkInterface"] == {f"arn:aws:ec2:{REGION}:{ACCOUNT}:network-interface/*"}
        (vpc,) = [v["VpcId"] for v in aws.client("ec2").describe_vpcs()["Vpcs"] if not v["IsDefault"]]
        (delete,) = [st for st in statements if st["Action"] == "ec2:DeleteNetworkInterface"]
        assert delete["Condition"] == {"ArnEquals": {"ec2:Vpc": [f"arn:aws:ec2:{REGION}:{ACCOUNT}:vpc/{vpc}"]}}

        left = leave_interfaces_as_sagemaker_does(aws, outputs["SecurityGroupId"])
        cfn = aws.client("cloudformation")
        cfn.delete_stack(StackName="VpcExample")
        (stack,) = cfn.describe_stacks(StackName=(cfn.list_stacks()["StackSummaries"][0]["StackId"]))["Stacks"]
        assert stack["StackStatus"] == "DELETE_COMPLETE", failures(cfn, stack["StackId"])
        ec2_client = aws.client("ec2")
        assert [e for e in ec2_client.describe_network_interfaces()["NetworkInterfaces"] if e["NetworkInterfaceId"] in left] == []
        assert [g for g in ec2_client.describe_security_groups()["SecurityGroups"] if g["GroupId"] == outputs["SecurityGroupId"]] == []
        assert [v for v in ec2_client.describe_vpcs()["Vpcs"] if not v["IsDefault"]] == []
        assert aws.client("lambda").list_functions()["Functions"] == []
        assert sm.list_models()["Models"] == [] and sm.list_endpoints()["Endpoints"] == []


def test_without_the_cleanup_the_same_deletion_fails_on_the_security_group(tmp_path):
    """The counter-proof: the example with `network_interface_cleanup=false` fails to delete, as
    CloudFormation does (cloudformation-coverage-roadmap#1327), and succeeds once the interfaces are gone."""
    with LocalAws() as aws:
        aws.bootstrap()
        template, outputs = create_vpc_example(aws, tmp_path, "VpcExample", context={"network_interface_cleanup": "false"})
        assert [r for r in template["Resources"].values() if r["Type"] in (CLEANUP_TYPE, "AWS::Lambda::Function")] == []
        left = leave_interfaces_as_sagemaker_does(aws, outputs["SecurityGroupId"])
        cfn = aws.client("cloudformation")
        cfn.delete_stack(StackName="VpcExample")
        (stack,) = cfn.describe_stacks(StackName="VpcExample")["Stacks"]
        assert stack["StackStatus"] == "DELETE_FAILED"
        reasons = failures(cfn, "VpcExample")
        assert any(f"resource {outputs['SecurityGroupId']} has a dependent object" in r for r in reasons), reasons
        # the SageMaker resources went first
        assert aws.client("sagemaker").list_models()["Models"] == []
        for eni in left:
            aws.client("ec2").delete_network_interface(NetworkInterfaceId=eni)
        cfn.delete_stack(StackName="VpcExample")
        (summary,) = cfn.list_stacks()["StackSummaries"]
        assert summary["StackStatus"] == "DELETE_COMPLETE", failures(cfn, summary["StackId"])
