# The English interface still reads and shows Vietnamese dates: dd/mm/yyyy, never month first
# (Django's en formats read 05/01/2026 as 1 May). config/dates.py says why.
DATE_FORMAT = "d/m/Y"
DATETIME_FORMAT = "d/m/Y H:i"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
DATE_INPUT_FORMATS = ["%d/%m/%Y"]
DATETIME_INPUT_FORMATS = ["%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%Y"]
FIRST_DAY_OF_WEEK = 1
