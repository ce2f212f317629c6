"""The build puts the questionnaires and the compiled catalogs inside the package.

All other settings are in pyproject.toml. An installed copy then needs nothing beside it and
writes nothing at run time: `pip install .` serves the app from any folder. An editable install
(`pip install -e .`, what make does) reads trees/ and translations/ in the checkout instead.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent


class BuildWithContent(build_py):
    def run(self) -> None:
        super().run()
        if self.editable_mode:
            return
        package = Path(self.build_lib) / "questionnaire"
        shutil.copytree(HERE / "trees", package / "trees", dirs_exist_ok=True)
        translations = package / "translations"
        translations.mkdir(parents=True, exist_ok=True)
        shutil.copy2(HERE / "translations" / "languages.json", translations / "languages.json")
        # The same compilation as questionnaire.i18n.catalogs, which this cannot import: the
        # package needs Flask, and a build has only setuptools and Babel.
        for po in sorted((HERE / "translations").glob("*/LC_MESSAGES/messages.po")):
            mo = translations / po.relative_to(HERE / "translations").with_suffix(".mo")
            mo.parent.mkdir(parents=True, exist_ok=True)
            with po.open("rb") as source, mo.open("wb") as target:
                write_mo(target, read_po(source, locale=po.parent.parent.name), use_fuzzy=False)


setup(cmdclass={"build_py": BuildWithContent})
