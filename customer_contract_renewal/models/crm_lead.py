# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models
from odoo.exceptions import UserError


class CrmLead(models.Model):
    _inherit = "crm.lead"

    is_contract_renewal = fields.Boolean(
        compute="_compute_is_contract_renewal",
        search="_search_is_contract_renewal",
        string="Contract Renewal",
    )

    def _compute_is_contract_renewal(self):
        tag = self.env.ref(
            "customer_contract_renewal.crm_tag_renewal", raise_if_not_found=False
        )
        for lead in self:
            lead.is_contract_renewal = bool(tag) and tag in lead.tag_ids

    def _search_is_contract_renewal(self, operator, value):
        if operator != "in":
            return NotImplemented
        tag = self.env.ref("customer_contract_renewal.crm_tag_renewal")
        if True in value:
            return [("tag_ids", "in", tag.ids)]
        return [("tag_ids", "not in", tag.ids)]

    def _check_contract_creatable(self):
        renewals = self.filtered("is_contract_renewal")
        if renewals:
            raise UserError(
                self.env._(
                    "Opportunity %(lead)s renews a contract: make its renewal "
                    "quotation (Create Renewal Quotation) instead of a new "
                    "contract.",
                    lead=renewals[0].name,
                )
            )
        return super()._check_contract_creatable()

    def action_create_renewal_quotation(self):
        self.ensure_one()
        contracts = self.contract_ids.filtered(
            lambda c: c.state in ("signed", "active") and c.renewal_date
        )
        if not contracts:
            raise UserError(
                self.env._(
                    "Opportunity %(lead)s renews no contract that is still to renew.",
                    lead=self.name,
                )
            )
        return contracts[:1].action_create_renewal_quotation()
