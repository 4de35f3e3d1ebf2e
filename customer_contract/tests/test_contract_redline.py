# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from lxml import etree
from lxml import html as lxml_html

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import Form, HttpCase, freeze_time, tagged

from ..tools.html_diff import html_word_diff, marked_words
from .access_common import JsonRpcProbeMixin
from .test_contract_amendment import AmendmentCommon

AMENDMENT_REPORT = "customer_contract.customer_contract_amendment_report_action"

# Before and after a change of a clause, with the words the comparison marks
# added and removed (in reading order), and a piece of markup it must hold.
REDLINE_CASES = [
    (
        "sentence appended",
        "<p>The Customer pays monthly, by bank transfer.</p>",
        "<p>The Customer pays monthly, by bank transfer. Late payments bear "
        "interest at 1% per month.</p>",
        ["Late payments bear interest at 1% per month."],
        [],
        None,
    ),
    (
        "number changed",
        "<p>The Provider visits the site 4 times a year.</p>",
        "<p>The Provider visits the site 6 times a year.</p>",
        ["6"],
        ["4"],
        None,
    ),
    (
        "paragraph removed",
        "<p>Either party may terminate the contract.</p>"
        "<p>Notice is given by registered letter.</p>"
        "<p>This clause survives the contract.</p>",
        "<p>Either party may terminate the contract.</p>"
        "<p>This clause survives the contract.</p>",
        [],
        ["Notice is given by registered letter."],
        # A paragraph of its own, between the two kept.
        "<p>Either party may terminate the contract.</p>"
        "<p><removed>Notice is given by registered letter.</removed></p>"
        "<p>This clause survives the contract.</p>",
    ),
    (
        "paragraphs swapped",
        "<p>Support is given by phone and e-mail.</p>"
        "<p>Visits are planned each month.</p>",
        "<p>Visits are planned each month.</p>"
        "<p>Support is given by phone and e-mail.</p>",
        # The shorter paragraph moves: shown added where it now stands and
        # removed where it stood.
        ["Visits are planned each month."],
        ["Visits are planned each month."],
        "<p><added>Visits are planned each month.</added></p>"
        "<p>Support is given by phone and e-mail.</p>"
        "<p><removed>Visits are planned each month.</removed></p>",
    ),
    (
        "formatting only",
        "<p>Invoices are payable within 30 days of their date.</p>",
        "<p>Invoices are payable <strong>within 30 days</strong> of their "
        "<em>date</em>.</p>",
        [],
        [],
        "<strong>within 30 days</strong>",
    ),
    (
        "list",
        "<ul><li>Preventive maintenance</li><li>Spare parts</li><li>Hotline</li></ul>",
        "<ul><li>Preventive maintenance</li><li>Hotline from 8 to 18</li></ul>",
        ["from 8 to 18"],
        ["Spare parts"],
        "<li>Preventive maintenance</li><li><removed>Spare parts</removed></li>"
        "<li>Hotline <added>from 8 to 18</added></li>",
    ),
    (
        "table",
        "<table><tbody><tr><td>Visits</td><td>4</td></tr>"
        "<tr><td>Spare parts</td><td>included</td></tr></tbody></table>",
        "<table><tbody><tr><td>Visits</td><td>6</td></tr></tbody></table>",
        ["6"],
        ["4", "Spare parts", "included"],
        # The deleted row is a row of its own, after the row kept.
        "<tr><td>Visits</td><td><removed>4</removed> <added>6</added></td></tr>"
        "<tr><td><removed>Spare parts</removed></td>"
        "<td><removed>included</removed></td></tr>",
    ),
]


def _clause_comparisons(html, section=None):
    """The marked text of each clause in a comparison rendered as HTML
    (``section``: only within the element of that name)."""
    root = lxml_html.fromstring(html)
    if section:
        (root,) = root.xpath(f"//*[@name='{section}']")
    return root.xpath(".//div[@name='diff_clause_text']")


def _marks(element):
    inner = (element.text or "") + "".join(
        etree.tostring(child, encoding="unicode") for child in element
    )
    return marked_words(inner)


@tagged("post_install", "-at_install")
class TestHtmlWordDiff(AmendmentCommon):
    """The comparison of two texts of a clause, word by word."""

    def test_cases(self):
        for name, before, after, added, removed, markup in REDLINE_CASES:
            with self.subTest(name):
                diff = html_word_diff(before, after)
                self.assertEqual(marked_words(diff), (added, removed))
                # Well-formed: it parses as XML.
                etree.fromstring(f"<div>{diff}</div>")
                if markup:
                    self.assertIn(markup, diff)
                # Without the words removed it is the new text, without the
                # words added the old one.
                for drop, text in (("removed", after), ("added", before)):
                    root = lxml_html.fragment_fromstring(str(diff), "div")
                    for node in list(root.iter(drop)):
                        node.drop_tree()
                    self.assertEqual(
                        " ".join(" ".join(root.itertext()).split()).replace(" .", "."),
                        " ".join(
                            " ".join(
                                lxml_html.fragment_fromstring(text, "div").itertext()
                            ).split()
                        ).replace(" .", "."),
                    )

    def test_text_is_escaped(self):
        diff = html_word_diff(
            "<p>Payment terms</p>",
            '<p onclick="steal()">Payment &lt;img src=x onerror=alert(1)&gt; '
            '<a href="javascript:alert(1)">terms</a></p><script>alert(2)</script>',
        )
        root = lxml_html.fragment_fromstring(str(diff), "div")
        self.assertFalse(root.xpath("//img|//script|//*[@onclick]|//*[@href]"))
        self.assertIn("<added>&lt;img src=x onerror=alert(1)&gt;</added>", diff)
        self.assertNotIn("alert(2)", diff)
        self.assertEqual(marked_words(diff), (["<img src=x onerror=alert(1)>"], []))

    def test_empty_texts(self):
        self.assertEqual(
            marked_words(html_word_diff("", "<p>New text.</p>")), (["New text."], [])
        )
        self.assertEqual(
            str(html_word_diff("<p>Old text.</p>", "")),
            "<p><removed>Old text.</removed></p>",
        )
        self.assertEqual(str(html_word_diff("", "")), "")


@tagged("post_install", "-at_install")
class TestContractRedline(AmendmentCommon):
    def _report_html(self, amendment):
        report = self.env["ir.actions.report"].with_user(self.contract_user)
        html, report_type = report._render_qweb_html(AMENDMENT_REPORT, amendment.ids)
        self.assertEqual(report_type, "html")
        return html.decode()

    def _compare_versions_html(self, contract):
        """The comparison of the first version with the current terms, as
        the contract user opens it from the contract."""
        contract = contract.with_user(self.contract_user)
        action = contract.version_ids[:1].action_compare()
        with Form.from_action(contract.env, action) as wizard:
            return str(wizard.diff_html)

    # ------------------------------------------------------------------
    # The comparison of clauses, the same in the three places
    # ------------------------------------------------------------------
    def test_clause_redline_everywhere(self):
        with freeze_time("2027-02-15"):
            contract = self._signed_contract(
                clause_ids=[
                    Command.create({"name": name, "sequence": index, "body": before})
                    for index, (name, before, *_rest) in enumerate(REDLINE_CASES)
                ]
            )
            amendment = self._amend(contract)
            for clause, (_name, _before, after, *_rest) in zip(
                amendment.clause_ids, REDLINE_CASES, strict=True
            ):
                clause.body = after
            places = {"form": str(amendment.diff_html)}
            places["report"] = self._report_html(amendment)
            self._sign_amendment(amendment)
            self._apply(amendment)
        places["version comparison"] = self._compare_versions_html(contract)
        places["applied amendment"] = str(amendment.diff_html)
        for place, html in places.items():
            section = "schedule_changes" if place == "report" else None
            comparisons = _clause_comparisons(html, section)
            self.assertEqual(len(comparisons), len(REDLINE_CASES), place)
            for comparison, (name, _before, _after, added, removed, _markup) in zip(
                comparisons, REDLINE_CASES, strict=True
            ):
                with self.subTest(place=place, case=name):
                    self.assertEqual(_marks(comparison), (added, removed))

    def test_reported_price_and_payment_case(self):
        """A clause rendered from the library, with a placeholder: one
        sentence appended by hand is all the comparison marks."""
        price = self.env["customer.contract.clause"].create(
            {
                "name": "Price and Payment",
                "category": "payment",
                "body": "<p>The Customer pays a total of <strong>"
                '<t t-out="format_amount(object.amount_total, object.currency_id)"/>'
                "</strong> for the term, invoiced quarterly in advance.</p>",
            }
        )
        self.template.clause_ids = [Command.link(price.id)]
        sentence = "Late payments bear interest at 1% per month."
        with freeze_time("2027-02-15"):
            contract = self._signed_contract()
            clause = contract.clause_ids.filtered(
                lambda c: c.name == "Price and Payment"
            )
            self.assertIn("200.00</strong> for the term", clause.body)
            action = contract.with_user(self.contract_user).action_amend()
            with Form.from_action(
                contract.with_user(self.contract_user).env, action
            ) as form:
                form.reason = "Late payment interest"
                index = [c.name for c in contract.clause_ids].index("Price and Payment")
                with form.clause_ids.edit(index) as line:
                    line.body = str(clause.body).replace(
                        "in advance.</p>", f"in advance. {sentence}</p>"
                    )
            amendment = form.record
            self.assertEqual(amendment.clause_ids[index].review_state, "edited")
            places = {
                "form": str(amendment.diff_html),
                "report": self._report_html(amendment),
            }
            self._sign_amendment(amendment)
            self._apply(amendment)
        places["version comparison"] = self._compare_versions_html(contract)
        for place, html in places.items():
            with self.subTest(place=place):
                root = lxml_html.fromstring(html)
                if place == "report":
                    (root,) = root.xpath("//*[@name='schedule_changes']")
                # Nothing else is marked, anywhere in the comparison.
                self.assertEqual(
                    marked_words(etree.tostring(root, encoding="unicode")),
                    ([sentence], []),
                )
                (comparison,) = root.xpath(".//div[@name='diff_clause_text']")
                text = " ".join(comparison.text_content().split())
                self.assertEqual(
                    text,
                    "The Customer pays a total of $ 200.00 for the term, invoiced "
                    f"quarterly in advance. {sentence}",
                )
                self.assertEqual(
                    root.text_content().count("The Customer pays a total of"), 1
                )
                if place == "report":
                    # Stated in full, unmarked, in the amendment itself.
                    self.assertIn(
                        "is replaced by the following: 3. Price and Payment The "
                        "Customer pays a total of $ 200.00 for the term, invoiced "
                        f"quarterly in advance. {sentence}",
                        " ".join(lxml_html.fromstring(html).text_content().split()),
                    )

    # ------------------------------------------------------------------
    # The amendment PDF, a legal document
    # ------------------------------------------------------------------
    def test_amendment_report_restates_the_changes(self):
        with freeze_time("2027-02-15"):
            contract = self._signed_contract(
                line_ids=[
                    Command.create(
                        {
                            "product_id": self.product_service.id,
                            "quantity": 2,
                            "price_unit": 100.0,
                        }
                    ),
                    Command.create(
                        {
                            "product_id": self.product_service.id,
                            "name": "Quarterly audit",
                            "quantity": 2,
                            "price_unit": 100.0,
                        }
                    ),
                ]
            )
            amendment = self._amend(
                contract, reason="Extension and new services", date_end="2028-12-31"
            )
            amendment.line_ids[1].unlink()
            amendment.line_ids[0].price_unit = 120.0
            parties, payment = amendment.clause_ids
            parties.unlink()
            payment.body = "<p>The customer pays monthly, by bank transfer.</p>"
            amendment.write(
                {
                    "line_ids": [
                        Command.create(
                            {
                                "product_id": self.product_support.id,
                                "name": "On-call support",
                                "quantity": 4,
                                "price_unit": 50.0,
                            }
                        )
                    ],
                    "clause_ids": [
                        Command.create(
                            {
                                "name": "Confidentiality",
                                "sequence": 20,
                                "body": "<p>Each party keeps the other's secrets.</p>",
                            }
                        )
                    ],
                }
            )
            amendment.message_post(
                body="Internal: the margin is thin, do not go lower.",
                subtype_xmlid="mail.mt_note",
            )
            html = self._report_html(amendment)
        self.assertIn("report_assets_common", html)
        root = lxml_html.fromstring(html)
        (schedule,) = root.xpath("//*[@name='schedule_changes']")
        schedule_text = " ".join(schedule.text_content().split())
        schedule_marks = schedule.xpath(".//added|.//removed")
        schedule.drop_tree()
        text = " ".join(root.text_content().split())
        self.assertIn("with effect from 03/01/2027", text)
        self.assertIn("The contract ends on 12/31/2028 instead of 12/31/2027.", text)
        self.assertIn(
            "The following line is added: On-call support, 4.00 Units at 50.00 per "
            "unit, that is $ 200.00.",
            text,
        )
        self.assertIn(
            "The following line is deleted: Quarterly audit (2.00 Units at 100.00 per "
            "unit, that is $ 200.00).",
            text,
        )
        self.assertIn(
            "The line Maintenance Service is changed: Unit Price 120.00 instead "
            "of 100.00 and Subtotal $ 240.00 instead of $ 200.00.",
            text,
        )
        self.assertIn(
            "The untaxed value of the contract is $ 440.00 instead of $ 400.00 "
            "(+$ 40.00).",
            text,
        )
        # Each clause by its number in the contract, amended ones in full.
        self.assertIn("Clause 1 (Parties) is deleted.", text)
        self.assertNotIn("This agreement binds", text)
        self.assertIn(
            "Clause 2 (Payment) is replaced by the following, as clause 1: "
            "1. Payment The customer pays monthly, by bank transfer.",
            text,
        )
        self.assertIn(
            "The following clause is added as clause 2: 2. Confidentiality "
            "Each party keeps the other's secrets.",
            text,
        )
        # The statement is plain text; the marks are in the schedule, after
        # the signatures.
        self.assertFalse(root.xpath("//added|//removed"))
        self.assertIn("Brandon Freeman", text)
        self.assertTrue(schedule_text.startswith("Schedule: changes"))
        self.assertTrue(schedule_marks)
        self.assertIn("This agreement binds", schedule_text)
        self.assertTrue(
            html.index('name="signatures"') < html.index('name="schedule_changes"')
        )
        # For the customer: no internal note, no approval.
        self.assertNotIn("margin is thin", html)
        self.assertNotIn("Approval", html)

    def test_report_uses_the_diff_styles(self):
        """The marks of the schedule are styled in the PDF too."""
        paths = [
            asset[0]
            for asset in self.env["ir.asset"]._get_asset_paths(
                "web.report_assets_common", {}
            )
        ]
        self.assertIn(
            "customer_contract/static/src/scss/customer_contract_diff.scss",
            [path.lstrip("/") for path in paths],
        )

    # ------------------------------------------------------------------
    # A new amendment
    # ------------------------------------------------------------------
    def test_new_amendment_shows_current_value_no_warning(self):
        with freeze_time("2027-02-15"):
            contract = self._signed_contract(lines=2)
            self.assertEqual(contract.amount_untaxed, 400.0)
            contract_env = contract.with_user(self.contract_user).env
            with Form.from_action(
                contract_env, contract.with_user(self.contract_user).action_amend()
            ) as form:
                self.assertEqual(form.amount_base, 400.0)
                self.assertEqual(form.amount_untaxed, 400.0)
                self.assertEqual(form.amount_delta, 0.0)
                self.assertEqual(form.base_version, 1)
                self.assertFalse(form.is_stale)
                form.reason = "More visits"
                with form.line_ids.edit(0) as line:
                    line.price_unit = 150.0
                self.assertEqual(form.amount_delta, 100.0)
                self.assertFalse(form.is_stale)
            amendment = form.record
            self.assertEqual(amendment.amount_base, 400.0)
            self.assertEqual(amendment.base_version, 1)
            self.assertFalse(amendment.is_stale)
            self._sign_amendment(amendment)
            self._apply(amendment)
            # On the next version, the same: its value and no warning.
            with Form.from_action(
                contract_env, contract.with_user(self.contract_user).action_amend()
            ) as form:
                self.assertEqual(form.amount_base, 500.0)
                self.assertEqual(form.base_version, 2)
                self.assertFalse(form.is_stale)
                form.reason = "Fewer visits"
                with form.line_ids.edit(0) as line:
                    line.price_unit = 110.0
            # An amendment drafted before the contract changed is stale.
            stale = self._amend(contract)
            other = self._amend(contract)
            other.line_ids[0].price_unit = 90.0
            self._sign_amendment(other)
            self._apply(other)
            self.assertTrue(stale.is_stale)
            view = self.env.ref(
                "customer_contract.customer_contract_amendment_view_form"
            )
            self.assertIn('invisible="not is_stale"', view.arch_db)

    # ------------------------------------------------------------------
    # Effective date
    # ------------------------------------------------------------------
    @freeze_time("2026-12-07")
    def test_effective_date_defaults_to_the_contract_start(self):
        contract = self._signed_contract()
        self.assertEqual(contract.state, "signed")
        self.assertEqual(contract.date_start, date(2027, 1, 1))
        contract_env = contract.with_user(self.contract_user).env
        with Form.from_action(
            contract_env, contract.with_user(self.contract_user).action_amend()
        ) as form:
            self.assertEqual(form.date_effective, date(2027, 1, 1))
            form.reason = "Price review"
        self.assertEqual(form.record.date_effective, date(2027, 1, 1))
        amendment = self._amend(contract, date_effective=False)
        self.assertEqual(amendment.date_effective, date(2027, 1, 1))

    @freeze_time("2027-02-15")
    def test_effective_date_defaults_to_today_once_started(self):
        contract = self._signed_contract()
        self.assertEqual(contract.state, "active")
        contract_env = contract.with_user(self.contract_user).env
        with Form.from_action(
            contract_env, contract.with_user(self.contract_user).action_amend()
        ) as form:
            self.assertEqual(form.date_effective, date(2027, 2, 15))
            form.reason = "Price review"
        amendment = self._amend(contract, date_effective=False)
        self.assertEqual(amendment.date_effective, date(2027, 2, 15))

    @freeze_time("2026-12-07")
    def test_effective_date_within_the_term(self):
        contract = self._signed_contract()
        amendments = self.env["customer.contract.amendment"]
        for when, term in (
            ("2026-12-07", "from 01/01/2027 to 12/31/2027"),
            ("2028-01-01", "from 01/01/2027 to 12/31/2027"),
        ):
            with self.assertRefused(
                ValidationError,
                rf"takes effect on .*, outside the term of the contract \({term}\)",
            ):
                self._amend(contract, date_effective=when)
        self.assertFalse(amendments.search([("contract_id", "=", contract.id)]))
        amendment = self._amend(contract, date_effective="2027-06-01")
        # Written by a remote call as well.
        with self.assertRefused(ValidationError, "outside the term of the contract"):
            amendment.with_user(self.contract_user).write(
                {"date_effective": "2026-12-07"}
            )
        self.assertEqual(amendment.date_effective, date(2027, 6, 1))
        # The term is the amended one: extended, a later date fits.
        amendment.with_user(self.contract_user).write(
            {"date_end": "2028-12-31", "date_effective": "2028-02-01"}
        )
        with self.assertRefused(ValidationError, "outside the term of the contract"):
            amendment.with_user(self.contract_user).date_end = "2028-01-31"

    @freeze_time("2027-01-01")
    def test_version_replaced_on_its_first_day(self):
        """Amended from its start: the first terms never were in force, and
        the comparison says so in the user's date format."""
        contract = self._signed_contract()
        amendment = self._amend(contract, date_effective=False)
        self.assertEqual(amendment.date_effective, date(2027, 1, 1))
        amendment.line_ids.price_unit = 150.0
        self._sign_amendment(amendment, when="2027-01-01")
        self._apply(amendment)
        version = contract.version_ids
        self.assertEqual(
            version.with_user(self.contract_user)._get_terms_label(),
            "Version 1 (replaced before it took effect on 01/01/2027)",
        )

    # ------------------------------------------------------------------
    # The comparison table
    # ------------------------------------------------------------------
    def _term_rows(self, html):
        root = lxml_html.fromstring(html)
        (table,) = root.xpath("//table[@name='diff_fields']")
        header = [
            " ".join(th.text_content().split()) for th in table.xpath(".//thead//th")
        ]
        rows = {
            " ".join(tr[0].text_content().split()): tr
            for tr in table.xpath(".//tbody/tr")
        }
        return header, rows

    @freeze_time("2027-02-15")
    def test_comparison_table(self):
        lang = self.env.ref("base.lang_en")
        lang.date_format = "%d.%m.%Y"
        contract = self._signed_contract()
        amendment = self._amend(contract, date_end="2028-12-31")
        amendment = amendment.with_user(self.contract_user)
        header, rows = self._term_rows(str(amendment.diff_html))
        self.assertEqual(len(header), 3)
        self.assertEqual(list(rows), ["End Date", "Value (untaxed)"])
        for row in rows.values():
            self.assertEqual(len(row.xpath("./td")), 3)
        # The date as everywhere else for this user; the value, unchanged,
        # is not coloured.
        end = rows["End Date"]
        self.assertEqual(end[1].text_content().strip(), "31.12.2027")
        self.assertEqual(end[2].text_content().strip(), "31.12.2028")
        self.assertEqual(end[1].get("class"), "o_customer_contract_diff_old")
        self.assertEqual(end[2].get("class"), "o_customer_contract_diff_new")
        value = rows["Value (untaxed)"]
        self.assertIsNone(value[1].get("class"))
        self.assertIsNone(value[2].get("class"))
        self.assertFalse(value.xpath(".//*[@name='diff_value_delta']"))

        amendment.line_ids.price_unit = 120.0
        _header, rows = self._term_rows(str(amendment.diff_html))
        value = rows["Value (untaxed)"]
        self.assertEqual(value[1].get("class"), "o_customer_contract_diff_old")
        self.assertEqual(value[2].get("class"), "o_customer_contract_diff_new")
        (delta,) = value.xpath(".//*[@name='diff_value_delta']")
        self.assertEqual(" ".join(delta.text_content().split()), "+$ 40.00 (+20.00%)")

        # Versions are labelled with their dates in the same format.
        self._sign_amendment(amendment)
        self._apply(amendment)
        header, _rows = self._term_rows(self._compare_versions_html(contract))
        self.assertEqual(
            header[1], "Version 1 (in force from 01.01.2027 to 28.02.2027)"
        )


@tagged("post_install", "-at_install")
class TestRedlineRpc(JsonRpcProbeMixin, HttpCase, AmendmentCommon):
    def test_effective_date_within_the_term_over_rpc(self):
        with freeze_time("2027-02-15"):
            contract = self._signed_contract()
            amendment = self._amend(contract, date_effective="2027-06-01")
        self.authenticate("contract_user", "contract_user")
        for when in ("2026-12-07", "2028-01-01"):
            self.assertRpcRefused(
                "customer.contract.amendment",
                "write",
                [amendment.ids, {"date_effective": when}],
                r"takes effect on .*, outside the term of the contract "
                r"\(from 01/01/2027 to 12/31/2027\)",
            )
        amendment.invalidate_recordset()
        self.assertEqual(amendment.date_effective, date(2027, 6, 1))
        self.call_kw(
            "customer.contract.amendment",
            "write",
            [amendment.ids, {"date_effective": "2027-12-31"}],
        )
        amendment.invalidate_recordset()
        self.assertEqual(amendment.date_effective, date(2027, 12, 31))
