"""The shape of the code: one door into Pelican, nothing of Pelican's patched.

These read the source (with ``ast``), not a build: a change that reaches
into Pelican from outside ``casebook/pelican/``, or bends a Pelican object
at run time, fails here with the file and line.
"""

from __future__ import annotations

import ast
import inspect
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pelican
import pelican.contents
import pelican.generators
import pelican.readers
import pelican.writers

from casebook.markdown import render

from ..conftest import REPO

PACKAGE = REPO / "plugins" / "casebook"
DOOR = PACKAGE / "pelican"
SOURCES = sorted([*PACKAGE.rglob("*.py"), *(REPO / "bench").rglob("*.py")])


def parsed() -> Iterator[tuple[Path, ast.AST]]:
    for path in SOURCES:
        yield path, ast.parse(path.read_text(encoding="utf-8"), str(path))


def where(path: Path, node: ast.AST) -> str:
    return f"{path.relative_to(REPO)}:{getattr(node, 'lineno', 0)}"


def pelican_classes() -> list[type]:
    modules = (pelican, pelican.contents, pelican.generators, pelican.readers, pelican.writers)
    return [cls for module in modules for _, cls in inspect.getmembers(module, inspect.isclass)
            if cls.__module__.startswith("pelican")]


def pelican_names(private: bool, methods: bool = True, properties: bool = True) -> set[str]:
    """Names of Pelican's methods and properties (``private``: those starting with _)."""
    names = set()
    for cls in pelican_classes():
        for name, value in vars(cls).items():
            if name.startswith("__") or name.startswith("_") != private:
                continue
            if methods and (callable(value) or isinstance(value, classmethod | staticmethod)):
                names.add(name)
            if properties and isinstance(value, property):
                names.add(name)
    return names


def test_only_the_door_imports_pelican() -> None:
    found = []
    for path, tree in parsed():
        for node in ast.walk(tree):
            modules = ([a.name for a in node.names] if isinstance(node, ast.Import)
                       else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            if any(m == "pelican" or m.startswith("pelican.") for m in modules) and (
                    DOOR not in path.parents):
                found.append(where(path, node))
    assert found == []


def test_no_object_changes_class() -> None:
    found = [where(path, node) for path, tree in parsed() for node in ast.walk(tree)
             if isinstance(node, ast.Attribute) and node.attr == "__class__"
             and isinstance(node.ctx, ast.Store)]
    assert found == []


def test_no_pelican_method_or_property_is_replaced() -> None:
    """Defining a method in a subclass is how Pelican is extended; assigning one to an
    object (``generator.generate_articles = ...``) or with setattr is patching. (An
    object may set its own attributes: ``self.url = ...`` in Casebook's own classes.)"""
    methods = pelican_names(private=False, properties=False) | pelican_names(
        private=True, properties=False)
    properties = pelican_names(private=False, methods=False) | pelican_names(
        private=True, methods=False)
    found = []
    for path, tree in parsed():
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store)):
                continue
            own = getattr(node.value, "id", "") == "self"
            if node.attr in methods or (node.attr in properties and not own):
                found.append(f"{where(path, node)} .{node.attr} =")
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "setattr":
                found.append(f"{where(path, node)} setattr(...)")
    assert found == []


def test_no_private_pelican_attribute_is_used() -> None:
    private = pelican_names(private=True) | {"_content", "_summary", "_context"}
    found = [f"{where(path, node)} .{node.attr}" for path, tree in parsed()
             for node in ast.walk(tree)
             if isinstance(node, ast.Attribute) and node.attr in private]
    assert found == []


def test_pelicans_generator_list_is_never_reordered() -> None:
    found = []
    for path, tree in parsed():
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and (
                    node.func.attr in ("remove", "insert", "sort", "reverse", "pop")
                    and getattr(node.func.value, "id", "") == "generators"):
                found.append(where(path, node))
    assert found == []


def test_the_guards_find_what_they_guard() -> None:
    """The checks above catch the patterns of the code they replaced."""
    sample = ast.parse("content.__class__ = X\ngenerator.generate_articles = f\n"
                       "generators.remove(g)\nhtml = story._update_content(x, y)\n")
    names = pelican_names(private=False) | pelican_names(private=True)
    attributes = [n for n in ast.walk(sample) if isinstance(n, ast.Attribute)]
    assert any(a.attr == "__class__" and isinstance(a.ctx, ast.Store) for a in attributes)
    assert "generate_articles" in names and "_update_content" in names
    assert any(a.attr == "remove" and getattr(a.value, "id", "") == "generators"
               for a in attributes)


def test_each_thread_renders_with_its_own_markdown() -> None:
    seen: dict[str, object] = {}

    def remember(name: str) -> None:
        seen[name] = render.converter()
        render.markdown_to_html("*text*")

    thread = threading.Thread(target=remember, args=("other",))
    thread.start()
    thread.join()
    remember("main")
    assert seen["main"] is not seen["other"]


def test_a_process_with_threads_starts_workers_from_a_fork_server() -> None:
    """Forking a process that runs other threads can copy a lock one of them holds
    (``casebook serve``: its web server, watcher and builds). Asked in a process of
    its own: the test process may run threads of other tests."""
    script = ("import threading; from casebook.workers import pool_context\n"
              "print(pool_context().get_start_method())\n"
              "stop = threading.Event(); threading.Thread(target=stop.wait).start()\n"
              "print(pool_context().get_start_method()); stop.set()\n")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            check=True)
    alone, with_threads = result.stdout.split()
    assert alone == "fork" and with_threads in ("forkserver", "spawn")


def test_the_architecture_diagram_is_the_pipeline_of_build_py() -> None:
    """docs/architecture.md opens with the steps build_site runs, in its order."""
    name = r"(\d)\. (up to date\?|[a-z]+)"
    in_code = re.findall(r"#\s+" + name, (PACKAGE / "build.py").read_text(encoding="utf-8"))
    diagram = (REPO / "docs/architecture.md").read_text(encoding="utf-8").split("```", 2)[1]
    in_doc = re.findall(r"^\s+" + name, diagram, re.MULTILINE)
    assert [number for number, _ in in_code] == [str(n) for n in range(8)]
    assert in_doc == in_code
