"""pytest suite against the built wheel (dist/python/*.whl installed in the active venv).

Every template a test synthesizes goes through `checked_template`: cfn-lint must report no error,
and no warning on a resource of the library's own constructs (W3005 and the like); the
least-privilege rules of the README must hold.
"""
import copy
import json
import os
import shutil
import subprocess
import sys

import pytest

os.environ.setdefault("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20")
# aws-cdk-lib's own template validation (CloudFormation schemas, compiled to WebAssembly) is off for the
# apps the tests build in this process and in the subprocesses that inherit it: every template is linted
# here with cfn-lint, which checks the same schemas, and the validator only prints what it finds (an app
# still synthesizes). It cost about 2 s of CPU per process and a third of the suite's CPU time. The
# example apps run as a user runs them, with the validation on, and must make it report nothing
# (`synthesized_examples`, and the README's quick start).
os.environ.setdefault("CDK_VALIDATION", "false")

# The header aws-cdk-lib prints before what its template validation found.
VALIDATION_REPORT = "Template validation found issues"

import aws_cdk as cdk  # noqa: E402
from cfnlint.api import ManualArgs, lint  # noqa: E402

import cdk_sagemaker_hosting  # noqa: E402,F401  (fails the whole suite when the wheel is missing)

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
FIXTURES = os.path.join(REPO, "test", "fixtures")
EXAMPLE = os.path.join(REPO, "examples", "python-app")
ASYNC_EXAMPLE = os.path.join(REPO, "examples", "async-app")

# Templates are linted for one region where every type used here exists.
LINT_REGIONS = ["us-east-1"]

# An action on Resource "*" is allowed only where the action has no resource type.
STAR_OK = {
    "ecr:GetAuthorizationToken",
    "cloudwatch:PutMetricData",
    "ec2:CreateNetworkInterface",
    "ec2:CreateNetworkInterfacePermission",
    "ec2:DeleteNetworkInterface",
    "ec2:DeleteNetworkInterfacePermission",
    "ec2:DescribeNetworkInterfaces",
    "ec2:DescribeVpcs",
    "ec2:DescribeDhcpOptions",
    "ec2:DescribeSubnets",
    "ec2:DescribeSecurityGroups",
}


def lint_errors(template: dict) -> list:
    """cfn-lint errors (rule ids starting with E) of a template, as strings."""
    return lint_problems(template, set())


def lint_problems(template: dict, library: set) -> list:
    """cfn-lint errors (E rules) of a template, and its warnings (W rules) on the resources whose
    logical IDs are in `library` (those of the library's own constructs), as strings."""
    matches = lint(json.dumps(template), config=ManualArgs(regions=LINT_REGIONS))
    return [f"{m.rule.id} {m.message} ({'/'.join(str(p) for p in m.path)})" for m in matches
            if m.rule.id.startswith("E") or (m.rule.id.startswith("W") and len(m.path) > 1
                                             and m.path[0] == "Resources" and m.path[1] in library)]


def library_resources(assembly_dir, stack_artifact: str) -> set:
    """The logical IDs of a stack's resources that a construct of this library made: those under a
    node of the construct tree (tree.json) whose class is one of the library's."""
    with open(os.path.join(assembly_dir, "tree.json"), encoding="utf-8") as f:
        tree = json.load(f)["tree"]
    roots = []

    def walk(node, path):
        if node.get("constructInfo", {}).get("fqn", "").startswith("cdk-sagemaker-hosting."):
            roots.append(path)
            return
        for child in node.get("children", {}).values():
            walk(child, f"{path}/{child['id']}")

    walk(tree, "")
    with open(os.path.join(assembly_dir, "manifest.json"), encoding="utf-8") as f:
        artifact = json.load(f)["artifacts"][stack_artifact]
    # The stack's metadata is in the manifest, or in the file it names (newer CDK versions).
    metadata = dict(artifact.get("metadata", {}))
    if artifact.get("additionalMetadataFile"):
        with open(os.path.join(assembly_dir, artifact["additionalMetadataFile"]), encoding="utf-8") as f:
            metadata.update(json.load(f))
    return {entry["data"] for path, entries in metadata.items() for entry in entries
            if entry["type"] == "aws:cdk:logicalId" and any(path == r or path.startswith(f"{r}/") for r in roots)}


def worst_case_size(document) -> int:
    """A policy document's size as IAM counts it, at worst: no whitespace, each CloudFormation token an
    ARN of 150 characters (aws-cdk-lib's own estimate when it splits policies)."""
    def estimate(value):
        if isinstance(value, dict):
            if len(value) == 1 and (next(iter(value)) == "Ref" or next(iter(value)).startswith("Fn::")):
                return "a" * 150
            return {k: estimate(v) for k, v in value.items()}
        if isinstance(value, list):
            return [estimate(v) for v in value]
        return value
    return len(json.dumps(estimate(document), separators=(",", ":"), ensure_ascii=False))


# IAM's limits on a customer-managed policy document (non-whitespace characters) and an inline one.
MANAGED_POLICY_SIZE = 6144
INLINE_POLICY_SIZE = 10240


def policy_problems(template: dict) -> list:
    problems = []
    text = json.dumps(template)
    if "AmazonSageMakerFullAccess" in text:
        problems.append("AmazonSageMakerFullAccess in template")
    for name, res in template.get("Resources", {}).items():
        if res["Type"] in ("AWS::IAM::Policy", "AWS::IAM::ManagedPolicy"):
            documents = [res["Properties"]["PolicyDocument"]]
        elif res["Type"] == "AWS::IAM::Role":  # inline policies
            documents = [p["PolicyDocument"] for p in res["Properties"].get("Policies", [])]
        else:
            continue
        limit = MANAGED_POLICY_SIZE if res["Type"] == "AWS::IAM::ManagedPolicy" else INLINE_POLICY_SIZE
        problems += [f"{name}: a policy document of {worst_case_size(d)} characters at worst (IAM allows {limit})"
                     for d in documents if worst_case_size(d) > limit]
        for st in (s for d in documents for s in d["Statement"]):
            actions = st["Action"] if isinstance(st["Action"], list) else [st["Action"]]
            resources = st["Resource"] if isinstance(st["Resource"], list) else [st["Resource"]]
            if "*" in resources:
                bad = [a for a in actions if a not in STAR_OK]
                if bad:
                    problems.append(f"{name}: {bad} on Resource '*'")
    return problems


def policy_statements(template: dict, role_prefix: str = "") -> list:
    """Every IAM statement of a template's policies (inline, AWS::IAM::Policy, customer-managed), or
    only those of the roles whose logical ID starts with role_prefix."""
    out = []
    for logical_id, res in template["Resources"].items():
        if res["Type"] == "AWS::IAM::Role" and logical_id.startswith(role_prefix):
            out += [s for p in res["Properties"].get("Policies", []) for s in p["PolicyDocument"]["Statement"]]
        if res["Type"] in ("AWS::IAM::Policy", "AWS::IAM::ManagedPolicy") and any(
                isinstance(r, dict) and r.get("Ref", "").startswith(role_prefix) for r in res["Properties"].get("Roles", [])):
            out += res["Properties"]["PolicyDocument"]["Statement"]
    return out


def checked_template(stack: cdk.Stack) -> dict:
    """Synthesize a stack, lint it (no error; no warning on the library's own resources), check its
    policies, and return the template."""
    template = cdk.assertions.Template.from_stack(stack).to_json()
    assembly = cdk.Stage.of(stack).synth()
    errors = lint_problems(template, library_resources(assembly.directory, stack.artifact_id))
    assert errors == [], f"cfn-lint problems in {stack.stack_name}:\n" + "\n".join(errors)
    problems = policy_problems(template)
    assert problems == [], f"policy problems in {stack.stack_name}: {problems}"
    return template


@pytest.fixture
def stack() -> cdk.Stack:
    app = cdk.App()
    return cdk.Stack(app, "TestStack", env=cdk.Environment(account="123456789012", region="us-east-1"))


@pytest.fixture
def workdir(tmp_path):
    """A folder with the files the README snippets refer to (relative to their `__file__`)."""
    image = tmp_path / "image"
    image.mkdir()
    shutil.copy(os.path.join(FIXTURES, "image", "Dockerfile"), image / "Dockerfile")
    shutil.copy(os.path.join(FIXTURES, "image", "serve.py"), image / "serve.py")
    model = tmp_path / "model"
    model.mkdir()
    shutil.copy(os.path.join(FIXTURES, "model.tar.gz"), model / "model.tar.gz")
    shutil.copy(os.path.join(FIXTURES, "weights.txt"), model / "weights.txt")
    return tmp_path


def models_of(template: dict) -> list:
    return [r["Properties"] for r in template["Resources"].values() if r["Type"] == "AWS::SageMaker::Model"]


def shipped_handler(tmp_path, name: str) -> str:
    """A custom resource's handler (`handlers/<name>/index.js`) as the wheel ships it: inside the npm
    tarball jsii embeds."""
    import tarfile
    folder = os.path.join(os.path.dirname(cdk_sagemaker_hosting.__file__), "_jsii")
    (tarball,) = [f for f in os.listdir(folder) if f.endswith(".tgz")]
    with tarfile.open(os.path.join(folder, tarball)) as archive:
        member = archive.getmember(f"package/handlers/{name}/index.js")
        target = tmp_path / f"{name}.js"
        target.write_bytes(archive.extractfile(member).read())
    return str(target)


def as_a_user_runs_it(env: dict) -> dict:
    """A subprocess environment with aws-cdk-lib's template validation on (its default), which this
    suite otherwise turns off."""
    env = dict(env)
    env.pop("CDK_VALIDATION", None)
    return env


def synthesized_examples(folder, stack_names, outdir, context=None) -> dict:
    """Run an example app's app.py once into outdir (with context values, as `cdk synth -c` gives them);
    the templates of the stacks named, by name, each checked for cfn-lint errors, policy problems and
    errors of the hosting rules. The app runs with aws-cdk-lib's template validation on, as a user runs
    it, and the validation must find nothing."""
    env = as_a_user_runs_it(dict(os.environ, CDK_OUTDIR=str(outdir)))
    if context:
        env["CDK_CONTEXT_JSON"] = json.dumps(context)
    run = subprocess.run([sys.executable, "app.py"], cwd=folder, env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
    assert VALIDATION_REPORT not in run.stdout + run.stderr, run.stdout + run.stderr
    from cdk_sagemaker_hosting import HostingChecks
    templates = {}
    for stack_name in stack_names:
        with open(os.path.join(outdir, f"{stack_name}.template.json"), encoding="utf-8") as f:
            template = json.load(f)
        assert lint_problems(template, library_resources(outdir, stack_name)) == []
        assert policy_problems(template) == []
        # the hosting rules on the template itself (README "Checks for any app") find no error in what the constructs made
        assert [f.message for f in HostingChecks.check_template(template) if f.severity == "error"] == []
        templates[stack_name] = template
    return templates


def synthesized_example(folder, stack_name, outdir, context=None) -> dict:
    """The checked template of one stack of an example app (`synthesized_examples`)."""
    return synthesized_examples(folder, [stack_name], outdir, context)[stack_name]


@pytest.fixture(scope="session")
def example_template(tmp_path_factory):
    """`example_template(folder, stack_name)`: an example app's checked template, synthesized once per
    test process for every test that reads it (each test gets its own copy)."""
    synthesized = {}

    def template(folder, stack_name) -> dict:
        if (folder, stack_name) not in synthesized:
            synthesized[(folder, stack_name)] = synthesized_example(folder, stack_name, tmp_path_factory.mktemp("example"))
        return copy.deepcopy(synthesized[(folder, stack_name)])
    return template
