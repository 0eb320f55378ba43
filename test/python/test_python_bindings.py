"""The Python bindings as the wheel ships them: jsii-pacmak's code, with the type check of an optional
argument run only when the argument is given (scripts/guard-optional-checks.py, a step of
`npx projen package:python`). The checks that remain raise the TypeErrors they raised before.
"""
import ast
import base64
import glob
import hashlib
import importlib.util
import os
import re
import tarfile
import zipfile

import aws_cdk as cdk
import pytest
from aws_cdk import aws_ecr as ecr

import cdk_sagemaker_hosting as sagemaker
from conftest import REPO, checked_template

SCRIPT = os.path.join(REPO, "scripts", "guard-optional-checks.py")


def guard_script():
    spec = importlib.util.spec_from_file_location("guard_optional_checks", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def checks(source: str):
    """(parameter, optional, guarded) for every check_type of every generated function."""
    guard = guard_script()
    found = []
    for function in ast.walk(ast.parse(source)):
        if not isinstance(function, ast.FunctionDef):
            continue
        optional = guard.optional_parameters(function)
        for block in ast.walk(function):
            if not isinstance(block, ast.If):
                continue
            debug = isinstance(block.test, ast.Name) and block.test.id == "__debug__"
            for statement in block.body:
                name = guard.checked_name(statement)
                if name is not None:
                    found.append((name, name in optional, not debug and ast.unparse(block.test) == f"{name} is not None"))
    return found


def installed_source() -> str:
    with open(sagemaker.__file__, encoding="utf-8") as f:
        return f.read()


def test_the_installed_package_checks_an_optional_argument_only_when_given():
    found = checks(installed_source())
    optional = [c for c in found if c[1]]
    required = [c for c in found if not c[1]]
    # every check of an optional parameter is guarded, no check of a required one is
    assert [c for c in optional if not c[2]] == []
    assert [c for c in required if c[2]] == []
    assert len(optional) > 300, len(optional)
    assert len(required) > 100, len(required)
    # the props of a model, for one: each of its ten optional fields
    assert {"network_isolation", "vpc", "role", "containers"} <= {c[0] for c in optional}


def test_the_guard_is_the_only_change_and_running_it_again_changes_nothing():
    guard = guard_script()
    source = installed_source()
    assert guard.guard(source) == (source, 0)  # nothing left to guard
    # without the guards the text is jsii-pacmak's again, and the script guards exactly those lines back
    pacmak, guarded = re.subn(r'^( *)if (\w+) is not None:\n\1    (check_type\(argname="argument \2", )', r"\1\3",
                              source, flags=re.MULTILINE)
    assert guarded > 300, guarded
    assert guard.guard(pacmak) == (source, guarded)


def test_an_argument_of_the_wrong_type_raises_the_same_type_error(stack):
    image = sagemaker.ContainerImage.from_ecr_repository(ecr.Repository.from_repository_name(stack, "Repo", "inference"))
    container = sagemaker.ContainerDefinition(image=image)
    with pytest.raises(TypeError, match=r"^type of argument network_isolation must be one of \(bool, NoneType\); got str instead$"):
        sagemaker.Model(stack, "Wrong", containers=[container], network_isolation="yes")
    with pytest.raises(TypeError, match=r"^type of argument initial_instance_count must be one of \(int, float, NoneType\); got str instead$"):
        sagemaker.InstanceProductionVariantProps(model=None, variant_name="main", initial_instance_count="2")
    with pytest.raises(TypeError, match=r"^type of argument tag must be one of \(str, NoneType\); got int instead$"):
        sagemaker.ContainerImage.from_ecr_repository(ecr.Repository.from_repository_name(stack, "Other", "other"), 5)
    # None for a required parameter is still checked
    with pytest.raises(TypeError, match=r"^type of argument id must be str; got NoneType instead$"):
        sagemaker.Model(stack, None, containers=[container])
    with pytest.raises(TypeError, match=r"^type of argument variant_name must be str; got NoneType instead$"):
        sagemaker.InstanceProductionVariantProps(model=None, variant_name=None)


def test_none_given_for_an_optional_argument_is_the_argument_left_out(stack):
    image = sagemaker.ContainerImage.from_ecr_repository(ecr.Repository.from_repository_name(stack, "Repo", "inference"), None)
    model = sagemaker.Model(stack, "Model", containers=[sagemaker.ContainerDefinition(image=image, environment=None)],
                            network_isolation=None, vpc=None, model_name=None)
    sagemaker.EndpointConfig(stack, "Config", instance_production_variants=[sagemaker.InstanceProductionVariantProps(
        model=model, variant_name="main", initial_instance_count=None, instance_type=None)])
    resources = checked_template(stack)["Resources"]
    (model_props,) = [r["Properties"] for r in resources.values() if r["Type"] == "AWS::SageMaker::Model"]
    assert "EnableNetworkIsolation" not in model_props and "VpcConfig" not in model_props
    assert "Environment" not in model_props["PrimaryContainer"]
    (config,) = [r["Properties"] for r in resources.values() if r["Type"] == "AWS::SageMaker::EndpointConfig"]
    assert config["ProductionVariants"][0]["InitialInstanceCount"] == 1
    assert config["ProductionVariants"][0]["InstanceType"] == "ml.t2.medium"


def record_digest(data: bytes) -> str:
    return "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def test_the_wheel_and_the_sdist_ship_the_guarded_code_and_the_wheel_record_matches():
    (wheel,) = glob.glob(os.path.join(REPO, "dist", "python", "*.whl"))
    (sdist,) = glob.glob(os.path.join(REPO, "dist", "python", "*.tar.gz"))
    with zipfile.ZipFile(wheel) as z:
        (record,) = [n for n in z.namelist() if n.endswith(".dist-info/RECORD")]
        rows = [row.rsplit(",", 2) for row in z.read(record).decode().splitlines()]
        for name, digest, size in rows:
            if name == record:
                continue
            data = z.read(name)
            assert (digest, int(size)) == (record_digest(data), len(data)), name
        assert {name for name, _, _ in rows} == set(z.namelist())
        shipped = z.read("cdk_sagemaker_hosting/__init__.py").decode()
    assert shipped == installed_source()
    with tarfile.open(sdist) as t:
        (member,) = [m for m in t.getmembers() if m.name.endswith("/src/cdk_sagemaker_hosting/__init__.py")]
        assert t.extractfile(member).read().decode() == shipped
