#!/usr/bin/env python3
"""Three-way synth benchmark: this library vs the alpha module vs hand-written L1 (Cfn*) classes.

Each run is its own Python process (bench/three_way_app.py), so every measurement includes the jsii
start-up the user pays; runs are interleaved (every mode at every size, in a rotating order, before
the next round) and the table reports medians. Every size is measured with aws-cdk-lib's synth-time
template validation on (the default) and off (CDK_VALIDATION=false), since only the second shows the
libraries' own cost.

Beside wall seconds, each run reports CPU seconds: `cpu`, the whole run (Python, the jsii kernel's
Node.js processes, imports included), and `py_cpu`, the Python process over build + synth. On a busy
machine wall time swings by 15 %; CPU seconds move much less, so the CPU table is the steadier
comparison, and the split shows which side of the jsii boundary a difference is on. Beside the
medians of each mode, the median of each round's own ours / alpha ratio is printed (a round runs every
mode within minutes, so a machine whose speed drifts over the benchmark moves both sides of a round's
ratio alike), and the JSON keeps every run's seconds in round order.

usage: python bench/three_way.py [--runs 5] [--sizes 10,50,200] [--ours PY] [--alpha PY] [--json FILE]
  --ours PY   the Python of a venv with this library's wheel and aws-cdk-lib (default .venv/bin/python)
  --alpha PY  the Python of a venv with bench/requirements-alpha.txt (default .venv-bench-alpha/bin/python)
"""
import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
APP = os.path.join(HERE, "three_way_app.py")
MODES = ["ours", "alpha", "l1"]


def run_once(python: str, mode: str, n: int, validation: bool) -> dict:
    env = dict(os.environ, CDK_DISABLE_CLI_TELEMETRY="true", JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION="20")
    if validation:
        env.pop("CDK_VALIDATION", None)
    else:
        env["CDK_VALIDATION"] = "false"
    with tempfile.TemporaryDirectory(prefix="bench-") as outdir:
        t0 = time.perf_counter()
        c0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        proc = subprocess.run([python, APP, mode, str(n), outdir], env=env, capture_output=True, text=True, check=False)
        c1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        wall = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(f"{mode} N={n} failed:\n{proc.stderr[-3000:]}")
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    result["wall"] = wall
    # the app waits for the jsii kernel at exit, so its Node.js processes are counted here too
    result["cpu"] = (c1.ru_utime - c0.ru_utime) + (c1.ru_stime - c0.ru_stime)
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sizes", default="10,50,200")
    parser.add_argument("--ours", default=os.path.join(ROOT, ".venv", "bin", "python"))
    parser.add_argument("--alpha", default=os.path.join(ROOT, ".venv-bench-alpha", "bin", "python"))
    parser.add_argument("--json", default=os.path.join(ROOT, "bench", "results", "three-way.json"))
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    python = {"ours": args.ours, "alpha": args.alpha, "l1": args.ours}

    samples: dict = {}
    resources: dict = {}
    for r in range(args.runs):
        for n in sizes:
            for validation in (True, False):
                order = MODES[r % 3:] + MODES[:r % 3]
                for mode in order:
                    res = run_once(python[mode], mode, n, validation)
                    samples.setdefault((mode, n, validation), []).append(res)
                    resources[(mode, n)] = res["resources"]
        print(f"round {r + 1}/{args.runs} done", file=sys.stderr, flush=True)

    def build_synth(sample: dict) -> float:
        return sample["build"] + sample["synth"]

    def med(mode, n, validation, key):
        values = [s[key] if key != "total" else build_synth(s) for s in samples[(mode, n, validation)]]
        return statistics.median(values)

    rows = []
    for validation in (True, False):
        for n in sizes:
            row = {"validation": validation, "n": n}
            # the median of each round's own ratio: the modes of one round run minutes apart at most, so a
            # machine whose speed drifts over the benchmark moves both sides of a round's ratio alike
            row["paired_ours_alpha"] = statistics.median(
                build_synth(o) / build_synth(a) for o, a in zip(samples[("ours", n, validation)], samples[("alpha", n, validation)]))
            row["paired_cpu_ours_alpha"] = statistics.median(
                o["cpu"] / a["cpu"] for o, a in zip(samples[("ours", n, validation)], samples[("alpha", n, validation)]))
            for mode in MODES:
                row[mode] = med(mode, n, validation, "total")
                row[f"{mode}_import"] = med(mode, n, validation, "import")
                row[f"{mode}_wall"] = med(mode, n, validation, "wall")
                row[f"{mode}_cpu"] = med(mode, n, validation, "cpu")
                row[f"{mode}_py_cpu"] = med(mode, n, validation, "py_cpu")
            rows.append(row)

    print(f"\nThree-way synth benchmark: medians of {args.runs} interleaved runs, one Python process each; "
          "build+synth seconds (import separately)")
    print("| template validation | N | ours | alpha | L1 | ours/alpha | ours/L1 | alpha/L1 | import ours / alpha / L1 |")
    print("|---|---|---|---|---|---|---|---|---|")
    for row in rows:
        print(f"| {'on' if row['validation'] else 'off'} | {row['n']} | {row['ours']:.2f} | {row['alpha']:.2f} | {row['l1']:.2f} "
              f"| {row['ours'] / row['alpha']:.2f} | {row['ours'] / row['l1']:.2f} | {row['alpha'] / row['l1']:.2f} "
              f"| {row['ours_import']:.2f} / {row['alpha_import']:.2f} / {row['l1_import']:.2f} |")

    print("\nPer round, ours / alpha (the median of each round's own ratio, wall build+synth and CPU):")
    for row in rows:
        print(f"  validation {'on ' if row['validation'] else 'off'} N={row['n']}: wall {row['paired_ours_alpha']:.2f}, "
              f"CPU {row['paired_cpu_ours_alpha']:.2f}")

    print("\nCPU seconds, medians: the whole run (Python + jsii kernel, imports included) and the Python process "
          "over build + synth")
    print("| template validation | N | ours | alpha | L1 | ours/alpha | ours/L1 | Python ours / alpha / L1 |")
    print("|---|---|---|---|---|---|---|---|")
    for row in rows:
        print(f"| {'on' if row['validation'] else 'off'} | {row['n']} | {row['ours_cpu']:.2f} | {row['alpha_cpu']:.2f} "
              f"| {row['l1_cpu']:.2f} | {row['ours_cpu'] / row['alpha_cpu']:.2f} | {row['ours_cpu'] / row['l1_cpu']:.2f} "
              f"| {row['ours_py_cpu']:.2f} / {row['alpha_py_cpu']:.2f} / {row['l1_py_cpu']:.2f} |")

    print("\nResources per endpoint (N = the largest size):")
    n = max(sizes)
    for mode in MODES:
        total = sum(resources[(mode, n)].values())
        kinds = ", ".join(f"{kind.split('::')[-1]} {count}" for kind, count in sorted(resources[(mode, n)].items()))
        print(f"  {mode}: {total / n:.2f} ({kinds})")

    if len(sizes) >= 2:
        print("\nCost per endpoint (seconds, from the difference between sizes; equal values mean linear):")
        for validation in (True, False):
            for mode in MODES:
                steps = []
                for a, b in zip(sizes, sizes[1:]):
                    steps.append((med(mode, b, validation, "total") - med(mode, a, validation, "total")) / (b - a))
                print(f"  validation {'on ' if validation else 'off'} {mode:5}: "
                      + ", ".join(f"{a}->{b}: {s * 1000:.1f} ms" for (a, b), s in zip(zip(sizes, sizes[1:]), steps)))

    os.makedirs(os.path.dirname(args.json), exist_ok=True)
    with open(args.json, "w", encoding="utf-8") as f:
        json.dump({"runs": args.runs, "rows": rows,
                   # every run's build+synth and CPU seconds, in round order
                   "samples": {f"{m}/{n}/{'on' if v else 'off'}": [{"total": build_synth(x), "cpu": x["cpu"]} for x in runs]
                               for (m, n, v), runs in samples.items()},
                   "resources": {f"{m}/{n}": v for (m, n), v in resources.items()}}, f, indent=2)


if __name__ == "__main__":
    main()
