"""The project's modules import each other without cycles (issue 12). In a cycle what a
module finds at import time depends on which module was imported first, and modules that
should change apart are tied together; an import inside a function only postpones that.

grimp builds the graph of the packages, imports inside functions included (those under
`if TYPE_CHECKING:` never run and are left out). grimp takes packages only, so the
top-level modules (app.py, cli.py, ...) are read with ast and added to its graph. The
project's packages and modules are the ones pyproject.toml ships."""
import ast
import tomllib
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parent.parent


def project(root=ROOT):
    """The top-level packages and the top-level modules that pyproject.toml ships."""
    setuptools = tomllib.loads((root / "pyproject.toml").read_text())["tool"]["setuptools"]
    pakketten = tuple(sorted(patroon.rstrip("*") for patroon in setuptools["packages"]["find"]
                             ["include"] if (root / patroon.rstrip("*") / "__init__.py").exists()))
    return pakketten, tuple(sorted(setuptools["py-modules"]))


def _type_checking(node):
    return isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)


def _imports(pad, bekend):
    """(imported module, line number, line) of each import in the file, as grimp reads
    them: `from a import b` imports the module a.b when there is one, else a."""
    bron = pad.read_text()
    regels = bron.splitlines()
    gevonden, open_ = [], [ast.parse(bron)]
    while open_:
        node = open_.pop()
        if _type_checking(node):
            open_.extend(node.orelse)
            continue
        open_.extend(ast.iter_child_nodes(node))
        if isinstance(node, ast.Import):
            namen = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            namen = [f"{node.module}.{alias.name}" if f"{node.module}.{alias.name}" in bekend
                     else node.module for alias in node.names]
        else:
            continue
        gevonden += [(naam, node.lineno, regels[node.lineno - 1].strip()) for naam in namen]
    return gevonden


def graaf(root=ROOT):
    """The import graph of the project's modules; other modules appear as leaves."""
    pakketten, modules = project(root)
    graph = grimp.build_graph(*pakketten, include_external_packages=True,
                              exclude_type_checking_imports=True, cache_dir=None)
    for module in modules:
        if module not in graph.modules:
            graph.add_module(module)
    bekend, namen = set(graph.modules), pakketten + modules
    for module in modules:
        for naam, regel, tekst in _imports(root / f"{module}.py", bekend):
            if naam.split(".")[0] in namen:
                graph.add_import(importer=module, imported=naam, line_number=regel,
                                 line_contents=tekst)
    return graph, namen


def kringen(graph, namen):
    """Every import that is part of a cycle, each with the shortest way back: a list of
    cycles [a, b, ..., a], each once, starting at its first module in sorted order."""
    eigen = {m for m in graph.modules if m.split(".")[0] in namen}
    gevonden = set()
    for importer in eigen:
        for imported in graph.find_modules_directly_imported_by(importer) & eigen:
            terug = graph.find_shortest_chain(importer=imported, imported=importer)
            if terug:
                kring = (importer, *terug[:-1])
                begin = kring.index(min(kring))
                gevonden.add(kring[begin:] + kring[:begin])
    return sorted([*kring, kring[0]] for kring in gevonden)


def beschrijf(graph, kring):
    """A cycle as its chain of imports, each with its file, line and text."""
    stappen = [" -> ".join(kring)]
    for importer, imported in zip(kring, kring[1:], strict=False):
        for detail in graph.get_import_details(importer=importer, imported=imported):
            stappen.append(f"    {importer} -> {imported}: line {detail['line_number']}: "
                           f"{detail['line_contents']}")
    return "\n".join(stappen)


def test_no_import_cycles_between_the_projects_modules():
    graph, namen = graaf()
    assert {"app", "cli", "domain", "models", "views"} <= set(namen)
    gevonden = kringen(graph, namen)
    assert not gevonden, f"{len(gevonden)} import cycle(s):\n" + "\n".join(
        beschrijf(graph, kring) for kring in gevonden)


def test_the_check_finds_cycles_through_lazy_imports_and_top_level_modules(tmp_path,
                                                                           monkeypatch):
    """A project made here: a cycle closed by an import inside a function, one through a
    top-level module, and an import under TYPE_CHECKING that is no cycle."""
    bestanden = {
        "pyproject.toml": '[tool.setuptools]\npy-modules = ["los"]\n'
                          '[tool.setuptools.packages.find]\ninclude = ["kring*", "weg*"]\n',
        "los.py": "import json\nfrom kring import c\n",
        "kring/__init__.py": "",
        "kring/a.py": "from kring import b\n",
        "kring/b.py": "def f():\n    from kring import a\n    return a\n",
        "kring/c.py": "import los\n",
        "kring/d.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
                      "    from kring import e\n",
        "kring/e.py": "from kring import d\n",
    }
    for naam, tekst in bestanden.items():
        (tmp_path / naam).parent.mkdir(exist_ok=True)
        (tmp_path / naam).write_text(tekst)
    monkeypatch.syspath_prepend(str(tmp_path))
    graph, namen = graaf(tmp_path)
    assert namen == ("kring", "los")
    gevonden = kringen(graph, namen)
    assert gevonden == [["kring.a", "kring.b", "kring.a"], ["kring.c", "los", "kring.c"]]
    uitleg = beschrijf(graph, gevonden[0])
    assert "kring.b -> kring.a: line 2: from kring import a" in uitleg
    assert "los -> kring.c: line 2: from kring import c" in beschrijf(graph, gevonden[1])
