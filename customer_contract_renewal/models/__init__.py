# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from . import res_company
from . import res_config_settings
from . import customer_contract_type
from . import customer_contract_renewal
from . import customer_contract_terms_mixin
from . import customer_contract
from . import customer_contract_amendment
from . import customer_contract_version
from . import customer_contract_line
from . import crm_lead
from . import sale_order
