//! Paginated calls, read to the end one way: every page is fetched in order (the call counter
//! counts each one), mapped to its items, and a page that fails ends the list with that call's
//! classified problem. A list with a missing page is never evidence.
//!
//! [`all`] reads an SDK paginator, which ends on an absent or empty token. A token that was
//! already given fails the list, whichever reader: the SDK's paginator would stop silently when a
//! page repeats the token it was asked with (a list cut short, read as whole) and loop forever
//! on a cycle of two or more tokens. Each page type names its token through [`Page`]
//! (`page_tokens.rs`). [`by_token`] drives the operations the SDK has no paginator for.

use std::collections::BTreeSet;
use std::future::Future;

use aws_smithy_async::future::pagination_stream::PaginationStream;
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;

use super::Call;
pub(crate) use super::page_tokens::Page;
use crate::classify::{OrProblem, Problem, classify, has_code};

/// The pages of an SDK paginator (`client.list_keys().into_paginator().send()`).
pub(crate) type Pages<P, E> = PaginationStream<Result<P, SdkError<E, HttpResponse>>>;

/// Every item of every page of `call`, each page mapped by `items`.
pub(crate) async fn all<P, E, T>(
    call: Call,
    pages: Pages<P, E>,
    mut items: impl FnMut(P) -> Vec<T>,
) -> Result<Vec<T>, Problem>
where
    P: Page,
    E: ProvideErrorMetadata + std::error::Error + 'static,
{
    try_all(call, pages, |page| Ok(items(page))).await
}

/// Like [`all`], for pages whose reading can fail (a document that does not parse): the first
/// page that cannot be read fails the list.
pub(crate) async fn try_all<P, E, T>(
    call: Call,
    pages: Pages<P, E>,
    items: impl FnMut(P) -> Result<Vec<T>, Problem>,
) -> Result<Vec<T>, Problem>
where
    P: Page,
    E: ProvideErrorMetadata + std::error::Error + 'static,
{
    Ok(read(call, pages, &[], items).await?.unwrap_or_default())
}

/// Like [`all`], for a service that answers "nothing configured here" with an error: a first page
/// that fails with one of the `nothing` codes gives `None`. The same code on a later page fails
/// the list, as any other error does.
pub(crate) async fn all_unless<P, E, T>(
    call: Call,
    pages: Pages<P, E>,
    nothing: &[&str],
    mut items: impl FnMut(P) -> Vec<T>,
) -> Result<Option<Vec<T>>, Problem>
where
    P: Page,
    E: ProvideErrorMetadata + std::error::Error + 'static,
{
    read(call, pages, nothing, |page| Ok(items(page))).await
}

async fn read<P, E, T>(
    call: Call,
    mut pages: Pages<P, E>,
    nothing: &[&str],
    mut items: impl FnMut(P) -> Result<Vec<T>, Problem>,
) -> Result<Option<Vec<T>>, Problem>
where
    P: Page,
    E: ProvideErrorMetadata + std::error::Error + 'static,
{
    let mut found = Vec::new();
    let mut given = BTreeSet::new();
    let mut first = true;
    while let Some(page) = pages.next().await {
        match page {
            Ok(page) => {
                if let Some(token) = page.next_token().filter(|token| !token.is_empty())
                    && !given.insert(token.to_owned())
                {
                    return Err(repeated(call, token));
                }
                found.extend(items(page)?);
            }
            Err(error) if first && has_code(&error, nothing) => return Ok(None),
            Err(error) => return Err(classify(call, &error)),
        }
        first = false;
    }
    Ok(Some(found))
}

/// The problem of a list whose service gave a page token twice: the pages after it are unknown.
fn repeated(call: Call, token: &str) -> Problem {
    Problem::Failed(format!(
        "{} answered a page token it had already given ({token}): the list never ends",
        call.operation
    ))
}

/// Every item of `call` for an operation without an SDK paginator: `fetch` sends the request for a
/// page token (none for the first page), and `read` maps the answer to its items and the next
/// token. An absent or empty token ends the list; a token that was already asked fails it.
pub(crate) async fn by_token<P, E, T, Fut>(
    call: Call,
    mut fetch: impl FnMut(Option<String>) -> Fut,
    mut read: impl FnMut(P) -> (Vec<T>, Option<String>),
) -> Result<Vec<T>, Problem>
where
    Fut: Future<Output = Result<P, SdkError<E, HttpResponse>>>,
    E: ProvideErrorMetadata + std::error::Error + 'static,
{
    let mut found = Vec::new();
    let mut asked = BTreeSet::new();
    let mut token: Option<String> = None;
    loop {
        let (items, next) = read(fetch(token.take()).await.or_problem(call)?);
        found.extend(items);
        match next {
            Some(next) if !next.is_empty() => {
                if !asked.insert(next.clone()) {
                    return Err(repeated(call, &next));
                }
                token = Some(next);
            }
            _ => return Ok(found),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::fmt;

    use aws_smithy_runtime_api::http::StatusCode;
    use aws_smithy_types::body::SdkBody;
    use aws_smithy_types::error::ErrorMetadata;

    use super::*;

    const LIST_THINGS: Call = Call::same("things:ListThings");

    #[derive(Debug)]
    struct ServiceError(ErrorMetadata);

    impl fmt::Display for ServiceError {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write!(f, "{:?}", self.0.code())
        }
    }

    impl std::error::Error for ServiceError {}

    impl ProvideErrorMetadata for ServiceError {
        fn meta(&self) -> &ErrorMetadata {
            &self.0
        }
    }

    type Answer = Result<(Vec<u32>, Option<String>), SdkError<ServiceError, HttpResponse>>;

    fn denied() -> SdkError<ServiceError, HttpResponse> {
        let meta = ErrorMetadata::builder().code("AccessDenied").build();
        let raw = HttpResponse::new(StatusCode::try_from(403).unwrap_or_else(|_| unreachable!()), SdkBody::empty());
        SdkError::service_error(ServiceError(meta), raw)
    }

    /// Answers the pages in order, by position; records the tokens asked.
    async fn read_pages(pages: Vec<Answer>) -> (Result<Vec<u32>, Problem>, Vec<Option<String>>) {
        let mut pages = pages.into_iter();
        let mut asked = Vec::new();
        let result = by_token(
            LIST_THINGS,
            |token| {
                asked.push(token);
                std::future::ready(pages.next().unwrap_or(Ok((Vec::new(), None))))
            },
            |page| page,
        )
        .await;
        (result, asked)
    }

    #[tokio::test]
    async fn pages_are_read_until_the_token_is_absent_or_empty() {
        let (result, asked) =
            read_pages(vec![Ok((vec![1, 2], Some("a".into()))), Ok((vec![3], Some("b".into()))), Ok((vec![4], None))])
                .await;
        assert_eq!(result, Ok(vec![1, 2, 3, 4]));
        assert_eq!(asked, vec![None, Some("a".to_owned()), Some("b".to_owned())]);
        let (result, asked) = read_pages(vec![Ok((vec![1], Some(String::new())))]).await;
        assert_eq!((result, asked.len()), (Ok(vec![1]), 1));
    }

    #[tokio::test]
    async fn a_token_given_twice_fails_the_list_instead_of_looping() {
        let (result, asked) = read_pages(vec![
            Ok((vec![1], Some("a".into()))),
            Ok((vec![2], Some("b".into()))),
            Ok((vec![3], Some("a".into()))),
        ])
        .await;
        assert!(matches!(&result, Err(Problem::Failed(why)) if why.contains("things:ListThings")), "{result:?}");
        assert_eq!(asked.len(), 3);
    }

    /// A page of an SDK-paginated list in these tests: its items and the token after it.
    #[derive(Debug, Clone)]
    struct ListPage(Vec<u32>, Option<&'static str>);

    impl Page for ListPage {
        fn next_token(&self) -> Option<&str> {
            self.1
        }
    }

    /// A paginator answering `pages` in order, then again from the start for as long as it is
    /// read when `forever` (a service whose tokens go round), else ending.
    fn paginator(pages: Vec<ListPage>, forever: bool) -> Pages<ListPage, ServiceError> {
        use aws_smithy_async::future::pagination_stream::{PaginationStream, fn_stream::FnStream};
        PaginationStream::new(FnStream::new(move |sender| {
            Box::pin(async move {
                loop {
                    for page in &pages {
                        if sender.send(Ok(page.clone())).await.is_err() {
                            return;
                        }
                    }
                    if !forever {
                        return;
                    }
                }
            })
        }))
    }

    #[tokio::test]
    async fn a_paginator_is_read_to_its_last_page() {
        let pages = vec![ListPage(vec![1], Some("a")), ListPage(vec![2], Some("b")), ListPage(vec![3], Some(""))];
        assert_eq!(all(LIST_THINGS, paginator(pages, false), |page| page.0).await, Ok(vec![1, 2, 3]));
    }

    #[tokio::test]
    async fn a_paginator_whose_tokens_go_round_fails_the_list_instead_of_looping() {
        let pages = vec![ListPage(vec![1], Some("a")), ListPage(vec![2], Some("b"))];
        let result = all(LIST_THINGS, paginator(pages, true), |page| page.0).await;
        assert!(matches!(&result, Err(Problem::Failed(why)) if why.contains("(a)")), "{result:?}");
    }

    #[tokio::test]
    async fn a_page_repeating_the_token_it_was_asked_with_fails_the_list() {
        // The SDK's paginator stops there on its own, after handing over this page: the list
        // would end early and look whole.
        let pages = vec![ListPage(vec![1], Some("a")), ListPage(vec![2], Some("a"))];
        let result = all(LIST_THINGS, paginator(pages, false), |page| page.0).await;
        assert!(matches!(&result, Err(Problem::Failed(why)) if why.contains("things:ListThings")), "{result:?}");
    }

    #[tokio::test]
    async fn a_page_that_fails_fails_the_list_with_the_calls_problem() {
        let (result, _) = read_pages(vec![Ok((vec![1], Some("a".into()))), Err(denied())]).await;
        assert_eq!(result, Err(Problem::Denied("things:ListThings".to_owned())));
    }
}
