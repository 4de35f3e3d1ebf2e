# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain
from odoo.tools import float_round, format_amount, format_date

from .customer_contract_renewal import (
    RENEWAL_MODES,
    RENEWAL_TERM_FIELDS,
    check_renewal_terms,
    check_renewal_uplift_value,
)

RENEWABLE_STATES = ("signed", "active")
# Contract fields computed from the renewal terms and history.
RENEWAL_COMPUTED_FIELDS = (
    "renewal_notice_deadline",
    "renewal_reminder_date",
    "renewal_date",
    "renewal_count",
)


class CustomerContract(models.Model):
    _inherit = "customer.contract"

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------
    renewal_mode = fields.Selection(
        RENEWAL_MODES,
        default="none",
        tracking=True,
        help="Not renewed: the contract expires at its end date. Negotiated: "
        "a renewal opportunity and quotation; confirming the quotation renews "
        "it. Automatic: renewed at its end date unless notice was given.",
    )
    renewal_term_months = fields.Integer(
        string="Renewal Term (months)",
        aggregator=False,
        default=12,
        tracking=True,
    )
    renewal_notice_days = fields.Integer(
        string="Notice Period (days)",
        aggregator=False,
        default=lambda self: self.env.company.contract_renewal_notice_days,
        tracking=True,
        help="Days before the end date by which either party must give notice "
        "of non-renewal.",
    )
    renewal_reminder_days = fields.Integer(
        string="Reminder Lead Time (days)",
        aggregator=False,
        default=lambda self: self.env.company.contract_renewal_reminder_days,
        help="Days before the notice deadline when the owner and the customer "
        "are reminded of the coming renewal.",
    )
    renewal_uplift = fields.Float(
        string="Price Uplift (%)",
        aggregator=False,
        tracking=True,
        digits=(16, 2),
        help="Percentage applied to the prices at each renewal.",
    )
    renewal_max = fields.Integer(
        string="Maximum Renewals",
        aggregator=False,
        tracking=True,
        help="How many times the contract may renew; 0 for no limit.",
    )
    renewal_notice_deadline = fields.Date(
        string="Notice Deadline",
        compute="_compute_renewal_dates",
        store=True,
        index=True,
        help="Last day to give notice of non-renewal for the current term.",
    )
    renewal_reminder_date = fields.Date(
        compute="_compute_renewal_dates",
        store=True,
        index=True,
    )
    renewal_date = fields.Date(
        string="Next Renewal",
        compute="_compute_renewal_dates",
        store=True,
        index=True,
        help="First day of the next term, if the contract is to renew: empty "
        "when it does not renew (no renewal, notice given, maximum reached).",
    )
    renewal_count = fields.Integer(
        string="Renewals So Far",
        compute="_compute_renewal_count",
        store=True,
    )
    renewal_ids = fields.One2many(
        "customer.contract.renewal", "contract_id", string="Renewal History"
    )
    renewal_notice_date = fields.Date(
        string="Notice Given On", readonly=True, copy=False, tracking=True
    )
    renewal_notice_party = fields.Selection(
        [("company", "Our Company"), ("customer", "The Customer")],
        string="Notice Given By",
        readonly=True,
        copy=False,
    )
    renewal_notice_reason = fields.Text(
        string="Reason for Non-Renewal", readonly=True, copy=False
    )
    renewal_reminded = fields.Boolean(
        readonly=True,
        copy=False,
        help="The owner and the customer were reminded of the current term's end.",
    )
    renewal_amendment_id = fields.Many2one(
        "customer.contract.amendment",
        string="Pending Renewal",
        readonly=True,
        copy=False,
        help="Renewal amendment submitted and not applied yet (e.g. awaiting "
        "approval).",
    )
    renewal_can_give_notice = fields.Boolean(
        compute="_compute_renewal_can_give_notice",
        help="Notice of non-renewal can be given now: the contract is to renew "
        "and its notice deadline has not passed.",
    )
    renewal_notice_passed = fields.Boolean(
        compute="_compute_renewal_can_give_notice",
        help="The notice deadline of the current term has passed and the "
        "contract is still to renew.",
    )
    renewal_error = fields.Text(
        readonly=True,
        copy=False,
        help="Why the renewal scheduled action last failed for this contract; "
        "cleared once it succeeds.",
    )

    # Plain texts for the renewal emails (their templates stay simple, so
    # that they render without evaluating code, fast, for many contracts).
    renewal_mail_start = fields.Char(compute="_compute_renewal_mail_texts")
    renewal_mail_end = fields.Char(compute="_compute_renewal_mail_texts")
    renewal_mail_deadline = fields.Char(compute="_compute_renewal_mail_texts")
    renewal_mail_notice = fields.Char(compute="_compute_renewal_mail_texts")
    renewal_mail_value = fields.Char(compute="_compute_renewal_mail_texts")
    renewal_mail_next_step = fields.Char(compute="_compute_renewal_mail_texts")
    renewal_mail_from = fields.Char(compute="_compute_renewal_mail_from")

    # ------------------------------------------------------------------
    # Compute
    # ------------------------------------------------------------------
    @api.onchange("type_id")
    def _onchange_type_id_renewal(self):
        if self.type_id:
            self.update(self.type_id._get_renewal_term_values())

    @api.constrains(*RENEWAL_TERM_FIELDS)
    def _check_renewal_terms(self):
        for contract in self:
            check_renewal_terms(
                contract,
                self.env._("contract %(contract)s", contract=contract.display_name),
            )

    @api.model_create_multi
    def create(self, vals_list):
        types = self.env["customer.contract.type"].browse(
            {vals["type_id"] for vals in vals_list if vals.get("type_id")}
        )
        for vals in vals_list:
            check_renewal_uplift_value(
                self.env,
                vals,
                self.env._("contract %(name)s", name=vals.get("name", "")),
            )
            if vals.get("type_id"):
                for fname, value in (
                    types.browse(vals["type_id"])._get_renewal_term_values().items()
                ):
                    vals.setdefault(fname, value)
        return super().create(vals_list)

    def write(self, vals):
        check_renewal_uplift_value(
            self.env,
            vals,
            self.env._("contract %(contract)s", contract=self[:1].display_name),
        )
        return super().write(vals)

    # ------------------------------------------------------------------
    # Terms and workflow fields
    # ------------------------------------------------------------------
    def _get_term_fields(self):
        return super()._get_term_fields() | set(RENEWAL_TERM_FIELDS)

    def _get_workflow_fields(self):
        owned = super()._get_workflow_fields()
        notice = self.env._('Use the "Give Notice of Non-Renewal" button.')
        cron = self.env._(
            "Use the renewal scheduled action (or the renewal quotation and "
            "amendment that renew the contract)."
        )
        terms = self.env._(
            "Use the renewal terms, which an amendment changes once the contract "
            "is signed (the value is computed from them)."
        )
        owned.update(
            {
                "renewal_notice_date": notice,
                "renewal_notice_party": notice,
                "renewal_notice_reason": notice,
                "renewal_reminded": cron,
                "renewal_amendment_id": cron,
                "renewal_error": cron,
                "renewal_ids": cron,
                **dict.fromkeys(RENEWAL_COMPUTED_FIELDS, terms),
            }
        )
        return owned

    def _prepare_renewal_terms_values(self):
        self.ensure_one()
        return {fname: self[fname] for fname in RENEWAL_TERM_FIELDS}

    def _prepare_amendment_values(self):
        values = super()._prepare_amendment_values()
        values.update(self._prepare_renewal_terms_values())
        return values

    def _prepare_version_values(self, superseded_by):
        values = super()._prepare_version_values(superseded_by)
        values.update(self._prepare_renewal_terms_values())
        return values

    @api.depends("renewal_ids.state")
    def _compute_renewal_count(self):
        counts = dict(
            self.env["customer.contract.renewal"]
            .sudo()
            ._read_group(
                [("contract_id", "in", self.ids), ("state", "=", "renewed")],
                ["contract_id"],
                ["__count"],
            )
        )
        for contract in self:
            contract.renewal_count = counts.get(contract, 0)

    @api.depends(
        "date_end",
        "renewal_mode",
        "renewal_notice_days",
        "renewal_reminder_days",
        "renewal_max",
        "renewal_count",
        "renewal_notice_date",
    )
    def _compute_renewal_dates(self):
        for contract in self:
            if not contract.date_end or contract.renewal_mode in (False, "none"):
                contract.renewal_notice_deadline = False
                contract.renewal_reminder_date = False
                contract.renewal_date = False
                continue
            deadline = contract.date_end - timedelta(days=contract.renewal_notice_days)
            contract.renewal_notice_deadline = deadline
            contract.renewal_reminder_date = deadline - timedelta(
                days=contract.renewal_reminder_days
            )
            renewable = not contract.renewal_notice_date and (
                not contract.renewal_max
                or contract.renewal_count < contract.renewal_max
            )
            contract.renewal_date = (
                contract.date_end + timedelta(days=1) if renewable else False
            )

    @api.depends(
        "state",
        "renewal_mode",
        "renewal_notice_date",
        "renewal_date",
        "renewal_amendment_id",
        "renewal_notice_deadline",
    )
    def _compute_renewal_can_give_notice(self):
        # Not stored: it follows today's date.
        today = fields.Date.context_today(self)
        for contract in self:
            # Only the answer is kept, not the message, which names the
            # pending renewal amendment a reviewer may not read.
            contract.renewal_can_give_notice = not contract.sudo()._get_notice_refusal()
            contract.renewal_notice_passed = bool(
                contract.state in RENEWABLE_STATES
                and contract.renewal_date
                and not contract.renewal_amendment_id
                and contract.renewal_notice_deadline
                and today > contract.renewal_notice_deadline
            )

    @api.depends_context("lang")
    @api.depends(
        "date_start",
        "date_end",
        "renewal_notice_deadline",
        "renewal_date",
        "renewal_mode",
        "renewal_term_months",
        "renewal_uplift",
        "amount_untaxed",
        "currency_id",
    )
    def _compute_renewal_mail_texts(self):
        """Texts of the renewal emails, dates in the language of the context
        (the template renders in the recipient's).

        A reminder sent after the notice deadline (e.g. a contract signed
        late in its term, or a scheduled action that did not run) says that
        the deadline has passed and what happens now, instead of inviting
        the customer to give a notice that is no longer possible.
        """
        for contract in self:
            today = fields.Date.context_today(contract)
            deadline = contract.renewal_notice_deadline
            late = bool(deadline) and today > deadline
            contract.renewal_mail_start = format_date(self.env, contract.date_start)
            contract.renewal_mail_end = format_date(self.env, contract.date_end)
            contract.renewal_mail_deadline = format_date(
                self.env, contract.renewal_notice_deadline
            )
            contract.renewal_mail_value = format_amount(
                self.env, contract.amount_untaxed, contract.currency_id
            )
            if not deadline:
                notice = ""
            elif late:
                notice = self.env._(
                    "The deadline to give notice of non-renewal was %(deadline)s: "
                    "it has passed, notice can no longer be given for this term.",
                    deadline=contract.renewal_mail_deadline,
                )
            else:
                notice = self.env._(
                    "Either party may give notice of non-renewal until %(deadline)s.",
                    deadline=contract.renewal_mail_deadline,
                )
            contract.renewal_mail_notice = notice
            if contract.renewal_mode == "automatic" and contract.renewal_date:
                if late:
                    step = self.env._(
                        "The contract therefore renews automatically on "
                        "%(date)s for %(months)s months.",
                        date=format_date(self.env, contract.renewal_date),
                        months=contract.renewal_term_months,
                    )
                else:
                    step = self.env._(
                        "Without notice, the contract renews automatically on "
                        "%(date)s for %(months)s months.",
                        date=format_date(self.env, contract.renewal_date),
                        months=contract.renewal_term_months,
                    )
                if contract.renewal_uplift:
                    step += " " + self.env._(
                        "Its prices then rise by %(uplift)s%%.",
                        uplift=contract.renewal_uplift,
                    )
            elif contract.renewal_mode == "negotiated" and contract.renewal_date:
                step = self.env._(
                    "We will contact you shortly to agree on the terms of its "
                    "renewal. Without a renewal agreed by %(end)s, the contract "
                    "ends on that date.",
                    end=contract.renewal_mail_end,
                )
            else:
                step = self.env._(
                    "The contract ends on %(end)s.", end=contract.renewal_mail_end
                )
            contract.renewal_mail_next_step = step

    @api.depends_context("uid")
    @api.depends("user_id.email_formatted", "company_id.email_formatted")
    def _compute_renewal_mail_from(self):
        for contract in self:
            contract.renewal_mail_from = (
                contract.user_id.email_formatted
                or contract.company_id.email_formatted
                or self.env.user.email_formatted
            )

    def mail_allowed_qweb_expressions(self):
        return super().mail_allowed_qweb_expressions() + (
            "object.reference",
            "object.signatory_id.id",
            "object.signatory_id.lang",
            "object.signatory_id.name",
            "object.company_id.name",
            "object.renewal_count",
            "object.renewal_term_months",
            "object.version_number",
            "object.renewal_mail_start",
            "object.renewal_mail_end",
            "object.renewal_mail_deadline",
            "object.renewal_mail_notice",
            "object.renewal_mail_value",
            "object.renewal_mail_next_step",
            "object.renewal_mail_from",
        )

    def _get_renewal_term(self):
        """Number of the current term (1 for the initial one)."""
        self.ensure_one()
        return self.renewal_count + 1

    # ------------------------------------------------------------------
    # Scheduled state changes
    # ------------------------------------------------------------------
    @api.model
    def _get_scheduled_transitions(self, today):
        # Contracts that may renew expire through the renewal cron, which
        # records why they did not renew.
        return [
            (
                domain & Domain("renewal_mode", "=", "none")
                if state == "expired"
                else domain,
                state,
            )
            for domain, state in super()._get_scheduled_transitions(today)
        ]

    # ------------------------------------------------------------------
    # Renewal history
    # ------------------------------------------------------------------
    def _renewal_get_or_create(self):
        """The history row of each contract's current term, created if needed
        (the contracts are locked by the caller).

        :return: customer.contract.renewal (sudo), in the order of ``self``
        """
        Renewal = self.env["customer.contract.renewal"].sudo()
        keys = {contract.id: contract._get_renewal_term() for contract in self}
        existing = {
            (renewal.contract_id.id, renewal.term): renewal
            for renewal in Renewal.search_fetch(
                [
                    ("contract_id", "in", self.ids),
                    ("term", "in", list(set(keys.values()))),
                ],
                ["contract_id", "term", "state", "date_reminded"],
            )
        }
        missing = self.filtered(lambda c: (c.id, keys[c.id]) not in existing)
        created = Renewal.create(
            [
                {
                    "contract_id": contract.id,
                    "term": keys[contract.id],
                    "mode": contract.renewal_mode or "none",
                    "date_start": contract.date_start,
                    "date_end": contract.date_end,
                    "amount": contract.amount_untaxed,
                    "amount_company": contract.amount_untaxed_company,
                }
                for contract in missing
            ]
        )
        existing.update(
            {(renewal.contract_id.id, renewal.term): renewal for renewal in created}
        )
        return Renewal.browse(
            [existing[contract.id, keys[contract.id]].id for contract in self]
        )

    def _renewal_next_value(self):
        self.ensure_one()
        return self.currency_id.round(
            self.amount_untaxed * (1 + (self.renewal_uplift or 0.0) / 100)
        )

    def _renewal_uplift_price(self, price):
        self.ensure_one()
        digits = self.env["decimal.precision"].precision_get("Product Price")
        return float_round(
            price * (1 + (self.renewal_uplift or 0.0) / 100), precision_digits=digits
        )

    def _renewal_next_dates(self):
        """(start, end) of the next term."""
        self.ensure_one()
        date_start = self.date_end + timedelta(days=1)
        months = self.renewal_term_months or 12
        return date_start, date_start + relativedelta(months=months, days=-1)

    # ------------------------------------------------------------------
    # Notice of non-renewal
    # ------------------------------------------------------------------
    def action_open_notice_wizard(self):
        self.ensure_one()
        self._check_can_give_notice()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Give Notice of Non-Renewal"),
            "res_model": "customer.contract.notice.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_contract_id": self.id},
        }

    def _check_can_give_notice(self):
        for contract in self:
            refusal = contract._get_notice_refusal()
            if refusal:
                raise UserError(refusal)

    def _get_notice_refusal(self):
        """Why notice of non-renewal cannot be given now, or None.

        :return: the message to show, or None
        """
        self.ensure_one()
        contract = self
        today = fields.Date.context_today(self)
        if contract.state not in RENEWABLE_STATES:
            return self.env._(
                'Contract %(contract)s is %(state)s: "%(action)s" is not possible '
                "in this state.",
                contract=contract.display_name,
                state=self._state_label(contract.state),
                action=self.env._("Give Notice of Non-Renewal"),
            )
        if contract.renewal_mode in (False, "none"):
            return self.env._(
                "Contract %(contract)s does not renew: it expires at its end "
                "date, no notice is needed.",
                contract=contract.display_name,
            )
        if contract.renewal_notice_date:
            return self.env._(
                "Notice of non-renewal of contract %(contract)s was already "
                "given on %(date)s.",
                contract=contract.display_name,
                date=format_date(self.env, contract.renewal_notice_date),
            )
        if not contract.renewal_date:
            return self.env._(
                "Contract %(contract)s has reached its maximum number of "
                "renewals: it expires on %(date)s, no notice is needed.",
                contract=contract.display_name,
                date=format_date(self.env, contract.date_end),
            )
        if contract.renewal_amendment_id:
            return self.env._(
                "The renewal of contract %(contract)s is already submitted "
                "(%(amendment)s): notice can no longer be given for this "
                "term.",
                contract=contract.display_name,
                amendment=contract.renewal_amendment_id.display_name,
            )
        if today > contract.renewal_notice_deadline:
            if contract.renewal_mode == "negotiated":
                return self.env._(
                    "The notice deadline of contract %(contract)s was "
                    "%(deadline)s: notice of non-renewal can no longer be given "
                    "for the term ending %(end)s. The contract renews on "
                    "%(renewal)s if its renewal quotation is confirmed by then; "
                    "otherwise it expires.",
                    contract=contract.display_name,
                    deadline=format_date(self.env, contract.renewal_notice_deadline),
                    end=format_date(self.env, contract.date_end),
                    renewal=format_date(self.env, contract.renewal_date),
                )
            return self.env._(
                "The notice deadline of contract %(contract)s was "
                "%(deadline)s: notice of non-renewal can no longer be given "
                "for the term ending %(end)s. The contract renews on "
                "%(renewal)s; give notice for the next term before its own "
                "deadline.",
                contract=contract.display_name,
                deadline=format_date(self.env, contract.renewal_notice_deadline),
                end=format_date(self.env, contract.date_end),
                renewal=format_date(self.env, contract.renewal_date),
            )
        return None

    def _action_give_notice(self, party, reason):
        """Record a notice of non-renewal: the contract expires at its end date.

        :param str party: "company" or "customer"
        :param str reason: why the contract is not renewed
        """
        if party not in ("company", "customer"):
            raise UserError(
                self.env._("Say who gives notice: our company or the customer.")
            )
        if not reason or not reason.strip():
            raise UserError(
                self.env._(
                    "Give the reason why contract %(contract)s is not renewed.",
                    contract=self[:1].display_name,
                )
            )
        self._lock_rows()
        self._check_can_give_notice()
        today = fields.Date.context_today(self)
        with self._workflow():
            self.write(
                {
                    "renewal_notice_date": today,
                    "renewal_notice_party": party,
                    "renewal_notice_reason": reason.strip(),
                }
            )
        lost_reason = self.env.ref("customer_contract_renewal.crm_lost_reason_notice")
        for contract in self:
            renewal = contract.renewal_ids.sudo().filtered(
                lambda r, c=contract: r.term == c._get_renewal_term()
            )
            leads = renewal.opportunity_id.filtered(
                lambda lead: lead.active and not lead.won_status == "won"
            )
            if leads:
                leads.sudo().action_set_lost(lost_reason_id=lost_reason.id)
            contract.message_post(
                body=self.env._(
                    "Notice of non-renewal given by %(party)s on %(date)s: "
                    "%(reason)s. The contract expires on %(end)s.",
                    party=dict(
                        self._fields["renewal_notice_party"]._description_selection(
                            self.env
                        )
                    )[party],
                    date=format_date(self.env, today),
                    reason=reason.strip(),
                    end=format_date(self.env, contract.date_end),
                ),
                subtype_xmlid="mail.mt_note",
            )
        return True

    # ------------------------------------------------------------------
    # Negotiated renewal: quotation
    # ------------------------------------------------------------------
    def _quotation_domain(self):
        # A renewal quotation is the quotation of the next term, not the
        # contract's own.
        return super()._quotation_domain() & Domain("contract_renewal_id", "=", False)

    def action_create_renewal_quotation(self):
        self.ensure_one()
        self._lock_rows()
        self._check_renewable_by_hand()
        renewal = self._renewal_get_or_create()
        order = renewal.sale_order_id
        if order and order.state != "cancel":
            return order._get_records_action(context={})
        vals = self._prepare_sale_order_values()
        for command, line in zip(vals["order_line"], self.line_ids, strict=True):
            command[2]["price_unit"] = self._renewal_uplift_price(line.price_unit)
        date_start, date_end = self._renewal_next_dates()
        vals.update(
            {
                "opportunity_id": (renewal.opportunity_id or self.opportunity_id).id,
                "contract_renewal_id": renewal.id,
                "origin": self.env._(
                    "Renewal of %(reference)s (%(start)s - %(end)s)",
                    reference=self.reference,
                    start=format_date(self.env, date_start),
                    end=format_date(self.env, date_end),
                ),
            }
        )
        SaleOrder = self.env["sale.order"]
        with SaleOrder._workflow():
            order = SaleOrder.create(vals)
        renewal.sale_order_id = order
        return order._get_records_action(context={})

    def _check_renewable_by_hand(self):
        self._check_state(RENEWABLE_STATES, self.env._("Renew"))
        for contract in self:
            if contract.renewal_amendment_id:
                raise UserError(
                    self.env._(
                        "The renewal of contract %(contract)s is already submitted "
                        "(%(amendment)s).",
                        contract=contract.display_name,
                        amendment=contract.renewal_amendment_id.display_name,
                    )
                )
            if not contract.renewal_date:
                raise UserError(
                    self.env._(
                        "Contract %(contract)s does not renew (no renewal, notice "
                        "given or maximum number of renewals reached).",
                        contract=contract.display_name,
                    )
                )

    def _prepare_renewal_amendment_values(self, renewal, line_values=None):
        """Values of the amendment renewing the contract for one more term.

        :param renewal: the history row of the ending term
        :param list line_values: amendment line values (default: the current
            lines with the uplift)
        """
        self.ensure_one()
        values = self._prepare_amendment_values()
        if line_values is None:
            for command in values["line_ids"]:
                command[2]["price_unit"] = self._renewal_uplift_price(
                    command[2]["price_unit"]
                )
        else:
            values["line_ids"] = [fields.Command.create(vals) for vals in line_values]
        date_start, date_end = self._renewal_next_dates()
        values.update(
            {
                "date_start": date_start,
                "date_end": date_end,
                "date_effective": date_start,
                "automatic": True,
                "renewal_id": renewal.id,
                "user_id": self.user_id.id,
                "reason": self.env._(
                    "Renewal for term %(term)s, %(start)s to %(end)s.",
                    term=renewal.term + 1,
                    start=format_date(self.env, date_start),
                    end=format_date(self.env, date_end),
                ),
            }
        )
        return values

    def _renewal_submit(self, renewals, how, values_list=None):
        """Create the renewal amendments and put them into force.

        :return: the amendments (applied, or awaiting review)
        """
        values_list = values_list or [
            contract._prepare_renewal_amendment_values(renewal)
            for contract, renewal in zip(self, renewals, strict=True)
        ]
        Amendment = self.env["customer.contract.amendment"].sudo()
        with Amendment._workflow():
            amendments = Amendment.create(values_list)
        # In a batch, the amendment's log replaces the tracking (see
        # customer.contract.amendment._apply_batch).
        contracts = self if len(self) == 1 else self.with_context(tracking_disable=True)
        with self._workflow():
            for contract, renewal, amendment in zip(
                contracts, renewals, amendments, strict=True
            ):
                contract.renewal_amendment_id = amendment
                renewal.write(
                    {
                        "amendment_id": amendment.id,
                        "state": "renewing",
                        "renewed_how": how,
                    }
                )
            amendments._submit_automatic()
        return amendments

    def _after_amendment_applied(self, amendment, previous_terms):
        res = super()._after_amendment_applied(amendment, previous_terms)
        renewal = amendment.sudo().renewal_id
        if renewal:
            renewal.write(
                {
                    "state": "renewed",
                    "date_renewed": fields.Date.context_today(self),
                    "amount_renewed": self.amount_untaxed,
                    "amount_renewed_company": self.amount_untaxed_company,
                }
            )
            with self._workflow():
                self.with_context(tracking_disable=True).write(
                    {
                        "renewal_reminded": False,
                        "renewal_amendment_id": False,
                        "renewal_notice_date": False,
                        "renewal_notice_party": False,
                        "renewal_notice_reason": False,
                    }
                )
        return res

    # ------------------------------------------------------------------
    # Cron
    # ------------------------------------------------------------------
    @api.model
    def _get_renewal_steps(self, today):
        """The steps of the renewal cron (extension point).

        :return: [(domain of the contracts it processes, method name)], as
            ``_cron_run_steps`` takes them
        """
        renewable = Domain("state", "in", RENEWABLE_STATES) & Domain(
            "renewal_amendment_id", "=", False
        )
        return [
            (
                renewable
                & Domain("renewal_mode", "in", ("negotiated", "automatic"))
                & Domain("renewal_date", "!=", False)
                & Domain("renewal_reminded", "=", False)
                & Domain("renewal_reminder_date", "<=", today)
                & Domain("date_end", ">=", today),
                "_renewal_remind",
            ),
            (
                renewable
                & Domain("state", "=", "active")
                & Domain("renewal_mode", "=", "automatic")
                & Domain("renewal_date", "!=", False)
                & Domain("date_end", "<=", today),
                "_renewal_renew",
            ),
            (
                renewable
                & Domain("renewal_mode", "in", ("negotiated", "automatic"))
                & Domain("date_end", "<", today)
                & (
                    Domain("renewal_mode", "=", "negotiated")
                    | Domain("renewal_date", "=", False)
                ),
                "_renewal_expire",
            ),
        ]

    @api.model
    def _get_renewal_step_methods(self):
        """Names of the renewal steps, those of the history included."""
        today = fields.Date.context_today(self)
        return {method for _domain, method in self._get_renewal_steps(today)} | {
            "_announce"
        }

    @api.model
    def _cron_renewal(self, batch_size=200):
        """Remind, renew and expire the contracts due, then announce the
        renewals applied, in locked and committed batches (see
        ``_cron_run_steps``).

        The history row of each contract and term is created first, so a
        retried or concurrent run never does a step twice. A contract that
        fails is left for the next run, with the reason on it and an activity
        for its owner (``_cron_step_failed``); the others go on.
        """
        today = fields.Date.context_today(self)
        if self._cron_run_steps(self._get_renewal_steps(today), batch_size):
            self.env["customer.contract.renewal"]._cron_announce(batch_size)

    def _cron_run_isolated(self, method):
        done, failed = super()._cron_run_isolated(method)
        if method in self._get_renewal_step_methods():
            done.filtered("renewal_error")._renewal_clear_error()
        return done, failed

    def _cron_step_failed(self, method, error):
        res = super()._cron_step_failed(method, error)
        if method in self._get_renewal_step_methods():
            self._renewal_record_error(method, error)
        return res

    def _renewal_record_error(self, method, error):
        """Keep the reason of a failed renewal step on the contract, in its
        chatter and in an activity of its owner (one, kept up to date)."""
        self.ensure_one()
        if isinstance(error, UserError):
            reason = str(error).strip()
        else:
            reason = self.env._(
                "An unexpected error occurred (%(error)s); the details are in the "
                "server log.",
                error=f"{type(error).__name__}: {error}",
            )
        if not reason.endswith((".", "!", "?")):
            reason += "."
        today = fields.Date.context_today(self)
        # One whole sentence per step, for the translators.
        params = {
            "contract": self.display_name,
            "date": format_date(self.env, today),
            "reason": reason,
        }
        if method == "_renewal_remind":
            message = self.env._(
                "The reminder of contract %(contract)s failed on %(date)s: "
                "%(reason)s It is tried again at the next run of the renewal "
                "scheduled action.",
                **params,
            )
        elif method == "_renewal_renew":
            message = self.env._(
                "The renewal of contract %(contract)s failed on %(date)s: "
                "%(reason)s It is tried again at the next run of the renewal "
                "scheduled action.",
                **params,
            )
        elif method == "_renewal_expire":
            message = self.env._(
                "The expiry of contract %(contract)s failed on %(date)s: "
                "%(reason)s It is tried again at the next run of the renewal "
                "scheduled action.",
                **params,
            )
        elif method == "_announce":
            message = self.env._(
                "The renewal announcement of contract %(contract)s failed on "
                "%(date)s: %(reason)s It is tried again at the next run of the "
                "renewal scheduled action.",
                **params,
            )
        else:
            message = self.env._(
                "A renewal step of contract %(contract)s failed on %(date)s: "
                "%(reason)s It is tried again at the next run of the renewal "
                "scheduled action.",
                **params,
            )
        with self._workflow():
            self.write({"renewal_error": message})
        self._message_log(body=Markup("<p>%s</p>") % message)
        activity_type = self.env.ref(
            "customer_contract_renewal.mail_activity_type_renewal_error"
        )
        activity = self.activity_ids.filtered(
            lambda a: a.activity_type_id == activity_type
        )[:1]
        summary = self.env._(
            "Renewal of %(reference)s failed", reference=self.reference
        )
        if activity:
            activity.sudo().write({"note": message, "summary": summary})
        else:
            self.with_context(mail_activity_quick_update=True).activity_schedule(
                "customer_contract_renewal.mail_activity_type_renewal_error",
                date_deadline=today,
                summary=summary,
                note=message,
                user_id=(self.user_id or self.env.user).id,
            )

    def _renewal_clear_error(self):
        """The renewal step failing before went through: clear its reason and
        close the owner's activity."""
        with self._workflow():
            self.write({"renewal_error": False})
        self.activity_feedback(
            ["customer_contract_renewal.mail_activity_type_renewal_error"],
            feedback=self.env._("The renewal scheduled action went through."),
        )

    def _renewal_remind(self):
        """Remind the owner (activity) and the customer (email) of the end of
        the term; in negotiated mode, open the renewal opportunity."""
        self._renewal_check_terms()
        renewals = self._renewal_get_or_create()
        todo = renewals.filtered(lambda r: not r.date_reminded)
        contracts = todo.contract_id
        today = fields.Date.context_today(self)
        activity_type = self.env.ref(
            "customer_contract_renewal.mail_activity_type_renewal"
        )
        model_id = self.env["ir.model"]._get_id(self._name)
        # Automated, like the chatter of the contract: no email to the owner.
        self.env["mail.activity"].sudo().with_context(
            mail_activity_quick_update=True
        ).create(
            [
                {
                    "res_model_id": model_id,
                    "res_id": contract.id,
                    "activity_type_id": activity_type.id,
                    "automated": True,
                    "user_id": (contract.user_id or self.env.user).id,
                    "date_deadline": contract._renewal_action_date(),
                    "summary": (
                        self.env._(
                            "Renewal of %(reference)s: notice deadline %(deadline)s "
                            "passed",
                            reference=contract.reference,
                            deadline=format_date(
                                self.env, contract.renewal_notice_deadline
                            ),
                        )
                        if contract.renewal_notice_deadline < today
                        else self.env._(
                            "Renewal of %(reference)s: notice deadline %(deadline)s",
                            reference=contract.reference,
                            deadline=format_date(
                                self.env, contract.renewal_notice_deadline
                            ),
                        )
                    ),
                }
                for contract in contracts
            ]
        )
        messages = contracts._renewal_send_mail("reminder")
        leads = contracts.filtered(
            lambda c: c.renewal_mode == "negotiated"
        )._renewal_create_opportunities()
        for renewal in todo:
            contract = renewal.contract_id
            renewal.write(
                {
                    "date_reminded": today,
                    "reminder_message_id": messages.get(contract.id, False),
                    "opportunity_id": leads.get(contract.id, False),
                }
            )
            values = {"renewal_reminded": True}
            if contract.id in leads:
                values["opportunity_id"] = leads[contract.id]
            with contract._workflow():
                contract.write(values)
        # Rows reminded already (e.g. a run that stopped before its commit
        # went this far): only the flag is missing.
        reminded = (renewals - todo).contract_id
        with reminded._workflow():
            reminded.write({"renewal_reminded": True})

    def _renewal_action_date(self):
        """When the owner acts on the coming renewal: the notice deadline, as
        the customer's decision is due then; today when it has passed (a late
        reminder), so that neither the owner's activity nor the expected
        closing of the renewal opportunity is in the past. It stays before
        the end date, the last day to conclude a renewal (a contract is
        reminded until its end date only).
        """
        self.ensure_one()
        return max(self.renewal_notice_deadline, fields.Date.context_today(self))

    def _renewal_check_terms(self):
        """Refuse to announce or apply renewal terms that are not valid (e.g.
        written before they were checked): nothing reaches the customer."""
        for contract in self:
            contract._check_renewal_terms()

    def _renewal_create_opportunities(self):
        """:return: {contract id: id of its new renewal opportunity}"""
        if not self:
            return {}
        tag = self.env.ref("customer_contract_renewal.crm_tag_renewal")
        leads = (
            self.env["crm.lead"]
            .sudo()
            .with_context(mail_create_nosubscribe=True)
            .create(
                [
                    {
                        "name": self.env._(
                            "Renewal of %(reference)s - %(name)s",
                            reference=contract.reference,
                            name=contract.name,
                        ),
                        "type": "opportunity",
                        "partner_id": contract.partner_id.id,
                        "user_id": contract.user_id.id,
                        "team_id": contract.team_id.id,
                        "company_id": contract.company_id.id,
                        "expected_revenue": contract._renewal_next_value(),
                        "date_deadline": contract._renewal_action_date(),
                        "tag_ids": [fields.Command.link(tag.id)],
                    }
                    for contract in self
                ]
            )
        )
        return dict(zip(self.ids, leads.ids, strict=True))

    def _renewal_send_mail(self, kind):
        """Email the signatories, rendered in one go per company.

        :param str kind: "reminder" or "renewed"
        :return: {contract id: id of the mail.message of its email}
        """
        result = {}
        with_signatory = self.filtered("signatory_id")
        for company, contracts in with_signatory.grouped("company_id").items():
            template = contracts._renewal_get_template(kind, company)
            if not template:
                continue
            mails = template.sudo().send_mail_batch(contracts.ids)
            result.update({mail.res_id: mail.mail_message_id.id for mail in mails})
        return result

    @api.model
    def _renewal_get_template(self, kind, company):
        if kind == "reminder":
            return company.contract_renewal_reminder_template_id or self.env.ref(
                "customer_contract_renewal.mail_template_renewal_reminder",
                raise_if_not_found=False,
            )
        return company.contract_renewal_done_template_id or self.env.ref(
            "customer_contract_renewal.mail_template_renewal_done",
            raise_if_not_found=False,
        )

    def _renewal_renew(self):
        """Renew automatically through a renewal amendment."""
        self._renewal_check_terms()
        renewals = self._renewal_get_or_create()
        pending = renewals.filtered(lambda r: r.state == "pending")
        contracts = pending.contract_id
        contracts._renewal_submit(pending, "automatic")
        # The customer hears of it once it is applied and committed: from the
        # announcement step of this run (or of the run after its approval).

    def _renewal_expire(self):
        """Expire the contracts that did not renew, and say why."""
        renewals = self._renewal_get_or_create()
        lost_reasons = {
            "notice": self.env.ref("customer_contract_renewal.crm_lost_reason_notice"),
            "max": self.env.ref("customer_contract_renewal.crm_lost_reason_max"),
            "not_concluded": self.env.ref(
                "customer_contract_renewal.crm_lost_reason_not_concluded"
            ),
        }
        reasons = {}
        for contract, renewal in zip(self, renewals, strict=True):
            if contract.renewal_notice_date:
                reason = "notice"
            elif (
                contract.renewal_max and contract.renewal_count >= contract.renewal_max
            ):
                reason = "max"
            else:
                reason = "not_concluded"
            reasons.setdefault(reason, renewal.browse())
            reasons[reason] |= renewal
        labels = dict(
            self.env["customer.contract.renewal"]
            ._fields["churn_reason"]
            ._description_selection(self.env)
        )
        bodies = {}
        for reason, reason_renewals in reasons.items():
            reason_renewals.write({"state": "churned", "churn_reason": reason})
            leads = reason_renewals.opportunity_id.filtered(
                lambda lead: lead.active and lead.won_status != "won"
            )
            if leads:
                leads.action_set_lost(lost_reason_id=lost_reasons[reason].id)
            for renewal in reason_renewals:
                bodies[renewal.contract_id.id] = Markup("<p>%s</p>") % self.env._(
                    "Contract expired on %(date)s, not renewed: %(reason)s.",
                    date=format_date(
                        self.env, renewal.contract_id.date_end + timedelta(days=1)
                    ),
                    reason=labels[reason],
                )
        with self._workflow():
            self.write({"state": "expired"})
        self._message_log_batch(bodies=bodies)
