"""Reading and checking scenario files.  See ``docs/scenario-format.md``."""

from game.scenario.diagnostics import Diagnostic, Diagnostics, ScenarioError
from game.scenario.format import FORMAT_VERSION, json_schema
from game.scenario.loader import (
    CheckResult, check_bytes, check_file, expand_paths, load_scenario, load_scenario_bytes,
)

__all__ = [
    "FORMAT_VERSION",
    "CheckResult",
    "Diagnostic",
    "Diagnostics",
    "ScenarioError",
    "check_bytes",
    "check_file",
    "expand_paths",
    "json_schema",
    "load_scenario",
    "load_scenario_bytes",
]
