//! Publishing: commands that put a package, image or release where everyone can see it. One
//! table of (tools, command path, verb); build tools whose tasks publish (`gradle publish`,
//! `mvn deploy`) and image builds that push (`docker buildx build --push`) are rules of their own.

use super::{Input, has_flag, positionals};
use serde::Serialize;

/// What a publishing command publishes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct PublishFacts {
    /// The tool (`npm`, `cargo`, `twine`, `docker`, `gradle` …).
    pub tool: String,
    /// What it does: `publish`, `unpublish`, `deprecate`, `yank`, `push`, `upload`, `deploy`,
    /// `release`.
    pub verb: String,
}

/// (tools, command words, verb): `npm publish`, `yarn npm publish`, `dotnet nuget push`.
const COMMANDS: &[(&[&str], &[&str], &str)] = &[
    (&["npm", "pnpm", "yarn", "bun"], &["publish"], "publish"),
    (&["npm", "pnpm", "yarn", "bun"], &["unpublish"], "unpublish"),
    (&["npm", "pnpm", "yarn", "bun"], &["deprecate"], "deprecate"),
    (&["npm", "pnpm", "yarn"], &["dist-tag"], "publish"),
    (&["yarn"], &["npm", "publish"], "publish"),
    (&["bun"], &["pm", "publish"], "publish"),
    (&["cargo"], &["publish"], "publish"),
    (&["cargo"], &["yank"], "yank"),
    (&["twine"], &["upload"], "upload"),
    (&["twine"], &["register"], "upload"),
    (
        &["uv", "poetry", "hatch", "flit", "pdm", "vsce", "ovsx"],
        &["publish"],
        "publish",
    ),
    (&["gem"], &["push"], "push"),
    (&["gem"], &["yank"], "yank"),
    (&["docker", "podman", "nerdctl"], &["push"], "push"),
    (&["docker", "podman", "nerdctl"], &["image", "push"], "push"),
    (&["docker", "podman"], &["manifest", "push"], "push"),
    (&["dotnet"], &["nuget", "push"], "push"),
    (&["gh"], &["release", "create"], "release"),
    (&["gh"], &["release", "upload"], "release"),
];

/// Options of the tools above that take a value (so their values are not command words).
const LONG_VALUES: &[&str] = &[
    "--tag",
    "--access",
    "--otp",
    "--registry",
    "--workspace",
    "--filter",
    "--cwd",
    "--repository",
    "--repository-url",
    "--index",
    "--token",
    "--username",
    "--password",
    "--manifest-path",
    "--package",
    "--host",
    "--context",
    "--config",
    "--log-level",
    "--repo",
    "--source",
    "--api-key",
];

/// The facts of a publishing command; `None` when it publishes nothing.
pub(crate) fn publish(input: &Input<'_>) -> Option<PublishFacts> {
    let program = input.program;
    let tool = program.trim_end_matches('w');
    let found = |verb: &str| {
        Some(PublishFacts {
            tool: program.to_owned(),
            verb: verb.to_owned(),
        })
    };
    let words = positionals(input.args, "w", LONG_VALUES);
    match tool {
        // `./gradlew publish`, `gradle :lib:publishToSonatype`; `publishToMavenLocal` stays local.
        "gradle" | "gradlew" => {
            let publishes = words.iter().any(|t| {
                let task = t.rsplit(':').next().unwrap_or(t);
                (task.starts_with("publish") && !task.ends_with("MavenLocal"))
                    || task == "uploadArchives"
                    || task.starts_with("closeAndRelease")
            });
            return publishes.then(|| found("publish")).flatten();
        }
        // `mvn deploy`, `./mvnw clean deploy`, `mvn release:perform`, `deploy:deploy-file`.
        "mvn" => {
            let deploys = words
                .iter()
                .any(|g| *g == "deploy" || g.starts_with("deploy:") || *g == "release:perform");
            return deploys.then(|| found("deploy")).flatten();
        }
        _ => {}
    }
    // `docker buildx build --push`, `docker build --output type=registry`, `buildx bake --push`.
    if matches!(program, "docker" | "podman" | "nerdctl")
        && words
            .iter()
            .take(2)
            .any(|w| matches!(*w, "build" | "bake" | "buildx" | "builder"))
    {
        let pushes = has_flag(input.args, &["--push"])
            || input.args.iter().any(|a| {
                let v = a.value.to_ascii_lowercase();
                v.contains("type=registry") || v.contains("push=true")
            });
        if pushes {
            return found("push");
        }
    }
    let words: Vec<&str> = words.into_iter().filter(|w| !w.starts_with('+')).collect();
    COMMANDS
        .iter()
        .find(|(tools, path, _)| {
            tools.contains(&program)
                && words.len() >= path.len()
                && words.iter().zip(path.iter()).all(|(w, p)| w == p)
        })
        .and_then(|(_, _, verb)| found(verb))
}

#[cfg(test)]
mod tests {
    use crate::shell::analyze;

    fn verb(text: &str) -> Option<String> {
        let ctx = crate::shell::test_context("/w", "/h");
        analyze(text, &ctx)
            .commands
            .iter()
            .find_map(|c| c.publishes.as_ref().map(|p| p.verb.clone()))
    }

    #[test]
    fn publishing_table() {
        for text in [
            "npm publish",
            "npm publish --tag next --access public",
            "pnpm -r publish",
            "yarn npm publish",
            "bun publish",
            "npm unpublish pkg@1.0.0",
            "npm deprecate pkg 'use x'",
            "cargo publish --allow-dirty",
            "cargo +nightly publish",
            "cargo yank --version 1.0.0",
            "twine upload dist/*",
            "python -m twine upload dist/*",
            "python3 -m twine upload -r pypi dist/*",
            "uvx twine upload dist/*",
            "uv publish",
            "poetry publish --build",
            "hatch publish",
            "flit publish",
            "gem push x.gem",
            "docker push registry.example.com/app:1",
            "podman image push app",
            "docker buildx build --push -t x .",
            "docker build --output type=registry -t x .",
            "./gradlew publish",
            "gradle :lib:publishAllPublicationsToSonatypeRepository",
            "./mvnw clean deploy",
            "mvn release:perform",
            "gh release create v1.0.0",
            "dotnet nuget push x.nupkg",
        ] {
            assert!(verb(text).is_some(), "{text}");
        }
        for text in [
            "npm pack",
            "npm install",
            "npm run publish-docs",
            "cargo build",
            "docker build -t app .",
            "docker buildx build -t x .",
            "./gradlew build",
            "./gradlew publishToMavenLocal",
            "mvn package",
            "gh release view v1",
            "twine check dist/*",
            "uv pip install x",
        ] {
            assert_eq!(verb(text), None, "{text}");
        }
    }
}
