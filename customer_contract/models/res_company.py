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

    _contract_obligation_days_check = models.Constraint(
        "CHECK(contract_obligation_reminder_days >= 0 "
        "AND contract_compliance_warning_days >= 0)",
        "The obligation reminder and the compliance warning window cannot be negative.",
    )
