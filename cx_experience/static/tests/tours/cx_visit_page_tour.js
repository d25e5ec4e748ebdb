import { registry } from "@web/core/registry";

// The customer, with only the link of their visit (issue 14): three moments of
// the visit, the advisor's moves happening in between (see test_visit_page_tour.py).
registry.category("web_tour.tours").add("cx_experience_visit_page_received", {
    steps: () => [
        {
            content: "The car is received: 10%",
            trigger: ".o_cx_progress .o_cx_stage_current:contains(Car received)",
        },
        {
            trigger: ".o_cx_progress_value:contains(10%)",
        },
        {
            content: "The advisor is there to call",
            trigger: ".o_cx_advisor .o_cx_advisor_name:contains(Tour Advisor)",
        },
    ],
});

registry.category("web_tour.tours").add("cx_experience_visit_page_choices", {
    steps: () => [
        {
            content: "After a reload, the diagnosis is under way: 20%",
            trigger: ".o_cx_progress .o_cx_stage_current:contains(Diagnosing)",
        },
        {
            trigger: ".o_cx_progress_value:contains(20%)",
        },
        {
            content: "The technician's photo is there",
            trigger: ".o_cx_shared img[alt='swollen-battery.png']",
        },
        {
            content: "Approve the wiper blades",
            trigger: ".o_cx_finding:contains(Wiper blades) button.o_cx_approve",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Approved",
            trigger: ".o_cx_finding_approved:contains(Wiper blades) .o_cx_choice",
        },
        {
            content: "Decline the cabin filter",
            trigger: ".o_cx_finding:contains(Cabin filter) button.o_cx_decline",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Declined",
            trigger: ".o_cx_finding_declined:contains(Cabin filter) .o_cx_choice",
        },
    ],
});

registry.category("web_tour.tours").add("cx_experience_visit_page_report", {
    steps: () => [
        {
            content: "Delivered: the service report",
            trigger: ".o_cx_report:contains(Battery module replaced)",
        },
        {
            trigger: ".o_cx_report .o_cx_report_declined:contains(Cabin filter)",
        },
        {
            trigger: ".o_cx_progress_value:contains(100%)",
        },
    ],
});
