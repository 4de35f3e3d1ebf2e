# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models
from odoo.tools import SQL


class CustomerContractBillingForecast(models.Model):
    """Planned billing by month: one row per line of a billing schedule (not
    cancelled), in the currency of its company. A planned line counts at
    today's rate on its planned date; an invoiced one at its invoice's amounts
    (in company currency), collected in proportion of what is paid of it."""

    _name = "customer.contract.billing.forecast"
    _description = "Contract Billing Forecast"
    _auto = False
    _order = "date desc"
    _check_company_auto = True

    date = fields.Date(string="Month", readonly=True)
    contract_id = fields.Many2one("customer.contract", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    type_id = fields.Many2one(
        "customer.contract.type", string="Contract Type", readonly=True
    )
    user_id = fields.Many2one("res.users", string="Owner", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    state = fields.Selection(
        [("planned", "Planned"), ("invoiced", "Invoiced")], readonly=True
    )
    invoice_id = fields.Many2one("account.move", readonly=True)
    amount_planned = fields.Monetary(string="Planned", readonly=True)
    amount_invoiced = fields.Monetary(string="Invoiced", readonly=True)
    amount_collected = fields.Monetary(string="Collected", readonly=True)

    @property
    def _table_query(self):
        return SQL(
            """
            SELECT line.id AS id,
                   COALESCE(move.invoice_date, line.date_planned,
                            contract.date_start) AS date,
                   line.contract_id AS contract_id,
                   contract.commercial_partner_id AS partner_id,
                   contract.type_id AS type_id,
                   contract.user_id AS user_id,
                   line.company_id AS company_id,
                   company.currency_id AS currency_id,
                   line.state AS state,
                   line.invoice_id AS invoice_id,
                   CASE WHEN line.state = 'planned'
                        THEN line.amount / COALESCE(NULLIF(rate.rate, 0), 1.0)
                        ELSE 0.0 END AS amount_planned,
                   CASE WHEN line.state = 'invoiced'
                        THEN move.amount_untaxed_signed ELSE 0.0 END
                        AS amount_invoiced,
                   CASE WHEN line.state = 'invoiced' AND move.state = 'posted'
                             AND move.amount_total_signed != 0
                        THEN move.amount_untaxed_signed
                             * (1 - move.amount_residual_signed
                                / move.amount_total_signed)
                        ELSE 0.0 END AS amount_collected
              FROM customer_contract_billing_line line
              JOIN customer_contract contract ON contract.id = line.contract_id
              JOIN res_company company ON company.id = line.company_id
              LEFT JOIN account_move move ON move.id = line.invoice_id
              LEFT JOIN LATERAL (
                    SELECT r.rate
                      FROM res_currency_rate r
                     WHERE r.currency_id = contract.currency_id
                       AND (r.company_id = line.company_id
                            OR r.company_id IS NULL)
                       AND r.name <= CURRENT_DATE
                  ORDER BY r.name DESC, r.company_id NULLS LAST
                     LIMIT 1
              ) rate ON contract.currency_id != company.currency_id
             WHERE line.state != 'cancelled'
            """
        )
