"""The course glossary: terms, their definitions in the course's words, and search.

Terms live in ``datasets/glossary.yml``. Each has an id, the term, other
names it goes by, a definition, the lesson that teaches it (and the section
where there is one), related terms by id, and a source where a standard
defines it. The flashcards (:mod:`implcourse.flashcards`) are drawn from it.

Examples
--------
>>> terms = load_glossary()
>>> len(terms) >= 150
True
>>> search("hypercare")[0].term
'Hypercare'
"""

from __future__ import annotations

import re

from pydantic import Field

from .content import ContentError, ContentModel, Text, cached_by_file, display_path, \
    load_entries, resolve
from .validation import check_items, check_str, shown

__all__ = ["Term", "load_glossary", "get_term", "search", "glossary_table", "GLOSSARY_FILE"]

GLOSSARY_FILE = "glossary.yml"


class Term(ContentModel):
    """One glossary entry."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    term: Text
    aliases: list[Text] = Field(default_factory=list)
    definition: Text
    lesson: str = Field(pattern=r"^\d\d$")
    section: int | None = Field(default=None, ge=1, le=30)
    related: list[str] = Field(default_factory=list)
    source: str | None = None

    @property
    def names(self) -> list[str]:
        """The term and its aliases."""
        return [self.term, *self.aliases]


def _load(path) -> tuple[Term, ...]:
    terms = load_entries(path, Term, key="terms")
    where = display_path(resolve(path))
    ids: dict[str, Term] = {}
    names: dict[str, str] = {}
    for term in terms:
        if term.id in ids:
            raise ContentError(where, f"term id {term.id!r} is used twice", f"term {term.id!r}",
                               "id")
        ids[term.id] = term
        for name in term.names:
            key = name.casefold()
            if key in names and names[key] != term.id:
                raise ContentError(where, f"{name!r} names both {names[key]!r} and "
                                   f"{term.id!r}", f"term {term.id!r}", "term")
            names[key] = term.id
    for term in terms:
        for other in term.related:
            if other == term.id:
                raise ContentError(where, "a term is not related to itself",
                                   f"term {term.id!r}", "related")
            if other not in ids:
                raise ContentError(where, f"related term {other!r} is not in the glossary",
                                   f"term {term.id!r}", "related")
    return terms


_cached = cached_by_file(_load)


def load_glossary(name=GLOSSARY_FILE) -> tuple[Term, ...]:
    """The glossary's terms, in file order (``datasets/glossary.yml`` by default)."""
    return _cached(name)


def get_term(term_id: str) -> Term:
    """One term by its id.

    Examples
    --------
    >>> get_term("npv").term
    'Net present value (NPV)'
    """
    term_id = check_str("term_id", term_id)
    for term in load_glossary():
        if term.id == term_id:
            return term
    raise ValueError(f"term_id must be the id of a glossary term, got {shown(term_id)}")


def _words(text: str) -> list[str]:
    return re.findall(r"[\w']+", text.casefold())


def search(query: str = "", *, lesson: str | None = None,
           terms: tuple[Term, ...] | None = None) -> list[Term]:
    """Terms matching ``query``, best first; every term of ``lesson`` if no query.

    A term ranks first when its name (or an alias) is the query, then when a
    name starts with it, then when a name contains it, then when every word
    of the query is in the definition. Case does not matter.

    Examples
    --------
    >>> [t.id for t in search("tcpi")][:1]
    ['tcpi']
    >>> search("", lesson="05")[0].lesson
    '05'
    """
    if not isinstance(query, str):
        raise TypeError(f"query must be text, got {type(query).__name__} {shown(query)}")
    if lesson is not None:
        lesson = check_str("lesson", lesson)
    pool = [t for t in (load_glossary() if terms is None else check_items("terms", terms, Term))
            if lesson is None or t.lesson == lesson]
    wanted = query.strip().casefold()
    if not wanted:
        return sorted(pool, key=lambda t: t.term.casefold())
    words = _words(wanted)
    ranked = []
    for term in pool:
        names = [n.casefold() for n in term.names]
        if wanted in names:
            rank = 0
        elif any(n.startswith(wanted) for n in names):
            rank = 1
        elif any(wanted in n for n in names):
            rank = 2
        elif words and all(w in _words(term.definition + " " + " ".join(term.names))
                           for w in words):
            rank = 3
        else:
            continue
        ranked.append((rank, term.term.casefold(), term))
    return [term for *_, term in sorted(ranked, key=lambda r: r[:2])]


def glossary_table(terms: list[Term] | tuple[Term, ...]):
    """Terms as a readable table: term, definition, lesson, related terms.

    Examples
    --------
    >>> glossary_table(search("cutover")[:1]).columns[:2]
    ['Definition', 'Lesson']
    """
    import pandas as pd

    from .tables import show

    terms = check_items("terms", terms, Term)
    by_id = {t.id: t.term for t in load_glossary()}
    rows = [{"term": t.term, "definition": t.definition, "lesson": t.lesson,
             "related": ", ".join(by_id.get(r, r) for r in t.related)} for t in terms]
    frame = pd.DataFrame(rows, columns=["term", "definition", "lesson", "related"])
    return show(frame.set_index("term"), labels={"related": "Related terms"})
