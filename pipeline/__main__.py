"""``python -m pipeline …`` is ``gongwen …`` (for environments where the console script is not on PATH)."""

from pipeline.cli import cli

if __name__ == "__main__":
    cli(prog_name="gongwen")
