"""powerlist: keep a power list (权力清单) and its flowcharts in git, check them, publish them."""

__version__ = "0.1.0"
