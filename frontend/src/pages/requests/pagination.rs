//! Previous / next links between pages of a list, with "page 2 of 5".

use leptos::prelude::*;
use leptos_router::components::A;

use crate::i18n::{self, Common};
use crate::state::use_app;

/// How many pages `total` items make at `per_page` a page (at least one).
pub fn page_count(total: u64, per_page: u32) -> u32 {
    let per_page = u64::from(per_page.max(1));
    u32::try_from(total.div_ceil(per_page).max(1)).unwrap_or(u32::MAX)
}

/// A `<nav>` with links to the previous and next pages; nothing when everything fits on one.
#[component]
pub fn Pagination(
    page: u32,
    total: u64,
    per_page: u32,
    /// The URL of a page.
    href: impl Fn(u32) -> String + 'static,
    /// The server stopped counting at `total`: there are more pages than it makes.
    #[prop(optional)]
    more: bool,
) -> impl IntoView {
    let app = use_app();
    let pages = page_count(total, per_page);
    (pages > 1 || more).then(|| {
        let prev = (page > 1).then(|| {
            let url = href(page - 1);
            view! {
                <A href=url attr:class="pagination__link" attr:rel="prev" {..} data-testid="page-prev">
                    <span aria-hidden="true">"← "</span>
                    {app.t(Common::PreviousPage)}
                </A>
            }
        });
        let next = (page < pages || more).then(|| {
            let url = href(page + 1);
            view! {
                <A href=url attr:class="pagination__link" attr:rel="next" {..} data-testid="page-next">
                    {app.t(Common::NextPage)}
                    <span aria-hidden="true">" →"</span>
                </A>
            }
        });
        view! {
            <nav class="pagination" aria-label=app.t(Common::PaginationLabel)>
                {prev}
                <p class="pagination__current">
                    {move || i18n::page_of(app.lang.get(), page, pages, more)}
                </p>
                {next}
            </nav>
        }
    })
}
