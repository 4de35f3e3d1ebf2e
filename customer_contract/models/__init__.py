# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from . import customer_contract_tag
from . import customer_contract_template
from . import customer_contract_type
from . import customer_contract_workflow_mixin
from . import customer_contract_clause
from . import customer_contract_clause_rendering_mixin
from . import customer_contract_terms_mixin
from . import customer_contract_frozen_mixin
from . import customer_contract
from . import customer_contract_line_mixin
from . import customer_contract_line
from . import customer_contract_clause_line
from . import res_partner
from . import crm_lead
from . import sale_order
from . import account_move
from . import customer_contract_amendment
from . import customer_contract_amendment_line
from . import customer_contract_amendment_clause
from . import customer_contract_version
from . import customer_contract_version_line
from . import customer_contract_version_clause
from . import customer_contract_obligation_template
from . import customer_contract_obligation
from . import res_company
from . import res_config_settings
