"""What a build no longer needs is released: nothing keeps it alive to the end of the process."""

from __future__ import annotations

import gc
import weakref

from generator.markdown import Body, convert_bodies


class Targets(dict):
    """A dict that can be referred to weakly."""


def test_converting_bodies_keeps_neither_the_converter_nor_the_targets():
    targets = Targets({"rules/a.md": "xxgk/rules/a.html"})
    body = Body("见[规定](a.md)。", "content/rules/b.md", 1, "xxgk/rules/b.html")
    [(record, html)] = convert_bodies([body], targets)
    assert record.links == (("rules/a.md", "xxgk/rules/a.html"),) and 'href="a.html"' in html
    released = weakref.ref(targets)
    del targets
    gc.collect()
    assert released() is None  # a worker converts a chunk of bodies at a time: each chunk's targets must go with it
