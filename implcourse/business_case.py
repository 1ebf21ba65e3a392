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
import numbers
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from types import MappingProxyType
from typing import Annotated, Literal

import numpy as np
from pydantic import Field, ValidationError, model_validator

from . import finance
from .content import (ContentError, ContentModel, Slug, Text, cached_by_file, datasets_dir,
                      display_path, read_yaml, resolve, validation_errors)
from .limits import MAX_PERIODS
from .validation import (check_choice, check_finite, check_int, check_number, check_str,
                         check_str_list, shown)

__all__ = [
    "Scenario",
    "BusinessCase",
    "case_ids",
    "load_case",
    "case_label",
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
    adoption: list[Share] = Field(min_length=2, max_length=MAX_PERIODS)
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
        for kind, table in (("costs", self.costs), ("benefits", self.benefits)):
            for year, amounts in enumerate(zip(*table.values())):
                if not math.isfinite(sum(amounts)):
                    raise ValueError(f"{kind}: the amounts of year {year} add up to more than "
                                     f"a computer can hold; use smaller units, e.g. thousands")
        if set(self.scenarios) != {"best", "worst"}:
            raise ValueError("scenarios must define both 'best' and 'worst'")
        return self


def _year_totals(what: str, table: Mapping[str, tuple[float, ...]]) -> np.ndarray:
    """The sum over categories, year by year (refused if it overflows)."""
    with np.errstate(over="ignore", invalid="ignore"):
        totals = np.sum([np.asarray(v, dtype=float) for v in table.values()], axis=0)
    return check_finite(what, totals)


def _amount_table(name: str, table: object, years: int,
                  categories: Sequence[str] | None) -> MappingProxyType:
    """A read-only mapping of category to ``years`` finite amounts >= 0."""
    if not isinstance(table, Mapping):
        raise TypeError(f"{name} must be a mapping of category to yearly amounts, got "
                        f"{type(table).__name__} {shown(table)}")
    if not table:
        raise ValueError(f"{name} must name at least one category")
    checked = {}
    for category, amounts in table.items():
        if not isinstance(category, str) or not category.strip():
            raise TypeError(f"{name} categories must be non-empty strings, got "
                            f"{type(category).__name__} {shown(category)}")
        if categories is not None and category not in categories:
            raise ValueError(f"{name} has unknown category {category!r}; categories are "
                             f"{', '.join(categories)}")
        label = f"{name}[{category!r}]"
        if isinstance(amounts, (str, bytes)) or not isinstance(amounts, (Sequence, np.ndarray)):
            raise TypeError(f"{label} must be a sequence of yearly amounts, got "
                            f"{type(amounts).__name__} {shown(amounts)}")
        values = tuple(check_number(f"{label}[{i}]", x, minimum=0) for i, x in enumerate(amounts))
        if len(values) != years:
            raise ValueError(f"{label} has {len(values)} years but adoption has {years}; every "
                             f"category needs one amount per year")
        checked[category] = values
    return MappingProxyType(checked)


def _checked_fields(case: BusinessCase) -> dict[str, object]:
    """Every field of a case, validated as a case file is, in stored form."""
    fields: dict[str, object] = {}
    for name in ("id", "name", "description"):
        fields[name] = check_str(name, getattr(case, name))
    if not isinstance(case.synthetic, bool):
        raise TypeError(f"synthetic must be True or False, got {shown(case.synthetic)}")
    currency = check_str("currency", case.currency)
    if len(currency) != 3 or not (currency.isascii() and currency.isalpha() and currency.isupper()):
        raise ValueError(f"currency must be a three-letter code such as 'EUR', got "
                         f"{shown(currency)}")
    fields["currency"] = currency
    for name in ("discount_rate", "hurdle_rate"):
        rate = check_number(name, getattr(case, name))
        if rate <= -1:
            raise ValueError(f"{name} must be > -1, got {rate}")
        fields[name] = rate
    adoption = case.adoption
    if isinstance(adoption, (str, bytes)) or not isinstance(adoption, (Sequence, np.ndarray)):
        raise TypeError(f"adoption must be a sequence of shares (0 to 1), one per year, got "
                        f"{type(adoption).__name__} {shown(adoption)}")
    if not 2 <= len(adoption) <= MAX_PERIODS:
        raise ValueError(f"adoption must have 2 to {MAX_PERIODS} years (limits.MAX_PERIODS), "
                         f"got {len(adoption)}")
    fields["adoption"] = tuple(check_number(f"adoption[{i}]", x, minimum=0, maximum=1)
                               for i, x in enumerate(adoption))
    years = len(fields["adoption"])
    fields["costs"] = _amount_table("costs", case.costs, years, finance.TCO_CATEGORIES)
    fields["benefits"] = _amount_table("benefits", case.benefits, years, None)
    for name in ("intangible_benefits", "assumptions", "sources"):
        items = tuple(check_str_list(name, getattr(case, name)))
        if not items:
            raise ValueError(f"{name} must list at least one item")
        fields[name] = items
    scenarios = case.scenarios
    if not isinstance(scenarios, Mapping) or set(scenarios) != {"best", "worst"}:
        raise ValueError(f"scenarios must be a mapping with exactly 'best' and 'worst', got "
                         f"{shown(scenarios)}")
    checked = {}
    for key, scenario in scenarios.items():
        if not isinstance(scenario, Scenario):
            problems = validation_errors(Scenario, scenario)
            if problems:
                field, message = problems[0]
                where = f"scenarios[{key!r}]" + (f".{field}" if field else "")
                raise ValueError(f"{where}: {message}")
            scenario = Scenario.model_validate(scenario)
        checked[key] = scenario
    fields["scenarios"] = MappingProxyType(checked)
    return fields


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
        # A case built by hand gets the checks of a case file; the values are
        # stored as tuples and read-only mappings, since a case is shared by
        # every caller of load_case().
        for name, value in _checked_fields(self).items():
            object.__setattr__(self, name, value)

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

        if not isinstance(realised, (bool, np.bool_)):
            raise TypeError(f"realised must be True or False, got {type(realised).__name__} "
                            f"{shown(realised)}")
        share = np.asarray(self.adoption) if realised else np.ones(self.years)
        frame = pd.DataFrame({k: np.asarray(v) * share for k, v in self.benefits.items()},
                             index=pd.RangeIndex(self.years, name="year"))
        frame["total"] = self.benefit_totals() if realised else _year_totals(
            "Total benefits", self.benefits)
        return frame

    def cost_totals(self) -> np.ndarray:
        """Total cost per year."""
        return _year_totals("Total costs", self.costs)

    def benefit_totals(self) -> np.ndarray:
        """Total realised benefit per year."""
        return _year_totals("Total benefits", self.benefits) * np.asarray(self.adoption)

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
        if rate is not None:
            rate = check_number("rate", rate)
            if rate <= -1:
                raise ValueError(f"rate must be > -1, got {rate}")
        rate = self.discount_rate if rate is None else rate
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
        if factors is not None and not isinstance(factors, Mapping):
            raise TypeError(f"factors must be a mapping of driver to multiplier, got "
                            f"{type(factors).__name__} {shown(factors)}")
        factors = dict(factors or {})
        known = {d for d in drivers(self) if d != "discount_rate"}
        for key, value in factors.items():
            check_choice("factors key", key, sorted(known))
            factors[key] = check_number(f"factors[{key!r}]", value, minimum=0)

        def scale(kind: str, table: Mapping[str, tuple[float, ...]], overall: float):
            scaled = {}
            for k, v in table.items():
                factor = factors.get(f"{kind}:{k}", 1.0)
                amounts = tuple(float(x) * overall * factor for x in v)
                if not all(math.isfinite(x) for x in amounts):
                    raise ValueError(f"{kind} multiplier {overall} (with factor {factor} for "
                                     f"{kind}:{k}) makes the amounts too large to compute")
                scaled[k] = amounts
            return scaled

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


def _case_file(case: object) -> str | Path:
    """What ``load_case`` reads for ``case``: a course dataset name or a path."""
    if isinstance(case, Path):
        return case
    case = check_str("case", case)
    ids = case_ids()
    stem = case.removesuffix(".yml").removesuffix(".yaml")
    if case in ids or (stem in ids and "/" not in case and "\\" not in case):
        return f"{CASES_DIR}/{stem}.yml"
    if case.endswith((".yml", ".yaml")) or case.startswith((".", "~", "/")) or \
            Path(case).is_absolute():
        return case  # a path of one's own, or a dataset name: content.resolve decides
    example = case if len(case) <= 40 and case.isprintable() else "my_case"
    raise ContentError(shown(case), f"case is not the id of a course business case (the "
                                    f"course's cases are {', '.join(ids)}); to use a file of "
                                    f"your own, give it as a path, e.g. './{example}.yml' or "
                                    f"Path({example + '.yml'!r})")


def load_case(case: str | Path) -> BusinessCase:
    """Load and validate a business case: a course case by id, or a file of your own by path.

    Parameters
    ----------
    case : str or pathlib.Path
        The id of a course case (see :func:`case_ids`), such as
        ``"erp_replacement"``; or a file of your own, given as a path: a
        :class:`~pathlib.Path`, an absolute path, or a string starting with
        ``./``, ``../`` or ``~``. A bare name always means the course's case,
        never a file of the same name in the working folder.

    Returns
    -------
    BusinessCase
        Read-only. A file is read again when it changes, so a trainer can
        edit a case of their own and reload it.

    Raises
    ------
    TypeError
        If ``case`` is neither a string nor a path.
    ContentError
        If a bare name is not the id of a course case; or naming the file
        and the field that is wrong (a subclass of ValueError).

    Examples
    --------
    >>> load_case("erp_replacement").name == load_case("erp_replacement.yml").name
    True
    >>> load_case("my_case")
    Traceback (most recent call last):
    ...
    implcourse.content.ContentError: 'my_case': case is not the id of a course business case
    (the course's cases are ...); to use a file of your own, give it as a path,
    e.g. './my_case.yml' or Path('my_case.yml')
    """
    return _load_file(_case_file(case))


def case_label(case: str | Path) -> str:
    """The name to show for a case in a list: its name, and for a file of
    your own also where it comes from (so that a trainer's copy of a course
    case is told apart from the original).

    Examples
    --------
    >>> case_label("erp_replacement") == load_case("erp_replacement").name
    True
    """
    name = _case_file(case)
    loaded = _load_file(name)
    if isinstance(name, str) and name.startswith(f"{CASES_DIR}/"):
        return loaded.name
    return f"{loaded.name} ({display_path(resolve(name))})"


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
    """Validate a case file (the whole file is one case); a ContentError
    names the first problem and lists them all (``.problems``)."""
    raw = read_yaml(path)
    try:
        return _CaseFile.model_validate(raw)
    except ValidationError:
        file = display_path(path)
        problems = [ContentError(file, message, None, field)
                    for field, message in validation_errors(_CaseFile, raw)]
        first = problems[0] if problems else ContentError(file, "not a valid business case")
        raise ContentError(file, first.message, None, first.field, problems=problems) from None


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

    An IRR of NaN is shown as "none" (there is no IRR); a payback of
    infinity as "never"; any other value that is not finite as "undefined".

    Examples
    --------
    >>> format_metric("npv", -769035.6, "EUR"), format_metric("irr", 0.2256)
    ('-769,036 EUR', '22.56%')
    >>> format_metric("payback", float("inf")), format_metric("bcr", 1.2318)
    ('never', '1.23')
    >>> format_metric("irr", float("nan")), format_metric("npv", float("nan"))
    ('none', 'undefined')
    """
    metric = check_choice("metric", metric, list(METRICS))
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"value must be a number, got {type(value).__name__} {shown(value)}")
    currency = check_str("currency", currency, allow_empty=True)
    try:
        value = float(value)
    except OverflowError:  # an integer too large for a float
        value = math.nan
    if metric == "irr" and math.isnan(value):
        return "none"  # no IRR: the flows never change sign, or NPV never reaches zero
    if metric in ("payback", "discounted_payback") and value == math.inf:
        return "never"
    if not math.isfinite(value):
        return "undefined"
    if metric in ("irr", "roi"):
        return f"{value:.2%}"
    if metric in ("payback", "discounted_payback"):
        return f"{value:.2f} years"
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
        raise TypeError(f"case must be a BusinessCase, got {type(case).__name__} {shown(case)}")
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
    names = drivers(case)  # validates case
    metric = check_choice("metric", metric, ["npv", "roi"])
    driver = check_choice("driver", driver, list(names))
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
    with np.errstate(over="ignore", invalid="ignore"):
        value = -np.float64(at_zero) / (at_one - at_zero)
    return float(check_finite(f"the break-even value of {driver}", value))


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
        raise TypeError(f"case must be a BusinessCase, got {type(case).__name__} {shown(case)}")
    if not isinstance(formatted, (bool, np.bool_)):
        raise TypeError(f"formatted must be True or False, got {type(formatted).__name__} "
                        f"{shown(formatted)}")
    columns = {name: case.scenario(name).metrics() for name in ("worst", "likely", "best")}
    frame = pd.DataFrame(columns)
    if formatted:
        frame = pd.DataFrame({name: {k: format_metric(k, v, case.currency)
                                     for k, v in values.items()}
                              for name, values in columns.items()})
    frame.index = [METRICS[k] for k in frame.index]
    return frame
