# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Domain
from odoo.tools import format_date, format_list

from .customer_contract_line_mixin import check_finite_numbers

# Fields of an amendment holding the proposed terms: editable while it is a
# draft only.
AMENDMENT_TERM_FIELDS = (
    "contract_name",
    "signatory_id",
    "type_id",
    "date_effective",
    "date_start",
    "date_end",
    "line_ids",
    "clause_ids",
)
AMENDABLE_STATES = ("signed", "active")
# Amounts computed from the lines, on a line and on a document.
LINE_AMOUNT_FIELDS = ("price_subtotal", "price_tax", "price_total")
AMOUNT_FIELDS = ("amount_untaxed", "amount_tax", "amount_total")
# Fields of a new amendment copied from the contract when not given.
AMENDMENT_COPIED_FIELDS = frozenset(
    ("contract_id", "contract_name", "signatory_id", "type_id")
    + ("date_start", "date_end", "line_ids", "clause_ids")
)


class CustomerContractAmendment(models.Model):
    _name = "customer.contract.amendment"
    _description = "Contract Amendment"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "customer.contract.terms.mixin",
        # the workflow-owned fields and crons, and the online signature
        "customer.contract.signature.mixin",
    ]
    _order = "contract_id, number desc, id desc"
    _check_company_auto = True
    _rec_names_search = ["contract_id", "reason"]

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------
    contract_id = fields.Many2one(
        "customer.contract",
        required=True,
        index=True,
        # Goes with its contract, which nobody deletes once it has amendments
        # (customer.contract._unlink_except_history): only uninstalling does.
        ondelete="cascade",
        tracking=True,
        check_company=True,
        domain="[('state', 'in', ('signed', 'active'))]",
    )
    number = fields.Integer(aggregator=False, readonly=True, copy=False, index=True)
    reference = fields.Char(related="contract_id.reference", string="Contract Ref.")
    company_id = fields.Many2one(
        related="contract_id.company_id", store=True, precompute=True, index=True
    )
    currency_id = fields.Many2one(related="contract_id.currency_id")
    pricelist_id = fields.Many2one(related="contract_id.pricelist_id")
    partner_id = fields.Many2one(
        related="contract_id.partner_id", store=True, string="Customer"
    )
    commercial_partner_id = fields.Many2one(
        related="contract_id.commercial_partner_id", store=True, index=True
    )
    user_id = fields.Many2one(
        "res.users",
        string="Owner",
        default=lambda self: self.env.user,
        tracking=True,
        domain="[('share', '=', False)]",
    )
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("signed", "Signed"),
            ("applied", "Applied"),
            ("cancelled", "Cancelled"),
        ],
        string="Status",
        default="draft",
        required=True,
        readonly=True,
        copy=False,
        index=True,
        tracking=True,
    )
    reason = fields.Text(tracking=True, help="Why the contract is amended.")
    date_effective = fields.Date(
        string="Effective Date",
        required=True,
        tracking=True,
        help="Date from which the amended terms apply, within the term of the "
        "contract. By default, today, or the start date of a contract that has "
        "not started yet.",
    )
    base_version = fields.Integer(
        string="Amends Version",
        aggregator=False,
        readonly=True,
        copy=False,
        help="Version of the contract this amendment was drafted against: it "
        "can only be applied while the contract is still at this version.",
    )
    is_effective = fields.Boolean(
        compute="_compute_is_effective",
        help="Its effective date has come: once signed, it can be applied.",
    )
    is_stale = fields.Boolean(
        compute="_compute_is_stale",
        help="The contract was amended since this amendment was drafted.",
    )
    # Proposed terms (a copy of the current ones to start with)
    contract_name = fields.Char(string="Title", tracking=True)
    signatory_id = fields.Many2one(
        "res.partner",
        string="Customer Signatory",
        tracking=True,
        check_company=True,
        domain="[('commercial_partner_id', '=', commercial_partner_id)]",
    )
    type_id = fields.Many2one(
        "customer.contract.type",
        string="Contract Type",
        tracking=True,
        check_company=True,
    )
    date_start = fields.Date(string="Start Date", tracking=True)
    date_end = fields.Date(string="End Date", tracking=True)
    line_ids = fields.One2many(
        "customer.contract.amendment.line", "amendment_id", copy=True
    )
    clause_ids = fields.One2many(
        "customer.contract.amendment.clause", "amendment_id", copy=True
    )
    amount_untaxed = fields.Monetary(
        string="Untaxed Amount", compute="_compute_amounts", store=True
    )
    amount_tax = fields.Monetary(string="Taxes", compute="_compute_amounts", store=True)
    amount_total = fields.Monetary(
        string="Total", compute="_compute_amounts", store=True
    )
    amount_base = fields.Monetary(
        string="Current Value",
        readonly=True,
        copy=False,
        help="Untaxed value of the contract when the amendment was drafted.",
    )
    amount_delta = fields.Monetary(
        string="Change in Value",
        compute="_compute_amount_delta",
        store=True,
        help="Untaxed value of the proposed terms minus the current value.",
    )
    amount_delta_percent = fields.Float(
        string="Change in Value (%)",
        aggregator=False,
        compute="_compute_amount_delta",
        store=True,
        digits=(16, 2),
    )
    diff_html = fields.Html(
        string="Changes",
        compute="_compute_diff_html",
        sanitize=False,
        help="What the amendment changes in the terms it amends.",
    )
    has_changes = fields.Boolean(compute="_compute_diff_html")
    signature_missing = fields.Char(
        compute="_compute_signature_missing",
        help="What the amendment still lacks to be signed (or sent for approval).",
    )
    clause_review_count = fields.Integer(
        compute="_compute_clause_review_count",
        help="Clauses of the library edited by hand (or whose library text "
        "changed): they are not rendered again for the proposed terms.",
    )
    # Signature
    signed_by = fields.Char(
        string="Signed By (Customer)", readonly=True, copy=False, tracking=True
    )
    company_signatory_id = fields.Many2one(
        "res.users",
        string="Signed By (Company)",
        readonly=True,
        copy=False,
        tracking=True,
    )
    date_signed = fields.Date(string="Signature Date", readonly=True, copy=False)
    signed_attachment_id = fields.Many2one(
        "ir.attachment", string="Signed Document", readonly=True, copy=False
    )
    automatic = fields.Boolean(
        readonly=True,
        copy=False,
        help="Made under the contract's own terms (e.g. an automatic renewal): "
        "it applies without a new signature.",
    )
    # Application
    applied_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    date_applied = fields.Datetime(string="Applied On", readonly=True, copy=False)
    version_id = fields.Many2one(
        "customer.contract.version",
        string="Replaced Version",
        readonly=True,
        copy=False,
        help="The terms this amendment replaced, frozen when it was applied.",
    )

    _number_uniq = models.Constraint(
        "UNIQUE(contract_id, number)",
        "An amendment with this number already exists for this contract.",
    )

    # ------------------------------------------------------------------
    # Compute
    # ------------------------------------------------------------------
    @api.depends("contract_id.reference", "number")
    def _compute_display_name(self):
        for amendment in self:
            if amendment.number:
                amendment.display_name = self.env._(
                    "Amendment No. %(number)s to %(reference)s",
                    number=amendment.number,
                    reference=amendment.contract_id.reference,
                )
            else:
                amendment.display_name = self.env._("New Amendment")

    @api.depends("date_effective")
    @api.depends_context("tz")
    def _compute_is_effective(self):
        today = fields.Date.context_today(self)
        for amendment in self:
            amendment.is_effective = (
                bool(amendment.date_effective) and amendment.date_effective <= today
            )

    @api.depends("base_version", "contract_id.version_number", "state")
    def _compute_is_stale(self):
        for amendment in self:
            amendment.is_stale = (
                amendment.state in ("draft", "signed")
                and bool(amendment.contract_id)
                # Not saved yet: it is drafted against the current terms.
                and bool(amendment._origin.id)
                and amendment.base_version != amendment.contract_id.version_number
            )

    @api.depends(
        "line_ids.price_subtotal",
        "line_ids.price_total",
        "currency_id",
        "company_id",
    )
    def _compute_amounts(self):
        for amendment in self:
            amendment.update(
                amendment.line_ids._get_amounts(
                    amendment.currency_id, amendment.company_id or self.env.company
                )
            )

    @api.depends("amount_untaxed", "amount_base")
    def _compute_amount_delta(self):
        for amendment in self:
            amendment.amount_delta = amendment.amount_untaxed - amendment.amount_base
            amendment.amount_delta_percent = (
                amendment.amount_delta / amendment.amount_base * 100
                if amendment.amount_base
                else 0.0
            )

    @api.depends(
        "state",
        "contract_name",
        "signatory_id",
        "type_id",
        "date_start",
        "date_end",
        "line_ids",
        "line_ids.product_id",
        "line_ids.name",
        "line_ids.quantity",
        "line_ids.price_unit",
        "line_ids.discount",
        "line_ids.tax_ids",
        "clause_ids",
        "clause_ids.name",
        "clause_ids.body",
        "amount_untaxed",
        "contract_id",
        "version_id",
    )
    def _compute_diff_html(self):
        for amendment in self:
            old = amendment._get_amended_terms_source()
            if not old:
                amendment.diff_html = False
                amendment.has_changes = False
                continue
            old_terms, new_terms = old._get_terms(), amendment._get_terms()
            amendment.has_changes = amendment._diff_terms(old_terms, new_terms)[
                "has_changes"
            ]
            amendment.diff_html = amendment._render_terms_diff(old_terms, new_terms)

    @api.depends("clause_ids.needs_review")
    def _compute_clause_review_count(self):
        for amendment in self:
            amendment.clause_review_count = len(
                amendment.clause_ids.filtered("needs_review")
            )

    def _get_amended_terms_source(self):
        """The terms this amendment changes: the frozen version once applied,
        the contract's current terms before."""
        self.ensure_one()
        if self.state == "applied" and self.version_id:
            return self.version_id
        return self.contract_id

    # ------------------------------------------------------------------
    # Terms (customer.contract.terms.mixin)
    # ------------------------------------------------------------------
    def _get_terms_field_map(self):
        field_map = super()._get_terms_field_map()
        field_map["name"] = "contract_name"
        return field_map

    def _get_terms_label(self):
        return self.display_name

    def _get_line_terms_key(self, line):
        if line.origin_line_id:
            return line.origin_line_id.id
        return f"amendment-line-{line.id or line._origin.id or id(line)}"

    def _get_clause_terms_key(self, clause):
        if clause.origin_clause_id:
            return clause.origin_clause_id.id
        return f"amendment-clause-{clause.id or clause._origin.id or id(clause)}"

    # ------------------------------------------------------------------
    # Constraints and onchange
    # ------------------------------------------------------------------
    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for amendment in self:
            if (
                amendment.date_start
                and amendment.date_end
                and amendment.date_end < amendment.date_start
            ):
                raise ValidationError(
                    self.env._(
                        "%(amendment)s ends the contract on %(end)s, before it starts "
                        "on %(start)s: set an end date after the start date.",
                        amendment=amendment.display_name,
                        end=format_date(self.env, amendment.date_end),
                        start=format_date(self.env, amendment.date_start),
                    )
                )

    @api.constrains("date_effective", "date_start", "date_end")
    def _check_date_effective(self):
        for amendment in self:
            if (
                amendment.date_start
                and amendment.date_end
                and amendment.date_end < amendment.date_start
            ):
                continue  # no term at all: see _check_dates
            start, end = amendment._get_effective_date_bounds()
            date = amendment.date_effective
            if date and ((start and date < start) or (end and date > end)):
                raise ValidationError(amendment._get_outside_term_message(start, end))

    def _get_effective_date_bounds(self):
        """First and last days on which the amendment may take effect: within
        the term of the contract, as it stands or as amended (e.g. a renewal
        takes effect on the first day of the next term).

        :return: (date or None, date or None), None for no limit
        """
        self.ensure_one()
        contract = self.contract_id
        starts = [d for d in (contract.date_start, self.date_start) if d]
        start = min(starts) if starts else None
        ends = [contract.date_end, self.date_end]
        # No end date on either side: no limit.
        end = max(ends) if all(ends) else None
        return start, end

    def _get_outside_term_message(self, start, end):
        """Why the effective date is refused: outside the term from ``start``
        to ``end`` (either may be None). One whole sentence per case, for the
        translators."""
        self.ensure_one()
        params = {
            "amendment": self.display_name,
            "date": format_date(self.env, self.date_effective),
            "start": format_date(self.env, start) if start else "",
            "end": format_date(self.env, end) if end else "",
        }
        if start and end:
            return self.env._(
                "%(amendment)s takes effect on %(date)s, outside the term of the "
                "contract (from %(start)s to %(end)s): choose an effective date "
                "within that term.",
                **params,
            )
        if start:
            return self.env._(
                "%(amendment)s takes effect on %(date)s, outside the term of the "
                "contract (from %(start)s, with no end date): choose an effective "
                "date within that term.",
                **params,
            )
        return self.env._(
            "%(amendment)s takes effect on %(date)s, outside the term of the "
            "contract (until %(end)s): choose an effective date within that term.",
            **params,
        )

    @api.model
    def _default_date_effective(self, contract, date_start=None):
        """Default effective date of an amendment of ``contract``: today, or
        the start of its term when it has not started yet.

        :param date_start: start of the proposed term (default: the
            contract's)
        """
        today = fields.Date.context_today(self)
        start = fields.Date.to_date(date_start) or contract.date_start
        return max(today, start) if start else today

    @api.constrains("signatory_id", "contract_id")
    def _check_signatory(self):
        for amendment in self:
            signatory = amendment.signatory_id
            if (
                signatory
                and signatory.commercial_partner_id
                != amendment.contract_id.commercial_partner_id
            ):
                raise ValidationError(
                    self.env._(
                        "The signatory %(signatory)s does not belong to the customer "
                        "%(customer)s.",
                        signatory=signatory.display_name,
                        customer=amendment.contract_id.commercial_partner_id.display_name,
                    )
                )

    @api.onchange("contract_id")
    def _onchange_contract_id(self):
        if self.contract_id and self.state == "draft":
            contract = self.contract_id
            values = contract._prepare_amendment_values()
            values.pop("contract_id")
            if not self._origin.id:
                # Drafted against the current terms (set again on save).
                values["base_version"] = contract.version_number
                values["amount_base"] = contract.amount_untaxed
            if not self.date_effective:
                values["date_effective"] = self._default_date_effective(contract)
            self.update(
                {
                    **values,
                    "line_ids": [fields.Command.clear()] + values["line_ids"],
                    "clause_ids": [fields.Command.clear()] + values["clause_ids"],
                }
            )

    @api.onchange(
        "contract_name", "signatory_id", "type_id", "date_start", "date_end", "line_ids"
    )
    def _onchange_terms_render_clauses(self):
        # Shown in the form as the terms are edited; saving does it anyway.
        if self.contract_id:
            self._render_library_clauses()

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    def _get_workflow_fields(self):
        fields_by_action = super()._get_workflow_fields()
        buttons = self.env._(
            "Use the buttons of the amendment (Mark as Signed, Apply, Cancel, Set "
            "to Draft)."
        )
        sign = self.env._("Use the Mark as Signed button of the amendment.")
        apply = self.env._("Use the Apply button of the amendment.")
        drafted = self.env._(
            "Use a new amendment of the contract (Amend): it is numbered and based "
            "on the current terms when drafted."
        )
        fields_by_action.update(
            {
                "state": buttons,
                "number": drafted,
                "base_version": drafted,
                "amount_base": drafted,
                "automatic": self.env._(
                    "Use the contract's own terms (only the system makes automatic "
                    "amendments, e.g. a renewal)."
                ),
                "date_signed": sign,
                "signed_by": sign,
                "company_signatory_id": sign,
                "signed_attachment_id": sign,
                "applied_by_id": apply,
                "date_applied": apply,
                "version_id": apply,
            }
        )
        # Computed from the proposed lines: the approval rules compare them,
        # nobody sets them by hand.
        fields_by_action.update(
            dict.fromkeys(
                (
                    "amount_untaxed",
                    "amount_tax",
                    "amount_total",
                    "amount_delta",
                    "amount_delta_percent",
                ),
                self.env._(
                    "Use the proposed lines of the amendment (its amounts are computed "
                    "from them)."
                ),
            )
        )
        return fields_by_action

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_workflow_fields(vals, creating=True)
        contracts = self.env["customer.contract"].browse(
            [vals.get("contract_id") for vals in vals_list]
        )
        for vals, contract in zip(vals_list, contracts, strict=True):
            check_finite_numbers(
                self,
                vals,
                lambda contract=contract: self.env._(
                    "New amendment to %(contract)s", contract=contract.display_name
                ),
            )
        contracts._check_amendable()
        # Two amendments drafted at the same moment: the second waits here,
        # then is run again on the numbers the first one gave.
        contracts._lock_rows()
        next_numbers = contracts._get_next_amendment_numbers()
        for vals, contract in zip(vals_list, contracts, strict=True):
            # The proposed terms start as a copy of the current ones.
            if not AMENDMENT_COPIED_FIELDS <= set(vals):
                for fname, value in contract._prepare_amendment_values().items():
                    vals.setdefault(fname, value)
            if not vals.get("date_effective"):
                vals["date_effective"] = self._default_date_effective(
                    contract, vals.get("date_start")
                )
            vals["number"] = next_numbers[contract.id]
            next_numbers[contract.id] += 1
            vals["base_version"] = contract.version_number
            vals["amount_base"] = contract.amount_untaxed
        contracts.browse(list(next_numbers))._set_last_amendment_numbers(
            {contract_id: number - 1 for contract_id, number in next_numbers.items()}
        )
        amendments = super().create(vals_list)
        amendments._render_library_clauses()
        return amendments

    def write(self, vals):
        check_finite_numbers(self, vals, lambda: self[:1].display_name)
        self._check_workflow_fields(vals)
        if set(vals) & set(self._get_amendment_term_fields()):
            self._check_terms_editable()
        if "contract_id" in vals and any(
            amendment.contract_id.id != vals["contract_id"] for amendment in self
        ):
            raise UserError(
                self.env._(
                    "An amendment belongs to the contract it was drafted for: "
                    "create a new amendment for another contract."
                )
            )
        res = super().write(vals)
        if set(vals) & set(self._get_amendment_term_fields()):
            self._render_library_clauses()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_draft(self):
        for amendment in self:
            if amendment.state not in ("draft", "cancelled"):
                raise UserError(
                    self.env._(
                        "%(amendment)s is %(state)s: only draft or cancelled "
                        "amendments can be deleted.",
                        amendment=amendment.display_name,
                        state=amendment._state_label(),
                    )
                )

    # ------------------------------------------------------------------
    # Checks
    # ------------------------------------------------------------------
    def _get_amendment_term_fields(self):
        """Fields holding the proposed terms (extension point)."""
        return AMENDMENT_TERM_FIELDS

    def _state_label(self):
        self.ensure_one()
        return dict(self._fields["state"]._description_selection(self.env))[self.state]

    def _get_editable_states(self):
        """States in which the proposed terms can be edited (extension point)."""
        return ("draft",)

    def _get_signable_states(self):
        """States from which an amendment can be signed (extension point)."""
        return ("draft",)

    def _check_terms_editable(self):
        self._check_sign_terms_editable()
        for amendment in self:
            if amendment.state not in self._get_editable_states():
                raise UserError(
                    self.env._(
                        "%(amendment)s is %(state)s: its terms can no longer be "
                        "edited. Cancel it and draft a new amendment.",
                        amendment=amendment.display_name,
                        state=amendment._state_label(),
                    )
                )

    def _check_state(self, allowed, action):
        for amendment in self:
            if amendment.state not in allowed:
                raise UserError(
                    self.env._(
                        '%(amendment)s is %(state)s: "%(action)s" is not possible '
                        "in this state.",
                        amendment=amendment.display_name,
                        state=amendment._state_label(),
                        action=action,
                    )
                )

    def _check_not_stale(self):
        for amendment in self:
            contract = amendment.contract_id
            if amendment.base_version != contract.version_number:
                raise UserError(
                    self.env._(
                        "%(amendment)s was drafted against version %(base)s of "
                        "contract %(contract)s, which is now at version %(current)s "
                        "after another amendment. It would overwrite those changes: "
                        "cancel it and draft a new amendment from the current terms.",
                        amendment=amendment.display_name,
                        base=amendment.base_version,
                        contract=contract.display_name,
                        current=contract.version_number,
                    )
                )

    @api.depends("reason", "signatory_id", "line_ids", "automatic", "has_changes")
    @api.depends_context("lang")
    def _compute_signature_missing(self):
        for amendment in self:
            missing = [] if amendment.automatic else amendment._get_signature_missing()
            if not amendment.automatic and not amendment.has_changes:
                missing.append(self.env._("a change to the current terms"))
            amendment.signature_missing = format_list(self.env, missing) or False

    def _get_signature_missing(self):
        """What the amendment still lacks to be signed, whatever its state
        (extension point); a review of the amendment asks for the same.

        :return: list of labels (empty when nothing is missing)
        """
        self.ensure_one()
        missing = []
        if not (self.reason or "").strip():
            missing.append(self.env._("a reason"))
        if not self.signatory_id:
            missing.append(self.env._("a customer signatory"))
        if not self.line_ids:
            missing.append(self.env._("at least one line"))
        return missing

    def _check_signable(self):
        """Checks before a signature (extension point)."""
        self._check_state(self._get_signable_states(), self.env._("Sign"))
        self.contract_id._check_amendable()
        self._check_not_stale()
        for amendment in self:
            if amendment.automatic:
                raise UserError(
                    self.env._(
                        "%(amendment)s is made under the contract's own terms: it "
                        "is put into force by the system, not signed. Cancel it "
                        "if it must not apply.",
                        amendment=amendment.display_name,
                    )
                )
            missing = amendment._get_signature_missing()
            if missing:
                raise UserError(
                    self.env._(
                        "%(amendment)s cannot be signed yet: it needs %(missing)s.",
                        amendment=amendment.display_name,
                        missing=format_list(self.env, missing),
                    )
                )
            if not amendment.has_changes:
                raise UserError(
                    self.env._(
                        "%(amendment)s changes nothing in the current terms: edit "
                        "the terms to change, or cancel it.",
                        amendment=amendment.display_name,
                    )
                )

    def _can_be_applied(self):
        """Whether each amendment may be applied now (extension point, e.g.
        for an approval).

        :return: {amendment: error message or None}
        """
        return dict.fromkeys(self)

    def _get_appliable_states(self):
        """States from which an amendment can be applied (extension point)."""
        self.ensure_one()
        return ("draft", "signed") if self.automatic else ("signed",)

    def _check_can_apply(self):
        for amendment in self:
            amendment._check_state(
                amendment._get_appliable_states(), self.env._("Apply")
            )
        self.contract_id._check_amendable()
        for error in self._can_be_applied().values():
            if error:
                raise UserError(error)

    # ------------------------------------------------------------------
    # Paper signature (Mark as Signed)
    # ------------------------------------------------------------------
    def _get_sign_wizard_context(self):
        return {"default_amendment_id": self.id}

    def _sign_paper_message(self, signed_by, date_signed, company_signatory):
        self.ensure_one()
        return self.env._(
            "Amendment signed by %(customer)s for the customer and by "
            "%(company)s on %(date)s.",
            customer=signed_by,
            company=company_signatory.name,
            date=format_date(self.env, date_signed),
        )

    # ------------------------------------------------------------------
    # Online signature
    # ------------------------------------------------------------------
    def _get_sign_request_states(self):
        return ("draft",)

    def _get_sign_action_depends(self):
        return [
            *super()._get_sign_action_depends(),
            "reason",
            "automatic",
            "has_changes",
            "base_version",
            "contract_id.state",
            "contract_id.version_number",
        ]

    def _get_sign_owner(self):
        self.ensure_one()
        return self.user_id or self.contract_id.user_id

    def _get_sign_portal_url(self):
        """The amendment's page under its contract's, reached with the
        contract's access (token created if needed)."""
        self.ensure_one()
        contract = self.contract_id
        contract._portal_ensure_token()
        return contract.get_base_url() + contract._get_amendment_portal_url(self, None)

    def _get_sign_mail_template(self, signature=False):
        return self.env.ref(
            "customer_contract.mail_template_amendment_sign_request"
            if signature
            else "customer_contract.mail_template_amendment_send",
            raise_if_not_found=False,
        )

    def message_post(self, **kwargs):
        self._sign_message_post_hook()
        return super().message_post(**kwargs)

    def action_send_email(self):
        self._check_state(("signed", "applied"), self.env._("Send by Email"))
        return super().action_send_email()

    def action_apply(self):
        """Apply signed amendments whose effective date has come (the button).

        Only an amendment signed by both parties is applied this way: the
        automatic ones are put into force by the system
        (``_submit_automatic``). One whose effective date is still to come
        is applied on that date by the daily scheduled action.
        """
        automatic = self.filtered("automatic")
        if automatic:
            raise UserError(
                self.env._(
                    "%(amendment)s is made under the contract's own terms: the "
                    "system puts it into force, it is not applied by hand.",
                    amendment=automatic[0].display_name,
                )
            )
        # Signed by both parties (and approved, where a rule asks for it).
        self._check_can_apply()
        today = fields.Date.context_today(self)
        scheduled = self.filtered(lambda a: a.date_effective > today)
        if scheduled:
            raise UserError(
                self.env._(
                    "%(amendment)s takes effect on %(date)s: it is applied on that "
                    "date by the daily scheduled action. To apply it now, draft an "
                    "amendment effective today.",
                    amendment=scheduled[0].display_name,
                    date=format_date(self.env, scheduled[0].date_effective),
                )
            )
        self._action_apply()
        return True

    @api.model
    def _get_scheduled_steps(self, today):
        """Steps of the daily scheduled action on amendments (extension point).

        :return: [(domain, method name)]
        """
        return [
            (
                Domain("state", "=", "signed")
                & Domain("automatic", "=", False)
                & Domain("date_effective", "<=", today)
                & Domain("contract_id.state", "in", AMENDABLE_STATES),
                "_cron_apply_due",
            )
        ]

    def _cron_apply_due(self):
        """Apply the signed amendments whose effective date has come."""
        today = fields.Date.context_today(self)
        due = self.filtered(
            lambda a: (
                a.state == "signed" and not a.automatic and a.date_effective <= today
            )
        )
        # Oldest first: a later amendment of the same contract is drafted
        # against the version an earlier one leaves.
        due = due.sorted(lambda a: (a.date_effective, a.number))
        return due._action_apply()

    def _cron_step_failed(self, method, error):
        """A signed amendment that cannot apply on its date (e.g. the contract
        was amended meanwhile): its owner is told once, on the amendment."""
        super()._cron_step_failed(method, error)
        if method != "_cron_apply_due":
            return True
        summary = self.env._("Amendment not applied on its effective date")
        todo = self.env.ref("mail.mail_activity_data_todo")
        if not self.activity_ids.filtered(
            lambda a: a.activity_type_id == todo and a.summary == summary
        ):
            reason = (
                error.args[0] if isinstance(error, UserError) and error.args else error
            )
            self.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=summary,
                note=str(reason),
                user_id=(self.user_id or self.contract_id.user_id).id or self.env.uid,
            )
            self.message_post(
                body=str(reason), message_type="comment", subtype_xmlid="mail.mt_note"
            )
        return True

    def _action_apply(self):
        """Apply the signed amendments in one transaction: freeze the current
        terms of each contract as a version, write the new terms on the
        contract and raise its version number.

        Works on the whole batch at once (one lock, one create of the
        versions, writes flushed together, one chatter log); amendments of a
        same contract are applied one after the other, each against the
        version the previous one left.
        """
        self._check_can_apply()
        versions = self.env["customer.contract.version"]
        remaining = self
        while remaining:
            # One amendment per contract in each round.
            contract_ids, current_ids = set(), []
            for amendment in remaining:
                if amendment.contract_id.id not in contract_ids:
                    contract_ids.add(amendment.contract_id.id)
                    current_ids.append(amendment.id)
            current = remaining.browse(current_ids)
            remaining -= current
            versions |= current._apply_batch()
        return versions

    def _apply_batch(self):
        """Apply amendments of distinct contracts (see ``_action_apply``)."""
        contracts = self.contract_id
        # Another transaction applying an amendment to these contracts holds
        # their rows: wait for it, then read the versions it left.
        contracts._lock_rows()
        self._check_not_stale()
        previous_terms = {
            amendment.id: amendment.contract_id._get_previous_terms_values()
            for amendment in self
        }
        versions = (
            self.env["customer.contract.version"]
            .sudo()
            .create(
                [
                    amendment.contract_id._prepare_version_values(amendment)
                    for amendment in self
                ]
            )
            .sudo(False)
        )
        now = fields.Datetime.now()
        # Applied by hand, the tracking of the contract lists the changes; in
        # a batch, the log below (with the amendment and its comparison) does.
        writing = (
            contracts
            if len(self) == 1
            else contracts.with_context(tracking_disable=True)
        )
        tracking_env = writing.env
        writing = {contract.id: contract for contract in writing}
        # The amounts of the proposed terms were computed on the amendment:
        # the contract lines (and contracts) that end up with the same terms
        # take them as they are instead of going through the taxes again.
        line_model = self.env["customer.contract.line"]
        line_fields = [line_model._fields[fname] for fname in LINE_AMOUNT_FIELDS]
        contract_fields = [contracts._fields[fname] for fname in AMOUNT_FIELDS]
        candidates = self.line_ids.origin_line_id & contracts.line_ids
        with contracts._amending_terms():
            with (
                contracts._workflow(),
                self.env.protecting(
                    [(line_fields, candidates), (contract_fields, contracts)]
                ),
            ):
                for amendment in self:
                    writing[amendment.contract_id.id].write(
                        amendment._prepare_contract_values()
                    )
                recompute_lines, recompute_contracts = self._copy_applied_amounts(
                    candidates
                )
            for field in line_fields:
                self.env.add_to_compute(field, recompute_lines)
            for field in contract_fields:
                self.env.add_to_compute(field, recompute_contracts)
            # Amounts recomputed without tracking too (batch only).
            tracking_env.flush_all()
        applying = self if len(self) == 1 else self.with_context(tracking_disable=True)
        for amendment, version in zip(applying, versions, strict=True):
            with amendment._workflow():
                amendment.write(
                    {
                        "state": "applied",
                        "applied_by_id": self.env.user.id,
                        "date_applied": now,
                        "version_id": version.id,
                    }
                )
        bodies = {
            amendment.contract_id.id: self.env._(
                "%(amendment)s applied: the contract is now at version "
                "%(version)s, effective %(date)s. The previous terms are kept "
                "as version %(previous)s.",
                amendment=amendment._get_html_link(),
                version=amendment.contract_id.version_number,
                date=format_date(self.env, amendment.date_effective),
                previous=version.number,
            )
            for amendment, version in zip(self, versions, strict=True)
        }
        if len(self) == 1:
            # Applied by hand: the followers are notified.
            contracts.message_post(
                body=bodies[contracts.id],
                subtype_xmlid="customer_contract.mt_contract_amended",
            )
        else:
            contracts._message_log_batch(
                bodies={cid: Markup(body) for cid, body in bodies.items()}
            ).write(
                {"subtype_id": self.env.ref("customer_contract.mt_contract_amended").id}
            )
        for amendment in self:
            amendment.contract_id._after_amendment_applied(
                amendment, previous_terms[amendment.id]
            )
        return versions

    def _copy_applied_amounts(self, candidates):
        """Give the contract lines and contracts just written from these
        amendments the amounts computed on the amendments, where the terms
        they depend on are the same (called while their amounts are protected
        from recomputation).

        :param candidates: contract lines that amendment lines replace
        :return: (contract lines, contracts) whose amounts must be recomputed
        """
        copied = candidates.browse()
        same_contracts = []
        for amendment in self:
            contract = amendment.contract_id
            if (
                contract.currency_id != amendment.currency_id
                or contract.company_id != amendment.company_id
                or contract.partner_id != amendment.partner_id
            ):
                continue
            by_origin = {}
            for line in amendment.line_ids:
                by_origin.setdefault(line.origin_line_id.id, []).append(line)
            for contract_line in contract.line_ids:
                lines = by_origin.get(contract_line.id)
                if not (
                    lines
                    and len(lines) == 1
                    and lines[0]._has_same_amount_terms(contract_line)
                ):
                    continue
                copied |= contract_line
                for fname in LINE_AMOUNT_FIELDS:
                    if contract_line[fname] != lines[0][fname]:
                        contract_line[fname] = lines[0][fname]
            if (
                len(amendment.line_ids) == len(contract.line_ids)
                and contract.line_ids <= copied
            ):
                same_contracts.append(contract.id)
                for fname in AMOUNT_FIELDS:
                    if contract[fname] != amendment[fname]:
                        contract[fname] = amendment[fname]
        contracts = self.contract_id
        return candidates - copied, contracts - contracts.browse(same_contracts)

    def _submit_automatic(self):
        """Put into force amendments made under the contract's own terms (see
        ``automatic``): applied at once here; a module adding a review step
        (e.g. approvals) sends them to review instead.

        :return: the versions created
        """
        not_automatic = self.filtered(lambda a: not a.automatic)
        if not_automatic:
            raise UserError(
                self.env._(
                    "%(amendment)s needs the signatures of both parties before it "
                    "applies.",
                    amendment=not_automatic[0].display_name,
                )
            )
        # Nobody signs them: their clauses state the terms they apply.
        self._render_library_clauses()
        return self._action_apply()

    def _new_contract_for_rendering(self):
        """The contract as it would be with the proposed terms (a new record,
        nothing is written), for rendering the clauses of the library."""
        self.ensure_one()
        contract = self.contract_id.sudo(False)
        values = {
            contract_field: self[fname]
            for contract_field, fname in self._get_terms_field_map().items()
        }
        values["line_ids"] = [fields.Command.clear()] + [
            fields.Command.create(line._prepare_contract_line_values())
            for line in self.line_ids
        ]
        values.update({fname: self[fname] for fname in AMOUNT_FIELDS})
        return contract.new(values, origin=contract)

    def _render_library_clauses(self):
        """Render again, for the proposed terms, the clauses whose text is still
        the rendering of their library clause (edited ones are kept and shown
        for review). Done when the proposed terms are saved, so that the
        comparison shows it before the signature, and before an automatic
        amendment applies."""
        for amendment in self:
            if amendment.state not in amendment._get_editable_states():
                continue
            clauses = amendment.clause_ids.filtered(
                lambda c: c.review_state == "library"
            )
            if not clauses:
                continue
            proposed = amendment._new_contract_for_rendering()
            bodies = proposed._render_clause_bodies(clauses.clause_id)[proposed.id]
            for clause in clauses:
                values = clause._prepare_rendered_values(
                    clause.clause_id, bodies[clause.clause_id.id]
                )
                if values["rendered_digest"] != clause.rendered_digest:
                    # A new record in the form (onchange) is only updated.
                    (clause.write if clause.id else clause.update)(
                        {
                            "body": values["body"],
                            "rendered_digest": values["rendered_digest"],
                        }
                    )
        return True

    def _prepare_contract_values(self):
        """Values writing the proposed terms on the contract: lines and clauses
        are updated in place (same ids), added or removed."""
        self.ensure_one()
        contract = self.contract_id
        vals = {
            contract_field: self._fields[fname].convert_to_write(self[fname], self)
            for contract_field, fname in self._get_terms_field_map().items()
        }
        kept_lines = self.line_ids.origin_line_id & contract.line_ids
        line_commands = [
            fields.Command.update(line.origin_line_id.id, values)
            for line in self.line_ids
            if line.origin_line_id in kept_lines
            and (values := line._get_changed_values(line.origin_line_id))
        ]
        line_commands += [
            fields.Command.create(line._prepare_contract_line_values())
            for line in self.line_ids
            if line.origin_line_id not in kept_lines
        ]
        line_commands += [
            fields.Command.delete(line.id) for line in contract.line_ids - kept_lines
        ]
        kept_clauses = self.clause_ids.origin_clause_id & contract.clause_ids
        clause_commands = [
            fields.Command.update(clause.origin_clause_id.id, values)
            for clause in self.clause_ids
            if clause.origin_clause_id in kept_clauses
            and (
                values := {
                    fname: value
                    for fname, value in clause._prepare_contract_clause_values().items()
                    if clause.origin_clause_id._fields[fname].convert_to_write(
                        clause.origin_clause_id[fname], clause.origin_clause_id
                    )
                    != value
                }
            )
        ]
        clause_commands += [
            fields.Command.create(clause._prepare_contract_clause_values())
            for clause in self.clause_ids
            if clause.origin_clause_id not in kept_clauses
        ]
        clause_commands += [
            fields.Command.delete(clause.id)
            for clause in contract.clause_ids - kept_clauses
        ]
        vals.update(
            {
                "line_ids": line_commands,
                "clause_ids": clause_commands,
                "version_number": contract.version_number + 1,
            }
        )
        return vals

    def action_cancel(self):
        self._check_state(("draft", "signed"), self.env._("Cancel"))
        self._sign_request_clear()
        with self._workflow():
            self.write({"state": "cancelled"})
        return True

    def action_draft(self):
        self._check_state(("cancelled",), self.env._("Set to Draft"))
        with self._workflow():
            self.write({"state": "draft"})
        return True

    def action_view_version(self):
        self.ensure_one()
        return self.version_id._get_records_action(context={})

    def _get_report_base_filename(self):
        self.ensure_one()
        return self.display_name

    def _get_superseded_terms_end(self):
        """Last day of the terms this amendment replaces."""
        self.ensure_one()
        return self.date_effective - timedelta(days=1)
