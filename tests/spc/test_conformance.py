"""The public SPC conformance suite, one test per case (so a failure names the case).

The suite is committed beside this file (``oracle/``, outputs of qicharts2 0.8.1 and NHSRplotthedots 0.2.2; see its
README), so every clone runs every case and nothing skips.
"""

import json
import pathlib

import pytest

from coqi.spc import conformance

ORACLE = pathlib.Path(__file__).resolve().parent / "oracle"
CASES = json.loads((ORACLE / "cases.json").read_text(encoding="utf-8"))["cases"]


def test_the_oracle_holds_every_public_case():
    # An empty or truncated list would turn the parametrised test below into fewer tests, not a failure.
    engines = [case["engine"] for case in CASES]
    assert (len(CASES), engines.count("qicharts2"), engines.count("nhsrplotthedots")) == (73, 60, 13)


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_case_agrees_with_reference(case):
    problems = conformance.run_case(case, ORACLE)
    assert not problems, f"{case['id']}: " + "\n".join(problems[:10])


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
