"""RAG thresholds and the KPI dashboard of implcourse.metrics.dashboard.

The dashboard's values are recomputed here independently from the raw CSV
and YAML files (csv module and plain arithmetic, not the package's KPI
functions), so that the dashboard cannot pass by agreeing with itself.
"""

from __future__ import annotations

import csv
import datetime as dt

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from implcourse import content
from implcourse.metrics.dashboard import (RAG, Threshold, dashboard_values, kpi_dashboard,
                                          load_context, load_thresholds, project_budget, rag)

DATA = content.datasets_dir() / "metrics"


def rows(name):
    with (DATA / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def raw_yaml(name):
    return yaml.safe_load((DATA / name).read_text(encoding="utf-8"))


def parse(text):
    return dt.datetime.fromisoformat(text)


@given(st.floats(-1e6, 1e6), st.floats(-1e3, 1e3), st.floats(0.001, 1e3), st.booleans())
def test_rag_against_the_stated_rule(value, amber, gap, higher):
    green = amber + gap if higher else amber - gap
    status = rag(value, green, amber, higher)
    if higher:
        expected = "green" if value >= green else "amber" if value >= amber else "red"
    else:
        expected = "green" if value <= green else "amber" if value <= amber else "red"
    assert status == expected and status in RAG


def test_rag_boundaries_take_the_better_colour():
    assert rag(90, 90, 80) == "green" and rag(80, 90, 80) == "amber"
    assert rag(24, 24, 48, higher_is_better=False) == "green"
    assert rag(48, 24, 48, higher_is_better=False) == "amber"
    assert rag(48.01, 24, 48, higher_is_better=False) == "red"


@pytest.mark.parametrize("args, error, pattern", [
    ((5, 80, 90), ValueError, r"green threshold \(80\) must be stricter than the amber one \(90\)"),
    ((5, 80, 80), ValueError, r"must be stricter"),
    ((5, 90, 80, False), ValueError, r"lower, since lower values are better"),
    ((float("nan"), 90, 80), ValueError, r"Value must be a finite number"),
    ((True, 90, 80), TypeError, r"Value must be a number"),
    ((5, 90, 80, 1), TypeError, r"higher_is_better must be True or False"),
])
def test_rag_errors(args, error, pattern):
    with pytest.raises(error, match=pattern):
        rag(*args)


def test_thresholds_file_is_validated_naming_the_kpi(write):
    assert list(load_thresholds()) == [t["id"] for t in raw_yaml("thresholds.yml")["thresholds"]]
    path = write("t.yml", "thresholds:\n  - id: nps\n    label: NPS\n    unit: score\n"
                          "    higher_is_better: true\n    green: 0\n    amber: 30\n")
    with pytest.raises(ValueError, match=r"NPS: The green threshold \(0\) must be stricter"):
        load_thresholds(str(path))


def independent_values():
    ctx = raw_yaml("crm_context.yml")
    status = ctx["status_date"]
    # on-time delivery
    due = [r for r in rows("milestones.csv") if dt.date.fromisoformat(r["planned"]) <= status]
    met = [r for r in due if r["actual"] and r["actual"] <= r["planned"]]
    # budget: business case one-off lines x share due
    case = yaml.safe_load((content.datasets_dir() / "business_cases" / "crm_rollout.yml")
                          .read_text(encoding="utf-8"))
    budget = sum(case["costs"][c][y] * s for c in ctx["budget"]["categories"]
                 for y, s in ctx["budget"]["share_due"].items())
    actual = sum(float(r["actual"]) for r in rows("project_costs.csv"))
    # availability: minutes of outage inside the window
    w0, w1 = parse(str(ctx["service_window"]["start"])), parse(str(ctx["service_window"]["end"]))
    down = sum(max(0.0, (min(parse(r["end"]), w1) - max(parse(r["start"]), w0)).total_seconds())
               for r in rows("outages.csv")) / 60
    window = (w1 - w0).total_seconds() / 60
    # incidents
    inc = rows("incidents.csv")
    hours = [(parse(r["resolved"]) - parse(r["opened"])).total_seconds() / 3600
             for r in inc if r["resolved"]]
    open_now = sum(1 for r in inc if not r["resolved"])
    adoption = rows("adoption.csv")[-1]
    survey = rows("survey.csv")
    c = [int(r["csat"]) for r in survey]
    n = [int(r["nps"]) for r in survey]
    return {
        "on_time_delivery": 100 * len(met) / len(due),
        "budget_variance": 100 * (actual - budget) / budget,
        "availability": 100 * (window - down) / window,
        "open_defects": open_now,
        "mttr": sum(hours) / len(hours),
        "adoption": 100 * int(adoption["active"]) / int(adoption["intended"]),
        "csat": 100 * sum(x >= 4 for x in c) / len(c),
        "nps": 100 * (sum(x >= 9 for x in n) - sum(x <= 6 for x in n)) / len(n),
    }


def test_dashboard_values_match_an_independent_computation():
    values = dashboard_values()
    expected = independent_values()
    assert set(values) == set(expected)
    for kpi, value in expected.items():
        assert values[kpi] == pytest.approx(value), kpi
    assert project_budget() == pytest.approx(245_000)


def test_the_story_is_coherent():
    """The dashboard belongs to lesson 05's CRM case; its status date follows go-live."""
    ctx = load_context()
    assert ctx.case == "crm_rollout" and ctx.go_live < ctx.status_date
    statuses = set(kpi_dashboard()["status"])
    assert statuses == {"green", "amber", "red"}, "the story should show every colour"


def test_kpi_dashboard_table():
    table = kpi_dashboard()
    thresholds = load_thresholds()
    values = dashboard_values()
    assert table["kpi"].tolist() == list(thresholds)
    for row in table.itertuples():
        t = thresholds[row.kpi]
        assert row.status == rag(values[row.kpi], t.green, t.amber, t.higher_is_better)
        assert (row.green, row.amber, row.unit, row.label) == (t.green, t.amber, t.unit, t.label)


def test_overrides_of_values_and_thresholds():
    t = kpi_dashboard(values={"nps": -10}, thresholds={"csat": {"green": 75, "amber": 60}})
    by = t.set_index("kpi")
    assert by.loc["nps", "status"] == "red" and by.loc["nps", "value"] == -10
    assert by.loc["csat", "status"] == "green" and by.loc["csat", "green"] == 75
    custom = Threshold(id="mttr", label="MTTR", unit="hours", higher_is_better=False,
                       green=30, amber=40)
    assert kpi_dashboard(thresholds={"mttr": custom}).set_index("kpi").loc["mttr", "status"] \
        == "green"
    # The defaults are untouched by an override.
    assert load_thresholds()["csat"].green == 80


@pytest.mark.parametrize("kwargs, error, pattern", [
    ({"values": {"speed": 3}}, ValueError, r"Unknown KPI 'speed' in values; known: on_time_delivery"),
    ({"values": {"nps": "high"}}, TypeError, r"NPS must be a number"),
    ({"thresholds": {"nps": {"red": 1}}}, ValueError,
     r"Unknown key 'red' in thresholds\['nps'\]; known: green, amber, higher_is_better"),
    ({"thresholds": {"speed": {"green": 1}}}, ValueError, r"Unknown KPI 'speed' in thresholds"),
    ({"thresholds": {"mttr": {"green": 50}}}, ValueError,
     r"Mean time to restore: The green threshold \(50\) must be stricter than the amber one \(48\)"),
    ({"thresholds": {"nps": {"green": float("inf")}}}, ValueError, r"NPS \(green threshold\) must be a finite"),
    ({"thresholds": [1]}, TypeError, r"thresholds must be a dict"),
])
def test_dashboard_errors(kwargs, error, pattern):
    with pytest.raises(error, match=pattern):
        kpi_dashboard(**kwargs)


def test_values_are_cached_and_copied():
    first = dashboard_values()
    first["nps"] = 999
    assert dashboard_values()["nps"] != 999


def test_budget_variance_is_judged_either_way():
    """An underspend is a variance too (review finding): a 30 % underspend is red,
    not green, on the default thresholds, while the sign-blind rule leaves
    other lower-is-better KPIs alone."""
    table = kpi_dashboard(values={"budget_variance": -30.0}).set_index("kpi")
    assert table.loc["budget_variance", "status"] == "red"
    table = kpi_dashboard(values={"budget_variance": -3.0}).set_index("kpi")
    assert table.loc["budget_variance", "status"] == "green"
    assert rag(-30, 5, 10, higher_is_better=False) == "green"   # one-sided rule
    with pytest.raises(ValueError, match="higher_is_better"):
        rag(1, 10, 5, higher_is_better=True, either_way=True)
    with pytest.raises(ValueError, match="Budget variance is judged either way"):
        kpi_dashboard(thresholds={"budget_variance": {"higher_is_better": True, "green": 10,
                                                      "amber": 5}})


# -- bad input found by probing (regressions) --------------------------------------------

@pytest.mark.parametrize("kwargs, pattern", [
    ({"values": 5}, r"values must be a dict of KPI id -> value, got int 5"),
    ({"values": "abc"}, r"values must be a dict of KPI id -> value, got str 'abc'"),
    ({"thresholds": 5}, r"thresholds must be a dict of KPI id -> thresholds, got int 5"),
    ({"thresholds": {"availability": 5}},
     r"thresholds\['availability'\] must be a dict with green and amber, got int 5"),
])
def test_a_wrong_type_shows_the_value(kwargs, pattern):
    with pytest.raises(TypeError, match=pattern):
        kpi_dashboard(**kwargs)


def test_rag_takes_the_flags_of_a_dataframe_row():
    import numpy as np

    row = kpi_dashboard().set_index("kpi").loc["mttr"]
    assert isinstance(row["higher_is_better"], np.bool_)
    assert rag(row["value"], row["green"], row["amber"], row["higher_is_better"]) == row["status"]
    assert rag(-30, 5, 10, np.False_, either_way=np.True_) == "red"
    with pytest.raises(TypeError, match=r"higher_is_better must be True or False, got 1"):
        rag(5, 90, 80, 1)


def test_a_trainers_thresholds_given_as_a_relative_path_are_theirs(tmp_path, monkeypatch):
    """A relative Path is the trainer's file, even when it has a course dataset's name."""
    from pathlib import Path

    from implcourse.content import datasets_dir
    from implcourse.metrics.dashboard import load_thresholds

    own = tmp_path / "metrics" / "thresholds.yml"
    own.parent.mkdir()
    text = (datasets_dir() / "metrics" / "thresholds.yml").read_text(encoding="utf-8")
    course = load_thresholds()["availability"].green
    changed = text.replace(f"green: {course:g}", "green: 99.95", 1)
    assert changed != text
    own.write_text(changed, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert load_thresholds(Path("metrics/thresholds.yml"))["availability"].green == 99.95
    assert load_thresholds("metrics/thresholds.yml")["availability"].green == course
