"""The jsii round trips one benchmark endpoint costs from Python, with this library and with the alpha.

usage: python bench/jsii_calls.py MODE  (MODE: ours | alpha; run with the venv that has MODE's package:
       .venv for ours, .venv-bench-alpha for the alpha)

Runs bench/three_way_app.py (the same app as the three-way benchmark) for N = 1 and N = 11 endpoints in
this process, with every request the Python side sends to the jsii kernel counted by kind (create,
invoke, get, ... and the class or method it names), and prints one JSON line: the requests per endpoint
((N=11 - N=1) / 10) in all and by kind, the most frequent first. Every request is a round trip to the
Node process, so an object or a call more per endpoint shows here.
"""
import collections
import contextlib
import io
import json
import os
import runpy
import sys
import tempfile

from jsii._kernel.providers import process

MODE = sys.argv[1]
APP = os.path.join(os.path.dirname(os.path.abspath(__file__)), "three_way_app.py")
counts: collections.Counter = collections.Counter()
send = process._NodeProcess.send


def counted(self, request, response_type):
    kind = type(request).__name__.replace("Request", "")
    name = getattr(request, "fqn", None) or getattr(request, "method", None) or getattr(request, "property", None)
    counts[f"{kind} {name}" if name else kind] += 1
    return send(self, request, response_type)


process._NodeProcess.send = counted


def requests(n: int) -> collections.Counter:
    counts.clear()
    with tempfile.TemporaryDirectory() as out, contextlib.redirect_stdout(io.StringIO()):
        sys.argv = [APP, MODE, str(n), out]
        runpy.run_path(APP, run_name="__main__")
    return collections.Counter(counts)


requests(1)  # loads the assemblies once, so both measured runs start warm
one, eleven = requests(1), requests(11)
per_endpoint = {k: (eleven[k] - one[k]) / 10 for k in eleven if eleven[k] != one[k]}
print(json.dumps({
    "mode": MODE,
    "requests_per_endpoint": sum(per_endpoint.values()),
    "by_kind": dict(sorted(per_endpoint.items(), key=lambda kv: -kv[1])),
}))
