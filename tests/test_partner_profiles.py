"""Lesson 08's partner profiles: the five types on six aspects, and what a partner does."""

from __future__ import annotations

import shutil

import pytest

from implcourse.content import ContentError, datasets_dir
from implcourse.lifecycle import phase_ids
from implcourse.partners import profiles
from implcourse.partners.profiles import (aspect_ids, aspects, capabilities, comparison_table,
                                          get_aspect, get_partner_type, partner_ids,
                                          partner_types, process_stages, process_table,
                                          ratings_matrix, when_to_use)


def test_the_five_types_and_six_aspects_of_the_source_matrix():
    """Seed 002's comparison matrix: five partner types as columns, six aspects as rows."""
    assert [p.name for p in partner_types()] == [
        "Large system integrator", "Boutique specialist", "Technology-vendor partner",
        "Independent consultant", "Offshore or nearshore partner"]
    assert [a.name for a in aspects()] == [
        "Scope of services", "Resource availability", "Cost structure", "Implementation speed",
        "Risk profile", "Innovation capability"]
    for p in partner_types():
        assert sorted(p.ratings) == sorted(aspect_ids())
        for a in aspect_ids():
            assert 1 <= p.rating(a) <= 5 and len(p.text(a)) > 20


def test_the_numbers_keep_the_order_the_source_matrix_states():
    """The course's numbers are a reading of seed 002's words; they must keep its order:
    offshore the cheapest and integrators the dearest; independents the highest risk and
    smallest bench; boutiques 'very high' on innovation, vendor and offshore 'moderate';
    integrators 'comprehensive end-to-end' and 'large teams, global reach'."""
    m = ratings_matrix()
    assert m["cost_structure"].idxmax() == "offshore_nearshore_partner"
    assert m["cost_structure"].idxmin() == "large_system_integrator"
    assert m["risk_profile"].idxmin() == "independent_consultant"
    assert m["resource_availability"].idxmin() == "independent_consultant"
    assert m["innovation_capability"].idxmax() == "boutique_specialist"
    assert m.loc["technology_vendor_partner", "innovation_capability"] < \
        m.loc["large_system_integrator", "innovation_capability"]
    assert m["scope_of_services"].idxmax() == "large_system_integrator"
    assert m["resource_availability"].idxmax() == "large_system_integrator"
    # "Lower risk" (integrators) and "low risk for vendor solutions" beat "moderate".
    assert m.loc["large_system_integrator", "risk_profile"] > m.loc["boutique_specialist",
                                                                    "risk_profile"]
    assert m.loc["technology_vendor_partner", "risk_profile"] > \
        m.loc["offshore_nearshore_partner", "risk_profile"]


def test_comparison_table_has_human_labels():
    table = comparison_table()
    assert list(table.columns) == [p.name for p in partner_types()]
    assert list(table.index) == [a.name for a in aspects()]
    assert table.index.name == "Aspect"
    assert all(cell.endswith("of 5)") for cell in table.to_numpy().ravel())
    assert not any("of 5)" in c for c in comparison_table(numbers=False).to_numpy().ravel())
    with pytest.raises(TypeError, match="True or False"):
        comparison_table(numbers="yes")


def test_lookups_by_id_or_name_and_unknowns_listed():
    assert get_partner_type("  OFFSHORE OR NEARSHORE PARTNER ").id == "offshore_nearshore_partner"
    assert get_aspect("cost_structure").name == "Cost structure"
    with pytest.raises(ValueError) as err:
        get_partner_type("freelancer")
    for pid in partner_ids():
        assert repr(pid) in str(err.value)
    with pytest.raises(ValueError, match="Unknown aspect 'speed'; the aspects are"):
        get_aspect("speed")
    with pytest.raises(TypeError, match=r"you entered 3"):
        get_partner_type(3)


def test_what_a_partner_does_and_when_to_use_one():
    assert [c.id for c in capabilities()] == ["technical_expertise", "project_management",
                                              "change_management", "training"]
    assert [s.id for s in process_stages()] == ["assessment", "design", "build", "test",
                                                "deploy", "support"]
    covered = {p for s in process_stages() for p in s.lesson_phases}
    assert covered == set(phase_ids())         # every lesson 01 phase has a partner stage
    assert len(process_table()) == 6
    table = when_to_use()
    assert {"Yes", "No"} == set(table["Use a partner?"])
    assert (table["Use a partner?"] == "No").sum() >= 3
    assert len(profiles.benefits()) >= 5


def test_a_malformed_profiles_file_is_reported_by_entry_and_field(tmp_path):
    bad = tmp_path / "profiles.yml"
    text = (datasets_dir() / "partners" / "profiles.yml").read_text(encoding="utf-8")
    bad.write_text(text.replace("innovation_capability: {rating: 3, text: \"Moderate: "
                                "strength", "innovation: {rating: 3, text: \"Moderate: strength"),
                   encoding="utf-8")
    with pytest.raises(ContentError, match="partner type 5 .* field 'ratings'.*unknown: "
                                           "innovation"):
        profiles._load(bad)
    bad.write_text(text.replace("cost_structure: {rating: 1,", "cost_structure: {rating: 7,"),
                   encoding="utf-8")
    with pytest.raises(ContentError, match="less than or equal to 5"):
        profiles._load(bad)
    bad.write_text(text.replace("lesson_phases: [testing]", "lesson_phases: [qa]"),
                   encoding="utf-8")
    with pytest.raises(ContentError, match="unknown lesson 01 phase 'qa'"):
        profiles._load(bad)
    shutil.rmtree(tmp_path, ignore_errors=True)
