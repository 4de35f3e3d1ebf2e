# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from . import customer_contract_sign_wizard
from . import customer_contract_terminate_wizard
from . import customer_contract_compare_wizard
from . import customer_contract_obligation_refuse_wizard
from . import customer_contract_company_sign_wizard
