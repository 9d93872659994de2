// Progressive enhancement only: every page works without JavaScript.
import { initAll } from '/assets/js/govuk-frontend.min.js';
initAll();

// Job progress pages poll their status and reload once the job has finished.
const job = document.querySelector('[data-job-status-url]');
if (job && job.getAttribute('data-job-finished') !== 'true') {
  const text = job.querySelector('[data-job-text]');
  const bar = job.querySelector('[data-job-progress]');
  const poll = async () => {
    try {
      const response = await fetch(job.getAttribute('data-job-status-url'), { headers: { accept: 'application/json' } });
      if (response.ok) {
        const status = await response.json();
        if (status.finished) return window.location.reload();
        const counts = status.total ? ` (${status.done.toLocaleString('en-GB')} of ${status.total.toLocaleString('en-GB')})` : '';
        if (text) text.textContent = `${status.percent}% done${counts}${status.message ? `: ${status.message}` : ''}`;
        if (bar) bar.value = status.percent;
      }
    } catch {
      // Network blips: try again on the next tick.
    }
    setTimeout(poll, 1000);
  };
  setTimeout(poll, 1000);
}
