"""What lesson 05 (the business case) claims, checked against the package.

Each test holds one statement of the notebook's prose or trainer notes: the
numbers are computed by ``implcourse`` here, never typed in. Where the review
corrected a statement, a test reads the notebook and fails if the old, wrong
wording comes back.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import nbformat
import numpy as np
import pytest

from implcourse import business_case as bc
from implcourse import course, finance, lifecycle, quiz, tables
from implcourse.exercises import learner_seed

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "05_business_case_roi.ipynb"
TIMING = re.compile(r"^\*\*Trainer notes\.\*\* \*Teach (\d+) min · exercises (\d+) min\.\*")


@pytest.fixture(scope="module")
def nb():
    return nbformat.read(NOTEBOOK, as_version=4)


@pytest.fixture(scope="module")
def erp():
    return bc.load_case("erp_replacement")


def _markdown(nb) -> str:
    return "\n\n".join(c.source for c in nb.cells if c.cell_type == "markdown")


def _sections(nb) -> dict[int, list]:
    """The cells of each numbered section ``## N. Title``, up to the next ``## `` heading."""
    sections: dict[int, list] = {}
    current = None
    for cell in nb.cells:
        if cell.cell_type == "markdown" and cell.source.startswith("## "):
            match = re.match(r"## (\d+)\. ", cell.source)
            current = int(match.group(1)) if match else None
            if current is not None:
                sections[current] = []
        if current is not None:
            sections[current].append(cell)
    return sections


def _trainer_note(nb, section: int) -> str:
    notes = [c.source for c in _sections(nb)[section] if "trainer" in c.metadata.get("tags", [])]
    assert len(notes) == 1, f"section {section} should have exactly one trainer note"
    return notes[0]


def _money(value: float, currency: str) -> str:
    return tables.format_value(float(value), decimals=0, unit=currency)


# --------------------------------------------------------------------------
# Section 2: ROI counts net gains, not revenue
# --------------------------------------------------------------------------

def test_classic_roi_is_100_percent_on_net_benefit(nb):
    assert finance.roi(100_000, 50_000) == 1.0
    text = _markdown(nb)
    assert "100,000 EUR of net benefit" in text
    # The old wording called the 100,000 plain "benefit" (or revenue) and left it there.
    assert not re.search(r"brings 100,000 of benefit", text)


def test_roi_on_revenue_overstates_the_return(nb):
    """At the margin the notebook assumes, the project does not earn back its cost."""
    source = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    margin = float(re.search(r"^margin = (0\.\d+)\s+# ASSUMED", source, re.M).group(1))
    on_revenue = finance.roi(100_000, 50_000)
    on_margin = finance.roi(margin * 100_000, 50_000)
    assert on_revenue == 1.0 and on_margin < 0, "the prose says it does not earn back its cost"
    assert "does not even earn back its cost" in _markdown(nb)
    assert "**assumption**" in _markdown(nb)  # the margin is labelled as one


def test_crm_case_counts_the_margin_on_revenue_kept():
    crm = bc.load_case("crm_rollout")
    assert any("margin on the revenue kept" in a for a in crm.assumptions)


# --------------------------------------------------------------------------
# Section 1: one statement of who answers for the benefits
# --------------------------------------------------------------------------

def test_section_1_shows_the_shared_benefits_statement(nb):
    shared = "Markdown(lifecycle.benefits_accountability())"
    first = [c.source for c in _sections(nb)[1] if c.cell_type == "code"]
    assert shared in first
    lesson01 = nbformat.read(ROOT / "notebooks" / "01_implementation_lifecycle.ipynb",
                             as_version=4)
    assert shared in [c.source for c in lesson01.cells if c.cell_type == "code"]
    assert "Senior User" in lifecycle.benefits_accountability()


def test_no_sentence_contradicts_the_benefits_statement(nb):
    text = _markdown(nb)
    assert not re.search(r"sponsor, who is accountable for the benefits", text)
    assert not re.search(r"project manager[^.]{0,40}accountable for the benefits", text)
    for question in quiz.load_bank(lesson="05"):
        words = " ".join([question.stem, *question.options, question.explanation])
        assert not re.search(r"project manager[^.]{0,40}accountable for[^.]{0,20}benefits",
                             words), question.id


def test_try_it_1_matches_the_erp_assumptions(erp):
    """The Try it names four assumptions: cost, inventory (about 8 %), staff time, adoption."""
    assert len(erp.assumptions) == 4
    assert "fixed price" in erp.assumptions[0]
    assert "Inventory" in erp.assumptions[1] and "8 %" in erp.assumptions[1]
    assert "staff time" in erp.assumptions[2]
    assert "Adoption" in erp.assumptions[3]


# --------------------------------------------------------------------------
# Section 3: NPV and the spreadsheet trap
# --------------------------------------------------------------------------

def test_spreadsheet_npv_is_the_textbook_npv_divided_by_one_plus_r(erp):
    flows, rate = erp.cashflows(), erp.discount_rate
    assert finance.spreadsheet_npv(rate, flows) == pytest.approx(finance.npv(rate, flows)
                                                                 / (1 + rate))
    assert finance.spreadsheet_npv(rate, flows[1:]) + flows[0] == pytest.approx(
        finance.npv(rate, flows))


# --------------------------------------------------------------------------
# Section 4: IRR, hurdle rate, lending or borrowing
# --------------------------------------------------------------------------

def test_irr_and_npv_agree_at_the_same_rate_for_a_conventional_project(erp):
    flows = erp.cashflows()
    rate = finance.irr(flows)
    for k in np.linspace(0.0, 0.5, 51):
        if not math.isclose(k, rate, abs_tol=1e-6):
            assert (rate > k) == (finance.npv(k, flows) > 0), k


def test_borrowing_has_irr_of_50_percent_and_a_negative_npv_at_10_percent():
    """Brealey, Myers & Allen, ch. 5, pitfall 1: +1,000 now, -1,500 next year."""
    lending, borrowing = [-1_000, 1_500], [1_000, -1_500]
    assert finance.irr(lending) == pytest.approx(0.5)
    assert finance.irr(borrowing) == pytest.approx(0.5)
    assert finance.npv(0.10, lending) > 0 > finance.npv(0.10, borrowing)
    # For borrowing the NPV rises with the rate: worth doing only above the IRR.
    rates = np.linspace(0, 1, 51)
    values = [finance.npv(r, borrowing) for r in rates]
    assert all(b > a for a, b in zip(values, values[1:]))
    assert finance.npv(0.49, borrowing) < 0 < finance.npv(0.51, borrowing)


def test_cash_first_is_called_borrowing_not_lending(nb):
    text = _markdown(nb)
    assert not re.search(r"lending rather than borrowing", text)
    assert not re.search(r"(money|cash) comes first[^.]{0,60}\(lending", text)
    section = "\n".join(c.source for c in _sections(nb)[4] if c.cell_type == "markdown")
    assert "you are **borrowing**" in section
    assert "accept only if the IRR is **below**" in section
    assert "Pitfall 1 — Lending or borrowing?" in section


def test_two_irrs_of_the_pump_example(nb):
    assert [round(r, 6) for r in finance.irr_all([-1_600, 10_000, -10_000])] == [0.25, 4.0]
    assert "Lorie and Savage" in _markdown(nb)


def test_hr_case_irr_is_below_its_hurdle_but_npv_positive_at_its_discount_rate():
    hr = bc.load_case("hr_system")
    flows = hr.cashflows()
    assert finance.npv(hr.discount_rate, flows) > 0 > finance.npv(hr.hurdle_rate, flows)


# --------------------------------------------------------------------------
# Sections 5 and 6: payback, TCO, BCR
# --------------------------------------------------------------------------

def test_discounted_payback_is_never_earlier_than_payback():
    for case_id in bc.case_ids():
        flows = bc.load_case(case_id).cashflows()
        for rate in (0.05, 0.08, 0.12):
            assert finance.discounted_payback_period(rate, flows) >= \
                finance.payback_period(flows), case_id


def test_bcr_above_one_exactly_when_npv_positive():
    for case_id in bc.case_ids():
        for name in ("worst", "likely", "best"):
            figures = bc.load_case(case_id).scenario(name).metrics()
            assert (figures["bcr"] > 1) == (figures["npv"] > 0), (case_id, name)


def test_every_tco_category_has_a_label():
    assert set(finance.TCO_LABELS) == set(finance.TCO_CATEGORIES)
    assert all("_" not in label for label in finance.TCO_LABELS.values())


# --------------------------------------------------------------------------
# Trainer-note answer keys (sections 7, 8 and 9)
# --------------------------------------------------------------------------

def test_adoption_try_it_answer_key(nb, erp):
    note = _trainer_note(nb, 7)
    base, later = erp.metrics(), erp.adjusted(adoption_delay=1).metrics()
    lost = base["total_benefits"] - later["total_benefits"]
    for text in (_money(base["npv"], "EUR"), _money(later["npv"], "EUR"),
                 f"{base['payback']:.2f} to {later['payback']:.2f} years",
                 f"{_money(lost, 'EUR')} of benefits"):
        assert text in note, text
    assert later["npv"] < 0
    assert math.isfinite(later["payback"])
    assert math.isinf(erp.adjusted(adoption_delay=2).metrics()["payback"])
    assert "two-year delay" in note


def test_calculator_try_it_answer_key(nb, erp):
    note = _trainer_note(nb, 8)
    benefits, costs = erp.benefit_totals(), erp.cost_totals().astype(float)
    base = finance.evaluate(erp.discount_rate, benefits, costs)
    doubled = costs.copy()
    doubled[0] *= 2
    more = finance.evaluate(erp.discount_rate, benefits, doubled)
    assert f"payback from {base['payback']:.2f} to {more['payback']:.2f} years" in note
    assert f"IRR from {100 * base['irr']:.1f} % to {100 * more['irr']:.1f} %" in note
    assert _money(more["npv"], "EUR") in note and more["npv"] < 0
    assert math.isinf(more["discounted_payback"])
    # (2) the IRR the calculator shows has two decimals in per cent
    shown = round(base["irr"], 4)
    near = finance.npv(shown, erp.cashflows())
    assert near != 0 and f"({_money(near, 'EUR')})" in note
    # (3) move year 1's benefits to year 5: same ROI, lower NPV
    moved = benefits.copy()
    moved[5] += moved[1]
    moved[1] = 0
    after = finance.evaluate(erp.discount_rate, moved, costs)
    assert after["roi"] == pytest.approx(base["roi"])
    assert after["npv"] < base["npv"]
    assert _money(benefits[1], "EUR") in note
    assert f"{100 * base['roi']:.2f} %" in note and _money(after["npv"], "EUR") in note


def test_tornado_try_it_answer_key(nb):
    note = _trainer_note(nb, 9)
    margins = {}
    for case_id in bc.case_ids():
        case = bc.load_case(case_id)
        top = bc.sensitivity(case).index[0]
        share = bc.break_even(case, top)
        margins[case_id] = abs(1 - share)
        label = bc.drivers(case)[top].split(" (")[0].lower()
        assert label in note.lower(), (case_id, label)
        assert f"{100 * share:.0f} %" in note, (case_id, share)
        kind = "a cost" if top.startswith("costs:") else "a benefit"
        assert re.search(re.escape(label) + r"[^;]*\(" + kind, note, re.I), (case_id, kind)
    assert min(margins, key=margins.get) == "hr_system"  # "the thinnest margin"
    assert margins["hr_system"] < 0.1                    # "less than a tenth"
    no_delay = [c for c in bc.case_ids()
                if bc.load_case(c).scenarios["worst"].adoption_delay == 0]
    assert no_delay == ["cloud_migration"]
    for case_id in bc.case_ids():
        case = bc.load_case(case_id)
        assert case.scenario("worst").metrics()["npv"] < 0 < case.metrics()["npv"]


def test_sensitivity_swing_moves_the_rate_by_a_fifth_of_itself(erp):
    """Section 9: "8 % becomes 6.4 % and 9.6 %"."""
    row = bc.sensitivity(erp, swing=0.2).loc["discount_rate"]
    assert erp.discount_rate == pytest.approx(0.08)
    assert (row["low_input"], row["high_input"]) == pytest.approx((0.064, 0.096))


# --------------------------------------------------------------------------
# Layout: exercises in their sections, minutes, tables, references
# --------------------------------------------------------------------------

EXPECTED = {1: "Try it", 2: "Exercise 1", 3: "Exercise 3", 4: "Exercise 4", 5: "Exercise 5",
            6: "Exercise 6", 7: "Try it", 8: "Try it", 9: "Exercise 7"}


def test_each_section_ends_with_its_exercise_or_try_it(nb):
    sections = _sections(nb)
    assert sorted(sections) == list(range(1, 10))
    for number, cells in sections.items():
        headings = [line for c in cells if c.cell_type == "markdown"
                    for line in c.source.splitlines() if line.startswith("### ")]
        assert headings and headings[-1].startswith(f"### {EXPECTED[number]}"), number
    names = re.findall(r"### Exercise (\d+):", _markdown(nb))
    assert names == [str(n) for n in range(1, 8)]
    code = [c.source for c in nb.cells if c.cell_type == "code"]
    variables = [m for s in code for m in re.findall(r"^(ex\d+) = ex05\.", s, re.M)]
    assert variables == [f"ex{n}" for n in range(1, 8)]
    assert not any(".check(" in s or ".solution(" in s for s in code)
    assert "## Exercises" not in _markdown(nb)


def test_trainer_minutes_add_up_to_the_course_map(nb):
    lesson = course.get_lesson("05")
    teach = exercise = 0
    for cell in nb.cells:
        if "trainer" in cell.metadata.get("tags", []):
            match = TIMING.match(cell.source)
            assert match, cell.source[:60]
            teach += int(match.group(1))
            exercise += int(match.group(2))
    assert (teach, exercise) == (lesson.teaching_minutes, lesson.exercise_minutes)


def _outputs(nb):
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            yield out


def test_tables_and_printed_money_are_readable(nb):
    for out in _outputs(nb):
        html = out.get("data", {}).get("text/html", "")
        assert 'class="dataframe"' not in html, "a raw DataFrame is shown"
        texts = [out.get("text", "")]
        plain = out.get("data", {}).get("text/plain", "")
        if not plain.startswith("["):  # tools show a fixed sentence in plain text
            texts.append(plain)
        for text in texts:
            assert not re.search(r"\b[a-z]+_[a-z_]+\b", text), text[:200]
            assert not re.search(r"(?<![\w.,])[-−]0(?![\d.,])", text), text[:200]
            for match in re.finditer(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", text):
                after = text[match.end():match.end() + 4]
                assert re.match(r" (EUR|GBP|USD)", after), (text[:120], match.group())


def test_references_give_their_editions(nb):
    sources = next(c.source for c in nb.cells
                   if c.cell_type == "markdown" and c.source.startswith("## Sources"))
    for line in sources.splitlines():
        if re.search(r"PMBOK|PRINCE2|Managing Successful Programmes|Green Book", line):
            assert re.search(r"\d+(st|nd|rd|th) ed|edition|PRINCE2 7|\(20\d\d\)", line), line
    assert "8th edition (2025)" in sources and "9 July 2026" in sources


def test_knowledge_check_covers_every_topic(nb):
    call = next(c.source for c in nb.cells
                if c.cell_type == "code" and c.source.startswith("knowledge_check("))
    n = int(re.search(r"n=(\d+)", call).group(1))
    topics = {q.topic for q in quiz.load_bank(lesson="05")}
    assert n == len(topics)
    drawn = quiz.draw("05", n, learner_seed("Ada Lovelace"))
    assert {q.topic for q in drawn} == topics


# --------------------------------------------------------------------------
# The cases' assumption texts agree with their amounts (datasets/README.md)
# --------------------------------------------------------------------------

def _assumption(case, words: str) -> str:
    found = [a for a in case.assumptions if words in a]
    assert len(found) == 1, words
    return found[0]


def test_hr_subscription_assumption_matches_the_licence_line():
    hr = bc.load_case("hr_system")
    text = _assumption(hr, "per employee per year")
    employees, fee, step = (float(x.replace(",", "")) for x in
                            re.search(r"([\d,]+) employees at about (\d+) GBP.*rising by "
                                      r"([\d,]+) GBP a year", text).groups())
    licences = hr.costs["licences_subscriptions"]
    assert licences[1] == employees * fee
    assert all(b - a == step for a, b in zip(licences[1:], licences[2:]))
    assert step / licences[1] == pytest.approx(0.025)  # "2.5 % of the year-1 fee"


def test_crm_assumptions_match_their_benefit_lines():
    crm = bc.load_case("crm_rollout")
    users, price = (float(x.replace(",", "")) for x in re.search(
        r"([\d,]+) named users at about ([\d,]+) GBP", _assumption(crm, "named users")).groups())
    assert crm.costs["licences_subscriptions"][1] == users * price
    hours, sellers, weeks, rate = (float(x) for x in re.search(
        r"(\d+) hours a week .* for (\d+) sellers over (\d+) working weeks at a loaded "
        r"(\d+) GBP", _assumption(crm, "Sales productivity")).groups())
    assert crm.benefits["sales_productivity"][0] == pytest.approx(
        hours * sellers * weeks * rate, rel=0.01)
    points, revenue, margin = (float(x) for x in re.search(
        r"by (\d+) percentage point on about (\d+) million GBP .* the (\d+) % gross margin",
        _assumption(crm, "churn")).groups())
    assert crm.benefits["customer_retention"][0] == pytest.approx(
        points / 100 * revenue * 1e6 * margin / 100)


WORDS = {"two": 2, "three": 3, "four": 4, "five": 5}


@pytest.mark.parametrize("case_id, line, words", [
    ("hr_system", "hr_admin_time_saved", "HR admin time saved"),
    ("cloud_migration", "operations_effort_saved", "Operations effort saved"),
])
def test_headcount_assumptions_match_their_benefit_lines(case_id, line, words):
    case = bc.load_case(case_id)
    count, salary = re.search(r"about (\w+) full-time .* at a loaded ([\d,]+) " + case.currency,
                              _assumption(case, words)).groups()
    assert case.benefits[line][0] == WORDS[count] * float(salary.replace(",", ""))
