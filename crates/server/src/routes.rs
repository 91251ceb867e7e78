//! The routes, in one place: pages are GET; forms POST back (the questionnaire, the exceptions,
//! the imports, and the login). Every route is behind the access guard, and every POST behind the
//! forgery check ([`csrf::check`]), so a new route cannot miss either.

use axum::Router;
use axum::middleware;
use axum::routing::{get, post};

use crate::error::PageError;
use crate::pages::inputs;
use crate::state::AppState;
use crate::{auth, csrf, layout, pages};

/// Every route, behind the access guard.
pub(crate) fn router(state: AppState) -> Router {
    Router::new()
        .route("/", get(pages::overview::page))
        .route("/assessments/{id}", get(pages::assessment::page))
        .route("/assessments/{id}/roadmap", get(pages::roadmap::page))
        .route("/assessments/{id}/controls/{control}", get(pages::control::page))
        .route("/assessments/{id}/objectives/{objective}", get(pages::objective::page))
        .route("/diff", get(pages::diff::page))
        .route("/questionnaire", get(inputs::questionnaire::list))
        .route("/questionnaire/{id}", get(inputs::questionnaire::item).post(inputs::questionnaire::answer))
        .route("/questionnaire/{id}/withdraw", post(inputs::questionnaire::withdraw))
        .route("/exceptions", get(inputs::exceptions::list).post(inputs::exceptions::create))
        .route("/exceptions/{n}", get(inputs::exceptions::item).post(inputs::exceptions::edit))
        .route("/exceptions/{n}/retire", post(inputs::exceptions::retire))
        .route("/inputs", get(inputs::files::page))
        .route("/inputs/{file}", get(inputs::files::export).post(inputs::files::import))
        .route("/audit", get(inputs::audit::page))
        .route("/login", get(auth::login_form).post(auth::login))
        .route("/logout", post(auth::logout))
        .route("/assets/report.css", get(|| async { layout::stylesheet(maturity_report::html::STYLE) }))
        .route("/assets/dashboard.css", get(|| async { layout::stylesheet(layout::DASHBOARD_CSS) }))
        .fallback(|| async { PageError::NotFound("There is no such page.".to_owned()) })
        .layer(middleware::from_fn_with_state(state.clone(), csrf::check))
        .layer(middleware::from_fn_with_state(state.clone(), auth::guard))
        .with_state(state)
}
