"""The package's layout is its architecture: which part may use which."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "questionnaire"

# What each part may import from the others (besides itself). content/ is the pure core.
MAY_USE = {
    "content": set(),
    "i18n": set(),
    "privacy": set(),
    "rendering": {"content", "i18n", "privacy"},
    "web": {"content", "i18n", "privacy", "rendering"},
}
WEB_LIBRARIES = {"flask", "werkzeug", "flask_babel", "flask_wtf"}


def imports(path: Path) -> list[tuple[str, int]]:
    """(absolute module, line) of every import in a file of the package."""
    here = path.relative_to(PACKAGE.parent).with_suffix("").parts
    package = here[:-1] if here[-1] != "__init__" else here[:-1]
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                module = ".".join((*base, node.module)) if node.module else ".".join(base)
                if not node.module:
                    found += [(f"{module}.{alias.name}", node.lineno) for alias in node.names]
                    continue
            else:
                module = node.module or ""
            found.append((module, node.lineno))
    return found


def part_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if parts[0] == "questionnaire" and len(parts) > 1 and parts[1] in MAY_USE else None


def test_each_part_uses_only_the_parts_below_it():
    wrong = []
    for part, allowed in MAY_USE.items():
        for path in (PACKAGE / part).rglob("*.py"):
            for module, line in imports(path):
                used = part_of(module)
                if used and used != part and used not in allowed:
                    wrong.append(f"{path.relative_to(PACKAGE)}:{line} uses {module}")
    assert not wrong, wrong


def test_the_content_core_knows_nothing_of_the_web():
    wrong = [
        f"{path.relative_to(PACKAGE)}:{line} imports {module}"
        for path in (PACKAGE / "content").rglob("*.py")
        for module, line in imports(path)
        if module.split(".")[0] in WEB_LIBRARIES
    ]
    assert not wrong, wrong


def test_importing_the_package_reads_none_of_its_files():
    """Content and catalogs are read when an app is made, never when a module is imported."""
    import subprocess
    import sys

    probe = f"""
import builtins, pathlib, pkgutil, importlib
root = {str(PACKAGE.parent)!r}
read = []
real_open, real_read_text, real_read_bytes = builtins.open, pathlib.Path.read_text, pathlib.Path.read_bytes
def note(path):
    path = str(path)
    if path.startswith(root) and "/.venv/" not in path:
        read.append(path)
builtins.open = lambda file, *a, **k: (note(file), real_open(file, *a, **k))[1]
pathlib.Path.read_text = lambda self, *a, **k: (note(self), real_read_text(self, *a, **k))[1]
pathlib.Path.read_bytes = lambda self, *a, **k: (note(self), real_read_bytes(self, *a, **k))[1]
import questionnaire
for module in pkgutil.walk_packages(questionnaire.__path__, "questionnaire."):
    importlib.import_module(module.name)
print(read)
"""
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]", done.stdout
