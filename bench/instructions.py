#!/usr/bin/env python3
"""The three-way synth benchmark counted in machine instructions instead of seconds.

On the project's shared 2-core machine, seconds of the same code spread by 5-20 % between runs, more
than this library and the alpha differ by. The number of instructions the jsii kernel (the Node.js
process that does every library's work) executes does not spread when V8 runs deterministically:
`node --predictable` compiles and collects garbage on the main thread at fixed points, so one run is
the measurement (two runs of the same code agree to 0.001 %), whatever else the machine does.

Each mode runs bench/three_way_app.py (the same app as bench/three_way.py) once per size and
validation setting, with the kernel's `node` (JSII_NODE) run as `valgrind --tool=cachegrind
--cache-sim=no --trace-children=yes node --predictable`, and once with no endpoint at all: the
difference is what building and synthesizing the N endpoints cost (the seconds three_way.py compares),
without the kernel's start and the loading of each library's assembly on import (printed apart). The
Python process runs natively, and its CPU seconds over build + synth are printed beside (the Python
side makes the same jsii calls for this library and the alpha: bench/jsii_calls.py). Runs go in parallel, one per core: a count does not
depend on what runs beside it. Under valgrind a run takes 10-40 times its normal time (N = 200 without
validation: about a minute and a half here).

Counted with --predictable, compilation (V8's optimizing compiler runs on a background thread
otherwise) is part of the count: it is work the machine does, but normally off the main thread.

usage: python bench/instructions.py [--sizes 200] [--validation off,on] [--modes ours,alpha,l1]
                                    [--ours PY] [--alpha PY] [--json FILE]
"""
import argparse
import concurrent.futures
import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
APP = os.path.join(HERE, "three_way_app.py")


def kernel_instructions(folder: str) -> int:
    """The instructions of every process cachegrind counted (the jsii runtime and its kernel child)."""
    total = 0
    for path in glob.glob(os.path.join(folder, "cachegrind.out.*")):
        with open(path, encoding="utf-8") as f:
            for line in f:
                if line.startswith("summary:"):
                    total += int(line.split()[1])
    return total


def run_once(python: str, mode: str, n: int, validation: bool) -> dict:
    with tempfile.TemporaryDirectory(prefix="bench-instructions-") as work:
        counts = os.path.join(work, "counts")
        os.mkdir(counts)
        node = os.path.join(work, "node-counted")
        with open(node, "w", encoding="utf-8") as f:
            f.write("#!/bin/sh\n"
                    f"exec valgrind --quiet --tool=cachegrind --cache-sim=no --trace-children=yes "
                    f"--cachegrind-out-file={counts}/cachegrind.out.%p node --predictable \"$@\"\n")
        os.chmod(node, 0o755)
        env = dict(os.environ, CDK_DISABLE_CLI_TELEMETRY="true", JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION="20",
                   JSII_NODE=node)
        if validation:
            env.pop("CDK_VALIDATION", None)
        else:
            env["CDK_VALIDATION"] = "false"
        outdir = os.path.join(work, "out")
        proc = subprocess.run([python, APP, mode, str(n), outdir], env=env, capture_output=True, text=True, check=False)
        if proc.returncode != 0:
            raise SystemExit(f"{mode} N={n} failed:\n{proc.stderr[-3000:]}")
        result = json.loads(proc.stdout.strip().splitlines()[-1])
        result["instructions"] = kernel_instructions(counts)
        result["validation"] = validation
        return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="200")
    parser.add_argument("--validation", default="off,on", help="off, on or both (off,on)")
    parser.add_argument("--modes", default="ours,alpha,l1")
    parser.add_argument("--ours", default=os.path.join(ROOT, ".venv", "bin", "python"))
    parser.add_argument("--alpha", default=os.path.join(ROOT, ".venv-bench-alpha", "bin", "python"))
    parser.add_argument("--json", default=os.path.join(ROOT, "bench", "results", "instructions.json"))
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        raise SystemExit("bench/instructions.py needs valgrind (cachegrind) on the PATH")
    sizes = [int(s) for s in args.sizes.split(",")]
    validations = [v == "on" for v in args.validation.split(",")]
    modes = args.modes.split(",")
    python = {"ours": args.ours, "alpha": args.alpha, "l1": args.ours}

    jobs = [(mode, n, v) for n in [0, *sizes] for v in validations for mode in modes]
    with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        futures = {job: pool.submit(run_once, python[job[0]], *job) for job in jobs}
        results = {job: future.result() for job, future in futures.items()}

    print("\nInstructions the jsii kernel executed (node --predictable under cachegrind) to build and synthesize "
          "N endpoints (a run of N minus a run of none), one run each; Python CPU seconds over build + synth beside")
    print("| template validation | N | " + " | ".join(modes) + " | "
          + " | ".join(f"ours/{m}" for m in modes if m != "ours") + " | Python CPU " + " / ".join(modes) + " |")
    print("|---|---|" + "---|" * (2 * len(modes) - (1 if "ours" in modes else 0)) + "---|")
    rows = []
    for n in sizes:
        for v in validations:
            counts = {m: results[(m, n, v)]["instructions"] - results[(m, 0, v)]["instructions"] for m in modes}
            ratios = {m: counts["ours"] / counts[m] for m in modes if m != "ours"} if "ours" in modes else {}
            rows.append({"n": n, "validation": v, "instructions": counts, "ratios": ratios,
                         "baseline": {m: results[(m, 0, v)]["instructions"] for m in modes},
                         "py_cpu": {m: results[(m, n, v)]["py_cpu"] for m in modes}})
            print(f"| {'on' if v else 'off'} | {n} | " + " | ".join(f"{counts[m] / 1e9:.3f} G" for m in modes) + " | "
                  + " | ".join(f"{r:.3f}" for r in ratios.values()) + " | "
                  + " / ".join(f"{results[(m, n, v)]['py_cpu']:.2f}" for m in modes) + " |")
    print("\nThe run without endpoints (the kernel's start, the imports, an empty synth): "
          + ", ".join(f"{m} {results[(m, 0, validations[0])]['instructions'] / 1e9:.3f} G" for m in modes))
    os.makedirs(os.path.dirname(args.json), exist_ok=True)
    with open(args.json, "w", encoding="utf-8") as f:
        json.dump({"rows": rows}, f, indent=2)
    print(f"\n(written to {args.json})", file=sys.stderr)


if __name__ == "__main__":
    main()
