# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class CustomerContractClauseLine(models.Model):
    """A clause of one contract: its text rendered for that contract.

    It starts as a library clause rendered for the contract and stays
    editable until the contract is signed; an amendment renders it again for
    its terms unless it was edited by hand.
    """

    _name = "customer.contract.clause.line"
    _description = "Contract Clause Line"
    _inherit = ["customer.contract.clause.rendering.mixin"]
    _order = "contract_id, sequence, id"

    contract_id = fields.Many2one(
        "customer.contract",
        required=True,
        index=True,
        ondelete="cascade",
    )
    company_id = fields.Many2one(related="contract_id.company_id", store=True)
    state = fields.Selection(related="contract_id.state")
    sequence = fields.Integer(default=10)
    clause_id = fields.Many2one(
        "customer.contract.clause",
        string="Library Clause",
        ondelete="set null",
        help="Clause of the library this text comes from.",
    )
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
        self.env["customer.contract"].browse(
            {vals["contract_id"] for vals in vals_list if vals.get("contract_id")}
        )._check_terms_editable(what=self.env._("clauses"))
        return super().create(vals_list)

    def write(self, vals):
        self.contract_id._check_terms_editable(what=self.env._("clauses"))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_locked(self):
        self.contract_id._check_terms_editable(what=self.env._("clauses"))

    def _prepare_amendment_clause_values(self):
        """Values of the amendment clause proposing to keep this text."""
        self.ensure_one()
        return {
            "origin_clause_id": self.id,
            "clause_id": self.clause_id.id,
            "sequence": self.sequence,
            "name": self.name,
            "category": self.category,
            "body": self.body,
            "library_digest": self.library_digest,
            "rendered_digest": self.rendered_digest,
        }

    def _prepare_version_clause_values(self):
        """Values of the version clause freezing this text as it is."""
        self.ensure_one()
        return {
            "origin_clause_ref": self.id,
            "sequence": self.sequence,
            "name": self.name,
            "category": self.category,
            "body": self.body,
        }
