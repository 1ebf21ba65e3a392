"""Write the generated parts of the trainer's documents in notebooks/trainer/.

The agendas and the evaluation form are generated whole; the group exercises
keep their hand-written text, and only their generated blocks (timings and
answer keys, computed by the package) are filled. Run it after changing
datasets/course.yml, a dataset behind an answer key, or implcourse.agenda /
implcourse.trainer_docs:

    python tools/make_trainer_docs.py          # write the files
    python tools/make_trainer_docs.py --check  # exit 1 if a file is out of date

tests/test_trainer_docs.py and tests/test_agenda.py fail when a committed file
differs from what this script writes.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from implcourse import trainer_docs  # noqa: E402

FOLDER = ROOT / "notebooks" / "trainer"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 if a file is out of date")
    options = parser.parse_args(argv)
    stale = []
    for name in trainer_docs.FILES:
        path = FOLDER / name
        current = path.read_text(encoding="utf-8") if path.is_file() else None
        if current is None and name in trainer_docs.BLOCK_FILES:
            print(f"notebooks/trainer/{name} is missing: it holds hand-written text, so "
                  f"write it first, with its generated blocks' markers", file=sys.stderr)
            return 1
        try:
            wanted = trainer_docs.render_file(name, current)
        except ValueError as err:
            print(f"notebooks/trainer/{name}: {err}", file=sys.stderr)
            return 1
        if wanted == current:
            continue
        stale.append(name)
        if not options.check:
            path.write_text(wanted, encoding="utf-8", newline="\n")
            print(f"wrote notebooks/trainer/{name}")
    if options.check and stale:
        print("out of date: " + ", ".join(stale) + " (run python tools/make_trainer_docs.py)",
              file=sys.stderr)
        return 1
    if not stale:
        print("every trainer document is up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
