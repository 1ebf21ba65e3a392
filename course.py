#!/usr/bin/env python3
"""Set up and run the implcourse course kit: the README's two commands.

    python3 course.py lab       create/update .venv, install the course, open JupyterLab
    python3 course.py test      create/update .venv with the test extra, run every test

Both need only Python 3.10+ (with its venv module) and a clone of this
repository. Extra arguments go through: ``python3 course.py lab --no-browser``
to JupyterLab, ``python3 course.py test -k lifecycle`` to pytest.

For learners and trainers, without activating anything:

    python3 course.py progress             print my progress, weakest topic first
    python3 course.py check-content PATH   check your own content files (a file or a folder)

For workshop rooms without internet (see the README):

    python3 course.py wheelhouse FOLDER [--platform TAG] [--python-version X.Y]
                                  on a computer with internet: every wheel the
                                  course needs, for the learners' computers
    python3 course.py lab --offline FOLDER
                                  on each learner's computer: install from FOLDER
                                  alone, then open JupyterLab

For contributors:

    python3 course.py execute   re-execute every notebook in place (after editing one)

The environment is reinstalled only when pyproject.toml changes (a stamp in
.venv records what was installed), so repeated runs start at once.

Kept to the standard library on purpose: it must run before anything is
installed.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
MIN_PYTHON = (3, 10)


def _venv_python() -> Path:
    if os.name == "nt":
        return VENV / "Scripts" / "python.exe"
    return VENV / "bin" / "python"


def _say(message: str) -> None:
    print(f"[course] {message}", flush=True)


def _run(command: list[str], **kwargs) -> None:
    result = subprocess.run(command, cwd=ROOT, **kwargs)
    if result.returncode:
        sys.exit(result.returncode)


def ensure_environment(extras: str = "") -> Path:
    """Create ``.venv`` if needed and install the course (editable) into it."""
    if sys.version_info < MIN_PYTHON:
        sys.exit(f"implcourse needs Python {'.'.join(map(str, MIN_PYTHON))} or newer; "
                 f"this is {sys.version.split()[0]}.")
    python = _create_venv()
    target = f".{extras}" if extras else "."
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    stamp = VENV / "implcourse-installed.txt"
    lines = stamp.read_text().split() if stamp.exists() else []
    done = set(lines[1:]) if lines[:1] == [digest] else set()
    # ".[test]" installs everything "." does.
    if target not in done and not (target == "." and ".[test]" in done):
        _say(f"installing the course into {VENV.name}/ (pip install -e '{target}'); "
             "the first time takes a few minutes")
        _run([str(python), "-m", "pip", "install", "--quiet", "--upgrade", "pip"])
        _run([str(python), "-m", "pip", "install", "--quiet", "-e", target])
        stamp.write_text("\n".join([digest, *sorted(done | {target})]) + "\n")
    return python


def _offline_option(args: list[str]) -> tuple[str | None, list[str]]:
    """Take ``--offline WHEELHOUSE`` out of lab's arguments (the rest go to JupyterLab)."""
    folder, rest, items = None, [], iter(args)
    for arg in items:
        if arg == "--offline" or arg.startswith("--offline="):
            folder = arg.partition("=")[2] if "=" in arg else next(items, "")
            if not folder.strip() or folder.startswith("-"):
                print("[course] --offline needs the wheelhouse folder, as in: python3 course.py "
                      "lab --offline wheelhouse", file=sys.stderr)
                sys.exit(2)
        else:
            rest.append(arg)
    return folder, rest


def lab(args: list[str]) -> None:
    wheelhouse_dir, args = _offline_option(args)
    python = offline_environment(wheelhouse_dir) if wheelhouse_dir else ensure_environment()
    _say("opening JupyterLab (stop it with Ctrl+C)")
    command = [str(python), "-m", "implcourse.cli", "lab", *args]
    if os.name == "posix":
        # Become the server (implcourse.cli execs JupyterLab in turn), so that the
        # PID the user started is the server's: Ctrl+C, TERM or a closed terminal
        # stop it, and no orphaned server is left holding the port.
        sys.stdout.flush()
        os.chdir(ROOT)
        os.execv(command[0], command)
    _run(command)  # Windows: Ctrl+C reaches every process of the console


def progress(args: list[str]) -> None:
    python = ensure_environment()
    _run([str(python), "-m", "implcourse.cli", "progress", *args])


def check_content(args: list[str]) -> None:
    python = ensure_environment()
    # Run in the user's folder, so that the paths they typed mean what they meant.
    result = subprocess.run([str(python), "-m", "implcourse.cli", "check-content", *args])
    sys.exit(result.returncode)


def _in_users_folder(command: str):
    """A trainer's command of ``implcourse``, run from the folder the user is in
    (so the paths they typed mean what they meant)."""
    def run(args: list[str]) -> None:
        python = ensure_environment()
        result = subprocess.run([str(python), "-m", "implcourse.cli", command, *args])
        sys.exit(result.returncode)
    return run


#: JupyterHub's proxy for the workshop tests, from the npm registry, kept in .venv.
PROXY_PACKAGE = "configurable-http-proxy@4.6.3"


def ensure_proxy() -> None:
    """Install JupyterHub's proxy into ``.venv/node`` with npm, once, if npm is
    here (the workshop tests say why they skip without it; CI has npm)."""
    folder = VENV / "node"
    stamp = folder / "installed.txt"
    if stamp.exists() and stamp.read_text().strip() == PROXY_PACKAGE:
        return
    npm = shutil.which("npm")
    if npm is None:
        _say("npm not found: the workshop hub tests will say they cannot run here")
        return
    _say(f"installing JupyterHub's proxy ({PROXY_PACKAGE}) into {VENV.name}/node with npm")
    result = subprocess.run([npm, "install", "--prefix", str(folder), "--no-fund", "--no-audit",
                             "--loglevel=error", PROXY_PACKAGE], cwd=ROOT)
    if result.returncode == 0:
        stamp.write_text(PROXY_PACKAGE + "\n")


def test(args: list[str]) -> None:
    python = ensure_environment("[test]")
    ensure_proxy()
    _say("running the whole test suite: unit, doctests, widgets, nbval on every notebook")
    # The whole suite runs on every core (pytest-xdist). --dist loadscope keeps
    # each notebook's cells, and each test module, on one worker, so nbval
    # runs a notebook top to bottom in one kernel as before. With arguments
    # (e.g. -k lifecycle) the run is a small one: keep it in one process.
    parallel = [] if args else ["-n", "auto", "--dist", "loadscope"]
    _run([str(python), "-m", "pytest", *parallel, *args])


def execute(args: list[str]) -> None:
    python = ensure_environment("[test]")
    _run([str(python), str(ROOT / "tools" / "execute_notebooks.py"), *args])


# --------------------------------------------------------------------------
# Workshop rooms without internet: a wheelhouse on a USB stick
# --------------------------------------------------------------------------
#
# `wheelhouse OUTDIR` (online) builds the course's wheel and downloads every
# wheel it needs for one platform and Python; `lab --offline WHEELHOUSE`
# (offline) installs from that folder alone. The manifest, wheelhouse.json,
# says what the folder holds and for which computer.

MANIFEST = "wheelhouse.json"
_ARCH = {"amd64": "x86_64", "x64": "x86_64", "aarch64": "arm64", "i386": "x86", "i686": "x86",
         "win32": "x86"}


def _python_version(text: str) -> str:
    """'3.11' (or '311') as 'X.Y', for a supported Python; a usage error otherwise."""
    match = re.fullmatch(r"3\.?(\d{1,2})", text.strip())
    if not match or int(match[1]) < MIN_PYTHON[1]:
        raise argparse.ArgumentTypeError(
            f"--python-version must be 3.{MIN_PYTHON[1]} or newer, like 3.12; got {text!r}")
    return f"3.{int(match[1])}"


def _parse_platform(tag: str) -> tuple[str, str, tuple[int, ...]] | None:
    """A wheel platform tag as (system, machine, minimum version), or None.

    The minimum version is macOS's for ``macosx_*`` and glibc's (or musl's)
    for ``manylinux*`` (``musllinux*``); Windows has none."""
    windows = {"win_amd64": "x86_64", "win32": "x86", "win_arm64": "arm64"}
    if tag in windows:
        return "windows", windows[tag], ()
    legacy = {"manylinux1": (2, 5), "manylinux2010": (2, 12), "manylinux2014": (2, 17)}
    prefix, _, arch = tag.partition("_")
    if prefix in legacy and arch:
        return "linux", _ARCH.get(arch, arch), legacy[prefix]
    match = re.fullmatch(r"(macosx|manylinux|musllinux)_(\d+)_(\d+)_([a-z0-9_]+)", tag)
    if not match:
        return None
    system = {"macosx": "macos", "manylinux": "linux", "musllinux": "linux-musl"}[match[1]]
    return system, _ARCH.get(match[4], match[4]), (int(match[2]), int(match[3]))


def _platform_tag(text: str) -> str:
    tag = text.strip().lower().replace("-", "_").replace(".", "_")
    if _parse_platform(tag) is None:
        raise argparse.ArgumentTypeError(
            f"--platform must be a wheel platform tag such as win_amd64, macosx_11_0_arm64 or "
            f"manylinux2014_x86_64; got {text!r}")
    return tag


def _this_platform() -> str:
    """The platform tag of this computer (the one the Python running this script has)."""
    import platform
    import sysconfig

    if sys.platform == "win32":
        return sysconfig.get_platform().replace("-", "_")  # win_amd64, win32, win_arm64
    machine = platform.machine().lower()
    if sys.platform == "darwin":
        major, minor = (int(p) for p in (platform.mac_ver()[0].split(".") + ["0"])[:2])
        return f"macosx_{major}_{minor if major == 10 else 0}_{_ARCH.get(machine, machine)}"
    libc, version = platform.libc_ver()
    if libc == "glibc" and re.fullmatch(r"\d+\.\d+", version):
        return f"manylinux_{version.replace('.', '_')}_{machine}"
    return f"musllinux_1_2_{machine}"


def _pip_platforms(tag: str) -> list[str]:
    """The --platform options for pip: a Linux tag with every older one it runs
    (pip widens only the legacy manylinux names, and macOS versions, itself)."""
    system, _, version = _parse_platform(tag)
    arch = re.fullmatch(r"(?:manylinux|musllinux)(?:1|2010|2014|_\d+_\d+)_(.+)", tag)
    if system == "linux":
        legacy = {17: "manylinux2014", 12: "manylinux2010", 5: "manylinux1"}
        return ([f"manylinux_2_{minor}_{arch[1]}" for minor in range(version[1], 4, -1)]
                + [f"{name}_{arch[1]}" for minor, name in legacy.items() if minor <= version[1]])
    if system == "linux-musl":
        return [f"musllinux_1_{minor}_{arch[1]}" for minor in range(version[1], 0, -1)]
    return [tag]


def _mismatch(manifest: dict) -> str | None:
    """Why this computer cannot use the wheelhouse, or None if it can."""
    import platform

    python = "{}.{}".format(*sys.version_info)
    here, there = _this_platform(), str(manifest.get("platform", "?"))
    need, made = _parse_platform(here), _parse_platform(there)
    fits = (platform.python_implementation() == "CPython"
            and manifest.get("python") == python and made is not None and need is not None
            and made[0] == need[0]
            and (made[1] == need[1] or (made[1] == "universal2" and need[0] == "macos"))
            and made[2] <= need[2])
    if fits:
        return None
    return (f"This wheelhouse was built for CPython {manifest.get('python', '?')} on {there}; "
            f"this computer needs {platform.python_implementation()} {python} on {here}. "
            f"Build one for it on a computer with internet: python3 course.py wheelhouse "
            f"FOLDER --platform {here} --python-version {python}")


def _read_manifest(folder: Path) -> dict:
    path = folder / MANIFEST
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        sys.exit(f"[course] {folder} is not a wheelhouse: it has no {MANIFEST}. Make one on a "
                 "computer with internet: python3 course.py wheelhouse FOLDER")
    except (ValueError, UnicodeDecodeError) as err:
        sys.exit(f"[course] {path} cannot be read ({err}); copy the wheelhouse again")
    if not isinstance(manifest, dict) or not isinstance(manifest.get("files"), dict):
        sys.exit(f"[course] {path} is not a wheelhouse manifest; copy the wheelhouse again")
    return manifest


def _course_version() -> str:
    text = (ROOT / "implcourse" / "_version.py").read_text(encoding="utf-8")
    return re.search(r"__version__\s*=\s*['\"]([^'\"]+)['\"]", text)[1]


# Run by the pip-holding Python: which requirements of the wheels in a folder,
# with their environment markers evaluated for the target computer (pip
# evaluates them for the computer it runs on), have no wheel there yet.
_MISSING_SCRIPT = r"""
import json, re, sys, zipfile
from email.parser import Parser
try:
    from pip._vendor.packaging.markers import default_environment
    from pip._vendor.packaging.requirements import Requirement
except ImportError:
    from packaging.markers import default_environment
    from packaging.requirements import Requirement
folder, target, root = sys.argv[1], json.loads(sys.argv[2]), sys.argv[3]
norm = lambda name: re.sub(r"[-_.]+", "-", name).lower()
requires = {}
for path in __import__("pathlib").Path(folder).glob("*.whl"):
    with zipfile.ZipFile(path) as wheel:
        meta = next(n for n in wheel.namelist() if n.count("/") == 1
                    and n.endswith(".dist-info/METADATA"))
        message = Parser().parsestr(wheel.read(meta).decode("utf-8"))
    requires.setdefault(norm(message["Name"]), []).extend(message.get_all("Requires-Dist") or [])
env = {**default_environment(), **target}
seen, todo, missing = set(), [(norm(root), "")], set()
while todo:
    name, extra = todo.pop()
    if (name, extra) in seen:
        continue
    seen.add((name, extra))
    for line in requires[name]:
        req = Requirement(line)
        if req.marker and not req.marker.evaluate({**env, "extra": extra}):
            continue
        if norm(req.name) not in requires:
            req.marker = None
            missing.add(str(req))
            continue
        todo += [(norm(req.name), e) for e in ["", *sorted(req.extras)]]
print(json.dumps(sorted(missing)))
"""


def _marker_environment(platform_tag: str | None, python: str | None) -> dict:
    """Marker values of the target, for what differs from the computer running pip."""
    target = {}
    if platform_tag:
        system, machine, _ = _parse_platform(platform_tag)
        target.update({
            "windows": {"os_name": "nt", "sys_platform": "win32", "platform_system": "Windows",
                        "platform_machine": {"x86_64": "AMD64", "arm64": "ARM64"}.get(
                            machine, "x86")},
            "macos": {"os_name": "posix", "sys_platform": "darwin", "platform_system": "Darwin",
                      "platform_machine": "arm64" if machine == "universal2" else machine},
        }.get(system, {"os_name": "posix", "sys_platform": "linux", "platform_system": "Linux",
                       "platform_machine": "aarch64" if machine == "arm64" else machine}))
    if python:
        target.update({"python_version": python, "python_full_version": f"{python}.0",
                       "implementation_version": f"{python}.0",
                       "implementation_name": "cpython",
                       "platform_python_implementation": "CPython"})
    return target


def _create_venv() -> Path:
    """Create ``.venv`` with pip (offline: ensurepip) unless it is there."""
    python = _venv_python()
    if not python.exists():
        _say(f"creating the virtual environment in {VENV.name}/")
        try:
            venv.create(VENV, with_pip=True, clear=True)
        except Exception as err:  # ensurepip missing, e.g. Debian without python3-venv
            sys.exit(f"Could not create a virtual environment ({err}).\n"
                     "On Debian/Ubuntu install it first: sudo apt-get install python3-venv")
    return python


def wheelhouse(args: list[str]) -> None:
    """Build the course's wheel and download every wheel it needs into OUTDIR."""
    parser = argparse.ArgumentParser(
        prog="python3 course.py wheelhouse",
        description="Download every wheel the course needs (for one platform and Python) "
                    "into a folder, for `python3 course.py lab --offline FOLDER` on computers "
                    "without internet. Run it again on the same folder to complete it.")
    parser.add_argument("outdir", metavar="OUTDIR", help="the folder to fill (new or empty, or a "
                        "wheelhouse made for the same platform and Python)")
    parser.add_argument("--platform", type=_platform_tag, metavar="TAG",
                        help="the learners' platform: win_amd64, macosx_11_0_arm64, "
                             "manylinux2014_x86_64 ... (default: this computer's)")
    parser.add_argument("--python-version", type=_python_version, metavar="X.Y",
                        help="the learners' Python, like 3.12 (default: this one's)")
    options = parser.parse_args(args)
    outdir = Path(options.outdir).expanduser().resolve()
    python_version = options.python_version or "{}.{}".format(*sys.version_info)
    platform_tag = options.platform or _this_platform()
    target = {"python": python_version, "platform": platform_tag}
    if outdir.exists() and not outdir.is_dir():
        sys.exit(f"[course] {outdir} is a file; give a folder")
    if outdir.is_dir() and any(outdir.iterdir()):
        if not (outdir / MANIFEST).is_file():
            sys.exit(f"[course] {outdir} is not empty and holds no wheelhouse; give a new or "
                     "empty folder")
        made = _read_manifest(outdir)
        if {key: made.get(key) for key in target} != target:
            sys.exit(f"[course] {outdir} holds a wheelhouse for CPython {made.get('python')} on "
                     f"{made.get('platform')}, not for CPython {python_version} on "
                     f"{platform_tag}; give another folder")
        _say(f"completing the wheelhouse in {outdir}")
    outdir.mkdir(parents=True, exist_ok=True)

    def write_manifest(complete: bool) -> dict:
        files = {p.name: p.stat().st_size for p in sorted(outdir.glob("*.whl"))}
        manifest = {"made_by": "python3 course.py wheelhouse", "course": "implcourse",
                    "version": _course_version(), **target, "implementation": "cp",
                    "complete": complete, "file_count": len(files),
                    "bytes": sum(files.values()), "files": files}
        (outdir / MANIFEST).write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
        return manifest

    write_manifest(complete=False)  # so that a rerun completes an interrupted one
    python = _create_venv()
    pip = [str(python), "-m", "pip"]

    _say("building the course's wheel")
    with tempfile.TemporaryDirectory() as build:
        _run([*pip, "wheel", "--quiet", "--no-deps", "--wheel-dir", build, str(ROOT)])
        (built,) = Path(build).glob("implcourse-*.whl")
        for old in outdir.glob("implcourse-*.whl"):
            old.unlink()
        course_wheel = outdir / built.name
        shutil.copyfile(built, course_wheel)

    # Cross-platform choices for pip; none for this computer, so that pip uses
    # every tag this interpreter accepts.
    choose = ["--only-binary=:all:"]
    if options.python_version or options.platform:
        choose += ["--implementation", "cp", "--python-version", python_version]
        for tag in _pip_platforms(platform_tag):
            choose += ["--platform", tag]
    markers = json.dumps(_marker_environment(options.platform, options.python_version))
    wanted: list[str] = []
    for _ in range(6):
        _say(f"downloading the wheels for CPython {python_version} on {platform_tag}"
             + (f" (and {', '.join(wanted)}, which that computer needs)" if wanted else ""))
        fetched = subprocess.run([*pip, "download", "--quiet", *choose, "--dest", str(outdir),
                                  str(course_wheel), *wanted], cwd=ROOT)
        if fetched.returncode:
            sys.exit(f"[course] pip could not download every wheel for CPython {python_version} "
                     f"on {platform_tag} (see its message above), so the wheelhouse is not "
                     "ready; check the platform, the Python version and the connection, then "
                     "run the same command again")
        found = subprocess.run([str(python), "-c", _MISSING_SCRIPT, str(outdir), markers,
                                "implcourse"], capture_output=True, text=True)
        if found.returncode:
            sys.exit(f"[course] could not read the wheels in {outdir}: "
                     f"{found.stderr.strip().splitlines()[-1:]}")
        missing = [req for req in json.loads(found.stdout) if req not in wanted]
        if not missing:
            break
        wanted += missing
    else:
        sys.exit(f"[course] pip found no wheel for {', '.join(missing)}; the wheelhouse is "
                 "incomplete")

    manifest = write_manifest(complete=True)
    _say(f"wheelhouse ready: {manifest['file_count']} wheels, {manifest['bytes'] / 1e6:.0f} MB, "
         f"for CPython {python_version} on {platform_tag}, in {outdir}")
    _say(f"on each computer: python3 course.py lab --offline {outdir.name}")


def offline_environment(wheelhouse_dir: str) -> Path:
    """Create ``.venv`` and install the course from a wheelhouse, with no network."""
    if sys.version_info < MIN_PYTHON:
        sys.exit(f"implcourse needs Python {'.'.join(map(str, MIN_PYTHON))} or newer; "
                 f"this is {sys.version.split()[0]}.")
    folder = Path(wheelhouse_dir).expanduser().resolve()
    if not folder.is_dir():
        sys.exit(f"[course] the wheelhouse {wheelhouse_dir} is not a folder")
    manifest = _read_manifest(folder)
    if manifest.get("complete") is not True:
        sys.exit(f"[course] the wheelhouse {folder.name} was not finished; complete it on a "
                 f"computer with internet: python3 course.py wheelhouse {folder.name} --platform "
                 f"{manifest.get('platform')} --python-version {manifest.get('python')}")
    problem = _mismatch(manifest)
    if problem:
        sys.exit(f"[course] {problem}")
    version = _course_version()
    if manifest.get("version") != version:
        sys.exit(f"[course] this wheelhouse holds implcourse {manifest.get('version')}, but this "
                 f"folder is implcourse {version}; build the wheelhouse again from this folder")
    absent = [name for name, size in manifest["files"].items()
              if not (folder / name).is_file() or (folder / name).stat().st_size != size]
    if absent:
        sys.exit(f"[course] the wheelhouse is incomplete: {len(absent)} of "
                 f"{len(manifest['files'])} files are missing or cut short ({absent[0]}"
                 f"{', ...' if len(absent) > 1 else ''}); copy the folder again")
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    stamp = VENV / "implcourse-installed.txt"
    lines = stamp.read_text().split() if stamp.exists() else []
    done = set(lines[1:]) if lines[:1] == [digest] else set()
    python = _create_venv()
    if done & {".", ".[test]", f"wheelhouse:{version}"}:
        return python
    _say(f"installing the course into {VENV.name}/ from {folder.name}/, without internet")
    result = subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--no-index",
                             "--find-links", str(folder), "--only-binary=:all:",
                             f"implcourse=={version}"], cwd=ROOT)
    if result.returncode:
        sys.exit(f"[course] the wheelhouse {folder.name} is incomplete for this computer (see "
                 f"pip's message above); rebuild it on a computer with internet: python3 "
                 f"course.py wheelhouse {folder.name} --platform {manifest.get('platform')} "
                 f"--python-version {manifest.get('python')}")
    stamp.write_text("\n".join([digest, *sorted(done | {f"wheelhouse:{version}"})]) + "\n")
    return python


COMMANDS = {"lab": lab, "test": test, "progress": progress, "check-content": check_content,
            "execute": execute, "wheelhouse": wheelhouse,
            **{name: _in_users_folder(name) for name in (
                "student-edition", "handouts", "slides", "dashboard", "learning-gain")}}


def _safe_streams() -> None:
    """Never fail on a character an ASCII-only terminal cannot show."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="backslashreplace")
        except (AttributeError, ValueError, OSError):
            pass


def main(argv: list[str]) -> None:
    _safe_streams()
    if not argv or argv[0] not in COMMANDS:
        print(__doc__)
        sys.exit(0 if argv[:1] in (["-h"], ["--help"]) else 2)
    try:
        COMMANDS[argv[0]](argv[1:])
    except KeyboardInterrupt:
        sys.exit(130)
    except OSError as err:  # a full disk or a folder that cannot be written
        where = f" '{err.filename}'" if err.filename else ""
        sys.exit(f"[course] could not read or write{where}: {err.strerror or err}")


if __name__ == "__main__":
    main(sys.argv[1:])
