//! Destinations: every host a shell command or a web tool talks to, parsed and normalised the way
//! the programs that connect parse them, so a policy reads facts instead of running regexes over
//! spellings. IPv4 is read as `inet_aton` and the WHATWG URL parser read it (decimal `2852039166`,
//! hex `0xa9fea9fe`, octal `0251.0376.0251.0376`, short `169.254.43518`, mixed); IPv6 with the
//! IPv4 it embeds (mapped `::ffff:…`, compatible `::a.b.c.d`, NAT64 `64:ff9b::/96`, 6to4
//! `2002::/16`); percent-encoded and full-width host text; names that embed an address (`nip.io`,
//! `sslip.io` …). Each [`Destination`] says whether it is a cloud metadata endpoint (the
//! link-local range `169.254.0.0/16`, `fd00:ec2::254`, `100.100.100.200`, `metadata`,
//! `metadata.google.internal`, `instance-data` …), private or loopback. The same parser serves
//! `params.network.destinations` of shell commands and `web.fetch`, and
//! `taint.allowed_destinations`.

use serde::Serialize;
use std::net::{Ipv4Addr, Ipv6Addr};

/// One place data is sent to.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Destination {
    /// As written (the URL, `user@host:path`, the operand).
    pub raw: String,
    /// The host, normalised: lowercase, no trailing dot, no brackets, percent-decoding and
    /// full-width forms undone; an IP address in its canonical form.
    pub host: String,
    /// The address the host stands for when it is (or embeds) a literal IP, canonical
    /// (`169.254.169.254` for `2852039166`, `[::ffff:a9fe:a9fe]` or `a9fea9fe.nip.io`).
    pub ip: Option<String>,
    /// A cloud metadata endpoint (credentials are handed out there).
    pub metadata: bool,
    /// A private, link-local, carrier-grade NAT or unique-local address, or a private name
    /// (`*.internal`, `*.local`, `*.lan`, `*.home.arpa`).
    pub private: bool,
    /// This machine: `127.0.0.0/8`, `0.0.0.0/8`, `::1`, `::`, `localhost`, `*.localhost`.
    pub loopback: bool,
}

/// What a command's network access looks like to policies (`params.network`).
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct NetworkFacts {
    /// Every destination found, each once, in order.
    pub destinations: Vec<Destination>,
}

/// `web.fetch` with `params.network.destinations`: the host of its `url`, parsed. A URL that
/// names no host gives an empty list (the policies decide on the URL).
pub(crate) fn enrich_web(action: &crate::action::Action) -> crate::action::Action {
    let mut action = action.clone();
    let destinations: Vec<Destination> = action
        .param_str("url")
        .and_then(parse_url)
        .into_iter()
        .collect();
    if let Ok(value) = serde_json::to_value(NetworkFacts { destinations }) {
        action.params.insert("network".to_owned(), value);
    }
    action
}

/// Host names of metadata services (lowercase, without trailing dot).
const METADATA_NAMES: &[&str] = &[
    "metadata",
    "metadata.google.internal",
    "metadata.goog",
    "instance-data",
    "instance-data.ec2.internal",
    "metadata.tencentyun.com",
    "metadata.platformequinix.com",
];

/// Metadata services outside `169.254.0.0/16` (Alibaba Cloud, Oracle Cloud classic).
const METADATA_V4: &[Ipv4Addr] = &[
    Ipv4Addr::new(100, 100, 100, 200),
    Ipv4Addr::new(192, 0, 0, 192),
];

/// Suffixes of names only resolvable inside a private network.
const PRIVATE_SUFFIXES: &[&str] = &[
    ".internal",
    ".local",
    ".localdomain",
    ".lan",
    ".home.arpa",
    ".intranet",
    ".corp",
];

/// Wildcard DNS services: `<address>.<suffix>` resolves to the address.
const ADDRESS_DNS: &[&str] = &[
    ".nip.io",
    ".sslip.io",
    ".xip.io",
    ".nip.direct",
    ".traefik.me",
    ".localtest.me",
    ".lvh.me",
];

/// Parse a host as a program would connect to it: brackets, a zone, percent-encoding and
/// full-width characters removed; any IPv4 spelling; names. `None` for empty text or text with
/// characters no host has.
pub(crate) fn parse_host(raw: &str) -> Option<Destination> {
    let decoded = undo_encodings(raw.trim());
    let mut text = decoded.trim().to_ascii_lowercase();
    let bracketed = text.starts_with('[');
    if let Some(inner) = text.strip_prefix('[').and_then(|t| t.strip_suffix(']')) {
        text = inner.to_owned();
    }
    while text.ends_with('.') && text.len() > 1 {
        text.pop();
    }
    if text.is_empty() {
        return None;
    }
    let mut dest = Destination {
        raw: raw.to_owned(),
        host: text.clone(),
        ip: None,
        metadata: false,
        private: false,
        loopback: false,
    };
    if text.contains(':') || bracketed {
        let without_zone = text.split('%').next().unwrap_or(&text);
        let v6: Ipv6Addr = without_zone.parse().ok()?;
        classify_v6(v6, &mut dest);
        dest.host = dest.ip.clone().unwrap_or_else(|| v6.to_string());
        return Some(dest);
    }
    if let Some(v4) = parse_ipv4(&text) {
        dest.host = v4.to_string();
        classify_v4(v4, &mut dest);
        return Some(dest);
    }
    if !text
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') || !c.is_ascii())
    {
        return None;
    }
    if let Some(v4) = embedded_in_name(&text) {
        classify_v4(v4, &mut dest);
    }
    if text == "localhost" || text.ends_with(".localhost") {
        dest.loopback = true;
    }
    if METADATA_NAMES.contains(&text.as_str()) {
        dest.metadata = true;
        dest.private = true;
    }
    if PRIVATE_SUFFIXES.iter().any(|s| text.ends_with(s)) {
        dest.private = true;
    }
    Some(dest)
}

/// Parse a URL (`scheme://[user[:pass]@]host[:port][/…]`, backslashes read as slashes as
/// browsers do): its host. Text without `://` is read as `http://text` (what curl and wget do).
pub(crate) fn parse_url(raw: &str) -> Option<Destination> {
    let trimmed = raw.trim();
    let rest = match trimmed.find("://") {
        Some(i) => trimmed.get(i + 3..).unwrap_or(""),
        None => match trimmed.split_once(':') {
            // `http:\\host`, `http:/host`: special schemes tolerate any slashes.
            Some((scheme, rest))
                if is_scheme(scheme) && (rest.starts_with('\\') || rest.starts_with('/')) =>
            {
                rest
            }
            _ => trimmed,
        },
    };
    let rest = rest.trim_start_matches(['/', '\\']);
    let end = rest.find(['/', '\\', '?', '#']).unwrap_or(rest.len());
    let authority = rest.get(..end).unwrap_or("");
    let hostport = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = strip_port(hostport);
    let mut dest = parse_host(host)?;
    dest.raw = raw.to_owned();
    Some(dest)
}

/// Every `scheme://host` URL inside `text` (a shell word, a command line, a request body).
pub(crate) fn urls_in(text: &str) -> Vec<Destination> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(found) = text.get(from..).and_then(|t| t.find("://")) {
        let at = from + found;
        let head = text.get(..at).unwrap_or("");
        let scheme_len = head
            .chars()
            .rev()
            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '.' | '-'))
            .count();
        let start = at - scheme_len;
        let tail = text.get(start..).unwrap_or("");
        let end = tail
            .find(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | '`' | '<' | '>'))
            .unwrap_or(tail.len());
        if scheme_len > 0
            && let Some(d) = tail.get(..end).and_then(parse_url)
        {
            push_unique(&mut out, d);
        }
        from = at + 3;
    }
    out
}

/// `/dev/tcp/HOST/PORT` or `/dev/udp/HOST/PORT` (bash's network redirections): the host.
pub(crate) fn dev_socket(path: &str) -> Option<Destination> {
    let rest = path
        .strip_prefix("/dev/tcp/")
        .or_else(|| path.strip_prefix("/dev/udp/"))?;
    let host = rest.split('/').next().unwrap_or("");
    let mut d = parse_host(host)?;
    d.raw = path.to_owned();
    Some(d)
}

/// `[user@]host:path` (scp, rsync, git): the host, when the text has that shape.
pub(crate) fn remote_path(text: &str) -> Option<Destination> {
    if text.contains("://") {
        return parse_url(text);
    }
    let host = if let Some(rest) = text.strip_prefix('[') {
        let (inner, after) = rest.split_once(']')?;
        after.strip_prefix(':')?;
        inner
    } else {
        let (head, _) = text.split_once(':')?;
        if head.contains('/') || head.is_empty() {
            return None;
        }
        head
    };
    let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
    let mut d = parse_host(host)?;
    d.raw = text.to_owned();
    Some(d)
}

/// `[user@]host` (ssh, telnet, nc operands): the host.
pub(crate) fn user_host(text: &str) -> Option<Destination> {
    let host = text.rsplit_once('@').map_or(text, |(_, h)| h);
    let mut d = parse_host(host)?;
    d.raw = text.to_owned();
    Some(d)
}

/// Adds `d` unless a destination with the same host is there.
pub(crate) fn push_unique(out: &mut Vec<Destination>, d: Destination) {
    if !out.iter().any(|o| o.host == d.host) {
        out.push(d);
    }
}

/// Whether `host` (a destination's normalised host) is allowed by `pattern`: a host (exact, any
/// spelling of the same address) or `*.domain` (any subdomain).
pub(crate) fn host_allowed(dest: &Destination, pattern: &str) -> bool {
    let pattern = pattern.trim().to_ascii_lowercase();
    match pattern.strip_prefix("*.") {
        Some(domain) => {
            let domain = domain.trim_end_matches('.');
            dest.ip.is_none()
                && dest
                    .host
                    .strip_suffix(domain)
                    .is_some_and(|head| head.ends_with('.'))
        }
        None => parse_host(&pattern).is_some_and(|p| p.host == dest.host),
    }
}

fn is_scheme(text: &str) -> bool {
    let mut chars = text.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '.' | '-'))
}

/// `host:port` → `host`; `[v6]:port` → `[v6]`; a bare IPv6 address stays whole.
fn strip_port(text: &str) -> &str {
    if text.starts_with('[') {
        return text.find(']').and_then(|i| text.get(..=i)).unwrap_or(text);
    }
    match text.rsplit_once(':') {
        Some((host, port)) if !host.contains(':') && port.chars().all(|c| c.is_ascii_digit()) => {
            host
        }
        _ => text,
    }
}

/// Percent-decoding and the full-width forms URL parsers fold (NFKC of `０-９`, `Ａ-ｚ`, `．`, `。`).
fn undo_encodings(text: &str) -> String {
    let mut bytes = Vec::with_capacity(text.len());
    let raw = text.as_bytes();
    let mut i = 0;
    while let Some(&b) = raw.get(i) {
        if b == b'%'
            && let Some(hex) = text.get(i + 1..i + 3)
            && let Ok(v) = u8::from_str_radix(hex, 16)
        {
            bytes.push(v);
            i += 3;
            continue;
        }
        bytes.push(b);
        i += 1;
    }
    String::from_utf8_lossy(&bytes)
        .chars()
        .map(|c| match c {
            '\u{3002}' | '\u{ff0e}' | '\u{ff61}' => '.',
            '\u{ff01}'..='\u{ff5e}' => char::from_u32(u32::from(c) - 0xff01 + 0x21).unwrap_or(c),
            _ => c,
        })
        .collect()
}

/// IPv4 as `inet_aton` reads it: one to four parts, each decimal, `0x` hex or `0` octal; the last
/// part fills the remaining bytes.
pub(crate) fn parse_ipv4(text: &str) -> Option<Ipv4Addr> {
    let text = text.strip_suffix('.').unwrap_or(text);
    let parts: Vec<&str> = text.split('.').collect();
    if parts.is_empty() || parts.len() > 4 {
        return None;
    }
    let numbers = parts
        .iter()
        .map(|p| parse_part(p))
        .collect::<Option<Vec<u64>>>()?;
    let (last, head) = numbers.split_last()?;
    if head.iter().any(|h| *h > 255) {
        return None;
    }
    let bits = 8 * (4 - u32::try_from(head.len()).ok()?);
    if *last >= 1u64 << bits {
        return None;
    }
    let mut value = *last;
    for (i, h) in head.iter().enumerate() {
        value |= h << (24 - 8 * u32::try_from(i).ok()?);
    }
    Some(Ipv4Addr::from(u32::try_from(value).ok()?))
}

fn parse_part(part: &str) -> Option<u64> {
    let (digits, radix) =
        if let Some(h) = part.strip_prefix("0x").or_else(|| part.strip_prefix("0X")) {
            (h, 16)
        } else if part.len() > 1 && part.starts_with('0') {
            (part.get(1..)?, 8)
        } else {
            (part, 10)
        };
    if digits.is_empty() {
        return (radix == 16).then_some(0);
    }
    if digits.len() > 16 || !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    u64::from_str_radix(digits, radix).ok()
}

/// `169.254.169.254.nip.io`, `169-254-169-254.sslip.io`, `a9fea9fe.nip.io`: the address.
fn embedded_in_name(name: &str) -> Option<Ipv4Addr> {
    let head = ADDRESS_DNS.iter().find_map(|s| name.strip_suffix(s))?;
    let labels: Vec<&str> = head.split('.').collect();
    if labels.len() >= 4 {
        let tail = labels.get(labels.len() - 4..)?.join(".");
        if let Ok(v4) = tail.parse::<Ipv4Addr>() {
            return Some(v4);
        }
    }
    let last = labels.last()?;
    let dashed = last.rsplit('-').take(4).collect::<Vec<_>>();
    if dashed.len() == 4 {
        let text: Vec<&str> = dashed.into_iter().rev().collect();
        if let Ok(v4) = text.join(".").parse::<Ipv4Addr>() {
            return Some(v4);
        }
    }
    if last.len() == 8 && last.chars().all(|c| c.is_ascii_hexdigit()) {
        return u32::from_str_radix(last, 16).ok().map(Ipv4Addr::from);
    }
    None
}

fn classify_v4(v4: Ipv4Addr, dest: &mut Destination) {
    let [a, b, _, _] = v4.octets();
    dest.ip = Some(v4.to_string());
    dest.loopback |= a == 127 || a == 0;
    dest.metadata |= v4.is_link_local() || METADATA_V4.contains(&v4);
    dest.private |= v4.is_private()
        || v4.is_link_local()
        || (a == 100 && (64..128).contains(&b))
        || METADATA_V4.contains(&v4);
}

fn classify_v6(v6: Ipv6Addr, dest: &mut Destination) {
    if v6.is_loopback() || v6.is_unspecified() {
        dest.ip = Some(v6.to_string());
        dest.loopback = true;
        return;
    }
    if let Some(v4) = embedded_v4(v6) {
        classify_v4(v4, dest);
        return;
    }
    let first = v6.segments().first().copied().unwrap_or(0);
    dest.ip = Some(v6.to_string());
    dest.metadata |= v6 == Ipv6Addr::new(0xfd00, 0xec2, 0, 0, 0, 0, 0, 0x254);
    dest.private |= (first & 0xfe00) == 0xfc00 || (first & 0xffc0) == 0xfe80;
}

/// The IPv4 address an IPv6 address carries: mapped, compatible, NAT64 (`64:ff9b::/96`) or 6to4.
fn embedded_v4(v6: Ipv6Addr) -> Option<Ipv4Addr> {
    let s = v6.segments();
    let tail = |hi: u16, lo: u16| {
        let [a, b] = hi.to_be_bytes();
        let [c, d] = lo.to_be_bytes();
        Ipv4Addr::new(a, b, c, d)
    };
    match s {
        [0, 0, 0, 0, 0, 0xffff, hi, lo] | [0, 0, 0, 0, 0, 0, hi, lo] => Some(tail(hi, lo)),
        [0x64, 0xff9b, 0, 0, 0, 0, hi, lo] => Some(tail(hi, lo)),
        [0x2002, hi, lo, ..] => Some(tail(hi, lo)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (text, host, ip, metadata, private, loopback)
    type Row = (
        &'static str,
        &'static str,
        Option<&'static str>,
        bool,
        bool,
        bool,
    );

    const URLS: &[Row] = &[
        (
            "http://169.254.169.254/latest/meta-data/",
            "169.254.169.254",
            Some("169.254.169.254"),
            true,
            true,
            false,
        ),
        (
            "http://2852039166/latest/",
            "169.254.169.254",
            Some("169.254.169.254"),
            true,
            true,
            false,
        ),
        (
            "http://0xa9fea9fe/",
            "169.254.169.254",
            Some("169.254.169.254"),
            true,
            true,
            false,
        ),
        (
            "http://0xA9.0xFE.0xA9.0xFE/",
            "169.254.169.254",
            Some("169.254.169.254"),
            true,
            true,
            false,
        ),
        (
            "http://0251.0376.0251.0376/",
            "169.254.169.254",
            Some("169.254.169.254"),
            true,
            true,
            false,
        ),
        (
            "http://169.254.43518/",
            "169.254.169.254",
            Some("169.254.169.254"),
            true,
            true,
            false,
        ),
        (
            "http://169.16689662/",
            "169.254.169.254",
            Some("169.254.169.254"),
            true,
            true,
            false,
        ),
        (
            "http://[::ffff:169.254.169.254]/",
            "169.254.169.254",
            Some("169.254.169.254"),
            true,
            true,
            false,
        ),
        (
            "http://[::ffff:a9fe:a9fe]:80/x",
            "169.254.169.254",
            Some("169.254.169.254"),
            true,
            true,
            false,
        ),
        (
            "http://[::169.254.169.254]/",
            "169.254.169.254",
            Some("169.254.169.254"),
            true,
            true,
            false,
        ),
        (
            "http://[64:ff9b::a9fe:a9fe]/",
            "169.254.169.254",
            Some("169.254.169.254"),
            true,
            true,
            false,
        ),
        (
            "http://[fd00:ec2::254]/latest/",
            "fd00:ec2::254",
            Some("fd00:ec2::254"),
            true,
            true,
            false,
        ),
        (
            "http://169.254.170.2/v2/credentials",
            "169.254.170.2",
            Some("169.254.170.2"),
            true,
            true,
            false,
        ),
        (
            "http://100.100.100.200/latest/",
            "100.100.100.200",
            Some("100.100.100.200"),
            true,
            true,
            false,
        ),
        (
            "http://metadata.google.internal/computeMetadata/v1/",
            "metadata.google.internal",
            None,
            true,
            true,
            false,
        ),
        (
            "http://METADATA.Google.Internal./x",
            "metadata.google.internal",
            None,
            true,
            true,
            false,
        ),
        (
            "http://metadata/computeMetadata/v1/",
            "metadata",
            None,
            true,
            true,
            false,
        ),
        (
            "http://instance-data/latest/",
            "instance-data",
            None,
            true,
            true,
            false,
        ),
        (
            "http://user:pw@169.254.169.254:80/",
            "169.254.169.254",
            Some("169.254.169.254"),
            true,
            true,
            false,
        ),
        (
            "http:\\\\169.254.169.254\\latest",
            "169.254.169.254",
            Some("169.254.169.254"),
            true,
            true,
            false,
        ),
        (
            "http://%31%36%39.254.169.254/",
            "169.254.169.254",
            Some("169.254.169.254"),
            true,
            true,
            false,
        ),
        (
            "http://１６９。２５４。１６９。２５４/",
            "169.254.169.254",
            Some("169.254.169.254"),
            true,
            true,
            false,
        ),
        (
            "http://169.254.169.254.nip.io/",
            "169.254.169.254.nip.io",
            Some("169.254.169.254"),
            true,
            true,
            false,
        ),
        (
            "http://169-254-169-254.sslip.io/",
            "169-254-169-254.sslip.io",
            Some("169.254.169.254"),
            true,
            true,
            false,
        ),
        (
            "2852039166/latest/meta-data/",
            "169.254.169.254",
            Some("169.254.169.254"),
            true,
            true,
            false,
        ),
        (
            "https://api.github.com/repos/o/r",
            "api.github.com",
            None,
            false,
            false,
            false,
        ),
        (
            "https://docs.rs/regex",
            "docs.rs",
            None,
            false,
            false,
            false,
        ),
        (
            "http://10.0.0.5:8080/",
            "10.0.0.5",
            Some("10.0.0.5"),
            false,
            true,
            false,
        ),
        (
            "http://192.168.1.1/",
            "192.168.1.1",
            Some("192.168.1.1"),
            false,
            true,
            false,
        ),
        (
            "http://localhost:3000/",
            "localhost",
            None,
            false,
            false,
            true,
        ),
        (
            "http://127.1/",
            "127.0.0.1",
            Some("127.0.0.1"),
            false,
            false,
            true,
        ),
        ("http://0/", "0.0.0.0", Some("0.0.0.0"), false, false, true),
        ("http://[::1]:8080/", "::1", Some("::1"), false, false, true),
        (
            "http://db.internal/",
            "db.internal",
            None,
            false,
            true,
            false,
        ),
        ("http://1.2.3.4.5/", "1.2.3.4.5", None, false, false, false),
        (
            "http://8.8.8.8/",
            "8.8.8.8",
            Some("8.8.8.8"),
            false,
            false,
            false,
        ),
    ];

    #[test]
    fn url_table() {
        for (text, host, ip, metadata, private, loopback) in URLS {
            let d = parse_url(text).unwrap_or_else(|| panic!("{text}: no destination"));
            assert_eq!(d.host, *host, "{text}");
            assert_eq!(d.ip.as_deref(), *ip, "{text}");
            assert_eq!(
                (d.metadata, d.private, d.loopback),
                (*metadata, *private, *loopback),
                "{text}"
            );
        }
    }

    #[test]
    fn not_hosts() {
        for text in ["", "http://", "http://a b/", "http://[zz]/", "http://x'y/"] {
            assert_eq!(parse_url(text), None, "{text}");
        }
    }

    #[test]
    fn ipv4_forms() {
        let cases: &[(&str, Option<[u8; 4]>)] = &[
            ("1.2.3.4", Some([1, 2, 3, 4])),
            ("1.2.3", Some([1, 2, 0, 3])),
            ("1.2", Some([1, 0, 0, 2])),
            ("16909060", Some([1, 2, 3, 4])),
            ("0x01020304", Some([1, 2, 3, 4])),
            ("01.02.03.04", Some([1, 2, 3, 4])),
            ("0x", Some([0, 0, 0, 0])),
            ("256.1.1.1", None),
            ("1.2.3.256", None),
            ("4294967296", None),
            ("08.1.1.1", None),
            ("1.2.3.4.5", None),
            ("a.b", None),
            ("+1.2.3.4", None),
        ];
        for (text, want) in cases {
            assert_eq!(parse_ipv4(text), want.map(Ipv4Addr::from), "{text}");
        }
    }

    #[test]
    fn urls_inside_text() {
        let hosts: Vec<String> = urls_in(
            "curl -d x=1 'https://API.github.com/r' --url=http://2852039166/x; git push ssh://git@h.example/r",
        )
        .into_iter()
        .map(|d| d.host)
        .collect();
        assert_eq!(hosts, ["api.github.com", "169.254.169.254", "h.example"]);
        assert!(urls_in("echo ://x and 169.254.169.254").is_empty());
    }

    #[test]
    fn shell_shapes() {
        assert_eq!(
            dev_socket("/dev/tcp/203.0.113.7/4444").map(|d| d.host),
            Some("203.0.113.7".to_owned())
        );
        assert_eq!(dev_socket("/dev/null"), None);
        assert_eq!(
            remote_path("u@169.254.169.254:/x").map(|d| d.metadata),
            Some(true)
        );
        assert_eq!(
            remote_path("git@github.com:o/r.git").map(|d| d.host),
            Some("github.com".to_owned())
        );
        assert_eq!(remote_path("./a:b"), None);
        assert_eq!(remote_path("src/main.rs"), None);
        assert_eq!(user_host("root@10.0.0.1").map(|d| d.private), Some(true));
    }

    #[test]
    fn allowed_hosts() {
        let d = |u: &str| parse_url(u).unwrap();
        assert!(host_allowed(
            &d("https://api.github.com/x"),
            "api.github.com"
        ));
        assert!(host_allowed(
            &d("https://API.GITHUB.COM./x"),
            "api.github.com"
        ));
        assert!(host_allowed(
            &d("https://s3.amazonaws.com/"),
            "*.amazonaws.com"
        ));
        assert!(!host_allowed(
            &d("https://amazonaws.com/"),
            "*.amazonaws.com"
        ));
        assert!(!host_allowed(
            &d("https://evilamazonaws.com/"),
            "*.amazonaws.com"
        ));
        assert!(host_allowed(&d("http://2130706433/"), "127.0.0.1"));
        assert!(!host_allowed(
            &d("https://api.github.com.evil.io/"),
            "api.github.com"
        ));
    }
}
