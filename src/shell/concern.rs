//! [`Concern`]: what the shell analysis cannot know statically, as the snake_case tags policies
//! read (`params.concerns`). The lowest layer of the analysis: the walk, the program models and
//! the engine all name it.

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
