//! Cloud and cluster CLIs: which service and verb a command names, and whether it changes
//! (`mutating`) or destroys (`destructive`) resources. Each CLI is a [`Cli`] row: how its command
//! path is shaped, which global options take a value, and which flags turn a verb destructive;
//! verbs are classified by one shared table of words and prefixes ([`classify`]). Read verbs
//! (`describe`, `get`, `list`, `logs`, `plan` …) are never destructive; a verb the tables do not
//! know counts as a change.

use super::{Input, flag_value, has_flag, positionals};
use crate::shell::normalize::flags;
use serde::Serialize;

/// What a cloud or cluster command does.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct CloudFacts {
    /// The CLI (`aws`, `kubectl`, `terraform` …; `tofu` stays `tofu`).
    pub cli: String,
    /// The service, group or resource path before the verb (`s3`, `compute instances`, `pods`).
    pub service: Option<String>,
    /// The verb (`delete-db-instance`, `rm`, `get`, `apply`); `None` when there is none.
    pub verb: Option<String>,
    /// Deletes or replaces resources or data: `delete-*`, `terminate-*`, `rm`, `rb`,
    /// `sync --delete`, `destroy`, `apply -auto-approve`, `state rm`, `drain`, `scale --replicas=0` …
    pub destructive: bool,
    /// Changes anything (destructive included; an unknown verb counts as a change).
    pub mutating: bool,
    /// A change that is ordinary collaboration on a forge: opening, editing and commenting on
    /// pull requests and issues (`gh pr create`, `gh issue comment`). Settings, secrets,
    /// workflows, merges, repositories and keys are not routine.
    pub routine: bool,
}

/// Where a CLI's verb is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// `aws SERVICE VERB`, `gh GROUP VERB`.
    ServiceVerb,
    /// `kubectl VERB RESOURCE`, `terraform VERB` (a group verb such as `state` takes the next).
    Verb,
    /// `gcloud GROUP… VERB`, `az GROUP… VERB`: the first word that is a known verb.
    Groups,
}

/// One CLI.
struct Cli {
    names: &'static [&'static str],
    shape: Shape,
    /// Short option letters that take a value.
    short: &'static str,
    /// Long (or single-dash word) options that take the next word as their value.
    long: &'static [&'static str],
}

const CLIS: &[Cli] = &[
    Cli {
        names: &["aws"],
        shape: Shape::ServiceVerb,
        short: "",
        long: &[
            "--profile",
            "--region",
            "--output",
            "--endpoint-url",
            "--query",
            "--color",
            "--ca-bundle",
            "--cli-read-timeout",
            "--cli-connect-timeout",
            "--cli-binary-format",
        ],
    },
    Cli {
        names: &["gh"],
        shape: Shape::ServiceVerb,
        short: "RXHfFqt",
        long: &[
            "--repo",
            "--method",
            "--header",
            "--field",
            "--raw-field",
            "--jq",
            "--template",
            "--hostname",
            "--input",
        ],
    },
    Cli {
        names: &[
            "kubectl",
            "helm",
            "terraform",
            "tofu",
            "pulumi",
            "cdk",
            "eksctl",
            "gsutil",
        ],
        shape: Shape::Verb,
        short: "nsclfoCahu",
        long: &[
            "--namespace",
            "--context",
            "--kube-context",
            "--cluster",
            "--user",
            "--kubeconfig",
            "--server",
            "--token",
            "--selector",
            "--output",
            "--filename",
            "--container",
            "--as",
            "--as-group",
            "--values",
            "--set",
            "--repo",
            "--version",
            "--stack",
            "--cwd",
            "--app",
            "--profile",
            "--region",
            "--name",
            "--config-file",
            "-var",
            "-var-file",
            "-target",
            "-state",
            "-out",
            "-replace",
            "-lock-timeout",
            "-parallelism",
        ],
    },
    Cli {
        names: &[
            "gcloud", "az", "doctl", "fly", "flyctl", "heroku", "vercel", "netlify", "firebase",
            "wrangler",
        ],
        shape: Shape::Groups,
        short: "gnoltcpa",
        long: &[
            "--project",
            "--region",
            "--zone",
            "--format",
            "--account",
            "--configuration",
            "--filter",
            "--limit",
            "--verbosity",
            "--impersonate-service-account",
            "--resource-group",
            "--name",
            "--subscription",
            "--output",
            "--query",
            "--location",
            "--access-token",
            "--context",
            "--app",
            "--scope",
            "--team",
            "--config",
            "--env",
        ],
    },
];

/// How a verb word is classified.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Class {
    Read,
    /// Routine collaboration (`gh pr create`): a change, but ordinary agent work.
    Work,
    Change,
    Destroy,
}

/// Verb words. Sorted (binary search; a test checks).
const VERBS: &[(&str, Class)] = &[
    ("add", Class::Change),
    ("annotate", Class::Change),
    ("api-resources", Class::Read),
    ("api-versions", Class::Read),
    ("apply", Class::Change),
    ("attach", Class::Change),
    ("auth", Class::Read),
    ("autoscale", Class::Change),
    ("browse", Class::Read),
    ("can-i", Class::Read),
    ("cat", Class::Read),
    ("checks", Class::Read),
    ("clone", Class::Read),
    ("cluster-info", Class::Read),
    ("completion", Class::Read),
    ("console", Class::Read),
    ("cordon", Class::Change),
    ("cp", Class::Change),
    ("create", Class::Change),
    ("current-context", Class::Read),
    ("d", Class::Destroy),
    ("del", Class::Destroy),
    ("delete", Class::Destroy),
    ("deploy", Class::Change),
    ("describe", Class::Read),
    ("destroy", Class::Destroy),
    ("diff", Class::Read),
    ("doctor", Class::Read),
    ("drain", Class::Destroy),
    ("du", Class::Read),
    ("edit", Class::Change),
    ("events", Class::Read),
    ("exec", Class::Change),
    ("explain", Class::Read),
    ("expose", Class::Change),
    ("fmt", Class::Read),
    ("get", Class::Read),
    ("get-contexts", Class::Read),
    ("graph", Class::Read),
    ("help", Class::Read),
    ("history", Class::Read),
    ("info", Class::Read),
    ("init", Class::Read),
    ("inspect", Class::Read),
    ("install", Class::Change),
    ("label", Class::Change),
    ("lint", Class::Read),
    ("list", Class::Read),
    ("logs", Class::Read),
    ("ls", Class::Read),
    ("mb", Class::Change),
    ("mv", Class::Change),
    ("output", Class::Read),
    ("patch", Class::Change),
    ("plan", Class::Read),
    ("preview", Class::Read),
    ("providers", Class::Read),
    ("purge", Class::Destroy),
    ("rb", Class::Destroy),
    ("remove", Class::Destroy),
    ("replace", Class::Change),
    ("reset", Class::Destroy),
    ("restart", Class::Change),
    ("rm", Class::Destroy),
    ("rollback", Class::Change),
    ("rollout", Class::Change),
    ("rsync", Class::Change),
    ("run", Class::Change),
    ("scale", Class::Change),
    ("search", Class::Read),
    ("set", Class::Change),
    ("show", Class::Read),
    ("stat", Class::Read),
    ("status", Class::Read),
    ("stop", Class::Change),
    ("synth", Class::Read),
    ("tail", Class::Read),
    ("taint", Class::Change),
    ("template", Class::Read),
    ("terminate", Class::Destroy),
    ("top", Class::Read),
    ("un", Class::Destroy),
    ("uninstall", Class::Destroy),
    ("up", Class::Change),
    ("update", Class::Change),
    ("upgrade", Class::Change),
    ("validate", Class::Read),
    ("version", Class::Read),
    ("view", Class::Read),
    ("wait", Class::Read),
    ("watch", Class::Read),
    ("whoami", Class::Read),
];

/// Verb prefixes (`delete-db-instance`, `describe-instances`, `apps:destroy`).
const PREFIXES: &[(&str, Class)] = &[
    ("delete", Class::Destroy),
    ("terminate", Class::Destroy),
    ("remove", Class::Destroy),
    ("deregister", Class::Destroy),
    ("purge", Class::Destroy),
    ("destroy", Class::Destroy),
    ("drop", Class::Destroy),
    ("describe", Class::Read),
    ("get", Class::Read),
    ("list", Class::Read),
    ("head", Class::Read),
    ("lookup", Class::Read),
    ("search", Class::Read),
    ("batch-get", Class::Read),
    ("query", Class::Read),
    ("scan", Class::Read),
    ("select", Class::Read),
    ("estimate", Class::Read),
    ("simulate", Class::Read),
    ("filter", Class::Read),
    ("show", Class::Read),
    ("print", Class::Read),
    ("presign", Class::Read),
];

/// Verbs that name a group whose next word is the real verb (`kubectl rollout undo`,
/// `terraform state rm`, `pulumi stack rm`, `kubectl config view`).
const GROUP_VERBS: &[&str] = &[
    "rollout",
    "config",
    "state",
    "stack",
    "workspace",
    "auth",
    "repo",
    "plugin",
    "certificate",
];

/// Command groups of `gcloud`/`az`… whose names are also verb words.
const GROUP_NAMES: &[&str] = &["run", "auth", "config", "logs", "stop"];

/// The class of a verb word, if it is one.
fn classify(word: &str) -> Option<Class> {
    // `apps:destroy`, `pg:reset` (heroku, firebase, netlify).
    let word = word.rsplit(':').next().unwrap_or(word);
    if let Ok(i) = VERBS.binary_search_by(|(w, _)| w.cmp(&word)) {
        return VERBS.get(i).map(|(_, c)| *c);
    }
    PREFIXES
        .iter()
        .find(|(p, _)| {
            word.strip_prefix(p)
                .is_some_and(|rest| rest.starts_with('-') || rest.starts_with('_'))
        })
        .map(|(_, c)| *c)
}

/// The facts of a cloud or cluster command.
pub(crate) fn cloud(input: &Input<'_>) -> Option<CloudFacts> {
    let program = input.program;
    let cli = CLIS.iter().find(|c| c.names.contains(&program))?;
    let args = input.args;
    let words = positionals(args, cli.short, cli.long);
    let mut facts = CloudFacts {
        cli: program.to_owned(),
        ..CloudFacts::default()
    };
    let (service, verb, class) = match cli.shape {
        Shape::ServiceVerb => {
            let service = words.first().copied();
            let verb = words.get(1).copied();
            let class = match (program, service) {
                ("gh", Some("api")) => Some(gh_api(input)),
                ("gh", _) => Some(gh_class(service, verb)),
                _ => verb.and_then(classify),
            };
            let verb = if program == "gh" && service == Some("api") {
                service
            } else {
                verb
            };
            (service.map(str::to_owned), verb, class)
        }
        Shape::Verb => {
            let first = words.first().copied();
            match first {
                Some(g) if GROUP_VERBS.contains(&g) => {
                    let sub = words.get(1).copied();
                    // `rollout status`, `state list`, `config view`; a bare group reads.
                    let class = sub.map_or(Some(Class::Read), classify);
                    (Some(g.to_owned()), sub, class)
                }
                Some(v) => (None, Some(v), classify(v)),
                None => (None, None, Some(Class::Read)),
            }
        }
        Shape::Groups => {
            // Group names can be verb words too (`gcloud run services list`): the verb is the
            // first verb word that is not such a group followed by another verb word, unless a
            // later one destroys.
            let classified: Vec<(usize, Class)> = words
                .iter()
                .enumerate()
                .filter_map(|(i, w)| classify(w).map(|c| (i, c)))
                .collect();
            let first = classified
                .iter()
                .enumerate()
                .find(|(n, (i, _))| {
                    let group = words.get(*i).is_some_and(|w| GROUP_NAMES.contains(w));
                    !group || *n + 1 == classified.len()
                })
                .map(|(_, pick)| pick);
            let pick = classified
                .iter()
                .find(|(_, c)| *c == Class::Destroy)
                .or(first)
                .copied();
            match pick {
                Some((i, class)) => {
                    let service = words
                        .get(..i)
                        .map(|s| s.join(" "))
                        .filter(|s| !s.is_empty());
                    (service, words.get(i).copied(), Some(class))
                }
                None if words.is_empty() => (None, None, Some(Class::Read)),
                None => (Some(words.join(" ")), None, None),
            }
        }
    };
    let mut class = class.unwrap_or(Class::Change);
    if flag_destroys(program, verb.unwrap_or(""), input) {
        class = Class::Destroy;
    }
    facts.service = service;
    facts.verb = verb.map(str::to_owned);
    facts.destructive = class == Class::Destroy;
    facts.mutating = class != Class::Read;
    facts.routine = class == Class::Work;
    Some(facts)
}

/// `gh`'s command groups and what each verb does. A verb not listed is a change; a group not
/// listed is a change whatever its verb.
const GH: &[(&str, &[(&str, Class)])] = &[
    ("alias", &[("list", Class::Read), ("delete", Class::Change)]),
    (
        "attestation",
        &[("verify", Class::Read), ("download", Class::Read)],
    ),
    ("auth", &[("status", Class::Read), ("token", Class::Read)]),
    ("browse", &[]),
    (
        "cache",
        &[("list", Class::Read), ("delete", Class::Destroy)],
    ),
    ("co", &[]),
    (
        "codespace",
        &[
            ("list", Class::Read),
            ("view", Class::Read),
            ("logs", Class::Read),
            ("delete", Class::Destroy),
        ],
    ),
    ("completion", &[]),
    ("config", &[("get", Class::Read), ("list", Class::Read)]),
    (
        "extension",
        &[
            ("list", Class::Read),
            ("search", Class::Read),
            ("browse", Class::Read),
            ("remove", Class::Destroy),
        ],
    ),
    (
        "gist",
        &[
            ("list", Class::Read),
            ("view", Class::Read),
            ("clone", Class::Read),
            ("delete", Class::Destroy),
        ],
    ),
    (
        "gpg-key",
        &[("list", Class::Read), ("delete", Class::Destroy)],
    ),
    ("help", &[]),
    (
        "issue",
        &[
            ("list", Class::Read),
            ("view", Class::Read),
            ("status", Class::Read),
            ("create", Class::Work),
            ("comment", Class::Work),
            ("edit", Class::Work),
            ("close", Class::Work),
            ("reopen", Class::Work),
            ("develop", Class::Work),
            ("pin", Class::Work),
            ("unpin", Class::Work),
            ("delete", Class::Destroy),
        ],
    ),
    (
        "label",
        &[
            ("list", Class::Read),
            ("create", Class::Work),
            ("edit", Class::Work),
            ("clone", Class::Work),
            ("delete", Class::Destroy),
        ],
    ),
    ("org", &[("list", Class::Read)]),
    (
        "pr",
        &[
            ("list", Class::Read),
            ("view", Class::Read),
            ("status", Class::Read),
            ("diff", Class::Read),
            ("checks", Class::Read),
            ("create", Class::Work),
            ("new", Class::Work),
            ("comment", Class::Work),
            ("edit", Class::Work),
            ("review", Class::Work),
            ("ready", Class::Work),
            ("checkout", Class::Work),
            ("close", Class::Work),
            ("reopen", Class::Work),
            ("update-branch", Class::Work),
        ],
    ),
    (
        "project",
        &[
            ("list", Class::Read),
            ("view", Class::Read),
            ("field-list", Class::Read),
            ("item-list", Class::Read),
            ("delete", Class::Destroy),
            ("item-delete", Class::Destroy),
            ("field-delete", Class::Destroy),
        ],
    ),
    (
        "release",
        &[
            ("list", Class::Read),
            ("view", Class::Read),
            ("download", Class::Read),
            ("verify", Class::Read),
            ("delete", Class::Destroy),
            ("delete-asset", Class::Destroy),
        ],
    ),
    (
        "repo",
        &[
            ("list", Class::Read),
            ("view", Class::Read),
            ("clone", Class::Read),
            ("delete", Class::Destroy),
        ],
    ),
    (
        "ruleset",
        &[
            ("list", Class::Read),
            ("view", Class::Read),
            ("check", Class::Read),
        ],
    ),
    (
        "run",
        &[
            ("list", Class::Read),
            ("view", Class::Read),
            ("watch", Class::Read),
            ("download", Class::Read),
            ("delete", Class::Destroy),
        ],
    ),
    ("search", &[]),
    (
        "secret",
        &[
            ("list", Class::Read),
            ("delete", Class::Destroy),
            ("remove", Class::Destroy),
        ],
    ),
    (
        "ssh-key",
        &[("list", Class::Read), ("delete", Class::Destroy)],
    ),
    ("status", &[]),
    (
        "variable",
        &[
            ("list", Class::Read),
            ("get", Class::Read),
            ("delete", Class::Destroy),
        ],
    ),
    ("version", &[]),
    ("workflow", &[("list", Class::Read), ("view", Class::Read)]),
];

/// Groups that read whatever follows them (`gh search prs`, `gh browse src/`, `gh status`).
const GH_READ_GROUPS: &[&str] = &[
    "browse",
    "completion",
    "help",
    "search",
    "status",
    "version",
];

/// The class of `gh GROUP VERB`.
fn gh_class(group: Option<&str>, verb: Option<&str>) -> Class {
    let Some(group) = group else {
        return Class::Read;
    };
    if GH_READ_GROUPS.contains(&group) {
        return Class::Read;
    }
    if group == "co" {
        return Class::Work;
    }
    let Some((_, verbs)) = GH.iter().find(|(g, _)| *g == group) else {
        return Class::Change;
    };
    let Some(verb) = verb else {
        return Class::Read;
    };
    verbs
        .iter()
        .find(|(v, _)| *v == verb)
        .map_or(Class::Change, |(_, c)| *c)
}

/// `gh api`: GET reads; `-X DELETE` destroys; other methods and fields (`-f`, `-F`, `--input`)
/// change.
fn gh_api(input: &Input<'_>) -> Class {
    let method = flag_value(input.args, &["-X", "--method"]).map(str::to_ascii_uppercase);
    match method.as_deref() {
        Some("DELETE") => Class::Destroy,
        Some("GET" | "HEAD") => Class::Read,
        Some(_) => Class::Change,
        None if has_flag(
            input.args,
            &["-f", "-F", "--field", "--raw-field", "--input"],
        ) =>
        {
            Class::Change
        }
        None => Class::Read,
    }
}

/// Options that make a verb destructive: `aws s3 sync --delete`, `gsutil rsync -d`, `terraform
/// apply -auto-approve`/`-destroy`, `kubectl scale --replicas=0`, `kubectl apply --prune`,
/// `kubectl replace --force`, `eksctl scale nodegroup --nodes 0`, `az storage blob sync
/// --delete-destination true`, `gcloud storage rsync --delete-unmatched-destination-objects`.
fn flag_destroys(program: &str, verb: &str, input: &Input<'_>) -> bool {
    let args = input.args;
    let zero = |names: &[&str]| {
        flag_value(args, names).is_some_and(|v| v.trim().parse::<u64>().ok() == Some(0))
    };
    match (program, verb) {
        ("aws", "sync") => has_flag(args, &["--delete"]),
        ("gsutil", "rsync") => flags(program, args).iter().any(|f| f == "-d" || f == "-D"),
        ("terraform" | "tofu", "apply") => has_flag(
            args,
            &["-auto-approve", "--auto-approve", "-destroy", "--destroy"],
        ),
        ("kubectl", "scale") => zero(&["--replicas"]),
        ("kubectl", "apply") => has_flag(args, &["--prune"]),
        ("kubectl", "replace") => has_flag(args, &["--force"]),
        ("eksctl", "scale") => zero(&["--nodes", "-N"]),
        ("az", "sync") => flag_value(args, &["--delete-destination"])
            .is_some_and(|v| v.eq_ignore_ascii_case("true")),
        ("gcloud", "rsync") => has_flag(args, &["--delete-unmatched-destination-objects"]),
        ("pulumi", "up" | "update") => has_flag(args, &["--replace", "--target-replace"]),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shell::analyze;

    fn facts(text: &str) -> CloudFacts {
        let ctx = crate::shell::test_context("/w", "/h");
        let analysis = analyze(text, &ctx);
        analysis
            .commands
            .iter()
            .find_map(|c| c.cloud.clone())
            .unwrap_or_else(|| panic!("no cloud facts for {text}"))
    }

    #[test]
    fn verbs_are_sorted() {
        for pair in VERBS.windows(2) {
            if let [a, b] = pair {
                assert!(a.0 < b.0, "{} before {}", a.0, b.0);
            }
        }
    }

    #[test]
    fn destructive_table() {
        for text in [
            "aws rds delete-db-instance --db-instance-identifier prod",
            "aws --region us-east-1 ec2 terminate-instances --instance-ids i-1",
            "aws s3 rm s3://b --recursive",
            "aws s3 rb s3://b --force",
            "aws s3 sync ./empty s3://b --delete",
            "gsutil rm -r gs://b",
            "gsutil -m rsync -r -d ./empty gs://b",
            "gcloud compute instances delete vm-1 --zone us-central1-a",
            "gcloud projects delete my-project",
            "az group delete -n rg --yes",
            "doctl compute droplet rm 123",
            "kubectl delete ns prod",
            "kubectl -n prod drain node-1",
            "kubectl scale deploy api --replicas=0",
            "kubectl scale deploy api --replicas 0",
            "helm uninstall api",
            "eksctl delete cluster --name prod",
            "terraform destroy",
            "terraform apply -auto-approve",
            "tofu apply -destroy",
            "terraform state rm aws_instance.web",
            "terraform -chdir=infra destroy -auto-approve",
            "pulumi destroy --yes",
            "pulumi stack rm dev",
            "cdk destroy --force",
            "gh repo delete org/x --yes",
            "gh release delete v1",
            "gh api -X DELETE repos/o/r",
            "gh api --method=delete repos/o/r/git/refs/heads/main",
            "heroku apps:destroy my-app",
            "fly apps destroy my-app",
        ] {
            let f = facts(text);
            assert!(f.destructive && f.mutating, "{text}: {f:?}");
        }
    }

    #[test]
    fn read_verbs_are_never_destructive() {
        for text in [
            "aws s3 ls",
            "aws ec2 describe-instances",
            "aws --profile prod logs tail /aws/x",
            "kubectl get pods",
            "kubectl describe deploy api",
            "kubectl -n prod logs api-1",
            "kubectl rollout status deploy/api",
            "kubectl config view",
            "helm list -A",
            "terraform plan",
            "terraform plan -destroy",
            "terraform state list",
            "terraform output",
            "gcloud compute instances list",
            "gcloud config list",
            "az vm show -g rg -n vm",
            "gh pr view 3",
            "gh api repos/o/r",
            "gsutil ls gs://b",
            "pulumi preview",
            "cdk diff",
            "doctl compute droplet list",
            "eksctl get clusters",
            "gcloud run services list",
        ] {
            let f = facts(text);
            assert!(!f.destructive && !f.mutating, "{text}: {f:?}");
        }
    }

    #[test]
    fn gh_by_effect() {
        let cases: &[(&str, bool, bool, bool)] = &[
            // text, mutating, destructive, routine
            ("gh pr create --fill", true, false, true),
            ("gh -R o/r issue comment 3 -b hi", true, false, true),
            ("gh pr checkout 12", true, false, true),
            ("gh co 12", true, false, true),
            ("gh pr list", false, false, false),
            ("gh search prs --author x", false, false, false),
            ("gh secret set FOO --body x", true, false, false),
            ("gh variable set X --body 1", true, false, false),
            ("gh repo edit --visibility public", true, false, false),
            ("gh pr merge 3 --squash", true, false, false),
            ("gh workflow run deploy.yml", true, false, false),
            ("gh ssh-key add k.pub", true, false, false),
            ("gh auth login --with-token", true, false, false),
            ("gh alias set x '!rm -rf ~'", true, false, false),
            ("gh extension install o/gh-x", true, false, false),
            ("gh frobnicate now", true, false, false),
            ("gh secret delete FOO", true, true, false),
            ("gh run delete 9", true, true, false),
            ("gh issue delete 3 --yes", true, true, false),
        ];
        for (text, mutating, destructive, routine) in cases {
            let f = facts(text);
            assert_eq!(
                (f.mutating, f.destructive, f.routine),
                (*mutating, *destructive, *routine),
                "{text}: {f:?}"
            );
        }
        for (group, verbs) in GH {
            assert!(
                !verbs.is_empty() || GH_READ_GROUPS.contains(group) || *group == "co",
                "{group}"
            );
        }
    }

    #[test]
    fn changes_that_do_not_destroy() {
        for text in [
            "kubectl apply -f k8s/",
            "kubectl scale deploy api --replicas=3",
            "terraform apply",
            "helm upgrade --install api ./chart",
            "aws s3 cp build.zip s3://b/",
            "aws s3 sync ./site s3://b",
            "gh api -f title=x repos/o/r/issues",
            "gcloud run deploy api --image x",
            "gcloud run services update api --memory 1Gi",
            "aws frobnicate-things",
        ] {
            let f = facts(text);
            assert!(f.mutating && !f.destructive, "{text}: {f:?}");
        }
    }
}
