"""implcourse.stakeholders.communication: channels n(n-1)/2, methods, channels by
phase, and the communication plan builder.

Published example: PMI, PMBOK Guide 5th ed. (2013), 10.1.2.1, p. 292 (6th ed. 10.1.2.2):
"a project with 10 stakeholders has 10(10 - 1)/2 = 45 potential communication channels".
Expected values elsewhere are recomputed independently (math.comb, the raw YAML files).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import table_rows
from implcourse import content
from implcourse.lifecycle import load_phases
from implcourse.rollout.comms import load_channels as rollout_channels
from implcourse.stakeholders.communication import (PLAN_FIELDS, NotWholeNumberError,
                                                   channel_growth, channel_phase_matrix,
                                                   channels_by_phase, channels_table,
                                                   communication_channels,
                                                   communication_methods, communication_plan,
                                                   communication_plan_markdown, frequencies,
                                                   sample_plan)

RAW = yaml.safe_load((content.datasets_dir() / "stakeholders" / "communication.yml")
                     .read_text(encoding="utf-8"))
ROLLOUT = yaml.safe_load((content.datasets_dir() / "rollout" / "channels.yml")
                         .read_text(encoding="utf-8"))
ALL_CHANNELS = {c["id"]: c["name"] for c in ROLLOUT["channels"] + RAW["channels"]}
METHOD_OF = {m["channel"]: m["method"] for m in RAW["channel_methods"]}
FREQUENCIES = {f["id"]: f["name"] for f in RAW["frequencies"]}
PHASES = {p.id: p.name for p in load_phases()}


# --------------------------------------------------------------------------
# n(n-1)/2
# --------------------------------------------------------------------------

def test_pmbok_example_ten_stakeholders_45_channels():
    """PMBOK Guide 5th ed., 10.1.2.1, p. 292: 10 stakeholders -> 45 channels."""
    assert communication_channels(10) == 45


@pytest.mark.parametrize("n, expected", [(1, 0), (2, 1), (3, 3), (5, 10), (8, 28), (30, 435)])
def test_small_teams_counted_by_hand(n, expected):
    """Pairs counted by listing them (1 person: none; 3 people: AB, AC, BC; ...)."""
    people = range(n)
    pairs = {(a, b) for a in people for b in people if a < b}
    assert len(pairs) == expected
    assert communication_channels(n) == expected


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 10_000))
def test_channels_are_pairs_and_each_newcomer_adds_n(n):
    """channels(n) = C(n, 2), and channels(n + 1) - channels(n) == n."""
    assert communication_channels(n) == math.comb(n, 2)
    assert communication_channels(n + 1) - communication_channels(n) == n
    assert isinstance(communication_channels(n), int)


@settings(max_examples=50, deadline=None)
@given(st.integers(1, 500))
def test_doubling_the_team_roughly_quadruples_the_channels(n):
    """Quadratic: channels(2n) / channels(n) = 2(2n-1)/(n-1) -> 4, never the 2^n of an
    exponential."""
    if n > 1:
        ratio = communication_channels(2 * n) / communication_channels(n)
        assert ratio == pytest.approx(2 * (2 * n - 1) / (n - 1))
        assert 4 < ratio <= 6


def test_whole_floats_are_accepted():
    assert communication_channels(4.0) == 6
    assert communication_channels(np.int64(6)) == 15


@pytest.mark.parametrize("bad", [3.5, 2.5, float("nan"), float("inf")])
def test_non_whole_numbers_refused_naming_the_field(bad):
    with pytest.raises(ValueError, match=r"Number of people \(n\) must be a whole number") as e:
        communication_channels(bad)
    assert isinstance(e.value, (TypeError, NotWholeNumberError))
    assert repr(bad) in str(e.value)


@pytest.mark.parametrize("bad", [True, False, "5", None, [5]])
def test_non_numbers_refused(bad):
    with pytest.raises(TypeError, match=r"Number of people \(n\)"):
        communication_channels(bad)


@pytest.mark.parametrize("bad", [0, -1, -10])
def test_fewer_than_one_person_refused(bad):
    with pytest.raises(ValueError, match=rf"Number of people \(n\) must be 1 or more.*{bad}"):
        communication_channels(bad)


def test_growth_table_is_quadratic_not_exponential():
    table = channel_growth(12)
    n = table.index.to_numpy()
    assert n.tolist() == list(range(1, 13))
    assert table["Channels"].tolist() == [math.comb(k, 2) for k in n]
    # first differences are n - 1; second differences are all 1: the mark of a quadratic
    assert table["Added by the last person"].tolist() == [k - 1 for k in n]
    assert set(np.diff(table["Added by the last person"].to_numpy())) == {1}
    ratios = table["Ratio to one fewer person"].to_numpy()
    assert np.isnan(ratios[:2]).all()
    assert np.all(np.diff(ratios[2:]) < 0) and np.all(ratios[2:] > 1)
    exp = table["2^n (exponential, for contrast)"].to_numpy()
    assert exp.tolist() == [2.0 ** k for k in n]
    assert np.all(exp[1:] / exp[:-1] == 2)


def test_growth_accepts_a_list_sorted_and_unique():
    table = channel_growth([10, 4, 10, 1])
    assert table.index.tolist() == [1, 4, 10]
    assert table.loc[10, "Channels"] == 45
    assert table.loc[4, "Ratio to one fewer person"] == pytest.approx(6 / 3)


@pytest.mark.parametrize("bad, kind, text", [
    ([], ValueError, "empty"), ("10", TypeError, "Team sizes"), ([3, 0], ValueError,
                                                                "Team size must be 1 or more"),
    ([2.5], ValueError, "Team size"), (0, ValueError, "Largest team size")])
def test_growth_bad_input(bad, kind, text):
    with pytest.raises(kind, match=text):
        channel_growth(bad)


# --------------------------------------------------------------------------
# Channels, methods, phases
# --------------------------------------------------------------------------

def test_lesson_03_channels_are_reused_and_three_added():
    table = channels_table()
    base = rollout_channels()
    assert table.index.tolist() == [c.id for c in base] + ["chat", "workshop", "dashboard"]
    for c in base:  # unchanged, read through implcourse.rollout.comms
        row = table.loc[c.id]
        assert (row["Channel"], row["Advantages"], row["Disadvantages"]) == \
            (c.name, c.advantages, c.disadvantages)
    assert set(table.loc[["chat", "workshop", "dashboard"], "Source"]) == {"added in lesson 07"}
    assert list(table.columns) == ["Channel", "Method", "When used", "Advantages",
                                   "Disadvantages", "Source"]


def test_every_channel_has_the_method_of_the_file():
    table = channels_table()
    assert set(METHOD_OF) == set(table.index)
    for ident, method in METHOD_OF.items():
        assert table.loc[ident, "Method"].lower() == method
    methods = communication_methods()
    assert sorted(methods.index) == ["Interactive", "Pull", "Push"]
    for name in methods.index:
        listed = methods.loc[name, "Channels"].split(", ")
        assert listed == [ALL_CHANNELS[c] for c in table.index if METHOD_OF[c] == name.lower()]


def test_pmbok_examples_of_each_method():
    """PMBOK 5th ed. 10.1.2.4: email is push, phone calls and video conferencing are
    interactive, repositories and intranet sites are pull."""
    assert METHOD_OF["email"] == "push"
    assert METHOD_OF["phone"] == METHOD_OF["video"] == "interactive"
    assert METHOD_OF["pm_software"] == "pull"


def test_channels_by_phase_follows_the_lifecycle_and_the_file():
    table = channels_by_phase()
    assert table["Phase"].tolist() == list(PHASES.values())
    for row, fit in zip(table.itertuples(), RAW["phase_fit"]):
        assert row.Channels.split(", ") == [ALL_CHANNELS[c] for c in fit["channels"]]
        assert set(row.Methods.split(", ")) == {METHOD_OF[c].capitalize() for c in fit["channels"]}
    matrix = channel_phase_matrix()
    assert matrix.index.tolist() == list(PHASES.values())
    assert matrix.columns.tolist() == list(ALL_CHANNELS.values())
    for fit in RAW["phase_fit"]:
        wanted = {ALL_CHANNELS[c] for c in fit["channels"]}
        row = matrix.loc[PHASES[fit["phase"]]]
        assert {c for c in matrix.columns if row[c]} == wanted
    # every channel is used somewhere, and every phase has an interactive channel
    assert matrix.any(axis=0).all()
    for fit in RAW["phase_fit"]:
        assert any(METHOD_OF[c] == "interactive" for c in fit["channels"])


def test_seed_table_phases_respected():
    """Seed 001: email and project-management software suit all phases; phone calls suit
    initiation; video conferencing suits training."""
    matrix = channel_phase_matrix()
    assert matrix["Email"].sum() >= 6
    assert matrix.loc["Initiation and planning", "Phone call"]
    assert matrix.loc["Training and documentation", "Video conference"]


# --------------------------------------------------------------------------
# The plan builder
# --------------------------------------------------------------------------

def _row(**changes):
    row = {"stakeholder": "Finance key users", "message": "Weekly status",
           "channel": "email", "frequency": "weekly", "owner": "Client project manager",
           "phase": "testing"}
    row.update(changes)
    return row


CHANNEL_KEYS = list(ALL_CHANNELS) + list(ALL_CHANNELS.values())
PHASE_KEYS = list(PHASES) + list(PHASES.values())
FREQ_KEYS = list(FREQUENCIES) + list(FREQUENCIES.values())


def _id_of(key, names):
    return key if key in names else next(i for i, n in names.items() if n == key)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(CHANNEL_KEYS), st.sampled_from(FREQ_KEYS),
                          st.sampled_from(PHASE_KEYS), st.booleans()), min_size=1, max_size=6))
def test_plan_rows_are_named_and_tagged(rows):
    given_rows = []
    for n, (channel, freq, phase, upper) in enumerate(rows):
        given_rows.append(_row(stakeholder=f"S{n}", channel=channel.upper() if upper else channel,
                               frequency=freq, phase=phase))
    plan = communication_plan(given_rows)
    assert plan.index.tolist() == list(range(1, len(rows) + 1))
    assert list(plan.columns) == ["Stakeholder", "Message", "Channel", "Method", "Frequency",
                                  "Owner", "Phase"]
    for (channel, freq, phase, _), out in zip(rows, plan.itertuples()):
        cid = _id_of(channel, ALL_CHANNELS)
        assert out.Channel == ALL_CHANNELS[cid]
        assert out.Method == METHOD_OF[cid].capitalize()
        assert out.Frequency == FREQUENCIES[_id_of(freq, FREQUENCIES)]
        assert out.Phase == PHASES[_id_of(phase, PHASES)]


def test_plan_accepts_a_dataframe():
    frame = pd.DataFrame([_row(), _row(channel="chat", frequency="daily")])
    assert communication_plan(frame)["Channel"].tolist() == ["Email", "Team chat"]


@pytest.mark.parametrize("changes, kind, text", [
    ({"channel": "fax"}, ValueError,
     r"Row 2: Channel 'fax' is not a known channel; choose from 'email'"),
    ({"frequency": "hourly"}, ValueError, r"Row 2: Frequency 'hourly' is not a known frequency"),
    ({"phase": "closing"}, ValueError,
     r"Row 2: Phase 'closing' is not a known phase; choose from 'initiation'"),
    ({"phase": 3}, TypeError, r"Row 2: Phase must be text"),
    ({"owner": "  "}, ValueError, r"Row 2: Owner is empty"),
    ({"stakeholder": None}, TypeError, r"Row 2: Stakeholder must be text"),
    ({"channel": ""}, ValueError, r"Row 2: Channel is empty"),
    ({"audience": "x"}, ValueError,
     r"Row 2: unknown field\(s\) 'audience'; the fields are stakeholder"),
])
def test_bad_rows_name_the_row_and_field(changes, kind, text):
    with pytest.raises(kind, match=text):
        communication_plan([_row(), _row(**changes)])


def test_missing_fields_are_named():
    row = _row()
    del row["owner"], row["phase"]
    with pytest.raises(ValueError, match=r"Row 1: missing field\(s\) 'owner', 'phase'"):
        communication_plan([row])


@pytest.mark.parametrize("bad, kind", [([], ValueError), ("plan", TypeError),
                                       ({"a": 1}, TypeError), ([["email"]], TypeError)])
def test_plan_must_be_rows(bad, kind):
    with pytest.raises(kind):
        communication_plan(bad)


def test_markdown_has_one_line_per_row_and_escapes_pipes():
    plan = communication_plan([_row(message="Status | risks"), _row()])
    text = communication_plan_markdown(plan)
    assert text.splitlines()[0] == ("| Stakeholder | Message | Channel | Method | Frequency "
                                    "| Owner | Phase |")
    assert table_rows(text)[1] == [str(v) for v in plan.iloc[1]]
    assert len(text.splitlines()) == 2 + len(plan)
    assert "Status \\| risks" in text
    assert communication_plan_markdown([_row()]) == communication_plan_markdown(
        communication_plan([_row()]))


def test_sample_plan_is_valid_and_covers_every_phase():
    plan = sample_plan()
    raw = yaml.safe_load((content.datasets_dir() / "stakeholders" / "communication_plan.yml")
                         .read_text(encoding="utf-8"))["rows"]
    assert len(plan) == len(raw)
    assert set(plan["Phase"]) == set(PHASES.values())
    assert plan["Stakeholder"].tolist() == [r["stakeholder"] for r in raw]
    assert set(raw[0]) == set(PLAN_FIELDS)
    assert frequencies() == FREQUENCIES


def test_a_malformed_file_is_refused_naming_the_field(tmp_path):
    from implcourse.content import ContentError
    from implcourse.stakeholders.communication import _load

    broken = dict(RAW)
    broken["phase_fit"] = [dict(f) for f in RAW["phase_fit"]]
    broken["phase_fit"][2]["channels"] = ["email", "pigeon"]
    path = tmp_path / "communication.yml"
    path.write_text(yaml.safe_dump(broken), encoding="utf-8")
    with pytest.raises(ContentError,
                       match=r"phase_fit\[2\].*channels\[1\].*unknown channel 'pigeon'"):
        _load(path)


# --------------------------------------------------------------------------
# Regression: bad inputs found by a battery of probes
# --------------------------------------------------------------------------

@pytest.mark.parametrize("sizes, label", [(5000, "Largest team size"), ([5000], "Team size"),
                                          ([1e300], "Team size")])
def test_growth_table_refuses_huge_team_sizes_instead_of_overflowing(sizes, label):
    with pytest.raises(ValueError, match=f"{label} must be at most 1000 for the growth table"):
        channel_growth(sizes)
    assert len(channel_growth(1000)) == 1000


def test_a_plan_field_given_twice_by_case_is_refused():
    row = {"stakeholder": "Sponsor", "Stakeholder": "CFO", "message": "Status",
           "channel": "video", "frequency": "monthly", "owner": "PM", "phase": "initiation"}
    with pytest.raises(ValueError, match=r"Row 1: the field 'stakeholder' is given twice "
                                         r"\(as 'stakeholder' and 'Stakeholder'\)"):
        communication_plan([row])


def test_markdown_checks_a_table_shaped_like_a_plan():
    columns = ["Stakeholder", "Message", "Channel", "Method", "Frequency", "Owner", "Phase"]
    with pytest.raises(ValueError, match="The plan is empty"):
        communication_plan_markdown(pd.DataFrame(columns=columns))
    bad = pd.DataFrame([["Sponsor", "Status", "Fax", "Push", "Monthly", "PM",
                         "Initiation and planning"]], columns=columns)
    with pytest.raises(ValueError, match="Row 1: Channel 'Fax' is not a known channel"):
        communication_plan_markdown(bad)
    plan = sample_plan()
    assert communication_plan_markdown(plan).count("\n") == len(plan) + 1


@pytest.mark.parametrize("sizes", [-1, {1, 2}, None, [0], "5"])
def test_channel_growth_names_the_parameter(sizes):
    from implcourse.stakeholders.communication import channel_growth

    with pytest.raises((TypeError, ValueError), match=r"\(parameter sizes\)"):
        channel_growth(sizes)
