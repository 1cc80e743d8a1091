//! The interactive `agsec policy add`, driven through a pseudo-terminal: prompts, validation
//! while typing, the YAML preview, confirming and declining.

use crate::policy_cli::{TEAM, read, team, text};
use crate::support::{Workspace, unindent};
use rexpect::session::spawn_command;
use std::process::Command;

/// `agsec policy add` under a pseudo-terminal in `ws`; the shell wrapper prints the exit code.
fn spawn_add(ws: &Workspace, extra: &str) -> rexpect::session::PtySession {
    let mut cmd = Command::new("sh");
    cmd.arg("-c")
        .arg(format!(
            "{} policy add --policy-dir {} {extra}; echo \"EXIT=$?\"",
            env!("CARGO_BIN_EXE_agsec"),
            ws.policies().display()
        ))
        .env("NO_COLOR", "1")
        .env_remove("AGSEC_POLICY_DIR");
    spawn_command(cmd, Some(10_000)).unwrap()
}

fn exit_code(session: &mut rexpect::session::PtySession) -> i32 {
    let (_, code) = session.exp_regex(r"EXIT=\d+").unwrap();
    code.trim_start_matches("EXIT=").parse().unwrap()
}

const DOWN: &str = "\x1b[B";

#[test]
fn interactive_add_asks_previews_and_writes() {
    let ws = team();
    let mut s = spawn_add(&ws, "");
    s.exp_string("Sid (a unique name").unwrap();
    s.send_line("AllowFiles").unwrap();
    s.exp_string("`AllowFiles` is taken by the statement at")
        .unwrap();
    s.send_line("ReviewSlackFiles").unwrap();
    s.exp_string("Effect").unwrap();
    s.send(DOWN).unwrap();
    s.send_line("").unwrap();
    s.exp_string("Actions (comma-separated").unwrap();
    s.send_line("mcp.slack.upload, mcp.slack.share_file")
        .unwrap();
    s.exp_string("Condition (FIELD OP VALUE").unwrap();
    s.send_line("params.size regexp x").unwrap();
    s.exp_string("unknown operator `regexp`").unwrap();
    s.send_line("params.size > 1000000").unwrap();
    s.exp_string("Condition (FIELD OP VALUE").unwrap();
    s.send_line("params.public == true").unwrap();
    s.exp_string("Condition (FIELD OP VALUE").unwrap();
    s.send_line("").unwrap();
    s.exp_string("Match").unwrap();
    s.send(DOWN).unwrap();
    s.send_line("").unwrap();
    s.exp_string("Reason").unwrap();
    s.send_line("Large or public files need a look").unwrap();
    s.exp_string("File in the policy directory").unwrap();
    s.send_line("").unwrap();
    s.exp_string("Statement to add to").unwrap();
    s.exp_string("- sid: ReviewSlackFiles").unwrap();
    s.exp_string("It validates with the rest of the policies.")
        .unwrap();
    s.exp_string("Write it?").unwrap();
    s.send_line("y").unwrap();
    s.exp_string("added `ReviewSlackFiles` at").unwrap();
    assert_eq!(exit_code(&mut s), 0);
    assert_eq!(
        read(&ws, "90-local.yaml"),
        text(
            r#"
            # yaml-language-server: $schema=./.schema.json
            # 90-local.yaml: policy statements added with `agsec policy add` (edit freely).
            version: "1.0"
            statements:
              - sid: ReviewSlackFiles
                effect: review
                actions: ["mcp.slack.upload", "mcp.slack.share_file"]
                match: any
                conditions:
                  params.size: {op: ">", value: 1000000}
                  params.public: true
                reason: "Large or public files need a look"
            "#
        )
    );
}

#[test]
fn interactive_add_can_be_declined() {
    let ws = team();
    let mut s = spawn_add(&ws, "--file 10-team.yaml");
    s.exp_string("Sid").unwrap();
    s.send_line("DenyAll").unwrap();
    s.exp_string("Effect").unwrap();
    s.send_line("").unwrap();
    s.exp_string("Actions").unwrap();
    s.send_line("*").unwrap();
    s.exp_string("Condition").unwrap();
    s.send_line("").unwrap();
    s.exp_string("Reason").unwrap();
    s.send_line("").unwrap();
    s.exp_string("File in the policy directory").unwrap();
    s.exp_string("10-team.yaml").unwrap();
    s.send_line("").unwrap();
    s.exp_string("Write it?").unwrap();
    s.send_line("n").unwrap();
    s.exp_string("nothing written").unwrap();
    assert_eq!(exit_code(&mut s), 1);
    assert_eq!(read(&ws, "10-team.yaml"), unindent(TEAM));
}
