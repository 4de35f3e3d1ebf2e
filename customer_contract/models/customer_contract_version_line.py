# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class CustomerContractVersionLine(models.Model):
    """A priced line of a contract version, copied as it was."""

    _name = "customer.contract.version.line"
    _inherit = ["customer.contract.frozen.mixin"]
    _description = "Contract Version Line"
    _order = "version_id, sequence, id"

    version_id = fields.Many2one(
        "customer.contract.version",
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
    )
    company_id = fields.Many2one(related="version_id.company_id", store=True)
    currency_id = fields.Many2one(related="version_id.currency_id")
    origin_line_ref = fields.Integer(
        readonly=True, help="Identifier of the contract line this line was."
    )
    sequence = fields.Integer(readonly=True)
    product_id = fields.Many2one("product.product", readonly=True)
    name = fields.Text(string="Description", readonly=True)
    quantity = fields.Float(digits="Product Unit", readonly=True)
    product_uom_id = fields.Many2one("uom.uom", string="Unit", readonly=True)
    price_unit = fields.Float(
        string="Unit Price", aggregator=False, digits="Product Price", readonly=True
    )
    discount = fields.Float(
        string="Discount (%)", aggregator=False, digits="Discount", readonly=True
    )
    tax_ids = fields.Many2many("account.tax", string="Taxes", readonly=True)
    price_subtotal = fields.Monetary(string="Subtotal", readonly=True)
    price_total = fields.Monetary(string="Total", readonly=True)
