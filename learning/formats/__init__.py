"""Guild's date formats, one module per language (settings.FORMAT_MODULE_PATH).

Templates name a format (``|date:"MONTH_DAY_FORMAT"``, ``|date:"DATE_FORMAT"``) and never
spell one out, so each language shows dates its own way: "2 Nov 2026", "2026年11月2日",
"2 ноября 2026 г.", "2 Νοεμβρίου 2026". Russian and Greek name the month in the genitive
(the ``E`` format character). What a module leaves out comes from Django's own.
"""
