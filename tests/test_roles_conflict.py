"""The implementation manager's role and the who-does-what scenarios
(implcourse.stakeholders.roles), and the conflict modes and scenarios
(implcourse.stakeholders.conflict).

Published reference for the modes: Thomas and Kilmann's conflict mode
instrument (1974) places competing at high assertiveness and low
cooperativeness, collaborating high/high, compromising in the middle,
avoiding low/low and accommodating low assertiveness and high
cooperativeness; PMI's names are those of the PMBOK Guide 5th ed. (p. 284)
and 6th ed. (9.5.2.1): force/direct, collaborate/problem solve,
compromise/reconcile, withdraw/avoid, smooth/accommodate.
"""

from __future__ import annotations

import pytest
import yaml

from implcourse import content
from implcourse.stakeholders import conflict, roles

ROLES_RAW = yaml.safe_load((content.datasets_dir() / "stakeholders" / "roles.yml")
                           .read_text(encoding="utf-8"))
CONFLICT_RAW = yaml.safe_load((content.datasets_dir() / "stakeholders" / "conflict.yml")
                              .read_text(encoding="utf-8"))
TKI = {  # id: (TKI name, PMI name, assertiveness, cooperativeness), written out by hand
    "competing": ("Competing", "Force/direct", "high", "low"),
    "collaborating": ("Collaborating", "Collaborate/problem solve", "high", "high"),
    "compromising": ("Compromising", "Compromise/reconcile", "medium", "medium"),
    "avoiding": ("Avoiding", "Withdraw/avoid", "low", "low"),
    "accommodating": ("Accommodating", "Smooth/accommodate", "low", "high"),
}


# --------------------------------------------------------------------------
# The implementation manager
# --------------------------------------------------------------------------

def test_profile_has_the_four_skill_areas_of_the_source():
    profile = roles.manager_profile()
    assert list(profile.skills) == ["technical", "project_management", "communication",
                                    "problem_solving"]
    assert all(len(skills) >= 2 for skills in profile.skills.values())
    assert len(profile.responsibilities) >= 5
    table = roles.skills_table()
    assert len(table) == sum(len(s) for s in profile.skills.values())


def test_comparison_covers_the_three_roles():
    table = roles.role_comparison()
    assert list(table.columns) == ["Implementation manager", "Project manager",
                                   "Solution architect"]
    assert len(table) >= 5
    assert table.notna().all().all()
    assert (table.apply(lambda col: col.str.len()) > 10).all().all()


def test_who_does_what_has_twelve_scenarios_spread_over_the_roles():
    table = roles.who_does_what()
    assert len(table) == 12 and list(table.columns) == ["scenario"]
    answers = roles.who_does_what(with_answers=True)
    assert set(answers["role"]) == set(roles.role_names())
    assert answers["role"].value_counts().min() >= 3


@pytest.mark.parametrize("scenario", [s["id"] for s in ROLES_RAW["scenarios"]])
def test_check_role_against_the_file(scenario):
    raw = next(s for s in ROLES_RAW["scenarios"] if s["id"] == scenario)
    names = {r["id"]: r["name"] for r in ROLES_RAW["roles"]}
    right = roles.check_role(scenario, names[raw["role"]].upper())
    assert right.correct and right.expected == names[raw["role"]]
    assert raw["why"] in right.explanation
    for other in names:
        if other != raw["role"]:
            wrong = roles.check_role(scenario, other)
            assert not wrong.correct and wrong.expected == names[raw["role"]]
            assert names[other].lower() in wrong.explanation


def test_check_role_refuses_unknown():
    with pytest.raises(ValueError, match=r"^Unknown scenario 'nope'; known: 'cutover_readiness'"):
        roles.check_role("nope", "Project manager")
    with pytest.raises(ValueError, match=r"^Unknown role 'CFO'; known: 'implementation_manager'"):
        roles.check_role("portal_request", "CFO")
    with pytest.raises(TypeError, match="role must be given by its id"):
        roles.check_role("portal_request", 3)
    with pytest.raises(TypeError, match="with_answers must be True or False"):
        roles.who_does_what(with_answers="yes")


# --------------------------------------------------------------------------
# Conflict
# --------------------------------------------------------------------------

def test_modes_match_thomas_kilmann_and_pmi_names():
    modes = conflict.conflict_modes()
    assert set(modes.index) == set(TKI)
    for mode, (tki, pmi, assertive, cooperative) in TKI.items():
        assert modes.loc[mode, ["tki_name", "pmi_name", "assertiveness",
                                "cooperativeness"]].tolist() == [tki, pmi, assertive, cooperative]


def test_win_win_is_collaborating_and_forcing_is_win_lose():
    modes = conflict.conflict_modes()
    assert conflict.WIN_WIN == "collaborating"
    assert modes.loc["collaborating", "outcome"] == "win-win"
    assert modes.loc["competing", "outcome"] == "win-lose"
    assert (modes["outcome"] == "win-win").sum() == 1


@pytest.mark.parametrize("alias, mode", [
    ("Force", "competing"), ("direct", "competing"), ("Problem solve", "collaborating"),
    ("problem-solve", "collaborating"), ("Reconcile", "compromising"),
    ("WITHDRAW", "avoiding"), ("smooth/accommodate", "accommodating"),
    ("Accommodating", "accommodating")])
def test_modes_found_by_any_name(alias, mode):
    assert conflict.get_mode(alias).id == mode


def test_about_ten_scenarios_using_every_mode():
    table = conflict.conflict_scenarios(with_answers=True)
    assert 8 <= len(table) <= 12
    bests = {conflict.best_mode(s).mode for s in table.index}
    assert bests == set(TKI)


@pytest.mark.parametrize("scenario", [s["id"] for s in CONFLICT_RAW["scenarios"]])
def test_best_and_check_mode_against_the_file(scenario):
    raw = next(s for s in CONFLICT_RAW["scenarios"] if s["id"] == scenario)
    answer = conflict.best_mode(scenario)
    assert answer.mode == raw["best"]
    assert (answer.tki_name, answer.pmi_name) == TKI[raw["best"]][:2]
    assert answer.why == raw["why"]
    assert conflict.check_mode(scenario, TKI[raw["best"]][1]).correct
    for mode in TKI:
        if mode == raw["best"]:
            continue
        result = conflict.check_mode(scenario, mode)
        assert not result.correct
        assert result.second_choice == (mode in raw.get("also", []))
        assert raw["why"] in result.explanation


def test_escalation_path_runs_upwards():
    path = conflict.escalation_path()
    assert list(path.index) == list(range(1, len(path) + 1))
    assert len(path) >= 4
    assert "Steering committee" in " ".join(path["who"])


def test_conflict_bad_input():
    with pytest.raises(ValueError, match=r"^Unknown scenario 'lunch'; known: 'skip_backup'"):
        conflict.best_mode("lunch")
    with pytest.raises(ValueError, match=r"^Unknown conflict mode 'shouting'; the modes are "
                                         r"Competing \(Force/direct\)"):
        conflict.check_mode("skip_backup", "shouting")
    with pytest.raises(TypeError, match="conflict mode must be given by its name"):
        conflict.get_mode(None)


def test_bad_conflict_file_named(tmp_path):
    data = dict(CONFLICT_RAW)
    data["scenarios"] = [dict(CONFLICT_RAW["scenarios"][0], best="shouting")]
    own = tmp_path / "conflict.yml"
    own.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(content.ContentError, match="unknown mode 'shouting'"):
        conflict.conflict_scenarios(name=own)
