# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo.tests import freeze_time, new_test_user

from odoo.addons.customer_contract.tests.common import (
    SIGNED_PDF,
    CustomerContractCommon,
)


class RenewalCommon(CustomerContractCommon):
    """Contract types renewing automatically and by negotiation, a user who
    works on contracts and sells, and helpers to sign and run the cron."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.renewal_user = new_test_user(
            cls.env,
            login="renewal_user",
            name="Rene Renewal",
            groups="customer_contract.customer_contract_group_user,"
            "sales_team.group_sale_salesman",
        )
        cls.type_automatic = cls.env["customer.contract.type"].create(
            {
                "name": "Support (automatic renewal)",
                "template_id": cls.template.id,
                "renewal_mode": "automatic",
                "renewal_term_months": 12,
                "renewal_notice_days": 30,
                "renewal_reminder_days": 15,
                "renewal_uplift": 10.0,
            }
        )
        cls.type_negotiated = cls.env["customer.contract.type"].create(
            {
                "name": "Licence (negotiated renewal)",
                "template_id": cls.template.id,
                "renewal_mode": "negotiated",
                "renewal_term_months": 12,
                "renewal_notice_days": 30,
                "renewal_reminder_days": 15,
                "renewal_uplift": 10.0,
            }
        )
        cls.cron = cls.env.ref(
            "customer_contract_renewal.customer_contract_cron_renewal"
        )
        cls.state_cron = cls.env.ref(
            "customer_contract.customer_contract_cron_update_states"
        )

    @classmethod
    def _signed_contract(cls, contract_type=None, user=None, **values):
        """A contract of 2027, signed on 2027-01-01 (so active), by ``user``."""
        user = user or cls.contract_user
        with freeze_time("2027-01-01"):
            contract = cls._create_contract(
                user=user, type_id=(contract_type or cls.type_automatic).id, **values
            )
            contract.with_user(user)._action_sign(
                "Brandon Freeman",
                date(2027, 1, 1),
                cls.contract_signatory,
                document=SIGNED_PDF,
            )
        return contract

    def _run_cron(self, cron=None):
        """Run the cron as the scheduler does (it commits), then read again."""
        with self.enter_registry_test_mode():
            (cron or self.cron).method_direct_trigger()
        self.env.invalidate_all()

    def _reminder_mails(self, contract):
        return self.env["mail.mail"].search(
            [
                ("model", "=", "customer.contract"),
                ("res_id", "=", contract.id),
                ("subject", "like", "ends on"),
            ]
        )

    def _renewed_mails(self, contract):
        return self.env["mail.mail"].search(
            [
                ("model", "=", "customer.contract"),
                ("res_id", "=", contract.id),
                ("subject", "like", "renewed until"),
            ]
        )

    def _activities(self, contract):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "customer.contract"),
                ("res_id", "=", contract.id),
                (
                    "activity_type_id",
                    "=",
                    self.env.ref(
                        "customer_contract_renewal.mail_activity_type_renewal"
                    ).id,
                ),
            ]
        )

    def _counts(self, contracts):
        """What a renewal creates, per contract: to check nothing is twice."""
        return {
            contract.id: {
                "activities": len(self._activities(contract)),
                "reminders": len(self._reminder_mails(contract)),
                "renewed_mails": len(self._renewed_mails(contract)),
                "amendments": len(contract.amendment_ids),
                "versions": len(contract.version_ids),
                "renewals": len(contract.sudo().renewal_ids),
                "leads": self.env["crm.lead"]
                .with_context(active_test=False)
                .search_count([("contract_ids", "in", contract.ids)]),
            }
            for contract in contracts
        }
