//! Several `chatdesk serve` nodes on loopback ports sharing one real PostgreSQL database: a
//! throwaway cluster from Debian's `postgresql` package, run as a user that is not root
//! (`initdb` refuses root), started in a temporary directory and removed afterwards.

use super::Backend;

#[path = "../../src/server/store/postgres/cluster.rs"]
mod cluster;
pub use cluster::Cluster;

/// The nodes, then the cluster (fields drop in order: the nodes stop before their database).
pub struct Nodes {
    pub nodes: Vec<Backend>,
    pub cluster: Cluster,
}

impl Nodes {
    /// Starts a cluster and `count` nodes on it, each with a data directory of its own holding
    /// the same `files` (the data files must agree across nodes).
    pub fn start(count: usize, files: &[(&str, &str)]) -> Nodes {
        let cluster = Cluster::start();
        let url = cluster.url();
        let nodes = (0..count)
            .map(|_| Backend::on_database(&url, files))
            .collect();
        Nodes { nodes, cluster }
    }

    pub fn node(&self, i: usize) -> &Backend {
        &self.nodes[i]
    }

    /// The node whose log says it runs the timers now (the last to say so, among those
    /// running), waiting up to `patience` for one to.
    pub fn timer_leader(&mut self, patience: std::time::Duration) -> usize {
        let deadline = std::time::Instant::now() + patience;
        loop {
            let running: Vec<usize> = (0..self.nodes.len())
                .filter(|&i| self.nodes[i].running())
                .collect();
            let leaders: Vec<usize> = running
                .into_iter()
                .filter(|&i| {
                    let log = self.nodes[i].dir.path().join(Backend::LOG);
                    let text = std::fs::read_to_string(log).unwrap_or_default();
                    text.lines()
                        .rfind(|l| l.contains("runs the timers") || l.contains("lost the timers"))
                        .is_some_and(|l| l.contains("runs the timers"))
                })
                .collect();
            if let [one] = leaders[..] {
                return one;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "no single node runs the timers: {leaders:?}"
            );
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
    }
}
