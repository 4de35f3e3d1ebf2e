# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models

from .customer_contract_approval_mixin import ACTIVITY_TYPE
from .tier_definition import CONTRACT_APPROVAL_MODELS


class MailActivity(models.Model):
    _inherit = "mail.activity"

    def _action_done(self, feedback=False, attachment_ids=None):
        """Marking one's own *Contract Approval* activity as done approves
        the document (the feedback is the comment); the decision closes the
        activity itself."""
        if self.env.context.get("customer_contract_approval_deciding"):
            return super()._action_done(
                feedback=feedback, attachment_ids=attachment_ids
            )
        activity_type = self.env.ref(ACTIVITY_TYPE, raise_if_not_found=False)
        decisions = self.filtered(
            lambda a: (
                a.activity_type_id == activity_type
                and a.res_model in CONTRACT_APPROVAL_MODELS
                and a.user_id == self.env.user
            )
        )
        handled = self.browse()
        for activity in decisions:
            document = self.env[activity.res_model].browse(activity.res_id).exists()
            if document and document.approval_can_decide:
                document._approval_decide("approve", feedback or None)
                handled |= activity
        messages, next_activities = super(MailActivity, self - handled)._action_done(
            feedback=feedback, attachment_ids=attachment_ids
        )
        return messages, next_activities
