#!/usr/bin/python3
"""PETSc's SOR on the same problem as `asor bench`, as a real peer.

    bench/peers/petsc_sor.py A.mtx [b.mtx] --omega W --tol T [--repeat N] [--fixed-its N]
    mpirun -np 2 bench/peers/petsc_sor.py A.mtx ... --local

Sequential SOR (one process, forward sweeps: -pc_sor_forward) or processor-
local SOR (several MPI processes, each sweeping its rows with the other
processes' values from the previous iteration: -pc_sor_local_forward), driven
by KSPRICHARDSON to the relative residual ||b - A x|| / ||b|| <= tol
(unpreconditioned norm, x0 = 0; b = A * ones when no b.mtx is given). Only
KSPSolve is timed, not reading the file. Prints one JSON object per repeat
on rank 0, with the true relative residual recomputed from x.

--fixed-its N is PETSc's fast path: exactly N sweeps with no residual in
between. Without a monitor and with the default convergence test,
KSPRICHARDSON hands all N sweeps to PCApplyRichardson, that is to one MatSOR
call, which never computes a residual; the true residual is computed once
afterwards. The method is then reported as "sor-fixed-its" or
"local-fixed-its", and the reason is CONVERGED_ITS only if PETSc took that path.

Needs Debian's python3-petsc4py-real (and openmpi-bin for -np 2); without
petsc4py it says so and exits 0, so that a suite can skip the peer.
`petsc_sor.py --available` only exits 0 if petsc4py imports, 1 if not.
"""
import glob
import json
import sys

# Debian installs petsc4py under /usr/lib/petscdir and, depending on the
# alternatives set, may not link it into dist-packages.
sys.path += glob.glob("/usr/lib/petscdir/petsc*/x86_64-linux-gnu-real/lib/python3/dist-packages")
try:
    import numpy as np
    import petsc4py

    petsc4py.init([a for a in sys.argv if a.startswith("-pc_") or a.startswith("-ksp_")])
    from petsc4py import PETSc
except ImportError as error:
    print(f"petsc_sor.py: skipped: {error} (apt-get install python3-petsc4py-real)", file=sys.stderr)
    sys.exit(1 if "--available" in sys.argv else 0)
if "--available" in sys.argv:  # the suite asks once whether PETSc can run here
    sys.exit(0)


def read_mtx(path):
    """Matrix Market coordinate or array file -> (banner words, rows, cols, data)."""
    with open(path) as f:
        banner = f.readline().lower().split()
        line = f.readline()
        while line.startswith("%") or not line.strip():
            line = f.readline()
        sizes = [int(v) for v in line.split()]
        data = np.loadtxt(f, comments="%", ndmin=2)
    return banner, sizes, data


def load_matrix(path, comm):
    banner, sizes, data = read_mtx(path)
    n = sizes[0]
    rows, cols = data[:, 0].astype(np.int64) - 1, data[:, 1].astype(np.int64) - 1
    vals = data[:, 2] if data.shape[1] > 2 else np.ones(len(rows))
    if banner[4] in ("symmetric", "skew-symmetric"):
        off = rows != cols
        sign = -1.0 if banner[4] == "skew-symmetric" else 1.0
        rows, cols, vals = (np.concatenate([rows, cols[off]]), np.concatenate([cols, rows[off]]),
                            np.concatenate([vals, sign * vals[off]]))
    # PETSc's default layout: rows split as evenly as possible, lower ranks
    # first. Exact preallocation of the diagonal and off-diagonal blocks:
    # without it, entries in other processes' columns (half of them for an
    # unstructured matrix) make assembly allocate again and again.
    rank, size = comm.getRank(), comm.getSize()
    local = [n // size + (1 if r < n % size else 0) for r in range(size)]
    start = sum(local[:rank])
    end = start + local[rank]
    mine = (rows >= start) & (rows < end)
    order = np.lexsort((cols[mine], rows[mine]))
    r, c, v = rows[mine][order], cols[mine][order], vals[mine][order]
    in_diag = (c >= start) & (c < end)
    d_nnz = np.bincount(r[in_diag] - start, minlength=end - start).astype(PETSc.IntType)
    o_nnz = np.bincount(r[~in_diag] - start, minlength=end - start).astype(PETSc.IntType)
    A = PETSc.Mat().createAIJ(((end - start, n), (end - start, n)), nnz=(d_nnz, o_nnz), comm=comm)
    indptr = np.searchsorted(r, np.arange(start, end + 1)).astype(PETSc.IntType)
    A.setValuesCSR(indptr, c.astype(PETSc.IntType), v)
    A.assemble()
    return A


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("-pc_") and not a.startswith("-ksp_")]
    files = [a for a in args if not a.startswith("--") and a.endswith(".mtx")]
    opt = dict(omega=1.0, tol=1e-8, repeat=1, max_its=100000, fixed_its=0)
    for key in ("omega", "tol", "repeat", "max-its", "fixed-its"):
        if f"--{key}" in args:
            value = args[args.index(f"--{key}") + 1]
            opt[key.replace("-", "_")] = float(value) if key in ("omega", "tol") else int(value)
    local = "--local" in args
    fixed = opt["fixed_its"] > 0
    method = ("local" if local else "sor") + ("-fixed-its" if fixed else "")
    comm = PETSc.COMM_WORLD
    A = load_matrix(files[0], comm)
    x, b = A.createVecs()
    if len(files) > 1:
        _, _, data = read_mtx(files[1])
        start, end = b.getOwnershipRange()
        b.setArray(data[start:end, 0])
    else:
        ones = x.duplicate()
        ones.set(1.0)
        A.mult(ones, b)
    ksp = PETSc.KSP().create(comm)
    ksp.setOperators(A)
    ksp.setType(PETSc.KSP.Type.RICHARDSON)
    ksp.setNormType(PETSc.KSP.NormType.UNPRECONDITIONED)
    ksp.setTolerances(rtol=opt["tol"], atol=0.0, max_it=opt["fixed_its"] if fixed else opt["max_its"])
    ksp.getPC().setType(PETSc.PC.Type.SOR)
    # petsc4py 3.18 has no PC.setSOR: set SOR through the options database.
    options = PETSc.Options()
    options.setValue("pc_sor_omega", opt["omega"])
    options.setValue("pc_sor_local_forward" if local else "pc_sor_forward", None)
    ksp.setFromOptions()
    # Without a monitor, Richardson hands all max_it sweeps to SOR at once
    # (PCApplyRichardson) and never tests convergence: the fixed-its mode.
    # An empty monitor makes PETSc test the true residual after every sweep,
    # as it must to stop at the tolerance.
    if not fixed:
        ksp.setMonitor(lambda *args: None)
    r = b.duplicate()
    for _ in range(opt["repeat"]):
        x.set(0.0)
        comm.barrier()
        t0 = PETSc.Log.getTime()
        ksp.solve(b, x)
        comm.barrier()
        seconds = PETSc.Log.getTime() - t0
        A.mult(x, r)
        r.aypx(-1.0, b)
        residual = r.norm() / b.norm()
        if comm.getRank() == 0:
            print(json.dumps({
                "peer": "petsc", "method": method,
                "processes": comm.getSize(), "omega": opt["omega"], "tol": opt["tol"],
                "iterations": ksp.getIterationNumber(), "seconds": seconds,
                "relative_residual": residual, "converged": bool(residual <= opt["tol"]),
                "reason": str(ksp.getConvergedReason())}), flush=True)


if __name__ == "__main__":
    main()
