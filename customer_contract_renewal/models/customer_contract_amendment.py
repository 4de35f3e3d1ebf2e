# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models
from odoo.tools import format_date


class CustomerContractAmendment(models.Model):
    _inherit = "customer.contract.amendment"

    renewal_id = fields.Many2one(
        "customer.contract.renewal",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The term this amendment renews the contract after.",
    )

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
