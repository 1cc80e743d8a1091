
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'agsec' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'agsec'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'agsec' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Write the default policies into `policies/` of the current directory')
            [CompletionResult]::new('install', 'install', [CompletionResultType]::ParameterValue, 'Register agsec as the pre-tool hook of an agent (claude-code, codex)')
            [CompletionResult]::new('policy', 'policy', [CompletionResultType]::ParameterValue, 'List, add or remove policy statements')
            [CompletionResult]::new('validate', 'validate', [CompletionResultType]::ParameterValue, 'Check policy files and report every problem with file:line:column')
            [CompletionResult]::new('test', 'test', [CompletionResultType]::ParameterValue, 'Run the examples policies carry and print `N passed, N failed`')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Judge one tool call read as JSON on stdin (the hook command agents run)')
            [CompletionResult]::new('explain', 'explain', [CompletionResultType]::ParameterValue, 'Show why a command or tool call would be allowed, reviewed or denied: the action, the shell analysis, every statement and condition considered, and the decision')
            [CompletionResult]::new('audit', 'audit', [CompletionResultType]::ParameterValue, 'Show the audit log of decisions')
            [CompletionResult]::new('pending', 'pending', [CompletionResultType]::ParameterValue, 'List reviews waiting for a person (queued when no one could be asked during the call)')
            [CompletionResult]::new('approve', 'approve', [CompletionResultType]::ParameterValue, 'Approve a queued review: the same call is then allowed once')
            [CompletionResult]::new('reject', 'reject', [CompletionResultType]::ParameterValue, 'Reject a queued review')
            [CompletionResult]::new('schema', 'schema', [CompletionResultType]::ParameterValue, 'Print the JSON Schema of policy files (editors validate and complete with it)')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print the completion script of a shell (bash, zsh, fish, powershell, elvish)')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print the man page (roff)')
            [CompletionResult]::new('doctor', 'doctor', [CompletionResultType]::ParameterValue, 'Check that agsec really guards the agents: installation, binary, policies, audit store, and a dangerous and a harmless call sent through each installed hook')
            [CompletionResult]::new('scan', 'scan', [CompletionResultType]::ParameterValue, 'Screen a tool''s output for prompt injection (the post-tool hook command agents run)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'agsec;init' {
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'The directory to create `policies/` in [default: the current directory]')
            [CompletionResult]::new('--preset', '--preset', [CompletionResultType]::ParameterName, 'How much the policies allow: strict (deny by default, allow read-only work), standard (allow ordinary work, ask about the rest) or permissive (allow by default; every principle kept)')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Overwrite existing default policy files')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'agsec;install' {
            [CompletionResult]::new('--policy-dir', '--policy-dir', [CompletionResultType]::ParameterName, 'Policy directory the hook passes to `agsec check` [default: <project>/policies; with `--user`: none, `check` then finds `policies/` from the tool call''s working directory]')
            [CompletionResult]::new('--project-dir', '--project-dir', [CompletionResultType]::ParameterName, 'The project to install into [default: the current directory]')
            [CompletionResult]::new('--user', '--user', [CompletionResultType]::ParameterName, 'Change the person''s settings (`~/.claude/settings.json`, `$CODEX_HOME/hooks.json`, `~/.gemini/settings.json`, `$COPILOT_HOME/hooks/agsec.json`) instead of the project''s')
            [CompletionResult]::new('--uninstall', '--uninstall', [CompletionResultType]::ParameterName, 'Remove agsec''s hooks instead of adding them')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print the resulting file instead of writing it')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'agsec;policy' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a statement: with flags, or asked step by step at a terminal')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List every statement of the merged policy set')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove a statement by sid, keeping the rest of its file as it is')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'agsec;policy;add' {
            [CompletionResult]::new('--policy-dir', '--policy-dir', [CompletionResultType]::ParameterName, 'The policy directory [default: the nearest `policies/` above the working directory]')
            [CompletionResult]::new('--sid', '--sid', [CompletionResultType]::ParameterName, 'A name for the statement, unique across the directory. Without it, at a terminal, agsec asks for every part in turn')
            [CompletionResult]::new('--effect', '--effect', [CompletionResultType]::ParameterName, 'allow, deny or review')
            [CompletionResult]::new('--action', '--action', [CompletionResultType]::ParameterName, 'An action name or glob the statement applies to (`bash.execute`, `file.*`); repeat for several')
            [CompletionResult]::new('--condition', '--condition', [CompletionResultType]::ParameterName, 'A condition `FIELD OP VALUE`, such as `params.command regex \brm\s` or `params.git.force exists`; repeat for several. VALUE is YAML (`5`, `true`, `[a, b]`, `"text"`), taken literally for contains, starts_with, ends_with and regex unless quoted')
            [CompletionResult]::new('--match', '--match', [CompletionResultType]::ParameterName, 'Whether all conditions must hold, or any one')
            [CompletionResult]::new('--reason', '--reason', [CompletionResultType]::ParameterName, 'What the agent is told when the statement decides (say what to do instead)')
            [CompletionResult]::new('--description', '--description', [CompletionResultType]::ParameterName, 'Free text for people reading the policy')
            [CompletionResult]::new('--file', '--file', [CompletionResultType]::ParameterName, 'The file in the policy directory to add to (created with a header when missing)')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show the change as a unified diff and write nothing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'agsec;policy;list' {
            [CompletionResult]::new('--policy-dir', '--policy-dir', [CompletionResultType]::ParameterName, 'The policy directory [default: the nearest `policies/` above the working directory]')
            [CompletionResult]::new('--effect', '--effect', [CompletionResultType]::ParameterName, 'Only statements with this effect (allow, deny, review)')
            [CompletionResult]::new('--action', '--action', [CompletionResultType]::ParameterName, 'Only statements concerning this action: a name (`bash.execute`) their globs match, or a glob (`file.*`) matching one of their action patterns')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the statements as a JSON array')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'agsec;policy;remove' {
            [CompletionResult]::new('--policy-dir', '--policy-dir', [CompletionResultType]::ParameterName, 'The policy directory [default: the nearest `policies/` above the working directory]')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show the change as a unified diff and write nothing')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'agsec;policy;help' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a statement: with flags, or asked step by step at a terminal')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List every statement of the merged policy set')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove a statement by sid, keeping the rest of its file as it is')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'agsec;policy;help;add' {
            break
        }
        'agsec;policy;help;list' {
            break
        }
        'agsec;policy;help;remove' {
            break
        }
        'agsec;policy;help;help' {
            break
        }
        'agsec;validate' {
            [CompletionResult]::new('--policy-dir', '--policy-dir', [CompletionResultType]::ParameterName, 'The policy directory [default: the nearest `policies/` above the working directory]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the result as JSON')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'agsec;test' {
            [CompletionResult]::new('--policy-dir', '--policy-dir', [CompletionResultType]::ParameterName, 'The policy directory [default: the nearest `policies/` above the working directory]')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Also list the examples that passed')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Also list the examples that passed')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print every result as JSON')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'agsec;check' {
            [CompletionResult]::new('--agent', '--agent', [CompletionResultType]::ParameterName, 'The agent whose hook protocol to speak [default: detected from the payload]')
            [CompletionResult]::new('--policy-dir', '--policy-dir', [CompletionResultType]::ParameterName, 'The policy directory [default: the nearest `policies/` above the working directory]')
            [CompletionResult]::new('--defaults', '--defaults', [CompletionResultType]::ParameterName, 'Judge with the default policies built into the binary (a preset name; default standard) instead of a policy directory')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The settings file [default: `agsec.yaml` beside the policy directory]')
            [CompletionResult]::new('--audit-db', '--audit-db', [CompletionResultType]::ParameterName, 'The audit store [default: `audit.db` in the platform data directory]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the policy decision as JSON (`decision`, `sid`, `reason`, `matched_by`) without prompting; exit 0 for allow, 2 otherwise')
            [CompletionResult]::new('--no-audit', '--no-audit', [CompletionResultType]::ParameterName, 'Do not record the decision (for benchmarks and experiments)')
            [CompletionResult]::new('--explain', '--explain', [CompletionResultType]::ParameterName, 'Print why the call gets its decision (the action, the shell analysis, every statement and condition considered) instead of answering in the hook protocol; with `--json`, as JSON. Never prompts or records; exit 0 for allow, 2 otherwise')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'agsec;explain' {
            [CompletionResult]::new('--tool', '--tool', [CompletionResultType]::ParameterName, 'An agent tool (Claude Code''s names: Write, Edit, Read, Glob, Grep, WebFetch, mcp__<server>__<tool> …)')
            [CompletionResult]::new('--path', '--path', [CompletionResultType]::ParameterName, 'The file a `--tool` works on (its `file_path`, `notebook_path` or `path`)')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'The URL of a `--tool WebFetch`')
            [CompletionResult]::new('--action', '--action', [CompletionResultType]::ParameterName, 'An action name (`mcp.github.create_issue`, `web.fetch` …), judged as a plain action')
            [CompletionResult]::new('--param', '--param', [CompletionResultType]::ParameterName, 'A parameter of the tool input or action, `KEY=VALUE` (repeatable). The value is read as JSON when it is JSON (`5`, `true`, `["a","b"]`), as text otherwise')
            [CompletionResult]::new('--policy-dir', '--policy-dir', [CompletionResultType]::ParameterName, 'The policy directory [default: the nearest `policies/` above the working directory]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The settings file [default: `agsec.yaml` beside the policy directory]')
            [CompletionResult]::new('--audit-db', '--audit-db', [CompletionResultType]::ParameterName, 'The audit store [default: `audit.db` in the platform data directory]')
            [CompletionResult]::new('--cwd', '--cwd', [CompletionResultType]::ParameterName, 'The directory the call is made in [default: the current directory]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the explanation as JSON')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'agsec;audit' {
            [CompletionResult]::new('--audit-db', '--audit-db', [CompletionResultType]::ParameterName, 'The audit store to read')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Only records since a time: `30m`, `1h`, `2d` ago, or a date (`2025-05-01`, RFC 3339)')
            [CompletionResult]::new('--decision', '--decision', [CompletionResultType]::ParameterName, 'Only this policy decision')
            [CompletionResult]::new('--action', '--action', [CompletionResultType]::ParameterName, 'Only actions matching this glob (`bash.*`, `mcp.*`)')
            [CompletionResult]::new('--agent', '--agent', [CompletionResultType]::ParameterName, 'Only this agent (`claude-code`, `codex` …)')
            [CompletionResult]::new('--session', '--session', [CompletionResultType]::ParameterName, 'Only this agent session id')
            [CompletionResult]::new('--sid', '--sid', [CompletionResultType]::ParameterName, 'Only decisions made by this policy statement')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'Show at most N records, the most recent (0: all) [default: 50]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON for scripts')
            [CompletionResult]::new('--stats', '--stats', [CompletionResultType]::ParameterName, 'Totals and shares by decision, action, policy, agent; top blocked calls; a timeline')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Write the matching records as JSON lines or CSV (stdout unless --output)')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check the hash chain and the head witness beside the store; exit 1 naming the first altered, deleted or inserted row, or the rows cut from the end or start')
            [CompletionResult]::new('prune', 'prune', [CompletionResultType]::ParameterValue, 'Delete records older than an age (`90d`) or a date, keeping the rest verifiable')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'agsec;audit;export' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'format')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write to this file instead of stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write to this file instead of stdout')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Only records since a time: `30m`, `1h`, `2d` ago, or a date (`2025-05-01`, RFC 3339)')
            [CompletionResult]::new('--decision', '--decision', [CompletionResultType]::ParameterName, 'Only this policy decision')
            [CompletionResult]::new('--action', '--action', [CompletionResultType]::ParameterName, 'Only actions matching this glob (`bash.*`, `mcp.*`)')
            [CompletionResult]::new('--agent', '--agent', [CompletionResultType]::ParameterName, 'Only this agent (`claude-code`, `codex` …)')
            [CompletionResult]::new('--session', '--session', [CompletionResultType]::ParameterName, 'Only this agent session id')
            [CompletionResult]::new('--sid', '--sid', [CompletionResultType]::ParameterName, 'Only decisions made by this policy statement')
            [CompletionResult]::new('--audit-db', '--audit-db', [CompletionResultType]::ParameterName, 'The audit store to read')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON for scripts')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'agsec;audit;verify' {
            [CompletionResult]::new('--audit-db', '--audit-db', [CompletionResultType]::ParameterName, 'The audit store to read')
            [CompletionResult]::new('--reset-witness', '--reset-witness', [CompletionResultType]::ParameterName, 'After reading a witness problem: accept the store as it now is and write the witness again from it')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON for scripts')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'agsec;audit;prune' {
            [CompletionResult]::new('--older-than', '--older-than', [CompletionResultType]::ParameterName, 'older-than')
            [CompletionResult]::new('--audit-db', '--audit-db', [CompletionResultType]::ParameterName, 'The audit store to read')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON for scripts')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'agsec;audit;help' {
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Write the matching records as JSON lines or CSV (stdout unless --output)')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check the hash chain and the head witness beside the store; exit 1 naming the first altered, deleted or inserted row, or the rows cut from the end or start')
            [CompletionResult]::new('prune', 'prune', [CompletionResultType]::ParameterValue, 'Delete records older than an age (`90d`) or a date, keeping the rest verifiable')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'agsec;audit;help;export' {
            break
        }
        'agsec;audit;help;verify' {
            break
        }
        'agsec;audit;help;prune' {
            break
        }
        'agsec;audit;help;help' {
            break
        }
        'agsec;pending' {
            [CompletionResult]::new('--audit-db', '--audit-db', [CompletionResultType]::ParameterName, 'The audit store holding the queue [default: the platform data directory]')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Also list decided requests')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the requests as JSON')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'agsec;approve' {
            [CompletionResult]::new('--reason', '--reason', [CompletionResultType]::ParameterName, 'Why (kept in the audit log)')
            [CompletionResult]::new('--audit-db', '--audit-db', [CompletionResultType]::ParameterName, 'The audit store holding the queue [default: the platform data directory]')
            [CompletionResult]::new('--policy-dir', '--policy-dir', [CompletionResultType]::ParameterName, 'The policy directory [default: the nearest `policies/` above the working directory]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'agsec;reject' {
            [CompletionResult]::new('--reason', '--reason', [CompletionResultType]::ParameterName, 'Why (kept in the audit log)')
            [CompletionResult]::new('--audit-db', '--audit-db', [CompletionResultType]::ParameterName, 'The audit store holding the queue [default: the platform data directory]')
            [CompletionResult]::new('--policy-dir', '--policy-dir', [CompletionResultType]::ParameterName, 'The policy directory [default: the nearest `policies/` above the working directory]')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'agsec;schema' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'agsec;completions' {
            [CompletionResult]::new('--write', '--write', [CompletionResultType]::ParameterName, 'Write every shell''s script and the man page into DIR instead (how the repository''s `completions/` is refreshed: `cargo run -- completions --write completions`)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'agsec;man' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'agsec;doctor' {
            [CompletionResult]::new('--project-dir', '--project-dir', [CompletionResultType]::ParameterName, 'The project whose hooks to check and in which to run the probes [default: the current directory]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print the result as JSON')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'agsec;scan' {
            [CompletionResult]::new('--agent', '--agent', [CompletionResultType]::ParameterName, 'The agent that sends the payload [default: detected; a payload that is unmistakably another agent''s is answered in that agent''s protocol]')
            [CompletionResult]::new('--sensitivity', '--sensitivity', [CompletionResultType]::ParameterName, 'How eager the screen is: low, medium or high [default: `screen.sensitivity` in agsec.yaml, else medium]')
            [CompletionResult]::new('--action', '--action', [CompletionResultType]::ParameterName, 'What a finding does: warn (a note for the model) or block (the agent''s block form, which replaces the output with the warning) [default: `screen.action`, else warn]')
            [CompletionResult]::new('--policy-dir', '--policy-dir', [CompletionResultType]::ParameterName, 'The policy directory [default: the nearest `policies/` above the working directory]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'The settings file [default: `agsec.yaml` beside the policy directory]')
            [CompletionResult]::new('--audit-db', '--audit-db', [CompletionResultType]::ParameterName, 'The audit store [default: `audit.db` in the platform data directory]')
            [CompletionResult]::new('--text', '--text', [CompletionResultType]::ParameterName, 'Read plain text instead of a hook payload and print the findings as a JSON array')
            [CompletionResult]::new('--no-audit', '--no-audit', [CompletionResultType]::ParameterName, 'Record nothing: no audit row, no remembered secrets')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'agsec;help' {
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Write the default policies into `policies/` of the current directory')
            [CompletionResult]::new('install', 'install', [CompletionResultType]::ParameterValue, 'Register agsec as the pre-tool hook of an agent (claude-code, codex)')
            [CompletionResult]::new('policy', 'policy', [CompletionResultType]::ParameterValue, 'List, add or remove policy statements')
            [CompletionResult]::new('validate', 'validate', [CompletionResultType]::ParameterValue, 'Check policy files and report every problem with file:line:column')
            [CompletionResult]::new('test', 'test', [CompletionResultType]::ParameterValue, 'Run the examples policies carry and print `N passed, N failed`')
            [CompletionResult]::new('check', 'check', [CompletionResultType]::ParameterValue, 'Judge one tool call read as JSON on stdin (the hook command agents run)')
            [CompletionResult]::new('explain', 'explain', [CompletionResultType]::ParameterValue, 'Show why a command or tool call would be allowed, reviewed or denied: the action, the shell analysis, every statement and condition considered, and the decision')
            [CompletionResult]::new('audit', 'audit', [CompletionResultType]::ParameterValue, 'Show the audit log of decisions')
            [CompletionResult]::new('pending', 'pending', [CompletionResultType]::ParameterValue, 'List reviews waiting for a person (queued when no one could be asked during the call)')
            [CompletionResult]::new('approve', 'approve', [CompletionResultType]::ParameterValue, 'Approve a queued review: the same call is then allowed once')
            [CompletionResult]::new('reject', 'reject', [CompletionResultType]::ParameterValue, 'Reject a queued review')
            [CompletionResult]::new('schema', 'schema', [CompletionResultType]::ParameterValue, 'Print the JSON Schema of policy files (editors validate and complete with it)')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print the completion script of a shell (bash, zsh, fish, powershell, elvish)')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print the man page (roff)')
            [CompletionResult]::new('doctor', 'doctor', [CompletionResultType]::ParameterValue, 'Check that agsec really guards the agents: installation, binary, policies, audit store, and a dangerous and a harmless call sent through each installed hook')
            [CompletionResult]::new('scan', 'scan', [CompletionResultType]::ParameterValue, 'Screen a tool''s output for prompt injection (the post-tool hook command agents run)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'agsec;help;init' {
            break
        }
        'agsec;help;install' {
            break
        }
        'agsec;help;policy' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a statement: with flags, or asked step by step at a terminal')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List every statement of the merged policy set')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove a statement by sid, keeping the rest of its file as it is')
            break
        }
        'agsec;help;policy;add' {
            break
        }
        'agsec;help;policy;list' {
            break
        }
        'agsec;help;policy;remove' {
            break
        }
        'agsec;help;validate' {
            break
        }
        'agsec;help;test' {
            break
        }
        'agsec;help;check' {
            break
        }
        'agsec;help;explain' {
            break
        }
        'agsec;help;audit' {
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Write the matching records as JSON lines or CSV (stdout unless --output)')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check the hash chain and the head witness beside the store; exit 1 naming the first altered, deleted or inserted row, or the rows cut from the end or start')
            [CompletionResult]::new('prune', 'prune', [CompletionResultType]::ParameterValue, 'Delete records older than an age (`90d`) or a date, keeping the rest verifiable')
            break
        }
        'agsec;help;audit;export' {
            break
        }
        'agsec;help;audit;verify' {
            break
        }
        'agsec;help;audit;prune' {
            break
        }
        'agsec;help;pending' {
            break
        }
        'agsec;help;approve' {
            break
        }
        'agsec;help;reject' {
            break
        }
        'agsec;help;schema' {
            break
        }
        'agsec;help;completions' {
            break
        }
        'agsec;help;man' {
            break
        }
        'agsec;help;doctor' {
            break
        }
        'agsec;help;scan' {
            break
        }
        'agsec;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
