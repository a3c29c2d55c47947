//! Time resolution (sitrep-resolve) of any expression the public
//! `TimeExpr` type can hold, not only those the recogniser writes today:
//! days 0-255, months 0-255, years and counts at their type's limits,
//! nested ranges, against any publication date jiff can hold.
#![no_main]

use jiff::civil::Date;
use jiff::ToSpan;
use libfuzzer_sys::arbitrary::{Result, Unstructured};
use libfuzzer_sys::fuzz_target;
use sitrep_annotate::time::{DateParts, Feast, Part, Shift, TimeExpr, TimeMention, Unit};
use sitrep_core::Span;

fn shift(u: &mut Unstructured) -> Result<Shift> {
    Ok(*u.choose(&[
        Shift::None,
        Shift::This,
        Shift::Last,
        Shift::Next,
        Shift::Before,
        Shift::After,
    ])?)
}

fn unit(u: &mut Unstructured) -> Result<Unit> {
    Ok(*u.choose(&[
        Unit::Hour,
        Unit::Day,
        Unit::BusinessDay,
        Unit::WorkWeek,
        Unit::Week,
        Unit::Weekend,
        Unit::Fortnight,
        Unit::Month,
        Unit::Quarter,
        Unit::Year,
        Unit::Decade,
    ])?)
}

fn part(u: &mut Unstructured) -> Result<Part> {
    Ok(match u.int_in_range(0..=12u8)? {
        0 => Part::Start,
        1 => Part::Mid,
        2 => Part::End,
        3 => Part::ToDate,
        4 => Part::Rest,
        5 => Part::Earlier,
        6 => Part::Later,
        7 => Part::Week(u.arbitrary()?),
        8 => Part::Weekday(u.arbitrary()?),
        9 => Part::Months(u.arbitrary()?, u.arbitrary()?),
        10 => Part::Nth(u.arbitrary()?, unit(u)?),
        11 => Part::Weekend,
        _ => Part::Lead {
            count: u.arbitrary()?,
            unit: unit(u)?,
            last: u.arbitrary()?,
        },
    })
}

fn feast(u: &mut Unstructured) -> Result<Feast> {
    Ok(match u.int_in_range(0..=2u8)? {
        0 => Feast::Easter(u.arbitrary()?),
        1 => Feast::NthWeekday {
            month: u.arbitrary()?,
            weekday: u.arbitrary()?,
            nth: u.arbitrary()?,
            offset: u.arbitrary()?,
        },
        _ => Feast::Hijri {
            month: u.arbitrary()?,
            day: u.arbitrary()?,
        },
    })
}

fn boxed(u: &mut Unstructured, depth: u8) -> Result<Box<TimeExpr>> {
    Ok(Box::new(expr(u, depth + 1)?))
}

fn expr(u: &mut Unstructured, depth: u8) -> Result<TimeExpr> {
    // Past a few levels only leaves, so that every input ends.
    let last = if depth >= 4 { 5 } else { 18u8 };
    Ok(match u.int_in_range(0..=last)? {
        0 => TimeExpr::Date(DateParts {
            day: u.arbitrary()?,
            month: u.arbitrary()?,
            year: u.arbitrary()?,
            weekday: u.arbitrary()?,
            shift: shift(u)?,
        }),
        1 => TimeExpr::Weekday {
            weekday: u.arbitrary()?,
            shift: shift(u)?,
        },
        2 => TimeExpr::RelativeDay(u.arbitrary()?),
        3 => TimeExpr::AnaphoricDay(u.arbitrary()?),
        4 => TimeExpr::Ago {
            count: u.arbitrary()?,
            unit: unit(u)?,
        },
        5 => TimeExpr::Period {
            unit: unit(u)?,
            offset: u.arbitrary()?,
            part: if u.arbitrary()? { Some(part(u)?) } else { None },
        },
        6 => TimeExpr::Season {
            first_month: u.arbitrary()?,
            last_month: u.arbitrary()?,
            shift: shift(u)?,
        },
        7 => TimeExpr::Feast {
            feast: feast(u)?,
            year: u.arbitrary()?,
            shift: shift(u)?,
        },
        8 => TimeExpr::SamePeriod(unit(u)?),
        9 => TimeExpr::About(boxed(u, depth)?),
        10 => TimeExpr::Lasting {
            count: u.arbitrary()?,
            unit: unit(u)?,
            from: boxed(u, depth)?,
        },
        11 => TimeExpr::Night {
            first: boxed(u, depth)?,
            second: if u.arbitrary()? {
                Some(boxed(u, depth)?)
            } else {
                None
            },
        },
        12 => TimeExpr::Range {
            from: boxed(u, depth)?,
            to: boxed(u, depth)?,
        },
        13 => {
            let n = u.int_in_range(0..=4)?;
            let mut v = Vec::with_capacity(n);
            for _ in 0..n {
                v.push(expr(u, depth + 1)?);
            }
            TimeExpr::List(v)
        }
        14 => TimeExpr::PartOf {
            part: part(u)?,
            of: boxed(u, depth)?,
        },
        15 => TimeExpr::Span {
            count: u.arbitrary()?,
            unit: unit(u)?,
            forward: u.arbitrary()?,
        },
        16 => TimeExpr::Century(u.arbitrary()?),
        17 => TimeExpr::Decade(u.arbitrary()?),
        _ => TimeExpr::Offset {
            count: u.arbitrary()?,
            unit: unit(u)?,
            forward: u.arbitrary()?,
            base: if u.arbitrary()? {
                Some(boxed(u, depth)?)
            } else {
                None
            },
        },
    })
}

fn input(u: &mut Unstructured) -> Result<(Option<Date>, Vec<TimeMention>)> {
    let published = match u.int_in_range(0..=2u8)? {
        0 => None,
        // Near today, where reports are.
        1 => Date::constant(1900, 1, 1)
            .checked_add(i64::from(u.arbitrary::<u16>()?).days())
            .ok(),
        // Anywhere jiff can count, its ends included.
        _ => {
            let days = Date::MIN.until(Date::MAX).expect("span").get_days();
            Date::MIN
                .checked_add(i64::from(u.int_in_range(0..=days)?).days())
                .ok()
        }
    };
    let n = u.int_in_range(1..=4)?;
    let mut mentions = Vec::with_capacity(n);
    for _ in 0..n {
        mentions.push(TimeMention {
            span: Span::new(0, 0),
            expr: expr(u, 0)?,
            future: u.arbitrary()?,
        });
    }
    Ok((published, mentions))
}

fuzz_target!(|data: &[u8]| {
    let Ok((published, mentions)) = input(&mut Unstructured::new(data)) else {
        return;
    };
    for i in sitrep_resolve::time::resolve_all(&mentions, published)
        .into_iter()
        .flatten()
    {
        assert!(i.start <= i.end, "interval {i:?} ends before it starts");
    }
});
