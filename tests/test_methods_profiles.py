"""Lesson 02's method profiles, vendor methods and comparison table
(implcourse.methods.profiles).

Facts are checked against the primary sources they come from (named in each
test); table cells are rebuilt independently from the raw YAML files.
"""

from __future__ import annotations

import pytest
import yaml

from implcourse import content
from implcourse.methods.profiles import (CRITERIA, comparison_table, get_profile,
                                         get_vendor_method, load_profiles,
                                         load_vendor_methods, vendor_phase_table)

DATA = content.datasets_dir()
RAW = yaml.safe_load((DATA / "methods" / "profiles.yml").read_text(encoding="utf-8"))
RAW_METHODS = {m["id"]: m for m in RAW["methods"]}
RAW_VENDORS = yaml.safe_load((DATA / "methods" / "vendor_methods.yml")
                             .read_text(encoding="utf-8"))["vendor_methods"]
RAW_PHASES = yaml.safe_load((DATA / "lifecycle" / "phases.yml")
                            .read_text(encoding="utf-8"))["phases"]
PHASE_IDS = [p["id"] for p in RAW_PHASES]


def joined(value) -> str:
    return "; ".join(value) if isinstance(value, list) else str(value)


def test_profiles_cover_the_issue_and_every_criterion():
    profiles = load_profiles()
    assert [p.id for p in profiles] == list(RAW_METHODS)
    assert {"waterfall", "v_model", "agile", "scrum", "kanban", "hybrid"} <= set(RAW_METHODS)
    for p in profiles:
        for criterion in CRITERIA:
            assert getattr(p, criterion), (p.id, criterion)
        assert p.sources


def test_scrum_follows_the_scrum_guide_2020():
    """Schwaber & Sutherland, The Scrum Guide, November 2020 (scrumguides.org):
    three accountabilities, the Sprint as container of four events, three
    artefacts each with one commitment; Scrum is a framework."""
    scrum = get_profile("scrum")
    assert (scrum.kind, scrum.family, scrum.member_of) == ("framework", "agile", "agile")
    roles = " ".join(scrum.roles)
    for accountability in ("Product Owner", "Scrum Master", "Developers"):
        assert accountability in roles
    assert "Development Team" not in roles  # the 2017 term, gone in 2020
    # The entire Scrum Team, not the Developers alone, is accountable for a valuable,
    # useful Increment every Sprint; the Developers for their plan (the Sprint Backlog),
    # quality through the Definition of Done, adapting daily and holding each other
    # accountable as professionals ("Scrum Team" and "Developers", 2020).
    developers = next(r for r in scrum.roles if r.startswith("Developers"))
    assert "Increment" not in developers
    for duty in ("Sprint Backlog", "Definition of Done", "each day", "as professionals"):
        assert duty in developers, duty
    assert "whole Scrum Team's accountability" in scrum.summary
    events = [e.split(",")[0] for e in scrum.cadence]
    assert events == ["The Sprint", "Sprint Planning", "Daily Scrum", "Sprint Review",
                      "Sprint Retrospective"]
    assert "container" in scrum.cadence[0]
    pairs = [("Product Backlog", "Product Goal"), ("Sprint Backlog", "Sprint Goal"),
             ("Increment", "Definition of Done")]
    for (artefact, commitment), text, listed in zip(pairs, scrum.artefacts, scrum.commitments):
        assert text.startswith(artefact) and commitment in text
        assert listed.startswith(commitment)
    measures = " ".join(scrum.progress_measures).lower()
    for measure in ("velocity", "burndown", "burnup"):
        assert measure in measures


def test_kanban_follows_the_kanban_guide():
    """The Kanban Guide (May 2025, kanbanguides.org; same in December 2020):
    four flow metrics (WIP, throughput, work item age, cycle time) and the
    Definition of Workflow visualised on a Kanban board; no prescribed roles."""
    kanban = get_profile("kanban")
    assert kanban.member_of == "agile"
    names = [m.split(" (")[0] for m in kanban.progress_measures]
    assert names[:4] == ["WIP", "Throughput", "Work item age", "Cycle time"]
    assert any("cumulative flow" in m.lower() for m in kanban.progress_measures)
    assert any("Definition of Workflow" in a for a in kanban.artefacts)
    assert any("Kanban board" in a for a in kanban.artefacts)
    assert "no prescribed roles" in kanban.roles[0].lower()
    assert {s for s in kanban.sources} >= {"kanban_guide_2025"}


def test_agile_family_holds_the_manifesto():
    """Manifesto for Agile Software Development (agilemanifesto.org, 2001):
    four values, twelve principles; Scrum and Kanban are members, not peers."""
    agile = get_profile("agile")
    assert len(agile.values) == 4
    assert len(agile.principles) == 12
    assert agile.values_note
    members = [p.id for p in load_profiles() if p.member_of == "agile"]
    assert members == ["scrum", "kanban"]
    assert "manifesto_2001" in agile.sources


def test_predictive_profiles_measure_milestones_and_earned_value():
    for method in ("waterfall", "v_model"):
        measures = " ".join(get_profile(method).progress_measures).lower()
        assert "milestone" in measures and "earned value" in measures


def test_v_model_pairs_lesson_01_test_levels():
    """Every test level of lesson 01's testing phase appears once on the V's right arm."""
    testing = next(p for p in RAW_PHASES if p["id"] == "testing")
    stages = [s["name"] for s in testing["stages"]]
    levels = [pair.test_level for pair in get_profile("v_model").v_pairs]
    assert sorted(levels) == sorted(stages)


def test_comparison_table_default_is_every_criterion_by_every_method():
    table = comparison_table()
    assert list(table.index) == list(CRITERIA.values())
    assert list(table.columns) == [m["name"] for m in RAW["methods"]]
    for mid, raw in RAW_METHODS.items():
        for key, label in CRITERIA.items():
            assert table.loc[label, raw["name"]] == joined(raw[key]), (mid, key)


@pytest.mark.parametrize("pivot", ["criterion", "method"])
def test_comparison_table_filters_in_the_order_given(pivot):
    table = comparison_table(criteria=["Strengths", "roles"], methods=["KANBAN", "waterfall"],
                             pivot=pivot)
    rows = ["Strengths", "Roles or accountabilities"]
    cols = ["Kanban", "Waterfall (sequential)"]
    if pivot == "method":
        rows, cols = cols, rows
    assert list(table.index) == rows and list(table.columns) == cols
    cell = table.loc["Strengths", "Kanban"] if pivot == "criterion" else table.loc["Kanban",
                                                                                    "Strengths"]
    assert cell == "; ".join(RAW_METHODS["kanban"]["strengths"])


def test_comparison_table_single_names_and_duplicates():
    table = comparison_table("kind", "scrum")
    assert table.shape == (1, 1) and table.iloc[0, 0] == "framework"
    assert comparison_table(["kind", "Kind"], ["scrum", "Scrum"]).shape == (1, 1)


@pytest.mark.parametrize("kwargs, message", [
    ({"criteria": ["cost"]}, "Unknown criterion 'cost'; known: family, kind"),
    ({"methods": ["prince2"]}, "Unknown method 'prince2'; known: waterfall, v_model, agile"),
    ({"methods": []}, "methods must name at least one"),
    ({"pivot": "row"}, "pivot must be one of 'criterion', 'method'; got 'row'"),
])
def test_comparison_table_refuses_unknown_names(kwargs, message):
    with pytest.raises(ValueError, match=message):
        comparison_table(**kwargs)


@pytest.mark.parametrize("kwargs", [{"criteria": 3}, {"methods": [None]}, {"pivot": 1}])
def test_comparison_table_refuses_wrong_types(kwargs):
    with pytest.raises(TypeError):
        comparison_table(**kwargs)


def test_get_profile_by_name_and_unknown():
    assert get_profile("Hybrid patterns").id == "hybrid"
    with pytest.raises(ValueError, match="'waterfall', 'v_model'"):
        get_profile("xp")
    with pytest.raises(TypeError):
        get_profile(7)


# --------------------------------------------------------------------------
# Vendor methods
# --------------------------------------------------------------------------

@pytest.mark.parametrize("vendor, phases", [
    # SAP Learning, "Analyzing each phase of SAP Activate" (learning.sap.com).
    ("sap_activate", ["Discover", "Prepare", "Explore", "Realize", "Deploy", "Run"]),
    # Oracle white paper "Oracle Unified Method (OUM)", January 2015, "Project Phases for Control".
    ("oracle_oum", ["Inception", "Elaboration", "Construction", "Transition", "Production"]),
])
def test_vendor_phase_lists(vendor, phases):
    method = get_vendor_method(vendor)
    assert [p.name for p in method.phases] == phases
    assert method.verified and method.verification and method.sources


def test_success_by_design_phases():
    """Microsoft Learn, Dynamics 365 implementation guide, "Success by Design":
    four methodology-agnostic phases Initiate, Implement, Prepare, Operate,
    with a Strategize phase added before Initiate later."""
    method = get_vendor_method("Success by Design (Microsoft Dynamics 365)")
    names = [p.name for p in method.phases]
    assert names == ["Strategize", "Initiate", "Implement", "Prepare", "Operate"]
    assert "methodology-agnostic" in method.verification
    assert "Strategize" in method.verification


def test_sap_activate_blends_gates_and_sprints():
    sap = get_vendor_method("sap_activate")
    assert any("fit-to-standard" in p.lower() for p in sap.key_practices)
    assert "quality gate" in sap.blend.lower() and "sprint" in sap.blend.lower()
    explore = next(p for p in sap.phases if p.name == "Explore")
    assert "fit-to-standard" in explore.summary.lower()
    for method in load_vendor_methods():
        assert method.blend


@pytest.mark.parametrize("raw", RAW_VENDORS, ids=[v["id"] for v in RAW_VENDORS])
def test_vendor_phases_cover_the_lifecycle_in_order(raw):
    """Every lesson 01 phase is held by some vendor phase, and the vendor
    phases start no earlier in the lifecycle than the one before them."""
    covered = {pid for phase in raw["phases"] for pid in phase["lesson_phases"]}
    assert covered == set(PHASE_IDS)
    starts = [min(PHASE_IDS.index(pid) for pid in phase["lesson_phases"])
              for phase in raw["phases"]]
    assert starts == sorted(starts)
    for source in raw["sources"]:
        assert source["url"].startswith("https://")


def test_vendor_phase_table_matches_the_file():
    for raw in RAW_VENDORS:
        table = vendor_phase_table(raw["id"])
        assert list(table.columns) == [p["name"] for p in RAW_PHASES]
        assert list(table.index) == [p["name"] for p in raw["phases"]]
        for phase in raw["phases"]:
            marked = [PHASE_IDS[i] for i, cell in enumerate(table.loc[phase["name"]])
                      if cell == "Yes"]
            assert marked == [pid for pid in PHASE_IDS if pid in phase["lesson_phases"]]


# --------------------------------------------------------------------------
# Malformed files
# --------------------------------------------------------------------------

def _write(tmp_path, name, data):
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def test_profile_loader_names_the_bad_field(tmp_path):
    bad = {"methods": [dict(RAW_METHODS["scrum"], member_of="waterfall")],
           "sources": RAW["sources"]}
    with pytest.raises(content.ContentError, match=r"entry 1 \(id 'scrum'\).*member_of"):
        load_profiles(_write(tmp_path, "a.yml", bad))
    vmodel = dict(RAW_METHODS["v_model"])
    vmodel["v_pairs"] = [{"specification": "x", "test_level": "System testing"}]
    with pytest.raises(content.ContentError, match=r"v_pairs\[0\]\.test_level.*System testing"):
        load_profiles(_write(tmp_path, "b.yml", {"methods": [vmodel], "sources": RAW["sources"]}))
    unknown_source = dict(RAW_METHODS["kanban"], sources=["nowhere"])
    with pytest.raises(content.ContentError, match=r"sources\[0\].*unknown source 'nowhere'"):
        load_profiles(_write(tmp_path, "c.yml", {"methods": [unknown_source],
                                                 "sources": RAW["sources"]}))


def test_vendor_loader_refuses_unknown_lesson_phase(tmp_path):
    vendor = yaml.safe_load(yaml.safe_dump(RAW_VENDORS[0]))
    vendor["phases"][1]["lesson_phases"] = ["initiation", "golive"]
    with pytest.raises(content.ContentError,
                       match=r"phases\[1\]\.lesson_phases\[1\].*unknown lesson phase 'golive'"):
        load_vendor_methods(_write(tmp_path, "v.yml", {"vendor_methods": [vendor]}))
