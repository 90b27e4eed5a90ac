"""asor.lcp: z >= 0, w = M z + q >= 0, z'w = 0."""
import numpy as np
import pytest

import asor
from conftest import poisson2d


def test_the_lcp_solution_is_complementary():
    M = poisson2d(15)
    n = M.shape[0]
    q = np.where(np.arange(n) % 3 == 0, -1.0, 0.5)
    z, report = asor.lcp(M, q, threads=2, tol=1e-12)  # async, omega 1
    w = M @ z + q
    assert report.converged and report.constrained
    assert z.min() >= 0 and w.min() >= -1e-10
    assert abs(z @ w) <= 1e-9
    assert report.constraints.complementarity_gap <= 1e-9
    natural = np.linalg.norm(np.minimum(z, w)) / np.linalg.norm(q)
    assert natural == pytest.approx(report.relative_residual, rel=1e-6, abs=1e-15)


@pytest.mark.parametrize("options", [{"lower": np.zeros(9)}, {"method": "cg"}])
def test_the_lcp_refuses_its_own_bound_and_cg(options):
    with pytest.raises(asor.UsageError):
        asor.lcp(poisson2d(3), -np.ones(9), **options)
