# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Messages are written for their reader: dates, numbers and lists in the
format of the user's language (the texts themselves come with the .po)."""

from odoo.exceptions import UserError, ValidationError
from odoo.tests import freeze_time, new_test_user, tagged

from .common import SIGNED_PDF
from .test_contract_lifecycle import ContractLifecycleCommon
from .test_portal_obligation import PortalObligationCommon

# What each language expects: its date format (res.lang), its list pattern
# (CLDR, through odoo.tools.format_list), its decimal and thousands separators.
LANGUAGES = {
    "fr_FR": {
        "date_end": "31/12/2027",
        "date_start": "01/01/2027",
        "and": "{0} et {1}",
        # In a chatter message (HTML), the no-break space of the thousands.
        "number": "1&nbsp;234,50",
    },
    "zh_CN": {
        "date_end": "2027/12/31",
        "date_start": "2027/01/01",
        "and": "{0}和{1}",
        "number": "1,234.50",
    },
}


class ContractLanguageCommon(ContractLifecycleCommon):
    """A contract user reading each of ``languages`` (``cls.users``)."""

    languages = tuple(LANGUAGES)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.users = {}
        for lang in cls.languages:
            cls.env["res.lang"]._activate_lang(lang)
            cls.users[lang] = new_test_user(
                cls.env,
                login=f"contract_user_{cls.__name__}_{lang}",
                name=f"Contract User {lang}",
                groups="customer_contract.customer_contract_group_user",
                lang=lang,
            )

    def _as(self, lang, record):
        return record.with_user(self.users[lang]).with_context(lang=lang)


@tagged("post_install", "-at_install")
class TestMessagesLanguage(ContractLanguageCommon):
    def _sign_as(self, lang, contract, when):
        wizard = (
            self.env["customer.contract.sign.wizard"]
            .with_user(self.users[lang])
            .with_context(lang=lang, default_contract_id=contract.id)
            .create(
                {
                    "date_signed": when,
                    "company_signatory_id": self.contract_signatory.id,
                    "document": SIGNED_PDF,
                }
            )
        )
        wizard.action_confirm()

    def test_refusal_lists_what_is_missing_in_the_users_language(self):
        for lang, expected in LANGUAGES.items():
            with self.subTest(lang=lang):
                contract = self._create_contract(
                    user=self.users[lang], signatory_id=False, lines=0
                )
                env = self._as(lang, contract).env
                missing = expected["and"].format(
                    env._("a customer signatory"), env._("at least one line")
                )
                with self.assertRefused(UserError, missing):
                    self._as(lang, contract).action_open_sign_wizard()
                self.assertEqual(
                    self._as(lang, contract).signature_missing,
                    missing,
                )
                self.assertEqual(contract.state, "draft")
                # The English reader keeps the English list.
                self.assertEqual(
                    contract.with_context(lang="en_US").signature_missing,
                    "a customer signatory and at least one line",
                )

    def test_refusal_dates_in_the_users_language(self):
        for lang, expected in LANGUAGES.items():
            with self.subTest(lang=lang):
                contract = self._create_contract(user=self.users[lang])
                with self.assertRefused(
                    ValidationError,
                    f"{expected['date_end'].replace('2027', '2026')}.*"
                    f"{expected['date_start']}",
                ):
                    self._as(lang, contract).write({"date_end": "2026-12-31"})
                self.assertEqual(str(contract.date_end), "2027-12-31")

    @freeze_time("2027-03-01")
    def test_chatter_dates_in_the_users_language(self):
        for lang, expected in LANGUAGES.items():
            with self.subTest(lang=lang):
                contract = self._create_contract(user=self.users[lang])
                self._sign_as(lang, contract, "2027-03-01")
                self.assertEqual(contract.state, "active")
                self._as(lang, contract)._action_terminate(
                    "Office closed", contract.date_end
                )
                self.assertEqual(contract.state, "terminated")
                note = contract.message_ids.filtered(
                    lambda m: "Office closed" in (m.body or "")
                )
                self.assertEqual(len(note), 1)
                self.assertIn(expected["date_end"], note.body)
                self.assertNotIn("2027-12-31", note.body)

    def test_chatter_numbers_in_the_users_language(self):
        for lang, expected in LANGUAGES.items():
            with self.subTest(lang=lang):
                contract = self._create_contract(user=self.users[lang])
                messages = contract.message_ids
                self._as(lang, contract.line_ids).write({"price_unit": 1234.5})
                note = contract.message_ids - messages
                self.assertEqual(len(note), 1)
                self.assertIn(expected["number"], note.body)
                self.assertNotIn("1234.5", note.body)
                lines = self._as(lang, contract.line_ids)
                lines.create(
                    {
                        "contract_id": contract.id,
                        "product_id": self.product_support.id,
                        "quantity": 2.5,
                        "price_unit": 1234.5,
                    }
                )
                added = contract.message_ids - messages - note
                self.assertEqual(len(added), 1)
                quantity = "2,50" if lang == "fr_FR" else "2.50"
                self.assertIn(quantity, added.body)
                self.assertIn(expected["number"], added.body)


# From the French .po of the addon.
ACCEPTED_FR = "Votre justificatif a été accepté : ces obligations sont remplies."
REFUSED_FR = "a été refusé ; soumettez un nouveau justificatif sur la page du contrat."


@tagged("post_install", "-at_install")
class TestCustomerMessagesLanguage(PortalObligationCommon):
    """What is mailed to the customer is written in the customer's language,
    whoever answers."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fr_FR")
        cls.signatory.lang = "fr_FR"

    def _submit(self, obligation):
        obligation.with_user(self.portal_user).sudo()._portal_submit_evidence(
            [("proof.pdf", b"%PDF proof")], self.signatory
        )

    def _last_comment(self):
        return self.contract.message_ids.filtered(
            lambda m: m.message_type == "comment"
        )[:1]

    def test_evidence_answers_in_the_customers_language(self):
        self.assertEqual(self.contract_user.lang, "en_US")
        self._submit(self.certificate)
        self.certificate.with_user(self.contract_user).action_accept_evidence()
        message = self._last_comment()
        self.assertIn(ACCEPTED_FR, message.body)
        self.assertEqual(message.partner_ids, self.signatory)

        self._submit(self.insurance)
        self.insurance.with_user(self.contract_user)._refuse_evidence("Illisible")
        message = self._last_comment()
        self.assertIn(REFUSED_FR, message.body)
        self.assertIn("Motif : Illisible", message.body)
        # The user who answered still reads English.
        with self.assertRefused(UserError, "no evidence to review"):
            self.insurance.with_user(self.contract_user).action_accept_evidence()
