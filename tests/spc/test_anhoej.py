"""Anhøj runs analysis: thresholds, rules firing exactly at their limits, useful observations."""

import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from coqi.spc import anhoej
from coqi.spc.anhoej import crossings_min, longest_run_max, runs_analysis, segment_runs


def _qbinom_by_definition(q: float, size: int) -> int:
    """Smallest k with P(Binomial(size, 1/2) <= k) >= q, from exact rational arithmetic."""
    cdf = Fraction(0)
    for k in range(size + 1):
        cdf += Fraction(math.comb(size, k), 2**size)
        if cdf >= Fraction(q).limit_denominator(1000):
            return k
    return size


def _series(runs: list[int]) -> list[float]:
    """Points around a centre line of 0: runs of the given lengths on alternating sides."""
    out = []
    for i, length in enumerate(runs):
        out += [1.0 if i % 2 == 0 else -1.0] * length
    return out


def test_published_thresholds():
    # Anhøj & Olesen (2014), table 1.
    assert [longest_run_max(n) for n in (10, 14, 24, 30, 50, 100)] == [6, 7, 8, 8, 9, 10]
    assert [crossings_min(n) for n in (10, 14, 24, 30, 50, 100)] == [2, 4, 8, 10, 19, 41]
    assert crossings_min(1) == 0 and longest_run_max(1) == 3


@pytest.mark.parametrize("n", list(range(1, 121)) + [257, 500, 1001])
def test_crossings_min_is_the_binomial_quantile(n):
    assert crossings_min(n) == _qbinom_by_definition(0.05, max(n - 1, 0))


def test_floating_point_quantile_agrees_with_exact_arithmetic():
    for m in list(range(2, 400)) + list(range(400, 2500, 37)):
        k, margin = anhoej._float_quantile(m)
        assert k == anhoej._exact_quantile(m), m
        assert margin > 0


def test_a_large_thresholds_table_is_quick_and_monotone():
    n = np.arange(1, 5001)
    table = crossings_min(n)
    assert np.all(np.diff(table) >= 0) and np.all(np.diff(table) <= 1)
    assert crossings_min(1_000_001) == 499178  # qbinom(0.05, 1e6, 0.5): about m/2 - 1.645·sqrt(m)/2


def test_array_thresholds_match_scalar_ones():
    n = np.array([1, 5, 24, 24, 99, 1000])
    assert crossings_min(n).tolist() == [crossings_min(int(v)) for v in n]
    assert longest_run_max(n).tolist() == [longest_run_max(int(v)) for v in n]


def test_longest_run_equal_to_the_limit_is_no_signal_one_more_is():
    at_limit = runs_analysis(_series([8] + [1] * 16), 0)  # 24 useful points, limit 8
    assert (at_limit.n_useful, at_limit.longest_run, at_limit.longest_run_max) == (24, 8, 8)
    assert at_limit.n_crossings >= at_limit.n_crossings_min
    assert at_limit.signal is False
    over = runs_analysis(_series([9] + [1] * 15), 0)
    assert (over.n_useful, over.longest_run) == (24, 9)
    assert over.signal is True


@settings(max_examples=60, deadline=None)
@given(n=st.integers(10, 400), extra=st.sampled_from([0, 1]))
def test_long_run_rule_fires_exactly_above_its_threshold(n, extra):
    length = longest_run_max(n) + extra
    series = _series([length] + [1] * (n - length))
    result = runs_analysis(series, 0)
    assume(result.n_crossings >= result.n_crossings_min)  # isolate the long-run rule
    assert result.longest_run == length
    assert result.signal is (extra == 1)


@settings(max_examples=60, deadline=None)
@given(n=st.integers(10, 400), fewer=st.sampled_from([0, 1]))
def test_crossings_rule_fires_exactly_below_its_threshold(n, fewer):
    crossings = crossings_min(n) - fewer
    assume(crossings >= 0)
    runs = crossings + 1
    lengths = [n // runs + (1 if i < n % runs else 0) for i in range(runs)]
    assume(max(lengths) <= longest_run_max(n))  # isolate the crossings rule
    result = runs_analysis(_series(lengths), 0)
    assert result.n_crossings == crossings
    assert result.signal is (fewer == 1)


def test_points_on_the_centre_line_and_missing_values_are_not_useful():
    y = [1, 1, 0, 1, np.nan, -1, 0, -1]
    result = runs_analysis(y, 0)
    assert result.n_obs == 8
    assert result.n_useful == 5
    # The point on the line neither ends nor breaks the run: 1 1 (0) 1 is a run of three.
    assert result.longest_run == 3
    assert result.n_crossings == 1


def test_no_useful_points_gives_missing_counts_and_no_signal():
    result = runs_analysis([2.0, 2.0, np.nan], 2.0)
    assert (result.n_obs, result.n_useful, result.longest_run, result.signal) == (3, 0, None, False)


@settings(max_examples=80, deadline=None)
@given(
    values=st.lists(st.sampled_from([-2.0, -1.0, 0.0, 1.0, 2.0, np.nan]), min_size=1, max_size=60),
    cuts=st.lists(st.integers(1, 59), max_size=4),
    include_every=st.integers(1, 5),
)
def test_segment_runs_equals_runs_analysis_of_each_segment(values, cuts, include_every):
    y = np.array(values)
    bounds = sorted({c for c in cuts if c < len(y)})
    seg = np.searchsorted(np.array(bounds, dtype=int), np.arange(len(y)), side="right")
    include = (np.arange(len(y)) % include_every) != 1
    nseg = len(bounds) + 1
    got = segment_runs(y, np.zeros(len(y)), include, seg, nseg)
    for s in range(nseg):
        mine = (seg == s) & include
        one = runs_analysis(y[mine], 0)
        assert got["n.obs"][s] == one.n_obs
        assert got["n.useful"][s] == one.n_useful
        assert bool(got["runs.signal"][s]) is one.signal
        if one.n_useful:
            assert got["longest.run"][s] == one.longest_run
            assert got["n.crossings"][s] == one.n_crossings
        else:
            assert np.isnan(got["longest.run"][s])


def test_run_lengths_by_brute_force():
    rng = np.random.default_rng(7)
    for _ in range(200):
        y = rng.choice([-1.0, 0.0, 1.0], size=rng.integers(1, 40))
        side = [v for v in y if v != 0]
        result = runs_analysis(y, 0)
        if not side:
            assert result.n_useful == 0
            continue
        runs, current = [], 1
        for a, b in zip(side, side[1:]):
            if a == b:
                current += 1
            else:
                runs.append(current)
                current = 1
        runs.append(current)
        assert result.longest_run == max(runs)
        assert result.n_crossings == len(runs) - 1
