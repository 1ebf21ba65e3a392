"""What lesson 07 (stakeholders, communication and change) claims, checked against the package.

Each test holds one statement of the notebook's prose or trainer notes: the
numbers are computed by ``implcourse`` here, never typed in. Where a review
corrected a fact (Kotter's stage names as in *Leading Change*, 1996; PMBOK
Guide 6th ed. 13.1.2.4 as data representation; collaborate/problem solve as
what PMI says leads to consensus and commitment, "win-win" as exam-prep
shorthand; consulted-before/informed-after as common practice, not a PMI
definition; channel growth quadratic, not exponential; 10 answers per
check-in, so one person is 10 points), a test reads the notebook and fails if
the corrected wording goes or the old one comes back. A second review (exam
prep) added: the channel formula and its 10 -> 45 example cited to the 5th
edition only (its presence in the 6th could not be verified); push, pull and
interactive numbered by edition, with the Guide's examples and the
intranet-is-pull trap; "one A" cited to what the Guide says (5th ed. 9.1.2.1),
no longer called "the point of the matrix"; force/direct tied to emergencies
and a short withdrawal to cooling down; escalation only after the team has
tried; the keep-satisfied trap; the 7th edition's team domain as it reads;
checklist ids shown so the Try it can be done; counts in the prose computed;
no unsourced "most implementations that fail" claim.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import lesson_sections as _sections, trainer_minutes
from implcourse import course, tables
from implcourse.metrics import kpis
from implcourse.stakeholders import change, client, communication, conflict, raci, register, roles

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "07_stakeholders_communication.ipynb"


@pytest.fixture(scope="module")
def nb():
    return nbformat.read(NOTEBOOK, as_version=4)


def _markdown(nb) -> str:
    return "\n\n".join(c.source for c in nb.cells if c.cell_type == "markdown")


def _section_text(nb, section: int) -> str:
    return "\n\n".join(c.source for c in _sections(nb)[section] if c.cell_type == "markdown")


def _trainer_note(nb, section: int) -> str:
    notes = [c.source for c in _sections(nb)[section] if "trainer" in c.metadata.get("tags", [])]
    assert len(notes) == 1, f"section {section} should have exactly one trainer note"
    return notes[0]


def _num(value: float, decimals: int = 1) -> str:
    return tables.format_value(float(value), decimals=decimals)


_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
          "eleven", "twelve")


def _word(n: int) -> str:
    return _WORDS[int(n)]


def _outputs_text(cell) -> str:
    parts = []
    for out in cell.get("outputs", []):
        if out.get("output_type") == "stream":
            parts.append(out.get("text", ""))
        for value in out.get("data", {}).values():
            parts.append(value if isinstance(value, str) else "".join(value))
    return "\n".join(parts)


def _c4():
    survey = client.load_survey()
    return survey[survey["checkin"] == "c4"]


# --------------------------------------------------------------------------
# The template: timings, one exercise per section, the tools of course.yml
# --------------------------------------------------------------------------

def test_trainer_timings_add_up_to_70_and_50(nb):
    lesson = course.get_lesson("07")
    assert trainer_minutes(nb) == (lesson.teaching_minutes, lesson.exercise_minutes) == (70, 50)


def test_each_of_the_seven_sections_ends_with_its_own_exercise(nb):
    sections = _sections(nb)
    assert sorted(sections) == list(range(1, 8))
    for number, cells in sections.items():
        headings = [c.source.splitlines()[0] for c in cells if c.cell_type == "markdown"
                    and c.source.startswith("### Exercise")]
        assert headings == [headings[0]] and headings[0].startswith(f"### Exercise {number}:")
        assert any(c.cell_type == "markdown" and "### Try it" in c.source for c in cells), number


def test_the_exercises_are_the_lessons_topics_in_section_order(nb):
    from implcourse.exercises import communication as ex_comm
    from implcourse.exercises import stakeholders as ex_st

    built = [ex_st.GridStrategy(0), ex_comm.Channels(0), ex_comm.ClientCheckIn(0),
             ex_comm.AdkarBarrier(0), ex_st.FixTheRaci(0), ex_st.WhoDoesWhat(0),
             ex_st.ConflictMode(0)]
    topics = [e.topic for e in built]
    assert topics == list(course.get_lesson("07").topic_names)
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    for n, e in enumerate(built, start=1):
        assert f"ex{n} = ex_{'st' if e.id in ('07.grid', '07.raci', '07.roles', '07.conflict') else 'comm'}." \
               f"{type(e).__name__}(seed=SEED)" in code


def test_the_four_tools_of_the_course_map_are_used(nb):
    from implcourse.widgets import catalogue

    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    tools = [entry for entry in catalogue() if entry[0] == "07"]
    assert len(tools) == len(course.get_lesson("07").tools) == 4
    for name in ("grid_tool()", "channels_tool()", "training_tool()", "raci_tool()"):
        assert name in code


def test_no_unsourced_claim_about_most_failures(nb):
    """Review: "Most implementations that fail do not fail on technology" had no source."""
    text = _markdown(nb)
    assert "Most implementations that fail" not in text
    assert "can have sound technology and still fail" in text


def test_the_2026_outline_weights_are_stated_with_their_date(nb):
    text = _markdown(nb)
    assert "exams taken from 9 July 2026" in text
    assert "People 33 %" in text and "Process 41 %" in text and "Business Environment 26 %" in text
    assert "in force since" not in text


# --------------------------------------------------------------------------
# Section 1: the register, the grid and the engagement matrix
# --------------------------------------------------------------------------

def test_strategy_counts_in_the_note(nb):
    counts = register.stakeholder_grid()["strategy"].value_counts()
    note = _trainer_note(nb, 1)
    assert f"{len(register.load_register())} stakeholders, {counts['manage closely']} to manage closely, " \
           f"{counts['keep satisfied']} to keep satisfied, {counts['keep informed']} to keep informed and " \
           f"{counts['monitor']} to monitor" in note


def test_the_grid_follows_mendelow_independently():
    """The four quadrants, recomputed from the raw scores with the boundary counting as high."""
    grid = register.stakeholder_grid()
    for _, row in grid.iterrows():
        high_p, high_i = row.power >= 6, row.interest >= 6
        expected = {(True, True): "manage closely", (True, False): "keep satisfied",
                    (False, True): "keep informed", (False, False): "monitor"}[(high_p, high_i)]
        assert row.strategy == expected


def test_stakeholders_on_the_line(nb):
    grid = register.stakeholder_grid()
    on_line = grid[(grid["power"] == 6) | (grid["interest"] == 6)]
    assert f"{len(on_line)} stakeholders sit exactly on a line at 6 ({', '.join(on_line['name'])})" \
        in _trainer_note(nb, 1)


def test_engagement_gaps_and_who_steps_back(nb):
    gaps = register.engagement_gaps()
    top = int(gaps["gap"].max())
    names = gaps.loc[gaps["gap"] == top, "name"].tolist()
    back = gaps.loc[gaps["direction"] == "lower"]
    assert len(back) == 1 and back.iloc[0].current == "leading" and back.iloc[0].desired == "supportive"
    note = _trainer_note(nb, 1)
    assert f"the largest gap is {top} levels, shared by {len(names)} stakeholders ({', '.join(names)})" in note
    assert f"the {back.iloc[0]['name']} should step back from leading to supportive" in note


def test_section_1_try_it_key(nb):
    sc = register.register_table().loc["staff_council"]
    pl = register.register_table().loc["partner_lead"]
    note = _trainer_note(nb, 1)
    assert (sc.power, sc.interest) == (6, 4) and pl.power == 6
    assert f'from "{register.grid_strategy(sc.power, sc.interest)}" (power 6, interest 4) to ' \
           f'"{register.grid_strategy(sc.power, 7)}" at interest 7' in note
    assert f'drops from "{register.grid_strategy(pl.power, pl.interest)}" to ' \
           f'"{register.grid_strategy(pl.power - 1, pl.interest)}"' in note


def test_pmbok_section_numbers_as_corrected_in_review(nb):
    text = _markdown(nb)
    assert "13.1.2.4, *data representation*" in text
    assert "13.2.2.5" in text and "Figure 13-6" in text
    assert "13.1.2.4 (data representation: power/interest grid)" in text


def test_keep_satisfied_is_high_power_low_interest_and_the_swap_is_named(nb):
    assert register.grid_strategy(9, 2) == "keep satisfied"
    assert register.grid_strategy(2, 9) == "keep informed"
    text = _section_text(nb, 1)
    assert "**high power with low interest is *keep satisfied***" in text
    assert "low power with high interest is *keep informed*" in text
    assert "keep satisfied for high power with low interest" in _markdown(nb)


def test_register_size_in_the_prose(nb):
    n = len(register.load_register())
    assert f"a **synthetic** register of {_word(n)} stakeholders" in _section_text(nb, 1)


def test_engagement_levels_in_order(nb):
    assert register.ENGAGEMENT_LEVELS == ("unaware", "resistant", "neutral", "supportive", "leading")
    assert "unaware, resistant, neutral, supportive, leading" in _section_text(nb, 1)


# --------------------------------------------------------------------------
# Section 2: channels, methods, the plan
# --------------------------------------------------------------------------

def test_channel_example_cited_to_the_5th_edition_only(nb):
    """Review: the 10 -> 45 example is verified in the 5th ed. (10.1.2.1), not in the 6th."""
    text = _section_text(nb, 2)
    assert "10 stakeholders and 45 channels, are in the PMBOK Guide 5th ed., 10.1.2.1" in text
    assert "in the 6th ed. that technique is 10.1.2.2" in text
    assert "6th ed., 10.1.2.2, *communication requirements analysis*: 10 stakeholders" not in text
    assert "(communication requirements analysis, channels n(n − 1)/2)" not in _markdown(nb)
    assert communication.communication_channels(10) == 45


def test_methods_numbered_by_edition_with_the_guides_examples(nb):
    text = _section_text(nb, 2)
    assert "(PMBOK Guide 6th ed., 10.1.2.5; 10.1.2.4 in the 5th ed.)" in text
    for example in ("intranet sites", "lessons-learned databases", "knowledge repositories",
                    "emails", "press releases", "instant messaging", "video conferences"):
        assert example in text, example


def test_a_knowledge_base_or_intranet_is_pull(nb):
    text = _section_text(nb, 2)
    assert "a knowledge base or an intranet page is **pull**" in text
    assert "the email that announces it is push" in text
    table = communication.channels_table()
    assert table.loc["email", "Method"] == "Push"
    assert table.loc["dashboard", "Method"] == "Pull"


def test_channel_counts_in_the_prose(nb):
    table = communication.channels_table()
    from_03 = int((table["Source"] != "added in lesson 07").sum())
    from_seed = int(table["Source"].str.startswith("seed 001").sum())
    text = _section_text(nb, 2)
    assert f"each of its {_word(len(table))} channels with a method. " \
           f"{_word(from_03).capitalize()} come from lesson 03 ({_word(from_seed)} from the " \
           "source's channel table)" in text


def test_pmbok_published_example_10_people_45_channels():
    """PMBOK Guide 5th ed., 10.1.2.1, p. 292: 10 stakeholders, 45 potential channels."""
    assert communication.communication_channels(10) == 45


@settings(max_examples=80, deadline=None)
@given(st.integers(1, 400))
def test_channels_are_the_number_of_pairs(n):
    """Independent count: the pairs of n people, enumerated."""
    pairs = sum(1 for i in range(n) for j in range(i + 1, n))
    assert communication.communication_channels(n) == pairs


def test_growth_is_quadratic_not_exponential(nb):
    """Second differences are constant (1) and the ratio to one fewer person falls to 1."""
    counts = np.array([communication.communication_channels(n) for n in range(1, 60)])
    assert set(np.diff(counts, 2)) == {1}
    table = communication.channel_growth(list(range(2, 60)))
    ratios = table["Ratio to one fewer person"].dropna()
    assert ratios.is_monotonic_decreasing and ratios.iloc[-1] < 1.05
    text = _markdown(nb)
    assert "**quadratic, not exponential**" in text
    assert "exponentially" not in text.replace("not exponential", "")


def test_channel_figures_in_the_note(nb):
    c = communication.communication_channels
    note = _trainer_note(nb, 2)
    assert f"10 people, {c(10)} channels; 20 people, {c(20)}; 30 people, {c(30)}" in note
    assert f"{c(15)} − {c(10)} = {c(15) - c(10)}" in note
    assert f"{c(20)} ÷ {c(10)} = {_num(c(20) / c(10), 2)}, a little over four" in note
    assert 4 < c(20) / c(10) < 4.5


def test_five_people_add_four_channels_not_six(nb):
    c = communication.communication_channels
    assert c(4) == 6 and c(5) - c(4) == 4
    assert "four dots and their six lines" in _trainer_note(nb, 2)


def test_methods_and_the_channels_tagged_with_them(nb):
    methods = communication.communication_methods()
    note = _trainer_note(nb, 2)
    for m in methods.index:
        assert f"{m.lower()}: {methods.loc[m, 'Channels']}" in note
    assert communication.channels_table().index.tolist()[-3:] == ["chat", "workshop", "dashboard"]
    assert "chat, workshops and dashboards are new here" in _section_text(nb, 2)


def test_the_auditor_is_keep_satisfied(nb):
    row = register.register_table().loc["external_auditor"]
    assert register.grid_strategy(row.power, row.interest) == "keep satisfied"
    assert "the auditor is keep satisfied on the grid" in _trainer_note(nb, 2)


# --------------------------------------------------------------------------
# Section 3: client management and the survey
# --------------------------------------------------------------------------

def test_ten_answers_per_checkin_so_one_person_is_ten_points(nb):
    survey = client.load_survey()
    sizes = survey.groupby("checkin").size()
    assert sizes.nunique() == 1
    n = int(sizes.iloc[0])
    point, two = _num(100 / n, 0), _num(200 / n, 0)
    text = _section_text(nb, 3)
    assert f"At each check-in {_word(n)} of the client's people answer" in text
    assert f"With only {n} answers per check-in, **one person is {point} points**" in text
    assert f"(straight to promoter, by {two})" in text
    assert f"with {n} answers, one person moves CSAT or NPS by {point} points" in _markdown(nb)


def test_the_checklist_ids_are_shown_for_the_try_it(nb):
    """Review: the Try it asks for item ids; the tables showed none (index=False)."""
    cells = [c for c in _sections(nb)[3] if c.cell_type == "code"
             and "checklist_status(" in c.source]
    assert len(cells) == 2
    for cell in cells:
        assert "index=False" not in cell.source
        shown = _outputs_text(cell)
        assert "team_released" in shown and ">Id<" in shown


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(1, 5), min_size=10, max_size=10), st.integers(0, 9))
def test_one_more_satisfied_answer_moves_csat_by_ten_points(answers, who):
    if answers[who] >= 4:
        return
    changed = list(answers)
    changed[who] = 4
    assert kpis.csat(changed) - kpis.csat(answers) == pytest.approx(10)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, 10), min_size=10, max_size=10), st.integers(0, 9))
def test_one_detractor_moves_nps_by_ten_or_twenty(answers, who):
    if answers[who] > 6:
        return
    to_passive, to_promoter = list(answers), list(answers)
    to_passive[who], to_promoter[who] = 7, 9
    assert kpis.nps(to_passive) - kpis.nps(answers) == pytest.approx(10)
    assert kpis.nps(to_promoter) - kpis.nps(answers) == pytest.approx(20)


def test_the_survey_reuses_lesson_06_and_matches_an_independent_count():
    table = client.survey_by_checkin()
    survey = client.load_survey()
    for checkin, group in survey.groupby("checkin"):
        csat = (group["csat"] >= 4).mean() * 100
        nps = ((group["nps"] >= 9).mean() - (group["nps"] <= 6).mean()) * 100
        assert table.loc[checkin, "CSAT (%)"] == pytest.approx(csat)
        assert table.loc[checkin, "NPS"] == pytest.approx(nps)


def test_worst_checkin_in_the_note(nb):
    table = client.survey_by_checkin()
    worst = table["NPS"].idxmin()
    assert worst == table["CSAT (%)"].idxmin()
    note = _trainer_note(nb, 3)
    assert f"The worst check-in was {worst} ({table.loc[worst, 'Phase']}): CSAT " \
           f"{_num(table.loc[worst, 'CSAT (%)'], 0)} %, NPS {_num(table.loc[worst, 'NPS'], 0)}" in note


def test_section_3_try_it_key(nb):
    c4 = _c4()
    csat, nps = kpis.csat(c4["csat"]), kpis.nps(c4["nps"])
    csat_answers, nps_answers = c4["csat"].tolist(), c4["nps"].tolist()
    csat_answers[csat_answers.index(3)] = 4
    i = next(k for k, v in enumerate(nps_answers) if v <= 6)
    passive, promoter = list(nps_answers), list(nps_answers)
    passive[i], promoter[i] = 7, 9
    note = _trainer_note(nb, 3)
    assert f"moves CSAT from {_num(csat, 0)} % to {_num(kpis.csat(csat_answers), 0)} %" in note
    assert f"moves NPS from {_num(nps, 0)} to {_num(kpis.nps(passive), 0)}, made a 9 to " \
           f"{_num(kpis.nps(promoter), 0)}" in note
    status = client.checklist_status(["sponsor_named", "team_released", "scope_signed"])
    first = status.iloc[0]
    assert bool(first["Blocking"])
    assert f'chase "{first["Item"]}" next, due before {first["Due before"]}' in note


def test_the_remaining_requirements_blockers_are_the_three_ticked_in_the_key():
    table = client.pre_implementation_checklist()
    blockers = table[(table["Blocking"]) & (table["Due before"] == "Requirements")].index
    assert sorted(blockers) == sorted(["sponsor_named", "team_released", "scope_signed"])


# --------------------------------------------------------------------------
# Section 4: change
# --------------------------------------------------------------------------

def test_kotter_stage_names_as_in_leading_change(nb):
    steps = change.kotter_steps()["Step"].tolist()
    assert steps[0] == "Establishing a sense of urgency"
    assert steps[-1] == "Anchoring new approaches in the culture"
    note = _trainer_note(nb, 4)
    assert f'Kotter\'s first step is "{steps[0]}" and his last "{steps[-1]}"' in note
    assert "*Leading Change* (1996)" in _section_text(nb, 4)


def test_the_barrier_point_is_the_first_weak_element_not_the_lowest(nb):
    profile = change.adkar_profile([4, 2, 5, 1, 4])
    assert profile.loc["Desire", "Status"] == "barrier point"
    assert change.adkar_barrier([4, 2, 5, 1, 4]) == "Desire"
    assert "Desire (2) is the barrier although Ability (1) is lower" in _trainer_note(nb, 4)


def test_training_figures_in_the_note(nb):
    plan = change.training_plan()
    hours = change.training_hours_per_user()
    assert hours == pytest.approx(plan["Total hours"].sum() / plan["Audience"].sum())
    assert f"{int(plan['Audience'].sum())} intended users, {_num(hours, 1)} hours per user" in _trainer_note(nb, 4)


def test_section_4_try_it_key(nb):
    hours = change.training_hours_per_user()

    def at(h, week):
        return float(change.adoption_curve(h, weeks=26).loc[week, "Adoption (%)"])

    note = _trainer_note(nb, 4)
    assert f"at {_num(hours, 1)} hours adoption is {_num(at(hours, 13), 1)} % at week 13 and " \
           f"{_num(at(hours, 26), 1)} % at week 26; at 16 hours, {_num(at(16, 13), 1)} % and " \
           f"{_num(at(16, 26), 1)} %" in note
    assert at(16, 26) > at(hours, 26)
    assert f"{_num(at(0, 26), 1)} % at week 26" in note and at(0, 26) <= 35


def test_the_adoption_curve_is_labelled_a_model(nb):
    text = _section_text(nb, 4)
    assert "**model**, not evidence" in text
    assert "Try it key (teaching model)" in _trainer_note(nb, 4)


# --------------------------------------------------------------------------
# Section 5: RACI
# --------------------------------------------------------------------------

def test_the_erp_raci_passes_and_the_draft_has_four_faults(nb):
    erp = raci.erp_raci()
    assert raci.check_raci(erp).ok
    broken = raci.check_raci(raci.broken_raci())
    assert len(broken.violations) == 4
    note = _trainer_note(nb, 5)
    assert f"{erp.shape[0]} deliverables by {erp.shape[1]} roles and passes" in note
    assert "the broken draft has 4 faults" in note


def test_rules_checked_independently():
    """One A and at least one R per row, recounted from the cells (A/R counts as both)."""
    for matrix in (raci.erp_raci(), raci.broken_raci()):
        check = raci.check_raci(matrix)
        bad = set()
        for row, cells in matrix.iterrows():
            letters = [str(v) for v in cells if v]
            a = sum("A" in v for v in letters)
            r = sum("R" in v for v in letters)
            if a != 1 or r < 1:
                bad.add(row)
        assert bad == {v.row for v in check.violations}


def test_section_5_try_it_key(nb):
    broken = raci.broken_raci()
    no_r = [v.row for v in raci.check_raci(broken).violations if v.rule == "responsible"]
    assert no_r == ["User acceptance test sign-off"]
    fixed = broken.copy()
    fixed.loc[no_r[0], "Key users"] = "R"
    assert no_r[0] not in {v.row for v in raci.check_raci(fixed).violations}
    twice = raci.erp_raci()
    assert twice.loc["Solution design", "Solution architect"] == "A"
    twice.loc["Solution design", "Business process owner"] = "A"
    message = raci.check_raci(twice).violations[0].message
    note = _trainer_note(nb, 5)
    assert f'"{no_r[0]}" had no R' in note and "so the key users become R" in note
    assert message in note


def test_one_accountable_cited_as_the_guide_words_it(nb):
    """Review: "the point of the matrix" overstated the Guide; its text (5th ed. 9.1.2.1)
    says the matrix format ensures only one person is accountable for any one task."""
    text = _section_text(nb, 5)
    assert "only one person is accountable for any one task" in text
    assert "(5th ed., 9.1.2.1)" in text
    assert "the point of the matrix" not in text
    n = len(raci.check_raci(raci.broken_raci()).violations)
    assert f"A draft with {_word(n)} planted faults" in text


def test_consulted_before_is_practice_not_a_pmi_definition(nb):
    assert "that rule is practice, not a PMI definition" in _section_text(nb, 5)
    assert "not a PMI definition" in _trainer_note(nb, 5)


# --------------------------------------------------------------------------
# Section 6: the implementation manager
# --------------------------------------------------------------------------

def test_four_skill_areas(nb):
    assert list(roles.manager_profile().skills) == ["technical", "project_management",
                                                    "communication", "problem_solving"]
    assert "technical, project management, communication and problem solving" in _section_text(nb, 6)


def test_section_6_try_it_key(nb):
    answers = roles.who_does_what(with_answers=True)
    note = _trainer_note(nb, 6)
    for scenario in ("key_user_clash", "peak_volumes"):
        assert f'"{scenario}" is the {answers.loc[scenario, "role"].lower()}\'s' in note
        assert roles.check_role(scenario, answers.loc[scenario, "role"]).correct
    im = answers[answers["role"] == "Implementation manager"].index.tolist()
    assert f"the implementation manager's scenarios are {', '.join(im)}" in note
    assert "interface_dispute" in im


def test_the_7th_edition_team_domain_as_it_reads(nb):
    note = _trainer_note(nb, 6)
    assert "team performance domain (2.2.1) expects leadership from every team member" in note
    assert "treats leadership as something several people in a team can share" not in note


def test_the_roles_split_is_labelled_a_teaching_model(nb):
    assert "This split is a **teaching model**" in _section_text(nb, 6)


# --------------------------------------------------------------------------
# Section 7: conflict
# --------------------------------------------------------------------------

def test_collaborate_leads_to_consensus_and_win_win_is_shorthand(nb):
    assert conflict.WIN_WIN == "collaborating"
    assert conflict.conflict_modes().loc["collaborating", "pmi_name"] == "Collaborate/problem solve"
    text = _section_text(nb, 7)
    assert "collaborate/problem solve usually leads to **consensus and commitment**" in text
    assert "those labels are their shorthand, not PMI's wording" in text


def test_collaborate_is_not_always_the_answer(nb):
    text = _section_text(nb, 7)
    assert "PMI's own description ties force/direct to **emergencies**" in text
    assert "a short **withdrawal lets tempers cool**" in text
    assert conflict.best_mode("skip_backup").mode == "competing"
    assert conflict.best_mode("heated_steering").mode == "avoiding"


def test_the_outcome_column_is_labelled_shorthand(nb):
    code = "\n".join(c.source for c in _sections(nb)[7] if c.cell_type == "code")
    assert '"outcome": "Usual result (exam-prep shorthand)"' in code
    assert "partial or temporary settlement" in _trainer_note(nb, 7)


def test_escalation_only_after_the_team_has_tried(nb):
    text = _section_text(nb, 7)
    assert "**before the team has tried** is a wrong answer" in text
    path = conflict.escalation_path()
    assert path.loc[1, "who"] == "The people in conflict"
    assert "Steering" in path.loc[4, "who"]


def test_five_modes_on_two_axes():
    modes = conflict.conflict_modes()
    assert len(modes) == 5
    assert modes.loc["compromising", ["assertiveness", "cooperativeness"]].tolist() == ["medium", "medium"]
    assert modes.loc["competing", "pmi_name"] == "Force/direct"


def test_section_7_try_it_key(nb):
    second = conflict.check_mode("test_environment", "Collaborating")
    heated = conflict.check_mode("heated_steering", "Competing")
    assert second.second_choice and not second.correct
    assert not heated.correct and not heated.second_choice
    path = conflict.escalation_path()
    level = path.index[path["who"].str.contains("Client project manager")][0]
    note = _trainer_note(nb, 7)
    assert f"the course's best is {second.expected}" in note
    assert f'"heated_steering" fits {heated.expected}' in note
    assert f"settled at level {level} ({path.loc[level, 'who']})" in note


# --------------------------------------------------------------------------
# Closing
# --------------------------------------------------------------------------

def test_knowledge_check_draws_one_question_per_topic(nb):
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    n = len(course.get_lesson("07").topic_names)
    assert f'knowledge_check("07", n={n}, seed=SEED)' in code
    assert f"{_word(n).capitalize()} exam-style questions" in _markdown(nb)
    from implcourse import quiz

    for seed in range(20):
        assert {q.topic for q in quiz.draw("07", n, seed)} == set(course.get_lesson("07").topic_names)
