"""Django's Simplified Chinese formats, with amounts grouped by thousands and a comma
(1,665,000), as Chinese financial statements and contracts print them."""

from django.conf.locale.zh_Hans.formats import *  # noqa: F403

THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
