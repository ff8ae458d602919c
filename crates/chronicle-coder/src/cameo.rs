//! CAMEO codes → GDELT's quad class and a Goldstein-style intensity.

/// GDELT's quad class of a CAMEO code, from its two-digit root:
/// 1 verbal cooperation (01–05), 2 material cooperation (06–08),
/// 3 verbal conflict (09–13), 4 material conflict (14–20).
pub fn quad_class(cameo: &str) -> Option<u8> {
    let root: u8 = cameo.get(..2)?.parse().ok()?;
    match root {
        1..=5 => Some(1),
        6..=8 => Some(2),
        9..=13 => Some(3),
        14..=20 => Some(4),
        _ => None,
    }
}

/// The Goldstein-scale weight of a CAMEO root (-10 most conflictual, +10 most
/// cooperative), as GDELT assigns it to root-level events.
pub fn goldstein(cameo: &str) -> Option<f64> {
    let root: u8 = cameo.get(..2)?.parse().ok()?;
    Some(match root {
        1 => 0.0,
        2 => 3.0,
        3 => 4.0,
        4 => 1.0,
        5 => 3.5,
        6 => 6.0,
        7 => 7.0,
        8 => 5.0,
        9 => -2.0,
        10 => -5.0,
        11 => -2.0,
        12 => -4.0,
        13 => -6.0,
        14 => -6.5,
        15 => -7.2,
        16 => -4.0,
        17 => -7.0,
        18 => -9.0,
        19 => -10.0,
        20 => -10.0,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roots_map_to_quad_classes() {
        assert_eq!(quad_class("0234"), Some(1));
        assert_eq!(quad_class("071"), Some(2));
        assert_eq!(quad_class("112"), Some(3));
        assert_eq!(quad_class("190"), Some(4));
        assert_eq!(quad_class("9"), None);
        assert_eq!(goldstein("195"), Some(-10.0));
    }
}
