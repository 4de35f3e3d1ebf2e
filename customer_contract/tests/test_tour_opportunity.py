# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields
from odoo.tests import new_test_user, tagged

from .test_tour import ContractTourCommon


@tagged("post_install", "-at_install")
class TestContractOpportunityTour(ContractTourCommon):
    """A contract user who sells goes, in the browser, from an opportunity to
    a signed contract and an applied amendment, clicking only the buttons the
    screens offer."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tour_user = new_test_user(
            cls.env,
            login="tour_opportunity_user",
            password="tour_opportunity_user",
            name="Oscar Opportunity",
            groups="customer_contract.customer_contract_group_user,"
            "customer_contract.customer_contract_group_signatory,"
            "sales_team.group_sale_salesman",
        )
        cls.opportunity = cls.env["crm.lead"].create(
            {
                "name": "Lagoon Pool Renovation",
                "type": "opportunity",
                "partner_id": cls.customer.id,
                "user_id": cls.tour_user.id,
                "expected_revenue": 240.0,
            }
        )

    def test_opportunity_to_amended_contract(self):
        self.start_tour(
            "/odoo", "customer_contract_opportunity_tour", login="tour_opportunity_user"
        )
        contract = self.opportunity.contract_ids
        self.assertEqual(len(contract), 1, "one contract for the opportunity")
        today = fields.Date.context_today(contract)
        self.assertRecordValues(
            contract,
            [
                {
                    "name": "Lagoon Pool Renovation",
                    "partner_id": self.customer.id,
                    "signatory_id": self.signatory.id,
                    "user_id": self.tour_user.id,
                    "state": "active",
                    "date_start": today,
                    "version_number": 2,
                    "amount_untaxed": 400.0,
                }
            ],
        )
        self.assertRecordValues(
            contract.amendment_ids,
            [
                {
                    "state": "applied",
                    "date_effective": today,
                    "reason": "Two more visits",
                }
            ],
        )
        self.assertEqual(contract.line_ids.quantity, 5.0)
