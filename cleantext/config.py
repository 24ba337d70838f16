"""Project configuration: the options a project always uses, kept in a file.

cleantext looks for ``cleantext.toml``, or a ``[tool.cleantext]`` table in
``pyproject.toml``, in the current folder and then in each parent folder (the
nearest wins; in one folder ``cleantext.toml`` wins), unless ``--config PATH``
names the file. Its keys are the long names of ``cleantext clean`` options;
options given on the command line override them.

Each key is one line of :data:`OPTIONS`: its type and the command-line parameter
it sets. The file is checked before anything runs: an unknown key or a value of
the wrong type is an error that names the file and the key.
"""

from __future__ import annotations

import difflib
import tomllib
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cleantext.decoding import check_encoding
from cleantext.lang import DETECTORS, known_language, language_code
from cleantext.packs import PROFILES
from cleantext.stages.quotes import MODES

CONFIG_NAME = "cleantext.toml"
PYPROJECT = "pyproject.toml"


#: The language of packs that apply to every language.
ANY_LANGUAGE = "*"
#: How alike (difflib's ratio) a known name must be to a mistyped one to be suggested.
NEAR = 0.75


class ConfigError(ValueError):
    """A config file that cannot be used; the message names the file and the key."""


class UnknownName(ValueError):
    """A language or rule name that matches nothing known; `option` is the Cleaner option that gave it."""

    def __init__(self, option: str, message: str) -> None:
        super().__init__(message)
        self.option = option


def checked_language(code: str, pack_languages: Iterable[str]) -> str:
    """`code` as the bare code packs use (``en-US`` → ``en``); refuse a code no detector or pack knows."""
    bare = language_code(code)
    with_packs = sorted(set(pack_languages) - {ANY_LANGUAGE})
    if bare in with_packs or known_language(bare):
        return bare
    raise UnknownName(
        "language",
        f"unknown language {code!r}; languages with rule packs: {', '.join(with_packs)} "
        f"({ANY_LANGUAGE!r} packs apply to every language)",
    )


def check_switches(option: str, names: Iterable[str], known: Collection[str]) -> None:
    """Refuse a name of `option` (``disable``, ``enable``) that is not among `known` rule ids,
    packs, categories and groups, naming the nearest ones."""
    for name in sorted(names):
        if name not in known:
            raise UnknownName(option, f"no rule, pack, category or group is named {name!r}{nearest(name, known)}")


def nearest(name: str, known: Iterable[str]) -> str:
    """A hint naming the known names nearest to a mistyped one ("; did you mean ...?"), or ""."""
    close = difflib.get_close_matches(name, list(known), n=3, cutoff=NEAR)
    return f"; did you mean {' or '.join(map(repr, close))}?" if close else ""


@dataclass(frozen=True)
class Option:
    """A config key: the command-line parameter it sets and how its value is checked."""

    param: str
    check: Callable[[Any], Any]
    kind: str  # said in the error message
    relative_paths: bool = False  # list of folders, relative to the config file


def _string(value: Any) -> Any:
    return value if isinstance(value, str) else None


def _strings(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) and all(isinstance(v, str) for v in value) else None


def _boolean(value: Any) -> Any:
    return value if isinstance(value, bool) else None


def _whole(value: Any) -> Any:
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


def _positive(value: Any) -> Any:
    return value if _whole(value) is not None and value >= 1 else None


def _share(value: Any) -> Any:
    return value if isinstance(value, int | float) and not isinstance(value, bool) and 0 < value <= 1 else None


def _encoding(value: Any) -> Any:
    try:
        return check_encoding(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _choice(*allowed: str) -> Callable[[Any], Any]:
    return lambda value: value if value in allowed else None


#: Every key a config file may hold. Adding an option to the file is one line here.
OPTIONS: dict[str, Option] = {
    "rules": Option("rule_dirs", _strings, "a list of folders", relative_paths=True),
    "disable": Option("disable", _strings, "a list of rule ids, packs, categories or groups"),
    "enable": Option("enable", _strings, "a list of rule ids, packs, categories or groups"),
    "lang": Option("lang", _string, "a language code"),
    "encoding": Option("encoding", _encoding, "an encoding Python knows (utf-8, cp1252, ...)"),
    "detector": Option("detector", _choice(*DETECTORS), f"one of {', '.join(DETECTORS)}"),
    "quotes": Option("quotes", _choice(*MODES), f"one of {', '.join(MODES)}"),
    "profile": Option("profile", _choice(*PROFILES), f"one of {', '.join(PROFILES)}"),
    "spin-threshold": Option("spin_threshold", _whole, "a whole number of at least 0"),
    "alarm-share": Option("alarm_share", _share, "a number above 0 and at most 1"),
    "jobs": Option("jobs", _positive, "a whole number of at least 1"),
    "glob": Option("globs", _strings, "a list of file name patterns"),
    "jsonl": Option("jsonl", _boolean, "true or false"),
    "text-field": Option("text_field", _string, "a field name"),
    "id-field": Option("id_field", _string, "a field name"),
    "output-field": Option("output_field", _string, "a field name"),
    "report-field": Option("report_field", _string, "a field name"),
    "quiet": Option("quiet", _boolean, "true or false"),
}


def find_config(start: Path | None = None) -> Path | None:
    """The nearest ``cleantext.toml``, or ``pyproject.toml`` with ``[tool.cleantext]``."""
    folder = (start or Path.cwd()).resolve()
    for candidate in (folder, *folder.parents):
        own = candidate / CONFIG_NAME
        if own.is_file():
            return own
        pyproject = candidate / PYPROJECT
        if pyproject.is_file() and "cleantext" in _read(pyproject).get("tool", {}):
            return pyproject
    return None


def load_config(path: Path | str) -> dict[str, Any]:
    """The checked options of a config file, as command-line parameter names → values.

    Folders in ``rules`` are taken relative to the file's folder.
    """
    path = Path(path)
    data = _read(path)
    if path.name == PYPROJECT:
        data = data.get("tool", {}).get("cleantext", {})
        where = f"{path} [tool.cleantext]"
    else:
        where = str(path)
    if not isinstance(data, dict):
        raise ConfigError(f"{where}: expected a table of options")
    options: dict[str, Any] = {}
    for key, raw in data.items():
        option = OPTIONS.get(key)
        if option is None:
            hint = nearest(key.replace("_", "-"), OPTIONS) or f"; known keys: {', '.join(OPTIONS)}"
            raise ConfigError(f"{where}: unknown key {key!r}{hint}")
        value = option.check(raw)
        if value is None:
            raise ConfigError(f"{where}: {key!r} must be {option.kind}, not {raw!r}")
        if option.relative_paths:
            value = tuple(str(path.parent / v) for v in value)
        options[option.param] = value
    return options


def _read(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from exc
