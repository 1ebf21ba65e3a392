"""A participant's server on the workshop hub: their copy of the course, then Jupyter.

The hub starts ``implcourse-singleuser`` (:mod:`implcourse.workshop.singleuser`)
instead of ``jupyterhub-singleuser`` (``workshop/jupyterhub_config.py`` sets
``Spawner.cmd``). It runs as the participant, in their home folder, so the
copy is theirs:

1. On the first start only, it writes the course's lessons into
   ``~/implcourse``: the participant edition (no worked solutions or trainer
   notes, closed book) by default, or the full lessons when the trainer
   sets ``IMPLCOURSE_WORKSHOP_EDITION=full``. A later start never
   overwrites the participant's own work, even if they deleted lessons
   (a file ``.implcourse-placed`` records that the copy was made).
2. It then becomes ``jupyterhub-singleuser`` with the same arguments.
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["FOLDER", "place_course"]

#: The folder, in the participant's home, that holds their copy.
FOLDER = "implcourse"
_PLACED = ".implcourse-placed"
EDITION_VARIABLE = "IMPLCOURSE_WORKSHOP_EDITION"


def place_course(home: str | os.PathLike, edition: str = "participant") -> Path | None:
    """Write the course into ``home/implcourse`` unless it was placed there before.

    Parameters
    ----------
    home : str or Path
        The participant's home folder.
    edition : {"participant", "full"}
        The participant edition (closed book) or the full lessons.

    Returns
    -------
    Path or None
        The folder written, or None if the copy had been made before.

    Examples
    --------
    >>> import tempfile
    >>> home = tempfile.mkdtemp()
    >>> place_course(home).name
    'implcourse'
    >>> place_course(home) is None      # never twice
    True
    """
    from ..validation import check_choice, shown

    if not isinstance(home, (str, os.PathLike)) or not str(home).strip():
        raise TypeError(f"home must be a folder path, got {type(home).__name__} {shown(home)}")
    if not Path(home).expanduser().is_absolute():  # never relative to wherever we run
        raise ValueError(f"home must be an absolute folder path, got {shown(str(home))}")
    edition = check_choice("edition", edition, ["participant", "full"])
    folder = Path(home).expanduser() / FOLDER
    if (folder / _PLACED).exists():
        return None
    if edition == "participant":
        from ..editions import student_edition

        student_edition(folder, overwrite=True)
    else:
        import shutil

        from .. import course
        from ..content import notebooks_dir

        folder.mkdir(parents=True, exist_ok=True)
        for lesson in course.load_course():
            source = notebooks_dir() / lesson.notebook
            if source.is_file():
                shutil.copyfile(source, folder / source.name)
    (folder / _PLACED).write_text("The course was placed here on the first start; later "
                                  "starts leave this folder alone.\n", encoding="utf-8")
    return folder
