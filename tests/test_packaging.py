# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Each addon builds as a wheel named odoo-addon-<name>, as OCA packages them."""

import ast
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ADDONS = sorted(p.parent for p in ROOT.glob("*/__manifest__.py"))


@pytest.mark.parametrize("addon", ADDONS, ids=lambda a: a.name)
def test_wheel(addon, tmp_path):
    manifest = ast.literal_eval((addon / "__manifest__.py").read_text())
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps"]
        + ["--disable-pip-version-check", "--wheel-dir", str(tmp_path), str(addon)],
        check=True,
    )
    (wheel,) = tmp_path.glob("*.whl")
    assert wheel.name.startswith(f"odoo_addon_{addon.name}-{manifest['version']}"), (
        wheel.name
    )
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        metadata = next(n for n in names if n.endswith(".dist-info/METADATA"))
        text = archive.read(metadata).decode()
    assert f"Name: odoo-addon-{addon.name}" in text
    assert "Requires-Dist: odoo==19.0.*" in text
    assert f"odoo/addons/{addon.name}/__manifest__.py" in names
