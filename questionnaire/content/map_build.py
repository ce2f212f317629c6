"""Build the committed map shapes from the Census county shapes in the us-atlas package.

us-atlas (npm, ISC licence) ships `counties-albers-10m.json`: TopoJSON of the Census Bureau's
cartographic boundary files at 1:10,000,000, already projected (Albers USA) to a 975 x 610 plane,
with Alaska and Hawaii moved beside the other states. TopoJSON stores each border once as an
"arc" shared by the shapes on both sides. Decoding it needs a few lines, not a library: the arcs
are delta-encoded integers with one scale and translation (the TopoJSON specification, section
2.1.3). Simplifying each arc once, keeping its ends, simplifies both neighbours the same way, so
no gap opens between counties. This runs only when the shapes are rebuilt (`make maps`); the app
and the tests read the committed output and need no npm.
"""

from __future__ import annotations

import csv
import json
import math
import typing as t
from importlib import resources
from pathlib import Path

SOURCE = "us-atlas"
SOURCE_FILE = "counties-albers-10m.json"
SIZE = 1000  # a state's map is scaled so its longer side spans this many units
NATION_WIDTH = 975  # the national map keeps the atlas's own plane
TOLERANCE = 1.2  # units: a point closer than this to the line through its neighbours is dropped

Point = tuple[float, float]


def decode_arcs(topology: t.Mapping[str, t.Any]) -> list[list[Point]]:
    """Every arc as points in the atlas's plane (delta decoding, then the transform)."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def simplify(points: list[tuple[int, int]], tolerance: float) -> list[tuple[int, int]]:
    """Douglas-Peucker: keep the ends and every point farther than tolerance from the kept line."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (ax, ay), (bx, by) = points[first], points[last]
        length = math.hypot(bx - ax, by - ay)
        worst, at = 0.0, -1
        for i in range(first + 1, last):
            px, py = points[i]
            if length:
                d = abs((bx - ax) * (ay - py) - (ax - px) * (by - ay)) / length
            else:
                d = math.hypot(px - ax, py - ay)
            if d > worst:
                worst, at = d, i
        if worst > tolerance:
            keep[at] = True
            stack += [(first, at), (at, last)]
    return [p for p, kept in zip(points, keep, strict=True) if kept]


def _dedupe(points: t.Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for p in points:
        if not out or out[-1] != p:
            out.append(p)
    return out


def _rings(geometry: t.Mapping[str, t.Any]) -> list[list[int]]:
    if geometry["type"] == "Polygon":
        return list(geometry["arcs"])
    if geometry["type"] == "MultiPolygon":
        return [ring for polygon in geometry["arcs"] for ring in polygon]
    return []


def _ring(ring: list[int], arcs: t.Mapping[int, list[tuple[int, int]]]) -> list[tuple[int, int]]:
    points: list[tuple[int, int]] = []
    for index in ring:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    return _dedupe(points)


def path_data(rings: t.Iterable[list[tuple[int, int]]]) -> str:
    """SVG path data with relative moves: short numbers, which compress well."""
    out: list[str] = []
    x = y = 0
    for ring in rings:
        (x0, y0), rest = ring[0], ring[1:-1] if ring[-1] == ring[0] else ring[1:]
        out.append(f"m{x0 - x} {y0 - y}".replace(" -", "-") if out else f"M{x0} {y0}".replace(" -", "-"))
        moves = []
        x, y = x0, y0
        for px, py in rest:
            moves.append(f"{px - x} {py - y}")
            x, y = px, py
        out.append("l" + " ".join(moves).replace(" -", "-") + "z")
        x, y = x0, y0  # after z the pen is back at the ring's start
    return "".join(out)


def _project(
    geometries: t.Sequence[t.Mapping[str, t.Any]],
    arcs: list[list[Point]],
    scale_to: float | None,
    tolerance: float,
) -> tuple[str, dict[str, str]]:
    """The view box and each geometry's path data, in a plane fitted to these geometries."""
    used = {i if i >= 0 else ~i for g in geometries for ring in _rings(g) for i in ring}
    xs = [x for i in used for x, _ in arcs[i]]
    ys = [y for i in used for _, y in arcs[i]]
    left, top = min(xs), min(ys)
    factor = scale_to / max(max(xs) - left, max(ys) - top) if scale_to else 1.0
    fitted = {
        i: _dedupe((round((x - left) * factor), round((y - top) * factor)) for x, y in arcs[i]) for i in used
    }
    simple = {i: simplify(points, tolerance) for i, points in fitted.items()}
    paths = {}
    for geometry in geometries:
        rings = []
        for ring in _rings(geometry):
            drawn = _ring(ring, simple)
            if len(drawn) < 4:  # simplified away (a small island): draw it as it is
                drawn = _ring(ring, fitted)
            if len(drawn) >= 3:
                rings.append(drawn)
        if not rings:
            # Smaller than a unit at this scale (a small independent city): a dot, so it has a title.
            points = [p for ring in _rings(geometry) for p in _ring(ring, fitted)]
            x, y = (round(sum(c) / len(points)) for c in zip(*points, strict=True))
            rings.append([(x - 2, y - 2), (x + 2, y - 2), (x + 2, y + 2), (x - 2, y + 2)])
        paths[geometry["id"]] = path_data(rings)
    width = math.ceil((max(xs) - left) * factor)
    height = math.ceil((max(ys) - top) * factor)
    return f"0 0 {width} {height}", paths


def build(topology: t.Mapping[str, t.Any], state_fips: t.Mapping[str, str], source: str) -> dict[str, t.Any]:
    """Per state postal code, its counties' shapes; under "US", the states' shapes."""
    arcs = decode_arcs(topology)
    by_state: dict[str, list[t.Mapping[str, t.Any]]] = {}
    for geometry in topology["objects"]["counties"]["geometries"]:
        code = state_fips.get(geometry["id"][:2])
        if code:
            by_state.setdefault(code, []).append(geometry)
    maps: dict[str, t.Any] = {}
    for code, geometries in sorted(by_state.items()):
        view_box, paths = _project(geometries, arcs, SIZE, TOLERANCE)
        maps[code] = {"source": source, "view_box": view_box, "shapes": dict(sorted(paths.items()))}
    states = [
        {**g, "id": state_fips[g["id"]]}
        for g in topology["objects"]["states"]["geometries"]
        if g["id"] in state_fips
    ]
    view_box, paths = _project(states, arcs, None, TOLERANCE / 2)
    maps["US"] = {"source": source, "view_box": view_box, "shapes": dict(sorted(paths.items()))}
    return maps


def write(maps: t.Mapping[str, t.Any], folder: Path) -> list[Path]:
    """One JSON file per map, compact (the shapes are data, not for reading)."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for code, shape in maps.items():
        path = folder / f"{code}.json"
        path.write_text(json.dumps(shape, separators=(",", ":"), sort_keys=True) + "\n", encoding="utf-8")
        written.append(path)
    return written


def build_from_file(topology_file: Path, states: t.Iterable[str], out: Path) -> list[Path]:
    """Read the atlas (with the package.json beside it, for its version), write the maps of our states."""
    topology = json.loads(topology_file.read_text(encoding="utf-8"))
    package = json.loads((topology_file.parent / "package.json").read_text(encoding="utf-8"))
    if package.get("name") != SOURCE:
        raise ValueError(f"{topology_file} is not from the {SOURCE} package")
    source = (
        f"{SOURCE} {package['version']} ({package.get('license', 'no licence named')}), {topology_file.name}: "
        "the Census Bureau's cartographic boundary files, 1:10,000,000, Albers USA"
    )
    wanted = set(states)
    fips = {f: code for f, code in _state_fips().items() if code in wanted}
    return write(build(topology, fips, source), out)


def _state_fips() -> dict[str, str]:
    """State FIPS code to postal code, from the Census list that ships with addfips."""
    text = resources.files("addfips").joinpath("data/states.csv").read_text("utf-8")
    return {row["fips"]: row["postal"] for row in csv.DictReader(text.splitlines())}
