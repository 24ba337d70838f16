"""cleantext: turn scraped article text into clean article text plus a report of
every removal and change, each tied to the rule that made it.

    >>> from cleantext import Cleaner
    >>> cleaner = Cleaner()
    >>> result = cleaner.clean("A short article about ports.\\n\\nShare this:\\n")
    >>> result.text
    'A short article about ports.\\n'
"""

from importlib.machinery import EXTENSION_SUFFIXES

from cleantext import pipeline
from cleantext.decoding import DecodeError
from cleantext.document import CleanResult, Edit, Flag, apply_edits
from cleantext.packs import PackError, RuleTimeoutError
from cleantext.pipeline import Cleaner, clean

#: Whether this install runs the modules that mypyc compiled at build time (see setup.py), or all of them as Python.
COMPILED = pipeline.__file__ is not None and pipeline.__file__.endswith(tuple(EXTENSION_SUFFIXES))
#: The build in words, as ``cleantext --version`` and the speed benchmark print it.
BUILD = "compiled with mypyc" if COMPILED else "pure Python"

__all__ = [
    "BUILD",
    "COMPILED",
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
