//! Operand roles of query tools (jq, gojq, jaq, yq): the first operand is the tool's program (a
//! filter such as `.env`), not a file, unless an option gives the program (`-f FILE`,
//! `--from-file`, `--expression`); every other operand is an input file, read. Options with two
//! words are told apart: `--arg NAME VALUE` reads nothing, `--rawfile NAME FILE` reads FILE.
//! After `--args` or `--jsonargs` the operands that follow the program are values for
//! `$ARGS.positional`, not files (operands before it still are). In-place options (`yq -i`)
//! write the input files back. One table row per tool family; the generic any-word secret rule
//! (`sources.rs`) leaves these programs to this table.
//!
//! `yq` is two programs: mikefarah's (Go; `-f` is `--front-matter` and takes a value) and
//! kislyuk's (Python; jq's options, `-f` reads the program from the first operand). Which one
//! is installed is not known, so every operand either reads counts as read (the union).

use super::effects::{Effects, Places, parse_opts};
use super::expand::Field;

/// How one family of query tools lays out its arguments.
struct Query {
    programs: &'static [&'static str],
    /// Short options that take a value.
    short_values: &'static str,
    /// Long options that take the next word.
    long_values: &'static [&'static str],
    /// Options taking a name and a value that is not a file (`--arg NAME VALUE`).
    named_values: &'static [&'static str],
    /// Options taking a name and a file that is read (`--rawfile NAME FILE`).
    named_files: &'static [&'static str],
    /// Options that give the program from a file: their value, if they take one, is read, and
    /// no operand is the program.
    program_files: &'static [&'static str],
    /// Options that give the program inline: no operand is the program.
    program_texts: &'static [&'static str],
    /// Words before the program (`yq eval`).
    subcommands: &'static [&'static str],
    /// Options that write the input files back.
    in_place: &'static [&'static str],
    /// Options after which operands (other than the program) are values, not files.
    values_after: &'static [&'static str],
}

const JQ_NAMED_VALUES: &[&str] = &["--arg", "--argjson"];
const JQ_NAMED_FILES: &[&str] = &["--rawfile", "--slurpfile"];
const JQ_VALUES_AFTER: &[&str] = &["--args", "--jsonargs"];

/// The query tools. jq's `-f`/`--from-file` is a switch (the first operand is then the program
/// file, read like the inputs); mikefarah yq's `--from-file` takes the file; python yq passes
/// jq's options through, so yq's row accepts both.
const QUERIES: &[Query] = &[
    Query {
        programs: &["jq", "gojq", "jaq"],
        short_values: "L",
        long_values: &["--indent"],
        named_values: JQ_NAMED_VALUES,
        named_files: JQ_NAMED_FILES,
        program_files: &["-f", "--from-file"],
        program_texts: &[],
        subcommands: &[],
        in_place: &[],
        values_after: JQ_VALUES_AFTER,
    },
    Query {
        programs: &["yq"],
        short_values: "opIL",
        long_values: &[
            "--output-format",
            "--input-format",
            "--indent",
            "--from-file",
            "--expression",
            "--front-matter",
        ],
        named_values: JQ_NAMED_VALUES,
        named_files: JQ_NAMED_FILES,
        program_files: &["-f", "--from-file"],
        program_texts: &["--expression"],
        subcommands: &["e", "ea", "eval", "eval-all"],
        in_place: &["-i", "--inplace", "--in-place"],
        values_after: JQ_VALUES_AFTER,
    },
];

fn table(program: &str) -> Option<&'static Query> {
    QUERIES.iter().find(|q| q.programs.contains(&program))
}

/// Whether `program` is a query tool whose operand roles this table gives.
pub(crate) fn is_query_tool(program: &str) -> bool {
    table(program).is_some()
}

/// The reads (and in-place writes) of a query tool; nothing when `program` is not one.
pub(crate) fn query(program: &str, args: &[Field], p: &Places<'_>, fx: &mut Effects) {
    let Some(q) = table(program) else {
        return;
    };
    // Two-word options come out first: getopt-style parsing knows one value per option.
    // `--args`/`--jsonargs` come out too; `values_at` is where the first one stood in `rest`.
    let mut rest: Vec<Field> = Vec::new();
    let mut values_at: Option<usize> = None;
    let mut words = args.iter();
    while let Some(a) = words.next() {
        let v = a.value.as_str();
        if v == "--" {
            rest.push(a.clone());
            rest.extend(words.by_ref().cloned());
            break;
        }
        if q.values_after.contains(&v) {
            values_at.get_or_insert(rest.len());
            continue;
        }
        if q.named_values.contains(&v) || q.named_files.contains(&v) {
            let _name = words.next();
            if let Some(value) = words.next()
                && q.named_files.contains(&v)
            {
                fx.read(p, value);
            }
            continue;
        }
        rest.push(a.clone());
    }
    let parsed = parse_opts(&rest, q.short_values, q.long_values);
    for f in parsed.values(q.program_files) {
        fx.read(p, f);
    }
    let mut operands: &[Field] = &parsed.operands;
    let mut before = values_at.map_or(usize::MAX, |at| {
        parse_opts(rest.get(..at).unwrap_or(&[]), q.short_values, q.long_values)
            .operands
            .len()
    });
    if let Some((first, tail)) = operands.split_first()
        && q.subcommands.contains(&first.value.as_str())
    {
        operands = tail;
        before = before.saturating_sub(1);
    }
    let given = parsed.has(q.program_files) || parsed.has(q.program_texts);
    let in_place = parsed.has(q.in_place);
    for (i, f) in operands.iter().enumerate() {
        // The first operand is the program: its text, or with `-f` its file (read wherever
        // it stands). Any other is a file when written before `--args`, else a value.
        let read = if i == 0 { given } else { i < before };
        if read {
            fx.read(p, f);
            if in_place {
                fx.write(p, f);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::shell::analyze;

    /// (read paths, written paths) of the command, relative to the workspace `/w`.
    fn effects(text: &str) -> (Vec<String>, Vec<String>) {
        let ctx = crate::shell::test_context("/w", "/h");
        let analysis = analyze(text, &ctx);
        let cmd = analysis.commands.first();
        let paths = |list: Option<&Vec<crate::paths::PathFact>>| -> Vec<String> {
            list.into_iter()
                .flatten()
                .map(|f| f.path.trim_start_matches("/w/").to_owned())
                .collect()
        };
        (paths(cmd.map(|c| &c.reads)), paths(cmd.map(|c| &c.writes)))
    }

    #[test]
    fn the_filter_is_not_a_file() {
        let cases: &[(&str, &[&str])] = &[
            ("jq .env package.json", &["package.json"]),
            ("jq -r .env.API_KEY config.json", &["config.json"]),
            ("jq .env", &[]),
            ("jq . .env", &[".env"]),
            ("jq -r '.a' .env other.json", &[".env", "other.json"]),
            ("jq --arg k .env '.x' a.json", &["a.json"]),
            ("jq --arg k v .env", &[]),
            ("jq --rawfile s .env -n '$s'", &[".env"]),
            ("jq --slurpfile s .env . a.json", &[".env", "a.json"]),
            ("jq -f .env a.json", &[".env", "a.json"]),
            ("jq --from-file prog.jq .env", &["prog.jq", ".env"]),
            ("jq -L lib .env a.json", &["a.json"]),
            ("jq --indent 2 .env a.json", &["a.json"]),
            ("jq -- .env a.json", &["a.json"]),
            ("gojq .secret .env", &[".env"]),
            ("yq .env values.yaml", &["values.yaml"]),
            ("yq eval .env values.yaml", &["values.yaml"]),
            ("yq e '.' .env", &[".env"]),
            ("yq -o json .env a.yaml", &["a.yaml"]),
            ("yq --from-file q.yq .env", &["q.yq", ".env"]),
            ("yq --expression .env a.yaml", &["a.yaml"]),
            ("yq -y .env a.yaml", &["a.yaml"]),
            // `--args`/`--jsonargs`: later operands are values, earlier ones files.
            ("jq -n '$ARGS' --args .env id_rsa", &[]),
            ("jq --args -n '$ARGS' .env", &[]),
            ("jq '$ARGS' .env --args x", &[".env"]),
            ("jq -n --jsonargs '$ARGS' 1 .env", &[]),
            ("jq --args -f prog.jq .env", &["prog.jq"]),
            ("jq -f prog.jq a.json --args .env", &["prog.jq", "a.json"]),
            ("jq --args --rawfile s .env -n '$s' x", &[".env"]),
            ("yq eval --args . .env", &[]),
            ("yq eval . a.yaml --args .env", &["a.yaml"]),
            // yq's `-f`: mikefarah's front matter value or kislyuk's program file: the union.
            (
                "yq -f extract .env values.yaml",
                &["extract", ".env", "values.yaml"],
            ),
            ("yq -f process '.a' .env", &["process", ".a", ".env"]),
            (
                "yq --front-matter=extract .env values.yaml",
                &["values.yaml"],
            ),
        ];
        for (text, want) in cases {
            assert_eq!(effects(text).0, *want, "{text}");
        }
    }

    #[test]
    fn in_place_writes_the_inputs() {
        assert_eq!(effects("yq -i '.a = 1' a.yaml").1, ["a.yaml"]);
        assert!(effects("yq '.a = 1' a.yaml").1.is_empty());
    }
}
