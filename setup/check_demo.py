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


def _count(env, model, domain):
    return env[model].with_context(active_test=False).search_count(domain)


def _contract_checks(env):
    from odoo import fields  # noqa: PLC0415 - imported once Odoo is set up

    today = fields.Date.context_today(env["customer.contract.obligation"])
    checks = []
    states = dict(env["customer.contract"]._fields["state"].selection)
    for state in (
        "draft",
        "negotiation",
        "signed",
        "active",
        "expired",
        "terminated",
        "cancelled",
    ):
        checks.append(
            (
                f"contracts {states[state]}",
                _count(env, "customer.contract", [("state", "=", state)]),
            )
        )
    checks += [
        (
            "contracts created from a won opportunity, signed",
            _count(
                env,
                "customer.contract",
                [
                    ("opportunity_id.won_status", "=", "won"),
                    ("state", "in", ("signed", "active", "expired")),
                ],
            ),
        ),
        (
            "contracts created from a confirmed quotation",
            _count(
                env,
                "customer.contract",
                [("sale_order_ids.state", "=", "sale")],
            ),
        ),
        (
            "posted invoices of a contract",
            _count(
                env,
                "account.move",
                [
                    ("contract_id", "!=", False),
                    ("move_type", "=", "out_invoice"),
                    ("state", "=", "posted"),
                ],
            ),
        ),
        (
            "posted credit notes of a contract (reversing one of its invoices)",
            _count(
                env,
                "account.move",
                [
                    ("contract_id", "!=", False),
                    ("move_type", "=", "out_refund"),
                    ("state", "=", "posted"),
                    ("reversed_entry_id.contract_id", "!=", False),
                ],
            ),
        ),
        (
            "applied amendments with the version they superseded",
            _count(
                env,
                "customer.contract.amendment",
                [
                    ("state", "=", "applied"),
                    (
                        "id",
                        "in",
                        env["customer.contract.version"]
                        .search([])
                        .superseded_by_id.ids,
                    ),
                ],
            ),
        ),
        (
            "amendments in draft",
            _count(env, "customer.contract.amendment", [("state", "=", "draft")]),
        ),
        (
            "contracts awaiting the customer's signature online",
            _count(
                env,
                "customer.contract",
                [
                    ("sign_request_state", "=", "customer"),
                    ("state", "=", "negotiation"),
                ],
            ),
        ),
        (
            "contracts signed online by both parties",
            _count(
                env,
                "customer.contract",
                [
                    ("sign_request_state", "=", "signed"),
                    ("customer_signed_on", "!=", False),
                    ("company_signed_on", "!=", False),
                    ("state", "in", ("signed", "active")),
                ],
            ),
        ),
        (
            "Contract Signatories with a signature limit",
            _count(
                env,
                "res.users",
                [
                    ("contract_sign_limit", ">", 0),
                    (
                        "all_group_ids",
                        "in",
                        env.ref(
                            "customer_contract.customer_contract_group_signatory"
                        ).ids,
                    ),
                ],
            ),
        ),
        (
            "contracts signed online, sealed (signed PDF and its SHA-256)",
            _count(
                env,
                "customer.contract",
                [
                    ("sign_request_state", "=", "signed"),
                    ("signed_attachment_id", "!=", False),
                    ("signed_document_sha256", "!=", False),
                ],
            ),
        ),
    ]
    for state in ("done", "waived", "missed"):
        checks.append(
            (
                f"obligations {state}",
                _count(env, "customer.contract.obligation", [("state", "=", state)]),
            )
        )
    checks += [
        (
            "contract invoices paid in part (collections)",
            _count(
                env,
                "account.move",
                [
                    ("contract_id", "!=", False),
                    ("state", "=", "posted"),
                    ("payment_state", "=", "partial"),
                ],
            ),
        ),
        (
            "contracts with overdue receivables",
            _count(env, "customer.contract", [("collection_has_overdue", "=", True)]),
        ),
        (
            "overdue contract invoices whose owner got an activity",
            _count(
                env,
                "account.move",
                [("contract_overdue_activity_date", "!=", False)],
            ),
        ),
    ]
    checks.append(
        (
            "customer obligations with evidence submitted on the portal, to review",
            _count(
                env,
                "customer.contract.obligation",
                [
                    ("party", "=", "customer"),
                    ("evidence_state", "=", "submitted"),
                    ("evidence_submitted_ids", "!=", False),
                    (
                        "activity_ids.activity_type_id",
                        "=",
                        env.ref(
                            "customer_contract.mail_activity_type_obligation_evidence"
                        ).id,
                    ),
                ],
            ),
        )
    )
    foreign = env["customer.contract"].search(
        [("pricelist_id", "!=", False), ("amount_untaxed_company", ">", 0)]
    )
    checks.append(
        (
            "contracts priced by the customer's pricelist in a foreign currency, "
            "with their value in the company's currency",
            len(
                foreign.filtered(
                    lambda c: (
                        c.currency_id == c.pricelist_id.currency_id
                        and c.currency_id != c.company_id.currency_id
                        and c.line_ids
                    )
                )
            ),
        )
    )
    checks.append(
        (
            "obligations due soon (to do, in the warning window)",
            _count(
                env,
                "customer.contract.obligation",
                [
                    ("state", "=", "todo"),
                    ("in_warning_window", "=", True),
                    ("date_due", ">=", today),
                ],
            ),
        )
    )
    return checks


def _approval_checks(env):
    models = ("customer.contract", "customer.contract.amendment")
    decided = [
        ("model", "in", models),
        ("status", "in", ("approved", "rejected")),
    ]
    from odoo import fields  # noqa: PLC0415 - imported once Odoo is set up
    from odoo.tools.safe_eval import safe_eval  # noqa: PLC0415

    now = fields.Datetime.now()
    checks = [
        (
            "contracts awaiting approval",
            _count(env, "customer.contract", [("state", "=", "to_approve")]),
        ),
        (
            "contracts approved, awaiting signature",
            _count(env, "customer.contract", [("state", "=", "approved")]),
        ),
        (
            "signed contracts with an approval history",
            _count(
                env,
                "customer.contract",
                [
                    ("state", "in", ("signed", "active")),
                    ("approval_review_ids.status", "=", "approved"),
                ],
            ),
        ),
        (
            "reviews awaiting a decision",
            _count(
                env,
                "tier.review",
                [("model", "in", models), ("status", "=", "pending")],
            ),
        ),
        (
            "decided reviews, decided in the past after some hours",
            _count(
                env,
                "tier.review",
                [
                    *decided,
                    ("reviewed_date", "<", now),
                    ("approval_duration_hours", ">", 0),
                ],
            ),
        ),
        (
            "rejections kept in the history",
            _count(
                env,
                "tier.review",
                [("model", "in", models), ("status", "=", "rejected")],
            ),
        ),
    ]
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
    checks.append(
        (
            "Approval Cycle Time report: average decision time (hours)",
            round(average or 0.0, 1),
        )
    )
    return checks


def _renewal_checks(env):
    return [
        (
            "renewal opportunities in the pipeline, linked to their contract",
            _count(
                env,
                "crm.lead",
                [
                    ("type", "=", "opportunity"),
                    ("active", "=", True),
                    ("won_status", "=", "pending"),
                    ("is_contract_renewal", "=", True),
                    ("contract_ids", "!=", False),
                ],
            ),
        ),
        (
            "contracts renewing automatically",
            _count(env, "customer.contract", [("renewal_mode", "=", "automatic")]),
        ),
    ]


def _billing_checks(env):
    return [
        (
            "contracts billed by period, with their schedule",
            _count(
                env,
                "customer.contract",
                [("billing_plan", "=", "recurring"), ("billing_line_ids", "!=", False)],
            ),
        ),
        (
            "contracts billed by installments, with their schedule",
            _count(
                env,
                "customer.contract",
                [
                    ("billing_plan", "=", "installments"),
                    ("billing_line_ids", "!=", False),
                ],
            ),
        ),
        (
            "billing schedule lines planned",
            _count(env, "customer.contract.billing.line", [("state", "=", "planned")]),
        ),
        (
            "installments due when an obligation is done",
            _count(
                env,
                "customer.contract.billing.line",
                [("obligation_id", "!=", False)],
            ),
        ),
        (
            "invoices made by a billing plan",
            _count(env, "account.move", [("contract_billing_line_id", "!=", False)]),
        ),
    ]


def _dashboard_checks(env):
    group = env.ref(
        "customer_contract_spreadsheet_dashboard.spreadsheet_dashboard_group_contracts"
    )
    dashboards = env["spreadsheet.dashboard"].search(
        [("dashboard_group_id", "=", group.id), ("is_published", "=", True)]
    )
    return [
        ("contract dashboards", len(dashboards)),
        (
            "contract dashboards showing the demo data (not their sample)",
            len(
                dashboards.filtered(
                    lambda dashboard: not dashboard._dashboard_is_empty()
                )
            ),
        ),
    ]


def check(env):
    """:return: [(feature, count)] for the installed addons"""
    installed = set(
        env["ir.module.module"].search([("state", "=", "installed")]).mapped("name")
    )
    checks = []
    if "customer_contract" in installed:
        checks += _contract_checks(env)
    if "customer_contract_approval" in installed:
        checks += _approval_checks(env)
    if "customer_contract_renewal" in installed:
        checks += _renewal_checks(env)
    if "customer_contract_billing" in installed:
        checks += _billing_checks(env)
    if "customer_contract_spreadsheet_dashboard" in installed:
        checks += _dashboard_checks(env)
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
    width = max(len(feature) for feature, _count in checks)
    report = [f"Demo data of {args.database}:"]
    report += [f"  {feature:<{width}}  {count}" for feature, count in checks]
    missing = [feature for feature, count in checks if not count]
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
