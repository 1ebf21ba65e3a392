"""Check a trainer's own content files before a lesson uses them.

``implcourse check-content PATH`` (and ``python3 course.py check-content
PATH``) runs this module on a file or a folder. It recognises every kind of
content the course reads: risk registers, plans and estimates; business cases
and decision trees; phases, roles, checklists and question banks; and the
other files of ``datasets/``. Each file is validated with the same models
and loaders the lessons use, and **every** problem is reported, not only the
first: each entry or row is validated on its own, and when all of them are
valid the course's own loader runs for the checks across entries (duplicate
ids, unknown dependencies, cycles, weights that must add up, ...).

Each problem names the file, where in it (a CSV row as a spreadsheet numbers
it, the header being row 1; a YAML line), the field, and what was expected,
in plain words::

    risks.csv: row 4 (id 'R03'): field 'probability': expected a number from 0 to 1, got 'high'

How a file's kind is recognised, in this order:

1. a file of the course's own ``datasets/`` folder by its place there;
2. by its content: the columns of a CSV header, or the top-level keys of a
   YAML file (where two kinds fit, the file name decides, then the kind that
   finds fewer problems);
3. by its name (``risk_register*.csv``, ``*estimates*.csv``, ``*plan*.csv``,
   ``*tree*.yml``, ...), so that a file with a misspelt column is still
   checked as what it is meant to be;
4. otherwise it is reported as not recognised: give its kind with ``--kind``
   (:data:`KINDS` lists them).

References to the course's own data (the roles a phase names, the phases and
roles of a risk register, the tasks of a RACI) are checked against the
course's files, as the lessons use them.

Examples
--------
>>> problems = check_path(content.datasets_dir() / "risk_register.csv")
>>> problems
[]
>>> "risk_register" in KINDS and KINDS["plan"].label
'plan of tasks'
"""

from __future__ import annotations

import fnmatch
import importlib
import os
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from . import content
from .validation import shown

__all__ = ["Problem", "Kind", "KINDS", "check_path", "check_paths", "check_file",
           "content_files", "recognise", "plain_error"]

#: The file name endings the course reads.
SUFFIXES = (".csv", ".yml", ".yaml")


@dataclass(frozen=True)
class Problem:
    """One problem found in a content file.

    Attributes
    ----------
    file : str
        The file, as the user gave it (a course file relative to the course).
    where : str
        Where in the file: ``"row 4 (id 'R03')"``, ``"line 12 (entry 3, id
        'design')"``, or ``""`` for the file as a whole.
    field : str
        The field (column or key), e.g. ``"probability"`` or ``"roles[1]"``,
        or ``""``.
    message : str
        What is wrong and what was expected, in plain words.
    kind : str
        The kind of content the file was checked as (a key of :data:`KINDS`),
        or ``""`` when it could not be told.

    Examples
    --------
    >>> str(Problem("risks.csv", "row 4 (id 'R03')", "probability",
    ...             "expected a number from 0 to 1, got 'high'", "risk_register"))
    "risks.csv: row 4 (id 'R03'): field 'probability': expected a number from 0 to 1, got 'high'"
    """

    file: str
    where: str
    field: str
    message: str
    kind: str

    def __post_init__(self) -> None:
        for name in ("file", "where", "field", "message", "kind"):
            value = getattr(self, name)
            if not isinstance(value, str):
                raise TypeError(f"{name} must be a string, got {type(value).__name__} "
                                f"{shown(value)}")

    def __str__(self) -> str:
        parts = [self.file]
        if self.where:
            parts.append(self.where)
        if self.field:
            parts.append(f"field {self.field!r}")
        parts.append(self.message)
        return ": ".join(parts)


# --------------------------------------------------------------------------
# The kinds of content
# --------------------------------------------------------------------------

@dataclass(frozen=True)
class Kind:
    """A kind of content file: how to recognise it and how to validate it.

    Models and loaders are named as ``"module:attribute"`` strings and
    imported only when a file is checked, so that importing this module
    stays light.

    Attributes
    ----------
    name : str
        The kind's name, as ``--kind`` takes it.
    label : str
        The kind in plain words.
    format : {"csv", "yaml"}
        The file format.
    course_files : tuple of str
        Patterns of the course's own files of this kind, relative to
        ``datasets/``.
    names : tuple of str
        File-name patterns (lower case) that suggest this kind for a
        trainer's file.
    rows : str
        CSV: the model of one row.
    entries : tuple of (str, str, bool)
        YAML: ``(top-level key, model of one entry, required)`` for each
        list of entries.
    document : str
        YAML: the model of the whole file.
    extra_keys : tuple of str
        Other top-level keys a YAML file of this kind may have.
    columns : tuple of str
        CSV without a row model: the columns it needs.
    loaders : tuple of str
        The course's loaders, each called with the file's path, for the
        checks across entries.
    """

    name: str
    label: str
    format: str
    course_files: tuple[str, ...] = ()
    names: tuple[str, ...] = ()
    rows: str = ""
    entries: tuple[tuple[str, str, bool], ...] = ()
    document: str = ""
    extra_keys: tuple[str, ...] = ()
    columns: tuple[str, ...] = ()
    loaders: tuple[str, ...] = ()


def _csv(name, label, course_files, rows="", loaders=(), names=(), columns=()):
    return Kind(name, label, "csv", tuple(course_files), tuple(names), rows=rows,
                columns=tuple(columns), loaders=tuple(loaders))


def _entries(name, label, course_files, entries, loaders=(), names=(), extra_keys=()):
    """``entries``: ``(key, model)``, or ``(key, model, _OPTIONAL)`` for a list the
    file may leave out."""
    return Kind(name, label, "yaml", tuple(course_files), tuple(names),
                entries=tuple((item[0], item[1], len(item) < 3) for item in entries),
                extra_keys=tuple(extra_keys), loaders=tuple(loaders))


def _document(name, label, course_files, document, loaders=(), names=()):
    return Kind(name, label, "yaml", tuple(course_files), tuple(names), document=document,
                loaders=tuple(loaders))


_M = "implcourse."
_OPTIONAL = "optional"

_KIND_LIST = [
    # Risk, plans and estimates (lessons 01 and 04)
    _csv("risk_register", "risk register", ["risk_register.csv"], _M + "risk:Risk",
         [_M + "risk:load_register"], ["*risk*.csv"]),
    _csv("plan", "plan of tasks", ["plans/erp_rollout.csv"],
         _M + "schedule:Task", [_M + "schedule:load_plan"], ["*plan*.csv", "*task*.csv"]),
    _csv("estimates", "three-point estimates", ["plans/*estimates*.csv"],
         _M + "estimating:Estimate", [_M + "estimating:load_estimates"], ["*estimate*.csv"]),
    # Business cases and decision trees (lessons 04 and 05)
    _document("business_case", "business case", ["business_cases/*.yml"],
              _M + "business_case:_CaseFile", [_M + "business_case:load_case"],
              ["*case*.y*ml"]),
    Kind("decision_tree", "decision tree", "yaml", ("risk/decision_facility.yml",),
         ("*tree*.y*ml", "*decision*.y*ml"), extra_keys=("tree", "unit"),
         loaders=(_M + "decision_tree:load_decision_tree",
                  _M + "decision_tree:decision_tree_unit")),
    # Lifecycle, checklists, questions and the course map (lesson 01 and all)
    _entries("phases", "lifecycle phases", ["lifecycle/phases.yml"],
             [("phases", _M + "lifecycle:Phase")], [_M + "lifecycle:load_phases"], ["*phase*"]),
    _entries("roles", "roles around an implementation", ["lifecycle/roles.yml"],
             [("roles", _M + "lifecycle:Role")], [_M + "lifecycle:load_roles"],
             ["*roles*"], extra_keys=["benefits_accountability"]),
    _entries("work_types", "kinds of IT work", ["lifecycle/work_types.yml"],
             [("work_types", _M + "lifecycle:WorkType")], [_M + "lifecycle:load_work_types"]),
    _entries("work_scenarios", "work scenarios", ["lifecycle/work_scenarios.yml"],
             [("scenarios", _M + "lifecycle:WorkScenario")],
             [_M + "lifecycle:load_work_scenarios"]),
    _entries("checklist", "go-live readiness checklist", ["lifecycle/golive_checklist.yml"],
             [("items", _M + "readiness:ChecklistItem")], [_M + "readiness:load_checklist"],
             ["*checklist*"]),
    _entries("question_bank", "question bank", ["questions/*.yml"],
             [("questions", _M + "quiz:Question")], [_M + "quiz:check_bank_file"],
             ["*question*", "*quiz*"]),
    _entries("glossary", "glossary", ["glossary.yml"], [("terms", _M + "glossary:Term")],
             [_M + "glossary:load_glossary"], ["*glossary*"]),
    _entries("blueprints", "practice-exam blueprints", ["blueprints.yml"],
             [("blueprints", _M + "exam:Blueprint"), ("bands", _M + "exam:Band", _OPTIONAL)],
             [_M + "exam:load_blueprints"], ["*blueprint*"]),
    _document("prepost", "pre- and post-test forms", ["prepost.yml"],
              _M + "prepost:_FormsFile", [_M + "prepost:forms"], ["*prepost*"]),
    _entries("formulas", "formula sheet", ["formulas.yml"],
             [("formulas", _M + "formulas:Formula")], [_M + "formulas:load_formulas"],
             ["*formula*"]),
    _entries("course_map", "course map", ["course.yml"],
             [("lessons", _M + "course:Lesson"), ("planned", _M + "course:PlannedLesson",
                                                   _OPTIONAL)],
             [_M + "course:load_course", _M + "course:load_planned"]),
    # Delivery approaches (lesson 02)
    _entries("method_profiles", "delivery method profiles", ["methods/profiles.yml"],
             [("methods", _M + "methods.profiles:MethodProfile"),
              ("sources", _M + "methods.profiles:Source")],
             [_M + "methods.profiles:load_sources", _M + "methods.profiles:load_profiles"]),
    _entries("vendor_methods", "vendor methods", ["methods/vendor_methods.yml"],
             [("vendor_methods", _M + "methods.profiles:VendorMethod")],
             [_M + "methods.profiles:load_vendor_methods"]),
    _entries("suitability", "agile suitability filter", ["methods/suitability.yml"],
             [("zones", _M + "methods.suitability:ZoneBand"),
              ("groups", _M + "methods.suitability:Group"),
              ("questions", _M + "methods.suitability:Question")],
             [_M + "methods.suitability:load_zone_bands", _M + "methods.suitability:load_groups",
              _M + "methods.suitability:load_questions"]),
    _entries("method_cases", "delivery approach cases", ["methods/cases.yml"],
             [("cases", _M + "methods.suitability:Case")],
             [_M + "methods.suitability:load_cases"]),
    _document("method_evidence", "delivery method evidence", ["methods/evidence.yml"],
              _M + "methods.evidence:_Evidence", [_M + "methods.evidence:_load"]),
    # Rollout (lesson 03)
    _entries("rollout_strategies", "rollout strategies", ["rollout/strategies.yml"],
             [("strategies", _M + "rollout.strategy:Strategy")],
             [_M + "rollout.strategy:load_strategies"]),
    _entries("rollout_services", "implementation and upgrade services",
             ["rollout/services.yml"], [("services", _M + "rollout.strategy:Service")],
             [_M + "rollout.strategy:load_services"]),
    _document("rollout_selection", "rollout strategy factors", ["rollout/selection.yml"],
              _M + "rollout.strategy:_SelectionFile", [_M + "rollout.strategy:_load_selection"]),
    _document("cutover", "cutover runbook", ["rollout/cutover.yml"],
              _M + "rollout.cutover:_CutoverFile", [_M + "rollout.cutover:load_cutover"],
              ["*cutover*"]),
    _document("rollout_channels", "upgrade communication channels", ["rollout/channels.yml"],
              _M + "rollout.comms:_File", [_M + "rollout.comms:load_channels"]),
    # Measuring success (lesson 06)
    _entries("kpi_definitions", "KPI definitions", ["metrics/kpi_definitions.yml"],
             [("definitions", _M + "metrics.smart:KpiDefinition")],
             [_M + "metrics.smart:load_kpi_definitions"], ["*kpi*"]),
    _entries("thresholds", "RAG thresholds", ["metrics/thresholds.yml"],
             [("thresholds", _M + "metrics.dashboard:Threshold")],
             [_M + "metrics.dashboard:load_thresholds"], ["*threshold*"]),
    _document("story_context", "the CRM story's context", ["metrics/crm_context.yml"],
              _M + "metrics.dashboard:StoryContext"),
    _document("pir", "post-implementation review", ["metrics/pir.yml"],
              _M + "metrics.benefits:PostImplementationReview"),
    _entries("benefits_register", "benefits register", ["metrics/benefits_register.yml"],
             [("benefits", _M + "metrics.benefits:BenefitEntry")], (), ["*benefit*"],
             extra_keys=["case", "rag"]),
    _entries("evm_project", "earned-value projects", ["metrics/evm_project.yml"],
             [("projects", _M + "metrics.earned_value:EvmProject")]),
    _csv("evm_history", "earned-value history (S-curve)", ["metrics/evm_history.csv"],
         _M + "metrics.earned_value:HistoryRow", [_M + "metrics.earned_value:load_history"],
         ["*evm*.csv", "*earned*.csv"]),
    _csv("milestones", "milestones", ["metrics/milestones.csv"],
         _M + "metrics.dashboard:_Milestone", (), ["*milestone*.csv"]),
    _csv("outages", "outages", ["metrics/outages.csv"], _M + "metrics.dashboard:_Outage", (),
         ["*outage*.csv"]),
    _csv("incidents", "incidents", ["metrics/incidents.csv"],
         _M + "metrics.dashboard:_Incident", (), ["*incident*.csv"]),
    _csv("adoption", "adoption by month", ["metrics/adoption.csv"],
         _M + "metrics.dashboard:_Adoption", (), ["*adoption*.csv"]),
    _csv("survey", "user survey", ["metrics/survey.csv"], _M + "metrics.dashboard:_Survey"),
    _csv("project_costs", "project costs", ["metrics/project_costs.csv"],
         _M + "metrics.dashboard:_Cost", (), ["*cost*.csv"]),
    _csv("projects", "portfolio of past projects", ["projects.csv"],
         _M + "portfolio.generator:Project", [_M + "portfolio.generator:load_projects"],
         ["*projects*.csv", "*portfolio*.csv"]),
    # Stakeholders, communication and change (lesson 07)
    _entries("stakeholder_register", "stakeholder register", ["stakeholders/register.yml"],
             [("stakeholders", _M + "stakeholders.register:Stakeholder")],
             [_M + "stakeholders.register:load_register"], ["*stakeholder*"],
             extra_keys=["case"]),
    _document("stakeholder_roles", "the implementation manager and other roles",
              ["stakeholders/roles.yml"], _M + "stakeholders.roles:_RolesFile",
              [_M + "stakeholders.roles:_load"]),
    _document("raci", "RACI matrix", ["stakeholders/raci*.yml"],
              _M + "stakeholders.raci:_RaciFile", [_M + "stakeholders.raci:_load"], ["*raci*"]),
    _document("conflict", "conflict modes and scenarios", ["stakeholders/conflict.yml"],
              _M + "stakeholders.conflict:_ConflictFile", [_M + "stakeholders.conflict:_load"]),
    _document("change", "ADKAR, Kotter and resistance", ["stakeholders/change.yml"],
              _M + "stakeholders.change:_File", [_M + "stakeholders.change:_load"]),
    _entries("training_plan", "training plan", ["stakeholders/training_plan.yml"],
             [("roles", _M + "stakeholders.change:TrainingRole")],
             [_M + "stakeholders.change:_training"], ["*training*"]),
    _document("client", "client management", ["stakeholders/client.yml"],
              _M + "stakeholders.client:_File", [_M + "stakeholders.client:_load"]),
    _csv("client_survey", "client survey", ["stakeholders/client_survey.csv"], "",
         [_M + "stakeholders.client:load_survey"], columns=["checkin", "phase", "csat", "nps"]),
    _document("communication", "communication methods and channels",
              ["stakeholders/communication.yml"], _M + "stakeholders.communication:_File",
              [_M + "stakeholders.communication:_load"]),
    _entries("communication_plan", "communication plan", ["stakeholders/communication_plan.yml"],
             (), [_M + "stakeholders.communication:sample_plan"], ["*communication*plan*"],
             extra_keys=["rows"]),
    # Implementation partners (lesson 08)
    _entries("partner_profiles", "partner types and aspects", ["partners/profiles.yml"],
             [(key, _M + f"partners.profiles:{model}") for key, model in (
                 ("aspects", "Aspect"), ("partner_types", "PartnerType"),
                 ("capabilities", "Capability"), ("process", "ProcessStage"),
                 ("benefits", "Benefit"), ("use_when", "Situation"),
                 ("avoid_when", "Situation"))],
             [_M + "partners.profiles:_load"]),
    _document("partner_scoring", "partner scoring presets", ["partners/scoring.yml"],
              _M + "partners.scoring:_ScoringFile", [_M + "partners.scoring:_load"]),
    _entries("partner_selection", "partner selection", ["partners/selection.yml"],
             [(key, _M + f"partners.selection:{model}") for key, model in (
                 ("documents", "RequestDocument"), ("selection_methods", "SelectionMethod"),
                 ("evaluation_template", "Criterion"), ("due_diligence", "CheckItem"))],
             [_M + "partners.selection:_load"],
             extra_keys=["reference_questions", "proof_of_concept"]),
    _entries("partner_working", "working with a partner", ["partners/working.yml"],
             [(key, _M + f"partners.working:{model}") for key, model in (
                 ("governance", "GovernanceBody"), ("escalation", "EscalationLevel"),
                 ("knowledge_transfer", "TransferItem"), ("lock_in_risks", "LockInRisk"))],
             [_M + "partners.working:_load"], extra_keys=["methods"]),
    _document("contracts", "contract types", ["partners/contracts.yml"],
              _M + "partners.contracts:_ContractsFile",
              [_M + "partners.contracts:_load_contracts"], ["*contract*"]),
    _document("contracts_service", "SLA terms, service credits and acceptance",
              ["partners/contracts_service.yml"], _M + "partners.contracts:_ServiceFile",
              [_M + "partners.contracts:_load_service"], ["*sla*"]),
]

#: Every kind of content the checker knows, by name.
KINDS: Mapping[str, Kind] = {kind.name: kind for kind in _KIND_LIST}


def _imported(target: str) -> Any:
    module, _, attribute = target.partition(":")
    return getattr(importlib.import_module(module), attribute)


# --------------------------------------------------------------------------
# pydantic errors in plain words
# --------------------------------------------------------------------------

_SLUG = r"^[a-z][a-z0-9_]*$"


def _bounds(model: type[BaseModel] | None, loc: Sequence[Any]) -> tuple[str, dict]:
    """The type ("number" or "whole number") and bounds of the field at ``loc``,
    when it is a field of ``model`` itself (the commonest case: a CSV column)."""
    if model is None or len(loc) != 1 or loc[0] not in model.model_fields:
        return "", {}
    info = model.model_fields[loc[0]]
    bounds = {}
    for item in info.metadata:
        for key in ("ge", "gt", "le", "lt"):
            if getattr(item, key, None) is not None:
                bounds[key] = getattr(item, key)
    noun = "whole number" if info.annotation is int else "number"
    return noun, bounds


def _number_words(noun: str, bounds: Mapping[str, Any]) -> str:
    def fmt(value):
        return f"{value:g}" if isinstance(value, float) else str(value)

    low = ("ge", bounds["ge"]) if "ge" in bounds else ("gt", bounds["gt"]) if "gt" in bounds \
        else None
    high = ("le", bounds["le"]) if "le" in bounds else ("lt", bounds["lt"]) if "lt" in bounds \
        else None
    if low and high and low[0] == "ge" and high[0] == "le":
        return f"a {noun} from {fmt(low[1])} to {fmt(high[1])}"
    words = []
    if low:
        words.append(f"{'of at least' if low[0] == 'ge' else 'above'} {fmt(low[1])}")
    if high:
        words.append(f"{'at most' if high[0] == 'le' else 'below'} {fmt(high[1])}")
    return f"a {noun}" + (f" {' and '.join(words)}" if words else "")


def _got(error: Mapping[str, Any]) -> str:
    value = error.get("input")
    if value is None:
        return "nothing"
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, (list, tuple)):
        return "a list"
    return shown(value)


def plain_error(error: Mapping[str, Any], model: type[BaseModel] | None = None) -> str:
    """One pydantic error in plain words: what was expected and what was found.

    Parameters
    ----------
    error : mapping
        One item of ``ValidationError.errors()``.
    model : pydantic model class, optional
        The model validated, to name a field's range ("a number from 0 to
        1") when the error itself does not.

    Examples
    --------
    >>> from implcourse.risk import Risk
    >>> plain_error({"type": "float_parsing", "loc": ("probability",), "input": "high",
    ...              "msg": "Input should be a valid number"}, Risk)
    "expected a number from 0 to 1, got 'high'"
    >>> plain_error({"type": "missing", "loc": ("title",), "input": {}, "msg": "Field required"})
    'required, but missing'
    """
    if not isinstance(error, Mapping):
        raise TypeError(f"error must be one item of ValidationError.errors() (a mapping), "
                        f"got {type(error).__name__} {shown(error)}")
    if model is not None and not (isinstance(model, type) and issubclass(model, BaseModel)):
        raise TypeError(f"model must be a pydantic model class or None, got "
                        f"{type(model).__name__} {shown(model)}")
    kind = error.get("type", "")
    if not isinstance(kind, str):
        raise TypeError(f"error['type'] must be a string, got {shown(kind)}")
    if not isinstance(error.get("loc", ()), (tuple, list)):
        raise TypeError(f"error['loc'] must be a tuple of field names, got "
                        f"{shown(error.get('loc'))}")
    ctx = error.get("ctx") or {}
    got = _got(error)
    noun, bounds = _bounds(model, tuple(error.get("loc", ())))
    if kind == "missing":
        return "required, but missing"
    if error.get("input", "") is None and kind.endswith("_type"):
        got = "nothing: the value is empty"
    if kind == "extra_forbidden":
        if model is not None:
            return (f"unknown field (misspelt?); the fields are "
                    f"{', '.join(model.model_fields)}")
        return "unknown field (misspelt?)"
    if kind in ("float_parsing", "float_type", "int_parsing", "int_type", "int_from_float",
                "finite_number", "greater_than_equal", "greater_than", "less_than_equal",
                "less_than", "decimal_parsing", "decimal_type"):
        if kind in ("int_parsing", "int_type", "int_from_float"):
            noun = "whole number"
        for key in ("ge", "gt", "le", "lt"):
            if key in ctx:
                bounds = {**bounds, key: ctx[key]}
        if kind == "finite_number":
            return f"expected a finite {noun or 'number'}, got {got}"
        text = f"expected {_number_words(noun or 'number', bounds)}, got {got}"
        if isinstance(error.get("input"), str) and re.fullmatch(r"\s*-?\d+,\d+\s*",
                                                                error["input"]):
            text += " (a decimal comma: write the decimal point as '.')"
        return text
    if kind in ("bool_parsing", "bool_type"):
        return f"expected true or false, got {got}"
    if kind == "string_pattern_mismatch":
        if ctx.get("pattern") == _SLUG:
            return ("expected an id of lower-case letters, digits and underscores, starting "
                    f"with a letter, got {got}")
        return f"expected {content.pattern_words(ctx.get('pattern'))}, got {got}"
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "string_too_long":
        return f"must be at most {ctx.get('max_length')} characters long"
    if kind == "string_type":
        value = error.get("input")
        if isinstance(value, int) and not isinstance(value, bool):
            return (f"expected text, got {got} (put it in quotes, as in \"{value:02d}\", so "
                    f"that YAML keeps it as written)")
        return f"expected text, got {got}"
    if kind in ("literal_error", "enum"):
        return f"expected {ctx.get('expected')}, got {got}"
    if kind in ("list_type", "tuple_type", "set_type", "iterable_type"):
        return f"expected a list, got {got}"
    if kind == "too_short":
        return (f"expected at least {ctx.get('min_length')} item(s), got "
                f"{ctx.get('actual_length')}")
    if kind == "too_long":
        return (f"expected at most {ctx.get('max_length')} item(s), got "
                f"{ctx.get('actual_length')}")
    if kind in ("dict_type", "model_type", "model_attributes_type", "mapping_type"):
        return f"expected a mapping of fields (name: value), got {got}"
    if kind in ("date_parsing", "date_type", "date_from_datetime_parsing"):
        return f"expected a date such as 2026-06-30, got {got}"
    if kind in ("value_error", "assertion_error"):
        message = str(ctx.get("error") or error.get("msg", ""))
        return re.sub(r"^(Value error|Assertion failed), ", "", message)
    message = str(error.get("msg", "invalid value"))
    return f"{message}, got {got}" if not isinstance(error.get("input"), Mapping) else message


def _errors(model: type[BaseModel], raw: object) -> list[tuple[tuple, str]]:
    """Every error of ``raw`` against ``model``: ``(location, message)`` pairs."""
    try:
        model.model_validate(raw)
    except ValidationError as err:
        return [(tuple(e["loc"]), plain_error(e, model)) for e in err.errors()]
    except RecursionError:
        return [((), "nested too deeply to check")]
    return []


# --------------------------------------------------------------------------
# Reading the raw content
# --------------------------------------------------------------------------

def _compose(path: Path):
    """The YAML file's node tree, for line numbers; None if it cannot be had.

    Called only after :func:`content.read_yaml` has accepted the file (so its
    size, depth and aliases are within the limits); composing does not
    expand aliases.
    """
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        return yaml.compose(path.read_bytes(), Loader=loader)
    except Exception:  # an encoding pyyaml cannot read itself: no line numbers
        return None


def _node_at(root, loc: Sequence[Any]):
    """The deepest node of ``root`` reached along ``loc`` (keys and indices)."""
    import yaml

    node = root
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode) and key.value == str(part):
                    node = value
                    break
            else:
                return node
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) \
                and 0 <= part < len(node.value):
            node = node.value[part]
        else:
            return node
    return node


def _line(root, loc: Sequence[Any]) -> int | None:
    if root is None:
        return None
    node = _node_at(root, loc)
    return None if node is None else node.start_mark.line + 1


def _parse_field_path(text: str) -> list[Any]:
    """``"costs.training[2]"`` -> ``["costs", "training", 2]``."""
    parts: list[Any] = []
    for name, index in re.findall(r"([^.\[\]]+)|\[(\d+)\]", text or ""):
        parts.append(int(index) if index else name)
    return parts


# --------------------------------------------------------------------------
# Checking one file
# --------------------------------------------------------------------------

@dataclass
class _Report:
    file: str
    kind: str
    problems: list[Problem] = field(default_factory=list)

    def add(self, where: str, field_name: str, message: str) -> None:
        self.problems.append(Problem(self.file, where, field_name, message, self.kind))


def _label(item: object, where: str) -> str:
    if isinstance(item, Mapping) and item.get("id") not in (None, ""):
        return f"{where} (id {shown(str(item['id']).strip())})"
    return where


def _course_problems(load: Callable[[], Any]) -> list[content.ContentError]:
    """The problems the course's own loader finds (all of them), or []."""
    try:
        load()
    except content.ContentError as err:
        return list(getattr(err, "problems", None) or [err])
    return []


def _number(label: str | None) -> int | None:
    match = re.match(r"(?:row|entry) (\d+)", label or "")
    return int(match.group(1)) if match else None


def _merge(report: _Report, mine: list[tuple[int, str, str, str]],
           course: list[content.ContentError], where_of: Callable[[content.ContentError], str],
           skip_fields: Iterable[str] = ()) -> None:
    """Report the course loader's problems, in this module's words where it has
    them: ``mine`` holds ``(number, where, field, message)`` from validating
    each row or entry here. The loader decides *whether* a row or field is
    wrong (it may accept a decimal comma that the model alone refuses); this
    module says what was expected."""
    skip = set(skip_fields)
    flagged = {(_number(p.entry), p.field or "") for p in course}
    said = set()
    for number, where, name, message in mine:
        if (number, name) in flagged and name not in skip:
            report.add(where, name, message)
            said.add((number, name))
    for problem in course:
        key = (_number(problem.entry), problem.field or "")
        if key in said or (problem.field or "") in skip:
            continue
        report.add(where_of(problem), problem.field or "", problem.message)


def _duplicates(report: _Report, items: Iterable[tuple[str, object]], noun: str) -> None:
    """Report ids used twice (the course's loaders say so only once every entry
    is valid; a checker says it at once)."""
    first: dict[str, str] = {}
    for where, item in items:
        ident = item.get("id") if isinstance(item, Mapping) else None
        if not isinstance(ident, (str, int)) or isinstance(ident, bool) or str(ident) == "":
            continue
        ident = str(ident).strip()
        if ident in first:
            number = re.search(r"(?:row|entry) (\d+)", where)
            if not any(p.field == "id" and "duplicate" in p.message and number
                       and re.search(rf"(?:row|entry) {number.group(1)}\b", p.where)
                       for p in report.problems):
                report.add(where, "id", f"duplicate id {shown(ident)} (also {first[ident]})")
        else:
            first[ident] = where.split(" (")[0] if noun == "row" else where


def _check_rows(kind: Kind, path: Path, report: _Report) -> bool:
    """Validate every row; True if all are valid."""
    header, rows = content.read_csv(path)
    model = _imported(kind.rows) if kind.rows else None
    if model is None:
        missing = [c for c in kind.columns if c not in header]
        if missing:
            report.add("row 1", "", f"missing column(s) {', '.join(map(repr, missing))}")
        return not missing
    fields = model.model_fields
    missing = [name for name, info in fields.items() if info.is_required() and name not in header]
    unknown = [name for name in header if name not in fields]
    if missing:
        report.add("row 1", "", f"missing column(s) {', '.join(map(repr, missing))}; a "
                   f"{kind.label} has the columns {', '.join(fields)}")
    if unknown:
        report.add("row 1", "", f"unknown column(s) {', '.join(map(repr, unknown))} "
                   f"(misspelt?); a {kind.label} has the columns {', '.join(fields)}")
    before = len(report.problems)
    course = _course_problems(lambda: content.load_rows(path, model))
    mine = [(number, _label(row, f"row {number}"), content.field_path(loc), message)
            for number, row in rows for loc, message in _errors(model, row)]
    _merge(report, mine, course, lambda p: p.entry or "", missing + unknown)
    _duplicates(report, ((_label(row, f"row {number}"), row) for number, row in rows), "row")
    return len(report.problems) == before and not (missing or unknown)


def _check_entries(kind: Kind, data: Any, root, report: _Report, path: Path | None = None
                   ) -> bool:
    ok = True
    for key, target, required in kind.entries:
        if key not in data:
            if required:
                report.add("", key, "missing: this top-level key holds the list of entries")
                ok = False
            continue
        raw = data[key]
        if not isinstance(raw, list) or not raw:
            if raw or required:
                report.add(_where_line(root, (key,)), key,
                           f"expected a non-empty list of entries, got {_got({'input': raw})}")
                ok = False
            continue
        model = _imported(target)
        mine = []
        for index, item in enumerate(raw):
            for loc, message in _errors(model, item):
                mine.append((index + 1, _entry_where(root, key, index, item, loc),
                             content.field_path(loc), message))
        if path is None:  # only counting (recognising a kind)
            for number, where, name, message in mine:
                report.add(where, name, message)
            ok = ok and not mine
            continue
        course = _course_problems(lambda: content.load_entries(path, model, key=key))

        def where_of(problem, key=key, raw=raw):
            number = _number(problem.entry)
            if number is None or not 1 <= number <= len(raw):
                return problem.entry or ""
            return _entry_where(root, key, number - 1, raw[number - 1],
                                _parse_field_path(problem.field or ""))

        before = len(report.problems)
        _merge(report, mine, course, where_of)
        _duplicates(report, ((_entry_where(root, key, i, item, ("id",)), item)
                             for i, item in enumerate(raw)), "entry")
        ok = ok and len(report.problems) == before
    return ok


def _entry_where(root, key: str, index: int, item: object, loc: Sequence[Any]) -> str:
    """``"line 12 (phases entry 3, id 'design')"``: the line of the field where known."""
    label = f"{key} entry {index + 1}"
    if isinstance(item, Mapping) and item.get("id") not in (None, ""):
        label += f", id {shown(str(item['id']).strip())}"
    line = _line(root, (key, index, *loc))
    return f"line {line} ({label})" if line else label


def _where_line(root, loc: Sequence[Any]) -> str:
    line = _line(root, loc)
    return f"line {line}" if line else ""


def _check_document(kind: Kind, data: Any, root, report: _Report) -> bool:
    if not kind.document:
        return True
    model = _imported(kind.document)
    problems = _errors(model, data)
    for loc, message in problems:
        report.add(_where_line(root, loc), content.field_path(loc), message)
    return not problems


def _run_loaders(kind: Kind, path: Path, root, report: _Report) -> None:
    """Run the course's own loaders, for the checks across entries."""
    loaders = list(kind.loaders)
    if not loaders:
        if kind.rows:
            loaders = [lambda p: content.load_rows(p, _imported(kind.rows))]
        loaders += [lambda p, k=key, m=model: content.load_entries(p, _imported(m), key=k)
                    for key, model, required in kind.entries]
    for loader in loaders:
        function = _imported(loader) if isinstance(loader, str) else loader
        # Loaders cached by name would not see an edited file: call the function itself.
        function = getattr(function, "__wrapped__", function)
        try:
            function(path.absolute())  # some loaders pass str(path) on: keep it a full path
        except content.ContentError as err:
            for problem in getattr(err, "problems", None) or [err]:
                _report_loader_error(kind, problem, root, report)
            return
        except (ValueError, TypeError) as err:
            report.add("", "", str(err))
            return
        except RecursionError:
            report.add("", "", "nested too deeply to read")
            return
        except Exception as err:  # a loader's own bug: reported, never a traceback
            report.add("", "", f"the course could not read this file "
                               f"({type(err).__name__}: {shown(str(err))})")
            return


def _report_loader_error(kind: Kind, err: content.ContentError, root, report: _Report) -> None:
    message = err.message
    if err.file and Path(err.file).name != Path(report.file).name:
        message = f"{message} (in {err.file})"  # a problem found in another file
    where, loc = err.entry or "", None
    match = re.match(r"entry (\d+)(?: \(id (.*)\))?$", where)
    if match and kind.format == "yaml" and len(kind.entries) == 1:
        key = kind.entries[0][0]
        loc = [key, int(match.group(1)) - 1, *_parse_field_path(err.field or "")]
        where = f"{key} entry {match.group(1)}" + (f", id {match.group(2)}"
                                                   if match.group(2) else "")
    elif not where and err.field and kind.format == "yaml":
        loc = _parse_field_path(err.field)
    line = getattr(err, "line", None)
    if loc and root is not None and _node_at(root, loc[:1]) is not root:
        line = _line(root, loc)  # the first key exists: the line is meaningful
    if line:
        where = f"line {line} ({where})" if where else f"line {line}"
    report.add(where, err.field or "", message)


def _check_as(kind: Kind, path: Path, report: _Report) -> None:
    if kind.format == "csv":
        if _check_rows(kind, path, report):
            _run_loaders(kind, path, None, report)
            if kind.name == "estimates":
                _check_estimates_against_plan(path, report)
        return
    data = content.read_yaml(path)
    root = _compose(path)
    if not isinstance(data, Mapping):
        report.add("", "", "expected named top-level keys (key: value), got "
                   f"{'an empty file' if data is None else _got({'input': data})}")
        return
    ok = _check_entries(kind, data, root, report, path)
    ok = _check_document(kind, data, root, report) and ok
    if ok:
        _run_loaders(kind, path, root, report)


def _check_estimates_against_plan(path: Path, report: _Report) -> None:
    """Estimates named ``<plan>_estimates.csv`` beside a plan ``<plan>.csv``
    are checked against it (every task estimated, no unknown task), as the
    Monte Carlo tool would join them."""
    stem = path.name[: -len("_estimates.csv")] if path.name.endswith("_estimates.csv") else ""
    plan_path = path.with_name(f"{stem}.csv") if stem else None
    if plan_path is None or not plan_path.is_file():
        return
    from . import estimating, schedule

    try:
        plan = schedule.load_plan(plan_path)
        estimates = estimating.load_estimates(path)
    except (ValueError, TypeError):
        return  # the plan's own problems are reported when it is checked
    try:
        estimating.estimated_plan(plan, estimates)
    except (ValueError, TypeError) as err:
        report.add("", "", f"does not fit the plan {plan_path.name}: {err}")


# --------------------------------------------------------------------------
# Recognising a file's kind
# --------------------------------------------------------------------------

def _course_kind(path: Path) -> Kind | None:
    try:
        relative = path.resolve().relative_to(content.datasets_dir().resolve()).as_posix()
    except (ValueError, OSError):
        return None
    for kind in _KIND_LIST:
        if any(fnmatch.fnmatchcase(relative, pattern) for pattern in kind.course_files):
            return kind
    return None


def _signature(kind: Kind) -> tuple[set[str], set[str] | None]:
    """Required and allowed top-level keys (YAML) or columns (CSV); allowed is
    None when anything else may appear."""
    if kind.format == "csv":
        if not kind.rows:
            return set(kind.columns), None
        fields = _imported(kind.rows).model_fields
        return {n for n, f in fields.items() if f.is_required()}, set(fields)
    if kind.document:
        model = _imported(kind.document)
        fields = model.model_fields
        allowed = set(fields) if model.model_config.get("extra") == "forbid" else None
        return {n for n, f in fields.items() if f.is_required()}, allowed
    required = {key for key, _, needed in kind.entries if needed}
    allowed = {key for key, _, _ in kind.entries} | set(kind.extra_keys)
    if kind.name == "decision_tree":
        required = {"tree"}
    elif kind.name == "communication_plan":
        required = {"rows"}
    return required, allowed


def _by_name(path: Path, fmt: str) -> list[Kind]:
    name = path.name.lower()
    return [kind for kind in _KIND_LIST if kind.format == fmt
            and any(fnmatch.fnmatchcase(name, pattern) for pattern in kind.names)]


def _problem_count(kind: Kind, path: Path, data: Any) -> int:
    trial = _Report("", kind.name)
    try:
        if kind.format == "csv":
            _check_rows(kind, path, trial)
        else:
            root = None
            _check_entries(kind, data, root, trial)
            _check_document(kind, data, root, trial)
    except Exception:  # a kind that cannot even read this file is the worst fit
        return 10 ** 9
    return len(trial.problems)


def recognise(path: str | Path) -> Kind | None:
    """The kind of a content file, or None if it cannot be told.

    Parameters
    ----------
    path : str or Path
        A ``.csv``, ``.yml`` or ``.yaml`` file.

    Raises
    ------
    TypeError
        If ``path`` is not a string or a path.
    ContentError
        If the file cannot be read (its encoding, its syntax, a limit).

    Examples
    --------
    >>> recognise(content.datasets_dir() / "plans" / "erp_rollout_estimates.csv").name
    'estimates'
    """
    path = _as_path(path)
    kind = _course_kind(path)
    if kind is not None:
        return kind
    fmt = "csv" if path.suffix.lower() == ".csv" else "yaml"
    if fmt == "csv":
        header, data = content.read_csv(path)
        keys = set(header)
    else:
        data = content.read_yaml(path)
        keys = set(data) if isinstance(data, Mapping) else set()
    candidates = []
    scored = []
    for kind in _KIND_LIST:
        if kind.format != fmt:
            continue
        required, allowed = _signature(kind)
        if required <= keys and (allowed is None or keys <= allowed) and keys:
            candidates.append(kind)
        if allowed:
            union = required | keys
            scored.append((len(keys & allowed) / len(union) if union else 0, kind))
    named = _by_name(path, fmt)
    if len(candidates) > 1:
        preferred = [k for k in candidates if k in named]
        candidates = preferred or candidates
    if len(candidates) > 1:
        counts = [(_problem_count(k, path, data), k) for k in candidates]
        best = min(count for count, _ in counts)
        candidates = [k for count, k in counts if count == best]
    if candidates:
        return candidates[0]
    if named:
        return named[0]
    scored.sort(key=lambda pair: -pair[0])
    if scored and scored[0][0] >= 0.5 and (len(scored) == 1 or scored[1][0] < scored[0][0]):
        return scored[0][1]
    return None


# --------------------------------------------------------------------------
# Public entry points
# --------------------------------------------------------------------------

def _as_path(path: object) -> Path:
    if isinstance(path, bool) or not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"path must be a file or folder name (str or Path), got "
                        f"{type(path).__name__} {shown(path)}")
    if isinstance(path, str) and not path.strip():
        raise ValueError("path must name a file or a folder, got ''")
    try:
        result = Path(path).expanduser()
        result.is_file()  # a name the system refuses (too long, NUL byte) fails here
    except (OSError, ValueError) as err:
        reason = getattr(err, "strerror", None) or str(err)
        raise ValueError(f"path cannot be used: {reason}: {shown(str(path))}") from None
    return result


def _shown_file(path: Path, given: str) -> str:
    """A file as the user gave it, or relative to the course for course files."""
    try:
        path.resolve().relative_to(content.course_root().resolve())
    except (ValueError, OSError):
        return given
    return content.display_path(path)


def content_files(path: str | Path) -> list[Path]:
    """The content files at ``path``: the file itself, or every ``.csv``,
    ``.yml`` and ``.yaml`` file in the folder and its subfolders (hidden
    folders such as ``.ipynb_checkpoints`` left out), sorted.

    Raises
    ------
    TypeError
        If ``path`` is not a string or a path.
    ValueError
        If ``path`` does not exist.

    Examples
    --------
    >>> files = content_files(content.datasets_dir() / "plans")
    >>> [f.name for f in files]
    ['erp_rollout.csv', 'erp_rollout_estimates.csv']
    """
    path = _as_path(path)
    if path.is_file():
        return [path]
    if not path.is_dir():
        raise ValueError(f"path: no such file or folder: {shown(str(path))}")
    found = []
    for folder, subfolders, names in os.walk(path):
        subfolders[:] = sorted(d for d in subfolders if not d.startswith("."))
        found += [Path(folder) / n for n in names
                  if n.lower().endswith(SUFFIXES) and not n.startswith(".")]
    return sorted(found)


def check_file(path: str | Path, kind: str | None = None, *, shown_as: str | None = None
               ) -> list[Problem]:
    """Every problem of one content file (an empty list if it is valid).

    Parameters
    ----------
    path : str or Path
        The file.
    kind : str, optional
        Its kind (a key of :data:`KINDS`); by default it is recognised.
    shown_as : str, optional
        How to name the file in problems (by default as given, or relative
        to the course for the course's files).

    Raises
    ------
    TypeError
        If ``path`` or ``kind`` is not a string.
    ValueError
        If ``kind`` is not a known kind, or ``path`` is not a file.

    Examples
    --------
    >>> check_file(content.datasets_dir() / "lifecycle" / "phases.yml")
    []
    """
    return _check_one(_as_path(path), kind, shown_as).problems


def _check_one(path: Path, kind: str | None, shown_as: str | None) -> _Report:
    if kind is not None:
        if not isinstance(kind, str):
            raise TypeError(f"kind must be a string, got {type(kind).__name__} {shown(kind)}")
        if kind not in KINDS:
            raise ValueError(f"kind must be one of {', '.join(KINDS)}; got {shown(kind)}")
    if not path.is_file():
        raise ValueError(f"path: no such file: {shown(str(path))}")
    given = shown_as if shown_as is not None else _shown_file(path, str(path))
    report = _Report(given, kind or "")
    if path.suffix.lower() not in SUFFIXES:
        report.add("", "", "not a content file: the course reads .csv, .yml and .yaml files "
                           "(save an Excel sheet as 'CSV UTF-8')")
        return report
    try:
        chosen = KINDS[kind] if kind else recognise(path)
        if chosen is None:
            report.add("", "", "cannot tell what kind of content this is; the kinds are "
                               f"{', '.join(KINDS)}; use --kind")
            return report
        wanted = "csv" if path.suffix.lower() == ".csv" else "yaml"
        report.kind = chosen.name
        if chosen.format != wanted:
            report.add("", "", f"a {chosen.label} is a {chosen.format.upper()} file, but this "
                               f"is a {wanted.upper()} file")
            return report
        _check_as(chosen, path, report)
    except content.ContentError as err:  # unreadable: encoding, syntax, a limit
        for problem in getattr(err, "problems", None) or [err]:
            line = getattr(problem, "line", None)
            where = problem.entry or ""
            if line:
                where = f"line {line} ({where})" if where else f"line {line}"
            report.add(where, problem.field or "", problem.message)
    except RecursionError:
        report.add("", "", "nested too deeply to read")
    # Problems found before the kind was known carry the kind found since.
    report.problems = [Problem(p.file, p.where, p.field, p.message, report.kind)
                       for p in report.problems]
    return report


def check_path(path: str | Path, kind: str | None = None) -> list[Problem]:
    """Every problem of the content file at ``path``, or of every content file
    in the folder ``path`` and its subfolders.

    Parameters
    ----------
    path : str or Path
        A ``.csv``/``.yml``/``.yaml`` file, or a folder.
    kind : str, optional
        Check every file as this kind (a key of :data:`KINDS`).

    Returns
    -------
    list of Problem
        Empty when everything is valid.

    Raises
    ------
    TypeError
        If ``path`` is not a string or a path.
    ValueError
        If ``path`` does not exist, or ``kind`` is unknown.

    Examples
    --------
    >>> check_path(content.datasets_dir() / "questions")
    []
    >>> check_path("no/such/folder")
    Traceback (most recent call last):
    ...
    ValueError: path: no such file or folder: 'no/such/folder'
    """
    return [problem for _, _, problems in check_paths([path], kind)
            for problem in problems]


def check_paths(paths: Iterable[str | Path], kind: str | None = None
                ) -> list[tuple[str, str, list[Problem]]]:
    """Check several files or folders: ``(file as shown, kind, problems)`` for
    every content file found, in order. Used by ``implcourse check-content``.

    Raises
    ------
    TypeError, ValueError
        As :func:`check_path`, before any file is checked.

    Examples
    --------
    >>> [(name, kind, problems) for name, kind, problems in
    ...  check_paths([content.datasets_dir() / "risk"])]
    [('datasets/risk/decision_facility.yml', 'decision_tree', [])]
    """
    if kind is not None and not isinstance(kind, str):
        raise TypeError(f"kind must be a string, got {type(kind).__name__} {shown(kind)}")
    if kind is not None and kind not in KINDS:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}; got {shown(kind)}")
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    if not isinstance(paths, Iterable):
        raise TypeError(f"paths must be a list of files or folders, got "
                        f"{type(paths).__name__} {shown(paths)}")
    found = []
    for path in list(paths):
        given = _as_path(path)
        base = str(path)
        for file in content_files(given):
            relative = file.relative_to(given) if given.is_dir() else None
            found.append((file, _shown_file(file, os.path.join(base, str(relative))
                                            if relative else base)))
    results = []
    for file, shown_as in found:
        report = _check_one(file, kind, shown_as)
        results.append((shown_as, report.kind, report.problems))
    return results
