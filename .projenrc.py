"""projen definition of cdk-sagemaker-hosting.

Every generated file (package.json, tsconfig*, .gitignore, .npmignore, .projen/*, the eslint and
jest configuration) comes from here: change this file, then run `npx projen`.
"""
from projen.awscdk import AwsCdkConstructLibrary
from projen.javascript import NodePackageManager, UpdateSnapshot
from projen.python import Projenrc

# Versions measured on the registries we install from (see README "Toolchain").
PROJEN_VERSION = "0.103.25"
CDK_VERSION = "2.275.0"  # newest aws-cdk-lib on both npm and PyPI; also the minimum peer version
CONSTRUCTS_VERSION = "10.5.0"
JSII_VERSION = "~5.9.0"
CDK_CLI_VERSION = "2.1148.1"
FAST_CHECK_VERSION = "4.10.2"

project = AwsCdkConstructLibrary(
    # --- identity -----------------------------------------------------------------------------
    name="cdk-sagemaker-hosting",
    description=(
        "AWS CDK L2 constructs for Amazon SageMaker inference hosting: Model, EndpointConfig, "
        "Endpoint. A drop-in replacement for @aws-cdk/aws-sagemaker-alpha with least-privilege "
        "roles and synth-time validation."
    ),
    keywords=["aws-cdk", "cdk", "sagemaker", "machine-learning", "inference", "endpoint"],
    author="cdk-sagemaker-hosting developers",
    author_address="cdk-sagemaker-hosting@users.noreply.github.com",
    repository_url="https://github.com/cdk-sagemaker-hosting/cdk-sagemaker-hosting.git",
    license="Apache-2.0",
    stability="experimental",
    default_release_branch="main",
    # --- toolchain and versions ---------------------------------------------------------------
    package_manager=NodePackageManager.NPM,
    projen_version=PROJEN_VERSION,
    cdk_version=CDK_VERSION,
    constructs_version=CONSTRUCTS_VERSION,
    jsii_version=JSII_VERSION,
    min_node_version="20.16.0",
    # --- publishing (publib) --------------------------------------------------------------------
    publish_to_pypi={
        "dist_name": "cdk-sagemaker-hosting",
        "module": "cdk_sagemaker_hosting",
    },
    release=True,
    # --- docs -----------------------------------------------------------------------------------
    docgen=True,
    sample_code=False,
    # --- tests and lint -------------------------------------------------------------------------
    projenrc_js=False,
    typescript_version="~5.9.3",
    jest=True,
    jest_options={
        "jest_version": "^29",
        "update_snapshot": UpdateSnapshot.NEVER,
        "jest_config": {
            "test_match": ["<rootDir>/test/**/*.test.ts"],
            "test_path_ignore_patterns": ["/node_modules/", "/test/python/"],
            # Quiet unless something fails: the schema findings aws-cdk-lib prints fail the test
            # instead (test/setup.ts), and coverage is a one-line summary.
            "setup_files_after_env": ["<rootDir>/test/setup.ts"],
            "coverage_reporters": ["json", "lcov", "clover", "cobertura", "text-summary"],
        },
    },
    eslint=True,
    dev_deps=[
        f"aws-cdk@{CDK_CLI_VERSION}",  # the CLI that synthesizes examples/python-app
        f"fast-check@{FAST_CHECK_VERSION}",  # property-based tests
    ],
    # --- repository hygiene --------------------------------------------------------------------
    github=False,
    deps_upgrade=False,
    gitignore=[
        ".venv/",
        ".venv-tools/",
        "cdk.out/",
        "__pycache__/",
        ".pytest_cache/",
        "*.pyc",
        "examples/python-app/cdk.out/",
        "test/python/.work/",
        "bench/results/",
        ".venv-bench-alpha/",
    ],
)

# The projenrc is Python: `npx projen` runs `python .projenrc.py`, which needs the pip package
# `projen` pinned in requirements-dev.txt at the same version as the npm one.
Projenrc(project, projen_version=PROJEN_VERSION, python_exec="python3")

# Python-flavoured API docs for our first users.
project.tasks.try_find("docgen").reset("jsii-docgen -o API.md -l python")


def jsii_env(proj):
    """Silence jsii's end-of-life warning for the Node 20 that our machines run."""
    proj.tasks.add_environment("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20")


def python_tasks(proj):
    """Tasks around the Python wheel. The README commands are scripts/example.sh and scripts/test.sh."""
    proj.add_task(
        "test:python",
        description="pytest test/python against the wheel installed in the active venv (synth + cfn-lint)",
        exec="python -m pytest test/python -q -p no:cacheprovider",
    )
    proj.add_task(
        "example",
        description="Build the wheel, install it in .venv and synthesize examples/python-app",
        exec="bash scripts/example.sh",
    )
    bench = proj.add_task(
        "bench",
        description="Measure the cost of synth-time validation (bench/validation.js, after a compile)",
    )
    bench.spawn(proj.tasks.try_find("compile"))
    bench.exec("node bench/validation.js")
    proj.add_task(
        "bench:synth",
        description="Three-way synth benchmark: this library vs the alpha vs hand-written L1 from Python (bench/three_way.py)",
        exec="bash scripts/bench.sh",
        receive_args=True,
    )
    proj.add_task(
        "alpha-compat",
        description="Run aws-cdk's own alpha unit tests against src/ (needs ../shared)",
        exec="bash ../shared/alpha-compat/run.sh",
    )


def npm_ignores(proj):
    """Keep tests, examples and benchmarks out of the npm tarball."""
    for pattern in ["/examples/", "/bench/", "/scripts/", "/requirements-dev.txt", "/requirements-tools.txt",
                    "/.ci/", "/test/", ".venv/", ".venv-tools/"]:
        proj.add_package_ignore(pattern)


jsii_env(project)
python_tasks(project)
npm_ignores(project)

project.synth()
