"""The knowledge base's demo content, written for Guild in the subsidiaries' languages:
cases from the field, the standard sales language and the code of conduct. Data only
(``knowledge_base.demo`` seeds it)."""

# ruff: noqa: E501 - a glossary entry is one line, as its editors read it

# (language, region name, kind, title, product, industry, segment, stage, situation,
#  actions, outcome, lessons, tags)
CASES = [
    (
        "zh-hans",
        "East China",
        "pricing_negotiation",
        "连锁超市续约：用总拥有成本代替降价",
        "Meridian 收银终端",
        "零售",
        "区域连锁超市",
        "negotiation",
        "客户采购总监在续约前要求整体降价百分之十五，并暗示友商已经给出更低报价。",
        "我们没有直接让步，而是整理了过去两年的故障率、上门服务次数和停机损失，"
        "算出三年总拥有成本，并提出用延长维保换取三年期合同。",
        "客户接受了百分之三的价格调整和三年续约，维保收入增加。",
        "先谈总拥有成本，再谈价格；每一次让步都要换回对等的承诺。",
        ["续约", "总拥有成本"],
    ),
    (
        "zh-hans",
        "South China",
        "competitor_analysis",
        "深圳电子卖场项目：与本地品牌正面比较",
        "Meridian 云库存",
        "消费电子",
        "卖场运营方",
        "proposal",
        "友商报价比我们低两成，但实施周期要三个月，客户旺季前必须上线。",
        "我们做了一页对比表：上线时间、培训方式、数据迁移和本地服务团队，"
        "并请已上线的老客户接待客户参观。",
        "客户选择了我们，六周内完成上线。",
        "比较时只讲事实和客户关心的指标，不评价友商。",
        ["友商", "上线时间"],
    ),
    (
        "zh-hans",
        "East China",
        "service_process",
        "安装后第一周的回访机制",
        "Meridian 收银终端",
        "餐饮",
        "连锁餐厅",
        "after_sale",
        "新装门店第一周的服务请求很多，客户觉得响应太慢，满意度下降。",
        "我们建立了安装后二十四小时、七十二小时和第七天三次回访，"
        "由客户成功经理负责，问题当天记录当天分派。",
        "第一月服务请求减少一半，客户满意度回到九成以上。",
        "把回访写进流程和清单，而不是靠个人记忆。",
        ["回访", "服务流程"],
    ),
    (
        "ru",
        "Eastern Europe",
        "pricing_negotiation",
        "Дистрибьютор требовал скидку: обмен уступок",
        "Meridian POS",
        "Дистрибуция",
        "Региональный дистрибьютор",
        "negotiation",
        "Дистрибьютор потребовал скидку двадцать процентов и пригрозил уйти к другому "
        "поставщику до конца квартала.",
        "Мы подготовили лестницу уступок: каждая корректировка цены только в обмен на объём, "
        "предоплату или длительный договор. Точку выхода согласовали с директором заранее.",
        "Сделка закрыта с корректировкой цены на семь процентов и договором на два года.",
        "Не делайте уступку без встречного обязательства и знайте свою точку выхода.",
        ["уступки", "дистрибуция"],
    ),
    (
        "ru",
        "Eastern Europe",
        "project_management",
        "Внедрение в сети аптек: проект по неделям",
        "Meridian Cloud Inventory",
        "Фармацевтика",
        "Сеть аптек",
        "won",
        "Внедрение в сорока аптеках отставало от графика из-за задержек поставок оборудования.",
        "Мы разбили проект на недельные волны, назначили ответственного за каждую аптеку и "
        "каждую пятницу согласовывали план с заказчиком.",
        "Все аптеки запущены на две недели позже первоначального плана, но без простоев.",
        "Недельный ритм и один ответственный на объект важнее подробного плана на бумаге.",
        ["внедрение", "управление проектом"],
    ),
    (
        "ru",
        "Eastern Europe",
        "product_presentation",
        "Презентация аналитики для банка",
        "Meridian Analytics",
        "Банки",
        "Розничный банк",
        "proposal",
        "Банку была важна надёжность, а не новые функции; прошлые презентации их не убедили.",
        "Мы начали презентацию с отзывов клиентов, уровня доступности сервиса и порядка "
        "работы с обращениями, а функции показали в конце на их собственных данных.",
        "Банк согласился на пилотный проект в трёх отделениях.",
        "Начинайте с того, чего боится клиент, а не с того, чем гордимся мы.",
        ["презентация", "банки"],
    ),
    (
        "el",
        "Southern Europe",
        "case_sharing",
        "Αλυσίδα ξενοδοχείων: πακέτο συντήρησης αντί για έκπτωση",
        "Meridian POS",
        "Φιλοξενία",
        "Αλυσίδα ξενοδοχείων",
        "won",
        "Ο πελάτης ζήτησε μεγάλη μείωση τιμής πριν από την τουριστική περίοδο.",
        "Προτείναμε πακέτο συντήρησης και εκπαίδευση του προσωπικού αντί για προσαρμογή "
        "τιμής, με δέσμευση εξυπηρέτησης μέσα σε τέσσερις ώρες.",
        "Κλείσαμε τη συμφωνία για δώδεκα ξενοδοχεία χωρίς αλλαγή στην τιμή καταλόγου.",
        "Η αξία της υπηρεσίας πείθει περισσότερο από τη μείωση τιμής.",
        ["φιλοξενία", "συντήρηση"],
    ),
    (
        "el",
        "Southern Europe",
        "service_process",
        "Εβδομαδιαία αναφορά προόδου για μεγάλους πελάτες",
        "Meridian Cloud Inventory",
        "Λιανική",
        "Σούπερ μάρκετ",
        "after_sale",
        "Οι πελάτες δεν ήξεραν πού βρίσκονται τα αιτήματα εξυπηρέτησης και ένιωθαν ότι "
        "κανείς δεν τους ακούει.",
        "Ορίσαμε υπεύθυνο επιτυχίας πελατών για κάθε λογαριασμό και στέλνουμε εβδομαδιαία "
        "αναφορά με τα ανοιχτά αιτήματα και τις ημερομηνίες.",
        "Τα αιτήματα κλείνουν πιο γρήγορα και ο πελάτης ανανέωσε τη σύμβαση.",
        "Η διαφάνεια μειώνει την ένταση πριν γίνει πρόβλημα.",
        ["εξυπηρέτηση", "ανανέωση"],
    ),
    (
        "el",
        "Southern Europe",
        "competitor_analysis",
        "Ανάλυση άλλου προμηθευτή στην Αθήνα",
        "Meridian Analytics",
        "Λιανική",
        "Αλυσίδα καταστημάτων",
        "qualification",
        "Ένας άλλος προμηθευτής προσφέρει χαμηλότερη τιμή αλλά χωρίς εκπαίδευση ή "
        "τοπική υποστήριξη.",
        "Συγκεντρώσαμε τι ρωτούν οι πελάτες στις συναντήσεις και φτιάξαμε σύγκριση με "
        "χρόνο εγκατάστασης, εκπαίδευση και υποστήριξη στα ελληνικά.",
        "Ο πελάτης ζήτησε πιλοτικό έργο σε δύο καταστήματα.",
        "Συγκρίνουμε με στοιχεία, ποτέ με σχόλια για τον άλλο προμηθευτή.",
        ["σύγκριση", "αναλυτικά"],
    ),
    (
        "en",
        "Western Europe",
        "case_analysis",
        "Why we lost the hospital group tender",
        "Meridian Cloud Inventory",
        "Healthcare",
        "Hospital group",
        "lost",
        "A twelve-hospital group ran a tender for inventory software; we were shortlisted "
        "and lost in the final round.",
        "We reviewed the tender with the buyer afterwards: our proposal answered every "
        "requirement but never named who would run the rollout or when each site went live.",
        "Lost to a vendor with a named delivery team and committed delivery dates.",
        "Put the people and the dates in the proposal; buyers trust names more than features.",
        ["tender", "healthcare"],
    ),
    (
        "en",
        "Western Europe",
        "product_presentation",
        "Presenting analytics to retail managers with their own data",
        "Meridian Analytics",
        "Retail",
        "Department stores",
        "proposal",
        "Store managers sat through two generic demos and still did not see the point.",
        "We asked for one month of their sales data, loaded it before the meeting and opened "
        "with the three stock-outs that had cost them most.",
        "The retailer signed a pilot project for eight stores.",
        "A demo on the customer's own data beats any slide.",
        ["demo", "retail"],
    ),
    (
        "en",
        "Western Europe",
        "project_management",
        "Rolling out to twelve stores in six weeks",
        "Meridian POS",
        "Retail",
        "Fashion chain",
        "won",
        "The chain wanted every store live before the holiday season, six weeks away.",
        "Each store went live on a fixed weekday with a checklist, a named owner and a call "
        "the evening before. Problems went to one shared list reviewed every morning.",
        "Twelve stores live on time; two small issues fixed within a day.",
        "A fixed rhythm and one owner per store keep a rollout calm.",
        ["rollout", "checklist"],
    ),
]

# concept: {language: (preferred, [deprecated words], definition)}
GLOSSARY = {
    "total-cost": {
        "en": (
            "total cost of ownership",
            ["cheap", "cheapest"],
            "What the customer pays over the years: price, service, downtime.",
        ),
        "zh-hans": (
            "总拥有成本",
            ["便宜", "最便宜"],
            "客户多年内的全部花费：价格、服务和停机损失。",
        ),
        "ru": (
            "совокупная стоимость владения",
            ["дешёвый", "дешевле"],
            "Всё, что клиент платит за годы: цена, сервис, простои.",
        ),
        "el": (
            "συνολικό κόστος ιδιοκτησίας",
            ["φθηνό", "φθηνότερο"],
            "Ό,τι πληρώνει ο πελάτης με τα χρόνια: τιμή, υπηρεσία, διακοπές.",
        ),
    },
    "partner": {
        "en": ("partner", ["middleman", "reseller"], "A company that sells and serves with us."),
        "zh-hans": ("合作伙伴", ["中间商", "二道贩子"], "与我们一起销售和服务的公司。"),
        "ru": (
            "партнёр",
            ["посредник", "перекупщик"],
            "Компания, которая продаёт и обслуживает вместе с нами.",
        ),
        "el": (
            "συνεργάτης",
            ["μεσάζων", "μεταπωλητής"],
            "Εταιρεία που πουλά και εξυπηρετεί μαζί μας.",
        ),
    },
    "concession": {
        "en": (
            "concession",
            ["freebie", "giveaway"],
            "Something we give in return for a commitment.",
        ),
        "zh-hans": ("让步", ["白送", "赠送"], "用来换取客户承诺的条件。"),
        "ru": (
            "уступка",
            ["халява", "подарок"],
            "То, что мы даём в обмен на обязательство клиента.",
        ),
        "el": ("παραχώρηση", ["τζάμπα", "δώρο"], "Κάτι που δίνουμε με αντάλλαγμα μια δέσμευση."),
    },
    "investment": {
        "en": (
            "investment",
            ["price tag", "expense"],
            "What the customer puts in, with the return it brings.",
        ),
        "zh-hans": ("投入", ["花费", "开销"], "客户的投入以及带来的回报。"),
        "ru": ("инвестиция", ["трата", "расход"], "Вложение клиента и отдача от него."),
        "el": ("επένδυση", ["έξοδο", "δαπάνη"], "Ό,τι βάζει ο πελάτης και η απόδοση που φέρνει."),
    },
    "other-vendor": {
        "en": (
            "other vendor",
            ["rival", "copycat"],
            "Another supplier the customer considers; we never disparage them.",
        ),
        "zh-hans": ("友商", ["竞争对手", "山寨"], "客户在考虑的其他供应商；我们从不贬低他们。"),
        "ru": (
            "другой поставщик",
            ["конкурент", "подделка"],
            "Другой поставщик, которого рассматривает клиент; мы не отзываемся о нём плохо.",
        ),
        "el": (
            "άλλος προμηθευτής",
            ["ανταγωνιστής", "απομίμηση"],
            "Άλλος προμηθευτής που εξετάζει ο πελάτης· δεν τον υποτιμούμε ποτέ.",
        ),
    },
    "service-commitment": {
        "en": (
            "service commitment",
            ["guarantee", "promise"],
            "What we commit to in writing, and nothing more.",
        ),
        "zh-hans": ("服务承诺", ["保证", "包你满意"], "我们书面承诺的内容，不多说一句。"),
        "ru": (
            "обязательство по сервису",
            ["гарантия", "обещание"],
            "То, что мы обязуемся сделать письменно, и не больше.",
        ),
        "el": (
            "δέσμευση εξυπηρέτησης",
            ["εγγύηση", "υπόσχεση"],
            "Ό,τι δεσμευόμαστε γραπτώς, τίποτα παραπάνω.",
        ),
    },
    "price-adjustment": {
        "en": (
            "price adjustment",
            ["discount", "markdown"],
            "A change of price agreed against something in return.",
        ),
        "zh-hans": ("价格调整", ["打折", "降价"], "以对等条件换来的价格变化。"),
        "ru": (
            "корректировка цены",
            ["скидка", "уценка"],
            "Изменение цены в обмен на встречное условие.",
        ),
        "el": ("προσαρμογή τιμής", ["έκπτωση", "μείωση τιμής"], "Αλλαγή τιμής με αντάλλαγμα."),
    },
    "service-request": {
        "en": (
            "service request",
            ["complaint", "grievance"],
            "Anything a customer asks us to fix or explain.",
        ),
        "zh-hans": ("服务请求", ["投诉", "抱怨"], "客户请我们解决或解释的任何事情。"),
        "ru": (
            "обращение",
            ["жалоба", "претензия"],
            "Любая просьба клиента что-то исправить или объяснить.",
        ),
        "el": (
            "αίτημα εξυπηρέτησης",
            ["παράπονο", "καταγγελία"],
            "Ό,τι μας ζητά ο πελάτης να διορθώσουμε ή να εξηγήσουμε.",
        ),
    },
    "decision-maker": {
        "en": ("decision maker", ["boss", "big shot"], "The person who signs, named by role."),
        "zh-hans": ("决策人", ["老板", "大佬"], "签字的人，按职务称呼。"),
        "ru": (
            "лицо, принимающее решение",
            ["босс", "шеф"],
            "Тот, кто подписывает; называем по должности.",
        ),
        "el": (
            "υπεύθυνος απόφασης",
            ["αφεντικό", "μεγαλοστέλεχος"],
            "Αυτός που υπογράφει, με τον ρόλο του.",
        ),
    },
    "renewal": {
        "en": ("renewal", ["re-up", "rollover"], "A customer choosing us again for another term."),
        "zh-hans": ("续约", ["续单", "滚单"], "客户再次选择我们签下一期合同。"),
        "ru": (
            "продление договора",
            ["пролонгация", "перезаключение"],
            "Клиент снова выбирает нас на следующий срок.",
        ),
        "el": (
            "ανανέωση σύμβασης",
            ["παράταση", "επανυπογραφή"],
            "Ο πελάτης μάς επιλέγει ξανά για νέα περίοδο.",
        ),
    },
    "delivery-date": {
        "en": (
            "committed delivery date",
            ["asap", "soon"],
            "A date we have checked and will keep.",
        ),
        "zh-hans": ("承诺交付日期", ["尽快", "马上"], "我们核实过并一定遵守的日期。"),
        "ru": (
            "согласованный срок поставки",
            ["скоро", "побыстрее"],
            "Срок, который мы проверили и выдержим.",
        ),
        "el": (
            "συμφωνημένη ημερομηνία παράδοσης",
            ["σύντομα", "άμεσα"],
            "Ημερομηνία που ελέγξαμε και θα τηρήσουμε.",
        ),
    },
    "customer-success": {
        "en": (
            "customer success manager",
            ["after-sales guy", "support guy"],
            "The person who owns a customer's results after the sale.",
        ),
        "zh-hans": ("客户成功经理", ["售后小哥", "修机器的"], "售后负责客户成果的人。"),
        "ru": (
            "менеджер по успеху клиентов",
            ["сервисник", "ремонтник"],
            "Тот, кто после продажи отвечает за результат клиента.",
        ),
        "el": (
            "υπεύθυνος επιτυχίας πελατών",
            ["τεχνικάριος", "ο τύπος του σέρβις"],
            "Αυτός που μετά την πώληση φροντίζει τα αποτελέσματα του πελάτη.",
        ),
    },
    "pilot": {
        "en": (
            "pilot project",
            ["free trial", "test drive"],
            "A paid, time-boxed start with agreed success criteria.",
        ),
        "zh-hans": ("试点项目", ["免费试用", "白用"], "有期限、有成功标准的付费起步项目。"),
        "ru": (
            "пилотный проект",
            ["бесплатный тест", "пробник"],
            "Платный старт на срок с согласованными критериями успеха.",
        ),
        "el": (
            "πιλοτικό έργο",
            ["δωρεάν δοκιμή", "δοκιμαστική"],
            "Πληρωμένη, χρονικά ορισμένη αρχή με συμφωνημένα κριτήρια.",
        ),
    },
    "walk-away": {
        "en": (
            "walk-away point",
            ["bottom line", "floor price"],
            "Where we stop negotiating, agreed before the meeting.",
        ),
        "zh-hans": ("底线条件", ["底价", "最低价"], "谈判前商定的、到此为止的条件。"),
        "ru": (
            "точка выхода",
            ["минимальная цена", "нижняя планка"],
            "Где мы прекращаем переговоры; согласуется до встречи.",
        ),
        "el": (
            "όριο αποχώρησης",
            ["κατώτατη τιμή", "πάτος"],
            "Όπου σταματάμε τη διαπραγμάτευση, συμφωνημένο από πριν.",
        ),
    },
    "list-price": {
        "en": (
            "list price",
            ["sticker price", "retail price"],
            "The published price before any adjustment.",
        ),
        "zh-hans": ("目录价", ["标价", "零售价"], "任何调整之前公布的价格。"),
        "ru": (
            "прайсовая цена",
            ["розничная цена", "ценник"],
            "Опубликованная цена до любой корректировки.",
        ),
        "el": (
            "τιμή καταλόγου",
            ["λιανική τιμή", "ταμπέλα"],
            "Η δημοσιευμένη τιμή πριν από κάθε προσαρμογή.",
        ),
    },
}

CONDUCT = {
    "en": (
        "Code of conduct with customers",
        "<ol><li>Tell the truth about what our products do and do not do.</li>"
        "<li>Never disparage another vendor; compare facts the customer cares about.</li>"
        "<li>Commit only to what is written and checked: dates, service levels, prices.</li>"
        "<li>Every concession is traded for a commitment, within the agreed walk-away point.</li>"
        "<li>Keep customers' data out of cases and chats; share lessons, not names.</li>"
        "<li>Use the standard sales language of the glossary.</li></ol>",
    ),
    "zh-hans": (
        "客户沟通行为准则",
        "<ol><li>如实介绍产品能做什么、不能做什么。</li>"
        "<li>不贬低友商，只比较客户关心的事实。</li>"
        "<li>只承诺书面确认过的内容：日期、服务水平和价格。</li>"
        "<li>每一次让步都换回客户的承诺，并守住事先商定的底线条件。</li>"
        "<li>案例和群聊中不出现客户的个人信息；分享经验，不分享名字。</li>"
        "<li>使用术语表中的标准销售用语。</li></ol>",
    ),
    "ru": (
        "Правила работы с клиентами",
        "<ol><li>Говорим правду о том, что продукт делает и чего не делает.</li>"
        "<li>Никогда не отзываемся плохо о другом поставщике; сравниваем факты.</li>"
        "<li>Обещаем только то, что записано и проверено: сроки, уровень сервиса, цены.</li>"
        "<li>Каждая уступка — в обмен на обязательство, в пределах точки выхода.</li>"
        "<li>Не переносим данные клиентов в кейсы и чаты; делимся выводами, а не именами.</li>"
        "<li>Пользуемся стандартным языком продаж из глоссария.</li></ol>",
    ),
    "el": (
        "Κώδικας συμπεριφοράς με τους πελάτες",
        "<ol><li>Λέμε την αλήθεια για το τι κάνει και τι δεν κάνει το προϊόν.</li>"
        "<li>Δεν υποτιμούμε ποτέ άλλο προμηθευτή· συγκρίνουμε γεγονότα.</li>"
        "<li>Δεσμευόμαστε μόνο σε ό,τι είναι γραπτό και ελεγμένο: ημερομηνίες, επίπεδα "
        "εξυπηρέτησης, τιμές.</li>"
        "<li>Κάθε παραχώρηση με αντάλλαγμα μια δέσμευση, μέσα στο όριο αποχώρησης.</li>"
        "<li>Τα στοιχεία των πελατών δεν μπαίνουν σε περιπτώσεις και συζητήσεις.</li>"
        "<li>Χρησιμοποιούμε την τυπική γλώσσα πωλήσεων του γλωσσαρίου.</li></ol>",
    ),
}
