//! Stable codes for typed values: each variant's snake_case identifier is written once, and
//! `code()` and the `CODES` list (which the JSON schema and README tables are checked against)
//! are both generated from it, so neither can forget a variant the other has.

/// `codes!(Type { Variant => "code", … })` implements `Type::code(&self)` and `Type::CODES`.
/// The match is exhaustive, so a new variant without a code does not compile. After a `;`,
/// a `Variant(inner) => inner.code()` arm delegates one tuple variant to another type's codes;
/// its codes are not in this type's `CODES`.
macro_rules! codes {
    ($ty:ident { $($variant:ident => $code:literal),+ $(,)? }) => {
        $crate::codes::codes!($ty { $($variant => $code),+ ; });
    };
    ($ty:ident { $($variant:ident => $code:literal),+ ; $($other:ident($inner:ident) => $delegate:expr)? $(,)? }) => {
        impl $ty {
            /// The stable identifier scripts match on.
            pub fn code(&self) -> &'static str {
                match self {
                    $($ty::$variant { .. } => $code,)+
                    $($ty::$other($inner) => $delegate,)?
                }
            }

            /// Every code of its own, for documentation and tests.
            pub const CODES: &'static [&'static str] = &[$($code),+];
        }
    };
}

pub(crate) use codes;
