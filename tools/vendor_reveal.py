"""Refresh the vendored reveal.js and MathJax files that slide decks use offline.

``implcourse slides`` copies ``implcourse/_vendor/reveal.js/`` and
``implcourse/_vendor/mathjax/`` next to the decks it writes, so a deck opens
in a room with no network. This script fetches the two packages from the npm
registry with ``npm pack`` (the ordinary client), keeps only the files a deck
loads, and rewrites ``implcourse/_vendor/README.md`` with the versions and
the packages' checksums.

Run from the course folder::

    python tools/vendor_reveal.py                     # the pinned versions
    python tools/vendor_reveal.py --reveal 4.6.0 --mathjax 3.2.2

One change is made to a vendored file: the white theme's ``@import`` of the
Source Sans Pro web font is removed (the course's slide style names its own
fonts, and a deck must not ask for files it does not ship).
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENDOR = ROOT / "implcourse" / "_vendor"

REVEAL_VERSION = "4.6.0"
MATHJAX_VERSION = "3.2.2"

#: (package, file inside the npm tarball, where it goes under _vendor/). reveal's
#: ``dist/`` is kept as ``core/`` (the repository ignores folders named dist/);
#: ``implcourse slides`` copies it back to ``OUTDIR/reveal.js/dist/``.
KEEP = {
    "reveal.js": [("LICENSE", "reveal.js/LICENSE"),
                  ("dist/reveal.js", "reveal.js/core/reveal.js"),
                  ("dist/reveal.css", "reveal.js/core/reveal.css"),
                  ("dist/reset.css", "reveal.js/core/reset.css"),
                  ("dist/theme/white.css", "reveal.js/core/theme/white.css"),
                  ("plugin/notes/notes.js", "reveal.js/plugin/notes/notes.js")],
    "mathjax": [("LICENSE", "mathjax/LICENSE"),
                ("es5/tex-svg.js", "mathjax/tex-svg.js")],
}

FONT_IMPORT = re.compile(r"^@import url\(\./fonts/[^)]*\);\n", re.M)

README = """# Vendored files for offline slide decks

`implcourse slides` copies these folders next to the decks it writes
(`OUTDIR/reveal.js/` and `OUTDIR/mathjax/`), so a deck needs no network: the
room where a course is taught may have none. Refresh them with
`python tools/vendor_reveal.py`; do not edit them by hand.

| Package | Version | From | License | npm shasum |
| --- | --- | --- | --- | --- |
| reveal.js | {reveal} | `npm pack reveal.js@{reveal}` (npm registry) | MIT (`reveal.js/LICENSE`) | `{reveal_sha}` |
| mathjax | {mathjax} | `npm pack mathjax@{mathjax}` (npm registry) | Apache-2.0 (`mathjax/LICENSE`) | `{mathjax_sha}` |

Kept from reveal.js: `dist/reveal.js`, `dist/reveal.css`, `dist/reset.css`,
`dist/theme/white.css` (stored here in `reveal.js/core/`, because the
repository ignores folders named `dist/`; the command copies them to
`OUTDIR/reveal.js/dist/`, where nbconvert's template looks) and
`plugin/notes/notes.js` (the speaker view: press `S` in a deck). Kept from MathJax: `es5/tex-svg.js`, the single-file TeX to
SVG renderer (it needs no font files).

One change: the `@import` of the Source Sans Pro web font is removed from
`white.css` (the course's slide style names its own fonts).
"""


def _pack(package: str, version: str, into: Path) -> tuple[Path, str]:
    out = subprocess.run(["npm", "pack", f"{package}@{version}", "--json",
                          "--pack-destination", str(into)],
                         check=True, capture_output=True, text=True).stdout
    info = json.loads(out)[0]
    return into / info["filename"], info["shasum"]


def vendor(reveal: str = REVEAL_VERSION, mathjax: str = MATHJAX_VERSION) -> None:
    """Fetch both packages and replace ``implcourse/_vendor/`` with what decks need."""
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        shas = {}
        staged = tmp_path / "staged"
        for package, version in (("reveal.js", reveal), ("mathjax", mathjax)):
            tarball, shas[package] = _pack(package, version, tmp_path)
            with tarfile.open(tarball) as archive:
                for inside, target in KEEP[package]:
                    member = archive.extractfile(f"package/{inside}")
                    if member is None:
                        raise SystemExit(f"{package}@{version} has no {inside}")
                    dest = staged / target
                    dest.parent.mkdir(parents=True, exist_ok=True)
                    dest.write_bytes(member.read())
        theme = staged / "reveal.js/core/theme/white.css"
        theme.write_text(FONT_IMPORT.sub("", theme.read_text(encoding="utf-8")),
                         encoding="utf-8")
        (staged / "README.md").write_text(README.format(
            reveal=reveal, mathjax=mathjax, reveal_sha=shas["reveal.js"],
            mathjax_sha=shas["mathjax"]), encoding="utf-8")
        for name in ("reveal.js", "mathjax"):
            shutil.rmtree(VENDOR / name, ignore_errors=True)
        VENDOR.mkdir(parents=True, exist_ok=True)
        for item in staged.iterdir():
            if item.is_dir():
                shutil.copytree(item, VENDOR / item.name)
            else:
                shutil.copy2(item, VENDOR / item.name)
    print(f"Vendored reveal.js {reveal} and MathJax {mathjax} into implcourse/_vendor/")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reveal", default=REVEAL_VERSION, help="reveal.js version (4.x)")
    parser.add_argument("--mathjax", default=MATHJAX_VERSION, help="MathJax version (3.x)")
    options = parser.parse_args(argv)
    if not options.reveal.startswith("4."):
        parser.error("the nbconvert reveal template is written for reveal.js 4.x")
    vendor(options.reveal, options.mathjax)
    return 0


if __name__ == "__main__":
    sys.exit(main())
