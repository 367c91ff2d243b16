"""Entry point: `python build.py` builds the site in this folder into public/."""

import sys

from generator.cli import main

if __name__ == "__main__":
    sys.exit(main())
