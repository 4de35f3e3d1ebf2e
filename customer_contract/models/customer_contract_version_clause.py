# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class CustomerContractVersionClause(models.Model):
    """A clause of a contract version: its text as it was."""

    _name = "customer.contract.version.clause"
    _inherit = ["customer.contract.frozen.mixin"]
    _description = "Contract Version Clause"
    _order = "version_id, sequence, id"

    version_id = fields.Many2one(
        "customer.contract.version",
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
    )
    company_id = fields.Many2one(related="version_id.company_id", store=True)
    origin_clause_ref = fields.Integer(
        readonly=True, help="Identifier of the contract clause this clause was."
    )
    sequence = fields.Integer(readonly=True)
    name = fields.Char(string="Title", readonly=True)
    category = fields.Selection(
        selection=lambda self: (
            self.env["customer.contract.clause"]
            ._fields["category"]
            ._description_selection(self.env)
        ),
        readonly=True,
    )
    body = fields.Html(sanitize_attributes=False, readonly=True)
