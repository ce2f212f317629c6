"""The `questionnaire` command: check trees, draw them, list their paths, import data."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from .checks import check_data, check_trees
from .readability import tree_report
from .jurisdictions import load_jurisdictions
from .paths import enumerate_paths
from .tree import TREES_DIR, TreeError, load_tree, tree_paths


@click.group()
def main() -> None:
    """Tools for the questionnaire trees and their data."""


def _tree_file(name: str) -> Path:
    path = Path(name)
    if not path.exists():
        path = TREES_DIR / f"{name}.json"
    return path


@main.command()
@click.argument("files", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path))
def check(files: tuple[Path, ...]) -> None:
    """Check every tree (or the FILES given): schema, references, reachability, cycles."""
    data = load_jurisdictions()
    paths = list(files) or tree_paths()
    problems = check_trees(paths, data)
    if not files:
        problems += check_data(data, dt.date.today())
    _print_readability(paths)
    for problem in problems:
        click.echo(str(problem), err=problem.severity == "error")
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    click.echo(f"checked {len(paths)} trees: {errors} errors, {warnings} warnings")
    sys.exit(1 if errors else 0)


def _print_readability(paths: list[Path]) -> None:
    """Reading grades (Flesch-Kincaid) of each outcome: its average and its hardest block."""
    for path in paths:
        try:
            tree = load_tree(path)
        except TreeError:
            continue
        for report in tree_report(tree):
            if report.kind == "outcome" and report.scores:
                hardest = max(report.scores, key=lambda s: s.grade)
                click.echo(
                    f"grade {report.average:4.1f} avg, {hardest.grade:4.1f} max ({hardest.place}): "
                    f"{path.name} {report.node}"
                )


def _load(name: str):  # type: ignore[no-untyped-def]
    try:
        return load_tree(_tree_file(name))
    except TreeError as exc:
        raise click.ClickException(str(exc)) from exc


@main.command()
@click.argument("tree")
def graph(tree: str) -> None:
    """Print TREE as a Mermaid flowchart (GitHub renders it)."""
    from .graph import mermaid

    click.echo(mermaid(_load(tree)))


@main.command()
@click.argument("tree")
def paths(tree: str) -> None:
    """Print every path through TREE from the start to an outcome, and their count."""
    found = enumerate_paths(_load(tree), load_jurisdictions())
    for path in found:
        click.echo(path.describe())
    click.echo(f"{len(found)} paths")
