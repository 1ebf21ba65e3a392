"""Business cases as data: costs, benefits, adoption, scenarios and sensitivity.

A business case lives in ``datasets/business_cases/<id>.yml``: costs per year
by TCO category, benefits per year *at full adoption* by benefit category,
an adoption curve (the share of the full benefits actually realised each
year), the discount and hurdle rates, the assumptions, the intangible
benefits and the best/worst scenarios. Year 0 comes first everywhere.

Realised benefits are ``benefit at full adoption × adoption`` in each year:
a teaching model of benefit realisation, in which benefits ramp up as people
adopt the system.

Examples
--------
>>> case = load_case("erp_replacement")
>>> case.years == len(case.adoption)
True
>>> metrics = case.metrics()
>>> round(metrics["npv"], 2) == round(finance.npv(case.discount_rate, case.cashflows()), 2)
True
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from types import MappingProxyType
from typing import Annotated, Literal

import numpy as np
from pydantic import Field, ValidationError, model_validator

from . import finance
from .content import (ContentError, ContentModel, Slug, Text, cached_by_file, datasets_dir,
                      display_path, field_path, read_yaml)
from .validation import check_choice, check_int, check_number, check_str

__all__ = [
    "Scenario",
    "BusinessCase",
    "case_ids",
    "load_case",
    "drivers",
    "sensitivity",
    "break_even",
    "scenario_table",
    "format_metric",
    "METRICS",
]

CASES_DIR = "business_cases"
Amount = Annotated[float, Field(ge=0, allow_inf_nan=False)]
Share = Annotated[float, Field(ge=0, le=1, allow_inf_nan=False)]

#: Metric names, as :meth:`BusinessCase.metrics` returns them, with labels.
METRICS = {
    "npv": "NPV",
    "irr": "IRR",
    "roi": "ROI",
    "payback": "Payback (years)",
    "discounted_payback": "Discounted payback (years)",
    "bcr": "Benefit-cost ratio",
    "total_costs": "Total costs",
    "total_benefits": "Total benefits (realised)",
}


class Scenario(ContentModel):
    """Multipliers that turn the likely case into a best or worst case."""

    label: Text
    costs: float = Field(gt=0, allow_inf_nan=False)
    benefits: float = Field(ge=0, allow_inf_nan=False)
    adoption_delay: int = Field(ge=0, le=5)


class _CaseFile(ContentModel):
    """The schema of a business-case file."""

    id: Slug
    name: Text
    synthetic: bool
    currency: Annotated[str, Field(pattern=r"^[A-Z]{3}$")]
    description: Text
    discount_rate: float = Field(gt=-1, lt=1, allow_inf_nan=False)
    hurdle_rate: float = Field(gt=-1, lt=1, allow_inf_nan=False)
    adoption: list[Share] = Field(min_length=2)
    costs: dict[str, list[Amount]]
    benefits: dict[Slug, list[Amount]]
    intangible_benefits: list[Text] = Field(min_length=1)
    assumptions: list[Text] = Field(min_length=1)
    sources: list[Text] = Field(min_length=1)
    scenarios: dict[Literal["best", "worst"], Scenario]

    @model_validator(mode="after")
    def _consistent(self) -> _CaseFile:
        years = len(self.adoption)
        for kind, table in (("costs", self.costs), ("benefits", self.benefits)):
            if not table:
                raise ValueError(f"{kind} must name at least one category")
            for category, amounts in table.items():
                if len(amounts) != years:
                    raise ValueError(f"{kind}.{category} has {len(amounts)} years but adoption "
                                     f"has {years}; every row needs one amount per year")
        unknown = sorted(set(self.costs) - set(finance.TCO_CATEGORIES))
        if unknown:
            raise ValueError(f"costs.{unknown[0]} is not a TCO category "
                             f"({', '.join(finance.TCO_CATEGORIES)})")
        if set(self.scenarios) != {"best", "worst"}:
            raise ValueError("scenarios must define both 'best' and 'worst'")
        return self


@dataclass(frozen=True)
class BusinessCase:
    """A business case: the data of one case file, with its calculations.

    Build one with :func:`load_case`, or adjust one with :meth:`adjusted`.
    """

    id: str
    name: str
    synthetic: bool
    currency: str
    description: str
    discount_rate: float
    hurdle_rate: float
    adoption: tuple[float, ...]
    costs: Mapping[str, tuple[float, ...]]
    benefits: Mapping[str, tuple[float, ...]]
    intangible_benefits: tuple[str, ...]
    assumptions: tuple[str, ...]
    sources: tuple[str, ...]
    scenarios: Mapping[str, Scenario]

    def __post_init__(self) -> None:
        # Read-only mappings: a case is shared by every caller of load_case().
        for name in ("costs", "benefits", "scenarios"):
            object.__setattr__(self, name, MappingProxyType(dict(getattr(self, name))))

    # -- tables ------------------------------------------------------------
    @property
    def years(self) -> int:
        """The number of periods (year 0 to year ``years - 1``)."""
        return len(self.adoption)

    def cost_table(self):
        """Costs by year and TCO category, with a ``total`` column."""
        return finance.tco(dict(self.costs))

    def benefit_table(self, realised: bool = True):
        """Benefits by year and category (realised, or at full adoption), with ``total``."""
        import pandas as pd

        share = np.asarray(self.adoption) if realised else np.ones(self.years)
        frame = pd.DataFrame({k: np.asarray(v) * share for k, v in self.benefits.items()},
                             index=pd.RangeIndex(self.years, name="year"))
        frame["total"] = frame.sum(axis=1)
        return frame

    def cost_totals(self) -> np.ndarray:
        """Total cost per year."""
        return np.sum([np.asarray(v) for v in self.costs.values()], axis=0)

    def benefit_totals(self) -> np.ndarray:
        """Total realised benefit per year."""
        full = np.sum([np.asarray(v) for v in self.benefits.values()], axis=0)
        return full * np.asarray(self.adoption)

    def cashflows(self) -> np.ndarray:
        """Net cash flow per year: realised benefits minus costs."""
        return self.benefit_totals() - self.cost_totals()

    # -- results ------------------------------------------------------------
    def metrics(self, rate: float | None = None) -> dict[str, float]:
        """ROI, NPV, IRR, payback, discounted payback, BCR and totals.

        Parameters
        ----------
        rate : float, optional
            The discount rate; the case's own by default.

        Returns
        -------
        dict
            Keys as in :data:`METRICS`. IRR is NaN when the net flows never
            change sign; paybacks are ``inf`` when the money never comes back.
        """
        rate = self.discount_rate if rate is None else check_number("rate", rate)
        return finance.evaluate(rate, self.benefit_totals(), self.cost_totals())

    def adjusted(self, *, costs: float = 1.0, benefits: float = 1.0, adoption_delay: int = 0,
                 discount_rate: float | None = None,
                 factors: Mapping[str, float] | None = None) -> BusinessCase:
        """A copy with costs, benefits, adoption or the rate changed.

        Parameters
        ----------
        costs, benefits : float
            Multipliers for every cost / every benefit (1.0 leaves them).
        adoption_delay : int
            Years by which adoption starts later (the curve shifts right;
            the horizon stays the same).
        discount_rate : float, optional
            A new discount rate.
        factors : dict, optional
            Multipliers for single categories, keyed ``"costs:<category>"``
            or ``"benefits:<category>"`` (see :func:`drivers`).

        Examples
        --------
        >>> case = load_case("erp_replacement")
        >>> later = case.adjusted(adoption_delay=1)
        >>> later.adoption[:2] == (0.0, case.adoption[0])
        True
        """
        costs = check_number("costs", costs, minimum=0)
        benefits = check_number("benefits", benefits, minimum=0)
        delay = check_int("adoption_delay", adoption_delay, minimum=0, maximum=self.years)
        factors = dict(factors or {})
        known = {d for d in drivers(self) if d != "discount_rate"}
        for key, value in factors.items():
            check_choice("factors key", key, sorted(known))
            check_number(f"factors[{key!r}]", value, minimum=0)

        def scale(kind: str, table: Mapping[str, tuple[float, ...]], overall: float):
            return {k: tuple(float(x) * overall * factors.get(f"{kind}:{k}", 1.0) for x in v)
                    for k, v in table.items()}

        adoption = (0.0,) * delay + tuple(self.adoption[: self.years - delay])
        rate = self.discount_rate if discount_rate is None else discount_rate
        rate = check_number("discount_rate", rate)
        if rate <= -1:
            raise ValueError(f"discount_rate must be > -1, got {rate}")
        return replace(self, **{"costs": scale("costs", self.costs, costs),
                                "benefits": scale("benefits", self.benefits, benefits),
                                "adoption": adoption, "discount_rate": rate})

    def scenario(self, name: str) -> BusinessCase:
        """The case under a named scenario: ``"worst"``, ``"likely"`` (itself) or ``"best"``."""
        name = check_choice("name", name, ["worst", "likely", "best"])
        if name == "likely":
            return self
        s = self.scenarios[name]
        return self.adjusted(costs=s.costs, benefits=s.benefits, adoption_delay=s.adoption_delay)


# --------------------------------------------------------------------------
# Loading
# --------------------------------------------------------------------------

def case_ids() -> list[str]:
    """The ids of the business cases in ``datasets/business_cases/``.

    Examples
    --------
    >>> "erp_replacement" in case_ids()
    True
    """
    return sorted(p.stem for p in (datasets_dir() / CASES_DIR).glob("*.yml"))


def load_case(case: str | Path) -> BusinessCase:
    """Load and validate a business case by id, or from a path to a YAML file.

    A file is read again when it changes, so a learner can edit a case of
    their own and reload it. The case returned is read-only.

    Raises
    ------
    TypeError
        If ``case`` is neither a string nor a path.
    ContentError
        Naming the file and the field that is wrong.
    """
    if isinstance(case, Path):
        name: str | Path = case
    else:
        case = check_str("case", case)
        name = f"{CASES_DIR}/{case}.yml" if case in case_ids() else case
    return _load_file(name)


def _read_case(path: Path) -> BusinessCase:
    """Parse one case file (cached per path and modification time below)."""
    model = _validate_file(path)
    return BusinessCase(
        id=model.id, name=model.name, synthetic=model.synthetic, currency=model.currency,
        description=model.description, discount_rate=model.discount_rate,
        hurdle_rate=model.hurdle_rate, adoption=tuple(model.adoption),
        costs={k: tuple(v) for k, v in model.costs.items()},
        benefits={k: tuple(v) for k, v in model.benefits.items()},
        intangible_benefits=tuple(model.intangible_benefits),
        assumptions=tuple(model.assumptions), sources=tuple(model.sources),
        scenarios=dict(model.scenarios))


_load_file = cached_by_file(_read_case)


def _validate_file(path) -> _CaseFile:
    """Validate a case file (the whole file is one case)."""
    try:
        return _CaseFile.model_validate(read_yaml(path))
    except ValidationError as err:
        first = err.errors()[0]
        raise ContentError(display_path(path), first["msg"], None,
                           field_path(first["loc"]) or None) from None


# --------------------------------------------------------------------------
# Sensitivity, break-even, scenarios
# --------------------------------------------------------------------------

def _label(slug: str) -> str:
    """``hr_admin_time_saved`` -> ``HR admin time saved`` (first letter up, rest kept)."""
    words = slug.split("_")
    known = {"hr": "HR", "crm": "CRM", "erp": "ERP", "it": "IT", "vat": "VAT"}
    text = " ".join(known.get(w, w) for w in words)
    return text[0].upper() + text[1:]


def format_metric(metric: str, value: float, currency: str = "") -> str:
    """A metric as a reader expects it: money with separators, rates in per
    cent, paybacks in years or "never", ratios to two places.

    Examples
    --------
    >>> format_metric("npv", -769035.6, "EUR"), format_metric("irr", 0.2256)
    ('-769,036 EUR', '22.56%')
    >>> format_metric("payback", float("inf")), format_metric("bcr", 1.2318)
    ('never', '1.23')
    """
    metric = check_choice("metric", metric, list(METRICS))
    if metric in ("irr", "roi"):
        return "none" if math.isnan(value) else f"{value:.2%}"
    if metric in ("payback", "discounted_payback"):
        return f"{value:.2f} years" if math.isfinite(value) else "never"
    if metric == "bcr":
        return f"{value:.2f}"
    return f"{value:,.0f} {currency}".strip()


def drivers(case: BusinessCase) -> dict[str, str]:
    """The drivers a sensitivity analysis varies, with readable labels.

    Every cost category (``"costs:<category>"``), every benefit category
    (``"benefits:<category>"``) and the discount rate.

    Examples
    --------
    >>> list(drivers(load_case("erp_replacement")))[-1]
    'discount_rate'
    """
    if not isinstance(case, BusinessCase):
        raise TypeError(f"case must be a BusinessCase, got {type(case).__name__}")
    names = {f"costs:{k}": f"{finance.TCO_LABELS[k]} (cost)" for k in case.costs}
    names.update({f"benefits:{k}": f"{_label(k)} (benefit)" for k in case.benefits})
    names["discount_rate"] = "Discount rate"
    return names


def _with_driver(case: BusinessCase, driver: str, value: float) -> BusinessCase:
    if driver == "discount_rate":
        return case.adjusted(discount_rate=value)
    return case.adjusted(factors={driver: value})


def _metric(case: BusinessCase, metric: str) -> float:
    return float(case.metrics()[metric])


def sensitivity(case: BusinessCase, swing: float = 0.2, metric: str = "npv"):
    """Vary each driver by ± ``swing`` and report the change in a metric.

    Category drivers are multiplied by ``1 - swing`` and ``1 + swing``; the
    discount rate likewise (8 % with a 0.2 swing becomes 6.4 % and 9.6 %).
    One driver moves at a time, the others stay at their likely values. For
    ROI the discount rate is left out: ROI does not depend on it.

    Parameters
    ----------
    case : BusinessCase
    swing : float, default 0.2
        Relative swing, between 0 and 1 (exclusive of 0).
    metric : {"npv", "roi"}
        The result to watch.

    Returns
    -------
    pandas.DataFrame
        One row per driver, sorted by ``range`` (largest first), ready for a
        tornado chart, with columns ``label``, ``low_input``,
        ``high_input``, ``low``, ``high``, ``base``, ``range`` and ``swing``.

    Examples
    --------
    >>> table = sensitivity(load_case("erp_replacement"), swing=0.1)
    >>> bool(table["range"].is_monotonic_decreasing)
    True
    """
    import pandas as pd

    names = drivers(case)  # validates case
    swing = check_number("swing", swing, minimum=0, maximum=0.99)
    if swing == 0:
        raise ValueError("swing must be > 0, got 0.0")
    metric = check_choice("metric", metric, ["npv", "roi"])
    base = _metric(case, metric)
    rows = []
    for driver, label in names.items():
        if metric == "roi" and driver == "discount_rate":
            continue
        centre = case.discount_rate if driver == "discount_rate" else 1.0
        low_in, high_in = centre * (1 - swing), centre * (1 + swing)
        low = _metric(_with_driver(case, driver, low_in), metric)
        high = _metric(_with_driver(case, driver, high_in), metric)
        rows.append({"driver": driver, "label": label, "low_input": low_in,
                     "high_input": high_in, "low": low, "high": high, "base": base,
                     "range": abs(high - low), "swing": swing})
    frame = pd.DataFrame(rows).set_index("driver")
    return frame.sort_values("range", ascending=False, kind="stable")


def break_even(case: BusinessCase, driver: str, metric: str = "npv") -> float:
    """The value of one driver at which the metric is exactly zero.

    For a category driver the answer is a multiplier (0.8 means "if this
    category were 80 % of its likely value"); NPV and ROI are linear in it,
    so the answer is exact. A negative answer means that no non-negative
    value of this driver alone brings the metric to zero. For the discount
    rate it is the rate at which NPV is zero, the IRR.

    Raises
    ------
    ValueError
        If the metric does not depend on the driver, or no break-even rate
        exists.

    Examples
    --------
    >>> case = load_case("erp_replacement")
    >>> rate = break_even(case, "discount_rate")
    >>> abs(case.adjusted(discount_rate=rate).metrics()["npv"]) < 1e-6
    True
    """
    metric = check_choice("metric", metric, ["npv", "roi"])
    driver = check_choice("driver", driver, list(drivers(case)))
    if driver == "discount_rate":
        if metric == "roi":
            raise ValueError("ROI does not depend on the discount rate")
        return finance.irr(case.cashflows())
    # ROI is zero exactly where undiscounted net benefit is: NPV at rate 0.
    rate = case.discount_rate if metric == "npv" else 0.0
    at_zero = finance.npv(rate, _with_driver(case, driver, 0.0).cashflows())
    at_one = finance.npv(rate, _with_driver(case, driver, 1.0).cashflows())
    if math.isclose(at_one, at_zero, abs_tol=1e-9):
        raise ValueError(f"{metric.upper()} does not depend on {driver!r}")
    return -at_zero / (at_one - at_zero)


def scenario_table(case: BusinessCase, formatted: bool = False):
    """Worst, likely and best scenarios side by side: one column each.

    Parameters
    ----------
    case : BusinessCase
    formatted : bool, default False
        Return text ready to read (see :func:`format_metric`) instead of
        numbers.

    Examples
    --------
    >>> table = scenario_table(load_case("erp_replacement"))
    >>> list(table.columns)
    ['worst', 'likely', 'best']
    >>> bool(table.loc["NPV", "worst"] < table.loc["NPV", "likely"] < table.loc["NPV", "best"])
    True
    >>> scenario_table(load_case("erp_replacement"), formatted=True).loc["Payback (years)", "worst"]
    'never'
    """
    import pandas as pd

    if not isinstance(case, BusinessCase):
        raise TypeError(f"case must be a BusinessCase, got {type(case).__name__}")
    columns = {name: case.scenario(name).metrics() for name in ("worst", "likely", "best")}
    frame = pd.DataFrame(columns)
    if formatted:
        frame = pd.DataFrame({name: {k: format_metric(k, v, case.currency)
                                     for k, v in values.items()}
                              for name, values in columns.items()})
    frame.index = [METRICS[k] for k in frame.index]
    return frame
