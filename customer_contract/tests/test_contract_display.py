# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from lxml import etree

from odoo.tests import freeze_time, tagged
from odoo.tools.safe_eval import safe_eval

from .test_contract_lifecycle import ContractLifecycleCommon

# (obligations as (due date, what became of it, on which day), score, status)
# seen on 2027-03-10, with a warning window of 14 days.
COMPLIANCE_CASES = [
    ([], 100.0, "on_track"),
    ([("2027-02-01", "done", "2027-01-25")], 100.0, "on_track"),
    # Done late: fulfilled, nothing late any more.
    ([("2027-02-01", "done", "2027-03-05")], 100.0, "on_track"),
    # Still to do after its due date: late, whatever the contract's state.
    ([("2027-03-01", "todo", None)], 0.0, "breach"),
    (
        [("2027-02-01", "done", "2027-01-25"), ("2027-03-01", "todo", None)],
        50.0,
        "breach",
    ),
    # Due today: not late yet, due soon.
    ([("2027-03-10", "todo", None)], 100.0, "at_risk"),
    ([("2027-03-20", "todo", None)], 100.0, "at_risk"),
    (
        [("2027-02-01", "done", "2027-01-25"), ("2027-03-20", "todo", None)],
        100.0,
        "at_risk",
    ),
    ([("2027-05-01", "todo", None)], 100.0, "on_track"),
    # Waived obligations are not counted.
    (
        [("2027-03-01", "waived", "2027-02-20"), ("2027-05-01", "todo", None)],
        100.0,
        "on_track",
    ),
]


@tagged("post_install", "-at_install")
class TestContractCompliance(ContractLifecycleCommon):
    """The compliance score and status follow one rule in every state of the
    contract: late (missed, or still to do after the due date) makes a
    breach and lowers the score; below 100% exactly when in breach."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.contract_compliance_warning_days = 14

    def _contract(self, state, obligations):
        end = "2027-03-05" if state == "expired" else "2027-12-31"
        with freeze_time("2026-12-15"):
            contract = self._create_contract(date_start="2027-01-01", date_end=end)
            if state != "draft":
                self._sign(contract)
        with freeze_time("2027-01-01"):
            contract._activate_due()
            Obligation = self.env["customer.contract.obligation"].with_user(
                self.contract_user
            )
            records = Obligation.create(
                [
                    {
                        "contract_id": contract.id,
                        "name": f"Obligation {i}",
                        "date_due": due,
                    }
                    for i, (due, _how, _when) in enumerate(obligations)
                ]
            )
        for record, (_due, how, when) in zip(records, obligations, strict=True):
            with freeze_time(when or "2027-01-01"):
                if how == "done":
                    record.action_done()
                elif how == "waived":
                    record.note = "Not needed"
                    record.action_waive()
        with freeze_time("2027-03-10"):
            if state == "terminated":
                contract.with_user(self.contract_user)._action_terminate(
                    "Customer moved out", date(2027, 6, 30)
                )
            elif state == "expired":
                contract._action_expire()
        self.assertEqual(contract.state, state)
        return contract

    def _compliance(self, contract):
        # The daily scheduled action keeps the stored values current (see
        # test_terminated_contract_by_the_scheduled_action); here the rule.
        for fname in ("compliance_score", "compliance_status"):
            self.env.add_to_compute(contract._fields[fname], contract)
        return contract.compliance_score, contract.compliance_status

    def test_rule_in_every_state(self):
        for state in ("draft", "active", "terminated", "expired"):
            for obligations, score, status in COMPLIANCE_CASES:
                with self.subTest(state=state, obligations=obligations):
                    contract = self._contract(state, obligations)
                    with freeze_time("2027-03-10"):
                        self.assertEqual(self._compliance(contract), (score, status))
                        # The score and the status agree.
                        self.assertEqual(score < 100.0, status == "breach")

    def test_terminated_contract_by_the_scheduled_action(self):
        """The terminated contract of five past-due obligations still to do
        is in breach at 0%, and its obligations are marked missed."""
        dates = ["2027-01-15", "2027-01-31", "2027-02-15", "2027-02-28", "2027-03-01"]
        contract = self._contract("terminated", [(due, "todo", None) for due in dates])
        cron = self.env.ref(
            "customer_contract.customer_contract_cron_check_obligations"
        )
        with freeze_time("2027-03-11"):
            with self.enter_registry_test_mode():
                cron.method_direct_trigger()
            contract.invalidate_recordset()
            contract.obligation_ids.invalidate_recordset()
            self.assertEqual(set(contract.obligation_ids.mapped("state")), {"missed"})
            self.assertEqual(contract.compliance_status, "breach")
            self.assertEqual(contract.compliance_score, 0.0)


@tagged("post_install", "-at_install")
class TestContractDisplay(ContractLifecycleCommon):
    """What the lists, calendars and reports show."""

    def _arch(self, model, view_type, xmlid=None):
        view_id = self.env.ref(xmlid).id if xmlid else None
        views = (
            self.env[model]
            .with_user(self.contract_user)
            .get_views([(view_id, view_type)])
        )
        return etree.fromstring(views["views"][view_type]["arch"])

    def test_status_labels(self):
        for model in (
            "customer.contract",
            "customer.contract.amendment",
            "customer.contract.obligation",
        ):
            with self.subTest(model=model):
                field = self.env[model].fields_get(["state"], ["string"])["state"]
                self.assertEqual(field["string"], "Status")

    def test_numbers_not_summed(self):
        for model, fnames in {
            "customer.contract": ["version_number", "amendment_last_number"],
            "customer.contract.version": ["number"],
            "customer.contract.amendment": [
                "number",
                "base_version",
                "amount_delta_percent",
            ],
            "customer.contract.line": ["price_unit", "discount"],
        }.items():
            for fname in fnames:
                with self.subTest(model=model, field=fname):
                    self.assertFalse(self.env[model]._fields[fname].aggregator)
        # Amounts are summed in the company's currency only (see
        # test_contract_currency.py), not in each contract's own currency.
        contract_fields = self.env["customer.contract"]._fields
        self.assertFalse(contract_fields["amount_untaxed"].aggregator)
        self.assertEqual(contract_fields["amount_untaxed_company"].aggregator, "sum")

    def test_to_sign_filter(self):
        arch = self._arch("customer.contract", "search")
        (node,) = arch.xpath("//filter[@name='to_sign']")
        domain = safe_eval(node.get("domain"))
        draft = self._create_contract()
        negotiation = self._create_contract()
        negotiation.with_user(self.contract_user).action_negotiate()
        found = self.env["customer.contract"].search(
            [("id", "in", (draft | negotiation).ids), *domain]
        )
        self.assertEqual(found, negotiation)

    def test_kanban_reference_kept_whole(self):
        arch = self._arch("customer.contract", "kanban")
        (reference,) = arch.xpath("//field[@name='reference']")
        self.assertIn("text-nowrap", reference.get("class"))
        (name,) = arch.xpath("//t[@t-name='card']//field[@name='name']")
        self.assertIn("text-break", name.get("class"))

    @freeze_time("2027-03-10")
    def test_obligations_overdue_in_red(self):
        contract = self._create_contract(date_start="2027-01-01")
        Obligation = self.env["customer.contract.obligation"].with_user(
            self.contract_user
        )
        overdue, soon, later = Obligation.create(
            [
                {"contract_id": contract.id, "name": "Report", "date_due": due}
                for due in ("2027-03-01", "2027-03-12", "2027-06-01")
            ]
        )
        self.assertEqual(
            (overdue | soon | later).mapped("is_overdue"), [True, False, False]
        )
        self.assertEqual((overdue | soon | later).mapped("calendar_color"), [1, 2, 4])
        self.assertEqual(overdue.display_name, f"Report ({contract.reference})")
        arch = self._arch("customer.contract.obligation", "list")
        self.assertEqual(arch.get("decoration-danger"), "is_overdue")
        calendar = self._arch("customer.contract.obligation", "calendar")
        self.assertEqual(calendar.get("color"), "calendar_color")
        shown = [
            node.get("name")
            for node in calendar.xpath("field")
            if node.get("invisible") != "1"
        ]
        for fname in ("contract_id", "partner_id", "state", "user_id"):
            self.assertIn(fname, shown)
