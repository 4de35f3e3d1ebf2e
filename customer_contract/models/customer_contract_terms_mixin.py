# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from markupsafe import Markup

from odoo import models
from odoo.tools import format_amount, format_date, format_list, formatLang

from ..tools.html_diff import html_word_diff

# Line values compared between two sets of terms, with the line field giving
# their label.
LINE_TERMS = (
    "product_id",
    "name",
    "quantity",
    "product_uom_id",
    "price_unit",
    "discount",
    "tax_ids",
    "price_subtotal",
)


class CustomerContractTermsMixin(models.AbstractModel):
    """Terms of a contract as they stand (contract), as proposed (amendment)
    or as they were (version), in one shape so that any two compare."""

    _name = "customer.contract.terms.mixin"
    _description = "Contract Terms (comparable)"

    def _get_terms_field_map(self):
        """{term key: field of this model holding it}; the keys are the
        contract's field names (extension point)."""
        return {
            "name": "name",
            "signatory_id": "signatory_id",
            "type_id": "type_id",
            "date_start": "date_start",
            "date_end": "date_end",
        }

    def _get_terms_label(self):
        """How these terms are called in a comparison, e.g. "Version 2"."""
        self.ensure_one()
        return self.display_name

    def _get_line_terms_key(self, line):
        """Key identifying ``line`` across versions: the contract line id."""
        return line.id

    def _get_clause_terms_key(self, clause):
        return clause.id

    def _format_term(self, value, field):
        if field.type in ("many2one", "many2many", "one2many"):
            return format_list(self.env, value.mapped("display_name"))
        if field.type == "date":
            return format_date(self.env, value) if value else ""
        if field.type == "boolean":
            return self.env._("Yes") if value else self.env._("No")
        if field.type == "selection":
            return dict(field._description_selection(self.env)).get(value, "")
        if field.type == "monetary":
            return format_amount(self.env, value, self.currency_id)
        if field.type == "float" and value is not False and value is not None:
            # Formatted for the reader, with the field's precision.
            digits = field.get_digits(self.env)
            return formatLang(self.env, value, digits=digits[1] if digits else 2)
        if value is False or value is None:
            return ""
        return str(value)

    def _get_terms(self):
        """The terms of one record, ready to compare and to display.

        :return: dict with ``fields`` {key: (label, display)}, ``lines`` and
            ``clauses`` {key: {...}}, ``amount_untaxed``, ``amount_total``
            and ``currency``.
        """
        self.ensure_one()
        contract_fields = self.env["customer.contract"]._fields
        values = {}
        for key, fname in self._get_terms_field_map().items():
            label = contract_fields[key].get_description(self.env)["string"]
            values[key] = (label, self._format_term(self[fname], self._fields[fname]))
        lines = {}
        for line in self.line_ids:
            lines[self._get_line_terms_key(line)] = {
                fname: (
                    self.env._("Subtotal")
                    if fname == "price_subtotal"
                    else line._fields[fname].get_description(self.env)["string"],
                    self._format_term(line[fname], line._fields[fname]),
                )
                for fname in LINE_TERMS
            }
        # A clause is numbered by its place in the terms (as printed).
        clauses = {
            self._get_clause_terms_key(clause): {
                "number": number,
                "name": clause.name,
                "body": clause.body or Markup(""),
            }
            for number, clause in enumerate(self.clause_ids, start=1)
        }
        return {
            "label": self._get_terms_label(),
            "fields": values,
            "lines": lines,
            "clauses": clauses,
            "amount_untaxed": self.amount_untaxed,
            "amount_total": self.amount_total,
            "currency": self.currency_id,
        }

    def _diff_terms(self, old, new):
        """What changes from the terms ``old`` to ``new`` (from ``_get_terms``).

        :return: dict listing the changed fields (``fields``: [(label, old,
            new)], ``fields_by_key``: the same by term key), the lines added,
            removed and changed, the clauses added, removed and changed (with
            their number in the terms and, when changed, a word by word
            ``comparison`` of their text) and the change in value;
            ``has_changes`` tells whether anything changed at all.
        """
        fields_by_key = {
            key: (label, old["fields"][key][1], new_value)
            for key, (label, new_value) in new["fields"].items()
            if key in old["fields"] and old["fields"][key][1] != new_value
        }
        fields_changed = list(fields_by_key.values())
        lines_added = [
            new["lines"][key] for key in new["lines"] if key not in old["lines"]
        ]
        lines_removed = [
            old["lines"][key] for key in old["lines"] if key not in new["lines"]
        ]
        lines_changed = []
        for key, new_line in new["lines"].items():
            old_line = old["lines"].get(key)
            if old_line is None:
                continue
            changes = [
                (label, old_line[fname][1], value)
                for fname, (label, value) in new_line.items()
                if old_line[fname][1] != value
            ]
            if changes:
                lines_changed.append({"line": new_line, "changes": changes})
        clauses = []
        for key, clause in new["clauses"].items():
            old_clause = old["clauses"].get(key)
            if old_clause is None:
                clauses.append(
                    {
                        "status": "added",
                        **clause,
                        "comparison": html_word_diff("", clause["body"]),
                    }
                )
            elif (old_clause["body"] or "") != (clause["body"] or "") or old_clause[
                "name"
            ] != clause["name"]:
                clauses.append(
                    {
                        "status": "changed",
                        **clause,
                        "old_number": old_clause["number"],
                        "old_name": old_clause["name"],
                        # Word by word: formatting alone marks nothing.
                        "comparison": html_word_diff(
                            old_clause["body"] or "", clause["body"] or ""
                        ),
                    }
                )
        clauses += [
            {
                "status": "removed",
                **clause,
                "comparison": html_word_diff(clause["body"], ""),
            }
            for key, clause in old["clauses"].items()
            if key not in new["clauses"]
        ]
        for clause in clauses:
            renumbered = clause.get("old_number", clause["number"]) != clause["number"]
            if clause["status"] == "changed" and renumbered:
                clause["formerly"] = self.env._(
                    "Formerly clause %(number)s", number=clause["old_number"]
                )
        currency = new["currency"]
        delta = new["amount_untaxed"] - old["amount_untaxed"]
        percent = delta / old["amount_untaxed"] * 100 if old["amount_untaxed"] else 0.0
        bold = Markup("<strong>%s</strong>")
        return {
            "sides": self.env._(
                "From %(old)s to %(new)s",
                old=bold % old["label"],
                new=bold % new["label"],
            ),
            "same_as": self.env._(
                "No change: these terms are the same as %(old)s.", old=old["label"]
            ),
            "old_label": old["label"],
            "new_label": new["label"],
            "fields": fields_changed,
            "fields_by_key": fields_by_key,
            "lines_added": lines_added,
            "lines_removed": lines_removed,
            "lines_changed": lines_changed,
            "clauses": clauses,
            "amount_old": format_amount(self.env, old["amount_untaxed"], currency),
            "amount_new": format_amount(self.env, new["amount_untaxed"], currency),
            "amount_delta": delta,
            "amount_changed": not currency.is_zero(delta),
            "amount_delta_display": format_amount(self.env, delta, currency),
            # A discount of 0 as displayed (in the reader's number format).
            "no_discount": self._format_term(
                0.0, self.env["customer.contract.line"]._fields["discount"]
            ),
            "amount_delta_percent": percent,
            # Signed, in the reader's number format.
            "amount_delta_signed": ("+" if delta > 0 else "")
            + format_amount(self.env, delta, currency),
            "amount_delta_percent_display": ("+" if percent > 0 else "")
            + formatLang(self.env, percent, digits=2),
            "has_changes": bool(
                fields_changed
                or lines_added
                or lines_removed
                or lines_changed
                or clauses
                or not currency.is_zero(delta)
            ),
            "currency": currency,
        }

    def _diff_statements(self, diff):
        """The changes of ``diff`` (from ``_diff_terms``) stated in words, as
        the amendment's PDF sets them out: one whole sentence per change, in
        the reader's language (``self.env``), new values in bold.

        :return: list of (name, Markup) in the order of the document; the
            name identifies the kind of statement (``amend_date_end``, ...).
        """
        bold = Markup("<strong>%s</strong>")
        statements = []
        for key, (label, old, new) in diff["fields_by_key"].items():
            if key == "date_start":
                text = (
                    self.env._(
                        "The contract starts on %(new)s instead of %(old)s.",
                        new=bold % new,
                        old=old,
                    )
                    if old
                    else self.env._("The contract starts on %(new)s.", new=bold % new)
                )
            elif key == "date_end":
                if new and old:
                    text = self.env._(
                        "The contract ends on %(new)s instead of %(old)s.",
                        new=bold % new,
                        old=old,
                    )
                elif new:
                    text = self.env._("The contract ends on %(new)s.", new=bold % new)
                else:
                    text = self.env._(
                        "The contract no longer has an end date (it ended on %(old)s).",
                        old=old,
                    )
            elif key == "name":
                text = self.env._(
                    "The title of the contract becomes “%(new)s”.", new=bold % new
                )
            elif new and old:
                text = self.env._(
                    "%(term)s: %(new)s instead of %(old)s.",
                    term=label,
                    new=bold % new,
                    old=old,
                )
            elif new:
                text = self.env._("%(term)s: %(new)s.", term=label, new=bold % new)
            else:
                text = self.env._(
                    "%(term)s: no longer set (it was %(old)s).", term=label, old=old
                )
            name = key if key in ("date_start", "date_end", "name") else "term"
            statements.append((f"amend_{name}", text))
        for line in diff["lines_added"]:
            values = {
                "line": bold % line["name"][1],
                "quantity": line["quantity"][1],
                "uom": line["product_uom_id"][1],
                "price": line["price_unit"][1],
                "subtotal": line["price_subtotal"][1],
            }
            if line["discount"][1] != diff["no_discount"]:
                text = self.env._(
                    "The following line is added: %(line)s, %(quantity)s %(uom)s at "
                    "%(price)s per unit less %(discount)s%%, that is %(subtotal)s.",
                    discount=line["discount"][1],
                    **values,
                )
            else:
                text = self.env._(
                    "The following line is added: %(line)s, %(quantity)s %(uom)s at "
                    "%(price)s per unit, that is %(subtotal)s.",
                    **values,
                )
            statements.append(("amend_line_added", text))
        for line in diff["lines_removed"]:
            text = self.env._(
                "The following line is deleted: %(line)s (%(quantity)s %(uom)s at "
                "%(price)s per unit, that is %(subtotal)s).",
                line=bold % line["name"][1],
                quantity=line["quantity"][1],
                uom=line["product_uom_id"][1],
                price=line["price_unit"][1],
                subtotal=line["price_subtotal"][1],
            )
            statements.append(("amend_line_removed", text))
        for item in diff["lines_changed"]:
            changes = [
                self.env._(
                    "%(term)s %(new)s instead of %(old)s", term=label, new=new, old=old
                )
                for label, old, new in item["changes"]
            ]
            text = self.env._(
                "The line %(line)s is changed: %(changes)s.",
                line=bold % item["line"]["name"][1],
                changes=format_list(self.env, changes),
            )
            statements.append(("amend_line_changed", text))
        if diff["amount_changed"]:
            text = self.env._(
                "The untaxed value of the contract is %(new)s instead of %(old)s "
                "(%(delta)s).",
                new=bold % diff["amount_new"],
                old=diff["amount_old"],
                delta=diff["amount_delta_signed"],
            )
            statements.append(("amend_value", text))
        return statements

    def _diff_clause_statement(self, clause):
        """How the amendment's PDF introduces a clause of ``_diff_terms``."""
        if clause["status"] == "added":
            return self.env._(
                "The following clause is added as clause %(number)s:",
                number=clause["number"],
            )
        if clause["status"] == "removed":
            return self.env._(
                "Clause %(number)s (%(name)s) is deleted.",
                number=clause["number"],
                name=clause["name"],
            )
        if clause["number"] != clause["old_number"]:
            return self.env._(
                "Clause %(number)s (%(name)s) is replaced by the following, as "
                "clause %(new_number)s:",
                number=clause["old_number"],
                name=clause["old_name"],
                new_number=clause["number"],
            )
        return self.env._(
            "Clause %(number)s (%(name)s) is replaced by the following:",
            number=clause["old_number"],
            name=clause["old_name"],
        )

    def _render_terms_diff(self, old_terms, new_terms):
        """The comparison of two sets of terms as HTML, side by side."""
        diff = self._diff_terms(old_terms, new_terms)
        return self.env["ir.qweb"]._render(
            "customer_contract.customer_contract_terms_diff", {"diff": diff}
        )
