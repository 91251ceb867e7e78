//! [`declare_check!`]: a check's struct, id, title, scope and documentation in one place.

/// Declares a check's unit struct and its [`CheckMeta`](crate::CheckMeta). The doc comment
/// becomes the check's documentation (shown by `maturity explain`), so write it with the
/// sections `## What it checks`, `## Why it matters` and `## How to fix`.
///
/// ```ignore
/// declare_check! {
///     /// ## What it checks
///     /// …
///     pub(crate) struct Ec2Imdsv2Required {
///         id: "ec2-imdsv2-required",
///         title: "Running EC2 instances require IMDSv2",
///         scope: Resource,
///     }
/// }
/// ```
#[macro_export]
macro_rules! declare_check {
    (
        $(#[doc = $doc:literal])*
        $vis:vis struct $name:ident {
            id: $id:literal,
            title: $title:literal,
            scope: $scope:ident $(,)?
        }
    ) => {
        $(#[doc = $doc])*
        #[derive(Debug, Clone, Copy)]
        $vis struct $name;

        impl $crate::Described for $name {
            fn meta(&self) -> &'static $crate::CheckMeta {
                static META: $crate::CheckMeta = $crate::CheckMeta {
                    id: $id,
                    title: $title,
                    scope: $crate::Scope::$scope,
                    doc: concat!($($doc, "\n"),*),
                };
                &META
            }
        }
    };
}
