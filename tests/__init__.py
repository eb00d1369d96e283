"""powerlist's test suite: a package, so that its modules import helpers as tests.helpers and tests.sitetools."""
