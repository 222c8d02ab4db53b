"""read_tree: a voxfiles/ tree into the plain model, offline, every problem reported at once."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from pulumi_voxbind.voxfiles import Problem, VoxfilesError, read_tree
from tests.voxfiles.trees import compact, full, make_tree, sha256, write

GREETING = "VoxEngine.addEventListener(AppEvents.CallAlerting, (e) => e.call.answer());\n"
MENU = "// DTMF menu\n"


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run from tmp_path, as a Pulumi program runs from its project directory."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def basic(root: Path) -> Path:
    return make_tree(root, {
        "ivr": [{"ruleName": "inbound", "scenarios": ["greeting", "menu"], "rulePattern": "1.*"},
                {"ruleName": "fallback", "scenarios": ["greeting"]}],
        "sales": [{"ruleName": "all", "scenarios": ["greeting"], "rulePattern": ".*"}],
    }, {"greeting": GREETING, "menu": MENU, "unused": "// no rule runs me\n"})


def problems_of(path: str) -> list[Problem]:
    with pytest.raises(VoxfilesError) as caught:
        read_tree(path)
    return list(caught.value.problems)


def where(problems: list[Problem]) -> set[tuple[str, str]]:
    return {(p.path, p.key) for p in problems}


def test_a_valid_tree_reads_into_the_model(in_tmp: Path) -> None:
    basic(in_tmp / "voxfiles")
    tree = read_tree("voxfiles")
    assert [a.directory for a in tree.applications] == [full("ivr"), full("sales")]
    ivr = tree.applications[0]
    assert ivr.short_name == "ivr"
    assert [(r.name, r.pattern, r.scenarios) for r in ivr.rules] == [
        ("inbound", "1.*", ("greeting", "menu")),
        ("fallback", ".*", ("greeting",)),       # voxengine-ci's default pattern
    ]
    # One scenario per name, even when two applications' rules run it; unreferenced is absent.
    assert list(tree.scenarios) == ["greeting", "menu"]
    greeting = tree.scenarios["greeting"]
    assert greeting.script_path == os.path.join("voxfiles", "scenarios", "src",
                                                "greeting.voxengine.js")
    assert greeting.sha256 == sha256(GREETING)
    assert greeting.renamed_from is None
    assert tree.warnings == ()


def test_an_absolute_tree_path_gives_absolute_script_paths(tmp_path: Path) -> None:
    basic(tmp_path / "voxfiles")
    tree = read_tree(tmp_path / "voxfiles")
    assert tree.scenarios["menu"].script_path == str(
        tmp_path / "voxfiles" / "scenarios" / "src" / "menu.voxengine.js")


def test_null_pattern_is_the_default_and_unknown_keys_warn(in_tmp: Path) -> None:
    make_tree(in_tmp / "v", {"ivr": [{"ruleName": "a", "rulePattern": None, "scenarios": [],
                                      "excludePattern": "9.*"}]}, {})
    tree = read_tree("v")
    [rule] = tree.applications[0].rules
    assert (rule.pattern, rule.pattern_exclude, rule.video_conference) == (".*", None, False)
    assert tree.scenarios == {}
    [warning] = tree.warnings
    assert "rules.config.json: [0]: ignored excludePattern" in warning


def test_exclude_pattern_and_video_flag_are_optional_extension_keys(in_tmp: Path) -> None:
    make_tree(in_tmp / "v", {"ivr": [
        {"ruleName": "a", "scenarios": [], "rulePatternExclude": "9.*", "videoConference": True},
        {"ruleName": "b", "scenarios": [], "rulePatternExclude": "", "videoConference": "yes"},
    ]}, {})
    found = problems_of("v")
    assert {p.key for p in found} == {"[1].rulePatternExclude", "[1].videoConference"}
    make_tree(in_tmp / "w", {"ivr": [
        {"ruleName": "a", "scenarios": [], "rulePatternExclude": "9.*", "videoConference": True},
    ]}, {})
    [rule] = read_tree("w").applications[0].rules
    assert (rule.pattern_exclude, rule.video_conference) == ("9.*", True)


def test_every_problem_is_reported_at_once_with_file_and_key(in_tmp: Path) -> None:
    root = make_tree(in_tmp / "v", {
        "ivr": [
            {"ruleName": "inbound", "scenarios": ["greeting", "ghost"]},
            {"ruleName": "inbound", "scenarios": []},
            {"ruleName": "r" * 100, "scenarios": []},
            {"ruleName": "p", "rulePattern": 7, "scenarios": []},
            {"ruleName": "q", "scenarios": ["s" * 30, "greeting", "greeting"]},
            {"ruleName": "n"},
            "not a rule",
        ],
        "sales": [{"ruleName": "all", "scenarios": ["typed"]}],
    }, {"greeting": GREETING})
    write(root / "scenarios" / "src" / "typed.voxengine.ts", "const x: number = 1;\n")
    write(root / "applications" / full("sales") / "application.config.json",
          compact({"applicationName": full("sale")}))
    (root / "applications" / "Bad_App.x.voximplant.com").mkdir()
    rules = os.path.join("v", "applications", full("ivr"), "rules.config.json")
    bad_app = os.path.join("v", "applications", "Bad_App.x.voximplant.com")
    found = problems_of("v")
    assert where(found) == {
        (bad_app, ""),                                               # short name format
        (os.path.join(bad_app, "application.config.json"), ""),      # missing file
        (os.path.join(bad_app, "rules.config.json"), ""),            # missing file
        (rules, "[0].scenarios[1]"),                                 # unknown scenario
        (rules, "[1].ruleName"),                                     # duplicate rule
        (rules, "[2].ruleName"),                                     # too long
        (rules, "[3].rulePattern"),                                  # not a string
        (rules, "[4].scenarios[0]"),                                 # scenario name too long
        (rules, "[4].scenarios[2]"),                                 # listed twice
        (rules, "[5].scenarios"),                                    # missing list
        (rules, "[6]"),                                              # not an object
        (os.path.join("v", "applications", full("sales"), "application.config.json"),
         "applicationName"),                                         # differs from directory
        (os.path.join("v", "scenarios", "src", "typed.voxengine.ts"), ""),  # no compiled .js
    }
    text = str(VoxfilesError("v", found))
    assert "13 problems; nothing was sent to Voximplant" in text
    assert f"{rules}: [0].scenarios[1]: unknown scenario 'ghost'" in text


@pytest.mark.parametrize(("rules", "key", "fragment"), [
    ([{"ruleName": "", "scenarios": []}], "[0].ruleName", "non-empty string"),
    ([{"ruleName": "a;b", "scenarios": []}], "[0].ruleName", "contains ';'"),
    ([{"ruleName": "r" * 99, "scenarios": []}], None, None),         # 99 is the limit
    ([{"ruleName": "a", "rulePattern": "", "scenarios": []}], "[0].rulePattern", "empty"),
    ([{"ruleName": "a", "rulePattern": "x" * 65536, "scenarios": []}], "[0].rulePattern",
     "at most 65535"),
    ([{"ruleName": "a", "scenarios": "greeting"}], "[0].scenarios", "must be an array"),
    ([{"ruleName": "a", "scenarios": [3]}], "[0].scenarios[0]", "non-empty string"),
    ([{"ruleName": "a", "scenarios": ["../etc"]}], "[0].scenarios[0]", "cannot name a file"),
    ([{"ruleName": "a", "scenarios": ["s" * 29]}], "[0].scenarios[0]", "unknown scenario"),
    ({"ruleName": "a"}, "", "must be an array of rules"),
])
def test_rule_problems(in_tmp: Path, rules: object, key: str | None, fragment: str | None
                       ) -> None:
    root = make_tree(in_tmp / "v", {"ivr": []}, {})
    write(root / "applications" / full("ivr") / "rules.config.json", compact(rules))
    if key is None:
        read_tree("v")
        return
    [problem] = problems_of("v")
    assert (problem.path, problem.key) == (
        os.path.join("v", "applications", full("ivr"), "rules.config.json"), key)
    assert fragment in problem.message


@pytest.mark.parametrize(("directory", "ok"), [
    ("ivr.acme.voximplant.com", True),
    ("ivr", True),                      # a short name alone names the application too
    ("a1-b.acme.voximplant.com", True),
    ("i.acme.voximplant.com", False),   # at least two characters
    ("IVR.acme.voximplant.com", False),
    ("1ivr.acme.voximplant.com", False),
    ("a" + "b" * 65 + ".acme.voximplant.com", False),  # 66 characters
    ("a" + "b" * 64 + ".acme.voximplant.com", True),   # 65: the limit
])
def test_application_short_name_format(in_tmp: Path, directory: str, ok: bool) -> None:
    app = in_tmp / "v" / "applications" / directory
    write(app / "application.config.json", compact({"applicationName": directory}))
    write(app / "rules.config.json", "[]")
    if ok:
        assert read_tree("v").applications[0].directory == directory
    else:
        [problem] = problems_of("v")
        assert problem.path == os.path.join("v", "applications", directory)
        assert "short name" in problem.message


def test_two_directories_with_one_short_name_are_duplicates(in_tmp: Path) -> None:
    for directory in ("ivr.a.voximplant.com", "ivr.b.voximplant.com"):
        app = in_tmp / "v" / "applications" / directory
        write(app / "application.config.json", compact({"applicationName": directory}))
        write(app / "rules.config.json", "[]")
    [problem] = problems_of("v")
    assert problem.path == os.path.join("v", "applications", "ivr.b.voximplant.com")
    assert "duplicate application" in problem.message


def test_bad_json_names_line_and_column(in_tmp: Path) -> None:
    root = make_tree(in_tmp / "v", {"ivr": []}, {})
    write(root / "applications" / full("ivr") / "rules.config.json", '[\n  {"ruleName": }\n]')
    [problem] = problems_of("v")
    assert problem.path.endswith("rules.config.json")
    assert "not valid JSON (line 2, column 16" in problem.message


def test_application_config_must_be_an_object_with_the_name(in_tmp: Path) -> None:
    root = make_tree(in_tmp / "v", {"ivr": [], "ops": []}, {})
    write(root / "applications" / full("ivr") / "application.config.json", "[]")
    write(root / "applications" / full("ops") / "application.config.json", "{}")
    found = problems_of("v")
    assert where(found) == {
        (os.path.join("v", "applications", full("ivr"), "application.config.json"), ""),
        (os.path.join("v", "applications", full("ops"), "application.config.json"),
         "applicationName"),
    }


def test_missing_root_and_missing_applications(in_tmp: Path) -> None:
    [problem] = problems_of("nowhere")
    assert problem.path == "nowhere" and "no such directory" in problem.message
    (in_tmp / "empty").mkdir()
    [problem] = problems_of("empty")
    assert problem.path == os.path.join("empty", "applications")


def test_empty_applications_directory_declares_nothing(in_tmp: Path) -> None:
    (in_tmp / "v" / "applications").mkdir(parents=True)
    (in_tmp / "v" / "applications" / "README.txt").write_text("not an application")
    tree = read_tree("v")
    assert tree.applications == () and tree.scenarios == {}


# -- config variants, as voxengine-ci's FileSystemContext.readFile finds and parses them ------

def test_yaml_configs_are_read_as_voxengine_ci_reads_them(in_tmp: Path) -> None:
    root = make_tree(in_tmp / "v", {}, {"greeting": GREETING})
    app = root / "applications" / full("ivr")
    write(app / "application.config.yml", f"applicationName: {full('ivr')}\n")
    write(app / "rules.config.yaml",
          "- ruleName: inbound\n  rulePattern: '1.*'\n  scenarios: [greeting]\n")
    tree = read_tree("v")
    assert tree.applications[0].rules[0].scenarios == ("greeting",)


def test_json_wins_over_other_extensions_as_in_voxengine_ci(in_tmp: Path) -> None:
    root = make_tree(in_tmp / "v", {"ivr": [{"ruleName": "json", "scenarios": []}]}, {})
    write(root / "applications" / full("ivr") / "rules.config.yaml",
          "- ruleName: yaml\n  scenarios: []\n")
    assert read_tree("v").applications[0].rules[0].name == "json"


def test_yaml_syntax_error_names_the_line(in_tmp: Path) -> None:
    root = make_tree(in_tmp / "v", {}, {})
    app = root / "applications" / full("ivr")
    write(app / "application.config.json", compact({"applicationName": full("ivr")}))
    write(app / "rules.config.yml", "- ruleName: a\n  scenarios: [x\n")
    [problem] = problems_of("v")
    assert problem.path.endswith("rules.config.yml")
    assert "not valid YAML (line" in problem.message


def test_unquoted_yaml_number_pattern_is_refused_not_turned_into_catch_all(in_tmp: Path
                                                                          ) -> None:
    root = make_tree(in_tmp / "v", {}, {})
    app = root / "applications" / full("ivr")
    write(app / "application.config.json", compact({"applicationName": full("ivr")}))
    write(app / "rules.config.yml", "- ruleName: a\n  rulePattern: 123\n  scenarios: []\n")
    [problem] = problems_of("v")
    assert problem.key == "[0].rulePattern" and "quote it" in problem.message


def test_toml_rules_read_the_top_level_rules_key(in_tmp: Path) -> None:
    root = make_tree(in_tmp / "v", {}, {"greeting": GREETING})
    app = root / "applications" / full("ivr")
    write(app / "application.config.json", compact({"applicationName": full("ivr")}))
    write(app / "rules.config.toml", '[[rules]]\nruleName = "inbound"\nrulePattern = "1.*"\n'
                                     'scenarios = ["greeting"]\n')
    [rule] = read_tree("v").applications[0].rules
    assert (rule.name, rule.pattern, rule.scenarios) == ("inbound", "1.*", ("greeting",))


def test_toml_without_rules_and_application_toml_are_refused(in_tmp: Path) -> None:
    root = make_tree(in_tmp / "v", {}, {})
    app = root / "applications" / full("ivr")
    write(app / "application.config.toml", f'applicationName = "{full("ivr")}"\n')
    write(app / "rules.config.toml", '[[rule]]\nruleName = "a"\n')
    found = problems_of("v")
    assert where(found) == {(os.path.join("v", "applications", full("ivr"),
                                          "application.config.toml"), ""),
                            (os.path.join("v", "applications", full("ivr"),
                                          "rules.config.toml"), "rules")}
    assert "never read this file" in found[0].message


def test_js_config_is_json_text_as_in_voxengine_ci(in_tmp: Path) -> None:
    root = make_tree(in_tmp / "v", {}, {})
    app = root / "applications" / full("ivr")
    write(app / "application.config.js", compact({"applicationName": full("ivr")}))
    write(app / "rules.config.ts", "export default [];\n")
    [problem] = problems_of("v")
    assert problem.path.endswith("rules.config.ts")
    assert "reads a .ts config file as JSON text" in problem.message


# -- scenario sources ----------------------------------------------------------------------

def test_typescript_with_compiled_js_beside_it_uploads_the_js(in_tmp: Path) -> None:
    root = make_tree(in_tmp / "v", {"ivr": [{"ruleName": "a", "scenarios": ["typed"]}]},
                     {"typed": "var x = 1;\n"})
    write(root / "scenarios" / "src" / "typed.voxengine.ts", "const x: number = 1;\n")
    spec = read_tree("v").scenarios["typed"]
    assert spec.script_path.endswith("typed.voxengine.js")
    assert spec.source_path.endswith("typed.voxengine.ts")
    assert spec.sha256 == sha256("var x = 1;\n")


def test_script_limits_and_encoding(in_tmp: Path) -> None:
    root = make_tree(in_tmp / "v", {"ivr": [{"ruleName": "a", "scenarios": [
        "big", "edge", "latin1"]}]}, {"edge": "x" * 131071})
    write(root / "scenarios" / "src" / "big.voxengine.js", "x" * 131072)
    write(root / "scenarios" / "src" / "latin1.voxengine.js", b"// caf\xe9\n")
    found = problems_of("v")
    assert where(found) == {
        (os.path.join("v", "scenarios", "src", "big.voxengine.js"), ""),
        (os.path.join("v", "scenarios", "src", "latin1.voxengine.js"), ""),
    }
    assert "131072 bytes" in str(found[0]) and "not UTF-8" in str(found[1])


def test_the_reader_imports_no_pulumi(tmp_path: Path) -> None:
    basic(tmp_path / "voxfiles")
    code = ("import sys; from pulumi_voxbind.voxfiles import read_tree; "
            f"read_tree({str(tmp_path / 'voxfiles')!r}); "
            "print('pulumi' in sys.modules, 'requests' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.strip()
    assert out == "False False"
