# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

from .customer_contract_renewal import (
    RENEWAL_MODES,
    RENEWAL_TERM_FIELDS,
    check_renewal_terms,
    check_renewal_uplift_value,
)


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
        aggregator=False,
        default=12,
        help="Length of each renewed term.",
    )
    renewal_notice_days = fields.Integer(
        string="Notice Period (days)",
        aggregator=False,
        default=lambda self: self.env.company.contract_renewal_notice_days,
        help="Days before the end date by which either party must give notice "
        "of non-renewal.",
    )
    renewal_reminder_days = fields.Integer(
        string="Reminder Lead Time (days)",
        aggregator=False,
        default=lambda self: self.env.company.contract_renewal_reminder_days,
        help="Days before the notice deadline when the owner and the customer "
        "are reminded of the coming renewal.",
    )
    renewal_uplift = fields.Float(
        string="Price Uplift (%)",
        aggregator=False,
        digits=(16, 2),
        help="Percentage applied to the prices at each renewal.",
    )
    renewal_max = fields.Integer(
        string="Maximum Renewals",
        aggregator=False,
        help="How many times a contract may renew; 0 for no limit.",
    )

    @api.constrains(*RENEWAL_TERM_FIELDS)
    def _check_renewal_terms(self):
        for contract_type in self:
            check_renewal_terms(
                contract_type,
                self.env._("contract type %(type)s", type=contract_type.display_name),
            )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            check_renewal_uplift_value(
                self.env,
                vals,
                self.env._("contract type %(type)s", type=vals.get("name", "")),
            )
        return super().create(vals_list)

    def write(self, vals):
        check_renewal_uplift_value(
            self.env,
            vals,
            self.env._("contract type %(type)s", type=self[:1].display_name),
        )
        return super().write(vals)

    def _get_renewal_term_values(self):
        """Renewal terms a new contract of this type starts with."""
        self.ensure_one()
        return {fname: self[fname] for fname in RENEWAL_TERM_FIELDS}
