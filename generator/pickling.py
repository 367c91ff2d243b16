"""Pickles that leave no copy of the texts they write behind (the chunks sent to the workers).

The C pickler writes a non-ASCII string through the UTF-8 that CPython keeps beside the string once asked
for it, for as long as the string lives: a Chinese text pickled once takes two and a half times its memory
from then on (2 bytes a character, then 3 more). The pages sent to the render workers hold the bodies'
sources, which the main process holds to the end of the build: at 10,000 entries it grew by 16 MB while
rendering. Here long texts are written as their encoded bytes (`str.encode` keeps no copy), each once.
(The cache's values are pickled as usual: they are saved at the end of the build, or die soon after.)
"""

from __future__ import annotations

import io
import pickle
from typing import Any

LONG = 64  # characters from which a text is written as bytes: shorter ones cost more calls than they keep


class TextPickler(pickle.Pickler):
    def __init__(self, file: io.BytesIO):
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        # id of each long text written → its number, so that it is written once (the value being pickled
        # holds every text in it, so no other object can take a text's id meanwhile)
        self.texts: dict[int, int] = {}

    def persistent_id(self, obj: Any) -> Any:
        if obj.__class__ is not str or len(obj) < LONG or obj.isascii():
            return None
        number = self.texts.get(id(obj))
        if number is not None:
            return number
        self.texts[id(obj)] = len(self.texts)
        return obj.encode("utf-8", "surrogatepass")


class TextUnpickler(pickle.Unpickler):
    texts: list[str]  # set by `loads` (an __init__ of its own would cost more than the rest of a small load)

    def persistent_load(self, pid: Any) -> str:
        if isinstance(pid, int):
            return self.texts[pid]
        self.texts.append(pid.decode("utf-8", "surrogatepass"))
        return self.texts[-1]


def dumps(value: Any) -> bytes:
    buffer = io.BytesIO()
    TextPickler(buffer).dump(value)
    return buffer.getvalue()


def loads(data: bytes) -> Any:
    unpickler = TextUnpickler(io.BytesIO(data))
    unpickler.texts = []
    return unpickler.load()
