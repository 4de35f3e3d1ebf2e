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

import time
from functools import partial

from _common import create_contracts, line_commands, parse_args, report, run
from dateutil.relativedelta import relativedelta

from odoo import Command, fields
from odoo.fields import Domain


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

    def values(i):
        return {
            "name": f"Benchmark {stamp} {i}",
            "partner_id": customer.id,
            "date_start": date_start,
            "date_end": date_end,
            "billing_plan": "recurring",
            "billing_interval": "1",
            "billing_timing": "advance",
            "line_ids": line_commands(products, i, 120.0),
        }

    def prepare(contracts):
        # Signed and in force, with their schedule.
        contracts.write({"state": "active"})
        contracts._billing_generate()

    return create_contracts(env, count, batch_size, values, prepare)


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


def prepare_baseline(env, contracts, batch_size):
    return partial(baseline, env, baseline_values(env, contracts, batch_size))


def count_invoiced(env, contracts):
    return env["account.move"].search_count([("contract_id", "in", contracts.ids)])


def main():
    args = parse_args(__doc__, "hb_bench")
    result = run(args, build, prepare_baseline, "_cron_billing", count_invoiced)
    report(
        result,
        "invoice",
        "invoicing cron",
        "invoiced",
        per_done=True,
        profile_dump="/tmp/bench_invoicing.prof",
    )


if __name__ == "__main__":
    main()
