"""Stage 5, build: orchestration, caching, parallel rendering and atomic writes. Only this package
writes the output folder (``output.py``).

- ``pipeline.py``: the story (load, check, make public, plan the products, run, collect, swap in).
- ``charts.py``, ``posters.py``, ``documents.py``, ``site.py``: one product each; a product's ``plan``
  says what to make (jobs) and what it adds to the outputs.
- ``cache.py``: a whole build whose inputs, options and tool are unchanged since the last one is
  skipped at once (a manifest records the digest of everything that went in and the files that came
  out); otherwise each chart, poster and booklet part is keyed by a hash of exactly what it depends on,
  so an unchanged flow is never laid out twice.
- ``workers.py``: posters and booklets on a process pool (WeasyPrint is CPU-bound Python); charts on a
  thread pool (each a Graphviz process). Both use every core unless told otherwise.
- ``shards.py``: ``--shard K/N`` lays out 1/N of the charts, posters and document parts into the cache,
  for a build split over CI runners; a final build over the merged caches assembles the rest.
- ``output.py``: the new output is assembled in a temporary folder beside the old one and swapped in
  only when complete: a failed or interrupted build leaves the previous output as it was.
"""

from ..layout import CACHE_DIR
from .base import BuildError, Options, Report
from .pipeline import build

__all__ = ["CACHE_DIR", "BuildError", "Options", "Report", "build"]
