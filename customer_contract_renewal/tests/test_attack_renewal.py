# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Attacks on the renewals, each made as the least-privileged user who would
try it: renewal terms changed on a signed contract or set to values the cron
cannot honour, bookkeeping written by hand, the renewal history forged."""

import re
from datetime import date

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, HttpCase, freeze_time, new_test_user, tagged

from odoo.addons.customer_contract.tests.access_common import (
    AccessMatrixMixin,
    JsonRpcProbeMixin,
)
from odoo.addons.customer_contract.tests.common import SIGNED_PDF

from ..models.customer_contract_renewal import RENEWAL_TERM_FIELDS
from .common import RenewalCommon

BOOKKEEPING_FIELDS = (
    "renewal_notice_date",
    "renewal_notice_party",
    "renewal_notice_reason",
    "renewal_reminded",
    "renewal_amendment_id",
    "renewal_error",
    "renewal_count",
    "renewal_date",
    "renewal_notice_deadline",
    "renewal_reminder_date",
)
HISTORY_FIELDS = ("state", "term", "date_reminded", "date_renewed", "amendment_id")
WORKFLOW_ONLY = r'The field ".*" of Customer Contract is set by the workflow only\. Use'


class RenewalAttackCommon(RenewalCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.contract = cls._signed_contract()
        # The history row of the current term, as the reminder makes it.
        cls.renewal = cls.contract._renewal_get_or_create()

    def _state(self, contract=None):
        """What an attack must leave as it was."""
        contract = contract or self.contract
        self.env.invalidate_all()
        renewals = contract.sudo().renewal_ids
        return {
            "contract": {
                fname: contract[fname]
                for fname in (
                    *RENEWAL_TERM_FIELDS,
                    *BOOKKEEPING_FIELDS,
                    "state",
                    "version_number",
                    "date_end",
                )
            },
            "history": [
                {fname: renewal[fname] for fname in HISTORY_FIELDS}
                for renewal in renewals
            ],
            "amendments": self.env["customer.contract.amendment"].search_count([]),
            "renewals": self.env["customer.contract.renewal"].sudo().search_count([]),
            "contracts": self.env["customer.contract"].search_count([]),
            "mails": self.env["mail.mail"].search_count([]),
            "messages": self.env["mail.message"].search_count([]),
            "orders": self.env["sale.order"].search_count([]),
        }


@tagged("post_install", "-at_install")
class TestRenewalAttack(RenewalAttackCommon):
    """Attacks through the ORM, as the user who would try (``with_user``)."""

    def _draft(self, **values):
        return self._create_contract(type_id=self.type_automatic.id, **values)

    def test_probe_edit_renewal_terms_of_signed_contract(self):
        before = self._state()
        for values in (
            {"renewal_uplift": 50.0},
            {"renewal_mode": "none"},
            {"renewal_max": 1},
            {"renewal_notice_days": 0, "renewal_reminder_days": 0},
            {"renewal_term_months": 60},
        ):
            with (
                self.subTest(values=values),
                self.assertRefused(
                    UserError,
                    rf"Contract {re.escape(self.contract.display_name)} is signed: "
                    r"its terms \(.*\) cannot be edited\. Create an amendment",
                ),
            ):
                self.contract.with_user(self.contract_user).write(values)
        self.assertEqual(self._state(), before)

    def test_probe_uplift_below_minus_100_no_email(self):
        draft = self._draft()
        before = self._state(draft)
        with self.assertRefused(
            ValidationError,
            rf"The renewal terms of contract {re.escape(draft.display_name)} are "
            r"not valid: the price uplift must be a number above -100%",
        ):
            draft.with_user(self.contract_user).write({"renewal_uplift": -150.0})
        self.assertEqual(self._state(draft), before)
        self.assertEqual(draft.renewal_uplift, 10.0)

    def test_probe_create_contract_with_uplift_minus_150(self):
        before = self._state()
        with self.assertRefused(
            ValidationError, "price uplift must be a number above -100%"
        ):
            self._draft(renewal_uplift=-150.0)
        self.assertEqual(self._state(), before)

    def test_probe_nan_or_infinite_uplift(self):
        draft = self._draft()
        before = self._state(draft)
        for value in (float("nan"), float("inf"), float("-inf"), -100.0):
            with (
                self.subTest(value=value),
                self.assertRefused(ValidationError, "above -100%"),
            ):
                draft.with_user(self.contract_user).write({"renewal_uplift": value})
        self.assertEqual(self._state(draft), before)

    def test_probe_zero_or_negative_term(self):
        draft = self._draft()
        before = self._state(draft)
        for months in (0, -12):
            with (
                self.subTest(months=months),
                self.assertRefused(
                    ValidationError,
                    rf"{re.escape(draft.display_name)} are not valid: the renewal "
                    r"term must be at least one month",
                ),
            ):
                draft.with_user(self.contract_user).write(
                    {"renewal_term_months": months}
                )
        self.assertEqual(self._state(draft), before)

    def test_probe_notice_longer_than_term(self):
        draft = self._draft()
        before = self._state(draft)
        with self.assertRefused(
            ValidationError,
            r"the notice period \(400 days\) must be shorter than the renewal "
            r"term \(12 months\)",
        ):
            draft.with_user(self.contract_user).write({"renewal_notice_days": 400})
        with self.assertRefused(ValidationError, "notice period cannot be negative"):
            draft.with_user(self.contract_user).write({"renewal_notice_days": -5})
        with self.assertRefused(
            ValidationError, "reminder lead time cannot be negative"
        ):
            draft.with_user(self.contract_user).write({"renewal_reminder_days": -1})
        self.assertEqual(self._state(draft), before)

    def test_probe_negative_maximum_renewals(self):
        draft = self._draft()
        before = self._state(draft)
        with self.assertRefused(
            ValidationError, "maximum number of renewals cannot be negative"
        ):
            draft.with_user(self.contract_user).write({"renewal_max": -1})
        self.assertEqual(self._state(draft), before)

    def test_probe_type_defaults_invalid(self):
        before = self.type_automatic.read(list(RENEWAL_TERM_FIELDS))
        contract_type = self.type_automatic.with_user(self.contract_manager)
        for values in (
            {"renewal_uplift": -150.0},
            {"renewal_term_months": 0},
            {"renewal_notice_days": 400},
            {"renewal_max": -2},
        ):
            with (
                self.subTest(values=values),
                self.assertRefused(
                    ValidationError,
                    rf"The renewal terms of contract type "
                    rf"{re.escape(self.type_automatic.display_name)} are not valid",
                ),
            ):
                contract_type.write(values)
        self.env.invalidate_all()
        self.assertEqual(self.type_automatic.read(list(RENEWAL_TERM_FIELDS)), before)
        with self.assertRefused(ValidationError, "above -100%"):
            self.env["customer.contract.type"].with_user(self.contract_manager).create(
                {"name": "Broken", "renewal_uplift": -150.0}
            )

    def test_probe_amendment_with_invalid_renewal_terms(self):
        before = self._state()
        with self.assertRefused(
            ValidationError,
            rf"The renewal terms of Amendment No\. 1 to "
            rf"{re.escape(self.contract.reference)} are not valid: the price "
            r"uplift must be a number above -100%",
        ):
            self.env["customer.contract.amendment"].with_user(
                self.contract_user
            ).create(
                {
                    "contract_id": self.contract.id,
                    "reason": "Lower prices",
                    "renewal_uplift": -150.0,
                }
            )
        amendment = (
            self.env["customer.contract.amendment"]
            .with_user(self.contract_user)
            .create({"contract_id": self.contract.id, "reason": "Longer terms"})
        )
        with self.assertRefused(ValidationError, "renewal term must be at least"):
            amendment.write({"renewal_term_months": 0})
        self.assertEqual(amendment.renewal_term_months, 12)
        amendment.unlink()
        self.assertEqual(self._state(), before)

    def test_probe_renewal_terms_of_signed_amendment(self):
        amendment = (
            self.env["customer.contract.amendment"]
            .with_user(self.contract_user)
            .create({"contract_id": self.contract.id, "reason": "Renewal terms"})
        )
        amendment.write({"renewal_uplift": 5.0})
        amendment._action_sign(
            "Brandon Freeman",
            date(2027, 1, 5),
            self.contract_signatory,
            document=SIGNED_PDF,
        )
        with self.assertRefused(
            UserError,
            r"Amendment No\. 1 to .* is Signed: its terms can no longer be edited",
        ):
            amendment.write({"renewal_uplift": 99.0})
        self.assertEqual(amendment.renewal_uplift, 5.0)

    def test_probe_notice_after_deadline(self):
        before = self._state()
        with freeze_time("2027-12-15"):
            wizard = (
                self.env["customer.contract.notice.wizard"]
                .with_user(self.contract_user)
                .create(
                    {
                        "contract_id": self.contract.id,
                        "party": "customer",
                        "reason": "Too late, but let us try",
                    }
                )
            )
            with self.assertRefused(
                UserError,
                rf"The notice deadline of contract "
                rf"{re.escape(self.contract.display_name)} was 12/01/2027: notice "
                r"of non-renewal can no longer be given",
            ):
                wizard.action_confirm()
        self.assertEqual(self._state(), before)

    def test_probe_write_bookkeeping_fields(self):
        """Even a manager cannot stop, restart or hide a renewal by writing
        its bookkeeping."""
        before = self._state()
        for values in (
            {"renewal_notice_date": "2027-06-01", "renewal_notice_party": "customer"},
            {"renewal_notice_reason": "Forged"},
            {"renewal_reminded": True},
            {"renewal_error": False},
            {"renewal_count": 0},
            {"renewal_date": False},
            {"renewal_notice_deadline": "2099-01-01"},
            {"renewal_ids": [Command.clear()]},
        ):
            with (
                self.subTest(values=values),
                self.assertRefused(UserError, WORKFLOW_ONLY),
            ):
                self.contract.with_user(self.contract_manager).write(values)
        self.assertEqual(self._state(), before)

    def test_probe_create_contract_with_bookkeeping(self):
        before = self._state()
        for values in (
            {"renewal_reminded": True},
            {"renewal_notice_date": "2027-01-01"},
            {"renewal_amendment_id": 1},
            {"renewal_count": 5},
        ):
            with (
                self.subTest(values=values),
                self.assertRefused(UserError, WORKFLOW_ONLY),
            ):
                self._draft(**values)
        self.assertEqual(self._state(), before)

    def test_probe_forge_renewal_history(self):
        """The history is the cron's: a manager can neither create, change
        nor delete it."""
        before = self._state()
        History = self.env["customer.contract.renewal"].with_user(self.contract_manager)
        self.assertEqual(History.browse(self.renewal.id).state, "pending")
        with self.assertRefused(AccessError, "not allowed to modify"):
            History.browse(self.renewal.id).write({"state": "renewed"})
        with self.assertRefused(AccessError, "not allowed to create"):
            History.create(
                {"contract_id": self.contract.id, "term": 2, "mode": "automatic"}
            )
        with self.assertRefused(AccessError, "not allowed to delete"):
            History.browse(self.renewal.id).unlink()
        self.assertEqual(self._state(), before)

    def test_probe_amendment_posing_as_renewal(self):
        """An amendment linked by hand to the renewal of the term would mark
        the term renewed when applied."""
        before = self._state()
        Amendment = self.env["customer.contract.amendment"].with_user(
            self.contract_user
        )
        with self.assertRefused(
            UserError,
            r'The field "Renewal" of Contract Amendment is set by the workflow '
            r"only\. Use the renewal scheduled action",
        ):
            Amendment.create(
                {
                    "contract_id": self.contract.id,
                    "reason": "Renewal",
                    "renewal_id": self.renewal.id,
                }
            )
        amendment = Amendment.create({"contract_id": self.contract.id, "reason": "X"})
        with self.assertRefused(UserError, "set by the workflow only"):
            amendment.write({"renewal_id": self.renewal.id})
        self.assertFalse(amendment.renewal_id)
        amendment.unlink()
        self.assertEqual(self._state(), before)

    def test_probe_quotation_posing_as_renewal(self):
        """A salesman links his own quotation to the renewal of another
        contract: confirming it would renew that contract at his prices."""
        negotiated = self._signed_contract(self.type_negotiated)
        renewal = negotiated._renewal_get_or_create()
        Order = self.env["sale.order"].with_user(self.renewal_user)
        order = Order.create({"partner_id": self.other_customer.id})
        before = self._state(negotiated)
        with self.assertRefused(
            UserError,
            r'The field "Renews" of Sales Order is set by the workflow only\. Use '
            r'the "Create Renewal Quotation" button',
        ):
            order.write({"contract_renewal_id": renewal.id})
        with self.assertRefused(UserError, "set by the workflow only"):
            Order.create(
                {"partner_id": self.customer.id, "contract_renewal_id": renewal.id}
            )
        self.assertFalse(order.contract_renewal_id)
        self.assertEqual(self._state(negotiated), before)

    # ------------------------------------------------------------------
    # What is allowed: the terms change through an amendment
    # ------------------------------------------------------------------
    def test_notice_against_term_only_when_renewing(self):
        Type = self.env["customer.contract.type"].with_user(self.contract_manager)
        monthly = Type.create(
            {
                "name": "Monthly, no renewal",
                "renewal_mode": "none",
                "renewal_term_months": 1,
                "renewal_notice_days": 30,
                "renewal_reminder_days": 30,
            }
        )
        self.assertEqual(monthly.renewal_notice_days, 30)
        with self.assertRefused(
            ValidationError,
            r"notice period \(30 days\) must be shorter than the renewal term "
            r"\(1 months\)",
        ):
            monthly.write({"renewal_mode": "automatic"})
        with self.assertRefused(
            ValidationError,
            r"the notice period and the reminder lead time together \(40 days\) "
            r"must be shorter than the renewal term",
        ):
            monthly.write({"renewal_mode": "automatic", "renewal_notice_days": 10})
        monthly.write(
            {
                "renewal_mode": "automatic",
                "renewal_notice_days": 10,
                "renewal_reminder_days": 10,
            }
        )
        self.assertEqual(monthly.renewal_mode, "automatic")

    def test_amendment_changes_renewal_terms(self):
        contract = self.contract
        amendment = (
            self.env["customer.contract.amendment"]
            .with_user(self.contract_user)
            .create({"contract_id": contract.id, "reason": "Lower uplift"})
        )
        self.assertEqual(
            {fname: amendment[fname] for fname in RENEWAL_TERM_FIELDS},
            {fname: contract[fname] for fname in RENEWAL_TERM_FIELDS},
        )
        amendment.write({"renewal_uplift": 3.0, "renewal_max": 2})
        self.assertIn("Price Uplift", amendment.diff_html)
        self.assertIn("Maximum Renewals", amendment.diff_html)
        self.assertTrue(amendment.has_changes)
        with freeze_time("2027-02-01"):
            amendment._action_sign(
                "Brandon Freeman",
                date(2027, 2, 1),
                self.contract_signatory,
                document=SIGNED_PDF,
            )
            amendment.with_user(self.contract_user).action_apply()
        self.assertEqual((contract.renewal_uplift, contract.renewal_max), (3.0, 2))
        version = contract.version_ids
        self.assertEqual((version.renewal_uplift, version.renewal_max), (10.0, 0))
        self.assertEqual(version.renewal_mode, "automatic")
        diff = version._diff_terms(version._get_terms(), contract._get_terms())
        changed = {label: (old, new) for label, old, new in diff["fields"]}
        self.assertEqual(changed["Price Uplift (%)"], ("10.00", "3.00"))
        self.assertEqual(changed["Maximum Renewals"], ("0", "2"))

    def test_amendment_given_terms_keeps_renewal_terms(self):
        """An amendment created with its other terms but without renewal
        terms keeps the contract's (not the fields' defaults)."""
        contract = self.contract
        values = contract._prepare_amendment_values()
        for fname in RENEWAL_TERM_FIELDS:
            values.pop(fname)
        values["reason"] = "Same renewal terms"
        amendment = (
            self.env["customer.contract.amendment"]
            .with_user(self.contract_user)
            .create(values)
        )
        self.assertEqual(amendment.renewal_mode, "automatic")
        self.assertEqual(amendment.renewal_uplift, 10.0)
        self.assertFalse(amendment.has_changes)


@tagged("post_install", "-at_install")
class TestRenewalAccessMatrix(AccessMatrixMixin, RenewalAttackCommon):
    """Who reads and changes the renewal history: readable as the contract,
    written by nobody but the renewal itself."""

    MATRIX = """
        # role            model                       read write create unlink
        contract_user     customer.contract.renewal   Y    N     N      N
        contract_manager  customer.contract.renewal   Y    N     N      N
        accountant        customer.contract.renewal   Y    N     N      N
        salesman          customer.contract.renewal   N    N     N      N
        portal_customer   customer.contract.renewal   N    N     N      N
        portal_other      customer.contract.renewal   N    N     N      N
        other_company     customer.contract.renewal   N    N     N      N
    """

    def test_access_matrix_renewal_history(self):
        other_company = self.env["res.company"].create({"name": "Other Company"})
        portal_partner = self.env["res.partner"].create(
            {"name": "Portal Customer", "parent_id": self.customer.id}
        )
        portal_other_partner = self.env["res.partner"].create(
            {"name": "Portal Other", "parent_id": self.other_customer.id}
        )
        users = {
            "contract_user": self.contract_user,
            "contract_manager": self.contract_manager,
            "accountant": new_test_user(
                self.env,
                login="renewal_accountant",
                groups="account.group_account_invoice",
            ),
            "salesman": new_test_user(
                self.env,
                login="renewal_salesman",
                groups="sales_team.group_sale_salesman",
            ),
            "portal_customer": new_test_user(
                self.env,
                login="renewal_portal",
                groups="base.group_portal",
                partner_id=portal_partner.id,
            ),
            "portal_other": new_test_user(
                self.env,
                login="renewal_portal_other",
                groups="base.group_portal",
                partner_id=portal_other_partner.id,
            ),
            "other_company": new_test_user(
                self.env,
                login="renewal_other_company",
                groups="customer_contract.customer_contract_group_manager",
                company_id=other_company.id,
                company_ids=[Command.set(other_company.ids)],
            ),
        }
        probes = {
            "customer.contract.renewal": {
                "record": self.renewal,
                "fields": ["display_name", "term", "state", "amount", "contract_id"],
                "write": {"state": "renewed"},
                "create": lambda user: {
                    "contract_id": self.contract.id,
                    "term": 7,
                    "mode": "automatic",
                },
            },
        }
        self.assertAccessMatrix(self.MATRIX, users, probes)


@tagged("post_install", "-at_install")
class TestRenewalRpcAttack(JsonRpcProbeMixin, RenewalAttackCommon, HttpCase):
    """The same attacks as an external client makes them, over JSON-RPC."""

    def _as(self, user):
        self.authenticate(user.login, user.login)

    def test_probe_rpc_edit_uplift_of_signed_contract(self):
        before = self._state()
        self._as(self.contract_user)
        refusal = self.assertRpcRefused(
            "customer.contract",
            "write",
            [[self.contract.id], {"renewal_uplift": 80.0}],
            rf"Contract {re.escape(self.contract.display_name)} is signed: its "
            r"terms \(Price Uplift \(%\)\) cannot be edited\. Create an amendment",
        )
        self.assertEqual(refusal.name, "odoo.exceptions.UserError")
        self.assertEqual(self._state(), before)

    def test_probe_rpc_stop_renewal_by_mode(self):
        """A manager cannot switch a signed contract to "no renewal"."""
        before = self._state()
        self._as(self.contract_manager)
        self.assertRpcRefused(
            "customer.contract",
            "write",
            [[self.contract.id], {"renewal_mode": "none", "renewal_max": 1}],
            r"is signed: its terms \(.*Renewal Mode.*\) cannot be edited",
        )
        self.assertEqual(self._state(), before)

    def test_probe_rpc_uplift_minus_150_on_draft_no_email(self):
        draft = self._create_contract(type_id=self.type_automatic.id)
        before = self._state(draft)
        self._as(self.contract_user)
        refusal = self.assertRpcRefused(
            "customer.contract",
            "write",
            [[draft.id], {"renewal_uplift": -150.0}],
            rf"The renewal terms of contract {re.escape(draft.display_name)} are "
            r"not valid: the price uplift must be a number above -100%",
        )
        self.assertEqual(refusal.name, "odoo.exceptions.ValidationError")
        self.assertEqual(self._state(draft), before)

    def test_probe_rpc_give_notice_by_writing_it(self):
        """Notice written directly, past the deadline checks of the wizard."""
        before = self._state()
        self._as(self.contract_user)
        self.assertRpcRefused(
            "customer.contract",
            "write",
            [
                [self.contract.id],
                {
                    "renewal_notice_date": "2027-12-20",
                    "renewal_notice_party": "customer",
                    "renewal_notice_reason": "Backdated",
                },
            ],
            r'The field "Notice Given On" of Customer Contract is set by the '
            r'workflow only\. Use the "Give Notice of Non-Renewal" button',
        )
        self.assertEqual(self._state(), before)

    def test_probe_rpc_reset_renewal_count(self):
        """Resetting the count would let a contract renew past its maximum."""
        before = self._state()
        self._as(self.contract_manager)
        self.assertRpcRefused(
            "customer.contract",
            "write",
            [[self.contract.id], {"renewal_count": 0, "renewal_date": "2028-01-01"}],
            WORKFLOW_ONLY,
        )
        self.assertEqual(self._state(), before)

    def test_probe_rpc_hide_renewal_error(self):
        before = self._state()
        self._as(self.contract_manager)
        self.assertRpcRefused(
            "customer.contract",
            "write",
            [
                [self.contract.id],
                {"renewal_error": "All good", "renewal_reminded": True},
            ],
            WORKFLOW_ONLY,
        )
        self.assertEqual(self._state(), before)

    def test_probe_rpc_create_renewal_history(self):
        before = self._state()
        self._as(self.contract_manager)
        refusal = self.assertRpcRefused(
            "customer.contract.renewal",
            "create",
            [{"contract_id": self.contract.id, "term": 2, "mode": "automatic"}],
            "You are not allowed to create",
        )
        self.assertEqual(refusal.name, "odoo.exceptions.AccessError")
        self.assertEqual(self._state(), before)

    def test_probe_rpc_write_renewal_history(self):
        before = self._state()
        self._as(self.contract_manager)
        self.assertRpcRefused(
            "customer.contract.renewal",
            "write",
            [[self.renewal.id], {"state": "churned", "churn_reason": "notice"}],
            "You are not allowed to modify",
        )
        self.assertEqual(self._state(), before)

    def test_probe_rpc_unlink_renewal_history(self):
        before = self._state()
        self._as(self.contract_manager)
        self.assertRpcRefused(
            "customer.contract.renewal",
            "unlink",
            [[self.renewal.id]],
            "You are not allowed to delete",
        )
        self.assertEqual(self._state(), before)

    def test_probe_rpc_amendment_posing_as_renewal(self):
        before = self._state()
        self._as(self.contract_user)
        self.assertRpcRefused(
            "customer.contract.amendment",
            "create",
            [
                {
                    "contract_id": self.contract.id,
                    "reason": "Renewal",
                    "renewal_id": self.renewal.id,
                }
            ],
            r'The field "Renewal" of Contract Amendment is set by the workflow only',
        )
        self.assertEqual(self._state(), before)

    def test_probe_rpc_read_history_without_contract_rights(self):
        """A salesman without contract rights reads no renewal history."""
        salesman = new_test_user(
            self.env, login="rpc_salesman", groups="sales_team.group_sale_salesman"
        )
        self._as(salesman)
        self.assertRpcRefused(
            "customer.contract.renewal",
            "read",
            [[self.renewal.id], ["amount", "state", "partner_id"]],
            "You are not allowed to access",
        )


@tagged("post_install", "-at_install")
class TestRenewalFormsOpen(RenewalAttackCommon):
    """The renewal tab and the amendment's renewal terms open for the roles
    that read contracts, the renewal history included."""

    def test_forms_open_with_renewal_history(self):
        with freeze_time("2027-11-16"):
            self._run_cron()
        amendment = (
            self.env["customer.contract.amendment"]
            .with_user(self.contract_user)
            .create({"contract_id": self.contract.id, "reason": "Review"})
        )
        accountant = new_test_user(
            self.env, login="form_accountant", groups="account.group_account_invoice"
        )
        for user in (self.contract_user, self.contract_manager):
            with self.subTest(user=user.login):
                form = Form(self.contract.with_user(user))
                self.assertEqual(form.renewal_uplift, 10.0)
                self.assertEqual(len(form.renewal_ids), 1)
                form = Form(amendment.with_user(user))
                self.assertEqual(form.renewal_mode, "automatic")
        # What the renewal tab reads, for an accountant following a contract
        # from an invoice.
        many2one = {"fields": {"display_name": {}}}
        [values] = self.contract.with_user(accountant).web_read(
            {
                **dict.fromkeys(
                    ("renewal_mode", "renewal_uplift", "renewal_date", "renewal_error"),
                    {},
                ),
                "renewal_ids": {
                    "fields": {
                        **dict.fromkeys(
                            ("term", "state", "amount", "churn_reason"), {}
                        ),
                        "amendment_id": many2one,
                        "opportunity_id": many2one,
                    }
                },
            }
        )
        self.assertEqual(values["renewal_ids"][0]["term"], 1)
