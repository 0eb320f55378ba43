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
# integ-tests-alpha: the newest on the npm registry; its peer range (^2.245.0) admits 2.275.
INTEG_TESTS_VERSION = "2.245.0-alpha.0"
# The AWS SDK the Lambda Node.js runtime ships: the custom resource handlers (handlers/: the
# model-registry lookup, the release of network interfaces) are tested with it against the local
# AWS of test/python (it is not a dependency of the package). One version for both clients.
CLIENT_SAGEMAKER_VERSION = "3.1142.0"
CLIENT_EC2_VERSION = CLIENT_SAGEMAKER_VERSION
TS_NODE_VERSION = "10.9.2"  # runs the integration apps of test/integ/ as integ-runner's TypeScript preset does
PUBLIB_VERSION = "0.2.1061"  # the publishing CLI, pinned so a release (and its dry run) is reproducible
REPOSITORY = "https://github.com/cdk-sagemaker-hosting/cdk-sagemaker-hosting"

# PyPI trove classifiers beyond the ones jsii-pacmak sets itself (Python versions, typing, licence,
# development status from `stability`). test/python/test_release.py checks them against the
# trove-classifiers list, since PyPI rejects an upload with an unknown one.
PYTHON_CLASSIFIERS = [
    "Framework :: AWS CDK",
    "Framework :: AWS CDK :: 2",
    "Topic :: Scientific/Engineering :: Artificial Intelligence",
    "Topic :: System :: Systems Administration",
    "Intended Audience :: System Administrators",
]

# What a consumer of the npm package needs: the compiled library, its types, the jsii assembly
# (jsii runtimes and jsii-pacmak read it) and the docs. npm adds package.json, README.md and
# LICENSE itself, and the custom-resource handlers (plain JavaScript the library's Lambda functions
# run, `handlers/<name>/index.js`). An allowlist, so a stray folder (a benchmark venv, say) never ships.
NPM_FILES = ["lib/**/*.js", "lib/**/*.d.ts", ".jsii", "API.md", "handlers/*/index.js"]

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
    repository_url=f"{REPOSITORY}.git",
    homepage=REPOSITORY,
    bugs_url=f"{REPOSITORY}/issues",
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
    # Versions come from the conventional commits since the last release tag (projen's bump:
    # feat -> minor, fix -> patch, breaking -> major from 1.0). With no release tag yet, the
    # first release is 0.1.0, not projen's 0.0.0. See README "Releasing".
    next_version_command="git tag --list 'v*' | grep -q . || echo minor",
    jsii_release_version=PUBLIB_VERSION,
    publish_tasks=True,
    release_workflow_setup_steps=[
        {"uses": "actions/setup-python@v5", "with": {"python-version": "3.11"}},
        {"name": "Install the Python projenrc's projen", "run": "pip install -r requirements-dev.txt"},
    ],
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
            # aws-cdk-lib's template validator is built once per jest worker, not once per test file
            # (test/environment.ts says how): the suite took 287 s of CPU before, 139 s after.
            "test_environment": "<rootDir>/test/environment.ts",
            "module_name_mapper": {"^@aws/cloudformation-validate$": "<rootDir>/test/shared-validator.ts"},
            "coverage_reporters": ["json", "lcov", "clover", "cobertura", "text-summary"],
            # One worker per core (jest's default leaves one core idle): on the 2-core build machine the
            # suite takes 303 s instead of 434 s.
            "max_workers": "100%",
        },
    },
    eslint=True,
    dev_deps=[
        f"aws-cdk@{CDK_CLI_VERSION}",  # the CLI that synthesizes examples/python-app
        f"fast-check@{FAST_CHECK_VERSION}",  # property-based tests
        f"@aws-cdk/integ-tests-alpha@{INTEG_TESTS_VERSION}",  # IntegTest cases of test/integ/
        f"ts-node@{TS_NODE_VERSION}",
        "jest-environment-node@^29",  # test/environment.ts
        f"@aws-sdk/client-sagemaker@{CLIENT_SAGEMAKER_VERSION}",
        f"@aws-sdk/client-ec2@{CLIENT_EC2_VERSION}",
    ],
    # --- repository hygiene --------------------------------------------------------------------
    # GitHub: only projen's release workflow (.github/workflows/release.yml). The tests run in
    # .ci/run, not in a GitHub build workflow.
    github=True,
    build_workflow=False,
    pull_request_template=False,
    github_options={"mergify": False, "pull_request_lint": False},
    deps_upgrade=False,
    gitignore=[
        ".venv/",
        ".venv-tools/",
        ".venv-sdk/",
        "cdk.out/",
        "__pycache__/",
        ".pytest_cache/",
        "*.pyc",
        "examples/python-app/cdk.out/",
        "test/python/.work/",
        "bench/results/",
        ".venv-bench-alpha/",
        ".jsii.tabl.json",
        "test/integ/cdk-integ.out.*",
    ],
)

# The projenrc is Python: `npx projen` runs `python .projenrc.py`, which needs the pip package
# `projen` pinned in requirements-dev.txt at the same version as the npm one.
Projenrc(project, projen_version=PROJEN_VERSION, python_exec="python3")

# Python-flavoured API docs for our first users.
project.tasks.try_find("docgen").reset("jsii-docgen -o API.md -l python")

# lib/index.js loads each module on first use, not all of them when the package is required (what a
# Python `import cdk_sagemaker_hosting` costs): scripts/lazy-index.js rewrites tsc's re-exports.
project.compile_task.exec("node scripts/lazy-index.js lib/index.js")
# ... and a module of the library loads the modules it imports on first use, not all of them when it
# loads (scripts/lazy-requires.js): an app with a model, an endpoint and its scaling loads 46 of them, not 65.
project.compile_task.exec("node scripts/lazy-requires.js lib")

# Source maps stay inline (a stack trace under --enable-source-maps still names src/*.ts lines), but
# without a copy of every source file in them: that copy was half of lib/ (1.3 of 2.8 MB), so Node
# read and scanned twice the bytes it runs each time a module loads (about 15 ms of the ~100 ms the
# package's modules take to load), and the npm tarball and the wheel carried it.
project.tsconfig.file.add_override("compilerOptions.inlineSources", False)

# The Python bindings check an optional argument's type only when it is given (None always passes):
# jsii-pacmak's own checks of unset props were a third of an app's Python-side synth time, as this
# library's props carry every CloudFormation property (scripts/guard-optional-checks.py says how).
project.tasks.try_find("package:python").exec("python3 scripts/guard-optional-checks.py dist/python")


def jsii_env(proj):
    """Silence jsii's end-of-life warning for the Node 20 that our machines run."""
    proj.tasks.add_environment("JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION", "20")


def python_tasks(proj):
    """Tasks around the Python wheel. The README commands are scripts/example.sh and scripts/test.sh."""
    proj.add_task(
        "test:python",
        description="pytest test/python against the wheel installed in the active venv (synth + cfn-lint)",
        exec="python -m pytest test/python -q -p no:cacheprovider -n auto --dist loadfile",
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
    # jsii-rosetta compiles every ```ts block of README.md against the compiled assembly, strict
    # (scripts/rosetta.sh says how).
    proj.add_task(
        "docs:rosetta",
        description="Compile every TypeScript snippet of README.md with jsii-rosetta (strict; after a compile)",
        env={"JSII_ROSETTA_MAX_WORKER_COUNT": "2"},
        exec="bash scripts/rosetta.sh",
    )
    proj.add_task(
        "integ:update",
        description="Re-synthesize the integration cases of test/integ/ into their committed snapshots",
        env={"UPDATE_INTEG_SNAPSHOTS": "1"},
        exec="jest --ci --coverage=false test/integ-snapshots.test.ts",
    )
    proj.add_task(
        "alpha-compat",
        description="Run aws-cdk's own alpha unit tests against src/ (needs ../shared)",
        exec="bash ../shared/alpha-compat/run.sh",
    )


def package_metadata(proj):
    """What the npm and PyPI pages show beyond projen's own fields."""
    proj.package.add_field("files", NPM_FILES)
    # `cdk-sagemaker-hosting-check template.json`: the hosting rules on a template (README "Checks for any app")
    proj.package.add_bin({"cdk-sagemaker-hosting-check": "lib/bin/check-template.js"})
    proj.package.file.add_override("jsii.targets.python.classifiers", PYTHON_CLASSIFIERS)
    proj.add_dev_deps(f"publib@{PUBLIB_VERSION}")


def npm_ignores(proj):
    """Keep tests, examples and benchmarks out of the npm tarball (inside the `files` allowlist too)."""
    for pattern in ["/examples/", "/bench/", "/scripts/", "/requirements-dev.txt", "/requirements-tools.txt",
                    "/requirements-data.txt", "/requirements-sdk.txt", "/CONTRIBUTING.md", "/.ci/", "/test/", ".venv/", ".venv-tools/",
                    ".venv-sdk/"]:
        proj.add_package_ignore(pattern)


jsii_env(project)
python_tasks(project)
npm_ignores(project)
package_metadata(project)

project.synth()
