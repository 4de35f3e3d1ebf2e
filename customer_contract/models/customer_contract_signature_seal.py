# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The sealed document of an online signature, its verification, and the
scheduled follow-up of the signature requests (reminders, expiry).

Once both parties have signed, ``_seal_signed_document`` renders the final
PDF once: the document with both signatures, followed by a certificate of
signature holding the signature events and the SHA-256 of the document's
pages. The file is stored on the document (``signed_attachment_id``), its own
SHA-256 recorded (``signed_document_sha256``), and it is never rendered
again: the Verify button recomputes its fingerprint.
"""

import logging
from datetime import timedelta
from hashlib import sha256

from markupsafe import Markup

from odoo import SUPERUSER_ID, api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain
from odoo.service.model import PG_CONCURRENCY_EXCEPTIONS_TO_RETRY
from odoo.tools import format_date, format_datetime
from odoo.tools.pdf import merge_pdf

from .ir_actions_report import INLINE_ASSETS_KEY

_logger = logging.getLogger(__name__)

# The models carrying an online signature, in the order the cron runs them.
SIGNATURE_MODELS = ("customer.contract.amendment", "customer.contract")
CRON_XMLID = "customer_contract.customer_contract_cron_signature_requests"
EXPIRED_ACTIVITY_XMLID = "customer_contract.mail_activity_type_signature_expired"


class CustomerContractSignatureMixin(models.AbstractModel):
    _inherit = "customer.contract.signature.mixin"

    # ------------------------------------------------------------------
    # What each document says about itself (overridden where it differs)
    # ------------------------------------------------------------------
    def _seal_get_report_ref(self):
        """xmlid of the report printing the document itself."""
        return (
            "customer_contract.customer_contract_amendment_report_action"
            if self._name == "customer.contract.amendment"
            else "customer_contract.customer_contract_report_action"
        )

    def _seal_get_certificate_report_ref(self):
        """xmlid of the report printing the certificate of signature."""
        return (
            "customer_contract.customer_contract_amendment_certificate_report_action"
            if self._name == "customer.contract.amendment"
            else "customer_contract.customer_contract_certificate_report_action"
        )

    def _seal_get_filename(self):
        self.ensure_one()
        return self.env._(
            "%(document)s - signed.pdf", document=self._seal_get_short_name()
        )

    def _seal_get_short_name(self):
        """The reference of the document as the customer knows it."""
        self.ensure_one()
        if self._name == "customer.contract.amendment":
            return self.env._(
                "%(reference)s - Amendment %(number)s",
                reference=self.contract_id.reference,
                number=self.number,
            )
        return self.reference

    def _seal_get_version_label(self):
        """The version of the terms the document holds, for the certificate."""
        self.ensure_one()
        if self._name == "customer.contract.amendment":
            return self.env._(
                "Amendment No. %(number)s, amending version %(version)s",
                number=self.number,
                version=self.base_version,
            )
        return self.env._("Version %(number)s", number=self.version_number)

    def _seal_get_title(self):
        self.ensure_one()
        if self._name == "customer.contract.amendment":
            return self.contract_name or self.contract_id.name
        return self.name

    def _seal_get_reference(self):
        self.ensure_one()
        if self._name == "customer.contract.amendment":
            return self.contract_id.reference
        return self.reference

    def _seal_get_portal_download_url(self):
        """Link of the sealed PDF on the contract's portal page. Like
        ``_get_portal_report_url``, it never creates an access token."""
        self.ensure_one()
        if self._name == "customer.contract.amendment":
            contract = self.contract_id
            url = f"{contract.access_url}/amendments/{self.id}/signed_document"
        else:
            contract = self
            url = f"{contract.access_url}/signed_document"
        if contract.access_token:
            url += f"?access_token={contract.access_token}"
        return url

    # ------------------------------------------------------------------
    # Display helpers of the PDF and the certificate
    # ------------------------------------------------------------------
    def _seal_reader_tz(self):
        """Time zone of the reader of the signed document: the customer's
        signatory, else the customer, else the company."""
        self.ensure_one()
        return (
            self.signatory_id.tz
            or self.partner_id.tz
            or self.company_id.partner_id.tz
            or "UTC"
        )

    def _seal_format_datetime(self, value):
        """A date and time of the signature, in the reader's time zone and
        language (the environment's), with the name of the time zone."""
        self.ensure_one()
        if not value:
            return ""
        tz = self._seal_reader_tz()
        return self.env._(
            "%(datetime)s (%(tz)s)",
            datetime=format_datetime(self.env, value, tz=tz, dt_format="medium"),
            tz=tz,
        )

    def _seal_has_online_signatures(self):
        """Both parties signed online (the signature block shows their
        drawn signatures, the document can be sealed)."""
        self.ensure_one()
        return bool(self.customer_signed_on and self.company_signed_on)

    def _seal_get_request_sender(self):
        """Who sent the signature request: the author of the change of its
        state made when it was sent (the tracking of the chatter).

        :return: res.partner (empty when the chatter does not say)
        """
        self.ensure_one()
        if not self.sign_requested_on:
            return self.env["res.partner"]
        tracking = (
            self.env["mail.tracking.value"]
            .sudo()
            .search(
                [
                    ("field_id.name", "=", "sign_request_state"),
                    ("field_id.model", "=", self._name),
                    ("mail_message_id.model", "=", self._name),
                    ("mail_message_id.res_id", "=", self.id),
                    ("mail_message_id.date", ">=", self.sign_requested_on),
                ],
                order="id",
                limit=1,
            )
        )
        return tracking.mail_message_id.author_id

    def _seal_get_signature_events(self):
        """The signature events of the certificate, in the order they
        happened.

        :return: [{party, name, signed_on, ip, browser}]
        """
        self.ensure_one()
        events = [
            {
                "party": self.env._(
                    "Customer (%(customer)s)",
                    customer=self.commercial_partner_id.name,
                ),
                "name": self.signed_by or self.signatory_id.name or "",
                "signed_on": self.customer_signed_on,
                "ip": self.customer_sign_ip or "",
                "browser": self.customer_sign_user_agent or "",
            },
            {
                "party": self.env._(
                    "Company (%(company)s)", company=self.company_id.name
                ),
                "name": self.company_signatory_id.name or "",
                "signed_on": self.company_signed_on,
                "ip": self.company_sign_ip or "",
                "browser": self.company_sign_user_agent or "",
            },
        ]
        events.sort(key=lambda event: event["signed_on"] or fields.Datetime.now())
        for event in events:
            event["signed_on"] = self._seal_format_datetime(event["signed_on"])
        return events

    # ------------------------------------------------------------------
    # The sealed document
    # ------------------------------------------------------------------
    def _seal_is_sealed(self):
        self.ensure_one()
        return bool(self.signed_document_sha256 and self.signed_attachment_id)

    def _seal_signed_document(self):
        """Render, store and post the sealed PDF of the documents both
        parties signed online; called by the signature flow once the last
        party signed, in the same transaction.

        Done once: a document sealed already is left as it is. Rendering is
        the fragile part (wkhtmltopdf): it runs in a savepoint, and a failure
        never costs the signatures: the document is said to be unsealed on
        its chatter and the scheduled action "Contracts: signature requests"
        (triggered at once) seals it again in its own transaction.
        """
        for document in self:
            if document._seal_is_sealed() or not document._seal_has_online_signatures():
                continue
            try:
                with self.env.cr.savepoint():
                    document._seal_render_and_store()
            except PG_CONCURRENCY_EXCEPTIONS_TO_RETRY:
                raise
            except Exception as error:  # noqa: BLE001 - the signature is kept
                document._seal_failed(error)
        return True

    def _seal_failed(self, error):
        """The sealed PDF could not be made now: say so, retry later."""
        self.ensure_one()
        _logger.warning(
            "%s: the signed document of %s could not be sealed, the scheduled "
            "action will try again: %s",
            self._name,
            self.display_name,
            error,
            exc_info=not isinstance(error, UserError),
        )
        self.sudo()._message_log(
            body=Markup("<p>%s</p>")
            % self.env._(
                "The sealed PDF of %(document)s could not be made (%(error)s): "
                "both signatures are kept, and the scheduled action "
                '"Contracts: signature requests" makes it again.',
                document=self.display_name,
                error=str(error),
            )
        )
        cron = self.env.ref(CRON_XMLID, raise_if_not_found=False)
        if cron:
            cron.sudo()._trigger(at=fields.Datetime.now() + timedelta(minutes=10))

    def _seal_render(self):
        """Render the sealed document: the document, then its certificate
        of signature holding the SHA-256 of the document's pages.

        Outside tests, ``_render_qweb_pdf`` gives PDFs, merged into one.
        In tests, Odoo renders HTML unless the context says
        ``force_report_rendering``: the two HTML documents are then kept one
        after the other (the tests about the PDF force the rendering).

        :return: (content, mimetype)
        """
        self.ensure_one()
        reports = self.env["ir.actions.report"].sudo()
        if not self.env.registry.ready:
            # Modules are being installed (e.g. the demo data): no web server
            # serves wkhtmltopdf the stylesheets, they are inlined.
            reports = reports.with_context(**{INLINE_ASSETS_KEY: True})
        body, body_type = reports.with_context(
            report_pdf_no_attachment=True
        )._render_qweb_pdf(self._seal_get_report_ref(), self.ids)
        certificate, certificate_type = reports.with_context(
            report_pdf_no_attachment=True
        )._render_qweb_pdf(
            self._seal_get_certificate_report_ref(),
            self.ids,
            data={"body_sha256": sha256(body).hexdigest()},
        )
        if body_type == certificate_type == "pdf":
            return merge_pdf([body, certificate]), "application/pdf"
        return body + certificate, "text/html"

    def _seal_render_and_store(self):
        """Render the sealed document, store it on the document and post it
        on its chatter (raises when it cannot be rendered)."""
        self.ensure_one()
        # Sealing belongs to the system, whoever signed last (a customer on
        # the portal, a company signatory): rendered, stored and posted as
        # the superuser.
        document = self.with_user(SUPERUSER_ID)
        document._lock_rows()
        if document._seal_is_sealed():
            return document.signed_attachment_id
        content, mimetype = document._seal_render()
        attachment = document.env["ir.attachment"].create(
            {
                "name": document._seal_get_filename(),
                "raw": content,
                "mimetype": mimetype,
                "res_model": document._name,
                "res_id": document.id,
            }
        )
        digest = sha256(attachment.raw).hexdigest()
        with document._workflow():
            document.write(
                {
                    "signed_attachment_id": attachment.id,
                    "signed_document_sha256": digest,
                }
            )
        document.message_post(
            body=self.env._(
                "%(document)s is signed by both parties: its sealed PDF, with "
                "the certificate of signature, is attached (SHA-256 %(hash)s).",
                document=document.display_name,
                hash=digest,
            ),
            attachment_ids=attachment.ids,
            subtype_xmlid="mail.mt_note",
        )
        return attachment

    # ------------------------------------------------------------------
    # Verify
    # ------------------------------------------------------------------
    def action_verify_signed_document(self):
        """Recompute the SHA-256 of the stored sealed document, tell the
        user whether it is the one recorded when it was sealed, and log the
        check on the chatter."""
        self.ensure_one()
        self.check_access("read")
        if not self.signed_document_sha256:
            raise UserError(
                self.env._(
                    "%(document)s has no sealed document to verify: it is sealed "
                    "once both parties have signed it online.",
                    document=self.display_name,
                )
            )
        attachment = self.sudo().signed_attachment_id.exists()
        actual = sha256(attachment.raw or b"").hexdigest() if attachment else False
        intact = actual == self.signed_document_sha256
        if intact:
            message = self.env._(
                "The sealed document of %(document)s is intact: its SHA-256 "
                "fingerprint is %(hash)s, the one recorded when it was sealed.",
                document=self.display_name,
                hash=actual,
            )
        elif not attachment:
            message = self.env._(
                "The sealed document of %(document)s is missing: the file whose "
                "SHA-256 fingerprint was %(hash)s is no longer stored.",
                document=self.display_name,
                hash=self.signed_document_sha256,
            )
        else:
            message = self.env._(
                "The sealed document of %(document)s has been altered: its "
                "SHA-256 fingerprint is %(actual)s, not %(hash)s recorded when it "
                "was sealed.",
                document=self.display_name,
                actual=actual,
                hash=self.signed_document_sha256,
            )
        self.sudo()._message_log(
            body=Markup("<p>%s</p>") % message,
            author_id=self.env.user.partner_id.id,
        )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Sealed Document"),
                "message": message,
                "type": "success" if intact else "danger",
                "sticky": not intact,
                "next": {"type": "ir.actions.client", "tag": "soft_reload"},
            },
        }

    # ------------------------------------------------------------------
    # Scheduled action: seal, expire, remind
    # ------------------------------------------------------------------
    @api.model
    def _cron_signature_requests(self, batch_size=200):
        """Daily: seal the signed documents whose sealing failed, expire the
        signature requests past their deadline, remind the customers who
        have not signed.

        Batched, committed after each batch, safe to run twice or in two
        workers (see ``_cron_run_steps``): each step selects what is still
        to do, and a reminder is due once per step of the cadence counted
        from the request (see ``_sign_reminder_is_due``).
        """
        today = fields.Date.context_today(self)
        for model in SIGNATURE_MODELS:
            documents = self.env[model]
            if not documents._cron_run_steps(
                documents._get_signature_cron_steps(today), batch_size=batch_size
            ):
                return False
        return True

    @api.model
    def _get_signature_cron_steps(self, today):
        """[(domain, method)] of the scheduled action (extension point)."""
        return [
            (
                Domain("sign_request_state", "=", "signed")
                & Domain("signed_document_sha256", "=", False)
                & Domain("customer_signed_on", "!=", False)
                & Domain("company_signed_on", "!=", False),
                "_cron_seal_pending",
            ),
            (
                Domain("sign_request_state", "in", ("customer", "company"))
                & Domain("sign_request_deadline", "<", today),
                "_sign_request_expire",
            ),
            (
                Domain("sign_request_state", "=", "customer")
                & Domain("sign_requested_on", "!=", False)
                & Domain("company_id.contract_sign_reminder_days", ">", 0)
                & (
                    Domain("sign_request_deadline", "=", False)
                    | Domain("sign_request_deadline", ">=", today)
                ),
                "_sign_request_remind",
            ),
        ]

    def _cron_seal_pending(self):
        # Raises on failure: the failing document is isolated and logged by
        # _cron_run_isolated, and tried again on the next run.
        for document in self:
            document._seal_render_and_store()

    def _sign_local_date(self, value):
        """The date of a datetime in the time zone of the environment (the
        one of ``fields.Date.context_today``)."""
        return fields.Datetime.context_timestamp(self, value).date()

    def _sign_reminder_is_due(self, today):
        """Whether the customer is due a reminder today.

        Reminder n is due on the request date + n x cadence. The due step is
        counted from the request, not from the last reminder; it is due when
        no reminder was sent since it began. So a cron running twice a day
        sends one reminder, and a cron that did not run for two steps sends
        one (for the current step), not one per missed step.
        """
        self.ensure_one()
        cadence = self.company_id.contract_sign_reminder_days
        if cadence <= 0 or not self.sign_requested_on:
            return False
        requested = self._sign_local_date(self.sign_requested_on)
        step = (today - requested).days // cadence
        if step < 1:
            return False
        step_start = requested + timedelta(days=step * cadence)
        last = self.sign_last_reminder_on
        return not last or self._sign_local_date(last) < step_start

    def _sign_request_remind(self):
        """Email the customer's signatory a reminder of the signature
        request, when one is due (one email per document)."""
        today = fields.Date.context_today(self)
        due = self.filtered(
            lambda d: (
                d.sign_request_state == "customer"
                and d.signatory_id
                and d._sign_reminder_is_due(today)
            )
        )
        if not due:
            return
        template = self.env.ref(due._sign_reminder_template_xmlid())
        template.sudo().send_mail_batch(due.ids)
        now = fields.Datetime.now()
        with due._workflow():
            for count, documents in due.grouped(
                lambda d: d.sign_reminder_count + 1
            ).items():
                documents.write(
                    {"sign_reminder_count": count, "sign_last_reminder_on": now}
                )

    def _sign_reminder_template_xmlid(self):
        if self._name == "customer.contract.amendment":
            return "customer_contract.mail_template_signature_reminder_amendment"
        return "customer_contract.mail_template_signature_reminder_contract"

    def _sign_request_expire(self):
        """Expire the signature requests whose deadline has passed: nobody
        can sign them any more, and their owner is asked to send them
        again."""
        today = fields.Date.context_today(self)
        expired = self.filtered(
            lambda d: (
                d.sign_request_state in ("customer", "company")
                and d.sign_request_deadline
                and d.sign_request_deadline < today
            )
        )
        if not expired:
            return
        with expired._workflow():
            expired.write({"sign_request_state": "expired"})
        expired._message_log_batch(
            bodies={
                document.id: Markup("<p>%s</p>")
                % self.env._(
                    "The signature request of %(document)s expired on %(date)s "
                    "without both signatures: it can no longer be signed. Send it "
                    "again for signature.",
                    document=document.display_name,
                    date=format_date(
                        self.env, document.sign_request_deadline + timedelta(days=1)
                    ),
                )
                for document in expired
            }
        )
        activity_type = self.env.ref(EXPIRED_ACTIVITY_XMLID)
        model_id = self.env["ir.model"]._get_id(self._name)
        self.env["mail.activity"].sudo().with_context(
            mail_activity_quick_update=True
        ).create(
            [
                {
                    "res_model_id": model_id,
                    "res_id": document.id,
                    "activity_type_id": activity_type.id,
                    "automated": True,
                    "user_id": (document.user_id or self.env.user).id,
                    "date_deadline": today,
                    "summary": self.env._("Signature request expired: send it again"),
                }
                for document in expired
            ]
        )
