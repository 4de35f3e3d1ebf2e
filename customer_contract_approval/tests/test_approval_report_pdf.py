# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import HttpCase, tagged

from odoo.addons.customer_contract.tests.common import CustomerContractCommon


@tagged("post_install", "-at_install")
class TestApprovalReportPdf(HttpCase, CustomerContractCommon):
    """The internal reports (with the approvals) print as real PDFs
    (wkhtmltopdf): an ``HttpCase``, whose server shares the test's
    transaction, serves wkhtmltopdf the stylesheets."""

    def test_internal_reports_print_as_pdf(self):
        contract = self._create_contract()
        with contract._workflow():
            contract.write({"state": "signed"})
        amendment = (
            self.env["customer.contract.amendment"]
            .with_user(self.contract_user)
            .create(
                {
                    "contract_id": contract.id,
                    "reason": "Longer term",
                    "date_effective": "2027-03-01",
                    "date_end": "2028-06-30",
                }
            )
        )
        reports = (
            self.env["ir.actions.report"]
            .with_user(self.contract_user)
            .with_context(force_report_rendering=True)
        )
        for xmlid, records in (
            (
                "customer_contract_approval.customer_contract_report_action_internal",
                contract,
            ),
            (
                "customer_contract_approval.customer_contract_amendment_report_action_internal",
                amendment,
            ),
        ):
            with self.subTest(report=xmlid):
                content, report_type = reports._render_qweb_pdf(xmlid, records.ids)
                self.assertEqual(report_type, "pdf")
                self.assertTrue(content.startswith(b"%PDF"))
