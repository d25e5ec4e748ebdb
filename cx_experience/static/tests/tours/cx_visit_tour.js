import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("cx_experience_visit_tour", {
    steps: () => [
        {
            content: "Open the journey of the visit",
            trigger: ".o_form_view button[name=action_cx_journey]",
            run: "click",
        },
        {
            content: "Add a touchpoint",
            trigger: "div[name=touchpoint_ids] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            content: "Stage: reception",
            trigger: "div[name=touchpoint_ids] .o_selected_row [name=stage_id] input",
            run: "edit Reception",
        },
        {
            trigger: ".ui-menu-item-wrapper:contains(Reception)",
            run: "click",
        },
        {
            content: "Emotion +4",
            trigger: "div[name=touchpoint_ids] .o_selected_row [name=emotion] input",
            run: "edit 4",
        },
        {
            content: "Add a second touchpoint",
            trigger: "div[name=touchpoint_ids] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            content: "Stage: delivery (row 3: row 1 is the car's reception, recorded by itself)",
            trigger: "div[name=touchpoint_ids] tbody tr.o_data_row:nth-child(3).o_selected_row [name=stage_id] input",
            run: "edit Delivery",
        },
        {
            trigger: ".ui-menu-item-wrapper:contains(Delivery)",
            run: "click",
        },
        {
            content: "Emotion -2: the car is not washed",
            trigger: "div[name=touchpoint_ids] tbody tr.o_data_row:nth-child(3).o_selected_row [name=emotion] input",
            run: "edit -2",
        },
        {
            content: "Save the journey",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Peak-end score computed: (4 + -2) / 2",
            trigger: ".o_form_saved .o_field_widget[name=peak_end_score]:contains(1.0)",
        },
        {
            content: "Back to the visit",
            trigger: ".o_breadcrumb .breadcrumb-item a",
            run: "click",
        },
        {
            content: "Checklists tab",
            trigger: ".o_notebook .nav-link:contains(Checklists)",
            run: "click",
        },
        {
            content: "Open the delivery checklist",
            trigger:
                "div[name=cx_checklist_ids] .o_data_row:contains(delivery) button[name=action_open]",
            run: "click",
        },
        {
            content: "Select the first item",
            trigger: "div[name=item_ids] .o_data_row:first .o_data_cell[name=note]",
            run: "click",
        },
        {
            content: "It is a finding",
            trigger: "div[name=item_ids] .o_selected_row input[data-value=finding]",
            run: "click",
        },
        {
            content: "Note the finding",
            trigger: "div[name=item_ids] .o_selected_row [name=note] input",
            run: "edit Rear bumper scratch",
        },
        {
            content: "Mark the rest done",
            trigger: ".o_form_view button[name=action_mark_all_done]",
            run: "click",
        },
        {
            content: "Checklist complete",
            trigger: ".o_form_view .o_form_saved .ribbon:contains(Complete)",
        },
        {
            content: "Back to the visit",
            trigger: ".o_breadcrumb .breadcrumb-item:first a",
            run: "click",
        },
        {
            content: "Set the visit to done",
            trigger: ".o_statusbar_status button[data-value=done]",
            run: "click",
        },
        {
            content: "Visit done and saved",
            trigger:
                ".o_form_saved .o_statusbar_status button.o_arrow_button_current[data-value=done]",
        },
    ],
});
