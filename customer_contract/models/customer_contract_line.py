# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from markupsafe import Markup

from odoo import api, fields, models
from odoo.tools import formatLang

from .customer_contract import AMENDING_KEY

# Line fields whose changes are logged on the contract's chatter.
TRACKED_LINE_FIELDS = ("product_id", "name", "quantity", "price_unit", "discount")


class CustomerContractLine(models.Model):
    _name = "customer.contract.line"
    _inherit = ["customer.contract.line.mixin"]
    _description = "Contract Line"
    _order = "contract_id, sequence, id"
    _check_company_auto = True

    contract_id = fields.Many2one(
        "customer.contract",
        required=True,
        index=True,
        ondelete="cascade",
    )
    company_id = fields.Many2one(
        related="contract_id.company_id", store=True, precompute=True
    )
    currency_id = fields.Many2one(related="contract_id.currency_id")
    partner_id = fields.Many2one(related="contract_id.partner_id")
    pricelist_id = fields.Many2one(related="contract_id.pricelist_id")
    state = fields.Selection(related="contract_id.state")

    def _get_line_document_field(self):
        return "contract_id"

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
        to_log = self._lines_to_log()
        tracked = [fname for fname in TRACKED_LINE_FIELDS if fname in vals]
        before = {}
        if tracked and to_log:
            before = {
                line.id: {fname: line._display_value(fname) for fname in tracked}
                for line in to_log
            }
        res = super().write(vals)
        if before:
            to_log._log_changes(before, tracked)
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
        field = self._fields[fname]
        if field.type == "float":
            # Formatted for the reader, with the field's precision.
            digits = field.get_digits(self.env)
            return formatLang(self.env, value, digits=digits[1] if digits else 2)
        return value

    def _lines_to_log(self):
        """Lines whose changes are logged one by one: not those an amendment
        is writing (the amendment's own message says what changed)."""
        amending = self.env.cr.cache.get(AMENDING_KEY, ())
        return self.filtered(lambda line: line.contract_id.id not in amending)

    def _log_on_contracts(self, title):
        """Log one message per contract listing the given lines."""
        bodies = {}
        for contract, lines in self._lines_to_log().grouped("contract_id").items():
            items = Markup("").join(
                Markup("<li>%s: %s &times; %s</li>")
                % (
                    line.name or "",
                    line._display_value("quantity"),
                    line._display_value("price_unit"),
                )
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
        for contract, lines in self._lines_to_log().grouped("contract_id").items():
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

    def _prepare_amendment_line_values(self):
        """Values of the amendment line proposing to keep this line as is."""
        self.ensure_one()
        return {
            "origin_line_id": self.id,
            "sequence": self.sequence,
            "product_id": self.product_id.id,
            "name": self.name,
            "quantity": self.quantity,
            "product_uom_id": self.product_uom_id.id,
            "price_unit": self.price_unit,
            "discount": self.discount,
            "tax_ids": [fields.Command.set(self.tax_ids.ids)],
        }

    def _prepare_version_line_values(self):
        """Values of the version line freezing this line as it is."""
        self.ensure_one()
        return {
            "origin_line_ref": self.id,
            "sequence": self.sequence,
            "product_id": self.product_id.id,
            "name": self.name,
            "quantity": self.quantity,
            "product_uom_id": self.product_uom_id.id,
            "price_unit": self.price_unit,
            "discount": self.discount,
            "tax_ids": [fields.Command.set(self.tax_ids.ids)],
            "price_subtotal": self.price_subtotal,
            "price_total": self.price_total,
        }
