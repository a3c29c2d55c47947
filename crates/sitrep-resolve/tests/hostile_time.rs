//! Time expressions at the limits of their types (issue 19, found by the
//! `time_resolve` fuzz target): counts, offsets and years read from a text
//! may be any size, and resolving them must give no interval, not a panic
//! (jiff's `days()` and `months()` panic on spans past its calendar, and
//! i16/i32 arithmetic on years and offsets overflowed).

use jiff::civil::Date;
use sitrep_annotate::time::{Feast, TimeExpr, Unit};
use sitrep_resolve::time::resolve;

fn published() -> Option<Date> {
    Some(Date::constant(2024, 3, 15))
}

#[track_caller]
fn nothing(expr: TimeExpr) {
    assert_eq!(resolve(&expr, published(), None), None, "{expr:?}");
}

#[test]
fn days_from_the_publication_past_the_calendar() {
    nothing(TimeExpr::RelativeDay(i32::MAX));
    nothing(TimeExpr::RelativeDay(i32::MIN));
    nothing(TimeExpr::AnaphoricDay(i32::MAX));
    nothing(TimeExpr::AnaphoricDay(-8_000_000));
}

#[test]
fn periods_far_from_the_publication() {
    for unit in [
        Unit::Day,
        Unit::WorkWeek,
        Unit::Week,
        Unit::Fortnight,
        Unit::Weekend,
        Unit::Month,
        Unit::Quarter,
        Unit::Year,
        Unit::Decade,
    ] {
        for offset in [i32::MAX, i32::MIN, 8_000_000, -8_000_000] {
            nothing(TimeExpr::Period {
                unit,
                offset,
                part: None,
            });
        }
    }
    // Decades 3,300 from 2024 are past year 32767.
    nothing(TimeExpr::Period {
        unit: Unit::Decade,
        offset: 3_300,
        part: None,
    });
}

#[test]
fn centuries_and_decades_past_a_year_number() {
    nothing(TimeExpr::Century(i16::MIN));
    nothing(TimeExpr::Century(400));
    nothing(TimeExpr::Century(i16::MAX));
    nothing(TimeExpr::Decade(i16::MAX));
    nothing(TimeExpr::Decade(i16::MIN));
    nothing(TimeExpr::Decade(-32_000));
}

#[test]
fn an_islamic_feast_in_a_year_past_the_calendar() {
    nothing(TimeExpr::Feast {
        feast: Feast::Hijri { month: 10, day: 1 },
        year: Some(i16::MAX),
        shift: Default::default(),
    });
}
