# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from lxml import etree

from odoo.tests import freeze_time, tagged

from odoo.addons.customer_contract.tests.common import SIGNED_PDF

from .common import REJECTED_TYPE, ContractApprovalCommon


@tagged("post_install", "-at_install")
@freeze_time("2026-12-01 09:00:00")
class TestApprovalMessages(ContractApprovalCommon):
    """A decision writes one chatter message (with its reason), and the
    owner's "Approval rejected" activity does not outlive the next request."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The chatter as users see it: state changes tracked.
        cls.env = cls.env(
            context=dict(cls.env.context, tracking_disable=False, mail_notrack=False)
        )
        cls.rule_manager = cls._create_rule("Sales manager", cls.sales_manager, step=1)
        cls.rule_legal = cls._create_rule("Legal", cls.legal_1, step=2)

    def _flush_tracking(self):
        # Tracking messages are written at the end of the transaction.
        self.env.flush_all()
        self.env.cr.precommit.run()

    def _new_messages(self, contract, decide):
        self._flush_tracking()
        before = contract.message_ids
        decide()
        self._flush_tracking()
        contract.invalidate_recordset(["message_ids"])
        return contract.message_ids - before

    def _rejection_activities(self, contract):
        return contract.activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref(REJECTED_TYPE)
        )

    def test_one_message_per_decision(self):
        contract = self._create_contract()
        contract.action_request_approval()
        # A step approved, the next one opened: one note.
        messages = self._new_messages(
            contract,
            lambda: self._decide(contract, self.sales_manager, comment="Fine with me"),
        )
        self.assertEqual(len(messages), 1, messages.mapped("body"))
        self.assertIn(
            "Approved by Sam Sales (Sales manager): Fine with me", messages.body
        )
        self.assertEqual(messages.author_id, self.sales_manager.partner_id)
        self.assertNotIn("done", messages.body)
        # The decided activity is done, with the comment, and silent.
        done = (
            self.env["mail.activity"]
            .with_context(active_test=False)
            .sudo()
            .search(
                [
                    ("res_model", "=", contract._name),
                    ("res_id", "=", contract.id),
                    ("user_id", "=", self.sales_manager.id),
                ]
            )
        )
        self.assertFalse(done.active)
        self.assertEqual(done.feedback, "Fine with me")
        # The last step approved: one message, with the state change.
        messages = self._new_messages(
            contract, lambda: self._decide(contract, self.legal_1)
        )
        self.assertEqual(len(messages), 1, messages.mapped("body"))
        self.assertIn("Approved by Lea Legal (Legal).", messages.body)
        self.assertIn("can now be signed", messages.body)
        self.assertEqual(
            messages.sudo().tracking_value_ids.mapped("new_value_char"), ["Approved"]
        )
        self.assertEqual(contract.state, "approved")

    def test_one_message_per_rejection(self):
        contract = self._create_contract()
        contract.action_request_approval()
        messages = self._new_messages(
            contract,
            lambda: self._decide(
                contract, self.sales_manager, "reject", "Liability clause missing"
            ),
        )
        self.assertEqual(len(messages), 1, messages.mapped("body"))
        self.assertIn(
            "Rejected by Sam Sales (Sales manager): Liability clause missing",
            messages.body,
        )
        self.assertNotIn("Feedback", messages.body)
        self.assertEqual(
            messages.sudo().tracking_value_ids.mapped("new_value_char"), ["Negotiation"]
        )
        self.assertEqual(len(self._rejection_activities(contract)), 1)

    def test_one_message_per_request_and_withdrawal(self):
        contract = self._create_contract()
        messages = self._new_messages(contract, contract.action_request_approval)
        self.assertEqual(len(messages), 1, messages.mapped("body"))
        self.assertIn("Approval requested by", messages.body)
        self.assertEqual(
            messages.sudo().tracking_value_ids.mapped("new_value_char"),
            ["To Approve"],
        )
        messages = self._new_messages(contract, contract.action_withdraw_approval)
        self.assertEqual(len(messages), 1, messages.mapped("body"))
        self.assertIn("Approval request withdrawn by", messages.body)

    def test_no_stale_rejection_after_approval_and_signature(self):
        contract = self._create_contract()
        contract.action_request_approval()
        self._decide(contract, self.sales_manager, "reject", "Price too low")
        rejected = self._rejection_activities(contract)
        self.assertEqual(rejected.user_id, self.contract_user)
        # Requested again: the rejection is dealt with.
        contract.with_user(self.contract_user).action_request_approval()
        self.assertFalse(self._rejection_activities(contract))
        self.assertFalse(rejected.active)
        self._decide(contract, self.sales_manager)
        self._decide(contract, self.legal_1)
        self.assertEqual(contract.state, "approved")
        contract.with_user(self.contract_user)._action_sign(
            "Brandon Freeman",
            "2026-12-01",
            self.contract_signatory,
            document=SIGNED_PDF,
        )
        self.assertEqual(contract.state, "signed")
        self.assertFalse(contract.activity_ids)

    def test_rejection_closed_when_signed_without_approval(self):
        contract = self._create_contract()
        contract.action_request_approval()
        self._decide(contract, self.sales_manager, "reject", "Price too low")
        # The rules no longer apply (e.g. archived): signed directly.
        (self.rule_manager | self.rule_legal).sudo().active = False
        contract.with_user(self.contract_user)._action_sign(
            "Brandon Freeman",
            "2026-12-01",
            self.contract_signatory,
            document=SIGNED_PDF,
        )
        self.assertEqual(contract.state, "signed")
        self.assertFalse(self._rejection_activities(contract))


@tagged("post_install", "-at_install")
@freeze_time("2026-12-01 09:00:00")
class TestApprovalDisplay(ContractApprovalCommon):
    """What reviewers read: who is awaited, the reviews grouped by document
    type, amounts with their currency, whole names and comments."""

    def _arch(self, model, view_type, xmlid=None, user=None):
        view_id = self.env.ref(xmlid).id if xmlid else None
        views = (
            self.env[model]
            .with_user(user or self.contract_user)
            .get_views([(view_id, view_type)])
        )
        return etree.fromstring(views["views"][view_type]["arch"])

    def test_awaited_group_named_in_full(self):
        group = self.env.ref("customer_contract.customer_contract_group_manager")
        self._create_rule(
            "Managers",
            self.env["res.users"],
            review_type="group",
            reviewer_group_id=group.id,
            approval_quorum="any",
        )
        self._create_rule("Legal", self.legal_1 | self.legal_2, approval_quorum="all")
        contract = self._create_contract()
        contract.action_request_approval()
        message = str(contract.with_user(self.legal_1).to_validate_message)
        self.assertIn("Pending validation by", message)
        self.assertIn(f"Manny Manager ({group.full_name})", message)
        self.assertIn("Customer Contracts / Manager", group.full_name)
        self.assertIn("Lea Legal", message)
        self.assertIn("Leo Legal", message)
        self.assertNotIn("Group Manager", message)

    def test_reviews_grouped_by_document_type(self):
        self._create_rule("Sales manager", self.sales_manager)
        contract = self._create_contract()
        contract.action_request_approval()
        Review = self.env["tier.review"].with_user(self.sales_manager)
        self.assertEqual(
            dict(Review._fields["document_type"]._description_selection(self.env))[
                contract.review_ids.document_type
            ],
            "Contract",
        )
        groups = Review.formatted_read_group(
            [("contract_id", "=", contract.id)], ["document_type"], ["__count"]
        )
        self.assertEqual(groups[0]["document_type"], "customer.contract")
        action = self.env.ref(
            "customer_contract_approval.tier_review_action_contract_mine"
        )
        self.assertIn("search_default_group_model", action.context)
        search = self._arch(
            "tier.review",
            "search",
            "customer_contract_approval.tier_review_view_search_contract",
        )
        (node,) = search.xpath("//filter[@name='group_model']")
        self.assertIn("'group_by': 'document_type'", node.get("context"))

    def test_lists_show_currency_and_whole_texts(self):
        to_approve = self._arch(
            "customer.contract",
            "list",
            "customer_contract_approval.customer_contract_view_list_to_approve",
        )
        self.assertTrue(to_approve.xpath("//field[@name='currency_id']"))
        (amount,) = to_approve.xpath("//field[@name='amount_total']")
        self.assertEqual(amount.get("widget"), "monetary")
        form = self._arch("customer.contract", "form")
        history = form.xpath("//field[@name='approval_review_ids']/list")[0]
        (comment,) = history.xpath("field[@name='comment']")
        self.assertIn("text-wrap", comment.get("class"))
        (approver,) = history.xpath("field[@name='approver_user_id']")
        self.assertTrue(approver.get("width"))

    def test_rule_numbers_not_summed(self):
        for fname in ("approval_step", "approval_quorum_count", "contract_amount_min"):
            self.assertFalse(self.env["tier.definition"]._fields[fname].aggregator)
