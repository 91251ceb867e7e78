//! Where a JSON value ends, found without parsing it: the scanner's inner loop, which reads
//! every byte of a bundle of 1.5 GB on one thread while the workers parse.
//!
//! An object or array is scanned 64 bytes at a time: a bit mask per kind of byte (quote,
//! backslash, brackets), the bytes inside strings found from the quotes by a prefix XOR, the
//! brackets outside strings counted. A block with a backslash (rare in a bundle) is scanned
//! byte by byte. The masks are made by plain loops the compiler turns into vector code.

use super::Malformed;

/// What kind of value is being scanned, and where the scan stands in it.
pub(super) enum Extent {
    /// An object or array.
    Nested(Nested),
    /// A string.
    Text,
    /// A number, `true`, `false` or `null`.
    Scalar,
}

/// Where the scan of an object or array stands.
pub(super) struct Nested {
    /// The value's brackets: `{` and `}`, or `[` and `]`.
    open: u8,
    close: u8,
    /// How many of them are open.
    depth: usize,
    /// Whether the scan is in a string, and just after a backslash there.
    in_string: bool,
    escaped: bool,
}

/// Whether a value ended in the text scanned, and how much of it was scanned (up to the value's
/// last byte when it ended).
pub(super) type Scanned = (bool, usize);

impl Extent {
    /// The value whose first byte is `first`.
    pub(super) fn of(first: u8) -> Self {
        let nested = |open, close| Extent::Nested(Nested { open, close, depth: 0, in_string: false, escaped: false });
        match first {
            b'{' => nested(b'{', b'}'),
            b'[' => nested(b'[', b']'),
            b'"' => Extent::Text,
            _ => Extent::Scalar,
        }
    }

    /// Scans `value` (the value's text so far, from its first byte) from `from`.
    ///
    /// Only the value's own kind of bracket is counted: when the text is JSON, the other kind
    /// is balanced inside it, and when it is not, parsing the extent found fails all the same.
    pub(super) fn scan(&mut self, value: &[u8], from: usize) -> Result<Scanned, Malformed> {
        match self {
            Extent::Nested(nested) => nested.scan(value, from),
            Extent::Text => {
                // The opening quote is the first byte; a quote ends the string unless an odd
                // number of backslashes comes before it.
                let from = from.max(1);
                for at in memchr::memchr_iter(b'"', &value[from..]).map(|i| i + from) {
                    let backslashes = value[..at].iter().rev().take_while(|&&b| b == b'\\').count();
                    if backslashes % 2 == 0 {
                        return Ok((true, at + 1));
                    }
                }
                Ok((false, value.len()))
            }
            Extent::Scalar => {
                let end = value[from..]
                    .iter()
                    .position(|b| matches!(b, b',' | b'}' | b']' | b' ' | b'\n' | b'\r' | b'\t'))
                    .map(|i| i + from);
                match end {
                    Some(0) => Err(Malformed),
                    Some(end) => Ok((true, end)),
                    None => Ok((false, value.len())),
                }
            }
        }
    }
}

/// Bytes scanned at once.
const BLOCK: usize = 64;

impl Nested {
    fn scan(&mut self, value: &[u8], from: usize) -> Result<Scanned, Malformed> {
        let mut at = from;
        while at + BLOCK <= value.len() {
            let block: &[u8; BLOCK] = value[at..at + BLOCK].try_into().map_err(|_| Malformed)?;
            let ended = self.block(block)?;
            if let Some(end) = ended {
                return Ok((true, at + end));
            }
            at += BLOCK;
        }
        for (i, &byte) in value[at..].iter().enumerate() {
            if self.byte(byte)? {
                return Ok((true, at + i + 1));
            }
        }
        Ok((false, value.len()))
    }

    /// One block: where the value ends in it (after its last byte), if it does.
    fn block(&mut self, block: &[u8; BLOCK]) -> Result<Option<usize>, Malformed> {
        let (mut quotes, mut backslashes, mut opens, mut closes) = (0_u64, 0_u64, 0_u64, 0_u64);
        for (i, word) in block.chunks_exact(8).enumerate() {
            let word = u64::from_le_bytes(word.try_into().unwrap_or_default());
            quotes |= bytes_equal(word, b'"') << (8 * i);
            backslashes |= bytes_equal(word, b'\\') << (8 * i);
            opens |= bytes_equal(word, self.open) << (8 * i);
            closes |= bytes_equal(word, self.close) << (8 * i);
        }
        if backslashes != 0 || self.escaped {
            for (i, &byte) in block.iter().enumerate() {
                if self.byte(byte)? {
                    return Ok(Some(i + 1));
                }
            }
            return Ok(None);
        }
        // Bit i is set when byte i is in a string (its opening quote included, not its closing).
        let mut inside = quotes;
        for shift in [1, 2, 4, 8, 16, 32] {
            inside ^= inside << shift;
        }
        if self.in_string {
            inside = !inside;
        }
        self.in_string = inside >> 63 == 1;
        let (opens, closes) = (opens & !inside, closes & !inside);
        let closing = closes.count_ones() as usize;
        if closing < self.depth {
            // The value cannot end in this block.
            self.depth = self.depth + opens.count_ones() as usize - closing;
            return Ok(None);
        }
        let mut brackets = opens | closes;
        while brackets != 0 {
            let i = brackets.trailing_zeros() as usize;
            brackets &= brackets - 1;
            if opens >> i & 1 == 1 {
                self.depth += 1;
            } else {
                self.depth = self.depth.checked_sub(1).ok_or(Malformed)?;
                if self.depth == 0 {
                    return Ok(Some(i + 1));
                }
            }
        }
        Ok(None)
    }

    /// One byte: whether the value ends with it.
    fn byte(&mut self, byte: u8) -> Result<bool, Malformed> {
        if self.in_string {
            if self.escaped {
                self.escaped = false;
            } else if byte == b'\\' {
                self.escaped = true;
            } else if byte == b'"' {
                self.in_string = false;
            }
        } else if byte == b'"' {
            self.in_string = true;
        } else if byte == self.open {
            self.depth += 1;
        } else if byte == self.close {
            self.depth = self.depth.checked_sub(1).ok_or(Malformed)?;
            return Ok(self.depth == 0);
        }
        Ok(false)
    }
}

/// The bytes of `word` (in little-endian order) equal to `byte`, one bit each, in the low 8 bits.
fn bytes_equal(word: u64, byte: u8) -> u64 {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    let differences = word ^ (u64::from(byte) * 0x0101_0101_0101_0101);
    // The high bit of each byte of `nonzero` is set when the byte of `differences` is not 0.
    let nonzero = ((differences & LOW7).wrapping_add(LOW7)) | differences;
    let zero = !nonzero & !LOW7;
    // Gathers the high bits (at 7, 15, …, 63) into the top byte, then down.
    ((zero >> 7).wrapping_mul(0x0102_0408_1020_4080)) >> 56
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Where the value at the start of `text` ends, scanned in pieces of `size` bytes.
    fn end_of(text: &str, size: usize) -> Option<usize> {
        let mut extent = Extent::of(text.as_bytes()[0]);
        let mut scanned = 0;
        let mut available = 0;
        while available < text.len() {
            available = (available + size).min(text.len());
            let (done, at) = extent.scan(&text.as_bytes()[..available], scanned).ok()?;
            if done {
                return Some(at);
            }
            scanned = at;
        }
        None
    }

    #[test]
    fn values_end_where_their_brackets_close_outside_strings_whatever_the_pieces() {
        let inner = r#"{"a": ["}", "\"}", "\\"], "b": {"c": "{{{"}, "d": "x\\\"]}"}"#;
        let long = format!(r#"{{"pad": "{}", "v": {inner}, "w": [{}]}}"#, "y".repeat(100), "1,".repeat(80) + "2");
        for text in [inner.to_owned(), long.clone(), format!("[{long}, {inner}]")] {
            for size in [1, 7, 63, 64, 65, 200, 10_000] {
                assert_eq!(end_of(&format!("{text}, 1"), size), Some(text.len()), "{text} in pieces of {size}");
            }
        }
    }

    #[test]
    fn a_value_that_does_not_end_is_not_found() {
        let pad = "z".repeat(70);
        for text in [r#"{"a": "}"#.to_owned(), r#"{"a": {}"#.to_owned(), format!(r#"["{pad}\"]"#)] {
            for size in [1, 64, 1000] {
                assert_eq!(end_of(&text, size), None, "{text}");
            }
        }
    }
}
