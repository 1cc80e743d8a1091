//! System administration: services (systemctl, service, launchctl), firewalls (iptables, nft,
//! ufw, firewall-cmd), mounts, users and groups, recursive ACLs, kernel parameters and modules,
//! killing every process. One table of (program, verb, class) plus per-program rules for where
//! the verb is (`systemctl VERB`, `service NAME VERB`, `iptables -F`, `sysctl -w`).

use super::super::effects::{Effects, parse_opts};
use super::{Input, positionals};
use serde::Serialize;

/// What a system administration command does.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SystemFacts {
    /// `service`, `firewall`, `mount`, `users`, `acl`, `kernel`, `processes`.
    pub area: String,
    /// The verb (`isolate`, `flush`, `useradd`, `-w` …).
    pub verb: Option<String>,
    /// Changes the system (an unknown verb counts as a change).
    pub mutating: bool,
    /// Stops, removes or opens up what the machine relies on: `isolate`, `mask`, `disable`,
    /// `stop`, firewall flushes, `userdel`, `umount`, `rmmod`, `killall5`, recursive ACLs …
    pub destructive: bool,
    /// `--user` (systemctl): the user's own services.
    pub user_scope: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Read,
    Change,
    Destroy,
}

use Class::{Change, Destroy, Read};

/// (programs, verb, class) for programs whose verb is a word. `*` is any other verb.
const VERBS: &[(&[&str], &str, Class)] = &[
    (&["systemctl"], "status", Read),
    (&["systemctl"], "show", Read),
    (&["systemctl"], "cat", Read),
    (&["systemctl"], "help", Read),
    (&["systemctl"], "is-active", Read),
    (&["systemctl"], "is-enabled", Read),
    (&["systemctl"], "is-failed", Read),
    (&["systemctl"], "is-system-running", Read),
    (&["systemctl"], "get-default", Read),
    (&["systemctl"], "list-units", Read),
    (&["systemctl"], "list-unit-files", Read),
    (&["systemctl"], "list-timers", Read),
    (&["systemctl"], "list-sockets", Read),
    (&["systemctl"], "list-dependencies", Read),
    (&["systemctl"], "list-jobs", Read),
    (&["systemctl"], "isolate", Destroy),
    (&["systemctl"], "mask", Destroy),
    (&["systemctl"], "disable", Destroy),
    (&["systemctl"], "stop", Destroy),
    (&["systemctl"], "kill", Destroy),
    (&["systemctl"], "set-default", Destroy),
    (&["systemctl"], "rescue", Destroy),
    (&["systemctl"], "emergency", Destroy),
    (&["systemctl"], "poweroff", Destroy),
    (&["systemctl"], "reboot", Destroy),
    (&["systemctl"], "halt", Destroy),
    (&["systemctl"], "kexec", Destroy),
    (&["systemctl"], "suspend", Destroy),
    (&["systemctl"], "hibernate", Destroy),
    (&["systemctl"], "switch-root", Destroy),
    (&["systemctl"], "*", Change),
    (&["service"], "status", Read),
    (&["service"], "stop", Destroy),
    (&["service"], "*", Change),
    (&["launchctl"], "list", Read),
    (&["launchctl"], "print", Read),
    (&["launchctl"], "print-disabled", Read),
    (&["launchctl"], "blame", Read),
    (&["launchctl"], "help", Read),
    (&["launchctl"], "version", Read),
    (&["launchctl"], "unload", Destroy),
    (&["launchctl"], "bootout", Destroy),
    (&["launchctl"], "remove", Destroy),
    (&["launchctl"], "disable", Destroy),
    (&["launchctl"], "stop", Destroy),
    (&["launchctl"], "*", Change),
    (&["nft"], "list", Read),
    (&["nft"], "flush", Destroy),
    (&["nft"], "delete", Destroy),
    (&["nft"], "destroy", Destroy),
    (&["nft"], "*", Change),
    (&["ufw"], "status", Read),
    (&["ufw"], "show", Read),
    (&["ufw"], "app", Read),
    (&["ufw"], "disable", Destroy),
    (&["ufw"], "reset", Destroy),
    (&["ufw"], "delete", Destroy),
    (&["ufw"], "*", Change),
    (&["chkconfig", "update-rc.d"], "*", Change),
    (&["userdel", "groupdel", "deluser"], "*", Destroy),
    (
        &[
            "useradd", "usermod", "groupadd", "groupmod", "gpasswd", "passwd",
        ],
        "*",
        Change,
    ),
    (&["umount", "swapoff"], "*", Destroy),
    (&["rmmod"], "*", Destroy),
    (&["insmod"], "*", Change),
    (&["killall5"], "*", Destroy),
    (&["iptables-restore"], "*", Destroy),
    (&["shutdown", "reboot", "halt", "poweroff"], "*", Destroy),
    (&["loginctl"], "list-sessions", Read),
    (&["loginctl"], "list-users", Read),
    (&["loginctl"], "list-seats", Read),
    (&["loginctl"], "show-session", Read),
    (&["loginctl"], "show-user", Read),
    (&["loginctl"], "session-status", Read),
    (&["loginctl"], "user-status", Read),
    (&["loginctl"], "*", Destroy),
];

/// Verbs that power the machine off, restart or suspend it.
const POWER: &[&str] = &[
    "poweroff",
    "reboot",
    "halt",
    "kexec",
    "suspend",
    "hibernate",
    "hybrid-sleep",
    "suspend-then-hibernate",
    "soft-reboot",
];

fn area(program: &str) -> &'static str {
    match program {
        "systemctl" | "service" | "launchctl" | "chkconfig" | "update-rc.d" => "service",
        "iptables" | "ip6tables" | "iptables-restore" | "nft" | "ufw" | "firewall-cmd" => {
            "firewall"
        }
        "mount" | "umount" | "swapoff" => "mount",
        "useradd" | "userdel" | "usermod" | "groupadd" | "groupdel" | "groupmod" | "gpasswd"
        | "passwd" | "deluser" => "users",
        "setfacl" => "acl",
        "sysctl" | "modprobe" | "insmod" | "rmmod" => "kernel",
        "shutdown" | "reboot" | "halt" | "poweroff" | "init" | "telinit" => "power",
        "crontab" | "at" | "batch" => "schedule",
        p if is_disk_tool(p) => "disk",
        _ => "processes",
    }
}

fn lookup(program: &str, verb: &str) -> Class {
    VERBS
        .iter()
        .filter(|(programs, _, _)| programs.contains(&program))
        .find(|(_, v, _)| *v == verb || *v == "*")
        .map_or(Change, |(_, _, c)| *c)
}

/// Programs that partition, format or wipe disks (`mkfs.ext4`, `wipefs` …).
pub(crate) fn is_disk_tool(program: &str) -> bool {
    program.starts_with("mkfs")
        || matches!(
            program,
            "mke2fs"
                | "mkswap"
                | "fdisk"
                | "sfdisk"
                | "cfdisk"
                | "parted"
                | "gdisk"
                | "sgdisk"
                | "wipefs"
                | "blkdiscard"
                | "cryptsetup"
                | "zpool"
                | "lvremove"
                | "vgremove"
                | "pvremove"
        )
}

/// The facts of a system command.
pub(crate) fn system(input: &Input<'_>, fx: &mut Effects) -> Option<SystemFacts> {
    let program = input.program;
    let args = input.args;
    let opts = parse_opts(args, "", &[]);
    let has = |names: &[&str]| opts.has(names);
    let (verb, class): (Option<String>, Class) = match program {
        "init" | "telinit" => {
            let level = args.first().map(|a| a.value.clone());
            let class = match level.as_deref() {
                Some("0" | "6" | "1" | "s" | "S" | "emergency") => Destroy,
                None => Read,
                Some(_) => Change,
            };
            (level, class)
        }
        "shutdown" if has(&["-c"]) => (Some("-c".to_owned()), Change),
        "kill" => {
            // `kill [-s SIG | -SIG] [--] PID…`: -1 is every process, 1 is init.
            let mut pids = Vec::new();
            let mut signal = false;
            let mut operands = false;
            let mut it = args.iter().map(|a| a.value.as_str());
            while let Some(v) = it.next() {
                match v {
                    _ if operands => pids.push(v),
                    "--" => operands = true,
                    "-s" | "-n" => {
                        it.next();
                        signal = true;
                    }
                    _ if v.starts_with('-') && !signal && pids.is_empty() => signal = true,
                    _ => pids.push(v),
                }
            }
            // Killing named processes is ordinary work, not a change to the system.
            let all = pids.iter().any(|p| matches!(*p, "-1" | "1"));
            (Some("kill".to_owned()), if all { Destroy } else { Read })
        }
        "crontab" => {
            let reads = has(&["-l"]) && !has(&["-r", "-e"]);
            (None, if reads { Read } else { Destroy })
        }
        "at" | "batch" => {
            let reads = has(&["-l", "-c"]);
            (None, if reads { Read } else { Change })
        }
        p if is_disk_tool(p) => {
            let reads = has(&[
                "-l", "--list", "-s", "--show", "-d", "--dump", "-n", "--no-act",
            ]) || opts.operands.first().is_some_and(|o| {
                matches!(
                    o.value.as_str(),
                    "print" | "status" | "list" | "luksDump" | "isLuks"
                )
            }) || (program == "parted"
                && opts.operands.iter().any(|o| o.value == "print"));
            (None, if reads { Read } else { Destroy })
        }
        "systemctl" | "launchctl" | "nft" | "ufw" | "loginctl" => {
            let words = positionals(
                args,
                "HMptos",
                &[
                    "--host",
                    "--machine",
                    "--type",
                    "--state",
                    "--property",
                    "--signal",
                ],
            );
            let verb = words.first().copied();
            // `nft flush ruleset`, `nft -f file` (loads rules: a change).
            let class = verb.map_or(Read, |v| lookup(program, v));
            (verb.map(str::to_owned), class)
        }
        "service" => {
            let words = positionals(args, "", &[]);
            if has(&["--status-all"]) || words.is_empty() {
                (None, Read)
            } else {
                let verb = words.get(1).copied();
                (
                    verb.map(str::to_owned),
                    verb.map_or(Read, |v| lookup(program, v)),
                )
            }
        }
        "iptables" | "ip6tables" => {
            let destroy = [
                "-F",
                "--flush",
                "-X",
                "--delete-chain",
                "-Z",
                "--zero",
                "-D",
                "--delete",
                "-P",
                "--policy",
            ];
            let read = ["-L", "--list", "-S", "--list-rules", "-C", "--check"];
            let given = args.iter().map(|a| a.value.as_str()).find(|v| {
                destroy.contains(v)
                    || read.contains(v)
                    || (v.starts_with('-')
                        && !v.starts_with("--")
                        && v.len() > 2
                        && v.chars().skip(1).any(|c| "FXZDP".contains(c)))
            });
            match given {
                Some(v) if read.contains(&v) => (Some(v.to_owned()), Read),
                Some(v) => (Some(v.to_owned()), Destroy),
                None => (args.first().map(|a| a.value.clone()), Change),
            }
        }
        "firewall-cmd" => {
            let read = args.iter().all(|a| {
                let v = a.value.as_str();
                !v.starts_with("--")
                    || v.starts_with("--list")
                    || v.starts_with("--get")
                    || v.starts_with("--query")
                    || v == "--state"
                    || v.starts_with("--zone")
                    || v == "--permanent"
                    || v.starts_with("--info")
            });
            let destroy = args.iter().any(|a| {
                a.value.starts_with("--remove")
                    || a.value == "--panic-on"
                    || a.value.starts_with("--set-default-zone")
            });
            (
                None,
                if destroy {
                    Destroy
                } else if read {
                    Read
                } else {
                    Change
                },
            )
        }
        "mount" => {
            let words = positionals(
                args,
                "tOoLUTN",
                &["--types", "--options", "--label", "--uuid"],
            );
            if words.is_empty() && !has(&["-a", "--all"]) {
                (None, Read)
            } else {
                (Some("mount".to_owned()), Change)
            }
        }
        "setfacl" => {
            let recursive = has(&["-R", "--recursive"]);
            let parsed = parse_opts(
                args,
                "mxMX",
                &[
                    "--modify",
                    "--remove",
                    "--set",
                    "--modify-file",
                    "--remove-file",
                    "--set-file",
                ],
            );
            for target in &parsed.operands {
                fx.write(input.places, target);
            }
            let removes = has(&["-b", "--remove-all", "-k", "--remove-default"]);
            (
                Some(if recursive { "-R" } else { "setfacl" }.to_owned()),
                if recursive || removes {
                    Destroy
                } else {
                    Change
                },
            )
        }
        "sysctl" => {
            let writes = has(&["-w", "--write", "-p", "--load", "--system"])
                || opts.operands.iter().any(|o| o.value.contains('='));
            (
                Some(if writes { "-w" } else { "read" }.to_owned()),
                if writes { Change } else { Read },
            )
        }
        "modprobe" => {
            let removes = has(&["-r", "--remove"]);
            let reads = has(&[
                "-n",
                "--dry-run",
                "-c",
                "--showconfig",
                "--show-depends",
                "-D",
            ]);
            let class = if removes {
                Destroy
            } else if reads {
                Read
            } else {
                Change
            };
            (Some(if removes { "-r" } else { "load" }.to_owned()), class)
        }
        _ => (None, lookup(program, "*")),
    };
    let power = matches!(program, "systemctl" | "loginctl")
        && verb.as_deref().is_some_and(|v| POWER.contains(&v));
    Some(SystemFacts {
        area: if power { "power" } else { area(program) }.to_owned(),
        verb,
        mutating: class != Read,
        destructive: class == Destroy,
        user_scope: program == "systemctl" && has(&["--user"]),
    })
}

#[cfg(test)]
mod tests {
    use crate::shell::{SystemFacts, analyze};

    fn facts(text: &str) -> SystemFacts {
        let ctx = crate::shell::test_context("/w", "/h");
        analyze(text, &ctx)
            .commands
            .iter()
            .find_map(|c| c.system.clone())
            .unwrap_or_else(|| panic!("no system facts for {text}"))
    }

    #[test]
    fn destructive_table() {
        for text in [
            "systemctl isolate rescue.target",
            "sudo systemctl mask sshd",
            "systemctl --user disable agent",
            "service ssh stop",
            "iptables -F",
            "iptables -t nat --flush",
            "ip6tables -P INPUT ACCEPT",
            "nft flush ruleset",
            "ufw disable",
            "umount /mnt/data",
            "userdel -r bob",
            "setfacl -R -m u:x:rwx /",
            "modprobe -r nvidia",
            "rmmod br_netfilter",
            "killall5 -9",
            "launchctl bootout system/com.x",
            "shutdown -h now",
            "systemctl poweroff",
            "init 0",
            "loginctl reboot",
            "kill -9 -1",
            "kill 1",
            "kill -s KILL -- -1",
            "crontab -r",
            "crontab jobs.txt",
            "mkfs.ext4 /dev/sda1",
            "wipefs -a /dev/sdb",
        ] {
            let f = facts(text);
            assert!(f.destructive && f.mutating, "{text}: {f:?}");
        }
    }

    #[test]
    fn reads_and_changes() {
        for text in [
            "systemctl status nginx",
            "systemctl list-units --type=service",
            "service --status-all",
            "iptables -L -n",
            "nft list ruleset",
            "mount",
            "sysctl net.ipv4.ip_forward",
            "ufw status",
            "launchctl list",
            "crontab -l",
            "kill 12345",
            "kill -9 4242",
            "kill -1 4242",
            "fdisk -l",
            "parted /dev/sda print",
        ] {
            let f = facts(text);
            assert!(!f.mutating, "{text}: {f:?}");
        }
        for text in [
            "systemctl enable --now nginx",
            "systemctl --user enable agent",
            "useradd -m eve",
            "passwd eve",
            "sysctl -w net.ipv4.ip_forward=1",
            "sysctl kernel.x=1",
            "mount -o remount,rw /",
            "modprobe br_netfilter",
            "iptables -A INPUT -p tcp --dport 22 -j ACCEPT",
            "at now + 1 minute",
        ] {
            let f = facts(text);
            assert!(f.mutating && !f.destructive, "{text}: {f:?}");
        }
        assert!(facts("systemctl --user enable agent").user_scope);
    }
}
