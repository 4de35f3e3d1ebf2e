# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Attacks on the approval of contracts, each as the user who would try it.

Every probe asserts the refusal (kind and a message the user can act on)
and that nothing changed: the document, its reviews and their activities are
read again and compared with what they were before.
"""

from dateutil.relativedelta import relativedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged

from odoo.addons.customer_contract.tests.access_common import JsonRpcProbeMixin
from odoo.addons.customer_contract.tests.common import SIGNED_PDF

from .common import ApprovalRolesCommon

USER_ERROR = "odoo.exceptions.UserError"
# A state written directly is refused by the approval (below) or, first, by
# the contract's own guard of its workflow fields: either message names the
# actions to use, the approval's included.
APPROVAL_STATE_REFUSED = (
    r"(cannot be moved in or out of its approval directly: use Request "
    r"Approval, .* or Withdraw Approval|is set by the workflow only\. Use .*"
    r"For the approval, use Request Approval, Approve or Reject, and Withdraw "
    r"Approval\.)"
)
SKIP_REFUSED = (
    r"(must be approved before it is signed or applied: request its approval"
    r"|is set by the workflow only\. Use .*For the approval, use Request Approval)"
)
ACCESS_ERROR = "odoo.exceptions.AccessError"


class ApprovalAttackCommon(ApprovalRolesCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Amendments are reviewed too.
        cls.rule_amendment = cls._create_rule(
            "Amendments: finance", cls.finance_1, model=cls.amendment_model
        )

    def _snapshot(self, record):
        """What an attack on ``record``'s approval could change."""
        self.env.invalidate_all()
        record = record.sudo()
        reviews = (
            self.env["tier.review"]
            .sudo()
            .with_context(active_test=False)
            .search([("model", "=", record._name), ("res_id", "=", record.id)])
        )
        activities = (
            self.env["mail.activity"]
            .sudo()
            .search([("res_model", "=", record._name), ("res_id", "=", record.id)])
        )
        return {
            "state": record.state,
            "requested_on": record.approval_requested_on,
            "decided_on": record.approval_decided_on,
            "validation_status": record.validation_status,
            "reviews": [
                (r.id, r.status, r.active, r.comment, r.done_by.id) for r in reviews
            ],
            "activities": sorted(activities.ids),
            "messages": len(record.message_ids),
        }

    def _approved(self, contract=None):
        contract = self._request_as_owner(contract)
        contract.with_user(self.reviewer)._approval_decide("approve", "Fine")
        return contract

    def _active(self):
        today = fields.Date.today()
        contract = self._approved(
            self._create_contract(
                date_start=today - relativedelta(days=30),
                date_end=today + relativedelta(days=335),
            )
        )
        contract.with_user(self.contract_user)._action_sign(
            "Brandon Freeman", today, self.contract_signatory, document=SIGNED_PDF
        )
        self.assertEqual(contract.state, "active")
        return contract

    def _amendment(self, contract):
        return (
            self.env["customer.contract.amendment"]
            .with_user(self.contract_user)
            .create(
                {
                    "contract_id": contract.id,
                    "reason": "Price review",
                    "date_effective": fields.Date.today() + relativedelta(days=30),
                }
            )
        )


@tagged("post_install", "-at_install")
class TestApprovalAttackRpc(JsonRpcProbeMixin, ApprovalAttackCommon, HttpCase):
    """The approval bypasses, over JSON-RPC as the web client and external
    clients call the models."""

    def _as(self, user):
        self.authenticate(user.login, user.login)

    def assertRefusedUnchanged(
        self, record, user, model, method, args, pattern, kind, kwargs=None
    ):
        before = self._snapshot(record)
        self._as(user)
        refusal = self.assertRpcRefused(model, method, args, pattern, kwargs=kwargs)
        self.assertEqual(refusal.name, kind)
        self.assertEqual(self._snapshot(record), before, "nothing changed")
        return refusal

    # ------------------------------------------------------------------
    # Approval states and bookkeeping
    # ------------------------------------------------------------------
    def test_probe_rpc_write_state_approved(self):
        contract = self._create_contract()
        self.assertTrue(contract.approval_required)
        self.assertRefusedUnchanged(
            contract,
            self.contract_user,
            "customer.contract",
            "write",
            [contract.ids, {"state": "approved"}],
            APPROVAL_STATE_REFUSED,
            USER_ERROR,
        )

    def test_probe_rpc_write_state_signed_unapproved(self):
        contract = self._create_contract()
        for state in ("signed", "active"):
            with self.subTest(state=state):
                self.assertRefusedUnchanged(
                    contract,
                    self.contract_user,
                    "customer.contract",
                    "write",
                    [contract.ids, {"state": state}],
                    SKIP_REFUSED,
                    USER_ERROR,
                )

    def test_probe_rpc_write_state_to_approve(self):
        contract = self._create_contract()
        self.assertRefusedUnchanged(
            contract,
            self.contract_manager,
            "customer.contract",
            "write",
            [contract.ids, {"state": "to_approve"}],
            APPROVAL_STATE_REFUSED,
            USER_ERROR,
        )

    def test_probe_rpc_create_contract_approved(self):
        count = self.env["customer.contract"].search_count([])
        self._as(self.contract_user)
        refusal = self.assertRpcRefused(
            "customer.contract",
            "create",
            [
                [
                    {
                        "name": "Pre-approved",
                        "partner_id": self.customer.id,
                        "type_id": self.contract_type.id,
                        "state": "approved",
                    }
                ]
            ],
            APPROVAL_STATE_REFUSED,
        )
        self.assertEqual(refusal.name, USER_ERROR)
        self.assertEqual(self.env["customer.contract"].search_count([]), count)

    def test_probe_rpc_leave_review_by_write(self):
        contract = self._request_as_owner()
        self.assertRefusedUnchanged(
            contract,
            self.contract_user,
            "customer.contract",
            "write",
            [contract.ids, {"state": "negotiation"}],
            APPROVAL_STATE_REFUSED,
            USER_ERROR,
        )

    def test_probe_rpc_write_bookkeeping(self):
        contract = self._request_as_owner()
        for field in ("approval_requested_on", "approval_decided_on"):
            with self.subTest(field=field):
                self.assertRefusedUnchanged(
                    contract,
                    self.contract_manager,
                    "customer.contract",
                    "write",
                    [contract.ids, {field: "2026-01-01 00:00:00"}],
                    r"is set by the workflow only\. Use the (Request Approval|Approve)",
                    USER_ERROR,
                )

    def test_probe_rpc_write_validation_status(self):
        contract = self._request_as_owner()
        self.assertRefusedUnchanged(
            contract,
            self.contract_manager,
            "customer.contract",
            "write",
            [contract.ids, {"validation_status": "validated"}],
            r"is set by the workflow only\. Use the Approve or Reject",
            USER_ERROR,
        )

    def test_probe_rpc_amendment_state_approved(self):
        amendment = self._amendment(self._active())
        self.assertRefusedUnchanged(
            amendment,
            self.contract_user,
            "customer.contract.amendment",
            "write",
            [amendment.ids, {"state": "approved"}],
            APPROVAL_STATE_REFUSED,
            USER_ERROR,
        )

    def test_probe_rpc_amendment_applied_unapproved(self):
        amendment = self._amendment(self._active())
        amendment.line_ids.price_unit = 160.0
        self.assertTrue(amendment.approval_required)
        for state in ("signed", "applied"):
            with self.subTest(state=state):
                self.assertRefusedUnchanged(
                    amendment,
                    self.contract_manager,
                    "customer.contract.amendment",
                    "write",
                    [amendment.ids, {"state": state}],
                    SKIP_REFUSED,
                    USER_ERROR,
                )

    def test_probe_rpc_sign_without_approval(self):
        contract = self._create_contract()
        self.assertRefusedUnchanged(
            contract,
            self.contract_user,
            "customer.contract",
            "action_open_sign_wizard",
            [contract.ids],
            r"must be approved before it is signed: request its approval",
            USER_ERROR,
        )

    # ------------------------------------------------------------------
    # Reviews written by hand
    # ------------------------------------------------------------------
    def test_probe_rpc_create_review(self):
        contract = self._request_as_owner()
        self.assertRefusedUnchanged(
            contract,
            self.contract_user,
            "tier.review",
            "create",
            [
                [
                    {
                        "model": "customer.contract",
                        "res_id": contract.id,
                        "definition_id": self.rule_finance.id,
                        "approver_user_id": self.contract_user.id,
                        "status": "approved",
                    }
                ]
            ],
            r"recorded by the approval workflow only: use Request Approval, "
            r"Approve, Reject",
            USER_ERROR,
        )

    def test_probe_rpc_write_own_review(self):
        contract = self._request_as_owner()
        review = self._review_of(contract, self.reviewer)
        self.assertRefusedUnchanged(
            contract,
            self.reviewer,
            "tier.review",
            "write",
            [review.ids, {"status": "approved", "comment": "ok"}],
            r"recorded by the approval workflow only",
            USER_ERROR,
        )

    def test_probe_rpc_unlink_review(self):
        contract = self._request_as_owner()
        self.assertRefusedUnchanged(
            contract,
            self.contract_manager,
            "tier.review",
            "unlink",
            [contract.review_ids.ids],
            r"recorded by the approval workflow only",
            USER_ERROR,
        )

    def test_probe_rpc_review_commands_on_document(self):
        contract = self._request_as_owner()
        review = self._review_of(contract, self.reviewer)
        self.assertRefusedUnchanged(
            contract,
            self.contract_manager,
            "customer.contract",
            "write",
            [
                contract.ids,
                {"review_ids": [Command.update(review.id, {"status": "approved"})]},
            ],
            r"is set by the workflow only\. Use the Request Approval",
            USER_ERROR,
        )

    def test_probe_rpc_comment_wizard(self):
        """base_tier_validation's comment wizard writes the review itself."""
        contract = self._request_as_owner()
        review = self._review_of(contract, self.reviewer)
        self._as(self.reviewer)
        wizard_id = self.call_kw(
            "comment.wizard",
            "create",
            [
                {
                    "res_model": "customer.contract",
                    "res_id": contract.id,
                    "review_ids": [Command.set(review.ids)],
                    "validate_reject": "validate",
                    "comment": "Self-made approval",
                }
            ],
        )
        self.assertRefusedUnchanged(
            contract,
            self.reviewer,
            "comment.wizard",
            "add_comment",
            [[wizard_id]],
            r"recorded by the approval workflow only",
            USER_ERROR,
        )

    # ------------------------------------------------------------------
    # Decisions by the wrong person
    # ------------------------------------------------------------------
    def test_probe_rpc_validate_tier_not_reviewer(self):
        contract = self._request_as_owner()
        self.assertRefusedUnchanged(
            contract,
            self.contract_manager,
            "customer.contract",
            "validate_tier",
            [contract.ids],
            r"You are not a reviewer of the current approval step of",
            USER_ERROR,
        )

    def test_probe_rpc_reject_tier_not_reviewer(self):
        contract = self._request_as_owner()
        self.assertRefusedUnchanged(
            contract,
            self.legal_1,
            "customer.contract",
            "reject_tier",
            [contract.ids],
            r"You are not a reviewer of the current approval step of",
            USER_ERROR,
        )

    def test_probe_rpc_approval_wizard_not_reviewer(self):
        contract = self._request_as_owner()
        self._as(self.contract_manager)
        wizard_id = self.call_kw(
            "customer.contract.approval.wizard",
            "create",
            [
                {
                    "res_model": "customer.contract",
                    "res_id": contract.id,
                    "decision": "approve",
                }
            ],
        )
        self.assertRefusedUnchanged(
            contract,
            self.contract_manager,
            "customer.contract.approval.wizard",
            "action_confirm",
            [[wizard_id]],
            r"You are not a reviewer of the current approval step of",
            USER_ERROR,
        )

    def test_probe_rpc_approve_own_contract(self):
        # Even named in a rule, the owner is no reviewer of their contract.
        self._create_rule("Owner too", self.contract_user | self.legal_1)
        contract = self._request_as_owner()
        self.assertNotIn(self.contract_user, contract.review_ids.approver_user_id)
        self.assertRefusedUnchanged(
            contract,
            self.contract_user,
            "customer.contract",
            "validate_tier",
            [contract.ids],
            r"You own .*: you cannot approve or reject it yourself",
            USER_ERROR,
        )

    def test_probe_rpc_decide_twice(self):
        self._create_rule(
            "Legal, all", self.legal_1 | self.legal_2, approval_quorum="all"
        )
        contract = self._request_as_owner()
        self._as(self.reviewer)
        wizard_id = self.call_kw(
            "customer.contract.approval.wizard",
            "create",
            [
                {
                    "res_model": "customer.contract",
                    "res_id": contract.id,
                    "decision": "approve",
                    "comment": "Budget available",
                }
            ],
        )
        self.call_kw(
            "customer.contract.approval.wizard", "action_confirm", [[wizard_id]]
        )
        self.assertEqual(self._review_of(contract, self.reviewer).status, "approved")
        self.assertRefusedUnchanged(
            contract,
            self.reviewer,
            "customer.contract",
            "validate_tier",
            [contract.ids],
            r"You already decided on .* in this step",
            USER_ERROR,
        )

    def test_probe_rpc_close_someone_elses_approval(self):
        contract = self._request_as_owner()
        activity = self._approval_activities(contract, self.reviewer)
        self.assertEqual(len(activity), 1)
        self.assertRefusedUnchanged(
            contract,
            self.contract_manager,
            "mail.activity",
            "action_feedback",
            [activity.ids],
            r"is awaited from Rita Reviewer: only they can decide it",
            USER_ERROR,
            kwargs={"feedback": "done for them"},
        )

    def test_probe_rpc_delete_someone_elses_approval(self):
        contract = self._request_as_owner()
        activity = self._approval_activities(contract, self.reviewer)
        self.assertEqual(len(activity), 1)
        self.assertRefusedUnchanged(
            contract,
            self.contract_manager,
            "mail.activity",
            "unlink",
            [activity.ids],
            r"is awaited from Rita Reviewer: it is removed once they decide",
            USER_ERROR,
        )

    def test_probe_rpc_reviewer_withdraws(self):
        contract = self._request_as_owner()
        self.assertRefusedUnchanged(
            contract,
            self.reviewer,
            "customer.contract",
            "restart_validation",
            [contract.ids],
            r"not allowed to modify",
            ACCESS_ERROR,
        )

    def test_probe_rpc_reviewer_requests_again(self):
        contract = self._request_as_owner()
        contract.with_user(self.reviewer)._approval_decide("reject", "Too risky")
        self.assertEqual(contract.state, "negotiation")
        self.assertRefusedUnchanged(
            contract,
            self.reviewer,
            "customer.contract",
            "request_validation",
            [contract.ids],
            r"not allowed to modify",
            ACCESS_ERROR,
        )

    def test_probe_rpc_other_company_decides(self):
        contract = self._request_as_owner()
        self.assertRefusedUnchanged(
            contract,
            self.other_company_user,
            "customer.contract",
            "validate_tier",
            [contract.ids],
            r"doesn't have 'read' access to:\n- (Customer Contract|Tier Review)",
            ACCESS_ERROR,
        )

    # ------------------------------------------------------------------
    # Approval rules and reviews out of reach
    # ------------------------------------------------------------------
    def test_probe_rpc_manager_rule_of_another_model(self):
        count = self.env["tier.definition"].search_count([])
        self._as(self.contract_manager)
        refusal = self.assertRpcRefused(
            "tier.definition",
            "create",
            [
                [
                    {
                        "name": "Partners need my approval",
                        "model_id": self.env["ir.model"]._get_id("res.partner"),
                        "review_type": "individual",
                        "reviewer_id": self.contract_manager.id,
                    }
                ]
            ],
            r"Contracts Managers configure the approval rules of contracts and "
            r"amendments only: ask an administrator",
        )
        self.assertEqual(refusal.name, USER_ERROR)
        self.assertEqual(self.env["tier.definition"].search_count([]), count)

    def test_probe_rpc_portal_reads_approval_fields(self):
        """The customer reads their contract over the API: none of the
        approval fields (reviewers, pending reviewer names, history)."""
        contract = self._active()
        self._as(self.portal_customer)
        self.assertEqual(
            self.call_kw("customer.contract", "read", [contract.ids, ["name"]])[0][
                "name"
            ],
            contract.name,
        )
        for field in (
            "approval_review_ids",
            "review_ids",
            "reviewer_ids",
            "to_validate_message",
            "next_review",
            "approval_decided_on",
        ):
            with self.subTest(field=field):
                self.assertRefusedUnchanged(
                    contract,
                    self.portal_customer,
                    "customer.contract",
                    "read",
                    [contract.ids, [field]],
                    r"You do not have enough rights to access the field \"",
                    ACCESS_ERROR,
                )

    def test_probe_rpc_portal_reads_reviews(self):
        contract = self._approved()
        self._as(self.portal_customer)
        self.assertFalse(
            self.call_kw(
                "tier.review",
                "search_read",
                [[("model", "=", "customer.contract")]],
                {"fields": ["comment", "done_by"]},
            )
        )
        self.assertRefusedUnchanged(
            contract,
            self.portal_customer,
            "tier.review",
            "read",
            [contract.review_ids.ids, ["comment", "done_by"]],
            r"doesn't have 'read' access to:\n- (Customer Contract|Tier Review)",
            ACCESS_ERROR,
        )


@tagged("post_install", "-at_install")
class TestApprovalAttack(ApprovalAttackCommon):
    """The same bypasses through the ORM, as the user who would try them."""

    def assertRefusedUnchanged(self, record, exception, pattern):
        """Context manager: refused with ``pattern``, nothing changed."""
        return _RefusedUnchanged(self, record, exception, pattern)

    def test_probe_salesman_decides(self):
        contract = self._request_as_owner()
        with self.assertRefusedUnchanged(
            contract, AccessError, "doesn't have 'read' access to"
        ):
            contract.with_user(self.salesman).validate_tier()

    def test_probe_reviewer_of_later_step_decides_early(self):
        self._create_rule("Legal later", self.legal_1, step=2)
        contract = self._request_as_owner()
        with self.assertRefusedUnchanged(
            contract, UserError, "not a reviewer of the current approval step"
        ):
            contract.with_user(self.legal_1)._approval_decide("approve", "early")

    def test_probe_reject_without_reason(self):
        contract = self._request_as_owner()
        with self.assertRefusedUnchanged(
            contract, UserError, "Give the reason why you reject"
        ):
            contract.with_user(self.reviewer)._approval_decide("reject", "  ")

    def test_probe_decide_after_approval(self):
        contract = self._approved()
        with self.assertRefusedUnchanged(
            contract, UserError, "is Approved: it is not awaiting an approval"
        ):
            contract.with_user(self.reviewer)._approval_decide("approve", "again")

    def test_hidden_rule_settings_stay_fixed(self):
        """Settings of base_tier_validation the contract workflow does not
        use cannot be switched on for a contract rule."""
        self.rule_finance.with_user(self.contract_manager).write(
            {
                "approve_sequence": False,
                "approve_sequence_bypass": True,
                "allow_write_for_reviewer": True,
                "notify_reminder_delay": 1,
                "has_comment": True,
            }
        )
        self.assertRecordValues(
            self.rule_finance,
            [
                {
                    "approve_sequence": True,
                    "approve_sequence_bypass": False,
                    "allow_write_for_reviewer": False,
                    "notify_reminder_delay": 0,
                    "has_comment": False,
                }
            ],
        )


class _RefusedUnchanged:
    def __init__(self, case, record, exception, pattern):
        self.case, self.record = case, record
        self.exception, self.pattern = exception, pattern

    def __enter__(self):
        self.before = self.case._snapshot(self.record)
        self.raises = self.case.assertRaisesRegex(self.exception, self.pattern)
        return self.raises.__enter__()

    def __exit__(self, *exc_info):
        handled = self.raises.__exit__(*exc_info)
        self.case.assertEqual(
            self.case._snapshot(self.record), self.before, "nothing changed"
        )
        return handled
