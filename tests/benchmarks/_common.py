# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
# Shared by command-line benchmarks: it prints their figures and commits.
# pylint: disable=print-used,invalid-commit
"""What the cron benchmarks (bench_renewal.py, bench_invoicing.py) share:
their command line, the contracts built batch by batch, and the run that
times a plain batched create() (the baseline) and then the cron, with the
queries of each."""

import argparse
import cProfile
import pstats
import time
from collections import namedtuple

from odoo import SUPERUSER_ID, Command, api
from odoo.modules.registry import Registry
from odoo.service.server import load_server_wide_modules
from odoo.tools import config

# What run() measured: the contracts built (count), how many the cron did
# (done), (seconds, queries) of the baseline and of the cron, the profiler of
# the cron (or None).
Result = namedtuple("Result", "count done baseline cron profiler")


def parse_args(doc, database):
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("-d", "--database", default=database)
    parser.add_argument("--addons-path", required=True)
    parser.add_argument("-n", "--contracts", type=int, default=5000)
    parser.add_argument("--batch-size", type=int, default=200)
    parser.add_argument(
        "--profile", action="store_true", help="print where the cron spends its time"
    )
    return parser.parse_args()


def line_commands(products, i, price):
    """The lines of the i-th contract: one per product, quantities and
    prices varying from one contract to the next."""
    return [
        Command.create(
            {
                "product_id": product.id,
                "quantity": 1 + (i + j) % 5,
                "price_unit": price * (1 + (i * 3 + j) % 97),
            }
        )
        for j, product in enumerate(products)
    ]


def create_contracts(env, count, batch_size, values, prepare):
    """``count`` contracts of values ``values(i)``, created batch by batch,
    each batch made ready by ``prepare(contracts)`` and committed."""
    ids = []
    for start in range(0, count, batch_size):
        contracts = env["customer.contract"].create(
            [values(i) for i in range(start, min(start + batch_size, count))]
        )
        prepare(contracts)
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


def measure(cr, func, profiler=None, **kwargs):
    """Run ``func(**kwargs)`` (under ``profiler`` if given).

    :return: (seconds, queries)
    """
    queries = cr.sql_log_count
    started = time.perf_counter()
    if profiler:
        profiler.runcall(func, **kwargs)
    else:
        func(**kwargs)
    return time.perf_counter() - started, cr.sql_log_count - queries


def run(args, build, prepare_baseline, cron, count_done):
    """Build the contracts, then time the baseline (rolled back) and the
    cron, each on freshly ANALYZEd tables.

    :param build: ``build(env, count, batch_size)``: the contracts, committed
    :param prepare_baseline: ``prepare_baseline(env, contracts, batch_size)``:
        the function to time (what it prepares is not timed)
    :param str cron: the method of ``customer.contract`` to time, called with
        ``batch_size``
    :param count_done: ``count_done(env, contracts)``: how many the cron did
    :rtype: Result
    """
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

        baseline = measure(cr, prepare_baseline(env, contracts, args.batch_size))
        cr.rollback()
        env.invalidate_all()
        analyze(cr)

        profiler = cProfile.Profile() if args.profile else None
        cron_figures = measure(
            cr,
            getattr(env["customer.contract"], cron),
            profiler=profiler,
            batch_size=args.batch_size,
        )
        env.invalidate_all()
        done = count_done(env, contracts)
    return Result(len(contracts), done, baseline, cron_figures, profiler)


def report(result, unit, cron_label, verb, per_done=False, profile_dump=None):
    """Print the figures of a run, then the profile of the cron if any.

    :param str unit: what the rates count ("contract", "invoice")
    :param str verb: what the cron did to the contracts ("renewed")
    :param bool per_done: the cron's rates count what it did, not the
        contracts built
    :param str profile_dump: the file the profile is also written to
    """
    count = result.count
    baseline_time, baseline_queries = result.baseline
    cron_time, cron_queries = result.cron
    cron_count = result.done if per_done else count
    print(f"contracts:             {count} ({result.done} {verb} by the cron)")
    print(
        f"baseline create():     {baseline_time:8.2f} s  "
        f"({count / baseline_time:6.1f} {unit}s/s, "
        f"{baseline_queries / count:.2f} queries per {unit})"
    )
    print(
        f"{cron_label + ':':<23}{cron_time:8.2f} s  "
        f"({cron_count / cron_time:6.1f} {unit}s/s, "
        f"{cron_queries / max(cron_count, 1):.2f} queries per {unit})"
    )
    print(f"ratio cron / baseline: {cron_time / baseline_time:8.2f}")
    if result.profiler:
        if profile_dump:
            result.profiler.dump_stats(profile_dump)
        pstats.Stats(result.profiler).sort_stats("cumulative").print_stats(60)
