"""Every exception type, with the command line's messages; no crash on bad input."""
import os
import subprocess

import numpy as np
import pytest
import scipy.sparse as sp

import asor
from conftest import poisson2d

DATA = os.environ.get("ASOR_TEST_DATA", "")
CLI = os.environ.get("ASOR_CLI", "")


def test_the_exception_types_are_value_and_os_errors():
    assert issubclass(asor.InputError, ValueError)
    assert issubclass(asor.UsageError, ValueError)
    assert issubclass(asor.IoError, OSError)
    assert not issubclass(asor.InputError, asor.UsageError)


@pytest.mark.parametrize("A, b, message", [
    (sp.csr_matrix(np.ones((2, 3))), np.ones(2), "2 x 3"),
    (sp.csr_matrix(np.array([[1.0, 1.0], [1.0, 0.0]])), np.ones(2), "row 2"),
    (poisson2d(3), np.ones(8), "right-hand side has 8 entries"),
    (poisson2d(3), np.full(9, np.nan), "right-hand side entry 1"),
    (sp.csr_matrix(np.array([[np.nan, 0.0], [0.0, 1.0]])), np.ones(2), ""),
])
def test_bad_data_is_an_input_error(A, b, message):
    with pytest.raises(asor.InputError, match=message):
        asor.solve(A, b)


def test_bad_shapes_and_bounds_are_input_errors():
    A = poisson2d(3)
    with pytest.raises(asor.InputError, match="1-D or 2-D"):
        asor.solve(A, np.ones((9, 1, 1)))
    with pytest.raises(asor.InputError, match="initial guess has 3 entries"):
        asor.solve(A, np.ones(9), x0=np.ones(3))
    with pytest.raises(asor.InputError):
        asor.solve(A, np.ones(9), lower=np.ones(9), upper=np.zeros(9))
    with pytest.raises(asor.InputError):
        asor.solve(A, np.ones(9), lower=np.zeros(4))
    with pytest.raises(asor.InputError):
        asor.solve(A, np.ones((8, 2)))


@pytest.mark.parametrize("options, message", [
    ({"omega": 2.5}, "omega"),
    ({"omega": "fast"}, "auto"),
    ({"method": "newton"}, "newton"),
    ({"storage": "half"}, "half"),
    ({"reorder": "amd"}, "amd"),
    ({"threads": -1}, "thread"),
    ({"tol": 0.0}, "tol"),
    ({"observer": 3}, "callable"),
    ({"observe_x": True}, "observer"),
    ({"method": "cg", "lower": 0.0}, ""),
])
def test_options_out_of_range_are_usage_errors(options, message):
    with pytest.raises(asor.UsageError, match=message):
        asor.solve(poisson2d(3), np.ones(9), **options)


def test_generator_and_preconditioner_parameters_are_usage_errors():
    with pytest.raises(asor.UsageError, match="poisson9d"):
        asor.generate("poisson9d", 4)
    with pytest.raises(asor.UsageError):
        asor.preconditioner(poisson2d(3), sweeps=0)
    with pytest.raises(asor.UsageError):
        asor.preconditioner(poisson2d(3), omega=2.0)


def test_files_that_cannot_be_read_or_written_are_io_errors(tmp_path):
    with pytest.raises(asor.IoError):
        asor.read_matrix(tmp_path / "absent.mtx")
    with pytest.raises(asor.IoError):
        asor.write_matrix(tmp_path / "no" / "such" / "dir.mtx", poisson2d(2))


def test_wrong_types_are_type_errors():
    with pytest.raises(TypeError, match="scipy.sparse"):
        asor.solve(np.eye(3), np.ones(3))
    with pytest.raises(TypeError, match="real"):
        asor.solve(sp.identity(3, dtype=complex, format="csr"), np.ones(3))
    with pytest.raises(TypeError, match="real"):
        asor.solve(sp.identity(3, format="csr"), np.ones(3) * 1j)


@pytest.mark.skipif(not (DATA and CLI), reason="ASOR_TEST_DATA and ASOR_CLI are set by ctest")
@pytest.mark.parametrize("name", ["column_index_zero.mtx", "banner_magic_only.mtx",
                                  "array_too_few_values.mtx"])
def test_a_malformed_file_gives_the_command_lines_message(name):
    path = os.path.join(DATA, "bad", name)
    cli = subprocess.run([CLI, "info", path], capture_output=True, text=True)
    assert cli.returncode == 2
    with pytest.raises(asor.InputError) as raised:
        asor.read_matrix(path)
    assert cli.stderr.strip() == "asor: " + str(raised.value)
    assert str(raised.value).startswith(path + ":")
