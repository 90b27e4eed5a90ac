"""Runs one pytest file (test_*.py) or one example program for ctest, or
skips (exit 77) with a message saying what is missing: the asor module,
numpy, scipy or pytest.

    python3 tests/python/run.py FILE [pytest arguments]
"""
import importlib
import os
import runpy
import sys

SKIP = 77  # ctest's SKIP_RETURN_CODE for these tests


def missing():
    """The first module the tests need that does not import, or None."""
    for name in ("numpy", "scipy", "pytest", "asor"):
        try:
            importlib.import_module(name)
        except ImportError as e:
            return f"{name} ({e})"
    return None


def main(argv):
    absent = missing()
    if absent is not None:
        print(f"python tests skipped: cannot import {absent}; scripts/install-deps "
              "installs pybind11, numpy, scipy and pytest from Debian", flush=True)
        return SKIP
    if not os.path.basename(argv[1]).startswith("test_"):
        sys.argv = argv[1:]
        runpy.run_path(argv[1], run_name="__main__")
        return 0
    import pytest
    return pytest.main(["-q", "-p", "no:cacheprovider", *argv[1:]])


if __name__ == "__main__":
    sys.exit(main(sys.argv))
