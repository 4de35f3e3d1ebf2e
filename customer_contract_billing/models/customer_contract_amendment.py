# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.tools import format_amount, format_date

from .billing_plan import (
    BILLING_DEFAULTS,
    BILLING_INTERVALS,
    BILLING_PLANS,
    BILLING_TERM_FIELDS,
    BILLING_TIMINGS,
    planned_date,
    term_parts,
    term_periods,
)


class CustomerContractAmendment(models.Model):
    _inherit = "customer.contract.amendment"

    # The proposed billing plan (copied from the contract, see
    # customer.contract._prepare_amendment_values).
    billing_plan = fields.Selection(BILLING_PLANS)
    billing_interval = fields.Selection(BILLING_INTERVALS, string="Billing Period")
    billing_timing = fields.Selection(BILLING_TIMINGS)
    billing_day = fields.Integer(aggregator=False)
    billing_line_ids = fields.One2many(
        "customer.contract.billing.line",
        "amendment_id",
        string="Billing Lines Planned",
        readonly=True,
    )
    billing_change_html = fields.Html(
        string="Billing Change",
        compute="_compute_billing_change_html",
        sanitize=False,
        help="The schedule lines this amendment plans from its effective date, "
        "against those planned now.",
    )

    _billing_day_range = models.Constraint(
        "CHECK(billing_day IS NULL OR billing_day BETWEEN 1 AND 28)",
        "The billing day must be between 1 and 28.",
    )

    def _get_amendment_term_fields(self):
        return (*super()._get_amendment_term_fields(), *BILLING_TERM_FIELDS)

    # The dependencies of the overridden methods count too (resolve_mro).
    @api.depends(*BILLING_TERM_FIELDS)
    def _compute_diff_html(self):
        return super()._compute_diff_html()

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            contract = self.env["customer.contract"].browse(vals.get("contract_id"))
            if contract and not set(BILLING_TERM_FIELDS) <= set(vals):
                for fname in BILLING_TERM_FIELDS:
                    vals.setdefault(fname, contract[fname] or BILLING_DEFAULTS[fname])
        return super().create(vals_list)

    @api.depends(
        *BILLING_TERM_FIELDS,
        "state",
        "date_effective",
        "date_start",
        "date_end",
        "amount_untaxed",
        "billing_line_ids",
    )
    def _compute_billing_change_html(self):
        for amendment in self:
            amendment.billing_change_html = amendment._get_billing_change_html()

    def _get_billing_change_rows(self):
        """[(label, planned date, amount)] the amendment plans, from its
        effective date, for a recurring plan (the lines of an applied
        amendment are on the contract: ``billing_line_ids``)."""
        self.ensure_one()
        contract = self.contract_id
        effective = self.date_effective
        if not (
            self.billing_plan == "recurring"
            and effective
            and self.date_start
            and self.date_end
        ):
            return []
        interval = int(self.billing_interval or 1)
        invoiced_end = max(
            (
                line.date_end
                for line in contract.billing_line_ids
                if line.kind == "period" and line.state == "invoiced"
            ),
            default=None,
        )
        start = effective
        if invoiced_end and invoiced_end >= start:
            start = invoiced_end + timedelta(days=1)
        parts = term_parts(self.date_start, self.date_end, interval)
        return [
            (
                contract._billing_period_label(period_start, period_end),
                planned_date(
                    period_start,
                    period_end,
                    interval,
                    self.billing_timing,
                    self.billing_day or 1,
                ),
                self.currency_id.round(self.amount_untaxed * share / parts),
            )
            for period_start, period_end, share in term_periods(
                self.date_start, self.date_end, interval, from_date=start
            )
        ]

    def _get_billing_change_html(self):
        self.ensure_one()
        if self.state == "applied" or not self.contract_id:
            return False
        contract = self.contract_id
        effective = self.date_effective
        planned_now = (
            sum(
                line.amount
                for line in contract.billing_line_ids
                if line.state == "planned"
                and (
                    (line.date_start and line.date_start >= effective)
                    or (line.date_planned and line.date_planned >= effective)
                )
            )
            if effective
            else 0.0
        )
        rows = self._get_billing_change_rows()
        if not rows and self.billing_plan != "installments":
            if contract.billing_plan == "none" and self.billing_plan == "none":
                return False
        summary = self.env._(
            "From %(date)s, planned now: %(before)s; with this amendment: %(after)s.",
            date=format_date(self.env, effective) if effective else "-",
            before=format_amount(self.env, planned_now, contract.currency_id),
            after=format_amount(
                self.env, sum(row[2] for row in rows), self.currency_id
            ),
        )
        if self.billing_plan == "installments":
            summary = self.env._(
                "From %(date)s, the installments not invoiced yet are planned again "
                "from the new value of the contract.",
                date=format_date(self.env, effective) if effective else "-",
            )
        table = Markup("")
        if rows:
            table = Markup(
                '<table class="table table-sm o_billing_change"><thead><tr>'
                "<th>%s</th><th>%s</th><th class='text-end'>%s</th></tr></thead>"
                "<tbody>%s</tbody></table>"
            ) % (
                self.env._("Period"),
                self.env._("Planned Date"),
                self.env._("Amount"),
                Markup("").join(
                    Markup(
                        "<tr><td>%s</td><td>%s</td><td class='text-end'>%s</td></tr>"
                    )
                    % (
                        label,
                        format_date(self.env, date),
                        format_amount(self.env, amount, self.currency_id),
                    )
                    for label, date, amount in rows
                ),
            )
        return Markup("<p>%s</p>%s") % (summary, table)
