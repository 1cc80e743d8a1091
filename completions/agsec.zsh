#compdef agsec

autoload -U is-at-least

_agsec() {
    typeset -A opt_args
    typeset -a _arguments_options
    local ret=1

    if is-at-least 5.2; then
        _arguments_options=(-s -S -C)
    else
        _arguments_options=(-s -C)
    fi

    local context curcontext="$curcontext" state line
    _arguments "${_arguments_options[@]}" : \
'-h[Print help (see more with '\''--help'\'')]' \
'--help[Print help (see more with '\''--help'\'')]' \
'-V[Print version]' \
'--version[Print version]' \
":: :_agsec_commands" \
"*::: :->agsec" \
&& ret=0
    case $state in
    (agsec)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:agsec-command-$line[1]:"
        case $line[1] in
            (init)
_arguments "${_arguments_options[@]}" : \
'--dir=[The directory to create \`policies/\` in \[default\: the current directory\]]:DIR:_files' \
'--preset=[How much the policies allow\: strict (deny by default, allow read-only work), standard (allow ordinary work, ask about the rest) or permissive (allow by default; every principle kept)]:PRESET:_default' \
'--force[Overwrite existing default policy files]' \
'-h[Print help]' \
'--help[Print help]' \
'-V[Print version]' \
'--version[Print version]' \
&& ret=0
;;
(install)
_arguments "${_arguments_options[@]}" : \
'--policy-dir=[Policy directory the hook passes to \`agsec check\` \[default\: <project>/policies; with \`--user\`\: none, \`check\` then finds \`policies/\` from the tool call'\''s working directory\]]:DIR:_files' \
'(--user)--project-dir=[The project to install into \[default\: the current directory\]]:DIR:_files' \
'--user[Change the person'\''s settings (\`~/.claude/settings.json\`, \`\$CODEX_HOME/hooks.json\`, \`~/.gemini/settings.json\`, \`\$COPILOT_HOME/hooks/agsec.json\`) instead of the project'\''s]' \
'--uninstall[Remove agsec'\''s hooks instead of adding them]' \
'--dry-run[Print the resulting file instead of writing it]' \
'-h[Print help]' \
'--help[Print help]' \
'-V[Print version]' \
'--version[Print version]' \
':agent -- The agent to register agsec with:(claude-code codex gemini copilot cursor cline)' \
&& ret=0
;;
(policy)
_arguments "${_arguments_options[@]}" : \
'-h[Print help]' \
'--help[Print help]' \
'-V[Print version]' \
'--version[Print version]' \
":: :_agsec__subcmd__policy_commands" \
"*::: :->policy" \
&& ret=0

    case $state in
    (policy)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:agsec-policy-command-$line[1]:"
        case $line[1] in
            (add)
_arguments "${_arguments_options[@]}" : \
'--policy-dir=[The policy directory \[default\: the nearest \`policies/\` above the working directory\]]:DIR:_files' \
'--sid=[A name for the statement, unique across the directory. Without it, at a terminal, agsec asks for every part in turn]:SID:_default' \
'--effect=[allow, deny or review]:EFFECT:_default' \
'*--action=[An action name or glob the statement applies to (\`bash.execute\`, \`file.*\`); repeat for several]:ACTION:_default' \
'*--condition=[A condition \`FIELD OP VALUE\`, such as \`params.command regex \\brm\\s\` or \`params.git.force exists\`; repeat for several. VALUE is YAML (\`5\`, \`true\`, \`\[a, b\]\`, \`"text"\`), taken literally for contains, starts_with, ends_with and regex unless quoted]:FIELD OP VALUE:_default' \
'--match=[Whether all conditions must hold, or any one]:MODE:_default' \
'--reason=[What the agent is told when the statement decides (say what to do instead)]:REASON:_default' \
'--description=[Free text for people reading the policy]:DESCRIPTION:_default' \
'--file=[The file in the policy directory to add to (created with a header when missing)]:NAME:_default' \
'--dry-run[Show the change as a unified diff and write nothing]' \
'-h[Print help]' \
'--help[Print help]' \
'-V[Print version]' \
'--version[Print version]' \
&& ret=0
;;
(list)
_arguments "${_arguments_options[@]}" : \
'--policy-dir=[The policy directory \[default\: the nearest \`policies/\` above the working directory\]]:DIR:_files' \
'--effect=[Only statements with this effect (allow, deny, review)]:EFFECT:_default' \
'--action=[Only statements concerning this action\: a name (\`bash.execute\`) their globs match, or a glob (\`file.*\`) matching one of their action patterns]:ACTION:_default' \
'--json[Print the statements as a JSON array]' \
'-h[Print help]' \
'--help[Print help]' \
'-V[Print version]' \
'--version[Print version]' \
&& ret=0
;;
(remove)
_arguments "${_arguments_options[@]}" : \
'--policy-dir=[The policy directory \[default\: the nearest \`policies/\` above the working directory\]]:DIR:_files' \
'--dry-run[Show the change as a unified diff and write nothing]' \
'-h[Print help]' \
'--help[Print help]' \
'-V[Print version]' \
'--version[Print version]' \
':sid -- The sid of the statement to remove:_default' \
&& ret=0
;;
(help)
_arguments "${_arguments_options[@]}" : \
":: :_agsec__subcmd__policy__subcmd__help_commands" \
"*::: :->help" \
&& ret=0

    case $state in
    (help)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:agsec-policy-help-command-$line[1]:"
        case $line[1] in
            (add)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(list)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(remove)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(help)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
        esac
    ;;
esac
;;
        esac
    ;;
esac
;;
(validate)
_arguments "${_arguments_options[@]}" : \
'--policy-dir=[The policy directory \[default\: the nearest \`policies/\` above the working directory\]]:DIR:_files' \
'--json[Print the result as JSON]' \
'-h[Print help]' \
'--help[Print help]' \
'-V[Print version]' \
'--version[Print version]' \
'::path -- A policy directory or a single policy file (default\: `--policy-dir`, `$AGSEC_POLICY_DIR`, or the nearest `policies/` above the current directory):_files' \
&& ret=0
;;
(test)
_arguments "${_arguments_options[@]}" : \
'--policy-dir=[The policy directory \[default\: the nearest \`policies/\` above the working directory\]]:DIR:_files' \
'-v[Also list the examples that passed]' \
'--verbose[Also list the examples that passed]' \
'--json[Print every result as JSON]' \
'-h[Print help]' \
'--help[Print help]' \
'-V[Print version]' \
'--version[Print version]' \
'::path -- The policy directory \[default\: `--policy-dir`, `$AGSEC_POLICY_DIR` or the nearest `policies/`\]:_files' \
&& ret=0
;;
(check)
_arguments "${_arguments_options[@]}" : \
'--agent=[The agent whose hook protocol to speak \[default\: detected from the payload\]]:AGENT:_default' \
'--policy-dir=[The policy directory \[default\: the nearest \`policies/\` above the working directory\]]:DIR:_files' \
'(--policy-dir)--defaults=[Judge with the default policies built into the binary (a preset name; default standard) instead of a policy directory]::PRESET:_default' \
'--config=[The settings file \[default\: \`agsec.yaml\` beside the policy directory\]]:FILE:_files' \
'--audit-db=[The audit store \[default\: \`audit.db\` in the platform data directory\]]:FILE:_files' \
'--json[Print the policy decision as JSON (\`decision\`, \`sid\`, \`reason\`, \`matched_by\`) without prompting; exit 0 for allow, 2 otherwise]' \
'--no-audit[Do not record the decision (for benchmarks and experiments)]' \
'--explain[Print why the call gets its decision (the action, the shell analysis, every statement and condition considered) instead of answering in the hook protocol; with \`--json\`, as JSON. Never prompts or records; exit 0 for allow, 2 otherwise]' \
'-h[Print help]' \
'--help[Print help]' \
'-V[Print version]' \
'--version[Print version]' \
&& ret=0
;;
(explain)
_arguments "${_arguments_options[@]}" : \
'--tool=[An agent tool (Claude Code'\''s names\: Write, Edit, Read, Glob, Grep, WebFetch, mcp__<server>__<tool> …)]:TOOL:_default' \
'--path=[The file a \`--tool\` works on (its \`file_path\`, \`notebook_path\` or \`path\`)]:PATH:_default' \
'--url=[The URL of a \`--tool WebFetch\`]:URL:_default' \
'--action=[An action name (\`mcp.github.create_issue\`, \`web.fetch\` …), judged as a plain action]:ACTION:_default' \
'*--param=[A parameter of the tool input or action, \`KEY=VALUE\` (repeatable). The value is read as JSON when it is JSON (\`5\`, \`true\`, \`\["a","b"\]\`), as text otherwise]:KEY=VALUE:_default' \
'--policy-dir=[The policy directory \[default\: the nearest \`policies/\` above the working directory\]]:DIR:_files' \
'--config=[The settings file \[default\: \`agsec.yaml\` beside the policy directory\]]:FILE:_files' \
'--audit-db=[The audit store \[default\: \`audit.db\` in the platform data directory\]]:FILE:_files' \
'--cwd=[The directory the call is made in \[default\: the current directory\]]:DIR:_files' \
'--json[Print the explanation as JSON]' \
'-h[Print help]' \
'--help[Print help]' \
'-V[Print version]' \
'--version[Print version]' \
'::command -- A shell command, explained as the agent'\''s Bash tool would run it:_default' \
&& ret=0
;;
(audit)
_arguments "${_arguments_options[@]}" : \
'--audit-db=[The audit store to read]:PATH:_files' \
'--since=[Only records since a time\: \`30m\`, \`1h\`, \`2d\` ago, or a date (\`2025-05-01\`, RFC 3339)]:WHEN:_default' \
'--decision=[Only this policy decision]:DECISION:(allow deny review)' \
'--action=[Only actions matching this glob (\`bash.*\`, \`mcp.*\`)]:GLOB:_default' \
'--agent=[Only this agent (\`claude-code\`, \`codex\` …)]:AGENT:_default' \
'--session=[Only this agent session id]:ID:_default' \
'--sid=[Only decisions made by this policy statement]:SID:_default' \
'--limit=[Show at most N records, the most recent (0\: all) \[default\: 50\]]:N:_default' \
'--json[Print JSON for scripts]' \
'--stats[Totals and shares by decision, action, policy, agent; top blocked calls; a timeline]' \
'-h[Print help]' \
'--help[Print help]' \
'-V[Print version]' \
'--version[Print version]' \
":: :_agsec__subcmd__audit_commands" \
"*::: :->audit" \
&& ret=0

    case $state in
    (audit)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:agsec-audit-command-$line[1]:"
        case $line[1] in
            (export)
_arguments "${_arguments_options[@]}" : \
'--format=[]:FORMAT:(jsonl csv)' \
'-o+[Write to this file instead of stdout]:FILE:_files' \
'--output=[Write to this file instead of stdout]:FILE:_files' \
'--since=[Only records since a time\: \`30m\`, \`1h\`, \`2d\` ago, or a date (\`2025-05-01\`, RFC 3339)]:WHEN:_default' \
'--decision=[Only this policy decision]:DECISION:(allow deny review)' \
'--action=[Only actions matching this glob (\`bash.*\`, \`mcp.*\`)]:GLOB:_default' \
'--agent=[Only this agent (\`claude-code\`, \`codex\` …)]:AGENT:_default' \
'--session=[Only this agent session id]:ID:_default' \
'--sid=[Only decisions made by this policy statement]:SID:_default' \
'--audit-db=[The audit store to read]:PATH:_files' \
'--json[Print JSON for scripts]' \
'-h[Print help]' \
'--help[Print help]' \
'-V[Print version]' \
'--version[Print version]' \
&& ret=0
;;
(verify)
_arguments "${_arguments_options[@]}" : \
'--audit-db=[The audit store to read]:PATH:_files' \
'--reset-witness[After reading a witness problem\: accept the store as it now is and write the witness again from it]' \
'--json[Print JSON for scripts]' \
'-h[Print help]' \
'--help[Print help]' \
'-V[Print version]' \
'--version[Print version]' \
&& ret=0
;;
(prune)
_arguments "${_arguments_options[@]}" : \
'--older-than=[]:AGE:_default' \
'--audit-db=[The audit store to read]:PATH:_files' \
'--json[Print JSON for scripts]' \
'-h[Print help]' \
'--help[Print help]' \
'-V[Print version]' \
'--version[Print version]' \
&& ret=0
;;
(help)
_arguments "${_arguments_options[@]}" : \
":: :_agsec__subcmd__audit__subcmd__help_commands" \
"*::: :->help" \
&& ret=0

    case $state in
    (help)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:agsec-audit-help-command-$line[1]:"
        case $line[1] in
            (export)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(verify)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(prune)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(help)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
        esac
    ;;
esac
;;
        esac
    ;;
esac
;;
(pending)
_arguments "${_arguments_options[@]}" : \
'--audit-db=[The audit store holding the queue \[default\: the platform data directory\]]:FILE:_files' \
'--all[Also list decided requests]' \
'--json[Print the requests as JSON]' \
'-h[Print help]' \
'--help[Print help]' \
'-V[Print version]' \
'--version[Print version]' \
&& ret=0
;;
(approve)
_arguments "${_arguments_options[@]}" : \
'--reason=[Why (kept in the audit log)]:REASON:_default' \
'--audit-db=[The audit store holding the queue \[default\: the platform data directory\]]:FILE:_files' \
'--policy-dir=[The policy directory \[default\: the nearest \`policies/\` above the working directory\]]:DIR:_files' \
'-h[Print help]' \
'--help[Print help]' \
'-V[Print version]' \
'--version[Print version]' \
':id -- The request id shown by `agsec pending` (and in the agent'\''s deny message):_default' \
&& ret=0
;;
(reject)
_arguments "${_arguments_options[@]}" : \
'--reason=[Why (kept in the audit log)]:REASON:_default' \
'--audit-db=[The audit store holding the queue \[default\: the platform data directory\]]:FILE:_files' \
'--policy-dir=[The policy directory \[default\: the nearest \`policies/\` above the working directory\]]:DIR:_files' \
'-h[Print help]' \
'--help[Print help]' \
'-V[Print version]' \
'--version[Print version]' \
':id -- The request id shown by `agsec pending` (and in the agent'\''s deny message):_default' \
&& ret=0
;;
(schema)
_arguments "${_arguments_options[@]}" : \
'-h[Print help]' \
'--help[Print help]' \
'-V[Print version]' \
'--version[Print version]' \
&& ret=0
;;
(completions)
_arguments "${_arguments_options[@]}" : \
'()--write=[Write every shell'\''s script and the man page into DIR instead (how the repository'\''s \`completions/\` is refreshed\: \`cargo run -- completions --write completions\`)]:DIR:_files' \
'-h[Print help]' \
'--help[Print help]' \
'-V[Print version]' \
'--version[Print version]' \
'::shell -- The shell to print the completion script of:(bash elvish fish powershell zsh)' \
&& ret=0
;;
(man)
_arguments "${_arguments_options[@]}" : \
'-h[Print help]' \
'--help[Print help]' \
'-V[Print version]' \
'--version[Print version]' \
&& ret=0
;;
(doctor)
_arguments "${_arguments_options[@]}" : \
'--project-dir=[The project whose hooks to check and in which to run the probes \[default\: the current directory\]]:DIR:_files' \
'--json[Print the result as JSON]' \
'-h[Print help]' \
'--help[Print help]' \
'-V[Print version]' \
'--version[Print version]' \
&& ret=0
;;
(scan)
_arguments "${_arguments_options[@]}" : \
'--agent=[The agent that sends the payload \[default\: detected; a payload that is unmistakably another agent'\''s is answered in that agent'\''s protocol\]]:AGENT:_default' \
'--sensitivity=[How eager the screen is\: low, medium or high \[default\: \`screen.sensitivity\` in agsec.yaml, else medium\]]:LEVEL:_default' \
'--action=[What a finding does\: warn (a note for the model) or block (the agent'\''s block form, which replaces the output with the warning) \[default\: \`screen.action\`, else warn\]]:ACTION:_default' \
'--policy-dir=[The policy directory \[default\: the nearest \`policies/\` above the working directory\]]:DIR:_files' \
'--config=[The settings file \[default\: \`agsec.yaml\` beside the policy directory\]]:FILE:_files' \
'--audit-db=[The audit store \[default\: \`audit.db\` in the platform data directory\]]:FILE:_files' \
'--text[Read plain text instead of a hook payload and print the findings as a JSON array]' \
'--no-audit[Record nothing\: no audit row, no remembered secrets]' \
'-h[Print help]' \
'--help[Print help]' \
'-V[Print version]' \
'--version[Print version]' \
&& ret=0
;;
(help)
_arguments "${_arguments_options[@]}" : \
":: :_agsec__subcmd__help_commands" \
"*::: :->help" \
&& ret=0

    case $state in
    (help)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:agsec-help-command-$line[1]:"
        case $line[1] in
            (init)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(install)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(policy)
_arguments "${_arguments_options[@]}" : \
":: :_agsec__subcmd__help__subcmd__policy_commands" \
"*::: :->policy" \
&& ret=0

    case $state in
    (policy)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:agsec-help-policy-command-$line[1]:"
        case $line[1] in
            (add)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(list)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(remove)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
        esac
    ;;
esac
;;
(validate)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(test)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(check)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(explain)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(audit)
_arguments "${_arguments_options[@]}" : \
":: :_agsec__subcmd__help__subcmd__audit_commands" \
"*::: :->audit" \
&& ret=0

    case $state in
    (audit)
        words=($line[1] "${words[@]}")
        (( CURRENT += 1 ))
        curcontext="${curcontext%:*:*}:agsec-help-audit-command-$line[1]:"
        case $line[1] in
            (export)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(verify)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(prune)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
        esac
    ;;
esac
;;
(pending)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(approve)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(reject)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(schema)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(completions)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(man)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(doctor)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(scan)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
(help)
_arguments "${_arguments_options[@]}" : \
&& ret=0
;;
        esac
    ;;
esac
;;
        esac
    ;;
esac
}

(( $+functions[_agsec_commands] )) ||
_agsec_commands() {
    local commands; commands=(
'init:Write the default policies into \`policies/\` of the current directory' \
'install:Register agsec as the pre-tool hook of an agent (claude-code, codex)' \
'policy:List, add or remove policy statements' \
'validate:Check policy files and report every problem with file\:line\:column' \
'test:Run the examples policies carry and print \`N passed, N failed\`' \
'check:Judge one tool call read as JSON on stdin (the hook command agents run)' \
'explain:Show why a command or tool call would be allowed, reviewed or denied\: the action, the shell analysis, every statement and condition considered, and the decision' \
'audit:Show the audit log of decisions' \
'pending:List reviews waiting for a person (queued when no one could be asked during the call)' \
'approve:Approve a queued review\: the same call is then allowed once' \
'reject:Reject a queued review' \
'schema:Print the JSON Schema of policy files (editors validate and complete with it)' \
'completions:Print the completion script of a shell (bash, zsh, fish, powershell, elvish)' \
'man:Print the man page (roff)' \
'doctor:Check that agsec really guards the agents\: installation, binary, policies, audit store, and a dangerous and a harmless call sent through each installed hook' \
'scan:Screen a tool'\''s output for prompt injection (the post-tool hook command agents run)' \
'help:Print this message or the help of the given subcommand(s)' \
    )
    _describe -t commands 'agsec commands' commands "$@"
}
(( $+functions[_agsec__subcmd__approve_commands] )) ||
_agsec__subcmd__approve_commands() {
    local commands; commands=()
    _describe -t commands 'agsec approve commands' commands "$@"
}
(( $+functions[_agsec__subcmd__audit_commands] )) ||
_agsec__subcmd__audit_commands() {
    local commands; commands=(
'export:Write the matching records as JSON lines or CSV (stdout unless --output)' \
'verify:Check the hash chain and the head witness beside the store; exit 1 naming the first altered, deleted or inserted row, or the rows cut from the end or start' \
'prune:Delete records older than an age (\`90d\`) or a date, keeping the rest verifiable' \
'help:Print this message or the help of the given subcommand(s)' \
    )
    _describe -t commands 'agsec audit commands' commands "$@"
}
(( $+functions[_agsec__subcmd__audit__subcmd__export_commands] )) ||
_agsec__subcmd__audit__subcmd__export_commands() {
    local commands; commands=()
    _describe -t commands 'agsec audit export commands' commands "$@"
}
(( $+functions[_agsec__subcmd__audit__subcmd__help_commands] )) ||
_agsec__subcmd__audit__subcmd__help_commands() {
    local commands; commands=(
'export:Write the matching records as JSON lines or CSV (stdout unless --output)' \
'verify:Check the hash chain and the head witness beside the store; exit 1 naming the first altered, deleted or inserted row, or the rows cut from the end or start' \
'prune:Delete records older than an age (\`90d\`) or a date, keeping the rest verifiable' \
'help:Print this message or the help of the given subcommand(s)' \
    )
    _describe -t commands 'agsec audit help commands' commands "$@"
}
(( $+functions[_agsec__subcmd__audit__subcmd__help__subcmd__export_commands] )) ||
_agsec__subcmd__audit__subcmd__help__subcmd__export_commands() {
    local commands; commands=()
    _describe -t commands 'agsec audit help export commands' commands "$@"
}
(( $+functions[_agsec__subcmd__audit__subcmd__help__subcmd__help_commands] )) ||
_agsec__subcmd__audit__subcmd__help__subcmd__help_commands() {
    local commands; commands=()
    _describe -t commands 'agsec audit help help commands' commands "$@"
}
(( $+functions[_agsec__subcmd__audit__subcmd__help__subcmd__prune_commands] )) ||
_agsec__subcmd__audit__subcmd__help__subcmd__prune_commands() {
    local commands; commands=()
    _describe -t commands 'agsec audit help prune commands' commands "$@"
}
(( $+functions[_agsec__subcmd__audit__subcmd__help__subcmd__verify_commands] )) ||
_agsec__subcmd__audit__subcmd__help__subcmd__verify_commands() {
    local commands; commands=()
    _describe -t commands 'agsec audit help verify commands' commands "$@"
}
(( $+functions[_agsec__subcmd__audit__subcmd__prune_commands] )) ||
_agsec__subcmd__audit__subcmd__prune_commands() {
    local commands; commands=()
    _describe -t commands 'agsec audit prune commands' commands "$@"
}
(( $+functions[_agsec__subcmd__audit__subcmd__verify_commands] )) ||
_agsec__subcmd__audit__subcmd__verify_commands() {
    local commands; commands=()
    _describe -t commands 'agsec audit verify commands' commands "$@"
}
(( $+functions[_agsec__subcmd__check_commands] )) ||
_agsec__subcmd__check_commands() {
    local commands; commands=()
    _describe -t commands 'agsec check commands' commands "$@"
}
(( $+functions[_agsec__subcmd__completions_commands] )) ||
_agsec__subcmd__completions_commands() {
    local commands; commands=()
    _describe -t commands 'agsec completions commands' commands "$@"
}
(( $+functions[_agsec__subcmd__doctor_commands] )) ||
_agsec__subcmd__doctor_commands() {
    local commands; commands=()
    _describe -t commands 'agsec doctor commands' commands "$@"
}
(( $+functions[_agsec__subcmd__explain_commands] )) ||
_agsec__subcmd__explain_commands() {
    local commands; commands=()
    _describe -t commands 'agsec explain commands' commands "$@"
}
(( $+functions[_agsec__subcmd__help_commands] )) ||
_agsec__subcmd__help_commands() {
    local commands; commands=(
'init:Write the default policies into \`policies/\` of the current directory' \
'install:Register agsec as the pre-tool hook of an agent (claude-code, codex)' \
'policy:List, add or remove policy statements' \
'validate:Check policy files and report every problem with file\:line\:column' \
'test:Run the examples policies carry and print \`N passed, N failed\`' \
'check:Judge one tool call read as JSON on stdin (the hook command agents run)' \
'explain:Show why a command or tool call would be allowed, reviewed or denied\: the action, the shell analysis, every statement and condition considered, and the decision' \
'audit:Show the audit log of decisions' \
'pending:List reviews waiting for a person (queued when no one could be asked during the call)' \
'approve:Approve a queued review\: the same call is then allowed once' \
'reject:Reject a queued review' \
'schema:Print the JSON Schema of policy files (editors validate and complete with it)' \
'completions:Print the completion script of a shell (bash, zsh, fish, powershell, elvish)' \
'man:Print the man page (roff)' \
'doctor:Check that agsec really guards the agents\: installation, binary, policies, audit store, and a dangerous and a harmless call sent through each installed hook' \
'scan:Screen a tool'\''s output for prompt injection (the post-tool hook command agents run)' \
'help:Print this message or the help of the given subcommand(s)' \
    )
    _describe -t commands 'agsec help commands' commands "$@"
}
(( $+functions[_agsec__subcmd__help__subcmd__approve_commands] )) ||
_agsec__subcmd__help__subcmd__approve_commands() {
    local commands; commands=()
    _describe -t commands 'agsec help approve commands' commands "$@"
}
(( $+functions[_agsec__subcmd__help__subcmd__audit_commands] )) ||
_agsec__subcmd__help__subcmd__audit_commands() {
    local commands; commands=(
'export:Write the matching records as JSON lines or CSV (stdout unless --output)' \
'verify:Check the hash chain and the head witness beside the store; exit 1 naming the first altered, deleted or inserted row, or the rows cut from the end or start' \
'prune:Delete records older than an age (\`90d\`) or a date, keeping the rest verifiable' \
    )
    _describe -t commands 'agsec help audit commands' commands "$@"
}
(( $+functions[_agsec__subcmd__help__subcmd__audit__subcmd__export_commands] )) ||
_agsec__subcmd__help__subcmd__audit__subcmd__export_commands() {
    local commands; commands=()
    _describe -t commands 'agsec help audit export commands' commands "$@"
}
(( $+functions[_agsec__subcmd__help__subcmd__audit__subcmd__prune_commands] )) ||
_agsec__subcmd__help__subcmd__audit__subcmd__prune_commands() {
    local commands; commands=()
    _describe -t commands 'agsec help audit prune commands' commands "$@"
}
(( $+functions[_agsec__subcmd__help__subcmd__audit__subcmd__verify_commands] )) ||
_agsec__subcmd__help__subcmd__audit__subcmd__verify_commands() {
    local commands; commands=()
    _describe -t commands 'agsec help audit verify commands' commands "$@"
}
(( $+functions[_agsec__subcmd__help__subcmd__check_commands] )) ||
_agsec__subcmd__help__subcmd__check_commands() {
    local commands; commands=()
    _describe -t commands 'agsec help check commands' commands "$@"
}
(( $+functions[_agsec__subcmd__help__subcmd__completions_commands] )) ||
_agsec__subcmd__help__subcmd__completions_commands() {
    local commands; commands=()
    _describe -t commands 'agsec help completions commands' commands "$@"
}
(( $+functions[_agsec__subcmd__help__subcmd__doctor_commands] )) ||
_agsec__subcmd__help__subcmd__doctor_commands() {
    local commands; commands=()
    _describe -t commands 'agsec help doctor commands' commands "$@"
}
(( $+functions[_agsec__subcmd__help__subcmd__explain_commands] )) ||
_agsec__subcmd__help__subcmd__explain_commands() {
    local commands; commands=()
    _describe -t commands 'agsec help explain commands' commands "$@"
}
(( $+functions[_agsec__subcmd__help__subcmd__help_commands] )) ||
_agsec__subcmd__help__subcmd__help_commands() {
    local commands; commands=()
    _describe -t commands 'agsec help help commands' commands "$@"
}
(( $+functions[_agsec__subcmd__help__subcmd__init_commands] )) ||
_agsec__subcmd__help__subcmd__init_commands() {
    local commands; commands=()
    _describe -t commands 'agsec help init commands' commands "$@"
}
(( $+functions[_agsec__subcmd__help__subcmd__install_commands] )) ||
_agsec__subcmd__help__subcmd__install_commands() {
    local commands; commands=()
    _describe -t commands 'agsec help install commands' commands "$@"
}
(( $+functions[_agsec__subcmd__help__subcmd__man_commands] )) ||
_agsec__subcmd__help__subcmd__man_commands() {
    local commands; commands=()
    _describe -t commands 'agsec help man commands' commands "$@"
}
(( $+functions[_agsec__subcmd__help__subcmd__pending_commands] )) ||
_agsec__subcmd__help__subcmd__pending_commands() {
    local commands; commands=()
    _describe -t commands 'agsec help pending commands' commands "$@"
}
(( $+functions[_agsec__subcmd__help__subcmd__policy_commands] )) ||
_agsec__subcmd__help__subcmd__policy_commands() {
    local commands; commands=(
'add:Add a statement\: with flags, or asked step by step at a terminal' \
'list:List every statement of the merged policy set' \
'remove:Remove a statement by sid, keeping the rest of its file as it is' \
    )
    _describe -t commands 'agsec help policy commands' commands "$@"
}
(( $+functions[_agsec__subcmd__help__subcmd__policy__subcmd__add_commands] )) ||
_agsec__subcmd__help__subcmd__policy__subcmd__add_commands() {
    local commands; commands=()
    _describe -t commands 'agsec help policy add commands' commands "$@"
}
(( $+functions[_agsec__subcmd__help__subcmd__policy__subcmd__list_commands] )) ||
_agsec__subcmd__help__subcmd__policy__subcmd__list_commands() {
    local commands; commands=()
    _describe -t commands 'agsec help policy list commands' commands "$@"
}
(( $+functions[_agsec__subcmd__help__subcmd__policy__subcmd__remove_commands] )) ||
_agsec__subcmd__help__subcmd__policy__subcmd__remove_commands() {
    local commands; commands=()
    _describe -t commands 'agsec help policy remove commands' commands "$@"
}
(( $+functions[_agsec__subcmd__help__subcmd__reject_commands] )) ||
_agsec__subcmd__help__subcmd__reject_commands() {
    local commands; commands=()
    _describe -t commands 'agsec help reject commands' commands "$@"
}
(( $+functions[_agsec__subcmd__help__subcmd__scan_commands] )) ||
_agsec__subcmd__help__subcmd__scan_commands() {
    local commands; commands=()
    _describe -t commands 'agsec help scan commands' commands "$@"
}
(( $+functions[_agsec__subcmd__help__subcmd__schema_commands] )) ||
_agsec__subcmd__help__subcmd__schema_commands() {
    local commands; commands=()
    _describe -t commands 'agsec help schema commands' commands "$@"
}
(( $+functions[_agsec__subcmd__help__subcmd__test_commands] )) ||
_agsec__subcmd__help__subcmd__test_commands() {
    local commands; commands=()
    _describe -t commands 'agsec help test commands' commands "$@"
}
(( $+functions[_agsec__subcmd__help__subcmd__validate_commands] )) ||
_agsec__subcmd__help__subcmd__validate_commands() {
    local commands; commands=()
    _describe -t commands 'agsec help validate commands' commands "$@"
}
(( $+functions[_agsec__subcmd__init_commands] )) ||
_agsec__subcmd__init_commands() {
    local commands; commands=()
    _describe -t commands 'agsec init commands' commands "$@"
}
(( $+functions[_agsec__subcmd__install_commands] )) ||
_agsec__subcmd__install_commands() {
    local commands; commands=()
    _describe -t commands 'agsec install commands' commands "$@"
}
(( $+functions[_agsec__subcmd__man_commands] )) ||
_agsec__subcmd__man_commands() {
    local commands; commands=()
    _describe -t commands 'agsec man commands' commands "$@"
}
(( $+functions[_agsec__subcmd__pending_commands] )) ||
_agsec__subcmd__pending_commands() {
    local commands; commands=()
    _describe -t commands 'agsec pending commands' commands "$@"
}
(( $+functions[_agsec__subcmd__policy_commands] )) ||
_agsec__subcmd__policy_commands() {
    local commands; commands=(
'add:Add a statement\: with flags, or asked step by step at a terminal' \
'list:List every statement of the merged policy set' \
'remove:Remove a statement by sid, keeping the rest of its file as it is' \
'help:Print this message or the help of the given subcommand(s)' \
    )
    _describe -t commands 'agsec policy commands' commands "$@"
}
(( $+functions[_agsec__subcmd__policy__subcmd__add_commands] )) ||
_agsec__subcmd__policy__subcmd__add_commands() {
    local commands; commands=()
    _describe -t commands 'agsec policy add commands' commands "$@"
}
(( $+functions[_agsec__subcmd__policy__subcmd__help_commands] )) ||
_agsec__subcmd__policy__subcmd__help_commands() {
    local commands; commands=(
'add:Add a statement\: with flags, or asked step by step at a terminal' \
'list:List every statement of the merged policy set' \
'remove:Remove a statement by sid, keeping the rest of its file as it is' \
'help:Print this message or the help of the given subcommand(s)' \
    )
    _describe -t commands 'agsec policy help commands' commands "$@"
}
(( $+functions[_agsec__subcmd__policy__subcmd__help__subcmd__add_commands] )) ||
_agsec__subcmd__policy__subcmd__help__subcmd__add_commands() {
    local commands; commands=()
    _describe -t commands 'agsec policy help add commands' commands "$@"
}
(( $+functions[_agsec__subcmd__policy__subcmd__help__subcmd__help_commands] )) ||
_agsec__subcmd__policy__subcmd__help__subcmd__help_commands() {
    local commands; commands=()
    _describe -t commands 'agsec policy help help commands' commands "$@"
}
(( $+functions[_agsec__subcmd__policy__subcmd__help__subcmd__list_commands] )) ||
_agsec__subcmd__policy__subcmd__help__subcmd__list_commands() {
    local commands; commands=()
    _describe -t commands 'agsec policy help list commands' commands "$@"
}
(( $+functions[_agsec__subcmd__policy__subcmd__help__subcmd__remove_commands] )) ||
_agsec__subcmd__policy__subcmd__help__subcmd__remove_commands() {
    local commands; commands=()
    _describe -t commands 'agsec policy help remove commands' commands "$@"
}
(( $+functions[_agsec__subcmd__policy__subcmd__list_commands] )) ||
_agsec__subcmd__policy__subcmd__list_commands() {
    local commands; commands=()
    _describe -t commands 'agsec policy list commands' commands "$@"
}
(( $+functions[_agsec__subcmd__policy__subcmd__remove_commands] )) ||
_agsec__subcmd__policy__subcmd__remove_commands() {
    local commands; commands=()
    _describe -t commands 'agsec policy remove commands' commands "$@"
}
(( $+functions[_agsec__subcmd__reject_commands] )) ||
_agsec__subcmd__reject_commands() {
    local commands; commands=()
    _describe -t commands 'agsec reject commands' commands "$@"
}
(( $+functions[_agsec__subcmd__scan_commands] )) ||
_agsec__subcmd__scan_commands() {
    local commands; commands=()
    _describe -t commands 'agsec scan commands' commands "$@"
}
(( $+functions[_agsec__subcmd__schema_commands] )) ||
_agsec__subcmd__schema_commands() {
    local commands; commands=()
    _describe -t commands 'agsec schema commands' commands "$@"
}
(( $+functions[_agsec__subcmd__test_commands] )) ||
_agsec__subcmd__test_commands() {
    local commands; commands=()
    _describe -t commands 'agsec test commands' commands "$@"
}
(( $+functions[_agsec__subcmd__validate_commands] )) ||
_agsec__subcmd__validate_commands() {
    local commands; commands=()
    _describe -t commands 'agsec validate commands' commands "$@"
}

if [ "$funcstack[1]" = "_agsec" ]; then
    _agsec "$@"
else
    compdef _agsec agsec
fi
