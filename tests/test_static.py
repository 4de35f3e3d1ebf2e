# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Static checks on the addons: what Odoo 19 silently ignores or refuses."""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ADDONS = sorted(p.parent for p in ROOT.glob("*/__manifest__.py"))
HEADER = (
    "# Copyright 2026 Customer Contract Authors\n"
    "# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).\n"
)


def _manifest(addon):
    return ast.literal_eval((addon / "__manifest__.py").read_text())


def test_addons_found():
    assert [a.name for a in ADDONS][:1] == ["customer_contract"]


@pytest.mark.parametrize("addon", ADDONS, ids=lambda a: a.name)
def test_manifest(addon):
    manifest = _manifest(addon)
    # A version not starting with 19.0 makes the addon silently uninstallable.
    assert re.fullmatch(r"19\.0\.\d+\.\d+\.\d+", manifest["version"])
    assert manifest["license"] == "AGPL-3"
    assert manifest["author"] == "Customer Contract Authors"
    assert manifest.get("installable", True)
    for key in ("data", "demo"):
        for name in manifest.get(key, []):
            assert (addon / name).is_file(), f"{addon.name}: {key} file {name} missing"
    data = manifest.get("data", [])
    # Groups must exist before the access rights that refer to them.
    if "security/ir.model.access.csv" in data:
        security = [n for n in data if n.startswith("security/") and n.endswith("xml")]
        for name in security:
            assert data.index(name) < data.index("security/ir.model.access.csv")
    # Menus refer to actions: they load last.
    menus = [n for n in data if n.endswith("_menus.xml")]
    assert not menus or data[-1] in menus


@pytest.mark.parametrize("addon", ADDONS, ids=lambda a: a.name)
def test_addon_files(addon):
    for name in (
        "__init__.py",
        "README.rst",
        "readme/DESCRIPTION.md",
        "static/description/icon.png",
        "pyproject.toml",
    ):
        assert (addon / name).is_file(), f"{addon.name}: {name} missing"
    assert "whool" in (addon / "pyproject.toml").read_text()


@pytest.mark.parametrize("addon", ADDONS, ids=lambda a: a.name)
def test_python_headers_and_odoo19_api(addon):
    for path in addon.rglob("*.py"):
        text = path.read_text()
        assert text.startswith(HEADER), f"{path}: licence header missing"
        assert "_sql_constraints" not in text, f"{path}: ignored by Odoo 19"
        assert "@api.model\n    def create(" not in text, f"{path}: use create multi"
        assert "track_visibility" not in text, f"{path}: use tracking=True"


@pytest.mark.parametrize("addon", ADDONS, ids=lambda a: a.name)
def test_views_odoo19(addon):
    forbidden = {
        r"<tree\b": "<list>",
        r"\sattrs=": "invisible=/readonly= expressions",
        r"\sstates=": "invisible= expressions",
        r"groups_id": "group_ids",
        r'class="oe_chatter"': "<chatter/>",
        r'kanban-box"': '<t t-name="card">',
    }
    for path in addon.rglob("*.xml"):
        text = path.read_text()
        for pattern, instead in forbidden.items():
            assert not re.search(pattern, text), f"{path}: {pattern} -> {instead}"


@pytest.mark.parametrize("addon", ADDONS, ids=lambda a: a.name)
def test_every_test_module_is_imported(addon):
    tests = addon / "tests"
    if not tests.is_dir():
        pytest.skip("no tests")
    init = (tests / "__init__.py").read_text()
    for path in tests.glob("test_*.py"):
        assert f"from . import {path.stem}\n" in init, (
            f"{path} is not imported in tests/__init__.py: its tests never run"
        )


@pytest.mark.parametrize("addon", ADDONS, ids=lambda a: a.name)
def test_demo_dates_relative_to_today(addon):
    # Demo data shows the same story whatever the day it is installed: every
    # date is computed from today (DateTime.today() + relativedelta(...)).
    literal_date = re.compile(
        r"\b(19|20)\d\d-[01]\d-[0-3]\d\b|\b\d\d?/\d\d?/(19|20)\d\d\b"
    )
    for name in _manifest(addon).get("demo", []):
        for number, line in enumerate((addon / name).read_text().splitlines(), 1):
            assert not literal_date.search(line), (
                f"{addon.name}/{name}:{number}: a literal date; compute it from "
                "today instead"
            )
