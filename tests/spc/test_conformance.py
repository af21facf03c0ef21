"""The public SPC conformance suite, one test per case (so a failure names the case).

The suite lives outside the repository: ``<repo>/../shared/spc-oracle`` or ``$COQI_SPC_ORACLE``. The tests skip
only when that folder is absent.
"""

import json
import os
import pathlib

import pytest

from coqi.spc import conformance

REPO = pathlib.Path(__file__).resolve().parents[2]
ORACLE = pathlib.Path(os.environ.get("COQI_SPC_ORACLE", REPO.parent / "shared" / "spc-oracle"))


def _cases():
    index = ORACLE / "cases.json"
    if not index.is_file():
        return []
    return json.loads(index.read_text(encoding="utf-8"))["cases"]


CASES = _cases()
needs_oracle = pytest.mark.skipif(not CASES, reason=f"SPC oracle not found at {ORACLE}")


@needs_oracle
@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_case_agrees_with_reference(case):
    problems = conformance.run_case(case, ORACLE)
    assert not problems, f"{case['id']}: " + "\n".join(problems[:10])


@needs_oracle
def test_runner_prints_a_line_per_case_and_the_total(capsys):
    qic_ids = [c["id"] for c in CASES if c["engine"] == "qicharts2"][:3]
    status = conformance.main([str(ORACLE), *sum((["-k", i] for i in qic_ids), [])])
    lines = capsys.readouterr().out.strip().splitlines()
    assert status == 0
    assert [line.split(":")[0] for line in lines[:-1]] == qic_ids
    assert lines[-1] == f"{len(qic_ids)} passed, 0 failed"


def test_runner_reports_a_missing_engine_as_a_failure_not_a_crash(tmp_path, capsys):
    (tmp_path / "cases.json").write_text(
        json.dumps({"format": 1, "cases": [{"id": "z1", "engine": "nosuch", "kind": "chart"}]})
    )
    assert conformance.main([str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "z1: FAIL" in out and "engine not implemented" in out
    assert out.strip().splitlines()[-1] == "0 passed, 1 failed"


def test_runner_fails_a_case_whose_expected_values_differ(tmp_path, capsys):
    (tmp_path / "inputs").mkdir()
    (tmp_path / "qicharts2").mkdir()
    (tmp_path / "inputs" / "c.csv").write_text('"y"\n1\n2\n3\n4\n')
    # The true centre line (median) is 2.5; the expected file claims 3.
    (tmp_path / "qicharts2" / "c.summary.csv").write_text(
        '"facet1","facet2","part","n.obs","n.useful","longest.run","longest.run.max","n.crossings",'
        '"n.crossings.min","runs.signal","aLCL","aLCL.95","CL","aUCL.95","aUCL","sigma.signal"\n'
        "1,1,1,4,4,2,5,1,0,0,NaN,NaN,3,NaN,NaN,0\n"
    )
    args = {"chart": "run", "x": None, "y": "y", "n": None, "facets": [], "part": None, "freeze": None,
            "exclude": [], "multiply": 1, "agg_fun": "mean", "cl": None, "target": None, "notes": None,
            "screened_mr": True, "method": "anhoej"}  # fmt: skip
    case = {"id": "c", "engine": "qicharts2", "kind": "chart", "input": "inputs/c.csv",
            "input_columns": {"y": "number"}, "expected": {"summary": "qicharts2/c.summary.csv"},
            "args": args}  # fmt: skip
    (tmp_path / "cases.json").write_text(json.dumps({"format": 1, "cases": [case]}))
    assert conformance.main([str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "CL" in out and "expected 3" in out and "got 2.5" in out
