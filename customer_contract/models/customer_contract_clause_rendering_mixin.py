# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

from .customer_contract_clause import text_digest


class CustomerContractClauseRenderingMixin(models.AbstractModel):
    """A clause of a contract or an amendment, rendered from the library:
    remembers whether its text is still the library's rendering, so that it
    can be rendered again when the terms change (a text edited by hand is
    kept and flagged for review instead)."""

    _name = "customer.contract.clause.rendering.mixin"
    _description = "Contract Clause Rendered from the Library"

    library_digest = fields.Char(
        readonly=True,
        help="Fingerprint of the text of the library clause when it was rendered.",
    )
    rendered_digest = fields.Char(
        readonly=True,
        help="Fingerprint of the text as the library rendered it.",
    )
    review_state = fields.Selection(
        [
            ("library", "As Rendered"),
            ("edited", "Edited by Hand"),
            ("library_changed", "Library Text Changed"),
        ],
        string="Rendering",
        compute="_compute_review_state",
        help="As rendered: the text is the library clause rendered for the terms, "
        "and is rendered again when they change. Edited by hand, or library text "
        "changed since: the text is kept as it is when the terms change; review "
        "it.",
    )
    needs_review = fields.Boolean(compute="_compute_review_state")

    @api.depends("clause_id.body", "body", "library_digest", "rendered_digest")
    def _compute_review_state(self):
        for clause in self:
            if not clause.clause_id:
                state = False
            elif not clause.rendered_digest or clause.rendered_digest != (
                clause._body_digest(clause.body)
            ):
                state = "edited"
            elif clause.library_digest != text_digest(
                # Only compared: whoever reads the clause may know that.
                clause.clause_id.sudo().body
            ):
                state = "library_changed"
            else:
                state = "library"
            clause.review_state = state
            clause.needs_review = state in ("edited", "library_changed")

    @api.model
    def _body_digest(self, body):
        """Fingerprint of ``body`` as this model stores it (sanitized)."""
        return text_digest(self._fields["body"].convert_to_cache(body, self))

    @api.model
    def _prepare_rendered_values(self, library_clause, body):
        """Values of a clause whose text is ``library_clause`` rendered as
        ``body``."""
        return {
            "clause_id": library_clause.id,
            "body": body,
            "library_digest": text_digest(library_clause.body),
            "rendered_digest": self._body_digest(body),
        }
