# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models
from odoo.fields import Domain


class ResPartner(models.Model):
    _inherit = "res.partner"

    contract_ids = fields.One2many(
        "customer.contract",
        "partner_id",
        groups="customer_contract.customer_contract_group_user",
    )
    contract_count = fields.Integer(
        compute="_compute_contract_stats",
        groups="customer_contract.customer_contract_group_user",
    )
    contract_active_count = fields.Integer(
        string="Active Contracts",
        compute="_compute_contract_stats",
        groups="customer_contract.customer_contract_group_user",
    )
    contract_total_value = fields.Monetary(
        string="Active Contracts Value",
        compute="_compute_contract_stats",
        currency_field="contract_currency_id",
        groups="customer_contract.customer_contract_group_user",
        help="Untaxed value of the active contracts of this customer, in the "
        "currency of the current company.",
    )
    contract_currency_id = fields.Many2one(
        "res.currency",
        compute="_compute_contract_stats",
        groups="customer_contract.customer_contract_group_user",
    )

    contract_compliance_score = fields.Float(
        string="Contract Compliance",
        compute="_compute_contract_compliance",
        digits=(16, 1),
        groups="customer_contract.customer_contract_group_user",
        help="Obligations of the customer's active contracts done, in percent of "
        "those done, missed or overdue (as the compliance score of a contract).",
    )
    contract_obligation_count = fields.Integer(
        compute="_compute_contract_compliance",
        groups="customer_contract.customer_contract_group_user",
    )

    def _contract_domain(self):
        return Domain("commercial_partner_id", "in", self.commercial_partner_id.ids)

    def _compute_contract_stats(self):
        contract_model = self.env["customer.contract"]
        company = self.env.company
        today = fields.Date.context_today(self)
        counts = dict(
            contract_model._read_group(
                self._contract_domain(), ["commercial_partner_id"], ["__count"]
            )
        )
        active = {}
        for partner, currency, count, amount in contract_model._read_group(
            self._contract_domain() & Domain("state", "=", "active"),
            ["commercial_partner_id", "currency_id"],
            ["__count", "amount_untaxed:sum"],
        ):
            stats = active.setdefault(partner, [0, 0.0])
            stats[0] += count
            stats[1] += currency._convert(amount, company.currency_id, company, today)
        for partner in self:
            commercial = partner.commercial_partner_id
            partner.contract_count = counts.get(commercial, 0)
            partner.contract_active_count, partner.contract_total_value = active.get(
                commercial, (0, 0.0)
            )
            partner.contract_currency_id = company.currency_id

    def _compute_contract_compliance(self):
        obligation_model = self.env["customer.contract.obligation"]
        partner_domain = Domain("partner_id", "in", self.commercial_partner_id.ids)
        counts = dict(
            obligation_model._read_group(partner_domain, ["partner_id"], ["__count"])
        )
        # The rule of the contracts' score (see _compute_compliance): done
        # among done and late (missed, or still to do after the due date).
        today = fields.Date.context_today(self)
        counted = Domain("contract_id.state", "=", "active") & (
            Domain("state", "in", ("done", "missed"))
            | (Domain("state", "=", "todo") & Domain("date_due", "<", today))
        )
        stats = {}
        for partner, state, count in obligation_model._read_group(
            partner_domain & counted, ["partner_id", "state"], ["__count"]
        ):
            key = (partner, state == "done")
            stats[key] = stats.get(key, 0) + count
        for partner in self:
            commercial = partner.commercial_partner_id
            done = stats.get((commercial, True), 0)
            total = done + stats.get((commercial, False), 0)
            partner.contract_compliance_score = 100.0 * done / total if total else 100.0
            partner.contract_obligation_count = counts.get(commercial, 0)

    def action_view_contract_obligations(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "customer_contract.customer_contract_obligation_action"
        )
        action["domain"] = [
            ("partner_id", "=", self.commercial_partner_id.id),
            ("contract_id.state", "=", "active"),
        ]
        action["context"] = {}
        return action

    def action_view_contracts(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "customer_contract.customer_contract_action"
        )
        action["domain"] = list(self._contract_domain())
        action["context"] = {"default_partner_id": self.id}
        return action
