# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
# A command-line benchmark: it prints its figures.
# pylint: disable=print-used
"""Load test of a multi-process server on a copy of a demo database.

Copies a demo database (or installs the three addons with their demo data
into a fresh one), starts Odoo on it through ``setup/odoo-server`` with workers on
127.0.0.1, creates backend users (contract user group) and portal users, then
runs a bounded mixed load for a given duration: backend users make the web
client's calls (list, form, create, negotiate, message), portal users open
their contract list and a contract page. Prints the requests per second,
p50/p95/p99 per kind and the errors, then stops the server.

Run it by hand (see README.md); it is not a test.
"""

import argparse
import os
import random
import signal
import statistics
import subprocess
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path

import requests
from lxml import etree

ADDONS = "customer_contract,customer_contract_approval,customer_contract_renewal"
PASSWORD = "Bench-Load-2026!"
# kind: weight, for the backend users
BACKEND_MIX = [
    ("list", 30),
    ("form", 30),
    ("create", 10),
    ("negotiate", 10),
    ("message", 20),
]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--addons-path", required=True)
    parser.add_argument(
        "-d",
        "--database",
        help="demo database to copy (default: install the addons with their "
        "demo data into a fresh one)",
    )
    parser.add_argument("--copy", default="load_bench", help="name of the copy")
    parser.add_argument("-k", "--users", type=int, default=6, help="backend users")
    parser.add_argument("-p", "--portal", type=int, default=2, help="portal users")
    parser.add_argument("--duration", type=int, default=120, help="seconds")
    parser.add_argument(
        "--warmup",
        type=int,
        default=10,
        help="seconds of load before the measure (logins, workers' registries)",
    )
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--http-port", type=int, default=18342)
    parser.add_argument("--gevent-port", type=int, default=18352)
    parser.add_argument(
        "--keep", action="store_true", help="keep the copy of the database"
    )
    parser.add_argument("--seed", type=int, default=1)
    return parser.parse_args()


def odoo_command():
    """Odoo's command line through ``setup/odoo-server``: its gevent child is
    started by running ``sys.argv[0]`` again, which ``python3 -m odoo``
    cannot do."""
    launcher = Path(__file__).resolve().parents[2] / "setup" / "odoo-server"
    return [sys.executable, str(launcher)]


def prepare_database(args):
    subprocess.run(["dropdb", "--if-exists", args.copy], check=True)
    if args.database:
        print(f"Copying {args.database} to {args.copy}...", flush=True)
        subprocess.run(["createdb", "-T", args.database, args.copy], check=True)
        return
    print(f"Installing the addons with demo data into {args.copy}...", flush=True)
    subprocess.run(
        [
            *odoo_command(),
            f"--addons-path={args.addons_path}",
            "-d",
            args.copy,
            "-i",
            ADDONS,
            "--with-demo",
            "--stop-after-init",
            "--max-cron-threads=0",
            "--http-interface=127.0.0.1",
            f"--http-port={args.http_port}",
            "--log-level=warn",
        ],
        check=True,
    )


def start_server(args, logfile):
    command = [
        *odoo_command(),
        f"--addons-path={args.addons_path}",
        "-d",
        args.copy,
        f"--db-filter=^{args.copy}$",
        f"--workers={args.workers}",
        "--max-cron-threads=1",
        "--http-interface=127.0.0.1",
        f"--http-port={args.http_port}",
        f"--gevent-port={args.gevent_port}",
        "--log-level=warn",
        f"--logfile={logfile}",
    ]
    server = subprocess.Popen(command, start_new_session=True)  # noqa: S603
    url = f"http://127.0.0.1:{args.http_port}"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"the server stopped at start (see {logfile})")
        try:
            status = requests.get(f"{url}/web/health", timeout=5).status_code
        except requests.RequestException:
            status = None  # not listening yet
        if status == 200:
            return server, url
        time.sleep(1)
    stop_server(server)
    sys.exit(f"the server did not answer within 120 s (see {logfile})")


def stop_server(server):
    if server.poll() is None:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
    return server.returncode


class Client:
    """A ``requests`` session speaking the web client's JSON-RPC."""

    def __init__(self, url, db):
        self.url = url
        self.db = db
        self.session = requests.Session()
        self.ids = 0

    def rpc(self, path, params):
        self.ids += 1
        response = self.session.post(
            f"{self.url}{path}",
            json={"jsonrpc": "2.0", "method": "call", "id": self.ids, "params": params},
            timeout=60,
        )
        if response.status_code != 200:
            raise RuntimeError(f"HTTP {response.status_code} on {path}")
        body = response.json()
        if "error" in body:
            error = body["error"]
            raise RuntimeError(
                error.get("data", {}).get("message") or error.get("message")
            )
        return body["result"]

    def login(self, login, password):
        return self.rpc(
            "/web/session/authenticate",
            {"db": self.db, "login": login, "password": password},
        )

    def call(self, model, method, *args, **kwargs):
        return self.rpc(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )


def spec_from_view(root, model, models):
    """The specification the web client sends for the fields of a view:
    many2ones with their display name, x2many with the fields of their
    inline list (the first 40 lines of a one2many)."""
    fields_info = models[model]["fields"]
    spec = {}
    for node in root.iter("field"):
        parent = node.getparent()
        while parent is not None and parent is not root and parent.tag != "field":
            parent = parent.getparent()
        if parent is not root:
            continue
        name = node.get("name")
        info = fields_info.get(name)
        if not info:
            continue
        if info["type"] == "many2one":
            spec[name] = {"fields": {"display_name": {}}}
        elif info["type"] in ("one2many", "many2many"):
            sub = {"display_name": {}}
            for view in node:
                if view.tag in ("list", "kanban") and info["relation"] in models:
                    sub = spec_from_view(view, info["relation"], models) or sub
                    break
            spec[name] = {"fields": sub}
            if info["type"] == "one2many":
                spec[name]["limit"] = 40
        else:
            spec[name] = {}
    return spec


def setup_users(args, url):
    """Backend and portal users, through the admin's JSON-RPC session."""
    admin = Client(url, args.copy)
    admin.login("admin", "admin")
    stamp = int(time.time())
    group = admin.call(
        "ir.model.data",
        "search_read",
        [
            ("module", "=", "customer_contract"),
            ("name", "=", "customer_contract_group_user"),
        ],
        ["res_id"],
    )[0]["res_id"]
    portal_group = admin.call(
        "ir.model.data",
        "search_read",
        [("module", "=", "base"), ("name", "=", "group_portal")],
        ["res_id"],
    )[0]["res_id"]
    backend = []
    for i in range(args.users):
        login = f"load_user_{stamp}_{i}"
        admin.call(
            "res.users",
            "create",
            {
                "name": f"Load User {i}",
                "login": login,
                "password": PASSWORD,
                "email": f"{login}@example.com",
                "group_ids": [(6, 0, [group])],
            },
        )
        backend.append(login)
    # demo customers with contracts their portal users can see
    contracts = admin.call(
        "customer.contract",
        "search_read",
        [("state", "not in", ("draft", "cancelled"))],
        ["commercial_partner_id"],
    )
    customers = sorted({c["commercial_partner_id"][0] for c in contracts})
    if not customers:
        sys.exit("no demo contract to show on the portal: is this a demo database?")
    portal = []
    for i in range(args.portal):
        login = f"load_portal_{stamp}_{i}"
        partner = admin.call(
            "res.partner",
            "create",
            {
                "name": f"Load Portal {i}",
                "parent_id": customers[i % len(customers)],
                "email": f"{login}@example.com",
            },
        )
        admin.call(
            "res.users",
            "create",
            {
                "name": f"Load Portal {i}",
                "login": login,
                "password": PASSWORD,
                "partner_id": partner,
                "group_ids": [(6, 0, [portal_group])],
            },
        )
        portal.append(login)
    # the views as a backend user gets them (fields of other groups removed)
    user = Client(url, args.copy)
    user.login(backend[0], PASSWORD)
    views = user.call(
        "customer.contract", "get_views", [[False, "list"], [False, "form"]]
    )
    specs = {
        kind: spec_from_view(
            etree.fromstring(views["views"][kind]["arch"]),
            "customer.contract",
            views["models"],
        )
        for kind in ("list", "form")
    }
    partners = admin.call(
        "res.partner",
        "search_read",
        [("is_company", "=", True), ("id", "in", customers)],
        ["id"],
    )
    products = admin.call(
        "product.product", "search_read", [("sale_ok", "=", True)], ["id"], limit=5
    )
    types = admin.call("customer.contract.type", "search_read", [], ["id"])
    data = {
        "specs": specs,
        "partners": [p["id"] for p in partners],
        "products": [p["id"] for p in products],
        "types": [t["id"] for t in types],
    }
    return backend, portal, data


class Recorder:
    def __init__(self):
        self.recording = False
        self.lock = threading.Lock()
        self.times = defaultdict(list)
        self.errors = defaultdict(list)

    def run(self, kind, func):
        started = time.perf_counter()
        try:
            result = func()
        except (RuntimeError, requests.RequestException, ValueError) as error:
            with self.lock:
                self.errors[kind].append(str(error)[:200])
            return None
        elapsed = time.perf_counter() - started
        if self.recording:
            with self.lock:
                self.times[kind].append(elapsed)
        return result


def backend_loop(url, db, login, data, deadline, recorder, seed):
    rng = random.Random(seed)
    client = Client(url, db)
    if recorder.run("login", lambda: client.login(login, PASSWORD)) is None:
        return
    kinds = [kind for kind, weight in BACKEND_MIX for _i in range(weight)]
    ids = []
    drafts = []
    while time.monotonic() < deadline:
        kind = rng.choice(kinds)
        if kind == "list" or not ids:
            result = recorder.run(
                "list",
                lambda: client.call(
                    "customer.contract",
                    "web_search_read",
                    specification=data["specs"]["list"],
                    domain=[],
                    limit=80,
                    count_limit=10001,
                ),
            )
            if result:
                ids = [record["id"] for record in result["records"]]
        elif kind == "form":
            contract_id = rng.choice(ids)
            recorder.run(
                "form",
                lambda contract_id=contract_id: client.call(
                    "customer.contract",
                    "web_read",
                    [contract_id],
                    specification=data["specs"]["form"],
                ),
            )
        elif kind == "create":
            values = {
                "name": f"Load test {login} {rng.randrange(10**6)}",
                "partner_id": rng.choice(data["partners"]),
                "type_id": rng.choice(data["types"]) if data["types"] else False,
                "line_ids": [
                    (0, 0, {"product_id": product, "quantity": 1 + rng.randrange(5)})
                    for product in data["products"][:3]
                ],
            }
            new_id = recorder.run(
                "create",
                lambda values=values: client.call(
                    "customer.contract", "create", [values]
                ),
            )
            if new_id:
                drafts += new_id if isinstance(new_id, list) else [new_id]
        elif kind == "negotiate":
            if drafts:
                contract_id = drafts.pop()
                recorder.run(
                    "negotiate",
                    lambda contract_id=contract_id: client.call(
                        "customer.contract", "action_negotiate", [contract_id]
                    ),
                )
        else:
            contract_id = rng.choice(ids)
            recorder.run(
                "message",
                lambda contract_id=contract_id: client.call(
                    "customer.contract",
                    "message_post",
                    [contract_id],
                    body="Load test note",
                    message_type="comment",
                    subtype_xmlid="mail.mt_note",
                ),
            )


def portal_loop(url, db, login, deadline, recorder, seed):
    rng = random.Random(seed)
    client = Client(url, db)
    if recorder.run("login", lambda: client.login(login, PASSWORD)) is None:
        return
    session = client.session

    def get(path):
        response = session.get(f"{url}{path}", timeout=60)
        if response.status_code != 200:
            raise RuntimeError(f"HTTP {response.status_code} on {path}")
        return response.text

    ids = []
    while time.monotonic() < deadline:
        if not ids or rng.random() < 0.5:
            page = recorder.run("portal list", lambda: get("/my/contracts"))
            if page:
                ids = sorted(
                    {
                        int(part.split("?")[0].split('"')[0])
                        for part in page.split("/my/contracts/")[1:]
                        if part.split("?")[0].split('"')[0].isdigit()
                    }
                )
                if not ids:
                    with recorder.lock:
                        recorder.errors["portal list"].append("no contract listed")
                    return
        else:
            contract_id = rng.choice(ids)
            recorder.run(
                "portal page",
                lambda contract_id=contract_id: get(f"/my/contracts/{contract_id}"),
            )


def percentile(values, share):
    values = sorted(values)
    index = min(len(values) - 1, max(0, round(share * len(values)) - 1))
    return values[index]


def report(recorder, elapsed):
    total = sum(len(v) for v in recorder.times.values())
    errors = sum(len(v) for v in recorder.errors.values())
    print(
        f"\n{total} requests in {elapsed:.1f} s: {total / elapsed:.1f} requests/s, "
        f"{errors} errors"
    )
    print(
        f"{'kind':12} {'count':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} "
        f"{'max ms':>8} {'errors':>6}"
    )
    kinds = sorted(set(recorder.times) | set(recorder.errors))
    for kind in kinds:
        times = recorder.times.get(kind) or [0.0]
        print(
            f"{kind:12} {len(recorder.times.get(kind, [])):6d} "
            f"{1000 * statistics.median(times):8.0f} "
            f"{1000 * percentile(times, 0.95):8.0f} "
            f"{1000 * percentile(times, 0.99):8.0f} "
            f"{1000 * max(times):8.0f} {len(recorder.errors.get(kind, [])):6d}"
        )
    for kind, messages in sorted(recorder.errors.items()):
        for message in sorted(set(messages))[:5]:
            print(f"  error {kind}: {message}")


def main():
    args = parse_args()
    prepare_database(args)
    logfile = f"/tmp/{args.copy}_server.log"
    print(
        f"Starting {args.workers} workers on 127.0.0.1:{args.http_port} "
        f"(log: {logfile})...",
        flush=True,
    )
    server, url = start_server(args, logfile)
    try:
        backend, portal, data = setup_users(args, url)
        recorder = Recorder()
        print(
            f"Load: {len(backend)} backend users, {len(portal)} portal users, "
            f"{args.duration} s after {args.warmup} s of warm-up...",
            flush=True,
        )
        deadline = time.monotonic() + args.warmup + args.duration
        threads = [
            threading.Thread(
                target=backend_loop,
                args=(url, args.copy, login, data, deadline, recorder, args.seed + i),
            )
            for i, login in enumerate(backend)
        ] + [
            threading.Thread(
                target=portal_loop,
                args=(url, args.copy, login, deadline, recorder, args.seed + 100 + i),
            )
            for i, login in enumerate(portal)
        ]
        for thread in threads:
            thread.start()
        time.sleep(args.warmup)
        recorder.recording = True
        started = time.monotonic()
        for thread in threads:
            thread.join()
        report(recorder, time.monotonic() - started)
    finally:
        code = stop_server(server)
        print(f"server stopped (exit code {code})")
        if not args.keep:
            subprocess.run(["dropdb", "--if-exists", args.copy], check=False)


if __name__ == "__main__":
    main()
