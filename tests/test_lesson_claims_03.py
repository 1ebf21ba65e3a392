"""Lesson 03 (upgrade and rollout strategies): what its prose, Try-it questions and
trainer notes claim.

Each test holds statements of the notebook. Numbers are recomputed with
``implcourse`` (the scoring model, its sensitivity, the simulation, the runbook
on lesson 01's plan, the communication plan), never typed in, so that a change
to the data or a model that makes a sentence false fails here. The formulas the
lesson writes out are recomputed independently of the package (with numpy,
from the directions and weights the lesson shows) and compared with it. Where
the lesson labels a model as a model, or dates the PMP exam, a test reads the
notebook and fails if the label goes.
"""

from __future__ import annotations

import inspect
import math
import re
from pathlib import Path

import nbformat
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from implcourse import course, rollout, schedule, tables
from implcourse.exercises import learner_seed
from implcourse.exercises import rollout as ex03
from implcourse.rollout import strategy as strategy_module
from implcourse.widgets import catalogue
from implcourse.widgets.rollout import cutover_tool, rollout_simulator, strategy_tool
from helpers import lesson_sections as _sections

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "03_rollout_strategies.ipynb"


# --------------------------------------------------------------------------
# Fixtures and helpers
# --------------------------------------------------------------------------

@pytest.fixture(scope="module")
def nb():
    return nbformat.read(NOTEBOOK, as_version=4)


@pytest.fixture(scope="module")
def markdown(nb) -> str:
    """Every markdown cell, trainer notes included, as one text."""
    return "\n\n".join(c.source for c in nb.cells if c.cell_type == "markdown")


@pytest.fixture(scope="module")
def code(nb) -> str:
    return "\n\n".join(c.source for c in nb.cells if c.cell_type == "code")


def _trainer_note(nb, section: int) -> str:
    notes = [c.source for c in _sections(nb)[section] if "trainer" in c.metadata.get("tags", [])]
    assert len(notes) == 1, f"section {section} should have exactly one trainer note"
    return " ".join(notes[0].split())


def _section_text(nb, section: int) -> str:
    return "\n\n".join(c.source for c in _sections(nb)[section])


def _prose(nb, section: int) -> str:
    """A section's markdown for the learner (trainer notes left out), lines joined."""
    return " ".join(" ".join(c.source for c in _sections(nb)[section]
                             if c.cell_type == "markdown"
                             and "trainer" not in c.metadata.get("tags", [])).split())


def _outputs(nb) -> str:
    texts = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            texts.append(out.get("text", ""))
            for mime in ("text/plain", "text/markdown"):
                texts.append(out.get("data", {}).get(mime, ""))
    return "\n".join(texts)


def _money(amount: float) -> str:
    return tables.format_value(float(amount), decimals=0, unit="EUR")


def _count(value: float) -> str:
    return tables.format_value(float(value), decimals=0)


def _pct(fraction: float) -> str:
    return tables.format_value(float(fraction), decimals=0, percent=True)


WORKED = re.compile(r"sim = rollout\.simulate_rollout\(seed=(\d+), iterations=([\d_]+)\)")


def _worked_run(code: str) -> tuple[int, int]:
    """(seed, iterations) of the simulation's worked example, as the notebook runs it."""
    match = WORKED.search(code)
    assert match, "the worked example should name its seed and number of futures"
    return int(match.group(1)), int(match.group(2).replace("_", ""))


def _names() -> dict[str, str]:
    return {s.id: s.name for s in rollout.load_strategies()}


def _running(name: str) -> str:
    """A strategy's name inside a sentence: 'the big bang (direct cutover)'."""
    return f"the {name[0].lower()}{name[1:]}"


# --------------------------------------------------------------------------
# Structure: sections, exercises, tools, course map
# --------------------------------------------------------------------------

EXERCISES = {1: ("ServiceKinds", 1, "services"), 2: ("WhichStrategy", 2, "strategies"),
             3: ("ScoreStrategies", 3, "selection"), 4: ("WeightToFlip", 3, "selection"),
             5: ("RollbackDecision", 5, "cutover"), 6: ("HypercareExit", 5, "cutover"),
             7: ("ChannelForMessage", 6, "communication")}


def test_every_exercise_sits_in_its_section_and_lesson(nb):
    for number, (name, section, topic) in EXERCISES.items():
        text = _section_text(nb, section)
        assert re.search(rf"^### Exercise {number}: ", text, re.M), (number, section)
        assert f"ex{number} = ex03.{name}(seed=SEED)" in text, (number, name)
        ex = getattr(ex03, name)(seed=learner_seed("Ada Lovelace"))
        assert (ex.lesson, ex.topic) == ("03", topic)
        assert topic in course.get_lesson("03").topic_names


def test_the_lesson_uses_every_exercise_of_its_module(code):
    assert {name for name, _, _ in EXERCISES.values()} == set(ex03.__all__)
    assert "from implcourse.exercises import rollout as ex03" in code


def test_section_titles_are_the_progress_topic_names(nb):
    """The progress report names a topic as the section that teaches it is titled."""
    names = course.get_lesson("03").topic_names
    titles = {n: cells[0].source.splitlines()[0].split(". ", 1)[1]
              for n, cells in _sections(nb).items()}
    assert titles[1] == names["services"]
    assert titles[2] == names["strategies"]
    assert titles[3] == names["selection"]
    assert titles[5] == names["cutover"]
    assert titles[6] == names["communication"]
    assert set(names) == {topic for _, _, topic in EXERCISES.values()}


def test_the_lesson_uses_every_tool_of_its_catalogue_and_course_yml_names_them(code):
    """Each tool registered for lesson 03 is built once in the notebook, and course.yml
    lists the same tools, by their titles, in the order the lesson uses them."""
    entries = [e for e in catalogue() if e[0] == "03"]
    assert len(entries) == 4
    calls = {title: code.count(f"{tool.__name__}()") for _, title, tool in entries}
    assert set(calls.values()) == {1}, calls
    order = sorted(entries, key=lambda e: code.index(f"{e[2].__name__}()"))
    assert list(course.get_lesson("03").tools) == [title for _, title, _ in order]


def test_course_yml_entry_and_minutes():
    lesson = course.get_lesson("03")
    assert (lesson.teaching_minutes, lesson.exercise_minutes) == (60, 45)
    assert lesson.prerequisites == ["00", "01"]
    assert lesson.notebook == NOTEBOOK.name
    assert len(lesson.questions) == 3 and len(lesson.topics) == 5
    ids = [x.id for x in course.load_course()]
    before = "02" if "02" in ids else "01"
    assert ids.index("03") == ids.index(before) + 1
    assert "03" not in [p.id for p in course.load_planned()]


def test_each_numbered_section_has_one_trainer_note(nb):
    assert sorted(_sections(nb)) == [1, 2, 3, 4, 5, 6]
    for section in _sections(nb):
        _trainer_note(nb, section)


def test_knowledge_check_draws_from_the_lesson_bank(code):
    assert 'knowledge_check("03", n=8, seed=SEED)' in code


# --------------------------------------------------------------------------
# Models labelled as models, synthetic data as synthetic, the exam dated
# --------------------------------------------------------------------------

def test_the_scoring_model_is_labelled_a_teaching_model(nb):
    prose = _prose(nb, 3)
    assert "weighted-scoring model" in prose
    assert "the course's teaching model, not a published standard" in prose
    assert "datasets/rollout/selection.yml" in prose
    # and the package says so in the explanation the lesson prints
    result = rollout.recommend_strategy(rollout.sample_factors())
    assert "teaching model, not a standard" in result.explanation
    assert result.explanation in _outputs(nb)


def test_the_simulation_is_labelled_a_model_with_its_assumptions_shown(nb, code):
    prose = _prose(nb, 4)
    assert "teaching model with synthetic inputs, not a forecast" in prose
    assert "none of its figures is evidence" in prose
    assert "sim.assumptions" in code
    shown = _outputs(nb)
    for assumption in rollout.simulation.ASSUMPTIONS:
        assert assumption in shown, assumption


def test_synthetic_data_is_called_synthetic(nb):
    assert "The examples in the last column are synthetic" in _prose(nb, 1)
    assert "synthetic case" in _prose(nb, 3)
    assert "a synthetic template" in _prose(nb, 5)
    assert "the thresholds are illustrative" in _prose(nb, 5)
    assert "synthetic plan" in _prose(nb, 6)


def test_the_2026_exam_is_dated_for_exams_taken_from_that_day(markdown):
    assert "in force since" not in markdown
    assert re.search(r"exams taken from 9 July 2026", markdown)
    assert "People 33 %, Process 41 %, Business Environment 26 %" in markdown


def test_the_learner_prose_types_no_number_the_package_computes(nb, code):
    """The figures of the worked examples reach the learner through outputs only: none of
    them is typed into the lesson's prose (trainer notes, which carry the answer keys
    checked below, are left out)."""
    prose = " ".join(_prose(nb, n) for n in _sections(nb))
    result = rollout.recommend_strategy(rollout.sample_factors())
    move = rollout.weight_sensitivity(rollout.sample_factors())["Move up by"].dropna()
    seed, n = _worked_run(code)
    sim = rollout.simulate_rollout(seed=seed, iterations=n).summary
    book = rollout.cutover_runbook()
    computed = [f"{v:.1f}" for v in result.scores.values()] + [f"{v:.2f}" for v in move]
    computed += [_money(v) for v in sim["Cost"]] + [_pct(v) for v in
                                                   sim["Chance at least one defect escapes"]]
    computed += [f"day {book['Plan day'].min():g}", f"{len(book)} steps"]
    for text in computed:
        assert text not in prose, text


# --------------------------------------------------------------------------
# Section 1: kinds of service (Try it: read the table)
# --------------------------------------------------------------------------

def _service(sid: str) -> rollout.Service:
    return next(s for s in rollout.load_services() if s.id == sid)


def test_four_kinds_of_implementation_and_four_of_upgrade(nb):
    kinds = [s.kind for s in rollout.load_services()]
    assert kinds.count("implementation") == 4 and kinds.count("upgrade") == 4
    assert "four kinds of implementation and four of upgrade" in _prose(nb, 1)
    assert "The eight kinds side by side" in _prose(nb, 1)


def test_services_try_it_answer_key(nb):
    note = _trainer_note(nb, 1)
    cloud, security = _service("cloud"), _service("security")
    assert "cannot be rolled back by the customer" in cloud.rollback_options
    assert "while it still exists" in cloud.rollback_options
    assert "reopens the weakness" in security.rollback_options
    assert "risk decision" in security.rollback_options
    assert "(1) the cloud-based implementation" in note and "the security upgrade" in note
    assert "before each of the provider's scheduled releases" in cloud.testing_needs
    assert "(2) the cloud-based implementation again" in note
    hardware = _service("hardware_upgrade")
    assert hardware.who_is_affected.startswith("Mostly the IT operations team")
    assert "one unit at a time" in hardware.downtime_pattern
    assert "(3) the hardware upgrade" in note
    # no other upgrade is "mostly" for IT operations
    assert [s.id for s in rollout.load_services()
            if s.who_is_affected.startswith("Mostly")] == ["hardware_upgrade"]


def test_database_exam_trap_matches_the_data(nb):
    db = _service("database")
    assert "every application" in db.downtime_pattern
    assert "incompatible data format prevents old and new from running side by side" \
        in db.downtime_pattern
    assert "takes every application on that database down at once" in _prose(nb, 1)


# --------------------------------------------------------------------------
# Section 2: strategies
# --------------------------------------------------------------------------

def test_four_classic_strategies_and_two_modern_forms_mapped_to_them(nb):
    strategies = rollout.load_strategies()
    classic = [s.id for s in strategies if s.family == "classic"]
    modern = {s.id: s.classic_counterpart for s in strategies if s.family == "modern"}
    assert classic == ["big_bang", "phased", "parallel", "pilot"]
    assert modern == {"canary": "pilot", "blue_green": "big_bang"}
    prose = _prose(nb, 2)
    assert "It is a pilot, automated and repeated in small, measured steps" in prose
    assert "Everyone still moves at once, as in a big bang" in prose


def test_synonyms_in_the_opening_note(nb):
    big_bang = rollout.get_strategy("big_bang")
    assert {"direct cutover", "plunge"} <= set(big_bang.also_called)
    notes = [c.source for c in nb.cells if "trainer" in c.metadata.get("tags", [])]
    assert "direct cutover, big bang and plunge are one strategy" in " ".join(notes[0].split())


def test_phased_rollout_has_three_cuts(nb):
    variants = [v.name for v in rollout.get_strategy("phased").variants]
    assert variants == ["By site", "By module", "By user group"]
    assert "Three ways to cut a phased rollout" in _section_text(nb, 2)


def test_strategy_exam_traps_match_the_data(nb):
    parallel = rollout.get_strategy("parallel")
    assert any("most expensive" in d and "double data entry" in d
               for d in parallel.disadvantages)
    assert any("workload" in d and "errors" in d for d in parallel.disadvantages)
    assert any("Temporary interfaces" in d for d in rollout.get_strategy("phased").disadvantages)
    assert any("may not be typical" in d for d in rollout.get_strategy("pilot").disadvantages)
    assert "database schema change" in rollout.get_strategy("big_bang").typical_use
    prose = _prose(nb, 2)
    for trap in ("the safest strategy and the most expensive one",
                 "the strongest rollback plan and a full dress rehearsal",
                 "A pilot proves only what it represents",
                 "temporary interfaces or double processes",
                 "Canary and blue-green are not synonyms",
                 "An incompatible database schema change rules out running old and new side "
                 "by side"):
        assert trap in prose, trap


def test_sources_named_in_section_2(nb):
    prose = _prose(nb, 2)
    assert "*ITIL Foundation: ITIL 4 Edition*, 2019, §5.3.1" in prose
    assert "*Site Reliability Workbook* (2018, ch. 16)" in prose
    assert "Humble and Farley, *Continuous Delivery*, 2010, ch. 10" in prose


def test_the_strategy_exercise_names_the_classic_modern_confusion(nb):
    """Trainer note of section 2: the check names a modern form taken for its classic
    counterpart."""
    counterpart = {s.id: s.classic_counterpart for s in rollout.load_strategies()}
    modern = []
    for seed in range(40):
        ex = ex03.WhichStrategy(seed=seed)
        answer = ex.expected()["strategies"]
        modern = [i for i, a in enumerate(answer) if counterpart.get(a)]
        if modern:
            break
    assert modern, "no seed among 40 draws a modern form"
    given_ = list(answer)
    given_[modern[0]] = counterpart[answer[modern[0]]]
    feedback = ex.check(strategies=given_)
    assert not feedback.correct and "routing traffic" in feedback.message
    assert "the confusion of pilot with canary and of big bang with blue-green" in \
        _trainer_note(nb, 2)


# --------------------------------------------------------------------------
# Section 3: the scoring model, recomputed from the formula the lesson writes out
# --------------------------------------------------------------------------

def _independent_fits(values: dict) -> dict[str, np.ndarray]:
    """Steps 1 and 2 of the lesson's formula, from the tables the lesson shows (factors
    and directions), without the package's scoring code: strategy id -> fit per factor,
    in the order of the factors table."""
    factors = rollout.factors_table()
    directions = rollout.directions()
    ids = {f.name: f.id for f in rollout.load_factors()}
    x = np.array([min(1.0, max(0.0, (math.log10(values[ids[n]]) - 1) / 4))
                  if n == "Number of users" else (values[ids[n]] - 1) / 4
                  for n in factors.index])
    by_name = {s.name: s.id for s in rollout.load_strategies()}
    return {by_name[col]: 0.5 + directions.loc[factors.index, col].to_numpy() * (x - 0.5)
            for col in directions.columns}


def _independent_scores(values: dict, weights: dict) -> dict[str, float]:
    """Step 3: 100 × sum of weight × fit / sum of the weights."""
    ids = [f.id for f in rollout.load_factors()]
    w = np.array([weights[i] for i in ids], dtype=float)
    return {s: float(100 * fit @ w / w.sum()) for s, fit in _independent_fits(values).items()}


def test_the_written_formula_is_the_package_formula_on_the_sample():
    sample = rollout.sample_factors()
    result = rollout.recommend_strategy(sample)
    assert _independent_scores(sample, rollout.default_weights()) == pytest.approx(result.scores)


@settings(max_examples=60, deadline=None)
@given(st.fixed_dictionaries({
    "system_complexity": st.integers(1, 5), "downtime_tolerance": st.integers(1, 5),
    "resource_availability": st.integers(1, 5), "testing_capability": st.integers(1, 5),
    "user_impact": st.integers(1, 5), "rollback_plan": st.integers(1, 5),
    "users": st.integers(1, 1_000_000), "regulatory_constraint": st.integers(1, 5)}),
    st.lists(st.sampled_from([0.0, 0.5, 1.0, 1.5, 2.0, 3.0, 5.0]), min_size=8, max_size=8))
def test_the_written_formula_matches_the_package_everywhere(values, weights):
    ids = [f.id for f in rollout.load_factors()]
    if sum(weights) == 0:
        weights = [1.0] * 8
    chosen = dict(zip(ids, weights))
    result = rollout.recommend_strategy(values, chosen)
    assert _independent_scores(values, chosen) == pytest.approx(result.scores)


def test_the_users_scale_ends_as_written(nb):
    prose = _prose(nb, 3)
    assert (strategy_module.USERS_LOW, strategy_module.USERS_HIGH) == (10, 100_000)
    assert "kept between 0 (10 users or fewer) and 1 (100,000 users or more)" in prose
    assert all((f.scale_min, f.scale_max) == (1, 5) for f in rollout.load_factors()
               if f.kind == "ordinal")
    assert "a rating $v$ from 1 to 5 as $(v-1)/4$" in prose


def test_six_factors_from_the_article_and_two_added(nb):
    ids = [f.id for f in rollout.load_factors()]
    assert ids[:6] == ["system_complexity", "downtime_tolerance", "resource_availability",
                       "testing_capability", "user_impact", "rollback_plan"]
    assert ids[6:] == ["users", "regulatory_constraint"]
    assert "names six factors" in _prose(nb, 3) and "adds two" in _prose(nb, 3)


def test_middle_ratings_give_every_strategy_the_same_points(nb):
    """Prose of section 3: a factor rated in the middle of its scale takes no part in the
    decision; in the sample, the race is decided by the factors away from the middle."""
    sample = rollout.sample_factors()
    result = rollout.recommend_strategy(sample)
    middle = [f.name for f in rollout.load_factors()
              if f.kind == "ordinal" and sample[f.id] == 3]
    assert middle
    for name in middle:
        assert result.breakdown.loc[name].nunique() == 1, name
    others = [n for n in result.breakdown.index if n not in middle]
    assert all(result.breakdown.loc[n].nunique() > 1 for n in others)
    assert "takes no part in the decision" in _prose(nb, 3)


def test_break_even_formula_as_written():
    """Δ = (N_t − N_s) / (fit_s,f − fit_t,f), computed independently for every factor
    and challenger (weights kept within 0 to 10), gives the package's smallest move up,
    and the move down where one exists."""
    sample = rollout.sample_factors()
    weights = rollout.default_weights()
    table = rollout.weight_sensitivity(sample)
    ids = [f.id for f in rollout.load_factors()]
    w = np.array([weights[i] for i in ids])
    fit = _independent_fits(sample)
    numer = {s: float(f @ w) for s, f in fit.items()}
    t = max(numer, key=numer.get)
    assert t == rollout.recommend_strategy(sample).top
    for j, f in enumerate(rollout.load_factors()):
        up = [(numer[t] - numer[s]) / (fit[s][j] - fit[t][j])
              for s in fit if s != t and fit[s][j] > fit[t][j]]
        up = [m for m in up if w[j] + m <= 10]
        down = [(numer[t] - numer[s]) / (fit[t][j] - fit[s][j])
                for s in fit if s != t and fit[s][j] < fit[t][j]]
        down = [m for m in down if m <= w[j]]
        row = table.loc[f.name]
        if up:
            assert row["Move up by"] == pytest.approx(min(up)), f.name
        else:
            assert math.isnan(row["Move up by"]) and row["New leader (up)"] == "", f.name
        if down:
            assert row["Move down by"] == pytest.approx(min(down)), f.name
        else:
            assert math.isnan(row["Move down by"]), f.name


def test_selection_answer_key(nb):
    """Trainer note of section 3: the worked example, the sensitivity, Try-it questions
    1 to 6."""
    note = _trainer_note(nb, 3)
    sample = rollout.sample_factors()
    base = rollout.recommend_strategy(sample)
    names = _names()
    runner = base.order[1]
    assert (f"{base.top_name} scores {base.scores[base.top]:.1f} and {names[runner]} "
            f"{base.scores[runner]:.1f}") in note
    sens = rollout.weight_sensitivity(sample)
    flips = sens.dropna(subset=["Move up by", "Move down by"], how="all")
    assert len(flips) == 1          # "only the weight of ... can change the leader"
    name = flips.index[0]
    row = flips.iloc[0]
    assert math.isnan(row["Move down by"])
    assert (f"only the weight of {name.lower()} can change the leader within 0 to 10: "
            f"raising it by {row['Move up by']:.2f} (to {row['Weight now'] + row['Move up by']:.2f}) "
            f"puts {row['New leader (up)']} first") in note

    def first_change(fid, values):
        for v in values:
            found = rollout.recommend_strategy(dict(sample, **{fid: v}))
            if found.top != base.top:
                return v, found
        raise AssertionError(fid)

    # (1) resources: the first rating that changes the leader, and why
    v, found = first_change("resource_availability", range(sample["resource_availability"] + 1, 6))
    assert (f"(1) at {v}, {found.top_name} leads ({found.scores[found.top]:.1f} points against "
            f"{found.scores[base.top]:.1f} for {base.top_name})") in note
    resources = rollout.directions().loc["Resource availability"]
    assert list(resources[resources > 0].index) == [found.top_name]
    # (2) no tested rollback plan
    v, found = first_change("rollback_plan", range(sample["rollback_plan"] - 1, 0, -1))
    assert v == 1 and f"(2) {found.top_name}, which carries its own fallback" in note
    rollback = rollout.directions().loc["Rollback plan"]
    assert rollback.idxmin() == found.top_name
    # (3) regulation
    v, found = first_change("regulatory_constraint", range(sample["regulatory_constraint"] + 1, 6))
    assert v == 5
    assert (f"(3) {found.top_name} ({found.scores[found.top]:.1f} against "
            f"{found.scores[base.top]:.1f})") in note
    assert rollout.directions().loc["Regulatory constraint"].idxmax() == found.top_name
    # (4) the slider position in the tool's Weights tab
    tool = strategy_tool()
    fid = next(f.id for f in rollout.load_factors() if f.name == name)
    slider = tool.weights[fid]
    target = row["Weight now"] + row["Move up by"]
    position = math.ceil(target / slider.step) * slider.step
    assert position <= slider.max
    assert f"(4) from {position:.1f}, the first slider position above {target:.2f}" in note
    slider.value = position
    assert f"Recommended: {row['New leader (up)']}" in tool.result.value
    slider.value = position - slider.step
    assert f"Recommended: {base.top_name}" in tool.result.value
    # (5) a big-bang situation
    small = dict(sample, system_complexity=1, downtime_tolerance=5, user_impact=1, users=15,
                 testing_capability=5, rollback_plan=5)
    found = rollout.recommend_strategy(small)
    assert found.top == "big_bang"
    assert (f"{small['users']} users, testing 5 and rollback plan 5: the big bang scores "
            f"{found.scores['big_bang']:.1f}") in note
    # (6) equal weights
    equal = rollout.recommend_strategy(sample, {f: 1 for f in rollout.default_weights()})
    assert equal.top == base.top
    assert f"(6) no, {equal.top_name} still leads ({equal.scores[equal.top]:.1f})" in note


def test_the_ratings_can_change_the_leader_where_their_weights_cannot(nb):
    """Prose: moving one rating by one step can change the leader where no move of its
    weight can (resources at 4, a factor whose weight never flips the leader)."""
    sample = rollout.sample_factors()
    sens = rollout.weight_sensitivity(sample)
    assert math.isnan(sens.loc["Resource availability", "Move up by"])
    assert math.isnan(sens.loc["Resource availability", "Move down by"])
    moved = rollout.recommend_strategy(dict(sample, resource_availability=4))
    assert moved.top != rollout.recommend_strategy(sample).top
    assert "moving one rating by one step can change the leader" in _prose(nb, 3)


def test_the_selection_exercises_check_the_slips_the_note_names(nb):
    note = _trainer_note(nb, 3)
    ex = ex03.ScoreStrategies(seed=learner_seed("Ada Lovelace"))
    want = ex.expected()
    slips = ex.slips(want["strategy"])
    assert {"unweighted", "not divided", "fraction"} <= set(slips)
    assert any(k.startswith("reversed ") for k in slips)
    assert "an unweighted average, a weighted sum not divided by the sum of the weights, a " \
           "fraction instead of points and one factor's direction reversed" in note
    flip = ex03.WeightToFlip(seed=learner_seed("Ada Lovelace"))
    expected = flip.expected()
    now = flip.weights[flip.factor]
    new_weight = now + expected["move"] if flip.way == "up" else now - expected["move"]
    feedback = flip.check(move=round(new_weight, 2), leader=expected["leader"])
    assert not feedback.correct and "the new weight" in feedback.message
    assert "the new weight given instead of the change" in note


# --------------------------------------------------------------------------
# Section 4: the simulation
# --------------------------------------------------------------------------

@pytest.fixture(scope="module")
def sim_defaults():
    tool = rollout_simulator()
    default_n = inspect.signature(rollout.simulate_rollout).parameters["iterations"].default
    return tool.seed.value, tool.iterations.value, default_n


def test_the_worked_example_runs_as_the_simulator_does(code, sim_defaults):
    """Same seed as the tool, but at least 20,000 futures, so that the sampling noise of
    the chance of an escape stays below half a percentage point (standard error
    sqrt(p(1-p)/n) <= 0.5/sqrt(n) = 0.0035 at n = 20,000), and the exact chance
    1 - (1 - p)^cutovers is computed beside it."""
    seed, n, default_n = sim_defaults
    assert n == default_n
    worked_seed, worked_n = _worked_run(code)
    assert worked_seed == seed and worked_n >= 20_000
    assert 0.5 / math.sqrt(worked_n) < 0.005
    assert '1 - (1 - p) ** t["Cutovers"]' in code


def test_the_exact_chance_and_the_simulated_one_agree(code):
    """The exact chance of at least one escape, 1 - (1 - p)^n for n independent cutovers,
    against the worked example's simulation: within four standard errors for each
    strategy. Before the fix, 2,000 futures put the big bang at 14 % for p = 0.15."""
    seed, n = _worked_run(code)
    s = rollout.simulate_rollout(seed=seed, iterations=n).summary
    p = rollout.SAMPLE_ORGANISATION["escape_probability"]
    for name, row in s.iterrows():
        exact = 1 - (1 - p) ** row["Cutovers"]
        se = math.sqrt(exact * (1 - exact) / n)
        assert abs(row["Chance at least one defect escapes"] - exact) <= 4 * se, name
    names = _names()
    assert s.at[names["pilot"], "Cutovers"] == 5
    assert math.isclose(1 - (1 - p) ** 5, 1 - 0.85 ** 5)


def test_more_cutovers_cap_the_loss_but_do_not_lower_its_mean(nb, code):
    """The reading on independent cutovers: with no learning between cutovers every user
    passes one cutover with chance p, so the mean number of users hit is p x users for the
    big bang, the phased rollout and the pilot alike (within four standard errors of the
    simulation), while the largest group exposed at once is smaller; the learning is
    what brings the phased and pilot means below the big bang's."""
    seed, n = _worked_run(code)
    org = rollout.SAMPLE_ORGANISATION
    p, users = org["escape_probability"], org["users"]
    flat = rollout.simulate_rollout(seed=seed, iterations=n, lessons_learned=0).summary
    learning = rollout.simulate_rollout(seed=seed, iterations=n).summary
    names = _names()
    bang = names["big_bang"]
    for key in ("big_bang", "phased", "pilot"):
        name = names[key]
        # a big bang's users hit is users x Bernoulli(p): the largest spread of the three
        se = users * math.sqrt(p * (1 - p) / n)
        assert abs(flat.at[name, "Users hit (mean)"] - p * users) <= 4 * se, name
        if key != "big_bang":
            assert (flat.at[name, "Largest group exposed at once (users)"]
                    < flat.at[bang, "Largest group exposed at once (users)"])
            assert (flat.at[name, "Chance at least one defect escapes"]
                    > flat.at[bang, "Chance at least one defect escapes"])
            assert learning.at[name, "Users hit (mean)"] < p * users - 4 * se
    prose = _prose(nb, 4)
    assert "every cutover as an independent chance of an escape" in prose
    assert "not one software defect that every wave shares" in prose
    assert "they do not lower its *expected* value in this model" in prose
    assert "lessons_learned=0" in code


def test_the_simulated_organisation_is_the_scored_one():
    assert rollout.SAMPLE_ORGANISATION["users"] == rollout.sample_factors()["users"]


def test_simulation_readings(nb, sim_defaults):
    seed, n, _ = sim_defaults
    s = rollout.simulate_rollout(seed=seed, iterations=n).summary
    names = _names()
    bang = s.loc[names["big_bang"]]
    # a percentile can hide a tail
    assert bang["Users hit (P80)"] == 0 < bang["Users hit (mean)"]
    assert bang["Chance at least one defect escapes"] < 0.2
    assert bang["Largest group exposed at once (users)"] == rollout.SAMPLE_ORGANISATION["users"]
    # the users' downtime is the same for big bang, phased and pilot
    same = s.loc[[names[k] for k in ("big_bang", "phased", "pilot")], "Downtime (user-hours)"]
    assert same.nunique() == 1
    outages = s.loc[[names[k] for k in ("big_bang", "phased", "pilot")], "Outage (hours)"]
    assert outages.nunique() == 3
    # the parallel run buys safety with money
    parallel = s.loc[names["parallel"]]
    assert parallel["Users hit (mean)"] == 0 and s["Cost"].idxmax() == names["parallel"]
    prose = _prose(nb, 4)
    assert "its P80 of users hit is zero, while its mean is not" in prose
    assert "The users' downtime is the same" in prose
    assert "nobody is hit while the old system still runs, at the highest cost" in prose


def test_simulation_answer_key(nb, sim_defaults):
    note = _trainer_note(nb, 4)
    seed, n, _ = sim_defaults
    names = _names()
    BB, PH, PA, PI = (names[k] for k in ("big_bang", "phased", "parallel", "pilot"))
    org = rollout.SAMPLE_ORGANISATION

    def summary(**kw):
        return rollout.simulate_rollout(seed=seed, iterations=n, **kw).summary

    s0 = summary()
    assert f"Answer key (seed {seed}, {n:,} futures)" in note
    # (1)
    fastest = s0.index[s0["Weeks to move everyone"] == s0["Weeks to move everyone"].min()]
    assert list(fastest) == [BB, PA]
    assert (f"(1) {_running(BB)} and {_running(PA)} move everyone in week "
            f"{s0['Weeks to move everyone'].min():.0f}") in note
    assert s0["Cost"].idxmin() == BB
    assert f"{_running(BB)} costs least ({_money(s0.at[BB, 'Cost'])})" in note
    assert list(s0.index[s0["Users hit (mean)"] == 0]) == [PA]
    assert f"under {_running(PA)} nobody is hit" in note
    # (2) no escapes
    clean = summary(escape_probability=0)
    assert (clean["Users hit (mean)"] == 0).all()
    assert (f"(2) the phased rollout costs {_money(clean.at[PH, 'Cost'])} and takes "
            f"{clean.at[PH, 'Weeks to move everyone']:.0f} weeks, the pilot "
            f"{_money(clean.at[PI, 'Cost'])} and {clean.at[PI, 'Weeks to move everyone']:.0f} "
            f"weeks, against {_money(clean.at[BB, 'Cost'])} and "
            f"{clean.at[BB, 'Weeks to move everyone']:.0f} week for the big bang") in note
    # (3) the weekly cost at which the parallel run costs what the pilot does
    tool = rollout_simulator()
    box = tool.inputs["parallel_cost_per_week"]
    lo, hi = 0.0, float(org["parallel_cost_per_week"])
    for _ in range(60):            # bisection on the tool's own result, not the formula
        mid = (lo + hi) / 2
        box.value = mid
        cost = tool.memo(tool_key(tool)).summary
        lo, hi = (mid, hi) if cost.at[PA, "Cost"] <= cost.at[PI, "Cost"] else (lo, mid)
    assert f"(3) at {_money(lo)} a week the parallel run costs the same as the pilot " \
           f"({_money(s0.at[PI, 'Cost'])})" in note
    assert f"spread over the {org['parallel_weeks']} weeks of the run" in note
    # (4) a riskier cutover
    risky = summary(escape_probability=0.3)
    assert s0.at[BB, "Users hit (P80)"] == 0 and risky.at[BB, "Users hit (P80)"] == org["users"]
    assert risky.at[BB, "Chance at least one defect escapes"] > 0.2
    exact = 1 - (1 - 0.3) ** risky.at[BB, "Cutovers"]
    assert exact > 0.2
    assert (f"(4) it jumps from {_count(s0.at[BB, 'Users hit (P80)'])} to "
            f"{_count(risky.at[BB, 'Users hit (P80)'])}: the chance that the single cutover "
            f"lets a defect escape rises to {_pct(exact)} exactly, above one in five") in note
    worked_seed, worked_n = _worked_run(
        "\n".join(c.source for c in nb.cells if c.cell_type == "code"))
    assert f"The worked example runs {worked_n:,} futures, the tool {n:,} by default" in note
    # (5) more capacity
    wide = summary(sites_per_wave=4)
    exposed = "Largest group exposed at once (users)"
    assert wide.at[PH, exposed] == s0.at[BB, exposed]
    assert (f"(5) the phased rollout finishes in {wide.at[PH, 'Weeks to move everyone']:.0f} "
            f"weeks instead of {s0.at[PH, 'Weeks to move everyone']:.0f} and costs "
            f"{_money(wide.at[PH, 'Cost'])} instead of {_money(s0.at[PH, 'Cost'])}, but the "
            f"largest group exposed at once grows from {_count(s0.at[PH, exposed])} to "
            f"{_count(wide.at[PH, exposed])} users, as many as in the big bang") in note


def tool_key(tool):
    """The simulator's memo key for its current inputs (as the tool builds it)."""
    return (*((k, c.value) for k, c in tool.inputs.items()), tool.seed.value,
            tool.iterations.value)


def test_the_simulator_tool_shows_question_4s_jump(sim_defaults):
    """Question 4 of the Try it, driven through the tool: the big bang's P80 of users hit
    goes from 0 to every user when the chance of an escape is 0.3."""
    tool = rollout_simulator()

    def p80_big_bang() -> str:
        shown = tool.summary.value + getattr(tool, "defects", tool.summary).value
        row = re.search(r"Users hit by an escaped defect \(P80\)</t[hd]>(.*?)</tr>",
                        shown, re.S)
        assert row, "no P80 row in the simulator's summary"
        return re.findall(r"<td[^>]*>(.*?)</td>", row.group(1))[0].strip()

    assert p80_big_bang() == "0"
    tool.inputs["escape_probability"].value = 0.3
    assert tool.message.value == ""
    assert p80_big_bang() == _count(rollout.SAMPLE_ORGANISATION["users"])


# --------------------------------------------------------------------------
# Section 5: cutover, rollback and hypercare
# --------------------------------------------------------------------------

def test_the_runbook_sits_on_lesson_01s_plan(nb):
    plan = schedule.load_plan()
    table = schedule.analyse(plan).table
    content = rollout.load_cutover()
    tasks = {step.task for step in content.steps}
    assert tasks == {"cutover_rehearsal", "go_no_go", "final_load", "golive", "hypercare"}
    assert all(t in plan for t in tasks)
    # the dress rehearsal is a task on the critical path of lesson 01's plan
    assert bool(table.at["cutover_rehearsal", "critical"])
    assert "In lesson 01's plan it is a task on the critical path" in _prose(nb, 5)
    # the first checkpoint scores lesson 01's readiness checklist
    first = next(s for s in content.steps if s.checkpoint)
    assert first.task == "go_no_go" and "readiness checklist" in (first.note or "")


def test_the_rollback_checklist_runs_in_the_order_the_prose_gives(nb):
    actions = list(rollout.rollback_checklist()["Action"])
    words = ["decision", "Tell every audience", "Stop user access", "Export the transactions",
             "Restore", "Point the interfaces back", "Re-enter", "reopen", "Log the cause"]
    assert len(actions) == len(words)
    for action, word in zip(actions, words):
        assert word in action, (action, word)
    assert ("decide and record why, tell everyone, stop access, capture what was entered in "
            "the new system, restore, point the interfaces back, re-enter and reconcile, "
            "reopen, learn") in _prose(nb, 5)


def test_cutover_answer_key(nb):
    note = _trainer_note(nb, 5)
    plan = schedule.load_plan()
    book = rollout.cutover_runbook(plan)

    def day(task):
        return book.loc[book["Plan task"] == plan.task(task).name, "Plan day"].iloc[0]

    assert (f"the dress rehearsal on plan day {day('cutover_rehearsal'):g}, the go/no-go "
            f"meeting and the cutover on day {day('go_no_go'):g}, go-live and the start of "
            f"hypercare on day {day('golive'):g}") in note
    assert day("final_load") == day("go_no_go") and day("hypercare") == day("golive")
    weekend = book[book["Plan task"] == plan.task("final_load").name]
    hours = (weekend["Start (hour)"] + weekend["Duration (hours)"]).max()
    assert weekend.iloc[0]["Step"].startswith("Stop transactions in the old system")
    assert weekend.iloc[-1]["Step"].startswith("Final go/no-go")
    assert f"The cutover itself runs {hours:g} hours" in note
    # (1) checkpoints, and the two after go-live
    checks = [str(i) for i in book.index[book["Go/no-go checkpoint"]]]
    assert f"(1) the checkpoints are steps {', '.join(checks[:-1])} and {checks[-1]}" in note
    opens = book.index[book["Plan task"] == plan.task("golive").name].min()
    after = book[book["Go/no-go checkpoint"] & (book.index > opens)]
    assert len(after) == 2
    end, review = after.index
    assert book.at[end, "Point of no return"]
    assert after.at[review, "Step"].startswith("Hypercare exit review")
    assert (f"after go-live come step {end}, the point of no return, decided by the "
            f"{book.at[end, 'Owner'].lower()}, and step {review}, the "
            f"{after.at[review, 'Step'].lower()}, decided by the "
            f"{after.at[review, 'Owner'].lower()} and placed at the end of hypercare on day "
            f"{after.at[review, 'Plan day']:g}, its earliest date") in note
    assert after.at[review, "Plan day"] == schedule.analyse(plan).table.at["hypercare",
                                                                           "early_finish"]
    # (2) rollback points
    points = list(book.index[book["Rollback point"]])
    assert book.at[points[0], "Step"].startswith("Take and verify a full backup")
    assert points[-1] == end and end > opens
    assert f"the verified backup (step {points[0]})" in note
    assert f"the last rollback point, step {points[-1]} (Point of no return), comes after " \
           "go-live" in note
    final = book[book["Step"].str.startswith("Final go/no-go")]
    assert len(final) == 1 and final.index[0] < opens and not final["Rollback point"].iloc[0]
    assert f"step {final.index[0]}, the final go/no-go, is only the last go/no-go before " \
           "users start work" in note
    cutover_tool_ = cutover_tool()
    assert f"(step {points[-1]})" in cutover_tool_.summary.value
    # (3) the criterion decided by a different body
    criteria = rollout.rollback_criteria()
    deciders = criteria["Decided by"].value_counts()
    odd = criteria[criteria["Decided by"] == deciders.idxmin()]
    assert len(odd) == 1 and deciders.idxmax() == "Sponsor"
    assert odd["Roll back when"].iloc[0].startswith("A severity-1 defect after go-live")
    assert "before the point of no return" in odd["Threshold"].iloc[0]
    assert odd["Applies up to step"].iloc[0] == end
    assert (f"(3) the severity-1 criterion, decided by the {odd['Decided by'].iloc[0].lower()}, "
            f"which applies up to step {end}") in note
    # (4) tell everyone before stopping access, status page first
    actions = list(rollout.rollback_checklist()["Action"])
    tell = next(i for i, a in enumerate(actions) if a.startswith("Tell every audience"))
    stop = next(i for i, a in enumerate(actions) if a.startswith("Stop user access"))
    assert tell < stop and "status page first" in actions[tell]
    assert "(4) users and customers must hear before they lose the system" in note


def test_cutover_exercises_check_the_slips_the_note_names(nb):
    note = _trainer_note(nb, 5)
    assert "0 severity-1, 0 severity-2" == rollout.hypercare_exit_criteria().iloc[0]["Target"]
    slips = ex03.HypercareExit._SLIPS
    assert "Severity-2" in slips["no_critical_open"]
    assert "in a row" in slips["jobs_stable"] and "average" in slips["service_levels_met"]
    assert "falling two weeks in a row" in slips["falling_trend"]
    assert ("severity-2 incidents forgotten, a trend that is not falling two weeks in a row or "
            "not below the agreed level, days without manual help counted in total instead of "
            "in a row, and a service level met only on average") in note
    missed = ex03.RollbackDecision._MISSED
    assert "workaround" in missed["critical_process_fails"]
    assert "manual fallback" in missed["interface_down"]
    assert "a buffer not reduced by the hours already behind plan" in note


def test_hypercare_is_ended_by_criteria_not_a_date(nb):
    prose = _prose(nb, 5)
    assert "which ITIL v3 / 2011 *Service Transition* calls **early life support**" in prose
    assert "do not expect *early life support* prominently in ITIL 4 Foundation" in prose
    assert "not on a date in the plan" in prose
    assert "Hypercare (early life support)" == schedule.load_plan().task("hypercare").name


# --------------------------------------------------------------------------
# Section 6: communication
# --------------------------------------------------------------------------

def test_channels_from_the_article_and_the_two_added(nb):
    channels = rollout.load_channels()
    assert [c.id for c in channels if c.from_seed] == ["email", "phone", "pm_software", "video"]
    assert [c.id for c in channels if not c.from_seed] == ["in_app", "status_page"]
    status = next(c for c in channels if c.id == "status_page")
    assert "stays up when the system is down" in status.advantages
    prose = _prose(nb, 6)
    assert "it stays up when the service is down" in prose


def test_communication_answer_key(nb):
    note = _trainer_note(nb, 6)
    plan = rollout.communication_plan()
    first = plan.iloc[0]
    assert first["Phase"] == "Before the upgrade"
    channels = first["Channels"].lower().split(", ")
    assert (f"(1) the {first['Audience'].lower()}, {first['When']}, by "
            f"{', '.join(channels[:-1])} and {channels[-1]}") in note
    # it is the earliest message: every other "before" message is fewer weeks ahead
    weeks = [int(re.match(r"(\d+) weeks before", w).group(1))
             for w in plan.loc[plan["Phase"] == "Before the upgrade", "When"]
             if re.match(r"\d+ weeks before", w)]
    assert int(first["When"].split()[0]) == max(weeks)
    status = rollout.communication_plan(channels=["status page"])
    by_audience = status.groupby("Audience", sort=False)["Phase"].apply(list).to_dict()
    assert set(by_audience) == {"End users", "External customers and partners"}
    assert [p.split()[0] for p in by_audience["External customers and partners"]] == \
        ["Before", "During", "After"]
    assert [p.split()[0] for p in by_audience["End users"]] == ["During"]
    assert "(2) external customers and partners before, during and after; end users during" \
        in note
    assert "Key users" not in set(status["Audience"]) and "IT operations" not in \
        set(status["Audience"])
    in_app = next(c for c in rollout.load_channels() if c.id == "in_app")
    assert in_app.disadvantages.startswith("Useless while the system is down")
    assert "during" not in {m.phase for m in rollout.load_messages() if "in_app" in m.channels}
    assert "(3) an in-app notice is shown inside the system, so it reaches nobody" in note


def test_the_channel_exercise_accepts_either_planned_channel(nb):
    ex = ex03.ChannelForMessage(seed=learner_seed("Ada Lovelace"))
    double = [i for i, m in enumerate(ex.messages) if len(m.channels) == 2]
    assert double
    answer = [m.channels[0] for m in ex.messages]
    answer[double[0]] = ex.messages[double[0]].channels[1]
    assert ex.check(channels=answer).correct
    assert "accepts either channel where the plan uses two" in _trainer_note(nb, 6)


# --------------------------------------------------------------------------
# Key points and sources
# --------------------------------------------------------------------------

def test_key_points_and_sources(nb):
    key_points = next(c.source for c in nb.cells if c.source.startswith("## Key points"))
    assert "weighted-scoring teaching model" in key_points
    assert "not on a date" in key_points
    sources = next(c.source for c in nb.cells if c.source.startswith("## Sources"))
    for needle in ("Laudon", "§5.3.1", "Service Transition", "J. Humble and D. Farley",
                   "Site Reliability Workbook", "datasets/rollout/README.md"):
        assert needle in sources, needle


# --------------------------------------------------------------------------
# Review fixes: one rule for the way back, ITIL 4 terms, blue-green's way back,
# push/pull/interactive, and the wording of exercises
# --------------------------------------------------------------------------

def test_one_rule_for_the_point_of_no_return(nb):
    """The runbook's point of no return is one step after go-live (the system opens
    before it), the last rollback point; the final go/no-go before opening is not a
    rollback moment of its own; every rollback criterion applies up to a step no later
    than it, and the checklist (re-entering what was typed since opening) therefore only
    runs before it."""
    plan = schedule.load_plan()
    table = schedule.analyse(plan).table
    book = rollout.cutover_runbook(plan)
    content = rollout.load_cutover()
    ends = book.index[book["Point of no return"]]
    assert len(ends) == 1
    end = ends[0]
    opens = book.index[book["Step"].str.startswith("Open the new system to users")].item()
    assert book.at[opens, "Plan task"] == plan.task("golive").name
    assert end > opens
    assert book.at[end, "Plan day"] >= table.at["golive", "early_start"]
    assert book.at[end, "Rollback point"] and book.index[book["Rollback point"]].max() == end
    assert "first bank payment run" in book.at[end, "Step"]
    final = book.index[book["Step"].str.startswith("Final go/no-go")].item()
    assert final < opens and "before the system opens" in book.at[final, "Step"]
    assert "last planned moment" not in book.at[final, "Step"]
    # every criterion applies before (or at) the point of no return
    position = {s.id: i for i, s in enumerate(content.steps, start=1)}
    for c in content.rollback_criteria:
        assert position[c.until] <= end, c.id
    criteria = rollout.rollback_criteria()
    assert (criteria["Applies up to step"] <= end).all()
    assert (criteria["Applies up to step"] == end).any()     # some apply after opening
    # the checklist runs after a decision under a criterion, so before the point of no return
    checklist = rollout.rollback_checklist()
    assert "record which criterion was met" in checklist.iloc[0]["Action"]
    capture = checklist[checklist["Action"].str.startswith("Export the transactions")]
    assert "at most one business day's" in capture["Action"].item()
    # the prose and the bank say the same
    prose = _prose(nb, 5)
    assert "The **point of no return** is a moment fixed in advance *after* go-live" in prose
    assert "the last go/no-go *before users start work*" in prose
    assert "The point of no return is not the last go/no-go before opening" in prose
    text = (ROOT / "datasets" / "questions" / "03_rollout_strategies.yml").read_text(
        encoding="utf-8")
    ro20 = text[text.index("id: ro-20"):text.index("id: ro-21")]
    ro24 = text[text.index("id: ro-24"):text.index("id: ro-25")]
    assert "point of no return\n      at the end of that first business day" in ro20
    assert "after the final go/no-go, which the runbook" not in ro20
    assert "point of no return is at the end of\n      this first business day" in ro24


def test_itil_4_deployment_approaches_trap(nb):
    prose = _prose(nb, 2)
    assert ("its own four deployment approaches: **phased**, **continuous delivery**, "
            "**big bang** and **pull**") in prose
    assert "*Parallel run* and *pilot* are textbook conversion strategies, not ITIL 4 terms" \
        in prose
    assert "keeps **deployment management** (moving components to live environments) apart " \
           "from **release management**" in prose
    readme = (ROOT / "datasets" / "rollout" / "README.md").read_text(encoding="utf-8")
    for word in ("phased deployment", "continuous delivery", "big bang deployment",
                 "pull deployment", "section 5.3.1"):
        assert word in readme, word


def test_blue_green_way_back_needs_data_the_old_version_can_read(nb):
    prose = _prose(nb, 2)
    assert "the rollback is a second switch, as long as the previous version can still read " \
           "the data" in prose
    assert "a schema change the old version cannot read removes it, so make schema changes " \
           "backward compatible first" in prose
    assert "*expand*" in prose and "*contract*" in prose
    key_points = next(c.source for c in nb.cells if c.source.startswith("## Key points"))
    assert "while the old version can still read the data" in key_points
    blue_green = rollout.get_strategy("blue_green")
    assert any("Database changes must suit both versions" in d
               for d in blue_green.disadvantages)


def test_push_pull_and_interactive_channels(nb):
    """PMBOK 6th ed. §10.1.2.5: the lesson classifies every channel of the data, and the
    bank cites the same section (not §10.1.2.4, communication models)."""
    prose = _prose(nb, 6)
    assert "(6th ed., 2017, §10.1.2.5, communication methods)" in prose
    classes = {"interactive": "**Interactive**: a live exchange among several parties, such "
                              "as a phone call or a video conference",
               "push": "such as an email or an in-app notice shown to users",
               "pull": "such as the status page, an intranet or the dashboard of the "
                       "project-management software"}
    for text in classes.values():
        assert text in prose, text
    named = {"phone": "phone call", "video": "video conference", "email": "an email",
             "in_app": "in-app notice", "status_page": "status page",
             "pm_software": "project-management software"}
    assert set(named) == {c.id for c in rollout.load_channels()}
    classification = prose[prose.index("**Push, pull or interactive.**"):]
    classification = classification[:classification.index("> **Exam traps.**")]
    for phrase in named.values():
        assert phrase in classification, phrase
    assert "(5) Push is not received" in prose and "A status page is pull" in prose
    sources = next(c.source for c in nb.cells if c.source.startswith("## Sources"))
    assert "6th ed., 2017, §10.1.2.5, communication methods" in sources
    bank = (ROOT / "datasets" / "questions" / "03_rollout_strategies.yml").read_text(
        encoding="utf-8")
    assert "10.1.2.4" not in bank
    assert bank.count("PMBOK Guide 6th ed. (2017), section 10.1.2.5, communication methods") >= 2


def test_exercise_wording_fixes(nb):
    ex7 = ex03.ChannelForMessage(seed=learner_seed("Ada Lovelace"))
    assert "choose the channel the plan uses for it" in ex7.task
    assert "choose the channel the plan uses for it" in _prose(nb, 6)
    assert "suits each message of the plan best" not in _prose(nb, 6)
    ex5 = ex03.RollbackDecision(seed=learner_seed("Ada Lovelace"))
    assert "exactly fill the buffer left count as fitting" in ex5.task
    assert "the same strategy may fit more than one scenario" in _prose(nb, 2)
    assert "with a spreadsheet or a calculator" in _prose(nb, 3)
    assert "takes no part in the decision in this model" in _prose(nb, 3)
    assert "32 fits" in _prose(nb, 3)
    factors = len(rollout.load_factors())
    scored = len([s for s in rollout.load_strategies() if s.family == "classic"])
    assert factors * scored == 32
    assert "Exercise 3 means 32 fits" in _trainer_note(nb, 3)
