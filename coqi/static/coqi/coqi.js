// Start NHS.UK frontend's components (header menu, error summary focus, password reveal …).
import { initAll } from "../nhsuk/nhsuk-frontend-10.6.1.min.js";

initAll();

// htmx sends Django's CSRF token with every request it makes.
document.body.addEventListener("htmx:configRequest", (event) => {
  const token = document.querySelector("input[name=csrfmiddlewaretoken]");
  if (token) event.detail.headers["X-CSRFToken"] = token.value;
});

// Dot votes: a live count of the dots left as people move them (projects/vote.jinja renders the first count).
const plural = (n) => `${n} ${n === 1 ? "dot" : "dots"}`;
for (const form of document.querySelectorAll("form[data-dots-total]")) {
  const counter = form.querySelector("#dots-left");
  const total = Number(form.dataset.dotsTotal);
  const recount = () => {
    let used = 0;
    for (const box of form.querySelectorAll("input[inputmode=numeric], select")) used += Number(box.value) || 0;
    const left = total - used;
    counter.textContent = left >= 0 ? `${plural(left)} left` : `${plural(-left)} too many: take some off`;
  };
  form.addEventListener("input", recount);
  form.addEventListener("change", recount);
}
