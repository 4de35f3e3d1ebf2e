# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Customer Contract Dashboard",
    "summary": "Contracts dashboard in Odoo's spreadsheet dashboards: value by "
    "status and type, expiries, compliance (installed with both addons)",
    "version": "19.0.1.0.0",
    "category": "Productivity/Dashboard",
    "website": "https://github.com/customer-contract/customer-contract",
    "author": "Customer Contract Authors",
    "maintainers": ["customer-contract"],
    "license": "AGPL-3",
    "development_status": "Beta",
    "installable": True,
    "auto_install": True,
    "depends": ["spreadsheet_dashboard", "customer_contract"],
    "data": ["data/dashboards.xml"],
}
