# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Customer Contract Renewals",
    "summary": "Renewal terms, notices, reminders, automatic and negotiated "
    "renewals, renewal pipeline and expiry of customer contracts",
    "version": "19.0.1.0.0",
    "category": "Sales/Sales",
    "website": "https://github.com/customer-contract/customer-contract",
    "author": "Customer Contract Authors",
    "maintainers": ["customer-contract"],
    "license": "AGPL-3",
    "development_status": "Beta",
    "installable": True,
    "depends": ["customer_contract"],
    "data": [
        "security/customer_contract_renewal_security.xml",
        "security/ir.model.access.csv",
        "data/crm_tag_data.xml",
        "data/mail_activity_type_data.xml",
        "data/crm_lost_reason_data.xml",
        "data/mail_template_data.xml",
        "data/ir_cron_data.xml",
        "wizards/customer_contract_notice_wizard_views.xml",
        "views/customer_contract_renewal_views.xml",
        "views/customer_contract_views.xml",
        "views/customer_contract_type_views.xml",
        "views/crm_lead_views.xml",
        "views/sale_order_views.xml",
        "views/res_config_settings_views.xml",
        "views/customer_contract_menus.xml",
    ],
    "demo": ["demo/customer_contract_renewal_demo.xml"],
}
