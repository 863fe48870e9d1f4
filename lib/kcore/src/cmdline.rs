//! The kernel command line: whitespace-separated `key` or `key=value`
//! words. Every consumer declares the keys it understands; the rest are
//! reported once as unknown and otherwise ignored.

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
        self.text
            .split_ascii_whitespace()
            .take_while(|w| *w != "--")
            .map(|w| match w.split_once('=') {
                Some((k, v)) => Param {
                    key: k,
                    value: Some(v),
                },
                None => Param {
                    key: w,
                    value: None,
                },
            })
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
    /// on Linux.
    pub fn init_args(&self) -> impl Iterator<Item = &'a str> {
        self.text
            .split_ascii_whitespace()
            .skip_while(|w| *w != "--")
            .skip(1)
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
