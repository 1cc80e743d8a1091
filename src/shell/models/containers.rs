//! Container engines (docker, podman, nerdctl): what `run`, `create` and `exec` give a container
//! of the host. Host mounts in every spelling (`-v`, `--volume=`, `--mount …source=|src=`, `~`,
//! `$HOME`, `/`) are resolved and classified like any path (and count as reads, and writes unless
//! read-only); the engine's own socket is flagged; so are `--privileged`, `--cap-add`, host
//! namespaces (`--pid=host`, `--network=host`, `--userns=host` …), `--device` and security options
//! that turn confinement off. Verbs that delete what the engine keeps (containers, images,
//! volumes, networks, build cache, the whole store: `rm`, `rmi`, `prune`, `reset`, a group's
//! `rm`/`remove`/`delete`, `compose down -v`, `compose rm`) are `destructive`.

use super::super::concern::Concern;
use super::super::effects::{Effects, Places};
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
    /// Deletes containers, images, volumes, networks, build cache or the engine's whole store
    /// ([`DESTROY_VERBS`] directly or in any group: `rm`, `volume rm`, `system prune`, `system
    /// reset`; `compose down --volumes|--rmi`, `compose rm`).
    pub destructive: bool,
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

/// Verbs that delete what the engine keeps, as a top-level verb (`rm`, `rmi`) or a group's
/// (`volume rm`, `image prune`, `system reset`, `buildx rm`, `pod rm` …).
const DESTROY_VERBS: &[&str] = &["delete", "destroy", "prune", "remove", "reset", "rm", "rmi"];

/// Engine subcommands that are groups of verbs (`volume rm`, `system prune`).
const GROUPS: &[&str] = &[
    "builder", "buildx", "config", "context", "image", "machine", "manifest", "network", "node",
    "plugin", "pod", "secret", "service", "stack", "swarm", "system", "trust", "volume",
];

/// The index of the first word of `args` that is not an option or the value of one of
/// [`GLOBAL_VALUES`] (or `--builder`): the engine's verb (`docker --context prod system …`), a
/// group's verb (`volume rm -f x`, `buildx --builder b prune`). `--name=value` carries its own.
fn first_word(args: &[Field]) -> Option<usize> {
    let mut i = 0;
    while let Some(a) = args.get(i) {
        let v = a.value.as_str();
        if !v.starts_with('-') || v == "-" {
            return Some(i);
        }
        i += 1;
        if GLOBAL_VALUES.contains(&v) || v == "--builder" {
            i += 1;
        }
    }
    None
}

/// A group's verb (`volume rm -f x` → `rm`).
fn group_verb(rest: &[Field]) -> Option<&str> {
    first_word(rest)
        .and_then(|i| rest.get(i))
        .map(|f| f.value.as_str())
}

/// Engine subcommands and groups other than run/create/exec/compose (modelled above) that
/// the policies judge by `verb` or that only read or manage local state. Sorted; any other verb
/// is unknown.
pub(super) const ENGINE_VERBS: &[&str] = &[
    "attach", "build", "builder", "buildx", "commit", "context", "cp", "diff", "events", "export",
    "help", "history", "image", "images", "import", "info", "init", "inspect", "kill", "load",
    "login", "logout", "logs", "ls", "manifest", "network", "pause", "pod", "port", "ps", "pull",
    "push", "rename", "restart", "rm", "rmi", "save", "scout", "search", "start", "stats", "stop",
    "system", "tag", "top", "unpause", "update", "version", "volume", "wait",
];

/// The facts of a container command; `None` for other verbs.
pub(crate) fn container(input: &Input<'_>, fx: &mut Effects) -> Option<ContainerFacts> {
    let args = input.args;
    if input.program.ends_with("-compose") {
        return Some(compose(input, args, fx));
    }
    let mut i = first_word(args)?;
    let mut verb = args.get(i)?.value.clone();
    i += 1;
    if verb == "container" {
        verb = args.get(i)?.value.clone();
        i += 1;
    }
    if verb == "compose" {
        return Some(compose(input, args.get(i..).unwrap_or(&[]), fx));
    }
    if !matches!(verb.as_str(), "run" | "create" | "exec") {
        let destructive = DESTROY_VERBS.contains(&verb.as_str())
            || GROUPS.contains(&verb.as_str())
                && group_verb(args.get(i..).unwrap_or(&[]))
                    .is_some_and(|s| DESTROY_VERBS.contains(&s));
        if !destructive && ENGINE_VERBS.binary_search(&verb.as_str()).is_err() {
            fx.concerns.push(Concern::Unknown);
        }
        return Some(ContainerFacts {
            engine: input.program.to_owned(),
            verb: Some(verb),
            destructive,
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
            "-v" | "--volume" => volume(input, input.places, value, &mut facts, fx),
            "--mount" => mount(input, input.places, value, &mut facts, fx),
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
    places: &Places<'_>,
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
    let fact = places.fact(&field);
    facts.engine_socket |= SOCKETS.contains(&fact.path.as_str()) || fact.path.ends_with(".sock");
    fx.read(places, &field);
    if !readonly {
        fx.write(places, &field);
    }
    facts.mounts.push(ContainerMount {
        source: fact,
        target: target.to_owned(),
        readonly,
    });
}

/// `-v SRC:DST[:OPTS]`.
fn volume(
    input: &Input<'_>,
    places: &Places<'_>,
    spec: &str,
    facts: &mut ContainerFacts,
    fx: &mut Effects,
) {
    let mut parts = spec.splitn(3, ':');
    let (Some(source), Some(target)) = (parts.next(), parts.next()) else {
        return;
    };
    let opts = parts.next().unwrap_or("");
    if host_path(source) {
        let readonly = opts.split(',').any(|o| o == "ro" || o == "readonly");
        add_mount(input, places, source, target, readonly, facts, fx);
    }
}

/// `--mount type=bind,source=/,target=/h[,readonly]`.
fn mount(
    input: &Input<'_>,
    places: &Places<'_>,
    spec: &str,
    facts: &mut ContainerFacts,
    fx: &mut Effects,
) {
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
        add_mount(input, places, &source, &target, readonly, facts, fx);
    }
}

/// Compose files are read up to this size.
const MAX_COMPOSE: u64 = 512 * 1024;

/// `docker compose [-f FILE…] up|run|create`, `docker-compose up`: the services of the compose
/// files (given, or the default names in the project folder), read when they exist. A file
/// that cannot be read or parsed counts as `unconfined` (what it would run is unknown).
fn compose(input: &Input<'_>, args: &[Field], fx: &mut Effects) -> ContainerFacts {
    let mut facts = ContainerFacts {
        engine: input.program.to_owned(),
        verb: Some("compose".to_owned()),
        ..ContainerFacts::default()
    };
    let mut files: Vec<Field> = Vec::new();
    let mut dir = input.cwd.map(std::path::Path::to_path_buf);
    let mut i = 0;
    let mut sub = None;
    while let Some(a) = args.get(i) {
        i += 1;
        let v = a.value.as_str();
        let (name, inline) = match v.split_once('=') {
            Some((n, val)) if v.starts_with("--") => (n, Some(val.to_owned())),
            _ => (v, None),
        };
        let takes = matches!(
            name,
            "-f" | "--file"
                | "-p"
                | "--project-name"
                | "--project-directory"
                | "--env-file"
                | "--profile"
                | "--ansi"
                | "--progress"
                | "--parallel"
        );
        if takes {
            let value = inline.or_else(|| {
                i += 1;
                args.get(i - 1).map(|f| f.value.clone())
            });
            match (name, value) {
                ("-f" | "--file", Some(f)) => files.push(Field::literal(&f)),
                ("--project-directory", Some(d)) => {
                    let fact = input.places.fact(&Field::literal(&d));
                    dir = Some(std::path::PathBuf::from(fact.path));
                }
                _ => {}
            }
            continue;
        }
        if !v.starts_with('-') {
            sub = Some(v.to_owned());
            break;
        }
    }
    let rest = args.get(i..).unwrap_or(&[]);
    let removes = |names: &[&str]| {
        rest.iter().any(|a| {
            let v = a.value.as_str();
            names.contains(&v.split_once('=').map_or(v, |(n, _)| n))
        })
    };
    facts.destructive = match sub.as_deref() {
        Some("rm") => true,
        // `down` removes containers and networks (recreated by `up`); volumes and images are data.
        Some("down") => removes(&["-v", "--volumes", "--rmi"]),
        _ => false,
    };
    if !matches!(sub.as_deref(), Some("up" | "run" | "create")) {
        return facts;
    }
    let places = Places {
        cwd: dir.as_deref(),
        ..*input.places
    };
    if files.is_empty() {
        let default = [
            "compose.yaml",
            "compose.yml",
            "docker-compose.yml",
            "docker-compose.yaml",
        ]
        .into_iter()
        .find(|n| dir.as_ref().is_some_and(|d| d.join(n).is_file()));
        files.extend(default.map(Field::literal));
    }
    for file in files {
        let fact = places.fact(&file);
        let path = std::path::PathBuf::from(&fact.path);
        let text = std::fs::metadata(&path)
            .ok()
            .filter(|m| m.is_file() && m.len() <= MAX_COMPOSE)
            .and_then(|_| std::fs::read_to_string(&path).ok());
        let doc = text.and_then(|t| serde_saphyr::from_str::<serde_json::Value>(&t).ok());
        let Some(doc) = doc else {
            facts.unconfined = true;
            continue;
        };
        let base = path.parent().map(std::path::Path::to_path_buf);
        let file_places = Places {
            cwd: base.as_deref(),
            ..*input.places
        };
        let services = doc.get("services").and_then(serde_json::Value::as_object);
        for service in services.into_iter().flat_map(|m| m.values()) {
            compose_service(input, &file_places, service, &mut facts, fx);
        }
    }
    facts
}

/// One compose service's privileges and bind mounts.
fn compose_service(
    input: &Input<'_>,
    places: &Places<'_>,
    service: &serde_json::Value,
    facts: &mut ContainerFacts,
    fx: &mut Effects,
) {
    use serde_json::Value;
    let text = |v: &Value| match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let list = |key: &str| -> Vec<String> {
        match service.get(key) {
            Some(Value::Array(items)) => items.iter().map(text).collect(),
            Some(Value::String(s)) => vec![s.clone()],
            _ => Vec::new(),
        }
    };
    facts.privileged |= service.get("privileged").and_then(Value::as_bool) == Some(true);
    for (key, ns) in [
        ("pid", "pid"),
        ("ipc", "ipc"),
        ("uts", "uts"),
        ("userns_mode", "userns"),
        ("cgroup", "cgroupns"),
        ("network_mode", "network"),
    ] {
        if service.get(key).and_then(Value::as_str) == Some("host")
            && !facts.host_namespaces.iter().any(|n| n == ns)
        {
            facts.host_namespaces.push(ns.to_owned());
        }
    }
    for cap in list("cap_add") {
        let cap = cap.to_ascii_uppercase();
        facts
            .caps
            .push(cap.strip_prefix("CAP_").unwrap_or(&cap).to_owned());
    }
    for device in list("devices") {
        facts
            .devices
            .push(device.split(':').next().unwrap_or("").to_owned());
    }
    facts.unconfined |= list("security_opt").iter().any(|o| {
        let o = o.to_ascii_lowercase();
        o.ends_with("unconfined") || o.contains("label:disable") || o.contains("label=disable")
    });
    if let Some(Value::Array(volumes)) = service.get("volumes") {
        for v in volumes {
            match v {
                Value::String(spec) => volume(input, places, spec, facts, fx),
                Value::Object(m) => {
                    let get = |k: &str| m.get(k).map(text).unwrap_or_default();
                    let source = get("source");
                    let bind = get("type") == "bind" || host_path(&source);
                    if bind && !source.is_empty() {
                        let readonly = m.get("read_only").and_then(Value::as_bool) == Some(true);
                        add_mount(input, places, &source, &get("target"), readonly, facts, fx);
                    }
                }
                _ => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::shell::{ContainerFacts, analyze};

    fn facts(text: &str) -> ContainerFacts {
        let ctx = crate::shell::test_context("/w", "/h");
        analyze(text, &ctx)
            .commands
            .iter()
            .find_map(|c| c.container.clone())
            .unwrap_or_else(|| panic!("no container facts for {text}"))
    }

    #[test]
    fn verbs_outside_the_table_are_unknown() {
        let ctx = crate::shell::test_context("/w", "/h");
        for (text, unknown) in [
            ("docker frobnicate x", true),
            ("podman --remote frob", true),
            ("docker ps -a", false),
            ("docker image ls", false),
            ("nerdctl logs api", false),
        ] {
            let analysis = analyze(text, &ctx);
            let got = analysis
                .commands
                .iter()
                .any(|c| c.concerns.contains(&crate::shell::Concern::Unknown));
            assert_eq!(got, unknown, "{text}");
        }
    }

    #[test]
    fn destructive_verbs_in_every_group() {
        let ctx = crate::shell::test_context("/w", "/h");
        let destructive = |text: &str| {
            analyze(text, &ctx)
                .commands
                .iter()
                .filter_map(|c| c.container.as_ref())
                .any(|f| f.destructive)
        };
        for text in [
            "docker system prune -af",
            "docker volume prune -f",
            "docker image prune -a",
            "docker network prune",
            "docker builder prune --all",
            "docker buildx --builder b prune",
            "docker rm -f $(docker ps -aq)",
            "docker container rm web",
            "docker container prune",
            "docker volume rm data",
            "docker rmi app:1",
            "docker -H tcp://h:2375 image rm app",
            "docker --context=prod system prune -af",
            "docker --context prod system prune -af",
            "docker -c prod volume prune -f",
            "docker --log-level error --debug system prune -a -f",
            "podman system reset -f",
            "podman pod rm -a",
            "podman volume remove x",
            "nerdctl system prune --all",
            "docker secret rm s",
            "docker compose down -v",
            "docker compose down --rmi=all",
            "docker-compose rm -f",
        ] {
            assert!(destructive(text), "{text}");
        }
        for text in [
            "docker ps -a",
            "docker volume ls",
            "docker image inspect rm",
            "docker logs rm",
            "docker stop rm",
            "docker run --rm alpine echo hi",
            "docker network create n",
            "docker system df",
            "podman system info",
            "docker compose down",
            "docker compose up -d",
            "docker build -t app .",
        ] {
            assert!(!destructive(text), "{text}");
        }
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
    fn compose_files() {
        let dir = tempfile::tempdir().unwrap();
        let ws = dir.path();
        std::fs::write(
            ws.join("compose.yaml"),
            "services:\n  a:\n    image: x\n    privileged: true\n    volumes:\n      - ./src:/src\n      - /:/host\n  b:\n    image: y\n    network_mode: host\n    volumes:\n      - type: bind\n        source: ~/.ssh\n        target: /k\n",
        )
        .unwrap();
        std::fs::write(
            ws.join("safe.yml"),
            "services:\n  a:\n    image: x\n    volumes: ['./data:/data', 'cache:/c']\n",
        )
        .unwrap();
        let ctx = crate::shell::test_context(ws.to_path_buf(), ws.join("home"));
        let facts = |text: &str| {
            analyze(text, &ctx)
                .commands
                .iter()
                .find_map(|c| c.container.clone())
                .unwrap()
        };
        let f = facts("docker compose up -d");
        assert!(f.privileged);
        assert_eq!(f.host_namespaces, ["network"]);
        assert!(f.mounts.iter().any(|m| m.source.is_root));
        assert!(
            f.mounts
                .iter()
                .any(|m| m.source.inside_workspace && m.target == "/src")
        );
        let f = facts("docker-compose -f safe.yml up");
        assert!(!f.privileged && f.mounts.iter().all(|m| m.source.inside_workspace));
        assert!(!f.mounts.is_empty());
        assert!(facts("docker compose ps").mounts.is_empty());
        assert!(facts("docker compose -f missing.yml up").unconfined);
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
