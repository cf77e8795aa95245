"""The site's date formats where Django's own do not say dates as residents write them
(``FORMAT_MODULE_PATH``): names not set here are Django's.

Ukrainian: "7 грудня 2028", never "07 грудня 2028 р." (Django's ``d E Y р.``); English:
"31 December 2028", the written form, rather than the American "Dec. 31, 2028". Polish
keeps Django's ``j E Y`` ("31 grudnia 2028").
"""
