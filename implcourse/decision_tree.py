"""Decision trees: decide, then chance, then outcome, valued by rolling back EMV.

A :class:`Decision` offers options, each with a cost and a following node; a
:class:`Chance` node has branches with probabilities summing to 1; an
:class:`Outcome` is a value. :func:`rollback` works from the leaves to the
root: a chance node is worth the probability-weighted sum of its branches
(its expected monetary value), and a decision is worth its best option after
that option's cost.

Examples
--------
Size: a tree has at most :data:`implcourse.limits.MAX_TREE_NODES` nodes and
is at most :data:`implcourse.limits.MAX_TREE_DEPTH` levels deep below its
root. Every node counts its tree as it is built (a subtree used twice counts
twice), so a tree beyond the limits is refused when it is built, and the
functions that walk a tree never go deeper than the limit.

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
from .limits import MAX_TREE_DEPTH, MAX_TREE_NODES
from .validation import check_finite, check_number, check_str, shown

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
        object.__setattr__(self, "label", check_str("label", self.label))
        object.__setattr__(self, "value", check_number("value", self.value))
        _set_size(self, 1, 0)


@dataclass(frozen=True)
class Chance:
    """A chance node: ``branches`` are ``(probability, node)`` pairs summing to 1."""

    label: str
    branches: tuple[tuple[float, Node], ...]

    def __post_init__(self) -> None:
        label = check_str("label", self.label)
        branches = _children("branches", self.branches, label)
        if not branches:
            raise ValueError(f"chance node {label!r} needs at least one branch (branches is empty)")
        total = 0.0
        checked = []
        for i, branch in enumerate(branches):
            if not isinstance(branch, (tuple, list)) or len(branch) != 2:
                raise TypeError(f"branches[{i}] of {label!r} must be (probability, node), got "
                                f"{shown(branch)}")
            p = check_number(f"probability of branch {i} of {label!r} (branches[{i}])",
                             branch[0], minimum=0, maximum=1)
            total += p
            _check_node(f"branches[{i}] of {label!r}", branch[1])
            checked.append((p, branch[1]))
        if not math.isclose(total, 1.0, abs_tol=1e-9):
            raise ValueError(f"the probabilities of chance node {label!r} must sum to 1 "
                             f"(branches), got {total:g}")
        _unique(label, [child.label for _, child in checked])
        object.__setattr__(self, "label", label)
        object.__setattr__(self, "branches", tuple(checked))
        _set_size(self, *_grown(label, [child for _, child in checked]))


@dataclass(frozen=True)
class Decision:
    """A decision node: ``options`` are ``(label, cost, node)`` triples."""

    label: str
    options: tuple[tuple[str, float, Node], ...]

    def __post_init__(self) -> None:
        label = check_str("label", self.label)
        options = _children("options", self.options, label)
        if not options:
            raise ValueError(f"decision {label!r} needs at least one option (options is empty)")
        checked = []
        for i, option in enumerate(options):
            if not isinstance(option, (tuple, list)) or len(option) != 3:
                raise TypeError(f"options[{i}] of {label!r} must be (label, cost, node), got "
                                f"{shown(option)}")
            name = check_str(f"options[{i}] label", option[0])
            cost = check_number(f"cost of option {name!r}", option[1])
            _check_node(f"options[{i}] of {label!r}", option[2])
            checked.append((name, cost, option[2]))
        _unique(label, [name for name, _, _ in checked])
        object.__setattr__(self, "label", label)
        object.__setattr__(self, "options", tuple(checked))
        _set_size(self, *_grown(label, [child for _, _, child in checked]))


Node = Outcome | Chance | Decision


def _children(name: str, value: object, label: str) -> tuple:
    """The branches or options of a node as a tuple (a list is fine too)."""
    if not isinstance(value, (tuple, list)):
        raise TypeError(f"{name} of {label!r} must be a tuple or list, got "
                        f"{type(value).__name__} {shown(value)}")
    if len(value) > MAX_TREE_NODES:
        raise ValueError(f"{name} of {label!r} has {len(value):,} entries; a tree has at "
                         f"most {MAX_TREE_NODES:,} nodes (implcourse.limits)")
    return tuple(value)


def _set_size(node: object, size: int, depth: int) -> None:
    # Not dataclass fields: they take no part in equality or the repr.
    object.__setattr__(node, "_size", size)
    object.__setattr__(node, "_depth", depth)


def _grown(label: str, children: list) -> tuple[int, int]:
    """The size and depth of a node's tree from its children's, within the limits."""
    size = 1 + sum(child._size for child in children)
    depth = 1 + max(child._depth for child in children)
    if size > MAX_TREE_NODES:
        raise ValueError(f"the tree under {label!r} has {size:,} nodes; a tree has at most "
                         f"{MAX_TREE_NODES:,} (implcourse.limits)")
    if depth > MAX_TREE_DEPTH:
        raise ValueError(f"the tree under {label!r} is {depth} levels deep; a tree is at most "
                         f"{MAX_TREE_DEPTH} levels deep (implcourse.limits)")
    return size, depth


def _unique(node: str, labels: list[str]) -> None:
    """Labels below one node must differ: they name the results."""
    seen: set[str] = set()
    for label in labels:
        if label in seen:
            raise ValueError(f"the branches of {node!r} must have different labels; "
                             f"{label!r} is used more than once")
        seen.add(label)


def _check_node(name: str, node: object) -> None:
    if not isinstance(node, (Outcome, Chance, Decision)) or not hasattr(node, "_size"):
        raise TypeError(f"{name} must be an Outcome, Chance or Decision, got "
                        f"{type(node).__name__} {shown(node)}")


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
    return _rollback(node)


def _rollback(node: Node) -> Rolled:
    # Recursion is safe: a tree is at most MAX_TREE_DEPTH levels deep.
    if isinstance(node, Outcome):
        return Rolled(node.value)
    if isinstance(node, Chance):
        values = {child.label: _rollback(child).value for _, child in node.branches}
        value = math.fsum(p * values[child.label] for p, child in node.branches)
        return Rolled(check_finite(f"the expected value of chance node {node.label!r}", value),
                      None, values)
    nets = {label: check_finite(f"the net value of option {label!r} of {node.label!r}",
                                _rollback(child).value - cost)
            for label, cost, child in node.options}
    best = max(nets, key=nets.get)
    return Rolled(nets[best], best, nets)


def reweighted(node: Node, probability: float, *, same_as: float | None = None) -> Node:
    """A copy of a tree in which two-branch chance nodes have the
    probabilities ``(probability, 1 - probability)``: for asking "what if the
    first outcome were more or less likely?".

    Parameters
    ----------
    node : Outcome, Chance or Decision
        The tree.
    probability : float
        The new probability of the first branch, 0 to 1.
    same_as : float, optional
        Change only the two-branch chance nodes whose first branch has this
        probability now (the same uncertain event, repeated under each
        option, as demand is in the course's tree); the others keep theirs.
        By default every two-branch chance node is changed.

    Examples
    --------
    >>> tree = load_decision_tree()
    >>> rollback(reweighted(tree, 0.9)).choice
    'Build a new plant'
    >>> tree = from_dict({"decision": "Pick", "options": [
    ...     {"label": "A", "cost": 0, "node": {"chance": "a", "branches": [
    ...         {"probability": 0.8, "node": {"outcome": "a1", "value": 100}},
    ...         {"probability": 0.2, "node": {"outcome": "a2", "value": 0}}]}},
    ...     {"label": "B", "cost": 0, "node": {"chance": "b", "branches": [
    ...         {"probability": 0.5, "node": {"outcome": "b1", "value": 150}},
    ...         {"probability": 0.5, "node": {"outcome": "b2", "value": 0}}]}}]})
    >>> rollback(reweighted(tree, 0.9, same_as=0.8)).children
    {'A': 90.0, 'B': 75.0}
    """
    probability = check_number("probability", probability, minimum=0, maximum=1)
    if same_as is not None:
        same_as = check_number("same_as", same_as, minimum=0, maximum=1)
    _check_node("node", node)
    return _reweighted(node, probability, same_as)


def _reweighted(node: Node, probability: float, same_as: float | None = None) -> Node:
    # Recursion is safe: a tree is at most MAX_TREE_DEPTH levels deep.
    if isinstance(node, Outcome):
        return node
    if isinstance(node, Chance):
        if len(node.branches) == 2 and (same_as is None
                                        or abs(node.branches[0][0] - same_as) <= 1e-9):
            (_, first), (_, second) = node.branches
            return Chance(node.label, ((probability, _reweighted(first, probability, same_as)),
                                       (1 - probability,
                                        _reweighted(second, probability, same_as))))
        return Chance(node.label, tuple((p, _reweighted(c, probability, same_as))
                                        for p, c in node.branches))
    return Decision(node.label, tuple((label, cost, _reweighted(child, probability, same_as))
                                      for label, cost, child in node.options))


# --------------------------------------------------------------------------
# Loading
# --------------------------------------------------------------------------

def from_dict(data: Mapping, where: str = "tree") -> Node:
    """Build a tree from nested dicts (the YAML form).

    A node is ``{outcome: label, value: v}``, ``{chance: label, branches:
    [{probability: p, node: ...}, ...]}`` or ``{decision: label, options:
    [{label: l, cost: c, node: ...}, ...]}``. The size and depth of the
    nested dicts are measured first, without recursion, so that a tree
    beyond the limits (see the module notes) is refused before it is built.

    Parameters
    ----------
    data : dict
        The root node.
    where : str, default "tree"
        How messages name the root (the key of a tree file).

    Examples
    --------
    >>> from_dict({"outcome": "Win", "value": 10})
    Outcome(label='Win', value=10.0)
    >>> from_dict([1])
    Traceback (most recent call last):
    ...
    ValueError: data must be a mapping (the root node of the tree), got list [1]
    """
    where = check_str("where", where)
    if not isinstance(data, Mapping):
        raise ValueError(f"data must be a mapping (the root node of the tree), got "
                         f"{type(data).__name__} {shown(data)}")
    try:
        _measure(data, where)
        return _from_dict(data, where)
    except (TypeError, ValueError) as err:
        if where == "data" or "(parameter data)" in str(err):
            raise
        # The message names the place in the tree (where); name the parameter too.
        raise type(err)(f"{err} (parameter data)") from None


def _measure(data: Mapping, where: str) -> None:
    """Count the nodes and levels of nested dicts without recursing, and stop
    as soon as a limit is passed (a YAML alias used many times counts every
    time, so an "alias bomb" is stopped early)."""
    count = 0
    stack = [(data, 0, where)]
    while stack:
        node, depth, at = stack.pop()
        count += 1
        if count > MAX_TREE_NODES:
            raise ValueError(f"{where} has more than {MAX_TREE_NODES:,} nodes; a tree has at "
                             "most that many (implcourse.limits)")
        if depth > MAX_TREE_DEPTH:
            raise ValueError(f"{where} is more than {MAX_TREE_DEPTH} levels deep; a tree is "
                             f"at most {MAX_TREE_DEPTH} levels deep (implcourse.limits); the "
                             f"deepest node found is at {shown(at)}")
        if not isinstance(node, Mapping):
            continue
        for key in ("branches", "options"):
            items = node.get(key)
            if isinstance(items, list):
                if len(items) > MAX_TREE_NODES:
                    raise ValueError(f"{at}.{key} has {len(items):,} entries; a tree has at "
                                     f"most {MAX_TREE_NODES:,} nodes (implcourse.limits)")
                stack.extend((item.get("node"), depth + 1, f"{at}.{key}[{i}]")
                             for i, item in enumerate(items) if isinstance(item, Mapping))


def _from_dict(data: object, where: str) -> Node:
    # Recursion is safe: _measure has checked the depth.
    if not isinstance(data, Mapping):
        raise ValueError(f"{where} must be a mapping, got {type(data).__name__} {shown(data)}")
    allowed = {"outcome": {"outcome", "value"}, "chance": {"chance", "branches"},
               "decision": {"decision", "options"}}
    for kind, keys in allowed.items():
        if kind in data and set(data) - keys:
            raise ValueError(f"{where} has unknown key(s) "
                             f"{sorted(map(str, set(data) - keys))}")
    for key, fields, listed in (("branches", {"probability", "node"}, "'probability' and 'node'"),
                                ("options", {"label", "cost", "node"},
                                 "'label', 'cost' and 'node'")):
        items = data.get(key)
        if items is not None and not isinstance(items, list):
            raise ValueError(f"{where}.{key} must be a list, got {type(items).__name__} "
                             f"{shown(items)}")
        for i, item in enumerate(items or []):
            if not isinstance(item, Mapping) or set(item) - fields:
                raise ValueError(f"{where}.{key}[{i}] must have only {listed}")

    def text(value: object, what: str) -> str:
        if not isinstance(value, str) or not value.strip():
            raise ValueError(f"{what} must be a non-empty text, got {shown(value)}")
        return value

    if "outcome" in data:
        return Outcome(text(data["outcome"], f"{where}.outcome"), data.get("value"))
    if "chance" in data:
        branches = tuple((b.get("probability"),
                          _from_dict(b.get("node"), f"{where}.branches[{i}]"))
                         for i, b in enumerate(data.get("branches") or []))
        return Chance(text(data["chance"], f"{where}.chance"), branches)
    if "decision" in data:
        options = tuple((text(o.get("label"), f"{where}.options[{i}].label"), o.get("cost", 0),
                         _from_dict(o.get("node"), f"{where}.options[{i}]"))
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
        _measure(data["tree"], "tree")
        return _from_dict(data["tree"], "tree")  # messages name the place in the file
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
