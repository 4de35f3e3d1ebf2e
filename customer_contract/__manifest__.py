# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Customer Contracts",
    "summary": "Customer contracts from opportunity to signature: templates, "
    "clauses, priced lines, signatures, invoices and portal",
    "version": "19.0.1.0.0",
    "category": "Sales/Sales",
    "website": "https://github.com/customer-contract/customer-contract",
    "author": "Customer Contract Authors",
    "maintainers": ["customer-contract"],
    "license": "AGPL-3",
    "development_status": "Beta",
    "application": True,
    "installable": True,
    "depends": ["sale_crm", "account", "portal"],
    "data": [
        "security/customer_contract_security.xml",
        "security/ir.model.access.csv",
        "data/ir_sequence_data.xml",
        "data/mail_message_subtype_data.xml",
        "data/ir_cron_data.xml",
        "wizards/customer_contract_sign_wizard_views.xml",
        "wizards/customer_contract_terminate_wizard_views.xml",
        "wizards/customer_contract_compare_wizard_views.xml",
        "views/customer_contract_terms_diff_templates.xml",
        "views/customer_contract_views.xml",
        "views/customer_contract_amendment_views.xml",
        "views/customer_contract_version_views.xml",
        "views/customer_contract_type_views.xml",
        "views/customer_contract_tag_views.xml",
        "views/customer_contract_template_views.xml",
        "views/customer_contract_clause_views.xml",
        "views/res_partner_views.xml",
        "views/crm_lead_views.xml",
        "views/sale_order_views.xml",
        "views/account_move_views.xml",
        "views/customer_contract_portal_templates.xml",
        "report/customer_contract_report.xml",
        "report/customer_contract_report_templates.xml",
        "views/customer_contract_menus.xml",
    ],
    "demo": [
        "demo/customer_contract_demo.xml",
        "demo/customer_contract_amendment_demo.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "customer_contract/static/src/scss/customer_contract_diff.scss",
        ],
        "web.report_assets_common": [
            "customer_contract/static/src/scss/customer_contract_diff.scss",
        ],
        "web.assets_tests": [
            "customer_contract/static/tests/tours/*.js",
        ],
    },
}
