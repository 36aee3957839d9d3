//! A `.npy` file's header (NEP 1, versions 1.0 to 3.0): the magic string, a version, a length,
//! and a Python dict literal such as `{'descr': '<f8', 'fortran_order': False, 'shape': (3, 2), }`.
//!
//! Parsed here rather than by a crate: the format is a page long, the literal is a small subset
//! of Python (strings, integers, booleans, tuples, lists, dicts), and a hostile header gets a
//! message that says what is wrong with it (docs/decisions.md).

use std::io::Read;

/// The first bytes of every `.npy` file.
pub const MAGIC: &[u8; 6] = b"\x93NUMPY";

/// The longest header read. NumPy's own default is 10,000 bytes (`max_header_size`, which a
/// trusted file may raise); a numeric array's header is about 128, so this only bounds memory.
const MAX_HEADER_BYTES: usize = 1 << 16;

/// What the header says of the array that follows it.
#[derive(Clone, Debug, PartialEq)]
pub struct Header {
    pub dtype: Dtype,
    pub fortran_order: bool,
    pub shape: Vec<u64>,
}

/// An array's element type.
#[derive(Clone, Debug, PartialEq)]
pub enum Dtype {
    /// A type string such as `<f8`, `>i4` or `|u1`.
    Plain(String),
    /// A structured array's fields: name and type.
    Record(Vec<(String, Dtype)>),
    /// A field holding a sub-array of this many elements.
    Array(u64, Box<Dtype>),
}

impl std::fmt::Display for Dtype {
    /// As a message shows it: `<f8`, `fields 'a' <f8, 'b' <i4`, `2 × <f8`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Dtype::Plain(descr) => f.write_str(descr),
            Dtype::Array(n, inner) => write!(f, "{n} × {inner}"),
            Dtype::Record(fields) if fields.is_empty() => f.write_str("no fields"),
            Dtype::Record(fields) => {
                f.write_str("fields ")?;
                for (i, (name, dtype)) in fields.iter().enumerate() {
                    let comma = if i == 0 { "" } else { ", " };
                    write!(f, "{comma}'{}' {dtype}", excerpt(name))?;
                }
                Ok(())
            }
        }
    }
}

/// Reads the header from `reader`, leaving it at the first byte of the data.
pub fn read_header(reader: &mut impl Read) -> Result<Header, String> {
    let mut preamble = [0u8; 8];
    read_exact(reader, &mut preamble, "the magic string and version")?;
    if &preamble[..6] != MAGIC {
        return Err("it does not begin with NumPy's magic string".into());
    }
    let (major, minor) = (preamble[6], preamble[7]);
    let length = match (major, minor) {
        (1, 0) => {
            let mut b = [0u8; 2];
            read_exact(reader, &mut b, "the header's length")?;
            usize::from(u16::from_le_bytes(b))
        }
        (2 | 3, 0) => {
            let mut b = [0u8; 4];
            read_exact(reader, &mut b, "the header's length")?;
            usize::try_from(u32::from_le_bytes(b)).unwrap_or(usize::MAX)
        }
        _ => {
            return Err(format!(
                "format version {major}.{minor} is not supported (1.0–3.0)"
            ));
        }
    };
    if length > MAX_HEADER_BYTES {
        return Err(format!(
            "a header of {length} bytes (this reader takes at most {MAX_HEADER_BYTES}; a plain \
             array's is about 128)"
        ));
    }
    let mut bytes = vec![0u8; length];
    read_exact(reader, &mut bytes, "the header")?;
    // Versions 1 and 2 are latin-1, whose bytes are the first 256 code points; 3 is UTF-8.
    let text: String = match major {
        3 => String::from_utf8(bytes).map_err(|_| "the header is not UTF-8")?,
        _ => bytes.iter().map(|&b| char::from(b)).collect(),
    };
    header_of(&text)
}

fn read_exact(reader: &mut impl Read, buf: &mut [u8], what: &str) -> Result<(), String> {
    reader.read_exact(buf).map_err(|e| match e.kind() {
        std::io::ErrorKind::UnexpectedEof => format!("the file ends inside {what}"),
        _ => format!("cannot read {what}: {e}"),
    })
}

/// The header dict's three entries, each exactly once and nothing else, as NumPy requires.
fn header_of(text: &str) -> Result<Header, String> {
    let mut parser = Parser { text, at: 0 };
    let Literal::Dict(entries) = parser.whole()? else {
        return Err("the header is not a dict".into());
    };
    let mut dtype = None;
    let mut fortran_order = None;
    let mut shape = None;
    for (key, value) in entries {
        match key.as_str() {
            "descr" if dtype.is_none() => dtype = Some(dtype_of(&value)?),
            "fortran_order" if fortran_order.is_none() => match value {
                Literal::Bool(b) => fortran_order = Some(b),
                _ => return Err("'fortran_order' is not True or False".into()),
            },
            "shape" if shape.is_none() => shape = Some(shape_of(&value)?),
            "descr" | "fortran_order" | "shape" => return Err(format!("'{key}' appears twice")),
            _ => return Err(format!("an unexpected key '{}'", excerpt(&key))),
        }
    }
    match (dtype, fortran_order, shape) {
        (Some(dtype), Some(fortran_order), Some(shape)) => Ok(Header {
            dtype,
            fortran_order,
            shape,
        }),
        _ => Err("the header lacks 'descr', 'fortran_order' or 'shape'".into()),
    }
}

/// Header text in a message: cut short and with control characters escaped.
fn excerpt(text: &str) -> String {
    crate::core::input::text::excerpt(text.as_bytes())
}

/// A shape: a tuple of non-negative integers.
fn shape_of(value: &Literal) -> Result<Vec<u64>, String> {
    let Literal::Tuple(items) = value else {
        return Err("'shape' is not a tuple".into());
    };
    items
        .iter()
        .map(|item| match item {
            Literal::Int(n) => Ok(*n),
            _ => Err("'shape' holds something other than sizes".into()),
        })
        .collect()
}

/// A `descr`: a type string, or a structured array's list of `(name, type[, shape])` fields.
fn dtype_of(value: &Literal) -> Result<Dtype, String> {
    match value {
        Literal::Str(descr) => {
            if descr.is_empty() || descr.len() > 16 || !descr.is_ascii() {
                return Err(format!("'descr' '{}' is not a type", excerpt(descr)));
            }
            Ok(Dtype::Plain(descr.clone()))
        }
        Literal::List(fields) => fields
            .iter()
            .map(field_of)
            .collect::<Result<_, _>>()
            .map(Dtype::Record),
        _ => Err("'descr' is neither a type string nor a list of fields".into()),
    }
}

fn field_of(field: &Literal) -> Result<(String, Dtype), String> {
    let not_a_field =
        || "a field of 'descr' is not (name, type) or (name, type, shape)".to_string();
    let Literal::Tuple(parts) = field else {
        return Err(not_a_field());
    };
    let name = match parts.first() {
        Some(Literal::Str(name)) => name.clone(),
        // (title, name), as NumPy writes a titled field.
        Some(Literal::Tuple(titled)) => match titled.as_slice() {
            [_, Literal::Str(name)] => name.clone(),
            _ => return Err(not_a_field()),
        },
        _ => return Err(not_a_field()),
    };
    let inner = dtype_of(parts.get(1).ok_or_else(not_a_field)?)?;
    match parts.get(2) {
        None if parts.len() == 2 => Ok((name, inner)),
        Some(shape) if parts.len() == 3 => {
            let sizes = match shape {
                Literal::Int(n) => vec![*n],
                shape => shape_of(shape).map_err(|_| "a field's shape is not sizes".to_string())?,
            };
            let count = sizes.iter().try_fold(1u64, |a, &b| a.checked_mul(b));
            let count = count.ok_or("a field's shape overflows")?;
            Ok((name, Dtype::Array(count, Box::new(inner))))
        }
        _ => Err(not_a_field()),
    }
}

/// The Python values a header holds.
#[derive(Clone, Debug, PartialEq)]
enum Literal {
    Str(String),
    Int(u64),
    Bool(bool),
    Tuple(Vec<Literal>),
    List(Vec<Literal>),
    Dict(Vec<(String, Literal)>),
}

/// Nesting deeper than this is no header NumPy writes, and would only grow the stack.
const MAX_DEPTH: usize = 32;

/// A recursive-descent reader of the literal.
struct Parser<'a> {
    text: &'a str,
    at: usize,
}

impl Parser<'_> {
    /// The one literal the text holds, with nothing but whitespace after it.
    fn whole(&mut self) -> Result<Literal, String> {
        let value = self.value(0)?;
        self.skip_space();
        match self.peek() {
            None => Ok(value),
            Some(c) => Err(self.unexpected(c)),
        }
    }

    fn value(&mut self, depth: usize) -> Result<Literal, String> {
        if depth > MAX_DEPTH {
            return Err("the header nests too deeply".into());
        }
        self.skip_space();
        match self.peek() {
            Some(quote @ ('\'' | '"')) => self.string(quote).map(Literal::Str),
            Some('(') => match self.items(')', depth)? {
                // `(x)` is x in Python; only a comma makes a one-element tuple.
                (mut items, false) if items.len() == 1 => Ok(items.remove(0)),
                (items, _) => Ok(Literal::Tuple(items)),
            },
            Some('[') => self
                .items(']', depth)
                .map(|(items, _)| Literal::List(items)),
            Some('{') => self.dict(depth),
            Some(c) if c.is_ascii_digit() => self.int(),
            Some(c) if c.is_ascii_alphabetic() => self.word(),
            Some(c) => Err(self.unexpected(c)),
            None => Err("the header ends early".into()),
        }
    }

    /// `(a, b)`, `(a,)`, `()`, `[a, b]`: the items, and whether a comma followed the last.
    fn items(&mut self, close: char, depth: usize) -> Result<(Vec<Literal>, bool), String> {
        self.at += 1;
        let mut items = Vec::new();
        loop {
            self.skip_space();
            if self.eat(close) {
                return Ok((items, true));
            }
            items.push(self.value(depth + 1)?);
            self.skip_space();
            if self.eat(close) {
                return Ok((items, false));
            }
            self.expect(',')?;
        }
    }

    fn dict(&mut self, depth: usize) -> Result<Literal, String> {
        self.at += 1;
        let mut entries = Vec::new();
        loop {
            self.skip_space();
            if self.eat('}') {
                return Ok(Literal::Dict(entries));
            }
            let Literal::Str(key) = self.value(depth + 1)? else {
                return Err("a key of the header's dict is not a string".into());
            };
            self.skip_space();
            self.expect(':')?;
            entries.push((key, self.value(depth + 1)?));
            self.skip_space();
            if self.eat('}') {
                return Ok(Literal::Dict(entries));
            }
            self.expect(',')?;
        }
    }

    /// A quoted string. NumPy writes no backslash into a numeric array's header, and Python's
    /// escapes are not worth reading for the names of a structured array this reader refuses:
    /// a backslash is refused rather than read wrongly.
    fn string(&mut self, quote: char) -> Result<String, String> {
        self.at += 1;
        let rest = &self.text[self.at..];
        let end = rest.find([quote, '\\', '\n']);
        match end.map(|i| (i, rest[i..].chars().next())) {
            Some((i, Some(c))) if c == quote => {
                self.at += i + 1;
                Ok(rest[..i].to_string())
            }
            Some((_, Some('\\'))) => Err("a backslash escape in a header string".into()),
            _ => Err("a string in the header is not closed".into()),
        }
    }

    /// Digits, and the `L` Python 2 wrote after a long.
    fn int(&mut self) -> Result<Literal, String> {
        let rest = &self.text[self.at..];
        let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        if digits > 1 && rest.starts_with('0') {
            return Err(format!(
                "'{}': a number with a leading zero",
                &rest[..digits]
            ));
        }
        let n = rest[..digits]
            .parse()
            .map_err(|_| format!("a number too large for 64 bits ({digits} digits)"))?;
        self.at += digits;
        self.eat('L');
        Ok(Literal::Int(n))
    }

    fn word(&mut self) -> Result<Literal, String> {
        let rest = &self.text[self.at..];
        let len = rest.len()
            - rest
                .trim_start_matches(|c: char| c.is_ascii_alphanumeric())
                .len();
        self.at += len;
        match &rest[..len] {
            "True" => Ok(Literal::Bool(true)),
            "False" => Ok(Literal::Bool(false)),
            word => Err(format!("'{}' where a value belongs", excerpt(word))),
        }
    }

    fn skip_space(&mut self) {
        let rest = &self.text[self.at..];
        self.at += rest.len() - rest.trim_start().len();
    }

    fn peek(&self) -> Option<char> {
        self.text[self.at..].chars().next()
    }

    fn eat(&mut self, c: char) -> bool {
        let found = self.peek() == Some(c);
        if found {
            self.at += c.len_utf8();
        }
        found
    }

    fn expect(&mut self, c: char) -> Result<(), String> {
        match self.peek() {
            Some(found) if found == c => {
                self.at += 1;
                Ok(())
            }
            Some(found) => Err(self.unexpected(found)),
            None => Err("the header ends early".into()),
        }
    }

    fn unexpected(&self, c: char) -> String {
        format!(
            "an unexpected '{}' at byte {} of the header",
            c.escape_debug(),
            self.at
        )
    }
}
