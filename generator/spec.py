"""How a model field is declared: ``spec()`` gives each dataclass field its Chinese title, default,
limits and privacy, and ``Node`` gives every model object the place it was written. One declaration
drives conversion (schema.py), the editor schemas, the docs test, change detection and ``public()``."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Mapping

from .findings import Loc

REQUIRED = dataclasses.MISSING



# Bounds on what one value may hold: far above what a real list needs (the longest power names run to
# ~200 characters, a long article to ~2,000), far below what would make a build crawl.
SHORT_TEXT = 300  # characters in a name, an office, an article, a phone ...
LONG_TEXT = 5_000  # characters in a description, a duty, a measure, an excerpt, a Markdown field
MAX_ITEMS = 5_000  # items in a list, unless the field says fewer
MAX_LINKS = 100  # "[" in a Markdown field: Python-Markdown scans ahead from each one (quadratic time)


def spec(title: str, default=REQUIRED, *, doc: str = "", derived: bool = False, private: bool = False,
         markdown: bool = False, minimum: float | None = None, min_items: int = 0, max_items: int = MAX_ITEMS,
         max_length: int = SHORT_TEXT, aliases: Mapping[str, str] | None = None):
    """A model field: ``title`` is the Chinese name users see; no default means required.

    ``derived`` fields are filled by the loader (e.g. an id taken from the file name), not written in
    YAML; ``private`` fields (the roster, internal notes) must never be published: ``public()`` drops
    them before anything is rendered. ``markdown`` fields are rendered as sanitised Markdown on the site.
    ``max_length`` bounds each text (the value, or each item of a list of texts); ``max_items`` a list.
    ``aliases`` maps other accepted spellings of a value to the value kept (一级 → 高): the loader
    normalises them, so rules and renderers see one spelling.
    """
    meta = {"title": title, "doc": doc, "derived": derived, "private": private, "markdown": markdown,
            "minimum": minimum, "min_items": min_items, "max_items": max_items, "max_length": max_length,
            "aliases": dict(aliases or {})}
    if isinstance(default, (list, dict)):
        raise TypeError("use a tuple default")
    return field(default=default, metadata=meta)


def _where():
    return field(default=Loc("", 0, 0), compare=False, repr=False, metadata={"skip": True})


def _where_map():
    return field(default_factory=dict, compare=False, repr=False, metadata={"skip": True})


@dataclass(frozen=True, slots=True, kw_only=True)
class Node:
    """Base of every model object: where it was written."""

    loc: Loc = _where()
    locs: Mapping[str, Loc] = _where_map()

    def at(self, key: str, item: int | None = None) -> Loc:
        """Location of the value of ``key``, or of its ``item``-th item for a list of plain values (or
        of the object when the key was not written)."""
        if item is not None and f"{key}[{item}]" in self.locs:
            return self.locs[f"{key}[{item}]"]
        return self.locs.get(key, self.loc)
