#!/usr/bin/env bash
# README command 1 (the main job): build the wheel, install it in a venv, synthesize the example
# Python CDK app (examples/python-app) to CloudFormation and print what it made.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
node_deps
python_deps
build_wheel
install_wheel
step "cdk synth examples/python-app"
cd examples/python-app
rm -rf cdk.out
npx --no-install cdk synth --no-notices --quiet >/dev/null
python summarize.py cdk.out
