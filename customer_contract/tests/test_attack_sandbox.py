# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Clause placeholders render in Odoo's sandbox, never as superuser.

Library clauses follow Odoo's rule for mail templates: only the members of
"Mail Template Editor" save dynamic placeholders; the other users write the
simple fields of the contract only, rendered without evaluating code. Each
``test_probe_*`` is one attack, tried by a Contracts Manager who is not a
template editor (saving) and by a Contracts User (rendering)."""

from datetime import date

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, HttpCase, freeze_time, new_test_user, tagged
from odoo.tools import SQL, mute_logger

from .access_common import JsonRpcProbeMixin
from .test_contract_amendment import AmendmentCommon

EDITOR_GROUP = "mail.group_mail_template_editor"
SECRET = "object.env['ir.config_parameter'].get_param('database.secret')"
SAVE_REFUSED = (
    r'The clause "%s" uses placeholders that only the members of the group '
    r'"Mail Template Editor" may write\. Use only the simple placeholders'
)
RENDER_REFUSED = (
    r'The clause "Legacy" cannot be rendered for contract .*Maintenance 2027: '
    r"it uses placeholders that were not saved by a member of the group "
    r'"Mail Template Editor"\. Ask a template editor to review and save the clause'
)


class SandboxCommon(AmendmentCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Clause = cls.env["customer.contract.clause"]
        cls.editor = new_test_user(
            cls.env,
            login="clause_editor",
            name="Eddie Editor",
            groups="customer_contract.customer_contract_group_manager," + EDITOR_GROUP,
        )
        # A library clause stating the dates and the value, written by a
        # template editor (format_amount is an expression, not a field).
        cls.clause_term = cls.Clause.with_user(cls.editor).create(
            {
                "name": "Term and Price",
                "sequence": 3,
                "category": "term",
                "body": '<p>From <t t-out="object.date_start"/> to '
                '<t t-out="object.date_end"/>, for '
                '<t t-out="format_amount(object.amount_untaxed, '
                'object.currency_id)"/>.</p>',
            }
        )
        # A clause of a manager who is not a template editor: simple fields.
        cls.clause_simple = cls.Clause.with_user(cls.contract_manager).create(
            {
                "name": "Simple terms",
                "sequence": 4,
                "body": '<p>Contract <t t-out="object.reference"/> with '
                '<t t-out="object.partner_id.name"/> ends on '
                '<t t-out="object.date_end"/>.</p>',
            }
        )
        cls.template.write(
            {"clause_ids": [Command.link(cls.clause_term.id)]},
        )

    def _clause_lines_with(self, text):
        return self.env["customer.contract.clause.line"].search_count(
            [("body", "ilike", text)]
        )


@tagged("post_install", "-at_install")
class TestAttackSandbox(SandboxCommon):
    """Each probe: refused on save for a manager who is not a template editor
    (create and write), and refused on render for a contract user when the
    clause was not saved by a template editor (e.g. saved before this rule):
    nothing saved, nothing rendered."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # A clause saved before the rule applied, by someone who was not a
        # template editor: its text is not trusted.
        cls.legacy = cls.Clause.create(
            {"name": "Legacy", "body": "<p>Harmless for now.</p>"}
        )
        cls.legacy_template = cls.env["customer.contract.template"].create(
            {"name": "Legacy Agreement", "clause_ids": [Command.set(cls.legacy.ids)]}
        )
        cls.legacy_type = cls.env["customer.contract.type"].create(
            {"name": "Legacy", "code": "LEG", "template_id": cls.legacy_template.id}
        )

    def setUp(self):
        super().setUp()
        self.assertFalse(self.contract_manager.has_group(EDITOR_GROUP))
        self.assertFalse(self.contract_user.has_group(EDITOR_GROUP))

    def _plant_legacy(self, body):
        """Give the legacy clause ``body`` as if a non-editor had saved it
        before the rule: straight in the database, as old data is."""
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "UPDATE customer_contract_clause SET body = %s, "
                "body_by_editor = FALSE WHERE id = %s",
                body,
                self.legacy.id,
            )
        )
        self.legacy.invalidate_recordset()
        self.assertEqual(self.legacy.body, body)
        self.assertFalse(self.legacy.body_by_editor)

    def _probe(self, body, leak=None):
        """``body`` is refused on save by a manager who is not a template
        editor, and on render by a contract user; nothing is saved or
        rendered (``leak``: a text that must appear nowhere)."""
        clauses = self.Clause.with_context(active_test=False)
        count = clauses.search_count([])
        simple_body = self.clause_simple.body
        as_manager = self.Clause.with_user(self.contract_manager)
        # 1. Save: a new clause, or the text of an existing one.
        with self.assertRefused(AccessError, SAVE_REFUSED % "Probe"):
            as_manager.create({"name": "Probe", "body": body})
        with self.assertRefused(AccessError, SAVE_REFUSED % "Simple terms"):
            self.clause_simple.with_user(self.contract_manager).write({"body": body})
        self.env.invalidate_all()
        self.assertEqual(clauses.search_count([]), count)
        self.assertFalse(clauses.search_count([("name", "=", "Probe")]))
        self.assertEqual(self.clause_simple.body, simple_body)
        self.assertFalse(self.clause_simple.body_by_editor)
        # 2. Render: a clause with that text, not saved by a template editor.
        self._plant_legacy(body)
        contracts = self.env["customer.contract"].search_count([])
        lines = self.env["customer.contract.clause.line"].search_count([])
        with mute_logger("odoo.addons.mail.models.mail_render_mixin"):
            with self.assertRefused(UserError, RENDER_REFUSED):
                self._create_contract(type_id=self.legacy_type.id)
        self.assertEqual(self.env["customer.contract"].search_count([]), contracts)
        # An existing draft whose clauses are refreshed keeps them.
        draft = self._create_contract()
        bodies = draft.clause_ids.mapped("body")
        lines = self.env["customer.contract.clause.line"].search_count([])
        with self.assertRefused(UserError, RENDER_REFUSED):
            draft.write({"template_id": self.legacy_template.id})
        self.env.invalidate_all()
        self.assertEqual(draft.template_id, self.template)
        self.assertEqual(draft.clause_ids.mapped("body"), bodies)
        self.assertEqual(
            self.env["customer.contract.clause.line"].search_count([]), lines
        )
        if leak:
            self.assertFalse(self._clause_lines_with(leak))

    def test_probe_database_secret(self):
        secret = self.env["ir.config_parameter"].get_param("database.secret")
        self._probe(f'<p><t t-out="{SECRET}"/></p>', leak=secret)

    def test_probe_object_env(self):
        self._probe('<p><t t-out="object.env"/></p>', leak="Environment")

    def test_probe_import(self):
        self._probe("<p><t t-out=\"__import__('os').getcwd()\"/></p>")

    def test_probe_dunder_class(self):
        self._probe('<p><t t-out="object.__class__.__name__"/></p>')

    def test_probe_cursor(self):
        self._probe('<p><t t-out="object._cr.dbname"/></p>', leak=self.env.cr.dbname)

    def test_probe_sudo(self):
        self._probe(
            "<p><t t-out=\"object.sudo().env['res.users'].search([]).mapped("
            "'login')\"/></p>",
            leak="clause_editor",
        )

    def test_probe_with_user(self):
        self._probe(
            "<p><t t-out=\"object.with_user(1).env['ir.config_parameter']"
            ".get_param('database.uuid')\"/></p>"
        )

    def test_probe_getattr(self):
        self._probe("<p><t t-out=\"getattr(object, 'env')\"/></p>")

    def test_probe_globals(self):
        self._probe('<p><t t-out="format_amount.__globals__"/></p>')

    def test_probe_format_string(self):
        self._probe("<p><t t-out=\"'{0.env}'.format(object)\"/></p>")

    def test_probe_render_variables(self):
        # Other variables of the rendering context: user, ctx, env.
        self._probe(
            "<p><t t-out=\"user.env['ir.config_parameter'].get_param("
            "'database.secret')\"/></p>"
        )

    def test_probe_allowed_prefix_with_tail(self):
        # A simple field followed by code is not a simple field.
        self._probe(f'<p><t t-out="object.partner_id.name or {SECRET}"/></p>')

    def test_probe_directive_set(self):
        self._probe(
            f'<p><t t-set="secret" t-value="{SECRET}"/>'
            '<t t-out="object.partner_id.name"/></p>'
        )

    def test_probe_directive_attribute(self):
        self._probe(f'<p><a t-att-href="{SECRET}">link</a></p>')

    def test_probe_directive_call(self):
        self._probe('<p><t t-call="web.external_layout"/></p>')

    def test_probe_directive_foreach(self):
        self._probe(
            '<p><t t-foreach="object.env[\'res.users\'].search([])" t-as="u">'
            '<t t-out="u.login"/></t></p>'
        )

    def test_probe_contract_user_writes_library(self):
        """A contract user does not write the clause library at all."""
        count = self.Clause.search_count([])
        body = self.clause_simple.body
        pattern = r"You are not allowed to (create|modify) 'Contract Clause'"
        with self.assertRefused(AccessError, pattern):
            self.Clause.with_user(self.contract_user).create(
                {"name": "Probe", "body": f'<p><t t-out="{SECRET}"/></p>'}
            )
        with self.assertRefused(AccessError, pattern):
            self.clause_simple.with_user(self.contract_user).write(
                {"body": f'<p><t t-out="{SECRET}"/></p>'}
            )
        self.env.invalidate_all()
        self.assertEqual(self.Clause.search_count([]), count)
        self.assertEqual(self.clause_simple.body, body)

    def test_probe_forged_trust(self):
        """Nobody but the superuser sets "saved by a template editor"."""
        as_manager = self.Clause.with_user(self.contract_manager)
        count = self.Clause.search_count([])
        pattern = r'"Saved by a Template Editor" of Contract Clause is set by the'
        with self.assertRefused(UserError, pattern):
            as_manager.create(
                {"name": "Probe", "body": "<p>x</p>", "body_by_editor": True}
            )
        with self.assertRefused(UserError, pattern):
            self.clause_simple.with_user(self.contract_manager).write(
                {"body_by_editor": True}
            )
        self._plant_legacy(f'<p><t t-out="{SECRET}"/></p>')
        with self.assertRefused(UserError, pattern):
            self.legacy.with_user(self.editor).write({"body_by_editor": True})
        self.env.invalidate_all()
        self.assertEqual(self.Clause.search_count([]), count)
        self.assertFalse(self.clause_simple.body_by_editor)
        self.assertFalse(self.legacy.body_by_editor)

    def test_probe_copy_of_editor_clause(self):
        """A copy does not carry the editor's approval: the manager's copy of
        a dynamic clause is refused."""
        count = self.Clause.search_count([])
        with self.assertRefused(AccessError, SAVE_REFUSED % "Term and Price"):
            self.clause_term.with_user(self.contract_manager).copy()
        self.assertEqual(self.Clause.search_count([]), count)

    def test_probe_edit_editor_clause(self):
        """The manager cannot slip code into an editor's dynamic clause, nor
        change it at all (as for a mail template)."""
        body = self.clause_term.body
        clause = self.clause_term.with_user(self.contract_manager)
        with self.assertRefused(AccessError, SAVE_REFUSED % "Term and Price"):
            clause.write({"body": body + f'<p><t t-out="{SECRET}"/></p>'})
        with self.assertRefused(AccessError, SAVE_REFUSED % "Term and Price"):
            clause.write({"body": body + "<p>One more sentence.</p>"})
        self.env.invalidate_all()
        self.assertEqual(self.clause_term.body, body)
        self.assertTrue(self.clause_term.body_by_editor)

    def test_probe_editor_clause_rendered_without_sudo(self):
        """Even a template editor's clause runs as the user who renders it:
        reading the system parameters is refused for a contract user, the
        contract is not created, no secret is rendered."""
        secret = self.env["ir.config_parameter"].get_param("database.secret")
        leaky = self.Clause.with_user(self.editor).create(
            {"name": "Leaky", "body": f'<p><t t-out="{SECRET}"/></p>'}
        )
        self.assertTrue(leaky.body_by_editor)
        self.legacy_template.write({"clause_ids": [Command.set(leaky.ids)]})
        contracts = self.env["customer.contract"].search_count([])
        with mute_logger("odoo.addons.mail.models.mail_render_mixin"):
            with self.assertRefused(
                UserError,
                r'The clause "Leaky" cannot be rendered for contract .*: You are '
                r"not allowed to access 'System Parameter'",
            ):
                self._create_contract(type_id=self.legacy_type.id)
        self.assertEqual(self.env["customer.contract"].search_count([]), contracts)
        self.assertFalse(self._clause_lines_with(secret))

    def test_probe_broken_placeholder(self):
        """A placeholder that fails names the clause and the contract."""
        broken = self.Clause.with_user(self.editor).create(
            {"name": "Broken", "body": '<p><t t-out="object.no_such_field"/></p>'}
        )
        self.legacy_template.write({"clause_ids": [Command.set(broken.ids)]})
        contracts = self.env["customer.contract"].search_count([])
        with mute_logger("odoo.addons.mail.models.mail_render_mixin"):
            with self.assertRefused(
                UserError,
                r'The clause "Broken" cannot be rendered for contract '
                r".*Maintenance 2027: .*no_such_field.*Correct the clause",
            ):
                self._create_contract(type_id=self.legacy_type.id)
        self.assertEqual(self.env["customer.contract"].search_count([]), contracts)

    def test_probe_invalid_markup(self):
        """A text that is not valid QWeb is refused on save, naming it."""
        count = self.Clause.search_count([])
        with self.assertRefused(
            UserError, r'The text of the clause "Probe" cannot be read'
        ):
            self.Clause.with_user(self.editor).create(
                {"name": "Probe", "body": '<p><t t-out="object.name("/></p>'}
            )
        self.assertEqual(self.Clause.search_count([]), count)

    @freeze_time("2027-02-15")
    def test_probe_amendment_renders_untrusted_clause(self):
        """An amendment never renders a clause not saved by a template editor:
        the change of terms is refused, the amendment is left as it was."""
        self.legacy.write(
            {"body": '<p>Until <t t-out="format_date(object.date_end)"/>.</p>'}
        )
        contract = self._signed_contract(type_id=self.legacy_type.id)
        amendment = self._amend(contract)
        body = amendment.clause_ids.body
        self.assertIn("Until 12/31/2027.", body)
        # Its text is now held as saved by someone who is not an editor.
        self.legacy.write({"body_by_editor": False})
        with self.assertRefused(UserError, RENDER_REFUSED):
            amendment.write({"date_end": "2028-12-31"})
        self.env.invalidate_all()
        self.assertEqual(amendment.date_end, date(2027, 12, 31))
        self.assertEqual(amendment.clause_ids.body, body)


@tagged("post_install", "-at_install")
class TestSandboxRendering(SandboxCommon):
    """What holds for the users who write and render clauses."""

    def test_editor_clause_renders_for_plain_user(self):
        contract = self._create_contract()
        self.assertEqual(contract.env.user, self.contract_user)
        term = contract.clause_ids.filtered(lambda c: c.clause_id == self.clause_term)
        self.assertIn("From 2027-01-01 to 2027-12-31, for $&nbsp;200.00.", term.body)
        self.assertNotIn("t-out", term.body)
        self.assertEqual(term.review_state, "library")
        self.assertTrue(self.clause_term.body_by_editor)

    def test_simple_placeholders_for_non_editor(self):
        """A manager who is not a template editor writes simple fields; they
        render, without any code being evaluated."""
        self.assertFalse(self.clause_simple.body_by_editor)
        self.template.write({"clause_ids": [Command.link(self.clause_simple.id)]})
        contract = self._create_contract()
        simple = contract.clause_ids.filtered(
            lambda c: c.clause_id == self.clause_simple
        )
        self.assertIn(
            f"Contract {contract.reference} with Azure Interior ends on 2027-12-31.",
            simple.body,
        )
        # The manager may edit it, keeping to simple fields.
        self.clause_simple.with_user(self.contract_manager).write(
            {"body": '<p>Signed by <t t-out="object.signatory_id.name"/>.</p>'}
        )
        contract.action_refresh_clauses()
        simple = contract.clause_ids.filtered(
            lambda c: c.clause_id == self.clause_simple
        )
        self.assertIn("Signed by Brandon Freeman.", simple.body)

    @freeze_time("2027-02-15")
    def test_amendment_renders_library_clauses_again(self):
        contract = self._signed_contract()
        line = contract.line_ids
        amendment = self._amend(contract)
        term = amendment.clause_ids.filtered(lambda c: c.clause_id == self.clause_term)
        self.assertIn("From 2027-01-01 to 2027-12-31, for $&nbsp;200.00.", term.body)
        self.assertFalse(amendment.has_changes)
        # New terms: one more year at a higher price.
        amendment.write(
            {
                "date_end": "2028-12-31",
                "line_ids": [
                    Command.update(amendment.line_ids.id, {"price_unit": 150.0})
                ],
            }
        )
        self.assertEqual(amendment.line_ids.origin_line_id, line)
        self.assertIn("From 2027-01-01 to 2028-12-31, for $&nbsp;300.00.", term.body)
        self.assertEqual(term.review_state, "library")
        self.assertFalse(amendment.clause_review_count)
        # The comparison shows the clause change before the signature.
        diff = amendment._diff_terms(contract._get_terms(), amendment._get_terms())
        changed = [c for c in diff["clauses"] if c["name"] == "Term and Price"]
        self.assertEqual(changed[0]["status"], "changed")
        self.assertIn("2028", changed[0]["comparison"])
        self.assertIn("Term and Price", str(amendment.diff_html))
        # Signed and applied: the contract's clause states the new terms.
        self._sign_amendment(amendment)
        self._apply(amendment, user=self.contract_user)
        clause = contract.clause_ids.filtered(lambda c: c.clause_id == self.clause_term)
        self.assertIn("From 2027-01-01 to 2028-12-31, for $&nbsp;300.00.", clause.body)
        self.assertEqual(clause.review_state, "library")
        # The previous version keeps the previous text.
        previous = contract.version_ids.clause_ids.filtered(
            lambda c: c.name == "Term and Price"
        )
        self.assertIn(
            "From 2027-01-01 to 2027-12-31, for $&nbsp;200.00.", previous.body
        )

    @freeze_time("2027-02-15")
    def test_amendment_form_renders_library_clauses_again(self):
        """Through the form, as the web client saves it."""
        contract = self._signed_contract()
        action = contract.with_user(self.contract_user).action_amend()
        with Form.from_action(
            contract.with_user(self.contract_user).env, action
        ) as form:
            form.reason = "One more year"
            form.date_effective = date(2027, 3, 1)
            form.date_end = date(2028, 12, 31)
            with form.line_ids.edit(0) as line:
                line.quantity = 3
            # Shown in the form before it is saved.
            self.assertIn("2028-12-31", str(form.diff_html))
            # The new amount, word by word against the current one.
            self.assertIn("<added>300.00</added>", str(form.diff_html))
        amendment = form.record
        term = amendment.clause_ids.filtered(lambda c: c.clause_id == self.clause_term)
        self.assertIn("From 2027-01-01 to 2028-12-31, for $&nbsp;300.00.", term.body)
        self.assertEqual(term.review_state, "library")
        self.assertIn("2028-12-31", str(amendment.diff_html))

    @freeze_time("2027-02-15")
    def test_hand_edited_clause_kept_and_flagged(self):
        contract = self._create_contract()
        term = contract.clause_ids.filtered(lambda c: c.clause_id == self.clause_term)
        term.body = "<p>For the whole of 2027, two hundred dollars.</p>"
        self.assertEqual(term.review_state, "edited")
        self._sign(contract)
        amendment = self._amend(contract)
        amendment.write(
            {
                "date_end": "2028-12-31",
                "line_ids": [
                    Command.update(amendment.line_ids.id, {"price_unit": 150.0})
                ],
            }
        )
        kept = amendment.clause_ids.filtered(lambda c: c.clause_id == self.clause_term)
        self.assertIn("For the whole of 2027, two hundred dollars.", kept.body)
        self.assertEqual(kept.review_state, "edited")
        self.assertTrue(kept.needs_review)
        self.assertEqual(amendment.clause_review_count, 1)
        # The other library clause is still as rendered (no change of its
        # placeholders: same text).
        parties = amendment.clause_ids.filtered(
            lambda c: c.clause_id == self.clause_parties
        )
        self.assertEqual(parties.review_state, "library")
        self.assertFalse(parties.needs_review)
        # An amendment clause edited by hand is kept too.
        parties.body = "<p>Binds the customer, as agreed.</p>"
        amendment.write({"date_start": "2027-01-15"})
        self.assertIn("as agreed", parties.body)
        self.assertEqual(parties.review_state, "edited")
        self.assertEqual(amendment.clause_review_count, 2)

    @freeze_time("2027-02-15")
    def test_library_text_changed_kept_and_flagged(self):
        """The wording the customer signed is not replaced by a newer library
        text behind their back: flagged instead."""
        contract = self._signed_contract()
        self.clause_term.with_user(self.editor).write(
            {"body": self.clause_term.body + "<p>Late payments bear interest.</p>"}
        )
        amendment = self._amend(contract)
        amendment.write({"date_end": "2028-12-31"})
        term = amendment.clause_ids.filtered(lambda c: c.clause_id == self.clause_term)
        self.assertIn("to 2027-12-31", term.body)
        self.assertNotIn("interest", term.body)
        self.assertEqual(term.review_state, "library_changed")
        self.assertEqual(amendment.clause_review_count, 1)

    @freeze_time("2027-12-20")
    def test_automatic_amendment_renders_clauses_again(self):
        """An amendment made by code (as the renewal does) and applied without
        signature leaves clauses stating the new dates and total."""
        contract = self._signed_contract()
        values = contract._prepare_amendment_values()
        values.update(
            {
                "date_start": "2028-01-01",
                "date_end": "2028-12-31",
                "date_effective": "2027-12-20",
                "automatic": True,
                "reason": "Renewal",
            }
        )
        values["line_ids"][0][2]["price_unit"] = 110.0
        amendment = self.env["customer.contract.amendment"].create(values)
        term = amendment.clause_ids.filtered(lambda c: c.clause_id == self.clause_term)
        self.assertIn("From 2028-01-01 to 2028-12-31, for $&nbsp;220.00.", term.body)
        amendment._submit_automatic()
        self.assertEqual(amendment.state, "applied")
        self.assertEqual(contract.date_end, date(2028, 12, 31))
        self.assertEqual(contract.amount_untaxed, 220.0)
        clauses = {c.name: c.body for c in contract.clause_ids}
        self.assertIn(
            "From 2028-01-01 to 2028-12-31, for $&nbsp;220.00.",
            clauses["Term and Price"],
        )
        self.assertIn("binds Azure Interior from 2028-01-01.", clauses["Parties"])
        self.assertIn("$&nbsp;220.00", clauses["Payment"])


@tagged("post_install", "-at_install")
class TestAttackSandboxRpc(JsonRpcProbeMixin, HttpCase):
    """The same refusal over JSON-RPC, as the web client and external clients
    call."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = new_test_user(
            cls.env,
            login="rpc_contract_manager",
            password="rpc_contract_manager",
            groups="customer_contract.customer_contract_group_manager",
        )

    def test_probe_rpc_database_secret(self):
        Clause = self.env["customer.contract.clause"].with_context(active_test=False)
        count = Clause.search_count([])
        self.authenticate("rpc_contract_manager", "rpc_contract_manager")
        refusal = self.assertRpcRefused(
            "customer.contract.clause",
            "create",
            [[{"name": "Probe", "body": f'<p><t t-out="{SECRET}"/></p>'}]],
            SAVE_REFUSED % "Probe",
        )
        self.assertEqual(refusal.name, "odoo.exceptions.AccessError")
        self.assertEqual(Clause.search_count([]), count)

    def test_probe_rpc_write_placeholder(self):
        clause = self.env["customer.contract.clause"].create(
            {"name": "Plain", "body": "<p>Plain text.</p>"}
        )
        self.authenticate("rpc_contract_manager", "rpc_contract_manager")
        self.assertRpcRefused(
            "customer.contract.clause",
            "write",
            [clause.ids, {"body": '<p><t t-out="object.env"/></p>'}],
            SAVE_REFUSED % "Plain",
        )
        clause.invalidate_recordset()
        self.assertEqual(clause.body, "<p>Plain text.</p>")
