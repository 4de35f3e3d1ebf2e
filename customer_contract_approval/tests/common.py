# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command
from odoo.tests import new_test_user

from odoo.addons.customer_contract.tests.common import CustomerContractCommon

ACTIVITY_TYPE = "customer_contract_approval.mail_activity_type_contract_approval"
REJECTED_TYPE = (
    "customer_contract_approval.mail_activity_type_contract_approval_rejected"
)


class ContractApprovalCommon(CustomerContractCommon):
    """Reviewers (plain contract users) and helpers for approval rules."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        group = "customer_contract.customer_contract_group_user"
        cls.sales_manager = new_test_user(
            cls.env, login="ap_sales_manager", name="Sam Sales", groups=group
        )
        cls.legal_1 = new_test_user(
            cls.env, login="ap_legal_1", name="Lea Legal", groups=group
        )
        cls.legal_2 = new_test_user(
            cls.env, login="ap_legal_2", name="Leo Legal", groups=group
        )
        cls.finance_1 = new_test_user(
            cls.env, login="ap_finance_1", name="Fay Finance", groups=group
        )
        cls.finance_2 = new_test_user(
            cls.env, login="ap_finance_2", name="Finn Finance", groups=group
        )
        cls.finance_3 = new_test_user(
            cls.env, login="ap_finance_3", name="Flo Finance", groups=group
        )
        cls.outsider = new_test_user(
            cls.env, login="ap_outsider", name="Otto Outsider", groups=group
        )
        cls.contract_model = cls.env["ir.model"]._get("customer.contract")
        cls.amendment_model = cls.env["ir.model"]._get("customer.contract.amendment")
        cls.activity_type = cls.env.ref(ACTIVITY_TYPE)

    @classmethod
    def _create_rule(cls, name, users, step=1, model=None, **values):
        """Create an approval rule as the contract manager (configuration)."""
        vals = {
            "name": name,
            "model_id": (model or cls.contract_model).id,
            "review_type": "users",
            "approval_user_ids": [Command.set(users.ids)],
            "approval_step": step,
            "company_id": cls.company.id,
        }
        vals.update(values)
        return cls.env["tier.definition"].with_user(cls.contract_manager).create(vals)

    def _approval_activities(self, record, users=None):
        domain = [
            ("res_model", "=", record._name),
            ("res_id", "=", record.id),
            ("activity_type_id", "=", self.activity_type.id),
        ]
        if users is not None:
            domain.append(("user_id", "in", users.ids))
        return self.env["mail.activity"].sudo().search(domain)

    def _decide(self, record, user, decision="approve", comment=None):
        return record.with_user(user)._approval_decide(decision, comment)

    def _reviews(self, record, step=None):
        reviews = record.review_ids
        if step is not None:
            reviews = reviews.filtered(lambda r: r.sequence == step)
        return reviews


class ApprovalRolesCommon(ContractApprovalCommon):
    """Every role that meets a contract under approval, and a contract that
    a rule without a company sends to a Finance group outside the contract
    groups."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.finance_group = cls.env["res.groups"].create({"name": "Finance Reviewers"})
        cls.reviewer = new_test_user(
            cls.env,
            login="ap_fin_reviewer",
            name="Rita Reviewer",
            groups="base.group_user",
        )
        cls.reviewer.group_ids = [Command.link(cls.finance_group.id)]
        cls.accountant = new_test_user(
            cls.env,
            login="ap_accountant",
            name="Andy Accountant",
            groups="account.group_account_invoice",
        )
        cls.salesman = new_test_user(
            cls.env,
            login="ap_salesman",
            name="Sally Salesman",
            groups="sales_team.group_sale_salesman",
        )
        cls.portal_customer = new_test_user(
            cls.env, login="ap_portal", name="Paula Portal", groups="base.group_portal"
        )
        cls.portal_customer.partner_id.parent_id = cls.customer
        cls.portal_other = new_test_user(
            cls.env,
            login="ap_portal_other",
            name="Oscar Other",
            groups="base.group_portal",
        )
        cls.portal_other.partner_id.parent_id = cls.other_customer
        cls.company_2 = cls.env["res.company"].create({"name": "Contracts Abroad"})
        cls.other_company_user = new_test_user(
            cls.env,
            login="ap_other_company",
            name="Carl Company",
            groups="customer_contract.customer_contract_group_manager",
            company_id=cls.company_2.id,
            company_ids=[Command.set(cls.company_2.ids)],
        )
        # A rule without a company (as the demo rules), decided by a group
        # that has no contract right.
        cls.rule_finance = cls._create_rule(
            "Finance check",
            cls.env["res.users"],
            review_type="group",
            reviewer_group_id=cls.finance_group.id,
            company_id=False,
            approval_quorum="any",
            approval_escalation_days=1,
            approval_escalation_user_id=cls.sales_manager.id,
        )

    def _request_as_owner(self, contract=None):
        contract = contract or self._create_contract()
        contract.with_user(self.contract_user).action_request_approval()
        return contract

    def _review_of(self, record, user):
        return record.review_ids.filtered(lambda r: r.approver_user_id == user)
