# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from lxml import etree

from odoo.tests import freeze_time, tagged

from .common import RenewalCommon


@tagged("post_install", "-at_install")
class TestRenewalReminderText(RenewalCommon):
    """The reminder tells the truth about the notice deadline, on time or
    late, in the recipient's date format; nothing it plans is in the past."""

    def _lead(self, contract):
        return contract.sudo().renewal_ids.opportunity_id

    def test_on_time_reminder(self):
        contract = self._signed_contract()
        with freeze_time("2027-11-16"):
            self._run_cron()
            body = self._reminder_mails(contract).body_html
            self.assertIn(
                "Either party may give notice of non-renewal until 12/01/2027.", body
            )
            self.assertIn(
                "Without notice, the contract renews automatically on 01/01/2028 "
                "for 12 months.",
                body,
            )
            self.assertNotIn("has passed", body)
            self.assertEqual(
                self._activities(contract).date_deadline, date(2027, 12, 1)
            )

    def test_late_reminder_automatic(self):
        contract = self._signed_contract()
        # The scheduled action did not run between the reminder date
        # (2027-11-16) and the notice deadline (2027-12-01).
        with freeze_time("2027-12-07"):
            self._run_cron()
            mail = self._reminder_mails(contract)
            self.assertEqual(len(mail), 1)
            body = mail.body_html
            self.assertIn(
                "The deadline to give notice of non-renewal was 12/01/2027: it has "
                "passed, notice can no longer be given for this term.",
                body,
            )
            self.assertIn(
                "The contract therefore renews automatically on 01/01/2028 for 12 "
                "months.",
                body,
            )
            self.assertNotIn("may give notice", body)
            self.assertNotIn("Without notice", body)
            activity = self._activities(contract)
            self.assertEqual(activity.date_deadline, date(2027, 12, 7))
            self.assertIn("passed", activity.summary)

    def test_negotiated_opportunity_date(self):
        on_time = self._signed_contract(self.type_negotiated, user=self.renewal_user)
        with freeze_time("2027-11-20"):
            self._run_cron()
            self.assertEqual(self._lead(on_time).date_deadline, date(2027, 12, 1))
            self.assertIn(
                "Either party may give notice of non-renewal until 12/01/2027.",
                self._reminder_mails(on_time).body_html,
            )
        late = self._signed_contract(self.type_negotiated, user=self.renewal_user)
        with freeze_time("2027-12-07"):
            self._run_cron()
            lead = self._lead(late)
            self.assertEqual(lead.date_deadline, date(2027, 12, 7))
            body = self._reminder_mails(late).body_html
            self.assertIn("12/01/2027: it has passed", body)
            self.assertIn(
                "Without a renewal agreed by 12/31/2027, the contract ends on that "
                "date.",
                body,
            )

    def test_dates_in_recipient_language(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.signatory.lang = "fr_FR"
        contract = self._signed_contract()
        with freeze_time("2027-12-07"):
            self._run_cron()
            mail = self._reminder_mails(contract)
            self.assertIn("31/12/2027", mail.subject)
            self.assertIn("01/12/2027", mail.body_html)
            self.assertNotIn("12/01/2027", mail.body_html)
            self.assertNotIn("2027-12-01", mail.body_html)


@tagged("post_install", "-at_install")
class TestRenewalDisplay(RenewalCommon):
    def test_numbers_not_summed(self):
        fnames = [
            "renewal_term_months",
            "renewal_notice_days",
            "renewal_reminder_days",
            "renewal_uplift",
            "renewal_max",
        ]
        for model in (
            "customer.contract",
            "customer.contract.version",
            "customer.contract.amendment",
            "customer.contract.type",
        ):
            for fname in fnames:
                with self.subTest(model=model, field=fname):
                    self.assertFalse(self.env[model]._fields[fname].aggregator)
        renewal = self.env["customer.contract.renewal"]
        self.assertFalse(renewal._fields["term"].aggregator)
        self.assertEqual(renewal._fields["state"].string, "Status")

    def test_history_titled_and_hidden_when_empty(self):
        arch = etree.fromstring(
            self.env["customer.contract"]
            .with_user(self.contract_user)
            .get_views([(False, "form")])["views"]["form"]["arch"]
        )
        (history,) = arch.xpath("//div[@name='renewal_history']")
        self.assertEqual(history.get("invisible"), "not renewal_ids")
        self.assertEqual(history.xpath("separator")[0].get("string"), "Renewal History")
        self.assertTrue(history.xpath("field[@name='renewal_ids']"))
        # A contract that does not renew has no history: the table is hidden.
        contract = self._create_contract(type_id=False)
        self.assertFalse(contract.sudo().renewal_ids)
