# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

from .billing_plan import BILLING_INTERVALS, BILLING_PLANS, BILLING_TIMINGS


class CustomerContractType(models.Model):
    _inherit = "customer.contract.type"

    billing_plan = fields.Selection(
        BILLING_PLANS,
        default="none",
        required=True,
        help="Default billing plan of new contracts of this type. None: invoiced "
        "by hand or through sales orders. Recurring: the contract value is "
        "invoiced over its term, period by period. Installments: a schedule of "
        "amounts or percentages of the contract value, set on each contract.",
    )
    billing_interval = fields.Selection(
        BILLING_INTERVALS, string="Billing Period", default="1", required=True
    )
    billing_timing = fields.Selection(BILLING_TIMINGS, default="advance", required=True)
    billing_day = fields.Integer(
        default=1,
        aggregator=False,
        help="Day of the month on which a period is invoiced (1 to 28): of its "
        "first month in advance, of the month after it in arrears.",
    )

    _billing_day_range = models.Constraint(
        "CHECK(billing_day BETWEEN 1 AND 28)",
        "The billing day must be between 1 and 28.",
    )

    def _get_billing_plan_values(self):
        self.ensure_one()
        return {
            "billing_plan": self.billing_plan,
            "billing_interval": self.billing_interval,
            "billing_timing": self.billing_timing,
            "billing_day": self.billing_day,
        }
