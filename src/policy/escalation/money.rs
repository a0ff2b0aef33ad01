//! Amounts of money as agents type them: `$0`, `0.00`, `$1,250.00`, `-$12.50`, `$-12.50` or
//! `($12.50)` for a credit. Kept in whole cents.

/// Most digits before the decimal point (a trillion dollars is plenty).
const MAX_DOLLAR_DIGITS: usize = 12;

/// The amount in cents, negative for a credit; `None` when the text is not an amount.
pub fn parse_money(text: &str) -> Option<i64> {
    let mut rest = text.trim();
    let mut negative = false;
    if let Some(inner) = rest.strip_prefix('(').and_then(|r| r.strip_suffix(')')) {
        negative = true;
        rest = inner.trim();
    }
    let signed_before = take_sign(&mut rest);
    let had_dollar = match rest.strip_prefix('$') {
        Some(after) => {
            rest = after.trim_start();
            true
        }
        None => false,
    };
    let signed_after = if had_dollar && signed_before.is_none() {
        take_sign(&mut rest)
    } else {
        None
    };
    let sign = signed_before.or(signed_after);
    if negative && sign.is_some() {
        return None;
    }
    negative |= sign == Some(true);
    let (dollars, cents) = match rest.split_once('.') {
        Some((dollars, cents)) => (dollars, Some(cents)),
        None => (rest, None),
    };
    let dollars = whole_dollars(dollars)?;
    let cents = match cents {
        None => 0,
        Some(c) if (1..=2).contains(&c.len()) && c.bytes().all(|b| b.is_ascii_digit()) => {
            let value: i64 = c.parse().ok()?;
            if c.len() == 1 { value * 10 } else { value }
        }
        Some(_) => return None,
    };
    let total = dollars.checked_mul(100)?.checked_add(cents)?;
    Some(if negative { -total } else { total })
}

/// A leading `-` (or `−`) or `+`, taken off `rest`: `Some(true)` for a minus.
fn take_sign(rest: &mut &str) -> Option<bool> {
    for (sign, is_negative) in [("-", true), ("\u{2212}", true), ("+", false)] {
        if let Some(after) = rest.strip_prefix(sign) {
            *rest = after.trim_start();
            return Some(is_negative);
        }
    }
    None
}

/// Digits, optionally grouped by commas in threes (`1,250`).
fn whole_dollars(text: &str) -> Option<i64> {
    if text.is_empty() {
        return None;
    }
    let groups: Vec<&str> = text.split(',').collect();
    let grouped_well = groups.len() == 1
        || (!groups[0].is_empty()
            && groups[0].len() <= 3
            && groups[1..].iter().all(|g| g.len() == 3));
    let digits: String = groups.concat();
    if !grouped_well
        || digits.len() > MAX_DOLLAR_DIGITS
        || !digits.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    digits.parse().ok()
}

/// Cents as `$12.50` or `-$12.50`.
pub fn format_money(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let cents = cents.unsigned_abs();
    format!("{sign}${}.{:02}", cents / 100, cents % 100)
}
