"""Where the course content lives, and how it is read and validated.

This is the one module that knows where ``datasets/`` and ``notebooks/`` are.
Everything else asks it, so the content is found the same way from a source
checkout (an editable install) and from an installed wheel:

* in a source checkout the content sits beside the package, in the
  repository's ``datasets/`` and ``notebooks/`` folders;
* the wheel carries the same folders inside the package, as
  ``implcourse/_course/datasets`` and ``implcourse/_course/notebooks``
  (see ``[tool.hatch.build.targets.wheel.force-include]`` in pyproject.toml).

Course datasets and a trainer's own files
-----------------------------------------
A *bare name* given as a string, such as ``"risk_register.csv"`` or
``"plans/erp_rollout.csv"``, always means the course's own dataset under
``datasets/``. A file of the same name in the working folder never replaces
it. A trainer's or learner's own file is given as a *path*: a
:class:`pathlib.Path`, an absolute path, or a string that starts with
``./``, ``../`` or ``~``. See :func:`resolve`.

Files as editors and spreadsheets write them
--------------------------------------------
Every content file is read by :func:`read_text`, which

* refuses a file larger than :data:`implcourse.limits.MAX_FILE_BYTES`
  before reading it;
* accepts UTF-8 with or without a byte-order mark (what Excel's
  "CSV UTF-8" writes), and UTF-16 or UTF-32 with a byte-order mark
  (Excel's "Unicode text");
* refuses, with a message naming the file and the line, text in any other
  encoding (for example Latin-1 or Windows-1252, what Excel's plain "CSV"
  writes in Western Europe) rather than guess it: a wrong guess would
  silently change names and ids. The message says how to save the file as
  UTF-8;
* refuses binary files (a spreadsheet ``.xlsx``, a picture, a zip).

CSV files (:func:`read_csv`) may be separated by commas, semicolons (what
Excel writes in many European locales) or tabs; the separator is found from
the header row. Blank rows, and rows of empty cells, are skipped. In a file
separated by semicolons or tabs, a number written with a decimal comma
(``1,5``) is read as ``1.5`` where the field expects a number (and only
there); in a comma-separated file a decimal comma is refused with a message
that says so. Cells longer than :data:`~implcourse.limits.MAX_CELL_CHARS`
and files of more than :data:`~implcourse.limits.MAX_ROWS` data rows are
refused.

YAML files (:func:`read_yaml`) are read with libyaml's fast loader where it
is installed. Before any object is built, the file's event stream is checked
in one linear pass: nesting deeper than
:data:`~implcourse.limits.MAX_YAML_DEPTH`, a file that would expand to more
than :data:`~implcourse.limits.MAX_YAML_NODES` values (an "alias bomb"),
tags other than YAML's plain data types (``!!python/object`` and the like)
and a key written twice in one mapping are refused, each naming the line.

Validation
----------
Content files are validated on load with pydantic models. A malformed file
raises :class:`ContentError`, whose message names the file (relative to the
course, never an absolute path of the course's machine), the entry and the
field. The loaders raise the first problem; every problem of a file is in
the error's :attr:`ContentError.problems`, and :func:`validation_errors`
lists every problem of one entry.

Examples
--------
>>> (datasets_dir() / "course.yml").is_file()
True
>>> display_path(datasets_dir() / "lifecycle" / "phases.yml")
'datasets/lifecycle/phases.yml'
"""

from __future__ import annotations

import codecs
import csv
import functools
import io
import itertools
import os
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Annotated, Any, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from .limits import (MAX_CELL_CHARS, MAX_FILE_BYTES, MAX_ROWS, MAX_YAML_DEPTH,
                     MAX_YAML_NODES)
from .validation import check_str, shown

__all__ = [
    "ContentError",
    "ContentModel",
    "Text",
    "Items",
    "Slug",
    "course_root",
    "datasets_dir",
    "notebooks_dir",
    "display_path",
    "resolve",
    "is_own_path",
    "pattern_words",
    "read_text",
    "read_yaml",
    "read_csv",
    "load_frame",
    "load_entries",
    "load_rows",
    "validation_errors",
    "field_path",
    "cached_by_file",
]

M = TypeVar("M", bound=BaseModel)

_PACKAGE_DIR = Path(__file__).resolve().parent

#: The YAML loader: libyaml's C parser where it is installed (several times
#: faster on large files), else PyYAML's pure-Python one. Both are "safe":
#: they build only plain data (text, numbers, lists, mappings, dates).
_LOADER: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class ContentError(ValueError):
    """A content file is missing or malformed.

    Parameters
    ----------
    file : str
        The file, as shown to a reader (relative to the course root).
    message : str
        What is wrong.
    entry : str, optional
        Which entry or row, e.g. ``"entry 3 (id 'design')"`` or ``"line 4"``.
    field : str, optional
        Which field of the entry, e.g. ``"deliverables"`` or ``"roles[1]"``.
    line : int, optional
        The line of the file where the entry starts, where it is known (YAML
        entries); shown after the file name.
    problems : sequence of ContentError, optional
        Every problem found in the file, this one first. By default just
        this one. A checker reports them all; a loader raises the first.

    Attributes
    ----------
    file, message, entry, field, line
        As given.
    problems : tuple of ContentError
        Every problem found, each with its own ``file``, ``entry``,
        ``field``, ``line`` and ``message``; ``problems[0]`` is this error.

    Examples
    --------
    >>> str(ContentError("datasets/x.yml", "Field required", "entry 2", "purpose"))
    "datasets/x.yml: entry 2: field 'purpose': Field required"
    >>> str(ContentError("x.yml", "Field required", "entry 2 (id 'a')", "name", line=7))
    "x.yml: line 7: entry 2 (id 'a'): field 'name': Field required"
    >>> len(ContentError("x.yml", "empty").problems)
    1
    """

    def __init__(self, file: str, message: str, entry: str | None = None,
                 field: str | None = None, *, line: int | None = None,
                 problems: Sequence[ContentError] = ()) -> None:
        self.file, self.entry, self.field, self.message = file, entry, field, message
        self.line = line
        parts = [str(file)]
        if line is not None:
            parts.append(f"line {line}")
        if entry:
            parts.append(entry)
        if field:
            parts.append(f"field {field!r}")
        parts.append(message)
        super().__init__(": ".join(parts))
        others = tuple(p for p in problems if p is not self)
        self.problems: tuple[ContentError, ...] = (self, *others)


#: A non-empty string (surrounding spaces are stripped first).
Text = Annotated[str, StringConstraints(min_length=1)]
#: A non-empty list of non-empty strings.
Items = Annotated[list[Text], Field(min_length=1)]
#: An identifier: lower case letters, digits and underscores.
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]


class ContentModel(BaseModel):
    """Base for content models: immutable, and unknown fields are errors.

    Refusing unknown fields catches the commonest authoring slip, a
    misspelt key that would otherwise be silently ignored. Numbers must be
    finite: a cell reading ``nan`` or ``inf`` is refused, not carried into
    the calculations.
    """

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True,
                              allow_inf_nan=False)


# --------------------------------------------------------------------------
# Locations
# --------------------------------------------------------------------------

@functools.lru_cache(maxsize=1)
def course_root() -> Path:
    """The folder holding ``datasets/`` and ``notebooks/``.

    An installed wheel's packaged copy wins; otherwise the source checkout
    beside the package is used.
    """
    for candidate in (_PACKAGE_DIR / "_course", _PACKAGE_DIR.parent):
        if (candidate / "datasets" / "course.yml").is_file():
            return candidate
    raise ContentError("datasets/course.yml",
                       "course content not found beside the implcourse package; "
                       "reinstall the course (see README.md)")


def datasets_dir() -> Path:
    """The ``datasets/`` folder."""
    return course_root() / "datasets"


def notebooks_dir() -> Path:
    """The ``notebooks/`` folder."""
    return course_root() / "notebooks"


def display_path(path: str | Path) -> str:
    """A path as shown in messages: relative to the course root when inside it.

    Paths outside the course (a learner's own file) are shown as given, so
    that no absolute path of the course's machine ever reaches an output.
    """
    if not isinstance(path, (str, Path)):
        raise TypeError(f"path must be a string or a Path, got {type(path).__name__} "
                        f"{shown(path)}")
    path = Path(path)
    try:
        return path.resolve().relative_to(course_root()).as_posix()
    except (ValueError, OSError):
        return str(path)


#: How a string that is a path of one's own (not a course dataset name) starts.
_OWN_PREFIXES = ("./", "../", ".\\", "..\\", "~")


def is_own_path(name: str | Path) -> bool:
    """Whether ``name`` names a file of your own rather than a course dataset.

    A :class:`~pathlib.Path`, an absolute string, or a string starting with
    ``./``, ``../`` or ``~`` is your own file; any other string is the name
    of a course dataset (see :func:`resolve`).

    Examples
    --------
    >>> is_own_path("risk_register.csv"), is_own_path("./risk_register.csv")
    (False, True)
    >>> is_own_path(Path("risk_register.csv"))
    True
    """
    if isinstance(name, Path):
        return True
    if not isinstance(name, str):
        raise TypeError(f"name must be a dataset name or a path, got {type(name).__name__}")
    return (name in (".", "..") or name.startswith(_OWN_PREFIXES)
            or Path(name).is_absolute() or os.path.isabs(name))


def resolve(name: str | Path) -> Path:
    """Find a content file: a course dataset by its name, or a file of your own by its path.

    The rule, so that the course's data is never shadowed by the working
    folder:

    * a string that is a bare relative name, such as ``"risk_register.csv"``
      or ``"plans/erp_rollout.csv"``, is always a course dataset under
      ``datasets/`` (and may not leave it with ``..``);
    * a file of your own is given as a path: a :class:`pathlib.Path`
      (relative to the working folder, or absolute), an absolute string, or
      a string starting with ``./``, ``../`` or ``~`` (your home folder).

    Parameters
    ----------
    name : str or Path
        A dataset name or a path.

    Returns
    -------
    Path
        The file.

    Raises
    ------
    TypeError
        If ``name`` is not a string or path.
    ContentError
        If there is no such file. When a bare name is not a course dataset
        but a file of that name is in the working folder, the message says
        how to give it as a path.

    Examples
    --------
    >>> display_path(resolve("risk_register.csv"))
    'datasets/risk_register.csv'
    >>> try:
    ...     resolve("no_such.csv")
    ... except ContentError as err:
    ...     print(err.message.split("; ")[1])
    to use a file of your own, give it as a path, e.g. Path('no_such.csv') or './no_such.csv'
    """
    if not isinstance(name, (str, Path)):
        raise TypeError(f"name must be a dataset name or a path, got "
                        f"{type(name).__name__} {shown(name)}")
    if isinstance(name, str) and not name.strip():
        raise ContentError(repr(name), "name must be a dataset name or a path, got an "
                                       "empty string")
    if isinstance(name, str) and "\x00" in name:
        raise ContentError(shown(name), "name must not contain NUL characters")
    if isinstance(name, Path) or is_own_path(name):
        try:
            path = Path(name).expanduser()
        except RuntimeError:  # "~someone" with no such user, or no home folder
            raise ContentError(shown(str(name)), "the home folder in this path cannot be "
                                                 "found") from None
        try:
            is_file = path.is_file()
            exists = is_file or path.exists()
        except (OSError, ValueError):  # a name the system refuses (too long, bad bytes)
            raise ContentError(shown(str(name)), "not a usable file path") from None
        if not is_file:
            problem = ("is a folder, not a file" if exists else "no such content file")
            hint = ""
            if (isinstance(name, Path) and not path.is_absolute()
                    and (datasets_dir() / path).is_file()):
                hint = (f"; to use the course's dataset, give its name as a string: "
                        f"{path.as_posix()!r}")
            raise ContentError(display_path(path), problem + hint)
        return path
    parts = Path(name.replace("\\", "/")).parts
    if ".." in parts:
        raise ContentError(name, "a course dataset name may not leave datasets/ with '..'; "
                                 "to use a file of your own, give it as a path, e.g. "
                                 f"Path({name!r})")
    path = datasets_dir() / name
    try:
        is_file = path.is_file()
    except (OSError, ValueError):
        raise ContentError(shown(name), "not a usable dataset name") from None
    if not is_file:
        own = f"give it as a path, e.g. Path({name!r}) or './{name}'"
        try:
            here = Path(name).is_file()
        except (OSError, ValueError):
            here = False
        if here:
            raise ContentError(name, f"no such content file: no course dataset {name!r} under "
                                 f"datasets/; a file of that name is in the working folder: "
                                 f"to use it, {own}")
        raise ContentError(name, f"no such content file: no course dataset {name!r} under "
                                 f"datasets/; to use a file of your own, {own}")
    return path


# --------------------------------------------------------------------------
# Reading text: size, encodings, binary files
# --------------------------------------------------------------------------

#: Byte-order marks, longest first (a UTF-32-LE mark starts like UTF-16-LE's),
#: with the codec that reads the bytes after the mark.
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
         (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
         (codecs.BOM_UTF16_BE, "utf-16-be"))

_SAVE_AS_UTF8 = ("save it as UTF-8: in Excel, File > Save As > 'CSV UTF-8 (Comma "
                 "delimited)'; in a text editor, choose the encoding 'UTF-8'")
_NUL = "\x00"


def _line_of(data: bytes | str, position: int) -> int:
    newline = b"\n" if isinstance(data, bytes) else "\n"
    return data.count(newline, 0, position) + 1


def _decode(data: bytes, file: str) -> str:
    """Bytes to text, by byte-order mark, else strict UTF-8; never a guess."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom):].decode(encoding)
            except UnicodeDecodeError as err:
                name = encoding[:-3].upper()
                raise ContentError(file, f"the file starts with a {name} byte-order mark, "
                                         f"but byte {err.start + len(bom):,} is not {name} "
                                         f"text; {_SAVE_AS_UTF8}") from None
            break
    else:
        if _NUL.encode() in data:
            raise ContentError(file, "not a text file (it contains NUL bytes): is it a "
                                     "spreadsheet (.xlsx), a picture, an archive, or UTF-16 "
                                     "text without a byte-order mark? "
                                     + _SAVE_AS_UTF8[0].upper() + _SAVE_AS_UTF8[1:],
                               f"line {_line_of(data, data.index(_NUL.encode()))}")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as err:
            bad = data[err.start:err.start + 1]
            sample = data[max(0, err.start - 20):err.start + 20]
            seen = sample.decode("cp1252", errors="replace").splitlines() or [""]
            raise ContentError(file, f"not UTF-8 text: byte 0x{bad.hex().upper()} near "
                                     f"{shown(max(seen, key=len))} (the file looks saved in "
                                     f"another encoding, such as Latin-1 or Windows-1252); "
                                     + _SAVE_AS_UTF8,
                               f"line {_line_of(data, err.start)}") from None
    if _NUL in text:
        raise ContentError(file, "not a text file (it contains NUL characters); "
                           + _SAVE_AS_UTF8, f"line {_line_of(text, text.index(_NUL))}")
    return text


def read_text(name: str | Path) -> str:
    """The text of a content file, checked for size and encoding.

    Parameters
    ----------
    name : str or Path
        A dataset name or a path of your own (see :func:`resolve`).

    Returns
    -------
    str
        The text, without a byte-order mark. Line ends are kept as written.

    Raises
    ------
    ContentError
        If the file is larger than :data:`~implcourse.limits.MAX_FILE_BYTES`
        (checked before reading), cannot be read, is binary, or is not
        UTF-8 (or UTF-16/UTF-32 with a byte-order mark).

    Examples
    --------
    >>> read_text("plans/erp_rollout.csv").splitlines()[0]
    'id,name,phase,duration,depends_on'
    """
    path = resolve(name)
    return _read_path_text(path, display_path(path))


def _read_path_text(path: Path, file: str) -> str:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ContentError(file, f"the file is {size:,} bytes, more than the limit of "
                                     f"{MAX_FILE_BYTES:,} bytes (implcourse.limits."
                                     f"MAX_FILE_BYTES); split it or shorten it")
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as err:
        raise ContentError(file, f"cannot read the file: {err.strerror or err}") from None
    if len(data) > MAX_FILE_BYTES:  # it grew while we read it, or is not a plain file
        raise ContentError(file, f"the file is more than the limit of {MAX_FILE_BYTES:,} "
                                 f"bytes (implcourse.limits.MAX_FILE_BYTES)")
    return _decode(data, file)


# --------------------------------------------------------------------------
# YAML: a linear pre-scan of the event stream, then the safe loader
# --------------------------------------------------------------------------

#: The tags a content file may carry: YAML's plain data types.
_SAFE_TAGS = frozenset(tag for tag in yaml.SafeLoader.yaml_constructors if tag) | {"!"}
_RESOLVER = yaml.resolver.Resolver()


class _Frame:
    """One open list or mapping while scanning (hand-written: PyYAML has no
    streaming limit on depth or alias expansion, which is what we check)."""

    __slots__ = ("mapping", "start", "anchor", "keys", "expect_key", "entries")

    def __init__(self, mapping: bool, start: int, anchor: str | None) -> None:
        self.mapping, self.start, self.anchor = mapping, start, anchor
        self.keys: set | None = set() if mapping else None
        self.expect_key = True
        self.entries: list[int] | None = None


def _scan_yaml(text: str, file: str, loader: type) -> dict[str, list[int]]:
    """Refuse what is hostile before any object is built; one pass, no recursion.

    Returns the line of every item of each top-level list, by key (so that a
    loader can say where an entry starts).
    """
    anchors: dict[str, int] = {}
    open_anchors: set[str] = set()
    stack: list[_Frame] = []
    expanded = 0
    entry_lines: dict[str, list[int]] = {}
    top_key: str | None = None
    documents = 0
    node_events = (yaml.ScalarEvent, yaml.SequenceStartEvent, yaml.MappingStartEvent,
                   yaml.AliasEvent)
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            anchors.clear()
            continue
        if isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            frame = stack.pop()
            if frame.anchor is not None:
                anchors[frame.anchor] = expanded - frame.start
                open_anchors.discard(frame.anchor)
            continue
        if not isinstance(event, node_events):
            continue
        line = event.start_mark.line + 1 if event.start_mark is not None else None
        parent = stack[-1] if stack else None
        is_key = parent is not None and parent.mapping and parent.expect_key
        if parent is not None and parent.mapping:
            parent.expect_key = not parent.expect_key
        if parent is not None and parent.entries is not None and documents == 1:
            parent.entries.append(line)
        tag = getattr(event, "tag", None)
        if tag is not None and tag not in _SAFE_TAGS:
            short = tag.replace("tag:yaml.org,2002:", "!!")
            raise ContentError(file, f"the tag {shown(short)} is not allowed: content files "
                                     f"hold plain data only (text, numbers, lists, mappings)",
                               f"line {line}")
        if isinstance(event, yaml.AliasEvent):
            if event.anchor in open_anchors:
                raise ContentError(file, f"the alias *{event.anchor} refers to the value it "
                                         f"is inside (a loop)", f"line {line}")
            size = anchors.get(event.anchor, 1)  # an unknown alias: the loader names it
            expanded += size
        else:
            expanded += 1
        if expanded > MAX_YAML_NODES:
            raise ContentError(file, f"the file expands to more than {MAX_YAML_NODES:,} "
                                     f"values (implcourse.limits.MAX_YAML_NODES), counting "
                                     f"each alias (*name) at the size of what it repeats",
                               f"line {line}")
        if isinstance(event, yaml.ScalarEvent):
            if event.anchor is not None:
                anchors[event.anchor] = 1
            if is_key:
                plain = event.implicit[0] and tag is None
                key_tag = (_RESOLVER.resolve(yaml.ScalarNode, event.value, (True, False))
                           if plain else (tag or "tag:yaml.org,2002:str"))
                key = (key_tag, event.value)
                if event.value != "<<":
                    if key in parent.keys:
                        raise ContentError(file, f"the key {shown(event.value)} appears twice "
                                                 f"in the same mapping (the second would "
                                                 f"silently replace the first)",
                                           f"line {line}")
                    parent.keys.add(key)
                if len(stack) == 1 and documents == 1:
                    top_key = event.value
        elif isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            if is_key and len(stack) == 1:
                top_key = None
            frame = _Frame(isinstance(event, yaml.MappingStartEvent), expanded - 1, event.anchor)
            if (isinstance(event, yaml.SequenceStartEvent) and len(stack) == 1
                    and parent.mapping and not is_key and top_key is not None
                    and documents == 1):
                frame.entries = entry_lines.setdefault(top_key, [])
            if event.anchor is not None:
                open_anchors.add(event.anchor)
            stack.append(frame)
            if len(stack) > MAX_YAML_DEPTH:
                raise ContentError(file, f"lists and mappings are nested more than "
                                         f"{MAX_YAML_DEPTH} deep (implcourse.limits."
                                         f"MAX_YAML_DEPTH)", f"line {line}")
    return entry_lines


def _yaml_error(err: yaml.YAMLError, file: str, text: str) -> ContentError:
    mark = getattr(err, "problem_mark", None)
    where = f"line {mark.line + 1}" if mark is not None else None
    problem = getattr(err, "problem", None) or str(err)
    if isinstance(err, yaml.reader.ReaderError):
        if isinstance(err.position, int) and 0 <= err.position <= len(text):
            where = f"line {_line_of(text, err.position)}"
        problem = (f"a character a text file may not hold (code {err.character!r}: "
                   f"{err.reason})")
    elif "nesting depth" in str(problem):  # libyaml's own limit, met while reading ahead
        return ContentError(file, f"lists and mappings are nested more than {MAX_YAML_DEPTH} "
                                  f"deep (implcourse.limits.MAX_YAML_DEPTH)", where)
    line_text = ""
    if mark is not None and isinstance(text, str):
        lines = text.splitlines()
        line_text = lines[mark.line] if 0 <= mark.line < len(lines) else ""
    return ContentError(file, f"invalid YAML: {problem}{_yaml_hint(str(problem), line_text)}",
                        where)


def _yaml_hint(problem: str, line_text: str) -> str:
    """What the commonest YAML slips mean, in a trainer's words."""
    if "\t" in line_text[:len(line_text) - len(line_text.lstrip())]:
        return " (this line is indented with a tab: YAML is indented with spaces only)"
    if any(p in problem for p in ("mapping values are not allowed", "expected '-' indicator",
                                  "could not find expected ':'", "expected <block end>",
                                  "did not find expected key")):
        return (" (check the indentation of this line and the one before: the keys of one "
                "entry line up under each other, and each list item starts with '- ' at the "
                "same indentation; a ':' inside a text needs the text in quotes)")
    return ""


def _load_yaml(path: Path, file: str, loader: type | None = None
               ) -> tuple[Any, dict[str, list[int]]]:
    loader = loader or _LOADER
    text = _read_path_text(path, file)
    try:
        lines = _scan_yaml(text, file, loader)
        data = yaml.load(text, Loader=loader)  # noqa: S506 (a safe loader)
    except yaml.YAMLError as err:
        raise _yaml_error(err, file, text) from None
    except RecursionError:
        raise ContentError(file, "lists and mappings are nested too deeply") from None
    except (ValueError, TypeError, OverflowError) as err:
        if isinstance(err, ContentError):
            raise
        # e.g. a date such as 2026-02-30, or an integer of thousands of digits
        problem = str(err)
        if "digits" in problem:
            problem = "a whole number of thousands of digits"
        elif "out of range" in problem or "must be in" in problem:
            problem = f"a date or time that does not exist ({problem})"
        raise ContentError(file, f"a value cannot be read: {problem}") from None
    if data is None:
        raise ContentError(file, "the file is empty (or holds only comments)")
    return data, lines


def read_yaml(name: str | Path) -> Any:
    """Parse a YAML content file safely.

    Parameters
    ----------
    name : str or Path
        A dataset name or a path of your own (see :func:`resolve`).

    Returns
    -------
    object
        The parsed data: mappings, lists, text, numbers, booleans, dates,
        ``None``.

    Raises
    ------
    ContentError
        Naming the file and the line: a syntax error, nesting deeper than
        :data:`~implcourse.limits.MAX_YAML_DEPTH`, an expansion beyond
        :data:`~implcourse.limits.MAX_YAML_NODES` values, a tag that is not
        plain data (e.g. ``!!python/object``), a key written twice in one
        mapping, a file with no data (empty, or only comments); or any
        problem of :func:`read_text`.

    Examples
    --------
    >>> read_yaml("lifecycle/phases.yml")["phases"][0]["id"]
    'initiation'
    """
    path = resolve(name)
    return _load_yaml(path, display_path(path))[0]


# --------------------------------------------------------------------------
# CSV
# --------------------------------------------------------------------------

_EXCEL_SEP = re.compile(r"^sep=([,;\t|])$")


def _delimiter(header_line: str) -> str:
    """The separator of a CSV file, from its header row: ``,``, ``;`` or tab."""
    try:
        return csv.Sniffer().sniff(header_line, delimiters=",;\t").delimiter
    except csv.Error:  # a single column: nothing to find
        return ","


def read_csv(name: str | Path) -> tuple[tuple[str, ...], list[tuple[int, dict[str, str | None]]]]:
    """Read a CSV content file into its header and its rows of text.

    Parameters
    ----------
    name : str or Path
        A dataset name or a path of your own (see :func:`resolve`).

    Returns
    -------
    header : tuple of str
        The column names, stripped of spaces.
    rows : list of (int, dict)
        Each data row with its number as a spreadsheet shows it (the header
        is row 1), as ``{column: cell}``; cells are stripped of spaces and an
        empty cell is ``None``. Blank rows are skipped (their numbers too).

    Raises
    ------
    ContentError
        Naming the file and the row: an empty file, a header with an empty
        or repeated column name, a row with more cells than the header, a
        cell longer than :data:`~implcourse.limits.MAX_CELL_CHARS`, more than
        :data:`~implcourse.limits.MAX_ROWS` data rows, a broken quote; or any
        problem of :func:`read_text`.

    Examples
    --------
    >>> header, rows = read_csv("plans/erp_rollout.csv")
    >>> header[:2], rows[0][0], rows[0][1]["id"]
    (('id', 'name'), 2, 'kickoff')
    """
    path = resolve(name)
    file = display_path(path)
    header, rows, _ = _read_csv(path, file)
    return header, rows


def _read_csv(path: Path, file: str):
    text = _read_path_text(path, file)
    if not text.strip():
        raise ContentError(file, "the file is empty: it needs a header row of column names "
                                 "and at least one data row")
    lines = iter(io.StringIO(text, newline=""))
    number = 0
    first = ""
    for first in lines:  # blank lines before the header are skipped
        number += 1
        if first.strip():
            break
    hint = _EXCEL_SEP.match(first.strip())
    if hint:  # Excel's "sep=;" line names the separator
        delimiter = hint.group(1)
    else:
        delimiter = _delimiter(first[:4096])
        lines = itertools.chain([first], lines)
        number -= 1
    reader = csv.reader(lines, delimiter=delimiter)
    rows: list[tuple[int, dict[str, str | None]]] = []
    try:
        raw_header = next(reader)
        number += 1
        header = [cell.strip().lstrip("\ufeff").strip() for cell in raw_header]
        for cell in raw_header:
            if len(cell) > MAX_CELL_CHARS:
                raise ContentError(file, _long_cell(len(cell)), f"row {number}")
        seen: set[str] = set()
        for label in header:
            if label and label in seen:
                raise ContentError(file, f"the column {shown(label)} appears twice in the "
                                         f"header", f"row {number}")
            seen.add(label)
        for cells in reader:
            number += 1
            if not any(cell.strip() for cell in cells):
                continue
            if len(rows) >= MAX_ROWS:
                raise ContentError(file, f"more than {MAX_ROWS:,} data rows (implcourse."
                                         f"limits.MAX_ROWS); split the file", f"row {number}")
            for cell in cells:
                if len(cell) > MAX_CELL_CHARS:
                    raise ContentError(file, _long_cell(len(cell)), f"row {number}")
            if len(cells) > len(header):
                if any(cell.strip() for cell in cells[len(header):]):
                    raise ContentError(file, f"more cells than header columns ({len(cells)} "
                                       f"cells, {len(header)} columns)"
                                       + _separator_hint(delimiter), f"row {number}")
                cells = cells[:len(header)]
            row: dict[str, str | None] = {}
            for column, (label, cell) in enumerate(zip(header, cells), start=1):
                value = cell.strip() or None
                if not label:
                    if value is not None:
                        raise ContentError(file, f"column {column} has a value but no name in "
                                                 f"the header row", f"row {number}")
                    continue
                row[label] = value
            for label in header[len(cells):]:
                if label:
                    row[label] = None
            rows.append((number, row))
    except StopIteration:
        raise ContentError(file, "the file has no header row") from None
    except csv.Error as err:
        message = (_long_cell(None) if "field larger than field limit" in str(err)
                   else f"the row cannot be read as CSV ({err})")
        raise ContentError(file, message, f"row {number + 1}") from None
    header_tuple = tuple(label for label in header if label)
    if not header_tuple:
        raise ContentError(file, "the header row has no column names", "row 1")
    return header_tuple, rows, delimiter


def _long_cell(size: int | None) -> str:
    what = f"a cell of {size:,} characters" if size is not None else "a cell"
    return (f"{what} is longer than the limit of {MAX_CELL_CHARS:,} characters "
            f"(implcourse.limits.MAX_CELL_CHARS); is a quote (\") left open?")


def _separator_hint(delimiter: str) -> str:
    if delimiter == ",":
        return (" (a decimal comma such as 1,5 or a comma inside a text needs the cell in "
                "double quotes)")
    name = {";": "semicolon", "\t": "tab"}.get(delimiter, repr(delimiter))
    return f" (a {name} inside a text needs the cell in double quotes)"


def load_frame(name: str | Path):
    """A CSV content file as a :class:`pandas.DataFrame`, read like :func:`read_csv`.

    A column whose every non-empty cell is a number becomes numeric (whole
    numbers as integers when no cell is empty); other columns stay text.
    Empty cells are missing values.

    Parameters
    ----------
    name : str or Path
        A dataset name or a path of your own (see :func:`resolve`).

    Returns
    -------
    pandas.DataFrame
        One row per data row, the columns in header order.

    Raises
    ------
    ContentError
        As :func:`read_csv`.

    Examples
    --------
    >>> frame = load_frame("stakeholders/client_survey.csv")
    >>> list(frame.columns[:2]), str(frame["csat"].dtype)
    (['checkin', 'date'], 'int64')
    """
    import pandas as pd

    header, rows = read_csv(name)
    frame = pd.DataFrame([row for _, row in rows], columns=list(header))
    for column in frame.columns:
        try:
            frame[column] = pd.to_numeric(frame[column])
        except (ValueError, TypeError):  # a text column stays text
            pass
    return frame


# --------------------------------------------------------------------------
# Validation with pydantic, in plain words
# --------------------------------------------------------------------------

def field_path(loc: Sequence[Any]) -> str:
    """A pydantic error location as a field path, e.g. ``roles[1]`` or ``costs.training[2]``.

    Examples
    --------
    >>> field_path(("costs", "training", 2))
    'costs.training[2]'
    """
    if isinstance(loc, (str, bytes)) or not isinstance(loc, Sequence):
        raise TypeError(f"loc must be a sequence of field names and indexes, got "
                        f"{type(loc).__name__} {shown(loc)}")
    name = ""
    for part in loc:
        name += f"[{part}]" if isinstance(part, int) else (f".{part}" if name else str(part))
    return name


_DECIMAL_COMMA = re.compile(r"^[+-]?\d+,\d+$")
_NUMBER_ERRORS = {"float_parsing": "a number", "float_type": "a number",
                  "finite_number": "a finite number",
                  "decimal_parsing": "a number", "decimal_type": "a number",
                  "int_parsing": "a whole number", "int_type": "a whole number",
                  "int_from_float": "a whole number", "int_parsing_size": "a whole number"}
_PLAIN = {"bool_parsing": "expected true or false", "bool_type": "expected true or false",
          "string_type": "expected text", "list_type": "expected a list",
          "dict_type": "expected a mapping of names to values",
          "model_type": "expected a mapping of names to values",
          "extra_forbidden": "unknown field (check its spelling)"}
_SCALARS = (str, int, float, bool, type(None))


#: The id and code patterns of the course's models, in a trainer's words.
PATTERN_WORDS = {
    r"^[a-z][a-z0-9_]*$": "lower-case letters, digits and underscores, starting with a "
                          "letter (such as design_review)",
    r"^[a-z0-9][a-z0-9_-]*$": "lower-case letters, digits, '-' and '_' (such as my-01)",
    r"^R\d{2,3}$": "R and two or three digits (such as R01)",
    r"^P\d{3,6}$": "P and three to six digits (such as P001)",
    r"^[A-Z]{3}$": "a three-letter currency code in capitals (such as EUR)",
    r"^\d\d$": "two digits in quotes (such as \"04\")",
    r"^\d\d_[a-z0-9_]+\.ipynb$": "a notebook name such as 04_risk_and_business_case.ipynb",
    r"^\d{4}-(0[1-9]|1[0-2])$": "a year and month such as 2026-03",
}


def pattern_words(pattern: object) -> str:
    r"""A pattern a field must match, in words (the pattern itself if unknown).

    Examples
    --------
    >>> pattern_words(r"^R\d{2,3}$")
    'R and two or three digits (such as R01)'
    """
    return PATTERN_WORDS.get(str(pattern), f"of the form {pattern}")


def _plain_message(error: Mapping[str, Any]) -> str:
    kind, value = error.get("type", ""), error.get("input")
    msg = error.get("msg", "invalid")
    if kind == "missing":
        return msg  # "Field required"
    got = f", got {shown(value)}" if isinstance(value, _SCALARS) else ""
    if kind in _NUMBER_ERRORS:
        text = f"expected {_NUMBER_ERRORS[kind]}{got}"
        if isinstance(value, str) and re.match(r"^[+-]?\d{1,3}(,\d{3})+$", value.strip()):
            text += (f" (a comma in a number: write {value.strip().replace(',', '')} if it "
                     f"groups thousands, or {value.strip().replace(',', '.')} if it marks "
                     f"decimals)")
        elif isinstance(value, str) and _DECIMAL_COMMA.match(value.strip()):
            text += (f" (a decimal comma: write {value.strip().replace(',', '.')} with a "
                     f"decimal point)")
        return text
    if kind == "string_pattern_mismatch":
        return f"expected {pattern_words((error.get('ctx') or {}).get('pattern'))}{got}"
    if kind == "string_type" and isinstance(value, int) and not isinstance(value, bool):
        return (f"expected text, got {shown(value)} (put it in quotes, as in \"{value:02d}\", "
                f"so that YAML keeps it as written)")
    if kind in _PLAIN:
        return _PLAIN[kind] + got
    if kind.startswith("value_error") or kind == "assertion_error":
        return msg.removeprefix("Value error, ").removeprefix("Assertion failed, ")
    return msg + got


def validation_errors(model: type[BaseModel], raw: object) -> list[tuple[str | None, str]]:
    """Every problem of one entry against ``model``, in plain words.

    Parameters
    ----------
    model : pydantic model class
        The model the entry must satisfy (e.g. :class:`implcourse.risk.Risk`).
    raw : object
        The entry as read from a file: usually a mapping of field to value.

    Returns
    -------
    list of (str or None, str)
        ``(field, message)`` for every problem, in pydantic's order; the
        field is a path such as ``"roles[1]"``, or ``None`` for a problem of
        the whole entry. Empty when the entry is valid. Each message shows
        the bad value, e.g. ``"expected a number, got 'high'"``.

    Raises
    ------
    TypeError
        If ``model`` is not a pydantic model class.

    Examples
    --------
    >>> from implcourse.estimating import Estimate
    >>> validation_errors(Estimate, {"id": "a", "optimistic": "high",
    ...                              "most_likely": 2, "pessimistic": 3})
    [('optimistic', "expected a number, got 'high'")]
    >>> validation_errors(Estimate, {"id": "a", "optimistic": 1, "most_likely": 2,
    ...                              "pessimistic": 3})
    []
    """
    _check_model(model)
    try:
        model.model_validate(raw)
    except ValidationError as err:
        return [(field_path(e["loc"]) or None, _plain_message(e)) for e in err.errors()]
    except (TypeError, ValueError, ArithmeticError) as err:  # a validator's own slip
        return [(None, str(err) or type(err).__name__)]
    return []


def _check_model(model: object) -> None:
    if not (isinstance(model, type) and issubclass(model, BaseModel)):
        raise TypeError(f"model must be a pydantic model class, got {shown(model)}")


def _entry_label(kind: str, number: int, raw: object) -> str:
    label = f"{kind} {number}"
    if isinstance(raw, Mapping) and raw.get("id") not in (None, ""):
        label += f" (id {shown(str(raw['id']).strip())})"
    return label


def _with_decimal_points(model: type[M], raw: dict[str, str | None]) -> dict[str, str | None]:
    """A row with ``1,5`` read as ``1.5`` in the fields where a number was expected."""
    if not any(isinstance(v, str) and _DECIMAL_COMMA.match(v) for v in raw.values()):
        return raw
    fixed = dict(raw)
    try:
        model.model_validate(raw)
    except ValidationError as err:
        for error in err.errors():
            loc = error["loc"]
            value = error.get("input")
            if (error["type"] in _NUMBER_ERRORS and len(loc) == 1 and isinstance(value, str)
                    and _DECIMAL_COMMA.match(value.strip()) and fixed.get(loc[0]) == value):
                fixed[loc[0]] = value.strip().replace(",", ".")
    return fixed


_THOUSANDS_DOTS = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+$")


def _thousands_dots(model: type[M], raw: dict[str, str | None]) -> list[str]:
    """The number fields of a row holding a value such as ``8.000``.

    In the locales whose Excel separates cells with semicolons, a dot groups
    thousands, so ``8.000`` is eight thousand there but 8 to Python: such a
    value is refused rather than read 1,000 times too small. A field counts
    as a number field when the model refuses a non-number in it.
    """
    suspects = [k for k, v in raw.items() if isinstance(v, str) and _THOUSANDS_DOTS.match(v.strip())]
    if not suspects:
        return []
    probe = {**raw, **{k: "not a number" for k in suspects}}
    try:
        model.model_validate(probe)
    except ValidationError as err:
        numeric = {e["loc"][0] for e in err.errors()
                   if e["type"] in _NUMBER_ERRORS and len(e["loc"]) == 1}
        return [k for k in suspects if k in numeric]
    return []


def _validate_all(model: type[M], raws: Iterable[tuple[str, object, int | None]],
                  file: str) -> tuple[list[M], list[ContentError]]:
    items: list[M] = []
    problems: list[ContentError] = []
    for label, raw, line in raws:
        try:
            items.append(model.model_validate(raw))
        except ValidationError:
            for field, message in validation_errors(model, raw):
                problems.append(ContentError(file, message, label, field, line=line))
        except (TypeError, ValueError, ArithmeticError) as err:
            problems.append(ContentError(file, str(err) or type(err).__name__, label, None,
                                         line=line))
    return items, problems


def _duplicate_ids(items: Sequence[BaseModel], labels: Sequence[tuple[str, int | None]],
                   file: str) -> list[ContentError]:
    seen: set[str] = set()
    problems = []
    for item, (label, line) in zip(items, labels):
        label = label.split(" (")[0]  # "entry 2": the id is in the message
        ident = getattr(item, "id", None)
        if ident is None:
            continue
        if ident in seen:
            problems.append(ContentError(file, f"duplicate id {ident!r}", label, "id",
                                         line=line))
        seen.add(ident)
    return problems


def _raise(problems: Sequence[ContentError]) -> None:
    if problems:
        first = problems[0]
        raise ContentError(first.file, first.message, first.entry, first.field,
                           line=first.line, problems=problems[1:])


def load_entries(name: str | Path, model: type[M], *, key: str) -> tuple[M, ...]:
    """Load a YAML file whose ``key`` holds a list of entries of ``model``.

    Parameters
    ----------
    name : str or Path
        Dataset name under ``datasets/`` or a path of your own (see
        :func:`resolve`).
    model : pydantic model class
        The model every entry must satisfy.
    key : str
        The top-level key that holds the list.

    Returns
    -------
    tuple of model
        The validated entries, in file order. Ids, where the model has them,
        are unique.

    Raises
    ------
    ContentError
        Naming the file, the line where the entry starts, the entry and the
        field that is wrong. Every entry is checked: the error raised is the
        first problem, and its ``problems`` lists them all.

    Examples
    --------
    >>> from implcourse.readiness import ChecklistItem
    >>> load_entries("lifecycle/golive_checklist.yml", ChecklistItem, key="items")[0].area
    'business'
    """
    _check_model(model)
    key = check_str("key", key)
    path = resolve(name)
    file = display_path(path)
    data, lines = _load_yaml(path, file)
    if not isinstance(data, Mapping) or key not in data:
        raise ContentError(file, f"expected a top-level key {shown(key)} holding a list")
    raw_entries = data[key]
    if not isinstance(raw_entries, list) or not raw_entries:
        raise ContentError(file, f"{shown(key)} must be a non-empty list")
    starts = lines.get(key, [])
    labels = [(_entry_label("entry", i, raw), starts[i - 1] if i <= len(starts) else None)
              for i, raw in enumerate(raw_entries, start=1)]
    items, problems = _validate_all(
        model, ((label, raw, line) for (label, line), raw in zip(labels, raw_entries)), file)
    if not problems:
        problems = _duplicate_ids(items, labels, file)
    _raise(problems)
    return tuple(items)


def load_rows(name: str | Path, model: type[M]) -> tuple[M, ...]:
    """Load a CSV file, one ``model`` per row; empty cells become ``None``.

    The file is read by :func:`read_csv` (comma, semicolon or tab
    separated; UTF-8 with or without a byte-order mark, or UTF-16). Rows are
    numbered as a spreadsheet shows them: the header is row 1, so the first
    data row is row 2. In a file separated by semicolons or tabs, a decimal
    comma (``1,5``) in a field that expects a number is read as ``1.5``.

    Parameters
    ----------
    name : str or Path
        Dataset name under ``datasets/`` or a path of your own.
    model : pydantic model class
        The model every row must satisfy.

    Returns
    -------
    tuple of model
        The validated rows, in file order; ids, where the model has them,
        are unique.

    Raises
    ------
    ContentError
        Naming the file, the row (with its id) and the field. Every row is
        checked: the error raised is the first problem, and its
        ``problems`` lists them all.

    Examples
    --------
    >>> from implcourse.estimating import Estimate
    >>> load_rows("plans/erp_rollout_estimates.csv", Estimate)[0].id
    'kickoff'
    """
    _check_model(model)
    path = resolve(name)
    file = display_path(path)
    _, rows, delimiter = _read_csv(path, file)
    if not rows:
        raise ContentError(file, "the file has no data rows")
    ambiguous: list[ContentError] = []
    if delimiter != ",":
        rows = [(number, _with_decimal_points(model, row)) for number, row in rows]
        for number, row in rows:
            for field in _thousands_dots(model, row):
                value = row[field].strip()
                ambiguous.append(ContentError(
                    file, f"{shown(value)} is ambiguous in a file separated by "
                          f"{'semicolons' if delimiter == ';' else 'tabs'}: a dot may group "
                          f"thousands ({value.replace('.', '')}) or mark decimals "
                          f"({value}); write the number without a thousands separator",
                    _entry_label("row", number, row), field))
    labels = [(_entry_label("row", number, row), None) for number, row in rows]
    items, problems = _validate_all(
        model, ((label, row, None) for (label, _), (_, row) in zip(labels, rows)), file)
    problems = ambiguous + problems
    if not problems:
        problems = _duplicate_ids(items, labels, file)
    _raise(problems)
    return tuple(items)


def cached_by_file(loader: Callable[[Path], Any]) -> Callable[[str | Path], Any]:
    """Cache a loader of one content file by the file's path *and* its
    modification time, so that a learner who edits a file of their own and
    loads it again gets the new content.

    The loader is called with the resolved :class:`~pathlib.Path`; the
    wrapped function takes a dataset name or a path, like :func:`resolve`.
    What it returns is shared between callers, so it should be immutable.
    """
    if not callable(loader):
        raise TypeError(f"loader must be a function, got {shown(loader)}")

    @functools.lru_cache(maxsize=64)
    def cached(path: str, mtime_ns: int):
        return loader(Path(path))

    @functools.wraps(loader)
    def load(name: str | Path):
        path = resolve(name).resolve()
        try:
            stamp = path.stat().st_mtime_ns
        except OSError as err:
            raise ContentError(display_path(path), f"cannot read the file: "
                                                   f"{err.strerror or err}") from None
        return cached(str(path), stamp)

    load.cache_clear = cached.cache_clear  # type: ignore[attr-defined]
    return load
