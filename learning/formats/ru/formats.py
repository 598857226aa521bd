# 2 ноября · 2 ноября 2026 г. · 2 ноября 2026 г., 14:30 (E: the month in the genitive)
DATE_FORMAT = "j E Y г."
SHORT_DATE_FORMAT = "d.m.Y"
MONTH_DAY_FORMAT = "j E"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j E Y г., H:i"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
