# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The suite speaks French and Chinese: with the addon's translations
loaded, as when a company installs the language, a contract user reading
either language gets the refusals, the chatter notes, the labels, the mails
to the customer and the contract's PDF in it."""

from lxml import html as lxml_html

from odoo.exceptions import UserError
from odoo.tests import freeze_time, tagged

from .common import SIGNED_PDF
from .test_messages_language import ContractLanguageCommon

# Known strings of the .po files, as the reader sees them (dates, lists and
# numbers formatted for the language).
EXPECTED = {
    "fr_FR": {
        "refusal": (
            "ne peut pas encore être signé : il lui manque un signataire du "
            "client et au moins une ligne."
        ),
        "terminated": "Contrat résilié le 31/12/2027 : Office closed",
        "state": "Négociation",
        "date_end": "Date de fin",
        "mail_body": "Bonjour Brandon Freeman",
        "mail_subject": "Contrat",
        "pdf": ("Parties", "Représenté par Brandon Freeman", "Date de fin :"),
    },
    "zh_CN": {
        "refusal": "尚不能签署：还需要客户签署人和至少一行明细。",
        "terminated": "合同已于2027/12/31终止：Office closed",
        "state": "谈判中",
        "date_end": "结束日期",
        "mail_body": "Brandon Freeman，您好",
        "mail_subject": "合同",
        "pdf": ("合同各方", "代表人：Brandon Freeman", "结束日期："),
    },
}


@tagged("post_install", "-at_install")
class TestContractInUsersLanguage(ContractLanguageCommon):
    languages = tuple(EXPECTED)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # What installing a language does for an installed addon.
        cls.env["ir.module.module"]._load_module_terms(
            ["customer_contract"], list(EXPECTED), overwrite=True
        )

    def test_refusal_in_the_users_language(self):
        for lang, expected in EXPECTED.items():
            with self.subTest(lang=lang):
                contract = self._create_contract(
                    user=self.users[lang], signatory_id=False, lines=0
                )
                with self.assertRefused(UserError, expected["refusal"]):
                    self._as(lang, contract).action_open_sign_wizard()
                self.assertEqual(contract.state, "draft")

    @freeze_time("2027-03-01")
    def test_chatter_in_the_users_language(self):
        for lang, expected in EXPECTED.items():
            with self.subTest(lang=lang):
                contract = self._create_contract(user=self.users[lang])
                wizard = (
                    self.env["customer.contract.sign.wizard"]
                    .with_user(self.users[lang])
                    .with_context(lang=lang, default_contract_id=contract.id)
                    .create(
                        {
                            "date_signed": "2027-03-01",
                            "company_signatory_id": self.contract_signatory.id,
                            "document": SIGNED_PDF,
                        }
                    )
                )
                wizard.action_confirm()
                self._as(lang, contract)._action_terminate(
                    "Office closed", contract.date_end
                )
                bodies = " ".join(
                    lxml_html.fromstring(m.body).text_content()
                    for m in contract.message_ids
                    if m.body
                )
                self.assertIn(expected["terminated"], bodies)
                self.assertNotIn("Contract terminated", bodies)

    def test_labels_in_the_users_language(self):
        for lang, expected in EXPECTED.items():
            with self.subTest(lang=lang):
                Contract = self._as(lang, self.env["customer.contract"])
                description = Contract.fields_get(["date_end", "state"])
                self.assertEqual(
                    description["date_end"]["string"], expected["date_end"]
                )
                self.assertIn(
                    ("negotiation", expected["state"]),
                    description["state"]["selection"],
                )
                # The form view, as the web client loads it.
                arch = Contract.get_views([(False, "form")])["views"]["form"]["arch"]
                self.assertNotIn('string="Send by Email"', arch)

    def test_mail_in_the_customers_language(self):
        """The mail to the customer follows the customer's language, whoever
        sends it."""
        for lang, expected in EXPECTED.items():
            with self.subTest(lang=lang):
                self.signatory.lang = lang
                contract = self._create_contract()
                contract.action_negotiate()
                action = contract.with_user(self.contract_user).action_send_email()
                composer = (
                    self.env["mail.compose.message"]
                    .with_user(self.contract_user)
                    .with_context(**action["context"])
                    .create({})
                )
                self.assertIn(expected["mail_subject"], composer.subject)
                self.assertNotIn("Contract", composer.subject)
                body = lxml_html.fromstring(composer.body).text_content()
                self.assertIn(expected["mail_body"], body)
                self.assertNotIn("Hello", body)
                self.assertNotIn("Please find attached", body)

    def test_pdf_in_the_customers_language(self):
        for lang, expected in EXPECTED.items():
            with self.subTest(lang=lang):
                self.customer.lang = lang
                contract = self._create_contract()
                contract.action_negotiate()
                html = (
                    self.env["ir.actions.report"]
                    .with_user(self.users["fr_FR"])
                    ._render_qweb_html(
                        "customer_contract.customer_contract_report_action",
                        contract.ids,
                    )[0]
                    .decode()
                )
                text = " ".join(lxml_html.fromstring(html).text_content().split())
                for string in expected["pdf"]:
                    self.assertIn(string, text)
                self.assertIn(expected["state"], text)
                self.assertNotIn("Represented by", text)
