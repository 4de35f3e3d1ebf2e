# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from lxml import etree

from odoo.exceptions import UserError
from odoo.tests import freeze_time, tagged

from .common import RenewalCommon

NOTICE_ALERT = "//div[@role='status'][field[@name='renewal_notice_deadline']]"


@tagged("post_install", "-at_install")
class TestRenewalButtons(RenewalCommon):
    """The renewal buttons show only where they can succeed; the form says
    what happens instead."""

    def _names(self, record, user=None):
        user = user or self.renewal_user
        return [name for name, _css in self._header_buttons(record, user)]

    def _notice_button(self, contract):
        return self._visible_nodes(
            contract, self.renewal_user, "//button[@name='action_open_notice_wizard']"
        )

    def _notice_alert_text(self, contract):
        alerts = self._visible_nodes(contract, self.renewal_user, NOTICE_ALERT)
        return " ".join(" ".join("".join(a.itertext()).split()) for a in alerts)

    def test_notice_until_the_deadline_automatic(self):
        contract = self._signed_contract(user=self.renewal_user)
        with freeze_time("2027-12-01"):
            # The last day to give notice.
            self.assertTrue(contract.renewal_can_give_notice)
            self.assertFalse(contract.renewal_notice_passed)
            self.assertTrue(self._notice_button(contract))
            self.assertFalse(self._notice_alert_text(contract))
        with freeze_time("2027-12-02"):
            contract.invalidate_recordset(
                ["renewal_can_give_notice", "renewal_notice_passed"]
            )
            self.assertFalse(contract.renewal_can_give_notice)
            self.assertTrue(contract.renewal_notice_passed)
            self.assertFalse(self._notice_button(contract))
            self.assertHeader(contract, self.renewal_user, None)
            text = self._notice_alert_text(contract)
            self.assertIn("The notice deadline passed on", text)
            self.assertIn("renews automatically on", text)
            with self.assertRefused(
                UserError, r"was 12/01/2027.*The contract renews on 01/01/2028"
            ):
                contract.with_user(self.renewal_user).action_open_notice_wizard()
            self.assertFalse(contract.renewal_notice_date)

    def test_notice_until_the_deadline_negotiated(self):
        contract = self._signed_contract(self.type_negotiated, user=self.renewal_user)
        with freeze_time("2027-11-20"):
            names = self.assertHeader(contract, self.renewal_user, None)
            self.assertTrue(self._notice_button(contract))
            self.assertIn("action_create_renewal_quotation", names)
        with freeze_time("2027-12-02"):
            contract.invalidate_recordset(
                ["renewal_can_give_notice", "renewal_notice_passed"]
            )
            self.assertFalse(self._notice_button(contract))
            # Still renewed if its quotation is confirmed.
            self.assertIn("action_create_renewal_quotation", self._names(contract))
            text = self._notice_alert_text(contract)
            self.assertIn("if its renewal quotation is confirmed", text)
            self.assertNotIn("automatically", text)
            with self.assertRefused(
                UserError, "renews on 01/01/2028 if its renewal quotation is confirmed"
            ):
                contract.with_user(self.renewal_user)._action_give_notice(
                    "customer", "Too late"
                )

    def test_no_notice_button_when_notice_is_not_needed(self):
        contract = self._signed_contract(renewal_mode="none")
        with freeze_time("2027-06-01"):
            self.assertFalse(contract.renewal_can_give_notice)
            self.assertFalse(contract.renewal_notice_passed)
            self.assertFalse(self._notice_button(contract))
            with self.assertRefused(UserError, "does not renew"):
                contract.with_user(self.renewal_user).action_open_notice_wizard()

    def test_renewal_quotation_is_not_the_contract_quotation(self):
        contract = self._signed_contract(self.type_negotiated, user=self.renewal_user)
        with freeze_time("2027-11-20"):
            contract.with_user(self.renewal_user).action_create_renewal_quotation()
            contract.invalidate_recordset(["has_quotation"])
            self.assertFalse(contract.has_quotation)
            self.assertIn("action_create_quotation", self._names(contract))

    # ------------------------------------------------------------------
    # Renewal opportunity
    # ------------------------------------------------------------------
    def test_renewal_opportunity_offers_its_quotation_only(self):
        contract = self._signed_contract(self.type_negotiated, user=self.renewal_user)
        with freeze_time("2027-11-16"):
            self._run_cron()
            lead = contract.sudo().renewal_ids.opportunity_id.with_user(
                self.renewal_user
            )
            self.assertTrue(lead.is_contract_renewal)
            names = self.assertHeader(
                lead,
                self.renewal_user,
                "action_create_renewal_quotation",
                max_buttons=None,
            )
            self.assertNotIn("action_create_contract", names)
            self.assertNotIn("action_sale_quotations_new", names)
            with self.assertRefused(UserError, "renews a contract: make its renewal"):
                lead.action_create_contract()
            self.assertEqual(
                self.env["customer.contract"].search(
                    [("partner_id", "=", self.customer.id)]
                ),
                contract,
            )
            # Once the next renewal has its own opportunity, this one still
            # renews a contract: no new contract from it either.
            contract.sudo().write({"opportunity_id": False})
            lead.invalidate_recordset(["contract_ids", "contract_count"])
            self.assertNotIn("action_create_contract", self._names(lead))
            with self.assertRefused(UserError, "renews a contract"):
                lead.action_create_contract()

    def test_plain_opportunity_keeps_its_buttons(self):
        lead = (
            self.env["crm.lead"]
            .with_user(self.renewal_user)
            .create(
                {
                    "name": "New support deal",
                    "type": "opportunity",
                    "partner_id": self.customer.id,
                }
            )
        )
        self.assertFalse(lead.is_contract_renewal)
        names = self.assertHeader(
            lead, self.renewal_user, "action_sale_quotations_new", max_buttons=None
        )
        self.assertIn("action_create_contract", names)
        self.assertNotIn("action_create_renewal_quotation", names)

    def test_renewals_filter_in_its_own_group(self):
        view = self.env.ref("crm.view_crm_case_opportunities_filter")
        arch = (
            self.env["crm.lead"]
            .with_user(self.renewal_user)
            .get_views([(view.id, "search")])["views"]["search"]["arch"]
        )
        search = etree.fromstring(arch)
        # Filters of a group are OR-ed; groups are AND-ed: they are split by
        # separators (and by any other node than a filter).
        groups, group = [], []
        for node in search:
            if node.tag == "filter":
                group.append(node.get("name"))
            elif group:
                groups.append(group)
                group = []
        if group:
            groups.append(group)
        (renewal_group,) = [g for g in groups if "contract_renewals" in g]
        self.assertEqual(renewal_group, ["contract_renewals"])
        (pipeline_group,) = [g for g in groups if "assigned_to_me" in g]
        self.assertNotIn("contract_renewals", pipeline_group)
