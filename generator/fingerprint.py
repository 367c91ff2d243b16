"""Fingerprints: a digest of everything a page is made from, to know whether it would come out the same.

A page's fingerprint is the pickle of the page (its fields and its view, but the view's
derived fields: see plan.derived) in which each item of the content model stands as its own fingerprint. An item read
from a file is named by that file's cache key; a body by its key (where the pages it
links to are is the page key's to add: see pipeline); any other (a domain, the catalog,
a document cross-linked with others) by the digest of its own pickle, computed once
per build. Equal fingerprints mean equal inputs; the reverse need not hold, and a
difference only costs a page rendered again.
"""

from __future__ import annotations

import io
import pickle
from typing import Any, Iterable

from .cache import digest
from .markdown import Body
from .model import (
    AnnualReport, Catalog, Cleanup, Consultation, Document, Domain, DomainSpec, Entry, Guide, MajorDecision, Portal, Proposal,
    SiteConfig,
)
from .plan import Page, source_field_names

PLAIN = (str, int, type(None))  # context values that stand for themselves
# Values Python may share between unrelated places (the one empty tuple, interned strings): never
# remembered by id, or every other occurrence of them would be pickled as this one's fingerprint.
SHARED = (tuple, frozenset, str, bytes, int, float, bool, type(None))
ITEM_TYPES = (Entry, Document, Guide, AnnualReport, Consultation, Domain, DomainSpec, Catalog, Portal, SiteConfig, Proposal,
              MajorDecision, Cleanup)
STANDING = (Body, *ITEM_TYPES)  # what stands as its fingerprint inside another value's pickle


def value_digest(value: Any) -> str:
    return Fingerprints().of(value)


class Fingerprints:
    def __init__(self, known: Iterable[tuple[Any, str]] = ()):
        """`known`: (object, fingerprint) pairs already known, such as items read from cached files."""
        # By id(), with the object kept alive, so that no other object can take its id.
        self.known: dict[int, str] = {}
        self.alive: list[Any] = []
        for value, key in known:
            self.known[id(value)] = key
            self.alive.append(value)

    def of_page(self, page: Page) -> str:
        """A page's fingerprint: its fields, and each field of its view (but the derived ones) as itself
        (text, numbers), as the fingerprints of its items (lists of items), or as its own fingerprint (anything else).
        Several times faster than pickling the whole page, which it stands for."""
        parts = [page.url, page.template, page.title, repr(page.trail), repr(page.canonical), repr(page.shows_sizes_of), repr(page.agency)]
        for name in source_field_names(type(page.view)) if page.view is not None else ():
            value = getattr(page.view, name)
            if isinstance(value, PLAIN):
                parts += [name, repr(value)]
            elif isinstance(value, list) and all(isinstance(item, ITEM_TYPES) for item in value):
                parts += [name, "list", *(self.of(item) for item in value)]
            else:
                parts += [name, self.of(value)]
        return digest(*parts)

    def of(self, value: Any) -> str:
        if isinstance(value, Body):
            return value.key
        found = self.known.get(id(value))
        if found is None:
            buffer = io.BytesIO()
            ItemPickler(buffer, self, value).dump(value)
            found = digest(buffer.getvalue())
            if not isinstance(value, SHARED):
                self.known[id(value)] = found
                self.alive.append(value)
        return found


class ItemPickler(pickle.Pickler):
    def __init__(self, file: io.BytesIO, fingerprints: Fingerprints, root: Any):
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        # No memo: it records which equal values happen to be one object, which differs
        # from process to process (string interning) and would make equal inputs look different.
        self.fast = True
        self.fingerprints, self.root = fingerprints, root

    def persistent_id(self, obj: Any) -> str | None:
        if obj.__class__ in SHARED or obj is self.root:  # called for every value inside: the common case first
            return None
        # Only the model's items stand as their fingerprints: any other value is pickled whole, whether
        # or not it was fingerprinted before, so that a fingerprint never depends on what was asked first.
        if isinstance(obj, STANDING):
            return self.fingerprints.of(obj)
        return None
