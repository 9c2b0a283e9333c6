//! The site graph: how documents, people and dates link to each other. Built once from the
//! edition (and the person references found while rendering), then read by every page.
//!
//! Everything here is linear in the size of the edition: lists are filled in one pass over
//! documents already in chronological order, so they come out sorted without sorting.

use rayon::prelude::*;
use std::collections::BTreeMap;

use crate::content::date::EditionDate;
use crate::content::{DocumentMeta, Edition, Participant};

/// Why a document is listed under a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DateRole {
    /// The document was written on this date.
    Written,
    /// The document records an event (a conversation) of this date.
    Event,
}

/// A document listed under a date.
#[derive(Debug, Clone, Copy)]
pub struct DatedDocument {
    /// Index into `Edition::documents`.
    pub document: usize,
    /// Written or event date.
    pub role: DateRole,
    /// The date itself (it may be uncertain or approximate).
    pub date: EditionDate,
}

/// One day of the chronology.
pub type Day = Vec<DatedDocument>;

/// One month: documents dated to the month only, and its days.
#[derive(Debug, Default)]
pub struct Month {
    /// Documents dated to this month without a day.
    pub undated_days: Vec<DatedDocument>,
    /// Days with documents.
    pub days: BTreeMap<u8, Day>,
    /// Number of distinct documents in the month.
    pub count: usize,
}

/// One year: documents dated to the year only, and its months.
#[derive(Debug, Default)]
pub struct Year {
    /// Documents dated to this year without a month.
    pub undated_months: Vec<DatedDocument>,
    /// Months with documents.
    pub months: BTreeMap<u8, Month>,
    /// Number of distinct documents in the year.
    pub count: usize,
}

/// How one person appears in the edition.
#[derive(Debug, Default, Clone)]
pub struct PersonLinks {
    /// Documents they took part in, with the role each gives them.
    pub participated: Vec<(usize, String)>,
    /// Documents they wrote without being listed as present.
    pub authored: Vec<usize>,
    /// Documents that mention them.
    pub mentioned: Vec<usize>,
}

impl PersonLinks {
    /// Number of distinct documents the person appears in.
    pub fn document_count(&self) -> usize {
        self.participated.len() + self.authored.len() + self.mentioned.len()
    }

    /// The length of the longest of the three lists (what the person's pages paginate).
    pub fn longest_list(&self) -> usize {
        self.participated
            .len()
            .max(self.authored.len())
            .max(self.mentioned.len())
    }

    /// Where document `document` stands in each list it is on (positions from 0).
    pub fn positions_of(&self, document: usize) -> impl Iterator<Item = usize> + '_ {
        let participated = self.participated.iter().position(|(d, _)| *d == document);
        let authored = self.authored.iter().position(|d| *d == document);
        let mentioned = self.mentioned.iter().position(|d| *d == document);
        [participated, authored, mentioned].into_iter().flatten()
    }
}

/// The people of one document, as its page lists them.
#[derive(Debug, Default, Clone)]
pub struct DocumentPeople {
    /// Person indexes of those mentioned but not present (front matter and body references).
    pub mentioned: Vec<usize>,
}

/// The whole graph.
#[derive(Debug, Default)]
pub struct SiteGraph {
    /// Years with documents.
    pub years: BTreeMap<i32, Year>,
    /// Per person (same order as `Edition::people`).
    pub people: Vec<PersonLinks>,
    /// Per document (same order as `Edition::documents`).
    pub documents: Vec<DocumentPeople>,
    /// Per document: related documents, most related first.
    pub related: Vec<Vec<usize>>,
}

/// How many related documents a page lists.
const RELATED_LIMIT: usize = 5;
/// How far along a person's chronological list to look for related documents; bounds the
/// work for a person present in thousands of documents.
const RELATED_WINDOW: usize = 8;

/// What the graph reads of a document's front matter: its dates and the people it names,
/// with their roles. [`SiteGraph::build`] reads front matter only through this, so two
/// documents with equal placements (that name the same people in their texts) sit in the
/// same places of the graph.
#[derive(Debug, PartialEq)]
pub struct Placement<'a> {
    /// When it was written.
    pub date: Option<EditionDate>,
    /// The event it records.
    pub event_date: Option<EditionDate>,
    /// Its author's id.
    pub author: Option<&'a str>,
    /// Who took part, with their roles.
    pub participants: &'a [Participant],
    /// Who is mentioned in the front matter.
    pub mentioned: &'a [String],
}

impl<'a> Placement<'a> {
    /// The placement of a document with front matter `meta`.
    pub fn of(meta: &'a DocumentMeta) -> Placement<'a> {
        Placement {
            date: meta.date,
            event_date: meta.event_date,
            author: meta.author.as_deref(),
            participants: &meta.participants,
            mentioned: &meta.mentioned,
        }
    }

    /// True when `other` differs at most in participants' roles: the graph has the same
    /// shape for both, and only the roles in people's lists change.
    pub fn same_but_roles(&self, other: &Placement<'_>) -> bool {
        self.date == other.date
            && self.event_date == other.event_date
            && self.author == other.author
            && self.mentioned == other.mentioned
            && (self.participants.iter().map(|p| &p.person))
                .eq(other.participants.iter().map(|p| &p.person))
    }
}

impl SiteGraph {
    /// Builds the graph; `body_people(i)` are the person ids referenced in document `i`'s
    /// text (a function, so callers lend them without copying).
    pub fn build<'p>(edition: &Edition, body_people: impl Fn(usize) -> &'p [String]) -> SiteGraph {
        let mut graph = SiteGraph {
            people: vec![PersonLinks::default(); edition.people.len()],
            documents: vec![DocumentPeople::default(); edition.documents.len()],
            ..SiteGraph::default()
        };
        for (index, document) in edition.documents.iter().enumerate() {
            let placement = Placement::of(&document.meta);
            graph.add_dates(index, placement.date, placement.event_date);
            graph.add_people(edition, index, &placement, body_people(index));
        }
        graph.related = (0..edition.documents.len())
            .into_par_iter()
            .map(|i| graph.related_to(edition, i))
            .collect();
        graph
    }

    fn add_dates(
        &mut self,
        document: usize,
        written: Option<EditionDate>,
        event: Option<EditionDate>,
    ) {
        let mut entries = Vec::with_capacity(2);
        if let Some(date) = event {
            entries.push(DatedDocument {
                document,
                role: DateRole::Event,
                date,
            });
        }
        if let Some(date) = written {
            entries.push(DatedDocument {
                document,
                role: DateRole::Written,
                date,
            });
        }
        let same_year = entries.len() == 2 && entries[0].date.year == entries[1].date.year;
        let same_month = same_year
            && entries[0].date.month.is_some()
            && entries[0].date.month == entries[1].date.month;
        for (i, entry) in entries.iter().enumerate() {
            let year = self.years.entry(entry.date.year).or_default();
            if i == 0 || !same_year {
                year.count += 1;
            }
            match entry.date.month {
                None => year.undated_months.push(*entry),
                Some(m) => {
                    let month = year.months.entry(m).or_default();
                    if i == 0 || !same_month {
                        month.count += 1;
                    }
                    match entry.date.day {
                        None => month.undated_days.push(*entry),
                        Some(d) => month.days.entry(d).or_default().push(*entry),
                    }
                }
            }
        }
    }

    fn add_people(
        &mut self,
        edition: &Edition,
        index: usize,
        placement: &Placement<'_>,
        body_people: &[String],
    ) {
        let present: Vec<&str> = placement
            .participants
            .iter()
            .map(|p| p.person.as_str())
            .collect();
        for participant in placement.participants {
            if let Some(p) = edition.person_position(&participant.person) {
                let links = &mut self.people[p];
                if links.participated.last().map(|(d, _)| *d) != Some(index) {
                    links.participated.push((index, participant.role.clone()));
                }
            }
        }
        let author = placement.author;
        if let Some(author) = author
            && !present.contains(&author)
            && let Some(p) = edition.person_position(author)
        {
            self.people[p].authored.push(index);
        }
        let mentioned = placement
            .mentioned
            .iter()
            .map(String::as_str)
            .chain(body_people.iter().map(String::as_str));
        for id in mentioned {
            if present.contains(&id) || author == Some(id) {
                continue;
            }
            if let Some(p) = edition.person_position(id)
                && !self.documents[index].mentioned.contains(&p)
            {
                self.documents[index].mentioned.push(p);
                self.people[p].mentioned.push(index);
            }
        }
    }

    /// Documents sharing participants with `index`, most shared first, then nearest in time.
    fn related_to(&self, edition: &Edition, index: usize) -> Vec<usize> {
        // At most a few dozen candidates: a vector is faster than a hash map here, and this
        // runs for every document on every graph build.
        let mut shared: Vec<(usize, usize)> = Vec::new();
        let placement = Placement::of(&edition.documents[index].meta);
        for participant in placement.participants {
            let Some(p) = edition.person_position(&participant.person) else {
                continue;
            };
            let list = &self.people[p].participated;
            let at = list.partition_point(|(d, _)| *d < index);
            let from = at.saturating_sub(RELATED_WINDOW);
            let to = (at + RELATED_WINDOW + 1).min(list.len());
            for &(other, _) in &list[from..to] {
                if other == index {
                    continue;
                }
                match shared.iter_mut().find(|(d, _)| *d == other) {
                    Some((_, count)) => *count += 1,
                    None => shared.push((other, 1)),
                }
            }
        }
        shared.sort_unstable_by_key(|&(other, count)| {
            (std::cmp::Reverse(count), other.abs_diff(index), other)
        });
        shared.truncate(RELATED_LIMIT);
        shared.into_iter().map(|(other, _)| other).collect()
    }
}
