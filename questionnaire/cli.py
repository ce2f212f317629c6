"""The `questionnaire` command: check trees, draw them, list their paths, import data."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from .content.checks import check_data, check_trees
from .content.jurisdictions import DataError, load_jurisdictions
from .content.paths import enumerate_paths
from .content.readability import tree_report
from .content.tree import TREES_DIR, TreeError, load_tree, tree_paths


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
    """Check every tree (or the FILES given): schema, references, reachability, cycles, readability.

    With no FILES, also check the state data and that every string is translated in every language.
    """
    try:
        data = load_jurisdictions()
    except DataError as exc:  # a state file that breaks its schema: say which, do not crash
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    paths = list(files) or tree_paths()
    problems = check_trees(paths, data)
    if not files:
        problems += check_data(data, dt.date.today())
    _print_readability(paths)
    gap_count = 0
    if not files:
        from .i18n.catalogs import all_gaps, extract, progress

        template = extract()
        for code, missing in progress(template).items():
            click.echo(f"not shipped yet: {code} lacks {missing} translations")
        gaps = all_gaps(template)
        gap_count = len(gaps)
        for gap in gaps[:200]:
            click.echo(str(gap), err=True)
        if gap_count > 200:
            click.echo(f"... and {gap_count - 200} more translation gaps", err=True)
    for problem in problems:
        click.echo(str(problem), err=problem.severity == "error")
    errors = sum(p.severity == "error" for p in problems) + gap_count
    warnings = len(problems) - errors + gap_count
    click.echo(
        f"checked {len(paths)} trees: {errors} errors ({gap_count} in translations), {warnings} warnings"
    )
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
    from .content.graph import mermaid

    click.echo(mermaid(_load(tree)))


@main.command()
@click.argument("tree")
def paths(tree: str) -> None:
    """Print every path through TREE from the start to an outcome, and their count."""
    found = enumerate_paths(_load(tree), load_jurisdictions())
    for path in found:
        click.echo(path.describe())
    click.echo(f"{len(found)} paths")


@main.group()
def data() -> None:
    """Import jurisdiction data."""


@data.command("import-287g")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--as-of", help="The date of the list (YYYY-MM-DD); read from the file name when it has one.")
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Data file to write (default: ours).",
)
def import_287g(file: Path, as_of: str | None, out: Path | None) -> None:
    """Import ICE's 287(g) sheet (xlsx) or agreement list (csv) into the county data."""
    from .content.import_287g import SheetError, import_file
    from .content.jurisdictions import AGREEMENTS_PATH

    try:
        report = import_file(file, as_of=as_of, out=out or AGREEMENTS_PATH)
    except SheetError as exc:
        raise click.ClickException(str(exc)) from exc
    for line in report.lines():
        click.echo(line)


@data.command("update-287g")
@click.option(
    "--page",
    default=None,
    help="ICE's 287(g) page, which links to the current sheet (default: https://www.ice.gov/identify-and-arrest/287g).",
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Data file to update (default: ours).",
)
@click.option(
    "--raw-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder that keeps ICE's sheets as downloaded (default: data/ice-287g).",
)
def update_287g(page: str | None, out: Path | None, raw_dir: Path | None) -> None:
    """Download ICE's current 287(g) sheet from its page, import it, and print what changed.

    Fails, and changes nothing, when the page links to no sheet, the sheet is not ICE's, or it is
    older than the newest list we have.
    """
    from .content.import_287g import SheetError
    from .content.jurisdictions import AGREEMENTS_PATH, ICE_287G_PAGE, _read_counties, _read_state_fips
    from .content.update_287g import RAW_DIR, UpdateError, update

    try:
        result = update(page or ICE_287G_PAGE, out=out or AGREEMENTS_PATH, raw_dir=raw_dir or RAW_DIR)
    except (UpdateError, SheetError) as exc:
        raise click.ClickException(str(exc)) from exc
    names = {fips: county.name for fips, county in _read_counties(_read_state_fips()).items()}
    for line in result.lines(names):
        click.echo(line)


@data.command("build-maps")
@click.argument(
    "file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default="node_modules/us-atlas/counties-albers-10m.json",
)
def build_maps(file: Path) -> None:
    """Write the map shapes (trees/data/maps/) from us-atlas's counties-albers-10m.json (`make maps`)."""
    from .content.map_build import build_from_file
    from .content.maps import MAPS_DIR

    written = build_from_file(file, load_jurisdictions().states, MAPS_DIR)
    total = sum(p.stat().st_size for p in written)
    click.echo(f"{len(written)} maps written to {MAPS_DIR} ({total // 1024} KB)")


@main.command()
def messages() -> None:
    """Extract every string into translations/messages.pot and merge it into each catalog.

    The same as `pybabel extract -F pyproject.toml -k _l ...` then `pybabel update`.
    """
    from .i18n.catalogs import POT_PATH, extract, update_catalog, write_pot

    template = extract()
    write_pot(template)
    click.echo(f"{POT_PATH.name}: {len(template)} messages")
    for path, untranslated in update_catalog(template):
        click.echo(f"{path.parent.parent.name}: {untranslated} untranslated")


@main.command()
@click.argument("scope", required=False, default="all")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="File to write (default: review-<scope>-<date>.html in the current folder).",
)
def review(scope: str, output: Path | None) -> None:
    """Write a printable review packet for a lawyer: SCOPE is a state code (TX), a tree id, or all.

    One self-contained HTML file (open it in a browser, print it to PDF): every sentence a person
    reads, with its sources and quotes, a box to tick and a box to comment, and the content hashes
    a sign-off will cover.
    """
    from .content.review_packet import UnknownScope, write_packet

    try:
        path, packet = write_packet(scope, output)
    except UnknownScope as exc:
        raise click.ClickException(str(exc)) from exc
    except TreeError as exc:
        raise click.ClickException(f"cannot load the trees: {exc}") from exc
    count = len(packet.keys)
    click.echo(
        f"wrote {path}: {packet.scope_words}, {count} content key{'s' if count != 1 else ''}, "
        f"{packet.lines} lines to check, packet hash {packet.packet_hash[:12]}"
    )


@main.command("review-record")
@click.argument("scope")
@click.option("--reviewer", required=True, help="The lawyer's name.")
@click.option("--organisation", required=True, help="Their organisation.")
@click.option("--date", "date_", default=None, help="The date of the review, YYYY-MM-DD (default: today).")
@click.option(
    "--file",
    "file_",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Reviews file to add to (default: trees/data/reviews.json).",
)
@click.option(
    "--hash",
    "expected",
    default=None,
    help="The packet hash printed on the reviewed packet: refuse if the content has changed since.",
)
def review_record(
    scope: str, reviewer: str, organisation: str, date_: str | None, file_: Path | None, expected: str | None
) -> None:
    """Record a lawyer's sign-off of SCOPE (a state code, a tree id, or all) as its content is now."""
    from .content.review_packet import UnknownScope, load_scope, packet_hash
    from .content.reviews import REVIEWS_PATH, content_keys, record_review

    if not reviewer.strip() or not organisation.strip():
        raise click.BadParameter("give the reviewer's name and organisation")
    try:
        date = dt.date.fromisoformat(date_) if date_ else dt.date.today()
    except ValueError as exc:
        raise click.BadParameter(f"'{date_}' is not a date like 2026-12-05", param_hint="--date") from exc
    if date > dt.date.today():
        raise click.BadParameter(f"{date} is in the future", param_hint="--date")
    try:
        name, trees, data = load_scope(scope)
    except UnknownScope as exc:
        raise click.ClickException(str(exc)) from exc
    except TreeError as exc:
        raise click.ClickException(f"cannot load the trees: {exc}") from exc
    if expected:
        now = packet_hash(content_keys(name, trees, data))
        wanted = expected.strip().lower()
        if len(wanted) < 12 or not now.startswith(wanted):
            raise click.ClickException(
                f"the packet hash {expected} does not match the content of {name} now ({now[:12]}): "
                "the content has changed since that packet was printed (or the hash is mistyped). "
                f"Write a new packet (questionnaire review {name}) and have it reviewed."
            )
    path = file_ or REVIEWS_PATH
    review = record_review(path, name, reviewer.strip(), organisation.strip(), date, trees, data)
    count = len(review.hashes)
    click.echo(
        f"recorded the review of {name} by {review.reviewer} ({review.organisation}) on {review.date} "
        f"in {path}: it covers {count} content key{'s' if count != 1 else ''}"
    )
