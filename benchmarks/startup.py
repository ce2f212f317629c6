"""How long it takes to load and check every tree and all data: what a new worker pays."""

import time

t0 = time.perf_counter()
from questionnaire import create_app  # noqa: E402

t1 = time.perf_counter()
create_app({"SECRET_KEY": "startup"})
t2 = time.perf_counter()

from questionnaire.content.checks import check_trees  # noqa: E402
from questionnaire.content.jurisdictions import load_jurisdictions  # noqa: E402
from questionnaire.content.tree import tree_paths  # noqa: E402

check_trees(tree_paths(), load_jurisdictions())
t3 = time.perf_counter()
print(f"startup: import {t1 - t0:.3f} s, create_app (load trees, data, catalogs) {t2 - t1:.3f} s")
print(
    f"startup: static checks of every tree {t3 - t2:.3f} s (run by `questionnaire check`, not by the server)"
)
