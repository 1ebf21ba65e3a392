"""The content loader: locations, and errors that name file, entry and field."""

from __future__ import annotations

import pytest

from implcourse import content, course, lifecycle, readiness, schedule
from implcourse.content import ContentError

PHASE = """
  - id: {id}
    name: {name}
    purpose: Something.
    activities: [a]
    deliverables: [d]
    roles: [{role}]
    exit_criteria: [e]
    failure_modes: [f]
    why_here: Because.
"""


def phases_yaml(*entries):
    return "phases:" + "".join(PHASE.format(**e) for e in entries)


ROLES = """roles:
  - id: sponsor
    name: Sponsor
    side: client
    summary: Pays.
    responsibilities: [fund]
"""


def test_locations_are_inside_the_course():
    root = content.course_root()
    assert (root / "datasets" / "course.yml").is_file()
    assert (root / "notebooks").is_dir()
    assert content.display_path(root / "datasets" / "x.yml") == "datasets/x.yml"


def test_missing_field_names_file_entry_and_field(write):
    path = write("phases.yml", phases_yaml({"id": "a", "name": "A", "role": "sponsor"})
                 .replace("    purpose: Something.\n", ""))
    with pytest.raises(ContentError) as info:
        content.load_entries(path, lifecycle.Phase, key="phases")
    err = info.value
    assert (err.entry, err.field) == ("entry 1 (id 'a')", "purpose")
    assert str(path) in str(err) and "Field required" in str(err)


def test_unknown_key_is_an_error(write):
    path = write("phases.yml", phases_yaml({"id": "a", "name": "A", "role": "sponsor"})
                 + "    purpse: typo\n")
    with pytest.raises(ContentError, match=r"entry 1 \(id 'a'\): field 'purpse'"):
        content.load_entries(path, lifecycle.Phase, key="phases")


def test_empty_list_item_names_its_index(write):
    path = write("phases.yml", phases_yaml({"id": "a", "name": "A", "role": "sponsor"})
                 .replace("activities: [a]", "activities: [a, '']"))
    with pytest.raises(ContentError, match=r"field 'activities\[1\]'"):
        content.load_entries(path, lifecycle.Phase, key="phases")


def test_duplicate_ids(write):
    entry = {"id": "a", "name": "A", "role": "sponsor"}
    path = write("phases.yml", phases_yaml(entry, entry))
    with pytest.raises(ContentError, match=r"entry 2: field 'id': duplicate id 'a'"):
        content.load_entries(path, lifecycle.Phase, key="phases")


def test_unknown_role_is_reported_by_phase_and_field(write, tmp_path):
    write("roles.yml", ROLES)
    phases = write("phases.yml", phases_yaml({"id": "a", "name": "A", "role": "sponsor"},
                                             {"id": "b", "name": "B", "role": "wizard"}))
    with pytest.raises(ContentError) as info:
        lifecycle.load_phases(str(phases), str(tmp_path / "roles.yml"))
    assert info.value.entry == "entry 2 (id 'b')"
    assert info.value.field == "roles[0]"
    assert "unknown role 'wizard'" in str(info.value)


def test_invalid_yaml_reports_the_line(write):
    path = write("bad.yml", "phases:\n  - id: a\n    name: [unclosed\n")
    with pytest.raises(ContentError, match=r"line \d+: invalid YAML"):
        content.read_yaml(path)


def test_wrong_top_level_key(write):
    path = write("x.yml", "stages: []\n")
    with pytest.raises(ContentError, match="expected a top-level key 'phases'"):
        content.load_entries(path, lifecycle.Phase, key="phases")


def test_missing_file_is_a_content_error():
    with pytest.raises(ContentError, match="no such content file"):
        content.resolve("lifecycle/nope.yml")
    with pytest.raises(TypeError, match="name must be a dataset name or a path"):
        content.resolve(42)


def test_csv_rows_are_numbered_like_a_spreadsheet(write):
    path = write("plan.csv", "id,name,phase,duration,depends_on\n"
                             "a,Start,,1,\n"
                             "b,Next,,-2,a\n")
    with pytest.raises(ContentError) as info:
        schedule.load_plan(path)
    assert (info.value.entry, info.value.field) == ("row 3 (id 'b')", "duration")


def test_csv_unknown_dependency_names_both_tasks(write):
    path = write("plan.csv", "id,name,phase,duration,depends_on\n"
                             "a,Start,,1,\n"
                             "b,Next,,2,a;zz\n")
    with pytest.raises(ContentError, match="task 'b' depends on unknown task 'zz'"):
        schedule.load_plan(path)


def test_csv_cycle_names_the_tasks(write):
    path = write("plan.csv", "id,name,phase,duration,depends_on\n"
                             "a,Start,,1,\n"
                             "b,B,,2,a;d\n"
                             "c,C,,2,b\n"
                             "d,D,,2,c\n")
    with pytest.raises(ContentError, match=r"dependency cycle: (b -> c -> d -> b|"
                                           r"c -> d -> b -> c|d -> b -> c -> d)"):
        schedule.load_plan(path)


def test_csv_extra_cells(write):
    path = write("plan.csv", "id,name,phase,duration,depends_on\na,Start,,1,,oops\n")
    with pytest.raises(ContentError, match="row 2: more cells than header columns"):
        schedule.load_plan(path)


def test_checklist_bad_area(write):
    path = write("c.yml", "items:\n  - id: x\n    area: mood\n    text: t\n    why: w\n"
                          "    weight: 2\n    blocking: true\n    sample_met: false\n")
    with pytest.raises(ContentError, match=r"entry 1 \(id 'x'\): field 'area'"):
        readiness.load_checklist(str(path))


def test_course_prerequisite_must_be_earlier(write):
    lesson = ("  - id: '{id}'\n    notebook: {id}_x.ipynb\n    title: T\n    questions: [q]\n"
              "    topics: [t]\n    teaching_minutes: 1\n    exercise_minutes: 1\n"
              "    prerequisites: [{pre}]\n")
    path = write("course.yml", "lessons:\n" + lesson.format(id="00", pre="'01'")
                 + lesson.format(id="01", pre=""))
    with pytest.raises(ContentError, match=r"field 'prerequisites\[0\]'"):
        course.load_course(str(path))


SCENARIO = """
  - id: {id}
    text: Something happens to a system.
    work_type: {kind}
    clue: What gives it away.
"""


def scenarios_yaml(*pairs):
    return "scenarios:" + "".join(SCENARIO.format(id=i, kind=k) for i, k in pairs)


def test_unknown_work_type_in_scenarios_names_entry_and_field(write):
    path = write("work_scenarios.yml", scenarios_yaml(("fix", "maintenance"),
                                                      ("advice", "consulting")))
    with pytest.raises(ContentError) as info:
        lifecycle.load_work_scenarios(path)
    err = info.value
    assert (err.entry, err.field) == ("entry 2 (id 'advice')", "work_type")
    assert "unknown work type 'consulting'" in str(err)
    assert all(w.id in str(err) for w in lifecycle.load_work_types())
    assert str(path) in str(err)


def test_scenario_missing_clue_names_the_field(write):
    path = write("work_scenarios.yml", scenarios_yaml(("fix", "maintenance"))
                 .replace("    clue: What gives it away.\n", ""))
    with pytest.raises(ContentError) as info:
        lifecycle.load_work_scenarios(path)
    assert (info.value.entry, info.value.field) == ("entry 1 (id 'fix')", "clue")


def test_valid_scenarios_file_loads(write):
    path = write("work_scenarios.yml", scenarios_yaml(("fix", "maintenance"),
                                                      ("reset", "support")))
    loaded = lifecycle.load_work_scenarios(path)
    assert [(s.id, s.work_type) for s in loaded] == [("fix", "maintenance"),
                                                    ("reset", "support")]


def test_shipped_scenarios():
    """Unique ids, every kind of work at least twice, and no text names its answer."""
    scenarios = lifecycle.load_work_scenarios()
    ids = [s.id for s in scenarios]
    assert len(ids) == len(set(ids))
    kinds = [w.id for w in lifecycle.load_work_types()]
    for kind in kinds:
        assert sum(s.work_type == kind for s in scenarios) >= 2, kind
    for s in scenarios:
        assert s.work_type in kinds
        assert s.work_type not in s.text.lower(), s.id
        assert s.text.strip() and s.clue.strip()


def test_every_shipped_dataset_loads():
    from implcourse import quiz

    assert len(lifecycle.load_phases()) == 8
    assert len(lifecycle.load_roles()) >= 5
    assert len(lifecycle.load_work_types()) == 4
    assert len(lifecycle.load_work_scenarios()) >= 8
    assert len(readiness.load_checklist()) >= 10
    assert len(schedule.load_plan()) >= 20
    assert len(quiz.load_bank()) >= 10
    assert [lesson.id for lesson in course.load_course()][0] == "00"
