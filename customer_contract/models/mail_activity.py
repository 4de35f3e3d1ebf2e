# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class MailActivity(models.Model):
    _inherit = "mail.activity"

    # Set by the daily overdue activity of the contracts (superuser): the
    # invoice the activity is about, so that its payment closes it.
    contract_invoice_id = fields.Many2one(
        "account.move",
        string="Overdue Invoice",
        readonly=True,
        index="btree_not_null",
        ondelete="cascade",
        groups="base.group_system",
    )
