# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Customer Contract Billing",
    "summary": "Billing plans of customer contracts (recurring or installments), "
    "their schedule, a batched invoicing scheduled action and a billing forecast",
    "version": "19.0.1.0.0",
    "category": "Accounting/Accounting",
    "website": "https://github.com/customer-contract/customer-contract",
    "author": "Customer Contract Authors",
    "maintainers": ["customer-contract"],
    "license": "AGPL-3",
    "development_status": "Beta",
    "installable": True,
    "depends": ["customer_contract"],
    "data": [
        "security/customer_contract_billing_security.xml",
        "security/ir.model.access.csv",
        "data/mail_activity_type_data.xml",
        "data/ir_cron_data.xml",
        "views/customer_contract_billing_line_views.xml",
        "views/customer_contract_views.xml",
        "views/customer_contract_type_views.xml",
        "views/customer_contract_amendment_views.xml",
        "views/account_move_views.xml",
        "views/res_config_settings_views.xml",
        "report/customer_contract_billing_forecast_views.xml",
        "views/customer_contract_menus.xml",
    ],
    "demo": ["demo/customer_contract_billing_demo.xml"],
}
