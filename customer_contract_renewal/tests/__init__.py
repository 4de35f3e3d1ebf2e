# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from . import test_renewal
from . import test_renewal_cron
from . import test_renewal_consistency
from . import test_attack_renewal
from . import test_renewal_concurrency
from . import test_renewal_approval
from . import test_renewal_buttons
from . import test_renewal_reminder_text
from . import test_renewal_currency
from . import test_renewal_language
