"""Whoosh's private names: each listed one exists, no other is used, a different Whoosh is refused.

A Whoosh upgrade that renames a private name searchbrief relies on fails here,
by name, rather than somewhere deep in indexing or search.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import re
import subprocess
import sys
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import whoosh

import searchbrief
from searchbrief.engine import whoosh_private
from searchbrief.engine.whoosh_private import PRIVATE_NAMES, PrivateName, WhooshVersionError

PACKAGE = Path(searchbrief.__file__).resolve().parent
FENCE = Path(whoosh_private.__file__).resolve()
OVERRIDES = {(p.owner, p.name) for p in PRIVATE_NAMES if p.kind == "override"}


def resolve(dotted: str) -> Any:
    """The Whoosh module, class or nested class (``VarBytesColumn.Reader``) at ``dotted``."""
    parts = dotted.split(".")
    for split in range(len(parts), 0, -1):
        try:
            found: Any = importlib.import_module(".".join(parts[:split]))
        except ImportError:
            continue
        for part in parts[split:]:
            found = getattr(found, part)
        return found
    raise LookupError(dotted)


def whoosh_classes(cls: type) -> list[type]:
    """``cls`` and its bases that Whoosh defines, nearest first."""
    return [c for c in cls.__mro__ if c.__module__.split(".")[0] == "whoosh"]


@cache
def whoosh_sets(cls: type, name: str) -> bool:
    """Whether Whoosh's ``cls`` or one of its Whoosh bases sets ``self.<name>``."""
    assigned = re.compile(rf"\bself\.{re.escape(name)}\s*(=[^=]|\+=)")
    return any(assigned.search(inspect.getsource(c)) for c in whoosh_classes(cls))


def whoosh_has(cls: type, name: str) -> bool:
    """Whether Whoosh's ``cls`` (or a Whoosh base) defines ``name``, as a method or attribute."""
    return any(name in vars(c) for c in whoosh_classes(cls)) or whoosh_sets(cls, name)


def exists(private: PrivateName) -> bool:
    owner = resolve(private.owner)
    if private.kind == "function":
        return callable(getattr(owner, private.name, None))
    if private.kind in ("method", "override"):
        return inspect.isfunction(getattr(owner, private.name, None))
    if private.kind == "argument":
        return private.name in inspect.signature(owner).parameters
    return whoosh_sets(owner, private.name)


@pytest.mark.parametrize("private", PRIVATE_NAMES, ids=lambda p: f"{p.owner}.{p.name}")
def test_each_listed_private_name_exists_in_the_installed_whoosh(private: PrivateName) -> None:
    assert private.name.startswith("_") and private.why
    assert exists(private), f"Whoosh {whoosh.versionstring()} has no {private.kind} {private}"


@pytest.mark.parametrize(
    "private",
    [
        PrivateName("whoosh.columns.ColumnReader", "_nonesuch", "attribute", "-"),
        PrivateName("whoosh.columns.ColumnReader", "_nonesuch", "method", "-"),
        PrivateName("whoosh.codec.whoosh3", "_nonesuch", "function", "-"),
        PrivateName("whoosh.writing.SegmentWriter", "_nonesuch", "argument", "-"),
    ],
    ids=lambda p: p.kind,
)
def test_a_name_whoosh_lacks_is_missed(private: PrivateName) -> None:
    assert not exists(private)


def test_each_private_name_is_listed_once() -> None:
    keys = [(p.owner, p.name) for p in PRIVATE_NAMES]
    assert len(keys) == len(set(keys))


def searchbrief_modules() -> list[Any]:
    prefix = f"{searchbrief.__name__}."
    names = [m.name for m in pkgutil.walk_packages(searchbrief.__path__, prefix)]
    return [importlib.import_module(name) for name in names if not name.endswith("__main__")]


def subclasses_of_whoosh() -> list[type]:
    """The classes searchbrief defines on top of Whoosh's (nested ones too)."""
    found = []
    for module in searchbrief_modules():
        for cls in vars(module).values():
            if inspect.isclass(cls) and cls.__module__ == module.__name__:
                for one in (cls, *(c for c in vars(cls).values() if inspect.isclass(c))):
                    if whoosh_classes(one):
                        found.append(one)
    return found


def test_subclasses_override_only_the_private_methods_listed() -> None:
    """A private name a subclass defines is Whoosh's only if listed as an override."""
    subclasses = subclasses_of_whoosh()
    assert len(subclasses) >= 10
    for cls in subclasses:
        for name in filter(_private, vars(cls)):
            owners = {_path(c) for c in whoosh_classes(cls) if whoosh_has(c, name)}
            assert not owners or {(o, name) for o in owners} & OVERRIDES, (
                f"{cls.__qualname__}.{name} overrides Whoosh's: list it in whoosh_private"
            )


def test_every_listed_override_is_overridden() -> None:
    overridden = {
        (_path(c), name)
        for cls in subclasses_of_whoosh()
        for name in vars(cls)
        for c in whoosh_classes(cls)
        if name in vars(c)
    }
    assert overridden >= OVERRIDES


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def _path(cls: type) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


@cache
def whoosh_private_names() -> frozenset[str]:
    """Every private name Whoosh's modules define or set (on themselves or on ``self``)."""
    names: set[str] = set()
    defined = re.compile(r"(?:\bdef |\bclass |\bself\.|^)(_[a-zA-Z]\w*)", re.MULTILINE)
    for path in Path(whoosh.__file__).parent.rglob("*.py"):
        names.update(defined.findall(path.read_text(encoding="utf-8", errors="replace")))
    return frozenset(names)


def searchbrief_attributes(trees: list[ast.Module]) -> frozenset[str]:
    """The private attributes searchbrief's own objects have: set, in slots, fields or methods."""
    names: set[str] = set()
    for tree in trees:
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                names.update(f.name for f in node.body if isinstance(f, ast.FunctionDef))
                names.update(
                    ast.unparse(f.target) for f in node.body if isinstance(f, ast.AnnAssign)
                )
            elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
                names.add(node.attr)
            elif isinstance(node, ast.Assign) and ast.unparse(node.targets[0]) == "__slots__":
                names.update(c.value for c in ast.walk(node.value) if isinstance(c, ast.Constant))
    return frozenset(filter(_private, names))


def searchbrief_modules_named(tree: ast.Module) -> frozenset[str]:
    """The names a module binds to searchbrief's modules (whose private names are its own)."""
    return frozenset(
        alias.asname or alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("searchbrief")
        for alias in node.names
    )


class _Uses(ast.NodeVisitor):
    """The private Whoosh names a module uses, except for its listed overrides."""

    def __init__(
        self,
        whoosh_bases: dict[str, list[type]],
        own: frozenset[str] = frozenset(),
        modules: frozenset[str] = frozenset(),
    ) -> None:
        self.whoosh_bases = whoosh_bases  # per class of the module: its Whoosh classes
        self.own = own  # the private attributes of searchbrief's own objects
        self.modules = modules  # names of searchbrief modules, whose private names are ours
        self.cls = ""
        self.method = ""
        self.found: list[str] = []

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        outer, self.cls = self.cls, node.name
        self.generic_visit(node)
        self.cls = outer

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        outer, self.method = self.method, node.name
        self.generic_visit(node)
        self.method = outer

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        if (node.module or "").startswith("whoosh"):
            self.found += [f"import {a.name}" for a in node.names if _private(a.name)]

    def visit_keyword(self, node: ast.keyword) -> None:
        if node.arg and _private(node.arg):
            self.found.append(f"{node.arg}=")
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        self.generic_visit(node)
        if isinstance(node.func, ast.Name) and node.func.id in ("getattr", "hasattr", "setattr"):
            name = node.args[1] if len(node.args) > 1 else None
            if isinstance(name, ast.Constant) and self._whooshs(str(name.value)):
                self.found.append(f"{node.func.id}(..., {name.value!r})")

    def visit_Attribute(self, node: ast.Attribute) -> None:
        self.generic_visit(node)
        name, target = node.attr, node.value
        if not _private(name):
            return
        owners = {_path(c) for c in self.whoosh_bases.get(self.cls, []) if whoosh_has(c, name)}
        overrides = {(owner, name) for owner in owners} & OVERRIDES
        if isinstance(target, ast.Call) and ast.unparse(target.func) == "super":
            # An override may call the method it overrides, and nothing else of Whoosh's.
            if not (overrides and name == self.method):
                self.found.append(f"super().{name}")
        elif isinstance(target, ast.Name) and target.id == "self":
            if owners and not overrides:
                self.found.append(f"self.{name} (Whoosh's)")
        elif self._whooshs(name) and ast.unparse(target) not in self.modules:
            self.found.append(f"{ast.unparse(target)}.{name}")

    def _whooshs(self, name: str) -> bool:
        return _private(name) and name in whoosh_private_names() and name not in self.own


def test_no_private_whoosh_name_is_used_outside_whoosh_private() -> None:
    modules = {Path(m.__file__ or "").resolve(): m for m in searchbrief_modules()}
    paths = [p for p in sorted(PACKAGE.rglob("*.py")) if p != FENCE]
    trees = {path: ast.parse(path.read_text()) for path in paths}
    own = searchbrief_attributes(list(trees.values()))
    found = []
    for path, tree in trees.items():
        module = modules.get(path)
        bases = {
            cls.__name__: whoosh_classes(cls)
            for cls in subclasses_of_whoosh()
            if module is not None and cls.__module__ == module.__name__
        }
        uses = _Uses(bases, own, searchbrief_modules_named(tree))
        uses.visit(tree)
        found += [f"{path.relative_to(PACKAGE)}: {use}" for use in uses.found]
    assert found == []


def test_the_fence_finds_a_private_whoosh_name() -> None:
    tree = ast.parse(
        "from whoosh.codec.whoosh3 import _vecfield\n"
        "def f(reader, ix):\n"
        "    getattr(reader, '_segment', None)\n"
        "    return reader._terms, ix.writer(_lk=False)\n"
    )
    uses = _Uses({})
    uses.visit(tree)
    assert uses.found == [
        "import _vecfield",
        "getattr(..., '_segment')",
        "reader._terms",
        "_lk=",
    ]


EXPECTED = (
    "searchbrief needs Whoosh 2.7.4 (its private internals are used, "
    "see searchbrief/engine/whoosh_private.py); found 2.7.5: "
    "reinstall with `pip install whoosh==2.7.4`"
)


def test_the_pinned_whoosh_passes_the_version_check() -> None:
    assert whoosh.versionstring() == whoosh_private.WHOOSH_VERSION
    whoosh_private.check_version()


def test_another_whoosh_is_refused_in_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(whoosh, "__version__", (2, 7, 5))
    with pytest.raises(WhooshVersionError) as raised:
        whoosh_private.check_version()
    assert str(raised.value) == EXPECTED
    assert isinstance(raised.value, ImportError)
    assert isinstance(raised.value, searchbrief.SearchbriefError)


def test_importing_searchbrief_with_another_whoosh_fails_with_the_message() -> None:
    code = "import whoosh; whoosh.__version__ = (2, 7, 5); import searchbrief"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 1
    last = result.stderr.strip().splitlines()[-1]
    assert last == f"{WhooshVersionError.__module__}.WhooshVersionError: {EXPECTED}"
