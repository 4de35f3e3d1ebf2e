# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
import io
from datetime import timedelta
from hashlib import sha256
from unittest.mock import patch

from PIL import Image

from odoo import fields, http
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from .common import SIGNED_PDF, CustomerContractCommon


def _png(color="black"):
    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), color).save(buffer, format="PNG")
    return base64.b64encode(buffer.getvalue()).decode()


SIGNATURE = _png()
COUNTERSIGN = "customer_contract.mail_activity_type_countersign"


class SignOnlineCommon(CustomerContractCommon):
    """A customer's portal user, another customer's portal user, a contract
    user without Sales extras, a Contract Signatory without limit (common),
    one limited to 100 and a contract worth 200 in negotiation."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_user = new_test_user(
            cls.env,
            login="sign_portal",
            password="sign_portal",
            name="Brandon Freeman",
            groups="base.group_portal",
            partner_id=cls.signatory.id,
        )
        other_contact = cls.env["res.partner"].create(
            {"name": "Ready Reader", "parent_id": cls.other_customer.id}
        )
        cls.other_portal_user = new_test_user(
            cls.env,
            login="sign_other_portal",
            password="sign_other_portal",
            name="Ready Reader",
            groups="base.group_portal",
            partner_id=other_contact.id,
        )
        cls.limited_signatory = new_test_user(
            cls.env,
            login="sign_limited",
            name="Lim Ited",
            groups="customer_contract.customer_contract_group_user,"
            "customer_contract.customer_contract_group_signatory",
        )
        cls.limited_signatory.contract_sign_limit = 100.0
        cls.today = fields.Date.context_today(cls.env.user)

    @classmethod
    def _ready_contract(cls, **values):
        contract = cls._create_contract(**values)
        contract.action_negotiate()
        return contract

    def _send(self, document, user=None):
        """Send for Signature through the mail composer, as ``user``."""
        user = user or self.contract_user
        document = document.with_user(user)
        action = document.action_send_for_signature()
        composer = (
            self.env["mail.compose.message"]
            .with_user(user)
            .with_context(**action["context"])
            .create({})
        )
        composer._action_send_mail()
        return document.message_ids[:1].sudo()

    def _company_sign(self, document, user=None):
        user = user or self.contract_signatory
        action = document.with_user(user).action_open_company_sign_wizard()
        wizard = (
            self.env[action["res_model"]]
            .with_user(user)
            .with_context(**action["context"])
            .create({"signature": SIGNATURE})
        )
        return wizard.action_confirm()

    def _sign_fields(self, document):
        return document.read(
            [
                "state",
                "sign_request_state",
                "signed_by",
                "customer_signed_on",
                "company_signed_on",
                "company_signatory_id",
                "sign_decline_reason",
            ]
        )[0]


@tagged("post_install", "-at_install")
class TestSignOnline(HttpCase, SignOnlineCommon):
    def _accept_url(self, document):
        contract = getattr(document, "contract_id", document)
        url = contract.access_url
        if document != contract:
            url += f"/amendments/{document.id}"
        return url + "/accept"

    def _accept(self, document, login=None, token=None, name="Brandon Freeman"):
        self.authenticate(login, login)
        params = {"name": name, "signature": SIGNATURE}
        if token is not None:
            params["access_token"] = token
        return self.make_jsonrpc_request(self._accept_url(document), params)

    def _post(self, url, login=None, **data):
        self.authenticate(login, login)
        data["csrf_token"] = http.Request.csrf_token(self)
        return self.url_open(url, data=data, allow_redirects=False)

    # ------------------------------------------------------------------
    # Full flows
    # ------------------------------------------------------------------
    def _assert_sealed(self, document):
        """The sealed PDF is stored once, posted, and Verify finds it
        intact, as the contract user who owns the document."""
        attachment = document.signed_attachment_id
        self.assertTrue(attachment)
        self.assertEqual(
            document.signed_document_sha256, sha256(attachment.raw).hexdigest()
        )
        self.assertIn(attachment, document.message_ids.attachment_ids)
        action = document.with_user(self.contract_user).action_verify_signed_document()
        self.assertEqual(action["params"]["type"], "success")
        self.assertIn(document.signed_document_sha256, action["params"]["message"])

    def test_customer_first_contract(self):
        contract = self._ready_contract()
        self.assertHeader(contract, self.contract_user, "action_send_for_signature")
        message = self._send(contract)
        # The mail: the PDF and the link with the access token.
        self.assertTrue(contract.access_token)
        self.assertIn(f"access_token={contract.access_token}", message.body)
        self.assertEqual(len(message.attachment_ids), 1)
        self.assertIn(f"Contract - {contract.reference}", message.attachment_ids.name)
        self.assertEqual(message.partner_ids, self.signatory)
        self.assertRecordValues(
            contract,
            [
                {
                    "state": "negotiation",
                    "sign_request_state": "customer",
                    "sign_request_deadline": self.today + timedelta(days=30),
                    "sign_reminder_count": 0,
                }
            ],
        )
        self.assertTrue(contract.sign_requested_on)
        names = self.assertHeader(contract, self.contract_user, None)
        self.assertIn("action_cancel_sign_request", names)
        self.assertNotIn("action_open_sign_wizard", names)

        # The portal user of the customer signs, logged in.
        self.authenticate("sign_portal", "sign_portal")
        page = self.url_open(contract.access_url)
        self.assertIn("modalcontractsign", page.text)
        result = self._accept(contract, "sign_portal")
        self.assertNotIn("error", result)
        self.assertIn("message=sign_ok", result["redirect_url"])
        self.assertRecordValues(
            contract,
            [
                {
                    "state": "negotiation",
                    "sign_request_state": "company",
                    "signed_by": "Brandon Freeman",
                    "customer_sign_ip": "127.0.0.1",
                    "customer_sign_partner_id": self.signatory.id,
                }
            ],
        )
        self.assertTrue(contract.customer_signature)
        self.assertTrue(contract.customer_sign_user_agent)
        activities = contract.activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref(COUNTERSIGN)
        )
        # The owner is no signatory: the signatories of the company countersign.
        self.assertIn(self.contract_signatory, activities.user_id)
        self.assertNotIn(self.contract_user, activities.user_id)
        self.assertNotIn(self.limited_signatory, activities.user_id)
        self.assertHeader(
            contract, self.contract_signatory, "action_open_company_sign_wizard"
        )
        self.assertHeader(contract, self.contract_user, None)

        # The company countersigns: signed, sealed once, one message.
        seal = self.registry["customer.contract"]._seal_signed_document
        with patch.object(
            self.registry["customer.contract"],
            "_seal_signed_document",
            autospec=True,
            side_effect=seal,
        ) as sealed:
            self._company_sign(contract)
        sealed.assert_called_once()
        self.assertRecordValues(
            contract,
            [
                {
                    "state": "signed",
                    "sign_request_state": "signed",
                    "date_signed": self.today,
                    "company_signatory_id": self.contract_signatory.id,
                    "signed_by": "Brandon Freeman",
                }
            ],
        )
        self.assertTrue(contract.company_signature)
        self._assert_sealed(contract)
        self.assertFalse(contract.activity_ids)
        signed = contract.message_ids.filtered(
            lambda m: (
                m.subtype_id == self.env.ref("customer_contract.mt_contract_signed")
            )
        )
        self.assertEqual(len(signed), 1)
        self.assertIn("signed online by Brandon Freeman", signed.body)
        self.assertTrue(
            contract.obligation_ids or not contract.type_id.obligation_template_ids
        )
        # The portal page shows both signatures.
        self.authenticate("sign_portal", "sign_portal")
        page = self.url_open(contract.access_url).text
        self.assertIn("Sigmund Signatory", page)
        self.assertNotIn("modalcontractsign", page)

    def test_company_first_contract(self):
        self.company.contract_sign_order = "company_first"
        contract = self._ready_contract()
        self.assertFalse(contract.with_user(self.contract_user).sign_can_send)
        self.assertHeader(
            contract, self.contract_signatory, "action_open_company_sign_wizard"
        )
        with self.assertRefused(UserError, "The company signs first"):
            contract.with_user(self.contract_user).action_send_for_signature()
        self._company_sign(contract)
        self.assertRecordValues(
            contract,
            [
                {
                    "state": "negotiation",
                    "sign_request_state": "none",
                    "company_signatory_id": self.contract_signatory.id,
                }
            ],
        )
        self.assertHeader(contract, self.contract_user, "action_send_for_signature")
        # Signed by one party: the terms are locked.
        with self.assertRefused(UserError, "out for signature"):
            contract.with_user(self.contract_user).name = "Other terms"
        self._send(contract)
        self.assertEqual(contract.sign_request_state, "customer")
        # Signed by the holder of the link, nobody logged in.
        result = self._accept(contract, token=contract.access_token, name="B. Freeman")
        self.assertNotIn("error", result)
        self.assertRecordValues(
            contract,
            [
                {
                    "state": "signed",
                    "sign_request_state": "signed",
                    "signed_by": "B. Freeman",
                    "customer_sign_partner_id": False,
                    "company_signatory_id": self.contract_signatory.id,
                }
            ],
        )
        self._assert_sealed(contract)

    def test_amendment_customer_first(self):
        contract = self._create_contract(
            date_start=self.today - timedelta(days=30),
            date_end=self.today + timedelta(days=300),
        )
        contract._action_sign(
            "Brandon Freeman",
            self.today,
            self.contract_signatory,
            document=SIGNED_PDF,
        )
        self.assertEqual(contract.state, "active")
        amendment = (
            self.env["customer.contract.amendment"]
            .with_user(self.contract_user)
            .create(
                {
                    "contract_id": contract.id,
                    "reason": "A second year",
                    "date_end": self.today + timedelta(days=700),
                }
            )
        )
        self.assertHeader(amendment, self.contract_user, "action_send_for_signature")
        message = self._send(amendment)
        self.assertEqual(amendment.sign_request_state, "customer")
        page_url = f"{contract.access_url}/amendments/{amendment.id}"
        self.assertIn(page_url, message.body)
        self.assertIn(f"access_token={contract.access_token}", message.body)
        self.assertEqual(len(message.attachment_ids), 1)
        # The customer's page of the amendment offers the signature; its PDF
        # stays reachable.
        self.authenticate("sign_portal", "sign_portal")
        page = self.url_open(page_url)
        self.assertEqual(page.status_code, 200)
        self.assertIn("modalcontractsign", page.text)
        self.assertIn("A second year", page.text)
        report = self.url_open(f"{page_url}?report_type=html")
        self.assertEqual(report.status_code, 200)
        result = self._accept(amendment, "sign_portal")
        self.assertNotIn("error", result)
        self.assertEqual(amendment.sign_request_state, "company")
        self.assertEqual(amendment.state, "draft")
        self._company_sign(amendment)
        self.assertRecordValues(
            amendment,
            [{"state": "signed", "sign_request_state": "signed"}],
        )
        self._assert_sealed(amendment)
        # Applied as any signed amendment.
        amendment.with_user(self.contract_user).action_apply()
        self.assertEqual(amendment.state, "applied")
        self.assertEqual(contract.version_number, 2)
        self.assertEqual(contract.date_end, self.today + timedelta(days=700))

    @mute_logger("odoo.addons.base.models.ir_rule", "odoo.http")
    def test_amendment_declined(self):
        contract = self._create_contract(
            date_start=self.today - timedelta(days=30),
            date_end=self.today + timedelta(days=300),
        )
        contract._action_sign(
            "Brandon Freeman", self.today, self.contract_signatory, document=SIGNED_PDF
        )
        amendment = (
            self.env["customer.contract.amendment"]
            .with_user(self.contract_user)
            .create({"contract_id": contract.id, "reason": "Price rise"})
        )
        amendment.line_ids.price_unit = 150.0
        self._send(amendment)
        page_url = f"{contract.access_url}/amendments/{amendment.id}"
        # Another customer's portal user reaches neither the page nor the
        # routes of the amendment.
        self.authenticate("sign_other_portal", "sign_other_portal")
        response = self.url_open(page_url, allow_redirects=False)
        self.assertTrue(response.headers["Location"].endswith("/my"))
        result = self._accept(amendment, "sign_other_portal")
        self.assertRegex(result["error"], "not available to you")
        response = self._post(
            f"{page_url}/decline", "sign_other_portal", decline_reason="No"
        )
        self.assertTrue(response.headers["Location"].endswith("/my"))
        amendment.invalidate_recordset()
        self.assertEqual(amendment.sign_request_state, "customer")
        # The customer declines: back to draft, and to the contract's page.
        response = self._post(
            f"{page_url}/decline", "sign_portal", decline_reason="Too expensive"
        )
        location = response.headers["Location"]
        self.assertIn(f"{contract.access_url}?", location)
        self.assertIn("message=declined", location)
        amendment.invalidate_recordset()
        self.assertRecordValues(
            amendment,
            [
                {
                    "state": "draft",
                    "sign_request_state": "declined",
                    "sign_decline_reason": "Too expensive",
                }
            ],
        )
        self.assertIn("Too expensive", amendment.activity_ids.note)
        # No longer on the portal; its terms can be edited again.
        page = self.url_open(contract.access_url).text
        self.assertNotIn("Price rise", page)
        amendment.with_user(self.contract_user).line_ids.price_unit = 120.0

    # ------------------------------------------------------------------
    # Refusals: nothing changes
    # ------------------------------------------------------------------
    @mute_logger("odoo.addons.base.models.ir_rule", "odoo.http")
    def test_portal_refusals(self):
        contract = self._ready_contract()
        self._send(contract)
        before = self._sign_fields(contract)
        token = contract.access_token
        refusals = [
            ("sign_other_portal", None, "Brandon", "not available to you"),
            (None, "wrong-token", "Brandon", "not available to you"),
            (None, None, "Brandon", "not available to you"),
            ("sign_portal", None, "   ", "Enter your name"),
        ]
        for login, access_token, name, message in refusals:
            result = self._accept(contract, login, token=access_token, name=name)
            self.assertRegex(result.get("error", ""), message, (login, access_token))
            contract.invalidate_recordset()
            self.assertEqual(self._sign_fields(contract), before)
        # An empty or broken signature.
        self.authenticate("sign_portal", "sign_portal")
        for signature, message in (
            ("", "Draw or type"),
            ("bm90IGFuIGltYWdl", "valid image"),
        ):
            result = self.make_jsonrpc_request(
                self._accept_url(contract),
                {"name": "Brandon", "signature": signature, "access_token": token},
            )
            self.assertRegex(result["error"], message)
        contract.invalidate_recordset()
        self.assertEqual(self._sign_fields(contract), before)
        # The deadline passed.
        with contract._workflow():
            contract.sign_request_deadline = self.today - timedelta(days=1)
        result = self._accept(contract, "sign_portal")
        self.assertRegex(result["error"], "expired on")
        contract.invalidate_recordset()
        self.assertFalse(contract.signed_by)
        with contract._workflow():
            contract.sign_request_deadline = self.today
        # Signing twice.
        self.assertNotIn("error", self._accept(contract, "sign_portal"))
        signed_on = contract.customer_signed_on
        result = self._accept(contract, "sign_portal", name="Somebody Else")
        self.assertRegex(result["error"], "already signed on your side")
        contract.invalidate_recordset()
        self.assertEqual(contract.signed_by, "Brandon Freeman")
        self.assertEqual(contract.customer_signed_on, signed_on)

    @mute_logger("odoo.http")
    def test_not_sent_refused(self):
        draft = self._create_contract()
        draft._portal_ensure_token()
        result = self._accept(draft, token=draft.access_token)
        self.assertRegex(result["error"], "has not been sent to you for signature")
        self.assertEqual(draft.sign_request_state, "none")
        self.assertFalse(draft.signed_by)
        with self.assertRefused(UserError, "only a document ready for signature"):
            draft.with_user(self.contract_user).action_send_for_signature()
        with self.assertRefused(UserError, 'is Draft: "Send by Email" is not possible'):
            draft.with_user(self.contract_user).action_send_email()
        incomplete = self._ready_contract(signatory_id=False)
        with self.assertRefused(UserError, "needs a customer signatory"):
            incomplete.with_user(self.contract_user).action_send_for_signature()
        self.assertEqual(incomplete.sign_request_state, "none")

    # ------------------------------------------------------------------
    # Decline, request changes
    # ------------------------------------------------------------------
    @mute_logger("odoo.addons.base.models.ir_rule", "odoo.http")
    def test_decline_then_sign_refused(self):
        contract = self._ready_contract()
        self._send(contract)
        url = f"{contract.access_url}/decline"
        # Another customer, or no reason: nothing changes.
        response = self._post(url, "sign_other_portal", decline_reason="No")
        self.assertTrue(response.headers["Location"].endswith("/my"))
        response = self._post(url, "sign_portal", decline_reason="  ")
        self.assertIn("message=cant_answer", response.headers["Location"])
        contract.invalidate_recordset()
        self.assertEqual(contract.sign_request_state, "customer")

        response = self._post(
            url, "sign_portal", decline_reason="The price is too high"
        )
        self.assertIn("message=declined", response.headers["Location"])
        contract.invalidate_recordset()
        self.assertRecordValues(
            contract,
            [
                {
                    "state": "negotiation",
                    "sign_request_state": "declined",
                    "sign_decline_reason": "The price is too high",
                }
            ],
        )
        comment = contract.message_ids.filtered(
            lambda m: "The price is too high" in (m.body or "")
        )
        self.assertEqual(comment.author_id, self.signatory)
        activity = contract.activity_ids
        self.assertEqual(activity.user_id, self.contract_user)
        self.assertIn("The price is too high", activity.note)
        # Declined: no signature any more, until sent again.
        result = self._accept(contract, "sign_portal")
        self.assertRegex(result["error"], "You declined")
        self.assertFalse(contract.signed_by)
        # The terms can be edited and the contract sent again.
        contract.with_user(self.contract_user).name = "Lower price"
        self.assertHeader(contract, self.contract_user, "action_send_for_signature")
        self._send(contract)
        self.assertEqual(contract.sign_request_state, "customer")
        self.assertFalse(contract.sign_decline_reason)

    @mute_logger("odoo.http")
    def test_request_changes(self):
        contract = self._ready_contract()
        self._send(contract)
        response = self._post(
            f"{contract.access_url}/request_changes",
            access_token=contract.access_token,
            message="Please add a second site",
        )
        self.assertIn("message=changes_requested", response.headers["Location"])
        contract.invalidate_recordset()
        self.assertRecordValues(
            contract, [{"state": "negotiation", "sign_request_state": "none"}]
        )
        self.assertIn("Please add a second site", contract.activity_ids.note)
        self.assertEqual(contract.activity_ids.summary, "Changes requested")
        self.assertTrue(
            contract.message_ids.filtered(
                lambda m: "Please add a second site" in (m.body or "")
            )
        )


@tagged("post_install", "-at_install")
class TestSignOnlineCompany(SignOnlineCommon):
    """The company's side, and the server's checks whatever the path."""

    def _customer_signs(self, document):
        document.sudo()._action_customer_sign(
            "Brandon Freeman", SIGNATURE, ip_address="10.0.0.1", user_agent="Tests"
        )

    def _sent_contract(self):
        contract = self._ready_contract()
        contract.with_user(self.contract_user)._action_request_signature()
        return contract

    def test_countersign_refusals(self):
        contract = self._sent_contract()
        # Not yet signed by the customer.
        with self.assertRefused(UserError, "not awaiting the company's signature"):
            contract.with_user(self.contract_signatory)._action_company_sign(SIGNATURE)
        self._customer_signs(contract)
        before = self._sign_fields(contract)
        # A contract user without the group.
        with self.assertRefused(AccessError, "only a Contract Signatory"):
            contract.with_user(self.contract_user).action_open_company_sign_wizard()
        with self.assertRefused(AccessError, "only a Contract Signatory"):
            contract.with_user(self.contract_user)._action_company_sign(SIGNATURE)
        # A signatory whose limit (100) is below the contract's 200.
        self.assertEqual(contract.amount_total, 200.0)
        with self.assertRefused(UserError, "above the signature limit of Lim Ited"):
            contract.with_user(self.limited_signatory)._action_company_sign(SIGNATURE)
        # No signature drawn.
        with self.assertRefused(UserError, "Draw or type"):
            contract.with_user(self.contract_signatory)._action_company_sign(False)
        contract.invalidate_recordset()
        self.assertEqual(self._sign_fields(contract), before)
        self.assertFalse(contract.company_signature)
        # Within the limit, the limited signatory signs.
        self.limited_signatory.contract_sign_limit = 200.0
        contract.with_user(self.limited_signatory)._action_company_sign(SIGNATURE)
        self.assertEqual(contract.state, "signed")
        self.assertEqual(contract.company_signatory_id, self.limited_signatory)

    def test_limit_is_for_administrators(self):
        with self.assertRaises(AccessError):
            self.limited_signatory.with_user(self.limited_signatory).write(
                {"contract_sign_limit": 0.0}
            )
        self.assertEqual(self.limited_signatory.contract_sign_limit, 100.0)

    def test_fields_are_workflow_owned(self):
        contract = self._sent_contract()
        for vals in (
            {"sign_request_state": "signed"},
            {"customer_signature": SIGNATURE},
            {"company_signed_on": fields.Datetime.now()},
            {"sign_decline_reason": "x"},
        ):
            with self.assertRefused(UserError, "set by the workflow only"):
                contract.with_user(self.contract_user).write(vals)
        self.assertEqual(contract.sign_request_state, "customer")

    def test_paper_signature_needs_document_and_signatory(self):
        contract = self._ready_contract()
        contract = contract.with_user(self.contract_user)
        with self.assertRefused(UserError, "Attach the scanned signed document"):
            contract._action_sign("Brandon", self.today, self.contract_signatory)
        with self.assertRefused(AccessError, "only a Contract Signatory"):
            contract._action_sign(
                "Brandon", self.today, self.contract_user, document=SIGNED_PDF
            )
        with self.assertRefused(UserError, "above the signature limit"):
            contract._action_sign(
                "Brandon", self.today, self.limited_signatory, document=SIGNED_PDF
            )
        self.assertEqual(contract.state, "negotiation")
        self.assertFalse(contract.signed_by)
        # Signed online by one party: not on paper.
        contract._action_request_signature()
        self._customer_signs(contract)
        self.assertFalse(contract.sign_can_mark_signed)
        with self.assertRefused(UserError, "being signed online"):
            contract._action_sign(
                "Brandon", self.today, self.contract_signatory, document=SIGNED_PDF
            )
        self.assertEqual(contract.state, "negotiation")

    def test_cancel_request_voids_signatures(self):
        contract = self._sent_contract()
        self._customer_signs(contract)
        contract.with_user(self.contract_user).action_cancel_sign_request()
        self.assertRecordValues(
            contract,
            [
                {
                    "sign_request_state": "none",
                    "customer_signed_on": False,
                    "customer_signature": False,
                }
            ],
        )
        self.assertFalse(contract.activity_ids)
        contract.with_user(self.contract_user).name = "Edited terms"

    def test_mail_not_sent_no_request(self):
        """Only the mail sent marks the request: opening the composer and
        posting without the key changes nothing."""
        contract = self._ready_contract()
        contract.with_user(self.contract_user).action_send_for_signature()
        self.assertEqual(contract.sign_request_state, "none")
        contract.with_user(self.contract_user).message_post(body="Hello")
        self.assertEqual(contract.sign_request_state, "none")
        # A portal user posting with the key is ignored.
        contract.with_user(self.portal_user).sudo().with_context(
            customer_contract_mark_sign_requested=True
        ).message_post(body="Hi")
        self.assertEqual(contract.sign_request_state, "none")

    def test_headers_per_request_state(self):
        contract = self._ready_contract()
        user = self.contract_user
        self.assertHeader(contract, user, "action_send_for_signature")
        contract.with_user(user)._action_request_signature()
        names = self.assertHeader(contract, user, None)
        self.assertIn("action_cancel_sign_request", names)
        self.assertNotIn("action_back_to_draft", names)
        self._customer_signs(contract)
        self.assertHeader(contract, user, None)
        self.assertHeader(
            contract, self.contract_signatory, "action_open_company_sign_wizard"
        )
        self._company_sign(contract)
        self.assertHeader(contract, user, None)
        # Not ready: the terms are sent by email to be discussed.
        incomplete = self._ready_contract(signatory_id=False)
        names = self.assertHeader(incomplete, user, None)
        self.assertIn("action_send_email", names)
        self.assertNotIn("action_send_for_signature", names)
