# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_list

CONTRACT_APPROVAL_MODELS = ("customer.contract", "customer.contract.amendment")

# Settings of base_tier_validation that the contract approval workflow does
# not use (it has its own steps, quorum, activities, deadlines, reminders and
# comments): fixed on contract rules and hidden from their form.
CONTRACT_RULE_FIXED_VALUES = {
    "approve_sequence": True,
    "approve_sequence_bypass": False,
    "allow_write_for_reviewer": False,
    "notify_on_create": False,
    "notify_on_pending": False,
    "notify_on_accepted": False,
    "notify_on_rejected": False,
    "notify_on_restarted": False,
    "has_comment": False,
    "comment_approve_default": False,
    "notify_reminder_delay": 0,
}


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
        aggregator=False,
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
    approval_quorum_count = fields.Integer(
        string="Approvals Needed", aggregator=False, default=1
    )
    contract_type_ids = fields.Many2many(
        "customer.contract.type",
        string="Contract Types",
        help="Applies only to contracts of these types (all when empty).",
    )
    company_currency_id = fields.Many2one(
        "res.currency",
        compute="_compute_company_currency_id",
    )
    # In the company's currency: compared with the contract's value converted
    # at its contract date, whatever the contract's own currency.
    contract_amount_min = fields.Monetary(
        string="Total From (Company Currency)",
        aggregator=False,
        currency_field="company_currency_id",
        help="Applies only when the total (taxes included), converted into the "
        "company's currency at the contract date, is at least this amount (0: "
        "any amount).",
    )
    amendment_delta_min = fields.Monetary(
        string="Change in Value From (Company Currency)",
        aggregator=False,
        currency_field="company_currency_id",
        help="Amendments: applies only when the value changes by at least this "
        "amount in the company's currency (converted at the contract date), up "
        "or down.",
    )
    amendment_delta_percent_min = fields.Float(
        string="Change in Value From (%)",
        aggregator=False,
        digits=(16, 2),
        help="Amendments: applies only when the value changes by at least this "
        "percentage, up or down. With an amount too, either is enough.",
    )
    approval_deadline_days = fields.Integer(
        string="Deadline (days)",
        aggregator=False,
        default=3,
        help="Days a reviewer has to decide once the step opens; the reviewer "
        "is reminded at the deadline.",
    )
    approval_escalation_days = fields.Integer(
        string="Escalation After (days)",
        aggregator=False,
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

    @api.depends("company_id")
    def _compute_company_currency_id(self):
        for definition in self:
            definition.company_currency_id = (
                definition.company_id or self.env.company
            ).currency_id

    @api.depends("model")
    def _compute_is_contract_approval(self):
        for definition in self:
            definition.is_contract_approval = definition.model in (
                CONTRACT_APPROVAL_MODELS
            )

    def _approval_rule_models(self, vals):
        """Models of the rules once ``vals`` is written (or created)."""
        model_id = vals.get("model_id")
        if model_id:
            return {self.env["ir.model"].sudo().browse(model_id).model}
        return set(self.sudo().mapped("model"))

    def _approval_check_scope(self, model_names):
        """Contracts Managers configure the approval rules of contracts and
        amendments only; the rules of other models are the administrators'."""
        user = self.env.user
        if (
            self.env.su
            or user.has_group("base.group_erp_manager")
            or not user.has_group("customer_contract.customer_contract_group_manager")
        ):
            return
        others = set(model_names) - set(CONTRACT_APPROVAL_MODELS)
        if others:
            raise UserError(
                self.env._(
                    "Contracts Managers configure the approval rules of contracts "
                    "and amendments only: ask an administrator to change the "
                    "approval rules of %(models)s.",
                    models=format_list(self.env, sorted(others)),
                )
            )

    def _approval_fixed_values(self, vals):
        """Contract rules keep base_tier_validation's unused settings at
        their fixed values (steps are serial, the workflow notifies)."""
        if self._approval_rule_models(vals) & set(CONTRACT_APPROVAL_MODELS):
            vals.update(CONTRACT_RULE_FIXED_VALUES)
        return vals

    @api.model_create_multi
    def create(self, vals_list):
        vals_list = [dict(vals) for vals in vals_list]
        for vals in vals_list:
            self._approval_check_scope(self._approval_rule_models(vals))
            self._approval_fixed_values(vals)
        return super().create(vals_list)

    def write(self, vals):
        models_before = set(self.sudo().mapped("model"))
        self._approval_check_scope(models_before | self._approval_rule_models(vals))
        contract_rules = self.filtered(
            lambda d: d.sudo().model in CONTRACT_APPROVAL_MODELS
        )
        if contract_rules and contract_rules != self:
            contract_rules.write(vals)
            return (self - contract_rules).write(vals)
        vals = dict(vals)
        if contract_rules:
            vals.update(CONTRACT_RULE_FIXED_VALUES)
        else:
            self._approval_fixed_values(vals)
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_other_models(self):
        self._approval_check_scope(self.sudo().mapped("model"))

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
            record._get_approval_company_amounts()["amount_total"]
            < self.contract_amount_min
        ):
            return False
        if record._name == "customer.contract.amendment" and (
            self.amendment_delta_min or self.amendment_delta_percent_min
        ):
            by_amount = self.amendment_delta_min and (
                abs(record._get_approval_company_amounts()["amount_delta"])
                >= self.amendment_delta_min
            )
            by_percent = self.amendment_delta_percent_min and (
                abs(record.amount_delta_percent) >= self.amendment_delta_percent_min
            )
            if not (by_amount or by_percent):
                return False
        return True
