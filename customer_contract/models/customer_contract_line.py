# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from markupsafe import Markup

from odoo import api, fields, models

# Line fields whose changes are logged on the contract's chatter.
TRACKED_LINE_FIELDS = ("product_id", "name", "quantity", "price_unit", "discount")


class CustomerContractLine(models.Model):
    _name = "customer.contract.line"
    _description = "Contract Line"
    _order = "contract_id, sequence, id"
    _check_company_auto = True

    contract_id = fields.Many2one(
        "customer.contract",
        required=True,
        index=True,
        ondelete="cascade",
    )
    sequence = fields.Integer(default=10)
    company_id = fields.Many2one(
        related="contract_id.company_id", store=True, precompute=True
    )
    currency_id = fields.Many2one(related="contract_id.currency_id")
    partner_id = fields.Many2one(related="contract_id.partner_id")
    state = fields.Selection(related="contract_id.state")
    product_id = fields.Many2one(
        "product.product",
        required=True,
        check_company=True,
        domain="[('sale_ok', '=', True)]",
    )
    name = fields.Text(
        string="Description",
        required=True,
        compute="_compute_name",
        store=True,
        readonly=False,
        precompute=True,
    )
    quantity = fields.Float(default=1.0, digits="Product Unit", required=True)
    product_uom_id = fields.Many2one(
        "uom.uom",
        string="Unit",
        compute="_compute_product_uom_id",
        store=True,
        readonly=False,
        precompute=True,
    )
    price_unit = fields.Float(
        string="Unit Price",
        digits="Product Price",
        compute="_compute_price_unit",
        store=True,
        readonly=False,
        precompute=True,
    )
    discount = fields.Float(string="Discount (%)", digits="Discount")
    tax_ids = fields.Many2many(
        "account.tax",
        string="Taxes",
        compute="_compute_tax_ids",
        store=True,
        readonly=False,
        precompute=True,
        check_company=True,
        domain="[('type_tax_use', '=', 'sale')]",
    )
    price_subtotal = fields.Monetary(
        string="Subtotal", compute="_compute_amount", store=True
    )
    price_tax = fields.Monetary(string="Tax", compute="_compute_amount", store=True)
    price_total = fields.Monetary(string="Total", compute="_compute_amount", store=True)

    _quantity_positive = models.Constraint(
        "CHECK(quantity >= 0)", "The quantity of a contract line cannot be negative."
    )
    _price_positive = models.Constraint(
        "CHECK(price_unit >= 0)",
        "The unit price of a contract line cannot be negative.",
    )
    _discount_range = models.Constraint(
        "CHECK(discount >= 0 AND discount <= 100)",
        "The discount of a contract line must be between 0 and 100%.",
    )

    # ------------------------------------------------------------------
    # Compute
    # ------------------------------------------------------------------
    @api.depends("product_id")
    def _compute_name(self):
        for line in self:
            if line.product_id:
                line.name = line.product_id.get_product_multiline_description_sale()
            elif not line.name:
                line.name = False

    @api.depends("product_id")
    def _compute_product_uom_id(self):
        for line in self:
            if line.product_id and line.product_uom_id != line.product_id.uom_id:
                line.product_uom_id = line.product_id.uom_id

    @api.depends("product_id", "product_uom_id")
    def _compute_price_unit(self):
        for line in self:
            if not line.product_id:
                continue
            price = line.product_id.lst_price
            if line.product_uom_id and line.product_uom_id != line.product_id.uom_id:
                price = line.product_id.uom_id._compute_price(
                    price, line.product_uom_id
                )
            line.price_unit = price

    @api.depends("product_id", "company_id")
    def _compute_tax_ids(self):
        for line in self:
            company = line.company_id or self.env.company
            taxes = line.product_id.taxes_id._filter_taxes_by_company(company)
            fiscal_position = (
                self.env["account.fiscal.position"]
                .with_company(company)
                ._get_fiscal_position(line.contract_id.partner_id)
            )
            line.tax_ids = fiscal_position.map_tax(taxes)

    def _prepare_base_line_for_taxes_computation(self, **kwargs):
        self.ensure_one()
        return self.env["account.tax"]._prepare_base_line_for_taxes_computation(
            self,
            **{
                "tax_ids": self.tax_ids,
                "quantity": self.quantity,
                "partner_id": self.contract_id.partner_id,
                "currency_id": self.contract_id.currency_id
                or self.contract_id.company_id.currency_id,
                "name": self.name,
                **kwargs,
            },
        )

    @api.depends("quantity", "price_unit", "discount", "tax_ids")
    def _compute_amount(self):
        account_tax = self.env["account.tax"]
        for line in self:
            company = line.company_id or self.env.company
            base_line = line._prepare_base_line_for_taxes_computation()
            account_tax._add_tax_details_in_base_line(base_line, company)
            account_tax._round_base_lines_tax_details([base_line], company)
            line.price_subtotal = base_line["tax_details"]["total_excluded_currency"]
            line.price_total = base_line["tax_details"]["total_included_currency"]
            line.price_tax = line.price_total - line.price_subtotal

    # ------------------------------------------------------------------
    # CRUD: signed terms are locked, changes are logged on the contract
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        contracts = self.env["customer.contract"].browse(
            {vals["contract_id"] for vals in vals_list if vals.get("contract_id")}
        )
        contracts._check_terms_editable(what=self.env._("lines"))
        lines = super().create(vals_list)
        if not self.env.context.get("customer_contract_creating"):
            lines._log_on_contracts(self.env._("Line added"))
        return lines

    def write(self, vals):
        self.contract_id._check_terms_editable(what=self.env._("lines"))
        if "contract_id" in vals:
            self.env["customer.contract"].browse(
                vals["contract_id"]
            )._check_terms_editable(what=self.env._("lines"))
        tracked = [fname for fname in TRACKED_LINE_FIELDS if fname in vals]
        before = {}
        if tracked:
            before = {
                line.id: {fname: line._display_value(fname) for fname in tracked}
                for line in self
            }
        res = super().write(vals)
        if tracked:
            self._log_changes(before, tracked)
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_locked(self):
        self.contract_id._check_terms_editable(what=self.env._("lines"))

    def unlink(self):
        self._log_on_contracts(self.env._("Line removed"))
        return super().unlink()

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------
    def _display_value(self, fname):
        value = self[fname]
        if isinstance(value, models.BaseModel):
            return value.display_name or ""
        return value

    def _log_on_contracts(self, title):
        """Log one message per contract listing the given lines."""
        bodies = {}
        for contract, lines in self.grouped("contract_id").items():
            items = Markup("").join(
                Markup("<li>%s: %s &times; %s</li>")
                % (line.name or "", line.quantity, line.price_unit)
                for line in lines
            )
            bodies[contract.id] = Markup("<p>%s</p><ul>%s</ul>") % (title, items)
        if bodies:
            self.contract_id._message_log_batch(bodies=bodies)

    def _log_changes(self, before, tracked):
        labels = {
            fname: self._fields[fname].get_description(self.env)["string"]
            for fname in tracked
        }
        bodies = {}
        for contract, lines in self.grouped("contract_id").items():
            items = []
            for line in lines:
                for fname in tracked:
                    old, new = before[line.id][fname], line._display_value(fname)
                    if old != new:
                        items.append(
                            Markup("<li>%s / %s: %s &rarr; %s</li>")
                            % (line.name or "", labels[fname], old, new)
                        )
            if items:
                bodies[contract.id] = Markup("<p>%s</p><ul>%s</ul>") % (
                    self.env._("Line changed"),
                    Markup("").join(items),
                )
        if bodies:
            self.contract_id._message_log_batch(bodies=bodies)

    def _prepare_sale_order_line_values(self):
        self.ensure_one()
        return {
            "product_id": self.product_id.id,
            "name": self.name,
            "product_uom_qty": self.quantity,
            "product_uom_id": self.product_uom_id.id,
            "price_unit": self.price_unit,
            "discount": self.discount,
            "tax_ids": [fields.Command.set(self.tax_ids.ids)],
            "sequence": self.sequence,
        }
