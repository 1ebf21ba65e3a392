"""The course glossary in implcourse.glossary: the shipped terms, search and the loader.

The shipped file (datasets/glossary.yml) is read twice: raw, with yaml, for
the checks on ids, names and related terms (so they do not rely on the
loader they would be checking), and through ``load_glossary``. Search is
tested on a small glossary built here, against a ranking written here, and
the loader's refusals on files written to a temporary folder.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from implcourse import content, course, glossary
from implcourse.content import ContentError
from implcourse.glossary import Term, get_term, glossary_table, load_glossary, search

#: Terms the issue asks the glossary to hold, by name or alias.
REQUIRED = ["cutover", "hypercare", "UAT", "rollback", "parallel run", "WIP limit", "velocity",
            "CPI", "TCPI", "EMV", "residual risk", "RACI", "TCO", "NPV", "IRR", "hurdle rate"]


@functools.lru_cache(maxsize=1)
def raw_terms() -> list[dict]:
    path = content.datasets_dir() / glossary.GLOSSARY_FILE
    return yaml.safe_load(path.read_text(encoding="utf-8"))["terms"]


@functools.lru_cache(maxsize=1)
def terms() -> tuple[Term, ...]:
    return load_glossary()


def names_of(entry: dict) -> list[str]:
    return [entry["term"], *(entry.get("aliases") or [])]


# --------------------------------------------------------------------------
# The shipped glossary
# --------------------------------------------------------------------------

def test_glossary_has_at_least_150_terms():
    assert len(raw_terms()) >= 150
    assert len(terms()) == len(raw_terms())
    assert [t.id for t in terms()] == [entry["id"] for entry in raw_terms()]


def test_ids_are_unique():
    ids = [entry["id"] for entry in raw_terms()]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    assert duplicates == []


def test_names_and_aliases_are_unique_across_terms():
    owner: dict[str, str] = {}
    clashes = []
    for entry in raw_terms():
        for name in names_of(entry):
            key = name.casefold().strip()
            if key in owner and owner[key] != entry["id"]:
                clashes.append((name, owner[key], entry["id"]))
            owner[key] = entry["id"]
    assert clashes == []


def test_every_related_id_exists_and_is_not_the_term_itself():
    ids = {entry["id"] for entry in raw_terms()}
    problems = [(entry["id"], other) for entry in raw_terms()
                for other in entry.get("related") or [] if other not in ids or other == entry["id"]]
    assert problems == []


def test_every_lesson_and_section_exists():
    lessons = {lesson.id: lesson for lesson in course.load_course()}
    problems = []
    for term in terms():
        if term.lesson not in lessons:
            problems.append((term.id, f"lesson {term.lesson}"))
            continue
        sections = course.get_lesson(term.lesson).sections
        if term.section is not None and not 1 <= term.section <= len(sections):
            problems.append((term.id, f"section {term.section} of lesson {term.lesson} "
                                      f"({len(sections)} sections)"))
    assert problems == []


def test_every_term_has_a_definition_of_its_own():
    for term in terms():
        assert len(term.definition.split()) >= 3, term.id
        assert term.definition.strip().casefold() != term.term.strip().casefold(), term.id


@pytest.mark.parametrize("wanted", REQUIRED)
def test_required_term_is_present(wanted):
    """A term whose name or an alias is the wanted term, or holds it from the start
    of a word (e.g. 'Net present value (NPV)', 'Parallel running')."""
    pattern = re.compile(rf"(?<![\w-]){re.escape(wanted.casefold())}")
    found = [t.id for t in terms() if any(pattern.search(n.casefold()) for n in t.names)]
    assert found, f"no glossary term is named {wanted!r}"
    # Search finds such a term first.
    first = search(wanted)[0]
    assert any(pattern.search(n.casefold()) for n in first.names), (wanted, first.term)


def test_searching_a_name_or_alias_finds_its_term_first():
    for term in terms():
        for name in term.names:
            assert search(name)[0].id == term.id, (name, search(name)[0].id)
            assert search(name.upper())[0].id == term.id
            assert search(f"  {name.lower()} ")[0].id == term.id


def test_get_term_for_every_id():
    for term in terms():
        assert get_term(term.id) == term


@pytest.mark.parametrize("value, error", [("no-such-term", ValueError), ("", ValueError),
                                          (3, TypeError), (None, TypeError)])
def test_get_term_refuses_unknown_ids(value, error):
    with pytest.raises(error, match="term_id"):
        get_term(value)


def test_search_by_lesson_with_no_query_lists_the_lessons_terms_alphabetically():
    for lesson in sorted({t.lesson for t in terms()}):
        expected = sorted((t for t in terms() if t.lesson == lesson),
                          key=lambda t: t.term.casefold())
        assert search("", lesson=lesson) == expected
    assert search("", lesson="99") == []
    assert len(search("")) == len(terms())


def test_search_with_a_lesson_keeps_only_its_terms():
    npv_lesson = get_term_named("NPV").lesson
    assert all(t.lesson == npv_lesson for t in search("value", lesson=npv_lesson))
    other = next(lesson for lesson in sorted({t.lesson for t in terms()}) if lesson != npv_lesson)
    assert get_term_named("NPV").id not in {t.id for t in search("NPV", lesson=other)}


def get_term_named(wanted: str) -> Term:
    return search(wanted)[0]


def test_glossary_table_shows_terms_and_related_names():
    chosen = [t for t in terms() if t.related][:5]
    table = glossary_table(chosen)
    frame = getattr(table, "data", table)
    assert list(frame.index) == [t.term for t in chosen]
    by_id = {t.id: t.term for t in terms()}
    for term, (_, row) in zip(chosen, frame.iterrows()):
        text = " ".join(str(v) for v in row.values)
        assert term.definition in text
        for other in term.related:
            assert by_id[other] in text


# --------------------------------------------------------------------------
# search on a glossary built here
# --------------------------------------------------------------------------

def term(id_, name, definition, lesson="03", aliases=(), related=()):
    return Term.model_validate({"id": id_, "term": name, "aliases": list(aliases),
                                "definition": definition, "lesson": lesson,
                                "related": list(related)})


OWN = (
    term("hypercare", "Hypercare", "A period of extra support right after the cutover."),
    term("cutover-plan", "Cutover plan", "The ordered steps that move a business to a new "
         "system."),
    term("cutover", "Cutover", "The move from the old system to the new one.",
         aliases=["Go-live switch"]),
    term("rehearsal", "Data cutover rehearsal", "A full practice run of the migration."),
    term("rollback", "Rollback", "Going back to the old system when a cutover fails.",
         lesson="04"),
    term("cutoff", "Cut-off date", "The last day on which the old system takes entries."),
    term("velocity", "Velocity", "Story points a team finishes in a sprint.", lesson="02",
         aliases=["Team velocity"]),
)


def test_search_ranks_exact_then_prefix_then_contains_then_definition():
    got = [t.id for t in search("cutover", terms=OWN)]
    # Exact name; names starting with it; names containing it; definitions with the word.
    assert got == ["cutover", "cutover-plan", "rehearsal", "hypercare", "rollback"]


def test_search_is_case_insensitive_and_trims():
    expected = search("cutover", terms=OWN)
    assert search("CUTOVER", terms=OWN) == expected
    assert search("  CutOver  ", terms=OWN) == expected


def test_search_finds_a_term_by_its_alias_first():
    assert search("go-live switch", terms=OWN)[0].id == "cutover"
    assert search("team velocity", terms=OWN)[0].id == "velocity"
    assert [t.id for t in search("go-live", terms=OWN)] == ["cutover"]


def test_search_needs_every_word_of_the_query_in_the_definition():
    assert [t.id for t in search("support after", terms=OWN)] == ["hypercare"]
    assert search("support sprint", terms=OWN) == []
    assert [t.id for t in search("old system", terms=OWN)] == ["cutoff", "cutover", "rollback"]


def test_search_ties_are_alphabetical_and_lesson_filters():
    assert [t.id for t in search("cut", terms=OWN)] == [
        "cutoff", "cutover", "cutover-plan", "rehearsal"]
    assert [t.id for t in search("cutover", lesson="04", terms=OWN)] == ["rollback"]
    assert [t.id for t in search("", lesson="02", terms=OWN)] == ["velocity"]
    assert search("nothing like it", terms=OWN) == []


def expected_search(query: str, pool) -> list[str]:
    """The documented ranking, written here."""
    q = query.strip().lower()
    if not q:
        return [t.id for t in sorted(pool, key=lambda t: t.term.lower())]
    words = re.findall(r"[\w']+", q)
    scored = []
    for t in pool:
        names = [n.lower() for n in t.names]
        text_words = set(re.findall(r"[\w']+", (t.definition + " " + " ".join(t.names)).lower()))
        if q in names:
            rank = 0
        elif any(n[:len(q)] == q for n in names):
            rank = 1
        elif any(q in n for n in names):
            rank = 2
        elif words and set(words) <= text_words:
            rank = 3
        else:
            continue
        scored.append((rank, t.term.lower(), t.id))
    return [i for _, _, i in sorted(scored)]


PIECES = ["cut", "over", "cutover", " ", "plan", "old", "system", "the", "go-live", "team",
          "velocity", "data", "-", "OLD", "Roll", "back", "x"]


@settings(max_examples=150, deadline=None)
@given(parts=st.lists(st.sampled_from(PIECES), max_size=4),
       lesson=st.sampled_from([None, "02", "03", "04"]))
def test_search_matches_the_documented_ranking(parts, lesson):
    query = "".join(parts)
    pool = [t for t in OWN if lesson is None or t.lesson == lesson]
    assert [t.id for t in search(query, lesson=lesson, terms=OWN)] == \
        expected_search(query, pool)


@pytest.mark.parametrize("kwargs, error, words", [
    ({"query": 3}, TypeError, "query"),
    ({"query": None}, TypeError, "query"),
    ({"query": ["npv"]}, TypeError, "query"),
    ({"query": "npv", "lesson": 5}, TypeError, "lesson"),
    ({"query": "npv", "lesson": ""}, ValueError, "lesson"),
])
def test_search_refuses_bad_input(kwargs, error, words):
    with pytest.raises(error, match=words):
        search(terms=OWN, **kwargs)


# --------------------------------------------------------------------------
# The loader's refusals
# --------------------------------------------------------------------------

def entry(id_, name, lesson="01", aliases=None, related=None, section=None):
    lines = [f"  - id: {id_}", f"    term: {name}", f"    definition: What {name} means here.",
             f'    lesson: "{lesson}"']
    if aliases:
        lines.append(f"    aliases: [{', '.join(aliases)}]")
    if related:
        lines.append(f"    related: [{', '.join(related)}]")
    if section is not None:
        lines.append(f"    section: {section}")
    return "\n".join(lines)


def glossary_file(write, name, *entries) -> Path:
    return write(name, "terms:\n" + "\n".join(entries) + "\n")


def test_a_valid_file_loads(write):
    path = glossary_file(write, "ok.yml", entry("alpha", "Alpha", related=["beta"]),
                         entry("beta", "Beta", aliases=["B term"], related=["alpha"],
                               section=2))
    loaded = load_glossary(path)
    assert [t.id for t in loaded] == ["alpha", "beta"]
    assert loaded[1].names == ["Beta", "B term"]
    assert loaded[1].section == 2


def test_loader_refuses_a_duplicate_id(write):
    path = glossary_file(write, "dup_id.yml", entry("alpha", "Alpha"), entry("alpha", "Beta"))
    with pytest.raises(ContentError, match="'alpha'") as info:
        load_glossary(path)
    message = str(info.value)
    assert "dup_id.yml" in message
    assert "duplicate" in message.lower() or "twice" in message


def test_loader_refuses_a_name_used_by_two_terms_through_an_alias(write):
    path = glossary_file(write, "dup_name.yml", entry("alpha", "Alpha"),
                         entry("beta", "Beta", aliases=["ALPHA"]))
    with pytest.raises(ContentError, match="ALPHA") as info:
        load_glossary(path)
    message = str(info.value)
    assert "'alpha'" in message and "'beta'" in message


def test_loader_refuses_two_terms_of_the_same_name(write):
    path = glossary_file(write, "dup_term.yml", entry("alpha", "Alpha"),
                         entry("alpha2", "alpha"))
    with pytest.raises(ContentError, match="alpha2"):
        load_glossary(path)


def test_loader_refuses_an_unknown_related_term(write):
    path = glossary_file(write, "unknown.yml", entry("alpha", "Alpha", related=["zeta"]))
    with pytest.raises(ContentError, match="zeta") as info:
        load_glossary(path)
    assert "related" in str(info.value)


def test_loader_refuses_a_term_related_to_itself(write):
    path = glossary_file(write, "self.yml", entry("alpha", "Alpha", related=["alpha"]),
                         entry("beta", "Beta"))
    with pytest.raises(ContentError, match="itself") as info:
        load_glossary(path)
    assert "related" in str(info.value) and "'alpha'" in str(info.value)


@pytest.mark.parametrize("bad, words", [
    (entry("Alpha Id", "Alpha"), "id"),
    (entry("alpha", "Alpha", lesson="1"), "lesson"),
    (entry("alpha", "Alpha", section=0), "section"),
    ("  - id: alpha\n    term: Alpha\n    lesson: \"01\"", "definition"),
])
def test_loader_refuses_malformed_entries(write, bad, words):
    path = glossary_file(write, "bad.yml", bad)
    with pytest.raises(ContentError, match=words):
        load_glossary(path)


def test_content_error_is_a_value_error():
    assert issubclass(ContentError, ValueError)


def test_the_which_term_exercise_never_shows_the_term_in_its_definition():
    """The exercise hides the term's names in its definition; none slips through."""
    from implcourse.exercises.assessment import _give_aways, masked

    assert _give_aways() == []
    spi = glossary.get_term("spi")
    assert "▢ = EV ÷ PV" in masked(spi)
