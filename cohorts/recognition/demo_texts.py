"""What the demo's people write when they thank, nominate and greet each other, in the
language of their cohort (``cohorts.recognition.demo`` seeds it). Declarations only."""

# ruff: noqa: E501 - a message is one line, as members read it

from __future__ import annotations

# (message, value code) of kudos, by language; the first of each is given privately.
KUDOS = {
    "en": (
        (
            "Thank you for walking me through the pricing sheet twice without a sigh. I finally get the discount bands.",
            "helping",
        ),
        (
            "You stayed on after the evening session to set up my demo account. It worked first time on the customer call today!",
            "teamwork",
        ),
        (
            "The way you calmed down the insurance customer on Tuesday was a lesson for all of us newcomers.",
            "courage",
        ),
        (
            "You wrote up last week's lost deal so honestly that we all learned from it.",
            "ownership",
        ),
    ),
    "zh-hans": (
        ("谢谢你周三晚上陪我把报价单又过了一遍，折扣区间终于弄明白了。", "helping"),
        (
            "你带我去见客户时的开场白太好用了，今天我自己试了一次，客户当场约了下次演示。",
            "customer",
        ),
        ("新人营第一周你就主动帮大家整理了产品资料，辛苦了！", "ownership"),
    ),
    "ru": (
        (
            "Спасибо, что спокойно разобрали со мной договор с госзаказчиком — без вас я бы не успел к сроку.",
            "helping",
        ),
        (
            "Демо-стенд, который вы подняли за вечер, выручил всю группу на встрече с банком.",
            "teamwork",
        ),
        (
            "Вы так честно рассказали о проигранной сделке, что мы все теперь знаем, где ошиблись.",
            "courage",
        ),
    ),
    "el": (
        (
            "Ευχαριστώ που μου έδειξες με υπομονή πώς δουλεύει το σύστημα αιτημάτων. Σήμερα έκλεισα μόνη μου τρία!",
            "helping",
        ),
        ("Η παρουσίαση που ετοίμασες για την τράπεζα βοήθησε όλη την ομάδα. Μπράβο!", "teamwork"),
        ("Χειρίστηκες τον θυμωμένο πελάτη με τόση ψυχραιμία — μάθαμε όλοι κάτι.", "courage"),
    ),
}

# How a few people like to be thanked: (visibility, note), by language.
PREFERENCES = {
    "en": ("private", "I prefer a quiet thank-you to a big announcement."),
    "zh-hans": ("private", "私下说一声谢谢就很好，不用公开表扬。"),
    "ru": ("public", "Люблю, когда благодарят при всех — это заряжает."),
    "el": ("private", "Προτιμώ ένα ήσυχο ευχαριστώ από μια μεγάλη ανακοίνωση."),
}

# A helper's welcome to a newcomer who introduced themselves, by language.
GREETINGS = {
    "en": "Welcome aboard! Your mentor will say hello soon; ask us anything in the meantime.",
    "zh-hans": "欢迎加入！有任何问题都可以在群里问，老同事们都很乐意帮忙。",
    "ru": "Добро пожаловать! Если что-то непонятно — спрашивайте здесь, мы всегда рядом.",
    "el": "Καλώς ήρθες! Ό,τι χρειαστείς, ρώτα εδώ — είμαστε όλοι εδώ για να βοηθήσουμε.",
}

# The spotlight awards HR defines: (name, description), and the nominations' reasons.
AWARDS = {
    "en": {
        "finished": (
            "Helping hand of the month",
            "For the colleague who made the most people's first weeks easier.",
        ),
        "open": ("Rising star", "For the newcomer who has grown the most since the program began."),
        "reasons": (
            "Answered every question in the Q&A board within the hour, even late in the evening.",
            "Set up demo accounts for half the intake and never made anyone feel slow.",
            "Organised the first case clinic and got everyone talking.",
        ),
    },
    "zh-hans": {
        "finished": ("本月最佳帮手", "表彰让最多新同事顺利度过第一周的那位伙伴。"),
        "reasons": (
            "每天晚上都在群里回答大家的问题，从不嫌麻烦。",
            "主动整理了产品资料和报价模板，大家都在用。",
        ),
    },
}
