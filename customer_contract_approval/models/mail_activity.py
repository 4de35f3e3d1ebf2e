# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models
from odoo.exceptions import UserError

from .customer_contract_approval_mixin import ACTIVITY_TYPE
from .tier_definition import CONTRACT_APPROVAL_MODELS


class MailActivity(models.Model):
    _inherit = "mail.activity"

    def _approval_activities(self):
        """The *Contract Approval* activities among these, each with its
        document (read once per model), those whose document is gone left
        out.

        :return: [(activity, document)]
        """
        activity_type = self.env.ref(ACTIVITY_TYPE, raise_if_not_found=False)
        approvals = self.filtered(
            lambda a: (
                a.activity_type_id == activity_type
                and a.res_model in CONTRACT_APPROVAL_MODELS
            )
        )
        existing = {
            model: set(
                self.env[model].sudo().browse(activities.mapped("res_id")).exists().ids
            )
            for model, activities in approvals.grouped("res_model").items()
        }
        return [
            (activity, self.env[activity.res_model].sudo().browse(activity.res_id))
            for activity in approvals
            if activity.res_id in existing[activity.res_model]
        ]

    def _approval_activities_of_others(self):
        """The *Contract Approval* activities of other users, with their
        documents, that the approval workflow running now does not own."""
        return [
            (activity, document)
            for activity, document in self._approval_activities()
            if activity.user_id != self.env.user and not document._workflow_allowed()
        ]

    @api.ondelete(at_uninstall=False)
    def _unlink_except_approval_of_others(self):
        """The approval activity of a reviewer is removed by the workflow
        (decision, step closed, withdrawal), never by another user."""
        if self.env.su:
            return
        for activity, document in self._approval_activities_of_others():
            raise UserError(
                self.env._(
                    "This approval of %(document)s is awaited from %(user)s: it "
                    "is removed once they decide, or when the approval request "
                    "is withdrawn.",
                    document=document.display_name,
                    user=activity.user_id.name,
                )
            )

    def _action_done(self, feedback=False, attachment_ids=None):
        """Marking one's own *Contract Approval* activity as done approves
        the document (the feedback is the comment); the decision closes the
        activity itself. The approval activity of someone else is their
        decision: nobody else closes it."""
        handled = self.browse()
        for activity, document in self._approval_activities():
            if document._workflow_allowed():
                # Closed by the approval workflow itself.
                continue
            if activity.user_id != self.env.user:
                raise UserError(
                    self.env._(
                        "This approval of %(document)s is awaited from %(user)s: "
                        "only they can decide it, from the document.",
                        document=document.display_name,
                        user=activity.user_id.name,
                    )
                )
            document = document.with_env(self.env)
            if document.approval_can_decide:
                document._approval_decide("approve", feedback or None)
                handled |= activity
        messages, next_activities = super(MailActivity, self - handled)._action_done(
            feedback=feedback, attachment_ids=attachment_ids
        )
        return messages, next_activities
