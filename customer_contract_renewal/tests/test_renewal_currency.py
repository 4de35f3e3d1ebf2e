# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Renewals of contracts in two currencies are summed in the company's
currency: each term's value converted at its contract's date."""

from odoo.tests import freeze_time, tagged

from .common import RenewalCommon


@tagged("post_install", "-at_install")
class TestRenewalCurrency(RenewalCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Euros per dollar: 1 EUR = 2 USD in 2027, 0.5 USD from 2028.
        cls._activate_euro((("2027-01-01", 0.5), ("2028-01-01", 2.0)))

    def _sums(self, fnames):
        renewals = self.env["customer.contract.renewal"].with_user(self.renewal_user)
        for fname in ("amount", "amount_renewed"):
            self.assertFalse(renewals._fields[fname].aggregator, fname)
        (group,) = renewals.formatted_read_group(
            [], [], [f"{fname}:sum" for fname in fnames]
        )
        return [group[f"{fname}:sum"] for fname in fnames]

    def test_renewals_summed_in_company_currency(self):
        self.assertEqual(self.usd.name, "USD")
        usd_contract = self._signed_contract()  # 200 USD
        eur_contract = self._signed_contract(currency_id=self.eur.id)  # 200 EUR
        self.assertEqual(eur_contract.amount_untaxed_company, 400.0)
        with freeze_time("2027-11-16"):
            self._run_cron()
        renewals = (usd_contract | eur_contract).sudo().renewal_ids
        self.assertEqual(len(renewals), 2)
        self.assertEqual(self._sums(["amount_company"]), [600.0])
        with freeze_time("2027-12-31"):
            self._run_cron()
        self.assertEqual(renewals.mapped("state"), ["renewed", "renewed"])
        self.assertEqual(eur_contract.amount_untaxed, 220.0)
        # Still converted at the contract's signature date (2 USD per EUR).
        self.assertEqual(
            self._sums(["amount_company", "amount_renewed_company"]), [600.0, 660.0]
        )
