"""What the demo's people write in their own language (``cohorts.demo`` seeds it).

The group-wide programs speak English, the group's common language; a subsidiary's own
cohort, its rules, sub-groups and posts are written in the language its people speak, and
newcomers introduce themselves in theirs. Declarations only.
"""

# ruff: noqa: E501 - a rule is one line, as members read it

# ruff: noqa: E501 - a rule is one line, as members read it

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class LocalCohort:
    """A subsidiary's own cohort, in its language."""

    subsidiary: str  # the subsidiary's code in ``learning.demo.SUBSIDIARIES``
    time_zone: str
    name: str
    slug: str
    description: str
    rules: str
    announcement: str
    subgroups: tuple[tuple[str, str], ...]  # (name, slug)


LOCAL_COHORTS = (
    LocalCohort(
        subsidiary="meridian-shanghai",
        time_zone="Asia/Shanghai",
        name="上海总部 2026年11月新人营",
        slug="shanghai-newcomers-2026-11",
        description="总部11月入职的新同事在这里互相认识、提问、打卡，"
        "由人力资源部和各部门的老同事陪你走过入职后的前六周。",
        rules="""\
1. 入营第一周请发一条自我介绍：姓名、部门、之前的工作经历，以及最想学的一件事。
2. 有问题随时提，老同事和助教会在一个工作日内回复。
3. 每天晚上九点前完成读书打卡：书名、章节和一句收获。
4. 不发广告，不转发与工作无关的链接，不在群里争论个人问题。
5. 客户信息和报价只在内部讨论，不截图外传。
6. 连续三天没有打卡，助教会私下联系你，看看是否需要帮助。
""",
        announcement="欢迎加入上海总部11月新人营！请先阅读并确认群规，"
        "然后在本周内发一条自我介绍。周三晚上19:30，人力资源部会介绍前六周的安排，"
        "也欢迎老同事一起来答疑。",
        subgroups=(("销售与售前组", "sales-presales"), ("交付与客户成功组", "delivery-success")),
    ),
    LocalCohort(
        subsidiary="meridian-shenzhen",
        time_zone="Asia/Shanghai",
        name="深圳分公司 · 销售新兵营",
        slug="shenzhen-sales-bootcamp",
        description="深圳分公司新入职的销售和售前同事专属小组：跟着老销售跑客户、拆案例、练话术。",
        rules="""\
1. 每周至少分享一个真实客户案例：客户是谁、遇到什么问题、我们怎么做的、结果如何。
2. 提问时写清楚背景，老销售会在当天下班前回复。
3. 报价和合同条款只在本组讨论，不外传、不截图。
4. 对事不对人：可以质疑方案，不要指责同事。
5. 每周五下午复盘本周拜访，不能参加请提前告诉组长。
""",
        announcement="新兵营本周五下午三点第一次复盘。每人准备一个本周拜访过的客户，"
        "讲清楚客户的需求和下一步计划。",
        subgroups=(("华南大客户组", "key-accounts"), ("中小企业客户组", "smb")),
    ),
    LocalCohort(
        subsidiary="meridian-moscow",
        time_zone="Europe/Moscow",
        name="Москва: школа новичков, ноябрь 2026",
        slug="moscow-newcomers-2026-11",
        description="Группа для всех, кто пришёл в московский офис в ноябре: знакомимся, "
        "задаём вопросы и вместе проходим первые шесть недель.",
        rules="""\
1. В первую неделю расскажите о себе: где работали раньше, чем занимаетесь у нас и чему хотите научиться.
2. Спрашивайте о чём угодно: наставники и кураторы отвечают в течение рабочего дня.
3. Общая лента — для программы, свободное общение — в своей подгруппе.
4. Без рекламы, без пересылки цепочек и без споров о людях.
5. Данные клиентов и цены по договорам не выносим за пределы Guild.
6. Вечерние встречи идут с 19:30 до 21:00 по московскому времени: сначала выступает гость, потом вопросы.
""",
        announcement="Добро пожаловать! Прочитайте правила группы и представьтесь до конца "
        "недели. В среду в 19:30 директор по продажам расскажет, как устроены наши крупные "
        "сделки с государственными заказчиками.",
        subgroups=(
            ("Продажи и пресейл", "sales-presales"),
            ("Внедрение и сопровождение", "delivery"),
        ),
    ),
    LocalCohort(
        subsidiary="meridian-athens",
        time_zone="Europe/Athens",
        name="Αθήνα: νέοι συνάδελφοι, Νοέμβριος 2026",
        slug="athens-newcomers-2026-11",
        description="Η ομάδα όσων ξεκίνησαν στο γραφείο της Αθήνας τον Νοέμβριο: γνωριζόμαστε, "
        "ρωτάμε και περνάμε μαζί τις πρώτες έξι εβδομάδες.",
        rules="""\
1. Την πρώτη εβδομάδα συστηθείτε: πού δουλεύατε πριν, τι κάνετε εδώ και τι θέλετε να μάθετε.
2. Ρωτήστε ό,τι θέλετε· οι μέντορες και οι βοηθοί απαντούν μέσα σε μία εργάσιμη ημέρα.
3. Η κεντρική ροή είναι για την ένταξη· η ελεύθερη κουβέντα γίνεται στην υποομάδα σας.
4. Όχι διαφημίσεις, όχι αλυσίδες μηνυμάτων, όχι αντιπαραθέσεις για πρόσωπα.
5. Στοιχεία πελατών και συμφωνημένες τιμές δεν βγαίνουν έξω από το Guild.
""",
        announcement="Καλώς ήρθατε! Διαβάστε τους κανόνες της ομάδας και συστηθείτε μέσα στην "
        "εβδομάδα. Την Τετάρτη στις 19:30 ο γενικός διευθυντής μάς μιλά για τους πελάτες μας "
        "στον τραπεζικό τομέα.",
        subgroups=(
            ("Πωλήσεις και προπώληση", "sales-presales"),
            ("Υλοποίηση και υποστήριξη πελατών", "delivery"),
        ),
    ),
)

# Newcomers introduce themselves in their own language (by their profile's language).
INTRODUCTIONS = {
    "zh-hans": (
        "大家好，我是刚入职的销售代表。之前做过三年打印机销售，企业软件对我来说是新领域，"
        "希望多向各位前辈请教。",
        "各位好！我在财务部，负责销售合同的审核。想多了解销售团队是怎么报价和谈判的，"
        "欢迎随时找我聊。",
    ),
    "ru": (
        "Всем привет! Теперь я менеджер по внедрению в московском офисе. За плечами пять лет "
        "проектов в банках; ищу наставника, который работал с госзаказчиками.",
        "Добрый вечер! Я пресейл-инженер, работаю в Москве с этой недели. Люблю базы данных "
        "и хоккей, с радостью помогу с демо-стендами.",
    ),
    "el": (
        "Γεια σε όλους! Ξεκίνησα στην εξυπηρέτηση πελατών στην Αθήνα. Μου αρέσουν οι γρίφοι "
        "και θέλω να καταλάβω γρήγορα τους πελάτες μας στις τράπεζες.",
        "Καλησπέρα! Από αυτή την εβδομάδα είμαι στην ομάδα προπώλησης στην Αθήνα. Έρχομαι "
        "από εταιρεία λογισμικού ERP και θα χαρώ να βοηθήσω με παρουσιάσεις.",
    ),
    "en": (
        "Good evening! New pre-sales engineer in London. Ask me about football or databases.",
        "Hi everyone, I joined customer success in London. I hope to understand our retail "
        "customers quickly and to learn from your cases.",
    ),
}

# The rules of the group-wide intake's sub-group of each subsidiary, in its language.
SUBSIDIARY_SUBGROUP_RULES = {
    "zh-hans": """\
1. 本小组是同一分公司新同事的日常交流区，工作上的问题请先在这里提。
2. 每周一上午分享本周的学习计划。
3. 请使用真实姓名和部门，方便大家认识你。
""",
    "ru": """\
1. Подгруппа — для новичков одного офиса: рабочие вопросы задавайте сначала здесь.
2. По понедельникам делимся планом обучения на неделю.
3. Подписывайтесь настоящим именем и отделом, чтобы вас легко было узнать.
""",
    "el": """\
1. Η υποομάδα είναι για τους νέους συναδέλφους του ίδιου γραφείου: οι ερωτήσεις για τη δουλειά γίνονται πρώτα εδώ.
2. Κάθε Δευτέρα μοιραζόμαστε το πλάνο μάθησης της εβδομάδας.
3. Χρησιμοποιήστε το πραγματικό σας όνομα και το τμήμα σας, για να σας αναγνωρίζουν όλοι.
""",
}
