/* Copyright 2026 Customer Contract Authors
 * License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl). */
// Steps and selectors shared by the tours of the contract forms.

export const SHEET = ".o_form_sheet";
export const NEW_LINE = ".o_field_widget[name=line_ids] .o_selected_row";
export const CURRENT_STATE = ".o_statusbar_status button[aria-checked=true]";
const OPTION = ".o-autocomplete--dropdown-menu .o-autocomplete--dropdown-item a";

export function field(name, container = SHEET) {
    return `${container} .o_field_widget[name=${name}] input`;
}

// The options of the dropdown opened on one field only (another field's
// dropdown may still be closing and list a matching record).
export function option(name, container = SHEET) {
    return `${container} .o_field_widget[name=${name}] ${OPTION}`;
}

export function selectMany2one(name, label, container = SHEET) {
    return [
        {
            content: `Search "${label}"`,
            trigger: field(name, container),
            run: `edit ${label}`,
        },
        {
            content: `Pick "${label}"`,
            trigger: `${option(name, container)}:contains("${label}")`,
            run: "click",
        },
        {
            content: `"${label}" is set`,
            trigger: `${field(name, container)}:value("${label}")`,
        },
    ];
}

// The "Mark as Signed" dialog, with the customer's signatory proposed: the
// scan of the signed document is attached, the user signs for the company.
export function confirmSignature(signatory) {
    return [
        {
            content: "The customer's signatory is proposed",
            trigger: `${field("signed_by", ".modal")}:value("${signatory}")`,
        },
        {
            content: "Attach the scan of the signed document",
            trigger: ".modal .o_field_widget[name=document] input[type=file]:not(:visible)",
            run() {
                const transfer = new DataTransfer();
                transfer.items.add(
                    new File(["%PDF-1.4 signed"], "signed.pdf", {
                        type: "application/pdf",
                    })
                );
                this.anchor.files = transfer.files;
                this.anchor.dispatchEvent(new Event("change", { bubbles: true }));
            },
        },
        {
            content: "The scan is attached",
            trigger: ".modal .o_field_widget[name=document] input.o_input:value(signed.pdf)",
        },
        {
            content: "Confirm the signature",
            trigger: ".modal button[name=action_confirm]",
            run: "click",
        },
    ];
}
