"""cleantext: turn scraped article text into clean article text plus a report of
every removal and change, each tied to the rule that made it.

    >>> from cleantext import Cleaner
    >>> cleaner = Cleaner()
    >>> result = cleaner.clean("A short article about ports.\\n\\nShare this:\\n")
    >>> result.text
    'A short article about ports.\\n'
"""

from cleantext.decoding import DecodeError
from cleantext.document import CleanResult, Edit, Flag, apply_edits
from cleantext.packs import PackError, RuleTimeoutError
from cleantext.pipeline import Cleaner, clean

__all__ = [
    "CleanResult",
    "Cleaner",
    "DecodeError",
    "Edit",
    "Flag",
    "PackError",
    "RuleTimeoutError",
    "apply_edits",
    "clean",
]
__version__ = "0.1.0"
