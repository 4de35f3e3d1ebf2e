# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import Form, HttpCase, freeze_time, tagged

from odoo.addons.customer_contract.tests.access_common import AccessMatrixMixin
from odoo.addons.customer_contract.tests.common import SIGNED_PDF

from .common import ApprovalRolesCommon

# Who may do what on the approval records of contracts (a user of another
# company configures the approval rules of their own company only). "Contract reviews"
# are the tier.review records of a contract (reviewer, decision, comment);
# they change only through the approval workflow, so nobody writes, creates
# or deletes them directly. Approval rules of the contract models are the
# Contracts Managers'; the rules of other models are the administrators'.
ACCESS_TABLE = """
# role              model                 read write create unlink
contract_user       tier.review           Y    N     N      N
contract_manager    tier.review           Y    N     N      N
reviewer            tier.review           Y    N     N      N
accountant          tier.review           Y    N     N      N
salesman            tier.review           N    N     N      N
portal_customer     tier.review           N    N     N      N
portal_other        tier.review           N    N     N      N
other_company       tier.review           N    N     N      N
admin               tier.review           Y    N     N      N

contract_user       tier.definition       Y    N     N      N
contract_manager    tier.definition       Y    Y     Y      Y
reviewer            tier.definition       Y    N     N      N
accountant          tier.definition       Y    N     N      N
salesman            tier.definition       Y    N     N      N
portal_customer     tier.definition       N    N     N      N
portal_other        tier.definition       N    N     N      N
other_company       tier.definition       N    N     Y      N
admin               tier.definition       Y    Y     Y      Y
"""

# For comparison, an approval rule of another model (res.partner: any model
# may carry base_tier_validation rules): read as base_tier_validation lets
# every internal and portal user read rules, changed by administrators only.
OTHER_MODEL_TABLE = """
# role              model                 read write create unlink
contract_user       tier.definition       Y    N     N      N
contract_manager    tier.definition       Y    N     N      N
reviewer            tier.definition       Y    N     N      N
salesman            tier.definition       Y    N     N      N
portal_customer     tier.definition       Y    N     N      N
other_company       tier.definition       N    N     N      N
admin               tier.definition       Y    Y     Y      Y
"""

# The reviewer outside the contract groups reads the contract submitted to
# them (and what its form shows), and never another one.
REVIEWER_TABLE = """
# role              model                             read write create unlink
reviewer            customer.contract                 Y    N     N      N
reviewer            customer.contract.line            Y    N     N      N
reviewer            customer.contract.clause.line     Y    N     N      N
salesman            customer.contract                 N    N     N      N
salesman            customer.contract.line            N    N     N      N
contract_user       customer.contract                 Y    -     -      -
accountant          customer.contract                 Y    N     N      N
"""


@tagged("post_install", "-at_install")
class TestApprovalAccessMatrix(AccessMatrixMixin, ApprovalRolesCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.admin = cls.env["res.users"].create(
            {
                "name": "Ada Admin",
                "login": "ap_admin",
                "group_ids": [
                    Command.set(
                        [
                            cls.env.ref("base.group_erp_manager").id,
                            cls.env.ref(
                                "customer_contract.customer_contract_group_manager"
                            ).id,
                        ]
                    )
                ],
            }
        )
        cls.users = {
            "contract_user": cls.contract_user,
            "contract_manager": cls.contract_manager,
            "reviewer": cls.reviewer,
            "accountant": cls.accountant,
            "salesman": cls.salesman,
            "portal_customer": cls.portal_customer,
            "portal_other": cls.portal_other,
            "other_company": cls.other_company_user,
            "admin": cls.admin,
        }
        cls.contract = cls._create_contract()
        cls.contract.with_user(cls.contract_user).action_request_approval()
        cls.review = cls.contract.review_ids
        cls.env["customer.contract.approval.wizard"].with_user(cls.reviewer).create(
            {
                "res_model": cls.contract._name,
                "res_id": cls.contract.id,
                "decision": "reject",
                "comment": "Margin too thin",
            }
        ).action_confirm()
        cls.spare_rule = cls._create_rule(
            "Spare rule", cls.legal_1, contract_amount_min=1e9
        )
        cls.partner_model = cls.env["ir.model"]._get("res.partner")
        cls.partner_rule = cls.env["tier.definition"].create(
            {
                "name": "Partner rule",
                "model_id": cls.partner_model.id,
                "review_type": "individual",
                "reviewer_id": cls.legal_1.id,
            }
        )

    def _review_probe(self):
        return {
            "record": self.review,
            "fields": ["status", "comment", "approver_user_id", "name"],
            "write": {"status": "approved", "comment": "fine"},
            "create": lambda user: {
                "model": self.contract._name,
                "res_id": self.contract.id,
                "definition_id": self.rule_finance.id,
                "approver_user_id": user.id,
                "status": "approved",
            },
        }

    def _rule_probe(self, rule, model):
        return {
            "record": rule,
            "fields": ["name", "model", "review_type"],
            "write": {"name": "Renamed rule"},
            "create": lambda user: {
                "name": "New rule",
                "model_id": model.id,
                "review_type": "individual",
                "reviewer_id": self.legal_1.id,
            },
        }

    def test_matrix_contract_reviews_and_rules(self):
        self.assertEqual(self.review.status, "rejected")
        self.assertFalse(self.rule_finance.company_id, "a rule without a company")
        self.assertAccessMatrix(
            ACCESS_TABLE,
            self.users,
            {
                "tier.review": self._review_probe(),
                "tier.definition": self._rule_probe(
                    self.spare_rule, self.contract_model
                ),
            },
        )

    def test_matrix_rules_of_another_model(self):
        self.assertAccessMatrix(
            OTHER_MODEL_TABLE,
            self.users,
            {
                "tier.definition": self._rule_probe(
                    self.partner_rule, self.partner_model
                )
            },
        )

    def test_matrix_reviewer_reads_what_is_submitted(self):
        contract = self._create_contract()
        self.contract.with_user(self.contract_user).action_request_approval()
        self.assertAccessMatrix(
            REVIEWER_TABLE,
            self.users,
            {
                "customer.contract": {
                    "record": self.contract,
                    "fields": ["name", "state", "amount_total"],
                    "write": {"name": "Renamed"},
                    "create": lambda user: {
                        "name": "New",
                        "partner_id": self.customer.id,
                    },
                },
                "customer.contract.line": {
                    "record": self.contract.line_ids[:1],
                    "fields": ["price_unit", "quantity"],
                    "write": {"price_unit": 1.0},
                    "create": lambda user: {
                        "contract_id": self.contract.id,
                        "product_id": self.product_service.id,
                    },
                },
                "customer.contract.clause.line": {
                    "record": self.contract.clause_ids[:1],
                    "fields": ["body"],
                    "write": {"body": "<p>x</p>"},
                    "create": lambda user: {
                        "contract_id": self.contract.id,
                        "name": "Extra",
                    },
                },
            },
        )
        # Another contract, never submitted to them: not readable.
        with self.assertRaises(AccessError):
            contract.with_user(self.reviewer).read(["name"])
        Contract = self.env["customer.contract"].with_user(self.reviewer)
        self.assertEqual(Contract.search([]), self.contract)


@tagged("post_install", "-at_install")
class TestReviewerOutsideGroups(ApprovalRolesCommon):
    def test_reviewer_opens_form_and_decides(self):
        contract = self._request_as_owner()
        review = self._review_of(contract, self.reviewer)
        self.assertEqual(review.status, "pending")
        # The form, as the web client loads it, for the reviewer.
        form = Form(contract.with_user(self.reviewer))
        self.assertEqual(form.state, "to_approve")
        self.assertTrue(form.approval_can_decide)
        # The reviewer's systray counter sees it too.
        counts = self.env["res.users"].with_user(self.reviewer).review_user_count()
        self.assertEqual([c["model"] for c in counts], ["customer.contract"])
        # An escalation of the overdue step...
        review.sudo()._send_escalations()
        escalation = review.escalation_activity_id
        self.assertEqual(escalation.user_id, self.sales_manager)
        # ...closes with the step, decided from the form's button.
        action = contract.with_user(self.reviewer).action_approval_approve()
        wizard = Form(
            self.env[action["res_model"]]
            .with_user(self.reviewer)
            .with_context(**action["context"])
        )
        wizard.comment = "Budget available"
        wizard.save().action_confirm()
        self.assertEqual(contract.state, "approved")
        self.assertEqual(review.status, "approved")
        self.assertEqual(review.done_by, self.reviewer)
        self.assertFalse(escalation.exists(), "escalation closed with the step")
        self.assertFalse(self._approval_activities(contract))
        # Nothing else: the reviewer changes nothing on the contract.
        with self.assertRaises(AccessError):
            contract.with_user(self.reviewer).write({"note": "<p>Mine now</p>"})
        self.assertFalse(contract.note)

    @freeze_time("2027-02-15 10:00:00")
    def test_reviewer_opens_amendment_form_and_decides(self):
        self._create_rule(
            "Amendments: finance",
            self.env["res.users"],
            model=self.amendment_model,
            review_type="group",
            reviewer_group_id=self.finance_group.id,
            approval_quorum="any",
        )
        contract = self._request_as_owner()
        contract.with_user(self.reviewer)._approval_decide("approve", "Fine")
        contract.with_user(self.contract_user)._action_sign(
            "Brandon Freeman",
            "2027-01-10",
            self.contract_signatory,
            document=SIGNED_PDF,
        )
        self.assertEqual(contract.state, "active")
        amendment = (
            self.env["customer.contract.amendment"]
            .with_user(self.contract_user)
            .create(
                {
                    "contract_id": contract.id,
                    "reason": "Price review",
                    "date_effective": "2027-03-01",
                }
            )
        )
        amendment.line_ids.price_unit = 160.0
        amendment.with_user(self.contract_user).action_request_approval()
        form = Form(amendment.with_user(self.reviewer))
        self.assertEqual(form.state, "to_approve")
        self.assertTrue(form.approval_can_decide)
        amendment.with_user(self.reviewer)._approval_decide("approve", "Budget ok")
        self.assertEqual(amendment.state, "approved")
        # Still nothing to change on it.
        with self.assertRaises(AccessError):
            amendment.with_user(self.reviewer).write({"reason": "Mine"})

    def test_rejection_closes_escalations(self):
        contract = self._request_as_owner()
        review = self._review_of(contract, self.reviewer)
        review.sudo()._send_escalations()
        escalation = review.escalation_activity_id
        self.assertTrue(escalation)
        contract.with_user(self.reviewer)._approval_decide("reject", "Too risky")
        self.assertEqual(contract.state, "negotiation")
        self.assertFalse(escalation.exists())

    def test_withdrawal_closes_escalations(self):
        contract = self._request_as_owner()
        review = self._review_of(contract, self.reviewer)
        review.sudo()._send_escalations()
        escalation = review.escalation_activity_id
        contract.with_user(self.contract_user).action_withdraw_approval()
        self.assertEqual(contract.state, "negotiation")
        self.assertFalse(escalation.exists())


@tagged("post_install", "-at_install")
class TestApprovalConfidentiality(ApprovalRolesCommon, HttpCase):
    """The customer's PDF and portal page of a rejected-then-approved
    contract show no reviewer, decision or comment; the internal PDF does,
    for contract users only."""

    REJECTION = "Margin too thin for this customer"
    APPROVAL = "Approved after the discount was reduced"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        contract = cls._create_contract()
        contract.with_user(cls.contract_user).action_request_approval()
        contract.with_user(cls.reviewer)._approval_decide("reject", cls.REJECTION)
        contract.with_user(cls.contract_user).action_request_approval()
        contract.with_user(cls.reviewer)._approval_decide("approve", cls.APPROVAL)
        contract.with_user(cls.contract_user)._action_sign(
            "Brandon Freeman", "2027-01-10", cls.contract_signatory, document=SIGNED_PDF
        )
        cls.contract = contract

    def _render(self, report_ref, user):
        return (
            self.env["ir.actions.report"]
            .with_user(user)
            ._render_qweb_html(report_ref, self.contract.ids)[0]
            .decode()
        )

    def assertNothingInternal(self, html):
        for secret in (self.REJECTION, self.APPROVAL, self.reviewer.name):
            self.assertNotIn(secret, html)
        self.assertNotIn("Approvals", html)

    def test_customer_pdf_has_no_approval(self):
        self.assertIn(self.contract.state, ("signed", "active"))
        self.assertEqual(
            set(self.contract.approval_review_ids.mapped("status")),
            {"rejected", "approved"},
        )
        html = self._render("customer_contract.report_customer_contract", self.env.user)
        self.assertIn(self.contract.name, html)
        self.assertNothingInternal(html)

    def test_internal_pdf_for_contract_users_only(self):
        html = self._render(
            "customer_contract_approval.report_contract_internal", self.contract_user
        )
        for secret in (self.REJECTION, self.APPROVAL, self.reviewer.name):
            self.assertIn(secret, html)
        for user in (self.portal_customer, self.salesman, self.accountant):
            with self.assertRaisesRegex(AccessError, "only contract users print it"):
                self._render(
                    "customer_contract_approval.report_contract_internal", user
                )

    def test_portal_page_and_pdf_have_no_approval(self):
        self.authenticate(self.portal_customer.login, self.portal_customer.login)
        page = self.url_open(f"/my/contracts/{self.contract.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn(self.contract.reference, page.text)
        self.assertNothingInternal(page.text)
        report = self.url_open(f"/my/contracts/{self.contract.id}?report_type=html")
        self.assertEqual(report.status_code, 200)
        self.assertIn(self.contract.name, report.text)
        self.assertNothingInternal(report.text)

    def test_portal_cannot_print_internal_pdf(self):
        self.authenticate(self.portal_customer.login, self.portal_customer.login)
        for converter in ("html", "pdf"):
            response = self.url_open(
                f"/report/{converter}/customer_contract_approval."
                f"report_contract_internal/{self.contract.id}"
            )
            self.assertNotEqual(response.status_code, 200)
            self.assertNothingInternal(response.text)
