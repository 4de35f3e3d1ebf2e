# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class CustomerContractAmendmentClause(models.Model):
    """A clause of the terms an amendment proposes."""

    _name = "customer.contract.amendment.clause"
    _description = "Contract Amendment Clause"
    _inherit = ["customer.contract.clause.rendering.mixin"]
    _order = "amendment_id, sequence, id"

    amendment_id = fields.Many2one(
        "customer.contract.amendment",
        required=True,
        index=True,
        ondelete="cascade",
    )
    company_id = fields.Many2one(related="amendment_id.company_id", store=True)
    origin_clause_id = fields.Many2one(
        "customer.contract.clause.line",
        string="Current Clause",
        readonly=True,
        index="btree_not_null",
        ondelete="set null",
        help="Clause of the contract this text replaces; empty for a new clause.",
    )
    clause_id = fields.Many2one(
        "customer.contract.clause", string="Library Clause", ondelete="set null"
    )
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Title", required=True)
    category = fields.Selection(
        selection=lambda self: (
            self.env["customer.contract.clause"]
            ._fields["category"]
            ._description_selection(self.env)
        ),
        default="general",
    )
    body = fields.Html(sanitize_attributes=False)

    @api.model_create_multi
    def create(self, vals_list):
        self.env["customer.contract.amendment"].browse(
            {vals["amendment_id"] for vals in vals_list if vals.get("amendment_id")}
        )._check_terms_editable()
        return super().create(vals_list)

    def write(self, vals):
        self.amendment_id._check_terms_editable()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_locked(self):
        self.amendment_id._check_terms_editable()

    def _prepare_contract_clause_values(self):
        """Values of the contract clause this proposed text becomes."""
        self.ensure_one()
        return {
            "sequence": self.sequence,
            "clause_id": self.clause_id.id,
            "name": self.name,
            "category": self.category,
            "body": self.body,
            "library_digest": self.library_digest,
            "rendered_digest": self.rendered_digest,
        }
