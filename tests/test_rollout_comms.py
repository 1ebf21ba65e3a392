"""implcourse.rollout.comms: the communication plan before, during and after an upgrade."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import table_rows
from implcourse import content
from implcourse.rollout.comms import (channels_table, communication_plan,
                                      communication_plan_markdown, load_audiences,
                                      load_channels, load_phases)

FILE = content.datasets_dir() / "rollout" / "channels.yml"
RAW = yaml.safe_load(FILE.read_text(encoding="utf-8"))
PHASES = [p["id"] for p in RAW["phases"]]
AUDIENCES = [a["id"] for a in RAW["audiences"]]
CHANNELS = [c["id"] for c in RAW["channels"]]
NAMES = {k: {i["id"]: i["name"] for i in RAW[k]} for k in ("phases", "audiences", "channels")}


def test_the_seeds_channel_table_and_the_additions():
    """Seed 001's table has email, phone calls, project-management software and video
    conferencing; the course adds in-app notices and status pages."""
    seed = [c.id for c in load_channels() if c.from_seed]
    assert seed == ["email", "phone", "pm_software", "video"]
    assert {"in_app", "status_page"} <= {c.id for c in load_channels()}
    table = channels_table()
    assert list(table.columns) == ["When used", "Advantages", "Disadvantages", "Source"]
    assert list(table.index) == [c["name"] for c in RAW["channels"]]
    assert [p.id for p in load_phases()] == ["before", "during", "after"]
    assert [a.id for a in load_audiences()] == AUDIENCES


def test_every_phase_reaches_end_users_and_management():
    plan = communication_plan()
    for phase in PHASES:
        part = plan[plan["Phase"] == NAMES["phases"][phase]]
        assert {"End users", "Sponsor and management"} <= set(part["Audience"])


@settings(max_examples=60, deadline=None)
@given(st.none() | st.lists(st.sampled_from(AUDIENCES), min_size=1, unique=True),
       st.none() | st.lists(st.sampled_from(PHASES), min_size=1, unique=True),
       st.none() | st.lists(st.sampled_from(CHANNELS), min_size=1, unique=True))
def test_filters_agree_with_the_raw_file(audiences, phases, channels):
    plan = communication_plan(audiences, phases, channels)
    expected = []
    for phase in PHASES:
        for m in RAW["messages"]:
            if m["phase"] != phase:
                continue
            if audiences and m["audience"] not in audiences:
                continue
            if phases and m["phase"] not in phases:
                continue
            used = [c for c in m["channels"] if not channels or c in channels]
            if used:
                expected.append([NAMES["phases"][m["phase"]], NAMES["audiences"][m["audience"]],
                                 m["when"], m["message"],
                                 ", ".join(NAMES["channels"][c] for c in used), m["owner"]])
    assert plan.values.tolist() == expected
    assert list(plan.columns) == ["Phase", "Audience", "When", "Message", "Channels", "Owner"]
    rows = table_rows(communication_plan_markdown(audiences, phases, channels))
    assert rows == [[str(v) for v in row] for row in expected]


def test_names_are_accepted_and_unknown_ones_refused():
    by_name = communication_plan(audiences=["End users"], phases=["During the upgrade"],
                                 channels=["STATUS PAGE"])
    by_id = communication_plan(audiences=["end_users"], phases=["during"],
                               channels=["status_page"])
    assert by_name.equals(by_id)
    assert communication_plan(audiences="customers").equals(
        communication_plan(audiences=["customers"]))
    with pytest.raises(ValueError, match=r"Unknown audience 'auditors'; choose from "
                                         r"'end_users'"):
        communication_plan(audiences=["auditors"])
    with pytest.raises(ValueError, match=r"Unknown phase 'someday'; choose from 'before'"):
        communication_plan(phases=["someday"])
    with pytest.raises(ValueError, match=r"Unknown channel 'fax'; choose from 'email'"):
        communication_plan_markdown(channels=["fax"])
    with pytest.raises(TypeError, match=r"Channels must be a list of names"):
        communication_plan(channels=[3])
    with pytest.raises(ValueError, match=r"Choose at least one of the phases"):
        communication_plan(phases=[])


def test_no_match_gives_an_empty_table_with_its_columns():
    plan = communication_plan(audiences=["customers"], channels=["phone"])
    assert plan.empty and list(plan.columns)[0] == "Phase"
    text = communication_plan_markdown(audiences=["customers"], channels=["phone"])
    assert text.splitlines() == ["| Phase | Audience | When | Message | Channels | Owner |",
                                 "| --- | --- | --- | --- | --- | --- |"]


def test_markdown_escapes_pipes_and_unknown_ids_in_the_file_are_refused(write):
    text = FILE.read_text(encoding="utf-8").replace(
        "Service unavailable, then service restored", "Service down | then restored")
    path = write("channels.yml", text)
    md = communication_plan_markdown(audiences=["customers"], phases=["during"], name=path)
    assert "Service down \\| then restored" in md
    bad = write("bad.yml", FILE.read_text(encoding="utf-8").replace(
        "channels: [status_page],", "channels: [pigeon],"))
    with pytest.raises(content.ContentError, match=r"unknown channel 'pigeon'"):
        communication_plan(name=bad)
