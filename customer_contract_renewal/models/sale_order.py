# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError


class SaleOrder(models.Model):
    _name = "sale.order"
    _inherit = ["sale.order", "customer.contract.workflow.mixin"]

    contract_renewal_id = fields.Many2one(
        "customer.contract.renewal",
        string="Renews",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The contract term this quotation renews: confirming it renews the "
        "contract at the quotation's prices.",
    )

    def _get_workflow_fields(self):
        owned = super()._get_workflow_fields()
        owned["contract_renewal_id"] = self.env._(
            'Use the "Create Renewal Quotation" button of the contract or of its '
            "renewal opportunity."
        )
        return owned

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_workflow_fields(vals, creating=True)
        return super().create(vals_list)

    def write(self, vals):
        self._check_workflow_fields(vals)
        return super().write(vals)

    def action_confirm(self):
        res = super().action_confirm()
        self.filtered("contract_renewal_id")._renew_contract()
        return res

    def _renew_contract(self):
        """Renew the contracts of the confirmed renewal quotations."""
        for order in self:
            renewal = order.sudo().contract_renewal_id
            contract = renewal.contract_id
            contract._lock_rows()
            renewal.invalidate_recordset()
            if (
                renewal.state != "pending"
                or renewal.term != contract._get_renewal_term()
            ):
                raise UserError(
                    self.env._(
                        "Quotation %(order)s renews term %(term)s of contract "
                        "%(contract)s, which is already %(state)s.",
                        order=order.name,
                        term=renewal.term,
                        contract=contract.display_name,
                        state=dict(
                            renewal._fields["state"]._description_selection(self.env)
                        )[renewal.state],
                    )
                )
            contract._check_renewable_by_hand()
            line_values = order.order_line._prepare_renewal_amendment_line_values(
                contract
            )
            if not line_values:
                raise UserError(
                    self.env._(
                        "Quotation %(order)s has no product line: it cannot renew "
                        "contract %(contract)s.",
                        order=order.name,
                        contract=contract.display_name,
                    )
                )
            contract._renewal_submit(
                renewal,
                "quotation",
                [contract._prepare_renewal_amendment_values(renewal, line_values)],
            )
            lead = renewal.opportunity_id
            if lead and lead.active and lead.won_status != "won":
                lead.action_set_won()
        return True


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    contract_line_id = fields.Many2one(
        "customer.contract.line",
        readonly=True,
        copy=False,
        index="btree_not_null",
    )

    def _prepare_renewal_amendment_line_values(self, contract):
        """Amendment line values renewing ``contract`` at these lines' terms."""
        values = []
        for line in self:
            if line.display_type or not line.product_id:
                continue
            if line.contract_line_id and line.contract_line_id in contract.line_ids:
                vals = line.contract_line_id._prepare_amendment_line_values()
            else:
                vals = {"product_id": line.product_id.id}
            vals.update(
                {
                    "name": line.name,
                    "sequence": line.sequence,
                    "quantity": line.product_uom_qty,
                    "product_uom_id": line.product_uom_id.id,
                    "price_unit": line.price_unit,
                    "discount": line.discount,
                    "tax_ids": [fields.Command.set(line.tax_ids.ids)],
                }
            )
            values.append(vals)
        return values
