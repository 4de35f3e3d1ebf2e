# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.tools import format_date

from .customer_contract_renewal import (
    RENEWAL_MODES,
    RENEWAL_TERM_FIELDS,
    check_renewal_terms,
    check_renewal_uplift_value,
)


class CustomerContractAmendment(models.Model):
    _inherit = "customer.contract.amendment"

    renewal_id = fields.Many2one(
        "customer.contract.renewal",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The term this amendment renews the contract after.",
    )
    # The proposed renewal terms (copied from the contract, see
    # customer.contract._prepare_amendment_values).
    renewal_mode = fields.Selection(RENEWAL_MODES)
    renewal_term_months = fields.Integer(
        string="Renewal Term (months)", aggregator=False
    )
    renewal_notice_days = fields.Integer(
        string="Notice Period (days)", aggregator=False
    )
    renewal_reminder_days = fields.Integer(
        string="Reminder Lead Time (days)", aggregator=False
    )
    renewal_uplift = fields.Float(
        string="Price Uplift (%)", aggregator=False, digits=(16, 2)
    )
    renewal_max = fields.Integer(
        string="Maximum Renewals", aggregator=False, help="0 for no limit."
    )

    # ------------------------------------------------------------------
    # Workflow fields, terms
    # ------------------------------------------------------------------
    def _get_workflow_fields(self):
        owned = super()._get_workflow_fields()
        owned["renewal_id"] = self.env._(
            "Use the renewal scheduled action or the confirmation of a renewal "
            "quotation, which make the renewal amendments."
        )
        return owned

    def _get_amendment_term_fields(self):
        return (*super()._get_amendment_term_fields(), *RENEWAL_TERM_FIELDS)

    # The dependencies of the overridden methods count too (resolve_mro).
    @api.depends(*RENEWAL_TERM_FIELDS)
    def _compute_diff_html(self):
        return super()._compute_diff_html()

    @api.constrains(*RENEWAL_TERM_FIELDS)
    def _check_renewal_terms(self):
        for amendment in self.filtered("contract_id"):
            check_renewal_terms(amendment, amendment.display_name)

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            contract = self.env["customer.contract"].browse(vals.get("contract_id"))
            check_renewal_uplift_value(
                self.env,
                vals,
                self.env._(
                    "the amendment of %(contract)s", contract=contract.display_name
                ),
            )
            if contract and not set(RENEWAL_TERM_FIELDS) <= set(vals):
                # Proposed terms not given: the current ones, unchanged.
                for fname, value in contract._prepare_renewal_terms_values().items():
                    vals.setdefault(fname, value)
        return super().create(vals_list)

    def write(self, vals):
        check_renewal_uplift_value(self.env, vals, self[:1].display_name)
        return super().write(vals)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_cancel(self):
        res = super().action_cancel()
        self._renewal_cancelled()
        return res

    def _renewal_cancelled(self):
        """A renewal amendment cancelled before it applied (e.g. after its
        approval was rejected): the company does not renew the term, so the
        contract expires at its end date instead of waiting for it."""
        today = fields.Date.context_today(self)
        for amendment in self.filtered("renewal_id"):
            contract = amendment.contract_id
            if contract.renewal_amendment_id != amendment:
                continue
            reason = self.env._(
                "%(amendment)s, renewing the contract, was cancelled.",
                amendment=amendment.display_name,
            )
            with contract._workflow():
                contract.write(
                    {
                        "renewal_amendment_id": False,
                        "renewal_notice_date": today,
                        "renewal_notice_party": "company",
                        "renewal_notice_reason": reason,
                    }
                )
            amendment.sudo().renewal_id.write({"state": "pending"})
            contract.message_post(
                body=self.env._(
                    "%(reason)s The contract is not renewed: it expires on %(end)s.",
                    reason=reason,
                    end=format_date(self.env, contract.date_end),
                )
            )
