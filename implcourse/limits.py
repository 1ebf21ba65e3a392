"""What is too big: the course's documented limits, in one place.

A trainer's file or a learner's input beyond one of these limits is refused
with a message that names the limit, *before* any work is done, so that no
tool hangs or fills the memory. The limits are far above anything a course
needs (the largest course file is 27 KB and 240 rows; the largest plan has
a few dozen tasks), and far below what would make a tool unresponsive.

The figures behind them are measured by the scripts in ``benchmarks/``.

Examples
--------
>>> MAX_FILE_BYTES // 1_000_000
5
>>> MAX_TASKS
10000
"""

from __future__ import annotations

__all__ = [
    "MAX_FILE_BYTES",
    "MAX_ROWS",
    "MAX_CELL_CHARS",
    "MAX_YAML_DEPTH",
    "MAX_YAML_NODES",
    "MAX_TASKS",
    "MAX_PATHS",
    "MAX_PATH_ENTRIES",
    "MAX_TREE_NODES",
    "MAX_TREE_DEPTH",
    "MAX_PERIODS",
    "MAX_LONG_SERIES_ROWS",
    "MAX_SIMULATIONS",
    "MAX_SIMULATION_CELLS",
]

#: Largest content file read, in bytes (5 MB).
MAX_FILE_BYTES = 5_000_000
#: Most data rows in a CSV file.
MAX_ROWS = 20_000
#: Longest single CSV cell, in characters.
MAX_CELL_CHARS = 100_000
#: Deepest nesting of lists and mappings in a YAML file (a decision tree uses
#: three YAML levels per tree level, so this leaves room for MAX_TREE_DEPTH).
MAX_YAML_DEPTH = 160
#: Most nodes a YAML file may expand to, counting every alias at full size
#: (what stops an "alias bomb": a small file that expands exponentially).
MAX_YAML_NODES = 200_000
#: Most tasks in a plan.
MAX_TASKS = 10_000
#: Most critical paths listed at once.
MAX_PATHS = 10_000
#: Most task ids in all the critical paths listed at once (long paths in a
#: large plan stop the listing before they fill the memory).
MAX_PATH_ENTRIES = 1_000_000
#: Most nodes in a decision tree.
MAX_TREE_NODES = 10_000
#: Deepest decision tree (levels below the root).
MAX_TREE_DEPTH = 50
#: Most periods in a cash-flow series.
MAX_PERIODS = 1_200
#: Most rows longer than 65 periods in one IRR stack (each such series is
#: searched on its own, a few milliseconds each).
MAX_LONG_SERIES_ROWS = 500
#: Most runs of one Monte Carlo simulation.
MAX_SIMULATIONS = 1_000_000
#: Most numbers one simulation may draw (runs x tasks or risks), about 400 MB of floats.
MAX_SIMULATION_CELLS = 50_000_000
