//! The per-character tables of folding: which characters are invisible or combining marks,
//! which decode from tag characters, and which Cyrillic, Greek, fullwidth, mathematical,
//! accented or typographic characters read as a Latin letter or an ASCII symbol.

/// Unicode tag characters U+E0020–U+E007E spell ASCII invisibly ("ASCII smuggling").
pub(crate) fn decode_tag(c: char) -> Option<char> {
    let code = u32::from(c);
    if (0xE0020..=0xE007E).contains(&code) {
        char::from_u32(code - 0xE0000)
    } else {
        None
    }
}

/// Characters that render as nothing: zero-width, bidi controls, variation selectors, tags,
/// soft hyphen, fillers.
pub(crate) fn is_invisible(c: char) -> bool {
    matches!(u32::from(c),
        0xAD | 0x34F | 0x61C | 0x115F | 0x1160 | 0x17B4 | 0x17B5 | 0x180E
        | 0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x2064 | 0x2066..=0x206F
        | 0x3164 | 0xFE00..=0xFE0F | 0xFEFF | 0xFFA0 | 0xE0000..=0xE007F | 0xE0100..=0xE01EF)
}

pub(super) fn is_combining_mark(c: char) -> bool {
    matches!(u32::from(c), 0x300..=0x36F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF)
}

/// Greek and Cyrillic capitals whose lowercase no longer looks like the Latin letter they imitate
/// (`Ν` is N but `ν` is v; `Н` is H but `н` is not h).
pub(super) fn fold_capital(c: char) -> Option<char> {
    Some(match c {
        'Α' | 'А' => 'a',
        'Β' | 'В' => 'b',
        'Ε' | 'Е' => 'e',
        'Ζ' => 'z',
        'Η' | 'Н' => 'h',
        'Ι' | 'І' => 'i',
        'Κ' | 'К' => 'k',
        'Μ' | 'М' => 'm',
        'Ν' => 'n',
        'Ο' | 'О' => 'o',
        'Ρ' | 'Р' => 'p',
        'Τ' | 'Т' => 't',
        'Υ' | 'У' => 'y',
        'Χ' | 'Х' => 'x',
        'С' => 'c',
        'Ј' => 'j',
        'Ѕ' => 's',
        _ => return None,
    })
}

/// Folds one lowercase char that looks like a Latin letter or ASCII symbol into it.
pub(super) fn fold_confusable(c: char) -> char {
    let code = u32::from(c);
    // Fullwidth ASCII, but not the backslash (`＼n` is not an escape; folded to `\n` it would be
    // one when folded again).
    if (0xFF01..=0xFF5E).contains(&code) && code != 0xFF3C {
        return char::from_u32(code - 0xFEE0).map_or(c, |a| a.to_ascii_lowercase());
    }
    // Mathematical alphanumeric letters: 13 alphabets of 52 (A–Z, a–z), then digits.
    if (0x1D400..=0x1D6A3).contains(&code) {
        let index = (code - 0x1D400) % 26;
        return char::from_u32(u32::from(b'a') + index).unwrap_or(c);
    }
    if (0x1D7CE..=0x1D7FF).contains(&code) {
        return char::from_u32(u32::from(b'0') + (code - 0x1D7CE) % 10).unwrap_or(c);
    }
    // Circled and parenthesized letters.
    if (0x24D0..=0x24E9).contains(&code) {
        return char::from_u32(u32::from(b'a') + code - 0x24D0).unwrap_or(c);
    }
    match c {
        // Cyrillic.
        'а' => 'a',
        'в' => 'b',
        'е' | 'ё' | 'є' => 'e',
        'к' => 'k',
        'м' => 'm',
        'н' | 'һ' => 'h',
        'о' => 'o',
        'р' => 'p',
        'с' => 'c',
        'т' => 't',
        'у' => 'y',
        'х' => 'x',
        'і' | 'ї' => 'i',
        'ј' => 'j',
        'ѕ' => 's',
        'ԁ' => 'd',
        'ԛ' => 'q',
        'ԝ' => 'w',
        'ӏ' => 'l',
        'ɡ' => 'g',
        'ı' => 'i',
        'ℓ' => 'l',
        // Greek.
        'α' => 'a',
        'β' => 'b',
        'ε' => 'e',
        'ζ' => 'z',
        'η' => 'n',
        'ι' => 'i',
        'κ' => 'k',
        'μ' => 'u',
        'ν' => 'v',
        'ο' => 'o',
        'ρ' => 'p',
        'τ' => 't',
        'υ' => 'u',
        'χ' => 'x',
        // Latin with diacritics (a precomposed accent is the cheap way to break a keyword).
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => 'a',
        'ç' | 'ć' | 'č' => 'c',
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => 'e',
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' => 'i',
        'ñ' | 'ń' | 'ň' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => 'o',
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' => 'u',
        'ý' | 'ÿ' => 'y',
        'ś' | 'š' => 's',
        'ź' | 'ż' | 'ž' => 'z',
        // Typographic punctuation to ASCII.
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{2032}' => '\'',
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{00AB}' | '\u{00BB}' => '"',
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2212}' => '-',
        _ => c,
    }
}
