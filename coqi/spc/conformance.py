"""Run the SPC conformance suite: ``python -m coqi.spc.conformance DIR``.

Reads ``DIR/cases.json``, runs every case through coqi.spc, prints one line per case (id, PASS/FAIL and, on
failure, the first mismatches: column @ key: expected …, got …) and a final line ``N passed, M failed``; exits 1
if any case failed. qicharts2 cases (and the Anhøj thresholds table) are checked by
``coqi.spc._conformance_qic``, NHSRplotthedots cases by ``coqi.spc._conformance_mdc``; both expose
``check_case(case, root) -> list[str]``.
"""

from __future__ import annotations

import argparse
import importlib
import json
import pathlib
import sys
import traceback

_ENGINES = {
    "qicharts2": "coqi.spc._conformance_qic",
    "nhsrplotthedots": "coqi.spc._conformance_mdc",
}
SHOW = 3


def _checker(engine: str):
    module_name = _ENGINES.get(engine)
    if module_name is None:
        return None
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name == module_name:
            return None
        raise
    return getattr(module, "check_case", None)


def run_case(case: dict, root: pathlib.Path) -> list[str]:
    """Mismatch descriptions for one case; an engine that is missing or crashes is a failure, not a crash."""
    engine = case.get("engine", "")
    try:
        check = _checker(engine)
    except Exception as exc:  # a broken checker module fails its cases, the run goes on
        return [f"engine {engine!r} failed to load: {type(exc).__name__}: {exc}"]
    if check is None:
        return [f"engine not implemented: {engine!r}"]
    try:
        return list(check(case, root))
    except Exception as exc:
        where = traceback.extract_tb(exc.__traceback__)[-1]
        return [f"error: {type(exc).__name__}: {exc} (at {pathlib.Path(where.filename).name}:{where.lineno})"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m coqi.spc.conformance", description=__doc__.splitlines()[0])
    parser.add_argument("directory", type=pathlib.Path, help="folder holding cases.json")
    parser.add_argument("-k", "--only", action="append", default=[], help="run only case ids containing this")
    parser.add_argument("--show", type=int, default=SHOW, help="mismatches shown per failing case")
    args = parser.parse_args(argv)

    root = args.directory
    index = root / "cases.json"
    if not index.is_file():
        print(f"{index}: no such file", file=sys.stderr)
        return 2
    cases = json.loads(index.read_text(encoding="utf-8"))["cases"]
    if args.only:
        cases = [c for c in cases if any(k in c["id"] for k in args.only)]
    passed = failed = 0
    for case in cases:
        problems = run_case(case, root)
        if problems:
            failed += 1
            shown = "; ".join(problems[: args.show])
            more = f" (+{len(problems) - args.show} more)" if len(problems) > args.show else ""
            print(f"{case['id']}: FAIL  {shown}{more}")
        else:
            passed += 1
            print(f"{case['id']}: PASS")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
