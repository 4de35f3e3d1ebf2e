# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

CONTRACT_APPROVAL_MODELS = ("customer.contract", "customer.contract.amendment")


class TierDefinition(models.Model):
    """Approval rules of contracts and amendments.

    On top of base_tier_validation's definition: conditions a contract
    manager sets without writing a domain, several reviewers and a quorum,
    a step (rules of the same step run in parallel, steps in turn), a
    deadline and an escalation.
    """

    _inherit = "tier.definition"

    review_type = fields.Selection(
        selection_add=[
            ("users", "Several users"),
            ("owner_manager", "Owner's manager"),
        ],
        ondelete={"users": "set default", "owner_manager": "set default"},
    )
    is_contract_approval = fields.Boolean(compute="_compute_is_contract_approval")
    approval_user_ids = fields.Many2many(
        "res.users",
        "tier_definition_approval_user_rel",
        "definition_id",
        "user_id",
        string="Reviewers",
        domain="[('share', '=', False)]",
    )
    approval_step = fields.Integer(
        string="Step",
        default=1,
        help="Rules of the same step are reviewed in parallel; a step opens "
        "once the previous one is approved.",
    )
    approval_quorum = fields.Selection(
        [
            ("all", "All reviewers"),
            ("any", "Any one reviewer"),
            ("number", "A number of reviewers"),
        ],
        string="Quorum",
        default="all",
        required=True,
        help="How many of the rule's reviewers must approve.",
    )
    approval_quorum_count = fields.Integer(string="Approvals Needed", default=1)
    contract_type_ids = fields.Many2many(
        "customer.contract.type",
        string="Contract Types",
        help="Applies only to contracts of these types (all when empty).",
    )
    contract_amount_min = fields.Float(
        string="Total From",
        digits="Product Price",
        help="Applies only when the total (taxes included) is at least this "
        "amount (0: any amount).",
    )
    amendment_delta_min = fields.Float(
        string="Change in Value From",
        digits="Product Price",
        help="Amendments: applies only when the value changes by at least this "
        "amount, up or down.",
    )
    amendment_delta_percent_min = fields.Float(
        string="Change in Value From (%)",
        digits=(16, 2),
        help="Amendments: applies only when the value changes by at least this "
        "percentage, up or down. With an amount too, either is enough.",
    )
    approval_deadline_days = fields.Integer(
        string="Deadline (days)",
        default=3,
        help="Days a reviewer has to decide once the step opens; the reviewer "
        "is reminded at the deadline.",
    )
    approval_escalation_days = fields.Integer(
        string="Escalation After (days)",
        default=2,
        help="Days after the deadline when the decision is escalated to the "
        "reviewer's manager (0: never).",
    )
    approval_escalation_user_id = fields.Many2one(
        "res.users",
        string="Escalate To",
        domain="[('share', '=', False)]",
        help="Who is told of an overdue decision; the reviewer's sales team "
        "leader when empty.",
    )

    _approval_step_check = models.Constraint(
        "CHECK(approval_step IS NULL OR approval_step >= 1)",
        "The step of an approval rule starts at 1.",
    )
    _approval_quorum_count_check = models.Constraint(
        "CHECK(approval_quorum_count IS NULL OR approval_quorum_count >= 1)",
        "An approval rule needs at least one approval.",
    )
    _approval_days_check = models.Constraint(
        "CHECK(COALESCE(approval_deadline_days, 0) >= 0 "
        "AND COALESCE(approval_escalation_days, 0) >= 0)",
        "The deadline and escalation delays cannot be negative.",
    )

    @api.model
    def _get_tier_validation_model_names(self):
        return [*super()._get_tier_validation_model_names(), *CONTRACT_APPROVAL_MODELS]

    @api.depends("model")
    def _compute_is_contract_approval(self):
        for definition in self:
            definition.is_contract_approval = definition.model in (
                CONTRACT_APPROVAL_MODELS
            )

    def _approval_force_sequence(self, vals):
        """Steps are serial: a review of a contract waits for the steps
        before it, so its rule always approves by sequence."""
        model_id = vals.get("model_id")
        names = (
            {self.env["ir.model"].sudo().browse(model_id).model}
            if model_id
            else set(self.mapped("model"))
        )
        if names & set(CONTRACT_APPROVAL_MODELS):
            vals["approve_sequence"] = True
        return vals

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._approval_force_sequence(vals)
        return super().create(vals_list)

    def write(self, vals):
        if {"model_id", "approve_sequence"} & set(vals):
            vals = self._approval_force_sequence(dict(vals))
        return super().write(vals)

    def _approval_required_count(self, reviewer_count):
        """Approvals the rule needs out of ``reviewer_count`` reviewers."""
        self.ensure_one()
        if self.approval_quorum == "any":
            return 1
        if self.approval_quorum == "number":
            return self.approval_quorum_count
        return reviewer_count

    def _approval_conditions_match(self, record):
        """Whether the rule's contract conditions hold for ``record`` (a
        contract or an amendment); other models are left to the domain."""
        self.ensure_one()
        if record._name not in CONTRACT_APPROVAL_MODELS:
            return True
        if self.contract_type_ids and (record.type_id not in self.contract_type_ids):
            return False
        if self.contract_amount_min and (
            record.amount_total < self.contract_amount_min
        ):
            return False
        if record._name == "customer.contract.amendment" and (
            self.amendment_delta_min or self.amendment_delta_percent_min
        ):
            by_amount = self.amendment_delta_min and (
                abs(record.amount_delta) >= self.amendment_delta_min
            )
            by_percent = self.amendment_delta_percent_min and (
                abs(record.amount_delta_percent) >= self.amendment_delta_percent_min
            )
            if not (by_amount or by_percent):
                return False
        return True
