// Polls a background job's status and updates its progress bar (job_progress.html).
// A static file so that the admin needs no inline script of ours.
// Wagtail puts extra_js in the <head>: wait for the page before looking for the bars.
document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-progress-root]").forEach(function (root) {
        if (root.dataset.finished === "true") return;
        const bar = root.querySelector("[data-progress-bar]");
        const label = root.querySelector("[data-progress-label]");
        async function poll() {
            try {
                const response = await fetch(root.dataset.statusUrl, {headers: {"Accept": "application/json"}});
                if (response.ok) {
                    const status = await response.json();
                    if (bar) bar.value = status.percent;
                    label.textContent = status.status_label;
                    if (status.finished) { window.location.reload(); return; }
                }
            } catch (error) { /* The network blinked; the next poll will tell. */ }
            window.setTimeout(poll, 1500);
        }
        window.setTimeout(poll, 1000);
    });
});
