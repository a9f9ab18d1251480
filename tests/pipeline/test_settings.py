"""Settings resolve one way: defaults, then a dict (pyproject), then keyword overrides (CLI)."""

from __future__ import annotations

import pytest

from pipeline.errors import SettingsError
from pipeline.settings import Settings


def test_settings_defaults():
    assert Settings.resolve() == Settings()


def test_settings_precedence():
    resolved = Settings.resolve({"opencc_config": "tw2s", "max_input_bytes": "2048"}, opencc_config="hk2s")
    assert (resolved.opencc_config, resolved.max_input_bytes) == ("hk2s", 2048)


def test_settings_extractors_from_comma_list():
    assert Settings.resolve(extractors="documents, tasks").extractors == ("documents", "tasks")


@pytest.mark.parametrize("bad", [{"colour": "red"}, {"max-input-bytes": "huge"}])
def test_settings_errors_name_the_key(bad):
    with pytest.raises(SettingsError, match=list(bad)[0]):
        Settings.resolve(bad)


# --- a project file in a folder of documents (issue #13) ----------------------------------------

HOSTILE_PYPROJECT = {
    "limits": '[tool.gongwen]\nmax_unzipped_bytes = 1000000000000\nmax_zip_ratio = 100000\n',
    "memory": '[tool.gongwen]\nmax-memory-bytes = 0\n',
    "scheduler": '[tool.gongwen]\nscheduler = "tcp://203.0.113.9:8786"\n',
    "engine": '[tool.gongwen]\nengine = "serial"\n',
}


@pytest.mark.issue(13)
@pytest.mark.parametrize("kind", sorted(HOSTILE_PYPROJECT))
def test_hostile_pyproject_cannot_loosen_limits_or_pick_a_scheduler(kind, tmp_path, monkeypatch):
    """A pyproject.toml in the documents folder silently replaced the safety limits (a zip bomb reached
    7 GB) and could send the documents to a Dask scheduler it named: now refused, naming the file."""
    from click.testing import CliRunner

    from pipeline.cli import cli

    (tmp_path / "pyproject.toml").write_text(HOSTILE_PYPROJECT[kind], encoding="utf-8")
    (tmp_path / "a.txt").write_text("关于开展工作的通知\n一、工作任务\n1.加强组织领导。\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["run", "a.txt", "-o", "out"])
    assert result.exit_code == 2, result.output
    assert f"{tmp_path / 'pyproject.toml'}: [tool.gongwen]" in result.output
    assert not (tmp_path / "out").exists()
    if kind in ("scheduler", "engine"):  # the user may still choose on the command line
        chosen = ["--engine", "serial"] if kind == "engine" else ["--engine", "serial", "--scheduler", ""]
        (tmp_path / "pyproject.toml").write_text(HOSTILE_PYPROJECT[kind].replace(kind, f"# {kind}"))
        assert CliRunner().invoke(cli, ["run", "a.txt", "-o", "out", *chosen]).exit_code == 0


@pytest.mark.issue(13)
def test_pyproject_may_tighten_limits_and_says_so(tmp_path, monkeypatch):
    import pandas as pd
    from click.testing import CliRunner

    from pipeline.cli import cli

    (tmp_path / "pyproject.toml").write_text("[tool.gongwen]\nmax_input_bytes = 10\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text("关于开展工作的通知\n一、工作任务\n1.加强组织领导。\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["run", "a.txt", "-o", "out"])
    assert result.exit_code == 1, result.output
    assert f"settings from {tmp_path / 'pyproject.toml'}: max_input_bytes = 10" in result.output
    assert pd.read_parquet(tmp_path / "out" / "failures.parquet")["code"].tolist() == ["E_TOO_LARGE"]
    # the command line may loosen what the file tightened
    assert CliRunner().invoke(cli, ["run", "a.txt", "-o", "out", "--max-input-mb", "1"]).exit_code == 0


@pytest.mark.issue(13)
@pytest.mark.parametrize("values", [{"time_limit": 0}, {"workers": 100000}, {"max_chars": 10**9}])
def test_project_file_limits_only_tighten(values):
    with pytest.raises(SettingsError, match="pyproject.toml: .*may only tighten"):
        Settings.from_project_file(values, "pyproject.toml")
    tighter = {name: 1 for name in values}
    assert Settings.from_project_file(tighter, "pyproject.toml") == Settings.resolve(tighter)
