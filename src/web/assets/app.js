// Progressive enhancement only: every page works without JavaScript.
import { initAll } from '/assets/js/govuk-frontend.min.js';
initAll();
