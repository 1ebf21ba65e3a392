"""The RACI matrix and its checker (implcourse.stakeholders.raci).

Published example: the RACI chart of the PMBOK Guide (PMI), 6th ed. (2017),
9.1.2.2, Figure 9-4 (Figure 9-5 in the 5th ed., p. 262): five people (Ann,
Ben, Carlos, Dina, Ed) and four activities, each activity with exactly one A.
The checker must accept it as it is, and find exactly the rows we break.
"""

from __future__ import annotations

import pandas as pd
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from implcourse import content, lifecycle, schedule
from implcourse.stakeholders.raci import (RULES, RaciCheck, broken_raci, broken_raci_faults,
                                          check_raci, erp_raci, raci_roles)

PEOPLE = ["Ann", "Ben", "Carlos", "Dina", "Ed"]
PMBOK_FIGURE_9_4 = {
    "Create charter": dict(zip(PEOPLE, "ARIII")),
    "Collect requirements": dict(zip(PEOPLE, "IARCC")),
    "Submit change request": dict(zip(PEOPLE, "IARRC")),
    "Develop test plan": dict(zip(PEOPLE, "ACIIR")),
}
RAW = yaml.safe_load((content.datasets_dir() / "stakeholders" / "raci.yml")
                     .read_text(encoding="utf-8"))
BROKEN = yaml.safe_load((content.datasets_dir() / "stakeholders" / "raci_broken.yml")
                        .read_text(encoding="utf-8"))


def test_pmbok_figure_9_4_passes():
    result = check_raci(PMBOK_FIGURE_9_4, roles=PEOPLE)
    assert isinstance(result, RaciCheck)
    assert result.ok and result.violations == [] and result.warnings == []
    assert result.table["A"].tolist() == [1, 1, 1, 1]
    assert result.table["R"].tolist() == [1, 1, 2, 1]


def test_pmbok_figure_9_4_as_dataframe():
    frame = pd.DataFrame.from_dict(PMBOK_FIGURE_9_4, orient="index")
    assert check_raci(frame, roles=PEOPLE).ok


def test_two_accountable_explained_naming_row_and_roles():
    matrix = {**PMBOK_FIGURE_9_4, "Develop test plan": dict(zip(PEOPLE, "ACIAR"))}
    result = check_raci(matrix, roles=PEOPLE)
    assert not result.ok
    [v] = result.violations
    assert (v.row, v.rule, v.roles) == ("Develop test plan", "one_accountable", ("Ann", "Dina"))
    assert "Develop test plan" in v.message and "Ann and Dina" in v.message
    assert "exactly one A" in v.message


def test_no_responsible_and_no_accountable():
    result = check_raci({"Go-live": {"Ann": "C", "Ben": "I"}}, roles=PEOPLE)
    assert [v.rule for v in result.violations] == ["one_accountable", "responsible"]
    assert "no Accountable" in result.violations[0].message
    assert "no Responsible" in result.violations[1].message
    assert result.table.loc["Go-live", "problems"]
    assert not result.table.loc["Go-live", "ok"]


def test_a_slash_r_counts_as_both():
    for cell in ("A/R", "AR", "r/a", " R A "):
        result = check_raci({"Test plan": {"Ann": cell, "Ben": "I"}}, roles=PEOPLE)
        assert result.ok, cell
        assert result.matrix.loc["Test plan", "Ann"] == "A/R"


def test_warnings_idle_role_and_many_consulted():
    matrix = {"Design": {"Ann": "A", "Ben": "R", "Carlos": "C", "Dina": "C", "Ed": "C"}}
    result = check_raci(matrix, roles=PEOPLE, max_consulted=2)
    assert result.ok  # warnings are advice, not violations
    rules = [w.rule for w in result.warnings]
    assert rules.count("many_consulted") == 1
    assert {w.roles for w in result.warnings if w.rule == "idle_role"} == \
        {("Carlos",), ("Dina",), ("Ed",)}


def test_unknown_role_refused_naming_row_and_known_roles():
    with pytest.raises(ValueError) as err:
        check_raci({"Data migration": {"CFO": "A"}})
    assert str(err.value) == ("Role 'CFO' in row 'Data migration' is not in the RACI's roles; "
                              "known: " + ", ".join(raci_roles()))


def test_unknown_letter_and_mixed_cells_refused():
    with pytest.raises(ValueError, match=r"^Letter 'X' in row 'Design', role 'Ann' is not R, "
                                         r"A, C or I \(you entered 'X'\)$"):
        check_raci({"Design": {"Ann": "X"}}, roles=PEOPLE)
    with pytest.raises(ValueError, match="must hold one letter, or A/R"):
        check_raci({"Design": {"Ann": "RC"}}, roles=PEOPLE)
    with pytest.raises(TypeError, match="must be one of R, A, C, I, A/R or empty"):
        check_raci({"Design": {"Ann": 1}}, roles=PEOPLE)


def test_bad_matrix_shapes_refused():
    with pytest.raises(TypeError, match="must be a DataFrame or a dict"):
        check_raci([["A", "R"]])
    with pytest.raises(ValueError, match="empty"):
        check_raci({})
    with pytest.raises(ValueError, match="empty"):
        check_raci(pd.DataFrame())
    with pytest.raises(TypeError, match="Row 'Design' must map roles to letters"):
        check_raci({"Design": "A"}, roles=PEOPLE)
    with pytest.raises(ValueError, match="names the role 'Ann' twice"):
        check_raci({"Design": {"Ann": "A", "ann": "R"}}, roles=PEOPLE)
    with pytest.raises(TypeError, match="max_consulted must be an integer"):
        check_raci(PMBOK_FIGURE_9_4, roles=PEOPLE, max_consulted=2.5)


def test_roles_by_id_or_name():
    assert check_raci({"Plan": {"sponsor": "A", "Implementation manager": "R"}}).ok


def test_erp_raci_matches_file_and_passes():
    raci = erp_raci()
    names = {r.id: r.name for r in lifecycle.load_roles()}
    assert list(raci.columns) == [names[r] for r in RAW["roles"]]
    assert list(raci.index) == [row["deliverable"] for row in RAW["rows"]]
    tasks = {t.id for t in schedule.load_plan().tasks}
    for row in RAW["rows"]:
        assert row["task"] in tasks
        for role in RAW["roles"]:
            assert raci.loc[row["deliverable"], names[role]] == row["cells"].get(role, "")
    result = check_raci(raci)
    assert result.ok, result.messages
    # independent count: exactly one A and at least one R in every row of the file
    for row in RAW["rows"]:
        letters = list(row["cells"].values())
        assert sum("A" in c for c in letters) == 1 and any("R" in c for c in letters)


def test_broken_raci_finds_exactly_the_planted_faults():
    result = check_raci(broken_raci())
    faults = broken_raci_faults()
    assert not result.ok
    assert set(result.broken_rows()) == set(faults.index)
    for v in result.violations:
        assert v.rule == faults.loc[v.row, "rule"]
    deliverable = {row["id"]: row["deliverable"] for row in BROKEN["rows"]}
    assert set(faults.index) == {deliverable[f["row"]] for f in BROKEN["faults"]}


def test_broken_differs_from_erp_only_in_faulty_rows():
    good, bad = erp_raci(), broken_raci()
    changed = {row for row in good.index if not good.loc[row].equals(bad.loc[row])}
    assert changed == set(broken_raci_faults().index)


cells = st.sampled_from(["", "C", "I"])


@settings(max_examples=120, deadline=None)
@given(st.data())
def test_checker_finds_exactly_the_rows_broken(data):
    """Start from a valid matrix, break a random set of rows in random ways, and the
    checker must report exactly those rows, with the right rules."""
    n_rows = data.draw(st.integers(1, 8))
    rows = [f"Deliverable {i}" for i in range(n_rows)]
    matrix, expected = {}, {}
    for row in rows:
        base = {p: data.draw(cells) for p in PEOPLE}
        a, r = data.draw(st.permutations(PEOPLE))[:2]
        base[a], base[r] = "A", "R"
        fault = data.draw(st.sampled_from([None, "no_a", "two_a", "no_r"]))
        if fault == "no_a":
            base[a] = "C"
            expected[row] = {"one_accountable"}
        elif fault == "two_a":
            base[data.draw(st.sampled_from([p for p in PEOPLE if p not in (a, r)]))] = "A"
            expected[row] = {"one_accountable"}
        elif fault == "no_r":
            base[r] = "I"
            expected[row] = {"responsible"}
        matrix[row] = base
    result = check_raci(matrix, roles=PEOPLE)
    assert set(result.broken_rows()) == set(expected)
    for row, rules in expected.items():
        assert {v.rule for v in result.violations if v.row == row} == rules
    assert result.ok == (not expected)
    assert {v.rule for v in result.violations} <= set(RULES)


def test_loaded_frames_are_fresh_copies():
    one = erp_raci()
    one.iloc[0, 0] = "I"
    assert erp_raci().iloc[0, 0] == "A"


def test_bad_raci_file_named(tmp_path):
    # A new file each time: the loader caches by path and modification time.
    own = tmp_path / "raci_roles.yml"
    data = {"roles": ["sponsor", "cfo"], "rows": RAW["rows"][:1]}
    own.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(content.ContentError, match=r"roles\[1\]"):
        erp_raci(own)
    data = {"roles": RAW["roles"],
            "rows": [dict(RAW["rows"][0], cells={"sponsor": "Z"})]}
    own = tmp_path / "raci_letter.yml"
    own.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(content.ContentError, match="Letter 'Z'"):
        erp_raci(own)


# --------------------------------------------------------------------------
# Regression: bad inputs found by a battery of probes
# --------------------------------------------------------------------------

def test_duplicate_rows_or_role_columns_are_named_not_a_pandas_error():
    rows = pd.DataFrame({"Sponsor": ["A", "R"]}, index=["Design", "Design"])
    with pytest.raises(ValueError, match="Row 'Design' appears twice in the RACI matrix"):
        check_raci(rows)
    cols = pd.DataFrame([["A", "R"]], columns=["Sponsor", "Sponsor"], index=["Design"])
    with pytest.raises(ValueError, match="Role 'Sponsor' appears twice in the RACI matrix"):
        check_raci(cols)


def test_roles_given_as_a_dict_are_refused():
    with pytest.raises(TypeError, match="roles must be a list of role names, got dict"):
        check_raci({"Design": {"Sponsor": "A/R"}}, roles={"Sponsor": 1})


@pytest.mark.parametrize("names, kind, text", [
    (None, TypeError, r"Role names must be a list of names \(you entered None\)"),
    ("Sponsor", TypeError, r"Role names must be a list of names \(you entered 'Sponsor'\)"),
    ([""], TypeError, r"Role name 1 must be a non-empty text \(you entered ''\)"),
    ([1, 2], TypeError, r"Role name 1 must be a non-empty text \(you entered 1\)"),
    (["ab", "ab"], ValueError, r"Role name 'ab' is listed twice"),
    (["Sponsor", "Sponsor"], ValueError, r"Role name 'Sponsor' is listed twice"),
])
def test_short_labels_refuse_bad_names_instead_of_hanging(names, kind, text):
    from implcourse.stakeholders.raci import short_labels
    with pytest.raises(kind, match=text):
        short_labels(names)


def test_short_labels_stay_unique_when_a_whole_name_is_taken():
    from implcourse.stakeholders.raci import short_labels
    labels = short_labels(["Ab", "AB", "ab"])            # used to loop for ever
    assert labels == {"Ab": "Ab", "AB": "Ab2", "ab": "Ab3"}
    assert short_labels(["Key users", "Key uses"]) == {"Key users": "KU", "Key uses": "Key"}
