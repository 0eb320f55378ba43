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
"""
import contextlib
import copy
import json
import logging
import os
import urllib.parse
import urllib.request
from typing import Any
from unittest import mock

import boto3
import cfnlint
from moto.applicationautoscaling.models import applicationautoscaling_backends
from moto.cloudformation import parsing
from moto.cloudformation import responses as cfn_responses
from moto.cloudformation.exceptions import ValidationError
from moto.cloudwatch.models import Dimension, Metric, MetricDataQuery, MetricStat, cloudwatch_backends
from moto.core.common_models import CloudFormationModel
from moto.iam import models as iam_models
from moto.kms import models as kms_models
from moto.sagemaker import models as sagemaker_models
from moto.server import ThreadedMotoServer

REGION = "us-east-1"
ACCOUNT = "123456789012"  # moto's default account
BOOTSTRAP_VERSION_PARAMETER = "/cdk-bootstrap/hnb659fds/version"
ASSETS_BUCKET = f"cdk-hnb659fds-assets-{ACCOUNT}-{REGION}"


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
        urllib.request.urlopen(urllib.request.Request(f"{self.url}/moto-api/reset", method="POST"), timeout=10).read()
        return self

    def __exit__(self, *exc: Any) -> None:
        self._server.stop()
        self._patches.close()
        self._clear_model_caches()

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

        patch(mock.patch.object(parsing, "parse_and_create_resource", remembered(create)))
        patch(mock.patch.object(parsing, "parse_and_update_resource", remembered(update_resource)))
        patch(mock.patch.object(parsing.ResourceMap, "update", update_then_follow))
