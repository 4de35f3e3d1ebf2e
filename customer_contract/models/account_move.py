# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class AccountMove(models.Model):
    _inherit = "account.move"

    contract_id = fields.Many2one(
        "customer.contract",
        index="btree_not_null",
        copy=True,
        tracking=True,
        check_company=True,
        domain="[('commercial_partner_id', '=', commercial_partner_id), "
        "('state', 'not in', ('draft', 'cancelled'))]",
        help="Customer contract this invoice belongs to.",
    )
    # Set by the daily overdue activity of the contracts only (superuser):
    # the invoice's contract owner got the activity, never again for it.
    contract_overdue_activity_date = fields.Date(
        string="Overdue Activity On",
        readonly=True,
        copy=False,
        groups="base.group_system",
        help="Day the owner of the invoice's contract got an activity for it, overdue.",
    )

    def _invoice_paid_hook(self):
        """An invoice paid closes the overdue activity its contract's owner
        got for it, with a note in the owner's language."""
        res = super()._invoice_paid_hook()
        activities = (
            self.env["mail.activity"]
            .sudo()
            .search([("contract_invoice_id", "in", self.ids)])
        )
        for activity in activities:
            invoice = activity.contract_invoice_id
            env = activity.with_context(lang=activity.user_id.lang).env
            activity.with_env(env).action_feedback(
                feedback=env._("Invoice %(invoice)s is paid.", invoice=invoice.name)
            )
        return res

    @api.constrains("contract_id", "partner_id", "company_id", "move_type")
    def _check_contract_id(self):
        for move in self.sudo().filtered("contract_id"):
            contract = move.contract_id
            if move.move_type not in ("out_invoice", "out_refund"):
                raise ValidationError(
                    self.env._(
                        "Only customer invoices and credit notes can be linked to "
                        "contract %(contract)s.",
                        contract=contract.display_name,
                    )
                )
            if contract.commercial_partner_id != move.commercial_partner_id:
                raise ValidationError(
                    self.env._(
                        "Invoice %(move)s is for %(customer)s, but contract "
                        "%(contract)s is with %(contract_customer)s: link the invoice "
                        "to a contract of the same customer.",
                        move=move.display_name,
                        customer=move.commercial_partner_id.display_name,
                        contract=contract.display_name,
                        contract_customer=contract.commercial_partner_id.display_name,
                    )
                )
            if contract.company_id != move.company_id:
                raise ValidationError(
                    self.env._(
                        "Invoice %(move)s belongs to %(company)s, but contract "
                        "%(contract)s to %(contract_company)s.",
                        move=move.display_name,
                        company=move.company_id.name,
                        contract=contract.display_name,
                        contract_company=contract.company_id.name,
                    )
                )

    def action_view_contract(self):
        self.ensure_one()
        return self.contract_id._get_records_action(context={})
