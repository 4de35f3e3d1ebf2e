# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import freeze_time, tagged

from .common import ContractApprovalCommon


@tagged("post_install", "-at_install")
class TestApprovalDeadlines(ContractApprovalCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.rule = cls._create_rule(
            "Legal",
            cls.legal_1 | cls.legal_2,
            approval_quorum="any",
            approval_deadline_days=3,
            approval_escalation_days=2,
            approval_escalation_user_id=cls.sales_manager.id,
        )
        cls.escalation_type = cls.env.ref(
            "customer_contract_approval.mail_activity_type_contract_approval_escalation"
        )
        cls.cron = cls.env.ref(
            "customer_contract_approval.customer_contract_approval_cron_deadlines"
        )

    def _run_cron(self):
        with self.enter_registry_test_mode():
            self.cron.method_direct_trigger()

    def _reminders(self, contract):
        return contract.message_ids.filtered(lambda m: "Reminder:" in str(m.body))

    def _escalations(self, contract, user=None):
        return (
            self.env["mail.activity"]
            .sudo()
            .search(
                [
                    ("res_model", "=", contract._name),
                    ("res_id", "=", contract.id),
                    ("activity_type_id", "=", self.escalation_type.id),
                    ("user_id", "=", (user or self.sales_manager).id),
                ]
            )
        )

    def test_reminder_then_escalation_once_each(self):
        with freeze_time("2026-12-01 09:00:00"):
            contract = self._create_contract()
            contract.action_request_approval()
            decided = self._create_contract()
            decided.action_request_approval()
            self._decide(decided, self.legal_1)
            self._run_cron()
            self.assertFalse(self._reminders(contract))
        # At the deadline: one reminder per awaited reviewer, whatever the runs.
        with freeze_time("2026-12-04 08:00:00"):
            self._run_cron()
            self._run_cron()
            reminders = self._reminders(contract)
            self.assertEqual(len(reminders), 2)
            self.assertEqual(
                reminders.partner_ids, (self.legal_1 | self.legal_2).partner_id
            )
            self.assertFalse(self._escalations(contract))
            self.assertTrue(all(contract.review_ids.mapped("reminder_sent_on")))
            self.assertFalse(self._reminders(decided), "decided: nothing to remind")
        # After the escalation delay: one escalation per review, to the
        # configured user, and no second reminder.
        with freeze_time("2026-12-06 08:00:00"):
            self._run_cron()
            self._run_cron()
            self.assertEqual(len(self._reminders(contract)), 2)
            escalations = self._escalations(contract)
            self.assertEqual(len(escalations), 2)
            self.assertEqual(
                set(contract.review_ids.mapped("escalated_to_id")), {self.sales_manager}
            )
            self.assertFalse(self._escalations(decided))
        # Deciding closes the reviewer's activities; the cron stays quiet.
        with freeze_time("2026-12-07 08:00:00"):
            self._decide(contract, self.legal_2)
            self.assertEqual(contract.state, "approved")
            # Cycle time: from the opening of the step to the decision.
            decided_review = contract.review_ids.filtered(
                lambda r: r.status == "approved"
            )
            self.assertAlmostEqual(decided_review.approval_duration_hours, 143.0)
            self.assertEqual(decided_review.contract_id, contract)
            # The step is decided: its escalations are closed with it.
            self.assertFalse(self._escalations(contract))
            self._run_cron()
            self.assertEqual(len(self._reminders(contract)), 2)

    def test_escalation_to_team_leader(self):
        self.rule.approval_escalation_user_id = False
        team = self.env["crm.team"].create(
            {"name": "Legal Team", "user_id": self.outsider.id}
        )
        self.env["crm.team.member"].create(
            {"crm_team_id": team.id, "user_id": self.legal_1.id}
        )
        with freeze_time("2026-12-01 09:00:00"):
            contract = self._create_contract()
            contract.action_request_approval()
        with freeze_time("2026-12-10 09:00:00"):
            self._run_cron()
            self._run_cron()
        review_1 = contract.review_ids.filtered(
            lambda r: r.approver_user_id == self.legal_1
        )
        review_2 = contract.review_ids - review_1
        self.assertEqual(review_1.escalated_to_id, self.outsider)
        self.assertFalse(review_2.escalated_to_id, "no manager: nobody to tell")
        self.assertTrue(review_2.escalated_on)
        self.assertEqual(len(self._escalations(contract, self.outsider)), 1)
        self.assertEqual(review_1.escalation_activity_id.user_id, self.outsider)
