"""Lesson 04 (risk assessment): what its prose, Try-it questions and trainer notes claim.

Two kinds of test. Claims about the data are recomputed with the package, so
that a change to the register, the plan or the matrix that makes a sentence
false fails here. Corrected wording is guarded by reading the notebook's
markdown, so that an old, wrong statement cannot come back unnoticed.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from statistics import NormalDist

import nbformat
import pytest

from implcourse import decision_tree as dt
from implcourse import estimating, lifecycle, risk, schedule
from implcourse.plots import risk as charts

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "04_risk_assessment.ipynb"
EXERCISE = re.compile(r"^### Exercise (\d+): ", re.M)
SECTION = re.compile(r"^## (\d+)\. ", re.M)
TIMING = re.compile(r"^\*\*Trainer notes\.\*\* \*Teach \d+ min · exercises \d+ min\.\*")
TIMING_MINUTES = re.compile(r"^\*\*Trainer notes\.\*\* "
                            r"\*Teach (\d+) min · exercises (\d+) min\.\*")


# --------------------------------------------------------------------------
# Fixtures
# --------------------------------------------------------------------------

@pytest.fixture(scope="module")
def nb():
    return nbformat.read(NOTEBOOK, as_version=4)


@pytest.fixture(scope="module")
def markdown(nb) -> str:
    """Every markdown cell, trainer notes included, as one text."""
    return "\n\n".join(c.source for c in nb.cells if c.cell_type == "markdown")


@pytest.fixture(scope="module")
def register():
    return risk.load_register()


@pytest.fixture(scope="module")
def tasks():
    return estimating.estimated_plan()


@pytest.fixture(scope="module")
def scale():
    return risk.sample_scale()


@pytest.fixture(scope="module")
def runs(tasks, register):
    """The simulations of section 7, with the notebook's settings."""
    return {"schedule": risk.simulate_schedule(tasks, n=20_000, seed=2026, risks=register,
                                               residual=True),
            "cost": risk.simulate_cost(tasks, n=20_000, seed=2026, risks=register,
                                       residual=True)}


def _sentences(text: str) -> list[str]:
    """Lines, cut after a full stop followed by a capital (bullets stay whole)."""
    return re.split(r"(?<=\.)\s+(?=[A-Z])|\n", text)


def _trainer_notes(nb) -> list[str]:
    return [c.source for c in nb.cells if "trainer" in c.metadata.get("tags", [])]


# --------------------------------------------------------------------------
# Section 2: the register (Try it: read the register)
# --------------------------------------------------------------------------

def test_register_statuses_match_the_answer_key(register):
    by_status = register.groupby("status")["id"].apply(set).to_dict()
    assert by_status["occurred"] == {"R11"}
    assert "chart of accounts" in register.set_index("id").at["R11", "cause"]
    assert by_status["closed"] == {"R01", "R02"}
    assert set(register.loc[register["status"] == "closed", "phase"]) == {"initiation"}


def test_the_escalated_risk_is_owned_outside_the_project(register):
    """R17 is escalated to the portfolio board, a body above the project, not to the
    project's own governance (sponsor, steering committee)."""
    escalated = register[register["response"] == "escalate"]
    assert escalated["id"].tolist() == ["R17"]
    owner = escalated["owner"].iloc[0]
    assert owner == "portfolio_board"
    assert owner not in {"sponsor", "steering_committee", "client_project_manager"}
    role = lifecycle.get_role(owner)
    assert role.name == "Portfolio board" and role.side == "client"
    assert any("escalated" in duty for duty in role.responsibilities)
    assert "outside the project's authority" in escalated["cause"].iloc[0]
    # the only risk whose owner is not a project role
    assert (register["owner"] == "portfolio_board").sum() == 1


def test_categories_with_threats_and_opportunities(register):
    both = register.groupby("category")["kind"].nunique()
    assert set(both[both == 2].index) == {"cost", "scope", "technical", "vendor"}


# --------------------------------------------------------------------------
# Section 3: the matrix, its editions and the Try-it keys
# --------------------------------------------------------------------------

def test_matrix_scales_bands_and_thresholds():
    matrix = risk.ProbabilityImpactMatrix.five_by_five()
    assert matrix.probability_scale == (0.1, 0.3, 0.5, 0.7, 0.9)
    assert matrix.impact_scale == (0.05, 0.1, 0.2, 0.4, 0.8)
    assert matrix.thresholds == (0.05, 0.18)
    point = dict(enumerate(matrix.impact_scale))
    for share, expected in [(0.03, 0.05), (0.05, 0.05), (0.07, 0.1), (0.10, 0.1),
                            (0.15, 0.2), (0.30, 0.4), (0.55, 0.8)]:
        assert point[matrix.cell(0.5, share)[1]] == expected, share
    assert matrix.cell(0.4, 0.1)[0] == 2  # 0.4 counts as 0.5: halfway goes up


def _with(register, risk_id, **values):
    edited = register.copy()
    at = edited["id"] == risk_id
    for column, value in values.items():
        edited.loc[at, column] = value
    return edited


def test_r15_turns_high_at_probability_080(register, scale):
    """Try it, section 3, question 1."""
    def rating(p):
        row = risk.score_register(_with(register, "R15", probability=p),
                                  **scale).set_index("id").loc["R15"]
        return row.rating, row.score

    assert rating(0.75)[0] == "medium"
    assert rating(0.80) == ("high", pytest.approx(0.18))
    assert risk.score_register(register, **scale).set_index("id").at["R15", "impact_level"] == 3


def test_r08_after_mitigation_falls_from_high_to_medium(register, scale):
    """Try it, section 3, question 2: the typed values are R08's residual columns."""
    row = register.set_index("id").loc["R08"]
    assert (row.residual_probability, row.residual_impact_cost,
            row.residual_impact_days) == (0.40, 78_000, 2)
    assert row.residual_impact_cost < 0.10 * scale["budget"]
    before = risk.score_register(register, **scale).set_index("id").loc["R08"]
    after = risk.score_register(register, residual=True, **scale).set_index("id").loc["R08"]
    assert before.rating == "high"
    assert after.rating == "medium" and after.score == pytest.approx(0.05)


def test_impact_bands_and_matrix_are_credited_to_the_5th_edition(markdown):
    """The % bands are the 5th edition's Table 11-1 and the matrix its Figure 11-10;
    the 6th edition keeps the scoring in Figure 11-5."""
    band_sentences = [s for s in _sentences(markdown) if "less than 10 %" in s]
    assert band_sentences
    for sentence in band_sentences:
        assert "5th edition" in sentence and "Table 11-1" in sentence, sentence
    assert re.search(r"5th edition \(2013\), Figure 11-10 in §11\.3\.2\.2", markdown)
    assert re.search(r"6th edition \(2017\) keeps the same scoring scheme in its Figure 11-5",
                     markdown)
    assert "6th edition's Table 11-1 defines impacts differently" in markdown
    # the old wording credited the scales to an unnamed edition
    assert "scales are those of the PMBOK Guide's example matrix" not in markdown


# --------------------------------------------------------------------------
# Section 4: responses, escalation and the contingency reserve
# --------------------------------------------------------------------------

def test_response_value_leaves_out_accepted_and_escalated(register):
    values = risk.response_value(register)
    assert "R17" not in values.index and "R18" not in values.index
    assert not values.loc["R12", "pays"] and not values.loc["R15", "pays"]
    row = register.set_index("id")
    assert row.at["R18", "response"] == "accept" and row.at["R18", "kind"] == "threat"
    # trainer key (1): both unpaying responses protect days, which the table does not price
    assert row.at["R12", "impact_days"] > 0 and row.at["R15", "impact_days"] > 0


def test_full_rule_reserve_nets_to_zero_because_opportunities_outweigh_threats(register):
    full = risk.contingency_reserve(register)
    assert full == {"cost": 0.0, "days": 0.0}
    kept = register[(register["status"] == "active") & (register["response"] != "escalate")]
    emv = risk.exposure(kept, residual=True)
    threats = -emv.loc[emv["kind"] == "threat", "emv_cost"].sum()
    opportunities = emv.loc[emv["kind"] == "opportunity", "emv_cost"].sum()
    assert opportunities > threats > 0
    # above all R23, exploited until it is all but certain
    assert emv.loc[emv["kind"] == "opportunity", "emv_cost"].idxmax() == "R23"
    assert register.set_index("id").at["R23", "residual_probability"] >= 0.9
    assert register.set_index("id").at["R23", "response"] == "exploit"


def test_reserve_readings_order_and_the_escalated_risk(register):
    threats_only = risk.contingency_reserve(register, net_opportunities=False)
    accepted = risk.contingency_reserve(register, basis="accepted")
    assert threats_only["cost"] > accepted["cost"] > 0
    # the exposure of section 5 counts R17; the reserve leaves it out
    table = risk.exposure(register, residual=True)
    active_threats = table[(table["status"] == "active") & (table["kind"] == "threat")]
    assert -active_threats["emv_cost"].sum() - threats_only["cost"] == pytest.approx(
        -table.at["R17", "emv_cost"])
    assert table.at["R17", "emv_cost"] < 0


def test_escalation_wording(markdown):
    """An escalated risk is accepted by a party outside the project; the project stops
    monitoring it but may keep it in the register for information (PMBOK 6th ed.,
    11.5.2.4). The old wording said it left the register."""
    for wrong in ["leaves the project's register", "escalated ones leave the project",
                  "through the sponsor, to the programme", "through the sponsor to the"]:
        assert wrong not in markdown, wrong
    assert "must accept ownership" in markdown
    assert "for information" in markdown
    assert "exceeds the project manager's authority" in markdown
    assert "Escalate first appeared in the 6th edition (2017)" in markdown
    assert "portfolio board, not to the steering committee" in markdown


def test_contingency_reserve_wording(markdown):
    """Taught by the full rule, with the narrow reading shown as one convention."""
    assert '"known risks with active response strategies"' in markdown
    assert "§7.2.2.6, Estimate Costs" in markdown and "§7.3.2.3, Determine Budget" in markdown
    assert not re.search(r"7\.2\.2\.6\W+Determine Budget", markdown)
    assert not re.search(r"contingency reserve\*\*, inside the cost baseline, for identified "
                         r"risks that were accepted", markdown)
    assert "for the risks that were accepted is, in this teaching model" not in markdown
    assert "narrower convention" in markdown and "Netting expected values is a **convention**" \
        in markdown
    # the narrow reading is not pinned on unnamed "exam material", and "full rule" is the
    # course's own term, not the Guide's
    assert "exam material" not in markdown
    assert "a narrower convention you may meet" in markdown
    assert re.search(r"\*\*full rule\*\* \(the course's own term, not the Guide's\)", markdown)


def test_prince2_names_carry_their_edition(markdown):
    """PRINCE2 2017's response names are given as 2017's, next to the 2023 edition's,
    which the course states plainly as its reading, with its citation and no hedge."""
    paragraphs = [p for p in markdown.split("\n\n") if "*fallback*" in p or "*reject*" in p]
    assert paragraphs
    for paragraph in paragraphs:
        assert "2017" in paragraph and "7th edition (2023)" in paragraph, paragraph[:120]
    trap = next(p for p in paragraphs if "Exam trap: PRINCE2 uses other names" in p)
    threats = "*avoid, reduce, transfer, share, accept, prepare contingent plans*"
    opportunities = "*exploit, enhance, transfer, share, accept, prepare contingent plans*"
    assert f"threat responses {threats}" in trap and f"opportunity responses {opportunities}" \
        in trap
    assert ("AXELOS/PeopleCert, *Managing Successful Projects with PRINCE2*, 7th ed., 2023, "
            "Risk practice") in trap
    assert "This course reads PRINCE2 from its 7th edition (2023)" in trap
    # the 2017 names, said to be the older edition's
    assert "The older 2017 edition used other names: *fallback* for the contingent plan" in trap
    assert "*reject* for an opportunity" in trap
    assert "*avoid, reduce, fallback, transfer, accept, share* for threats" in trap
    assert "*exploit, enhance, reject, share* for opportunities" in trap
    assert "Check the manual of the edition you sit" in markdown
    # the hedge is gone, from the trap and from the sources
    for hedge in ["medium confidence", "secondary sources", "as far as the course could check"]:
        assert hedge not in markdown, hedge


# --------------------------------------------------------------------------
# Section 5: EMV and the decision tree
# --------------------------------------------------------------------------

def test_decision_tree_indifference_point_and_value_of_information():
    """Try it, section 5: a tie at 80 % strong demand, building above it, and the
    expected value of perfect information is 6 (USD million)."""
    tree = risk.load_decision_tree()
    tie = dt.rollback(dt.reweighted(tree, 0.8))
    values = list(tie.children.values())
    assert values[0] == pytest.approx(values[1]) and len(tie.ties) == 2
    assert dt.rollback(dt.reweighted(tree, 0.85)).choice == "Build a new plant"
    assert dt.rollback(dt.reweighted(tree, 0.75)).choice == "Upgrade the existing plant"
    base = dt.rollback(tree)
    strong, weak = dt.rollback(dt.reweighted(tree, 1.0)), dt.rollback(dt.reweighted(tree, 0.0))
    assert strong.choice == "Build a new plant" and weak.choice == "Upgrade the existing plant"
    evpi = 0.6 * strong.value + 0.4 * weak.value - base.value
    assert evpi == pytest.approx(6.0)
    assert risk.decision_tree_unit() == "USD million"


def test_decision_tree_is_credited_to_the_5th_editions_figure(markdown):
    assert "5th ed., 2013, Figure 11-16" in markdown
    assert "6th ed., Figure 11-16" not in markdown


# --------------------------------------------------------------------------
# Section 6: where the streams merge
# --------------------------------------------------------------------------

def test_the_named_merge_points_have_several_predecessors(tasks):
    merges = {t.id: set(t.depends_on) for t in tasks.plan.tasks if len(t.depends_on) > 1}
    for task in ("solution_design", "mock_load_2", "sit", "go_no_go"):
        assert task in merges, task
    assert merges["solution_design"] == {"fitgap_finance", "fitgap_procurement",
                                         "fitgap_inventory_sales"}


def test_the_three_point_exercise_is_the_one_the_normal_table_note_names(nb):
    """The trainer note that asks for a normal table points to the PERT exercise."""
    number = None
    heading = None
    for cell in nb.cells:
        match = EXERCISE.search(cell.source) if cell.cell_type == "markdown" else None
        if match:
            heading = int(match.group(1))
        if cell.cell_type == "code" and "ex04.ThreePoint(" in cell.source:
            number = heading
            assert cell.source.startswith(f"ex{number} = ")
    assert number is not None
    notes = [n for n in _trainer_notes(nb) if "normal table" in n]
    assert notes
    for note in notes:
        named = set(re.findall(r"Exercise (\d+)", note))
        assert named == {str(number)}, note


# --------------------------------------------------------------------------
# Section 7: the simulation, the reserve compared, the Try-it keys
# --------------------------------------------------------------------------

def test_cost_plan_is_the_budget_plus_the_planned_responses(register, scale, runs):
    acted = register[(register["status"] == "active")
                     & ~register["response"].isin(["accept", "escalate"])]
    assert runs["cost"].baseline == pytest.approx(scale["budget"]
                                                  + acted["response_cost"].sum())


def test_p80_contingency_against_the_emv_readings(register, runs):
    """In money the P80 contingency lies between netting and counting the threats
    alone; in time it exceeds every EMV reading."""
    readings = [risk.contingency_reserve(register),
                risk.contingency_reserve(register, net_opportunities=False),
                risk.contingency_reserve(register, basis="accepted")]
    cost = runs["cost"].contingency(0.8)
    days = runs["schedule"].contingency(0.8)
    assert readings[0]["cost"] < cost < readings[1]["cost"]
    assert cost > readings[2]["cost"]
    assert all(days > r["days"] for r in readings)


def test_simulator_answer_key(tasks, register):
    """Try it, section 7: P80 above the plan; later with triangular estimates; a few
    days lower without the risks (less than half the contingency); stable across seeds
    at 10,000 iterations."""
    run = risk.simulate_schedule(tasks, 10_000, 1, risks=register, residual=True)
    triangular = risk.simulate_schedule(tasks, 10_000, 1, distribution="triangular",
                                        risks=register, residual=True)
    bare = risk.simulate_schedule(tasks, 10_000, 1)
    assert run.percentile(0.8) > run.baseline
    assert triangular.percentile(0.8) > run.percentile(0.8)
    drop = run.percentile(0.8) - bare.percentile(0.8)
    assert 1 < drop < 0.5 * run.contingency(0.8)
    p80s = [risk.simulate_schedule(tasks, 10_000, s, risks=register,
                                   residual=True).percentile(0.8) for s in range(1, 6)]
    assert max(p80s) - min(p80s) < 1


def test_the_budget_shown_is_the_packages(nb, scale):
    """The lesson prints the budget from the package: the stored output must be current."""
    outputs = "\n".join(out.get("text", "") for c in nb.cells if c.cell_type == "code"
                        for out in c.outputs)
    assert f"a budget of {scale['budget']:,.0f} EUR" in outputs


# --------------------------------------------------------------------------
# Section 8: monitoring
# --------------------------------------------------------------------------

def test_monitoring_answer_key(register, tasks):
    phase = register[register["phase"] == "data_migration"].set_index("id")
    open_ = phase[phase["status"] == "active"]
    assert set(open_.index) == {"R08", "R09", "R10", "R24", "R26"}
    assert dict(open_["owner"]) == {"R08": "data_migration_lead", "R09": "solution_architect",
                                    "R10": "client_project_manager",
                                    "R24": "client_project_manager",
                                    "R26": "functional_consultant"}
    assert phase.at["R11", "status"] == "occurred"
    # (2) the biggest step of the burndown is the end of deployment
    curve = risk.burndown(register, tasks.plan, residual=True)
    steps = -curve["exposure"].diff()
    biggest_day = curve.loc[steps.idxmax(), "day"]
    ends = schedule.analyse(tasks.plan).table.groupby("phase")["early_finish"].max()
    assert ends["deployment"] == biggest_day
    # (3) running risks sit in the post-implementation phase
    row = register.set_index("id")
    assert row.at["R20", "phase"] == row.at["R21", "phase"] == "post_implementation"
    assert float(curve["exposure"].iloc[-1]) == 0.0


def test_the_highest_open_risks_include_the_three_high_ones(register, scale):
    scored = risk.score_register(register, **scale)
    open_ = scored[scored["status"] == "active"]
    top = open_.sort_values("score", ascending=False, kind="stable").head(5)
    assert set(top.loc[top["rating"] == "high", "id"]) == {"R03", "R08", "R23"}
    assert set(scored.loc[scored["rating"] == "high", "id"]) == {"R03", "R08", "R23"}


# --------------------------------------------------------------------------
# Currency of references, trainer notes
# --------------------------------------------------------------------------

def test_references_name_their_editions_and_the_2026_exam(markdown):
    assert "9 July 2026" in markdown
    assert "People 33 %, Process 41 %, Business Environment 26 %" in markdown
    assert "8th ed., 2025" in markdown or "8th edition (2025)" in markdown
    assert "seven performance domains" in markdown and "five focus areas" in markdown
    assert not re.search(r"exam (is )?based on (the )?(PMBOK|one edition)", markdown)
    # no bare "PMBOK Guide (6th ed., Figure ...)" left from the old decision-tree citation
    assert "(6th ed., Figure 11-16)" not in markdown


def test_trainer_notes_point_to_exercises_of_their_own_section(nb):
    """Every "exercise N" a trainer note names is in the same numbered section."""
    section = None
    where: dict[int, int | None] = {}
    notes: list[tuple[int | None, str]] = []
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        heading = SECTION.search(cell.source)
        if heading:
            section = int(heading.group(1))
        elif cell.source.startswith("## "):
            section = None
        for number in EXERCISE.findall(cell.source):
            where[int(number)] = section
        if "trainer" in cell.metadata.get("tags", []):
            notes.append((section, TIMING.sub("", cell.source)))
    assert where, "no exercises found"
    for section, note in notes:
        for group in re.findall(r"[Ee]xercises? (\d+(?: and \d+)?)", note):
            for number in map(int, re.findall(r"\d+", group)):
                assert number in where, (number, note[:80])
                assert where[number] == section, (number, section, note[:80])


# --------------------------------------------------------------------------
# Trainer review (PMP/CAPM/PRINCE2): active risks, exam traps, sources
# --------------------------------------------------------------------------

RATING_ROW = re.compile(r"^(high|medium|low)\s+(\d+)\s*$", re.M)


def _question(qid: str):
    from implcourse import quiz

    return {q.id: q for q in quiz.load_bank(lesson="04")}[qid]


def _code_cell(nb, fragment: str):
    cells = [c for c in nb.cells if c.cell_type == "code" and fragment in c.source]
    assert len(cells) == 1, fragment
    return cells[0]


def _output_texts(cell) -> list[str]:
    texts = []
    for out in cell.outputs:
        if "text" in out:
            texts.append(out["text"])
        for mime in ("text/plain", "text/markdown"):
            if mime in out.get("data", {}):
                texts.append(out["data"][mime])
    return texts


def _trap(markdown: str, title: str) -> str:
    """The blockquoted exam trap whose bold title starts with ``title``."""
    found = [p for p in markdown.split("\n\n") if p.startswith(f"> **Exam trap: {title}")]
    assert len(found) == 1, title
    return found[0]


def _half_up(value: float, places: int = 2) -> Decimal:
    """A score as a printed table shows it: to ``places`` decimals, halves up."""
    return Decimal(repr(round(value, 9))).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)


def test_rating_counts_and_heat_map_use_active_risks_only(nb, register, scale, markdown):
    """Closed rows are history and an occurred one is an issue: the counts and the map of
    section 3 show the active risks, and the stored outputs match the register."""
    scored = risk.score_register(register, risk.ProbabilityImpactMatrix.five_by_five(),
                                 **scale)
    active = scored[scored["status"] == "active"]
    assert len(active) < len(scored)  # otherwise this test could not tell the two apart
    cell = _code_cell(nb, 'open_risks["rating"].value_counts()')
    assert 'open_risks = scored[scored["status"] == "active"]' in cell.source
    assert 'scored["rating"].value_counts()' not in cell.source
    shown = {rating: int(n) for text in _output_texts(cell)
             for rating, n in RATING_ROW.findall(text)}
    expected = {r: int(n) for r, n in active["rating"].value_counts().items()}
    assert shown == expected
    assert sum(shown.values()) == len(active) != len(scored)
    printed = "\n".join(_output_texts(cell))
    assert (f"{len(active)} active risks rated; {len(scored) - len(active)} closed or "
            "occurred rows left out") in printed
    # the heat map's text alternative, as stored, is the package's for active risks
    heat = _code_cell(nb, "charts.heat_map(scored, matrix)")
    alt = [t for t in _output_texts(heat) if t.startswith("*Chart:")]
    assert alt == [f"*Chart: {charts.heat_map_alt(scored)}*"]
    threats = int((active["kind"] == "threat").sum())
    assert f"{threats} open threats and {len(active) - threats} open opportunities" in alt[0]
    # and the prose says so
    assert "Closed and occurred rows are history or issues" in markdown
    assert "**active risks only**" in markdown


def test_rounding_trap_matches_the_matrix(markdown):
    """The Guide prints scores to two decimals: the examples in the trap are the matrix's
    products rounded that way, and the cell the trap names is the one whose band changes."""
    matrix = risk.ProbabilityImpactMatrix.five_by_five()
    trap = _trap(markdown, "use the score as the question prints it")
    examples = re.findall(r"(\d\.\d+) × (\d\.\d+) (?:appears )?as (\d\.\d+)", trap)
    assert len(examples) == 3
    for p, i, printed in examples:
        assert _half_up(float(p) * float(i)) == Decimal(printed), (p, i, printed)
    # which cells change band when rounded to two decimals
    changed = [(p, i) for p in matrix.probability_scale for i in matrix.impact_scale
               if matrix.rating(p * i) != matrix.rating(float(_half_up(p * i)))]
    assert changed == [(0.9, 0.05)]
    p, i = changed[0]
    assert f"{p:g} × {i:g} shows as {p * i:.3f} and rates {matrix.rating(p * i)}" in trap
    assert f"a printed {float(_half_up(p * i)):.2f} would be " \
           f"{matrix.rating(float(_half_up(p * i)))}" in trap
    assert f"low is below {matrix.thresholds[0]:.2f}" in trap
    assert "5th ed., Figure 11-10" in trap and "change band" in trap


def test_rk07_comparison_is_clear_of_the_band_edges():
    """rk-07's option C compares two scores that keep their ratings whether they are
    printed to three decimals or rounded to two, as the Guide's figure rounds them."""
    matrix = risk.ProbabilityImpactMatrix.five_by_five()
    question = _question("rk-07")
    option = dict(question.lettered())["C"]
    assert "C" in question.answer
    pairs = re.findall(r"\((\d\.\d+) x (\d\.\d+) = (\d\.\d+), (low|medium|high)\)", option)
    assert len(pairs) == 2
    for p, i, score, rating in pairs:
        exact = float(p) * float(i)
        assert exact == pytest.approx(float(score))
        assert matrix.rating(exact) == rating
        rounded = float(_half_up(exact))
        assert matrix.rating(rounded) == rating, (p, i, rounded)
        assert all(rounded != t and exact != pytest.approx(t) for t in matrix.thresholds)
    (_, _, rare, _), (_, _, likely, _) = pairs
    assert float(rare) > float(likely)  # "rates above"
    assert "0.045" not in option


def test_appetite_and_threshold_trap(markdown):
    trap = _trap(markdown, "risk appetite is not a risk threshold")
    assert "in the hope of a reward" in trap
    assert "acceptable variation around one objective" in trap
    assert "6th ed., §11.1" in trap and "glossary" in trap
    question = _question("rk-22")
    key = dict(question.lettered())[question.answer[0]]
    assert key.startswith("The first is the risk appetite, the second a risk threshold")


def test_workaround_contingency_and_fallback_trap(markdown):
    trap = _trap(markdown, "contingency plan, fallback plan or workaround?")
    assert "prepared in advance and started when its trigger fires" in trap
    assert "primary response or the contingency plan proves ineffective" in trap
    assert "A **workaround** is not planned at all" in trap
    assert "6th ed., glossary" in trap
    question = _question("rk-21")
    key = dict(question.lettered())[question.answer[0]]
    assert key.startswith("A workaround") and "unplanned" in key
    assert "no response" in question.stem


def test_exam_default_for_the_reserve_is_the_net_sum_of_the_emvs(register, markdown):
    """When a question lists EMVs, the reserve is their sum, threats net of opportunities:
    the package's readings are exactly that sum over the risks each one keeps."""
    trap = _trap(markdown, "the reserve from a list of EMVs")
    assert "add up the EMVs it gives: the threats, net of the opportunities, unless the " \
           "question says otherwise" in trap
    table = risk.exposure(register, residual=True)
    accepted = table[(table["status"] == "active") & (register.set_index("id")
                                                      .loc[table.index, "response"]
                                                      == "accept")]
    assert set(accepted["kind"]) == {"threat", "opportunity"}  # netting is exercised
    assert risk.contingency_reserve(register, basis="accepted")["cost"] == pytest.approx(
        max(0.0, -accepted["emv_cost"].sum()))


def test_qualitative_before_quantitative(nb, markdown):
    trap = _trap(markdown, "qualitative comes first, and quantitative is optional")
    assert trap.index("Perform Qualitative Risk Analysis (§11.3)") < trap.index(
        "Perform Quantitative Risk Analysis (§11.4)")
    assert "It is not done on every project" in trap
    # the lesson itself keeps the order: the matrix section comes before the EMV one
    headings = [c.source.splitlines()[0] for c in nb.cells
                if c.cell_type == "markdown" and SECTION.match(c.source)]
    qualitative = next(h for h in headings if "Qualitative analysis" in h)
    quantitative = next(h for h in headings if "Quantitative analysis" in h)
    assert int(SECTION.match(qualitative).group(1)) < int(SECTION.match(quantitative).group(1))


def test_normal_ranges_trap(markdown):
    """±1σ, ±2σ, ±3σ and the one-sided figure, recomputed from the normal distribution."""
    trap = _trap(markdown, "the ranges of a normal distribution")
    z = NormalDist()
    within = {k: z.cdf(k) - z.cdf(-k) for k in (1, 2, 3)}
    assert f"About {within[1]:.1%}".replace("%", " %") in trap
    assert f"about {within[2]:.2%} within two".replace("%", " %") in trap
    assert f"about {within[3]:.1%} within three".replace("%", " %") in trap
    # the prep books' 95.5 % is the two-decimal figure rounded half up
    two = Decimal(f"{within[2] * 100:.2f}")
    assert f"round it to {two.quantize(Decimal('0.1'), ROUND_HALF_UP)} %" in trap
    assert f"about {z.cdf(1):.1%}".replace("%", " %") in trap
    assert "two-sided" in trap and "**normal**" in trap


def test_rk23_range_and_its_one_sided_distractor():
    question = _question("rk-23")
    numbers = [float(n) for n in re.findall(r"\d+", question.stem)]
    mean, sd, low, high = numbers
    dist = NormalDist(mean, sd)
    options = dict(question.lettered())
    between = dist.cdf(high) - dist.cdf(low)
    assert options[question.answer[0]] == f"About {between:.0%}".replace("%", " %")
    by_high = dist.cdf(high)
    assert f"About {by_high:.0%}".replace("%", " %") in options.values()
    assert f"{by_high:.1%}".replace("%", " %") in question.explanation


def test_rk15_mean_start_is_about_day_104_to_105():
    """Two parallel 80/100/120 paths: both done by day 100 one time in four, and the
    merge's mean is a little over 104 with PERT, nearer 105 with triangular estimates."""
    plan = schedule.Plan.from_records([
        {"id": "config", "name": "Configuration", "duration": 100},
        {"id": "migration", "name": "Data migration", "duration": 100},
        {"id": "sit", "name": "SIT starts", "duration": 0, "depends_on": ["config",
                                                                         "migration"]}])
    tasks = estimating.estimated_plan(plan, {"config": (80, 100, 120),
                                             "migration": (80, 100, 120), "sit": (0, 0, 0)})
    means = {}
    for distribution in ("pert", "triangular"):
        run = risk.simulate_schedule(tasks, n=50_000, seed=15, distribution=distribution)
        assert run.probability_within(100) == pytest.approx(0.25, abs=0.01)
        means[distribution] = run.mean
    assert 104 < means["pert"] < 104.5 <= means["triangular"] < 105.5
    explanation = _question("rk-15").explanation
    assert "about day 104–105" in explanation and "near day 104" not in explanation
    assert "a little over 104 with PERT, nearer 105 with a triangular" in explanation


def test_simulation_chances_are_quoted_as_printed(nb, runs, markdown):
    """The S-curve's text gives the plan's chance as the printed P(plan) does, once."""
    run = runs["schedule"]
    chance = run.probability_within(run.baseline)
    printed = "\n".join(_output_texts(_code_cell(nb, "P(finish by the planned day")))
    assert f"= {chance:.1%}" in printed
    alt = [t for t in _output_texts(_code_cell(nb, "charts.s_curve(run, target=run.baseline)"))
           if t.startswith("*Chart:")]
    assert len(alt) == 1 and f"has a {chance:.1%} chance." in alt[0]
    assert alt[0].count("chance") == 1
    # no prose quotes the plan's chance rounded to a whole per cent ("1% chance")
    for whole in {int(chance * 100), round(chance * 100)}:
        assert not re.search(rf"\b{whole} ?% chance", markdown), whole


def test_simulator_try_it_has_a_minute_a_question(nb):
    """The Monte Carlo Try it asks five predict-then-try questions: its trainer note gives
    at least a minute of exercise time to each."""
    cells = nb.cells
    start = next(i for i, c in enumerate(cells)
                 if c.source.startswith("### Try it: the Monte Carlo simulator"))
    questions = re.findall(r"^\d+\. ", cells[start].source, re.M)
    note = next(c.source for c in cells[start:] if "trainer" in c.metadata.get("tags", []))
    minutes = TIMING_MINUTES.match(note)
    assert minutes and int(minutes.group(2)) >= len(questions) == 5


def test_mor_4_is_cited_by_its_title(markdown):
    assert "*Management of Risk: Creating and Protecting Value* (M_o_R 4), 2022" in markdown
    assert "Guidance for Practitioners" not in markdown


def test_risk_burndown_is_credited_to_cohn_2010_after_brothers_2004(markdown):
    assert "Succeeding with Agile" not in markdown
    credit = [line for line in markdown.splitlines() if "Risk Burndown Chart" in line]
    assert len(credit) == 1
    line = credit[0]
    for part in ['M. Cohn, "Managing Risk on Agile Projects with the Risk Burndown Chart"',
                 "Mountain Goat Software blog, 8 April 2010", "John Brothers",
                 "*The Agile Times*, 2004"]:
        assert part in line, part
    source = _question("rk-18").source
    assert "Managing Risk on Agile Projects with the Risk Burndown Chart" in source
    assert "8 April 2010" in source and "Brothers (The Agile Times, 2004)" in source


def test_prince2_fallback_is_told_apart_from_the_guides_fallback_plan(markdown):
    """PRINCE2 2017's "fallback" is the Guide's contingency plan; the next box defines the
    Guide's fallback plan as the second line. Side by side they must be told apart."""
    prince2 = next(s for s in _sentences(markdown) if "*fallback* for the contingent plan" in s)
    assert "not the Guide's fallback plan" in prince2


def test_normal_ranges_trap_lets_a_single_activity_question_stand(markdown):
    """Prep questions apply +-1/2/3 sigma to one activity's PERT estimate: the trap must not
    make a candidate refuse the expected answer."""
    trap = next(s for s in markdown.split("\n\n") if "ranges of a normal distribution" in s)
    assert "single activity" in trap and "follow the question" in trap
