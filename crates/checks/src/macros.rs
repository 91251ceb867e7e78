//! [`declare_check!`]: a check's struct, id, title, scope and documentation in one place.

/// Declares a check's unit struct and its [`CheckMeta`](crate::CheckMeta). `reads` lists the
/// bundle's facts the check reads, by path (`region.ec2_instances`); the checks' tests find
/// them and say what to write when the list is wrong. The doc comment
/// becomes the check's documentation (shown by `maturity explain`), so write it with the
/// sections `## What it checks`, `## Why it matters` and `## How to fix`.
///
/// The optional field `across_accounts` says why the check's findings about one account read
/// other accounts' facts too (`"billing may be consolidated on the management account"`), for
/// whoever evaluates an organization account by account; the checks' tests find the checks that
/// do and hold the field to it ([`CheckMeta::across_accounts`](crate::CheckMeta::across_accounts)).
///
/// The optional last field `alternative` names what outside AWS can do the job of what the
/// check finds missing (`"Terraform, Pulumi or another infrastructure-as-code tool"`). Give it
/// only to checks that fail for a missing capability, never to checks that fail on a resource's
/// configuration (an open port, a public bucket): a valid attested answer can then decide the
/// control in place of those failures ([`CheckMeta::alternative`](crate::CheckMeta::alternative)).
///
/// ```ignore
/// declare_check! {
///     /// ## What it checks
///     /// …
///     pub(crate) struct Ec2Imdsv2Required {
///         id: "ec2-imdsv2-required",
///         title: "Running EC2 instances require IMDSv2",
///         scope: Resource,
///         reads: ["region.ec2_instances"],
///     }
/// }
/// ```
///
/// With an alternative:
///
/// ```ignore
/// declare_check! {
///     /// …
///     pub(crate) struct CloudformationManagesWorkloads {
///         id: "cloudformation-manages-workloads",
///         title: "Every region in use has live CloudFormation stacks",
///         scope: Region,
///         reads: ["account.enabled_regions", "region.cloudformation_stacks"],
///         alternative: "Terraform, Pulumi or another infrastructure-as-code tool",
///     }
/// }
/// ```
#[macro_export]
macro_rules! declare_check {
    (@option) => { ::core::option::Option::None };
    (@option $value:literal) => { ::core::option::Option::Some($value) };
    (
        $(#[doc = $doc:literal])*
        $vis:vis struct $name:ident {
            id: $id:literal,
            title: $title:literal,
            scope: $scope:ident,
            reads: [$($reads:literal),* $(,)?]
            $(, across_accounts: $across_accounts:literal)?
            $(, alternative: $alternative:literal)? $(,)?
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
                    across_accounts: $crate::declare_check!(@option $($across_accounts)?),
                    alternative: $crate::declare_check!(@option $($alternative)?),
                    reads: &[$($reads),*],
                    file: file!(),
                };
                &META
            }
        }
    };
}
