# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


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
        string="IP Address (Company)", readonly=True, copy=False
    )
    company_sign_user_agent = fields.Char(
        string="Browser (Company)", readonly=True, copy=False
    )

    # The sealed document (stored in the document's signed_attachment_id)
    signed_document_sha256 = fields.Char(
        string="SHA-256 of the Signed Document",
        readonly=True,
        copy=False,
        help="Fingerprint of the sealed PDF when it was stored; Verify "
        "recomputes it from the stored file.",
    )

    def _get_workflow_fields(self):
        fields_by_action = super()._get_workflow_fields()
        online = self.env._(
            "the online signature (Send for Signature, the customer's portal, "
            "Countersign)"
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
