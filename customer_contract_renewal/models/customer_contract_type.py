# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

from .customer_contract_renewal import RENEWAL_MODES


class CustomerContractType(models.Model):
    _inherit = "customer.contract.type"

    renewal_mode = fields.Selection(
        RENEWAL_MODES,
        default="none",
        required=True,
        help="How contracts of this type renew by default: not at all, "
        "through a negotiated renewal (opportunity and quotation), or "
        "automatically at their end date unless notice was given.",
    )
    renewal_term_months = fields.Integer(
        string="Renewal Term (months)",
        default=12,
        help="Length of each renewed term.",
    )
    renewal_notice_days = fields.Integer(
        string="Notice Period (days)",
        default=lambda self: self.env.company.contract_renewal_notice_days,
        help="Days before the end date by which either party must give notice "
        "of non-renewal.",
    )
    renewal_reminder_days = fields.Integer(
        string="Reminder Lead Time (days)",
        default=lambda self: self.env.company.contract_renewal_reminder_days,
        help="Days before the notice deadline when the owner and the customer "
        "are reminded of the coming renewal.",
    )
    renewal_uplift = fields.Float(
        string="Price Uplift (%)",
        digits=(16, 2),
        help="Percentage applied to the prices at each renewal.",
    )
    renewal_max = fields.Integer(
        string="Maximum Renewals",
        help="How many times a contract may renew; 0 for no limit.",
    )

    _renewal_terms_check = models.Constraint(
        "CHECK(renewal_term_months > 0 AND renewal_notice_days >= 0 "
        "AND renewal_reminder_days >= 0 AND renewal_max >= 0)",
        "The renewal term must be positive; the notice period, reminder lead "
        "time and maximum number of renewals cannot be negative.",
    )

    def _get_renewal_term_values(self):
        """Renewal terms a new contract of this type starts with."""
        self.ensure_one()
        return {
            "renewal_mode": self.renewal_mode,
            "renewal_term_months": self.renewal_term_months,
            "renewal_notice_days": self.renewal_notice_days,
            "renewal_reminder_days": self.renewal_reminder_days,
            "renewal_uplift": self.renewal_uplift,
            "renewal_max": self.renewal_max,
        }
