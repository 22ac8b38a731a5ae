//! RFC 4180 CSV: CRLF line ends, fields quoted when they hold a comma, quote, CR or LF,
//! quotes doubled; UTF-8 with a byte-order mark so spreadsheet programs read it as UTF-8.
//! Cells that a spreadsheet would run as a formula are neutralised (OWASP): text starting
//! with `=`, `+`, `-`, `@`, tab or carriage return gets a leading `'`.

/// A CSV document being written.
pub struct Csv {
    out: String,
}

impl Csv {
    /// A document with its header row.
    pub fn new(header: &[&str]) -> Self {
        let mut csv = Csv {
            out: String::from('\u{feff}'),
        };
        csv.row(header.iter().map(|h| Cell::Text(h.to_string())));
        csv
    }

    /// Appends a row.
    pub fn row(&mut self, cells: impl IntoIterator<Item = Cell>) {
        let fields: Vec<String> = cells.into_iter().map(|c| c.render()).collect();
        self.out.push_str(&fields.join(","));
        self.out.push_str("\r\n");
    }

    /// The document.
    pub fn finish(self) -> String {
        self.out
    }
}

/// One cell.
pub enum Cell {
    /// Free text from people: neutralised and quoted as needed.
    Text(String),
    /// A number we produced.
    Int(i64),
    /// Pence shown as pounds with two decimals.
    Pounds(i64),
    /// Nothing.
    Empty,
}

impl Cell {
    fn render(&self) -> String {
        match self {
            Cell::Text(t) => quote(&neutralise(t)),
            Cell::Int(n) => n.to_string(),
            Cell::Pounds(p) => pounds(*p),
            Cell::Empty => String::new(),
        }
    }
}

/// Pence as pounds, e.g. 123456 -> "1234.56", -5 -> "-0.05".
pub fn pounds(pence: i64) -> String {
    let sign = if pence < 0 { "-" } else { "" };
    let abs = pence.unsigned_abs();
    format!("{sign}{}.{:02}", abs / 100, abs % 100)
}

fn neutralise(text: &str) -> String {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{text}"),
        _ => text.to_string(),
    }
}

fn quote(field: &str) -> String {
    if field.contains([',', '"', '\r', '\n']) || field.starts_with('\'') {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_and_neutralises() {
        let mut csv = Csv::new(&["a", "b", "c", "d"]);
        csv.row([
            Cell::Text("=cmd|' /C calc'!A0".into()),
            Cell::Text("Tom \"T\" Smith, Esq.".into()),
            Cell::Pounds(123_456),
            Cell::Text("line\nbreak".into()),
        ]);
        csv.row([
            Cell::Text("@SUM(1)".into()),
            Cell::Text("+1".into()),
            Cell::Int(-5),
            Cell::Empty,
        ]);
        assert_eq!(
            csv.finish(),
            "\u{feff}a,b,c,d\r\n\"'=cmd|' /C calc'!A0\",\"Tom \"\"T\"\" Smith, Esq.\",1234.56,\"line\nbreak\"\r\n\"'@SUM(1)\",\"'+1\",-5,\r\n"
        );
    }

    #[test]
    fn pounds_have_two_decimals() {
        assert_eq!(pounds(0), "0.00");
        assert_eq!(pounds(5), "0.05");
        assert_eq!(pounds(-5), "-0.05");
        assert_eq!(pounds(10_000_000), "100000.00");
    }
}
