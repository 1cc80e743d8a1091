//! The phrase rules: anchors matched on the folded text (one `RegexSet` pass), each with a kind,
//! a base score and an optional check of its surroundings. No rule backtracks (regex crate);
//! every pattern is compiled once.

use super::finding::FindingKind;
use regex_automata::meta::Regex as MetaRegex;
use std::sync::LazyLock;

/// What must hold around an anchor for it to count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Check {
    /// The anchor alone is enough.
    None,
    /// An AI addressee ("assistant", "AI agent", "Claude" …) in the match or the text before it.
    Addressee,
    /// A secret target: needs a send verb and a destination nearby (the anchor is the target).
    Exfiltration,
    /// A secret named by a word ("password", "API key"): as [`Check::Exfiltration`], and the
    /// secret must be the object of the send ("send the password to …", "… and upload it"), not
    /// merely near one ("never share your password"; a reset link after "password").
    SecretObject,
    /// "without restrictions": needs "act as"/"pretend"/"you are" shortly before.
    Unrestricted,
    /// "if you are an AI": the next word must not make it a person ("an AI researcher").
    NotAPerson,
    /// A command must follow shortly ("note to AI agents: run …").
    FollowUp,
}

/// One phrase rule. `pattern` uses `~` for a word gap (0–3 non-alphanumerics, newlines included)
/// and starts with `!` when it must not be anchored at a word start.
pub(crate) struct Rule {
    pub(crate) kind: FindingKind,
    pub(crate) base: u8,
    pub(crate) check: Check,
    pub(crate) pattern: &'static str,
}

const fn rule(kind: FindingKind, base: u8, check: Check, pattern: &'static str) -> Rule {
    Rule {
        kind,
        base,
        check,
        pattern,
    }
}

use Check as C;
use FindingKind as K;

/// Nouns for "instructions" in override phrases.
macro_rules! nouns {
    () => {
        "(?:instructions?|directions?|directives?|prompts?|rules|guidelines|guidance|context|messages?|commands?|orders|constraints|programming|policies|safeguards|restrictions|text|content|conversation|input|system ?prompt|tasks?)"
    };
}

/// Adjectives that point back at the agent's existing instructions.
macro_rules! earlier {
    () => {
        "(?:previous|prior|above|earlier|preceding|foregoing|former|original|initial|old|existing|system|developer|preset|default|given|current|all)"
    };
}

/// Verbs that discard instructions.
macro_rules! discard {
    () => {
        "(?:ignore|disregard|forget|skip|overlook|abandon|discard|drop|bypass|override|neglect|dismiss)"
    };
}

/// Who an injection addresses. Bare "agent", "assistant" and "bot" are left out: real-estate
/// agents and office assistants get notes too.
macro_rules! addressee {
    () => {
        "(?:ai~agents?|ai~assistants?|ai~models?|ai~systems?|ai~tools?|ai~crawlers?|ai|llms?|large~language~models?|language~models?|coding~(?:agents?|assistants?)|automated~(?:agents?|assistants?|systems?)|autonomous~agents?|claude(?:~code)?|codex|copilot|chatgpt|gpt(?:-?[0-9][a-z0-9.]*)?|gemini|cursor|devin)"
    };
}

macro_rules! command {
    () => {
        "(?:please~|now~|first~|immediately~)?(?:(?:to~[a-z]+~[a-z]+~)?you~(?:must|should|need~to|will|are~to)~(?:now~|also~|first~)?)?(?:ignore|disregard|forget|run|execute|send|upload|forward|delete|include|insert|add|post|push|commit|merge|approve|grant|reply|respond|say|tell|print|output|reveal|open|visit|download|install|accept|share|transfer|e-?mail|recommend|rate|score|give|write|create|change|remove|always|never|do~not|don't|stop|summari[sz]e|translate|copy)(?-u:\\b)"
    };
}

/// A command right after an address: optional "please"/"to do X you must", then a verb.
pub(crate) const COMMAND: &str = command!();

pub(crate) static RULES: &[Rule] = &[
    // --- instruction override ---
    rule(
        K::InstructionOverride,
        75,
        C::None,
        concat!(
            discard!(),
            "~(?:all|any|every)?~(?:of)?~(?:the|your|my|these|those|this)?~(?:",
            earlier!(),
            ")~(?:[a-z]+~)?",
            nouns!()
        ),
    ),
    rule(
        K::InstructionOverride,
        70,
        C::None,
        concat!(
            discard!(),
            "~(?:all|any)?~(?:of)?~your~(?:[a-z]+~)?",
            nouns!()
        ),
    ),
    rule(
        K::InstructionOverride,
        45,
        C::None,
        concat!(
            "(?:ignore|disregard|forget)~(?:all|everything)?~(?:of)?~(?:the|what(?:'s| is| was)?)?~",
            "(?:above|previous|prior|preceding|before|said before|written above)",
            "(?:[ ]?[.,;:!\\n]| and| then| instead|$)"
        ),
    ),
    rule(
        K::InstructionOverride,
        70,
        C::None,
        "forget~(?:everything|all|anything)~(?:that~)?(?:you~(?:were|have~been|'ve~been|had~been|are)|i~(?:have~)?|we~(?:have~)?)~(?:told|taught|said|instructed|given|programmed|trained)",
    ),
    rule(
        K::InstructionOverride,
        60,
        C::None,
        "forget~(?:everything|all|anything)~(?:above|before~this|previously|so~far|up~to~now|until~now|in~your~(?:prompt|context|instructions))",
    ),
    rule(
        K::InstructionOverride,
        50,
        C::Addressee,
        concat!(
            "(?:new|updated|revised|real|actual|true|important|urgent|additional|secret|hidden)~(?:instructions?|directives?|orders|task|prompt)(?:~for~(?:the~|all~|any~)?",
            addressee!(),
            ")?~?:"
        ),
    ),
    rule(
        K::InstructionOverride,
        60,
        C::None,
        "(?:new|updated|revised|replacement)~system~(?:instructions?|prompt|message|directives?)~?:",
    ),
    rule(
        K::InstructionOverride,
        60,
        C::None,
        "(?:ignore|disregard|forget|override|skip|bypass)~(?:all~)?(?:of~)?(?:the~)?(?:user|human|operator|developer|person)(?:'s|s)?~(?:instructions|requests?|commands|wishes|messages|task|prompt|question)",
    ),
    rule(
        K::InstructionOverride,
        70,
        C::None,
        "system~(?:prompt|message|instructions?)~(?:override|overwrite|update|reset|replacement|change)",
    ),
    rule(
        K::InstructionOverride,
        65,
        C::None,
        "(?:override|overwrite|replace|reset|bypass|reveal|print|leak|disclose|output|repeat|dump)~(?:your|the|its)~(?:original~|initial~|hidden~|internal~)?(?:system~prompt|system~message|system~instructions|initial~prompt|hidden~prompt|hidden~instructions|instructions~above)",
    ),
    rule(
        K::InstructionOverride,
        60,
        C::None,
        "your~(?:new|real|true|actual|only|updated)~(?:task|goal|objective|instructions?|purpose|mission|job|role|directive)~(?:is|are|:|now)",
    ),
    rule(
        K::InstructionOverride,
        60,
        C::None,
        "stop~(?:following|obeying|listening~to)~(?:your|the|all|any)~(?:previous~|prior~|original~|system~)?(?:instructions|rules|guidelines|prompt|programming|directives)",
    ),
    rule(
        K::InstructionOverride,
        70,
        C::None,
        "(?:these|the~following|this|my)~(?:instructions?|directives?|message|rules)~(?:supersedes?|overrides?|takes?~precedence|replaces?|overwrites?)",
    ),
    rule(
        K::InstructionOverride,
        70,
        C::None,
        concat!(
            "(?:supersedes?|overrides?|takes?~precedence~over|replaces?)~(?:all~|any~)?(?:of~)?(?:your|the|any|all)~(?:other~)?(?:previous|prior|earlier|original|system|existing|other)~",
            nouns!()
        ),
    ),
    rule(
        K::InstructionOverride,
        40,
        C::None,
        "from~now~on~,?~you~(?:are|will|must|shall|should|have~no|no~longer|can)",
    ),
    // Other languages: the same override in German, French, Spanish, Portuguese, Italian.
    rule(
        K::InstructionOverride,
        75,
        C::None,
        "(?:ignorier(?:e|en~sie)|vergiss|vergessen~sie)~(?:alle~)?(?:vorherigen|bisherigen|obigen|vorigen|fruheren)~(?:anweisungen|instruktionen|befehle|regeln)",
    ),
    rule(
        K::InstructionOverride,
        75,
        C::None,
        "(?:ignore[zr]?|oublie[zr]?)~(?:toutes~)?(?:les|tes|vos)~(?:instructions|consignes|regles)~(?:precedentes|anterieures|ci-dessus)",
    ),
    rule(
        K::InstructionOverride,
        75,
        C::None,
        "(?:ignora|ignore|olvida|ignorar|esqueca|esquece|dimentica)~(?:todas~|tutte~)?(?:las|as|le)~(?:instrucciones|instrucoes|istruzioni)~(?:anteriores|previas|precedenti)",
    ),
    // --- role hijack ---
    rule(
        K::RoleHijack,
        70,
        C::None,
        "you~(?:are|'re)~now~(?:in~)?(?:an?~)?(?:developer~mode|dan|god~mode|jailbreak|jailbroken|unrestricted|unfiltered|uncensored|evil|unchained|unlocked|free~from)",
    ),
    rule(
        K::RoleHijack,
        65,
        C::None,
        "(?:do~anything~now|dan~mode|developer~mode~(?:enabled|output|response)|stay~in~(?:character|dan)|(?:act|acting)~as~(?:a~)?dan(?-u:\\b)|you~are~dan(?-u:\\b)|jailbreak~mode|jailbroken~mode)",
    ),
    rule(
        K::RoleHijack,
        60,
        C::None,
        "(?:enable|activate|enter|switch~to|turn~on)~(?:dan|god|jailbreak|unrestricted|unfiltered|uncensored)~mode",
    ),
    rule(
        K::RoleHijack,
        65,
        C::Unrestricted,
        "(?:without|with~no|free~(?:of|from)|no~longer~(?:bound|restricted)~by|not~bound~by|ignoring)~(?:any~|all~|the~|your~)?(?:restrictions|limitations|limits|filters|filtering|censorship|ethical~(?:guidelines|constraints|restrictions)|safety~(?:guidelines|filters|rules|measures)|content~polic(?:y|ies)|guardrails|rules)",
    ),
    rule(
        K::RoleHijack,
        65,
        C::None,
        "(?:ignore|bypass|disable|override|turn~off|deactivate|circumvent)~(?:all~)?(?:of~)?(?:your|the|any)~(?:safety|content|ethical|security|moderation)~(?:guidelines|filters|restrictions|policies|rules|protocols|measures|training|settings|checks)",
    ),
    // --- concealment ---
    rule(
        K::Concealment,
        50,
        C::None,
        "(?:and|but|then|[,;])~(?:do~not|don't|dont|never)~(?:tell|inform|mention|alert|notify|warn|ask)~(?:this~|it~|anything~|(?:this|that|these|the|any)~[a-z]+~)?(?:to~)?(?:the|your)~(?:user|human|developer|operator|person)(?-u:\\b)",
    ),
    rule(
        K::Concealment,
        35,
        C::None,
        "(?:do~not|don't|dont|never|without)~(?:tell|telling|inform|informing|mention|mentioning|alert|alerting|notify|notifying|reveal|revealing|disclose|disclosing|show|showing|warn|warning)~(?:this~|it~|anything~|(?:this|that|these|the|any)~[a-z]+~)?(?:to~)?(?:the|your)~(?:user|human|developer|operator|person)(?-u:\\b)",
    ),
    rule(
        K::Concealment,
        55,
        C::None,
        "(?:without~(?:the|your)~(?:user|human|operator|developer)(?:'s|s)?~(?:knowing|knowledge|noticing|seeing|awareness)|(?:keep|hide)~(?:this|it)~(?:secret~)?from~(?:the|your)~(?:user|human|operator)|(?:the|your)~(?:user|human)~(?:must|should)~(?:not|never)~(?:know|see|find~out|notice|be~told))",
    ),
    // --- exfiltration (the anchor is the secret; the check wants a verb and a destination) ---
    rule(
        K::Exfiltration,
        60,
        C::Exfiltration,
        "!(?:\\x7e/\\.ssh|\\.ssh/|id_(?:rsa|ed25519|ecdsa|dsa)(?:[\\x00-\\x2d\\x2f-\\x7f]|$)|\\.aws/credentials|aws_secret_access_key|\\.env(?-u:\\b)|\\.npmrc|\\.pypirc|\\.netrc|\\.git-credentials|\\.docker/config\\.json|\\.kube/config|/etc/shadow|/etc/passwd|\\.bash_history|\\.gnupg)",
    ),
    rule(
        K::Exfiltration,
        45,
        C::SecretObject,
        "(?:private~keys?|ssh~keys?|api~?keys?|access~tokens?|auth(?:entication)?~tokens?|secret~keys?|secrets|credentials|env(?:ironment)?~var(?:iable)?s|session~(?:tokens?|cookies?)|passwords?|wallet~seed|seed~phrase)(?-u:\\b)",
    ),
    // --- instructions addressed to an AI ---
    rule(
        K::AgentInstruction,
        50,
        C::FollowUp,
        concat!(
            "(?:note|message|instructions?|attention|notice|important|reminder|hint|directive|warning|memo)s?~(?:to|for)~(?:all~|any~|the~)?(?:automated~)?",
            addressee!(),
            "(?-u:\\b)"
        ),
    ),
    rule(
        K::AgentInstruction,
        50,
        C::NotAPerson,
        concat!(
            "(?:if|when)~you~(?:are|'re)~(?:an?~)?(?:automated~|autonomous~)?",
            addressee!(),
            "(?-u:\\b)"
        ),
    ),
    rule(
        K::AgentInstruction,
        55,
        C::None,
        concat!(
            "(?:",
            addressee!(),
            "|agents?|assistants?|bots?|models?|crawlers?|scrapers?)",
            "~(?:that~(?:is|are)~|which~(?:is|are)~)?(?:reading|processing|parsing|summari[sz]ing|scraping|crawling|visiting|indexing|reviewing|analy[sz]ing)~(?:this|these)"
        ),
    ),
    rule(
        K::AgentInstruction,
        45,
        C::None,
        concat!(
            "(?:dear|hey|hi|hello|psst|attention|listen~up)~,?~",
            addressee!(),
            "(?-u:\\b)"
        ),
    ),
    rule(
        K::AgentInstruction,
        55,
        C::None,
        concat!(addressee!(), "~[:,]~", command!()),
    ),
    rule(
        K::AgentInstruction,
        50,
        C::None,
        concat!("(?:assistants?|agents?|bots?)~,~", command!()),
    ),
    rule(
        K::AgentInstruction,
        35,
        C::None,
        concat!(
            addressee!(),
            "~(?:must|should|shall|need~to|are~required~to|are~instructed~to)~(?:now~|immediately~|also~|first~|always~|secretly~|quietly~)?(?:run|execute|ignore|send|upload|delete|read|fetch|include|insert|add|output|print|reply|respond|say|tell|recommend|visit|open|navigate|call|invoke|use|post|push|commit|forward)"
        ),
    ),
    rule(
        K::AgentInstruction,
        55,
        C::Addressee,
        "(?:run|execute|exec|invoke)~(?:the~|this~|these~)?(?:following~)?(?:shell~|bash~|terminal~|powershell~)?(?:command|commands|script|code|one-liner|snippet)",
    ),
    rule(
        K::AgentInstruction,
        60,
        C::None,
        "(?:say|print|output|respond~with|reply~with|answer~with|write)~(?:only~|exactly~)?~i~have~been~(?:pwned|hacked|owned)",
    ),
    rule(
        K::AgentInstruction,
        55,
        C::None,
        "(?:include|insert|add|append|embed|put)~(?:this|the~following|that|these)~(?:link|url|text|image|message|sentence|line|snippet|code)~(?:in|into|to|at~the~end~of)~(?:your|the|every|each|all)~(?:response|answer|summary|reply|output|message|commit|code)",
    ),
    rule(
        K::AgentInstruction,
        50,
        C::None,
        "(?:tell|recommend~to|instruct|advise|convince|urge)~(?:the|your)~(?:user|human|reader)~(?:to|that~they~(?:should|must))~(?:visit|download|install|run|go~to|click|open|enter|paste|send|buy|call)",
    ),
    rule(
        K::AgentInstruction,
        40,
        C::None,
        "when~(?:you~(?:are~)?)?(?:summari[sz]ing|reading|processing|reviewing|analy[sz]ing)~(?:this|the)~(?:page|document|repo|repository|file|article|email|issue|website|content|readme)",
    ),
];

/// All rule patterns in one multi-pattern regex: one pass over the text finds every rule's
/// leftmost matches, each tagged with its rule index (`RULES` order).
pub(crate) static ALL: LazyLock<Option<MetaRegex>> = LazyLock::new(|| {
    let patterns: Vec<String> = RULES.iter().map(|rule| expand(rule.pattern)).collect();
    MetaRegex::builder()
        .configure(
            MetaRegex::config()
                .hybrid_cache_capacity(DFA_CACHE_BYTES)
                // Only match offsets are needed: skipping the engines built for capture
                // groups halves the compile time, which every hook process pays once.
                .onepass(false)
                .backtrack(false),
        )
        .build_many(&patterns)
        .ok()
});

/// Lazy-DFA cache of the rule set: big enough that mixed text does not keep flushing it.
const DFA_CACHE_BYTES: usize = 16 << 20;

/// Expands the `~` word gap and anchors the pattern at a word start, unless it begins with `!`
/// (patterns that start with punctuation, such as `.env`).
pub(crate) fn expand(pattern: &str) -> String {
    let (anchor, body) = match pattern.strip_prefix('!') {
        Some(body) => ("", body),
        None => ("(?-u:\\b)", pattern),
    };
    format!("(?m){anchor}{}", expand_gaps(body))
}

/// Replaces each `~` with [`GAP`].
pub(crate) fn expand_gaps(pattern: &str) -> String {
    pattern.replace('~', GAP)
}

/// A word gap: up to three ASCII non-alphanumerics (spaces, punctuation, a newline, markup).
/// ASCII only on purpose: a small byte class keeps the lazy DFA of the rule set small (the
/// folded text has typographic punctuation and odd spaces already turned into ASCII).
pub(crate) const GAP: &str = "[\\x00-\\x2f\\x3a-\\x60\\x7b-\\x7f]{0,3}";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_compiles() {
        for rule in RULES {
            assert!(
                regex::Regex::new(&expand(rule.pattern)).is_ok(),
                "rule does not compile: {}",
                rule.pattern
            );
        }
        assert!(ALL.is_some());
    }
}
