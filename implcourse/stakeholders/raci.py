"""The RACI matrix of the ERP case's deliverables, and a checker that explains
what is wrong with a matrix.

A RACI chart is the best-known kind of responsibility assignment matrix
(RAM): deliverables or activities in the rows, roles or people in the
columns, and in each cell how the role takes part (PMBOK Guide 6th ed.,
9.1.2.2 Data representation, Figure 9-4):

* **R**, Responsible: does the work;
* **A**, Accountable: answers for the result and signs it off;
* **C**, Consulted: asked before the work is done (two-way);
* **I**, Informed: told of the result (one-way).

The checker enforces two rules, each violation explained in words:

1. ``one_accountable``: **exactly one A per row**. The PMBOK Guide gives
   this as the point of the matrix: one person answers for each piece of
   work, so nobody can assume someone else does.
2. ``responsible``: **at least one R per row**: somebody must do the work.
   A cell may hold "A/R" when the accountable role also does the work; it
   counts as both.

and gives two warnings, which are advice rather than errors:

* ``idle_role``: a role that is neither R nor A anywhere (is it needed?);
* ``many_consulted``: a row that consults more roles than ``max_consulted``
  (each consultation costs time and slows the decision).

The ERP matrix lives in ``datasets/stakeholders/raci.yml`` (synthetic, one
sensible assignment among several), and a copy with four faults for the
lesson's exercise in ``raci_broken.yml``.

Examples
--------
>>> check_raci(erp_raci()).ok
True
>>> result = check_raci(broken_raci())
>>> result.ok, sorted({v.row for v in result.violations})
(False, ['Cutover and final data load', 'Migrated and reconciled data', 'Solution design', \
'User acceptance test sign-off'])
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .. import lifecycle, schedule
from ..content import (ContentError, ContentModel, Slug, Text, cached_by_file, display_path,
                       field_path, read_yaml)
from ..validation import check_int, shown

__all__ = [
    "short_labels",
    "LETTERS",
    "RULES",
    "RaciRow",
    "Fault",
    "Violation",
    "RaciCheck",
    "raci_roles",
    "erp_raci",
    "broken_raci",
    "broken_raci_faults",
    "check_raci",
]

RACI_FILE = "stakeholders/raci.yml"
BROKEN_FILE = "stakeholders/raci_broken.yml"
#: The four letters, and what each means.
LETTERS = {"R": "Responsible", "A": "Accountable", "C": "Consulted", "I": "Informed"}
#: The rules a matrix must keep, and the warnings (advice) the checker may give.
RULES = {
    "one_accountable": "exactly one Accountable (A) per row",
    "responsible": "at least one Responsible (R) per row",
}
WARNINGS = {
    "idle_role": "every role is Responsible or Accountable somewhere",
    "many_consulted": "a row consults at most max_consulted roles",
}
DEFAULT_MAX_CONSULTED = 4
_CELL_VALUES = ("R", "A", "C", "I", "A/R")


# --------------------------------------------------------------------------
# Content
# --------------------------------------------------------------------------

def _cell(value: object, where: str) -> str:
    """A cell in its normal form: "", "R", "A", "C", "I" or "A/R"."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if not isinstance(value, str):
        raise TypeError(f"The cell {where} must be one of R, A, C, I, A/R or empty "
                        f"(you entered {value!r})")
    letters = [ch for ch in value.upper() if ch not in " /,+-"]
    unknown = [ch for ch in letters if ch not in LETTERS]
    if unknown:
        raise ValueError(f"Letter {unknown[0]!r} {where} is not R, A, C or I "
                         f"(you entered {value!r})")
    if not letters:
        return ""
    if len(letters) == 1:
        return letters[0]
    if sorted(letters) == ["A", "R"]:
        return "A/R"
    raise ValueError(f"The cell {where} must hold one letter, or A/R for a role that is "
                     f"accountable and does the work (you entered {value!r})")


class RaciRow(ContentModel):
    """A deliverable of the ERP plan and who does what for it."""

    id: Slug
    deliverable: Text
    task: Slug = Field(description="The task of datasets/plans/erp_rollout.csv that delivers it.")
    cells: dict[Slug, str]


class Fault(ContentModel):
    """A fault planted in the broken matrix: its row, the rule it breaks and why."""

    row: Slug
    rule: Literal[tuple(RULES)]  # type: ignore[valid-type]
    why: Text


class _RaciFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    roles: list[Slug] = Field(min_length=1)
    rows: list[RaciRow] = Field(min_length=1)
    faults: list[Fault] = Field(default_factory=list)


@cached_by_file
def _load(path: Path) -> _RaciFile:
    file = display_path(path)
    try:
        data = _RaciFile.model_validate(read_yaml(path))
    except ValidationError as err:
        first = err.errors()[0]
        raise ContentError(file, first["msg"], None, field_path(first["loc"]) or None) from None
    known = [role.id for role in lifecycle.load_roles()]
    for i, role in enumerate(data.roles):
        if role not in known:
            raise ContentError(file, f"unknown role {role!r}; roles are {', '.join(known)}",
                               None, f"roles[{i}]")
    tasks = {task.id for task in schedule.load_plan().tasks}
    ids = [row.id for row in data.rows]
    for number, row in enumerate(data.rows, start=1):
        label = f"row {number} (id {row.id!r})"
        if ids.count(row.id) > 1:
            raise ContentError(file, f"duplicate id {row.id!r}", label, "id")
        if row.task not in tasks:
            raise ContentError(file, f"unknown task {row.task!r} of plans/erp_rollout.csv",
                               label, "task")
        for role, value in row.cells.items():
            if role not in data.roles:
                raise ContentError(file, f"role {role!r} is not in the file's roles "
                                   f"({', '.join(data.roles)})", label, f"cells.{role}")
            try:
                _cell(value, f"of role {role!r}")
            except (TypeError, ValueError) as err:
                raise ContentError(file, str(err), label, f"cells.{role}") from None
    for i, fault in enumerate(data.faults):
        if fault.row not in ids:
            raise ContentError(file, f"unknown row {fault.row!r}", f"fault {i + 1}", "row")
    return data


def raci_roles(name: str | Path = RACI_FILE) -> list[str]:
    """The names of the RACI's roles, in column order.

    Examples
    --------
    >>> raci_roles()[:3]
    ['Sponsor', 'Implementation manager', 'Client project manager']
    """
    names = {role.id: role.name for role in lifecycle.load_roles()}
    return [names[role] for role in _load(name).roles]


def _frame(name: str | Path) -> pd.DataFrame:
    data = _load(name)
    names = {role.id: role.name for role in lifecycle.load_roles()}
    rows = {row.deliverable: [_cell(row.cells.get(role), "") for role in data.roles]
            for row in data.rows}
    frame = pd.DataFrame.from_dict(rows, orient="index",
                                   columns=[names[role] for role in data.roles])
    frame.index.name = "Deliverable"
    frame.attrs["row_ids"] = {row.deliverable: row.id for row in data.rows}
    frame.attrs["tasks"] = {row.deliverable: row.task for row in data.rows}
    return frame


def erp_raci(name: str | Path = RACI_FILE) -> pd.DataFrame:
    """The ERP case's RACI matrix: deliverables (rows) by roles (columns).

    Cells hold "R", "A", "C", "I", "A/R" or "" (no part). A fresh copy each
    call. ``attrs["tasks"]`` maps each deliverable to its plan task id.

    Examples
    --------
    >>> raci = erp_raci()
    >>> raci.shape
    (12, 8)
    >>> raci.loc["Solution design", "Solution architect"]
    'A'
    >>> raci.attrs["tasks"]["Go/no-go decision"]
    'go_no_go'
    """
    return _frame(name)


def broken_raci(name: str | Path = BROKEN_FILE) -> pd.DataFrame:
    """The matrix with planted faults for the "fix the RACI" exercise.

    Examples
    --------
    >>> broken_raci().loc["Cutover and final data load", "Sponsor"]
    'A'
    """
    return _frame(name)


def broken_raci_faults(name: str | Path = BROKEN_FILE) -> pd.DataFrame:
    """The answer key of the broken matrix: row, rule broken and why.

    Examples
    --------
    >>> broken_raci_faults().loc["Migrated and reconciled data", "rule"]
    'one_accountable'
    """
    data = _load(name)
    deliverable = {row.id: row.deliverable for row in data.rows}
    frame = pd.DataFrame([{"row": deliverable[f.row], "rule": f.rule, "why": f.why}
                          for f in data.faults], columns=["row", "rule", "why"])
    return frame.set_index("row")


# --------------------------------------------------------------------------
# The checker
# --------------------------------------------------------------------------

@dataclass(frozen=True)
class Violation:
    """One broken rule (or a warning): which row or role, which rule, and why.

    Attributes
    ----------
    row : str or None
        The row's label as given (None for a warning about a role).
    rule : str
        A key of :data:`RULES` (or, for a warning, of ``WARNINGS``).
    message : str
        The problem in words, naming the row and the roles.
    roles : tuple of str
        The roles involved (the several A's, the consulted roles, the idle role).
    """

    row: str | None
    rule: str
    message: str
    roles: tuple[str, ...] = ()


@dataclass(frozen=True)
class RaciCheck:
    """The result of :func:`check_raci`.

    Attributes
    ----------
    ok : bool
        True when no rule is broken (warnings do not count).
    violations : list of Violation
        Broken rules, in row order.
    warnings : list of Violation
        Advice: idle roles, rows that consult many roles.
    table : DataFrame
        Per row: counts of R, A, C and I, ``ok`` and the ``problems`` in words.
    matrix : DataFrame
        The matrix in normal form (cells "", "R", "A", "C", "I", "A/R").
    """

    ok: bool
    violations: list[Violation] = field(default_factory=list)
    warnings: list[Violation] = field(default_factory=list)
    table: pd.DataFrame | None = None
    matrix: pd.DataFrame | None = None

    @property
    def messages(self) -> list[str]:
        """The violations' messages, then the warnings'."""
        return [v.message for v in self.violations] + [w.message for w in self.warnings]

    def broken_rows(self) -> list[str]:
        """The rows with at least one violation, in row order."""
        seen: list[str] = []
        for v in self.violations:
            if v.row is not None and v.row not in seen:
                seen.append(v.row)
        return seen


def _as_rows(matrix) -> dict[str, dict[str, object]]:
    if isinstance(matrix, pd.DataFrame):
        if matrix.empty:
            raise ValueError("The RACI matrix is empty: give at least one row and one role")
        for what, labels, fix in (("Row", matrix.index, "give each deliverable one row"),
                                  ("Role", matrix.columns, "give each role one column")):
            twice = labels[labels.duplicated()]
            if len(twice):
                raise ValueError(f"{what} {twice[0]!r} appears twice in the RACI matrix; {fix}")
        return {label: dict(row) for label, row in matrix.to_dict(orient="index").items()}
    if isinstance(matrix, Mapping):
        if not matrix:
            raise ValueError("The RACI matrix is empty: give at least one row and one role")
        out = {}
        for label, cells in matrix.items():
            if not isinstance(cells, Mapping):
                raise TypeError(f"Row {label!r} must map roles to letters, e.g. "
                                f"{{'Sponsor': 'A'}} (you entered {cells!r})")
            out[label] = dict(cells)
        return out
    raise TypeError(f"The RACI matrix must be a DataFrame or a dict of rows "
                    f"{{row: {{role: letter}}}}, got {type(matrix).__name__}")


def _known_roles(roles) -> tuple[list[str], dict[str, str]]:
    """The known role names and a lookup from lower-case id or name to name."""
    if roles is None:
        data = _load(RACI_FILE)
        by_id = {role.id: role.name for role in lifecycle.load_roles()}
        names = [by_id[r] for r in data.roles]
        lookup = {r: by_id[r] for r in data.roles}
        lookup.update({name.lower(): name for name in names})
        return names, lookup
    if isinstance(roles, (str, bytes, Mapping)) or not isinstance(roles, Iterable):
        raise TypeError(f"roles must be a list of role names, got {type(roles).__name__} "
                        f"{roles!r}")
    names = list(roles)
    if not names:
        raise ValueError("roles must name at least one role (you gave none)")
    lookup: dict[str, str] = {}
    for i, name in enumerate(names):
        if not isinstance(name, str) or not name.strip():
            raise TypeError(f"roles[{i}] must be a role's name (you entered {name!r})")
        if name.strip().lower() in lookup:
            raise ValueError(f"roles names {name!r} twice")
        lookup[name.strip().lower()] = name.strip()
    return [n.strip() for n in names], lookup


def _names(items: Iterable[str]) -> str:
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def check_raci(matrix, *, roles: Iterable[str] | None = None,
               max_consulted: int = DEFAULT_MAX_CONSULTED) -> RaciCheck:
    """Check a RACI matrix and explain every broken rule in words.

    Parameters
    ----------
    matrix : DataFrame or dict
        Rows (deliverables or activities) by roles: a DataFrame whose index
        holds the rows and whose columns the roles, or a dict of dicts
        ``{row: {role: letter}}``. A cell holds "R", "A", "C", "I", "A/R"
        (also "AR" or "R/A"), or nothing (empty string, None or NaN).
    roles : list of str, optional
        The roles the matrix may use. By default the ERP RACI's roles
        (:func:`raci_roles`), named by name or id, case-insensitive.
    max_consulted : int, default 4
        More C's than this in one row gives a ``many_consulted`` warning.

    Returns
    -------
    RaciCheck
        ``ok``, the ``violations`` (row, rule, message), the ``warnings`` and
        a ``table`` of counts per row.

    Raises
    ------
    ValueError
        For a role not among ``roles`` (naming the row and listing the known
        roles), a letter other than R, A, C, I, or an empty matrix.
    TypeError
        If the matrix is neither a DataFrame nor a dict of dicts.

    References
    ----------
    PMI, *A Guide to the Project Management Body of Knowledge*, 5th ed. (2013),
    9.1.2.1, p. 262 (the matrix "ensures that only one person is accountable
    for any one task", checked there); 6th ed. (2017), 9.1.2.2 Data
    representation (the RACI chart).

    Examples
    --------
    >>> check = check_raci({"Data migration": {"Sponsor": "A", "Key users": "C"}})
    >>> check.ok
    False
    >>> print(check.violations[0].message)
    Row 'Data migration' has no Responsible role: somebody must do the work. Mark at \
least one role R (the accountable role may be A/R).
    >>> check_raci({"Data migration": {"CFO": "A"}})
    Traceback (most recent call last):
    ...
    ValueError: Role 'CFO' in row 'Data migration' is not in the RACI's roles; known: \
Sponsor, Implementation manager, Client project manager, Solution architect, Business \
process owner, Key users, Implementation partner, Support team
    >>> check_raci({"Design": {"Sponsor": "X"}})
    Traceback (most recent call last):
    ...
    ValueError: Letter 'X' in row 'Design', role 'Sponsor' is not R, A, C or I (you entered 'X')
    """
    max_consulted = check_int("max_consulted", max_consulted, minimum=0)
    rows = _as_rows(matrix)
    names, lookup = _known_roles(roles)
    used: list[str] = []
    clean: dict[str, dict[str, str]] = {}
    for label, cells in rows.items():
        if not isinstance(label, str) or not label.strip():
            raise TypeError(f"Each row of the matrix must be named by text (you entered "
                            f"{shown(label)})")
        clean[label] = {}
        for role, value in cells.items():
            key = role.strip().lower() if isinstance(role, str) else None
            if key not in lookup:
                raise ValueError(f"Role {role!r} in row {label!r} is not in the RACI's roles; "
                                 f"known: {', '.join(names)}")
            name = lookup[key]
            if name in clean[label]:
                raise ValueError(f"Row {label!r} names the role {name!r} twice")
            clean[label][name] = _cell(value, f"in row {label!r}, role {role!r}")
            if name not in used:
                used.append(name)
    columns = [n for n in names if n in used]
    normal = pd.DataFrame.from_dict({label: [cells.get(c, "") for c in columns]
                                     for label, cells in clean.items()},
                                    orient="index", columns=columns)
    normal.index.name = matrix.index.name if isinstance(matrix, pd.DataFrame) else None

    violations: list[Violation] = []
    warnings: list[Violation] = []
    records = []
    for label, cells in clean.items():
        accountable = [r for r, c in cells.items() if "A" in c]
        responsible = [r for r, c in cells.items() if "R" in c]
        consulted = [r for r, c in cells.items() if c == "C"]
        informed = [r for r, c in cells.items() if c == "I"]
        problems = []
        if not accountable:
            problems.append(Violation(
                label, "one_accountable",
                f"Row {label!r} has no Accountable role: name exactly one role that answers "
                f"for the result and signs it off."))
        elif len(accountable) > 1:
            problems.append(Violation(
                label, "one_accountable",
                f"Row {label!r} has {len(accountable)} Accountable roles "
                f"({_names(accountable)}): keep exactly one A and make the others R, C or I.",
                tuple(accountable)))
        if not responsible:
            problems.append(Violation(
                label, "responsible",
                f"Row {label!r} has no Responsible role: somebody must do the work. Mark at "
                f"least one role R (the accountable role may be A/R)."))
        if len(consulted) > max_consulted:
            warnings.append(Violation(
                label, "many_consulted",
                f"Row {label!r} consults {len(consulted)} roles ({_names(consulted)}): every "
                f"consultation costs time; could some of them be Informed instead?",
                tuple(consulted)))
        violations.extend(problems)
        records.append({"row": label, "R": len(responsible), "A": len(accountable),
                        "C": len(consulted), "I": len(informed), "ok": not problems,
                        "problems": " ".join(p.message for p in problems)})
    for name in columns:
        if not any({"R", "A"} & set(cells.get(name, "")) for cells in clean.values()):
            warnings.append(Violation(
                None, "idle_role",
                f"Role {name!r} is neither Responsible nor Accountable for any row: is the "
                f"role needed here, or is some of its work missing from the matrix?", (name,)))
    table = pd.DataFrame(records).set_index("row")
    return RaciCheck(ok=not violations, violations=violations, warnings=warnings,
                     table=table, matrix=normal)


def short_labels(names) -> dict[str, str]:
    """Short column labels for role names: the initials of a name of several words,
    the first two letters of a one-word name (three, or more, if two would clash).

    Examples
    --------
    >>> short_labels(["Sponsor", "Implementation manager", "Key users"])
    {'Sponsor': 'Sp', 'Implementation manager': 'IM', 'Key users': 'KU'}
    """
    if isinstance(names, (str, bytes, Mapping)) or not isinstance(names, Iterable):
        raise TypeError(f"Role names must be a list of names (you entered {shown(names)}) "
                        f"(parameter names)")
    out: dict[str, str] = {}
    for i, name in enumerate(names):
        if not isinstance(name, str) or not name.strip():
            raise TypeError(f"Role name {i + 1} must be a non-empty text (you entered "
                            f"{shown(name)}) (parameter names)")
        if name in out:
            raise ValueError(f"Role name {shown(name)} is listed twice; list each role once "
                             f"(parameter names)")
        words = name.split()
        label = "".join(word[0].upper() for word in words) if len(words) > 1 \
            else name[:2].capitalize()
        compact = name.replace(" ", "")
        size, number = 3, 2
        while label in out.values():
            if size <= len(compact):
                label = compact[:size].capitalize()
                size += 1
            else:                       # the whole name is taken (e.g. "AB" after "Ab")
                label = f"{compact.capitalize()}{number}"
                number += 1
        out[name] = label
    return out
