//! What the analysis of one command text produces, as policies see it: [`Analysis`], one
//! [`SimpleCommand`] per command that would run, and [`GitFacts`]. Field names are a contract:
//! the engine serialises each `SimpleCommand` to JSON as the `params` of that part of the command.

pub use super::models::cloud::CloudFacts;
pub use super::models::containers::ContainerFacts;
pub use super::models::git::{GitFacts, GitRun, Refspec};
pub use super::models::publish::PublishFacts;
pub use super::models::sql::SqlFacts;
pub use super::models::system::SystemFacts;
use crate::paths::PathFact;
use serde::Serialize;

/// What cannot be known statically. Serialised as the snake_case strings policies read
/// (`params.concerns.*: inline_code`); the engine turns any concern but `inline_code` into review
/// at least.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Concern {
    /// The program word comes from a variable, `$(…)`, backticks or `$IFS` splicing.
    DynamicProgram,
    /// `eval`, `bash -c` or `xargs sh` of text that is not literal.
    EvalDynamic,
    /// Text that is not literal is piped into a shell (`… | sh`, `source /dev/stdin`).
    PipeToShell,
    /// Downloaded data runs in a shell (`curl … | bash`, `bash <(curl …)`, `sh -c "$(curl …)"`).
    DownloadToShell,
    /// Downloaded data runs in an interpreter (python, node, perl, ruby, php …).
    DownloadToInterpreter,
    /// Decoded data (`base64 -d`, `xxd -r`, `openssl enc -d`) runs in a shell or interpreter.
    DecodedToShell,
    /// Interpreter code given inline (`python -c`, `node -e`, `perl -e`, awk calling `system()`,
    /// sed's `e`, an editor's `:!`, a script fed on standard input …).
    InlineCode,
    /// A nested command text (`bash -c '…'`, `eval`, a here-doc fed to a shell) did not parse.
    Unparsable,
    /// A sensitive program (rm, mv, cp, chmod, dd, tee, git …) has a path argument that is only
    /// known at run time (`rm -rf "$X"`), or deletes/uploads/reads such a path.
    DynamicTarget,
    /// A construct, option or program behaviour the analysis does not model (an unknown option
    /// of a program that runs other programs, a command string that cannot be recovered, a
    /// bound on globbing or script reading that was hit).
    Unknown,
    /// A file written or downloaded earlier in the same command is run: its content is unknown
    /// at check time.
    RunsWrittenFile,
    /// A function calls itself (`:(){ :|:& };:`).
    Recursion,
}

impl Concern {
    /// The tag policies see.
    pub fn as_str(self) -> &'static str {
        match self {
            Concern::DynamicProgram => "dynamic_program",
            Concern::EvalDynamic => "eval_dynamic",
            Concern::PipeToShell => "pipe_to_shell",
            Concern::DownloadToShell => "download_to_shell",
            Concern::DownloadToInterpreter => "download_to_interpreter",
            Concern::DecodedToShell => "decoded_to_shell",
            Concern::InlineCode => "inline_code",
            Concern::Unparsable => "unparsable",
            Concern::DynamicTarget => "dynamic_target",
            Concern::Unknown => "unknown",
            Concern::RunsWrittenFile => "runs_written_file",
            Concern::Recursion => "recursion",
        }
    }

    /// Why it cannot be checked, for a reason line.
    pub fn describe(self) -> &'static str {
        match self {
            Concern::DynamicProgram => "the program name is only known at run time",
            Concern::EvalDynamic => "eval of text only known at run time",
            Concern::PipeToShell => "text piped into a shell",
            Concern::DownloadToShell => "a download piped into a shell",
            Concern::DownloadToInterpreter => "a download piped into an interpreter",
            Concern::DecodedToShell => "decoded data piped into a shell",
            Concern::InlineCode => "inline interpreter code",
            Concern::Unparsable => "a nested command that could not be parsed",
            Concern::DynamicTarget => "a sensitive command with a target only known at run time",
            Concern::Unknown => "a construct or option the analysis does not model",
            Concern::RunsWrittenFile => {
                "it runs a file written or downloaded earlier in the same command"
            }
            Concern::Recursion => "a function that calls itself",
        }
    }
}

impl PartialEq<str> for Concern {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Concern {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl std::fmt::Display for Concern {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

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
