"""coqi.spc against clinical-qikit, side by side, in one run.

    python benchmarks/spc_bench.py            # everything (clinical-qikit's big runs take a few minutes)
    python benchmarks/spc_bench.py --repeat 3 # best of 3 for coqi.spc (clinical-qikit: once each, it is slow)

Workloads (synthetic data from a fixed seed):

  a  one I/XmR series of 1,000,000 points
  b  10,000 series × 50 points in one faceted call
  c  all type-1 trusts of the A&E oracle case p10 (4,932 rows, 140 trusts), with p10's arguments

Each measurement runs in its own subprocess, so its peak memory (ru_maxrss: the whole process, interpreter
and data included) is its own. Wall time is the best of the repeats of the call alone (data already built).
The reference figures are those the issue quotes for the same workloads a and b on a 2-core machine.
"""

from __future__ import annotations

import argparse
import json
import pathlib
import resource
import subprocess
import sys
import time
import warnings

ROOT = pathlib.Path(__file__).resolve().parents[1]
ORACLE = ROOT / "tests" / "spc" / "oracle"  # the public cases, committed
SEED = 20261125

WORKLOADS = {
    "a": "one I/XmR series of 1,000,000 points",
    "b": "10,000 series x 50 points, one faceted call",
    "c": "A&E all type-1 trusts (oracle p10)",
}
# (engine key, label) per workload
ENGINES = [
    ("coqi_qic", "coqi.spc qic chart='i'"),
    ("coqi_xmr", "coqi.spc xmr (MDC)"),
    ("qikit", "clinical-qikit qic chart='i'"),
]
# The figures for workloads a / b (seconds).
REFERENCE = [
    ("qicharts2 (R)", "566 s", "299 s", "n/a"),
    ("NHSRplotthedots (R)", "18.8 s", "142 s", "n/a"),
    ("clinical-qikit (issue author)", "5.7 s", "13.4 s", "n/a"),
    ("goal", "< 0.5 s", "< 1 s", "<= 1 GB"),
]


# ----------------------------------------------------------------------------------------------- data


def make_data(workload: str):
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(SEED)
    if workload == "a":
        n = 1_000_000
        return pd.DataFrame(
            {"date": pd.date_range("1900-01-01", periods=n, freq="h"), "value": rng.normal(100, 10, n)}
        ), {"x": "date", "y": "value", "facet": None}
    if workload == "b":
        series, points = 10_000, 50
        level = np.repeat(rng.normal(100, 20, series), points)
        return pd.DataFrame(
            {
                "series": np.repeat([f"S{i:05d}" for i in range(series)], points),
                "date": np.tile(pd.date_range("2020-01-01", periods=points, freq="MS").to_numpy(), series),
                "value": level + rng.normal(0, 10, series * points),
            }
        ), {"x": "date", "y": "value", "facet": "series"}
    if workload == "c":
        case = _p10_case()
        data = pd.read_csv(ORACLE / case["input"], parse_dates=["period"])
        args = case["args"]
        return data, {"x": args["date_field"], "y": args["value_field"], "facet": args["facet_field"], "args": args}
    raise ValueError(workload)


def _p10_case() -> dict:
    cases = json.loads((ORACLE / "cases.json").read_text())["cases"]
    return next(c for c in cases if c["id"] == "p10_ae_all_type1_trusts")


# ----------------------------------------------------------------------------------------------- engines


def make_call(engine: str, data, spec: dict):
    """A no-argument callable running ``engine`` on ``data``, or a string saying why it cannot."""
    if engine == "coqi_xmr":
        from coqi.spc.mdc import ShortGroupWarning, xmr

        args = spec.get("args") or {}
        kwargs = {
            "improvement_direction": args.get("improvement_direction", "increase"),
            "target": args.get("target"),
            "rebase": args.get("rebase"),
            "fix_after_n_points": args.get("fix_after_n_points"),
            "screen_outliers": args.get("screen_outliers", True),
        }
        warnings.simplefilter("ignore", ShortGroupWarning)
        return lambda: xmr(data, value=spec["y"], date=spec["x"], facet=spec["facet"], **kwargs)
    if engine == "coqi_qic":
        try:
            from coqi.spc.qic import qic
        except ImportError as error:
            return f"coqi.spc.qic not available ({error})"
        facets = [spec["facet"]] if spec["facet"] else []
        return lambda: qic(data, x=spec["x"], y=spec["y"], chart="i", facets=facets)
    if engine == "qikit":
        try:
            from qikit import qic as qikit_qic
        except ImportError:
            return "clinical-qikit not installed (pip install clinical-qikit)"
        if spec["facet"] is None:
            # x given explicitly, as for coqi; qikit has no MDC method, so its I chart is the nearest equivalent
            return lambda: qikit_qic(data=data, x=spec["x"], y=spec["y"], chart="i")
        return lambda: qikit_qic(data=data, x=spec["x"], y=spec["y"], facets=spec["facet"], chart="i")
    raise ValueError(engine)


# ----------------------------------------------------------------------------------------------- child


def measure(workload: str, engine: str, repeat: int, budget: float) -> dict:
    data, spec = make_data(workload)
    call = make_call(engine, data, spec)
    if isinstance(call, str):
        return {"na": call}
    times, cpu_times = [], []
    started = time.perf_counter()
    try:
        while len(times) < repeat:
            t0, c0 = time.perf_counter(), time.process_time()
            call()
            times.append(time.perf_counter() - t0)
            cpu_times.append(time.process_time() - c0)
            if time.perf_counter() - started > budget:  # slow engines: fewer repeats
                break
    except Exception as error:  # a peer that cannot do the workload is reported, not fatal
        return {"na": f"{type(error).__name__}: {str(error).splitlines()[0][:120]}"}
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"best": min(times), "cpu": min(cpu_times), "runs": len(times), "peak_mb": peak_kib / 1024}


# ----------------------------------------------------------------------------------------------- parent


def run_child(workload: str, engine: str, repeat: int, budget: float, timeout: float) -> dict:
    command = [sys.executable, __file__, "--child", workload, engine, "--repeat", str(repeat), "--budget", str(budget)]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, cwd=ROOT, env=_child_env())
    except subprocess.TimeoutExpired:
        return {"na": f"did not finish within {timeout:.0f} s"}
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        return {"na": f"failed: {last[:120]}"}
    return json.loads(done.stdout.strip().splitlines()[-1])


def _child_env() -> dict:
    import os

    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    env.setdefault("MPLBACKEND", "Agg")
    return env


def _cell(result: dict) -> tuple[str, str]:
    if "na" in result:
        return "n/a", result["na"]
    return f"{result['best']:.3f} s", (
        f"cpu {result['cpu']:.3f} s, {result['peak_mb']:.0f} MB peak RSS (best of {result['runs']})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--child", nargs=2, metavar=("WORKLOAD", "ENGINE"), help=argparse.SUPPRESS)
    parser.add_argument("--repeat", type=int, default=5, help="best of this many runs for coqi.spc (default 5)")
    parser.add_argument("--budget", type=float, default=20.0, help=argparse.SUPPRESS)
    parser.add_argument("--only", choices=sorted(WORKLOADS), action="append", help="run only these workloads")
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds per coqi.spc measurement (default 600)")
    parser.add_argument(
        "--peer-timeout", type=float, default=300.0, help="seconds per clinical-qikit measurement (default 300)"
    )
    args = parser.parse_args()

    if args.child:
        print(json.dumps(measure(*args.child, repeat=args.repeat, budget=args.budget)))
        return

    import platform

    import numpy
    import pandas

    try:
        from importlib.metadata import version

        qikit_version = version("clinical-qikit")
    except Exception:  # noqa: BLE001 - absent peer
        qikit_version = "not installed"
    print(
        f"coqi.spc benchmark — Python {platform.python_version()}, numpy {numpy.__version__}, "
        f"pandas {pandas.__version__}, clinical-qikit {qikit_version}, {_cpus()} CPU(s), seed {SEED}"
    )
    print(f"load average at start: {_load()} (a shared machine: wall time above CPU time means waiting for a core)")
    print()
    workloads = args.only or list(WORKLOADS)
    results: dict[tuple[str, str], dict] = {}
    for workload in workloads:
        print(f"({workload}) {WORKLOADS[workload]}")
        for engine, label in ENGINES:
            repeat = args.repeat if engine.startswith("coqi") else 1
            timeout = args.timeout if engine.startswith("coqi") else args.peer_timeout
            result = run_child(workload, engine, repeat, args.budget, timeout)
            results[workload, engine] = result
            wall, detail = _cell(result)
            print(f"    {label:<30} {wall:>10}   {detail}")
        print()

    print(f"load average at end: {_load()}")
    print()
    print("Side by side (wall time, best run; peak memory of the measuring process):")
    header = f"    {'engine':<34}" + "".join(f"{'(' + w + ')':>26}" for w in workloads)
    print(header)
    for engine, label in ENGINES:
        row = f"    {label:<34}"
        for workload in workloads:
            result = results[workload, engine]
            row += f"{'n/a':>26}" if "na" in result else f"{result['best']:>10.3f} s / {result['peak_mb']:>6.0f} MB"
        print(row)
    print()
    print("Reference figures from the issue (workloads a / b; same kind of 2-core machine):")
    for name, a, b, memory in REFERENCE:
        print(f"    {name:<34}{a:>12}{b:>12}   memory {memory}")
    print()
    print("Notes: clinical-qikit has no Making Data Count method; its I chart (Anhøj rules) is the nearest")
    print("equivalent and is timed once per workload (it is slow). coqi.spc xmr is the full MDC method (limits,")
    print("four rules, point types, summary, icons); coqi.spc qic is the full qicharts2 I chart with runs analysis.")
    print("clinical-qikit 0.5.0 computes facets one at a time, each time comparing the whole facet column")
    print("(data[facets] == value), so its time grows with the square of the number of series: on this machine")
    print("100 series x 50 points took ~1.9 s and 400 took ~16 s, which is why 10,000 series hit the timeout.")


def _load() -> str:
    import os

    return " ".join(f"{v:.1f}" for v in os.getloadavg()) if hasattr(os, "getloadavg") else "unknown"


def _cpus() -> int:
    import os

    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


if __name__ == "__main__":
    main()
