"""What the demo's members say after a guest session, each in their own language, and
the titles of the earlier evenings. Declarations only (``cohorts.health.demo``)."""

# ruff: noqa: E501 - a comment is one sentence or two, as members write it

COMMENTS = {
    "en": (
        "The pricing example was exactly the conversation I had on Tuesday. More of these, please.",
        "Good talk, but the Q&A ran short: half our questions were left.",
        "I finally understand how renewals are approved. The checklist helped.",
        "Would love the slides in the library before the next session.",
    ),
    "zh-hans": (
        "价格谈判的例子和我周二遇到的客户一模一样，希望多讲这类案例。",
        "分享很精彩，但问答时间太短，还有一半问题没来得及问。",
        "终于弄明白续约审批的流程了，清单很有用。",
        "希望下次分享前能把课件放到资料库里。",
    ),
    "ru": (
        "Пример с ценой — ровно мой разговор во вторник. Побольше таких случаев.",
        "Хороший доклад, но на вопросы осталось мало времени.",
        "Наконец понял, как согласуются продления. Чек-лист помог.",
        "Хотелось бы получить слайды в библиотеке до следующей встречи.",
    ),
    "el": (
        "Το παράδειγμα τιμολόγησης ήταν ακριβώς η συζήτηση που είχα την Τρίτη. Κι άλλα τέτοια!",
        "Καλή ομιλία, αλλά οι ερωτήσεις δεν πρόλαβαν όλες.",
        "Επιτέλους κατάλαβα πώς εγκρίνονται οι ανανεώσεις. Η λίστα βοήθησε.",
        "Θα ήθελα τις διαφάνειες στη βιβλιοθήκη πριν από την επόμενη συνάντηση.",
    ),
}

EARLIER_EVENINGS = (
    "Our first week: how the company sells",
    "A regional director on the first ninety days",
    "Pricing and negotiation: what a good concession looks like",
)

# The demo's goals: (metric, target, days before the cohort's end it is due, note).
GOALS = (
    ("active_rate", 85, 0, "Everyone does something every week."),
    ("checkin_completion", 75, 0, "Three in four daily check-ins."),
    ("attendance", 60, 0, "Most newcomers come to at least one evening."),
    ("questions_answered", 90, 14, "No question left alone."),
    ("first_answer_hours", 4, 14, "A first answer the same afternoon."),
)
