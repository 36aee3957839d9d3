//! Numbers as spreadsheets and R format them: decimal commas (`1,5`), thousands separators
//! (`"1,294.1"`, `1.234,5` with `--thousands .`), a currency sign (`$3.50`, `3,50 €`) and a
//! percent sign (`12.5%`, read as 0.125). Each is read only where it cannot mean anything
//! else; a form that could (`1.234` is 1.234 unless the file says its dots group thousands) is
//! left to an option, and named in the refusal that suggests it.

/// How a number was written, beyond plain digits: said in a note per column.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Notation {
    pub decimal_comma: bool,
    pub thousands: bool,
    pub percent: bool,
    pub currency: bool,
}

impl Notation {
    /// Whether the number had a currency sign, thousands separators or a percent sign (a
    /// decimal comma alone has a note of its own).
    pub fn is_formatted(self) -> bool {
        self.thousands || self.percent || self.currency
    }

    /// The union of two notations, for a column's note.
    pub fn with(self, other: Notation) -> Notation {
        Notation {
            decimal_comma: self.decimal_comma || other.decimal_comma,
            thousands: self.thousands || other.thousands,
            percent: self.percent || other.percent,
            currency: self.currency || other.currency,
        }
    }

    /// `currency signs, thousands separators`: what a note says was read.
    pub fn describe(self) -> String {
        let kinds: Vec<&str> = [
            (self.currency, "currency signs"),
            (self.thousands, "thousands separators"),
            (self.percent, "percentages as fractions"),
        ]
        .into_iter()
        .filter_map(|(had, name)| had.then_some(name))
        .collect();
        kinds.join(", ")
    }
}

/// The marks a file's numbers are written with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Marks {
    /// The character between digit groups, when the file has one (`--thousands`), or `,` in a
    /// comma-separated file (where it can only stand inside quotes, and a decimal comma would be
    /// refused anyway).
    pub thousands: Option<u8>,
    /// The decimal marks allowed: `.`, and `,` too where the delimiter is not a comma.
    pub decimal_comma: bool,
}

impl Marks {
    /// The marks of a file with this delimiter and `--thousands`.
    pub fn of(delimiter: u8, thousands: Option<u8>) -> Marks {
        match thousands {
            Some(b'.') => Marks {
                thousands,
                decimal_comma: true,
            },
            Some(b',') => Marks {
                thousands,
                decimal_comma: false,
            },
            Some(_) => Marks {
                thousands,
                decimal_comma: delimiter != b',',
            },
            None if delimiter == b',' => Marks {
                thousands: Some(b','),
                decimal_comma: false,
            },
            None => Marks {
                thousands: None,
                decimal_comma: true,
            },
        }
    }

    fn is_decimal(self, b: u8) -> bool {
        (b == b'.' && self.thousands != Some(b'.')) || (b == b',' && self.decimal_comma)
    }
}

/// A number written with a decimal comma, as R's `write.csv2` and European spreadsheets write
/// it: digits, one comma, digits, and an optional exponent (`-1,5`, `2,25e-3`). Anything else
/// (`1,500,000`, `,5`) is not one.
pub fn decimal_comma_number(field: &[u8]) -> Option<f64> {
    let trimmed = field.trim_ascii();
    let unsigned = without_sign(trimmed);
    let (whole, rest) = unsigned.split_at(unsigned.iter().position(|&b| b == b',')?);
    let rest = &rest[1..];
    let (fraction, exponent) =
        rest.split_at(rest.iter().take_while(|b| b.is_ascii_digit()).count());
    let digits = |part: &[u8]| !part.is_empty() && part.iter().all(u8::is_ascii_digit);
    let exponent_ok = match exponent {
        [] => true,
        [b'e' | b'E', power @ ..] => digits(without_sign(power)),
        _ => false,
    };
    if !(digits(whole) && digits(fraction) && exponent_ok) {
        return None;
    }
    let with_point: Vec<u8> = trimmed
        .iter()
        .map(|&b| if b == b',' { b'.' } else { b })
        .collect();
    fast_float2::parse::<f64, _>(with_point).ok()
}

fn without_sign(text: &[u8]) -> &[u8] {
    match text {
        [b'-' | b'+', rest @ ..] => rest,
        _ => text,
    }
}

/// The currency signs read before or after a number.
const CURRENCY: [&str; 4] = ["$", "€", "£", "¥"];

/// `text` without a leading or trailing currency sign (and the spaces beside it), if it has one.
fn strip_currency(text: &[u8]) -> Option<&[u8]> {
    CURRENCY.iter().find_map(|sign| {
        let sign = sign.as_bytes();
        text.strip_prefix(sign)
            .or_else(|| text.strip_suffix(sign))
            .map(<[u8]>::trim_ascii)
    })
}

/// A number in one of the forms spreadsheets format numbers in: a sign, a currency sign, digits
/// grouped by the file's thousands mark, a decimal part, a percent sign; and how it was written.
/// `None` for anything else, plain numbers included (the caller parses those first).
pub fn formatted_number(field: &[u8], marks: Marks) -> Option<(f64, Notation)> {
    let mut text = field.trim_ascii();
    let mut notation = Notation::default();
    let mut negative = false;
    let mut take_sign = |text: &mut &[u8]| {
        if let [sign @ (b'-' | b'+'), rest @ ..] = *text {
            negative = *sign == b'-';
            *text = rest;
            true
        } else {
            false
        }
    };
    let signed = take_sign(&mut text);
    if let Some(rest) = strip_currency(text) {
        notation.currency = true;
        text = rest;
        if !signed {
            take_sign(&mut text);
        }
    }
    if let Some(rest) = text.strip_suffix(b"%") {
        if notation.currency {
            return None;
        }
        notation.percent = true;
        text = rest.trim_ascii_end();
    }
    let (mut digits, grouped, decimal_comma) = grouped_digits(text, marks)?;
    notation.thousands = grouped;
    notation.decimal_comma = decimal_comma;
    if notation.percent {
        // A hundredth by the exponent, so that 0.9% reads as the f64 nearest 0.009.
        digits.extend_from_slice(b"e-2");
    }
    let value = fast_float2::parse::<f64, _>(&digits).ok()?;
    let signed_value = if negative { -value } else { value };
    notation.is_formatted().then_some((signed_value, notation))
}

/// Digits grouped by `marks.thousands` in threes (the first group one to three digits) and an
/// optional decimal part, as plain digits with a decimal point; whether groups were found and
/// whether the decimal mark was a comma.
fn grouped_digits(text: &[u8], marks: Marks) -> Option<(Vec<u8>, bool, bool)> {
    let mut digits = Vec::with_capacity(text.len());
    let lead = text.iter().take_while(|b| b.is_ascii_digit()).count();
    if lead == 0 {
        return None;
    }
    digits.extend_from_slice(&text[..lead]);
    let mut i = lead;
    let mut grouped = false;
    if let Some(mark) = marks.thousands {
        while text.get(i) == Some(&mark)
            && text.len() >= i + 4
            && text[i + 1..i + 4].iter().all(u8::is_ascii_digit)
            && !text.get(i + 4).is_some_and(u8::is_ascii_digit)
        {
            if lead > 3 {
                return None;
            }
            grouped = true;
            digits.extend_from_slice(&text[i + 1..i + 4]);
            i += 4;
        }
    }
    let mut decimal_comma = false;
    if let Some(&mark) = text.get(i)
        && marks.is_decimal(mark)
    {
        decimal_comma = mark == b',';
        let fraction = text[i + 1..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        if fraction == 0 {
            return None;
        }
        digits.push(b'.');
        digits.extend_from_slice(&text[i + 1..i + 1 + fraction]);
        i += 1 + fraction;
    }
    (i == text.len()).then_some((digits, grouped, decimal_comma))
}

/// The `--thousands` mark that would read `field`, when it is a number grouped by thousands
/// that this file's marks do not read (`1.234,5` without `--thousands .`).
pub fn unread_thousands(field: &[u8], marks: Marks) -> Option<u8> {
    [b'.', b','].into_iter().find(|&mark| {
        Some(mark) != marks.thousands
            && formatted_number(field, Marks::of(b';', Some(mark)))
                .is_some_and(|(_, notation)| notation.thousands)
    })
}
