# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Domain
from odoo.http import DEFAULT_MAX_CONTENT_LENGTH
from odoo.tools import format_date, human_size

from .customer_contract_obligation_template import (
    OPEN_ENDED_HORIZON,
    RECURRENCE_MONTHS,
)

# States of the contracts whose customer sees his obligations on the portal
# and submits evidence for them: from the signature on.
PORTAL_CONTRACT_STATES = ("signed", "active", "expired", "terminated")
# States of an obligation for which the customer may still submit evidence:
# late evidence (missed) still proves that the obligation was fulfilled.
EVIDENCE_OPEN_STATES = ("todo", "missed")
EVIDENCE_ACTIVITY_REF = "customer_contract.mail_activity_type_obligation_evidence"


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
    description = fields.Text(
        help="What exactly has to be done. For the customer's obligations, "
        "the customer reads it on the portal.",
    )
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
    # The customer's evidence, submitted on the portal and reviewed by the
    # owner: all set by the workflow only (portal route, Accept, Refuse).
    evidence_state = fields.Selection(
        [
            ("none", "Not Submitted"),
            ("submitted", "Submitted"),
            ("accepted", "Accepted"),
            ("refused", "Refused"),
        ],
        string="Customer's Evidence",
        default="none",
        required=True,
        copy=False,
        tracking=True,
        help="Evidence the customer submitted on the portal for this obligation: "
        "to review when submitted; accepted, the obligation is done; refused, "
        "the customer reads the reason and may submit new evidence.",
    )
    evidence_submitted_ids = fields.Many2many(
        "ir.attachment",
        "customer_contract_obligation_submitted_evidence_rel",
        "obligation_id",
        "attachment_id",
        string="Files Submitted by the Customer",
        readonly=True,
        copy=False,
    )
    evidence_submitted_on = fields.Datetime(
        string="Submitted On",
        readonly=True,
        copy=False,
        help="When the customer last submitted evidence.",
    )
    evidence_submitted_by_id = fields.Many2one(
        "res.partner",
        string="Submitted By",
        readonly=True,
        copy=False,
        help="The customer's contact who submitted the evidence.",
    )
    evidence_customer_note = fields.Text(
        string="Customer's Note",
        readonly=True,
        copy=False,
        help="What the customer wrote with the evidence.",
    )
    evidence_refusal_reason = fields.Text(
        readonly=True,
        copy=False,
        help="Why the evidence was refused; the customer reads it on the portal.",
    )
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
    @api.depends("state", "date_due", "date_warning", "evidence_state")
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
        """Missed, or still to do after its due date (compliance); evidence
        the customer submitted and we have not reviewed yet holds it, as it
        holds the daily action that marks obligations missed."""
        self.ensure_one()
        return self.state == "missed" or (
            self.state == "todo"
            and bool(self.date_due)
            and self.date_due < today
            and self.evidence_state != "submitted"
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
                        due=format_date(self.env, obligation.date_due),
                        contract=obligation.contract_id.display_name,
                        start=format_date(self.env, start),
                    )
                )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    def _get_workflow_fields(self):
        fields_by_action = super()._get_workflow_fields()
        buttons = self.env._(
            "Use the buttons of the obligation (Mark as Done, Waive, Reset); the "
            "daily scheduled action marks overdue obligations missed."
        )
        cron = self.env._("Use the daily scheduled action of the obligations.")
        fields_by_action.update(
            {
                "state": buttons,
                "done_by_id": buttons,
                "date_done": buttons,
                "template_id": self.env._(
                    "Use the obligation templates of the contract type (obligations "
                    "are planned from them when the contract is signed)."
                ),
                "reminder_date_due": cron,
                "is_due": cron,
                "in_warning_window": cron,
                "is_next_planned": cron,
            }
        )
        portal = self.env._(
            "Use the portal, where the customer submits evidence, and the buttons "
            "Accept Evidence and Refuse Evidence of the obligation."
        )
        fields_by_action.update(
            dict.fromkeys(
                (
                    "evidence_state",
                    "evidence_submitted_ids",
                    "evidence_submitted_on",
                    "evidence_submitted_by_id",
                    "evidence_customer_note",
                    "evidence_refusal_reason",
                ),
                portal,
            )
        )
        return fields_by_action

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_workflow_fields(vals, creating=True)
        return super().create(vals_list)

    def write(self, vals):
        self._check_workflow_fields(vals)
        if vals.get("state") == "waived":
            # Waived (e.g. no longer due once the contract is terminated):
            # the customer's evidence waiting for review is not reviewed.
            self.filtered(lambda o: o.evidence_state == "submitted").activity_unlink(
                [EVIDENCE_ACTIVITY_REF]
            )
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
                        'The obligation "%(obligation)s" is %(state)s: "%(action)s" '
                        "is not possible in this state.",
                        obligation=obligation.name,
                        state=self._state_label(obligation.state),
                        action=action,
                    )
                )

    def _check_no_evidence_to_review(self):
        """While the customer's evidence awaits review, the owner accepts or
        refuses it (Mark as Done and Waive would leave it unanswered)."""
        pending = self.filtered(lambda o: o.evidence_state == "submitted")
        if pending:
            raise UserError(
                self.env._(
                    "The customer submitted evidence for the obligation "
                    '"%(obligation)s" of contract %(contract)s: accept it or refuse '
                    "it first.",
                    obligation=pending[0].name,
                    contract=pending[0].contract_id.display_name,
                )
            )

    def action_done(self):
        self._check_state(("todo", "missed"), self.env._("Mark as Done"))
        self._check_no_evidence_to_review()
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
        self._check_state(("todo", "missed"), self.env._("Waive"))
        self._check_no_evidence_to_review()
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
        self._check_state(("done", "waived"), self.env._("Reset"))
        today = fields.Date.context_today(self)
        for obligation in self:
            with obligation._workflow():
                obligation.write(
                    {
                        "state": "missed" if obligation.date_due < today else "todo",
                        "done_by_id": False,
                        "date_done": False,
                        # The acceptance is undone with the obligation: the
                        # customer may submit evidence again (the files stay).
                        "evidence_state": "none"
                        if obligation.evidence_state == "accepted"
                        else obligation.evidence_state,
                    }
                )
        return True

    # ------------------------------------------------------------------
    # The customer's evidence: submitted on the portal, reviewed by the owner
    # ------------------------------------------------------------------
    @api.model
    def _get_portal_obligations(self, contract):
        """The obligations the customer sees on the portal page of
        ``contract``: his own (party customer), once the contract is signed.

        :param contract: the contract, sudoed, whose access the caller checked
        :return: the obligations, sudoed (the customer has no access to the
            model: only what the portal templates show is read)
        """
        if contract.state not in PORTAL_CONTRACT_STATES:
            return self.sudo().browse()
        return self.sudo().search(
            [("contract_id", "=", contract.id), ("party", "=", "customer")],
            order="date_due, id",
        )

    def _can_submit_evidence(self):
        """Whether the customer may submit evidence for this obligation."""
        self.ensure_one()
        return (
            self.party == "customer"
            and self.state in EVIDENCE_OPEN_STATES
            and self.contract_id.state in PORTAL_CONTRACT_STATES
        )

    @api.model
    def _get_evidence_max_size(self):
        """Largest file the customer may submit: the upload limit of the
        portal and of the web client (``web.max_file_upload_size``)."""
        value = (
            self.env["ir.config_parameter"].sudo().get_param("web.max_file_upload_size")
        )
        try:
            return int(value) if value else DEFAULT_MAX_CONTENT_LENGTH
        except ValueError:
            return DEFAULT_MAX_CONTENT_LENGTH

    def _check_evidence_files(self, files):
        self.ensure_one()
        if not files:
            raise UserError(
                self.env._(
                    'Choose the file proving that the obligation "%(obligation)s" '
                    "of contract %(contract)s is fulfilled.",
                    obligation=self.name,
                    contract=self.contract_id.display_name,
                )
            )
        limit = self._get_evidence_max_size()
        for name, content in files:
            if not content:
                raise UserError(
                    self.env._(
                        'The file "%(file)s" is empty: choose the document proving '
                        'that the obligation "%(obligation)s" is fulfilled.',
                        file=name,
                        obligation=self.name,
                    )
                )
            if len(content) > limit:
                raise UserError(
                    self.env._(
                        'The file "%(file)s" is %(size)s, more than the %(limit)s '
                        "allowed: send a smaller file.",
                        file=name,
                        size=human_size(len(content)),
                        limit=human_size(limit),
                    )
                )

    def _portal_submit_evidence(self, files, partner, note=None):
        """The customer submits evidence for this obligation on the portal.

        Called by the portal route on the obligation sudoed, once it checked
        that the visitor may act for the contract's customer.

        :param files: [(file name, content as bytes)]
        :param partner: the customer's contact who submits it (author of the
            message on the obligation)
        :param note: what the customer writes with the files
        :return: the attachments created
        """
        self.ensure_one()
        if self.party != "customer":
            raise UserError(
                self.env._(
                    'The obligation "%(obligation)s" of contract %(contract)s is '
                    "ours to fulfil: the customer submits no evidence for it.",
                    obligation=self.name,
                    contract=self.contract_id.display_name,
                )
            )
        self._check_state(EVIDENCE_OPEN_STATES, self.env._("Submit Evidence"))
        if self.contract_id.state not in PORTAL_CONTRACT_STATES:
            raise UserError(
                self.env._(
                    "Contract %(contract)s is not signed: no evidence can be "
                    "submitted for its obligations.",
                    contract=self.contract_id.display_name,
                )
            )
        self._check_evidence_files(files)
        note = (note or "").strip()
        # The owner may be accepting or refusing at this very moment.
        self._lock_rows()
        body = Markup("<p>%s</p>") % self.env._(
            "Evidence submitted on the portal, to review."
        )
        if note:
            body += Markup("<p>%s</p>") % note
        # The files are stored by the message, on the obligation, with the
        # checks of an upload by the customer (a page is stored as text).
        message = self.message_post(
            body=body,
            author_id=partner.id,
            attachments=files,
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        attachments = message.attachment_ids.sudo()
        attachments.write(
            {
                "description": self.env._(
                    "Evidence submitted on the portal by %(partner)s",
                    partner=partner.display_name,
                )
            }
        )
        adding = self.evidence_state == "submitted"
        values = {
            "evidence_state": "submitted",
            "evidence_submitted_on": fields.Datetime.now(),
            "evidence_submitted_by_id": partner.id,
            "evidence_refusal_reason": False,
            "evidence_submitted_ids": [Command.link(a.id) for a in attachments]
            if adding
            else [Command.set(attachments.ids)],
        }
        if note or not adding:
            values["evidence_customer_note"] = note or False
        with self._workflow():
            self.write(values)
        owner = self.user_id or self.contract_id.user_id
        activity_type = self.env.ref(EVIDENCE_ACTIVITY_REF)
        if owner and not self.activity_ids.filtered(
            lambda a: a.activity_type_id == activity_type
        ):
            self.activity_schedule(
                EVIDENCE_ACTIVITY_REF,
                user_id=owner.id,
                summary=self.env._(
                    "Review the evidence of %(customer)s",
                    customer=self.partner_id.display_name,
                ),
            )
        return attachments

    def _check_evidence_to_review(self, action):
        self._check_state(EVIDENCE_OPEN_STATES, action)
        for obligation in self:
            if obligation.evidence_state != "submitted":
                raise UserError(
                    self.env._(
                        'The obligation "%(obligation)s" of contract %(contract)s has '
                        "no evidence to review: the customer submits it on the "
                        "portal.",
                        obligation=obligation.name,
                        contract=obligation.contract_id.display_name,
                    )
                )

    def action_accept_evidence(self):
        """Accept the evidence the customer submitted: it becomes the
        obligation's evidence and the obligation is done."""
        self.check_access("write")
        self._check_evidence_to_review(self.env._("Accept Evidence"))
        self._lock_rows()
        for obligation in self:
            with obligation._workflow():
                obligation.write(
                    {
                        "evidence_state": "accepted",
                        "evidence_ids": [
                            Command.link(attachment.id)
                            for attachment in obligation.evidence_submitted_ids
                        ],
                    }
                )
        self.action_done()
        # Fulfilled when the customer submitted what was accepted: on time
        # if submitted by the due date, however long the review took.
        for obligation in self:
            submitted = fields.Datetime.context_timestamp(
                obligation, obligation.evidence_submitted_on
            ).date()
            if submitted < obligation.date_done:
                with obligation._workflow():
                    obligation.date_done = submitted
        self.activity_feedback(
            [EVIDENCE_ACTIVITY_REF], feedback=self.env._("Evidence accepted")
        )
        for contract, obligations in self.grouped("contract_id").items():
            items = Markup("").join(
                Markup("<li>%s</li>") % obligation.name for obligation in obligations
            )
            # Written for the customer it is mailed to, in their language.
            customer = obligations.evidence_submitted_by_id[:1]
            env = self.with_context(lang=customer.lang or self.env.lang).env
            contract.message_post(
                body=Markup("<p>%s</p><ul>%s</ul>")
                % (
                    env._(
                        "Your evidence was accepted: these obligations are fulfilled."
                    ),
                    items,
                ),
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
                partner_ids=obligations.evidence_submitted_by_id.ids,
            )
        return True

    def action_open_refuse_evidence_wizard(self):
        self.ensure_one()
        self._check_evidence_to_review(self.env._("Refuse Evidence"))
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Refuse the Evidence"),
            "res_model": "customer.contract.obligation.refuse.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_obligation_id": self.id},
        }

    def _refuse_evidence(self, reason):
        """Refuse the evidence the customer submitted, for ``reason``, which
        the customer reads on the portal; the obligation stays to do and
        waits for new evidence."""
        self.check_access("write")
        reason = (reason or "").strip()
        if not reason:
            raise UserError(
                self.env._(
                    'Say why the evidence for the obligation "%(obligation)s" is '
                    "refused: the customer reads it on the portal.",
                    obligation=self[:1].name,
                )
            )
        self._check_evidence_to_review(self.env._("Refuse Evidence"))
        self._lock_rows()
        with self._workflow():
            self.write({"evidence_state": "refused", "evidence_refusal_reason": reason})
        self.activity_feedback([EVIDENCE_ACTIVITY_REF], feedback=reason)
        for obligation in self:
            # Written for the customer it is mailed to, in their language.
            customer = obligation.evidence_submitted_by_id
            env = self.with_context(lang=customer.lang or self.env.lang).env
            obligation.contract_id.message_post(
                body=Markup("<p>%s</p>")
                % env._(
                    'Your evidence for the obligation "%(obligation)s" was refused; '
                    "submit new evidence on the contract's page. Reason: %(reason)s",
                    obligation=obligation.name,
                    reason=reason,
                ),
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
                partner_ids=obligation.evidence_submitted_by_id.ids,
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
                # Evidence the customer submitted waits for the owner's
                # review: not missed meanwhile (refused, it is missed then).
                & Domain("evidence_state", "!=", "submitted")
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
                # Evidence awaiting our review: the owner has its activity.
                & Domain("evidence_state", "!=", "submitted")
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
