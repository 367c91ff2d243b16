"""Stage 5: the only module that writes. The new site appears whole, or not at all."""

from __future__ import annotations

import os
import shutil
from pathlib import Path


def write_site(pages: dict[str, bytes], copies: dict[str, Path], output: Path) -> None:
    """Write everything into a staging folder beside `output`, then swap it in.

    A build that fails or is interrupted before the swap leaves the previous
    output exactly as it was; its staging folder is removed.
    """
    output = output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    staging = output.parent / f".{output.name}.staging-{os.getpid()}"
    retired = output.parent / f".{output.name}.retired-{os.getpid()}"
    for leftover in (staging, retired):
        shutil.rmtree(leftover, ignore_errors=True)
    try:
        for url, source in sorted(copies.items()):
            target = staging / url
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
        for url, data in sorted(pages.items()):
            target = staging / url
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        if output.exists():
            os.rename(output, retired)
        os.rename(staging, output)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        shutil.rmtree(retired, ignore_errors=True)
