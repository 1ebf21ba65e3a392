"""Tables a person reads: human labels, thousands separators, units, Yes/No.

Every table a lesson shows goes through :func:`show`. It returns a
:class:`Table`, which a notebook displays as HTML (through pandas'
``Styler``) and as aligned plain text, and which never prints snake_case
column names, ``True``/``False``, ``-0.0`` or text cut with "...":

- column and index names become sentences (``early_start`` -> "Early
  start"), unless a label is given;
- booleans become Yes/No;
- whole numbers (also 21.0) get thousands separators and no decimals;
  other numbers two decimals (or as asked); money columns carry their currency; per cent columns are
  shown in per cent;
- long text wraps in the HTML and is never shortened.

The core stays free of display code: this module only formats, using
pandas, which the core already needs. The HTML is deterministic (a fixed
table id derived from its content), so strict nbval can compare it.

Examples
--------
>>> import pandas as pd
>>> frame = pd.DataFrame({"total_float": [0.0, 21.0], "critical": [True, False],
...                       "cost_eur": [1250.0, -0.0]}, index=pd.Index(["kickoff", "crm"], name="id"))
>>> print(show(frame, money=["cost_eur"], labels={"cost_eur": "Cost"}))
Id       Total float  Critical       Cost
kickoff            0       Yes  1,250 EUR
crm               21        No      0 EUR
"""

from __future__ import annotations

import hashlib
import html
import math
import numbers
import re
from collections.abc import Iterable, Mapping

import pandas as pd

from .validation import check_int, check_str, shown

__all__ = ["Table", "show", "label", "format_value"]

#: Text that is a formatted figure ("−769,036 EUR", "22.56%", "3.33 years", "never"):
#: aligned right and never wrapped, like a number.
_FIGURE = re.compile(r"^([−-]?[\d,]+(\.\d+)? ?(%|[A-Z]{3}|years?|days?)?|never|–)$")

#: Labels that a plain "snake_case to sentence" would get wrong.
LABELS = {
    "id": "Id", "npv": "NPV", "irr": "IRR", "roi": "ROI", "bcr": "Benefit-cost ratio",
    "emv": "EMV", "emv_before": "EMV before", "emv_after": "EMV after", "emv_cost": "EMV (cost)",
    "tco": "TCO", "uat": "UAT", "sit": "SIT", "pv": "PV", "ev": "EV", "ac": "AC",
    "kpi": "KPI", "p50": "P50", "p80": "P80", "p90": "P90",
}

_ACRONYMS = {"npv", "irr", "roi", "emv", "tco", "uat", "sit", "erp", "crm", "kpi", "eur",
             "gbp", "usd", "it"}


def label(name: object) -> str:
    """A column or index name as a person reads it.

    Examples
    --------
    >>> label("early_start"), label("emv_before"), label("licences_subscriptions")
    ('Early start', 'EMV before', 'Licences subscriptions')
    >>> label("Already fine")
    'Already fine'
    """
    text = str(name)
    if text in LABELS:
        return LABELS[text]
    if "_" not in text and not text.islower():
        return text
    words = [w.upper() if w in _ACRONYMS else w for w in text.replace("_", " ").split()]
    if not words:
        return text
    first = words[0]
    words[0] = first if first.isupper() else first[:1].upper() + first[1:]
    return " ".join(words)


def format_value(value: object, *, decimals: int = 2, unit: str = "",
                 percent: bool = False) -> str:
    """One cell as text: Yes/No, thousands separators, no "-0", a unit.

    Examples
    --------
    >>> format_value(True), format_value(1234567), format_value(-0.001)
    ('Yes', '1,234,567', '0.00')
    >>> format_value(0.2256, percent=True, decimals=1), format_value(-52.4, unit="EUR", decimals=0)
    ('22.6 %', '−52 EUR')
    >>> format_value(float("nan")), format_value(float("inf"))
    ('–', 'never')
    >>> format_value("-769,036 EUR"), format_value("-well-known")
    ('−769,036 EUR', '-well-known')
    """
    decimals = check_int("decimals", decimals, minimum=0, maximum=20)
    unit = check_str("unit", unit, allow_empty=True)
    if not isinstance(percent, bool):
        raise TypeError(f"percent must be True or False, got {type(percent).__name__} "
                        f"{shown(percent)}")
    if value is None:
        return "–"
    if isinstance(value, (bool, pd.api.types.pandas_dtype("bool").type)):
        return "Yes" if value else "No"
    if isinstance(value, numbers.Number):
        if isinstance(value, numbers.Complex) and not isinstance(value, numbers.Real):
            raise TypeError(f"value must be a real number, got {shown(value)}")
        try:
            number = float(value)
        except (OverflowError, ValueError):  # an integer too large for a float
            raise ValueError(f"value is too large to show, got {shown(value)}") from None
        if math.isnan(number):
            return "–"
        if math.isinf(number):
            return "never" if number > 0 else "–"
        if percent:
            number *= 100
        whole = isinstance(value, numbers.Integral) and not percent
        text = f"{number:,.0f}" if whole else f"{number:,.{decimals}f}"
        if text.startswith("-"):
            zero = float(text[1:].replace(",", "")) == 0
            text = text[1:] if zero else "\u2212" + text[1:]
        if percent:
            text += " %"
        return f"{text} {unit}" if unit else text
    text = str(value)
    if text.startswith("-") and _FIGURE.match(text):  # a figure formatted elsewhere
        text = "\u2212" + text[1:]                     # gets the same minus sign
    return text


class Table:
    """A formatted table: shows as HTML in a notebook and as text elsewhere.

    Attributes
    ----------
    data : pandas.DataFrame
        The numbers, unformatted.
    text : pandas.DataFrame
        Every cell as the text shown, with human labels.
    """

    def __init__(self, data: pd.DataFrame, text: pd.DataFrame, numeric: list[str],
                 caption: str | None) -> None:
        for name, frame in (("data", data), ("text", text)):
            if not isinstance(frame, pd.DataFrame):
                raise TypeError(f"{name} must be a pandas DataFrame, got "
                                f"{type(frame).__name__} {shown(frame)}")
        numeric = _names("numeric", numeric)
        if caption is not None:
            caption = check_str("caption", caption, allow_empty=True)
        self.data = data
        self.text = text
        self._numeric = numeric
        self.caption = caption

    @property
    def columns(self) -> list[str]:
        """The column labels, as shown."""
        return [str(c) for c in self.text.columns]

    def _uuid(self) -> str:
        try:
            content = self.text.to_json()
        except ValueError:  # pandas needs orient="split" for a repeated index (a lesson
            content = self.text.to_json(orient="split")  # with several topics, say)
        digest = hashlib.sha256(content.encode("utf-8")).hexdigest()
        return "implcourse-" + digest[:10]

    def to_html(self) -> str:
        """The table as HTML (pandas ``Styler``): numbers right-aligned, text wrapping."""
        text = self.text
        repeated = not text.index.is_unique
        if repeated:  # the Styler styles by label: style by position, then show the labels
            text = text.reset_index(drop=True)
            text.index.name = self.text.index.name
        if text.index.name is not None:
            text = text.rename_axis(html.escape(str(text.index.name)))
        styler = (text.style.set_uuid(self._uuid()).format(escape="html")
                  .format_index(escape="html", axis=0).format_index(escape="html", axis=1))
        if repeated:
            styler = styler.relabel_index([html.escape(str(i)) for i in self.text.index])
        styles = [
            {"selector": "th", "props": "text-align: left; vertical-align: bottom;"},
            {"selector": "td", "props": "text-align: left; vertical-align: top; "
                                        "white-space: normal; max-width: 36em;"},
        ]
        # Figures align right and never wrap ("−769,036 EUR" stays on one line): a
        # column's selector outranks the generic one above (a cell's own style would not).
        for position, column in enumerate(self.text.columns):
            if column in self._numeric:
                styles.append({"selector": f"td.col{position}",
                               "props": "text-align: right; white-space: nowrap;"})
        styler = styler.set_table_styles(styles)
        if self.caption:
            styler = styler.set_caption(self.caption)
        return styler.to_html()

    def _repr_html_(self) -> str:
        return self.to_html()

    def __str__(self) -> str:
        text = self.text
        index_name = text.index.name or ""
        cols = [str(c) for c in text.columns]
        rows = [[str(i), *map(str, r)] for i, r in zip(text.index, text.itertuples(index=False))]
        header = [index_name, *cols]
        widths = [max(len(row[k]) for row in [header, *rows]) for k in range(len(header))]
        right = [False] + [c in self._numeric for c in cols]

        def line(cells):
            return "  ".join(c.rjust(w) if r else c.ljust(w)
                             for c, w, r in zip(cells, widths, right)).rstrip()

        out = [line(header), *(line(r) for r in rows)]
        if self.caption:
            out.insert(0, self.caption)
        return "\n".join(out)

    __repr__ = __str__


def _names(name: str, value: Iterable[str] | str | None) -> list[str]:
    """Column names given as one name or a list of names (parameter ``name``)."""
    if value is None:
        return []
    if isinstance(value, str):
        return [check_str(name, value)]
    if isinstance(value, (bytes, Mapping)) or not isinstance(value, Iterable):
        raise TypeError(f"{name} must be a list of column names, got {type(value).__name__} "
                        f"{shown(value)}")
    return [check_str(f"{name}[{i}]", v) for i, v in enumerate(value)]


def _mapping(name: str, value) -> dict:
    """A mapping of column names to texts (parameter ``name``), or {} for None."""
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise TypeError(f"{name} must be a mapping of column names to texts, got "
                        f"{type(value).__name__} {shown(value)}")
    return {key: check_str(f"{name}[{key!r}]", text, allow_empty=True)
            for key, text in value.items()}


def show(frame, *, labels: Mapping[str, str] | None = None, money: Iterable[str] = (),
         currency: str = "EUR", percent: Iterable[str] = (),
         decimals: int | Mapping[str, int] = 2, units: Mapping[str, str] | None = None,
         index: bool = True, caption: str | None = None) -> Table:
    """A readable table from a DataFrame (or a Series).

    Parameters
    ----------
    frame : pandas.DataFrame or pandas.Series
    labels : mapping, optional
        Column (or index) name -> label; other names go through :func:`label`.
    money : list of str
        Columns of money, shown with ``currency`` and no decimals.
    currency : str, default "EUR"
    percent : list of str
        Columns of fractions, shown in per cent.
    decimals : int or mapping, default 2
        Decimals of non-whole numbers, for all columns or per column.
    units : mapping, optional
        Column -> unit written after each number ("days").
    index : bool, default True
        Show the index (as the first column).
    caption : str, optional

    Returns
    -------
    Table
        Its ``data`` is the frame as given (missing values, NaN, stay
        missing); each is shown as "–" (see :func:`format_value`).

    Examples
    --------
    >>> import pandas as pd
    >>> t = show(pd.DataFrame({"roi": [0.386]}), percent=["roi"], decimals=1, index=False)
    >>> t.columns, t.text.iloc[0, 0]
    (['ROI'], '38.6 %')
    """
    if isinstance(frame, pd.Series):
        frame = frame.to_frame()
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"frame must be a pandas DataFrame or Series, got "
                        f"{type(frame).__name__}")
    labels = _mapping("labels", labels)
    units = _mapping("units", units)
    money, percent = _names("money", money), _names("percent", percent)
    currency = check_str("currency", currency, allow_empty=True)
    if not isinstance(index, bool):
        raise TypeError(f"index must be True or False, got {type(index).__name__} {shown(index)}")
    if caption is not None:
        caption = check_str("caption", caption, allow_empty=True)
    for param, names in (("money", money), ("percent", percent), ("units", units)):
        for name in names:
            if name not in frame.columns:
                raise ValueError(f"{param}: column {name!r} is not in the table (frame); it "
                                 f"has {', '.join(map(str, frame.columns))}")
    if isinstance(decimals, Mapping):
        decimals = dict(decimals)
        per_column = {k: check_int(f"decimals[{k!r}]", v, minimum=0, maximum=6)
                      for k, v in decimals.items()}
        unknown = [k for k in per_column if k not in frame.columns]
        if unknown:
            raise ValueError(f"decimals names column {unknown[0]!r}, which is not in the "
                             f"table; it has {', '.join(map(str, frame.columns))}")
        default = 2
    else:
        per_column, default = {}, check_int("decimals", decimals, minimum=0, maximum=6)
    text = pd.DataFrame(index=frame.index)
    numeric = []
    for column in frame.columns:
        values = frame[column]
        whole = (pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values)
                 and bool(((values.dropna() % 1) == 0).all()))
        places = per_column.get(column, 0 if column in money or (whole and column not in percent)
                                else default)
        unit = currency if column in money else units.get(column, "")
        cells = [format_value(v, decimals=places, unit=unit, percent=column in percent)
                 for v in values]
        name = labels.get(column, label(column))
        text[name] = cells
        if (pd.api.types.is_numeric_dtype(values) or pd.api.types.is_bool_dtype(values)
                or (len(values) and all(_FIGURE.match(str(v).strip()) for v in values))):
            numeric.append(name)
    if index:
        text.index = [labels.get(i, i) if isinstance(i, str) else i for i in text.index]
        text.index = [format_value(i) if not isinstance(i, str) else i for i in text.index]
        name = frame.index.name
        text.index.name = labels.get(name, label(name)) if name is not None else None
    else:
        text = text.reset_index(drop=True)
        text.index = [""] * len(text)
    return Table(frame, text, numeric, caption)
