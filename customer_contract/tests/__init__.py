# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from . import test_portal
from . import test_report
from . import test_integration
from . import test_tour
from . import test_contract_lifecycle
from . import test_contract_amendment
from . import test_contract_obligation
from . import test_access_roles
from . import test_contract_term_changes
from . import test_attack_sandbox
from . import test_contract_workflow
from . import test_attack_lifecycle
from . import test_tour_opportunity
from . import test_contract_redline
from . import test_contract_buttons
from . import test_contract_display
from . import test_contract_collection
from . import test_portal_obligation
from . import test_sign_online
from . import test_contract_signature_seal
from . import test_contract_currency
from . import test_messages_language
from . import test_language_ui
