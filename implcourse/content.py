"""Where the course content lives, and how it is read and validated.

This is the one module that knows where ``datasets/`` and ``notebooks/`` are.
Everything else asks it, so the content is found the same way from a source
checkout (an editable install) and from an installed wheel:

* in a source checkout the content sits beside the package, in the
  repository's ``datasets/`` and ``notebooks/`` folders;
* the wheel carries the same folders inside the package, as
  ``implcourse/_course/datasets`` and ``implcourse/_course/notebooks``
  (see ``[tool.hatch.build.targets.wheel.force-include]`` in pyproject.toml).

Content files are validated on load with pydantic models. A malformed file
raises :class:`ContentError`, whose message names the file (relative to the
course, never an absolute path), the entry and the field.

Examples
--------
>>> (datasets_dir() / "course.yml").is_file()
True
>>> display_path(datasets_dir() / "lifecycle" / "phases.yml")
'datasets/lifecycle/phases.yml'
"""

from __future__ import annotations

import csv
import functools
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Annotated, Any, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

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
    "read_yaml",
    "load_entries",
    "load_rows",
    "field_path",
    "cached_by_file",
]

M = TypeVar("M", bound=BaseModel)

_PACKAGE_DIR = Path(__file__).resolve().parent


class ContentError(ValueError):
    """A content file is missing or malformed.

    Parameters
    ----------
    file : str
        The file, as shown to a reader (relative to the course root).
    message : str
        What is wrong.
    entry : str, optional
        Which entry or row, e.g. ``"entry 3 (id 'design')"``.
    field : str, optional
        Which field of the entry, e.g. ``"deliverables"`` or ``"roles[1]"``.

    Examples
    --------
    >>> str(ContentError("datasets/x.yml", "Field required", "entry 2", "purpose"))
    "datasets/x.yml: entry 2: field 'purpose': Field required"
    """

    def __init__(self, file: str, message: str, entry: str | None = None,
                 field: str | None = None) -> None:
        self.file, self.entry, self.field, self.message = file, entry, field, message
        parts = [file]
        if entry:
            parts.append(entry)
        if field:
            parts.append(f"field {field!r}")
        parts.append(message)
        super().__init__(": ".join(parts))


#: A non-empty string (surrounding spaces are stripped first).
Text = Annotated[str, StringConstraints(min_length=1)]
#: A non-empty list of non-empty strings.
Items = Annotated[list[Text], Field(min_length=1)]
#: An identifier: lower case letters, digits and underscores.
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]


class ContentModel(BaseModel):
    """Base for content models: immutable, and unknown fields are errors.

    Refusing unknown fields catches the commonest authoring slip, a
    misspelt key that would otherwise be silently ignored.
    """

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


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
    path = Path(path)
    try:
        return path.resolve().relative_to(course_root()).as_posix()
    except ValueError:
        return str(path)


def resolve(name: str | Path) -> Path:
    """Resolve a dataset name such as ``"plans/erp_rollout.csv"``.

    A relative name is looked up under ``datasets/``; an existing path (for
    example a learner's own file) is used as it is.

    Raises
    ------
    TypeError
        If ``name`` is not a string or path.
    ContentError
        If no such file exists.
    """
    if not isinstance(name, (str, Path)):
        raise TypeError(f"name must be a dataset name or a path, got "
                        f"{type(name).__name__} {name!r}")
    path = Path(name)
    if not path.is_absolute() and not path.exists():
        path = datasets_dir() / path
    if not path.is_file():
        raise ContentError(display_path(path), "no such content file")
    return path


# --------------------------------------------------------------------------
# Reading and validating
# --------------------------------------------------------------------------

def read_yaml(name: str | Path) -> Any:
    """Parse a YAML content file, reporting syntax errors by file and line."""
    path = resolve(name)
    try:
        with path.open(encoding="utf-8") as handle:
            return yaml.safe_load(handle)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark is not None else None
        problem = getattr(err, "problem", None) or str(err)
        raise ContentError(display_path(path), f"invalid YAML: {problem}", where) from None


def field_path(loc: Sequence[Any]) -> str:
    """A pydantic error location as a field path, e.g. ``roles[1]`` or ``costs.training[2]``."""
    name = ""
    for part in loc:
        name += f"[{part}]" if isinstance(part, int) else (f".{part}" if name else str(part))
    return name


def _entry_label(kind: str, number: int, raw: object) -> str:
    label = f"{kind} {number}"
    if isinstance(raw, Mapping) and raw.get("id") not in (None, ""):
        label += f" (id {str(raw['id']).strip()!r})"
    return label


def _validate(model: type[M], raw: object, file: str, label: str) -> M:
    try:
        return model.model_validate(raw)
    except ValidationError as err:
        first = err.errors()[0]
        raise ContentError(file, first["msg"], label, field_path(first["loc"]) or None) from None


def _check_unique_ids(items: Iterable[BaseModel], file: str, kind: str,
                      start: int = 1) -> None:
    seen: set[str] = set()
    for number, item in enumerate(items, start=start):
        ident = getattr(item, "id", None)
        if ident is None:
            continue
        if ident in seen:
            raise ContentError(file, f"duplicate id {ident!r}", f"{kind} {number}", "id")
        seen.add(ident)


def load_entries(name: str | Path, model: type[M], *, key: str) -> tuple[M, ...]:
    """Load a YAML file whose ``key`` holds a list of entries of ``model``.

    Parameters
    ----------
    name : str or Path
        Dataset name under ``datasets/`` or a path.
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
        Naming the file, the entry and the field that is wrong.
    """
    path = resolve(name)
    file = display_path(path)
    data = read_yaml(path)
    if not isinstance(data, Mapping) or key not in data:
        raise ContentError(file, f"expected a top-level key {key!r} holding a list")
    raw_entries = data[key]
    if not isinstance(raw_entries, list) or not raw_entries:
        raise ContentError(file, f"{key!r} must be a non-empty list")
    items = tuple(_validate(model, raw, file, _entry_label("entry", i, raw))
                  for i, raw in enumerate(raw_entries, start=1))
    _check_unique_ids(items, file, "entry")
    return items


def load_rows(name: str | Path, model: type[M]) -> tuple[M, ...]:
    """Load a CSV file, one ``model`` per row; empty cells become ``None``.

    Rows are numbered as a spreadsheet shows them: the header is row 1, so
    the first data row is row 2.
    """
    path = resolve(name)
    file = display_path(path)
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if not reader.fieldnames:
            raise ContentError(file, "the file has no header row")
        items = []
        for number, row in enumerate(reader, start=2):
            if None in row:
                raise ContentError(file, "more cells than header columns", f"row {number}")
            cleaned = {k.strip(): (v.strip() if isinstance(v, str) and v.strip() else None)
                       for k, v in row.items()}
            items.append(_validate(model, cleaned, file, _entry_label("row", number, cleaned)))
    if not items:
        raise ContentError(file, "the file has no data rows")
    _check_unique_ids(items, file, "row", start=2)
    return tuple(items)


def cached_by_file(loader: Callable[[Path], Any]) -> Callable[[str | Path], Any]:
    """Cache a loader of one content file by the file's path *and* its
    modification time, so that a learner who edits a file of their own and
    loads it again gets the new content.

    The loader is called with the resolved :class:`~pathlib.Path`; the
    wrapped function takes a dataset name or a path, like :func:`resolve`.
    What it returns is shared between callers, so it should be immutable.
    """
    @functools.lru_cache(maxsize=64)
    def cached(path: str, mtime_ns: int):
        return loader(Path(path))

    @functools.wraps(loader)
    def load(name: str | Path):
        path = resolve(name).resolve()
        return cached(str(path), path.stat().st_mtime_ns)

    load.cache_clear = cached.cache_clear  # type: ignore[attr-defined]
    return load
