// Loaded as a module: browsers too old for modules never run it and get the no-JavaScript
// service, exactly as GOV.UK Frontend expects. No inline script is needed, so a strict
// Content Security Policy can forbid them.
import { initAll } from "../dist/govuk-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();
