"""Entry point: `python build.py` builds the site in this folder into public/."""

import sys

from generator.installed import run

if __name__ == "__main__":
    sys.exit(run())
