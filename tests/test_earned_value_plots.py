"""Lesson 06's earned value charts: what they draw, their text alternatives and the
live artists a tool moves."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.colors import to_rgba

from implcourse.metrics.schedule_performance import earned_schedule, schedule_drift
from implcourse.metrics.earned_value import eac_projection, load_history, status_at
from implcourse.plots import _style
from implcourse.plots.earned_value import (AC_COLOUR, EV_COLOUR, PV_COLOUR, s_curve, spi_drift,
                                           update_s_curve, update_spi_drift)

HISTORY = load_history()
OKABE_ITO = {to_rgba(c) for c in ("#3a6ea5", "#009E73", "#c8402a", "#222222", "#6b6b6b")}


def lines(ax) -> dict:
    return {line.get_label(): line for line in ax.get_lines()}


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


@pytest.mark.parametrize("method", ["cpi", "atypical", "cpi_spi"])
def test_s_curve_draws_the_status(method):
    period = 6
    fig = s_curve(HISTORY, period, method)
    assert isinstance(fig, _style.Chart)
    ax = fig.axes[0]
    drawn = lines(ax)
    pv = drawn["Planned value (PV)"]
    assert list(pv.get_xdata()) == list(range(12))
    assert list(pv.get_ydata()) == [0.0] + HISTORY["pv"].tolist()
    ev = drawn["Earned value (EV)"]
    assert list(ev.get_ydata()) == [0.0] + HISTORY["ev"][:period].tolist()   # no future
    assert list(drawn["Actual cost (AC)"].get_ydata()) == [0.0] + HISTORY["ac"][:period].tolist()
    assert list(drawn["status date"].get_xdata()) == [period, period]
    assert drawn["BAC 950,000 EUR"].get_ydata()[0] == 950_000
    line = eac_projection(HISTORY, period, method)
    projection = drawn["EAC projection"]
    assert projection.get_linestyle() == "--"
    assert list(projection.get_xdata()) == pytest.approx([period, line.finish])
    assert list(projection.get_ydata()) == pytest.approx([line.ac, line.eac])
    # Axes: units named, and the projection fits.
    assert ax.get_ylabel() == "Cumulative cost (EUR)" and ax.get_xlabel() == "Month (0 = start)"
    assert ax.get_xlim()[1] >= line.finish and ax.get_ylim()[1] >= line.eac
    # Colour-blind-safe colours, and a marker or style apart for each series.
    for artist in ax.get_lines():
        assert to_rgba(artist.get_color()) in OKABE_ITO
    assert {PV_COLOUR, EV_COLOUR, AC_COLOUR} <= {l.get_color() for l in ax.get_lines()}


def test_s_curve_alt_states_the_numbers():
    fig = s_curve(HISTORY, 6)
    s = status_at(HISTORY, 6)
    line = eac_projection(HISTORY, 6)
    for text in ("month 6 of 11", "BAC 950,000 EUR", "planned finish month 8",
                 f"CPI {s.cpi:.2f}", f"SPI {s.spi:.2f}", "EAC = BAC / CPI",
                 f"month {line.finish:.1f}", _style.money(line.eac, "EUR")):
        assert text in fig.alt, text


def test_s_curve_live_artists_and_update():
    fig = s_curve(HISTORY, 4, currency="EUR")
    live = {a.get_gid() for a in fig.findobj() if str(a.get_gid()).startswith("live")}
    assert live == {f"live:{name}" for name in fig.evm_artists}
    assert update_s_curve(fig, HISTORY, 9)
    assert list(fig.evm_artists["status"].get_xdata()) == [9, 9]
    assert len(fig.evm_artists["ev"].get_xdata()) == 10
    line = eac_projection(HISTORY, 9)
    assert list(fig.evm_artists["projection"].get_ydata()) == pytest.approx([line.ac, line.eac])
    assert "month 9 of 11" in fig.alt
    with pytest.raises(ValueError, match="Status period"):
        update_s_curve(fig, HISTORY, 0)
    with pytest.raises(TypeError, match="s_curve"):
        update_s_curve(spi_drift(HISTORY), HISTORY, 3)


def test_update_refuses_a_projection_beyond_the_axes():
    fig = s_curve(HISTORY, 2)
    fig.axes[0].set_xlim(0, 9.5)    # as if the axis were narrower than month 3's forecast
    assert eac_projection(HISTORY, 3).finish > 9.5
    before = list(fig.evm_artists["status"].get_xdata())
    assert update_s_curve(fig, HISTORY, 3) is False
    assert list(fig.evm_artists["status"].get_xdata()) == before


def test_s_curve_bad_input():
    with pytest.raises(ValueError, match="Status period must be a whole number from 1 to 11"):
        s_curve(HISTORY, 12)
    with pytest.raises(ValueError, match="EAC method"):
        s_curve(HISTORY, 3, method="typical")
    with pytest.raises(TypeError, match="pandas DataFrame"):
        s_curve([1, 2], 1)


def test_spi_drift_shows_the_drift():
    fig = spi_drift(HISTORY, 6)
    ax = fig.axes[0]
    drawn = lines(ax)
    drift = schedule_drift(HISTORY)
    spi = drawn["SPI = EV / PV (money)"]
    spi_t = drawn["SPI(t) = ES / AT (time)"]
    assert list(spi.get_ydata()) == pytest.approx(drift["SPI"].tolist())
    assert list(spi_t.get_ydata()) == pytest.approx(drift["SPI(t)"].tolist())
    assert list(drawn["1.0: as planned"].get_ydata()) == [1.0, 1.0]
    assert list(drawn["planned finish (month 8)"].get_xdata()) == [8, 8]
    assert ax.get_ylabel() == "Index (1.0 = as planned)" and ax.get_xlabel() == "Month"
    final = earned_schedule(HISTORY["pv"], HISTORY["ev"].iloc[-1], 11)
    assert f"ends at {final.spi_t:.2f}" in fig.alt
    assert "finished 3 months late" in fig.alt and "Status month 6" in fig.alt
    for artist in ax.get_lines():
        assert to_rgba(artist.get_color()) in OKABE_ITO


def test_spi_drift_status_line():
    fig = spi_drift(HISTORY)
    status = fig.evm_artists["status"]
    assert not status.get_visible() and "Status month" not in fig.alt
    assert status.get_gid() == "live:status"
    assert update_spi_drift(fig, 10)
    assert status.get_visible() and list(status.get_xdata()) == [10, 10]
    assert "Status month 10" in fig.alt
    update_spi_drift(fig, None)
    assert not status.get_visible()
    with pytest.raises(ValueError, match="from 1 to 11"):
        update_spi_drift(fig, 12)


def test_charts_render():
    for fig in (s_curve(HISTORY, 6), spi_drift(HISTORY, 6)):
        png = fig.png()
        assert png.startswith(b"\x89PNG") and len(png) > 5_000
    with _style.for_tools():
        small = s_curve(HISTORY, 6)
    assert np.prod(small.get_size_inches()) < np.prod(s_curve(HISTORY, 6).get_size_inches())
