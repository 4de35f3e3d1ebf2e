# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models
from odoo.exceptions import UserError


class CrmLead(models.Model):
    _inherit = "crm.lead"

    contract_ids = fields.One2many(
        "customer.contract",
        "opportunity_id",
        groups="customer_contract.customer_contract_group_user",
    )
    contract_count = fields.Integer(
        compute="_compute_contract_count",
        groups="customer_contract.customer_contract_group_user",
    )

    def _compute_contract_count(self):
        counts = dict(
            self.env["customer.contract"]._read_group(
                [("opportunity_id", "in", self.ids)], ["opportunity_id"], ["__count"]
            )
        )
        for lead in self:
            lead.contract_count = counts.get(lead, 0)

    def _prepare_contract_values(self):
        self.ensure_one()
        return {
            "name": self.name,
            "partner_id": self.partner_id.id,
            "opportunity_id": self.id,
            "user_id": self.user_id.id or self.env.user.id,
            "team_id": self.team_id.id,
            "company_id": (self.company_id or self.env.company).id,
            "expected_value": self.expected_revenue,
        }

    def _check_contract_creatable(self):
        """Refuse to make a contract from an opportunity that cannot have a
        new one (extension point)."""
        for lead in self:
            if not lead.partner_id:
                raise UserError(
                    self.env._(
                        "Set the customer of opportunity %(lead)s before creating "
                        "its contract.",
                        lead=lead.name,
                    )
                )
            if lead.contract_ids:
                raise UserError(
                    self.env._(
                        "Opportunity %(lead)s already has its contract "
                        "%(contract)s: open it from the Contracts button.",
                        lead=lead.name,
                        contract=lead.contract_ids[:1].display_name,
                    )
                )
        return True

    def action_create_contract(self):
        """Make the contract of the opportunity: one per opportunity."""
        self.ensure_one()
        self._check_contract_creatable()
        contract = self.env["customer.contract"].create(self._prepare_contract_values())
        return contract._get_records_action(context={})

    def action_view_contracts(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "customer_contract.customer_contract_action"
        )
        action["domain"] = [("opportunity_id", "=", self.id)]
        action["context"] = {
            "default_opportunity_id": self.id,
            "default_partner_id": self.partner_id.id,
        }
        if len(self.contract_ids) == 1:
            action["views"] = [(False, "form")]
            action["res_id"] = self.contract_ids.id
        return action
