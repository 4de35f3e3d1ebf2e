# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models

from .billing_plan import BILLING_TERM_FIELDS


class CustomerContractTermsMixin(models.AbstractModel):
    _inherit = "customer.contract.terms.mixin"

    def _get_terms_field_map(self):
        # The contract, its amendments and versions hold the billing plan
        # under the same names: compared, applied and frozen with the terms.
        field_map = super()._get_terms_field_map()
        field_map.update({fname: fname for fname in BILLING_TERM_FIELDS})
        return field_map
