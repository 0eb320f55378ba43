#!/usr/bin/env bash
# The three-way synth benchmark (npx projen bench:synth): builds and installs the wheel, installs the
# alpha module into its own venv (.venv-bench-alpha, dev only), then runs bench/three_way.py.
# Not part of the test command. Arguments go to bench/three_way.py (--runs, --sizes).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
node_deps
python_deps
build_wheel
install_wheel
if [[ ! -x .venv-bench-alpha/bin/python ]]; then
  step "python venv for the alpha module (.venv-bench-alpha)"
  "$PYTHON" -m venv .venv-bench-alpha
fi
stamp=".venv-bench-alpha/.requirements-hash"
want="$(sha256sum bench/requirements-alpha.txt | cut -c1-16)"
if [[ ! -f "$stamp" || "$(cat "$stamp")" != "$want" ]]; then
  step "pip install -r bench/requirements-alpha.txt (.venv-bench-alpha)"
  .venv-bench-alpha/bin/python -m pip install --quiet --disable-pip-version-check -r bench/requirements-alpha.txt
  echo "$want" >"$stamp"
fi
step "three-way synth benchmark"
python bench/three_way.py "$@"
