import { registry } from "@web/core/registry";

function stepDone(name) {
    return [
        {
            content: `Mark '${name}' done`,
            trigger: `.o_field_widget[name=step_line_ids] .o_data_row:contains("${name}") button[name=action_done]`,
            run: "click",
        },
        {
            content: `'${name}' is done`,
            trigger: `.o_field_widget[name=step_line_ids] .o_data_row:contains("${name}"):not(:has(button[name=action_done]))`,
        },
    ];
}

registry.category("web_tour.tours").add("cx_recovery_case_tour", {
    steps: () => [
        {
            content: "The case is new",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains(New)",
        },
        ...stepDone("Call the customer"),
        {
            content: "First call made: contacted",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains(Contacted)",
        },
        ...stepDone("Listen and record"),
        ...stepDone("Apologise sincerely"),
        {
            content: "Open the options",
            trigger: ".o_notebook .nav-link:contains(Options)",
            run: "click",
        },
        {
            content: "The customer chooses pick-up and return",
            trigger: '.o_field_widget[name=option_ids] .o_data_row:contains("Pick-up and return") button[name=action_choose]',
            run: "click",
        },
        {
            trigger: '.o_field_widget[name=chosen_option_id]:contains("Pick-up and return")',
        },
        {
            content: "Back to the steps",
            trigger: ".o_notebook .nav-link:contains(Steps)",
            run: "click",
        },
        ...stepDone("Propose at least three options"),
        {
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains(Solution agreed)",
        },
        {
            content: "Start execution",
            trigger: ".o_form_view button[name=action_start_execution]",
            run: "click",
        },
        {
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains(Executing)",
        },
        ...stepDone("Execute and exceed"),
        {
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains(Follow-up)",
        },
        ...stepDone("Follow-up call on day 3"),
        ...stepDone("Follow-up call on day 7"),
        ...stepDone("Care call on day 30"),
        {
            content: "Close after the customer's confirmation",
            trigger: ".o_form_view button[name=action_close]",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name=outcome] input[data-value=recovered]",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name=reason] textarea",
            run: "edit Customer confirmed by phone: happy again",
        },
        {
            trigger: ".modal button[name=action_close]",
            run: "click",
        },
        {
            content: "Recovered",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains(Recovered)",
        },
    ],
});
