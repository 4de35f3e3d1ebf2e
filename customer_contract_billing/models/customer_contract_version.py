# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

from .billing_plan import BILLING_INTERVALS, BILLING_PLANS, BILLING_TIMINGS


class CustomerContractVersion(models.Model):
    _inherit = "customer.contract.version"

    # The billing plan as it was (customer.contract._prepare_version_values)
    billing_plan = fields.Selection(BILLING_PLANS, readonly=True)
    billing_interval = fields.Selection(
        BILLING_INTERVALS, string="Billing Period", readonly=True
    )
    billing_timing = fields.Selection(BILLING_TIMINGS, readonly=True)
    billing_day = fields.Integer(aggregator=False, readonly=True)
