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
