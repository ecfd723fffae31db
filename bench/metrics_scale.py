"""Cluster-quality measures on 1,000,000 x 128 embeddings, next to scikit-learn.

Davies-Bouldin and Calinski-Harabasz (``helpers.evaluation.cluster_metrics``,
one pass in chunks) against ``sklearn.metrics.davies_bouldin_score`` plus
``calinski_harabasz_score``; the sampled silhouette (5 samples of 10,000,
with its spread) against ``sklearn.metrics.silhouette_score(sample_size=
10,000)`` (one sample). Time and peak memory allocated during each call
(tracemalloc, which NumPy reports to), in one run, on float64 embeddings of
20 Gaussian groups.

    python bench/metrics_scale.py           # 1,000,000 x 128
    python bench/metrics_scale.py --quick   # 20,000 x 128, silhouette samples of 2,000

The last line is ``RESULT name=metrics_scale ratio=<helpers / scikit-learn
seconds for Davies-Bouldin and Calinski-Harabasz> ...``.
"""

from __future__ import annotations

import argparse
import time
import tracemalloc

import numpy as np
from sklearn.metrics import calinski_harabasz_score, davies_bouldin_score, silhouette_score

from helpers.evaluation import cluster_metrics, sampled_silhouette

K = 20


def measured(fn):
    """(result, seconds, peak bytes allocated during the call)."""
    tracemalloc.start()
    t0 = time.perf_counter()
    out = fn()
    seconds = time.perf_counter() - t0
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return out, seconds, peak


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small smoke run")
    args = parser.parse_args(argv)
    n, d = (20_000, 128) if args.quick else (1_000_000, 128)
    sample = 2_000 if args.quick else 10_000  # silhouette sample size

    rng = np.random.default_rng(0)
    centres = rng.normal(0, 4, (K, d))
    labels = rng.integers(0, K, n)
    X = centres[labels]
    X += rng.normal(size=(n, d))  # in place: one n x d array in memory
    print(f"embeddings: {n:,} x {d} float64 ({X.nbytes / 2**30:.2f} GiB), {K} groups")

    ours, t_ours, m_ours = measured(lambda: cluster_metrics(X, labels))
    theirs, t_sk, m_sk = measured(
        lambda: (davies_bouldin_score(X, labels), calinski_harabasz_score(X, labels))
    )
    assert np.isclose(ours["davies_bouldin"], theirs[0], rtol=1e-9)
    assert np.isclose(ours["calinski_harabasz"], theirs[1], rtol=1e-9)
    print(
        f"Davies-Bouldin + Calinski-Harabasz: helpers {t_ours:.2f} s, "
        f"peak {m_ours / 2**20:,.0f} MiB; "
        f"scikit-learn {t_sk:.2f} s, peak {m_sk / 2**20:,.0f} MiB (the same values: "
        f"{ours['davies_bouldin']:.4f}, {ours['calinski_harabasz']:,.1f})"
    )
    (sil, sil_sd), t_sil, m_sil = measured(
        lambda: sampled_silhouette(X, labels, sample_size=sample, n_repeats=5, random_state=0)
    )
    sk_sil, t_sk_sil, m_sk_sil = measured(
        lambda: silhouette_score(X, labels, sample_size=sample, random_state=0)
    )
    print(
        f"silhouette: helpers 5 samples of {sample:,} {sil:.4f} ± {sil_sd:.4f} in {t_sil:.2f} s "
        f"({t_sil / 5:.2f} s per sample), peak {m_sil / 2**20:,.0f} MiB; scikit-learn one sample "
        f"{sk_sil:.4f} in {t_sk_sil:.2f} s, peak {m_sk_sil / 2**20:,.0f} MiB"
    )
    print(
        f"RESULT name=metrics_scale ratio={t_ours / t_sk:.2f} n={n} d={d} "
        f"helpers_seconds={t_ours:.2f} sklearn_seconds={t_sk:.2f} "
        f"helpers_peak_mib={m_ours / 2**20:.0f} sklearn_peak_mib={m_sk / 2**20:.0f} "
        f"silhouette_seconds_per_sample={t_sil / 5:.2f} sklearn_silhouette_seconds={t_sk_sil:.2f} "
        f"silhouette={sil:.4f} silhouette_sd={sil_sd:.4f}"
    )


if __name__ == "__main__":
    main()
