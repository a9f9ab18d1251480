"""The README stays true: its Python examples run, and .ci/run runs its two commands."""

from __future__ import annotations

import os
import re

from tests import ROOT
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_python_examples_run(capsys):
    blocks = re.findall(r"```python\n(.*?)```", README, re.S)
    assert blocks
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        for block in blocks:
            exec(compile(block, "README.md", "exec"), {})
    finally:
        os.chdir(cwd)
    assert capsys.readouterr().out.strip()


def test_readme_commands_are_what_ci_runs():
    commands = re.findall(r"```bash\n(.*?)\n```", README, re.S)[:2]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    install, tests = commands
    assert install.replace("pip install", "pip install --quiet") in ci
    assert tests in ci.replace("python -m pytest -q", "python -m pytest")


def test_ci_runs_the_readme_commands_again_without_fonts():
    """Issue #13: a fresh machine without CJK fonts failed the README's second command. CI runs both
    commands twice, in fresh venvs: as usual, then with no font visible (empty fontconfig configuration,
    the font folders hidden in a private mount namespace where one is allowed)."""
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    runs = re.findall(r"^\s*(?:unshare .*)?readme_commands [^\n]*$", ci, re.M)
    assert len(runs) >= 2, runs
    nofonts = ci[ci.index("FONTCONFIG_FILE="):]
    assert "readme_commands" in nofonts and "<dir>" not in ci and "mount --bind" in nofonts
    assert "apt-get install -y -qq --no-install-recommends chromium" in ci and "libreoffice" in ci


def test_readme_lists_every_warning_code():
    """Every W_* code of pipeline/errors.py is explained in the README, where analysts look them up."""
    from pipeline import errors

    codes = {v for k, v in vars(errors).items() if k.startswith("W_") and isinstance(v, str)}
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(codes) >= 14
    assert sorted(c for c in codes if f"`{c}`" not in readme) == []
