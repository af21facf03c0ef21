// Start NHS.UK frontend's components (header menu, error summary focus, password reveal …).
import { initAll } from "../nhsuk/nhsuk-frontend-10.6.1.min.js";

initAll();

// htmx sends Django's CSRF token with every request it makes.
document.body.addEventListener("htmx:configRequest", (event) => {
  const token = document.querySelector("input[name=csrfmiddlewaretoken]");
  if (token) event.detail.headers["X-CSRFToken"] = token.value;
});
