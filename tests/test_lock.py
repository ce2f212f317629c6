"""The locks in requirements/ pin, with hashes, exactly what pyproject.toml asks for."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent
REQUIREMENTS = ROOT / "requirements"
HASH = re.compile(r"--hash=sha256:[0-9a-f]{64}")


class Pin:
    """One pinned release in a lock: its name, version, marker and file hashes."""

    def __init__(self, line: str) -> None:
        requirement, *hashes = line.split(" --hash=")
        self.requirement = Requirement(requirement)
        self.name = canonicalize_name(self.requirement.name)
        self.hashes = ["--hash=" + h.strip() for h in hashes]
        specifiers = list(self.requirement.specifier)
        self.version = Version(specifiers[0].version) if len(specifiers) == 1 else None
        self.exact = len(specifiers) == 1 and specifiers[0].operator == "=="


def read_lock(name: str, folder: Path = REQUIREMENTS) -> list[Pin]:
    """Every requirement in a lock file, its continuation lines joined."""
    text = re.sub(r"\\\n", " ", (folder / name).read_text(encoding="utf-8"))
    lines = (line.split(" #")[0].strip() for line in text.splitlines())
    return [Pin(line) for line in lines if line and not line.startswith("#")]


def read_inputs() -> list[str]:
    """The requirements of requirements/main.in, comments dropped."""
    lines = (REQUIREMENTS / "main.in").read_text(encoding="utf-8").splitlines()
    return [line.split("#")[0].strip() for line in lines if line.split("#")[0].strip()]


PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
RUNTIME = PYPROJECT["project"]["dependencies"] + PYPROJECT["build-system"]["requires"] + read_inputs()
TEST = RUNTIME + PYPROJECT["project"]["optional-dependencies"]["test"]
WANTED = {"main.txt": RUNTIME, "test.txt": TEST}


def missing_or_wrong(lock: str, wanted: list[str], folder: Path = REQUIREMENTS) -> list[str]:
    """What in `wanted` the lock does not pin exactly once, at a version the specifier allows."""
    pins = read_lock(lock, folder)
    problems = []
    for spec in wanted:
        requirement = Requirement(spec)
        found = [pin for pin in pins if pin.name == canonicalize_name(requirement.name)]
        if len(found) != 1:
            problems.append(f"{lock}: {requirement.name} is pinned {len(found)} times, not once")
        elif not requirement.specifier.contains(found[0].version, prereleases=True):
            problems.append(f"{lock}: {requirement.name}=={found[0].version} does not satisfy '{spec}'")
    return problems


def loose_or_unhashed(lock: str, folder: Path = REQUIREMENTS) -> list[str]:
    """Every pin in the lock that is not an exact == or has no well-formed sha256 hash."""
    problems = []
    for pin in read_lock(lock, folder):
        if not pin.exact:
            problems.append(f"{lock}: {pin.requirement} is not pinned with ==")
        if not pin.hashes:
            problems.append(f"{lock}: {pin.name} has no --hash=sha256:")
        problems += [f"{lock}: {pin.name} has a malformed {h}" for h in pin.hashes if not HASH.fullmatch(h)]
    return problems


@pytest.mark.parametrize("lock", sorted(WANTED))
def test_every_declared_dependency_is_pinned_once_within_its_specifier(lock):
    assert missing_or_wrong(lock, WANTED[lock]) == []


@pytest.mark.parametrize("lock", sorted(WANTED))
def test_every_pin_is_exact_and_carries_sha256_hashes(lock):
    assert loose_or_unhashed(lock) == []


def test_the_test_lock_holds_the_runtime_lock_at_the_same_versions():
    test = {pin.name: pin for pin in read_lock("test.txt")}
    problems = []
    for pin in read_lock("main.txt"):
        if pin.name not in test:
            problems.append(f"{pin.name} is in main.txt but not in test.txt")
        elif test[pin.name].version != pin.version:
            problems.append(f"{pin.name}: main.txt has {pin.version}, test.txt {test[pin.name].version}")
        elif not set(pin.hashes) <= set(test[pin.name].hashes):
            problems.append(f"{pin.name}: test.txt lacks hashes that main.txt has")
    assert problems == []


def test_the_checks_catch_a_missing_pin_a_wrong_version_a_loose_pin_and_a_missing_hash(tmp_path):
    hashed = " \\\n    --hash=sha256:" + "0" * 64
    lines = [f"flask==3.1.3{hashed}", f"click==8.0.0{hashed}", f"wtforms>=3.2{hashed}", "segno==1.6.6"]
    (tmp_path / "main.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    wanted = ["flask>=3.1,<4", "click>=8.1", "babel>=2.16"]
    assert missing_or_wrong("main.txt", wanted, tmp_path) == [
        "main.txt: click==8.0.0 does not satisfy 'click>=8.1'",
        "main.txt: babel is pinned 0 times, not once",
    ]
    assert loose_or_unhashed("main.txt", tmp_path) == [
        "main.txt: wtforms>=3.2 is not pinned with ==",
        "main.txt: segno has no --hash=sha256:",
    ]


def test_the_image_installs_from_the_runtime_lock_only():
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert "pip install --require-hashes -r requirements/main.txt" in dockerfile
    assert "pip install --no-deps --no-build-isolation ." in dockerfile
    assert "!requirements/main.txt" in (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines()
