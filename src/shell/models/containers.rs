//! Container engines (docker, podman, nerdctl): what `run`, `create` and `exec` give a container
//! of the host. Host mounts in every spelling (`-v`, `--volume=`, `--mount …source=|src=`, `~`,
//! `$HOME`, `/`) are resolved and classified like any path (and count as reads, and writes unless
//! read-only); the engine's own socket is flagged; so are `--privileged`, `--cap-add`, host
//! namespaces (`--pid=host`, `--network=host`, `--userns=host` …), `--device` and security options
//! that turn confinement off.

use super::super::effects::Effects;
use super::super::expand::Field;
use super::Input;
use crate::paths::PathFact;
use serde::Serialize;

/// What a container command gives the container.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ContainerFacts {
    /// `docker`, `podman` or `nerdctl`.
    pub engine: String,
    /// `run`, `create`, `exec` … (`container run` → `run`).
    pub verb: Option<String>,
    /// Host folders and files mounted into the container.
    pub mounts: Vec<ContainerMount>,
    /// A mount of the engine's socket (`/var/run/docker.sock` …): control of the engine, so of
    /// the host.
    pub engine_socket: bool,
    /// `--privileged`.
    pub privileged: bool,
    /// Namespaces shared with the host: `pid`, `network`, `ipc`, `uts`, `userns`, `cgroupns`.
    pub host_namespaces: Vec<String>,
    /// Capabilities added (`SYS_ADMIN`, `ALL` …, without `CAP_`).
    pub caps: Vec<String>,
    /// Host devices given (`/dev/sda`).
    pub devices: Vec<String>,
    /// A security option turns confinement off (`seccomp=unconfined`, `apparmor=unconfined`,
    /// `label=disable`, `systempaths=unconfined`).
    pub unconfined: bool,
}

/// One host path mounted into a container: the resolved host path (every flag of a resolved
/// path: `is_root`, `in_home`, `system`, `secret` …), where it appears, and whether read-only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ContainerMount {
    #[serde(flatten)]
    pub source: PathFact,
    pub target: String,
    pub readonly: bool,
}

/// Short options of `run`/`create`/`exec` that take a value.
const SHORT_VALUES: &str = "acehlmpuvw";

/// Long options of `run`/`create`/`exec` that take a value (the rest are switches).
const LONG_VALUES: &[&str] = &[
    "--attach",
    "--add-host",
    "--annotation",
    "--blkio-weight",
    "--blkio-weight-device",
    "--cap-add",
    "--cap-drop",
    "--cgroup-parent",
    "--cgroupns",
    "--cidfile",
    "--cpu-period",
    "--cpu-quota",
    "--cpu-rt-period",
    "--cpu-rt-runtime",
    "--cpu-shares",
    "--cpus",
    "--cpuset-cpus",
    "--cpuset-mems",
    "--detach-keys",
    "--device",
    "--device-cgroup-rule",
    "--device-read-bps",
    "--device-read-iops",
    "--device-write-bps",
    "--device-write-iops",
    "--dns",
    "--dns-option",
    "--dns-search",
    "--domainname",
    "--entrypoint",
    "--env",
    "--env-file",
    "--expose",
    "--gpus",
    "--group-add",
    "--health-cmd",
    "--health-interval",
    "--health-retries",
    "--health-start-period",
    "--health-timeout",
    "--hostname",
    "--ip",
    "--ip6",
    "--ipc",
    "--isolation",
    "--kernel-memory",
    "--label",
    "--label-file",
    "--link",
    "--link-local-ip",
    "--log-driver",
    "--log-opt",
    "--mac-address",
    "--memory",
    "--memory-reservation",
    "--memory-swap",
    "--memory-swappiness",
    "--mount",
    "--name",
    "--net",
    "--network",
    "--network-alias",
    "--oom-score-adj",
    "--pid",
    "--pids-limit",
    "--platform",
    "--publish",
    "--pull",
    "--restart",
    "--runtime",
    "--security-opt",
    "--shm-size",
    "--stop-signal",
    "--stop-timeout",
    "--storage-opt",
    "--sysctl",
    "--tmpfs",
    "--ulimit",
    "--user",
    "--userns",
    "--uts",
    "--volume",
    "--volume-driver",
    "--volumes-from",
    "--workdir",
    "--uidmap",
    "--gidmap",
    "--subuidname",
    "--subgidname",
    "--pod",
    "--secret",
];

/// Global options of the engine that take a value.
const GLOBAL_VALUES: &[&str] = &[
    "-H",
    "--host",
    "--context",
    "-c",
    "--config",
    "-l",
    "--log-level",
    "--tlscacert",
    "--tlscert",
    "--tlskey",
    "--root",
    "--runroot",
    "--url",
    "--connection",
    "--namespace",
    "-n",
    "--address",
];

/// Folders whose sockets control a container engine.
const SOCKETS: &[&str] = &[
    "/var/run/docker.sock",
    "/run/docker.sock",
    "/run/podman/podman.sock",
    "/var/run/podman/podman.sock",
    "/run/containerd/containerd.sock",
    "/var/run/containerd/containerd.sock",
    "/run/buildkit/buildkitd.sock",
];

/// The facts of a container command; `None` for other verbs.
pub(crate) fn container(input: &Input<'_>, fx: &mut Effects) -> Option<ContainerFacts> {
    let args = input.args;
    let mut i = 0;
    while let Some(a) = args.get(i) {
        let v = a.value.as_str();
        if !v.starts_with('-') {
            break;
        }
        i += 1;
        if GLOBAL_VALUES.contains(&v) {
            i += 1;
        }
    }
    let mut verb = args.get(i)?.value.clone();
    i += 1;
    if verb == "container" {
        verb = args.get(i)?.value.clone();
        i += 1;
    }
    if !matches!(verb.as_str(), "run" | "create" | "exec") {
        return Some(ContainerFacts {
            engine: input.program.to_owned(),
            verb: Some(verb),
            ..ContainerFacts::default()
        });
    }
    let mut facts = ContainerFacts {
        engine: input.program.to_owned(),
        verb: Some(verb),
        ..ContainerFacts::default()
    };
    let rest = args.get(i..).unwrap_or(&[]);
    for (name, value) in options(rest) {
        let value = value.as_deref().unwrap_or("");
        match name.as_str() {
            "-v" | "--volume" => volume(input, value, &mut facts, fx),
            "--mount" => mount(input, value, &mut facts, fx),
            "--privileged" => facts.privileged = value.is_empty() || value == "true",
            "--cap-add" => {
                for cap in value.split(',').filter(|c| !c.is_empty()) {
                    let cap = cap.to_ascii_uppercase();
                    let cap = cap.strip_prefix("CAP_").unwrap_or(&cap).to_owned();
                    facts.caps.push(cap);
                }
            }
            "--pid" | "--ipc" | "--uts" | "--userns" | "--cgroupns" | "--net" | "--network"
                if value == "host" =>
            {
                let ns = match name.as_str() {
                    "--net" => "network",
                    other => other.trim_start_matches('-'),
                };
                if !facts.host_namespaces.iter().any(|n| n == ns) {
                    facts.host_namespaces.push(ns.to_owned());
                }
            }
            "--device" => facts
                .devices
                .push(value.split(':').next().unwrap_or("").to_owned()),
            "--security-opt" => {
                let v = value.to_ascii_lowercase();
                facts.unconfined |= v.ends_with("unconfined")
                    || v.contains("=unconfined")
                    || v == "label=disable"
                    || v == "label:disable"
                    || v == "no-new-privileges=false";
            }
            _ => {}
        }
    }
    Some(facts)
}

/// Options up to the image: (name, value) pairs, `-itv x` clusters split.
fn options(rest: &[Field]) -> Vec<(String, Option<String>)> {
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(a) = rest.get(i) {
        i += 1;
        let v = a.value.as_str();
        if v == "--" || !v.starts_with('-') || v.len() < 2 {
            break;
        }
        if let Some(long) = v.strip_prefix("--") {
            match long.split_once('=') {
                Some((n, val)) => out.push((format!("--{n}"), Some(val.to_owned()))),
                None if LONG_VALUES.contains(&v) => {
                    out.push((v.to_owned(), rest.get(i).map(|f| f.value.clone())));
                    i += 1;
                }
                None => out.push((v.to_owned(), None)),
            }
            continue;
        }
        for (pos, c) in v.char_indices().skip(1) {
            if SHORT_VALUES.contains(c) {
                let attached = v.get(pos + c.len_utf8()..).unwrap_or("");
                let attached = attached.strip_prefix('=').unwrap_or(attached);
                let value = if attached.is_empty() {
                    i += 1;
                    rest.get(i - 1).map(|f| f.value.clone())
                } else {
                    Some(attached.to_owned())
                };
                out.push((format!("-{c}"), value));
                break;
            }
            out.push((format!("-{c}"), None));
        }
    }
    out
}

/// A host path given as a mount source: absolute, relative (`./x`, `.`), `~` or a variable.
/// Anything else is a named volume.
fn host_path(source: &str) -> bool {
    source.starts_with('/')
        || source.starts_with('.')
        || source.starts_with('~')
        || source.starts_with('$')
}

fn add_mount(
    input: &Input<'_>,
    source: &str,
    target: &str,
    readonly: bool,
    facts: &mut ContainerFacts,
    fx: &mut Effects,
) {
    let expanded = match source.strip_prefix('~') {
        Some(rest) if rest.is_empty() || rest.starts_with('/') => format!("{}{rest}", input.home),
        _ => source.to_owned(),
    };
    let mut field = Field::literal(&expanded);
    field.arg = source.to_owned();
    if let Some(at) = expanded.find('$') {
        field.dynamic = true;
        field.fixed = Some(at);
    }
    let fact = input.places.fact(&field);
    facts.engine_socket |= SOCKETS.contains(&fact.path.as_str()) || fact.path.ends_with(".sock");
    fx.read(input.places, &field);
    if !readonly {
        fx.write(input.places, &field);
    }
    facts.mounts.push(ContainerMount {
        source: fact,
        target: target.to_owned(),
        readonly,
    });
}

/// `-v SRC:DST[:OPTS]`.
fn volume(input: &Input<'_>, spec: &str, facts: &mut ContainerFacts, fx: &mut Effects) {
    let mut parts = spec.splitn(3, ':');
    let (Some(source), Some(target)) = (parts.next(), parts.next()) else {
        return;
    };
    let opts = parts.next().unwrap_or("");
    if host_path(source) {
        let readonly = opts.split(',').any(|o| o == "ro" || o == "readonly");
        add_mount(input, source, target, readonly, facts, fx);
    }
}

/// `--mount type=bind,source=/,target=/h[,readonly]`.
fn mount(input: &Input<'_>, spec: &str, facts: &mut ContainerFacts, fx: &mut Effects) {
    let mut kind = None;
    let mut source = None;
    let mut target = String::new();
    let mut readonly = false;
    for part in spec.split(',') {
        let (k, v) = part.split_once('=').unwrap_or((part, ""));
        match k.trim().to_ascii_lowercase().as_str() {
            "type" => kind = Some(v.to_ascii_lowercase()),
            "source" | "src" => source = Some(v.to_owned()),
            "target" | "dst" | "destination" => target = v.to_owned(),
            "readonly" | "ro" => readonly = v.is_empty() || v == "true" || v == "1",
            _ => {}
        }
    }
    let Some(source) = source else { return };
    if kind.as_deref() == Some("bind") || host_path(&source) {
        add_mount(input, &source, &target, readonly, facts, fx);
    }
}

#[cfg(test)]
mod tests {
    use crate::paths::PathContext;
    use crate::shell::{ContainerFacts, analyze};

    fn facts(text: &str) -> ContainerFacts {
        let ctx = PathContext {
            cwd: "/w".into(),
            home: "/h".into(),
            workspace: "/w".into(),
            protected: Vec::new(),
        };
        analyze(text, &ctx)
            .commands
            .iter()
            .find_map(|c| c.container.clone())
            .unwrap_or_else(|| panic!("no container facts for {text}"))
    }

    #[test]
    fn host_mounts_in_every_spelling() {
        let cases: &[(&str, &str)] = &[
            ("docker run -v $HOME:/h alpine", "/h"),
            ("docker run -v ~:/h alpine", "/h"),
            ("docker run --volume=/:/host alpine", "/"),
            ("docker run -v/etc:/e alpine", "/etc"),
            ("podman run --mount type=bind,source=/,target=/h x", "/"),
            (
                "docker container run --mount src=/h/.ssh,dst=/k,readonly x",
                "/h/.ssh",
            ),
            ("docker run --rm -v \"$PWD\":/src img make", "/w"),
        ];
        for (text, path) in cases {
            let f = facts(text);
            assert_eq!(
                f.mounts.first().map(|m| m.source.path.as_str()),
                Some(*path),
                "{text}: {f:?}"
            );
        }
        assert!(facts("docker run -v /var/run/docker.sock:/s x").engine_socket);
        assert!(facts("nerdctl run -itv /var/run/docker.sock:/s x").engine_socket);
        assert!(
            facts("docker run --mount src=/h/.ssh,dst=/k,readonly x")
                .mounts
                .iter()
                .all(|m| m.readonly && m.source.secret)
        );
        assert!(facts("docker run -v data:/data x").mounts.is_empty());
        assert!(
            facts("docker run alpine -v /:/x").mounts.is_empty(),
            "after the image"
        );
    }

    #[test]
    fn privileges() {
        assert!(facts("docker run --privileged alpine").privileged);
        assert_eq!(
            facts("docker run --cap-add=sys_admin x").caps,
            ["SYS_ADMIN"]
        );
        assert_eq!(facts("docker run --pid=host x").host_namespaces, ["pid"]);
        assert_eq!(
            facts("docker run --net host x").host_namespaces,
            ["network"]
        );
        assert_eq!(
            facts("podman run --userns=host x").host_namespaces,
            ["userns"]
        );
        assert_eq!(
            facts("docker run --device /dev/sda:/dev/xvda x").devices,
            ["/dev/sda"]
        );
        assert!(facts("docker run --security-opt seccomp=unconfined x").unconfined);
        assert!(facts("docker run --security-opt apparmor:unconfined x").unconfined);
        let plain = facts("docker run --rm -it -p 8080:80 --name web nginx");
        assert!(!plain.privileged && plain.caps.is_empty() && plain.host_namespaces.is_empty());
        assert!(facts("docker exec --privileged c sh").privileged);
    }
}
