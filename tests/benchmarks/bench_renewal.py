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

import argparse
import cProfile
import pstats
import time
from datetime import timedelta

from odoo import SUPERUSER_ID, Command, api, fields
from odoo.modules.registry import Registry
from odoo.service.server import load_server_wide_modules
from odoo.tools import config


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-d", "--database", default="rn_bench")
    parser.add_argument("--addons-path", required=True)
    parser.add_argument("-n", "--contracts", type=int, default=5000)
    parser.add_argument("--batch-size", type=int, default=200)
    parser.add_argument(
        "--profile", action="store_true", help="print where the cron spends its time"
    )
    return parser.parse_args()


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
    ids = []
    for start in range(0, count, batch_size):
        contracts = env["customer.contract"].create(
            [
                {
                    "name": f"Benchmark {stamp} {i}",
                    "partner_id": customer.id,
                    "signatory_id": signatory.id,
                    "type_id": contract_type.id,
                    "date_start": date_start,
                    "date_end": date_end,
                    "line_ids": [
                        Command.create(
                            {
                                "product_id": product.id,
                                "quantity": 1 + (i + j) % 5,
                                "price_unit": 10.0 * (1 + (i * 3 + j) % 97),
                            }
                        )
                        for j, product in enumerate(products)
                    ],
                }
                for i in range(start, min(start + batch_size, count))
            ]
        )
        # Signed and in force; the reminders of the term went out already.
        contracts.write({"state": "active", "renewal_reminded": True})
        ids += contracts.ids
        env.cr.commit()
        env.invalidate_all()
    return env["customer.contract"].browse(ids)


def analyze(cr):
    cr.commit()
    old = cr._cnx.autocommit
    cr._cnx.autocommit = True
    cr.execute("ANALYZE")
    cr._cnx.autocommit = old


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


def main():
    args = parse_args()
    config.parse_config(
        [
            f"--addons-path={args.addons_path}",
            "-d",
            args.database,
            "--log-level=warn",
            "--max-cron-threads=0",
        ]
    )
    load_server_wide_modules()
    registry = Registry(args.database)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        print(f"Building {args.contracts} contracts (3 lines each)...", flush=True)
        started = time.perf_counter()
        contracts = build(env, args.contracts, args.batch_size)
        print(f"  built in {time.perf_counter() - started:.1f} s", flush=True)
        analyze(cr)

        count = len(contracts)
        queries = cr.sql_log_count
        started = time.perf_counter()
        baseline(env, contracts, args.batch_size)
        baseline_time = time.perf_counter() - started
        baseline_queries = cr.sql_log_count - queries
        cr.rollback()
        env.invalidate_all()
        analyze(cr)

        queries = cr.sql_log_count
        started = time.perf_counter()
        if args.profile:
            profiler = cProfile.Profile()
            profiler.runcall(
                env["customer.contract"]._cron_renewal, batch_size=args.batch_size
            )
        else:
            env["customer.contract"]._cron_renewal(batch_size=args.batch_size)
        cron_time = time.perf_counter() - started
        cron_queries = cr.sql_log_count - queries
        env.invalidate_all()
        renewed = env["customer.contract"].search_count(
            [("id", "in", contracts.ids), ("version_number", "=", 2)]
        )

    print(f"contracts:             {count} ({renewed} renewed by the cron)")
    print(
        f"baseline create():     {baseline_time:8.2f} s  "
        f"({count / baseline_time:6.1f} contracts/s, "
        f"{baseline_queries / count:.2f} queries per contract)"
    )
    print(
        f"renewal cron:          {cron_time:8.2f} s  "
        f"({count / cron_time:6.1f} contracts/s, "
        f"{cron_queries / count:.2f} queries per contract)"
    )
    print(f"ratio cron / baseline: {cron_time / baseline_time:8.2f}")
    if args.profile:
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(60)


if __name__ == "__main__":
    main()
