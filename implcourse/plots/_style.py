"""Colours and sizes shared by the course's charts (colour-blind safe)."""

CRITICAL = "#c8402a"      # vermilion: critical tasks
NORMAL = "#3a6ea5"        # blue: tasks with float
FLOAT = "#b9c6d6"         # pale blue: the float after a task
MILESTONE = "#222222"
GRID = "#dddddd"
FONT_SIZE = 9


def finish(ax, title: str, *, grid: str | None = "both", legend: str | None = None) -> None:
    """The house style's last touches on an axes: a light grid on ``grid``
    ("x", "y", "both" or None), no top and right spines, a frameless legend at
    ``legend`` (a matplotlib location, or None for no legend) and the title
    on the left."""
    if grid:
        ax.grid(axis=grid, color=GRID)
    ax.spines[["top", "right"]].set_visible(False)
    if legend:
        ax.legend(fontsize=FONT_SIZE, frameon=False, loc=legend)
    ax.set_title(title, loc="left", fontsize=FONT_SIZE + 2)
