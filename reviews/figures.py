"""Numbers as the public pages print them: 10 rather than 10.000, 0.5 rather than 0.500.

Edition content is JSON, so a decimal from the database arrives as text ("10.000");
the reviewer's screens and the public pages must print the same figure for it.
"""

import re
from decimal import Decimal, InvalidOperation

# Text that is a decimal number as Django's JSON encoder writes one.
DECIMAL_TEXT = re.compile(r"-?\d+\.\d+")


def figure(value) -> str:
    """A number without trailing zeros or an exponent: "10.000" -> "10", "0.50" -> "0.5"."""
    try:
        return f"{Decimal(str(value)).normalize():f}"
    except InvalidOperation:
        return str(value)


def is_decimal_text(value) -> bool:
    return isinstance(value, str) and DECIMAL_TEXT.fullmatch(value) is not None
