# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models
from odoo.fields import Domain

from .customer_contract import INVOICE_READER_GROUPS


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
        # Each contract's value in its company's currency (converted at the
        # contract date); only the values of other companies, in another
        # currency, are converted again, at today's rate.
        for partner, contract_company, count, amount in contract_model._read_group(
            self._contract_domain() & Domain("state", "=", "active"),
            ["commercial_partner_id", "company_id"],
            ["__count", "amount_untaxed_company:sum"],
        ):
            stats = active.setdefault(partner, [0, 0.0])
            stats[0] += count
            stats[1] += contract_company.currency_id._convert(
                amount, company.currency_id, company, today
            )
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

    # ------------------------------------------------------------------
    # Collections over the customer's contracts
    # (see models/customer_contract_collection.py)
    # ------------------------------------------------------------------
    contract_collection_currency_id = fields.Many2one(
        "res.currency",
        compute="_compute_contract_collection",
        groups=INVOICE_READER_GROUPS,
    )
    contract_collection_contracted = fields.Monetary(
        string="Contracted",
        compute="_compute_contract_collection",
        currency_field="contract_collection_currency_id",
        groups=INVOICE_READER_GROUPS,
        help="Value of the terms of the customer's signed contracts, taxes "
        "included, in the currency of the current company.",
    )
    contract_collection_invoiced = fields.Monetary(
        string="Invoiced on Contracts",
        compute="_compute_contract_collection",
        currency_field="contract_collection_currency_id",
        groups=INVOICE_READER_GROUPS,
        help="Posted invoices of the customer's contracts, credit notes "
        "deducted, each converted at the rate of its invoice date into the "
        "currency of the current company.",
    )
    contract_collection_collected = fields.Monetary(
        string="Collected on Contracts",
        compute="_compute_contract_collection",
        currency_field="contract_collection_currency_id",
        groups=INVOICE_READER_GROUPS,
        help="What the customer paid of the invoices of their contracts, "
        "credit notes deducted, each invoice converted at the rate of its "
        "invoice date into the currency of the current company.",
    )
    contract_collection_overdue = fields.Monetary(
        string="Overdue on Contracts",
        compute="_compute_contract_collection",
        currency_field="contract_collection_currency_id",
        groups=INVOICE_READER_GROUPS,
        help="Still due of the invoices of the customer's contracts whose due "
        "date has passed, in the currency of the current company.",
    )
    contract_collection_date_overdue = fields.Date(
        string="Contracts Overdue Since",
        compute="_compute_contract_collection",
        groups=INVOICE_READER_GROUPS,
        help="Oldest due date of the overdue invoices of the customer's contracts.",
    )

    def _compute_contract_collection(self):
        company = self.env.company
        totals = {}
        contract_model = self.env["customer.contract"]
        # The user's own rights: the contracts and invoices they may read.
        if contract_model.has_access("read"):
            contracts = contract_model.search(self._contract_domain())
            data = contracts._get_collection_data(currency=company.currency_id)
            for contract, figures in data.items():
                total = totals.setdefault(
                    contract.commercial_partner_id,
                    {
                        "contracted": 0.0,
                        "invoiced": 0.0,
                        "collected": 0.0,
                        "overdue": 0.0,
                        "date_overdue": False,
                    },
                )
                for figure in ("contracted", "invoiced", "collected", "overdue"):
                    total[figure] += figures[figure]
                dates = [
                    d for d in (total["date_overdue"], figures["date_overdue"]) if d
                ]
                total["date_overdue"] = min(dates) if dates else False
        for partner in self:
            total = totals.get(partner.commercial_partner_id, {})
            partner.contract_collection_currency_id = company.currency_id
            partner.contract_collection_contracted = total.get("contracted", 0.0)
            partner.contract_collection_invoiced = total.get("invoiced", 0.0)
            partner.contract_collection_collected = total.get("collected", 0.0)
            partner.contract_collection_overdue = total.get("overdue", 0.0)
            partner.contract_collection_date_overdue = total.get("date_overdue", False)

    def action_view_contract_collections(self):
        """The customer's contracts with overdue receivables."""
        action = self.action_view_contracts()
        action["context"] = {
            **action["context"],
            "search_default_collection_overdue": 1,
        }
        return action
