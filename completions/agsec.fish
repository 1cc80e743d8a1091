# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_agsec_global_optspecs
    string join \n h/help V/version
end

function __fish_agsec_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_agsec_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_agsec_using_subcommand
    set -l cmd (__fish_agsec_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c agsec -n "__fish_agsec_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c agsec -n "__fish_agsec_needs_command" -s V -l version -d 'Print version'
complete -c agsec -n "__fish_agsec_needs_command" -f -a "init" -d 'Write the default policies into `policies/` of the current directory'
complete -c agsec -n "__fish_agsec_needs_command" -f -a "install" -d 'Register agsec as the pre-tool hook of an agent (claude-code, codex)'
complete -c agsec -n "__fish_agsec_needs_command" -f -a "policy" -d 'List, add or remove policy statements'
complete -c agsec -n "__fish_agsec_needs_command" -f -a "validate" -d 'Check policy files and report every problem with file:line:column'
complete -c agsec -n "__fish_agsec_needs_command" -f -a "test" -d 'Run the examples policies carry and print `N passed, N failed`'
complete -c agsec -n "__fish_agsec_needs_command" -f -a "check" -d 'Judge one tool call read as JSON on stdin (the hook command agents run)'
complete -c agsec -n "__fish_agsec_needs_command" -f -a "explain" -d 'Show why a command or tool call would be allowed, reviewed or denied: the action, the shell analysis, every statement and condition considered, and the decision'
complete -c agsec -n "__fish_agsec_needs_command" -f -a "audit" -d 'Show the audit log of decisions'
complete -c agsec -n "__fish_agsec_needs_command" -f -a "pending" -d 'List reviews waiting for a person (queued when no one could be asked during the call)'
complete -c agsec -n "__fish_agsec_needs_command" -f -a "approve" -d 'Approve a queued review: the same call is then allowed once'
complete -c agsec -n "__fish_agsec_needs_command" -f -a "reject" -d 'Reject a queued review'
complete -c agsec -n "__fish_agsec_needs_command" -f -a "schema" -d 'Print the JSON Schema of policy files (editors validate and complete with it)'
complete -c agsec -n "__fish_agsec_needs_command" -f -a "completions" -d 'Print the completion script of a shell (bash, zsh, fish, powershell, elvish)'
complete -c agsec -n "__fish_agsec_needs_command" -f -a "man" -d 'Print the man page (roff)'
complete -c agsec -n "__fish_agsec_needs_command" -f -a "doctor" -d 'Check that agsec really guards the agents: installation, binary, policies, audit store, and a dangerous and a harmless call sent through each installed hook'
complete -c agsec -n "__fish_agsec_needs_command" -f -a "scan" -d 'Screen a tool\'s output for prompt injection (the post-tool hook command agents run)'
complete -c agsec -n "__fish_agsec_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c agsec -n "__fish_agsec_using_subcommand init" -l dir -d 'The directory to create `policies/` in [default: the current directory]' -r -F
complete -c agsec -n "__fish_agsec_using_subcommand init" -l preset -d 'How much the policies allow: strict (deny by default, allow read-only work), standard (allow ordinary work, ask about the rest) or permissive (allow by default; every principle kept)' -r
complete -c agsec -n "__fish_agsec_using_subcommand init" -l force -d 'Overwrite existing default policy files'
complete -c agsec -n "__fish_agsec_using_subcommand init" -s h -l help -d 'Print help'
complete -c agsec -n "__fish_agsec_using_subcommand init" -s V -l version -d 'Print version'
complete -c agsec -n "__fish_agsec_using_subcommand install" -l policy-dir -d 'Policy directory the hook passes to `agsec check` [default: <project>/policies; with `--user`: none, `check` then finds `policies/` from the tool call\'s working directory]' -r -F
complete -c agsec -n "__fish_agsec_using_subcommand install" -l project-dir -d 'The project to install into [default: the current directory]' -r -F
complete -c agsec -n "__fish_agsec_using_subcommand install" -l user -d 'Change the person\'s settings (`~/.claude/settings.json`, `$CODEX_HOME/hooks.json`, `~/.gemini/settings.json`, `$COPILOT_HOME/hooks/agsec.json`) instead of the project\'s'
complete -c agsec -n "__fish_agsec_using_subcommand install" -l uninstall -d 'Remove agsec\'s hooks instead of adding them'
complete -c agsec -n "__fish_agsec_using_subcommand install" -l dry-run -d 'Print the resulting file instead of writing it'
complete -c agsec -n "__fish_agsec_using_subcommand install" -s h -l help -d 'Print help'
complete -c agsec -n "__fish_agsec_using_subcommand install" -s V -l version -d 'Print version'
complete -c agsec -n "__fish_agsec_using_subcommand policy; and not __fish_seen_subcommand_from add list remove help" -s h -l help -d 'Print help'
complete -c agsec -n "__fish_agsec_using_subcommand policy; and not __fish_seen_subcommand_from add list remove help" -s V -l version -d 'Print version'
complete -c agsec -n "__fish_agsec_using_subcommand policy; and not __fish_seen_subcommand_from add list remove help" -f -a "add" -d 'Add a statement: with flags, or asked step by step at a terminal'
complete -c agsec -n "__fish_agsec_using_subcommand policy; and not __fish_seen_subcommand_from add list remove help" -f -a "list" -d 'List every statement of the merged policy set'
complete -c agsec -n "__fish_agsec_using_subcommand policy; and not __fish_seen_subcommand_from add list remove help" -f -a "remove" -d 'Remove a statement by sid, keeping the rest of its file as it is'
complete -c agsec -n "__fish_agsec_using_subcommand policy; and not __fish_seen_subcommand_from add list remove help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c agsec -n "__fish_agsec_using_subcommand policy; and __fish_seen_subcommand_from add" -l policy-dir -d 'The policy directory [default: the nearest `policies/` above the working directory]' -r -F
complete -c agsec -n "__fish_agsec_using_subcommand policy; and __fish_seen_subcommand_from add" -l sid -d 'A name for the statement, unique across the directory. Without it, at a terminal, agsec asks for every part in turn' -r
complete -c agsec -n "__fish_agsec_using_subcommand policy; and __fish_seen_subcommand_from add" -l effect -d 'allow, deny or review' -r
complete -c agsec -n "__fish_agsec_using_subcommand policy; and __fish_seen_subcommand_from add" -l action -d 'An action name or glob the statement applies to (`bash.execute`, `file.*`); repeat for several' -r
complete -c agsec -n "__fish_agsec_using_subcommand policy; and __fish_seen_subcommand_from add" -l condition -d 'A condition `FIELD OP VALUE`, such as `params.command regex \\brm\\s` or `params.git.force exists`; repeat for several. VALUE is YAML (`5`, `true`, `[a, b]`, `"text"`), taken literally for contains, starts_with, ends_with and regex unless quoted' -r
complete -c agsec -n "__fish_agsec_using_subcommand policy; and __fish_seen_subcommand_from add" -l match -d 'Whether all conditions must hold, or any one' -r
complete -c agsec -n "__fish_agsec_using_subcommand policy; and __fish_seen_subcommand_from add" -l reason -d 'What the agent is told when the statement decides (say what to do instead)' -r
complete -c agsec -n "__fish_agsec_using_subcommand policy; and __fish_seen_subcommand_from add" -l description -d 'Free text for people reading the policy' -r
complete -c agsec -n "__fish_agsec_using_subcommand policy; and __fish_seen_subcommand_from add" -l file -d 'The file in the policy directory to add to (created with a header when missing)' -r
complete -c agsec -n "__fish_agsec_using_subcommand policy; and __fish_seen_subcommand_from add" -l dry-run -d 'Show the change as a unified diff and write nothing'
complete -c agsec -n "__fish_agsec_using_subcommand policy; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help'
complete -c agsec -n "__fish_agsec_using_subcommand policy; and __fish_seen_subcommand_from add" -s V -l version -d 'Print version'
complete -c agsec -n "__fish_agsec_using_subcommand policy; and __fish_seen_subcommand_from list" -l policy-dir -d 'The policy directory [default: the nearest `policies/` above the working directory]' -r -F
complete -c agsec -n "__fish_agsec_using_subcommand policy; and __fish_seen_subcommand_from list" -l effect -d 'Only statements with this effect (allow, deny, review)' -r
complete -c agsec -n "__fish_agsec_using_subcommand policy; and __fish_seen_subcommand_from list" -l action -d 'Only statements concerning this action: a name (`bash.execute`) their globs match, or a glob (`file.*`) matching one of their action patterns' -r
complete -c agsec -n "__fish_agsec_using_subcommand policy; and __fish_seen_subcommand_from list" -l json -d 'Print the statements as a JSON array'
complete -c agsec -n "__fish_agsec_using_subcommand policy; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c agsec -n "__fish_agsec_using_subcommand policy; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c agsec -n "__fish_agsec_using_subcommand policy; and __fish_seen_subcommand_from remove" -l policy-dir -d 'The policy directory [default: the nearest `policies/` above the working directory]' -r -F
complete -c agsec -n "__fish_agsec_using_subcommand policy; and __fish_seen_subcommand_from remove" -l dry-run -d 'Show the change as a unified diff and write nothing'
complete -c agsec -n "__fish_agsec_using_subcommand policy; and __fish_seen_subcommand_from remove" -s h -l help -d 'Print help'
complete -c agsec -n "__fish_agsec_using_subcommand policy; and __fish_seen_subcommand_from remove" -s V -l version -d 'Print version'
complete -c agsec -n "__fish_agsec_using_subcommand policy; and __fish_seen_subcommand_from help" -f -a "add" -d 'Add a statement: with flags, or asked step by step at a terminal'
complete -c agsec -n "__fish_agsec_using_subcommand policy; and __fish_seen_subcommand_from help" -f -a "list" -d 'List every statement of the merged policy set'
complete -c agsec -n "__fish_agsec_using_subcommand policy; and __fish_seen_subcommand_from help" -f -a "remove" -d 'Remove a statement by sid, keeping the rest of its file as it is'
complete -c agsec -n "__fish_agsec_using_subcommand policy; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c agsec -n "__fish_agsec_using_subcommand validate" -l policy-dir -d 'The policy directory [default: the nearest `policies/` above the working directory]' -r -F
complete -c agsec -n "__fish_agsec_using_subcommand validate" -l json -d 'Print the result as JSON'
complete -c agsec -n "__fish_agsec_using_subcommand validate" -s h -l help -d 'Print help'
complete -c agsec -n "__fish_agsec_using_subcommand validate" -s V -l version -d 'Print version'
complete -c agsec -n "__fish_agsec_using_subcommand test" -l policy-dir -d 'The policy directory [default: the nearest `policies/` above the working directory]' -r -F
complete -c agsec -n "__fish_agsec_using_subcommand test" -s v -l verbose -d 'Also list the examples that passed'
complete -c agsec -n "__fish_agsec_using_subcommand test" -l json -d 'Print every result as JSON'
complete -c agsec -n "__fish_agsec_using_subcommand test" -s h -l help -d 'Print help'
complete -c agsec -n "__fish_agsec_using_subcommand test" -s V -l version -d 'Print version'
complete -c agsec -n "__fish_agsec_using_subcommand check" -l agent -d 'The agent whose hook protocol to speak [default: detected from the payload]' -r
complete -c agsec -n "__fish_agsec_using_subcommand check" -l policy-dir -d 'The policy directory [default: the nearest `policies/` above the working directory]' -r -F
complete -c agsec -n "__fish_agsec_using_subcommand check" -l defaults -d 'Judge with the default policies built into the binary (a preset name; default standard) instead of a policy directory' -r
complete -c agsec -n "__fish_agsec_using_subcommand check" -l config -d 'The settings file [default: `agsec.yaml` beside the policy directory]' -r -F
complete -c agsec -n "__fish_agsec_using_subcommand check" -l audit-db -d 'The audit store [default: `audit.db` in the platform data directory]' -r -F
complete -c agsec -n "__fish_agsec_using_subcommand check" -l json -d 'Print the policy decision as JSON (`decision`, `sid`, `reason`, `matched_by`) without prompting; exit 0 for allow, 2 otherwise'
complete -c agsec -n "__fish_agsec_using_subcommand check" -l no-audit -d 'Do not record the decision (for benchmarks and experiments)'
complete -c agsec -n "__fish_agsec_using_subcommand check" -l explain -d 'Print why the call gets its decision (the action, the shell analysis, every statement and condition considered) instead of answering in the hook protocol; with `--json`, as JSON. Never prompts or records; exit 0 for allow, 2 otherwise'
complete -c agsec -n "__fish_agsec_using_subcommand check" -s h -l help -d 'Print help'
complete -c agsec -n "__fish_agsec_using_subcommand check" -s V -l version -d 'Print version'
complete -c agsec -n "__fish_agsec_using_subcommand explain" -l tool -d 'An agent tool (Claude Code\'s names: Write, Edit, Read, Glob, Grep, WebFetch, mcp__<server>__<tool> …)' -r
complete -c agsec -n "__fish_agsec_using_subcommand explain" -l path -d 'The file a `--tool` works on (its `file_path`, `notebook_path` or `path`)' -r
complete -c agsec -n "__fish_agsec_using_subcommand explain" -l url -d 'The URL of a `--tool WebFetch`' -r
complete -c agsec -n "__fish_agsec_using_subcommand explain" -l action -d 'An action name (`mcp.github.create_issue`, `web.fetch` …), judged as a plain action' -r
complete -c agsec -n "__fish_agsec_using_subcommand explain" -l param -d 'A parameter of the tool input or action, `KEY=VALUE` (repeatable). The value is read as JSON when it is JSON (`5`, `true`, `["a","b"]`), as text otherwise' -r
complete -c agsec -n "__fish_agsec_using_subcommand explain" -l policy-dir -d 'The policy directory [default: the nearest `policies/` above the working directory]' -r -F
complete -c agsec -n "__fish_agsec_using_subcommand explain" -l config -d 'The settings file [default: `agsec.yaml` beside the policy directory]' -r -F
complete -c agsec -n "__fish_agsec_using_subcommand explain" -l audit-db -d 'The audit store [default: `audit.db` in the platform data directory]' -r -F
complete -c agsec -n "__fish_agsec_using_subcommand explain" -l cwd -d 'The directory the call is made in [default: the current directory]' -r -F
complete -c agsec -n "__fish_agsec_using_subcommand explain" -l json -d 'Print the explanation as JSON'
complete -c agsec -n "__fish_agsec_using_subcommand explain" -s h -l help -d 'Print help'
complete -c agsec -n "__fish_agsec_using_subcommand explain" -s V -l version -d 'Print version'
complete -c agsec -n "__fish_agsec_using_subcommand audit; and not __fish_seen_subcommand_from export verify prune help" -l audit-db -d 'The audit store to read' -r -F
complete -c agsec -n "__fish_agsec_using_subcommand audit; and not __fish_seen_subcommand_from export verify prune help" -l since -d 'Only records since a time: `30m`, `1h`, `2d` ago, or a date (`2025-05-01`, RFC 3339)' -r
complete -c agsec -n "__fish_agsec_using_subcommand audit; and not __fish_seen_subcommand_from export verify prune help" -l decision -d 'Only this policy decision' -r -f -a "allow\t''
deny\t''
review\t''"
complete -c agsec -n "__fish_agsec_using_subcommand audit; and not __fish_seen_subcommand_from export verify prune help" -l action -d 'Only actions matching this glob (`bash.*`, `mcp.*`)' -r
complete -c agsec -n "__fish_agsec_using_subcommand audit; and not __fish_seen_subcommand_from export verify prune help" -l agent -d 'Only this agent (`claude-code`, `codex` …)' -r
complete -c agsec -n "__fish_agsec_using_subcommand audit; and not __fish_seen_subcommand_from export verify prune help" -l session -d 'Only this agent session id' -r
complete -c agsec -n "__fish_agsec_using_subcommand audit; and not __fish_seen_subcommand_from export verify prune help" -l sid -d 'Only decisions made by this policy statement' -r
complete -c agsec -n "__fish_agsec_using_subcommand audit; and not __fish_seen_subcommand_from export verify prune help" -l limit -d 'Show at most N records, the most recent (0: all) [default: 50]' -r
complete -c agsec -n "__fish_agsec_using_subcommand audit; and not __fish_seen_subcommand_from export verify prune help" -l json -d 'Print JSON for scripts'
complete -c agsec -n "__fish_agsec_using_subcommand audit; and not __fish_seen_subcommand_from export verify prune help" -l stats -d 'Totals and shares by decision, action, policy, agent; top blocked calls; a timeline'
complete -c agsec -n "__fish_agsec_using_subcommand audit; and not __fish_seen_subcommand_from export verify prune help" -s h -l help -d 'Print help'
complete -c agsec -n "__fish_agsec_using_subcommand audit; and not __fish_seen_subcommand_from export verify prune help" -s V -l version -d 'Print version'
complete -c agsec -n "__fish_agsec_using_subcommand audit; and not __fish_seen_subcommand_from export verify prune help" -f -a "export" -d 'Write the matching records as JSON lines or CSV (stdout unless --output)'
complete -c agsec -n "__fish_agsec_using_subcommand audit; and not __fish_seen_subcommand_from export verify prune help" -f -a "verify" -d 'Check the hash chain and the head witness beside the store; exit 1 naming the first altered, deleted or inserted row, or the rows cut from the end or start'
complete -c agsec -n "__fish_agsec_using_subcommand audit; and not __fish_seen_subcommand_from export verify prune help" -f -a "prune" -d 'Delete records older than an age (`90d`) or a date, keeping the rest verifiable'
complete -c agsec -n "__fish_agsec_using_subcommand audit; and not __fish_seen_subcommand_from export verify prune help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c agsec -n "__fish_agsec_using_subcommand audit; and __fish_seen_subcommand_from export" -l format -r -f -a "jsonl\t''
csv\t''"
complete -c agsec -n "__fish_agsec_using_subcommand audit; and __fish_seen_subcommand_from export" -s o -l output -d 'Write to this file instead of stdout' -r -F
complete -c agsec -n "__fish_agsec_using_subcommand audit; and __fish_seen_subcommand_from export" -l since -d 'Only records since a time: `30m`, `1h`, `2d` ago, or a date (`2025-05-01`, RFC 3339)' -r
complete -c agsec -n "__fish_agsec_using_subcommand audit; and __fish_seen_subcommand_from export" -l decision -d 'Only this policy decision' -r -f -a "allow\t''
deny\t''
review\t''"
complete -c agsec -n "__fish_agsec_using_subcommand audit; and __fish_seen_subcommand_from export" -l action -d 'Only actions matching this glob (`bash.*`, `mcp.*`)' -r
complete -c agsec -n "__fish_agsec_using_subcommand audit; and __fish_seen_subcommand_from export" -l agent -d 'Only this agent (`claude-code`, `codex` …)' -r
complete -c agsec -n "__fish_agsec_using_subcommand audit; and __fish_seen_subcommand_from export" -l session -d 'Only this agent session id' -r
complete -c agsec -n "__fish_agsec_using_subcommand audit; and __fish_seen_subcommand_from export" -l sid -d 'Only decisions made by this policy statement' -r
complete -c agsec -n "__fish_agsec_using_subcommand audit; and __fish_seen_subcommand_from export" -l audit-db -d 'The audit store to read' -r -F
complete -c agsec -n "__fish_agsec_using_subcommand audit; and __fish_seen_subcommand_from export" -l json -d 'Print JSON for scripts'
complete -c agsec -n "__fish_agsec_using_subcommand audit; and __fish_seen_subcommand_from export" -s h -l help -d 'Print help'
complete -c agsec -n "__fish_agsec_using_subcommand audit; and __fish_seen_subcommand_from export" -s V -l version -d 'Print version'
complete -c agsec -n "__fish_agsec_using_subcommand audit; and __fish_seen_subcommand_from verify" -l audit-db -d 'The audit store to read' -r -F
complete -c agsec -n "__fish_agsec_using_subcommand audit; and __fish_seen_subcommand_from verify" -l reset-witness -d 'After reading a witness problem: accept the store as it now is and write the witness again from it'
complete -c agsec -n "__fish_agsec_using_subcommand audit; and __fish_seen_subcommand_from verify" -l json -d 'Print JSON for scripts'
complete -c agsec -n "__fish_agsec_using_subcommand audit; and __fish_seen_subcommand_from verify" -s h -l help -d 'Print help'
complete -c agsec -n "__fish_agsec_using_subcommand audit; and __fish_seen_subcommand_from verify" -s V -l version -d 'Print version'
complete -c agsec -n "__fish_agsec_using_subcommand audit; and __fish_seen_subcommand_from prune" -l older-than -r
complete -c agsec -n "__fish_agsec_using_subcommand audit; and __fish_seen_subcommand_from prune" -l audit-db -d 'The audit store to read' -r -F
complete -c agsec -n "__fish_agsec_using_subcommand audit; and __fish_seen_subcommand_from prune" -l json -d 'Print JSON for scripts'
complete -c agsec -n "__fish_agsec_using_subcommand audit; and __fish_seen_subcommand_from prune" -s h -l help -d 'Print help'
complete -c agsec -n "__fish_agsec_using_subcommand audit; and __fish_seen_subcommand_from prune" -s V -l version -d 'Print version'
complete -c agsec -n "__fish_agsec_using_subcommand audit; and __fish_seen_subcommand_from help" -f -a "export" -d 'Write the matching records as JSON lines or CSV (stdout unless --output)'
complete -c agsec -n "__fish_agsec_using_subcommand audit; and __fish_seen_subcommand_from help" -f -a "verify" -d 'Check the hash chain and the head witness beside the store; exit 1 naming the first altered, deleted or inserted row, or the rows cut from the end or start'
complete -c agsec -n "__fish_agsec_using_subcommand audit; and __fish_seen_subcommand_from help" -f -a "prune" -d 'Delete records older than an age (`90d`) or a date, keeping the rest verifiable'
complete -c agsec -n "__fish_agsec_using_subcommand audit; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c agsec -n "__fish_agsec_using_subcommand pending" -l audit-db -d 'The audit store holding the queue [default: the platform data directory]' -r -F
complete -c agsec -n "__fish_agsec_using_subcommand pending" -l all -d 'Also list decided requests'
complete -c agsec -n "__fish_agsec_using_subcommand pending" -l json -d 'Print the requests as JSON'
complete -c agsec -n "__fish_agsec_using_subcommand pending" -s h -l help -d 'Print help'
complete -c agsec -n "__fish_agsec_using_subcommand pending" -s V -l version -d 'Print version'
complete -c agsec -n "__fish_agsec_using_subcommand approve" -l reason -d 'Why (kept in the audit log)' -r
complete -c agsec -n "__fish_agsec_using_subcommand approve" -l audit-db -d 'The audit store holding the queue [default: the platform data directory]' -r -F
complete -c agsec -n "__fish_agsec_using_subcommand approve" -l policy-dir -d 'The policy directory [default: the nearest `policies/` above the working directory]' -r -F
complete -c agsec -n "__fish_agsec_using_subcommand approve" -s h -l help -d 'Print help'
complete -c agsec -n "__fish_agsec_using_subcommand approve" -s V -l version -d 'Print version'
complete -c agsec -n "__fish_agsec_using_subcommand reject" -l reason -d 'Why (kept in the audit log)' -r
complete -c agsec -n "__fish_agsec_using_subcommand reject" -l audit-db -d 'The audit store holding the queue [default: the platform data directory]' -r -F
complete -c agsec -n "__fish_agsec_using_subcommand reject" -l policy-dir -d 'The policy directory [default: the nearest `policies/` above the working directory]' -r -F
complete -c agsec -n "__fish_agsec_using_subcommand reject" -s h -l help -d 'Print help'
complete -c agsec -n "__fish_agsec_using_subcommand reject" -s V -l version -d 'Print version'
complete -c agsec -n "__fish_agsec_using_subcommand schema" -s h -l help -d 'Print help'
complete -c agsec -n "__fish_agsec_using_subcommand schema" -s V -l version -d 'Print version'
complete -c agsec -n "__fish_agsec_using_subcommand completions" -l write -d 'Write every shell\'s script and the man page into DIR instead (how the repository\'s `completions/` is refreshed: `cargo run -- completions --write completions`)' -r -F
complete -c agsec -n "__fish_agsec_using_subcommand completions" -s h -l help -d 'Print help'
complete -c agsec -n "__fish_agsec_using_subcommand completions" -s V -l version -d 'Print version'
complete -c agsec -n "__fish_agsec_using_subcommand man" -s h -l help -d 'Print help'
complete -c agsec -n "__fish_agsec_using_subcommand man" -s V -l version -d 'Print version'
complete -c agsec -n "__fish_agsec_using_subcommand doctor" -l project-dir -d 'The project whose hooks to check and in which to run the probes [default: the current directory]' -r -F
complete -c agsec -n "__fish_agsec_using_subcommand doctor" -l json -d 'Print the result as JSON'
complete -c agsec -n "__fish_agsec_using_subcommand doctor" -s h -l help -d 'Print help'
complete -c agsec -n "__fish_agsec_using_subcommand doctor" -s V -l version -d 'Print version'
complete -c agsec -n "__fish_agsec_using_subcommand scan" -l agent -d 'The agent that sends the payload [default: detected; a payload that is unmistakably another agent\'s is answered in that agent\'s protocol]' -r
complete -c agsec -n "__fish_agsec_using_subcommand scan" -l sensitivity -d 'How eager the screen is: low, medium or high [default: `screen.sensitivity` in agsec.yaml, else medium]' -r
complete -c agsec -n "__fish_agsec_using_subcommand scan" -l action -d 'What a finding does: warn (a note for the model) or block (the agent\'s block form, which replaces the output with the warning) [default: `screen.action`, else warn]' -r
complete -c agsec -n "__fish_agsec_using_subcommand scan" -l policy-dir -d 'The policy directory [default: the nearest `policies/` above the working directory]' -r -F
complete -c agsec -n "__fish_agsec_using_subcommand scan" -l config -d 'The settings file [default: `agsec.yaml` beside the policy directory]' -r -F
complete -c agsec -n "__fish_agsec_using_subcommand scan" -l audit-db -d 'The audit store [default: `audit.db` in the platform data directory]' -r -F
complete -c agsec -n "__fish_agsec_using_subcommand scan" -l text -d 'Read plain text instead of a hook payload and print the findings as a JSON array'
complete -c agsec -n "__fish_agsec_using_subcommand scan" -l no-audit -d 'Record nothing: no audit row, no remembered secrets'
complete -c agsec -n "__fish_agsec_using_subcommand scan" -s h -l help -d 'Print help'
complete -c agsec -n "__fish_agsec_using_subcommand scan" -s V -l version -d 'Print version'
complete -c agsec -n "__fish_agsec_using_subcommand help; and not __fish_seen_subcommand_from init install policy validate test check explain audit pending approve reject schema completions man doctor scan help" -f -a "init" -d 'Write the default policies into `policies/` of the current directory'
complete -c agsec -n "__fish_agsec_using_subcommand help; and not __fish_seen_subcommand_from init install policy validate test check explain audit pending approve reject schema completions man doctor scan help" -f -a "install" -d 'Register agsec as the pre-tool hook of an agent (claude-code, codex)'
complete -c agsec -n "__fish_agsec_using_subcommand help; and not __fish_seen_subcommand_from init install policy validate test check explain audit pending approve reject schema completions man doctor scan help" -f -a "policy" -d 'List, add or remove policy statements'
complete -c agsec -n "__fish_agsec_using_subcommand help; and not __fish_seen_subcommand_from init install policy validate test check explain audit pending approve reject schema completions man doctor scan help" -f -a "validate" -d 'Check policy files and report every problem with file:line:column'
complete -c agsec -n "__fish_agsec_using_subcommand help; and not __fish_seen_subcommand_from init install policy validate test check explain audit pending approve reject schema completions man doctor scan help" -f -a "test" -d 'Run the examples policies carry and print `N passed, N failed`'
complete -c agsec -n "__fish_agsec_using_subcommand help; and not __fish_seen_subcommand_from init install policy validate test check explain audit pending approve reject schema completions man doctor scan help" -f -a "check" -d 'Judge one tool call read as JSON on stdin (the hook command agents run)'
complete -c agsec -n "__fish_agsec_using_subcommand help; and not __fish_seen_subcommand_from init install policy validate test check explain audit pending approve reject schema completions man doctor scan help" -f -a "explain" -d 'Show why a command or tool call would be allowed, reviewed or denied: the action, the shell analysis, every statement and condition considered, and the decision'
complete -c agsec -n "__fish_agsec_using_subcommand help; and not __fish_seen_subcommand_from init install policy validate test check explain audit pending approve reject schema completions man doctor scan help" -f -a "audit" -d 'Show the audit log of decisions'
complete -c agsec -n "__fish_agsec_using_subcommand help; and not __fish_seen_subcommand_from init install policy validate test check explain audit pending approve reject schema completions man doctor scan help" -f -a "pending" -d 'List reviews waiting for a person (queued when no one could be asked during the call)'
complete -c agsec -n "__fish_agsec_using_subcommand help; and not __fish_seen_subcommand_from init install policy validate test check explain audit pending approve reject schema completions man doctor scan help" -f -a "approve" -d 'Approve a queued review: the same call is then allowed once'
complete -c agsec -n "__fish_agsec_using_subcommand help; and not __fish_seen_subcommand_from init install policy validate test check explain audit pending approve reject schema completions man doctor scan help" -f -a "reject" -d 'Reject a queued review'
complete -c agsec -n "__fish_agsec_using_subcommand help; and not __fish_seen_subcommand_from init install policy validate test check explain audit pending approve reject schema completions man doctor scan help" -f -a "schema" -d 'Print the JSON Schema of policy files (editors validate and complete with it)'
complete -c agsec -n "__fish_agsec_using_subcommand help; and not __fish_seen_subcommand_from init install policy validate test check explain audit pending approve reject schema completions man doctor scan help" -f -a "completions" -d 'Print the completion script of a shell (bash, zsh, fish, powershell, elvish)'
complete -c agsec -n "__fish_agsec_using_subcommand help; and not __fish_seen_subcommand_from init install policy validate test check explain audit pending approve reject schema completions man doctor scan help" -f -a "man" -d 'Print the man page (roff)'
complete -c agsec -n "__fish_agsec_using_subcommand help; and not __fish_seen_subcommand_from init install policy validate test check explain audit pending approve reject schema completions man doctor scan help" -f -a "doctor" -d 'Check that agsec really guards the agents: installation, binary, policies, audit store, and a dangerous and a harmless call sent through each installed hook'
complete -c agsec -n "__fish_agsec_using_subcommand help; and not __fish_seen_subcommand_from init install policy validate test check explain audit pending approve reject schema completions man doctor scan help" -f -a "scan" -d 'Screen a tool\'s output for prompt injection (the post-tool hook command agents run)'
complete -c agsec -n "__fish_agsec_using_subcommand help; and not __fish_seen_subcommand_from init install policy validate test check explain audit pending approve reject schema completions man doctor scan help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c agsec -n "__fish_agsec_using_subcommand help; and __fish_seen_subcommand_from policy" -f -a "add" -d 'Add a statement: with flags, or asked step by step at a terminal'
complete -c agsec -n "__fish_agsec_using_subcommand help; and __fish_seen_subcommand_from policy" -f -a "list" -d 'List every statement of the merged policy set'
complete -c agsec -n "__fish_agsec_using_subcommand help; and __fish_seen_subcommand_from policy" -f -a "remove" -d 'Remove a statement by sid, keeping the rest of its file as it is'
complete -c agsec -n "__fish_agsec_using_subcommand help; and __fish_seen_subcommand_from audit" -f -a "export" -d 'Write the matching records as JSON lines or CSV (stdout unless --output)'
complete -c agsec -n "__fish_agsec_using_subcommand help; and __fish_seen_subcommand_from audit" -f -a "verify" -d 'Check the hash chain and the head witness beside the store; exit 1 naming the first altered, deleted or inserted row, or the rows cut from the end or start'
complete -c agsec -n "__fish_agsec_using_subcommand help; and __fish_seen_subcommand_from audit" -f -a "prune" -d 'Delete records older than an age (`90d`) or a date, keeping the rest verifiable'
