# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
# A command-line benchmark: it prints its figures and commits its data.
# pylint: disable=print-used,invalid-commit,sql-injection
"""Benchmark of the daily reads and crons on a large volume of contracts.

Builds N contracts (3 lines each, across states, types and customers) with 10
obligations each: a few template contracts through the ORM, then their clones
by SQL bulk inserts (``INSERT ... SELECT`` over ``generate_series``), with the
stored computed fields that depend on the dates fixed by SQL. It builds N/10
first and measures the reads, builds the rest and measures them again (the
queries of each read must not depend on the volume); then runs each daily
cron at two amounts of due work (its time must follow the work, not the
volume).

Run it by hand (see README.md); it is not a test.
"""

import argparse
import statistics
import time
from datetime import timedelta

from lxml import etree

from odoo import SUPERUSER_ID, Command, api, fields
from odoo.modules.registry import Registry
from odoo.service.server import load_server_wide_modules
from odoo.tools import config
from odoo.tools.safe_eval import datetime as safe_datetime
from odoo.tools.safe_eval import dateutil, safe_eval

# (state, weight): how the clones spread across states.
STATES = [
    ("draft", 1),
    ("negotiation", 1),
    ("to_approve", 1),
    ("signed", 1),
    ("active", 5),
    ("expired", 2),
    ("terminated", 1),
    ("cancelled", 1),
]
RENEWAL_MODES = ["none", "automatic", "negotiated"]
LINES = 3
OBLIGATIONS = 10
# The filters of the search view timed as daily reads (name in the view).
FILTERS = [
    "expiring_30",
    "compliance_breach",
    "up_for_renewal",
    "approval_can_decide",
]
CRONS = [
    ("contract states", "customer_contract.customer_contract_cron_update_states"),
    ("obligations", "customer_contract.customer_contract_cron_check_obligations"),
    ("renewal", "customer_contract_renewal.customer_contract_cron_renewal"),
    (
        "approval deadlines",
        "customer_contract_approval.customer_contract_approval_cron_deadlines",
    ),
]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-d", "--database", default="vol_bench")
    parser.add_argument("--addons-path", required=True)
    parser.add_argument("-n", "--contracts", type=int, default=100000)
    parser.add_argument("--customers", type=int, default=2000)
    parser.add_argument(
        "--runs", type=int, default=5, help="runs of each read (median)"
    )
    parser.add_argument(
        "--work",
        default="20,100",
        help="the two amounts of due work given to each cron (records)",
    )
    parser.add_argument(
        "--explain",
        action="store_true",
        help="print EXPLAIN ANALYZE of the query of each filter",
    )
    return parser.parse_args()


def analyze(cr):
    cr.commit()
    old = cr._cnx.autocommit
    cr._cnx.autocommit = True
    cr.execute("VACUUM ANALYZE")
    cr._cnx.autocommit = old


# ----------------------------------------------------------------------
# Data
# ----------------------------------------------------------------------
def build_setup(env):
    """Customers, users, types, products, an approval rule and the template
    contracts (one per state and renewal mode), all through the ORM."""
    stamp = int(time.time())
    today = fields.Date.context_today(env["customer.contract"])
    group_user = env.ref("customer_contract.customer_contract_group_user")
    user = env["res.users"].create(
        {
            "name": "Benchmark Contract User",
            "login": f"bench_user_{stamp}",
            "email": "bench.user@example.com",
            "group_ids": [Command.set(group_user.ids)],
        }
    )
    customers = env["res.partner"].create(
        [
            {
                "name": f"Benchmark Customer {stamp} {i}",
                "is_company": True,
                "email": f"customer{i}@example.com",
            }
            for i in range(env.context["customers"])
        ]
    )
    signatory = env["res.partner"].create(
        {
            "name": "Benchmark Signatory",
            "parent_id": customers[0].id,
            "email": "signatory@example.com",
        }
    )
    portal = env["res.users"].create(
        {
            "name": "Benchmark Portal",
            "login": f"bench_portal_{stamp}",
            "partner_id": signatory.id,
            "group_ids": [Command.set(env.ref("base.group_portal").ids)],
        }
    )
    products = env["product.product"].create(
        [
            {
                "name": f"Benchmark Product {i}",
                "type": "service",
                "list_price": 10,
                "taxes_id": [Command.clear()],
            }
            for i in range(LINES)
        ]
    )
    clause = env["customer.contract.clause"].create(
        {
            "name": f"Benchmark Parties {stamp}",
            "category": "general",
            "body": '<p>This agreement binds <t t-out="object.partner_id.name"/>.</p>',
        }
    )
    template = env["customer.contract.template"].create(
        {"name": f"Benchmark {stamp}", "clause_ids": [Command.set(clause.ids)]}
    )
    types = env["customer.contract.type"].create(
        [
            {
                "name": f"Benchmark {mode} {stamp}",
                "template_id": template.id,
                "renewal_mode": mode,
                "renewal_term_months": 12,
                "renewal_notice_days": 30,
                "renewal_reminder_days": 15,
            }
            for mode in RENEWAL_MODES
        ]
    )
    env["tier.definition"].create(
        {
            "name": f"Benchmark approval {stamp}",
            "model_id": env["ir.model"]._get_id("customer.contract"),
            "review_type": "users",
            "approval_user_ids": [Command.set(user.ids)],
            "company_id": env.company.id,
            "approval_deadline_days": 10,
            "definition_domain": f"[('name', 'like', 'Benchmark {stamp}')]",
        }
    )
    templates = env["customer.contract"]
    for state, _weight in STATES:
        for contract_type in types:
            contract = env["customer.contract"].create(
                {
                    "name": f"Benchmark {stamp} {state}",
                    "partner_id": customers[0].id,
                    "signatory_id": signatory.id,
                    "type_id": contract_type.id,
                    "user_id": env.ref("base.user_admin").id,
                    "date_start": today + timedelta(days=30),
                    "date_end": today + timedelta(days=394),
                    "line_ids": [
                        Command.create(
                            {
                                "product_id": product.id,
                                "quantity": 1 + j,
                                "price_unit": 100.0 * (1 + j),
                            }
                        )
                        for j, product in enumerate(products)
                    ],
                    "obligation_ids": [
                        Command.create(
                            {
                                "name": f"Obligation {k}",
                                "user_id": user.id,
                                "date_due": today + timedelta(days=30 + 36 * k),
                            }
                        )
                        for k in range(1, OBLIGATIONS + 1)
                    ],
                }
            )
            if state == "to_approve":
                contract.action_request_approval()
            elif state != "draft":
                contract.write({"state": state})
            templates |= contract
    env.flush_all()
    return {
        "stamp": stamp,
        "user": user,
        "portal": portal,
        "customers": customers,
        "templates": templates,
    }


def columns(cr, table):
    cr.execute(
        "SELECT column_name FROM information_schema.columns "
        "WHERE table_name = %s ORDER BY ordinal_position",
        [table],
    )
    return [row[0] for row in cr.fetchall()]


def clone(cr, table, source, join, overrides, where="TRUE"):
    """INSERT INTO table SELECT every column of ``src`` (the template rows)
    but ``id`` and the ``overrides`` (column: SQL expression)."""
    names = [name for name in columns(cr, table) if name != "id" or "id" in overrides]
    exprs = [overrides.get(name, f"src.{name}") for name in names]
    cr.execute(
        f"INSERT INTO {table} ({', '.join(names)}) "
        f"SELECT {', '.join(exprs)} FROM {source} {join} WHERE {where}"
    )
    return cr.rowcount


def build_clones(env, setup, first, count):
    """Clone the templates into contracts first+1 .. first+count by SQL.

    Created by SQL: the contracts (own reference, title, customer, owner,
    dates by state), their lines (copies of the template's: same amounts),
    their obligations (due dates moved with the contract's start; states,
    due/warning flags and reminders set from today's date) and, for those
    to approve, their pending reviews. Then fixed by SQL: the renewal dates
    and the compliance of the new contracts. Not created: chatter messages,
    followers, activities, tags, versions.
    """
    cr = env.cr
    today = fields.Date.context_today(env["customer.contract"])
    templates = setup["templates"]
    weights = []
    for index, (_state, weight) in enumerate(STATES):
        for type_index in range(len(RENEWAL_MODES)):
            tmpl = templates[index * len(RENEWAL_MODES) + type_index]
            weights += [tmpl.id] * weight
    cr.execute("DROP TABLE IF EXISTS bench_tmpl, bench_cust, bench_map")
    cr.execute("CREATE TEMP TABLE bench_tmpl (slot int, tmpl_id int)")
    cr.execute(
        "INSERT INTO bench_tmpl SELECT s - 1, t FROM unnest(%s::int[]) "
        "WITH ORDINALITY AS x(t, s)",
        [weights],
    )
    cr.execute("CREATE TEMP TABLE bench_cust (slot int, partner_id int)")
    cr.execute(
        "INSERT INTO bench_cust SELECT s - 1, p FROM unnest(%s::int[]) "
        "WITH ORDINALITY AS x(p, s)",
        [setup["customers"].ids],
    )
    # The new ids, taken from the sequence: the children join on them.
    cr.execute(
        """
        CREATE TEMP TABLE bench_map AS
        SELECT g, t.tmpl_id, nextval('customer_contract_id_seq')::int AS new_id,
               c.partner_id
          FROM generate_series(%s, %s) g
          JOIN bench_tmpl t ON t.slot = g %% %s
          JOIN bench_cust c ON c.slot = g %% %s
        """,
        [first + 1, first + count, len(weights), len(setup["customers"])],
    )
    cr.execute("CREATE INDEX ON bench_map (tmpl_id)")
    cr.execute("ANALYZE bench_map")
    d = f"'{today.isoformat()}'::date"
    o = "(m.g % 360)"
    start = f"""CASE src.state
        WHEN 'active' THEN {d} - {o}
        WHEN 'signed' THEN {d} + 1 + m.g % 60
        WHEN 'expired' THEN {d} - 365 - {o}
        WHEN 'terminated' THEN {d} - 365 - {o}
        ELSE {d} + 30 + m.g % 60 END"""
    clone(
        cr,
        "customer_contract",
        "customer_contract src",
        "JOIN bench_map m ON m.tmpl_id = src.id",
        {
            "id": "m.new_id",
            "name": f"'Benchmark {setup['stamp']} ' || m.g",
            "reference": f"'BM{setup['stamp']}-' || m.g",
            "partner_id": "m.partner_id",
            "commercial_partner_id": "m.partner_id",
            "signatory_id": "m.partner_id",
            "user_id": f"CASE WHEN m.g % 5 = 0 THEN {setup['user'].id} ELSE 2 END",
            "access_token": "NULL",
            "date_start": start,
            "date_end": f"{start} + 364",
            "date_signed": f"CASE WHEN src.state IN ('signed', 'active', "
            f"'expired', 'terminated') THEN {start} - 10 END",
            "termination_date": f"CASE WHEN src.state = 'terminated' "
            f"THEN {start} + 300 END",
            "create_date": "now() at time zone 'UTC'",
            "write_date": "now() at time zone 'UTC'",
        },
    )
    new = "(SELECT new_id FROM bench_map)"
    cr.execute(
        """
        CREATE TEMP TABLE IF NOT EXISTS bench_delta AS
        SELECT 0 AS new_id, 0 AS delta LIMIT 0
        """
    )
    cr.execute("TRUNCATE bench_delta")
    cr.execute(
        """
        INSERT INTO bench_delta
        SELECT m.new_id, c.date_start - t.date_start
          FROM bench_map m
          JOIN customer_contract c ON c.id = m.new_id
          JOIN customer_contract t ON t.id = m.tmpl_id
        """
    )
    cr.execute("CREATE INDEX IF NOT EXISTS bench_delta_id ON bench_delta (new_id)")
    clone(
        cr,
        "customer_contract_line",
        "customer_contract_line src",
        "JOIN bench_map m ON m.tmpl_id = src.contract_id",
        {"contract_id": "m.new_id"},
    )
    clone(
        cr,
        "customer_contract_clause_line",
        "customer_contract_clause_line src",
        "JOIN bench_map m ON m.tmpl_id = src.contract_id",
        {"contract_id": "m.new_id"},
    )
    clone(
        cr,
        "customer_contract_obligation",
        "customer_contract_obligation src",
        "JOIN bench_map m ON m.tmpl_id = src.contract_id "
        "JOIN bench_delta x ON x.new_id = m.new_id",
        {
            "contract_id": "m.new_id",
            "partner_id": "m.partner_id",
            "date_due": "src.date_due + x.delta",
            "date_reminder": "src.date_reminder + x.delta",
            "date_warning": "src.date_warning + x.delta",
            "message_main_attachment_id": "NULL",
        },
    )
    clone(
        cr,
        "tier_review",
        "tier_review src",
        "JOIN bench_map m ON m.tmpl_id = src.contract_id",
        {"contract_id": "m.new_id", "res_id": "m.new_id"},
        where="src.model = 'customer.contract'",
    )
    # Obligations past due are done (one in ten missed), reminders of those
    # due soon sent, flags as the cron leaves them: nothing is due.
    cr.execute(
        f"""
        UPDATE customer_contract_obligation SET
            state = CASE WHEN date_due >= {d} THEN 'todo'
                         WHEN id % 10 = 0 THEN 'missed' ELSE 'done' END,
            date_done = CASE WHEN date_due < {d} AND id % 10 <> 0
                             THEN date_due END,
            is_on_time = date_due < {d} AND id % 10 <> 0,
            is_due = date_due <= {d},
            in_warning_window = date_due >= {d} AND date_warning <= {d},
            reminder_date_due = CASE WHEN date_due >= {d}
                AND date_reminder <= {d} THEN date_due END,
            is_reminded = date_due >= {d} AND date_reminder <= {d}
         WHERE contract_id IN {new}
        """
    )
    cr.execute(
        f"""
        UPDATE customer_contract c SET
            compliance_status = s.status,
            compliance_score = s.score
          FROM (
            SELECT contract_id,
                   CASE WHEN bool_or(state = 'missed') THEN 'breach'
                        WHEN bool_or(in_warning_window) THEN 'at_risk'
                        ELSE 'on_track' END AS status,
                   CASE WHEN count(*) FILTER (WHERE state IN ('done', 'missed')) > 0
                        THEN 100.0 * count(*) FILTER (WHERE state = 'done')
                             / count(*) FILTER (WHERE state IN ('done', 'missed'))
                        ELSE 100.0 END AS score
              FROM customer_contract_obligation
             WHERE contract_id IN {new}
             GROUP BY contract_id
          ) s
         WHERE c.id = s.contract_id
        """
    )
    # Renewal dates from the new end dates; the reminders already sent.
    cr.execute(
        f"""
        UPDATE customer_contract SET
            renewal_notice_deadline = date_end - renewal_notice_days,
            renewal_reminder_date = date_end - renewal_notice_days
                                    - renewal_reminder_days,
            renewal_date = date_end + 1,
            renewal_reminded = state IN ('signed', 'active')
                AND date_end - renewal_notice_days - renewal_reminder_days <= {d}
         WHERE id IN {new} AND renewal_mode IN ('automatic', 'negotiated')
        """
    )
    # Pending reviews: their deadline has not come.
    cr.execute(
        f"""
        UPDATE tier_review SET date_deadline = {d} + 10, date_escalation = NULL
         WHERE contract_id IN {new}
        """
    )
    env.invalidate_all()


# ----------------------------------------------------------------------
# Reads
# ----------------------------------------------------------------------
def spec_from_arch(model, node, fields_info):
    """The web client's specification for the fields of an arch node (the
    fields of its subviews for x2many fields)."""
    spec = {}
    for field_node in node.iter("field"):
        # only the fields of this level: skip those of nested subviews
        parent = field_node.getparent()
        nested = False
        while parent is not None and parent is not node:
            if parent.tag == "field":
                nested = True
                break
            parent = parent.getparent()
        if nested:
            continue
        name = field_node.get("name")
        field = model._fields.get(name)
        if field is None:
            continue
        if field.type == "many2one":
            spec[name] = {"fields": {"display_name": {}}}
        elif field.type in ("one2many", "many2many"):
            comodel = model.env[field.comodel_name]
            sub = {}
            for view in field_node:
                if view.tag in ("list", "kanban"):
                    sub = spec_from_arch(comodel, view, None)
                    break
            if not sub:
                sub = {"display_name": {}}
            spec[name] = {"fields": sub}
            if field.type == "one2many":
                spec[name]["limit"] = 40
        else:
            spec[name] = {}
    return spec


def timed(env, runs, func):
    """Median time (ms) of ``func`` over ``runs`` runs (ORM cache emptied
    before each, after a first run that warms the registry caches) and its
    queries."""
    func()
    times = []
    queries = 0
    for _i in range(runs):
        env.invalidate_all()
        before = env.cr.sql_log_count
        started = time.perf_counter()
        func()
        times.append((time.perf_counter() - started) * 1000)
        queries = env.cr.sql_log_count - before
    return statistics.median(times), queries


def filter_domains(env):
    """The domains of FILTERS as the contract user's search view has them."""
    view = env["customer.contract"].get_views([[False, "search"]])["views"]
    arch = etree.fromstring(view["search"]["arch"])
    context = {
        "uid": env.uid,
        "context_today": lambda: fields.Date.context_today(env.user),
        "relativedelta": dateutil.relativedelta.relativedelta,
        "datetime": safe_datetime,
    }
    domains = {}
    for name in FILTERS:
        node = arch.find(f".//filter[@name='{name}']")
        domains[name] = safe_eval(node.get("domain"), context)
    return domains


def measure_reads(env, setup, runs, explain=False):
    user_env = env(user=setup["user"].id)
    Contract = user_env["customer.contract"]
    views = Contract.get_views([[False, "list"], [False, "form"]])["views"]
    list_spec = spec_from_arch(Contract, etree.fromstring(views["list"]["arch"]), None)
    form_spec = spec_from_arch(Contract, etree.fromstring(views["form"]["arch"]), None)
    domains = filter_domains(user_env)
    form_id = setup["form_id"]
    reads = [
        (
            "list (all contracts)",
            lambda: Contract.web_search_read(
                [], list_spec, limit=80, count_limit=10001
            ),
        )
    ]
    for name, domain in domains.items():
        reads.append(
            (
                f"filter {name}",
                lambda domain=domain: Contract.web_search_read(
                    domain, list_spec, limit=80, count_limit=10001
                ),
            )
        )
    reads.append(
        (
            "pivot (value)",
            lambda: Contract.formatted_read_grouping_sets(
                [],
                [[], ["type_id"], ["state"], ["type_id", "state"]],
                ["amount_untaxed:sum", "__count"],
            ),
        )
    )
    form = Contract.browse(form_id)
    reads.append(("form (web_read)", lambda: form.web_read(form_spec)))
    portal = env(user=setup["portal"].id)["customer.contract"]
    partner = setup["portal"].commercial_partner_id
    portal_domain = [
        ("commercial_partner_id", "=", partner.id),
        ("state", "not in", ("draft", "cancelled")),
    ]

    def portal_list():
        portal.search_count(portal_domain)
        contracts = portal.search(
            portal_domain, order="date_start desc, id desc", limit=80
        )
        contracts.read(
            ["reference", "name", "date_start", "date_end", "state", "amount_total"]
        )

    reads.append(("portal list (/my/contracts)", portal_list))
    results = {}
    for name, func in reads:
        results[name] = timed(env, runs, func)
    if explain:
        for name, domain in domains.items():
            query = Contract._search(domain)
            query.order = "date_start desc, id desc"
            query.limit = 80
            sql = query.select()
            env.cr.execute(type(sql)("EXPLAIN ANALYZE %s", sql))
            print(f"--- {name}")
            print("\n".join(row[0] for row in env.cr.fetchall()))
    return results


# ----------------------------------------------------------------------
# Crons
# ----------------------------------------------------------------------
def make_due_work(env, setup, cron, amount):
    """Give ``cron`` ``amount`` records of due work, by SQL."""
    cr = env.cr
    today = fields.Date.context_today(env["customer.contract"])
    d = f"'{today.isoformat()}'::date"
    prefix = f"BM{setup['stamp']}-%"
    if cron == "contract states":
        # active contracts without renewal that ended yesterday: expire
        cr.execute(
            f"""
            UPDATE customer_contract SET date_end = {d} - 1
             WHERE id IN (SELECT id FROM customer_contract
                           WHERE state = 'active' AND renewal_mode = 'none'
                             AND date_end > {d} + 30 AND date_start < {d} - 1
                             AND reference LIKE %s
                           ORDER BY id LIMIT %s)
            """,
            [prefix, amount],
        )
    elif cron == "obligations":
        # obligations of active contracts due yesterday, still to do: missed
        cr.execute(
            f"""
            UPDATE customer_contract_obligation SET date_due = {d} - 1,
                   date_reminder = {d} - 8, date_warning = {d} - 15,
                   is_due = TRUE, in_warning_window = FALSE,
                   reminder_date_due = {d} - 1, is_reminded = TRUE
             WHERE id IN (SELECT o.id FROM customer_contract_obligation o
                            JOIN customer_contract c ON c.id = o.contract_id
                           WHERE o.state = 'todo' AND c.state = 'active'
                             AND o.date_due > {d} + 60 AND c.reference LIKE %s
                           ORDER BY o.id LIMIT %s)
            """,
            [prefix, amount],
        )
    elif cron == "renewal":
        # active contracts renewing automatically, ending today: renewed
        cr.execute(
            f"""
            UPDATE customer_contract SET date_end = {d},
                   renewal_notice_deadline = {d} - renewal_notice_days,
                   renewal_reminder_date = {d} - renewal_notice_days
                                           - renewal_reminder_days,
                   renewal_date = {d} + 1, renewal_reminded = TRUE
             WHERE id IN (SELECT id FROM customer_contract
                           WHERE state = 'active' AND renewal_mode = 'automatic'
                             AND date_end > {d} + 60 AND date_start < {d}
                             AND reference LIKE %s
                           ORDER BY id LIMIT %s)
            """,
            [prefix, amount],
        )
    else:
        # pending reviews whose decision deadline has come: reminded
        cr.execute(
            f"""
            UPDATE tier_review SET date_deadline = {d}
             WHERE id IN (SELECT r.id FROM tier_review r
                            JOIN customer_contract c ON c.id = r.contract_id
                           WHERE r.status = 'pending' AND r.reminder_sent_on IS NULL
                             AND r.date_deadline > {d} AND c.reference LIKE %s
                           ORDER BY r.id LIMIT %s)
            """,
            [prefix, amount],
        )
    done = cr.rowcount
    env.invalidate_all()
    analyze(cr)
    return done


def measure_cron(env, xmlid):
    cron = env.ref(xmlid)
    model = env[cron.model_id.model]
    method = cron.code.split(".")[1].split("(")[0]
    env.invalidate_all()
    before = env.cr.sql_log_count
    started = time.perf_counter()
    getattr(model, method)()
    elapsed = time.perf_counter() - started
    queries = env.cr.sql_log_count - before
    env.cr.commit()
    env.invalidate_all()
    return elapsed, queries


# ----------------------------------------------------------------------
def print_reads(label_a, reads_a, label_b, reads_b):
    print(f"\n{'read':32} {label_a:>20} {label_b:>20}   queries")
    for name, (ms_a, q_a) in reads_a.items():
        ms_b, q_b = reads_b[name]
        same = "same" if q_a == q_b else "DIFFERENT"
        print(
            f"{name:32} {ms_a:9.1f} ms {q_a:4d} q  {ms_b:9.1f} ms {q_b:4d} q   {same}"
        )


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
    work = [int(w) for w in args.work.split(",")]
    with registry.cursor() as cr:
        env = api.Environment(
            cr, SUPERUSER_ID, {"customers": min(args.customers, args.contracts)}
        )
        started = time.perf_counter()
        setup = build_setup(env)
        env = env(context={})
        cr.commit()
        small = max(args.contracts // 10, 1)
        print(
            f"Building {small} contracts ({LINES} lines, {OBLIGATIONS} obligations "
            f"each, {len(setup['customers'])} customers) by SQL...",
            flush=True,
        )
        build_clones(env, setup, 0, small)
        analyze(cr)
        # the same contract read at both volumes: an active one of the first
        setup["form_id"] = (
            env["customer.contract"]
            .search(
                [
                    ("state", "=", "active"),
                    ("renewal_mode", "=", "automatic"),
                    ("reference", "like", f"BM{setup['stamp']}-"),
                ],
                limit=1,
            )
            .id
        )
        print(f"  built in {time.perf_counter() - started:.1f} s", flush=True)
        reads_small = measure_reads(env, setup, args.runs, args.explain)
        cr.rollback()
        started = time.perf_counter()
        print(f"Building {args.contracts - small} more contracts...", flush=True)
        build_clones(env, setup, small, args.contracts - small)
        analyze(cr)
        print(f"  built in {time.perf_counter() - started:.1f} s", flush=True)
        cr.execute("SELECT count(*) FROM customer_contract")
        total = cr.fetchone()[0]
        cr.execute("SELECT count(*) FROM customer_contract_obligation")
        obligations = cr.fetchone()[0]
        reads_large = measure_reads(env, setup, args.runs, args.explain)
        cr.rollback()
        print(
            f"\nReads as a contract user (portal list as a portal user): "
            f"median of {args.runs} runs, server time, queries"
        )
        print_reads(f"{small} contracts", reads_small, f"{total} in db", reads_large)

        print(
            f"\nDaily crons on {total} contracts, {obligations} obligations "
            f"(time, queries, per record of due work)"
        )
        for label, xmlid in CRONS:
            # empty run first: whatever the build left due is done
            measure_cron(env, xmlid)
            figures = []
            for amount in work:
                done = make_due_work(env, setup, label, amount)
                elapsed, queries = measure_cron(env, xmlid)
                figures.append((done, elapsed, queries))
            idle, idle_queries = measure_cron(env, xmlid)
            line = f"{label:20}"
            for done, elapsed, queries in figures:
                line += (
                    f"  {done:4d} due: {elapsed:7.2f} s {queries:6d} q "
                    f"({1000 * elapsed / max(done, 1):6.1f} ms/rec)"
                )
            line += f"  nothing due: {idle:5.2f} s {idle_queries:4d} q"
            print(line, flush=True)


if __name__ == "__main__":
    main()
