"""The calculators of a site: each one a pure-Python core named in mkdocs.yml,

    plugins:
      - guideline:
          calculators:
            sciatica-flare:          # the calculator's name (placed on a page by that name)
              package: sciatica_core # an importable package: installed, or in mkdocs.yml's folder

found through ``importlib``. The glue never imports a core by name: everything it needs comes
from the configured package's interface (``INTERFACE``). This module is the one validation
boundary for the option: every problem stops the build with one ``PluginError`` line naming
the option (``calculators.NAME.package``).
"""

from __future__ import annotations

import importlib
import json
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from mkdocs.exceptions import PluginError

#: What a core must expose (README.md, "The calculator": what each one is).
INTERFACE = ("evaluate", "evaluate_json", "InputError", "rules_as_data")
#: Keys of one calculator's options.
OPTIONS = ("package",)
#: A calculator's name: it appears in URLs, HTML attributes and file names.
NAME = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
#: A core is a top-level package (its wheel holds that one folder).
_PACKAGE = re.compile(r"^[A-Za-z_]\w*$")
WHERE = "plugins.guideline.calculators"


@dataclass(frozen=True, kw_only=True, slots=True)
class Core:
    """One configured calculator: its name, its core package and where its files are."""

    name: str
    package: str
    module: ModuleType
    #: The package's folder (what its wheel is built from).
    package_dir: Path

    def rules_as_data(self) -> dict[str, Any]:
        data: dict[str, Any] = self._call("rules_as_data")
        return data

    def spec(self) -> dict[str, Any] | None:
        """The core's declared form (inputs and outputs as data), when it declares one:
        ``calculator_spec()`` (see the core's ``form.py``); None for a core without it."""
        if not callable(getattr(self.module, "calculator_spec", None)):
            return None
        spec: dict[str, Any] = self._call("calculator_spec")
        return spec

    def kept_table(self, path: str) -> dict[str, Any]:
        """A published version's rule table kept as data beside the core (a release's
        ``table``, relative to the package's folder)."""
        where = f"{WHERE}.{self.name}: {self.package}/{path}"
        file = (self.package_dir / path).resolve()
        if not file.is_relative_to(self.package_dir.resolve()):
            raise PluginError(f"{where}: a version's table must be inside the core's package")
        try:
            table: dict[str, Any] = json.loads(file.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise PluginError(f"{where}: cannot read the version's rule table: {exc}") from None
        return table

    def _call(self, function: str) -> Any:
        """The core's ``function()``; an exception in it (the core is not ours) stops the
        build with one line naming the calculator, the function and the exception."""
        try:
            return getattr(self.module, function)()
        except Exception as exc:
            raise PluginError(
                f"{WHERE}.{self.name}: {self.package}.{function}() failed: {exc!r}"
            ) from None


def load(options: Any, project_dir: Path, *, fresh: bool = False) -> dict[str, Core]:
    """Validate the ``calculators`` option and import each core (in option order);
    ``fresh``: forget an earlier import first (``mkdocs serve`` rebuilds after an edit)."""
    if not isinstance(options, Mapping):
        raise PluginError(
            f"{WHERE}: expected a mapping of calculator names to {{package: ...}}, "
            f"got {type(options).__name__}"
        )
    loaded = {
        _name(name): _core(name, entry, project_dir, fresh) for name, entry in options.items()
    }
    by_package: dict[str, str] = {}
    for name, core in loaded.items():
        if core.package in by_package:
            raise PluginError(
                f"{WHERE}.{name}.package: {core.package!r} is already the core of calculator "
                f"{by_package[core.package]!r} (one calculator per core)"
            )
        by_package[core.package] = name
    return loaded


def _name(name: Any) -> str:
    if not isinstance(name, str) or not NAME.match(name):
        raise PluginError(
            f"{WHERE}: calculator name {name!r} must be lower-case letters, digits and "
            "single hyphens (e.g. my-calculator)"
        )
    return name


def _core(name: str, entry: Any, project_dir: Path, fresh: bool) -> Core:
    where = f"{WHERE}.{name}"
    if not isinstance(entry, Mapping):
        raise PluginError(f"{where}: expected {{package: NAME}}, got {entry!r}")
    unknown = sorted(str(key) for key in entry if key not in OPTIONS)
    if unknown:
        raise PluginError(f"{where}: unknown option {', '.join(unknown)} (known: package)")
    package = entry.get("package")
    if not isinstance(package, str) or not _PACKAGE.match(package):
        raise PluginError(
            f"{where}.package: expected the core's top-level import name, got {package!r}"
        )
    if fresh:
        forget(package)
    module = _import(package, project_dir, f"{where}.package")
    missing = [attr for attr in INTERFACE if not hasattr(module, attr)]
    if missing:
        raise PluginError(
            f"{where}.package: {package!r} is not a calculator core: it lacks "
            f"{', '.join(missing)} (a core exposes {', '.join(INTERFACE)})"
        )
    paths = list(getattr(module, "__path__", []) or [])
    if len(paths) != 1 or not (Path(paths[0]) / "__init__.py").is_file():
        raise PluginError(
            f"{where}.package: {package!r} must be a regular package (a folder with "
            "__init__.py), not a module or namespace package"
        )
    return Core(name=name, package=package, module=module, package_dir=Path(paths[0]))


def forget(package: str) -> None:
    """Drop ``package`` and its modules from the import cache: the next import reads the
    files again."""
    for name in [m for m in sys.modules if m == package or m.startswith(package + ".")]:
        del sys.modules[name]
    importlib.invalidate_caches()


def _import(package: str, project_dir: Path, where: str) -> ModuleType:
    """Import ``package`` from the installed packages or the project's folder (mkdocs.yml's
    folder, searched first, as ``python`` run there would)."""
    folder = str(project_dir.resolve())
    added = folder not in sys.path
    if added:
        sys.path.insert(0, folder)
    try:
        return importlib.import_module(package)
    except ModuleNotFoundError as exc:
        if exc.name == package:
            raise PluginError(f"{where}: no package {package!r} installed or in {folder}") from None
        raise PluginError(f"{where}: importing {package!r} failed: {exc!r}") from exc
    except Exception as exc:  # the core is not ours: name the option and the cause
        raise PluginError(f"{where}: importing {package!r} failed: {exc!r}") from exc
    finally:
        if added:
            sys.path.remove(folder)
