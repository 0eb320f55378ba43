"""src/instance-type.ts and the region data are exactly what the generator makes from the pinned cfn-lint."""
import os
import subprocess
import sys

from conftest import REPO

GENERATED = ["src/instance-type.ts", "src/private/hosting-regions.generated.ts"]


def test_instance_type_catalogue_is_current(tmp_path):
    subprocess.run([sys.executable, os.path.join(REPO, "scripts", "gen_instance_types.py"), str(tmp_path)], check=True)
    for rel in GENERATED:
        with open(os.path.join(REPO, rel), encoding="utf-8") as committed, open(tmp_path / rel, encoding="utf-8") as fresh:
            assert committed.read() == fresh.read(), f"{rel} is stale: run python scripts/gen_instance_types.py"


def test_region_table_has_only_regions():
    """The cfn-lint file also has a "description" key; only region names may reach the table."""
    import re

    with open(os.path.join(REPO, "src", "private", "hosting-regions.generated.ts"), encoding="utf-8") as f:
        keys = re.findall(r"^  '([^']+)': '[0-9a-f]+',$", f.read(), flags=re.M)
    assert len(keys) >= 30
    assert "description" not in keys
    assert [k for k in keys if not re.fullmatch(r"[a-z]{2}(-[a-z]+)+-\d+", k)] == []
    assert {"us-east-1", "eu-west-1", "ap-southeast-7", "cn-north-1"} <= set(keys)
