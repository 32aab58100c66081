"""Scale benchmark of value-network detection: community detection and value-network
extraction on a synthetic synergy graph of 100 000 organisations and 1 000 000 exchanges.

Usage::

    python benchmarks/networks_scale.py [--nodes N] [--edges M] [--method leiden|louvain]
                                        [--seed S] [--limit SECONDS]

The graph has planted value networks (groups of 1 000 organisations; 80 % of the exchanges
stay inside a group), lognormal exchange values (median 22 000 EUR/a). It prints the seconds to
build the networkx graph, to find and explain the value networks
(:func:`veturi.engine.networks.find_value_networks`, including the modularity and the
per-network extraction), the peak resident memory of the process, the number of networks,
the modularity and the share of planted groups recovered (the group most of a network's
members come from, counted over members). Exit status 1 when detection and extraction take
longer than ``--limit`` (default 60 s, the floor of issue 5).
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from collections import Counter

import networkx as nx
import numpy as np

from veturi.engine.networks import find_value_networks


def synthetic_graph(nodes: int, edges: int, seed: int, group_size: int = 1000) -> nx.Graph:
    """``edges`` distinct undirected edges; 80 % inside planted groups of ``group_size``."""
    rng = np.random.default_rng(seed)
    groups = max(nodes // group_size, 1)
    pairs = np.empty((0, 2), dtype=np.int64)
    while len(pairs) < edges:
        draw = int((edges - len(pairs)) * 1.1) + 16
        group = rng.integers(0, groups, size=draw)
        u = group * group_size + rng.integers(0, group_size, size=draw)
        inside = rng.random(draw) < 0.8
        v = np.where(inside, group * group_size + rng.integers(0, group_size, size=draw),
                     rng.integers(0, nodes, size=draw))
        u, v = np.minimum(u, nodes - 1), np.minimum(v, nodes - 1)
        fresh = np.stack([np.minimum(u, v), np.maximum(u, v)], axis=1)
        fresh = fresh[fresh[:, 0] != fresh[:, 1]]
        pairs = np.unique(np.concatenate([pairs, fresh]), axis=0)
    pairs = pairs[rng.permutation(len(pairs))[:edges]]
    value = rng.lognormal(10, 1, size=edges)
    graph = nx.Graph()
    graph.add_nodes_from(range(nodes))
    graph.add_weighted_edges_from(zip(pairs[:, 0].tolist(), pairs[:, 1].tolist(),
                                      value.tolist()))
    return graph


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--nodes", type=int, default=100_000)
    parser.add_argument("--edges", type=int, default=1_000_000)
    parser.add_argument("--method", choices=("leiden", "louvain"), default="leiden")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--limit", type=float, default=60.0)
    args = parser.parse_args(argv)

    start = time.perf_counter()
    graph = synthetic_graph(args.nodes, args.edges, args.seed)
    built = time.perf_counter() - start
    print(f"graph: {graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges "
          f"built in {built:.1f} s", flush=True)

    start, cpu_start = time.perf_counter(), time.process_time()
    result = find_value_networks(graph, method=args.method, seed=args.seed)
    found = time.perf_counter() - start
    cpu = time.process_time() - cpu_start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    recovered = 0
    for network in result.networks:
        recovered += Counter(node // 1000 for node in network.members).most_common(1)[0][1]
    print(f"method: {args.method}, seed {args.seed}")
    print(f"value networks: {len(result.networks)}, singletons: {len(result.singletons)}, "
          f"modularity {result.modularity:.4f}")
    print(f"members in their network's main planted group: {recovered / args.nodes:.1%}")
    print(f"detection and extraction: {found:.1f} s (floor {args.limit:.0f} s); "
          f"CPU time of the process {cpu:.1f} s")
    print(f"peak memory (resident): {peak_mb:,.0f} MB")
    # Two cores are shared: the load says how much the figures are worth.
    print("load average (1, 5, 15 min): " + ", ".join(f"{x:.2f}" for x in os.getloadavg()))
    return 0 if found <= args.limit else 1


if __name__ == "__main__":
    sys.exit(main())
