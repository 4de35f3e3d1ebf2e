# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The translation checks of setup/check_translations.py, on a fake addon."""

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ADDONS = sorted(p.parent for p in ROOT.glob("*/__manifest__.py"))

spec = importlib.util.spec_from_file_location(
    "check_translations", ROOT / "setup" / "check_translations.py"
)
check_translations = importlib.util.module_from_spec(spec)
spec.loader.exec_module(check_translations)

HEADER = """# Translation of Odoo Server.
msgid ""
msgstr ""
"Project-Id-Version: Odoo Server 19.0\\n"
"POT-Creation-Date: {date}\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: \\n"

"""

POT = (
    HEADER.format(date="2026-12-01 10:00+0000")
    + """#. module: fake
#: code:addons/fake/models/fake.py:0
msgid "Contract %(contract)s is signed."
msgstr ""

#. module: fake
#: model:ir.model.fields,field_description:fake.field_fake__name
msgid "Name"
msgstr ""
"""
)

PO_COMPLETE = (
    HEADER.format(date="2026-12-01 10:00+0000")
    + """#. module: fake
msgid "Contract %(contract)s is signed."
msgstr "Le contrat %(contract)s est signé."

#. module: fake
msgid "Name"
msgstr "Nom"
"""
)


def _addon(tmp_path, pot=POT, pos=None):
    addon = tmp_path / "fake"
    (addon / "i18n").mkdir(parents=True)
    (addon / "__manifest__.py").write_text("{'name': 'Fake'}\n")
    (addon / "i18n" / "fake.pot").write_text(pot)
    for name, text in (pos or {}).items():
        (addon / "i18n" / name).write_text(text)
    return addon


def test_no_po_passes(tmp_path):
    assert check_translations.check_po_coverage(_addon(tmp_path)) == []


def test_complete_po_passes(tmp_path):
    addon = _addon(tmp_path, pos={"fr.po": PO_COMPLETE})
    assert check_translations.check_po_coverage(addon) == []


def test_po_missing_a_msgid_fails(tmp_path):
    po = PO_COMPLETE.replace('msgid "Name"\nmsgstr "Nom"\n', "")
    problems = check_translations.check_po_coverage(_addon(tmp_path, pos={"fr.po": po}))
    assert problems[0].startswith("fake: i18n/fr.po misses 1 of the 2 msgids")
    assert "  untranslated: 'Name'" in problems


def test_po_empty_translation_fails(tmp_path):
    po = PO_COMPLETE.replace('msgstr "Nom"', 'msgstr ""')
    problems = check_translations.check_po_coverage(
        _addon(tmp_path, pos={"zh_CN.po": po})
    )
    assert "  untranslated: 'Name'" in problems


def test_po_same_as_source_passes(tmp_path):
    """A translation equal to its msgid is written empty (OCA's
    po-pretty-format), and says so in a translator comment."""
    po = PO_COMPLETE.replace(
        '#. module: fake\nmsgid "Name"\nmsgstr "Nom"',
        '# Same as the source in this language.\n#. module: fake\nmsgid "Name"\n'
        'msgstr ""',
    )
    assert 'msgstr ""\n' in po
    addon = _addon(tmp_path, pos={"fr.po": po})
    assert check_translations.check_po_coverage(addon) == []


def test_po_fuzzy_entry_fails(tmp_path):
    po = PO_COMPLETE.replace(
        '#. module: fake\nmsgid "Name"', '#. module: fake\n#, fuzzy\nmsgid "Name"'
    )
    problems = check_translations.check_po_coverage(_addon(tmp_path, pos={"fr.po": po}))
    assert "fake: i18n/fr.po has 1 fuzzy entries:" in problems
    assert "  fuzzy: 'Name'" in problems


def test_pot_same_msgids_other_dates_pass(tmp_path):
    committed = tmp_path / "committed.pot"
    exported = tmp_path / "exported.pot"
    committed.write_text(POT)
    exported.write_text(POT.replace("2026-12-01 10:00", "2026-12-07 11:00"))
    assert check_translations.compare_pot("fake", committed, exported) == []


def test_pot_changed_msgids_fail(tmp_path):
    committed = tmp_path / "committed.pot"
    exported = tmp_path / "exported.pot"
    committed.write_text(POT)
    exported.write_text(POT.replace('msgid "Name"', 'msgid "Title"'))
    problems = check_translations.compare_pot("fake", committed, exported)
    assert problems[0].startswith("fake: i18n/fake.pot is not up to date")
    assert "  added:   'Title'" in problems
    assert "  removed: 'Name'" in problems


@pytest.mark.parametrize("addon", ADDONS, ids=lambda a: a.name)
def test_committed_po_complete(addon):
    """The .po of the repository itself."""
    assert check_translations.check_po_coverage(addon) == []
