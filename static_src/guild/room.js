// The live room: new posts and questions appear without reloading.
// Polls /room-updates/<id>/ with the page's signed ticket and the room's version; the
// server answers 204 (nothing new, no database work) or the room's latest snapshot.
// New posts' times are shown in the reader's language and profile time zone.
document.addEventListener("DOMContentLoaded", function () {
    const room = document.getElementById("room");
    if (!room) return;
    const language = document.documentElement.lang || undefined;
    // The reader's zone as their profile says (not the device's), on a 24-hour clock like
    // the times the server writes.
    const clock = new Intl.DateTimeFormat(language, {
        hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: room.dataset.timeZone || undefined,
    });
    const postsList = room.querySelector("[data-room-posts]");
    let version = room.dataset.version;
    const known = new Set(Array.from(postsList.querySelectorAll("[data-id]")).map((el) => el.dataset.id));

    function showTimes(scope) {
        scope.querySelectorAll("time[datetime]").forEach(function (el) {
            if (!el.textContent) el.textContent = clock.format(new Date(el.getAttribute("datetime")));
        });
    }

    function text(tag, value, className) {
        const el = document.createElement(tag);
        el.textContent = value;
        if (className) el.className = className;
        return el;
    }

    function addPost(post) {
        const item = document.createElement("li");
        item.className = "room-post room-fresh";
        item.dataset.id = post.id;
        const head = document.createElement("p");
        head.className = "post-head";
        head.append(text("strong", post.author));
        const time = text("time", "", "muted small");
        time.setAttribute("datetime", post.at);
        head.append(" ", time);
        item.append(head);
        if (post.body) item.append(text("p", post.body, "post-body"));
        if (post.image) {
            const image = document.createElement("img");
            image.src = room.dataset.media + post.id + "/image/";
            image.alt = room.dataset.labelsImage;
            image.loading = "lazy";
            item.append(image);
        }
        if (post.audio) {
            const audio = document.createElement("audio");
            audio.controls = true;
            audio.preload = "none";
            audio.src = room.dataset.media + post.id + "/audio/";
            item.append(audio);
        }
        const empty = postsList.querySelector("[data-room-empty]");
        if (empty) empty.remove();
        postsList.append(item);
        known.add(String(post.id));
        showTimes(item);
    }

    function updateQuestions(questions) {
        questions.forEach(function (question) {
            const item = room.querySelector('[data-room-questions] [data-id="' + question.id + '"]');
            if (!item) { needsReload = true; return; }
            if (question.answered) item.classList.add("answered");
        });
    }

    let needsReload = false;
    async function poll() {
        try {
            const url = room.dataset.updates + "?ticket=" + encodeURIComponent(room.dataset.ticket) + "&v=" + encodeURIComponent(version);
            const response = await fetch(url, {headers: {"Accept": "application/json"}, credentials: "omit"});
            if (response.status === 200) {
                const update = await response.json();
                version = String(update.version);
                update.posts.forEach(function (post) { if (!known.has(String(post.id))) addPost(post); });
                updateQuestions(update.questions);
                if (needsReload && !document.activeElement.closest("form")) window.location.reload();
            }
        } catch (error) { /* The network blinked; the next poll will tell. */ }
        window.setTimeout(poll, 3000);
    }
    showTimes(room);
    if (room.dataset.live) window.setTimeout(poll, 3000);
});
