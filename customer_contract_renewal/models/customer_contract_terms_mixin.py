# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models

from .customer_contract_renewal import RENEWAL_TERM_FIELDS


class CustomerContractTermsMixin(models.AbstractModel):
    _inherit = "customer.contract.terms.mixin"

    def _get_terms_field_map(self):
        # The contract, its amendments and versions hold the renewal terms
        # under the same names: compared, applied and frozen with the others.
        field_map = super()._get_terms_field_map()
        field_map.update({fname: fname for fname in RENEWAL_TERM_FIELDS})
        return field_map
