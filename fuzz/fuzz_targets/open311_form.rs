//! An Open311 call's parameters (a filing's form body or a listing's query string): any bytes
//! decode to parameters, then either to a filing and a listing filter or to a 4xx error, never
//! a panic. What passes is in range: pages within their limits, a point on the globe, answers
//! only for the category's attributes, each of its type.
#![no_main]
use libfuzzer_sys::fuzz_target;
use protocol::requests::{AttributeAnswer, AttributeDef};
use voix::requests::validate;
use voix::routes::open311::params::{Params, filing_of, list_filter, list_paging};
use voix::routes::open311::{MAX_PAGE, MAX_RESULTS};

/// One attribute of every type, as a category could define them.
fn definitions() -> Vec<AttributeDef> {
    let label = r#"{"fr":"Question","en":"Question"}"#;
    let choices = r#"[{"key":"a","name":{"fr":"A","en":"A"}},{"key":"b","name":{"fr":"B","en":"B"}}]"#;
    let json = format!(
        r#"[{{"code":"s","datatype":"string","required":false,"label":{label}}},
            {{"code":"t","datatype":"text","required":false,"label":{label}}},
            {{"code":"n","datatype":"number","required":false,"label":{label}}},
            {{"code":"d","datatype":"datetime","required":false,"label":{label}}},
            {{"code":"one","datatype":"singlevaluelist","required":false,"label":{label},"values":{choices}}},
            {{"code":"many","datatype":"multivaluelist","required":false,"label":{label},"values":{choices}}}]"#
    );
    serde_json::from_str(&json).expect("valid definitions")
}

fuzz_target!(|data: &[u8]| {
    let params = Params::parse(data);
    if let Ok((limit, offset)) = list_paging(&params) {
        assert!((1..=MAX_RESULTS).contains(&limit));
        assert!(offset >= 0 && offset < limit * MAX_PAGE);
    }
    if let Ok(filter) = list_filter(&params, 1_800_000_000) {
        assert!(filter.numbers.len() <= usize::try_from(MAX_RESULTS).unwrap_or(usize::MAX));
    }
    let Ok(filing) = filing_of(&params) else {
        return;
    };
    if let Some(name) = &filing.name {
        assert!(name.chars().count() <= 100);
    }
    let request = filing.request;
    let _ = validate::description(&request.description);
    let _ = validate::address(request.address.as_deref());
    if let Ok(Some((lat, lon))) = validate::location(request.location) {
        assert!((-90_000_000..=90_000_000).contains(&lat));
        assert!((-180_000_000..=180_000_000).contains(&lon));
    }
    let defs = definitions();
    if let Ok(answers) = validate::answers(&defs, &request.attributes) {
        for (code, answer) in &answers {
            let def = defs.iter().find(|d| &d.code == code).expect("a known attribute");
            let keys: Vec<&str> = def.values.iter().map(|v| v.key.as_str()).collect();
            match (def.code.as_str(), answer) {
                ("one", AttributeAnswer::One(k)) => assert!(keys.contains(&k.as_str())),
                ("many", AttributeAnswer::Many(ks)) => {
                    assert!(ks.iter().all(|k| keys.contains(&k.as_str())))
                }
                ("n", AttributeAnswer::One(n)) => {
                    assert!(n.parse::<f64>().is_ok_and(f64::is_finite))
                }
                (_, AttributeAnswer::One(_)) => {}
                (code, other) => panic!("{code}: {other:?}"),
            }
        }
    }
});
