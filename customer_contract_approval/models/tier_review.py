# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain
from odoo.tools import format_date

from .tier_definition import CONTRACT_APPROVAL_MODELS

ESCALATION_ACTIVITY_TYPE = (
    "customer_contract_approval.mail_activity_type_contract_approval_escalation"
)


class TierReview(models.Model):
    """A contract review is the decision of one reviewer (see the approval
    mixin): it carries its deadline, and when its reminder and escalation
    were sent, so that the deadline cron never sends either twice."""

    _name = "tier.review"
    _inherit = ["tier.review", "customer.contract.workflow.mixin"]

    active = fields.Boolean(
        default=True,
        help="Reviews of an earlier approval request are archived: they stay "
        "in the history.",
    )
    approver_user_id = fields.Many2one(
        "res.users", string="Approver", index="btree_not_null", readonly=True
    )
    date_pending = fields.Datetime(string="Awaited Since", readonly=True)
    date_deadline = fields.Date(string="Decision Deadline", readonly=True)
    date_escalation = fields.Date(string="Escalation Date", readonly=True)
    reminder_sent_on = fields.Datetime(readonly=True)
    escalated_on = fields.Datetime(readonly=True)
    escalated_to_id = fields.Many2one("res.users", readonly=True)
    escalation_activity_id = fields.Many2one(
        "mail.activity",
        readonly=True,
        ondelete="set null",
        help="Activity of the escalation: closed with the step.",
    )
    approval_duration_hours = fields.Float(
        string="Decision Time (hours)",
        compute="_compute_approval_duration_hours",
        store=True,
        aggregator="avg",
        digits=(16, 1),
        help="Time from the opening of the step to the reviewer's decision.",
    )
    contract_id = fields.Many2one(
        "customer.contract",
        compute="_compute_contract_id",
        store=True,
        index="btree_not_null",
    )

    amendment_id = fields.Many2one(
        "customer.contract.amendment",
        compute="_compute_contract_id",
        store=True,
        index="btree_not_null",
    )
    document_type = fields.Selection(
        [
            ("customer.contract", "Contract"),
            ("customer.contract.amendment", "Contract Amendment"),
        ],
        compute="_compute_document_type",
        store=True,
        help="The kind of document reviewed (to group the reviews by it).",
    )

    @api.depends("date_pending", "reviewed_date")
    def _compute_approval_duration_hours(self):
        for review in self:
            if review.date_pending and review.reviewed_date:
                delta = review.reviewed_date - review.date_pending
                review.approval_duration_hours = delta.total_seconds() / 3600
            else:
                review.approval_duration_hours = 0.0

    @api.depends("model")
    def _compute_document_type(self):
        for review in self:
            review.document_type = (
                review.model if review.model in CONTRACT_APPROVAL_MODELS else False
            )

    @api.depends("approver_user_id")
    def _compute_todo_by(self):
        """A review of a contract is the review of one reviewer: named, with
        the full name of the group that makes them a reviewer (e.g.
        "Customer Contracts / Manager"), rather than the group's short name."""
        contract_reviews = self.filtered(
            lambda r: r.model in CONTRACT_APPROVAL_MODELS and r.approver_user_id
        )
        res = super(TierReview, self - contract_reviews)._compute_todo_by()
        for review in contract_reviews:
            group = review.sudo().definition_id.reviewer_group_id
            review.todo_by = (
                self.env._(
                    "%(user)s (%(group)s)",
                    user=review.approver_user_id.name,
                    group=group.full_name,
                )
                if group
                else review.approver_user_id.name
            )
        return res

    @api.depends("model", "res_id")
    def _compute_contract_id(self):
        contracts = self.filtered(lambda r: r.model == "customer.contract")
        amendments = self.filtered(lambda r: r.model == "customer.contract.amendment")
        amendment_contracts = {
            amendment.id: amendment.contract_id
            for amendment in self.env["customer.contract.amendment"]
            .browse(amendments.mapped("res_id"))
            .exists()
        }
        for review in self:
            review.amendment_id = False
            if review in contracts:
                review.contract_id = review.res_id
            elif review in amendments:
                review.contract_id = amendment_contracts.get(review.res_id, False)
                review.amendment_id = review.contract_id and review.res_id
            else:
                review.contract_id = False

    # ------------------------------------------------------------------
    # CRUD: reviews of contracts belong to the approval workflow
    # ------------------------------------------------------------------
    def _check_contract_review_change(self, models_touched):
        """Reviews of contracts and amendments are created, decided and
        archived by the approval workflow only (which works as superuser
        once it has checked who acts)."""
        if self.env.su or not set(models_touched) & set(CONTRACT_APPROVAL_MODELS):
            return
        raise UserError(
            self.env._(
                "Reviews of contracts and amendments are recorded by the approval "
                "workflow only: use Request Approval, Approve, Reject or Withdraw "
                "Approval on the contract or amendment."
            )
        )

    @api.model_create_multi
    def create(self, vals_list):
        self._check_contract_review_change([vals.get("model") for vals in vals_list])
        return super().create(vals_list)

    def write(self, vals):
        touched = set(self.sudo().mapped("model"))
        if vals.get("model"):
            touched.add(vals["model"])
        self._check_contract_review_change(touched)
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_contract_reviews(self):
        self._check_contract_review_change(self.sudo().mapped("model"))

    def _update_review_status(self):
        # The approval workflow opens the steps of contracts itself.
        return super(
            TierReview, self.filtered(lambda r: r.model not in CONTRACT_APPROVAL_MODELS)
        )._update_review_status()

    @api.model
    def _get_reviewer_fields(self):
        return [*super()._get_reviewer_fields(), "approver_user_id"]

    def _get_reviewers(self):
        if self.approver_user_id:
            return self.approver_user_id
        return super()._get_reviewers()

    # ------------------------------------------------------------------
    # Deadlines
    # ------------------------------------------------------------------
    def _deadline_domain(self, kind):
        today = fields.Date.context_today(self)
        domain = (
            Domain("model", "in", CONTRACT_APPROVAL_MODELS)
            & Domain("status", "=", "pending")
            & Domain("active", "=", True)
        )
        if kind == "reminder":
            return (
                domain
                & Domain("reminder_sent_on", "=", False)
                & Domain("date_deadline", "<=", today)
            )
        return (
            domain
            & Domain("escalated_on", "=", False)
            & Domain("date_escalation", "!=", False)
            & Domain("date_escalation", "<=", today)
        )

    def _escalation_target(self):
        self.ensure_one()
        target = self.definition_id.approval_escalation_user_id
        if not target:
            target = self.approver_user_id.sale_team_id.user_id
        return target if target != self.approver_user_id else self.env["res.users"]

    def _send_deadline_reminders(self):
        """Remind each reviewer whose deadline has come."""
        now = fields.Datetime.now()
        for model, reviews in self.grouped("model").items():
            documents = self.env[model].browse(reviews.mapped("res_id")).exists()
            by_id = {doc.id: doc for doc in documents}
            for review in reviews:
                document = by_id.get(review.res_id)
                if document:
                    # Written for the approver it is mailed to, in their language.
                    env = self.with_context(
                        lang=review.approver_user_id.lang or self.env.lang
                    ).env
                    document.message_post(
                        body=Markup("<p>%s</p>")
                        % env._(
                            "Reminder: %(user)s, your decision on %(document)s "
                            "was due on %(deadline)s.",
                            user=review.approver_user_id.name,
                            document=document.display_name,
                            deadline=format_date(env, review.date_deadline),
                        ),
                        partner_ids=review.approver_user_id.partner_id.ids,
                        message_type="comment",
                        subtype_xmlid="mail.mt_note",
                    )
        self.write({"reminder_sent_on": now})

    def _send_escalations(self):
        """Tell the reviewer's manager (or the rule's escalation user) that a
        decision is overdue, with an activity of their own."""
        now = fields.Datetime.now()
        activity_type = self.env.ref(ESCALATION_ACTIVITY_TYPE)
        for review in self:
            target = review._escalation_target()
            document = self.env[review.model].browse(review.res_id).exists()
            activity = self.env["mail.activity"]
            if target and document:
                # Written for the user the activity is for, in their language.
                env = self.with_context(lang=target.lang or self.env.lang).env
                activity = document.activity_schedule(
                    activity_type_id=activity_type.id,
                    user_id=target.id,
                    date_deadline=fields.Date.context_today(self),
                    summary=env._(
                        "Overdue approval: %(user)s has not decided yet",
                        user=review.approver_user_id.name,
                    ),
                    note=env._(
                        "%(user)s was due to decide on %(document)s (%(rule)s) "
                        "by %(deadline)s.",
                        user=review.approver_user_id.name,
                        document=document.display_name,
                        rule=review.definition_id.with_env(env).name,
                        deadline=format_date(env, review.date_deadline),
                    ),
                )
            review.write(
                {
                    "escalated_on": now,
                    "escalated_to_id": target.id,
                    "escalation_activity_id": activity.id,
                }
            )

    def _cron_run_isolated(self, method):
        # A reviewer deciding locks the document, then its reviews: the cron
        # takes the documents of its reviews without waiting, and leaves the
        # reviews of a document being decided to its next run (the decision
        # may make them needless). Neither waits for the other in the
        # opposite order.
        locked = self.browse()
        for model, reviews in self.grouped("model").items():
            documents = self.env[model].browse(reviews.mapped("res_id"))
            held = set(documents.exists()._try_lock_rows().ids)
            locked |= reviews.filtered(lambda r, held=held: r.res_id in held)
        if not locked:
            return locked, locked
        return super(TierReview, locked)._cron_run_isolated(method)

    @api.model
    def _cron_contract_approval_deadlines(self, batch_size=200):
        """Remind reviewers at their deadline, escalate after the delay.

        Batched with commits by the contracts' cron loop; each review
        remembers when its reminder and its escalation were sent, so a second
        run (or a second worker, the rows being locked) sends nothing again.
        """
        return self._cron_run_steps(
            [
                (self._deadline_domain("reminder"), "_send_deadline_reminders"),
                (self._deadline_domain("escalation"), "_send_escalations"),
            ],
            batch_size=batch_size,
        )
