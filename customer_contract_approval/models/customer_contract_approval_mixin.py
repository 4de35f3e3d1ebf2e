# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain
from odoo.tools import format_list

OPEN_STATUSES = ("waiting", "pending")
APPROVAL_STATES = ("to_approve", "approved")
ACTIVITY_TYPE = "customer_contract_approval.mail_activity_type_contract_approval"
REJECTED_ACTIVITY_TYPE = (
    "customer_contract_approval.mail_activity_type_contract_approval_rejected"
)


class CustomerContractApprovalMixin(models.AbstractModel):
    """Approval of a contract document (contract or amendment), on top of
    OCA's ``tier.validation``.

    base_tier_validation keeps one review per tier definition, decided by any
    one of its reviewers, and steps ordered by definition. A contract needs
    more: parallel reviewers within a step with a quorum (N of M), one
    activity per awaited reviewer, deadlines and escalation, and a history
    that survives a new request after a rejection. So each review here is
    the review of one reviewer (``approver_user_id``), its ``sequence`` is
    the step of its definition, and the reviews of an earlier request are
    archived rather than deleted.
    """

    _name = "customer.contract.approval.mixin"
    _description = "Contract Approval (mixin)"
    # The documents also inherit ``customer.contract.workflow.mixin`` (owned
    # fields, row locks): listed by the documents themselves, before this
    # mixin, so that it comes once in their classes.
    _inherit = ["tier.validation"]

    _tier_validation_manual_config = True
    _state_from = ["to_approve"]
    _state_to = ["approved"]
    _cancel_state = "cancelled"

    # The approval is internal: none of its fields is read by portal users
    # (the customer reading their contract over the API sees no reviewer,
    # no decision, no comment).
    review_ids = fields.One2many(groups="base.group_user")
    to_validate_message = fields.Html(groups="base.group_user")
    validated_message = fields.Html(groups="base.group_user")
    rejected_message = fields.Html(groups="base.group_user")
    need_validation = fields.Boolean(groups="base.group_user")
    validation_status = fields.Selection(groups="base.group_user")
    reviewer_ids = fields.Many2many(groups="base.group_user")
    can_review = fields.Boolean(groups="base.group_user")
    has_comment = fields.Boolean(groups="base.group_user")
    next_review = fields.Char(groups="base.group_user")
    hide_reviews = fields.Boolean(groups="base.group_user")
    approval_review_ids = fields.One2many(
        "tier.review",
        "res_id",
        string="Approval History",
        domain=lambda self: [("model", "=", self._name)],
        context={"active_test": False},
        bypass_search_access=True,
        readonly=True,
        groups="base.group_user",
    )
    approval_required = fields.Boolean(
        compute="_compute_approval_required",
        groups="base.group_user",
        help="An approval rule applies: the document must be approved before "
        "it is signed.",
    )
    approval_can_decide = fields.Boolean(
        string="Awaiting My Decision",
        compute="_compute_approval_can_decide",
        search="_search_approval_can_decide",
        groups="base.group_user",
    )
    approval_step = fields.Integer(
        compute="_compute_approval_step",
        groups="base.group_user",
        help="Step of the approval currently awaited.",
    )
    approval_requested_on = fields.Datetime(
        readonly=True, copy=False, groups="base.group_user"
    )
    approval_decided_on = fields.Datetime(
        string="Last Approval Decision",
        readonly=True,
        copy=False,
        groups="base.group_user",
    )

    # ------------------------------------------------------------------
    # Compute
    # ------------------------------------------------------------------
    def _compute_approval_required(self):
        matching = self._approval_matching_definitions()
        for rec in self:
            rec.approval_required = bool(matching.get(rec))

    @api.depends_context("uid")
    @api.depends("review_ids.status", "review_ids.approver_user_id", "state")
    def _compute_approval_can_decide(self):
        user = self.env.user
        for rec in self:
            rec.approval_can_decide = rec.state == "to_approve" and any(
                review.status == "pending" and review.approver_user_id == user
                for review in rec.review_ids
            )

    def _search_approval_can_decide(self, operator, value):
        if operator in ("=", "!="):
            value, operator = [value], ("in" if operator == "=" else "not in")
        if operator not in ("in", "not in"):
            return NotImplemented
        domain = Domain("state", "=", "to_approve") & Domain(
            "review_ids",
            "any",
            Domain("approver_user_id", "=", self.env.uid)
            & Domain("status", "=", "pending"),
        )
        positive = (True in value) == (operator == "in")
        return domain if positive else ~domain

    @api.depends("review_ids.status", "review_ids.sequence")
    def _compute_approval_step(self):
        for rec in self:
            steps = [r.sequence for r in rec.review_ids if r.status in OPEN_STATUSES]
            rec.approval_step = min(steps) if steps else 0

    def _get_to_validate_message(self):
        """Name everyone awaited in the current step (a review per reviewer;
        base_tier_validation names the first one only)."""
        step = self.approval_step
        pending = self.review_ids.filtered(
            lambda r: r.status == "pending" and r.sequence == step and r.todo_by
        )
        if not pending:
            return super()._get_to_validate_message()
        return Markup('<i class="fa fa-lg fa-info-circle"></i> %s') % self.env._(
            "Pending validation by %(todo_by)s",
            todo_by=format_list(self.env, pending.mapped("todo_by")),
        )

    def _validated_states(self):
        # Reviews no longer needed once their step reached its quorum are
        # cancelled: they do not hold the document back.
        return ["approved", "cancel"]

    # ------------------------------------------------------------------
    # Hooks of the concrete documents
    # ------------------------------------------------------------------
    def _approval_requestable_states(self):
        """States from which an approval can be requested."""
        return ("draft",)

    def _approval_rejected_state(self):
        """State a rejected document goes back to."""
        return "draft"

    def _approval_owner(self):
        self.ensure_one()
        return self.user_id

    def _approval_owner_manager(self):
        """The owner's manager: the leader of the owner's sales team."""
        self.ensure_one()
        return self.env["res.users"]

    def _approval_check_requestable(self):
        for rec in self:
            if rec.state not in rec._approval_requestable_states():
                raise UserError(
                    self.env._(
                        "%(document)s is %(state)s: its approval cannot be "
                        "requested now.",
                        document=rec.display_name,
                        state=rec._approval_state_label(),
                    )
                )
        return True

    def _approval_locked_fields(self):
        """Fields that cannot change while the document is under review."""
        return set()

    def _approval_on_approved(self):
        """Hook called once the documents are finally approved."""
        return True

    def _approval_state_label(self):
        self.ensure_one()
        return dict(self._fields["state"]._description_selection(self.env))[self.state]

    # ------------------------------------------------------------------
    # Fields owned by the approval workflow
    # ------------------------------------------------------------------
    def _approval_workflow_fields(self):
        """Fields of the approval workflow (added to the documents'
        ``_get_workflow_fields``)."""
        request = self.env._("Use the Request Approval button.")
        decide = self.env._(
            "Use the Approve or Reject buttons (as a reviewer of the current step)."
        )
        return {
            "approval_requested_on": request,
            "approval_decided_on": decide,
            "review_ids": request,
            "approval_review_ids": request,
            "validation_status": decide,
        }

    def _approval_extend_workflow_fields(self, fields_map):
        """The documents' workflow fields, with the approval's: its own
        fields, and its actions among those that move the state."""
        fields_map = dict(fields_map)
        if "state" in fields_map:
            fields_map["state"] = self.env._(
                "%(actions)s For the approval, use Request Approval, Approve or "
                "Reject, and Withdraw Approval.",
                actions=fields_map["state"],
            )
        fields_map.update(self._approval_workflow_fields())
        return fields_map

    def _check_approval_workflow(self, vals, creating=False):
        """Refuse the approval states and bookkeeping outside the workflow:
        a document reaches "To Approve" by a request, "Approved" by the
        decisions of its reviewers, and leaves them by a decision, a
        withdrawal or its signature."""
        # The approval's own fields (the documents check theirs).
        self._check_workflow_fields(
            {
                name: value
                for name, value in vals.items()
                if name in self._approval_workflow_fields()
            },
            creating=creating,
        )
        if "state" not in vals or self._workflow_allowed(creating=creating):
            return
        state = vals["state"]
        leaving = self.filtered(
            lambda r: r.state in APPROVAL_STATES and r.state != state
        )
        # Past the approval (signed, applied...) without it: only the
        # signature or the application, once approved, gets there.
        skipping = (
            self.sudo().filtered(
                lambda r: (
                    r.state in r._approval_requestable_states()
                    and state
                    not in (
                        *r._approval_requestable_states(),
                        *APPROVAL_STATES,
                        self._cancel_state,
                    )
                    and r.approval_required
                )
            )
            if not creating
            else self.browse()
        )
        if skipping:
            raise UserError(
                self.env._(
                    "%(document)s must be approved before it is signed or "
                    "applied: request its approval, then sign it.",
                    document=skipping[0].display_name,
                )
            )
        if state in APPROVAL_STATES or leaving:
            if creating:
                document = self._description
            else:
                document = (leaving or self)[:1].display_name
            raise UserError(
                self.env._(
                    "%(document)s cannot be moved in or out of its approval "
                    "directly: use Request Approval, let the reviewers of each "
                    "step approve or reject it, or Withdraw Approval.",
                    document=document,
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_approval_workflow(vals, creating=True)
        return super().create(vals_list)

    def write(self, vals):
        self._check_approval_workflow(vals)
        return super().write(vals)

    # ------------------------------------------------------------------
    # tier.validation: keep its safety checks, drive the workflow here
    # ------------------------------------------------------------------
    @api.model
    def _get_under_validation_exceptions(self):
        # Only the terms are frozen under review (by the documents' own
        # locking); notes, tags, followers... stay editable.
        exceptions = super()._get_under_validation_exceptions()
        return list(
            set(exceptions) | (set(self._fields) - set(self._approval_locked_fields()))
        )

    def _tier_validation_check_write_allowed(self, vals):
        # Documents never reviewed cannot be under validation: skip the
        # per-record checks (they search the exceptions record by record).
        return super(
            CustomerContractApprovalMixin, self.filtered("review_ids")
        )._tier_validation_check_write_allowed(vals)

    def _tier_validation_check_write_remove_reviews(self, vals):
        # Reviews are the approval history: a new request archives them.
        return

    def request_validation(self):
        self._approval_request()
        return self.review_ids

    def restart_validation(self):
        self._approval_withdraw()

    def validate_tier(self):
        return self.action_approval_approve()

    def reject_tier(self):
        return self.action_approval_reject()

    def _validate_tier(self, tiers=False):
        self.ensure_one()
        self._approval_decide("approve", (tiers and tiers[:1].comment) or None)

    def _rejected_tier(self, tiers=False):
        self.ensure_one()
        self._approval_decide("reject", (tiers and tiers[:1].comment) or None)

    def unlink(self):
        # The history goes with the document (tier.validation removes only
        # the current reviews).
        self.approval_review_ids.sudo().unlink()
        return super().unlink()

    # ------------------------------------------------------------------
    # Rules and reviewers
    # ------------------------------------------------------------------
    def _approval_definitions(self):
        """Active approval rules of this model for the documents' companies."""
        return (
            self.env["tier.definition"]
            .sudo()
            .with_context(active_test=True)
            .search(
                Domain("model", "=", self._name)
                & Domain("company_id", "in", [False, *self.company_id.ids]),
                order="approval_step, sequence desc, id",
            )
        )

    def _approval_matching_definitions(self, definitions=None):
        """:return: {document: tier.definition recordset that applies to it}"""
        if not self:
            return {}
        if definitions is None:
            definitions = self._approval_definitions()
        result = {}
        for rec in self:
            result[rec] = definitions.filtered(
                lambda d, rec=rec: (
                    (not d.company_id or d.company_id == rec.company_id)
                    and rec.evaluate_tier(d)
                )
            )
        return result

    def evaluate_tier(self, tier):
        matched = super().evaluate_tier(tier)
        return matched.filtered(lambda rec: tier._approval_conditions_match(rec))

    def _approval_reviewers(self, definition):
        """Users who review ``self`` for ``definition``: active internal
        users, the owner left out unless the company allows it."""
        self.ensure_one()
        review_type = definition.review_type
        users = self.env["res.users"]
        if review_type == "individual":
            users = definition.reviewer_id
        elif review_type == "users":
            users = definition.approval_user_ids
        elif review_type == "group":
            users = definition.reviewer_group_id.all_user_ids
        elif review_type == "owner_manager":
            users = self._approval_owner_manager()
        elif review_type == "field" and definition.reviewer_field_id:
            value = self.sudo()[definition.reviewer_field_id.name]
            users = value.all_user_ids if value._name == "res.groups" else value
        users = users.filtered(lambda u: u.active and not u.share)
        if not self.company_id.contract_approval_allow_owner:
            users -= self._approval_owner()
        if definition.exclude_requester:
            users -= self.env.user
        return users

    # ------------------------------------------------------------------
    # Request
    # ------------------------------------------------------------------
    def action_request_approval(self):
        self._approval_request()
        return True

    def _approval_request(self, matching=None):
        """Send the documents to review: one review per reviewer of each rule
        that applies, steps opened one after the other."""
        if not self:
            return self.env["tier.review"]
        self.check_access("write")
        self._approval_check_requestable()
        # A concurrent request or decision on the same documents waits here,
        # then is retried on a fresh snapshot.
        self._lock_rows()
        if matching is None:
            matching = self._approval_matching_definitions()
        vals_list = []
        for rec in self:
            definitions = matching.get(rec)
            if not definitions:
                raise UserError(
                    self.env._(
                        "%(document)s needs no approval: no approval rule applies "
                        "to it. It can be signed directly.",
                        document=rec.display_name,
                    )
                )
            seen_by_step = {}
            for definition in definitions:
                step = definition.approval_step
                seen = seen_by_step.setdefault(step, self.env["res.users"])
                # Nobody decides twice in the same step.
                reviewers = rec._approval_reviewers(definition) - seen
                seen_by_step[step] = seen | reviewers
                required = definition._approval_required_count(len(reviewers))
                if not reviewers or len(reviewers) < required:
                    raise UserError(
                        self.env._(
                            'The approval rule "%(rule)s" needs %(required)s '
                            "approval(s) of %(document)s but finds %(count)s "
                            "reviewer(s) who may approve it (the owner cannot). "
                            "Correct the rule's reviewers.",
                            rule=definition.name,
                            required=max(required, 1),
                            document=rec.display_name,
                            count=len(reviewers),
                        )
                    )
                vals_list += [
                    {
                        "model": self._name,
                        "res_id": rec.id,
                        "definition_id": definition.id,
                        "requested_by": self.env.uid,
                        "sequence": step,
                        "approver_user_id": user.id,
                        "status": "waiting",
                    }
                    for user in reviewers
                ]
        # A new request starts afresh: the reviews of earlier requests stay
        # as history only.
        with self._workflow():
            self._approval_close_rejection()
            self._approval_archive_reviews()
            reviews = self.env["tier.review"].sudo().create(vals_list)
            self.write(
                {"state": "to_approve", "approval_requested_on": fields.Datetime.now()}
            )
            self._approval_open_next_step()
        self._approval_log(
            {
                rec.id: Markup("<p>%s</p>")
                % self.env._("Approval requested by %(user)s.", user=self.env.user.name)
                for rec in self
            }
        )
        return reviews

    def _approval_open_next_step(self):
        """Open the lowest undecided step of each document: its reviews become
        pending with their deadline, and each reviewer gets one activity."""
        reviews = self.env["tier.review"]
        for rec in self:
            open_reviews = rec.review_ids.filtered(lambda r: r.status in OPEN_STATUSES)
            if not open_reviews:
                continue
            step = min(open_reviews.mapped("sequence"))
            reviews |= open_reviews.filtered(
                lambda r, step=step: r.sequence == step and r.status == "waiting"
            )
        if not reviews:
            return reviews
        now = fields.Datetime.now()
        today = fields.Date.context_today(self)
        for definition, def_reviews in reviews.grouped("definition_id").items():
            deadline = today + timedelta(days=definition.approval_deadline_days)
            def_reviews.sudo().write(
                {
                    "status": "pending",
                    "date_pending": now,
                    "date_deadline": deadline,
                    "date_escalation": definition.approval_escalation_days
                    and deadline + timedelta(days=definition.approval_escalation_days),
                }
            )
        activity_type = self.env.ref(ACTIVITY_TYPE)
        model_id = self.env["ir.model"]._get_id(self._name)
        documents = {rec.id: rec for rec in self}
        self.env["mail.activity"].sudo().create(
            [
                {
                    "res_model_id": model_id,
                    "res_id": review.res_id,
                    "activity_type_id": activity_type.id,
                    "user_id": review.approver_user_id.id,
                    "date_deadline": review.date_deadline,
                    "summary": self.env._(
                        "Approve %(document)s (%(rule)s)",
                        document=documents[review.res_id].display_name,
                        rule=review.definition_id.name,
                    ),
                    "automated": True,
                }
                for review in reviews
            ]
        )
        return reviews

    # ------------------------------------------------------------------
    # Decisions
    # ------------------------------------------------------------------
    def _approval_open_wizard(self, decision):
        self.ensure_one()
        self._approval_check_can_decide()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Approve")
            if decision == "approve"
            else self.env._("Reject"),
            "res_model": "customer.contract.approval.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_res_model": self._name,
                "default_res_id": self.id,
                "default_decision": decision,
            },
        }

    def action_approval_approve(self):
        return self._approval_open_wizard("approve")

    def action_approval_reject(self):
        return self._approval_open_wizard("reject")

    def _approval_check_can_decide(self):
        """:return: the pending review of the current user in the current
        step, or raise a clear error."""
        self.ensure_one()
        user = self.env.user
        self._approval_check_decided_without_user()
        if self.state != "to_approve":
            raise UserError(
                self.env._(
                    "%(document)s is %(state)s: it is not awaiting an approval.",
                    document=self.display_name,
                    state=self._approval_state_label(),
                )
            )
        if (
            user == self._approval_owner()
            and not self.company_id.contract_approval_allow_owner
        ):
            raise UserError(
                self.env._(
                    "You own %(document)s: you cannot approve or reject it yourself.",
                    document=self.display_name,
                )
            )
        step = self.approval_step
        step_reviews = self.review_ids.filtered(
            lambda r: r.sequence == step and r.approver_user_id == user
        )
        mine = step_reviews.filtered(lambda r: r.status == "pending")
        if not mine:
            if step_reviews.filtered(lambda r: r.status in ("approved", "rejected")):
                raise UserError(
                    self.env._(
                        "You already decided on %(document)s in this step.",
                        document=self.display_name,
                    )
                )
            raise UserError(
                self.env._(
                    "You are not a reviewer of the current approval step of "
                    "%(document)s.",
                    document=self.display_name,
                )
            )
        return mine[:1]

    def _approval_check_decided_without_user(self):
        """Tell the reviewer whose review was cancelled because the step was
        decided without him (quorum reached, or rejected by another
        reviewer), typically when two reviewers decide at the same moment:
        the one who loses the race is retried and sees why his decision is
        no longer needed."""
        user = self.env.user
        cancelled = self.review_ids.filtered(
            lambda r: r.approver_user_id == user and r.status == "cancel"
        )
        if not cancelled:
            return
        rejection = self.review_ids.filtered(lambda r: r.status == "rejected")[:1]
        if rejection:
            raise UserError(
                self.env._(
                    "%(document)s was already rejected by %(user)s: your "
                    "decision is no longer needed.",
                    document=self.display_name,
                    user=rejection.done_by.name,
                )
            )
        step = max(cancelled.mapped("sequence"))
        step_reviews = self.review_ids.filtered(lambda r: r.sequence == step)
        if "approved" in step_reviews.mapped("status") and not any(
            status in OPEN_STATUSES for status in step_reviews.mapped("status")
        ):
            raise UserError(
                self.env._(
                    "The step was already approved by quorum: your decision on "
                    "%(document)s is no longer needed.",
                    document=self.display_name,
                )
            )

    def _approval_decide(self, decision, comment=None):
        """Record the decision of the current user on the current step.

        :param str decision: "approve" or "reject"
        :param str comment: the reviewer's comment, required to reject
        """
        self.ensure_one()
        comment = (comment or "").strip()
        if decision not in ("approve", "reject"):
            raise UserError(
                self.env._("Unknown approval decision: %(decision)s", decision=decision)
            )
        if decision == "reject" and not comment:
            raise UserError(
                self.env._(
                    "Give the reason why you reject %(document)s.",
                    document=self.display_name,
                )
            )
        # Only those who may read the document decide on it (a reviewer
        # reads the documents submitted to them).
        self.check_access("read")
        # Every decision also writes ``approval_decided_on``: a concurrent
        # decision on the same document waits here, then fails with a
        # serialization error and is retried (as Odoo retries requests) on a
        # fresh snapshot, where it sees the decision made before it.
        self._lock_rows()
        # Read the reviews as they are now that the document is locked, and
        # lock them: a cron that changed them meanwhile (a reminder) makes
        # this decision fail here, unlogged, and be retried likewise.
        self.env["tier.review"].invalidate_model()
        self.review_ids._lock_rows()
        review = self._approval_check_can_decide()
        # The reviewer is checked above: the decision is recorded whatever
        # the reviewer's rights on the document (a reviewer outside the
        # contract groups reads it only).
        document = self.sudo()
        with document._workflow():
            document._approval_record_decision(review, decision, comment)
        return True

    def _approval_record_decision(self, review, decision, comment):
        now = fields.Datetime.now()
        review.sudo().write(
            {
                "status": "approved" if decision == "approve" else "rejected",
                "done_by": self.env.uid,
                "reviewed_date": now,
                "comment": comment or False,
            }
        )
        # The decision's own message below says who decided and why: the
        # reviewer's activity is done without a message of its own.
        self._approval_close_activities(review, feedback=comment)
        if decision == "approve":
            body = (
                self.env._(
                    "Approved by %(user)s (%(rule)s): %(comment)s",
                    user=self.env.user.name,
                    rule=review.definition_id.name,
                    comment=comment,
                )
                if comment
                else self.env._(
                    "Approved by %(user)s (%(rule)s).",
                    user=self.env.user.name,
                    rule=review.definition_id.name,
                )
            )
        else:
            body = self.env._(
                "Rejected by %(user)s (%(rule)s): %(reason)s",
                user=self.env.user.name,
                rule=review.definition_id.name,
                reason=comment,
            )
        self.write({"approval_decided_on": now})
        if decision == "approve":
            if self._approval_advance(review.sequence):
                body += " " + self.env._(
                    "Approved: %(document)s can now be signed.",
                    document=self.display_name,
                )
        else:
            self._approval_rejected(comment)
        self._approval_log({self.id: Markup("<p>%s</p>") % body})

    def _approval_log(self, bodies):
        """One chatter message per approval action (request, decision,
        withdrawal): when the action moves the document, its body is the one
        of the state change's tracking message; otherwise it is logged as a
        note.

        :param dict bodies: {document id: body}
        """
        data = self.env.cr.precommit.data
        tracked = data.get(f"mail.tracking.{self._name}", {})
        track_bodies = data.get(f"mail.tracking.message.{self._name}", {})
        notes = {}
        for rec in self:
            initial = tracked.get(rec.id)
            if (
                initial
                and "state" in initial
                and initial["state"] != rec.state
                and rec.id not in track_bodies
            ):
                rec._track_set_author(self.env.user.partner_id)
                rec._track_set_log_message(bodies[rec.id])
            else:
                notes[rec.id] = bodies[rec.id]
        if notes:
            self.browse(notes)._message_log_batch(bodies=notes)

    def _approval_step_closed(self, step_reviews):
        """Whether every rule of the step reached its quorum."""
        for definition, reviews in step_reviews.grouped("definition_id").items():
            approved = len(reviews.filtered(lambda r: r.status == "approved"))
            if approved < definition._approval_required_count(len(reviews)):
                return False
        return True

    def _approval_advance(self, step):
        """Close ``step`` once its quorum is reached, then open the next one,
        or mark the document approved after the last."""
        approved = self.browse()
        for rec in self:
            step_reviews = rec.review_ids.filtered(lambda r, s=step: r.sequence == s)
            if not rec._approval_step_closed(step_reviews):
                continue
            leftover = step_reviews.filtered(lambda r: r.status in OPEN_STATUSES)
            if leftover:
                leftover.sudo().write({"status": "cancel"})
                rec._approval_close_activities(leftover)
            if rec.review_ids.filtered(lambda r: r.status in OPEN_STATUSES):
                rec._approval_open_next_step()
            else:
                approved |= rec
        if approved:
            approved.write({"state": "approved"})
            approved._approval_close_rejection()
            approved._approval_on_approved()
        return approved

    def _approval_rejected(self, reason):
        """Cancel what is still awaited, send the document back and tell its
        owner why."""
        leftover = self.review_ids.filtered(lambda r: r.status in OPEN_STATUSES)
        if leftover:
            leftover.sudo().write({"status": "cancel"})
            self._approval_close_activities(leftover)
        self.write({"state": self._approval_rejected_state()})
        for rec in self:
            rec.sudo().activity_schedule(
                REJECTED_ACTIVITY_TYPE,
                user_id=(rec._approval_owner() or self.env.user).id,
                summary=self.env._("Approval rejected"),
                note=reason,
            )

    @api.model
    def _approval_mark_done(self, activities, feedback=False):
        """Mark activities done as ``action_feedback`` does (archived, with
        their feedback, in the history of done activities) but without its
        chatter message: the workflow logs what happened once."""
        activities.sudo().write({"active": False, "feedback": feedback or False})

    def _approval_close_rejection(self):
        """The owner's "Approval rejected" activity is done once the document
        goes to review again, is approved, signed or cancelled."""
        self._approval_mark_done(
            self.sudo().activity_search([REJECTED_ACTIVITY_TYPE], only_automated=False)
        )

    def _approval_close_activities(self, reviews, feedback=None):
        """Close the approval activities of ``reviews`` without a message of
        their own (the decision, the withdrawal or the step closed is logged
        by the workflow): marked done with the reviewer's comment for a
        decision, deleted when no longer needed. The escalations of these
        reviews are no longer needed either."""
        escalations = reviews.sudo().escalation_activity_id.exists()
        activities = (
            self.env["mail.activity"]
            .sudo()
            .search(
                Domain("res_model", "=", self._name)
                & Domain("res_id", "in", self.ids)
                & Domain("activity_type_id", "=", self.env.ref(ACTIVITY_TYPE).id)
                & Domain("user_id", "in", reviews.approver_user_id.ids)
            )
        ) - escalations
        if escalations:
            escalations.unlink()
        if not activities:
            return
        if feedback is None:
            activities.unlink()
        else:
            self._approval_mark_done(activities, feedback)

    def _approval_archive_reviews(self):
        """Keep the current reviews as history only, out of the workflow."""
        reviews = self.review_ids
        if not reviews:
            return
        reviews.sudo().write({"active": False})
        self.invalidate_recordset(["review_ids"])
        self.env.add_to_compute(self._fields["validation_status"], self)

    # ------------------------------------------------------------------
    # Withdrawal
    # ------------------------------------------------------------------
    def action_withdraw_approval(self):
        self._approval_withdraw()
        return True

    def _approval_reset_after_customer(self):
        """The customer declined the approved documents, or asked for
        changes: back to their editable state, their approval kept as
        history only; edited, they are approved again."""
        approved = self.filtered(lambda r: r.state == "approved")
        if not approved:
            return
        with approved._workflow():
            approved._approval_archive_reviews()
            for state, records in approved.grouped(
                lambda r: r._approval_rejected_state()
            ).items():
                records.write({"state": state})
        approved._approval_log(
            {
                rec.id: Markup("<p>%s</p>")
                % self.env._(
                    "Back to edition after the customer's answer: the approval "
                    "is to be requested again."
                )
                for rec in approved
            }
        )

    def _approval_withdraw(self):
        """Take the documents out of review (to edit them again, or cancel)."""
        to_withdraw = self.filtered(lambda r: r.state in APPROVAL_STATES)
        if not to_withdraw:
            return
        # Those who may change the document withdraw it; a reviewer decides.
        to_withdraw.check_access("write")
        to_withdraw._lock_rows()
        with to_withdraw._workflow():
            leftover = to_withdraw.review_ids.filtered(
                lambda r: r.status in OPEN_STATUSES
            )
            if leftover:
                leftover.sudo().write({"status": "cancel"})
                to_withdraw._approval_close_activities(leftover)
            to_withdraw._approval_archive_reviews()
            for state, records in to_withdraw.grouped(
                lambda r: r._approval_rejected_state()
            ).items():
                records.write({"state": state})
        to_withdraw._approval_log(
            {
                rec.id: Markup("<p>%s</p>")
                % self.env._(
                    "Approval request withdrawn by %(user)s.", user=self.env.user.name
                )
                for rec in to_withdraw
            }
        )
