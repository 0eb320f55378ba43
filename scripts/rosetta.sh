#!/usr/bin/env bash
# jsii-rosetta compiles every ```ts block of README.md (in rosetta/default.ts-fixture, `this` a
# Stack) against the compiled library, strict: a snippet that does not type-check fails. It
# compiles in a folder of links to what the snippets import (this package, its peers, and Node's
# types for `path` and `__dirname`), all from node_modules: nothing is installed, nothing fetched.
# rosetta warns that the peers' own dependencies are not linked; the compile finds them through the
# links' real paths. The tablet it writes is removed: the README carries hand-written Python beside
# each snippet.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
dir="$(mktemp -d)"
trap 'rm -rf "$dir" .jsii.tabl.json' EXIT
mkdir -p "$dir/node_modules/@types"
ln -s "$ROOT" "$dir/node_modules/cdk-sagemaker-hosting"
for dep in aws-cdk-lib constructs @types/node; do
  ln -s "$ROOT/node_modules/$dep" "$dir/node_modules/$dep"
done
jsii-rosetta extract --strict --fail --directory "$dir" .jsii
