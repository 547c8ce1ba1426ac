//! The list of categories, one table per group.

use super::*;

/// The categories, one table per group (groups in alphabetical order, the unnamed one last).
#[component]
pub(super) fn CategoryList(
    mode: RwSignal<Mode>,
    notice: RwSignal<Option<Key>>,
    focus_after: StoredValue<Option<String>>,
) -> impl IntoView {
    let app = use_app();
    let data: Loader<Result<Vec<Category>, ApiError>> = Loader::new(|| (), |()| api::categories());
    // Once the list is shown, the keyboard focus goes where the last action asked.
    Effect::new(move |_| {
        if data.with(|d| d.is_some())
            && let Some(id) = focus_after.get_value()
        {
            focus_after.set_value(None);
            request_animation_frame(move || focus_by_id(&id));
        }
    });
    let create = move |_| {
        notice.set(None);
        mode.set(Mode::New);
    };
    let groups = move |loaded: Result<Vec<Category>, ApiError>| {
        let lang = app.lang.get();
        let list = match loaded {
            Ok(list) => list,
            Err(e) => {
                return Some(view! { <LoadFailed error=e retry=data.retry() /> }.into_any());
            }
        };
        if list.is_empty() {
            return Some(
                view! { <p class="empty-state" data-testid="categories-empty">{app.t(Staff::CategoriesEmpty)}</p> }
                    .into_any(),
            );
        }
        let mut groups: Vec<(String, Vec<Category>)> = Vec::new();
        for c in list {
            match groups.iter_mut().find(|(g, _)| *g == c.group) {
                Some((_, items)) => items.push(c),
                None => groups.push((c.group.clone(), vec![c])),
            }
        }
        groups.sort_by(|(a, _), (b, _)| {
            (a.is_empty(), a.to_lowercase()).cmp(&(b.is_empty(), b.to_lowercase()))
        });
        let sections = groups
            .into_iter()
            .enumerate()
            .map(|(i, (group, mut items))| {
                items.sort_by_key(|c| c.name.get(lang).to_lowercase());
                let title_id = intern(format!("group-{i}"));
                let title = if group.is_empty() {
                    Staff::NoGroup.text(lang).to_owned()
                } else {
                    group
                };
                let rows = items
                    .into_iter()
                    .map(|c| view! { <CategoryRow category=c mode=mode notice=notice focus_after=focus_after /> })
                    .collect_view();
                view! {
                    <section class="section category-group" aria-labelledby=title_id>
                        <h2 id=title_id>{title}</h2>
                        <div class="table-wrap" role="region" aria-labelledby=title_id tabindex="0">
                            <table class="table table--list table--stack" aria-labelledby=title_id data-testid="category-table">
                                <thead>
                                    <tr>
                                        <th scope="col">{Staff::ColName.text(lang)}</th>
                                        <th scope="col">{Staff::ColCode.text(lang)}</th>
                                        <th scope="col">{Staff::ColState.text(lang)}</th>
                                        <th scope="col">{Staff::ColQuestions.text(lang)}</th>
                                        <th scope="col">{Staff::ColActions.text(lang)}</th>
                                    </tr>
                                </thead>
                                <tbody>{rows}</tbody>
                            </table>
                        </div>
                    </section>
                }
            })
            .collect_view();
        Some(sections.into_any())
    };
    view! {
        <div class="page-actions">
            <button type="button" id="new-category" class="button button--primary" data-testid="new-category" on:click=create>
                <span aria-hidden="true">"+\u{a0}"</span>
                {app.t(Staff::NewCategory)}
            </button>
        </div>
        <Load loader=data children=groups />
    }
}

#[component]
pub(super) fn CategoryRow(
    category: Category,
    mode: RwSignal<Mode>,
    notice: RwSignal<Option<Key>>,
    focus_after: StoredValue<Option<String>>,
) -> impl IntoView {
    let app = use_app();
    let lang = app.lang.get_untracked();
    let name = category.name.get(lang).to_owned();
    let code = category.code.clone();
    let active = category.active;
    let questions = category.attributes.len();
    let edit_id = intern(format!("edit-{code}"));
    let data_code = code.clone();
    let label = i18n::edit_category(lang, &name);
    let edit = move |_| {
        notice.set(None);
        focus_after.set_value(Some(edit_id.to_owned()));
        mode.set(Mode::Edit(Box::new(category.clone())));
    };
    view! {
        <tr data-testid="category-row" data-code=data_code class:table__row--muted=!active>
            <th scope="row">{name}</th>
            <td data-label=Staff::ColCode.text(lang)><span class="code">{code}</span></td>
            <td data-label=Staff::ColState.text(lang)>
                {if active {
                    view! { <span class="state-badge state-badge--active">{Staff::CategoryActive.text(lang)}</span> }
                } else {
                    view! { <span class="state-badge state-badge--retired">{Staff::CategoryRetired.text(lang)}</span> }
                }}
            </td>
            <td data-label=Staff::ColQuestions.text(lang)>{i18n::question_count(lang, questions)}</td>
            <td class="table__action">
                <button
                    type="button"
                    id=edit_id
                    class="button button--secondary button--small"
                    aria-label=label
                    data-testid="edit-category"
                    on:click=edit
                >
                    {Common::Edit.text(lang)}
                </button>
            </td>
        </tr>
    }
}
