"""Choosing a partner: RFI, RFP and RFQ, an evaluation template, reference
checks and due diligence, a proof of concept, and the decision record.

The content lives in ``datasets/partners/selection.yml``. The six ways of
selecting a seller follow PMBOK Guide 6th ed., section 12.1.2.4 (source
selection analysis); the request documents follow its bid documents (RFI,
RFQ, RFP, section 12.1.3.3). The due-diligence checklist, the reference
questions and the proof-of-concept terms are the course's own synthesis,
each item marked *blocking* when a gap there should stop a signature.

Examples
--------
>>> list(procurement_documents().index)
['Request for information (RFI)', 'Request for proposal (RFP)', 'Request for quotation (RFQ)']
>>> int(evaluation_template()["Weight (%)"].sum())
100
>>> status = due_diligence_status(["references", "financial_stability"])
>>> list(status["Blocking"][:2])
['Yes', 'Yes']
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

import pandas as pd
from pydantic import BaseModel, Field

from ..content import ContentError, ContentModel, Items, Slug, Text, cached_by_file, \
    display_path, load_entries, read_yaml
from .profiles import _shown, aspects, get_partner_type
from .scoring import PartnerScores

__all__ = [
    "RequestDocument",
    "SelectionMethod",
    "Criterion",
    "CheckItem",
    "ProofOfConcept",
    "procurement_documents",
    "selection_methods",
    "evaluation_template",
    "reference_questions",
    "due_diligence_checklist",
    "due_diligence_status",
    "proof_of_concept",
    "decision_record",
]

SELECTION_FILE = "partners/selection.yml"


class RequestDocument(ContentModel):
    """A request to the market: RFI, RFP or RFQ."""

    id: Slug
    name: Text
    purpose: Text
    asks_for: Text
    binding: Text
    when_used: Text


class SelectionMethod(ContentModel):
    """A way of selecting a seller (PMBOK Guide 6th ed., 12.1.2.4)."""

    id: Slug
    name: Text
    when: Text


class Criterion(ContentModel):
    """A criterion of the evaluation template, its weight and the evidence asked."""

    id: Slug
    name: Text
    weight: float = Field(ge=0)
    evidence: Text


class CheckItem(ContentModel):
    """An item of the due-diligence checklist."""

    id: Slug
    area: Text
    item: Text
    evidence: Text
    blocking: bool


class ProofOfConcept(ContentModel):
    """The terms of a proof of concept."""

    scope: Text
    success_criteria: Items
    duration: Text
    who_pays: Text
    decide: Text


class _Selection(BaseModel):
    model_config = {"frozen": True}

    documents: tuple[RequestDocument, ...]
    methods: tuple[SelectionMethod, ...]
    template: tuple[Criterion, ...]
    questions: tuple[str, ...]
    checklist: tuple[CheckItem, ...]
    poc: ProofOfConcept


@cached_by_file
def _load(path: Path) -> _Selection:
    file = display_path(path)
    raw = read_yaml(path)
    template = load_entries(path, Criterion, key="evaluation_template")
    if abs(sum(c.weight for c in template) - 100) > 1e-9:
        raise ContentError(file, f"the weights must add up to 100, not "
                           f"{sum(c.weight for c in template):g}", None, "evaluation_template")
    questions = raw.get("reference_questions") if isinstance(raw, dict) else None
    if not isinstance(questions, list) or not questions or \
            not all(isinstance(q, str) and q.strip() for q in questions):
        raise ContentError(file, "must be a non-empty list of questions", None,
                           "reference_questions")
    try:
        poc = ProofOfConcept.model_validate(raw.get("proof_of_concept"))
    except Exception as err:
        first = err.errors()[0] if hasattr(err, "errors") else {"msg": str(err), "loc": ()}
        raise ContentError(file, first["msg"], "proof_of_concept",
                           ".".join(str(p) for p in first["loc"]) or None) from None
    return _Selection(documents=load_entries(path, RequestDocument, key="documents"),
                      methods=load_entries(path, SelectionMethod, key="selection_methods"),
                      template=template, questions=tuple(q.strip() for q in questions),
                      checklist=load_entries(path, CheckItem, key="due_diligence"), poc=poc)


def _data() -> _Selection:
    return _load(SELECTION_FILE)


def procurement_documents() -> pd.DataFrame:
    """RFI, RFP and RFQ side by side: purpose, what each asks for, whether the
    answer binds, and when each is used.

    Examples
    --------
    >>> procurement_documents().loc["Request for quotation (RFQ)", "Binding?"]
    'A quotation is a firm price offer for the specified item.'
    """
    return pd.DataFrame([{"Document": d.name, "Purpose": d.purpose, "Asks for": d.asks_for,
                          "Binding?": d.binding, "When used": d.when_used}
                         for d in _data().documents]).set_index("Document")


def selection_methods() -> pd.DataFrame:
    """The six ways of selecting a seller in PMBOK Guide 6th ed., 12.1.2.4.

    Examples
    --------
    >>> len(selection_methods())
    6
    """
    return pd.DataFrame([{"Method": m.name, "When it fits": m.when} for m in _data().methods]
                        ).set_index("Method")


def evaluation_template() -> pd.DataFrame:
    """An evaluation template for partner proposals: criteria, weights (a
    synthetic example adding up to 100 %) and the evidence to ask for.

    Examples
    --------
    >>> float(evaluation_template().loc["Price and commercial terms", "Weight (%)"])
    25.0
    """
    return pd.DataFrame([{"Criterion": c.name, "Weight (%)": c.weight,
                          "Evidence asked": c.evidence} for c in _data().template]
                        ).set_index("Criterion")


def reference_questions() -> list[str]:
    """Questions to ask a partner's reference clients.

    Examples
    --------
    >>> reference_questions()[-1]
    'Would you hire them again for the same work?'
    """
    return list(_data().questions)


def due_diligence_checklist() -> pd.DataFrame:
    """The due-diligence checklist: area, item, evidence and whether a gap blocks signing.

    Examples
    --------
    >>> table = due_diligence_checklist()
    >>> len(table), int((table["Blocking"] == "Yes").sum())
    (15, 9)
    """
    return pd.DataFrame([{"Id": c.id, "Area": c.area, "Item": c.item, "Evidence": c.evidence,
                          "Blocking": "Yes" if c.blocking else "No"}
                         for c in _data().checklist]).set_index("Id")


def _check_done(done: object) -> list[str]:
    items = _data().checklist
    if done is None:
        return []
    if isinstance(done, (str, bytes, Mapping)) or not isinstance(done, Iterable):
        raise TypeError(f"The items done must be a list of checklist items (you entered "
                        f"{_shown(done)})")
    result = []
    for key in done:
        if not isinstance(key, str):
            raise TypeError(f"A checklist item must be given by its id or name (you entered "
                            f"{_shown(key)}) (parameter done)")
        wanted = key.strip().lower()
        match = [c.id for c in items if wanted in (c.id, c.item.lower())]
        if not match:
            known = ", ".join(repr(c.id) for c in items)
            raise ValueError(f"Unknown due-diligence item {_shown(key)}; the items are {known} "
                             f"(parameter done)")
        if match[0] not in result:
            result.append(match[0])
    return result


def due_diligence_status(done: Iterable[str] | None = None) -> pd.DataFrame:
    """The due-diligence items still missing, blocking ones first.

    Parameters
    ----------
    done : list of str
        The items done, by id or name (case-insensitive).

    Returns
    -------
    DataFrame
        One row per missing item ("Area", "Item", "Evidence", "Blocking"),
        blocking items first, then in checklist order. ``attrs`` holds
        ``done`` and ``total`` counts and ``ready`` (True when no blocking
        item is missing).

    Examples
    --------
    >>> status = due_diligence_status(["security", "Exit and hand-over terms"])
    >>> status.attrs["done"], status.attrs["ready"]
    (2, False)
    >>> status.iloc[0]["Item"]
    'Financial stability'
    >>> due_diligence_status(["credit score"])
    Traceback (most recent call last):
    ...
    ValueError: Unknown due-diligence item 'credit score'; the items are \
'financial_stability', 'insurance', 'references', 'case_studies', 'certifications', \
'named_team', 'staff_continuity', 'methodology', 'subcontractors', 'security', \
'data_protection', 'conflicts', 'intellectual_property', 'exit_terms', 'litigation' (parameter done)
    """
    finished = _check_done(done)
    table = due_diligence_checklist()
    missing = table.loc[[i for i in table.index if i not in finished]]
    missing = pd.concat([missing[missing["Blocking"] == "Yes"],
                         missing[missing["Blocking"] == "No"]])
    missing.attrs.update(done=len(finished), total=len(table),
                         ready=not (missing["Blocking"] == "Yes").any())
    return missing


def proof_of_concept() -> ProofOfConcept:
    """The terms of a proof of concept: scope, success criteria, duration, who pays.

    Examples
    --------
    >>> len(proof_of_concept().success_criteria)
    4
    """
    return _data().poc


def decision_record(result: PartnerScores, *, sensitivity: pd.DataFrame | None = None,
                    done: Iterable[str] | None = None, decision: str | None = None,
                    decided_by: str = "[steering committee: names]",
                    date: str = "[YYYY-MM-DD]", dissent: str | None = None,
                    reasons: str | None = None) -> str:
    """A decision record in Markdown: the scoring, how firm it is, the due
    diligence, the decision, who decided and when, and any dissent.

    Parameters
    ----------
    result : PartnerScores
        From :func:`implcourse.partners.score_partners`.
    sensitivity : DataFrame, optional
        From :func:`implcourse.partners.weight_sensitivity`; the smallest move
        that changes the winner is reported.
    done : list of str, optional
        Due-diligence items done (see :func:`due_diligence_status`).
    decision : str, optional
        The partner type chosen (id or name); the scoring winner by default.
    decided_by, date : str
        Who decided and when; placeholders by default, for the learner to fill.
    dissent : str, optional
        A recorded disagreement; "None recorded." when absent.
    reasons : str, optional
        Why, in the decision makers' words; required when the decision is not
        the scoring winner.

    Examples
    --------
    >>> from implcourse.partners.scoring import score_partners, weight_sensitivity
    >>> r = score_partners()
    >>> text = decision_record(r, sensitivity=weight_sensitivity(), done=["references"])
    >>> print(text.splitlines()[0])
    # Decision record: choice of implementation partner
    >>> "**Decision:** Large system integrator" in text
    True
    >>> decision_record(r, decision="boutique_specialist")
    Traceback (most recent call last):
    ...
    ValueError: The decision differs from the scoring winner (Large system integrator): \
give the reasons for choosing Boutique specialist
    """
    if not isinstance(result, PartnerScores) or not isinstance(result.ranking, pd.DataFrame):
        raise TypeError(f"result must be the result of score_partners (you entered "
                        f"{type(result).__name__})")
    for label, value in (("Decided by", decided_by), ("Date", date)):
        if not isinstance(value, str) or not value.strip():
            raise ValueError(f"{label} must be a non-empty text (you entered {value!r})")
    for label, value in (("Dissent", dissent), ("Reasons", reasons)):
        if value is not None and not isinstance(value, str):
            raise TypeError(f"{label} must be a text (you entered {_shown(value)})")
    if sensitivity is not None:
        wanted = ["Share now (%)", "Raise to (%)", "Raise by (points)", "New winner (up)",
                  "Lower to (%)", "Lower by (points)", "New winner (down)"]
        if not isinstance(sensitivity, pd.DataFrame) or \
                not set(wanted) <= set(sensitivity.columns):
            raise TypeError(f"sensitivity must be the table from weight_sensitivity (you "
                            f"entered {type(sensitivity).__name__})")
        winner = sensitivity.attrs.get("winner")
        weights_now = {a.name: result.weights[a.id] for a in aspects()}

        def same(name, weight) -> bool:
            try:
                return name in weights_now and abs(float(weight) - weights_now[name]) <= \
                    1e-9 * max(1.0, abs(weights_now[name]))
            except (TypeError, ValueError):
                return False

        same_weights = "Weight now" not in sensitivity.columns or all(
            same(name, weight) for name, weight in sensitivity["Weight now"].items())
        if (winner is not None and winner != result.winner_name) or not same_weights:
            raise ValueError(f"sensitivity belongs to another scoring (its winner is {winner}, "
                             f"the result's is {result.winner_name}, or its weights differ); "
                             f"pass the same weights, overrides and partners to "
                             f"weight_sensitivity")
    try:
        chosen = get_partner_type(decision) if decision is not None \
            else get_partner_type(result.winner)
    except (TypeError, ValueError) as err:
        raise type(err)(f"{err} (parameter decision)") from None
    if chosen.id not in result.order:
        raise ValueError(f"The decision ({chosen.name}) was not among the partners scored "
                         f"(parameter decision)")
    if chosen.id != result.winner and not (reasons and reasons.strip()):
        raise ValueError(f"The decision differs from the scoring winner "
                         f"({result.winner_name}): give the reasons for choosing {chosen.name}")
    labels = {a.id: a.name for a in aspects()}
    lines = ["# Decision record: choice of implementation partner", "",
             f"**Decision:** {chosen.name}  ", f"**Decided by:** {decided_by.strip()}  ",
             f"**Date:** {date.strip()}", "", "## Weighted scoring", "",
             result.normalisation, "", "| Rank | Partner | Score (1 to 5) |",
             "| ---: | --- | ---: |"]
    for rank, row in result.ranking.iterrows():
        lines.append(f"| {rank} | {row['Partner']} | {row['Weighted score (1 to 5)']:.2f} |")
    lines += ["", result.explanation]
    if result.overridden:
        lines += ["", "Ratings overridden: " + "; ".join(
            f"{get_partner_type(p).name} on {labels[a].lower()} = {result.ratings.loc[p, a]:g}"
            for p, a in result.overridden) + "."]
    lines += ["", "## How firm the ranking is", ""]
    if sensitivity is None:
        lines.append("No sensitivity check recorded.")
    else:
        up, down = sensitivity["Raise by (points)"], sensitivity["Lower by (points)"]
        if up.notna().any() or down.notna().any():
            best_up = up.min() if up.notna().any() else float("inf")
            best_down = down.min() if down.notna().any() else float("inf")
            if best_up <= best_down:
                aspect, verb, col, who = up.idxmin(), "raising", "Raise to (%)", "New winner (up)"
            else:
                aspect, verb, col, who = (down.idxmin(), "lowering", "Lower to (%)",
                                          "New winner (down)")
            row = sensitivity.loc[aspect]
            lines.append(f"The smallest change that alters the winner: {verb} the share of "
                         f"{aspect.lower()} from {row['Share now (%)']:.1f} % past "
                         f"{row[col]:.1f} % ({min(best_up, best_down):.1f} points) puts "
                         f"{row[who]} first.")
        else:
            lines.append("No single weight, moved anywhere within 0-100 %, changes the winner.")
    lines += ["", "## Due diligence", ""]
    status = due_diligence_status(done)
    lines.append(f"{status.attrs['done']} of {status.attrs['total']} items done.")
    blocking = status[status["Blocking"] == "Yes"]
    if len(blocking):
        lines.append("Blocking items still open: " + "; ".join(blocking["Item"]) + ".")
    else:
        lines.append("No blocking item is open.")
    lines += ["", "## Reasons", "", reasons.strip() if reasons and reasons.strip()
              else "The scoring winner was chosen.", "", "## Dissent", "",
              dissent.strip() if dissent and dissent.strip() else "None recorded.", ""]
    return "\n".join(lines)
