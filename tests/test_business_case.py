"""Business cases in implcourse.business_case.

Every shipped case (whatever files ``datasets/business_cases/`` holds) is
loaded and checked against a recomputation written here from the raw YAML:
cash flows, metrics, scenarios, adjustments, sensitivity and break-even.
Then ``erp_replacement`` is checked figure by figure, and malformed case
files are checked for messages that name the file and the field.
"""

from __future__ import annotations

import dataclasses
import math
import re
from pathlib import Path

import numpy as np
import pytest

from implcourse import finance
from implcourse.business_case import (METRICS, BusinessCase, break_even, case_ids, case_label,
                                      drivers, format_metric, load_case, scenario_table,
                                      sensitivity)
from implcourse.content import ContentError, datasets_dir, read_yaml

CASES = case_ids()


def raw_case(case_id: str) -> dict:
    """The case file as plain YAML data."""
    return read_yaml(f"business_cases/{case_id}.yml")


def npv_loop(rate, flows):
    return sum(c / (1 + rate) ** t for t, c in enumerate(flows))


def yearly(raw: dict, *, costs: float = 1.0, benefits: float = 1.0, delay: int = 0,
           factors: dict | None = None) -> tuple[list[float], list[float]]:
    """(realised benefits, costs) per year, computed from the raw YAML data:
    costs summed over categories; benefits at full adoption summed, times the
    (possibly delayed) adoption share; optional overall and per-category
    multipliers, keyed like drivers ("costs:<category>")."""
    factors = factors or {}
    years = len(raw["adoption"])
    adoption = [0.0] * delay + list(raw["adoption"])[: years - delay]
    cost = [sum(row[t] * costs * factors.get(f"costs:{k}", 1.0)
                for k, row in raw["costs"].items()) for t in range(years)]
    full = [sum(row[t] * benefits * factors.get(f"benefits:{k}", 1.0)
                for k, row in raw["benefits"].items()) for t in range(years)]
    return [full[t] * adoption[t] for t in range(years)], cost


def independent_metric(raw: dict, metric: str, *, rate: float | None = None, **adjust) -> float:
    benefits, costs = yearly(raw, **adjust)
    if metric == "roi":
        return (sum(benefits) - sum(costs)) / sum(costs)
    rate = raw["discount_rate"] if rate is None else rate
    return npv_loop(rate, [b - c for b, c in zip(benefits, costs)])


def scale_of(raw: dict) -> float:
    """The size of a case's money, for relative tolerances."""
    benefits, costs = yearly(raw)
    return sum(benefits) + sum(costs)


def close(a: float, b: float, scale: float = 1.0) -> bool:
    if math.isinf(a) or math.isinf(b):
        return a == b
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    return abs(a - b) <= 1e-9 * max(scale, abs(a), abs(b), 1.0)


# --------------------------------------------------------------------------
# Every shipped case
# --------------------------------------------------------------------------

def test_there_are_cases():
    assert "erp_replacement" in CASES
    assert CASES == sorted(CASES)


@pytest.mark.parametrize("case_id", CASES)
def test_case_loads(case_id):
    case = load_case(case_id)
    raw = raw_case(case_id)
    assert isinstance(case, BusinessCase)
    assert case.id == raw["id"] == case_id  # the file is named after its id
    assert case.years == len(case.adoption) == len(raw["adoption"]) >= 2
    assert all(0 <= a <= 1 for a in case.adoption)
    assert set(case.costs) <= set(finance.TCO_CATEGORIES)
    assert set(case.scenarios) == {"best", "worst"}
    assert case.synthetic is raw["synthetic"]
    for table in (case.costs, case.benefits):
        assert all(len(row) == case.years for row in table.values())
    # The same file by path gives the same case.
    assert load_case(str(datasets_dir() / "business_cases" / f"{case_id}.yml")) == case


@pytest.mark.parametrize("case_id", CASES)
def test_cashflows_from_the_yaml(case_id):
    case, raw = load_case(case_id), raw_case(case_id)
    benefits, costs = yearly(raw)
    scale = scale_of(raw)
    assert np.allclose(case.cost_totals(), costs, rtol=1e-12, atol=1e-6)
    assert np.allclose(case.benefit_totals(), benefits, rtol=1e-12, atol=1e-6)
    assert np.array_equal(case.cashflows(), case.benefit_totals() - case.cost_totals())
    assert all(close(a, b - c, scale) for a, b, c in zip(case.cashflows(), benefits, costs))
    # Realised benefits are full benefits times adoption, row by row.
    realised, full = case.benefit_table(), case.benefit_table(realised=False)
    for category, row in raw["benefits"].items():
        assert np.allclose(full[category], row)
        assert np.allclose(realised[category], np.array(row) * np.array(raw["adoption"]))
    assert np.allclose(realised["total"], benefits)
    table = case.cost_table()
    assert list(table.columns) == [*finance.TCO_CATEGORIES, "total"]
    assert np.allclose(table["total"], costs)


@pytest.mark.parametrize("case_id", CASES)
def test_metrics_agree_with_finance(case_id):
    case = load_case(case_id)
    flows, benefits, costs = case.cashflows(), case.benefit_totals(), case.cost_totals()
    rate = case.discount_rate
    metrics = case.metrics()
    assert list(metrics) == list(METRICS)
    try:
        expected_irr = finance.irr(flows)
    except ValueError:
        expected_irr = math.nan
    expected = {
        "npv": finance.npv(rate, flows),
        "irr": expected_irr,
        "roi": finance.roi(benefits, costs),
        "payback": finance.payback_period(flows),
        "discounted_payback": finance.discounted_payback_period(rate, flows),
        "bcr": finance.benefit_cost_ratio(rate, benefits, costs),
        "total_costs": costs.sum(),
        "total_benefits": benefits.sum(),
    }
    for key, value in expected.items():
        assert close(metrics[key], value), key
    # And the NPV and ROI from the YAML alone.
    raw = raw_case(case_id)
    assert close(metrics["npv"], independent_metric(raw, "npv"), scale_of(raw))
    assert close(metrics["roi"], independent_metric(raw, "roi"))
    # Another rate changes only the discounted results.
    other = case.metrics(rate=0.0)
    assert close(other["npv"], flows.sum(), scale_of(raw))
    assert other["discounted_payback"] == other["payback"]
    assert other["roi"] == metrics["roi"] and other["payback"] == metrics["payback"]


@pytest.mark.parametrize("case_id", CASES)
def test_scenarios(case_id):
    case, raw = load_case(case_id), raw_case(case_id)
    assert case.scenario("likely") is case
    npvs = {}
    for name in ("worst", "likely", "best"):
        adjusted = case.scenario(name)
        assert adjusted.years == case.years
        if name == "likely":
            spec = {"costs": 1.0, "benefits": 1.0, "delay": 0}
        else:
            s = raw["scenarios"][name]
            spec = {"costs": s["costs"], "benefits": s["benefits"], "delay": s["adoption_delay"]}
        npvs[name] = adjusted.metrics()["npv"]
        assert close(npvs[name], independent_metric(raw, "npv", **spec), scale_of(raw)), name
    assert npvs["worst"] < npvs["likely"] < npvs["best"]
    table = scenario_table(case)
    assert list(table.columns) == ["worst", "likely", "best"]
    assert list(table.index) == list(METRICS.values())
    assert table.loc["NPV"].tolist() == [npvs["worst"], npvs["likely"], npvs["best"]]


@pytest.mark.parametrize("case_id", CASES)
def test_adjusted_multipliers_scale_exactly(case_id):
    case = load_case(case_id)
    for factor in (0.0, 0.5, 1.25, 3.0):
        more_costs = case.adjusted(costs=factor)
        assert np.allclose(more_costs.cost_totals(), factor * case.cost_totals(), rtol=1e-12)
        assert np.array_equal(more_costs.benefit_totals(), case.benefit_totals())
        more_benefits = case.adjusted(benefits=factor)
        assert np.allclose(more_benefits.benefit_totals(), factor * case.benefit_totals(),
                           rtol=1e-12)
        assert np.array_equal(more_benefits.cost_totals(), case.cost_totals())
    unchanged = case.adjusted()
    assert unchanged == case and unchanged is not case
    # One category alone.
    category = next(iter(case.costs))
    single = case.adjusted(factors={f"costs:{category}": 2.0})
    assert np.allclose(single.cost_totals() - case.cost_totals(), case.costs[category])
    benefit = next(iter(case.benefits))
    single = case.adjusted(factors={f"benefits:{benefit}": 0.0})
    assert np.allclose(case.benefit_totals() - single.benefit_totals(),
                       np.array(case.benefits[benefit]) * np.array(case.adoption))
    # A new rate changes nothing but the rate.
    rerated = case.adjusted(discount_rate=0.2)
    assert rerated.discount_rate == 0.2
    assert np.array_equal(rerated.cashflows(), case.cashflows())
    assert case.discount_rate == raw_case(case_id)["discount_rate"]  # the original is untouched


@pytest.mark.parametrize("case_id", CASES)
def test_adoption_delay_shifts_the_curve(case_id):
    case = load_case(case_id)
    for delay in range(case.years + 1):
        later = case.adjusted(adoption_delay=delay)
        assert later.years == case.years
        assert later.adoption == (0.0,) * delay + case.adoption[: case.years - delay]
        assert np.array_equal(later.cost_totals(), case.cost_totals())
    assert not case.adjusted(adoption_delay=case.years).benefit_totals().any()
    with pytest.raises(ValueError, match="adoption_delay"):
        case.adjusted(adoption_delay=case.years + 1)


@pytest.mark.parametrize("case_id", CASES)
@pytest.mark.parametrize("metric", ["npv", "roi"])
def test_sensitivity(case_id, metric):
    case, raw = load_case(case_id), raw_case(case_id)
    swing = 0.2
    table = sensitivity(case, swing=swing, metric=metric)
    labels = drivers(case)
    if metric == "roi":  # ROI does not depend on the discount rate: no bar for it
        del labels["discount_rate"]
    assert sorted(table.index) == sorted(labels)
    assert len(table) == len(labels)
    assert table["label"].to_dict() == labels
    assert list(table["range"]) == sorted(table["range"], reverse=True)
    base = case.metrics()[metric]
    assert (table["base"] == base).all()
    scale = scale_of(raw) if metric == "npv" else 1.0
    for driver, row in table.iterrows():
        if driver == "discount_rate":
            rate = case.discount_rate
            assert close(row["low_input"], rate * (1 - swing))
            assert close(row["high_input"], rate * (1 + swing))
            low = independent_metric(raw, metric, rate=rate * (1 - swing))
            high = independent_metric(raw, metric, rate=rate * (1 + swing))
        else:
            assert close(row["low_input"], 1 - swing) and close(row["high_input"], 1 + swing)
            low = independent_metric(raw, metric, factors={driver: 1 - swing})
            high = independent_metric(raw, metric, factors={driver: 1 + swing})
        assert close(row["low"], low, scale), driver
        assert close(row["high"], high, scale), driver
        assert close(row["range"], abs(high - low), scale), driver
    assert (table["swing"] == swing).all()


@pytest.mark.parametrize("case_id", CASES)
@pytest.mark.parametrize("metric", ["npv", "roi"])
def test_break_even_of_every_category(case_id, metric):
    case, raw = load_case(case_id), raw_case(case_id)
    for driver in drivers(case):
        if driver == "discount_rate":
            continue
        rate = raw["discount_rate"] if metric == "npv" else 0.0
        if independent_metric(raw, "npv", rate=rate, factors={driver: 0.0}) == \
                independent_metric(raw, "npv", rate=rate):
            # A line that is zero throughout (or never realised) cannot break even.
            with pytest.raises(ValueError, match="does not depend"):
                break_even(case, driver, metric=metric)
            continue
        multiplier = break_even(case, driver, metric=metric)
        assert math.isfinite(multiplier)
        if metric == "npv":
            value = independent_metric(raw, "npv", factors={driver: multiplier})
        else:  # ROI is zero exactly where benefits equal costs
            benefits, costs = yearly(raw, factors={driver: multiplier})
            value = sum(benefits) - sum(costs)
        assert abs(value) <= 1e-8 * scale_of(raw) * max(1.0, abs(multiplier)), driver
        # Beyond the break-even point the metric is on the other side of zero.
        sign = 1 if driver.startswith("benefits:") else -1
        above = independent_metric(raw, metric, factors={driver: multiplier + 0.5})
        assert sign * above > 0, driver


@pytest.mark.parametrize("case_id", CASES)
def test_break_even_discount_rate_is_the_irr(case_id):
    case = load_case(case_id)
    try:
        expected = finance.irr(case.cashflows())
    except ValueError:
        with pytest.raises(ValueError):
            break_even(case, "discount_rate")
        return
    rate = break_even(case, "discount_rate")
    assert rate == expected
    assert abs(npv_loop(rate, case.cashflows())) <= 1e-6 * scale_of(raw_case(case_id))
    with pytest.raises(ValueError, match="ROI does not depend on the discount rate"):
        break_even(case, "discount_rate", metric="roi")


@pytest.mark.parametrize("case_id", CASES)
def test_drivers(case_id):
    case = load_case(case_id)
    names = list(drivers(case))
    assert names == ([f"costs:{k}" for k in case.costs] + [f"benefits:{k}" for k in case.benefits]
                     + ["discount_rate"])


# --------------------------------------------------------------------------
# erp_replacement, figure by figure: a worked example by hand, pinned to the
# file's figures (update the arithmetic here if the file changes).
# --------------------------------------------------------------------------

def test_erp_replacement_figures():
    case = load_case("erp_replacement")
    assert case.years == 6 and case.currency == "EUR" and case.synthetic
    assert case.discount_rate == 0.08 and case.hurdle_rate == 0.12
    # Costs per year by hand from the file: 45,000 + 520,000 + 110,000 +
    # 25,000 + 35,000 = 735,000 in year 0; 180,000 + 220,000 + 15,000 +
    # 55,000 + 60,000 + 40,000 + 30,000 = 600,000 in year 1; then
    # 305,000, 310,000, 315,000, 320,000.
    assert case.cost_totals().tolist() == [735_000, 600_000, 305_000, 310_000, 315_000, 320_000]
    # Full benefits 0, 860,000, 875,000, 890,000, 905,000, 920,000 times
    # adoption 0, 0.35, 0.75, 0.9, 1, 1.
    assert np.allclose(case.benefit_totals(), [0, 301_000, 656_250, 801_000, 905_000, 920_000])
    assert np.allclose(case.cashflows(), [-735_000, -299_000, 351_250, 491_000, 590_000, 600_000])
    metrics = case.metrics()
    assert metrics["total_costs"] == 2_585_000
    assert math.isclose(metrics["total_benefits"], 3_583_250)
    assert math.isclose(metrics["roi"], 998_250 / 2_585_000)
    # Cumulative -735,000, -1,034,000, -682,750, -191,750, +398,250: paid
    # back in year 4, 3 + 191,750 / 590,000 = 3.325 years.
    assert math.isclose(metrics["payback"], 3.325)
    # NPV by hand-written loop over the flows above (not the package's code).
    by_hand = sum(c / 1.08 ** t for t, c in enumerate([-735_000, -299_000, 351_250, 491_000,
                                                      590_000, 600_000]))
    assert math.isclose(metrics["npv"], by_hand)
    assert metrics["irr"] > case.hurdle_rate  # the case clears its hurdle
    assert 1 < metrics["bcr"] < 1.3
    assert metrics["payback"] < metrics["discounted_payback"] < case.years - 1


def test_erp_replacement_sensitivity_and_break_even():
    case = load_case("erp_replacement")
    table = sensitivity(case)
    # Process efficiency is the biggest benefit line, so it tops the tornado.
    assert table.index[0] == "benefits:process_efficiency"
    assert len(table) == 8 + 4 + 1
    # Licences break even at about 1.5 times their likely value.
    assert 1.4 < break_even(case, "costs:licences_subscriptions") < 1.6
    later = case.adjusted(adoption_delay=1)
    assert later.adoption == (0.0, 0.0, 0.35, 0.75, 0.9, 1.0)


# --------------------------------------------------------------------------
# Errors in calls
# --------------------------------------------------------------------------

@pytest.fixture
def erp():
    return load_case("erp_replacement")


@pytest.mark.parametrize("call, error, message", [
    (lambda c: break_even(c, "costs:consultants"), ValueError, "driver must be one of"),
    (lambda c: break_even(c, "discount_rate", metric="irr"), ValueError, "metric must be one of"),
    (lambda c: break_even(c, "discount_rate", metric="roi"), ValueError, "ROI does not depend"),
    (lambda c: break_even(c, 3), TypeError, "driver"),
    (lambda c: sensitivity(c, metric="payback"), ValueError, "metric must be one of"),
    (lambda c: sensitivity(c, swing=0), ValueError, "swing must be > 0"),
    (lambda c: sensitivity(c, swing=1), ValueError, "swing"),
    (lambda c: sensitivity(c, swing=1.5), ValueError, "swing"),
    (lambda c: sensitivity(c, swing=-0.1), ValueError, "swing"),
    (lambda c: sensitivity(c, swing="0.2"), TypeError, "swing"),
    (lambda c: c.scenario("middle"), ValueError, "name must be one of"),
    (lambda c: c.adjusted(costs=-1), ValueError, "costs"),
    (lambda c: c.adjusted(benefits=math.nan), ValueError, "benefits"),
    (lambda c: c.adjusted(adoption_delay=1.5), TypeError, "adoption_delay"),
    (lambda c: c.adjusted(adoption_delay=-1), ValueError, "adoption_delay"),
    (lambda c: c.adjusted(discount_rate=-1), ValueError, "discount_rate"),
    (lambda c: c.adjusted(factors={"costs:consultants": 2}), ValueError, "factors key"),
    (lambda c: c.adjusted(factors={"discount_rate": 2}), ValueError, "factors key"),
    (lambda c: c.adjusted(factors={"costs:training": -2}), ValueError, "factors"),
    (lambda c: c.metrics(rate="8%"), TypeError, "rate"),
    (lambda c: c.metrics(rate=-1), ValueError, "rate"),
])
def test_call_errors(erp, call, error, message):
    with pytest.raises(error, match=message):
        call(erp)


@pytest.mark.parametrize("call", [
    lambda: drivers("erp_replacement"),
    lambda: sensitivity("erp_replacement"),
    lambda: sensitivity(None, swing=0.1),
    lambda: break_even("erp_replacement", "discount_rate"),
    lambda: break_even({"id": "x"}, "costs:training"),
    lambda: scenario_table("erp_replacement"),
])
def test_functions_refuse_what_is_not_a_case(call):
    with pytest.raises(TypeError, match="case must be a BusinessCase"):
        call()


@pytest.mark.parametrize("value", [None, 3, ["erp_replacement"]])
def test_load_case_needs_a_string(value):
    with pytest.raises(TypeError, match="case"):
        load_case(value)


def test_load_case_unknown_id():
    with pytest.raises(ContentError, match="no_such_case"):
        load_case("no_such_case")


# --------------------------------------------------------------------------
# Errors in case files
# --------------------------------------------------------------------------

def erp_text() -> str:
    return (datasets_dir() / "business_cases" / "erp_replacement.yml").read_text(encoding="utf-8")


def replace_once(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


def test_a_copy_of_the_shipped_file_loads(write):
    path = write("copy.yml", erp_text())
    assert load_case(str(path)) == load_case("erp_replacement")


ADOPTION = "adoption: [0.0, 0.35, 0.75, 0.9, 1.0, 1.0]"
TRAINING = "training: [35000, 60000, 10000, 10000, 10000, 10000]"
DOWNTIME = "downtime: [0, 40000, 0, 0, 0, 0]"


def _without_best(text: str) -> str:
    head, tail = text.split("  best:\n")
    return head


@pytest.mark.parametrize("edit, field", [
    # A cost category that is not a TCO category.
    (lambda t: replace_once(t, "  " + DOWNTIME, "  outage: [0, 40000, 0, 0, 0, 0]"),
     "costs.outage"),
    # A row with the wrong number of years.
    (lambda t: replace_once(t, TRAINING, "training: [35000, 60000, 10000, 10000, 10000]"),
     "costs.training"),
    (lambda t: replace_once(t, "faster_month_end_close: [0, 50000, 50000, 50000, 50000, 50000]",
                            "faster_month_end_close: [0, 50000, 50000, 50000, 50000, 50000, 1]"),
     "benefits.faster_month_end_close"),
    # Adoption above 100 %.
    (lambda t: replace_once(t, ADOPTION, "adoption: [0.0, 0.35, 1.75, 0.9, 1.0, 1.0]"),
     "adoption"),
    # A missing scenario.
    (_without_best, "scenarios"),
    # A negative amount.
    (lambda t: replace_once(t, DOWNTIME, "downtime: [0, -40000, 0, 0, 0, 0]"), "costs.downtime"),
    # An unknown top-level key.
    (lambda t: t + "\nnet_present_value: 12\n", "net_present_value"),
    # And a few more slips.
    (lambda t: replace_once(t, "hurdle_rate: 0.12\n", ""), "hurdle_rate"),
    (lambda t: replace_once(t, "currency: EUR", "currency: euro"), "currency"),
    (lambda t: replace_once(t, "discount_rate: 0.08", "discount_rate: 8"), "discount_rate"),
    (lambda t: replace_once(t, "adoption_delay: 1", "adoption_delay: -1"), "adoption_delay"),
])
def test_malformed_case_files(write, edit, field):
    path = write("bad_case.yml", edit(erp_text()))
    with pytest.raises(ContentError) as info:
        load_case(str(path))
    message = str(info.value)
    assert str(path) in message
    assert field in message, message


def test_invalid_yaml_names_the_line(write):
    path = write("broken.yml", erp_text().replace("currency: EUR", "currency: [EUR"))
    with pytest.raises(ContentError, match=re.escape(str(path))):
        load_case(str(path))


def test_edited_case_file_is_reloaded(write):
    # A learner edits their own case file and loads it again: the second
    # load must see the edit, not a cached copy of the first version.
    text = erp_text()
    path = write("my_case.yml", text)
    assert load_case(str(path)).discount_rate == 0.08
    path.write_text(replace_once(text, "discount_rate: 0.08", "discount_rate: 0.05"),
                    encoding="utf-8")
    assert load_case(str(path)).discount_rate == 0.05


def test_changing_a_loaded_case_does_not_change_the_next_load(write):
    # BusinessCase is a frozen dataclass, but its tables are dicts: whatever
    # one caller does to its case must not leak into every later load.
    path = write("shared.yml", erp_text())
    first = load_case(str(path))
    original_training = first.costs["training"]
    try:
        first.costs["training"] = (0.0,) * first.years
    except TypeError:
        pass  # read-only tables: nothing can leak
    try:
        first.scenarios.pop("worst")
    except (TypeError, AttributeError):
        pass
    again = load_case(str(path))
    assert again.costs["training"] == original_training
    assert set(again.scenarios) == {"best", "worst"}


# --------------------------------------------------------------------------
# A trainer's own file, by path; the course's case never shadowed
# --------------------------------------------------------------------------

def trainer_copy(folder, name="my_case.yml", rate="0.05"):
    """A trainer's edited copy of the ERP case (another discount rate, so a
    test can tell which file was read)."""
    path = folder / name
    path.write_text(replace_once(erp_text(), "discount_rate: 0.08", f"discount_rate: {rate}"),
                    encoding="utf-8")
    return path


def test_a_trainers_file_is_taken_by_path_in_every_form(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "sub").mkdir()
    path = trainer_copy(tmp_path / "sub")
    for given in (path, str(path), Path("sub/my_case.yml"), "./sub/my_case.yml",
                  "./sub/../sub/my_case.yml"):
        assert load_case(given).discount_rate == 0.05, given


def test_a_bare_name_is_always_the_courses_case(tmp_path, monkeypatch):
    # A file named like a course case in the working folder does not replace it.
    monkeypatch.chdir(tmp_path)
    trainer_copy(tmp_path, "erp_replacement.yml")
    assert load_case("erp_replacement").discount_rate == 0.08
    assert load_case("erp_replacement.yml").discount_rate == 0.08
    assert load_case("./erp_replacement.yml").discount_rate == 0.05
    assert load_case(Path("erp_replacement.yml")).discount_rate == 0.05


def test_an_unknown_bare_name_says_how_to_give_a_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    trainer_copy(tmp_path, "mine.yml")
    with pytest.raises(ContentError) as info:
        load_case("mine")
    message = str(info.value)
    assert "case is not the id of a course business case" in message
    assert "erp_replacement" in message and "'./mine.yml'" in message
    with pytest.raises(ContentError, match=r"give it as a path, e.g. Path\('mine.yml'\)"):
        load_case("mine.yml")


def test_case_label_tells_a_trainers_copy_from_the_course_case(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    trainer_copy(tmp_path)
    course = load_case("erp_replacement")
    assert case_label("erp_replacement") == course.name
    assert case_label("./my_case.yml") == f"{course.name} (my_case.yml)"
    with pytest.raises(TypeError, match="case"):
        case_label(None)


def test_every_problem_of_a_case_file_is_listed(write):
    text = replace_once(erp_text(), "currency: EUR", "currency: euro")
    text = replace_once(text, "discount_rate: 0.08", "discount_rate: high")
    path = write("two_slips.yml", text)
    with pytest.raises(ContentError) as info:
        load_case(path)
    fields = {problem.field for problem in info.value.problems}
    assert {"currency", "discount_rate"} <= fields
    assert "'high'" in str(info.value) or any("'high'" in str(p) for p in info.value.problems)


def test_amounts_whose_total_overflows_are_refused_on_load(write):
    text = replace_once(erp_text(), TRAINING, "training: [0, 1.0e+308, 0, 0, 0, 0]")
    path = write("huge.yml", replace_once(text, DOWNTIME, "downtime: [0, 1.0e+308, 0, 0, 0, 0]"))
    with pytest.raises(ContentError, match="costs: the amounts of year 1 add up to more"):
        load_case(path)


# --------------------------------------------------------------------------
# A case built by hand gets the checks of a case file
# --------------------------------------------------------------------------

def build(erp, **changes):
    fields = {f.name: getattr(erp, f.name) for f in dataclasses.fields(erp)}
    fields.update(changes)
    return BusinessCase(**fields)


@pytest.mark.parametrize("changes, error, message", [
    ({"name": None}, TypeError, "name must be a string, got NoneType None"),
    ({"id": ""}, ValueError, "id must not be empty"),
    ({"synthetic": "yes"}, TypeError, "synthetic must be True or False, got 'yes'"),
    ({"currency": "euro"}, ValueError, "currency must be a three-letter code"),
    ({"discount_rate": "0.08"}, TypeError, "discount_rate must be a number, got str '0.08'"),
    ({"discount_rate": True}, TypeError, "discount_rate must be a number, got bool True"),
    ({"hurdle_rate": -1.0}, ValueError, "hurdle_rate must be > -1, got -1.0"),
    ({"hurdle_rate": math.nan}, ValueError, "hurdle_rate must be a finite number"),
    ({"adoption": None}, TypeError, "adoption must be a sequence"),
    ({"adoption": (0.5,)}, ValueError, "adoption must have 2 to"),
    ({"adoption": (0.0, 1.5, 1, 1, 1, 1)}, ValueError, r"adoption\[1\] must be <= 1"),
    ({"costs": {"consultants": (1,) * 6}}, ValueError, "costs has unknown category"),
    ({"costs": {"training": (1,) * 5}}, ValueError, r"costs\['training'\] has 5 years"),
    ({"costs": {"training": ("1",) * 6}}, TypeError, r"costs\['training'\]\[0\] must be a number"),
    ({"costs": {"training": (-1,) * 6}}, ValueError, r"costs\['training'\]\[0\] must be >= 0"),
    ({"costs": {"training": (10 ** 400,) * 6}}, ValueError, "an integer of 401 digits"),
    ({"costs": []}, TypeError, "costs must be a mapping"),
    ({"benefits": {}}, ValueError, "benefits must name at least one category"),
    ({"benefits": {3: (1,) * 6}}, TypeError, "benefits categories must be non-empty strings"),
    ({"sources": "a book"}, TypeError, "sources must be a list of strings"),
    ({"assumptions": ()}, ValueError, "assumptions must list at least one item"),
    ({"scenarios": {"best": None}}, ValueError, "scenarios must be a mapping with exactly"),
])
def test_a_hand_built_case_is_validated(erp, changes, error, message):
    with pytest.raises(error, match=message):
        build(erp, **changes)


def test_a_hand_built_case_keeps_html_as_text_and_takes_scenario_mappings(erp):
    worst = {"label": "<b>Worst</b>", "costs": 1.2, "benefits": 0.8, "adoption_delay": 1}
    case = build(erp, name="<script>x</script>", scenarios={"best": erp.scenarios["best"],
                                                            "worst": worst})
    assert case.name == "<script>x</script>"
    assert case.scenarios["worst"].label == "<b>Worst</b>"
    assert case.scenario("worst").adoption[:2] == (0.0, erp.adoption[0])
    with pytest.raises(ValueError, match=r"scenarios\['worst'\].costs: expected a number"):
        build(erp, scenarios={"best": erp.scenarios["best"], "worst": {**worst, "costs": "x"}})


def test_sums_that_overflow_are_refused_not_infinite(erp):
    huge = build(erp, costs={"training": (1e308,) * 6, "support": (1e308,) * 6})
    with pytest.raises(ValueError, match="Total costs cannot be computed"):
        huge.metrics()
    with pytest.raises(ValueError, match="Total costs cannot be computed"):
        huge.cost_totals()
    with pytest.raises(ValueError, match="costs multiplier 1e\\+308"):
        erp.adjusted(costs=1e308)
    big = build(erp, benefits={"a": (1e308,) * 6, "b": (1e308,) * 6})
    with pytest.raises(ValueError, match="Total benefits cannot be computed"):
        big.benefit_table()


@pytest.mark.parametrize("call, error, message", [
    (lambda c: c.adjusted(factors=[("costs:training", 2)]), TypeError, "factors must be a mapping"),
    (lambda c: c.adjusted(factors={"costs:training": "2"}), TypeError,
     r"factors\['costs:training'\] must be a number, got str '2'"),
    (lambda c: c.adjusted(factors={1: 2}), TypeError, "factors key must be a string"),
    (lambda c: c.adjusted(costs=True), TypeError, "costs must be a number, got bool"),
    (lambda c: c.metrics(rate=True), TypeError, "rate must be a number, got bool"),
    (lambda c: c.metrics(rate=10 ** 400), ValueError, "rate must be a finite number"),
    (lambda c: c.benefit_table(realised="yes"), TypeError, "realised must be True or False"),
    (lambda c: scenario_table(c, formatted="yes"), TypeError, "formatted must be True or False"),
    (lambda c: break_even(c, None), TypeError, "driver must be a string"),
])
def test_more_call_errors(erp, call, error, message):
    with pytest.raises(error, match=message):
        call(erp)


@pytest.mark.parametrize("metric, value, currency, shown_as", [
    ("irr", math.nan, "", "none"),
    ("npv", math.nan, "EUR", "undefined"),
    ("npv", math.inf, "EUR", "undefined"),
    ("roi", -math.inf, "", "undefined"),
    ("payback", math.inf, "", "never"),
    ("payback", math.nan, "", "undefined"),
    ("npv", 10 ** 400, "EUR", "undefined"),
    ("npv", 1234.5, "EUR", "1,234 EUR"),
    ("irr", np.float64(0.125), "", "12.50%"),
])
def test_format_metric_never_fails_on_a_number(metric, value, currency, shown_as):
    assert format_metric(metric, value, currency) == shown_as


@pytest.mark.parametrize("value, currency, error, message", [
    ("12", "", TypeError, "value must be a number, got str '12'"),
    (None, "", TypeError, "value must be a number, got NoneType None"),
    (True, "", TypeError, "value must be a number, got bool True"),
    (1.0, 5, TypeError, "currency must be a string"),
])
def test_format_metric_refuses_what_is_not_a_number(value, currency, error, message):
    with pytest.raises(error, match=message):
        format_metric("npv", value, currency)
