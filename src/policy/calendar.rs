//! Which days the weekday channels are staffed. On Saturdays, Sundays and the holidays of
//! `assets/holidays.toml` every escalation goes to the weekend channel instead. The day is the
//! one on the calendar where the team works (the backend's time zone), not UTC's: Friday
//! 23:30 UTC is already Saturday in Asia and still Friday afternoon in Chicago.

use jiff::Timestamp;
use jiff::civil::{Date, Weekday};
use jiff::tz::TimeZone;

/// A day off everywhere on the team.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Holiday {
    pub date: Date,
    /// e.g. "Independence Day".
    pub name: String,
}

/// Why a day is not a working day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DayOff {
    Weekend(Weekday),
    /// The holiday's name.
    Holiday(String),
}

/// The date on the team's calendar at `at`.
pub fn local_date(at: Timestamp, zone: &TimeZone) -> Date {
    at.to_zoned(zone.clone()).date()
}

/// Whether `at` falls on a weekend or a holiday in `zone`, and which.
pub fn day_off(at: Timestamp, zone: &TimeZone, holidays: &[Holiday]) -> Option<DayOff> {
    let date = local_date(at, zone);
    if let Some(holiday) = holidays.iter().find(|h| h.date == date) {
        return Some(DayOff::Holiday(holiday.name.clone()));
    }
    match date.weekday() {
        day @ (Weekday::Saturday | Weekday::Sunday) => Some(DayOff::Weekend(day)),
        _ => None,
    }
}

/// The channel an escalation sent at `at` goes to: `weekday_channel` on working days, else
/// `weekend_channel`.
pub fn channel_at<'a>(
    at: Timestamp,
    zone: &TimeZone,
    holidays: &[Holiday],
    weekday_channel: &'a str,
    weekend_channel: &'a str,
) -> &'a str {
    match day_off(at, zone, holidays) {
        Some(_) => weekend_channel,
        None => weekday_channel,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn at(text: &str) -> Timestamp {
        text.parse().expect("a timestamp")
    }

    fn zone(name: &str) -> TimeZone {
        TimeZone::get(name).expect("a known zone")
    }

    fn independence_day() -> Vec<Holiday> {
        vec![Holiday {
            date: date(2026, 7, 3),
            name: "Independence Day (observed)".to_string(),
        }]
    }

    #[test]
    fn a_weekday_goes_to_the_templates_channel() {
        // Wednesday 2026-03-11, mid-morning in Chicago.
        let now = at("2026-03-11T15:00:00Z");
        assert_eq!(day_off(now, &zone("America/Chicago"), &[]), None);
        assert_eq!(
            channel_at(now, &zone("America/Chicago"), &[], "credits", "weekend"),
            "credits"
        );
    }

    #[test]
    fn friday_night_utc_is_saturday_further_east_and_friday_in_chicago() {
        // Friday 2026-03-13 23:30 UTC.
        let now = at("2026-03-13T23:30:00Z");
        assert_eq!(day_off(now, &TimeZone::UTC, &[]), None);
        assert_eq!(day_off(now, &zone("America/Chicago"), &[]), None);
        assert_eq!(
            day_off(now, &zone("Asia/Tokyo"), &[]),
            Some(DayOff::Weekend(Weekday::Saturday))
        );
        assert_eq!(
            channel_at(now, &zone("Asia/Tokyo"), &[], "leadership", "weekend"),
            "weekend"
        );
        assert_eq!(
            channel_at(now, &zone("America/Chicago"), &[], "leadership", "weekend"),
            "leadership"
        );
    }

    #[test]
    fn sunday_evening_in_chicago_is_monday_in_utc() {
        // Sunday 2026-03-15 20:00 in Chicago (CDT, UTC-5) is Monday 01:00 UTC.
        let now = at("2026-03-16T01:00:00Z");
        assert_eq!(
            day_off(now, &zone("America/Chicago"), &[]),
            Some(DayOff::Weekend(Weekday::Sunday))
        );
        assert_eq!(day_off(now, &TimeZone::UTC, &[]), None);
    }

    #[test]
    fn a_holiday_goes_to_the_weekend_channel() {
        // Friday 2026-07-03, a working day but for the holiday.
        let now = at("2026-07-03T16:00:00Z");
        let chicago = zone("America/Chicago");
        assert_eq!(
            day_off(now, &chicago, &independence_day()),
            Some(DayOff::Holiday("Independence Day (observed)".to_string()))
        );
        assert_eq!(
            channel_at(now, &chicago, &independence_day(), "leadership", "weekend"),
            "weekend"
        );
        // The holiday is over at midnight in Chicago, though it is still the 3rd in Honolulu
        // for a few hours more.
        let after = at("2026-07-04T05:30:00Z");
        assert_eq!(
            day_off(after, &chicago, &independence_day()),
            Some(DayOff::Weekend(Weekday::Saturday))
        );
        assert!(matches!(
            day_off(after, &zone("Pacific/Honolulu"), &independence_day()),
            Some(DayOff::Holiday(_))
        ));
        let thursday = at("2026-07-02T16:00:00Z");
        assert_eq!(day_off(thursday, &chicago, &independence_day()), None);
    }
}
