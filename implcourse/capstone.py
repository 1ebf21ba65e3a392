"""The capstone workshop (lesson 09): one implementation from start to finish.

The case is data, in ``datasets/capstone/`` (SYNTHETIC: Kessler Valves, an
invented valve manufacturer replacing its ERP). Every file there is in one of
the course's formats, so the course's own functions and tools read it:

* ``case.yml``: the company, its situation and constraints, the nine answers
  of the agile suitability filter and Boehm and Turner's five factors (the
  format of ``datasets/methods/cases.yml``);
* ``rollout_selection.yml``: the rollout factors (``sample_factors``);
* ``risk_register.csv``, ``plan.csv`` and ``plan_estimates.csv``;
* ``business_case.yml``;
* ``partner_scoring.yml``: the weights of the partner scoring model;
* ``kpis.yml`` and ``communication_plan.yml``.

This module loads them, computes a worked plan from them
(:func:`worked_plan`) and turns a participant's decisions, a :class:`Plan`,
into a one-page printable summary (:func:`plan_html`, :func:`save_plan`).
It imports no widget or plotting library.

Examples
--------
>>> plan = worked_plan(iterations=2000)
>>> plan.approach
'Hybrid'
>>> "<h1>" in plan_html(plan)
True
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from pathlib import Path

from . import business_case as _bc
from . import content, estimating, finance, lifecycle, risk, schedule
from .methods import suitability
from .printing import escape, page
from .validation import check_int, check_number, check_str, shown

__all__ = ["CASE_FOLDER", "APPROACHES", "case_path", "load_case_study", "rollout_factors",
           "partner_weights", "case_tasks", "case_register", "case_business_case",
           "case_kpis", "case_communication_plan", "Plan", "worked_plan", "plan_html",
           "save_plan", "PLAN_FILE", "REVIEW", "review_markdown"]

#: The case's folder under ``datasets/``.
CASE_FOLDER = "capstone"

#: The file name the plan builder saves to, next to the notebook.
PLAN_FILE = "my_implementation_plan.html"

#: The delivery approaches a plan may choose (lesson 02's three readings).
APPROACHES = ("Predictive", "Hybrid", "Agile")

_FILES = ("case.yml", "rollout_selection.yml", "risk_register.csv", "plan.csv",
          "plan_estimates.csv", "business_case.yml", "partner_scoring.yml", "kpis.yml",
          "communication_plan.yml")


def case_path(name: str) -> Path:
    """The path of one of the case's files.

    Examples
    --------
    >>> case_path("plan.csv").name
    'plan.csv'
    >>> case_path("nothing.csv")
    Traceback (most recent call last):
    ...
    ValueError: name must be one of case.yml, rollout_selection.yml, risk_register.csv, \
plan.csv, plan_estimates.csv, business_case.yml, partner_scoring.yml, kpis.yml, \
communication_plan.yml; got 'nothing.csv'
    """
    name = check_str("name", name)
    if name not in _FILES:
        raise ValueError(f"name must be one of {', '.join(_FILES)}; got {shown(name)}")
    return content.datasets_dir() / CASE_FOLDER / name


def load_case_study() -> suitability.Case:
    """The case: the company, its situation, the filter's answers and the factors.

    Examples
    --------
    >>> load_case_study().recommendation.approach
    'hybrid'
    """
    return suitability.load_cases(case_path("case.yml"))[0]


def rollout_factors() -> dict[str, float]:
    """The case's values of the rollout factors (lesson 03's model).

    Examples
    --------
    >>> rollout_factors()["users"]
    420.0
    """
    from .rollout import strategy

    return dict(strategy._load_selection(case_path("rollout_selection.yml")).sample)


def partner_weights() -> dict[str, float]:
    """The case's weights of the partner scoring model (lesson 08's model).

    Examples
    --------
    >>> partner_weights()["risk_profile"]
    25.0
    """
    from .partners import scoring

    default, presets = scoring._load(case_path("partner_scoring.yml"))
    return dict(next(p for p in presets if p.id == default).weights)


def case_tasks() -> estimating.EstimatedPlan:
    """The case's plan with its three-point estimates.

    Examples
    --------
    >>> case_tasks().plan.tasks[0].id
    'kickoff'
    """
    plan = schedule.load_plan(case_path("plan.csv"))
    return estimating.estimated_plan(plan, estimating.load_estimates(
        case_path("plan_estimates.csv")))


def case_register():
    """The case's risk register (a DataFrame, as :func:`implcourse.risk.load_register`).

    Examples
    --------
    >>> len(case_register())
    10
    """
    return risk.load_register(case_path("risk_register.csv"))


def case_business_case() -> _bc.BusinessCase:
    """The case's business case.

    Examples
    --------
    >>> case_business_case().currency
    'EUR'
    """
    return _bc.load_case(case_path("business_case.yml"))


def case_kpis():
    """The case's KPI definitions (lesson 06's format).

    Examples
    --------
    >>> [k.id for k in case_kpis()][:2]
    ['close_days', 'erp_adoption']
    """
    from .metrics import smart

    return smart.load_kpi_definitions(case_path("kpis.yml"))


def case_communication_plan():
    """The case's communication plan, checked (lesson 07's format).

    Examples
    --------
    >>> len(case_communication_plan())
    6
    """
    from .stakeholders import communication

    return communication.sample_plan(case_path("communication_plan.yml"))


#: Where each step of the capstone was taught: (lesson, section) pairs.
REVIEW = {
    1: (("02", 7), ("02", 6)),
    2: (("03", 3), ("03", 4)),
    3: (("04", 2), ("04", 7)),
    4: (("05", 3), ("05", 5)),
    5: (("08", 2), ("08", 3)),
    6: (("06", 1), ("07", 2)),
    7: (("01", 4), ("03", 5)),
}


def review_markdown(step: int) -> str:
    """Links back to the sections that taught a step of the capstone (Markdown).

    Examples
    --------
    >>> review_markdown(3).startswith("**Review:** [Lesson 04, 2. The risk register]")
    True
    """
    from .course import section_link

    step = check_int("step", step, minimum=1, maximum=len(REVIEW))
    links = [f"[{title}]({link})" for title, link in
             (section_link(lesson, number) for lesson, number in REVIEW[step])]
    return "**Review:** " + "; ".join(links) + "."


# --------------------------------------------------------------------------
# The plan
# --------------------------------------------------------------------------

def _text(name: str, value: object, limit: int = 600) -> str:
    text = check_str(name, value).strip()
    if len(text) > limit:
        raise ValueError(f"{name} must be at most {limit} characters, got {len(text)}")
    return text


def _pairs(name: str, value: object, most: int) -> tuple[tuple[str, str], ...]:
    if isinstance(value, (str, bytes, dict)) or not isinstance(value, (list, tuple)):
        raise TypeError(f"{name} must be a list of (text, text) pairs, got "
                        f"{type(value).__name__} {shown(value)}")
    if not 1 <= len(value) <= most:
        raise ValueError(f"{name} must hold 1 to {most} entries, got {len(value)}")
    out = []
    for i, pair in enumerate(value):
        if isinstance(pair, (str, bytes)) or not isinstance(pair, (list, tuple)) \
                or len(pair) != 2:
            raise TypeError(f"{name}[{i}] must be a (text, text) pair, got {shown(pair)}")
        out.append((_text(f"{name}[{i}]", pair[0], 80), _text(f"{name}[{i}]", pair[1], 60)))
    return tuple(out)


def _items(name: str, value: object, most: int) -> tuple[str, ...]:
    if isinstance(value, (str, bytes, dict)) or not isinstance(value, (list, tuple)):
        raise TypeError(f"{name} must be a list of texts, got {type(value).__name__} "
                        f"{shown(value)}")
    if not 1 <= len(value) <= most:
        raise ValueError(f"{name} must hold 1 to {most} entries, got {len(value)}")
    return tuple(_text(f"{name}[{i}]", item, 110) for i, item in enumerate(value))


@dataclass(frozen=True)
class Plan:
    """A participant's implementation plan: the decisions of the six steps.

    Amounts are in ``currency``; durations in working days; ``irr`` is a
    fraction (0.22 for 22 %) or None when the flows have no IRR. The optional
    figures (None leaves them off the page): ``discount_rate`` (the rate of
    ``npv``), ``hurdle_rate`` with ``npv_hurdle`` (the NPV at the hurdle rate,
    the rate the IRR is judged against), ``response_cost`` (what the planned
    risk responses cost) and ``contingency_cost`` (the money on top of the
    budget for 80 % confidence, beside ``contingency_days``). Texts have
    limits (risks up to 5, KPIs up to 5, communication items up to 6, each
    text a line or two) so that the summary fits one printed A4 page.

    Examples
    --------
    >>> plan = Plan(title="T", approach="Hybrid", approach_why="w", rollout="Phased",
    ...             rollout_why="w", risks=[("R", "mitigate")], p50_days=170, p80_days=180,
    ...             contingency_days=21, npv=1000, irr=0.2, payback_years=3.2,
    ...             partner="Boutique", partner_score=3.5, kpis=[("Adoption", "90 %")],
    ...             communication=["Sponsor: monthly"])
    >>> plan.risks
    (('R', 'mitigate'),)
    >>> Plan(**{**plan.__dict__, "p80_days": 100}).p80_days
    Traceback (most recent call last):
    ...
    ValueError: p80_days must be >= p50_days (170), got 100
    """

    title: str
    approach: str
    approach_why: str
    rollout: str
    rollout_why: str
    risks: tuple
    p50_days: float
    p80_days: float
    contingency_days: float
    npv: float
    irr: float | None
    payback_years: float
    partner: str
    partner_score: float
    kpis: tuple
    communication: tuple
    currency: str = "EUR"
    author: str = ""
    discount_rate: float | None = None
    hurdle_rate: float | None = None
    npv_hurdle: float | None = None
    response_cost: float | None = None
    contingency_cost: float | None = None

    def __post_init__(self) -> None:
        put = lambda key, value: object.__setattr__(self, key, value)  # noqa: E731
        for key, limit in (("title", 80), ("approach", 40), ("approach_why", 220),
                           ("rollout", 40), ("rollout_why", 220), ("partner", 50),
                           ("currency", 10)):
            put(key, _text(key, getattr(self, key), limit))
        if not isinstance(self.author, str):
            raise TypeError(f"author must be a string, got {type(self.author).__name__} "
                            f"{shown(self.author)}")
        put("author", self.author.strip()[:80])
        put("risks", _pairs("risks", self.risks, 5))
        put("kpis", _pairs("kpis", self.kpis, 5))
        put("communication", _items("communication", self.communication, 6))
        put("p50_days", check_number("p50_days", self.p50_days, minimum=0, maximum=1e5))
        put("p80_days", check_number("p80_days", self.p80_days, minimum=0, maximum=1e5))
        if self.p80_days < self.p50_days:
            raise ValueError(f"p80_days must be >= p50_days ({self.p50_days:g}), got "
                             f"{self.p80_days:g}")
        put("contingency_days", check_number("contingency_days", self.contingency_days,
                                             minimum=-1e5, maximum=1e5))
        put("npv", check_number("npv", self.npv, minimum=-1e13, maximum=1e13))
        if self.irr is not None:
            put("irr", check_number("irr", self.irr, minimum=-1, maximum=100))
        put("payback_years", check_number("payback_years", self.payback_years, minimum=0,
                                          maximum=1e3) if self.payback_years != math.inf
            else math.inf)
        put("partner_score", check_number("partner_score", self.partner_score, minimum=0,
                                          maximum=5))
        for key in ("discount_rate", "hurdle_rate"):
            if getattr(self, key) is not None:
                put(key, check_number(key, getattr(self, key), minimum=-0.99, maximum=10))
        if self.npv_hurdle is not None:
            put("npv_hurdle", check_number("npv_hurdle", self.npv_hurdle, minimum=-1e13,
                                           maximum=1e13))
        if (self.npv_hurdle is None) != (self.hurdle_rate is None):
            raise ValueError("npv_hurdle and hurdle_rate go together: give both or neither, "
                             f"got npv_hurdle {shown(self.npv_hurdle)} and hurdle_rate "
                             f"{shown(self.hurdle_rate)}")
        for key in ("response_cost", "contingency_cost"):
            if getattr(self, key) is not None:
                put(key, check_number(key, getattr(self, key), minimum=-1e13, maximum=1e13))


def worked_plan(seed: int = 2026, iterations: int = 20_000) -> Plan:
    """The plan the package computes for the case: a worked start to edit.

    Approach: the suitability filter's fit and the case's recommendation;
    rollout: the highest score of lesson 03's model; risks: the three active
    threats with the largest expected monetary value before their responses;
    schedule: a Monte Carlo simulation with the responses in place (``seed``,
    ``iterations``), the cost of the planned responses and the money
    contingency for 80 % confidence (a cost simulation with the same seed);
    business case: NPV at its discount rate and at its hurdle rate, IRR and
    payback; partner: the winner of lesson 08's scoring with the case's
    weights; KPIs and communication: the case's files.

    Examples
    --------
    >>> plan = worked_plan(iterations=2000)
    >>> plan.p50_days <= plan.p80_days and plan.npv > 0
    True
    """
    seed = check_int("seed", seed, minimum=0, maximum=2**32 - 1)
    iterations = check_int("iterations", iterations, minimum=1000, maximum=200_000)
    from . import methods, rollout
    from .methods import profiles
    from .partners import scoring

    case = load_case_study()
    reading = methods.assess_suitability(case.answers)
    ground = methods.home_ground(**case.factors.arguments())
    try:
        method = profiles.get_vendor_method(case.recommendation.method).name
    except (KeyError, ValueError):
        method = profiles.get_profile(case.recommendation.method).name
    approach = case.recommendation.approach.capitalize()
    approach_why = (f"The suitability filter reads {reading.fit} (median answer "
                    f"{reading.median:g}); the home ground is {ground.home_ground}, leaning "
                    f"{ground.lean}. A predictive frame with gates and a fixed cutover, "
                    f"iterative build inside it ({method}).")
    rec = rollout.recommend_strategy(rollout_factors())
    runner = rec.order[1]
    rollout_why = (f"Highest score in the course's weighted-scoring model: {rec.top_name} "
                   f"{rec.scores[rec.top]:.1f} of 100, ahead of "
                   f"{rollout.get_strategy(runner).name} {rec.scores[runner]:.1f}: close, "
                   "so the room decides.")
    register = case_register()
    table = risk.exposure(register)
    threats = table[(table["status"] == "active") & (table["kind"] == "threat")]
    top = threats.sort_values("emv_cost").head(3).index        # threats: negative EMV
    rows = register.set_index("id").loc[list(top)]
    owners = {r.id: r.name for r in lifecycle.load_roles()}
    risks = [(row["title"], f"{str(row['response']).capitalize()} (owner: "
                            f"{owners.get(row['owner'], row['owner'])})")
             for _, row in rows.iterrows()]
    tasks = case_tasks()
    run = risk.simulate_schedule(tasks, n=iterations, seed=seed, risks=register,
                                 residual=True)
    levels = run.percentiles()
    cost_run = risk.simulate_cost(tasks, n=iterations, seed=seed, risks=register,
                                  residual=True)
    acted = register[(register["status"] == "active")
                     & ~register["response"].isin(["accept", "escalate"])]
    money = case_business_case()
    flows = money.cashflows()
    irr = finance.irr(flows)
    scores = scoring.score_partners(partner_weights())
    kpis = [(k.name, f"{k.baseline:g} to {k.target:g} {k.unit} by {k.deadline:%B %Y}")
            for k in case_kpis()]
    comms = [f"{row['Stakeholder']}: {row['Message']} ({row['Channel']}, "
             f"{row['Frequency'].lower()})" for _, row in case_communication_plan().iterrows()]
    return Plan(title=f"Implementation plan: {money.name.split(': ', 1)[-1]}",
                approach=approach, approach_why=approach_why, rollout=rec.top_name,
                rollout_why=rollout_why, risks=risks, p50_days=levels["P50"],
                p80_days=levels["P80"], contingency_days=run.contingency(0.8),
                npv=finance.npv(money.discount_rate, flows),
                irr=None if irr is None or not math.isfinite(irr) else irr,
                payback_years=finance.payback_period(flows), partner=scores.winner_name,
                partner_score=float(scores.scores[scores.winner]), kpis=kpis,
                communication=comms, currency=money.currency,
                discount_rate=money.discount_rate, hurdle_rate=money.hurdle_rate,
                npv_hurdle=finance.npv(money.hurdle_rate, flows),
                response_cost=float(acted["response_cost"].sum()),
                contingency_cost=cost_run.contingency(0.8))


_CSS = """
body { max-width: 46em; font-size: 10pt; line-height: 1.25; }
@page { size: A4; margin: 12mm; }
@media print { body { font-size: 9pt; } }
h1 { font-size: 1.4em; margin: 0 0 0.2em; }
h2 { font-size: 1.05em; margin: 0.6em 0 0.2em; }
p { margin: 0.2em 0; }
table { margin: 0.2em 0 0.3em; }
th, td { padding: 0.1em 0.35em; }
ul { margin: 0.2em 0; padding-left: 1.3em; }
p, li, td, .meta { overflow-wrap: anywhere; }
.grid { display: grid; grid-template-columns: 1fr 1fr; gap: 0 1.2em; }
"""


def _amount(value: float, currency: str) -> str:
    return f"{value:,.0f} {currency}".replace("-", "\u2212")


def _rate(value: float) -> str:
    return f"{100 * value:.1f}".rstrip("0").rstrip(".") + " %"


def plan_html(plan: Plan) -> str:
    """The plan as a one-page printable HTML document (A4, the handouts' style).

    Every text of the plan is escaped.

    Examples
    --------
    >>> html = plan_html(worked_plan(iterations=2000))
    >>> html.startswith("<!DOCTYPE html>") and "P80" in html
    True
    """
    if not isinstance(plan, Plan):
        raise TypeError(f"plan must be a Plan, got {type(plan).__name__} {shown(plan)}")
    e = escape
    cur = plan.currency
    irr = "none (the flows have no IRR)" if plan.irr is None else f"{100 * plan.irr:.1f} %"
    payback = ("not within the horizon" if math.isinf(plan.payback_years)
               else f"{plan.payback_years:.2f} years")
    risks = "".join(f"<tr><td>{e(r)}</td><td>{e(s)}</td></tr>" for r, s in plan.risks)
    kpis = "".join(f"<tr><td>{e(k)}</td><td>{e(t)}</td></tr>" for k, t in plan.kpis)
    comms = "".join(f"<li>{e(c)}</li>" for c in plan.communication)
    by = f" · {e(plan.author)}" if plan.author else ""
    money = ("" if plan.contingency_cost is None
             else f" and {_amount(plan.contingency_cost, cur)}")
    responses = ("" if plan.response_cost is None else
                 f" The planned risk responses cost {_amount(plan.response_cost, cur)}, "
                 "in the budget.")
    rate = "" if plan.discount_rate is None else f" at {_rate(plan.discount_rate)}"
    hurdle = against = ""
    if plan.hurdle_rate is not None:
        hurdle = (f", {_amount(plan.npv_hurdle, cur)} at the "
                  f"{_rate(plan.hurdle_rate)} hurdle rate")
        against = f" against the {_rate(plan.hurdle_rate)} hurdle"
    body = (
        f"<h1>{e(plan.title)}</h1>"
        f"<p class='meta'>Capstone workshop, lesson 09 · a synthetic case{by}</p>"
        "<div class='grid'><div>"
        f"<h2>1. Delivery approach: {e(plan.approach)}</h2><p>{e(plan.approach_why)}</p>"
        "</div><div>"
        f"<h2>2. Rollout: {e(plan.rollout)}</h2><p>{e(plan.rollout_why)}</p>"
        "</div></div>"
        "<h2>3. Top risks and responses</h2>"
        f"<table><thead><tr><th>Risk</th><th>Response</th></tr></thead>{risks}</table>"
        f"<p>Schedule (Monte Carlo, responses in place): P50 {plan.p50_days:.0f} and "
        f"<b>P80 {plan.p80_days:.0f} working days</b>; contingency for 80 % confidence "
        f"{plan.contingency_days:.0f} days{money}.{responses}</p>"
        "<div class='grid'><div>"
        f"<h2>4. Business case</h2><p>NPV <b>{_amount(plan.npv, cur)}</b>{rate}{hurdle}; "
        f"IRR {irr}{against}; payback {payback}.</p>"
        "</div><div>"
        f"<h2>5. Partner: {e(plan.partner)}</h2><p>Weighted score "
        f"{plan.partner_score:.2f} of 5.</p>"
        "</div></div>"
        "<h2>6. KPIs and targets</h2>"
        f"<table><thead><tr><th>KPI</th><th>Target</th></tr></thead>{kpis}</table>"
        f"<h2>Communication plan</h2><ul>{comms}</ul>")
    return page(plan.title, body, css=_CSS)


def save_plan(plan: Plan, path: str | os.PathLike = PLAN_FILE) -> Path:
    """Write the plan's page to ``path`` (``my_implementation_plan.html`` in the
    working folder by default); return the path written.

    Examples
    --------
    >>> import tempfile
    >>> folder = tempfile.mkdtemp()
    >>> save_plan(worked_plan(iterations=2000), Path(folder) / "plan.html").name
    'plan.html'
    """
    if isinstance(path, bool) or not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"path must be a file path, got {type(path).__name__} {shown(path)}")
    target = Path(path)
    if not str(path).strip() or target.suffix.lower() not in (".html", ".htm"):
        raise ValueError(f"path must name an .html file, got {shown(str(path))}")
    text = plan_html(plan)
    try:
        target.write_text(text, encoding="utf-8")
    except OSError as err:
        raise ValueError(f"path could not be written ({err.strerror or err}): "
                         f"{shown(str(path))}") from None
    return target
