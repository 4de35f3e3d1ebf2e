# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models
from odoo.exceptions import AccessError


class CustomerContractInternalReportMixin(models.AbstractModel):
    """The internal PDFs print the approvals (reviewers, decisions,
    comments): only the groups of their report action print them, whatever
    the path (the print menu, ``/report/...`` URLs)."""

    _name = "customer.contract.internal.report.mixin"
    _description = "Internal Contract Report (approvals included)"

    _report_name = None
    _report_model = None

    @api.model
    def _get_report_values(self, docids, data=None):
        report = self.env["ir.actions.report"]._get_report_from_name(self._report_name)
        user = self.env.user
        if not self.env.su and (
            user.share
            or (report.group_ids and not report.group_ids & user.all_group_ids)
        ):
            raise AccessError(
                self.env._(
                    'The report "%(report)s" shows the internal approvals: only '
                    "contract users print it. Print the customer version instead.",
                    report=report.name,
                )
            )
        docs = self.env[self._report_model].browse(docids)
        docs.check_access("read")
        return {
            "doc_ids": docids,
            "doc_model": self._report_model,
            "docs": docs,
            "data": data,
        }


class ReportCustomerContractInternal(models.AbstractModel):
    _name = "report.customer_contract_approval.report_contract_internal"
    _inherit = ["customer.contract.internal.report.mixin"]
    _description = "Internal Contract PDF"

    _report_name = "customer_contract_approval.report_contract_internal"
    _report_model = "customer.contract"


class ReportCustomerContractAmendmentInternal(models.AbstractModel):
    _name = "report.customer_contract_approval.report_amendment_internal"
    _inherit = ["customer.contract.internal.report.mixin"]
    _description = "Internal Amendment PDF"

    _report_name = "customer_contract_approval.report_amendment_internal"
    _report_model = "customer.contract.amendment"
