"""A small corpus of cases in four languages and queries with the cases they must find,
for measuring search recall (test_search.py; README "Search" reports the numbers).

Queries are the words people type: Chinese words of two to four characters that occur
inside unspaced sentences, Russian and Greek words in another grammatical form than the
text uses, English plurals and single words."""

DOCUMENTS = {
    "zh-price": (
        "zh-hans",
        "华东区经销商价格谈判",
        "客户要求在年底前降价百分之十，并威胁转向竞争对手。我们先确认了采购预算和决策链，"
        "再用三年总拥有成本说明我们的方案更划算。",
    ),
    "zh-service": (
        "zh-hans",
        "售后服务流程改进",
        "设备安装后第一周客户投诉响应太慢。我们建立了二十四小时回访机制，服务满意度明显提升。",
    ),
    "zh-competitor": (
        "zh-hans",
        "竞品分析：与本地品牌正面竞争",
        "对手报价低两成，但交付周期长。我们突出交付速度和培训支持，最终赢得订单。",
    ),
    "ru-discount": (
        "ru",
        "Переговоры о скидке с дистрибьютором",
        "Дистрибьютор требовал большую скидку и грозил уйти к конкуренту. Мы показали "
        "совокупную стоимость владения за три года и предложили обучение менеджеров.",
    ),
    "ru-project": (
        "ru",
        "Управление проектом внедрения",
        "Проект отставал от графика из-за задержек поставок. Мы еженедельно согласовывали "
        "план с заказчиком и назначили ответственного за каждую поставку.",
    ),
    "ru-presentation": (
        "ru",
        "Презентация продукта для банков",
        "Банкам важна надёжность. Презентацию начали с отзывов клиентов и гарантий сервиса.",
    ),
    "el-offer": (
        "el",
        "Διαπραγμάτευση τιμής με αλυσίδα ξενοδοχείων",
        "Ο πελάτης ζήτησε έκπτωση είκοσι τοις εκατό. Προτείναμε πακέτο συντήρησης αντί για "
        "μείωση τιμής και κλείσαμε τη συμφωνία.",
    ),
    "el-service": (
        "el",
        "Διαδικασία εξυπηρέτησης μετά την πώληση",
        "Οι πελάτες παραπονιούνταν για καθυστερήσεις. Ορίσαμε υπεύθυνο λογαριασμού και "
        "εβδομαδιαία αναφορά προόδου.",
    ),
    "el-competitor": (
        "el",
        "Ανάλυση ανταγωνιστή στην Αθήνα",
        "Ο ανταγωνιστής προσφέρει χαμηλότερη τιμή αλλά χωρίς εκπαίδευση. Τονίσαμε την "
        "υποστήριξη και την αξιοπιστία.",
    ),
    "en-negotiation": (
        "en",
        "Negotiating a renewal with a hospital group",
        "The buyer asked for discounts on every consumable. We traded volume commitments "
        "for price and kept the service contract whole.",
    ),
    "en-presentation": (
        "en",
        "Presenting the analytics module to retailers",
        "Retail managers cared about stock-outs. We opened with their own data and a "
        "live demo of the forecasting dashboard.",
    ),
    "en-project": (
        "en",
        "Managing a rollout across twelve stores",
        "Each store went live on a fixed weekday with a checklist and a named owner.",
    ),
}

# query -> the documents it must find (all of them).
QUERIES = {
    # Chinese: two-character words inside unspaced sentences, and longer words.
    "降价": {"zh-price"},
    "预算": {"zh-price"},
    "竞争对手": {"zh-price"},
    "总拥有成本": {"zh-price"},
    "投诉": {"zh-service"},
    "满意度": {"zh-service"},
    "回访": {"zh-service"},
    "交付": {"zh-competitor"},
    "报价": {"zh-competitor"},
    "培训": {"zh-competitor"},
    "经销商": {"zh-price"},
    "服务": {"zh-service"},
    "采购": {"zh-price"},
    # Russian: other cases and numbers than the text's.
    "скидки": {"ru-discount"},
    "скидкой": {"ru-discount"},
    "конкуренты": {"ru-discount"},
    "дистрибьюторы": {"ru-discount"},
    "проекты": {"ru-project"},
    "поставки": {"ru-project"},
    "заказчика": {"ru-project"},
    "презентации": {"ru-presentation"},
    "банк": {"ru-presentation"},
    "клиентам": {"ru-presentation"},
    "обучения": {"ru-discount"},
    # Greek: other cases and numbers, with and without accents.
    "πελάτες": {"el-offer", "el-service"},
    "εκπτώσεις": {"el-offer"},
    "τιμές": {"el-offer", "el-competitor"},
    "ανταγωνιστές": {"el-competitor"},
    "εκπαιδευση": {"el-competitor"},
    "καθυστέρηση": {"el-service"},
    "συμφωνίες": {"el-offer"},
    "ξενοδοχείο": {"el-offer"},
    # English: plurals and word forms.
    "discount": {"en-negotiation"},
    "renewals": {"en-negotiation"},
    "retailer": {"en-presentation"},
    "dashboards": {"en-presentation"},
    "store": {"en-project"},
    "checklists": {"en-project"},
    "service contract": {"en-negotiation"},
}
