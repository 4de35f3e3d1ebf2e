# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
# A command-line benchmark: it prints its figures and commits its data.
# pylint: disable=print-used,invalid-commit
"""Benchmark of the renewal cron against a plain batched create().

Builds N contracts due for automatic renewal today (3 lines each, their
reminders already sent), commits and ANALYZEs, then measures in the same run:

- the baseline: a plain batched ``create()`` of N versions and N amendments
  with their lines (rolled back, then ANALYZE again);
- the renewal cron (``_cron_renewal``), which commits after each batch.

Prints both times, the ratio and the queries per contract. Run it by hand
(see README.md); it is not a test.
"""

import time
from datetime import timedelta
from functools import partial

from _common import create_contracts, line_commands, parse_args, report, run

from odoo import Command, fields


def build(env, count, batch_size):
    """N active contracts ending today, renewing automatically."""
    today = fields.Date.context_today(env["customer.contract"])
    date_end = today
    date_start = date_end - timedelta(days=364)
    stamp = int(time.time())
    customer = env["res.partner"].create(
        {"name": f"Benchmark Customer {stamp}", "is_company": True}
    )
    signatory = env["res.partner"].create(
        {
            "name": "Benchmark Signatory",
            "parent_id": customer.id,
            "email": "signatory@example.com",
        }
    )
    products = env["product.product"].create(
        [
            {"name": f"Benchmark Product {i}", "type": "service", "list_price": 10}
            for i in range(3)
        ]
    )
    contract_type = env["customer.contract.type"].create(
        {
            "name": f"Benchmark renewals {stamp}",
            "renewal_mode": "automatic",
            "renewal_term_months": 12,
            "renewal_notice_days": 30,
            "renewal_reminder_days": 15,
            "renewal_uplift": 3.0,
        }
    )

    def values(i):
        return {
            "name": f"Benchmark {stamp} {i}",
            "partner_id": customer.id,
            "signatory_id": signatory.id,
            "type_id": contract_type.id,
            "date_start": date_start,
            "date_end": date_end,
            "line_ids": line_commands(products, i, 10.0),
        }

    def prepare(contracts):
        # Signed and in force; the reminders of the term went out already.
        contracts.write({"state": "active", "renewal_reminded": True})

    return create_contracts(env, count, batch_size, values, prepare)


def baseline(env, contracts, batch_size):
    """A plain batched create() of one version and one amendment per
    contract, with their lines: what a renewal must write at the least."""
    Version = env["customer.contract.version"].sudo()
    Amendment = env["customer.contract.amendment"].sudo()
    for start in range(0, len(contracts), batch_size):
        batch = contracts[start : start + batch_size]
        Version.create(
            [
                {
                    "contract_id": contract.id,
                    "number": 1000 + contract.version_number,
                    "company_id": contract.company_id.id,
                    "currency_id": contract.currency_id.id,
                    "name": contract.name,
                    "partner_id": contract.partner_id.id,
                    "date_start": contract.date_start,
                    "date_end": contract.date_end,
                    "line_ids": [
                        Command.create(line._prepare_version_line_values())
                        for line in contract.line_ids
                    ],
                }
                for contract in batch
            ]
        )
        Amendment.create(
            [
                {
                    "contract_id": contract.id,
                    "automatic": True,
                    "date_start": contract.date_end + timedelta(days=1),
                    "date_end": contract.date_end + timedelta(days=365),
                    "line_ids": [
                        Command.create(line._prepare_amendment_line_values())
                        for line in contract.line_ids
                    ],
                }
                for contract in batch
            ]
        )
        env.flush_all()
        env.invalidate_all()


def prepare_baseline(env, contracts, batch_size):
    return partial(baseline, env, contracts, batch_size)


def count_renewed(env, contracts):
    return env["customer.contract"].search_count(
        [("id", "in", contracts.ids), ("version_number", "=", 2)]
    )


def main():
    args = parse_args(__doc__, "rn_bench")
    result = run(args, build, prepare_baseline, "_cron_renewal", count_renewed)
    report(result, "contract", "renewal cron", "renewed")


if __name__ == "__main__":
    main()
