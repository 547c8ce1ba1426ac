//! The category form's state: question and choice drafts with stable ids, the checks run
//! before sending, and the mapping of the server's refusals to fields.

use super::*;

/// A choice of a list question, as edited.
#[derive(Debug, Clone, Copy)]
pub(super) struct ChoiceDraft {
    pub(super) id: u32,
    pub(super) key: RwSignal<String>,
    pub(super) fr: RwSignal<String>,
    pub(super) en: RwSignal<String>,
}

/// A question, as edited.
#[derive(Debug, Clone, Copy)]
pub(super) struct AttrDraft {
    pub(super) id: u32,
    pub(super) code: RwSignal<String>,
    pub(super) datatype: RwSignal<AttributeType>,
    pub(super) required: RwSignal<bool>,
    pub(super) label_fr: RwSignal<String>,
    pub(super) label_en: RwSignal<String>,
    pub(super) help_fr: RwSignal<String>,
    pub(super) help_en: RwSignal<String>,
    pub(super) choices: RwSignal<Vec<ChoiceDraft>>,
}

impl Row for ChoiceDraft {
    fn row_id(&self) -> u32 {
        self.id
    }
}

impl Row for AttrDraft {
    fn row_id(&self) -> u32 {
        self.id
    }
}

/// Hands out the numbers of questions and their choices or answers.
pub(super) use crate::components::rows::RowNumbers as Counter;

pub(super) fn new_choice(counter: Counter, from: Option<&AttributeChoice>) -> ChoiceDraft {
    ChoiceDraft {
        id: counter.next(),
        key: RwSignal::new(from.map(|c| c.key.clone()).unwrap_or_default()),
        fr: RwSignal::new(from.map(|c| c.name.fr.clone()).unwrap_or_default()),
        en: RwSignal::new(from.map(|c| c.name.en.clone()).unwrap_or_default()),
    }
}

pub(super) fn new_attr(counter: Counter, from: Option<&AttributeDef>) -> AttrDraft {
    let text = |f: fn(&AttributeDef) -> &str| RwSignal::new(from.map(f).unwrap_or("").to_owned());
    AttrDraft {
        id: counter.next(),
        code: text(|a| &a.code),
        datatype: RwSignal::new(from.map_or(AttributeType::String, |a| a.datatype)),
        required: RwSignal::new(from.is_some_and(|a| a.required)),
        label_fr: text(|a| &a.label.fr),
        label_en: text(|a| &a.label.en),
        help_fr: text(|a| &a.help.fr),
        help_en: text(|a| &a.help.en),
        choices: RwSignal::new(
            from.map(|a| {
                a.values
                    .iter()
                    .map(|c| new_choice(counter, Some(c)))
                    .collect()
            })
            .unwrap_or_default(),
        ),
    }
}

impl AttrDraft {
    /// The question as sent (trimmed; choices only for list types).
    pub(super) fn to_def(self) -> AttributeDef {
        let datatype = self.datatype.get_untracked();
        let get = |s: RwSignal<String>| s.get_untracked().trim().to_owned();
        AttributeDef {
            code: get(self.code),
            datatype,
            required: self.required.get_untracked(),
            label: Localized {
                fr: get(self.label_fr),
                en: get(self.label_en),
            },
            help: Localized {
                fr: get(self.help_fr),
                en: get(self.help_en),
            },
            values: if datatype.is_list() {
                self.choices
                    .get_untracked()
                    .into_iter()
                    .map(|c| AttributeChoice {
                        key: get(c.key),
                        name: Localized {
                            fr: get(c.fr),
                            en: get(c.en),
                        },
                    })
                    .collect()
            } else {
                Vec::new()
            },
        }
    }
}

/// An element id of a question: `q3-code`.
pub(super) fn qid(question: u32, part: &str) -> &'static str {
    intern(format!("q{question}-{part}"))
}

/// An element id of a choice: `q3-c7-key`.
pub(super) fn cid(question: u32, choice: u32, part: &str) -> &'static str {
    intern(format!("q{question}-c{choice}-{part}"))
}

/// A code as the server accepts it: `[a-z0-9_<extra>]{1,40}`.
pub(super) fn is_code(s: &str, extra: char) -> bool {
    !s.is_empty()
        && s.len() <= 40
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == extra)
}

/// The numbers of a question and of its choices, in form order, for [`validate`].
pub(super) type DraftIds = Vec<(u32, Vec<u32>)>;

/// The server's rules, checked before sending so that each error points at its control.
pub(super) fn validate(input: &CategoryInput, ids: &DraftIds, creating: bool) -> Vec<FormError> {
    let mut errs = Vec::new();
    if creating && !is_code(&input.code, '-') {
        errs.push(FormError::field("cat-code", Staff::ErrCategoryCode));
    }
    if char_count(&input.group) > GROUP_MAX {
        errs.push(FormError::field("cat-group", Requests::ErrTooLong));
    }
    for (value, id, missing) in [
        (&input.name.fr, "cat-name-fr", Staff::ErrNameFrRequired),
        (&input.name.en, "cat-name-en", Staff::ErrNameEnRequired),
    ] {
        if value.is_empty() {
            errs.push(FormError::field(id, missing));
        } else if char_count(value) > NAME_MAX {
            errs.push(FormError::field(id, Requests::ErrTooLong));
        }
    }
    for (value, id) in [
        (&input.description.fr, "cat-description-fr"),
        (&input.description.en, "cat-description-en"),
    ] {
        if char_count(value) > DESCRIPTION_MAX {
            errs.push(FormError::field(id, Requests::ErrTooLong));
        }
    }
    if char_count(&input.keywords) > KEYWORDS_MAX {
        errs.push(FormError::field("cat-keywords", Requests::ErrTooLong));
    }
    if input.attributes.len() > MAX_ATTRIBUTES {
        errs.push(FormError::field(ATTRIBUTES_ID, Staff::ErrTooManyAttributes));
    }
    let mut codes = HashSet::new();
    for (n, (a, (q, choice_ids))) in input.attributes.iter().zip(ids).enumerate() {
        let position = n + 1;
        let problem = |id: &'static str, key: Key, choice: Option<usize>| {
            FormError::text(id, move |lang| {
                i18n::question_error(lang, position, choice, key)
            })
        };
        if !is_code(&a.code, '_') {
            errs.push(problem(qid(*q, "code"), Staff::ErrAttrCode.into(), None));
        } else if !codes.insert(a.code.as_str()) {
            errs.push(problem(
                qid(*q, "code"),
                Staff::ErrAttrCodeDuplicate.into(),
                None,
            ));
        }
        for (value, part, missing) in [
            (&a.label.fr, "label-fr", Staff::ErrLabelFrRequired),
            (&a.label.en, "label-en", Staff::ErrLabelEnRequired),
        ] {
            if value.is_empty() {
                errs.push(problem(qid(*q, part), missing.into(), None));
            } else if char_count(value) > LABEL_MAX {
                errs.push(problem(qid(*q, part), Requests::ErrTooLong.into(), None));
            }
        }
        if !a.datatype.is_list() {
            continue;
        }
        if a.values.is_empty() {
            errs.push(problem(
                qid(*q, "add-choice"),
                Staff::ErrChoicesRequired.into(),
                None,
            ));
        }
        let mut keys = HashSet::new();
        for (m, (v, c)) in a.values.iter().zip(choice_ids).enumerate() {
            let choice = Some(m + 1);
            if !is_code(&v.key, '-') {
                errs.push(problem(
                    cid(*q, *c, "key"),
                    Staff::ErrChoiceKey.into(),
                    choice,
                ));
            } else if !keys.insert(v.key.as_str()) {
                errs.push(problem(
                    cid(*q, *c, "key"),
                    Staff::ErrChoiceKeyDuplicate.into(),
                    choice,
                ));
            }
            if v.name.fr.is_empty() {
                errs.push(problem(
                    cid(*q, *c, "fr"),
                    Staff::ErrChoiceFrRequired.into(),
                    choice,
                ));
            }
            if v.name.en.is_empty() {
                errs.push(problem(
                    cid(*q, *c, "en"),
                    Staff::ErrChoiceEnRequired.into(),
                    choice,
                ));
            }
        }
    }
    errs
}

/// A refusal from the server, next to the control its `field` names.
pub(super) fn server_error(err: ApiError, creating: bool) -> FormError {
    let code = err.code();
    let target = match (code, err.field()) {
        (Some(ErrorCode::Conflict), Some("code")) => {
            Some(("cat-code", Staff::ErrCategoryCodeTaken))
        }
        (Some(ErrorCode::Validation), Some("code")) if creating => {
            Some(("cat-code", Staff::ErrCategoryCode))
        }
        (Some(ErrorCode::Validation), Some("name")) => {
            Some(("cat-name-fr", Staff::ErrCategoryName))
        }
        (Some(ErrorCode::Validation), Some("description")) => {
            Some(("cat-description-fr", Staff::ErrCategoryDescription))
        }
        (Some(ErrorCode::Validation), Some("group" | "keywords")) => {
            Some(("cat-group", Staff::ErrCategoryGroup))
        }
        (Some(ErrorCode::Validation), Some(f)) if f.starts_with("attributes") => {
            Some((ATTRIBUTES_ID, Staff::ErrAttributesInvalid))
        }
        _ => None,
    };
    match target {
        Some((field, key)) => FormError::field(field, key),
        None => FormError::api(None, err),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(attributes: Vec<AttributeDef>) -> CategoryInput {
        CategoryInput {
            code: "voirie".into(),
            group: String::new(),
            name: Localized {
                fr: "Voirie".into(),
                en: "Roads".into(),
            },
            description: Localized::default(),
            keywords: String::new(),
            attributes,
            active: true,
        }
    }

    fn question(code: &str, datatype: AttributeType, values: Vec<AttributeChoice>) -> AttributeDef {
        AttributeDef {
            code: code.into(),
            datatype,
            required: true,
            label: Localized {
                fr: "Q".into(),
                en: "Q".into(),
            },
            help: Localized::default(),
            values,
        }
    }

    #[test]
    fn codes_follow_the_server_rule() {
        assert!(is_code("voirie-nord", '-'));
        assert!(is_code("a_b", '_'));
        assert!(!is_code("a-b", '_'));
        assert!(!is_code("Voirie", '-'));
        assert!(!is_code("", '-'));
        assert!(!is_code(&"a".repeat(41), '-'));
    }

    #[test]
    fn each_error_points_at_its_control() {
        let ok = input(vec![question("danger", AttributeType::String, vec![])]);
        assert!(validate(&ok, &vec![(0, vec![])], true).is_empty());

        let mut bad = input(vec![
            question("danger", AttributeType::Singlevaluelist, vec![]),
            question("danger", AttributeType::String, vec![]),
        ]);
        bad.code = "Voirie".into();
        bad.name.en = String::new();
        let errs = validate(&bad, &vec![(3, vec![]), (5, vec![])], true);
        let fields: Vec<_> = errs.iter().filter_map(|e| e.field).collect();
        assert_eq!(
            fields,
            ["cat-code", "cat-name-en", "q3-add-choice", "q5-code"]
        );
        // An existing category keeps its code: it is not checked again.
        assert!(
            !validate(&bad, &vec![(3, vec![]), (5, vec![])], false)
                .iter()
                .any(|e| e.field == Some("cat-code"))
        );
    }

    #[test]
    fn choices_need_unique_keys_and_both_names() {
        let choice = |key: &str, fr: &str| AttributeChoice {
            key: key.into(),
            name: Localized {
                fr: fr.into(),
                en: "x".into(),
            },
        };
        let c = input(vec![question(
            "size",
            AttributeType::Multivaluelist,
            vec![
                choice("big", "Grand"),
                choice("big", ""),
                choice("Small", "Petit"),
            ],
        )]);
        let errs = validate(&c, &vec![(1, vec![10, 11, 12])], true);
        let fields: Vec<_> = errs.iter().filter_map(|e| e.field).collect();
        assert_eq!(fields, ["q1-c11-key", "q1-c11-fr", "q1-c12-key"]);
        match &errs[0].msg {
            Msg::Text { fr, .. } => assert!(fr.starts_with("Question 1, choix 2")),
            other => panic!("unexpected message {other:?}"),
        }
    }
}
