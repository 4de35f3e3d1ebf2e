# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import tagged

from .common import RenewalCommon


@tagged("post_install", "-at_install")
class TestRenewalInUsersLanguage(RenewalCommon):
    def test_refusal_in_french_and_chinese(self):
        """The renewal's own sentence comes from this addon's .po."""
        contract = self._create_contract()
        self.assertRefusedInLanguages(
            contract,
            {"renewal_reminded": True},
            {
                "fr_FR": "n'est défini que par le flux de travail. Utilisez "
                "l'action planifiée de renouvellement (ou le devis de "
                "renouvellement et l'avenant qui renouvellent le contrat).",
                "zh_CN": "只能由工作流设置。请使用续签计划操作（或续签合同的续签报价单"
                "和合同变更）。",
            },
        )
