/* Copyright 2026 Customer Contract Authors
 * License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl). */
import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";
import {
    CURRENT_STATE,
    NEW_LINE,
    SHEET,
    confirmSignature,
    field,
    selectMany2one,
} from "@customer_contract/../tests/tours/customer_contract_tour_utils";

const { DateTime } = luxon;

const OPPORTUNITY = "Lagoon Pool Renovation";
const SIGNATORY = "Olivia Lagoon";
const CONTRACT_TYPE = "Resort Services";
const PRODUCT = "Pool Maintenance Plan";

const NO_DIALOG = "body:not(:has(.modal))";
// The date format of the tour user's language (English).
const TODAY = DateTime.now();

function headerButton(name) {
    return `.o_form_statusbar .o_statusbar_buttons button[name=${name}]`;
}

registry.category("web_tour.tours").add("customer_contract_opportunity_tour", {
    url: "/odoo",
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open the CRM app",
            trigger: ".o_app[data-menu-xmlid='crm.crm_menu_root']",
            run: "click",
        },
        {
            content: "Open the opportunity",
            trigger: `.o_kanban_record:contains("${OPPORTUNITY}")`,
            run: "click",
        },
        {
            content: "Create its contract",
            trigger: headerButton("action_create_contract"),
            run: "click",
        },
        {
            content: "The contract starts from the opportunity",
            trigger: `${field("name")}:value("${OPPORTUNITY}")`,
        },
        ...selectMany2one("signatory_id", SIGNATORY),
        ...selectMany2one("type_id", CONTRACT_TYPE),
        {
            content: "It starts today",
            trigger: field("date_start"),
            run: `edit ${TODAY.toFormat("MM/dd/yyyy")} && press Enter`,
        },
        {
            content: "It runs for a year",
            trigger: field("date_end"),
            run: `edit ${TODAY.plus({ years: 1, days: -1 }).toFormat("MM/dd/yyyy")} && press Enter`,
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
            content: "Mark the contract as signed",
            trigger: headerButton("action_open_sign_wizard"),
            run: "click",
        },
        ...confirmSignature(SIGNATORY),
        {
            content: "Signed and starting today, the contract is in force",
            trigger: `${NO_DIALOG} ${CURRENT_STATE}:contains("Active")`,
        },
        {
            content: "Amend it",
            trigger: headerButton("action_amend"),
            run: "click",
        },
        {
            content: "Say why",
            trigger: `${SHEET} .o_field_widget[name=reason] textarea`,
            run: "edit Two more visits",
        },
        {
            content: "Open the amended terms",
            trigger: ".o_notebook .nav-link[name=terms]",
            run: "click",
        },
        {
            content: "Edit the quantity of the line",
            trigger: `.o_field_widget[name=line_ids] .o_data_row:contains("${PRODUCT}") td[name=quantity]`,
            run: "click",
        },
        {
            content: "Five visits instead of three",
            trigger: field("quantity", NEW_LINE),
            run: "edit 5",
        },
        ...stepUtils.saveForm(),
        {
            content: "Signed on paper: mark the amendment as signed",
            trigger: ".o_form_view div[name=paper_signature] button[name=action_open_sign_wizard]",
            run: "click",
        },
        ...confirmSignature(SIGNATORY),
        {
            content: "Apply the signed amendment, effective today",
            trigger: `${NO_DIALOG} ${headerButton("action_apply")}`,
            run: "click",
        },
        {
            content: "Confirm: the current terms are kept as a version",
            trigger: ".modal .modal-footer button.btn-primary",
            run: "click",
        },
        {
            content: "The amendment is applied",
            trigger: `${NO_DIALOG} ${CURRENT_STATE}:contains("Applied")`,
        },
    ],
});
