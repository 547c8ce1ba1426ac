//! The optional map of the request form: a 4 × 3 grid of slippy-map tiles (Web Mercator,
//! computed here), shown when the town has a tile server (`TownInfo::map_tile_url`).
//!
//! A click on a tile sets the request's position; buttons pan, zoom and put the point at the
//! map's centre (marked by a cross), so that the map works with a keyboard too. The tiles are
//! hidden from assistive technologies (the address field, the "use my position" button and the
//! coordinates stay the accessible way to say where): only the buttons are exposed. The marker
//! and the cross are drawn in an SVG over the grid, placed with SVG attributes — no inline
//! style, which the Content-Security-Policy forbids.

use std::f64::consts::PI;

use leptos::prelude::*;
use protocol::requests::Location;
use wasm_bindgen::JsCast;

use crate::i18n::{Key, Requests, Text};
use crate::state::use_app;

/// Side of a tile, in pixels of the world map.
const TILE: f64 = 256.0;
/// Tiles across and down.
const COLS: i64 = 4;
const ROWS: i64 = 3;
/// Zoom levels the buttons allow.
const MIN_ZOOM: u8 = 3;
const MAX_ZOOM: u8 = 19;
/// Where the map starts when the town set no centre: metropolitan France.
const FALLBACK: (f64, f64, u8) = (46.6, 2.4, 6);
/// Web Mercator stops at about ±85.05°.
const MAX_LAT: f64 = 85.051_128_78;

/// Size of the world map at `zoom`, in pixels.
fn world(zoom: u8) -> f64 {
    TILE * f64::from(1_u32 << zoom.min(30))
}

/// Latitude and longitude to world pixels at `zoom` (Web Mercator, EPSG:3857).
pub fn project(lat: f64, lon: f64, zoom: u8) -> (f64, f64) {
    let n = world(zoom);
    let phi = lat.clamp(-MAX_LAT, MAX_LAT).to_radians();
    let x = (lon + 180.0) / 360.0 * n;
    let y = (1.0 - (phi.tan() + 1.0 / phi.cos()).ln() / PI) / 2.0 * n;
    (x, y)
}

/// World pixels at `zoom` back to latitude and longitude (longitude brought into −180..180).
pub fn unproject(x: f64, y: f64, zoom: u8) -> (f64, f64) {
    let n = world(zoom);
    let lon = (x / n * 360.0).rem_euclid(360.0) - 180.0;
    let lat = (PI * (1.0 - 2.0 * y / n)).sinh().atan().to_degrees();
    (lat, lon)
}

/// What the map shows: the zoom and the top-left tile of the grid. The centre of the grid is
/// the map's centre.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct View {
    pub zoom: u8,
    pub x0: i64,
    pub y0: i64,
}

impl View {
    /// Tiles across the world at this zoom.
    fn span(self) -> i64 {
        1_i64 << self.zoom.min(30)
    }

    /// The grid whose centre is nearest to the point.
    #[allow(clippy::cast_possible_truncation)] // Tile indices are far below 2^53.
    pub fn around(lat: f64, lon: f64, zoom: u8) -> Self {
        let zoom = zoom.clamp(MIN_ZOOM, MAX_ZOOM);
        let (x, y) = project(lat, lon, zoom);
        let half_cols = COLS as f64 / 2.0;
        let half_rows = ROWS as f64 / 2.0;
        let view = Self {
            zoom,
            x0: (x / TILE - half_cols).round() as i64,
            y0: (y / TILE - half_rows).round() as i64,
        };
        view.clamped()
    }

    /// Keeps the grid within the world from north to south.
    fn clamped(self) -> Self {
        let max = (self.span() - ROWS).max(0);
        Self {
            y0: self.y0.clamp(0, max),
            ..self
        }
    }

    /// The point at the centre of the grid.
    #[allow(clippy::cast_precision_loss)]
    pub fn centre(self) -> (f64, f64) {
        let x = (self.x0 as f64 + COLS as f64 / 2.0) * TILE;
        let y = (self.y0 as f64 + ROWS as f64 / 2.0) * TILE;
        unproject(x, y, self.zoom)
    }

    /// One tile east (`dx` = 1), west, south (`dy` = 1) or north.
    pub fn pan(self, dx: i64, dy: i64) -> Self {
        Self {
            x0: (self.x0 + dx).rem_euclid(self.span()),
            y0: self.y0 + dy,
            ..self
        }
        .clamped()
    }

    /// One zoom level in (`delta` = 1) or out, around the centre.
    pub fn zoomed(self, delta: i8) -> Self {
        let zoom = self
            .zoom
            .saturating_add_signed(delta)
            .clamp(MIN_ZOOM, MAX_ZOOM);
        let (lat, lon) = self.centre();
        Self::around(lat, lon, zoom)
    }

    /// The tile shown at (`col`, `row`) of the grid, as `(x, y)` for the tile URL; `None`
    /// beyond the poles.
    pub fn tile(self, col: i64, row: i64) -> Option<(i64, i64)> {
        let y = self.y0 + row;
        (0..self.span())
            .contains(&y)
            .then(|| ((self.x0 + col).rem_euclid(self.span()), y))
    }

    /// The point at a fraction (`fx`, `fy`, 0 to 1) of the tile at (`col`, `row`).
    #[allow(clippy::cast_precision_loss)]
    pub fn point_at(self, col: i64, row: i64, fx: f64, fy: f64) -> (f64, f64) {
        let x = ((self.x0 + col) as f64 + fx) * TILE;
        let y = ((self.y0 + row) as f64 + fy) * TILE;
        unproject(x, y, self.zoom)
    }

    /// Where a point falls on the grid, in pixels from its top-left corner (the grid is
    /// `COLS × 256` by `ROWS × 256`); `None` when it is off the grid.
    #[allow(clippy::cast_precision_loss)]
    pub fn offset_of(self, lat: f64, lon: f64) -> Option<(f64, f64)> {
        let (x, y) = project(lat, lon, self.zoom);
        let dx = (x - self.x0 as f64 * TILE).rem_euclid(world(self.zoom));
        let dy = y - self.y0 as f64 * TILE;
        let inside =
            (0.0..=COLS as f64 * TILE).contains(&dx) && (0.0..=ROWS as f64 * TILE).contains(&dy);
        inside.then_some((dx, dy))
    }
}

/// A tile's URL from the server's template (`…/{z}/{x}/{y}.png`).
pub fn tile_url(template: &str, zoom: u8, x: i64, y: i64) -> String {
    template
        .replace("{z}", &zoom.to_string())
        .replace("{x}", &x.to_string())
        .replace("{y}", &y.to_string())
}

/// Whether the tiles come from OpenStreetMap's servers (which must be credited).
fn is_osm(template: &str) -> bool {
    let host = template
        .split("://")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .unwrap_or("");
    let host = host.split(':').next().unwrap_or("");
    host == "openstreetmap.org" || host.ends_with(".openstreetmap.org")
}

/// Rounds to five decimals (about a metre), as the geolocation does.
fn round5(v: f64) -> f64 {
    (v * 100_000.0).round() / 100_000.0
}

/// The map. `location` is the request's position, which a click or the "point at the
/// centre" button sets (then `on_pick` runs); a position set elsewhere (geolocation) moves the
/// map to it.
#[component]
pub fn RequestMap(
    template: String,
    location: RwSignal<Option<Location>>,
    on_pick: impl Fn() + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let app = use_app();
    let start = move || {
        let town = app.town.with_untracked(|t| {
            t.as_ref().and_then(|t| {
                t.map_center
                    .map(|c| (c.lat, c.lon, t.map_zoom.unwrap_or(15)))
            })
        });
        let (lat, lon, zoom) = town.unwrap_or(FALLBACK);
        match location.get_untracked() {
            Some(loc) => View::around(loc.lat, loc.lon, zoom.max(15)),
            None => View::around(lat, lon, zoom),
        }
    };
    let view = RwSignal::new(start());
    // A position found by geolocation: bring it into view.
    Effect::new(move |_| {
        if let Some(loc) = location.get() {
            let v = view.get_untracked();
            if v.offset_of(loc.lat, loc.lon).is_none() {
                view.set(View::around(loc.lat, loc.lon, v.zoom));
            }
        }
    });
    let pick = move |lat: f64, lon: f64| {
        location.set(Some(Location {
            lat: round5(lat),
            lon: round5(lon),
        }));
        on_pick();
    };

    let template = StoredValue::new(template);
    let tiles = move || {
        let v = view.get();
        (0..ROWS)
            .flat_map(|row| (0..COLS).map(move |col| (col, row)))
            .map(|(col, row)| match v.tile(col, row) {
                Some((x, y)) => {
                    let src = template.with_value(|t| tile_url(t, v.zoom, x, y));
                    let on_click = move |ev: leptos::ev::MouseEvent| {
                        let Some(el) = ev
                            .target()
                            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                        else {
                            return;
                        };
                        let (w, h) = (f64::from(el.client_width()), f64::from(el.client_height()));
                        if w <= 0.0 || h <= 0.0 {
                            return;
                        }
                        let fx = (f64::from(ev.offset_x()) / w).clamp(0.0, 1.0);
                        let fy = (f64::from(ev.offset_y()) / h).clamp(0.0, 1.0);
                        let (lat, lon) = v.point_at(col, row, fx, fy);
                        pick(lat, lon);
                    };
                    view! {
                        <img
                            class="map__tile"
                            src=src
                            alt=""
                            width="256"
                            height="256"
                            draggable="false"
                            decoding="async"
                            referrerpolicy="strict-origin-when-cross-origin"
                            data-tile=format!("{}/{x}/{y}", v.zoom)
                            on:click=on_click
                        />
                    }
                    .into_any()
                }
                None => view! { <span class="map__tile map__tile--blank"></span> }.into_any(),
            })
            .collect_view()
    };
    let marker = move || {
        let loc = location.get()?;
        let (x, y) = view.get().offset_of(loc.lat, loc.lon)?;
        Some(view! {
            <g class="map__pin">
                <circle class="map__marker-halo" cx=x cy=y r="14" />
                <circle class="map__marker" cx=x cy=y r="9" data-testid="map-marker" />
            </g>
        })
    };
    // The centre of the grid, marked by a cross (the "point at the centre" button uses it).
    #[allow(clippy::cast_precision_loss)]
    let (cx, cy) = (COLS as f64 * TILE / 2.0, ROWS as f64 * TILE / 2.0);
    let view_box = format!("0 0 {} {}", COLS as f64 * TILE, ROWS as f64 * TILE);

    let button =
        move |label: Key, glyph: &'static str, testid: &'static str, action: fn(View) -> View| {
            let disabled = move || action(view.get()) == view.get();
            view! {
                <button
                    type="button"
                    class="button button--secondary map__button"
                    aria-label=app.t(label)
                    title=app.t(label)
                    aria-disabled=move || disabled().then_some("true")
                    data-testid=testid
                    on:click=move |_| view.update(|v| *v = action(*v))
                >
                    <span aria-hidden="true">{glyph}</span>
                </button>
            }
        };
    let pick_centre = move |_| {
        let (lat, lon) = view.get_untracked().centre();
        pick(lat, lon);
    };
    let attribution = {
        let osm = template.with_value(|t| is_osm(t));
        move || {
            let lang = app.lang.get();
            let configured = app
                .town
                .with(|t| t.as_ref().and_then(|t| t.map_attribution.clone()));
            match configured {
                Some(text) => Some(view! { <p class="map__attribution" data-testid="map-attribution">{text}</p> }.into_any()),
                None if osm => Some(
                    view! {
                        <p class="map__attribution" data-testid="map-attribution">
                            <a href="https://www.openstreetmap.org/copyright" rel="noopener noreferrer">
                                {Requests::MapOsmAttribution.text(lang)}
                                <span class="visually-hidden">{format!(" ({})", Requests::OpensOtherSite.text(lang))}</span>
                            </a>
                        </p>
                    }
                    .into_any(),
                ),
                None => None,
            }
        }
    };

    view! {
        <div class="map" data-testid="map">
            <p class="field__hint" id="map-hint">{app.t(Requests::MapHint)}</p>
            <div class="map__view" aria-hidden="true" data-testid="map-view">
                {tiles}
                <svg class="map__overlay" viewBox=view_box focusable="false">
                    <g class="map__cross">
                        <line x1=cx - 14.0 y1=cy x2=cx + 14.0 y2=cy />
                        <line x1=cx y1=cy - 14.0 x2=cx y2=cy + 14.0 />
                    </g>
                    {marker}
                </svg>
            </div>
            <div class="map__controls" role="group" aria-label=app.t(Requests::MapControlsLabel) aria-describedby="map-hint">
                <div class="map__pad">
                    {button(Requests::MapWest.into(), "←", "map-west", |v| v.pan(-1, 0))}
                    {button(Requests::MapNorth.into(), "↑", "map-north", |v| v.pan(0, -1))}
                    {button(Requests::MapSouth.into(), "↓", "map-south", |v| v.pan(0, 1))}
                    {button(Requests::MapEast.into(), "→", "map-east", |v| v.pan(1, 0))}
                </div>
                <div class="map__pad">
                    {button(Requests::MapZoomIn.into(), "+", "map-zoom-in", |v| v.zoomed(1))}
                    {button(Requests::MapZoomOut.into(), "−", "map-zoom-out", |v| v.zoomed(-1))}
                </div>
                <button type="button" class="button button--secondary map__pick" data-testid="map-pick-centre" on:click=pick_centre>
                    {app.t(Requests::MapPickCentre)}
                </button>
            </div>
            {attribution}
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, eps: f64) -> bool {
        (a - b).abs() < eps
    }

    #[test]
    fn mercator_round_trips_and_matches_known_tiles() {
        // Paris, Notre-Dame, at zoom 15: tile 16597/11273 (as OpenStreetMap numbers it).
        let (x, y) = project(48.853, 2.3499, 15);
        assert_eq!(((x / TILE) as i64, (y / TILE) as i64), (16597, 11273));
        let (lat, lon) = unproject(x, y, 15);
        assert!(close(lat, 48.853, 1e-9) && close(lon, 2.3499, 1e-9));
        // The origin is the north-west corner of the world.
        let (lat, lon) = unproject(0.0, 0.0, 3);
        assert!(close(lat, MAX_LAT, 1e-6) && close(lon, -180.0, 1e-9));
    }

    #[test]
    fn views_centre_on_the_point_pan_and_zoom() {
        let v = View::around(48.853, 2.3499, 15);
        let (dx, dy) = v.offset_of(48.853, 2.3499).unwrap();
        // Within half a tile of the grid's centre.
        assert!((dx - 512.0).abs() <= 128.0 && (dy - 384.0).abs() <= 128.0);
        let (lat, lon) = v.centre();
        assert!(close(lat, 48.853, 0.01) && close(lon, 2.3499, 0.01));
        // A click on the centre of a tile gives that tile's centre.
        let (lat, lon) = v.point_at(1, 1, 0.5, 0.5);
        let (x, y) = project(lat, lon, 15);
        assert!(close(x, (v.x0 as f64 + 1.5) * TILE, 1e-6));
        assert!(close(y, (v.y0 as f64 + 1.5) * TILE, 1e-6));
        // Panning moves by one tile; the point leaves the view after a few.
        assert_eq!(v.pan(1, 0).x0, v.x0 + 1);
        assert_eq!(v.pan(0, -1).y0, v.y0 - 1);
        assert!(v.pan(3, 0).offset_of(48.853, 2.3499).is_none());
        // Zooming keeps the centre.
        let z = v.zoomed(1);
        assert_eq!(z.zoom, 16);
        let (lat2, lon2) = z.centre();
        let (lat1, lon1) = v.centre();
        assert!(close(lat1, lat2, 0.005) && close(lon1, lon2, 0.005));
        assert_eq!(View::around(0.0, 0.0, MAX_ZOOM).zoomed(1).zoom, MAX_ZOOM);
        assert_eq!(View::around(0.0, 0.0, MIN_ZOOM).zoomed(-1).zoom, MIN_ZOOM);
    }

    #[test]
    fn the_grid_stays_in_the_world() {
        let north = View::around(85.0, 0.0, 3);
        assert_eq!(north.y0, 0);
        assert_eq!(north.pan(0, -1), north);
        let south = View::around(-85.0, 0.0, 3);
        assert_eq!(south.y0, 8 - ROWS);
        // Longitudes wrap around.
        let v = View::around(0.0, 179.9, 3);
        assert!(
            v.tile(COLS - 1, 0)
                .is_some_and(|(x, _)| (0..8).contains(&x))
        );
        let (_, lon) = v.point_at(COLS - 1, 1, 0.9, 0.5);
        assert!((-180.0..=180.0).contains(&lon));
    }

    #[test]
    fn tile_urls_and_credits() {
        assert_eq!(
            tile_url(
                "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
                15,
                16597,
                11273
            ),
            "https://tile.openstreetmap.org/15/16597/11273.png"
        );
        assert!(is_osm("https://tile.openstreetmap.org/{z}/{x}/{y}.png"));
        assert!(!is_osm("https://tiles.mairie.fr/{z}/{x}/{y}.png"));
        assert!(!is_osm(
            "https://openstreetmap.org.evil.example/{z}/{x}/{y}.png"
        ));
    }
}
