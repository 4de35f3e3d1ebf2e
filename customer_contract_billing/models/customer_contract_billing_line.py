# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command, api, fields, models
from odoo.exceptions import UserError


class CustomerContractBillingLine(models.Model):
    """One invoice to make of a contract's billing plan: a period of a
    recurring plan or an installment.

    Made and changed by the plan only (signature, amendment, renewal,
    termination, invoicing): users may move the planned date of a line while
    the contract is not signed, nothing else.
    """

    _name = "customer.contract.billing.line"
    _inherit = ["customer.contract.workflow.mixin"]
    _description = "Contract Billing Schedule Line"
    _order = "contract_id, date_planned, date_start, id"
    _check_company_auto = True

    contract_id = fields.Many2one(
        "customer.contract",
        required=True,
        index=True,
        ondelete="cascade",
        readonly=True,
    )
    company_id = fields.Many2one(
        related="contract_id.company_id", store=True, precompute=True, index=True
    )
    currency_id = fields.Many2one(related="contract_id.currency_id")
    partner_id = fields.Many2one(
        related="contract_id.commercial_partner_id", string="Customer"
    )
    name = fields.Char(string="Label", readonly=True)
    kind = fields.Selection(
        [("period", "Period"), ("installment", "Installment")],
        required=True,
        default="period",
        readonly=True,
    )
    date_start = fields.Date(string="Period Start", readonly=True)
    date_end = fields.Date(string="Period End", readonly=True)
    date_planned = fields.Date(
        string="Planned Date",
        index=True,
        help="Day the invoice is made (empty: when the obligation is done).",
    )
    installment_id = fields.Many2one(
        "customer.contract.billing.installment",
        readonly=True,
        ondelete="set null",
        index="btree_not_null",
    )
    obligation_id = fields.Many2one(
        "customer.contract.obligation",
        readonly=True,
        ondelete="set null",
        index="btree_not_null",
        help="The line is invoiced once this obligation is done.",
    )
    price_factor = fields.Float(
        string="Part of the Value",
        digits=(16, 10),
        readonly=True,
        aggregator=False,
        help="Part of the value of the terms this line bills: each line of "
        "those terms is invoiced at its price times this part.",
    )
    amount = fields.Monetary(string="Amount (untaxed)", readonly=True)
    terms_version_id = fields.Many2one(
        "customer.contract.version",
        string="Terms",
        readonly=True,
        index="btree_not_null",
        help="The terms this line bills, when an amendment replaced them since "
        "(empty: the contract's current terms).",
    )
    amendment_id = fields.Many2one(
        "customer.contract.amendment",
        string="Planned By",
        readonly=True,
        index="btree_not_null",
        help="Amendment (or renewal) whose terms planned this line.",
    )
    is_cancelled = fields.Boolean(readonly=True)
    move_ids = fields.One2many(
        "account.move", "contract_billing_line_id", string="Invoices", readonly=True
    )
    invoice_id = fields.Many2one(
        "account.move",
        compute="_compute_invoice_id",
        store=True,
        index="btree_not_null",
    )
    state = fields.Selection(
        [
            ("planned", "Planned"),
            ("invoiced", "Invoiced"),
            ("cancelled", "Cancelled"),
        ],
        compute="_compute_invoice_id",
        store=True,
        index=True,
    )

    # The due lines the invoicing scheduled action looks for.
    _planned_date_idx = models.Index("(date_planned) WHERE state = 'planned'")

    @api.depends("move_ids.state", "is_cancelled")
    def _compute_invoice_id(self):
        for line in self:
            # An invoice cancelled afterwards leaves the line to bill again.
            invoice = line.move_ids.filtered(lambda m: m.state != "cancel")[:1]
            line.invoice_id = invoice
            if invoice:
                line.state = "invoiced"
            elif line.is_cancelled:
                line.state = "cancelled"
            else:
                line.state = "planned"

    @api.depends("contract_id.reference", "name")
    def _compute_display_name(self):
        for line in self:
            line.display_name = f"{line.contract_id.reference} - {line.name or ''}"

    # ------------------------------------------------------------------
    # CRUD: made by the plan only
    # ------------------------------------------------------------------
    def _get_workflow_fields(self):
        owned = super()._get_workflow_fields()
        plan = self.env._(
            "Use the billing plan of the contract (Generate Schedule before signature, "
            "an amendment after)."
        )
        owned.update(
            dict.fromkeys(
                (
                    "contract_id",
                    "name",
                    "kind",
                    "date_start",
                    "date_end",
                    "installment_id",
                    "obligation_id",
                    "price_factor",
                    "amount",
                    "terms_version_id",
                    "amendment_id",
                    "is_cancelled",
                ),
                plan,
            )
        )
        return owned

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_workflow_fields(vals, creating=True)
        return super().create(vals_list)

    def write(self, vals):
        self._check_workflow_fields(vals)
        if "date_planned" in vals and not self._workflow_allowed():
            locked = self.filtered(
                lambda line: line.state != "planned" or line.contract_id.is_locked
            )
            if locked:
                raise UserError(
                    self.env._(
                        "The billing schedule of contract %(contract)s is agreed: "
                        "its planned dates change only through an amendment.",
                        contract=locked[0].contract_id.display_name,
                    )
                )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_workflow(self):
        if not self._workflow_allowed():
            raise UserError(
                self.env._(
                    "The billing schedule of contract %(contract)s is made by its "
                    "billing plan: change the plan (before signature) or amend the "
                    "contract.",
                    contract=self[:1].contract_id.display_name,
                )
            )

    def action_view_invoice(self):
        self.ensure_one()
        return self.invoice_id._get_records_action(context={})

    # ------------------------------------------------------------------
    # Invoicing
    # ------------------------------------------------------------------
    def _billing_prepare_invoices(self, today):
        """Values of the invoices of these lines (of one company), prepared
        for the whole batch: the contracts, their lines (or the lines of the
        version a line bills), the customers' fiscal positions and payment
        terms, the products' accounts read once per batch.

        :raise UserError: naming the contract whose invoice cannot be made
        """
        company = self.company_id
        company.ensure_one()
        env = self.with_company(company).env
        journal = company.contract_billing_journal_id or env["account.journal"].search(
            [
                *env["account.journal"]._check_company_domain(company),
                ("type", "=", "sale"),
            ],
            limit=1,
        )
        if not journal:
            raise UserError(
                env._(
                    "Company %(company)s has no sales journal for the invoices of "
                    "contract %(contract)s: create one, or choose it in the "
                    "Contracts settings.",
                    company=company.name,
                    contract=self[:1].contract_id.display_name,
                )
            )
        contracts = self.contract_id
        partners = contracts.partner_id.with_company(company)
        # Fiscal positions: the one set on the customer; otherwise, only where
        # the company has positions applied automatically, looked up.
        Position = env["account.fiscal.position"]
        auto_positions = Position.search_count(
            [*Position._check_company_domain(company), ("auto_apply", "=", True)],
            limit=1,
        )
        positions = {}
        for partner in partners:
            position = partner.property_account_position_id
            if not position and auto_positions:
                position = Position._get_fiscal_position(partner)
            positions[partner.id] = position
        # Terms each line bills: the contract's lines, or a version's.
        versions = self.terms_version_id
        versions.line_ids.mapped("product_id")
        contracts.line_ids.mapped("product_id")
        accounts = {}
        taxes = {}
        # The analytic distribution models, looked up once per batch and
        # distinct arguments (as the invoice lines would, once per invoice).
        Distribution = env["account.analytic.distribution.model"]
        distributions = {}
        vals_list = []
        langs = {}
        for line in self:
            contract = line.contract_id
            partner = contract.partner_id.with_company(company)
            position = positions[partner.id]
            lang = partner.lang or env.lang
            if lang not in langs:
                langs[lang] = self.with_context(lang=lang).env
            lang_env = langs[lang]
            if line.kind == "period":
                label = contract._billing_period_label(
                    line.date_start, line.date_end, lang=lang
                )
            else:
                label = lang_env._("Installment: %(name)s", name=line.name)
            terms_lines = (
                line.terms_version_id.line_ids
                if line.terms_version_id
                else contract.line_ids
            )
            if not terms_lines:
                raise UserError(
                    env._(
                        "Contract %(contract)s has no lines to invoice: add them by "
                        "an amendment, or cancel its billing plan.",
                        contract=contract.display_name,
                    )
                )
            invoice_lines = []
            for terms_line in terms_lines:
                product = terms_line.product_id
                key = (product.id, position.id)
                if key not in accounts:
                    account = product.product_tmpl_id.with_company(
                        company
                    )._get_product_accounts()["income"]
                    accounts[key] = (
                        position.map_account(account) if account else account
                    )
                account = accounts[key]
                if not account:
                    raise UserError(
                        env._(
                            "Product %(product)s of contract %(contract)s has no "
                            "income account: set one on the product or its category.",
                            product=product.display_name,
                            contract=contract.display_name,
                        )
                    )
                tax_key = (terms_line.tax_ids, position.id)
                if tax_key not in taxes:
                    taxes[tax_key] = position.map_tax(terms_line.tax_ids)
                distribution_key = (
                    product.id,
                    product.categ_id.id,
                    partner.id,
                    tuple(partner.category_id.ids),
                    account.code,
                )
                if distribution_key not in distributions:
                    distributions[distribution_key] = Distribution._get_distribution(
                        {
                            "product_id": product.id,
                            "product_categ_id": product.categ_id.id,
                            "partner_id": partner.id,
                            "partner_category_id": partner.category_id.ids,
                            "account_prefix": account.code,
                            "company_id": company.id,
                            "related_root_plan_ids": env["account.analytic.plan"],
                        }
                    )
                invoice_lines.append(
                    Command.create(
                        {
                            "product_id": product.id,
                            "name": "\n".join(
                                (terms_line.name or product.display_name, label)
                            ),
                            "quantity": terms_line.quantity,
                            "product_uom_id": terms_line.product_uom_id.id,
                            "price_unit": terms_line.price_unit * line.price_factor,
                            "discount": terms_line.discount,
                            "tax_ids": [Command.set(taxes[tax_key].ids)],
                            "account_id": account.id,
                            "analytic_distribution": distributions[distribution_key]
                            or False,
                        }
                    )
                )
            vals_list.append(
                {
                    "move_type": "out_invoice",
                    "partner_id": partner.id,
                    "journal_id": journal.id,
                    "currency_id": contract.currency_id.id,
                    "invoice_date": today,
                    "invoice_origin": contract.reference,
                    "invoice_user_id": contract.user_id.id,
                    "fiscal_position_id": position.id,
                    "invoice_payment_term_id": partner.property_payment_term_id.id,
                    "contract_id": contract.id,
                    "contract_billing_line_id": line.id,
                    "invoice_line_ids": invoice_lines,
                }
            )
        return vals_list
