"""The fast pass of K-means: every row's nearest centroid, and the
per-cluster sums, over millions of rows on all cores.

:mod:`helpers.kmeans` holds what notebook 01 teaches (the steps, the loop,
the conventions); this module holds only the machinery that makes one pass
over the data fast, which the lesson does not need to read:

* the rows are visited in blocks, so memory stays bounded (never an
  ``n x k x d`` array) and each block's distances are one matrix product;
* the blocks run on threads (NumPy and numba release the GIL), with BLAS
  held to one thread meanwhile, and per-block sums are added in block order,
  so results do not depend on the number of cores;
* each row's nearest centroid and its share of that centroid's sum come from
  one compiled loop (numba) while the block is in cache.

Nothing here checks its input: the public functions of :mod:`helpers.kmeans`
validate once, then call in. The tiled and chunked metrics elsewhere in the
package call :func:`_cluster_sums` the same way, after their own checks.
"""

from __future__ import annotations

import os
import threading
from concurrent.futures import ThreadPoolExecutor

import numba
import numpy as np
from scipy import sparse
from threadpoolctl import threadpool_limits

# Rows per block: large enough that each matrix product is efficient, small
# enough that a block's (rows x k) distance array stays a few megabytes and
# there are enough blocks to keep every core busy.
_BLOCK_ROWS = 16384


class _BlockRunner:
    """Runs one pass over the rows of X, block by block, on all cores.

    NumPy and numba release the GIL inside the heavy calls (matrix product,
    argmin, the fused assign-and-sum loop), so threads over blocks use every
    core without copying X to other processes. BLAS is held to one thread meanwhile so the
    two levels of threading do not fight. Per-block sums are added in block
    order, so results do not depend on the number of cores.
    """

    def __init__(self, X, need_row_norms=True):
        self.X = X
        n, _ = X.shape
        self.starts = range(0, n, _BLOCK_ROWS)
        self.n_threads = max(1, min(len(self.starts), _available_cpus()))
        # squared row norms, for the distances of the update passes
        self.x_sq = np.einsum("ij,ij->i", X, X) if need_row_norms else None
        # one distance buffer per thread: a fresh multi-megabyte array per
        # block would cost page faults on every block of every iteration
        self._local = threading.local()

    def __enter__(self):
        self._limits = threadpool_limits(1)
        self._pool = ThreadPoolExecutor(self.n_threads)
        return self

    def __exit__(self, *exc):
        self._pool.shutdown()
        self._limits.restore_original_limits()

    def assign(self, centroids, labels, min_sq, update=True):
        """Nearest centroid per row, written into ``labels`` and ``min_sq``.

        With ``update``, returns the per-cluster sums (float64) and counts for
        the centroid update. Without it, ``min_sq`` is recomputed from the
        differences themselves: the expanded form used for the argmin loses
        digits to cancellation (badly so in float32), the reported inertia
        should not.
        """
        X = self.X
        k, d = centroids.shape
        # the compiled loop below does no bounds checks: every array it
        # touches must fit X and the centroids (labels it only writes, in 0..k-1)
        n = X.shape[0]
        if not (k >= 1 and d == X.shape[1] and labels.shape == (n,) and min_sq.shape == (n,)):
            raise ValueError(
                f"internal error: centroids {centroids.shape}, labels {labels.shape} and "
                f"min_sq {min_sq.shape} do not fit X {X.shape}."
            )
        # ||x - c||^2 = ||x||^2 - 2 x.c + ||c||^2; ||x||^2 does not change the
        # argmin, so it is added back only for the chosen centroid
        minus_2ct = np.ascontiguousarray(-2 * centroids.T)
        c_sq = np.einsum("ij,ij->i", centroids, centroids, dtype=np.float64)

        def block(start):
            rows = slice(start, start + _BLOCK_ROWS)
            xb = X[rows]
            m = xb.shape[0]
            prod, db = (b[:m] for b in self._buffers(k))
            np.matmul(xb, minus_2ct, out=prod)
            if update:
                sums = np.zeros((k, d))
                counts = np.zeros(k, dtype=np.int64)
                _nearest_and_sums(
                    prod, c_sq, self.x_sq[rows], xb, labels[rows], min_sq[rows], sums, counts
                )
                return sums, counts
            # the sum goes to float64 even for float32 data: NumPy's argmin
            # over short float32 rows is several times slower than float64
            np.add(prod, c_sq, out=db)
            lb = np.argmin(db, axis=1, out=labels[rows])
            diff = xb - centroids[lb]
            np.einsum("ij,ij->i", diff, diff, out=min_sq[rows])
            return None

        results = self._pool.map(block, self.starts)
        if not update:
            list(results)
            return None
        sums = np.zeros((k, d))
        counts = np.zeros(k, dtype=np.int64)
        for s, c in results:
            sums += s
            counts += c
        return sums, counts

    def mean_variance(self):
        """Mean over features of the variance of X, in blocks (no n x d copy)."""
        X = self.X

        def column_sums(start):
            xb = X[start : start + _BLOCK_ROWS].astype(np.float64, copy=False)
            return xb.sum(axis=0)

        mean = sum(self._pool.map(column_sums, self.starts)) / X.shape[0]

        def squares(start):
            diff = X[start : start + _BLOCK_ROWS] - mean
            return np.einsum("ij,ij->j", diff, diff)

        return float(np.mean(sum(self._pool.map(squares, self.starts)) / X.shape[0]))

    def _buffers(self, k):
        """This thread's product buffer (X's dtype) and float64 distance buffer."""
        bufs = getattr(self._local, "bufs", None)
        if bufs is None or bufs[1].shape[1] != k:
            dist = np.empty((_BLOCK_ROWS, k))
            prod = dist if self.X.dtype == np.float64 else np.empty_like(dist, dtype=self.X.dtype)
            bufs = self._local.bufs = (prod, dist)
        return bufs


@numba.njit(nogil=True)
def _nearest_and_sums(prod, c_sq, x_sq, X, labels, min_sq, sums, counts):
    """One pass over a block: each row's nearest centroid and squared
    distance, and the per-cluster sums and counts.

    ``prod`` holds ``-2 x.c``; the distance is ``prod + ||c||^2`` (argmin)
    plus ``||x||^2`` (the reported distance, never below 0). Fusing the
    argmin and the sums into one compiled loop reads each row once, while it
    is in cache; NumPy would make four passes (add, argmin, gather, sums).
    Ties go to the lower centroid index, as ``np.argmin``.

    numba checks no bounds: this loop is reached only through
    ``_BlockRunner.assign``, which checks that every array fits X and the
    centroids. It reads no label; the labels it writes are argmins, in
    ``0..k-1``, so ``sums[arg]`` and ``counts[arg]`` stay inside their arrays.
    """
    m, k = prod.shape
    d = X.shape[1]
    for i in range(m):
        best = prod[i, 0] + c_sq[0]
        arg = 0
        for j in range(1, k):
            v = prod[i, j] + c_sq[j]
            if v < best:
                best = v
                arg = j
        labels[i] = arg
        v = best + x_sq[i]
        min_sq[i] = v if v > 0.0 else 0.0
        counts[arg] += 1
        for f in range(d):
            sums[arg, f] += X[i, f]


def _available_cpus():
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _cluster_sums(X, labels, k):
    """:func:`helpers.kmeans.cluster_sums` without its checks, for callers that validated X
    and labels once (per chunk or per tile they would be repeated passes).
    ``labels`` must be int64 in ``0..k-1``, one per row of the float ``X``."""
    n = X.shape[0]
    onehot = sparse.csc_array((np.ones(n, dtype=X.dtype), labels, np.arange(n + 1)), shape=(k, n))
    sums = np.asarray(onehot @ X, dtype=np.float64)
    return sums, np.bincount(labels, minlength=k).astype(np.int64, copy=False)


def _sq_dist_to(X, c, x_sq):
    """Squared distance of every row of X to point c, given the squared row
    norms ``x_sq``: ||x||^2 - 2 x.c + ||c||^2 is one matrix-vector product per
    block, which BLAS runs on every core, and no n x d temporary is made
    (k-means++ makes k such passes over X)."""
    out = np.empty(X.shape[0])
    for start in range(0, X.shape[0], _BLOCK_ROWS):
        rows = slice(start, start + _BLOCK_ROWS)
        out[rows] = x_sq[rows] - 2.0 * (X[rows] @ c) + float(c @ c)
    return np.maximum(out, 0.0, out=out)  # rounding can dip just below zero
