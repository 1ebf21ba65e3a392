"""``implcourse-singleuser``: a participant's server on the workshop hub.

The entry point the hub runs for each participant (``Spawner.cmd``): it
places the course in their home folder on the first start
(:func:`implcourse.workshop.start.place_course`), then becomes
``jupyterhub-singleuser`` with the arguments the hub gave.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from .start import EDITION_VARIABLE, place_course


def main(argv: list[str] | None = None) -> None:
    """Place the course (first start only), then run ``jupyterhub-singleuser``."""
    args = sys.argv[1:] if argv is None else list(argv)
    edition = os.environ.get(EDITION_VARIABLE, "participant").strip() or "participant"
    try:
        place_course(Path.home(), edition)
    except (OSError, ValueError, TypeError) as err:  # the server still starts
        print(f"implcourse: the course could not be placed in your folder ({err})",
              file=sys.stderr)
    os.execvp("jupyterhub-singleuser", ["jupyterhub-singleuser", *args])


if __name__ == "__main__":
    main()
