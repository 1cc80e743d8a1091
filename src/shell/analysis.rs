//! What the analysis of one command text produces, as policies see it: [`Analysis`], one
//! [`SimpleCommand`] per command that would run, and [`GitFacts`]. Field names are a contract:
//! the engine serialises each `SimpleCommand` to JSON as the `params` of that part of the command.

use super::concern::Concern;
pub use super::models::cloud::CloudFacts;
pub use super::models::containers::ContainerFacts;
pub use super::models::git::{GitFacts, GitRun, Refspec};
pub use super::models::publish::PublishFacts;
pub use super::models::sql::SqlFacts;
pub use super::models::system::SystemFacts;
use crate::paths::PathFact;
use serde::Serialize;

/// One place a secret comes from (`params.sources[]`). Every source is a secret.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct SecretSource {
    /// `file` (a secret file), `git` (a secret path read from the object store), `environment`
    /// (the whole environment: `env`, `printenv`, `export -p`), `variable` (a variable whose name
    /// marks a secret), `command` (a command that prints credentials: `gh auth token` …).
    pub kind: &'static str,
    /// The path, variable name or command.
    pub name: String,
}

/// One place data leaves the machine (`params.sinks[]`).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Sink {
    /// `network` (an HTTP, socket or mail client), `socket` (`/dev/tcp`, `/dev/udp`), `dns` (a
    /// name lookup), `remote_copy` (scp, sftp, rsync to a host), `cloud_storage` (`aws s3 cp` …),
    /// `gist`, `release`, `api` (uploads through `gh`/`glab`), `git_push`, `server` (a server
    /// exposing a folder).
    pub kind: &'static str,
    /// The host, bucket or folder, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub destination: Option<String>,
    /// What it sends is built from run-time data (a DNS name from `$(…)`).
    pub dynamic: bool,
}

/// A secret variable sent to its own service (`params.credentials[]`): `curl -H "Authorization:
/// Bearer $GITHUB_TOKEN" https://api.github.com/…`. Such a variable is not a source and makes no
/// flow; sent anywhere else it is both.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Credential {
    /// The variable's name.
    pub variable: String,
    /// The service's host the command sends it to (the first one).
    pub host: String,
    /// It travels only in an authorization header or credential option (`-H`, `-u`,
    /// `--oauth2-bearer`) of a client that does not pass it on to other hosts on a redirect;
    /// false when it is also in the body, the URL or another option, where the service may
    /// store or show it.
    pub header: bool,
}

/// A secret reaching a sink (`params.flows[]`).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct SecretFlow {
    /// Where the secret comes from.
    pub source: SecretSource,
    /// Where it is sent.
    pub sink: Sink,
}

/// The result of analysing one command text. Never an error: what cannot be known is said in
/// `limit`, `parse_error` or each command's `concerns`.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Analysis {
    /// Every simple command it would run, flattened, in order (nested ones included, with depth).
    pub commands: Vec<SimpleCommand>,
    /// Set when a limit was hit (input over 64 KiB, nesting depth over 8, over 256 commands, or
    /// syntax nested too deeply to parse): the caller denies.
    pub limit: Option<String>,
    /// The command did not parse (the caller reviews).
    pub parse_error: Option<String>,
}

/// One simple command as it would run: program, arguments, and its effects on files.
#[derive(Debug, Clone, Default, Serialize)]
pub struct SimpleCommand {
    /// Normalised text: program then arguments, quoted only where needed (`rm -rf /`).
    pub command: String,
    /// Basename after quote removal and unwrapping (`/bin/rm`, `\rm`, `"rm"`, `$'\x72m'` → `rm`);
    /// `None` for a bare redirection or assignment.
    pub program: Option<String>,
    /// Words after the program, quotes removed; `$HOME`, `~` and unknown variables as written,
    /// variables assigned literally earlier in the script expanded.
    pub args: Vec<String>,
    /// Option flags before `--`, normalised: `-rf` → `-r`, `-f`; `--force-with-lease=x` →
    /// `--force-with-lease`.
    pub flags: Vec<String>,
    /// Unwrapped prefixes in order (`sudo`, `env`, `timeout`, `xargs` …).
    pub wrappers: Vec<String>,
    /// 0 at top level; +1 inside `bash -c`, `eval`, `| sh`, `sh <<EOF`, `$(…)`, backticks.
    pub depth: u32,
    /// How a nested command was reached: `bash -c`, `eval`, `pipe`, `heredoc`, `substitution`,
    /// `xargs`, `find -exec`.
    pub via: Option<String>,
    /// Some word is only known at run time (globs excluded).
    pub dynamic: bool,
    /// The program word itself is only known at run time.
    pub dynamic_program: bool,
    /// What cannot be known statically, see [`Concern`].
    pub concerns: Vec<Concern>,
    /// Script files it runs (`bash x.sh`, `./x.sh`, `source x`, `python x.py`) whose content was
    /// not analysed as part of the command (not shell, unreadable, over the size limit).
    pub runs_files: Vec<PathFact>,
    /// Files it reads.
    pub reads: Vec<PathFact>,
    /// Files it writes (including redirections; `/dev/null`, `/dev/stdout` … are left out).
    pub writes: Vec<PathFact>,
    /// Files it deletes (`find ROOT -delete` → a `ROOT/**` glob fact).
    pub deletes: Vec<PathFact>,
    /// Local files sent off the machine.
    pub uploads: Vec<PathFact>,
    /// Talks to the network (policies read `network`, the object below).
    #[serde(skip)]
    pub network: bool,
    /// `params.network`: present when the command talks to the network or names a URL; its
    /// `destinations` are parsed by [`crate::network`].
    #[serde(rename = "network", skip_serializing_if = "Option::is_none")]
    pub network_facts: Option<crate::network::NetworkFacts>,
    /// Secrets this command reads or prints (see `sources.rs`): files, the environment, secret
    /// variables, credential commands, git history.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<SecretSource>,
    /// Where this command sends data off the machine (see `sinks.rs`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub sinks: Vec<Sink>,
    /// Secret data reaching one of `sinks`: through pipes, `$(…)`, variables, redirections,
    /// `@file`, files written earlier in the same command.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub flows: Vec<SecretFlow>,
    /// Secret variables sent to their own service's hosts (not sources, see [`Credential`]).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub credentials: Vec<Credential>,
    /// Set for every `git` command.
    pub git: Option<GitFacts>,
    /// Cloud and cluster CLIs (aws, gcloud, kubectl, terraform …): what the command changes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cloud: Option<CloudFacts>,
    /// Container engines (docker, podman, nerdctl): mounts, privileges, host namespaces.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub container: Option<ContainerFacts>,
    /// Database clients and framework commands: the statements and whether they destroy data.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sql: Option<SqlFacts>,
    /// The command publishes a package, image or release.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub publishes: Option<PublishFacts>,
    /// System administration: services, firewall, mounts, users, kernel, ACLs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub system: Option<SystemFacts>,
    /// The program word as written after expansion (`./bin/tool`, `/usr/bin/rm`), when literal:
    /// self-protection finds the file it runs. Not a policy field.
    #[serde(skip)]
    pub program_word: Option<String>,
    /// The directory it runs in, when known (after `cd`; `git -C` is not applied here). Not a
    /// policy field.
    #[serde(skip)]
    pub cwd: Option<std::path::PathBuf>,
}
