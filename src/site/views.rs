//! What templates see: small serialisable views of documents, people and dates, with every
//! URL already resolved. Templates never build URLs themselves, so a link cannot go wrong
//! under a sub-path.

use serde::Serialize;

use super::urls::{Urls, route};
use crate::config::SiteConfig;
use crate::content::date::EditionDate;
use crate::content::{Document, Edition, Page, Person};

/// A link with its label.
#[derive(Debug, Clone, Serialize)]
pub struct Link {
    /// Link text.
    pub label: String,
    /// The URL.
    pub url: String,
}

/// A link with a count of documents behind it (a year, a month, a day).
#[derive(Debug, Clone, Serialize)]
pub struct CountedLink {
    /// Link text.
    pub label: String,
    /// The URL.
    pub url: String,
    /// Number of documents.
    pub count: usize,
}

/// The edition, as every page sees it.
#[derive(Debug, Clone, Serialize)]
pub struct SiteView {
    /// Edition title.
    pub title: String,
    /// Line under the title.
    pub subtitle: String,
    /// BCP 47 language of the pages.
    pub language: String,
    /// Publisher.
    pub publisher: String,
    /// Editors, joined for display.
    pub editors: String,
    /// License statement.
    pub license: String,
    /// The URL of the home page.
    pub home_url: String,
    /// The base path, for theme assets (`{{ site.static_url }}style.css`).
    pub static_url: String,
    /// Main navigation.
    pub nav: Vec<Link>,
    /// The page of the whole edition's bibliography downloads.
    pub citations_url: String,
    /// The search page.
    pub search_url: String,
    /// The Atom feed.
    pub feed_url: String,
    /// The page explaining the data exports.
    pub data_url: String,
    /// This view as templates get it, converted once for every page.
    #[serde(skip)]
    template_value: std::sync::OnceLock<tera::Value>,
}

impl SiteView {
    /// The view of `edition`'s settings and navigation.
    pub fn new(config: &SiteConfig, pages: &[Page], urls: &Urls) -> SiteView {
        let mut nav = vec![
            Link {
                label: "Documents".into(),
                url: urls.url(route::DOCUMENTS),
            },
            Link {
                label: "Chronology".into(),
                url: urls.url(route::DATES),
            },
            Link {
                label: "People".into(),
                url: urls.url(route::PEOPLE),
            },
            Link {
                label: "Search".into(),
                url: urls.url(route::SEARCH),
            },
        ];
        nav.extend(
            pages
                .iter()
                .filter(|p| p.meta.menu_order.is_some())
                .map(|p| Link {
                    label: p.meta.title.clone(),
                    url: urls.url(&route::page(&p.id)),
                }),
        );
        SiteView {
            title: config.title.clone(),
            subtitle: config.subtitle.clone(),
            language: config.language.clone(),
            publisher: config.publisher.clone(),
            editors: join_names(&config.editors),
            license: config.license.clone(),
            home_url: urls.url(route::HOME),
            static_url: urls.url(&route::asset("")),
            nav,
            citations_url: urls.url(route::CITATIONS),
            search_url: urls.url(route::SEARCH),
            feed_url: urls.url(route::FEED),
            data_url: urls.url(route::DATA),
            template_value: std::sync::OnceLock::new(),
        }
    }

    /// The view as a template value (cheap to clone: tera shares its maps).
    pub fn template_value(&self) -> tera::Value {
        self.template_value
            // Strings and lists always convert; were it to fail, templates would report
            // `site` as undefined.
            .get_or_init(|| {
                tera::Value::try_from_serializable(self).unwrap_or(tera::Value::undefined())
            })
            .clone()
    }
}

/// A date as pages show it: the reader's form, ISO for `<time datetime>`, and its page.
#[derive(Debug, Clone, Serialize)]
pub struct DateView {
    /// `30 September 1961`, `circa 1959`.
    pub label: String,
    /// `1961-09-30`.
    pub iso: String,
    /// The chronology page of the date.
    pub url: String,
    /// The source is unsure of the date.
    pub uncertain: bool,
    /// The date is an estimate.
    pub approximate: bool,
}

impl DateView {
    /// The view of `date`.
    pub fn new(date: &EditionDate, urls: &Urls) -> DateView {
        DateView {
            label: date.human(),
            iso: date.iso(),
            url: urls.url(&route::date(date)),
            uncertain: date.uncertain,
            approximate: date.approximate,
        }
    }
}

/// A document in a list. A card is listed about ten times a build (its neighbours' pages,
/// its people's and dates' pages), so what a page's template and fingerprint take of it is
/// made once: see [`CardForm`].
#[derive(Debug, Clone)]
pub struct DocumentCard {
    fields: CardFields,
    forms: std::sync::OnceLock<CardForms>,
}

/// What templates see of a card (`card.title`, `card.date.label`, ...).
#[derive(Debug, Clone, Serialize)]
struct CardFields {
    /// Document id.
    id: String,
    /// Its page.
    url: String,
    /// Title.
    title: String,
    /// Kind of document.
    kind: String,
    /// When it was written.
    date: Option<DateView>,
    /// The event it records.
    event_date: Option<DateView>,
}

/// A card's fields as a template value, and a hash of them.
#[derive(Debug, Clone)]
struct CardForms {
    template: tera::Value,
    fingerprint: [u8; 16],
}

impl DocumentCard {
    /// The card of `document`.
    pub fn new(document: &Document, urls: &Urls) -> DocumentCard {
        let fields = CardFields {
            id: document.id.clone(),
            url: urls.url(&route::document(&document.id)),
            title: document.meta.title.clone(),
            kind: document.meta.kind.clone(),
            date: document.meta.date.as_ref().map(|d| DateView::new(d, urls)),
            event_date: document
                .meta
                .event_date
                .as_ref()
                .map(|d| DateView::new(d, urls)),
        };
        DocumentCard {
            fields,
            forms: std::sync::OnceLock::new(),
        }
    }

    /// True when `a` and `b` (a document before and after an edit) have the same card:
    /// every list shows them alike.
    pub fn same(a: &Document, b: &Document, urls: &Urls) -> bool {
        let card = |document| DocumentCard::new(document, urls).forms().fingerprint;
        card(a) == card(b)
    }

    fn forms(&self) -> &CardForms {
        self.forms.get_or_init(|| {
            let template = tera::Value::try_from_serializable(&self.fields)
                .unwrap_or_else(|_| tera::Value::none());
            // MessagePack, as page fingerprints are made: every type and length is told,
            // so two different cards cannot hash alike.
            let bytes = rmp_serde::to_vec(&self.fields).unwrap_or_default();
            let fingerprint = xxhash_rust::xxh3::xxh3_128(&bytes).to_le_bytes();
            CardForms {
                template,
                fingerprint,
            }
        })
    }
}

/// How [`DocumentCard`]s serialise on this thread: as their fields (the default), as the
/// template value made once per card (while a page's data becomes a template context: tera
/// takes a value in the data as it is), or as the hash of their fields (while a page is
/// fingerprinted).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CardForm {
    /// Every field.
    Fields,
    /// The card's template value.
    Template,
    /// The hash of the card's fields.
    Fingerprint,
}

thread_local! {
    static CARD_FORM: std::cell::Cell<CardForm> = const { std::cell::Cell::new(CardForm::Fields) };
}

/// Runs `serialize` with cards serialising as `form` on this thread.
pub fn with_card_form<R>(form: CardForm, serialize: impl FnOnce() -> R) -> R {
    struct Restore(CardForm);
    impl Drop for Restore {
        fn drop(&mut self) {
            CARD_FORM.set(self.0);
        }
    }
    let _restore = Restore(CARD_FORM.replace(form));
    serialize()
}

impl Serialize for DocumentCard {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match CARD_FORM.get() {
            CardForm::Fields => self.fields.serialize(serializer),
            CardForm::Template => self.forms().template.serialize(serializer),
            CardForm::Fingerprint => serializer.serialize_bytes(&self.forms().fingerprint),
        }
    }
}

/// Every document's card, each made the first time a page asks for it. A card appears on
/// its document's neighbours' pages and on the pages of its people and dates: about ten
/// times, made once.
pub struct DocumentCards {
    /// Boxed, so an edition's table is small until its cards are made.
    cards: Vec<std::sync::OnceLock<Box<DocumentCard>>>,
}

impl DocumentCards {
    /// No card made yet, for an edition of `count` documents.
    pub fn new(count: usize) -> DocumentCards {
        DocumentCards {
            cards: (0..count).map(|_| std::sync::OnceLock::new()).collect(),
        }
    }

    /// The card of document `index` of `edition`.
    pub fn get(&self, edition: &Edition, urls: &Urls, index: usize) -> &DocumentCard {
        self.cards[index]
            .get_or_init(|| Box::new(DocumentCard::new(&edition.documents[index], urls)))
    }
}

/// A person in a list.
#[derive(Debug, Clone, Serialize)]
pub struct PersonCard {
    /// Person id.
    pub id: String,
    /// Their page.
    pub url: String,
    /// Display name.
    pub name: String,
    /// Index form of the name.
    pub sort_name: String,
    /// Years of life.
    pub dates: String,
    /// Documents they appear in.
    pub count: usize,
    /// A role the documents give them (the first recorded).
    pub role: String,
}

impl PersonCard {
    /// The card of `person`, appearing in `count` documents.
    pub fn new(person: &Person, count: usize, urls: &Urls) -> PersonCard {
        PersonCard {
            id: person.id.clone(),
            url: urls.url(&route::person(&person.id)),
            name: person.meta.name.clone(),
            sort_name: if person.meta.sort_name.is_empty() {
                person.meta.name.clone()
            } else {
                person.meta.sort_name.clone()
            },
            dates: person.meta.dates.clone(),
            count,
            role: person.meta.roles.first().cloned().unwrap_or_default(),
        }
    }
}

/// A person named by a document, with the role it gives them.
#[derive(Debug, Clone, Serialize)]
pub struct PersonRole {
    /// The person's page.
    pub url: String,
    /// Display name.
    pub name: String,
    /// The role in this document (may be empty).
    pub role: String,
}

/// `A`, `A and B`, `A, B and C`.
pub fn join_names(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// The people of `edition` whose ids are listed, as role views.
pub fn person_role(edition: &Edition, id: &str, role: &str, urls: &Urls) -> Option<PersonRole> {
    edition.person(id).map(|person| PersonRole {
        url: urls.url(&route::person(id)),
        name: person.meta.name.clone(),
        role: role.to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn card(title: &str) -> DocumentCard {
        DocumentCard {
            fields: CardFields {
                id: "doc".into(),
                url: "/documents/doc/".into(),
                title: title.into(),
                kind: "Memorandum".into(),
                date: None,
                event_date: None,
            },
            forms: std::sync::OnceLock::new(),
        }
    }

    fn fingerprint(card: &DocumentCard) -> Vec<u8> {
        with_card_form(CardForm::Fingerprint, || rmp_serde::to_vec(card)).unwrap()
    }

    #[test]
    fn a_card_serialises_as_its_fields_its_template_value_or_its_fingerprint() {
        let fields = serde_json::to_value(card("Title")).unwrap();
        assert_eq!(fields["title"], "Title");
        assert_eq!(fields["url"], "/documents/doc/");

        let template = with_card_form(CardForm::Template, || {
            tera::Value::try_from_serializable(&card("Title"))
        })
        .unwrap();
        let direct = tera::Value::try_from_serializable(&card("Title").fields).unwrap();
        assert_eq!(template, direct);

        assert_eq!(fingerprint(&card("Title")), fingerprint(&card("Title")));
        assert_ne!(
            fingerprint(&card("Title")),
            fingerprint(&card("Other title"))
        );
        assert!(
            fingerprint(&card("Title")).len() < 24,
            "a hash, not the fields"
        );

        // The form applies only inside `with_card_form`.
        assert_eq!(serde_json::to_value(card("Title")).unwrap(), fields);
    }
}
