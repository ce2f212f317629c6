"""`pip install .` gives a package that serves the whole app from any folder and writes nothing.

The wheel is built from a copy of the source (a build in place would leave build/ and an
egg-info behind), installed into a new virtual environment that sees the locked dependencies
but not the checkout, and run from an empty folder: once through create_app, once under gunicorn.
"""

from __future__ import annotations

import http.client
import json
import os
import shutil
import socket
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from helpers import SECRET

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ("pyproject.toml", "setup.py", "README.md", "questionnaire", "trees", "translations")
LANGUAGES = [
    lang
    for lang in json.loads((ROOT / "translations/languages.json").read_text())["languages"]
    if lang.get("shipped", True)
]


def _translated(lang: dict[str, str], msgid: str) -> str:
    """A message in a language, read from that language's catalog in the repository."""
    if lang["code"] == "en":
        return msgid
    with (ROOT / f"translations/{lang.get('locale') or lang['code']}/LC_MESSAGES/messages.po").open(
        "rb"
    ) as f:
        return read_po(f)[msgid].string


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> dict[str, Path]:
    work = tmp_path_factory.mktemp("install")
    source = work / "source"
    source.mkdir()
    ignore = shutil.ignore_patterns("__pycache__", "*.mo", "*.egg-info", "build")
    for name in SOURCES:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, source / name, ignore=ignore)
        else:
            shutil.copy2(ROOT / name, source / name)
    quiet = {**os.environ, "PIP_FIND_LINKS": " ", "PIP_NO_INDEX": "1", "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    pip = [sys.executable, "-m", "pip", "--quiet"]
    wheels = work / "dist"
    subprocess.run(
        [*pip, "wheel", "--no-deps", "--no-build-isolation", "-w", wheels, source], check=True, env=quiet
    )
    (wheel,) = wheels.glob("questionnaire-*.whl")

    venv = work / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", venv], check=True)
    python = venv / "bin" / "python"
    site = Path(
        subprocess.check_output(
            [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], text=True
        ).strip()
    )
    # The locked dependencies, from this environment: a plain path line, so the editable install of
    # the checkout that lives there (a .pth that runs code) is not taken along.
    (site / "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run([*pip, "--python", python, "install", "--no-deps", wheel], check=True, env=quiet)
    empty = work / "elsewhere"
    empty.mkdir()
    temp = work / "tmp"
    temp.mkdir()
    return {"wheel": wheel, "python": python, "package": site / "questionnaire", "cwd": empty, "tmp": temp}


def _env(installed: dict[str, Path]) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("QUESTIONNAIRE_", "PYTHON"))}
    return {**env, "QUESTIONNAIRE_SECRET_KEY": SECRET, "TMPDIR": str(installed["tmp"])}


def _snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    return {str(p.relative_to(folder)): (p.stat().st_size, p.stat().st_mtime_ns) for p in folder.rglob("*")}


def test_the_wheel_carries_the_questionnaires_and_a_compiled_catalog_for_every_language(installed):
    names = set(zipfile.ZipFile(installed["wheel"]).namelist())
    trees = {f"questionnaire/trees/{p.relative_to(ROOT / 'trees')}" for p in (ROOT / "trees").rglob("*.json")}
    assert trees <= names, sorted(trees - names)
    for lang in LANGUAGES:
        if lang["code"] != "en":
            assert (
                f"questionnaire/translations/{lang.get('locale') or lang['code']}/LC_MESSAGES/messages.mo"
                in names
            )
    assert "questionnaire/translations/languages.json" in names
    assert not [n for n in names if n.endswith((".po", ".pot"))]


def test_an_installed_copy_serves_every_language_from_any_folder_and_writes_nothing(installed):
    before = _snapshot(installed["package"])
    probe = """
import json, sys, questionnaire
from questionnaire import create_app
app = create_app()
client = app.test_client()
pages = {code: client.get(f"/{code}/").get_data(as_text=True) for code in sys.argv[1:]}
print(json.dumps({"file": questionnaire.__file__, "pages": pages}))
"""
    codes = [lang["code"] for lang in LANGUAGES]
    out = subprocess.run(
        [installed["python"], "-c", probe, *codes],
        cwd=installed["cwd"],
        env=_env(installed),
        check=True,
        capture_output=True,
        text=True,
    )
    found = json.loads(out.stdout)
    assert Path(found["file"]).is_relative_to(installed["package"])
    for lang in LANGUAGES:
        assert _translated(lang, "Quick exit") in found["pages"][lang["code"]], lang["code"]
    assert 'dir="rtl"' in found["pages"]["ar"]
    assert _snapshot(installed["package"]) == before
    assert not list(installed["cwd"].iterdir())
    assert not list(installed["tmp"].iterdir()), "an installed copy compiles nothing at run time"


def test_an_installed_copy_runs_under_gunicorn(installed, request):
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    port = listener.getsockname()[1]
    args = [
        installed["python"],
        "-m",
        "gunicorn",
        "questionnaire:create_app()",
        "--bind",
        f"fd://{listener.fileno()}",
    ]
    args += ["--workers", "1", "--log-level", "warning", "--no-control-socket"]
    log = installed["cwd"].parent / "gunicorn.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            args,
            cwd=installed["cwd"],
            env=_env(installed),
            pass_fds=[listener.fileno()],
            stdout=out,
            stderr=out,
        )
    request.addfinalizer(lambda: (process.terminate(), process.wait(timeout=10)))
    listener.close()
    # The socket listens before gunicorn starts, so the first request waits in its queue until a
    # worker takes it: one long wait, not a loop of attempts.
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        conn.request("GET", "/es/")
        response = conn.getresponse()
        status, body = response.status, response.read().decode()
    finally:
        conn.close()
    assert process.poll() is None, log.read_text()
    assert status == 200
    spanish = next(lang for lang in LANGUAGES if lang["code"] == "es")
    assert _translated(spanish, "Quick exit") in body


def test_the_image_installs_the_package_and_runs_it_from_site_packages():
    """The Dockerfile builds from what .dockerignore sends, and puts nothing on PYTHONPATH."""
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    allowed = {
        line[1:].rstrip("/")
        for line in (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines()
        if line.startswith("!")
    }
    copied = {
        source.rstrip("/")
        for line in dockerfile.splitlines()
        if line.startswith("COPY ")
        for source in line.split()[1:-1]
    }
    assert set(SOURCES) <= copied <= allowed, (copied, allowed)
    assert "PYTHONPATH" not in dockerfile
