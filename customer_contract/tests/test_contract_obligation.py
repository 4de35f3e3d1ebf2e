# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
from datetime import date

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Domain
from odoo.tests import freeze_time, new_test_user, tagged

from .common import SIGNED_PDF
from .test_contract_amendment import AmendmentCommon


class ObligationCommon(AmendmentCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.write(
            {
                "contract_obligation_reminder_days": 7,
                "contract_compliance_warning_days": 14,
            }
        )
        Template = cls.env["customer.contract.obligation.template"]
        cls.tmpl_report = Template.create(
            {
                "type_id": cls.contract_type.id,
                "name": "Quarterly service report",
                "party": "company",
                "date_reference": "start",
                "offset_days": 30,
                "recurrence": "quarterly",
                "evidence_required": True,
            }
        )
        cls.tmpl_insurance = Template.create(
            {
                "type_id": cls.contract_type.id,
                "name": "Proof of insurance",
                "party": "customer",
                "date_reference": "start",
                "offset_days": 14,
                "recurrence": "none",
            }
        )
        cls.tmpl_handover = Template.create(
            {
                "type_id": cls.contract_type.id,
                "name": "Handover meeting",
                "party": "company",
                "date_reference": "end",
                "offset_days": -30,
                "recurrence": "none",
            }
        )

    def _run_obligation_cron(self, *records):
        cron = self.env.ref(
            "customer_contract.customer_contract_cron_check_obligations"
        )
        with self.enter_registry_test_mode():
            cron.method_direct_trigger()
        for record in records:
            record.invalidate_recordset()

    def _attach(self, obligation):
        attachment = self.env["ir.attachment"].create(
            {
                "name": "report.txt",
                "datas": base64.b64encode(b"Service report"),
                "res_model": obligation._name,
                "res_id": obligation.id,
            }
        )
        obligation.evidence_ids = [Command.link(attachment.id)]
        return attachment

    def _by_name(self, contract, name):
        return contract.obligation_ids.filtered(lambda o: o.name == name)


@tagged("post_install", "-at_install")
class TestContractObligation(ObligationCommon):
    @freeze_time("2026-12-01")
    def test_generated_at_signature_with_recurrence(self):
        contract = self._create_contract()
        self.assertFalse(contract.obligation_ids)
        contract.action_negotiate()
        self.assertFalse(contract.obligation_ids)
        self._sign(contract)
        self.assertEqual(contract.obligation_count, 6)
        reports = self._by_name(contract, "Quarterly service report")
        self.assertEqual(
            reports.mapped("date_due"),
            [
                date(2027, 1, 31),
                date(2027, 4, 30),
                date(2027, 7, 31),
                date(2027, 10, 31),
            ],
        )
        self.assertEqual(set(reports.mapped("recurrence")), {"quarterly"})
        self.assertTrue(all(reports.mapped("evidence_required")))
        insurance = self._by_name(contract, "Proof of insurance")
        self.assertRecordValues(
            insurance,
            [
                {
                    "date_due": date(2027, 1, 15),
                    "party": "customer",
                    "state": "todo",
                    "user_id": self.contract_user.id,
                    "template_id": self.tmpl_insurance.id,
                }
            ],
        )
        self.assertEqual(
            self._by_name(contract, "Handover meeting").date_due, date(2027, 12, 1)
        )
        self.assertEqual(contract.compliance_status, "on_track")
        self.assertEqual(contract.compliance_score, 100.0)

    @freeze_time("2027-02-15")
    def test_regenerated_after_date_changing_amendment(self):
        contract = self._create_contract(date_start="2027-01-01", date_end="2027-12-31")
        self._sign(contract, when="2027-01-02")
        first_report = self._by_name(contract, "Quarterly service report")[0]
        self._attach(first_report)
        first_report.with_user(self.contract_user).action_done()
        insurance = self._by_name(contract, "Proof of insurance")
        insurance.note = "Agreed by phone"
        insurance.with_user(self.contract_user).action_waive()
        before = contract.obligation_ids

        # The contract runs one more year: the future occurrences follow.
        amendment = self._amend(
            contract, date_end="2028-12-31", date_effective="2027-02-15"
        )
        self._sign_amendment(amendment)
        amendment.with_user(self.contract_user).action_apply()

        self.assertTrue(first_report.exists())
        self.assertEqual(first_report.state, "done")
        self.assertTrue(insurance.exists())
        self.assertEqual(insurance.state, "waived")
        reports = self._by_name(contract, "Quarterly service report")
        self.assertEqual(
            reports.mapped("date_due"),
            [
                date(2027, 1, 31),
                date(2027, 4, 30),
                date(2027, 7, 31),
                date(2027, 10, 31),
                date(2028, 1, 31),
                date(2028, 4, 30),
                date(2028, 7, 31),
                date(2028, 10, 31),
            ],
        )
        self.assertEqual(reports[0], first_report)
        # The to-do ones in the future were planned again, not duplicated.
        self.assertEqual(
            self._by_name(contract, "Handover meeting").mapped("date_due"),
            [date(2028, 12, 1)],
        )
        self.assertEqual(len(contract.obligation_ids), 10)
        self.assertFalse(
            (before - contract.obligation_ids) & (first_report | insurance)
        )

    @freeze_time("2027-02-15")
    def test_amendment_without_date_change_keeps_obligations(self):
        contract = self._signed_contract()
        obligations = contract.obligation_ids
        amendment = self._amend(contract, date_effective="2027-02-15")
        amendment.line_ids.price_unit = 150.0
        self._sign_amendment(amendment)
        amendment.action_apply()
        self.assertEqual(contract.obligation_ids, obligations)

    def test_cron_missed_reminders_score_and_status(self):
        with freeze_time("2026-12-01"):
            contract = self._signed_contract()
            insurance = self._by_name(contract, "Proof of insurance")
            first_report = self._by_name(contract, "Quarterly service report")[0]
            activity_type = self.env.ref(
                "customer_contract.mail_activity_type_obligation_due"
            )

        # 2027-01-08: 7 days before the insurance is due, within the window.
        with freeze_time("2027-01-08"):
            self._run_obligation_cron(contract, insurance)
            self.assertEqual(len(insurance.activity_ids), 1)
            activity = insurance.activity_ids
            self.assertEqual(activity.activity_type_id, activity_type)
            self.assertEqual(activity.user_id, self.contract_user)
            self.assertEqual(activity.date_deadline, date(2027, 1, 15))
            self.assertTrue(insurance.in_warning_window)
            self.assertEqual(contract.compliance_status, "at_risk")
            self.assertEqual(contract.compliance_score, 100.0)
            # Twice the same day: no second activity.
            self._run_obligation_cron(contract, insurance)
            self.assertEqual(len(insurance.activity_ids), 1)
            self.assertFalse(first_report.activity_ids)

        # The due date moves: the owner is reminded once for the new date.
        with freeze_time("2027-01-09"):
            insurance.date_due = "2027-01-12"
            self._run_obligation_cron(contract, insurance)
            self.assertEqual(
                sorted(insurance.activity_ids.mapped("date_deadline")),
                [date(2027, 1, 12), date(2027, 1, 15)],
            )
            self._run_obligation_cron(contract, insurance)
            self.assertEqual(len(insurance.activity_ids), 2)

        # 2027-01-13: the insurance was not delivered: missed, breach.
        with freeze_time("2027-01-13"):
            self._run_obligation_cron(contract, insurance, first_report)
            self.assertEqual(insurance.state, "missed")
            self.assertEqual(contract.compliance_status, "breach")
            self.assertEqual(contract.compliance_score, 0.0)
            breach = contract.message_ids.filtered(lambda m: "Breach" in m.body)
            self.assertEqual(len(breach), 1)
            self.assertIn("Proof of insurance", breach.body)
            self._run_obligation_cron(contract, insurance)
            self.assertEqual(
                len(contract.message_ids.filtered(lambda m: "Breach" in m.body)), 1
            )

        # The first report is done on time; the insurance late: both are
        # fulfilled, nothing is late any more.
        with freeze_time("2027-01-30"):
            self._attach(first_report)
            first_report.with_user(self.contract_user).action_done()
            self.assertTrue(first_report.is_on_time)
            self._attach(insurance)
            insurance.with_user(self.contract_user).action_done()
            self.assertFalse(insurance.is_on_time)
            self._run_obligation_cron(contract)
            self.assertEqual(contract.compliance_score, 100.0)
            self.assertEqual(contract.compliance_status, "on_track")

        # Partner compliance over the active contracts.
        with freeze_time("2027-01-30"):
            self._run_state_cron(contract)
            self.assertEqual(contract.state, "active")
            partner = self.customer.with_user(self.contract_user)
            self.assertEqual(partner.contract_compliance_score, 100.0)
            self.assertEqual(partner.contract_obligation_count, 6)

    def test_cron_recomputes_only_the_contracts_concerned(self):
        with freeze_time("2026-12-01"):
            contract = self._signed_contract()
            other = self._signed_contract(
                date_start="2027-06-01", date_end="2027-12-31"
            )
            self.env.flush_all()
        with freeze_time("2027-01-08"):
            Obligation = self.env["customer.contract.obligation"]
            stale = Obligation.search(
                Obligation._stale_time_flags_domain()
                & Domain("contract_id", "in", (contract | other).ids)
            )
            self.assertEqual(stale, self._by_name(contract, "Proof of insurance"))
            stale._process_time_flags()
            # Only the contract of the obligation due soon is to be recomputed.
            for fname in ("compliance_status", "compliance_score"):
                field = contract._fields[fname]
                self.assertEqual(self.env.records_to_compute(field), contract)
            self.assertEqual(contract.compliance_status, "at_risk")
            self.assertEqual(other.compliance_status, "on_track")

    @freeze_time("2027-03-10")
    def test_termination_waives_what_is_no_longer_due(self):
        contract = self._signed_contract()
        self.assertEqual(contract.state, "active")
        contract.with_user(self.contract_user)._action_terminate(
            "Customer moved out", date(2027, 3, 31)
        )
        reports = self._by_name(contract, "Quarterly service report")
        self.assertEqual(
            [(o.date_due, o.state) for o in reports],
            [
                (date(2027, 1, 31), "todo"),
                (date(2027, 4, 30), "waived"),
                (date(2027, 7, 31), "waived"),
                (date(2027, 10, 31), "waived"),
            ],
        )

    @freeze_time("2026-12-01")
    def test_bad_input(self):
        contract = self._signed_contract()
        report = self._by_name(contract, "Quarterly service report")[0]
        report = report.with_user(self.contract_user)
        with self.assertRaisesRegex(UserError, "needs evidence"):
            report.action_done()
        self.assertEqual(report.state, "todo")
        self.assertFalse(report.done_by_id)
        # Due before the contract starts.
        count = contract.obligation_count
        with self.assertRefused(ValidationError, "before contract .* starts"):
            self.env["customer.contract.obligation"].with_user(
                self.contract_user
            ).create(
                {
                    "contract_id": contract.id,
                    "name": "Kick-off",
                    "date_due": "2026-12-15",
                }
            )
        contract.invalidate_recordset()
        self.assertEqual(contract.obligation_count, count)
        with self.assertRefused(ValidationError, "before contract .* starts"):
            report.date_due = "2026-06-30"
        self.assertEqual(report.date_due, date(2027, 1, 31))
        # Waived without a reason.
        with self.assertRaisesRegex(UserError, "why the obligation"):
            report.action_waive()
        self.assertEqual(report.state, "todo")
        with self.assertRaisesRegex(UserError, 'To Do: "Reset" is not possible'):
            report.action_reset()

    @freeze_time("2026-12-01")
    def test_access(self):
        contract = self._signed_contract()
        obligation = contract.obligation_ids[0]
        internal = new_test_user(
            self.env, login="no_contract_group", groups="base.group_user"
        )
        other_company = self.env["res.company"].create({"name": "Other Co"})
        outsider = new_test_user(
            self.env,
            login="outsider_obligations",
            groups="customer_contract.customer_contract_group_manager",
            company_id=other_company.id,
            company_ids=[Command.set(other_company.ids)],
        )
        with self.assertRaises(AccessError):
            obligation.with_user(internal).read(["name"])
        with self.assertRaises(AccessError):
            obligation.with_user(internal).write({"state": "done"})
        with self.assertRaises(AccessError):
            obligation.with_user(outsider).read(["name"])
        self.assertFalse(
            self.env["customer.contract.obligation"].with_user(outsider).search([])
        )
        # Contract users follow obligations; only managers delete them, and
        # only managers change the type's templates.
        with self.assertRaises(AccessError):
            obligation.with_user(self.contract_user).unlink()
        with self.assertRaises(AccessError):
            self.tmpl_report.with_user(self.contract_user).write({"offset_days": 1})
        obligation.with_user(self.contract_manager).unlink()

    @freeze_time("2026-12-01")
    def test_compliance_report(self):
        contract = self._signed_contract()
        report = self._by_name(contract, "Quarterly service report")[0]
        self._attach(report)
        report.with_user(self.contract_user).action_done()
        html = (
            self.env["ir.actions.report"]
            .with_user(self.contract_user)
            ._render_qweb_html(
                "customer_contract.customer_contract_compliance_report_action",
                contract.ids,
            )[0]
            .decode()
        )
        self.assertIn("Compliance audit", html)
        self.assertIn("Quarterly service report", html)
        self.assertIn("Proof of insurance", html)
        self.assertIn("Connie Contract", html)
        self.assertIn("12/01/2026", html)


@tagged("post_install", "-at_install")
class TestObligationCronQueries(ObligationCommon):
    def _queries_for(self, count):
        """Queries of one cron run over ``count`` contracts, each with one
        obligation to remind and one to mark missed."""
        Template = self.env["customer.contract.obligation.template"]
        contract_type = self.env["customer.contract.type"].create({"name": "Bulk"})
        Template.create(
            [
                {
                    "type_id": contract_type.id,
                    "name": "Overdue",
                    "date_reference": "start",
                    "offset_days": 0,
                },
                {
                    "type_id": contract_type.id,
                    "name": "Soon",
                    "date_reference": "start",
                    "offset_days": 40,
                },
            ]
        )
        with freeze_time("2027-01-01"):
            contracts = self.env["customer.contract"]
            for _i in range(count):
                contracts |= self._create_contract(
                    type_id=contract_type.id, template_id=self.template.id
                )
            contracts._action_sign(
                "Brandon Freeman",
                date(2026, 12, 20),
                self.contract_signatory,
                document=SIGNED_PDF,
            )
        self.assertEqual(len(contracts.obligation_ids), 2 * count)
        self.env.flush_all()
        self.env.invalidate_all()
        with freeze_time("2027-02-05"):
            before = self.env.cr.sql_log_count
            self._run_obligation_cron()
            queries = self.env.cr.sql_log_count - before
            contracts.invalidate_recordset()
            contracts.obligation_ids.invalidate_recordset()
        states = contracts.obligation_ids.mapped("state")
        self.assertEqual(states.count("missed"), count)
        self.assertEqual(len(contracts.obligation_ids.activity_ids), count)
        return queries

    def test_cron_queries_per_batch_do_not_grow(self):
        self._queries_for(2)  # warm the caches
        self.assertEqual(self._queries_for(5), self._queries_for(20))
