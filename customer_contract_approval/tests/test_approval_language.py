# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import tagged

from .common import ContractApprovalCommon


@tagged("post_install", "-at_install")
class TestApprovalInUsersLanguage(ContractApprovalCommon):
    def test_refusal_in_french_and_chinese(self):
        """The approval's own sentence comes from this addon's .po."""
        contract = self._create_contract()
        self.assertRefusedInLanguages(
            contract,
            {"approval_requested_on": "2027-01-01 10:00:00"},
            {
                "fr_FR": "n'est défini que par le flux de travail. Utilisez le "
                "bouton Demander l'approbation.",
                "zh_CN": "只能由工作流设置。请使用“申请审批”按钮。",
            },
        )
