"""Find an interpreter that sees the system's matplotlib/numpy.

On some machines the `python3` on PATH (pyenv, venv) does not see Debian's
python3-matplotlib. A chart script started with it re-executes itself once
under /usr/bin/python3 instead of failing; anything else gets one clear line.
"""

import importlib
import os
import sys
from pathlib import Path

SYSTEM_PYTHON = "/usr/bin/python3"
_GUARD = "CONTEND_PLOTS_REEXEC"


def _started_as_plots_script():
    main = sys.modules.get("__main__")
    path = getattr(main, "__file__", None)
    return path is not None and Path(path).resolve().parent == Path(__file__).resolve().parent


def require(*modules):
    """Import modules or re-exec under the system python; exit with a message if neither works."""
    try:
        for name in modules:
            importlib.import_module(name)
        return
    except ImportError as e:
        missing = e.name or str(e)
    other = Path(SYSTEM_PYTHON)
    if (_started_as_plots_script() and not os.environ.get(_GUARD) and other.exists()
            and Path(sys.executable).resolve() != other.resolve()):
        os.environ[_GUARD] = "1"
        os.execv(SYSTEM_PYTHON, [SYSTEM_PYTHON] + sys.argv)
    sys.exit(f"{sys.argv[0]}: Python module '{missing}' is not available to {sys.executable}; "
             f"install python3-{missing} (Debian) or run with {SYSTEM_PYTHON}")
