# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
import re
from contextlib import contextmanager

from lxml import etree

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import new_test_user
from odoo.tools.safe_eval import safe_eval
from odoo.tools.view_validation import get_expression_field_names

from odoo.addons.base.tests.common import BaseCommon

# The scan of a contract signed on paper (Mark as Signed requires it).
SIGNED_PDF = base64.b64encode(b"%PDF-1.4 signed on paper").decode()


class CustomerContractCommon(BaseCommon):
    """Shared data for the contract tests: users of each role, a customer with
    a signatory, products, a template with clauses and a contract type."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.contract_user = new_test_user(
            cls.env,
            login="contract_user",
            name="Connie Contract",
            groups="customer_contract.customer_contract_group_user",
        )
        cls.contract_manager = new_test_user(
            cls.env,
            login="contract_manager",
            name="Manny Manager",
            groups="customer_contract.customer_contract_group_manager",
        )
        # Signs for the company (paper signatures recorded, countersignatures).
        cls.contract_signatory = new_test_user(
            cls.env,
            login="contract_signatory",
            name="Sigmund Signatory",
            groups="customer_contract.customer_contract_group_user,"
            "customer_contract.customer_contract_group_signatory",
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "Azure Interior", "is_company": True, "email": "azure@example.com"}
        )
        cls.signatory = cls.env["res.partner"].create(
            {
                "name": "Brandon Freeman",
                "parent_id": cls.customer.id,
                "type": "contact",
                "email": "brandon@example.com",
            }
        )
        cls.other_customer = cls.env["res.partner"].create(
            {"name": "Deco Addict", "is_company": True}
        )
        cls.product_service = cls.env["product.product"].create(
            {
                "name": "Maintenance Service",
                "type": "service",
                "list_price": 100.0,
                "taxes_id": [Command.clear()],
                "invoice_policy": "order",
            }
        )
        cls.product_support = cls.env["product.product"].create(
            {
                "name": "Support Hours",
                "type": "service",
                "list_price": 50.0,
                "taxes_id": [Command.clear()],
                "invoice_policy": "order",
            }
        )
        cls.clause_parties = cls.env["customer.contract.clause"].create(
            {
                "name": "Parties",
                "sequence": 1,
                "category": "general",
                "body": '<p>This agreement binds <t t-out="object.partner_id.name"/> '
                'from <t t-out="object.date_start"/>.</p>',
            }
        )
        cls.clause_payment = cls.env["customer.contract.clause"].create(
            {
                "name": "Payment",
                "sequence": 2,
                "category": "payment",
                "body": "<p>The customer pays "
                '<t t-out="format_amount(object.amount_untaxed, object.currency_id)"/>'
                ".</p>",
            }
        )
        cls.template = cls.env["customer.contract.template"].create(
            {
                "name": "Service Agreement",
                "clause_ids": [
                    Command.set((cls.clause_parties | cls.clause_payment).ids)
                ],
            }
        )
        cls.contract_type = cls.env["customer.contract.type"].create(
            {"name": "Services", "code": "SRV", "template_id": cls.template.id}
        )

    @classmethod
    def _create_contract(cls, user=None, lines=1, **values):
        """Create a contract as ``user`` (the contract user by default)."""
        env = cls.env(user=user or cls.contract_user)
        vals = {
            "name": "Maintenance 2027",
            "partner_id": cls.customer.id,
            "signatory_id": cls.signatory.id,
            "type_id": cls.contract_type.id,
            "date_start": "2027-01-01",
            "date_end": "2027-12-31",
            "line_ids": [
                Command.create(
                    {
                        "product_id": cls.product_service.id,
                        "quantity": 2,
                        "price_unit": 100.0,
                    }
                )
                for _i in range(lines)
            ],
        }
        vals.update(values)
        return env["customer.contract"].create(vals)

    @classmethod
    def _activate_euro(cls, rates):
        """The euro active, with ``rates`` ((day, euros per dollar), ...) of
        the company; ``cls.usd`` is the company's currency."""
        cls.usd = cls.company.currency_id
        cls.eur = cls.env.ref("base.EUR")
        cls.eur.active = True
        cls.env["res.currency.rate"].create(
            [
                {
                    "name": day,
                    "rate": rate,
                    "currency_id": cls.eur.id,
                    "company_id": cls.company.id,
                }
                for day, rate in rates
            ]
        )

    @contextmanager
    def assertRefused(self, exception, pattern):
        """Like ``assertRaises`` (the block is rolled back, as the request of
        a user would be), and the message matches ``pattern``."""
        with self.assertRaises(exception) as caught:
            yield caught
        self.assertRegex(str(caught.exception), pattern)

    def assertRefusedInLanguages(self, record, vals, expected, user=None):
        """Writing ``vals`` on ``record`` as ``user`` (the contract user by
        default) reading each language of ``expected`` ({lang: text}) is
        refused with ``text`` in the message: the addon's .po speaks to the
        user. Nothing is written."""
        user = user or self.contract_user
        before = record.read(list(vals))
        for lang, text in expected.items():
            self.env["res.lang"]._activate_lang(lang)
            user.lang = lang
            with self.subTest(lang=lang):
                with self.assertRefused(UserError, re.escape(text)):
                    record.with_user(user).with_context(lang=lang).write(vals)
                record.invalidate_recordset()
                self.assertEqual(record.read(list(vals)), before)

    # ------------------------------------------------------------------
    # Views: what the web client shows
    # ------------------------------------------------------------------
    @classmethod
    def _get_arch(cls, model, user, view_type="form"):
        """The arch of ``model``'s default view as ``user`` receives it
        (every installed extension applied, nodes of other groups removed)."""
        views = cls.env[model].with_user(user).get_views([(False, view_type)])
        return etree.fromstring(views["views"][view_type]["arch"])

    @classmethod
    def _eval_view_expression(cls, record, expression):
        """Evaluate a view expression (``invisible``...) on ``record`` as the
        web client does: relational fields as ids, dates as strings."""
        values = {"id": record.id, "uid": record.env.uid, "context": {}}
        for name in get_expression_field_names(expression):
            field = record._fields.get(name)
            if not field:
                continue
            value = record[name]
            if field.type == "many2one":
                value = value.id
            elif field.type in ("one2many", "many2many"):
                value = value.ids
            elif field.type in ("date", "datetime"):
                value = field.to_string(value) if value else False
            values[name] = value
        return bool(safe_eval(expression, values))

    @classmethod
    def _is_visible(cls, record, node):
        expression = node.get("invisible")
        return not expression or not cls._eval_view_expression(record, expression)

    @classmethod
    def _visible_nodes(cls, record, user, xpath, view_type="form"):
        """The nodes of ``record``'s view matching ``xpath`` that ``user``
        sees on it."""
        record = record.with_user(user)
        arch = cls._get_arch(record._name, user, view_type)
        return [node for node in arch.xpath(xpath) if cls._is_visible(record, node)]

    @classmethod
    def _header_buttons(cls, record, user):
        """{button name: class} of the header buttons ``user`` sees on
        ``record``, in their order (a list of (name, class))."""
        return [
            (button.get("name"), button.get("class") or "")
            for button in cls._visible_nodes(record, user, "//header/button")
        ]

    def assertHeader(self, record, user, primary=None, max_buttons=4):
        """At most one primary button (``primary``, the name of the expected
        one, or None for none) and at most ``max_buttons`` buttons in the
        header ``user`` sees on ``record``: at 1440 pixels, the chatter
        beside the form, four buttons and the status bar of the usual path
        hold on one line."""
        buttons = self._header_buttons(record, user)
        state = record["state"] if "state" in record else ""
        where = f"{record.display_name} ({state})"
        primaries = [
            name
            for name, css in buttons
            if {"btn-primary", "oe_highlight"} & set(css.split())
        ]
        self.assertEqual(
            primaries,
            [primary] if primary else [],
            f"primary buttons of {where}: {buttons}",
        )
        if max_buttons is None:  # a form of another module (e.g. CRM)
            return [name for name, _css in buttons]
        self.assertLessEqual(
            len(buttons),
            max_buttons,
            f"header buttons of {where}: {buttons}",
        )
        return [name for name, _css in buttons]
