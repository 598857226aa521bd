# 2 Νοεμβρίου · 2 Νοεμβρίου 2026 · 2 Νοεμβρίου 2026, 14:30 (E: the month in the genitive)
DATE_FORMAT = "j E Y"
SHORT_DATE_FORMAT = "d/m/Y"
MONTH_DAY_FORMAT = "j E"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j E Y, H:i"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
