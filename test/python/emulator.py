"""A local AWS for the deploy smoke tests: moto's server, in this process, on 127.0.0.1 with a port
the OS picks, stopped when the `with` block ends. Nothing here talks to any other address.

Stock moto 5.2.5 deploys a CDK template of this library only in part. `LocalAws` adds, for the
time it runs, what CloudFormation and the services do and moto's CloudFormation lacks:

* `AWS::ApplicationAutoScaling::ScalableTarget` / `ScalingPolicy` and `AWS::CloudWatch::Alarm`
  are created in moto's own Application Auto Scaling and CloudWatch backends (stock moto skips
  them without an error). Registering a SageMaker variant's instance count checks, as the service
  does, that the endpoint and the variant exist.
* A resource whose template text is unchanged but whose references resolve to new values (the
  Endpoint, when its EndpointConfig was replaced) is updated, as CloudFormation does; stock moto
  leaves the Endpoint on the deleted configuration.
* Updating an `AWS::SageMaker::Endpoint` is SageMaker's UpdateEndpoint (the endpoint stays, its
  configuration and variants change), not a delete and create.
* A production variant's instance type is checked against the hosting types the region offers
  (cfn-lint's per-region list, the source of this library's region warning); stock moto knows
  only an old list (no ml.g5, ml.p4d, ml.inf2, ...).
* A template URL on the emulator itself (path style, as the CDK CLI gives it when
  `AWS_ENDPOINT_URL` points here) is read from the emulated S3; stock moto reads the host's first
  label as the bucket unless the host is `localhost`.
* Updating an `AWS::IAM::ManagedPolicy` makes its new document the default version and follows
  its `Roles`; deleting it detaches and deletes it (stock moto has neither: an update leaves the
  old document in force, and a stack whose roles have managed policies cannot be deleted).
* A KMS key policy from a template is kept as JSON text, as KMS keeps it (stock moto keeps the
  parsed document, and DescribeKey on that key then fails).
* Explicit SageMaker names (`EndpointName`, `EndpointConfigName`, `ModelName`) are kept, as
  CloudFormation keeps them; stock moto generates a name instead.
* A stack is deleted in CloudFormation's order: a resource only once nothing left in the stack
  depends on it (Ref, Fn::GetAtt, Fn::Sub, DependsOn); the first failure stops the deletion with
  DELETE_FAILED and its reason. Stock moto deletes in any order and retries what fails.
* Deleting an `AWS::EC2::RouteTable`, `SubnetRouteTableAssociation` or `VPCEndpoint` deletes it
  (stock moto keeps them, and the VPC then cannot be deleted).
* EC2 refuses, as it does, to delete a security group or subnet that still holds a network
  interface (DependencyViolation) and to delete an attached interface
  (InvalidNetworkInterface.InUse); stock moto allows all three.
* `Custom::SageMakerNetworkInterfaceCleanup` runs its function's code (the zip deployed to the
  emulated Lambda) with Node.js, as CloudFormation would invoke it: the request on create, update
  and delete, the answer PUT to a response URL on 127.0.0.1, FAILED failing the operation. The
  SDK it requires is the repository's dev dependency; its calls go to this emulator. (moto runs
  Lambda functions only in Docker.)
"""
import contextlib
import copy
import http.server
import io
import json
import logging
import os
import subprocess
import tempfile
import threading
import urllib.parse
import urllib.request
import uuid
import zipfile
from typing import Any
from unittest import mock

import boto3
import cfnlint
from moto.applicationautoscaling.models import applicationautoscaling_backends
from moto.cloudformation import parsing
from moto.cloudformation import responses as cfn_responses
from moto.cloudformation.exceptions import ValidationError
from moto.cloudwatch.models import Dimension, Metric, MetricDataQuery, MetricStat, cloudwatch_backends
from moto.awslambda.models import lambda_backends
from moto.cloudformation import models as cfn_models
from moto.core.common_models import CloudFormationModel
from moto.ec2 import exceptions as ec2_exceptions
from moto.ec2.models import ec2_backends
from moto.ec2.models import elastic_network_interfaces as ec2_enis
from moto.ec2.models import route_tables as ec2_route_tables
from moto.ec2.models import security_groups as ec2_security_groups
from moto.ec2.models import subnets as ec2_subnets
from moto.ec2.models import vpcs as ec2_vpcs
from moto.iam import models as iam_models
from moto.kms import models as kms_models
from moto.sagemaker import models as sagemaker_models
from moto.server import ThreadedMotoServer

REGION = "us-east-1"
ACCOUNT = "123456789012"  # moto's default account
BOOTSTRAP_VERSION_PARAMETER = "/cdk-bootstrap/hnb659fds/version"
ASSETS_BUCKET = f"cdk-hnb659fds-assets-{ACCOUNT}-{REGION}"
REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CLEANUP_TYPE = "Custom::SageMakerNetworkInterfaceCleanup"


# moto files every model class under the second part of its module name (moto.<service>.models).
MODULE = "smoke.cdk_sagemaker_hosting"


class ServiceError(ValidationError):
    """What a service would answer to a request it rejects: the stack operation fails with it."""

    def __init__(self, message: str) -> None:
        super().__init__(message=message)


class _ReplacedOnUpdate:
    """A mapping without a name property whose update is a delete and a create. (A mixin: moto
    finds only the direct subclasses of CloudFormationModel.)"""

    @staticmethod
    def cloudformation_name_type() -> str:
        return ""

    @classmethod
    def update_from_cloudformation_json(cls, original_resource, new_resource_name, cloudformation_json, account_id, region_name):
        original_resource.delete(account_id, region_name)
        return cls.create_from_cloudformation_json(new_resource_name, cloudformation_json, account_id, region_name)


class ScalableTarget(_ReplacedOnUpdate, CloudFormationModel):
    """AWS::ApplicationAutoScaling::ScalableTarget in moto's Application Auto Scaling backend."""

    __module__ = MODULE

    def __init__(self, namespace: str, resource_id: str, dimension: str) -> None:
        self.namespace, self.resource_id, self.dimension = namespace, resource_id, dimension

    @staticmethod
    def cloudformation_type() -> str:
        return "AWS::ApplicationAutoScaling::ScalableTarget"

    @property
    def physical_resource_id(self) -> str:
        # CloudFormation's Ref: resource id|scalable dimension|service namespace
        return f"{self.resource_id}|{self.dimension}|{self.namespace}"

    @classmethod
    def create_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):  # type: ignore[override]
        p = cloudformation_json["Properties"]
        namespace, resource_id, dimension = p["ServiceNamespace"], p["ResourceId"], p["ScalableDimension"]
        if namespace == "sagemaker" and resource_id.startswith("endpoint/"):
            _, endpoint_name, _, variant_name = resource_id.split("/")
            endpoint = sagemaker_models.sagemaker_backends[account_id][region_name].endpoints.get(endpoint_name)
            if endpoint is None or variant_name not in [v["VariantName"] for v in endpoint.production_variants]:
                raise ServiceError(f"ValidationException: the endpoint variant of {resource_id} does not exist")
        applicationautoscaling_backends[account_id][region_name].register_scalable_target(
            namespace, resource_id, dimension, int(p["MinCapacity"]), int(p["MaxCapacity"]), p.get("RoleARN"),
            p.get("SuspendedState"))
        return cls(namespace, resource_id, dimension)

    def delete(self, account_id: str, region_name: str) -> None:
        applicationautoscaling_backends[account_id][region_name].deregister_scalable_target(
            self.namespace, self.resource_id, self.dimension)


class ScalingPolicy(_ReplacedOnUpdate, CloudFormationModel):
    """AWS::ApplicationAutoScaling::ScalingPolicy in moto's Application Auto Scaling backend."""

    __module__ = MODULE

    def __init__(self, name: str, namespace: str, resource_id: str, dimension: str, arn: str) -> None:
        self.name, self.namespace, self.resource_id, self.dimension, self.arn = name, namespace, resource_id, dimension, arn

    @staticmethod
    def cloudformation_type() -> str:
        return "AWS::ApplicationAutoScaling::ScalingPolicy"

    @property
    def physical_resource_id(self) -> str:
        return self.arn

    @classmethod
    def create_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):  # type: ignore[override]
        p = cloudformation_json["Properties"]
        if "ScalingTargetId" in p:
            resource_id, dimension, namespace = p["ScalingTargetId"].split("|")
        else:
            resource_id, dimension, namespace = p["ResourceId"], p["ScalableDimension"], p["ServiceNamespace"]
        backend = applicationautoscaling_backends[account_id][region_name]
        if resource_id not in backend.targets.get(dimension, {}):
            raise ServiceError(f"ObjectNotFoundException: no scalable target {resource_id} ({dimension})")
        body = p.get("TargetTrackingScalingPolicyConfiguration") or p.get("StepScalingPolicyConfiguration")
        policy = backend.put_scaling_policy(p["PolicyName"], namespace, resource_id, dimension, body, p["PolicyType"])
        return cls(p["PolicyName"], namespace, resource_id, dimension, policy.policy_arn)

    def delete(self, account_id: str, region_name: str) -> None:
        applicationautoscaling_backends[account_id][region_name].delete_scaling_policy(
            self.name, self.namespace, self.resource_id, self.dimension)


def _metric_data_queries(metrics: list) -> list:
    queries = []
    for m in metrics:
        stat = None
        if "MetricStat" in m:
            s = m["MetricStat"]
            metric = Metric(s["Metric"]["MetricName"], s["Metric"].get("Namespace"),
                            [Dimension(d["Name"], d["Value"]) for d in s["Metric"].get("Dimensions", [])])
            stat = MetricStat(metric, s.get("Period"), s.get("Stat"), s.get("Unit"))
        queries.append(MetricDataQuery(m["Id"], m.get("Label"), m.get("Period"), m.get("ReturnData"), m.get("Expression"), stat))
    return queries


class Alarm(CloudFormationModel):
    """AWS::CloudWatch::Alarm in moto's CloudWatch backend (PutMetricAlarm with the template's properties)."""

    __module__ = MODULE

    def __init__(self, name: str, account_id: str, region_name: str) -> None:
        self.name, self.account_id, self.region_name = name, account_id, region_name

    @staticmethod
    def cloudformation_type() -> str:
        return "AWS::CloudWatch::Alarm"

    @staticmethod
    def cloudformation_name_type() -> str:
        return "AlarmName"

    @property
    def physical_resource_id(self) -> str:
        return self.name

    @classmethod
    def has_cfn_attr(cls, attr: str) -> bool:
        return attr == "Arn"

    def get_cfn_attribute(self, attribute_name: str) -> str:
        if attribute_name != "Arn":
            raise ServiceError(f"AWS::CloudWatch::Alarm has no attribute {attribute_name}")
        return cloudwatch_backends[self.account_id][self.region_name].alarms[self.name].alarm_arn

    @classmethod
    def create_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):  # type: ignore[override]
        p = cloudformation_json["Properties"]
        cloudwatch_backends[account_id][region_name].put_metric_alarm(
            name=resource_name,
            namespace=p.get("Namespace"),
            metric_name=p.get("MetricName"),
            metric_data_queries=_metric_data_queries(p["Metrics"]) if "Metrics" in p else None,
            comparison_operator=p["ComparisonOperator"],
            evaluation_periods=int(p["EvaluationPeriods"]),
            datapoints_to_alarm=int(p["DatapointsToAlarm"]) if "DatapointsToAlarm" in p else None,
            period=p.get("Period"),
            threshold=float(p["Threshold"]) if "Threshold" in p else None,
            statistic=p.get("Statistic"),
            extended_statistic=p.get("ExtendedStatistic"),
            description=p.get("AlarmDescription"),
            dimensions=p.get("Dimensions", []),
            alarm_actions=p.get("AlarmActions", []),
            ok_actions=p.get("OKActions", []),
            insufficient_data_actions=p.get("InsufficientDataActions", []),
            unit=p.get("Unit"),
            actions_enabled=p.get("ActionsEnabled", True),
            treat_missing_data=p.get("TreatMissingData"),
            evaluate_low_sample_count_percentile=p.get("EvaluateLowSampleCountPercentile"),
            threshold_metric_id=p.get("ThresholdMetricId"),
        )
        return cls(resource_name, account_id, region_name)

    @classmethod
    def update_from_cloudformation_json(cls, original_resource, new_resource_name, cloudformation_json, account_id, region_name):  # type: ignore[override]
        name = cloudformation_json["Properties"].get("AlarmName", original_resource.name)
        if name != original_resource.name:
            original_resource.delete(account_id, region_name)
        return cls.create_from_cloudformation_json(name, cloudformation_json, account_id, region_name)

    def delete(self, account_id: str, region_name: str) -> None:
        cloudwatch_backends[account_id][region_name].delete_alarms([self.name])


def _attached_roles(policy) -> set:
    return {role.name for role in policy.backend.roles.values() if policy.arn in role.managed_policies}


def _delete_old_versions(policy) -> None:
    for version in [v for v in policy.versions if not v.is_default]:
        policy.backend.delete_policy_version(policy.arn, version.version_id)


def _update_managed_policy(cls, original_resource, new_resource_name, cloudformation_json, account_id, region_name):
    """What CloudFormation does on a managed policy's update: a new default version, roles attached and detached."""
    backend = original_resource.backend
    properties = cloudformation_json.get("Properties", {})
    _delete_old_versions(original_resource)  # IAM keeps at most five versions
    backend.create_policy_version(original_resource.arn, json.dumps(properties.get("PolicyDocument")), set_as_default=True)
    before = _attached_roles(original_resource)
    after = set(properties.get("Roles", []))
    for role in before - after:
        backend.detach_role_policy(original_resource.arn, role)
    for role in after - before:
        backend.attach_role_policy(original_resource.arn, role)
    return original_resource


def _delete_managed_policy(policy, account_id: str, region_name: str) -> None:
    """What CloudFormation does on a managed policy's delete: detach it everywhere, then delete it."""
    for role in _attached_roles(policy):
        policy.backend.detach_role_policy(policy.arn, role)
    _delete_old_versions(policy)
    policy.backend.delete_policy(policy.arn)


def _hosting_types(region: str) -> set:
    """The hosting instance types a region offers, from cfn-lint's data (pinned with cfn-lint)."""
    path = os.path.join(os.path.dirname(cfnlint.__file__), "data", "schemas", "extensions", "aws_sagemaker_hosting",
                        "instancetype_enum.json")
    with open(path, encoding="utf-8") as f:
        offer = json.load(f)[region]
    return set(offer["enum"] if isinstance(offer, dict) else offer)


def _update_endpoint(cls, original_resource, new_resource_name, cloudformation_json, account_id, region_name):
    """UpdateEndpoint: the same endpoint moves to the new configuration and its variants."""
    backend = sagemaker_models.sagemaker_backends[account_id][region_name]
    config_name = cloudformation_json["Properties"]["EndpointConfigName"]
    config = backend.describe_endpoint_config(config_name)  # the service rejects an unknown configuration
    endpoint = backend.endpoints[original_resource.endpoint_name]
    endpoint.endpoint_config_name = config_name
    endpoint.production_variants = endpoint._process_production_variants(config["ProductionVariants"])
    endpoint.data_capture_config = config.get("DataCaptureConfig")
    endpoint.last_modified_time = sagemaker_models.utcnow()
    return endpoint


def _resolved(resources: parsing.ResourceMap, logical_id: str) -> str | None:
    """A resource's properties with every reference resolved, as text (None when they cannot be)."""
    resource_json = resources._resource_json_map.get(logical_id)
    if resource_json is None or parsing.resource_class_from_type(resource_json["Type"]) is None:
        return None
    try:
        return json.dumps(parsing.clean_json(copy.deepcopy(resource_json.get("Properties", {})), resources),
                          sort_keys=True, default=str)
    except Exception:  # noqa: BLE001 — a reference moto cannot resolve: nothing to compare
        return None


def _references(value: Any) -> set:
    """The logical ids a template value refers to (Ref, Fn::GetAtt, ${...} of Fn::Sub)."""
    found: set = set()
    if isinstance(value, list):
        for v in value:
            found |= _references(v)
    elif isinstance(value, dict):
        if isinstance(value.get("Ref"), str):
            found.add(value["Ref"])
        if isinstance(value.get("Fn::GetAtt"), list):
            found.add(value["Fn::GetAtt"][0])
        if "Fn::Sub" in value:
            text = value["Fn::Sub"][0] if isinstance(value["Fn::Sub"], list) else value["Fn::Sub"]
            found |= {part.split("}")[0].split(".")[0] for part in str(text).split("${")[1:]}
        for v in value.values():
            found |= _references(v)
    return found


def _dependencies(resource_json: dict) -> set:
    depends_on = resource_json.get("DependsOn", [])
    return _references(resource_json.get("Properties", {})) | set([depends_on] if isinstance(depends_on, str) else depends_on)


def _delete_in_order(resources: parsing.ResourceMap) -> None:
    """CloudFormation's order of deletion: a resource once nothing left depends on it; a retained
    resource is left as it is; the first failure stops the deletion."""
    templates = resources._resource_json_map
    pending = set(templates)
    needs = {lid: _dependencies(templates[lid]) & pending for lid in pending}
    while pending:
        ready = sorted(lid for lid in pending if not any(lid in needs[other] for other in pending if other != lid))
        if not ready:
            raise ServiceError(f"circular dependencies between {sorted(pending)}")
        for lid in ready:
            pending.discard(lid)
            parsed = resources._parsed_resources.get(lid)
            if templates[lid].get("DeletionPolicy") == "Retain" or parsed is None or isinstance(parsed, str):
                continue
            try:
                resources._delete_resource(parsed, templates[lid])
            except Exception as error:  # noqa: BLE001 — what the service answered is the stack's reason
                raise ServiceError(f"{lid} ({templates[lid]['Type']}): DELETE_FAILED: {getattr(error, 'message', None) or error}")
            resources._parsed_resources.pop(lid)


def _stack_delete(stack) -> None:
    """DeleteStack: DELETE_COMPLETE, or DELETE_FAILED with the reason of the resource that failed."""
    stack._add_stack_event("DELETE_IN_PROGRESS", resource_status_reason="User Initiated")
    try:
        stack.resource_map.delete()
    except ServiceError as error:
        stack._add_stack_event("DELETE_FAILED", resource_status_reason=error.message)
        stack.status = "DELETE_FAILED"
        return
    stack._add_stack_event("DELETE_COMPLETE")
    stack.status = "DELETE_COMPLETE"


def _keep_failed_stacks(original):
    """A stack whose deletion failed stays (DELETE_FAILED), as in CloudFormation: it can be deleted again."""
    def delete_stack(backend, name_or_stack_id: str) -> None:
        original(backend, name_or_stack_id)
        for stack_id, stack in list(backend.deleted_stacks.items()):
            if stack.status == "DELETE_FAILED":
                backend.stacks[stack_id] = backend.deleted_stacks.pop(stack_id)
    return delete_stack


def _delete_route_table(route_table, account_id: str, region_name: str) -> None:
    ec2_backends[account_id][region_name].delete_route_table(route_table.id)


def _delete_association(association, account_id: str, region_name: str) -> None:
    route_table = ec2_backends[account_id][region_name].get_route_table(association.route_table_id)
    for association_id, subnet_id in list(route_table._associations.items()):
        if subnet_id == association.subnet_id:
            route_table._associations.pop(association_id)


def _delete_vpc_endpoint(endpoint, account_id: str, region_name: str) -> None:
    backend = ec2_backends[account_id][region_name]
    backend.delete_vpc_endpoints([endpoint.id])
    backend.vpc_end_points.pop(endpoint.id, None)


def _interfaces(backend) -> list:
    return list(backend.enis.values())


def _delete_security_group(original):
    def delete(backend, name=None, group_id=None):
        held = [e.id for e in _interfaces(backend) if group_id in [g.id for g in e._group_set]]
        if group_id and held:
            raise ec2_exceptions.DependencyViolationError(f"resource {group_id} has a dependent object ({', '.join(held)})")
        return original(backend, name=name, group_id=group_id)
    return delete


def _delete_subnet(original):
    def delete(backend, subnet_id):
        held = [e.id for e in _interfaces(backend) if e.subnet is not None and e.subnet.id == subnet_id]
        if held:
            raise ec2_exceptions.DependencyViolationError(f"The subnet '{subnet_id}' has dependencies and cannot be deleted.")
        return original(backend, subnet_id)
    return delete


def _delete_network_interface(original):
    def delete(backend, eni_id):
        eni = backend.enis.get(eni_id)
        if eni is not None and eni.status != "available":
            raise ec2_exceptions.EC2ClientError("InvalidNetworkInterface.InUse", f"Interface: [{eni_id}] in use.")
        return original(backend, eni_id)
    return delete


@contextlib.contextmanager
def response_url():
    """CloudFormation's response URL for a custom resource handler: a server on 127.0.0.1 (a port the
    OS picks) that keeps the JSON body of every PUT; yields (url, the bodies received)."""
    received: list = []

    class Responses(http.server.BaseHTTPRequestHandler):
        def do_PUT(self) -> None:  # noqa: N802 — http.server's name
            received.append(json.loads(self.rfile.read(int(self.headers["content-length"]))))
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Responses)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/response", received
    finally:
        server.shutdown()
        server.server_close()


class NetworkInterfaceCleanup(CloudFormationModel):
    """Custom::SageMakerNetworkInterfaceCleanup: its function's deployed code run with Node.js."""

    __module__ = MODULE
    aws: "LocalAws"  # the emulator running, set by LocalAws

    def __init__(self, service_token: str, properties: dict, physical_id: str, logical_id: str, stack_id: str) -> None:
        self.service_token, self.properties, self.physical_id = service_token, properties, physical_id
        self.logical_id, self.stack_id = logical_id, stack_id

    @staticmethod
    def cloudformation_type() -> str:
        return CLEANUP_TYPE

    @staticmethod
    def cloudformation_name_type() -> str:
        return ""

    @property
    def physical_resource_id(self) -> str:
        return self.physical_id

    @classmethod
    def invoke(cls, service_token: str, event: dict) -> dict:
        """Run the function's handler on one request; its answer (FAILED raises)."""
        fn = lambda_backends[ACCOUNT][REGION].get_function(service_token)
        url, received = cls.aws.answers
        event = dict(event, ServiceToken=service_token, ResponseURL=url, RequestId=str(uuid.uuid4()))
        with tempfile.TemporaryDirectory() as code:
            zipfile.ZipFile(io.BytesIO(fn.code_bytes)).extractall(code)
            script = ("const ms = Number(process.argv[2]) * 1000;"
                      "require(process.argv[1]).handler(JSON.parse(process.argv[3]), { getRemainingTimeInMillis: () => ms })")
            run = subprocess.run(["node", "-e", script, os.path.join(code, "index.js"), str(fn.timeout), json.dumps(event)],
                                 env=cls.aws.handler_env(), capture_output=True, text=True, timeout=fn.timeout + 30)
        answer = next((a for a in received if a["RequestId"] == event["RequestId"]), None)
        if answer is None:
            raise ServiceError(f"{event['LogicalResourceId']}: the function gave no answer: {run.stdout}{run.stderr}")
        received.remove(answer)
        if answer["Status"] != "SUCCESS":
            raise ServiceError(answer.get("Reason", ""))
        return answer

    @classmethod
    def create_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):  # type: ignore[override]
        properties = cloudformation_json["Properties"]
        event = {"RequestType": "Create", "StackId": kwargs["StackId"], "LogicalResourceId": kwargs["LogicalId"],
                 "ResourceType": CLEANUP_TYPE, "ResourceProperties": properties}
        answer = cls.invoke(properties["ServiceToken"], event)
        return cls(properties["ServiceToken"], properties, answer["PhysicalResourceId"], kwargs["LogicalId"], kwargs["StackId"])

    @classmethod
    def update_from_cloudformation_json(cls, original_resource, new_resource_name, cloudformation_json, account_id, region_name):  # type: ignore[override]
        properties = cloudformation_json["Properties"]
        event = {"RequestType": "Update", "StackId": original_resource.stack_id, "LogicalResourceId": original_resource.logical_id,
                 "ResourceType": CLEANUP_TYPE, "ResourceProperties": properties, "OldResourceProperties": original_resource.properties,
                 "PhysicalResourceId": original_resource.physical_id}
        cls.invoke(properties["ServiceToken"], event)
        original_resource.properties = properties
        return original_resource

    def delete(self, account_id: str, region_name: str) -> None:
        self.invoke(self.service_token, {
            "RequestType": "Delete", "StackId": self.stack_id, "LogicalResourceId": self.logical_id, "ResourceType": CLEANUP_TYPE,
            "ResourceProperties": self.properties, "PhysicalResourceId": self.physical_id})


class LocalAws(contextlib.AbstractContextManager):
    """moto's server with the additions above; `client(service)` talks to it and nothing else."""

    def __enter__(self) -> "LocalAws":
        self._patches = contextlib.ExitStack()
        self._install()
        logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no line per request
        self._server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
        self._server.start()
        host, port = self._server.get_host_and_port()
        assert host == "127.0.0.1"
        self.url = f"http://{host}:{port}"
        self.answers = self._patches.enter_context(response_url())
        NetworkInterfaceCleanup.aws = self
        urllib.request.urlopen(urllib.request.Request(f"{self.url}/moto-api/reset", method="POST"), timeout=10).read()
        return self

    def __exit__(self, *exc: Any) -> None:
        self._server.stop()
        self._patches.close()
        self._clear_model_caches()

    def handler_env(self, **extra: str) -> dict:
        """The environment of a custom resource handler run with Node.js here: the Lambda runtime's SDK
        (the repository's dev dependency) and every call of it to this emulator."""
        return dict(os.environ, NODE_PATH=os.path.join(REPO, "node_modules"), AWS_ENDPOINT_URL=self.url, AWS_REGION=REGION,
                    AWS_ACCESS_KEY_ID="testing", AWS_SECRET_ACCESS_KEY="testing", **extra)

    def client(self, service: str):
        return boto3.client(service, endpoint_url=self.url, region_name=REGION,
                            aws_access_key_id="testing", aws_secret_access_key="testing")

    def bootstrap(self, version: str = "30") -> None:
        """What `cdk bootstrap` leaves that a deploy reads: the version parameter a CDK template
        checks, and the bucket the CLI uploads the template to."""
        self.client("ssm").put_parameter(Name=BOOTSTRAP_VERSION_PARAMETER, Value=version, Type="String", Overwrite=True)
        self.client("s3").create_bucket(Bucket=ASSETS_BUCKET)

    # -- the additions ---------------------------------------------------------------------------
    @staticmethod
    def _clear_model_caches() -> None:
        for cached in (parsing.get_model_list, parsing.get_model_map, parsing.get_name_type_map):
            cached.cache_clear()

    def _install(self) -> None:
        patch = self._patches.enter_context
        # The three resource types above are CloudFormationModel subclasses: moto finds them once
        # its cached list of models is rebuilt.
        self._clear_model_caches()
        for model, name in ((sagemaker_models.FakeEndpoint, "EndpointName"),
                            (sagemaker_models.FakeEndpointConfig, "EndpointConfigName"),
                            (sagemaker_models.Model, "ModelName")):
            patch(mock.patch.object(model, "cloudformation_name_type", staticmethod(lambda name=name: name)))
        patch(mock.patch.object(sagemaker_models.FakeEndpoint, "update_from_cloudformation_json", classmethod(_update_endpoint)))
        offered = _hosting_types(REGION)

        def validate_instance_type(config, instance_type: str) -> None:
            if instance_type not in offered:
                raise sagemaker_models.ValidationError(
                    message=f"Value '{instance_type}' at 'instanceType' is not a hosting instance type of {REGION}")

        patch(mock.patch.object(sagemaker_models.FakeEndpointConfig, "validate_instance_type", validate_instance_type))
        patch(mock.patch.object(iam_models.ManagedPolicy, "update_from_cloudformation_json", classmethod(_update_managed_policy)))
        patch(mock.patch.object(iam_models.ManagedPolicy, "delete", _delete_managed_policy, create=True))
        create_key = kms_models.Key.create_from_cloudformation_json

        def key_with_policy_text(resource_name, cloudformation_json, account_id, region_name, **kwargs):
            properties = cloudformation_json["Properties"]
            if isinstance(properties.get("KeyPolicy"), dict):
                properties = dict(properties, KeyPolicy=json.dumps(properties["KeyPolicy"]))
            return create_key(resource_name, dict(cloudformation_json, Properties=properties), account_id, region_name, **kwargs)

        patch(mock.patch.object(kms_models.Key, "create_from_cloudformation_json", key_with_policy_text))
        read_template = cfn_responses.get_stack_from_s3_url

        def template_from_here(template_url: str, account_id: str, partition: str) -> str:
            url = urllib.parse.urlparse(template_url)
            if url.hostname == "127.0.0.1":
                template_url = url._replace(netloc=f"localhost:{url.port}").geturl()
            return read_template(template_url, account_id=account_id, partition=partition)

        patch(mock.patch.object(cfn_responses, "get_stack_from_s3_url", template_from_here))

        # Remember what each resource's references resolved to when it was created or updated.
        create, update_resource, update_stack = (parsing.parse_and_create_resource, parsing.parse_and_update_resource,
                                                 parsing.ResourceMap.update)

        def remembered(operation):
            def run(logical_id, resource_json, resources, *args, **kwargs):
                resource = operation(logical_id, resource_json, resources, *args, **kwargs)
                resources.__dict__.setdefault("_smoke_resolved", {})[logical_id] = _resolved(resources, logical_id)
                return resource
            return run

        def update_then_follow(resources, template, parameters=None):
            update_stack(resources, template, parameters)
            # CloudFormation updates a resource whose references changed value, even when its
            # text did not: follow replacements (the model, then the configuration, then the
            # endpoint) until every resource matches what it was last created or updated with.
            seen = resources.__dict__.setdefault("_smoke_resolved", {})
            for _ in range(len(resources._resource_json_map)):
                stale = [lid for lid in resources._resource_json_map if lid in resources._parsed_resources
                         and (now := _resolved(resources, lid)) is not None and now != seen.get(lid)]
                if not stale:
                    return
                for lid in stale:
                    resources._parsed_resources[lid] = parsing.parse_and_update_resource(
                        lid, resources._resource_json_map[lid], resources, account_id=resources._account_id,
                        region_name=resources._region_name)
            raise ServiceError("the stack update did not settle")

        # CloudFormation's order of deletion, and EC2's refusals
        patch(mock.patch.object(parsing.ResourceMap, "delete", _delete_in_order))
        patch(mock.patch.object(cfn_models.Stack, "delete", _stack_delete))
        patch(mock.patch.object(cfn_models.CloudFormationBackend, "delete_stack",
                                _keep_failed_stacks(cfn_models.CloudFormationBackend.delete_stack)))
        for module, backend, name, wrap in (
                (ec2_security_groups, "SecurityGroupBackend", "delete_security_group", _delete_security_group),
                (ec2_subnets, "SubnetBackend", "delete_subnet", _delete_subnet),
                (ec2_enis, "NetworkInterfaceBackend", "delete_network_interface", _delete_network_interface)):
            cls = getattr(module, backend)
            patch(mock.patch.object(cls, name, wrap(getattr(cls, name))))
        for cls, delete in ((ec2_route_tables.RouteTable, _delete_route_table),
                            (ec2_subnets.SubnetRouteTableAssociation, _delete_association),
                            (ec2_vpcs.VPCEndPoint, _delete_vpc_endpoint)):
            patch(mock.patch.object(cls, "delete", delete, create=True))
        # the cleanup's custom resource type, instead of moto's (which runs functions in Docker)
        resource_class = parsing.resource_class_from_type
        patch(mock.patch.object(parsing, "resource_class_from_type",
                                lambda t: NetworkInterfaceCleanup if t == CLEANUP_TYPE else resource_class(t)))
        patch(mock.patch.object(parsing, "parse_and_create_resource", remembered(create)))
        patch(mock.patch.object(parsing, "parse_and_update_resource", remembered(update_resource)))
        patch(mock.patch.object(parsing.ResourceMap, "update", update_then_follow))
