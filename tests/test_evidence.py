"""Published evidence (CHAOS 2015) as data: loading, checks, ratio, chart."""

from __future__ import annotations

import pytest

from implcourse.content import ContentError
from implcourse.methods import evidence
from implcourse.plots.evidence import chaos_chart


def test_every_size_has_both_approaches_and_rows_add_up():
    table = evidence.chaos_2015()
    assert set(table.index) == {(s, a) for s in evidence.SIZES for a in ("agile", "waterfall")}
    assert (table.sum(axis=1) == 100).all()


def test_checked_rows_match_the_secondary_reports():
    """agilehope.com (28 April 2016): agile about 3.5 times as likely to succeed over all
    sizes and 6 times for large projects; publicsectorblogs.org.uk (August 2019): 18 % of
    large agile projects against 3 % of large waterfall ones."""
    table = evidence.chaos_2015()
    assert evidence.success_ratio("all") == pytest.approx(3.5, abs=0.1)
    assert evidence.success_ratio("large") == pytest.approx(6.0)
    assert table.loc[("large", "agile"), "successful"] == 18
    assert table.loc[("large", "waterfall"), "successful"] == 3
    assert "not available to check" in evidence.chaos_source().checked


@pytest.mark.parametrize("size", list(evidence.SIZES))
def test_ratio_is_agile_success_over_waterfall_success(size):
    table = evidence.chaos_2015()
    agile, waterfall = (table.loc[(size, a), "successful"] for a in ("agile", "waterfall"))
    assert evidence.success_ratio(size) == pytest.approx(agile / waterfall)


def test_size_beats_approach_in_the_reported_figures():
    """The caveat "size dominates" is what the figures show: small waterfall projects
    were reported successful more often than large agile ones."""
    table = evidence.chaos_2015()
    assert table.loc[("small", "waterfall"), "successful"] > table.loc[("large", "agile"),
                                                                       "successful"]
    assert any("Size dominates" in c for c in evidence.chaos_caveats())


def test_caveats_cover_self_reporting_definitions_selection_and_method():
    text = " ".join(evidence.chaos_caveats()).lower()
    for word in ("self-reported", "definition", "selection", "peer-reviewed"):
        assert word in text


@pytest.mark.parametrize("bad", ["huge", "", None, 3])
def test_unknown_size_is_refused(bad):
    with pytest.raises((ValueError, TypeError), match="size"):
        evidence.success_ratio(bad)


def test_a_row_that_does_not_add_up_names_the_file(tmp_path):
    from implcourse.content import resolve

    bad = tmp_path / "evidence.yml"
    bad.write_text(resolve(evidence.EVIDENCE_FILE).read_text(encoding="utf-8").replace(
        "successful: 39, challenged: 52", "successful: 39, challenged: 51"), encoding="utf-8")
    with pytest.raises(ContentError, match="add up to 99") as err:
        evidence.chaos_2015(bad)
    assert "evidence.yml" in str(err.value)


def test_chart_draws_every_bar_and_says_the_numbers():
    table = evidence.chaos_2015()
    fig = chaos_chart(table)
    bars = [p for p in fig.axes[0].patches]
    assert len(bars) == 3 * len(table)
    for size, label in evidence.SIZES.items():
        assert f"{label.lower()}: agile {table.loc[(size, 'agile'), 'successful']} %" in fig.alt
    assert "self-reported" in fig.alt


def test_chart_refuses_what_is_not_the_table():
    with pytest.raises(TypeError, match="chaos_2015"):
        chaos_chart([1, 2, 3])
