"""Provisional results, stopping a solve from Python, and Ctrl-C."""
import itertools
import os
import signal
import subprocess
import sys
import textwrap
import time

import numpy as np
import pytest

import asor
from conftest import poisson2d


def long_problem():
    A = poisson2d(60)
    return A, A @ np.ones(A.shape[0])


@pytest.mark.parametrize("method", ["async", "sor", "jacobi"])
def test_returning_false_stops_the_solve(method):
    A, b = long_problem()
    seen = []

    def observer(progress):  # stops at its third call after a complete sweep
        seen.append((progress.sweeps, progress.estimated_residual, progress.elapsed_seconds))
        return sum(sweeps >= 1 for sweeps, _, _ in seen) < 3

    x, report = asor.solve(A, b, method=method, threads=2, tol=1e-14, max_sweeps=10**8,
                           observer=observer, monitor_interval=1e-4)
    assert report.reason == "observer_stop" and sum(s[0] >= 1 for s in seen) == 3
    assert [s[2] for s in seen] == sorted(s[2] for s in seen)
    assert all(residual > 0 for _, residual, _ in seen)
    assert report.sweeps >= 1
    assert 0 < report.relative_residual < 1  # recomputed from x, after some sweeps


def test_none_and_true_let_the_solve_go_on():
    A, b = long_problem()
    answers = itertools.cycle([None, True, 1])
    x, report = asor.solve(A, b, method="sor", omega=1.9, observer=lambda p: next(answers))
    assert report.converged


def test_the_observer_sees_read_only_copies_of_x_with_observe_x():
    A, b = long_problem()
    copies = []

    def observer(progress):
        if progress.x is not None:
            assert not progress.x.flags.writeable
            copies.append((progress.x_sweeps, progress.x))
        return len(copies) < 4

    x, report = asor.solve(A, b, method="sor", omega=1.5, tol=1e-14, observer=observer,
                           observe_x=True, monitor_interval=1e-4)
    assert report.reason == "observer_stop" and len(copies) == 4
    sweeps = [s for s, _ in copies]
    assert sweeps == sorted(sweeps) and sweeps[0] >= 1
    assert all(c.shape == x.shape for _, c in copies)
    errors = [np.abs(c - 1.0).max() for _, c in copies]
    assert errors[-1] < errors[0]  # the copies are iterates approaching x = ones
    with pytest.raises(ValueError):
        copies[0][1][0] = 2.0


def test_what_the_observer_raises_comes_out_of_solve():
    A, b = long_problem()

    def observer(progress):
        raise RuntimeError("seen enough")

    with pytest.raises(RuntimeError, match="seen enough"):
        asor.solve(A, b, threads=2, tol=1e-14, observer=observer)
    # The solver is usable afterwards: nothing was left running.
    x, report = asor.solve(A, b, threads=2)
    assert report.converged


def test_an_observer_stop_on_several_columns_ends_after_the_group():
    A, b = long_problem()
    B = np.column_stack([k * b for k in range(1, 7)])  # groups of 4 and 2 columns
    calls = []
    X, reports = asor.solve(A, B, method="sor", tol=1e-14, observe_x=True,
                            observer=lambda p: calls.append(p.x) or False)
    assert len(calls) == 1 and calls[0] is None  # no snapshot of a group
    assert len(reports) == 4 and all(r.reason == "observer_stop" for r in reports)
    assert np.all(X[:, 4:] == 0) and np.all(X[:, :4] != 0)  # the rest left as x0


CHILD = textwrap.dedent("""
    import signal, sys, time
    import numpy as np, scipy.sparse as sp
    import asor
    method = sys.argv[1]
    t = sp.diags([-1.0, 2.0, -1.0], [-1, 0, 1], shape=(300, 300))
    A = sp.kronsum(t, t).tocsr()
    b = A @ np.ones(A.shape[0])
    def observer(progress):
        if progress.sweeps >= 1:
            print("sweeping", flush=True)
    try:
        asor.solve(A, b, method=method, threads=2, tol=1e-15, max_sweeps=10**9,
                   time_limit=60, observer=observer, monitor_interval=0.01)
        print("returned", flush=True)
    except KeyboardInterrupt:
        stopped = time.monotonic()
        assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
        x, report = asor.solve(A[:100, :100], b[:100], method="gs", max_sweeps=5)
        print("KeyboardInterrupt", report.sweeps, flush=True)
        sys.exit(3)
""")


@pytest.mark.parametrize("method", ["async", "sor"])
def test_ctrl_c_stops_the_workers_and_raises_keyboard_interrupt(method):
    child = subprocess.Popen([sys.executable, "-c", CHILD, method], stdout=subprocess.PIPE,
                             text=True, env=os.environ)
    try:
        assert child.stdout.readline().strip() == "sweeping"
        sent = time.monotonic()
        child.send_signal(signal.SIGINT)
        out, _ = child.communicate(timeout=30)
        waited = time.monotonic() - sent
    finally:
        child.kill()
    assert child.returncode == 3, out
    assert "KeyboardInterrupt 5" in out and "returned" not in out
    assert waited < 10, f"{waited:.1f} s from SIGINT to exit"
