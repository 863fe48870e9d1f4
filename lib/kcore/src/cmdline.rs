//! The kernel command line, split into words as Linux splits it
//! (`next_arg` in lib/cmdline.c): words are separated by white space, a
//! double quote starts or ends a quoted part in which white space does not
//! separate, and the quotes around a whole word or around a value
//! (`key="a b"`) are removed. Words before `--` are `key` or `key=value`
//! options; every consumer declares the keys it understands, and the rest
//! are reported once as unknown and otherwise ignored. The words after
//! `--` are the first program's arguments.

use alloc::string::String;

/// One `key[=value]` word of the command line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Param<'a> {
    /// The part before `=`, or the whole word.
    pub key: &'a str,
    /// The part after the first `=`, if there is one.
    pub value: Option<&'a str>,
}

/// The parsed command line.
#[derive(Clone, Copy, Debug)]
pub struct Cmdline<'a> {
    text: &'a str,
}

/// Keys this kernel understands, with a one-line description each, for the
/// "unknown option" message and the README.
pub const KNOWN: &[(&str, &str)] = &[
    (
        "loglevel",
        "error|warn|info|debug: most verbose log level printed",
    ),
    (
        "rdinit",
        "the first program, a path in the initramfs (default /init)",
    ),
    (
        "ktest.filter",
        "run only tests whose suite or suite.name matches (glob, comma-separated)",
    ),
    ("ktest.list", "list the self-tests and exit"),
    (
        "ktest.expect_mem",
        "memory size (e.g. 512M) the memory self-test must detect",
    ),
    (
        "crash",
        "run a deliberate crash scenario instead of the self-tests",
    ),
];

/// White space as the kernel's `isspace` sees it in a command line.
fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r')
}

/// Splits off the first word of `s` (which starts at a non-space byte),
/// as Linux's `next_arg`; returns the word and the rest, with its leading
/// white space skipped.
fn next_word(s: &str) -> (Param<'_>, &str) {
    let b = s.as_bytes();
    // A word that starts with a quote: the quote is not part of it.
    let quoted = b.first() == Some(&b'"');
    let start = usize::from(quoted);
    let mut in_quote = quoted;
    let mut equals = None;
    let mut i = start;
    while i < b.len() {
        if is_space(b[i]) && !in_quote {
            break;
        }
        // An '=' as the first byte does not split (Linux tests `equals == 0`).
        if equals.is_none() && b[i] == b'=' && i > start {
            equals = Some(i);
        }
        if b[i] == b'"' {
            in_quote = !in_quote;
        }
        i += 1;
    }
    // `end` is the word's end; a closing quote right before it is cut from
    // whichever part (key or value) it ends.
    let ends_in_quote = i > start && b[i - 1] == b'"';
    let (key, value) = match equals {
        None => {
            let end = if quoted && ends_in_quote { i - 1 } else { i };
            (&s[start..end], None)
        }
        Some(eq) => {
            let mut v = eq + 1;
            let mut end = i;
            if b.get(v) == Some(&b'"') {
                v += 1;
                if ends_in_quote {
                    end = end.saturating_sub(1).max(v);
                }
            }
            if quoted && ends_in_quote {
                end = (i - 1).max(v).min(end);
            }
            (&s[start..eq], Some(&s[v..end.max(v)]))
        }
    };
    let rest = s[i..].trim_start_matches(|c: char| c.is_ascii() && is_space(c as u8));
    (Param { key, value }, rest)
}

/// Every word of `text`, in order.
fn words(text: &str) -> impl Iterator<Item = Param<'_>> {
    let mut rest = text.trim_start_matches(|c: char| c.is_ascii() && is_space(c as u8));
    core::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let (w, r) = next_word(rest);
        rest = r;
        Some(w)
    })
}

/// Whether `p` is the bare `--` that ends the options.
fn is_dashes(p: &Param<'_>) -> bool {
    p.key == "--" && p.value.is_none()
}

impl<'a> Cmdline<'a> {
    /// Wraps the raw text (already cut at its terminating NUL).
    pub fn new(text: &'a str) -> Self {
        Self { text: text.trim() }
    }

    /// The raw text.
    pub fn as_str(&self) -> &'a str {
        self.text
    }

    /// Every word before a `--`, in order.
    pub fn params(&self) -> impl Iterator<Item = Param<'a>> {
        words(self.text).take_while(|p| !is_dashes(p))
    }

    /// The value of the last occurrence of `key` (later words override
    /// earlier ones, as on Linux).
    pub fn get(&self, key: &str) -> Option<&'a str> {
        self.params()
            .filter(|p| p.key == key)
            .last()
            .map(|p| p.value.unwrap_or(""))
    }

    /// Whether `key` appears at all.
    pub fn has(&self, key: &str) -> bool {
        self.params().any(|p| p.key == key)
    }

    /// The words after `--`: the arguments of the first user program, as
    /// on Linux: quotes group words and are removed, and a `key=value`
    /// word is passed whole (`key="a b"` as `key=a b`).
    pub fn init_args(&self) -> impl Iterator<Item = String> + 'a {
        words(self.text)
            .skip_while(|p| !is_dashes(p))
            .skip(1)
            .map(|p| match p.value {
                Some(v) => alloc::format!("{}={v}", p.key),
                None => String::from(p.key),
            })
    }

    /// The words whose key is not in [`KNOWN`].
    pub fn unknown(&self) -> impl Iterator<Item = Param<'a>> {
        self.params()
            .filter(|p| !KNOWN.iter().any(|(k, _)| *k == p.key))
    }
}

/// Parses a size such as `4096`, `64K`, `512M` or `4G` into bytes.
pub fn parse_size(s: &str) -> Option<u64> {
    let (digits, shift) = match s.as_bytes().last()? {
        b'k' | b'K' => (&s[..s.len() - 1], 10),
        b'm' | b'M' => (&s[..s.len() - 1], 20),
        b'g' | b'G' => (&s[..s.len() - 1], 30),
        b't' | b'T' => (&s[..s.len() - 1], 40),
        _ => (s, 0),
    };
    let n: u64 = digits.parse().ok()?;
    n.checked_mul(1u64 << shift)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_and_values() {
        let c = Cmdline::new("  loglevel=debug ktest.list  ktest.filter=mem,teid  ");
        let v: Vec<_> = c.params().collect();
        assert_eq!(v.len(), 3);
        assert_eq!(c.get("loglevel"), Some("debug"));
        assert_eq!(c.get("ktest.list"), Some(""));
        assert!(c.has("ktest.list"));
        assert_eq!(c.get("ktest.filter"), Some("mem,teid"));
        assert_eq!(c.get("nope"), None);
    }

    #[test]
    fn init_arguments_follow_a_double_dash() {
        let c = Cmdline::new("loglevel=warn -- size=4M vmas=10");
        assert_eq!(c.params().count(), 1);
        assert_eq!(c.unknown().count(), 0);
        let a: Vec<_> = c.init_args().collect();
        assert_eq!(a, ["size=4M", "vmas=10"]);
        assert_eq!(Cmdline::new("a b").init_args().count(), 0);
    }

    #[test]
    fn double_quotes_group_words_as_on_linux() {
        let c = Cmdline::new(r#"rdinit="/bin/sh" loglevel=warn -- -c "echo hi; echo there" x"#);
        assert_eq!(c.get("rdinit"), Some("/bin/sh"));
        assert_eq!(c.get("loglevel"), Some("warn"));
        let a: Vec<_> = c.init_args().collect();
        assert_eq!(a, ["-c", "echo hi; echo there", "x"]);
        // A quoted value keeps its spaces; the quotes go.
        let c = Cmdline::new(r#"a="b  c" "d=e f" -- k="v w" "" "--""#);
        let p: Vec<_> = c.params().collect();
        assert_eq!(
            p[0],
            Param {
                key: "a",
                value: Some("b  c")
            }
        );
        assert_eq!(
            p[1],
            Param {
                key: "d",
                value: Some("e f")
            }
        );
        let a: Vec<_> = c.init_args().collect();
        assert_eq!(a, ["k=v w", "", "--"]);
        // Quotes inside a word group but stay, as Linux keeps them.
        let a: Vec<_> = Cmdline::new(r#"-- x"y z"w"#).init_args().collect();
        assert_eq!(a, [r#"x"y z"w"#]);
        // An unterminated quote runs to the end of the line.
        let a: Vec<_> = Cmdline::new(r#"-- "a b   c"#).init_args().collect();
        assert_eq!(a, ["a b   c"]);
        // Tabs and newlines separate too; a leading '=' does not split.
        let c = Cmdline::new("x=1\t=y\n-- a\tb");
        let p: Vec<_> = c.params().collect();
        assert_eq!(
            p[1],
            Param {
                key: "=y",
                value: None
            }
        );
        assert_eq!(c.init_args().collect::<Vec<_>>(), ["a", "b"]);
        // Odd quote placements never panic.
        for t in [
            r#"""#, r#"="#, r#""="#, r#"a=""#, r#"a="""#, r#""a=""#, r#"-- ""#, "\"\"\"",
        ] {
            let c = Cmdline::new(t);
            let _ = c.params().count() + c.init_args().count();
        }
        assert_eq!(Cmdline::new(r#"a=""#).get("a"), Some(""));
        assert_eq!(Cmdline::new(r#""a=b""#).get("a"), Some("b"));
    }

    #[test]
    fn later_words_win() {
        let c = Cmdline::new("loglevel=info loglevel=warn");
        assert_eq!(c.get("loglevel"), Some("warn"));
    }

    #[test]
    fn unknown_words_are_reported() {
        let c = Cmdline::new("loglevel=info bogus=1 alsobad");
        let u: Vec<_> = c.unknown().map(|p| p.key).collect();
        assert_eq!(u, ["bogus", "alsobad"]);
    }

    #[test]
    fn sizes() {
        assert_eq!(parse_size("64M"), Some(64 << 20));
        assert_eq!(parse_size("4G"), Some(4 << 30));
        assert_eq!(parse_size("4096"), Some(4096));
        assert_eq!(parse_size("12k"), Some(12 << 10));
        assert_eq!(parse_size("M"), None);
        assert_eq!(parse_size("99999999999T"), None);
        assert_eq!(parse_size(""), None);
    }
}
