//! Points on the Earth: distances and offsets, for the resolver (how far a
//! candidate is from the text's other places), the linker (how far two
//! reports' places are) and learned places ("30 km north of Dori").

/// Mean Earth radius (IUGG), in kilometres.
const EARTH_RADIUS_KM: f64 = 6371.0088;

/// Great-circle distance in kilometres.
pub fn haversine_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = (lat2 - lat1).to_radians();
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_KM * a.sqrt().min(1.0).asin()
}

/// The point `km` kilometres from (`lat`, `lon`) on the initial bearing
/// `bearing` (degrees clockwise from north), as (latitude, longitude).
pub fn offset(lat: f64, lon: f64, km: f64, bearing: f64) -> (f64, f64) {
    let d = km / EARTH_RADIUS_KM;
    let (p1, l1, b) = (lat.to_radians(), lon.to_radians(), bearing.to_radians());
    let p2 = (p1.sin() * d.cos() + p1.cos() * d.sin() * b.cos()).asin();
    let l2 = l1 + (b.sin() * d.sin() * p1.cos()).atan2(d.cos() - p1.sin() * p2.sin());
    // Back into -180..180.
    let lon2 = (l2.to_degrees() + 540.0).rem_euclid(360.0) - 180.0;
    (p2.to_degrees(), lon2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paris_to_london_is_about_344_km() {
        let d = haversine_km(48.8566, 2.3522, 51.5074, -0.1278);
        assert!((d - 343.5).abs() < 2.0, "{d}");
    }

    #[test]
    fn an_offset_lands_at_its_distance_and_on_its_side() {
        let (lat, lon) = (14.035, -0.034);
        let (n_lat, n_lon) = offset(lat, lon, 30.0, 0.0);
        assert!(n_lat > lat && (n_lon - lon).abs() < 1e-9);
        assert!((haversine_km(lat, lon, n_lat, n_lon) - 30.0).abs() < 0.01);
        let (w_lat, w_lon) = offset(lat, lon, 45.0, 270.0);
        assert!(w_lon < lon && (w_lat - lat).abs() < 0.01);
        assert!((haversine_km(lat, lon, w_lat, w_lon) - 45.0).abs() < 0.01);
        // Across the antimeridian the longitude wraps.
        let (_, e_lon) = offset(0.0, 179.9, 50.0, 90.0);
        assert!(e_lon < -179.0, "{e_lon}");
    }
}
