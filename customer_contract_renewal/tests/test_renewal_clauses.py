# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import freeze_time, tagged

from .common import RenewalCommon


@tagged("post_install", "-at_install")
class TestRenewalClauses(RenewalCommon):
    """After an automatic renewal, the clauses (and so the portal page and the
    PDF) state the new term, not the previous one."""

    def test_renewed_clauses_state_the_new_term(self):
        contract = self._signed_contract()
        parties, payment = contract.clause_ids
        self.assertIn("binds Azure Interior from 2027-01-01.", parties.body)
        self.assertIn("$&nbsp;200.00", payment.body)
        with freeze_time("2027-11-16"):
            self._run_cron()
        with freeze_time("2027-12-31"):
            self._run_cron()
        self.assertEqual(contract.version_number, 2)
        self.assertEqual(contract.amount_untaxed, 220.0)
        parties, payment = contract.clause_ids
        self.assertIn("binds Azure Interior from 2028-01-01.", parties.body)
        self.assertIn("$&nbsp;220.00", payment.body)
        self.assertEqual(set(contract.clause_ids.mapped("review_state")), {"library"})
        # The renewal amendment shows the clause changes it made.
        amendment = contract.amendment_ids
        self.assertTrue(amendment.automatic)
        self.assertIn("2028-01-01", str(amendment.diff_html))
        # The previous term keeps its text in its version.
        version = contract.version_ids
        self.assertIn(
            "from 2027-01-01.",
            version.clause_ids.filtered(lambda c: c.name == "Parties").body,
        )
