//! Tests of `src/core/input/npy/header.rs`.

use gmm_tui::core::input::npy::header::*;
use proptest::prelude::*;

fn plain(descr: &str, fortran_order: bool, shape: &[u64]) -> Header {
    Header {
        dtype: Dtype::Plain(descr.into()),
        fortran_order,
        shape: shape.to_vec(),
    }
}

fn parsed(bytes: &[u8]) -> Result<Header, String> {
    let mut reader = bytes;
    let header = read_header(&mut reader)?;
    assert!(
        reader.is_empty(),
        "the header's every byte is read, none after"
    );
    Ok(header)
}

/// Headers as NumPy 2.4.6 writes them (`np.save`, and `numpy.lib.format.write_array` with
/// `version=(2, 0)` and `(3, 0)`), and as NumPy under Python 2 wrote shapes (`3L`).
#[test]
fn headers_numpy_writes_read_as_numpy_means_them() {
    let pad = |text: &str| format!("{text}{}\n", " ".repeat(40));
    let v1 = |text: &str| {
        let text = pad(text);
        let mut bytes = b"\x93NUMPY\x01\x00".to_vec();
        bytes.extend((text.len() as u16).to_le_bytes());
        bytes.extend(text.bytes());
        bytes
    };
    let v2_or_3 = |major: u8, text: &str| {
        let text = pad(text);
        let mut bytes = vec![0x93, b'N', b'U', b'M', b'P', b'Y', major, 0];
        bytes.extend((text.len() as u32).to_le_bytes());
        bytes.extend(text.bytes());
        bytes
    };
    let cases = [
        (
            v1("{'descr': '<f8', 'fortran_order': False, 'shape': (3, 2), }"),
            plain("<f8", false, &[3, 2]),
        ),
        (
            v1("{'descr': '>i4', 'fortran_order': True, 'shape': (2, 3), }"),
            plain(">i4", true, &[2, 3]),
        ),
        (
            v1("{'descr': '|u1', 'fortran_order': False, 'shape': (5,), }"),
            plain("|u1", false, &[5]),
        ),
        (
            v1("{'descr': '<f8', 'fortran_order': False, 'shape': (), }"),
            plain("<f8", false, &[]),
        ),
        (
            v1("{'descr': '<f8', 'fortran_order': False, 'shape': (3L, 2L), }"),
            plain("<f8", false, &[3, 2]),
        ),
        (
            v2_or_3(
                2,
                "{'descr': '<f4', 'fortran_order': False, 'shape': (4,), }",
            ),
            plain("<f4", false, &[4]),
        ),
        (
            v2_or_3(
                3,
                "{'descr': [('é', '<f8'), ('b', '<i2', (2, 3))], 'fortran_order': False, \
                 'shape': (2,), }",
            ),
            Header {
                dtype: Dtype::Record(vec![
                    ("é".into(), Dtype::Plain("<f8".into())),
                    (
                        "b".into(),
                        Dtype::Array(6, Box::new(Dtype::Plain("<i2".into()))),
                    ),
                ]),
                fortran_order: false,
                shape: vec![2],
            },
        ),
        (
            v1("{'descr': [(('The A', 'a'), '<f8')], 'fortran_order': False, 'shape': (1,), }"),
            Header {
                dtype: Dtype::Record(vec![("a".into(), Dtype::Plain("<f8".into()))]),
                fortran_order: false,
                shape: vec![1],
            },
        ),
    ];
    for (bytes, expected) in cases {
        assert_eq!(
            parsed(&bytes),
            Ok(expected),
            "{}",
            String::from_utf8_lossy(&bytes)
        );
    }
    let record = Dtype::Record(vec![
        ("a".into(), Dtype::Plain("<f8".into())),
        (
            "b".into(),
            Dtype::Array(2, Box::new(Dtype::Plain(">i4".into()))),
        ),
    ]);
    assert_eq!(record.to_string(), "fields 'a' <f8, 'b' 2 × >i4");
    assert_eq!(Dtype::Record(vec![]).to_string(), "no fields");
    // A sub-array field's shape may be a bare size, as NumPy accepts it.
    let bare = v1("{'descr': [('p', '<f8', 2)], 'fortran_order': False, 'shape': (3,), }");
    assert_eq!(
        parsed(&bare).map(|h| h.dtype),
        Ok(Dtype::Record(vec![(
            "p".into(),
            Dtype::Array(2, Box::new(Dtype::Plain("<f8".into())))
        )]))
    );
}

/// Each way a header can be wrong is named; none panics or reads past the header.
#[test]
fn broken_headers_say_what_is_wrong() {
    let v1 = |text: &str| {
        let mut bytes = b"\x93NUMPY\x01\x00".to_vec();
        bytes.extend((text.len() as u16).to_le_bytes());
        bytes.extend(text.bytes());
        bytes
    };
    let ok = "'descr': '<f8', 'fortran_order': False, 'shape': (3, 2)";
    let deep = format!(
        "{{'descr': '<f8', 'fortran_order': False, 'shape': {}",
        "(".repeat(100)
    );
    let cases: Vec<(Vec<u8>, &str)> = vec![
        (
            b"\x93NUMPX\x01\x00".to_vec(),
            "it does not begin with NumPy's magic string",
        ),
        (
            b"\x93NUMPY\x04\x00\x10\x00".to_vec(),
            "format version 4.0 is not supported (1.0–3.0)",
        ),
        (
            b"\x93NUMPY\x01".to_vec(),
            "the file ends inside the magic string and version",
        ),
        (
            b"\x93NUMPY\x01\x00\x40\x00{'descr'".to_vec(),
            "the file ends inside the header",
        ),
        (
            b"\x93NUMPY\x02\x00\xff\xff\xff\x7f".to_vec(),
            "a header of 2147483647 bytes (this reader takes at most 65536; a plain array's is about 128)",
        ),
        (
            v1(&format!("{{{ok}, 'shape': (1,)}}")),
            "'shape' appears twice",
        ),
        (
            v1(&format!("{{{ok}, 'extra': 1}}")),
            "an unexpected key 'extra'",
        ),
        (
            v1("{'descr': '<f8', 'shape': (3,)}"),
            "the header lacks 'descr', 'fortran_order' or 'shape'",
        ),
        (v1("['descr']"), "the header is not a dict"),
        (
            v1("{'descr': '<f8', 'fortran_order': 0, 'shape': (3,)}"),
            "'fortran_order' is not True or False",
        ),
        (
            v1("{'descr': '<f8', 'fortran_order': False, 'shape': 3}"),
            "'shape' is not a tuple",
        ),
        (
            v1("{'descr': '<f8', 'fortran_order': False, 'shape': (3)}"),
            "'shape' is not a tuple",
        ),
        (
            v1("{'descr': '<f8', 'fortran_order': False, 'shape': (-3,)}"),
            "an unexpected '-' at byte 51 of the header",
        ),
        (
            v1("{'descr': '<f8', 'fortran_order': False, 'shape': (99999999999999999999999,)}"),
            "a number too large for 64 bits (23 digits)",
        ),
        (
            v1("{'descr': '<f8', 'fortran_order': None, 'shape': (3,)}"),
            "'None' where a value belongs",
        ),
        (
            v1("{'descr': '<f8, 'fortran_order'"),
            "an unexpected 'f' at byte 17 of the header",
        ),
        (v1("{'descr': '<f8"), "a string in the header is not closed"),
        (
            v1("{'descr': '<f8\n', 'fortran_order'"),
            "a string in the header is not closed",
        ),
        (
            v1("{'descr': '<f\\8', 'fortran_order': False, 'shape': (3,)}"),
            "a backslash escape in a header string",
        ),
        (
            v1("{'descr': '<f8', 'fortran_order': False, 'shape': (0100, 2)}"),
            "'0100': a number with a leading zero",
        ),
        (
            v1("{'descr': [('a', '<f8', 'x')], 'fortran_order': False, 'shape': (3,)}"),
            "a field's shape is not sizes",
        ),
        (
            v1("{'descr': 3, 'fortran_order': False, 'shape': (3,)}"),
            "'descr' is neither a type string nor a list of fields",
        ),
        (
            v1("{'descr': [('a',)], 'fortran_order': False, 'shape': (3,)}"),
            "a field of 'descr' is not (name, type) or (name, type, shape)",
        ),
        (v1(&deep), "the header nests too deeply"),
        (
            v1(&format!("{{{ok}}} trailing")),
            "an unexpected 't' at byte 58 of the header",
        ),
    ];
    for (bytes, expected) in cases {
        assert_eq!(
            parsed(&bytes).map(|_| ()),
            Err(expected.to_string()),
            "{}",
            String::from_utf8_lossy(&bytes)
        );
    }
}

proptest! {
    /// Any text after the magic string and version, any bytes: a header or a reason, never a
    /// panic, and never a byte read past the length the file gives.
    #[test]
    fn any_header_text_is_read_or_refused_without_panicking(
        text in "[{}()\\[\\]',:<>|a-z0-9 TrueFalsL\\\\\"é]{0,80}",
        major in 1u8..=3,
    ) {
        let mut bytes = vec![0x93, b'N', b'U', b'M', b'P', b'Y', major, 0];
        match major {
            1 => bytes.extend((text.len() as u16).to_le_bytes()),
            _ => bytes.extend((text.len() as u32).to_le_bytes()),
        }
        bytes.extend(text.bytes());
        bytes.extend(b"DATA");
        let mut reader = &bytes[..];
        let result = read_header(&mut reader);
        prop_assert_eq!(reader, &b"DATA"[..]);
        if let Err(why) = result {
            prop_assert!(!why.is_empty());
        }
    }
}
