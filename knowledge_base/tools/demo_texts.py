"""The sales tools' demo content, written for Guild in the subsidiaries' languages: one
tool of each of the eight kinds, two in each language, each built from a demo case
(named by its title in ``knowledge_base.demo_texts.CASES``). Data only."""

# ruff: noqa: E501 - a line of a talk track is read as one line

# (language, kind, title, summary, product, region, stage, tags, case titles, body)
TOOLS = [
    (
        "en",
        "sales_script",
        "Talk track: a hospital group tender",
        "What to say, ask and listen for at each stage of a public tender, written after we lost the hospital group by arriving late.",
        "Meridian Cloud Inventory",
        "Western Europe",
        "qualification",
        ["tender", "healthcare"],
        ["Why we lost the hospital group tender"],
        [
            (
                "paragraph",
                "<p>A tender is decided before it is published. Use this track from the first call, not from the day the documents arrive.</p>",
            ),
            (
                "talk_track",
                {
                    "stage": "prospecting",
                    "goal": "Be known before the tender is written.",
                    "say": "We work with three hospital groups on stock of consumables. May we show you what their pharmacy teams changed in the first month?",
                    "ask": [
                        "When does your current contract end?",
                        "Who writes the requirements for the next one?",
                    ],
                    "listen_for": "A date and the name of the person who writes the requirements.",
                },
            ),
            (
                "talk_track",
                {
                    "stage": "qualification",
                    "goal": "Learn how the tender will be scored.",
                    "say": "Every group scores differently. What matters most to your board this year: price, integration or service?",
                    "ask": [
                        "How much weight does service carry in the score?",
                        "Which systems must we connect to?",
                    ],
                    "listen_for": "Weights, mandatory integrations, and whether a pilot project counts.",
                },
            ),
            (
                "talk_track",
                {
                    "stage": "proposal",
                    "goal": "Answer the score, not the brochure.",
                    "say": "Here is our answer, in the order of your scoring sheet, with the total cost of ownership over five years.",
                    "ask": ["Is anything in our answer unclear to the evaluators?"],
                    "listen_for": "Questions about integration: that is where the score is lost.",
                },
            ),
        ],
    ),
    (
        "en",
        "product_presentation",
        "Presenting analytics to retail managers",
        "A thirty-minute outline that starts from the store manager's week and shows the product on their own data.",
        "Meridian Analytics",
        "Western Europe",
        "proposal",
        ["presentation", "retail"],
        ["Presenting analytics to retail managers with their own data"],
        [
            (
                "presentation",
                {
                    "audience": "Store and area managers",
                    "slides": [
                        {
                            "title": "Your week in numbers",
                            "message": "Open with three numbers from their own stores: stock-outs, overstock and staff hours.",
                            "minutes": 5,
                            "evidence": "Last month's export from their tills",
                        },
                        {
                            "title": "Where the money leaks",
                            "message": "Show the two products that ran out most often and what that cost.",
                            "minutes": 8,
                            "evidence": "Their own sales by hour",
                        },
                        {
                            "title": "What changes on Monday",
                            "message": "One screen a manager opens every morning; nothing else to learn.",
                            "minutes": 10,
                            "evidence": "Live demo on their data",
                        },
                        {
                            "title": "The pilot project",
                            "message": "Four stores, six weeks, a number we agree to measure.",
                            "minutes": 7,
                            "evidence": "A one-page pilot plan",
                        },
                    ],
                },
            ),
        ],
    ),
    (
        "zh-hans",
        "pricing_playbook",
        "续约谈判手册：让步阶梯与底线条件",
        "续约时客户要求价格调整，按这个阶梯逐级让步，每一步都换回对等的承诺。",
        "Meridian 收银终端",
        "East China",
        "negotiation",
        ["续约", "谈判"],
        ["连锁超市续约：用总拥有成本代替降价"],
        [
            (
                "paragraph",
                "<p>先用总拥有成本说明价值，再谈价格。任何让步都不能白给，必须写进合同。</p>",
            ),
            (
                "concessions",
                {
                    "steps": [
                        {
                            "give": "延长维保三个月",
                            "in_return": "续约期限从一年改为三年",
                            "approval": "销售经理",
                        },
                        {
                            "give": "百分之三的价格调整",
                            "in_return": "预付半年费用",
                            "approval": "区域总监",
                        },
                        {
                            "give": "免费培训两名店长",
                            "in_return": "同意我们把他们作为参考客户",
                            "approval": "销售经理",
                        },
                    ],
                    "walk_away": [
                        "价格调整超过百分之五且合同少于三年",
                        "客户要求取消上门服务响应时限",
                    ],
                },
            ),
        ],
    ),
    (
        "zh-hans",
        "competitor_comparison",
        "云库存与本地品牌对比表",
        "客户旺季前必须上线时，用这张对比表说明上线时间和服务团队的差别，只讲事实。",
        "Meridian 云库存",
        "South China",
        "proposal",
        ["友商", "对比"],
        ["深圳电子卖场项目：与本地品牌正面比较"],
        [
            (
                "comparison",
                {
                    "competitors": ["本地品牌甲", "本地品牌乙"],
                    "rows": [
                        {"criterion": "上线时间", "us": "六周", "them": ["三个月", "十周"]},
                        {
                            "criterion": "数据迁移",
                            "us": "我们负责，含校验",
                            "them": ["客户自行导入", "另行收费"],
                        },
                        {
                            "criterion": "培训方式",
                            "us": "门店现场加线上课程",
                            "them": ["只有线上文档", "集中培训一次"],
                        },
                        {
                            "criterion": "本地服务团队",
                            "us": "深圳常驻八人",
                            "them": ["广州派人", "外包"],
                        },
                    ],
                },
            ),
            ("paragraph", "<p>比较时不评价友商，只请客户核实每一行。</p>"),
        ],
    ),
    (
        "ru",
        "objection_handling",
        "Возражения дистрибьютора о цене",
        "Ответы на частые возражения дистрибьюторов, с доказательствами из наших сделок.",
        "Meridian POS",
        "Eastern Europe",
        "negotiation",
        ["возражения", "дистрибуция"],
        ["Дистрибьютор требовал скидку: обмен уступок"],
        [
            (
                "objections",
                {
                    "rows": [
                        {
                            "objection": "У другого поставщика цена ниже.",
                            "response": "Сравним совокупную стоимость владения за три года: обслуживание, простои и обучение.",
                            "proof": "Расчёт для регионального дистрибьютора: на девять процентов ниже за три года.",
                        },
                        {
                            "objection": "Нам нужна корректировка цены сейчас, иначе уйдём.",
                            "response": "Корректировка возможна в обмен на объём, предоплату или договор на два года.",
                            "proof": "Сделка закрыта с корректировкой цены на семь процентов и договором на два года.",
                        },
                        {
                            "objection": "Ваше обслуживание нам не нужно.",
                            "response": "Покажем, сколько обращений было у ваших магазинов за год и как быстро мы их закрыли.",
                            "proof": "Отчёт по обращениям за прошлый год.",
                        },
                    ]
                },
            ),
        ],
    ),
    (
        "ru",
        "project_plan",
        "Шаблон плана внедрения в сети магазинов",
        "План по неделям для внедрения в сети: фазы, задачи, ответственные и сроки.",
        "Meridian Cloud Inventory",
        "Eastern Europe",
        "won",
        ["внедрение", "управление проектом"],
        ["Внедрение в сети аптек: проект по неделям"],
        [
            (
                "project_plan",
                {
                    "phases": [
                        {
                            "name": "Подготовка",
                            "tasks": [
                                {
                                    "task": "Обследовать объекты и оборудование",
                                    "owner": "Инженер внедрения",
                                    "days": 5,
                                },
                                {
                                    "task": "Назначить ответственного на каждом объекте",
                                    "owner": "Руководитель проекта",
                                    "days": 2,
                                },
                            ],
                        },
                        {
                            "name": "Запуск волнами",
                            "tasks": [
                                {
                                    "task": "Запустить первую волну из пяти объектов",
                                    "owner": "Инженер внедрения",
                                    "days": 5,
                                },
                                {
                                    "task": "Согласовать план на следующую неделю с заказчиком",
                                    "owner": "Руководитель проекта",
                                    "days": 1,
                                },
                            ],
                        },
                        {
                            "name": "Передача в сопровождение",
                            "tasks": [
                                {
                                    "task": "Передать объекты менеджеру по успеху клиентов",
                                    "owner": "Руководитель проекта",
                                    "days": 3,
                                },
                            ],
                        },
                    ]
                },
            ),
        ],
    ),
    (
        "el",
        "service_checklist",
        "Λίστα ελέγχου εβδομαδιαίας αναφοράς για μεγάλους πελάτες",
        "Τα βήματα της εβδομαδιαίας αναφοράς προόδου, ώστε ο πελάτης να ξέρει πάντα πού βρισκόμαστε.",
        "Meridian Cloud Inventory",
        "Southern Europe",
        "after_sale",
        ["εξυπηρέτηση", "αναφορά"],
        ["Εβδομαδιαία αναφορά προόδου για μεγάλους πελάτες"],
        [
            (
                "checklist",
                {
                    "title": "Κάθε Παρασκευή",
                    "items": [
                        {
                            "step": "Συγκέντρωσε τα ανοιχτά αιτήματα εξυπηρέτησης",
                            "owner": "Υπεύθυνος επιτυχίας πελατών",
                            "done_when": "Η λίστα είναι πλήρης",
                        },
                        {
                            "step": "Γράψε τι ολοκληρώθηκε και τι καθυστερεί",
                            "owner": "Υπεύθυνος έργου",
                            "done_when": "Κάθε καθυστέρηση έχει νέα ημερομηνία",
                        },
                        {
                            "step": "Στείλε την αναφορά στον υπεύθυνο απόφασης",
                            "owner": "Υπεύθυνος επιτυχίας πελατών",
                            "done_when": "Ο πελάτης επιβεβαίωσε ότι τη διάβασε",
                        },
                    ],
                },
            ),
        ],
    ),
    (
        "el",
        "fillable_form",
        "Φόρμα προετοιμασίας συνάντησης ανανέωσης",
        "Τι συμπληρώνει ο πωλητής πριν από τη συνάντηση ανανέωσης σύμβασης με έναν πελάτη φιλοξενίας.",
        "Meridian POS",
        "Southern Europe",
        "negotiation",
        ["ανανέωση", "φιλοξενία"],
        ["Αλυσίδα ξενοδοχείων: πακέτο συντήρησης αντί για έκπτωση"],
        [
            (
                "form",
                {
                    "form_fields": [
                        {"label": "Πελάτης", "kind": "text", "help": "", "options": ""},
                        {
                            "label": "Ημερομηνία λήξης σύμβασης",
                            "kind": "date",
                            "help": "",
                            "options": "",
                        },
                        {
                            "label": "Υπεύθυνος απόφασης",
                            "kind": "text",
                            "help": "Όνομα και ρόλος",
                            "options": "",
                        },
                        {
                            "label": "Τι ζητά ο πελάτης",
                            "kind": "choice",
                            "help": "",
                            "options": "Προσαρμογή τιμής, Περισσότερη εξυπηρέτηση, Νέα καταστήματα",
                        },
                        {
                            "label": "Τι προσφέρουμε σε αντάλλαγμα",
                            "kind": "long_text",
                            "help": "Κάθε παραχώρηση με τη δέσμευση που παίρνουμε",
                            "options": "",
                        },
                        {
                            "label": "Έχει συμφωνηθεί το όριο αποχώρησης",
                            "kind": "checkbox",
                            "help": "",
                            "options": "",
                        },
                    ]
                },
            ),
        ],
    ),
]
