# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from . import customer_contract_approval_mixin
from . import customer_contract
from . import customer_contract_amendment
from . import mail_activity
from . import res_company
from . import res_config_settings
from . import tier_definition
from . import tier_review
