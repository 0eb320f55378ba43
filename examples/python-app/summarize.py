"""Print what `cdk synth` made: each stack, its resource count per type, and its template path."""
import collections
import json
import os
import sys


def main(outdir: str) -> int:
    with open(os.path.join(outdir, "manifest.json"), encoding="utf-8") as f:
        manifest = json.load(f)
    stacks = {k: v for k, v in manifest["artifacts"].items() if v["type"] == "aws:cloudformation:stack"}
    if not stacks:
        print(f"no stack in {outdir}", file=sys.stderr)
        return 1
    for name, artifact in sorted(stacks.items()):
        path = os.path.abspath(os.path.join(outdir, artifact["properties"]["templateFile"]))
        with open(path, encoding="utf-8") as f:
            template = json.load(f)
        counts = collections.Counter(r["Type"] for r in template.get("Resources", {}).values())
        print(f"Stack: {name}")
        print(f"Template: {path}")
        print(f"Resources: {sum(counts.values())}")
        for rtype, n in sorted(counts.items()):
            print(f"  {n:3d}  {rtype}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "cdk.out"))
