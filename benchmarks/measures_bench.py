"""How long a project's measures pages take to compute, with and without the chart cache.

    .venv/bin/python benchmarks/measures_bench.py              # 20 measures × 36 months, 5 of them by 5 groups
    .venv/bin/python benchmarks/measures_bench.py --measures 50 --months 60

Uses an in-memory SQLite database (the test settings) and synthetic data from a fixed seed. Prints, best of
--repeat runs:

  summary        the project's measures page: every measure's MDC icons (no pictures drawn), cold and from the
                 cache, and its query count
  chart cold     one measure's page: SPC result, table and SVG drawn by matplotlib (empty cache)
  chart warm     the same page again (SPC figures and SVG from the cache)
  stratified     a 5-group measure's page, cold and warm
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coqi.config.settings.test")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--measures", type=int, default=20)
    parser.add_argument("--months", type=int, default=36)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    import django

    django.setup()
    import numpy as np
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    call_command("migrate", verbosity=0)
    from coqi.core.models import Organisation, System
    from coqi.core.tabular import Row
    from coqi.improvement.selectors import measures as selectors
    from coqi.improvement.services import measures as services
    from coqi.projects.models import Project

    system = System.objects.create(name="Bench", slug="bench")
    organisation = Organisation.objects.create(system=system, name="Bench trust", slug="bench", kind="acute_trust")
    project = Project.objects.create(organisation=organisation, title="Bench project")
    rng = np.random.default_rng(20261125)
    months = [date(2020 + i // 12, i % 12 + 1, 1) for i in range(args.months)]
    measures = []
    for n in range(args.measures):
        split = n % 4 == 0
        chart = ["xmr", "p", "run", "i"][n % 4] if not split else "xmr"
        measure = services.create_measure(
            actor=None,
            project=project,
            name=f"Measure {n}",
            kind="outcome",
            definition="d",
            unit="u",
            improvement_direction="decrease",
            chart_type=chart,
            target=10,
            population_group="Quintile" if split else "",
        )
        groups = [f"Q{q}" for q in range(1, 6)] if split else [""]
        rows = [
            {"period": m, "value": float(rng.integers(5, 20)), "denominator": 40.0, "group": g}
            for g in groups
            for m in months
        ]
        services.import_data(
            actor=None, measure=measure, rows=[Row(i, r) for i, r in enumerate(rows)], header=None, source="bench"
        )
        measures.append(measure)

    def best(fn) -> float:
        times = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            fn()
            times.append(time.perf_counter() - start)
        return min(times)

    with CaptureQueriesContext(connection) as queries:
        selectors.project_summary(project=project)
    summary = best(lambda: selectors.project_summary(project=project))

    def summary_cold():
        cache.clear()
        selectors.project_summary(project=project)

    summary_cold_time = best(summary_cold)
    single = next(m for m in measures if not m.population_group)
    split = next(m for m in measures if m.population_group)

    def cold(measure):
        def run():
            cache.clear()
            selectors.measure_charts(measure=measure)

        return run

    selectors.measure_charts(measure=single)  # import matplotlib once, outside the timings
    print(
        f"{args.measures} measures × {args.months} months ({sum(1 for m in measures if m.population_group)} split "
        f"into 5 groups), best of {args.repeat}"
    )
    print(f"summary      {summary_cold_time * 1000:8.1f} ms cold, {summary * 1000:.1f} ms warm, {len(queries)} queries")
    print(f"chart cold   {best(cold(single)) * 1000:8.1f} ms")
    print(f"chart warm   {best(lambda: selectors.measure_charts(measure=single)) * 1000:8.1f} ms")
    print(
        f"stratified   {best(cold(split)) * 1000:8.1f} ms cold, "
        f"{best(lambda: selectors.measure_charts(measure=split)) * 1000:.1f} ms warm"
    )


if __name__ == "__main__":
    main()
