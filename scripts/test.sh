#!/usr/bin/env bash
# README command 2: install everything and run every test: projen drift check, jest unit tests +
# eslint, the wheel build, the pytest suite against the installed wheel (cfn-lint on every
# template, cdk-nag, checkov, SageMaker Python SDK v3's image URIs), and the upstream alpha unit tests when ../shared/alpha-compat is present.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# npm ci and the scanners' venv install in the background while the main venv installs.
tools_log="$(mktemp)"
node_deps & node_pid=$!
tools_deps >"$tools_log" 2>&1 & tools_pid=$!
sdk_log="$(mktemp)"
sdk_deps >"$sdk_log" 2>&1 & sdk_pid=$!
python_deps
wait "$node_pid"
step "projen synth (generated files must match .projenrc.py)"
npx projen
step "jest + eslint"
npx projen test
build_wheel js
install_wheel
step "jsii-rosetta: compile every TypeScript snippet of README.md (strict)"
npx projen docs:rosetta
wait "$tools_pid" || { cat "$tools_log"; exit 1; }
cat "$tools_log"
wait "$sdk_pid" || { cat "$sdk_log"; exit 1; }
cat "$sdk_log"
step "pytest test/python (synth with the wheel + cfn-lint, cdk-nag, checkov)"
python -m pytest test/python -q -p no:cacheprovider -n auto --dist loadfile
ALPHA_DIR="$ROOT/../shared/alpha-compat"
if [[ -f "$ALPHA_DIR/run.sh" ]]; then
  step "upstream @aws-cdk/aws-sagemaker-alpha unit tests against src/ (all files, strict typecheck)"
  ALPHA_SUITE_TYPECHECK=strict bash "$ALPHA_DIR/run.sh"
else
  step "skipped: ../shared/alpha-compat not found (the upstream alpha tests live beside the repository)"
fi
