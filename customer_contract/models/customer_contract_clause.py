# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import hashlib

from lxml import html

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import format_list

TEMPLATE_EDITOR_GROUP = "mail.group_mail_template_editor"


def text_digest(text):
    """Fingerprint of a text (a clause body, a library source)."""
    return hashlib.sha256(str(text or "").encode()).hexdigest()


class CustomerContractClause(models.Model):
    """A clause of the library: reusable text with placeholders.

    The body is a QWeb snippet rendered for one contract (``object``), e.g.
    ``<t t-out="object.partner_id.name"/>``, with Odoo's mail rendering engine,
    under Odoo's rule for mail templates (``mail.render.mixin``): only the
    members of the group "Mail Template Editor" may save dynamic placeholders;
    the other users may only use the simple fields of the contract that
    ``customer.contract.mail_allowed_qweb_expressions`` lists, which are
    rendered without evaluating any code.
    """

    _name = "customer.contract.clause"
    _description = "Contract Clause"
    _inherit = ["mail.render.mixin", "customer.contract.workflow.mixin"]
    _order = "sequence, id"
    # As for mail templates: what is saved was checked (see
    # ``_check_access_right_dynamic_template``), so it is rendered as written.
    _unrestricted_rendering = True

    name = fields.Char(string="Title", required=True, translate=True)
    sequence = fields.Integer(default=10)
    category = fields.Selection(
        [
            ("general", "General"),
            ("scope", "Scope and Deliverables"),
            ("payment", "Payment"),
            ("term", "Term and Termination"),
            ("liability", "Liability"),
            ("confidentiality", "Confidentiality"),
            ("legal", "Governing Law"),
            ("other", "Other"),
        ],
        required=True,
        default="general",
    )
    body = fields.Html(
        required=True,
        sanitize=False,
        render_engine="qweb",
        render_options={"post_process": False},
        help="Text of the clause. Placeholders are rendered per contract, e.g. "
        '<t t-out="object.partner_id.name"/>, <t t-out="object.date_start"/>; '
        "Mail Template Editors may also use expressions, e.g. "
        '<t t-out="format_amount(object.amount_total, object.currency_id)"/>.',
    )
    body_by_editor = fields.Boolean(
        string="Saved by a Template Editor",
        readonly=True,
        copy=False,
        help="The text was last saved by a Mail Template Editor: its dynamic "
        "placeholders are rendered for every contract user. Otherwise only the "
        "simple fields of the contract are rendered.",
    )
    company_id = fields.Many2one("res.company", index=True)
    active = fields.Boolean(default=True)
    is_template_editor = fields.Boolean(
        compute="_compute_is_template_editor",
        help="The current user may write dynamic placeholders.",
    )

    def _compute_render_model(self):
        self.render_model = "customer.contract"

    @api.depends_context("uid")
    def _compute_is_template_editor(self):
        self.is_template_editor = self._is_template_editor()

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    def _get_workflow_fields(self):
        return {
            "body_by_editor": self.env._(
                "Use the clause form: it is set when a Mail Template Editor saves "
                "the text."
            )
        }

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_workflow_fields(vals, creating=True)
            vals["body_by_editor"] = self._is_template_editor()
        with self._workflow():
            return super().create(vals_list)

    def write(self, vals):
        self._check_workflow_fields(vals)
        if "body" in vals:
            vals = dict(vals, body_by_editor=self._is_template_editor())
        with self._workflow():
            return super().write(vals)

    # ------------------------------------------------------------------
    # Placeholders (mail.render.mixin)
    # ------------------------------------------------------------------
    @api.model
    def _is_template_editor(self):
        """Whether the current user may save dynamic placeholders."""
        return self.env.su or self.env.user.has_group(TEMPLATE_EDITOR_GROUP)

    @api.model
    def _get_allowed_placeholders(self):
        """The placeholders any user may write (rendered without evaluation),
        among the fields of a contract."""
        contracts = self.env["customer.contract"]
        allowed = []
        for expression in contracts.mail_allowed_qweb_expressions():
            model, path = contracts, expression.split(".")[1:]
            for fname in path:
                field = model._fields.get(fname)
                if field is None:
                    break
                model = self.env[field.comodel_name] if field.relational else model
            else:
                if expression not in allowed:
                    allowed.append(expression)
        return allowed

    def _has_unsafe_expression(self):
        """Only the body is rendered: it alone decides (see mail.render.mixin)."""
        for clause in self.sudo():
            if clause._body_has_unsafe_expression():
                return True
        return False

    def _body_has_unsafe_expression(self):
        """Whether the body uses anything but the allowed placeholders
        (``mail.render.mixin``'s restricted mode decides).

        :raise UserError: the body is not valid HTML
        """
        self.ensure_one()
        try:
            return self._has_unsafe_expression_template_qweb(
                self.body, self.render_model, "body"
            )
        except Exception as error:  # noqa: BLE001 - any parsing failure
            raise self._unreadable_body_error(error) from error

    def _check_body_compiles(self):
        """Refuse a body that cannot be rendered at all (compiled, never run).

        :raise UserError: naming the clause
        """
        for clause in self.filtered("body"):
            try:
                self.env["ir.qweb"]._generate_code(
                    html.fragment_fromstring(clause.body, create_parent="div")
                )
            except Exception as error:  # noqa: BLE001 - any compilation failure
                raise clause._unreadable_body_error(error) from error

    def _unreadable_body_error(self, error):
        return UserError(
            self.env._(
                'The text of the clause "%(clause)s" cannot be read: %(error)s. '
                "Correct its placeholders.",
                clause=self.name,
                error=(str(error).splitlines() or [repr(error)])[0],
            )
        )

    def _check_access_right_dynamic_template(self):
        """Refuse dynamic placeholders saved by a user who is not a template
        editor, naming the clause (called by mail.render.mixin's create and
        write, as for mail templates)."""
        if self._is_template_editor():
            self._check_body_compiles()
            return
        group = self.env.ref(TEMPLATE_EDITOR_GROUP)
        for clause in self:
            if clause._body_has_unsafe_expression():
                raise AccessError(
                    self.env._(
                        'The clause "%(clause)s" uses placeholders that only the '
                        'members of the group "%(group)s" may write. Use only the '
                        "simple placeholders %(allowed)s, for example "
                        '<t t-out="object.partner_id.name"/>, or ask a template '
                        "editor to write the clause.",
                        clause=clause.name,
                        group=group.name,
                        allowed=format_list(self.env, self._get_allowed_placeholders()),
                    )
                )

    def _check_renderable(self, contracts):
        """Refuse to render a clause whose dynamic placeholders were not saved
        by a template editor (e.g. written before this rule applied)."""
        for clause in self:
            if not clause.body_by_editor and clause._body_has_unsafe_expression():
                raise UserError(
                    self.env._(
                        'The clause "%(clause)s" cannot be rendered for contract '
                        "%(contract)s: it uses placeholders that were not saved by a "
                        'member of the group "%(group)s". Ask a template editor '
                        "to review and save the clause in the clause library.",
                        clause=clause.name,
                        contract=contracts[:1].display_name,
                        group=self.env.ref(TEMPLATE_EDITOR_GROUP).name,
                    )
                )

    def _render_body(self, contracts):
        """The body rendered for each of ``contracts`` (real or new records),
        as the current user, never as superuser.

        :return: {contract id: rendered body}
        :raise UserError: naming the clause and the contract, when a
            placeholder is forbidden or fails
        """
        self.ensure_one()
        clause = self.sudo(False)
        contracts = contracts.sudo(False)
        clause._check_renderable(contracts)
        rendered = {}
        for contract in contracts:
            try:
                rendered.update(
                    clause.with_env(contract.env)._render_field(
                        "body", [contract.id], engine="qweb"
                    )
                )
            except Exception as error:  # noqa: BLE001 - any rendering failure
                cause = error
                while cause.__cause__ is not None:
                    cause = cause.__cause__
                raise UserError(
                    self.env._(
                        'The clause "%(clause)s" cannot be rendered for contract '
                        "%(contract)s: %(error)s. Correct the clause in the clause "
                        "library.",
                        clause=clause.name,
                        contract=contract.display_name,
                        error=(str(cause).splitlines() or [repr(cause)])[0],
                    )
                ) from error
        return rendered
