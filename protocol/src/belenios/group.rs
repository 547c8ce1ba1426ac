//! The two finite-field groups of Belenios 2.0 and their elements.
//!
//! `doc/specification.tex`, section "Group parameters"; FORMAT.md §1. Belenios 2.0 knows exactly
//! two groups, selected by name in the election's `group` field:
//!
//! * `BELENIOS-2048`: a FIPS 186-4 Schnorr group, 2048-bit `p`, 256-bit `q`;
//! * `RFC-3526-2048`: the 2048-bit MODP safe prime, `g = 2`, `q = (p−1)/2`.
//!
//! A value is a *group element* iff `0 ≤ x < p` and `x^q ≡ 1 (mod p)`
//! (`Group_field.check`); a *scalar* iff `0 ≤ x < q`. Both are carried as fixed-width
//! [`Uint`]s. Public values ([`Elem`], [`Scalar`]) are `Copy` and compared in variable time;
//! secrets ([`SecretScalar`]) are zeroized on drop, compared in constant time and only ever fed
//! to the constant-time operations of this module.
//!
//! # Arithmetic
//!
//! All modular multiplications use the Montgomery form of `crypto-bigint`
//! ([`FixedMontyForm`]), which is constant time. Exponentiations come in two flavours:
//! `*_vartime` (verification: public exponents, fastest path, zero digits skipped) and `*_ct`
//! (everything that involves a secret: constant-time exponent handling and table lookups).
//! Membership in the RFC 3526 group is decided with the Legendre symbol, which for a safe prime
//! is equivalent to `x^q = 1` (Euler's criterion) and far cheaper.

use std::fmt;
use std::sync::OnceLock;

use crypto_bigint::modular::{FixedMontyForm, FixedMontyParams};
use crypto_bigint::{NonZero, Odd};

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use subtle::{Choice, ConstantTimeEq, ConstantTimeLess};
use zeroize::{Zeroize, Zeroizing};

use super::error::Error;
use super::fixed_base::{self, FixedBase};
use super::num::{self, Uint};

/// Montgomery form of an integer modulo `p` or `q`.
pub(crate) type Mont = FixedMontyForm<{ Uint::LIMBS }>;
type MontParams = FixedMontyParams<{ Uint::LIMBS }>;

/// Name of the FIPS 186-4 group (`src/lib/v1/group.ml`).
pub const BELENIOS_2048: &str = "BELENIOS-2048";
/// Name of the RFC 3526 MODP group.
pub const RFC_3526_2048: &str = "RFC-3526-2048";

const BELENIOS_P: &str = "20694785691422546401013643657505008064922989295751104097100884787057374219242717401922237254497684338129066633138078958404960054389636289796393038773905722803605973749427671376777618898589872735865049081167099310535867780980030790491654063777173764198678527273474476341835600035698305193144284561701911000786737307333564123971732897913240474578834468260652327974647951137672658693582180046317922073668860052627186363386088796882120769432366149491002923444346373222145884100586421050242120365433561201320481118852408731077014151666200162313177169372189248078507711827842317498073276598828825169183103125680162072880719";
const BELENIOS_G: &str = "2402352677501852209227687703532399932712287657378364916510075318787663274146353219320285676155269678799694668298749389095083896573425601900601068477164491735474137283104610458681314511781646755400527402889846139864532661215055797097162016168270312886432456663834863635782106154918419982534315189740658186868651151358576410138882215396016043228843603930989333662772848406593138406010231675095763777982665103606822406635076697764025346253773085133173495194248967754052573659049492477631475991575198775177711481490920456600205478127054728238140972518639858334115700568353695553423781475582491896050296680037745308460627";
const BELENIOS_Q: &str =
    "78571733251071885079927659812671450121821421258408794611510081919805623223441";
const RFC_P: &str = "32317006071311007300338913926423828248817941241140239112842009751400741706634354222619689417363569347117901737909704191754605873209195028853758986185622153212175412514901774520270235796078236248884246189477587641105928646099411723245426622522193230540919037680524235519125679715870117001058055877651038861847280257976054903569732561526167081339361799541336476559160368317896729073178384589680639671900977202194168647225871031411336429319536193471636533209717077448227988588565369208645296636077250268955505928362751121174096972998068410554359584866583291642136218231078990999448652468262416972035911852507045361090559";
const RFC_Q: &str = "16158503035655503650169456963211914124408970620570119556421004875700370853317177111309844708681784673558950868954852095877302936604597514426879493092811076606087706257450887260135117898039118124442123094738793820552964323049705861622713311261096615270459518840262117759562839857935058500529027938825519430923640128988027451784866280763083540669680899770668238279580184158948364536589192294840319835950488601097084323612935515705668214659768096735818266604858538724113994294282684604322648318038625134477752964181375560587048486499034205277179792433291645821068109115539495499724326234131208486017955926253522680545279";

/// Window of the constant-time fixed-base tables.
pub(crate) const CT_WINDOW: u32 = 4;

/// Window of the variable-time fixed-base tables: 8 bits (32 multiplications per 256-bit
/// exponent, 2 MiB per base) for 256-bit `q`; 4 bits for the 2047-bit `q` of RFC 3526, where
/// 8-bit windows would need 16 MiB per base.
pub(crate) fn fast_window(q_bits: u32) -> u32 {
    if q_bits <= 512 { 8 } else { CT_WINDOW }
}

/// One of the two groups, with its precomputed generator table.
pub struct Group {
    name: &'static str,
    p: Uint,
    q: Uint,
    g: Elem,
    q_bits: u32,
    q_nz: NonZero<Uint>,
    p_odd: Odd<Uint>,
    p_params: MontParams,
    q_params: MontParams,
    safe_prime: bool,
    g_table: FixedBase,
    g_fast: OnceLock<FixedBase>,
}

impl fmt::Debug for Group {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Group").field("name", &self.name).finish()
    }
}

static BELENIOS: OnceLock<Group> = OnceLock::new();
static RFC: OnceLock<Group> = OnceLock::new();

impl Group {
    fn build(name: &'static str, p: &str, q: &str, g: &str, safe_prime: bool) -> Group {
        // The constants of this module are valid odd decimal numbers (checked by the tests).
        let p = num::parse_decimal(p).expect("group constant p");
        let q = num::parse_decimal(q).expect("group constant q");
        let g = num::parse_decimal(g).expect("group constant g");
        let p_odd: Odd<Uint> = Option::from(Odd::new(p)).expect("p is odd");
        let q_odd: Odd<Uint> = Option::from(Odd::new(q)).expect("q is odd");
        let p_params = MontParams::new_vartime(p_odd);
        let q_params = MontParams::new_vartime(q_odd);
        let q_bits = q.bit_width_vartime();
        let g_mont = Mont::new(&g, &p_params);
        Group {
            name,
            p,
            q,
            g: Elem(g),
            q_bits,
            q_nz: *q_odd.as_nz_ref(),
            p_odd,
            p_params,
            q_params,
            safe_prime,
            g_table: FixedBase::new(&g_mont, q_bits, CT_WINDOW),
            g_fast: OnceLock::new(),
        }
    }

    /// The group called `name` in an election (`BELENIOS-2048` or `RFC-3526-2048`).
    pub fn by_name(name: &str) -> Result<&'static Group, Error> {
        match name {
            BELENIOS_2048 => Ok(Self::belenios_2048()),
            RFC_3526_2048 => Ok(Self::rfc_3526_2048()),
            other => Err(Error::UnknownGroup(num::truncate(other))),
        }
    }

    /// The BELENIOS-2048 group (256-bit `q`), the default of Belenios 2.0.
    pub fn belenios_2048() -> &'static Group {
        BELENIOS
            .get_or_init(|| Self::build(BELENIOS_2048, BELENIOS_P, BELENIOS_Q, BELENIOS_G, false))
    }

    /// The RFC 3526 2048-bit MODP group (`g = 2`, 2047-bit `q`).
    pub fn rfc_3526_2048() -> &'static Group {
        RFC.get_or_init(|| Self::build(RFC_3526_2048, RFC_P, RFC_Q, "2", true))
    }

    /// The group's name as written in the election (`group` field) and in `pok|…` prefixes.
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// The generator `g`.
    pub fn generator(&self) -> Elem {
        self.g
    }

    /// The order `q` of the group.
    pub fn order(&self) -> Scalar {
        Scalar(self.q)
    }

    pub(crate) fn q_bits(&self) -> u32 {
        self.q_bits
    }

    // ---- validity -------------------------------------------------------------------------

    /// Whether `x` is a group element: `0 ≤ x < p` and `x^q = 1` (`Group_field.check`).
    pub fn is_element(&self, x: &Elem) -> bool {
        if x.0 >= self.p {
            return false;
        }
        if self.safe_prime {
            // Euler's criterion: x^((p-1)/2) = (x | p); 0 has symbol 0.
            matches!(
                x.0.jacobi_symbol_vartime(&self.p_odd),
                crypto_bigint::JacobiSymbol::One
            )
        } else {
            fixed_base::pow_vartime(&self.to_mont(x), &self.q) == self.one()
        }
    }

    /// Fails with [`Error::NotInGroup`] unless `x` is a group element.
    pub fn check_element(&self, x: &Elem, what: &str) -> Result<(), Error> {
        if self.is_element(x) {
            Ok(())
        } else {
            Err(Error::NotInGroup(what.to_owned()))
        }
    }

    /// Whether `s < q` (`check_modulo q`).
    pub fn is_scalar(&self, s: &Scalar) -> bool {
        s.0 < self.q
    }

    /// Fails with [`Error::ScalarOutOfRange`] unless `s < q`.
    pub fn check_scalar(&self, s: &Scalar, what: &str) -> Result<(), Error> {
        if self.is_scalar(s) {
            Ok(())
        } else {
            Err(Error::ScalarOutOfRange(what.to_owned()))
        }
    }

    // ---- Montgomery helpers ----------------------------------------------------------------

    pub(crate) fn to_mont(&self, x: &Elem) -> Mont {
        Mont::new(&x.0, &self.p_params)
    }

    pub(crate) fn elem_of(&self, m: &Mont) -> Elem {
        Elem(m.retrieve())
    }

    pub(crate) fn one(&self) -> Mont {
        Mont::one(&self.p_params)
    }

    /// `g^e`, variable time (the large-window table is built on first use).
    pub(crate) fn g_pow_vartime(&self, e: &Uint) -> Mont {
        let w = fast_window(self.q_bits);
        if w == CT_WINDOW {
            return self.g_table.pow_vartime(e);
        }
        self.g_fast
            .get_or_init(|| FixedBase::new(&self.to_mont(&self.g), self.q_bits, w))
            .pow_vartime(e)
    }

    /// `[b^e for e in exps]` for public exponents below `q`, sharing squarings.
    pub(crate) fn pow_many_vartime(&self, b: &Mont, exps: &[&Uint]) -> Vec<Mont> {
        fixed_base::pow_many_vartime(b, exps, self.q_bits)
    }

    /// `b^e` for a public base and exponent (variable time, sliding window).
    pub(crate) fn pow_vartime(&self, b: &Mont, e: &Uint) -> Mont {
        fixed_base::pow_vartime(b, e)
    }

    /// Whether `p = 2q + 1` (membership is then a Legendre symbol).
    pub(crate) fn is_safe_prime(&self) -> bool {
        self.safe_prime
    }

    /// `x < p` (the cheap half of the membership test).
    pub(crate) fn below_p(&self, x: &Elem) -> bool {
        x.0 < self.p
    }

    /// The modulus `p`.
    #[cfg(test)]
    pub(crate) fn p_uint(&self) -> &Uint {
        &self.p
    }

    /// The order `q` as an exponent.
    pub(crate) fn q_uint(&self) -> &Uint {
        &self.q
    }

    /// `g^e`, constant time in `e` (which must be reduced modulo `q`).
    pub(crate) fn g_pow_ct(&self, e: &Uint) -> Mont {
        self.g_table.pow_ct(e)
    }

    /// `g^{-m}` for a small public integer (offsets `d_i` of disjunctive proofs).
    pub(crate) fn g_pow_neg_small(&self, m: u64) -> Mont {
        let e = self.reduce_vartime(&num::from_u64(m));
        if e == Uint::ZERO {
            return self.one();
        }
        self.g_pow_vartime(&self.q.wrapping_sub(&e))
    }

    /// `b^e`, constant time in `e` (reduced modulo `q`), for a variable base `b`.
    pub(crate) fn pow_ct(&self, b: &Mont, e: &Uint) -> Mont {
        b.pow_bounded_exp(e, self.q_bits)
    }

    /// `x^{-1} mod p` for a public element (variable time).
    pub(crate) fn invert_vartime(&self, x: &Mont) -> Option<Mont> {
        Option::from(x.invert_vartime())
    }

    // ---- scalar arithmetic modulo q (constant time) ----------------------------------------

    pub(crate) fn scalar_add(&self, a: &Uint, b: &Uint) -> Uint {
        a.add_mod(b, &self.q_nz)
    }

    pub(crate) fn scalar_sub(&self, a: &Uint, b: &Uint) -> Uint {
        a.sub_mod(b, &self.q_nz)
    }

    pub(crate) fn scalar_mul(&self, a: &Uint, b: &Uint) -> Uint {
        let am = FixedMontyForm::new(a, &self.q_params);
        let bm = FixedMontyForm::new(b, &self.q_params);
        am.mul(&bm).retrieve()
    }

    /// `a^{-1} mod q` for a public scalar.
    pub(crate) fn scalar_inv_vartime(&self, a: &Uint) -> Option<Uint> {
        let m = FixedMontyForm::new(a, &self.q_params);
        Option::<Mont>::from(m.invert_vartime()).map(|i| i.retrieve())
    }

    /// `w − x·c mod q`: the response of every Fiat–Shamir proof of this protocol.
    pub(crate) fn response(&self, w: &SecretScalar, x: &SecretScalar, c: &Uint) -> Uint {
        let mut xc = Zeroizing::new(self.scalar_mul(&x.0, c));
        let r = self.scalar_sub(&w.0, &xc);
        xc.zeroize();
        r
    }

    /// Reduces a public value modulo `q` (variable time).
    pub(crate) fn reduce_vartime(&self, x: &Uint) -> Uint {
        x.rem_vartime(&self.q_nz)
    }

    /// Reduces a secret value modulo `q` in constant time.
    pub(crate) fn reduce_ct(&self, x: &Uint) -> Uint {
        x.rem(&self.q_nz)
    }

    /// Whether a secret candidate is `< q`, in constant time.
    pub(crate) fn ct_lt_q(&self, x: &Uint) -> Choice {
        x.ct_lt(&self.q)
    }
}

macro_rules! decimal_newtype {
    ($(#[$doc:meta])* $name:ident, $what:literal) => {
        $(#[$doc])*
        #[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(pub(crate) Uint);

        impl $name {
            /// Parses a canonical decimal string (no range check: see [`Group`]).
            pub fn from_decimal(s: &str) -> Result<Self, Error> {
                num::parse_decimal(s).map(Self)
            }

            /// The canonical decimal string.
            pub fn to_decimal(&self) -> String {
                num::to_decimal(&self.0)
            }

            /// A small value.
            pub fn from_u64(x: u64) -> Self {
                Self(num::from_u64(x))
            }

            /// Big-endian bytes (256 bytes).
            pub fn to_be_bytes(&self) -> Vec<u8> {
                self.0.to_be_bytes().as_ref().to_vec()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.to_decimal())
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                let s = self.to_decimal();
                if s.len() > 24 {
                    write!(f, "{}({}…{})", stringify!($name), &s[..10], &s[s.len() - 10..])
                } else {
                    write!(f, "{}({})", stringify!($name), s)
                }
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(&self.to_decimal())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
                Self::from_decimal(&s).map_err(|_| {
                    serde::de::Error::custom(concat!("expected ", $what, " as a decimal string"))
                })
            }
        }
    };
}

decimal_newtype!(
    /// A public number that is meant to be a group element (validity is checked by
    /// [`Group::check_element`], not at parse time).
    Elem,
    "a group element"
);
decimal_newtype!(
    /// A public number that is meant to be a scalar modulo `q` (challenges, responses;
    /// range checked by [`Group::check_scalar`]).
    Scalar,
    "a scalar"
);

/// A secret exponent in `[0, q)`: encryption randomness, proof nonces, credential secrets,
/// trustee private keys. Zeroized on drop, compared in constant time, never printed.
pub struct SecretScalar(pub(crate) Uint);

impl SecretScalar {
    /// Wraps a value that the caller has already reduced modulo `q`.
    pub(crate) fn from_reduced(x: Uint) -> Self {
        Self(x)
    }

    /// Parses a decimal private key (`ID.privkey`, `"<decimal x>"`), rejecting values `≥ q`.
    pub fn from_decimal(group: &Group, s: &str) -> Result<Self, Error> {
        let x = num::parse_decimal(s).map_err(|_| Error::Number("private key".into()))?;
        let in_range: bool = group.ct_lt_q(&x).into();
        if in_range {
            Ok(Self(x))
        } else {
            Err(Error::ScalarOutOfRange("private key".into()))
        }
    }

    /// The decimal string (for export of a trustee key only), wiped on drop.
    pub fn to_decimal(&self) -> Zeroizing<String> {
        Zeroizing::new(num::to_decimal(&self.0))
    }

    /// The public counterpart `g^x`.
    pub fn public(&self, group: &Group) -> Elem {
        group.elem_of(&group.g_pow_ct(&self.0))
    }
}

impl Drop for SecretScalar {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

impl ConstantTimeEq for SecretScalar {
    fn ct_eq(&self, other: &Self) -> Choice {
        self.0.ct_eq(&other.0)
    }
}

impl PartialEq for SecretScalar {
    fn eq(&self, other: &Self) -> bool {
        self.ct_eq(other).into()
    }
}

impl Eq for SecretScalar {}

impl fmt::Debug for SecretScalar {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretScalar(<redacted>)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generators_are_elements_and_orders_match() {
        for g in [Group::belenios_2048(), Group::rfc_3526_2048()] {
            assert!(g.is_element(&g.generator()));
            assert!(g.is_element(&Elem::from_u64(1)));
            assert!(!g.is_element(&Elem::from_u64(0)));
            assert!(!g.is_element(&Elem(g.p)));
            // p - 1 has order 2: never in a group of odd order q.
            let pm1 = Elem(g.p.wrapping_sub(&Uint::ONE));
            assert!(!g.is_element(&pm1));
            // g^q = 1 through both exponentiation paths.
            assert_eq!(g.g_pow_vartime(&g.q), g.one());
            let x = g.reduce_vartime(&Uint::from_u64(123_456_789));
            assert_eq!(g.g_pow_ct(&x), g.g_pow_vartime(&x));
            assert_eq!(g.g_pow_ct(&x), g.to_mont(&g.generator()).pow_vartime(&x));
        }
        assert_eq!(Group::belenios_2048().q_bits(), 256);
        assert_eq!(Group::rfc_3526_2048().q_bits(), 2047);
        assert!(Group::by_name("Ed25519").is_err());
    }

    #[test]
    fn legendre_membership_matches_exponentiation() {
        let g = Group::rfc_3526_2048();
        let pm2 = g.p.wrapping_sub(&Uint::from_u64(2));
        for x in [2u64, 3, 5, 7, 11, 12345]
            .map(Uint::from_u64)
            .into_iter()
            .chain([pm2])
        {
            let by_pow = g.to_mont(&Elem(x)).pow_vartime(&g.q) == g.one();
            assert_eq!(g.is_element(&Elem(x)), by_pow);
        }
    }

    #[test]
    fn scalar_range() {
        let g = Group::belenios_2048();
        assert!(g.is_scalar(&Scalar(g.q.wrapping_sub(&Uint::ONE))));
        assert!(!g.is_scalar(&Scalar(g.q)));
    }
}
