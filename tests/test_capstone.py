"""The capstone workshop (lesson 09): the case's data, the worked plan, its one-page
HTML, the plan builder and the exercises.

The case's figures are recomputed here independently of the package where an
independent computation exists: NPV and IRR with numpy-financial, the payback
from the running total, EMV as probability x impact, the schedule's baseline as
the longest path through the plan, the partner score as a weighted sum.
"""

from __future__ import annotations

import csv
import math
import re
from pathlib import Path

import numpy as np
import numpy_financial as npf
import pytest

from implcourse import capstone, content_check, course, rollout
from implcourse.exercises import capstone as ex09
from implcourse.methods import suitability

ROOT = Path(__file__).resolve().parents[1]
CASE = ROOT / "datasets" / "capstone"


@pytest.fixture(scope="module")
def plan():
    return capstone.worked_plan()


def biggest(text: str, n: int) -> str:
    """Ordinary words up to ``n`` characters (the widest realistic text of a field)."""
    words = "implementation plan risk budget cutover training partner value ".split()
    out, i = "", 0
    while len(out) < n:
        out += words[i % len(words)] + " "
        i += 1
    return (text + out)[:n].strip()


def largest_plan() -> capstone.Plan:
    """A plan with every list at its longest and every text at its limit."""
    return capstone.Plan(
        title=biggest("", 80), approach=biggest("", 40), approach_why=biggest("", 220),
        rollout=biggest("", 40), rollout_why=biggest("", 220),
        risks=[(biggest("", 80), biggest("", 60))] * 5, p50_days=99_999, p80_days=99_999,
        contingency_days=-99_999, npv=-1e13, irr=-1, payback_years=999,
        partner=biggest("", 50), partner_score=5, kpis=[(biggest("", 80), biggest("", 60))] * 5,
        communication=[biggest("", 110)] * 6, author=biggest("", 80), discount_rate=-0.99,
        hurdle_rate=-0.99, npv_hurdle=-1e13, response_cost=-1e13, contingency_cost=-1e13)


# --------------------------------------------------------------------------
# The case's data
# --------------------------------------------------------------------------

def test_the_case_folder_passes_check_content():
    problems = content_check.check_path(CASE)
    assert problems == [], problems
    assert sorted(p.name for p in CASE.iterdir()) == sorted([*capstone._FILES, "README.md"])


def test_every_file_says_it_is_synthetic():
    for path in CASE.iterdir():
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".yml":
            assert "SYNTHETIC" in text or "synthetic: true" in text, path.name
    assert capstone.load_case_study().synthetic is True
    assert capstone.case_business_case().synthetic is True
    # The CSV files cannot carry a comment: the folder's README speaks for them.
    readme = (CASE / "README.md").read_text(encoding="utf-8")
    assert "**Everything in this folder is synthetic.**" in readme
    for path in CASE.glob("*.csv"):
        assert f"`{path.name}`" in readme, path.name


def test_residual_values_follow_the_response():
    # PMBOK Guide 6th ed. §11.5.2.4: avoiding a threat eliminates it; §11.5.2.5: exploiting
    # an opportunity seeks to make it certain.
    with open(CASE / "risk_register.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    seen = set()
    for r in rows:
        residual = [float(r[c]) for c in ("residual_probability", "residual_impact_cost",
                                          "residual_impact_days")]
        if r["response"] == "avoid":
            assert residual == [0, 0, 0], r["id"]
        elif r["response"] == "exploit":
            assert residual[0] == 1, r["id"]
        elif r["response"] in ("mitigate", "transfer", "enhance", "share"):
            assert 0 < residual[0] < 1, r["id"]
        seen.add(r["response"])
    assert {"avoid", "exploit"} <= seen


def test_the_risk_exercise_reads_right_for_an_avoided_threat(progress_home):
    seed = next(s for s in range(500) if ex09.RiskResponse(seed=s).risk_id == "R05")
    ex = ex09.RiskResponse(seed=seed)
    assert ex.expected() == {"improvement": pytest.approx(0.35 * 15000), "pays": "yes"}
    assert "After the response | 0 | 0 EUR" in ex._details()
    assert "\u2212" + "0 EUR" not in ex._solution().markdown


def test_the_business_case_names_its_adoption_simplification():
    case = capstone.case_business_case()
    assert case.adoption[1] < 1 and "legacy_costs_avoided" in case.benefits
    assert any("legacy_costs_avoided" in a and "simplification" in a for a in case.assumptions)


def test_npv_irr_and_payback_match_numpy_financial(plan):
    case = capstone.case_business_case()
    flows = np.array(case.cashflows(), dtype=float)
    # numpy-financial's npv discounts the first value as t = 0 (not discounted).
    assert plan.npv == pytest.approx(npf.npv(case.discount_rate, flows), rel=1e-9)
    assert plan.irr == pytest.approx(npf.irr(flows), rel=1e-6)
    running = np.cumsum(flows)
    year = int(np.argmax(running >= 0))             # first year the total is not negative
    expected = (year - 1) + (-running[year - 1]) / flows[year]
    assert plan.payback_years == pytest.approx(expected)
    # One cost of capital for both: the NPV at the hurdle rate, and IRR against that rate.
    assert plan.hurdle_rate == case.hurdle_rate and plan.discount_rate == case.discount_rate
    assert plan.npv_hurdle == pytest.approx(npf.npv(case.hurdle_rate, flows), rel=1e-9)
    assert plan.npv_hurdle == pytest.approx(453_715, abs=1)      # the reviewer's figure
    assert (plan.npv_hurdle > 0) == (plan.irr > plan.hurdle_rate)


def test_the_approach_is_the_filters_fit_and_the_cases_recommendation(plan):
    case = capstone.load_case_study()
    answers = sorted(case.answers.values())
    median = answers[len(answers) // 2]
    band = "agile" if median <= 3 else "hybrid" if median <= 7 else "predictive"
    assert plan.approach.lower() == band == case.recommendation.approach
    assert f"median answer {median}" in plan.approach_why


def test_the_rollout_is_the_models_leader(plan):
    result = rollout.recommend_strategy(capstone.rollout_factors())
    assert plan.rollout == result.top_name
    assert max(result.scores.values()) == result.scores[result.top]
    with open(CASE / "rollout_selection.yml", encoding="utf-8") as f:
        assert "users: 420" in f.read()


def test_the_top_risks_are_the_three_largest_threat_emvs(plan):
    with open(CASE / "risk_register.csv", encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f)
                if r["kind"] == "threat" and r["status"] == "active"]
    rows.sort(key=lambda r: -float(r["probability"]) * float(r["impact_cost"]))
    assert [title for title, _ in plan.risks] == [r["title"] for r in rows[:3]]
    assert all(resp.startswith(r["response"].capitalize())
               for (_, resp), r in zip(plan.risks, rows))


def test_the_schedule_contingency_is_p80_above_the_longest_path(plan):
    with open(CASE / "plan.csv", encoding="utf-8") as f:
        tasks = list(csv.DictReader(f))
    finish: dict[str, float] = {}
    pending = {t["id"]: t for t in tasks}
    while pending:                                  # longest path, by repeated relaxation
        for tid, t in list(pending.items()):
            deps = [d for d in (t["depends_on"] or "").split(";") if d]
            if all(d in finish for d in deps):
                finish[tid] = max((finish[d] for d in deps), default=0) + float(t["duration"])
                del pending[tid]
    baseline = max(finish.values())
    assert plan.p50_days <= plan.p80_days
    assert plan.p50_days > baseline                 # the risks only add days on net
    assert plan.contingency_days == pytest.approx(plan.p80_days - baseline)


def test_the_plan_carries_the_response_cost_and_the_money_contingency(plan):
    with open(CASE / "risk_register.csv", encoding="utf-8") as f:
        acted = [r for r in csv.DictReader(f) if r["status"] == "active"
                 and r["response"] not in ("accept", "escalate")]
    assert plan.response_cost == sum(float(r["response_cost"]) for r in acted)
    with open(CASE / "plan_estimates.csv", encoding="utf-8") as f:
        budget = sum(float(r["cost_most_likely"]) for r in csv.DictReader(f))
    assert plan.contingency_cost > 0
    # The cost P80 sits above the most likely budget plus the responses by the contingency.
    from implcourse import risk

    run = risk.simulate_cost(capstone.case_tasks(), n=20_000, seed=2026,
                             risks=capstone.case_register(), residual=True)
    assert run.baseline == pytest.approx(budget + plan.response_cost)
    assert plan.contingency_cost == pytest.approx(float(np.percentile(run.totals, 80))
                                                  - run.baseline, rel=1e-6)


def test_the_partner_is_the_weighted_sum_winner(plan):
    from implcourse.partners import scoring

    weights = capstone.partner_weights()
    result = scoring.score_partners(weights)
    total = sum(weights.values())
    ratings = result.ratings                         # partner x aspect, 1 to 5
    by_hand = {p: sum(weights[a] / total * float(ratings.loc[p, a]) for a in weights)
               for p in ratings.index}
    winner = max(by_hand, key=by_hand.get)
    assert plan.partner_score == pytest.approx(by_hand[winner])
    assert plan.partner == result.winner_name


def test_the_worked_plan_is_seeded():
    a, b = capstone.worked_plan(seed=5, iterations=2000), capstone.worked_plan(seed=5,
                                                                                iterations=2000)
    assert a == b
    assert capstone.worked_plan(seed=6, iterations=2000).p80_days != a.p80_days


@pytest.mark.parametrize("step", range(1, 8))
def test_review_links_point_at_real_sections(step):
    text = capstone.review_markdown(step)
    for title, target in re.findall(r"\[([^\]]+)\]\(([^)]+)\)", text):
        notebook, anchor = target.split("#")
        assert (ROOT / "notebooks" / notebook).is_file()
        lesson, number = re.match(r"Lesson (\d\d), (\d+)\. ", title).groups()
        assert course.section_link(lesson, int(number)) == (title, target)


# --------------------------------------------------------------------------
# The plan and its page
# --------------------------------------------------------------------------

def test_the_page_holds_every_decision(plan):
    page = capstone.plan_html(plan)
    for text in (plan.approach, plan.rollout, plan.partner, *[r for r, _ in plan.risks],
                 *[k for k, _ in plan.kpis], *[t for _, t in plan.kpis]):
        assert capstone.escape(text) in page, text
    for item in plan.communication:
        assert capstone.escape(item) in page
    assert f"P80 {plan.p80_days:.0f} working days" in page
    assert f"{plan.npv:,.0f} EUR" in page and f"{100 * plan.irr:.1f} %" in page
    assert f"{plan.payback_years:.2f} years" in page
    assert f"{plan.partner_score:.2f} of 5" in page
    assert f"{plan.npv_hurdle:,.0f} EUR at the 12 % hurdle rate" in page
    assert f"{plan.contingency_days:.0f} days and {plan.contingency_cost:,.0f} EUR" in page
    assert f"responses cost {plan.response_cost:,.0f} EUR" in page
    bare = capstone.Plan(**{**plan.__dict__, "hurdle_rate": None, "npv_hurdle": None,
                            "response_cost": None, "contingency_cost": None})
    assert "hurdle" not in capstone.plan_html(bare) and "responses cost" not in \
        capstone.plan_html(bare)
    assert "@page { size: A4" in page and "http" not in page.split("<body>")[1]


def test_the_page_escapes_what_a_participant_types(plan):
    evil = capstone.Plan(**{**plan.__dict__, "approach_why": "<script>alert(1)</script> & co",
                            "author": "<b>Ada</b>",
                            "risks": [("<img src=x onerror=alert(1)>", "mitigate")]})
    page = capstone.plan_html(evil)
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in page
    assert "<img" not in page and "&lt;b&gt;Ada&lt;/b&gt;" in page


@pytest.mark.parametrize("field, value, error, words", [
    ("approach", "", ValueError, "approach"),
    ("approach_why", "x" * 221, ValueError, "approach_why must be at most 220"),
    ("risks", [], ValueError, "risks must hold 1 to 5"),
    ("risks", "R | x", TypeError, "risks must be a list"),
    ("risks", [("only one",)], TypeError, r"risks\[0\]"),
    ("kpis", [("a", "b")] * 6, ValueError, "kpis must hold 1 to 5"),
    ("communication", ["x"] * 7, ValueError, "communication must hold 1 to 6"),
    ("p80_days", 1.0, ValueError, "p80_days must be >= p50_days"),
    ("npv", math.nan, ValueError, "npv"),
    ("partner_score", 6, ValueError, "partner_score"),
    ("irr", "0.2", TypeError, "irr"),
    ("author", 3, TypeError, "author"),
    ("npv_hurdle", None, ValueError, "npv_hurdle and hurdle_rate go together"),
    ("hurdle_rate", "12 %", TypeError, "hurdle_rate"),
    ("contingency_cost", math.inf, ValueError, "contingency_cost"),
])
def test_a_plan_refuses_bad_values(plan, field, value, error, words):
    with pytest.raises(error, match=words):
        capstone.Plan(**{**plan.__dict__, field: value})


def test_save_plan_writes_the_page(tmp_path, plan):
    written = capstone.save_plan(plan, tmp_path / "mine.html")
    assert written.read_text(encoding="utf-8") == capstone.plan_html(plan)
    with pytest.raises(ValueError, match="path must name an .html file"):
        capstone.save_plan(plan, tmp_path / "mine.pdf")
    with pytest.raises(TypeError, match="path"):
        capstone.save_plan(plan, 3)
    with pytest.raises(ValueError, match="could not be written"):
        capstone.save_plan(plan, tmp_path / "no" / "such" / "folder.html")
    with pytest.raises(TypeError, match="plan must be a Plan"):
        capstone.plan_html({"title": "x"})


def _pdf_pages(html: str) -> int:
    """Pages of the page printed to PDF by Debian's chromium (A4, the page's own CSS)."""
    from playwright.sync_api import sync_playwright

    from browser_support import CHROMIUM, FLAGS

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            page = browser.new_page()
            page.set_content(html)
            pdf = page.pdf(prefer_css_page_size=True)
        finally:
            browser.close()
    return len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf))


def test_the_page_prints_on_one_a4_page(plan):
    from browser_support import require_browser

    require_browser()
    assert _pdf_pages(capstone.plan_html(plan)) == 1
    assert _pdf_pages(capstone.plan_html(largest_plan())) == 1
    # The counter can fail: a page three times too long prints on more than one.
    long = capstone.plan_html(largest_plan()).replace("</body>", "<p>x</p>" * 120 + "</body>")
    assert _pdf_pages(long) > 1


# --------------------------------------------------------------------------
# The plan builder
# --------------------------------------------------------------------------

def test_the_builder_opens_on_the_worked_plan_and_saves(tmp_path, plan):
    from implcourse.widgets.capstone import plan_builder

    tool = plan_builder(folder=tmp_path)
    assert tool.approach.value == plan.approach and tool.strategy.value == plan.rollout
    assert f"P80 {plan.p80_days:.0f}" in tool.figures.value
    tool.author.value = "Group <3>"
    tool.approach.value = "Predictive"
    tool.approach_why.value = "A legal date and one cutover weekend."
    tool.strategy.value = "Phased rollout"
    tool.risks.value = "Data may be poor | Mitigate (owner: data lead)\n\nKey users busy | Escalate"
    tool.kpis.value = "Close | 6 working days by June 2028"
    tool.comms.value = "Works council: training dates (workshop, monthly)"
    tool.partner.value = "Boutique specialist"
    assert "Boutique specialist: weighted score" in tool.figures.value
    tool.save.click()
    saved = tmp_path / capstone.PLAN_FILE
    page = saved.read_text(encoding="utf-8")
    assert "Delivery approach: Predictive" in page and "Rollout: Phased rollout" in page
    assert "Key users busy" in page and "Group &lt;3&gt;" in page
    assert "Partner: Boutique specialist" in page
    assert capstone.PLAN_FILE in tool.result.value and "href" in tool.result.value
    assert str(tmp_path) not in tool.result.value          # no machine path shown
    assert not tool.unexpected


def test_the_builder_says_what_is_wrong_and_saves_nothing(tmp_path):
    from implcourse.widgets.capstone import plan_builder

    tool = plan_builder(folder=tmp_path)
    tool.risks.value = "a risk without its response"
    tool.save.click()
    assert "Risks, line 1" in tool.result.value and "Nothing was saved" in tool.result.value
    tool.risks.value = "ok | fine"
    tool.kpis.value = "\n".join(f"K{i} | t" for i in range(7))
    tool.save.click()
    assert "kpis must hold 1 to 5" in tool.result.value
    assert not (tmp_path / capstone.PLAN_FILE).exists()
    assert not tool.unexpected


def test_the_builder_is_in_the_catalogue():
    from implcourse.widgets import catalogue

    found = [(lesson, title) for lesson, title, _ in catalogue() if lesson == "09"]
    assert found == [("09", "Your implementation plan")]


# --------------------------------------------------------------------------
# The exercises
# --------------------------------------------------------------------------

EXERCISES = [ex09.SuitabilityWhatIf, ex09.RolloutWhatIf, ex09.RiskResponse, ex09.CaseNpv,
             ex09.PartnerWhatIf, ex09.KpiProgress]


@pytest.mark.parametrize("cls", EXERCISES, ids=lambda c: c.__name__)
def test_exercise_accepts_its_answer_and_refuses_a_wrong_one(cls, progress_home):
    for seed in range(12):
        ex = cls(seed=seed)
        right = ex.expected()
        assert ex.check(**right).correct, (seed, right)
        wrong = {k: (v * 1.5 + 1000 if isinstance(v, float) else "no-such-option")
                 for k, v in right.items()}
        first = next(iter(right))
        assert not ex.check(**{**right, first: wrong[first]}).correct
        text = ex.task + " ".join(ex.hints)
        for value in right.values():
            if isinstance(value, float) and abs(value) >= 1000:      # an amount
                assert f"{value:,.0f}" not in text
            elif isinstance(value, float) and value != int(value):   # a score, a share
                assert f"{value:.2f}" not in text


@pytest.mark.parametrize("cls", EXERCISES, ids=lambda c: c.__name__)
def test_exercises_differ_between_learners(cls):
    tasks = {cls(seed=seed).task for seed in range(8)}
    assert len(tasks) > 1


def test_suitability_exercise_agrees_with_an_independent_median():
    for seed in range(10):
        ex = ex09.SuitabilityWhatIf(seed=seed)
        median = sorted(ex.answers.values())[4]
        assert ex.expected()["median"] == median
        assert suitability.zone_of(median) == ex.expected()["fit"]


def test_kpi_exercise_keeps_clear_of_the_thresholds():
    from implcourse.metrics import dashboard

    limits = (ex09.KpiProgress.GREEN, ex09.KpiProgress.AMBER)
    seen = set()
    for seed in range(400):
        ex = ex09.KpiProgress(seed=seed)
        k = ex.kpi
        progress = 100 * (ex.measured - k.baseline) / (k.target - k.baseline)   # by hand
        assert min(abs(progress - t) for t in limits) > 1, (seed, progress)
        # Every answer within the tolerance gets the same colour.
        assert dashboard.rag(progress - 0.5, *limits) == dashboard.rag(progress + 0.5, *limits)
        seen.add(ex.expected()["status"])
    assert seen == {"green", "amber", "red"}
    # The old draw of the default seed (45 of 90, exactly 50 %) can no longer happen.
    from implcourse.exercises import learner_seed

    ex = ex09.KpiProgress(seed=learner_seed("Ada Lovelace"))
    assert ex.expected()["progress"] != pytest.approx(50.0)


def test_the_group_timetable_adds_up_to_the_lessons_minutes():
    import nbformat

    nb = nbformat.read(ROOT / "notebooks" / "09_capstone_workshop.ipynb", as_version=4)
    notes = [c.source for c in nb.cells if "trainer" in c.metadata.get("tags", [])]
    group = notes[0].split("**Group mode**", 1)[1].split(". Split", 1)[0]
    minutes = [int(m) for m in re.findall(r"(\d+) min ", group)]
    lesson = course.get_lesson("09")
    assert sum(minutes) == lesson.teaching_minutes + lesson.exercise_minutes
    assert minutes[0] == lesson.teaching_minutes
    assert all("working alone" in n for n in notes)


def test_npv_exercise_agrees_with_numpy_financial():
    for seed in range(6):
        ex = ex09.CaseNpv(seed=seed)
        assert ex.expected()["npv"] == pytest.approx(npf.npv(ex.rate, ex.cashflows))
