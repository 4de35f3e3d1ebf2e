# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import tagged

from .common import BillingCommon


@tagged("post_install", "-at_install")
class TestBillingInUsersLanguage(BillingCommon):
    def test_refusal_in_french_and_chinese(self):
        """The billing's own sentence comes from this addon's .po."""
        contract = self._plan_contract(signed_on="2026-12-20")
        self.assertRefusedInLanguages(
            contract,
            {"billing_error": "Nothing failed"},
            {
                "fr_FR": "n'est défini que par le flux de travail. Utilisez la "
                "facturation de l'échéancier de facturation (Facturer maintenant "
                "ou l'action planifiée quotidienne).",
                "zh_CN": "只能由工作流设置。请使用开票计划表的开票功能（“立即开票”"
                "或每日计划操作）。",
            },
        )
