"""The layout the README describes, checked: no import cycle anywhere in the project (the
import-linter contracts in pyproject.toml check the layering, `make test` runs them), and
reports/ holds nothing but its sub-domains and the app's plumbing."""

from graphlib import CycleError, TopologicalSorter
from pathlib import Path

import grimp
import pytest

PACKAGES = ("config", "units", "directives", "reports", "documents", "bench")
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def graph():
    return grimp.build_graph(*PACKAGES, cache_dir=None)


def test_no_module_takes_part_in_an_import_cycle(graph):
    # Imports inside functions count too: a lazy import that closes a circle is still a circle.
    sorter = TopologicalSorter(
        {module: graph.find_modules_directly_imported_by(module) for module in graph.modules}
    )
    try:
        sorter.prepare()
    except CycleError as error:
        pytest.fail(f"import cycle: {' -> '.join(error.args[1])}")


def test_the_documents_package_imports_none_of_the_apps(graph):
    imported = {
        target.split(".")[0]
        for module in graph.find_descendants("documents") | {"documents"}
        for target in graph.find_modules_directly_imported_by(module)
    }
    assert imported.isdisjoint({"reports", "directives", "units", "config", "bench"})


def test_reports_holds_only_its_sub_domains_and_the_app_plumbing():
    plumbing = {"__init__.py", "apps.py", "admin.py", "urls.py", "models.py"}
    folders = {"migrations", "templatetags", "management", "__pycache__"}
    sub_domains = {"periods", "submissions", "notifications", "monitoring", "consolidated"}
    entries = {path.name for path in (ROOT / "reports").iterdir()}
    assert entries - plumbing - folders == sub_domains
