"""The formula sheet (datasets/formulas.yml, implcourse/formulas.py).

Every worked line is recomputed here independently of the package: by hand
from the formula as the lesson states it, or with numpy-financial. A formula
added to the sheet without an independent check here fails
``test_every_formula_has_an_independent_check``.
"""

from __future__ import annotations

import math

import numpy as np
import numpy_financial as npf
import pytest

from implcourse import formulas as F
from implcourse import question_templates
from implcourse.content import read_yaml


def _args(fid):
    return F.get_formula(fid).example.args


def _plan_pass(plan):
    """Forward and backward pass by hand (zero-based, finish-to-start)."""
    d = {t["id"]: t["duration"] for t in plan}
    pred = {t["id"]: t.get("depends_on", []) for t in plan}
    succ = {i: [j for j in d if i in pred[j]] for i in d}
    es, ef = {}, {}
    for t in plan:  # the plan lists predecessors first
        es[t["id"]] = max((ef[p] for p in pred[t["id"]]), default=0)
        ef[t["id"]] = es[t["id"]] + d[t["id"]]
    duration = max(ef.values())
    lf, ls = {}, {}
    for t in reversed(plan):
        i = t["id"]
        lf[i] = min((ls[s] for s in succ[i]), default=duration)
        ls[i] = lf[i] - d[i]
    ff = {i: min((es[s] for s in succ[i]), default=duration) - ef[i] for i in d}
    return duration, es, ls, ff


def _evm(fid):
    a = _args(fid)
    return a["bac"], a["pv"], a["ev"], a["ac"]


def _cpi(fid):
    bac, pv, ev, ac = _evm(fid)
    return ev / ac


def _spi(fid):
    bac, pv, ev, ac = _evm(fid)
    return ev / pv


def _es(a):
    pv, ev = [0] + list(a["pv"]), a["ev"]
    c = max(i for i, v in enumerate(pv) if v <= ev)
    return c + (ev - pv[c]) / (pv[c + 1] - pv[c])


def _payback(flows):
    cum = np.cumsum(flows)
    t = int(np.argmax(cum >= 0))
    return (t - 1) + (-cum[t - 1]) / flows[t]


def _tree(node):
    if "outcome" in node:
        return node["value"]
    if "chance" in node:
        return sum(b["probability"] * _tree(b["node"]) for b in node["branches"])
    return max(_tree(o["node"]) - o["cost"] for o in node["options"])


def _strategy(a):
    from implcourse.rollout import strategy as st

    factors = a["factors"]
    weights = st.default_weights()
    table = st.directions()  # the model's published directions, factor x strategy
    labels = {f.id: f.name for f in st.load_factors()}
    column = [c for c in table.columns if c.lower().startswith("phased")][0]
    total = 0.0
    for fid, v in factors.items():
        if fid == "users":
            x = min(1.0, max(0.0, (math.log10(v) - 1) / 4))
        else:
            x = (v - 1) / 4
        fit = 0.5 + table.loc[labels[fid], column] * (x - 0.5)
        total += 100 * weights[fid] * fit
    return total / sum(weights.values())


def _downtime(a):
    return (1 - a["target_percent"] / 100) * 30 * 24 * 60


def _availability(a):
    import pandas as pd

    start, end = pd.Timestamp(a["window_start"]), pd.Timestamp(a["window_end"])
    down = sum((min(pd.Timestamp(e), end) - max(pd.Timestamp(s), start)).total_seconds() / 60
               for s, e in a["outages"])
    window = (end - start).total_seconds() / 60
    return (window - down) / window * 100


def _mttr(a):
    import pandas as pd

    done = [(pd.Timestamp(e) - pd.Timestamp(s)).total_seconds() / 3600
            for s, e in a["incidents"] if e is not None]
    return sum(done) / len(done)


def _nps(scores):
    n = len(scores)
    return 100 * (sum(s >= 9 for s in scores) - sum(s <= 6 for s in scores)) / n


def _weighted(a):
    w = a["weights"]
    r = a["ratings"]["Partner A"]
    return sum(w[k] / sum(w.values()) * r[k] for k in w)


def _fpif(a):
    fee = a["target_fee"] + (a["target_cost"] - a["actual_cost"]) * (1 - a["buyer_share"])
    return min(a["actual_cost"] + fee, a["ceiling_price"])


def _cpif(a):
    fee = a["target_fee"] + (a["target_cost"] - a["actual_cost"]) * (1 - a["buyer_share"])
    return a["actual_cost"] + fee


def _credit(a):
    # The lesson's sample SLA: (target, ((below, credit %), ...)); the credit is that
    # of the lowest band the measured availability is below.
    from implcourse.partners.contracts import service_credit_table

    _target, bands = service_credit_table()
    below = [pct for limit, pct in bands if a["measured_availability"] < limit]
    return a["monthly_fee"] * (max(below) if below else 0) / 100


#: formula id -> the worked result, computed independently of the package.
INDEPENDENT = {
    "cpm_forward": lambda: _plan_pass(_args("cpm_forward")["plan"])[0],
    "cpm_backward": lambda: _plan_pass(_args("cpm_backward")["plan"])[2]["c"],
    "total_float": lambda: (lambda p: p[2]["c"] - p[1]["c"])(_plan_pass(_args("total_float")["plan"])),
    "free_float": lambda: _plan_pass(_args("free_float")["plan"])[3]["f"],
    "littles_law": lambda: _args("littles_law")["wip"] / _args("littles_law")["throughput"],
    "release_sprints": lambda: math.ceil(_args("release_sprints")["backlog"]
                                         / _args("release_sprints")["velocity_low"]),
    "release_fixed_date": lambda: (_args("release_fixed_date")["sprints"]
                                   * _args("release_fixed_date")["velocity_low"]),
    "strategy_score": lambda: _strategy(_args("strategy_score")),
    "risk_score": lambda: _args("risk_score")["probability"] * _args("risk_score")["impact"],
    "emv": lambda: _args("emv")["probability"] * _args("emv")["impact"],
    "contingency_emv": lambda: sum(p * i for p, i in zip(_args("contingency_emv")["probability"],
                                                         _args("contingency_emv")["impact"])),
    "decision_tree": lambda: _tree(_args("decision_tree")["node"]),
    "pert_mean": lambda: (lambda a: (a["optimistic"] + 4 * a["most_likely"] + a["pessimistic"])
                          / 6)(_args("pert_mean")),
    "pert_sd": lambda: (lambda a: (a["pessimistic"] - a["optimistic"]) / 6)(_args("pert_sd")),
    "triangular_mean": lambda: sum(_args("triangular_mean").values()) / 3,
    "path_variance": lambda: sum(_args("path_variance")["variances"]),
    "roi": lambda: (lambda a: (a["benefits"] - a["costs"]) / a["costs"])(_args("roi")),
    "discount_factor": lambda: 1 / (1 + _args("discount_factor")["rate"]) ** 3,
    "npv": lambda: npf.npv(_args("npv")["rate"], _args("npv")["cashflows"]),
    "irr": lambda: npf.irr(_args("irr")["cashflows"]),
    "payback": lambda: _payback(_args("payback")["cashflows"]),
    "discounted_payback": lambda: (lambda a: _payback(
        [c / (1 + a["rate"]) ** t for t, c in enumerate(a["cashflows"])]))(_args("discounted_payback")),
    "bcr": lambda: (lambda a: npf.npv(a["rate"], a["benefits"]) / npf.npv(a["rate"], a["costs"]))(
        _args("bcr")),
    "tco": lambda: sum(sum(v) for v in _args("tco")["costs"].values()),
    "availability": lambda: _availability(_args("availability")),
    "allowed_downtime": lambda: _downtime(_args("allowed_downtime")),
    "defect_density": lambda: _args("defect_density")["defects"] / _args("defect_density")["size"],
    "mttr": lambda: _mttr(_args("mttr")),
    "adoption": lambda: 100 * _args("adoption")["active"] / _args("adoption")["intended"],
    "csat": lambda: 100 * sum(s >= 4 for s in _args("csat")["scores"]) / len(_args("csat")["scores"]),
    "nps": lambda: _nps(_args("nps")["scores"]),
    "on_time_delivery": lambda: 100 * _args("on_time_delivery")["met"]
    / _args("on_time_delivery")["planned"],
    "budget_variance": lambda: (lambda a: 100 * (a["actual"] - a["budget"]) / a["budget"])(
        _args("budget_variance")),
    "cv": lambda: (lambda b, p, e, a: e - a)(*_evm("cv")),
    "sv": lambda: (lambda b, p, e, a: e - p)(*_evm("sv")),
    "cpi": lambda: _cpi("cpi"),
    "spi": lambda: _spi("spi"),
    "eac_typical": lambda: _evm("eac_typical")[0] / _cpi("eac_typical"),
    "eac_atypical": lambda: (lambda b, p, e, a: a + (b - e))(*_evm("eac_atypical")),
    "eac_cpi_spi": lambda: (lambda b, p, e, a: a + (b - e) / (_cpi("eac_cpi_spi") * _spi("eac_cpi_spi")))(
        *_evm("eac_cpi_spi")),
    "etc": lambda: (lambda b, p, e, a: b / (e / a) - a)(*_evm("etc")),
    "vac": lambda: (lambda b, p, e, a: b - b / (e / a))(*_evm("vac")),
    "tcpi_bac": lambda: (lambda b, p, e, a: (b - e) / (b - a))(*_evm("tcpi_bac")),
    "tcpi_eac": lambda: (lambda b, p, e, a: (b - e) / (4600 - a))(*_evm("tcpi_eac")),
    "earned_schedule": lambda: _es(_args("earned_schedule")),
    "spi_t": lambda: _es(_args("spi_t")) / _args("spi_t")["at"],
    "ieac_t": lambda: len(_args("ieac_t")["pv"]) / (_es(_args("ieac_t")) / _args("ieac_t")["at"]),
    "channels": lambda: (lambda n: n * (n - 1) / 2)(_args("channels")["n"]),
    "weighted_score": lambda: _weighted(_args("weighted_score")),
    "fpif": lambda: _fpif(_args("fpif")),
    "pta": lambda: (lambda a: (a["ceiling_price"] - a["target_price"]) / a["buyer_share"]
                    + a["target_cost"])(_args("pta")),
    "cpif": lambda: _cpif(_args("cpif")),
    "cpff": lambda: _args("cpff")["actual_cost"] + _args("cpff")["fee"],
    "cpaf": lambda: (lambda a: a["actual_cost"] + a["base_fee"] + a["award_pool"]
                     * a["award_percent"])(_args("cpaf")),
    "fp_epa": lambda: (lambda a: a["base_price"] * ((1 - a["adjusted_share"]) + a["adjusted_share"]
                                                     * a["index_now"] / a["index_at_award"]))(
        _args("fp_epa")),
    "time_and_materials": lambda: (lambda a: sum(a["hours"][r] * a["rates"][r] for r in a["hours"])
                                   + a["materials"])(_args("time_and_materials")),
    "service_credit": lambda: _credit(_args("service_credit")),
}


def test_every_formula_has_an_independent_check():
    assert set(F.formula_ids()) == set(INDEPENDENT)


@pytest.mark.parametrize("fid", sorted(INDEPENDENT))
def test_worked_value_is_recomputed_independently(fid):
    expected = float(INDEPENDENT[fid]())
    assert F.worked_value(fid) == pytest.approx(expected, rel=1e-9, abs=1e-9)


@pytest.mark.parametrize("fid", sorted(INDEPENDENT))
def test_worked_line_prints_the_value_it_computed(fid):
    formula = F.get_formula(fid)
    ex = formula.example
    value = float(INDEPENDENT[fid]()) * ex.scale
    printed = f"{abs(value):,.{ex.decimals}f}"
    line = F.worked_line(fid)
    assert line.endswith(printed + (f" {ex.unit}" if ex.unit and ex.unit != "k" else ex.unit))
    assert ("−" in line.split("=")[-1]) == (round(value, ex.decimals) < 0)


def test_every_function_named_exists_and_is_the_packages():
    for f in F.load_formulas():
        func = F._function(f)
        assert callable(func), f.id
        assert func.__module__.startswith("implcourse."), (f.id, func.__module__)


def test_every_numeric_template_of_the_bank_uses_a_formula_on_the_sheet():
    bank = read_yaml("questions/templates.yml")["questions"]
    used = {q["template"] for q in bank if "template" in q}
    assert used, "the bank names no template"
    assert used <= F.covered_templates(), used - F.covered_templates()
    assert F.covered_templates() <= set(question_templates.TEMPLATES)
    assert set(question_templates.TEMPLATES) <= F.covered_templates()


def test_the_sheet_covers_every_content_lesson():
    lessons = {f.lesson for f in F.load_formulas()}
    assert {"01", "02", "03", "04", "05", "06", "07", "08"} <= lessons


def test_each_formula_is_complete():
    for f in F.load_formulas():
        assert f.symbols and all(s and m for s, m, _ in f.symbols), f.id
        assert f.source.strip(), f.id


def test_sheet_groups_by_lesson_and_escapes():
    body = F.sheet_body()
    assert body.count('class="formula keep"') == len(F.formula_ids())
    assert body.index("Net present value") < body.index("Cost performance index")
    assert "<script" not in body and "http" not in body


def test_a_malformed_entry_is_refused_with_its_field():
    from pydantic import ValidationError

    good = F.get_formula("roi").model_dump()
    with pytest.raises(ValidationError, match="lesson"):
        F.Formula(**{**good, "lesson": "5"})
    with pytest.raises(ValidationError, match="colour"):
        F.Formula(**{**good, "colour": "red"})
    with pytest.raises(ValidationError, match="symbols"):
        F.Formula(**{**good, "symbols": [["r", "rate"]]})


def test_bad_input_names_the_parameter():
    with pytest.raises(TypeError, match="formula_id"):
        F.get_formula(3)
    with pytest.raises(ValueError, match="lessons"):
        F.sheet_body(["99"])
    with pytest.raises(TypeError, match="lessons"):
        F.sheet_body("05")
    with pytest.raises(ValueError, match="lessons"):
        F.sheet_body([])


def test_the_sheet_states_the_review_points_of_the_trainer():
    by_id = {f.id: f for f in F.load_formulas()}
    # payback: the unrecovered amount is divided by C_T, not the other way round
    assert "(T − 1) + (amount unrecovered at the end of year T − 1) ÷ C_T" in \
        by_id["payback"].formula
    # NPV: a spreadsheet's NPV() discounts its first value
    assert "C_0 + NPV(r, C_1 … C_n)" in by_id["npv"].formula
    # a bottom-up ETC is an estimate the package does not compute: named in the ETC line
    assert "EAC = AC + bottom-up ETC" in by_id["etc"].formula
    # PERT's standard deviation is not in PMBOK 6 6.4.2.4: the PERT paper is cited
    assert "Malcolm" in by_id["pert_sd"].source and "1959" in by_id["pert_sd"].source
    assert not by_id["pert_sd"].source.startswith("PMBOK")
    # earned value: later editions and the practice standard beside the 6th edition
    for fid, item in by_id.items():
        if "Table 7-1" in item.source:
            for cited in ("7th ed.", "8th ed.", "Practice Standard for Earned Value"):
                assert cited in item.source, (fid, cited)
    sheet = F.formula_sheet(["05"])
    assert "C_0 + NPV(r, C_1 … C_n)" in sheet
