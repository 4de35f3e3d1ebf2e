# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import fields, models

RECURRENCE_MONTHS = {"monthly": 1, "quarterly": 3, "yearly": 12}
# Without an end date, recurring obligations are planned this far ahead.
OPEN_ENDED_HORIZON = relativedelta(months=12)
MAX_OCCURRENCES = 240


class CustomerContractObligationTemplate(models.Model):
    """An obligation every contract of a type carries, with its due date
    relative to the contract's dates."""

    _name = "customer.contract.obligation.template"
    _description = "Contract Obligation Template"
    _order = "type_id, sequence, id"
    _check_company_auto = True

    type_id = fields.Many2one(
        "customer.contract.type",
        string="Contract Type",
        required=True,
        index=True,
        ondelete="cascade",
    )
    company_id = fields.Many2one(related="type_id.company_id", store=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    name = fields.Char(string="Obligation", required=True, translate=True)
    description = fields.Text(translate=True)
    party = fields.Selection(
        [("company", "Our Company"), ("customer", "Customer")],
        required=True,
        default="company",
        help="Who must fulfil the obligation.",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Owner",
        domain="[('share', '=', False)]",
        help="Who follows the obligation; the contract's owner when empty.",
    )
    date_reference = fields.Selection(
        [
            ("start", "Start of the contract"),
            ("signature", "Signature"),
            ("end", "End of the contract"),
        ],
        string="Due Relative To",
        required=True,
        default="start",
    )
    offset_days = fields.Integer(
        string="Days After",
        aggregator=False,
        help="Days between the reference date and the first due date; negative "
        "for days before (e.g. -30 with the end of the contract).",
    )
    recurrence = fields.Selection(
        [
            ("none", "Once"),
            ("monthly", "Monthly"),
            ("quarterly", "Quarterly"),
            ("yearly", "Yearly"),
        ],
        required=True,
        default="none",
        help="Recurring obligations repeat from the first due date until the "
        "contract ends; without an end date, they are planned 12 months ahead "
        "and the daily scheduled action keeps planning them.",
    )
    evidence_required = fields.Boolean(
        help="The obligation can only be marked as done with evidence attached."
    )

    def _get_first_due_date(self, contract):
        """First due date of this obligation for ``contract`` (None when the
        reference date is not known yet)."""
        self.ensure_one()
        reference = {
            "start": contract.date_start,
            "signature": contract.date_signed,
            "end": contract.date_end,
        }[self.date_reference]
        return reference and reference + timedelta(days=self.offset_days)

    def _get_next_due_date(self, contract, after):
        """Due date of the occurrence of this recurring obligation that follows
        ``after`` for ``contract`` (None when it does not recur, or when the
        contract ends before it)."""
        self.ensure_one()
        months = RECURRENCE_MONTHS.get(self.recurrence)
        first = self._get_first_due_date(contract)
        if not months or not first:
            return None
        # Counted from the first due date, so that month ends stay month ends.
        count = 0
        due = first
        while due <= after:
            count += 1
            due = first + relativedelta(months=months * count)
        if contract.date_end and due > contract.date_end:
            return None
        return due

    def _get_due_dates(self, contract):
        """Due dates of this obligation for ``contract``, within its term."""
        self.ensure_one()
        first = self._get_first_due_date(contract)
        if not first:
            return []
        months = RECURRENCE_MONTHS.get(self.recurrence)
        if not months:
            dates = [first]
        else:
            until = contract.date_end or first + OPEN_ENDED_HORIZON
            dates = []
            due = first
            while due <= until and len(dates) < MAX_OCCURRENCES:
                dates.append(due)
                due = first + relativedelta(months=months * len(dates))
        start, end = contract.date_start, contract.date_end
        return [
            due
            for due in dates
            if (not start or due >= start) and (not end or due <= end)
        ]

    def _prepare_obligation_values(self, contract, date_due):
        self.ensure_one()
        return {
            "contract_id": contract.id,
            "template_id": self.id,
            "name": self.name,
            "description": self.description,
            "party": self.party,
            "user_id": (self.user_id or contract.user_id).id,
            "date_due": date_due,
            "recurrence": self.recurrence,
            "evidence_required": self.evidence_required,
        }
