# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from . import customer_contract_tag
from . import customer_contract_clause
from . import customer_contract_template
from . import customer_contract_type
from . import customer_contract
from . import customer_contract_line
from . import customer_contract_clause_line
from . import res_partner
from . import crm_lead
from . import sale_order
from . import account_move
