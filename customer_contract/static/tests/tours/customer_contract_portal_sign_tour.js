/* Copyright 2026 Customer Contract Authors
 * License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl). */
import { registry } from "@web/core/registry";
import { redirect } from "@web/core/utils/urls";

// The customer opens the contract from the link of the signature request
// (the URL with its access token, given by the Python test), signs it with
// the signature widget and sees it signed on their side.
registry.category("web_tour.tours").add("customer_contract_portal_sign_tour", {
    steps: () => [
        {
            content: "The contract awaits the signature of the customer",
            trigger: ".o_contract_awaiting_signature",
        },
        {
            content: "Sign",
            trigger: ".o_contract_sign_buttons .o_contract_sign_button",
            run: "click",
        },
        {
            content: "The name of the signatory is proposed",
            trigger:
                ".modal .o_web_sign_name_and_signature input:value(Olivia Lagoon)",
        },
        {
            content: "The signature is drawn from the name",
            trigger: ".modal canvas.o_web_sign_signature",
            run: "canvasNotEmpty",
        },
        {
            content: "Sign the contract",
            trigger: ".modal .o_portal_sign_submit:enabled",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The signature is recorded",
            trigger: ".o_contract_sign_ok",
        },
        {
            content: "The customer's signature shows on the contract",
            trigger: ".o_contract_signatures:contains(Olivia Lagoon)",
        },
        {
            content: "No signature is asked any more",
            trigger: "body:not(:has(.o_contract_sign_button))",
            run() {
                // Leave the page before the tour ends (no pending request).
                redirect("/my");
            },
            expectUnloadPage: true,
        },
        {
            trigger: "body",
        },
    ],
});
