# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_list


class CustomerContractAmendment(models.Model):
    _name = "customer.contract.amendment"
    _inherit = [
        "customer.contract.amendment",
        "customer.contract.workflow.mixin",
        "customer.contract.approval.mixin",
    ]

    state = fields.Selection(
        selection_add=[
            ("to_approve", "To Approve"),
            ("approved", "Approved"),
            ("signed",),
        ],
        ondelete={"to_approve": "set draft", "approved": "set draft"},
    )

    @api.depends(
        "state",
        "type_id",
        "company_id",
        "amount_total",
        "amount_delta",
        "amount_delta_percent",
        "currency_id",
        "contract_id.date_signed",
        "contract_id.date_start",
        "review_ids.status",
    )
    def _compute_approval_required(self):
        return super()._compute_approval_required()

    def _get_approval_company_amounts(self):
        """Amounts the approval rules' thresholds compare, in the company's
        currency: the proposed total and the change in value, converted at
        the date of the contract they amend (as the contract's own value)."""
        self.ensure_one()
        company = self.company_id or self.env.company
        day = self.contract_id._get_value_date()
        return {
            fname: (self.currency_id or company.currency_id)._convert(
                self[fname], company.currency_id, company, day
            )
            for fname in ("amount_total", "amount_delta")
        }

    def _get_workflow_fields(self):
        return self._approval_extend_workflow_fields(super()._get_workflow_fields())

    # ------------------------------------------------------------------
    # Approval hooks
    # ------------------------------------------------------------------
    def _approval_requestable_states(self):
        return ("draft",)

    def _approval_rejected_state(self):
        return "draft"

    def _approval_owner_manager(self):
        self.ensure_one()
        return self.contract_id.team_id.user_id

    def _approval_locked_fields(self):
        return set(self._get_amendment_term_fields())

    def _approval_check_requestable(self):
        super()._approval_check_requestable()
        self.contract_id._check_amendable()
        self._check_not_stale()
        for amendment in self:
            # Once approved, the terms are locked until the signature: approve
            # only an amendment that can then be signed as it is (the
            # automatic ones need no signature).
            missing = not amendment.automatic and amendment._get_signature_missing()
            if missing:
                raise UserError(
                    self.env._(
                        "%(amendment)s cannot be sent for approval yet: it needs "
                        "%(missing)s, as its signature does.",
                        amendment=amendment.display_name,
                        missing=format_list(self.env, missing),
                    )
                )
            if not amendment.has_changes:
                raise UserError(
                    self.env._(
                        "%(amendment)s changes nothing in the current terms: "
                        "there is nothing to approve.",
                        amendment=amendment.display_name,
                    )
                )
        return True

    def _approval_on_approved(self):
        # Automatic amendments need no signature: in force once approved.
        automatic = self.filtered("automatic")
        if automatic:
            automatic._action_apply()
        return super()._approval_on_approved()

    # ------------------------------------------------------------------
    # customer_contract extension points
    # ------------------------------------------------------------------
    def _get_signable_states(self):
        return (*super()._get_signable_states(), "approved")

    def _get_appliable_states(self):
        states = super()._get_appliable_states()
        return (*states, "approved") if self.automatic else states

    def _check_signable(self):
        unapproved = self.filtered(lambda a: a.state == "draft" and a.approval_required)
        if unapproved:
            raise UserError(
                self.env._(
                    "%(amendment)s must be approved before it is signed: request "
                    "its approval.",
                    amendment=unapproved[0].display_name,
                )
            )
        return super()._check_signable()

    def _can_be_applied(self):
        result = super()._can_be_applied()
        for amendment in self:
            if (
                not result.get(amendment)
                and amendment.automatic
                and amendment.state == "draft"
                and amendment.approval_required
            ):
                result[amendment] = self.env._(
                    "%(amendment)s must be approved before it applies.",
                    amendment=amendment.display_name,
                )
        return result

    def _submit_automatic(self):
        """Automatic amendments that an approval rule covers go to review
        (the contract keeps its state and version); they apply once
        approved. The others apply at once."""
        automatic = self.filtered("automatic")
        matching = automatic._approval_matching_definitions()
        to_review = automatic.filtered(lambda a: matching.get(a))
        versions = self.env["customer.contract.version"]
        if self - to_review:
            versions = super(
                CustomerContractAmendment, self - to_review
            )._submit_automatic()
        if to_review:
            to_review._approval_request(matching)
        return versions

    def _record_signature(self, *args, **kwargs):
        # Signing (on paper or online) takes an approved amendment out of its
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

    def _action_apply(self):
        # Applying an approved automatic amendment takes it out of its
        # approval.
        with self._workflow():
            return super()._action_apply()

    def action_cancel(self):
        self._approval_withdraw()
        result = super().action_cancel()
        self._approval_close_rejection()
        return result
