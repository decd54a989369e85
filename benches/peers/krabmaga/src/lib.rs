//! What both krABMaga peers share: the same Erdős–Rényi graph G(n, p = z/(n−1)) and the
//! same 1% seeds from the same generator, so the two peers (and their `final_active`)
//! are comparable; and the `RESULT` line benches/peers/run.sh reads.

/// SplitMix64.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// The undirected ties of G(n, p) by geometric skipping (Batagelj & Brandes 2005), each
/// once as (v, w) with w < v.
pub fn erdos_renyi_edges(n: usize, z: f64, rng: &mut Rng) -> Vec<(u32, u32)> {
    let p = z / (n - 1) as f64;
    let lq = (1.0 - p).ln();
    let mut edges: Vec<(u32, u32)> = Vec::new();
    let (mut v, mut w) = (1i64, -1i64);
    while (v as usize) < n {
        let r = 1.0 - rng.unit();
        w += 1 + (r.ln() / lq).floor() as i64;
        while w >= v && (v as usize) < n {
            w -= v;
            v += 1;
        }
        if (v as usize) < n {
            edges.push((v as u32, w as u32));
        }
    }
    edges
}

/// The ties as CSR: offsets of length n + 1 and the concatenated neighbour lists.
pub fn csr(n: usize, edges: &[(u32, u32)]) -> (Vec<usize>, Vec<u32>) {
    let mut deg = vec![0usize; n + 1];
    for &(a, b) in edges {
        deg[a as usize + 1] += 1;
        deg[b as usize + 1] += 1;
    }
    for i in 0..n {
        deg[i + 1] += deg[i];
    }
    let mut fill = deg.clone();
    let mut nbrs = vec![0u32; deg[n]];
    for &(a, b) in edges {
        nbrs[fill[a as usize]] = b;
        fill[a as usize] += 1;
        nbrs[fill[b as usize]] = a;
        fill[b as usize] += 1;
    }
    (deg, nbrs)
}

/// The set-up both peers run: `N STEPS [Z]` from the command line, the graph's ties and
/// the seeds (drawn after the graph, from the same generator).
pub struct Setup {
    pub n: usize,
    pub steps: u64,
    pub edges: Vec<(u32, u32)>,
    pub seed: Vec<bool>,
}

impl Setup {
    pub fn from_args() -> Setup {
        let args: Vec<String> = std::env::args().collect();
        let n: usize = args.get(1).map_or(10_000, |a| a.parse().expect("N"));
        let steps: u64 = args.get(2).map_or(20, |a| a.parse().expect("STEPS"));
        let z: f64 = args.get(3).map_or(10.0, |a| a.parse().expect("Z"));
        let mut rng = Rng(1);
        let edges = erdos_renyi_edges(n, z, &mut rng);
        let seed: Vec<bool> = (0..n).map(|_| rng.unit() < 0.01).collect();
        Setup {
            n,
            steps,
            edges,
            seed,
        }
    }

    /// Edge visits per step: the arcs of the non-seed nodes.
    pub fn visits_per_step(&self) -> usize {
        let mut deg = vec![0usize; self.n];
        for &(a, b) in &self.edges {
            deg[a as usize] += 1;
            deg[b as usize] += 1;
        }
        (0..self.n).filter(|&i| !self.seed[i]).map(|i| deg[i]).sum()
    }

    /// The line benches/peers/run.sh collects.
    pub fn report(&self, peer: &str, seconds: f64, final_active: usize) {
        println!(
            "RESULT peer={peer} n={} arcs={} steps={} seconds={seconds:.6} \
             edge_visits_per_s={:.1} threads=1 final_active={final_active}",
            self.n,
            2 * self.edges.len(),
            self.steps,
            self.visits_per_step() as f64 * self.steps as f64 / seconds
        );
    }
}
