"""Answer fields in implcourse.answers: reading numbers as people type them, showing
them, and every field's reading of a code answer, with messages in the learner's
words that name the field and repeat what was entered."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from implcourse.answers import (AnswerError, Choice, Field, MultiChoice, Number, Ordering, Table,
                                format_number, parse_number)

MINUS = "\u2212"


# --------------------------------------------------------------------------
# parse_number
# --------------------------------------------------------------------------

@pytest.mark.parametrize("text, value", [
    ("0", 0.0), ("42", 42.0), ("  7.25 ", 7.25), ("+3", 3.0), ("-3", -3.0), (".5", 0.5),
    ("1e3", 1000.0),
    # thousands separators: commas, spaces, non-breaking spaces
    ("1,250", 1250.0), ("1,234,567.5", 1234567.5), ("1 250", 1250.0), ("1 234 567", 1234567.0),
    ("1\u00a0250", 1250.0), ("-1,250.75", -1250.75), ("12,500", 12500.0),
    # a typographic minus or a dash pasted for one
    (f"{MINUS}3", -3.0), ("\u20133", -3.0), ("\u20123", -3.0), (f"{MINUS}1,250.5", -1250.5),
    # units and currencies, before or after, dropped (not converted)
    ("EUR 1,200", 1200.0), ("1,200 EUR", 1200.0), ("€1,200", 1200.0), ("1,200€", 1200.0),
    ("$3", 3.0), ("£ 12", 12.0), ("12 %", 12.0), ("12%", 12.0), ("5 days", 5.0),
    ("3 yrs.", 3.0), ("USD 2.5 million", 2.5), (f"{MINUS}70,750 EUR", -70750.0),
])
def test_parse_number_reads_numbers_as_people_type_them(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize("text, example", [
    ("12,5", "12.5"), ("-12,5", "-12.5"), (f"{MINUS}0,25", "-0.25"), ("3,14159", "3.14159"),
    ("1,2345", "1.2345"), ("12,50 EUR", "12.50"), ("1,25,0", "1,250.5"), ("1.250,5", "1,250.5"),
])
def test_comma_decimals_are_refused_with_the_example(text, example):
    """A comma not followed by groups of three digits may be a decimal comma: refused,
    showing how to write it, and repeating what was typed."""
    with pytest.raises(AnswerError) as info:
        parse_number(text, "Total EMV")
    assert str(info.value) == (f"Total EMV: use a point for decimals, as in {example} "
                               f"(you entered {text.strip()!r})")


@pytest.mark.parametrize("text", ["", "   ", "\t\n"])
def test_empty_is_no_answer_yet(text):
    with pytest.raises(AnswerError, match=r"^Payback: no answer yet$"):
        parse_number(text, "Payback")


@pytest.mark.parametrize("text", ["abc", "ten", "nan", "inf", "EUR", "%", "1.2.3", "--3",
                                  "3-", "0x10", "1/2", "€", "(5)"])
def test_words_and_malformed_numbers_are_refused(text):
    with pytest.raises(AnswerError) as info:
        parse_number(text, "NPV")
    message = str(info.value)
    assert message.startswith("NPV: type a number such as 1,250.5")
    assert message.endswith(f"(you entered {text.strip()!r})")


@pytest.mark.parametrize("text", ["1e999", "-1e999", "1e400 EUR"])
def test_non_finite_numbers_are_refused(text):
    with pytest.raises(AnswerError, match=r"^IRR: type an ordinary number \(you entered "):
        parse_number(text, "IRR")


def test_default_label_and_type_check():
    with pytest.raises(AnswerError, match=r"^The answer: no answer yet$"):
        parse_number("")
    for bad in (3, 3.5, None, b"3", ["3"]):
        with pytest.raises(TypeError, match="text must be a string"):
            parse_number(bad)


def test_answer_error_is_a_value_error():
    assert issubclass(AnswerError, ValueError)


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=-10**15, max_value=10**15), st.sampled_from([",", " ", "\u00a0"]))
def test_grouped_integers_read_back(value, separator):
    text = f"{value:,}".replace(",", separator).replace("-", MINUS)
    assert parse_number(text) == value


# --------------------------------------------------------------------------
# format_number
# --------------------------------------------------------------------------

@pytest.mark.parametrize("value, decimals, text", [
    (1234.5, None, "1,234.5"), (-1234.5, None, f"{MINUS}1,234.5"), (1250, 0, "1,250"),
    (2.0, None, "2"), (0.1 + 0.2, None, "0.3"), (1e6, None, "1,000,000"),
    (-0.0, None, "0"), (-0.0, 2, "0.00"), (-0.0001, 2, "0.00"), (-0.4, 0, "0"),
    (-1e-9, None, "0"), (-0.5, 0, "0"), (-0.6, 0, f"{MINUS}1"),
    (12.345, 1, "12.3"), (-987654.321, 2, f"{MINUS}987,654.32"), (0.000001, None, "0.000001"),
])
def test_format_number(value, decimals, text):
    assert format_number(value, decimals) == text


@settings(max_examples=300, deadline=None)
@given(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e15, max_value=1e15),
       st.sampled_from([None, 0, 1, 2, 3]))
def test_format_number_never_shows_a_hyphen_or_a_negative_zero(value, decimals):
    """No "-" at all (negatives get U+2212), no "−0" that reads back as zero, and the
    text reads back as the value, within the decimals shown."""
    text = format_number(value, decimals)
    assert "-" not in text
    back = parse_number(text)
    assert back != 0 or not text.startswith(MINUS)
    step = 10.0 ** -(decimals if decimals is not None else 6)
    assert abs(back - value) <= step / 2 + 1e-12 * abs(value) + 1e-12
    if text.startswith(MINUS):
        assert value < 0


# --------------------------------------------------------------------------
# Number
# --------------------------------------------------------------------------

DAYS = Number("duration", "Duration of Project kickoff", unit="days", minimum=0)
SHARE = Number("share", "Break-even share", unit="%", percent=True, minimum=0.1, maximum=1,
               decimals=1)
PLAIN = Number("npv", "NPV", unit="EUR")


@pytest.mark.parametrize("value, read", [
    (12, 12.0), (2.5, 2.5), ("12", 12.0), (" 1,250 days ", 1250.0), (np.float64(3.5), 3.5),
    (np.int64(7), 7.0), (0, 0.0),
])
def test_number_coerce_reads_code_answers(value, read):
    got = DAYS.coerce(value)
    assert got == read and type(got) is float


@pytest.mark.parametrize("value, message", [
    (True, "Duration of Project kickoff: give a number (you gave True)"),
    (None, "Duration of Project kickoff: give a number (you gave None)"),
    ([3], "Duration of Project kickoff: give a number (you gave [3])"),
    ("three", "Duration of Project kickoff: type a number such as 1,250.5 (you entered "
              "'three')"),
    ("3,5", "Duration of Project kickoff: use a point for decimals, as in 3.5 (you entered "
            "'3,5')"),
    (float("nan"), "Duration of Project kickoff: give an ordinary number (you gave nan)"),
    (float("inf"), "Duration of Project kickoff: give an ordinary number (you gave inf)"),
    (-3, f"Duration of Project kickoff cannot be negative (you entered {MINUS}3)"),
    ("-1,500", f"Duration of Project kickoff cannot be negative (you entered {MINUS}1,500)"),
])
def test_number_coerce_errors_name_the_label_and_repeat_the_input(value, message):
    with pytest.raises(AnswerError) as info:
        DAYS.coerce(value)
    assert str(info.value) == message


def test_number_bounds_in_the_learners_units():
    """Bounds are in check's units; a per-cent field states them in per cent."""
    lower = Number("x", "Lead time", unit="days", minimum=5, maximum=10)
    with pytest.raises(AnswerError, match=r"^Lead time cannot be below 5 days \(you entered 3\)$"):
        lower.coerce(3)
    with pytest.raises(AnswerError,
                       match=r"^Lead time cannot be above 10 days \(you entered 12\.5\)$"):
        lower.coerce(12.5)
    assert lower.coerce(5) == 5 and lower.coerce(10) == 10
    with pytest.raises(AnswerError, match=r"^Break-even share cannot be above 100% "):
        SHARE.coerce(1.5)
    with pytest.raises(AnswerError, match=r"^Break-even share cannot be below 10% "):
        SHARE.coerce(0.05)


@pytest.mark.parametrize("text, value", [
    ("15.3 %", 0.153), ("15.3", 0.153), ("15.3%", 0.153), ("100", 1.0), ("10", 0.1),
    (" 65.7 % ", 0.657),
])
def test_percent_field_reads_per_cent_from_the_box(text, value):
    """The box takes per cent; check (and the grading) gets a fraction."""
    assert SHARE.from_text(text) == pytest.approx(value)
    assert Number("irr", "IRR", unit="%", percent=True).from_text(text) == pytest.approx(value)


@pytest.mark.parametrize("text, message", [
    ("150", "Break-even share cannot be above 100% (you entered 150%)"),
    ("5 %", "Break-even share cannot be below 10% (you entered 5%)"),
    ("-5", f"Break-even share cannot be below 10% (you entered {MINUS}5%)"),
    ("", "Break-even share: no answer yet"),
    ("lots", "Break-even share: type a number such as 1,250.5 (you entered 'lots')"),
    ("15,3", "Break-even share: use a point for decimals, as in 15.3 (you entered '15,3')"),
])
def test_percent_field_messages_are_in_per_cent(text, message):
    with pytest.raises(AnswerError) as info:
        SHARE.from_text(text)
    assert str(info.value) == message


def test_number_from_text_without_percent_and_its_empty_value():
    assert PLAIN.from_text(f"{MINUS}1,250.5 EUR") == -1250.5
    assert DAYS.from_text("12") == 12.0
    with pytest.raises(AnswerError, match=rf"cannot be negative \(you entered {MINUS}2\)"):
        DAYS.from_text("-2")
    assert PLAIN.empty() == "" and Field("x", "X").empty() is None
    with pytest.raises(NotImplementedError):
        Field("x", "X").coerce(1)


@pytest.mark.parametrize("field, value, text", [
    (SHARE, 0.153, "15.3"), (SHARE, 0.65744819, "65.7"), (PLAIN, -1250.5, f"{MINUS}1,250.5"),
    (Number("t", "TCO", decimals=0), 444000.4, "444,000"), (DAYS, 4.0, "4"),
    (Number("r", "Rate", percent=True), 0.0, "0"),
    (Number("r", "Rate", decimals=2), -0.001, "0.00"),
])
def test_number_to_text(field, value, text):
    assert field.to_text(value) == text


FIELDS = [Number("a", "A"), Number("b", "B", unit="EUR", decimals=0),
          Number("c", "C", unit="%", percent=True, decimals=1),
          Number("d", "D", unit="days", decimals=2), Number("e", "E", percent=True)]


@settings(max_examples=400, deadline=None)
@given(st.floats(allow_nan=False, allow_infinity=False), st.sampled_from(FIELDS))
def test_number_round_trip_through_the_box(value, field):
    """What the box shows reads back as the value, within the decimals it shows."""
    scale = 100.0 if field.percent else 1.0
    assume(math.isfinite(value * scale))
    back = field.from_text(field.to_text(value))
    step = 10.0 ** -(field.decimals if field.decimals is not None else 6)
    assert math.isfinite(back)
    assert abs(back - value) <= step / 2 / scale + 4e-16 * abs(value) + 1e-300


# --------------------------------------------------------------------------
# Choice, MultiChoice, Ordering, Table
# --------------------------------------------------------------------------

DECISION = Choice("decision", "Decision", (("Go", "GO"), ("No-go", "NO-GO")))
NUMBERS = Choice("pick", "Pick", (("One", 1), ("Two", 2)))


@pytest.mark.parametrize("given, value", [
    ("GO", "GO"), ("go", "GO"), ("  No-go ", "NO-GO"), ("NO-GO", "NO-GO"), ("no-GO", "NO-GO"),
    ("no  -go", None),
])
def test_choice_takes_the_value_or_the_label_without_regard_to_case(given, value):
    if value is None:
        with pytest.raises(AnswerError):
            DECISION.coerce(given)
    else:
        assert DECISION.coerce(given) == value


def test_choice_values_labels_and_errors():
    assert DECISION.values == ["GO", "NO-GO"]
    assert DECISION.label_of("NO-GO") == "No-go" and DECISION.label_of("other") == "other"
    assert NUMBERS.coerce(2) == 2 and NUMBERS.coerce("two") == 2 and NUMBERS.coerce("1") == 1
    assert DECISION.empty() is None
    for bad, shown in (("maybe", "'maybe'"), (3, "3"), (None, "None"), (["GO"], "['GO']")):
        with pytest.raises(AnswerError) as info:
            DECISION.coerce(bad)
        assert str(info.value) == f"Decision: choose one of Go, No-go (you gave {shown})"
    with pytest.raises(AnswerError, match=r"choose one of One, Two \(you gave 3\)"):
        NUMBERS.coerce(3)


OPEN = MultiChoice("open", "Open blocking items",
                   (("UAT signed off", "uat"), ("Training done", "training"),
                    ("Rollback tested", "rollback")))


@pytest.mark.parametrize("given, value", [
    ([], []), (["rollback", "uat"], ["uat", "rollback"]), (("Training done",), ["training"]),
    ({"UAT", "ROLLBACK"}, ["uat", "rollback"]), (["uat", "UAT signed off"], ["uat"]),
    (iter(["training"]), ["training"]), (["uat", "training", "rollback"],
                                         ["uat", "training", "rollback"]),
])
def test_multichoice_in_the_options_order(given, value):
    assert OPEN.coerce(given) == value


@pytest.mark.parametrize("bad, message", [
    ("uat", "Open blocking items: give a list, [] for none (you gave 'uat')"),
    (5, "Open blocking items: give a list, [] for none (you gave 5)"),
    (None, "Open blocking items: give a list, [] for none (you gave None)"),
    (["uat", "cutover"], "Open blocking items: choose one of UAT signed off, Training done, "
                         "Rollback tested (you gave 'cutover')"),
])
def test_multichoice_errors(bad, message):
    with pytest.raises(AnswerError) as info:
        OPEN.coerce(bad)
    assert str(info.value) == message
    assert OPEN.empty() == []


STEPS = Ordering("order", "Steps", (("Risk", "r"), ("Cause", "c"), ("Effect", "e")))


def test_ordering_takes_every_item_once():
    assert STEPS.coerce(["cause", "risk", "effect"]) == ["c", "r", "e"]
    assert STEPS.coerce(("e", "Risk", "C")) == ["e", "r", "c"]
    assert STEPS.empty() == ["r", "c", "e"]          # the options' (shuffled) order


@pytest.mark.parametrize("bad, message", [
    (["c", "c", "e"], "Steps: put each of the 3 items in once (Risk is missing)"),
    (["c", "e"], "Steps: put each of the 3 items in once (Risk is missing)"),
    ([], "Steps: put each of the 3 items in once (Risk is missing)"),
    (["c", "r", "e", "c"], "Steps: put each of the 3 items in once (one appears twice)"),
    ("cre", "Steps: give the items as a list, in order (you gave 'cre')"),
    (3, "Steps: give the items as a list, in order (you gave 3)"),
    (["c", "r", "x"], "Steps: choose one of Risk, Cause, Effect (you gave 'x')"),
])
def test_ordering_errors(bad, message):
    with pytest.raises(AnswerError) as info:
        STEPS.coerce(bad)
    assert str(info.value) == message


KIND = Choice("kind", "Kind of work", (("Upgrade", "upgrade"), ("Support", "support")))
KINDS = Table("kinds", "Kinds of work", rows=("Move to release 9", "Reset a password"),
              column=KIND)


def test_table_one_choice_per_row():
    assert KINDS.coerce(["Upgrade", "support"]) == ["upgrade", "support"]
    assert KINDS.coerce(("SUPPORT", "upgrade")) == ["support", "upgrade"]
    assert KINDS.empty() == [None, None]
    assert Table("t", "T", rows=(1, 2)).rows == ("1", "2")          # rows are texts
    assert Table("t", "T").column.label == "Answer"


@pytest.mark.parametrize("bad, message", [
    (["upgrade"], "Kinds of work: give one answer for each of the 2 rows (you gave 1)"),
    (["upgrade"] * 3, "Kinds of work: give one answer for each of the 2 rows (you gave 3)"),
    ([], "Kinds of work: give one answer for each of the 2 rows (you gave 0)"),
    ("upgrade", "Kinds of work: give a list with one answer per row (you gave 'upgrade')"),
    ({"upgrade", "support"}, "Kinds of work: give a list with one answer per row (you gave "),
    (7, "Kinds of work: give a list with one answer per row (you gave 7)"),
    (["upgrade", "consulting"], "Row 2: Kind of work: choose one of Upgrade, Support (you "
                                "gave 'consulting')"),
    ([None, "support"], "Row 1: Kind of work: choose one of Upgrade, Support (you gave None)"),
])
def test_table_errors_name_the_row_and_the_column(bad, message):
    with pytest.raises(AnswerError) as info:
        KINDS.coerce(bad)
    assert str(info.value).startswith(message)


def test_fields_are_frozen_and_options_normalised():
    field = Choice("x", "X", [(1, "a"), ("B", "b")])
    assert field.options == (("1", "a"), ("B", "b"))
    with pytest.raises(AttributeError):
        field.label = "Y"
