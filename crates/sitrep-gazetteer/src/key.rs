//! Name keys: the form under which names are indexed and looked up.

use sitrep_core::fold::fold_into;

/// Saharan names are written with the Tamasheq "ti-n-" ("the one of")
/// joined, spaced or hyphenated at will, and sometimes clipped to "in":
/// every spelling of the prefix is brought to "tin" so that they all meet.
/// Only separated forms are listed: "Tindouf" or "Intahaka" carry no
/// separable prefix and keep their letters.
const SAHARAN_PREFIXES: &[&str] = &[
    "ti-n-", "ti-n ", "ti n-", "ti n ", "tin-", "tin ", "tin'", "i-n-", "in-", "in ",
];

/// The key under which a name is indexed and looked up: folded (case,
/// accents), with spaces, hyphens and apostrophes removed, and the Saharan
/// "Ti-n-"/"Tin"/"In-" prefixes brought to one form.
///
/// `name_key("Ti-n-Zaouâtene") == name_key("Tinzaouatène") == "tinzaouatene"`.
pub fn name_key(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut scratch = String::with_capacity(name.len());
    name_key_into(name, &mut scratch, &mut out);
    out
}

/// [`name_key`] without allocating: `scratch` and `out` are cleared and
/// reused, for callers that key every token n-gram of a text.
pub fn name_key_into(name: &str, scratch: &mut String, out: &mut String) {
    scratch.clear();
    out.clear();
    fold_into(name.trim(), scratch);
    let mut rest = scratch.as_str();
    for p in SAHARAN_PREFIXES {
        if let Some(r) = rest.strip_prefix(p) {
            // "In" alone or before a digit is no prefix ("In 2020").
            if r.chars().next().is_some_and(|c| c.is_alphabetic()) {
                out.push_str("tin");
                rest = r;
            }
            break;
        }
    }
    out.extend(rest.chars().filter(|c| c.is_alphanumeric()));
}

/// Other spellings of a name key that transliterations of one name differ
/// by: a doubled letter single or a single consonant doubled ("Moura" and
/// "Mourra"), "y" for "i" and back ("Bounty" and "Bounti"). One change at a
/// time, each key once, the key itself left out.
pub fn spelling_variants(key: &str) -> Vec<String> {
    let chars: Vec<char> = key.chars().collect();
    let vowel = |c: char| matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y');
    let mut out: Vec<String> = Vec::new();
    let mut push = |v: String| {
        if v != key && !out.contains(&v) {
            out.push(v);
        }
    };
    for (i, &c) in chars.iter().enumerate() {
        let before: String = chars[..i].iter().collect();
        let after: String = chars[i + 1..].iter().collect();
        if i + 1 < chars.len() && chars[i + 1] == c {
            push(format!("{before}{after}"));
        } else if i > 0
            && c.is_alphabetic()
            && !vowel(c)
            && chars[i - 1] != c
            && chars.get(i + 1).is_some_and(|&n| vowel(n))
            && vowel(chars[i - 1])
        {
            push(format!("{before}{c}{c}{after}"));
        }
        match c {
            'y' => push(format!("{before}i{after}")),
            'i' => push(format!("{before}y{after}")),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spelling_variants_double_single_and_swap_y() {
        let v = spelling_variants("tokora");
        assert!(v.contains(&"tokorra".to_string()), "{v:?}");
        assert!(v.contains(&"tokkora".to_string()), "{v:?}");
        assert!(spelling_variants("tokorra").contains(&"tokora".to_string()));
        assert!(spelling_variants("sandy").contains(&"sandi".to_string()));
        assert!(spelling_variants("sandi").contains(&"sandy".to_string()));
        assert!(!spelling_variants("sandi").contains(&"sandi".to_string()));
        // A consonant next to another is not doubled: "ndd" is no spelling.
        assert!(!spelling_variants("sandi").contains(&"sanddi".to_string()));
        assert!(spelling_variants("").is_empty());
    }

    #[test]
    fn saharan_spellings_meet() {
        let k = name_key("Tinzaouatène");
        assert_eq!(k, "tinzaouatene");
        assert_eq!(name_key("Ti-n-Zaouâtene"), k);
        assert_eq!(name_key("TI-N-ZAOUATENE"), k);
        assert_eq!(name_key("Tin Zaouatene"), k);
        assert_eq!(name_key("Tin-Zaouatène"), k);
        assert_eq!(name_key("In Zaouatene"), k);
        assert_eq!(name_key("In-Zaouatene"), k);
        assert_eq!(name_key("Tin Zaouaten"), "tinzaouaten");
    }

    #[test]
    fn folds_case_accents_and_separators() {
        assert_eq!(name_key("Ségou"), "segou");
        assert_eq!(name_key("  Bobo-Dioulasso "), "bobodioulasso");
        assert_eq!(name_key("N’Djamena"), "ndjamena");
        assert_eq!(name_key("Côte d'Ivoire"), "cotedivoire");
        assert_eq!(name_key("Œuf"), "oeuf");
    }

    #[test]
    fn words_without_a_separated_prefix_keep_their_letters() {
        assert_eq!(name_key("Tindouf"), "tindouf");
        assert_eq!(name_key("Intahaka"), "intahaka");
        assert_eq!(name_key("In"), "in");
        assert_eq!(name_key("in 2020"), "in2020");
    }

    #[test]
    fn into_variant_reuses_buffers() {
        let (mut s, mut o) = (String::new(), String::new());
        name_key_into("Ti-n-Essako", &mut s, &mut o);
        assert_eq!(o, "tinessako");
        name_key_into("Gao", &mut s, &mut o);
        assert_eq!(o, "gao");
    }
}
