
use builtin;
use str;

set edit:completion:arg-completer[agsec] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'agsec'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'agsec'= {
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand init 'Write the default policies into `policies/` of the current directory'
            cand install 'Register agsec as the pre-tool hook of an agent (claude-code, codex)'
            cand policy 'List, add or remove policy statements'
            cand validate 'Check policy files and report every problem with file:line:column'
            cand test 'Run the examples policies carry and print `N passed, N failed`'
            cand check 'Judge one tool call read as JSON on stdin (the hook command agents run)'
            cand explain 'Show why a command or tool call would be allowed, reviewed or denied: the action, the shell analysis, every statement and condition considered, and the decision'
            cand audit 'Show the audit log of decisions'
            cand pending 'List reviews waiting for a person (queued when no one could be asked during the call)'
            cand approve 'Approve a queued review: the same call is then allowed once'
            cand reject 'Reject a queued review'
            cand schema 'Print the JSON Schema of policy files (editors validate and complete with it)'
            cand completions 'Print the completion script of a shell (bash, zsh, fish, powershell, elvish)'
            cand man 'Print the man page (roff)'
            cand doctor 'Check that agsec really guards the agents: installation, binary, policies, audit store, and a dangerous and a harmless call sent through each installed hook'
            cand scan 'Screen a tool''s output for prompt injection (the post-tool hook command agents run)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'agsec;init'= {
            cand --dir 'The directory to create `policies/` in [default: the current directory]'
            cand --preset 'How much the policies allow: strict (deny by default, allow read-only work), standard (allow ordinary work, ask about the rest) or permissive (allow by default; every principle kept)'
            cand --force 'Overwrite existing default policy files'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'agsec;install'= {
            cand --policy-dir 'Policy directory the hook passes to `agsec check` [default: <project>/policies; with `--user`: none, `check` then finds `policies/` from the tool call''s working directory]'
            cand --project-dir 'The project to install into [default: the current directory]'
            cand --user 'Change the person''s settings (`~/.claude/settings.json`, `$CODEX_HOME/hooks.json`, `~/.gemini/settings.json`, `$COPILOT_HOME/hooks/agsec.json`) instead of the project''s'
            cand --uninstall 'Remove agsec''s hooks instead of adding them'
            cand --dry-run 'Print the resulting file instead of writing it'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'agsec;policy'= {
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand add 'Add a statement: with flags, or asked step by step at a terminal'
            cand list 'List every statement of the merged policy set'
            cand remove 'Remove a statement by sid, keeping the rest of its file as it is'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'agsec;policy;add'= {
            cand --policy-dir 'The policy directory [default: the nearest `policies/` above the working directory]'
            cand --sid 'A name for the statement, unique across the directory. Without it, at a terminal, agsec asks for every part in turn'
            cand --effect 'allow, deny or review'
            cand --action 'An action name or glob the statement applies to (`bash.execute`, `file.*`); repeat for several'
            cand --condition 'A condition `FIELD OP VALUE`, such as `params.command regex \brm\s` or `params.git.force exists`; repeat for several. VALUE is YAML (`5`, `true`, `[a, b]`, `"text"`), taken literally for contains, starts_with, ends_with and regex unless quoted'
            cand --match 'Whether all conditions must hold, or any one'
            cand --reason 'What the agent is told when the statement decides (say what to do instead)'
            cand --description 'Free text for people reading the policy'
            cand --file 'The file in the policy directory to add to (created with a header when missing)'
            cand --dry-run 'Show the change as a unified diff and write nothing'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'agsec;policy;list'= {
            cand --policy-dir 'The policy directory [default: the nearest `policies/` above the working directory]'
            cand --effect 'Only statements with this effect (allow, deny, review)'
            cand --action 'Only statements concerning this action: a name (`bash.execute`) their globs match, or a glob (`file.*`) matching one of their action patterns'
            cand --json 'Print the statements as a JSON array'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'agsec;policy;remove'= {
            cand --policy-dir 'The policy directory [default: the nearest `policies/` above the working directory]'
            cand --dry-run 'Show the change as a unified diff and write nothing'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'agsec;policy;help'= {
            cand add 'Add a statement: with flags, or asked step by step at a terminal'
            cand list 'List every statement of the merged policy set'
            cand remove 'Remove a statement by sid, keeping the rest of its file as it is'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'agsec;policy;help;add'= {
        }
        &'agsec;policy;help;list'= {
        }
        &'agsec;policy;help;remove'= {
        }
        &'agsec;policy;help;help'= {
        }
        &'agsec;validate'= {
            cand --policy-dir 'The policy directory [default: the nearest `policies/` above the working directory]'
            cand --json 'Print the result as JSON'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'agsec;test'= {
            cand --policy-dir 'The policy directory [default: the nearest `policies/` above the working directory]'
            cand -v 'Also list the examples that passed'
            cand --verbose 'Also list the examples that passed'
            cand --json 'Print every result as JSON'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'agsec;check'= {
            cand --agent 'The agent whose hook protocol to speak [default: detected from the payload]'
            cand --policy-dir 'The policy directory [default: the nearest `policies/` above the working directory]'
            cand --defaults 'Judge with the default policies built into the binary (a preset name; default standard) instead of a policy directory'
            cand --config 'The settings file [default: `agsec.yaml` beside the policy directory]'
            cand --audit-db 'The audit store [default: `audit.db` in the platform data directory]'
            cand --json 'Print the policy decision as JSON (`decision`, `sid`, `reason`, `matched_by`) without prompting; exit 0 for allow, 2 otherwise'
            cand --no-audit 'Do not record the decision (for benchmarks and experiments)'
            cand --explain 'Print why the call gets its decision (the action, the shell analysis, every statement and condition considered) instead of answering in the hook protocol; with `--json`, as JSON. Never prompts or records; exit 0 for allow, 2 otherwise'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'agsec;explain'= {
            cand --tool 'An agent tool (Claude Code''s names: Write, Edit, Read, Glob, Grep, WebFetch, mcp__<server>__<tool> …)'
            cand --path 'The file a `--tool` works on (its `file_path`, `notebook_path` or `path`)'
            cand --url 'The URL of a `--tool WebFetch`'
            cand --action 'An action name (`mcp.github.create_issue`, `web.fetch` …), judged as a plain action'
            cand --param 'A parameter of the tool input or action, `KEY=VALUE` (repeatable). The value is read as JSON when it is JSON (`5`, `true`, `["a","b"]`), as text otherwise'
            cand --policy-dir 'The policy directory [default: the nearest `policies/` above the working directory]'
            cand --config 'The settings file [default: `agsec.yaml` beside the policy directory]'
            cand --audit-db 'The audit store [default: `audit.db` in the platform data directory]'
            cand --cwd 'The directory the call is made in [default: the current directory]'
            cand --json 'Print the explanation as JSON'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'agsec;audit'= {
            cand --audit-db 'The audit store to read'
            cand --since 'Only records since a time: `30m`, `1h`, `2d` ago, or a date (`2025-05-01`, RFC 3339)'
            cand --decision 'Only this policy decision'
            cand --action 'Only actions matching this glob (`bash.*`, `mcp.*`)'
            cand --agent 'Only this agent (`claude-code`, `codex` …)'
            cand --session 'Only this agent session id'
            cand --sid 'Only decisions made by this policy statement'
            cand --limit 'Show at most N records, the most recent (0: all) [default: 50]'
            cand --json 'Print JSON for scripts'
            cand --stats 'Totals and shares by decision, action, policy, agent; top blocked calls; a timeline'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand export 'Write the matching records as JSON lines or CSV (stdout unless --output)'
            cand verify 'Check the hash chain and the head witness beside the store; exit 1 naming the first altered, deleted or inserted row, or the rows cut from the end or start'
            cand prune 'Delete records older than an age (`90d`) or a date, keeping the rest verifiable'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'agsec;audit;export'= {
            cand --format 'format'
            cand -o 'Write to this file instead of stdout'
            cand --output 'Write to this file instead of stdout'
            cand --since 'Only records since a time: `30m`, `1h`, `2d` ago, or a date (`2025-05-01`, RFC 3339)'
            cand --decision 'Only this policy decision'
            cand --action 'Only actions matching this glob (`bash.*`, `mcp.*`)'
            cand --agent 'Only this agent (`claude-code`, `codex` …)'
            cand --session 'Only this agent session id'
            cand --sid 'Only decisions made by this policy statement'
            cand --audit-db 'The audit store to read'
            cand --json 'Print JSON for scripts'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'agsec;audit;verify'= {
            cand --audit-db 'The audit store to read'
            cand --reset-witness 'After reading a witness problem: accept the store as it now is and write the witness again from it'
            cand --json 'Print JSON for scripts'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'agsec;audit;prune'= {
            cand --older-than 'older-than'
            cand --audit-db 'The audit store to read'
            cand --json 'Print JSON for scripts'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'agsec;audit;help'= {
            cand export 'Write the matching records as JSON lines or CSV (stdout unless --output)'
            cand verify 'Check the hash chain and the head witness beside the store; exit 1 naming the first altered, deleted or inserted row, or the rows cut from the end or start'
            cand prune 'Delete records older than an age (`90d`) or a date, keeping the rest verifiable'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'agsec;audit;help;export'= {
        }
        &'agsec;audit;help;verify'= {
        }
        &'agsec;audit;help;prune'= {
        }
        &'agsec;audit;help;help'= {
        }
        &'agsec;pending'= {
            cand --audit-db 'The audit store holding the queue [default: the platform data directory]'
            cand --all 'Also list decided requests'
            cand --json 'Print the requests as JSON'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'agsec;approve'= {
            cand --reason 'Why (kept in the audit log)'
            cand --audit-db 'The audit store holding the queue [default: the platform data directory]'
            cand --policy-dir 'The policy directory [default: the nearest `policies/` above the working directory]'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'agsec;reject'= {
            cand --reason 'Why (kept in the audit log)'
            cand --audit-db 'The audit store holding the queue [default: the platform data directory]'
            cand --policy-dir 'The policy directory [default: the nearest `policies/` above the working directory]'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'agsec;schema'= {
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'agsec;completions'= {
            cand --write 'Write every shell''s script and the man page into DIR instead (how the repository''s `completions/` is refreshed: `cargo run -- completions --write completions`)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'agsec;man'= {
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'agsec;doctor'= {
            cand --project-dir 'The project whose hooks to check and in which to run the probes [default: the current directory]'
            cand --json 'Print the result as JSON'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'agsec;scan'= {
            cand --agent 'The agent that sends the payload [default: detected; a payload that is unmistakably another agent''s is answered in that agent''s protocol]'
            cand --sensitivity 'How eager the screen is: low, medium or high [default: `screen.sensitivity` in agsec.yaml, else medium]'
            cand --action 'What a finding does: warn (a note for the model) or block (the agent''s block form, which replaces the output with the warning) [default: `screen.action`, else warn]'
            cand --policy-dir 'The policy directory [default: the nearest `policies/` above the working directory]'
            cand --config 'The settings file [default: `agsec.yaml` beside the policy directory]'
            cand --audit-db 'The audit store [default: `audit.db` in the platform data directory]'
            cand --text 'Read plain text instead of a hook payload and print the findings as a JSON array'
            cand --no-audit 'Record nothing: no audit row, no remembered secrets'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'agsec;help'= {
            cand init 'Write the default policies into `policies/` of the current directory'
            cand install 'Register agsec as the pre-tool hook of an agent (claude-code, codex)'
            cand policy 'List, add or remove policy statements'
            cand validate 'Check policy files and report every problem with file:line:column'
            cand test 'Run the examples policies carry and print `N passed, N failed`'
            cand check 'Judge one tool call read as JSON on stdin (the hook command agents run)'
            cand explain 'Show why a command or tool call would be allowed, reviewed or denied: the action, the shell analysis, every statement and condition considered, and the decision'
            cand audit 'Show the audit log of decisions'
            cand pending 'List reviews waiting for a person (queued when no one could be asked during the call)'
            cand approve 'Approve a queued review: the same call is then allowed once'
            cand reject 'Reject a queued review'
            cand schema 'Print the JSON Schema of policy files (editors validate and complete with it)'
            cand completions 'Print the completion script of a shell (bash, zsh, fish, powershell, elvish)'
            cand man 'Print the man page (roff)'
            cand doctor 'Check that agsec really guards the agents: installation, binary, policies, audit store, and a dangerous and a harmless call sent through each installed hook'
            cand scan 'Screen a tool''s output for prompt injection (the post-tool hook command agents run)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'agsec;help;init'= {
        }
        &'agsec;help;install'= {
        }
        &'agsec;help;policy'= {
            cand add 'Add a statement: with flags, or asked step by step at a terminal'
            cand list 'List every statement of the merged policy set'
            cand remove 'Remove a statement by sid, keeping the rest of its file as it is'
        }
        &'agsec;help;policy;add'= {
        }
        &'agsec;help;policy;list'= {
        }
        &'agsec;help;policy;remove'= {
        }
        &'agsec;help;validate'= {
        }
        &'agsec;help;test'= {
        }
        &'agsec;help;check'= {
        }
        &'agsec;help;explain'= {
        }
        &'agsec;help;audit'= {
            cand export 'Write the matching records as JSON lines or CSV (stdout unless --output)'
            cand verify 'Check the hash chain and the head witness beside the store; exit 1 naming the first altered, deleted or inserted row, or the rows cut from the end or start'
            cand prune 'Delete records older than an age (`90d`) or a date, keeping the rest verifiable'
        }
        &'agsec;help;audit;export'= {
        }
        &'agsec;help;audit;verify'= {
        }
        &'agsec;help;audit;prune'= {
        }
        &'agsec;help;pending'= {
        }
        &'agsec;help;approve'= {
        }
        &'agsec;help;reject'= {
        }
        &'agsec;help;schema'= {
        }
        &'agsec;help;completions'= {
        }
        &'agsec;help;man'= {
        }
        &'agsec;help;doctor'= {
        }
        &'agsec;help;scan'= {
        }
        &'agsec;help;help'= {
        }
    ]
    $completions[$command]
}
