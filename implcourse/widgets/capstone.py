"""The capstone's plan builder (lesson 09): your decisions, one printable page.

A thin view over :mod:`implcourse.capstone`: the choices are prefilled from
what the package computes for the case (:func:`~implcourse.capstone.worked_plan`),
the figures that the package computes (P50, P80, NPV, IRR, payback, the
partner's score) are shown, not typed, and *Save my plan* writes
``my_implementation_plan.html`` next to the notebook.
"""

from __future__ import annotations

import html
import os
from pathlib import Path

import ipywidgets as w

from .. import capstone, rollout
from ..partners import scoring
from .common import Tool, columns, error_html, full_width, note_html

__all__ = ["plan_builder"]


def _lines(label: str, text: str, pairs: bool) -> list:
    """The non-empty lines of a text box; with ``pairs``, each split at its first '|'."""
    out = []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        if pairs:
            if "|" not in line:
                raise ValueError(f"{label}, line {number}: write it as 'text | text' "
                                 f"(got {line[:40]!r})")
            left, right = (part.strip() for part in line.split("|", 1))
            out.append((left, right))
        else:
            out.append(line)
    if not out:
        raise ValueError(f"{label}: give at least one line")
    return out


def plan_builder(folder: str | os.PathLike | None = None) -> Tool:
    """Build your implementation plan from the capstone case and save it as one page.

    The tabs hold the decisions of the six steps, prefilled from the package's
    worked plan; the right column shows what the package computes for the
    case and, after *Save my plan*, a link to the saved page. ``folder`` is
    where the page is written (the notebook's folder by default).

    Examples
    --------
    >>> import tempfile
    >>> tool = plan_builder(folder=tempfile.mkdtemp())
    >>> tool.approach.value
    'Hybrid'
    >>> tool.save.click()
    >>> "my_implementation_plan.html" in tool.result.value
    True
    """
    if folder is not None and (isinstance(folder, bool)
                               or not isinstance(folder, (str, os.PathLike))):
        raise TypeError(f"folder must be a folder path, got {type(folder).__name__}")
    worked = capstone.worked_plan()
    partners = scoring.score_partners(capstone.partner_weights())
    names = dict(zip(partners.ranking["Partner"], partners.ranking["Weighted score (1 to 5)"]))
    text = dict(layout=full_width())
    author = w.Text(value="", description="Name(s)", placeholder="you, or your group", **text)
    approach = w.Dropdown(options=list(capstone.APPROACHES), value=worked.approach,
                          description="Approach", **text)
    approach_why = w.Textarea(value=worked.approach_why, description="Why",
                              layout=w.Layout(width="100%", height="4.5em"))
    strategy = w.Dropdown(options=[s.name for s in rollout.load_strategies()],
                          value=worked.rollout, description="Rollout", **text)
    strategy_why = w.Textarea(value=worked.rollout_why, description="Why",
                              layout=w.Layout(width="100%", height="4.5em"))
    risks = w.Textarea(value="\n".join(f"{r} | {s}" for r, s in worked.risks),
                       description="Risks", layout=w.Layout(width="100%", height="7em"),
                       tooltip="One risk a line: risk | response (owner)")
    partner = w.Dropdown(options=list(names), value=worked.partner, description="Partner",
                         **text)
    kpis = w.Textarea(value="\n".join(f"{k} | {t}" for k, t in worked.kpis),
                      description="KPIs", layout=w.Layout(width="100%", height="6em"),
                      tooltip="One KPI a line: KPI | target")
    comms = w.Textarea(value="\n".join(worked.communication), description="Messages",
                       layout=w.Layout(width="100%", height="7em"),
                       tooltip="One communication a line: who, what, channel, how often")
    hint = lambda t: w.HTML(f"<small>{html.escape(t)}</small>")  # noqa: E731
    tabs = w.Tab(children=[
        w.VBox([author, approach, approach_why, strategy, strategy_why]),
        w.VBox([hint("One risk a line: risk | response (owner). Up to 5."), risks]),
        w.VBox([partner, hint("The score is lesson 08's model with the case's weights.")]),
        w.VBox([hint("One KPI a line: KPI | target. Up to 5."), kpis,
                hint("One communication a line. Up to 6."), comms]),
    ], titles=["Approach and rollout", "Risks", "Partner", "KPIs and communication"])
    save = w.Button(description="Save my plan", button_style="primary", icon="save")
    figures = w.HTML()
    result = w.HTML()
    target = Path(folder) if folder is not None else None

    def current() -> capstone.Plan:
        return capstone.Plan(
            title=worked.title, approach=approach.value, approach_why=approach_why.value,
            rollout=strategy.value, rollout_why=strategy_why.value,
            risks=_lines("Risks", risks.value, True), p50_days=worked.p50_days,
            p80_days=worked.p80_days, contingency_days=worked.contingency_days,
            npv=worked.npv, irr=worked.irr, payback_years=worked.payback_years,
            partner=partner.value, partner_score=float(names[partner.value]),
            kpis=_lines("KPIs", kpis.value, True),
            communication=_lines("Communication", comms.value, False),
            currency=worked.currency, author=author.value,
            discount_rate=worked.discount_rate, hurdle_rate=worked.hurdle_rate,
            npv_hurdle=worked.npv_hurdle, response_cost=worked.response_cost,
            contingency_cost=worked.contingency_cost)

    def show_figures(_=None) -> None:
        irr = "none" if worked.irr is None else f"{100 * worked.irr:.1f} %"
        counts = []
        for label, box, pairs in (("risk", risks, True), ("KPI", kpis, True),
                                  ("message", comms, False)):
            try:
                n = len(_lines(label, box.value, pairs))
                counts.append(f"{n} {label}{'s' if n != 1 else ''}")
            except ValueError as err:
                counts.append(f"<span style='color:#a35200'>{html.escape(str(err))}</span>")
        figures.value = note_html(
            f"<b>Your choices:</b> {html.escape(approach.value)} approach; "
            f"{html.escape(strategy.value)}; {html.escape(partner.value)}; "
            + ", ".join(counts) + ".<br>"
            "<b>Computed for the case</b> (the same on every plan):<br>"
            f"Schedule P50 {worked.p50_days:.0f} and P80 {worked.p80_days:.0f} working days, "
            f"contingency {worked.contingency_days:.0f} days<br>"
            f"NPV {worked.npv:,.0f} {html.escape(worked.currency)}, IRR {irr}, payback "
            f"{worked.payback_years:.2f} years<br>"
            f"{html.escape(partner.value)}: weighted score {names[partner.value]:.2f} of 5")

    def on_save(_) -> None:
        try:
            plan = current()
            where = (target or Path.cwd()) / capstone.PLAN_FILE
            capstone.save_plan(plan, where)
        except (TypeError, ValueError) as err:
            result.value = error_html(f"{err}. Nothing was saved.")
            return
        name = html.escape(capstone.PLAN_FILE)
        result.value = note_html(
            f"Saved <a href='{name}' target='_blank'>{name}</a> next to this notebook. Open "
            "it from the file browser (right-click, Open in New Browser Tab) and print it "
            "on one A4 page.", good=True)

    for control in (approach, strategy, partner, risks, kpis, comms):
        control.observe(show_figures, names="value")
    save.on_click(on_save)
    show_figures()
    result.value = note_html("Edit your decisions, then press <b>Save my plan</b>.")
    # The decisions are what the participant works on: they take the wide column, and the
    # computed figures with the Save button the narrow one beside them.
    tool = Tool("Your implementation plan", [columns([figures, save, result], [tabs])])
    tool.author, tool.approach, tool.approach_why = author, approach, approach_why
    tool.strategy, tool.strategy_why, tool.risks = strategy, strategy_why, risks
    tool.partner, tool.kpis, tool.comms = partner, kpis, comms
    tool.save, tool.figures, tool.result = save, figures, result
    tool.plan = current
    return tool
