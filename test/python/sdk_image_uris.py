"""Run by .venv-sdk's Python (SageMaker Python SDK v3): read [[framework, version, region, instance_type], ...]
as JSON on stdin, write the URI image_uris.retrieve() returns for each (or "error: ..." when it refuses)."""
import functools
import json
import logging
import sys

from sagemaker.core import common_utils, image_uris

# retrieve() loads botocore's endpoint data on every call (65 ms); the data does not change between calls, so the
# resolver is built once. Nothing else of retrieve() is touched.
common_utils._botocore_resolver = functools.lru_cache(maxsize=None)(common_utils._botocore_resolver)

logging.disable(logging.CRITICAL)
out = []
for framework, version, region, instance_type in json.load(sys.stdin):
    try:
        out.append(image_uris.retrieve(framework, region, version=version, image_scope="inference", instance_type=instance_type))
    except Exception as e:  # noqa: BLE001 -- the SDK's refusal is the answer
        out.append(f"error: {type(e).__name__}: {e}")
json.dump(out, sys.stdout)
