/* Copyright 2026 Customer Contract Authors
 * License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl). */
import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";
import {
    CURRENT_STATE,
    NEW_LINE,
    confirmSignature,
    field,
    option,
    selectMany2one,
} from "@customer_contract/../tests/tours/customer_contract_tour_utils";

const CUSTOMER = "Lagoon Resorts Ltd";
const SIGNATORY = "Olivia Lagoon";
const CONTRACT_TYPE = "Resort Services";
const TEMPLATE = "Resort Service Agreement";
const PRODUCT = "Pool Maintenance Plan";
const CLAUSE = "Scope of Work";

const APP_MENU = "customer_contract.customer_contract_menu_root";
const ROW = (name) => `.o_field_widget[name=${name}] .o_data_row`;

registry.category("web_tour.tours").add("customer_contract_tour", {
    url: "/odoo",
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open the Contracts app",
            trigger: `.o_app[data-menu-xmlid='${APP_MENU}']`,
            run: "click",
        },
        {
            content: "Create a contract",
            trigger: ".o_control_panel_main_buttons .o_list_button_add",
            run: "click",
        },
        {
            content: "Give it a title",
            trigger: field("name"),
            run: "edit Pool Care 2027",
        },
        {
            content: "Search the customer",
            trigger: field("partner_id"),
            run: `edit ${CUSTOMER}`,
        },
        {
            // The company itself, not its contact listed under its name.
            content: "Pick the customer",
            trigger: `${option("partner_id")}:contains("${CUSTOMER}"):not(:contains("${SIGNATORY}"))`,
            run: "click",
        },
        {
            content: "The customer is set",
            trigger: `${field("partner_id")}:value("${CUSTOMER}"):not(:value(","))`,
        },
        ...selectMany2one("signatory_id", SIGNATORY),
        ...selectMany2one("type_id", CONTRACT_TYPE),
        {
            content: "The contract type brings its template",
            trigger: `${field("template_id")}:value("${TEMPLATE}")`,
        },
        {
            content: "Set the start date",
            trigger: field("date_start"),
            run: "edit 01/01/2027 && press Enter",
        },
        {
            content: "Set the end date",
            trigger: field("date_end"),
            run: "edit 12/31/2027 && press Enter",
        },
        {
            content: "Open the Lines tab",
            trigger: ".o_notebook .nav-link[name=lines]",
            run: "click",
        },
        {
            content: "Add a line",
            trigger: ".o_field_widget[name=line_ids] .o_field_x2many_list_row_add a",
            run: "click",
        },
        ...selectMany2one("product_id", PRODUCT, NEW_LINE),
        {
            content: "Set the quantity",
            trigger: field("quantity", NEW_LINE),
            run: "edit 3",
        },
        ...stepUtils.saveForm(),
        {
            content: "The line is saved",
            trigger: `${ROW("line_ids")}:contains("${PRODUCT}")`,
        },
        {
            content: "Open the Clauses tab",
            trigger: ".o_notebook .nav-link[name=clauses]",
            run: "click",
        },
        {
            content: "The template's clauses are on the contract",
            trigger: `${ROW("clause_ids")}:contains("${CLAUSE}")`,
        },
        {
            content: "Mark the contract as signed",
            trigger: ".o_statusbar_buttons button[name=action_open_sign_wizard]",
            run: "click",
        },
        ...confirmSignature(SIGNATORY),
        {
            content: "The contract is signed (or already in force)",
            trigger:
                `body:not(:has(.modal)) ${CURRENT_STATE}:contains("Signed"), ` +
                `body:not(:has(.modal)) ${CURRENT_STATE}:contains("Active")`,
        },
    ],
});
