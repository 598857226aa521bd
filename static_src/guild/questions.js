// The ask form: while the question is typed, show questions already asked that look
// alike (GET <similar-url>?q=..., a JSON list), so that a newcomer can read an answer
// instead of waiting for one. Debounced; only the latest answer is shown.
document.addEventListener("DOMContentLoaded", function () {
    const form = document.querySelector("form[data-similar-url]");
    if (!form) return;
    const input = form.querySelector("input[data-similar]");
    const box = form.querySelector("[data-similar-box]");
    const list = form.querySelector("[data-similar-list]");
    let timer = null;
    let asked = 0;

    function show(questions) {
        list.replaceChildren();
        questions.forEach(function (question) {
            const item = document.createElement("li");
            const link = document.createElement("a");
            link.href = question.url;
            link.textContent = question.title;
            link.target = "_blank";
            item.appendChild(link);
            if (question.accepted) item.appendChild(document.createTextNode(" ✓"));
            list.appendChild(item);
        });
        box.hidden = questions.length === 0;
    }

    input.addEventListener("input", function () {
        clearTimeout(timer);
        timer = setTimeout(function () {
            const text = input.value.trim();
            if (text.length < 2) return show([]);
            const mine = ++asked;
            fetch(form.dataset.similarUrl + "?q=" + encodeURIComponent(text), {
                headers: { Accept: "application/json" },
                credentials: "same-origin",
            })
                .then((response) => (response.ok ? response.json() : { questions: [] }))
                .then(function (data) { if (mine === asked) show(data.questions); })
                .catch(function () { show([]); });
        }, 300);
    });
});
