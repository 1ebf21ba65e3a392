"""The workshop's documentation and deployment files agree with the code (issue 14).

``workshop/README.md`` is a trainer's guide, ``workshop/z2jh-values.yaml`` a
Zero to JupyterHub values file and ``workshop/Dockerfile`` the participants'
image; none of them is run by CI (no cloud machine, no cluster, no Docker
engine). These checks keep them honest instead:

- every ``IMPLCOURSE_*`` variable that ``implcourse/workshop/hub.py`` reads is
  in the README's table of settings, with the same default, and the table has
  no other; hub.py's own docstring lists the same set;
- the values in the z2jh file that mirror a hub.py default (memory and CPU
  limits, the idle time) agree with the defaults hub.py computes, the file
  parses, and its settings are accepted by ``hub.settings``;
- the Dockerfile starts from a pinned Jupyter Docker Stacks image and installs
  the course's wheel with the workshop extra, and nothing from anywhere else;
- every relative link of the README resolves, every repository file its
  commands name exists, and its example settings file is accepted by
  ``hub.settings``;
- the trainer's review of issue 14 stays fixed: z2jh's ``singleuser.extraEnv``
  edition wins over the hub's (run through ``hub.configure``), TLJH's culler is
  set before the course's settings are loaded, both paths size and fence
  PostgreSQL, the capacity table follows from the measured burst, and the
  cleanup drops every login the course makes.
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

import pytest
import yaml

from implcourse.workshop import hub

ROOT = Path(__file__).resolve().parents[1]
WORKSHOP = ROOT / "workshop"
README = WORKSHOP / "README.md"
VALUES = WORKSHOP / "z2jh-values.yaml"
DOCKERFILE = WORKSHOP / "Dockerfile"
HUB_SOURCE = ROOT / "implcourse" / "workshop" / "hub.py"
NAME = re.compile(r"IMPLCOURSE_[A-Z0-9_]+")
#: The readers hub.py uses for its settings: ``_text(env, NAME, default)`` and
#: ``_number(env, NAME, default, minimum)``.
READERS = {"_text", "_number"}
#: The smallest environment hub.settings accepts (no value from the defaults).
REQUIRED = {"IMPLCOURSE_WORKSHOP_DB": "postgresql://admin:pw@127.0.0.1:5432/implcourse",
            "IMPLCOURSE_TRAINERS": "tina",
            "IMPLCOURSE_ROOM_PASSWORD": "room-password",
            "IMPLCOURSE_TRAINER_PASSWORD": "t" * 32}


# --------------------------------------------------------------------------- helpers

def _hub_reads() -> dict[str, object]:
    """Each variable hub.py reads, with the literal default it gives (None: none)."""
    tree = ast.parse(HUB_SOURCE.read_text(encoding="utf-8"))
    reads: dict[str, object] = {}
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Name) and func.id in READERS:
            args = node.args[1:]
        elif isinstance(func, ast.Attribute) and func.attr in ("get", "getenv"):
            args = node.args  # env.get(NAME, default) or os.getenv(NAME, default)
        else:
            continue
        if not args or not isinstance(args[0], ast.Constant) or not isinstance(args[0].value, str):
            continue
        name = args[0].value
        if not NAME.fullmatch(name):
            continue
        default = None
        if len(args) > 1:
            default = ast.literal_eval(args[1])
        reads.setdefault(name, default)
    return reads


def _other_mentions() -> set[str]:
    """IMPLCOURSE_ names in hub.py's code that are neither read by a reader
    above nor a key of a dict literal (an environment passed to another
    process); a read in any other form would land here."""
    tree = ast.parse(HUB_SOURCE.read_text(encoding="utf-8"))
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                docstrings.add(id(body[0].value))
    dict_keys = {id(key) for node in ast.walk(tree) if isinstance(node, ast.Dict)
                 for key in node.keys if key is not None}
    # Error messages name the variable they are about ("env IMPLCOURSE_X must ...").
    messages = {id(inner) for node in ast.walk(tree)
                if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                and node.func.id.endswith("Error")
                for arg in node.args for inner in ast.walk(arg)}
    read_nodes = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name) and func.id in READERS and len(node.args) > 1:
                read_nodes.add(id(node.args[1]))
            elif isinstance(func, ast.Attribute) and func.attr in ("get", "getenv") and node.args:
                read_nodes.add(id(node.args[0]))
    others = set()
    for node in ast.walk(tree):
        if (isinstance(node, ast.Constant) and isinstance(node.value, str)
                and id(node) not in docstrings | dict_keys | read_nodes | messages):
            others.update(NAME.findall(node.value))
    return others


def _section(text: str, heading_start: str) -> str:
    """The text of the README section whose ``## `` heading starts with ``heading_start``."""
    match = re.search(rf"^## {re.escape(heading_start)}.*?$(.*?)(?=^## |\Z)", text, re.M | re.S)
    assert match, f"workshop/README.md has no section starting '## {heading_start}'"
    return match.group(1)


def _settings_table() -> dict[str, str]:
    """The README's table of settings: variable -> its default cell."""
    table = {}
    for line in _section(README.read_text(encoding="utf-8"), "5. Every setting").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 3 and re.fullmatch(r"`IMPLCOURSE_[A-Z0-9_]+`", cells[0]):
            name = cells[0].strip("`")
            assert name not in table, f"{name} is twice in the README's table"
            table[name] = cells[1]
    return table


def _shown(default: object) -> str:
    """How a literal default is written in the README: `1G`, `1`, `60`."""
    if isinstance(default, float) and default.is_integer():
        default = int(default)
    return f"`{default}`"


def _values() -> dict:
    return yaml.safe_load(VALUES.read_text(encoding="utf-8"))


def _defaults() -> dict:
    """What hub.settings makes of an environment with only the required variables."""
    return hub.settings(dict(REQUIRED))


# --------------------------------------------------------------------------- hub.py <-> README

def test_hub_reads_every_setting_through_its_readers():
    reads = _hub_reads()
    # The reader found the settings we know hub.py has (so this test can see them).
    assert {"IMPLCOURSE_WORKSHOP_DB", "IMPLCOURSE_MEM_LIMIT", "IMPLCOURSE_SPAWNER"} <= set(reads)
    assert _other_mentions() == set(), (
        "hub.py names these variables outside its _text/_number readers and outside an "
        "environment it passes on; read them with _text/_number so that the README's "
        "table can be checked")


def test_readme_table_lists_exactly_the_variables_hub_reads():
    reads, table = _hub_reads(), _settings_table()
    assert sorted(set(reads) - set(table)) == [], "read by hub.py, missing from the README"
    assert sorted(set(table) - set(reads)) == [], "in the README, not read by hub.py"


def test_hub_docstring_lists_the_same_variables():
    doc = ast.get_docstring(ast.parse(HUB_SOURCE.read_text(encoding="utf-8"))) or ""
    assert set(NAME.findall(doc)) == set(_hub_reads())


@pytest.mark.parametrize("name", sorted(_hub_reads()))
def test_readme_default_is_the_code_default(name):
    default = _hub_reads()[name]
    cell = _settings_table().get(name)
    assert cell is not None, f"{name} is missing from the README's table"
    if default in (None, ""):
        assert cell.lower().startswith("none"), (
            f"{name} has no default in hub.py; the README says {cell!r}")
    else:
        assert cell.startswith(_shown(default)), (
            f"{name}'s default in hub.py is {default!r}; the README says {cell!r}")


def test_readme_numeric_defaults_are_what_settings_computes():
    # The literal defaults above, once more through hub.settings itself.
    table, s = _settings_table(), _defaults()
    assert table["IMPLCOURSE_MEM_LIMIT"].startswith(f"`{s['mem_limit']}`")
    assert table["IMPLCOURSE_CPU_LIMIT"].startswith(f"`{s['cpu_limit']:g}`")
    assert table["IMPLCOURSE_IDLE_MINUTES"].startswith(f"`{s['idle_seconds'] // 60}`")
    assert table["IMPLCOURSE_DASHBOARD_PORT"].startswith(f"`{s['dashboard_port']}`")
    assert table["IMPLCOURSE_SPAWNER"].startswith(f"`{s['spawner']}`")


def test_readme_example_settings_file_is_accepted():
    text = README.read_text(encoding="utf-8")
    blocks = [b for b in re.findall(r"```ini\n(.*?)```", text, re.S) if "IMPLCOURSE_" in b]
    assert blocks, "the README shows no settings file"
    env = dict(line.strip().split("=", 1) for line in blocks[0].splitlines() if "=" in line)
    assert set(env) <= set(_hub_reads())
    s = hub.settings(env)
    assert s["spawner"] == "tljh"
    assert Path(s["singleuser"]).name == "implcourse-singleuser"
    # TLJH's first admin (its installer's --admin) is one of the trainers, and is given a
    # password at install time (NAME:PASSWORD), so nobody else can claim it first.
    admin = re.search(r"--admin ([^\s:]+):(\S+)", text)
    assert admin, "TLJH's installer must be given --admin NAME:PASSWORD"
    assert admin.group(1) in s["trainers"]


# --------------------------------------------------------------------------- z2jh values

def test_z2jh_values_parse_and_mirror_the_hub_defaults():
    values, s = _values(), _defaults()
    single = values["singleuser"]
    assert str(single["memory"]["limit"]) == s["mem_limit"]
    assert float(single["cpu"]["limit"]) == s["cpu_limit"]
    assert values["cull"]["enabled"] is True
    assert int(values["cull"]["timeout"]) == s["idle_seconds"]
    assert single["storage"]["capacity"] == "1Gi"
    # The guarantees are reserved for each participant: never above the limits.
    assert _bytes(single["memory"]["guarantee"]) <= _bytes(single["memory"]["limit"])
    assert float(single["cpu"]["guarantee"]) <= float(single["cpu"]["limit"])


def _bytes(text: object) -> float:
    match = re.fullmatch(r"(\d+(?:\.\d+)?)([KMGT])", str(text))
    assert match, f"not a memory size like 512M: {text!r}"
    return float(match.group(1)) * 1024 ** ("KMGT".index(match.group(2)) + 1)


def test_z2jh_hub_settings_are_accepted_by_the_hub():
    values = _values()
    extra = values["hub"]["extraEnv"]
    assert set(extra) <= set(_hub_reads()), "hub.extraEnv sets a variable hub.py does not read"
    literal = {k: v for k, v in extra.items() if isinstance(v, str)}
    from_secret = {k for k, v in extra.items() if isinstance(v, dict)}
    # The secrets come from a Kubernetes Secret, never from this file.
    assert {"IMPLCOURSE_WORKSHOP_DB", "IMPLCOURSE_ROOM_PASSWORD",
            "IMPLCOURSE_TRAINER_PASSWORD"} <= from_secret
    for name in from_secret:
        assert set(extra[name]["valueFrom"]["secretKeyRef"]) == {"name", "key"}
    s = hub.settings({**REQUIRED, **literal})
    assert s["spawner"] == "kubernetes"  # keeps KubeSpawner and z2jh's own culler
    assert s["dashboard_host"] == "hub"
    code = values["hub"]["extraConfig"]["implcourse"]
    assert "from implcourse.workshop.hub import configure" in code
    assert re.search(r"^configure\(c\)$", code, re.M)
    edition = values["singleuser"]["extraEnv"]["IMPLCOURSE_WORKSHOP_EDITION"]
    assert hub.settings({**REQUIRED, "IMPLCOURSE_WORKSHOP_EDITION": edition})["edition"] == edition


def test_z2jh_singleuser_edition_wins_over_the_hub_setting(monkeypatch):
    # z2jh puts singleuser.extraEnv into KubeSpawner.environment before the course's
    # configure(c) runs; the values file and the README say that value wins.
    from traitlets.config import Config

    from implcourse.workshop import db

    monkeypatch.setattr(db, "migrate", lambda url: 0)
    monkeypatch.setattr(db, "provision_reader", lambda url: "postgresql://r:pw@127.0.0.1/x")
    values = _values()
    chart_env = dict(values["singleuser"]["extraEnv"])
    edition = chart_env["IMPLCOURSE_WORKSHOP_EDITION"]
    other = "full" if edition == "participant" else "participant"
    c = Config()
    c.KubeSpawner.environment = dict(chart_env)
    env = {**REQUIRED, **{k: v for k, v in values["hub"]["extraEnv"].items()
                          if isinstance(v, str)}, "IMPLCOURSE_WORKSHOP_EDITION": other}
    configure_settings = hub.configure(c, env)
    assert configure_settings["edition"] == other
    assert c.KubeSpawner.environment["IMPLCOURSE_WORKSHOP_EDITION"] == edition
    readme = _section(README.read_text(encoding="utf-8"), "10. Beyond one machine")
    assert re.search(r"`singleuser\.extraEnv`.*?wins over", readme, re.S)


def test_z2jh_dashboard_port_is_open_between_proxy_and_hub():
    values = _values()
    port = hub.settings({**REQUIRED, **{k: v for k, v in values["hub"]["extraEnv"].items()
                                        if isinstance(v, str)}})["dashboard_port"]
    (extra_port,) = values["hub"]["service"]["extraPorts"]
    assert extra_port["port"] == extra_port["targetPort"] == port
    ingress_ports = [p["port"] for rule in values["hub"]["networkPolicy"]["ingress"]
                     for p in rule["ports"]]
    egress_ports = [p["port"] for rule in values["proxy"]["chp"]["networkPolicy"]["egress"]
                    for p in rule["ports"]]
    assert ingress_ports == [port] and egress_ports == [port]


def test_z2jh_server_command_is_the_course_entry_point():
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))[
        "project"]["scripts"]
    values = _values()
    assert values["singleuser"]["cmd"] in scripts
    assert values["hub"]["extraEnv"]["IMPLCOURSE_SINGLEUSER"] in scripts


# --------------------------------------------------------------------------- Dockerfile

def _instructions() -> list[tuple[str, str]]:
    """The Dockerfile's instructions as (KEYWORD, arguments), continuation lines joined."""
    text = re.sub(r"\\\n", " ", DOCKERFILE.read_text(encoding="utf-8"))
    out = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            keyword, _, rest = line.partition(" ")
            out.append((keyword.upper(), rest.strip()))
    return out


def test_dockerfile_starts_from_a_pinned_docker_stacks_image():
    froms = [args for keyword, args in _instructions() if keyword == "FROM"]
    assert len(froms) == 1
    image, _, tag = froms[0].partition(":")
    assert image == "quay.io/jupyter/minimal-notebook"
    assert tag and tag != "latest", "pin the base image to one build"


def test_dockerfile_installs_the_wheel_with_the_workshop_extra_and_nothing_else():
    instructions = _instructions()
    copies = [args.split() for keyword, args in instructions if keyword == "COPY"]
    assert len(copies) == 1 and copies[0][0] == "dist/*.whl"
    wheels_dir = copies[0][1].rstrip("/")
    runs = " && ".join(args for keyword, args in instructions if keyword == "RUN")
    installs = [part.strip() for part in runs.split("&&") if "pip install" in part]
    assert len(installs) == 1, installs
    (install,) = installs
    assert f"{wheels_dir}/implcourse-" in install and ".whl)[workshop]" in install
    assert "://" not in install and "git+" not in install
    for option in ("--index-url", "--extra-index-url", "--find-links", " -i ", " -f "):
        assert option not in install, f"{option.strip()} installs from somewhere else"
    assert "pip download" not in runs and "curl" not in runs and "wget" not in runs


# --------------------------------------------------------------------------- README

def _slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to -."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def test_readme_relative_links_resolve():
    text = README.read_text(encoding="utf-8")
    anchors = {_slug(h) for h in re.findall(r"^#+ (.+)$", text, re.M)}
    links = re.findall(r"\]\(([^)\s]+)\)", text)
    relative = [link for link in links if not re.match(r"[a-z]+:", link)]
    assert len(relative) >= 5, relative
    for link in relative:
        path, _, anchor = link.partition("#")
        if path:
            assert (README.parent / path).resolve().exists(), f"broken link: {link}"
        else:
            assert anchor in anchors, f"no heading for the link {link}"


def test_readme_names_only_files_that_exist():
    text = README.read_text(encoding="utf-8")
    named = set(re.findall(
        r"(?<![\w/.~-])(?:implcourse-src/)?((?:workshop|tests|benchmarks|implcourse|notebooks)"
        r"/[\w./-]*\w)", text))
    assert "workshop/jupyterhub_config.py" in named
    assert "workshop/z2jh-values.yaml" in named and "workshop/Dockerfile" in named
    missing = sorted(name for name in named if not (ROOT / name).exists())
    assert missing == []


def test_readme_keeps_the_measured_placeholders():
    text = README.read_text(encoding="utf-8")
    for name in ("capacity", "faults"):
        opened = text.count(f"<!-- MEASURED: {name} -->")
        assert opened == 1 and text.count("<!-- /MEASURED -->") == 2
        assert text.index(f"<!-- MEASURED: {name} -->") < text.index(
            "<!-- /MEASURED -->", text.index(f"<!-- MEASURED: {name} -->"))


def test_readme_tljh_culler_is_set_before_the_course_is_loaded():
    path_a = _section(README.read_text(encoding="utf-8"), "3. Path A")
    assert "tljh-config set services.cull.timeout 3600" in path_a, "the culler step is missing"
    cull = path_a.index("tljh-config set services.cull.timeout 3600")
    assert cull < path_a.index("sudo tljh-config reload\n"), (
        "set TLJH's culler timeout before the reload that loads the course's settings")
    assert "600 seconds" in path_a  # TLJH's default, said out loud


def test_readme_sizes_and_fences_postgresql_in_both_paths():
    from implcourse.workshop import db

    text = README.read_text(encoding="utf-8")
    for heading in ("3. Path A", "4. Path B"):
        section = _section(text, heading)
        assert "ALTER SYSTEM SET max_connections" in section, heading
        assert "sudo systemctl restart postgresql" in section, heading
        assert f"host implcourse +{db.LEARNER_GROUP}" in re.sub(r"[ \t]+", " ", section), heading
    path_a = re.sub(r"[ \t]+", " ", _section(text, "3. Path A"))
    allow_line = f"host implcourse +{db.LEARNER_GROUP} 127.0.0.1/32 scram-sha-256"
    reject_line = f"host all +{db.LEARNER_GROUP} all reject"
    assert allow_line in path_a and reject_line in path_a
    assert path_a.index(allow_line) < path_a.index(reject_line)
    # idle_session_timeout (db.py) needs PostgreSQL 14: no older version is named.
    assert not re.search(r"PostgreSQL(?: is)?(?: version)? 1[0-3]\b", text)


def test_readme_capacity_table_follows_the_measured_burst():
    text = README.read_text(encoding="utf-8")
    block = text[text.index("<!-- MEASURED: capacity -->"):text.index("<!-- /MEASURED -->")]
    cpu = float(re.search(r"top to bottom .*?\| ([\d.]+) s \|", block).group(1))
    n, burst = re.search(r"\| (\w+) participants running .*?all done in ([\d.]+) s", block).groups()
    n = {"nine": 9, "ten": 10, "eight": 8}.get(n.lower()) or int(n)
    cores = int(re.search(r"with (\d+) vCPUs", block).group(1))
    overhead = float(burst) / (n * cpu / cores)
    per_core = round(30 / (cpu * overhead))
    assert f"about {per_core} participants" in block
    rows = re.findall(r"^\| up to (\d+) \| (\d+) \| (\d+) GB \|", block, re.M)
    assert len(rows) == 3
    for people, vcpus, memory in rows:
        assert int(people) <= int(vcpus) * per_core, (people, vcpus)
        assert int(people) * 0.5 + 1.3 <= int(memory), (people, memory)


def test_readme_cleanup_drops_every_login_the_course_makes():
    from implcourse.workshop import db

    cleanup = _section(README.read_text(encoding="utf-8"), "11. After the workshop")
    prefix = db.role_name("ada")[:3]
    assert prefix == "ic_" and "LIKE 'ic\\_%'" in cleanup
    default_reader = __import__("inspect").signature(db.provision_reader).parameters["role"].default
    for role in (default_reader, db.LEARNER_GROUP, db.TRAINER_GROUP, "implcourse_hub"):
        assert role in cleanup, role
    # The dump is written by a shell whose umask keeps it private.
    assert re.search(r"\(umask 077 && sudo -u postgres pg_dump implcourse > \S+\)", cleanup)


def test_readme_warns_against_the_simple_spawner():
    privacy = _section(README.read_text(encoding="utf-8"), "8. Privacy")
    assert "IMPLCOURSE_SPAWNER=simple" in privacy and "Never" in privacy
    # ... and says that closed book hides the solutions but does not lock them away.
    assert "does not lock" in privacy


if __name__ == "__main__":  # pragma: no cover
    sys.exit(pytest.main([__file__, "-q"]))
