"""implcourse.portfolio: the synthetic generator, the committed file and the analytics.

Calibration targets, each from a published source (verified, see
datasets/README_projects.md):

* Flyvbjerg, B. and Budzier, A. (2011), "Why your IT project may be riskier than
  you think", Harvard Business Review 89(9), 23-25: 1,471 IT projects, average
  cost overrun 27 %; one in six a black swan with a cost overrun of about 200 %
  on average and a schedule overrun of almost 70 %.
* Bloch, M., Blumberg, S. and Laartz, J. (2012), "Delivering large-scale IT
  projects on time, on budget, and on value", McKinsey & Company with the
  University of Oxford: large IT projects (initial budget above USD 15 million)
  run 45 % over budget on average.
* The Standish Group, CHAOS Report 2015, resolution by agile versus waterfall
  (datasets/methods/evidence.yml, read here through implcourse.methods.evidence).

Tolerances: the generator's expected values are checked on a large sample
(200,000 projects), where the standard error is small; the committed sample of
240 is checked within three standard errors computed from its own spread, so a
test fails only when the sample is truly off, not by chance. The statistics are
recomputed here from their definitions (sorted lists, loops), not with the
package's helpers.
"""

from __future__ import annotations

import csv
import io
import math
import statistics

import numpy as np
import pandas as pd
import pytest
import scipy.stats
from hypothesis import given, settings
from hypothesis import strategies as st

from implcourse.content import ContentError, datasets_dir
from implcourse.methods.evidence import chaos_2015
from implcourse.portfolio import (COLUMNS, LARGE_BUDGET, N, SEED, ReferenceClassForecast,
                                  assumptions, factor_effects, generate, load_projects,
                                  overrun_summary, overruns, reference_class_forecast,
                                  stratified, survivorship, to_csv_text)
from implcourse.portfolio.generator import METHODOLOGIES, OUTCOMES, TYPES

FILE = datasets_dir() / "projects.csv"
DF = load_projects()
BIG = generate(5, 200_000)
FAST = settings(max_examples=60, deadline=None)


# --------------------------------------------------------------------------
# Independent computations
# --------------------------------------------------------------------------

def cost_overrun(row) -> float:
    return (row["actual_cost"] - row["budget"]) / row["budget"] * 100


def percentile(values, q: float) -> float:
    """Linear interpolation between order statistics (Hyndman-Fan type 7), by hand."""
    ordered = sorted(values)
    position = (len(ordered) - 1) * q / 100
    lower = math.floor(position)
    upper = min(lower + 1, len(ordered) - 1)
    return ordered[lower] + (ordered[upper] - ordered[lower]) * (position - lower)


def completed_overruns(frame):
    done = frame[frame["outcome"] != "cancelled"]
    cost = (done["actual_cost"] - done["budget"]) / done["budget"] * 100
    time = (done["actual_months"] - done["planned_months"]) / done["planned_months"] * 100
    return done, cost.to_numpy(), time.to_numpy()


def worst_sixth(cost, time):
    k = round(len(cost) / 6)
    order = np.argsort(-cost, kind="stable")[:k]
    return cost[order], time[order]


# --------------------------------------------------------------------------
# The generator and the committed file
# --------------------------------------------------------------------------

def test_committed_file_is_regenerated_byte_for_byte():
    """tools/make_projects.py writes generate(SEED, N) through to_csv_text."""
    assert FILE.read_bytes() == to_csv_text(generate(SEED, N)).encode("utf-8")
    assert b"\r" not in FILE.read_bytes()


def test_committed_file_shape_and_label():
    assert N >= 200 and len(DF) == N
    assert list(DF.columns) == COLUMNS
    assert DF["synthetic"].all()
    assert DF["project_id"].is_unique
    plain = pd.read_csv(FILE)            # pandas reads it as it stands: no comment line
    assert list(plain.columns) == COLUMNS and len(plain) == N
    assert DF.equals(generate(SEED, N))


def test_generate_is_deterministic_and_seed_dependent():
    assert generate(11, 300).equals(generate(11, 300))
    assert not generate(11, 300).equals(generate(12, 300))


def test_values_in_range_and_cancelled_are_empty():
    df = BIG
    assert set(df["methodology"]) == set(METHODOLOGIES)
    assert set(df["type"]) == set(TYPES)
    assert set(df["outcome"]) == set(OUTCOMES)
    assert (df["budget"] > 0).all() and (df["actual_cost"] >= 0).all()
    assert (df["planned_months"] >= 1).all() and (df["actual_months"] > 0).all()
    cancelled = df["outcome"] == "cancelled"
    for column in ("adoption_90d", "post_golive_defects", "csat"):
        assert df.loc[cancelled, column].isna().all()
        assert df.loc[~cancelled, column].notna().all()
    assert df.loc[~cancelled, "adoption_90d"].between(0, 100).all()
    assert df.loc[~cancelled, "csat"].between(1, 5).all()


def test_successful_follows_the_stated_definition():
    """Successful = completed, both overruns at most 5 %, CSAT at least 3.5."""
    done, cost, time = completed_overruns(BIG)
    expected = (cost <= 5) & (time <= 5) & (done["csat"].to_numpy() >= 3.5)
    assert ((done["outcome"] == "successful").to_numpy() == expected).all()


@pytest.mark.parametrize("bad, words", [(0, "Number of projects must be >= 1"),
                                        (-1, "Seed must be >= 0")])
def test_generate_refuses_bad_arguments(bad, words):
    with pytest.raises(ValueError, match=words):
        generate(bad, 10) if bad < 0 else generate(1, bad)
    with pytest.raises(TypeError, match="Seed must be an integer"):
        generate(True, 10)


def test_assumptions_table():
    table = assumptions()
    assert list(table.columns) == ["driver", "effect", "size", "source"]
    assert table.notna().all().all() and len(table) >= 8
    text = " ".join(table["source"])
    assert "Flyvbjerg" in text and "McKinsey" in text and "CHAOS" in text


# --------------------------------------------------------------------------
# Calibration to published figures
# --------------------------------------------------------------------------

def test_mean_cost_overrun_near_27_percent():
    """HBR 2011: average cost overrun 27 % (1,471 IT projects)."""
    _, cost, _ = completed_overruns(BIG)
    assert abs(cost.mean() - 27) < 3          # standard error here about 0.2 points
    _, cost, _ = completed_overruns(DF)
    se = statistics.stdev(cost) / math.sqrt(len(cost))
    assert abs(cost.mean() - 27) < 3 * se


def test_worst_sixth_are_black_swans():
    """HBR 2011: one in six a black swan, cost +200 % and schedule almost +70 % on average."""
    for frame, tol_cost, tol_time in ((BIG, 15, 6), (DF, None, None)):
        _, cost, time = completed_overruns(frame)
        worst_cost, worst_time = worst_sixth(cost, time)
        if tol_cost is None:   # the committed sample: three standard errors of its own
            tol_cost = 3 * statistics.stdev(worst_cost) / math.sqrt(len(worst_cost))
            tol_time = 3 * statistics.stdev(worst_time) / math.sqrt(len(worst_time))
        assert abs(worst_cost.mean() - 200) < tol_cost
        assert abs(worst_time.mean() - 70) < tol_time


def test_large_projects_overrun_near_45_percent():
    """McKinsey-Oxford 2012: large IT projects (> USD 15 million) 45 % over budget."""
    done, cost, _ = completed_overruns(BIG)
    large = cost[(done["budget"] >= LARGE_BUDGET).to_numpy()]
    assert len(large) > 1_000
    assert abs(large.mean() - 45) < 3 * statistics.stdev(large) / math.sqrt(len(large))


def test_outcome_shares_inside_the_chaos_range():
    """CHAOS 2015, all sizes: successful 11 % (waterfall) to 39 % (agile); failed 29 to 9 %."""
    chaos = chaos_2015()
    agile, waterfall = chaos.loc[("all", "agile")], chaos.loc[("all", "waterfall")]
    for frame in (BIG, DF):
        shares = frame["outcome"].value_counts(normalize=True) * 100
        assert waterfall["successful"] <= shares["successful"] <= agile["successful"]
        assert agile["failed"] <= shares["cancelled"] <= waterfall["failed"]


def test_heavy_right_tail():
    _, cost, _ = completed_overruns(BIG)
    assert cost.mean() > np.median(cost) + 20
    assert percentile(cost, 99) > 300


# --------------------------------------------------------------------------
# Effects built in: training, scope changes, the confounder, survivorship
# --------------------------------------------------------------------------

def test_training_raises_adoption_by_the_stated_slope():
    done = BIG[BIG["outcome"] != "cancelled"]
    x, y = done["training_hours_per_user"].to_numpy(), done["adoption_90d"].to_numpy()
    slope = ((x - x.mean()) * (y - y.mean())).sum() / ((x - x.mean()) ** 2).sum()
    assert abs(slope - 1.5) < 0.1             # 1.5 points per hour, a little less for clipping
    fx = factor_effects(DF, "adoption_90d", "training_hours_per_user")
    assert fx.loc["training_hours_per_user", "slope"] > 1


def test_scope_changes_go_with_cost_and_schedule_overruns():
    done, cost, time = completed_overruns(BIG)
    changes = done["scope_changes"].to_numpy()
    few, many = changes <= 1, changes >= 5
    assert np.median(cost[many]) > np.median(cost[few]) + 10
    assert np.median(time[many]) > np.median(time[few]) + 5


def pooled_and_within(frame, bands=3):
    """The confounder by hand: medians of waterfall minus agile, pooled and per tercile."""
    frame = frame.assign(cost=[cost_overrun(r) for _, r in frame.iterrows()]) \
        if len(frame) < 5_000 else frame.assign(cost=(frame["actual_cost"] - frame["budget"])
                                                / frame["budget"] * 100)
    med = {m: statistics.median(frame.loc[frame["methodology"] == m, "cost"]) for m in
           ("waterfall", "agile")}
    pooled = med["waterfall"] - med["agile"]
    edges = np.quantile(frame["budget"], np.linspace(0, 1, bands + 1))
    gaps, weights = [], []
    for lo, hi, first in zip(edges[:-1], edges[1:], [True] + [False] * (bands - 1)):
        inside = frame[(frame["budget"] > lo) | first & (frame["budget"] == lo)]
        inside = inside[inside["budget"] <= hi]
        w = inside.loc[inside["methodology"] == "waterfall", "cost"]
        a = inside.loc[inside["methodology"] == "agile", "cost"]
        if len(w) and len(a):
            gaps.append(statistics.median(w) - statistics.median(a))
            weights.append(len(w) * len(a) / (len(w) + len(a)))
    return pooled, sum(g * w for g, w in zip(gaps, weights)) / sum(weights)


@pytest.mark.parametrize("frame", [DF, BIG.iloc[:20_000]], ids=["committed", "large sample"])
def test_confounder_pooled_gap_shrinks_within_bands(frame):
    """Size drives both the methodology and the overrun; methodology itself does nothing."""
    result = stratified(frame, "methodology", "budget", "cost_overrun_pct")
    pooled, within = pooled_and_within(frame)
    assert result.high == "waterfall" and result.low == "agile"
    assert result.pooled_gap == pytest.approx(pooled)
    assert result.within_gap == pytest.approx(within)
    assert result.pooled_gap > 10
    assert abs(result.within_gap) < result.pooled_gap / 3


def test_bigger_projects_choose_waterfall_more_often():
    by = BIG.groupby("methodology")["budget"].median()
    assert by["agile"] < by["hybrid"] < by["waterfall"]


@pytest.mark.parametrize("frame", [DF, BIG], ids=["committed", "large sample"])
def test_survivorship_bias_sign(frame):
    """The archive of completed projects looks better than the whole portfolio."""
    table = survivorship(frame)
    everyone = [cost_overrun(r) for _, r in frame.iterrows()] if len(frame) < 5_000 else \
        ((frame["actual_cost"] - frame["budget"]) / frame["budget"] * 100).tolist()
    archive = [c for c, o in zip(everyone, frame["outcome"]) if o != "cancelled"]
    assert table["count"].tolist() == [len(everyone), len(archive)]
    assert table["mean"].iloc[0] == pytest.approx(statistics.fmean(everyone))
    assert table["mean"].iloc[1] == pytest.approx(statistics.fmean(archive))
    assert table["mean"].iloc[0] > table["mean"].iloc[1]
    assert table["share_over_50pct"].iloc[0] > table["share_over_50pct"].iloc[1]


# --------------------------------------------------------------------------
# Analytics against independent computations
# --------------------------------------------------------------------------

overrun_lists = st.lists(st.floats(-90, 900, allow_nan=False), min_size=1, max_size=40)


def frame_from(overrun_pcts, budget=1000.0):
    n = len(overrun_pcts)
    return pd.DataFrame({"budget": [budget] * n,
                         "actual_cost": [budget * (1 + o / 100) for o in overrun_pcts],
                         "planned_months": [10] * n, "actual_months": [10.0] * n})


@FAST
@given(overrun_lists)
def test_overrun_summary_against_sorted_lists(values):
    frame = frame_from(values)
    expected = [cost_overrun(r) for _, r in frame.iterrows()]
    row = overrun_summary(frame).iloc[0]
    assert row["count"] == len(expected)
    assert row["mean"] == pytest.approx(statistics.fmean(expected), abs=1e-9)
    assert row["median"] == pytest.approx(statistics.median(expected), abs=1e-9)
    assert row["p80"] == pytest.approx(percentile(expected, 80), abs=1e-9)
    assert row["p90"] == pytest.approx(percentile(expected, 90), abs=1e-9)
    assert row["share_over_plan"] == pytest.approx(sum(v > 0 for v in expected) / len(expected))
    assert row["share_over_50pct"] == pytest.approx(sum(v > 50 for v in expected) / len(expected))


def test_overrun_summary_by_level_matches_loops():
    table = overrun_summary(DF, "methodology", measure="schedule")
    for level in METHODOLOGIES:
        rows = DF[DF["methodology"] == level]
        values = [(r["actual_months"] - r["planned_months"]) / r["planned_months"] * 100
                  for _, r in rows.iterrows()]
        assert table.loc[level, "count"] == len(values)
        assert table.loc[level, "median"] == pytest.approx(statistics.median(values))
        assert table.loc[level, "p80"] == pytest.approx(percentile(values, 80))


def test_overruns_adds_columns_and_leaves_input_alone():
    before = DF.copy()
    out = overruns(DF)
    assert DF.equals(before)
    first = DF.iloc[0]
    assert out["cost_overrun_pct"].iloc[0] == pytest.approx(cost_overrun(first))


def test_factor_effects_categorical_by_loops():
    table = factor_effects(DF, "cost_overrun_pct", "partner_type")
    everyone = statistics.fmean(cost_overrun(r) for _, r in DF.iterrows())
    for level in table.index:
        values = [cost_overrun(r) for _, r in DF[DF["partner_type"] == level].iterrows()]
        assert table.loc[level, "count"] == len(values)
        assert table.loc[level, "mean"] == pytest.approx(statistics.fmean(values))
        assert table.loc[level, "diff_from_all"] == pytest.approx(statistics.fmean(values)
                                                                   - everyone)
    assert list(table["mean"]) == sorted(table["mean"], reverse=True)


def test_factor_effects_numeric_matches_statistics_module():
    fx = factor_effects(DF, "adoption_90d", "training_hours_per_user").iloc[0]
    done = DF[DF["adoption_90d"].notna()]
    x, y = done["training_hours_per_user"].tolist(), done["adoption_90d"].tolist()
    assert fx["count"] == len(x)                   # cancelled projects left out
    assert fx["pearson_r"] == pytest.approx(statistics.correlation(x, y))
    assert fx["slope"] == pytest.approx(statistics.linear_regression(x, y).slope)
    assert fx["spearman_rho"] == pytest.approx(scipy.stats.spearmanr(x, y).statistic)


@FAST
@given(st.lists(st.tuples(st.sampled_from(["agile", "waterfall"]),
                          st.floats(50_000, 5e7), st.floats(-50, 300)), min_size=6, max_size=40),
       st.sampled_from(["mean", "median"]))
def test_stratified_with_given_edges_against_loops(rows, stat):
    frame = pd.DataFrame({"methodology": [r[0] for r in rows], "budget": [r[1] for r in rows],
                          "actual_cost": [r[1] * (1 + r[2] / 100) for r in rows],
                          "planned_months": 10, "actual_months": 10.0})
    if frame["methodology"].nunique() < 2:
        return
    edges = [50_000, 1e6, 1e7, 5e7]
    result = stratified(frame, "methodology", "budget", "cost_overrun_pct", edges, stat=stat)
    fn = statistics.median if stat == "median" else statistics.fmean
    frame["cost"] = [cost_overrun(r) for _, r in frame.iterrows()]
    for i, label in enumerate(result.table.index[1:]):
        lo, hi = edges[i], edges[i + 1]
        for level in ("agile", "waterfall"):
            cell = frame[(frame["methodology"] == level) & (frame["budget"] <= hi)
                         & ((frame["budget"] > lo) | ((i == 0) & (frame["budget"] == lo)))]
            assert result.counts.loc[label, level] == len(cell)
            if len(cell):
                assert result.table.loc[label, level] == pytest.approx(fn(cell["cost"]))
            else:
                assert math.isnan(result.table.loc[label, level])
    assert result.counts.iloc[1:].to_numpy().sum() == len(frame)


# --------------------------------------------------------------------------
# Reference-class forecast
# --------------------------------------------------------------------------

def test_reference_class_forecast_against_sorted_peers():
    """Flyvbjerg (2006), Project Management Journal 37(3): uplift = peers' overrun at P80."""
    rcf = reference_class_forecast(DF, 2_000_000, peers={"type": ["ERP", "CRM"],
                                                         "budget": (500_000, 5_000_000)})
    peers = [cost_overrun(r) for _, r in DF.iterrows()
             if r["type"] in ("ERP", "CRM") and 500_000 <= r["budget"] <= 5_000_000
             and r["outcome"] != "cancelled"]
    assert isinstance(rcf, ReferenceClassForecast)
    assert rcf.n_peers == len(peers) and rcf.peer_overruns == pytest.approx(sorted(peers))
    assert rcf.uplift_pct == pytest.approx(percentile(peers, 80))
    assert rcf.p50_uplift_pct == pytest.approx(statistics.median(peers))
    assert rcf.forecast_budget == pytest.approx(2_000_000 * (1 + percentile(peers, 80) / 100))
    assert rcf.label == "a simple reference-class forecast"
    with pytest.raises(AttributeError):
        rcf.uplift_pct = 0        # frozen


@FAST
@given(st.floats(1, 99), st.floats(1e4, 1e8))
def test_forecast_grows_with_the_percentile(p, budget):
    low = reference_class_forecast(DF, budget, percentile=p)
    high = reference_class_forecast(DF, budget, percentile=min(p + 10, 99))
    assert high.forecast_budget >= low.forecast_budget
    assert low.forecast_budget == pytest.approx(budget * (1 + low.uplift_pct / 100))


def test_too_few_peers_names_the_filters():
    with pytest.raises(ValueError) as err:
        reference_class_forecast(DF, 1e6, peers={"type": "service desk", "industry": "retail",
                                                 "methodology": "waterfall"}, min_peers=15)
    text = str(err.value)
    assert "Project type = service desk" in text and "Industry = retail" in text
    assert "at least 15" in text and "widen the filters" in text


@pytest.mark.parametrize("kwargs, error, words", [
    ({"budget": -5}, ValueError, "Budget of the new project must be positive (you entered -5)"),
    ({"budget": True}, TypeError, "Budget of the new project must be a number"),
    ({"budget": float("nan")}, ValueError, "finite"),
    ({"percentile": 100}, ValueError, "Percentile must be <= 99"),
    ({"peers": {"colour": "red"}}, ValueError, "Unknown peer filter(s) 'colour'; known: type"),
    ({"peers": {"budget": (5e6, 1e6)}}, ValueError, "runs from 5e+06 down to 1e+06"),
    ({"min_peers": 1}, ValueError, "Minimum number of peers (min_peers) must be >= 2"),
])
def test_forecast_refuses_bad_input(kwargs, error, words):
    args = {"budget": 1e6, **kwargs}
    budget = args.pop("budget")
    with pytest.raises(error) as err:
        reference_class_forecast(DF, budget, **args)
    assert words in str(err.value)


# --------------------------------------------------------------------------
# Errors in the analytics and in the file
# --------------------------------------------------------------------------

def test_analytics_errors_name_the_field():
    with pytest.raises(ValueError, match="outcome must be one of cost_overrun_pct"):
        factor_effects(DF, "happiness", "methodology")
    with pytest.raises(ValueError, match="factor must be one of type"):
        factor_effects(DF, "csat", "colour")
    with pytest.raises(ValueError, match="measure must be one of cost, schedule; got 'money'"):
        overrun_summary(DF, measure="money")
    with pytest.raises(TypeError, match=r"portfolio \(df\) must be a pandas DataFrame"):
        overruns([1, 2])
    with pytest.raises(ValueError, match="lacks the column"):
        overruns(DF.drop(columns="budget"))
    bad = DF.copy()
    bad.loc[3, "actual_cost"] = -1.0
    with pytest.raises(ValueError, match=r"'actual_cost' must be a number of 0 or more on every "
                                         r"row; project P0004 \(row 3\) holds -1.0"):
        overruns(bad)
    with pytest.raises(ValueError, match="Number of bands must be >= 2"):
        stratified(DF, "methodology", "budget", "csat", 1)
    with pytest.raises(ValueError, match="Band edges must be at least 3 numbers in increasing"):
        stratified(DF, "methodology", "budget", "csat", [5, 1, 9])
    with pytest.raises(TypeError, match="bands must be a number of bands"):
        stratified(DF, "methodology", "budget", "csat", True)


def rewrite(write, change_row: int, column: str, value: str):
    rows = list(csv.reader(io.StringIO(FILE.read_text(encoding="utf-8"))))
    rows[change_row - 1][COLUMNS.index(column)] = value
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return write("projects.csv", out.getvalue())


@pytest.mark.parametrize("row, column, value, words", [
    (5, "actual_cost", "-100", "greater than or equal to 0"),
    (7, "methodology", "scrumfall", "Input should be"),
    (9, "budget", "0", "greater than 0"),
    (4, "adoption_90d", "140", "less than or equal to 100"),
])
def test_malformed_file_names_row_and_column(write, row, column, value, words):
    path = rewrite(write, row, column, value)
    with pytest.raises(ContentError) as err:
        load_projects(path)
    assert err.value.entry.startswith(f"row {row}")
    assert err.value.field == column and words in err.value.message


def test_cancelled_project_with_a_csat_is_refused(write):
    row = int(DF.index[DF["outcome"] == "cancelled"][0]) + 2
    path = rewrite(write, row, "csat", "4.1")
    with pytest.raises(ContentError, match="a cancelled project went live nowhere, so csat "
                                           "must be empty") as err:
        load_projects(path)
    assert err.value.entry.startswith(f"row {row}")


def test_wrong_column_order_is_refused(write):
    text = FILE.read_text(encoding="utf-8").replace("project_id,type", "type,project_id", 1)
    with pytest.raises(ContentError, match="the columns must be project_id, type"):
        load_projects(write("projects.csv", text))


def test_load_projects_returns_a_fresh_copy():
    first = load_projects()
    first.loc[0, "budget"] = 1.0
    assert load_projects().loc[0, "budget"] != 1.0


# -- bad input found by probing (regressions) --------------------------------------------

SMALL = pd.DataFrame({"budget": [100.0] * 5, "actual_cost": [90.0, 100, 110, 160, 300],
                      "planned_months": [10] * 5, "actual_months": [10.0] * 5,
                      "type": ["ERP"] * 5, "outcome": ["challenged"] * 5})


@pytest.mark.parametrize("stale", ["abc", float("inf"), 999.0])
def test_overrun_columns_already_in_the_frame_are_recomputed(stale):
    frame = SMALL.assign(cost_overrun_pct=stale, schedule_overrun_pct=stale)
    assert overrun_summary(frame)["mean"].iloc[0] == pytest.approx(52.0)
    assert survivorship(frame)["mean"].iloc[0] == pytest.approx(52.0)
    rcf = reference_class_forecast(frame, 1000, min_peers=2)
    assert rcf.uplift_pct == pytest.approx(88.0)


def test_overruns_that_overflow_are_refused():
    frame = SMALL.assign(budget=[1e-300] * 5, actual_cost=[1e300] * 5)
    with pytest.raises(ValueError, match=r"Cost overrun of row 0 overflows: its budget is too "
                                         r"small against its actual_cost \(you entered 1e-300 "
                                         r"and 1e\+300\)"):
        overruns(frame)


def test_a_column_of_text_names_the_project_and_the_value():
    with pytest.raises(TypeError, match=r"Column 'budget' must hold numbers; row 1 holds 'x'"):
        overruns(SMALL.assign(budget=[100.0, "x", 1, 2, 3]))
    with pytest.raises(TypeError, match=r"Column 'csat' must hold numbers; project P0001 "
                                        r"\(row 0\) holds 'abc'"):
        factor_effects(DF.assign(csat="abc"), "csat", "methodology")
    with pytest.raises(ValueError, match=r"Column 'csat' must hold finite numbers"):
        factor_effects(DF.assign(csat=float("inf")), "csat", "methodology")
    assert len(overruns(SMALL.assign(budget=pd.Series([100.0] * 5, dtype=object)))) == 5


@pytest.mark.parametrize("call", [
    lambda df: overrun_summary(df, "methodology"),
    lambda df: factor_effects(df, "cost_overrun_pct", "methodology"),
    lambda df: stratified(df, "methodology", "budget", "cost_overrun_pct"),
])
def test_an_empty_level_is_refused_not_dropped(call):
    frame = DF.assign(methodology=[None] + list(DF["methodology"][1:]))
    with pytest.raises(ValueError, match=r"Column 'methodology' is empty for project P0001 "
                                         r"\(row 0\)"):
        call(frame)


@pytest.mark.parametrize("call", [lambda df: survivorship(df),
                                  lambda df: reference_class_forecast(df, 1e6)])
def test_an_empty_outcome_is_refused(call):
    with pytest.raises(ValueError, match=r"Column 'outcome' is empty for project P0001"):
        call(DF.assign(outcome=[None] + list(DF["outcome"][1:])))


def test_stratified_refuses_bands_that_hold_nothing_and_takes_numpy_edges():
    with pytest.raises(ValueError, match=r"team_size has no spread \(every project has 5\)"):
        stratified(DF.assign(team_size=5), "methodology", "team_size", "cost_overrun_pct")
    with pytest.raises(ValueError, match=r"No project falls inside the band edges \[1.0, 2.0, "
                                         r"3.0\] of budget"):
        stratified(DF, "methodology", "budget", "cost_overrun_pct", [1, 2, 3])
    edges = [0, 1e6, 1e7, 1e9]
    assert stratified(DF, "methodology", "budget", "cost_overrun_pct", np.array(edges)).table \
        .equals(stratified(DF, "methodology", "budget", "cost_overrun_pct", edges).table)


@pytest.mark.parametrize("peers, shown", [(5, "int 5"), ("ERP", "str 'ERP'")])
def test_peers_of_the_wrong_type_show_the_value(peers, shown):
    with pytest.raises(TypeError, match=rf"peers must be a dict of column -> value, got {shown}"):
        reference_class_forecast(DF, 1e6, peers=peers)


def test_a_forecast_that_overflows_is_refused():
    with pytest.raises(ValueError, match=r"Budget of the new project is too large: with an "
                                         r"uplift of \+\d+\.\d % the forecast overflows \(you "
                                         r"entered 1.7e\+308\)"):
        reference_class_forecast(DF, 1.7e308)
