//! Writing numbers without `format!`, for the numbers a build writes by the hundred thousand.

/// Appends `number` in decimal, zero-padded to at least `width` digits (at most 20), as
/// `format!("{number:0width$}")` writes it: a tenth of the instructions, for the numbers
/// written by the thousand (dates, search postings).
pub fn push_decimal(out: &mut String, number: u64, width: usize) {
    let mut digits = [b'0'; 20];
    let mut at = digits.len();
    let mut rest = number;
    loop {
        at -= 1;
        digits[at] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    let start = at.min(digits.len().saturating_sub(width));
    // ASCII digits: the check is a few instructions, where pushing a char at a time
    // encoded each as UTF-8.
    out.push_str(std::str::from_utf8(&digits[start..]).unwrap_or_default());
}

#[cfg(test)]
mod tests {
    #[test]
    fn decimals_are_written_as_format_writes_them() {
        for number in [0, 9, 10, 4_294_967_296, u64::MAX] {
            for width in [1, 2, 4, 20] {
                let mut out = String::new();
                super::push_decimal(&mut out, number, width);
                assert_eq!(out, format!("{number:0width$}"));
            }
        }
    }
}
