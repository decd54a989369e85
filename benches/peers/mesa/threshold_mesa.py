"""The synchronous threshold-cascade model (Granovetter 1978, Watts 2002) in Mesa 3.

One `mesa.Agent` per node; each step every agent computes its next state from its
neighbours' current states (`compute`), then every agent takes it (`apply`): the
synchronous update, through Mesa's AgentSet. Erdős–Rényi G(n, p = z/(n-1)) graph, 1%
seeds always active, threshold 0.18 for everyone (the set-up of cogov's pure threshold
bench). Two variants:

* `lists`: neighbour lists held by the agents themselves (Mesa at its quickest);
* `network`: the idiomatic Mesa 3 way, agents are `CellAgent`s on a
  `mesa.discrete_space.Network` built from the same graph (NetworkX), and read their
  neighbours through `self.cell.neighborhood` each step.

Usage: python threshold_mesa.py N STEPS [Z] [lists|network]   (prints one RESULT line)
"""

import math
import random
import sys
import time

import mesa
import mesa.discrete_space


class Node(mesa.Agent):
    def __init__(self, model, seed, theta):
        super().__init__(model)
        self.seed = seed
        self.theta = theta
        self.active = seed
        self.next_active = seed
        self.neighbours = []

    def compute(self):
        if self.seed:
            self.next_active = True
            return
        nbrs = self.neighbours
        if not nbrs:
            self.next_active = False
            return
        on = 0
        for v in nbrs:
            on += v.active
        self.next_active = on / len(nbrs) >= self.theta

    def apply(self):
        self.active = self.next_active


class CellNode(mesa.discrete_space.CellAgent):
    def __init__(self, model, seed, theta):
        super().__init__(model)
        self.seed = seed
        self.theta = theta
        self.active = seed
        self.next_active = seed

    def compute(self):
        if self.seed:
            self.next_active = True
            return
        nbrs = [a for cell in self.cell.neighborhood for a in cell.agents]
        if not nbrs:
            self.next_active = False
            return
        on = sum(a.active for a in nbrs)
        self.next_active = on / len(nbrs) >= self.theta

    def apply(self):
        self.active = self.next_active


class Cascade(mesa.Model):
    def __init__(self, n, z, variant="lists", rng_seed=1):
        super().__init__(seed=rng_seed)
        r = random.Random(rng_seed)
        nodes = [Node(self, r.random() < 0.01, 0.18) for _ in range(n)]
        # G(n, p) by geometric skipping (Batagelj & Brandes 2005).
        p = z / (n - 1)
        lq = math.log(1.0 - p)
        v, w = 1, -1
        arcs = 0
        while v < n:
            w += 1 + int(math.floor(math.log(1.0 - r.random()) / lq))
            while w >= v and v < n:
                w -= v
                v += 1
            if v < n:
                nodes[v].neighbours.append(nodes[w])
                nodes[w].neighbours.append(nodes[v])
                arcs += 2
        if variant == "network":
            import networkx as nx

            g = nx.Graph()
            g.add_nodes_from(range(n))
            index = {id(a): i for i, a in enumerate(nodes)}
            for i, a in enumerate(nodes):
                g.add_edges_from((i, index[id(b)]) for b in a.neighbours if index[id(b)] > i)
            self.remove_all_agents()
            self.space = mesa.discrete_space.Network(g, random=self.random)
            cells = [a for a in nodes]
            nodes = []
            for i, a in enumerate(cells):
                c = CellNode(self, a.seed, a.theta)
                c.cell = self.space[i]
                c.n_nbrs = len(a.neighbours)
                nodes.append(c)
            self.visits = sum(c.n_nbrs for c in nodes if not c.seed)
        else:
            self.visits = sum(len(a.neighbours) for a in nodes if not a.seed)
        self.nodes = nodes
        self.arcs = arcs

    def step(self):
        self.agents.do("compute")
        self.agents.do("apply")


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    steps = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    z = float(sys.argv[3]) if len(sys.argv) > 3 else 10.0
    variant = sys.argv[4] if len(sys.argv) > 4 else "lists"
    model = Cascade(n, z, variant)
    t = time.perf_counter()
    for _ in range(steps):
        model.step()
    secs = time.perf_counter() - t
    final = sum(a.active for a in model.nodes)
    print(
        f"RESULT peer=mesa n={n} arcs={model.arcs} steps={steps} seconds={secs:.6f} "
        f"edge_visits_per_s={model.visits * steps / secs:.1f} threads=1 final_active={final} "
        f"mesa={mesa.__version__} variant={variant}"
    )


if __name__ == "__main__":
    main()
