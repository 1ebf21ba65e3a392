"""The benefits register and realisation of implcourse.metrics.benefits, and
the post-implementation review content.

Planned amounts are recomputed here from the raw business-case YAML with the
stated rule (benefit x adoption of the year, spread evenly over the quarters
of that year from the go-live quarter on)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
import yaml

from implcourse import content
from implcourse.business_case import load_case
from implcourse.metrics.benefits import (load_benefits_register, post_implementation_review,
                                         realisation)

CASE = yaml.safe_load((content.datasets_dir() / "business_cases" / "crm_rollout.yml")
                      .read_text(encoding="utf-8"))
CTX = yaml.safe_load((content.datasets_dir() / "metrics" / "crm_context.yml")
                     .read_text(encoding="utf-8"))
REG = yaml.safe_load((content.datasets_dir() / "metrics" / "benefits_register.yml")
                     .read_text(encoding="utf-8"))


def expected_planned():
    go_live_q = (CTX["go_live"].month - 1) // 3 + 1
    out = {}
    for key, amounts in CASE["benefits"].items():
        for year, (amount, share) in enumerate(zip(amounts, CASE["adoption"])):
            calendar = CTX["first_year"] + year
            quarters = [q for q in range(1, 5) if calendar > CTX["go_live"].year or q >= go_live_q]
            for q in quarters:
                out[(key, f"{calendar}Q{q}")] = amount * share / len(quarters)
    return out


def test_planned_is_computed_from_the_business_case():
    reg = load_benefits_register()
    expected = expected_planned()
    got = {(r.benefit, str(r.quarter)): r.planned for r in reg.itertuples()}
    assert got.keys() == expected.keys()
    for key, value in expected.items():
        assert got[key] == pytest.approx(value), key
    # Each year's planned total equals the business case's realised benefit.
    case = load_case("crm_rollout")
    by_year = reg.groupby("year")["planned"].sum()
    assert by_year.to_numpy() == pytest.approx(case.benefit_totals())


def test_register_links_owner_measure_and_business_case_line():
    reg = load_benefits_register()
    assert set(reg["benefit"]) == set(CASE["benefits"])
    assert (reg["line"] == "benefits." + reg["benefit"]).all()
    owners = {b["id"]: b["owner"] for b in REG["benefits"]}
    for row in reg.drop_duplicates("benefit").itertuples():
        assert row.owner == owners[row.benefit]
    assert reg.attrs["currency"] == "GBP"
    # A caller cannot damage the cached register.
    reg.loc[:, "planned"] = 0
    assert load_benefits_register()["planned"].sum() > 0


def test_realisation_against_independent_sums():
    table = realisation(load_benefits_register(), "2026-Q2").set_index("benefit")
    planned = expected_planned()
    for b in REG["benefits"]:
        measured = sum(v for q, v in b["measured"].items() if q <= "2026-Q2")
        plan = sum(v for (k, q), v in planned.items() if k == b["id"] and q <= "2026Q2")
        row = table.loc[b["id"]]
        assert row.measured_to_date == pytest.approx(measured)
        assert row.planned_to_date == pytest.approx(plan)
        assert row.percent == pytest.approx(100 * measured / plan)
        assert row.owner == b["owner"]
    assert table.loc["total", "planned_to_date"] == pytest.approx(
        table.drop("total")["planned_to_date"].sum())


def test_the_story_has_benefits_on_track_one_lagging_and_one_ahead():
    table = realisation(load_benefits_register())
    positions = table[table.benefit != "total"]["position"].value_counts().to_dict()
    assert positions == {"on track": 2, "behind plan": 1, "ahead of plan": 1}
    assert table["quarter"].iloc[0] == "2026-Q2"


def test_realisation_errors():
    reg = load_benefits_register()
    with pytest.raises(ValueError, match=r"quarter must be a quarter such as '2026-Q2' \(you entered 'Q2'\)"):
        realisation(reg, "Q2")
    with pytest.raises(ValueError, match=r"Quarter 2024-Q1 is before the first planned quarter \(2025-Q4\)"):
        realisation(reg, "2024-Q1")
    with pytest.raises(ValueError, match=r"no measured value for 2026-Q3"):
        realisation(reg, "2027-Q1")
    with pytest.raises(TypeError, match="register must be the DataFrame"):
        realisation([1, 2])
    with pytest.raises(ValueError, match=r"register lacks the column\(s\) measured"):
        realisation(reg.drop(columns="measured"))
    empty = reg.assign(measured=float("nan"))
    with pytest.raises(ValueError, match="Nothing has been measured yet"):
        realisation(empty)


def test_post_implementation_review_content():
    pir = post_implementation_review()
    events = {t.event: t.when for t in pir.timing}
    # The PIR comes after hypercare ends, and benefits reviews after the PIR.
    assert events["Hypercare ends"] < events["Post-implementation review"] < events["Benefits reviews"]
    assert events["Post-implementation review"] > CTX["status_date"]
    milestones = pd.read_csv(content.datasets_dir() / "metrics" / "milestones.csv")
    planned = dict(zip(milestones["milestone"], milestones["planned"]))
    assert planned["Post-implementation review"] == events["Post-implementation review"].isoformat()
    assert any("Executive" in s.role for s in pir.sign_off)
    topics = {m.topic for m in pir.measures}
    assert {"Service", "People", "Benefits", "Lessons"} <= topics
    refs = " ".join(pir.references)
    for source in ("PRINCE2", "ITIL 4", "Gate 5", "Green Book"):
        assert source in refs
    assert isinstance(events["Hypercare ends"], dt.date)


# -- bad input found by probing (regressions) --------------------------------------------

def _changed(**columns):
    register = load_benefits_register()
    for name, values in columns.items():
        register[name] = values
    return register


@pytest.mark.parametrize("register, error, pattern", [
    (lambda r: r.iloc[0:0], ValueError, r"register has no rows"),
    (lambda r: r.assign(quarter=r["quarter"].astype(str)), ValueError,
     r"quarter in register row 1 must be a quarter such as '2026-Q2' \(you entered '2025Q4'\)"),
    (lambda r: r.assign(quarter=[pd.NaT] + list(r["quarter"][1:])), ValueError,
     r"register row 1 has no quarter \(you entered NaT\)"),
    (lambda r: r.assign(planned=float("nan")), ValueError,
     r"The planned amount in register row 1 \(sales_productivity, 2025-Q4\) must be a finite "
     r"amount of 0 or more \(you entered nan\)"),
    (lambda r: r.assign(planned="abc"), TypeError,
     r"The planned amount in register row 1 .* must be a number \(you entered 'abc'\)"),
    (lambda r: r.assign(measured=-r["measured"]), ValueError,
     r"The measured amount in register row 1 .* must be a finite amount of 0 or more "
     r"\(you entered -24000.0\)"),
    (lambda r: r.assign(measured=True), TypeError,
     r"The measured amount in register row 1 .* must be a number \(you entered True\)"),
    (lambda r: r.assign(measured=r["measured"].where(r["measured"].isna(), float("inf"))),
     ValueError, r"The measured amount in register row 1 .* \(you entered inf\)"),
    (lambda r: pd.concat([r, r.iloc[[0]]]), ValueError,
     r"register has benefit 'sales_productivity' twice for 2025-Q4 \(rows 1 and 69\)"),
    (lambda r: r.assign(planned=0.0), ValueError,
     r"Benefit 'sales_productivity' has nothing planned up to 2026-Q1, so its realisation"),
])
def test_realisation_checks_the_register(register, error, pattern):
    bad = register(load_benefits_register())
    with pytest.raises(error, match=pattern) as err:
        realisation(bad, "2026-Q1")
    assert type(err.value) is error


def test_realisation_does_not_depend_on_the_row_order():
    register = load_benefits_register()
    shuffled = register.sample(frac=1, random_state=1)
    ordered = realisation(register, "2026-Q1").set_index("benefit").sort_index()
    assert realisation(shuffled, "2026-Q1").set_index("benefit").sort_index().equals(ordered)
