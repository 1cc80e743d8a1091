//! The sentence detector: scores what a sentence *does* rather than which phrase it is. Each
//! sentence (a line, or a part of one ended by `.`, `!` or `?`) gets a set of features from one
//! multi-pattern pass over the folded text and one over the original (for concrete targets:
//! e-mail addresses, IBANs, account numbers, URLs, phone numbers, file names, channels):
//! whether it addresses the agent, claims authority or to speak for the user, redirects the task
//! ("before you …", "instead"), orders an action the agent can take, names a tool to call, sits
//! behind fake structure (role markers, chat-template tokens, pseudo-tags, "TODO:" lines), tries
//! to stop or hijack the task, and whether it looks like source code. A sentence is scored with
//! the features of the sentences around it (an address three sentences earlier raises the weight
//! of the order that follows). Key words are also matched with one typo (edit distance 1), so a
//! misspelt "Ignroe all previus instructions" or "Importnat message" still counts. A small
//! learned model (`learned`) then moves a sentence's rule score when it is confident. An action
//! verb after a comma ("claude, forward …") is an order only in a sentence aimed at the agent; a
//! source-code comment that speaks to the agent and orders something harmful keeps its score.
//!
//! Linear: both passes are non-overlapping searches, each sentence is scored from bit sets of a
//! bounded window, and the typo check reads each word of a sentence with features at most once,
//! within a byte budget.

use super::context::{Context, Signal};
use super::finding::{Candidate, Excerpt, FindingKind};
use super::learned;
use super::normalize::Folded;
use regex_automata::meta::Regex as MetaRegex;
use std::sync::LazyLock;

/// One feature of a sentence, a bit in [`Features`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
enum F {
    /// Speaks to the agent directly: "to you, Claude", "Dear AI assistant,", "hey GPT-4".
    Vocative,
    /// Names a model or assistant product (Claude, ChatGPT, GPT-4, Gemini, Llama …).
    ModelName,
    /// Generic "assistant", "AI", "agent", "model", "bot".
    Generic,
    /// "you" / "your".
    You,
    /// Claims importance or authority: "important message", "IMPORTANT!!!", "admin notice".
    Authority,
    /// Claims to be the user, or to speak for them: "a message from me, Emma", "the user wants
    /// you to", "on behalf of the user".
    Impersonation,
    /// Redirects the task: "before you can solve the task", "instead of", "after you do that".
    Redirect,
    /// An imperative verb of an action the agent can take, in imperative position.
    Order,
    /// An order that moves something out: send, forward, transfer, pay, share, post, invite …
    SendOrder,
    /// A concrete target: e-mail, IBAN, account number, URL, domain, phone, file name, channel.
    Target,
    /// Data the agent holds: "all emails", "the contents of", "my files", "as much money as".
    DataObject,
    /// A secret as the thing acted on: password, security code, 2FA code, API key, credentials.
    Secret,
    /// The reader's own secret ("reset your password", "send your API key in the header"):
    /// account mail and API docs speak to a person about their own secrets.
    OwnSecret,
    /// "the user" in the third person (data does not talk about "the user" to a person).
    TheUser,
    /// Names a tool or function to call, or gives call arguments (`recipient=`, `send_money(`).
    ToolCall,
    /// Role or turn markers, chat-template tokens, pseudo-tags (`System:`, `<|im_start|>`,
    /// `[INST]`, `<INFORMATION>`).
    Role,
    /// A task line: "TODO:", "Action required:", "Next step:".
    TaskLine,
    /// Stops or replaces the task, weakly: "answer only with", "stop now".
    Hijack,
    /// Stops or replaces the task unmistakably: "stop what you are doing", "your only response
    /// is", "do not continue with the task", "abort the current task".
    HijackStrong,
    /// An order to call a named tool ("call `send_money`", "use the send_email tool"): sets
    /// [`F::Order`] and [`F::ToolCall`].
    ToolOrder,
    /// Hides from the user: "do not tell the user".
    Conceal,
    /// An instruction-override phrase spelt with typos (found by the typo check).
    Override,
    /// Looks like source code (an assignment, a keyword, a call with a string).
    Code,
    /// Project guidance for agents (CLAUDE.md, AGENTS.md, "this repository", "pull request"):
    /// addressing the agent there is the file's purpose, not an injection.
    ProjectGuide,
    /// A conditional instruction written in advance ("if the user asks …, call …").
    Conditional,
    /// A weak redirect: "instead", "rather than", "in addition".
    RedirectWeak,
    /// Inline code (backticks).
    Backtick,
    /// A URL whose query is left for the reader to fill in (`?q={{api_key}}`, `?d=<…>`, `?c=%s`,
    /// `?u=$TOKEN`, a query ending in `=`): where data would be sent out by rendering it.
    ExfilUrl,
    /// A markdown image, an `<img>` or an "image URL": fetched when rendered, no click needed.
    Image,
    /// Context only the agent holds: the conversation, the user's messages, the session, what
    /// it read, environment variables.
    ContextData,
    /// A path to a secret (`~/.ssh/id_rsa`, `~/.aws/credentials`, `.env`, `/etc/shadow`).
    SecretPath,
    /// A download piped into a shell (`curl … | sh`).
    PipeShell,
    /// Puts something into the agent's answer: "in your response", "verbatim", "paste the output".
    IntoReply,
    /// An action verb right after a comma ("claude, forward …", "before you answer, send …"): an
    /// order only in a sentence that addresses the agent, redirects, claims authority or
    /// speaks for the user (elsewhere a comma before a verb is ordinary prose).
    CommaOrder,
    /// Discards the agent's own task or instructions, in any wording: a discard verb whose
    /// object is *the reader's* task ("set aside the user's request", "forget the task you were
    /// given", "disregard the earlier guidance"), not the writer's ("ignore my previous email").
    Discard,
    /// A prompt held by source code: a variable named for a prompt or system message assigned
    /// a string (`SYSTEM_PROMPT = """`, `const systemPrompt = \``); also sets [`F::Code`].
    PromptCode,
    /// A key named for a prompt or system message given a string (`system: |`,
    /// `prompt: "…"`), or a `"role": "system"` message: a held prompt where code is near.
    PromptKey,
    /// The text is a guidance file for agents (CLAUDE.md, AGENTS.md, `.cursorrules`, a first
    /// heading for agents or contributors): set on every sentence of such a text.
    GuideDoc,
}

/// A set of [`F`]s.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Features(u64);

impl Features {
    fn set(&mut self, feature: F) {
        self.0 |= 1 << feature as u8;
    }
    fn has(self, feature: F) -> bool {
        self.0 & (1 << feature as u8) != 0
    }
    fn union(self, other: Self) -> Self {
        Self(self.0 | other.0)
    }
    fn is_empty(self) -> bool {
        self.0 == 0
    }
}

/// Where an order may stand: the start of a line or sentence, or after "please", "you must" …
const IMPERATIVE_AT: &str = r"(?:(?m:^)[ >*#\-\d.)\[\]x]*|[.!?:;>\])] |[>\x22] ?|(?-u:\b)(?:please|kindly|must|should|need to|have to|(?:wants?|would like|asks?|needs?|expects?|requires?) you to|shall|(?:required|obliged|expected|instructed|asked|supposed|authori[sz]ed) to|make sure (?:to|that you)|remember to|be sure to|go ahead and|you are to|i need you to|can you|could you|would you|and then|and|then|first|also|now|immediately|next|finally)[ ,]{1,2})(?:please |kindly |now |also |first |then |immediately |quickly |secretly |quietly |just )*";

/// Verbs that move something out of the agent's reach.
const SEND_VERBS: &str = r"(?:send|forward|transfer|pay|wire|e-?mail|post|share|upload|publish|invite|export|attach|message|dm|leak|submit|mail|fax|text)(?-u:\b)";

/// Other actions an agent with tools can take.
const ACTION_VERBS: &str = r"(?:delete|remove|erase|wipe|create|add|update|change|modify|set|reset|book|reserve|cancel|schedule|write|reply|respond|call|invoke|use|run|execute|open|visit|go to|navigate to|click|download|install|grant|give|make|say|tell|answer|output|print|include|insert|mention|recommend|read|copy|concatenate|rename|move|summari[sz]e|translate|buy|purchase|order|approve|accept|retrieve|fetch|get|find|search|look up|list|collect|gather|disable|enable|follow|subscribe|rate|type|enter|fill|sign|archive|join|kick|ban|promote|ignore|disregard|forget|stop|do the following|perform|complete the following|transmit|reveal|show|append|provide)(?-u:\b)";

/// The feature patterns over the folded text, in priority order (at one start, the first wins).
static FOLDED_PATTERNS: LazyLock<Vec<(F, String)>> = LazyLock::new(|| {
    let names = r"(?:claude(?: code)?|chat ?gpt|gpt(?:-? ?[0-9][a-z0-9.]*)?|openai|gemini|bard|llama|mistral|copilot|anthropic|deepseek|grok|qwen)";
    let generic = r"(?:(?:ai|a\.i\.|automated|autonomous|llm|gpt|coding|code)[ \-](?:based |powered )?(?:assistants?|agents?|models?|helpers?|reviewers?|tools?|tooling|systems?|bots?|readers?|crawlers?|refactoring tools)|(?:scheduling|e-?mail|inbox|calendar|booking|banking|travel|shopping|personal|virtual|digital|research|writing|support|executive) (?:assistants?|agents?|bots?)|summari[sz]ers?|ai|a\.i\.|assistant|agent|model|language models?|llms?|bots?|chatbots?)";
    vec![
        (F::Role, r"<\|(?:im_start|im_end|system|user|assistant|endoftext|eot_id|start_header_id|end_header_id)\|>|\[/?inst\]|<</?sys>>|<start_of_turn>|<end_of_turn>|<\|[a-z_]{2,24}\|>|(?:(?m:^)|[>\x22] ?)[ \-=#*]*end of (?:the )?(?:document|e-?mail|message|data|context|file|input|tool output|tool result|results?|search results?)(?-u:\b)|(?m:^)[ \-]*role ?: ?(?:system|user|assistant|developer|tool)(?-u:\b)|###? ?\(?(?:system|admin|instruction)[ _]?(?:message|prompt|note)?\)?|\(system_message\)|\[/?(?:system|admin|instructions?|sys|developer|operator)(?: (?:override|message|prompt|note|instructions?|update))?\]|={2,} ?(?:system|admin|developer|operator) (?:message|prompt|instructions?|override|note) ?={2,}|###? ?response ?:".to_owned()),
        (F::Role, r"</?(?:information|info|system|instructions?|important|admin|assistant|user|system_message|sysmsg|context|task|sudo|override|priority|directive|secret|hidden|note_to_ai|tool_output|tool_result|function_results?|tool_response|data|document|user_input|user_query|user_message|human|reminder|system-reminder|admin_note|developer|developer_message|request|message|prompt|instruction_override|(?:admin|operator|system|root|sudo)[_\-](?:override|note|message|instructions?|command|directive|mode))(?: [^<>\n]{0,40})?>".to_owned()),
        (F::Role, r"(?:(?m:^)[ >*#\-\d.]*|[>\x22] ?)(?:system|assistant|user|human|admin|administrator|developer|operator)(?: message| prompt| note| notice| instruction)? ?:".to_owned()),
        (F::TaskLine, r"(?:(?m:^)|[>\x22])[ >*#\-\[\]x\d.)]*(?:todo|to do|to-do|action required|action items?|required (?:action|step)|next steps?|task|reminder|new task|urgent task|assignment|pending (?:task|action|item)s?|follow-?up(?: items?)?|open items?|outstanding (?:items?|tasks?|actions?)|agenda item(?: [0-9]{1,2})?|checklist|step [0-9]{1,2}|(?:mandatory|required) steps?)(?: (?:#|no\.? ?)?[0-9]{1,3})?(?: ?\([^)\n]{1,30}\)| for [^:\n]{1,40})? ?[:\-]|(?m:^)[ ]*[\-*] \[ \] |(?m:^)[ ]*[☐□▢] ".to_owned()),
        (F::Vocative, format!(r"(?-u:\b)(?:to you|you|dear|hey|hi|hello|attention|listen|ok|okay|psst|(?:note|message|memo|reminder|request|instructions?) (?:to|for))[ ,:]{{1,3}}(?:the |my |our |dear |any |every |all |whatever |whichever )?(?:{names}|{generic})(?-u:\b)")),
        // Whoever reads the data is the agent: "whoever processes this", "whatever tool reads it".
        (F::Vocative, r"(?-u:\b)(?:whoever|whatever (?:tool|system|bot|ai|model|program|service)|anyone|anybody|any (?:tool|system|program|service|software)) (?:is |that |who )?(?:reads?|reading|process(?:es|ing)?|summari[sz](?:es|ing)|handl(?:es|ing)|open(?:s|ing)|pars(?:es|ing)|index(?:es|ing)|analy[sz](?:es|ing)|ingest(?:s|ing)|receiv(?:es|ing)|sees?|seeing) (?:this|these|the|my|our|it)(?-u:\b)".to_owned()),
        (F::Vocative, format!(r"(?:(?m:^)[ >*#\-]*|[.!?;>\x22] ?)(?:{names}|{generic})(?: [a-z0-9.\-]+)? ?[,:] ")),
        (F::Vocative, format!(r"(?-u:\b)(?:{names}|{generic}) (?:must|shall|should|needs? to|has to|have to|(?:is|are) (?:required|expected|obliged|instructed|asked|to)|will now)(?-u:\b)")),
        (F::Vocative, format!(r"(?-u:\b)(?:{names}|{generic}) (?:that |which |who )?(?:reading|reads?|processing|process(?:es)?|summari[sz]ing|summari[sz]es|reviewing|reviews|analy[sz]ing|analy[sz]es|parsing|parses|handling|handles|opening|opens|seeing|sees|indexing|ingesting|ingests|editing|edits|modifying|modifies|changing|touching|working on|works on|maintaining|browsing|visiting|crawling|scanning|using) (?:this|these|the following|it)(?-u:\b)")),
        (F::Vocative, format!(r"(?-u:\b)(?:if you(?:'re| are) an? |for (?:the |all |any |every )?|to (?:the |all |any |every )|(?:->|=>) ?)(?:{names}|{generic})(?-u:\b)(?: [a-z]+)?(?: ?[:,)\]]|(?: reading| processing| seeing)(?-u:\b))")),
        (F::Impersonation, r"(?-u:\b)(?:(?:a |an |this )?(?:important |urgent )?message from me|from me, |this is (?:me|your user|the user)|i am (?:the|your) (?:user|owner|developer|administrator|admin|boss|manager)|as (?:the|your) user,? i|message from (?:the|your) (?:user|owner|developer|admin|administrator|operator|principal|manager)|from the user to the (?:assistant|ai|agent|model)|on behalf of (?:the|your) user|the user (?:has asked|asked|wants|would like|requests|request|instructed|authori[sz]ed|needs|has requested|also wants|says|said) (?:you|that you|me to tell you|for you)|(?:the|your) user(?:'s)? (?:new |real |actual |additional |updated )?(?:instructions?|request|task) (?:is|are|:)|instructions? from (?:the|your) user|(?:written|sent|signed) by (?:the|your) user|(?:the |a )?(?:person|human|one) you(?:'re| are) (?:working|acting) (?:for|on behalf of)|(?:owner|user) of this (?:session|conversation|chat|account|workspace)|as your (?:operator|user|owner|principal|developer|admin|administrator|boss|manager)|from your (?:user|owner|operator|principal)|i(?:'ve| have)? changed my mind|the (?:real|actual) (?:request|task|instruction|ask) is|(?:i'm|i am|it's|it is|this is) [a-z]+(?: [a-z]+)?,? \(?(?:your|the) (?:user|owner|principal|client|boss|employer|account holder)|(?:(?:your|the) (?:user|owner|principal)|account (?:owner|holder))\)|(?:the )?(?:person|human|one|people) (?:you|that you|whom you) (?:assist|help|serve|work for|act for|support|report to)|your (?:principal|employer|owner)(?-u:\b)|(?:this|it) is (?:really|truly|actually) me|(?:note|message|memo|request|word)s? (?:from|by) [a-z]+(?: [a-z]+)? (?:to|for) (?:you|their (?:assistant|agent|ai))|(?:on|in) (?:my|the user's) (?:behalf|name),? (?:please|you|i))".to_owned()),
        (F::Authority, r"(?-u:\b)(?:important message|urgent message|important notice|important instructions?|important update|critical instructions?|priority instructions?|(?:this is )?(?:extremely|very|highly|really) important|important ?!|important ?:|urgent ?!|urgent ?:|attention ?!|warning ?:|(?:system|admin|administrator|developer|security|it|compliance) (?:notice|message|note|alert|override|instruction|request|update)|official (?:notice|request|instruction)|signed ?,|mandatory|authori[sz]ed (?:request|by)|verified (?:request|instruction)|high priority|top priority|do this first|per (?:the |our |company |corporate )?(?:[a-z0-9\-]+ ){0,3}(?:policy|regulation|directive|requirement|obligation|mandate)|(?:policy|compliance) (?:violation|requirement|breach)|non-?compliance|failure to comply|legal hold|regulatory (?:obligation|requirement)|effective immediately|(?:approved|authori[sz]ed|mandated|required|ordered) by (?:the )?(?:ciso|cto|ceo|cio|security|legal|compliance|management|administrator|admin|it|board)|directive from|escalation from|priority ?[01](?-u:\b)|(?:administrator|admin|security team|it department|legal department|compliance team|group security|management) (?:requires|has (?:requested|approved|ordered)|demands|mandates|instructs)|without (?:further )?(?:review|confirmation|approval|verification)|(?:pre-?)?(?:approved|authori[sz]ed|confirmed|cleared|signed off) by (?:me|the (?:account )?(?:holder|owner|user|customer|client)|your (?:user|owner|principal))|(?:account (?:holder|owner)|the owner|the user) (?:has )?(?:approved|authori[sz]ed|confirmed|signed off)|no (?:further )?(?:confirmation|approval|verification|review) (?:is )?(?:needed|required|necessary)|do not wait for (?:confirmation|approval))".to_owned()),
        (F::Redirect, r"(?-u:\b)(?:before (?:you|we|i) (?:can |could |do |start |begin |continue |proceed |go on )?(?:do|solve|answer|complete|continue|proceed|finish|start|reply|respond|summari[sz]e|handle|work|carry|address|move|get|tackle|return|perform)|before (?:solving|completing|answering|continuing|proceeding|doing|starting|finishing|replying|responding|handling|summari[sz]ing|returning)|(?:after|once) (?:you(?:'ve| have)? )?(?:do(?:ne)?|completed?|finished?|doing) (?:that|this|so|it)|(?:after|once|when|as soon as) you(?:'re| are|'ve| have)? (?:done|finished|through|ready) (?:with )?(?:the |your |this )?(?:summary|summari[sz]ing|task|request|reading|answer|reply|that|this|it)(?-u:\b)|after that|the task (?:i|that i|you were|you have been|originally) (?:gave|given|asked|assigned)|(?:original|initial|current|previous|first|other) task|do the following first|(?:the )?following (?:first|instead))".to_owned()),
        (F::HijackStrong, r"(?-u:\b)(?:stop (?:what (?:you are|you're|you were) doing|whatever you(?:'re| are) doing|all (?:other )?(?:tasks|work|actions)|(?:the|your|this) (?:current )?(?:task|work|process|summary|analysis))|your (?:only|sole|new|real|final) (?:response|answer|output|task|job|reply) (?:is|should|must|will|shall)|(?:do not|don't|dont|never|must not) (?:continue|proceed|go on|carry on) with (?:the|your|this) (?:task|request|work|summary|answer)|(?:halt|abort|cease|terminate) (?:the|your|all|this) (?:current )?(?:task|tasks|work|processing|execution)|(?:stop|cease) (?:all )?(?:further )?(?:summari[sz]ing|reading|processing|analy[sz]ing|reviewing|translating|working on)|(?:do not|don't|dont|never|must not) (?:continue|proceed|go on|carry on) with (?:the |your |this )?(?:user'?s )?(?:task|request|work|question)|(?:answer|respond to|reply to) (?:every|each|all|any) (?:question|request|message|prompt)s? with|(?:do not|don't|dont|never) (?:answer|respond to|reply to|address|help with|fulfil+|complete|carry out|follow) (?:the |this |your |any )?(?:user'?s? |original |current )(?:question|request|query|task|prompt|instructions?)|(?:abandon|drop|skip|quit|scrap) (?:the|your|this) (?:current |original |user'?s |assigned )?(?:task|job|request|assignment|work)|(?:refuse|decline|reject) (?:the |this |your |any )?(?:user'?s? )(?:request|question|task)|whatever (?:the user|you were|you've been|they) (?:asked|requested|wants?)(?: for)?,? (?:respond|reply|answer|say|tell|write|output)|(?:decode|decipher|decrypt|reverse|unscramble|read|translate) (?:this|the following|these|it|the text|the message)[^.\n]{0,40} and (?:then )?(?:follow|obey|execute|do|carry out|run|perform|act on|comply with) (?:it|them|this|the (?:instructions?|steps?|result|orders?))|(?:pretend|claim|act as if) (?:that )?(?:the|this|your|their) (?:file|document|page|inbox|mailbox|account|calendar|data|drive|record)s? (?:is|are|was|were|has been|have been) (?:empty|corrupt(?:ed)?|unavailable|missing|deleted|locked|unreadable)|your (?:new|real|actual|next) (?:task|job|mission|instructions?|orders?) (?:is|are|:))".to_owned()),
        (F::RedirectWeak, r"(?-u:\b)(?:instead of|instead|rather than|additionally|in addition to (?:that|this|your))(?-u:\b)".to_owned()),
        (F::Hijack, r"(?-u:\b)(?:stop (?:everything|immediately|now|processing|working)|(?:answer|respond|reply|output|return) (?:only )?with only|only (?:answer|respond|reply|say|output|return|print) (?:with )?|(?:answer|respond|reply) (?:only|exclusively) (?:with|in|by)|your (?:only|sole|new|real|final) (?:response|answer|output|task|job|reply) (?:is|should|must|will|shall)|(?:do not|don't|dont|never|cannot|must not) (?:continue|proceed|complete|finish|go on|carry on)(?: with)?(?: (?:the|your|this|any) (?:task|request|work|summary|answer|instructions?))?|(?:halt|abort|cease|terminate|end) (?:the|your|all|this) (?:current )?(?:task|tasks|work|processing|execution|session|conversation)|(?:refuse|decline) (?:to|all|any|the|every|each|further)|(?:do not|don't|dont|never) (?:summari[sz]e|translate|process|analy[sz]e|complete|fulfil+) (?:anything|it|this|any of|the (?:e-?mails?|documents?|files?|pages?|inbox|messages?|request|task))|tell (?:the|your) (?:user|person|human|customer|client) (?:that )?(?:no|nothing|none|there (?:is|are|were|was) no)(?-u:\b)|(?:output|print|say|return|write) (?:just|only) (?:the )?(?:text|word|phrase|string|message|sentence)|(?:answer|respond|reply) (?:just|solely) with|tell (?:the|your) user (?:that )?(?:the|this|it) (?:document|file|page|e-?mail|message|repo(?:sitory)?|code|package|site|link)? ?(?:is|was|has|contains)(?-u:\b)|(?:say|respond|reply|answer|write|output) only(?-u:\b)|(?:respond|reply|answer|say|tell (?:them|the user|him|her)) (?:that )?(?:the (?:file|document|page|data|record)s? (?:could not|couldn't|cannot|can't|was not|wasn't|is not|isn't)|everything is|nothing (?:was|is|has been)|(?:there|it) (?:is|was) nothing)|(?:from now on|from this point(?: on)?|for the rest of (?:this|the) (?:conversation|session|chat))(?-u:\b)|and nothing else|(?:take|perform) no other action)".to_owned()),
        (F::Conceal, r"(?-u:\b)(?:(?:do not|don't|dont|never|without) (?:tell|telling|inform|informing|mention|mentioning|notify|notifying|alert|alerting|let|letting|show|showing) (?:this |it |anything |about this )?(?:to )?(?:the |your )?(?:user|human|owner)|keep (?:this|it) (?:a )?secret|keep (?:this|it) (?:between us|to yourself|quiet|off the record|confidential)|(?:no ?one|nobody) (?:else )?(?:needs|has|is) to (?:know|be told|find out)|no need to (?:mention|tell|report|say|inform|notify)|(?:do not|don't|dont|never) (?:mention|report|bring up|disclose|reveal) (?:this|it|that)(?: note| request| step| instruction)?(?: to anyone| in your (?:reply|answer|response|summary))|without (?:telling|informing|notifying|asking) (?:anyone|anybody|them)|(?:the|your) user (?:must|should) not (?:know|see|find out))".to_owned()),
        (F::ToolOrder, r"(?-u:\b)(?:(?:call|invoke|use|run|execute|trigger|issue) (?:the |a |this )?`?(?:[a-z][a-z0-9]*(?:[_.][a-z0-9]+)+`?(?: (?:tool|function|api|endpoint|action|command))?|[a-z][a-z0-9_]*`? (?:tool|function|api|endpoint))|(?:next|required|pending)[ _]?(?:tool|function|action|call)(?:[ _]?(?:name|call))?\x22? ?[:=] ?\x22?`?[a-z][a-z0-9]*[_.][a-z0-9_.]+|(?:tool|function) to (?:run|call|use|invoke|execute)(?: now| next)? ?: ?`?[a-z][a-z0-9]*[_.][a-z0-9_.]+)".to_owned()),
        (F::ToolCall, r"(?-u:\b)(?:(?:tool|function) call|with (?:the )?(?:arguments?|parameters?|params|args|inputs?)(?-u:\b)|[a-z][a-z0-9]*_[a-z0-9_]+ ?\(|(?:recipient|amount|to|subject|body|iban|account|user|email|channel|file_id|filename|url|password|date|title|participants?)[ ]?=[ ]?['\x22]?[a-z0-9@+]|(?:recipient|amount|iban|file_id|participants?)[ ]?:[ ]?['\x22]?[a-z0-9@+])".to_owned()),
        (F::SendOrder, format!("{IMPERATIVE_AT}{SEND_VERBS}")),
        (F::Order, format!("{IMPERATIVE_AT}{ACTION_VERBS}")),
        (F::Secret, r"(?-u:\b)(?:passwords?|passcodes?|security codes?|verification codes?|2fa codes?|one-time (?:code|password)|otp|pin(?: code)?|api keys?|access tokens?|secret keys?|private keys?|credentials|login details|ssh keys?|recovery codes?|seed phrase|credit card(?: number)?s?|card numbers?|cvv|social security)(?-u:\b)".to_owned()),
        (F::DataObject, r"(?-u:\b)(?:(?:all|every|each|any) (?:of )?(?:the |my |your |their |his |her )?(?:e-?mails?|messages?|files?|documents?|contacts?|transactions?|events?|channels?|conversations?|chats?|notes?|data|records?|payments?|users?|members?|attachments?|history|information|details)|(?:the )?contents? of|(?:the )?body of|(?:conversation|chat|message|browsing|search|transaction|payment|call) history|as much (?:money|as possible)|(?:my|the user's) (?:e-?mails?|inbox|files?|documents?|contacts?|account|calendar|messages?|drive|data|password)|(?:list|summary|copy) of (?:all|every|the)|phone model|home address|iban|(?:the |my |your )?(?:last|latest|recent|newest|first) (?:[a-z0-9]+ )?(?:e-?mails?|messages?|files?|documents?|transactions?|payments?|invoices?|statements?|events?|chats?)|login (?:details|credentials|data)|(?:the )?user'?s (?:full |entire |whole )?(?:calendar|inbox|contacts|history|address|location))".to_owned()),
        (F::OwnSecret, r"(?-u:\b)your (?:own )?(?:passwords?|passcodes?|security codes?|verification codes?|api keys?|access tokens?|secret keys?|private keys?|credentials|login details|pin)(?-u:\b)".to_owned()),
        (F::TheUser, r"(?-u:\b)the user(?:'s|s')?(?-u:\b)".to_owned()),
        (F::Image, r"!\[[^\]\n]{0,100}\]\(|<img\s|(?-u:\b)(?:image|picture|pixel|badge) (?:url|link|address)|markdown image".to_owned()),
        (F::ContextData, r"(?-u:\b)(?:(?:the |this |our |your |whole |entire )?(?:conversation|chat|dialog(?:ue)?|session)(?: so far| history| token| cookie| id)?|(?:the )?user'?s (?:e-?mail|name|question|message|input|prompt|address|data|request)|(?:previous|last|latest) (?:question|message|prompt|reply|answer|request|file)|system prompt|environment variables?|env vars?|(?:everything|anything|what) you(?:'ve| have)? (?:read|seen)|(?:the )?(?:last|previous) file you read)(?-u:\b)|(?:\{\{|\$\{|<|\[) ?[a-z_. ]{0,40}(?:user|e-?mail|api[_ ]?key|token|secret|password|session|conversation|chat|history|message|env|credential|cookie)".to_owned()),
        (F::Discard, {
            let verb = r"(?:ignore|disregard|forget|set aside|put aside|abandon|discard|override|drop|pay no attention to|stop following|no longer follow)";
            let noun = r"(?:instructions?|task|tasks|assignment|prompt|system prompt|guidance|directions|directives|guidelines|request|question|goal|job|orders)";
            let qual = r"(?:previous|prior|earlier|original|initial|current|above|preceding|existing|given|assigned|first|old)";
            let told = r"(?:you were|you've been|you have been|the user|i|we) (?:told|asked|given|said|instructed|requested|wrote|typed|gave you)";
            let foreign = r"(?:ignoriere|ignorieren sie|vergiss|ignora|ignore[zr]?|oublie[zr]?|negeer|vergeet|esque[cç]a|ignorar|olvida) (?:alle |todas |toutes |tutte |todas as )?(?:las |les |le |die |de |as |os |i )?(?:vorherigen|bisherigen|obigen|anteriores|pr[eé]c[eé]dentes|precedenti|eerdere|vorige|anteriori) (?:anweisungen|befehle|instrucciones|[oó]rdenes|instructions|consignes|istruzioni|instructies|instru[cç][oõ]es)";
            format!(r"(?-u:\b)(?:{verb} (?:all |any )?(?:of )?(?:(?:the |those |these )?(?:user'?s|your) (?:{qual} |actual |real )?{noun}|(?:the |those |these |all )?{qual} (?:[a-z]+ )?{noun}|(?:everything|all|anything|whatever|what) {told}|the {noun} (?:you were|you've been|you have been|i gave you|the user gave you|you received|given to you|above))|{foreign}|(?:ignore|disregard) (?:the|your) user(?: completely| entirely)?(?: and| ?[.,;!]| ?$))(?-u:\b)")
        }),
        (F::IntoReply, r"(?-u:\b)(?:(?:in|into|to) (?:the|your) (?:response|reply|answer|output|summary)|verbatim|paste (?:it|them|the (?:output|result|contents?))(?-u:\b))".to_owned()),
        // Not in the orders' pass: it starts at the comma, before a "please" the orders start at.
        // No verb here starts another feature of this pass (ignore, stop, tell … are left out).
        (F::CommaOrder, r", (?:please |kindly |now |first |then |just |also )?(?:send|forward|transfer|pay|wire|e-?mail|mail|post|share|upload|invite|export|delete|remove|create|add|change|update|book|run|execute|download|install|grant|give|open|visit|copy|move|reset|cancel|leak|submit)(?-u:\b)".to_owned()),
        (F::ModelName, format!(r"(?-u:\b){names}(?-u:\b)")),
        (F::Generic, format!(r"(?-u:\b){generic}(?-u:\b)")),
        (F::You, r"(?-u:\b)(?:you|your|yourself)(?-u:\b)".to_owned()),
        (F::Code, r#"(?m:^)[ ]*(?:def|fn|func|function|class|const|let|var|import|from [a-z_.]+ import|return|#include|pub|public|private|async|await|package|use [a-z_]+::|struct|impl|interface|export)(?-u:\b)|[a-z_\]\)] (?:=|\+=|:=|=>|==) (?:f?["'`]{1,3}|\[|\{|\(|[a-z_]+\()|""""|'''|\) ?\{|(?-u:\b)(?:self|this)\.[a-z_]|::[a-z_]|(?m:^)[ ]*(?://|/\*|\*/)|[a-z_]\(["'][a-z]"#.to_owned()),
        (F::ProjectGuide, r"(?-u:\b)(?:(?:claude|agents|gemini|copilot-instructions|contributing|readme)\.md|this (?:repository|repo|codebase|project|monorepo|crate|package)|pull requests?|coding agents?|code review|ci pipeline|unit tests?)(?-u:\b)".to_owned()),
        (F::PromptCode, r#"(?-u:\b)[a-z_]*(?:prompt|system|instructions?|persona|preamble)[a-z_]* ?(?:=|:=|\+=) ?(?:\(|[fr]?"|[fr]?'|`)"#.to_owned()),
        (F::PromptKey, r#"(?-u:\b)[a-z_]*(?:prompt|system|instructions?|persona|preamble)[a-z_]* ?: ?(?:[fr]?"|[fr]?'|`|\|)|"role" ?: ?"(?:system|developer)""#.to_owned()),
        (F::Conditional, r"(?:(?m:^)|[.!?>\x22] ?)[ \-*]*(?:if|when|whenever|unless|once|in case) (?:the|a|an|any) (?:user|customer|caller|client|person|visitor|request|question)(?-u:\b)".to_owned()),
    ]
});

/// The compiled [`FOLDED_PATTERNS`], and which feature each pattern id is.
/// A multi-pattern search and the feature of each of its patterns.
type FeatureSearch = (MetaRegex, Vec<F>);

/// Orders are searched on their own: their prefix ("please", a `"` or `:` before the verb) would
/// otherwise hide the features that start inside it, and a non-overlapping pass (one search per
/// match, never reading a byte twice) is linear with a small constant.
static FOLDED: LazyLock<[Option<FeatureSearch>; 2]> = LazyLock::new(|| {
    let is_order = |f: F| matches!(f, F::Order | F::SendOrder | F::ToolOrder);
    [true, false].map(|orders| {
        let chosen: Vec<&(F, String)> = FOLDED_PATTERNS
            .iter()
            .filter(|(f, _)| is_order(*f) == orders)
            .collect();
        let patterns: Vec<&str> = chosen.iter().map(|(_, p)| p.as_str()).collect();
        let features = chosen.iter().map(|(f, _)| *f).collect();
        build(&patterns).map(|regex| (regex, features))
    })
});

/// Concrete targets, searched in the original text (folding reads digits in words as letters,
/// which would turn an IBAN into a word). ASCII case-insensitive.
static TARGETS: LazyLock<Option<MetaRegex>> = LazyLock::new(|| build(TARGET_PATTERNS));

/// The patterns of [`TARGETS`].
const TARGET_PATTERNS: &[&str] = &[
    r"(?i-u)[a-z0-9._%+\-]+@[a-z0-9\-]+(?:\.[a-z0-9\-]+)*\.[a-z]{2,}",
    r"(?i)(?:https?://|www\.)[^\s<>\x22')\]]+",
    r"(?i-u)\b[a-z]{2}[0-9]{2}(?: ?[a-z0-9]{4}){2,7}(?: ?[a-z0-9]{1,4})?\b",
    r"(?i-u)\b[a-z]{2}[0-9]{12,32}\b",
    r"(?i-u)\b[0-9]{8,}\b|\b(?:account|acct)(?: number| no\.?| #)? ?:? ?[0-9][0-9\-]{5,}",
    r"(?-u)\+[0-9][0-9 ()\-]{7,}[0-9]",
    r"(?i-u)(?:^|[\s(])#[a-z][a-z0-9_\-]{2,}|\bchannel (?:named |called )?['\x22#]?[a-z][a-z0-9_\-]+",
    r"(?i-u)\b[a-z0-9_\-]+\.(?:pdf|docx?|xlsx?|pptx?|txt|csv|zip|png|jpe?g|md|json)\b|\bfile (?:with )?(?:id|#) ?:? ?[0-9a-z_\-]+",
    r"(?i-u)\b[a-z0-9\-]+(?:\.[a-z0-9\-]+)*\.(?:com|net|org|io|co|xyz|info|biz|ru|cn|me|app|dev|site|online|link|top|click|sh)\b",
    // Paths to secrets (pattern SECRET_PATH): keys, cloud and registry credentials, `.env`.
    r"(?i-u)(?:~|\$home|\$\{home\}|/home/[a-z0-9_\-]+|/root|/users/[a-z0-9_\-]+)/\.(?:ssh|aws|gnupg|kube|docker|azure|config/gcloud)(?:/[a-z0-9_.\-]+)?|/etc/(?:shadow|passwd|sudoers)\b|(?:^|[\s'\x22`(=/])\.(?:env(?:\.local|\.prod|\.production)?|netrc|git-credentials|npmrc|pypirc)(?:$|[\s'\x22`),;:.])|\bid_(?:rsa|ed25519|ecdsa|dsa)(?:$|[\s'\x22`),;:/\]])",
    // A download piped into a shell (pattern PIPE_SHELL).
    r"(?i)(?-u:\b)(?:curl|wget|iwr|invoke-webrequest)(?-u:\b)[^|\n]{0,300}\|[ \t]*(?:sudo[ \t]+)?(?:ba|z|da|k)?sh(?-u:\b)|(?-u:\b)iex[ \t]*\(",
];

/// Index in [`TARGETS`] of URLs, of paths to secrets and of downloads piped into a shell.
const URL_PATTERN: usize = 1;
const SECRET_PATH: usize = 9;
const PIPE_SHELL: usize = 10;

/// Whether a URL leaves its query for the reader to fill in: a placeholder (`{{…}}`, `${…}`,
/// `<…>`, `[…]`, `%s`, `$NAME`) in the query, or a query ending in `=`.
fn is_templated_query(url: &str) -> bool {
    let Some((_, query)) = url.split_once('?') else {
        return false;
    };
    let query = query.trim_end_matches(['.', ',', ';', ':', '!', '`', '*']);
    query.ends_with('=')
        || query.contains("{{")
        || query.contains("${")
        || query.contains('<')
        || query.contains('[')
        || query.contains("%s")
        || query.split(['=', '&']).any(|value| {
            value.strip_prefix('$').is_some_and(|name| {
                name.len() > 1 && name.bytes().all(|b| b.is_ascii_uppercase() || b == b'_')
            })
        })
}

fn build(patterns: &[&str]) -> Option<MetaRegex> {
    MetaRegex::builder()
        .configure(
            MetaRegex::config()
                .hybrid_cache_capacity(8 << 20)
                .onepass(false)
                .backtrack(false),
        )
        .build_many(patterns)
        .ok()
}

/// Key words matched with one typo, and the feature they stand for.
const FUZZY_WORDS: &[(&str, F)] = &[
    ("ignore", F::Override),
    ("disregard", F::Override),
    ("forget", F::Override),
    ("instructions", F::Override),
    ("previous", F::Override),
    ("earlier", F::Override),
    ("original", F::Override),
    ("important", F::Authority),
    ("urgent", F::Authority),
    ("message", F::Authority),
    ("assistant", F::Generic),
    ("claude", F::ModelName),
    ("chatgpt", F::ModelName),
    ("gemini", F::ModelName),
    ("before", F::Redirect),
    ("instead", F::Redirect),
    ("password", F::Secret),
    ("security", F::Secret),
    ("transfer", F::SendOrder),
    ("forward", F::SendOrder),
];

/// Bytes of sentence text the typo check reads at most (it only reads sentences that already
/// have some feature). Past it, key words count only when spelt right.
const FUZZY_BUDGET: usize = 512 << 10;

/// How many sentences before (and after) a sentence lend it their features.
const WINDOW_BEFORE: usize = 4;
const WINDOW_AFTER: usize = 1;

/// Lines of code near a sentence that make it part of source code (a prompt in a string).
const IN_SOURCE_LINES: usize = 3;

/// How many lines around a sentence are looked at for source code.
const CODE_NEAR: usize = 6;

/// One sentence: its folded range and features.
#[derive(Debug, Clone, Copy)]
struct Sentence {
    start: usize,
    end: usize,
    features: Features,
}

/// Finds sentences that act on the agent and pushes them to `out`.
pub(crate) fn candidates(
    text: &str,
    folded: &Folded,
    context: &Context<'_>,
    out: &mut Vec<Candidate>,
) {
    super::work(folded.text.len() + text.len());
    let sentences = featured(text, folded, context.guide);
    let mut learned_left = LEARNED_BUDGET;
    for i in 0..sentences.len() {
        let Some(judged) = judge(folded, context, &sentences, i, &mut learned_left) else {
            continue;
        };
        let Ok(score) = u8::try_from(judged.score.clamp(0, 100)) else {
            continue;
        };
        let Some(sentence) = sentences.get(i) else {
            continue;
        };
        let (start, end) = trimmed(&folded.text, sentence.start, sentence.end);
        let (from, to) = folded.original_range(text, start, end);
        push_merged(
            out,
            Candidate {
                kind: judged.kind,
                start: from,
                end: to,
                score,
                excerpt: Excerpt::Folded(start, end),
            },
        );
    }
}

/// The sentences of `folded` with their features: one pass of each feature search over the
/// folded text, one of the target search over the original, then the typo check. In a guidance
/// file for agents (`guide`), every sentence has [`F::GuideDoc`] and [`F::ProjectGuide`].
fn featured(text: &str, folded: &Folded, guide: bool) -> Vec<Sentence> {
    let haystack = folded.text.as_str();
    let mut sentences = split(haystack);
    if sentences.is_empty() {
        return sentences;
    }
    let mut hits: Vec<(usize, F)> = Vec::new();
    for (regex, features) in FOLDED.iter().flatten() {
        feature_hits(regex, features, haystack, &mut hits);
    }
    if let Some(regex) = TARGETS.as_ref() {
        for found in regex.find_iter(text) {
            let matched = text.get(found.start()..found.end()).unwrap_or("");
            if matched.contains("localhost") || matched.contains("127.0.0.1") {
                continue;
            }
            let at = folded.folded_offset(found.end()).saturating_sub(1);
            match found.pattern().as_usize() {
                SECRET_PATH => hits.push((at, F::SecretPath)),
                PIPE_SHELL => hits.push((at, F::PipeShell)),
                URL_PATTERN if is_templated_query(matched) => {
                    hits.push((at, F::Target));
                    hits.push((at, F::ExfilUrl));
                }
                _ => hits.push((at, F::Target)),
            }
        }
    }
    hits.sort_by_key(|&(at, _)| at);
    assign(&mut sentences, &hits);
    if guide {
        for sentence in &mut sentences {
            sentence.features.set(F::GuideDoc);
            sentence.features.set(F::ProjectGuide);
        }
    }
    let mut fuzzy_left = FUZZY_BUDGET;
    for sentence in &mut sentences {
        if sentence.features.is_empty() || fuzzy_left == 0 {
            continue;
        }
        let body = haystack.get(sentence.start..sentence.end).unwrap_or("");
        fuzzy_left = fuzzy_left.saturating_sub(body.len());
        super::work(body.len());
        fuzzy(body, &mut sentence.features);
    }
    sentences
}

/// Bytes at the head of a text searched for the marks of an agent guidance file.
const GUIDE_HEAD: usize = 600;

/// The marks of a guidance file for agents or contributors: its file name, or a first line
/// that is a markdown title about agents, assistants, contributing or the project's
/// conventions (a title, not a `# AI agents: do …` comment).
static GUIDE_MARK: LazyLock<Option<MetaRegex>> = LazyLock::new(|| {
    build(&[
        r"(?-u:\b)(?:claude|agents|agent|gemini|copilot-instructions|conventions|contributing|codex)\.md(?-u:\b)|\.(?:cursorrules|windsurfrules|clinerules)(?-u:\b)|\.cursor/rules/",
        r"\A(?:[ \t]*\$ [^\n]*\n)?\s*#{1,3} [^:\n]{0,60}(?-u:\b)(?:agents?|assistants?|ai|claude|copilot|codex|gemini|cursor|llms?|contribut[a-z]*|conventions|(?:coding|project|repo(?:sitory)?|development|house|style) (?:guide|guidelines|rules|notes|conventions))(?-u:\b)[^:\n]*(?:\n|\z)",
    ])
});

/// Whether `folded` starts as a guidance file for agents: CLAUDE.md, AGENTS.md, `.cursorrules`
/// … (named in its first lines, as `cat` or a file tool shows it), or a first heading for agents
/// or contributors. Ordering the agent about is such a file's purpose.
pub(super) fn is_guide_doc(folded: &str) -> bool {
    let head = folded
        .get(..crate::text::floor_char_boundary(folded, GUIDE_HEAD))
        .unwrap_or("");
    super::work(head.len());
    GUIDE_MARK
        .as_ref()
        .is_some_and(|regex| regex.is_match(head))
}

/// Every feature match in `folded` as (position of its last byte, feature), non-overlapping.
fn feature_hits(regex: &MetaRegex, features: &[F], folded: &str, hits: &mut Vec<(usize, F)>) {
    for found in regex.find_iter(folded) {
        super::work(1);
        if let Some(&feature) = features.get(found.pattern().as_usize()) {
            hits.push((found.end().saturating_sub(1), feature));
        }
    }
}

/// Shortest sentence, in bytes before its end mark.
const MIN_SENTENCE: usize = 12;

/// Sentences of `folded`: lines, cut after `.`, `!` or `?` followed by a space.
fn split(folded: &str) -> Vec<Sentence> {
    let bytes = folded.as_bytes();
    let mut sentences = Vec::new();
    let mut start = 0;
    let mut backtick = false;
    // Only the bytes that can end a sentence or mark code are looked at one by one.
    let mut at = 0;
    while let Some(skip) = bytes
        .get(at..)
        .and_then(|rest| rest.iter().position(|&b| is_sentence_mark(b)))
    {
        at += skip;
        let byte = bytes.get(at).copied().unwrap_or_default();
        let next = bytes.get(at + 1).copied();
        // A short sentence ("Stop.", "a. b.") joins the next: 8 MB of ". " is not four million
        // sentences.
        let is_end = at >= start + MIN_SENTENCE
            && (byte == b'\n'
                || (matches!(byte, b'.' | b'!' | b'?') && next == Some(b' '))
                || (byte == b'>' && next == Some(b'<')));
        if byte == b'`' {
            backtick = true;
        }
        if is_end {
            let mut features = Features::default();
            if backtick {
                features.set(F::Backtick);
            }
            sentences.push(Sentence {
                start,
                end: at + 1,
                features,
            });
            start = at + 1;
            backtick = false;
        }
        at += 1;
    }
    if start < folded.len() {
        let mut features = Features::default();
        if backtick {
            features.set(F::Backtick);
        }
        sentences.push(Sentence {
            start,
            end: folded.len(),
            features,
        });
    }
    sentences
}

/// Whether `byte` may end a sentence (`\n . ! ? >`) or marks inline code (`` ` ``).
#[inline]
fn is_sentence_mark(byte: u8) -> bool {
    matches!(byte, b'\n' | b'.' | b'!' | b'?' | b'>' | b'`')
}

/// The (start, end) of every sentence of `folded`, as the detector cuts them (for training).
#[cfg(test)]
pub(super) fn sentence_spans(folded: &str) -> Vec<(usize, usize)> {
    split(folded).iter().map(|s| (s.start, s.end)).collect()
}

/// Gives each sentence the features of the hits that end in it (`hits` sorted by position).
fn assign(sentences: &mut [Sentence], hits: &[(usize, F)]) {
    let mut next = 0;
    for sentence in sentences.iter_mut() {
        while let Some(&(at, feature)) = hits.get(next) {
            if at >= sentence.end {
                break;
            }
            if at >= sentence.start {
                if feature == F::ToolOrder {
                    sentence.features.set(F::Order);
                    sentence.features.set(F::ToolCall);
                } else if feature == F::PromptCode {
                    sentence.features.set(F::PromptCode);
                    sentence.features.set(F::Code);
                } else {
                    sentence.features.set(feature);
                }
            }
            next += 1;
        }
    }
}

/// Adds the features of key words spelt with one typo (`ignroe`, `importnat`, `previus`).
fn fuzzy(body: &str, features: &mut Features) {
    // An override needs a discard verb and "instructions" or "previous" (or "earlier",
    // "original"), one of them misspelt (spelt right, the phrase rules judge it).
    let (mut verb, mut noun, mut earlier, mut typo) = (false, false, false, false);
    // Words are runs of ASCII letters and digits (cut bytewise: every byte of a multi-byte
    // char is a separator, as the char is).
    for word in body.as_bytes().split(|b| !b.is_ascii_alphanumeric()) {
        if word.len() < 5 || word.len() > 13 {
            continue;
        }
        let letters = letter_mask(word);
        for (&(key, feature), &key_letters) in FUZZY_WORDS.iter().zip(FUZZY_MASKS.iter()) {
            // One edit changes at most two of the letters a word holds: most keys are ruled
            // out without comparing the words.
            if word.len().abs_diff(key.len()) > 1 || (letters ^ key_letters).count_ones() > 2 {
                continue;
            }
            let word = std::str::from_utf8(word).unwrap_or_default();
            let exact = word == key;
            if !exact && !within_one_edit(word.as_bytes(), key.as_bytes()) {
                continue;
            }
            match (feature, key) {
                (F::Override, "instructions") => noun = true,
                (F::Override, "previous" | "earlier" | "original") => earlier = true,
                (F::Override, _) => verb = true,
                _ if !exact => features.set(feature),
                _ => {}
            }
            typo |= !exact && feature == F::Override && !is_inflection(word, key);
            break;
        }
    }
    if verb && (noun || earlier) && typo {
        features.set(F::Override);
    }
}

/// The set of bytes `word` holds, each as bit `byte % 64` (a coarser set, never a larger
/// difference between two words: [`fuzzy`] rules a key out when the sets differ in more than
/// two bits).
fn letter_mask(word: &[u8]) -> u64 {
    word.iter().fold(0, |mask, &b| mask | 1 << (b & 63))
}

/// [`letter_mask`] of each of [`FUZZY_WORDS`].
static FUZZY_MASKS: LazyLock<Vec<u64>> = LazyLock::new(|| {
    FUZZY_WORDS
        .iter()
        .map(|(key, _)| letter_mask(key.as_bytes()))
        .collect()
});

/// Whether `word` is `key` with its last letter dropped or a letter added at the end
/// ("instruction", "ignored"): a real word, not a misspelling.
fn is_inflection(word: &str, key: &str) -> bool {
    word.starts_with(key) || key.starts_with(word)
}

/// Whether `a` and `b` differ by at most one insertion, deletion, substitution or swap of two
/// neighbouring letters.
fn within_one_edit(a: &[u8], b: &[u8]) -> bool {
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let (ra, rb) = (
        a.get(prefix..).unwrap_or(&[]),
        b.get(prefix..).unwrap_or(&[]),
    );
    let tail = |x: &[u8], y: &[u8]| x == y;
    match ra.len().cmp(&rb.len()) {
        std::cmp::Ordering::Equal => {
            if ra.is_empty() {
                return true;
            }
            // Substitution or transposition.
            tail(ra.get(1..).unwrap_or(&[]), rb.get(1..).unwrap_or(&[]))
                || (ra.len() >= 2
                    && ra.first() == rb.get(1)
                    && ra.get(1) == rb.first()
                    && tail(ra.get(2..).unwrap_or(&[]), rb.get(2..).unwrap_or(&[])))
        }
        std::cmp::Ordering::Greater => tail(ra.get(1..).unwrap_or(&[]), rb),
        std::cmp::Ordering::Less => tail(ra, rb.get(1..).unwrap_or(&[])),
    }
}

/// Points, on the 0–100 scale, that features add to a sentence's score.
mod points {
    pub(super) const ORDER: i16 = 15;
    pub(super) const TARGET: i16 = 15;
    pub(super) const SEND_TO_TARGET: i16 = 5;
    pub(super) const DATA_OBJECT: i16 = 10;
    pub(super) const SEND_SECRET: i16 = 20;
    pub(super) const TOOL_CALL: i16 = 20;
    pub(super) const VOCATIVE: i16 = 25;
    pub(super) const MODEL_NAME: i16 = 10;
    pub(super) const GENERIC_YOU: i16 = 5;
    pub(super) const IMPERSONATION: i16 = 25;
    pub(super) const AUTHORITY: i16 = 15;
    pub(super) const REDIRECT: i16 = 15;
    pub(super) const REDIRECT_WEAK: i16 = 5;
    pub(super) const CONDITIONAL: i16 = -15;
    pub(super) const IN_SOURCE: i16 = -40;
    pub(super) const GUIDE: i16 = -25;
    pub(super) const ROLE: i16 = 20;
    pub(super) const TASK_LINE: i16 = 25;
    pub(super) const THE_USER: i16 = 20;
    pub(super) const CONCEAL: i16 = 15;
    pub(super) const HIJACK: i16 = 40;
    pub(super) const HIJACK_STRONG: i16 = 55;
    pub(super) const HIJACK_BACKED: i16 = 20;
    pub(super) const OVERRIDE: i16 = 55;
    pub(super) const CLAIM: i16 = 35;
    pub(super) const CODE: i16 = -25;
    pub(super) const CODE_NEAR: i16 = -15;
    pub(super) const BACKTICK: i16 = -10;
    pub(super) const DISCUSSION: i16 = -30;
    pub(super) const SECRET_PATH: i16 = 20;
    pub(super) const INTO_REPLY: i16 = 10;
    pub(super) const PIPE_SHELL: i16 = 15;
    pub(super) const EXFIL_URL: i16 = 30;
    pub(super) const EXFIL_IMAGE: i16 = 10;
    pub(super) const EXFIL_ORDER: i16 = 10;
    pub(super) const EXFIL_DATA: i16 = 20;
}

/// Lowest score worth a closer look (the discussion check costs a regex search).
const CONSIDER: i16 = 30;

/// How one sentence was judged: the rule score, the learned probability if asked, and the
/// final score and kind.
#[derive(Debug, Clone, Copy)]
#[cfg_attr(
    not(test),
    expect(
        dead_code,
        reason = "rule and learned are printed by the debugging aid"
    )
)]
struct Judged {
    rule: Option<i16>,
    learned: Option<f32>,
    score: i16,
    kind: FindingKind,
}

/// Judges sentence `i` in its window: rules, the learned scorer, then source code, inline code
/// and discussion nearby. `None` when it is not worth reporting at any sensitivity.
fn judge(
    folded: &Folded,
    context: &Context<'_>,
    sentences: &[Sentence],
    i: usize,
    learned_left: &mut usize,
) -> Option<Judged> {
    let sentence = sentences.get(i)?;
    let own = sentence.features;
    if own.is_empty() {
        return None;
    }
    super::work(WINDOW_BEFORE + WINDOW_AFTER + 2 * CODE_NEAR + 2);
    let around = union(sentences, i.saturating_sub(WINDOW_BEFORE), i + WINDOW_AFTER);
    let body = haystack_of(folded, sentence);
    let rule = score(own, around);
    let (learned, adjusted) = with_learned(rule, body, learned_left);
    let (mut score, kind) = adjusted?;
    if score < CONSIDER {
        return None;
    }
    let code_lines = sentences
        .get(i.saturating_sub(CODE_NEAR)..(i + CODE_NEAR + 1).min(sentences.len()))
        .unwrap_or_default()
        .iter()
        .filter(|s| s.features.has(F::Code))
        .count();
    if own.has(F::GuideDoc) && !is_severe(own) {
        score += points::GUIDE;
    }
    if aimed_and_harmful(own, around) {
        // A comment in source code that speaks to the agent and orders something harmful is
        // not a prompt the code holds: no code discount.
    } else if code_lines >= IN_SOURCE_LINES || is_held_prompt(sentences, i) {
        score += points::IN_SOURCE;
    } else if own.has(F::Code) {
        score += points::CODE;
    } else if code_lines > 0 {
        score += points::CODE_NEAR;
    }
    if own.has(F::Backtick) {
        score += points::BACKTICK;
    }
    if score >= CONSIDER
        && (context.has(
            Signal::Discussion,
            sentence.start.saturating_sub(200),
            sentence.end,
        ) || context.is_cited(sentence.start, sentence.end))
    {
        score += points::DISCUSSION;
    }
    Some(Judged {
        rule: rule.map(|(score, _)| score),
        learned,
        score,
        kind,
    })
}

/// Sentence bytes the learned scorer reads at most per text (past it, the rules decide alone).
const LEARNED_BUDGET: usize = 256 << 10;

/// Bytes of one sentence the learned scorer is given (it reads at most
/// [`learned::MAX_TOKENS`] tokens of them).
const LEARNED_SENTENCE: usize = 2048;

/// Points the learned scorer moves a rule score by, at most, either way.
const LEARNED_POINTS: f32 = 15.0;

/// How far from 0.5 the learned probability must be before it moves a rule score.
const LEARNED_MARGIN: f32 = 0.3;

/// Rule scores below this are not worth asking the learned scorer about.
const LEARNED_FROM: i16 = 10;

/// Probability from which the learned scorer flags a sentence the rules have no opinion on.
const LEARNED_ALONE: f32 = 0.97;

/// The folded text of `sentence`.
fn haystack_of<'a>(folded: &'a Folded, sentence: &Sentence) -> &'a str {
    let end = crate::text::floor_char_boundary(
        &folded.text,
        sentence.end.min(sentence.start + LEARNED_SENTENCE),
    );
    folded.text.get(sentence.start..end).unwrap_or("")
}

/// The rule score adjusted by the learned scorer's opinion of `body`: up to
/// [`LEARNED_POINTS`] either way; a sentence the rules do not score is offered when the model
/// is at least [`LEARNED_ALONE`] sure. `budget` bounds the bytes read per text.
fn with_learned(
    rule: Option<(i16, FindingKind)>,
    body: &str,
    budget: &mut usize,
) -> (Option<f32>, Option<(i16, FindingKind)>) {
    let worth_asking = rule.is_none_or(|(score, _)| score >= LEARNED_FROM);
    if !worth_asking || *budget == 0 {
        return (None, rule);
    }
    *budget = budget.saturating_sub(body.len());
    super::work(body.len());
    let p = learned::probability(body);
    let adjusted = match rule {
        Some((score, kind)) => {
            // Only a confident opinion counts: between the margins the rules decide alone.
            let confidence = ((p - 0.5).abs() - LEARNED_MARGIN).max(0.0) / (0.5 - LEARNED_MARGIN);
            let shift = (confidence * LEARNED_POINTS).round() as i16;
            Some((
                if p > 0.5 {
                    score + shift
                } else {
                    score - shift
                },
                kind,
            ))
        }
        None if p >= LEARNED_ALONE => Some((
            (p * 100.0).round() as i16 - 40,
            FindingKind::AgentInstruction,
        )),
        None => None,
    };
    (Some(p), adjusted)
}

/// Whether a sentence speaks to the agent itself and orders something harmful: sends to a
/// concrete target or sends data, reads a secret path, pipes a download into a shell, or hides
/// from the user. Project guidance (CLAUDE.md, AGENTS.md) is excluded: addressing the agent is
/// its purpose.
fn aimed_and_harmful(own: Features, around: Features) -> bool {
    let ordered = own.has(F::Order) || own.has(F::SendOrder) || own.has(F::CommaOrder);
    own.has(F::Vocative)
        && !around.has(F::ProjectGuide)
        && ((ordered
            && (own.has(F::Target)
                || own.has(F::Secret) && !own.has(F::OwnSecret)
                || own.has(F::DataObject)))
            || own.has(F::SecretPath)
            || own.has(F::PipeShell)
            || own.has(F::Conceal))
}

/// Sentences before a sentence searched for the start of a prompt held in source code, and
/// around it for code.
const PROMPT_REACH: usize = 10;

/// Whether sentence `i` is part of a prompt held by source code: a prompt assigned in code
/// (`SYSTEM_PROMPT = """`) at most [`PROMPT_REACH`] sentences before it, or a prompt key or
/// system message (`system: |`, `"role": "system"`) there with a line of code near.
fn is_held_prompt(sentences: &[Sentence], i: usize) -> bool {
    let before = sentences
        .get(i.saturating_sub(PROMPT_REACH)..=i)
        .unwrap_or_default();
    super::work(before.len());
    if before.iter().any(|s| s.features.has(F::PromptCode)) {
        return true;
    }
    if !before.iter().any(|s| s.features.has(F::PromptKey)) {
        return false;
    }
    let near = sentences
        .get(i.saturating_sub(PROMPT_REACH)..(i + PROMPT_REACH + 1).min(sentences.len()))
        .unwrap_or_default();
    super::work(near.len());
    near.iter().any(|s| s.features.has(F::Code))
}

/// What stays an injection even in a guidance file for agents: overriding the agent's
/// instructions, reading a secret file, a URL that carries data out, a secret sent to a
/// concrete target, or hiding from the user what is sent.
fn is_severe(own: Features) -> bool {
    let sends_to_target = own.has(F::SendOrder) && own.has(F::Target);
    own.has(F::Override)
        || own.has(F::Discard)
        || own.has(F::SecretPath)
        || own.has(F::ExfilUrl)
        || sends_to_target && (own.has(F::Secret) && !own.has(F::OwnSecret) || own.has(F::Conceal))
}

/// The union of the features of sentences `from..=to` (clamped).
fn union(sentences: &[Sentence], from: usize, to: usize) -> Features {
    let to = to.min(sentences.len().saturating_sub(1));
    sentences
        .get(from..=to)
        .unwrap_or_default()
        .iter()
        .fold(Features::default(), |all, s| all.union(s.features))
}

/// A sentence's score from its own features and those of its window, and the kind it is.
fn score(own: Features, around: Features) -> Option<(i16, FindingKind)> {
    use points as p;
    let mut best: Option<(i16, FindingKind)> = None;
    let mut offer = |score: i16, kind: FindingKind| {
        if best.is_none_or(|(b, _)| score > b) {
            best = Some((score, kind));
        }
    };
    let guide = around.has(F::ProjectGuide);
    let addressed = around.has(F::Vocative) && !guide;
    let backed = addressed
        || around.has(F::Authority)
        || around.has(F::Impersonation)
        || around.has(F::Role)
        || around.has(F::TaskLine);
    // After a comma, a verb is an order only where the sentence is aimed at the agent.
    let comma_order = own.has(F::CommaOrder)
        && (addressed
            || own.has(F::Redirect)
            || own.has(F::Discard)
            || own.has(F::Override)
            || around.has(F::Impersonation)
            || around.has(F::Authority)
            || own.has(F::Conceal));
    if own.has(F::Order) || own.has(F::SendOrder) || comma_order {
        let mut score = p::ORDER;
        let mut kind = FindingKind::DirectOrder;
        if own.has(F::Target) {
            score += p::TARGET;
            if own.has(F::SendOrder) {
                score += p::SEND_TO_TARGET;
                if own.has(F::Secret) && !own.has(F::OwnSecret) {
                    score += p::SEND_SECRET;
                }
            }
        }
        if own.has(F::DataObject) {
            score += p::DATA_OBJECT;
        }
        if own.has(F::ToolCall) {
            score += p::TOOL_CALL;
            kind = FindingKind::ToolCallInstruction;
        }
        if addressed {
            score += p::VOCATIVE;
            kind = FindingKind::AgentInstruction;
        } else if around.has(F::ModelName) {
            score += p::MODEL_NAME;
        } else if around.has(F::Generic) && own.has(F::You) {
            score += p::GENERIC_YOU;
        }
        if around.has(F::Impersonation) {
            score += p::IMPERSONATION;
            kind = FindingKind::Impersonation;
        } else if around.has(F::Authority) && !guide {
            // "Important:" in a guidance file marks a rule, not a claim of authority.
            score += p::AUTHORITY;
        }
        if around.has(F::Redirect) {
            score += p::REDIRECT;
        } else if around.has(F::RedirectWeak) && !guide {
            score += p::REDIRECT_WEAK;
        }
        if own.has(F::Conditional) {
            score += p::CONDITIONAL;
        }
        if own.has(F::TaskLine) {
            score += p::TASK_LINE;
            kind = FindingKind::FakeStructure;
        } else if around.has(F::Role) {
            score += p::ROLE;
            kind = FindingKind::FakeStructure;
        }
        if own.has(F::TheUser) {
            score += p::THE_USER;
        }
        // Reading a secret file at the data's request, more so into the answer or out.
        if own.has(F::SecretPath) {
            score += p::SECRET_PATH;
            if own.has(F::IntoReply) || own.has(F::SendOrder) || own.has(F::Target) {
                score += p::INTO_REPLY;
                kind = FindingKind::Exfiltration;
            }
        }
        if own.has(F::PipeShell) {
            score += p::PIPE_SHELL;
        }
        if around.has(F::Conceal) {
            score += p::CONCEAL;
            if own.has(F::Conceal) {
                kind = FindingKind::Concealment;
            }
        }
        offer(score, kind);
    }
    if own.has(F::HijackStrong) {
        offer(p::HIJACK_STRONG, FindingKind::TaskHijack);
    }
    if own.has(F::Hijack) {
        let backing = if backed || around.has(F::ModelName) {
            p::HIJACK_BACKED
        } else {
            0
        };
        offer(p::HIJACK + backing, FindingKind::TaskHijack);
    }
    if own.has(F::Conceal) && backed {
        offer(p::HIJACK + p::HIJACK_BACKED, FindingKind::Concealment);
    }
    if own.has(F::Override) || own.has(F::Discard) {
        offer(p::OVERRIDE, FindingKind::InstructionOverride);
    }
    // A URL with a query to fill in, to be rendered or visited, naming context data.
    if own.has(F::ExfilUrl) {
        let mut score = p::EXFIL_URL;
        if own.has(F::Image) {
            score += p::EXFIL_IMAGE;
        }
        if own.has(F::Order) || own.has(F::SendOrder) {
            score += p::EXFIL_ORDER;
        }
        if own.has(F::ContextData)
            || own.has(F::Secret)
            || own.has(F::DataObject)
            || own.has(F::SecretPath)
        {
            score += p::EXFIL_DATA;
        }
        offer(score, FindingKind::Exfiltration);
    }
    // "This is an important message from me, Emma, to you, Claude.": a claim to speak for the
    // user, aimed at the agent, is an injection even before its order.
    if own.has(F::Impersonation) && (addressed || around.has(F::ModelName)) {
        offer(p::CLAIM + p::AUTHORITY, FindingKind::Impersonation);
    }
    if own.has(F::Role) && (around.has(F::Order) || around.has(F::SendOrder)) && backed {
        offer(p::CLAIM, FindingKind::FakeStructure);
    }
    best
}

/// The sentence range without surrounding whitespace.
fn trimmed(folded: &str, start: usize, end: usize) -> (usize, usize) {
    let body = folded.get(start..end).unwrap_or("");
    let lead = body.len() - body.trim_start().len();
    let trail = body.len() - body.trim_end().len();
    (start + lead, (end - trail).max(start + lead))
}

/// Adds `candidate`, joined to the previous one when it is of the same kind and adjacent (a run
/// of repeated orders is one finding, and 8 MB of them is not a million candidates).
fn push_merged(out: &mut Vec<Candidate>, candidate: Candidate) {
    if let Some(last) = out.last_mut()
        && last.kind == candidate.kind
        && candidate.start <= last.end + 2
        && last.start <= candidate.start
    {
        last.end = last.end.max(candidate.end);
        if candidate.score > last.score {
            last.score = candidate.score;
            last.excerpt = candidate.excerpt;
        }
        return;
    }
    out.push(candidate);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_pattern_builds() {
        assert!(TARGETS.is_some(), "TARGETS");
        assert!(FOLDED.iter().all(Option::is_some), "FOLDED");
    }

    #[test]
    fn one_edit() {
        for (a, b, want) in [
            ("ignore", "ignroe", true),
            ("ignore", "ignor", true),
            ("ignore", "ignoree", true),
            ("ignore", "ugnore", true),
            ("ignore", "ignore", true),
            ("ignore", "ingroe", false),
            ("previous", "previos", true),
            ("previous", "prevoius", true),
            ("important", "importnat", true),
            ("message", "massage", true),
            ("message", "passage", false),
        ] {
            assert_eq!(within_one_edit(a.as_bytes(), b.as_bytes()), want, "{a} {b}");
        }
    }

    #[test]
    fn sentences_split_at_ends_and_lines() {
        let spans = |text| -> Vec<(usize, usize)> {
            split(text).iter().map(|s| (s.start, s.end)).collect()
        };
        assert_eq!(
            spans("one two three. four five six\nseven eight? nine"),
            vec![(0, 14), (14, 29), (29, 46)]
        );
        assert_eq!(spans("<p>some text</p><p>more"), vec![(0, 16), (16, 23)]);
        // Short sentences join the next: ". . . ." is one sentence per 12 bytes, not per 2.
        assert_eq!(spans(&". ".repeat(8)), vec![(0, 13), (13, 16)]);
    }
}

#[cfg(test)]
mod debug {
    use super::*;

    /// Prints each sentence of the texts in `$AGSEC_INTENT_DEBUG` (separated by `====` lines)
    /// as the detector judges it, through the same path as [`candidates`]: features, rule
    /// score, learned probability, final score.
    /// `AGSEC_INTENT_DEBUG=file cargo test --lib intent::debug -- --ignored --nocapture`
    #[test]
    #[ignore = "a debugging aid: prints each sentence's features and score"]
    fn print_features() {
        let Ok(path) = std::env::var("AGSEC_INTENT_DEBUG") else {
            return;
        };
        let text = std::fs::read_to_string(path).unwrap_or_default();
        for chunk in text.split("\n====\n") {
            let folded = Folded::new(chunk);
            let context =
                Context::new(&folded.text, super::super::markup::containers(&folded.text));
            let sentences = featured(chunk, &folded, context.guide);
            let mut learned_left = LEARNED_BUDGET;
            for (i, s) in sentences.iter().enumerate() {
                let judged = judge(&folded, &context, &sentences, i, &mut learned_left)
                    .map(|j| (j.rule, j.learned, j.score, j.kind));
                let names: Vec<u8> = (0..64u8).filter(|b| s.features.0 & (1 << b) != 0).collect();
                println!(
                    "{:?} {:?} | {}",
                    judged,
                    names,
                    &folded.text[s.start..s.end].trim()
                );
            }
            println!("----");
        }
    }
}
