# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, freeze_time, tagged

from .common import RenewalCommon


@tagged("post_install", "-at_install")
class TestContractRenewal(RenewalCommon):
    def test_terms_from_type_and_computed_dates(self):
        contract = self._signed_contract()
        self.assertEqual(contract.renewal_mode, "automatic")
        self.assertEqual(contract.renewal_uplift, 10.0)
        self.assertEqual(contract.renewal_notice_deadline, date(2027, 12, 1))
        self.assertEqual(contract.renewal_reminder_date, date(2027, 11, 16))
        self.assertEqual(contract.renewal_date, date(2028, 1, 1))
        self.assertEqual(contract.renewal_count, 0)
        Contract = self.env["customer.contract"].with_user(self.contract_user)
        self.assertIn(
            contract,
            Contract.search([("renewal_notice_deadline", "<=", "2027-12-01")]),
        )
        # The filters of the contract list.
        with freeze_time("2027-11-16"):
            up = Contract.search(
                [
                    ("state", "in", ("signed", "active")),
                    ("renewal_date", "!=", False),
                    ("renewal_reminder_date", "<=", "2027-11-16"),
                ]
            )
            self.assertIn(contract, up)
        # A contract without type does not renew.
        other = self._create_contract(type_id=False)
        self.assertEqual(other.renewal_mode, "none")
        self.assertFalse(other.renewal_date)

    def test_automatic_full_term(self):
        contract = self._signed_contract()
        self.assertEqual(contract.state, "active")
        with freeze_time("2027-11-15"):
            self._run_cron()
            self.assertFalse(self._activities(contract))
            self.assertFalse(contract.sudo().renewal_ids)
        with freeze_time("2027-11-16"):
            self._run_cron()
            activity = self._activities(contract)
            self.assertEqual(len(activity), 1)
            self.assertEqual(activity.user_id, self.contract_user)
            self.assertEqual(activity.date_deadline, date(2027, 12, 1))
            mail = self._reminder_mails(contract)
            self.assertEqual(len(mail), 1)
            self.assertEqual(mail.recipient_ids, self.signatory)
            self.assertIn("12/31/2027", mail.body_html)
            self.assertIn("12/01/2027", mail.body_html)
            self.assertIn("renews automatically", mail.body_html)
            renewal = contract.sudo().renewal_ids
            self.assertEqual(len(renewal), 1)
            self.assertEqual((renewal.term, renewal.state), (1, "pending"))
            self.assertEqual(renewal.reminder_message_id, mail.mail_message_id)
            self.assertFalse(renewal.opportunity_id)
        with freeze_time("2027-12-30"):
            self._run_cron()
            self.assertEqual(contract.version_number, 1)
        with freeze_time("2027-12-31"):
            self._run_cron()
            self.assertEqual(contract.state, "active")
            self.assertEqual(contract.version_number, 2)
            self.assertEqual(contract.date_start, date(2028, 1, 1))
            self.assertEqual(contract.date_end, date(2028, 12, 31))
            self.assertEqual(contract.line_ids.mapped("price_unit"), [110.0])
            self.assertEqual(contract.amount_untaxed, 220.0)
            amendment = contract.amendment_ids
            self.assertEqual(len(amendment), 1)
            self.assertTrue(amendment.automatic)
            self.assertEqual(amendment.state, "applied")
            self.assertEqual(amendment.renewal_id, renewal)
            self.assertEqual(amendment.date_effective, date(2028, 1, 1))
            version = contract.version_ids
            self.assertEqual(len(version), 1)
            self.assertEqual(version.date_end, date(2027, 12, 31))
            self.assertEqual(version.line_ids.price_unit, 100.0)
            self.assertEqual(version.superseded_by_id, amendment)
            self.assertEqual(renewal.state, "renewed")
            self.assertEqual(renewal.renewed_how, "automatic")
            self.assertEqual(renewal.amount_renewed, 220.0)
            self.assertEqual(renewal.version_id, version)
            self.assertEqual(contract.renewal_count, 1)
            self.assertEqual(contract.renewal_date, date(2029, 1, 1))
            self.assertFalse(contract.renewal_reminded)
            announce = self._renewed_mails(contract)
            self.assertEqual(len(announce), 1)
            self.assertEqual(announce.recipient_ids, self.signatory)
            self.assertIn("12/31/2028", announce.body_html)
            self.assertEqual(renewal.renewal_message_id, announce.mail_message_id)
            counts = self._counts(contract)
        with freeze_time("2028-01-01"):
            # Neither this cron nor the state cron expires the renewed contract.
            self._run_cron()
            self._run_cron(self.state_cron)
            self.assertEqual(contract.state, "active")
            self.assertEqual(self._counts(contract), counts)
        # The next term: reminded again, renewed again.
        with freeze_time("2028-11-16"):
            self._run_cron()
            self.assertEqual(len(self._activities(contract)), 2)
            self.assertEqual(len(contract.sudo().renewal_ids), 2)
        with freeze_time("2028-12-31"):
            self._run_cron()
            self.assertEqual(contract.date_end, date(2029, 12, 31))
            self.assertEqual(contract.line_ids.price_unit, 121.0)
            self.assertEqual(contract.version_number, 3)
            self.assertEqual(contract.renewal_count, 2)

    def test_negotiated_full_term(self):
        contract = self._signed_contract(self.type_negotiated, user=self.renewal_user)
        with freeze_time("2027-11-16"):
            self._run_cron()
            renewal = contract.sudo().renewal_ids
            lead = renewal.opportunity_id
            self.assertTrue(lead)
            self.assertEqual(contract.opportunity_id, lead)
            self.assertEqual(lead.type, "opportunity")
            self.assertEqual(lead.partner_id, self.customer)
            self.assertEqual(lead.user_id, self.renewal_user)
            self.assertEqual(lead.team_id, contract.team_id)
            self.assertEqual(lead.expected_revenue, 220.0)
            self.assertIn(
                self.env.ref("customer_contract_renewal.crm_tag_renewal"), lead.tag_ids
            )
            self.assertEqual(len(self._reminder_mails(contract)), 1)
            self.assertIn("contact you", self._reminder_mails(contract).body_html)
            self.assertEqual(len(self._activities(contract)), 1)
            # The pipeline filter finds it.
            self.assertIn(
                lead,
                self.env["crm.lead"]
                .with_user(self.renewal_user)
                .search([("is_contract_renewal", "=", True)]),
            )
            self._run_cron()
            self.assertEqual(
                self.env["crm.lead"].search_count(
                    [("contract_ids", "in", contract.ids)]
                ),
                1,
            )
        with freeze_time("2027-12-10"):
            # The quotation, from the opportunity, with the uplift.
            action = lead.with_user(self.renewal_user).action_create_renewal_quotation()
            order = self.env["sale.order"].browse(action["res_id"])
            self.assertEqual(order.contract_id, contract)
            self.assertEqual(order.contract_renewal_id, renewal)
            self.assertEqual(order.opportunity_id, lead)
            self.assertEqual(order.order_line.price_unit, 110.0)
            # Asked again from the contract: the same quotation.
            again = contract.with_user(
                self.renewal_user
            ).action_create_renewal_quotation()
            self.assertEqual(again["res_id"], order.id)
            # Negotiated down to 105, then confirmed.
            with Form(order.with_user(self.renewal_user)) as form:
                with form.order_line.edit(0) as line:
                    line.price_unit = 105.0
            order.with_user(self.renewal_user).action_confirm()
            self.assertEqual(order.state, "sale")
            self.assertEqual(contract.version_number, 2)
            self.assertEqual(contract.date_start, date(2028, 1, 1))
            self.assertEqual(contract.date_end, date(2028, 12, 31))
            self.assertEqual(contract.line_ids.price_unit, 105.0)
            self.assertEqual(contract.line_ids.quantity, 2.0)
            amendment = contract.amendment_ids
            self.assertEqual(amendment.state, "applied")
            self.assertEqual(amendment.renewal_id, renewal)
            self.assertEqual(renewal.state, "renewed")
            self.assertEqual(renewal.renewed_how, "quotation")
            self.assertEqual(lead.won_status, "won")
            self.assertEqual(contract.version_ids.line_ids.price_unit, 100.0)
        with freeze_time("2028-01-01"):
            self._run_cron()
            self._run_cron(self.state_cron)
            self.assertEqual(contract.state, "active")
        # A second confirmation of a renewal of the same term is refused.
        order2 = order.copy({"contract_renewal_id": renewal.id})
        with self.assertRefused(UserError, "already Renewed"):
            order2.with_user(self.renewal_user).action_confirm()
        self.assertEqual(order2.state, "draft")
        self.assertEqual(contract.version_number, 2)

    def test_negotiated_not_concluded_expires(self):
        contract = self._signed_contract(self.type_negotiated, user=self.renewal_user)
        with freeze_time("2027-11-16"):
            self._run_cron()
            lead = contract.sudo().renewal_ids.opportunity_id
        with freeze_time("2027-12-31"):
            self._run_cron()
            self.assertEqual(contract.state, "active")
        with freeze_time("2028-01-01"):
            self._run_cron()
            self.assertEqual(contract.state, "expired")
            renewal = contract.sudo().renewal_ids
            self.assertEqual(renewal.state, "churned")
            self.assertEqual(renewal.churn_reason, "not_concluded")
            self.assertEqual(lead.won_status, "lost")
            self.assertEqual(
                lead.lost_reason_id,
                self.env.ref("customer_contract_renewal.crm_lost_reason_not_concluded"),
            )
            self.assertFalse(contract.amendment_ids)
            self.assertTrue(any("not renewed" in m.body for m in contract.message_ids))

    def test_no_renewal_mode_expires(self):
        contract = self._signed_contract(renewal_mode="none")
        self.assertFalse(contract.renewal_date)
        with freeze_time("2027-11-16"):
            self._run_cron()
            self.assertFalse(self._activities(contract))
        with freeze_time("2028-01-01"):
            self._run_cron()
            self.assertEqual(contract.state, "active")
            self._run_cron(self.state_cron)
            self.assertEqual(contract.state, "expired")
            self.assertFalse(contract.sudo().renewal_ids)
        with self.assertRefused(UserError, "is Expired"):
            contract.with_user(self.contract_user).action_open_notice_wizard()

    def test_notice_before_deadline_stops_renewal(self):
        contract = self._signed_contract()
        with freeze_time("2027-12-01"):
            action = contract.with_user(self.contract_user).action_open_notice_wizard()
            wizard = Form(
                self.env[action["res_model"]]
                .with_user(self.contract_user)
                .with_context(**action["context"])
            )
            wizard.party = "customer"
            wizard.reason = "Moving to another provider"
            wizard.save().action_confirm()
            self.assertEqual(contract.renewal_notice_date, date(2027, 12, 1))
            self.assertEqual(contract.renewal_notice_party, "customer")
            self.assertFalse(contract.renewal_date)
            self.assertTrue(
                any(
                    "Moving to another provider" in m.body for m in contract.message_ids
                )
            )
            with self.assertRefused(UserError, "already given"):
                contract.with_user(self.contract_user)._action_give_notice(
                    "company", "Again"
                )
        with freeze_time("2027-12-31"):
            self._run_cron()
            self.assertEqual(contract.version_number, 1)
            self.assertFalse(contract.amendment_ids)
        with freeze_time("2028-01-01"):
            self._run_cron()
            self.assertEqual(contract.state, "expired")
            renewal = contract.sudo().renewal_ids
            self.assertEqual(
                (renewal.state, renewal.churn_reason), ("churned", "notice")
            )
            self.assertFalse(contract.amendment_ids)

    def test_notice_after_deadline_refused(self):
        contract = self._signed_contract()
        with freeze_time("2027-12-02"):
            with self.assertRefused(
                UserError, r"notice deadline .* was 12/01/2027.*renews on 01/01/2028"
            ):
                contract.with_user(self.contract_user)._action_give_notice(
                    "customer", "Too late"
                )
            self.assertFalse(contract.renewal_notice_date)
            self.assertEqual(contract.renewal_date, date(2028, 1, 1))
        with freeze_time("2027-12-31"):
            self._run_cron()
            self.assertEqual(contract.version_number, 2)

    def test_notice_bad_input(self):
        contract = self._signed_contract()
        user_contract = contract.with_user(self.contract_user)
        with freeze_time("2027-06-01"):
            with self.assertRefused(UserError, "Give the reason"):
                user_contract._action_give_notice("customer", "  ")
            with self.assertRefused(UserError, "Say who gives notice"):
                user_contract._action_give_notice("nobody", "Reason")
            self.assertFalse(contract.renewal_notice_date)
            draft = self._create_contract(type_id=self.type_automatic.id)
            with self.assertRefused(UserError, "is Draft"):
                draft.with_user(self.contract_user)._action_give_notice(
                    "company", "Reason"
                )
            with self.assertRefused(UserError, 'is Draft: "Renew" is not possible'):
                draft.with_user(self.contract_user).action_create_renewal_quotation()

    def test_maximum_renewals(self):
        contract = self._signed_contract(renewal_max=1)
        with freeze_time("2027-12-31"):
            self._run_cron()
            self.assertEqual(contract.renewal_count, 1)
            self.assertFalse(contract.renewal_date)
        with freeze_time("2028-12-31"):
            self._run_cron()
            self.assertEqual(contract.version_number, 2)
        with freeze_time("2029-01-01"):
            self._run_cron()
            self.assertEqual(contract.state, "expired")
            renewal = contract.sudo().renewal_ids.filtered(lambda r: r.term == 2)
            self.assertEqual(renewal.churn_reason, "max")

    def test_access(self):
        contract = self._signed_contract()
        with freeze_time("2027-11-16"):
            self._run_cron()
        renewal = contract.sudo().renewal_ids
        # Contract users read the history, nobody writes it by hand.
        self.assertEqual(
            contract.with_user(self.contract_user).renewal_ids.term, renewal.term
        )
        with self.assertRaises(AccessError):
            renewal.with_user(self.contract_user).write({"state": "renewed"})
        with self.assertRaises(AccessError):
            self.env["customer.contract.renewal"].with_user(self.contract_user).create(
                {"contract_id": contract.id, "term": 5, "mode": "automatic"}
            )
        # A contract user without sales rights makes no quotation.
        negotiated = self._signed_contract(self.type_negotiated)
        with self.assertRaises(AccessError):
            negotiated.with_user(self.contract_user).action_create_renewal_quotation()
        # Someone outside the contract app gives no notice.
        outsider = self.env["res.users"].create(
            {"name": "Outsider", "login": "outsider", "group_ids": []}
        )
        with self.assertRaises(AccessError):
            contract.with_user(outsider)._action_give_notice("company", "No")

    def test_settings(self):
        settings = self.env["res.config.settings"]
        form = Form(settings.create({}))
        form.contract_renewal_notice_days = 45
        form.contract_renewal_reminder_days = 20
        form.save().execute()
        self.assertEqual(self.company.contract_renewal_notice_days, 45)
        new_type = self.env["customer.contract.type"].create({"name": "New"})
        self.assertEqual(
            (new_type.renewal_notice_days, new_type.renewal_reminder_days), (45, 20)
        )
