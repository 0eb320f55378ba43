#!/usr/bin/env python3
"""Skip the Python bindings' type check of an optional argument that is not given.

usage: python3 scripts/guard-optional-checks.py dist/python   (run by `npx projen package:python`)

jsii-pacmak writes, in every generated `__init__` and method, one typeguard `check_type(...)` per
parameter, run whether the argument was given or not. An optional parameter (`x: typing.Optional[...]
= None`) left out costs a full check of `None` against its type: typeguard tries each member of the
union and raises and catches a TypeError before it reaches `NoneType`, about 10 microseconds each. The
props of this library's constructs have many optional fields (every CloudFormation property), so an
app pays that for each field it does not set: about a third of its Python side of a synth
(README "Performance", CONTRIBUTING "Benchmarks").

`None` always passes the check of an optional parameter, so this rewrites

        check_type(argname="argument x", value=x, expected_type=type_hints["x"])

for such a parameter into

        if x is not None:
            check_type(argname="argument x", value=x, expected_type=type_hints["x"])

and leaves every other line as jsii-pacmak wrote it: an argument of the wrong type still raises the same
TypeError, and `None` for a required parameter is still checked (and rejected). The wheel (with its
RECORD) and the sdist in the folder are rewritten in place; running it again changes nothing.
test/python/test_python_bindings.py checks the installed package and the wheel.
"""
import ast
import base64
import gzip
import hashlib
import io
import os
import sys
import tarfile
import zipfile

PACKAGE = "cdk_sagemaker_hosting"


def optional_parameters(function: ast.FunctionDef) -> set:
    """The parameters of a generated function whose default is None (jsii-pacmak types them Optional)."""
    args = function.args
    positional = args.posonlyargs + args.args
    names = {a.arg for a, d in zip(positional[len(positional) - len(args.defaults):], args.defaults)
             if isinstance(d, ast.Constant) and d.value is None}
    names |= {a.arg for a, d in zip(args.kwonlyargs, args.kw_defaults)
              if isinstance(d, ast.Constant) and d.value is None}
    return names


def checked_name(statement: ast.stmt):
    """The parameter a `check_type(argname=..., value=<name>, ...)` statement checks, or None."""
    if not (isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Call)):
        return None
    call = statement.value
    if not (isinstance(call.func, ast.Name) and call.func.id == "check_type"):
        return None
    value = next((k.value for k in call.keywords if k.arg == "value"), None)
    return value.id if isinstance(value, ast.Name) else None


def unguarded_checks(source: str):
    """(line, name) of each check of an optional parameter that is not already under `if name is not None`."""
    found = []
    for function in ast.walk(ast.parse(source)):
        if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        optional = optional_parameters(function)
        if not optional:
            continue
        for block in ast.walk(function):
            # the checks sit directly in the function's `if __debug__:` block
            if not (isinstance(block, ast.If) and isinstance(block.test, ast.Name) and block.test.id == "__debug__"):
                continue
            for statement in block.body:
                name = checked_name(statement)
                if name in optional:
                    if statement.lineno != statement.end_lineno:
                        raise SystemExit(f"line {statement.lineno}: a check over several lines: jsii-pacmak's output changed")
                    found.append((statement.lineno, name))
    return found


def guard(source: str):
    """The source with each unguarded optional check guarded, and how many were."""
    checks = unguarded_checks(source)
    if not checks:
        return source, 0
    lines = source.splitlines(keepends=True)
    for lineno, name in sorted(checks, reverse=True):
        line = lines[lineno - 1]
        indent = line[:len(line) - len(line.lstrip())]
        lines[lineno - 1] = f"{indent}if {name} is not None:\n    {line}"
    result = "".join(lines)
    ast.parse(result)  # still Python
    return result, len(checks)


def record_hash(data: bytes) -> str:
    return "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def rewrite_wheel(path: str) -> int:
    """Guard the package's modules in a wheel and update its RECORD; returns the checks guarded."""
    with zipfile.ZipFile(path) as zin:
        entries = [(info, zin.read(info)) for info in zin.infolist()]
    changed, total = {}, 0
    for info, data in entries:
        if info.filename.startswith(f"{PACKAGE}/") and info.filename.endswith(".py"):
            new, count = guard(data.decode("utf-8"))
            if count:
                changed[info.filename] = new.encode("utf-8")
                total += count
    if not changed:
        return 0
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zout:
        for info, data in entries:
            if info.filename in changed:
                data = changed[info.filename]
            elif info.filename.endswith(".dist-info/RECORD"):
                rows = []
                for row in data.decode("utf-8").splitlines():
                    name = row.rsplit(",", 2)[0]
                    rows.append(f"{name},{record_hash(changed[name])},{len(changed[name])}" if name in changed else row)
                data = ("\n".join(rows) + "\n").encode("utf-8")
            zout.writestr(info, data)
    with open(path, "wb") as f:
        f.write(out.getvalue())
    return total


def rewrite_sdist(path: str) -> int:
    """Guard the package's modules in an sdist (.tar.gz); returns the checks guarded."""
    with tarfile.open(path, "r:gz") as tin:
        members = [(m, tin.extractfile(m).read() if m.isfile() else None) for m in tin.getmembers()]
    total, out = 0, io.BytesIO()
    rewritten = []
    for member, data in members:
        if data is not None and f"/{PACKAGE}/" in member.name and member.name.endswith(".py"):
            new, count = guard(data.decode("utf-8"))
            if count:
                data = new.encode("utf-8")
                member.size = len(data)
                total += count
        rewritten.append((member, data))
    if not total:
        return 0
    with gzip.GzipFile(fileobj=out, mode="wb", mtime=0) as gz, tarfile.open(fileobj=gz, mode="w", format=tarfile.PAX_FORMAT) as tout:
        for member, data in rewritten:
            tout.addfile(member, io.BytesIO(data) if data is not None else None)
    with open(path, "wb") as f:
        f.write(out.getvalue())
    return total


def main() -> None:
    folder = sys.argv[1]
    names = sorted(os.listdir(folder))
    wheels = [n for n in names if n.endswith(".whl")]
    if not wheels:
        raise SystemExit(f"guard-optional-checks: no wheel in {folder}")
    for name in names:
        path = os.path.join(folder, name)
        if name.endswith(".whl"):
            count = rewrite_wheel(path)
        elif name.endswith(".tar.gz"):
            count = rewrite_sdist(path)
        else:
            continue
        print(f"guard-optional-checks: {name}: {count} checks of optional arguments run only when given")


if __name__ == "__main__":
    main()
