# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from markupsafe import escape

from odoo import http
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, freeze_time, new_test_user, tagged
from odoo.tools import format_date, mute_logger

from .access_common import JsonRpcProbeMixin
from .common import SIGNED_PDF
from .test_contract_obligation import ObligationCommon

EVIDENCE_ACTIVITY = "customer_contract.mail_activity_type_obligation_evidence"
NOTE = "INTERNAL: this customer always sends his certificates late"


class PortalObligationCommon(ObligationCommon):
    """A signed contract of Azure whose type plans obligations of both
    parties, one obligation of the customer added by hand, and a signed
    contract of another customer."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tmpl_statement = cls.env["customer.contract.obligation.template"].create(
            {
                "type_id": cls.contract_type.id,
                "name": "Quarterly usage statement",
                "description": "The meter readings of the quarter.",
                "party": "customer",
                "date_reference": "start",
                "offset_days": 0,
                "recurrence": "quarterly",
                "evidence_required": True,
            }
        )
        cls.portal_user = new_test_user(
            cls.env,
            login="azure_evidence",
            password="azure_evidence",
            name="Brandon Freeman",
            groups="base.group_portal",
            partner_id=cls.signatory.id,
        )
        cls.other_contact = cls.env["res.partner"].create(
            {
                "name": "Ready Reader",
                "parent_id": cls.other_customer.id,
                "email": "reader@example.com",
            }
        )
        cls.other_portal_user = new_test_user(
            cls.env,
            login="deco_evidence",
            password="deco_evidence",
            name="Ready Reader",
            groups="base.group_portal",
            partner_id=cls.other_contact.id,
        )
        with freeze_time("2026-12-01"):
            cls.contract = cls._create_contract()
            cls._sign_as_user(cls.contract)
            cls.other_contract = cls._create_contract(
                name="Deco Terms",
                partner_id=cls.other_customer.id,
                signatory_id=cls.other_contact.id,
            )
            cls._sign_as_user(cls.other_contract)
        Obligation = cls.env["customer.contract.obligation"].with_user(
            cls.contract_user
        )
        cls.certificate = Obligation.create(
            {
                "contract_id": cls.contract.id,
                "name": "Fire safety certificate",
                "description": "The certificate of the building's inspection.",
                "party": "customer",
                "date_due": "2027-03-01",
                "note": NOTE,
            }
        )
        cls.insurance = cls._by_name(cls.contract, "Proof of insurance")
        cls.statements = cls._by_name(cls.contract, "Quarterly usage statement")
        cls.report = cls._by_name(cls.contract, "Quarterly service report")[0]
        cls.other_insurance = cls._by_name(cls.other_contract, "Proof of insurance")

    @classmethod
    def _sign_as_user(cls, contract):
        wizard = (
            cls.env["customer.contract.sign.wizard"]
            .with_user(cls.contract_signatory)
            .with_context(default_contract_id=contract.id)
            .create({"date_signed": "2026-12-15", "document": SIGNED_PDF})
        )
        wizard.action_confirm()

    @classmethod
    def _by_name(cls, contract, name):
        return contract.obligation_ids.filtered(lambda o: o.name == name)

    def _review_activities(self, obligation):
        activity_type = self.env.ref(EVIDENCE_ACTIVITY)
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", obligation._name),
                ("res_id", "=", obligation.id),
                ("activity_type_id", "=", activity_type.id),
            ]
        )

    def _snapshot(self, *obligations):
        """What a refused submission must leave untouched."""
        self.env.invalidate_all()
        return {
            obligation.id: (
                obligation.state,
                obligation.evidence_state,
                obligation.evidence_submitted_ids.ids,
                obligation.evidence_ids.ids,
                obligation.evidence_refusal_reason,
                len(obligation.message_ids),
                len(obligation.activity_ids),
                self.env["ir.attachment"].search_count(
                    [
                        ("res_model", "=", obligation._name),
                        ("res_id", "=", obligation.id),
                    ]
                ),
            )
            for obligation in obligations
        }


@tagged("post_install", "-at_install")
class TestPortalObligationRoutes(HttpCase, PortalObligationCommon, JsonRpcProbeMixin):
    def _get(self, url):
        return self.url_open(url, allow_redirects=False)

    def _submit(self, obligation, files, contract=None, csrf=True, **data):
        contract = contract or obligation.contract_id
        if csrf:
            data["csrf_token"] = http.Request.csrf_token(self)
        return self.url_open(
            f"/my/contracts/{contract.id}/obligations/{obligation.id}/evidence",
            data=data,
            files=[("evidence_files", file) for file in files],
            allow_redirects=False,
        )

    PDF = ("certificate.pdf", b"%PDF-1.4 certificate", "application/pdf")
    PHOTO = ("stamp.png", b"\x89PNG\r\n\x1a\n stamp", "image/png")

    # ------------------------------------------------------------------
    # The page
    # ------------------------------------------------------------------
    def test_page_shows_the_customer_obligations_only(self):
        self.report.with_user(self.contract_user).write(
            {"description": "Our own checklist of the visits"}
        )
        self.authenticate("azure_evidence", "azure_evidence")
        response = self._get(self.contract.access_url)
        self.assertEqual(response.status_code, 200)
        page = response.text
        self.assertIn("Your obligations", page)
        for obligation in self.insurance | self.statements | self.certificate:
            self.assertIn(f'id="obligation_{obligation.id}"', page)
            self.assertIn(
                escape(format_date(self.env, obligation.date_due)),
                page,
                obligation.name,
            )
        self.assertIn("Fire safety certificate", page)
        self.assertIn(escape("The certificate of the building's inspection."), page)
        self.assertIn("The meter readings of the quarter.", page)
        self.assertIn("To Do", page)
        self.assertIn("No evidence submitted yet.", page)
        self.assertIn(f"/obligations/{self.certificate.id}/evidence", page)
        # Never our own obligations, never the internal note nor the owner.
        self.assertNotIn("Quarterly service report", page)
        self.assertNotIn("Handover meeting", page)
        self.assertNotIn("Our own checklist", page)
        self.assertNotIn("INTERNAL", page)
        self.assertNotIn(f'id="obligation_{self.report.id}"', page)
        self.assertNotIn("2027-03-01", page)

        # The other customer sees none of them on his own contract's page.
        self.authenticate("deco_evidence", "deco_evidence")
        other = self._get(self.other_contract.access_url).text
        self.assertIn(f'id="obligation_{self.other_insurance.id}"', other)
        self.assertNotIn(f'id="obligation_{self.certificate.id}"', other)
        self.assertNotIn("Fire safety certificate", other)

    @mute_logger("odoo.addons.base.models.ir_model", "odoo.addons.base.models.ir_rule")
    def test_page_with_the_link_and_for_our_users(self):
        token = self.contract._portal_ensure_token()
        self.authenticate(None, None)
        page = self._get(f"{self.contract.access_url}?access_token={token}").text
        self.assertIn("Fire safety certificate", page)
        self.assertIn(f'name="access_token" value="{token}"', page)
        # Our own user reads the page, but submits nothing for the customer.
        self.authenticate("contract_user", "contract_user")
        page = self._get(self.contract.access_url).text
        self.assertIn("Fire safety certificate", page)
        self.assertNotIn(f"/obligations/{self.certificate.id}/evidence", page)

    # ------------------------------------------------------------------
    # Submit, accept, refuse
    # ------------------------------------------------------------------
    def test_submit_then_accept(self):
        obligation = self.certificate
        self.authenticate("azure_evidence", "azure_evidence")
        response = self._submit(
            obligation, [self.PDF, self.PHOTO], note="Inspected on 12 February."
        )
        self.assertEqual(response.status_code, 303)
        self.assertTrue(
            response.headers["Location"].endswith(
                f"{self.contract.access_url}#obligation_{obligation.id}"
            )
        )
        obligation.invalidate_recordset()
        self.assertEqual(obligation.state, "todo")
        self.assertEqual(obligation.evidence_state, "submitted")
        self.assertEqual(obligation.evidence_submitted_by_id, self.signatory)
        self.assertEqual(obligation.evidence_customer_note, "Inspected on 12 February.")
        self.assertTrue(obligation.evidence_submitted_on)
        files = obligation.evidence_submitted_ids
        self.assertEqual(sorted(files.mapped("name")), ["certificate.pdf", "stamp.png"])
        self.assertEqual(set(files.mapped("res_model")), {obligation._name})
        self.assertEqual(set(files.mapped("res_id")), {obligation.id})
        self.assertIn("submitted on the portal by", files[0].description)
        self.assertFalse(obligation.evidence_ids, "not accepted yet")
        activity = self._review_activities(obligation)
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.contract_user)
        message = obligation.message_ids.filtered(
            lambda m: m.author_id == self.signatory and m.message_type == "comment"
        )
        self.assertEqual(len(message), 1)
        self.assertEqual(message.attachment_ids, files)
        self.assertIn("Inspected on 12 February.", message.body)
        page = self._get(self.contract.access_url).text
        self.assertIn("awaiting our review", page)
        self.assertIn("certificate.pdf", page)

        # More files while it waits: added to the same review.
        self._submit(obligation, [("annex.pdf", b"%PDF annex", "application/pdf")])
        obligation.invalidate_recordset()
        self.assertEqual(len(obligation.evidence_submitted_ids), 3)
        self.assertEqual(len(self._review_activities(obligation)), 1)

        # The owner, a contract user, accepts it: done.
        obligation.with_user(self.contract_user).action_accept_evidence()
        self.assertRecordValues(
            obligation,
            [
                {
                    "state": "done",
                    "evidence_state": "accepted",
                    "done_by_id": self.contract_user.id,
                }
            ],
        )
        self.assertEqual(obligation.evidence_ids, obligation.evidence_submitted_ids)
        self.assertFalse(self._review_activities(obligation))
        last = self.contract.message_ids[:1]
        self.assertIn("Your evidence was accepted", last.body)
        self.assertIn(self.signatory, last.partner_ids)
        page = self._get(self.contract.access_url).text
        self.assertIn("Evidence accepted", page)
        self.assertNotIn(f"/obligations/{obligation.id}/evidence", page)

    def test_refused_then_submitted_again(self):
        obligation = self.certificate
        self.authenticate("azure_evidence", "azure_evidence")
        self._submit(obligation, [self.PDF])
        wizard_action = obligation.with_user(
            self.contract_user
        ).action_open_refuse_evidence_wizard()
        wizard = (
            self.env[wizard_action["res_model"]]
            .with_user(self.contract_user)
            .with_context(**wizard_action["context"])
            .create({"reason": "The certificate expired in 2025"})
        )
        wizard.action_confirm()
        self.assertRecordValues(
            obligation,
            [
                {
                    "state": "todo",
                    "evidence_state": "refused",
                    "evidence_refusal_reason": "The certificate expired in 2025",
                }
            ],
        )
        self.assertFalse(self._review_activities(obligation))
        last = self.contract.message_ids[:1]
        self.assertIn("The certificate expired in 2025", last.body)
        self.assertIn("was refused", last.body)
        self.assertIn(self.signatory, last.partner_ids)

        page = self._get(self.contract.access_url).text
        self.assertIn("Your evidence was refused.", page)
        self.assertIn("The certificate expired in 2025", page)
        self.assertIn(f"/obligations/{obligation.id}/evidence", page)

        self._submit(obligation, [("renewed.pdf", b"%PDF renewed", "application/pdf")])
        obligation.invalidate_recordset()
        self.assertEqual(obligation.evidence_state, "submitted")
        self.assertFalse(obligation.evidence_refusal_reason)
        self.assertEqual(
            obligation.evidence_submitted_ids.mapped("name"), ["renewed.pdf"]
        )
        self.assertEqual(len(self._review_activities(obligation)), 1)

    def test_submit_with_the_link(self):
        token = self.contract._portal_ensure_token()
        self.authenticate(None, None)
        response = self._submit(self.certificate, [self.PDF], access_token=token)
        self.assertEqual(response.status_code, 303)
        self.assertIn(f"access_token={token}", response.headers["Location"])
        self.certificate.invalidate_recordset()
        self.assertEqual(self.certificate.evidence_state, "submitted")
        # As the contract's customer, like a comment posted with the link.
        self.assertEqual(self.certificate.evidence_submitted_by_id, self.customer)

    # ------------------------------------------------------------------
    # Refusals: nothing changes
    # ------------------------------------------------------------------
    @mute_logger(
        "odoo.addons.base.models.ir_model",
        "odoo.addons.base.models.ir_rule",
        "odoo.http",
    )
    def test_refused_submissions_change_nothing(self):
        token = self.contract._portal_ensure_token()
        other_token = self.other_contract._portal_ensure_token()
        self.certificate.with_user(self.contract_user).action_done()
        probes = (self.insurance, self.certificate, self.report, self.other_insurance)
        before = self._snapshot(*probes)

        def assertRedirected(response, where):
            self.assertEqual(response.status_code, 303)
            self.assertTrue(response.headers["Location"].endswith(where))

        # The portal user of another customer, with or without his own token.
        self.authenticate("deco_evidence", "deco_evidence")
        assertRedirected(self._submit(self.insurance, [self.PDF]), "/my")
        assertRedirected(
            self._submit(self.insurance, [self.PDF], access_token=other_token), "/my"
        )
        # His own contract's link, with an obligation of Azure's contract.
        assertRedirected(
            self._submit(
                self.insurance,
                [self.PDF],
                contract=self.other_contract,
                access_token=other_token,
            ),
            self.other_contract.access_url + f"?access_token={other_token}",
        )
        # A visitor without the link, or with a wrong one.
        self.authenticate(None, None)
        assertRedirected(self._submit(self.insurance, [self.PDF]), "/my")
        assertRedirected(
            self._submit(self.insurance, [self.PDF], access_token="wrong"), "/my"
        )
        # Our own user, who can read the contract, is not the customer.
        self.authenticate("contract_user", "contract_user")
        assertRedirected(self._submit(self.insurance, [self.PDF]), "/my")

        self.authenticate("azure_evidence", "azure_evidence")
        # An obligation of another contract passed with this contract.
        assertRedirected(
            self._submit(self.other_insurance, [self.PDF], contract=self.contract),
            self.contract.access_url,
        )
        # With this contract's link, an anonymous visitor neither.
        self.authenticate(None, None)
        assertRedirected(
            self._submit(
                self.other_insurance,
                [self.PDF],
                contract=self.contract,
                access_token=token,
            ),
            f"?access_token={token}",
        )
        self.authenticate("azure_evidence", "azure_evidence")
        # Our own obligation.
        assertRedirected(
            self._submit(self.report, [self.PDF]), self.contract.access_url
        )
        # Without the CSRF token of the session.
        self.assertEqual(
            self._submit(self.insurance, [self.PDF], csrf=False).status_code, 400
        )
        # An obligation already done.
        done = self._submit(self.certificate, [self.PDF])
        self.assertEqual(done.status_code, 400)
        self.assertIn("is Done: &#34;Submit Evidence&#34; is not possible", done.text)
        # An empty file, or no file at all.
        empty = self._submit(
            self.insurance, [self.PDF, ("empty.pdf", b"", "application/pdf")]
        )
        self.assertEqual(empty.status_code, 400)
        self.assertIn(escape('The file "empty.pdf" is empty'), empty.text)
        self.assertIn("o_obligation_evidence_error", empty.text)
        nothing = self._submit(self.insurance, [])
        self.assertEqual(nothing.status_code, 400)
        self.assertIn("Choose the file proving", nothing.text)

        self.assertEqual(self._snapshot(*probes), before)

    @mute_logger("odoo.http")
    def test_portal_user_cannot_review_over_rpc(self):
        obligation = self.certificate
        self.authenticate("azure_evidence", "azure_evidence")
        self._submit(obligation, [self.PDF])
        before = self._snapshot(obligation)
        for method, args in (
            ("action_accept_evidence", [[obligation.id]]),
            ("write", [[obligation.id], {"evidence_state": "accepted"}]),
            ("action_done", [[obligation.id]]),
            ("action_open_refuse_evidence_wizard", [[obligation.id]]),
            ("read", [[obligation.id], ["evidence_submitted_ids"]]),
        ):
            refusal = self.assertRpcRefused(obligation._name, method, args, ".")
            self.assertEqual(refusal.name, "odoo.exceptions.AccessError", method)
        self.assertRpcRefused(
            obligation._name, "_refuse_evidence", [[obligation.id], "no"], "."
        )
        self.assertRpcRefused(
            "customer.contract.obligation.refuse.wizard",
            "create",
            [{"obligation_id": obligation.id, "reason": "mine"}],
            ".",
        )
        self.assertEqual(self._snapshot(obligation), before)


@tagged("post_install", "-at_install")
class TestPortalObligationModel(PortalObligationCommon):
    def _submit(self, obligation, files=None, partner=None, note=None):
        """Submit as the portal route does: the obligation sudoed in the
        portal user's environment."""
        return (
            obligation.with_user(self.portal_user)
            .sudo()
            ._portal_submit_evidence(
                files or [("proof.pdf", b"%PDF proof")],
                partner or self.signatory,
                note=note,
            )
        )

    @freeze_time("2027-02-01")
    def test_accepting_a_recurring_obligation_follows_the_recurrence(self):
        first, second = self.statements.sorted("date_due")[:2]
        count = len(self.contract.obligation_ids)
        self._submit(first)
        first.with_user(self.contract_user).action_accept_evidence()
        self.assertEqual(first.state, "done")
        self.assertEqual(first.date_done, date(2027, 2, 1))
        # The occurrences were planned at the signature: the next one waits,
        # none is added.
        self.contract.invalidate_recordset(["obligation_ids"])
        self.assertEqual(len(self.contract.obligation_ids), count)
        self.assertRecordValues(
            second,
            [{"state": "todo", "evidence_state": "none", "date_due": date(2027, 4, 1)}],
        )

    def test_evidence_submitted_in_time_is_not_missed(self):
        insurance, certificate = self.insurance, self.certificate
        with freeze_time("2027-01-14 10:00:00"):
            self._submit(insurance)
            self._submit(certificate)
        with freeze_time("2027-03-05"):
            # Past their due dates, waiting for the owner's review.
            self._run_obligation_cron(insurance, certificate)
            self.assertEqual((insurance | certificate).mapped("state"), ["todo"] * 2)
            self.assertEqual(self.statements.sorted("date_due")[0].state, "missed")
            insurance.with_user(self.contract_user).action_accept_evidence()
            self.assertRecordValues(
                insurance,
                [{"state": "done", "date_done": date(2027, 1, 14), "is_on_time": True}],
            )
            # Refused: nothing stands for the obligation any more.
            certificate.with_user(self.contract_user)._refuse_evidence("Unreadable")
            self._run_obligation_cron(certificate)
            self.assertEqual(certificate.state, "missed")
            self.assertEqual(certificate.evidence_state, "refused")

    def test_evidence_awaiting_review_is_not_late(self):
        """Compliance follows the daily action: evidence the customer
        submitted holds the obligation until the owner reviews it."""
        insurance, contract = self.insurance, self.contract
        with freeze_time("2027-01-14 10:00:00"):
            self._submit(insurance)
            self._submit(self.certificate)
        with freeze_time("2027-03-05"):
            # One obligation done, so that the score counts the late ones.
            self.certificate.with_user(self.contract_user).action_accept_evidence()
            insurance.invalidate_recordset(["is_overdue"])
            self.assertFalse(insurance.is_overdue)
            contract._compute_compliance()
            score = contract.compliance_score
            insurance.with_user(self.contract_user)._refuse_evidence("Unreadable")
            insurance.invalidate_recordset(["is_overdue"])
            self.assertTrue(insurance.is_overdue)
            contract._compute_compliance()
            self.assertLess(contract.compliance_score, score)
            self.assertEqual(contract.compliance_status, "breach")

    @freeze_time("2027-03-10")
    def test_late_evidence_of_a_missed_obligation(self):
        obligation = self.certificate
        with obligation._workflow():
            obligation.state = "missed"
        self._submit(obligation)
        obligation.with_user(self.contract_user).action_accept_evidence()
        self.assertEqual(obligation.state, "done")
        self.assertFalse(obligation.is_on_time)

    @freeze_time("2027-01-10")
    def test_review_buttons_and_refusals(self):
        obligation = self.certificate.with_user(self.contract_user)
        self.assertEqual(
            self.assertHeader(obligation, self.contract_user, "action_done"),
            ["action_done", "action_waive"],
        )
        with self.assertRefused(UserError, "no evidence to review"):
            obligation.action_accept_evidence()
        with self.assertRefused(UserError, "no evidence to review"):
            obligation._refuse_evidence("Not readable")
        self._submit(obligation, note="Here it is")
        self.assertEqual(
            self.assertHeader(obligation, self.contract_user, "action_accept_evidence"),
            ["action_accept_evidence", "action_open_refuse_evidence_wizard"],
        )
        before = self._snapshot(obligation)
        with self.assertRefused(UserError, "accept it or refuse it first"):
            obligation.action_done()
        obligation.note = "Agreed by phone"
        with self.assertRefused(UserError, "accept it or refuse it first"):
            obligation.action_waive()
        obligation.note = False
        with self.assertRefused(UserError, "Say why the evidence"):
            obligation._refuse_evidence("   ")
        self.assertEqual(self._snapshot(obligation), before)
        # The owner's evidence, added by hand, is not the customer's.
        with self.assertRefused(UserError, "set by the workflow only"):
            obligation.write({"evidence_state": "accepted"})
        with self.assertRefused(UserError, "set by the workflow only"):
            obligation.write({"evidence_refusal_reason": "forged"})
        with self.assertRefused(UserError, "set by the workflow only"):
            obligation.create(
                {
                    "contract_id": self.contract.id,
                    "name": "Forged",
                    "party": "customer",
                    "date_due": "2027-05-01",
                    "evidence_state": "accepted",
                }
            )
        self.assertEqual(self._snapshot(obligation), before)

        obligation.action_accept_evidence()
        self.assertEqual(
            self.assertHeader(obligation, self.contract_user), ["action_reset"]
        )
        # Reset: the acceptance is undone, the customer may submit again.
        obligation.action_reset()
        self.assertRecordValues(
            obligation, [{"state": "todo", "evidence_state": "none"}]
        )
        self.assertTrue(obligation._can_submit_evidence())

    @freeze_time("2027-02-01")
    def test_termination_drops_the_review(self):
        """Terminated before its due date, the obligation is waived: the
        evidence waiting for review is no longer reviewed."""
        self._submit(self.certificate)
        self.assertTrue(self._review_activities(self.certificate))
        self.contract.with_user(self.contract_user)._action_terminate(
            "The site is sold", date(2027, 2, 1)
        )
        self.assertEqual(self.certificate.state, "waived")
        self.assertFalse(self._review_activities(self.certificate))
        html = str(self._render_obligations(self.contract))
        self.assertNotIn("awaiting our review", html)

    @freeze_time("2026-12-01")
    def test_nothing_shown_before_the_signature(self):
        contract = self._create_contract(name="Under negotiation")
        contract.action_negotiate()
        obligation = (
            self.env["customer.contract.obligation"]
            .with_user(self.contract_user)
            .create(
                {
                    "contract_id": contract.id,
                    "name": "Site access badges",
                    "party": "customer",
                    "date_due": "2027-02-01",
                }
            )
        )
        Obligation = self.env["customer.contract.obligation"]
        self.assertFalse(Obligation._get_portal_obligations(contract.sudo()))
        self.assertFalse(obligation._can_submit_evidence())
        self.assertNotIn("Site access badges", str(self._render_obligations(contract)))
        with self.assertRefused(UserError, "is not signed"):
            self._submit(obligation)
        self.assertEqual(obligation.evidence_state, "none")

    @freeze_time("2027-01-10")
    def test_portal_user_has_no_access_to_obligations(self):
        self._submit(self.certificate)
        obligation = self.certificate.with_user(self.portal_user)
        with self.assertRaises(AccessError):
            obligation.action_accept_evidence()
        with self.assertRaises(AccessError):
            obligation._refuse_evidence("mine")
        with self.assertRaises(AccessError):
            obligation.write({"evidence_state": "accepted"})
        with self.assertRaises(AccessError):
            obligation.read(["name"])
        self.assertEqual(self.certificate.evidence_state, "submitted")

    @freeze_time("2027-01-10")
    def test_bad_files(self):
        obligation = self.certificate
        before = self._snapshot(obligation)
        with self.assertRefused(UserError, "Choose the file proving"):
            obligation.with_user(self.portal_user).sudo()._portal_submit_evidence(
                [], self.signatory
            )
        with self.assertRefused(UserError, 'The file "empty.txt" is empty'):
            self._submit(obligation, [("ok.pdf", b"%PDF"), ("empty.txt", b"")])
        self.env["ir.config_parameter"].set_param("web.max_file_upload_size", 10)
        with self.assertRefused(
            UserError, r"is 14.00 bytes, more than the 10.00 bytes"
        ):
            self._submit(obligation, [("big.pdf", b"%PDF 123456789")])
        with self.assertRefused(UserError, "ours to fulfil"):
            self._submit(self.report)
        self.assertEqual(self._snapshot(obligation), before)
        # A page of HTML is stored as text: never served as a page of ours.
        self.env["ir.config_parameter"].set_param("web.max_file_upload_size", "")
        [attachment] = self._submit(
            obligation, [("proof.html", b"<html><script>alert(1)</script></html>")]
        )
        self.assertEqual(attachment.mimetype, "text/plain")

    def _render_obligations(self, contract):
        return self.env["ir.qweb"]._render(
            "customer_contract.portal_contract_obligations",
            {"contract": contract.sudo(), "evidence_can_submit": False},
        )

    @freeze_time("2027-01-10")
    def test_page_queries_do_not_grow_with_obligations(self):
        # A few obligations (1 insurance + 4 statements + 1 certificate), with
        # evidence submitted on some; then three times as many.
        self._submit(self.certificate)
        self._submit(self.insurance)

        def count_queries(contract):
            self.env.invalidate_all()
            self._render_obligations(contract)  # warm the template
            self.env.invalidate_all()
            start = self.env.cr.sql_log_count
            html = self._render_obligations(contract)
            return self.env.cr.sql_log_count - start, html

        few, html = count_queries(self.contract)
        self.assertEqual(html.count("o_contract_portal_obligation"), 6)
        Obligation = self.env["customer.contract.obligation"].with_user(
            self.contract_user
        )
        added = Obligation.create(
            [
                {
                    "contract_id": self.contract.id,
                    "name": f"Monthly report {month}",
                    "party": "customer",
                    "date_due": f"2027-{month:02d}-20",
                }
                for month in range(1, 13)
            ]
        )
        for obligation in added[:4]:
            self._submit(obligation)
        many, html = count_queries(self.contract)
        self.assertEqual(html.count("o_contract_portal_obligation"), 18)
        self.assertEqual(many, few)
