"""implcourse.decision_tree: rollback, reweighting, loading and validation.

Random trees are drawn by hypothesis as plain nested tuples, evaluated here
by a recursion written from the definition (a chance node is worth the
probability-weighted sum of its branches, a decision its best option net
of that option's cost) and compared with :func:`rollback` on the same tree
built from the package's classes.
"""

from __future__ import annotations

import itertools
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from implcourse import decision_tree
from implcourse.content import ContentError, read_yaml
from implcourse.decision_tree import (Chance, Decision, Outcome, Rolled, from_dict,
                                      load_decision_tree, reweighted, rollback)

FAST = settings(max_examples=150, deadline=None)


# --------------------------------------------------------------------------
# Random trees as plain data, and an independent evaluation
# --------------------------------------------------------------------------

@st.composite
def specs(draw, depth=3):
    """("outcome", value) | ("chance", [(p, spec)]) | ("decision", [(cost, spec)])."""
    kind = draw(st.sampled_from(["outcome"] if depth == 0 else
                                ["outcome", "chance", "decision"]))
    if kind == "outcome":
        return ("outcome", draw(st.floats(min_value=-1e6, max_value=1e6)))
    k = draw(st.integers(min_value=2, max_value=3))
    children = [draw(specs(depth=depth - 1)) for _ in range(k)]
    if kind == "chance":
        weights = draw(st.lists(st.integers(min_value=0, max_value=20), min_size=k, max_size=k)
                       .filter(lambda w: sum(w) > 0))
        total = sum(weights)
        probabilities = [w / total for w in weights[:-1]]
        probabilities.append(1 - sum(probabilities))
        return ("chance", list(zip(probabilities, children)))
    costs = draw(st.lists(st.floats(min_value=-1e5, max_value=1e5), min_size=k, max_size=k))
    return ("decision", list(zip(costs, children)))


def build(spec, counter=None):
    """The package's tree for a spec; every label is unique."""
    counter = counter if counter is not None else itertools.count()
    kind, body = spec
    label = f"{kind} {next(counter)}"
    if kind == "outcome":
        return Outcome(label, body)
    if kind == "chance":
        return Chance(label, tuple((p, build(child, counter)) for p, child in body))
    return Decision(label, tuple((f"option {next(counter)}", cost, build(child, counter))
                                 for cost, child in body))


def value_of(spec):
    kind, body = spec
    if kind == "outcome":
        return body
    if kind == "chance":
        return math.fsum(p * value_of(child) for p, child in body)
    return max(value_of(child) - cost for cost, child in body)


def to_dict(node):
    """The YAML form of a tree (the inverse of from_dict)."""
    if isinstance(node, Outcome):
        return {"outcome": node.label, "value": node.value}
    if isinstance(node, Chance):
        return {"chance": node.label,
                "branches": [{"probability": p, "node": to_dict(c)} for p, c in node.branches]}
    return {"decision": node.label,
            "options": [{"label": label, "cost": cost, "node": to_dict(c)}
                        for label, cost, c in node.options]}


def leaf(label="Leaf", value=0.0):
    return Outcome(label, value)


# --------------------------------------------------------------------------
# Rollback
# --------------------------------------------------------------------------

@FAST
@given(specs())
def test_rollback_against_the_definition(spec):
    tree = build(spec)
    result = rollback(tree)
    assert isinstance(result, Rolled)
    assert math.isclose(result.value, value_of(spec), rel_tol=1e-9, abs_tol=1e-6)
    kind, body = spec
    if kind == "decision":
        nets = [value_of(child) - cost for cost, child in body]
        labels = [label for label, _, _ in tree.options]
        assert list(result.children) == labels
        for label, net in zip(labels, nets):
            assert math.isclose(result.children[label], net, rel_tol=1e-9, abs_tol=1e-6)
        assert result.choice in labels
        assert math.isclose(result.children[result.choice], max(nets), rel_tol=1e-9,
                            abs_tol=1e-6)
        assert result.value == result.children[result.choice]
        # ties: every option worth as much as the best, in the options' order (an
        # option within float noise of the best is tied, one clearly below is not)
        best = max(nets)
        assert result.choice in result.ties
        assert result.ties == [label for label in labels if label in result.ties]
        for label, net in zip(labels, nets):
            if math.isclose(net, best, rel_tol=1e-12, abs_tol=1e-12):
                assert label in result.ties, (label, net, best)
            elif not math.isclose(net, best, rel_tol=1e-7, abs_tol=1e-7):
                assert label not in result.ties, (label, net, best)
    elif kind == "chance":
        assert result.choice is None
        assert result.ties == []
        assert list(result.children) == [child.label for _, child in tree.branches]
        for (_, child), (_, child_spec) in zip(tree.branches, body):
            assert math.isclose(result.children[child.label], value_of(child_spec),
                                rel_tol=1e-9, abs_tol=1e-6)
    else:
        assert result == Rolled(spec[1])


def test_rollback_by_hand():
    bet = Chance("Demand", ((0.25, Outcome("High", 100)), (0.75, Outcome("Low", 20))))
    wait = Outcome("Nothing", 10)
    tree = Decision("Invest?", (("Invest", 30, bet), ("Wait", 0, wait)))
    result = rollback(tree)
    assert result.children == pytest.approx({"Invest": 0.25 * 100 + 0.75 * 20 - 30,
                                             "Wait": 10})
    assert result.choice == "Invest" and result.value == pytest.approx(10.0)
    # A tie keeps the first option.
    tied = Decision("Tie", (("A", 0, Outcome("a", 5)), ("B", 0, Outcome("b", 5))))
    assert rollback(tied).choice == "A" and rollback(tied).ties == ["A", "B"]
    # Invest is worth 0.25 x 100 + 0.75 x 20 - 30 = 10, as much as waiting.
    assert result.ties == ["Invest", "Wait"]


def test_ties_list_every_best_option():
    tied = Decision("Tie", (("A", 0, Outcome("a", 5)), ("B", 2, Outcome("b", 7)),
                            ("C", 0, Outcome("c", 3)), ("D", 1, Outcome("d", 6))))
    result = rollback(tied)
    assert result.choice == "A" and result.value == 5
    assert result.ties == ["A", "B", "D"]
    # Equal in exact arithmetic, not in binary floating point: still a tie.
    noisy = Decision("Noise", (("X", 0, Chance("c", ((0.1, Outcome("hi", 1.0)),
                                                     (0.9, Outcome("lo", 0.0))))),
                               ("Y", 0, Outcome("y", 0.1)), ("Z", 0, Outcome("z", 0.09))))
    assert rollback(noisy).ties == ["X", "Y"]
    # Only a decision has ties.
    assert rollback(Outcome("o", 3)).ties == []
    assert rollback(Chance("c", ((0.5, Outcome("a", 1)), (0.5, Outcome("b", 1))))).ties == []
    # The shipped tree: indifferent at p = 0.8 (see the crossover below), not either side.
    tree = load_decision_tree()
    assert rollback(reweighted(tree, 0.8)).ties == [label for label, _, _ in tree.options]
    assert len(rollback(reweighted(tree, 0.79)).ties) == 1
    assert len(rollback(tree).ties) == 1


def test_rollback_nested_decisions():
    inner = Decision("Then?", (("Expand", 50, Outcome("Big", 200)), ("Stop", 0, Outcome("S", 80))))
    tree = Chance("Market", ((0.5, inner), (0.5, Outcome("Flop", -40))))
    assert rollback(inner).value == 150 and rollback(inner).choice == "Expand"
    assert rollback(tree).value == pytest.approx(0.5 * 150 - 0.5 * 40)
    assert rollback(tree).children == {"Then?": 150, "Flop": -40}


def test_rollback_rejects_non_nodes():
    with pytest.raises(TypeError, match="node must be an Outcome, Chance or Decision, got dict"):
        rollback({"outcome": "x", "value": 1})


# --------------------------------------------------------------------------
# Reweighting
# --------------------------------------------------------------------------

def assert_reweighted(original, changed, p):
    assert type(original) is type(changed)
    assert original.label == changed.label
    if isinstance(original, Outcome):
        assert changed == original
    elif isinstance(original, Chance):
        assert len(changed.branches) == len(original.branches)
        if len(original.branches) == 2:
            assert [q for q, _ in changed.branches] == pytest.approx([p, 1 - p])
        else:
            assert [q for q, _ in changed.branches] == [q for q, _ in original.branches]
        for (_, a), (_, b) in zip(original.branches, changed.branches):
            assert_reweighted(a, b, p)
    else:
        assert [(label, cost) for label, cost, _ in changed.options] == \
            [(label, cost) for label, cost, _ in original.options]
        for (_, _, a), (_, _, b) in zip(original.options, changed.options):
            assert_reweighted(a, b, p)


@FAST
@given(specs(), st.floats(min_value=0, max_value=1))
def test_reweighted(spec, p):
    tree = build(spec)
    changed = reweighted(tree, p)
    assert_reweighted(tree, changed, p)
    assert reweighted(changed, p) == changed  # reweighting twice changes nothing more


def test_reweighted_shipped_tree_crosses_over():
    tree = load_decision_tree()
    # Build: 200p + 90(1-p) - 120; upgrade: 120p + 60(1-p) - 50; equal at p = 1.
    # Build wins only above: 110p - 30 > 60p + 10 -> p > 0.8.
    assert rollback(reweighted(tree, 0.6)).choice == "Upgrade the existing plant"
    assert rollback(reweighted(tree, 0.79)).choice == "Upgrade the existing plant"
    assert rollback(reweighted(tree, 0.81)).choice == "Build a new plant"
    assert rollback(reweighted(tree, 0.6)).value == pytest.approx(rollback(tree).value)
    with pytest.raises(ValueError, match="probability must be <= 1"):
        reweighted(tree, 1.5)
    with pytest.raises(TypeError, match="node must be"):
        reweighted("tree", 0.5)


# --------------------------------------------------------------------------
# from_dict and the shipped file
# --------------------------------------------------------------------------

@FAST
@given(specs())
def test_from_dict_round_trips(spec):
    tree = build(spec)
    assert from_dict(to_dict(tree)) == tree


def test_shipped_yaml_structure_round_trips():
    data = read_yaml("risk/decision_facility.yml")["tree"]
    tree = load_decision_tree()
    assert from_dict(data) == tree
    assert to_dict(tree) == data
    assert load_decision_tree("risk/decision_facility.yml") == tree


def test_from_dict_defaults_a_missing_cost_to_zero():
    tree = from_dict({"decision": "D", "options": [
        {"label": "A", "node": {"outcome": "a", "value": 3}}]})
    assert tree.options[0][1] == 0 and rollback(tree).value == 3


# --------------------------------------------------------------------------
# Validation
# --------------------------------------------------------------------------

def test_probabilities_must_sum_to_one():
    with pytest.raises(ValueError, match=r"chance node 'C' must sum to 1 \(branches\), got 0.9"):
        Chance("C", ((0.5, leaf("a")), (0.4, leaf("b"))))
    with pytest.raises(ValueError, match=r"must sum to 1 \(branches\), got 1.1"):
        Chance("C", ((0.6, leaf("a")), (0.5, leaf("b"))))
    Chance("C", ((0.1, leaf("a")), (0.2, leaf("b")), (0.7, leaf("c"))))  # 0.1+0.2 is inexact


@pytest.mark.parametrize("p, error, message", [
    (1.2, ValueError, "must be <= 1, got 1.2"), (-0.2, ValueError, "must be >= 0, got -0.2"),
    (math.nan, ValueError, "must be a finite number"), ("0.5", TypeError, "must be a number")])
def test_probability_outside_0_1(p, error, message):
    with pytest.raises(error, match=rf"probability of branch 0 of 'C' \(branches\[0\]\) {message}"):
        Chance("C", ((p, leaf("a")), (0.5, leaf("b"))))


def test_empty_nodes():
    with pytest.raises(ValueError, match="chance node 'C' needs at least one branch"):
        Chance("C", ())
    with pytest.raises(ValueError, match="decision 'D' needs at least one option"):
        Decision("D", ())
    with pytest.raises(ValueError, match="needs at least one branch"):
        from_dict({"chance": "C", "branches": []})
    with pytest.raises(ValueError, match="needs at least one option"):
        from_dict({"decision": "D"})


def test_duplicate_labels_under_one_node():
    with pytest.raises(ValueError, match="branches of 'C' must have different labels; 'a' is "
                                         "used more than once"):
        Chance("C", ((0.5, leaf("a")), (0.5, leaf("a", 3))))
    with pytest.raises(ValueError, match="branches of 'D' must have different labels; 'Go'"):
        Decision("D", (("Go", 1, leaf("a")), ("Go", 2, leaf("b"))))
    # The same label in different parts of the tree is fine.
    Decision("D", (("A", 0, Chance("x", ((1.0, leaf("same")),))),
                   ("B", 0, Chance("y", ((1.0, leaf("same")),)))))


def test_non_node_children_and_malformed_pairs():
    with pytest.raises(TypeError, match=r"branches\[0\] of 'C' must be an Outcome, Chance or "
                                        r"Decision, got str"):
        Chance("C", ((1.0, "leaf"),))
    with pytest.raises(TypeError, match=r"options\[1\] of 'D' must be an Outcome, Chance or "
                                        r"Decision, got dict"):
        Decision("D", (("A", 0, leaf()), ("B", 0, {"outcome": "x"})))
    with pytest.raises(TypeError, match=r"branches\[0\] of 'C' must be \(probability, node\)"):
        Chance("C", ((1.0,),))
    with pytest.raises(TypeError, match=r"options\[0\] of 'D' must be \(label, cost, node\)"):
        Decision("D", (("A", leaf()),))
    with pytest.raises(TypeError, match="cost of option 'A' must be a number"):
        Decision("D", (("A", "10", leaf()),))
    with pytest.raises(TypeError, match="value must be a number"):
        Outcome("x", "100")
    with pytest.raises(ValueError, match="label must not be empty"):
        Outcome("  ", 1)


@pytest.mark.parametrize("data, message", [
    ({"outcome": "x", "value": 1, "vaule": 2}, r"tree has unknown key\(s\) \['vaule'\]"),
    ({"chance": "c", "branch": []}, r"unknown key\(s\) \['branch'\]"),
    ({"decision": "d", "options": [{"label": "A", "costs": 5, "node": {"outcome": "a",
                                                                         "value": 1}}]},
     r"tree.options\[0\] must have only 'label', 'cost' and 'node'"),
    ({"chance": "c", "branches": [{"p": 1, "node": {"outcome": "a", "value": 1}}]},
     r"tree.branches\[0\] must have only 'probability' and 'node'"),
    ({"decision": "d", "options": [{"label": "A", "cost": 1, "node": {"outcom": "a"}}]},
     r"tree.options\[0\] must have one of the keys"),
    ({"decision": "d", "options": [{"label": "A", "cost": 1}]},
     r"tree.options\[0\] must be a mapping, got NoneType"),
    ({"value": 3}, "tree must have one of the keys 'outcome', 'chance' or 'decision'"),
])
def test_from_dict_errors(data, message):
    with pytest.raises(ValueError, match=message):
        from_dict(data)


def test_from_dict_rejects_non_mappings():
    with pytest.raises(ValueError, match=r"data must be a mapping \(the root node of the "
                                         r"tree\), got list"):
        from_dict([{"outcome": "x", "value": 1}])


def test_from_dict_option_without_a_label():
    # A missing label must not become the option "None".
    with pytest.raises(ValueError, match="label"):
        from_dict({"decision": "D", "options": [
            {"cost": 1, "node": {"outcome": "a", "value": 1}},
            {"label": "B", "cost": 0, "node": {"outcome": "b", "value": 0}}]})


OK_LEAF = {"outcome": "a", "value": 1}


@pytest.mark.parametrize("data, where", [
    ({"decision": "D", "options": [{"label": "", "node": OK_LEAF}]}, r"tree.options\[0\].label"),
    ({"decision": "D", "options": [{"label": "  ", "node": OK_LEAF}]},
     r"tree.options\[0\].label"),
    ({"decision": "D", "options": [{"label": "A", "node": OK_LEAF},
                                   {"label": None, "node": OK_LEAF}]},
     r"tree.options\[1\].label"),
    ({"decision": "D", "options": [{"label": 7, "node": OK_LEAF}]}, r"tree.options\[0\].label"),
    ({"outcome": "", "value": 1}, "tree.outcome"),
    ({"outcome": None, "value": 1}, "tree.outcome"),
    ({"outcome": 12, "value": 1}, "tree.outcome"),
    ({"chance": " ", "branches": [{"probability": 1, "node": OK_LEAF}]}, "tree.chance"),
    ({"decision": "", "options": [{"label": "A", "node": OK_LEAF}]}, "tree.decision"),
    ({"decision": "D", "options": [{"label": "A", "node": {"outcome": "", "value": 1}}]},
     r"tree.options\[0\].outcome"),
    ({"chance": "C", "branches": [{"probability": 1, "node": {"decision": None, "options": [
        {"label": "A", "node": OK_LEAF}]}}]}, r"tree.branches\[0\].decision"),
])
def test_from_dict_rejects_missing_or_empty_labels(data, where):
    # A missing, empty or non-text label (a number is not turned into "7").
    with pytest.raises(ValueError, match=rf"{where} must be a non-empty text"):
        from_dict(data)


@pytest.mark.parametrize("data", [
    {"decision": "D", "options": [{"label": "A", "node": OK_LEAF},
                                  {"label": "A", "cost": 1, "node": {"outcome": "b",
                                                                      "value": 2}}]},
    {"chance": "C", "branches": [{"probability": 0.5, "node": OK_LEAF},
                                 {"probability": 0.5, "node": OK_LEAF}]},
])
def test_from_dict_labels_under_one_node_must_differ(data):
    with pytest.raises(ValueError, match="must have different labels"):
        from_dict(data)


@pytest.mark.parametrize("data, message", [
    ({"decision": "D", "options": [{"label": "A", "node": OK_LEAF}], "cost": 3},
     r"tree has unknown key\(s\) \['cost'\]"),
    ({"outcome": "x", "value": 1, "label": "y"}, r"unknown key\(s\) \['label'\]"),
    ({"decision": "D", "options": [{"label": "A", "node": {"outcome": "a", "value": 1,
                                                           "note": "x"}}]},
     r"tree.options\[0\] has unknown key\(s\) \['note'\]"),
    ({"chance": "C", "branches": [{"probability": 1, "node": OK_LEAF, "why": "x"}]},
     r"tree.branches\[0\] must have only 'probability' and 'node'"),
])
def test_from_dict_rejects_unknown_keys_at_any_depth(data, message):
    with pytest.raises(ValueError, match=message):
        from_dict(data)


# --------------------------------------------------------------------------
# Loading files
# --------------------------------------------------------------------------

GOOD = """\
tree:
  decision: Go?
  options:
    - label: Go
      cost: 10
      node:
        chance: Market
        branches:
          - probability: 0.5
            node: {outcome: Good, value: 40}
          - probability: 0.5
            node: {outcome: Bad, value: 0}
    - label: Stay
      node: {outcome: Nothing, value: 0}
"""


def test_load_a_tree_file(write):
    path = write("tree.yml", GOOD)
    tree = load_decision_tree(str(path))
    assert rollback(tree).value == pytest.approx(10.0)
    assert rollback(tree).choice == "Go"


@pytest.mark.parametrize("text, message", [
    ("decision: Go?\noptions: []\n", "expected a top-level key 'tree'"),
    ("- tree\n", "expected a top-level key 'tree'"),
    ("tree: [unclosed\n", "invalid YAML"),
    (GOOD.replace("probability: 0.5\n            node: {outcome: Bad",
                  "probability: 0.4\n            node: {outcome: Bad"),
     "must sum to 1 (branches), got 0.9"),
    (GOOD.replace("cost: 10", "cots: 10"), "must have only 'label', 'cost' and 'node'"),
    (GOOD.replace("value: 40", "value: lots"), "value must be a number"),
    (GOOD.replace("probability: 0.5", "probability: 1.5", 1), "must be <= 1"),
    (GOOD.replace("outcome: Bad", "outcome: Good"), "'Good' is used more than once"),
    (GOOD.replace("label: Stay", "label: Go"), "'Go' is used more than once"),
    (GOOD.replace("label: Stay", "label: ''"), "options[1].label must be a non-empty text"),
    (GOOD.replace("    - label: Stay\n", "    - cost: 0\n"),
     "options[1].label must be a non-empty text"),
    ("tree:\n  chance: C\n  branches: []\n", "needs at least one branch"),
])
def test_malformed_tree_files(write, text, message):
    path = write("tree.yml", text)
    with pytest.raises(ContentError) as err:
        load_decision_tree(str(path))
    assert err.value.file == str(path)
    assert message in str(err.value)
    assert str(err.value).startswith(str(path))


def test_missing_tree_file(tmp_path):
    with pytest.raises(ContentError, match="no such content file"):
        load_decision_tree(str(tmp_path / "none.yml"))


def test_an_edited_tree_file_is_read_again(write):
    # The risk register is re-read when its file changes; a learner's own
    # decision tree should be too, or the notebook keeps showing the old one.
    path = write("tree.yml", GOOD)
    assert rollback(load_decision_tree(str(path))).value == pytest.approx(10.0)
    write("tree.yml", GOOD.replace("value: 40", "value: 100"))
    assert rollback(load_decision_tree(str(path))).value == pytest.approx(40.0)


def test_module_exports():
    for name in decision_tree.__all__:
        assert hasattr(decision_tree, name)


# --------------------------------------------------------------------------
# Issue 11: size and depth limits, overflow, unchecked types
# --------------------------------------------------------------------------

def deep_dict(levels):
    node = {"outcome": "end", "value": 1}
    for i in range(levels):
        node = {"chance": f"c{i}", "branches": [{"probability": 1, "node": node}]}
    return node


def test_a_very_deep_dict_is_refused_without_recursion():
    from implcourse.limits import MAX_TREE_DEPTH

    # 10,000 levels: building it by recursion would raise RecursionError.
    with pytest.raises(ValueError, match=rf"tree is more than {MAX_TREE_DEPTH} levels deep"):
        from_dict(deep_dict(10_000))
    assert rollback(from_dict(deep_dict(MAX_TREE_DEPTH))).value == 1  # at the limit: fine


def test_a_very_deep_tree_of_objects_is_refused_as_it_is_built():
    from implcourse.limits import MAX_TREE_DEPTH

    node = leaf()
    for i in range(MAX_TREE_DEPTH):
        node = Chance(f"c{i}", ((1.0, node),))
    with pytest.raises(ValueError, match=rf"the tree under 'top' is {MAX_TREE_DEPTH + 1} "
                                         rf"levels deep; a tree is at most {MAX_TREE_DEPTH}"):
        Chance("top", ((1.0, node),))


def test_shared_subtrees_count_every_time_they_are_used():
    """A tree doubled at every level (as YAML aliases make it) is refused
    when its expanded size passes the limit, not after expanding it."""
    from implcourse.limits import MAX_TREE_NODES

    data = {"outcome": "x", "value": 1}
    for _ in range(40):  # 2**40 nodes once expanded
        data = {"chance": "c", "branches": [{"probability": 0.5, "node": data},
                                            {"probability": 0.5, "node": data}]}
    with pytest.raises(ValueError, match=rf"tree has more than {MAX_TREE_NODES:,} nodes"):
        from_dict(data)
    node = leaf()
    with pytest.raises(ValueError, match=rf"has \d[\d,]* nodes; a tree has at most "
                                         rf"{MAX_TREE_NODES:,}"):
        for i in range(40):
            node = Chance(f"c{i}", ((0.5, node), (0.5, Chance("copy", ((1.0, node),)))))


def test_many_options_are_checked_for_duplicates():
    options = tuple((f"o{i}", 0.0, leaf(value=i)) for i in range(5_000))
    assert rollback(Decision("D", options)).choice == "o4999"
    with pytest.raises(ValueError, match="'o17' is used more than once"):
        Decision("D", options + (("o17", 1.0, leaf()),))


def test_a_nested_alias_bomb_file_is_refused(tmp_path):
    lines = ["a0: &a0 {outcome: x, value: 1}"]
    for i in range(1, 30):
        lines.append(f"a{i}: &a{i} {{chance: c, branches: [{{probability: 0.5, node: *a{i - 1}}}, "
                     f"{{probability: 0.5, node: *a{i - 1}}}]}}")
    lines.append("tree: *a29")
    path = tmp_path / "bomb.yml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ContentError, match="bomb.yml"):
        load_decision_tree(str(path))


@pytest.mark.parametrize("tree, pattern", [
    (Chance("C", ((0.5, Outcome("a", 1e308)), (0.5, Outcome("b", -1e308)))), None),
    (Decision("D", (("go", -1e308, Outcome("a", 1e308)),)),
     "the net value of option 'go' of 'D' cannot be computed"),
    (Decision("D", (("go", 1e308, Outcome("a", -1e308)),)),
     "the net value of option 'go' of 'D' cannot be computed"),
])
def test_rollback_never_returns_a_value_that_is_not_finite(tree, pattern):
    if pattern is None:
        assert rollback(tree).value == 0.0  # the weighted sum is exact
        return
    with pytest.raises(ValueError, match=pattern):
        rollback(tree)


@pytest.mark.parametrize("call, error, pattern", [
    (lambda: Chance("C", None), TypeError, "branches of 'C' must be a tuple or list, got "
                                           "NoneType None"),
    (lambda: Chance("C", 1.0), TypeError, "branches of 'C' must be a tuple or list"),
    (lambda: Decision("D", "abc"), TypeError, "options of 'D' must be a tuple or list, got str"),
    (lambda: Decision("D", [("A", True, leaf())]), TypeError,
     "cost of option 'A' must be a number, got bool True"),
    (lambda: Outcome("x", 10 ** 400), ValueError,
     "value must be a finite number, got an integer of 401 digits"),
    (lambda: Chance("C", [(True, leaf())]), TypeError,
     r"probability of branch 0 of 'C' \(branches\[0\]\) must be a number, got bool True"),
    (lambda: rollback(None), TypeError, "node must be an Outcome, Chance or Decision, got "
                                        "NoneType None"),
    (lambda: reweighted(leaf(), "0.5"), TypeError, "probability must be a number, got str"),
    (lambda: from_dict({"chance": "c", "branches": {"a": 1}}), ValueError,
     r"tree.branches must be a list, got dict"),
    (lambda: from_dict({"outcome": "x", "value": 1}, where=3), TypeError,
     "where must be a string, got int 3"),
])
def test_every_argument_is_checked(call, error, pattern):
    with pytest.raises(error, match=pattern):
        call()


def test_lists_are_taken_as_tuples():
    tree = Decision("D", [["A", 1, leaf(value=3)], ["B", 0, leaf("L2", 1)]])
    assert tree.options == (("A", 1.0, leaf(value=3)), ("B", 0.0, leaf("L2", 1)))
    assert rollback(tree).choice == "A"
