#!/usr/bin/env python3
# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Check the translations of the addons of the repository.

    setup/check_translations.py DB --addons-path=ROOT [ADDON ...]

1. The ``.pot`` of each addon, exported afresh from the database DB (where
   the addons are installed, without demo data), has the same msgids as the
   committed ``ADDON/i18n/ADDON.pot``: a string added to or removed from the
   code without a new export fails, naming the addon and the msgids.
2. Every ``ADDON/i18n/*.po`` translates 100% of the committed ``.pot``: no
   msgid missing or left empty, no fuzzy entry. A translation identical to
   its msgid ("PDF", "Configuration" in French) is written empty, as OCA's
   ``po-pretty-format`` requires, with the translator comment
   ``# Same as the source in this language.``: only such an entry may be
   empty.

Without ADDON, every addon of ROOT (a folder with a ``__manifest__.py``).
Exits 1 and prints the problems when a check fails. The comparison
functions work on files only, for the repository tests
(tests/test_translations.py).
"""

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from babel.messages.pofile import read_po

# The translator comment of an entry whose translation is its msgid.
SAME_AS_SOURCE = "Same as the source in this language."


def _read_catalog(path):
    with open(path, "rb") as file:
        return read_po(file)


def _key(message):
    """The msgid (singular; with its context, if any) of a catalog entry."""
    msgid = message.id[0] if isinstance(message.id, tuple | list) else message.id
    return (message.context or "", msgid)


def _msgids(catalog):
    return {_key(message) for message in catalog if message.id}


def _show(key):
    context, msgid = key
    text = msgid if len(msgid) <= 100 else msgid[:97] + "..."
    return f"[{context}] {text!r}" if context else repr(text)


def compare_pot(addon, committed, exported):
    """Problems (list of lines) when the msgids of two ``.pot`` differ.

    :param committed: path of the committed ``.pot`` (may not exist)
    :param exported: path of the ``.pot`` just exported (may not exist when
        the addon has no translatable string)
    """
    old = _msgids(_read_catalog(committed)) if Path(committed).exists() else set()
    new = _msgids(_read_catalog(exported)) if Path(exported).exists() else set()
    if old == new:
        return []
    problems = [
        f"{addon}: i18n/{addon}.pot is not up to date with the code "
        f"(re-export it: python3 -m odoo --addons-path=. i18n export -d DB {addon})"
    ]
    problems += [f"  added:   {_show(key)}" for key in sorted(new - old)]
    problems += [f"  removed: {_show(key)}" for key in sorted(old - new)]
    return problems


def check_po_coverage(addon_dir):
    """Problems (list of lines) of the ``.po`` of one addon that do not
    translate every msgid of its committed ``.pot``, or keep fuzzy entries."""
    addon_dir = Path(addon_dir)
    addon = addon_dir.name
    i18n = addon_dir / "i18n"
    pos = sorted(i18n.glob("*.po")) if i18n.is_dir() else []
    if not pos:
        return []
    pot_path = i18n / f"{addon}.pot"
    if not pot_path.exists():
        return [f"{addon}: translations without i18n/{addon}.pot"]
    expected = _msgids(_read_catalog(pot_path))
    problems = []
    for po_path in pos:
        catalog = _read_catalog(po_path)
        translated, fuzzy = set(), set()
        for message in catalog:
            if not message.id:
                continue
            strings = (
                message.string
                if isinstance(message.string, tuple | list)
                else (message.string,)
            )
            if message.fuzzy:
                fuzzy.add(_key(message))
            elif all(strings) or SAME_AS_SOURCE in message.user_comments:
                translated.add(_key(message))
        missing = expected - translated - fuzzy
        where = f"{addon}: i18n/{po_path.name}"
        if missing:
            problems.append(
                f"{where} misses {len(missing)} of the {len(expected)} msgids "
                f"of the .pot:"
            )
            problems += [f"  untranslated: {_show(key)}" for key in sorted(missing)]
        if fuzzy:
            problems.append(f"{where} has {len(fuzzy)} fuzzy entries:")
            problems += [f"  fuzzy: {_show(key)}" for key in sorted(fuzzy)]
    return problems


def export_pot(db, addons_path, addon, destination, python=sys.executable):
    """Export the ``.pot`` of one installed addon to ``destination``."""
    command = [
        python,
        "-m",
        "odoo",
        f"--addons-path={addons_path}",
        "i18n",
        "export",
        "-d",
        db,
        "-o",
        str(destination),
        addon,
    ]
    env = dict(os.environ, PGOPTIONS="--client-min-messages=warning")
    result = subprocess.run(command, capture_output=True, text=True, env=env)
    if result.returncode:
        sys.stderr.write(result.stdout + result.stderr)
        raise SystemExit(f"FAILED: exporting the .pot of {addon} from {db}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("db")
    parser.add_argument("--addons-path", required=True)
    parser.add_argument("addons", nargs="*")
    args = parser.parse_args(argv)
    root = Path(args.addons_path.split(",")[0]).resolve()
    addons = args.addons or sorted(
        path.parent.name for path in root.glob("*/__manifest__.py")
    )
    problems = []
    with tempfile.TemporaryDirectory(prefix="check_translations_") as tmp:
        for addon in addons:
            exported = Path(tmp) / f"{addon}.pot"
            export_pot(args.db, args.addons_path, addon, exported)
            committed = root / addon / "i18n" / f"{addon}.pot"
            problems += compare_pot(addon, committed, exported)
            problems += check_po_coverage(root / addon)
    if problems:
        sys.stderr.write("\n".join(problems) + "\n")
        return 1
    sys.stdout.write(
        f"translations: {len(addons)} addons, .pot up to date, .po complete\n"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
