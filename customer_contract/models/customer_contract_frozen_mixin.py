# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models
from odoo.exceptions import UserError


class CustomerContractFrozenMixin(models.AbstractModel):
    """Records written once and never changed: only the superuser may."""

    _name = "customer.contract.frozen.mixin"
    _description = "Immutable Contract Record"

    def _check_frozen(self):
        if not self.env.su:
            raise UserError(
                self.env._(
                    "Contract versions are kept as they were signed: they cannot "
                    "be changed or deleted."
                )
            )

    def write(self, vals):
        self._check_frozen()
        return super().write(vals)

    @api.ondelete(at_uninstall=True)
    def _unlink_except_frozen(self):
        self._check_frozen()
