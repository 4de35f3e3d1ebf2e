# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Each role does its job and no more: the access matrix of the contract
models, and the forms each role opens as the web client loads them."""

from lxml import etree

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, freeze_time, new_test_user, tagged

from odoo.addons.account.tests.common import AccountTestInvoicingCommon

from .access_common import AccessMatrixMixin, JsonRpcProbeMixin
from .test_contract_amendment import AmendmentCommon

# What each role may do on the contract models (Y allowed, N refused, - not
# tried). Contracts users draft contracts and amendments; managers also
# configure types, templates, clauses and may delete obligations; versions are
# written by the amendments only, never by hand. Accountants read contracts
# (to link and follow invoices) and what their form shows, nothing else; the
# portal user of the customer reads the customer's contracts, lines and
# clauses; salesmen and internal users without a contract group, the portal
# user of another customer and the users of another company read nothing.
# Tags are shared by all companies (as CRM tags are): the contracts user of
# another company reads and creates them like any contracts user.
MATRIX = """
# role            model                               read write create unlink
contract_user     customer.contract                   Y    Y     Y      -
contract_user     customer.contract.line              Y    Y     Y      Y
contract_user     customer.contract.clause            Y    N     N      N
contract_user     customer.contract.clause.line       Y    Y     Y      Y
contract_user     customer.contract.amendment         Y    Y     Y      Y
contract_user     customer.contract.version           Y    N     N      N
contract_user     customer.contract.obligation        Y    Y     Y      N
contract_user     customer.contract.type              Y    N     N      N
contract_user     customer.contract.tag               Y    Y     Y      N
contract_user     customer.contract.template          Y    N     N      N

contract_manager  customer.contract                   Y    Y     Y      -
contract_manager  customer.contract.line              Y    Y     Y      Y
contract_manager  customer.contract.clause            Y    Y     Y      Y
contract_manager  customer.contract.clause.line       Y    Y     Y      Y
contract_manager  customer.contract.amendment         Y    Y     Y      Y
contract_manager  customer.contract.version           Y    N     N      N
contract_manager  customer.contract.obligation        Y    Y     Y      Y
contract_manager  customer.contract.type              Y    Y     Y      Y
contract_manager  customer.contract.tag               Y    Y     Y      Y
contract_manager  customer.contract.template          Y    Y     Y      Y

accountant        customer.contract                   Y    N     N      -
accountant        customer.contract.line              Y    N     N      N
accountant        customer.contract.clause            N    N     N      N
accountant        customer.contract.clause.line       Y    N     N      N
accountant        customer.contract.amendment         Y    N     N      N
accountant        customer.contract.version           Y    N     N      N
accountant        customer.contract.obligation        Y    N     N      N
accountant        customer.contract.type              Y    N     N      N
accountant        customer.contract.tag               Y    N     N      N
accountant        customer.contract.template          N    N     N      N

salesman          customer.contract                   N    N     N      -
salesman          customer.contract.line              N    N     N      N
salesman          customer.contract.clause            N    N     N      N
salesman          customer.contract.clause.line       N    N     N      N
salesman          customer.contract.amendment         N    N     N      N
salesman          customer.contract.version           N    N     N      N
salesman          customer.contract.obligation        N    N     N      N
salesman          customer.contract.type              N    N     N      N
salesman          customer.contract.tag               N    N     N      N
salesman          customer.contract.template          N    N     N      N

portal            customer.contract                   Y    N     N      -
portal            customer.contract.line              Y    N     N      N
portal            customer.contract.clause            N    N     N      N
portal            customer.contract.clause.line       Y    N     N      N
portal            customer.contract.amendment         N    N     N      N
portal            customer.contract.version           N    N     N      N
portal            customer.contract.obligation        N    N     N      N
portal            customer.contract.type              N    N     N      N
portal            customer.contract.tag               N    N     N      N
portal            customer.contract.template          N    N     N      N

portal_other      customer.contract                   N    N     N      -
portal_other      customer.contract.line              N    N     N      N
portal_other      customer.contract.clause            N    N     N      N
portal_other      customer.contract.clause.line       N    N     N      N
portal_other      customer.contract.amendment         N    N     N      N
portal_other      customer.contract.version           N    N     N      N
portal_other      customer.contract.obligation        N    N     N      N
portal_other      customer.contract.type              N    N     N      N
portal_other      customer.contract.tag               N    N     N      N
portal_other      customer.contract.template          N    N     N      N

other_company     customer.contract                   N    N     N      -
other_company     customer.contract.line              N    N     N      N
other_company     customer.contract.clause            N    N     N      N
other_company     customer.contract.clause.line       N    N     N      N
other_company     customer.contract.amendment         N    N     N      N
other_company     customer.contract.version           N    N     N      N
other_company     customer.contract.obligation        N    N     N      N
other_company     customer.contract.type              N    N     N      N
other_company     customer.contract.tag               Y    Y     Y      N
other_company     customer.contract.template          N    N     N      N

internal          customer.contract                   N    N     N      -
internal          customer.contract.line              N    N     N      N
internal          customer.contract.clause            N    N     N      N
internal          customer.contract.clause.line       N    N     N      N
internal          customer.contract.amendment         N    N     N      N
internal          customer.contract.version           N    N     N      N
internal          customer.contract.obligation        N    N     N      N
internal          customer.contract.type              N    N     N      N
internal          customer.contract.tag               N    N     N      N
internal          customer.contract.template          N    N     N      N
"""

# Deleting a contract: only a draft (or cancelled) one can be, by the
# contract groups; nobody else may.
MATRIX_UNLINK_DRAFT = """
# role            model                               read write create unlink
contract_user     customer.contract                   -    -     -      Y
contract_manager  customer.contract                   -    -     -      Y
accountant        customer.contract                   -    -     -      N
salesman          customer.contract                   -    -     -      N
portal            customer.contract                   -    -     -      N
portal_other      customer.contract                   -    -     -      N
other_company     customer.contract                   -    -     -      N
internal          customer.contract                   -    -     -      N
"""


class RolesCommon(AmendmentCommon):
    """Users of every role around one customer's contracts."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_company = cls.env["res.company"].create(
            {"name": "Contracts Abroad", "currency_id": cls.company.currency_id.id}
        )
        cls.accountant = new_test_user(
            cls.env,
            login="roles_accountant",
            name="Annie Accountant",
            groups="account.group_account_invoice",
        )
        cls.salesman = new_test_user(
            cls.env,
            login="roles_salesman",
            name="Sid Salesman",
            groups="sales_team.group_sale_salesman_all_leads",
        )
        cls.internal = new_test_user(
            cls.env,
            login="roles_internal",
            name="Ian Internal",
            groups="base.group_user",
        )
        cls.portal = new_test_user(
            cls.env,
            login="roles_portal",
            name="Brandon Portal",
            groups="base.group_portal",
            partner_id=cls.signatory.id,
        )
        cls.other_contact = cls.env["res.partner"].create(
            {"name": "Dana Deco", "parent_id": cls.other_customer.id}
        )
        cls.portal_other = new_test_user(
            cls.env,
            login="roles_portal_other",
            name="Dana Portal",
            groups="base.group_portal",
            partner_id=cls.other_contact.id,
        )
        cls.other_company_user = new_test_user(
            cls.env,
            login="roles_other_company",
            name="Olga Abroad",
            groups="customer_contract.customer_contract_group_user",
            company_id=cls.other_company.id,
            company_ids=[Command.set(cls.other_company.ids)],
        )
        cls.users = {
            "contract_user": cls.contract_user,
            "contract_manager": cls.contract_manager,
            "accountant": cls.accountant,
            "salesman": cls.salesman,
            "portal": cls.portal,
            "portal_other": cls.portal_other,
            "other_company": cls.other_company_user,
            "internal": cls.internal,
        }


@tagged("post_install", "-at_install")
class TestAccessMatrix(AccessMatrixMixin, RolesCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_type = cls.env["customer.contract.type"].create(
            {"name": "Local services", "company_id": cls.company.id}
        )
        cls.company_template = cls.env["customer.contract.template"].create(
            {"name": "Local agreement", "company_id": cls.company.id}
        )
        cls.company_clause = cls.env["customer.contract.clause"].create(
            {
                "name": "Local law",
                "category": "general",
                "body": "<p>The law of the company's country applies.</p>",
                "company_id": cls.company.id,
            }
        )
        cls.tag = cls.env["customer.contract.tag"].create({"name": "Key account"})

    def _probes(self):
        """Records of this company, one per model, and harmless values."""
        with freeze_time("2026-12-01"):
            # Shared with the customer (in negotiation), still editable.
            negotiated = self._create_contract(
                lines=2, tag_ids=[Command.link(self.tag.id)]
            )
            negotiated.action_negotiate()
            signed = self._signed_contract()
            amendment = self._amend(signed)
            applied = self._signed_contract(name="Applied")
            applied_amendment = self._amend(applied, date_end="2028-12-31")
            self._sign_amendment(applied_amendment, when="2026-12-20")
            self._apply(applied_amendment, user=self.contract_user)
        version = applied.version_ids
        self.assertEqual(len(version), 1)
        obligation = (
            self.env["customer.contract.obligation"]
            .with_user(self.contract_user)
            .create(
                {
                    "contract_id": signed.id,
                    "name": "Kick-off meeting",
                    "date_due": "2027-01-10",
                }
            )
            .sudo(False)
        )
        company = self.company.id
        return {
            "customer.contract": {
                "record": negotiated,
                "fields": ["name", "type_id", "amount_untaxed", "line_ids"],
                "write": {"note": "<p>Call before visiting.</p>"},
                "create": lambda user: {
                    "name": "Probe contract",
                    "partner_id": self.customer.id,
                    "company_id": company,
                },
            },
            "customer.contract.line": {
                "record": negotiated.line_ids[0],
                "fields": ["name", "price_subtotal"],
                "write": {"name": "Maintenance, on site"},
                "create": lambda user: {
                    "contract_id": negotiated.id,
                    "product_id": self.product_support.id,
                    "quantity": 1,
                    "price_unit": 50.0,
                },
            },
            "customer.contract.clause": {
                "record": self.company_clause,
                "fields": ["name", "body"],
                "write": {"name": "Governing law"},
                "create": lambda user: {
                    "name": "Probe clause",
                    "category": "general",
                    "body": "<p>Plain text.</p>",
                    "company_id": company,
                },
            },
            "customer.contract.clause.line": {
                "record": negotiated.clause_ids[0],
                "fields": ["name", "body"],
                "write": {"name": "The parties"},
                "create": lambda user: {
                    "contract_id": negotiated.id,
                    "name": "Probe clause line",
                    "body": "<p>Plain text.</p>",
                },
            },
            "customer.contract.amendment": {
                "record": amendment,
                "fields": ["display_name", "reason"],
                "write": {"reason": "Three more visits a year"},
                "create": lambda user: {
                    "contract_id": signed.id,
                    "reason": "Probe amendment",
                    "date_effective": "2027-03-01",
                },
            },
            "customer.contract.version": {
                "record": version,
                "fields": ["number", "amount_untaxed"],
                "write": {"name": "Rewritten history"},
                "create": lambda user: {
                    "contract_id": applied.id,
                    "number": 42,
                    "company_id": company,
                    "currency_id": self.company.currency_id.id,
                },
            },
            "customer.contract.obligation": {
                "record": obligation,
                "fields": ["name", "date_due", "state"],
                "write": {"note": "Agenda sent"},
                "create": lambda user: {
                    "contract_id": signed.id,
                    "name": "Probe obligation",
                    "date_due": "2027-02-01",
                },
            },
            "customer.contract.type": {
                "record": self.company_type,
                "fields": ["name"],
                "write": {"name": "Local services (renamed)"},
                "create": lambda user: {"name": "Probe type", "company_id": company},
            },
            "customer.contract.tag": {
                "record": self.tag,
                "fields": ["name", "color"],
                "write": {"name": "Key account (renamed)"},
                "create": lambda user: {"name": "Probe tag"},
            },
            "customer.contract.template": {
                "record": self.company_template,
                "fields": ["name"],
                "write": {"name": "Local agreement (renamed)"},
                "create": lambda user: {
                    "name": "Probe template",
                    "company_id": company,
                },
            },
        }

    def test_access_matrix(self):
        probes = self._probes()
        self.assertAccessMatrix(MATRIX, self.users, probes)
        # Nothing of the tries stayed: every cell was rolled back.
        self.assertEqual(probes["customer.contract"]["record"].note, False)
        self.assertFalse(
            self.env["customer.contract"].search([("name", "=", "Probe contract")])
        )

    def test_access_matrix_unlink_draft(self):
        draft = self._create_contract()
        self.assertEqual(draft.state, "draft")
        self.assertAccessMatrix(
            MATRIX_UNLINK_DRAFT,
            self.users,
            {"customer.contract": {"record": draft}},
        )
        self.assertTrue(draft.exists())

    def test_probe_salesman_reads_no_contract_by_search(self):
        """A salesman (all documents) finds no contract, even of his customers."""
        contract = self._create_contract()
        contracts = self.env["customer.contract"].with_user(self.salesman)
        # With customer_contract_approval installed, any internal user may be
        # asked to review a contract and searches those submitted to him (none
        # here); without it, the search itself is refused.
        try:
            found = contracts.search([])
        except AccessError:
            found = contracts
        self.assertFalse(found)
        with self.assertRaises(AccessError):
            contracts.browse(contract.id).read(["name"])

    def test_probe_accountant_reads_only_his_companies(self):
        """The accountant reads the contracts of his companies only, and
        changes none."""
        contract = self._create_contract()
        abroad = self._create_contract(
            user=self.other_company_user, company_id=self.other_company.id
        )
        as_accountant = self.env["customer.contract"].with_user(self.accountant)
        self.assertEqual(
            as_accountant.search([("id", "in", (contract | abroad).ids)]), contract
        )
        with self.assertRaisesRegex(AccessError, "Customer Contract"):
            abroad.with_user(self.accountant).check_access("read")
        with self.assertRaisesRegex(AccessError, "Customer Contract"):
            contract.with_user(self.accountant).write({"note": "<p>Paid</p>"})
        contract.invalidate_recordset()
        self.assertFalse(contract.note)

    def test_probe_other_company_finds_nothing(self):
        """The contracts user of another company finds none of our contracts,
        types, templates or clauses."""
        contract = self._create_contract()
        env = self.env(user=self.other_company_user)
        self.assertFalse(env["customer.contract"].search([("id", "=", contract.id)]))
        self.assertFalse(
            env["customer.contract.type"].search([("id", "=", self.company_type.id)])
        )
        self.assertFalse(
            env["customer.contract.template"].search(
                [("id", "=", self.company_template.id)]
            )
        )
        self.assertFalse(
            env["customer.contract.clause"].search(
                [("id", "=", self.company_clause.id)]
            )
        )


class WebClientMixin:
    """Load a form as the web client does: the view as ``get_views`` gives it
    to the user (nodes of groups they lack removed), then ``web_read`` of the
    record with the specification built from the fields of that view."""

    def _get_list_views(self, model):
        return self.env[model].get_views([(False, "list")])

    def _spec(self, model, node, models_info, level=0):
        spec = {}
        fields_info = models_info[model]["fields"]
        for field_node in node.xpath(f".//field[count(ancestor::field) = {level}]"):
            name = field_node.get("name")
            info = fields_info[name]
            if info["type"] == "many2one":
                spec[name] = {"fields": {"display_name": {}}}
            elif info["type"] == "many2many":
                sub = {"display_name": {}}
                options = field_node.get("options") or ""
                if "color_field" in options:
                    sub["color"] = {}
                spec[name] = {"fields": sub}
            elif info["type"] == "one2many":
                inline = field_node.find("list")
                if inline is None:
                    views = self._get_list_views(info["relation"])
                    inline = etree.fromstring(views["views"]["list"]["arch"])
                    models_info = {**models_info, **views["models"]}
                    sub_level = 0
                else:
                    sub_level = level + 1
                spec[name] = {
                    "fields": self._spec(
                        info["relation"], inline, models_info, sub_level
                    ),
                    "limit": 40,
                }
            else:
                spec[name] = {}
        spec["display_name"] = {}
        return spec

    def open_form(self, record, view_id=False):
        """Open ``record`` (with its user) in its form view; return the view
        (its arch as a tree) and the values read."""
        self._get_list_views = lambda model: record.env[model].get_views(
            [(False, "list")]
        )
        views = record.get_views([(view_id, "form")])
        arch = etree.fromstring(views["views"]["form"]["arch"])
        spec = self._spec(record._name, arch, views["models"])
        # As a new request would: nothing read before (as superuser) helps.
        record.env.invalidate_all()
        [values] = record.web_read(spec)
        return arch, spec, values


class FormsCommon(WebClientMixin, AccountTestInvoicingCommon, RolesCommon):
    """A contract with everything its form shows, and the roles opening it."""

    @classmethod
    def get_default_groups(cls):
        return (
            super().get_default_groups()
            | cls.quick_ref("customer_contract.customer_contract_group_manager")
            | cls.quick_ref("sales_team.group_sale_manager")
        )

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # A contracts user who sells: the usual owner of contracts.
        cls.contract_seller = new_test_user(
            cls.env,
            login="roles_contract_seller",
            name="Selma Seller",
            groups="customer_contract.customer_contract_group_user,"
            "sales_team.group_sale_salesman_all_leads",
        )
        # A reviewer: contracts user, no sales or invoicing rights at all.
        cls.reviewer = cls.contract_user
        cls.tag = cls.env["customer.contract.tag"].create({"name": "Strategic"})

    def _full_contract(self):
        """A signed contract with everything its form shows: tags, a type,
        lines, clauses, obligations, an applied amendment (so a version), a
        quotation and a posted invoice."""
        with freeze_time("2026-12-01"):
            contract = self._create_contract(
                user=self.contract_seller,
                tag_ids=[Command.link(self.tag.id)],
                line_ids=[
                    Command.create(
                        {
                            "product_id": self.product_service.id,
                            "quantity": 2,
                            "price_unit": 100.0,
                            "tax_ids": [Command.set(self.tax_sale_a.ids)],
                        }
                    )
                ],
            )
            self._sign(contract)
            self.env["customer.contract.obligation"].with_user(
                self.contract_seller
            ).create(
                {
                    "contract_id": contract.id,
                    "name": "Kick-off",
                    "date_due": "2027-01-10",
                }
            )
            amendment = self._amend(contract, date_end="2028-12-31")
            self._sign_amendment(amendment, when="2026-12-20")
            self._apply(amendment, user=self.contract_user)
            contract.with_user(self.contract_seller).action_create_quotation()
            invoice = self.env["account.move"].create(
                {
                    "move_type": "out_invoice",
                    "partner_id": self.customer.id,
                    "invoice_date": "2026-12-01",
                    "contract_id": contract.id,
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "product_id": self.product_service.id,
                                "quantity": 1,
                                "price_unit": 150.0,
                                "tax_ids": [Command.clear()],
                            }
                        )
                    ],
                }
            )
            invoice.action_post()
        self.assertTrue(contract.version_ids)
        self.assertTrue(contract.sale_order_ids)
        self.assertEqual(len(contract.obligation_ids), 1)
        return contract, amendment, invoice


@tagged("post_install", "-at_install")
class TestFormsOpen(FormsCommon):
    """The contract form, the amendment form and the invoice's "View
    Contract" open for every role that works with them, showing what the role
    may read only."""

    def test_contract_form_opens_for_each_role(self):
        contract, _amendment, _invoice = self._full_contract()
        for user in (
            self.contract_seller,
            self.contract_manager,
            self.reviewer,
            self.accountant,
        ):
            with self.subTest(user=user.login):
                _arch, spec, values = self.open_form(contract.with_user(user))
                self.assertEqual(values["id"], contract.id)
                self.assertEqual(values["tag_ids"][0]["display_name"], "Strategic")
                self.assertEqual(len(values["line_ids"]), 1)
                self.assertEqual(len(values["clause_ids"]), 2)
                self.assertEqual(len(values["obligation_ids"]), 1)
                self.assertEqual(len(values["version_ids"]), 1)
                self.assertEqual(values["amount_untaxed"], 200.0)
                # The version kept by the amendment, from the Versions tab.
                version = contract.version_ids.with_user(user)
                _arch, _spec, values = self.open_form(version)
                self.assertEqual(values["id"], version.id)
                self.assertEqual(len(values["line_ids"]), 1)

        # What each role may read of sales and invoices, and nothing more.
        _arch, spec, values = self.open_form(contract.with_user(self.contract_seller))
        self.assertEqual(values["sale_order_count"], 1)
        self.assertEqual(values["invoice_count"], 1)
        _arch, spec, values = self.open_form(contract.with_user(self.accountant))
        self.assertNotIn("sale_order_count", spec)
        self.assertRecordValuesFromRead(
            values,
            {"invoice_count": 1, "amount_invoiced": 150.0, "amount_to_invoice": 50.0},
        )
        for user in (self.reviewer, self.contract_manager):
            with self.subTest(user=user.login):
                arch, spec, values = self.open_form(contract.with_user(user))
                for fname in (
                    "sale_order_count",
                    "invoice_count",
                    "amount_invoiced",
                    "amount_to_invoice",
                    "opportunity_id",
                ):
                    self.assertNotIn(fname, spec)
                self.assertFalse(
                    arch.xpath("//button[@name='action_view_sale_orders']")
                )
                self.assertFalse(arch.xpath("//page[@name='invoicing']"))

    def assertRecordValuesFromRead(self, values, expected):
        self.assertEqual({key: values[key] for key in expected}, expected)

    def test_probe_reviewer_cannot_read_invoiced_amounts(self):
        """A contracts user without sales or invoicing rights is refused the
        orders and invoiced amounts over the API (they are hidden from their
        form), whatever the way they are read."""
        contract, _amendment, _invoice = self._full_contract()
        as_reviewer = contract.with_user(self.reviewer)
        for fname in (
            "amount_invoiced",
            "amount_to_invoice",
            "invoice_count",
            "invoice_ids",
            "sale_order_count",
            "sale_order_ids",
        ):
            with self.subTest(field=fname):
                with self.assertRaisesRegex(
                    AccessError, "not have enough rights to access the field"
                ):
                    as_reviewer.read([fname])
                with self.assertRaisesRegex(
                    AccessError, "not have enough rights to access the field"
                ):
                    getattr(as_reviewer, fname)
        # The rest of the contract is theirs to read.
        self.assertEqual(
            as_reviewer.read(["amount_untaxed"])[0]["amount_untaxed"], 200.0
        )

    def test_probe_salesman_own_documents_sees_invoices_he_may_read(self):
        """A contracts user selling with "own documents" rights reads the
        figures of the invoices he may read only, never more (computed with
        his rights, not as superuser)."""
        contract, _amendment, invoice = self._full_contract()
        seller = new_test_user(
            self.env,
            login="roles_own_seller",
            groups="customer_contract.customer_contract_group_user,"
            "sales_team.group_sale_salesman",
        )
        invoice.invoice_user_id = self.contract_seller
        as_seller = contract.with_user(seller)
        self.assertFalse(
            self.env["account.move"].with_user(seller).search([("id", "=", invoice.id)])
        )
        self.assertEqual(as_seller.invoice_count, 0)
        self.assertEqual(as_seller.amount_invoiced, 0.0)
        invoice.invoice_user_id = seller
        as_seller.invalidate_recordset()
        self.assertEqual(as_seller.invoice_count, 1)
        self.assertEqual(as_seller.amount_invoiced, 150.0)

    def test_amendment_form_opens_for_each_role(self):
        contract, amendment, _invoice = self._full_contract()
        draft = self._amend(contract, date_effective="2027-06-01")
        for user in (
            self.contract_seller,
            self.contract_manager,
            self.reviewer,
            self.accountant,
        ):
            for record in (amendment, draft):
                with self.subTest(user=user.login, amendment=record.state):
                    _arch, _spec, values = self.open_form(record.with_user(user))
                    self.assertEqual(values["id"], record.id)
                    self.assertEqual(values["contract_id"]["id"], contract.id)

    def test_accountant_views_contract_from_invoice(self):
        contract, _amendment, invoice = self._full_contract()
        invoice = invoice.with_user(self.accountant)
        # The button is on the accountant's invoice form.
        arch, _spec, values = self.open_form(invoice)
        self.assertTrue(arch.xpath("//button[@name='action_view_contract']"))
        self.assertEqual(values["contract_id"]["id"], contract.id)
        action = invoice.action_view_contract()
        self.assertEqual(action["res_model"], "customer.contract")
        self.assertEqual(action["res_id"], contract.id)
        record = self.env[action["res_model"]].with_user(self.accountant)
        view_id = (action.get("views") or [(False, "form")])[0][0]
        _arch, _spec, values = self.open_form(record.browse(action["res_id"]), view_id)
        self.assertEqual(values["display_name"], contract.display_name)
        self.assertEqual(values["invoice_count"], 1)

    def test_salesman_without_contract_rights_opens_orders_and_opportunities(self):
        """The salesman opens his quotation and opportunity linked to a
        contract; the contract link is not shown to him."""
        contract, _amendment, _invoice = self._full_contract()
        lead = self.env["crm.lead"].create(
            {
                "name": "Azure deal",
                "type": "opportunity",
                "partner_id": self.customer.id,
                "user_id": self.salesman.id,
            }
        )
        contract.opportunity_id = lead
        order = contract.sale_order_ids
        order.user_id = self.salesman
        _arch, spec, values = self.open_form(order.with_user(self.salesman))
        self.assertEqual(values["id"], order.id)
        self.assertNotIn("contract_id", spec)
        _arch, spec, values = self.open_form(lead.with_user(self.salesman))
        self.assertEqual(values["id"], lead.id)
        self.assertNotIn("contract_count", spec)
        # The contract itself stays closed to him.
        with self.assertRaisesRegex(AccessError, "Customer Contract"):
            contract.with_user(self.salesman).check_access("read")


@tagged("post_install", "-at_install")
class TestFormsOverRpc(JsonRpcProbeMixin, FormsCommon, HttpCase):
    """The same forms, opened over JSON-RPC by logged-in users, as the web
    client does."""

    def _rpc_open_form(self, model, res_id, view_id=False):
        self._get_list_views = lambda submodel: self.call_kw(
            submodel, "get_views", [], {"views": [[False, "list"]]}
        )
        views = self.call_kw(model, "get_views", [], {"views": [[view_id, "form"]]})
        arch = etree.fromstring(views["views"]["form"]["arch"])
        spec = self._spec(model, arch, views["models"])
        [values] = self.call_kw(model, "web_read", [[res_id]], {"specification": spec})
        return arch, spec, values

    def test_accountant_opens_contract_from_invoice_over_rpc(self):
        contract, _amendment, invoice = self._full_contract()
        self.authenticate(self.accountant.login, self.accountant.login)
        arch, _spec, values = self._rpc_open_form("account.move", invoice.id)
        self.assertTrue(arch.xpath("//button[@name='action_view_contract']"))
        action = self.call_kw("account.move", "action_view_contract", [[invoice.id]])
        self.assertEqual(action["res_id"], contract.id)
        view_id = (action.get("views") or [(False, "form")])[0][0]
        _arch, _spec, values = self._rpc_open_form(
            action["res_model"], action["res_id"], view_id
        )
        self.assertEqual(values["tag_ids"][0]["display_name"], "Strategic")
        self.assertEqual(len(values["clause_ids"]), 2)
        self.assertEqual(values["amount_to_invoice"], 50.0)

    def test_reviewer_opens_contract_and_amendment_over_rpc(self):
        contract, amendment, _invoice = self._full_contract()
        self.authenticate(self.reviewer.login, self.reviewer.login)
        _arch, spec, values = self._rpc_open_form("customer.contract", contract.id)
        self.assertEqual(values["id"], contract.id)
        self.assertNotIn("sale_order_count", spec)
        self.assertNotIn("amount_to_invoice", spec)
        _arch, _spec, values = self._rpc_open_form(
            "customer.contract.amendment", amendment.id
        )
        self.assertEqual(values["contract_id"]["id"], contract.id)

    def test_probe_reviewer_reads_no_invoiced_amount_over_rpc(self):
        """Asked for by hand over the API, the invoiced amounts and the
        orders are refused to a reviewer, with the field named."""
        contract, _amendment, _invoice = self._full_contract()
        self.authenticate(self.reviewer.login, self.reviewer.login)
        for fname in ("amount_to_invoice", "invoice_ids", "sale_order_count"):
            with self.subTest(field=fname):
                refusal = self.assertRpcRefused(
                    "customer.contract",
                    "web_read",
                    [[contract.id]],
                    f"not have enough rights to access the field .{fname}.",
                    kwargs={"specification": {fname: {}}},
                )
                self.assertEqual(refusal.name, "odoo.exceptions.AccessError")

    def test_probe_salesman_reads_no_contract_over_rpc(self):
        """A salesman without contract rights reads no contract over the API,
        even the one linked to his quotation."""
        contract, _amendment, _invoice = self._full_contract()
        self.authenticate(self.salesman.login, self.salesman.login)
        self.assertRpcRefused(
            "customer.contract",
            "web_read",
            [[contract.id]],
            "not allowed to access .Customer Contract.|top-secret records",
            kwargs={"specification": {"name": {}}},
        )
