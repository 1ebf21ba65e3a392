"""Colours and sizes shared by the course's charts (colour-blind safe)."""

CRITICAL = "#c8402a"      # vermilion: critical tasks
NORMAL = "#3a6ea5"        # blue: tasks with float
FLOAT = "#b9c6d6"         # pale blue: the float after a task
MILESTONE = "#222222"
GRID = "#dddddd"
FONT_SIZE = 9
