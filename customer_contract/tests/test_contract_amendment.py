# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from lxml import html as lxml_html

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, freeze_time, new_test_user, tagged
from odoo.tools import mute_logger

from odoo.addons.base.models.ir_model import MODULE_UNINSTALL_FLAG

from .common import SIGNED_PDF
from .test_contract_lifecycle import ContractLifecycleCommon


class AmendmentCommon(ContractLifecycleCommon):
    def _signed_contract(self, lines=1, **values):
        contract = self._create_contract(lines=lines, **values)
        self._sign(contract)
        return contract

    def _amend(self, contract, **values):
        """Draft an amendment of ``contract`` as the contract user."""
        vals = {
            "contract_id": contract.id,
            "reason": "Two more visits a year",
            "date_effective": "2027-03-01",
        }
        vals.update(values)
        return (
            self.env["customer.contract.amendment"]
            .with_user(self.contract_user)
            .create(vals)
        )

    def _amend_automatic(self, contract, **values):
        """Draft an automatic amendment as the system does (e.g. a renewal)."""
        amendments = self.env["customer.contract.amendment"]
        with amendments._workflow():
            return self._amend(contract, automatic=True, **values)

    def _apply(self, amendment, user=None):
        """Apply ``amendment`` by its button, on its effective date if that
        date is still to come (the daily scheduled action would)."""
        amendment = amendment.with_user(user) if user else amendment
        with freeze_time(max(fields.Date.today(), amendment.date_effective)):
            return amendment.action_apply()

    def _sign_amendment(self, amendment, when="2027-02-20"):
        wizard = (
            self.env["customer.contract.sign.wizard"]
            .with_user(self.contract_user)
            .with_context(default_amendment_id=amendment.id)
            .create(
                {
                    "date_signed": when,
                    "company_signatory_id": self.contract_signatory.id,
                    "document": SIGNED_PDF,
                }
            )
        )
        return wizard.action_confirm()


@tagged("post_install", "-at_install")
class TestContractAmendment(AmendmentCommon):
    @freeze_time("2027-02-15")
    def test_amendment_round_trip_as_contract_user(self):
        contract = self._signed_contract()
        self.assertEqual(contract.state, "active")
        self.assertEqual(contract.version_number, 1)
        old_line = contract.line_ids
        old_clauses = {c.name: c.body for c in contract.clause_ids}

        # "Amend" opens a new amendment whose terms are a copy of the current ones.
        action = contract.with_user(self.contract_user).action_amend()
        with Form.from_action(
            contract.with_user(self.contract_user).env, action
        ) as form:
            self.assertEqual(form.contract_name, "Maintenance 2027")
            self.assertEqual(form.date_end, date(2027, 12, 31))
            self.assertEqual(len(form.line_ids), 1)
            self.assertEqual(len(form.clause_ids), 2)
            form.reason = "More visits, one more year"
            form.date_effective = date(2027, 3, 1)
            form.date_end = date(2028, 12, 31)
            with form.line_ids.edit(0) as line:
                line.price_unit = 120.0
            with form.line_ids.new() as line:
                line.product_id = self.product_support
                line.quantity = 4
            with form.clause_ids.edit(1) as clause:
                clause.body = "<p>The customer pays monthly, by bank transfer.</p>"
        amendment = form.record
        self.assertEqual(amendment.env.user, self.contract_user)
        self.assertEqual(amendment.state, "draft")
        self.assertEqual(amendment.number, 1)
        self.assertEqual(
            amendment.display_name, f"Amendment No. 1 to {contract.reference}"
        )
        self.assertEqual(amendment.base_version, 1)
        self.assertEqual(amendment.line_ids[0].origin_line_id, old_line)
        self.assertFalse(amendment.line_ids[1].origin_line_id)
        # The contract itself is untouched by the draft.
        self.assertEqual(contract.date_end, date(2027, 12, 31))
        self.assertEqual(contract.line_ids.price_unit, 100.0)

        # What it changes: field by field, lines, clauses and value.
        self.assertTrue(amendment.has_changes)
        self.assertEqual(amendment.amount_base, 200.0)
        self.assertEqual(amendment.amount_untaxed, 440.0)
        self.assertEqual(amendment.amount_delta, 240.0)
        self.assertEqual(amendment.amount_delta_percent, 120.0)
        diff = amendment._diff_terms(contract._get_terms(), amendment._get_terms())
        self.assertEqual(diff["fields"], [("End Date", "12/31/2027", "12/31/2028")])
        self.assertEqual(
            [line["name"][1] for line in diff["lines_added"]], ["Support Hours"]
        )
        self.assertFalse(diff["lines_removed"])
        self.assertEqual(
            diff["lines_changed"][0]["changes"],
            [
                ("Unit Price", "100.00", "120.00"),
                ("Subtotal", "$\xa0200.00", "$\xa0240.00"),
            ],
        )
        self.assertEqual([c["status"] for c in diff["clauses"]], ["changed"])
        self.assertIn("<added>", diff["clauses"][0]["comparison"])
        self.assertIn("<removed>", diff["clauses"][0]["comparison"])
        html = str(amendment.diff_html)
        for text in ("12/31/2028", "Support Hours", "Added", "Changed", "Payment"):
            self.assertIn(text, html)

        # Signed with the same signature record as a contract, then applied.
        self._sign_amendment(amendment)
        self.assertEqual(amendment.state, "signed")
        self.assertEqual(amendment.signed_by, "Brandon Freeman")
        self.assertEqual(amendment.company_signatory_id, self.contract_signatory)
        self._apply(amendment, self.contract_user)
        self.assertEqual(amendment.state, "applied")
        self.assertEqual(amendment.applied_by_id, self.contract_user)

        # The version holds exactly the old terms...
        version = contract.version_ids
        self.assertEqual(len(version), 1)
        self.assertEqual(amendment.version_id, version)
        self.assertEqual(version.number, 1)
        self.assertEqual(version.frozen_by_id, self.contract_user)
        self.assertEqual(version.superseded_by_id, amendment)
        self.assertEqual(version.date_from, date(2027, 1, 1))
        self.assertEqual(version.date_to, date(2027, 2, 28))
        self.assertEqual(version.signed_by, "Brandon Freeman")
        self.assertEqual(
            (version.name, version.date_start, version.date_end),
            ("Maintenance 2027", date(2027, 1, 1), date(2027, 12, 31)),
        )
        self.assertRecordValues(
            version.line_ids,
            [
                {
                    "product_id": self.product_service.id,
                    "quantity": 2.0,
                    "price_unit": 100.0,
                    "price_subtotal": 200.0,
                    "origin_line_ref": old_line.id,
                }
            ],
        )
        self.assertEqual(version.amount_untaxed, 200.0)
        self.assertEqual({c.name: c.body for c in version.clause_ids}, old_clauses)
        # ... the contract the new ones, same line updated in place.
        self.assertEqual(contract.version_number, 2)
        self.assertEqual(contract.state, "active")
        self.assertEqual(contract.date_end, date(2028, 12, 31))
        self.assertEqual(contract.line_ids[0], old_line)
        self.assertEqual(contract.line_ids.mapped("price_unit"), [120.0, 50.0])
        self.assertEqual(contract.amount_untaxed, 440.0)
        self.assertIn("monthly, by bank transfer", contract.clause_ids[1].body)
        # The chatter says so, with a link to the amendment.
        message = self._messages_of_subtype(
            contract, "customer_contract.mt_contract_amended"
        )
        self.assertEqual(len(message), 1)
        self.assertIn(f'data-oe-id="{amendment.id}"', message.body)
        self.assertIn("now at version 2", message.body)
        # Once applied, the amendment still shows what it changed.
        self.assertIn("12/31/2028", str(amendment.diff_html))
        self.assertNotIn("No change", str(amendment.diff_html))

    @freeze_time("2027-02-15")
    def test_removed_line_and_clause(self):
        contract = self._signed_contract(lines=2)
        amendment = self._amend(contract)
        amendment.line_ids[1].unlink()
        amendment.clause_ids[0].unlink()
        diff = amendment._diff_terms(contract._get_terms(), amendment._get_terms())
        self.assertEqual(len(diff["lines_removed"]), 1)
        self.assertEqual(
            [(c["status"], c["name"]) for c in diff["clauses"]],
            [("removed", "Parties")],
        )
        self._sign_amendment(amendment)
        self._apply(amendment)
        self.assertEqual(len(contract.line_ids), 1)
        self.assertEqual(contract.clause_ids.mapped("name"), ["Payment"])
        self.assertEqual(len(contract.version_ids.line_ids), 2)
        self.assertEqual(len(contract.version_ids.clause_ids), 2)

    @freeze_time("2027-02-15")
    def test_compare_versions(self):
        contract = self._signed_contract()
        for price, effective in ((110.0, "2027-03-01"), (130.0, "2027-06-01")):
            amendment = self._amend(contract, date_effective=effective)
            amendment.line_ids.price_unit = price
            self._sign_amendment(amendment)
            self._apply(amendment)
        self.assertEqual(contract.version_number, 3)
        version_1, version_2 = contract.version_ids.sorted("number")
        self.assertEqual(version_2.date_from, date(2027, 3, 1))
        self.assertEqual(version_2.date_to, date(2027, 5, 31))
        self.assertEqual(version_2.amendment_id.number, 1)
        # Version 1 with version 2, and version 1 with the current terms.
        action = contract.with_user(self.contract_user).action_compare_versions(
            old_version=version_1
        )
        wizard_form = Form.from_action(
            contract.with_user(self.contract_user).env, action
        )
        wizard_form.new_version_id = version_2
        self.assertIn("110.0", wizard_form.diff_html)
        self.assertNotIn("130.0", wizard_form.diff_html)
        wizard_form.new_version_id = self.env["customer.contract.version"]
        self.assertIn("130.0", wizard_form.diff_html)
        self.assertIn("100.0", wizard_form.diff_html)
        self.assertIn("Current terms (version 3)", wizard_form.diff_html)

    @freeze_time("2027-02-15")
    def test_stale_amendment_refused(self):
        contract = self._signed_contract()
        first = self._amend(contract)
        second = self._amend(contract, reason="Price review")
        self.assertEqual((first.number, second.number), (1, 2))
        first.line_ids.price_unit = 110.0
        second.line_ids.price_unit = 90.0
        self._sign_amendment(first)
        self._sign_amendment(second)
        self._apply(first)
        self.assertTrue(second.is_stale)
        with self.assertRaisesRegex(
            UserError, "drafted against version 1.*now at version 2"
        ):
            self._apply(second, self.contract_user)
        self.assertEqual(second.state, "signed")
        self.assertEqual(contract.line_ids.price_unit, 110.0)
        self.assertEqual(len(contract.version_ids), 1)
        # A draft made against the old version cannot be signed either.
        third = self._amend(contract, reason="Another")
        self.assertFalse(third.is_stale)
        fourth = self._amend(contract, reason="Yet another")
        third.line_ids.price_unit = 115.0
        fourth.line_ids.price_unit = 120.0
        self._sign_amendment(third)
        self._apply(third)
        with self.assertRaisesRegex(UserError, "now at version 3"):
            self._sign_amendment(fourth)
        self.assertEqual(fourth.state, "draft")

    @freeze_time("2027-02-15")
    def test_versions_are_immutable(self):
        contract = self._signed_contract()
        amendment = self._amend(contract)
        amendment.line_ids.price_unit = 110.0
        self._sign_amendment(amendment)
        self._apply(amendment)
        version = contract.version_ids.with_user(self.contract_manager)
        self.assertEqual(version.line_ids.price_unit, 100.0)
        frozen = "cannot be changed or deleted"
        with self.assertRaisesRegex(UserError, frozen):
            version.write({"name": "Rewritten"})
        with self.assertRaisesRegex(UserError, frozen):
            version.line_ids.write({"price_unit": 1.0})
        with self.assertRaisesRegex(UserError, frozen):
            version.clause_ids.write({"body": "<p>Nothing</p>"})
        with self.assertRaises(AccessError):
            version.unlink()
        with self.assertRaises(AccessError):
            version.line_ids.unlink()
        with self.assertRaises(AccessError):
            self.env["customer.contract.version"].with_user(
                self.contract_manager
            ).create({"contract_id": contract.id, "number": 7})
        with self.assertRaisesRegex(UserError, frozen):
            version.with_user(self.env.ref("base.user_admin")).write({"number": 9})
        self.assertEqual(version.name, "Maintenance 2027")
        # The contract cannot be deleted from under its versions.
        with self.assertRaises(UserError):
            contract.with_user(self.contract_manager).unlink()
        with self.assertRaises(UserError), mute_logger("odoo.sql_db"):
            contract.sudo().unlink()
        self.assertTrue(version.exists())
        self.assertEqual(version.line_ids.price_unit, 100.0)
        # An applied amendment stays too.
        with self.assertRaisesRegex(UserError, "only draft or cancelled"):
            amendment.with_user(self.contract_manager).unlink()

    @freeze_time("2027-02-15")
    def test_contract_with_history_only_goes_at_uninstall(self):
        contract = self._signed_contract()
        amendment = self._amend(contract)
        amendment.line_ids.price_unit = 110.0
        self._sign_amendment(amendment)
        self._apply(amendment)
        version = contract.version_ids
        self.assertEqual(len(version), 1)
        # Even in a state that may be deleted, a contract keeps its history:
        # nobody, not even the superuser, deletes it.
        with contract._workflow():
            contract.write({"state": "cancelled"})
        with self.assertRaisesRegex(UserError, "amendments or previous versions"):
            contract.sudo().unlink()
        self.assertTrue(contract.exists())
        self.assertTrue(version.exists())
        # Uninstalling the module deletes the contract with its amendments and
        # versions.
        contract.with_context(**{MODULE_UNINSTALL_FLAG: True}).unlink()
        self.assertFalse(contract.exists())
        self.assertFalse(amendment.exists())
        self.assertFalse(version.exists())

    @freeze_time("2027-02-15")
    def test_amendment_terms_locked_once_signed(self):
        contract = self._signed_contract()
        amendment = self._amend(contract)
        amendment.line_ids.price_unit = 110.0
        self._sign_amendment(amendment)
        with self.assertRaisesRegex(UserError, "can no longer be edited"):
            amendment.write({"date_end": "2029-12-31"})
        with self.assertRaisesRegex(UserError, "can no longer be edited"):
            amendment.line_ids.write({"price_unit": 1.0})
        with self.assertRaisesRegex(UserError, "can no longer be edited"):
            amendment.clause_ids.unlink()
        self.assertEqual(amendment.line_ids.price_unit, 110.0)
        # Cancelling a signed amendment leaves the contract as it was.
        amendment.action_cancel()
        with self.assertRaisesRegex(UserError, 'Cancelled: "Apply" is not possible'):
            self._apply(amendment)
        self.assertEqual(contract.line_ids.price_unit, 100.0)
        self.assertEqual(contract.version_number, 1)

    @freeze_time("2027-02-15")
    def test_amend_a_draft_or_expired_contract(self):
        draft = self._create_contract()
        amendments = self.env["customer.contract.amendment"].search([])
        with self.assertRaisesRegex(UserError, "is Draft: only a signed or active"):
            self._amend(draft)
        with self.assertRaisesRegex(UserError, "only a signed or active"):
            draft.with_user(self.contract_user).action_amend()
        expired = self._signed_contract(date_start="2026-01-01", date_end="2026-12-31")
        self._run_state_cron(expired)
        self.assertEqual(expired.state, "expired")
        with self.assertRaisesRegex(UserError, "is Expired: only a signed or active"):
            self._amend(expired)
        self.assertEqual(self.env["customer.contract.amendment"].search([]), amendments)
        # A contract that expires while an amendment waits: it cannot apply.
        contract = self._signed_contract()
        amendment = self._amend(contract)
        amendment.line_ids.price_unit = 110.0
        self._sign_amendment(amendment)
        contract._action_terminate("Customer went bankrupt", date(2027, 2, 15))
        with self.assertRaisesRegex(UserError, "Terminated: only a signed or active"):
            self._apply(amendment)
        self.assertFalse(contract.version_ids)

    @freeze_time("2027-02-15")
    def test_automatic_amendment_applies_without_signature(self):
        contract = self._signed_contract()
        manual = self._amend(contract)
        manual.date_end = "2028-12-31"
        with self.assertRaisesRegex(UserError, "needs the signatures"):
            manual._submit_automatic()
        automatic = self._amend_automatic(contract, date_end="2028-12-31")
        automatic._submit_automatic()
        self.assertEqual(automatic.state, "applied")
        self.assertFalse(automatic.signed_by)
        self.assertEqual(contract.date_end, date(2028, 12, 31))
        self.assertEqual(contract.version_ids.superseded_by_id, automatic)
        self.assertTrue(manual.is_stale)

    @freeze_time("2027-02-15")
    def test_applied_amounts_in_a_batch(self):
        """Contracts amended together get the amounts of their new terms,
        whether their lines are changed, added or removed."""
        tax = self.env["account.tax"].create(
            {"name": "Contract Tax 10%", "amount": 10.0, "type_tax_use": "sale"}
        )
        repriced = self._signed_contract(lines=2)
        reshaped = self._signed_contract(lines=2)
        unchanged = self._signed_contract()
        amendments = self.env["customer.contract.amendment"].with_user(
            self.contract_user
        )
        for contract in (repriced, reshaped, unchanged):
            amendments |= self._amend_automatic(contract, date_end="2028-12-31")
        amendments[0].line_ids.write({"price_unit": 110.0, "tax_ids": [tax.id]})
        reshaped_lines = amendments[1].line_ids
        reshaped_lines[0].write({"quantity": 3, "discount": 10.0})
        reshaped_lines[1].unlink()
        amendments[1].line_ids = [
            Command.create({"product_id": self.product_support.id, "price_unit": 50.0})
        ]
        amendments._submit_automatic()
        self.assertEqual(set(amendments.mapped("state")), {"applied"})
        expected = {
            repriced: ([(220.0, 22.0, 242.0)] * 2, (440.0, 44.0, 484.0)),
            reshaped: ([(270.0, 0.0, 270.0), (50.0, 0.0, 50.0)], (320.0, 0.0, 320.0)),
            unchanged: ([(200.0, 0.0, 200.0)], (200.0, 0.0, 200.0)),
        }
        self.env.invalidate_all()
        for contract, (lines, totals) in expected.items():
            self.assertEqual(
                [
                    (line.price_subtotal, line.price_tax, line.price_total)
                    for line in contract.line_ids
                ],
                lines,
            )
            self.assertEqual(
                (contract.amount_untaxed, contract.amount_tax, contract.amount_total),
                totals,
            )
            self.assertEqual(contract.amount_total, contract.amendment_ids.amount_total)

    @freeze_time("2027-02-15")
    def test_bad_amendment_input(self):
        contract = self._signed_contract()
        with self.assertRefused(ValidationError, "before it starts"):
            self._amend(contract, date_end="2026-06-30")
        self.assertFalse(contract.amendment_ids)
        amendment = self._amend(contract, reason=False)
        # Nothing changed yet, no reason: it cannot be signed.
        with self.assertRaisesRegex(UserError, "needs a reason"):
            amendment.action_open_sign_wizard()
        amendment.reason = "Price review"
        with self.assertRaisesRegex(UserError, "changes nothing"):
            amendment.action_open_sign_wizard()
        with self.assertRaisesRegex(UserError, 'Draft: "Apply" is not possible'):
            self._apply(amendment)
        other = self._signed_contract()
        with self.assertRefused(UserError, "belongs to the contract"):
            amendment.contract_id = other
        self.assertEqual(amendment.contract_id, contract)
        self.assertEqual(contract.version_number, 1)

    @freeze_time("2027-02-15")
    def test_reports(self):
        contract = self._signed_contract()
        amendment = self._amend(contract, reason="Price review after audit")
        amendment.line_ids.price_unit = 125.0
        self._sign_amendment(amendment)
        self._apply(amendment)
        report = self.env["ir.actions.report"].with_user(self.contract_user)
        html = report._render_qweb_html(
            "customer_contract.customer_contract_amendment_report_action",
            amendment.ids,
        )[0].decode()
        text = " ".join(lxml_html.fromstring(html).text_content().split())
        self.assertIn(f"Amendment No. 1 to contract {contract.reference}", text)
        self.assertIn(contract.reference, html)
        self.assertIn("Price review after audit", html)
        self.assertIn("03/01/2027", html)
        self.assertIn("125.0", html)
        # Only the changed terms: the unchanged clauses are not repeated.
        self.assertNotIn("This agreement binds", html)
        self.assertIn("Brandon Freeman", html)
        html = report._render_qweb_html(
            "customer_contract.customer_contract_version_report_action",
            contract.version_ids.ids,
        )[0].decode()
        self.assertIn(
            "Version 1", " ".join(lxml_html.fromstring(html).text_content().split())
        )
        self.assertIn("This agreement binds", html)
        self.assertIn("200.00", html)
        self.assertNotIn("250.00", html)

    def test_other_company_and_portal_see_no_amendment(self):
        with freeze_time("2027-02-15"):
            contract = self._signed_contract()
            amendment = self._amend(contract)
            amendment.line_ids.price_unit = 110.0
            self._sign_amendment(amendment)
            self._apply(amendment)
        other_company = self.env["res.company"].create({"name": "Other Co"})
        outsider = new_test_user(
            self.env,
            login="outsider",
            groups="customer_contract.customer_contract_group_manager",
            company_id=other_company.id,
            company_ids=[Command.set(other_company.ids)],
        )
        portal = new_test_user(
            self.env,
            login="portal_customer",
            groups="base.group_portal",
            partner_id=self.signatory.id,
        )
        for user in (outsider, portal):
            for records in (amendment, contract.version_ids):
                with self.assertRaises(AccessError):
                    records.with_user(user).read(["display_name"])
        for model in ("customer.contract.amendment", "customer.contract.version"):
            self.assertFalse(self.env[model].with_user(outsider).search([]))
            with self.assertRaises(AccessError):
                self.env[model].with_user(portal).search([])


@tagged("post_install", "-at_install")
class TestAmendmentQueries(AmendmentCommon):
    def _queries_to_apply(self, lines):
        contract = self._signed_contract(lines=lines)
        amendment = self._amend(contract)
        # Every line changes: the price goes up (as at a renewal).
        for line in amendment.line_ids:
            line.price_unit = 110.0
        amendment.write({"date_end": "2028-12-31"})
        self._sign_amendment(amendment)
        self.env.flush_all()
        self.env.invalidate_all()
        amendment = amendment.with_user(self.contract_user)
        before = self.env.cr.sql_log_count
        self._apply(amendment)
        self.env.flush_all()
        count = self.env.cr.sql_log_count - before
        self.assertEqual(contract.line_ids.mapped("price_unit"), [110.0] * lines)
        self.assertEqual(len(contract.version_ids.line_ids), lines)
        return count

    @freeze_time("2027-02-15")
    def test_apply_cost_does_not_grow_with_lines(self):
        self._queries_to_apply(2)  # warm the caches
        one, fifty = self._queries_to_apply(1), self._queries_to_apply(50)
        self.assertEqual(one, fifty)
