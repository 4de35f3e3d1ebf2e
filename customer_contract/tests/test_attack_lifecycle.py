# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Attacks on the lifecycle of contracts, amendments, versions and
obligations, tried as the web client and external clients call the server
(JSON-RPC ``/web/dataset/call_kw``), each as the least-privileged user who
would try it. Each probe asserts the refusal, its message, and that nothing
changed (the records read again, the counts compared)."""

from datetime import timedelta

from odoo import Command, fields
from odoo.tests import HttpCase, new_test_user, tagged

from .access_common import JsonRpcProbeMixin
from .common import SIGNED_PDF, CustomerContractCommon

WORKFLOW_ONLY = r"is set by the workflow only\. Use "
CONTRACT_BUTTONS = WORKFLOW_ONLY + r"the buttons of the contract \(Start Negotiation"
PRIVATE = r"Private methods \(such as '.*'\) cannot be called remotely"

CONTRACT_FIELDS = [
    "state",
    "reference",
    "name",
    "date_start",
    "date_end",
    "version_number",
    "amendment_last_number",
    "signed_by",
    "date_signed",
    "company_signatory_id",
    "signed_attachment_id",
    "termination_reason",
    "termination_date",
    "terminated_by_id",
    "commercial_partner_id",
    "amount_untaxed",
]
AMENDMENT_FIELDS = [
    "state",
    "number",
    "automatic",
    "base_version",
    "date_effective",
    "signed_by",
    "date_signed",
    "company_signatory_id",
    "signed_attachment_id",
    "applied_by_id",
    "date_applied",
    "version_id",
    "amount_base",
]
OBLIGATION_FIELDS = [
    "state",
    "done_by_id",
    "date_done",
    "template_id",
    "reminder_date_due",
    "is_due",
    "in_warning_window",
]


@tagged("post_install", "-at_install")
class TestAttackLifecycle(JsonRpcProbeMixin, HttpCase, CustomerContractCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.today = fields.Date.today()
        cls.user = new_test_user(
            cls.env,
            login="lc_probe_user",
            password="lc_probe_user_pw",
            name="Probing Contract User",
            groups="customer_contract.customer_contract_group_user",
        )
        cls.manager = new_test_user(
            cls.env,
            login="lc_probe_manager",
            password="lc_probe_manager_pw",
            name="Probing Contract Manager",
            groups="customer_contract.customer_contract_group_manager",
        )
        start, end = cls.today - timedelta(days=30), cls.today + timedelta(days=300)
        # A draft, an active contract (signed, started), and a contract
        # amended once (version 2) with a second signed amendment left stale.
        cls.draft = cls._create_contract(user=cls.user, date_start=start, date_end=end)
        cls.active = cls._create_contract(user=cls.user, date_start=start, date_end=end)
        cls.amended = cls._create_contract(
            user=cls.user, date_start=start, date_end=end
        )
        for contract in cls.active | cls.amended:
            contract.with_user(cls.user)._action_sign(
                "Brandon Freeman", start, cls.contract_signatory, document=SIGNED_PDF
            )
        amendments = cls.env["customer.contract.amendment"].with_user(cls.user)
        # On the active contract: a draft amendment and a signed one that
        # takes effect in ten days.
        cls.am_draft = amendments.create(
            {
                "contract_id": cls.active.id,
                "reason": "Price review",
                "date_effective": cls.today,
            }
        )
        cls.am_draft.line_ids.price_unit = 150.0
        cls.am_scheduled = amendments.create(
            {
                "contract_id": cls.active.id,
                "reason": "One more visit",
                "date_effective": cls.today + timedelta(days=10),
            }
        )
        cls.am_scheduled.line_ids.quantity = 3
        cls.am_scheduled._action_sign(
            "Brandon Freeman", cls.today, cls.contract_signatory, document=SIGNED_PDF
        )
        # On the amended contract: the first applied, the second left stale.
        cls.am_applied = amendments.create(
            {
                "contract_id": cls.amended.id,
                "reason": "Lower price",
                "date_effective": cls.today,
            }
        )
        cls.am_applied.line_ids.price_unit = 90.0
        cls.am_stale = amendments.create(
            {
                "contract_id": cls.amended.id,
                "reason": "Higher price",
                "date_effective": cls.today,
            }
        )
        cls.am_stale.line_ids.price_unit = 200.0
        (cls.am_applied | cls.am_stale)._action_sign(
            "Brandon Freeman", cls.today, cls.contract_signatory, document=SIGNED_PDF
        )
        cls.am_applied.action_apply()
        cls.version = cls.amended.version_ids
        cls.obligation = (
            cls.env["customer.contract.obligation"]
            .with_user(cls.user)
            .create(
                {
                    "contract_id": cls.active.id,
                    "name": "Quarterly report",
                    "date_due": cls.today + timedelta(days=5),
                    "evidence_required": True,
                }
            )
        )
        cls.attachment = cls.env["ir.attachment"].create(
            {"name": "forged.pdf", "raw": b"%PDF-1.4 forged"}
        )
        cls.logins = {
            cls.user: ("lc_probe_user", "lc_probe_user_pw"),
            cls.manager: ("lc_probe_manager", "lc_probe_manager_pw"),
        }

    def setUp(self):
        super().setUp()
        # The starting point every probe relies on.
        self.assertEqual(self.draft.state, "draft")
        self.assertEqual(self.active.state, "active")
        self.assertEqual(self.amended.version_number, 2)
        self.assertTrue(self.am_stale.is_stale)

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------
    def _snapshot(self):
        """Everything an attack on the lifecycle could change."""
        self.env.invalidate_all()
        contracts = self.draft | self.active | self.amended
        amendments = contracts.amendment_ids
        return {
            "contracts": contracts.read(CONTRACT_FIELDS),
            "lines": contracts.line_ids.read(["quantity", "price_unit", "discount"]),
            "amendments": amendments.read(AMENDMENT_FIELDS),
            "amendment lines": amendments.line_ids.read(["quantity", "price_unit"]),
            "obligations": contracts.obligation_ids.read(OBLIGATION_FIELDS),
            "versions": self.env["customer.contract.version"].search_read(
                [("contract_id", "in", contracts.ids)],
                ["number", "date_start", "date_end", "signed_by", "amount_untaxed"],
            ),
            "version lines": self.env["customer.contract.version.line"].search_read(
                [("version_id.contract_id", "in", contracts.ids)],
                ["quantity", "price_unit"],
            ),
            "counts": {
                model: self.env[model].search_count(
                    [("contract_id", "in", contracts.ids)]
                )
                for model in (
                    "customer.contract.amendment",
                    "customer.contract.version",
                    "customer.contract.obligation",
                    "customer.contract.line",
                )
            },
            "contract count": self.env["customer.contract"].search_count([]),
        }

    def _probe(self, user, model, method, args, pattern, error="UserError", **kwargs):
        """Call ``model.method(*args, **kwargs)`` over JSON-RPC as ``user``:
        refused with an error of class ``error`` whose message matches
        ``pattern``, and nothing changed.

        :return: the refusal
        """
        before = self._snapshot()
        self.authenticate(*self.logins[user])
        refusal = self.assertRpcRefused(model, method, args, pattern, kwargs=kwargs)
        self.assertIn(error, refusal.name)
        self.assertEqual(self._snapshot(), before, "the refused call changed data")
        return refusal

    # ------------------------------------------------------------------
    # Contract: state
    # ------------------------------------------------------------------
    def test_probe_state_dance_back_to_negotiation(self):
        """Step 1 of the three-write dance: a signed contract back to
        negotiation, to unlock its terms."""
        self._probe(
            self.user,
            "customer.contract",
            "write",
            [[self.active.id], {"state": "negotiation"}],
            CONTRACT_BUTTONS,
        )

    def test_probe_state_dance_end_date_then_active(self):
        """The whole dance in one write: state, end date, state."""
        self._probe(
            self.user,
            "customer.contract",
            "write",
            [[self.active.id], {"state": "draft", "date_end": "2099-12-31"}],
            CONTRACT_BUTTONS,
        )
        # Step 2 alone: the signed terms are locked.
        self._probe(
            self.user,
            "customer.contract",
            "write",
            [[self.active.id], {"date_end": "2099-12-31"}],
            r"is signed: its terms \(End Date\) cannot be edited. Create an "
            r"amendment",
        )

    def test_probe_state_dance_as_manager(self):
        """Managers are refused too."""
        self._probe(
            self.manager,
            "customer.contract",
            "write",
            [[self.active.id], {"state": "negotiation"}],
            CONTRACT_BUTTONS,
        )

    def test_probe_state_approved_on_draft(self):
        self._probe(
            self.user,
            "customer.contract",
            "write",
            [[self.draft.id], {"state": "approved"}],
            CONTRACT_BUTTONS,
        )

    def test_probe_state_active_on_draft(self):
        self._probe(
            self.user,
            "customer.contract",
            "write",
            [[self.draft.id], {"state": "active"}],
            CONTRACT_BUTTONS,
        )

    def test_probe_state_signed_on_draft_as_manager(self):
        self._probe(
            self.manager,
            "customer.contract",
            "write",
            [[self.draft.id], {"state": "signed"}],
            CONTRACT_BUTTONS,
        )

    def test_probe_state_expired_on_active(self):
        """Expiring (and so freeing) a running contract by hand."""
        self._probe(
            self.user,
            "customer.contract",
            "write",
            [[self.active.id], {"state": "expired"}],
            CONTRACT_BUTTONS,
        )

    def test_probe_create_active_at_version_7(self):
        refusal = self._probe(
            self.user,
            "customer.contract",
            "create",
            [
                {
                    "name": "Forged",
                    "partner_id": self.customer.id,
                    "state": "active",
                    "version_number": 7,
                }
            ],
            WORKFLOW_ONLY,
        )
        self.assertRegex(refusal.message, r"Status|Version")

    def test_probe_create_active_by_context_defaults(self):
        """The same, with the values passed as defaults in the context."""
        self._probe(
            self.user,
            "customer.contract",
            "create",
            [{"name": "Forged", "partner_id": self.customer.id}],
            CONTRACT_BUTTONS,
            context={"default_state": "active", "default_version_number": 7},
        )

    def test_probe_amendment_automatic_by_context_default(self):
        self._probe(
            self.user,
            "customer.contract.amendment",
            "create",
            [{"contract_id": self.active.id, "reason": "x"}],
            WORKFLOW_ONLY + r"the contract's own terms",
            context={"default_automatic": True},
        )

    def test_probe_create_signed_with_signature(self):
        self._probe(
            self.user,
            "customer.contract",
            "create",
            [
                {
                    "name": "Forged",
                    "partner_id": self.customer.id,
                    "signed_by": "Brandon Freeman",
                    "date_signed": str(self.today),
                }
            ],
            WORKFLOW_ONLY + r"the Mark as Signed button of the contract",
        )

    def test_probe_activate_draft_by_button(self):
        """The public button checks the state itself."""
        self._probe(
            self.user,
            "customer.contract",
            "action_activate",
            [[self.draft.id]],
            r'is Draft: "Activate" is not possible',
        )

    def test_probe_sign_private_method(self):
        """``_action_sign`` takes the signature's values: private, so never
        callable remotely (only through the signature wizard)."""
        self._probe(
            self.user,
            "customer.contract",
            "_action_sign",
            [[self.draft.id], "Anybody", str(self.today), self.user.id],
            PRIVATE,
            error="AccessError",
        )

    def test_probe_expire_private_method(self):
        self._probe(
            self.user,
            "customer.contract",
            "_action_expire",
            [[self.active.id]],
            PRIVATE,
            error="AccessError",
        )

    def test_probe_compare_version_of_another_contract(self):
        """A public method taking an argument: the version given must be one
        of the contract's."""
        self._probe(
            self.user,
            "customer.contract",
            "action_compare_versions",
            [[self.active.id]],
            r"Choose a version of contract .* to compare",
            old_version=self.version.id,
        )

    # ------------------------------------------------------------------
    # Contract: signature, numbers, termination, customer
    # ------------------------------------------------------------------
    def test_probe_rewrite_signed_by(self):
        self._probe(
            self.user,
            "customer.contract",
            "write",
            [[self.active.id], {"signed_by": "Somebody Else"}],
            WORKFLOW_ONLY + r"the Mark as Signed button of the contract",
        )

    def test_probe_rewrite_date_signed_as_manager(self):
        self._probe(
            self.manager,
            "customer.contract",
            "write",
            [[self.active.id], {"date_signed": "2020-01-01"}],
            WORKFLOW_ONLY + r"the Mark as Signed button of the contract",
        )

    def test_probe_rewrite_signed_document(self):
        self._probe(
            self.user,
            "customer.contract",
            "write",
            [[self.active.id], {"signed_attachment_id": self.attachment.id}],
            WORKFLOW_ONLY + r"the Mark as Signed button of the contract",
        )

    def test_probe_rewrite_company_signatory(self):
        self._probe(
            self.user,
            "customer.contract",
            "write",
            [[self.active.id], {"company_signatory_id": self.manager.id}],
            WORKFLOW_ONLY + r"the Mark as Signed button of the contract",
        )

    def test_probe_write_version_number(self):
        self._probe(
            self.user,
            "customer.contract",
            "write",
            [[self.amended.id], {"version_number": 1}],
            WORKFLOW_ONLY + r"an amendment of the contract",
        )

    def test_probe_write_amendment_counter(self):
        """Rewinding the numbering to reuse an amendment's number."""
        self._probe(
            self.user,
            "customer.contract",
            "write",
            [[self.amended.id], {"amendment_last_number": 0}],
            WORKFLOW_ONLY + r"an amendment of the contract",
        )

    def test_probe_write_reference_after_creation(self):
        self._probe(
            self.user,
            "customer.contract",
            "write",
            [[self.active.id], {"reference": "CTR/FORGED"}],
            WORKFLOW_ONLY + r"the sequence of the contracts",
        )

    def test_probe_write_termination_fields(self):
        self._probe(
            self.user,
            "customer.contract",
            "write",
            [
                [self.active.id],
                {"termination_date": str(self.today), "termination_reason": "Gone"},
            ],
            WORKFLOW_ONLY + r"the Terminate button of the contract",
        )

    def test_probe_write_customer_entity(self):
        """Moving a signed contract (and its portal audience) to another
        customer by its stored customer entity."""
        self._probe(
            self.manager,
            "customer.contract",
            "write",
            [[self.active.id], {"commercial_partner_id": self.other_customer.id}],
            WORKFLOW_ONLY + r"the Customer field",
        )

    # ------------------------------------------------------------------
    # Amendments
    # ------------------------------------------------------------------
    def test_probe_amendment_automatic_then_apply(self):
        """``automatic=True`` on a draft, then Apply: terms changed with no
        signature. Both steps are refused."""
        self._probe(
            self.user,
            "customer.contract.amendment",
            "write",
            [[self.am_draft.id], {"automatic": True}],
            WORKFLOW_ONLY + r"the contract's own terms \(only the system",
        )
        self._probe(
            self.user,
            "customer.contract.amendment",
            "action_apply",
            [[self.am_draft.id]],
            r'is Draft: "Apply" is not possible',
        )

    def test_probe_amendment_create_automatic(self):
        self._probe(
            self.user,
            "customer.contract.amendment",
            "create",
            [{"contract_id": self.active.id, "automatic": True, "reason": "x"}],
            WORKFLOW_ONLY + r"the contract's own terms",
        )

    def test_probe_amendment_submit_automatic_private(self):
        self._probe(
            self.user,
            "customer.contract.amendment",
            "_submit_automatic",
            [[self.am_draft.id]],
            PRIVATE,
            error="AccessError",
        )

    def test_probe_amendment_apply_private_as_manager(self):
        self._probe(
            self.manager,
            "customer.contract.amendment",
            "_action_apply",
            [[self.am_draft.id]],
            PRIVATE,
            error="AccessError",
        )

    def test_probe_amendment_revive_base_version(self):
        """An old signed amendment made current again by its base version,
        which would undo the amendment applied since."""
        self._probe(
            self.user,
            "customer.contract.amendment",
            "write",
            [[self.am_stale.id], {"base_version": 2}],
            WORKFLOW_ONLY + r"a new amendment of the contract \(Amend\)",
        )
        self._probe(
            self.user,
            "customer.contract.amendment",
            "action_apply",
            [[self.am_stale.id]],
            r"drafted against version 1 .* now at version 2",
        )

    def test_probe_amendment_state_signed_on_draft(self):
        self._probe(
            self.user,
            "customer.contract.amendment",
            "write",
            [[self.am_draft.id], {"state": "signed"}],
            WORKFLOW_ONLY + r"the buttons of the amendment",
        )

    def test_probe_amendment_state_applied_as_manager(self):
        self._probe(
            self.manager,
            "customer.contract.amendment",
            "write",
            [[self.am_scheduled.id], {"state": "applied"}],
            WORKFLOW_ONLY + r"the buttons of the amendment",
        )

    def test_probe_amendment_create_signed(self):
        self._probe(
            self.user,
            "customer.contract.amendment",
            "create",
            [
                {
                    "contract_id": self.active.id,
                    "reason": "x",
                    "state": "signed",
                    "signed_by": "Brandon Freeman",
                }
            ],
            WORKFLOW_ONLY,
        )

    def test_probe_amendment_number_rewrite(self):
        self._probe(
            self.user,
            "customer.contract.amendment",
            "write",
            [[self.am_draft.id], {"number": 7}],
            WORKFLOW_ONLY + r"a new amendment of the contract",
        )

    def test_probe_amendment_signature_rewrite(self):
        self._probe(
            self.user,
            "customer.contract.amendment",
            "write",
            [[self.am_scheduled.id], {"signed_by": "Somebody Else"}],
            WORKFLOW_ONLY + r"the Mark as Signed button of the amendment",
        )

    def test_probe_amendment_version_link_rewrite(self):
        self._probe(
            self.manager,
            "customer.contract.amendment",
            "write",
            [[self.am_applied.id], {"version_id": False, "date_applied": False}],
            WORKFLOW_ONLY + r"the Apply button of the amendment",
        )

    def test_probe_amendment_effective_date_after_signature(self):
        """Moving a signed amendment's effective date (to apply it now)."""
        self._probe(
            self.user,
            "customer.contract.amendment",
            "write",
            [[self.am_scheduled.id], {"date_effective": str(self.today)}],
            r"is Signed: its terms can no longer be edited",
        )

    def test_probe_amendment_apply_before_effective_date(self):
        self._probe(
            self.user,
            "customer.contract.amendment",
            "action_apply",
            [[self.am_scheduled.id]],
            r"takes effect on .*: it is applied on that date by the daily "
            r"scheduled action",
        )

    def test_probe_amendment_of_draft_contract(self):
        self._probe(
            self.user,
            "customer.contract.amendment",
            "create",
            [{"contract_id": self.draft.id, "reason": "x"}],
            r"is Draft: only a signed or active contract can be amended",
        )

    # ------------------------------------------------------------------
    # Versions: never created, changed or deleted by a user
    # ------------------------------------------------------------------
    def test_probe_version_create_as_manager(self):
        self._probe(
            self.manager,
            "customer.contract.version",
            "create",
            [
                {
                    "contract_id": self.amended.id,
                    "number": 9,
                    "company_id": self.amended.company_id.id,
                    "currency_id": self.amended.currency_id.id,
                }
            ],
            r"not allowed to create",
            error="AccessError",
        )

    def test_probe_version_write_as_manager(self):
        self._probe(
            self.manager,
            "customer.contract.version",
            "write",
            [[self.version.id], {"date_end": "2099-12-31"}],
            r"cannot be changed or deleted",
        )

    def test_probe_version_unlink_as_manager(self):
        self._probe(
            self.manager,
            "customer.contract.version",
            "unlink",
            [[self.version.id]],
            r"not allowed to delete",
            error="AccessError",
        )

    def test_probe_version_line_write_as_manager(self):
        self._probe(
            self.manager,
            "customer.contract.version.line",
            "write",
            [[self.version.line_ids[0].id], {"price_unit": 1.0}],
            r"cannot be changed or deleted",
        )

    def test_probe_version_clause_create_as_manager(self):
        self._probe(
            self.manager,
            "customer.contract.version.clause",
            "create",
            [{"version_id": self.version.id, "name": "Forged", "body": "<p>x</p>"}],
            r"not allowed to create",
            error="AccessError",
        )

    # ------------------------------------------------------------------
    # Obligations
    # ------------------------------------------------------------------
    def test_probe_obligation_done_without_evidence(self):
        self._probe(
            self.user,
            "customer.contract.obligation",
            "write",
            [[self.obligation.id], {"state": "done"}],
            WORKFLOW_ONLY + r"the buttons of the obligation",
        )

    def test_probe_obligation_backdate_done(self):
        self._probe(
            self.user,
            "customer.contract.obligation",
            "write",
            [
                [self.obligation.id],
                {"date_done": "2020-01-01", "done_by_id": self.manager.id},
            ],
            WORKFLOW_ONLY + r"the buttons of the obligation",
        )

    def test_probe_obligation_create_done(self):
        self._probe(
            self.user,
            "customer.contract.obligation",
            "create",
            [
                {
                    "contract_id": self.active.id,
                    "name": "Already done",
                    "date_due": str(self.today),
                    "state": "done",
                }
            ],
            WORKFLOW_ONLY + r"the buttons of the obligation",
        )

    def test_probe_obligation_compliance_flags(self):
        """Clearing the flags the compliance of the contract is computed from."""
        self._probe(
            self.manager,
            "customer.contract.obligation",
            "write",
            [[self.obligation.id], {"reminder_date_due": str(self.today)}],
            WORKFLOW_ONLY + r"the daily scheduled action of the obligations",
        )

    def test_probe_obligation_next_occurrence_marked_planned(self):
        """Marking the next occurrence planned would stop a recurring
        obligation of an open-ended contract from being planned again."""
        self._probe(
            self.user,
            "customer.contract.obligation",
            "write",
            [[self.obligation.id], {"is_next_planned": True}],
            WORKFLOW_ONLY + r"the daily scheduled action of the obligations",
        )
        self.assertFalse(self.obligation.is_next_planned)

    def test_probe_obligation_done_button_without_evidence(self):
        """The public button checks the evidence itself."""
        self._probe(
            self.user,
            "customer.contract.obligation",
            "action_done",
            [[self.obligation.id]],
            r"needs evidence",
        )

    # ------------------------------------------------------------------
    # Numbers that are not numbers
    # ------------------------------------------------------------------
    def test_probe_nan_quantity_on_contract_line(self):
        refusal = self._probe(
            self.user,
            "customer.contract.line",
            "write",
            [[self.draft.line_ids[0].id], {"quantity": float("nan")}],
            r"must be a finite number, not nan",
            error="ValidationError",
        )
        self.assertIn(self.draft.reference, refusal.message)

    def test_probe_infinite_price_through_contract(self):
        refusal = self._probe(
            self.user,
            "customer.contract",
            "write",
            [
                [self.draft.id],
                {
                    "line_ids": [
                        Command.update(
                            self.draft.line_ids[0].id, {"price_unit": float("inf")}
                        )
                    ]
                },
            ],
            r"Unit Price must be a finite number, not inf",
            error="ValidationError",
        )
        self.assertIn(self.draft.reference, refusal.message)

    def test_probe_infinite_discount_on_amendment_line(self):
        refusal = self._probe(
            self.user,
            "customer.contract.amendment.line",
            "create",
            [
                {
                    "amendment_id": self.am_draft.id,
                    "product_id": self.product_support.id,
                    "discount": float("-inf"),
                }
            ],
            r"must be a finite number, not -inf",
            error="ValidationError",
        )
        self.assertIn(self.active.reference, refusal.message)
