#!/usr/bin/env bash
# README command 2: install everything and run every test: projen drift check, jest unit tests +
# eslint, the wheel build, the pytest suite against the installed wheel (cfn-lint on every
# template, cdk-nag, checkov), and the upstream alpha unit tests when ../shared/alpha-compat is present.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
node_deps
python_deps
tools_deps
step "projen synth (generated files must match .projenrc.py)"
npx projen
step "jest + eslint"
npx projen test
build_wheel
install_wheel
step "pytest test/python (synth with the wheel + cfn-lint)"
python -m pytest test/python -q -p no:cacheprovider
ALPHA_DIR="$ROOT/../shared/alpha-compat"
if [[ -f "$ALPHA_DIR/run.sh" ]]; then
  step "upstream @aws-cdk/aws-sagemaker-alpha unit tests against src/ (all files, strict typecheck)"
  ALPHA_SUITE_TYPECHECK=strict bash "$ALPHA_DIR/run.sh"
else
  step "skipped: ../shared/alpha-compat not found (the upstream alpha tests live beside the repository)"
fi
