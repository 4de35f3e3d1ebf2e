# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Customer Contract Approvals",
    "summary": "Serial and parallel approval of contracts and amendments, with "
    "quorum, one activity per reviewer, deadlines and escalation",
    "version": "19.0.1.0.0",
    "category": "Sales/Sales",
    "website": "https://github.com/customer-contract/customer-contract",
    "author": "Customer Contract Authors",
    "maintainers": ["customer-contract"],
    "license": "AGPL-3",
    "development_status": "Beta",
    "installable": True,
    "depends": ["customer_contract", "base_tier_validation"],
    "data": [
        "security/customer_contract_approval_security.xml",
        "security/ir.model.access.csv",
        "data/mail_activity_type_data.xml",
        "data/ir_cron_data.xml",
        "wizards/customer_contract_approval_wizard_views.xml",
        "views/tier_definition_views.xml",
        "views/tier_review_views.xml",
        "views/customer_contract_views.xml",
        "views/customer_contract_amendment_views.xml",
        "views/res_config_settings_views.xml",
        "report/customer_contract_report_templates.xml",
        "report/customer_contract_approval_reports.xml",
        "views/customer_contract_approval_menus.xml",
    ],
    "demo": [
        "demo/tier_definition_demo.xml",
        "demo/customer_contract_approval_demo.xml",
    ],
}
