# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from . import test_billing_plan
from . import test_billing_cron
from . import test_billing_access
from . import test_billing_concurrency
from . import test_billing_language
