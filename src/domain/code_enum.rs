//! Enumerations stored and exported by a stable code (`sub_processor`) and shown
//! to people by a label ("Sub-processor"). The codes are part of the CSV and JSON
//! contract: never rename one, add a new variant instead.

/// An enumeration kept by code: what a field of a record needs to read,
/// show and store one (`record::FieldValue`).
pub trait Coded: Copy + 'static {
    /// What a stored code the workbench does not know reads as (the
    /// cautious reading: a breach of unknown risk is taken to be at risk).
    const FIRST: Self;
    fn code(self) -> &'static str;
    /// In words, as people read it ("Sub-processor").
    fn label(self) -> &'static str;
    fn parse(input: &str) -> Option<Self>;
    fn expected() -> String;
}

/// Declares `enum $name { $variant => ($code, $label), ... }` with `ALL`, `code`,
/// `label` and `parse` (accepting the code or the label, case-insensitively).
/// A new record starts with the first variant, or the one named after
/// `default` (`RiskLevel default Risk { … }`); a stored code this version does
/// not know reads as the first, or the one named after `unknown`.
#[macro_export]
macro_rules! code_enum {
    ($(#[$meta:meta])* $name:ident $(default $default:ident)? $(unknown $unknown:ident)?
     { $($variant:ident => ($code:literal, $label:literal)),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name { $($variant),+ }

        impl Default for $name {
            fn default() -> Self {
                $crate::code_enum!(@default $name $($default)?)
            }
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }

            pub fn parse(input: &str) -> Option<Self> {
                let input = input.trim();
                Self::ALL.iter().copied().find(|v| {
                    v.code().eq_ignore_ascii_case(input) || v.label().eq_ignore_ascii_case(input)
                })
            }

            /// (code, label) of every variant: the options of a choice field.
            pub fn options() -> Vec<(String, String)> {
                Self::ALL.iter().map(|v| (v.code().to_string(), v.label().to_string())).collect()
            }

            /// "a, b or c": the accepted codes, for error messages.
            pub fn expected() -> String {
                let codes: Vec<&str> = Self::ALL.iter().map(|v| v.code()).collect();
                match codes.split_last() {
                    Some((last, rest)) if !rest.is_empty() => format!("{} or {}", rest.join(", "), last),
                    _ => codes.join(""),
                }
            }
        }

        impl $crate::domain::code_enum::Coded for $name {
            const FIRST: Self = $crate::code_enum!(@default $name $($unknown)?);
            fn code(self) -> &'static str {
                $name::code(self)
            }
            fn label(self) -> &'static str {
                $name::label(self)
            }
            fn parse(input: &str) -> Option<Self> {
                $name::parse(input)
            }
            fn expected() -> String {
                $name::expected()
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.label())
            }
        }
    };
    (@default $name:ident) => { $name::ALL[0] };
    (@default $name:ident $default:ident) => { $name::$default };
}

#[cfg(test)]
#[allow(unreachable_pub)] // the test's own enum, made by the macro as the others are
mod tests {
    crate::code_enum!(Colour { Red => ("red", "Red"), DarkBlue => ("dark_blue", "Dark blue") });

    #[test]
    fn parses_codes_and_labels_case_insensitively() {
        assert_eq!(Colour::parse("dark_blue"), Some(Colour::DarkBlue));
        assert_eq!(Colour::parse(" Dark Blue "), Some(Colour::DarkBlue));
        assert_eq!(Colour::parse("RED"), Some(Colour::Red));
        assert_eq!(Colour::parse("green"), None);
        assert_eq!(Colour::expected(), "red or dark_blue");
        assert_eq!(
            Colour::options()[1],
            ("dark_blue".to_string(), "Dark blue".to_string())
        );
        assert_eq!(Colour::DarkBlue.to_string(), "Dark blue");
    }
}
