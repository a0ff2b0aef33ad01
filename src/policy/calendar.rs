//! Which days the weekday channels are staffed. On the weekend days (Saturday and Sunday unless
//! `holidays.toml` names others) and the holidays of `holidays.toml` every escalation goes to
//! the weekend channel instead. The day is the
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

/// The weekend when the team's calendar names none: Saturday and Sunday.
pub const USUAL_WEEKEND: [Weekday; 2] = [Weekday::Saturday, Weekday::Sunday];

/// The team's calendar: the zone its days are counted in, the days of the week it does not
/// work, and its holidays.
#[derive(Debug, Clone, PartialEq)]
pub struct TeamCalendar {
    pub zone: TimeZone,
    pub weekend: Vec<Weekday>,
    pub holidays: Vec<Holiday>,
}

impl TeamCalendar {
    /// Saturday and Sunday off, no holidays.
    pub fn usual(zone: TimeZone) -> TeamCalendar {
        TeamCalendar {
            zone,
            weekend: USUAL_WEEKEND.to_vec(),
            holidays: Vec::new(),
        }
    }

    pub fn with_holidays(self, holidays: Vec<Holiday>) -> TeamCalendar {
        TeamCalendar { holidays, ..self }
    }

    pub fn with_weekend(self, weekend: Vec<Weekday>) -> TeamCalendar {
        TeamCalendar { weekend, ..self }
    }

    /// Whether `at` falls on a weekend day or a holiday of the team's, and which.
    pub fn day_off(&self, at: Timestamp) -> Option<DayOff> {
        let date = local_date(at, &self.zone);
        if let Some(holiday) = self.holidays.iter().find(|h| h.date == date) {
            return Some(DayOff::Holiday(holiday.name.clone()));
        }
        let day = date.weekday();
        self.weekend.contains(&day).then_some(DayOff::Weekend(day))
    }

    /// The channel an escalation sent at `at` goes to: `weekday_channel` on working days,
    /// else `weekend_channel`.
    pub fn channel_at<'a>(
        &self,
        at: Timestamp,
        weekday_channel: &'a str,
        weekend_channel: &'a str,
    ) -> &'a str {
        match self.day_off(at) {
            Some(_) => weekend_channel,
            None => weekday_channel,
        }
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
        assert_eq!(
            TeamCalendar::usual(zone("America/Chicago")).day_off(now),
            None
        );
        assert_eq!(
            TeamCalendar::usual(zone("America/Chicago")).channel_at(now, "credits", "weekend"),
            "credits"
        );
    }

    #[test]
    fn friday_night_utc_is_saturday_further_east_and_friday_in_chicago() {
        // Friday 2026-03-13 23:30 UTC.
        let now = at("2026-03-13T23:30:00Z");
        assert_eq!(TeamCalendar::usual(TimeZone::UTC).day_off(now), None);
        assert_eq!(
            TeamCalendar::usual(zone("America/Chicago")).day_off(now),
            None
        );
        assert_eq!(
            TeamCalendar::usual(zone("Asia/Tokyo")).day_off(now),
            Some(DayOff::Weekend(Weekday::Saturday))
        );
        assert_eq!(
            TeamCalendar::usual(zone("Asia/Tokyo")).channel_at(now, "leadership", "weekend"),
            "weekend"
        );
        assert_eq!(
            TeamCalendar::usual(zone("America/Chicago")).channel_at(now, "leadership", "weekend"),
            "leadership"
        );
    }

    #[test]
    fn sunday_evening_in_chicago_is_monday_in_utc() {
        // Sunday 2026-03-15 20:00 in Chicago (CDT, UTC-5) is Monday 01:00 UTC.
        let now = at("2026-03-16T01:00:00Z");
        assert_eq!(
            TeamCalendar::usual(zone("America/Chicago")).day_off(now),
            Some(DayOff::Weekend(Weekday::Sunday))
        );
        assert_eq!(TeamCalendar::usual(TimeZone::UTC).day_off(now), None);
    }

    #[test]
    fn a_holiday_goes_to_the_weekend_channel() {
        // Friday 2026-07-03, a working day but for the holiday.
        let now = at("2026-07-03T16:00:00Z");
        let chicago = zone("America/Chicago");
        assert_eq!(
            TeamCalendar::usual(chicago.clone())
                .with_holidays(independence_day())
                .day_off(now),
            Some(DayOff::Holiday("Independence Day (observed)".to_string()))
        );
        assert_eq!(
            TeamCalendar::usual(chicago.clone())
                .with_holidays(independence_day())
                .channel_at(now, "leadership", "weekend"),
            "weekend"
        );
        // The holiday is over at midnight in Chicago, though it is still the 3rd in Honolulu
        // for a few hours more.
        let after = at("2026-07-04T05:30:00Z");
        assert_eq!(
            TeamCalendar::usual(chicago.clone())
                .with_holidays(independence_day())
                .day_off(after),
            Some(DayOff::Weekend(Weekday::Saturday))
        );
        assert!(matches!(
            TeamCalendar::usual(zone("Pacific/Honolulu"))
                .with_holidays(independence_day())
                .day_off(after),
            Some(DayOff::Holiday(_))
        ));
        let thursday = at("2026-07-02T16:00:00Z");
        assert_eq!(
            TeamCalendar::usual(chicago.clone())
                .with_holidays(independence_day())
                .day_off(thursday),
            None
        );
    }

    #[test]
    fn the_weekend_is_whatever_the_team_says() {
        // Wednesday 2026-03-11 and Saturday 2026-03-14, noon UTC.
        let (wednesday, saturday) = (at("2026-03-11T12:00:00Z"), at("2026-03-14T12:00:00Z"));
        let midweek = TeamCalendar::usual(TimeZone::UTC).with_weekend(vec![Weekday::Wednesday]);
        assert_eq!(
            midweek.day_off(wednesday),
            Some(DayOff::Weekend(Weekday::Wednesday))
        );
        assert_eq!(midweek.day_off(saturday), None);
        let every_day_worked = TeamCalendar::usual(TimeZone::UTC).with_weekend(Vec::new());
        assert_eq!(every_day_worked.day_off(saturday), None);
    }
}
