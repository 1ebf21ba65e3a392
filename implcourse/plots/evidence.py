"""Charts of published evidence: the CHAOS 2015 figures by approach and size."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..methods.evidence import SIZES
from . import _style
from ._style import Chart

__all__ = ["chaos_chart", "chaos_alt"]

_PARTS = (("successful", "Successful", _style.NORMAL),
          ("challenged", "Challenged", "#E69F00"),   # Okabe-Ito orange
          ("failed", "Failed", _style.CRITICAL))


def chaos_alt(table: pd.DataFrame) -> str:
    """The chart's text alternative: success rates by size and approach, in words."""
    parts = []
    for size, label in SIZES.items():
        agile = table.loc[(size, "agile"), "successful"]
        waterfall = table.loc[(size, "waterfall"), "successful"]
        parts.append(f"{label.lower()}: agile {agile} %, waterfall {waterfall} %")
    return ("Reported CHAOS 2015 shares of successful projects (Standish Group, self-reported "
            "survey data; see the caveats): " + "; ".join(parts) + ".")


def chaos_chart(table: pd.DataFrame) -> Chart:
    """Stacked bars: the share of projects successful, challenged and failed, by size
    and approach, as the CHAOS Report 2015 reports them.

    Parameters
    ----------
    table : pandas.DataFrame
        :func:`implcourse.methods.evidence.chaos_2015`.

    Examples
    --------
    >>> from implcourse.methods.evidence import chaos_2015
    >>> fig = chaos_chart(chaos_2015())
    >>> "agile 39 %" in fig.alt and "waterfall 3 %" in fig.alt
    True
    """
    if not isinstance(table, pd.DataFrame):
        raise TypeError(f"table must be a DataFrame from chaos_2015(), got {type(table).__name__}")
    missing = {"successful", "challenged", "failed"} - set(table.columns)
    if missing:
        raise ValueError(f"table lacks the columns {sorted(missing)}")
    rows = [(size, approach) for size in SIZES for approach in ("agile", "waterfall")]
    labels = [f"{SIZES[s]}: {a}" for s, a in rows]
    fig = _style.new_chart(7.5, 4.2)
    ax = fig.add_subplot()
    y = np.arange(len(rows))[::-1] + np.repeat(np.arange(len(SIZES))[::-1] * 0.6, 2)
    left = np.zeros(len(rows))
    for column, name, colour in _PARTS:
        values = np.array([float(table.loc[r, column]) for r in rows])
        ax.barh(y, values, left=left, color=colour, label=name, height=0.8)
        for yi, li, v in zip(y, left, values):
            if v >= 7:
                ax.text(li + v / 2, yi, f"{v:.0f}", ha="center", va="center",
                        fontsize=_style.size(-2), color="white" if column != "challenged" else "black")
        left += values
    ax.set_yticks(y, labels, fontsize=_style.size(-1))
    ax.set_xlim(0, 100)
    ax.set_xlabel("Share of projects (%)")
    _style.finish(ax, "CHAOS 2015: resolution by approach and size (reported)", grid="x")
    ax.legend(fontsize=_style.size(-1), frameon=False, loc="upper center",
              bbox_to_anchor=(0.5, -0.16), ncols=3)
    fig.alt = chaos_alt(table)
    return fig
