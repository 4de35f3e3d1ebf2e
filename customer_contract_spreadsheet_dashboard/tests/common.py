# Copyright 2026 Customer Contract Authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Checks shared by the tests of the contract dashboards (this addon and its
bridges): the dashboard record, its access, the models and fields its JSON
uses, and that every pivot, list and chart loads its data for its user."""

import json

from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import new_test_user
from odoo.tools.safe_eval import safe_eval
from odoo.tools.translate import code_translations
from odoo.tools.view_validation import get_domain_value_names

LANGS = ("en_US", "zh_CN", "fr_FR")


class ContractDashboardMixin:
    """To mix in a test case that sets ``cls.dashboard`` and ``cls.user``."""

    @classmethod
    def _activate_langs(cls):
        for lang in LANGS[1:]:
            cls.env["res.lang"]._activate_lang(lang)

    def assertManagersOnly(self):
        """The dashboard is the contract managers': a contract user or a
        plain internal user can neither read it nor find it."""
        self.assertEqual(
            self.dashboard.group_ids,
            self.env.ref("customer_contract.customer_contract_group_manager"),
        )
        self.dashboard.with_user(self.contract_manager).check_access("read")
        internal = new_test_user(self.env, login="internal", groups="base.group_user")
        for user in (self.contract_user, internal):
            with self.assertRaises(AccessError):
                self.dashboard.with_user(user).check_access("read")
            self.assertNotIn(
                self.dashboard,
                self.env["spreadsheet.dashboard"].with_user(user).search([]),
            )

    # ------------------------------------------------------------------
    # The JSON of the dashboard
    # ------------------------------------------------------------------
    def _dashboard_data(self, dashboard=None):
        return json.loads((dashboard or self.dashboard).spreadsheet_data)

    @staticmethod
    def _odoo_charts(data):
        for sheet in data["sheets"]:
            for figure in sheet["figures"]:
                if figure["tag"] == "chart" and figure["data"]["type"].startswith(
                    "odoo_"
                ):
                    yield figure["data"]

    @staticmethod
    def _field_name(name):
        """'date_end:month' or 'amount:sum' -> 'date_end'"""
        return name.split(":")[0]

    def _domain_fields(self, domain):
        return get_domain_value_names(str(domain))[0]

    def _eval_domain(self, domain, env):
        """The domain as the web client evaluates it (relative dates)."""
        if not isinstance(domain, str):
            return domain
        today = fields.Date.context_today(env.user)
        return safe_eval(
            domain,
            {"context_today": lambda: today, "relativedelta": relativedelta},
        )

    def _uses(self, data):
        """{model: {field chains}} used by the pivots, lists and charts."""
        uses = {}
        for pivot in data.get("pivots", {}).values():
            names = (
                [row["fieldName"] for row in pivot["rows"]]
                + [column["fieldName"] for column in pivot["columns"]]
                + [m["fieldName"] for m in pivot["measures"]]
                + list(self._domain_fields(pivot["domain"]))
                + [m["chain"] for m in pivot.get("fieldMatching", {}).values()]
            )
            uses.setdefault(pivot["model"], set()).update(names)
        for list_ in data.get("lists", {}).values():
            names = (
                list_["columns"]
                + [order["name"] for order in list_["orderBy"]]
                + list(self._domain_fields(list_["domain"]))
                + [m["chain"] for m in list_.get("fieldMatching", {}).values()]
            )
            uses.setdefault(list_["model"], set()).update(names)
        for chart in self._odoo_charts(data):
            names = (
                chart["metaData"]["groupBy"]
                + [chart["metaData"]["measure"]]
                + list(self._domain_fields(chart["searchParams"]["domain"]))
                + [m["chain"] for m in chart.get("fieldMatching", {}).values()]
            )
            uses.setdefault(chart["metaData"]["resModel"], set()).update(names)
        return uses

    def assertDashboardFields(self, data, models):
        """Every model and field of the JSON exists; ``models`` are all used."""
        uses = self._uses(data)
        self.assertEqual(set(uses), set(models))
        for model, names in uses.items():
            for chain in names:
                name = self._field_name(chain)
                if name == "__count":
                    continue
                current = self.env[model]
                for part in name.split("."):
                    self.assertIn(
                        part, current._fields, f"{model}: no field {chain} ({part})"
                    )
                    field = current._fields[part]
                    if field.relational:
                        current = self.env[field.comodel_name]
        # The global filters name existing models and match every data source.
        for global_filter in data["globalFilters"]:
            self.assertIn(global_filter["modelName"], self.env)
            sources = (
                list(data["pivots"].values())
                + list(data["lists"].values())
                + list(self._odoo_charts(data))
            )
            for source in sources:
                self.assertIn(global_filter["id"], source["fieldMatching"])

    # ------------------------------------------------------------------
    # Loading the data as the user
    # ------------------------------------------------------------------
    def _aggregate(self, model, name):
        name = self._field_name(name)
        if name == "__count":
            return "__count"
        return f"{name}:{model._fields[name].aggregator or 'sum'}"

    def assertDashboardLoads(self, data, user):
        """Each pivot, list and chart reads its data as ``user`` (no error)."""
        env = self.env(user=user)
        for pivot in data["pivots"].values():
            model = env[pivot["model"]]
            groupby = [
                ":".join(filter(None, [group["fieldName"], group.get("granularity")]))
                for group in pivot["rows"] + pivot["columns"]
            ]
            model.formatted_read_group(
                self._eval_domain(pivot["domain"], env),
                groupby,
                [self._aggregate(model, m["fieldName"]) for m in pivot["measures"]],
            )
        for list_ in data["lists"].values():
            model = env[list_["model"]]
            model.web_search_read(
                self._eval_domain(list_["domain"], env),
                {name: {} for name in list_["columns"]},
                order=", ".join(
                    f"{o['name']} {'asc' if o['asc'] else 'desc'}"
                    for o in list_["orderBy"]
                ),
                limit=10,
            )
        for chart in self._odoo_charts(data):
            model = env[chart["metaData"]["resModel"]]
            model.formatted_read_group(
                self._eval_domain(chart["searchParams"]["domain"], env),
                chart["metaData"]["groupBy"],
                [self._aggregate(model, chart["metaData"]["measure"])],
            )

    def assertDashboardOpens(self, dashboard, user):
        """What the dashboard's data route returns, as ``user`` in each
        language: the sample when the dashboard's models are empty for the
        user, the live spreadsheet otherwise."""
        for lang in LANGS:
            user.lang = lang
            board = dashboard.with_user(user).with_context(lang=lang)
            board.check_access("read")
            self.assertIn(
                board, self.env["spreadsheet.dashboard"].with_user(user).search([])
            )
            self.assertTrue(board.name)
            self.assertTrue(board.dashboard_group_id.name)
            if board._dashboard_is_empty():
                sample = board._get_sample_dashboard()
                self.assertTrue(sample and sample["sheets"])
            snapshot = json.loads(board._get_serialized_readonly_dashboard())
            self.assertEqual(snapshot["snapshot"]["settings"]["locale"]["code"], lang)
            self.assertEqual(
                snapshot["translation_namespace"],
                dashboard.get_external_id()[dashboard.id].split(".")[0],
            )


# Opens a dashboard in the web client as the logged-in user, waits for its
# data and fails on any cell of the spreadsheet evaluated as an error (an
# unknown field, a wrong formula, an access error: "#ERROR", "#BAD_EXPR"...).
DASHBOARD_JS = """
(async () => {
    const env = odoo.__WOWL_DEBUG__.root.env;
    const until = async (check, what) => {
        for (let i = 0; i < 300; i++) {
            const result = await check();
            if (result) {
                return result;
            }
            await new Promise((resolve) => setTimeout(resolve, 100));
        }
        throw new Error(`Timeout: ${what}`);
    };
    await env.services.action.doAction({
        type: "ir.actions.client",
        tag: "action_spreadsheet_dashboard",
        params: {dashboard_id: %(dashboard_id)s},
    });
    const loader = await until(
        () => env.services.spreadsheet_dashboard_loader, "dashboard loader"
    );
    const dashboard = await until(() => {
        const active = loader.getActiveDashboard();
        return active && active.model && active;
    }, "dashboard model");
    const model = dashboard.model;
    const getters = model.getters;
    const cells = () => getters.getSheetIds().flatMap((sheetId) =>
        getters.getEvaluatedCellsPositions(sheetId).map((position) => [
            `${getters.getSheetName(sheetId)}!${position.col}:${position.row}`,
            getters.getEvaluatedCell(position),
        ])
    );
    const loading = ([, cell]) => String(cell.value).startsWith("Loading");
    await until(() => !cells().some(loading), "data of the dashboard");
    const errors = cells().filter(([, cell]) => cell.type === "error");
    if (errors.length) {
        console.error("Cells in error: " + errors.map(
            ([where, cell]) => `${where} ${cell.value} ${cell.message || ""}`
        ).join("; "));
    } else if (!%(sample)s !== !dashboard.isSample) {
        console.error(`Sample dashboard: ${dashboard.isSample}`);
    } else if (%(title)s && !cells().some(([, cell]) => cell.value === %(title)s)) {
        console.error(`No cell reads ${%(title)s}: ` + cells().map(
            ([where, cell]) => `${where} ${cell.value}`
        ).join("; "));
    } else {
        console.log("test successful");
    }
})();
"""


def dashboard_js(dashboard, sample=False, title=None):
    """The script opening ``dashboard`` in the web client: it fails on any
    cell in error, and, given ``title``, unless a cell reads it."""
    return DASHBOARD_JS % {
        "dashboard_id": dashboard.id,
        "sample": "true" if sample else "false",
        "title": json.dumps(title),
    }


def dashboard_title(dashboard, lang):
    """The title of ``dashboard`` (its first cell, a ``_t()`` text) as a
    reader of ``lang`` must see it: translated by the .po of the addon that
    ships the dashboard."""
    cell = json.loads(dashboard.spreadsheet_data)["sheets"][0]["cells"]["A1"]
    content = cell if isinstance(cell, str) else cell["content"]
    term = json.loads(content.removeprefix("=_t(").removesuffix(")"))
    if lang == "en_US":
        return term
    module = dashboard._get_dashboard_translation_namespace()
    messages = code_translations.get_web_translations(module, lang)["messages"]
    translated = {message["id"]: message["string"] for message in messages}
    assert translated.get(term, term) != term, f"{term!r} has no {lang} translation"
    return translated[term]


class _BridgeDashboardBase(ContractDashboardMixin):
    """The dashboard of a bridge addon (``dashboard_xmlid``), in the
    languages of the tests, for the mixins below whose test methods the
    bridges inherit."""

    dashboard_xmlid = None
    # Odoo collects only the test methods a class defines itself, unless told.
    allow_inherited_tests_method = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._activate_langs()
        cls.dashboard = cls.env.ref(cls.dashboard_xmlid)


class ContractDashboardBridgeMixin(_BridgeDashboardBase):
    """The checks the dashboard of every bridge addon passes: its access,
    its JSON and its sample, its data as a contract manager. To mix in,
    first, a ``TransactionCase`` built on ``CustomerContractCommon`` that
    names its dashboard (``dashboard_xmlid``) and the models its JSON reads
    (``dashboard_json_models``); the bridge adds what is its own."""

    dashboard_json_models = ()
    dashboard_name = None
    dashboard_main_models = ()

    def test_dashboard_record(self):
        self.assertEqual(self.dashboard.name, self.dashboard_name)
        self.assertTrue(self.dashboard.is_published)
        self.assertEqual(
            self.dashboard.dashboard_group_id,
            self.env.ref(
                "customer_contract_spreadsheet_dashboard."
                "spreadsheet_dashboard_group_contracts"
            ),
        )
        self.assertEqual(
            self.dashboard.main_data_model_ids.mapped("model"),
            list(self.dashboard_main_models),
        )

    def test_access_managers_only(self):
        self.assertManagersOnly()

    def test_json_fields_exist(self):
        self.assertDashboardFields(
            self._dashboard_data(), set(self.dashboard_json_models)
        )
        sample = self.dashboard._get_sample_dashboard()
        self.assertTrue(sample["sheets"])
        self.assertFalse(sample["pivots"] or sample["lists"])
        self.assertFalse(list(self._odoo_charts(sample)))

    def test_loads_for_manager(self):
        self._create_contract()
        self.assertDashboardLoads(self._dashboard_data(), self.contract_manager)

    def test_opens_for_manager_in_each_language(self):
        self._create_contract()
        self.assertDashboardOpens(self.dashboard, self.contract_manager)


class ContractDashboardBrowserMixin(_BridgeDashboardBase):
    """The dashboard of a bridge addon in the web client, as a contract
    manager. To mix in, first, an ``HttpCase`` built on
    ``CustomerContractCommon`` that names its dashboard (``dashboard_xmlid``)
    and the model of the records it shows (``dashboard_model``)."""

    dashboard_model = None

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._create_contract()

    def _open(self, sample=False, title=None):
        self.browser_js(
            "/odoo",
            dashboard_js(self.dashboard, sample=sample, title=title),
            ready="odoo.isReady",
            login=self.contract_manager.login,
        )

    def test_dashboard_opens_in_browser(self):
        # The spreadsheet itself, whatever the data: formulas without error.
        self.dashboard.main_data_model_ids = False
        for lang in LANGS:
            self.contract_manager.lang = lang
            self._open(title=dashboard_title(self.dashboard, lang))

    def test_sample_opens_in_browser(self):
        records = self.env[self.dashboard_model].search([])
        if "active" in records._fields:
            records.active = False
        elif records:
            self.skipTest("data to show: no sample")
        self._open(sample=True)
