"""Matrix Market files, generated problems and matrix properties."""
import gzip
import shutil

import numpy as np
import pytest
import scipy.io
import scipy.sparse as sp

import asor
from conftest import poisson2d


def test_a_written_matrix_reads_back_equal(tmp_path):
    A = poisson2d(7, shift=0.25)
    for symmetric in (False, True):
        path = tmp_path / f"A{symmetric}.mtx"
        asor.write_matrix(path, A, symmetric=symmetric, comment="a test")
        B = asor.read_matrix(path)
        assert isinstance(B, sp.csr_matrix) and B.dtype == np.float64
        assert (B != A).nnz == 0
        assert "a test" in path.read_text()
    assert (scipy.io.mmread(str(tmp_path / "AFalse.mtx")).tocsr() != A).nnz == 0


def test_gzip_files_read_as_plain_ones(tmp_path):
    A = poisson2d(5)
    plain = tmp_path / "A.mtx"
    asor.write_matrix(plain, A)
    with open(plain, "rb") as f, gzip.open(tmp_path / "A.mtx.gz", "wb") as g:
        shutil.copyfileobj(f, g)
    assert (asor.read_matrix(tmp_path / "A.mtx.gz") != A).nnz == 0


def test_read_matrix_hands_over_the_librarys_arrays_without_copying(tmp_path):
    path = tmp_path / "A.mtx"
    asor.write_matrix(path, poisson2d(6))
    A = asor.read_matrix(path)
    for array in (A.data, A.indices):
        assert not array.flags.owndata and array.base is not None
    assert A.indices.dtype == np.int32 and A.has_canonical_format


def test_vectors_round_trip(tmp_path):
    x = np.linspace(-1, 1, 7)
    asor.write_vector(tmp_path / "x.mtx", x, comment="seven")
    assert np.array_equal(asor.read_vector(tmp_path / "x.mtx"), x)


def test_generate_builds_the_command_lines_problems():
    assert "poisson2d" in asor.problem_kinds and "varcoef3d" in asor.problem_kinds
    A = asor.generate("poisson2d", 8)
    assert A.shape == (64, 64) and A.nnz == 64 * 5 - 4 * 8
    assert (A != poisson2d(8)).nnz == 0
    assert asor.generate("poisson3d", 3).shape == (27, 27)
    R1, R2 = asor.generate("randspd", 50, seed=7), asor.generate("randspd", 50, seed=7)
    assert (R1 != R2).nnz == 0
    assert (asor.generate("randspd", 50, seed=8) != R1).nnz > 0
    shifted = asor.generate("poisson2d", 4, shift=1.0)
    assert shifted.diagonal() == pytest.approx(np.full(16, 5.0))


def test_info_tells_symmetry_dominance_and_omega():
    p = asor.info(asor.generate("poisson2d", 32))
    assert p.symmetric and p.positive_diagonal and p.m_matrix_candidate
    assert p.rows == 1024 and p.nonzeros == 4992 and p.weakly_dominant_rows == 1024
    assert p.recommended_omega == pytest.approx(1.8264, abs=1e-3)
    assert "M-matrix" in p.async_guarantee
    d = p.to_dict()
    assert d["jacobi_radius"] == p.jacobi_radius and len(d) >= 20
    q = asor.info(asor.generate("diagdom", 100, seed=3))
    assert not q.symmetric and q.strictly_dominant_rows == 100
