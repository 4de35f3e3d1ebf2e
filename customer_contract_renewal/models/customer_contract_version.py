# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

from .customer_contract_renewal import RENEWAL_MODES


class CustomerContractVersion(models.Model):
    _inherit = "customer.contract.version"

    # The renewal terms as they were (customer.contract._prepare_version_values)
    renewal_mode = fields.Selection(RENEWAL_MODES, readonly=True)
    renewal_term_months = fields.Integer(
        string="Renewal Term (months)", aggregator=False, readonly=True
    )
    renewal_notice_days = fields.Integer(
        string="Notice Period (days)", aggregator=False, readonly=True
    )
    renewal_reminder_days = fields.Integer(
        string="Reminder Lead Time (days)", aggregator=False, readonly=True
    )
    renewal_uplift = fields.Float(
        string="Price Uplift (%)", aggregator=False, digits=(16, 2), readonly=True
    )
    renewal_max = fields.Integer(
        string="Maximum Renewals", aggregator=False, readonly=True
    )
