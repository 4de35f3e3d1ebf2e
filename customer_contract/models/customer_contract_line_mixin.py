# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import math

from odoo import api, fields, models
from odoo.exceptions import ValidationError


def check_finite_numbers(model, vals, document):
    """Refuse a number that is not a number (NaN) or is infinite, in ``vals``
    of ``model`` or in the lines they create or update.

    :param document: function returning the name of the document (contract,
        amendment) the values are for, to say where the wrong number is
        (called only to say so)
    """
    for fname, value in vals.items():
        field = model._fields.get(fname)
        if not field:
            continue
        if field.type in ("one2many", "many2many") and isinstance(value, list | tuple):
            comodel = model.env[field.comodel_name]
            for command in value:
                if (
                    isinstance(command, list | tuple)
                    and len(command) == 3
                    and command[0] in (fields.Command.CREATE, fields.Command.UPDATE)
                    and isinstance(command[2], dict)
                ):
                    check_finite_numbers(
                        comodel.browse(command[1] if command[0] else ()),
                        command[2],
                        document,
                    )
        elif (
            field.type in ("float", "monetary")
            and isinstance(value, float)
            and not math.isfinite(value)
        ):
            if hasattr(model, "_get_line_document_field"):
                raise ValidationError(
                    model.env._(
                        '%(document)s, line "%(line)s": the %(field)s must be a '
                        "finite number, not %(value)s.",
                        document=document(),
                        line=vals.get("name") or model[:1].exists().name or "-",
                        field=field.get_description(model.env)["string"],
                        value=value,
                    )
                )
            raise ValidationError(
                model.env._(
                    "%(document)s: the %(field)s must be a finite number, not "
                    "%(value)s.",
                    document=document(),
                    field=field.get_description(model.env)["string"],
                    value=value,
                )
            )


class CustomerContractLineMixin(models.AbstractModel):
    """Priced line of a contract or of an amendment's proposed terms.

    The inheriting model defines ``company_id``, ``currency_id``,
    ``partner_id`` and ``pricelist_id`` (usually related to its document).
    """

    _name = "customer.contract.line.mixin"
    _description = "Contract Line (common part)"
    _check_company_auto = True

    # Redefined by the inheriting models, usually as related fields.
    company_id = fields.Many2one("res.company")
    currency_id = fields.Many2one("res.currency")
    partner_id = fields.Many2one("res.partner")
    pricelist_id = fields.Many2one("product.pricelist")
    sequence = fields.Integer(default=10)
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
        aggregator=False,
        digits="Product Price",
        compute="_compute_price_unit",
        store=True,
        readonly=False,
        precompute=True,
    )
    discount = fields.Float(string="Discount (%)", aggregator=False, digits="Discount")
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
    # CRUD
    # ------------------------------------------------------------------
    def _get_line_document_field(self):
        """Field of the line holding its document (contract or amendment)."""
        raise NotImplementedError

    @api.model_create_multi
    def create(self, vals_list):
        document_field = self._get_line_document_field()
        documents = self.env[self._fields[document_field].comodel_name]
        for vals in vals_list:
            check_finite_numbers(
                self,
                vals,
                lambda vals=vals: (
                    documents.browse(vals.get(document_field)).display_name
                ),
            )
        return super().create(vals_list)

    def write(self, vals):
        check_finite_numbers(
            self, vals, lambda: self[:1][self._get_line_document_field()].display_name
        )
        return super().write(vals)

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
        # As a sales order line: the price of the document's pricelist (the
        # product's sales price when there is none), in the document's
        # currency, converted at today's rate.
        for line in self:
            if not line.product_id:
                continue
            company = line.company_id or self.env.company
            line.price_unit = line._get_pricelist_price(company)

    def _get_pricelist_price(self, company):
        """Unit price of the line's product from the pricelist of its
        document, in the currency of the document and the line's unit."""
        self.ensure_one()
        currency = self.currency_id or company.currency_id
        return self.pricelist_id.with_company(company)._get_product_price(
            self.product_id.with_company(company),
            self.quantity or 1.0,
            currency=currency,
            uom=self.product_uom_id or self.product_id.uom_id,
            date=fields.Date.context_today(self),
        )

    @api.depends("product_id", "company_id")
    def _compute_tax_ids(self):
        for line in self:
            company = line.company_id or self.env.company
            taxes = line.product_id.taxes_id._filter_taxes_by_company(company)
            fiscal_position = (
                self.env["account.fiscal.position"]
                .with_company(company)
                ._get_fiscal_position(line.partner_id)
            )
            line.tax_ids = fiscal_position.map_tax(taxes)

    def _prepare_base_line_for_taxes_computation(self, **kwargs):
        self.ensure_one()
        return self.env["account.tax"]._prepare_base_line_for_taxes_computation(
            self,
            **{
                "tax_ids": self.tax_ids,
                "quantity": self.quantity,
                "partner_id": self.partner_id,
                "currency_id": self.currency_id or self.company_id.currency_id,
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

    def _get_amounts(self, currency, company):
        """Untaxed, tax and total amounts of these lines, as a document sums
        them (taxes rounded per document as the company's settings say).

        :return: dict with ``amount_untaxed``, ``amount_tax``, ``amount_total``
        """
        account_tax = self.env["account.tax"]
        base_lines = [line._prepare_base_line_for_taxes_computation() for line in self]
        account_tax._add_tax_details_in_base_lines(base_lines, company)
        account_tax._round_base_lines_tax_details(base_lines, company)
        totals = account_tax._get_tax_totals_summary(
            base_lines=base_lines,
            currency=currency or company.currency_id,
            company=company,
        )
        return {
            "amount_untaxed": totals["base_amount_currency"],
            "amount_tax": totals["tax_amount_currency"],
            "amount_total": totals["total_amount_currency"],
        }
