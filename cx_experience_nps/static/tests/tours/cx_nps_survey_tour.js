import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("cx_nps_survey_tour", {
    steps: () => [
        {
            content: "Start the after-service survey",
            trigger: 'button.btn:contains("Start")',
            run: "click",
        },
        {
            content: "Give a 3 on the likelihood to recommend",
            trigger: 'div.js_question-wrapper:contains("How likely are you to recommend us") label:contains("3")',
            run: "click",
        },
        {
            content: "Explain the score",
            trigger: 'div.js_question-wrapper:contains("What is the main reason for your score") textarea',
            run: "edit The car was not ready when promised",
        },
        {
            content: "Pick the root cause",
            trigger: 'div.js_question-wrapper:contains("What mattered most") label:contains("Waiting time")',
            run: "click",
        },
        {
            content: "Submit",
            trigger: 'button[value="finish"]',
            run: "click",
        },
        {
            content: "Confirm",
            trigger: ".modal-footer button.btn-primary",
            run: "click",
        },
        {
            content: "Thank you page",
            trigger: 'div.o_survey_finished:contains("Thank you for your feedback")',
        },
    ],
});
