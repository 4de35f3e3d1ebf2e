# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    contract_renewal_notice_days = fields.Integer(
        string="Renewal Notice Period (days)",
        default=30,
        help="Default notice period of new contract types: days before the end "
        "of a contract by which either party must give notice of non-renewal.",
    )
    contract_renewal_reminder_days = fields.Integer(
        string="Renewal Reminder Lead Time (days)",
        default=30,
        help="Default reminder lead time of new contract types: days before the "
        "notice deadline when the owner and the customer are reminded.",
    )
    contract_renewal_reminder_template_id = fields.Many2one(
        "mail.template",
        string="Renewal Reminder Email",
        domain="[('model', '=', 'customer.contract')]",
        help="Email sent to the customer's signatory at the reminder date.",
    )
    contract_renewal_done_template_id = fields.Many2one(
        "mail.template",
        string="Renewal Email",
        domain="[('model', '=', 'customer.contract')]",
        help="Email announcing an automatic renewal to the customer's signatory.",
    )

    _contract_renewal_days_check = models.Constraint(
        "CHECK(contract_renewal_notice_days >= 0 "
        "AND contract_renewal_reminder_days >= 0)",
        "The renewal notice period and reminder lead time cannot be negative.",
    )
