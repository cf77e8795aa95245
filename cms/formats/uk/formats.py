"""Ukrainian dates on the site: the day not zero-padded, the month in the genitive
("7 грудня 2028"; cms.formats)."""

DATE_FORMAT = "j E Y"
DATETIME_FORMAT = "j E Y, H:i"
MONTH_DAY_FORMAT = "j E"
