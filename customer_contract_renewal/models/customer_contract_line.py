# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class CustomerContractLine(models.Model):
    _inherit = "customer.contract.line"

    def _prepare_sale_order_line_values(self):
        values = super()._prepare_sale_order_line_values()
        values["contract_line_id"] = self.id
        return values
