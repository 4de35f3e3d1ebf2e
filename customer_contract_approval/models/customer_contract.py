# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_list

from odoo.addons.customer_contract.models.customer_contract import AMENDING_KEY

from .customer_contract_approval_mixin import APPROVAL_STATES


class CustomerContract(models.Model):
    _name = "customer.contract"
    _inherit = [
        "customer.contract",
        "customer.contract.workflow.mixin",
        "customer.contract.approval.mixin",
    ]

    state = fields.Selection(
        selection_add=[
            ("to_approve", "To Approve"),
            ("approved", "Approved"),
            ("signed",),
        ],
        ondelete={"to_approve": "set negotiation", "approved": "set negotiation"},
    )

    @api.depends(
        "state",
        "type_id",
        "company_id",
        "amount_total",
        "amount_total_company",
        "review_ids.status",
    )
    def _compute_approval_required(self):
        return super()._compute_approval_required()

    def _get_approval_company_amounts(self):
        """Amounts the approval rules' thresholds compare, in the company's
        currency: the contract's value converted at its contract date."""
        self.ensure_one()
        return {"amount_total": self.amount_total_company, "amount_delta": 0.0}

    def _get_workflow_fields(self):
        return self._approval_extend_workflow_fields(super()._get_workflow_fields())

    # ------------------------------------------------------------------
    # Approval hooks
    # ------------------------------------------------------------------
    def _approval_requestable_states(self):
        return ("draft", "negotiation")

    def _approval_rejected_state(self):
        return "negotiation"

    def _approval_owner_manager(self):
        self.ensure_one()
        return self.team_id.user_id

    def _approval_locked_fields(self):
        return self._get_term_fields()

    def _approval_check_requestable(self):
        super()._approval_check_requestable()
        # Once approved, the terms are locked until the signature: approve
        # only a contract that can then be signed as it is.
        for contract in self:
            missing = contract._get_signature_missing()
            if missing:
                raise UserError(
                    self.env._(
                        "Contract %(contract)s cannot be sent for approval yet: it "
                        "needs %(missing)s, as its signature does.",
                        contract=contract.display_name,
                        missing=format_list(self.env, missing),
                    )
                )
        return True

    # ------------------------------------------------------------------
    # customer_contract extension points
    # ------------------------------------------------------------------
    def _get_locked_states(self):
        return (*super()._get_locked_states(), *APPROVAL_STATES)

    def _get_signable_states(self):
        return (*super()._get_signable_states(), "approved")

    def _check_terms_editable(self, vals=None, what=None):
        if vals is None or self._get_term_fields() & set(vals):
            amending = self.env.cr.cache.get(AMENDING_KEY, ())
            reviewed = self.filtered(
                lambda c: c.state in APPROVAL_STATES and c.id not in amending
            )
            if reviewed:
                raise UserError(
                    self.env._(
                        "Contract %(contract)s is %(state)s: its terms are locked "
                        "while it is reviewed. Withdraw the approval request to "
                        "edit them.",
                        contract=reviewed[0].display_name,
                        state=reviewed[0]._approval_state_label(),
                    )
                )
        return super()._check_terms_editable(vals=vals, what=what)

    def _check_signable(self):
        unapproved = self.filtered(
            lambda c: c.state in ("draft", "negotiation") and c.approval_required
        )
        if unapproved:
            raise UserError(
                self.env._(
                    "Contract %(contract)s must be approved before it is signed: "
                    "request its approval.",
                    contract=unapproved[0].display_name,
                )
            )
        return super()._check_signable()

    def _record_signature(self, *args, **kwargs):
        # Signing (on paper or online) takes an approved contract out of its
        # approval.
        with self._workflow():
            result = super()._record_signature(*args, **kwargs)
        self._approval_close_rejection()
        return result

    def _get_sign_action_depends(self):
        return [*super()._get_sign_action_depends(), "approval_required"]

    def _get_sign_request_states(self):
        # Sent for signature once approved, where a rule asks for it
        # (_check_signable refuses the others).
        return (*super()._get_sign_request_states(), "approved")

    def _sign_back_to_edit(self):
        # Declined by the customer, or changes asked: the terms change, and
        # are approved again.
        self._approval_reset_after_customer()
        return super()._sign_back_to_edit()

    def action_cancel(self):
        self._approval_withdraw()
        result = super().action_cancel()
        self._approval_close_rejection()
        return result
