"""`python -m generator`: the same as `python build.py`."""

import sys

from .installed import run

if __name__ == "__main__":  # not again in the worker processes that Windows starts afresh
    sys.exit(run())
