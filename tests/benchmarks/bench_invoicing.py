# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
# A command-line benchmark: it prints its figures and commits its data.
# pylint: disable=print-used,invalid-commit
"""Benchmark of the invoicing cron against a plain batched create().

Builds N active contracts billed monthly in advance (3 lines each), whose
schedule line of this month is due today, commits and ANALYZEs, then
measures in the same run:

- the baseline: a plain batched ``account.move.create()`` of the same N
  draft invoices with their lines, the values prepared beforehand (rolled
  back, then ANALYZE again);
- the invoicing cron (``_cron_billing``), which commits after each batch.

Prints both times, the ratio and the queries per invoice. Run it by hand
(see README.md); it is not a test.
"""

import argparse
import cProfile
import pstats
import time

from dateutil.relativedelta import relativedelta

from odoo import SUPERUSER_ID, Command, api, fields
from odoo.fields import Domain
from odoo.modules.registry import Registry
from odoo.service.server import load_server_wide_modules
from odoo.tools import config


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-d", "--database", default="hb_bench")
    parser.add_argument("--addons-path", required=True)
    parser.add_argument("-n", "--contracts", type=int, default=5000)
    parser.add_argument("--batch-size", type=int, default=200)
    parser.add_argument(
        "--profile", action="store_true", help="print where the cron spends its time"
    )
    return parser.parse_args()


def build(env, count, batch_size):
    """N active contracts of this month and the next eleven, billed monthly
    in advance: the line of this month is due today."""
    today = fields.Date.context_today(env["customer.contract"])
    date_start = today.replace(day=1)
    date_end = date_start + relativedelta(years=1, days=-1)
    stamp = int(time.time())
    customer = env["res.partner"].create(
        {"name": f"Benchmark Customer {stamp}", "is_company": True}
    )
    products = env["product.product"].create(
        [
            {
                "name": f"Benchmark Service {i}",
                "type": "service",
                "list_price": 10,
                "taxes_id": [Command.clear()],
            }
            for i in range(3)
        ]
    )
    ids = []
    for start in range(0, count, batch_size):
        contracts = env["customer.contract"].create(
            [
                {
                    "name": f"Benchmark {stamp} {i}",
                    "partner_id": customer.id,
                    "date_start": date_start,
                    "date_end": date_end,
                    "billing_plan": "recurring",
                    "billing_interval": "1",
                    "billing_timing": "advance",
                    "line_ids": [
                        Command.create(
                            {
                                "product_id": product.id,
                                "quantity": 1 + (i + j) % 5,
                                "price_unit": 120.0 * (1 + (i * 3 + j) % 97),
                            }
                        )
                        for j, product in enumerate(products)
                    ],
                }
                for i in range(start, min(start + batch_size, count))
            ]
        )
        # Signed and in force, with their schedule.
        contracts.write({"state": "active"})
        contracts._billing_generate()
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


def baseline_values(env, contracts, batch_size):
    """The values of the invoices the cron makes (prepared outside the
    measure: the baseline is the create() alone)."""
    today = fields.Date.context_today(env["customer.contract"])
    Line = env["customer.contract.billing.line"]
    batches = []
    for start in range(0, len(contracts), batch_size):
        batch = contracts[start : start + batch_size]
        lines = Line.search(
            batch._billing_due_line_domain(today)
            & Domain("contract_id", "in", batch.ids)
        )
        batches.append(lines._billing_prepare_invoices(today))
    env.invalidate_all()
    return batches


def baseline(env, batches):
    """A plain batched create() of the same draft invoices with their lines:
    what the invoicing must write at the least."""
    Move = env["account.move"].with_context(default_move_type="out_invoice")
    for vals_list in batches:
        Move.create(vals_list)
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
            "--http-interface=127.0.0.1",
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
        batches = baseline_values(env, contracts, args.batch_size)
        queries = cr.sql_log_count
        started = time.perf_counter()
        baseline(env, batches)
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
                env["customer.contract"]._cron_billing, batch_size=args.batch_size
            )
        else:
            env["customer.contract"]._cron_billing(batch_size=args.batch_size)
        cron_time = time.perf_counter() - started
        cron_queries = cr.sql_log_count - queries
        env.invalidate_all()
        invoiced = env["account.move"].search_count(
            [("contract_id", "in", contracts.ids)]
        )

    print(f"contracts:             {count} ({invoiced} invoiced by the cron)")
    print(
        f"baseline create():     {baseline_time:8.2f} s  "
        f"({count / baseline_time:6.1f} invoices/s, "
        f"{baseline_queries / count:.2f} queries per invoice)"
    )
    print(
        f"invoicing cron:        {cron_time:8.2f} s  "
        f"({invoiced / cron_time:6.1f} invoices/s, "
        f"{cron_queries / max(invoiced, 1):.2f} queries per invoice)"
    )
    print(f"ratio cron / baseline: {cron_time / baseline_time:8.2f}")
    if args.profile:
        profiler.dump_stats("/tmp/bench_invoicing.prof")
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(60)


if __name__ == "__main__":
    main()
