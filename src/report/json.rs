//! JSON output, one serializer for reports and the command line. serde_json
//! escapes C0 control characters but writes DEL and the C1 controls (U+0080
//! to U+009F, among them the 8-bit CSI U+009B) raw; [`SafeFormatter`] escapes
//! those too, so JSON printed to a terminal is as inert as the text outputs.
//! Sequences are written element by element ([`write_seq`]), so a listing
//! streams to its writer without a second copy of it in memory.

use serde::Serialize;
use serde_json::ser::{Formatter, PrettyFormatter};
use std::io::{self, Write};

/// serde_json's pretty layout, with DEL, C1 and bidi controls escaped as
/// `\uXXXX`.
pub struct SafeFormatter<'a>(PrettyFormatter<'a>);

impl Default for SafeFormatter<'_> {
    fn default() -> Self {
        SafeFormatter(PrettyFormatter::new())
    }
}

/// Whether a byte starts a character serde_json would leave raw although a
/// terminal acts on it: DEL (0x7F), 0xC2 followed by 0x80..=0x9F (C1), or a
/// bidi embedding, override or isolate (U+202A..=U+202E, U+2066..=U+2069;
/// see `text::escape`). Returns the character's length in bytes, or 0.
fn unsafe_at(bytes: &[u8], i: usize) -> usize {
    match (bytes[i], bytes.get(i + 1), bytes.get(i + 2)) {
        (0x7f, _, _) => 1,
        (0xc2, Some(0x80..=0x9f), _) => 2,
        (0xe2, Some(0x80), Some(0xaa..=0xae)) | (0xe2, Some(0x81), Some(0xa6..=0xa9)) => 3,
        _ => 0,
    }
}

impl Formatter for SafeFormatter<'_> {
    fn write_string_fragment<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        let bytes = fragment.as_bytes();
        let mut start = 0;
        let mut i = 0;
        while i < bytes.len() {
            let len = unsafe_at(bytes, i);
            if len > 0 {
                writer.write_all(&bytes[start..i])?;
                let c = fragment[i..].chars().next().map_or(0, u32::from);
                write!(writer, "\\u{c:04x}")?;
                i += len;
                start = i;
            } else {
                i += 1;
            }
        }
        writer.write_all(&bytes[start..])
    }

    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_array(w)
    }
    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array(w)
    }
    fn begin_array_value<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.0.begin_array_value(w, first)
    }
    fn end_array_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array_value(w)
    }
    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object(w)
    }
    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object(w)
    }
    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.0.begin_object_key(w, first)
    }
    fn end_object_key<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object_key(w)
    }
    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object_value(w)
    }
    fn end_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object_value(w)
    }
}

/// Write `value` as pretty, terminal-safe JSON followed by a newline.
pub fn write<W: Write, T: Serialize + ?Sized>(writer: &mut W, value: &T) -> serde_json::Result<()> {
    let mut ser = serde_json::Serializer::with_formatter(&mut *writer, SafeFormatter::default());
    value.serialize(&mut ser)?;
    writer.write_all(b"\n").map_err(serde_json::Error::io)
}

/// Write the items as one pretty JSON array, serializing each as it comes
/// (the same bytes as [`write`] of a `Vec` of them).
pub fn write_seq<W, I>(writer: &mut W, items: I) -> serde_json::Result<()>
where
    W: Write,
    I: IntoIterator,
    I::Item: Serialize,
{
    let mut ser = serde_json::Serializer::with_formatter(&mut *writer, SafeFormatter::default());
    serde::Serializer::collect_seq(&mut ser, items)?;
    writer.write_all(b"\n").map_err(serde_json::Error::io)
}

/// Write one JSON array whose elements `fill` hands over one at a time
/// (from a callback such as [`crate::Project::for_each_excerpt`]): nothing
/// but the element being written is held. Same bytes as [`write_seq`].
pub fn write_stream<W, T, E, F>(writer: &mut W, fill: F) -> Result<(), E>
where
    W: Write,
    T: Serialize + ?Sized,
    E: From<serde_json::Error>,
    F: FnOnce(&mut dyn FnMut(&T) -> Result<(), E>) -> Result<(), E>,
{
    use serde::ser::{SerializeSeq, Serializer as _};
    let mut ser = serde_json::Serializer::with_formatter(&mut *writer, SafeFormatter::default());
    let mut seq = (&mut ser).serialize_seq(None)?;
    fill(&mut |item: &T| Ok(seq.serialize_element(item)?))?;
    seq.end()?;
    writer.write_all(b"\n").map_err(serde_json::Error::io)?;
    Ok(())
}

/// `value` as pretty, terminal-safe JSON text ending in a newline.
pub fn json<T: Serialize + ?Sized>(value: &T) -> String {
    let mut out = Vec::new();
    // Writing to a Vec cannot fail, and thema's types always serialize.
    write(&mut out, value).expect("JSON into memory");
    String::from_utf8(out).expect("serde_json writes UTF-8")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_del_and_c1_like_serde_escapes_c0() {
        let s = "a\u{1b}]52;c;x\u{7}b\u{7f}c\u{9b}31m\u{85}é\u{a0}";
        let out = json(&s);
        assert_eq!(
            out,
            "\"a\\u001b]52;c;x\\u0007b\\u007fc\\u009b31m\\u0085é\u{a0}\"\n"
        );
        let back: String = serde_json::from_str(&out).unwrap();
        assert_eq!(back, s);
    }

    #[test]
    fn escapes_bidi_controls_losslessly() {
        let s = "a\u{202e}b\u{2066}c\u{2069}\u{200f}ש";
        let out = json(&s);
        assert_eq!(out, "\"a\\u202eb\\u2066c\\u2069\u{200f}ש\"\n");
        let back: String = serde_json::from_str(&out).unwrap();
        assert_eq!(back, s);
    }

    #[test]
    fn a_streamed_sequence_equals_the_whole_vector() {
        let v = vec![
            serde_json::json!({"a": 1, "b": ["x", "\u{9b}"]}),
            serde_json::json!({}),
        ];
        let mut streamed = Vec::new();
        write_seq(&mut streamed, v.iter()).unwrap();
        assert_eq!(String::from_utf8(streamed).unwrap(), json(&v));
        let mut pretty = serde_json::to_string_pretty(&serde_json::json!([1, {"k": "v"}])).unwrap();
        pretty.push('\n');
        assert_eq!(json(&serde_json::json!([1, {"k": "v"}])), pretty);
        let mut empty = Vec::new();
        write_seq(&mut empty, Vec::<i32>::new()).unwrap();
        assert_eq!(empty, b"[]\n");
        let mut pushed = Vec::new();
        write_stream(&mut pushed, |emit| {
            for x in &v {
                emit(x)?;
            }
            Ok::<_, serde_json::Error>(())
        })
        .unwrap();
        assert_eq!(String::from_utf8(pushed).unwrap(), json(&v));
        let mut none = Vec::new();
        write_stream::<_, i32, serde_json::Error, _>(&mut none, |_| Ok(())).unwrap();
        assert_eq!(none, b"[]\n");
    }
}
