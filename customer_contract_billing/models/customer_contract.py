# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging
from datetime import timedelta

from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Domain
from odoo.tools import format_date

from .billing_plan import (
    BILLING_INTERVALS,
    BILLING_PLANS,
    BILLING_TERM_FIELDS,
    BILLING_TIMINGS,
    period_share,
    planned_date,
    term_parts,
    term_periods,
)

_logger = logging.getLogger(__name__)

# States in which the lines of a billing schedule are invoiced when due.
BILLABLE_STATES = ("signed", "active", "expired", "terminated")
# Who may make the invoices of a contract by hand (Invoice Now).
BILLING_GROUP = "account.group_account_invoice"


class CustomerContract(models.Model):
    _inherit = "customer.contract"

    billing_plan = fields.Selection(
        BILLING_PLANS,
        default="none",
        required=True,
        tracking=True,
        help="None: invoiced by hand or through sales orders. Recurring: the "
        "value of the terms is invoiced over their dates, period by period "
        "(partial first and last periods prorated by days). Installments: the "
        "schedule of amounts or percentages of the value below.",
    )
    billing_interval = fields.Selection(
        BILLING_INTERVALS,
        string="Billing Period",
        default="1",
        required=True,
        tracking=True,
    )
    billing_timing = fields.Selection(
        BILLING_TIMINGS,
        default="advance",
        required=True,
        tracking=True,
    )
    billing_day = fields.Integer(
        default=1,
        aggregator=False,
        tracking=True,
        help="Day of the month on which a period is invoiced (1 to 28): of its "
        "first month in advance, of the month after it in arrears.",
    )
    billing_installment_ids = fields.One2many(
        "customer.contract.billing.installment",
        "contract_id",
        string="Installments",
        copy=True,
    )
    billing_line_ids = fields.One2many(
        "customer.contract.billing.line",
        "contract_id",
        string="Billing Schedule",
        readonly=True,
        copy=False,
    )
    billing_error = fields.Text(
        readonly=True,
        copy=False,
        help="Why the invoice of a due line of the billing schedule could not be "
        "made at the last attempt; cleared once it is made.",
    )
    billing_due_count = fields.Integer(
        compute="_compute_billing_due_count",
        help="Lines of the billing schedule due today and not invoiced yet.",
    )

    _billing_day_range = models.Constraint(
        "CHECK(billing_day BETWEEN 1 AND 28)",
        "The billing day must be between 1 and 28.",
    )

    # ------------------------------------------------------------------
    # Compute and onchange
    # ------------------------------------------------------------------
    def _compute_billing_due_count(self):
        today = fields.Date.context_today(self)
        counts = dict(
            self.env["customer.contract.billing.line"]._read_group(
                self._billing_due_line_domain(today)
                & Domain("contract_id", "in", self.ids),
                ["contract_id"],
                ["__count"],
            )
        )
        for contract in self:
            contract.billing_due_count = (
                counts.get(contract, 0) if contract.state in BILLABLE_STATES else 0
            )

    @api.onchange("type_id")
    def _onchange_type_id_billing(self):
        if self.type_id and not self.is_locked:
            self.update(self.type_id._get_billing_plan_values())

    @api.constrains("billing_plan", "date_start", "date_end", "state")
    def _check_billing_plan_dates(self):
        for contract in self:
            if (
                contract.billing_plan == "recurring"
                and contract.state in BILLABLE_STATES
                and not (contract.date_start and contract.date_end)
            ):
                raise ValidationError(
                    self.env._(
                        "Contract %(contract)s is billed by period: it needs a start "
                        "and an end date (its value is spread over its term).",
                        contract=contract.display_name,
                    )
                )

    # ------------------------------------------------------------------
    # CRUD, terms and workflow fields
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        types = self.env["customer.contract.type"].browse(
            {vals["type_id"] for vals in vals_list if vals.get("type_id")}
        )
        for vals in vals_list:
            if vals.get("type_id"):
                for fname, value in (
                    types.browse(vals["type_id"])._get_billing_plan_values().items()
                ):
                    vals.setdefault(fname, value)
        return super().create(vals_list)

    def _get_term_fields(self):
        return (
            super()._get_term_fields()
            | set(BILLING_TERM_FIELDS)
            | {"billing_installment_ids"}
        )

    def _get_workflow_fields(self):
        owned = super()._get_workflow_fields()
        cron = self.env._(
            "Use the invoicing of the billing schedule (Invoice Now or the daily "
            "scheduled action)."
        )
        owned["billing_error"] = cron
        return owned

    def copy_data(self, default=None):
        vals_list = super().copy_data(default=default)
        for contract, vals in zip(self, vals_list, strict=True):
            if default and "billing_installment_ids" in default:
                continue
            # The obligations stay with their contract: the installments due
            # on one are not copied.
            vals["billing_installment_ids"] = [
                Command.create(
                    {
                        key: value
                        for key, value in installment.copy_data()[0].items()
                        if key != "contract_id"
                    }
                )
                for installment in contract.billing_installment_ids
                if installment.trigger == "date"
            ]
        return vals_list

    def _prepare_amendment_values(self):
        values = super()._prepare_amendment_values()
        values.update({fname: self[fname] for fname in BILLING_TERM_FIELDS})
        return values

    def _prepare_version_values(self, superseded_by):
        values = super()._prepare_version_values(superseded_by)
        values.update({fname: self[fname] for fname in BILLING_TERM_FIELDS})
        return values

    # ------------------------------------------------------------------
    # The schedule
    # ------------------------------------------------------------------
    def _billing_period_label(self, start, end, lang=None):
        env = self.with_context(lang=lang).env if lang else self.env
        return env._(
            "Period from %(start)s to %(end)s",
            start=format_date(env, start, lang_code=lang),
            end=format_date(env, end, lang_code=lang),
        )

    def _billing_prepare_lines(self, from_date=None, amendment=None):
        """Values of the schedule lines of the contract's plan for its current
        terms, from ``from_date`` (the whole term without it).

        Installments already invoiced and periods (or parts of periods)
        covered by a line kept in the schedule are not planned again.
        """
        self.ensure_one()
        kept = self.billing_line_ids.filtered(lambda line: line.state != "cancelled")
        common = {
            "contract_id": self.id,
            "amendment_id": amendment.id if amendment else False,
        }
        value = self.amount_untaxed
        vals_list = []
        if self.billing_plan == "recurring":
            interval = int(self.billing_interval)
            covered = max(
                (line.date_end for line in kept if line.kind == "period"),
                default=None,
            )
            start = from_date
            if covered and (not start or covered >= start):
                start = covered + timedelta(days=1)
            parts = term_parts(self.date_start, self.date_end, interval)
            for period_start, period_end, share in term_periods(
                self.date_start, self.date_end, interval, from_date=start
            ):
                factor = share / parts
                vals_list.append(
                    {
                        **common,
                        "kind": "period",
                        "name": self._billing_period_label(period_start, period_end),
                        "date_start": period_start,
                        "date_end": period_end,
                        "date_planned": planned_date(
                            period_start,
                            period_end,
                            interval,
                            self.billing_timing,
                            self.billing_day,
                        ),
                        "price_factor": factor,
                        "amount": self.currency_id.round(value * factor),
                    }
                )
        elif self.billing_plan == "installments":
            done = kept.installment_id
            for installment in self.billing_installment_ids - done:
                if (
                    from_date
                    and installment.trigger == "date"
                    and installment.date_planned < from_date
                ):
                    continue
                if installment.value_type == "fixed" and not value:
                    raise UserError(
                        self.env._(
                            "Contract %(contract)s has no value: its installment "
                            '"%(name)s" of a fixed amount cannot be a part of it. '
                            "Price its lines first.",
                            contract=self.display_name,
                            name=installment.name,
                        )
                    )
                factor = installment._get_factor(value)
                vals_list.append(
                    {
                        **common,
                        "kind": "installment",
                        "name": installment.name,
                        "installment_id": installment.id,
                        "obligation_id": installment.obligation_id.id,
                        "date_planned": installment.trigger == "date"
                        and installment.date_planned,
                        "price_factor": factor,
                        "amount": self.currency_id.round(value * factor),
                    }
                )
        return vals_list

    def _billing_generate(self, from_date=None, amendment=None):
        """Plan the schedule lines of the contracts' plans, in one create."""
        vals_list = []
        for contract in self:
            vals_list += contract._billing_prepare_lines(from_date, amendment)
        lines = self.env["customer.contract.billing.line"]
        with lines._workflow():
            return lines.create(vals_list)

    def _billing_check_plan(self):
        for contract in self:
            if contract.billing_plan == "installments":
                total = sum(
                    installment._get_factor(contract.amount_untaxed)
                    for installment in contract.billing_installment_ids
                )
                if total > 1.0 + 1e-6:
                    raise UserError(
                        self.env._(
                            "The installments of contract %(contract)s add up to more "
                            "than its value: lower them.",
                            contract=contract.display_name,
                        )
                    )

    def action_billing_generate(self):
        """Plan the schedule again from the plan (before signature)."""
        self.check_access("write")
        locked = self.filtered("is_locked")
        if locked:
            raise UserError(
                self.env._(
                    "Contract %(contract)s is signed: its billing schedule changes "
                    "only through an amendment.",
                    contract=locked[0].display_name,
                )
            )
        without_plan = self.filtered(lambda c: c.billing_plan == "none")
        if without_plan:
            raise UserError(
                self.env._(
                    "Contract %(contract)s has no billing plan: choose a recurring or "
                    "an installment plan first.",
                    contract=without_plan[0].display_name,
                )
            )
        self._check_billing_dates_set()
        self._billing_check_plan()
        lines = self.billing_line_ids
        with lines._workflow():
            lines.unlink()
        self._billing_generate()
        return True

    def _check_billing_dates_set(self):
        missing = self.filtered(
            lambda c: (
                c.billing_plan == "recurring" and not (c.date_start and c.date_end)
            )
        )
        if missing:
            raise UserError(
                self.env._(
                    "Contract %(contract)s is billed by period: set its start and end "
                    "dates first.",
                    contract=missing[0].display_name,
                )
            )

    def _on_signed(self):
        res = super()._on_signed()
        to_plan = self.filtered(
            lambda c: c.billing_plan != "none" and not c.billing_line_ids
        )
        to_plan._check_billing_dates_set()
        to_plan._billing_check_plan()
        to_plan._billing_generate()
        return res

    def _billing_terms(self, version=None):
        """(value, start, end, interval) of the current terms, or of
        ``version`` (terms replaced since)."""
        terms = version or self
        return (
            terms.amount_untaxed,
            terms.date_start,
            terms.date_end,
            int(terms.billing_interval or 1),
        )

    def _billing_cut_values(self, line, new_end, version=None):
        """Values cutting the period of ``line`` at ``new_end``, its share of
        the value counted on the terms it bills."""
        value, start, end, interval = self._billing_terms(version)
        parts = term_parts(start, end, interval) if start and end else 0
        factor = (
            period_share(line.date_start, new_end, interval) / parts if parts else 0
        )
        return {
            "date_end": new_end,
            "name": self._billing_period_label(line.date_start, new_end),
            "price_factor": factor,
            "amount": self.currency_id.round(value * factor),
        }

    def _after_amendment_applied(self, amendment, previous_terms):
        res = super()._after_amendment_applied(amendment, previous_terms)
        self._billing_replan(amendment)
        return res

    def _billing_replan(self, amendment):
        """After ``amendment`` applied: the planned lines before its effective
        date keep billing the terms it replaced (a period running over that
        date is cut there); those after it are planned again from the new
        terms (a renewal adds the lines of the next term this way). Invoiced
        lines are never touched."""
        self.ensure_one()
        version = amendment.version_id
        if self.billing_plan == "none" and (version.billing_plan or "none") == "none":
            # Never billed by a plan: nothing to plan (nor to read).
            return True
        effective = amendment.date_effective
        Line = self.env["customer.contract.billing.line"]
        planned = self.billing_line_ids.filtered(lambda line: line.state == "planned")
        before = planned.filtered(
            lambda line: (
                line.date_start < effective
                if line.kind == "period"
                else bool(line.date_planned) and line.date_planned < effective
            )
        )
        with Line._workflow(), planned._workflow():
            (planned - before).unlink()
            for line in before:
                line_version = line.terms_version_id or version
                vals = {"terms_version_id": line_version.id}
                if line.kind == "period" and line.date_end >= effective:
                    vals.update(
                        self._billing_cut_values(
                            line, effective - timedelta(days=1), line_version
                        )
                    )
                line.write(vals)
            if self.billing_plan != "none" and (
                self.billing_plan != "recurring" or (self.date_start and self.date_end)
            ):
                self._billing_generate(from_date=effective, amendment=amendment)
        return True

    def _action_terminate(self, reason, termination_date):
        res = super()._action_terminate(reason, termination_date)
        self._billing_terminate(termination_date)
        return res

    def _billing_terminate(self, termination_date):
        """Cancel the planned lines after the termination date; a period
        running over it is cut there (prorated by days)."""
        planned = self.billing_line_ids.filtered(lambda line: line.state == "planned")
        after = planned.filtered(
            lambda line: (
                line.date_start > termination_date
                if line.kind == "period"
                # An installment due on an obligation done stays owed.
                else line.obligation_id.state != "done"
                if line.obligation_id
                else line.date_planned > termination_date
            )
        )
        running = planned.filtered(
            lambda line: (
                line.kind == "period"
                and line.date_start <= termination_date < line.date_end
            )
        )
        with planned._workflow():
            after.write({"is_cancelled": True})
            for line in running:
                line.write(
                    line.contract_id._billing_cut_values(
                        line, termination_date, line.terms_version_id
                    )
                )
        return True

    # ------------------------------------------------------------------
    # Invoicing
    # ------------------------------------------------------------------
    @api.model
    def _billing_due_line_domain(self, today):
        """Schedule lines due on ``today`` and not invoiced yet."""
        return Domain("state", "=", "planned") & (
            (Domain("obligation_id", "=", False) & Domain("date_planned", "<=", today))
            | Domain("obligation_id.state", "=", "done")
        )

    @api.model
    def _billing_due_contract_domain(self, today):
        return Domain("state", "in", BILLABLE_STATES) & Domain(
            "billing_line_ids", "any", self._billing_due_line_domain(today)
        )

    def _check_can_invoice_now(self):
        if not self.env.user.has_group(BILLING_GROUP):
            raise AccessError(
                self.env._(
                    "Only invoicing users make the invoices of contract %(contract)s.",
                    contract=self[:1].display_name,
                )
            )
        self.check_access("write")
        not_due = self.filtered(lambda c: not c.billing_due_count)
        if not_due:
            raise UserError(
                self.env._(
                    "Contract %(contract)s has no line of its billing schedule due "
                    "today: nothing to invoice.",
                    contract=not_due[0].display_name,
                )
            )

    def action_billing_invoice_now(self):
        """Make the invoices of the due lines of the billing schedule now, as
        the daily scheduled action would."""
        self._check_can_invoice_now()
        # Wait for a scheduled action or a user invoicing them meanwhile.
        self._lock_rows()
        moves = self._billing_invoice_due()
        self.filtered("billing_error")._billing_clear_error()
        if len(moves) == 1:
            return moves._get_records_action(context={})
        return True

    @api.model
    def _cron_billing(self, batch_size=200):
        """Make the invoices of the due lines of every billing schedule, in
        locked and committed batches of contracts (see ``_cron_run_steps``):
        one invoice per line, all those of a batch in one create. A contract
        whose invoice cannot be made keeps the reason (``billing_error``),
        its owner gets an activity, and the others go on."""
        today = fields.Date.context_today(self)
        return self._cron_run_steps(
            [(self._billing_due_contract_domain(today), "_billing_invoice_due")],
            batch_size=batch_size,
        )

    def _cron_run_isolated(self, method):
        done, failed = super()._cron_run_isolated(method)
        if method == "_billing_invoice_due":
            done.filtered("billing_error")._billing_clear_error()
        return done, failed

    def _cron_step_failed(self, method, error):
        res = super()._cron_step_failed(method, error)
        if method == "_billing_invoice_due":
            self._billing_record_error(error)
        return res

    def _billing_invoice_due(self):
        """Invoice the due lines of the contracts' schedules: one invoice per
        line, in one ``create()`` per company.

        :return: the invoices
        """
        today = fields.Date.context_today(self)
        Line = self.env["customer.contract.billing.line"]
        lines = Line.search(
            self._billing_due_line_domain(today)
            & Domain("contract_id", "in", self.ids)
            & Domain("contract_id.state", "in", BILLABLE_STATES),
            order="contract_id, date_planned, id",
        )
        moves = self.env["account.move"]
        if not lines:
            return moves
        # A line invoiced by another transaction since this one began fails
        # here (a serialization failure: the batch is taken again).
        lines._lock_rows()
        for company, company_lines in lines.grouped("company_id").items():
            vals_list = company_lines._billing_prepare_invoices(today)
            Move = moves.with_company(company).with_context(
                default_move_type="out_invoice"
            )
            with Line._workflow():
                company_moves = Move.create(vals_list)
            if company.contract_billing_post:
                company_moves.action_post()
            moves |= company_moves
        return moves

    # ------------------------------------------------------------------
    # Errors of the invoicing
    # ------------------------------------------------------------------
    def _billing_record_error(self, error):
        """Keep the reason of a failed invoicing on the contract and in one
        activity of its owner (kept up to date)."""
        self.ensure_one()
        if isinstance(error, UserError):
            reason = str(error.args[0] if error.args else error).strip()
        else:
            reason = self.env._(
                "An unexpected error occurred (%(error)s); the details are in the "
                "server log.",
                error=f"{type(error).__name__}: {error}",
            )
        today = fields.Date.context_today(self)
        message = self.env._(
            "The invoice of contract %(contract)s could not be made on %(date)s: "
            "%(reason)s It is tried again at the next run of the invoicing "
            "scheduled action.",
            contract=self.display_name,
            date=format_date(self.env, today),
            reason=reason if reason.endswith((".", "!", "?")) else reason + ".",
        )
        with self._workflow():
            self.write({"billing_error": message})
        self._message_log(body=Markup("<p>%s</p>") % message)
        activity_type = self.env.ref(
            "customer_contract_billing.mail_activity_type_billing_error"
        )
        activity = self.activity_ids.filtered(
            lambda a: a.activity_type_id == activity_type
        )[:1]
        summary = self.env._(
            "Invoicing of %(reference)s failed", reference=self.reference
        )
        if activity:
            activity.sudo().write({"note": message, "summary": summary})
        else:
            self.sudo().with_context(mail_activity_quick_update=True).activity_schedule(
                "customer_contract_billing.mail_activity_type_billing_error",
                date_deadline=today,
                summary=summary,
                note=message,
                user_id=(self.user_id or self.env.user).id,
            )

    def _billing_clear_error(self):
        with self._workflow():
            self.write({"billing_error": False})
        self.sudo().activity_feedback(
            ["customer_contract_billing.mail_activity_type_billing_error"],
            feedback=self.env._("The invoice was made."),
        )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_view_billing_lines(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "customer_contract_billing.customer_contract_billing_line_action"
        )
        action["domain"] = [("contract_id", "=", self.id)]
        action["context"] = {}
        return action
