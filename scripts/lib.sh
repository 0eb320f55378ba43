# Shared steps of the README commands (sourced by scripts/*.sh). Each step installs what it needs,
# so a fresh clone with Node >= 20.16, npm and Python >= 3.10 is enough.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20
export CDK_DISABLE_CLI_TELEMETRY=true
PYTHON="${PYTHON:-python3}"

# Each step prints the seconds since the command started, so a slow run shows which step grew.
step() { printf '\n==> %s  [%ds]\n' "$*" "$SECONDS"; }

# Node dependencies from package-lock.json (npm ci), skipped when node_modules matches the lock.
node_deps() {
  local stamp="node_modules/.lock-hash" want
  want="$(sha256sum package-lock.json | cut -c1-16)"
  if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
    return
  fi
  step "npm ci"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$want" >"$stamp"
}

# The virtualenv .venv with requirements-dev.txt and the data packages of requirements-data.txt;
# activated for the rest of the script.
python_deps() {
  if [[ ! -x .venv/bin/python ]]; then
    step "python venv (.venv)"
    "$PYTHON" -m venv .venv
  fi
  # shellcheck disable=SC1091
  source .venv/bin/activate
  local stamp=".venv/.requirements-hash" want
  want="$(cat requirements-dev.txt requirements-data.txt | sha256sum | cut -c1-16)"
  if [[ ! -f "$stamp" || "$(cat "$stamp")" != "$want" ]]; then
    step "pip install -r requirements-dev.txt (and requirements-data.txt without dependencies)"
    python -m pip install --quiet --quiet --disable-pip-version-check -r requirements-dev.txt
    python -m pip install --quiet --quiet --disable-pip-version-check --no-deps -r requirements-data.txt
    echo "$want" >"$stamp"
  fi
}

# A virtualenv of its own, <dir>, with the pinned <requirements>, installed when they changed.
own_venv() {
  local dir="$1" requirements="$2" what="$3"
  if [[ ! -x "$dir/bin/python" ]]; then
    step "python venv for $what ($dir)"
    "$PYTHON" -m venv "$dir"
  fi
  local stamp="$dir/.requirements-hash" want
  want="$(sha256sum "$requirements" | cut -c1-16)"
  if [[ ! -f "$stamp" || "$(cat "$stamp")" != "$want" ]]; then
    step "pip install -r $requirements ($dir)"
    "$dir/bin/python" -m pip install --quiet --quiet --disable-pip-version-check -r "$requirements"
    echo "$want" >"$stamp"
  fi
}

# Security scanners in their own virtualenv .venv-tools (checkov's pins conflict with pytest 9).
tools_deps() {
  own_venv .venv-tools requirements-tools.txt scanners
}

# SageMaker Python SDK v3 with its dependencies in its own virtualenv .venv-sdk: the reference the
# serving images are compared with (test/python/test_serving_images.py).
sdk_deps() {
  own_venv .venv-sdk requirements-sdk.txt "SageMaker Python SDK v3"
}

# The release version: projen's bump computes it from the conventional commits since the last
# release tag (the first release is 0.1.0) into package.json, dist/version.txt and
# dist/changelog.md. build_wheel unbumps package.json again once the packages are built (as
# projen's own release task does), so the tree stays clean; the version stays in .jsii and dist/.
bump_version() {
  step "version from the conventional commits (projen bump)"
  rm -rf dist
  npx projen bump >/dev/null
  trap 'npx projen unbump >/dev/null' EXIT
  echo "version $(cat dist/version.txt), tag $(cat dist/releasetag.txt)"
}

unbump_version() {
  npx projen unbump >/dev/null
  trap - EXIT
}

# Compile src/ with jsii and package the Python wheel into dist/python/ (and, with `js`, the npm
# tarball into dist/js/), at the release version.
build_wheel() {
  bump_version
  step "jsii compile"
  npx projen compile
  # jsii-docgen (API.md, about 90 s) reads only .jsii and writes only API.md: it runs beside the
  # packaging, which reads .jsii too, and is waited for before the version is reset.
  step "jsii-docgen (API.md), beside jsii-pacmak"
  local docgen_log docgen_pid
  docgen_log="$(mktemp)"
  npx projen post-compile >"$docgen_log" 2>&1 &
  docgen_pid=$!
  step "jsii-pacmak: Python wheel"
  npx projen package:python
  ls -l dist/python/
  if [[ "${1:-}" == "js" ]]; then
    step "jsii-pacmak: npm tarball"
    npx projen package:js
    ls -l dist/js/
  fi
  wait "$docgen_pid" || { cat "$docgen_log"; echo "jsii-docgen failed" >&2; exit 1; }
  step "jsii-docgen done"
  cat "$docgen_log"
  unbump_version
}

# Install the wheel just built into .venv (replacing an older build of the same version).
install_wheel() {
  step "pip install dist/python/*.whl"
  python -m pip install --quiet --disable-pip-version-check --force-reinstall --no-deps dist/python/*.whl
}
