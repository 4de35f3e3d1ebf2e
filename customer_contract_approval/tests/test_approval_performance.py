# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging

from odoo.tests import freeze_time, tagged

from .common import ContractApprovalCommon

_logger = logging.getLogger(__name__)


@tagged("post_install", "-at_install")
@freeze_time("2026-12-01 09:00:00")
class TestApprovalPerformance(ContractApprovalCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._create_rule("Sales manager", cls.sales_manager, step=1)
        cls._create_rule(
            "Legal", cls.legal_1 | cls.legal_2, step=2, approval_quorum="any"
        )
        cls._create_rule("Finance", cls.finance_1, step=2, contract_amount_min=100)

    def _contracts(self, count):
        Contract = self.env["customer.contract"].with_user(self.contract_user)
        return Contract.create(
            [
                {
                    "name": f"Bulk {index}",
                    "partner_id": self.customer.id,
                    "signatory_id": self.signatory.id,
                    "type_id": self.contract_type.id,
                    "date_start": "2027-01-01",
                    "line_ids": [
                        (
                            0,
                            0,
                            {"product_id": self.product_service.id, "price_unit": 150},
                        )
                    ],
                }
                for index in range(count)
            ]
        )

    def _request_queries(self, contracts):
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        contracts.action_request_approval()
        self.env.flush_all()
        return self.cr.sql_log_count - before

    def test_request_approval_queries_per_contract(self):
        small = self._request_queries(self._contracts(10))
        big_contracts = self._contracts(100)
        self.env.flush_all()
        self.env.invalidate_all()
        with self.assertQueryCount(QUERIES_100):
            before = self.cr.sql_log_count
            big_contracts.action_request_approval()
            self.env.flush_all()
            big = self.cr.sql_log_count - before
        per_contract = (big - small) / 90
        _logger.info(
            "Request approval: %s queries for 10 contracts, %s for 100: %.1f per "
            "contract",
            small,
            big,
            per_contract,
        )
        self.assertLessEqual(per_contract, 25, f"{small} queries for 10, {big} for 100")
        self.assertEqual(set(big_contracts.mapped("state")), {"to_approve"})
        self.assertEqual(len(big_contracts.review_ids), 400)
        self.assertEqual(
            self.env["mail.activity"].search_count(
                [
                    ("res_model", "=", "customer.contract"),
                    ("res_id", "in", big_contracts.ids),
                ]
            ),
            100,
        )


# Measured: 309 queries for 10 contracts, 2244 for 100 (21.5 per contract:
# reviews, one activity and its notification per awaited reviewer, the state
# tracking and the chatter note of each contract; the check that each could
# be signed reads their clauses in one query).
QUERIES_100 = 2244
