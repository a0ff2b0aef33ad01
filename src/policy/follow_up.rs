//! When a follow-up promised at wrap-up is due, as the agent types it: `tomorrow 10:00`,
//! `friday 2pm`, `in 3 days`, `2026-11-24 10:00`. Times are wall-clock times in the time zone
//! of `now` (the agent's); a time that a daylight-saving change skips moves forward by the
//! length of the gap, and a time that happens twice means the first of the two.

use jiff::civil::{Date, Time, Weekday, time};
use jiff::{Span, Timestamp, Zoned};

/// What a day without a time means.
const START_OF_DAY: Time = time(9, 0, 0, 0);

/// The forms the field accepts, as examples.
const FORMS: &str = "tomorrow 10:00, today 15:30, friday 14:00, 10:00, 3:30pm, in 2h, \
    in 30m, in 3 days, 2026-11-24 10:00 or 2026-11-24";

/// Reads when a follow-up is due. `now` gives both the present moment and the time zone the
/// wall-clock forms are read in. The error is a sentence to show next to the field.
///
/// Accepted: `today 15:30`; `tomorrow` (09:00) or `tomorrow 10:00`; a weekday, full or
/// short, with or without a time (`mon 9:00`, `friday 14:00`; the next such day, today only
/// if that time is still ahead); `in 2h`, `in 30m`, `in 3 days`, `in 1 week`, `in an hour`; a
/// date `2026-11-24` (09:00) with or without a time (`2026-11-24 10:00`,
/// `2026-11-24T10:00`); an RFC 3339 moment with its offset; a time alone (`10:00`, today if
/// still ahead, else tomorrow). Times are 24-hour (`14:30`) or 12-hour (`10am`, `3:30 pm`),
/// and `noon`. Case does not matter, and `at` or `on` may be put in (`on friday at 2pm`).
pub fn parse_due(text: &str, now: Zoned) -> Result<Timestamp, String> {
    let wanted = text.trim();
    if wanted.is_empty() {
        return Err(format!(
            "Say when the follow-up is due, for example {FORMS}."
        ));
    }
    let due = match wanted.parse::<Timestamp>() {
        Ok(exact) => exact.to_zoned(now.time_zone().clone()),
        Err(_) => wall_clock(wanted, &now)?,
    };
    if due.timestamp() <= now.timestamp() {
        return Err(format!(
            "{} has already passed; a follow-up must be due later.",
            due.strftime("%a %Y-%m-%d %H:%M")
        ));
    }
    Ok(due.timestamp())
}

/// The day part of what was typed.
enum Day {
    Today,
    Tomorrow,
    /// The next such weekday, or today if the time is still ahead.
    Next(Weekday),
    On(Date),
    /// Today if the time is still ahead, else tomorrow.
    Soonest,
}

fn wall_clock(wanted: &str, now: &Zoned) -> Result<Zoned, String> {
    let lower = wanted.to_lowercase();
    let words: Vec<&str> = lower
        .split_whitespace()
        .map(|w| w.trim_matches(','))
        .filter(|w| !matches!(*w, "" | "at" | "on"))
        .collect();
    if words.first() == Some(&"in") {
        return later(&words[1..], wanted, now);
    }
    let first = words.first().copied().unwrap_or_default();
    let after_first = words.get(1..).unwrap_or_default().concat();
    let (day, clock) = if first == "today" {
        (Day::Today, after_first)
    } else if matches!(first, "tomorrow" | "tmrw" | "tmr") {
        (Day::Tomorrow, after_first)
    } else if let Some(weekday) = weekday(first) {
        (Day::Next(weekday), after_first)
    } else if first.len() >= 8 && first.bytes().take(4).all(|b| b.is_ascii_digit()) {
        // An ISO date, perhaps with its time after a `T`.
        let (date, clock) = first.split_once('t').unwrap_or((first, ""));
        let date = date
            .parse::<Date>()
            .map_err(|_| format!("“{date}” is not a date; write dates as 2026-11-24."))?;
        (Day::On(date), format!("{clock}{after_first}"))
    } else {
        (Day::Soonest, words.concat())
    };
    let clock = if clock.is_empty() {
        None
    } else {
        Some(time_of_day(&clock, wanted)?)
    };
    let today = now.date();
    let on = |date: Date, clock: Time| -> Result<Zoned, String> {
        date.to_datetime(clock)
            .to_zoned(now.time_zone().clone())
            .map_err(|_| too_far())
    };
    let tomorrow = || today.tomorrow().map_err(|_| too_far());
    match (day, clock) {
        (Day::Today, Some(clock)) => on(today, clock),
        (Day::Today, None) => Err("Say what time today, for example today 15:30.".to_string()),
        (Day::Tomorrow, clock) => on(tomorrow()?, clock.unwrap_or(START_OF_DAY)),
        (Day::Next(weekday), clock) => {
            let clock = clock.unwrap_or(START_OF_DAY);
            let this_day = on(today, clock)?;
            if today.weekday() == weekday && this_day > *now {
                return Ok(this_day);
            }
            let date = today.nth_weekday(1, weekday).map_err(|_| too_far())?;
            on(date, clock)
        }
        (Day::On(date), clock) => on(date, clock.unwrap_or(START_OF_DAY)),
        (Day::Soonest, Some(clock)) => {
            let this_day = on(today, clock)?;
            if this_day > *now {
                Ok(this_day)
            } else {
                on(tomorrow()?, clock)
            }
        }
        (Day::Soonest, None) => Err(not_understood(wanted)),
    }
}

fn weekday(word: &str) -> Option<Weekday> {
    Some(match word {
        "mon" | "monday" => Weekday::Monday,
        "tue" | "tues" | "tuesday" => Weekday::Tuesday,
        "wed" | "weds" | "wednesday" => Weekday::Wednesday,
        "thu" | "thur" | "thurs" | "thursday" => Weekday::Thursday,
        "fri" | "friday" => Weekday::Friday,
        "sat" | "saturday" => Weekday::Saturday,
        "sun" | "sunday" => Weekday::Sunday,
        _ => return None,
    })
}

/// `in 2h`, `in 30 min`, `in 3 days`, `in a week`: counted from now. Days and weeks are
/// calendar days, so `in 1 day` keeps the time of day across a daylight-saving change.
fn later(words: &[&str], wanted: &str, now: &Zoned) -> Result<Zoned, String> {
    let amount = match words.first() {
        Some(&("a" | "an")) => format!("1{}", words[1..].concat()),
        _ => words.concat(),
    };
    let split = amount
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(amount.len());
    let (count, unit) = amount.split_at(split);
    let count: i64 = count.parse().map_err(|_| not_understood(wanted))?;
    let span = match unit {
        "m" | "min" | "mins" | "minute" | "minutes" => Span::new().try_minutes(count),
        "h" | "hr" | "hrs" | "hour" | "hours" => Span::new().try_hours(count),
        "d" | "day" | "days" => Span::new().try_days(count),
        "w" | "wk" | "week" | "weeks" => Span::new().try_weeks(count),
        _ => return Err(not_understood(wanted)),
    }
    .map_err(|_| too_far())?;
    now.checked_add(span).map_err(|_| too_far())
}

/// Morning or afternoon, for 12-hour times.
#[derive(Clone, Copy)]
enum Half {
    Morning,
    Afternoon,
}

/// `14:30`, `9:00`, `10am`, `3:30pm`, `3:30p.m.`, `noon` (spaces already removed).
fn time_of_day(clock: &str, wanted: &str) -> Result<Time, String> {
    if matches!(clock, "noon" | "midday") {
        return Ok(time(12, 0, 0, 0));
    }
    let (digits, half) = if let Some(d) = clock
        .strip_suffix("am")
        .or_else(|| clock.strip_suffix("a.m."))
    {
        (d, Some(Half::Morning))
    } else if let Some(d) = clock
        .strip_suffix("pm")
        .or_else(|| clock.strip_suffix("p.m."))
    {
        (d, Some(Half::Afternoon))
    } else {
        (clock, None)
    };
    let (hour, minute) = match digits.split_once(':') {
        Some((hour, minute)) => (hour, Some(minute)),
        // A bare number ("tomorrow 10") could be meant either way; ask for a clock time.
        None if half.is_none() => return Err(not_understood(wanted)),
        None => (digits, None),
    };
    let number = |s: &str, width: std::ops::RangeInclusive<usize>| {
        (width.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<i8>().ok())
            .flatten()
    };
    let (Some(hour), Some(minute)) = (
        number(hour, 1..=2),
        minute.map_or(Some(0), |m| number(m, 2..=2)),
    ) else {
        return Err(not_understood(wanted));
    };
    let not_a_time = || format!("“{clock}” is not a time of day; write 14:30 or 2:30pm.");
    let hour = match half {
        Some(_) if !(1..=12).contains(&hour) => return Err(not_a_time()),
        Some(Half::Morning) => hour % 12,
        Some(Half::Afternoon) => hour % 12 + 12,
        None => hour,
    };
    Time::new(hour, minute, 0, 0).map_err(|_| not_a_time())
}

fn not_understood(wanted: &str) -> String {
    format!("“{wanted}” is not a time this field understands; try {FORMS}.")
}

fn too_far() -> String {
    "That is too far ahead for a follow-up.".to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;
    use jiff::tz::TimeZone;

    /// Lisbon's rules (WET/WEST), from the rule itself so no time zone database is needed.
    const LISBON: &str = "WET0WEST,M3.5.0/1,M10.5.0";
    /// New York's rules (EST/EDT).
    const NEW_YORK: &str = "EST5EDT,M3.2.0,M11.1.0";

    fn wall(rules: &str, y: i16, mo: i8, d: i8, h: i8, mi: i8) -> Zoned {
        let tz = TimeZone::posix(rules).expect("valid rules");
        date(y, mo, d)
            .at(h, mi, 0, 0)
            .to_zoned(tz)
            .expect("a moment")
    }

    /// Monday 2026-11-23 14:00 in Lisbon, where November is UTC+0.
    fn monday_afternoon() -> Zoned {
        wall(LISBON, 2026, 11, 23, 14, 0)
    }

    fn utc(text: &str) -> Timestamp {
        text.parse().expect("a timestamp")
    }

    fn due(text: &str) -> Timestamp {
        parse_due(text, monday_afternoon()).unwrap_or_else(|e| panic!("{text:?}: {e}"))
    }

    fn refused(text: &str) -> String {
        parse_due(text, monday_afternoon()).expect_err(text)
    }

    #[test]
    fn today_and_tomorrow() {
        assert_eq!(due("tomorrow 10:00"), utc("2026-11-24T10:00Z"));
        assert_eq!(due("today 15:30"), utc("2026-11-23T15:30Z"));
        assert_eq!(due("tomorrow"), utc("2026-11-24T09:00Z"));
        assert_eq!(due("TOMORROW at 10AM"), utc("2026-11-24T10:00Z"));
        assert!(refused("today").contains("what time today"));
    }

    #[test]
    fn weekdays_are_the_next_such_day_or_today_while_the_time_is_ahead() {
        assert_eq!(due("friday 14:00"), utc("2026-11-27T14:00Z"));
        assert_eq!(due("fri"), utc("2026-11-27T09:00Z"));
        assert_eq!(due("on Friday, 2pm"), utc("2026-11-27T14:00Z"));
        // Monday: 16:00 is still ahead today, 9:00 is not.
        assert_eq!(due("mon 16:00"), utc("2026-11-23T16:00Z"));
        assert_eq!(due("mon 9:00"), utc("2026-11-30T09:00Z"));
        assert_eq!(due("monday"), utc("2026-11-30T09:00Z"));
        assert_eq!(due("sun 8:15"), utc("2026-11-29T08:15Z"));
    }

    #[test]
    fn durations_count_from_now() {
        assert_eq!(due("in 2h"), utc("2026-11-23T16:00Z"));
        assert_eq!(due("in 30m"), utc("2026-11-23T14:30Z"));
        assert_eq!(due("in 90 minutes"), utc("2026-11-23T15:30Z"));
        assert_eq!(due("in 3 days"), utc("2026-11-26T14:00Z"));
        assert_eq!(due("in an hour"), utc("2026-11-23T15:00Z"));
        assert_eq!(due("in 1 week"), utc("2026-11-30T14:00Z"));
        assert!(refused("in 0h").contains("already passed"));
        assert!(refused("in 2 fortnights").contains("not a time"));
        assert!(refused("in soon").contains("not a time"));
    }

    #[test]
    fn dates_with_and_without_a_time() {
        assert_eq!(due("2026-11-24 10:00"), utc("2026-11-24T10:00Z"));
        assert_eq!(due("2026-11-24T10:00"), utc("2026-11-24T10:00Z"));
        assert_eq!(due("2026-11-24"), utc("2026-11-24T09:00Z"));
        assert_eq!(due("2026-11-24 3:30pm"), utc("2026-11-24T15:30Z"));
        assert!(refused("2026-02-30").contains("is not a date"));
    }

    #[test]
    fn rfc_3339_moments_keep_their_offset() {
        assert_eq!(due("2026-11-24T10:00:00+01:00"), utc("2026-11-24T09:00Z"));
        assert_eq!(due("2026-11-24T10:00:00Z"), utc("2026-11-24T10:00Z"));
        assert!(refused("2026-11-23T14:30:00+01:00").contains("already passed"));
    }

    #[test]
    fn a_time_alone_is_today_if_ahead_else_tomorrow() {
        assert_eq!(due("16:00"), utc("2026-11-23T16:00Z"));
        assert_eq!(due("10:00"), utc("2026-11-24T10:00Z"));
        assert_eq!(due("14:00"), utc("2026-11-24T14:00Z"));
        assert_eq!(due("noon"), utc("2026-11-24T12:00Z"));
    }

    #[test]
    fn twelve_hour_times() {
        assert_eq!(due("10am"), utc("2026-11-24T10:00Z"));
        assert_eq!(due("3:30pm"), utc("2026-11-23T15:30Z"));
        assert_eq!(due("tomorrow 3 pm"), utc("2026-11-24T15:00Z"));
        assert_eq!(due("tomorrow 12am"), utc("2026-11-24T00:00Z"));
        assert_eq!(due("tomorrow 12pm"), utc("2026-11-24T12:00Z"));
        assert_eq!(due("tomorrow 9:45 a.m."), utc("2026-11-24T09:45Z"));
        assert!(refused("tomorrow 13pm").contains("not a time of day"));
        assert!(refused("tomorrow 0am").contains("not a time of day"));
    }

    #[test]
    fn impossible_and_ambiguous_clock_times_are_refused() {
        assert!(refused("tomorrow 25:00").contains("“25:00” is not a time of day"));
        assert!(refused("tomorrow 10:75").contains("not a time of day"));
        // "10" alone could be morning or evening, or an amount of something.
        assert!(refused("tomorrow 10").contains("not a time this field understands"));
        assert!(refused("tomorrow 10:0").contains("not a time this field understands"));
    }

    #[test]
    fn moments_in_the_past_are_refused_with_the_moment_named() {
        assert_eq!(
            refused("2026-11-20 10:00"),
            "Fri 2026-11-20 10:00 has already passed; a follow-up must be due later."
        );
        assert!(refused("today 9:00").contains("already passed"));
    }

    #[test]
    fn garbage_and_nothing_get_the_accepted_forms() {
        for text in [
            "whenever",
            "next week-ish",
            "friday blah",
            "12/11",
            "aé€€ tomorrow",
        ] {
            let sentence = refused(text);
            assert!(sentence.starts_with(&format!("“{text}”")), "{sentence}");
            for form in [
                "tomorrow 10:00",
                "friday 14:00",
                "in 2h",
                "2026-11-24 10:00",
            ] {
                assert!(sentence.contains(form), "{sentence}");
            }
            assert!(sentence.ends_with('.'));
        }
        assert!(refused("   ").starts_with("Say when the follow-up is due"));
    }

    #[test]
    fn a_skipped_hour_moves_forward_and_calendar_days_keep_the_time() {
        // Saturday 2026-03-07 10:00 EST; the clocks skip 02:00–03:00 on Sunday 2026-03-08.
        let now = wall(NEW_YORK, 2026, 3, 7, 10, 0);
        let at = |text: &str| parse_due(text, now.clone()).unwrap();
        assert_eq!(at("tomorrow 2:30"), utc("2026-03-08T07:30Z"), "03:30 EDT");
        assert_eq!(at("tomorrow 10:00"), utc("2026-03-08T14:00Z"), "10:00 EDT");
        assert_eq!(at("in 1 day"), utc("2026-03-08T14:00Z"));
        assert_eq!(at("in 24h"), utc("2026-03-08T15:00Z"), "11:00 EDT");
        assert_eq!(at("sun"), utc("2026-03-08T13:00Z"), "09:00 EDT");
    }

    #[test]
    fn a_repeated_hour_means_the_first_one() {
        // Saturday 2026-10-31 12:00 EDT; 01:00–02:00 happens twice on Sunday 2026-11-01.
        let now = wall(NEW_YORK, 2026, 10, 31, 12, 0);
        let at = |text: &str| parse_due(text, now.clone()).unwrap();
        assert_eq!(at("tomorrow 1:30"), utc("2026-11-01T05:30Z"), "01:30 EDT");
        assert_eq!(at("tomorrow 9:00"), utc("2026-11-01T14:00Z"), "09:00 EST");
    }

    #[test]
    fn lisbon_springs_forward_too() {
        // Saturday 2026-03-28 18:00 WET; on Sunday 01:00 becomes 02:00 WEST.
        let now = wall(LISBON, 2026, 3, 28, 18, 0);
        let at = |text: &str| parse_due(text, now.clone()).unwrap();
        assert_eq!(at("tomorrow 1:30"), utc("2026-03-29T01:30Z"), "02:30 WEST");
        assert_eq!(at("2026-03-29 10:00"), utc("2026-03-29T09:00Z"));
    }
}
