# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import math

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.fields import Domain
from odoo.tools import format_list

RENEWAL_MODES = [
    ("none", "No Renewal"),
    ("negotiated", "Negotiated"),
    ("automatic", "Automatic"),
]
# The renewal terms: agreed with the customer like the other terms (locked
# once signed, changed by an amendment, frozen in the versions).
RENEWAL_TERM_FIELDS = (
    "renewal_mode",
    "renewal_term_months",
    "renewal_notice_days",
    "renewal_reminder_days",
    "renewal_uplift",
    "renewal_max",
)


def check_renewal_uplift_value(env, vals, document):
    """Refuse a NaN or infinite uplift before it is written (the ORM cannot
    even round it)."""
    uplift = vals.get("renewal_uplift")
    if isinstance(uplift, float) and not math.isfinite(uplift):
        raise ValidationError(
            env._(
                "The renewal terms of %(document)s are not valid: the price uplift "
                "must be a number above -100%%, not %(uplift)s.",
                document=document,
                uplift=uplift,
            )
        )


def check_renewal_terms(record, document):
    """Refuse renewal terms the renewal cron could not honour.

    :param record: a record holding the fields of ``RENEWAL_TERM_FIELDS``
    :param str document: how the record is named in the message
    :raise ValidationError: naming ``document`` and every wrong term
    """
    env = record.env
    problems = []
    months = record.renewal_term_months or 0
    if months <= 0:
        problems.append(env._("the renewal term must be at least one month"))
    uplift = record.renewal_uplift or 0.0
    if not math.isfinite(uplift) or uplift <= -100.0:
        problems.append(
            env._(
                "the price uplift must be a number above -100%% (%(uplift)s%% "
                "would make the prices zero or negative)",
                uplift=uplift,
            )
        )
    notice = record.renewal_notice_days or 0
    reminder = record.renewal_reminder_days or 0
    if notice < 0:
        problems.append(env._("the notice period cannot be negative"))
    if reminder < 0:
        problems.append(env._("the reminder lead time cannot be negative"))
    # The notice deadline and the reminder fall within the term (without
    # renewal they are not used).
    term_days = int(months * 365 / 12)
    if record.renewal_mode not in (False, "none") and months > 0:
        if notice >= term_days:
            problems.append(
                env._(
                    "the notice period (%(days)s days) must be shorter than the "
                    "renewal term (%(months)s months)",
                    days=notice,
                    months=months,
                )
            )
        elif notice >= 0 and reminder >= 0 and notice + reminder >= term_days:
            problems.append(
                env._(
                    "the notice period and the reminder lead time together "
                    "(%(days)s days) must be shorter than the renewal term "
                    "(%(months)s months)",
                    days=notice + reminder,
                    months=months,
                )
            )
    if (record.renewal_max or 0) < 0:
        problems.append(
            env._("the maximum number of renewals cannot be negative (0: no limit)")
        )
    if problems:
        raise ValidationError(
            env._(
                "The renewal terms of %(document)s are not valid: %(problems)s. "
                "Correct them before saving.",
                document=document,
                problems=format_list(env, problems),
            )
        )


class CustomerContractRenewal(models.Model):
    """One term of a contract coming to its end, and what became of it.

    There is one row per contract and term: the cron creates it (under a
    lock on the contract) before doing anything for the term, so a reminder,
    an opportunity, an amendment or an email is never made twice.
    """

    _name = "customer.contract.renewal"
    _inherit = ["customer.contract.workflow.mixin"]
    _description = "Contract Renewal"
    _order = "date_end desc, id desc"
    _check_company_auto = True
    _rec_names_search = ["contract_id"]

    contract_id = fields.Many2one(
        "customer.contract",
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
    )
    term = fields.Integer(
        aggregator=False,
        required=True,
        readonly=True,
        help="Number of the term coming to its end (1 for the initial term).",
    )
    company_id = fields.Many2one(
        related="contract_id.company_id", store=True, precompute=True, index=True
    )
    currency_id = fields.Many2one(related="contract_id.currency_id")
    partner_id = fields.Many2one(
        related="contract_id.partner_id", store=True, string="Customer"
    )
    user_id = fields.Many2one(related="contract_id.user_id", store=True, string="Owner")
    team_id = fields.Many2one(related="contract_id.team_id", store=True)
    type_id = fields.Many2one(related="contract_id.type_id", store=True)
    mode = fields.Selection(RENEWAL_MODES, required=True, readonly=True)
    date_start = fields.Date(string="Term Start", readonly=True)
    date_end = fields.Date(string="Term End", readonly=True)
    # In the contract's currency: never summed across contracts (their
    # currencies differ), the company-currency values below are.
    amount = fields.Monetary(
        string="Term Value",
        readonly=True,
        aggregator=False,
        help="Untaxed value of the ending term.",
    )
    amount_renewed = fields.Monetary(
        string="Renewed Value",
        readonly=True,
        aggregator=False,
        help="Untaxed value of the next term, once renewed.",
    )
    company_currency_id = fields.Many2one(
        related="company_id.currency_id", string="Company Currency"
    )
    amount_company = fields.Monetary(
        string="Term Value (Company Currency)",
        readonly=True,
        currency_field="company_currency_id",
        help="Untaxed value of the ending term in the company's currency, "
        "converted at the contract date.",
    )
    amount_renewed_company = fields.Monetary(
        string="Renewed Value (Company Currency)",
        readonly=True,
        currency_field="company_currency_id",
        help="Untaxed value of the next term in the company's currency, "
        "converted at the contract date, once renewed.",
    )
    state = fields.Selection(
        [
            ("pending", "Up for Renewal"),
            ("renewing", "Renewal Submitted"),
            ("renewed", "Renewed"),
            ("churned", "Not Renewed"),
        ],
        string="Status",
        default="pending",
        required=True,
        readonly=True,
        index=True,
    )
    renewed_how = fields.Selection(
        [
            ("automatic", "Automatically"),
            ("quotation", "Renewal Quotation"),
        ],
        string="Renewed By",
        readonly=True,
    )
    churn_reason = fields.Selection(
        [
            ("notice", "Notice of Non-Renewal"),
            ("max", "Maximum Renewals Reached"),
            ("not_concluded", "Renewal Not Concluded"),
        ],
        readonly=True,
    )
    renewal_rate = fields.Float(
        compute="_compute_renewal_rate",
        store=True,
        aggregator="avg",
        digits=(16, 1),
        string="Renewal Rate (%)",
        help="100 for a renewed term, 0 for a lost one (concluded terms only).",
    )
    date_reminded = fields.Date(string="Reminded On", readonly=True)
    date_renewed = fields.Date(string="Renewed On", readonly=True)
    date_announced = fields.Date(string="Renewal Announced On", readonly=True)
    reminder_message_id = fields.Many2one(
        "mail.message", string="Reminder Email", readonly=True
    )
    renewal_message_id = fields.Many2one(
        "mail.message", string="Renewal Email", readonly=True
    )
    opportunity_id = fields.Many2one(
        "crm.lead", string="Renewal Opportunity", readonly=True, index="btree_not_null"
    )
    sale_order_id = fields.Many2one(
        "sale.order", string="Renewal Quotation", readonly=True, index="btree_not_null"
    )
    amendment_id = fields.Many2one(
        "customer.contract.amendment",
        string="Renewal Amendment",
        readonly=True,
        index="btree_not_null",
    )
    version_id = fields.Many2one(
        related="amendment_id.version_id", string="Replaced Version"
    )

    _contract_term_uniq = models.Constraint(
        "UNIQUE(contract_id, term)",
        "This term of the contract already has its renewal.",
    )

    @api.depends("contract_id.reference", "term")
    def _compute_display_name(self):
        for renewal in self:
            renewal.display_name = self.env._(
                "%(reference)s - Term %(term)s",
                reference=renewal.contract_id.reference,
                term=renewal.term,
            )

    @api.depends("state")
    def _compute_renewal_rate(self):
        for renewal in self:
            renewal.renewal_rate = 100.0 if renewal.state == "renewed" else 0.0

    def action_view_contract(self):
        self.ensure_one()
        return self.contract_id._get_records_action(context={})

    def _announce(self):
        """Email the customers of automatically renewed terms, once."""
        todo = self.filtered(
            lambda r: (
                r.state == "renewed"
                and r.renewed_how == "automatic"
                and not r.date_announced
            )
        )
        messages = todo.contract_id._renewal_send_mail("renewed")
        today = fields.Date.context_today(self)
        for renewal in todo:
            renewal.write(
                {
                    "date_announced": today,
                    "renewal_message_id": messages.get(renewal.contract_id.id, False),
                }
            )
        return todo

    @api.model
    def _cron_announce(self, batch_size=200):
        """Announce the renewals applied since the last run (e.g. after an
        approval), in locked and committed batches.

        :return: False when the cron ran out of time
        """
        domain = (
            Domain("state", "=", "renewed")
            & Domain("renewed_how", "=", "automatic")
            & Domain("date_announced", "=", False)
        )
        return self.sudo()._cron_run_steps([(domain, "_announce")], batch_size)

    def _cron_run_isolated(self, method):
        done, failed = super()._cron_run_isolated(method)
        done.contract_id.filtered("renewal_error")._renewal_clear_error()
        return done, failed

    def _cron_step_failed(self, method, error):
        # Told on the contract, where its owner looks.
        return self.contract_id._cron_step_failed(method, error)
