# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from contextlib import contextmanager
from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Domain
from odoo.tools import format_date, format_list

from .customer_contract_line_mixin import check_finite_numbers

# Fields holding the agreed terms: once signed they change only by amendment.
CONTRACT_TERM_FIELDS = (
    "name",
    "partner_id",
    "signatory_id",
    "company_id",
    "currency_id",
    "pricelist_id",
    "type_id",
    "template_id",
    "date_start",
    "date_end",
    "line_ids",
    "clause_ids",
)
LOCKED_STATES = ("signed", "active", "expired", "terminated")
# Key, in the cursor's transaction cache, of the contracts whose terms an
# amendment is writing. Unlike a context key, no caller can pass it over RPC.
AMENDING_KEY = "customer_contract.amending"
# Who may read the sales orders and invoices of a contract: their counts and
# amounts are shown to them only, and computed from what they may read.
SALE_READER_GROUPS = "sales_team.group_sale_salesman"
INVOICE_READER_GROUPS = (
    "account.group_account_invoice,account.group_account_readonly,"
    "sales_team.group_sale_salesman"
)


class CustomerContract(models.Model):
    _name = "customer.contract"
    _description = "Customer Contract"
    _inherit = [
        "portal.mixin",
        "mail.thread",
        "mail.activity.mixin",
        "customer.contract.terms.mixin",
        # the workflow-owned fields and crons, and the online signature
        "customer.contract.signature.mixin",
    ]
    _order = "date_start desc, id desc"
    _check_company_auto = True
    # Whoever reads the contract may comment on it: the customer logged in
    # on the portal does it without an access token (tokens are created
    # when the contract is shared or sent, never when it is read).
    _mail_post_access = "read"
    _rec_names_search = ["reference", "name", "partner_id"]

    # ------------------------------------------------------------------
    # Fields
    # ------------------------------------------------------------------
    reference = fields.Char(
        required=True,
        readonly=True,
        copy=False,
        index="trigram",
        default=lambda self: self.env._("New"),
    )
    name = fields.Char(string="Title", required=True, tracking=True)
    active = fields.Boolean(default=True, tracking=True)
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("negotiation", "Negotiation"),
            ("signed", "Signed"),
            ("active", "Active"),
            ("expired", "Expired"),
            ("terminated", "Terminated"),
            ("cancelled", "Cancelled"),
        ],
        string="Status",
        default="draft",
        required=True,
        readonly=True,
        copy=False,
        index=True,
        tracking=True,
        group_expand=True,
    )
    is_locked = fields.Boolean(
        compute="_compute_is_locked",
        help="Signed terms are locked: they change only through an amendment.",
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
        tracking=True,
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
    )
    commercial_partner_id = fields.Many2one(
        "res.partner",
        compute="_compute_commercial_partner_id",
        store=True,
        precompute=True,
        index=True,
        string="Customer Entity",
        help="The customer entity of the contract: it follows the customer's "
        "company until the contract is signed, then stays the one who signed, "
        "whatever happens to the contact later.",
    )
    signatory_id = fields.Many2one(
        "res.partner",
        string="Customer Signatory",
        tracking=True,
        check_company=True,
        domain="[('commercial_partner_id', '=', commercial_partner_id)]",
        help="Contact who signs the contract for the customer.",
    )
    pricelist_id = fields.Many2one(
        "product.pricelist",
        compute="_compute_pricelist_id",
        store=True,
        readonly=False,
        precompute=True,
        tracking=True,
        check_company=True,
        help="Prices of the lines added to the contract, as on a sales order: "
        "by default the customer's pricelist. Its currency is the contract's.",
    )
    show_update_pricelist = fields.Boolean(
        string="Has Pricelist Changed",
        store=False,
        help="The pricelist was changed in the form: Update Prices applies it to "
        "the lines.",
    )
    currency_id = fields.Many2one(
        "res.currency",
        required=True,
        tracking=True,
        compute="_compute_currency_id",
        store=True,
        readonly=False,
        precompute=True,
    )
    company_currency_id = fields.Many2one(
        related="company_id.currency_id", string="Company Currency"
    )
    user_id = fields.Many2one(
        "res.users",
        string="Owner",
        index=True,
        tracking=True,
        default=lambda self: self.env.user,
        domain="[('share', '=', False)]",
    )
    team_id = fields.Many2one(
        "crm.team",
        string="Sales Team",
        tracking=True,
        check_company=True,
        compute="_compute_team_id",
        store=True,
        readonly=False,
        precompute=True,
    )
    type_id = fields.Many2one(
        "customer.contract.type",
        string="Contract Type",
        tracking=True,
        check_company=True,
        index=True,
    )
    tag_ids = fields.Many2many("customer.contract.tag", string="Tags")
    template_id = fields.Many2one(
        "customer.contract.template",
        tracking=True,
        check_company=True,
        compute="_compute_template_id",
        store=True,
        readonly=False,
        precompute=True,
    )
    date_start = fields.Date(string="Start Date", tracking=True, index=True)
    date_end = fields.Date(string="End Date", tracking=True, index=True)
    date_signed = fields.Date(string="Signature Date", readonly=True, copy=False)
    line_ids = fields.One2many("customer.contract.line", "contract_id", copy=True)
    clause_ids = fields.One2many(
        "customer.contract.clause.line", "contract_id", copy=True
    )
    note = fields.Html(string="Notes")
    # In the contract's currency: never summed across contracts (their
    # currencies differ), the company-currency values below are.
    amount_untaxed = fields.Monetary(
        string="Untaxed Amount",
        compute="_compute_amounts",
        store=True,
        tracking=True,
        aggregator=False,
    )
    amount_tax = fields.Monetary(
        string="Taxes", compute="_compute_amounts", store=True, aggregator=False
    )
    amount_total = fields.Monetary(
        string="Total",
        compute="_compute_amounts",
        store=True,
        tracking=True,
        aggregator=False,
    )
    amount_untaxed_company = fields.Monetary(
        string="Untaxed Amount (Company Currency)",
        compute="_compute_amounts_company",
        store=True,
        currency_field="company_currency_id",
        help="Untaxed amount converted into the company's currency at the "
        "contract date: the signature date, else the start date, else today.",
    )
    amount_total_company = fields.Monetary(
        string="Total (Company Currency)",
        compute="_compute_amounts_company",
        store=True,
        currency_field="company_currency_id",
        help="Total converted into the company's currency at the contract "
        "date: the signature date, else the start date, else today.",
    )
    expected_value = fields.Monetary(
        tracking=True,
        help="Value expected when the contract was drafted (e.g. from the "
        "opportunity), before its lines are priced.",
    )

    # Execution
    signed_by = fields.Char(
        string="Signed By (Customer)", readonly=True, copy=False, tracking=True
    )
    company_signatory_id = fields.Many2one(
        "res.users",
        string="Signed By (Company)",
        readonly=True,
        copy=False,
        tracking=True,
    )
    signed_attachment_id = fields.Many2one(
        "ir.attachment", string="Signed Document", readonly=True, copy=False
    )
    termination_reason = fields.Text(readonly=True, copy=False)
    termination_date = fields.Date(readonly=True, copy=False, tracking=True)
    terminated_by_id = fields.Many2one("res.users", readonly=True, copy=False)

    # Links
    opportunity_id = fields.Many2one(
        "crm.lead",
        index="btree_not_null",
        tracking=True,
        check_company=True,
        domain="[('type', '=', 'opportunity')]",
    )
    sale_order_ids = fields.One2many(
        "sale.order",
        "contract_id",
        string="Sales Orders",
        readonly=True,
        groups=SALE_READER_GROUPS,
    )
    sale_order_count = fields.Integer(
        compute="_compute_sale_order_count", groups=SALE_READER_GROUPS
    )
    has_quotation = fields.Boolean(
        compute="_compute_has_quotation",
        groups=SALE_READER_GROUPS,
        help="The contract has its quotation (one not cancelled): Create "
        "Quotation makes no second one.",
    )
    invoice_ids = fields.One2many(
        "account.move",
        "contract_id",
        string="Invoices",
        readonly=True,
        groups=INVOICE_READER_GROUPS,
    )
    invoice_count = fields.Integer(
        compute="_compute_invoiced", groups=INVOICE_READER_GROUPS
    )
    amount_invoiced = fields.Monetary(
        string="Invoiced",
        compute="_compute_invoiced",
        groups=INVOICE_READER_GROUPS,
        help="Untaxed amount of the posted customer invoices of the current "
        "term, credit notes deducted, each converted at its invoice date. "
        "Invoices dated before the start of the current term, once the "
        "contract moved to a new term, belong to the earlier terms.",
    )
    amount_to_invoice = fields.Monetary(
        string="Left to Invoice",
        compute="_compute_invoiced",
        groups=INVOICE_READER_GROUPS,
        help="Untaxed amount of the current terms not invoiced yet.",
    )
    days_to_end = fields.Integer(compute="_compute_days_to_end")
    signature_missing = fields.Char(
        compute="_compute_signature_missing",
        help="What the contract still lacks to be signed (or sent for approval).",
    )
    can_activate = fields.Boolean(
        compute="_compute_can_activate",
        help="Signed and started: the contract can be put in force now. A "
        "contract signed ahead of its start date becomes active on that date.",
    )

    # Amendments and versions
    version_number = fields.Integer(
        string="Version",
        aggregator=False,
        default=1,
        required=True,
        readonly=True,
        copy=False,
        tracking=True,
        help="Version of the terms in force: it goes up each time an amendment "
        "is applied.",
    )
    amendment_ids = fields.One2many(
        "customer.contract.amendment", "contract_id", readonly=True
    )
    amendment_count = fields.Integer(compute="_compute_amendment_count")
    amendment_last_number = fields.Integer(
        string="Last Amendment Number",
        aggregator=False,
        readonly=True,
        copy=False,
        help="Number given to the last amendment drafted for this contract.",
    )
    version_ids = fields.One2many(
        "customer.contract.version",
        "contract_id",
        string="Previous Versions",
        readonly=True,
    )

    # Compliance
    obligation_ids = fields.One2many(
        "customer.contract.obligation", "contract_id", string="Obligations"
    )
    obligation_count = fields.Integer(compute="_compute_obligation_count")
    compliance_score = fields.Float(
        compute="_compute_compliance",
        store=True,
        aggregator="avg",
        digits=(16, 1),
        help="Obligations fulfilled, in percent of those that are done, missed or "
        "overdue (still to do after their due date); waived ones and those not "
        "due yet are not counted. 100% as long as nothing is late: below 100% "
        "exactly when the status is Breach.",
    )
    compliance_status = fields.Selection(
        [
            ("on_track", "On Track"),
            ("at_risk", "At Risk"),
            ("breach", "Breach"),
        ],
        compute="_compute_compliance",
        store=True,
        index=True,
        help="Breach: an obligation is missed, or still to do after its due date "
        "(whatever the state of the contract, terminated or expired included). "
        "At risk: nothing is late, but an obligation still to do is due within "
        "the warning window. On track: nothing late, nothing due soon.",
    )

    _date_check = models.Constraint(
        "CHECK(date_end IS NULL OR date_start IS NULL OR date_end >= date_start)",
        "The end date of a contract cannot be before its start date.",
    )
    _reference_company_uniq = models.Constraint(
        "UNIQUE(reference, company_id)",
        "A contract with this reference exists in this company.",
    )
    # The compliance filters of the list, sorted by start date (see
    # tests/benchmarks/bench_volume.py): without it, PostgreSQL walks the
    # start date index through most of the contracts to find a page of
    # those in breach.
    _compliance_status_date_start_idx = models.Index(
        "(compliance_status, date_start DESC, id DESC)"
    )
    # The value pivot (type by state) reads this index, not the table.
    _pivot_value_idx = models.Index(
        "(type_id, state) INCLUDE (amount_untaxed_company, active, company_id)"
    )

    # ------------------------------------------------------------------
    # Compute
    # ------------------------------------------------------------------
    @api.depends("state")
    def _compute_is_locked(self):
        for contract in self:
            contract.is_locked = contract.state in self._get_locked_states()

    @api.depends("partner_id.commercial_partner_id", "state")
    def _compute_commercial_partner_id(self):
        locked_states = self._get_locked_states()
        for contract in self:
            if contract.state in locked_states and contract.commercial_partner_id:
                # Signed by this customer: a contact moved to another company
                # later takes neither the contract nor its portal audience.
                continue
            contract.commercial_partner_id = contract.partner_id.commercial_partner_id

    @api.depends("user_id", "company_id")
    def _compute_team_id(self):
        for contract in self:
            if not contract.user_id:
                continue
            contract.team_id = (
                self.env["crm.team"]
                .with_company(contract.company_id)
                ._get_default_team_id(
                    user_id=contract.user_id.id,
                    domain=[("company_id", "in", [contract.company_id.id, False])],
                )
            )

    @api.depends("partner_id", "company_id")
    def _compute_pricelist_id(self):
        # As sale.order: the customer's pricelist, until the terms are signed
        # (signed terms never change but by amendment).
        locked_states = self._get_locked_states()
        for contract in self:
            if contract.state in locked_states:
                continue
            if not contract.partner_id:
                contract.pricelist_id = False
                continue
            contract.pricelist_id = contract.partner_id.with_company(
                contract.company_id or self.env.company
            ).property_product_pricelist

    @api.depends("pricelist_id", "company_id")
    def _compute_currency_id(self):
        # As sale.order: the pricelist's currency; without a pricelist, the
        # currency chosen on the contract, else the company's.
        locked_states = self._get_locked_states()
        for contract in self:
            if contract.state in locked_states and contract.currency_id:
                continue
            contract.currency_id = (
                contract.pricelist_id.currency_id
                or contract.currency_id
                or contract.company_id.currency_id
                or self.env.company.currency_id
            )

    @api.depends("type_id")
    def _compute_template_id(self):
        for contract in self:
            if contract.type_id.template_id and not contract.template_id:
                contract.template_id = contract.type_id.template_id

    @api.depends(
        "line_ids.price_subtotal",
        "line_ids.price_total",
        "currency_id",
        "company_id",
    )
    def _compute_amounts(self):
        for contract in self:
            contract.update(
                contract.line_ids._get_amounts(
                    contract.currency_id, contract.company_id or self.env.company
                )
            )

    def _get_value_date(self):
        """Date at which the contract's value is converted into the company's
        currency: the signature date, else the start date, else today."""
        self.ensure_one()
        return self.date_signed or self.date_start or fields.Date.context_today(self)

    @api.depends(
        "amount_untaxed",
        "amount_total",
        "currency_id",
        "company_id",
        "date_signed",
        "date_start",
    )
    def _compute_amounts_company(self):
        def company(contract):
            return contract.company_id or self.env.company

        # Every rate read at once (see customer_contract_collection.py).
        convert = self._get_collection_converter(
            (
                contract.currency_id,
                company(contract).currency_id,
                company(contract),
                contract._get_value_date(),
            )
            for contract in self
            if contract.currency_id
        )
        for contract in self:
            rate_company = company(contract)
            to_currency = rate_company.currency_id
            from_currency = contract.currency_id or to_currency
            day = contract._get_value_date()
            for fname in ("amount_untaxed", "amount_total"):
                contract[f"{fname}_company"] = convert(
                    contract[fname], from_currency, to_currency, rate_company, day
                )

    @api.depends(
        "obligation_ids.state",
        "obligation_ids.date_due",
        "obligation_ids.date_warning",
        "obligation_ids.is_due",
        "obligation_ids.in_warning_window",
        "obligation_ids.evidence_state",
    )
    def _compute_compliance(self):
        """One rule for the score and the status, in every state of the
        contract: an obligation is late when it is missed, or still to do
        after its due date (the daily scheduled action marks those missed;
        until then, or on a contract it no longer processes, they are late
        all the same). The score is the share of fulfilled obligations among
        the done and late ones; the status is Breach when one is late."""
        today = fields.Date.context_today(self)
        for contract in self:
            obligations = contract.obligation_ids
            late = obligations.filtered(lambda o: o._is_late(today))
            done = obligations.filtered(lambda o: o.state == "done")
            counted = len(done) + len(late)
            contract.compliance_score = (
                100.0 * len(done) / counted if counted else 100.0
            )
            if late:
                contract.compliance_status = "breach"
            elif any(o._is_due_soon(today) for o in obligations):
                contract.compliance_status = "at_risk"
            else:
                contract.compliance_status = "on_track"

    def _compute_obligation_count(self):
        counts = dict(
            self.env["customer.contract.obligation"]._read_group(
                [("contract_id", "in", self.ids)], ["contract_id"], ["__count"]
            )
        )
        for contract in self:
            contract.obligation_count = counts.get(contract, 0)

    def _compute_amendment_count(self):
        counts = dict(
            self.env["customer.contract.amendment"]._read_group(
                [("contract_id", "in", self.ids)], ["contract_id"], ["__count"]
            )
        )
        for contract in self:
            contract.amendment_count = counts.get(contract, 0)

    def _compute_sale_order_count(self):
        # Counted with the user's own rights: a user who may not read sales
        # orders is shown no count (the field and its button are hidden from
        # them), rather than an access error on the whole contract.
        orders = self.env["sale.order"]
        counts = {}
        if orders.has_access("read"):
            counts = dict(
                orders._read_group(
                    [("contract_id", "in", self.ids)], ["contract_id"], ["__count"]
                )
            )
        for contract in self:
            contract.sale_order_count = counts.get(contract, 0)

    def _quotation_domain(self):
        """The sales orders that are the contracts' own quotations (extension
        point): those not cancelled."""
        return Domain("contract_id", "in", self.ids) & Domain("state", "!=", "cancel")

    def _get_quotations(self):
        """{contract: its quotations}, whoever may read them: a contract has
        one quotation, even if the user may not read it."""
        orders = self.env["sale.order"].sudo().search(self._quotation_domain())
        return {
            contract: orders.filtered(lambda o, c=contract: o.contract_id == c)
            for contract in self
        }

    def _compute_has_quotation(self):
        quotations = self._get_quotations()
        for contract in self:
            contract.has_quotation = bool(quotations[contract])

    def _invoice_domain(self):
        return Domain("contract_id", "in", self.ids) & Domain(
            "move_type", "in", ("out_invoice", "out_refund")
        )

    def _get_invoicing_term_start(self):
        """First day from which invoices count against the current terms.

        While the contract runs its first term, every invoice counts (an
        invoice issued in advance, before the start, included). Once an
        amendment or a renewal moved it to a new term (a previous version of
        its terms ended before the current start), invoices dated before the
        current start belong to the earlier terms.

        :return: {contract: date or None}
        """
        # Only the end dates of the contract's own versions are read, to
        # draw the line: no amount comes from this read.
        ends = dict(
            self.env["customer.contract.version"]
            .sudo()
            ._read_group(
                [("contract_id", "in", self.ids), ("date_end", "!=", False)],
                ["contract_id"],
                ["date_end:min"],
            )
        )
        starts = {}
        for contract in self:
            first_end = ends.get(contract)
            start = contract.date_start
            starts[contract] = (
                start if start and first_end and first_end < start else None
            )
        return starts

    @api.depends(
        "amount_untaxed",
        "date_start",
        "version_ids.date_end",
        "invoice_ids.state",
        "invoice_ids.move_type",
        "invoice_ids.currency_id",
        "invoice_ids.amount_untaxed",
        "invoice_ids.invoice_date",
    )
    def _compute_invoiced(self):
        # Computed with the user's own rights, never as superuser: the
        # figures are those of the invoices the user may read, and a user who
        # may read no invoice (a contracts user without sales or invoicing
        # rights) gets none; the fields are hidden from them anyway.
        moves = self.env["account.move"]
        if not moves.has_access("read"):
            for contract in self:
                contract.invoice_count = 0
                contract.amount_invoiced = 0.0
                contract.amount_to_invoice = 0.0
            return
        counts = dict(
            moves._read_group(self._invoice_domain(), ["contract_id"], ["__count"])
        )
        posted = moves._read_group(
            self._invoice_domain() & Domain("state", "=", "posted"),
            ["contract_id", "currency_id", "move_type", "invoice_date:day"],
            ["amount_untaxed:sum"],
        )
        term_starts = self._get_invoicing_term_start()
        today = fields.Date.context_today(self)
        entries = []
        for contract, currency, move_type, invoice_date, amount in posted:
            term_start = term_starts.get(contract)
            if term_start and (not invoice_date or invoice_date < term_start):
                continue
            sign = -1 if move_type == "out_refund" else 1
            entries.append((contract, currency, sign * amount, invoice_date or today))
        # At the rate of the day of each invoice, as it was booked: the rates
        # of all the dates read at once (see customer_contract_collection.py).
        convert = self._get_collection_converter(
            (currency, contract.currency_id, contract.company_id, day)
            for contract, currency, _amount, day in entries
        )
        invoiced = dict.fromkeys(self, 0.0)
        for contract, currency, amount, day in entries:
            invoiced[contract] += convert(
                amount, currency, contract.currency_id, contract.company_id, day
            )
        for contract in self:
            contract.invoice_count = counts.get(contract, 0)
            contract.amount_invoiced = invoiced.get(contract, 0.0)
            contract.amount_to_invoice = (
                contract.amount_untaxed - contract.amount_invoiced
            )

    @api.depends("date_end")
    def _compute_days_to_end(self):
        today = fields.Date.context_today(self)
        for contract in self:
            contract.days_to_end = (
                (contract.date_end - today).days if contract.date_end else 0
            )

    @api.depends("signatory_id", "line_ids", "clause_ids", "date_start")
    @api.depends_context("lang")
    def _compute_signature_missing(self):
        for contract in self:
            missing = contract._get_signature_missing()
            contract.signature_missing = format_list(self.env, missing) or False

    @api.depends("state", "date_start")
    def _compute_can_activate(self):
        # Not stored: it follows today's date.
        today = fields.Date.context_today(self)
        for contract in self:
            contract.can_activate = contract.state == "signed" and (
                not contract.date_start or contract.date_start <= today
            )

    @api.depends("reference", "name")
    def _compute_display_name(self):
        for contract in self:
            if contract.reference and contract.name:
                contract.display_name = f"{contract.reference} - {contract.name}"
            else:
                contract.display_name = contract.name or contract.reference

    def _compute_access_url(self):
        for contract in self:
            contract.access_url = f"/my/contracts/{contract.id}"

    # ------------------------------------------------------------------
    # Constraints and onchange
    # ------------------------------------------------------------------
    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for contract in self:
            if (
                contract.date_start
                and contract.date_end
                and contract.date_end < contract.date_start
            ):
                raise ValidationError(
                    self.env._(
                        "Contract %(contract)s ends on %(end)s, before it starts on "
                        "%(start)s: set an end date after the start date.",
                        contract=contract.display_name,
                        end=format_date(self.env, contract.date_end),
                        start=format_date(self.env, contract.date_start),
                    )
                )

    @api.constrains("signatory_id", "partner_id")
    def _check_signatory(self):
        for contract in self:
            signatory = contract.signatory_id
            if (
                signatory
                and signatory.commercial_partner_id != contract.commercial_partner_id
            ):
                raise ValidationError(
                    self.env._(
                        "The signatory %(signatory)s of contract %(contract)s does not "
                        "belong to the customer %(customer)s.",
                        signatory=signatory.display_name,
                        contract=contract.display_name,
                        customer=contract.commercial_partner_id.display_name,
                    )
                )

    @api.onchange("pricelist_id")
    def _onchange_pricelist_id_show_update_prices(self):
        # As on a sales order: the lines keep their prices until the user
        # asks for the new pricelist's (Update Prices).
        self.show_update_pricelist = bool(
            self.line_ids and self._origin.pricelist_id != self.pricelist_id
        )

    def action_update_prices(self):
        """Update Prices: the lines priced again by the contract's pricelist,
        in its currency, as a sales order's are; only while the terms may
        change (a signed contract changes prices by an amendment)."""
        self.ensure_one()
        self.check_access("write")
        if self.is_locked:
            raise UserError(
                self.env._(
                    "Contract %(contract)s is signed: its prices change only "
                    "through an amendment.",
                    contract=self.display_name,
                )
            )
        company = self.company_id
        for line in self.line_ids.filtered("product_id"):
            line.price_unit = line._get_pricelist_price(company)
        self.show_update_pricelist = False
        if self.pricelist_id:
            message = self.env._(
                "Product prices have been recomputed according to pricelist "
                "%(pricelist)s.",
                pricelist=self.pricelist_id._get_html_link(),
            )
        else:
            message = self.env._("Product prices have been recomputed.")
        self.message_post(body=message)
        return True

    @api.onchange("partner_id")
    def _onchange_partner_id(self):
        if (
            self.signatory_id
            and self.signatory_id.commercial_partner_id
            != self.partner_id.commercial_partner_id
        ):
            self.signatory_id = False
        if not self.signatory_id and self.partner_id:
            contacts = self.partner_id.commercial_partner_id.child_ids.filtered(
                lambda p: p.type == "contact"
            )
            if self.partner_id.type == "contact" and self.partner_id.parent_id:
                self.signatory_id = self.partner_id
            elif len(contacts) == 1:
                self.signatory_id = contacts

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    def _get_workflow_fields(self):
        fields_by_action = super()._get_workflow_fields()
        buttons = self.env._(
            "Use the buttons of the contract (Start Negotiation, Mark as Signed, "
            "Activate, Terminate, Cancel, Set to Draft)."
        )
        sign = self.env._("Use the Mark as Signed button of the contract.")
        terminate = self.env._("Use the Terminate button of the contract.")
        amend = self.env._("Use an amendment of the contract (Amend, then Apply).")
        # Computed from the lines, the currency and the contract date: the
        # approval rules compare them, nobody sets them by hand.
        amounts = self.env._(
            "Use the lines, the currency and the dates of the contract (its amounts "
            "are computed from them)."
        )
        fields_by_action.update(
            dict.fromkeys(
                (
                    "amount_untaxed",
                    "amount_tax",
                    "amount_total",
                    "amount_untaxed_company",
                    "amount_total_company",
                ),
                amounts,
            )
        )
        fields_by_action.update(
            {
                "state": buttons,
                "reference": self.env._(
                    "Use the sequence of the contracts (the reference is given at "
                    "creation)."
                ),
                "commercial_partner_id": self.env._(
                    "Use the Customer field (the customer entity follows it until "
                    "the contract is signed)."
                ),
                "version_number": amend,
                "amendment_last_number": amend,
                "date_signed": sign,
                "signed_by": sign,
                "company_signatory_id": sign,
                "signed_attachment_id": sign,
                "termination_reason": terminate,
                "termination_date": terminate,
                "terminated_by_id": terminate,
            }
        )
        return fields_by_action

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            # The reference given at creation is the user's (a copy, an
            # import); afterwards it belongs to the workflow.
            self._check_workflow_fields(
                {k: v for k, v in vals.items() if k != "reference"}, creating=True
            )
            if vals.get("reference", self.env._("New")) == self.env._("New"):
                company = self.env["res.company"].browse(
                    vals.get("company_id") or self.env.company.id
                )
                vals["reference"] = self.env["ir.sequence"].with_company(
                    company
                ).next_by_code("customer.contract") or self.env._("New")
            check_finite_numbers(
                self,
                vals,
                lambda vals=vals: self.env._(
                    "Contract %(reference)s - %(name)s",
                    reference=vals.get("reference"),
                    name=vals.get("name") or "",
                ),
            )
        contracts = super(
            CustomerContract, self.with_context(customer_contract_creating=True)
        ).create(vals_list)
        # Clauses given explicitly (e.g. on a copy) are kept as they are.
        contracts.filtered(
            lambda c: c.template_id and not c.clause_ids
        )._apply_template()
        return contracts.with_env(self.env)

    def write(self, vals):
        check_finite_numbers(self, vals, lambda: self[:1].display_name)
        self._check_workflow_fields(vals)
        self._check_terms_editable(vals)
        res = super().write(vals)
        if "template_id" in vals:
            self.filtered("template_id")._apply_template()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_signed(self):
        for contract in self:
            if contract.state not in ("draft", "cancelled"):
                raise UserError(
                    self.env._(
                        "Contract %(contract)s is %(state)s and cannot be deleted: "
                        "cancel it while it is a draft, or archive it.",
                        contract=contract.display_name,
                        state=dict(
                            self._fields["state"]._description_selection(self.env)
                        )[contract.state],
                    )
                )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_history(self):
        # Amendments and versions are deleted with their contract (cascade),
        # which only uninstalling the module may do.
        for contract in self.sudo():
            if contract.amendment_ids or contract.version_ids:
                raise UserError(
                    self.env._(
                        "Contract %(contract)s has amendments or previous versions "
                        "and cannot be deleted: archive it.",
                        contract=contract.display_name,
                    )
                )

    def copy_data(self, default=None):
        vals_list = super().copy_data(default=default)
        for contract, vals in zip(self, vals_list, strict=True):
            vals.setdefault("name", self.env._("%(name)s (copy)", name=contract.name))
        return vals_list

    # ------------------------------------------------------------------
    # Term locking
    # ------------------------------------------------------------------
    def _get_term_fields(self):
        """Fields that hold the agreed terms (extension point)."""
        return set(CONTRACT_TERM_FIELDS)

    def _get_locked_states(self):
        """States in which the terms are locked (extension point)."""
        return LOCKED_STATES

    def _check_terms_editable(self, vals=None, what=None):
        """Refuse to change the terms of a signed contract.

        :param vals: values about to be written on the contracts (only term
            fields count), or None when lines/clauses of the contracts change.
        :param what: label of what is being changed, for the message.
        """
        changed = set()
        if vals is not None:
            changed = self._get_term_fields() & set(vals)
            if not changed:
                return
        amending = self.env.cr.cache.get(AMENDING_KEY, ())
        self.filtered(lambda c: c.id not in amending)._check_sign_terms_editable()
        locked = self.filtered(
            lambda c: c.state in self._get_locked_states() and c.id not in amending
        )
        if locked:
            # The labels of the fields, in a list of the reader's language.
            what = what or format_list(
                self.env,
                sorted(
                    self._fields[name].get_description(self.env)["string"]
                    for name in changed
                ),
            )
            raise UserError(
                self.env._(
                    "Contract %(contract)s is signed: its terms (%(terms)s) cannot be "
                    "edited. Create an amendment to change them.",
                    contract=locked[0].display_name,
                    terms=what,
                )
            )

    @contextmanager
    def _amending_terms(self):
        """Let the code inside the block write the terms of these contracts.

        Only an amendment being applied (or the code of a module that extends
        it) uses it; the marker lives in the transaction, never in the context.
        """
        cache = self.env.cr.cache
        previous = cache.get(AMENDING_KEY, frozenset())
        cache[AMENDING_KEY] = previous | set(self.ids)
        try:
            yield self
        finally:
            cache[AMENDING_KEY] = previous

    # ------------------------------------------------------------------
    # Templates and clauses
    # ------------------------------------------------------------------
    def mail_allowed_qweb_expressions(self):
        # Placeholders any user may write in a clause (or a message) about a
        # contract: simple fields, rendered without evaluating any code.
        return super().mail_allowed_qweb_expressions() + (
            "object.reference",
            "object.date_start",
            "object.date_end",
            "object.signatory_id.name",
            "object.commercial_partner_id.name",
            "object.company_id.name",
            "object.type_id.name",
            "object.currency_id.name",
            "object.amount_untaxed",
            "object.amount_total",
        )

    def _render_clause_bodies(self, clauses):
        """Render the library ``clauses`` for each contract, as the current
        user in Odoo's rendering sandbox (see customer.contract.clause).

        The contracts may be new records (e.g. the terms an amendment
        proposes, see customer.contract.amendment).

        :return: {contract_id: {clause_id: rendered body}}
        :raise UserError: naming the clause and the contract when a
            placeholder is forbidden or fails; nothing is rendered then
        """
        result = {contract.id: {} for contract in self}
        for clause in clauses:
            for contract_id, body in clause._render_body(self).items():
                result[contract_id][clause.id] = body
        return result

    def _apply_template(self):
        """Replace the clauses of the contracts by their template's, rendered."""
        self._check_terms_editable(what=self.env._("clauses"))
        clause_lines = self.env["customer.contract.clause.line"]
        vals_list = []
        for template, contracts in self.grouped("template_id").items():
            clauses = template.clause_ids
            bodies = contracts._render_clause_bodies(clauses)
            vals_list += [
                {
                    "contract_id": contract.id,
                    "sequence": sequence,
                    "name": clause.name,
                    "category": clause.category,
                    **clause_lines._prepare_rendered_values(
                        clause, bodies[contract.id][clause.id]
                    ),
                }
                for contract in contracts
                for sequence, clause in enumerate(clauses, start=1)
            ]
        self.clause_ids.unlink()
        return clause_lines.create(vals_list)

    def _get_clause_refresh_states(self):
        """States in which the clauses can be rendered again from the
        template (extension point)."""
        return ("draft", "negotiation")

    def action_refresh_clauses(self):
        """Render the template's clauses again with the current terms."""
        # Signed terms change by amendment only: say so first.
        self._check_terms_editable(what=self.env._("clauses"))
        self._check_state(
            self._get_clause_refresh_states(), self.env._("Refresh Clauses")
        )
        for contract in self:
            if not contract.template_id:
                raise UserError(
                    self.env._(
                        "Contract %(contract)s has no template: choose one to fill "
                        "its clauses.",
                        contract=contract.display_name,
                    )
                )
        self._apply_template()
        return True

    # ------------------------------------------------------------------
    # Actions: lifecycle
    # ------------------------------------------------------------------
    def _state_label(self, state):
        return dict(self._fields["state"]._description_selection(self.env))[state]

    def _check_state(self, allowed, action):
        for contract in self:
            if contract.state not in allowed:
                raise UserError(
                    self.env._(
                        'Contract %(contract)s is %(state)s: "%(action)s" is not '
                        "possible in this state.",
                        contract=contract.display_name,
                        state=self._state_label(contract.state),
                        action=action,
                    )
                )

    def action_negotiate(self):
        self._check_state(("draft",), self.env._("Start Negotiation"))
        with self._workflow():
            self.write({"state": "negotiation"})
        return True

    def action_back_to_draft(self):
        self._check_state(("negotiation", "cancelled"), self.env._("Set to Draft"))
        # Back to the drafting table: a signature request is void.
        self._sign_request_clear()
        with self._workflow():
            self.write({"state": "draft"})
        return True

    def action_cancel(self):
        self._check_state(("draft", "negotiation"), self.env._("Cancel"))
        self._sign_request_clear()
        with self._workflow():
            self.write({"state": "cancelled"})
        return True

    def _get_signable_states(self):
        """States from which a contract can be signed (extension point)."""
        return ("draft", "negotiation")

    def _get_sign_request_states(self):
        return ("negotiation",)

    def _get_sign_action_depends(self):
        return [*super()._get_sign_action_depends(), "date_start"]

    def _get_sign_portal_url(self):
        self.ensure_one()
        return self.get_portal_url()

    def _get_sign_mail_template(self, signature=False):
        return self.env.ref(
            "customer_contract.mail_template_contract_sign_request"
            if signature
            else "customer_contract.mail_template_contract_send",
            raise_if_not_found=False,
        )

    def action_send_email(self):
        # A draft is not shared with the customer (nor is a cancelled one).
        self._check_state(
            tuple(
                state
                for state, _label in self._fields["state"].selection
                if state not in ("draft", "cancelled")
            ),
            self.env._("Send by Email"),
        )
        return super().action_send_email()

    def message_post(self, **kwargs):
        self._sign_message_post_hook()
        return super().message_post(**kwargs)

    def _get_signature_missing(self):
        """What the contract still lacks to be signed, whatever its state
        (extension point); a review of the contract asks for the same.

        :return: list of labels (empty when nothing is missing)
        """
        self.ensure_one()
        missing = []
        if not self.signatory_id:
            missing.append(self.env._("a customer signatory"))
        if not self.line_ids:
            missing.append(self.env._("at least one line"))
        if not self.clause_ids:
            missing.append(self.env._("at least one clause"))
        if not self.date_start:
            missing.append(self.env._("a start date"))
        return missing

    def _check_signable(self):
        """Checks a user expects before a signature (extension point)."""
        self._check_state(self._get_signable_states(), self.env._("Sign"))
        for contract in self:
            missing = contract._get_signature_missing()
            if missing:
                raise UserError(
                    self.env._(
                        "Contract %(contract)s cannot be signed yet: it needs "
                        "%(missing)s.",
                        contract=contract.display_name,
                        missing=format_list(self.env, missing),
                    )
                )

    def _get_sign_wizard_context(self):
        return {"default_contract_id": self.id}

    def _get_paper_sign_label(self):
        """The reference alone: the display name adds the contract's title."""
        self.ensure_one()
        return self.reference

    def _sign_paper_message(self, signed_by, date_signed, company_signatory):
        self.ensure_one()
        return self.env._(
            "Contract signed by %(customer)s for the customer and by "
            "%(company)s for %(company_name)s on %(date)s.",
            customer=signed_by,
            company=company_signatory.name,
            company_name=self.company_id.name,
            date=format_date(self.env, date_signed),
        )

    def _get_sign_message_subtype(self):
        return "customer_contract.mt_contract_signed"

    def _record_signature(
        self, signed_by, date_signed, company_signatory, attachments=None, online=False
    ):
        super()._record_signature(
            signed_by, date_signed, company_signatory, attachments, online
        )
        self._on_signed()
        # A contract whose start date has come is in force at once.
        self._activate_due()
        return True

    def _on_signed(self):
        """Hook called once the contracts are signed (before activation)."""
        self._generate_obligations()
        return True

    def _after_amendment_applied(self, amendment, previous_terms):
        """Hook called once ``amendment`` has written its terms on the contract.

        :param amendment: the applied customer.contract.amendment
        :param dict previous_terms: the term values before the amendment
            (at least ``date_start`` and ``date_end``)
        """
        if self._obligations_need_replanning(previous_terms):
            self._regenerate_future_obligations()
        return True

    def _obligations_need_replanning(self, previous_terms):
        """Whether the planned obligations no longer follow the terms: the
        dates moved, or the contract type (whose obligation templates plan
        them) changed.

        :param dict previous_terms: see ``_after_amendment_applied``
        """
        self.ensure_one()
        if (previous_terms["date_start"], previous_terms["date_end"]) != (
            self.date_start,
            self.date_end,
        ):
            return True
        return "type_id" in previous_terms and previous_terms["type_id"] != self.type_id

    # ------------------------------------------------------------------
    # Obligations
    # ------------------------------------------------------------------
    def _generate_obligations(self, from_date=None, skip=None):
        """Create the obligations of the contracts' types, in one go.

        :param date from_date: only occurrences due on or after this date
        :param set skip: (contract id, template id, due date) already there
        """
        skip = skip or set()
        vals_list = []
        for contract in self:
            for template in contract.type_id.obligation_template_ids:
                vals_list += [
                    template._prepare_obligation_values(contract, due)
                    for due in template._get_due_dates(contract)
                    if (not from_date or due >= from_date)
                    and (contract.id, template.id, due) not in skip
                ]
        obligations = self.env["customer.contract.obligation"]
        with obligations._workflow():
            return obligations.create(vals_list)

    def _regenerate_future_obligations(self):
        """After a change of dates or of contract type: plan again the
        template obligations still to do from today, from the templates of
        the contract's current type, keeping what is done, waived or missed
        (the history stays, whatever type planned it)."""
        today = fields.Date.context_today(self)
        obligations = self.obligation_ids.filtered("template_id")
        # Planned by the system from the templates: replanned the same way.
        obligations.filtered(
            lambda o: o.state == "todo" and o.date_due >= today
        ).sudo().unlink()
        kept = {
            (o.contract_id.id, o.template_id.id, o.date_due)
            for o in obligations.exists()
        }
        return self._generate_obligations(from_date=today, skip=kept)

    def action_view_obligations(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "customer_contract.customer_contract_obligation_action"
        )
        action["domain"] = [("contract_id", "=", self.id)]
        action["context"] = {
            "default_contract_id": self.id,
            "default_user_id": self.user_id.id,
        }
        return action

    def action_print_compliance(self):
        return self.env.ref(
            "customer_contract.customer_contract_compliance_report_action"
        ).report_action(self)

    def action_activate(self):
        self._check_state(("signed",), self.env._("Activate"))
        today = fields.Date.context_today(self)
        for contract in self:
            if contract.date_start and contract.date_start > today:
                raise UserError(
                    self.env._(
                        "Contract %(contract)s starts on %(date)s: it becomes active "
                        "on that date, by itself.",
                        contract=contract.display_name,
                        date=format_date(self.env, contract.date_start),
                    )
                )
        with self._workflow():
            self.write({"state": "active"})
        return True

    def action_open_terminate_wizard(self):
        self.ensure_one()
        self._check_state(("signed", "active"), self.env._("Terminate"))
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Terminate Contract"),
            "res_model": "customer.contract.terminate.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_contract_id": self.id},
        }

    def _action_terminate(self, reason, termination_date):
        self._check_state(("signed", "active"), self.env._("Terminate"))
        if not reason or not reason.strip():
            raise UserError(
                self.env._(
                    "Give the reason for terminating contract %(contract)s.",
                    contract=self[:1].display_name,
                )
            )
        for contract in self:
            if contract.date_start and termination_date < contract.date_start:
                raise UserError(
                    self.env._(
                        "Contract %(contract)s cannot be terminated on %(date)s, "
                        "before it starts on %(start)s.",
                        contract=contract.display_name,
                        date=format_date(self.env, termination_date),
                        start=format_date(self.env, contract.date_start),
                    )
                )
        with self._workflow():
            self.write(
                {
                    "state": "terminated",
                    "termination_reason": reason.strip(),
                    "termination_date": termination_date,
                    "terminated_by_id": self.env.user.id,
                }
            )
        # What would have been due after the end is no longer owed.
        not_due = self.obligation_ids.filtered(
            lambda o: o.state == "todo" and o.date_due > termination_date
        )
        with not_due._workflow():
            not_due.write(
                {
                    "state": "waived",
                    "note": self.env._("Not due: the contract was terminated."),
                }
            )
        for contract in self:
            contract.message_post(
                body=self.env._(
                    "Contract terminated on %(date)s: %(reason)s",
                    date=format_date(self.env, termination_date),
                    reason=reason.strip(),
                ),
                subtype_xmlid="customer_contract.mt_contract_terminated",
            )
        return True

    # ------------------------------------------------------------------
    # Actions: documents
    # ------------------------------------------------------------------
    def _prepare_sale_order_values(self):
        self.ensure_one()
        return {
            "partner_id": self.partner_id.id,
            "company_id": self.company_id.id,
            "user_id": self.user_id.id,
            "team_id": self.team_id.id,
            "opportunity_id": self.opportunity_id.id,
            "origin": self.reference,
            "contract_id": self.id,
            # The contract's prices, in its currency.
            **({"pricelist_id": self.pricelist_id.id} if self.pricelist_id else {}),
            "order_line": [
                fields.Command.create(line._prepare_sale_order_line_values())
                for line in self.line_ids
            ],
        }

    def action_create_quotation(self):
        self.ensure_one()
        if self.state in ("cancelled", "expired", "terminated"):
            raise UserError(
                self.env._(
                    "Contract %(contract)s is %(state)s: no quotation can be made "
                    "from it.",
                    contract=self.display_name,
                    state=self._state_label(self.state),
                )
            )
        if not self.line_ids:
            raise UserError(
                self.env._(
                    "Contract %(contract)s has no line: add its lines before "
                    "making its quotation.",
                    contract=self.display_name,
                )
            )
        quotation = self._get_quotations()[self][:1]
        if quotation:
            if quotation.with_env(self.env).has_access("read"):
                message = self.env._(
                    "Contract %(contract)s already has its quotation %(order)s: "
                    "open it from the Quotations button, or cancel it to make a "
                    "new one.",
                    contract=self.display_name,
                    order=quotation.name,
                )
            else:
                message = self.env._(
                    "Contract %(contract)s already has its quotation, made by "
                    "another salesperson.",
                    contract=self.display_name,
                )
            raise UserError(message)
        order = self.env["sale.order"].create(self._prepare_sale_order_values())
        return order._get_records_action(context={})

    def action_view_sale_orders(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "sale.action_quotations_with_onboarding"
        )
        action["domain"] = [("contract_id", "=", self.id)]
        action["context"] = {
            "default_contract_id": self.id,
            "default_partner_id": self.partner_id.id,
        }
        return action

    def action_view_invoices(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account.action_move_out_invoice_type"
        )
        action["domain"] = list(self._invoice_domain())
        action["context"] = {
            "default_contract_id": self.id,
            "default_partner_id": self.partner_id.id,
            "default_move_type": "out_invoice",
        }
        return action

    def action_view_opportunity(self):
        self.ensure_one()
        return self.opportunity_id._get_records_action(context={})

    def _get_report_base_filename(self):
        self.ensure_one()
        return self.env._("Contract %(reference)s", reference=self.reference)

    # ------------------------------------------------------------------
    # Amendments and versions
    # ------------------------------------------------------------------
    def _get_terms_label(self):
        self.ensure_one()
        return self.env._(
            "Current terms (version %(number)s)", number=self.version_number
        )

    def _check_amendable(self):
        for contract in self:
            if contract.state not in ("signed", "active"):
                raise UserError(
                    self.env._(
                        "Contract %(contract)s is %(state)s: only a signed or active "
                        "contract can be amended.",
                        contract=contract.display_name,
                        state=self._state_label(contract.state),
                    )
                )

    def _get_next_amendment_numbers(self):
        """{contract id: number of its next amendment}

        The caller locks the contracts (``_lock_rows``) and records the
        numbers it gives (``_set_last_amendment_numbers``), so that two
        amendments drafted at the same moment get two numbers.
        """
        last = dict(
            self.env["customer.contract.amendment"]
            .sudo()
            .with_context(active_test=False)
            ._read_group(
                [("contract_id", "in", self.ids)], ["contract_id"], ["number:max"]
            )
        )
        return {
            contract.id: max(last.get(contract) or 0, contract.amendment_last_number)
            + 1
            for contract in self
        }

    def _set_last_amendment_numbers(self, numbers):
        """Record the last number given to an amendment of each contract.

        Writing the row makes a transaction that waited for its lock to draft
        an amendment too fail to serialize: Odoo runs it again, and it reads
        the numbers given here.

        :param dict numbers: {contract id: last amendment number}
        """
        # One write per distinct number: a batch costs the same whatever its size.
        by_number = self.grouped(lambda contract: numbers[contract.id])
        with self._workflow():
            for number, contracts in by_number.items():
                contracts.sudo().write({"amendment_last_number": number})

    def _prepare_amendment_values(self):
        """Values of a new amendment: the current terms, to be edited."""
        self.ensure_one()
        return {
            "contract_id": self.id,
            "contract_name": self.name,
            "signatory_id": self.signatory_id.id,
            "type_id": self.type_id.id,
            "date_start": self.date_start,
            "date_end": self.date_end,
            "line_ids": [
                fields.Command.create(line._prepare_amendment_line_values())
                for line in self.line_ids
            ],
            "clause_ids": [
                fields.Command.create(clause._prepare_amendment_clause_values())
                for clause in self.clause_ids
            ],
        }

    def _get_previous_terms_values(self):
        """Term values before an amendment, given to ``_after_amendment_applied``."""
        self.ensure_one()
        return {
            "version_number": self.version_number,
            "date_start": self.date_start,
            "date_end": self.date_end,
            "type_id": self.type_id,
            "amount_untaxed": self.amount_untaxed,
            "amount_total": self.amount_total,
        }

    def _get_current_terms_origin(self):
        """The applied amendment that brought the current terms in, if any."""
        self.ensure_one()
        return self.amendment_ids.filtered(
            lambda a: a.state == "applied" and a.base_version == self.version_number - 1
        )[:1]

    def _prepare_version_values(self, superseded_by):
        self.ensure_one()
        origin = self._get_current_terms_origin()
        signature = origin or self
        return {
            "contract_id": self.id,
            "number": self.version_number,
            "company_id": self.company_id.id,
            "currency_id": self.currency_id.id,
            "name": self.name,
            "partner_id": self.partner_id.id,
            "commercial_partner_id": self.commercial_partner_id.id,
            "signatory_id": self.signatory_id.id,
            "type_id": self.type_id.id,
            "date_start": self.date_start,
            "date_end": self.date_end,
            "amount_untaxed": self.amount_untaxed,
            "amount_tax": self.amount_tax,
            "amount_total": self.amount_total,
            "date_from": origin.date_effective if origin else self.date_start,
            "date_to": superseded_by._get_superseded_terms_end(),
            "signed_by": signature.signed_by,
            "company_signatory_id": signature.company_signatory_id.id,
            "date_signed": signature.date_signed,
            "amendment_id": origin.id,
            "superseded_by_id": superseded_by.id,
            "frozen_by_id": self.env.user.id,
            "date_frozen": fields.Datetime.now(),
            "line_ids": [
                fields.Command.create(line._prepare_version_line_values())
                for line in self.line_ids
            ],
            "clause_ids": [
                fields.Command.create(clause._prepare_version_clause_values())
                for clause in self.clause_ids
            ],
        }

    def _freeze_version(self, superseded_by):
        """Keep the current terms as an immutable version.

        :param superseded_by: the amendment about to replace them
        """
        self.ensure_one()
        return (
            self.env["customer.contract.version"]
            .sudo()
            .create(self._prepare_version_values(superseded_by))
            .sudo(False)
        )

    def _get_portal_amendments(self):
        """Amendments the customer sees on the portal: the signed ones, and
        those sent to them for signature."""
        self.ensure_one()
        return self.amendment_ids.filtered(
            lambda amendment: (
                amendment.state in ("signed", "applied")
                or amendment._sign_in_progress()
            )
        )

    def _get_portal_report_url(self, report_type="pdf", download=False):
        """Link of the contract's report on its portal page.

        Unlike ``get_portal_url``, it never creates an access token: the
        customer logged in needs none, and the visitor who came with the
        link of a shared contract has the token the contract already holds.
        """
        self.ensure_one()
        url = f"{self.access_url}?report_type={report_type}"
        if self.access_token:
            url += f"&access_token={self.access_token}"
        if download:
            url += "&download=true"
        return url

    def _get_amendment_portal_url(self, amendment, report_type="pdf", download=False):
        """Link of an amendment on the contract's portal page: its page
        (``report_type`` None) or its report."""
        self.ensure_one()
        url = f"{self.access_url}/amendments/{amendment.id}"
        query = []
        if report_type:
            query.append(f"report_type={report_type}")
        if self.access_token:
            query.append(f"access_token={self.access_token}")
        if download:
            query.append("download=true")
        return url + ("?" + "&".join(query) if query else "")

    def action_amend(self):
        """Open a new amendment of the contract, starting from its terms."""
        self.ensure_one()
        self._check_amendable()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("New Amendment"),
            "res_model": "customer.contract.amendment",
            "view_mode": "form",
            "target": "current",
            "context": {"default_contract_id": self.id},
        }

    def action_view_amendments(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "customer_contract.customer_contract_amendment_action"
        )
        action["domain"] = [("contract_id", "=", self.id)]
        action["context"] = {"default_contract_id": self.id}
        return action

    def action_compare_versions(self, old_version=None):
        """Open the side-by-side comparison of two versions of the terms."""
        self.ensure_one()
        if old_version and not isinstance(old_version, models.BaseModel):
            # Called remotely: an id, which must be a version of this contract.
            old_version = self.version_ids.filtered(lambda v: v.id == old_version)
            if not old_version:
                raise UserError(
                    self.env._(
                        "Choose a version of contract %(contract)s to compare.",
                        contract=self.display_name,
                    )
                )
        old_version = old_version or self.version_ids[:1]
        if not old_version:
            raise UserError(
                self.env._(
                    "Contract %(contract)s has never been amended: there is no "
                    "earlier version to compare with.",
                    contract=self.display_name,
                )
            )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Compare Versions"),
            "res_model": "customer.contract.compare.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_contract_id": self.id,
                "default_old_version_id": old_version.id,
            },
        }

    # ------------------------------------------------------------------
    # Business: scheduled state changes
    # ------------------------------------------------------------------
    def _activate_due(self):
        today = fields.Date.context_today(self)
        due = self.filtered(
            lambda c: c.state == "signed" and c.date_start and c.date_start <= today
        )
        if due:
            with due._workflow():
                due.write({"state": "active"})
        return due

    @api.model
    def _get_scheduled_transitions(self, today):
        """State changes made by the daily cron (extension point).

        :return: [(domain of the contracts to change, new state)]
        """
        return [
            (
                Domain("state", "=", "signed") & Domain("date_start", "<=", today),
                "active",
            ),
            (
                Domain("state", "in", ("signed", "active"))
                & Domain("date_end", "<", today),
                "expired",
            ),
        ]

    @api.model
    def _get_scheduled_transition_methods(self):
        """{new state: method of the contract moving a batch to it}, for the
        transitions of ``_get_scheduled_transitions`` (extension point)."""
        return {"active": "_activate_due", "expired": "_action_expire"}

    def _action_expire(self):
        """Expire the signed or active contracts whose end date has passed (the
        daily scheduled action does it the day after their end)."""
        today = fields.Date.context_today(self)
        self._check_state(("signed", "active"), self.env._("Expire"))
        running = self.filtered(lambda c: not c.date_end or c.date_end >= today)
        if running:
            raise UserError(
                self.env._(
                    "Contract %(contract)s runs until %(date)s: it expires after "
                    "that date.",
                    contract=running[0].display_name,
                    date=format_date(self.env, running[0].date_end) or "-",
                )
            )
        with self._workflow():
            self.write({"state": "expired"})
        self._message_log_batch(
            bodies={
                contract.id: Markup("<p>%s</p>")
                % self.env._(
                    "Contract expired on %(date)s.",
                    date=format_date(self.env, contract.date_end + timedelta(days=1)),
                )
                for contract in self
            }
        )
        return True

    @api.model
    def _cron_update_states(self, batch_size=500):
        """Apply the signed amendments whose effective date has come, then
        activate signed contracts that started and expire active ones that
        ended.

        Batched, committed after each batch, safe to run twice or in two
        workers (see ``_cron_run_steps``): each step selects only the
        records still to change.
        """
        today = fields.Date.context_today(self)
        amendments = self.env["customer.contract.amendment"]
        if not amendments._cron_run_steps(
            amendments._get_scheduled_steps(today), batch_size=batch_size
        ):
            return False
        methods = self._get_scheduled_transition_methods()
        return self._cron_run_steps(
            [
                (domain, methods[new_state])
                for domain, new_state in self._get_scheduled_transitions(today)
            ],
            batch_size=batch_size,
        )
