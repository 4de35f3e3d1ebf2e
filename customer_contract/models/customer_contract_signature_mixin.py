# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
import binascii
import logging
from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import format_amount, format_date, format_datetime
from odoo.tools.image import base64_to_image

_logger = logging.getLogger(__name__)

SIGNATORY_GROUP = "customer_contract.customer_contract_group_signatory"
COUNTERSIGN_ACTIVITY = "customer_contract.mail_activity_type_countersign"
# Request states in which a party is still to sign.
PENDING_REQUEST_STATES = ("customer", "company")
# Request states from which a new request may be sent.
OPEN_REQUEST_STATES = ("none", "declined", "expired")


class CustomerContractSignatureMixin(models.AbstractModel):
    """Online execution of a contract or an amendment: the signature request
    sent to the customer, each party's signature (name, drawn signature, date
    and time, IP address, browser), and the sealed document kept once both
    have signed. The signatories' names are the document's own ``signed_by``
    (customer) and ``company_signatory_id`` (company)."""

    _name = "customer.contract.signature.mixin"
    _inherit = "customer.contract.workflow.mixin"
    _description = "Online Signature of a Contract or an Amendment"

    sign_request_state = fields.Selection(
        [
            ("none", "Not Sent"),
            ("customer", "Awaiting the Customer"),
            ("company", "Awaiting the Company"),
            ("signed", "Signed by Both Parties"),
            ("declined", "Declined"),
            ("expired", "Expired"),
        ],
        string="Signature Request",
        default="none",
        required=True,
        readonly=True,
        copy=False,
        index=True,
        tracking=True,
    )
    sign_requested_on = fields.Datetime(
        string="Signature Requested On", readonly=True, copy=False
    )
    sign_request_deadline = fields.Date(
        string="Signature Deadline",
        readonly=True,
        copy=False,
        help="The signature request expires after this date.",
    )
    sign_reminder_count = fields.Integer(
        string="Signature Reminders Sent", readonly=True, copy=False
    )
    sign_last_reminder_on = fields.Datetime(readonly=True, copy=False)
    sign_decline_reason = fields.Text(
        string="Reason for Declining", readonly=True, copy=False
    )

    # The customer's signature
    customer_signature = fields.Binary(
        string="Customer's Signature", attachment=True, readonly=True, copy=False
    )
    customer_signed_on = fields.Datetime(
        string="Signed On (Customer)", readonly=True, copy=False
    )
    customer_sign_ip = fields.Char(
        string="IP Address (Customer)", readonly=True, copy=False
    )
    customer_sign_user_agent = fields.Char(
        string="Browser (Customer)", readonly=True, copy=False
    )
    customer_sign_partner_id = fields.Many2one(
        "res.partner",
        string="Signed From the Account Of",
        readonly=True,
        copy=False,
        help="The portal user logged in when the customer signed; empty when "
        "the document was signed through its link.",
    )

    # The company's signature
    company_signature = fields.Binary(
        string="Company's Signature", attachment=True, readonly=True, copy=False
    )
    company_signed_on = fields.Datetime(
        string="Signed On (Company)", readonly=True, copy=False
    )
    company_sign_ip = fields.Char(
        string="IP Address (Company)",
        readonly=True,
        copy=False,
        groups="base.group_user",
    )
    company_sign_user_agent = fields.Char(
        string="Browser (Company)",
        readonly=True,
        copy=False,
        groups="base.group_user",
    )

    # The sealed document (stored in the document's signed_attachment_id)
    signed_document_sha256 = fields.Char(
        string="SHA-256 of the Signed Document",
        readonly=True,
        copy=False,
        help="Fingerprint of the sealed PDF when it was stored; Verify "
        "recomputes it from the stored file.",
    )

    # What the header offers (computed for the form: the methods check again)
    sign_can_send = fields.Boolean(
        compute="_compute_sign_actions",
        help="Ready for signature: Send for Signature sends it to the customer.",
    )
    sign_can_company_sign = fields.Boolean(
        compute="_compute_sign_actions",
        help="Awaiting the company's signature (countersignature, or the first "
        "signature when the company signs first).",
    )
    sign_can_mark_signed = fields.Boolean(
        compute="_compute_sign_actions",
        help="Can be marked as signed on paper: nobody has signed it online.",
    )
    sign_in_progress = fields.Boolean(
        compute="_compute_sign_actions",
        help="Sent for signature, or signed by one party only: the terms are "
        "locked until the request is cancelled, declined or completed.",
    )

    def _get_sign_action_depends(self):
        """Fields the offered actions follow (extension point): those of the
        request and of the readiness for signature."""
        return [
            "state",
            "sign_request_state",
            "customer_signed_on",
            "company_signed_on",
            "company_id.contract_sign_order",
            "signatory_id",
            "line_ids",
            "clause_ids",
        ]

    @api.depends(lambda self: self._get_sign_action_depends())
    def _compute_sign_actions(self):
        for document in self:
            document.sign_in_progress = document._sign_in_progress()
            document.sign_can_send = (
                bool(document.id) and not document._get_sign_request_blocker()
            )
            document.sign_can_company_sign = (
                bool(document.id) and not document._get_company_sign_blocker()
            )
            document.sign_can_mark_signed = bool(
                document.id
            ) and not document._get_paper_sign_blocker(check_signable=True)

    def _get_workflow_fields(self):
        fields_by_action = super()._get_workflow_fields()
        online = self.env._(
            "Use the online signature (Send for Signature, the customer's portal, "
            "Countersign)."
        )
        fields_by_action.update(
            dict.fromkeys(
                (
                    "sign_request_state",
                    "sign_requested_on",
                    "sign_request_deadline",
                    "sign_reminder_count",
                    "sign_last_reminder_on",
                    "sign_decline_reason",
                    "customer_signature",
                    "customer_signed_on",
                    "customer_sign_ip",
                    "customer_sign_user_agent",
                    "customer_sign_partner_id",
                    "company_signature",
                    "company_signed_on",
                    "company_sign_ip",
                    "company_sign_user_agent",
                    "signed_document_sha256",
                ),
                online,
            )
        )
        return fields_by_action

    # ------------------------------------------------------------------
    # Per document (implemented by the contract and the amendment)
    # ------------------------------------------------------------------
    def _get_sign_request_states(self):
        """States from which the document may be sent for signature
        (extension point, e.g. "approved" with the approval addon)."""
        return ()

    def _get_sign_portal_url(self):
        """Link of the document's page on the portal, with the access token
        that lets the customer open it without an account."""
        raise NotImplementedError

    def _get_sign_mail_template(self, signature=False):
        """The mail template of Send by Email, or of Send for Signature."""
        raise NotImplementedError

    def _get_sign_owner(self):
        """The user in charge of the document (activities go to them)."""
        self.ensure_one()
        return self.user_id

    def _get_sign_limit_value(self):
        """Value a company signatory's limit is compared with, in the
        document's currency."""
        self.ensure_one()
        return self.amount_total

    def _sign_back_to_edit(self):
        """Send the documents back to the state where their terms can be
        edited (after the customer declined or asked for changes). The
        documents sent for signature are in that state already; the approval
        addon takes an approved document out of its approval."""
        return True

    def _get_sign_wizard_context(self):
        """The context of Mark as Signed's wizard: the document it signs
        (its ``contract_id`` or ``amendment_id``)."""
        raise NotImplementedError

    def _sign_paper_message(self, signed_by, date_signed, company_signatory):
        """The chatter message of a document marked as signed on paper."""
        raise NotImplementedError

    def _get_sign_message_subtype(self):
        """XML id of the subtype of the message posted once the document is
        signed (None: a note)."""
        return None

    def _seal_signed_document(self):
        """Store the sealed PDF of the documents signed online by both
        parties (the signatures, the audit trail and its SHA-256 fingerprint)
        in ``signed_attachment_id`` and ``signed_document_sha256``.

        Implemented in ``customer_contract_signature_seal.py``.
        """
        return

    # ------------------------------------------------------------------
    # Where the request stands
    # ------------------------------------------------------------------
    def _sign_in_progress(self):
        """Sent for signature, or signed by one party only."""
        self.ensure_one()
        if self.sign_request_state in PENDING_REQUEST_STATES:
            return True
        return self.sign_request_state != "signed" and bool(
            self.customer_signed_on or self.company_signed_on
        )

    def _sign_company_first(self):
        self.ensure_one()
        return self.company_id.contract_sign_order == "company_first"

    def _sign_state_label(self):
        self.ensure_one()
        return dict(self._fields["state"]._description_selection(self.env))[self.state]

    def _get_sign_request_blocker(self):
        """Why the document cannot be sent for signature now (or False)."""
        self.ensure_one()
        if self.state not in self._get_sign_request_states():
            return self.env._(
                "%(document)s is %(state)s: only a document ready for signature "
                "can be sent for signature.",
                document=self.display_name,
                state=self._sign_state_label(),
            )
        if self.sign_request_state in PENDING_REQUEST_STATES:
            return self.env._(
                "%(document)s is already awaiting a signature: cancel the "
                "signature request to send it again.",
                document=self.display_name,
            )
        try:
            self._check_signable()
        except UserError as error:
            return error.args[0]
        if self._sign_company_first() and not self.company_signed_on:
            return self.env._(
                "The company signs first: a Contract Signatory signs "
                "%(document)s (Sign), then it is sent to the customer.",
                document=self.display_name,
            )
        return False

    def _get_company_sign_blocker(self):
        """Why the company cannot sign the document now (or False), whoever
        signs."""
        self.ensure_one()
        awaiting = self.sign_request_state == "company" or (
            self._sign_company_first()
            and self.sign_request_state in OPEN_REQUEST_STATES
            and not self.company_signed_on
            and self.state in self._get_sign_request_states()
        )
        if not awaiting:
            return self.env._(
                "%(document)s is not awaiting the company's signature.",
                document=self.display_name,
            )
        try:
            self._check_signable()
        except UserError as error:
            return error.args[0]
        return False

    def _get_paper_sign_blocker(self, check_signable=False):
        """Why the document cannot be marked as signed on paper (or False)."""
        self.ensure_one()
        if self.customer_signed_on or self.company_signed_on:
            return self.env._(
                "%(document)s is being signed online: complete or cancel the "
                "signature request instead of marking it as signed.",
                document=self.display_name,
            )
        if check_signable:
            try:
                self._check_signable()
            except UserError as error:
                return error.args[0]
        return False

    def _check_sign_terms_editable(self):
        """The terms of a document sent for signature, or signed by one
        party, are those signed: they change only once the request is
        cancelled (or declined by the customer)."""
        pending = self.filtered(lambda d: d._sign_in_progress())
        if pending:
            raise UserError(
                self.env._(
                    "%(document)s is out for signature: its terms cannot be "
                    "edited. Cancel the signature request to edit them.",
                    document=pending[0].display_name,
                )
            )

    # ------------------------------------------------------------------
    # Send by Email, Send for Signature
    # ------------------------------------------------------------------
    def _sign_composer_action(self, template, mark_requested=False):
        self.ensure_one()
        ctx = {
            "default_model": self._name,
            "default_res_ids": self.ids,
            "default_composition_mode": "comment",
            "default_template_id": template.id if template else False,
            "default_email_layout_xmlid": (
                "mail.mail_notification_layout_with_responsible_signature"
            ),
            "email_notification_allow_footer": True,
            "hide_mail_template_management_options": True,
            "force_email": True,
        }
        if mark_requested:
            ctx["customer_contract_mark_sign_requested"] = True
        return {
            "name": self.env._("Send for Signature")
            if mark_requested
            else self.env._("Send"),
            "type": "ir.actions.act_window",
            "view_mode": "form",
            "res_model": "mail.compose.message",
            "views": [(False, "form")],
            "view_id": False,
            "target": "new",
            "context": ctx,
        }

    def action_send_email(self):
        """Open the mail composer with the document's PDF and its link."""
        self.ensure_one()
        self.check_access("write")
        return self._sign_composer_action(self._get_sign_mail_template())

    def action_send_for_signature(self):
        """Open the mail composer asking the customer to sign; the document
        awaits the signature once the mail is sent (``message_post``)."""
        self.ensure_one()
        self.check_access("write")
        blocker = self._get_sign_request_blocker()
        if blocker:
            raise UserError(blocker)
        return self._sign_composer_action(
            self._get_sign_mail_template(signature=True), mark_requested=True
        )

    def _sign_message_post_hook(self):
        """Called by ``message_post`` of the documents: a mail sent from
        Send for Signature opens the signature request (as sale's
        ``mark_so_as_sent``). Only an internal user sends it."""
        if (
            self.env.context.get("customer_contract_mark_sign_requested")
            and self.env.user._is_internal()
        ):
            self.with_context(
                customer_contract_mark_sign_requested=False
            )._action_request_signature()

    def _get_sign_request_deadline(self):
        """Last day to sign: that of the request awaiting the customer, or
        the one a request sent today gets."""
        self.ensure_one()
        if self.sign_request_state == "customer" and self.sign_request_deadline:
            return self.sign_request_deadline
        return fields.Date.context_today(self) + timedelta(
            days=self.company_id.contract_sign_expiry_days or 1
        )

    def _action_request_signature(self):
        """The documents await the customer's signature (the first party
        still to sign: with the company signing first, it has signed)."""
        self.check_access("write")
        self._lock_rows()
        for document in self:
            blocker = document._get_sign_request_blocker()
            if blocker:
                raise UserError(blocker)
        now = fields.Datetime.now()
        for document in self:
            deadline = document._get_sign_request_deadline()
            with document._workflow():
                document.write(
                    {
                        "sign_request_state": "customer",
                        "sign_requested_on": now,
                        "sign_request_deadline": deadline,
                        "sign_reminder_count": 0,
                        "sign_last_reminder_on": False,
                        "sign_decline_reason": False,
                        "customer_signature": False,
                        "customer_signed_on": False,
                        "customer_sign_ip": False,
                        "customer_sign_user_agent": False,
                        "customer_sign_partner_id": False,
                    }
                )
            document._message_log(
                body=Markup("<p>%s</p>")
                % self.env._(
                    "Sent for signature to %(signatory)s; the request expires "
                    "after %(date)s.",
                    signatory=document.signatory_id.name,
                    date=format_date(self.env, deadline),
                )
            )
        # A request sent again answers the "expired" activity of the last one.
        self.activity_unlink(["customer_contract.mail_activity_type_signature_expired"])
        return True

    def action_cancel_sign_request(self):
        """Withdraw the signature request (and the signature already given
        by one party): the terms can be edited again."""
        self.check_access("write")
        self._lock_rows()
        for document in self:
            if not document._sign_in_progress():
                raise UserError(
                    self.env._(
                        "%(document)s is not out for signature.",
                        document=document.display_name,
                    )
                )
        self._sign_request_clear()
        for document in self:
            document._message_log(
                body=Markup("<p>%s</p>")
                % self.env._(
                    "Signature request cancelled by %(user)s: the signatures "
                    "given are void.",
                    user=self.env.user.name,
                )
            )
        return True

    def _sign_request_clear(self, state="none", reason=False):
        """Void the request and the signatures given (not the signed
        documents': a signed document keeps its signatures)."""
        pending = self.filtered(lambda d: d._sign_in_progress())
        with pending._workflow():
            pending.write(
                {
                    "sign_request_state": state,
                    "sign_decline_reason": reason,
                    "customer_signature": False,
                    "customer_signed_on": False,
                    "customer_sign_ip": False,
                    "customer_sign_user_agent": False,
                    "customer_sign_partner_id": False,
                    "company_signature": False,
                    "company_signed_on": False,
                    "company_sign_ip": False,
                    "company_sign_user_agent": False,
                }
            )
        pending._sign_close_countersign_activities()
        return pending

    # ------------------------------------------------------------------
    # The customer (portal)
    # ------------------------------------------------------------------
    def _check_customer_can_sign(self):
        """Refuse, with a message for the customer, unless the document
        awaits the customer's signature now."""
        self.ensure_one()
        state = self.sign_request_state
        document = self.display_name
        if state == "company":
            raise UserError(
                self.env._(
                    "%(document)s is already signed on your side: it awaits our "
                    "countersignature.",
                    document=document,
                )
            )
        if state == "signed":
            raise UserError(
                self.env._(
                    "%(document)s is already signed by both parties.",
                    document=document,
                )
            )
        if state == "declined":
            raise UserError(
                self.env._(
                    "You declined %(document)s: it can no longer be signed. "
                    "Contact us for a new version.",
                    document=document,
                )
            )
        if state == "expired":
            raise UserError(
                self.env._(
                    "The signature request of %(document)s has expired: ask us "
                    "to send it again.",
                    document=document,
                )
            )
        if state != "customer":
            raise UserError(
                self.env._(
                    "%(document)s has not been sent to you for signature.",
                    document=document,
                )
            )
        today = fields.Date.context_today(self)
        if self.sign_request_deadline and today > self.sign_request_deadline:
            raise UserError(
                self.env._(
                    "The signature request of %(document)s expired on %(date)s: "
                    "ask us to send it again.",
                    document=document,
                    date=format_date(self.env, self.sign_request_deadline),
                )
            )
        try:
            self._check_signable()
        except UserError as error:
            # The reason is internal (an approval, a change of the contract):
            # the customer is told what to do.
            _logger.info("%s cannot be signed by the customer: %s", document, error)
            raise UserError(
                self.env._(
                    "%(document)s cannot be signed now: contact us.",
                    document=document,
                )
            ) from None
        return True

    def _check_signature_image(self, signature):
        """The signature drawn or typed, as the widget sends it: a base64
        image."""
        if not signature:
            raise UserError(
                self.env._(
                    "Draw or type your signature to sign %(document)s.",
                    document=self[:1].display_name,
                )
            )
        try:
            base64.b64decode(signature, validate=True)
            base64_to_image(signature)
        except (binascii.Error, ValueError, TypeError, UserError):
            raise UserError(
                self.env._(
                    "The signature of %(document)s is not a valid image: draw "
                    "it again.",
                    document=self[:1].display_name,
                )
            ) from None
        return True

    def _action_customer_sign(
        self, name, signature, ip_address=None, user_agent=None, partner=None
    ):
        """The customer signs (from the portal, the document sudoed after
        the access check).

        :param partner: res.partner of the portal user logged in, if any
        """
        self.ensure_one()
        name = (name or "").strip()
        if not name:
            raise UserError(
                self.env._(
                    "Enter your name to sign %(document)s.",
                    document=self.display_name,
                )
            )
        self._check_signature_image(signature)
        # Two signatures at the same moment: the second waits here, then
        # meets the first one's state.
        self._lock_rows()
        self._check_customer_can_sign()
        company_signed = bool(self.company_signed_on)
        with self._workflow():
            self.write(
                {
                    "signed_by": name,
                    "customer_signature": signature,
                    "customer_signed_on": fields.Datetime.now(),
                    "customer_sign_ip": (ip_address or "")[:64] or False,
                    "customer_sign_user_agent": (user_agent or "")[:512] or False,
                    "customer_sign_partner_id": partner.id if partner else False,
                    "sign_request_state": "company",
                }
            )
        author = partner or self.signatory_id or self.partner_id
        self.message_post(
            body=self.env._(
                "Signed online by %(name)s for %(customer)s.",
                name=name,
                customer=self.commercial_partner_id.name,
            ),
            author_id=author.id,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        if company_signed:
            self._action_sign_online_complete()
        else:
            self._sign_schedule_countersign()
        return True

    def _sign_schedule_countersign(self):
        """The owner countersigns if they may; otherwise the signatories of
        the company who may."""
        self.ensure_one()
        owner = self._get_sign_owner()
        users = owner if owner and self._sign_signatory_allowed(owner) else None
        if not users:
            group = self.env.ref(SIGNATORY_GROUP)
            users = group.sudo().all_user_ids.filtered(
                lambda u: (
                    not u.share
                    and self.company_id in u.company_ids
                    and self._sign_signatory_allowed(u)
                )
            )
        for user in users or owner:
            self.sudo().activity_schedule(
                COUNTERSIGN_ACTIVITY,
                user_id=user.id,
                summary=self.env._("Countersign"),
                note=self.env._(
                    "%(customer)s signed %(document)s: countersign it for %(company)s.",
                    customer=self.signed_by,
                    document=self.display_name,
                    company=self.company_id.name,
                ),
            )

    def _sign_close_countersign_activities(self, feedback=False):
        activities = self.sudo().activity_search(
            [COUNTERSIGN_ACTIVITY], only_automated=False
        )
        if activities and feedback:
            activities.action_feedback(feedback=feedback)
        elif activities:
            activities.unlink()

    def _action_customer_decline(self, reason, partner=None):
        """The customer declines to sign: the document goes back to its
        owner, with the reason."""
        return self._sign_customer_answer(reason, partner, decline=True)

    def _action_customer_request_changes(self, message, partner=None):
        """The customer asks for changes instead of signing."""
        return self._sign_customer_answer(message, partner, decline=False)

    def _sign_customer_answer(self, text, partner, decline):
        self.ensure_one()
        text = (text or "").strip()
        if not text:
            raise UserError(
                self.env._(
                    "Tell us why you decline %(document)s.",
                    document=self.display_name,
                )
                if decline
                else self.env._(
                    "Tell us what to change in %(document)s.",
                    document=self.display_name,
                )
            )
        self._lock_rows()
        if self.sign_request_state != "customer":
            # The same refusals as a signature (already signed, declined...).
            self._check_customer_can_sign()
        self._sign_request_clear(
            state="declined" if decline else "none", reason=text if decline else False
        )
        self._sign_back_to_edit()
        author = partner or self.signatory_id or self.partner_id
        body = (
            self.env._("Declined to sign: %(reason)s", reason=text)
            if decline
            else self.env._("Changes requested: %(message)s", message=text)
        )
        self.message_post(
            body=body,
            author_id=author.id,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        owner = self._get_sign_owner()
        self.sudo().activity_schedule(
            "mail.mail_activity_data_todo",
            user_id=(owner or self.create_uid).id,
            summary=self.env._("Signature declined")
            if decline
            else self.env._("Changes requested"),
            note=text,
        )
        return True

    # ------------------------------------------------------------------
    # The company
    # ------------------------------------------------------------------
    def _sign_signatory_allowed(self, user):
        """Whether ``user`` may sign the document for the company."""
        try:
            self._check_company_signatory(user)
        except (UserError, AccessError):
            return False
        return True

    def _check_company_signatory(self, user):
        """``user`` signs for the company: a Contract Signatory, within their
        limit (the document's value converted to the limit's currency)."""
        user = user.sudo()
        if not user or not user.has_group(SIGNATORY_GROUP):
            raise AccessError(
                self.env._(
                    "%(user)s may not sign %(document)s for the company: only a "
                    "Contract Signatory may (Settings > Users).",
                    user=user.name or self.env._("Nobody"),
                    document=self[:1].display_name,
                )
            )
        limit = user.contract_sign_limit
        if not limit:
            return True
        limit_currency = user.contract_sign_limit_currency_id
        today = fields.Date.context_today(self)
        for document in self:
            value = document.currency_id._convert(
                document._get_sign_limit_value(),
                limit_currency,
                document.company_id,
                today,
            )
            if limit_currency.compare_amounts(value, limit) > 0:
                raise UserError(
                    self.env._(
                        "%(document)s is worth %(value)s, above the signature "
                        "limit of %(user)s (%(limit)s): another Contract "
                        "Signatory signs it.",
                        document=document.display_name,
                        value=format_amount(
                            self.env,
                            document._get_sign_limit_value(),
                            document.currency_id,
                        ),
                        user=user.name,
                        limit=format_amount(self.env, limit, limit_currency),
                    )
                )
        return True

    def action_open_company_sign_wizard(self):
        self.ensure_one()
        self._check_company_signatory(self.env.user)
        blocker = self._get_company_sign_blocker()
        if blocker:
            raise UserError(blocker)
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Sign for the Company"),
            "res_model": "customer.contract.company.sign.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_res_model": self._name,
                "default_res_id": self.id,
            },
        }

    def _action_company_sign(self, signature, ip_address=None, user_agent=None):
        """The current user signs the document for the company (a
        countersignature, or the first signature when the company signs
        first)."""
        self.ensure_one()
        user = self.env.user
        self.check_access("write")
        self._check_company_signatory(user)
        if not signature:
            raise UserError(
                self.env._(
                    "Draw or type your signature to sign %(document)s.",
                    document=self.display_name,
                )
            )
        self._check_signature_image(signature)
        self._lock_rows()
        blocker = self._get_company_sign_blocker()
        if blocker:
            raise UserError(blocker)
        customer_signed = self.sign_request_state == "company"
        with self._workflow():
            self.write(
                {
                    "company_signatory_id": user.id,
                    "company_signature": signature,
                    "company_signed_on": fields.Datetime.now(),
                    "company_sign_ip": (ip_address or "")[:64] or False,
                    "company_sign_user_agent": (user_agent or "")[:512] or False,
                }
            )
        self._sign_close_countersign_activities(
            feedback=self.env._("Countersigned") if customer_signed else False
        )
        if customer_signed:
            self._action_sign_online_complete()
        else:
            self._message_log(
                body=Markup("<p>%s</p>")
                % self.env._(
                    "Signed online by %(user)s for %(company)s: send it for "
                    "signature to the customer.",
                    user=user.name,
                    company=self.company_id.name,
                )
            )
        return True

    def _action_sign_online_complete(self):
        """Both parties signed online: the document is signed."""
        self.ensure_one()
        date_signed = fields.Date.context_today(
            self, max(self.customer_signed_on, self.company_signed_on)
        )
        with self._workflow():
            self.write({"sign_request_state": "signed"})
        self._record_signature(
            self.signed_by, date_signed, self.company_signatory_id, online=True
        )
        self._seal_signed_document()
        return True

    def _sign_online_message(self):
        """The chatter message of a document signed online by both parties."""
        self.ensure_one()
        return self.env._(
            "%(document)s signed online by %(customer)s for %(customer_name)s "
            "on %(customer_date)s and by %(company)s for %(company_name)s on "
            "%(company_date)s.",
            document=self.display_name,
            customer=self.signed_by,
            customer_name=self.commercial_partner_id.name,
            customer_date=format_datetime(self.env, self.customer_signed_on),
            company=self.company_signatory_id.name,
            company_name=self.company_id.name,
            company_date=format_datetime(self.env, self.company_signed_on),
        )

    # ------------------------------------------------------------------
    # Paper signature (Mark as Signed)
    # ------------------------------------------------------------------
    def action_open_sign_wizard(self):
        """Mark as Signed: the wizard that records a signature made on paper."""
        self.ensure_one()
        self._check_signable()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Mark as Signed"),
            "res_model": "customer.contract.sign.wizard",
            "view_mode": "form",
            "target": "new",
            "context": self._get_sign_wizard_context(),
        }

    def _check_paper_signature(self, signed_by, company_signatory, document):
        """Mark as Signed records a signature made on paper: the scanned
        signed document and a company signatory who may sign it."""
        label = self[:1].display_name
        if not signed_by or not signed_by.strip():
            raise UserError(
                self.env._(
                    "Enter the name of the person who signed %(document)s for "
                    "the customer.",
                    document=label,
                )
            )
        if not document:
            raise UserError(
                self.env._(
                    "Attach the scanned signed document of %(document)s to mark "
                    "it as signed.",
                    document=label,
                )
            )
        for record in self:
            blocker = record._get_paper_sign_blocker()
            if blocker:
                raise UserError(blocker)
        self._check_company_signatory(company_signatory)
        return True

    def _get_paper_sign_label(self):
        """How the document is named in the default file name of its scanned
        signed document (a contract by its reference alone)."""
        self.ensure_one()
        return self.display_name

    def _action_sign(
        self, signed_by, date_signed, company_signatory, document=None, filename=None
    ):
        """Mark as Signed: record the signatures made on paper and lock the
        terms.

        :param str signed_by: name of the customer's signatory
        :param date date_signed: date of the last signature
        :param company_signatory: res.users who signed for the company (a
            Contract Signatory, within their limit)
        :param bytes document: base64 content of the scanned signed document
            (required)
        :param str filename: name of the scanned signed document (by default
            the document's label followed by "- signed")
        """
        self._check_signable()
        self._check_paper_signature(signed_by, company_signatory, document)
        attachments = {
            record.id: self.env["ir.attachment"].create(
                {
                    "name": filename
                    or self.env._(
                        "%(document)s - signed",
                        document=record._get_paper_sign_label(),
                    ),
                    "datas": document,
                    "res_model": self._name,
                    "res_id": record.id,
                }
            )
            for record in self
        }
        # A request sent meanwhile, not signed online by anyone: closed.
        with self._workflow():
            self.filtered(lambda d: d.sign_request_state != "none").write(
                {"sign_request_state": "none"}
            )
        return self._record_signature(
            signed_by.strip(), date_signed, company_signatory, attachments
        )

    # ------------------------------------------------------------------
    # Signed by both parties (online or on paper)
    # ------------------------------------------------------------------
    def _record_signature(
        self, signed_by, date_signed, company_signatory, attachments=None, online=False
    ):
        """Lock the terms of the documents signed by both parties: their
        state, signatories and date, the scanned signed document, and the
        message in the chatter. The document's own effects come after
        ``super()`` (the contract's obligations and activation...).

        :param dict attachments: {document id: ir.attachment} of the scanned
            signed document (paper signatures)
        :param bool online: both parties signed online
        """
        attachments = attachments or {}
        for document in self:
            attachment = attachments.get(document.id, self.env["ir.attachment"])
            values = {
                "state": "signed",
                "signed_by": signed_by,
                "date_signed": date_signed,
                "company_signatory_id": company_signatory.id,
            }
            if attachment:
                values["signed_attachment_id"] = attachment.id
            with document._workflow():
                document.write(values)
            body = (
                document._sign_online_message()
                if online
                else document._sign_paper_message(
                    signed_by, date_signed, company_signatory
                )
            )
            document.message_post(
                body=body,
                attachment_ids=attachment.ids,
                subtype_xmlid=document._get_sign_message_subtype(),
            )
        return True
