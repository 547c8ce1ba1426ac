//! `/consultations/:id/results`: the published result — turnout, then per question an SVG bar
//! chart (an image with its text alternative) and a data table with the same figures, and a
//! CSV export built in the browser (UTF-8 with BOM, `;`-separated, for spreadsheets).

use leptos::prelude::*;
use leptos_router::components::A;
use protocol::ErrorCode;
use protocol::api::Language;
use protocol::consultations::{ConsultationDetail, ConsultationResults, QuestionResult};

use super::{ConsultationBadge, browser};
use crate::api::consultations as api;
use crate::components::Load;
use crate::format::{format_date_time, iso};
use crate::i18n::{self, Consultations, Key, Requests, Text};
use crate::state::use_app;

use super::{LoadError, SubpageTop, load_with_consultation};

/// One bar: an answer (or the blank vote, `None`) and its count.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Row {
    label: Option<protocol::requests::Localized>,
    count: u64,
}

fn rows(q: &QuestionResult) -> Vec<Row> {
    let mut rows: Vec<Row> = q
        .answers
        .iter()
        .map(|a| Row {
            label: Some(a.answer.clone()),
            count: a.count,
        })
        .collect();
    if let Some(blank) = q.blank {
        rows.push(Row {
            label: None,
            count: blank,
        });
    }
    rows
}

fn label(row: &Row, lang: Language) -> String {
    match &row.label {
        Some(l) => l.get(lang).to_owned(),
        None => Consultations::VoteBlank.text(lang).to_owned(),
    }
}

/// `part` as a percentage of `whole` (0 when nobody voted).
#[allow(clippy::cast_precision_loss)] // Vote counts are far below 2^52.
pub fn percentage(part: u64, whole: u64) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 * 100.0 / whole as f64
    }
}

/// A number with one decimal, in the language's style (`66,7` / `66.7`).
pub fn decimal(value: f64, lang: Language) -> String {
    let text = format!("{value:.1}");
    match lang {
        Language::Fr => text.replace('.', ","),
        Language::En => text,
    }
}

/// A percentage for people: `66,7 %` / `66.7%`.
pub fn percent(value: f64, lang: Language) -> String {
    match lang {
        Language::Fr => format!("{}\u{a0}%", decimal(value, lang)),
        Language::En => format!("{}%", decimal(value, lang)),
    }
}

/// One CSV field: quoted, inner quotes doubled, and a leading formula character neutralised
/// so that a spreadsheet never runs an answer's text.
fn csv_field(text: &str) -> String {
    let safe = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    };
    format!("\"{}\"", safe.replace('"', "\"\""))
}

/// The results as a CSV file for spreadsheets: UTF-8 with a byte-order mark, `;` between
/// fields, CRLF line ends, headings and decimals in `lang`.
pub fn results_csv(results: &ConsultationResults, questions_title: &str, lang: Language) -> String {
    let voted = results.turnout.voted_weight;
    let mut out = String::from('\u{feff}');
    let line = |out: &mut String, fields: &[String]| {
        out.push_str(&fields.join(";"));
        out.push_str("\r\n");
    };
    line(
        &mut out,
        &[
            csv_field(Consultations::ResultsColQuestion.text(lang)),
            csv_field(Consultations::ResultsColAnswer.text(lang)),
            csv_field(Consultations::ResultsColVotes.text(lang)),
            csv_field(Consultations::ResultsColPercent.text(lang)),
        ],
    );
    for q in &results.questions {
        for row in rows(q) {
            line(
                &mut out,
                &[
                    csv_field(q.question.get(lang)),
                    csv_field(&label(&row, lang)),
                    row.count.to_string(),
                    decimal(percentage(row.count, voted), lang),
                ],
            );
        }
    }
    let t = &results.turnout;
    for (key, value, pct) in [
        (Consultations::ResultsElectorate, t.electorate_weight, None),
        (
            Consultations::ResultsVoted,
            t.voted_weight,
            Some(percentage(t.voted_weight, t.electorate_weight)),
        ),
    ] {
        line(
            &mut out,
            &[
                csv_field(questions_title),
                csv_field(key.text(lang)),
                value.to_string(),
                pct.map(|p| decimal(p, lang)).unwrap_or_default(),
            ],
        );
    }
    out
}

#[component]
pub fn ResultsPage() -> impl IntoView {
    let app = use_app();
    let (id, data) = load_with_consultation(|id| async move { api::results(&id).await });
    view! {
        <div class="page page--wide">
            <SubpageTop id=id data=data titled=i18n::results_heading fallback=Requests::ResultsTitle />
            <Load loader=data let:loaded>
                {match loaded {
                Ok((c, Err(e))) if e.code() == Some(ErrorCode::ResultsNotPublished) => {
                    view! {
                        <div class="notice" data-testid="results-not-published">
                            <p>{app.t(Consultations::ResultsNotPublished)}</p>
                            <p>
                                {app.t(Consultations::ConsultationStatusLabel)} " "
                                <ConsultationBadge status=c.status />
                            </p>
                        </div>
                    }
                        .into_any()
                }
                Err(e) | Ok((_, Err(e))) => view! { <LoadError e=e /> }.into_any(),
                Ok((c, Ok(results))) => view! { <ResultsView c=c results=results /> }.into_any(),
                }}
            </Load>
        </div>
    }
}

#[component]
fn ResultsView(c: ConsultationDetail, results: ConsultationResults) -> impl IntoView {
    let app = use_app();
    let t = results.turnout.clone();
    let weighted = t.electorate_weight != t.electorate || t.voted_weight != t.voted;
    let published = results.published_at;
    let board = format!("/consultations/{}/board", c.id);
    let results = StoredValue::new(results);
    let csv_status = RwSignal::new(None::<Key>);
    let export = move |_| {
        let lang = app.lang.get_untracked();
        let csv =
            results.with_value(|r| results_csv(r, Consultations::ResultsTurnout.text(lang), lang));
        let name = results.with_value(|r| format!("resultats-{}.csv", r.election_uuid));
        let key = if browser::save_file(&name, "text/csv;charset=utf-8", &csv) {
            Consultations::ResultsCsvSaved
        } else {
            Consultations::ReceiptDownloadFailed
        };
        csv_status.set(Some(key.into()));
    };
    let questions = results.with_value(|r| {
        r.questions
            .iter()
            .enumerate()
            .map(|(i, q)| view! { <QuestionResultView index=i q=q.clone() voted=r.turnout.voted_weight /> })
            .collect_view()
    });
    let breakdown = results.with_value(|r| {
        (!r.breakdown.is_empty() || r.suppressed_districts > 0)
            .then(|| view! { <BreakdownView results=r.clone() /> })
    });
    view! {
        <p data-testid="results-published">
            {app.t(Consultations::ResultsPublishedAt)} " "
            <time datetime=iso(published)>{move || format_date_time(published, app.lang.get())}</time>
        </p>
        <section aria-labelledby="turnout-title">
            <h2 id="turnout-title">{app.t(Consultations::ResultsTurnout)}</h2>
            <dl class="details" data-testid="results-turnout">
                <div class="details__row">
                    <dt>{app.t(Consultations::ResultsElectorate)}</dt>
                    <dd data-testid="turnout-electorate">{t.electorate}</dd>
                </div>
                <div class="details__row">
                    <dt>{app.t(Consultations::ResultsVoted)}</dt>
                    <dd data-testid="turnout-voted">{t.voted}</dd>
                </div>
                <div class="details__row">
                    <dt>{app.t(Consultations::ResultsTurnoutRate)}</dt>
                    <dd data-testid="turnout-rate">
                        {move || percent(percentage(t.voted, t.electorate), app.lang.get())}
                    </dd>
                </div>
                {weighted
                    .then(|| {
                        view! {
                            <div class="details__row">
                                <dt>{app.t(Consultations::ResultsWeights)}</dt>
                                <dd>
                                    {move || {
                                        i18n::results_weights(app.lang.get(), t.voted_weight, t.electorate_weight)
                                    }}
                                </dd>
                            </div>
                        }
                    })}
            </dl>
            <p class="form__note results-note">{app.t(Consultations::ResultsPercentNote)}</p>
        </section>
        {questions}
        {breakdown}
        <section aria-labelledby="export-title">
            <h2 id="export-title">{app.t(Consultations::ResultsExportTitle)}</h2>
            <div class="button-row">
                <button type="button" class="button button--secondary" data-testid="results-csv" on:click=export>
                    {app.t(Consultations::ResultsCsv)}
                </button>
                <A href=board attr:class="button button--secondary" {..} data-testid="results-board-link">
                    {app.t(Consultations::BoardLink)}
                </A>
            </div>
            <div role="status" class="status-region">
                {move || csv_status.get().map(|k| view! { <p>{app.t(k)}</p> })}
            </div>
            <p>{app.t(Consultations::ResultsVerify)}</p>
        </section>
    }
}

/// The results by district: per question a table with the districts as rows and the answers
/// (and the blank vote) as columns, then how many districts were suppressed (fewer voters
/// than the consultation's threshold).
#[component]
fn BreakdownView(results: ConsultationResults) -> impl IntoView {
    let app = use_app();
    let suppressed = results.suppressed_districts;
    let tables = results
        .questions
        .iter()
        .enumerate()
        .filter(|_| !results.breakdown.is_empty())
        .map(|(index, q)| {
            let headers = rows(q);
            let caption_id = format!("breakdown-q{index}-caption");
            let region_label = caption_id.clone();
            let districts: Vec<(String, u64, Vec<Row>)> = results
                .breakdown
                .iter()
                .map(|d| {
                    let cells = d.questions.get(index).map(rows).unwrap_or_default();
                    (d.district.clone(), d.voters, cells)
                })
                .collect();
            view! {
                <div class="table-wrap" role="region" aria-labelledby=region_label tabindex="0">
                    <table class="table result__table" data-testid="breakdown-table">
                        <caption id=caption_id>
                            {move || i18n::breakdown_table_caption(app.lang.get(), index + 1)}
                        </caption>
                        <thead>
                            <tr>
                                <th scope="col">{app.t(Consultations::ResultsColDistrict)}</th>
                                <th scope="col" class="table__number">{app.t(Consultations::ResultsColVoters)}</th>
                                {headers
                                    .into_iter()
                                    .map(|h| {
                                        view! {
                                            <th scope="col" class="table__number">
                                                {move || label(&h, app.lang.get())}
                                            </th>
                                        }
                                    })
                                    .collect_view()}
                            </tr>
                        </thead>
                        <tbody>
                            {districts
                                .into_iter()
                                .map(|(district, voters, cells)| {
                                    view! {
                                        <tr data-testid="breakdown-row">
                                            <th scope="row">{district}</th>
                                            <td class="table__number">{voters}</td>
                                            {cells
                                                .into_iter()
                                                .map(|c| view! { <td class="table__number">{c.count}</td> })
                                                .collect_view()}
                                        </tr>
                                    }
                                })
                                .collect_view()}
                        </tbody>
                    </table>
                </div>
            }
        })
        .collect_view();
    view! {
        <section aria-labelledby="breakdown-title" data-testid="results-breakdown">
            <h2 id="breakdown-title">{app.t(Consultations::ResultsBreakdownTitle)}</h2>
            <p class="form__note results-note">{app.t(Consultations::ResultsBreakdownNote)}</p>
            {tables}
            {(suppressed > 0)
                .then(|| {
                    view! {
                        <p data-testid="breakdown-suppressed">
                            {move || i18n::suppressed_districts(app.lang.get(), suppressed)}
                        </p>
                    }
                })}
        </section>
    }
}

/// Bar geometry of the charts (SVG user units; the chart scales to its box).
const CHART_WIDTH: u32 = 320;
const ROW_HEIGHT: u32 = 46;
const BAR_HEIGHT: u32 = 16;
const VALUE_SPACE: u32 = 96;
/// Longest answer shown in the chart (the table beside it has the whole text).
const CHART_LABEL_CHARS: usize = 44;

fn shorten(text: &str) -> String {
    if text.chars().count() <= CHART_LABEL_CHARS {
        text.to_owned()
    } else {
        let cut: String = text.chars().take(CHART_LABEL_CHARS - 1).collect();
        format!("{}…", cut.trim_end())
    }
}

#[component]
fn QuestionResultView(index: usize, q: QuestionResult, voted: u64) -> impl IntoView {
    let app = use_app();
    let rows = rows(&q);
    let heading_id = format!("result-q{index}");
    let chart_title = format!("chart-q{index}-title");
    let chart_desc = format!("chart-q{index}-desc");
    let labelled = format!("{chart_title} {chart_desc}");
    let question = q.question.clone();
    #[allow(clippy::cast_possible_truncation)] // Few rows.
    let height = ROW_HEIGHT * rows.len() as u32 + 8;
    let view_box = format!("0 0 {CHART_WIDTH} {height}");
    let max = rows.iter().map(|r| r.count).max().unwrap_or(0);
    let rows = StoredValue::new(rows);
    let description = move || {
        let lang = app.lang.get();
        rows.with_value(|rs| {
            rs.iter()
                .map(|r| {
                    i18n::result_item(
                        lang,
                        &label(r, lang),
                        r.count,
                        &percent(percentage(r.count, voted), lang),
                    )
                })
                .collect::<Vec<_>>()
                .join(" ; ")
        })
    };
    let bars = move || {
        let lang = app.lang.get();
        rows.with_value(|rs| {
            rs.iter()
                .enumerate()
                .map(|(i, r)| {
                    #[allow(clippy::cast_possible_truncation)]
                    let y = ROW_HEIGHT * i as u32 + 4;
                    let full = CHART_WIDTH - VALUE_SPACE;
                    #[allow(
                        clippy::cast_possible_truncation,
                        clippy::cast_sign_loss,
                        clippy::cast_precision_loss
                    )]
                    let width = if max == 0 {
                        0
                    } else {
                        ((r.count as f64 / max as f64) * f64::from(full)).round() as u32
                    };
                    let value = format!(
                        "{} ({})",
                        r.count,
                        percent(percentage(r.count, voted), lang)
                    );
                    let class = if r.label.is_none() {
                        "chart__bar chart__bar--blank"
                    } else {
                        "chart__bar"
                    };
                    view! {
                        <text class="chart__label" x="0" y=y + 13>{shorten(&label(r, lang))}</text>
                        <rect class="chart__track" x="0" y=y + 20 width=full height=BAR_HEIGHT></rect>
                        <rect class=class x="0" y=y + 20 width=width.max(1) height=BAR_HEIGHT></rect>
                        <text class="chart__value" x=full + 6 y=y + 33>{value}</text>
                    }
                })
                .collect_view()
        })
    };
    let table_rows = move || {
        let lang = app.lang.get();
        rows.with_value(|rs| {
            rs.iter()
                .map(|r| {
                    let blank = r.label.is_none();
                    view! {
                        <tr class:result__blank=blank data-testid="result-row">
                            <th scope="row">{label(r, lang)}</th>
                            <td class="table__number" data-testid="result-count">{r.count}</td>
                            <td class="table__number">{percent(percentage(r.count, voted), lang)}</td>
                        </tr>
                    }
                })
                .collect_view()
        })
    };
    let q_heading = question.clone();
    view! {
        <section class="result" aria-labelledby=heading_id.clone() data-testid="result-question">
            <h2 id=heading_id.clone()>
                <span class="visually-hidden">{move || i18n::question_number(app.lang.get(), index + 1)}</span>
                {move || q_heading.get(app.lang.get()).to_owned()}
            </h2>
            <svg
                class="chart"
                role="img"
                aria-labelledby=labelled
                viewBox=view_box
                preserveAspectRatio="xMinYMin meet"
                data-testid="result-chart"
            >
                <title id=chart_title>
                    {move || i18n::chart_title(app.lang.get(), question.get(app.lang.get()))}
                </title>
                <desc id=chart_desc>{description}</desc>
                {bars}
            </svg>
            <div class="table-wrap" role="region" aria-labelledby=format!("result-q{index}-caption") tabindex="0">
                <table class="table result__table" data-testid="result-table">
                    <caption id=format!("result-q{index}-caption")>
                        {move || i18n::results_table_caption(app.lang.get(), index + 1)}
                    </caption>
                    <thead>
                        <tr>
                            <th scope="col">{app.t(Consultations::ResultsColAnswer)}</th>
                            <th scope="col" class="table__number">{app.t(Consultations::ResultsColVotes)}</th>
                            <th scope="col" class="table__number">{app.t(Consultations::ResultsColPercent)}</th>
                        </tr>
                    </thead>
                    <tbody>{table_rows}</tbody>
                </table>
            </div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use protocol::consultations::{AnswerResult, Turnout};
    use protocol::requests::Localized;

    fn loc(fr: &str, en: &str) -> Localized {
        Localized {
            fr: fr.into(),
            en: en.into(),
        }
    }

    #[test]
    fn percentages_and_csv() {
        assert_eq!(percent(percentage(2, 3), Language::Fr), "66,7\u{a0}%");
        assert_eq!(percent(percentage(2, 3), Language::En), "66.7%");
        assert_eq!(percentage(1, 0), 0.0);
        let results = ConsultationResults {
            election_uuid: "u".into(),
            fingerprint: "f".into(),
            published_at: 0,
            questions: vec![QuestionResult {
                question: loc("Place \"piétonne\" ?", "Square?"),
                answers: vec![
                    AnswerResult {
                        answer: loc("Oui", "Yes"),
                        count: 2,
                    },
                    AnswerResult {
                        answer: loc("=Non", "No"),
                        count: 0,
                    },
                ],
                blank: Some(1),
            }],
            turnout: Turnout {
                electorate: 4,
                electorate_weight: 4,
                voted: 3,
                voted_weight: 3,
            },
            raw: String::new(),
            breakdown: Vec::new(),
            suppressed_districts: 0,
        };
        let csv = results_csv(&results, "Participation", Language::Fr);
        let lines: Vec<&str> = csv.split("\r\n").collect();
        assert!(lines[0].starts_with('\u{feff}'));
        assert_eq!(lines[1], "\"Place \"\"piétonne\"\" ?\";\"Oui\";2;66,7");
        assert_eq!(lines[2], "\"Place \"\"piétonne\"\" ?\";\"'=Non\";0;0,0");
        assert_eq!(
            lines[3],
            "\"Place \"\"piétonne\"\" ?\";\"Vote blanc\";1;33,3"
        );
        assert_eq!(lines[5], "\"Participation\";\"Votants\";3;75,0");
    }
}
