"""Build cleantext with the modules that clean text compiled by mypyc, where that can be done.

mypyc (mypy's compiler) turns the typed Python of the pipeline, its stages,
the edit log and the prefilters into C extensions: the same code, checked
against its type hints, about a fifth faster per page (see benchmarks/README.md).
The rest of the package stays Python. Compiling needs a C compiler; without one,
or on an interpreter mypyc does not support, every module stays Python and the
package works the same, only slower.

- ``CLEANTEXT_PURE_PYTHON=1`` builds without compiling.
- Only a build for installing compiles (a wheel, ``build_ext``): not the
  metadata steps, and not editable installs (``pip install -e``), since an
  extension module is imported before its ``.py`` source and edits to the source
  would silently not take effect.
"""

from __future__ import annotations

import os
import platform
import sys
from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext
from setuptools.errors import CompileError, ExecError, LinkError, PlatformError

#: The modules every article passes through. The others (command line, batch
#: files, review pages, pack loading) run once per run or per file and stay Python.
COMPILED_MODULES = [
    "cleantext/document.py",
    "cleantext/inflection.py",
    "cleantext/lang.py",
    "cleantext/lexicon.py",
    "cleantext/memo.py",
    "cleantext/pipeline.py",
    "cleantext/prefilter.py",
    "cleantext/quotemarks.py",
    "cleantext/stages/boilerplate.py",
    "cleantext/stages/heuristics.py",
    "cleantext/stages/inline.py",
    "cleantext/stages/normalize.py",
    "cleantext/stages/quotes.py",
    "cleantext/stages/whitespace.py",
    "cleantext/structure.py",
]
#: The setup commands that build the package to install it (an editable install runs ``editable_wheel``).
BUILD_COMMANDS = {"bdist_wheel", "build", "build_ext", "install"}


class OptionalBuildExt(build_ext):
    """Compiling is optional: when it fails, no extension is kept and the Python modules serve."""

    def run(self) -> None:
        try:
            super().run()
        except (CompileError, ExecError, LinkError, PlatformError, OSError) as exc:
            for extension in self.extensions:  # a module compiled without the shared library would not import
                Path(self.get_ext_fullpath(extension.name)).unlink(missing_ok=True)
            print(f"cleantext: compiling with mypyc failed ({exc}); the modules stay Python", file=sys.stderr)


def compiled_extensions() -> list[Extension]:
    """mypyc's extensions for :data:`COMPILED_MODULES`, or none where this build must not or cannot compile."""
    if os.environ.get("CLEANTEXT_PURE_PYTHON") or not BUILD_COMMANDS & set(sys.argv):
        return []
    if platform.python_implementation() != "CPython":
        return []
    try:
        from mypyc.build import mypycify

        # Several libraries cleantext calls ship no type hints: calls into them compile as calls into Python.
        return mypycify(["--ignore-missing-imports", *COMPILED_MODULES], opt_level="3", group_name="cleantext")
    except (ImportError, SystemExit) as exc:  # no mypy, or its type check failed (it exits)
        print(f"cleantext: not compiling with mypyc ({exc!r}); the modules stay Python", file=sys.stderr)
        return []


setup(ext_modules=compiled_extensions(), cmdclass={"build_ext": OptionalBuildExt})
