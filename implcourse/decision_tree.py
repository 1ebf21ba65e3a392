"""Decision trees: decide, then chance, then outcome, valued by rolling back EMV.

A :class:`Decision` offers options, each with a cost and a following node; a
:class:`Chance` node has branches with probabilities summing to 1; an
:class:`Outcome` is a value. :func:`rollback` works from the leaves to the
root: a chance node is worth the probability-weighted sum of its branches
(its expected monetary value), and a decision is worth its best option after
that option's cost.

Examples
--------
The PMBOK Guide's example (5th ed., 2013, Figure 11-16; the 6th ed. keeps it in
§11.4.2.5): build a new plant for
$120M or upgrade the existing one for $50M, with strong demand (60 %) or
weak demand (40 %):

>>> tree = load_decision_tree()
>>> result = rollback(tree)
>>> result.choice, round(result.value, 1)
('Upgrade the existing plant', 46.0)
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from .content import ContentError, cached_by_file, display_path, read_yaml
from .validation import check_number, check_str

__all__ = ["Outcome", "Chance", "Decision", "Rolled", "rollback", "load_decision_tree",
           "decision_tree_unit",
           "from_dict", "reweighted"]

DEFAULT_TREE = "risk/decision_facility.yml"


@dataclass(frozen=True)
class Outcome:
    """A leaf: what the path ends with (a payoff, before any option's cost)."""

    label: str
    value: float

    def __post_init__(self) -> None:
        check_str("label", self.label)
        object.__setattr__(self, "value", check_number("value", self.value))


@dataclass(frozen=True)
class Chance:
    """A chance node: ``branches`` are ``(probability, node)`` pairs summing to 1."""

    label: str
    branches: tuple[tuple[float, Node], ...]

    def __post_init__(self) -> None:
        check_str("label", self.label)
        if not self.branches:
            raise ValueError(f"chance node {self.label!r} needs at least one branch")
        total = 0.0
        for i, branch in enumerate(self.branches):
            if not isinstance(branch, tuple) or len(branch) != 2:
                raise TypeError(f"branches[{i}] of {self.label!r} must be (probability, node)")
            total += check_number(f"probability of branch {i} of {self.label!r}", branch[0],
                                  minimum=0, maximum=1)
            _check_node(f"branches[{i}] of {self.label!r}", branch[1])
        if not math.isclose(total, 1.0, abs_tol=1e-9):
            raise ValueError(f"the probabilities of chance node {self.label!r} must sum to 1, "
                             f"got {total:g}")
        _unique(self.label, [child.label for _, child in self.branches])


@dataclass(frozen=True)
class Decision:
    """A decision node: ``options`` are ``(label, cost, node)`` triples."""

    label: str
    options: tuple[tuple[str, float, Node], ...]

    def __post_init__(self) -> None:
        check_str("label", self.label)
        if not self.options:
            raise ValueError(f"decision {self.label!r} needs at least one option")
        for i, option in enumerate(self.options):
            if not isinstance(option, tuple) or len(option) != 3:
                raise TypeError(f"options[{i}] of {self.label!r} must be (label, cost, node)")
            check_str(f"options[{i}] label", option[0])
            check_number(f"cost of option {option[0]!r}", option[1])
            _check_node(f"options[{i}] of {self.label!r}", option[2])
        _unique(self.label, [label for label, _, _ in self.options])


Node = Outcome | Chance | Decision


def _unique(node: str, labels: list[str]) -> None:
    """Labels below one node must differ: they name the results."""
    repeated = sorted({x for x in labels if labels.count(x) > 1})
    if repeated:
        raise ValueError(f"the branches of {node!r} must have different labels; "
                         f"{repeated[0]!r} is used more than once")


def _check_node(name: str, node: object) -> None:
    if not isinstance(node, (Outcome, Chance, Decision)):
        raise TypeError(f"{name} must be an Outcome, Chance or Decision, got "
                        f"{type(node).__name__}")


@dataclass(frozen=True)
class Rolled:
    """The result of :func:`rollback` for one node.

    Attributes
    ----------
    value : float
        The node's expected monetary value.
    choice : str or None
        For a decision, the best option.
    children : dict
        For a decision, option label to its net value (after its cost); for
        a chance node, branch label to the branch's value.
    """

    value: float
    choice: str | None = None
    children: dict[str, float] = field(default_factory=dict)

    @property
    def ties(self) -> list[str]:
        """For a decision, every option worth as much as the best (more than one
        means the decision maker is indifferent between them)."""
        if self.choice is None:
            return []
        return [k for k, v in self.children.items() if math.isclose(v, self.value,
                                                                     rel_tol=1e-9, abs_tol=1e-9)]


def rollback(node: Node) -> Rolled:
    """Evaluate a tree from its leaves back to its root.

    A chance node's value is :math:`\\sum p_i v_i`; a decision's value is
    :math:`\\max_j (v_j - c_j)` over its options, where :math:`c_j` is the
    option's cost.

    Examples
    --------
    >>> bet = Chance("Demand", ((0.5, Outcome("High", 100)), (0.5, Outcome("Low", 0))))
    >>> rollback(Decision("Invest?", (("Invest", 40, bet), ("Wait", 0, Outcome("None", 0))))).choice
    'Invest'
    """
    _check_node("node", node)
    if isinstance(node, Outcome):
        return Rolled(node.value)
    if isinstance(node, Chance):
        values = {child.label: rollback(child).value for _, child in node.branches}
        value = sum(p * values[child.label] for p, child in node.branches)
        return Rolled(value, None, values)
    nets = {label: rollback(child).value - cost for label, cost, child in node.options}
    best = max(nets, key=nets.get)
    return Rolled(nets[best], best, nets)


def reweighted(node: Node, probability: float) -> Node:
    """A copy of a tree in which every two-branch chance node has the
    probabilities ``(probability, 1 - probability)``: for asking "what if the
    first outcome were more or less likely?".

    Examples
    --------
    >>> tree = load_decision_tree()
    >>> rollback(reweighted(tree, 0.9)).choice
    'Build a new plant'
    """
    probability = check_number("probability", probability, minimum=0, maximum=1)
    _check_node("node", node)
    if isinstance(node, Outcome):
        return node
    if isinstance(node, Chance):
        if len(node.branches) == 2:
            (_, first), (_, second) = node.branches
            return Chance(node.label, ((probability, reweighted(first, probability)),
                                       (1 - probability, reweighted(second, probability))))
        return Chance(node.label, tuple((p, reweighted(c, probability))
                                        for p, c in node.branches))
    return Decision(node.label, tuple((label, cost, reweighted(child, probability))
                                      for label, cost, child in node.options))


# --------------------------------------------------------------------------
# Loading
# --------------------------------------------------------------------------

def from_dict(data: Mapping, where: str = "tree") -> Node:
    """Build a tree from nested dicts (the YAML form).

    A node is ``{outcome: label, value: v}``, ``{chance: label, branches:
    [{probability: p, node: ...}, ...]}`` or ``{decision: label, options:
    [{label: l, cost: c, node: ...}, ...]}``.
    """
    if not isinstance(data, Mapping):
        raise ValueError(f"{where} must be a mapping, got {type(data).__name__}")
    allowed = {"outcome": {"outcome", "value"}, "chance": {"chance", "branches"},
               "decision": {"decision", "options"}}
    for kind, keys in allowed.items():
        if kind in data and set(data) - keys:
            raise ValueError(f"{where} has unknown key(s) {sorted(set(data) - keys)}")
    for i, item in enumerate(data.get("branches") or []):
        if not isinstance(item, Mapping) or set(item) - {"probability", "node"}:
            raise ValueError(f"{where}.branches[{i}] must have only 'probability' and 'node'")
    for i, item in enumerate(data.get("options") or []):
        if not isinstance(item, Mapping) or set(item) - {"label", "cost", "node"}:
            raise ValueError(f"{where}.options[{i}] must have only 'label', 'cost' and 'node'")
    def text(value: object, what: str) -> str:
        if not isinstance(value, str) or not value.strip():
            raise ValueError(f"{what} must be a non-empty text, got {value!r}")
        return value

    if "outcome" in data:
        return Outcome(text(data["outcome"], f"{where}.outcome"), data.get("value"))
    if "chance" in data:
        branches = tuple((b.get("probability"), from_dict(b.get("node"), f"{where}.branches[{i}]"))
                         for i, b in enumerate(data.get("branches") or []))
        return Chance(text(data["chance"], f"{where}.chance"), branches)
    if "decision" in data:
        options = tuple((text(o.get("label"), f"{where}.options[{i}].label"), o.get("cost", 0),
                         from_dict(o.get("node"), f"{where}.options[{i}]"))
                        for i, o in enumerate(data.get("options") or []))
        return Decision(text(data["decision"], f"{where}.decision"), options)
    raise ValueError(f"{where} must have one of the keys 'outcome', 'chance' or 'decision'")


def load_decision_tree(name: str = DEFAULT_TREE) -> Node:
    """Load a decision tree from a YAML file (key ``tree``); an edited file is
    read again.

    Raises
    ------
    ContentError
        Naming the file and what is wrong with the tree.
    """
    return _load_tree(name)


def decision_tree_unit(name: str = DEFAULT_TREE) -> str:
    """The unit of a tree file's amounts (its optional key ``unit``), or "".

    Examples
    --------
    >>> decision_tree_unit()
    'USD million'
    """
    return _load_unit(name)


def _read_unit(path) -> str:
    data = read_yaml(path)
    unit = data.get("unit", "") if isinstance(data, Mapping) else ""
    if not isinstance(unit, str):
        raise ContentError(display_path(path), f"unit must be a string, got {unit!r}")
    return unit.strip()


def _read_tree(path) -> Node:
    data = read_yaml(path)
    if not isinstance(data, Mapping) or "tree" not in data:
        raise ContentError(display_path(path), "expected a top-level key 'tree'")
    try:
        return from_dict(data["tree"])
    except (TypeError, ValueError) as err:
        raise ContentError(display_path(path), str(err)) from None


def _flatten(node: Node, depth: int = 0) -> Sequence[tuple[int, Node]]:
    """Nodes with their depth, in drawing order (used by the tree chart)."""
    out = [(depth, node)]
    children = ([c for _, c in node.branches] if isinstance(node, Chance) else
                [c for _, _, c in node.options] if isinstance(node, Decision) else [])
    for child in children:
        out.extend(_flatten(child, depth + 1))
    return out


_load_tree = cached_by_file(_read_tree)
_load_unit = cached_by_file(_read_unit)
