# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, freeze_time, tagged

from odoo.addons.customer_contract.tests.common import SIGNED_PDF

from .common import REJECTED_TYPE, ContractApprovalCommon


@tagged("post_install", "-at_install")
@freeze_time("2026-12-01 09:00:00")
class TestApprovalFlow(ContractApprovalCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rule_manager = cls._create_rule(
            "Sales manager", cls.sales_manager, step=1, approval_deadline_days=2
        )
        cls.rule_legal = cls._create_rule(
            "Legal", cls.legal_1 | cls.legal_2, step=2, approval_quorum="all"
        )

    def _request(self, contract=None):
        contract = contract or self._create_contract()
        contract.action_request_approval()
        return contract

    # ------------------------------------------------------------------
    # Serial and parallel steps
    # ------------------------------------------------------------------
    def test_serial_two_steps(self):
        contract = self._request()
        self.assertEqual(contract.state, "to_approve")
        self.assertEqual(contract.approval_step, 1)
        step1, step2 = self._reviews(contract, 1), self._reviews(contract, 2)
        self.assertEqual(step1.approver_user_id, self.sales_manager)
        self.assertEqual(step1.mapped("status"), ["pending"])
        self.assertEqual(step1.date_deadline, fields.Date.to_date("2026-12-03"))
        self.assertEqual(set(step2.mapped("status")), {"waiting"})
        # One activity for the awaited reviewer only; none yet for step 2.
        self.assertEqual(
            self._approval_activities(contract).user_id, self.sales_manager
        )
        # Step 2 reviewers cannot decide before step 1 is decided.
        with self.assertRefused(UserError, "not a reviewer of the current"):
            self._decide(contract, self.legal_1)
        self.assertFalse(contract.with_user(self.legal_1).approval_can_decide)
        self.assertTrue(contract.with_user(self.sales_manager).approval_can_decide)
        # The reviewers' counter (systray of base_tier_validation).
        Users = self.env["res.users"]
        counts = Users.with_user(self.sales_manager).review_user_count()
        self.assertEqual(
            [(c["model"], c["pending_count"]) for c in counts],
            [("customer.contract", 1)],
        )
        self.assertFalse(Users.with_user(self.legal_1).review_user_count())

        self._decide(contract, self.sales_manager, comment="Fine with me")
        self.assertEqual(step1.status, "approved")
        self.assertEqual(step1.done_by, self.sales_manager)
        self.assertEqual(step1.comment, "Fine with me")
        self.assertEqual(contract.state, "to_approve")
        self.assertEqual(contract.approval_step, 2)
        self.assertEqual(set(step2.mapped("status")), {"pending"})
        activities = self._approval_activities(contract)
        self.assertEqual(activities.user_id, self.legal_1 | self.legal_2)
        self.assertEqual(len(activities), 2)
        # The decided activity is done (kept in the chatter), not pending.
        done = (
            self.env["mail.activity"]
            .with_context(active_test=False)
            .sudo()
            .search(
                [
                    ("res_model", "=", contract._name),
                    ("res_id", "=", contract.id),
                    ("user_id", "=", self.sales_manager.id),
                    ("active", "=", False),
                ]
            )
        )
        self.assertEqual(len(done), 1)

        self._decide(contract, self.legal_1)
        self.assertEqual(contract.state, "to_approve")
        self.assertEqual(self._approval_activities(contract).user_id, self.legal_2)
        self._decide(contract, self.legal_2)
        self.assertEqual(contract.state, "approved")
        self.assertEqual(contract.validation_status, "validated")
        self.assertFalse(self._approval_activities(contract))
        # Approved: the owner signs it.
        contract._action_sign(
            "Brandon Freeman",
            "2026-12-01",
            self.contract_signatory,
            document=SIGNED_PDF,
        )
        self.assertEqual(contract.state, "signed")

    def test_parallel_all(self):
        rule_finance = self._create_rule(
            "Finance", self.finance_1, step=2, approval_quorum="all"
        )
        contract = self._request()
        self._decide(contract, self.sales_manager)
        # Legal (2 reviewers) and finance (1) run in parallel in step 2.
        self.assertEqual(
            self._approval_activities(contract).user_id,
            self.legal_1 | self.legal_2 | self.finance_1,
        )
        self._decide(contract, self.finance_1)
        self._decide(contract, self.legal_1)
        self.assertEqual(
            contract.state, "to_approve", "legal needs all of its reviewers"
        )
        self.assertEqual(self._approval_activities(contract).user_id, self.legal_2)
        self._decide(contract, self.legal_2)
        self.assertEqual(contract.state, "approved")
        self.assertEqual(
            contract.review_ids.filtered(
                lambda r: r.definition_id == rule_finance
            ).status,
            "approved",
        )

    def test_parallel_two_of_three(self):
        self.rule_legal.active = False
        self._create_rule(
            "Finance",
            self.finance_1 | self.finance_2 | self.finance_3,
            step=2,
            approval_quorum="number",
            approval_quorum_count=2,
        )
        rule_after = self._create_rule("Director", self.outsider, step=3)
        contract = self._request()
        self._decide(contract, self.sales_manager)
        step2 = self._reviews(contract, 2)
        self.assertEqual(len(step2), 3)
        self._decide(contract, self.finance_2)
        self.assertEqual(contract.approval_step, 2)
        self.assertEqual(len(self._approval_activities(contract)), 2)
        self._decide(contract, self.finance_3)
        # Quorum reached: the third review and its activity are cancelled,
        # and the next step opens.
        by_user = {r.approver_user_id: r.status for r in step2}
        self.assertEqual(by_user[self.finance_1], "cancel")
        self.assertEqual(by_user[self.finance_2], "approved")
        self.assertEqual(by_user[self.finance_3], "approved")
        self.assertEqual(contract.approval_step, 3)
        self.assertEqual(self._approval_activities(contract).user_id, self.outsider)
        with self.assertRefused(UserError, "The step was already approved by quorum"):
            self._decide(contract, self.finance_1)
        self._decide(contract, self.outsider)
        self.assertEqual(contract.state, "approved")
        self.assertEqual(
            contract.review_ids.filtered(
                lambda r: r.definition_id == rule_after
            ).status,
            "approved",
        )

    def test_quorum_needs_enough_reviewers(self):
        self._create_rule(
            "Finance",
            self.finance_1,
            step=2,
            approval_quorum="number",
            approval_quorum_count=2,
        )
        contract = self._create_contract()
        with self.assertRefused(UserError, 'rule "Finance" needs 2 approval'):
            contract.action_request_approval()
        self.assertEqual(contract.state, "draft")
        self.assertFalse(contract.approval_review_ids)

    # ------------------------------------------------------------------
    # Rejection
    # ------------------------------------------------------------------
    def test_rejection_and_new_request(self):
        contract = self._request()
        self._decide(contract, self.sales_manager)
        with self.assertRefused(UserError, "Give the reason"):
            self._decide(contract, self.legal_1, "reject", "  ")
        self.assertEqual(contract.state, "to_approve")
        self._decide(contract, self.legal_1, "reject", "Liability clause missing")
        self.assertEqual(contract.state, "negotiation")
        statuses = {r.approver_user_id: r.status for r in contract.review_ids}
        self.assertEqual(statuses[self.legal_1], "rejected")
        self.assertEqual(statuses[self.legal_2], "cancel")
        self.assertFalse(self._approval_activities(contract))
        owner_activity = contract.activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref(REJECTED_TYPE)
        )
        self.assertEqual(owner_activity.user_id, self.contract_user)
        self.assertIn("Liability clause missing", str(owner_activity.note))
        # Terms are editable again in negotiation.
        contract.write({"name": "Maintenance 2027 (revised)"})

        # A new request starts afresh; the earlier decisions stay as history.
        contract.action_request_approval()
        self.assertEqual(contract.state, "to_approve")
        self.assertEqual(len(contract.review_ids), 3)
        self.assertEqual(
            set(contract.review_ids.mapped("status")), {"pending", "waiting"}
        )
        self.assertEqual(len(contract.approval_review_ids), 6)
        self.assertEqual(contract.validation_status, "pending")
        self.assertEqual(
            self._approval_activities(contract).user_id, self.sales_manager
        )
        self._decide(contract, self.sales_manager)
        self._decide(contract, self.legal_1)
        self._decide(contract, self.legal_2)
        self.assertEqual(contract.state, "approved")

    def test_withdraw_and_cancel(self):
        contract = self._request()
        contract.action_withdraw_approval()
        self.assertEqual(contract.state, "negotiation")
        self.assertFalse(contract.review_ids)
        self.assertFalse(self._approval_activities(contract))
        contract.action_request_approval()
        contract.action_cancel()
        self.assertEqual(contract.state, "cancelled")
        self.assertFalse(self._approval_activities(contract))

    # ------------------------------------------------------------------
    # Segregation of duties and access
    # ------------------------------------------------------------------
    def test_owner_cannot_approve(self):
        # The owner is one of the configured reviewers: left out of the pool.
        self.rule_manager.approval_user_ids = self.sales_manager | self.contract_user
        contract = self._request()
        self.assertNotIn(self.contract_user, contract.review_ids.approver_user_id)
        with self.assertRefused(UserError, "You own .*cannot approve"):
            self._decide(contract, self.contract_user)
        self.assertEqual(contract.approval_step, 1)
        # A company setting allows it.
        self.company.contract_approval_allow_owner = True
        contract.action_withdraw_approval()
        contract.action_request_approval()
        self.assertIn(self.contract_user, contract.review_ids.approver_user_id)

    def test_outsider_and_second_decision_refused(self):
        self.rule_manager.write(
            {
                "approval_user_ids": [Command.link(self.finance_1.id)],
                "approval_quorum": "all",
            }
        )
        contract = self._request()
        with self.assertRefused(UserError, "not a reviewer of the current"):
            self._decide(contract, self.outsider)
        self._decide(contract, self.sales_manager)
        with self.assertRefused(UserError, "already decided"):
            self._decide(contract, self.sales_manager)
        self.assertEqual(contract.approval_step, 1)
        # Nor can anyone write a decision on a review directly.
        review = contract.review_ids.filtered(
            lambda r: r.approver_user_id == self.finance_1
        )
        with self.assertRefused(UserError, "recorded by the approval workflow only"):
            review.with_user(self.finance_1).write({"status": "approved"})
        self.assertEqual(review.status, "pending")
        # A user without contract access cannot even open the document.
        stranger = self.env["res.users"].create(
            {"name": "No Contract", "login": "ap_stranger", "group_ids": []}
        )
        with self.assertRaises(AccessError):
            contract.with_user(stranger).read(["state"])

    def test_terms_locked_under_review(self):
        contract = self._request()
        with self.assertRefused(UserError, "terms are locked while it is reviewed"):
            contract.write({"date_end": "2028-12-31"})
        with self.assertRefused(UserError, "terms are locked"):
            contract.line_ids.write({"price_unit": 1.0})
        # Not a term: still editable.
        contract.write({"note": "<p>Call before renewal</p>"})
        with self.assertRefused(UserError, '"Sign" is not possible'):
            contract._action_sign(
                "Brandon", "2026-12-01", self.contract_signatory, document=SIGNED_PDF
            )
        self._decide(contract, self.sales_manager)
        self._decide(contract, self.legal_1)
        self._decide(contract, self.legal_2)
        with self.assertRefused(UserError, "terms are locked"):
            contract.write({"name": "Changed after approval"})
        self.assertEqual(contract.date_end, fields.Date.to_date("2027-12-31"))

    # ------------------------------------------------------------------
    # Rules and signature
    # ------------------------------------------------------------------
    def test_signature_needs_approval_only_when_a_rule_applies(self):
        contract = self._create_contract()
        self.assertTrue(contract.approval_required)
        with self.assertRefused(UserError, "must be approved before it is signed"):
            contract.action_open_sign_wizard()
        # A rule on another contract type: no approval, signed as before.
        other_type = self.env["customer.contract.type"].create(
            {"name": "Licences", "code": "LIC"}
        )
        (self.rule_manager | self.rule_legal).contract_type_ids = other_type
        self.assertFalse(contract.approval_required)
        with self.assertRefused(UserError, "needs no approval"):
            contract.action_request_approval()
        contract._action_sign(
            "Brandon Freeman",
            "2026-12-01",
            self.contract_signatory,
            document=SIGNED_PDF,
        )
        self.assertEqual(contract.state, "signed")

    def test_request_needs_what_the_signature_needs(self):
        # Approved terms are locked until signed: a contract that could not
        # be signed is not sent for approval.
        contract = self._create_contract(signatory_id=False, lines=0)
        with self.assertRefused(
            UserError,
            "cannot be sent for approval yet: it needs a customer signatory "
            "and at least one line, as its signature does",
        ):
            contract.action_request_approval()
        self.assertEqual(contract.state, "draft")
        self.assertFalse(contract.approval_review_ids)
        contract.write(
            {
                "signatory_id": self.signatory.id,
                "line_ids": [
                    Command.create(
                        {"product_id": self.product_service.id, "price_unit": 10.0}
                    )
                ],
            }
        )
        contract.action_request_approval()
        self._decide(contract, self.sales_manager)
        self._decide(contract, self.legal_1)
        self._decide(contract, self.legal_2)
        self.assertEqual(contract.state, "approved")
        # Approved: it can be signed as it is.
        contract.action_open_sign_wizard()
        contract._action_sign(
            "Brandon Freeman",
            "2026-12-01",
            self.contract_signatory,
            document=SIGNED_PDF,
        )
        self.assertEqual(contract.state, "signed")

    def test_one_primary_button_per_state(self):
        user = self.contract_user
        contract = self._create_contract()
        self.assertTrue(contract.approval_required)
        # Draft: negotiate first; the request is there, not the signature.
        names = self.assertHeader(contract, user, "action_negotiate")
        self.assertIn("action_request_approval", names)
        self.assertNotIn("action_open_sign_wizard", names)
        self.assertNotIn("action_send_for_signature", names)
        contract.action_negotiate()
        self.assertHeader(contract, user, "action_request_approval")
        contract.action_request_approval()
        names = self.assertHeader(contract, user, None)
        self.assertIn("action_withdraw_approval", names)
        # The reviewer of the step decides; nothing else is primary.
        names = self.assertHeader(contract, self.sales_manager, None)
        self.assertIn("action_approval_approve", names)
        self._decide(contract, self.sales_manager)
        self._decide(contract, self.legal_1)
        self._decide(contract, self.legal_2)
        self.assertEqual(contract.state, "approved")
        self.assertHeader(contract, user, "action_send_for_signature")
        self.assertTrue(contract.sign_can_mark_signed)
        # The approval states show when current only: the status bar holds
        # beside the buttons.
        (status_bar,) = self._get_arch("customer.contract", user).xpath(
            "//header/field[@name='state']"
        )
        self.assertEqual(
            status_bar.get("statusbar_visible").split(","),
            ["draft", "negotiation", "signed", "active"],
        )

    def test_rule_conditions(self):
        self.rule_legal.contract_amount_min = 1000.0
        small = self._request(self._create_contract())
        self.assertEqual(small.review_ids.definition_id, self.rule_manager)
        big = self._request(
            self._create_contract(
                line_ids=[
                    Command.create(
                        {
                            "product_id": self.product_service.id,
                            "quantity": 20,
                            "price_unit": 100.0,
                        }
                    )
                ]
            )
        )
        self.assertEqual(
            big.review_ids.definition_id, self.rule_manager | self.rule_legal
        )
        other_company = self.env["res.company"].create({"name": "Other Co"})
        self.rule_legal.company_id = other_company
        contract = self._create_contract()
        self.assertNotIn(
            self.rule_legal, contract._approval_matching_definitions()[contract]
        )

    def test_owner_manager_and_group_reviewers(self):
        team = self.env["crm.team"].create(
            {"name": "Contracts Team", "user_id": self.sales_manager.id}
        )
        self.rule_manager.write({"review_type": "owner_manager"})
        self.rule_legal.write(
            {
                "review_type": "group",
                "reviewer_group_id": self.env.ref("base.group_system").id,
                "approval_quorum": "any",
            }
        )
        self.env.ref("base.group_system").user_ids |= self.legal_1
        contract = self._create_contract(team_id=team.id)
        contract.action_request_approval()
        self.assertEqual(
            self._reviews(contract, 1).approver_user_id, self.sales_manager
        )
        self.assertIn(self.legal_1, self._reviews(contract, 2).approver_user_id)

    def test_form_and_wizard(self):
        contract = self._create_contract()
        contract.action_request_approval()
        action = contract.with_user(self.sales_manager).action_approval_reject()
        wizard = Form(
            self.env[action["res_model"]]
            .with_user(self.sales_manager)
            .with_context(**action["context"])
        )
        wizard.comment = "Wrong customer"
        wizard.save().action_confirm()
        self.assertEqual(contract.state, "negotiation")
        self.assertEqual(
            contract.approval_review_ids.filtered("comment").comment, "Wrong customer"
        )
        # "To approve" list of the reviewer.
        contract.action_request_approval()
        Contract = self.env["customer.contract"].with_user(self.sales_manager)
        self.assertEqual(
            Contract.search([("approval_can_decide", "=", True)]), contract
        )
        self.assertFalse(
            Contract.with_user(self.legal_1).search(
                [("approval_can_decide", "=", True)]
            )
        )

    def test_approve_from_the_activity(self):
        contract = self._request()
        activity = self._approval_activities(contract)
        activity.with_user(self.sales_manager).action_feedback(feedback="Seen, fine")
        review = self._reviews(contract, 1)
        self.assertEqual(review.status, "approved")
        self.assertEqual(review.comment, "Seen, fine")
        self.assertEqual(contract.approval_step, 2)
        self.assertEqual(
            self._approval_activities(contract).user_id, self.legal_1 | self.legal_2
        )
        # Someone else's activity closed by a manager is no decision.
        legal_activity = self._approval_activities(contract, self.legal_1)
        legal_activity.sudo().action_feedback(feedback="cleanup")
        self.assertEqual(set(self._reviews(contract, 2).mapped("status")), {"pending"})

    def test_report_shows_history(self):
        contract = self._request()
        self._decide(contract, self.sales_manager, comment="Margins checked")
        html = (
            self.env["ir.actions.report"]
            .with_user(self.contract_user)
            ._render_qweb_html(
                "customer_contract_approval.report_contract_internal", contract.ids
            )[0]
            .decode()
        )
        self.assertIn("Approvals (internal)", html)
        self.assertIn("Sam Sales", html)
        self.assertIn("Margins checked", html)
