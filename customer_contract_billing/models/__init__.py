# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from . import res_company
from . import res_config_settings
from . import customer_contract_type
from . import customer_contract_terms_mixin
from . import customer_contract_billing_installment
from . import customer_contract_billing_line
from . import customer_contract
from . import customer_contract_amendment
from . import customer_contract_version
from . import account_move
