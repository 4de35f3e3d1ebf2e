# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
from datetime import date

from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, freeze_time, new_test_user, tagged
from odoo.tools import mute_logger

from .common import CustomerContractCommon


@tagged("post_install", "-at_install")
class TestContractLifecycle(CustomerContractCommon):
    def _run_state_cron(self):
        cron = self.env.ref("customer_contract.customer_contract_cron_update_states")
        with self.enter_registry_test_mode():
            cron.method_direct_trigger()

    def _sign(self, contract, document=None, when="2026-12-15"):
        wizard = (
            self.env["customer.contract.sign.wizard"]
            .with_user(self.contract_user)
            .with_context(default_contract_id=contract.id)
            .create(
                {
                    "date_signed": when,
                    "document": document,
                    "document_name": "signed.pdf" if document else False,
                }
            )
        )
        wizard.action_confirm()

    @freeze_time("2026-12-01")
    def test_full_lifecycle_as_contract_user(self):
        contract = self._create_contract()
        self.assertEqual(contract.create_uid, self.contract_user)
        self.assertTrue(contract.reference.startswith("CTR/2026/"))
        self.assertEqual(contract.state, "draft")
        # The type's template fills the clauses, rendered for this contract.
        self.assertEqual(contract.template_id, self.template)
        self.assertEqual(contract.clause_ids.mapped("name"), ["Parties", "Payment"])
        parties, payment = contract.clause_ids
        self.assertIn("This agreement binds Azure Interior", parties.body)
        self.assertIn("2027-01-01", parties.body)
        self.assertIn("200.00", payment.body)
        self.assertEqual(contract.amount_untaxed, 200.0)

        contract.action_negotiate()
        self.assertEqual(contract.state, "negotiation")

        document = base64.b64encode(b"%PDF-1.4 signed contract")
        self._sign(contract, document=document)
        self.assertEqual(contract.state, "signed")
        self.assertEqual(contract.signed_by, "Brandon Freeman")
        self.assertEqual(contract.date_signed, date(2026, 12, 15))
        self.assertEqual(contract.company_signatory_id, self.contract_user)
        self.assertEqual(contract.signed_attachment_id.raw, b"%PDF-1.4 signed contract")
        self.assertEqual(contract.signed_attachment_id.res_id, contract.id)
        signed_subtype = self.env.ref("customer_contract.mt_contract_signed")
        self.assertEqual(
            contract.message_ids.filtered(
                lambda m: m.subtype_id == signed_subtype
            ).attachment_ids,
            contract.signed_attachment_id,
        )

        # Before the start date the cron leaves it signed.
        self._run_state_cron()
        self.assertEqual(contract.state, "signed")
        with freeze_time("2027-01-01"):
            self._run_state_cron()
            self.assertEqual(contract.state, "active")
            self._run_state_cron()  # twice: nothing more happens
            self.assertEqual(contract.state, "active")
        with freeze_time("2027-12-31"):
            self._run_state_cron()
            self.assertEqual(contract.state, "active")
        with freeze_time("2028-01-01"):
            messages = len(contract.message_ids)
            self._run_state_cron()
            self.assertEqual(contract.state, "expired")
            self.assertTrue(
                any("expired" in body for body in contract.message_ids.mapped("body"))
            )
            self._run_state_cron()
            self.assertEqual(contract.state, "expired")
            # One state tracking message and one expiry note, not more.
            self.assertEqual(len(contract.message_ids), messages + 2)

    @freeze_time("2027-03-01")
    def test_signed_after_start_is_active_at_once(self):
        contract = self._create_contract()
        self._sign(contract, when="2027-03-01")
        self.assertEqual(contract.state, "active")

    @freeze_time("2027-03-01")
    def test_terminate_cancel_reset_archive(self):
        contract = self._create_contract()
        self._sign(contract, when="2027-03-01")
        wizard = (
            self.env["customer.contract.terminate.wizard"]
            .with_user(self.contract_user)
            .with_context(default_contract_id=contract.id)
            .create({"reason": "Customer closed the office"})
        )
        wizard.action_confirm()
        self.assertEqual(contract.state, "terminated")
        self.assertEqual(contract.termination_date, date(2027, 3, 1))
        self.assertEqual(contract.terminated_by_id, self.contract_user)
        self.assertIn("Customer closed the office", contract.message_ids[0].body)

        draft = self._create_contract()
        draft.action_cancel()
        self.assertEqual(draft.state, "cancelled")
        draft.action_back_to_draft()
        self.assertEqual(draft.state, "draft")
        draft.action_archive()
        self.assertFalse(draft.active)
        self.assertFalse(
            self.env["customer.contract"].search([("id", "=", draft.id)]),
        )

    def test_non_terms_stay_editable_when_signed(self):
        contract = self._create_contract()
        self._sign(contract)
        tag = self.env["customer.contract.tag"].with_user(self.contract_user)
        contract.write(
            {
                "tag_ids": [Command.create({"name": "Key account"})],
                "note": "<p>Call before renewal</p>",
                "user_id": self.contract_manager.id,
            }
        )
        self.assertEqual(contract.tag_ids.name, "Key account")
        self.assertTrue(tag.search([("name", "=", "Key account")]))

    @freeze_time("2026-12-01")
    def test_line_changes_are_logged(self):
        contract = self._create_contract()
        contract.line_ids.write({"quantity": 5})
        self.assertIn("2.0", contract.message_ids[0].body)
        self.assertIn("5.0", contract.message_ids[0].body)
        self.assertEqual(contract.amount_untaxed, 500.0)


@tagged("post_install", "-at_install")
class TestContractTemplates(CustomerContractCommon):
    def test_rendered_per_contract(self):
        first = self._create_contract()
        second = self._create_contract(
            partner_id=self.other_customer.id, signatory_id=False
        )
        self.assertIn("Azure Interior", first.clause_ids[0].body)
        self.assertIn("Deco Addict", second.clause_ids[0].body)
        self.assertNotIn("Azure Interior", second.clause_ids[0].body)

    def test_refresh_clauses_after_a_change(self):
        contract = self._create_contract()
        contract.write({"date_start": "2027-02-01"})
        self.assertIn("2027-01-01", contract.clause_ids[0].body)
        contract.action_refresh_clauses()
        self.assertIn("2027-02-01", contract.clause_ids[0].body)

    def test_rendered_clauses_are_editable_until_signed(self):
        contract = self._create_contract()
        contract.clause_ids[0].body = "<p>Negotiated wording</p>"
        self.assertIn("Negotiated wording", contract.clause_ids[0].body)
        contract.action_negotiate()
        contract.clause_ids[0].body = "<p>Final wording</p>"
        contract._action_sign("Brandon Freeman", date(2026, 12, 1), self.contract_user)
        with self.assertRaises(UserError) as error:
            contract.clause_ids[0].body = "<p>Changed after signature</p>"
        self.assertIn("amendment", str(error.exception))
        self.assertIn("Final wording", contract.clause_ids[0].body)

    @mute_logger("odoo.addons.mail.models.mail_render_mixin")
    def test_bad_placeholder(self):
        bad_clause = self.env["customer.contract.clause"].create(
            {
                "name": "Broken Warranty",
                "body": '<p><t t-out="object.no_such_field"/></p>',
            }
        )
        self.template.clause_ids = [Command.link(bad_clause.id)]
        contracts = self.env["customer.contract"]
        count = contracts.search_count([])
        with self.assertRaises(UserError) as error:
            self._create_contract()
        message = str(error.exception)
        self.assertIn("Broken Warranty", message)
        self.assertIn("clause library", message)
        self.assertEqual(contracts.search_count([]), count)

        # On an existing contract: the clauses stay as they were.
        self.template.clause_ids = [Command.unlink(bad_clause.id)]
        contract = self._create_contract()
        bodies = contract.clause_ids.mapped("body")
        self.template.clause_ids = [Command.link(bad_clause.id)]
        with self.assertRaises(UserError):
            contract.action_refresh_clauses()
        self.assertEqual(contract.clause_ids.mapped("body"), bodies)


@tagged("post_install", "-at_install")
class TestContractBadInput(CustomerContractCommon):
    def _assert_constraint_message(self, error, model, text):
        """The message a user gets for a database constraint (see
        odoo.service.model.retrying, which turns it into a ValidationError)."""
        self.assertIsInstance(error, IntegrityError)
        self.assertIn(text, self.env[model]._sql_error_to_message(error))

    @mute_logger("odoo.sql_db")
    def test_end_before_start(self):
        count = self.env["customer.contract"].search_count([])
        with self.assertRaises(IntegrityError) as error:
            self._create_contract(date_start="2027-06-01", date_end="2027-05-31")
        self._assert_constraint_message(
            error.exception, "customer.contract", "cannot be before its start date"
        )
        self.assertEqual(self.env["customer.contract"].search_count([]), count)
        contract = self._create_contract()
        with self.assertRaises(ValidationError) as error:
            contract.write({"date_end": "2026-01-01"})
        self.assertIn(contract.reference, str(error.exception))
        self.assertIn("before it starts", str(error.exception))
        self.assertEqual(contract.date_end, date(2027, 12, 31))

    @mute_logger("odoo.sql_db")
    def test_negative_quantity_or_price(self):
        contract = self._create_contract()
        for values, text in (
            ({"quantity": -1}, "quantity of a contract line cannot be negative"),
            ({"price_unit": -5.0}, "unit price of a contract line cannot be negative"),
        ):
            with (
                self.subTest(values=values),
                self.assertRaises(IntegrityError) as error,
            ):
                contract.write(
                    {
                        "line_ids": [
                            Command.create(
                                {"product_id": self.product_support.id, **values}
                            )
                        ]
                    }
                )
                self.env.flush_all()
            self._assert_constraint_message(
                error.exception, "customer.contract.line", text
            )
        self.assertEqual(len(contract.line_ids), 1)
        self.assertEqual(contract.amount_untaxed, 200.0)

    def test_sign_needs_signatory_lines_and_clauses(self):
        contract = self._create_contract(signatory_id=False, lines=0, type_id=False)
        with self.assertRaises(UserError) as error:
            contract.action_open_sign_wizard()
        message = str(error.exception)
        self.assertIn("a customer signatory", message)
        self.assertIn("at least one line", message)
        self.assertIn("at least one clause", message)
        self.assertEqual(contract.state, "draft")
        with self.assertRaises(UserError):
            contract._action_sign("Someone", date(2026, 12, 1), self.contract_user)
        self.assertEqual(contract.state, "draft")
        self.assertFalse(contract.signed_by)

    def test_edit_signed_terms(self):
        contract = self._create_contract()
        contract._action_sign("Brandon Freeman", date(2026, 12, 1), self.contract_user)
        attempts = [
            lambda: contract.write({"name": "Renamed"}),
            lambda: contract.write({"date_end": "2028-12-31"}),
            lambda: contract.write({"partner_id": self.other_customer.id}),
            lambda: contract.line_ids.write({"price_unit": 1.0}),
            lambda: contract.write(
                {"line_ids": [Command.create({"product_id": self.product_support.id})]}
            ),
            lambda: contract.line_ids.unlink(),
            lambda: contract.clause_ids[0].unlink(),
        ]
        for attempt in attempts:
            with self.assertRaises(UserError) as error:
                attempt()
            self.assertIn("Create an amendment", str(error.exception))
        self.assertEqual(contract.name, "Maintenance 2027")
        self.assertEqual(contract.date_end, date(2027, 12, 31))
        self.assertEqual(contract.partner_id, self.customer)
        self.assertEqual(contract.line_ids.price_unit, 100.0)
        self.assertEqual(len(contract.line_ids), 1)
        self.assertEqual(len(contract.clause_ids), 2)

    def test_delete_signed_contract(self):
        contract = self._create_contract()
        contract._action_sign("Brandon Freeman", date(2026, 12, 1), self.contract_user)
        with self.assertRaises(UserError) as error:
            contract.unlink()
        self.assertIn("cannot be deleted", str(error.exception))
        self.assertTrue(contract.exists())
        draft = self._create_contract()
        draft.unlink()
        self.assertFalse(draft.exists())

    def test_activate_draft(self):
        contract = self._create_contract()
        with self.assertRaises(UserError) as error:
            contract.action_activate()
        self.assertIn("you cannot activate it", str(error.exception))
        self.assertEqual(contract.state, "draft")

    @freeze_time("2027-03-01")
    def test_terminate_without_reason_or_before_start(self):
        contract = self._create_contract()
        contract._action_sign("Brandon Freeman", date(2027, 3, 1), self.contract_user)
        with self.assertRaises(UserError):
            contract._action_terminate("  ", date(2027, 3, 1))
        with self.assertRaises(UserError):
            contract._action_terminate("Too early", date(2026, 12, 1))
        self.assertEqual(contract.state, "active")
        self.assertFalse(contract.termination_reason)

    def test_signatory_of_another_customer(self):
        with self.assertRaises(ValidationError):
            self._create_contract(partner_id=self.other_customer.id)


@tagged("post_install", "-at_install")
class TestContractAccess(CustomerContractCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.contract = cls._create_contract()
        cls.company_2 = cls.env["res.company"].create({"name": "Other Company"})
        cls.user_company_2 = new_test_user(
            cls.env,
            login="contract_user_2",
            groups="customer_contract.customer_contract_group_user",
            company_id=cls.company_2.id,
            company_ids=[Command.set(cls.company_2.ids)],
        )
        cls.internal_user = new_test_user(
            cls.env, login="internal_user", groups="base.group_user"
        )

    def test_other_company_sees_nothing(self):
        contracts = self.env["customer.contract"].with_user(self.user_company_2)
        self.assertFalse(contracts.search([]))
        with self.assertRaises(AccessError):
            contracts.browse(self.contract.id).read(["name"])
        with self.assertRaises(AccessError):
            contracts.browse(self.contract.id).write({"note": "<p>x</p>"})
        self.assertFalse(self.contract.note)

    def test_internal_user_without_group(self):
        contracts = self.env["customer.contract"].with_user(self.internal_user)
        with self.assertRaises(AccessError):
            contracts.search([])
        with self.assertRaises(AccessError):
            contracts.browse(self.contract.id).read(["name"])
        with self.assertRaises(AccessError):
            contracts.create({"name": "Sneaky", "partner_id": self.customer.id})
        with self.assertRaises(AccessError):
            self.contract.with_user(self.internal_user).unlink()
        self.assertTrue(self.contract.exists())

    def test_configuration_is_for_managers(self):
        for model in (
            "customer.contract.type",
            "customer.contract.template",
            "customer.contract.clause",
        ):
            with self.subTest(model=model):
                values = {"name": "New"}
                if model == "customer.contract.clause":
                    values["body"] = "<p>Text</p>"
                records = self.env[model]
                self.assertTrue(records.with_user(self.contract_user).search([]))
                with self.assertRaises(AccessError):
                    records.with_user(self.contract_user).create(values)
                record = records.with_user(self.contract_manager).create(values)
                with self.assertRaises(AccessError):
                    record.with_user(self.contract_user).write({"name": "Changed"})
                record.with_user(self.contract_manager).write({"name": "Changed"})

    def test_form_defaults_for_a_user(self):
        form = Form(self.env["customer.contract"].with_user(self.contract_user))
        form.name = "Through the form"
        form.partner_id = self.signatory
        self.assertEqual(form.signatory_id, self.signatory)
        form.type_id = self.contract_type
        self.assertEqual(form.template_id, self.template)
        contract = form.save()
        self.assertEqual(contract.user_id, self.contract_user)
        self.assertEqual(contract.commercial_partner_id, self.customer)
        self.assertEqual(len(contract.clause_ids), 2)


@tagged("post_install", "-at_install")
class TestContractQueryCount(CustomerContractCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        contracts = cls.env["customer.contract"]
        vals = {
            "partner_id": cls.customer.id,
            "signatory_id": cls.signatory.id,
            "date_start": "2027-01-01",
            "date_end": "2027-12-31",
        }
        line = {"product_id": cls.product_service.id, "price_unit": 10.0}
        cls.small = contracts.create(
            [
                {**vals, "name": f"Small {i}", "line_ids": [Command.create(line)]}
                for i in range(80)
            ]
        )
        cls.large = contracts.create(
            [
                {
                    **vals,
                    "name": f"Large {i}",
                    "line_ids": [Command.create(line) for _j in range(50)],
                }
                for i in range(80)
            ]
        )
        arch = cls.env.ref("customer_contract.customer_contract_view_list").arch
        cls.list_spec = {
            name: {}
            for name in (
                "reference",
                "name",
                "partner_id",
                "type_id",
                "user_id",
                "date_start",
                "date_end",
                "tag_ids",
                "currency_id",
                "amount_untaxed",
                "activity_ids",
                "state",
            )
        }
        for name in cls.list_spec:
            assert f'name="{name}"' in arch, name

    def _read_list(self, contracts):
        self.env.invalidate_all()
        model = self.env["customer.contract"].with_user(self.contract_user)
        result = model.web_search_read(
            [("id", "in", contracts.ids)], self.list_spec, limit=80
        )
        self.assertEqual(result["length"], 80)

    def test_list_cost_does_not_grow_with_lines(self):
        self._read_list(self.small)  # warm the caches of the registry
        self._read_list(self.large)
        with self.assertQueryCount(7):
            self._read_list(self.small)
        with self.assertQueryCount(7):
            self._read_list(self.large)

    def test_form_cost_does_not_grow_with_lines(self):
        spec = {
            "name": {},
            "partner_id": {"fields": {"display_name": {}}},
            "amount_total": {},
            "line_ids": {
                "fields": {
                    "product_id": {"fields": {"display_name": {}}},
                    "name": {},
                    "quantity": {},
                    "price_unit": {},
                    "tax_ids": {"fields": {"display_name": {}}},
                    "price_subtotal": {},
                }
            },
            "clause_ids": {"fields": {"name": {}, "body": {}}},
        }
        model = self.env["customer.contract"].with_user(self.contract_user)
        # Warm the registry caches (rules, views) on both before measuring.
        (model.browse(self.small[0].id) | model.browse(self.large[0].id)).web_read(spec)
        counts = {}
        # Two rounds: the first one also loads what invalidate_all() dropped
        # for the user (groups, rules) the first time it is needed.
        for _round in range(2):
            for contract in (self.small[0], self.large[0]):
                self.env.invalidate_all()
                start = self.env.cr.sql_log_count
                model.browse(contract.id).web_read(spec)
                counts[contract] = self.env.cr.sql_log_count - start
        self.assertEqual(counts[self.small[0]], counts[self.large[0]])
        self.assertLessEqual(counts[self.large[0]], 12)
