# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError


class AccountMove(models.Model):
    _inherit = "account.move"

    contract_billing_line_id = fields.Many2one(
        "customer.contract.billing.line",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
        help="Line of the contract's billing schedule this invoice bills.",
    )

    # The key of the invoicing: one invoice (not cancelled) per line of a
    # billing schedule, whatever the number of workers billing at once.
    _contract_billing_line_uniq = models.UniqueIndex(
        "(contract_billing_line_id) WHERE contract_billing_line_id IS NOT NULL "
        "AND state != 'cancel'",
        "This line of the contract's billing schedule is invoiced already.",
    )

    def _check_contract_billing_line(self, vals_list):
        """Only the invoicing of a billing schedule links an invoice to one
        of its lines (the link marks the line as invoiced)."""
        Line = self.env["customer.contract.billing.line"]
        if any(vals.get("contract_billing_line_id") for vals in vals_list) and not (
            Line._workflow_allowed(creating=True)
        ):
            raise UserError(
                self.env._(
                    "An invoice is linked to a line of a contract's billing schedule "
                    "only when the schedule invoices it (Invoice Now on the contract, "
                    "or the daily scheduled action)."
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        self._check_contract_billing_line(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        if "contract_billing_line_id" in vals:
            self._check_contract_billing_line([{"contract_billing_line_id": True}])
        return super().write(vals)
