import { registry } from "@web/core/registry";

// An advisor opens the ritual calendar, lists the planned rituals, opens one,
// writes how it went and marks it done.
registry.category("web_tour.tours").add("cx_ritual_mark_done", {
    steps: () => [
        {
            trigger: ".o_calendar_view",
        },
        {
            trigger: "button.o_switch_view.o_list",
            run: "click",
        },
        {
            trigger: ".o_data_cell:contains('Tour Customer')",
            run: "click",
        },
        {
            trigger: "div[name='note'] textarea",
            run: "edit Cake and birthday song in the lounge",
        },
        {
            trigger: "button[name='action_done']",
            run: "click",
        },
        {
            trigger: "button[name='action_reset']",
        },
    ],
});
