# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class CustomerContractClause(models.Model):
    """A clause of the library: reusable text with placeholders.

    The body is a QWeb snippet rendered for one contract (``object``), e.g.
    ``<t t-out="object.partner_id.name"/>``, with Odoo's mail rendering engine.
    """

    _name = "customer.contract.clause"
    _description = "Contract Clause"
    _order = "sequence, id"

    name = fields.Char(string="Title", required=True, translate=True)
    sequence = fields.Integer(default=10)
    category = fields.Selection(
        [
            ("general", "General"),
            ("scope", "Scope and Deliverables"),
            ("payment", "Payment"),
            ("term", "Term and Termination"),
            ("liability", "Liability"),
            ("confidentiality", "Confidentiality"),
            ("legal", "Governing Law"),
            ("other", "Other"),
        ],
        required=True,
        default="general",
    )
    body = fields.Html(
        required=True,
        sanitize=False,
        help="Text of the clause. Placeholders are rendered per contract, e.g. "
        '<t t-out="object.partner_id.name"/>, <t t-out="object.date_start"/>, '
        '<t t-out="format_amount(object.amount_total, object.currency_id)"/>.',
    )
    company_id = fields.Many2one("res.company", index=True)
    active = fields.Boolean(default=True)
    render_model = fields.Char(
        compute="_compute_render_model",
        help="Model the placeholders of the body are rendered on.",
    )

    def _compute_render_model(self):
        self.render_model = "customer.contract"
