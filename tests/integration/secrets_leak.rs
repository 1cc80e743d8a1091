//! No raw secret is ever written: one value of every catalogued secret kind is sent through
//! `agsec check` (a Bash command, a WebFetch URL, a Write outside the workspace, and again after
//! taint remembered it) and `agsec scan` (a tool's output), with the audit store, its journal,
//! the JSON-lines log and, in a second pass, the fallback spool in use; then every file under the
//! scratch root (store, journal, WAL, spool, log, taint files, cache) is searched for the values.

use crate::support::Workspace;
use serde_json::{Value, json};
use std::path::Path;

const SESSION: &str = "0b5c3f4e-9a61-4f0e-8a59-3f1f6f0c2d11";

/// (kind, text carrying the secret, the secret itself as it must never appear).
const KINDS: &[(&str, &str, &str)] = &[
    (
        "private_key",
        "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAzQ1secretkeymaterialXYZ\n-----END RSA PRIVATE KEY-----",
        "MIIEowIBAAKCAQEAzQ1secretkeymaterialXYZ",
    ),
    (
        "url_password",
        "postgres://app:Pa55w0rdXyZq@db.internal/x",
        "Pa55w0rdXyZq",
    ),
    (
        "url_password",
        "redis://:R3disPassQwErTy@cache:6379/0",
        "R3disPassQwErTy",
    ),
    (
        "bearer_token",
        "Authorization: Bearer abcDEF123456tokenXYZ",
        "abcDEF123456tokenXYZ",
    ),
    (
        "jwt",
        "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
        "dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
    ),
    (
        "api_key",
        "OPENAI sk-proj-abcdefghijklmnopqrstuvwx12",
        "sk-proj-abcdefghijklmnopqrstuvwx12",
    ),
    (
        "stripe_key",
        "sk_live_4eC39HqLyjWDarjtT1zdp7dc",
        "4eC39HqLyjWDarjtT1zdp7dc",
    ),
    (
        "aws_access_key",
        "id AKIAIOSFODNN7EXAMPLE",
        "AKIAIOSFODNN7EXAMPLE",
    ),
    (
        "aws_secret_key",
        "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    ),
    (
        "github_token",
        "ghp_16C7e42F292c6912E7710c838347Ae178B4a",
        "16C7e42F292c6912E7710c838347Ae178B4a",
    ),
    (
        "slack_token",
        "xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx",
        "AbCdEfGhIjKlMnOpQrStUvWx",
    ),
    (
        "google_api_key",
        "AIzaSyDaGmWKa4JsXZ-HjGw7ISLn_3namBGewQe",
        "SyDaGmWKa4JsXZ-HjGw7ISLn_3namBGewQe",
    ),
    (
        "password_assignment",
        "DB_PASSWORD=correcthorsebattery",
        "correcthorsebattery",
    ),
    (
        "password_assignment",
        "MYSQL_PWD=Zq8vLmN2xRt",
        "Zq8vLmN2xRt",
    ),
    (
        "huggingface_token",
        "hf_AbCdEfGhIjKlMnOpQrStUvWxYz01234567",
        "AbCdEfGhIjKlMnOpQrStUvWxYz01234567",
    ),
    (
        "npm_token",
        "npm_QwErTyUiOpAsDfGhJkLzXcVbNm0123456789",
        "QwErTyUiOpAsDfGhJkLzXcVbNm0123456789",
    ),
    (
        "slack_webhook",
        "https://hooks.slack.com/services/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",
        "Qw3rTy7uIo9pAs1dFg2hJk4l",
    ),
    (
        "azure_key",
        "AccountName=a;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==",
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq",
    ),
    (
        "sas_signature",
        "https://a.blob.core.windows.net/c/b?sv=2022-11-02&sp=r&sig=AbC1%2BdEf2GhIjK3LmNoP4QrS%3D",
        "AbC1%2BdEf2GhIjK3LmNoP4QrS",
    ),
    (
        "cli_password",
        "mysql -u root -pHunter2SecretQ db",
        "Hunter2SecretQ",
    ),
    (
        "cli_password",
        "sshpass -p Tr0ub4dorXyQ ssh u@h",
        "Tr0ub4dorXyQ",
    ),
    (
        "high_entropy_value",
        "https://x.io/cb?key=q8Zr2LmX9vKt4WbN7yPd3sHf",
        "q8Zr2LmX9vKt4WbN7yPd3sHf",
    ),
    (
        "card_number",
        "card 4111 1111 1111 1111 exp",
        "4111 1111 1111 1111",
    ),
    (
        "email",
        "mail jane.doe.secret@example.co.uk now",
        "jane.doe.secret@example.co.uk",
    ),
];

fn run(ws: &Workspace, args: &[&str], payload: &Value, audit_db: Option<&Path>) -> i32 {
    let mut cmd = ws.cmd();
    if let Some(db) = audit_db {
        cmd.env("AGSEC_AUDIT_DB", db);
    }
    let out = cmd
        .args(args)
        .write_stdin(payload.to_string())
        .output()
        .unwrap();
    out.status.code().unwrap_or(-1)
}

fn with_session(mut payload: Value) -> Value {
    payload["session_id"] = json!(SESSION);
    payload
}

/// Every call a secret can take through agsec, once per kind.
fn send_everything(ws: &Workspace, audit_db: Option<&Path>) {
    let check = ["check", "--agent", "claude-code"];
    for (kind, text, _) in KINDS {
        let quoted = text.replace('\'', "");
        let bash = with_session(ws.claude_bash(&format!("echo '{quoted}'")));
        let code = run(ws, &check, &bash, audit_db);
        assert!(matches!(code, 0 | 2), "{kind}: check exited {code}");
        let fetch = with_session(ws.claude(
            "WebFetch",
            json!({"url": format!("https://example.com/?q={text}"), "prompt": text}),
        ));
        run(ws, &check, &fetch, audit_db);
        let write = with_session(ws.claude(
            "Write",
            json!({"file_path": "/tmp/agsec-leak-test/x.txt", "content": text}),
        ));
        run(ws, &check, &write, audit_db);
        let post = with_session(json!({
            "session_id": SESSION,
            "transcript_path": "/dev/null",
            "cwd": ws.root_str(),
            "permission_mode": "default",
            "hook_event_name": "PostToolUse",
            "tool_name": "Read",
            "tool_input": {"file_path": ws.path().join("notes.txt").display().to_string()},
            "tool_response": {"type": "text", "file": {"content": format!("config:\n{text}\n")}},
            "tool_use_id": format!("toolu_{kind}"),
        }));
        let code = run(ws, &["scan", "--agent", "claude-code"], &post, audit_db);
        assert_eq!(code, 0, "{kind}: scan");
        // Taint now knows it: the same text again is judged (and recorded) once more.
        run(ws, &check, &bash, audit_db);
    }
}

fn every_file(dir: &Path, out: &mut Vec<(String, Vec<u8>)>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries {
        let path = entry.unwrap().path();
        if path.is_dir() {
            every_file(&path, out);
        } else if let Ok(bytes) = std::fs::read(&path) {
            out.push((path.display().to_string(), bytes));
        }
    }
}

#[test]
fn no_catalogued_secret_is_written_anywhere() {
    let ws = Workspace::init();
    let log = ws.root.path().join("ship.jsonl");
    std::fs::write(
        ws.path().join("agsec.yaml"),
        format!("audit:\n  jsonl_log: {}\n", log.display()),
    )
    .unwrap();
    send_everything(&ws, None);
    // Second pass: the store cannot be opened (its folder is a file), so the spool is used.
    let blocker = ws.root.path().join("not-a-folder");
    std::fs::write(&blocker, "x").unwrap();
    send_everything(&ws, Some(&blocker.join("audit.db")));

    let mut files = Vec::new();
    every_file(ws.root.path(), &mut files);
    let names: Vec<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
    for wanted in ["ship.jsonl", "/taint/", "audit.db"] {
        assert!(
            names.iter().any(|n| n.contains(wanted)),
            "{wanted} not written: {names:?}"
        );
    }
    assert!(
        std::fs::read_to_string(&log).unwrap().lines().count() >= KINDS.len() * 3,
        "every decision shipped"
    );
    for (path, bytes) in &files {
        if path.ends_with("agsec.yaml") || path.contains("/policies/") {
            continue;
        }
        let text = String::from_utf8_lossy(bytes);
        for (kind, _, secret) in KINDS {
            assert!(!text.contains(secret), "{kind}: `{secret}` is in {path}");
        }
    }
}
