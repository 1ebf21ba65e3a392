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
from implcourse.exercises.finance import SpreadsheetNpv, Tco
from helpers import lesson_sections as _sections, trainer_minutes

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "05_business_case_roi.ipynb"


@pytest.fixture(scope="module")
def nb():
    return nbformat.read(NOTEBOOK, as_version=4)


@pytest.fixture(scope="module")
def erp():
    return bc.load_case("erp_replacement")


def _markdown(nb) -> str:
    return "\n\n".join(c.source for c in nb.cells if c.cell_type == "markdown")


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


def _code_cell(nb, start: str):
    found = [c for c in nb.cells if c.cell_type == "code" and c.source.startswith(start)]
    assert len(found) == 1, start
    return found[0]


def _stdout(cell) -> str:
    return "".join(o.get("text", "") for o in cell.outputs if o.get("output_type") == "stream")


def test_single_sum_example_matches_the_package(nb, erp):
    """Section 3: the future value of the amount today, and the way back, as printed."""
    cell = _code_cell(nb, "today, n = ")
    today, n = (int(x.replace("_", "")) for x in
                re.match(r"today, n = ([\d_]+), (\d+)", cell.source).groups())
    rate = erp.discount_rate
    future = today * (1 + rate) ** n                          # FV = PV (1 + r)^n
    back = finance.npv(rate, [0] * n + [future])              # PV = FV / (1 + r)^n
    assert future == pytest.approx(today / finance.discount_factors(rate, n + 1)[n])
    assert back == pytest.approx(today)
    assert future > today  # with a positive rate, forward in time grows
    printed = _stdout(cell).splitlines()
    assert printed == [
        f"future value of {_money(today, 'EUR')} in {n} years at {100 * rate:.0f} %: "
        f"{_money(future, 'EUR')}",
        f"present value of {_money(future, 'EUR')} received in {n} years: "
        f"{_money(back, 'EUR')}"]
    section = "\n".join(c.source for c in _sections(nb)[3] if c.cell_type == "markdown")
    assert "$FV = PV \\times (1+r)^n$" in section and "$PV = FV / (1+r)^n$" in section
    assert "direction swapped" in section


def test_spreadsheet_formula_in_the_solution_uses_the_tasks_cells(nb):
    """Exercise 3's task puts year 0 in B2 and the flows in B2:Bn; its worked solution
    writes =NPV(r, B3:Bn) + B2, which is the NPV with year 0 undiscounted."""
    for seed in range(40):
        ex = SpreadsheetNpv(seed=seed)
        first, last = re.search(r"cells (B\d+):(B\d+)", ex.task).groups()
        assert first == "B2" and "year 0 in B2" in ex.task
        later = f"B{int(first[1:]) + 1}:{last}"
        formula = f"=NPV({round(100 * ex.rate)}%, {later}) + {first}"
        assert ex.formula() == formula
        # The formula's range holds exactly the later flows.
        assert int(last[1:]) - int(first[1:]) == len(ex.cashflows) - 1
        assert finance.spreadsheet_npv(ex.rate, ex.cashflows[1:]) + ex.cashflows[0] == \
            pytest.approx(finance.npv(ex.rate, ex.cashflows))
        assert formula in str(ex.solution(confirm=True))
        assert "C1:Cn" not in str(ex.solution(confirm=True))
    # The trainer note's example is an exercise's own formula.
    note = _trainer_note(nb, 3)
    example = re.search(r"as in (=NPV\((\d+)%, B3:B(\d+)\) \+ B2) for a (\d+) % rate and "
                        r"(\w+) later years", note)
    assert example, "the trainer note gives the formula in the task's cells"
    formula, rate, last, rate_again, count = example.groups()
    assert rate == rate_again and int(last) - 2 == {"three": 3, "four": 4, "five": 5}[count]
    assert any(SpreadsheetNpv(seed=s).formula() == formula for s in range(200))


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


def _section_markdown(nb, number: int) -> str:
    return "\n".join(c.source for c in _sections(nb)[number]
                     if c.cell_type == "markdown" and "trainer" not in c.metadata.get("tags", []))


def test_single_criterion_traps_are_taught(nb):
    """When a question gives one criterion only, it expects the best value of it: the
    highest IRR (clearing the hurdle), the shortest payback, the highest BCR."""
    assert re.search(r"gives the options' IRRs and nothing else, it expects the option with "
                     r"the highest IRR \(and, if a hurdle rate is given, one that clears it\)",
                     _section_markdown(nb, 4))
    assert re.search(r"payback periods and nothing else, it expects the shortest",
                     _section_markdown(nb, 5))
    assert re.search(r"gives only the options' BCRs, it expects the highest",
                     _section_markdown(nb, 6))
    key_points = next(c.source for c in nb.cells if c.source.startswith("## Key points"))
    assert "only IRRs" in key_points and "the highest IRR" in key_points
    # The bank's question on it: the key is the highest IRR above the hurdle.
    question = _bank_question("nothing but their IRRs")
    irrs = {m.group(1): float(m.group(2)) for m in
            re.finditer(r"Project (\w+) (\d+) %", question.stem)}
    hurdle = float(re.search(r"hurdle rate is\s+(\d+) %", question.stem).group(1))
    best = max((name for name, value in irrs.items() if value > hurdle), key=irrs.get)
    assert max(irrs, key=irrs.get) == best  # the highest IRR also clears the hurdle
    assert _key(question).startswith(f"{best},")


def test_cost_benefit_ratio_is_the_inverse_of_the_bcr(nb, erp):
    text = _section_markdown(nb, 6)
    assert "a *cost-benefit ratio*, costs ÷ benefits, is its inverse (lower is better" in text
    bcr = finance.benefit_cost_ratio(erp.discount_rate, erp.benefit_totals(), erp.cost_totals())
    cbr = finance.benefit_cost_ratio(erp.discount_rate, erp.cost_totals(), erp.benefit_totals())
    assert cbr == pytest.approx(1 / bcr)
    assert (bcr > 1) == (cbr < 1) == (finance.npv(erp.discount_rate, erp.cashflows()) > 0)
    key_points = next(c.source for c in nb.cells if c.source.startswith("## Key points"))
    # Names are used loosely: the inverse holds where a question defines it so.
    assert "a cost-benefit ratio, where a question defines it as costs ÷ benefits, is the " \
           "BCR's inverse: read the question's definition" in key_points
    question = _bank_question("cost-benefit ratio, defined there")
    given = float(re.search(r"as (\d\.\d+)\.", question.stem).group(1))
    assert _key(question).startswith(f"{1 / given:.2f}: above 1")


def test_depreciation_is_not_a_cash_flow(nb):
    text = _section_markdown(nb, 6)
    assert "**Depreciation is not a cash flow.**" in text
    assert "count the asset twice" in text
    assert "depreciation is not a cash flow" in next(
        c.source for c in nb.cells if c.source.startswith("## Key points"))
    # The bank's question: the payment once, in year 0, plus the running costs.
    question = _bank_question("depreciate it over")
    price, per_year, running, rate = (float(x.replace(",", "")) for x in re.search(
        r"bought for ([\d,]+).*?over\s+four years, ([\d,]+) a year.*?costs ([\d,]+) a year"
        r".*?At (\d+) %", question.stem, re.S).groups())
    rate /= 100
    cash = finance.npv(rate, [price] + [running] * 4)
    twice = finance.npv(rate, [price] + [per_year + running] * 4)
    spread = finance.npv(rate, [0] + [per_year + running] * 4)
    assert per_year * 4 == price
    assert _key(question) == f"{cash:,.0f}"
    assert {f"{twice:,.0f}", f"{spread:,.0f}", f"{price + 4 * running:,.0f}"} == \
        set(question.options) - {_key(question)}


def test_future_value_question_is_computed(nb):
    question = _bank_question("compounded")
    amount, rate, years = re.search(r"puts ([\d,]+) aside .* earns (\d+) % .* end of (\w+) "
                                    r"years", question.stem, re.S).groups()
    amount, rate = float(amount.replace(",", "")), float(rate) / 100
    n = {"three": 3, "four": 4, "five": 5}[years]
    future = amount / finance.discount_factors(rate, n + 1)[n]
    assert _key(question) == f"{future:,.0f}"
    assert f"{finance.npv(rate, [0] * n + [amount]):,.0f}" in question.options  # swapped


def _bank_question(words: str):
    found = [q for q in quiz.load_bank(lesson="05") if words in " ".join(q.stem.split())]
    assert len(found) == 1, words
    return found[0]


def _key(question) -> str:
    (letter,) = question.answer
    return dict(question.lettered())[letter]


def test_exercise_6_asks_for_the_bcr(nb):
    """Section 6's exercise has a BCR field; its trainer note describes it (no longer an
    extra for early finishers) and the slips the check names."""
    ex = Tco(seed=learner_seed("Ada Lovelace"))
    assert [f.name for f in ex.fields()][-1] == "bcr" and "benefit-cost ratio" in ex.task
    note = _trainer_note(nb, 6)
    assert "finish early" not in note
    for words in ("benefit-cost ratio", "cost-benefit ratio", "undiscounted", "minus one",
                  "TCO topic"):
        assert words in note, words
    heading = [c.source for c in _sections(nb)[6] if c.source.startswith("### Exercise 6")]
    assert heading and "benefit-cost ratio" in heading[0] and "2 decimal places" in heading[0]
    shown = "".join(o.get("data", {}).get("text/markdown", "") for c in _sections(nb)[6]
                    if c.cell_type == "code" for o in c.get("outputs", []))
    assert ex.task in shown  # the executed notebook shows the current task


# --------------------------------------------------------------------------
# The Green Book: dated statements are the verified ones, and sourced
# --------------------------------------------------------------------------

#: The Green Book dates the lesson may give, each checked against a source: the Review's
#: publication (gov.uk, 11 June 2025) and the 2026 edition's (gov.uk update history,
#: 5 February 2026; Civil Service World, 6 February 2026).
VERIFIED_DATES = {"11 June 2025", "5 February 2026", "6 February 2026"}
MONTHS = ("January|February|March|April|May|June|July|August|September|October|November|"
          "December")


def _green_book_paragraphs(nb) -> list[str]:
    return [p for c in nb.cells if c.cell_type == "markdown"
            for p in re.split(r"\n\s*\n|\n- ", c.source) if "Green Book" in p]


def test_green_book_dates_are_verified_ones(nb):
    paragraphs = _green_book_paragraphs(nb)
    assert len(paragraphs) >= 5
    for paragraph in paragraphs:
        for date in re.findall(rf"(?:\d{{1,2}} )?(?:{MONTHS}) 20\d\d", paragraph):
            if date[0].isdigit():
                assert date in VERIFIED_DATES, (date, paragraph[:120])
            else:  # a month alone must be the month of a verified date
                assert any(v.endswith(date) for v in VERIFIED_DATES), (date, paragraph[:120])


def test_green_book_2026_edition_is_sourced_and_not_quoted(nb):
    """The 2026 edition is mentioned only as a fact with a source; the lesson's statements
    on BCRs and optimism bias come from the 2022 edition and the 2025 Review."""
    sources = next(c.source for c in nb.cells if c.source.startswith("## Sources"))
    line = next(l for l in sources.splitlines() if "2026 edition" in l)
    assert "gov.uk on 5 February 2026" in line and "update history" in line
    assert "Civil Service World" in line and "quotes nothing from this edition" in line
    review = next(l for l in sources.splitlines() if "Green Book Review 2025" in l)
    assert "11 June 2025" in review and "no BCR threshold" in review
    assert "below 1 is not automatically poor value for money" in review
    text = _section_markdown(nb, 6)
    # The threshold statements are the Review's, in the same sentence as its name and date.
    sentence = next(s for s in re.split(r"(?<=[.:]) ", text) if "BCR threshold" in s)
    assert "*Green Book Review 2025* (HM Treasury, 11 June 2025)" in sentence
    assert "check the current edition" in text
    assert "(2022 edition)" in text and "2022 edition" in _section_markdown(nb, 9)
    for paragraph in _green_book_paragraphs(nb):
        # Nothing is attributed to the 2026 edition beyond what gov.uk says of it.
        assert not re.search(r"(2026 edition|February 2026)[^.]{0,80}\b(requires|asks for|"
                             r"sets|abolish|bans?|removes?)\b", paragraph), paragraph[:160]
    assert "check the current edition" in _trainer_note(nb, 6)


def test_adoption_delay_loss_is_almost_a_years_full_benefits(nb, erp):
    """Section 7's key: the benefits a one-year delay pushes past the horizon are a little
    less than one year's benefits at full adoption, and equal no single year's."""
    note = _trainer_note(nb, 7)
    realised = erp.benefit_totals()
    lost = erp.metrics()["total_benefits"] - erp.adjusted(adoption_delay=1).metrics()[
        "total_benefits"]
    assert lost == pytest.approx(realised.sum() - erp.adjusted(adoption_delay=1)
                                 .benefit_totals().sum())
    full_years = [t for t, share in enumerate(erp.adoption) if share == 1.0]
    first_full = full_years[0]
    assert 0.9 < lost / realised[first_full] < 1  # "almost a year's benefits"
    assert lost < min(realised[t] for t in full_years)
    assert all(not math.isclose(lost, amount) for amount in realised)  # no year equals it
    assert (f"{_money(lost, 'EUR')} of benefits, almost a year's benefits at full adoption "
            f"({_money(realised[first_full], 'EUR')} in year {first_full})") in note


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
    assert trainer_minutes(nb) == (lesson.teaching_minutes, lesson.exercise_minutes)


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
