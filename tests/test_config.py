"""Config files: found, checked, and overridden by flags."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from cleantext.cli import main
from cleantext.config import OPTIONS, ConfigError, find_config, load_config

TEXT = "“Quoted,” she said.\nSource link\n"


def run(*args: str, input: str | None = TEXT):
    return CliRunner().invoke(main, list(args), input=input)


def test_cleantext_toml_in_the_current_folder_sets_defaults(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "cleantext.toml").write_text('quotes = "keep"\ndisable = ["source"]\nlang = "en"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert run("clean", "-").output == TEXT


def test_flags_override_the_config_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "cleantext.toml").write_text('quotes = "keep"\ndisable = ["source"]\nlang = "en"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = run("clean", "-", "--quotes", "straight", "--disable", "cookie")
    assert result.output == '"Quoted," she said.\n'


def test_pyproject_table_is_found_from_a_subfolder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.cleantext]\nquotes = "keep"\n')
    (tmp_path / "rules").mkdir()
    (tmp_path / "deep" / "er").mkdir(parents=True)
    monkeypatch.chdir(tmp_path / "deep" / "er")
    assert find_config() == tmp_path / "pyproject.toml"
    assert run("clean", "-", "--lang", "en").output == "“Quoted,” she said.\n"


def test_pyproject_without_the_table_is_passed_over(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "cleantext.toml").write_text('quotes = "keep"\n', encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    assert find_config(tmp_path / "sub") == tmp_path / "cleantext.toml"


def test_explicit_config_and_rules_relative_to_it(tmp_path: Path) -> None:
    packs = tmp_path / "conf" / "my_rules"
    packs.mkdir(parents=True)
    (packs / "site.toml").write_text(
        '[pack]\nname = "site"\nlanguage = "*"\n\n[[rules]]\nid = "site.motto"\ncategory = "boilerplate"\n'
        'scope = "line"\naction = "drop"\npattern = "news you can use"\nreason = "motto"\n'
        'changes = [{ input = "Body.\\nNews you can use\\n", output = "Body.\\n" }]\nkeeps = ["Use it.\\n"]\n',
        encoding="utf-8",
    )
    config = tmp_path / "conf" / "project.toml"
    config.write_text('rules = ["my_rules"]\n', encoding="utf-8")
    assert load_config(config) == {"rule_dirs": (str(packs),)}
    result = run("clean", "-", "--config", str(config), input="An article here.\nNews you can use\n")
    assert result.output == "An article here.\n"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('qoutes = "curly"\n', "unknown key 'qoutes'; did you mean 'quotes'?"),
        ("text_field = 'body'\n", "did you mean 'text-field'?"),
        ('quotes = "fancy"\n', "'quotes' must be one of straight, curly, keep, not 'fancy'"),
        ("jobs = 0\n", "'jobs' must be a whole number of at least 1, not 0"),
        ('disable = "cookie"\n', "'disable' must be a list of"),
        ("jsonl = 1\n", "'jsonl' must be true or false"),
        ("quotes = \n", "not valid TOML"),
    ],
)
def test_bad_config_is_a_clear_error(tmp_path: Path, content: str, message: str) -> None:
    result = run_with_config(tmp_path, content)
    with pytest.raises(ConfigError, match=r"cleantext\.toml"):
        load_config(tmp_path / "cleantext.toml")
    assert result.exit_code == 2
    assert message in result.output


def run_with_config(folder: Path, content: str):
    """``cleantext clean -`` with a config file of `content` in `folder`."""
    config = folder / "cleantext.toml"
    config.write_text(content, encoding="utf-8")
    return run("clean", "-", "--config", str(config))


def test_every_config_key_names_a_clean_option() -> None:
    params = {p.name for p in main.commands["clean"].params}
    assert {option.param for option in OPTIONS.values()} <= params


def test_the_profile_comes_from_the_config_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A seven-line menu inside a text goes under recall (six lines make a menu) but not under balanced (eight)."""
    menu = "\n".join(["News", "World", "Business", "Sport", "Culture", "Travel", "Weather"])
    text = f"{menu}\nThe council met on Tuesday and agreed, after a long debate, that the bridge would open.\n"
    monkeypatch.chdir(tmp_path)
    assert run("clean", "-", "--lang", "en", input=text).output == text
    (tmp_path / "cleantext.toml").write_text('profile = "recall"\n', encoding="utf-8")
    assert "Weather" not in run("clean", "-", "--lang", "en", input=text).output
    assert run("clean", "-", "--lang", "en", "--profile", "balanced", input=text).output == text
    (tmp_path / "cleantext.toml").write_text('profile = "wild"\n', encoding="utf-8")
    assert "profile" in run("clean", "-", input=text).output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--lang", "xx"], "Invalid value for '--lang': unknown language 'xx'; languages with rule packs: de, en,"),
        (["--disable", "cookei"], "Invalid value for '--disable': no rule, pack, category or group is named 'cookei'"),
        (["--enable", "heuristic.repeted"], "did you mean 'heuristic.repeated'"),
        (["--disable", "en.sorce-link"], "did you mean 'en.source-link'"),
    ],
)
def test_an_unknown_name_on_the_command_line_is_a_one_line_usage_error(args: list[str], message: str) -> None:
    result = run("clean", "-", *args)
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    "names",
    [
        ["heuristic.repeated", "boilerplate/navigation"],  # a detector and its category/group
        ["normalize.invisible", "whitespace", "quotes"],  # built-in stage rules and their categories
        ["boilerplate/cookie", "cookie", "en-boilerplate", "comments"],  # group, pack, category
    ],
)
def test_every_kind_of_known_name_is_accepted(names: list[str]) -> None:
    args = [arg for name in names for arg in ("--disable", name)]
    assert run("clean", "-", "--lang", "en", *args).exit_code == 0


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('lang = "english"\n', "cleantext.toml: 'lang': unknown language 'english'"),
        ('disable = ["cookies"]\n', "cleantext.toml: 'disable': no rule, pack, category or group is named 'cookies'"),
    ],
)
def test_an_unknown_name_in_the_config_file_names_the_file(tmp_path: Path, content: str, message: str) -> None:
    result = run_with_config(tmp_path, content)
    assert result.exit_code == 2
    assert message in result.output
