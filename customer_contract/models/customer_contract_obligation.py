# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Domain
from odoo.tools import format_date

from .customer_contract_obligation_template import (
    OPEN_ENDED_HORIZON,
    RECURRENCE_MONTHS,
)


class CustomerContractObligation(models.Model):
    """Something a party must do under a contract, by a due date."""

    _name = "customer.contract.obligation"
    _description = "Contract Obligation"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "customer.contract.workflow.mixin",
    ]
    _order = "date_due, id"
    _check_company_auto = True
    # The daily scheduled action looks for the obligations still to do that
    # are overdue or to remind: few among all those done or to come.
    _todo_date_due_idx = models.Index("(date_due) WHERE state = 'todo'")
    _todo_unreminded_idx = models.Index(
        "(date_reminder) WHERE state = 'todo' AND is_reminded IS NOT TRUE"
    )

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------
    contract_id = fields.Many2one(
        "customer.contract",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
        tracking=True,
    )
    company_id = fields.Many2one(
        related="contract_id.company_id", store=True, precompute=True, index=True
    )
    partner_id = fields.Many2one(
        related="contract_id.commercial_partner_id",
        store=True,
        index=True,
        string="Customer",
    )
    contract_type_id = fields.Many2one(
        related="contract_id.type_id", store=True, string="Contract Type"
    )
    contract_state = fields.Selection(
        related="contract_id.state", string="Contract Status"
    )
    template_id = fields.Many2one(
        "customer.contract.obligation.template",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
        help="Obligation template of the contract type this obligation comes from.",
    )
    name = fields.Char(string="Obligation", required=True, tracking=True)
    description = fields.Text()
    party = fields.Selection(
        [("company", "Our Company"), ("customer", "Customer")],
        required=True,
        default="company",
        tracking=True,
    )
    user_id = fields.Many2one(
        "res.users",
        string="Owner",
        index=True,
        tracking=True,
        default=lambda self: self.env.user,
        domain="[('share', '=', False)]",
    )
    date_due = fields.Date(string="Due Date", required=True, index=True, tracking=True)
    recurrence = fields.Selection(
        [
            ("none", "Once"),
            ("monthly", "Monthly"),
            ("quarterly", "Quarterly"),
            ("yearly", "Yearly"),
        ],
        required=True,
        default="none",
        help="How often the obligation comes back until the contract ends; "
        "each occurrence is an obligation of its own.",
    )
    state = fields.Selection(
        [
            ("todo", "To Do"),
            ("done", "Done"),
            ("waived", "Waived"),
            ("missed", "Missed"),
        ],
        string="Status",
        default="todo",
        required=True,
        index=True,
        tracking=True,
        copy=False,
        group_expand=True,
    )
    evidence_required = fields.Boolean()
    evidence_ids = fields.Many2many(
        "ir.attachment",
        "customer_contract_obligation_evidence_rel",
        "obligation_id",
        "attachment_id",
        copy=False,
    )
    evidence_count = fields.Integer(compute="_compute_evidence_count")
    done_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    date_done = fields.Date(string="Done On", readonly=True, copy=False)
    note = fields.Text()
    is_on_time = fields.Boolean(
        compute="_compute_is_on_time",
        store=True,
        help="Done by its due date.",
    )
    # Dates derived from the company's settings, and the flags the daily
    # scheduled action keeps current (compliance is computed from them).
    date_reminder = fields.Date(
        compute="_compute_dates", store=True, string="Reminder Date"
    )
    date_warning = fields.Date(compute="_compute_dates", store=True)
    is_due = fields.Boolean(
        compute="_compute_time_flags",
        store=True,
        help="Its due date has come.",
    )
    in_warning_window = fields.Boolean(
        string="Due Soon",
        compute="_compute_time_flags",
        store=True,
        help="Still to do and due within the warning window.",
    )
    reminder_date_due = fields.Date(
        readonly=True,
        copy=False,
        help="Due date for which the owner was reminded (once per due date).",
    )
    is_next_planned = fields.Boolean(
        string="Next Occurrence Planned",
        readonly=True,
        copy=False,
        help="The next occurrence of this recurring obligation is planned. On "
        "contracts without an end date, the daily scheduled action plans the "
        "next occurrences as the months go by.",
    )
    is_overdue = fields.Boolean(
        string="Overdue",
        compute="_compute_is_overdue",
        help="Missed, or still to do after its due date.",
    )
    calendar_color = fields.Integer(
        compute="_compute_is_overdue",
        help="Colour in the calendar: red when overdue, orange when due soon, "
        "green when done, grey when waived.",
    )
    is_reminded = fields.Boolean(
        compute="_compute_is_reminded",
        store=True,
        help="The owner was reminded of the current due date.",
    )

    # ------------------------------------------------------------------
    # Compute
    # ------------------------------------------------------------------
    @api.depends("name", "contract_id.reference")
    def _compute_display_name(self):
        # Obligations of the same kind recur on many contracts: their
        # contract tells them apart (calendar, activities, breadcrumbs).
        for obligation in self:
            reference = obligation.sudo().contract_id.reference
            obligation.display_name = (
                f"{obligation.name} ({reference})"
                if reference and obligation.name
                else obligation.name
            )

    @api.depends_context("tz")
    @api.depends("state", "date_due", "date_warning")
    def _compute_is_overdue(self):
        today = fields.Date.context_today(self)
        for obligation in self:
            obligation.is_overdue = obligation._is_late(today)
            if obligation.is_overdue:
                color = 1  # red
            elif obligation.state == "done":
                color = 10  # green
            elif obligation.state == "waived":
                color = 0  # grey
            elif obligation._is_due_soon(today):
                color = 2  # orange
            else:
                color = 4  # blue
            obligation.calendar_color = color

    def _compute_evidence_count(self):
        for obligation in self:
            obligation.evidence_count = len(obligation.evidence_ids)

    @api.depends("reminder_date_due", "date_due")
    def _compute_is_reminded(self):
        for obligation in self:
            obligation.is_reminded = obligation.reminder_date_due == obligation.date_due

    @api.depends("state", "date_done", "date_due")
    def _compute_is_on_time(self):
        for obligation in self:
            obligation.is_on_time = (
                obligation.state == "done"
                and bool(obligation.date_done)
                and obligation.date_done <= obligation.date_due
            )

    @api.depends(
        "date_due",
        "company_id.contract_obligation_reminder_days",
        "company_id.contract_compliance_warning_days",
    )
    def _compute_dates(self):
        for obligation in self:
            company = obligation.company_id or self.env.company
            due = obligation.date_due
            obligation.date_reminder = due and due - timedelta(
                days=company.contract_obligation_reminder_days
            )
            obligation.date_warning = due and due - timedelta(
                days=company.contract_compliance_warning_days
            )

    @api.depends("date_due", "date_warning", "state")
    def _compute_time_flags(self):
        today = fields.Date.context_today(self)
        for obligation in self:
            obligation.update(obligation._get_time_flags(today))

    def _get_time_flags(self, today):
        self.ensure_one()
        due = self.date_due
        return {
            "is_due": bool(due) and due <= today,
            "in_warning_window": self._is_due_soon(today),
        }

    def _is_late(self, today):
        """Missed, or still to do after its due date (compliance)."""
        self.ensure_one()
        return self.state == "missed" or (
            self.state == "todo" and bool(self.date_due) and self.date_due < today
        )

    def _is_due_soon(self, today):
        """Still to do and due within the warning window (compliance)."""
        self.ensure_one()
        return (
            self.state == "todo"
            and bool(self.date_due)
            and self.date_warning <= today <= self.date_due
        )

    @api.model
    def _stale_time_flags_domain(self):
        """Obligations whose ``is_due``/``in_warning_window`` changed since they
        were last computed, because days went by."""
        today = fields.Date.context_today(self)
        return (
            (Domain("is_due", "=", False) & Domain("date_due", "<=", today))
            | (
                Domain("in_warning_window", "=", False)
                & Domain("state", "=", "todo")
                & Domain("date_warning", "<=", today)
                & Domain("date_due", ">=", today)
            )
            | (
                Domain("in_warning_window", "=", True)
                & (Domain("date_due", "<", today) | Domain("state", "!=", "todo"))
            )
        )

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    @api.constrains("date_due", "contract_id")
    def _check_date_due(self):
        for obligation in self:
            start = obligation.contract_id.date_start
            if start and obligation.date_due < start:
                raise ValidationError(
                    self.env._(
                        'The obligation "%(obligation)s" is due on %(due)s, before '
                        "contract %(contract)s starts on %(start)s: set a due date "
                        "within the contract.",
                        obligation=obligation.name,
                        due=obligation.date_due,
                        contract=obligation.contract_id.display_name,
                        start=start,
                    )
                )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    def _get_workflow_fields(self):
        fields_by_action = super()._get_workflow_fields()
        buttons = self.env._(
            "the buttons of the obligation (Mark as Done, Waive, Reset); the "
            "daily scheduled action marks overdue obligations missed"
        )
        cron = self.env._("the daily scheduled action of the obligations")
        fields_by_action.update(
            {
                "state": buttons,
                "done_by_id": buttons,
                "date_done": buttons,
                "template_id": self.env._(
                    "the obligation templates of the contract type (obligations "
                    "are planned from them when the contract is signed)"
                ),
                "reminder_date_due": cron,
                "is_due": cron,
                "in_warning_window": cron,
                "is_next_planned": cron,
            }
        )
        return fields_by_action

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_workflow_fields(vals, creating=True)
        return super().create(vals_list)

    def write(self, vals):
        self._check_workflow_fields(vals)
        return super().write(vals)

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def _state_label(self, state):
        return dict(self._fields["state"]._description_selection(self.env))[state]

    def _check_state(self, allowed, action):
        for obligation in self:
            if obligation.state not in allowed:
                raise UserError(
                    self.env._(
                        'The obligation "%(obligation)s" is %(state)s: you cannot '
                        "%(action)s it.",
                        obligation=obligation.name,
                        state=self._state_label(obligation.state),
                        action=action,
                    )
                )

    def action_done(self):
        self._check_state(("todo", "missed"), self.env._("mark as done"))
        missing = self.filtered(lambda o: o.evidence_required and not o.evidence_ids)
        if missing:
            raise UserError(
                self.env._(
                    'The obligation "%(obligation)s" of contract %(contract)s needs '
                    "evidence: attach the document that proves it was fulfilled, "
                    "then mark it as done.",
                    obligation=missing[0].name,
                    contract=missing[0].contract_id.display_name,
                )
            )
        with self._workflow():
            self.write(
                {
                    "state": "done",
                    "done_by_id": self.env.user.id,
                    "date_done": fields.Date.context_today(self),
                }
            )
        self.activity_unlink(["customer_contract.mail_activity_type_obligation_due"])
        return True

    def action_waive(self):
        self._check_state(("todo", "missed"), self.env._("waive"))
        without_note = self.filtered(lambda o: not (o.note or "").strip())
        if without_note:
            raise UserError(
                self.env._(
                    'Say in the note why the obligation "%(obligation)s" is waived.',
                    obligation=without_note[0].name,
                )
            )
        with self._workflow():
            self.write(
                {
                    "state": "waived",
                    "done_by_id": self.env.user.id,
                    "date_done": fields.Date.context_today(self),
                }
            )
        self.activity_unlink(["customer_contract.mail_activity_type_obligation_due"])
        return True

    def action_reset(self):
        self._check_state(("done", "waived"), self.env._("reset"))
        today = fields.Date.context_today(self)
        for obligation in self:
            with obligation._workflow():
                obligation.write(
                    {
                        "state": "missed" if obligation.date_due < today else "todo",
                        "done_by_id": False,
                        "date_done": False,
                    }
                )
        return True

    def action_open_contract(self):
        self.ensure_one()
        return self.contract_id._get_records_action(context={})

    # ------------------------------------------------------------------
    # Scheduled action
    # ------------------------------------------------------------------
    @api.model
    def _cron_check_obligations(self, batch_size=500):
        """Mark overdue obligations missed (and say so on their contract),
        remind owners before due dates, refresh the due/due-soon flags.

        Batched, committed after each batch, safe to run twice or in two
        workers: each step selects only what is still to do, locks the rows
        it changes and skips those another transaction holds.
        """
        today = fields.Date.context_today(self)
        steps = [
            (
                Domain("state", "=", "todo")
                & Domain("date_due", "<", today)
                & Domain(
                    "contract_id.state",
                    "in",
                    ("signed", "active", "expired", "terminated"),
                ),
                "_process_missed",
            ),
            (
                Domain("state", "=", "todo")
                & Domain("contract_id.state", "in", ("signed", "active"))
                & Domain("date_reminder", "<=", today)
                & Domain("date_due", ">=", today)
                & Domain("is_reminded", "=", False),
                "_process_reminders",
            ),
            (self._stale_time_flags_domain(), "_process_time_flags"),
            (self._plan_next_occurrences_domain(), "_process_plan_next"),
        ]
        return self._cron_run_steps(steps, batch_size=batch_size)

    def _cron_run_isolated(self, method):
        # Every step changes what the compliance of the contracts depends on
        # (stored on them): a worker handling other obligations of the same
        # contracts waits here, then takes its batch again on a fresh
        # snapshot, rather than failing on the contract's row.
        self.contract_id._lock_rows()
        return super()._cron_run_isolated(method)

    def _process_missed(self):
        # One message per contract says it (below), not one per obligation.
        with self._workflow():
            self.with_context(tracking_disable=True).write({"state": "missed"})
        bodies = {}
        for contract, obligations in self.grouped("contract_id").items():
            items = Markup("").join(
                Markup("<li>%s (%s)</li>")
                % (obligation.name, self._format_date(obligation.date_due))
                for obligation in obligations
            )
            bodies[contract.id] = Markup("<p>%s</p><ul>%s</ul>") % (
                self.env._("Breach: obligations not fulfilled by their due date"),
                items,
            )
        self.contract_id._message_log_batch(bodies=bodies)

    def _process_reminders(self):
        activity_type = self.env.ref(
            "customer_contract.mail_activity_type_obligation_due"
        )
        model = self.env["ir.model"]._get_id(self._name)
        self.env["mail.activity"].with_context(mail_activity_quick_update=True).create(
            [
                {
                    "res_model_id": model,
                    "res_id": obligation.id,
                    "activity_type_id": activity_type.id,
                    "user_id": obligation.user_id.id or self.env.uid,
                    "date_deadline": obligation.date_due,
                    "summary": self.env._(
                        "%(obligation)s (%(contract)s)",
                        obligation=obligation.name,
                        contract=obligation.contract_id.reference,
                    ),
                }
                for obligation in self
            ]
        )
        with self._workflow():
            for obligation in self:
                obligation.reminder_date_due = obligation.date_due

    def _process_time_flags(self):
        # Written (not just recomputed) so that the compliance of their
        # contracts, which depends on them, is computed again.
        today = fields.Date.context_today(self)
        groups = {}
        for obligation in self:
            flags = obligation._get_time_flags(today)
            key = (flags["is_due"], flags["in_warning_window"])
            groups.setdefault(key, self.browse())
            groups[key] |= obligation
        for (is_due, in_warning_window), obligations in groups.items():
            with obligations._workflow():
                obligations.write(
                    {"is_due": is_due, "in_warning_window": in_warning_window}
                )

    @api.model
    def _plan_next_occurrences_domain(self):
        """Recurring obligations of contracts without an end date whose next
        occurrence falls within the planning horizon and is not planned yet."""
        horizon = fields.Date.context_today(self) + OPEN_ENDED_HORIZON
        due_soon = Domain.OR(
            Domain("recurrence", "=", recurrence)
            & Domain("date_due", "<=", horizon - relativedelta(months=months))
            for recurrence, months in RECURRENCE_MONTHS.items()
        )
        return (
            Domain("is_next_planned", "=", False)
            & Domain("template_id", "!=", False)
            & Domain("contract_id.date_end", "=", False)
            & Domain("contract_id.state", "in", ("signed", "active"))
            & due_soon
        )

    def _process_plan_next(self):
        """Plan the next occurrence of these recurring obligations (whatever
        became of them: done, missed or waived, the obligation goes on while
        the contract runs)."""
        existing = {
            (o.contract_id.id, o.template_id.id, o.date_due)
            for o in self.search(
                [
                    ("contract_id", "in", self.contract_id.ids),
                    ("template_id", "in", self.template_id.ids),
                ]
            )
        }
        vals_list = []
        for obligation in self:
            contract, template = obligation.contract_id, obligation.template_id
            if not template.active or template.type_id != contract.type_id:
                # The template was archived, or the contract changed type.
                continue
            due = template._get_next_due_date(contract, obligation.date_due)
            if due and (contract.id, template.id, due) not in existing:
                existing.add((contract.id, template.id, due))
                vals_list.append(template._prepare_obligation_values(contract, due))
        with self._workflow():
            self.write({"is_next_planned": True})
            return self.create(vals_list)

    def _format_date(self, value):
        return format_date(self.env, value)
