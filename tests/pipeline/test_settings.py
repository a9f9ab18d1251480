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
