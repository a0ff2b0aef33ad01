//! A throwaway PostgreSQL cluster for tests: Debian's `postgresql` package (installed when
//! missing, as the browser tests install Chromium), `initdb` in a temporary directory, the
//! server on a free loopback port, stopped and removed when the [`Cluster`] is dropped — also
//! when the test panics — and killed with the thread that started it if the process ends
//! before that.
//!
//! `initdb` refuses to run as root, and CI runs as root: there the cluster belongs to the
//! `postgres` system user the package creates, and its programs run under `runuser` (the server
//! under `setpriv`, which also ties its life to the test's).
//!
//! Only `std`, `tempfile` and `postgres` are used, so integration tests can include this file
//! with `#[path]`.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

/// The Debian package that brings `initdb` and `pg_ctl`.
const PACKAGE: &str = "postgresql";
/// The system user that owns the cluster when the tests run as root.
const SYSTEM_USER: &str = "postgres";
/// The database every cluster is made with.
const DATABASE: &str = "chatdesk";

/// A running cluster with one empty database; stopped and deleted on drop.
pub struct Cluster {
    bin: PathBuf,
    data: PathBuf,
    run_as: Option<String>,
    port: u16,
    server: Option<Child>,
    // Removed after the server has stopped (fields drop after `Drop::drop`).
    _dir: tempfile::TempDir,
}

impl Cluster {
    /// Starts a cluster and creates its database. Panics with the server's log when it cannot.
    pub fn start() -> Cluster {
        let bin = binaries();
        let run_as = running_as_root().then(|| SYSTEM_USER.to_string());
        let mut builder = tempfile::Builder::new();
        builder.prefix("chatdesk-postgres-");
        // The cluster's user must reach its directory: under /tmp, which everyone may cross,
        // rather than a TMPDIR that may be root's own.
        let dir = match run_as {
            Some(_) => builder.tempdir_in("/tmp"),
            None => builder.tempdir(),
        }
        .expect("a temporary directory");
        if let Some(user) = &run_as {
            let (uid, gid) = ids_of(user);
            std::os::unix::fs::chown(dir.path(), Some(uid), Some(gid))
                .expect("the cluster's directory is given to its user");
        }
        let data = dir.path().join("data");
        let mut cluster = Cluster {
            bin,
            data,
            run_as,
            port: 0,
            server: None,
            _dir: dir,
        };
        cluster.run(
            "initdb",
            &[
                "--pgdata",
                &cluster.data.to_string_lossy(),
                "--username",
                SYSTEM_USER,
                "--auth",
                "trust",
                "--encoding",
                "UTF8",
                "--locale",
                "C",
                "--no-sync",
            ],
        );
        // A free port can be taken between looking and listening: try a few.
        let log = cluster.socket_dir().join("server.log");
        for _ in 0..5 {
            cluster.port = free_port();
            let mut server = cluster.spawn_server(&log);
            if cluster.wait_until_ready(&mut server) {
                cluster.server = Some(server);
                cluster.create_database();
                return cluster;
            }
            let _ = server.kill();
            let _ = server.wait();
        }
        let log = std::fs::read_to_string(&log).unwrap_or_default();
        panic!("PostgreSQL did not start:\n{log}");
    }

    /// Starts the server in the foreground, as the cluster's user. It gets SIGKILL when the
    /// thread that started it ends (`setpriv --pdeathsig`), so a test process that ends before
    /// its clusters are dropped (a panic while other threads hold them) leaves no server behind.
    fn spawn_server(&self, log: &Path) -> Child {
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(log)
            .expect("the server's log can be written");
        let mut command = Command::new("setpriv");
        command.args(["--pdeathsig", "KILL"]);
        if let Some(user) = &self.run_as {
            command.args(["--reuid", user, "--regid", user, "--init-groups"]);
        }
        command
            .arg("--")
            .arg(self.bin.join("postgres"))
            .arg("-D")
            .arg(&self.data)
            .args([
                "-c",
                "listen_addresses=127.0.0.1",
                "-p",
                &self.port.to_string(),
            ])
            .arg("-k")
            .arg(self.socket_dir())
            .args(["-c", "fsync=off", "-c", "full_page_writes=off"])
            .current_dir(self.socket_dir())
            .stdin(Stdio::null())
            .stdout(log.try_clone().expect("the log opens twice"))
            .stderr(log)
            .spawn()
            .expect("setpriv starts the server")
    }

    /// Whether the server accepts connections within half a minute (`false` when it stops).
    fn wait_until_ready(&self, server: &mut Child) -> bool {
        let port = self.port.to_string();
        for _ in 0..600 {
            if server.try_wait().ok().flatten().is_some() {
                return false;
            }
            let ready = Command::new(self.bin.join("pg_isready"))
                .args(["--host", "127.0.0.1", "--port", &port, "--quiet"])
                .status()
                .is_ok_and(|s| s.success());
            if ready {
                return true;
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        false
    }

    /// Stops the server as an operator would for a restart (open sessions are ended), keeping
    /// its data.
    pub fn stop(&mut self) {
        let data = self.data.to_string_lossy().into_owned();
        self.run(
            "pg_ctl",
            &["--pgdata", &data, "--mode", "fast", "--wait", "stop"],
        );
        if let Some(mut server) = self.server.take() {
            let _ = server.wait();
        }
    }

    /// Starts the server stopped by [`Cluster::stop`] again, on the same port and data.
    pub fn start_again(&mut self) {
        let log = self.socket_dir().join("server.log");
        let mut server = self.spawn_server(&log);
        assert!(
            self.wait_until_ready(&mut server),
            "PostgreSQL did not start again:\n{}",
            std::fs::read_to_string(&log).unwrap_or_default()
        );
        self.server = Some(server);
    }

    /// The cluster's data directory.
    pub fn data_dir(&self) -> &Path {
        &self.data
    }

    /// The database's address: `postgres://postgres@127.0.0.1:PORT/chatdesk`.
    pub fn url(&self) -> String {
        format!(
            "postgres://{SYSTEM_USER}@127.0.0.1:{}/{DATABASE}",
            self.port
        )
    }

    fn create_database(&self) {
        let admin = format!("postgres://{SYSTEM_USER}@127.0.0.1:{}/postgres", self.port);
        // On a thread of its own: the blocking client cannot run on an async test's runtime.
        std::thread::scope(|scope| {
            scope.spawn(|| {
                let mut client = postgres::Client::connect(&admin, postgres::NoTls)
                    .expect("the cluster answers");
                client
                    .batch_execute(&format!("CREATE DATABASE {DATABASE}"))
                    .expect("the test database is created");
            });
        });
    }

    /// Where the server keeps its socket and log (beside the data directory, owned by its user).
    fn socket_dir(&self) -> &Path {
        self.data.parent().expect("the data directory has a parent")
    }

    fn run(&self, program: &str, args: &[&str]) {
        let output = self.output(program, args);
        assert!(
            output.status.success(),
            "{program} failed: {}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }

    fn output(&self, program: &str, args: &[&str]) -> Output {
        let path = self.bin.join(program);
        let mut command = match &self.run_as {
            Some(user) => {
                let mut c = Command::new("runuser");
                c.args(["-u", user, "--"]).arg(&path);
                c
            }
            None => Command::new(&path),
        };
        command
            .args(args)
            .current_dir(self.socket_dir())
            .output()
            .unwrap_or_else(|e| panic!("cannot run {}: {e}", path.display()))
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        // Immediate: the data is thrown away anyway, and a test's drop should not wait.
        let _ = self.output(
            "pg_ctl",
            &[
                "--pgdata",
                &self.data.to_string_lossy(),
                "--mode",
                "immediate",
                "--wait",
                "stop",
            ],
        );
        if let Some(mut server) = self.server.take() {
            let _ = server.kill();
            let _ = server.wait();
        }
    }
}

/// The directory of `initdb` and `pg_ctl`, installing the package when there is none.
fn binaries() -> PathBuf {
    if let Some(bin) = find_binaries() {
        return bin;
    }
    install_package();
    find_binaries().expect("the postgresql package brings initdb and pg_ctl")
}

/// The newest `/usr/lib/postgresql/N/bin` that has `initdb` and `pg_ctl` (Debian's layout).
fn find_binaries() -> Option<PathBuf> {
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let version = entry.file_name().to_str()?.parse::<u32>().ok()?;
            let bin = entry.path().join("bin");
            (bin.join("initdb").exists() && bin.join("pg_ctl").exists()).then_some((version, bin))
        })
        .collect();
    versions.sort();
    versions.pop().map(|(_, bin)| bin)
}

fn install_package() {
    let prefix: &[&str] = if running_as_root() { &[] } else { &["sudo"] };
    for args in [
        &["apt-get", "update", "-q"][..],
        &["apt-get", "install", "-y", "-q", PACKAGE][..],
    ] {
        let mut command: Vec<&str> = prefix.to_vec();
        command.extend_from_slice(args);
        let status = Command::new(command[0])
            .args(&command[1..])
            .env("DEBIAN_FRONTEND", "noninteractive")
            .status()
            .expect("apt-get runs");
        assert!(
            status.success(),
            "could not install PostgreSQL: {command:?} failed"
        );
    }
}

fn running_as_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout == b"0\n")
}

/// The user and group ids of a system user.
fn ids_of(user: &str) -> (u32, u32) {
    let id = |flag: &str| -> u32 {
        let output = Command::new("id")
            .args([flag, user])
            .output()
            .expect("id runs");
        String::from_utf8_lossy(&output.stdout)
            .trim()
            .parse()
            .unwrap_or_else(|_| panic!("there is no {user} user (the {PACKAGE} package makes it)"))
    };
    (id("-u"), id("-g"))
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free loopback port")
}
