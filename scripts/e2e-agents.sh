#!/usr/bin/env bash
# End-to-end check of agsec against the REAL Claude Code and Codex CLIs, each driven by a scripted
# fake model on loopback (../shared/harness, see its README). Not part of `cargo test`: it needs the
# two CLIs (~380 MB each from the npm registry), python3, unshare, ip, and takes about a minute.
#
# Setup, once (outside the repository):
#   mkdir -p /tmp/cc /tmp/codex
#   cp ../shared/harness/claude/package*.json /tmp/cc    && (cd /tmp/cc && npm ci)
#   cp ../shared/harness/codex/package*.json  /tmp/codex && (cd /tmp/codex && npm ci)
#   mkdir -p /tmp/cc332 && (cd /tmp/cc332 && npm install @anthropic-ai/claude-code@2.1.332)
#   cargo build --release
# Run:
#   scripts/e2e-agents.sh            # prints one line per case, exits 1 if any expectation fails
#   KEEP=1 scripts/e2e-agents.sh     # keep the scratch dir (verdicts, audit store) and print its path
# Environment: AGSEC (binary, default target/release/agsec), HARNESS (default ../shared/harness),
# AGSEC_CLAUDE_BIN (default /tmp/cc/node_modules/.bin/claude), AGSEC_CODEX_BIN (default
# /tmp/codex/node_modules/.bin/codex), AGSEC_CLAUDE332_BIN (default
# /tmp/cc332/node_modules/.bin/claude: Claude Code 2.1.332, the first with PreSkillShellCommand).
#
# What it does: `agsec init` + `agsec install claude-code` + `agsec install codex` into a scratch
# project (its agsec.yaml sends the audit trail to the scratch dir), `agsec doctor` on it, then the
# harness's installer mode (`--project-dir`) runs each case in a copy of that project with the real
# CLI: the hook that decides is the one agsec installed, nothing else. Each case states what must
# happen (blocked or run, per the CLI's own report, a PostToolUse recorder and the side effect on
# disk); the verdict JSON lines are kept in <scratch>/verdicts.jsonl.

set -uo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
agsec=${AGSEC:-$root/target/release/agsec}
harness=${HARNESS:-$root/../shared/harness}
export AGSEC_CLAUDE_BIN=${AGSEC_CLAUDE_BIN:-/tmp/cc/node_modules/.bin/claude}
export AGSEC_CODEX_BIN=${AGSEC_CODEX_BIN:-/tmp/codex/node_modules/.bin/codex}
claude332=${AGSEC_CLAUDE332_BIN:-/tmp/cc332/node_modules/.bin/claude}

for need in "$agsec" "$AGSEC_CLAUDE_BIN" "$AGSEC_CODEX_BIN" "$claude332" "$harness/claude/run_case.py" "$harness/codex/run_case.py"; do
  [ -x "$need" ] || { echo "e2e: missing \`$need\` (see the setup at the top of $0)" >&2; exit 2; }
done
for tool in python3 jq unshare ip; do
  command -v "$tool" >/dev/null || { echo "e2e: \`$tool\` is not installed" >&2; exit 2; }
done

scratch=$(mktemp -d /tmp/agsec-e2e-XXXXXX)
[ -n "${KEEP:-}" ] || trap 'rm -rf "$scratch"' EXIT
proj=$scratch/proj
mkdir -p "$proj"
agsec=$(cd "$(dirname "$agsec")" && pwd)/$(basename "$agsec")

"$agsec" init --dir "$proj" >/dev/null
printf 'audit:\n  db: %s\n' "$scratch/audit.db" > "$proj/agsec.yaml"
(cd "$proj" && "$agsec" install claude-code >/dev/null 2>&1 && "$agsec" install codex >/dev/null)
# Two more projects for Claude Code 2.1.332: one installed as agsec installs for that version (with
# the PreSkillShellCommand hook), one as it installs for 2.1.331 and older (without it).
proj332=$scratch/proj332
unguarded=$scratch/proj-unguarded
for p in "$proj332" "$unguarded"; do
  "$agsec" init --dir "$p" >/dev/null
  printf 'audit:\n  db: %s\n' "$scratch/audit.db" > "$p/agsec.yaml"
done
(cd "$proj332" && AGSEC_CLAUDE_BIN=$claude332 "$agsec" install claude-code >/dev/null)
(cd "$unguarded" && AGSEC_CLAUDE_BIN=/bin/false "$agsec" install claude-code >/dev/null 2>&1)

echo "== agsec doctor --project-dir $proj"
HOME=$scratch/home "$agsec" doctor --project-dir "$proj"
doctor_rc=$?
echo

failures=0
verdicts=$scratch/verdicts.jsonl

# case NAME AGENT EXPECTATION(jq boolean expression over the verdict) -- run_case.py arguments...
case_() {
  local name=$1 agent=$2 expect=$3
  shift 4
  local runner=$harness/claude/run_case.py claude_bin=$AGSEC_CLAUDE_BIN
  [ "$agent" = codex ] && runner=$harness/codex/run_case.py
  [ "$agent" = claude-332 ] && claude_bin=$claude332
  local verdict
  verdict=$(AGSEC_CLAUDE_BIN=$claude_bin "$runner" --project-dir "${CASE_PROJ:-$proj}" "$@" 2>"$scratch/$name.stderr")
  local rc=$?
  printf '%s\n' "$verdict" | jq -c --arg name "$name" '{case: $name} + .' >> "$verdicts" 2>/dev/null
  local result
  if [ $rc -ne 0 ]; then
    result="FAIL (harness exit $rc: $(printf '%s' "$verdict" | jq -r '.error // empty' 2>/dev/null | head -c 300))"
  elif printf '%s' "$verdict" | jq -e "$expect" >/dev/null; then
    result=ok
  else
    result="FAIL (expected: $expect)"
  fi
  [ "$result" = ok ] || failures=$((failures + 1))
  local said
  said=$(printf '%s' "$verdict" | jq -r '[.hook_block_reason, .tool_result] | map(select(. != null and . != "")) | first // "" | tostring' 2>/dev/null | tr '\n' ' ' | head -c 220)
  printf '%-4s %-7s %-26s executed=%-5s probe_rc=%-4s %s\n' \
    "$([ "$result" = ok ] && echo ok || echo FAIL)" "$agent" "$name" \
    "$(printf '%s' "$verdict" | jq -r '.tool_executed')" \
    "$(printf '%s' "$verdict" | jq -r '.probe.rc // "-"')" "$said"
  [ "$result" = ok ] || echo "     $result"
}

victim='mkdir -p {PROJ}/../victim-outside && echo keep > {PROJ}/../victim-outside/f'

echo "== Claude Code ($("$AGSEC_CLAUDE_BIN" --version 2>/dev/null))"
case_ rm-outside claude-code \
  '.hook_called and (.tool_executed | not) and .probe.rc == 0' -- \
  --tool Bash --input '{"command":"rm -rf {PROJ}/../victim-outside"}' \
  --setup "$victim" --probe 'test -e {PROJ}/../victim-outside/f'
case_ write-dotenv claude-code \
  '.hook_called and (.tool_executed | not) and .probe.rc != 0' -- \
  --tool Write --input '{"file_path":"{PROJ}/.env","content":"API_KEY=x\n"}' --probe 'test -e {PROJ}/.env'
case_ harmless-ls claude-code \
  '.hook_called and .tool_executed' -- \
  --tool Bash --input '{"command":"ls"}'
case_ harmless-write claude-code \
  '.hook_called and .tool_executed and .probe.rc == 0' -- \
  --tool Write --input '{"file_path":"{PROJ}/notes.txt","content":"hello\n"}' --probe 'grep -q hello {PROJ}/notes.txt'
# A review: agsec answers `ask`; in -p mode nobody can answer, so Claude Code refuses the call.
case_ review-asks claude-code \
  '.hook_called and (.tool_executed | not) and (.hook_stdout // "" | test("\"permissionDecision\":\"ask\""))' -- \
  --tool Bash --input '{"command":"python3 -c '"'"'open(\"{PROJ}/../py-ran\",\"w\")'"'"'"}' \
  --probe 'test ! -e {PROJ}/../py-ran'
echo

echo "== Claude Code ($("$claude332" --version 2>/dev/null)): skills and slash commands"
# A project command whose shell line deletes a folder outside the project. No PreToolUse hook sees
# that line: the person typing `/tidy` reaches agsec only through PreSkillShellCommand, and the
# model invoking the Skill tool through agsec reading the command's file.
tidy='mkdir -p {PROJ}/.claude/commands && printf "Context: !\`rm -rf {PROJ}/../victim-skill\`\nNow say done.\n" > {PROJ}/.claude/commands/tidy.md && mkdir -p {PROJ}/../victim-skill && echo keep > {PROJ}/../victim-skill/f'
CASE_PROJ=$proj332 case_ slash-shell-line-denied claude-332 \
  '.probe.rc == 0' -- \
  --prompt /tidy --tool Bash --input '{"command":"ls"}' --setup "$tidy" --probe 'test -e {PROJ}/../victim-skill/f'
# Baseline: the same install without PreSkillShellCommand (what Claude Code <= 2.1.331 gets): the
# shell line runs unchecked and the folder is gone.
CASE_PROJ=$unguarded case_ slash-shell-line-unguarded claude-332 \
  '.probe.rc != 0' -- \
  --prompt /tidy --tool Bash --input '{"command":"ls"}' --setup "$tidy" --probe 'test -e {PROJ}/../victim-skill/f'
CASE_PROJ=$proj332 case_ skill-tool-denied claude-332 \
  '.hook_called and (.tool_executed | not) and .probe.rc == 0' -- \
  --tool Skill --input '{"skill":"tidy"}' --setup "$tidy" --probe 'test -e {PROJ}/../victim-skill/f'
echo

echo "== Codex ($("$AGSEC_CODEX_BIN" --version 2>/dev/null))"
# Codex refuses `rm -rf` on its own before any hook, so its deletion case uses `find -delete`.
case_ delete-outside codex \
  '.blocked_by_hook and (.tool_executed | not) and .probe.rc == 0' -- \
  --wrap-installer-hooks --tool exec_command --input '{"cmd":"find {PROJ}/../victim-outside -delete"}' \
  --setup "$victim" --probe 'test -e {PROJ}/../victim-outside/f'
case_ write-dotenv codex \
  '.blocked_by_hook and .probe.rc != 0' -- \
  --wrap-installer-hooks --tool exec_command --input '{"cmd":"echo API_KEY=x > {PROJ}/.env"}' --probe 'test -e {PROJ}/.env'
case_ harmless-ls codex \
  '(.blocked_by_hook | not) and .tool_executed and .hook_called' -- \
  --wrap-installer-hooks --tool exec_command --input '{"cmd":"ls"}'
# A review: Codex has no prompt, so agsec holds the call (a deny) and says how to approve it.
case_ review-held codex \
  '.blocked_by_hook and (.hook_block_reason // "" | test("agsec approve [0-9]+")) and .probe.rc == 0' -- \
  --wrap-installer-hooks --tool exec_command --input '{"cmd":"python3 -c '"'"'open(\"{PROJ}/../py-ran\",\"w\")'"'"'"}' \
  --probe 'test ! -e {PROJ}/../py-ran'
case_ patch-dotenv codex \
  '.blocked_by_hook and .probe.rc != 0' -- \
  --wrap-installer-hooks --tool apply_patch \
  --custom "$(printf '*** Begin Patch\n*** Add File: {PROJ}/.env\n+API_KEY=x\n*** End Patch')" --probe 'test -e {PROJ}/.env'
case_ patch-harmless codex \
  '(.blocked_by_hook | not) and .probe.rc == 0' -- \
  --wrap-installer-hooks --tool apply_patch \
  --custom "$(printf '*** Begin Patch\n*** Add File: {PROJ}/notes.txt\n+hello\n*** End Patch')" --probe 'grep -q hello {PROJ}/notes.txt'
# Why `agsec doctor` reminds about trust: without it (no --dangerously-bypass-hook-trust), Codex
# silently skips the hook agsec installed and the call runs. Expected, and shown for the record.
# (The harness's own PostToolUse recorder is untrusted too, so `executed` reads false here: the probe
# shows the file was written, and agsec's audit log has no row for the call.)
case_ untrusted-hook-skipped codex \
  '(.blocked_by_hook | not) and .probe.rc == 0' -- \
  --no-bypass-hook-trust --tool exec_command --input '{"cmd":"echo API_KEY=x > {PROJ}/.env"}' --probe 'test -e {PROJ}/.env'
echo

echo "== what agsec recorded ($scratch/audit.db)"
"$agsec" audit --audit-db "$scratch/audit.db" 2>&1 | tail -n 20
[ -n "${KEEP:-}" ] && echo "kept: $scratch (verdicts.jsonl, audit.db)"

if [ "$doctor_rc" -ne 0 ]; then
  echo "e2e: agsec doctor reported problems" >&2
  failures=$((failures + 1))
fi
if [ "$failures" -ne 0 ]; then
  echo "e2e: $failures failure(s)" >&2
  exit 1
fi
echo "e2e: all cases as expected"
