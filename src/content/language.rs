//! Language names as archives write them (`Russian`) mapped to BCP 47 tags (`ru`), for `lang`
//! attributes on glosses and for machine-readable metadata.

/// (English name, BCP 47 tag, written in Latin script natively)
const LANGUAGES: &[(&str, &str, bool)] = &[
    ("albanian", "sq", true),
    ("arabic", "ar", false),
    ("bulgarian", "bg", false),
    ("chinese", "zh", false),
    ("czech", "cs", true),
    ("english", "en", true),
    ("french", "fr", true),
    ("german", "de", true),
    ("greek", "el", false),
    ("hebrew", "he", false),
    ("hungarian", "hu", true),
    ("italian", "it", true),
    ("japanese", "ja", false),
    ("korean", "ko", false),
    ("mongolian", "mn", false),
    ("persian", "fa", false),
    ("polish", "pl", true),
    ("portuguese", "pt", true),
    ("romanian", "ro", true),
    ("russian", "ru", false),
    ("serbian", "sr", false),
    ("serbo-croatian", "sh", true),
    ("slovak", "sk", true),
    ("spanish", "es", true),
    ("ukrainian", "uk", false),
    ("vietnamese", "vi", true),
];

/// The BCP 47 tag of a language named in English (`Russian` -> `ru`), if known.
pub fn language_tag(name: &str) -> Option<&'static str> {
    let name = name.trim().to_lowercase();
    LANGUAGES
        .iter()
        .find(|(n, _, _)| *n == name)
        .map(|(_, tag, _)| *tag)
}

/// The tag for words of `name` written in Latin transliteration, as glosses in a translation
/// are (`Russian` -> `ru-Latn`; `German` -> `de`).
pub fn transliteration_tag(name: &str) -> Option<String> {
    let name = name.trim().to_lowercase();
    LANGUAGES
        .iter()
        .find(|(n, _, _)| *n == name)
        .map(|(_, tag, latin)| {
            if *latin {
                (*tag).to_owned()
            } else {
                format!("{tag}-Latn")
            }
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_names_to_tags() {
        assert_eq!(language_tag("Russian"), Some("ru"));
        assert_eq!(transliteration_tag("Russian").as_deref(), Some("ru-Latn"));
        assert_eq!(transliteration_tag(" German ").as_deref(), Some("de"));
        assert_eq!(language_tag("Klingon"), None);
    }
}
