"""Refuse answers that cannot generate a working project, before any file is written."""

import json
import signal
import sys
from pathlib import Path

# Ctrl-C stops the generation that runs this hook: end quietly, the caller reports it.
signal.signal(signal.SIGINT, signal.SIG_DFL)

CONTEXT = json.loads({{ cookiecutter | jsonify | tojson }})  # type: ignore[name-defined]  # noqa: F821
# The hook runs in the project directory: a relative template path would point elsewhere.
# cruft renders without Cookiecutter's main entry point, which is what sets ``_repo_dir``.
if not Path(CONTEXT.get("_repo_dir") or ".").is_absolute():
    CONTEXT["_repo_dir"] = {{ template_directory | tojson }}  # type: ignore[name-defined]  # noqa: F821

ENGINE = Path(CONTEXT["_repo_dir"]) / "src"
if (ENGINE / "backend_template").is_dir():
    sys.path.insert(0, str(ENGINE))

from backend_template.options import load_cookiecutter_json  # noqa: E402
from backend_template.validation import computed_problems, validate  # noqa: E402

problems = validate(CONTEXT) + computed_problems(
    CONTEXT, load_cookiecutter_json(Path(CONTEXT["_repo_dir"]))
)
for problem in problems:
    print(f"error: {problem}", file=sys.stderr)
sys.exit(1 if problems else 0)
