"""Readable tables (implcourse.tables): labels, Yes/No, separators, no "-0", per cent,
money, whole numbers, text never shortened, escaped and deterministic HTML, errors."""

from __future__ import annotations

import html
import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from implcourse import tables
from implcourse.tables import Table, format_value, label, show

LONG = ("The data owners reconcile every mock load against the legacy ledger and sign the "
        "reconciliation report off before the next load starts; " * 6).strip()


def frame() -> pd.DataFrame:
    return pd.DataFrame({
        "total_float": [0.0, 21.0, -0.0],
        "critical": [True, False, np.True_],
        "cost_eur": [1250.0, -0.4, -1234567.6],
        "roi": [0.2256, -0.00001, 1.0],
        "ratio": [1.5, 2.0, np.nan],
        "note": [LONG, "<b>R&D</b> 'quoted'", None],
        "count": [1, 2, 1234567],
        "days": [1.0, np.inf, 2.5],
    }, index=pd.Index(["kickoff", "crm", "uat_signoff"], name="task_id"))


def cells(table: Table, column: str) -> list[str]:
    return table.text[column].tolist()


# --------------------------------------------------------------------------
# Labels
# --------------------------------------------------------------------------

@pytest.mark.parametrize("name, text", [
    ("early_start", "Early start"), ("total_float", "Total float"), ("id", "Id"),
    ("npv", "NPV"), ("irr", "IRR"), ("emv_before", "EMV before"), ("bcr", "Benefit-cost ratio"),
    ("p80", "P80"), ("erp_cost", "ERP cost"), ("cost_eur", "Cost EUR"), ("task", "Task"),
    ("licences_subscriptions", "Licences subscriptions"), ("Already fine", "Already fine"),
    ("MyColumn", "MyColumn"), (3, "3"),
])
def test_labels_are_sentences(name, text):
    assert label(name) == text


def test_show_labels_columns_and_index_and_takes_overrides():
    table = show(frame(), labels={"cost_eur": "Cost", "task_id": "Task"})
    assert table.columns == ["Total float", "Critical", "Cost", "ROI", "Ratio", "Note",
                             "Count", "Days"]
    assert table.text.index.name == "Task"
    assert not any("_" in c for c in table.columns)
    assert show(frame()).text.index.name == "Task id"
    assert list(show(frame(), labels={"crm": "CRM rollout"}).text.index) == \
        ["kickoff", "CRM rollout", "uat_signoff"]


# --------------------------------------------------------------------------
# Cells
# --------------------------------------------------------------------------

def test_booleans_are_yes_and_no():
    table = show(frame())
    assert cells(table, "Critical") == ["Yes", "No", "Yes"]
    assert format_value(True) == "Yes" and format_value(np.False_) == "No"
    assert "True" not in str(table) and "False" not in str(table)


def test_thousands_separators_and_whole_numbers():
    """Whole numbers (also 21.0) get separators and no decimals; other numbers two."""
    table = show(frame())
    assert cells(table, "Count") == ["1", "2", "1,234,567"]
    assert cells(table, "Total float") == ["0", "21", "0"]
    assert cells(table, "Ratio") == ["1.50", "2.00", "–"]
    assert format_value(1234567) == "1,234,567" and format_value(1234.5678) == "1,234.57"
    assert format_value(1234.5678, decimals=0) == "1,235"


@pytest.mark.parametrize("value, options, text", [
    (-0.0, {}, "0.00"), (-0.001, {}, "0.00"), (-0.004, {"decimals": 2}, "0.00"),
    (-0.4, {"decimals": 0}, "0"), (-0.4, {"decimals": 0, "unit": "EUR"}, "0 EUR"),
    (-0.00001, {"percent": True, "decimals": 1}, "0.0 %"), (-0, {}, "0"),
])
def test_no_negative_zero(value, options, text):
    assert format_value(value, **options) == text


@settings(max_examples=200, deadline=None)
@given(st.floats(min_value=-1e9, max_value=1e9, allow_nan=False),
       st.integers(min_value=0, max_value=4), st.booleans())
def test_no_negative_zero_for_any_number(value, decimals, percent):
    text = format_value(value, decimals=decimals, percent=percent)
    assert not text.startswith("-"), text           # a negative shows a real minus sign
    number = float(text.replace(",", "").replace(" %", "").replace("\u2212", "-"))
    assert not (text.startswith("\u2212") and number == 0), text
    shown = value * 100 if percent else value
    assert number == pytest.approx(shown, abs=0.5 * 10 ** -decimals + 1e-9 * abs(shown))


def test_percent_columns():
    table = show(frame(), percent=["roi"])
    assert cells(table, "ROI") == ["22.56 %", "0.00 %", "100.00 %"]
    table = show(frame(), percent=["roi"], decimals={"roi": 1})
    assert cells(table, "ROI") == ["22.6 %", "0.0 %", "100.0 %"]
    assert format_value(0.5, percent=True, decimals=0) == "50 %"


def test_money_columns_carry_their_currency_without_decimals():
    table = show(frame(), money=["cost_eur"])
    assert cells(table, "Cost EUR") == ["1,250 EUR", "0 EUR", "\u22121,234,568 EUR"]
    table = show(frame(), money="cost_eur", currency="GBP")
    assert cells(table, "Cost EUR")[0] == "1,250 GBP"
    table = show(frame(), money=["cost_eur"], currency="")
    assert cells(table, "Cost EUR")[0] == "1,250"


def test_units_missing_values_and_never():
    table = show(frame(), units={"days": "days"})
    assert cells(table, "Days") == ["1.00 days", "never", "2.50 days"]
    assert cells(table, "Note")[2] == "–"
    assert format_value(float("nan")) == "–" and format_value(None) == "–"
    assert format_value(float("-inf")) == "–" and format_value(float("inf")) == "never"
    assert format_value("text") == "text"


def test_long_text_is_never_shortened():
    """Long text stays whole in the cells, the plain text and the HTML, whatever pandas'
    display options say."""
    with pd.option_context("display.max_colwidth", 20, "display.width", 40):
        table = show(frame())
        assert cells(table, "Note")[0] == LONG
        assert LONG in str(table)
        assert html.escape(LONG) in table.to_html() or LONG in table.to_html()
        assert "..." not in table.to_html() and "…" not in table.to_html()


def test_series_and_no_index():
    series = pd.Series([1250.0, 3.5], index=pd.Index(["a", "b"], name="item_id"), name="npv")
    table = show(series)
    assert table.columns == ["NPV"] and cells(table, "NPV") == ["1,250.00", "3.50"]
    bare = show(frame(), index=False)
    assert list(bare.text.index) == ["", "", ""]
    assert "kickoff" not in str(bare) and "kickoff" not in bare.to_html()
    assert bare.data is not None and list(bare.data.index) == list(frame().index)


# --------------------------------------------------------------------------
# Text and HTML
# --------------------------------------------------------------------------

def test_plain_text_aligns_numbers_right_and_shows_the_caption():
    table = show(frame()[["count", "note"]].iloc[:2].assign(note=["short", "longer text"]),
                 caption="Two tasks")
    lines = str(table).splitlines()
    assert lines[0] == "Two tasks"
    assert lines[1].split() == ["Task", "id", "Count", "Note"]
    header, first, second = lines[1:]
    end = header.index("Count") + len("Count")
    assert first[:end].endswith("1") and second[:end].endswith("2")
    assert repr(table) == str(table)


def test_html_escapes_cells_headings_and_index():
    data = pd.DataFrame({"a<b>": ["<script>alert('x')</script>", "R&D"], "n": [1, 2]},
                        index=pd.Index(["<i>row</i>", "fine"], name="id<x>"))
    page = show(data, labels={"n": "N & M"}).to_html()
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "R&amp;D" in page
    assert "<i>row</i>" not in page and "&lt;i&gt;row&lt;/i&gt;" in page
    assert "A&lt;b&gt;" in page and "N &amp; M" in page
    assert "id&lt;x&gt;" in page.lower()
    assert show(frame()).to_html() == show(frame())._repr_html_()


def test_html_right_aligns_numbers_and_wraps_text():
    """Figures right-aligned and unwrapped by a column rule (which outranks the generic
    td rule, as a cell's own rule would not); text columns wrap."""
    table = show(frame())
    page = table.to_html()
    position = {c: i for i, c in enumerate(table.text.columns)}
    for column in table.text.columns:
        rule = re.search(rf"#T_implcourse-[0-9a-f]+ td\.col{position[column]} \{{([^}}]*)\}}",
                         page)
        if column in table._numeric:
            assert rule and "text-align: right" in rule.group(1) \
                and "white-space: nowrap" in rule.group(1), column
        else:
            assert rule is None, column
    assert "white-space: normal" in page and "max-width: 36em" in page
    # Text that is a formatted figure counts as a figure.
    figures = show(pd.DataFrame({"npv": ["−769,036 EUR", "22.56%", "never", "3.33 years"]}))
    assert figures._numeric == ["NPV"]


def test_html_is_deterministic():
    """The same table gives the same HTML (strict nbval compares it); another table gets
    another id."""
    first, again = show(frame()).to_html(), show(frame()).to_html()
    assert first == again
    ids = set(re.findall(r"T_implcourse-[0-9a-f]{10}", first))
    assert len(ids) == 1
    other = show(frame().assign(count=[9, 9, 9])).to_html()
    assert set(re.findall(r"T_implcourse-[0-9a-f]{10}", other)) != ids
    assert show(frame(), caption="A caption").to_html().count("A caption") == 1


def test_a_repeated_index_renders_and_is_deterministic():
    """Rows may share an index label (the progress report lists several topics of one
    lesson): the HTML shows each row with its label, escaped, and is deterministic."""
    data = pd.DataFrame({"topic": ["Phases", "Roles", "EMV"], "tried": [2, 3, 1]},
                        index=pd.Index(["01 The lifecycle", "01 The lifecycle", "04 Risk & co"],
                                       name="lesson"))
    table = show(data)
    page = table.to_html()
    assert page == show(data).to_html()
    headings = re.findall(r'class="row_heading[^"]*"[^>]*>(.*?)</th>', page)
    assert headings == ["01 The lifecycle", "01 The lifecycle", "04 Risk &amp; co"]
    for topic in ("Phases", "Roles", "EMV"):
        assert f">{topic}</td>" in page
    assert "Lesson" in page


# --------------------------------------------------------------------------
# Errors
# --------------------------------------------------------------------------

@pytest.mark.parametrize("option", ["money", "percent", "units"])
def test_unknown_columns_are_named(option):
    value = {"units": {"minutes": "min"}}.get(option, ["minutes"])
    with pytest.raises(ValueError) as info:
        show(frame(), **{option: value})
    message = str(info.value)
    assert "'minutes'" in message and "not in the table" in message
    assert "total_float" in message and "days" in message      # what it has


@pytest.mark.parametrize("kwargs, error, pattern", [
    ({"decimals": 9}, ValueError, r"decimals must be <= 6"),
    ({"decimals": -1}, ValueError, r"decimals must be >= 0"),
    ({"decimals": {"roi": 7}}, ValueError, r"decimals\['roi'\] must be <= 6"),
    ({"currency": 3}, TypeError, r"currency must be a string"),
    ({"money": [3]}, TypeError, r"money\[0\] must be a string"),
])
def test_bad_options_are_named(kwargs, error, pattern):
    with pytest.raises(error, match=pattern):
        show(frame(), **kwargs)


@pytest.mark.parametrize("bad", [[1, 2], {"a": [1]}, None, "table", np.zeros((2, 2))])
def test_only_frames_and_series(bad):
    with pytest.raises(TypeError, match="frame must be a pandas DataFrame or Series"):
        show(bad)


def test_module_exports():
    assert set(tables.__all__) == {"Table", "show", "label", "format_value"}
