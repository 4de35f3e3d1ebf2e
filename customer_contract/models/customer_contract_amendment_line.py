# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class CustomerContractAmendmentLine(models.Model):
    """A priced line of the terms an amendment proposes."""

    _name = "customer.contract.amendment.line"
    _inherit = ["customer.contract.line.mixin"]
    _description = "Contract Amendment Line"
    _order = "amendment_id, sequence, id"

    amendment_id = fields.Many2one(
        "customer.contract.amendment",
        required=True,
        index=True,
        ondelete="cascade",
    )
    company_id = fields.Many2one(
        related="amendment_id.company_id", store=True, precompute=True
    )
    currency_id = fields.Many2one(related="amendment_id.currency_id")
    partner_id = fields.Many2one(related="amendment_id.partner_id")
    pricelist_id = fields.Many2one(related="amendment_id.pricelist_id")
    origin_line_id = fields.Many2one(
        "customer.contract.line",
        string="Current Line",
        readonly=True,
        index="btree_not_null",
        ondelete="set null",
        help="Line of the contract this line replaces; empty for a new line.",
    )

    def _get_line_document_field(self):
        return "amendment_id"

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

    def _prepare_contract_line_values(self):
        """Values of the contract line these proposed terms become."""
        self.ensure_one()
        return {
            "sequence": self.sequence,
            "product_id": self.product_id.id,
            "name": self.name,
            "quantity": self.quantity,
            "product_uom_id": self.product_uom_id.id,
            "price_unit": self.price_unit,
            "discount": self.discount,
            "tax_ids": [fields.Command.set(self.tax_ids.ids)],
        }

    def _has_same_amount_terms(self, contract_line):
        """Whether ``contract_line`` has the terms this line's amounts are
        computed from (then its amounts are the same); the currency, company
        and customer, the same for all the lines of a document, are compared
        by the caller."""
        self.ensure_one()
        return all(
            self[fname] == contract_line[fname]
            for fname in self._get_amount_term_fields()
        )

    @api.model
    def _get_amount_term_fields(self):
        """Fields the amounts of a line are computed from (extension point)."""
        return (
            "quantity",
            "price_unit",
            "discount",
            "tax_ids",
            "product_id",
            "product_uom_id",
        )

    def _get_changed_values(self, contract_line):
        """The values of ``contract_line`` these proposed terms change."""
        self.ensure_one()
        values = self._prepare_contract_line_values()
        current = contract_line._prepare_amendment_line_values()
        changed = {
            fname: value
            for fname, value in values.items()
            if fname != "tax_ids" and current.get(fname) != value
        }
        if set(self.tax_ids.ids) != set(contract_line.tax_ids.ids):
            changed["tax_ids"] = values["tax_ids"]
        if {"product_id", "product_uom_id"} & set(changed):
            # The line's defaults follow the product: write every value.
            return values
        return changed
