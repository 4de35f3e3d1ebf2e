# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    contract_obligation_reminder_days = fields.Integer(
        string="Obligation Reminder (days)",
        default=7,
        help="Days before an obligation's due date when its owner gets an activity.",
    )
    contract_compliance_warning_days = fields.Integer(
        string="Compliance Warning Window (days)",
        default=14,
        help="A contract is at risk while one of its obligations is due within "
        "this many days.",
    )
    contract_sign_order = fields.Selection(
        [
            ("customer_first", "The customer signs first"),
            ("company_first", "The company signs first"),
        ],
        string="Signature Order",
        default="customer_first",
        required=True,
        help="Who signs a contract or an amendment sent for signature first; "
        "the other party signs once the first has.",
    )
    contract_sign_reminder_days = fields.Integer(
        string="Signature Reminder Cadence (days)",
        default=3,
        help="A signature request not answered is reminded to the customer "
        "every this many days (0: no reminder).",
    )
    contract_sign_expiry_days = fields.Integer(
        string="Signature Request Validity (days)",
        default=30,
        help="A signature request not answered expires after this many days.",
    )

    _contract_obligation_days_check = models.Constraint(
        "CHECK(contract_obligation_reminder_days >= 0 "
        "AND contract_compliance_warning_days >= 0)",
        "The obligation reminder and the compliance warning window cannot be negative.",
    )
    _contract_sign_days_check = models.Constraint(
        "CHECK(contract_sign_reminder_days >= 0 AND contract_sign_expiry_days > 0)",
        "The signature reminder cadence cannot be negative and a signature "
        "request must be valid for at least one day.",
    )

    contract_overdue_activity_days = fields.Integer(
        string="Overdue Invoice Activity (days)",
        default=15,
        help="Days after the due date of an unpaid invoice of a contract when "
        "the contract's owner gets an activity for it (once per invoice).",
    )
    _contract_overdue_activity_days_check = models.Constraint(
        "CHECK(contract_overdue_activity_days >= 0)",
        "The number of days after which an overdue invoice is reminded to the "
        "contract's owner cannot be negative.",
    )
