"""Draw a tree as Mermaid flowchart text."""

from __future__ import annotations

import json

from .tree import Tree

SHAPES = {"outcome": ("([", "])"), "info": ("[/", "/]"), "select": ("[[", "]]")}


def _label(text: str) -> str:
    return json.dumps(text.replace('"', "'"))


def _condition(condition: object) -> str:
    return json.dumps(condition, separators=(",", ":")).replace('"', "'")


def mermaid(tree: Tree) -> str:
    """Nodes with their kind's shape; edges labelled by answer value or condition."""
    lines = ["flowchart TD"]
    for node in tree.nodes.values():
        left, right = SHAPES.get(node.kind, ("{", "}"))
        lines.append(f"  {node.id}{left}{_label(node.title)}{right}")
    for node in tree.nodes.values():
        for value, route in node.routes():
            if isinstance(route, str):
                label = f"|{value}|" if value else ""
                lines.append(f"  {node.id} -->{label} {route}")
                continue
            for rule in route:
                parts = [
                    p for p in (value, _condition(rule.condition) if rule.condition else "otherwise") if p
                ]
                lines.append(f"  {node.id} -->|{_label(' / '.join(parts))}| {rule.goto}")
    lines.append("  classDef outcome fill:#e6f4ea,stroke:#1e6b34")
    outcomes = ",".join(n.id for n in tree.nodes.values() if n.is_outcome)
    if outcomes:
        lines.append(f"  class {outcomes} outcome")
    return "\n".join(lines)
