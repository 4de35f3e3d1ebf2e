# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
import io
import re
from datetime import datetime
from hashlib import sha256
from unittest.mock import patch

from PIL import Image

from odoo import SUPERUSER_ID, Command, fields
from odoo.exceptions import UserError
from odoo.tests import HttpCase, freeze_time, new_test_user, tagged
from odoo.tools import mute_logger
from odoo.tools.pdf import PdfFileReader

from odoo.addons.customer_contract.models import customer_contract_signature_seal

from .access_common import JsonRpcProbeMixin
from .test_contract_amendment import AmendmentCommon

SEAL_MODULE = "odoo.addons.customer_contract.models.customer_contract_signature_seal"
HASH_RE = re.compile(r"\b[0-9a-f]{64}\b")


def _signature_png(color):
    image = Image.new("RGB", (120, 40), color)
    stream = io.BytesIO()
    image.save(stream, format="PNG")
    return base64.b64encode(stream.getvalue())


class SignatureSealCommon(AmendmentCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.contract_sign_reminder_days = 3
        cls.portal_user = new_test_user(
            cls.env,
            login="seal_portal",
            password="seal_portal",
            name="Brandon Freeman",
            groups="base.group_portal",
            partner_id=cls.signatory.id,
        )
        cls.signatory.tz = "Europe/Brussels"

    def _sign_online(self, document, customer_on="2026-12-02 09:15:00"):
        """Both parties sign ``document`` online, as the signature flow
        records it (the seal is called separately)."""
        to_sign = document.state in ("draft", "negotiation")
        with document._workflow():
            document.write(
                {
                    "company_signatory_id": self.contract_manager.id,
                    "sign_request_state": "signed",
                    "sign_requested_on": "2026-12-01 08:00:00",
                    "sign_request_deadline": "2026-12-31",
                    "customer_signature": _signature_png("blue"),
                    "customer_signed_on": customer_on,
                    "customer_sign_ip": "203.0.113.7",
                    "customer_sign_user_agent": "Mozilla/5.0 (X11) Firefox/140.0",
                    "customer_sign_partner_id": self.signatory.id,
                    "company_signature": _signature_png("black"),
                    "company_signed_on": "2026-12-02 10:30:00",
                    "company_sign_ip": "198.51.100.20",
                    "company_sign_user_agent": "Mozilla/5.0 (Windows) Chrome/141.0",
                }
            )
        if to_sign:
            # What the signature flow does once both parties signed, the
            # seal left out (the tests call it).
            document._record_signature(
                "Brandon Freeman",
                fields.Date.to_date("2026-12-02"),
                self.contract_manager,
                online=True,
            )
        return document

    def _messages_with_attachment(self, document):
        return document.message_ids.filtered("attachment_ids")


@tagged("post_install", "-at_install")
class TestSignatureSeal(SignatureSealCommon):
    @freeze_time("2026-12-02 11:00:00")
    def test_seal_once(self):
        contract = self._sign_online(self._create_contract())
        self.assertFalse(contract.signed_attachment_id)
        # The company countersigns last: its signatory's call seals.
        contract.with_user(self.contract_manager)._seal_signed_document()
        attachment = contract.signed_attachment_id
        self.assertTrue(attachment)
        self.assertEqual(attachment.name, f"{contract.reference} - signed.pdf")
        self.assertEqual(
            (attachment.res_model, attachment.res_id), (contract._name, contract.id)
        )
        self.assertEqual(
            contract.signed_document_sha256, sha256(attachment.raw).hexdigest()
        )
        posted = self._messages_with_attachment(contract)
        self.assertEqual(len(posted), 1)
        self.assertEqual(posted.attachment_ids, attachment)
        self.assertIn(contract.signed_document_sha256, str(posted.body))

        # Tests render HTML (no forced PDF here): body, then certificate.
        content = attachment.raw.decode()
        body, certificate = content.split("Certificate of Signature", 1)
        signatures = body.split('name="signatures"', 1)[1]
        self.assertIn("Brandon Freeman", signatures)
        self.assertIn("Manny Manager", signatures)
        self.assertIn('name="customer_signature"', signatures)
        self.assertIn('name="company_signature"', signatures)
        # Date and time in the reader's time zone (Brussels: UTC+1).
        self.assertIn("10:15:00", signatures)
        self.assertIn("Europe/Brussels", signatures)
        for expected in (
            contract.reference,
            contract.name,
            "Version 1",
            "203.0.113.7",
            "Firefox/140.0",
            "198.51.100.20",
            "Chrome/141.0",
            "11:30:00",
            "Signature requested",
            "12/01/2026",
        ):
            self.assertIn(expected, certificate)
        body_hash = HASH_RE.search(certificate.split('name="body_sha256"', 1)[1])
        self.assertTrue(body_hash)
        self.assertNotEqual(body_hash.group(), contract.signed_document_sha256)

        # Never rendered again.
        with patch.object(
            type(contract), "_seal_render", side_effect=AssertionError("rendered")
        ):
            contract._seal_signed_document()
        self.assertEqual(contract.signed_attachment_id, attachment)
        self.assertEqual(len(self._messages_with_attachment(contract)), 1)

    @freeze_time("2026-12-02 11:00:00")
    def test_certificate_names_who_sent_the_request(self):
        contract = self._create_contract()
        self._sign(contract, when="2026-12-02")
        # Sent by the contract user: the chatter tracks the change of state
        # (written here as the tracking writes it when the request is sent).
        with contract._workflow():
            contract.write(
                {
                    "sign_request_state": "customer",
                    "sign_requested_on": "2026-12-01 08:00:00",
                }
            )
        field = self.env["ir.model.fields"]._get(contract._name, "sign_request_state")
        contract.sudo()._message_log(
            author_id=self.contract_user.partner_id.id,
            tracking_value_ids=[
                Command.create(
                    {
                        "field_id": field.id,
                        "old_value_char": "Not Sent",
                        "new_value_char": "Awaiting the Customer",
                    }
                )
            ],
        )
        self.assertEqual(
            contract.sudo()._seal_get_request_sender(), self.contract_user.partner_id
        )
        self._sign_online(contract)
        contract._seal_signed_document()
        certificate = contract.signed_attachment_id.raw.decode().split(
            "Certificate of Signature", 1
        )[1]
        request = certificate.split('name="certificate_request"', 1)[1]
        self.assertIn("by Connie Contract", request.split("</tr>", 1)[0])

    @freeze_time("2026-12-02 11:00:00")
    def test_seal_when_the_customer_signs_last_on_the_portal(self):
        contract = self._sign_online(self._create_contract())
        # The portal route works on the contract in sudo, as the customer.
        contract.with_user(self.portal_user).sudo()._seal_signed_document()
        self.assertTrue(contract.signed_document_sha256)
        posted = self._messages_with_attachment(contract)
        self.assertEqual(posted.attachment_ids, contract.signed_attachment_id)

    @freeze_time("2026-12-02 11:00:00")
    def test_seal_amendment(self):
        contract = self._create_contract()
        self._sign(contract, when="2026-11-20")
        amendment = self._amend(contract, date_end="2028-06-30")
        self._sign_online(amendment)
        amendment._seal_signed_document()
        attachment = amendment.signed_attachment_id
        self.assertEqual(
            attachment.name, f"{contract.reference} - Amendment 1 - signed.pdf"
        )
        certificate = attachment.raw.decode().split("Certificate of Signature", 1)[1]
        self.assertIn("Amendment No. 1, amending version 1", certificate)
        self.assertEqual(
            amendment.signed_document_sha256, sha256(attachment.raw).hexdigest()
        )
        params = amendment.with_user(
            self.contract_user
        ).action_verify_signed_document()["params"]
        self.assertEqual(params["type"], "success")
        self.assertIn(amendment.display_name, params["message"])

    @freeze_time("2026-12-02 11:00:00")
    def test_no_seal_before_both_signatures(self):
        contract = self._create_contract()
        with contract._workflow():
            contract.write(
                {
                    "sign_request_state": "company",
                    "customer_signed_on": "2026-12-02 09:15:00",
                }
            )
        contract._seal_signed_document()
        self.assertFalse(contract.signed_attachment_id)
        self.assertFalse(contract.signed_document_sha256)

    @freeze_time("2026-12-02 11:00:00")
    def test_seal_failure_keeps_the_signatures(self):
        contract = self._sign_online(self._create_contract())
        cron = self.env.ref(customer_contract_signature_seal.CRON_XMLID)
        triggers = self.env["ir.cron.trigger"].search_count([("cron_id", "=", cron.id)])
        with (
            patch.object(
                type(contract),
                "_seal_render",
                side_effect=UserError("wkhtmltopdf is gone"),
            ),
            mute_logger(SEAL_MODULE),
        ):
            contract.with_user(self.contract_manager)._seal_signed_document()
        self.assertFalse(contract.signed_attachment_id)
        self.assertEqual(contract.sign_request_state, "signed")
        self.assertEqual(contract.customer_sign_ip, "203.0.113.7")
        self.assertFalse(
            self.env["ir.attachment"].search(
                [("res_model", "=", contract._name), ("res_id", "=", contract.id)]
            )
        )
        self.assertIn("could not be made", contract.message_ids[0].body)
        self.assertEqual(
            self.env["ir.cron.trigger"].search_count([("cron_id", "=", cron.id)]),
            triggers + 1,
        )
        # The scheduled action seals it.
        with self.enter_registry_test_mode():
            cron.method_direct_trigger()
        contract.invalidate_recordset()
        self.assertTrue(contract.signed_document_sha256)
        self.assertEqual(
            contract.signed_document_sha256,
            sha256(contract.signed_attachment_id.raw).hexdigest(),
        )

    @freeze_time("2026-12-02 11:00:00")
    def test_report_signature_block(self):
        contract = self._sign_online(self._create_contract())
        html = (
            self.env["ir.actions.report"]
            .with_user(self.contract_user)
            ._render_qweb_html(
                "customer_contract.customer_contract_report_action", contract.ids
            )[0]
            .decode()
        )
        signatures = html.split('name="signatures"', 1)[1]
        self.assertIn('name="customer_signature"', signatures)
        self.assertIn("data:image/png;base64,", signatures)
        self.assertIn("10:15:00", signatures)
        # Signed on paper: names and date, no drawn signature.
        paper = self._create_contract()
        self._sign(paper, when="2026-12-02")
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html(
                "customer_contract.customer_contract_report_action", paper.ids
            )[0]
            .decode()
        )
        signatures = html.split('name="signatures"', 1)[1]
        self.assertNotIn('name="customer_signature"', signatures)
        self.assertIn("12/02/2026", signatures)


@tagged("post_install", "-at_install")
class TestSignatureVerify(SignatureSealCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with freeze_time("2026-12-02 11:00:00"):
            cls.contract = cls._create_contract()
            cls.contract._record_signature(
                "Brandon Freeman",
                fields.Date.to_date("2026-12-02"),
                cls.contract_signatory,
                online=True,
            )

    def setUp(self):
        super().setUp()
        with freeze_time("2026-12-02 11:00:00"):
            with self.contract._workflow():
                self.contract.write(
                    {
                        "sign_request_state": "signed",
                        "customer_signed_on": "2026-12-02 09:15:00",
                        "company_signed_on": "2026-12-02 10:30:00",
                    }
                )
            self.contract._seal_signed_document()
        self.attachment = self.contract.signed_attachment_id

    def _verify(self, user=None):
        contract = self.contract.with_user(user or self.contract_user)
        action = contract.action_verify_signed_document()
        return action["params"]

    def test_verify_intact(self):
        params = self._verify()
        self.assertEqual(params["type"], "success")
        self.assertIn("is intact", params["message"])
        self.assertIn(self.contract.display_name, params["message"])
        self.assertIn(self.contract.signed_document_sha256, params["message"])
        self.assertIn("is intact", self.contract.message_ids[0].body)
        self.assertEqual(
            self.contract.message_ids[0].author_id, self.contract_user.partner_id
        )

    def test_verify_altered(self):
        # Behind the scenes, as the superuser (a shell, the database).
        attachment = self.env["ir.attachment"].browse(self.attachment.id)
        self.assertEqual(attachment.env.uid, SUPERUSER_ID)
        attachment.write({"raw": attachment.raw + b"<p>one more</p>"})
        params = self._verify()
        self.assertEqual(params["type"], "danger")
        self.assertIn("has been altered", params["message"])
        self.assertIn(self.contract.signed_document_sha256, params["message"])
        self.assertIn("has been altered", self.contract.message_ids[0].body)

    def test_verify_button(self):
        node = self._visible_nodes(
            self.contract,
            self.contract_user,
            "//button[@name='action_verify_signed_document']/..",
        )
        self.assertEqual(len(node), 1)
        unsealed = self._create_contract()
        self.assertFalse(
            self._visible_nodes(
                unsealed,
                self.contract_user,
                "//button[@name='action_verify_signed_document']/..",
            )
        )
        with self.assertRefused(UserError, "no sealed document"):
            unsealed.with_user(self.contract_user).action_verify_signed_document()

    def test_sealed_attachment_cannot_be_changed(self):
        raw, name = self.attachment.raw, self.attachment.name
        for user in (self.contract_user, self.contract_manager):
            for attachment in (
                self.attachment.with_user(user),
                self.attachment.with_user(user).sudo(),
            ):
                for vals in (
                    {"raw": b"%PDF-1.4 forged"},
                    {"datas": base64.b64encode(b"forged")},
                    {"name": "forged.pdf"},
                    {"res_id": self._create_contract().id},
                ):
                    with self.assertRefused(UserError, "sealed document"):
                        attachment.write(vals)
                with self.assertRefused(UserError, "sealed document"):
                    attachment.unlink()
        self.attachment.invalidate_recordset()
        self.assertEqual((self.attachment.raw, self.attachment.name), (raw, name))
        # Writing it as it is (e.g. the file store moving it) changes nothing.
        self.attachment.with_user(self.contract_manager).sudo().write(
            {"raw": raw, "mimetype": self.attachment.mimetype}
        )
        # Nor can the contract point to another file.
        forged = self.env["ir.attachment"].create(
            {"name": "forged.pdf", "raw": b"forged"}
        )
        with self.assertRefused(UserError, "set by the workflow"):
            self.contract.with_user(self.contract_manager).write(
                {"signed_attachment_id": forged.id}
            )
        with self.assertRefused(UserError, "set by the workflow"):
            self.contract.with_user(self.contract_manager).write(
                {"signed_document_sha256": sha256(b"forged").hexdigest()}
            )
        self.assertEqual(self.contract.signed_attachment_id, self.attachment)


@tagged("post_install", "-at_install")
class TestSignatureRequestCron(SignatureSealCommon):
    def _request(self, document, state="customer", **values):
        vals = {
            "sign_request_state": state,
            "sign_requested_on": "2026-12-01 10:00:00",
            "sign_request_deadline": "2026-12-20",
        }
        vals.update(values)
        with document._workflow():
            document.write(vals)
        return document

    def _run_cron(self, *documents):
        cron = self.env.ref(customer_contract_signature_seal.CRON_XMLID)
        with self.enter_registry_test_mode():
            cron.method_direct_trigger()
        for document in documents:
            document.invalidate_recordset()

    def _reminders(self, document):
        return self.env["mail.mail"].search(
            [("model", "=", document._name), ("res_id", "=", document.id)]
        )

    def test_reminders_follow_the_cadence(self):
        contract = self._request(self._create_contract())
        with freeze_time("2026-12-03 02:00:00"):
            self._run_cron(contract)
        self.assertFalse(self._reminders(contract))
        with freeze_time("2026-12-04 02:00:00"):
            self._run_cron(contract)
            self._run_cron(contract)
        mails = self._reminders(contract)
        self.assertEqual(len(mails), 1)
        self.assertEqual(contract.sign_reminder_count, 1)
        self.assertEqual(contract.sign_last_reminder_on, datetime(2026, 12, 4, 2))
        self.assertEqual(mails.recipient_ids, self.signatory)
        self.assertIn(contract.reference, mails.subject)
        self.assertIn(f"/my/contracts/{contract.id}?access_token=", mails.body_html)
        with freeze_time("2026-12-06 02:00:00"):
            self._run_cron(contract)
        self.assertEqual(len(self._reminders(contract)), 1)
        with freeze_time("2026-12-07 02:00:00"):
            self._run_cron(contract)
        self.assertEqual(len(self._reminders(contract)), 2)
        # Late by two steps (12/10 and 12/13): one reminder, not two.
        with freeze_time("2026-12-13 02:00:00"):
            self._run_cron(contract)
            self._run_cron(contract)
        self.assertEqual(len(self._reminders(contract)), 3)
        self.assertEqual(contract.sign_reminder_count, 3)
        with freeze_time("2026-12-15 02:00:00"):
            self._run_cron(contract)
        self.assertEqual(len(self._reminders(contract)), 3)

    def test_expiry(self):
        contract = self._request(self._create_contract())
        awaiting_company = self._request(self._create_contract(), state="company")
        with freeze_time("2026-12-20 02:00:00"):
            self._run_cron(contract, awaiting_company)
        self.assertEqual(contract.sign_request_state, "customer")
        reminders = len(self._reminders(contract))
        with freeze_time("2026-12-21 02:00:00"):
            self._run_cron(contract, awaiting_company)
            self._run_cron(contract, awaiting_company)
        for document in (contract, awaiting_company):
            self.assertEqual(document.sign_request_state, "expired")
            activities = document.activity_ids
            self.assertEqual(len(activities), 1)
            self.assertEqual(activities.user_id, self.contract_user)
            self.assertEqual(
                activities.summary, "Signature request expired: send it again"
            )
            expired = document.message_ids.filtered(
                lambda m: "expired on 12/21/2026" in (m.body or "")
            )
            self.assertEqual(len(expired), 1)
        self.assertEqual(len(self._reminders(contract)), reminders)
        with freeze_time("2026-12-25 02:00:00"):
            self._run_cron(contract)
        self.assertEqual(len(self._reminders(contract)), reminders)

    def test_nothing_for_documents_not_awaiting_the_customer(self):
        documents = self.env["customer.contract"]
        for state in ("none", "signed", "declined", "company"):
            documents |= self._request(
                self._create_contract(),
                state=state,
                sign_request_deadline="2027-06-30",
            )
        with freeze_time("2026-12-10 02:00:00"):
            self._run_cron(*documents)
        for document in documents:
            self.assertFalse(self._reminders(document))
            self.assertFalse(document.activity_ids)
            self.assertEqual(document.sign_reminder_count, 0)

    def test_no_reminder_without_cadence(self):
        self.company.contract_sign_reminder_days = 0
        contract = self._request(self._create_contract())
        with freeze_time("2026-12-10 02:00:00"):
            self._run_cron(contract)
        self.assertFalse(self._reminders(contract))

    def _queries(self, method, documents, when):
        documents = documents.with_user(self.env.ref("base.user_root"))
        self.env.flush_all()
        self.env.invalidate_all()
        with freeze_time(when):
            before = self.env.cr.sql_log_count
            getattr(documents, method)()
            self.env.flush_all()
            return self.env.cr.sql_log_count - before

    def test_cron_steps_cost_the_same_for_more_documents(self):
        """A batch of reminders or expiries costs a constant number of
        queries, whatever its size (one mail rendering, one write, one
        chatter log and one activity creation per batch)."""
        counts = {}
        for size in (1, 2, 6):
            batch = self.env["customer.contract"]
            for _i in range(size):
                batch |= self._request(self._create_contract())
            counts[size] = (
                self._queries("_sign_request_remind", batch, "2026-12-04 02:00:00"),
                self._queries("_sign_request_expire", batch, "2026-12-21 02:00:00"),
            )
            self.assertEqual(batch.mapped("sign_request_state"), ["expired"] * size)
        self.assertLessEqual(counts[6][0], counts[2][0], counts)
        self.assertLessEqual(counts[6][1], counts[2][1], counts)

    def test_amendment_reminder(self):
        contract = self._create_contract()
        self._sign(contract, when="2026-11-20")
        amendment = self._request(self._amend(contract, date_end="2028-06-30"))
        with freeze_time("2026-12-04 02:00:00"):
            self._run_cron(amendment)
        mails = self._reminders(amendment)
        self.assertEqual(len(mails), 1)
        self.assertIn("amendment 1", mails.subject)
        # The link opens the amendment's own page, where the customer signs.
        self.assertIn(
            f"/my/contracts/{contract.id}/amendments/{amendment.id}?access_token=",
            mails.body_html,
        )
        self.assertEqual(amendment.sign_reminder_count, 1)


@tagged("post_install", "-at_install")
class TestSealedPdf(HttpCase, SignatureSealCommon):
    """Real PDFs (wkhtmltopdf), as in production: an ``HttpCase``, whose
    server shares the test's transaction, serves wkhtmltopdf the
    stylesheets of the reports."""

    def _pdf_text(self, content):
        reader = PdfFileReader(io.BytesIO(content))
        return [page.extract_text() for page in reader.pages]

    def test_sealed_pdf(self):
        contract = self._sign_online(self._create_contract())
        merged = []
        merge_pdf = customer_contract_signature_seal.merge_pdf

        def spy(documents):
            merged.append(documents)
            return merge_pdf(documents)

        with patch(f"{SEAL_MODULE}.merge_pdf", side_effect=spy):
            contract.with_context(force_report_rendering=True)._seal_signed_document()
        content = contract.signed_attachment_id.raw
        self.assertTrue(content.startswith(b"%PDF"))
        self.assertEqual(contract.signed_attachment_id.mimetype, "application/pdf")
        self.assertEqual(contract.signed_document_sha256, sha256(content).hexdigest())
        body, certificate = merged[0]
        self.assertTrue(body.startswith(b"%PDF"))
        self.assertTrue(certificate.startswith(b"%PDF"))
        pages = self._pdf_text(content)
        self.assertEqual(len(pages), len(self._pdf_text(body)) + 1)
        # The text of the report's web font is drawn as outlines by
        # wkhtmltopdf; the identifiers of the certificate, in the system's
        # monospace font, are text.
        last = re.sub(r"\s+", "", pages[-1])
        self.assertIn(contract.reference, last)
        self.assertIn(sha256(body).hexdigest(), last)
        self.assertNotIn(contract.signed_document_sha256, last)

    def test_sealed_pdf_while_modules_install(self):
        """Sealed while modules are installed (e.g. the demo data), when no
        web server serves the stylesheets: they are inlined, and
        wkhtmltopdf has nothing to fetch (no warning)."""
        contract = self._sign_online(self._create_contract())
        with (
            patch.object(self.env.registry, "ready", False),
            self.assertNoLogs("odoo.addons.base.models.ir_actions_report", "WARNING"),
        ):
            contract.with_context(force_report_rendering=True)._seal_signed_document()
        content = contract.signed_attachment_id.raw
        self.assertTrue(content.startswith(b"%PDF"))
        pages = [re.sub(r"\s+", "", text) for text in self._pdf_text(content)]
        # In the system's fonts, the whole text is text.
        self.assertIn(contract.reference, pages[0])
        self.assertIn("CertificateofSignature", pages[-1])

    def test_every_report_prints_as_pdf(self):
        contract = self._create_contract()
        self._sign(contract, when="2026-11-20")
        amendment = self._amend(contract, date_end="2028-06-30")
        self._sign_amendment(amendment, when="2026-12-01")
        self._apply(amendment)
        self.assertTrue(contract.version_ids)
        reports = self.env["ir.actions.report"].with_context(
            force_report_rendering=True
        )
        for xmlid, records in (
            ("customer_contract.customer_contract_report_action", contract),
            ("customer_contract.customer_contract_amendment_report_action", amendment),
            (
                "customer_contract.customer_contract_version_report_action",
                contract.version_ids,
            ),
            ("customer_contract.customer_contract_compliance_report_action", contract),
            ("customer_contract.customer_contract_certificate_report_action", contract),
            (
                "customer_contract.customer_contract_amendment_certificate_report_action",
                amendment,
            ),
        ):
            with self.subTest(report=xmlid):
                content, report_type = reports._render_qweb_pdf(xmlid, records.ids)
                self.assertEqual(report_type, "pdf")
                self.assertTrue(content.startswith(b"%PDF"))
                self.assertGreaterEqual(len(self._pdf_text(content)), 1)


@tagged("post_install", "-at_install")
class TestSealedDocumentPortal(HttpCase, JsonRpcProbeMixin, SignatureSealCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_contact = cls.env["res.partner"].create(
            {"name": "Ready Reader", "parent_id": cls.other_customer.id}
        )
        new_test_user(
            cls.env,
            login="seal_other_portal",
            password="seal_other_portal",
            groups="base.group_portal",
            partner_id=cls.other_contact.id,
        )

    def _get(self, url):
        return self.url_open(url, allow_redirects=False)

    def test_download_sealed_document(self):
        with freeze_time("2026-12-02 11:00:00"):
            contract = self._sign_online(self._create_contract())
            contract._seal_signed_document()
        url = f"/my/contracts/{contract.id}/signed_document"
        self.authenticate("seal_portal", "seal_portal")
        page = self._get(f"/my/contracts/{contract.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn(url, page.text)
        response = self._get(url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.content, contract.signed_attachment_id.raw)
        self.assertIn("attachment", response.headers["Content-Disposition"])

        # Another customer, a visitor without the link: no file.
        self.authenticate("seal_other_portal", "seal_other_portal")
        response = self._get(url)
        self.assertEqual(response.status_code, 303)
        self.assertTrue(response.headers["Location"].endswith("/my"))
        self.authenticate(None, None)
        response = self._get(f"{url}?access_token=wrong")
        self.assertEqual(response.status_code, 303)
        self.assertNotEqual(response.content, contract.signed_attachment_id.raw)
        # The holder of the contract's link gets it.
        contract._portal_ensure_token()
        response = self._get(f"{url}?access_token={contract.access_token}")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.content, contract.signed_attachment_id.raw)

    def test_download_sealed_amendment(self):
        with freeze_time("2026-12-02 11:00:00"):
            contract = self._create_contract()
            self._sign(contract, when="2026-11-20")
            amendment = self._sign_online(self._amend(contract, date_end="2028-06-30"))
            amendment._seal_signed_document()
        url = f"/my/contracts/{contract.id}/amendments/{amendment.id}/signed_document"
        self.authenticate("seal_portal", "seal_portal")
        page = self._get(f"/my/contracts/{contract.id}")
        self.assertIn(url, page.text)
        response = self._get(url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.content, amendment.signed_attachment_id.raw)
        # An amendment of another contract, through this contract: no file.
        other = self._create_contract()
        response = self._get(
            f"/my/contracts/{other.id}/amendments/{amendment.id}/signed_document"
        )
        self.assertEqual(response.status_code, 303)
        self.authenticate("seal_other_portal", "seal_other_portal")
        response = self._get(url)
        self.assertEqual(response.status_code, 303)
        self.assertTrue(response.headers["Location"].endswith("/my"))

    def test_no_download_before_sealing(self):
        contract = self._create_contract()
        self._sign(contract, when="2026-12-02")
        self.authenticate("seal_portal", "seal_portal")
        page = self._get(f"/my/contracts/{contract.id}")
        self.assertNotIn("signed_document", page.text)
        response = self._get(f"/my/contracts/{contract.id}/signed_document")
        self.assertEqual(response.status_code, 303)
        self.assertTrue(
            response.headers["Location"].endswith(f"/my/contracts/{contract.id}")
        )

    def test_sealed_document_over_json_rpc(self):
        """A contract manager, as the web client and external clients do,
        can neither change nor delete the sealed document, nor repoint the
        contract to another file; Verify answers."""
        with freeze_time("2026-12-02 11:00:00"):
            contract = self._sign_online(self._create_contract())
            contract._seal_signed_document()
        attachment = contract.signed_attachment_id
        raw = attachment.raw
        self.contract_manager.password = "seal_manager"
        self.authenticate(self.contract_manager.login, "seal_manager")
        with mute_logger("odoo.http"):
            self._assert_rpc_refusals(contract, attachment)
        attachment.invalidate_recordset()
        self.assertEqual(attachment.raw, raw)
        result = self.call_kw(
            "customer.contract", "action_verify_signed_document", [[contract.id]]
        )
        self.assertEqual(result["params"]["type"], "success")

    def _assert_rpc_refusals(self, contract, attachment):
        for method, args in (
            (
                "write",
                [[attachment.id], {"datas": base64.b64encode(b"forged").decode()}],
            ),
            ("write", [[attachment.id], {"res_id": self._create_contract().id}]),
            ("unlink", [[attachment.id]]),
        ):
            self.assertRpcRefused("ir.attachment", method, args, "sealed document")
        self.assertRpcRefused(
            "customer.contract",
            "write",
            [[contract.id], {"signed_document_sha256": sha256(b"x").hexdigest()}],
            "set by the workflow",
        )
