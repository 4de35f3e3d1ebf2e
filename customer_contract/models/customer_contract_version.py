# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.tools import format_date


class CustomerContractVersion(models.Model):
    """The terms of a contract as they were before an amendment replaced them.

    A version is written once, when the amendment is applied, and never
    changes afterwards: no user can write or delete it, only the superuser
    (e.g. when the module is uninstalled).
    """

    _name = "customer.contract.version"
    _description = "Contract Version"
    _inherit = ["customer.contract.frozen.mixin", "customer.contract.terms.mixin"]
    _order = "contract_id, number desc"
    _check_company_auto = True

    contract_id = fields.Many2one(
        "customer.contract",
        required=True,
        readonly=True,
        index=True,
        # Goes with its contract, which nobody deletes once it has versions
        # (customer.contract._unlink_except_history): only uninstalling does.
        ondelete="cascade",
    )
    reference = fields.Char(related="contract_id.reference")
    number = fields.Integer(
        string="Version", aggregator=False, required=True, readonly=True
    )
    company_id = fields.Many2one("res.company", required=True, readonly=True)
    currency_id = fields.Many2one("res.currency", required=True, readonly=True)
    # The terms, copied as they were
    name = fields.Char(string="Title", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    commercial_partner_id = fields.Many2one(
        "res.partner", string="Customer Entity", readonly=True, index=True
    )
    signatory_id = fields.Many2one(
        "res.partner", string="Customer Signatory", readonly=True
    )
    type_id = fields.Many2one(
        "customer.contract.type", string="Contract Type", readonly=True
    )
    date_start = fields.Date(string="Start Date", readonly=True)
    date_end = fields.Date(string="End Date", readonly=True)
    line_ids = fields.One2many(
        "customer.contract.version.line", "version_id", readonly=True
    )
    clause_ids = fields.One2many(
        "customer.contract.version.clause", "version_id", readonly=True
    )
    amount_untaxed = fields.Monetary(string="Untaxed Amount", readonly=True)
    amount_tax = fields.Monetary(string="Taxes", readonly=True)
    amount_total = fields.Monetary(string="Total", readonly=True)
    # When these terms applied, who signed them, what replaced them
    date_from = fields.Date(
        string="In Force From", readonly=True, help="First day of these terms."
    )
    date_to = fields.Date(
        string="In Force Until",
        readonly=True,
        help="Last day of these terms: the day before the amendment that "
        "replaced them took effect.",
    )
    signed_by = fields.Char(string="Signed By (Customer)", readonly=True)
    company_signatory_id = fields.Many2one(
        "res.users", string="Signed By (Company)", readonly=True
    )
    date_signed = fields.Date(string="Signature Date", readonly=True)
    amendment_id = fields.Many2one(
        "customer.contract.amendment",
        string="Introduced By",
        readonly=True,
        help="Amendment that brought these terms in (none for the original contract).",
    )
    superseded_by_id = fields.Many2one(
        "customer.contract.amendment",
        string="Replaced By",
        readonly=True,
        help="Amendment whose application replaced these terms.",
    )
    frozen_by_id = fields.Many2one("res.users", readonly=True)
    date_frozen = fields.Datetime(string="Frozen On", readonly=True)

    _number_uniq = models.Constraint(
        "UNIQUE(contract_id, number)",
        "This version of the contract already exists: the contract was amended "
        "meanwhile.",
    )

    @api.depends("contract_id.reference", "number")
    def _compute_display_name(self):
        for version in self:
            version.display_name = self.env._(
                "%(reference)s - Version %(number)s",
                reference=version.contract_id.reference,
                number=version.number,
            )

    def _get_terms_label(self):
        self.ensure_one()
        if self.date_from and self.date_to and self.date_to < self.date_from:
            return self.env._(
                "Version %(number)s (replaced before it took effect on %(start)s)",
                number=self.number,
                start=format_date(self.env, self.date_from),
            )
        if self.date_from and self.date_to:
            return self.env._(
                "Version %(number)s (in force from %(start)s to %(end)s)",
                number=self.number,
                start=format_date(self.env, self.date_from),
                end=format_date(self.env, self.date_to),
            )
        return self.env._("Version %(number)s", number=self.number)

    def _get_line_terms_key(self, line):
        return line.origin_line_ref or f"version-line-{line.id}"

    def _get_clause_terms_key(self, clause):
        return clause.origin_clause_ref or f"version-clause-{clause.id}"

    def _get_report_base_filename(self):
        self.ensure_one()
        return self.env._(
            "Contract %(reference)s - Version %(number)s",
            reference=self.reference,
            number=self.number,
        )

    def action_compare(self):
        """Open the comparison of this version with the current terms."""
        self.ensure_one()
        return self.contract_id.action_compare_versions(old_version=self)

    def action_print(self):
        self.ensure_one()
        return self.env.ref(
            "customer_contract.customer_contract_version_report_action"
        ).report_action(self)
