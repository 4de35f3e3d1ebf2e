# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Customer Contract Billing Dashboard",
    "summary": "Contract Billing dashboard: planned, invoiced and collected "
    "(installed with billing and the contract dashboard)",
    "version": "19.0.1.0.0",
    "category": "Productivity/Dashboard",
    "website": "https://github.com/customer-contract/customer-contract",
    "author": "Customer Contract Authors",
    "maintainers": ["customer-contract"],
    "license": "AGPL-3",
    "development_status": "Beta",
    "installable": True,
    "auto_install": True,
    "depends": ["customer_contract_spreadsheet_dashboard", "customer_contract_billing"],
    "data": ["data/dashboards.xml"],
}
