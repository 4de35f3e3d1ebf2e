# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, HttpCase, freeze_time, new_test_user, tagged

from odoo.addons.customer_contract.tests.access_common import JsonRpcProbeMixin

from .common import BillingCommon


@tagged("post_install", "-at_install")
class TestBillingAccess(BillingCommon):
    """Who may plan, invoice now and change a schedule: each probe fails if
    anything changed."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_user = new_test_user(
            cls.env,
            login="billing_portal",
            name="Paul Portal",
            groups="base.group_portal",
            partner_id=cls.signatory.id,
        )
        cls.plain_user = new_test_user(
            cls.env, login="billing_plain", name="Pat Plain", groups="base.group_user"
        )
        cls.contract = cls._plan_contract(signed_on="2026-12-20")

    def _state(self):
        self.env.invalidate_all()
        contract = self.contract
        return (
            contract.billing_plan,
            contract.billing_interval,
            len(self.env["account.move"].search([("contract_id", "=", contract.id)])),
            self._schedule(contract),
        )

    @freeze_time("2027-01-01")
    def test_invoice_now_refused_without_invoicing_rights(self):
        before = self._state()
        for user, error in (
            (self.portal_user, AccessError),
            (self.plain_user, AccessError),
            (self.contract_user, AccessError),
        ):
            with self.subTest(user=user.login), self.assertRaises(error):
                self.contract.with_user(user).action_billing_invoice_now()
        self.assertEqual(self._state(), before)
        # An accountant without contract rights reads, but may not invoice
        # a contract it may not change.
        with self.assertRaises(AccessError):
            self.contract.with_user(self.accountant).action_billing_invoice_now()
        self.assertEqual(self._state(), before)

    def test_plan_locked_after_signature(self):
        before = self._state()
        contract = self.contract.with_user(self.contract_user)
        with self.assertRefused(UserError, "is signed"):
            contract.write({"billing_plan": "none"})
        with self.assertRefused(UserError, "is signed"):
            contract.write({"billing_interval": "3"})
        with self.assertRefused(UserError, "is signed"):
            contract.write(
                {
                    "billing_installment_ids": [
                        Command.create({"name": "Extra", "date_planned": "2027-05-01"})
                    ]
                }
            )
        with self.assertRefused(UserError, "only through an amendment"):
            contract.action_billing_generate()
        line = contract.billing_line_ids[0]
        with self.assertRefused(UserError, "only through an amendment"):
            line.write({"date_planned": "2027-06-01"})
        with self.assertRefused(UserError, "set by the workflow only"):
            line.write({"amount": 1.0})
        with self.assertRefused(UserError, "made by its billing plan"):
            line.unlink()
        with self.assertRefused(UserError, "set by the workflow only"):
            line.create({"contract_id": contract.id, "amount": 5.0})
        # Refused to everybody else too (told it is signed when they may
        # read it, as for any term of the contract).
        for user in (self.portal_user, self.plain_user, self.accountant):
            with self.subTest(user=user.login):
                with self.assertRaises(Exception) as caught:
                    self.contract.with_user(user).write({"billing_plan": "none"})
                self.assertIsInstance(caught.exception, (AccessError, UserError))
        self.assertEqual(self._state(), before)

    @freeze_time("2027-01-01")
    def test_invoice_link_set_by_the_schedule_only(self):
        self._run_cron()
        line = self.contract.billing_line_ids.filtered(lambda x: x.state == "planned")[
            0
        ]
        invoice = self._invoices(self.contract)
        before = self._state()
        with self.assertRefused(UserError, "only when the schedule invoices it"):
            invoice.with_user(self.accountant).write(
                {"contract_billing_line_id": line.id}
            )
        with self.assertRefused(UserError, "only when the schedule invoices it"):
            self.env["account.move"].with_user(self.accountant).create(
                {
                    "move_type": "out_invoice",
                    "partner_id": self.customer.id,
                    "contract_billing_line_id": line.id,
                }
            )
        self.assertEqual(self._state(), before)

    def test_forms_open_without_invoicing_rights(self):
        """A contracts user who may read no invoice opens the contract and
        an amendment with their schedules (the invoice column is not
        theirs)."""
        contract = self.contract.with_user(self.contract_user)
        form = Form(contract)
        self.assertEqual(len(form.billing_line_ids), 12)
        amendment = (
            self.env["customer.contract.amendment"]
            .with_user(self.contract_user)
            .create({"contract_id": contract.id, "reason": "More seats"})
        )
        Form(amendment)
        self.assertNotIn(
            "invoice_id",
            self._get_arch("customer.contract.billing.line", self.contract_user).xpath(
                "//field/@name"
            ),
        )

    def test_draft_plan_editable_by_the_contract_user(self):
        contract = self._plan_contract().with_user(self.contract_user)
        contract.write({"billing_interval": "3", "billing_timing": "arrears"})
        contract.action_billing_generate()
        self.assertEqual(len(contract.billing_line_ids), 4)
        contract.billing_line_ids[0].write({"date_planned": "2027-04-10"})
        self.assertEqual(str(contract.billing_line_ids[0].date_planned), "2027-04-10")
        with self.assertRaises(AccessError):
            contract.with_user(self.plain_user).action_billing_generate()


@tagged("post_install", "-at_install")
class TestBillingRpc(JsonRpcProbeMixin, HttpCase, BillingCommon):
    """The same refusals over JSON-RPC, as the web client or a script."""

    def test_plan_edit_after_signature_refused_over_rpc(self):
        contract = self._plan_contract(signed_on="2026-12-20")
        self.authenticate("contract_user", "contract_user")
        self.assertRpcRefused(
            "customer.contract",
            "write",
            [contract.ids, {"billing_plan": "none"}],
            "is signed",
        )
        self.assertRpcRefused(
            "customer.contract.billing.line",
            "write",
            [contract.billing_line_ids[:1].ids, {"date_planned": "2027-06-01"}],
            "only through an amendment",
        )
        self.assertRpcRefused(
            "customer.contract",
            "action_billing_invoice_now",
            [contract.ids],
            "Only invoicing users",
        )
        contract.invalidate_recordset()
        self.assertEqual(contract.billing_plan, "recurring")
        self.assertEqual(len(contract.billing_line_ids), 12)
