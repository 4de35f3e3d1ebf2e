# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CustomerContractBillingInstallment(models.Model):
    """One installment of a contract billed by installments: an amount or a
    percentage of the contract value, due on a date or once an obligation of
    the contract is done. Part of the agreed terms: editable until the
    contract is signed."""

    _name = "customer.contract.billing.installment"
    _description = "Contract Billing Installment"
    _order = "contract_id, sequence, id"
    _check_company_auto = True

    contract_id = fields.Many2one(
        "customer.contract", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(
        related="contract_id.company_id", store=True, precompute=True
    )
    currency_id = fields.Many2one(related="contract_id.currency_id")
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Label", required=True)
    value_type = fields.Selection(
        [("percent", "Percentage"), ("fixed", "Fixed Amount")],
        default="percent",
        required=True,
    )
    percent = fields.Float(string="Percentage", digits=(16, 2))
    amount_fixed = fields.Monetary(string="Fixed Amount")
    trigger = fields.Selection(
        [("date", "On a Date"), ("obligation", "When an Obligation Is Done")],
        string="Due",
        default="date",
        required=True,
    )
    date_planned = fields.Date(string="Date")
    obligation_id = fields.Many2one(
        "customer.contract.obligation",
        check_company=True,
        domain="[('contract_id', '=', contract_id)]",
        help="The installment is invoiced once this obligation is done.",
    )

    _percent_range = models.Constraint(
        "CHECK(percent >= 0 AND percent <= 100)",
        "The percentage of an installment must be between 0 and 100.",
    )
    _amount_positive = models.Constraint(
        "CHECK(amount_fixed >= 0)",
        "The amount of an installment cannot be negative.",
    )

    @api.constrains("trigger", "date_planned", "obligation_id", "contract_id")
    def _check_trigger(self):
        for installment in self:
            if installment.trigger == "date" and not installment.date_planned:
                raise ValidationError(
                    self.env._(
                        'Installment "%(name)s" of contract %(contract)s is due on a '
                        "date: set the date.",
                        name=installment.name,
                        contract=installment.contract_id.display_name,
                    )
                )
            if installment.trigger == "obligation" and (
                not installment.obligation_id
                or installment.obligation_id.contract_id != installment.contract_id
            ):
                raise ValidationError(
                    self.env._(
                        'Installment "%(name)s" of contract %(contract)s is due when '
                        "an obligation is done: choose an obligation of this "
                        "contract.",
                        name=installment.name,
                        contract=installment.contract_id.display_name,
                    )
                )

    # ------------------------------------------------------------------
    # CRUD: part of the terms, locked once the contract is signed
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        self.env["customer.contract"].browse(
            {vals["contract_id"] for vals in vals_list if vals.get("contract_id")}
        )._check_terms_editable(what=self.env._("billing installments"))
        return super().create(vals_list)

    def write(self, vals):
        contracts = self.contract_id
        if vals.get("contract_id"):
            contracts |= contracts.browse(vals["contract_id"])
        contracts._check_terms_editable(what=self.env._("billing installments"))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_locked(self):
        self.contract_id._check_terms_editable(what=self.env._("billing installments"))

    def _get_factor(self, value):
        """Part of the contract value (``value``) this installment bills."""
        self.ensure_one()
        if self.value_type == "percent":
            return self.percent / 100.0
        return self.amount_fixed / value if value else 0.0
