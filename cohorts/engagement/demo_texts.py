"""What the demo's people write in their check-ins, each in their own language: the books
the seeds' reading check-in asks about, and what they took from a chapter. Declarations
only (``cohorts.engagement.demo`` seeds them)."""

# ruff: noqa: E501 - a check-in is one paragraph, as members write it

TASK_TITLES = {
    "en": (
        "Daily reading check-in",
        "Read at least ten pages, then note the book, the chapter and one thing you will use at work.",
    ),
    "zh-hans": ("每日读书打卡", "每天至少读十页，写下书名、章节和一句收获，晚上九点前完成。"),
    "ru": (
        "Ежедневная отметка о чтении",
        "Прочитайте хотя бы десять страниц и запишите книгу, главу и одну мысль, которую возьмёте в работу.",
    ),
    "el": (
        "Καθημερινό check-in ανάγνωσης",
        "Διαβάστε τουλάχιστον δέκα σελίδες και γράψτε το βιβλίο, το κεφάλαιο και μία ιδέα που θα εφαρμόσετε.",
    ),
}

WEEKLY_TITLE = (
    "Friday field note",
    "One photo or a few lines from a customer visit this week: who, what they asked, what you learned.",
)

# (book, chapter, text) per language; members take them in turn.
READINGS = {
    "en": (
        (
            "The Challenger Sale",
            "Chapter 3: Teaching for differentiation",
            "Customers remember the insight that reframed their problem, not our feature list. Tomorrow I will open my call with one question about their costs.",
        ),
        (
            "SPIN Selling",
            "Implication questions",
            "Asking what a problem costs the customer makes the need bigger than any slide can. I wrote down three implication questions for the printer account.",
        ),
        (
            "Never Split the Difference",
            "Mirroring",
            "Repeating the last three words makes people explain more. I tried it at lunch and it works almost too well.",
        ),
        (
            "Good to Great",
            "First who, then what",
            "The right people on the bus matter more than the route. Our sub-group should decide who does what before the case clinic.",
        ),
    ),
    "zh-hans": (
        (
            "《销售就是要玩转情商》",
            "第二章 倾听客户",
            "今天读到倾听比说服更重要。下次拜访客户时，我先问三个问题，再介绍产品。",
        ),
        (
            "《活法》",
            "第一章 思维方式",
            "稻盛和夫说，人生的结果等于思维方式乘以热情乘以能力。我觉得新人最需要的是热情和正确的思维方式。",
        ),
        (
            "《高效能人士的七个习惯》",
            "习惯二 以终为始",
            "先想清楚这个季度要达成什么，再安排每天的拜访。今晚就把下周的客户清单写好。",
        ),
        (
            "《影响力》",
            "第三章 承诺和一致",
            "客户一旦做了小的承诺，就更愿意做大的决定。试用申请表可以设计成第一步小承诺。",
        ),
    ),
    "ru": (
        (
            "«Продажи по методу СПИН»",
            "Глава 4. Извлекающие вопросы",
            "Понял, почему клиент не видит ценности: мы не спросили, во что ему обходится проблема. Завтра попробую на звонке с логистической компанией.",
        ),
        (
            "«Пиши, сокращай»",
            "Глава о письмах клиентам",
            "Короткое письмо с одним вопросом получает ответ чаще. Переписал своё коммерческое предложение — вышло вдвое короче.",
        ),
        (
            "«Никогда не ешьте в одиночку»",
            "Глава 5",
            "Связи строятся до того, как они понадобятся. Договорился пообедать с коллегой из отдела внедрения.",
        ),
    ),
    "el": (
        (
            "«Η τέχνη της διαπραγμάτευσης»",
            "Κεφάλαιο 2: Ακούστε πρώτα",
            "Όταν αφήνω τον πελάτη να μιλήσει πρώτος, μαθαίνω τι πραγματικά τον απασχολεί. Θα το δοκιμάσω στη συνάντηση της Πέμπτης.",
        ),
        (
            "«Οι 7 συνήθειες των πολύ αποτελεσματικών ανθρώπων»",
            "Συνήθεια 5",
            "Προσπάθησε πρώτα να καταλάβεις και μετά να γίνεις κατανοητός. Έγραψα τρεις ερωτήσεις για τον επόμενο πελάτη.",
        ),
        (
            "«Πουλώντας το αόρατο»",
            "Κεφάλαιο 1",
            "Οι υπηρεσίες πωλούνται με εμπιστοσύνη, όχι με προδιαγραφές. Θα ζητήσω από έναν πελάτη μας να μιλήσει για την εμπειρία του.",
        ),
    ),
}
