# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
from datetime import date

from lxml import etree
from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, freeze_time, new_test_user, tagged
from odoo.tools import mute_logger

from .common import SIGNED_PDF, CustomerContractCommon


class ContractLifecycleCommon(CustomerContractCommon):
    """Helpers to sign contracts and run the scheduled state changes."""

    def _run_state_cron(self, *contracts):
        """Run the state cron the way the scheduler does (it commits), then
        drop the cached values of ``contracts`` so they are read again."""
        cron = self.env.ref("customer_contract.customer_contract_cron_update_states")
        with self.enter_registry_test_mode():
            cron.method_direct_trigger()
        for contract in contracts:
            contract.invalidate_recordset()

    def _sign(self, contract, when="2026-12-15", signed_by=None):
        """Sign ``contract`` through the wizard, as the contract user; the
        customer's signer defaults to the contract's signatory."""
        values = {
            "date_signed": when,
            "company_signatory_id": self.contract_signatory.id,
            "document": SIGNED_PDF,
        }
        if signed_by:
            values["signed_by"] = signed_by
        wizard = (
            self.env["customer.contract.sign.wizard"]
            .with_user(self.contract_user)
            .with_context(default_contract_id=contract.id)
            .create(values)
        )
        return wizard.action_confirm()

    def _messages_of_subtype(self, contract, xmlid):
        subtype = self.env.ref(xmlid)
        return contract.message_ids.filtered(lambda m: m.subtype_id == subtype)


@tagged("post_install", "-at_install")
class TestContractLifecycle(ContractLifecycleCommon):
    @freeze_time("2026-12-01")
    def test_full_lifecycle_as_contract_user(self):
        contract = self._create_contract()
        self.assertEqual(contract.env.user, self.contract_user)
        self.assertEqual(contract.create_uid, self.contract_user)
        self.assertTrue(contract.reference.startswith("CTR/2026/"))
        self.assertEqual(contract.state, "draft")
        self.assertEqual(contract.amount_untaxed, 200.0)
        # The type's template fills the clauses, rendered for this contract.
        self.assertEqual(contract.template_id, self.template)
        self.assertEqual(contract.clause_ids.mapped("name"), ["Parties", "Payment"])
        self.assertEqual(
            contract.clause_ids.clause_id, self.clause_parties | self.clause_payment
        )
        parties, payment = contract.clause_ids
        self.assertIn(
            "This agreement binds Azure Interior from 2027-01-01.", parties.body
        )
        self.assertNotIn("t-out", parties.body)
        self.assertIn("200.00", payment.body)
        self.assertNotIn("t-out", payment.body)

        contract.action_negotiate()
        self.assertEqual(contract.state, "negotiation")

        # Sign through the wizard opened by the button, with the signed copy.
        wizard_form = Form.from_action(contract.env, contract.action_open_sign_wizard())
        self.assertEqual(wizard_form.signed_by, "Brandon Freeman")
        # The contract user is no Contract Signatory: a signatory is chosen.
        self.assertFalse(wizard_form.company_signatory_id)
        wizard_form.company_signatory_id = self.contract_signatory
        self.assertEqual(wizard_form.date_signed, date(2026, 12, 1))
        wizard_form.date_signed = date(2026, 12, 15)
        wizard_form.document = base64.b64encode(b"%PDF-1.4 signed").decode()
        wizard = wizard_form.save()
        self.assertEqual(wizard.env.user, self.contract_user)
        wizard.action_confirm()

        self.assertEqual(contract.state, "signed")
        self.assertTrue(contract.is_locked)
        self.assertEqual(contract.signed_by, "Brandon Freeman")
        self.assertEqual(contract.date_signed, date(2026, 12, 15))
        self.assertEqual(contract.company_signatory_id, self.contract_signatory)
        attachment = contract.signed_attachment_id
        self.assertEqual(attachment.raw, b"%PDF-1.4 signed")
        self.assertEqual(attachment.name, f"{contract.reference} - signed")
        self.assertEqual(
            (attachment.res_model, attachment.res_id), (contract._name, contract.id)
        )
        signed = self._messages_of_subtype(
            contract, "customer_contract.mt_contract_signed"
        )
        self.assertEqual(len(signed), 1)
        self.assertEqual(signed.author_id, self.contract_user.partner_id)
        self.assertIn("Contract signed by Brandon Freeman", signed.body)
        self.assertEqual(signed.attachment_ids, attachment)

        # Before its start date the cron leaves it signed.
        self._run_state_cron(contract)
        self.assertEqual(contract.state, "signed")
        with freeze_time("2027-01-01"):
            self._run_state_cron(contract)
            self.assertEqual(contract.state, "active")
            messages = contract.message_ids
            self._run_state_cron(contract)  # a second run changes nothing
            self.assertEqual(contract.state, "active")
            self.assertEqual(contract.message_ids, messages)
        with freeze_time("2027-12-31"):
            self._run_state_cron(contract)
            self.assertEqual(contract.state, "active")
        with freeze_time("2028-01-01"):
            messages = contract.message_ids
            self._run_state_cron(contract)
            self.assertEqual(contract.state, "expired")
            new_messages = contract.message_ids - messages
            notes = new_messages.filtered(
                lambda m: "Contract expired on 01/01/2028." in m.body
            )
            self.assertEqual(len(notes), 1)
            self.assertEqual(notes.message_type, "notification")
            # Only the expiry note and the tracking of the state.
            self.assertEqual(len(new_messages), 2)
            messages = contract.message_ids
            self._run_state_cron(contract)
            self.assertEqual(contract.state, "expired")
            self.assertEqual(contract.message_ids, messages)

    @freeze_time("2027-03-01")
    def test_signed_after_start_is_active_at_once(self):
        contract = self._create_contract()
        self.assertLess(contract.date_start, date(2027, 3, 1))
        self._sign(contract, when="2027-03-01")
        self.assertEqual(contract.state, "active")
        self.assertEqual(contract.date_signed, date(2027, 3, 1))

    @freeze_time("2026-12-01")
    def test_signed_before_start_waits(self):
        contract = self._create_contract()
        self._sign(contract, when="2026-12-01")
        self.assertEqual(contract.state, "signed")
        with self.assertRaises(UserError) as error:
            contract.action_activate()
        self.assertIn("it becomes active on that date", str(error.exception))
        self.assertEqual(contract.state, "signed")

    @freeze_time("2027-03-01")
    def test_terminate_through_the_wizard(self):
        contract = self._create_contract()
        self._sign(contract, when="2027-03-01")
        self.assertEqual(contract.state, "active")
        wizard_form = Form.from_action(
            contract.env, contract.action_open_terminate_wizard()
        )
        self.assertEqual(wizard_form.termination_date, date(2027, 3, 1))
        wizard_form.reason = "Customer closed the office"
        wizard_form.save().action_confirm()
        self.assertEqual(contract.state, "terminated")
        self.assertEqual(contract.termination_reason, "Customer closed the office")
        self.assertEqual(contract.termination_date, date(2027, 3, 1))
        self.assertEqual(contract.terminated_by_id, self.contract_user)
        terminated = self._messages_of_subtype(
            contract, "customer_contract.mt_contract_terminated"
        )
        self.assertEqual(len(terminated), 1)
        self.assertEqual(terminated.author_id, self.contract_user.partner_id)
        self.assertIn("Customer closed the office", terminated.body)
        # A terminated contract is not expired by the cron later on.
        with freeze_time("2028-01-01"):
            self._run_state_cron(contract)
        self.assertEqual(contract.state, "terminated")

    def test_cancel_reset_and_archive(self):
        contract = self._create_contract()
        contract.action_negotiate()
        contract.action_cancel()
        self.assertEqual(contract.state, "cancelled")
        contract.action_back_to_draft()
        self.assertEqual(contract.state, "draft")
        contract.action_archive()
        self.assertFalse(contract.active)
        contracts = self.env["customer.contract"].with_user(self.contract_user)
        self.assertFalse(contracts.search([("id", "=", contract.id)]))
        self.assertEqual(
            contracts.with_context(active_test=False).search(
                [("id", "=", contract.id)]
            ),
            contract,
        )
        contract.action_unarchive()
        self.assertTrue(contract.active)

    def test_non_terms_stay_editable_when_signed(self):
        contract = self._create_contract()
        self._sign(contract)
        contract.write(
            {
                "tag_ids": [Command.create({"name": "Key account"})],
                "note": "<p>Call before renewal</p>",
                "user_id": self.contract_manager.id,
            }
        )
        self.assertEqual(contract.state, "signed")
        self.assertEqual(contract.tag_ids.name, "Key account")
        self.assertIn("Call before renewal", contract.note)
        self.assertEqual(contract.user_id, self.contract_manager)

    @freeze_time("2026-12-01")
    def test_line_changes_are_logged(self):
        contract = self._create_contract()
        contract.line_ids.write({"quantity": 5})
        self.assertIn("2.0", contract.message_ids[0].body)
        self.assertIn("5.0", contract.message_ids[0].body)
        self.assertEqual(contract.amount_untaxed, 500.0)


@tagged("post_install", "-at_install")
class TestContractTemplates(ContractLifecycleCommon):
    def test_rendered_per_contract(self):
        first = self._create_contract()
        second = self._create_contract(
            partner_id=self.other_customer.id,
            signatory_id=False,
            date_start="2027-04-01",
            lines=3,
        )
        self.assertIn("binds Azure Interior from 2027-01-01", first.clause_ids[0].body)
        self.assertIn("binds Deco Addict from 2027-04-01", second.clause_ids[0].body)
        self.assertNotIn("Azure Interior", second.clause_ids[0].body)
        self.assertIn("200.00", first.clause_ids[1].body)
        self.assertIn("600.00", second.clause_ids[1].body)

    def test_refresh_clauses_after_a_change(self):
        contract = self._create_contract()
        contract.write({"date_start": "2027-02-01"})
        self.assertIn("2027-01-01", contract.clause_ids[0].body)
        contract.action_refresh_clauses()
        self.assertIn("2027-02-01", contract.clause_ids[0].body)
        self.assertNotIn("2027-01-01", contract.clause_ids[0].body)
        self.assertEqual(len(contract.clause_ids), 2)

    def test_refresh_without_template(self):
        contract = self._create_contract(type_id=False)
        self.assertFalse(contract.clause_ids)
        with self.assertRaises(UserError) as error:
            contract.action_refresh_clauses()
        self.assertIn("has no template", str(error.exception))

    def test_rendered_clauses_are_editable_until_signed(self):
        contract = self._create_contract()
        contract.clause_ids[0].body = "<p>Negotiated wording</p>"
        self.assertIn("Negotiated wording", contract.clause_ids[0].body)
        contract.action_negotiate()
        contract.clause_ids[0].body = "<p>Final wording</p>"
        self._sign(contract)
        with self.assertRaises(UserError) as error:
            contract.clause_ids[0].body = "<p>Changed after signature</p>"
        self.assertIn("amendment", str(error.exception))
        self.assertIn("Final wording", contract.clause_ids[0].body)
        with self.assertRaises(UserError) as error:
            contract.action_refresh_clauses()
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
        contracts = self.env["customer.contract"]
        clause_lines = self.env["customer.contract.clause.line"]
        # On an existing contract: its clauses stay as they were.
        contract = self._create_contract()
        bodies = contract.clause_ids.mapped("body")
        self.template.clause_ids = [Command.link(bad_clause.id)]
        count, line_count = contracts.search_count([]), clause_lines.search_count([])
        with self.assertRaises(UserError) as error:
            contract.action_refresh_clauses()
        message = str(error.exception)
        self.assertIn('The clause "Broken Warranty" cannot be rendered', message)
        self.assertIn(contract.reference, message)
        self.assertIn("clause library", message)
        self.assertEqual(contract.clause_ids.mapped("body"), bodies)
        # On a new contract: nothing is created.
        with self.assertRaises(UserError) as error:
            self._create_contract(name="Never created")
        self.assertIn('The clause "Broken Warranty"', str(error.exception))
        self.assertEqual(contracts.search_count([]), count)
        self.assertEqual(clause_lines.search_count([]), line_count)
        self.assertFalse(contracts.search([("name", "=", "Never created")]))


@tagged("post_install", "-at_install")
class TestContractBadInput(ContractLifecycleCommon):
    def _assert_constraint_message(self, error, model, text):
        """The message a user gets for a database constraint: the RPC layer
        (odoo.service.model.retrying) turns it into a ValidationError with the
        message of the model's constraint."""
        self.assertIsInstance(error, IntegrityError)
        self.assertIn(text, self.env[model]._sql_error_to_message(error))

    @mute_logger("odoo.sql_db")
    def test_end_before_start(self):
        contracts = self.env["customer.contract"]
        count = contracts.search_count([])
        # At creation the row is inserted first: the table's check refuses it.
        with self.assertRaises(IntegrityError) as error:
            self._create_contract(date_start="2027-06-01", date_end="2027-05-31")
        self._assert_constraint_message(
            error.exception, "customer.contract", "cannot be before its start date"
        )
        self.assertEqual(contracts.search_count([]), count)
        # On a change, the model's constraint names the contract and the dates.
        contract = self._create_contract()
        with self.assertRaises(ValidationError) as error:
            contract.write({"date_end": "2026-01-01"})
        message = str(error.exception)
        self.assertIn(contract.reference, message)
        self.assertIn("ends on 01/01/2026, before it starts on 01/01/2027", message)
        self.assertEqual(contract.date_end, date(2027, 12, 31))

    @mute_logger("odoo.sql_db")
    def test_negative_quantity_or_price(self):
        contract = self._create_contract()
        line = contract.line_ids
        for values, text in (
            ({"quantity": -1}, "quantity of a contract line cannot be negative"),
            ({"price_unit": -5.0}, "unit price of a contract line cannot be negative"),
        ):
            with self.subTest(values=values, on="new line"):
                with self.assertRaises(IntegrityError) as error:
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
            with self.subTest(values=values, on="existing line"):
                with self.assertRaises(IntegrityError) as error:
                    contract.write({"line_ids": [Command.update(line.id, values)]})
                    self.env.flush_all()
                self._assert_constraint_message(
                    error.exception, "customer.contract.line", text
                )
        contract.invalidate_recordset()
        self.assertEqual(contract.line_ids, line)
        self.assertRecordValues(line, [{"quantity": 2.0, "price_unit": 100.0}])
        self.assertEqual(contract.amount_untaxed, 200.0)

    def test_sign_needs_signatory_lines_and_clauses(self):
        contract = self._create_contract(signatory_id=False, lines=0, type_id=False)
        with self.assertRaises(UserError) as error:
            contract.action_open_sign_wizard()
        message = str(error.exception)
        self.assertIn(contract.reference, message)
        self.assertIn("cannot be signed yet", message)
        self.assertIn("a customer signatory", message)
        self.assertIn("at least one line", message)
        self.assertIn("at least one clause", message)
        # The wizard itself refuses too, whoever signed.
        with self.assertRaises(UserError) as error:
            self._sign(contract, signed_by="Brandon Freeman")
        self.assertIn("a customer signatory", str(error.exception))
        self.assertEqual(contract.state, "draft")
        self.assertFalse(contract.signed_by)
        self.assertFalse(contract.date_signed)

    def test_sign_lists_only_what_is_missing(self):
        contract = self._create_contract(signatory_id=False)
        with self.assertRaises(UserError) as error:
            self._sign(contract, signed_by="Brandon Freeman")
        message = str(error.exception)
        self.assertIn("it needs a customer signatory.", message)
        self.assertNotIn("line", message)
        self.assertNotIn("clause", message)
        self.assertEqual(contract.state, "draft")

    def test_sign_without_signer_name(self):
        contract = self._create_contract()
        wizard = (
            self.env["customer.contract.sign.wizard"]
            .with_user(self.contract_user)
            .with_context(default_contract_id=contract.id)
            .create(
                {
                    "signed_by": "   ",
                    "company_signatory_id": self.contract_signatory.id,
                    "document": SIGNED_PDF,
                }
            )
        )
        with self.assertRaises(UserError) as error:
            wizard.action_confirm()
        self.assertIn("Enter the name of the person who signed", str(error.exception))
        self.assertEqual(contract.state, "draft")

    def test_edit_signed_terms(self):
        contract = self._create_contract()
        self._sign(contract)
        line = contract.line_ids
        clauses = contract.clause_ids
        attempts = {
            "rename": lambda: contract.write({"name": "Renamed"}),
            "end date": lambda: contract.write({"date_end": "2028-12-31"}),
            "customer": lambda: contract.write({"partner_id": self.other_customer.id}),
            "edit line": lambda: line.write({"price_unit": 1.0}),
            "edit line from the contract": lambda: contract.write(
                {"line_ids": [Command.update(line.id, {"quantity": 9})]}
            ),
            "add line": lambda: contract.write(
                {"line_ids": [Command.create({"product_id": self.product_support.id})]}
            ),
            "delete line": lambda: line.unlink(),
            "delete clause": lambda: clauses[0].unlink(),
            "delete clause from the contract": lambda: contract.write(
                {"clause_ids": [Command.delete(clauses[0].id)]}
            ),
            "add clause": lambda: contract.write(
                {"clause_ids": [Command.create({"name": "Extra", "body": "<p>x</p>"})]}
            ),
        }
        for attempt, change in attempts.items():
            with self.subTest(attempt=attempt), self.assertRaises(UserError) as error:
                change()
            message = str(error.exception)
            self.assertIn(contract.reference, message)
            self.assertIn("Create an amendment", message)
        contract.invalidate_recordset()
        self.assertRecordValues(
            contract,
            [
                {
                    "name": "Maintenance 2027",
                    "date_end": date(2027, 12, 31),
                    "partner_id": self.customer.id,
                    "state": "signed",
                }
            ],
        )
        self.assertEqual(contract.line_ids, line)
        self.assertRecordValues(line, [{"price_unit": 100.0, "quantity": 2.0}])
        self.assertEqual(contract.clause_ids, clauses)

    def test_delete_signed_contract(self):
        contract = self._create_contract()
        self._sign(contract)
        with self.assertRaises(UserError) as error:
            contract.unlink()
        self.assertIn("is Signed and cannot be deleted", str(error.exception))
        self.assertTrue(contract.exists())
        self.assertEqual(len(contract.line_ids), 1)
        draft = self._create_contract()
        draft.unlink()
        self.assertFalse(draft.exists())

    def test_activate_draft(self):
        contract = self._create_contract()
        with self.assertRaises(UserError) as error:
            contract.action_activate()
        self.assertIn('is Draft: "Activate" is not possible', str(error.exception))
        self.assertEqual(contract.state, "draft")

    @freeze_time("2027-03-01")
    def test_terminate_without_reason_or_before_start(self):
        contract = self._create_contract()
        self._sign(contract, when="2027-03-01")
        self.assertEqual(contract.state, "active")
        wizard = (
            self.env["customer.contract.terminate.wizard"]
            .with_user(self.contract_user)
            .with_context(default_contract_id=contract.id)
        )
        with self.assertRaises(UserError) as error:
            wizard.create({"reason": "  "}).action_confirm()
        self.assertIn("Give the reason for terminating", str(error.exception))
        with self.assertRaises(UserError) as error:
            wizard.create(
                {"reason": "Too early", "termination_date": "2026-12-01"}
            ).action_confirm()
        self.assertIn("before it starts on 01/01/2027", str(error.exception))
        self.assertEqual(contract.state, "active")
        self.assertFalse(contract.termination_reason)
        self.assertFalse(contract.terminated_by_id)

    def test_terminate_a_draft(self):
        contract = self._create_contract()
        with self.assertRaises(UserError) as error:
            contract.action_open_terminate_wizard()
        self.assertIn('"Terminate" is not possible', str(error.exception))
        self.assertEqual(contract.state, "draft")

    def test_signatory_of_another_customer(self):
        count = self.env["customer.contract"].search_count([])
        with self.assertRaises(ValidationError) as error:
            self._create_contract(partner_id=self.other_customer.id)
        self.assertIn(
            "does not belong to the customer Deco Addict", str(error.exception)
        )
        self.assertEqual(self.env["customer.contract"].search_count([]), count)


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
        self.assertTrue(contracts.has_access("read"))
        self.assertFalse(contracts.search([]))
        self.assertFalse(
            self.env["customer.contract.line"]
            .with_user(self.user_company_2)
            .search([("contract_id", "=", self.contract.id)])
        )
        with self.assertRaises(AccessError):
            contracts.browse(self.contract.id).read(["name"])
        with self.assertRaises(AccessError):
            contracts.browse(self.contract.id).write({"note": "<p>x</p>"})
        with self.assertRaises(AccessError):
            contracts.create(
                {
                    "name": "In the other company",
                    "partner_id": self.customer.id,
                    "company_id": self.company.id,
                }
            )
        self.assertFalse(self.contract.note)
        # The same user works in its own company.
        own = contracts.create({"name": "Own", "partner_id": self.customer.id})
        self.assertEqual(own.company_id, self.company_2)

    def test_internal_user_without_group(self):
        contracts = self.env["customer.contract"].with_user(self.internal_user)
        # Nothing to find: with customer_contract_approval installed, any
        # internal user may review contracts and searches the ones submitted
        # to them (none here); without it, the search itself is refused.
        try:
            found = contracts.search([])
        except AccessError:
            found = contracts
        self.assertFalse(found)
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
                with self.assertRaises(AccessError):
                    record.with_user(self.contract_user).unlink()
                record.with_user(self.contract_manager).write({"name": "Changed"})
                self.assertEqual(record.name, "Changed")
                record.with_user(self.contract_manager).unlink()
                self.assertFalse(record.exists())

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
    # Fields the activity widget of the list reads besides activity_ids.
    ACTIVITY_FIELDS = (
        "activity_exception_decoration",
        "activity_exception_icon",
        "activity_state",
        "activity_summary",
        "activity_type_icon",
    )

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        contracts = cls.env["customer.contract"]
        tag = cls.env["customer.contract.tag"].create({"name": "Query count"})
        vals = {
            "partner_id": cls.customer.id,
            "signatory_id": cls.signatory.id,
            "type_id": cls.contract_type.id,
            "date_start": "2027-01-01",
            "date_end": "2027-12-31",
            "tag_ids": [Command.set(tag.ids)],
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
        # The first small contract has one obligation and one version, the
        # first large one many.
        for contract, obligations, versions in (
            (cls.small[0], 1, 1),
            (cls.large[0], 30, 5),
        ):
            cls.env["customer.contract.obligation"].create(
                [
                    {
                        "contract_id": contract.id,
                        "name": f"Obligation {i}",
                        "date_due": f"2027-{i % 12 + 1:02d}-15",
                        "user_id": cls.contract_user.id,
                    }
                    for i in range(obligations)
                ]
            )
            cls.env["customer.contract.version"].sudo().create(
                [
                    {
                        "contract_id": contract.id,
                        "number": number,
                        "company_id": contract.company_id.id,
                        "currency_id": contract.currency_id.id,
                        "name": f"{contract.name} v{number}",
                        "amount_untaxed": 100.0 * number,
                    }
                    for number in range(1, versions + 1)
                ]
            )
        # What the web client asks for to show the list view.
        many2one = {"fields": {"display_name": {}}}
        cls.list_spec = {
            "reference": {},
            "name": {},
            "partner_id": many2one,
            "type_id": many2one,
            "user_id": many2one,
            "team_id": many2one,
            "date_start": {},
            "date_end": {},
            "tag_ids": {"fields": {"display_name": {}, "color": {}}},
            "company_id": many2one,
            "currency_id": many2one,
            "company_currency_id": many2one,
            "amount_untaxed": {},
            "amount_total": {},
            "amount_untaxed_company": {},
            "amount_total_company": {},
            "activity_ids": {"fields": {}},
            **dict.fromkeys(cls.ACTIVITY_FIELDS, {}),
            "activity_type_id": many2one,
            "compliance_status": {},
            "state": {},
        }
        cls.form_spec = {
            "reference": {},
            "name": {},
            "state": {},
            "partner_id": many2one,
            "signatory_id": many2one,
            "type_id": many2one,
            "template_id": many2one,
            "date_start": {},
            "date_end": {},
            "currency_id": many2one,
            "amount_untaxed": {},
            "amount_tax": {},
            "amount_total": {},
            "line_ids": {
                "fields": {
                    "sequence": {},
                    "product_id": many2one,
                    "name": {},
                    "quantity": {},
                    "product_uom_id": many2one,
                    "price_unit": {},
                    "discount": {},
                    "tax_ids": {"fields": {"display_name": {}}},
                    "price_subtotal": {},
                }
            },
            "clause_ids": {
                "fields": {"sequence": {}, "name": {}, "category": {}, "body": {}}
            },
            "version_number": {},
            "compliance_status": {},
            "compliance_score": {},
            "obligation_count": {},
            "amendment_count": {},
            "obligation_ids": {
                "fields": {
                    "date_due": {},
                    "name": {},
                    "party": {},
                    "user_id": many2one,
                    "evidence_count": {},
                    "date_done": {},
                    "state": {},
                }
            },
            "version_ids": {
                "fields": {
                    "number": {},
                    "date_from": {},
                    "date_to": {},
                    "amount_untaxed": {},
                    "superseded_by_id": many2one,
                }
            },
        }

    def test_list_spec_matches_the_view(self):
        view = self.env.ref("customer_contract.customer_contract_view_list")
        arch = etree.fromstring(view.arch)
        names = {node.get("name") for node in arch.iter("field")}
        spec = set(self.list_spec) - {*self.ACTIVITY_FIELDS, "activity_type_id"}
        self.assertEqual(spec, names)

    def _read_list(self, contracts):
        self.env.invalidate_all()
        model = self.env["customer.contract"].with_user(self.contract_user)
        result = model.web_search_read(
            [("id", "in", contracts.ids)], self.list_spec, limit=80
        )
        self.assertEqual(result["length"], 80)
        self.assertEqual({rec["id"] for rec in result["records"]}, set(contracts.ids))
        return result["records"]

    def test_list_cost_does_not_grow_with_lines(self):
        # Warm the registry caches (access rules, views) before measuring.
        self._read_list(self.small)
        self._read_list(self.large)
        with self.assertQueryCount(12):
            self._read_list(self.small)
        with self.assertQueryCount(12):
            records = self._read_list(self.large)
        self.assertEqual(records[0]["amount_untaxed"], 500.0)
        self.assertEqual(records[0]["tag_ids"][0]["display_name"], "Query count")

    def _read_form(self, contract):
        self.env.invalidate_all()
        model = self.env["customer.contract"].with_user(self.contract_user)
        return model.browse(contract.id).web_read(self.form_spec)[0]

    def test_form_cost_does_not_grow_with_lines_obligations_versions(self):
        small, large = self.small[0], self.large[0]
        self._read_form(small)
        self._read_form(large)
        with self.assertQueryCount(30):
            values = self._read_form(small)
        self.assertEqual(len(values["line_ids"]), 1)
        self.assertEqual(len(values["obligation_ids"]), 1)
        self.assertEqual(len(values["version_ids"]), 1)
        with self.assertQueryCount(30):
            values = self._read_form(large)
        self.assertEqual(len(values["line_ids"]), 50)
        self.assertEqual(len(values["clause_ids"]), 2)
        self.assertEqual(len(values["obligation_ids"]), 30)
        self.assertEqual(len(values["version_ids"]), 5)
