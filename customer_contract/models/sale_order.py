# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


class SaleOrder(models.Model):
    _inherit = "sale.order"

    contract_id = fields.Many2one(
        "customer.contract",
        index="btree_not_null",
        copy=False,
        tracking=True,
        check_company=True,
        domain="[('commercial_partner_id', '=', commercial_partner_id)]",
    )
    commercial_partner_id = fields.Many2one(related="partner_id.commercial_partner_id")

    @api.constrains("contract_id", "partner_id")
    def _check_contract_partner(self):
        for order in self.sudo():
            contract = order.contract_id
            if (
                contract
                and contract.commercial_partner_id
                != order.partner_id.commercial_partner_id
            ):
                raise ValidationError(
                    self.env._(
                        "Order %(order)s is for %(customer)s, but contract "
                        "%(contract)s is with %(contract_customer)s.",
                        order=order.name,
                        customer=order.partner_id.commercial_partner_id.display_name,
                        contract=contract.display_name,
                        contract_customer=contract.commercial_partner_id.display_name,
                    )
                )

    def _get_invoice_grouping_keys(self):
        # Orders of different contracts are never merged into one invoice.
        return super()._get_invoice_grouping_keys() + ["contract_id"]

    def _prepare_invoice(self):
        values = super()._prepare_invoice()
        # Always set, as a grouping key: orders without contract get False.
        values["contract_id"] = self.contract_id.id
        return values

    def _prepare_contract_values(self):
        self.ensure_one()
        return {
            "name": self.env._("Contract for %(order)s", order=self.name),
            "partner_id": self.partner_id.id,
            "company_id": self.company_id.id,
            "pricelist_id": self.pricelist_id.id,
            "currency_id": self.currency_id.id,
            "user_id": self.user_id.id or self.env.user.id,
            "team_id": self.team_id.id,
            "opportunity_id": self.opportunity_id.id,
            "expected_value": self.amount_untaxed,
            "line_ids": [
                fields.Command.create(line._prepare_contract_line_values())
                for line in self.order_line
                if not line.display_type and line.product_id
            ],
        }

    def action_create_contract(self):
        self.ensure_one()
        if self.contract_id:
            raise UserError(
                self.env._(
                    "Order %(order)s is already linked to contract %(contract)s.",
                    order=self.name,
                    contract=self.contract_id.display_name,
                )
            )
        if self.state == "cancel":
            raise UserError(
                self.env._(
                    "Order %(order)s is cancelled: no contract can be made from it.",
                    order=self.name,
                )
            )
        contract = self.env["customer.contract"].create(self._prepare_contract_values())
        self.contract_id = contract
        return contract._get_records_action(context={})

    def action_view_contract(self):
        self.ensure_one()
        return self.contract_id._get_records_action(context={})


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    def _prepare_contract_line_values(self):
        self.ensure_one()
        return {
            "product_id": self.product_id.id,
            "name": self.name,
            "quantity": self.product_uom_qty,
            "product_uom_id": self.product_uom_id.id,
            "price_unit": self.price_unit,
            "discount": self.discount,
            "tax_ids": [fields.Command.set(self.tax_ids.ids)],
            "sequence": self.sequence,
        }
