"""Packaging: a light import, the content inside the wheel, environment.yml in
step with pyproject.toml, and the README's two commands."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

import implcourse

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
HEAVY = ("ipywidgets", "matplotlib", "IPython")


def _run_python(code: str, cwd: Path, extra_path: Path | None = None) -> str:
    """Run code in a fresh interpreter, away from the checkout, and return stdout."""
    prelude = f"import sys; sys.path.insert(0, {str(extra_path)!r})\n" if extra_path else ""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    result = subprocess.run([sys.executable, "-c", prelude + textwrap.dedent(code)],
                            cwd=cwd, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_import_implcourse_pulls_in_no_widgets_or_plots(tmp_path):
    """`import implcourse` and every core module stay free of ipywidgets,
    matplotlib and IPython (the core must run without a notebook)."""
    out = _run_python(f"""
        import json, sys
        import implcourse
        after_package = sorted(m for m in sys.modules if m.split('.')[0] in {HEAVY!r})
        from implcourse import (content, course, exercises, lifecycle, progress, quiz,
                                readiness, schedule, validation)
        from implcourse.exercises import lifecycle as ex01, start
        lifecycle.load_phases(); schedule.analyse(schedule.load_plan()); quiz.load_bank()
        after_core = sorted(m for m in sys.modules if m.split('.')[0] in {HEAVY!r})
        print(json.dumps([after_package, after_core]))
    """, tmp_path)
    after_package, after_core = json.loads(out)
    assert after_package == [], after_package
    assert after_core == [], after_core


def test_version_matches_the_installed_metadata():
    from importlib.metadata import version

    assert implcourse.__version__ == version("implcourse")


def test_lazy_submodules():
    assert "lifecycle" in dir(implcourse)
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        implcourse.nope  # noqa: B018


# --------------------------------------------------------------------------
# The wheel
# --------------------------------------------------------------------------

DUMP_CONTENT = """
    import json, implcourse
    from implcourse import content, course, lifecycle, quiz, readiness, schedule
    dump = {
        "phases": [p.model_dump() for p in lifecycle.load_phases()],
        "roles": [r.model_dump() for r in lifecycle.load_roles()],
        "work_types": [w.model_dump() for w in lifecycle.load_work_types()],
        "checklist": [i.model_dump() for i in readiness.load_checklist()],
        "plan": [t.model_dump() for t in schedule.load_plan().tasks],
        "questions": [q.model_dump() for q in quiz.load_bank()],
        "course": [l.model_dump() for l in course.load_course()],
    }
    where = {"package": implcourse.__file__, "root": str(content.course_root())}
    print(json.dumps({"dump": dump, "where": where}, sort_keys=True))
"""


@pytest.fixture(scope="module")
def wheel_site(tmp_path_factory):
    """Build the wheel and install it (without dependencies) into a folder."""
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                    "--quiet", "-w", str(out / "dist"), str(ROOT)], check=True, timeout=300)
    (wheel,) = (out / "dist").glob("implcourse-*.whl")
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "--quiet",
                    "--target", str(out / "site"), str(wheel)], check=True, timeout=300)
    return wheel, out / "site"


@pytest.mark.slow
def test_wheel_contains_datasets_and_notebooks(wheel_site):
    wheel, _ = wheel_site
    names = set(zipfile.ZipFile(wheel).namelist())
    for folder in ("datasets", "notebooks"):
        shipped = {p.relative_to(ROOT).as_posix() for p in (ROOT / folder).rglob("*")
                   if p.is_file() and ".ipynb_checkpoints" not in p.parts}
        for name in shipped:
            assert f"implcourse/_course/{name}" in names, f"{name} is missing from the wheel"
    # The slides' offline reveal.js and MathJax, and the dashboards' Voila template.
    vendored = {p.relative_to(ROOT).as_posix() for folder in ("_vendor", "voila")
                for p in (ROOT / "implcourse" / folder).rglob("*") if p.is_file()}
    assert vendored, "nothing vendored was found"
    for name in vendored:
        assert name in names, f"{name} is missing from the wheel"


@pytest.mark.slow
def test_datasets_load_identically_from_wheel_and_checkout(wheel_site, tmp_path):
    _, site = wheel_site
    from_wheel = json.loads(_run_python(DUMP_CONTENT, tmp_path, extra_path=site))
    from_checkout = json.loads(_run_python(DUMP_CONTENT, tmp_path))
    assert Path(from_wheel["where"]["package"]).is_relative_to(site)
    assert Path(from_wheel["where"]["root"]) == site / "implcourse" / "_course"
    assert Path(from_checkout["where"]["root"]) == ROOT
    assert from_wheel["dump"] == from_checkout["dump"]


@pytest.mark.slow
def test_lab_workspace_from_the_wheel_copies_without_overwriting(wheel_site, tmp_path):
    _, site = wheel_site
    workspace = tmp_path / "workspace"
    code = f"""
        from pathlib import Path
        from implcourse.cli import prepare_workspace
        root = prepare_workspace({str(workspace)!r})
        start = root / "notebooks" / "00_start_here.ipynb"
        print(root, start.is_file())
    """
    assert _run_python(code, tmp_path, extra_path=site).split() == [str(workspace), "True"]
    mine = workspace / "notebooks" / "00_start_here.ipynb"
    mine.write_text("my own edits", encoding="utf-8")
    _run_python(code, tmp_path, extra_path=site)
    assert mine.read_text(encoding="utf-8") == "my own edits"


def test_lab_opens_a_checkout_in_place():
    from implcourse.cli import prepare_workspace

    assert prepare_workspace() == ROOT


# --------------------------------------------------------------------------
# environment.yml and the README
# --------------------------------------------------------------------------

def _name(requirement: Requirement) -> str:
    return re.sub(r"[-_.]+", "-", requirement.name).lower()


#: Runtime dependencies that environment.yml installs through pip, because
#: conda-forge does not package them.
PIP_ONLY = {"fsrs"}


def test_environment_yml_matches_pyproject():
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    assert env["channels"] == ["conda-forge"]
    conda = [d for d in env["dependencies"] if isinstance(d, str)]
    pip = [d for d in env["dependencies"] if isinstance(d, dict)]
    conda_reqs = {_name(r): str(r.specifier)
                  for r in map(Requirement, conda) if _name(r) not in ("python", "pip")}
    project = {_name(r): str(r.specifier)
               for r in map(Requirement, PYPROJECT["project"]["dependencies"])}
    assert len(pip) == 1 and list(pip[0]) == ["pip"]
    pip_lines = pip[0]["pip"]
    assert pip_lines[-1] == "--editable .", "the course itself is installed by pip"
    pip_reqs = {_name(r): str(r.specifier) for r in map(Requirement, pip_lines[:-1])}
    assert set(pip_reqs) == PIP_ONLY, "only what conda-forge lacks comes from pip"
    assert {**conda_reqs, **pip_reqs} == project
    assert not set(conda_reqs) & set(pip_reqs)
    python = next(Requirement(d) for d in conda if Requirement(d).name == "python")
    assert str(python.specifier) == PYPROJECT["project"]["requires-python"]


def test_readme_shows_exactly_the_two_commands_and_ci_runs_the_second():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```[a-z]*\n(.*?)```", readme, re.S)
    assert [b.strip() for b in blocks] == ["python3 course.py lab", "python3 course.py test"]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    commands = [line.strip() for line in ci.splitlines()
                if line.strip() and not line.lstrip().startswith("#")]
    assert commands[-1] == "exec python3 course.py test"
    assert os.access(ROOT / ".ci" / "run", os.X_OK)


def test_pytest_runs_strict_nbval_on_notebooks_and_doctests():
    options = PYPROJECT["tool"]["pytest"]["ini_options"]
    assert "--nbval" in options["addopts"] and "--nbval-lax" not in options["addopts"]
    assert "--doctest-modules" in options["addopts"]
    assert {"tests", "implcourse", "notebooks"} <= set(options["testpaths"])


def test_the_whole_suite_runs_on_every_core_and_a_small_run_in_one_process(monkeypatch):
    """``course.py test`` alone runs pytest-xdist with nbval-safe scheduling;
    with arguments it leaves pytest as it is."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("course_launcher", ROOT / "course.py")
    launcher = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(launcher)
    calls = []
    monkeypatch.setattr(launcher, "ensure_environment", lambda extras="": Path("python"))
    monkeypatch.setattr(launcher, "_run", lambda command, **kw: calls.append(command[1:]))
    proxies = []
    monkeypatch.setattr(launcher, "ensure_proxy", lambda: proxies.append(True))
    launcher.test([])
    launcher.test(["-k", "lifecycle"])
    assert calls == [["-m", "pytest", "-n", "auto", "--dist", "loadscope"],
                     ["-m", "pytest", "-k", "lifecycle"]]
    assert proxies == [True, True]  # the workshop tests' proxy is installed first
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert '"pytest-xdist' in text
