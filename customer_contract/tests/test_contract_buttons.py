# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import UserError
from odoo.tests import Form, freeze_time, new_test_user, tagged

from .test_contract_amendment import AmendmentCommon

STATUS_BAR = "//header/field[@name='state'][@widget='statusbar']"


@tagged("post_install", "-at_install")
class TestContractButtons(AmendmentCommon):
    """The header shows a button only where it can succeed, one primary
    button per state; the methods still refuse when called anyway."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        sales = "customer_contract.customer_contract_group_user,"
        sales += "sales_team.group_sale_salesman"
        cls.seller = new_test_user(
            cls.env, login="button_seller", name="Sybil Seller", groups=sales
        )
        cls.other_seller = new_test_user(
            cls.env, login="button_other_seller", name="Otis Seller", groups=sales
        )

    def _contract(self, **values):
        return self._create_contract(user=self.seller, **values).with_user(self.seller)

    def _paper_link(self, record, user=None):
        """The Mark as Signed button offered under the header."""
        return self._visible_nodes(
            record,
            user or self.seller,
            "//div[@name='paper_signature'][.//button[@name='action_open_sign_wizard']]",
        )

    def _names(self, record, user=None):
        buttons = self._header_buttons(record, user or self.seller)
        return [name for name, _css in buttons]

    # ------------------------------------------------------------------
    # One primary button per state
    # ------------------------------------------------------------------
    @freeze_time("2026-12-01")
    def test_one_primary_button_per_contract_state(self):
        draft = self._contract()
        names = self.assertHeader(draft, self.seller, "action_negotiate")
        self.assertIn("action_open_sign_wizard", names)
        self.assertIn("action_create_quotation", names)

        negotiation = self._contract()
        negotiation.action_negotiate()
        # Sent for signature online; signed on paper from under the header.
        names = self.assertHeader(negotiation, self.seller, "action_send_for_signature")
        self.assertNotIn("action_open_sign_wizard", names)
        self.assertTrue(self._paper_link(negotiation))

        cancelled = self._contract()
        cancelled.action_cancel()
        names = self.assertHeader(cancelled, self.seller, None)
        self.assertEqual(names, ["action_back_to_draft"])

        # Signed ahead of its start: nothing to activate by hand.
        signed = self._contract()
        self._sign(signed, when="2026-12-01")
        self.assertEqual(signed.state, "signed")
        names = self.assertHeader(signed, self.seller, None)
        self.assertNotIn("action_activate", names)
        self.assertIn("action_amend", names)

        active = self._contract(date_start="2026-11-01")
        self._sign(active, when="2026-12-01")
        self.assertEqual(active.state, "active")
        names = self.assertHeader(active, self.seller, None)
        self.assertIn("action_open_terminate_wizard", names)

        terminated = self._contract(date_start="2026-11-01")
        self._sign(terminated, when="2026-12-01")
        terminated._action_terminate("Office closed", terminated.date_start)
        self.assertEqual(terminated.state, "terminated")
        self.assertHeader(terminated, self.seller, None)

        with freeze_time("2027-01-01"):
            # The day it starts, before the daily scheduled action runs.
            signed.invalidate_recordset(["can_activate"])
            self.assertHeader(signed, self.seller, "action_activate")
        with freeze_time("2028-01-02"):
            signed.sudo()._action_expire()
            self.assertEqual(signed.state, "expired")
            self.assertHeader(signed, self.seller, None)

    def test_status_bar_shows_the_usual_path(self):
        contract = self._contract()
        (status_bar,) = self._get_arch("customer.contract", self.seller).xpath(
            STATUS_BAR
        )
        visible = set(status_bar.get("statusbar_visible").split(","))
        self.assertTrue({"draft", "negotiation", "signed", "active"} <= visible)
        # The other states show only when they are the current one.
        self.assertFalse({"expired", "terminated", "cancelled"} & visible)
        (status_bar,) = self._get_arch(
            "customer.contract.amendment", self.contract_user
        ).xpath(STATUS_BAR)
        self.assertNotIn("cancelled", status_bar.get("statusbar_visible").split(","))
        self.assertTrue(contract)

    @freeze_time("2027-02-15")
    def test_one_primary_button_per_amendment_state(self):
        contract = self._signed_contract()
        user = self.contract_user
        draft = self._amend(contract, date_end="2028-12-31")
        self.assertHeader(draft, user, "action_send_for_signature")
        self.assertTrue(self._paper_link(draft, user))

        # Signed ahead of its effective date: applied by the scheduled action.
        self._sign_amendment(draft, when="2027-02-15")
        self.assertEqual(draft.state, "signed")
        names = self.assertHeader(draft, user, None)
        self.assertNotIn("action_apply", names)
        with freeze_time("2027-03-01"):
            draft.invalidate_recordset(["is_effective"])
            self.assertHeader(draft, user, "action_apply")
            draft.with_user(user).action_apply()
            self.assertEqual(draft.state, "applied")
            self.assertHeader(draft, user, None)

        cancelled = self._amend(contract, date_end="2029-12-31")
        cancelled.action_cancel()
        names = self.assertHeader(cancelled, user, None)
        self.assertEqual(names, ["action_draft"])

    # ------------------------------------------------------------------
    # Mark as Signed
    # ------------------------------------------------------------------
    @freeze_time("2026-12-01")
    def test_missing_follows_the_form(self):
        """What the signature needs is said again as the form is filled."""
        contract = self._contract(signatory_id=False)
        contract.action_negotiate()
        with Form(contract.with_user(self.seller)) as form:
            self.assertEqual(form.signature_missing, "a customer signatory")
            form.signatory_id = self.signatory
            self.assertFalse(form.signature_missing)

    @freeze_time("2026-12-01")
    def test_sign_only_when_complete(self):
        """A contract lacking what a signature needs offers no signature: the
        form says what is missing, and the method refuses."""
        contract = self._contract(signatory_id=False, line_ids=[])
        contract.action_negotiate()
        self.assertEqual(
            contract.signature_missing, "a customer signatory and at least one line"
        )
        self.assertNotIn("action_open_sign_wizard", self._names(contract))
        self.assertNotIn("action_send_for_signature", self._names(contract))
        self.assertFalse(self._paper_link(contract))
        alert = self._visible_nodes(
            contract,
            self.seller,
            "//div[@role='status'][field[@name='signature_missing']]",
        )
        self.assertEqual(len(alert), 1)
        self.assertIn("Before it can be signed", "".join(alert[0].itertext()))
        with self.assertRefused(UserError, "needs a customer signatory"):
            contract.action_open_sign_wizard()

        contract.write(
            {
                "signatory_id": self.signatory.id,
                "line_ids": [
                    (0, 0, {"product_id": self.product_service.id, "quantity": 1})
                ],
            }
        )
        self.assertFalse(contract.signature_missing)
        self.assertHeader(contract, self.seller, "action_send_for_signature")
        self.assertTrue(self._paper_link(contract))
        self.assertFalse(
            self._visible_nodes(
                contract,
                self.seller,
                "//div[@role='status'][field[@name='signature_missing']]",
            )
        )

    @freeze_time("2026-12-01")
    def test_automatic_amendment_is_not_signed(self):
        """An amendment made under the contract's own terms (a renewal) left in
        draft, e.g. after a rejected review, offers no signature: once signed,
        nothing would apply it."""
        contract = self._contract()
        self._sign(contract, when="2026-12-01")
        # Made by the system (the superuser), as a renewal makes it.
        amendment = self.env["customer.contract.amendment"].create(
            {
                "contract_id": contract.id,
                "reason": "Renewal for a new term",
                "automatic": True,
                "date_end": "2028-12-31",
            }
        )
        amendment = amendment.with_user(self.seller)
        self.assertEqual(amendment.state, "draft")
        self.assertTrue(amendment.has_changes)
        self.assertNotIn("action_send_for_signature", self._names(amendment))
        self.assertFalse(self._paper_link(amendment))
        with self.assertRefused(UserError, "put into force by the system, not signed"):
            amendment.action_open_sign_wizard()
        self.assertEqual(amendment.state, "draft")
        self.assertFalse(amendment.signed_by)

    @freeze_time("2026-12-01")
    def test_amendment_sign_only_with_a_change(self):
        contract = self._contract()
        self._sign(contract, when="2026-12-01")
        amendment = (
            self.env["customer.contract.amendment"]
            .with_user(self.seller)
            .create({"contract_id": contract.id, "reason": "Nothing yet"})
        )
        self.assertEqual(amendment.signature_missing, "a change to the current terms")
        self.assertNotIn("action_send_for_signature", self._names(amendment))
        self.assertFalse(self._paper_link(amendment))
        with self.assertRefused(UserError, "changes nothing"):
            amendment.action_open_sign_wizard()
        with self.assertRefused(UserError, "changes nothing"):
            amendment.action_send_for_signature()
        amendment.line_ids[0].quantity = 5
        self.assertFalse(amendment.signature_missing)
        self.assertIn("action_send_for_signature", self._names(amendment))
        self.assertTrue(self._paper_link(amendment))

    # ------------------------------------------------------------------
    # Activate
    # ------------------------------------------------------------------
    @freeze_time("2026-12-01")
    def test_activate_only_once_started(self):
        contract = self._contract()
        self._sign(contract, when="2026-12-01")
        self.assertEqual(contract.state, "signed")
        self.assertFalse(contract.can_activate)
        self.assertNotIn("action_activate", self._names(contract))
        # The form says what happens instead, with the date as the user reads it.
        alert = self._visible_nodes(
            contract, self.seller, "//div[@role='status'][field[@name='date_start']]"
        )
        self.assertEqual(len(alert), 1)
        self.assertIn("Becomes active on", "".join(alert[0].itertext()))
        with self.assertRefused(UserError, r"starts on 01/01/2027: it becomes active"):
            contract.action_activate()
        self.assertEqual(contract.state, "signed")

        with freeze_time("2027-01-01"):
            contract.invalidate_recordset(["can_activate"])
            self.assertTrue(contract.can_activate)
            self.assertIn("action_activate", self._names(contract))
            self.assertFalse(
                self._visible_nodes(
                    contract,
                    self.seller,
                    "//div[@role='status'][field[@name='date_start']]",
                )
            )
            contract.action_activate()
            self.assertEqual(contract.state, "active")

    # ------------------------------------------------------------------
    # Refresh Clauses
    # ------------------------------------------------------------------
    def _refresh_button(self, contract):
        return self._visible_nodes(
            contract, self.seller, "//button[@name='action_refresh_clauses']"
        )

    def test_refresh_clauses_only_before_signature(self):
        contract = self._contract()
        self.assertTrue(self._refresh_button(contract))
        contract.action_negotiate()
        self.assertTrue(self._refresh_button(contract))
        contract.action_cancel()
        self.assertFalse(self._refresh_button(contract))
        bodies = contract.clause_ids.mapped("body")
        with self.assertRefused(
            UserError, 'is Cancelled: "Refresh Clauses" is not possible'
        ):
            contract.action_refresh_clauses()
        self.assertEqual(contract.clause_ids.mapped("body"), bodies)

        signed = self._contract()
        self._sign(signed)
        self.assertFalse(self._refresh_button(signed))
        with self.assertRefused(UserError, "Create an amendment"):
            signed.action_refresh_clauses()

        # Without a template, there is nothing to refresh from.
        self.assertFalse(self._refresh_button(self._contract(type_id=False)))

    # ------------------------------------------------------------------
    # Create Quotation
    # ------------------------------------------------------------------
    def test_create_quotation_once(self):
        contract = self._contract()
        self.assertIn("action_create_quotation", self._names(contract))
        order = contract.env["sale.order"].browse(
            contract.action_create_quotation()["res_id"]
        )
        self.assertEqual(order.contract_id, contract)
        contract.invalidate_recordset(["has_quotation"])
        self.assertTrue(contract.has_quotation)
        self.assertNotIn("action_create_quotation", self._names(contract))
        orders = self.env["sale.order"].search([("contract_id", "=", contract.id)])
        with self.assertRefused(UserError, f"already has its quotation {order.name}"):
            contract.action_create_quotation()
        self.assertEqual(
            self.env["sale.order"].search([("contract_id", "=", contract.id)]), orders
        )
        # Its quotation cancelled, the contract can have a new one.
        order.action_cancel()
        contract.invalidate_recordset(["has_quotation"])
        self.assertIn("action_create_quotation", self._names(contract))
        new_order = contract.action_create_quotation()["res_id"]
        self.assertNotEqual(new_order, order.id)

    def test_quotation_of_another_salesperson(self):
        contract = self._contract(user_id=self.other_seller.id)
        contract.with_user(self.other_seller).action_create_quotation()
        # The seller may not read it, but the contract has its quotation.
        contract.invalidate_recordset(["has_quotation"])
        self.assertTrue(contract.has_quotation)
        self.assertNotIn("action_create_quotation", self._names(contract))
        with self.assertRefused(UserError, "made by another salesperson"):
            contract.action_create_quotation()

    def test_create_quotation_needs_lines(self):
        contract = self._contract(lines=0)
        self.assertNotIn("action_create_quotation", self._names(contract))
        with self.assertRefused(UserError, "has no line"):
            contract.action_create_quotation()
        self.assertFalse(
            self.env["sale.order"].search([("contract_id", "=", contract.id)])
        )
