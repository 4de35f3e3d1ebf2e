# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from . import test_approval_flow
from . import test_amendment_approval
from . import test_approval_concurrency
from . import test_approval_deadlines
from . import test_approval_performance
from . import test_access_approval
from . import test_attack_approval
from . import test_approval_messages
from . import test_approval_sign_online
from . import test_approval_report_pdf
from . import test_approval_currency
from . import test_approval_language
