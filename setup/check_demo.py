#!/usr/bin/env python3
# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Check that the demo data of a database shows every feature of the addons.

    python3 setup/check_demo.py DATABASE [--addons-path PATH]

The database holds the addons installed with ``--with-demo``. Each feature is
counted in it and printed; the features of an addon that is not installed are
left out. Exits with 1, naming what is missing, when a feature has no record.
"""

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


# Each feature is a row (label, model, domain, minimum): the records of
# ``model`` matching ``domain`` (archived ones included) must number at least
# ``minimum``. A figure that is not such a count has for ``model`` a function
# of the environment that gives it (and no domain).


def _contract_features(env):
    from odoo import fields  # noqa: PLC0415 - imported once Odoo is set up

    today = fields.Date.context_today(env["customer.contract.obligation"])
    states = dict(env["customer.contract"]._fields["state"].selection)
    contract_states = (
        "draft",
        "negotiation",
        "signed",
        "active",
        "expired",
        "terminated",
        "cancelled",
    )
    signatory_group = env.ref("customer_contract.customer_contract_group_signatory")
    evidence_activity = env.ref(
        "customer_contract.mail_activity_type_obligation_evidence"
    )
    return [
        *(
            (
                f"contracts {states[state]}",
                "customer.contract",
                [("state", "=", state)],
                1,
            )
            for state in contract_states
        ),
        (
            "contracts created from a won opportunity, signed",
            "customer.contract",
            [
                ("opportunity_id.won_status", "=", "won"),
                ("state", "in", ("signed", "active", "expired")),
            ],
            1,
        ),
        (
            "contracts created from a confirmed quotation",
            "customer.contract",
            [("sale_order_ids.state", "=", "sale")],
            1,
        ),
        (
            "posted invoices of a contract",
            "account.move",
            [
                ("contract_id", "!=", False),
                ("move_type", "=", "out_invoice"),
                ("state", "=", "posted"),
            ],
            1,
        ),
        (
            "posted credit notes of a contract (reversing one of its invoices)",
            "account.move",
            [
                ("contract_id", "!=", False),
                ("move_type", "=", "out_refund"),
                ("state", "=", "posted"),
                ("reversed_entry_id.contract_id", "!=", False),
            ],
            1,
        ),
        (
            "applied amendments with the version they superseded",
            "customer.contract.amendment",
            [
                ("state", "=", "applied"),
                (
                    "id",
                    "in",
                    env["customer.contract.version"].search([]).superseded_by_id.ids,
                ),
            ],
            1,
        ),
        (
            "amendments in draft",
            "customer.contract.amendment",
            [("state", "=", "draft")],
            1,
        ),
        (
            "contracts awaiting the customer's signature online",
            "customer.contract",
            [("sign_request_state", "=", "customer"), ("state", "=", "negotiation")],
            1,
        ),
        (
            "contracts signed online by both parties",
            "customer.contract",
            [
                ("sign_request_state", "=", "signed"),
                ("customer_signed_on", "!=", False),
                ("company_signed_on", "!=", False),
                ("state", "in", ("signed", "active")),
            ],
            1,
        ),
        (
            "Contract Signatories with a signature limit",
            "res.users",
            [
                ("contract_sign_limit", ">", 0),
                ("all_group_ids", "in", signatory_group.ids),
            ],
            1,
        ),
        (
            "contracts signed online, sealed (signed PDF and its SHA-256)",
            "customer.contract",
            [
                ("sign_request_state", "=", "signed"),
                ("signed_attachment_id", "!=", False),
                ("signed_document_sha256", "!=", False),
            ],
            1,
        ),
        *(
            (
                f"obligations {state}",
                "customer.contract.obligation",
                [("state", "=", state)],
                1,
            )
            for state in ("done", "waived", "missed")
        ),
        (
            "contract invoices paid in part (collections)",
            "account.move",
            [
                ("contract_id", "!=", False),
                ("state", "=", "posted"),
                ("payment_state", "=", "partial"),
            ],
            1,
        ),
        (
            "contracts with overdue receivables",
            "customer.contract",
            [("collection_has_overdue", "=", True)],
            1,
        ),
        (
            "overdue contract invoices whose owner got an activity",
            "account.move",
            [("contract_overdue_activity_date", "!=", False)],
            1,
        ),
        (
            "customer obligations with evidence submitted on the portal, to review",
            "customer.contract.obligation",
            [
                ("party", "=", "customer"),
                ("evidence_state", "=", "submitted"),
                ("evidence_submitted_ids", "!=", False),
                ("activity_ids.activity_type_id", "=", evidence_activity.id),
            ],
            1,
        ),
        (
            "contracts priced by the customer's pricelist in a foreign currency, "
            "with their value in the company's currency",
            _foreign_priced_contracts,
            None,
            1,
        ),
        (
            "obligations due soon (to do, in the warning window)",
            "customer.contract.obligation",
            [
                ("state", "=", "todo"),
                ("in_warning_window", "=", True),
                ("date_due", ">=", today),
            ],
            1,
        ),
    ]


def _foreign_priced_contracts(env):
    foreign = env["customer.contract"].search(
        [("pricelist_id", "!=", False), ("amount_untaxed_company", ">", 0)]
    )
    return len(
        foreign.filtered(
            lambda c: (
                c.currency_id == c.pricelist_id.currency_id
                and c.currency_id != c.company_id.currency_id
                and c.line_ids
            )
        )
    )


def _approval_features(env):
    models = ("customer.contract", "customer.contract.amendment")
    decided = [
        ("model", "in", models),
        ("status", "in", ("approved", "rejected")),
    ]
    from odoo import fields  # noqa: PLC0415 - imported once Odoo is set up
    from odoo.tools.safe_eval import safe_eval  # noqa: PLC0415

    now = fields.Datetime.now()

    def average_decision_hours(env):
        # The Approval Cycle Time report: its action's domain, its default
        # filter (decided), the average decision time it shows.
        action = env.ref(
            "customer_contract_approval.tier_review_action_contract_cycle_time"
        )
        [(average,)] = env["tier.review"]._read_group(
            [*safe_eval(action.domain), *decided],
            [],
            ["approval_duration_hours:avg"],
        )
        return round(average or 0.0, 1)

    return [
        (
            "contracts awaiting approval",
            "customer.contract",
            [("state", "=", "to_approve")],
            1,
        ),
        (
            "contracts approved, awaiting signature",
            "customer.contract",
            [("state", "=", "approved")],
            1,
        ),
        (
            "signed contracts with an approval history",
            "customer.contract",
            [
                ("state", "in", ("signed", "active")),
                ("approval_review_ids.status", "=", "approved"),
            ],
            1,
        ),
        (
            "reviews awaiting a decision",
            "tier.review",
            [("model", "in", models), ("status", "=", "pending")],
            1,
        ),
        (
            "decided reviews, decided in the past after some hours",
            "tier.review",
            [
                *decided,
                ("reviewed_date", "<", now),
                ("approval_duration_hours", ">", 0),
            ],
            1,
        ),
        (
            "rejections kept in the history",
            "tier.review",
            [("model", "in", models), ("status", "=", "rejected")],
            1,
        ),
        (
            "Approval Cycle Time report: average decision time (hours)",
            average_decision_hours,
            None,
            # Rounded to a tenth of an hour: anything but 0.0.
            0.1,
        ),
    ]


def _renewal_features(env):
    return [
        (
            "renewal opportunities in the pipeline, linked to their contract",
            "crm.lead",
            [
                ("type", "=", "opportunity"),
                ("active", "=", True),
                ("won_status", "=", "pending"),
                ("is_contract_renewal", "=", True),
                ("contract_ids", "!=", False),
            ],
            1,
        ),
        (
            "contracts renewing automatically",
            "customer.contract",
            [("renewal_mode", "=", "automatic")],
            1,
        ),
    ]


def _billing_features(env):
    return [
        (
            "contracts billed by period, with their schedule",
            "customer.contract",
            [("billing_plan", "=", "recurring"), ("billing_line_ids", "!=", False)],
            1,
        ),
        (
            "contracts billed by installments, with their schedule",
            "customer.contract",
            [("billing_plan", "=", "installments"), ("billing_line_ids", "!=", False)],
            1,
        ),
        (
            "billing schedule lines planned",
            "customer.contract.billing.line",
            [("state", "=", "planned")],
            1,
        ),
        (
            "installments due when an obligation is done",
            "customer.contract.billing.line",
            [("obligation_id", "!=", False)],
            1,
        ),
        (
            "invoices made by a billing plan",
            "account.move",
            [("contract_billing_line_id", "!=", False)],
            1,
        ),
    ]


def _dashboard_features(env):
    group = env.ref(
        "customer_contract_spreadsheet_dashboard.spreadsheet_dashboard_group_contracts"
    )
    contract_dashboards = [
        ("dashboard_group_id", "=", group.id),
        ("is_published", "=", True),
    ]

    def showing_demo_data(env):
        dashboards = env["spreadsheet.dashboard"].search(contract_dashboards)
        return len(
            dashboards.filtered(lambda dashboard: not dashboard._dashboard_is_empty())
        )

    return [
        ("contract dashboards", "spreadsheet.dashboard", contract_dashboards, 1),
        (
            "contract dashboards showing the demo data (not their sample)",
            showing_demo_data,
            None,
            1,
        ),
    ]


# The features of each addon, shown when it is installed.
FEATURES = [
    ("customer_contract", _contract_features),
    ("customer_contract_approval", _approval_features),
    ("customer_contract_renewal", _renewal_features),
    ("customer_contract_billing", _billing_features),
    ("customer_contract_spreadsheet_dashboard", _dashboard_features),
]


def check(env):
    """:return: [(feature, figure, minimum)] for the installed addons"""
    installed = set(
        env["ir.module.module"].search([("state", "=", "installed")]).mapped("name")
    )
    checks = []
    for addon, features in FEATURES:
        if addon not in installed:
            continue
        for label, model, domain, minimum in features(env):
            if callable(model):
                figure = model(env)
            else:
                figure = env[model].with_context(active_test=False).search_count(domain)
            checks.append((label, figure, minimum))
    return checks


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("database")
    parser.add_argument("--addons-path", default=str(ROOT))
    args = parser.parse_args()

    import odoo  # noqa: PLC0415 - Odoo is set up first, from the command line
    from odoo.modules.registry import Registry  # noqa: PLC0415
    from odoo.tools import config  # noqa: PLC0415

    config.parse_config(
        [
            f"--addons-path={args.addons_path}",
            f"--database={args.database}",
            "--log-level=warn",
            "--http-interface=127.0.0.1",
        ],
        setup_logging=True,
    )
    registry = Registry(args.database)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.api.SUPERUSER_ID, {})
        if not env["ir.module.module"].search_count(
            [("name", "=", "customer_contract"), ("state", "=", "installed")]
        ):
            sys.exit(f"customer_contract is not installed in {args.database}")
        checks = check(env)
        cr.rollback()
    width = max(len(feature) for feature, _figure, _minimum in checks)
    report = [f"Demo data of {args.database}:"]
    report += [f"  {feature:<{width}}  {figure}" for feature, figure, _min in checks]
    missing = [feature for feature, figure, minimum in checks if figure < minimum]
    if not missing:
        report.append("Every feature is in the demo data.")
    sys.stdout.write("\n".join(report) + "\n")
    if missing:
        sys.exit(
            "\nThe demo data does not show:\n"
            + "".join(f"  - {feature}\n" for feature in missing)
            + "Complete the demo files of the addons (demo/*.xml)."
        )


if __name__ == "__main__":
    main()
