# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The multi-process server can start its bus (gevent) process.

Odoo's prefork server runs ``[sys.executable, sys.argv[0], "gevent", ...]``
for the bus: ``sys.argv[0]`` must be a script Python can run again, and
gevent must find its dependencies through pkg_resources, which loads its
plugins. setup/check_server checks a running server; these checks are quick.
"""

import re
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
REQUIREMENTS = (ROOT / "requirements.txt").read_text()


def _pin(name):
    match = re.search(
        rf"^{re.escape(name)}==([\w.]+)\s*$", REQUIREMENTS, re.MULTILINE | re.I
    )
    return match and match[1]


@pytest.mark.parametrize("name", ["gevent", "zope.event", "zope.interface"])
def test_bus_requirements_pinned(name):
    # Later zope releases install their metadata as zope_event/zope_interface,
    # which the pkg_resources of setuptools 65 (Python 3.11) does not find.
    assert _pin(name), f"requirements.txt must pin {name} (name==version)"


def test_pkg_resources_resolves_gevent():
    pytest.importorskip("gevent")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import pkg_resources

        pkg_resources.require("gevent")


def test_launcher_runs_again_as_the_bus_process():
    pytest.importorskip("odoo.cli.command")
    launcher = ROOT / "setup" / "odoo-server"
    # What Odoo's prefork server runs, with --version to stop once gevent has
    # patched the standard library.
    result = subprocess.run(
        [sys.executable, str(launcher), "gevent", "--version"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "Odoo Server 19.0" in result.stdout
