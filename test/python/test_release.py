"""The release artifacts the test command built (scripts/lib.sh build_wheel js): versioned from the
conventional commits, with a changelog, PyPI metadata that twine accepts, an npm tarball of only
what a consumer needs, and publib's dry run finding both.
"""
import email
import json
import os
import re
import subprocess
import sys
import tarfile
import zipfile
from importlib.metadata import version

import pytest
import trove_classifiers
from conftest import REPO

DIST = os.path.join(REPO, "dist")
PACKAGE = json.load(open(os.path.join(REPO, "package.json"), encoding="utf-8"))


def read(*parts: str) -> str:
    with open(os.path.join(DIST, *parts), encoding="utf-8") as f:
        return f.read()


def git(*args: str) -> str:
    return subprocess.run(["git", *args], cwd=REPO, check=True, capture_output=True, text=True).stdout


def semver(v: str) -> tuple:
    return tuple(int(p) for p in v.split("."))


VERSION = read("version.txt").strip()
WHEEL = os.path.join(DIST, "python", f"cdk_sagemaker_hosting-{VERSION}-py3-none-any.whl")
SDIST = os.path.join(DIST, "python", f"cdk_sagemaker_hosting-{VERSION}.tar.gz")
TARBALL = os.path.join(DIST, "js", f"cdk-sagemaker-hosting@{VERSION}.jsii.tgz")


def release_tags() -> list:
    return [t for t in git("tag", "--list", "v*", "--merged", "HEAD").split() if re.fullmatch(r"v\d+\.\d+\.\d+", t)]


def test_version_comes_from_the_commits():
    assert re.fullmatch(r"\d+\.\d+\.\d+", VERSION) and VERSION != "0.0.0"
    assert read("releasetag.txt").strip() == f"v{VERSION}"
    tags = sorted(release_tags(), key=lambda t: semver(t[1:]))
    if not tags:
        assert VERSION == "0.1.0"  # the first release (.projenrc.py next_version_command)
    else:
        assert semver(VERSION) >= semver(tags[-1][1:])
    # What was built carries it, and package.json is back at projen's 0.0.0 (the tree stays clean).
    assert version("cdk-sagemaker-hosting") == VERSION
    assert os.path.isfile(WHEEL) and os.path.isfile(SDIST) and os.path.isfile(TARBALL)
    assert PACKAGE["version"] == "0.0.0"


def test_changelog_lists_every_conventional_commit_since_the_last_release():
    changelog = read("changelog.md").lstrip()
    assert changelog.startswith(f"## {VERSION} (")
    tags = release_tags()
    subjects = git("log", "--format=%s", *( [f"{sorted(tags, key=lambda t: semver(t[1:]))[-1]}..HEAD"] if tags else [])).splitlines()
    sections = {"feat": "### Features", "fix": "### Bug Fixes"}
    for kind, heading in sections.items():
        commits = [s for s in subjects if re.match(rf"{kind}(\([^)]*\))?!?: ", s)]
        if not commits:
            assert heading not in changelog
            continue
        body = changelog.split(heading, 1)[1].split("\n### ", 1)[0]
        entries = [line for line in body.splitlines() if line.startswith("* ")]
        assert len(entries) == len(commits), heading
        for subject in commits:
            description = subject.split(": ", 1)[1]
            assert any(description in e for e in entries), subject


def metadata(path: str) -> email.message.Message:
    if path.endswith(".whl"):
        with zipfile.ZipFile(path) as z:
            name = next(n for n in z.namelist() if n.endswith(".dist-info/METADATA"))
            return email.message_from_bytes(z.read(name))
    with tarfile.open(path) as t:
        name = next(n for n in t.getnames() if n.count("/") == 1 and n.endswith("/PKG-INFO"))
        return email.message_from_bytes(t.extractfile(name).read())


@pytest.mark.parametrize("artifact", ["wheel", "sdist"])
def test_pypi_metadata(artifact):
    meta = metadata(WHEEL if artifact == "wheel" else SDIST)
    assert meta["Name"] == "cdk-sagemaker-hosting" and meta["Version"] == VERSION
    assert meta["Summary"] == PACKAGE["description"]
    assert meta["Requires-Python"] == ">=3.10"
    assert meta["Home-page"] == "https://github.com/cdk-sagemaker-hosting/cdk-sagemaker-hosting"
    assert meta.get_all("Project-URL") == ["Source, https://github.com/cdk-sagemaker-hosting/cdk-sagemaker-hosting.git"]
    assert meta["License"] == "Apache-2.0" and meta["Description-Content-Type"] == "text/markdown"
    classifiers = meta.get_all("Classifier")
    unknown = [c for c in classifiers if c not in trove_classifiers.classifiers]
    assert unknown == [], "PyPI rejects an upload with unknown classifiers"
    for c in ["Framework :: AWS CDK :: 2", "Development Status :: 4 - Beta", "Programming Language :: Python :: 3.11",
              "Topic :: Scientific/Engineering :: Artificial Intelligence", "Typing :: Typed"]:
        assert c in classifiers
    requires = sorted(r.replace(" ", "") for r in meta.get_all("Requires-Dist"))
    assert "aws-cdk-lib<3.0.0,>=2.275.0" in requires and "constructs<11.0.0,>=10.5.0" in requires
    assert "# cdk-sagemaker-hosting" in meta.get_payload()  # the README is the long description


def test_twine_check_passes_on_wheel_and_sdist():
    out = subprocess.run([sys.executable, "-m", "twine", "check", "--strict", WHEEL, SDIST],
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr
    assert out.stdout.count("PASSED") == 2


def tarball_files() -> list:
    with tarfile.open(TARBALL) as t:
        return sorted(m.name for m in t.getmembers() if m.isfile())


def test_npm_tarball_holds_only_what_a_consumer_needs():
    files = tarball_files()
    extra = [f for f in files if f not in {"package/package.json", "package/README.md", "package/LICENSE",
                                           "package/API.md", "package/.jsii"}
             and not re.fullmatch(r"package/lib/.+\.(js|d\.ts)", f)
             and not re.fullmatch(r"package/handlers/[a-z-]+/index\.js", f)]
    assert extra == []
    # The code of the library's Lambda functions, as in handlers/ (one index.js each).
    handlers = sorted(f"package/handlers/{d}/index.js" for d in os.listdir(os.path.join(REPO, "handlers")))
    assert [f for f in files if f.startswith("package/handlers/")] == handlers and handlers
    # Every source file is there compiled, with its types, and nothing compiled is missing a source.
    sources = sorted(os.path.relpath(os.path.join(d, f), os.path.join(REPO, "src"))[:-3]
                     for d, _, fs in os.walk(os.path.join(REPO, "src")) for f in fs if f.endswith(".ts"))
    compiled = sorted(f[len("package/lib/"):-3] for f in files if f.startswith("package/lib/") and f.endswith(".js"))
    typed = sorted(f[len("package/lib/"):-5] for f in files if f.endswith(".d.ts"))
    assert compiled == sources and typed == sources
    with tarfile.open(TARBALL) as t:
        pkg = json.load(t.extractfile("package/package.json"))
    assert pkg["version"] == VERSION
    assert pkg["peerDependencies"] == {"aws-cdk-lib": "^2.275.0", "constructs": "^10.5.0"}
    assert "dependencies" not in pkg and "bundledDependencies" not in pkg
    assert pkg["main"] == "lib/index.js" and pkg["types"] == "lib/index.d.ts"
    assert pkg["homepage"] == "https://github.com/cdk-sagemaker-hosting/cdk-sagemaker-hosting"


def test_npm_tarball_loads_on_its_own(tmp_path):
    """The unpacked tarball, beside only its peer dependencies, is a working library."""
    with tarfile.open(TARBALL) as t:
        t.extractall(tmp_path, filter="data")
    modules = tmp_path / "node_modules"
    modules.mkdir()
    for peer in ["aws-cdk-lib", "constructs"]:
        (modules / peer).symlink_to(os.path.join(REPO, "node_modules", peer))
    (modules / "cdk-sagemaker-hosting").symlink_to(tmp_path / "package")
    script = (
        "const cdk = require('aws-cdk-lib'); const sm = require('cdk-sagemaker-hosting');"
        "const stack = new cdk.Stack(new cdk.App(), 'S');"
        "new sm.Model(stack, 'M', { containers: [{ image: sm.ContainerImage.fromDlc('xgboost-inference', '1.7-1') }] });"
        "const t = cdk.assertions.Template.fromStack(stack).toJSON();"
        "console.log(Object.values(t.Resources).map(r => r.Type).sort().join(','));"
    )
    out = subprocess.run(["node", "-e", script], cwd=tmp_path, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["AWS::IAM::ManagedPolicy,AWS::IAM::Role,AWS::SageMaker::Model"]
    # its command (package.json "bin"): the hosting rules on a template file
    with open(tmp_path / "package" / "package.json", encoding="utf-8") as f:
        command = json.load(f)["bin"]["cdk-sagemaker-hosting-check"]
    template = tmp_path / "template.json"
    template.write_text(json.dumps({"Resources": {"Config": {"Type": "AWS::SageMaker::EndpointConfig", "Properties": {
        "ProductionVariants": [{"VariantName": "a", "ModelName": "m", "InitialInstanceCount": 0, "InstanceType": "ml.m5.large"}]}}}}))
    out = subprocess.run(["node", str(tmp_path / "package" / command), str(template)], cwd=tmp_path, capture_output=True, text=True)
    assert out.returncode == 1, out.stderr
    assert out.stdout.startswith(f"{template} Config error Must have at least one instance (ProductionVariants[0].InitialInstanceCount: got 0;")


def publib(tool: str, env: dict, tmp_path) -> str:
    """Run publib's publisher (the release workflow's) with PUBLIB_DRYRUN: it finds the artifacts
    and stops before the upload. HOME is a scratch folder, so no ~/.npmrc or ~/.pypirc is touched."""
    base = {"PATH": os.environ["PATH"], "HOME": str(tmp_path), "PUBLIB_DRYRUN": "true"}
    out = subprocess.run([os.path.join(REPO, "node_modules", ".bin", tool)], cwd=REPO, env={**base, **env},
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr
    return out.stdout


def test_publib_npm_dry_run(tmp_path):
    out = publib("publib-npm", {"NPM_TRUSTED_PUBLISHER": "true"}, tmp_path)
    assert f"(would publish dist/js/cdk-sagemaker-hosting@{VERSION}.jsii.tgz)" in out
    assert "SUCCESS (dry run)" in out


def test_publib_pypi_dry_run(tmp_path):
    # publib-pypi first runs `python3 -m pip install --user --upgrade "twine<6.2.0"`. Here twine
    # 6.1.0 is already in the venv (requirements-dev.txt), and no test may reach a registry: a
    # `python3` on PATH runs the venv's Python with that install made offline and venv-local.
    shim = tmp_path / "bin"
    shim.mkdir()
    (shim / "python3").write_text(
        f"#!{sys.executable}\n"
        "import os, sys\n"
        "args = sys.argv[1:]\n"
        "if args[:3] == ['-m', 'pip', 'install']:\n"
        "    args = args[:3] + ['--no-index'] + [a for a in args[3:] if a != '--user']\n"
        "os.execv(sys.executable, [sys.executable] + args)\n"
    )
    (shim / "python3").chmod(0o755)
    out = publib("publib-pypi", {"PATH": f"{shim}:{os.environ['PATH']}", "TWINE_USERNAME": "__token__",
                                 "TWINE_PASSWORD": "dry-run"}, tmp_path)
    assert f"(would upload cdk_sagemaker_hosting-{VERSION}-py3-none-any.whl)" in out
    assert "SUCCESS (dry run)" in out


def unpacked_package(tmp_path):
    """The npm tarball unpacked into tmp_path/package, with its peer dependencies (aws-cdk-lib,
    constructs) linked from the repository's node_modules, as a consumer's install has them."""
    with tarfile.open(TARBALL) as t:
        t.extractall(tmp_path, filter="data")
    package = tmp_path / "package"
    (package / "node_modules").mkdir()
    for dep in ("aws-cdk-lib", "constructs"):
        (package / "node_modules" / dep).symlink_to(os.path.join(REPO, "node_modules", dep))
    return package


def test_the_packaged_index_loads_each_module_on_first_use(tmp_path):
    """Requiring the package (what the jsii kernel does on `import cdk_sagemaker_hosting`) loads lib/index.js
    alone; reading an export loads its module; the exports are exactly the assembly's top-level classes and
    enums (what the kernel looks up), each resolving to its class."""
    package = unpacked_package(tmp_path)
    assembly = json.loads((package / ".jsii").read_text())
    runtime = sorted(t["name"] for t in assembly["types"].values() if t["kind"] in ("class", "enum") and "namespace" not in t)
    script = """
      const pkg = process.argv[1];
      const ours = () => Object.keys(require.cache).filter(k => k.startsWith(pkg + '/lib/')).map(k => k.slice(pkg.length + 1));
      const m = require(pkg);
      const atRequire = ours();
      const model = m.Model;
      const afterModel = ours();
      const names = Object.keys(m).sort();
      const unresolved = names.filter(n => typeof m[n] !== 'function' && typeof m[n] !== 'object');
      console.log(JSON.stringify({ atRequire, modelLoaded: afterModel.includes('lib/model.js'), modelName: model.name,
        names, unresolved, loaded: ours().length }));
    """
    out = subprocess.run(["node", "-e", script, str(package)], capture_output=True, text=True, check=True, timeout=120)
    result = json.loads(out.stdout)
    assert result["atRequire"] == ["lib/index.js"]
    assert result["modelLoaded"] and result["modelName"] == "Model"
    assert result["names"] == runtime and result["unresolved"] == []
    # every export read: the modules the index names, and what defining their classes needs
    named = {f"lib/{m[2:]}.js" for m in re.findall(r'^lazy\("([^"]+)"', (package / "lib" / "index.js").read_text(), flags=re.M)}
    assert len(named) > 20 and result["loaded"] >= len(named) + 1


COMMON_APP = """
  const [pkg, deps] = process.argv.slice(1);
  const cdk = require(deps + '/aws-cdk-lib'), ecr = require(deps + '/aws-cdk-lib/aws-ecr'),
    s3 = require(deps + '/aws-cdk-lib/aws-s3'), cloudwatch = require(deps + '/aws-cdk-lib/aws-cloudwatch');
  const sagemaker = require(pkg);
  const app = new cdk.App();
  const stack = new cdk.Stack(app, 'S', { env: { account: '123456789012', region: 'us-east-1' } });
  const model = new sagemaker.Model(stack, 'Model', { containers: [{
    image: sagemaker.ContainerImage.fromEcrRepository(ecr.Repository.fromRepositoryName(stack, 'Repo', 'repo'), 'v1'),
    modelData: sagemaker.ModelData.fromBucket(s3.Bucket.fromBucketName(stack, 'Bucket', 'models-bucket'), 'm/model.tar.gz') }] });
  const config = new sagemaker.EndpointConfig(stack, 'Config', { instanceProductionVariants: [
    { model, variantName: 'main', instanceType: sagemaker.InstanceType.M5_LARGE }] });
  const variant = new sagemaker.Endpoint(stack, 'Endpoint', { endpointConfig: config }).findInstanceProductionVariant('main');
  variant.autoScaleInstanceCount({ minCapacity: 1, maxCapacity: 4 }).scaleOnInvocations('Invocations', { maxRequestsPerSecond: 30 });
  new cloudwatch.Alarm(stack, 'Latency', { metric: variant.metricModelLatency(), threshold: 500000, evaluationPeriods: 3 });
  const template = app.synth().getStackByName('S').template;
  const loaded = Object.keys(require.cache).filter(k => k.startsWith(pkg + '/lib/')).map(k => k.slice(pkg.length + 1)).sort();
  console.log(JSON.stringify({ loaded, types: Object.values(template.Resources).map(r => r.Type).sort() }));
"""


def test_a_packaged_module_loads_what_it_imports_on_first_use(tmp_path):
    """scripts/lazy-requires.js ran on every module of the package: none loads its imports at the top
    any more; an app with a model, an endpoint, its scaling and an alarm synthesizes, and loads neither
    the VPC teardown, nor asset images, nor the rules of features it does not use."""
    package = unpacked_package(tmp_path)
    modules = sorted(str(p.relative_to(package)) for p in (package / "lib").rglob("*.js"))
    eager = [m for m in modules if re.search(r'^const \w+ = (__importStar\()?require\(', (package / m).read_text(), flags=re.M)]
    assert len(modules) > 80 and eager == []
    out = subprocess.run(["node", "-e", COMMON_APP, str(package), os.path.join(REPO, "node_modules")],
                         capture_output=True, text=True, check=False, timeout=120, env=dict(os.environ, CDK_VALIDATION="false"))
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)
    assert result["types"] == sorted(["AWS::SageMaker::Model", "AWS::IAM::Role", "AWS::IAM::ManagedPolicy",
                                      "AWS::SageMaker::EndpointConfig", "AWS::SageMaker::Endpoint",
                                      "AWS::ApplicationAutoScaling::ScalableTarget",
                                      "AWS::ApplicationAutoScaling::ScalingPolicy", "AWS::CloudWatch::Alarm"])
    for used in ("lib/model.js", "lib/endpoint-config.js", "lib/endpoint.js", "lib/scalable-instance-count.js"):
        assert used in result["loaded"]
    for unused in ("lib/private/teardown.js", "lib/private/assets.js", "lib/private/explainer.js",
                   "lib/private/rules/shadow-variants.js", "lib/private/rules/async-inference.js",
                   "lib/private/rules/data-capture.js", "lib/private/image-registries.generated.js"):
        assert unused in modules and unused not in result["loaded"], unused
    assert len(result["loaded"]) < 50  # of more than 80 (66 when every module loaded its imports at the top)
