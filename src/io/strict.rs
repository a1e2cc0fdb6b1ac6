//! A deserializer wrapper that holds the agenda format to its own rules
//! where serde's defaults are looser, and keeps messages one short line.
//!
//! - A record (a struct) is read from a JSON object only. Derived
//!   `Deserialize` also accepts an array of the field values in order
//!   (`["BY", "Belarus"]` for a state), which the format does not allow.
//! - A value that serde echoes in a message (an unknown field or variant,
//!   a string of the wrong type) is shown through [`Quoted`]: escaped, and
//!   cut when long. The visitors that make those messages are handed
//!   [`Msg`] as their error type, whose constructors do the quoting; the
//!   message then goes back to the parser's error type through `custom`,
//!   so the parser still adds the position.
//!
//! Every `deserialize_*` that the parser would answer with its own
//! "invalid type" message, echoing a string whole, goes through
//! `deserialize_any` instead, so that the message is the visitor's.

use std::fmt;

use serde::de::{
    self, DeserializeSeed, Deserializer, EnumAccess, Expected, MapAccess, SeqAccess, Unexpected,
    VariantAccess, Visitor,
};

use crate::error::Quoted;

/// The wrapper around a deserializer.
pub(crate) struct Strict<D>(pub(crate) D);

/// A message made by a visitor, with every echoed value quoted.
#[derive(Debug)]
struct Msg(String);

impl fmt::Display for Msg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Msg {}

/// An unexpected value as a message names it, quoting any text.
struct Shown<'a>(Unexpected<'a>);

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Unexpected::Str(s) => write!(f, "string {}", Quoted(s)),
            Unexpected::Char(c) => write!(f, "character {}", Quoted(c.encode_utf8(&mut [0; 4]))),
            Unexpected::Bytes(_) => f.write_str("byte array"),
            other => write!(f, "{other}"),
        }
    }
}

/// The names a field or variant could have had, as serde lists them.
struct OneOf(&'static [&'static str]);

impl fmt::Display for OneOf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            [] => Ok(()),
            [one] => write!(f, "`{one}`"),
            [a, b] => write!(f, "`{a}` or `{b}`"),
            [first, rest @ ..] => {
                write!(f, "one of `{first}`")?;
                for name in rest {
                    write!(f, ", `{name}`")?;
                }
                Ok(())
            }
        }
    }
}

impl de::Error for Msg {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Msg(msg.to_string())
    }

    fn invalid_type(unexp: Unexpected<'_>, exp: &dyn Expected) -> Self {
        Msg(format!("invalid type: {}, expected {exp}", Shown(unexp)))
    }

    fn invalid_value(unexp: Unexpected<'_>, exp: &dyn Expected) -> Self {
        Msg(format!("invalid value: {}, expected {exp}", Shown(unexp)))
    }

    fn unknown_variant(variant: &str, expected: &'static [&'static str]) -> Self {
        Msg(if expected.is_empty() {
            format!("unknown variant {}, there are no variants", Quoted(variant))
        } else {
            format!(
                "unknown variant {}, expected {}",
                Quoted(variant),
                OneOf(expected)
            )
        })
    }

    fn unknown_field(field: &str, expected: &'static [&'static str]) -> Self {
        Msg(if expected.is_empty() {
            format!("unknown field {}, there are no fields", Quoted(field))
        } else {
            format!(
                "unknown field {}, expected {}",
                Quoted(field),
                OneOf(expected)
            )
        })
    }
}

/// Runs a visitor's leaf method with [`Msg`] as its error type and hands
/// the message back as the parser's error.
macro_rules! leaf {
    ($($method:ident($ty:ty);)*) => {
        $(
            fn $method<E: de::Error>(self, v: $ty) -> Result<V::Value, E> {
                self.inner.$method::<Msg>(v).map_err(E::custom)
            }
        )*
    };
}

/// A visitor wrapped so that what it visits is wrapped too.
struct Wrap<V> {
    inner: V,
    /// Whether `inner` reads a record, which an array must not be.
    record: bool,
}

impl<V> Wrap<V> {
    fn value(inner: V) -> Self {
        Wrap {
            inner,
            record: false,
        }
    }

    fn record(inner: V) -> Self {
        Wrap {
            inner,
            record: true,
        }
    }
}

impl<'de, V: Visitor<'de>> Visitor<'de> for Wrap<V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.inner.expecting(f)
    }

    leaf! {
        visit_bool(bool);
        visit_i8(i8);
        visit_i16(i16);
        visit_i32(i32);
        visit_i64(i64);
        visit_i128(i128);
        visit_u8(u8);
        visit_u16(u16);
        visit_u32(u32);
        visit_u64(u64);
        visit_u128(u128);
        visit_f32(f32);
        visit_f64(f64);
        visit_char(char);
        visit_str(&str);
        visit_borrowed_str(&'de str);
        visit_string(String);
        visit_bytes(&[u8]);
        visit_borrowed_bytes(&'de [u8]);
        visit_byte_buf(Vec<u8>);
    }

    fn visit_none<E: de::Error>(self) -> Result<V::Value, E> {
        self.inner.visit_none::<Msg>().map_err(E::custom)
    }

    fn visit_unit<E: de::Error>(self) -> Result<V::Value, E> {
        self.inner.visit_unit::<Msg>().map_err(E::custom)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<V::Value, D::Error> {
        self.inner.visit_some(Strict(d))
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<V::Value, D::Error> {
        self.inner.visit_newtype_struct(Strict(d))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<V::Value, A::Error> {
        if self.record {
            // The derived visitor would name the Rust type ("struct Due").
            return Err(de::Error::invalid_type(Unexpected::Seq, &"an object"));
        }
        self.inner.visit_seq(Strict(seq))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
        self.inner.visit_map(Strict(map))
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<V::Value, A::Error> {
        self.inner.visit_enum(Strict(data))
    }
}

/// Deserializes through the parser's `deserialize_any`, wrapped.
macro_rules! via_any {
    ($($method:ident$(($($arg:ident: $ty:ty),*))?;)*) => {
        $(
            fn $method<V: Visitor<'de>>(self, $($($arg: $ty,)*)? visitor: V) -> Result<V::Value, D::Error> {
                $($(let _ = $arg;)*)?
                self.0.deserialize_any(Wrap::value(visitor))
            }
        )*
    };
}

/// Deserializes through the parser's method of the same name, wrapped.
macro_rules! same {
    ($($method:ident$(($($arg:ident: $ty:ty),*))?;)*) => {
        $(
            fn $method<V: Visitor<'de>>(self, $($($arg: $ty,)*)? visitor: V) -> Result<V::Value, D::Error> {
                self.0.$method($($($arg,)*)? Wrap::value(visitor))
            }
        )*
    };
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for Strict<D> {
    type Error = D::Error;

    via_any! {
        deserialize_any;
        deserialize_bool;
        deserialize_i8;
        deserialize_i16;
        deserialize_i32;
        deserialize_i64;
        deserialize_i128;
        deserialize_u8;
        deserialize_u16;
        deserialize_u32;
        deserialize_u64;
        deserialize_u128;
        deserialize_f32;
        deserialize_f64;
        deserialize_unit;
        deserialize_unit_struct(name: &'static str);
        deserialize_seq;
        deserialize_tuple(len: usize);
        deserialize_tuple_struct(name: &'static str, len: usize);
        deserialize_map;
    }

    same! {
        deserialize_char;
        deserialize_str;
        deserialize_string;
        deserialize_bytes;
        deserialize_byte_buf;
        deserialize_option;
        deserialize_newtype_struct(name: &'static str);
        deserialize_identifier;
        deserialize_enum(name: &'static str, variants: &'static [&'static str]);
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_any(Wrap::record(visitor))
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.0.deserialize_ignored_any(visitor)
    }

    fn is_human_readable(&self) -> bool {
        self.0.is_human_readable()
    }
}

/// A seed whose deserializer is wrapped.
struct Seed<S>(S);

impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for Seed<S> {
    type Value = S::Value;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<S::Value, D::Error> {
        self.0.deserialize(Strict(d))
    }
}

/// A list's elements, each wrapped.
///
/// Where the parser cannot tell how many elements are left (JSON never
/// can), the hint is one: most lists of an agenda hold one element (a
/// source), which a `Vec` sized from no hint would hold in room for four.
/// The hint only sizes the first allocation; a longer list grows as usual.
impl<'de, A: SeqAccess<'de>> SeqAccess<'de> for Strict<A> {
    type Error = A::Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, A::Error> {
        self.0.next_element_seed(Seed(seed))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.0.size_hint().unwrap_or(1))
    }
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Strict<A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        self.0.next_key_seed(Seed(seed))
    }

    fn next_value_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<T::Value, A::Error> {
        self.0.next_value_seed(Seed(seed))
    }

    fn size_hint(&self) -> Option<usize> {
        self.0.size_hint()
    }
}

impl<'de, A: EnumAccess<'de>> EnumAccess<'de> for Strict<A> {
    type Error = A::Error;
    type Variant = Strict<A::Variant>;

    fn variant_seed<T: DeserializeSeed<'de>>(
        self,
        seed: T,
    ) -> Result<(T::Value, Strict<A::Variant>), A::Error> {
        self.0
            .variant_seed(Seed(seed))
            .map(|(value, variant)| (value, Strict(variant)))
    }
}

impl<'de, A: VariantAccess<'de>> VariantAccess<'de> for Strict<A> {
    type Error = A::Error;

    fn unit_variant(self) -> Result<(), A::Error> {
        self.0.unit_variant()
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, A::Error> {
        self.0.newtype_variant_seed(Seed(seed))
    }

    fn tuple_variant<V: Visitor<'de>>(self, len: usize, visitor: V) -> Result<V::Value, A::Error> {
        self.0.tuple_variant(len, Wrap::value(visitor))
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, A::Error> {
        self.0.struct_variant(fields, Wrap::record(visitor))
    }
}
