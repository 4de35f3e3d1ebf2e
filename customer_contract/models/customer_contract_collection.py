# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Collections of a contract: contracted, invoiced, collected and overdue,
per term and in total, and the activity of the owner on overdue invoices.

Terms. A contract's term is a period of its terms (start to end date). Its
versions keep the dates of the terms they replaced: an amendment within the
period (a price change, a later end date) keeps the term; one whose period
starts after the end of the previous terms (a renewal) opens a new term. A
term shows its last agreed dates and value.

Which term an invoice belongs to: the one whose period holds its invoice
date, i.e. the last term started on or before that date; an invoice dated
before the first term (issued in advance) belongs to the first term, one
dated after a term's end and before the next term (issued late) to the
earlier term.

Amounts, taxes included (what the customer pays), in the contract's
currency (or the company's, on the customer):

* contracted: the term's value (``amount_total``), once the contract was
  signed (nothing for a draft, in negotiation or cancelled contract);
* invoiced: posted customer invoices minus posted credit notes;
* collected: what was paid of them, ``amount_total - amount_residual``,
  credit notes deducted (a credit note reconciled with its invoice brings
  no money in); an invoice marked paid or in payment (a payment registered
  without a journal entry yet) counts as collected in full;
* overdue: what is still due of the posted invoices whose due date has
  passed, with the oldest of these due dates.

Each invoice is converted at the rate of ITS invoice date: what was paid of
it and what is still due too, so that a paid invoice shows collected ==
invoiced; the exchange differences of payments made at other rates are
booked by accounting as exchange gains or losses, not here.

All of it is read with the user's own rights (figures of the invoices they
may read) and shown only to users who may read invoices. The queries are
the same whatever the number of contracts, terms, invoices and rate dates.
"""

from collections import defaultdict
from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.fields import Domain
from odoo.tools import SQL, format_amount, format_date

from .customer_contract import INVOICE_READER_GROUPS, LOCKED_STATES

# An invoice in these payment states owes nothing more, whatever its residual
# (payments registered without a journal entry leave it until reconciled).
SETTLED_PAYMENT_STATES = ("paid", "in_payment", "reversed")
COLLECTION_FIGURES = ("contracted", "invoiced", "collected", "overdue")
COLLECTION_DEPENDS = (
    "state",
    "date_start",
    "date_end",
    "currency_id",
    "amount_total",
    "version_ids",
    "invoice_ids.state",
    "invoice_ids.currency_id",
    "invoice_ids.amount_total",
    "invoice_ids.amount_residual",
    "invoice_ids.payment_state",
    "invoice_ids.invoice_date",
    "invoice_ids.invoice_date_due",
)


class CustomerContract(models.Model):
    _inherit = "customer.contract"

    collection_amount_contracted = fields.Monetary(
        string="Total Contracted",
        compute="_compute_collection",
        groups=INVOICE_READER_GROUPS,
        help="Value of the terms of the contract, taxes included, added over "
        "its terms (the initial one and its renewals), once signed.",
    )
    collection_amount_invoiced = fields.Monetary(
        string="Total Invoiced",
        compute="_compute_collection",
        groups=INVOICE_READER_GROUPS,
        help="Posted customer invoices of the contract, taxes included, credit "
        "notes deducted, each converted at the rate of its invoice date, over "
        "all its terms.",
    )
    collection_amount_collected = fields.Monetary(
        string="Total Collected",
        compute="_compute_collection",
        groups=INVOICE_READER_GROUPS,
        help="What the customer paid of the invoices of the contract (total "
        "minus amount due), credit notes deducted, each invoice converted at "
        "the rate of its invoice date.",
    )
    collection_amount_overdue = fields.Monetary(
        string="Total Overdue",
        compute="_compute_collection",
        groups=INVOICE_READER_GROUPS,
        help="Amount still due of the posted invoices of the contract whose "
        "due date has passed, each converted at the rate of its invoice date.",
    )
    collection_date_overdue = fields.Date(
        string="Overdue Since",
        compute="_compute_collection",
        groups=INVOICE_READER_GROUPS,
        help="Oldest due date of the overdue invoices of the contract.",
    )
    collection_has_overdue = fields.Boolean(
        string="Overdue Receivables",
        compute="_compute_collection",
        search="_search_collection_has_overdue",
        groups=INVOICE_READER_GROUPS,
        help="An invoice of the contract is posted, past its due date and not "
        "fully paid.",
    )
    collection_terms_html = fields.Html(
        string="Collections per Term",
        compute="_compute_collection_terms_html",
        # Rendered from our own template: every value is escaped by QWeb.
        sanitize=False,
        groups=INVOICE_READER_GROUPS,
    )

    # ------------------------------------------------------------------
    # Compute and search
    # ------------------------------------------------------------------
    @api.depends(*COLLECTION_DEPENDS)
    def _compute_collection(self):
        data = self._get_collection_data()
        for contract in self:
            figures = data[contract]
            contract.collection_amount_contracted = figures["contracted"]
            contract.collection_amount_invoiced = figures["invoiced"]
            contract.collection_amount_collected = figures["collected"]
            contract.collection_amount_overdue = figures["overdue"]
            contract.collection_date_overdue = figures["date_overdue"]
            contract.collection_has_overdue = bool(figures["date_overdue"])

    @api.depends(*COLLECTION_DEPENDS)
    def _compute_collection_terms_html(self):
        data = self._get_collection_data()
        for contract in self:
            contract.collection_terms_html = contract._render_collection_terms(
                data[contract]
            )

    def _search_collection_has_overdue(self, operator, value):
        if operator != "in":
            return NotImplemented
        # A subquery on the invoices the user may read (indexed on the
        # contract): always up to date, whatever day it is, where a stored
        # flag would need a daily recompute of every contract and a write on
        # the contract at every payment.
        overdue = Domain("invoice_ids", "any", self._get_overdue_invoice_domain())
        if True in value and False in value:
            return Domain.TRUE
        return overdue if True in value else ~overdue

    @api.model
    def _get_overdue_invoice_domain(self, due_before=None):
        """Customer invoices posted, not fully paid, whose due date is before
        ``due_before`` (today by default)."""
        return (
            Domain("move_type", "=", "out_invoice")
            & Domain("state", "=", "posted")
            & Domain("payment_state", "not in", SETTLED_PAYMENT_STATES)
            & Domain("amount_residual", ">", 0)
            & Domain(
                "invoice_date_due",
                "<",
                due_before or fields.Date.context_today(self),
            )
        )

    # ------------------------------------------------------------------
    # The figures
    # ------------------------------------------------------------------
    def _get_collection_terms(self):
        """The terms of these contracts, oldest first (see the module's
        docstring).

        :return: {contract: [{"date_start", "date_end", "amount",
            "currency"}]}: the last agreed dates and value of each term
        """
        # Only the dates and values of the contracts' own versions are read,
        # the contracts being readable by the user.
        versions = (
            self.env["customer.contract.version"]
            .sudo()
            .search_fetch(
                [("contract_id", "in", self._origin.ids)],
                [
                    "contract_id",
                    "date_start",
                    "date_end",
                    "amount_total",
                    "currency_id",
                ],
                order="contract_id, number",
            )
        )
        periods = defaultdict(list)
        for version in versions:
            periods[version.contract_id.id].append(
                (
                    version.date_start,
                    version.date_end,
                    version.amount_total,
                    version.currency_id.with_env(self.env),
                )
            )
        result = {}
        for contract in self:
            terms = []
            current = (
                contract.date_start,
                contract.date_end,
                contract.amount_total,
                contract.currency_id,
            )
            for start, end, amount, currency in [
                *periods[contract._origin.id],
                current,
            ]:
                term = {
                    "date_start": start,
                    "date_end": end,
                    "amount": amount,
                    "currency": currency,
                }
                previous = terms[-1] if terms else None
                if (
                    previous
                    and previous["date_end"]
                    and start
                    and (previous["date_end"] < start)
                ):
                    terms.append(term)
                elif previous:
                    previous.update(term)
                else:
                    terms.append(term)
            result[contract] = terms
        return result

    @api.model
    def _get_collection_term_index(self, terms, day):
        """Index of the term an invoice dated ``day`` belongs to: the last
        one started on or before that day, the first one if none."""
        index = 0
        for position, term in enumerate(terms):
            if position and term["date_start"] and day and term["date_start"] <= day:
                index = position
        return index

    def _get_collection_data(self, currency=None):
        """Collections of these contracts, per term and in total.

        :param currency: currency of the amounts; by default each contract's
            own (converted with its company's rates); else converted with
            the rates of the current company
        :return: {contract: {"terms": [term], "currency": res.currency,
            "contracted", "invoiced", "collected", "overdue",
            "date_overdue"}} where a term is a dict with ``date_start``,
            ``date_end``, ``is_current`` and the same figures
        """
        today = fields.Date.context_today(self)
        terms_by_contract = self._get_collection_terms()
        by_id = {contract._origin.id: contract for contract in self}
        moves = self.env["account.move"]
        posted = overdue = []
        # Computed with the user's own rights, never as superuser (as the
        # invoiced amount): a user who may read no invoice gets nothing.
        if self._origin.ids and moves.has_access("read"):
            invoices = Domain("contract_id", "in", self._origin.ids) & Domain(
                "move_type", "in", ("out_invoice", "out_refund")
            )
            posted = moves._read_group(
                invoices & Domain("state", "=", "posted"),
                [
                    "contract_id",
                    "currency_id",
                    "move_type",
                    "payment_state",
                    "invoice_date:day",
                ],
                ["amount_total:sum", "amount_residual:sum"],
            )
            overdue = moves._read_group(
                invoices & self._get_overdue_invoice_domain(due_before=today),
                ["contract_id", "currency_id", "invoice_date:day"],
                ["amount_residual:sum", "invoice_date_due:min"],
            )

        def target(contract):
            return currency or contract.currency_id

        def rate_company(contract):
            return self.env.company if currency else contract.company_id

        # What to convert: (amount, from currency, contract, date, term index,
        # figure), then converted together (the rates read once)
        entries = []
        for contract in self:
            if contract.state not in LOCKED_STATES:
                continue
            for index, term in enumerate(terms_by_contract[contract]):
                entries.append(
                    (
                        term["amount"],
                        term["currency"],
                        contract,
                        term["date_start"] or today,
                        index,
                        "contracted",
                    )
                )
        for (
            move_contract,
            move_currency,
            move_type,
            state,
            day,
            total,
            residual,
        ) in posted:
            contract = by_id[move_contract.id]
            index = self._get_collection_term_index(terms_by_contract[contract], day)
            sign = -1 if move_type == "out_refund" else 1
            if state in SETTLED_PAYMENT_STATES:
                residual = 0.0
            for figure, amount in (
                ("invoiced", total),
                ("collected", total - residual),
            ):
                entries.append(
                    (
                        sign * amount,
                        move_currency,
                        contract,
                        day or today,
                        index,
                        figure,
                    )
                )
        oldest = {}
        for move_contract, move_currency, day, residual, due in overdue:
            contract = by_id[move_contract.id]
            index = self._get_collection_term_index(terms_by_contract[contract], day)
            entries.append(
                (residual, move_currency, contract, day or today, index, "overdue")
            )
            key = (contract, index)
            oldest[key] = min(oldest.get(key, due), due)

        convert = self._get_collection_converter(
            (from_currency, target(contract), rate_company(contract), day)
            for _amount, from_currency, contract, day, _index, _figure in entries
        )
        result = {}
        for contract in self:
            terms = terms_by_contract[contract]
            result[contract] = {
                "currency": target(contract),
                "terms": [
                    {
                        "date_start": term["date_start"],
                        "date_end": term["date_end"],
                        "is_current": position == len(terms) - 1,
                        "date_overdue": oldest.get((contract, position), False),
                        **dict.fromkeys(COLLECTION_FIGURES, 0.0),
                    }
                    for position, term in enumerate(terms)
                ],
            }
        for amount, from_currency, contract, day, index, figure in entries:
            result[contract]["terms"][index][figure] += convert(
                amount, from_currency, target(contract), rate_company(contract), day
            )
        for figures in result.values():
            terms = figures["terms"]
            for figure in COLLECTION_FIGURES:
                for term in terms:
                    term[figure] = figures["currency"].round(term[figure])
                figures[figure] = figures["currency"].round(
                    sum(term[figure] for term in terms)
                )
            dates = [term["date_overdue"] for term in terms if term["date_overdue"]]
            figures["date_overdue"] = min(dates) if dates else False
        return result

    @api.model
    def _get_collection_converter(self, requests):
        """A function converting amounts as ``res.currency._convert`` does,
        with the rates of all the requested dates read in one query per
        company (``_convert`` reads them once per date).

        :param requests: iterable of (from currency, to currency, company, date)
        :return: ``convert(amount, from currency, to currency, company, date)``
        """
        keys = defaultdict(set)
        for from_currency, to_currency, company, day in requests:
            if from_currency != to_currency:
                keys[company.root_id].update(
                    {(from_currency.id, day), (to_currency.id, day)}
                )
        rates = {
            root: self._get_collection_rates(root, pairs)
            for root, pairs in keys.items()
        }

        def convert(amount, from_currency, to_currency, company, day):
            if not amount:
                return 0.0
            if from_currency == to_currency:
                return to_currency.round(amount)
            root_rates = rates[company.root_id]
            # As res.currency._get_conversion_rate: the inverse of the rate.
            rate = root_rates[from_currency.id, day] / root_rates[to_currency.id, day]
            return to_currency.round(amount * (1 / rate))

        return convert

    @api.model
    def _get_collection_rates(self, root_company, pairs):
        """Rates of currencies on dates for a company, as
        ``res.currency._get_rates`` reads them (the last rate on or before
        the date, the company's own first, else the first rate, else 1).

        :param pairs: {(currency id, date)}
        :return: {(currency id, date): rate}
        """
        rates = self.env["res.currency.rate"]
        rates.flush_model(["rate", "name", "currency_id", "company_id"])
        pairs = sorted(pairs)
        rows = self.env.execute_query(
            SQL(
                """
                SELECT pair.currency_id, pair.day, COALESCE(
                    (SELECT r.rate FROM res_currency_rate r
                      WHERE r.currency_id = pair.currency_id
                        AND r.name <= pair.day
                        AND (r.company_id IS NULL OR r.company_id = %s)
                      ORDER BY r.company_id, r.name DESC LIMIT 1),
                    (SELECT r.rate FROM res_currency_rate r
                      WHERE r.currency_id = pair.currency_id
                        AND (r.company_id IS NULL OR r.company_id = %s)
                      ORDER BY r.company_id, r.name ASC LIMIT 1),
                    1.0)
                  FROM (VALUES %s) AS pair(currency_id, day)
                """,
                root_company.id,
                root_company.id,
                SQL(", ").join(
                    SQL("(%s, %s::date)", currency_id, day)
                    for currency_id, day in pairs
                ),
            )
        )
        return {(currency_id, day): rate for currency_id, day, rate in rows}

    def _render_collection_terms(self, figures):
        self.ensure_one()
        currency = figures["currency"]

        def amount(value):
            return format_amount(self.env, value, currency)

        rows = []
        for term in figures["terms"]:
            start = format_date(self.env, term["date_start"])
            end = format_date(self.env, term["date_end"])
            if start and end:
                label = self.env._("%(start)s to %(end)s", start=start, end=end)
            elif start:
                label = self.env._("From %(start)s", start=start)
            else:
                label = self.env._("No dates")
            rows.append(
                {
                    "label": label,
                    "is_current": term["is_current"],
                    "date_overdue": format_date(self.env, term["date_overdue"]),
                    **{figure: amount(term[figure]) for figure in COLLECTION_FIGURES},
                }
            )
        return Markup(
            self.env["ir.qweb"]._render(
                "customer_contract.customer_contract_collection_terms",
                {
                    "rows": rows,
                    "total": {
                        figure: amount(figures[figure]) for figure in COLLECTION_FIGURES
                    },
                },
            )
        )

    # ------------------------------------------------------------------
    # The owner's activity on overdue invoices
    # ------------------------------------------------------------------
    @api.model
    def _get_overdue_activity_invoice_domain(self, companies):
        """Invoices of contracts overdue by their company's number of days
        (``contract_overdue_activity_days``) whose owner got no activity yet."""
        today = fields.Date.context_today(self)
        return (
            Domain("contract_id", "!=", False)
            & Domain("contract_overdue_activity_date", "=", False)
            & Domain.OR(
                Domain("company_id", "in", same_days.ids)
                & self._get_overdue_invoice_domain(
                    due_before=today - timedelta(days=max(days, 1) - 1)
                )
                for days, same_days in companies.grouped(
                    "contract_overdue_activity_days"
                ).items()
            )
        )

    @api.model
    def _cron_overdue_activities(self, batch_size=200):
        """Give the owners of contracts an activity for each invoice overdue
        by their company's number of days, once per invoice.

        Batched on the contracts, committed after each batch, safe to run
        twice or in two workers (see ``_cron_run_steps``): a contract is
        handled by one worker at a time (row lock), and an invoice whose
        owner was told is marked, and never selected again. A worker whose
        snapshot predates another's commit finds the invoices changed when it
        marks them (a serialization failure): its batch, activities
        included, is rolled back and taken again on a fresh snapshot.
        """
        # Every company: the domain takes them by their number of days.
        companies = (
            self.env["res.company"]
            .sudo()
            .search([("contract_overdue_activity_days", ">=", 0)])
        )
        invoices = self._get_overdue_activity_invoice_domain(companies)
        return self.sudo()._cron_run_steps(
            [(Domain("invoice_ids", "any", invoices), "_process_overdue_activities")],
            batch_size=batch_size,
        )

    def _process_overdue_activities(self):
        """One activity for the owner of each of these contracts per invoice
        overdue by the company's number of days, the invoice marked."""
        today = fields.Date.context_today(self)
        moves = (
            self.env["account.move"]
            .sudo()
            .search(
                Domain("contract_id", "in", self.ids)
                & self._get_overdue_activity_invoice_domain(self.company_id),
                order="invoice_date_due, id",
            )
        )
        if not moves:
            return moves
        activity_type = self.env.ref(
            "customer_contract.mail_activity_type_invoice_overdue"
        )
        model = self.env["ir.model"]._get_id(self._name)
        vals_list = []
        for move in moves:
            contract = move.contract_id.sudo()
            owner = contract.user_id or move.invoice_user_id
            if not owner:
                # Nobody to tell: the invoice is marked all the same.
                continue
            env = self.with_context(lang=owner.lang).env
            vals_list.append(
                {
                    "res_model_id": model,
                    "res_id": contract.id,
                    "activity_type_id": activity_type.id,
                    "contract_invoice_id": move.id,
                    "user_id": owner.id,
                    "date_deadline": today,
                    "summary": env._("Overdue invoice %(invoice)s", invoice=move.name),
                    "note": Markup("<p>%s</p>")
                    % env._(
                        "Invoice %(invoice)s of %(customer)s was due on %(date)s: "
                        "%(amount)s is still to be paid.",
                        invoice=move.name,
                        customer=move.commercial_partner_id.display_name,
                        date=format_date(env, move.invoice_date_due),
                        amount=format_amount(
                            env, move.amount_residual, move.currency_id
                        ),
                    ),
                }
            )
        self.env["mail.activity"].sudo().with_context(
            mail_activity_quick_update=True
        ).create(vals_list)
        moves.with_context(tracking_disable=True, skip_is_manually_modified=True).write(
            {"contract_overdue_activity_date": today}
        )
        return moves
