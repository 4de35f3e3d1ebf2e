# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class CustomerContractCompareWizard(models.TransientModel):
    """Compare two versions of a contract's terms, or a version with the
    current terms, in the same view as an amendment's changes."""

    _name = "customer.contract.compare.wizard"
    _description = "Compare Contract Versions"

    contract_id = fields.Many2one("customer.contract", required=True, readonly=True)
    old_version_id = fields.Many2one(
        "customer.contract.version",
        string="From",
        required=True,
        domain="[('contract_id', '=', contract_id)]",
    )
    new_version_id = fields.Many2one(
        "customer.contract.version",
        string="To",
        domain="[('contract_id', '=', contract_id)]",
        help="Leave empty to compare with the current terms.",
    )
    diff_html = fields.Html(
        string="Changes", compute="_compute_diff_html", sanitize=False
    )

    @api.depends("contract_id", "old_version_id", "new_version_id")
    def _compute_diff_html(self):
        for wizard in self:
            if not wizard.old_version_id:
                wizard.diff_html = False
                continue
            new = wizard.new_version_id or wizard.contract_id
            wizard.diff_html = wizard.contract_id._render_terms_diff(
                wizard.old_version_id._get_terms(), new._get_terms()
            )
