"""Each module imports only what its layer allows (see STYLE.md)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "searchbrief"
THIRD_PARTY = {"click", "frontmatter", "yaml", "dateutil", "whoosh", "nltk"}

# module -> third-party packages it may import (searchbrief modules: see LAYERS)
ALLOWED_THIRD_PARTY = {
    "cli": {"click"},
    "cli_base": {"click"},
    "cli_analyses": {"click"},
    "_whoosh": {"whoosh"},
    "storage": {"whoosh"},
    "reader": {"frontmatter", "yaml", "dateutil"},
    "stemming": {"nltk"},
    "schema": {"whoosh"},
    "store": {"whoosh"},
    "query": {"whoosh"},
    "query_parser": {"whoosh"},
    "dates": {"whoosh", "dateutil"},
    "highlight": {"whoosh"},
    "exactness": {"whoosh"},
    "stats": {"whoosh"},
    "indexer": {"whoosh"},
    "codec": {"whoosh"},
    "doc_columns": {"whoosh"},
    "posting_lists": {"whoosh"},
    "column_readers": {"whoosh"},
    "lengths": {"whoosh"},
    "postings": {"whoosh"},
    "segment_writer": {"whoosh"},
    "search": {"whoosh"},
    "matching": {"whoosh"},
    "column_scores": {"whoosh"},
    "spoken": {"whoosh"},
    "suggest": {"whoosh"},
    "explain": {"whoosh"},
}
LAYERS = {
    "errors": 0,
    "model": 0,
    "briefings": 0,
    "reports": 0,
    "column_readers": 0,
    "people": 0,
    "text": 0,
    "stemming": 0,
    "processes": 0,
    "serialize": 1,
    "speakers": 1,
    "schema": 1,
    "codec": 1,
    "posting_lists": 1,
    "doc_columns": 2,
    "lengths": 1,
    "postings": 2,
    "segment_writer": 3,
    "shards": 4,
    "config": 1,
    "_stand_ins": 0,
    "_whoosh": 1,
    "_click": 1,
    "storage": 1,
    "snippets": 2,
    "turns": 2,
    "store": 2,
    "dates": 2,
    "reader": 3,
    "field_values": 2,
    "query_parser": 3,
    "query": 4,
    "highlight": 3,
    "exactness": 3,
    "conversation": 3,
    "render": 1,
    "stats": 4,
    "indexer": 5,
    "matching": 3,
    "phrases": 0,
    "column_scores": 2,
    "ranking": 1,
    "pages": 4,
    "search": 5,
    "spoken": 1,
    "cite": 4,
    "suggest": 3,
    "explain": 5,
    "analysis": 6,
    "api": 7,
    "cli_base": 8,
    "cli_analyses": 9,
    "cli": 10,
    "__init__": 9,
    "__main__": 11,
}


def imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


MODULES = sorted(PACKAGE.glob("*.py"))


def test_every_module_has_a_layer() -> None:
    assert {p.stem for p in MODULES} <= set(LAYERS)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.stem)
def test_imports_respect_layers(path: Path) -> None:
    name = path.stem
    for module in imports(path):
        top = module.split(".")[0]
        if top == "searchbrief":
            if module == "searchbrief":
                continue
            other = module.split(".")[1]
            assert LAYERS[other] < LAYERS[name], f"{name} imports {other}"
        elif top in THIRD_PARTY:
            assert top in ALLOWED_THIRD_PARTY.get(name, set()), f"{name} imports {top}"
